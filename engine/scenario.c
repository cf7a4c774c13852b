/* scenario: loading, validating and compiling a scenario file (scenario-format.md).
 *
 * Steps: size limit and SHA-256 of the bytes; jsonpos checks the syntax strictly (nesting,
 * duplicate keys, UTF-8, a sanity limit on values) and keeps where every value is; cJSON parses
 * (into an arena, see "cJSON's memory"); the flags are gathered from jsonpos's entries in file
 * order; one walk over cJSON's tree type-checks every field and builds the Scenario, reporting
 * every problem with its JSON pointer; graph warnings; the maximum score (score.c); then every
 * pointer is turned into a line and column in one pass over the text, and the diagnostics (at
 * most MAX_DIAGS, then a summary line) are sorted.
 *
 * All memory of a Scenario but its compiled conditions comes from one arena, so a
 * half-built Scenario (on an error, or out of memory) frees in one go. Out of memory inside
 * the walk jumps back to scenario_load_buffer (longjmp), which frees everything. */
#include "scenario_internal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "jsonpos.h"
#include "sha256.h"

/* Flags share the meters' name map, with indexes offset by this. */
#define FLAG_BASE 1000000

/* Diagnostics kept per file: past this many, the rest are counted and summed up in one line
 * (a damaged or hostile file can hold millions of problems). */
#define MAX_DIAGS 1000

/* The longest timer accepted, in seconds: a day. Longer values are surely mistakes, and this
 * keeps every time computation far from overflow. */
#define SC_MAX_TIME_LIMIT 86400.0

/* ---- arena ---- */

typedef struct Block {
    struct Block *next;
    size_t used, cap;
    max_align_t data[];
} Block;

/* ---- string -> index map (open addressing) ---- */

typedef struct {
    const char **keys;
    int *vals;
    size_t mask;
    int count;
} StrMap;

typedef struct {
    struct Scenario sc; /* first: a Scenario * is a Loaded * */
    Block *blocks;
    StrMap nodes, events, names, competencies;
    int exprs_cap;
} Loaded;

typedef struct {
    const char **names;
    char **where; /* the JSON pointer of each flag's first "set" */
    int n, cap;
} NameList;

/* Per diagnostic: where its position comes from. */
typedef struct {
    bool nopos;    /* a file-level problem: no line */
    bool key;      /* the member's key rather than its value */
    bool has_off;  /* off is the raw byte offset */
    size_t off;
    long in_string; /* >= 0: decoded byte offset inside the string value */
} Side;

typedef struct {
    Loaded *ld;
    Scenario *sc;
    const char *name;
    const char *dir;
    char *dir_real; /* realpath of dir, when sounds need it */
    bool dir_real_failed;
    const char *text;
    size_t len;
    DiagList *diags;
    int diag_start, errors_start;
    Side *side;
    int nside, side_cap;
    JsonPos *jp;
    cJSON *root;
    struct Block *cjson_blocks; /* cJSON's tree, when it was built in an arena (see below) */
    jmp_buf oom;
    jmp_buf side_oom; /* inside jsonpos's callback */
    bool in_report, report_oom;
    /* the JSON pointer of the value being checked */
    char *path;
    size_t path_len, path_cap;
    /* flags read by some condition */
    bool *flag_read;
    /* node-level timer data (per node) */
    bool *node_has_limit;
    bool *node_timeout_key, top_timeout_key; /* a "timeout" is written (valid or not) */
    const ScChoice **node_timeout;
    bool stop; /* an unsupported format, or too many nodes: nothing else is checked */
    int dropped_errors, dropped_warnings; /* past MAX_DIAGS */
    NameList flags; /* names in "set", in order of first appearance */
} L;

static const char *const BUILTIN_CUES[] = {"ring", "pickup", "hangup", "busy", "chime", "tick"};

/* ---- cJSON's memory ----
 * A 5 MB scenario is some 300,000 cJSON items and strings: allocated one by one and freed one
 * by one, they cost more than half of a load. While this thread parses a scenario, cJSON's
 * allocations come from an arena instead, dropped in one go afterwards (the tree is never
 * cJSON_Delete'd then). cJSON's hooks are process-wide, so they stay transparent: outside a
 * parse on this thread (the flag is thread-local) they are exactly malloc and free. If some
 * other code installs its own hooks, the arena stays empty and the tree is deleted the usual
 * way. Sanitizer builds keep plain malloc, so each item keeps its own redzones. */

#if defined(__SANITIZE_ADDRESS__)
#define SC_PARSE_ARENA 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SC_PARSE_ARENA 0
#endif
#endif
#ifndef SC_PARSE_ARENA
#define SC_PARSE_ARENA 1
#endif

#if SC_PARSE_ARENA
static _Thread_local Block **parse_blocks; /* non-NULL while this thread parses */

static void *parse_malloc(size_t size)
{
    if (!parse_blocks)
        return malloc(size);
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    Block *b = *parse_blocks;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > 65536 ? size : 262144;
        Block *nb = malloc(sizeof(Block) + cap);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        if (b && size > 65536) { /* a big one aside: the current block keeps its room */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            *parse_blocks = nb;
        }
        b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

static void parse_free(void *p)
{
    if (!parse_blocks) /* during a parse, cJSON frees only what it took from the arena */
        free(p);
}

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void install_hooks(void)
{
    cJSON_Hooks h = {parse_malloc, parse_free};
    cJSON_InitHooks(&h);
}
#endif

static void free_blocks(Block *b)
{
    while (b) {
        Block *next = b->next;
        free(b);
        b = next;
    }
}

/* ---- memory ---- */

static void oom(L *l) { longjmp(l->in_report ? l->side_oom : l->oom, 1); }

static void *arena_alloc(L *l, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (size == 0)
        size = sizeof(max_align_t);
    Block *b = l->ld->blocks;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > 60000 ? size : 60000;
        b = malloc(sizeof(Block) + cap);
        if (!b)
            oom(l);
        b->next = l->ld->blocks;
        b->used = 0;
        b->cap = cap;
        l->ld->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

static void *arena_array(L *l, size_t n, size_t size)
{
    if (n && size > SIZE_MAX / n)
        oom(l);
    return arena_alloc(l, n * size);
}

static char *arena_strdup(L *l, const char *s)
{
    size_t n = strlen(s);
    char *d = arena_alloc(l, n + 1);
    memcpy(d, s, n + 1);
    return d;
}

/* A seed per process (from where the stack is, which ASLR moves), so a file cannot be built to
 * make every id collide. */
static uint32_t hash_seed(void)
{
    static uint32_t seed;
    if (!seed) {
        int local;
        uintptr_t a = (uintptr_t)&local;
        seed = ((uint32_t)a ^ (uint32_t)(a >> 32)) * 2654435761u | 1u;
    }
    return seed;
}

static uint32_t str_hash(const char *s)
{
    uint32_t h = 2166136261u ^ hash_seed();
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static void map_init(L *l, StrMap *m, int expected)
{
    size_t cap = 16;
    while (cap < (size_t)expected * 2 + 2)
        cap *= 2;
    m->keys = calloc(cap, sizeof *m->keys);
    m->vals = calloc(cap, sizeof *m->vals);
    if (!m->keys || !m->vals)
        oom(l);
    m->mask = cap - 1;
    m->count = 0;
}

static void map_free(StrMap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static int map_get(const StrMap *m, const char *key)
{
    if (!m->keys || !key)
        return -1;
    for (size_t s = str_hash(key) & m->mask; m->keys[s]; s = (s + 1) & m->mask)
        if (!strcmp(m->keys[s], key))
            return m->vals[s];
    return -1;
}

/* Adds key -> val unless present; returns the existing value, or -1 when added. The key must
 * outlive the map. The map grows as needed. */
static int map_put(L *l, StrMap *m, const char *key, int val)
{
    int old = map_get(m, key);
    if (old >= 0)
        return old;
    if ((size_t)(m->count + 1) * 2 > m->mask + 1) {
        StrMap g;
        map_init(l, &g, (int)(m->mask + 1));
        for (size_t i = 0; i <= m->mask; i++)
            if (m->keys[i]) {
                size_t s = str_hash(m->keys[i]) & g.mask;
                while (g.keys[s])
                    s = (s + 1) & g.mask;
                g.keys[s] = m->keys[i];
                g.vals[s] = m->vals[i];
            }
        g.count = m->count;
        map_free(m);
        *m = g;
    }
    size_t s = str_hash(key) & m->mask;
    while (m->keys[s])
        s = (s + 1) & m->mask;
    m->keys[s] = key;
    m->vals[s] = val;
    m->count++;
    return -1;
}

/* ---- the current JSON pointer ---- */

static void path_reserve(L *l, size_t extra)
{
    if (l->path_len + extra + 1 <= l->path_cap)
        return;
    size_t cap = l->path_cap ? l->path_cap : 256;
    while (cap < l->path_len + extra + 1)
        cap *= 2;
    char *p = realloc(l->path, cap);
    if (!p)
        oom(l);
    l->path = p;
    l->path_cap = cap;
}

/* Appends "/key" (escaped per RFC 6901); returns the mark to restore with path_pop. */
static size_t path_push(L *l, const char *key)
{
    size_t mark = l->path_len;
    size_t n = strlen(key);
    path_reserve(l, 2 * n + 1);
    l->path[l->path_len++] = '/';
    for (size_t i = 0; i < n; i++) {
        if (key[i] == '~' || key[i] == '/') {
            l->path[l->path_len++] = '~';
            l->path[l->path_len++] = key[i] == '~' ? '0' : '1';
        } else {
            l->path[l->path_len++] = key[i];
        }
    }
    l->path[l->path_len] = 0;
    return mark;
}

static size_t path_push_index(L *l, int i)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", i);
    return path_push(l, buf);
}

static void path_pop(L *l, size_t mark)
{
    l->path_len = mark;
    l->path[mark] = 0;
}

/* ---- diagnostics ---- */

static void add_side(L *l, Side s)
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
            oom(l);
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
static bool room(L *l, DiagSeverity sev)
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
    if (!room(l, sev))
        return;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (diag_add(l->diags, sev, l->name, 0, 0, l->path ? l->path : "", "%s", msg) < 0)
        oom(l);
    add_side(l, side);
}

/* An error at the current value. */
__attribute__((format(printf, 2, 3))) static void err(L *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(l, DIAG_ERROR, (Side){.in_string = -1}, fmt, ap);
    va_end(ap);
}

/* An error at the current member's key. */
__attribute__((format(printf, 2, 3))) static void err_key(L *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(l, DIAG_ERROR, (Side){.key = true, .in_string = -1}, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 2, 3))) static void warn(L *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(l, DIAG_WARNING, (Side){.in_string = -1}, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 2, 3))) static void warn_key(L *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(l, DIAG_WARNING, (Side){.key = true, .in_string = -1}, fmt, ap);
    va_end(ap);
}

/* An error at a member `key` of the current object (its value; with at_key, its key). */
__attribute__((format(printf, 4, 5))) static void err_at(L *l, const char *key, bool at_key,
                                                          const char *fmt, ...)
{
    size_t m = path_push(l, key);
    va_list ap;
    va_start(ap, fmt);
    vreport(l, DIAG_ERROR, (Side){.key = at_key, .in_string = -1}, fmt, ap);
    va_end(ap);
    path_pop(l, m);
}

static int errors(const L *l) { return l->diags->errors - l->errors_start + l->dropped_errors; }

/* jsonpos reports syntax errors and duplicate keys at raw offsets. */
static void jsonpos_report(void *ctx, size_t off, const char *pointer, const char *message)
{
    L *l = ctx;
    if (!room(l, DIAG_ERROR) || l->report_oom)
        return;
    /* no longjmp from inside jsonpos (it would leak its memory): noted, and jumped after */
    if (diag_add(l->diags, DIAG_ERROR, l->name, 0, 0, pointer, "%s", message) < 0) {
        l->report_oom = true;
        return;
    }
    if (setjmp(l->side_oom) == 0) {
        l->in_report = true;
        add_side(l, (Side){.has_off = true, .off = off, .in_string = -1});
    } else {
        l->report_oom = true;
    }
    l->in_report = false;
}

/* ---- checks of plain values ---- */

/* A name from the file, fit to show in a message: at most about 64 bytes (cut at a character
 * boundary, with "..."), control characters shown as '?', so a diagnostic stays one line. */
static const char *shown(char *buf, size_t size, const char *s)
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
#define SHOWN(s) shown((char[72]){0}, 72, (s))

static bool valid_id(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    size_t n = 1;
    for (const char *p = s + 1; *p; p++, n++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return n <= 64;
}

static bool reserved_word(const char *s)
{
    return !strcmp(s, "and") || !strcmp(s, "or") || !strcmp(s, "not") || !strcmp(s, "true") ||
           !strcmp(s, "false");
}

/* Checks an id; reports at the current value (or key). Returns true when valid. */
static bool check_id(L *l, const char *s, const char *what, bool at_key)
{
    if (reserved_word(s)) {
        (at_key ? err_key : err)(l, "\"%s\" is a reserved word of conditions and cannot be a %s id", s, what);
        return false;
    }
    if (!valid_id(s)) {
        (at_key ? err_key : err)(l,
                                 "invalid %s id \"%s\": an id starts with a letter or '_', then up to "
                                 "63 letters, digits or '_'",
                                 what, SHOWN(s));
        return false;
    }
    return true;
}

static bool valid_scenario_id(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
        return false;
    size_t n = 0;
    for (const char *p = s; *p; p++, n++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return n <= 64;
}

static bool valid_version(const char *s)
{
    for (int part = 0; part < 3; part++) {
        if (*s < '0' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
        if (part < 2 && *s++ != '.')
            return false;
    }
    return *s == 0;
}

static bool valid_locale(const char *s)
{
    size_t n = 0;
    while (s[n] >= 'a' && s[n] <= 'z')
        n++;
    if (n < 2 || n > 3)
        return false;
    s += n;
    while (*s) {
        if (*s != '_' && *s != '-')
            return false;
        s++;
        n = 0;
        while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9'))
            n++;
        if (n < 2 || n > 8)
            return false;
        s += n;
    }
    return true;
}

static const char *type_name(const cJSON *it)
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
static bool get_int(L *l, const cJSON *it, const char *what, int *out)
{
    if (!cJSON_IsNumber(it)) {
        err(l, "%s must be an integer, not %s", what, type_name(it));
        return false;
    }
    double d = it->valuedouble;
    if (!isfinite(d) || d != floor(d)) {
        err(l, "%s must be an integer, not %g", what, d);
        return false;
    }
    if (d < INT32_MIN || d > INT32_MAX) {
        err(l, "%s %.0f is out of range (a 32-bit integer: -2147483648 to 2147483647)", what, d);
        return false;
    }
    *out = (int)d;
    return true;
}

/* A string no longer than a text may be; reports otherwise. */
static const char *get_string(L *l, const cJSON *it, const char *what)
{
    if (!cJSON_IsString(it) || !it->valuestring) {
        err(l, "%s must be a string, not %s", what, type_name(it));
        return NULL;
    }
    size_t n = strlen(it->valuestring);
    if (n > SC_MAX_TEXT_BYTES) {
        err(l, "%s is %zu bytes long; the limit is 16 KiB (%d bytes)", what, n, SC_MAX_TEXT_BYTES);
        return NULL;
    }
    return it->valuestring;
}

/* Warns about every key of obj not in `known` (NULL-terminated). */
static void check_keys(L *l, const cJSON *obj, const char *const *known, const char *what)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, obj)
    {
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++)
            ok = (*k)[0] == m->string[0] && !strcmp(*k, m->string);
        if (!ok) {
            size_t mark = path_push(l, m->string);
            warn_key(l, "unknown key \"%s\" in %s; it is ignored", SHOWN(m->string), what);
            path_pop(l, mark);
        }
    }
}

/* One pass over obj's members (the hot objects: nodes, choices): f[i] gets the member named
 * known[i] (NULL-terminated list), and every other key a warning. */
static void fields(L *l, const cJSON *obj, const char *const *known, const cJSON **f, const char *what)
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
        size_t mark = path_push(l, k);
        warn_key(l, "unknown key \"%s\" in %s; it is ignored", SHOWN(k), what);
        path_pop(l, mark);
    }
}

/* ---- texts ---- */

/* Reads a text (the current value) into *out. */
static void get_text(L *l, const cJSON *it, ScText *out, const char *what)
{
    Scenario *sc = l->sc;
    if (cJSON_IsString(it)) {
        const char *s = get_string(l, it, what);
        if (!s)
            return;
        if (sc->nlocales > 1) {
            err(l, "%s must give every locale (%s, %s%s), as an object like {\"%s\": \"...\", \"%s\": \"...\"}",
                what, sc->locales[0], sc->locales[1], sc->nlocales > 2 ? ", ..." : "", sc->locales[0],
                sc->locales[1]);
            return;
        }
        out->by_locale = arena_array(l, 1, sizeof(char *));
        out->by_locale[0] = arena_strdup(l, s);
        return;
    }
    if (!cJSON_IsObject(it)) {
        err(l, "%s must be a text: a string, or an object with one string per locale; not %s", what,
            type_name(it));
        return;
    }
    int n = sc->nlocales > 0 ? sc->nlocales : 1;
    out->by_locale = arena_array(l, (size_t)n, sizeof(char *));
    bool found[SC_MAX_LOCALES] = {false};
    const cJSON *m;
    cJSON_ArrayForEach(m, it)
    {
        size_t mark = path_push(l, m->string);
        int li = -1;
        for (int i = 0; i < sc->nlocales && li < 0; i++)
            if (sc->locales[i][0] == m->string[0] && !strcmp(sc->locales[i], m->string))
                li = i;
        if (li >= 0)
            found[li] = true;
        if (li < 0) {
            if (sc->nlocales > 0)
                warn_key(l, "locale \"%s\" is not in \"locales\"; this text is ignored", SHOWN(m->string));
        } else {
            const char *s = get_string(l, m, what);
            if (s)
                out->by_locale[li] = arena_strdup(l, s);
        }
        path_pop(l, mark);
    }
    for (int i = 0; i < sc->nlocales; i++)
        if (!found[i])
            err(l, "%s is missing locale \"%s\"", what, sc->locales[i]);
}

/* Reads the text `it`, member `key` of the current object (NULL when absent) into *out. */
static void text_field(L *l, const cJSON *it, const char *key, ScText *out, bool required, const char *what)
{
    if (!it) {
        if (required)
            err(l, "missing required key \"%s\"", key);
        return;
    }
    size_t mark = path_push(l, key);
    get_text(l, it, out, what);
    path_pop(l, mark);
}

/* Reads a text member `key` of obj into *out. */
static void member_text(L *l, const cJSON *obj, const char *key, ScText *out, bool required,
                        const char *what)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it) {
        if (required)
            err(l, "missing required key \"%s\"", key);
        return;
    }
    size_t mark = path_push(l, key);
    get_text(l, it, out, what);
    path_pop(l, mark);
}

/* ---- references ---- */

static int find_node_ref(L *l, const cJSON *it)
{
    if (!cJSON_IsString(it)) {
        err(l, "a node id must be a string, not %s", type_name(it));
        return -1;
    }
    int i = map_get(&l->ld->nodes, it->valuestring);
    if (i < 0)
        err(l, "unknown node \"%s\"", SHOWN(it->valuestring));
    return i;
}

/* A goto (the current value). */
static void get_goto(L *l, const cJSON *it, ScGoto *g)
{
    g->node = -1;
    if (cJSON_IsString(it)) {
        g->node = find_node_ref(l, it);
        return;
    }
    if (!cJSON_IsArray(it)) {
        err(l, "\"next\" must be a node id or an array of {\"node\": id, \"weight\": number} branches, not %s",
            type_name(it));
        return;
    }
    int n = cJSON_GetArraySize(it);
    if (n == 0) {
        err(l, "a random branch needs at least one {\"node\": id, \"weight\": number}");
        return;
    }
    g->branches = arena_array(l, (size_t)n, sizeof *g->branches);
    g->nbranches = n;
    static const char *const known[] = {"node", "weight", NULL};
    int i = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, it)
    {
        size_t mark = path_push_index(l, i);
        ScBranch *br = &g->branches[i++];
        br->node = -1;
        if (!cJSON_IsObject(b)) {
            err(l, "a branch must be an object {\"node\": id, \"weight\": number}, not %s", type_name(b));
            path_pop(l, mark);
            continue;
        }
        check_keys(l, b, known, "a branch");
        const cJSON *node = cJSON_GetObjectItemCaseSensitive(b, "node");
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(b, "weight");
        if (!node) {
            err(l, "missing required key \"node\"");
        } else {
            size_t m2 = path_push(l, "node");
            br->node = find_node_ref(l, node);
            path_pop(l, m2);
        }
        if (!w) {
            err(l, "missing required key \"weight\"");
        } else {
            size_t m2 = path_push(l, "weight");
            if (!cJSON_IsNumber(w) || !isfinite(w->valuedouble) || w->valuedouble <= 0)
                err(l, "\"weight\" must be a number greater than 0");
            else
                br->weight = w->valuedouble;
            path_pop(l, m2);
        }
        path_pop(l, mark);
    }
}

/* The goto `it`, member "next" of the current object (NULL when absent: an error). */
static void goto_field(L *l, const cJSON *it, ScGoto *g)
{
    g->node = -1;
    if (!it) {
        err(l, "missing required key \"next\"");
        return;
    }
    size_t mark = path_push(l, "next");
    get_goto(l, it, g);
    path_pop(l, mark);
}

static void member_goto(L *l, const cJSON *obj, ScGoto *g)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, "next");
    g->node = -1;
    if (!it) {
        err(l, "missing required key \"next\"");
        return;
    }
    size_t mark = path_push(l, "next");
    get_goto(l, it, g);
    path_pop(l, mark);
}

static int find_flag(L *l, const char *name)
{
    int i = map_get(&l->ld->names, name);
    return i >= FLAG_BASE ? i - FLAG_BASE : -1;
}

static int find_meter(L *l, const char *name)
{
    int i = map_get(&l->ld->names, name);
    return i >= 0 && i < FLAG_BASE ? i : -1;
}

/* A list of flags in "set" or "clear" (the current value). */
static void get_flag_list(L *l, const cJSON *it, bool set, int **out, int *nout)
{
    const char *key = set ? "set" : "clear";
    if (!cJSON_IsArray(it)) {
        err(l, "\"%s\" must be an array of flag ids, not %s", key, type_name(it));
        return;
    }
    int n = cJSON_GetArraySize(it);
    *out = arena_array(l, (size_t)n, sizeof(int));
    int i = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, it)
    {
        size_t mark = path_push_index(l, i++);
        if (!cJSON_IsString(f)) {
            err(l, "a flag id must be a string, not %s", type_name(f));
        } else if (check_id(l, f->valuestring, "flag", false)) {
            int fi = find_flag(l, f->valuestring);
            if (fi >= 0)
                (*out)[(*nout)++] = fi;
            else if (find_meter(l, f->valuestring) >= 0)
                err(l, "\"%s\" is a meter, not a flag (meters and flags share one name space)", f->valuestring);
            else
                err(l, "unknown flag \"%s\": no \"set\" anywhere in the scenario names it", f->valuestring);
        }
        path_pop(l, mark);
    }
}

/* Effects (the current value). */
static void get_effects(L *l, const cJSON *it, ScEffects *e)
{
    if (!cJSON_IsObject(it)) {
        err(l, "\"effects\" must be an object of meter changes (and \"set\"/\"clear\" flag lists), not %s",
            type_name(it));
        return;
    }
    int n = cJSON_GetArraySize(it);
    e->meters = arena_array(l, (size_t)n, sizeof *e->meters);
    const cJSON *m;
    cJSON_ArrayForEach(m, it)
    {
        size_t mark = path_push(l, m->string);
        if (!strcmp(m->string, "set")) {
            get_flag_list(l, m, true, &e->set, &e->nset);
        } else if (!strcmp(m->string, "clear")) {
            get_flag_list(l, m, false, &e->clear, &e->nclear);
        } else {
            int mi = find_meter(l, m->string);
            int delta;
            if (mi < 0) {
                if (find_flag(l, m->string) >= 0)
                    err_key(l, "\"%s\" is a flag; put it in \"set\" or \"clear\"", SHOWN(m->string));
                else
                    err_key(l, "unknown meter \"%s\"", SHOWN(m->string));
            } else if (get_int(l, m, "a meter change", &delta)) {
                e->meters[e->nmeters++] = (ScMeterDelta){mi, delta};
            }
        }
        path_pop(l, mark);
    }
}

static void effects_field(L *l, const cJSON *it, ScEffects *e)
{
    if (!it)
        return;
    size_t mark = path_push(l, "effects");
    get_effects(l, it, e);
    path_pop(l, mark);
}

static void member_effects(L *l, const cJSON *obj, ScEffects *e)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, "effects");
    if (!it)
        return;
    size_t mark = path_push(l, "effects");
    get_effects(l, it, e);
    path_pop(l, mark);
}

/* A score object (the current value). */
static void get_score(L *l, const cJSON *it, ScChoice *c)
{
    if (!cJSON_IsObject(it)) {
        err(l, "\"score\" must be an object of competency id -> points, not %s", type_name(it));
        return;
    }
    int n = cJSON_GetArraySize(it);
    c->score = arena_array(l, (size_t)n, sizeof *c->score);
    const cJSON *m;
    cJSON_ArrayForEach(m, it)
    {
        size_t mark = path_push(l, m->string);
        int ci = map_get(&l->ld->competencies, m->string);
        int pts;
        if (ci < 0)
            err_key(l, "unknown competency \"%s\"", SHOWN(m->string));
        else if (get_int(l, m, "points", &pts))
            c->score[c->nscore++] = (ScPoints){ci, pts};
        path_pop(l, mark);
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
    int i = map_get(&l->ld->names, buf);
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
static void get_condition(L *l, const cJSON *it, ScChoice *c)
{
    if (!cJSON_IsString(it)) {
        err(l, "\"requires\" must be a condition in a string, such as \"patience >= 30\"; not %s",
            type_name(it));
        return;
    }
    const char *src = get_string(l, it, "\"requires\"");
    if (!src)
        return;
    char msg[256];
    size_t at = 0;
    Expr *e = expr_compile(src, resolve_name, l, msg, sizeof msg, &at);
    if (!e) {
        /* The column is inside the string: jsonpos maps the byte offset in the decoded
         * string back through any escapes to the raw text. */
        char full[400];
        snprintf(full, sizeof full, "in condition \"%s\": %s", SHOWN(src), msg);
        if (!room(l, DIAG_ERROR))
            return;
        if (diag_add(l->diags, DIAG_ERROR, l->name, 0, 0, l->path, "%s", full) < 0)
            oom(l);
        add_side(l, (Side){.in_string = (long)at});
        return;
    }
    Scenario *sc = l->sc;
    if ((sc->nexprs & (sc->nexprs - 1)) == 0) { /* 0 or a power of two: grow */
        int cap = sc->nexprs ? sc->nexprs * 2 : 8;
        Expr **n = realloc(sc->exprs, (size_t)cap * sizeof *n);
        if (!n) {
            expr_free(e);
            oom(l);
        }
        sc->exprs = n;
    }
    sc->exprs[sc->nexprs++] = e;
    c->requires = e;
    c->requires_src = arena_strdup(l, src);
    expr_each_name(e, mark_read, l);
}

/* ---- choices and outcomes ---- */

/* "technique" (the current value): a string or an array of strings. */
static void get_techniques(L *l, const cJSON *it, ScChoice *c)
{
    if (cJSON_IsString(it)) {
        const char *s = get_string(l, it, "\"technique\"");
        if (s) {
            c->techniques = arena_array(l, 1, sizeof(char *));
            c->techniques[c->ntechniques++] = arena_strdup(l, s);
        }
        return;
    }
    if (!cJSON_IsArray(it)) {
        err(l, "\"technique\" must be a string or an array of strings, not %s", type_name(it));
        return;
    }
    int n = cJSON_GetArraySize(it), i = 0;
    c->techniques = arena_array(l, (size_t)n, sizeof(char *));
    const cJSON *t;
    cJSON_ArrayForEach(t, it)
    {
        size_t mark = path_push_index(l, i++);
        const char *s = get_string(l, t, "a technique");
        if (s)
            c->techniques[c->ntechniques++] = arena_strdup(l, s);
        path_pop(l, mark);
    }
}

/* The optional "technique" and "critical" of a choice or a timeout outcome. */
static void get_marks(L *l, const cJSON *technique, const cJSON *critical, ScChoice *c)
{
    if (technique) {
        size_t mark = path_push(l, "technique");
        get_techniques(l, technique, c);
        path_pop(l, mark);
    }
    if (critical) {
        size_t mark = path_push(l, "critical");
        if (!cJSON_IsBool(critical))
            err(l, "\"critical\" must be true (or false), not %s", type_name(critical));
        else
            c->critical = cJSON_IsTrue(critical);
        path_pop(l, mark);
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
        c->id = arena_strdup(l, def);
        err(l, "a choice must be an object, not %s", type_name(it));
        return;
    }
    const cJSON *f[NFIELDS];
    fields(l, it, known, f, "a choice");
    c->id = NULL;
    if (f[ID]) {
        size_t mark = path_push(l, "id");
        if (!cJSON_IsString(f[ID]))
            err(l, "a choice id must be a string, not %s", type_name(f[ID]));
        else if (check_id(l, f[ID]->valuestring, "choice", false))
            c->id = arena_strdup(l, f[ID]->valuestring);
        path_pop(l, mark);
    }
    if (!c->id)
        c->id = arena_strdup(l, def);
    text_field(l, f[TEXT], "text", &c->text, true, "a choice's text");
    if (f[REQUIRES]) {
        size_t mark = path_push(l, "requires");
        get_condition(l, f[REQUIRES], c);
        path_pop(l, mark);
    }
    if (f[SCORE]) {
        size_t mark = path_push(l, "score");
        get_score(l, f[SCORE], c);
        path_pop(l, mark);
    }
    effects_field(l, f[EFFECTS], &c->effects);
    text_field(l, f[FEEDBACK], "feedback", &c->feedback, false, "feedback");
    get_marks(l, f[TECHNIQUE], f[CRITICAL], c);
    goto_field(l, f[NEXT], &c->next);
}

/* A timeout outcome (the current value), stored as a choice with id "timeout". */
static ScChoice *get_outcome(L *l, const cJSON *it)
{
    static const char *const known[] = {"next", "score", "effects", "feedback", "technique", "critical", NULL};
    if (!cJSON_IsObject(it)) {
        err(l, "\"timeout\" must be an outcome object {\"next\": ..., \"score\": ..., \"effects\": ..., "
               "\"feedback\": ...}, not %s",
            type_name(it));
        return NULL;
    }
    ScChoice *c = arena_alloc(l, sizeof *c);
    c->id = arena_strdup(l, "timeout");
    check_keys(l, it, known, "a timeout outcome");
    const cJSON *score = cJSON_GetObjectItemCaseSensitive(it, "score");
    if (score) {
        size_t mark = path_push(l, "score");
        get_score(l, score, c);
        path_pop(l, mark);
    }
    member_effects(l, it, &c->effects);
    member_text(l, it, "feedback", &c->feedback, false, "feedback");
    get_marks(l, cJSON_GetObjectItemCaseSensitive(it, "technique"), cJSON_GetObjectItemCaseSensitive(it, "critical"), c);
    member_goto(l, it, &c->next);
    return c;
}

/* A time limit in seconds (the current value). */
static bool get_time_limit(L *l, const cJSON *it, double *out)
{
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble) || it->valuedouble < 0) {
        err(l, "\"time_limit\" must be a number of seconds, 0 or more");
        return false;
    }
    if (it->valuedouble > SC_MAX_TIME_LIMIT) {
        err(l, "\"time_limit\" %g is too long; the limit is %.0f seconds (a day)", it->valuedouble,
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
    const char *s = get_string(l, it, "\"sound\"");
    if (!s)
        return;
    for (size_t i = 0; i < sizeof BUILTIN_CUES / sizeof BUILTIN_CUES[0]; i++)
        if (!strcmp(s, BUILTIN_CUES[i])) {
            n->sound = arena_strdup(l, s);
            n->sound_builtin = true;
            return;
        }
    if (!*s) {
        err(l, "\"sound\" is empty: give a cue (ring, pickup, hangup, busy, chime, tick) or a WAV file path");
        return;
    }
    if (path_leaves(s)) {
        err(l, "sound path \"%s\" leaves the scenario's folder; give a path relative to the scenario file, "
               "inside its folder",
            SHOWN(s));
        return;
    }
    if (!strchr(s, '/') && !strchr(s, '.')) {
        err(l, "unknown sound cue \"%s\"; the cues are ring, pickup, hangup, busy, chime and tick (or give a "
               "WAV file path)",
            SHOWN(s));
        return;
    }
    if (!l->dir) {
        n->sound = arena_strdup(l, s);
        return;
    }
    if (!l->dir_real && !l->dir_real_failed) {
        l->dir_real = realpath(l->dir, NULL);
        l->dir_real_failed = !l->dir_real;
    }
    if (!l->dir_real) {
        err(l, "sound file \"%s\" cannot be checked: the scenario's folder cannot be resolved", SHOWN(s));
        return;
    }
    size_t dn = strlen(l->dir_real);
    char *joined = malloc(dn + strlen(s) + 2);
    if (!joined)
        oom(l);
    sprintf(joined, "%s/%s", l->dir_real, s);
    errno = 0;
    char *real = realpath(joined, NULL);
    int e = errno;
    free(joined);
    if (!real) {
        err(l, "sound file \"%s\" not found: %s", SHOWN(s), strerror(e ? e : ENOENT));
        return;
    }
    if (strncmp(real, l->dir_real, dn) != 0 || (real[dn] != '/' && real[dn] != 0 && dn > 1)) {
        err(l, "sound path \"%s\" leaves the scenario's folder (through a symbolic link)", SHOWN(s));
        free(real);
        return;
    }
    struct stat st;
    char head[12] = {0};
    FILE *f = NULL;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        err(l, "sound \"%s\" is not a file", SHOWN(s));
    } else if (!(f = fopen(real, "rb"))) {
        err(l, "sound file \"%s\" cannot be read: %s", SHOWN(s), strerror(errno));
    } else if (fread(head, 1, 12, f) != 12 || memcmp(head, "RIFF", 4) != 0 || memcmp(head + 8, "WAVE", 4) != 0) {
        err(l, "sound file \"%s\" is not a WAV file", SHOWN(s));
    } else {
        n->sound = arena_strdup(l, real);
    }
    if (f)
        fclose(f);
    free(real);
}

/* ---- nodes ---- */

static void get_node(L *l, const cJSON *it, int ni)
{
    enum { SPEAKER, MOOD, TEXT, SOUND, EFFECTS, CHOICES, NEXT, END, TIME_LIMIT, TIMEOUT, NFIELDS };
    static const char *const known[NFIELDS + 1] = {"speaker", "mood", "text",       "sound",   "effects", "choices",
                                                   "next",    "end",  "time_limit", "timeout", NULL};
    ScNode *n = &l->sc->nodes[ni];
    n->next.node = -1;
    if (!cJSON_IsObject(it)) {
        err(l, "a node must be an object, not %s", type_name(it));
        return;
    }
    const cJSON *f[NFIELDS];
    fields(l, it, known, f, "a node");
    const cJSON *sp = f[SPEAKER];
    if (sp) {
        size_t mark = path_push(l, "speaker");
        if (cJSON_IsString(sp) && !strcmp(sp->valuestring, "customer"))
            n->speaker = SC_SPEAKER_CUSTOMER;
        else if (cJSON_IsString(sp) && !strcmp(sp->valuestring, "narrator"))
            n->speaker = SC_SPEAKER_NARRATOR;
        else if (cJSON_IsString(sp) && !strcmp(sp->valuestring, "coach"))
            n->speaker = SC_SPEAKER_COACH;
        else
            err(l, "\"speaker\" must be \"customer\", \"narrator\" or \"coach\"");
        path_pop(l, mark);
    }
    const cJSON *mood = f[MOOD];
    if (mood) {
        size_t mark = path_push(l, "mood");
        const char *s = get_string(l, mood, "\"mood\"");
        if (s)
            n->mood = arena_strdup(l, s);
        path_pop(l, mark);
    }
    text_field(l, f[TEXT], "text", &n->text, true, "a node's text");
    const cJSON *sound = f[SOUND];
    if (sound) {
        size_t mark = path_push(l, "sound");
        get_sound(l, sound, n);
        path_pop(l, mark);
    }
    effects_field(l, f[EFFECTS], &n->effects);

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
        err_at(l, m->string, true, "a node has exactly one of \"choices\", \"next\" or \"end\"; this one also has \"%s\"",
               first->string);
    }
    if (!first) {
        err(l, "node \"%s\" needs one of \"choices\", \"next\" or \"end\"", SHOWN(n->id));
        n->kind = SC_NODE_END;
    } else if (!strcmp(first->string, "choices")) {
        n->kind = SC_NODE_CHOICES;
        size_t mark = path_push(l, "choices");
        int count = cJSON_IsArray(first) ? cJSON_GetArraySize(first) : 0;
        if (!cJSON_IsArray(first)) {
            err(l, "\"choices\" must be an array of choices, not %s", type_name(first));
        } else if (count == 0) {
            err(l, "\"choices\" is empty; a node with nothing to choose needs \"next\" or \"end\"");
        } else if (count > SC_MAX_CHOICES) {
            err(l, "%d choices; the limit is %d a node", count, SC_MAX_CHOICES);
        } else {
            n->choices = arena_array(l, (size_t)count, sizeof *n->choices);
            n->nchoices = count;
            int i = 0;
            const cJSON *c;
            cJSON_ArrayForEach(c, first)
            {
                size_t m2 = path_push_index(l, i);
                get_choice(l, c, i, &n->choices[i]);
                for (int k = 0; k < i; k++)
                    if (!strcmp(n->choices[k].id, n->choices[i].id)) {
                        size_t m3 = path_push(l, "id");
                        err(l, "duplicate choice id \"%s\" (choice %d has it too)", n->choices[i].id, k + 1);
                        path_pop(l, m3);
                        break;
                    }
                if (!strcmp(n->choices[i].id, "timeout")) {
                    /* Records and `run --choices` say "timeout" for a timer running out. */
                    size_t m3 = path_push(l, "id");
                    warn(l, "a choice id \"timeout\" reads like a timer running out in the records "
                            "and in `sparring run --choices`; choose another id");
                    path_pop(l, m3);
                }
                path_pop(l, m2);
                i++;
            }
        }
        path_pop(l, mark);
    } else if (!strcmp(first->string, "next")) {
        n->kind = SC_NODE_NEXT;
        size_t mark = path_push(l, "next");
        get_goto(l, first, &n->next);
        path_pop(l, mark);
    } else {
        n->kind = SC_NODE_END;
        size_t mark = path_push(l, "end");
        static const char *const end_known[] = {"outcome", "text", NULL};
        if (!cJSON_IsObject(first)) {
            err(l, "\"end\" must be an object {\"outcome\": \"pass\"|\"fail\"|\"neutral\", \"text\": ...}, not %s",
                type_name(first));
        } else {
            check_keys(l, first, end_known, "an ending");
            const cJSON *o = cJSON_GetObjectItemCaseSensitive(first, "outcome");
            if (!o) {
                err(l, "missing required key \"outcome\"");
            } else {
                size_t m2 = path_push(l, "outcome");
                if (cJSON_IsString(o) && !strcmp(o->valuestring, "pass"))
                    n->outcome = SC_OUTCOME_PASS;
                else if (cJSON_IsString(o) && !strcmp(o->valuestring, "fail"))
                    n->outcome = SC_OUTCOME_FAIL;
                else if (cJSON_IsString(o) && !strcmp(o->valuestring, "neutral"))
                    n->outcome = SC_OUTCOME_NEUTRAL;
                else
                    err(l, "\"outcome\" must be \"pass\", \"fail\" or \"neutral\"");
                path_pop(l, m2);
            }
            member_text(l, first, "text", &n->end_text, false, "an ending's text");
        }
        path_pop(l, mark);
    }

    const cJSON *tl = f[TIME_LIMIT];
    if (tl) {
        size_t mark = path_push(l, "time_limit");
        if (get_time_limit(l, tl, &n->time_limit)) {
            l->node_has_limit[ni] = true;
            if (n->kind != SC_NODE_CHOICES)
                warn(l, "\"time_limit\" has no effect on a node without choices");
        }
        path_pop(l, mark);
    }
    const cJSON *to = f[TIMEOUT];
    if (to) {
        size_t mark = path_push(l, "timeout");
        l->node_timeout[ni] = get_outcome(l, to);
        l->node_timeout_key[ni] = true;
        if (n->kind != SC_NODE_CHOICES)
            warn(l, "\"timeout\" has no effect on a node without choices");
        path_pop(l, mark);
    }
}

/* ---- flags: every name in a "set", in order of first appearance ---- */

/* The current value is an "effects" object. */
/* Is entry e a node: a member of the top-level "nodes" object? */
static bool is_node(const JsonPos *jp, int e)
{
    int nodes = jsonpos_parent(jp, e);
    return jsonpos_kind(jp, e) == '{' && jsonpos_key_is(jp, nodes, "nodes") && jsonpos_parent(jp, nodes) == 0;
}

/* A "set" array (entry e): when it sits where effects go (a node's, a choice's, a node's or the
 * scenario's timeout), every valid name in it not yet known becomes a flag. */
static void collect_set(void *ctx, int e)
{
    L *l = ctx;
    const JsonPos *jp = l->jp;
    NameList *nl = &l->flags;
    int effects = jsonpos_parent(jp, e);
    int owner = jsonpos_parent(jp, effects);
    if (jsonpos_kind(jp, e) != '[' || jsonpos_kind(jp, effects) != '{' || !jsonpos_key_is(jp, effects, "effects") ||
        jsonpos_kind(jp, owner) != '{')
        return;
    int up = jsonpos_parent(jp, owner);
    bool timeout = jsonpos_key_is(jp, owner, "timeout");
    bool ok = (timeout && up == 0) ||                                            /* the scenario's timeout */
              is_node(jp, owner) ||                                              /* a node's effects */
              (timeout && is_node(jp, up)) ||                                    /* a node's timeout */
              (jsonpos_key_is(jp, up, "choices") && jsonpos_kind(jp, up) == '[' && /* a choice's */
               is_node(jp, jsonpos_parent(jp, up)));
    if (!ok)
        return;
    for (int c = jsonpos_first_child(jp, e); c >= 0; c = jsonpos_next_sibling(jp, c)) {
        char *name = jsonpos_string(jp, c);
        if (!name) {
            if (jsonpos_kind(jp, c) == '"')
                oom(l);
            continue;
        }
        if (!valid_id(name) || reserved_word(name) || map_get(&l->ld->names, name) >= 0) {
            free(name); /* reported in the walk; or a meter; or a flag already named */
            continue;
        }
        if (nl->n >= SC_MAX_FLAGS) {
            free(name);
            nl->n++; /* counted, reported later */
            continue;
        }
        if (nl->n == nl->cap) {
            int cap = nl->cap ? nl->cap * 2 : 16;
            const char **names = realloc(nl->names, (size_t)cap * sizeof *names);
            if (names)
                nl->names = names;
            char **where = realloc(nl->where, (size_t)cap * sizeof *where);
            if (where)
                nl->where = where;
            if (!names || !where) {
                free(name);
                oom(l);
            }
            nl->cap = cap;
        }
        const char *kept = arena_strdup(l, name);
        free(name);
        nl->where[nl->n] = NULL;
        nl->names[nl->n] = kept;
        nl->n++; /* counted before the pointer, so namelist_free sees it */
        if (!(nl->where[nl->n - 1] = jsonpos_pointer(jp, c)))
            oom(l);
        map_put(l, &l->ld->names, kept, FLAG_BASE + nl->n - 1);
    }
}

/* Every flag named in a "set", in order of first appearance in the file: from jsonpos's entries
 * (in document order), without another walk over cJSON's tree. */
static void collect_flags(L *l) { jsonpos_each_key(l->jp, "set", collect_set, l); }

static void namelist_free(NameList *nl)
{
    for (int i = 0; i < nl->n && i < SC_MAX_FLAGS && nl->where; i++)
        free(nl->where[i]);
    free(nl->where);
    free(nl->names);
    memset(nl, 0, sizeof *nl);
}

/* ---- graph warnings ---- */

static void push_goto(const ScGoto *g, int *stack, int *top, bool *seen)
{
    if (g->node >= 0) {
        if (!seen[g->node]) {
            seen[g->node] = true;
            stack[(*top)++] = g->node;
        }
        return;
    }
    for (int i = 0; i < g->nbranches; i++) {
        int t = g->branches[i].node;
        if (t >= 0 && !seen[t]) {
            seen[t] = true;
            stack[(*top)++] = t;
        }
    }
}

typedef struct {
    int *start; /* nnodes + 1 */
    int *from;
} Reverse;

static void add_rev_goto(const ScGoto *g, int src, int *count, int *fill, int *from)
{
    if (g->node >= 0) {
        if (fill)
            from[fill[g->node]++] = src;
        else
            count[g->node]++;
        return;
    }
    for (int i = 0; i < g->nbranches; i++) {
        int t = g->branches[i].node;
        if (t < 0)
            continue;
        if (fill)
            from[fill[t]++] = src;
        else
            count[t]++;
    }
}

static void each_edge_rev(const Scenario *sc, int *count, int *fill, int *from)
{
    for (int ni = 0; ni < sc->nnodes; ni++) {
        const ScNode *n = &sc->nodes[ni];
        if (n->kind == SC_NODE_CHOICES) {
            for (int c = 0; c < n->nchoices; c++)
                add_rev_goto(&n->choices[c].next, ni, count, fill, from);
            if (n->time_limit > 0 && n->timeout)
                add_rev_goto(&n->timeout->next, ni, count, fill, from);
        } else if (n->kind == SC_NODE_NEXT) {
            add_rev_goto(&n->next, ni, count, fill, from);
        }
    }
}

static void graph_warnings(L *l)
{
    Scenario *sc = l->sc;
    int nn = sc->nnodes;
    if (nn <= 0)
        return;
    bool *reach = calloc((size_t)nn, sizeof *reach);
    bool *ends = calloc((size_t)nn, sizeof *ends);
    int *stack = malloc((size_t)nn * sizeof *stack);
    int *count = calloc((size_t)nn + 1, sizeof *count);
    int *fill = malloc(((size_t)nn + 1) * sizeof *fill);
    int *from = NULL;
    if (!reach || !ends || !stack || !count || !fill)
        goto nomem;
    /* Forward from start and from every event target (a mentor can inject them). */
    int top = 0;
    if (sc->start >= 0) {
        reach[sc->start] = true;
        stack[top++] = sc->start;
    }
    for (int e = 0; e < sc->nevents; e++)
        push_goto(&sc->events[e].next, stack, &top, reach);
    while (top > 0) {
        const ScNode *n = &sc->nodes[stack[--top]];
        if (n->kind == SC_NODE_CHOICES) {
            for (int c = 0; c < n->nchoices; c++)
                push_goto(&n->choices[c].next, stack, &top, reach);
            if (n->time_limit > 0 && n->timeout)
                push_goto(&n->timeout->next, stack, &top, reach);
        } else if (n->kind == SC_NODE_NEXT) {
            push_goto(&n->next, stack, &top, reach);
        }
    }
    /* Backward from every ending. */
    each_edge_rev(sc, count, NULL, NULL);
    long total = 0;
    for (int i = 0; i < nn; i++) {
        fill[i] = (int)total;
        total += count[i];
    }
    fill[nn] = (int)total;
    from = malloc((size_t)(total ? total : 1) * sizeof *from);
    if (!from)
        goto nomem;
    int *begin = count; /* reuse: the start of each node's list */
    for (int i = 0; i <= nn; i++)
        begin[i] = fill[i];
    each_edge_rev(sc, NULL, fill, from);
    top = 0;
    for (int i = 0; i < nn; i++)
        if (sc->nodes[i].kind == SC_NODE_END) {
            ends[i] = true;
            stack[top++] = i;
        }
    while (top > 0) {
        int t = stack[--top];
        for (int k = begin[t]; k < begin[t + 1]; k++)
            if (!ends[from[k]]) {
                ends[from[k]] = true;
                stack[top++] = from[k];
            }
    }
    for (int i = 0; i < nn; i++) {
        size_t m1 = path_push(l, "nodes");
        size_t m2 = path_push(l, sc->nodes[i].id);
        if (!reach[i])
            warn_key(l, "node \"%s\" is unreachable from \"start\"", sc->nodes[i].id);
        else if (!ends[i])
            warn_key(l, "no ending can be reached from node \"%s\"", sc->nodes[i].id);
        path_pop(l, m2);
        path_pop(l, m1);
    }
    free(reach);
    free(ends);
    free(stack);
    free(count);
    free(fill);
    free(from);
    return;
nomem:
    free(reach);
    free(ends);
    free(stack);
    free(count);
    free(fill);
    free(from);
    oom(l);
}

/* ---- the top level ---- */

static const cJSON *top_member(L *l, const cJSON *root, const char *key, bool required)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!it && required)
        err(l, "missing required key \"%s\"", key);
    return it;
}

static void get_locales(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it = top_member(l, root, "locales", true);
    if (!it)
        return;
    size_t mark = path_push(l, "locales");
    int n = cJSON_IsArray(it) ? cJSON_GetArraySize(it) : 0;
    if (!cJSON_IsArray(it)) {
        err(l, "\"locales\" must be an array of locale codes such as [\"zh\", \"en\"], not %s", type_name(it));
    } else if (n == 0) {
        err(l, "\"locales\" is empty; give at least one locale code, such as [\"en\"]");
    } else if (n > SC_MAX_LOCALES) {
        err(l, "%d locales; the limit is %d", n, SC_MAX_LOCALES);
    } else {
        sc->locales = arena_array(l, (size_t)n, sizeof(char *));
        int i = 0, ok = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, it)
        {
            size_t m2 = path_push_index(l, i++);
            if (!cJSON_IsString(c) || !valid_locale(c->valuestring)) {
                err(l, "a locale code is 2 or 3 lowercase letters with an optional region, such as \"zh\", "
                       "\"en\" or \"zh-TW\"");
            } else {
                bool dup = false;
                for (int k = 0; k < ok; k++)
                    dup |= !strcmp(sc->locales[k], c->valuestring);
                if (dup)
                    err(l, "locale \"%s\" is listed twice", c->valuestring);
                else
                    sc->locales[ok++] = arena_strdup(l, c->valuestring);
            }
            path_pop(l, m2);
        }
        if (ok == n)
            sc->nlocales = n;
    }
    path_pop(l, mark);
}

static void get_competencies(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it = top_member(l, root, "competencies", true);
    map_init(l, &l->ld->competencies, SC_MAX_COMPETENCIES);
    if (!it)
        return;
    size_t mark = path_push(l, "competencies");
    int n = cJSON_IsObject(it) ? cJSON_GetArraySize(it) : 0;
    if (!cJSON_IsObject(it)) {
        err(l, "\"competencies\" must be an object: id -> {\"name\": text}; not %s", type_name(it));
    } else if (n == 0) {
        err(l, "\"competencies\" is empty; a scenario scores at least one competency");
    } else {
        if (n > SC_MAX_COMPETENCIES) {
            err(l, "%d competencies; the limit is %d", n, SC_MAX_COMPETENCIES);
            n = SC_MAX_COMPETENCIES; /* the first ones are still read, to spare a cascade of errors */
        }
        sc->competencies = arena_array(l, (size_t)n, sizeof *sc->competencies);
        static const char *const known[] = {"name", NULL};
        const cJSON *c;
        cJSON_ArrayForEach(c, it)
        {
            if (sc->ncompetencies == n)
                break;
            size_t m2 = path_push(l, c->string);
            ScCompetency *k = &sc->competencies[sc->ncompetencies++];
            k->id = arena_strdup(l, c->string);
            check_id(l, c->string, "competency", true); /* registered anyway: no cascade of errors */
            map_put(l, &l->ld->competencies, k->id, sc->ncompetencies - 1);
            if (!cJSON_IsObject(c)) {
                err(l, "a competency must be an object {\"name\": text}, not %s", type_name(c));
            } else {
                check_keys(l, c, known, "a competency");
                member_text(l, c, "name", &k->name, true, "a competency's name");
            }
            path_pop(l, m2);
        }
    }
    path_pop(l, mark);
}

static void get_meters(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it = top_member(l, root, "meters", false);
    if (!it)
        return;
    size_t mark = path_push(l, "meters");
    int n = cJSON_IsObject(it) ? cJSON_GetArraySize(it) : 0;
    if (!cJSON_IsObject(it)) {
        err(l, "\"meters\" must be an object: id -> meter; not %s", type_name(it));
    } else {
        if (n > SC_MAX_METERS) {
            err(l, "%d meters; the limit is %d", n, SC_MAX_METERS);
            n = SC_MAX_METERS;
        }
        sc->meters = arena_array(l, (size_t)n, sizeof *sc->meters);
        static const char *const known[] = {"name", "min", "max", "start", "show", NULL};
        const cJSON *c;
        cJSON_ArrayForEach(c, it)
        {
            if (sc->nmeters == n)
                break;
            size_t m2 = path_push(l, c->string);
            ScMeter *m = &sc->meters[sc->nmeters++];
            m->id = arena_strdup(l, c->string);
            m->show = true;
            check_id(l, c->string, "meter", true);
            map_put(l, &l->ld->names, m->id, sc->nmeters - 1);
            if (!cJSON_IsObject(c)) {
                err(l, "a meter must be an object {\"name\", \"min\", \"max\", \"start\", \"show\"}, not %s",
                    type_name(c));
                path_pop(l, m2);
                continue;
            }
            check_keys(l, c, known, "a meter");
            member_text(l, c, "name", &m->name, true, "a meter's name");
            static const char *const ints[] = {"min", "max", "start"};
            int *vals[] = {&m->min, &m->max, &m->start};
            bool ok[3] = {false, false, false};
            for (int k = 0; k < 3; k++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, ints[k]);
                if (!v) {
                    err(l, "missing required key \"%s\"", ints[k]);
                    continue;
                }
                size_t m3 = path_push(l, ints[k]);
                char what[16];
                snprintf(what, sizeof what, "\"%s\"", ints[k]);
                ok[k] = get_int(l, v, what, vals[k]);
                path_pop(l, m3);
            }
            if (ok[0] && ok[1] && m->min > m->max)
                err_at(l, "min", false, "\"min\" %d is greater than \"max\" %d", m->min, m->max);
            else if (ok[0] && ok[1] && ok[2] && (m->start < m->min || m->start > m->max))
                err_at(l, "start", false, "\"start\" %d is outside [min, max] = [%d, %d]", m->start, m->min,
                       m->max);
            const cJSON *show = cJSON_GetObjectItemCaseSensitive(c, "show");
            if (show) {
                if (!cJSON_IsBool(show))
                    err_at(l, "show", false, "\"show\" must be true or false");
                else
                    m->show = cJSON_IsTrue(show);
            }
            path_pop(l, m2);
        }
    }
    path_pop(l, mark);
}

static void get_events(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it = top_member(l, root, "events", false);
    map_init(l, &l->ld->events, cJSON_IsObject(it) ? cJSON_GetArraySize(it) : 0);
    if (!it)
        return;
    size_t mark = path_push(l, "events");
    if (!cJSON_IsObject(it)) {
        err(l, "\"events\" must be an object: id -> {\"label\": text, \"next\": goto}; not %s", type_name(it));
    } else {
        int n = cJSON_GetArraySize(it);
        sc->events = arena_array(l, (size_t)n, sizeof *sc->events);
        static const char *const known[] = {"label", "next", NULL};
        const cJSON *c;
        cJSON_ArrayForEach(c, it)
        {
            size_t m2 = path_push(l, c->string);
            ScEvent *e = &sc->events[sc->nevents++];
            e->id = arena_strdup(l, c->string);
            e->next.node = -1;
            check_id(l, c->string, "event", true);
            map_put(l, &l->ld->events, e->id, sc->nevents - 1);
            if (!cJSON_IsObject(c)) {
                err(l, "an event must be an object {\"label\": text, \"next\": goto}, not %s", type_name(c));
            } else {
                check_keys(l, c, known, "an event");
                member_text(l, c, "label", &e->label, true, "an event's label");
                member_goto(l, c, &e->next);
            }
            path_pop(l, m2);
        }
    }
    path_pop(l, mark);
}

static void get_top(L *l)
{
    Scenario *sc = l->sc;
    const cJSON *root = l->root;
    static const char *const known[] = {"$schema", "format",   "id",           "version", "title",
                                        "summary", "level",    "tags",         "locales", "competencies",
                                        "meters",  "pass_percent", "time_limit", "timeout", "events",
                                        "start",   "nodes",    "counterpart", "group",      NULL};
    if (!cJSON_IsObject(root)) {
        err(l, "a scenario file must be a JSON object {...}, not %s", type_name(root));
        return;
    }
    /* The format first: another format's rules are not this build's to check. */
    const cJSON *fmt = top_member(l, root, "format", true);
    if (fmt) {
        size_t mark = path_push(l, "format");
        if (!cJSON_IsNumber(fmt)) {
            err(l, "\"format\" must be the integer 1, not %s", type_name(fmt));
        } else if (fmt->valuedouble != 1) {
            double d = fmt->valuedouble;
            if (d == floor(d) && fabs(d) < 1e15)
                err(l, "unsupported format %.0f; this build reads 1", d);
            else
                err(l, "unsupported format %g; this build reads 1", d);
            l->stop = true;
        }
        path_pop(l, mark);
        if (l->stop)
            return;
    }
    check_keys(l, root, known, "the scenario");

    const cJSON *it;
    if ((it = top_member(l, root, "$schema", false)) && !cJSON_IsString(it))
        err_at(l, "$schema", false, "\"$schema\" must be a string");
    if ((it = top_member(l, root, "id", true))) {
        size_t mark = path_push(l, "id");
        if (!cJSON_IsString(it))
            err(l, "\"id\" must be a string, not %s", type_name(it));
        else if (!valid_scenario_id(it->valuestring))
            err(l, "invalid scenario id \"%s\": lowercase letters, digits and '-', starting with a letter or "
                   "digit, at most 64",
                SHOWN(it->valuestring));
        else
            sc->id = arena_strdup(l, it->valuestring);
        path_pop(l, mark);
    }
    if ((it = top_member(l, root, "group", false))) {
        size_t mark = path_push(l, "group");
        if (!cJSON_IsString(it))
            err(l, "\"group\" must be a string, not %s", type_name(it));
        else if (!valid_scenario_id(it->valuestring))
            err(l, "invalid group \"%s\": written like a scenario id (lowercase letters, digits and '-', "
                   "starting with a letter or digit, at most 64)",
                SHOWN(it->valuestring));
        else
            sc->group = arena_strdup(l, it->valuestring);
        path_pop(l, mark);
    }
    if ((it = top_member(l, root, "version", true))) {
        size_t mark = path_push(l, "version");
        if (!cJSON_IsString(it))
            err(l, "\"version\" must be a string such as \"1.0.0\", not %s", type_name(it));
        else if (strlen(it->valuestring) > 64 || !valid_version(it->valuestring))
            err(l, "invalid version \"%s\": write MAJOR.MINOR.PATCH, such as \"1.0.0\"", SHOWN(it->valuestring));
        else
            sc->version = arena_strdup(l, it->valuestring);
        path_pop(l, mark);
    }
    if ((it = top_member(l, root, "level", true))) {
        size_t mark = path_push(l, "level");
        if (cJSON_IsString(it) && !strcmp(it->valuestring, "new_hire"))
            sc->level = SC_LEVEL_NEW_HIRE;
        else if (cJSON_IsString(it) && !strcmp(it->valuestring, "experienced"))
            sc->level = SC_LEVEL_EXPERIENCED;
        else if (cJSON_IsString(it) && !strcmp(it->valuestring, "manager"))
            sc->level = SC_LEVEL_MANAGER;
        else
            err(l, "\"level\" must be \"new_hire\", \"experienced\" or \"manager\"");
        path_pop(l, mark);
    }
    get_locales(l, root);
    member_text(l, root, "title", &sc->title, true, "the title");
    member_text(l, root, "summary", &sc->summary, false, "the summary");
    member_text(l, root, "counterpart", &sc->counterpart, false, "the counterpart");
    if ((it = top_member(l, root, "tags", false))) {
        size_t mark = path_push(l, "tags");
        if (!cJSON_IsArray(it)) {
            err(l, "\"tags\" must be an array of strings, not %s", type_name(it));
        } else {
            int n = cJSON_GetArraySize(it), i = 0;
            sc->tags = arena_array(l, (size_t)n, sizeof(char *));
            const cJSON *t;
            cJSON_ArrayForEach(t, it)
            {
                size_t m2 = path_push_index(l, i++);
                const char *s = get_string(l, t, "a tag");
                if (s)
                    sc->tags[sc->ntags++] = arena_strdup(l, s);
                path_pop(l, m2);
            }
        }
        path_pop(l, mark);
    }
    sc->pass_percent = 80;
    if ((it = top_member(l, root, "pass_percent", false))) {
        size_t mark = path_push(l, "pass_percent");
        int v;
        if (get_int(l, it, "\"pass_percent\"", &v)) {
            if (v < 0 || v > 100)
                err(l, "\"pass_percent\" %d is outside 0..100", v);
            else
                sc->pass_percent = v;
        }
        path_pop(l, mark);
    }
    if ((it = top_member(l, root, "time_limit", false))) {
        size_t mark = path_push(l, "time_limit");
        get_time_limit(l, it, &sc->time_limit);
        path_pop(l, mark);
    }
    get_competencies(l, root);
    map_init(l, &l->ld->names, SC_MAX_METERS + 64);
    get_meters(l, root);

    NameList *nl = &l->flags;
    collect_flags(l);
    if (nl->n > SC_MAX_FLAGS)
        err(l, "%d flags are named in \"set\"; the limit is %d", nl->n, SC_MAX_FLAGS);
    sc->nflags = nl->n < SC_MAX_FLAGS ? nl->n : SC_MAX_FLAGS;
    sc->flags = arena_array(l, (size_t)sc->nflags, sizeof(char *));
    for (int i = 0; i < sc->nflags; i++)
        sc->flags[i] = (char *)nl->names[i]; /* in the arena, like the map's keys */
    l->flag_read = arena_array(l, (size_t)sc->nflags + 1, sizeof(bool));

    /* Node ids first: references may point forward. */
    const cJSON *nodes = top_member(l, root, "nodes", true);
    int nn = 0;
    if (nodes) {
        size_t mark = path_push(l, "nodes");
        nn = cJSON_IsObject(nodes) ? cJSON_GetArraySize(nodes) : 0;
        if (!cJSON_IsObject(nodes)) {
            err(l, "\"nodes\" must be an object: id -> node; not %s", type_name(nodes));
        } else if (nn == 0) {
            err(l, "\"nodes\" is empty; a scenario needs at least one node");
        } else if (nn > SC_MAX_NODES) {
            /* one clear error; the rest would be noise (and a generated file could be huge) */
            err(l, "%d nodes; the limit is %d", nn, SC_MAX_NODES);
            l->stop = true;
            path_pop(l, mark);
            return;
        }
        path_pop(l, mark);
        if (!cJSON_IsObject(nodes))
            nn = 0;
    }
    map_init(l, &l->ld->nodes, nn);
    sc->nodes = arena_array(l, (size_t)nn, sizeof *sc->nodes);
    l->node_has_limit = arena_array(l, (size_t)nn, sizeof(bool));
    l->node_timeout = arena_array(l, (size_t)nn, sizeof(ScChoice *));
    l->node_timeout_key = arena_array(l, (size_t)nn, sizeof(bool));
    if (nn > 0) {
        const cJSON *c;
        cJSON_ArrayForEach(c, nodes)
        {
            ScNode *n = &sc->nodes[sc->nnodes++];
            n->id = arena_strdup(l, c->string);
            size_t m1 = path_push(l, "nodes");
            size_t m2 = path_push(l, c->string);
            check_id(l, c->string, "node", true);
            map_put(l, &l->ld->nodes, n->id, sc->nnodes - 1);
            path_pop(l, m2);
            path_pop(l, m1);
        }
    }
    /* Flag names must not be meter names (they share one name space), nor invalid; reported
     * at each "set" by the walk below. */

    sc->start = -1;
    if ((it = top_member(l, root, "start", true))) {
        size_t mark = path_push(l, "start");
        sc->start = find_node_ref(l, it);
        path_pop(l, mark);
    }
    if ((it = top_member(l, root, "timeout", false))) {
        size_t mark = path_push(l, "timeout");
        sc->timeout = get_outcome(l, it);
        l->top_timeout_key = true;
        path_pop(l, mark);
    }
    get_events(l, root);
    if (nn > 0) {
        int i = 0;
        const cJSON *c;
        size_t m1 = path_push(l, "nodes");
        cJSON_ArrayForEach(c, nodes)
        {
            size_t m2 = path_push(l, c->string);
            get_node(l, c, i++);
            path_pop(l, m2);
        }
        path_pop(l, m1);
    }

    /* Effective timers: the node's, else the scenario's; only choice nodes have one. */
    int untimed = 0, first_untimed = -1;
    for (int i = 0; i < sc->nnodes; i++) {
        ScNode *n = &sc->nodes[i];
        if (n->kind != SC_NODE_CHOICES) {
            n->time_limit = 0;
            n->timeout = NULL;
            continue;
        }
        if (!l->node_has_limit[i])
            n->time_limit = sc->time_limit;
        n->timeout = l->node_timeout[i] ? l->node_timeout[i] : sc->timeout;
        /* (a "timeout" written but invalid has its own error already) */
        if (n->time_limit > 0 && !n->timeout && !l->node_timeout_key[i] && !l->top_timeout_key) {
            if (l->node_has_limit[i]) {
                size_t m1 = path_push(l, "nodes");
                size_t m2 = path_push(l, n->id);
                err_at(l, "time_limit", false,
                       "a %g-second timer needs an outcome to take when it runs out: give node \"%s\" or the "
                       "scenario a \"timeout\"",
                       n->time_limit, SHOWN(n->id));
                path_pop(l, m2);
                path_pop(l, m1);
            } else {
                if (first_untimed < 0)
                    first_untimed = i;
                untimed++;
            }
        }
    }
    if (untimed > 0)
        err_at(l, "time_limit", false,
               "a %g-second timer applies to %d choice node%s (the first is \"%s\") but there is no "
               "\"timeout\" outcome to take when it runs out",
               sc->time_limit, untimed, untimed == 1 ? "" : "s", SHOWN(sc->nodes[first_untimed].id));

    /* The warnings below follow from a sound structure; after an error they would mostly
     * repeat it (a node "unreachable" because a reference to it was misspelt). */
    if (errors(l) > 0)
        return;
    /* Flags set but never read by a condition. */
    for (int i = 0; i < sc->nflags; i++)
        if (!l->flag_read[i]) {
            /* at its first "set" */
            size_t m = l->path_len;
            size_t n = strlen(l->flags.where[i]);
            path_reserve(l, n);
            memcpy(l->path + m, l->flags.where[i], n + 1);
            l->path_len += n;
            warn(l, "flag \"%s\" is set but no condition reads it", sc->flags[i]);
            path_pop(l, m);
        }
    graph_warnings(l);
}

/* ---- positions ---- */

static void fill_positions(L *l)
{
    DiagList *d = l->diags;
    int n = d->count - l->diag_start;
    if (n <= 0 || !l->text)
        return;
    size_t *offs = malloc((size_t)n * sizeof *offs);
    int *lines = malloc((size_t)n * sizeof *lines);
    int *cols = malloc((size_t)n * sizeof *cols);
    if (!offs || !lines || !cols) {
        free(offs);
        free(lines);
        free(cols);
        return;
    }
    for (int i = 0; i < n; i++) {
        Side s = i < l->nside ? l->side[i] : (Side){.in_string = -1};
        const Diag *dg = &d->items[l->diag_start + i];
        if (s.has_off)
            offs[i] = s.off;
        else if (l->jp)
            offs[i] = jsonpos_find(l->jp, dg->pointer, s.key);
        else
            offs[i] = 0;
        if (s.in_string >= 0)
            offs[i] = jsonpos_string_offset(l->text, l->len, offs[i], (size_t)s.in_string);
    }
    jsonpos_lines_cols(l->text, l->len, offs, (size_t)n, lines, cols);
    for (int i = 0; i < n; i++) {
        Diag *dg = &d->items[l->diag_start + i];
        bool nopos = i < l->nside && l->side[i].nopos;
        if (dg->line == 0 && !nopos) {
            dg->line = lines[i];
            dg->col = cols[i];
        }
    }
    free(offs);
    free(lines);
    free(cols);
}

/* ---- load ---- */

void scenario_free(Scenario *sc)
{
    if (!sc)
        return;
    Loaded *ld = (Loaded *)sc;
    for (int i = 0; i < sc->nexprs; i++)
        expr_free(sc->exprs[i]);
    free(sc->exprs);
    free(sc->path);
    map_free(&ld->nodes);
    map_free(&ld->events);
    map_free(&ld->names);
    map_free(&ld->competencies);
    for (Block *b = ld->blocks; b;) {
        Block *next = b->next;
        free(b);
        b = next;
    }
    free(ld);
}

static Scenario *load(L *l, const char *data, size_t len)
{
    Loaded *ld = calloc(1, sizeof *ld);
    if (!ld)
        oom(l);
    l->ld = ld;
    l->sc = &ld->sc;
    l->sc->start = -1;
    l->sc->path = strdup("");
    if (!l->sc->path)
        oom(l);
    sha256_hex(data, len, l->sc->sha256);
    /* A UTF-8 byte-order mark is skipped: offsets (and columns) start after it. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    l->text = data;
    l->len = len;
    path_reserve(l, 0);
    l->path[0] = 0;
    /* Windows editors offer "Unicode" (UTF-16) too: say so rather than show a byte error. */
    if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                     ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
        err(l, "the file is saved as UTF-16; save it as UTF-8 (in most editors: Save As, encoding UTF-8)");
        return NULL;
    }
    bool fatal = false;
    l->jp = jsonpos_build(data, len, SC_MAX_DEPTH, jsonpos_report, l, &fatal);
    if (l->report_oom)
        oom(l);
    if (!l->jp) {
        if (!fatal)
            oom(l);
        return NULL;
    }
    const char *end = NULL;
#if SC_PARSE_ARENA
    pthread_once(&hooks_once, install_hooks);
    parse_blocks = &l->cjson_blocks;
#endif
    l->root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
#if SC_PARSE_ARENA
    parse_blocks = NULL;
#endif
    if (!l->root) {
        /* jsonpos accepted it, so this is memory (or a case cJSON reads differently). */
        if (diag_add(l->diags, DIAG_ERROR, l->name, 0, 0, "", "the JSON could not be parsed%s",
                     end ? "" : " (out of memory?)") < 0)
            oom(l);
        add_side(l, (Side){.has_off = true, .off = end && end >= data ? (size_t)(end - data) : 0, .in_string = -1});
        return NULL;
    }
    get_top(l);
    if (errors(l) == 0 && !l->stop) {
        score_compute_max(l->sc, l->diags, l->name);
        /* the search may warn about many choices: keep the cap */
        DiagList *d = l->diags;
        while (d->count - l->diag_start > MAX_DIAGS) {
            Diag *last = &d->items[--d->count];
            if (last->severity == DIAG_ERROR) {
                d->errors--;
                l->dropped_errors++;
            } else {
                d->warnings--;
                l->dropped_warnings++;
            }
            free(last->file);
            free(last->message);
            free(last->pointer);
        }
    }
    return errors(l) == 0 ? l->sc : NULL;
}

Scenario *scenario_load_buffer(const char *data, size_t len, const char *name, const char *dir,
                               DiagList *diags)
{
    L *l = calloc(1, sizeof *l);
    if (!l) {
        diag_add(diags, DIAG_ERROR, name ? name : "", 0, 0, "", "out of memory");
        return NULL;
    }
    l->name = name ? name : "";
    l->dir = dir;
    l->diags = diags;
    l->diag_start = diags->count;
    l->errors_start = diags->errors;
    Scenario *result = NULL;
    if (len > SC_MAX_FILE_BYTES) {
        diag_add(diags, DIAG_ERROR, l->name, 0, 0, "", "the file is %zu bytes; the limit is 16 MiB (%u bytes)",
                 len, SC_MAX_FILE_BYTES);
        free(l);
        return NULL;
    }
    if (setjmp(l->oom) == 0) {
        result = load(l, data ? data : "", data ? len : 0);
    } else {
        result = NULL;
        diag_add(diags, DIAG_ERROR, l->name, 0, 0, "", "out of memory while loading the scenario");
        if (l->nside < diags->count - l->diag_start) {
            /* the last diagnostic has no side entry: mark nothing; fill_positions defaults */
        }
    }
    fill_positions(l);
    if (diags->count > l->diag_start) { /* items is NULL while the list is empty */
        DiagList view = {diags->items + l->diag_start, diags->count - l->diag_start, 0, 0, 0};
        diag_list_sort(&view);
    }
    if (l->dropped_errors + l->dropped_warnings > 0) {
        /* last, after the sort: a line for the file as a whole */
        int n = l->dropped_errors + l->dropped_warnings;
        diag_add(diags, l->dropped_errors ? DIAG_ERROR : DIAG_WARNING, l->name, 0, 0, "",
                 "%d more problem%s not shown (%d error%s, %d warning%s); fix the first ones and check again", n,
                 n == 1 ? "" : "s", l->dropped_errors, l->dropped_errors == 1 ? "" : "s", l->dropped_warnings,
                 l->dropped_warnings == 1 ? "" : "s");
    }
    if (!result && l->ld)
        scenario_free(l->sc);
    if (l->root && !l->cjson_blocks) /* in an arena: dropped with it */
        cJSON_Delete(l->root);
    free_blocks(l->cjson_blocks);
    jsonpos_free(l->jp);
    namelist_free(&l->flags);
    free(l->side);
    free(l->path);
    free(l->dir_real);
    free(l);
    return result;
}

Scenario *scenario_load_file(const char *path, DiagList *diags)
{
    struct stat st;
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "", "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (fstat(fileno(f), &st) != 0) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "", "cannot read: %s", strerror(errno));
        fclose(f);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "", "cannot read: %s", strerror(EISDIR));
        fclose(f);
        return NULL;
    }
    if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > SC_MAX_FILE_BYTES) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "", "the file is %lld bytes; the limit is 16 MiB (%u bytes)",
                 (long long)st.st_size, SC_MAX_FILE_BYTES);
        fclose(f);
        return NULL;
    }
    /* Read up to one byte past the limit, so a growing or special file is caught too. */
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0 || n > SC_MAX_FILE_BYTES)
            break;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int rerr = ferror(f) ? errno : 0;
    fclose(f);
    if (!buf) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "", "out of memory reading the file");
        return NULL;
    }
    if (rerr) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "", "cannot read: %s", strerror(rerr));
        free(buf);
        return NULL;
    }
    /* The folder of the file resolves sound paths. */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path ? 1 : 0)) : strdup(".");
    if (!dir) {
        free(buf);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "", "out of memory");
        return NULL;
    }
    Scenario *sc = scenario_load_buffer(buf, n, path, dir, diags);
    free(dir);
    free(buf);
    if (sc) {
        char *p = strdup(path);
        if (!p) {
            scenario_free(sc);
            diag_add(diags, DIAG_ERROR, path, 0, 0, "", "out of memory");
            return NULL;
        }
        free(sc->path);
        sc->path = p;
    }
    return sc;
}

/* ---- accessors ---- */

const char *scenario_id(const Scenario *sc) { return sc->id; }
const char *scenario_version(const Scenario *sc) { return sc->version; }
const char *scenario_group(const Scenario *sc) { return sc->group ? sc->group : sc->id; }
const char *scenario_path(const Scenario *sc) { return sc->path ? sc->path : ""; }
const char *scenario_sha256(const Scenario *sc) { return sc->sha256; }
ScLevel scenario_level(const Scenario *sc) { return sc->level; }

const char *scenario_level_name(ScLevel level)
{
    switch (level) {
    case SC_LEVEL_NEW_HIRE:
        return "new_hire";
    case SC_LEVEL_EXPERIENCED:
        return "experienced";
    case SC_LEVEL_MANAGER:
        return "manager";
    }
    return "new_hire";
}

const ScText *scenario_title(const Scenario *sc) { return &sc->title; }
const ScText *scenario_summary(const Scenario *sc) { return &sc->summary; }
const ScText *scenario_counterpart(const Scenario *sc) { return &sc->counterpart; }
int scenario_tag_count(const Scenario *sc) { return sc->ntags; }
const char *scenario_tag(const Scenario *sc, int i) { return sc->tags[i]; }
int scenario_locale_count(const Scenario *sc) { return sc->nlocales; }
const char *scenario_locale(const Scenario *sc, int i) { return sc->locales[i]; }

/* The language part of a locale code: up to the first '_', '-', '.' or '@'. */
static size_t lang_len(const char *code) { return strcspn(code, "_-.@"); }

int scenario_locale_index(const Scenario *sc, const char *code)
{
    if (!code)
        return 0;
    for (int i = 0; i < sc->nlocales; i++)
        if (!strcasecmp(sc->locales[i], code))
            return i;
    size_t n = lang_len(code);
    for (int i = 0; i < sc->nlocales; i++)
        if (lang_len(sc->locales[i]) == n && !strncasecmp(sc->locales[i], code, n))
            return i;
    return 0;
}

const char *scenario_text(const ScText *text, int locale)
{
    if (!text || !text->by_locale || locale < 0)
        return "";
    const char *s = text->by_locale[locale];
    return s ? s : "";
}

int scenario_pass_percent(const Scenario *sc) { return sc->pass_percent; }
double scenario_time_limit(const Scenario *sc) { return sc->time_limit; }
int scenario_start(const Scenario *sc) { return sc->start; }
int scenario_node_count(const Scenario *sc) { return sc->nnodes; }
const ScNode *scenario_node(const Scenario *sc, int i) { return &sc->nodes[i]; }
int scenario_find_node(const Scenario *sc, const char *id) { return map_get(&((const Loaded *)sc)->nodes, id); }
int scenario_competency_count(const Scenario *sc) { return sc->ncompetencies; }
const ScCompetency *scenario_competency(const Scenario *sc, int i) { return &sc->competencies[i]; }
int scenario_meter_count(const Scenario *sc) { return sc->nmeters; }
const ScMeter *scenario_meter(const Scenario *sc, int i) { return &sc->meters[i]; }

int scenario_find_meter(const Scenario *sc, const char *id)
{
    int i = map_get(&((const Loaded *)sc)->names, id);
    return i >= 0 && i < FLAG_BASE ? i : -1;
}

int scenario_flag_count(const Scenario *sc) { return sc->nflags; }
const char *scenario_flag(const Scenario *sc, int i) { return sc->flags[i]; }
int scenario_event_count(const Scenario *sc) { return sc->nevents; }
const ScEvent *scenario_event(const Scenario *sc, int i) { return &sc->events[i]; }
int scenario_find_event(const Scenario *sc, const char *id) { return map_get(&((const Loaded *)sc)->events, id); }
const ScMax *scenario_max(const Scenario *sc) { return &sc->max; }
