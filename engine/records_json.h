/* records: JSON text written straight into a growing buffer, for the exports and the outbox.
 * Every function gives the very bytes cJSON_PrintUnformatted gives for the same value, so the
 * exports did not change when they stopped building a cJSON tree per attempt
 * (tests/test_records_export_bytes.c holds them to it). Internal to the records files. */
#ifndef SPARRING_RECORDS_JSON_H
#define SPARRING_RECORDS_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "textbuf.h"

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
