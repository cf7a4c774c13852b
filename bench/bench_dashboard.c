/* bench_dashboard: the manager's page over a big store.
 *   - N attempts (default 100,000; 8 decisions, 3 competencies and the step log each) of
 *     1,000 trainees in 10 teams, generated into a temporary SQLite database, every attempt
 *     of a scenario in the library so each one is replayed for the techniques;
 *   - the page for everyone, then for one team: time (reading, gathering and writing) and
 *     file size.
 * Usage: bench_dashboard [ATTEMPTS]. Prints numbers; asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "play.h"
#include "records.h"
#include "report_html.h"
#include "scenario.h"

#include "../tests/records_fixture.h" /* the scenario played, BEST, take() */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int count_one(void *ctx, const RecordsAttempt *a)
{
    (void)a;
    ++*(long *)ctx;
    return 0;
}

/* The floor: every attempt read with all its details (steps included), nothing gathered. */
static void read_all(Records *db)
{
    char err[1024];
    long n = 0;
    RecordsEachOptions eo = {.since_unix_ms = INT64_MIN, .details = RECORDS_EACH_ALL};
    double t0 = now_s();
    if (records_each_attempt(db, &eo, count_one, &n, err, sizeof err) < 0)
        fprintf(stderr, "%s\n", err);
    printf("read %ld attempts with every detail (the floor of the page): %.2f s\n", n, now_s() - t0);
}

/* Writes the page and says how long it took. */
static void page(Records *db, const char *dir, const char *scen_dir, const char *team)
{
    char out[400], err[1024];
    snprintf(out, sizeof out, "%s/page-%s.html", dir, team ? team : "all");
    FILE *f = fopen(out, "wb");
    if (!f)
        return;
    ReportHtmlRequest rq = {"zh", team, scen_dir, INT64_MIN, RECORDS_AMBER_MARGIN};
    double t0 = now_s();
    int rc = report_html_make(db, &rq, f, err, sizeof err);
    fclose(f);
    double t = now_s() - t0;
    if (rc < 0)
        fprintf(stderr, "%s\n", err);
    printf("page for %s: %.2f s, %.2f MB\n", team ? team : "every team", t, file_size(out) / 1e6);
}

int main(int argc, char **argv)
{
    long nattempts = argc > 1 ? atol(argv[1]) : 100000;
    if (nattempts < 1)
        nattempts = 100000;
    char dir[] = "/tmp/bench-dashboard-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[400], scen_dir[256], err[1024];
    snprintf(scen_dir, sizeof scen_dir, "%s/scenarios", dir);
    snprintf(path, sizeof path, "%s/call.json", scen_dir);
    mkdir(scen_dir, 0700);
    FILE *sf = fopen(path, "wb");
    if (!sf || fwrite(SCENARIO_JSON, 1, sizeof SCENARIO_JSON - 1, sf) != sizeof SCENARIO_JSON - 1) {
        perror(path);
        return 1;
    }
    fclose(sf);
    DiagList d = {0};
    Scenario *sc = scenario_load_file(path, &d);
    diag_list_free(&d);
    if (!sc) {
        fprintf(stderr, "cannot load the benchmark's scenario\n");
        return 1;
    }
    /* One real playthrough gives the step log and decisions every attempt carries. */
    Play *p = play_new(sc, 1, (PlayOptions){.timers = true, .time_multiplier = 1.0});
    for (int i = 0; i < 8; i++)
        take(p, BEST[i], (i + 1) * 4000);
    int nsteps = play_step_count(p);
    PlayStep *steps = calloc((size_t)nsteps, sizeof *steps);
    for (int i = 0; i < nsteps; i++)
        steps[i] = *play_step(p, i);
    RecordsDecision dec[8];
    for (int i = 0; i < 8; i++)
        dec[i] = (RecordsDecision){.node = (char *)"opening", .choice = (char *)BEST[i],
                                   .points_json = (char *)"{\"empathy\":3}",
                                   .meters_json = (char *)"{\"patience\":45}",
                                   .at_ms = (i + 1) * 4000, .took_ms = 3500};

    snprintf(path, sizeof path, "%s/big.db", dir);
    Records *db = records_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    static const char *const modes[] = {"practice", "practice", "assessment", "practice",
                                        "assessment", "practice", "practice", "sandbox"};
    enum { BATCH = 1000, TRAINEES = 1000 };
    static char ids[TRAINEES][16], names[TRAINEES][32], teams[10][16];
    for (int i = 0; i < TRAINEES; i++) {
        snprintf(ids[i], sizeof ids[i], "E%04d", i);
        snprintf(names[i], sizeof names[i], "学员 %d", i);
    }
    for (int i = 0; i < 10; i++)
        snprintf(teams[i], sizeof teams[i], "Team %d", i);
    RecordsAttempt *batch = calloc(BATCH, sizeof *batch);
    static RecordsCompetency comps[BATCH][3];
    double t0 = now_s();
    uint64_t rng = 12345;
    for (long done = 0; done < nattempts;) {
        int n = (int)(nattempts - done < BATCH ? nattempts - done : BATCH);
        memset(batch, 0, (size_t)n * sizeof *batch);
        for (int i = 0; i < n; i++) {
            long k = done + i;
            RecordsAttempt *a = &batch[i];
            uint64_t x = play_splitmix64(&rng);
            a->trainee_id = ids[k % TRAINEES];
            a->trainee_name = names[k % TRAINEES];
            a->team = teams[(k % TRAINEES) % 10];
            a->scenario_id = (char *)scenario_id(sc);
            a->scenario_version = (char *)scenario_version(sc);
            a->scenario_title = (char *)"客户挂了电话";
            a->scenario_sha256 = (char *)scenario_sha256(sc);
            a->level = (char *)"new_hire";
            a->mode = (char *)modes[x % 8];
            a->locale = (char *)"zh";
            a->station = (char *)"room-3";
            a->start_node = (char *)"prep";
            a->seed = 1;
            a->time_multiplier = 1.0;
            a->timers = true;
            /* Half a year of attempts ending today. */
            a->started_unix_ms = 1796212800000LL - (nattempts - k) * (180LL * 86400000 / nattempts);
            a->ended_unix_ms = a->started_unix_ms + 40000;
            a->status = (char *)(x % 20 == 0 ? "abandoned" : "completed");
            a->ending = (char *)"won";
            a->outcome = (char *)"pass";
            a->percent = (int)((x >> 8) % 101);
            a->raw = a->percent * 24 / 100;
            a->max = 24;
            a->pass_percent = 80;
            a->passed = a->percent >= 80;
            a->decisions = dec;
            a->ndecisions = 8;
            a->steps = steps;
            a->nsteps = nsteps;
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
    printf("generate %ld attempts of %d trainees (8 decisions, %d steps each): %.1f s\n",
           nattempts, TRAINEES, nsteps, now_s() - t0);
    setenv("SPARRING_NOW_MS", "1796212800000", 1);
    read_all(db);
    page(db, dir, scen_dir, NULL);
    page(db, dir, scen_dir, "Team 3");
    records_close(db);
    free(batch);
    free(steps);
    play_free(p);
    scenario_free(sc);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return 0;
}
