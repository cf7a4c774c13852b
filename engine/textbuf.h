/* textbuf: a growing string for the engine's text writers (graph, sheet). Out of memory sticks
 * in `failed` (every later append is ignored), so a writer checks once at the end. */
#ifndef SPARRING_TEXTBUF_H
#define SPARRING_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *s;     /* NUL-terminated once anything was added; NULL before; the owner frees it */
    size_t len, cap;
    bool failed;
} TextBuf;

void textbuf_add(TextBuf *b, const char *s, size_t n);
void textbuf_str(TextBuf *b, const char *s);
void textbuf_printf(TextBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
