/* sheet_customer: the scenario's "customer" in a sheet. Its name goes in the language columns
 * of the setting row "customer"; its traits in the "value" cell, as words KEY=VALUE:
 * "gender=female age=middle style=formal glasses=yes mood=angry". The loader checks the values. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sheet_internal.h"

static const char *const WORDS[] = {"gender", "age", "style", "mood"};

void sheet_customer_format(TextBuf *b, const cJSON *customer)
{
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++) {
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(customer, WORDS[i]);
        if (cJSON_IsString(w))
            textbuf_printf(b, "%s%s=%s", b->len ? " " : "", WORDS[i], w->valuestring);
    }
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(customer, "glasses");
    if (cJSON_IsBool(g))
        textbuf_printf(b, "%sglasses=%s", b->len ? " " : "", cJSON_IsTrue(g) ? "yes" : "no");
}

bool sheet_customer_parse(char *cell, cJSON *customer, char *msg, size_t size)
{
    for (char *tok = strtok(cell, " ,;\t"); tok; tok = strtok(NULL, " ,;\t")) {
        char *eq = strchr(tok, '=');
        if (eq)
            *eq++ = '\0';
        bool word = false;
        for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0] && eq && *eq; i++)
            word |= !strcmp(tok, WORDS[i]);
        bool yes = eq && !strcmp(eq, "yes"), glasses = eq && !strcmp(tok, "glasses") && (yes || !strcmp(eq, "no"));
        cJSON *v = word ? cJSON_CreateString(eq) : glasses ? cJSON_CreateBool(yes) : NULL;
        if (!v || !cJSON_AddItemToObject(customer, tok, v)) {
            cJSON_Delete(v);
            snprintf(msg, size,
                     "the customer's value is written \"gender=female age=middle style=formal\" (and "
                     "\"glasses=yes\", \"mood=angry\"); \"%s\" is not understood",
                     tok);
            return false;
        }
    }
    return true;
}

int sheet_yes_no(char *s)
{
    static const char *const yes[] = {"yes", "true", "x", "1", "\xe6\x98\xaf"}, *const no[] = {"no", "false", "0", "\xe5\x90\xa6"};
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!strcmp(s, yes[i]))
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (!strcmp(s, no[i]))
            return 0;
    return -1;
}
