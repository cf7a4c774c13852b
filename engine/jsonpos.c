/* jsonpos: a strict JSON scanner that keeps where every value starts (see jsonpos.h).
 * Every value gets an entry (document order) linked to its parent's list of children. A lookup
 * walks a short list directly; a long one (the nodes of a 10,000-node file) gets a hash table,
 * built on the first lookup in it, so lookups stay cheap for a big file with many diagnostics
 * and a valid file never pays for tables. */
#include "jsonpos.h"
#include "jsontext.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t val_off; /* first byte of the value (texts are below 4 GiB: jsonpos_build checks) */
    uint32_t key_off; /* opening quote of its key; NO_KEY when not an object member */
    uint32_t key_len; /* raw bytes between the key's quotes (a file is at most 16 MiB) */
    int parent;       /* -1 for the root */
    int ordinal;      /* position in the parent */
    uint32_t hash;    /* of the decoded key (members) or of the ordinal (elements) */
    int first_child, next_sibling, nchildren; /* -1: none */
    char kind;        /* '{', '[', '"' (a string) or 'v' */
} Entry;

#define NO_KEY UINT32_MAX

/* A container's children by hash, for a long list. */
typedef struct {
    int container;
    int *slots; /* entry indexes, -1 empty */
    size_t mask;
} ChildTable;

/* Containers with more children than this get a table on their first lookup. */
#define JP_LIST_MAX 24

struct JsonPos {
    const char *text;
    size_t len;
    Entry *e;
    int n, cap;
    ChildTable *tables;
    int ntables, tables_cap;
};

typedef struct {
    JsonPos *jp;
    size_t p;
    int max_depth;
    JsonPosReport report;
    void *ctx;
    bool fatal, oom;
} Scan;

/* A seed per process (ASLR moves the stack), so a file cannot be built to make keys collide. */
static uint32_t jp_hash_seed(void)
{
    static uint32_t seed;
    if (!seed) {
        int local;
        uintptr_t a = (uintptr_t)&local;
        seed = ((uint32_t)a ^ (uint32_t)(a >> 32)) * 2246822519u | 1u;
    }
    return seed;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u ^ jp_hash_seed(); /* FNV-1a, seeded */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static uint32_t hash_ordinal(int i)
{
    uint32_t x = (uint32_t)i * 2654435761u;
    return x ^ (x >> 15);
}

/* Does the raw key of entry e decode to name[0..n)? */
static bool key_equals(const JsonPos *jp, const Entry *e, const char *name, size_t n)
{
    const char *raw = jp->text + e->key_off + 1;
    if (!memchr(raw, '\\', e->key_len))
        return e->key_len == n && memcmp(raw, name, n) == 0;
    if (n > e->key_len)
        return false;
    char *buf = malloc(e->key_len + 1);
    if (!buf)
        return false;
    size_t k = jsontext_decode(raw, e->key_len, buf);
    bool eq = k == n && memcmp(buf, name, n) == 0;
    free(buf);
    return eq;
}

static bool keys_equal(const JsonPos *jp, const Entry *a, const Entry *b)
{
    const char *ra = jp->text + a->key_off + 1, *rb = jp->text + b->key_off + 1;
    if (a->key_len == b->key_len && memcmp(ra, rb, a->key_len) == 0)
        return true;
    if (!memchr(ra, '\\', a->key_len) && !memchr(rb, '\\', b->key_len))
        return false;
    char *buf = malloc(b->key_len + 1);
    if (!buf)
        return false;
    size_t k = jsontext_decode(rb, b->key_len, buf);
    bool eq = key_equals(jp, a, buf, k);
    free(buf);
    return eq;
}

/* ---- lookup ---- */

/* The table of container c's children, built on first use; NULL when out of memory. */
static const ChildTable *child_table(JsonPos *jp, int c)
{
    for (int i = 0; i < jp->ntables; i++)
        if (jp->tables[i].container == c)
            return &jp->tables[i];
    if (jp->ntables == jp->tables_cap) {
        int cap = jp->tables_cap ? jp->tables_cap * 2 : 8;
        ChildTable *t = realloc(jp->tables, (size_t)cap * sizeof *t);
        if (!t)
            return NULL;
        jp->tables = t;
        jp->tables_cap = cap;
    }
    size_t size = 64;
    while (size < (size_t)jp->e[c].nchildren * 2)
        size *= 2;
    int *slots = malloc(size * sizeof *slots);
    if (!slots)
        return NULL;
    memset(slots, 0xFF, size * sizeof *slots);
    for (int k = jp->e[c].first_child; k >= 0; k = jp->e[k].next_sibling) {
        size_t s = jp->e[k].hash & (size - 1);
        while (slots[s] >= 0)
            s = (s + 1) & (size - 1);
        slots[s] = k;
    }
    ChildTable *t = &jp->tables[jp->ntables++];
    *t = (ChildTable){c, slots, size - 1};
    return t;
}

/* The child of container c named seg[0..n) (a member name, or an array index in digits), or -1. */
static int find_child(JsonPos *jp, int c, const char *seg, size_t n)
{
    const Entry *ce = &jp->e[c];
    bool object = ce->kind == '{';
    int idx = 0;
    uint32_t h;
    if (object) {
        h = hash_bytes(seg, n);
    } else if (ce->kind == '[') {
        if (n == 0 || n > 9)
            return -1;
        for (size_t i = 0; i < n; i++) {
            if (seg[i] < '0' || seg[i] > '9')
                return -1;
            idx = idx * 10 + (seg[i] - '0');
        }
        if (idx >= ce->nchildren)
            return -1;
        h = hash_ordinal(idx);
    } else {
        return -1;
    }
    if (ce->nchildren > JP_LIST_MAX) {
        const ChildTable *t = child_table(jp, c);
        if (t) {
            for (size_t s = h & t->mask; t->slots[s] >= 0; s = (s + 1) & t->mask) {
                const Entry *o = &jp->e[t->slots[s]];
                if (o->hash == h && (object ? key_equals(jp, o, seg, n) : o->ordinal == idx))
                    return t->slots[s];
            }
            return -1;
        }
    }
    for (int k = ce->first_child; k >= 0; k = jp->e[k].next_sibling) {
        const Entry *o = &jp->e[k];
        if (o->hash == h && (object ? key_equals(jp, o, seg, n) : o->ordinal == idx))
            return k;
    }
    return -1;
}

/* ---- pointers ---- */

/* The JSON pointer of entry ei (malloc'd), or NULL when out of memory. */
static char *pointer_of(const JsonPos *jp, int ei)
{
    size_t need = 1;
    for (int i = ei; i > 0; i = jp->e[i].parent)
        need += 2 * (jp->e[i].key_off != NO_KEY ? jp->e[i].key_len : 0) + 16;
    char *out = malloc(need);
    char *tmp = malloc(need);
    if (!out || !tmp) {
        free(out);
        free(tmp);
        return NULL;
    }
    /* Build segments from the leaf up, each reversed into place at the end. */
    size_t end = need - 1;
    out[end] = 0;
    for (int i = ei; i > 0; i = jp->e[i].parent) {
        const Entry *e = &jp->e[i];
        size_t k;
        if (e->key_off != NO_KEY) {
            char *dec = malloc(e->key_len + 1);
            if (!dec) {
                free(out);
                free(tmp);
                return NULL;
            }
            size_t dn = jsontext_decode(jp->text + e->key_off + 1, e->key_len, dec);
            k = 0;
            for (size_t j = 0; j < dn; j++) {
                if (dec[j] == '~') {
                    tmp[k++] = '~';
                    tmp[k++] = '0';
                } else if (dec[j] == '/') {
                    tmp[k++] = '~';
                    tmp[k++] = '1';
                } else {
                    tmp[k++] = dec[j];
                }
            }
            free(dec);
        } else {
            k = (size_t)snprintf(tmp, 16, "%d", e->ordinal);
        }
        end -= k;
        memcpy(out + end, tmp, k);
        out[--end] = '/';
    }
    memmove(out, out + end, need - end);
    free(tmp);
    return out;
}

size_t jsonpos_find(JsonPos *jp, const char *pointer, bool key)
{
    if (!jp || jp->n == 0)
        return 0;
    int cur = 0;
    const char *p = pointer ? pointer : "";
    char *seg = malloc(strlen(p) + 1);
    if (!seg)
        return jp->e[0].val_off;
    while (*p == '/') {
        p++;
        size_t n = 0;
        while (*p && *p != '/') {
            if (p[0] == '~' && p[1] == '0') {
                seg[n++] = '~';
                p += 2;
            } else if (p[0] == '~' && p[1] == '1') {
                seg[n++] = '/';
                p += 2;
            } else {
                seg[n++] = *p++;
            }
        }
        int found = find_child(jp, cur, seg, n);
        if (found < 0) {
            key = false;
            break;
        }
        cur = found;
    }
    free(seg);
    const Entry *e = &jp->e[cur];
    return key && e->key_off != NO_KEY ? e->key_off : e->val_off;
}

/* ---- the scanner ---- */

static void fail(Scan *s, size_t off, int ctx_entry, const char *fmt, const char *arg)
{
    if (s->fatal)
        return;
    s->fatal = true;
    char msg[480];
    snprintf(msg, sizeof msg, fmt, arg);
    char *ptr = ctx_entry >= 0 ? pointer_of(s->jp, ctx_entry) : NULL;
    s->report(s->ctx, off, ptr ? ptr : "", msg);
    free(ptr);
}

static void skip_ws(Scan *s)
{
    const char *t = s->jp->text;
    while (s->p < s->jp->len && (t[s->p] == ' ' || t[s->p] == '\t' || t[s->p] == '\n' || t[s->p] == '\r'))
        s->p++;
}

/* A description of the byte at p for messages. */
static const char *describe(Scan *s, char *buf, size_t size)
{
    if (s->p >= s->jp->len)
        return "the end of the file";
    unsigned char c = (unsigned char)s->jp->text[s->p];
    if (c >= 0x21 && c < 0x7F)
        snprintf(buf, size, "'%c'", c);
    else
        snprintf(buf, size, "byte 0x%02X", c);
    return buf;
}

/* Length of a valid UTF-8 sequence at t[0..avail), or 0. */
static size_t utf8_len(const unsigned char *t, size_t avail)
{
    unsigned char c = t[0];
    size_t n;
    unsigned long cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((t[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (t[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* Scans a string at s->p (the opening quote); leaves p after the closing quote. */
static void scan_string(Scan *s, int ctx_entry)
{
    const char *t = s->jp->text;
    size_t len = s->jp->len;
    size_t start = s->p;
    s->p++;
    while (!s->fatal) {
        /* the common case first: plain ASCII */
        while (s->p < len && (unsigned char)t[s->p] >= 0x20 && (unsigned char)t[s->p] < 0x80 && t[s->p] != '"' &&
               t[s->p] != '\\')
            s->p++;
        if (s->p >= len) {
            fail(s, start, ctx_entry, "unterminated string%s", "");
            return;
        }
        unsigned char c = (unsigned char)t[s->p];
        if (c == '"') {
            s->p++;
            return;
        }
        if (c == '\n' || c == '\r') {
            fail(s, start, ctx_entry, "a string is not closed on its line (a line break inside a string is written \\n)%s", "");
            return;
        }
        if (c < 0x20) {
            fail(s, s->p, ctx_entry, "a control character (%s) inside a string; write it as an escape such as \\t",
                 c == '\t' ? "a tab" : "below U+0020");
            return;
        }
        if (c == '\\') {
            char e = s->p + 1 < len ? t[s->p + 1] : 0;
            if (e && strchr("\"\\/bfnrt", e)) {
                s->p += 2;
                continue;
            }
            if (e != 'u') {
                fail(s, s->p, ctx_entry, "invalid escape in a string%s", "");
                return;
            }
            long cp = s->p + 6 <= len ? jsontext_hex4(t + s->p + 2) : -1;
            if (cp < 0) {
                fail(s, s->p, ctx_entry, "invalid \\u escape: it needs four hex digits%s", "");
                return;
            }
            if (cp == 0) {
                fail(s, s->p, ctx_entry, "\\u0000 (a NUL character) is not allowed in a string%s", "");
                return;
            }
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail(s, s->p, ctx_entry, "invalid \\u escape: a low surrogate without a high one%s", "");
                return;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                long lo = s->p + 12 <= len && t[s->p + 6] == '\\' && t[s->p + 7] == 'u' ? jsontext_hex4(t + s->p + 8) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    fail(s, s->p, ctx_entry, "invalid \\u escape: a high surrogate without a low one%s", "");
                    return;
                }
                s->p += 12;
                continue;
            }
            s->p += 6;
            continue;
        }
        size_t n = utf8_len((const unsigned char *)t + s->p, len - s->p);
        if (!n) {
            fail(s, s->p, ctx_entry, "invalid UTF-8 in a string (the file must be saved as UTF-8)%s", "");
            return;
        }
        s->p += n;
    }
}

static void scan_number(Scan *s, int ctx_entry)
{
    const char *t = s->jp->text;
    size_t len = s->jp->len, start = s->p;
#define DIGIT(i) ((i) < len && t[i] >= '0' && t[i] <= '9')
    if (t[s->p] == '-')
        s->p++;
    if (!DIGIT(s->p)) {
        fail(s, start, ctx_entry, "invalid number%s", "");
        return;
    }
    if (t[s->p] == '0') {
        s->p++;
        if (DIGIT(s->p)) {
            fail(s, start, ctx_entry, "invalid number: a leading zero%s", "");
            return;
        }
    } else {
        while (DIGIT(s->p))
            s->p++;
    }
    if (s->p < len && t[s->p] == '.') {
        s->p++;
        if (!DIGIT(s->p)) {
            fail(s, start, ctx_entry, "invalid number: digits must follow the decimal point%s", "");
            return;
        }
        while (DIGIT(s->p))
            s->p++;
    }
    if (s->p < len && (t[s->p] == 'e' || t[s->p] == 'E')) {
        s->p++;
        if (s->p < len && (t[s->p] == '+' || t[s->p] == '-'))
            s->p++;
        if (!DIGIT(s->p)) {
            fail(s, start, ctx_entry, "invalid number: digits must follow the exponent%s", "");
            return;
        }
        while (DIGIT(s->p))
            s->p++;
    }
#undef DIGIT
    /* cJSON reads at most 63 characters of a number. */
    if (s->p - start > 63)
        fail(s, start, ctx_entry, "number too long (more than 63 characters)%s", "");
}

static int add_entry(Scan *s, size_t val_off, size_t key_off, size_t key_len, int parent, int ordinal)
{
    JsonPos *jp = s->jp;
    if (jp->n >= JSONPOS_MAX_VALUES) {
        char msg[16];
        snprintf(msg, sizeof msg, "%d", JSONPOS_MAX_VALUES);
        fail(s, val_off, parent, "more than %s values: far more than any scenario holds (is this the right file?)",
             msg);
        return -1;
    }
    if (jp->n == jp->cap) {
        int cap = jp->cap ? jp->cap * 2 : 256;
        Entry *e = realloc(jp->e, (size_t)cap * sizeof *e);
        if (!e) {
            s->oom = s->fatal = true;
            return -1;
        }
        jp->e = e;
        jp->cap = cap;
    }
    int ei = jp->n++;
    Entry *e = &jp->e[ei];
    *e = (Entry){(uint32_t)val_off, key_off == SIZE_MAX ? NO_KEY : (uint32_t)key_off, (uint32_t)key_len, parent,
                 ordinal, 0, -1, -1, 0, 'v'};
    if (parent < 0)
        return ei;
    if (key_off != SIZE_MAX) {
        const char *raw = jp->text + key_off + 1;
        if (memchr(raw, '\\', key_len)) {
            char *buf = malloc(key_len + 1);
            if (!buf) {
                s->oom = s->fatal = true;
                return -1;
            }
            e->hash = hash_bytes(buf, jsontext_decode(raw, key_len, buf));
            free(buf);
        } else {
            e->hash = hash_bytes(raw, key_len);
        }
    } else {
        e->hash = hash_ordinal(ordinal);
    }
    return ei;
}

static void report_duplicate(Scan *s, int ei)
{
    JsonPos *jp = s->jp;
    const Entry *e = &jp->e[ei];
    char *ptr = pointer_of(jp, ei);
    char *name = malloc(e->key_len + 1);
    if (!ptr || !name) {
        free(ptr);
        free(name);
        s->oom = s->fatal = true;
        return;
    }
    size_t n = jsontext_decode(jp->text + e->key_off + 1, e->key_len, name);
    name[n] = 0;
    char msg[200];
    snprintf(msg, sizeof msg, "duplicate key \"%.64s%s\": a key may appear only once in an object", name,
             n > 64 ? "..." : "");
    s->report(s->ctx, e->key_off, ptr, msg);
    free(ptr);
    free(name);
}

typedef struct {
    uint32_t hash;
    int ei;
    const JsonPos *jp;
} HashIdx;

/* The decoded key of an entry, in buf (malloc'd when it has escapes) or in place. */
static const char *key_bytes(const JsonPos *jp, const Entry *e, char **buf, size_t *n)
{
    const char *raw = jp->text + e->key_off + 1;
    *buf = NULL;
    if (!memchr(raw, '\\', e->key_len)) {
        *n = e->key_len;
        return raw;
    }
    *buf = malloc(e->key_len + 1);
    if (!*buf) {
        *n = e->key_len; /* out of memory: compare raw (a miss at worst) */
        return raw;
    }
    *n = jsontext_decode(raw, e->key_len, *buf);
    return *buf;
}

/* By hash, then by key (so equal keys are neighbours, whatever the collisions), then by
 * position (so the first of equal keys comes first). */
static int cmp_hash_idx(const void *a, const void *b)
{
    const HashIdx *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    char *bx, *by;
    size_t nx, ny;
    const char *kx = key_bytes(x->jp, &x->jp->e[x->ei], &bx, &nx);
    const char *ky = key_bytes(y->jp, &y->jp->e[y->ei], &by, &ny);
    int c = memcmp(kx, ky, nx < ny ? nx : ny);
    if (!c)
        c = nx < ny ? -1 : nx > ny;
    free(bx);
    free(by);
    if (c)
        return c;
    return x->ei < y->ei ? -1 : x->ei > y->ei;
}

/* Reports every member of an object whose key an earlier member already has. Small objects
 * compare pairwise; big ones (the nodes) sort by hash. */
static void check_duplicates(Scan *s, const int *members, int n)
{
    const JsonPos *jp = s->jp;
    if (n <= 16) {
        for (int i = 1; i < n; i++)
            for (int j = 0; j < i; j++)
                if (jp->e[members[i]].hash == jp->e[members[j]].hash &&
                    keys_equal(jp, &jp->e[members[j]], &jp->e[members[i]])) {
                    report_duplicate(s, members[i]);
                    break;
                }
        return;
    }
    HashIdx *h = malloc((size_t)n * sizeof *h);
    if (!h) {
        s->oom = s->fatal = true;
        return;
    }
    for (int i = 0; i < n; i++)
        h[i] = (HashIdx){jp->e[members[i]].hash, members[i], jp};
    qsort(h, (size_t)n, sizeof *h, cmp_hash_idx);
    for (int i = 1; i < n && !s->oom; i++)
        if (h[i - 1].hash == h[i].hash && keys_equal(jp, &jp->e[h[i - 1].ei], &jp->e[h[i].ei]))
            report_duplicate(s, h[i].ei);
    free(h);
}

static void scan_value(Scan *s, int parent, int ordinal, size_t key_off, size_t key_len, int depth);

/* When s->p holds full-width punctuation, fails with what to type instead and returns true. */
static bool fail_fullwidth(Scan *s, int ctx_entry)
{
    char msg[300];
    if (!jsontext_fullwidth(s->jp->text + s->p, s->jp->len - s->p, msg, sizeof msg))
        return false;
    fail(s, s->p, ctx_entry, "%s", msg);
    return true;
}

/* After a member or element ending at vend, neither ',' nor the closing bracket follows: say
 * what most likely happened (a Chinese comma, a quote inside a text, a comma left out). */
static void fail_separator(Scan *s, int self, bool object, size_t vend, int value)
{
    const char *t = s->jp->text;
    char buf[16];
    if (fail_fullwidth(s, self))
        return;
    bool same_line = true;
    for (size_t i = vend; i < s->p; i++)
        same_line &= t[i] != '\n' && t[i] != '\r';
    char c = s->p < s->jp->len ? t[s->p] : '\0';
    if (value >= 0 && s->jp->e[value].kind == '"' && same_line && c && !strchr("\"{}[],:", c)) {
        fail(s, vend - 1, self,
             "this '\"' ends the text early, and the rest of the text follows it. Inside a text, write a quote "
             "as \\\" (or use the quotes “ ” or 「 」), e.g. \"He said \\\"no\\\"\"%s",
             "");
        return;
    }
    if (c == '"' || (!object && c && strchr("{[-0123456789tfn", c))) {
        fail(s, vend, self,
             object ? "a comma is missing here, after this member: put ',' between two members%s"
                    : "a comma is missing here, after this element: put ',' between two elements%s",
             "");
        return;
    }
    fail(s, s->p, self, object ? "expected ',' or '}' after an object member, found %s"
                               : "expected ',' or ']' after an array element, found %s",
         describe(s, buf, sizeof buf));
}

static void scan_container(Scan *s, int self, int depth)
{
    const char *t = s->jp->text;
    size_t len = s->jp->len;
    bool object = t[s->p] == '{';
    char close = object ? '}' : ']';
    char buf[16];
    if (depth > s->max_depth) {
        char msg[16];
        snprintf(msg, sizeof msg, "%d", s->max_depth);
        fail(s, s->p, self, "nesting deeper than %s levels of objects and arrays", msg);
        return;
    }
    s->jp->e[self].kind = object ? '{' : '[';
    s->p++;
    skip_ws(s);
    if (s->p < len && t[s->p] == close) {
        s->p++;
        return;
    }
    int local[16], *members = local, nmembers = 0, cap = 16, last = -1;
    for (int i = 0; !s->fatal; i++) {
        skip_ws(s);
        size_t key_off = SIZE_MAX, key_len = 0;
        if (object) {
            if (s->p >= len || t[s->p] != '"') {
                if (fail_fullwidth(s, self))
                    break;
                fail(s, s->p, self,
                     s->p < len && t[s->p] == '}' ? "a comma before '}' (JSON allows no trailing comma)%s"
                                                 : "expected a key in double quotes, found %s",
                     s->p < len && t[s->p] == '}' ? "" : describe(s, buf, sizeof buf));
                break;
            }
            key_off = s->p;
            scan_string(s, self);
            if (s->fatal)
                break;
            key_len = s->p - key_off - 2;
            skip_ws(s);
            if (s->p >= len || t[s->p] != ':') {
                if (!fail_fullwidth(s, self))
                    fail(s, s->p, self, "expected ':' after the key, found %s", describe(s, buf, sizeof buf));
                break;
            }
            s->p++;
        } else if (s->p < len && t[s->p] == ']' && i > 0) {
            fail(s, s->p, self, "a comma before ']' (JSON allows no trailing comma)%s", "");
            break;
        }
        if (object) {
            if (nmembers == cap) {
                int *m = malloc((size_t)cap * 2 * sizeof *m);
                if (!m) {
                    s->oom = s->fatal = true;
                    break;
                }
                memcpy(m, members, (size_t)nmembers * sizeof *m);
                if (members != local)
                    free(members);
                members = m;
                cap *= 2;
            }
            members[nmembers++] = s->jp->n; /* the entry scan_value adds next */
        }
        int child = s->jp->n;
        scan_value(s, self, i, key_off, key_len, depth);
        size_t vend = s->p;
        if (s->jp->n > child) { /* link it in (by index: scan_value may move the array) */
            Entry *e = s->jp->e;
            if (last < 0)
                e[self].first_child = child;
            else
                e[last].next_sibling = child;
            last = child;
            e[self].nchildren++;
        }
        if (s->fatal)
            break;
        skip_ws(s);
        if (s->p < len && t[s->p] == ',') {
            s->p++;
            continue;
        }
        if (s->p < len && t[s->p] == close) {
            s->p++;
            if (object)
                check_duplicates(s, members, nmembers);
            break;
        }
        fail_separator(s, self, object, vend, s->jp->n > child ? child : -1);
    }
    if (members != local)
        free(members);
}

static void scan_value(Scan *s, int parent, int ordinal, size_t key_off, size_t key_len, int depth)
{
    const char *t = s->jp->text;
    size_t len = s->jp->len;
    char buf[16];
    skip_ws(s);
    if (s->p >= len) {
        fail(s, s->p, parent, "unexpected end of file: a value is missing%s", "");
        return;
    }
    int self = add_entry(s, s->p, key_off, key_len, parent, ordinal);
    if (self < 0)
        return;
    char c = t[s->p];
    if (c == '{' || c == '[') {
        scan_container(s, self, depth + 1);
    } else if (c == '"') {
        s->jp->e[self].kind = '"';
        scan_string(s, self);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        scan_number(s, self);
    } else {
        static const char *const words[] = {"true", "false", "null"};
        for (int i = 0; i < 3; i++) {
            size_t n = strlen(words[i]);
            if (len - s->p >= n && memcmp(t + s->p, words[i], n) == 0) {
                s->p += n;
                return;
            }
        }
        if (c == '\'')
            fail(s, s->p, parent, "strings take double quotes, not single quotes%s", "");
        else if (c == '}' || c == ']')
            fail(s, s->p, parent, "a value is missing before %s", describe(s, buf, sizeof buf));
        else if (fail_fullwidth(s, parent))
            return;
        else
            fail(s, s->p, parent, "unexpected %s: expected a value", describe(s, buf, sizeof buf));
    }
}

JsonPos *jsonpos_build(const char *text, size_t len, int max_depth, JsonPosReport report,
                       void *ctx, bool *fatal)
{
    *fatal = false;
    if (len >= NO_KEY) {
        report(ctx, 0, "", "the text is too large to index");
        *fatal = true;
        return NULL;
    }
    JsonPos *jp = calloc(1, sizeof *jp);
    if (!jp)
        return NULL;
    jp->text = text;
    jp->len = len;
    Scan s = {jp, 0, max_depth, report, ctx, false, false};
    scan_value(&s, -1, 0, SIZE_MAX, 0, 0);
    if (!s.fatal) {
        skip_ws(&s);
        if (s.p < len) {
            char buf[16];
            fail(&s, s.p, -1, "unexpected %s after the end of the JSON value", describe(&s, buf, sizeof buf));
        }
    }
    if (s.fatal) {
        *fatal = !s.oom;
        jsonpos_free(jp);
        return NULL;
    }
    return jp;
}

void jsonpos_free(JsonPos *jp)
{
    if (!jp)
        return;
    free(jp->e);
    for (int i = 0; i < jp->ntables; i++)
        free(jp->tables[i].slots);
    free(jp->tables);
    free(jp);
}

/* ---- entries ---- */

void jsonpos_each_key(const JsonPos *jp, const char *name, void (*fn)(void *ctx, int e), void *ctx)
{
    size_t n = strlen(name);
    for (int i = 1; i < jp->n; i++)
        if (jp->e[i].key_off != NO_KEY && key_equals(jp, &jp->e[i], name, n))
            fn(ctx, i);
}

int jsonpos_parent(const JsonPos *jp, int e) { return e > 0 && e < jp->n ? jp->e[e].parent : -1; }

bool jsonpos_key_is(const JsonPos *jp, int e, const char *name)
{
    return e > 0 && e < jp->n && jp->e[e].key_off != NO_KEY && key_equals(jp, &jp->e[e], name, strlen(name));
}

char jsonpos_kind(const JsonPos *jp, int e) { return e >= 0 && e < jp->n ? jp->e[e].kind : 0; }

int jsonpos_first_child(const JsonPos *jp, int e) { return e >= 0 && e < jp->n ? jp->e[e].first_child : -1; }

int jsonpos_next_sibling(const JsonPos *jp, int e) { return e >= 0 && e < jp->n ? jp->e[e].next_sibling : -1; }

char *jsonpos_string(const JsonPos *jp, int e)
{
    if (jsonpos_kind(jp, e) != '"')
        return NULL;
    const char *raw = jp->text + jp->e[e].val_off + 1;
    size_t n = 0;
    while (raw[n] != '"') /* the scanner checked it closes */
        n += raw[n] == '\\' ? 2 : 1;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    out[jsontext_decode(raw, n, out)] = 0;
    return out;
}

char *jsonpos_pointer(const JsonPos *jp, int e) { return e >= 0 && e < jp->n ? pointer_of(jp, e) : NULL; }
