/* The scenario files of a folder: one walk for every command that reads a library. */
#include <dirent.h>
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

/* Hidden entries and symbolic links to folders are skipped (a link loop cannot trap the walk);
 * what is neither a folder nor a regular file (a FIFO, a device) is counted in l->skipped. */
static int walk(const char *dir, CliPaths *l, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
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
        bool json = has_suffix(e->d_name, ".json") && !has_suffix(e->d_name, ".schema.json");
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = depth < 8 ? walk(p, l, depth + 1) : 0;
            free(p);
        } else if (json && stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            rc = push(l, p);
            if (rc < 0)
                free(p);
        } else {
            l->skipped += json;
            free(p);
        }
    }
    closedir(d);
    return rc;
}

int cli_scan_scenarios(const char *dir, CliPaths *out)
{
    memset(out, 0, sizeof *out);
    if (walk(dir, out, 0) < 0) {
        cli_paths_free(out);
        return -1;
    }
    if (out->n)
        qsort(out->paths, (size_t)out->n, sizeof *out->paths, cmp_str);
    return 0;
}

void cli_paths_free(CliPaths *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof *l);
}
