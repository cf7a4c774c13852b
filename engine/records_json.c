/* records: JSON text written straight into a growing buffer (the exports and the outbox), with
 * the very bytes cJSON_PrintUnformatted gives for the same values (records_json.h). */
#include "records_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

/* The bytes a JSON string cannot hold as they are: control characters (and the end), '"', '\\'. */
static const unsigned char rj_special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1};

/* The escapes of the special bytes at p up to the next plain one; returns where it stopped. */
static const unsigned char *escape_run(TextBuf *b, const unsigned char *p)
{
    static const char hex[] = "0123456789abcdef";
    for (unsigned char c; (c = *p) && rj_special[c]; p++) {
        char e[6] = {'\\', 0};
        size_t n = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            memcpy(e, "\\u00", 4);
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            n = 6;
        }
        rj_add(b, e, n);
    }
    return p;
}

void rj_str(TextBuf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    const unsigned char *run = p;
    while (!rj_special[*p])
        p++;
    size_t n = (size_t)(p - run);
    if (!*p && b->len + n + 2 < b->cap) {
        /* Nothing to escape (nearly every string): the quotes and the bytes in one go. */
        char *o = b->s + b->len;
        o[0] = '"';
        memcpy(o + 1, run, n);
        o[n + 1] = '"';
        o[n + 2] = '\0';
        b->len += n + 2;
        return;
    }
    rj_add(b, "\"", 1);
    for (;;) {
        rj_add(b, (const char *)run, n);
        if (!*p)
            break;
        run = p = escape_run(b, p);
        while (!rj_special[*p])
            p++;
        n = (size_t)(p - run);
    }
    rj_add(b, "\"", 1);
}

void rj_key(TextBuf *b, const char *key)
{
    rj_str(b, key);
    rj_add(b, ":", 1);
}

/* Below 10^15 an integer's "%1.15g" (what cJSON prints) is its digits. */
#define RJ_EXACT 1000000000000000LL

void rj_int(TextBuf *b, int64_t v)
{
    if (v <= -RJ_EXACT || v >= RJ_EXACT) {
        rj_num(b, (double)v);
        return;
    }
    char s[24];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t)-v : (uint64_t)v;
    do {
        s[sizeof s - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        s[sizeof s - 1 - n++] = '-';
    rj_add(b, s + sizeof s - n, (size_t)n);
}

void rj_num(TextBuf *b, double v)
{
    if (v > -RJ_EXACT && v < RJ_EXACT && v == (double)(int64_t)v && !(v == 0 && signbit(v))) {
        rj_int(b, (int64_t)v); /* the same digits as "%1.15g" */
        return;
    }
    /* cJSON's own printer on a number item that lives on the stack: no allocation. */
    cJSON item;
    memset(&item, 0, sizeof item);
    item.type = cJSON_Number;
    cJSON_SetNumberValue(&item, v);
    char s[64];
    if (cJSON_PrintPreallocated(&item, s, sizeof s, 0))
        rj_cstr(b, s);
    else
        b->failed = true;
}

void rj_u64(TextBuf *b, uint64_t v)
{
    char s[24];
    int n = snprintf(s, sizeof s, "%llu", (unsigned long long)v);
    rj_add(b, s, (size_t)n);
}

void rj_bool(TextBuf *b, bool v)
{
    if (v)
        rj_add(b, "true", 4);
    else
        rj_add(b, "false", 5);
}

/* ---- stored JSON text ------------------------------------------------------------------- */

/* Scans one value of the canonical form at *p: what cJSON prints for it is its own bytes (no
 * white space, strings with no escapes but \" \\ \b \f \n \r \t and no control characters,
 * integers of at most 15 digits with no leading zero and no -0, nesting of at most 32).
 * Returns whether it is canonical; *p moves past it. */
static bool canonical_value(const char **p, int depth)
{
    const char *s = *p;
    if (depth > 32)
        return false;
    switch (*s) {
    case '"':
        for (s++;; s++) {
            while (!rj_special[(unsigned char)*s])
                s++;
            if (*s == '"')
                break;
            if (*s != '\\')
                return false; /* a raw control character, or the end */
            s++;
            if (!*s || !strchr("\"\\bfnrt", *s))
                return false;
        }
        *p = s + 1;
        return true;
    case '{':
    case '[': {
        char close = *s == '{' ? '}' : ']';
        s++;
        if (*s == close) {
            *p = s + 1;
            return true;
        }
        for (;;) {
            if (close == '}') {
                if (*s != '"' || !canonical_value(&s, depth + 1) || *s++ != ':')
                    return false;
            }
            if (!canonical_value(&s, depth + 1))
                return false;
            if (*s == close) {
                *p = s + 1;
                return true;
            }
            if (*s++ != ',')
                return false;
        }
    }
    case 't':
        *p = s + 4;
        return !strncmp(s, "true", 4);
    case 'f':
        *p = s + 5;
        return !strncmp(s, "false", 5);
    case 'n':
        *p = s + 4;
        return !strncmp(s, "null", 4);
    default: {
        bool neg = *s == '-';
        s += neg;
        const char *d = s;
        while (*s >= '0' && *s <= '9')
            s++;
        size_t n = (size_t)(s - d);
        if (n == 0 || n > 15 || (n > 1 && *d == '0') || (neg && n == 1 && *d == '0'))
            return false;
        if (*s == '.' || *s == 'e' || *s == 'E')
            return false;
        *p = s;
        return true;
    }
    }
}

void rj_stored(TextBuf *b, const char *text)
{
    const char *p = text;
    if (text && canonical_value(&p, 0) && !*p) {
        rj_add(b, text, (size_t)(p - text));
        return;
    }
    /* Anything else as cJSON reads and prints it; null when it does not parse (a damaged row). */
    cJSON *v = text ? cJSON_Parse(text) : NULL;
    char *s = v ? cJSON_PrintUnformatted(v) : NULL;
    cJSON_Delete(v);
    if (v && !s)
        b->failed = true; /* out of memory */
    rj_cstr(b, s ? s : "null");
    cJSON_free(s);
}
