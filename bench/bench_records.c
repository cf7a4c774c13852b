/* bench_records: what the records cost, per backend (SQLite; PostgreSQL when a server is
 * given: SPARRING_BENCH_PG or SPARRING_TEST_PG, e.g. under tests/pg_cluster_run.sh).
 *   - one decision recorded and committed (recorder_sync after a choice), over real Plays of
 *     the scenario in tests/records_fixture.h (shared with test_records);
 *   - N attempts (8 decisions and 3 competencies each, 200 trainees, 4 scenarios; N is
 *     SPARRING_BENCH_ATTEMPTS or the first argument, default 100000) generated into a fresh
 *     store, then each export format (time, size, MB/s, the process's peak memory), the
 *     report, the picker's best/latest, beside two floors: the same attempt rows, and every decision
 *     in the export's order, as CSV from the
 *     database's own tool (sqlite3 -csv; PostgreSQL's COPY ... TO STDOUT);
 *   - each export's own memory, run again in a fresh process (export_memory below): the rise of
 *     its resident size and of its heap during the export, which stays flat in the number of
 *     attempts (compare a run of 10000 with one of 100000).
 * Prints numbers; asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "play.h"
#include "records.h"
#include "records_internal.h" /* the server process of a PostgreSQL store, for its CPU time */
#include "scenario.h"

#include "bench_pg.h"              /* the server's CPU time */
#include "../tests/pg_test.h"         /* a fresh database on the PostgreSQL server */
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

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

/* The process's anonymous memory (heap) and mapped file pages now, in MB (the SQLite store maps
 * its file: those pages count in the peak but are the file's, not the process's growth). */
static void rss_parts(double *anon, double *file)
{
    *anon = *file = -1;
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        long kb;
        if (sscanf(line, "RssAnon: %ld", &kb) == 1)
            *anon = kb / 1024.0;
        else if (sscanf(line, "RssFile: %ld", &kb) == 1)
            *file = kb / 1024.0;
    }
    if (f)
        fclose(f);
}

static Scenario *sc;
static char dir[] = "/tmp/bench-records-XXXXXX";
static char trainees[200][16], names[200][32];

/* The columns of the CSV export, as the floor reads them (the attempt rows, no details). */
#define FLOOR_SQL                                                                               \
    "SELECT a.id, a.trainee_id, t.name, t.team, a.scenario_id, a.scenario_version, "            \
    "a.scenario_title, a.level, a.mode, a.locale, a.started_unix_ms, a.ended_unix_ms, a.status, " \
    "a.ending, a.outcome, a.score_raw, a.score_max, a.score_percent, a.pass_percent, a.passed " \
    "FROM attempts a JOIN trainees t ON t.id = a.trainee_id ORDER BY a.started_unix_ms, a.id"

/* What JSON Lines and xAPI read at least beyond the attempts: every decision, the columns the
 * export reads, in the export's order (by the attempt's start, then the decision's sequence).
 * On PostgreSQL each decision carries its attempt's start (schema version 7) and the best the
 * server does is one pass of the index in that order, as the export reads them; on SQLite, a
 * join in the attempts' order. */
#define FLOOR_DECISION_COLUMNS                                                                  \
    "d.rewound, d.node, d.choice, d.points, d.meters, d.at_ms, d.took_ms, d.shown, d.critical, " \
    "d.techniques, d.attempt_id"
#define FLOOR_DECISIONS_SQLITE                                                                  \
    "SELECT " FLOOR_DECISION_COLUMNS " FROM decisions d JOIN attempts a ON a.id = d.attempt_id " \
    "ORDER BY a.started_unix_ms, a.id, d.seq"
#define FLOOR_DECISIONS_PG                                                                      \
    "SELECT " FLOOR_DECISION_COLUMNS " FROM decisions d ORDER BY d.started_unix_ms, "           \
    "d.attempt_id, d.seq"

static int bench_decisions(const char *target, const char *label)
{
    char err[1024];
    Records *db = records_open(target, err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s\n", err);
        return -1;
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
            return -1;
        }
        for (int i = 0; i < 8; i++) {
            take(p, BEST[i], (i + 1) * 1000);
            double t = now_s();
            if (recorder_sync(r, p, 1795760400000LL + (i + 1) * 1000, err, sizeof err) < 0) {
                fprintf(stderr, "%s\n", err);
                return -1;
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
    printf("[%s] record one decision (committed): mean %.2f ms, median %.2f ms, p95 %.2f ms, "
           "max %.2f ms over %d decisions\n", label, sum / nt * 1e3, times[nt / 2] * 1e3,
           times[nt * 95 / 100] * 1e3, times[nt - 1] * 1e3, nt);
    return 0;
}

enum { NDEC = 10 }; /* decisions per generated attempt */
static RecordsDecision gen_dec[NDEC];
static const char *const gen_cids[] = {"closing", "discovery", "empathy"};

/* Attempt k of the generated store (x its random draw) into a, its competencies into comps. The
 * id is fixed by k, so the PostgreSQL copy (three passes) gives every table the same ids. */
static void fill_attempt(long k, uint64_t x, RecordsAttempt *a, RecordsCompetency comps[3])
{
    static const char *const scenarios[] = {"hung-up-call", "budget-cut", "payment-delay",
                                            "decision-maker"};
    static const char *const modes[] = {"practice", "practice", "practice", "assessment",
                                        "practice", "assessment", "practice", "sandbox"};
    memset(a, 0, sizeof *a);
    snprintf(a->attempt_id, sizeof a->attempt_id, "%08lx-0000-4000-8000-%012llx", k,
             (unsigned long long)(x & 0xffffffffffffULL));
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
    a->percent = (int)((x >> 8) % 101);
    a->raw = a->percent * 24 / 100;
    a->max = 24;
    a->pass_percent = 80;
    a->passed = a->percent >= 80;
    a->decisions = gen_dec;
    a->ndecisions = NDEC;
    for (int c = 0; c < 3; c++)
        comps[c] = (RecordsCompetency){(char *)gen_cids[c], (x >> (16 + c * 8)) % 10, 10,
                                       (int)((x >> (16 + c * 8)) % 10) * 10};
    a->competencies = comps;
    a->ncompetencies = 3;
}

static void gen_decisions(void)
{
    for (int i = 0; i < NDEC; i++) {
        gen_dec[i].node = (char *)"opening";
        gen_dec[i].choice = (char *)BEST[i % 8];
        gen_dec[i].points_json = (char *)"{\"empathy\":3,\"discovery\":1}";
        gen_dec[i].meters_json = (char *)"{\"patience\":45,\"trust\":20}";
        gen_dec[i].shown_json = (char *)"[\"review_first\",\"own_ticket\",\"acknowledge\"]";
        gen_dec[i].techniques_json = (char *)"[\"LAER\"]";
        gen_dec[i].at_ms = (i + 1) * 4000;
        gen_dec[i].took_ms = 3500;
    }
}

/* Through the store (SQLite): records_insert_attempts, 1000 attempts a transaction (their
 * statements queued in the outbox, as the recorder does). */
static int generate(Records *db, long nattempts, char *err, size_t errsize)
{
    enum { BATCH = 1000 };
    RecordsAttempt *batch = calloc(BATCH, sizeof *batch);
    static RecordsCompetency comps[BATCH][3];
    uint64_t rng = 12345;
    for (long done = 0; done < nattempts;) {
        int n = (int)(nattempts - done < BATCH ? nattempts - done : BATCH);
        for (int i = 0; i < n; i++)
            fill_attempt(done + i, play_splitmix64(&rng), &batch[i], comps[i]);
        if (records_insert_attempts(db, batch, n, err, errsize) < 0) {
            free(batch);
            return -1;
        }
        done += n;
    }
    free(batch);
    return 0;
}

/* One COPY ... FROM STDIN of the rows that row() writes for each attempt. 0 or -1. */
static int copy_table(PGconn *c, const char *sql, long nattempts,
                      int (*row)(char *buf, size_t size, const RecordsAttempt *a))
{
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == PGRES_COPY_IN;
    PQclear(r);
    if (!ok) {
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
        return -1;
    }
    uint64_t rng = 12345;
    static char buf[1 << 16];
    RecordsCompetency comps[3];
    for (long k = 0; k < nattempts; k++) {
        RecordsAttempt a;
        fill_attempt(k, play_splitmix64(&rng), &a, comps);
        int n = row(buf, sizeof buf, &a);
        if (n > 0 && PQputCopyData(c, buf, n) != 1)
            break;
    }
    PQputCopyEnd(c, NULL);
    r = PQgetResult(c);
    ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    while ((r = PQgetResult(c)))
        PQclear(r);
    return ok ? 0 : -1;
}

static int attempt_row(char *buf, size_t size, const RecordsAttempt *a)
{
    /* an ended attempt's critical errors, as the store counts them when it ends */
    char critical[16] = "\\N";
    if (strcmp(a->status, "in_progress")) {
        int n = 0;
        for (int i = 0; i < a->ndecisions; i++)
            n += !a->decisions[i].rewound && a->decisions[i].critical;
        snprintf(critical, sizeof critical, "%d", n);
    }
    return snprintf(buf, size, "%s\t%s\t\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%lld\t1\t1\t%lld\t%lld\t"
                               "%s\t%s\t%s\t%lld\t%lld\t%d\t%d\t%d\t%s\t0\t%s\n",
                    a->attempt_id, a->trainee_id, a->scenario_id, a->scenario_version,
                    a->scenario_title, a->scenario_sha256, a->level, a->mode, a->locale, a->station,
                    a->start_node, (long long)a->seed, (long long)a->started_unix_ms,
                    (long long)a->ended_unix_ms, a->status, a->ending, a->outcome,
                    (long long)a->raw, (long long)a->max, a->percent, a->pass_percent,
                    a->passed ? 1 : 0, a->scenario_id, critical);
}

/* COPY text: a backslash is written twice. */
static void copy_escaped(char *out, size_t size, const char *s)
{
    size_t o = 0;
    for (; *s && o + 2 < size; s++) {
        if (*s == '\\')
            out[o++] = '\\';
        out[o++] = *s;
    }
    out[o] = 0;
}

static int decision_rows(char *buf, size_t size, const RecordsAttempt *a)
{
    size_t o = 0;
    for (int i = 0; i < a->ndecisions; i++) {
        const RecordsDecision *d = &a->decisions[i];
        char shown[256], points[256], meters[256], tech[256];
        copy_escaped(shown, sizeof shown, d->shown_json);
        copy_escaped(points, sizeof points, d->points_json);
        copy_escaped(meters, sizeof meters, d->meters_json);
        copy_escaped(tech, sizeof tech, d->techniques_json);
        o += (size_t)snprintf(buf + o, size - o, "%s\t%d\t%d\t0\t%s\t%s\t%s\t%s\t%lld\t%lld\t%s\t%d\t%s\n",
                              a->attempt_id, i, i, d->node, d->choice, points, meters,
                              (long long)d->at_ms, (long long)d->took_ms, shown,
                              d->critical ? 1 : 0, tech);
    }
    return (int)o;
}

static int competency_rows(char *buf, size_t size, const RecordsAttempt *a)
{
    size_t o = 0;
    for (int i = 0; i < a->ncompetencies; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s\t%s\t%lld\t%lld\t%d\n", a->attempt_id,
                              a->competencies[i].id, (long long)a->competencies[i].raw,
                              (long long)a->competencies[i].max, a->competencies[i].percent);
    return (int)o;
}

/* The same attempts into a PostgreSQL store by COPY, in one transaction (no outbox rows: the
 * exports do not read them). 0 or -1. */
static int generate_pg(const char *target, long nattempts)
{
    PGconn *c = PQconnectdb(target);
    int rc = PQstatus(c) == CONNECTION_OK ? 0 : -1;
    PGresult *r = PQexec(c, "BEGIN");
    PQclear(r);
    char sql[64000];
    size_t o = (size_t)snprintf(sql, sizeof sql, "INSERT INTO trainees(id, name, team) VALUES ");
    for (int i = 0; i < 200; i++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "%s('%s', '%s', '%s')", i ? ", " : "",
                              trainees[i], names[i], i % 2 ? "East" : "West");
    r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = -1;
    PQclear(r);
    if (rc == 0)
        rc = copy_table(c, "COPY attempts(id, trainee_id, mentor_id, scenario_id, "
                           "scenario_version, scenario_title, scenario_sha256, level, mode, locale, "
                           "station, start_node, seed, time_multiplier, timers, started_unix_ms, "
                           "ended_unix_ms, status, ending, outcome, score_raw, score_max, "
                           "score_percent, pass_percent, passed, scenario_group, shuffle, "
                           "critical_errors) FROM STDIN",
                        nattempts, attempt_row);
    if (rc == 0)
        rc = copy_table(c, "COPY decisions(attempt_id, seq, position, rewound, node, choice, points, "
                           "meters, at_ms, took_ms, shown, critical, techniques) FROM STDIN",
                        nattempts, decision_rows);
    if (rc == 0)
        rc = copy_table(c, "COPY competencies(attempt_id, competency_id, raw, max, percent) FROM "
                           "STDIN", nattempts, competency_rows);
    r = PQexec(c, rc == 0 ? "COMMIT" : "ROLLBACK");
    PQclear(r);
    r = PQexec(c, "ANALYZE");
    PQclear(r);
    PQfinish(c);
    return rc;
}

static double children_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

/* The floor: the rows of sql as CSV by the database's own means. Seconds, bytes, and the CPU
 * seconds of the tool (sqlite3) or of the server process (PostgreSQL). */
static double floor_csv(const char *target, bool pg, const char *sql, long *bytes, double *cpu)
{
    double t0 = now_s();
    *bytes = 0;
    *cpu = -1;
    if (!pg) {
        char cmd[2048], out[300];
        snprintf(out, sizeof out, "%s/floor.csv", dir);
        snprintf(cmd, sizeof cmd, "sqlite3 -csv '%s' '%s' > '%s'", target, sql, out);
        double c0 = children_cpu_s();
        if (system(cmd) != 0)
            return -1;
        double t = now_s() - t0;
        *cpu = children_cpu_s() - c0;
        *bytes = file_size(out);
        remove(out);
        return t;
    }
    PGconn *c = PQconnectdb(target);
    double s0 = pid_cpu_s(PQbackendPID(c));
    t0 = now_s();
    char copy[2048];
    snprintf(copy, sizeof copy, "COPY (%s) TO STDOUT WITH (FORMAT csv)", sql);
    PGresult *r = PQexec(c, copy);
    double t = -1;
    if (PQresultStatus(r) == PGRES_COPY_OUT) {
        char *buf;
        int n;
        while ((n = PQgetCopyData(c, &buf, 0)) > 0) {
            *bytes += n;
            PQfreemem(buf);
        }
        t = now_s() - t0;
        *cpu = pid_cpu_s(PQbackendPID(c)) - s0;
    }
    PQclear(r);
    while ((r = PQgetResult(c)))
        PQclear(r);
    PQfinish(c);
    return t;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static void print_load(const char *when)
{
    double l[3];
    if (getloadavg(l, 3) == 3)
        printf("load average %s: %.2f %.2f %.2f (%ld cores)\n", when, l[0], l[1], l[2],
               sysconf(_SC_NPROCESSORS_ONLN));
}

/* Wall and CPU time since t0, c0 as "W s wall, C s CPU", the server's CPU (s0 its CPU time at
 * t0, -1: none), and whether the CPU was the bound (this process's and the server's CPU >= 80%
 * of the wall time: the figure is work done, not a wait on the machine's load). */
static void print_times(Records *db, double t0, double c0, double s0)
{
    double t = now_s() - t0, c = cpu_s() - c0, sv = s0 >= 0 ? server_cpu_s(db) - s0 : 0;
    printf("%.2f s wall, %.2f s CPU", t, c);
    if (s0 >= 0)
        printf(" + the server's %.2f s CPU", sv);
    printf(" (%s)", c + sv >= 0.8 * t ? "CPU-bound" : "waited: the machine's load");
}

/* ---- each export's own memory, in a fresh process ----------------------------------------
 * The peak memory above is the whole run's (the generation of the store included). Each export
 * runs again in a process of its own (this program, exec'd with --export-memory FORMAT TARGET),
 * writing to /dev/null: its resident size just before the export, the high-water mark during it
 * (VmHWM, reset by clear_refs at the start), and its anonymous memory (the heap) sampled at every
 * progress call (every RECORDS_PROGRESS_EVERY attempts). The SQLite store maps its file: those
 * pages are the file's (reclaimable), told apart as "mapped file". */

/* A field of /proc/self/status in kB, -1 when absent. */
static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, n) && line[n] == ':') {
            kb = atol(line + n + 1);
            break;
        }
    if (f)
        fclose(f);
    return kb;
}

static void watch_heap(void *ctx, long done, long total)
{
    (void)done;
    (void)total;
    long *peak = ctx, kb = status_kb("RssAnon");
    if (kb > *peak)
        *peak = kb;
}

/* The child: one export of target to /dev/null; prints "n rss0 hwm anon0 anon_peak file0 file"
 * (kB). */
static int export_memory_child(const char *format, const char *target)
{
    char err[1024];
    Records *db = records_open(target, err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    RecordsFormat f = !strcmp(format, "csv") ? RECORDS_CSV : !strcmp(format, "jsonl")
                                                                  ? RECORDS_JSONL
                                                                  : RECORDS_XAPI;
    FILE *out = fopen("/dev/null", "wb");
    long rss0 = status_kb("VmRSS"), anon0 = status_kb("RssAnon"), anon_peak = anon0;
    long file0 = status_kb("RssFile");
    FILE *c = fopen("/proc/self/clear_refs", "w"); /* 5: VmHWM back to VmRSS */
    bool reset = c && fputs("5", c) >= 0;
    if (c && fclose(c) != 0)
        reset = false;
    RecordsExportOptions opt = {.format = f, .since_unix_ms = INT64_MIN, .progress = watch_heap,
                                .progress_ctx = &anon_peak};
    long n = records_export(db, &opt, out, err, sizeof err);
    watch_heap(&anon_peak, 0, 0);
    fclose(out);
    printf("%ld %ld %ld %ld %ld %ld %ld\n", n, rss0, reset ? status_kb("VmHWM") : -1, anon0,
           anon_peak, file0, status_kb("RssFile"));
    records_close(db);
    return n < 0;
}

/* Runs export_memory_child in a fresh process and prints its figures. */
static void export_memory(const char *target, const char *label, const char *format)
{
    int fd[2];
    if (pipe(fd) < 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execl("/proc/self/exe", "bench_records", "--export-memory", format, target, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char line[256] = "";
    FILE *r = fdopen(fd[0], "r");
    if (!r || !fgets(line, sizeof line, r))
        line[0] = 0;
    if (r)
        fclose(r);
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    long n, rss0, hwm, anon0, anon_peak, file0, file;
    if (sscanf(line, "%ld %ld %ld %ld %ld %ld %ld", &n, &rss0, &hwm, &anon0, &anon_peak, &file0,
               &file) != 7) {
        printf("[%s] export %-5s in a fresh process: failed\n", label, format);
        return;
    }
    printf("[%s] export %-5s in a fresh process, %ld attempts: resident %.1f MB before, peak "
           "%.1f MB (+%.1f MB); heap %.1f MB before, peak %.1f MB (+%.1f MB, sampled every %d "
           "attempts); mapped file %.1f MB before, %.1f MB at the end\n", label, format, n,
           rss0 / 1024.0, hwm / 1024.0, (hwm - rss0) / 1024.0, anon0 / 1024.0,
           anon_peak / 1024.0, (anon_peak - anon0) / 1024.0, RECORDS_PROGRESS_EVERY,
           file0 / 1024.0, file / 1024.0);
}

/* The exports, the report and the picker's queries on a store that holds the attempts. */
static void measure_store(Records *db, const char *target, const char *label, bool pg)
{
    char err[1024];
    long fbytes;
    double t0, c0, fcpu;
    const struct {
        const char *what, *sql;
    } floors[] = {{"the attempt rows", FLOOR_SQL},
                  {"the decision rows in export order",
                   pg ? FLOOR_DECISIONS_PG : FLOOR_DECISIONS_SQLITE}};
    for (int i = 0; i < 2; i++) {
        double ft = floor_csv(target, pg, floors[i].sql, &fbytes, &fcpu);
        printf("[%s] floor: %s as CSV by %s: %.2f s wall, %.2f s CPU (%s), %.0f MB\n", label,
               floors[i].what, pg ? "COPY ... TO STDOUT" : "sqlite3 -csv", ft, fcpu,
               pg ? "the server's" : "sqlite3's", fbytes / 1e6);
    }
    static const struct {
        RecordsFormat f;
        const char *name;
    } formats[] = {{RECORDS_CSV, "csv"}, {RECORDS_JSONL, "jsonl"}, {RECORDS_XAPI, "xapi"}};
    for (int i = 0; i < 3; i++) {
        char out[300];
        snprintf(out, sizeof out, "%s/export.%s", dir, formats[i].name);
        FILE *f = fopen(out, "wb");
        RecordsExportOptions opt = {.format = formats[i].f, .since_unix_ms = INT64_MIN};
        double s0 = server_cpu_s(db);
        t0 = now_s();
        c0 = cpu_s();
        long n = records_export(db, &opt, f, err, sizeof err);
        fclose(f);
        double t = now_s() - t0;
        if (n < 0)
            fprintf(stderr, "%s\n", err);
        double mb = file_size(out) / 1e6;
        printf("[%s] export %-5s %ld attempts: ", label, formats[i].name, n);
        print_times(db, t0, c0, s0);
        double anon, mapped;
        rss_parts(&anon, &mapped);
        printf(", %.0f MB, %.0f MB/s; peak memory %.0f MB (now: heap %.0f MB, mapped file %.0f "
               "MB)\n", mb, t > 0 ? mb / t : 0, peak_mb(), anon, mapped);
        remove(out);
    }
    for (int i = 0; i < 3; i++)
        export_memory(target, label, formats[i].name);
    double s0 = server_cpu_s(db);
    t0 = now_s();
    c0 = cpu_s();
    RecordsReport *rep = records_report(db, NULL, err, sizeof err);
    printf("[%s] report (%d trainees): ", label, rep ? rep->ntrainees : -1);
    print_times(db, t0, c0, s0);
    printf("\n");
    records_report_free(rep);
    t0 = now_s();
    int best, latest;
    bool passed;
    for (int i = 0; i < 200; i++)
        records_best_latest(db, trainees[i], "hung-up-call", &best, &latest, &passed);
    printf("[%s] best/latest for the picker: %.3f ms a query (200 queries)\n", label,
           (now_s() - t0) / 200 * 1e3);
    RecordsHistoryPoint *h;
    int nh;
    t0 = now_s();
    records_history(db, "E0007", "decision-maker", &h, &nh, err, sizeof err);
    printf("[%s] history of one trainee on one scenario (%d points): %.3f ms\n", label, nh,
           (now_s() - t0) * 1e3);
    free(h);
}

static int bench_store(const char *target, const char *label, bool pg, long nattempts)
{
    char err[1024];
    Records *db = records_open(target, err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    double t0 = now_s();
    if (pg ? generate_pg(target, nattempts) < 0 : generate(db, nattempts, err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", pg ? "cannot copy the attempts into the server" : err);
        records_close(db);
        return -1;
    }
    printf("[%s] generate %ld attempts (%d decisions, 3 competencies each) %s: %.1f s; peak "
           "memory %.0f MB\n", label, nattempts, NDEC, pg ? "by COPY" : "through the store",
           now_s() - t0, peak_mb());
    print_load("before the exports");
    measure_store(db, target, label, pg);
    records_close(db);
    return 0;
}

int main(int argc, char **argv)
{
    const char *env = getenv("SPARRING_BENCH_ATTEMPTS");
    long nattempts = argc == 2 ? atol(argv[1]) : env && *env ? atol(env) : 100000;
    if (nattempts < 1)
        nattempts = 100000;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    if (argc == 4 && !strcmp(argv[1], "--export-memory")) {
        rmdir(dir);
        return export_memory_child(argv[2], argv[3]);
    }
    if (argc == 3 && !strcmp(argv[1], "--exports")) {
        /* Only the exports and the report, on a store made before (SPARRING_BENCH_KEEP=1): the
         * peak memory is then the exports' own. */
        char err[1024];
        for (int i = 0; i < 200; i++)
            snprintf(trainees[i], sizeof trainees[i], "E%04d", i);
        Records *db = records_open(argv[2], err, sizeof err);
        if (!db) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        print_load("before the exports");
        measure_store(db, argv[2], records_target_is_pg(argv[2]) ? "postgresql" : "sqlite",
                      records_target_is_pg(argv[2]));
        records_close(db);
        print_load("after");
        rmdir(dir);
        return 0;
    }
    DiagList d = {0};
    sc = scenario_load_buffer(SCENARIO_JSON, sizeof SCENARIO_JSON - 1, "bench.json", NULL, &d);
    diag_list_free(&d);
    if (!sc) {
        fprintf(stderr, "cannot load the benchmark's scenario\n");
        return 1;
    }
    for (int i = 0; i < 200; i++) {
        snprintf(trainees[i], sizeof trainees[i], "E%04d", i);
        snprintf(names[i], sizeof names[i], "Trainee %d", i);
    }
    gen_decisions();
    char path[300];
    snprintf(path, sizeof path, "%s/decisions.db", dir);
    bench_decisions(path, "sqlite");
    snprintf(path, sizeof path, "%s/big.db", dir);
    bench_store(path, "sqlite", false, nattempts);
    const char *pg = getenv("SPARRING_BENCH_PG");
    if (!pg || !*pg)
        pg = getenv("SPARRING_TEST_PG");
    if (pg && *pg) {
        char db[64], url[1024];
        check_pg_database(pg, "bench_decisions", true, db, sizeof db, url, sizeof url);
        bench_decisions(url, "postgresql");
        check_pg_database(pg, "bench_big", true, db, sizeof db, url, sizeof url);
        bench_store(url, "postgresql", true, nattempts);
    } else {
        printf("[postgresql] not measured: no server given (SPARRING_BENCH_PG=postgresql://..., "
               "or run under tests/pg_cluster_run.sh)\n");
    }
    scenario_free(sc);
    const char *keep = getenv("SPARRING_BENCH_KEEP");
    if (keep && *keep) {
        printf("kept: %s (bench_records --exports %s/big.db measures its exports again)\n", dir,
               dir);
        return 0;
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return 0;
}
