/* The exports' exact bytes: a store planted with awkward attempts (quotes, commas, formulas,
 * control characters, Chinese, rewound decisions, damaged and
 * non-canonical JSON in the decision columns, huge and negative numbers, every status, mentor
 * events, a competency without a percent), exported as CSV (with and without the byte-order
 * mark), JSON Lines and xAPI (default and configured IRIs, a trainee filter, a start filter),
 * and compared byte for byte with tests/data/records_export/ (written once by the exporter
 * that built a cJSON tree per attempt; the streaming writers must give the same bytes).
 * Runs on SQLite, and on PostgreSQL when SPARRING_TEST_PG names a server.
 *   test_records_export_bytes --write   rewrites the expected files (review the diff!). */
#include "check.h"
#include "records.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pg_test.h"

#define DATA "tests/data/records_export/"
#define T0 1795760400000LL

static char tmpdir[256];
static const char *pg;
static bool writing;

static RecordsDecision decisions[] = {
    {.node = "opening", .choice = "greet", .points_json = "{\"empathy\":3,\"discovery\":1}",
     .meters_json = "{\"patience\":45,\"trust\":20}", .at_ms = 4000, .took_ms = 3500,
     .shown_json = "[\"greet\",\"pitch\",\"hang\"]", .techniques_json = "[\"LAER\"]"},
    /* rewound, then taken again */
    {.rewound = true, .node = "probe", .choice = "pitch", .points_json = "{\"empathy\":-2}",
     .meters_json = " { \"patience\" : 1.50 , \"trust\":-0 } ", .at_ms = 9000, .took_ms = 0,
     .shown_json = "[\"\\u00e9t\\u00E9\",\"a\\/b\",\"tab\\there\"]", .critical = true,
     .techniques_json = "[oops"},
    {.node = "probe", .choice = "ask \"why\", then\nlisten", .points_json = "{\"x\":1e3,\"y\":0.1}",
     .meters_json = "{\"big\":12345678901,\"neg\":-2147483648,\"max\":2147483647,\"n\":007}",
     .at_ms = 3000000000000LL, .took_ms = -5, .shown_json = "[1]trailing",
     .critical = true, .techniques_json = "[\"raw\ttab\",\"ctl\x01\",\"\xe6\x8b\x92\xe7\xbb\x9d\"]"},
    {.node = "=cmd|' /C calc'!A0", .choice = "timeout", .points_json = "{}", .meters_json = "[]",
     .at_ms = 12000, .took_ms = 10000, .shown_json = "[[[[{\"a\":[true,false,null]}]]]]",
     .techniques_json = "\"just a string\""},
    {.node = "back\\slash", .choice = "\x7f\x1f", .points_json = "{\"a\":1,\"a\":2}",
     .meters_json = "{\"d\":-1.25e-7,\"e\":1.0000000000000002,\"f\":100000000000000000000}",
     .at_ms = -1, .took_ms = 9223372036854775807LL, .shown_json = "[\"\\\"q\\\\\",\"\\b\\f\\n\\r\\t\"]",
     .techniques_json = "[\"\\u0001\",\"\\ud83d\\ude00\"]"},
};

static RecordsCompetency comps[] = {
    {.id = "closing", .raw = 3, .max = 4, .percent = 75},
    {.id = "discovery", .raw = 0, .max = 0, .percent = -1},
    {.id = "empathy, \"warmth\"", .raw = -2, .max = 9000000000LL, .percent = 0},
};

static RecordsMentorEvent mentor[] = {
    {.kind = "comment", .detail = "good pause\r\n=1+1", .offset_ms = 5000, .decision_index = 0},
    {.kind = "inject", .detail = "", .offset_ms = -3, .decision_index = -1},
    {.kind = "adjust", .detail = "patience:+5 \"calm\"", .offset_ms = 9223372036854775807LL,
     .decision_index = 2},
};

static RecordsAttempt base(const char *id, int k)
{
    RecordsAttempt a = {
        .trainee_id = "E0001", .trainee_name = "Wang, \"Lei\"", .team = "East\nWing",
        .mentor_id = "", .scenario_id = "hung-up-call", .scenario_version = "1.0.0",
        .scenario_title = "客户怒挂电话", .scenario_sha256 = "94d1ffe1c303b6968f040accd0c5c04b",
        .level = "new_hire", .mode = "assessment", .locale = "zh", .station = "room-3",
        .start_node = "prep", .seed = 42, .time_multiplier = 1.0, .timers = true,
        .started_unix_ms = T0 + k * 60000, .ended_unix_ms = T0 + k * 60000 + 42500,
        .status = "completed", .ending = "won", .outcome = "pass", .raw = 18, .max = 24,
        .percent = 75, .pass_percent = 80, .passed = false,
    };
    snprintf(a.attempt_id, sizeof a.attempt_id, "%s", id);
    return a;
}

static void plant(Records *db)
{
    RecordsAttempt a[9];
    a[0] = base("00000000-0000-4000-8000-000000000001", 0);
    a[0].decisions = decisions;
    a[0].ndecisions = 5;
    a[0].competencies = comps;
    a[0].ncompetencies = 3;
    a[0].mentor = mentor;
    a[0].nmentor = 3;
    a[0].mentor_id = "M-7";
    a[0].seed = 18446744073709551615ULL;
    a[0].time_multiplier = 1.25;
    a[0].scenario_group = "hung-up group";
    a[0].shuffle = true;
    a[0].passed = true;
    a[0].percent = 100;

    a[1] = base("00000000-0000-4000-8000-000000000002", 1); /* practice, no percent */
    a[1].mode = "practice";
    a[1].percent = -1;
    a[1].locale = "zh_CN.UTF-8";
    a[1].time_multiplier = 0.1;
    a[1].decisions = decisions;
    a[1].ndecisions = 1;
    a[1].scenario_id = "预算 削减/β";
    a[1].scenario_title = "";
    a[2] = base("00000000-0000-4000-8000-000000000003", 2); /* in progress */
    a[2].status = "in_progress";
    a[2].ended_unix_ms = -1;
    a[2].decisions = decisions + 2;
    a[2].ndecisions = 2;
    a[3] = base("00000000-0000-4000-8000-000000000004", 3); /* interrupted, ended before start */
    a[3].status = "interrupted";
    a[3].ended_unix_ms = T0 + 3 * 60000 - 1500;
    a[3].ending = "";
    a[3].outcome = "";
    a[3].locale = "x";
    a[3].decisions = decisions + 3;
    a[3].ndecisions = 2;
    a[4] = base("00000000-0000-4000-8000-000000000005", 4); /* abandoned, other trainee */
    a[4].status = "abandoned";
    a[4].trainee_id = "+E0002";
    a[4].trainee_name = ""; /* keeps the name the trainee has */
    a[4].team = "@team";
    a[4].locale = "-en--";
    a[5] = base("00000000-0000-4000-8000-000000000006", 5); /* failed assessment */
    a[5].percent = 12;
    a[5].raw = 3;
    a[5].outcome = "fail";
    a[5].ending = "lost";
    a[5].competencies = comps + 1;
    a[5].ncompetencies = 1;
    a[5].decisions = decisions + 4;
    a[5].ndecisions = 1;
    a[6] = base("00000000-0000-4000-8000-000000000007", 6); /* sandbox, with a mentor */
    a[6].mode = "sandbox";
    a[6].mentor_id = "M-7";
    a[6].mentor = mentor + 1;
    a[6].nmentor = 2;
    a[6].scenario_title = "-negative, title";
    a[6].level = "\tmanager";
    a[7] = base("00000000-0000-4000-8000-000000000008", 7); /* same start as the next: by id */
    a[7].started_unix_ms = T0 + 8 * 60000;
    a[7].ended_unix_ms = T0 + 8 * 60000 + 1;
    a[7].trainee_id = "+E0002";
    a[8] = base("00000000-0000-4000-8000-000000000009", 8);
    a[8].ended_unix_ms = T0 + 8 * 60000 + 125;
    a[8].percent = 80;
    a[8].passed = true;
    char err[1024];
    CHECK_MSG(records_insert_attempts(db, a, 9, err, sizeof err) == 0, "%s", err);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)len + 1);
    *n = s ? fread(s, 1, (size_t)len, f) : 0;
    fclose(f);
    return s;
}

/* Exports with opt and compares with (or writes) DATA name. */
static void export_is(Records *db, RecordsExportOptions opt, const char *name, long count)
{
    char path[512], err[1024];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    long n = records_export(db, &opt, f, err, sizeof err);
    fclose(f);
    CHECK_MSG(n == count, "%s: %ld attempts (%s)", name, n, n < 0 ? err : "");
    char want[512];
    snprintf(want, sizeof want, DATA "%s", name);
    size_t ng, nw;
    char *got = slurp(path, &ng);
    if (writing) {
        FILE *w = fopen(want, "wb");
        CHECK(w && fwrite(got, 1, ng, w) == ng);
        if (w)
            fclose(w);
        free(got);
        return;
    }
    char *exp = slurp(want, &nw);
    CHECK_MSG(exp != NULL, "cannot read %s", want);
    if (got && exp) {
        size_t i = 0;
        while (i < ng && i < nw && got[i] == exp[i])
            i++;
        CHECK_MSG(ng == nw && i == ng, "%s differs from %s at byte %zu (%zu and %zu bytes): "
                  "...%.60s", name, want, i, ng, nw, got + (i > 20 ? i - 20 : 0));
    }
    free(got);
    free(exp);
}

static void exports_should_keep_their_bytes(void)
{
    char target[1024], err[1024];
    if (pg) {
        char db[64];
        check_pg_database(pg, "export_bytes", true, db, sizeof db, target, sizeof target);
    } else {
        snprintf(target, sizeof target, "%s/bytes.db", tmpdir);
    }
    Records *db = records_open(target, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (!db)
        return;
    plant(db);
    RecordsExportOptions o = {.format = RECORDS_CSV, .since_unix_ms = INT64_MIN};
    export_is(db, o, "all.csv", 9);
    o.no_bom = true;
    o.trainee_id = "+E0002";
    export_is(db, o, "trainee.csv", 2);
    o = (RecordsExportOptions){.format = RECORDS_JSONL, .since_unix_ms = INT64_MIN};
    export_is(db, o, "all.jsonl", 9);
    o.since_unix_ms = T0 + 5 * 60000;
    export_is(db, o, "since.jsonl", 4);
    o = (RecordsExportOptions){.format = RECORDS_XAPI, .since_unix_ms = INT64_MIN};
    export_is(db, o, "all.xapi", 8);
    o.xapi.home_page = "https://hr.example.com/\"people\"";
    o.xapi.activity_base = "https://lms.example.com/sparring/";
    o.trainee_id = "E0001";
    export_is(db, o, "configured.xapi", 6);
    o.trainee_id = "nobody";
    export_is(db, o, "none.xapi", 0);
    records_close(db);
}

/* ---- more rows than one read of the server gives ------------------------------------------ */

#define MANY 2500 /* with 1 to 5 details of each kind: more than 4096 rows a table */

/* MANY attempts, every 7th without details (its streams skip it), some starting together. */
static void plant_many(Records *db)
{
    static RecordsAttempt a[MANY];
    for (int k = 0; k < MANY; k++) {
        char id[40];
        snprintf(id, sizeof id, "00000000-0000-4000-9000-%012d", (k * 7919) % 100003);
        a[k] = base(id, k / 3); /* three by three on one start: by id */
        a[k].trainee_id = k % 2 ? "E0001" : "+E0002";
        if (k % 7 == 0)
            continue;
        a[k].decisions = decisions + k % 2;
        a[k].ndecisions = 5 - k % 2;
        a[k].competencies = comps + k % 3;
        a[k].ncompetencies = 3 - k % 3;
        a[k].mentor = mentor;
        a[k].nmentor = 1 + k % 3;
    }
    char err[1024];
    CHECK_MSG(records_insert_attempts(db, a, MANY, err, sizeof err) == 0, "%s", err);
}

/* The decisions and mentor events MANY attempts of plant_many have (every 7th has none). */
static void many_details(long *decisions_n, long *mentor_n)
{
    *decisions_n = *mentor_n = 0;
    for (int k = 0; k < MANY; k++)
        if (k % 7) {
            *decisions_n += 5 - k % 2;
            *mentor_n += 1 + k % 3;
        }
}

/* Exports in format fmt (a trainee's or all) into a file of tmpdir; its bytes (free them). */
static char *export_bytes(Records *db, RecordsFormat fmt, const char *trainee, const char *name,
                          size_t *n)
{
    char path[512], err[1024];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return NULL;
    RecordsExportOptions o = {.format = fmt, .since_unix_ms = INT64_MIN, .trainee_id = trainee};
    long got = records_export(db, &o, f, err, sizeof err);
    fclose(f);
    CHECK_MSG(got == (trainee ? MANY / 2 : MANY), "%s: %ld attempts (%s)", name, got,
              got < 0 ? err : "");
    return slurp(path, n);
}

typedef struct {
    Records *db;
    long seen, decisions, mentor;
    bool asked;
} Walk;

/* Counts what it is given, and every 100th attempt asks the store something else meanwhile
 * (the streams' rows read ahead are set aside for it, then go on). */
static int walk(void *ctx, const RecordsAttempt *a)
{
    Walk *w = ctx;
    w->decisions += a->ndecisions;
    w->mentor += a->nmentor;
    if (w->seen++ % 100 == 0) {
        int best = -2, latest = -2;
        bool passed;
        records_best_latest(w->db, "E0001", "hung-up-call", &best, &latest, &passed);
        w->asked = w->asked || latest == 75;
    }
    return 0;
}

static void a_big_store_should_export_the_same_on_both_backends(void)
{
    char path[512], err[1024];
    snprintf(path, sizeof path, "%s/many.db", tmpdir);
    Records *lite = records_open(path, err, sizeof err);
    CHECK_MSG(lite != NULL, "%s", err);
    Records *other = lite;
    if (pg) {
        char db[64], url[1024];
        check_pg_database(pg, "export_many", true, db, sizeof db, url, sizeof url);
        other = records_open(url, err, sizeof err);
        CHECK_MSG(other != NULL, "%s", err);
    }
    if (!lite || !other)
        return;
    plant_many(lite);
    if (other != lite)
        plant_many(other);
    static const struct {
        RecordsFormat fmt;
        const char *trainee, *name;
    } runs[] = {{RECORDS_CSV, NULL, "many.csv"}, {RECORDS_JSONL, NULL, "many.jsonl"},
                {RECORDS_XAPI, NULL, "many.xapi"}, {RECORDS_JSONL, "E0001", "one.jsonl"}};
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        char a_name[64], b_name[64];
        snprintf(a_name, sizeof a_name, "sqlite-%s", runs[i].name);
        snprintf(b_name, sizeof b_name, "other-%s", runs[i].name);
        size_t na = 0, nb = 0;
        char *a = export_bytes(lite, runs[i].fmt, runs[i].trainee, a_name, &na);
        char *b = export_bytes(other, runs[i].fmt, runs[i].trainee, b_name, &nb);
        CHECK_MSG(a && b && na == nb && na > 0 && !memcmp(a, b, na),
                  "%s: %zu bytes from SQLite, %zu from %s", runs[i].name, na, nb,
                  pg ? "PostgreSQL" : "SQLite again");
        free(a);
        free(b);
    }
    /* every detail row given to its own attempt, with another query run meanwhile */
    long want_decisions, want_mentor;
    many_details(&want_decisions, &want_mentor);
    Walk w = {.db = other};
    RecordsEachOptions eo = {.since_unix_ms = INT64_MIN, .details = RECORDS_EACH_ALL};
    CHECK_INT(records_each_attempt(other, &eo, walk, &w, err, sizeof err), MANY);
    CHECK_INT(w.decisions, want_decisions);
    CHECK_INT(w.mentor, want_mentor);
    CHECK(w.asked);
    if (other != lite)
        records_close(other);
    records_close(lite);
}

/* A fresh PostgreSQL database called name (its name to db, its URL to url) holding
 * plant_many's attempts, open; NULL when it cannot be opened (the check failed). */
static Records *planted_pg(const char *name, char *db, size_t dbsize, char *url, size_t urlsize)
{
    char err[1024];
    check_pg_database(pg, name, true, db, dbsize, url, urlsize);
    Records *other = records_open(url, err, sizeof err);
    CHECK_MSG(other != NULL, "%s", err);
    if (other)
        plant_many(other);
    return other;
}

/* A store of version 6 (its detail rows without their attempt's start) is migrated when a
 * station opens it: its rows get their start, and the export that reads them by it gives the
 * same bytes as SQLite's. */
static void a_store_of_version_6_should_export_the_same_once_migrated(void)
{
    if (!pg)
        return;
    char db[64], url[1024], path[512], err[1024];
    Records *other = planted_pg("export_v6", db, sizeof db, url, sizeof url);
    if (!other)
        return;
    records_close(other);
    CHECK_INT(pg_test_exec(pg, db, PG_TEST_BACK_TO_V6), 0);
    other = records_open(url, err, sizeof err);
    CHECK_MSG(other != NULL, "%s", err);
    snprintf(path, sizeof path, "%s/many.db", tmpdir); /* the SQLite store of the test before */
    Records *lite = records_open(path, err, sizeof err);
    CHECK_MSG(lite != NULL, "%s", err);
    if (!other || !lite)
        return;
    CHECK_INT(pg_test_int(pg, db, "SELECT value::int FROM meta WHERE key = 'schema_version'"),
              RECORDS_SCHEMA_VERSION);
    long want_decisions, want_mentor;
    many_details(&want_decisions, &want_mentor);
    CHECK_INT(pg_test_int(pg, db, "SELECT count(*) FROM decisions d JOIN attempts a ON a.id = "
                                  "d.attempt_id WHERE d.started_unix_ms = a.started_unix_ms"),
              want_decisions);
    CHECK_INT(pg_test_int(pg, db, "SELECT count(*) FROM mentor_events m JOIN attempts a ON a.id "
                                  "= m.attempt_id WHERE m.started_unix_ms = a.started_unix_ms"),
              want_mentor);
    CHECK_INT(pg_test_int(pg, db, "SELECT count(*) FROM pg_indexes WHERE indexname LIKE "
                                  "'%_by_start' AND tablename <> 'attempts'"), 4);
    size_t na = 0, nb = 0;
    char *a = export_bytes(lite, RECORDS_JSONL, NULL, "v6-sqlite.jsonl", &na);
    char *b = export_bytes(other, RECORDS_JSONL, NULL, "v6-pg.jsonl", &nb);
    CHECK_MSG(a && b && na == nb && na > 0 && !memcmp(a, b, na),
              "%zu bytes from SQLite, %zu from the migrated PostgreSQL store", na, nb);
    free(a);
    free(b);
    records_close(lite);
    records_close(other);
}

/* Every attempt of plant_many's store read with all its details: every mentor event there,
 * and every decision but `missing`. */
static void walk_the_many(Records *db, long missing)
{
    char err[1024];
    long want_decisions, want_mentor;
    many_details(&want_decisions, &want_mentor);
    Walk w = {.db = db};
    RecordsEachOptions eo = {.since_unix_ms = INT64_MIN, .details = RECORDS_EACH_ALL};
    CHECK_INT(records_each_attempt(db, &eo, walk, &w, err, sizeof err), MANY);
    CHECK_INT(w.decisions, want_decisions - missing);
    CHECK_INT(w.mentor, want_mentor);
}

/* A detail row whose copy of its attempt's start was changed behind the store's back (by hand,
 * the guards held off) is one no attempt claims where it sorts: the export leaves it out and
 * goes on, every attempt there and every other row given to its own attempt. */
static void a_detail_row_out_of_place_should_not_stall_the_export(void)
{
    if (!pg)
        return;
    char db[64], url[1024];
    Records *other = planted_pg("export_misplaced", db, sizeof db, url, sizeof url);
    if (!other)
        return;
    /* one decision moved to sort before every attempt (a reader matching rows by attempt id
     * alone waits there for an attempt that never comes: all the later decisions lost), one to
     * sort just after its own attempt's rows */
    CHECK_INT(pg_test_exec(pg, db, "ALTER TABLE decisions DISABLE TRIGGER USER; "
                                   "UPDATE decisions SET started_unix_ms = 0 "
                                   "WHERE (attempt_id, seq) IN (SELECT attempt_id, min(seq) FROM "
                                   "decisions GROUP BY attempt_id ORDER BY attempt_id LIMIT 1); "
                                   "UPDATE decisions SET started_unix_ms = started_unix_ms + 1 "
                                   "WHERE (attempt_id, seq) IN (SELECT attempt_id, min(seq) FROM "
                                   "decisions GROUP BY attempt_id ORDER BY attempt_id DESC LIMIT 1); "
                                   "ALTER TABLE decisions ENABLE TRIGGER USER"), 0);
    walk_the_many(other, 2);
    records_close(other);
}

/* An attempt's start corrected by hand (a clock set wrong on a station: the guards of the
 * finished attempt and its details held off for it), or a detail row's copy of it edited: the
 * database keeps every detail row's start its attempt's, and the export still gives every row
 * to its attempt. */
static void a_start_corrected_by_hand_should_keep_the_details(void)
{
    if (!pg)
        return;
    char db[64], url[1024];
    Records *other = planted_pg("export_moved", db, sizeof db, url, sizeof url);
    if (!other)
        return;
    /* the attempt that sorts first (its details in the first rows) moved a day later, past
     * others; one decision's start edited directly */
    CHECK_INT(pg_test_exec(pg, db, "BEGIN; "
                                   "ALTER TABLE attempts DISABLE TRIGGER attempts_finished; "
                                   "ALTER TABLE decisions DISABLE TRIGGER decisions_finished; "
                                   "ALTER TABLE competencies DISABLE TRIGGER competencies_finished; "
                                   "ALTER TABLE steps DISABLE TRIGGER steps_finished; "
                                   "UPDATE attempts SET started_unix_ms = started_unix_ms + "
                                   "86400000 WHERE id = (SELECT attempt_id FROM decisions "
                                   "ORDER BY started_unix_ms, attempt_id LIMIT 1); "
                                   "UPDATE decisions SET started_unix_ms = 0 WHERE (attempt_id, "
                                   "seq) = (SELECT attempt_id, max(seq) FROM decisions GROUP BY "
                                   "attempt_id ORDER BY attempt_id DESC LIMIT 1); "
                                   "ALTER TABLE attempts ENABLE TRIGGER attempts_finished; "
                                   "ALTER TABLE decisions ENABLE TRIGGER decisions_finished; "
                                   "ALTER TABLE competencies ENABLE TRIGGER competencies_finished; "
                                   "ALTER TABLE steps ENABLE TRIGGER steps_finished; COMMIT"),
              0);
    static const char *const tables[] = {"decisions", "competencies", "mentor_events", "steps"};
    for (int t = 0; t < 4; t++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s x JOIN attempts a ON a.id = "
                 "x.attempt_id WHERE x.started_unix_ms <> a.started_unix_ms", tables[t]);
        CHECK_MSG(pg_test_int(pg, db, sql) == 0, "%s: rows whose start is not their attempt's",
                  tables[t]);
    }
    walk_the_many(other, 0);
    records_close(other);
}

int main(int argc, char **argv)
{
    writing = argc > 1 && !strcmp(argv[1], "--write");
    pg = getenv("SPARRING_TEST_PG");
    if (pg && !*pg)
        pg = NULL;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/records-bytes-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    RUN(exports_should_keep_their_bytes);
    RUN(a_big_store_should_export_the_same_on_both_backends);
    RUN(a_store_of_version_6_should_export_the_same_once_migrated);
    RUN(a_detail_row_out_of_place_should_not_stall_the_export);
    RUN(a_start_corrected_by_hand_should_keep_the_details);
    int rc = check_summary();
    if (rc == 0) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return rc;
}
