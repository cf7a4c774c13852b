/* bench_dashboard: the manager's page over a big store.
 *   - N attempts of 1,000 trainees in 10 teams (each trainee on the scenarios of one tier),
 *     generated into a SQLite database: every attempt is one of 32 random playthroughs per
 *     scenario of the bundled library (answers drawn among those offered, now and then the
 *     timeout), with its steps, decisions and competencies; 1 in 40 has a mentor's comment;
 *     half a year of attempts ending "today";
 *   - the floor: every attempt read with all its details, and with only the page's details;
 *   - the page for everyone, then for one team: wall and CPU time, file size, and where the
 *     time went (library, the records stream, the dashboard's gathering, writing the HTML).
 *   - with a PostgreSQL server given (SPARRING_BENCH_PG or SPARRING_TEST_PG, e.g. under
 *     tests/pg_cluster_run.sh), the same store copied into it (COPY) and the same measures,
 *     with the server process's CPU time beside this process's.
 * Usage: bench_dashboard [--keep DIR] [ATTEMPTS ...]   (default: 20000 100000)
 *   --keep DIR: the generated databases stay in DIR (dash-N.db) and are reused next time.
 * Prints numbers; asserts nothing. CPU times are this process's (user + system). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "cli.h"
#include "play.h"
#include "records.h"
#include "records_internal.h" /* rows read as they are stored, to copy them */
#include "report_html.h"
#include "scenario.h"

#include "bench_pg.h"                   /* the server's CPU time */
#include "../tests/dashboard_fixture.h" /* random playthroughs and their records */
#include "../tests/pg_test.h"           /* a fresh database on the PostgreSQL server */

#define NOW_MS 1796212800000LL
#define PATHS 32     /* random playthroughs per scenario */
#define TRAINEES 1000

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
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static double load1(void)
{
    double l[1] = {-1};
    return getloadavg(l, 1) == 1 ? l[0] : -1;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* ---- the library and its playthroughs -------------------------------------------------------- */

typedef struct {
    Scenario *sc;
    FixPath paths[PATHS];
} LibEntry;

static uint64_t rng = 12345;

static LibEntry *load_library(const char *dir, int *n)
{
    CliPaths paths;
    *n = 0;
    if (cli_scan_scenarios(dir, &paths) < 0)
        return NULL;
    LibEntry *lib = calloc((size_t)(paths.n ? paths.n : 1), sizeof *lib);
    for (int i = 0; i < paths.n; i++) {
        DiagList d = {0};
        Scenario *sc = scenario_load_file(paths.paths[i], &d);
        diag_list_free(&d);
        if (!sc)
            continue;
        LibEntry *e = &lib[(*n)++];
        e->sc = sc;
        for (int k = 0; k < PATHS; k++)
            play_free(fix_play(sc, (uint64_t)k + 1, &rng, false, &e->paths[k]));
    }
    cli_paths_free(&paths);
    return lib;
}

/* ---- the store ------------------------------------------------------------------------------ */

static const char *const modes[] = {"practice", "practice", "assessment", "practice",
                                    "assessment", "practice", "practice", "sandbox"};

static void fill(RecordsAttempt *a, long k, long nattempts, const LibEntry *lib, int nlib,
                 RecordsMentorEvent *comment)
{
    static char ids[TRAINEES][16], names[TRAINEES][32], teams[10][16];
    if (!ids[0][0]) {
        for (int i = 0; i < TRAINEES; i++) {
            snprintf(ids[i], sizeof ids[i], "E%04d", i);
            snprintf(names[i], sizeof names[i], "学员 %d", i);
        }
        for (int i = 0; i < 10; i++)
            snprintf(teams[i], sizeof teams[i], "Team %d", i);
    }
    int t = (int)(k % TRAINEES);
    /* The trainee's tier: a scenario of that level when the library has one. */
    int tier = t % 3, pick = fix_draw(&rng, nlib);
    for (int tries = 0; tries < 64 && (int)scenario_level(lib[pick].sc) != tier; tries++)
        pick = fix_draw(&rng, nlib);
    const LibEntry *e = &lib[pick];
    const FixPath *path = &e->paths[fix_draw(&rng, PATHS)];
    const char *mode = modes[fix_draw(&rng, 8)];
    fix_attempt(a, e->sc, path, ids[t], names[t], teams[t % 10], mode,
                NOW_MS - (nattempts - k) * (180LL * 86400000 / nattempts));
    if (fix_draw(&rng, 40) == 0) {
        *comment = (RecordsMentorEvent){(char *)"comment", (char *)"值得周五讨论", 2000, 0};
        a->mentor = comment;
        a->nmentor = 1;
    }
}

static int generate(Records *db, long nattempts, const LibEntry *lib, int nlib)
{
    enum { BATCH = 1000 };
    static RecordsAttempt batch[BATCH];
    static RecordsMentorEvent comments[BATCH];
    char err[1024];
    for (long done = 0; done < nattempts;) {
        int n = (int)(nattempts - done < BATCH ? nattempts - done : BATCH);
        for (int i = 0; i < n; i++)
            fill(&batch[i], done + i, nattempts, lib, nlib, &comments[i]);
        if (records_insert_attempts(db, batch, n, err, sizeof err) < 0) {
            fprintf(stderr, "%s\n", err);
            return -1;
        }
        done += n;
    }
    return 0;
}

/* ---- the measures ----------------------------------------------------------------------------- */

static int count_one(void *ctx, const RecordsAttempt *a)
{
    (void)a;
    ++*(long *)ctx;
    return 0;
}

/* This process's CPU seconds since c0, and the server's since s0 (-1: no server), as text. */
static const char *cpu_text(Records *db, double c0, double s0)
{
    static char buf[96];
    int n = snprintf(buf, sizeof buf, "%.2f s CPU", cpu_s() - c0);
    if (s0 >= 0)
        snprintf(buf + n, sizeof buf - (size_t)n, " + the server's %.2f s CPU",
                 server_cpu_s(db) - s0);
    return buf;
}

/* A floor: every attempt read with these details, nothing gathered. */
static void floor_read(Records *db, unsigned details, bool lean, const char *what)
{
    char err[1024];
    long n = 0;
    RecordsEachOptions eo = {.since_unix_ms = INT64_MIN, .details = details, .lean = lean};
    double t0 = now_s(), c0 = cpu_s(), s0 = server_cpu_s(db);
    if (records_each_attempt(db, &eo, count_one, &n, err, sizeof err) < 0)
        fprintf(stderr, "%s\n", err);
    double wall = now_s() - t0;
    printf("  floor, %ld attempts with %s: %.2f s wall, %s (load %.1f)\n", n, what, wall,
           cpu_text(db, c0, s0), load1());
}

/* Writes the page; times: NULL, or where the time went. Returns wall seconds; *cpu gets this
 * process's CPU time and the server's as text. */
static double make_page(Records *db, const char *out, const char *scen_dir, const char *team,
                        ReportHtmlTimes *times, const char **cpu)
{
    char err[1024];
    FILE *f = fopen(out, "wb");
    if (!f)
        return -1;
    ReportHtmlRequest rq = {"zh", team, scen_dir, INT64_MIN, RECORDS_AMBER_MARGIN, times, NULL};
    double t0 = now_s(), c0 = cpu_s(), s0 = server_cpu_s(db);
    int rc = report_html_make(db, &rq, f, err, sizeof err);
    double wall = now_s() - t0;
    fclose(f);
    *cpu = cpu_text(db, c0, s0);
    if (rc < 0)
        fprintf(stderr, "%s\n", err);
    return wall;
}

/* The page, timed as the command makes it; then again, measured phase by phase (the clocks
 * read around each attempt cost a little: the phases add up to a bit more). */
static void page(Records *db, const char *dir, const char *scen_dir, const char *team)
{
    char out[400];
    snprintf(out, sizeof out, "%s/page-%s.html", dir, team ? team : "all");
    const char *cpu;
    double wall = make_page(db, out, scen_dir, team, NULL, &cpu);
    printf("  page for %s: %.2f s wall, %s, %.2f MB (load %.1f)\n", team ? team : "every team",
           wall, cpu, file_size(out) / 1e6, load1());
    ReportHtmlTimes tm;
    make_page(db, out, scen_dir, team, &tm, &cpu);
    static const char *const names[REPORT_PHASES] = {"library", "stream", "gathering", "writing"};
    for (int i = 0; i < REPORT_PHASES; i++)
        printf("    %-10s %6.2f s wall, %6.2f s CPU\n", names[i], tm.wall[i], tm.cpu[i]);
    unlink(out);
}

static void measure(Records *db, const char *dir, const char *scen_dir)
{
    floor_read(db, RECORDS_EACH_ALL, false, "every detail");
    floor_read(db, REPORT_HTML_DETAILS, false, "the page's details");
    floor_read(db, REPORT_HTML_DETAILS, true, "the page's details and fields");
    page(db, dir, scen_dir, NULL);
    page(db, dir, scen_dir, "Team 3");
}

/* ---- the same store in PostgreSQL ------------------------------------------------------------ */

/* The tables the page reads, with the columns both stores have. */
static const char *const copied[][2] = {
    {"trainees", "id, name, team"},
    {"attempts", "id, trainee_id, mentor_id, scenario_id, scenario_version, scenario_title, "
                 "scenario_sha256, level, mode, locale, station, start_node, seed, "
                 "time_multiplier, timers, started_unix_ms, ended_unix_ms, status, ending, "
                 "outcome, score_raw, score_max, score_percent, pass_percent, passed, "
                 "scenario_group, shuffle, critical_errors"},
    {"decisions", "attempt_id, seq, position, rewound, node, choice, points, meters, at_ms, "
                  "took_ms, shown, critical, techniques"},
    {"competencies", "attempt_id, competency_id, raw, max, percent"},
    {"mentor_events", "attempt_id, seq, kind, detail, offset_ms, decision_index"},
    {"steps", "attempt_id, seq, position, live, kind, node, node_id, idx, value, at_ms, took_ms"},
};

typedef struct {
    PGconn *c;
    char buf[1 << 16];
    size_t n;
    bool failed;
} CopyOut;

static void put(CopyOut *o, char ch)
{
    if (o->n == sizeof o->buf) {
        o->failed |= PQputCopyData(o->c, o->buf, (int)o->n) != 1;
        o->n = 0;
    }
    o->buf[o->n++] = ch;
}

/* One field in COPY's text format: \N for NULL, backslash, tab and line ends escaped. */
static void put_field(CopyOut *o, const char *s)
{
    if (!s) {
        put(o, '\\');
        put(o, 'N');
        return;
    }
    for (; *s; s++) {
        char e = *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : *s == '\\' ? '\\' : 0;
        if (e) {
            put(o, '\\');
            put(o, e);
        } else {
            put(o, *s);
        }
    }
}

/* Every row of one table of src, as stored, into the same table on c (COPY). 0 or -1. */
static int copy_table(Records *src, CopyOut *o, const char *table, const char *cols)
{
    char sql[1024], err[1024];
    int ncols = 1;
    for (const char *p = cols; *p; p++)
        ncols += *p == ',';
    snprintf(sql, sizeof sql, "SELECT %s FROM %s", cols, table);
    RecStmt *st = records_prep(src, sql, err, sizeof err);
    if (!st) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    snprintf(sql, sizeof sql, "COPY %s(%s) FROM STDIN", table, cols);
    PGresult *r = PQexec(o->c, sql);
    bool ok = PQresultStatus(r) == PGRES_COPY_IN;
    PQclear(r);
    int rc = REC_DONE;
    o->n = 0;
    o->failed = false;
    while (ok && !o->failed && (rc = rs_step(st)) == REC_ROW)
        for (int i = 0; i < ncols; i++) {
            put_field(o, rs_null(st, i) ? NULL : rs_text(st, i));
            put(o, i + 1 < ncols ? '\t' : '\n');
        }
    records_done(st);
    if (ok) {
        o->failed |= o->n && PQputCopyData(o->c, o->buf, (int)o->n) != 1;
        PQputCopyEnd(o->c, o->failed || rc != REC_DONE ? "the source failed" : NULL);
        r = PQgetResult(o->c);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        while ((r = PQgetResult(o->c)))
            PQclear(r);
    }
    if (!ok)
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(o->c));
    return ok ? 0 : -1;
}

/* The tables of src into the (new, empty) PostgreSQL store at url, in one transaction, then
 * ANALYZE. 0 or -1. */
static int copy_store(Records *src, const char *url)
{
    static CopyOut o;
    o.c = PQconnectdb(url);
    int rc = PQstatus(o.c) == CONNECTION_OK ? 0 : -1;
    PQclear(PQexec(o.c, "BEGIN"));
    for (size_t t = 0; rc == 0 && t < sizeof copied / sizeof copied[0]; t++)
        rc = copy_table(src, &o, copied[t][0], copied[t][1]);
    PQclear(PQexec(o.c, rc == 0 ? "COMMIT" : "ROLLBACK"));
    PQclear(PQexec(o.c, "ANALYZE"));
    if (rc < 0)
        fprintf(stderr, "cannot copy the store into the server: %s", PQerrorMessage(o.c));
    PQfinish(o.c);
    return rc;
}

/* The same measures on the PostgreSQL server of base (SPARRING_BENCH_PG, SPARRING_TEST_PG). */
static void on_postgresql(Records *src, const char *base, long nattempts, const char *dir,
                          const char *scen_dir)
{
    char name[64], db[64], url[1024], err[1024];
    snprintf(name, sizeof name, "dash_%ld", nattempts);
    check_pg_database(base, name, true, db, sizeof db, url, sizeof url);
    Records *pg = records_open(url, err, sizeof err); /* the store's tables, empty */
    if (!pg) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    double t0 = now_s();
    if (copy_store(src, url) == 0) {
        printf(" on PostgreSQL (the same store copied in by COPY in %.1f s):\n", now_s() - t0);
        measure(pg, dir, scen_dir);
    }
    records_close(pg);
}

static void run(long nattempts, const char *keep, const LibEntry *lib, int nlib, const char *scen_dir)
{
    char dir[] = "/tmp/bench-dashboard-XXXXXX", path[600], err[1024];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return;
    }
    snprintf(path, sizeof path, "%s/dash-%ld.db", keep ? keep : dir, nattempts);
    bool reuse = keep && file_size(path) > 0;
    Records *db = records_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    printf("%ld attempts of %d trainees on %d scenarios:\n", nattempts, TRAINEES, nlib);
    if (reuse) {
        printf("  reusing %s\n", path);
    } else {
        double t0 = now_s();
        if (generate(db, nattempts, lib, nlib) < 0)
            return;
        printf("  generated in %.1f s\n", now_s() - t0);
    }
    measure(db, dir, scen_dir);
    const char *pg = getenv("SPARRING_BENCH_PG");
    if (!pg || !*pg)
        pg = getenv("SPARRING_TEST_PG");
    if (pg && *pg)
        on_postgresql(db, pg, nattempts, dir, scen_dir);
    else
        printf(" on PostgreSQL: not measured (no server given: SPARRING_BENCH_PG=postgresql://..., "
               "or run under tests/pg_cluster_run.sh)\n");
    records_close(db);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

int main(int argc, char **argv)
{
    const char *keep = NULL;
    long sizes[8];
    int nsizes = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--keep") && i + 1 < argc)
            keep = argv[++i];
        else if (atol(argv[i]) > 0 && nsizes < 8)
            sizes[nsizes++] = atol(argv[i]);
    }
    if (!nsizes) {
        sizes[nsizes++] = 20000;
        sizes[nsizes++] = 100000;
    }
    setenv("SPARRING_NOW_MS", "1796212800000", 1);
    const char *scen_dir = cli_scenarios_dir();
    int nlib = 0;
    LibEntry *lib = load_library(scen_dir, &nlib);
    if (!lib || !nlib) {
        fprintf(stderr, "no scenario in %s\n", scen_dir);
        return 1;
    }
    printf("library: %s (%d scenarios, %d playthroughs each); load %.1f\n", scen_dir, nlib, PATHS,
           load1());
    for (int i = 0; i < nsizes; i++)
        run(sizes[i], keep, lib, nlib, scen_dir);
    for (int i = 0; i < nlib; i++) {
        for (int k = 0; k < PATHS; k++) {
            fix_path_free(&lib[i].paths[k]);
        }
        scenario_free(lib[i].sc);
    }
    free(lib);
    return 0;
}
