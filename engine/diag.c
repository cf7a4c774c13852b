#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_list_free(DiagList *list)
{
    for (int i = 0; i < list->count; i++) {
        free(list->items[i].file);
        free(list->items[i].message);
        free(list->items[i].pointer);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

int diag_add(DiagList *list, DiagSeverity sev, const char *file, int line, int col,
             const char *pointer, const char *fmt, ...)
{
    if (list->count == list->cap) {
        int cap = list->cap ? list->cap * 2 : 16;
        Diag *items = realloc(list->items, (size_t)cap * sizeof *items);
        if (!items)
            return -1;
        list->items = items;
        list->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    char *f = strdup(file ? file : "");
    char *p = strdup(pointer ? pointer : "");
    if (!msg || !f || !p) {
        free(msg);
        free(f);
        free(p);
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    list->items[list->count++] = (Diag){sev, f, line, col, msg, p};
    if (sev == DIAG_ERROR)
        list->errors++;
    else
        list->warnings++;
    return 0;
}

int diag_format(const Diag *d, char *buf, size_t size)
{
    const char *sev = d->severity == DIAG_ERROR ? "error" : "warning";
    if (d->line > 0)
        return snprintf(buf, size, "%s:%d:%d: %s: %s (at %s)", d->file, d->line, d->col, sev,
                        d->message, d->pointer[0] ? d->pointer : "/");
    return snprintf(buf, size, "%s: %s: %s", d->file, sev, d->message);
}

char *diag_first_error(const DiagList *list, char *buf, size_t size, const char *fallback)
{
    for (int i = 0; i < list->count; i++)
        if (list->items[i].severity == DIAG_ERROR) {
            diag_format(&list->items[i], buf, size);
            return buf;
        }
    snprintf(buf, size, "%s", fallback);
    return buf;
}

static bool diag_before(const Diag *a, const Diag *b)
{
    return a->line < b->line || (a->line == b->line && a->col < b->col);
}

void diag_list_sort(DiagList *list)
{
    /* A merge sort: stable (equal positions keep their order) and n log n. */
    int n = list->count;
    if (n < 2)
        return;
    Diag *tmp = malloc((size_t)n * sizeof *tmp);
    if (!tmp) { /* no memory: an insertion sort in place, slower but still right */
        for (int i = 1; i < n; i++) {
            Diag d = list->items[i];
            int j = i - 1;
            while (j >= 0 && diag_before(&d, &list->items[j])) {
                list->items[j + 1] = list->items[j];
                j--;
            }
            list->items[j + 1] = d;
        }
        return;
    }
    Diag *src = list->items, *dst = tmp;
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            int a = lo, b = mid, k = lo;
            while (a < mid && b < hi)
                dst[k++] = diag_before(&src[b], &src[a]) ? src[b++] : src[a++];
            while (a < mid)
                dst[k++] = src[a++];
            while (b < hi)
                dst[k++] = src[b++];
        }
        Diag *t = src;
        src = dst;
        dst = t;
    }
    if (src != list->items)
        memcpy(list->items, src, (size_t)n * sizeof *src);
    free(tmp);
}
