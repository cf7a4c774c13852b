/* scenario_load: loading, validating and compiling a scenario file (scenario-format.md).
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
 * the walk jumps back to scenario_load_buffer (longjmp), which frees everything.
 *
 * The walk lives in the other scenario_*.c files (see scenario_parse.h for the map). */
#include "scenario_parse.h"

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
#include "suggest.h"

/* "UTF-32" or "UTF-16" (with or without a byte-order mark: JSON text starts with an ASCII
 * character, so NUL bytes among the first four give the width away), else NULL. */
static const char *wide_encoding(const unsigned char *d, size_t len)
{
    if (len >= 4 && ((d[0] == 0xFF && d[1] == 0xFE && !d[2] && !d[3]) ||
                     (!d[0] && !d[1] && d[2] == 0xFE && d[3] == 0xFF) ||
                     (d[0] && !d[1] && !d[2] && !d[3]) || (!d[0] && !d[1] && !d[2] && d[3])))
        return "UTF-32";
    if (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF) ||
                     (d[0] && !d[1]) || (!d[0] && d[1])))
        return "UTF-16";
    return NULL;
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
    sl_map_free(&ld->nodes);
    sl_map_free(&ld->events);
    sl_map_free(&ld->names);
    sl_map_free(&ld->competencies);
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
        sl_oom(l);
    l->ld = ld;
    l->sc = &ld->sc;
    l->sc->start = -1;
    l->sc->path = strdup("");
    if (!l->sc->path)
        sl_oom(l);
    sha256_hex(data, len, l->sc->sha256);
    /* A UTF-8 byte-order mark is skipped: offsets (and columns) start after it. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    l->text = data;
    l->len = len;
    sl_path_reserve(l, 0);
    l->path[0] = 0;
    /* Windows editors offer "Unicode" (UTF-16) too: say so rather than show a byte error. */
    const char *wide = wide_encoding((const unsigned char *)data, len);
    if (wide) {
        sl_err(l, "the file is saved as %s; save it as UTF-8 (in most editors: Save As, encoding UTF-8)",
            wide);
        return NULL;
    }
    bool fatal = false;
    l->jp = jsonpos_build(data, len, SC_MAX_DEPTH, sl_jsonpos_report, l, &fatal);
    if (l->report_oom)
        sl_oom(l);
    if (!l->jp) {
        if (!fatal)
            sl_oom(l);
        return NULL;
    }
    const char *end = NULL;
    l->root = sl_parse_json(l, data, len, &end);
    if (!l->root) {
        /* jsonpos accepted it, so this is memory (or a case cJSON reads differently). */
        if (diag_add(l->diags, DIAG_ERROR, l->name, 0, 0, "", "the JSON could not be parsed%s",
                     end ? "" : " (out of memory?)") < 0)
            sl_oom(l);
        sl_add_side(l, (Side){.has_off = true, .off = end && end >= data ? (size_t)(end - data) : 0, .in_string = -1});
        return NULL;
    }
    sl_get_top(l);
    if (sl_errors(l) == 0 && !l->stop) {
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
    return sl_errors(l) == 0 ? l->sc : NULL;
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
    sl_free_blocks(l->cjson_blocks);
    jsonpos_free(l->jp);
    sl_namelist_free(&l->flags);
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

/* ---- lookups by id ---- */

int scenario_find_node(const Scenario *sc, const char *id) { return sl_map_get(&((const Loaded *)sc)->nodes, id); }
int scenario_find_meter(const Scenario *sc, const char *id)
{
    int i = sl_map_get(&((const Loaded *)sc)->names, id);
    return i >= 0 && i < FLAG_BASE ? i : -1;
}

int scenario_find_event(const Scenario *sc, const char *id) { return sl_map_get(&((const Loaded *)sc)->events, id); }
