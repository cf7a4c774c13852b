/* scenario_nodes: a node, its choices, its timer and timeout outcome, its sound. */
#include "scenario_parse.h"

#include <errno.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const BUILTIN_CUES[] = {"ring", "pickup", "hangup", "busy", "chime", "tick"};

/* ---- choices and outcomes ---- */

/* "technique" (the current value): a string or an array of strings. */
static void get_techniques(L *l, const cJSON *it, ScChoice *c)
{
    if (cJSON_IsString(it)) {
        const char *s = sl_get_string(l, it, "\"technique\"");
        if (s) {
            c->techniques = sl_array(l, 1, sizeof(char *));
            c->techniques[c->ntechniques++] = sl_strdup(l, s);
        }
        return;
    }
    if (!cJSON_IsArray(it)) {
        sl_err(l, "\"technique\" must be a string or an array of strings, not %s", sl_type_name(it));
        return;
    }
    int n = cJSON_GetArraySize(it), i = 0;
    c->techniques = sl_array(l, (size_t)n, sizeof(char *));
    const cJSON *t;
    cJSON_ArrayForEach(t, it)
    {
        size_t mark = sl_path_push_index(l, i++);
        const char *s = sl_get_string(l, t, "a technique");
        if (s)
            c->techniques[c->ntechniques++] = sl_strdup(l, s);
        sl_path_pop(l, mark);
    }
}

/* The optional "technique" and "critical" of a choice or a timeout outcome. */
static void get_marks(L *l, const cJSON *technique, const cJSON *critical, ScChoice *c)
{
    if (technique) {
        size_t mark = sl_path_push(l, "technique");
        get_techniques(l, technique, c);
        sl_path_pop(l, mark);
    }
    if (critical) {
        size_t mark = sl_path_push(l, "critical");
        if (!cJSON_IsBool(critical))
            sl_err(l, "\"critical\" must be true (or false), not %s", sl_type_name(critical));
        else
            c->critical = cJSON_IsTrue(critical);
        sl_path_pop(l, mark);
    }
}

static void get_choice(L *l, const cJSON *it, int pos, ScChoice *c)
{
    enum { ID, TEXT, REQUIRES, SCORE, EFFECTS, FEEDBACK, NEXT, TECHNIQUE, CRITICAL, NFIELDS };
    static const char *const known[NFIELDS + 1] = {"id",       "text", "requires",  "score",    "effects",
                                                   "feedback", "next", "technique", "critical", NULL};
    char def[16];
    snprintf(def, sizeof def, "%d", pos + 1);
    c->next.node = -1;
    if (!cJSON_IsObject(it)) {
        c->id = sl_strdup(l, def);
        sl_err(l, "a choice must be an object, not %s", sl_type_name(it));
        return;
    }
    const cJSON *f[NFIELDS];
    sl_fields(l, it, known, f, "a choice");
    c->id = NULL;
    if (f[ID]) {
        size_t mark = sl_path_push(l, "id");
        if (!cJSON_IsString(f[ID]))
            sl_err(l, "a choice id must be a string, not %s", sl_type_name(f[ID]));
        else if (sl_check_id(l, f[ID]->valuestring, "choice", false))
            c->id = sl_strdup(l, f[ID]->valuestring);
        sl_path_pop(l, mark);
    }
    if (!c->id)
        c->id = sl_strdup(l, def);
    sl_text_field(l, f[TEXT], "text", &c->text, true, "a choice's text");
    if (f[REQUIRES]) {
        size_t mark = sl_path_push(l, "requires");
        sl_get_condition(l, f[REQUIRES], c);
        sl_path_pop(l, mark);
    }
    if (f[SCORE]) {
        size_t mark = sl_path_push(l, "score");
        sl_get_score(l, f[SCORE], c);
        sl_path_pop(l, mark);
    }
    sl_effects_field(l, f[EFFECTS], &c->effects);
    sl_text_field(l, f[FEEDBACK], "feedback", &c->feedback, false, "feedback");
    get_marks(l, f[TECHNIQUE], f[CRITICAL], c);
    sl_goto_field(l, f[NEXT], &c->next);
}

/* A timeout outcome (the current value), stored as a choice with id "timeout". */
ScChoice *sl_get_outcome(L *l, const cJSON *it)
{
    static const char *const known[] = {"next", "score", "effects", "feedback", "technique", "critical", NULL};
    if (!cJSON_IsObject(it)) {
        sl_err(l, "\"timeout\" must be an outcome object {\"next\": ..., \"score\": ..., \"effects\": ..., "
               "\"feedback\": ...}, not %s",
            sl_type_name(it));
        return NULL;
    }
    ScChoice *c = sl_alloc(l, sizeof *c);
    c->id = sl_strdup(l, "timeout");
    sl_check_keys(l, it, known, "a timeout outcome");
    const cJSON *score = cJSON_GetObjectItemCaseSensitive(it, "score");
    if (score) {
        size_t mark = sl_path_push(l, "score");
        sl_get_score(l, score, c);
        sl_path_pop(l, mark);
    }
    sl_member_effects(l, it, &c->effects);
    sl_member_text(l, it, "feedback", &c->feedback, false, "feedback");
    get_marks(l, cJSON_GetObjectItemCaseSensitive(it, "technique"), cJSON_GetObjectItemCaseSensitive(it, "critical"), c);
    sl_member_goto(l, it, &c->next);
    return c;
}

/* A time limit in seconds (the current value). */
bool sl_get_time_limit(L *l, const cJSON *it, double *out)
{
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble) || it->valuedouble < 0) {
        sl_err(l, "\"time_limit\" must be a number of seconds, 0 or more");
        return false;
    }
    if (it->valuedouble > SC_MAX_TIME_LIMIT) {
        sl_err(l, "\"time_limit\" %g is too long; the limit is %.0f seconds (a day)", it->valuedouble,
            SC_MAX_TIME_LIMIT);
        return false;
    }
    *out = it->valuedouble;
    return true;
}

/* ---- sounds ---- */

static bool path_leaves(const char *p)
{
    if (p[0] == '/' || p[0] == '\\')
        return true;
    if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':')
        return true;
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/\\");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return true;
        s += n;
        if (*s)
            s++;
    }
    return false;
}

static void get_sound(L *l, const cJSON *it, ScNode *n)
{
    const char *s = sl_get_string(l, it, "\"sound\"");
    if (!s)
        return;
    for (size_t i = 0; i < sizeof BUILTIN_CUES / sizeof BUILTIN_CUES[0]; i++)
        if (!strcmp(s, BUILTIN_CUES[i])) {
            n->sound = sl_strdup(l, s);
            n->sound_builtin = true;
            return;
        }
    if (!*s) {
        sl_err(l, "\"sound\" is empty: give a cue (ring, pickup, hangup, busy, chime, tick) or a WAV file path");
        return;
    }
    if (path_leaves(s)) {
        sl_err(l, "sound path \"%s\" leaves the scenario's folder; give a path relative to the scenario file, "
               "inside its folder",
            SHOWN(s));
        return;
    }
    if (!strchr(s, '/') && !strchr(s, '.')) {
        sl_err(l, "unknown sound cue \"%s\"; the cues are ring, pickup, hangup, busy, chime and tick (or give a "
               "WAV file path)",
            SHOWN(s));
        return;
    }
    if (!l->dir) {
        n->sound = sl_strdup(l, s);
        return;
    }
    if (!l->dir_real && !l->dir_real_failed) {
        l->dir_real = realpath(l->dir, NULL);
        l->dir_real_failed = !l->dir_real;
    }
    if (!l->dir_real) {
        sl_err(l, "sound file \"%s\" cannot be checked: the scenario's folder cannot be resolved", SHOWN(s));
        return;
    }
    size_t dn = strlen(l->dir_real);
    char *joined = malloc(dn + strlen(s) + 2);
    if (!joined)
        sl_oom(l);
    sprintf(joined, "%s/%s", l->dir_real, s);
    errno = 0;
    char *real = realpath(joined, NULL);
    int e = errno;
    free(joined);
    if (!real) {
        sl_err(l, "sound file \"%s\" not found: %s", SHOWN(s), strerror(e ? e : ENOENT));
        return;
    }
    if (strncmp(real, l->dir_real, dn) != 0 || (real[dn] != '/' && real[dn] != 0 && dn > 1)) {
        sl_err(l, "sound path \"%s\" leaves the scenario's folder (through a symbolic link)", SHOWN(s));
        free(real);
        return;
    }
    struct stat st;
    char head[12] = {0};
    FILE *f = NULL;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        sl_err(l, "sound \"%s\" is not a file", SHOWN(s));
    } else if (!(f = fopen(real, "rb"))) {
        sl_err(l, "sound file \"%s\" cannot be read: %s", SHOWN(s), strerror(errno));
    } else if (fread(head, 1, 12, f) != 12 || memcmp(head, "RIFF", 4) != 0 || memcmp(head + 8, "WAVE", 4) != 0) {
        sl_err(l, "sound file \"%s\" is not a WAV file", SHOWN(s));
    } else {
        n->sound = sl_strdup(l, real);
    }
    if (f)
        fclose(f);
    free(real);
}

/* ---- nodes ---- */

/* "speaker" (the current node's member, or NULL). */
static void get_speaker(L *l, const cJSON *sp, ScNode *n)
{
    if (!sp)
        return;
    size_t mark = sl_path_push(l, "speaker");
    if (cJSON_IsString(sp) && !strcmp(sp->valuestring, "customer"))
        n->speaker = SC_SPEAKER_CUSTOMER;
    else if (cJSON_IsString(sp) && !strcmp(sp->valuestring, "narrator"))
        n->speaker = SC_SPEAKER_NARRATOR;
    else if (cJSON_IsString(sp) && !strcmp(sp->valuestring, "coach"))
        n->speaker = SC_SPEAKER_COACH;
    else
        sl_err(l, "\"speaker\" must be \"customer\", \"narrator\" or \"coach\"");
    sl_path_pop(l, mark);
}

/* "choices" (the current value). */
static void get_choices(L *l, const cJSON *first, ScNode *n)
{
    int count = cJSON_IsArray(first) ? cJSON_GetArraySize(first) : 0;
    if (!cJSON_IsArray(first)) {
        sl_err(l, "\"choices\" must be an array of choices, not %s", sl_type_name(first));
    } else if (count == 0) {
        sl_err(l, "\"choices\" is empty; a node with nothing to choose needs \"next\" or \"end\"");
    } else if (count > SC_MAX_CHOICES) {
        sl_err(l, "%d choices; the limit is %d a node", count, SC_MAX_CHOICES);
    } else {
        n->choices = sl_array(l, (size_t)count, sizeof *n->choices);
        n->nchoices = count;
        int i = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, first)
        {
            size_t m2 = sl_path_push_index(l, i);
            get_choice(l, c, i, &n->choices[i]);
            for (int k = 0; k < i; k++)
                if (!strcmp(n->choices[k].id, n->choices[i].id)) {
                    size_t m3 = sl_path_push(l, "id");
                    sl_err(l, "duplicate choice id \"%s\" (choice %d has it too)", n->choices[i].id, k + 1);
                    sl_path_pop(l, m3);
                    break;
                }
            if (!strcmp(n->choices[i].id, "timeout")) {
                /* Records and `run --choices` say "timeout" for a timer running out. */
                size_t m3 = sl_path_push(l, "id");
                sl_warn(l, "a choice id \"timeout\" reads like a timer running out in the records "
                        "and in `sparring run --choices`; choose another id");
                sl_path_pop(l, m3);
            }
            sl_path_pop(l, m2);
            i++;
        }
    }
}

/* "end" (the current value). */
static void get_end(L *l, const cJSON *first, ScNode *n)
{
    static const char *const end_known[] = {"outcome", "text", NULL};
    if (!cJSON_IsObject(first)) {
        sl_err(l, "\"end\" must be an object {\"outcome\": \"pass\"|\"fail\"|\"neutral\", \"text\": ...}, not %s",
            sl_type_name(first));
    } else {
        sl_check_keys(l, first, end_known, "an ending");
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(first, "outcome");
        if (!o) {
            sl_err(l, "missing required key \"outcome\"");
        } else {
            size_t m2 = sl_path_push(l, "outcome");
            if (cJSON_IsString(o) && !strcmp(o->valuestring, "pass"))
                n->outcome = SC_OUTCOME_PASS;
            else if (cJSON_IsString(o) && !strcmp(o->valuestring, "fail"))
                n->outcome = SC_OUTCOME_FAIL;
            else if (cJSON_IsString(o) && !strcmp(o->valuestring, "neutral"))
                n->outcome = SC_OUTCOME_NEUTRAL;
            else
                sl_err(l, "\"outcome\" must be \"pass\", \"fail\" or \"neutral\"");
            sl_path_pop(l, m2);
        }
        sl_member_text(l, first, "text", &n->end_text, false, "an ending's text");
    }
}

/* A node's "time_limit" and "timeout". */
static void get_node_timer(L *l, const cJSON *tl, const cJSON *to, int ni)
{
    ScNode *n = &l->sc->nodes[ni];
    if (tl) {
        size_t mark = sl_path_push(l, "time_limit");
        if (sl_get_time_limit(l, tl, &n->time_limit)) {
            l->node_has_limit[ni] = true;
            if (n->kind != SC_NODE_CHOICES)
                sl_warn(l, "\"time_limit\" has no effect on a node without choices");
        }
        sl_path_pop(l, mark);
    }
    if (to) {
        size_t mark = sl_path_push(l, "timeout");
        l->node_timeout[ni] = sl_get_outcome(l, to);
        l->node_timeout_key[ni] = true;
        if (n->kind != SC_NODE_CHOICES)
            sl_warn(l, "\"timeout\" has no effect on a node without choices");
        sl_path_pop(l, mark);
    }
}

void sl_get_node(L *l, const cJSON *it, int ni)
{
    enum { SPEAKER, MOOD, TEXT, SOUND, EFFECTS, CHOICES, NEXT, END, TIME_LIMIT, TIMEOUT, NFIELDS };
    static const char *const known[NFIELDS + 1] = {"speaker", "mood", "text",       "sound",   "effects", "choices",
                                                   "next",    "end",  "time_limit", "timeout", NULL};
    ScNode *n = &l->sc->nodes[ni];
    n->next.node = -1;
    if (!cJSON_IsObject(it)) {
        sl_err(l, "a node must be an object, not %s", sl_type_name(it));
        return;
    }
    const cJSON *f[NFIELDS];
    sl_fields(l, it, known, f, "a node");
    get_speaker(l, f[SPEAKER], n);
    const cJSON *mood = f[MOOD];
    if (mood) {
        size_t mark = sl_path_push(l, "mood");
        const char *s = sl_get_string(l, mood, "\"mood\"");
        if (s)
            n->mood = sl_strdup(l, s);
        sl_path_pop(l, mark);
    }
    sl_text_field(l, f[TEXT], "text", &n->text, true, "a node's text");
    const cJSON *sound = f[SOUND];
    if (sound) {
        size_t mark = sl_path_push(l, "sound");
        get_sound(l, sound, n);
        sl_path_pop(l, mark);
    }
    sl_effects_field(l, f[EFFECTS], &n->effects);

    /* Exactly one of choices, next, end: the later ones (in file order) are the errors. */
    const cJSON *first = NULL;
    const cJSON *m;
    cJSON_ArrayForEach(m, it)
    {
        if (m != f[CHOICES] && m != f[NEXT] && m != f[END])
            continue;
        if (!first) {
            first = m;
            continue;
        }
        sl_err_at(l, m->string, true, "a node has exactly one of \"choices\", \"next\" or \"end\"; this one also has \"%s\"",
               first->string);
    }
    if (!first) {
        sl_err(l, "node \"%s\" needs one of \"choices\", \"next\" or \"end\"", SHOWN(n->id));
        n->kind = SC_NODE_END;
    } else if (!strcmp(first->string, "choices")) {
        n->kind = SC_NODE_CHOICES;
        size_t mark = sl_path_push(l, "choices");
        get_choices(l, first, n);
        sl_path_pop(l, mark);
    } else if (!strcmp(first->string, "next")) {
        n->kind = SC_NODE_NEXT;
        size_t mark = sl_path_push(l, "next");
        sl_get_goto(l, first, &n->next);
        sl_path_pop(l, mark);
    } else {
        n->kind = SC_NODE_END;
        size_t mark = sl_path_push(l, "end");
        get_end(l, first, n);
        sl_path_pop(l, mark);
    }

    get_node_timer(l, f[TIME_LIMIT], f[TIMEOUT], ni);
}
