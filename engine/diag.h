/* diag: diagnostics about a scenario file, in the form compilers use.
 * The engine never prints; it fills a DiagList and the caller decides what to show. */
#ifndef SPARRING_DIAG_H
#define SPARRING_DIAG_H

#include <stddef.h>

typedef enum { DIAG_ERROR, DIAG_WARNING } DiagSeverity;

typedef struct {
    DiagSeverity severity;
    char *file;    /* the name the file was loaded under */
    int line, col; /* 1-based; 0 when unknown (e.g. the file cannot be read) */
    char *message;
    char *pointer; /* JSON pointer (RFC 6901) of the value concerned; "" for the whole file */
} Diag;

typedef struct {
    Diag *items;
    int count, cap;
    int errors, warnings;
} DiagList;

/* A DiagList starts zeroed ({0}). Frees every message; the list can be reused. */
void diag_list_free(DiagList *list);

/* Appends a diagnostic (strings are copied). Returns 0, or -1 when out of memory. */
int diag_add(DiagList *list, DiagSeverity sev, const char *file, int line, int col,
             const char *pointer, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Formats `FILE:LINE:COL: error: MESSAGE (at POINTER)` into buf (always NUL-terminated).
 * Returns the length it would have written, like snprintf. */
int diag_format(const Diag *d, char *buf, size_t size);

/* Formats the first error of the list (as diag_format) into buf; `fallback` when it has none.
 * Returns buf. */
char *diag_first_error(const DiagList *list, char *buf, size_t size, const char *fallback);

/* Sorts by line, then column, keeping the order of equal positions. */
void diag_list_sort(DiagList *list);

#endif
