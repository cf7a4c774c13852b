/* scenario_refs: what refers to something else: gotos (nodes), effects (meters and flags),
 * scores (competencies) and conditions (compiled with expr). */
#include "scenario_parse.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

/* ---- references ---- */

/* "; did you mean the KIND "X"?" for `name`, among the keys of m (names: meters and flags,
 * each said as such); "" when none is near. Returns buf. */
const char *sl_did_you_mean(L *l, const StrMap *m, const char *name, const char *kind, char *buf, size_t size)
{
    buf[0] = '\0';
    const char *near = m->keys && name ? suggest_nearest(name, (const char *const *)m->keys, (int)(m->mask + 1)) : NULL;
    if (near && m == &l->ld->names)
        kind = sl_map_get(m, near) >= FLAG_BASE ? "flag" : "meter";
    if (near)
        snprintf(buf, size, "; did you mean the %s \"%s\"?", kind, near);
    return buf;
}

int sl_find_node_ref(L *l, const cJSON *it)
{
    if (!cJSON_IsString(it)) {
        sl_err(l, "a node id must be a string, not %s", sl_type_name(it));
        return -1;
    }
    int i = sl_map_get(&l->ld->nodes, it->valuestring);
    char hint[160];
    if (i < 0)
        sl_err(l, "unknown node \"%s\"%s", SHOWN(it->valuestring),
            sl_did_you_mean(l, &l->ld->nodes, it->valuestring, "node", hint, sizeof hint));
    return i;
}

/* A goto (the current value). */
void sl_get_goto(L *l, const cJSON *it, ScGoto *g)
{
    g->node = -1;
    if (cJSON_IsString(it)) {
        g->node = sl_find_node_ref(l, it);
        return;
    }
    if (!cJSON_IsArray(it)) {
        sl_err(l, "\"next\" must be a node id or an array of {\"node\": id, \"weight\": number} branches, not %s",
            sl_type_name(it));
        return;
    }
    int n = cJSON_GetArraySize(it);
    if (n == 0) {
        sl_err(l, "a random branch needs at least one {\"node\": id, \"weight\": number}");
        return;
    }
    g->branches = sl_array(l, (size_t)n, sizeof *g->branches);
    g->nbranches = n;
    static const char *const known[] = {"node", "weight", NULL};
    int i = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, it)
    {
        size_t mark = sl_path_push_index(l, i);
        ScBranch *br = &g->branches[i++];
        br->node = -1;
        if (!cJSON_IsObject(b)) {
            sl_err(l, "a branch must be an object {\"node\": id, \"weight\": number}, not %s", sl_type_name(b));
            sl_path_pop(l, mark);
            continue;
        }
        sl_check_keys(l, b, known, "a branch");
        const cJSON *node = cJSON_GetObjectItemCaseSensitive(b, "node");
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(b, "weight");
        if (!node) {
            sl_err(l, "missing required key \"node\"");
        } else {
            size_t m2 = sl_path_push(l, "node");
            br->node = sl_find_node_ref(l, node);
            sl_path_pop(l, m2);
        }
        if (!w) {
            sl_err(l, "missing required key \"weight\"");
        } else {
            size_t m2 = sl_path_push(l, "weight");
            if (!cJSON_IsNumber(w) || !isfinite(w->valuedouble) || w->valuedouble <= 0)
                sl_err(l, "\"weight\" must be a number greater than 0");
            else
                br->weight = w->valuedouble;
            sl_path_pop(l, m2);
        }
        sl_path_pop(l, mark);
    }
}

/* The goto `it`, member "next" of the current object (NULL when absent: an error). */
void sl_goto_field(L *l, const cJSON *it, ScGoto *g)
{
    g->node = -1;
    if (!it) {
        sl_err(l, "missing required key \"next\"");
        return;
    }
    size_t mark = sl_path_push(l, "next");
    sl_get_goto(l, it, g);
    sl_path_pop(l, mark);
}

void sl_member_goto(L *l, const cJSON *obj, ScGoto *g)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, "next");
    g->node = -1;
    if (!it) {
        sl_err(l, "missing required key \"next\"");
        return;
    }
    size_t mark = sl_path_push(l, "next");
    sl_get_goto(l, it, g);
    sl_path_pop(l, mark);
}

static int find_flag(L *l, const char *name)
{
    int i = sl_map_get(&l->ld->names, name);
    return i >= FLAG_BASE ? i - FLAG_BASE : -1;
}

static int find_meter(L *l, const char *name)
{
    int i = sl_map_get(&l->ld->names, name);
    return i >= 0 && i < FLAG_BASE ? i : -1;
}

/* A list of flags in "set" or "clear" (the current value). */
static void get_flag_list(L *l, const cJSON *it, bool set, int **out, int *nout)
{
    const char *key = set ? "set" : "clear";
    if (!cJSON_IsArray(it)) {
        sl_err(l, "\"%s\" must be an array of flag ids, not %s", key, sl_type_name(it));
        return;
    }
    int n = cJSON_GetArraySize(it);
    *out = sl_array(l, (size_t)n, sizeof(int));
    int i = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, it)
    {
        size_t mark = sl_path_push_index(l, i++);
        if (!cJSON_IsString(f)) {
            sl_err(l, "a flag id must be a string, not %s", sl_type_name(f));
        } else if (sl_check_id(l, f->valuestring, "flag", false)) {
            int fi = find_flag(l, f->valuestring);
            if (fi >= 0)
                (*out)[(*nout)++] = fi;
            else if (find_meter(l, f->valuestring) >= 0)
                sl_err(l, "\"%s\" is a meter, not a flag (meters and flags share one name space)", f->valuestring);
            else {
                char hint[160];
                sl_err(l, "unknown flag \"%s\": no \"set\" anywhere in the scenario names it%s", f->valuestring,
                    sl_did_you_mean(l, &l->ld->names, f->valuestring, "flag", hint, sizeof hint));
            }
        }
        sl_path_pop(l, mark);
    }
}

/* Effects (the current value). */
static void get_effects(L *l, const cJSON *it, ScEffects *e)
{
    if (!cJSON_IsObject(it)) {
        sl_err(l, "\"effects\" must be an object of meter changes (and \"set\"/\"clear\" flag lists), not %s",
            sl_type_name(it));
        return;
    }
    int n = cJSON_GetArraySize(it);
    e->meters = sl_array(l, (size_t)n, sizeof *e->meters);
    const cJSON *m;
    cJSON_ArrayForEach(m, it)
    {
        size_t mark = sl_path_push(l, m->string);
        if (!strcmp(m->string, "set")) {
            get_flag_list(l, m, true, &e->set, &e->nset);
        } else if (!strcmp(m->string, "clear")) {
            get_flag_list(l, m, false, &e->clear, &e->nclear);
        } else {
            int mi = find_meter(l, m->string);
            int delta;
            if (mi < 0) {
                if (find_flag(l, m->string) >= 0)
                    sl_err_key(l, "\"%s\" is a flag; put it in \"set\" or \"clear\"", SHOWN(m->string));
                else {
                    char hint[160];
                    sl_err_key(l, "unknown meter \"%s\"%s", SHOWN(m->string),
                            sl_did_you_mean(l, &l->ld->names, m->string, "meter", hint, sizeof hint));
                }
            } else if (sl_get_int(l, m, "a meter change", &delta)) {
                e->meters[e->nmeters++] = (ScMeterDelta){mi, delta};
            }
        }
        sl_path_pop(l, mark);
    }
}

void sl_effects_field(L *l, const cJSON *it, ScEffects *e)
{
    if (!it)
        return;
    size_t mark = sl_path_push(l, "effects");
    get_effects(l, it, e);
    sl_path_pop(l, mark);
}

void sl_member_effects(L *l, const cJSON *obj, ScEffects *e)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, "effects");
    if (!it)
        return;
    size_t mark = sl_path_push(l, "effects");
    get_effects(l, it, e);
    sl_path_pop(l, mark);
}

/* A score object (the current value). */
void sl_get_score(L *l, const cJSON *it, ScChoice *c)
{
    if (!cJSON_IsObject(it)) {
        sl_err(l, "\"score\" must be an object of competency id -> points, not %s", sl_type_name(it));
        return;
    }
    int n = cJSON_GetArraySize(it);
    c->score = sl_array(l, (size_t)n, sizeof *c->score);
    const cJSON *m;
    cJSON_ArrayForEach(m, it)
    {
        size_t mark = sl_path_push(l, m->string);
        int ci = sl_map_get(&l->ld->competencies, m->string);
        int pts;
        char hint[160];
        if (ci < 0)
            sl_err_key(l, "unknown competency \"%s\"%s", SHOWN(m->string),
                    sl_did_you_mean(l, &l->ld->competencies, m->string, "competency", hint, sizeof hint));
        else if (sl_get_int(l, m, "points", &pts))
            c->score[c->nscore++] = (ScPoints){ci, pts};
        sl_path_pop(l, mark);
    }
}

/* ---- conditions ---- */

static ExprNameKind resolve_name(void *ctx, const char *name, size_t len, int *index)
{
    L *l = ctx;
    char buf[80];
    if (len >= sizeof buf)
        return EXPR_NAME_UNKNOWN;
    memcpy(buf, name, len);
    buf[len] = 0;
    int i = sl_map_get(&l->ld->names, buf);
    if (i < 0)
        return EXPR_NAME_UNKNOWN;
    if (i < FLAG_BASE) {
        *index = i;
        return EXPR_NAME_METER;
    }
    *index = i - FLAG_BASE;
    return EXPR_NAME_FLAG;
}

static void mark_read(void *ctx, bool is_flag, int index)
{
    L *l = ctx;
    if (is_flag && index >= 0 && index < l->sc->nflags)
        l->flag_read[index] = true;
}

/* Compiles the condition (the current value, a string). */
void sl_get_condition(L *l, const cJSON *it, ScChoice *c)
{
    if (!cJSON_IsString(it)) {
        sl_err(l, "\"requires\" must be a condition in a string, such as \"patience >= 30\"; not %s",
            sl_type_name(it));
        return;
    }
    const char *src = sl_get_string(l, it, "\"requires\"");
    if (!src)
        return;
    char msg[256];
    size_t at = 0;
    Expr *e = expr_compile(src, resolve_name, l, msg, sizeof msg, &at);
    if (!e) {
        /* The column is inside the string: jsonpos maps the byte offset in the decoded
         * string back through any escapes to the raw text. */
        char full[600], hint[160] = "", name[72];
        if (sscanf(msg, "unknown name \"%64[A-Za-z0-9_]\"", name) == 1)
            sl_did_you_mean(l, &l->ld->names, name, "meter", hint, sizeof hint);
        snprintf(full, sizeof full, "in condition \"%s\": %s%s", SHOWN(src), msg, hint);
        if (!sl_room(l, DIAG_ERROR))
            return;
        if (diag_add(l->diags, DIAG_ERROR, l->name, 0, 0, l->path, "%s", full) < 0)
            sl_oom(l);
        sl_add_side(l, (Side){.in_string = (long)at});
        return;
    }
    Scenario *sc = l->sc;
    if ((sc->nexprs & (sc->nexprs - 1)) == 0) { /* 0 or a power of two: grow */
        int cap = sc->nexprs ? sc->nexprs * 2 : 8;
        Expr **n = realloc(sc->exprs, (size_t)cap * sizeof *n);
        if (!n) {
            expr_free(e);
            sl_oom(l);
        }
        sc->exprs = n;
    }
    sc->exprs[sc->nexprs++] = e;
    c->requires = e;
    c->requires_src = sl_strdup(l, src);
    expr_each_name(e, mark_read, l);
}
