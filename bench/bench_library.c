/* bench_library: the bundled scenarios as a trainer meets them: for each file, load + validate +
 * maximum (median of 9 runs, CPU time), the number of play states the maximum's search
 * explored, and whether the maximum is exact. Prints numbers; asserts nothing.
 *
 *     bench_library [DIR]      (default: the source tree's scenarios/) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scenario.h"

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : SPARRING_SOURCE_DIR "/scenarios";
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "bench_library: cannot open %s\n", dir);
        return 1;
    }
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".json"))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    printf("bench_library: %s, load + validate + maximum, median of 9 runs, CPU time\n", dir);
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        double t[9];
        Scenario *keep = NULL;
        for (int r = 0; r < 9; r++) {
            DiagList diags = {0};
            double t0 = cpu_ms();
            Scenario *sc = scenario_load_file(path, &diags);
            t[r] = cpu_ms() - t0;
            diag_list_free(&diags);
            if (r == 8)
                keep = sc;
            else
                scenario_free(sc);
        }
        qsort(t, 9, sizeof *t, cmp_double);
        if (keep)
            printf("  %-28s %3d nodes  %6.2f ms  max %4lld (%s)  %7ld states\n", names[i],
                   scenario_node_count(keep), t[4], (long long)scenario_max(keep)->total,
                   scenario_max(keep)->exact ? "exact" : "upper bound", scenario_max(keep)->states);
        else
            printf("  %-28s does not load (sparring validate says why)\n", names[i]);
        scenario_free(keep);
        free(names[i]);
    }
    return 0;
}
