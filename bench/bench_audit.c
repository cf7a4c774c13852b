/* bench_audit: `sparring audit` on 20 scenarios with 10 seeds, as CI runs it on a library: the
 * bundled scenarios, repeated in order until there are 20 (each repeat is one more file for the
 * leave-one-out classifier to train on). Prints the wall time of each step (median of 5 runs),
 * the classifier's training time on its own line, and the total. Asserts nothing; the target is
 * under 10 s in total.
 *
 *     bench_audit [DIR [FILES [SEEDS]]]   (default: the source tree's scenarios/, 20, 10) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "audit.h"
#include "cli.h"

static double wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

#define RUNS 5

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : SPARRING_SOURCE_DIR "/scenarios";
    int want = argc > 2 ? atoi(argv[2]) : 20, seeds = argc > 3 ? atoi(argv[3]) : 10;
    CliPaths found;
    int n = cli_scan_path(dir, &found) < 0 ? -1 : found.n;
    if (n <= 0 || want <= 0 || seeds <= 0) {
        fprintf(stderr, "bench_audit: %s\n", n < 0 ? "out of memory" : "no scenario files, or a count below 1");
        return 1;
    }
    char **paths = malloc((size_t)want * sizeof *paths);
    if (!paths)
        return 1;
    for (int i = 0; i < want; i++)
        paths[i] = found.paths[i % n];
    AuditOptions o;
    audit_options_default(&o);
    o.seeds = seeds;
    o.words_dir = SPARRING_SOURCE_DIR "/data/audit";
    double t_analyse[RUNS], t_train[RUNS], t_blind[RUNS], t_total[RUNS];
    int findings = 0;
    for (int r = 0; r < RUNS; r++) {
        double t0 = wall_ms();
        AuditReport *rep = audit_analyse(paths, want, &o);
        double t1 = wall_ms();
        if (!rep) {
            fprintf(stderr, "bench_audit: out of memory\n");
            return 1;
        }
        audit_train(rep);
        double t2 = wall_ms();
        audit_blind(rep);
        double t3 = wall_ms();
        findings = rep->nfindings;
        audit_free(rep);
        t_analyse[r] = t1 - t0;
        t_train[r] = t2 - t1;
        t_blind[r] = t3 - t2;
        t_total[r] = t3 - t0;
    }
    double *all[] = {t_analyse, t_train, t_blind, t_total};
    for (int k = 0; k < 4; k++)
        qsort(all[k], RUNS, sizeof(double), cmp_double);
    printf("bench_audit: %d scenarios (%d distinct, from %s), %d seeds, median of %d runs, wall time\n", want, n,
           dir, seeds, RUNS);
    printf("  load, best play and one-mistake paths  %9.1f ms\n", t_analyse[RUNS / 2]);
    printf("  classifier training (leave one out)    %9.1f ms\n", t_train[RUNS / 2]);
    printf("  blind strategies and findings          %9.1f ms\n", t_blind[RUNS / 2]);
    printf("  total                                  %9.1f ms  (target: under 10000 ms; %d findings)\n",
           t_total[RUNS / 2], findings);
    free(paths);
    cli_paths_free(&found);
    return 0;
}
