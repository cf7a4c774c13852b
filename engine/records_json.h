/* records: JSON text written straight into a growing buffer, for the exports and the outbox.
 * Every function gives the very bytes cJSON_PrintUnformatted gives for the same value, so the
 * exports did not change when they stopped building a cJSON tree per attempt
 * (tests/test_records_export_bytes.c holds them to it). Internal to the records files. */
#ifndef SPARRING_RECORDS_JSON_H
#define SPARRING_RECORDS_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "textbuf.h"

/* textbuf_add, inlined while the buffer has room (the writers append many short pieces). */
static inline void rj_add(TextBuf *b, const char *s, size_t n)
{
    if (b->len + n < b->cap) {
        memcpy(b->s + b->len, s, n);
        b->len += n;
        b->s[b->len] = '\0';
    } else {
        textbuf_add(b, s, n);
    }
}
static inline void rj_cstr(TextBuf *b, const char *s) { rj_add(b, s, strlen(s)); }
/* A string literal. */
#define RJ_LIT(b, lit) rj_add((b), "" lit, sizeof(lit) - 1)

/* "key": for a key written as a string literal that needs no escape (the writers' own names):
 * the bytes rj_key gives, without escaping them at run time. */
#define RJ_KEY(b, key) RJ_LIT((b), "\"" key "\":")

/* A string, quoted and escaped (NULL as ""). */
void rj_str(TextBuf *b, const char *s);
/* "key": */
void rj_key(TextBuf *b, const char *key);
/* Numbers: an integer, a double, an unsigned 64-bit integer written whole (a seed). */
void rj_int(TextBuf *b, int64_t v);
void rj_num(TextBuf *b, double v);
void rj_u64(TextBuf *b, uint64_t v);
void rj_bool(TextBuf *b, bool v);
/* A JSON text kept in a column: copied when it is already in the form cJSON prints, else
 * parsed and printed again; null when it does not parse (a damaged row). */
void rj_stored(TextBuf *b, const char *text);

#endif
