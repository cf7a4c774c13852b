/* scenario_customer: the optional top-level "customer" object (an extension of format 1): who
 * the customer is, so that the window can draw a face of their own.
 *
 *   "customer": {"name": text, "gender": "female" | "male" | "unspecified",
 *                "age": "young" | "middle" | "senior",
 *                "style": "formal" | "smart" | "casual" | "uniform",
 *                "glasses": true | false, "mood": "angry"}
 *
 * Every member is optional. "name" is who speaks the "customer" lines, as the older top-level
 * "counterpart" says: giving both is an error. "mood" is the mood before any node gives one
 * (a call that starts right after the customer hung up). */
#include "scenario_parse.h"

#include <stdio.h>
#include <string.h>

#include "suggest.h"

/* One closed list of words: the value's index in `words`, reported otherwise. */
typedef struct {
    const char *key;
    const char *const *words;
    int n;
} WordList;

static const char *const GENDERS[] = {"female", "male", "unspecified"};
static const char *const AGES[] = {"young", "middle", "senior"};
static const char *const STYLES[] = {"formal", "smart", "casual", "uniform"};

/* The current value, one of the list's words: its index; -1 (reported) otherwise. */
static int get_word(L *l, const cJSON *it, WordList w)
{
    char list[160] = "";
    size_t n = 0;
    for (int i = 0; i < w.n && n < sizeof list; i++)
        n += (size_t)snprintf(list + n, sizeof list - n, "%s\"%s\"", i == 0 ? "" : i == w.n - 1 ? " or " : ", ",
                              w.words[i]);
    if (!cJSON_IsString(it)) {
        sl_err(l, "\"%s\" must be %s, not %s", w.key, list, sl_type_name(it));
        return -1;
    }
    for (int i = 0; i < w.n; i++)
        if (!strcmp(it->valuestring, w.words[i]))
            return i;
    const char *near = suggest_nearest(it->valuestring, w.words, w.n);
    sl_err(l, "\"%s\" must be %s, not \"%s\"%s%s%s", w.key, list, SHOWN(it->valuestring),
           near ? "; did you mean \"" : "", near ? near : "", near ? "\"?" : "");
    return -1;
}

/* Member `w.key` of obj, one of the list's words: its index + 1, or 0 when absent or invalid. */
static int member_word(L *l, const cJSON *obj, WordList w)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, w.key);
    if (!it)
        return 0;
    size_t mark = sl_path_push(l, w.key);
    int i = get_word(l, it, w);
    sl_path_pop(l, mark);
    return i + 1;
}

static void get_name(L *l, const cJSON *obj)
{
    Scenario *sc = l->sc;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(obj, "name");
    if (!name)
        return;
    if (sc->counterpart.by_locale || cJSON_GetObjectItemCaseSensitive(l->root, "counterpart")) {
        sl_err_at(l, "name", true,
                  "the customer's name is given twice, here and in \"counterpart\"; keep this one and "
                  "remove \"counterpart\" (its older form)");
        return;
    }
    sl_text_field(l, name, "name", &sc->counterpart, false, "the customer's name");
}

static void get_flags(L *l, const cJSON *obj, ScCustomer *c)
{
    const cJSON *glasses = cJSON_GetObjectItemCaseSensitive(obj, "glasses");
    if (glasses) {
        if (!cJSON_IsBool(glasses))
            sl_err_at(l, "glasses", false, "\"glasses\" must be true or false, not %s", sl_type_name(glasses));
        else
            c->glasses = cJSON_IsTrue(glasses);
    }
    const cJSON *mood = cJSON_GetObjectItemCaseSensitive(obj, "mood");
    if (mood) {
        size_t mark = sl_path_push(l, "mood");
        const char *s = sl_get_string(l, mood, "\"mood\"");
        if (s)
            c->mood = sl_strdup(l, s);
        sl_path_pop(l, mark);
    }
}

void sl_get_customer(L *l, const cJSON *root)
{
    static const char *const known[] = {"name", "gender", "age", "style", "glasses", "mood", NULL};
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, "customer");
    if (!it)
        return;
    ScCustomer *c = &l->sc->customer;
    size_t mark = sl_path_push(l, "customer");
    if (!cJSON_IsObject(it)) {
        sl_err(l, "\"customer\" must be an object such as {\"name\": ..., \"gender\": \"female\", \"age\": "
                  "\"middle\", \"style\": \"formal\"}, not %s",
               sl_type_name(it));
        sl_path_pop(l, mark);
        return;
    }
    c->given = true;
    sl_check_keys(l, it, known, "the customer");
    get_name(l, it);
    int g = member_word(l, it, (WordList){"gender", GENDERS, 3});
    int a = member_word(l, it, (WordList){"age", AGES, 3});
    int s = member_word(l, it, (WordList){"style", STYLES, 4});
    /* AGES and STYLES are in their enums' order, after UNSPECIFIED */
    c->gender = g == 1 ? SC_GENDER_FEMALE : g == 2 ? SC_GENDER_MALE : SC_GENDER_UNSPECIFIED;
    c->age = a > 0 ? (ScAge)a : SC_AGE_UNSPECIFIED;
    c->style = s > 0 ? (ScStyle)s : SC_STYLE_UNSPECIFIED;
    get_flags(l, it, c);
    sl_path_pop(l, mark);
}
