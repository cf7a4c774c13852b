/* sheet_import: a sheet (CSV) back into scenario JSON, validated by the loader, with every
 * problem reported at the sheet's row and column. Each value written remembers the cell it
 * came from (a JSON pointer -> row, column map), so the loader's diagnostics, which carry JSON
 * pointers, are moved onto the sheet. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "sheet.h"
#include "sheet_internal.h"
#include "lint.h"
#include "suggest.h"

typedef struct {
    char *pointer;
    int row, col; /* 1-based */
} Origin;

typedef struct {
    int kind, id, speaker, mood, next, end, requires, effects, technique, critical, timer, sound, value;
    int nloc, loc[SC_MAX_LOCALES], fb[SC_MAX_LOCALES];
    const char *locname[SC_MAX_LOCALES];
    int npts, pts[SC_MAX_COMPETENCIES];
    const char *ptsname[SC_MAX_COMPETENCIES];
} Columns;

typedef struct {
    const char *name;
    DiagList *diags;
    const SheetTable *t;
    const char *const *header; /* the header row's cells */
    int header_cells;
    Columns c;
    cJSON *root, *nodes, *node; /* node: the last node row's object (answers go in it) */
    char *node_ptr;
    int row; /* 1-based, the row being read */
    const SheetRow *r;
    Origin *origins;
    int norigins, cap;
    bool oom;
} Imp;

static const char *cell(const Imp *im, int col)
{
    return col >= 0 && col < im->r->ncells ? im->r->cells[col] : "";
}

/* The cell's text without surrounding blanks and without the formula guard (a leading '
 * before = + - @, which the export adds). Returns a static buffer's worth in out. */
static char *trimmed(const Imp *im, int col)
{
    const char *s = cell(im, col);
    while (*s == ' ')
        s++;
    if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' '))
        n--;
    return strndup(s, n);
}

static bool blank(const Imp *im, int col)
{
    const char *s = cell(im, col);
    while (*s == ' ' || *s == '\t')
        s++;
    return !*s;
}

static void error(Imp *im, int col, const char *fmt, const char *a, const char *b)
{
    char ptr[96] = "";
    if (col >= 0 && col < im->header_cells)
        snprintf(ptr, sizeof ptr, "column %s", im->header[col]);
    diag_add(im->diags, DIAG_ERROR, im->name, im->row, col >= 0 ? col + 1 : 1, ptr, fmt, a, b);
}

/* Remembers that the value at pointer came from (row, col) of the current row. */
static void origin(Imp *im, const char *pointer, int col)
{
    if (im->norigins == im->cap) {
        int cap = im->cap ? im->cap * 2 : 256;
        Origin *p = realloc(im->origins, (size_t)cap * sizeof *p);
        if (!p) {
            im->oom = true;
            return;
        }
        im->origins = p;
        im->cap = cap;
    }
    char *s = strdup(pointer);
    if (!s) {
        im->oom = true;
        return;
    }
    im->origins[im->norigins++] = (Origin){s, im->row, col + 1};
}

/* pointer + "/" + seg (escaped as RFC 6901 says), malloc'd. */
static char *ptr_join(const char *pointer, const char *seg)
{
    TextBuf b = {0};
    textbuf_str(&b, pointer);
    textbuf_add(&b, "/", 1);
    for (const char *p = seg; *p; p++)
        textbuf_str(&b, *p == '~' ? "~0" : *p == '/' ? "~1" : (char[2]){*p, 0});
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* Adds item under key to obj and remembers where it came from. Takes item. */
static void put(Imp *im, cJSON *obj, const char *ptr, const char *key, cJSON *item, int col)
{
    if (!item || !obj) {
        cJSON_Delete(item);
        im->oom = true;
        return;
    }
    cJSON_AddItemToObject(obj, key, item);
    char *p = ptr_join(ptr, key);
    if (!p) {
        im->oom = true;
        return;
    }
    origin(im, p, col);
    free(p);
}

/* ---- cells into values ---- */

/* A number; NULL (and an error) when the cell is not one. */
static cJSON *number_cell(Imp *im, int col, bool integer, const char *what)
{
    char *s = trimmed(im, col);
    if (!s)
        return im->oom = true, NULL;
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    bool ok = *s && !*end && errno == 0 && isfinite(d) && (!integer || d == floor(d));
    if (!ok)
        error(im, col, "%s must be %s", what,
              integer ? "a whole number, such as 3 or -2" : "a number, such as 20 or 0.5");
    free(s);
    return ok ? cJSON_CreateNumber(d) : NULL;
}

/* A text from the columns of cols (locale or feedback); NULL when every one is blank. */
static cJSON *text_cells(Imp *im, const int *cols)
{
    bool any = false;
    for (int i = 0; i < im->c.nloc; i++)
        any |= !blank(im, cols[i]);
    if (!any)
        return NULL;
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; o && i < im->c.nloc; i++) {
        if (blank(im, cols[i]))
            continue; /* the loader says which locale is missing */
        char *s = trimmed(im, cols[i]);
        if (!s || !cJSON_AddStringToObject(o, im->c.locname[i], s))
            im->oom = true;
        free(s);
    }
    return o;
}

static void put_text(Imp *im, cJSON *obj, const char *ptr, const char *key, const int *cols, bool required)
{
    cJSON *t = text_cells(im, cols);
    if (!t && required)
        t = cJSON_CreateString("");
    if (t)
        put(im, obj, ptr, key, t, cols[0]);
}

static void put_string(Imp *im, cJSON *obj, const char *ptr, const char *key, int col)
{
    if (blank(im, col))
        return;
    char *s = trimmed(im, col);
    put(im, obj, ptr, key, s ? cJSON_CreateString(s) : NULL, col);
    free(s);
}

/* Splits s at ',', ';', their full-width forms and line ends; calls fn on each trimmed piece. */
static int each_item(char *s, bool commas, int (*fn)(Imp *, char *, void *), Imp *im, void *ctx)
{
    char *p = s;
    for (;;) {
        size_t n = 0, skip = 0;
        while (p[n]) {
            if ((commas && p[n] == ',') || p[n] == ';' || p[n] == '\n' || p[n] == '\r') {
                skip = 1;
                break;
            }
            if (!strncmp(p + n, "\xef\xbc\x9b", 3) || (commas && !strncmp(p + n, "\xef\xbc\x8c", 3))) {
                skip = 3; /* ； ， */
                break;
            }
            n++;
        }
        char save = p[n];
        p[n] = '\0';
        char *a = p;
        while (*a == ' ' || *a == '\t')
            a++;
        size_t m = strlen(a);
        while (m && (a[m - 1] == ' ' || a[m - 1] == '\t'))
            a[--m] = '\0';
        if (*a && fn(im, a, ctx) < 0)
            return -1;
        if (!save)
            return 0;
        p += n + skip;
    }
}

typedef struct {
    int col;
    cJSON *value;
} ItemCtx;

static int branch_item(Imp *im, char *s, void *vctx)
{
    ItemCtx *ctx = vctx;
    char *sp = s + strcspn(s, " \t:*");
    char *w = sp;
    if (*w)
        *w++ = '\0';
    while (*w == ' ' || *w == '\t' || *w == ':' || *w == '*')
        w++;
    char *end;
    double d = strtod(w, &end);
    if (!*w || *end || !isfinite(d)) {
        error(im, ctx->col,
              "a random branch is written \"node weight, node weight\" (e.g. \"agrees 3, refuses 1\"); \"%s\" has no "
              "weight%s",
              s, "");
        return -1;
    }
    cJSON *b = cJSON_CreateObject();
    if (!b || !cJSON_AddStringToObject(b, "node", s) || !cJSON_AddNumberToObject(b, "weight", d) ||
        !cJSON_AddItemToArray(ctx->value, b)) {
        cJSON_Delete(b);
        return im->oom = true, -1;
    }
    return 0;
}

/* A goto: one node id, or random branches "node weight, node weight". */
static void put_goto(Imp *im, cJSON *obj, const char *ptr, int col)
{
    if (blank(im, col))
        return;
    char *s = trimmed(im, col);
    if (!s) {
        im->oom = true;
        return;
    }
    if (!strpbrk(s, " \t,;:*") && !strstr(s, "\xef\xbc\x8c") && !strstr(s, "\xef\xbc\x9b")) {
        put(im, obj, ptr, "next", cJSON_CreateString(s), col);
    } else {
        ItemCtx ctx = {col, cJSON_CreateArray()};
        if (ctx.value && each_item(s, true, branch_item, im, &ctx) == 0)
            put(im, obj, ptr, "next", ctx.value, col);
        else
            cJSON_Delete(ctx.value);
    }
    free(s);
}

static int effect_item(Imp *im, char *s, void *vctx)
{
    ItemCtx *ctx = vctx;
    bool set = !strncmp(s, "set ", 4), clear = !strncmp(s, "clear ", 6);
    if (set || clear) {
        const char *flag = s + (set ? 4 : 6);
        while (*flag == ' ')
            flag++;
        const char *key = set ? "set" : "clear";
        cJSON *list = cJSON_GetObjectItemCaseSensitive(ctx->value, key);
        if (!list)
            list = cJSON_AddArrayToObject(ctx->value, key);
        if (!list || !cJSON_AddItemToArray(list, cJSON_CreateString(flag)))
            return im->oom = true, -1;
        return 0;
    }
    char *num = s + strcspn(s, " \t+-=");
    char *name_end = num;
    while (*num == ' ' || *num == '\t' || *num == '=')
        num++;
    char *end;
    long v = strtol(num, &end, 10);
    if (name_end == s || !*num || *end) {
        error(im, ctx->col,
              "write each effect as \"meter +10\", \"meter -5\", \"set flag\" or \"clear flag\", separated by commas; "
              "not \"%s\"%s",
              s, "");
        return -1;
    }
    *name_end = '\0';
    if (!cJSON_AddNumberToObject(ctx->value, s, (double)v))
        return im->oom = true, -1;
    return 0;
}

static void put_effects(Imp *im, cJSON *obj, const char *ptr)
{
    int col = im->c.effects;
    if (blank(im, col))
        return;
    char *s = trimmed(im, col);
    ItemCtx ctx = {col, cJSON_CreateObject()};
    if (s && ctx.value && each_item(s, true, effect_item, im, &ctx) == 0)
        put(im, obj, ptr, "effects", ctx.value, col);
    else
        cJSON_Delete(ctx.value);
    free(s);
}

static void put_score(Imp *im, cJSON *obj, const char *ptr)
{
    cJSON *score = NULL;
    char *sp = ptr_join(ptr, "score");
    for (int i = 0; sp && i < im->c.npts; i++) {
        if (blank(im, im->c.pts[i]))
            continue;
        cJSON *n = number_cell(im, im->c.pts[i], true, "points");
        if (!n)
            continue;
        if (!score) {
            score = cJSON_CreateObject();
            put(im, obj, ptr, "score", score, im->c.pts[i]);
        }
        put(im, score, sp, im->c.ptsname[i], n, im->c.pts[i]);
    }
    free(sp);
}

static int technique_item(Imp *im, char *s, void *vctx)
{
    ItemCtx *ctx = vctx;
    if (!cJSON_AddItemToArray(ctx->value, cJSON_CreateString(s)))
        return im->oom = true, -1;
    return 0;
}

static void put_technique(Imp *im, cJSON *obj, const char *ptr)
{
    int col = im->c.technique;
    if (blank(im, col))
        return;
    char *s = trimmed(im, col);
    ItemCtx ctx = {col, cJSON_CreateArray()};
    if (s && ctx.value && each_item(s, false, technique_item, im, &ctx) == 0) {
        if (cJSON_GetArraySize(ctx.value) == 1) {
            cJSON *one = cJSON_DetachItemFromArray(ctx.value, 0);
            cJSON_Delete(ctx.value);
            ctx.value = one;
        }
        put(im, obj, ptr, "technique", ctx.value, col);
    } else {
        cJSON_Delete(ctx.value);
    }
    free(s);
}

/* A yes/no cell (sheet_yes_no) into obj's key: true, or false too when keep_false; a blank cell
 * gives nothing; anything else is an error saying what the column means (`what`). */
static void put_flag(Imp *im, cJSON *obj, const char *ptr, const char *key, int col, bool keep_false,
                     const char *what)
{
    char *s = blank(im, col) ? NULL : trimmed(im, col);
    int yes = s ? sheet_yes_no(s) : -1;
    if (!s)
        im->oom |= !blank(im, col);
    else if (yes > 0 || (yes == 0 && keep_false))
        put(im, obj, ptr, key, cJSON_CreateBool(yes > 0), col);
    else if (yes < 0)
        error(im, col, "%s; not \"%s\"", what, s);
    free(s);
}

/* next, points, effects, feedback, technique, critical: answers and timeouts. */
static void put_outcome(Imp *im, cJSON *o, const char *ptr)
{
    put_goto(im, o, ptr, im->c.next);
    put_score(im, o, ptr);
    put_effects(im, o, ptr);
    put_text(im, o, ptr, "feedback", im->c.fb, false);
    put_technique(im, o, ptr);
    put_flag(im, o, ptr, "critical", im->c.critical, false,
             "\"critical\" is \"yes\" (a critical error: the attempt cannot pass) or left empty");
}


/* ---- the header ---- */

static bool is_locale_code(const char *s)
{
    size_t n = 0;
    while (s[n] >= 'a' && s[n] <= 'z')
        n++;
    if (n < 2 || n > 3)
        return false;
    if (!s[n])
        return true;
    if (s[n] != '-' && s[n] != '_')
        return false;
    for (const char *p = s + n + 1; *p; p++)
        if (!isalnum((unsigned char)*p))
            return false;
    return s[n + 1] != '\0';
}

static int header_cell(Imp *im, int k, const char *h)
{
    static const char *const fixed[] = {SHEET_COL_KIND,   SHEET_COL_ID,      SHEET_COL_SPEAKER,   SHEET_COL_MOOD,
                                        SHEET_COL_NEXT,   SHEET_COL_END,     SHEET_COL_REQUIRES,  SHEET_COL_EFFECTS,
                                        SHEET_COL_TECHNIQUE, SHEET_COL_CRITICAL, SHEET_COL_TIMER, SHEET_COL_SOUND,
                                        SHEET_COL_VALUE};
    Columns *c = &im->c;
    int *slots[] = {&c->kind,      &c->id,       &c->speaker, &c->mood,  &c->next,  &c->end,  &c->requires,
                    &c->effects,   &c->technique, &c->critical, &c->timer, &c->sound, &c->value};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (!strcmp(h, fixed[i])) {
            *slots[i] = k;
            return 0;
        }
    if (!strncmp(h, SHEET_POINTS_PREFIX, strlen(SHEET_POINTS_PREFIX))) {
        if (c->npts == SC_MAX_COMPETENCIES)
            return error(im, k, "more than %s points columns%s", "64", ""), -1;
        c->ptsname[c->npts] = h + strlen(SHEET_POINTS_PREFIX);
        c->pts[c->npts++] = k;
        return 0;
    }
    if (!strncmp(h, SHEET_FEEDBACK_PREFIX, strlen(SHEET_FEEDBACK_PREFIX))) {
        const char *loc = h + strlen(SHEET_FEEDBACK_PREFIX);
        for (int i = 0; i < c->nloc; i++)
            if (!strcmp(c->locname[i], loc)) {
                c->fb[i] = k;
                return 0;
            }
        return error(im, k, "column \"%s\" is feedback in a language with no text column \"%s\" before it", h, loc), -1;
    }
    if (is_locale_code(h)) {
        if (c->nloc == SC_MAX_LOCALES)
            return error(im, k, "more than %s language columns%s", "16", ""), -1;
        c->fb[c->nloc] = -1;
        c->locname[c->nloc] = h;
        c->loc[c->nloc++] = k;
        return 0;
    }
    const char *near = suggest_nearest(h, fixed, (int)(sizeof fixed / sizeof fixed[0]));
    diag_add(im->diags, DIAG_WARNING, im->name, im->row, k + 1, "", "unknown column \"%s\"%s%s%s is ignored", h,
             near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "");
    return 0;
}

static int read_header(Imp *im)
{
    memset(&im->c, 0xff, offsetof(Columns, nloc)); /* every fixed column -1: absent */
    im->c.nloc = im->c.npts = 0;
    im->header = (const char *const *)im->r->cells;
    im->header_cells = im->r->ncells;
    for (int k = 0; k < im->r->ncells; k++) {
        char *h = im->r->cells[k];
        while (*h == ' ')
            memmove(h, h + 1, strlen(h));
        for (size_t n = strlen(h); n && h[n - 1] == ' ';)
            h[--n] = '\0';
        if (*h && header_cell(im, k, h) < 0)
            return -1;
    }
    if (im->c.kind < 0 || im->c.id < 0) {
        error(im, 0, "the first row names the columns and needs \"kind\" and \"id\" among them; start from a sheet "
                     "that `sparring sheet export` wrote%s%s", "", "");
        return -1;
    }
    for (int i = 0; i < im->c.nloc; i++)
        if (im->c.fb[i] < 0)
            im->c.fb[i] = SHEET_MAX_COLUMNS; /* absent: always blank */
    return 0;
}

/* ---- the rows ---- */

/* The object under key of parent, created (and remembered at the row) when absent. */
static cJSON *child_object(Imp *im, cJSON *parent, const char *ptr, const char *key)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(parent, key);
    if (!o) {
        o = cJSON_CreateObject();
        put(im, parent, ptr, key, o, im->c.kind);
    }
    return o;
}

/* A new member `id` of the collection `key` at the top level; NULL after an error. */
static cJSON *new_member(Imp *im, const char *key, const char *what, char **ptr)
{
    char *id = trimmed(im, im->c.id);
    if (!id)
        return im->oom = true, NULL;
    cJSON *coll = child_object(im, im->root, "", key), *o = NULL;
    if (!*id)
        error(im, im->c.id, "a %s row needs its id in column \"id\"%s", what, "");
    else if (cJSON_GetObjectItemCaseSensitive(coll, id))
        error(im, im->c.id, "%s \"%s\" is on an earlier row too; ids are unique", what, id);
    else {
        char *base = ptr_join("", key);
        *ptr = base ? ptr_join(base, id) : NULL;
        o = cJSON_CreateObject();
        put(im, coll, base ? base : "", id, o, im->c.kind);
        free(base);
        im->oom |= !*ptr;
    }
    free(id);
    return o;
}

/* The "customer" setting: its name in the language columns, its traits in "value". */
static void customer_setting(Imp *im)
{
    cJSON *c = cJSON_CreateObject();
    put(im, im->root, "", "customer", c, im->c.value);
    put_text(im, c, "/customer", "name", im->c.loc, false);
    char *s = c ? trimmed(im, im->c.value) : NULL, msg[256];
    if (s && !sheet_customer_parse(s, c, msg, sizeof msg))
        error(im, im->c.value, "%s%s", msg, "");
    free(s);
}

static void setting_row(Imp *im)
{
    static const char *const texts[] = {"title", "summary", "counterpart"};
    static const char *const strings[] = {"id", "version", "level", "group", "start", "$schema"};
    static const char *const numbers[] = {"format", "pass_percent", "time_limit"};
    static const char *const all[] = {"title", "summary", "counterpart", "id",     "version",    "level", "group",
                                      "start", "$schema", "format",      "tags",   "pass_percent", "time_limit",
                                      "customer", "say_aloud"};
    char *key = trimmed(im, im->c.id);
    if (!key) {
        im->oom = true;
        return;
    }
    bool done = false;
    for (int i = 0; i < 3 && !done; i++)
        if ((done = !strcmp(key, texts[i])))
            put_text(im, im->root, "", key, im->c.loc, false);
    for (int i = 0; i < 6 && !done; i++)
        if ((done = !strcmp(key, strings[i])))
            put_string(im, im->root, "", key, im->c.value);
    for (int i = 0; i < 3 && !done; i++)
        if ((done = !strcmp(key, numbers[i])) && !blank(im, im->c.value)) {
            cJSON *n = number_cell(im, im->c.value, i != 2, key);
            if (n)
                put(im, im->root, "", key, n, im->c.value);
        }
    if (!done && (done = !strcmp(key, "customer")))
        customer_setting(im);
    if (!done && (done = !strcmp(key, "say_aloud")))
        put_flag(im, im->root, "", key, im->c.value, true, "\"say_aloud\" is \"yes\" or \"no\"");
    if (!done && !strcmp(key, "tags")) {
        done = true;
        ItemCtx ctx = {im->c.value, cJSON_CreateArray()};
        char *s = trimmed(im, im->c.value);
        if (s && ctx.value && each_item(s, true, technique_item, im, &ctx) == 0)
            put(im, im->root, "", "tags", ctx.value, im->c.value);
        else
            cJSON_Delete(ctx.value);
        free(s);
    }
    if (!done) {
        const char *near = suggest_nearest(key, all, (int)(sizeof all / sizeof all[0]));
        char hint[64] = "";
        if (near)
            snprintf(hint, sizeof hint, "; did you mean \"%s\"?", near);
        error(im, im->c.id, "unknown setting \"%s\"%s", key, hint);
    }
    free(key);
}

static void meter_row(Imp *im)
{
    char *ptr = NULL;
    cJSON *m = new_member(im, "meters", "meter", &ptr);
    if (!m)
        return;
    put_text(im, m, ptr, "name", im->c.loc, true);
    char *s = trimmed(im, im->c.value);
    for (char *tok = s ? strtok(s, " ,;\t") : NULL; tok; tok = strtok(NULL, " ,;\t")) {
        char *eq = strchr(tok, '=');
        char *end = NULL;
        long v = eq ? strtol(eq + 1, &end, 10) : 0;
        if (eq)
            *eq = '\0';
        bool isint = eq && end && eq[1] && !*end;
        if (eq && (!strcmp(tok, "min") || !strcmp(tok, "max") || !strcmp(tok, "start")) && isint)
            put(im, m, ptr, tok, cJSON_CreateNumber((double)v), im->c.value);
        else if (eq && !strcmp(tok, "show") && (!strcmp(eq + 1, "yes") || !strcmp(eq + 1, "no")))
            put(im, m, ptr, "show", cJSON_CreateBool(!strcmp(eq + 1, "yes")), im->c.value);
        else {
            error(im, im->c.value,
                  "a meter's value is written \"min=0 max=100 start=30\" (and \"show=no\" for a hidden one); "
                  "\"%s\" is not understood%s",
                  tok, "");
            break;
        }
    }
    free(s);
    free(ptr);
}

static void node_row(Imp *im)
{
    free(im->node_ptr);
    im->node_ptr = NULL;
    im->node = new_member(im, "nodes", "node", &im->node_ptr);
    if (!im->node)
        return;
    const char *p = im->node_ptr;
    put_string(im, im->node, p, "speaker", im->c.speaker);
    put_string(im, im->node, p, "mood", im->c.mood);
    put_text(im, im->node, p, "text", im->c.loc, true);
    put_string(im, im->node, p, "sound", im->c.sound);
    put_effects(im, im->node, p);
    if (!blank(im, im->c.timer)) {
        cJSON *n = number_cell(im, im->c.timer, false, "\"timer\" (seconds to decide)");
        if (n)
            put(im, im->node, p, "time_limit", n, im->c.timer);
    }
    put_goto(im, im->node, p, im->c.next);
    bool closing = false; /* an ending's closing summary, in the feedback columns */
    for (int i = 0; i < im->c.nloc; i++)
        closing |= !blank(im, im->c.fb[i]);
    if (!blank(im, im->c.end) || closing) {
        cJSON *end = cJSON_CreateObject();
        put(im, im->node, p, "end", end, blank(im, im->c.end) ? im->c.fb[0] : im->c.end);
        char *ep = ptr_join(p, "end");
        put_string(im, end, ep ? ep : "", "outcome", im->c.end);
        put_text(im, end, ep ? ep : "", "text", im->c.fb, false);
        free(ep);
    }
}

static void answer_row(Imp *im)
{
    if (!im->node) {
        error(im, im->c.kind, "an answer row belongs to the node row above it, and there is none%s%s", "", "");
        return;
    }
    cJSON *choices = cJSON_GetObjectItemCaseSensitive(im->node, "choices");
    if (!choices) {
        choices = cJSON_CreateArray();
        put(im, im->node, im->node_ptr, "choices", choices, im->c.kind);
    }
    char *cp = ptr_join(im->node_ptr, "choices"), idx[16];
    snprintf(idx, sizeof idx, "%d", cJSON_GetArraySize(choices));
    char *p = cp ? ptr_join(cp, idx) : NULL;
    cJSON *c = cJSON_CreateObject();
    if (!p || !c || !cJSON_AddItemToArray(choices, c)) {
        cJSON_Delete(c);
        im->oom = true;
    } else {
        origin(im, p, im->c.kind);
        put_string(im, c, p, "id", im->c.id);
        put_text(im, c, p, "text", im->c.loc, true);
        put_string(im, c, p, "requires", im->c.requires);
        put_outcome(im, c, p);
    }
    free(cp);
    free(p);
}

static void timeout_row(Imp *im)
{
    char *id = trimmed(im, im->c.id);
    if (!id) {
        im->oom = true;
        return;
    }
    cJSON *owner = im->root;
    char *ptr = strdup("");
    if (*id) {
        owner = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(im->root, "nodes"), id);
        free(ptr);
        char *np = ptr_join("", "nodes");
        ptr = np ? ptr_join(np, id) : NULL;
        free(np);
        if (!owner)
            error(im, im->c.id, "a timeout row names its node in \"id\" (empty: the scenario's default timeout), "
                                "and no node row above is \"%s\"%s", id, "");
    }
    if (owner && ptr) {
        cJSON *t = cJSON_CreateObject();
        put(im, owner, ptr, "timeout", t, im->c.kind);
        char *tp = ptr_join(ptr, "timeout");
        if (tp)
            put_outcome(im, t, tp);
        free(tp);
    }
    free(ptr);
    free(id);
}

static void simple_row(Imp *im, const char *key, const char *what, const char *textkey, bool with_next)
{
    char *ptr = NULL;
    cJSON *o = new_member(im, key, what, &ptr);
    if (o) {
        put_text(im, o, ptr, textkey, im->c.loc, true);
        if (with_next)
            put_goto(im, o, ptr, im->c.next);
    }
    free(ptr);
}

static void row(Imp *im)
{
    static const char *const kinds[] = {"setting", "competency", "meter", "event", "node", "answer", "timeout"};
    char *kind = trimmed(im, im->c.kind);
    if (!kind) {
        im->oom = true;
        return;
    }
    for (char *p = kind; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (!strcmp(kind, "setting"))
        setting_row(im);
    else if (!strcmp(kind, "competency"))
        simple_row(im, "competencies", "competency", "name", false);
    else if (!strcmp(kind, "meter"))
        meter_row(im);
    else if (!strcmp(kind, "event"))
        simple_row(im, "events", "event", "label", true);
    else if (!strcmp(kind, "node"))
        node_row(im);
    else if (!strcmp(kind, "answer"))
        answer_row(im);
    else if (!strcmp(kind, "timeout"))
        timeout_row(im);
    else {
        const char *near = suggest_nearest(kind, kinds, 7);
        char hint[64] = "";
        if (near)
            snprintf(hint, sizeof hint, "did you mean \"%s\"? ", near);
        error(im, im->c.kind, "unknown kind of row \"%s\"; %sa row is a setting, competency, meter, event, node, "
                              "answer or timeout", kind, hint);
    }
    free(kind);
}

/* ---- the loader's diagnostics onto the sheet ---- */

static const Origin *origin_of(const Imp *im, const char *pointer)
{
    const Origin *best = NULL;
    size_t best_len = 0;
    for (int i = 0; i < im->norigins; i++) {
        const char *p = im->origins[i].pointer;
        size_t n = strlen(p);
        if (!strncmp(pointer, p, n) && (pointer[n] == '\0' || pointer[n] == '/') && (!best || n > best_len)) {
            best = &im->origins[i];
            best_len = n;
        }
    }
    return best;
}

static void move_diags(Imp *im, const DiagList *from)
{
    for (int i = 0; i < from->count; i++) {
        const Diag *d = &from->items[i];
        const Origin *o = origin_of(im, d->pointer);
        const char *missing = "missing required key \"";
        if ((!o || !d->pointer[0]) && !strncmp(d->message, missing, strlen(missing))) {
            char key[80];
            snprintf(key, sizeof key, "%.*s", (int)strcspn(d->message + strlen(missing), "\""),
                     d->message + strlen(missing));
            diag_add(im->diags, d->severity, im->name, 0, 0, "",
                     "the setting \"%s\" is missing: add a row with kind \"setting\", id \"%s\" and its value", key,
                     key);
            continue;
        }
        if (!o) {
            diag_add(im->diags, d->severity, im->name, 0, 0, "", "%s", d->message);
            continue;
        }
        char col[96] = "";
        if (o->col - 1 < im->header_cells)
            snprintf(col, sizeof col, "column %s", im->header[o->col - 1]);
        diag_add(im->diags, d->severity, im->name, o->row, o->col, col, "%s", d->message);
    }
}

/* The sheet into JSON and a Scenario: both NULL after any error (in diags). */
Scenario *sheet_import_scenario(const char *csv, size_t len, const char *name, const char *dir, DiagList *diags,
                        char **json_out)
{
    *json_out = NULL;
    SheetTable t;
    if (sheet_csv_parse(csv, len, name, &t, diags) < 0)
        return NULL;
    Imp im = {.name = name, .diags = diags, .t = &t, .root = cJSON_CreateObject()};
    int errors0 = diags->errors;
    bool header = false;
    for (int r = 0; r < t.nrows && im.root && !im.oom; r++) {
        im.row = r + 1;
        im.r = &t.rows[r];
        bool empty = true;
        for (int k = 0; k < im.r->ncells && empty; k++)
            empty = blank(&im, k);
        if (empty)
            continue;
        if (!header) {
            header = true;
            if (read_header(&im) < 0)
                break;
            continue;
        }
        row(&im);
    }
    if (!header && diags->errors == errors0)
        diag_add(diags, DIAG_ERROR, name, 0, 0, "", "the sheet is empty; start from one that `sparring sheet export` "
                                                      "or `sparring new --sheet` wrote");
    if (header && !cJSON_GetObjectItemCaseSensitive(im.root, "format"))
        cJSON_AddNumberToObject(im.root, "format", 1);
    Scenario *sc = NULL;
    if (!im.root || im.oom)
        diag_add(diags, DIAG_ERROR, name, 0, 0, "", "out of memory");
    else if (diags->errors == errors0) {
        /* locales: the text columns, in order */
        cJSON *locs = cJSON_CreateArray();
        for (int i = 0; locs && i < im.c.nloc; i++)
            cJSON_AddItemToArray(locs, cJSON_CreateString(im.c.locname[i]));
        cJSON *ordered = cJSON_CreateObject(); /* "locales" after "level", where people put it */
        while (ordered && locs && im.root->child) {
            cJSON *c = cJSON_DetachItemViaPointer(im.root, im.root->child);
            bool level = !strcmp(c->string, "level");
            cJSON_AddItemToObject(ordered, c->string, c);
            if (level || !im.root->child) {
                cJSON_AddItemToObject(ordered, "locales", locs);
                locs = NULL;
                while (im.root->child) {
                    c = cJSON_DetachItemViaPointer(im.root, im.root->child);
                    cJSON_AddItemToObject(ordered, c->string, c);
                }
            }
        }
        if (ordered && !locs) {
            cJSON_Delete(im.root);
            im.root = ordered;
        } else {
            cJSON_Delete(ordered);
            cJSON_Delete(locs);
        }
        TextBuf b = {0};
        sheet_json_print(&b, im.root, 0);
        textbuf_str(&b, "\n");
        DiagList load = {0};
        if (!b.failed)
            sc = scenario_load_buffer(b.s, b.len, name, dir, &load);
        if (sc) /* answers without feedback, as validate says them */
            lint_scenario(sc, NULL, 0, name, &load);
        move_diags(&im, &load);
        diag_list_free(&load);
        if (sc)
            *json_out = b.s;
        else
            free(b.s);
    }
    for (int i = 0; i < im.norigins; i++)
        free(im.origins[i].pointer);
    free(im.origins);
    free(im.node_ptr);
    cJSON_Delete(im.root);
    sheet_table_free(&t);
    return sc;
}

char *sheet_import(const char *csv, size_t len, const char *name, const char *dir, DiagList *diags)
{
    char *json;
    Scenario *sc = sheet_import_scenario(csv, len, name, dir, diags, &json);
    scenario_free(sc);
    return json;
}
