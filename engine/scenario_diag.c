/* scenario_diag: the loader's diagnostics (errors and warnings at the current JSON pointer,
 * capped at MAX_DIAGS), and the checks of plain values and texts. */
#include "scenario_parse.h"

#include <stdarg.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

/* ---- diagnostics ---- */

void sl_add_side(L *l, Side s)
{
    int i = l->diags->count - 1 - l->diag_start;
    if (i < 0)
        return;
    if (i >= l->side_cap) {
        int cap = l->side_cap ? l->side_cap * 2 : 32;
        while (cap <= i)
            cap *= 2;
        Side *n = realloc(l->side, (size_t)cap * sizeof *n);
        if (!n)
            sl_oom(l);
        memset(n + l->side_cap, 0, (size_t)(cap - l->side_cap) * sizeof *n);
        for (int k = l->side_cap; k < cap; k++)
            n[k].in_string = -1;
        l->side = n;
        l->side_cap = cap;
    }
    l->side[i] = s;
    if (i + 1 > l->nside)
        l->nside = i + 1;
}

/* Is there room for one more diagnostic? Counts it when not. */
bool sl_room(L *l, DiagSeverity sev)
{
    if (l->diags->count - l->diag_start < MAX_DIAGS)
        return true;
    if (sev == DIAG_ERROR)
        l->dropped_errors++;
    else
        l->dropped_warnings++;
    return false;
}

static void vreport(L *l, DiagSeverity sev, Side side, const char *fmt, va_list ap)
{
    if (!sl_room(l, sev))
        return;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (diag_add(l->diags, sev, l->name, 0, 0, l->path ? l->path : "", "%s", msg) < 0)
        sl_oom(l);
    sl_add_side(l, side);
}

/* An error at the current value. */
__attribute__((format(printf, 2, 3))) void sl_err(L *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(l, DIAG_ERROR, (Side){.in_string = -1}, fmt, ap);
    va_end(ap);
}

/* An error at the current member's key. */
__attribute__((format(printf, 2, 3))) void sl_err_key(L *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(l, DIAG_ERROR, (Side){.key = true, .in_string = -1}, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 2, 3))) void sl_warn(L *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(l, DIAG_WARNING, (Side){.in_string = -1}, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 2, 3))) void sl_warn_key(L *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(l, DIAG_WARNING, (Side){.key = true, .in_string = -1}, fmt, ap);
    va_end(ap);
}

/* An error at a member `key` of the current object (its value; with at_key, its key). */
__attribute__((format(printf, 4, 5))) void sl_err_at(L *l, const char *key, bool at_key,
                                                          const char *fmt, ...)
{
    size_t m = sl_path_push(l, key);
    va_list ap;
    va_start(ap, fmt);
    vreport(l, DIAG_ERROR, (Side){.key = at_key, .in_string = -1}, fmt, ap);
    va_end(ap);
    sl_path_pop(l, m);
}

int sl_errors(const L *l) { return l->diags->errors - l->errors_start + l->dropped_errors; }

/* jsonpos reports syntax errors and duplicate keys at raw offsets. */
void sl_jsonpos_report(void *ctx, size_t off, const char *pointer, const char *message)
{
    L *l = ctx;
    if (!sl_room(l, DIAG_ERROR) || l->report_oom)
        return;
    /* no longjmp from inside jsonpos (it would leak its memory): noted, and jumped after */
    if (diag_add(l->diags, DIAG_ERROR, l->name, 0, 0, pointer, "%s", message) < 0) {
        l->report_oom = true;
        return;
    }
    if (setjmp(l->side_oom) == 0) {
        l->in_report = true;
        sl_add_side(l, (Side){.has_off = true, .off = off, .in_string = -1});
    } else {
        l->report_oom = true;
    }
    l->in_report = false;
}

/* ---- checks of plain values ---- */

/* A name from the file, fit to show in a message: at most about 64 bytes (cut at a character
 * boundary, with "..."), control characters shown as '?', so a diagnostic stays one line. */
const char *sl_shown(char *buf, size_t size, const char *s)
{
    size_t n = 0, limit = size - 4;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n < limit) {
        size_t k = 1;
        if (*p >= 0xC0)
            while ((p[k] & 0xC0) == 0x80 && k < 4)
                k++;
        if (n + k > limit)
            break;
        for (size_t i = 0; i < k; i++)
            buf[n++] = (char)(p[i] < 0x20 || p[i] == 0x7F ? '?' : p[i]);
        p += k;
    }
    if (*p) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = 0;
    return buf;
}

bool sl_valid_id(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    size_t n = 1;
    for (const char *p = s + 1; *p; p++, n++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return n <= 64;
}

bool sl_reserved_word(const char *s)
{
    return !strcmp(s, "and") || !strcmp(s, "or") || !strcmp(s, "not") || !strcmp(s, "true") ||
           !strcmp(s, "false");
}

/* Checks an id; reports at the current value (or key). Returns true when valid. */
bool sl_check_id(L *l, const char *s, const char *what, bool at_key)
{
    if (sl_reserved_word(s)) {
        (at_key ? sl_err_key : sl_err)(l, "\"%s\" is a reserved word of conditions and cannot be a %s id", s, what);
        return false;
    }
    if (!sl_valid_id(s)) {
        (at_key ? sl_err_key : sl_err)(l,
                                 "invalid %s id \"%s\": an id starts with a letter or '_', then up to "
                                 "63 letters, digits or '_'",
                                 what, SHOWN(s));
        return false;
    }
    return true;
}


const char *sl_type_name(const cJSON *it)
{
    if (cJSON_IsObject(it))
        return "an object";
    if (cJSON_IsArray(it))
        return "an array";
    if (cJSON_IsString(it))
        return "a string";
    if (cJSON_IsNumber(it))
        return "a number";
    if (cJSON_IsBool(it))
        return "a boolean";
    return "null";
}

/* Reads a 32-bit integer (the current value); reports and returns false otherwise. */
bool sl_get_int(L *l, const cJSON *it, const char *what, int *out)
{
    if (!cJSON_IsNumber(it)) {
        sl_err(l, "%s must be an integer, not %s", what, sl_type_name(it));
        return false;
    }
    double d = it->valuedouble;
    if (!isfinite(d) || d != floor(d)) {
        sl_err(l, "%s must be an integer, not %g", what, d);
        return false;
    }
    if (d < INT32_MIN || d > INT32_MAX) {
        sl_err(l, "%s %.0f is out of range (a 32-bit integer: -2147483648 to 2147483647)", what, d);
        return false;
    }
    *out = (int)d;
    return true;
}

/* A string no longer than a text may be; reports otherwise. */
const char *sl_get_string(L *l, const cJSON *it, const char *what)
{
    if (!cJSON_IsString(it) || !it->valuestring) {
        sl_err(l, "%s must be a string, not %s", what, sl_type_name(it));
        return NULL;
    }
    size_t n = strlen(it->valuestring);
    if (n > SC_MAX_TEXT_BYTES) {
        sl_err(l, "%s is %zu bytes long; the limit is 16 KiB (%d bytes)", what, n, SC_MAX_TEXT_BYTES);
        return NULL;
    }
    return it->valuestring;
}

/* Warns about every key of obj not in `known` (NULL-terminated). */
void sl_check_keys(L *l, const cJSON *obj, const char *const *known, const char *what)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, obj)
    {
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++)
            ok = (*k)[0] == m->string[0] && !strcmp(*k, m->string);
        if (!ok) {
            size_t mark = sl_path_push(l, m->string);
            sl_warn_key(l, "unknown key \"%s\" in %s; it is ignored", SHOWN(m->string), what);
            sl_path_pop(l, mark);
        }
    }
}

/* One pass over obj's members (the hot objects: nodes, choices): f[i] gets the member named
 * known[i] (NULL-terminated list), and every other key a warning. */
void sl_fields(L *l, const cJSON *obj, const char *const *known, const cJSON **f, const char *what)
{
    int n = 0;
    while (known[n])
        f[n++] = NULL;
    const cJSON *m;
    cJSON_ArrayForEach(m, obj)
    {
        const char *k = m->string;
        int i = 0;
        while (i < n && (known[i][0] != k[0] || strcmp(known[i], k)))
            i++;
        if (i < n) {
            if (!f[i])
                f[i] = m; /* a repeated key is an error already; the first counts, like cJSON */
            continue;
        }
        size_t mark = sl_path_push(l, k);
        sl_warn_key(l, "unknown key \"%s\" in %s; it is ignored", SHOWN(k), what);
        sl_path_pop(l, mark);
    }
}

/* ---- texts ---- */

/* Reads a text (the current value) into *out. */
static void get_text(L *l, const cJSON *it, ScText *out, const char *what)
{
    Scenario *sc = l->sc;
    if (cJSON_IsString(it)) {
        const char *s = sl_get_string(l, it, what);
        if (!s)
            return;
        if (sc->nlocales > 1) {
            sl_err(l, "%s must give every locale (%s, %s%s), as an object like {\"%s\": \"...\", \"%s\": \"...\"}",
                what, sc->locales[0], sc->locales[1], sc->nlocales > 2 ? ", ..." : "", sc->locales[0],
                sc->locales[1]);
            return;
        }
        out->by_locale = sl_array(l, 1, sizeof(char *));
        out->by_locale[0] = sl_strdup(l, s);
        return;
    }
    if (!cJSON_IsObject(it)) {
        sl_err(l, "%s must be a text: a string, or an object with one string per locale; not %s", what,
            sl_type_name(it));
        return;
    }
    int n = sc->nlocales > 0 ? sc->nlocales : 1;
    out->by_locale = sl_array(l, (size_t)n, sizeof(char *));
    bool found[SC_MAX_LOCALES] = {false};
    const cJSON *m;
    cJSON_ArrayForEach(m, it)
    {
        size_t mark = sl_path_push(l, m->string);
        int li = -1;
        for (int i = 0; i < sc->nlocales && li < 0; i++)
            if (sc->locales[i][0] == m->string[0] && !strcmp(sc->locales[i], m->string))
                li = i;
        if (li >= 0)
            found[li] = true;
        if (li < 0) {
            const char *near = suggest_nearest(m->string, (const char *const *)sc->locales, sc->nlocales);
            if (sc->nlocales > 0)
                sl_warn_key(l, "locale \"%s\" is not in \"locales\"; this text is ignored%s%s%s", SHOWN(m->string),
                         near ? " (did you mean the locale \"" : "", near ? near : "", near ? "\"?)" : "");
        } else {
            const char *s = sl_get_string(l, m, what);
            if (s)
                out->by_locale[li] = sl_strdup(l, s);
        }
        sl_path_pop(l, mark);
    }
    for (int i = 0; i < sc->nlocales; i++)
        if (!found[i])
            sl_err(l, "%s is missing locale \"%s\"", what, sc->locales[i]);
}

/* Reads the text `it`, member `key` of the current object (NULL when absent) into *out. */
void sl_text_field(L *l, const cJSON *it, const char *key, ScText *out, bool required, const char *what)
{
    if (!it) {
        if (required)
            sl_err(l, "missing required key \"%s\"", key);
        return;
    }
    size_t mark = sl_path_push(l, key);
    get_text(l, it, out, what);
    sl_path_pop(l, mark);
}

/* Reads a text member `key` of obj into *out. */
void sl_member_text(L *l, const cJSON *obj, const char *key, ScText *out, bool required,
                        const char *what)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it) {
        if (required)
            sl_err(l, "missing required key \"%s\"", key);
        return;
    }
    size_t mark = sl_path_push(l, key);
    get_text(l, it, out, what);
    sl_path_pop(l, mark);
}
