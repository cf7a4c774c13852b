/* bench_dashboard: the manager's page over a big store.
 *   - N attempts of 1,000 trainees in 10 teams (each trainee on the scenarios of one tier),
 *     generated into a SQLite database: every attempt is one of 32 random playthroughs per
 *     scenario of the bundled library (answers drawn among those offered, now and then the
 *     timeout), with its steps, decisions and competencies; 1 in 40 has a mentor's comment;
 *     half a year of attempts ending "today";
 *   - the floor: every attempt read with all its details, and with only the page's details;
 *   - the page for everyone, then for one team: wall and CPU time, file size, and where the
 *     time went (library, the records stream, the dashboard's gathering, writing the HTML).
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

#include "cli.h"
#include "play.h"
#include "records.h"
#include "report_html.h"
#include "scenario.h"

#include "../tests/dashboard_fixture.h" /* random playthroughs and their records */

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

/* A floor: every attempt read with these details, nothing gathered. */
static void floor_read(Records *db, unsigned details, bool lean, const char *what)
{
    char err[1024];
    long n = 0;
    RecordsEachOptions eo = {.since_unix_ms = INT64_MIN, .details = details, .lean = lean};
    double t0 = now_s(), c0 = cpu_s();
    if (records_each_attempt(db, &eo, count_one, &n, err, sizeof err) < 0)
        fprintf(stderr, "%s\n", err);
    printf("  floor, %ld attempts with %s: %.2f s wall, %.2f s CPU (load %.1f)\n", n, what,
           now_s() - t0, cpu_s() - c0, load1());
}

/* Writes the page; times: NULL, or where the time went. Returns wall seconds, *cpu the CPU's. */
static double make_page(Records *db, const char *out, const char *scen_dir, const char *team,
                        ReportHtmlTimes *times, double *cpu)
{
    char err[1024];
    FILE *f = fopen(out, "wb");
    if (!f)
        return -1;
    ReportHtmlRequest rq = {"zh", team, scen_dir, INT64_MIN, RECORDS_AMBER_MARGIN, times};
    double t0 = now_s(), c0 = cpu_s();
    int rc = report_html_make(db, &rq, f, err, sizeof err);
    fclose(f);
    *cpu = cpu_s() - c0;
    if (rc < 0)
        fprintf(stderr, "%s\n", err);
    return now_s() - t0;
}

/* The page, timed as the command makes it; then again, measured phase by phase (the clocks
 * read around each attempt cost a little: the phases add up to a bit more). */
static void page(Records *db, const char *dir, const char *scen_dir, const char *team)
{
    char out[400];
    snprintf(out, sizeof out, "%s/page-%s.html", dir, team ? team : "all");
    double cpu, wall = make_page(db, out, scen_dir, team, NULL, &cpu);
    printf("  page for %s: %.2f s wall, %.2f s CPU, %.2f MB (load %.1f)\n",
           team ? team : "every team", wall, cpu, file_size(out) / 1e6, load1());
    ReportHtmlTimes tm;
    make_page(db, out, scen_dir, team, &tm, &cpu);
    static const char *const names[REPORT_PHASES] = {"library", "stream", "gathering", "writing"};
    for (int i = 0; i < REPORT_PHASES; i++)
        printf("    %-10s %6.2f s wall, %6.2f s CPU\n", names[i], tm.wall[i], tm.cpu[i]);
    unlink(out);
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
    floor_read(db, RECORDS_EACH_ALL, false, "every detail");
    floor_read(db, REPORT_HTML_DETAILS, false, "the page's details");
    floor_read(db, REPORT_HTML_DETAILS, true, "the page's details and fields");
    page(db, dir, scen_dir, NULL);
    page(db, dir, scen_dir, "Team 3");
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
