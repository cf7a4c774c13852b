/* bench_records: what the records cost.
 *   - one decision recorded and committed (recorder_sync after a choice; synchronous = FULL,
 *     so each one waits for the disk), over real Plays of the scenario
 *     in tests/records_fixture.h (shared with test_records);
 *   - 100,000 attempts (8 decisions and 3 competencies each, 200 trainees, 4 scenarios)
 *     generated into a temporary database, then each export format, the report and the
 *     picker's best/latest query over them.
 * Usage: bench_records [ATTEMPTS] (default 100000). Prints numbers; asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "play.h"
#include "records.h"
#include "scenario.h"

#include "../tests/records_fixture.h" /* the scenario played, BEST, take() */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int main(int argc, char **argv)
{
    long nattempts = argc > 1 ? atol(argv[1]) : 100000;
    if (nattempts < 1)
        nattempts = 100000;
    char dir[] = "/tmp/bench-records-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[256], err[1024];
    DiagList d = {0};
    Scenario *sc = scenario_load_buffer(SCENARIO_JSON, sizeof SCENARIO_JSON - 1, "bench.json", NULL, &d);
    diag_list_free(&d);
    if (!sc) {
        fprintf(stderr, "cannot load the benchmark's scenario\n");
        return 1;
    }

    /* ---- one decision, committed ---- */
    snprintf(path, sizeof path, "%s/decisions.db", dir);
    Records *db = records_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    enum { ROUNDS = 50 };
    double times[ROUNDS * 8];
    int nt = 0;
    PlayOptions opts = {.timers = true, .time_multiplier = 1.0};
    for (int k = 0; k < ROUNDS; k++) {
        Play *p = play_new(sc, (uint64_t)k, opts);
        AttemptMeta meta = {.trainee_id = "bench", .mode = "practice"};
        Recorder *r = recorder_begin(db, p, &meta, 1795760400000LL, err, sizeof err);
        if (!r) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        for (int i = 0; i < 8; i++) {
            take(p, BEST[i], (i + 1) * 1000);
            double t = now_s();
            if (recorder_sync(r, p, 1795760400000LL + (i + 1) * 1000, err, sizeof err) < 0) {
                fprintf(stderr, "%s\n", err);
                return 1;
            }
            times[nt++] = now_s() - t;
        }
        recorder_end(r, p, 1795760410000LL, err, sizeof err);
        play_free(p);
    }
    records_close(db);
    qsort(times, (size_t)nt, sizeof times[0], cmp_double);
    double sum = 0;
    for (int i = 0; i < nt; i++)
        sum += times[i];
    printf("record one decision (committed, synchronous=FULL, WAL): mean %.2f ms, median %.2f ms, "
           "p95 %.2f ms, max %.2f ms over %d decisions (8 an attempt; "
           "the eighth also completes the attempt)\n",
           sum / nt * 1e3, times[nt / 2] * 1e3, times[nt * 95 / 100] * 1e3, times[nt - 1] * 1e3, nt);

    /* ---- 100,000 attempts ---- */
    snprintf(path, sizeof path, "%s/big.db", dir);
    db = records_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    static const char *const scenarios[] = {"hung-up-call", "budget-cut", "payment-delay",
                                            "decision-maker"};
    static const char *const modes[] = {"practice", "practice", "practice", "assessment",
                                        "practice", "assessment", "practice", "sandbox"};
    enum { BATCH = 1000 };
    RecordsAttempt *batch = calloc(BATCH, sizeof *batch);
    RecordsDecision dec[8];
    for (int i = 0; i < 8; i++) {
        dec[i].node = (char *)"opening";
        dec[i].choice = (char *)BEST[i];
        dec[i].points_json = (char *)"{\"empathy\":3,\"discovery\":1}";
        dec[i].meters_json = (char *)"{\"patience\":45,\"trust\":20}";
        dec[i].at_ms = (i + 1) * 4000;
        dec[i].took_ms = 3500;
    }
    char trainees[200][16], names[200][32];
    for (int i = 0; i < 200; i++) {
        snprintf(trainees[i], sizeof trainees[i], "E%04d", i);
        snprintf(names[i], sizeof names[i], "Trainee %d", i);
    }
    RecordsCompetency comps[BATCH][3];
    double t0 = now_s();
    uint64_t rng = 12345;
    for (long done = 0; done < nattempts;) {
        int n = (int)(nattempts - done < BATCH ? nattempts - done : BATCH);
        memset(batch, 0, (size_t)n * sizeof *batch);
        for (int i = 0; i < n; i++) {
            long k = done + i;
            RecordsAttempt *a = &batch[i];
            uint64_t x = play_splitmix64(&rng);
            a->trainee_id = trainees[k % 200];
            a->trainee_name = names[k % 200];
            a->team = (char *)(k % 2 ? "East" : "West");
            a->scenario_id = (char *)scenarios[k % 4];
            a->scenario_version = (char *)"1.0.0";
            a->scenario_title = (char *)"客户怒挂电话";
            a->scenario_sha256 = (char *)"94d1ffe1c303b6968f040accd0c5c04bac408870f1927c00bbac6b54c5bc2bb4";
            a->level = (char *)"new_hire";
            a->mode = (char *)modes[x % 8];
            a->locale = (char *)"zh";
            a->station = (char *)"room-3";
            a->start_node = (char *)"prep";
            a->seed = x;
            a->time_multiplier = 1.0;
            a->timers = true;
            a->started_unix_ms = 1767225600000LL + k * 60000;
            a->ended_unix_ms = a->started_unix_ms + 40000 + (long)(x % 60000);
            a->status = (char *)(x % 20 == 0 ? "abandoned" : x % 20 == 1 ? "interrupted" : "completed");
            a->ending = (char *)"won";
            a->outcome = (char *)"pass";
            a->percent = (int)(x >> 8) % 101;
            a->raw = a->percent * 24 / 100;
            a->max = 24;
            a->pass_percent = 80;
            a->passed = a->percent >= 80;
            a->decisions = dec;
            a->ndecisions = 8;
            static const char *const cids[] = {"closing", "discovery", "empathy"};
            for (int c = 0; c < 3; c++)
                comps[i][c] = (RecordsCompetency){(char *)cids[c], (x >> (16 + c * 8)) % 10, 10,
                                                  (int)((x >> (16 + c * 8)) % 10) * 10};
            a->competencies = comps[i];
            a->ncompetencies = 3;
        }
        if (records_insert_attempts(db, batch, n, err, sizeof err) < 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        done += n;
    }
    double gen = now_s() - t0;
    char wal[300];
    snprintf(wal, sizeof wal, "%s-wal", path);
    long wal_size = file_size(wal);
    printf("generate %ld attempts (8 decisions, 3 competencies each; statements queued): %.1f s; "
           "database %.0f MB\n",
           nattempts, gen, (file_size(path) + (wal_size > 0 ? wal_size : 0)) / 1e6);

    static const struct {
        RecordsFormat f;
        const char *name;
    } formats[] = {{RECORDS_CSV, "csv"}, {RECORDS_JSONL, "jsonl"}, {RECORDS_XAPI, "xapi"}};
    for (int i = 0; i < 3; i++) {
        char out[300];
        snprintf(out, sizeof out, "%s/export.%s", dir, formats[i].name);
        FILE *f = fopen(out, "wb");
        RecordsExportOptions opt = {.format = formats[i].f, .since_unix_ms = INT64_MIN};
        t0 = now_s();
        long n = records_export(db, &opt, f, err, sizeof err);
        fclose(f);
        double t = now_s() - t0;
        if (n < 0)
            fprintf(stderr, "%s\n", err);
        printf("export %-5s %ld attempts: %.2f s, %.0f MB\n", formats[i].name, n, t,
               file_size(out) / 1e6);
        remove(out);
    }
    t0 = now_s();
    RecordsReport *rep = records_report(db, NULL, err, sizeof err);
    double t = now_s() - t0;
    printf("report over %ld attempts (%d trainees): %.2f s\n", nattempts,
           rep ? rep->ntrainees : -1, t);
    records_report_free(rep);
    t0 = now_s();
    int best, latest;
    bool passed;
    for (int i = 0; i < 200; i++)
        records_best_latest(db, trainees[i], "hung-up-call", &best, &latest, &passed);
    t = now_s() - t0;
    printf("best/latest for the picker: %.3f ms a query (200 queries)\n", t / 200 * 1e3);
    RecordsHistoryPoint *h;
    int nh;
    t0 = now_s();
    records_history(db, "E0007", "decision-maker", &h, &nh, err, sizeof err);
    printf("history of one trainee on one scenario (%d points): %.3f ms\n", nh, (now_s() - t0) * 1e3);
    free(h);
    records_close(db);
    free(batch);
    scenario_free(sc);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return 0;
}
