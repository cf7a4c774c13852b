/* bench_practise_next: what "Practise next" costs each debrief (the window computes it when the
 * debrief opens): practise_recent (one pass over the trainee's attempts through
 * records_each_attempt, competencies only) and practise_next (over the listed scenarios).
 *   - a store of N attempts (default 50,000; 3 competencies each, no decisions or steps) of 100
 *     trainees, plus one trainee with M attempts (default 2,000: years of daily practice);
 *   - for that trainee: wall and CPU time of practise_recent, the mean of 20 runs; then
 *     practise_next over the bundled library (its files loaded once).
 * Usage: bench_practise_next [ATTEMPTS [TRAINEE_ATTEMPTS]]. Prints numbers; asserts nothing. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "practise_next.h"
#include "records.h"
#include "scenario.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* The bundled library's scenarios (one level of folders), into list; returns how many. */
static int load_library(const char *dir, Scenario **list, int max)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) && n < max) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        DiagList diags = {0};
        Scenario *sc = scenario_load_file(path, &diags);
        diag_list_free(&diags);
        if (sc)
            list[n++] = sc;
    }
    if (d)
        closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    long nattempts = argc > 1 ? atol(argv[1]) : 50000, mine = argc > 2 ? atol(argv[2]) : 2000;
    if (nattempts < 1)
        nattempts = 50000;
    if (mine < 1)
        mine = 2000;
    char dir[] = "/tmp/bench-practise-XXXXXX", path[400], err[1024];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/records.db", dir);
    Records *db = records_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    enum { BATCH = 1000 };
    static RecordsAttempt batch[BATCH];
    static RecordsCompetency comps[BATCH][3];
    static char ids[100][16];
    for (int i = 0; i < 100; i++)
        snprintf(ids[i], sizeof ids[i], "E%03d", i);
    static const char *const cids[] = {"closing", "discovery", "empathy"};
    long total = nattempts + mine;
    uint64_t rng = 7;
    double t0 = now_s();
    for (long done = 0; done < total;) {
        int n = (int)(total - done < BATCH ? total - done : BATCH);
        memset(batch, 0, sizeof batch);
        for (int i = 0; i < n; i++) {
            long k = done + i;
            uint64_t x = play_splitmix64(&rng);
            RecordsAttempt *a = &batch[i];
            a->trainee_id = k % (nattempts / mine + 1) == 0 ? (char *)"ME" : ids[k % 100];
            a->trainee_name = a->team = a->mentor_id = (char *)"";
            a->scenario_id = a->scenario_group = (char *)(x % 2 ? "price-objection" : "hung-up-call");
            a->scenario_version = (char *)"1.0.0";
            a->scenario_title = (char *)"call";
            a->scenario_sha256 = (char *)"0000000000000000000000000000000000000000000000000000000000000000";
            a->level = (char *)"new_hire";
            a->mode = (char *)(x % 8 == 7 ? "sandbox" : x % 3 ? "practice" : "assessment");
            a->locale = (char *)"zh";
            a->station = (char *)"room";
            a->start_node = (char *)"start";
            a->time_multiplier = 1.0;
            a->started_unix_ms = 1796212800000LL - (total - k) * 60000LL;
            a->ended_unix_ms = a->started_unix_ms + 40000;
            a->status = (char *)(x % 20 == 0 ? "abandoned" : "completed");
            a->ending = (char *)"end";
            a->outcome = (char *)"pass";
            a->raw = 20;
            a->max = 30;
            a->percent = 67;
            a->pass_percent = 80;
            for (int c = 0; c < 3; c++)
                comps[i][c] = (RecordsCompetency){(char *)cids[c], (int64_t)((x >> (16 + c * 8)) % 11), 10,
                                                  (int)((x >> (16 + c * 8)) % 11) * 10};
            a->competencies = comps[i];
            a->ncompetencies = 3;
        }
        if (records_insert_attempts(db, batch, n, err, sizeof err) < 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        done += n;
    }
    printf("generate %ld attempts: %.1f s\n", total, now_s() - t0);
    enum { RUNS = 20 };
    PractiseRecent rec = {0};
    double w0 = now_s(), c0 = cpu_s();
    for (int r = 0; r < RUNS; r++) {
        practise_recent_free(&rec);
        if (practise_recent(db, "ME", 0, &rec, err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
    }
    double w = (now_s() - w0) / RUNS, c = (cpu_s() - c0) / RUNS;
    printf("practise_recent for a trainee of ~%ld attempts in a store of %ld: %.2f ms wall, %.2f ms CPU "
           "(%d attempts counted)\n", mine, total, w * 1000, c * 1000, rec.attempts);
    const char *src = getenv("SPARRING_SOURCE_DIR");
    char lib[4200];
    snprintf(lib, sizeof lib, "%s/scenarios", src ? src : ".");
    static Scenario *list[256];
    int n = load_library(lib, list, 256);
    const Scenario *offer[256];
    for (int i = 0; i < n; i++)
        offer[i] = list[i];
    PractiseNext nx;
    w0 = now_s();
    c0 = cpu_s();
    for (int r = 0; r < RUNS; r++)
        practise_next(offer, n, NULL, &rec, &nx);
    w = (now_s() - w0) / RUNS;
    c = (cpu_s() - c0) / RUNS;
    printf("practise_next over %d scenarios: %.3f ms wall, %.3f ms CPU (weakest: %s)\n", n, w * 1000, c * 1000,
           nx.competency ? nx.competency : "none");
    double la[3] = {0};
    if (getloadavg(la, 3) == 3)
        printf("load average: %.2f %.2f %.2f\n", la[0], la[1], la[2]);
    practise_recent_free(&rec);
    for (int i = 0; i < n; i++)
        scenario_free(list[i]);
    records_close(db);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return 0;
}
