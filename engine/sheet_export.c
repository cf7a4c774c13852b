/* sheet_export: a scenario's JSON as a sheet, one row per setting, competency, meter, event,
 * node, answer and timeout (the columns: sheet_internal.h, docs/authoring.md). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "sheet.h"
#include "sheet_internal.h"

typedef struct {
    TextBuf out;
    const cJSON *locales, *competencies;
    int nloc, ncomp;
    int ncols;
    char **cells; /* the row being written, one per column (borrowed or owned: see row_set) */
    bool *owned, *guard;
} Export;

enum { C_KIND, C_ID, C_SPEAKER, C_MOOD, C_LOC0 };
/* Column indexes after the locale and points columns. */
static int col_next(const Export *e) { return C_LOC0 + e->nloc; }
static int col_end(const Export *e) { return col_next(e) + 1; }
static int col_requires(const Export *e) { return col_next(e) + 2; }
static int col_points(const Export *e) { return col_next(e) + 3; }
static int col_effects(const Export *e) { return col_points(e) + e->ncomp; }
static int col_feedback(const Export *e) { return col_effects(e) + 1; }
static int col_technique(const Export *e) { return col_feedback(e) + e->nloc; }
static int col_critical(const Export *e) { return col_technique(e) + 1; }
static int col_timer(const Export *e) { return col_technique(e) + 2; }
static int col_sound(const Export *e) { return col_technique(e) + 3; }
static int col_value(const Export *e) { return col_technique(e) + 4; }

static void row_set(Export *e, int col, const char *s, bool guard)
{
    if (e->owned[col])
        free(e->cells[col]);
    e->cells[col] = (char *)s;
    e->owned[col] = false;
    e->guard[col] = guard;
}

/* Takes ownership of s (NULL: out of memory). */
static void row_take(Export *e, int col, char *s, bool guard)
{
    if (!s) {
        e->out.failed = true;
        return;
    }
    row_set(e, col, s, guard);
    e->owned[col] = true;
}

static void row_flush(Export *e)
{
    for (int k = 0; k < e->ncols; k++) {
        if (k)
            textbuf_add(&e->out, ",", 1);
        sheet_buf_cell(&e->out, e->cells[k], e->guard[k]);
        row_set(e, k, NULL, false);
    }
    textbuf_add(&e->out, "\r\n", 2);
}

/* A number as people write it: 3, -2, 0.5; every double read back exactly. */
static char *number_text(double d)
{
    char buf[64];
    if (d == floor(d) && fabs(d) < 1e15)
        snprintf(buf, sizeof buf, "%.0f", d);
    else {
        snprintf(buf, sizeof buf, "%.15g", d);
        if (strtod(buf, NULL) != d)
            snprintf(buf, sizeof buf, "%.17g", d);
    }
    return strdup(buf);
}

static const char *locale_at(const Export *e, int i)
{
    const cJSON *l = cJSON_GetArrayItem(e->locales, i);
    return cJSON_IsString(l) ? l->valuestring : "";
}

/* A text (a string, or an object by locale) into the columns from `first`. */
static void put_text(Export *e, const cJSON *t, int first)
{
    for (int i = 0; i < e->nloc; i++) {
        const cJSON *s = cJSON_IsObject(t) ? cJSON_GetObjectItemCaseSensitive(t, locale_at(e, i)) : t;
        if (cJSON_IsString(s))
            row_set(e, first + i, s->valuestring, true);
    }
}

/* A goto: a node id, or "node weight, node weight" for a random branch. */
static void put_goto(Export *e, const cJSON *g, int col)
{
    if (cJSON_IsString(g)) {
        row_set(e, col, g->valuestring, true);
        return;
    }
    if (!cJSON_IsArray(g))
        return;
    TextBuf b = {0};
    const cJSON *br;
    cJSON_ArrayForEach(br, g)
    {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(br, "node");
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(br, "weight");
        char *wt = number_text(cJSON_IsNumber(w) ? w->valuedouble : 0);
        textbuf_printf(&b, "%s%s %s", b.len ? ", " : "", cJSON_IsString(n) ? n->valuestring : "", wt ? wt : "");
        free(wt);
    }
    row_take(e, col, b.failed ? (free(b.s), NULL) : b.s ? b.s : strdup(""), true);
}

/* Effects: "patience +20, trust -5, set asked_budget, clear rushed". */
static void put_effects(Export *e, const cJSON *fx)
{
    if (!cJSON_IsObject(fx))
        return;
    TextBuf b = {0};
    const cJSON *m;
    cJSON_ArrayForEach(m, fx)
    {
        if (cJSON_IsNumber(m) && m->string)
            textbuf_printf(&b, "%s%s %+.0f", b.len ? ", " : "", m->string, m->valuedouble);
    }
    for (int pass = 0; pass < 2; pass++) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(fx, pass ? "clear" : "set"), *f;
        cJSON_ArrayForEach(f, list)
        {
            if (cJSON_IsString(f))
                textbuf_printf(&b, "%s%s %s", b.len ? ", " : "", pass ? "clear" : "set", f->valuestring);
        }
    }
    row_take(e, col_effects(e), b.failed ? (free(b.s), NULL) : b.s ? b.s : strdup(""), true);
}

static void put_score(Export *e, const cJSON *score)
{
    const cJSON *c;
    int i = 0;
    cJSON_ArrayForEach(c, e->competencies)
    {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(score, c->string);
        if (cJSON_IsNumber(p))
            row_take(e, col_points(e) + i, number_text(p->valuedouble), false);
        i++;
    }
}

static void put_technique(Export *e, const cJSON *t)
{
    if (cJSON_IsString(t)) {
        row_set(e, col_technique(e), t->valuestring, true);
        return;
    }
    if (!cJSON_IsArray(t))
        return;
    TextBuf b = {0};
    const cJSON *s;
    cJSON_ArrayForEach(s, t)
    {
        if (cJSON_IsString(s))
            textbuf_printf(&b, "%s%s", b.len ? "; " : "", s->valuestring);
    }
    row_take(e, col_technique(e), b.failed ? (free(b.s), NULL) : b.s ? b.s : strdup(""), true);
}

/* What answers and timeout outcomes share: points, effects, feedback, technique, critical. */
static void put_outcome(Export *e, const cJSON *o)
{
    put_goto(e, cJSON_GetObjectItemCaseSensitive(o, "next"), col_next(e));
    put_score(e, cJSON_GetObjectItemCaseSensitive(o, "score"));
    put_effects(e, cJSON_GetObjectItemCaseSensitive(o, "effects"));
    put_text(e, cJSON_GetObjectItemCaseSensitive(o, "feedback"), col_feedback(e));
    put_technique(e, cJSON_GetObjectItemCaseSensitive(o, "technique"));
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "critical")))
        row_set(e, col_critical(e), "yes", false);
}

static void put_number(Export *e, int col, const cJSON *n)
{
    if (cJSON_IsNumber(n))
        row_take(e, col, number_text(n->valuedouble), false);
}

static void header(Export *e)
{
    static const char *const after[] = {SHEET_COL_TECHNIQUE, SHEET_COL_CRITICAL, SHEET_COL_TIMER, SHEET_COL_SOUND,
                                        SHEET_COL_VALUE};
    TextBuf b = {0};
    textbuf_str(&b, SHEET_COL_KIND "," SHEET_COL_ID "," SHEET_COL_SPEAKER "," SHEET_COL_MOOD);
    for (int i = 0; i < e->nloc; i++)
        textbuf_add(&b, ",", 1), sheet_buf_cell(&b, locale_at(e, i), true);
    textbuf_str(&b, "," SHEET_COL_NEXT "," SHEET_COL_END "," SHEET_COL_REQUIRES);
    const cJSON *c;
    cJSON_ArrayForEach(c, e->competencies)
    {
        textbuf_printf(&b, "," SHEET_POINTS_PREFIX "%s", c->string ? c->string : "");
    }
    textbuf_str(&b, "," SHEET_COL_EFFECTS);
    for (int i = 0; i < e->nloc; i++)
        textbuf_printf(&b, "," SHEET_FEEDBACK_PREFIX "%s", locale_at(e, i));
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++)
        textbuf_printf(&b, ",%s", after[i]);
    textbuf_add(&b, "\r\n", 2);
    textbuf_add(&e->out, b.s ? b.s : "", b.len);
    e->out.failed |= b.failed;
    free(b.s);
}

/* The settings: one row each, the text ones in the locale columns, the others in "value". */
static void settings(Export *e, const cJSON *root)
{
    static const char *const keys[] = {"$schema", "format", "id", "version", "title", "summary", "counterpart",
                                       "level", "tags", "pass_percent", "group", "time_limit", "start",
                                       "say_aloud"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, keys[k]);
        if (!v)
            continue;
        row_set(e, C_KIND, "setting", false);
        row_set(e, C_ID, keys[k], false);
        if (cJSON_IsObject(v) || (cJSON_IsString(v) && k >= 4 && k <= 6))
            put_text(e, v, C_LOC0);
        else if (cJSON_IsString(v))
            row_set(e, col_value(e), v->valuestring, true);
        else if (cJSON_IsNumber(v))
            put_number(e, col_value(e), v);
        else if (cJSON_IsBool(v))
            row_set(e, col_value(e), cJSON_IsTrue(v) ? "yes" : "no", false);
        else if (cJSON_IsArray(v)) {
            TextBuf b = {0};
            const cJSON *t;
            cJSON_ArrayForEach(t, v)
            {
                if (cJSON_IsString(t))
                    textbuf_printf(&b, "%s%s", b.len ? ", " : "", t->valuestring);
            }
            row_take(e, col_value(e), b.failed ? (free(b.s), NULL) : b.s ? b.s : strdup(""), true);
        }
        row_flush(e);
    }
}

/* The "customer" setting: its name in the locale columns, its traits in "value" as
 * "gender=female age=senior style=formal glasses=yes mood=angry". */
static void customer_row(Export *e, const cJSON *root)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "customer");
    if (!cJSON_IsObject(c))
        return;
    row_set(e, C_KIND, "setting", false);
    row_set(e, C_ID, "customer", false);
    put_text(e, cJSON_GetObjectItemCaseSensitive(c, "name"), C_LOC0);
    TextBuf b = {0};
    sheet_customer_format(&b, c);
    row_take(e, col_value(e), b.failed ? (free(b.s), NULL) : b.s ? b.s : strdup(""), true);
    row_flush(e);
}

static void meters(Export *e, const cJSON *ms)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, ms)
    {
        row_set(e, C_KIND, "meter", false);
        row_set(e, C_ID, m->string, false);
        put_text(e, cJSON_GetObjectItemCaseSensitive(m, "name"), C_LOC0);
        TextBuf b = {0};
        static const char *const ints[] = {"min", "max", "start"};
        for (int i = 0; i < 3; i++) {
            const cJSON *n = cJSON_GetObjectItemCaseSensitive(m, ints[i]);
            if (cJSON_IsNumber(n))
                textbuf_printf(&b, "%s%s=%.0f", b.len ? " " : "", ints[i], n->valuedouble);
        }
        const cJSON *show = cJSON_GetObjectItemCaseSensitive(m, "show");
        if (cJSON_IsBool(show))
            textbuf_printf(&b, "%sshow=%s", b.len ? " " : "", cJSON_IsTrue(show) ? "yes" : "no");
        row_take(e, col_value(e), b.failed ? (free(b.s), NULL) : b.s ? b.s : strdup(""), false);
        row_flush(e);
    }
}

static void timeout_row(Export *e, const char *node, const cJSON *t)
{
    if (!t)
        return;
    row_set(e, C_KIND, "timeout", false);
    row_set(e, C_ID, node, false);
    put_outcome(e, t);
    row_flush(e);
}

static void node_rows(Export *e, const cJSON *n)
{
    row_set(e, C_KIND, "node", false);
    row_set(e, C_ID, n->string, false);
    const cJSON *v;
    if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(n, "speaker")))
        row_set(e, C_SPEAKER, v->valuestring, true);
    if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(n, "mood")))
        row_set(e, C_MOOD, v->valuestring, true);
    put_text(e, cJSON_GetObjectItemCaseSensitive(n, "text"), C_LOC0);
    put_goto(e, cJSON_GetObjectItemCaseSensitive(n, "next"), col_next(e));
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(n, "end");
    if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(end, "outcome")))
        row_set(e, col_end(e), v->valuestring, true);
    put_text(e, cJSON_GetObjectItemCaseSensitive(end, "text"), col_feedback(e));
    put_effects(e, cJSON_GetObjectItemCaseSensitive(n, "effects"));
    put_number(e, col_timer(e), cJSON_GetObjectItemCaseSensitive(n, "time_limit"));
    if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(n, "sound")))
        row_set(e, col_sound(e), v->valuestring, true);
    row_flush(e);
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(n, "choices"))
    {
        row_set(e, C_KIND, "answer", false);
        if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(c, "id")))
            row_set(e, C_ID, v->valuestring, true);
        put_text(e, cJSON_GetObjectItemCaseSensitive(c, "text"), C_LOC0);
        if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(c, "requires")))
            row_set(e, col_requires(e), v->valuestring, true);
        put_outcome(e, c);
        row_flush(e);
    }
    timeout_row(e, n->string, cJSON_GetObjectItemCaseSensitive(n, "timeout"));
}

static void body(Export *e, const cJSON *root)
{
    header(e);
    settings(e, root);
    customer_row(e, root);
    const cJSON *c;
    cJSON_ArrayForEach(c, e->competencies)
    {
        row_set(e, C_KIND, "competency", false);
        row_set(e, C_ID, c->string, false);
        put_text(e, cJSON_GetObjectItemCaseSensitive(c, "name"), C_LOC0);
        row_flush(e);
    }
    meters(e, cJSON_GetObjectItemCaseSensitive(root, "meters"));
    timeout_row(e, "", cJSON_GetObjectItemCaseSensitive(root, "timeout"));
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "events"))
    {
        row_set(e, C_KIND, "event", false);
        row_set(e, C_ID, c->string, false);
        put_text(e, cJSON_GetObjectItemCaseSensitive(c, "label"), C_LOC0);
        put_goto(e, cJSON_GetObjectItemCaseSensitive(c, "next"), col_next(e));
        row_flush(e);
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "nodes"))
    {
        if (cJSON_IsObject(c))
            node_rows(e, c);
    }
}

char *sheet_export(const char *json, size_t json_len, bool no_bom, size_t *len, char *err)
{
    cJSON *root = cJSON_ParseWithLength(json, json_len);
    if (!cJSON_IsObject(root)) {
        snprintf(err, 256, "not a scenario: the file is not a JSON object");
        cJSON_Delete(root);
        return NULL;
    }
    Export e = {0};
    e.locales = cJSON_GetObjectItemCaseSensitive(root, "locales");
    e.competencies = cJSON_GetObjectItemCaseSensitive(root, "competencies");
    e.nloc = cJSON_IsArray(e.locales) ? cJSON_GetArraySize(e.locales) : 0;
    e.ncomp = cJSON_IsObject(e.competencies) ? cJSON_GetArraySize(e.competencies) : 0;
    if (e.nloc < 1 || e.nloc > SC_MAX_LOCALES || e.ncomp > SC_MAX_COMPETENCIES) {
        snprintf(err, 256, "not a valid scenario: check it with `sparring validate` first");
        cJSON_Delete(root);
        return NULL;
    }
    e.ncols = col_value(&e) + 1;
    e.cells = calloc((size_t)e.ncols, sizeof *e.cells);
    e.owned = calloc((size_t)e.ncols, sizeof *e.owned);
    e.guard = calloc((size_t)e.ncols, sizeof *e.guard);
    if (e.cells && e.owned && e.guard) {
        if (!no_bom)
            textbuf_str(&e.out, "\xef\xbb\xbf");
        body(&e, root);
        for (int k = 0; k < e.ncols; k++)
            row_set(&e, k, NULL, false);
    } else {
        e.out.failed = true;
    }
    free(e.cells);
    free(e.owned);
    free(e.guard);
    cJSON_Delete(root);
    if (e.out.failed) {
        free(e.out.s);
        snprintf(err, 256, "out of memory");
        return NULL;
    }
    *len = e.out.len;
    return e.out.s;
}
