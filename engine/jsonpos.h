/* jsonpos: positions in a JSON text. cJSON keeps no positions, so before cJSON parses a file
 * this scanner checks its syntax strictly (RFC 8259, UTF-8, nesting depth, duplicate keys) and
 * keeps an index from JSON pointers (RFC 6901) to byte offsets; line and column (in code
 * points) are computed from offsets on demand. Internal to the engine. */
#ifndef SPARRING_JSONPOS_H
#define SPARRING_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

#include "jsontext.h" /* jsonpos_string_offset, jsonpos_lines_cols */

typedef struct JsonPos JsonPos;

/* A sanity limit on the values of one text (about 8 bytes a value in a 16 MiB file; a real
 * scenario has near 18): past it the text is refused, so a hostile file of tiny values cannot
 * make the index (and cJSON's tree after it) take gigabytes. */
#define JSONPOS_MAX_VALUES 2000000

/* Called for every problem found: `off` is the byte offset in the text, `pointer` the JSON
 * pointer of the value concerned (or of the container a syntax error is in). */
typedef void (*JsonPosReport)(void *ctx, size_t off, const char *pointer, const char *message);

/* Scans text[0..len). Reports a syntax error, a nesting deeper than max_depth or more than
 * JSONPOS_MAX_VALUES values (and then stops: *fatal is set and NULL returned), and every
 * duplicate key (and goes on). The text must outlive the index.
 * Returns the index (free with jsonpos_free), or NULL with *fatal false when out of memory. */
JsonPos *jsonpos_build(const char *text, size_t len, int max_depth, JsonPosReport report,
                       void *ctx, bool *fatal);
void jsonpos_free(JsonPos *jp);

/* The byte offset of the value at `pointer` (with `key`: of its key's opening quote, when it
 * is an object member). A pointer that goes past what exists gives its deepest existing
 * ancestor. Not const: a long list gets its lookup table on the first lookup in it. */
size_t jsonpos_find(JsonPos *jp, const char *pointer, bool key);

/* Entries: every value, numbered in document order (0 is the root). */
/* Calls fn for every object member whose (decoded) key is `name`, in document order. */
void jsonpos_each_key(const JsonPos *jp, const char *name, void (*fn)(void *ctx, int e), void *ctx);
int jsonpos_parent(const JsonPos *jp, int e);           /* -1 for the root */
bool jsonpos_key_is(const JsonPos *jp, int e, const char *name); /* a member named so? */
char jsonpos_kind(const JsonPos *jp, int e);             /* '{', '[', '"' (string) or 'v' */
int jsonpos_first_child(const JsonPos *jp, int e);       /* -1: none */
int jsonpos_next_sibling(const JsonPos *jp, int e);      /* -1: none */
/* The decoded value of a string entry (malloc'd), or NULL (not a string, out of memory). */
char *jsonpos_string(const JsonPos *jp, int e);
/* The JSON pointer of an entry (malloc'd), or NULL when out of memory. */
char *jsonpos_pointer(const JsonPos *jp, int e);

#endif
