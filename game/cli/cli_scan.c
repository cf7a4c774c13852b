/* The scenario files of a folder: the one walk for every command that reads a library, the
 * trainer window's picker and the case review's search for an attempt's scenario. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int push(CliPaths *l, char *p)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        char **np = realloc(l->paths, (size_t)cap * sizeof *np);
        if (!np)
            return -1;
        l->paths = np;
        l->cap = cap;
    }
    l->paths[l->n++] = p;
    return 0;
}

/* Whether a file so named is wanted: *.json, and unless how->schemas, no JSON Schema. */
static bool wanted(const char *name, const CliScan *how)
{
    if (!has_suffix(name, ".json"))
        return false;
    return how->schemas || (!has_suffix(name, ".schema.json") && strcmp(name, "schema.json") != 0);
}

/* Whether path is a folder to enter: a symbolic link to one only with how->follow_links. */
static bool is_folder(const char *path, const CliScan *how)
{
    struct stat st;
    return (how->follow_links ? stat(path, &st) : lstat(path, &st)) == 0 && S_ISDIR(st.st_mode);
}

/* Hidden entries are skipped; what is neither a folder nor a regular file (a FIFO, a device:
 * reading it would hang) is counted in l->skipped. */
static int walk(const char *dir, const CliScan *how, CliPaths *l, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        l->unreadable++;
        if (how->warn)
            fprintf(stderr, "%s%s: error: cannot read the folder: %s\n", how->warn, cli_esc(dir), strerror(errno));
        return 0;
    }
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p) {
            rc = -1;
            break;
        }
        snprintf(p, n, "%s%s%s", dir, has_suffix(dir, "/") ? "" : "/", e->d_name);
        struct stat st;
        bool json = wanted(e->d_name, how);
        if (is_folder(p, how)) {
            rc = depth < how->max_depth ? walk(p, how, l, depth + 1) : 0;
            free(p);
        } else if (json && stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            rc = push(l, p);
            if (rc < 0)
                free(p);
        } else {
            if (json && how->warn)
                fprintf(stderr, "%s%s: warning: skipped: not a regular file\n", how->warn, cli_esc(p));
            l->skipped += json;
            free(p);
        }
    }
    closedir(d);
    return rc;
}

int cli_scan(const char *dir, const CliScan *how, CliPaths *out)
{
    memset(out, 0, sizeof *out);
    if (walk(dir, how, out, 0) < 0) {
        cli_paths_free(out);
        return -1;
    }
    if (out->n > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(out->paths, (size_t)out->n, sizeof *out->paths, cmp_str);
    return 0;
}

int cli_scan_scenarios(const char *dir, CliPaths *out)
{
    return cli_scan(dir, &(CliScan){.max_depth = 8}, out);
}

int cli_scan_path(const char *path, CliPaths *out)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return cli_scan_scenarios(path, out);
    memset(out, 0, sizeof *out);
    if (stat(path, &st) != 0) {
        out->unreadable = 1;
        return 0;
    }
    char *p = strdup(path);
    if (!p || push(out, p) < 0) {
        free(p);
        cli_paths_free(out);
        return -1;
    }
    return 0;
}

void cli_paths_free(CliPaths *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof *l);
}
