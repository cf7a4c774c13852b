/* jsontext: helpers on raw JSON text shared by the scanner (jsonpos.c). Internal to the engine. */
#ifndef SPARRING_JSONTEXT_H
#define SPARRING_JSONTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The value of four hex digits at s, or -1. */
long jsontext_hex4(const char *s);

/* Decodes one escape at raw[0] == '\\' (already validated by the scanner). Writes its bytes to
 * out (up to 4) and returns how many raw bytes it used; *nout gets the decoded length. */
size_t jsontext_decode_escape(const char *raw, size_t avail, char *out, size_t *nout);

/* Decodes raw string bytes (between the quotes) into out (at least n bytes); returns length. */
size_t jsontext_decode(const char *raw, size_t n, char *out);

/* When t (left bytes) starts with punctuation a Chinese input method types where JSON needs
 * ASCII (， 、 ： “ ” ｛ ｝), writes what to do into msg and returns it; else NULL. */
const char *jsontext_fullwidth(const char *t, size_t left, char *msg, size_t size);

/* The byte offset in the raw text of byte `decoded` of the string whose opening quote is at
 * `quote`: escapes are walked, so the mapping is exact except inside an escape, where it
 * gives the position just after that escape. */
size_t jsonpos_string_offset(const char *text, size_t len, size_t quote, size_t decoded);

/* Line and column (1-based; the column counts UTF-8 code points) of n byte offsets at once,
 * in one pass over the text. CR LF, LF and a lone CR each end a line. */
void jsonpos_lines_cols(const char *text, size_t len, const size_t *offs, size_t n, int *lines,
                        int *cols);

#endif
