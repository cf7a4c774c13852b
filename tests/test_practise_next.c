/* practise_next: the scenario to practise next, from planted records in a real SQLite file (or
 * a real PostgreSQL store: tests/test_practise_next_pg.sh).
 *
 * Competencies empathy (e), discovery (d), closing (c); each scenario has one decision whose
 * answers score its weights in each ("best"), or all but one ("no_e", "no_d", "no_c"):
 *   A  (group ga) e6 d1 c1      B1 (group gb) e1 d5 c1      B2 (group gb) e1 d4 c2
 *   C  (group gc) e1 d1 c6      D  (group gd) d9, not on offer (the trainee cannot open it)
 * Trainee T1, oldest first: 5 x C no_c (older than the last 10), then 4 x A best, 2 x B1 no_d,
 * 2 x C best, 2 x A no_d (the last 10 completed), then an A abandoned and 3 x A no_e in sandbox
 * (neither ever counted).
 * The last 10: e 24+2+2+12 = 40/40, d 4+0+2+0 = 6/18 (33%), c 4+2+12+2 = 20/20.
 * (All 15 would make closing the weakest: c 20/50 = 40% < d 11/23 = 47%.)
 * Weakest: discovery, 33%. Share of d: A 1/8, B1 5/7, B2 4/7, C 1/8: group gb. Practised
 * (practice mode): B1 2, B2 0: B2. Without B2 on offer: B1. */
#include "check.h"
#include "pg_test.h"
#include "play.h"
#include "practise_next.h"
#include "records.h"
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1795760400000LL

static char tmpdir[256], dbpath[300];

/* The store a test called name writes: a fresh database on the PostgreSQL server of
 * SPARRING_TEST_PG when it is set (tests/test_practise_next_pg.sh), else a SQLite file in a
 * directory of its own under /tmp (dir, removed when the test passes). */
static void store_path(const char *name, char *dir, size_t dirsize, char *path, size_t pathsize)
{
    snprintf(dir, dirsize, "/tmp/sparring-%s-%d", name, (int)getpid());
    const char *pg = getenv("SPARRING_TEST_PG");
    if (pg) {
        char db[64];
        check_pg_database(pg, name, true, db, sizeof db, path, pathsize);
    } else {
        snprintf(path, pathsize, "%s/records.db", dir);
    }
}

static Scenario *make(const char *id, const char *group, int e, int d, int c)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"format\":1,\"id\":\"%s\",\"group\":\"%s\",\"version\":\"1.0.0\",\"title\":{\"en\":\"%s\"},"
             "\"level\":\"new_hire\",\"locales\":[\"en\"],\"competencies\":{"
             "\"empathy\":{\"name\":{\"en\":\"Empathy\"}},\"discovery\":{\"name\":{\"en\":\"Discovery\"}},"
             "\"closing\":{\"name\":{\"en\":\"Closing\"}}},\"pass_percent\":50,\"start\":\"q\",\"nodes\":{"
             "\"q\":{\"text\":{\"en\":\"?\"},\"choices\":["
             "{\"id\":\"best\",\"text\":{\"en\":\"b\"},\"score\":{\"empathy\":%d,\"discovery\":%d,\"closing\":%d},\"next\":\"end\"},"
             "{\"id\":\"no_e\",\"text\":{\"en\":\"e\"},\"score\":{\"discovery\":%d,\"closing\":%d},\"next\":\"end\"},"
             "{\"id\":\"no_d\",\"text\":{\"en\":\"d\"},\"score\":{\"empathy\":%d,\"closing\":%d},\"next\":\"end\"},"
             "{\"id\":\"no_c\",\"text\":{\"en\":\"c\"},\"score\":{\"empathy\":%d,\"discovery\":%d},\"next\":\"end\"}]},"
             "\"end\":{\"text\":{\"en\":\"bye\"},\"end\":{\"outcome\":\"neutral\"}}}}",
             id, group, id, e, d, c, d, c, e, c, e, d);
    DiagList diags = {0};
    Scenario *sc = scenario_load_buffer(json, strlen(json), id, NULL, &diags);
    if (!sc)
        fprintf(stderr, "%s: %s\n", id, diags.count ? diags.items[0].message : "?");
    diag_list_free(&diags);
    CHECK(sc != NULL);
    return sc;
}

static int k_attempt;

static void record(Records *db, Scenario *sc, const char *choice, const char *mode, bool end)
{
    char err[512];
    int k = ++k_attempt;
    Play *p = play_new(sc, (uint64_t)k, (PlayOptions){.time_multiplier = 1.0});
    AttemptMeta meta = {.trainee_id = "T1", .mode = mode};
    Recorder *r = recorder_begin(db, p, &meta, T0 + k * 60000, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (!r) {
        play_free(p);
        return;
    }
    const ScNode *q = scenario_node(sc, play_node(p));
    for (int i = 0; end && i < q->nchoices; i++)
        if (!strcmp(q->choices[i].id, choice))
            play_choose(p, i, 1000);
    CHECK_INT(recorder_end(r, p, T0 + k * 60000 + 5000, err, sizeof err), 0);
    play_free(p);
}

static void chooses(void)
{
    store_path("practise", tmpdir, sizeof tmpdir, dbpath, sizeof dbpath);
    Scenario *A = make("a", "ga", 6, 1, 1), *B1 = make("b1", "gb", 1, 5, 1), *B2 = make("b2", "gb", 1, 4, 2),
             *C = make("c", "gc", 1, 1, 6), *D = make("d", "gd", 0, 9, 0);
    if (!A || !B1 || !B2 || !C || !D)
        return;
    char err[512];
    Records *db = records_open(dbpath, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (!db)
        return;
    for (int i = 0; i < 5; i++)
        record(db, C, "no_c", "practice", true);
    for (int i = 0; i < 4; i++)
        record(db, A, "best", "assessment", true);
    for (int i = 0; i < 2; i++)
        record(db, B1, "no_d", "practice", true);
    for (int i = 0; i < 2; i++)
        record(db, C, "best", "practice", true);
    for (int i = 0; i < 2; i++)
        record(db, A, "no_d", "practice", true);
    record(db, A, "no_d", "practice", false); /* abandoned: not counted */
    for (int i = 0; i < 3; i++)
        record(db, A, "no_e", "sandbox", true); /* sandbox: not counted */

    PractiseRecent rec;
    CHECK_INT(practise_recent(db, "T1", 0, &rec, err, sizeof err), 0);
    CHECK_INT(rec.attempts, 10);
    CHECK_INT(rec.nscores, 3);
    for (int i = 0; i < rec.nscores; i++) {
        const PractiseScore *s = &rec.scores[i];
        if (!strcmp(s->id, "empathy"))
            CHECK(s->raw == 40 && s->max == 40);
        else if (!strcmp(s->id, "discovery"))
            CHECK(s->raw == 6 && s->max == 18);
        else
            CHECK(!strcmp(s->id, "closing") && s->raw == 20 && s->max == 20);
    }
    /* The trainee's practice counts, as the window reads them. */
    const char *ids[] = {"a", "b1", "b2", "c"};
    int practised[4], last = -1;
    CHECK_INT(records_form_practice(db, "T1", ids, 4, practised, &last, err, sizeof err), 0);
    CHECK(practised[1] == 2 && practised[2] == 0 && practised[3] == 7);
    const Scenario *offer[] = {A, B1, B2, C};
    PractiseNext nx;
    CHECK_INT(practise_next(offer, 4, practised, &rec, &nx), 2); /* B2 */
    CHECK_STR(nx.competency, "discovery");
    CHECK_INT(nx.percent, 33);
    /* B2 not on offer (NULL): B1, the group's other form. */
    const Scenario *no_b2[] = {A, B1, NULL, C};
    CHECK_INT(practise_next(no_b2, 4, practised, &rec, &nx), 1);
    /* B1 practised less than B2: B1 even though the order lists B2 first. */
    const Scenario *b2_first[] = {B2, B1};
    int counts[] = {3, 1};
    CHECK_INT(practise_next(b2_first, 2, counts, &rec, &nx), 1);
    /* Ties in practice: the form that trains it better (B1, 5/7 > 4/7). */
    int even[] = {1, 1};
    CHECK_INT(practise_next(b2_first, 2, even, &rec, &nx), 1);
    /* Only A and C on offer: both give discovery 1/8, a tie broken by group id: A. */
    const Scenario *ac[] = {C, A};
    CHECK_INT(practise_next(ac, 2, NULL, &rec, &nx), 1);
    /* D, which trains only discovery, wins when on offer. */
    const Scenario *with_d[] = {A, B1, B2, C, D};
    int pd[] = {2, 2, 0, 7, 5};
    CHECK_INT(practise_next(with_d, 5, pd, &rec, &nx), 4);
    /* All 15 counted, closing is the weakest: C (6/8). */
    practise_recent_free(&rec);
    CHECK_INT(practise_recent(db, "T1", 100, &rec, err, sizeof err), 0);
    CHECK_INT(rec.attempts, 15);
    CHECK_INT(practise_next(offer, 4, practised, &rec, &nx), 3);
    CHECK_STR(nx.competency, "closing");
    CHECK_INT(nx.percent, 40);
    practise_recent_free(&rec);
    /* Nobody's records: nothing to suggest. */
    CHECK_INT(practise_recent(db, "nobody", 0, &rec, err, sizeof err), 0);
    CHECK_INT(rec.attempts, 0);
    CHECK_INT(practise_next(offer, 4, NULL, &rec, &nx), -1);
    CHECK(nx.competency == NULL);
    practise_recent_free(&rec);
    records_close(db);
    scenario_free(A);
    scenario_free(B1);
    scenario_free(B2);
    scenario_free(C);
    scenario_free(D);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* Only the trainee's last attempts are read, from the start of the tenth newest on: where the
 * tenth and eleventh newest began in the same millisecond, the last ten are still the ten
 * after it in the store's order (by start, then id), as when the whole history was read. Twelve
 * completed attempts, the k-th scoring k of 100 in one competency; the 2nd and 3rd (k = 1, 2)
 * start together, the 3rd's id sorting first; two sandbox ones after them all, never counted. */
static void the_last_ten_should_count_when_starts_tie(void)
{
    char dir[256], path[300], err[512];
    store_path("practise-ties", dir, sizeof dir, path, sizeof path);
    Records *db = records_open(path, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (!db)
        return;
    RecordsAttempt a[14];
    RecordsCompetency comp[14];
    for (int k = 0; k < 14; k++) {
        comp[k] = (RecordsCompetency){.id = "empathy", .raw = k, .max = 100, .percent = k};
        int64_t start = T0 + (k == 2 ? 1 : k) * 60000;
        a[k] = (RecordsAttempt){
            .trainee_id = "T2", .trainee_name = "", .team = "", .mentor_id = "",
            .scenario_id = "a", .scenario_version = "1.0.0", .scenario_title = "a",
            .scenario_sha256 = "", .level = "new_hire", .mode = k < 12 ? "practice" : "sandbox",
            .locale = "en", .station = "", .start_node = "q", .time_multiplier = 1.0,
            .started_unix_ms = start, .ended_unix_ms = start + 5000, .status = "completed",
            .ending = "end", .outcome = "neutral", .raw = k, .max = 100, .percent = k,
            .pass_percent = 50, .competencies = &comp[k], .ncompetencies = 1};
        /* ids in the order of k, but for the 3rd, which sorts before the 2nd at their start */
        snprintf(a[k].attempt_id, sizeof a[k].attempt_id, "00000000-0000-4000-8000-%012d",
                 k == 2 ? 0 : 10 + k);
    }
    CHECK_MSG(records_insert_attempts(db, a, 14, err, sizeof err) == 0, "%s", err);
    PractiseRecent rec;
    CHECK_INT(practise_recent(db, "T2", 10, &rec, err, sizeof err), 0);
    CHECK_INT(rec.attempts, 10);
    /* in order: k = 0, then 2 and 1 (tied, 2's id first), then 3..11; the last ten: 1, 3..11 */
    CHECK(rec.nscores == 1 && rec.scores[0].raw == 1 + (3 + 11) * 9 / 2 &&
          rec.scores[0].max == 1000);
    practise_recent_free(&rec);
    CHECK_INT(practise_recent(db, "T2", 11, &rec, err, sizeof err), 0);
    CHECK(rec.attempts == 11 && rec.nscores == 1 && rec.scores[0].raw == 66);
    practise_recent_free(&rec);
    records_close(db);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

int main(void)
{
    RUN(chooses);
    RUN(the_last_ten_should_count_when_starts_tie);
    return check_summary();
}
