/* `sparring records items` (engine/records_items.c, game/cmd_items.c) on a planted records
 * database: real Plays of tests/data/items/items-quiz.json recorded into a real SQLite file
 * (or a PostgreSQL store when SPARRING_TEST_PG names a server: tests/test_items_pg.sh), and
 * every figure checked against numbers counted by hand below.
 *
 * The scenario: q0 (one answer, +1), q1 (A +2, B +1, C 0, a 10 s timer whose timeout scores 0),
 * q2 (X +3, Y 0). The counted attempts (q1, q2; total = 1 + q1 + q2; mode):
 *   1 A X 6 assessment   2 A Y 3 practice   3 B X 5 practice   4 B Y 2 assessment
 *   5 timeout X 4 assessment   6 A Y 3 practice   7 A X 6 practice
 * Not counted: a sandbox attempt, an abandoned one; skipped: one whose steps no longer
 * replay on the file.
 *
 * q1, all seven: took the best (A) x = 1 1 0 0 0 1 1, rest = total - points at q1
 *   = 4 1 4 1 4 1 4. p = 4/7. Sums: n 7, Sx 4, Sy 19, Sxy 4+1+1+4 = 10, Sxx 4, Syy 16x4 + 3 = 67.
 *   sxy = 10 - 4x19/7 = -6/7; sxx = 4 - 16/7 = 12/7; syy = 67 - 361/7 = 108/7;
 *   r = (-6/7) / sqrt(12/7 x 108/7) = -6/36 = -1/6.
 *   Answers A 4, B 2, C 0 (unused), timeout 1. Seconds: attempt i took i s, the timeout 10 s:
 *   (1+2+3+4+10+6+7)/7 = 33/7.
 * q2, all seven: x = 1 0 1 0 1 0 1, rest = total - points at q2 = 3 3 2 2 1 3 3.
 *   Sx 4, Sy 17, Sxy 3+2+1+3 = 9, Syy 9+9+4+4+1+9+9 = 45. sxy = 9 - 68/7 = -5/7;
 *   syy = 45 - 289/7 = 26/7; r = (-5/7) / sqrt(12/7 x 26/7) = -5 / sqrt(312). p = 4/7.
 * q0: everyone takes the only answer: p = 1 (> 0.95), discrimination null (x does not vary).
 * --mode assessment (attempts 1, 4, 5): q1 x = 1 0 0, rest = 4 1 4: sxy = (4) - 9/3 = 1,
 *   sxx = 1 - 1/3 = 2/3, syy = 33 - 27 = 6: r = 1 / sqrt(4) = 1/2; p = 1/3. */
#include "check.h"
#include "play.h"
#include "records.h"
#include "records_items.h"
#include "scenario.h"

#include "pg_test.h" /* SPARRING_TEST_PG: the same figures from a PostgreSQL store */

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define T0 1795760400000LL
#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static char tmpdir[256], dbpath[1024];
static Scenario *sc;

static int idx(const char *node, const char *choice)
{
    const ScNode *n = scenario_node(sc, scenario_find_node(sc, node));
    for (int i = 0; i < n->nchoices; i++)
        if (!strcmp(n->choices[i].id, choice))
            return i;
    return -1;
}

/* Records q0, then q1 (a choice id or "timeout") after `secs` seconds, then q2 after 2 s. */
static void record(Records *db, int k, const char *q1, const char *q2, const char *mode, bool end)
{
    char err[512];
    Play *p = play_new(sc, (uint64_t)k, (PlayOptions){.timers = true, .time_multiplier = 1.0});
    AttemptMeta meta = {.trainee_id = "T1", .mode = mode};
    Recorder *r = recorder_begin(db, p, &meta, T0 + k * 60000, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (!r) {
        play_free(p);
        return;
    }
    play_choose(p, idx("q0", "hello"), 500);
    if (!strcmp(q1, "timeout"))
        play_timeout(p, 500 + 10000);
    else
        play_choose(p, idx("q1", q1), 500 + k * 1000);
    CHECK_INT(recorder_sync(r, p, T0 + k * 60000 + 20000, err, sizeof err), 0);
    if (end) {
        int64_t at = strcmp(q1, "timeout") ? 500 + k * 1000 : 10500;
        play_choose(p, idx("q2", q2), at + 2000);
    }
    /* (closed before its end: abandoned) */
    CHECK_INT(recorder_end(r, p, T0 + k * 60000 + 30000, err, sizeof err), 0);
    play_free(p);
}

static void plant(void)
{
    char err[512];
    Records *db = records_open(dbpath, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (!db)
        return;
    static const char *const rows[][3] = {{"A", "X", "assessment"}, {"A", "Y", "practice"},
                                          {"B", "X", "practice"},   {"B", "Y", "assessment"},
                                          {"timeout", "X", "assessment"}, {"A", "Y", "practice"},
                                          {"A", "X", "practice"}};
    for (int k = 0; k < 7; k++)
        record(db, k + 1, rows[k][0], rows[k][1], rows[k][2], true);
    record(db, 8, "C", "X", "sandbox", true);  /* never counted */
    record(db, 9, "C", "X", "practice", false); /* abandoned: not counted */
    /* A completed attempt whose log no longer fits the file: choice 7 at q0. */
    PlayStep bad = {.kind = PLAY_STEP_CHOICE, .node = 0, .index = 7, .at_ms = 100};
    RecordsAttempt a = {.trainee_id = "T1", .scenario_id = "items-quiz", .scenario_version = "1.0.0",
                        .mode = "practice", .status = "completed", .start_node = "q0", .seed = 1,
                        .started_unix_ms = T0, .ended_unix_ms = T0 + 1000, .pass_percent = 80,
                        .steps = &bad, .nsteps = 1};
    CHECK_INT(records_insert_attempts(db, &a, 1, err, sizeof err), 0);
    records_close(db);
}

static const ItemsNode *node_of(const ItemsNode *nodes, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(scenario_node(sc, nodes[i].node)->id, id))
            return &nodes[i];
    return NULL;
}

static void engine_figures_match_the_hand_count(void)
{
    char err[512], **ids;
    int nids;
    Records *db = records_open(dbpath, err, sizeof err);
    if (!db)
        return;
    CHECK_INT(records_attempt_ids(db, "items-quiz", NULL, &ids, &nids, err, sizeof err), 0);
    CHECK_INT(nids, 8); /* 7 + the one that does not replay; no sandbox, none abandoned */
    ItemsAnalysis *it = items_new(sc);
    for (int i = 0; i < nids; i++) {
        RecordsAttempt *a = records_attempt_load(db, ids[i], err, sizeof err);
        CHECK(a != NULL);
        if (a)
            CHECK(items_add(it, a) >= 0);
        records_attempt_free(a);
    }
    CHECK_INT(items_attempts(it), 7);
    CHECK_INT(items_skipped(it), 1);
    int n;
    const ItemsNode *nodes = items_nodes(it, &n);
    CHECK_INT(n, 3);
    const ItemsNode *q0 = node_of(nodes, n, "q0"), *q1 = node_of(nodes, n, "q1"), *q2 = node_of(nodes, n, "q2");
    CHECK(q0 && q1 && q2);
    if (!q0 || !q1 || !q2)
        goto out;
    CHECK_INT(q0->reached, 7);
    CHECK(q0->has_p && NEAR(q0->p, 1.0));
    CHECK(!q0->has_discrimination);
    CHECK_INT(q0->flags, ITEMS_FLAG_EASY);
    CHECK(!q0->has_timeout);

    CHECK_INT(q1->reached, 7);
    CHECK_INT(q1->best, idx("q1", "A"));
    CHECK_INT(q1->counts[idx("q1", "A")], 4);
    CHECK_INT(q1->counts[idx("q1", "B")], 2);
    CHECK_INT(q1->counts[idx("q1", "C")], 0);
    CHECK(q1->has_timeout);
    CHECK_INT(q1->timeouts, 1);
    CHECK(NEAR(q1->p, 4.0 / 7));
    CHECK(q1->has_discrimination && NEAR(q1->discrimination, -1.0 / 6));
    CHECK(NEAR(q1->mean_seconds, 33.0 / 7));
    CHECK_INT(q1->flags, ITEMS_FLAG_UNUSED | ITEMS_FLAG_NEGATIVE);
    const char *names[8];
    int nf = items_flag_names(it, q1, names, 8);
    CHECK_INT(nf, 2);
    if (nf == 2) {
        CHECK_STR(names[0], "unused:C");
        CHECK_STR(names[1], "negative_discrimination");
    }

    CHECK_INT(q2->reached, 7);
    CHECK_INT(q2->best, idx("q2", "X"));
    CHECK(NEAR(q2->p, 4.0 / 7));
    CHECK(q2->has_discrimination && NEAR(q2->discrimination, -5.0 / sqrt(312.0)));
    CHECK(NEAR(q2->mean_seconds, 2.0));
out:
    items_free(it);
    records_ids_free(ids, nids);
    records_close(db);
}

/* The best answer on offer starts the best continuation: "patient" (1, then 5) beats "greedy"
 * (3 and the end), though greedy has more points there. Two attempts, one of each: p = 1/2. */
static void best_means_the_best_continuation(void)
{
    DiagList d = {0};
    Scenario *trap = scenario_load_file("tests/data/items/items-trap.json", &d);
    diag_list_free(&d);
    CHECK(trap != NULL);
    if (!trap)
        return;
    ItemsAnalysis *it = items_new(trap);
    PlayStep greedy[] = {{.kind = PLAY_STEP_CHOICE, .node = 0, .index = 0, .at_ms = 1000}};
    PlayStep patient[] = {{.kind = PLAY_STEP_CHOICE, .node = 0, .index = 1, .at_ms = 1000},
                          {.kind = PLAY_STEP_CHOICE, .node = 1, .index = 0, .at_ms = 2000}};
    RecordsAttempt a = {.scenario_id = "items-trap", .mode = "practice", .status = "completed",
                        .start_node = "q", .seed = 1, .steps = greedy, .nsteps = 1};
    CHECK_INT(items_add(it, &a), 0);
    a.steps = patient;
    a.nsteps = 2;
    CHECK_INT(items_add(it, &a), 0);
    a.mode = "sandbox";
    CHECK_INT(items_add(it, &a), 1); /* never counted */
    int n;
    const ItemsNode *nodes = items_nodes(it, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(nodes[0].reached, 2);
        CHECK_INT(nodes[0].best, 1); /* patient */
        CHECK(NEAR(nodes[0].p, 0.5));
        /* took it: rest 6 - 1 = 5; did not: 3 - 3 = 0. x and rest rise together: r = 1 */
        CHECK(nodes[0].has_discrimination && NEAR(nodes[0].discrimination, 1.0));
    }
    items_free(it);
    scenario_free(trap);
}

static char *run(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' records items --db '%s' --scenarios tests/data/items %s 2>/dev/null",
             getenv("SPARRING_BIN"), dbpath, args);
    FILE *f = popen(cmd, "r");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + len, 1, cap - 1 - len, f)) > 0)
        len += k;
    if (buf)
        buf[len] = 0;
    CHECK_INT(pclose(f), 0);
    return buf;
}

static cJSON *item(cJSON *arr, const char *node)
{
    cJSON *o;
    cJSON_ArrayForEach(o, arr)
    if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "node")), node)) return o;
    return NULL;
}

static void json_has_exactly_the_keys(void)
{
    if (!getenv("SPARRING_BIN")) {
        fprintf(stderr, "  SPARRING_BIN not set\n");
        check_failures_in_test++;
        return;
    }
    char *out = run("--format json");
    cJSON *arr = out ? cJSON_Parse(out) : NULL;
    CHECK(cJSON_IsArray(arr));
    CHECK_INT(cJSON_GetArraySize(arr), 3);
    static const char *const keys[] = {"scenario", "node",         "reached",  "best",    "p",
                                       "discrimination", "answers", "mean_seconds", "timeouts", "flags"};
    cJSON *o;
    cJSON_ArrayForEach(o, arr)
    {
        CHECK_INT(cJSON_GetArraySize(o), 10);
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
            CHECK_MSG(cJSON_GetObjectItemCaseSensitive(o, keys[k]) != NULL, "key %s", keys[k]);
        CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "scenario")), "items-quiz");
    }
    cJSON *q1 = item(arr, "q1"), *q0 = item(arr, "q0");
    CHECK(q1 && q0);
    if (q1 && q0) {
        CHECK_INT(cJSON_GetObjectItem(q1, "reached")->valueint, 7);
        CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(q1, "best")), "A");
        CHECK(NEAR(cJSON_GetObjectItem(q1, "p")->valuedouble, 4.0 / 7));
        CHECK(fabs(cJSON_GetObjectItem(q1, "discrimination")->valuedouble + 1.0 / 6) < 1e-12);
        cJSON *ans = cJSON_GetObjectItem(q1, "answers");
        CHECK_INT(cJSON_GetArraySize(ans), 4);
        CHECK_INT(cJSON_GetObjectItem(ans, "A")->valueint, 4);
        CHECK_INT(cJSON_GetObjectItem(ans, "B")->valueint, 2);
        CHECK_INT(cJSON_GetObjectItem(ans, "C")->valueint, 0);
        CHECK_INT(cJSON_GetObjectItem(ans, "timeout")->valueint, 1);
        CHECK(fabs(cJSON_GetObjectItem(q1, "mean_seconds")->valuedouble - 33.0 / 7) < 1e-12);
        CHECK_INT(cJSON_GetObjectItem(q1, "timeouts")->valueint, 1);
        cJSON *fl = cJSON_GetObjectItem(q1, "flags");
        CHECK_INT(cJSON_GetArraySize(fl), 2);
        CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(fl, 0)), "unused:C");
        CHECK(cJSON_IsNull(cJSON_GetObjectItem(q0, "discrimination")));
        CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(q0, "flags"), 0)), "p_above_0.95");
        CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(q0, "answers")), 1); /* no timer: no timeout */
    }
    cJSON_Delete(arr);
    free(out);

    out = run("--format json --mode assessment");
    arr = out ? cJSON_Parse(out) : NULL;
    q1 = item(arr, "q1");
    CHECK(q1 != NULL);
    if (q1) {
        CHECK_INT(cJSON_GetObjectItem(q1, "reached")->valueint, 3);
        CHECK(NEAR(cJSON_GetObjectItem(q1, "p")->valuedouble, 1.0 / 3));
        CHECK(fabs(cJSON_GetObjectItem(q1, "discrimination")->valuedouble - 0.5) < 1e-12);
    }
    cJSON_Delete(arr);
    free(out);
}

static void csv_and_text(void)
{
    if (!getenv("SPARRING_BIN"))
        return;
    char *out = run("--format csv --scenario items-quiz");
    const char *header = "\xEF\xBB\xBFscenario,node,reached,best,p,discrimination,answers,mean_seconds,"
                         "timeouts,flags\r\n";
    CHECK(out && !strncmp(out, header, strlen(header)));
    CHECK(out && strstr(out, "\r\nitems-quiz,q1,7,A,0.5714,-0.1667,A:4;B:2;C:0;timeout:1,4.7,1,"
                             "unused:C;negative_discrimination\r\n"));
    CHECK(out && strstr(out, "\r\nitems-quiz,q0,7,hello,1.0000,,hello:7,0.5,0,p_above_0.95\r\n"));
    free(out);
    out = run("");
    CHECK(out && strstr(out, "items-quiz: 7 attempts (1 more did not replay"));
    CHECK(out && strstr(out, "! unused:C"));
    free(out);
    out = run("--scenario nothing-here");
    CHECK(out && strstr(out, "No completed attempts of nothing-here."));
    free(out);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' records items --db '%s' --mode sandbox >/dev/null 2>&1", getenv("SPARRING_BIN"),
             dbpath);
    CHECK_INT(WEXITSTATUS(system(cmd)), 2);
    /* Without the scenario's folder: said, and exit 1. */
    snprintf(cmd, sizeof cmd, "'%s' records items --db '%s' --scenarios '%s' 2>&1 >/dev/null", getenv("SPARRING_BIN"),
             dbpath, tmpdir);
    FILE *f = popen(cmd, "r");
    char line[512] = "";
    CHECK(f && fgets(line, sizeof line, f));
    CHECK(strstr(line, "no file of scenario \"items-quiz\" under") != NULL);
    CHECK_INT(f ? WEXITSTATUS(pclose(f)) : -1, 1);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/items-test-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    const char *pg = getenv("SPARRING_TEST_PG");
    if (pg && *pg) {
        char db[64];
        check_pg_database(pg, "items", true, db, sizeof db, dbpath, sizeof dbpath);
        printf("records items on PostgreSQL\n");
    } else {
        snprintf(dbpath, sizeof dbpath, "%s/items.db", tmpdir);
    }
    DiagList d = {0};
    sc = scenario_load_file("tests/data/items/items-quiz.json", &d);
    diag_list_free(&d);
    if (!sc) {
        fprintf(stderr, "cannot load the scenario\n");
        return 1;
    }
    RUN(plant);
    RUN(engine_figures_match_the_hand_count);
    RUN(best_means_the_best_continuation);
    RUN(json_has_exactly_the_keys);
    RUN(csv_and_text);
    scenario_free(sc);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
