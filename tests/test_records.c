/* Assessment records (engine/records*.c, sparring records): real database files in a temporary
 * folder, real Plays of a small scenario embedded below. Field-by-field checks of the store and of
 * every export format (the CSV and JSON parsed back), SIGKILL at random points, many writer
 * processes at once, migration from the version-1 schema, corrupt and foreign files, rewinds,
 * interrupted attempts resumed by replay, the report, the outbox and the configuration.
 *
 * `test_records --make-fixture PATH` writes a database of varied attempts and
 * `test_records --write-scenario PATH` the scenario they play (both used by
 * tests/test_records_lrs.py), and exit. */
#include "check.h"
#include "pg_test.h"
#include "play.h"
#include "records.h"
#include "records_fixture.h"
#include "records_internal.h"
#include "scenario.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define T0 1795760400000LL /* 2026-11-27T06:20:00.000Z */

static const char *const FAILING[] = {"review_first", "own_ticket", "acknowledge", "commit",
                                      "ask_pain", "quantify", "summarize", "hard_sell"};
#define NBEST 8

static char tmpdir[256];
static Scenario *sc;
/* The PostgreSQL server of this run (tests/pg_cluster.sh starts one): the suite runs against
 * it instead of SQLite files. NULL: SQLite. */
static const char *pg;

static void path_in_tmp(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* Where the store called name lives: a file in the temporary folder, or a PostgreSQL database
 * of that name (made afresh the first time this run asks for it). */
static void db_target(char *buf, size_t size, const char *name)
{
    if (!pg) {
        path_in_tmp(buf, size, name);
        return;
    }
    char db[64];
    check_pg_database(pg, name, true, db, sizeof db, buf, size);
}

static Records *open_db(const char *name)
{
    char path[512], err[1024];
    db_target(path, sizeof path, name);
    Records *db = records_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "  records_open(%s): %s\n", path, err);
        check_failures_in_test++;
    }
    return db;
}

static const PlayOptions OPTS = {.timers = true, .time_multiplier = 1.0};

/* Plays `n` choices of path with a recorder, syncing after each; ends it unless keep_open.
 * Returns the attempt id in id (37 bytes). */
static int record_path(Records *db, const char *const *path, int n, const AttemptMeta *meta,
                       int64_t t0, bool keep_open, char *id, Play **keep_play)
{
    char err[1024];
    Play *p = play_new(sc, 7, OPTS);
    Recorder *r = recorder_begin(db, p, meta, t0, err, sizeof err);
    if (!r) {
        fprintf(stderr, "  recorder_begin: %s\n", err);
        play_free(p);
        return -1;
    }
    snprintf(id, 37, "%s", recorder_attempt_id(r));
    int64_t ms = 0;
    for (int i = 0; i < n; i++) {
        ms += 1500 + i * 100;
        take(p, path[i], ms);
        if (recorder_sync(r, p, t0 + ms, err, sizeof err) < 0) {
            fprintf(stderr, "  recorder_sync: %s\n", err);
            return -1;
        }
    }
    if (keep_open) {
        /* Dropped on purpose: what a crash leaves behind. */
        if (keep_play)
            *keep_play = p;
        else
            play_free(p);
        return 0;
    }
    int rc = recorder_end(r, p, t0 + ms + 250, err, sizeof err);
    if (rc < 0)
        fprintf(stderr, "  recorder_end: %s\n", err);
    play_free(p);
    return rc;
}

/* The first column of the first row of sql, on a connection of its own, as text in a static
 * buffer ("(none)" when there is no row or it fails). */
static const char *raw_text(const char *name, const char *sql)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "(none)");
    char path[512], err[1024];
    db_target(path, sizeof path, name);
    Records *db = records_open(path, err, sizeof err);
    RecStmt *st = db ? records_prep(db, sql, err, sizeof err) : NULL;
    if (st && rs_step(st) == REC_ROW)
        snprintf(buf, sizeof buf, "%s", rs_text(st, 0) ? rs_text(st, 0) : "");
    else
        fprintf(stderr, "  sql failed: %s: %s\n", sql, db ? err : "cannot open");
    if (st)
        records_done(st);
    records_close(db);
    return buf;
}

/* The same straight from an SQLite file, without opening it as a store (which migrates). */
static const char *sqlite_text(const char *name, const char *sql)
{
    static char buf[4096];
    char path[512];
    path_in_tmp(path, sizeof path, name);
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    snprintf(buf, sizeof buf, "(none)");
    if (sqlite3_open(path, &h) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        snprintf(buf, sizeof buf, "%s",
                 sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
    sqlite3_finalize(st);
    sqlite3_close(h);
    return buf;
}

static long long sqlite_int(const char *name, const char *sql)
{
    const char *t = sqlite_text(name, sql);
    return strcmp(t, "(none)") ? atoll(t) : -999;
}

static long long raw_int(const char *name, const char *sql)
{
    const char *t = raw_text(name, sql);
    return strcmp(t, "(none)") ? atoll(t) : -999;
}

static char *export_to_string(Records *db, RecordsExportOptions *opt, long *count)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    char err[1024];
    *count = records_export(db, opt, f, err, sizeof err);
    fclose(f);
    if (*count < 0)
        fprintf(stderr, "  records_export: %s\n", err);
    return buf;
}

/* ---- a small RFC 4180 reader for checking the CSV -------------------------------------- */

typedef struct {
    int nrows;
    int ncols[64];
    char *cell[64][64];
} Csv;

static void csv_free(Csv *c)
{
    for (int r = 0; r < c->nrows; r++)
        for (int i = 0; i < c->ncols[r]; i++)
            free(c->cell[r][i]);
    memset(c, 0, sizeof *c);
}

/* Parses text strictly: CRLF line ends, quotes only around whole fields. false on bad CSV. */
static bool csv_parse(const char *s, Csv *c)
{
    memset(c, 0, sizeof *c);
    char field[4096];
    size_t fl = 0;
    int row = 0, col = 0;
    const char *p = s;
    while (*p) {
        fl = 0;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p)
                    return false;
                if (*p == '"' && p[1] == '"') {
                    field[fl++] = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    field[fl++] = *p++;
                }
            }
        } else {
            while (*p && *p != ',' && *p != '\r' && *p != '\n') {
                if (*p == '"')
                    return false;
                field[fl++] = *p++;
            }
        }
        field[fl] = 0;
        if (row >= 64 || col >= 64)
            return false;
        c->cell[row][col] = strdup(field);
        c->ncols[row] = ++col;
        if (*p == ',') {
            p++;
        } else if (p[0] == '\r' && p[1] == '\n') {
            p += 2;
            row++;
            col = 0;
            c->nrows = row;
        } else {
            return false; /* a bare LF, or the end without CRLF */
        }
    }
    c->nrows = row;
    return true;
}

static int csv_col(const Csv *c, const char *name)
{
    for (int i = 0; i < c->ncols[0]; i++)
        if (!strcmp(c->cell[0][i], name))
            return i;
    return -1;
}

/* ---- tests ------------------------------------------------------------------------------ */

static void recorder_should_store_every_field_of_a_real_play(void)
{
    Records *db = open_db("deep/er/folders/one.db"); /* folders are created */
    if (!db)
        return;
    AttemptMeta meta = {.trainee_id = "E1001", .trainee_name = "王芳", .team = "East",
                        .mentor_id = "M7", .mode = "assessment", .locale = "en",
                        .station = "room-3", .time_multiplier = 1.5};
    char err[1024];
    Play *p = play_new(sc, 42, OPTS);
    Recorder *r = recorder_begin(db, p, &meta, T0, err, sizeof err);
    CHECK(r != NULL);
    if (!r)
        return;
    char id[37];
    snprintf(id, sizeof id, "%s", recorder_attempt_id(r));
    CHECK_INT(strlen(id), 36);
    CHECK(id[14] == '4');
    int64_t ms = 0;
    for (int i = 0; i < NBEST; i++) {
        ms += 2000;
        take(p, BEST[i], ms);
        CHECK_INT(recorder_sync(r, p, T0 + ms, err, sizeof err), 0);
        if (i == 1)
            CHECK_INT(recorder_mentor_event(r, "comment", "good, \"own it\"", ms + 10, 2, err,
                                            sizeof err), 0);
    }
    CHECK_INT(recorder_mentor_event(r, "bogus", NULL, 0, 0, err, sizeof err), -1);
    CHECK(strstr(err, "bogus") != NULL);
    CHECK_INT(recorder_end(r, p, T0 + ms + 500, err, sizeof err), 0);

    RecordsAttempt *a = records_attempt_load(db, id, err, sizeof err);
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(a->attempt_id, id);
        CHECK_STR(a->trainee_id, "E1001");
        CHECK_STR(a->trainee_name, "王芳");
        CHECK_STR(a->team, "East");
        CHECK_STR(a->mentor_id, "M7");
        CHECK_STR(a->scenario_id, "records-call");
        CHECK_STR(a->scenario_version, scenario_version(sc));
        CHECK_STR(a->scenario_title, scenario_text(scenario_title(sc), scenario_locale_index(sc, "en")));
        CHECK_STR(a->scenario_sha256, scenario_sha256(sc));
        CHECK_STR(a->level, "new_hire");
        CHECK_STR(a->mode, "assessment");
        CHECK_STR(a->locale, "en");
        CHECK_STR(a->station, "room-3");
        CHECK_STR(a->start_node, "prep");
        CHECK(a->seed == 42);
        CHECK(a->time_multiplier == 1.5);
        CHECK(a->timers);
        CHECK_INT(a->started_unix_ms, T0);
        /* Ended when the sync saw the ending, not at the later recorder_end. */
        CHECK_INT(a->ended_unix_ms, T0 + ms);
        CHECK_STR(a->status, "completed");
        CHECK_STR(a->ending, "won");
        CHECK_STR(a->outcome, "pass");
        PlayResult res;
        play_result(p, &res);
        CHECK_INT(a->raw, res.total.raw);
        CHECK_INT(a->max, res.total.max);
        CHECK_INT(a->percent, 100);
        CHECK_INT(a->pass_percent, scenario_pass_percent(sc));
        CHECK(a->passed);
        CHECK_INT(a->ndecisions, NBEST);
        for (int i = 0; i < a->ndecisions && i < NBEST; i++) {
            CHECK_STR(a->decisions[i].choice, BEST[i]);
            CHECK_INT(a->decisions[i].index, i);
            CHECK(!a->decisions[i].rewound);
            CHECK_INT(a->decisions[i].at_ms, 2000 * (i + 1));
            int step = play_decision_step(p, i);
            CHECK_STR(a->decisions[i].node, scenario_node(sc, play_step(p, step)->node)->id);
            CHECK_INT(a->decisions[i].took_ms, play_step(p, step)->took_ms);
        }
        CHECK_STR(a->decisions[0].node, "prep");
        CHECK_STR(a->decisions[0].points_json, "{\"discovery\":2}");
        CHECK_STR(a->decisions[1].points_json, "{\"empathy\":3,\"discovery\":1}");
        CHECK(strstr(a->decisions[1].meters_json, "\"patience\":") != NULL);
        CHECK_INT(a->ncompetencies, 3);
        CHECK_STR(a->competencies[0].id, "closing"); /* sorted by id */
        CHECK_INT(a->competencies[0].percent, 100);
        CHECK_INT(a->nmentor, 1);
        CHECK_STR(a->mentor[0].kind, "comment");
        CHECK_STR(a->mentor[0].detail, "good, \"own it\"");
        CHECK_INT(a->mentor[0].offset_ms, 4010);
        CHECK_INT(a->mentor[0].decision_index, 2);
        CHECK_INT(a->nsteps, play_step_count(p));
        /* Seed + steps replay the attempt exactly. */
        Play *q = play_replay(sc, a->seed, OPTS, scenario_find_node(sc, a->start_node), a->steps,
                              a->nsteps, err, sizeof err);
        CHECK(q != NULL);
        if (q) {
            PlayResult rq;
            play_result(q, &rq);
            CHECK_INT(rq.total.raw, res.total.raw);
            CHECK_INT(play_status(q), PLAY_ENDED);
            play_free(q);
        }
        records_attempt_free(a);
    }
    play_free(p);
    /* Assessment passed: answered x8, completed, passed. */
    CHECK_INT(records_outbox_pending(db), NBEST + 2);
    char path[512];
    path_in_tmp(path, sizeof path, "deep/er/folders/one.db");
    records_close(db);
    if (!pg) {
        CHECK_STR(raw_text("deep/er/folders/one.db", "PRAGMA journal_mode"), "wal");
        CHECK_INT(raw_int("deep/er/folders/one.db", "PRAGMA user_version"), RECORDS_SCHEMA_VERSION);
    } else {
        CHECK_INT(raw_int("deep/er/folders/one.db", "SELECT value FROM meta WHERE key = "
                          "'schema_version'"), RECORDS_SCHEMA_VERSION);
    }
}

static void decisions_should_be_committed_one_by_one(void)
{
    Records *db = open_db("onebyone.db");
    if (!db)
        return;
    char err[1024];
    Play *p = play_new(sc, 1, OPTS);
    Recorder *r = recorder_begin(db, p, NULL, T0, err, sizeof err);
    CHECK(r != NULL);
    char q[256];
    snprintf(q, sizeof q, "SELECT count(*) FROM decisions WHERE attempt_id = '%s'",
             recorder_attempt_id(r));
    for (int i = 0; i < 3; i++) {
        take(p, BEST[i], 1000 * (i + 1));
        recorder_sync(r, p, T0 + 1000 * (i + 1), err, sizeof err);
        /* Another connection sees it at once: it is committed. */
        CHECK_INT(raw_int("onebyone.db", q), i + 1);
    }
    CHECK_STR(raw_text("onebyone.db", "SELECT status FROM attempts"), "in_progress");
    CHECK_STR(raw_text("onebyone.db", "SELECT trainee_id FROM attempts"), "anonymous");
    CHECK_STR(raw_text("onebyone.db", "SELECT mode FROM attempts"), "practice");
    CHECK_INT(recorder_end(r, p, T0 + 9000, err, sizeof err), 0);
    CHECK_STR(raw_text("onebyone.db", "SELECT status FROM attempts"), "abandoned");
    CHECK_INT(raw_int("onebyone.db", "SELECT ended_unix_ms FROM attempts"), T0 + 9000);
    /* Abandoned: the three answers are queued, no completed statement. */
    CHECK_INT(records_outbox_pending(db), 3);
    play_free(p);
    records_close(db);
}

static void a_timeout_should_be_recorded_as_timeout(void)
{
    Records *db = open_db("timeout.db");
    if (!db)
        return;
    char id[37];
    const char *path[] = {"review_first", "timeout"};
    CHECK_INT(record_path(db, path, 2, NULL, T0, false, id, NULL), 0);
    char err[256];
    RecordsAttempt *a = records_attempt_load(db, id, err, sizeof err);
    CHECK(a != NULL);
    if (a) {
        CHECK_INT(a->ndecisions, 2);
        CHECK_STR(a->decisions[1].choice, "timeout");
        CHECK_STR(a->decisions[1].node, "opening");
        CHECK_STR(a->status, "completed");
        CHECK_STR(a->outcome, "fail");
        CHECK(!a->passed);
        records_attempt_free(a);
    }
    records_close(db);
}

/* A mentor's comment after the attempt closed goes in after its other events; the result stays. */
static void a_closed_attempt_should_take_a_late_mentor_comment(void)
{
    Records *db = open_db("late-comment.db");
    if (!db)
        return;
    char id[37], err[256];
    const char *path[] = {"review_first", "timeout"};
    CHECK_INT(record_path(db, path, 2, NULL, T0, false, id, NULL), 0);
    CHECK_INT(records_add_mentor_event(db, id, "comment", "first", 5000, 2, err, sizeof err), 0);
    CHECK_INT(records_add_mentor_event(db, id, "comment", "second", 6000, 2, err, sizeof err), 0);
    CHECK_INT(records_add_mentor_event(db, id, "shout", "x", 7000, 2, err, sizeof err), -1);
    CHECK(strstr(err, "unknown mentor event kind") != NULL);
    CHECK_INT(records_add_mentor_event(db, "00000000-0000-0000-0000-000000000000", "comment", "x", 1, 0, err,
                                       sizeof err), -1);
    CHECK(strstr(err, "no attempt") != NULL);
    RecordsAttempt *a = records_attempt_load(db, id, err, sizeof err);
    CHECK(a != NULL);
    if (a) {
        CHECK_INT(a->nmentor, 2);
        if (a->nmentor == 2) {
            CHECK_STR(a->mentor[0].detail, "first");
            CHECK_STR(a->mentor[1].detail, "second");
            CHECK_INT(a->mentor[1].offset_ms, 6000);
        }
        CHECK_STR(a->status, "completed");
        CHECK_STR(a->outcome, "fail");
        records_attempt_free(a);
    }
    records_close(db);
}

typedef struct {
    long done[8], total[8];
    int n;
} ProgressLog;

static void log_progress(void *ctx, long done, long total)
{
    ProgressLog *l = ctx;
    if (l->n < 8) {
        l->done[l->n] = done;
        l->total[l->n] = total;
    }
    l->n++;
}

/* A long export says how far it is: every RECORDS_PROGRESS_EVERY attempts, then at the end. */
static void export_should_report_progress(void)
{
    Records *db = open_db("progress.db");
    if (!db)
        return;
    char id[37];
    const char *path[] = {"review_first"};
    int want = 2 * RECORDS_PROGRESS_EVERY + 10;
    for (int i = 0; i < want; i++)
        if (record_path(db, path, 1, NULL, T0 + i * 1000, false, id, NULL) != 0)
            break;
    RecordsExportOptions o = {.format = RECORDS_JSONL, .since_unix_ms = INT64_MIN};
    ProgressLog log = {0};
    o.progress = log_progress;
    o.progress_ctx = &log;
    char err[256];
    FILE *out = fopen("/dev/null", "w");
    CHECK_INT(records_export(db, &o, out, err, sizeof err), want);
    fclose(out);
    CHECK_INT(log.n, 3);
    CHECK_INT(log.done[0], RECORDS_PROGRESS_EVERY);
    CHECK_INT(log.done[1], 2 * RECORDS_PROGRESS_EVERY);
    CHECK_INT(log.done[2], want);
    for (int i = 0; i < 3; i++)
        CHECK_INT(log.total[i], want);
    records_close(db);
}

static void a_rewind_should_keep_the_superseded_decisions(void)
{
    Records *db = open_db("rewind.db");
    if (!db)
        return;
    char err[1024];
    Play *p = play_new(sc, 3, OPTS);
    Recorder *r = recorder_begin(db, p, NULL, T0, err, sizeof err);
    for (int i = 0; i < 3; i++) {
        take(p, BEST[i], 1000 * (i + 1));
        CHECK_INT(recorder_sync(r, p, T0, err, sizeof err), 0);
    }
    /* Back to just before the second decision, then another choice. */
    CHECK_INT(play_rewind(p, play_decision_step(p, 1)), 0);
    CHECK_INT(recorder_mentor_event(r, "rewind", "to decision 2", 3500, 1, err, sizeof err), 0);
    take(p, "ask_why", 4000);
    CHECK_INT(recorder_sync(r, p, T0, err, sizeof err), 0);
    char id[37];
    snprintf(id, sizeof id, "%s", recorder_attempt_id(r));
    CHECK_INT(recorder_end(r, p, T0 + 5000, err, sizeof err), 0);
    RecordsAttempt *a = records_attempt_load(db, id, err, sizeof err);
    CHECK(a != NULL);
    if (a) {
        CHECK_INT(a->ndecisions, 4);
        CHECK_STR(a->decisions[0].choice, "review_first");
        CHECK(!a->decisions[0].rewound);
        CHECK(a->decisions[1].rewound);
        CHECK(a->decisions[2].rewound);
        CHECK_STR(a->decisions[3].choice, "ask_why");
        CHECK_INT(a->decisions[3].index, 1);
        CHECK_INT(a->decisions[1].index, -1);
        /* The live steps are the play's log: they replay to the same place. */
        CHECK_INT(a->nsteps, play_step_count(p));
        Play *q = play_replay(sc, 3, OPTS, scenario_start(sc), a->steps, a->nsteps, err, sizeof err);
        CHECK(q && play_node(q) == play_node(p));
        play_free(q);
        records_attempt_free(a);
    }
    /* Abandoned, two live answers queued. */
    CHECK_INT(records_outbox_pending(db), 2);
    play_free(p);
    records_close(db);
}

static void an_interrupted_attempt_should_be_found_and_resumed_by_replay(void)
{
    char path[512];
    db_target(path, sizeof path, "crash.db");
    pid_t pid = fork();
    if (pid == 0) {
        char err[256];
        Records *db = records_open(path, err, sizeof err);
        char id[37];
        if (!db || record_path(db, BEST, 4, NULL, T0, true, id, NULL) < 0)
            _exit(2);
        _exit(0); /* dies without closing anything */
    }
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    Records *db = open_db("crash.db");
    if (!db)
        return;
    char err[1024];
    RecordsAttempt *list;
    int n;
    CHECK_INT(records_interrupted(db, &list, &n, err, sizeof err), 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(list[0].status, "in_progress");
        CHECK_INT(list[0].ndecisions, 4);
        Play *q = play_replay(sc, list[0].seed, OPTS, scenario_find_node(sc, list[0].start_node),
                              list[0].steps, list[0].nsteps, err, sizeof err);
        CHECK(q != NULL);
        Recorder *r = q ? recorder_resume(db, list[0].attempt_id, q, err, sizeof err) : NULL;
        CHECK(r != NULL);
        if (r) {
            /* Resumed: not interrupted any more (this process owns it). */
            RecordsAttempt *l2;
            int n2;
            records_interrupted(db, &l2, &n2, err, sizeof err);
            CHECK_INT(n2, 0);
            records_attempts_free(l2, n2);
            for (int i = 4; i < NBEST; i++) {
                take(q, BEST[i], 20000 + i * 1000);
                CHECK_MSG(recorder_sync(r, q, T0 + 30000, err, sizeof err) == 0, "%s", err);
            }
            CHECK_INT(recorder_end(r, q, T0 + 31000, err, sizeof err), 0);
        }
        play_free(q);
        RecordsAttempt *a = records_attempt_load(db, list[0].attempt_id, err, sizeof err);
        CHECK(a && !strcmp(a->status, "completed") && a->ndecisions == NBEST && a->percent == 100);
        records_attempt_free(a);
    }
    records_attempts_free(list, n);

    /* A second crash, closed as interrupted this time: never dropped. */
    pid = fork();
    if (pid == 0) {
        char e2[256];
        Records *d2 = records_open(path, e2, sizeof e2);
        char id[37];
        if (!d2 || record_path(d2, BEST, 2, NULL, T0 + 100000, true, id, NULL) < 0)
            _exit(2);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    CHECK_INT(records_interrupted(db, &list, &n, err, sizeof err), 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(records_close_interrupted(db, list[0].attempt_id, err, sizeof err), 0);
        RecordsAttempt *a = records_attempt_load(db, list[0].attempt_id, err, sizeof err);
        CHECK(a && !strcmp(a->status, "interrupted"));
        /* Ended at its last recorded activity, not at some later moment. */
        CHECK(a && a->ended_unix_ms == T0 + 100000 + 1500 + 1600);
        CHECK(a && a->ndecisions == 2);
        records_attempt_free(a);
        CHECK_INT(records_close_interrupted(db, list[0].attempt_id, err, sizeof err), -1);
        CHECK(strstr(err, "not in progress") != NULL);
    }
    records_attempts_free(list, n);
    CHECK_INT(records_interrupted(db, &list, &n, err, sizeof err), 0);
    CHECK_INT(n, 0);
    records_attempts_free(list, n);
    records_close(db);
}

/* A child records decisions in a loop and reports each one after its commit; the parent kills
 * it with SIGKILL at a random moment. The file must pass integrity_check and hold every
 * decision reported. */
static void sigkill_at_random_points_should_lose_nothing_committed(void)
{
    char path[512];
    db_target(path, sizeof path, "kill.db");
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    int total_reported = 0;
    for (int round = 0; round < 12; round++) {
        int fds[2];
        if (pipe(fds) != 0)
            abort();
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            char err[256];
            Records *db = records_open(path, err, sizeof err);
            if (!db)
                _exit(2);
            for (int k = 0;; k++) {
                Play *p = play_new(sc, (uint64_t)k, OPTS);
                Recorder *r = recorder_begin(db, p, NULL, T0 + k, err, sizeof err);
                if (!r)
                    _exit(3);
                for (int i = 0; i < NBEST; i++) {
                    take(p, BEST[i], (i + 1) * 10);
                    if (recorder_sync(r, p, T0, err, sizeof err) < 0)
                        _exit(4);
                    char line[64];
                    int len = snprintf(line, sizeof line, "%s %d\n", recorder_attempt_id(r), i);
                    if (write(fds[1], line, (size_t)len) != len)
                        _exit(5);
                }
                recorder_end(r, p, T0 + 1000, err, sizeof err);
                play_free(p);
            }
        }
        close(fds[1]);
        /* Killed at a random moment once it is recording (not by the clock: on a loaded
         * machine opening alone may take longer than any fixed delay). */
        FILE *f = fdopen(fds[0], "r");
        char first[128] = "";
        if (f && !fgets(first, sizeof first, f))
            first[0] = 0;
        usleep((useconds_t)(rand() % 60000));
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status)); /* it was still running: killed mid-work */
        char aid[64];
        int idx;
        Records *db = open_db("kill.db");
        if (!db) {
            fclose(f);
            return;
        }
        bool have_first = sscanf(first, "%63s %d", aid, &idx) == 2;
        while (f && (have_first || fscanf(f, "%63s %d", aid, &idx) == 2)) {
            have_first = false;
            char q[256];
            snprintf(q, sizeof q, "SELECT count(*) FROM decisions WHERE attempt_id = '%s' AND "
                                  "position >= 0", aid);
            char err[256];
            RecordsAttempt *a = records_attempt_load(db, aid, err, sizeof err);
            CHECK_MSG(a && a->ndecisions > idx, "decision %d of %s lost", idx, aid);
            records_attempt_free(a);
            total_reported++;
        }
        if (f)
            fclose(f);
        records_close(db);
        if (!pg)
            CHECK_STR(raw_text("kill.db", "PRAGMA integrity_check"), "ok");
    }
    /* What was killed is found as interrupted, and can be closed. */
    Records *db = open_db("kill.db");
    if (db) {
        char err[256];
        RecordsAttempt *list;
        int n;
        CHECK_INT(records_interrupted(db, &list, &n, err, sizeof err), 0);
        CHECK(n >= 1);
        for (int i = 0; i < n; i++)
            CHECK_INT(records_close_interrupted(db, list[i].attempt_id, err, sizeof err), 0);
        records_attempts_free(list, n);
        CHECK_INT(raw_int("kill.db", "SELECT count(*) FROM attempts WHERE status = 'in_progress'"), 0);
        records_close(db);
    }
    printf("     (%d committed decisions checked after 12 kills)\n", total_reported);
}

static void many_writer_processes_should_all_be_stored(void)
{
    enum { NPROC = 8, NDEC = 50 };
    char path[512];
    db_target(path, sizeof path, "writers.db");
    pid_t pids[NPROC];
    /* All start together on a database that does not exist yet. */
    for (int w = 0; w < NPROC; w++) {
        pids[w] = fork();
        if (pids[w] == 0) {
            char err[512];
            Records *db = records_open(path, err, sizeof err);
            if (!db) {
                fprintf(stderr, "writer %d: %s\n", w, err);
                _exit(2);
            }
            char trainee[32];
            snprintf(trainee, sizeof trainee, "W%d", w);
            AttemptMeta meta = {.trainee_id = trainee};
            int done = 0;
            for (int k = 0; done < NDEC; k++) {
                Play *p = play_new(sc, (uint64_t)k, OPTS);
                Recorder *r = recorder_begin(db, p, &meta, T0 + k, err, sizeof err);
                if (!r) {
                    fprintf(stderr, "writer %d: %s\n", w, err);
                    _exit(3);
                }
                for (int i = 0; i < NBEST && done < NDEC; i++, done++) {
                    take(p, BEST[i], (i + 1) * 10);
                    if (recorder_sync(r, p, T0, err, sizeof err) < 0) {
                        fprintf(stderr, "writer %d: %s\n", w, err);
                        _exit(4);
                    }
                }
                if (recorder_end(r, p, T0 + 1000, err, sizeof err) < 0) {
                    fprintf(stderr, "writer %d: %s\n", w, err);
                    _exit(5);
                }
                play_free(p);
            }
            records_close(db);
            _exit(0);
        }
    }
    for (int w = 0; w < NPROC; w++) {
        int status;
        waitpid(pids[w], &status, 0);
        CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d failed", w);
    }
    CHECK_INT(raw_int("writers.db", "SELECT count(*) FROM decisions"), NPROC * NDEC);
    for (int w = 0; w < NPROC; w++) {
        char q[200];
        snprintf(q, sizeof q, "SELECT count(*) FROM decisions d JOIN attempts a ON a.id = "
                              "d.attempt_id WHERE a.trainee_id = 'W%d'", w);
        CHECK_INT(raw_int("writers.db", q), NDEC);
    }
    /* 50 = 6 x 8 + 2: six completed, one abandoned per writer. */
    CHECK_INT(raw_int("writers.db", "SELECT count(*) FROM attempts WHERE status = 'completed'"),
              NPROC * 6);
    CHECK_INT(raw_int("writers.db", "SELECT count(*) FROM attempts WHERE status = 'abandoned'"),
              NPROC);
    if (!pg)
        CHECK_STR(raw_text("writers.db", "PRAGMA integrity_check"), "ok");
}

static void a_version_1_database_should_migrate(void)
{
    char path[512];
    path_in_tmp(path, sizeof path, "v1.db");
    sqlite3 *h = NULL;
    CHECK(sqlite3_open(path, &h) == SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(h, records_schema_v1, NULL, NULL, &msg);
    CHECK_MSG(rc == SQLITE_OK, "%s", msg ? msg : "");
    sqlite3_free(msg);
    rc = sqlite3_exec(h,
                      "INSERT INTO trainees VALUES('E7', 'Li Lei', 'North');"
                      "INSERT INTO attempts VALUES('11111111-2222-4333-8444-555555555555', 'E7', '',"
                      " 'hung-up-call', '1.0.0', 'The customer who hung up', 'abc', 'new_hire',"
                      " 'assessment', 'en', 'pc1', 'prep', 9, 1.0, 1, 1700000000000, 1700000060500,"
                      " 'completed', 'won', 'pass', 20, 24, 83, 80, 1);"
                      "INSERT INTO steps VALUES('11111111-2222-4333-8444-555555555555', 0, 0, 0, 'prep', 0, 0, 1000, 1000);"
                      "INSERT INTO decisions VALUES('11111111-2222-4333-8444-555555555555', 0, 'prep',"
                      " 'review_first', '{\"discovery\":2}', '{\"patience\":20}', 1000, 1000);"
                      "INSERT INTO competencies VALUES('11111111-2222-4333-8444-555555555555', 'empathy', 5, 9, 56);"
                      "INSERT INTO mentor_events VALUES('11111111-2222-4333-8444-555555555555', 0, 'comment', 'ok', 500, 0);"
                      "INSERT INTO attempts VALUES('11111111-2222-4333-8444-666666666666', 'E7', '',"
                      " 'hung-up-call', '1.0.0', 'x', 'abc', 'new_hire', 'practice', 'en', 'pc1', 'prep',"
                      " 9, 1.0, 1, 1700000100000, NULL, 'in_progress', '', '', 0, 0, NULL, 80, 0);",
                      NULL, NULL, &msg);
    CHECK_MSG(rc == SQLITE_OK, "%s", msg ? msg : "");
    sqlite3_free(msg);
    sqlite3_close(h);
    CHECK_INT(sqlite_int("v1.db", "PRAGMA user_version"), 1);

    Records *db = open_db("v1.db");
    if (!db)
        return;
    CHECK_INT(sqlite_int("v1.db", "PRAGMA user_version"), RECORDS_SCHEMA_VERSION);
    char err[512];
    RecordsAttempt *a = records_attempt_load(db, "11111111-2222-4333-8444-555555555555", err, sizeof err);
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(a->trainee_name, "Li Lei");
        CHECK_INT(a->percent, 83);
        CHECK_INT(a->ndecisions, 1);
        CHECK_STR(a->decisions[0].choice, "review_first");
        CHECK_INT(a->decisions[0].index, 0);
        CHECK_INT(a->nsteps, 1);
        CHECK_INT(a->nmentor, 1);
        records_attempt_free(a);
    }
    /* The closed attempt's statements were queued (answered, completed, passed); the
     * in_progress one waits for its end. */
    CHECK_INT(records_outbox_pending(db), 3);
    int best, latest;
    bool passed;
    CHECK_INT(records_best_latest(db, "E7", "hung-up-call", &best, &latest, &passed), 0);
    CHECK_INT(best, 83);
    CHECK(passed);
    records_close(db);
    /* Opening again changes nothing. */
    db = open_db("v1.db");
    CHECK_INT(records_outbox_pending(db), 3);
    records_close(db);
}

static void bad_files_should_give_a_clear_error(void)
{
    char path[512], err[1024];
    /* A foreign SQLite database: refused, and left exactly as it was. */
    path_in_tmp(path, sizeof path, "foreign.db");
    sqlite3 *h = NULL;
    sqlite3_open(path, &h);
    sqlite3_exec(h, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);"
                    "INSERT INTO customers(name) VALUES('x')", NULL, NULL, NULL);
    sqlite3_close(h);
    err[0] = 0;
    CHECK(records_open(path, err, sizeof err) == NULL);
    CHECK_MSG(strstr(err, "not a Sparring records database") != NULL, "%s", err);
    CHECK_STR(sqlite_text("foreign.db", "PRAGMA journal_mode"), "delete");
    CHECK_INT(sqlite_int("foreign.db", "SELECT count(*) FROM sqlite_master WHERE name = 'attempts'"), 0);

    /* Not SQLite at all. */
    path_in_tmp(path, sizeof path, "text.db");
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < 300; i++)
        fputs("this is a spreadsheet, not a database\n", f);
    fclose(f);
    err[0] = 0;
    CHECK(records_open(path, err, sizeof err) == NULL);
    CHECK_MSG(strstr(err, "not a records database") != NULL || strstr(err, "damaged") != NULL,
              "%s", err);

    /* A folder. */
    path_in_tmp(path, sizeof path, "");
    CHECK(records_open(tmpdir, err, sizeof err) == NULL);
    CHECK(strstr(err, "folder") != NULL);

    /* From a newer build. */
    Records *db = open_db("newer.db");
    records_close(db);
    h = NULL;
    path_in_tmp(path, sizeof path, "newer.db");
    sqlite3_open(path, &h);
    sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(h);
    CHECK(records_open(path, err, sizeof err) == NULL);
    CHECK_MSG(strstr(err, "newer") != NULL, "%s", err);

    /* A real records database with pages overwritten: errors, never a crash. */
    db = open_db("corrupt.db");
    if (!db)
        return;
    RecordsAttempt many[200];
    memset(many, 0, sizeof many);
    for (int i = 0; i < 200; i++) {
        many[i].trainee_id = "C1";
        many[i].scenario_id = "hung-up-call";
        many[i].scenario_title = "A title long enough to fill pages quickly, again and again";
        many[i].status = "completed";
        many[i].started_unix_ms = T0 + i;
        many[i].ended_unix_ms = T0 + i + 1000;
        many[i].percent = i % 101;
        many[i].pass_percent = 80;
    }
    CHECK_INT(records_insert_attempts(db, many, 200, err, sizeof err), 0);
    records_close(db);
    path_in_tmp(path, sizeof path, "corrupt.db");
    /* Checkpointed into the main file by the close; now scribble over its middle. */
    int fd = open(path, O_RDWR);
    struct stat stbuf;
    fstat(fd, &stbuf);
    char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(i * 131 + 7);
    for (off_t off = 4096 * 2; off + 4096 <= stbuf.st_size - 4096; off += 4096 * 3)
        CHECK(pwrite(fd, junk, sizeof junk, off) == (ssize_t)sizeof junk);
    close(fd);
    err[0] = 0;
    db = records_open(path, err, sizeof err);
    if (db) {
        RecordsExportOptions opt = {.format = RECORDS_JSONL, .since_unix_ms = INT64_MIN};
        long n;
        free(export_to_string(db, &opt, &n));
        CHECK(n < 0); /* the damage is reported */
        RecordsReport *r = records_report(db, NULL, err, sizeof err);
        CHECK(r == NULL);
        records_report_free(r);
        CHECK_MSG(strstr(err, "damaged") != NULL, "%s", err);
        records_close(db);
    } else {
        CHECK_MSG(strstr(err, "damaged") != NULL || strstr(err, "not a") != NULL, "%s", err);
    }

    /* The same through the command line: exit 1 and a message, never a crash. */
    const char *bin = getenv("SPARRING_BIN");
    if (bin) {
        char cmd[1536];
        const char *files[] = {"corrupt.db", "foreign.db", "text.db", "newer.db"};
        for (int i = 0; i < 4; i++) {
            snprintf(cmd, sizeof cmd, "'%s' records export --db '%s/%s' --format jsonl 2>&1 >/dev/null",
                     bin, tmpdir, files[i]);
            char *out = NULL;
            int rc = check_run_cmd(cmd, &out);
            CHECK_MSG(rc == 1, "%s: exit %d: %s", files[i], rc, out ? out : "");
            CHECK_MSG(out && strstr(out, files[i]) != NULL, "the message names the file: %s", out);
            free(out);
            snprintf(cmd, sizeof cmd, "'%s' records report --db '%s/%s' 2>&1 >/dev/null", bin,
                     tmpdir, files[i]);
            rc = check_run_cmd(cmd, NULL);
            CHECK_MSG(rc == 1, "%s: report exit %d", files[i], rc);
        }
    }
}

/* A database with varied attempts through the real Recorder. */
static int make_fixture(Records *db)
{
    char id[37];
    AttemptMeta wang = {.trainee_id = "E1001", .trainee_name = "王芳", .team = "华东",
                        .mode = "practice", .locale = "zh"};
    if (record_path(db, FAILING, NBEST, &wang, T0, false, id, NULL) < 0)
        return -1;
    if (record_path(db, BEST, NBEST, &wang, T0 + 3600000, false, id, NULL) < 0)
        return -1;
    wang.mode = "assessment";
    wang.mentor_id = "M01";
    if (record_path(db, BEST, NBEST, &wang, T0 + 7200000, false, id, NULL) < 0)
        return -1;
    AttemptMeta evil = {.trainee_id = "E2002", .trainee_name = "=HYPERLINK(\"http://x\",\"y\")",
                        .team = "-West, \"B\"", .mode = "assessment", .locale = "en",
                        .time_multiplier = 1.5};
    if (record_path(db, FAILING, NBEST, &evil, T0 + 86400000, false, id, NULL) < 0)
        return -1;
    evil.mode = "practice";
    const char *to[] = {"review_first", "timeout"};
    if (record_path(db, to, 2, &evil, T0 + 90000000, false, id, NULL) < 0)
        return -1;
    AttemptMeta quit = {.trainee_id = "E3003", .trainee_name = "Li Lei", .mode = "practice"};
    if (record_path(db, BEST, 3, &quit, T0 + 2 * 86400000LL, false, id, NULL) < 0)
        return -1;
    AttemptMeta sandbox = {.trainee_id = "E3003", .mode = "sandbox", .mentor_id = "M01"};
    char err[512];
    Play *p = play_new(sc, 5, OPTS);
    Recorder *r = recorder_begin(db, p, &sandbox, T0 + 3 * 86400000LL, err, sizeof err);
    if (!r)
        return -1;
    take(p, "review_first", 1000);
    recorder_sync(r, p, 0, err, sizeof err);
    recorder_mentor_event(r, "pause", NULL, 1200, 1, err, sizeof err);
    recorder_mentor_event(r, "comment", "先认错,再给理由", 1300, 1, err, sizeof err);
    recorder_mentor_event(r, "resume", NULL, 1400, 1, err, sizeof err);
    for (int i = 1; i < NBEST; i++) {
        take(p, BEST[i], 2000 + i * 700);
        recorder_sync(r, p, 0, err, sizeof err);
    }
    int rc = recorder_end(r, p, T0 + 3 * 86400000LL + 9000, err, sizeof err);
    play_free(p);
    return rc;
}

/* What records_each_attempt gave, one line per attempt (id, counts, critical errors). */
typedef struct {
    const char *team; /* NULL: every attempt; else only this team's, filtered here */
    char text[8192];
    size_t len;
    int n;
    bool no_decisions; /* write 0 decisions whatever was read */
} EachSeen;

static int each_seen(void *ctx, const RecordsAttempt *a)
{
    EachSeen *s = ctx;
    if (s->team && strcmp(a->team, s->team))
        return 0;
    s->n++;
    s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len,
                               "%s %s %s d%d c%d m%d s%d e%d\n", a->attempt_id, a->trainee_id,
                               a->team, s->no_decisions ? 0 : a->ndecisions, a->ncompetencies, a->nmentor, a->nsteps,
                               a->critical_errors);
    return 0;
}

/* One team's attempts read from the store are those of the whole read filtered afterwards,
 * with the same details; the critical errors kept on an ended attempt are those its decisions
 * give. */
static void each_attempt_should_read_one_team_only(void)
{
    Records *db = open_db("each_team.db");
    if (!db)
        return;
    CHECK_INT(make_fixture(db), 0);
    char err[512];
    const char *teams[] = {"华东", "-West, \"B\"", "", "nobody"};
    int total = 0;
    for (int i = 0; i < 4; i++) {
        static EachSeen by_store, after;
        memset(&by_store, 0, sizeof by_store);
        memset(&after, 0, sizeof after);
        after.team = teams[i];
        RecordsEachOptions o = {.since_unix_ms = INT64_MIN, .details = RECORDS_EACH_ALL,
                                .team = teams[i]};
        CHECK_INT(records_each_attempt(db, &o, each_seen, &by_store, err, sizeof err),
                  by_store.n);
        o.team = NULL;
        CHECK_INT(records_each_attempt(db, &o, each_seen, &after, err, sizeof err), 7);
        CHECK_STR(by_store.text, after.text);
        CHECK_MSG(i == 3 || by_store.n > 0, "team %s: no attempts", teams[i]);
        total += by_store.n;
    }
    CHECK_INT(total, 7); /* every attempt in one of the three teams */
    /* The critical errors as kept on the attempts equal those counted from their decisions. */
    static EachSeen counted, kept;
    memset(&counted, 0, sizeof counted);
    memset(&kept, 0, sizeof kept);
    RecordsEachOptions all = {.since_unix_ms = INT64_MIN, .details = RECORDS_EACH_ALL};
    RecordsEachOptions lean = {.since_unix_ms = INT64_MIN, .details = RECORDS_EACH_ALL &
                                                                      ~RECORDS_EACH_DECISIONS};
    counted.no_decisions = true; /* the lean read has none */
    CHECK_INT(records_each_attempt(db, &all, each_seen, &counted, err, sizeof err), 7);
    CHECK_INT(records_each_attempt(db, &lean, each_seen, &kept, err, sizeof err), 7);
    CHECK_STR(counted.text, kept.text);
    records_close(db);
}

/* records export --team (library and command line): a team's export is the lines of the whole
 * export whose trainee is in that team, in the same order, and its CSV columns are its own
 * attempts' competencies. */
static void export_should_keep_one_team_only(void)
{
    Records *db = open_db("export_team.db");
    if (!db)
        return;
    CHECK_INT(make_fixture(db), 0);
    long n;
    char err[1024];
    RecordsExportOptions opt = {.format = RECORDS_JSONL, .since_unix_ms = INT64_MIN};
    char *all = export_to_string(db, &opt, &n);
    CHECK_INT(n, 7);
    /* the teams, and each as the JSON Lines' "team" field gives it */
    const char *teams[][2] = {{"华东", "\"team\":\"华东\","},
                              {"-West, \"B\"", "\"team\":\"-West, \\\"B\\\"\","},
                              {"", "\"team\":\"\","},
                              {"nobody", "\"team\":\"nobody\","}};
    long total = 0;
    char target[512], cmd[2048];
    db_target(target, sizeof target, "export_team.db");
    const char *bin = getenv("SPARRING_BIN");
    for (int t = 0; t < 4 && all; t++) {
        /* the whole export's lines of that team */
        size_t cap = strlen(all) + 1, len = 0;
        char *want = calloc(1, cap);
        long lines = 0;
        for (const char *l = all, *e; *l; l = e + 1) {
            e = strchr(l, '\n');
            if (!e)
                break;
            const char *f = strstr(l, "\"team\":");
            if (f && f < e && !strncmp(f, teams[t][1], strlen(teams[t][1]))) {
                memcpy(want + len, l, (size_t)(e - l) + 1);
                len += (size_t)(e - l) + 1;
                lines++;
            }
        }
        opt.team = teams[t][0];
        char *got = export_to_string(db, &opt, &n);
        CHECK_INT(n, lines);
        CHECK_STR(got ? got : "", want);
        CHECK_MSG(t == 3 || lines > 0, "team '%s': no attempts", teams[t][0]);
        total += n;
        free(got);
        /* the command line gives the same bytes */
        char path[512];
        path_in_tmp(path, sizeof path, "team.jsonl");
        snprintf(cmd, sizeof cmd, "'%s' records export --db '%s' --format jsonl --team '%s' "
                                  "--out '%s' 2>/dev/null", bin ? bin : "sparring", target,
                 t == 1 ? "-West, \"B\"" : teams[t][0], path);
        CHECK_INT(check_run_cmd(cmd, NULL), 0);
        char *file = check_read_file(path, NULL);
        CHECK_STR(file ? file : "(none)", want);
        free(file);
        free(want);
    }
    CHECK_INT(total, 7); /* every attempt in one of the three teams */
    free(all);
    /* CSV: E2002's team has its own competency columns, the other team's rows not */
    opt.format = RECORDS_CSV;
    opt.team = "nobody";
    char *csv = export_to_string(db, &opt, &n);
    CHECK_INT(n, 0);
    CHECK(csv && strstr(csv, "critical_errors\r\n")); /* no competency columns at all */
    free(csv);
    opt.team = "-West, \"B\"";
    opt.since_unix_ms = T0 + 90000000;
    csv = export_to_string(db, &opt, &n);
    CHECK_INT(n, 1); /* --since and --team both hold */
    CHECK(csv && strstr(csv, "E2002") && !strstr(csv, "E1001"));
    free(csv);
    /* a team that is not text is a usage error */
    snprintf(cmd, sizeof cmd, "'%s' records export --db '%s' --team \"$(printf 'a\\nb')\" "
                              ">/dev/null 2>&1", bin ? bin : "sparring", target);
    CHECK_INT(check_run_cmd(cmd, NULL), 2);
    /* the report keeps the same trainees: each of one team, every trainee in one of them */
    int trainees = 0, all_trainees = 0;
    RecordsReport *whole = records_report(db, NULL, err, sizeof err);
    CHECK_MSG(whole != NULL, "%s", err);
    all_trainees = whole ? whole->ntrainees : -1;
    records_report_free(whole);
    for (int t = 0; t < 4; t++) {
        RecordsReport *r = records_report(db, NULL, err, sizeof err);
        CHECK_MSG(r != NULL, "%s", err);
        if (!r)
            continue;
        records_report_keep_team(r, teams[t][0]);
        CHECK_MSG(t == 3 ? r->ntrainees == 0 : r->ntrainees > 0, "team '%s': %d trainees", teams[t][0],
                  r->ntrainees);
        for (int i = 0; i < r->ntrainees; i++)
            CHECK_STR(r->trainees[i].team, teams[t][0]);
        trainees += r->ntrainees;
        records_report_free(r);
    }
    CHECK_INT(trainees, all_trainees);
    char *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' records report --db '%s' --team '华东' 2>&1", bin ? bin : "sparring",
             target);
    CHECK_INT(check_run_cmd(cmd, &out), 0);
    CHECK_MSG(out && strstr(out, "(team 华东)") && !strstr(out, "(team -West"), "%s", out ? out : "");
    free(out);
    records_close(db);
}

/* An ended attempt whose critical_errors is NULL (an attempt migrated from schema 4 before the
 * count, or a row written by another tool): every reader counts its decisions instead. */
static void a_null_critical_count_should_be_counted_from_the_decisions(void)
{
    Records *db = open_db("null_critical.db");
    if (!db)
        return;
    RecordsDecision d[4] = {
        {.node = "opening", .choice = "greet", .points_json = "{}", .meters_json = "{}",
         .shown_json = "[]", .techniques_json = "[]", .critical = true, .at_ms = 1000},
        {.rewound = true, .node = "probe", .choice = "pitch", .points_json = "{}",
         .meters_json = "{}", .shown_json = "[]", .techniques_json = "[]", .critical = true,
         .at_ms = 2000},
        {.node = "probe", .choice = "ask", .points_json = "{}", .meters_json = "{}",
         .shown_json = "[]", .techniques_json = "[]", .at_ms = 3000},
        {.node = "close", .choice = "hang", .points_json = "{}", .meters_json = "{}",
         .shown_json = "[]", .techniques_json = "[]", .critical = true, .at_ms = 4000},
    };
    RecordsAttempt a = {.trainee_id = "E9009", .trainee_name = "Null Count", .team = "Nulls",
                        .scenario_id = "hung-up-call", .mode = "assessment", .status = "completed",
                        .started_unix_ms = T0, .ended_unix_ms = T0 + 5000, .raw = 1, .max = 4,
                        .percent = 25, .pass_percent = 80, .decisions = d, .ndecisions = 4};
    char err[1024];
    CHECK_INT(records_insert_attempts(db, &a, 1, err, sizeof err), 0);
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT coalesce(critical_errors, -1) FROM attempts WHERE id = '%s'",
             a.attempt_id);
    CHECK_INT(raw_int("null_critical.db", sql), 2); /* counted when it was written */
    /* Planted: NULL on the ended attempt, behind the store's back. */
    snprintf(sql, sizeof sql, "UPDATE attempts SET critical_errors = NULL WHERE id = '%s'",
             a.attempt_id);
    if (pg) {
        char name[64], url[512], plant[1024];
        check_pg_database(pg, "null_critical.db", false, name, sizeof name, url, sizeof url);
        /* as the owner, the finished attempt's guard held off for this one statement */
        snprintf(plant, sizeof plant, "ALTER TABLE attempts DISABLE TRIGGER attempts_finished; "
                                      "%s; ALTER TABLE attempts ENABLE TRIGGER attempts_finished",
                 sql);
        CHECK_INT(pg_test_exec(pg, name, plant), 0);
    } else {
        char path[512];
        path_in_tmp(path, sizeof path, "null_critical.db");
        sqlite3 *h = NULL;
        CHECK_INT(sqlite3_open(path, &h), SQLITE_OK);
        CHECK_INT(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(h);
    }
    snprintf(sql, sizeof sql, "SELECT coalesce(critical_errors, -1) FROM attempts WHERE id = '%s'",
             a.attempt_id);
    CHECK_INT(raw_int("null_critical.db", sql), -1);
    /* one attempt read whole */
    RecordsAttempt *one = records_attempt_load(db, a.attempt_id, err, sizeof err);
    CHECK(one && one->critical_errors == 2);
    records_attempt_free(one);
    /* every attempt in turn, with its decisions and without (then the store counts) */
    for (int lean = 0; lean < 2; lean++) {
        static EachSeen seen;
        memset(&seen, 0, sizeof seen);
        seen.no_decisions = lean;
        RecordsEachOptions o = {.since_unix_ms = INT64_MIN,
                                .details = lean ? RECORDS_EACH_COMPETENCIES : RECORDS_EACH_ALL};
        CHECK_INT(records_each_attempt(db, &o, each_seen, &seen, err, sizeof err), 1);
        CHECK_MSG(strstr(seen.text, " e2\n") != NULL, "lean %d: %s", lean, seen.text);
    }
    /* the exports: CSV (no decisions read), JSON Lines and xAPI (decisions read) */
    long n;
    RecordsExportOptions opt = {.format = RECORDS_CSV, .since_unix_ms = INT64_MIN,
                                .no_bom = true};
    char *out = export_to_string(db, &opt, &n);
    CHECK(out && strstr(out, ",2\r\n")); /* critical_errors, the last column: no competency */
    free(out);
    opt.format = RECORDS_JSONL;
    out = export_to_string(db, &opt, &n);
    CHECK(out && strstr(out, "\"critical_errors\":2,"));
    free(out);
    opt.format = RECORDS_XAPI;
    out = export_to_string(db, &opt, &n);
    CHECK(out && strstr(out, "critical-errors\":2,"));
    free(out);
    records_close(db);
}

/* What the manager's page reads of an attempt (RecordsEachOptions.lean), as text; `full`: read
 * in full, so the competencies of practice count as none (the lean read leaves them out). */
typedef struct {
    char text[16384];
    size_t len;
    int n;
    bool full;
} PageSeen;

static int page_seen(void *ctx, const RecordsAttempt *a)
{
    PageSeen *s = ctx;
    s->n++;
    char *o = s->text + s->len;
    size_t room = sizeof s->text - s->len;
    int k = snprintf(o, room, "%s %s %s %s %s %s %s %s %s %s %llu %.2f %d %d %lld %s %d %d %d |",
                     a->attempt_id, a->trainee_id, a->trainee_name, a->team, a->scenario_id,
                     a->scenario_title, a->scenario_sha256, a->level, a->mode, a->start_node,
                     (unsigned long long)a->seed, a->time_multiplier, a->timers, a->shuffle,
                     (long long)a->started_unix_ms, a->status, a->percent, a->pass_percent,
                     a->passed);
    bool assessed = !strcmp(a->mode, "assessment");
    for (int i = 0; i < a->ncompetencies && (assessed || !s->full); i++)
        k += snprintf(o + k, room - (size_t)k, " %s=%d", a->competencies[i].id,
                      a->competencies[i].percent);
    k += snprintf(o + k, room - (size_t)k, " |");
    for (int i = 0; i < a->nmentor; i++)
        k += snprintf(o + k, room - (size_t)k, " %s:%s", a->mentor[i].kind, a->mentor[i].detail);
    k += snprintf(o + k, room - (size_t)k, " |");
    for (int i = 0; i < a->nsteps; i++)
        k += snprintf(o + k, room - (size_t)k, " %d/%d/%d/%d/%lld/%lld", (int)a->steps[i].kind,
                      a->steps[i].node, a->steps[i].index, a->steps[i].value,
                      (long long)a->steps[i].at_ms, (long long)a->steps[i].took_ms);
    k += snprintf(o + k, room - (size_t)k, "\n");
    s->len += (size_t)k;
    /* The lean read's other fields are empty. */
    if (!s->full)
        CHECK_MSG(!a->mentor_id[0] && !a->scenario_version[0] && !a->locale[0] &&
                      !a->station[0] && !a->ending[0] && !a->outcome[0] &&
                      !a->scenario_group[0] && a->ended_unix_ms == -1 && a->raw == 0,
                  "lean read of %s: a field the page does not read was read", a->attempt_id);
    return 0;
}

/* The manager's page reads only what it uses: the same fields, mentor events and live steps as
 * a full read (after a rewind too: the steps read in the order they were recorded are those in
 * their positions' order), the competencies of assessments only, nothing else. */
static void a_lean_read_should_give_the_pages_fields_only(void)
{
    Records *db = open_db("each_lean.db");
    if (!db)
        return;
    CHECK_INT(make_fixture(db), 0);
    char err[1024];
    AttemptMeta meta = {.trainee_id = "E5005", .trainee_name = "Zhao", .team = "华东",
                        .mode = "assessment"};
    Play *p = play_new(sc, 3, OPTS);
    Recorder *r = recorder_begin(db, p, &meta, T0 + 5 * 86400000LL, err, sizeof err);
    CHECK(r != NULL);
    for (int i = 0; r && i < 3; i++) {
        take(p, BEST[i], 1000 * (i + 1));
        CHECK_INT(recorder_sync(r, p, T0, err, sizeof err), 0);
    }
    if (r) { /* back before the second decision, another answer, then to the end */
        CHECK_INT(play_rewind(p, play_decision_step(p, 1)), 0);
        take(p, "ask_why", 4000);
        CHECK_INT(recorder_sync(r, p, T0, err, sizeof err), 0);
        CHECK_INT(recorder_end(r, p, T0 + 5 * 86400000LL + 5000, err, sizeof err), 0);
    }
    play_free(p);
    static PageSeen full, lean;
    memset(&full, 0, sizeof full);
    memset(&lean, 0, sizeof lean);
    full.full = true;
    unsigned details = RECORDS_EACH_COMPETENCIES | RECORDS_EACH_MENTOR | RECORDS_EACH_STEPS;
    RecordsEachOptions o = {.since_unix_ms = INT64_MIN, .details = details};
    CHECK_INT(records_each_attempt(db, &o, page_seen, &full, err, sizeof err), 8);
    o.lean = true;
    CHECK_INT(records_each_attempt(db, &o, page_seen, &lean, err, sizeof err), 8);
    CHECK_STR(lean.text, full.text);
    CHECK_MSG(strstr(full.text, "E5005") && strstr(full.text, "=") && strstr(full.text, "comment:"),
              "the fixture has competencies, comments and the rewound attempt:\n%s", full.text);
    records_close(db);
}

static void csv_export_should_follow_records_md(void)
{
    Records *db = open_db("fixture.db");
    if (!db)
        return;
    CHECK_INT(make_fixture(db), 0);
    /* A cell with a negative number must not be guarded (numeric column). */
    RecordsAttempt neg;
    memset(&neg, 0, sizeof neg);
    neg.trainee_id = "E4004";
    neg.trainee_name = "@admin";
    neg.scenario_id = "budget-cut";
    neg.scenario_title = "Budget, cut \"50%\"\nsecond line";
    neg.status = "completed";
    neg.mode = "practice";
    neg.started_unix_ms = T0 + 10 * 86400000LL;
    neg.ended_unix_ms = neg.started_unix_ms + 42500;
    neg.raw = -3;
    neg.max = 10;
    neg.percent = 0;
    neg.pass_percent = 70;
    RecordsCompetency comps[2] = {{"zeal", -3, 4, 0}, {"active_listening", 0, 6, 0}};
    neg.competencies = comps;
    neg.ncompetencies = 2;
    char err[512];
    CHECK_INT(records_insert_attempts(db, &neg, 1, err, sizeof err), 0);

    RecordsExportOptions opt = {.format = RECORDS_CSV, .since_unix_ms = INT64_MIN};
    long n;
    char *csv = export_to_string(db, &opt, &n);
    CHECK_INT(n, 8);
    CHECK(!memcmp(csv, "\xEF\xBB\xBF", 3));
    Csv c;
    CHECK(csv_parse(csv + 3, &c));
    CHECK_INT(c.nrows, 9);
    static const char *const cols[] = {
        "attempt_id", "trainee_id", "trainee_name", "team", "scenario_id", "scenario_version",
        "scenario_title", "level", "mode", "locale", "started_at", "completed_at",
        "duration_seconds", "status", "ending", "outcome", "score_raw", "score_max",
        "score_percent", "pass_percent", "passed", "scenario_group", "critical_errors", "competency.active_listening",
        "competency.closing", "competency.discovery", "competency.empathy", "competency.zeal"};
    CHECK_INT(c.ncols[0], 28);
    for (int i = 0; i < 28 && i < c.ncols[0]; i++)
        CHECK_STR(c.cell[0][i], cols[i]);
    for (int r = 1; r < c.nrows; r++)
        CHECK_INT(c.ncols[r], 28);
    /* Row 1: 王芳's failing practice. */
    CHECK_STR(c.cell[1][1], "E1001");
    CHECK_STR(c.cell[1][2], "王芳");
    CHECK_STR(c.cell[1][3], "华东");
    CHECK_STR(c.cell[1][4], "records-call");
    CHECK_STR(c.cell[1][6], scenario_text(scenario_title(sc), scenario_locale_index(sc, "zh")));
    CHECK_STR(c.cell[1][7], "new_hire");
    CHECK_STR(c.cell[1][8], "practice");
    CHECK_STR(c.cell[1][9], "zh");
    CHECK_STR(c.cell[1][10], "2026-11-27T06:20:00.000Z");
    CHECK_STR(c.cell[1][13], "completed");
    CHECK_STR(c.cell[1][14], "brushed_off");
    CHECK_STR(c.cell[1][15], "fail");
    CHECK_STR(c.cell[1][20], "false");
    CHECK_STR(c.cell[1][21], "records-call"); /* the group: the id, by default */
    CHECK_STR(c.cell[1][22], "0");            /* no critical choice */
    CHECK_STR(c.cell[1][23], ""); /* active_listening does not apply */
    /* The path took 1500+1600+...+2200 ms: the ending was reached then. */
    CHECK_STR(c.cell[1][11], "2026-11-27T06:20:14.800Z");
    CHECK_STR(c.cell[1][12], "14.8");
    /* Row 3: the passed assessment. */
    CHECK_STR(c.cell[3][8], "assessment");
    CHECK_STR(c.cell[3][18], "100");
    CHECK_STR(c.cell[3][19], "80");
    CHECK_STR(c.cell[3][20], "true");
    CHECK_STR(c.cell[3][24], "100");
    /* Row 4: formula guard on text cells, quoting of commas and quotes. */
    CHECK_STR(c.cell[4][2], "'=HYPERLINK(\"http://x\",\"y\")");
    CHECK_STR(c.cell[4][3], "'-West, \"B\"");
    /* Row 6: abandoned after 3 decisions: no end result. */
    CHECK_STR(c.cell[6][13], "abandoned");
    CHECK_STR(c.cell[6][16], "");
    CHECK_STR(c.cell[6][20], "");
    /* Row 8: the inserted one. */
    CHECK_STR(c.cell[8][2], "'@admin");
    CHECK_STR(c.cell[8][6], "Budget, cut \"50%\"\nsecond line");
    CHECK_STR(c.cell[8][16], "-3"); /* numeric: never guarded */
    CHECK_STR(c.cell[8][12], "42.5");
    CHECK_STR(c.cell[8][21], "budget-cut"); /* inserted without a group: its id */
    CHECK_STR(c.cell[8][23], "0");
    CHECK_STR(c.cell[8][27], "0");
    CHECK_STR(c.cell[8][24], "");
    csv_free(&c);
    free(csv);

    opt.no_bom = true;
    opt.trainee_id = "E2002";
    csv = export_to_string(db, &opt, &n);
    CHECK_INT(n, 2);
    CHECK(!strncmp(csv, "attempt_id,", 11));
    CHECK(csv_parse(csv, &c));
    CHECK_INT(c.nrows, 3);
    /* Only the competencies of the exported attempts. */
    CHECK_INT(csv_col(&c, "competency.zeal"), -1);
    CHECK(csv_col(&c, "competency.empathy") > 0);
    csv_free(&c);
    free(csv);

    opt.trainee_id = NULL;
    opt.since_unix_ms = T0 + 2 * 86400000LL;
    csv = export_to_string(db, &opt, &n);
    CHECK_INT(n, 3);
    free(csv);
    records_close(db);
}

static void jsonl_export_should_hold_everything(void)
{
    Records *db = open_db("fixture.db");
    if (!db)
        return;
    RecordsExportOptions opt = {.format = RECORDS_JSONL, .since_unix_ms = INT64_MIN};
    long n;
    char *text = export_to_string(db, &opt, &n);
    CHECK_INT(n, 8);
    int lines = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        cJSON *o = cJSON_Parse(line);
        CHECK_MSG(o != NULL, "line %d is not JSON", lines + 1);
        if (!o)
            continue;
        lines++;
        const char *want[] = {"attempt_id", "trainee_id", "trainee_name", "team", "mentor_id",
                              "scenario_id", "scenario_version", "scenario_title",
                              "scenario_sha256", "level", "mode", "locale", "station", "seed",
                              "time_multiplier", "started_at", "completed_at", "duration_seconds",
                              "status", "ending", "outcome", "score_raw", "score_max",
                              "score_percent", "pass_percent", "passed", "competencies",
                              "decisions", "mentor_events"};
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
            CHECK_MSG(cJSON_GetObjectItemCaseSensitive(o, want[i]) != NULL, "line %d: no %s",
                      lines, want[i]);
        const char *mode = cJSON_GetObjectItem(o, "mode")->valuestring;
        if (lines == 3) {
            CHECK_STR(mode, "assessment");
            CHECK_STR(cJSON_GetObjectItem(o, "mentor_id")->valuestring, "M01");
            CHECK(cJSON_IsTrue(cJSON_GetObjectItem(o, "passed")));
            CHECK_INT(cJSON_GetObjectItem(o, "score_percent")->valueint, 100);
            cJSON *ds = cJSON_GetObjectItem(o, "decisions");
            CHECK_INT(cJSON_GetArraySize(ds), NBEST);
            cJSON *d1 = cJSON_GetArrayItem(ds, 1);
            CHECK_STR(cJSON_GetObjectItem(d1, "node")->valuestring, "opening");
            CHECK_STR(cJSON_GetObjectItem(d1, "choice")->valuestring, "own_ticket");
            CHECK_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(d1, "points"), "empathy")->valueint, 3);
            CHECK(cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetObjectItem(d1, "meters"), "trust")));
            CHECK_INT(cJSON_GetObjectItem(d1, "at_ms")->valueint, 3100);
            CHECK_STR(cJSON_GetObjectItem(o, "scenario_sha256")->valuestring, scenario_sha256(sc));
            CHECK_INT(cJSON_GetObjectItem(o, "seed")->valueint, 7);
            cJSON *comp = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "competencies"), "empathy");
            CHECK_INT(cJSON_GetObjectItem(comp, "percent")->valueint, 100);
        }
        if (lines == 4) {
            CHECK_STR(cJSON_GetObjectItem(o, "trainee_name")->valuestring,
                      "=HYPERLINK(\"http://x\",\"y\")"); /* JSON is not guarded */
            CHECK(cJSON_GetObjectItem(o, "time_multiplier")->valuedouble == 1.5);
        }
        if (lines == 6) {
            CHECK_STR(cJSON_GetObjectItem(o, "status")->valuestring, "abandoned");
            CHECK(cJSON_IsNull(cJSON_GetObjectItem(o, "passed")));
            CHECK(cJSON_IsNull(cJSON_GetObjectItem(o, "score_percent")));
        }
        if (lines == 7) {
            CHECK_STR(mode, "sandbox");
            cJSON *ms = cJSON_GetObjectItem(o, "mentor_events");
            CHECK_INT(cJSON_GetArraySize(ms), 3);
            cJSON *m1 = cJSON_GetArrayItem(ms, 1);
            CHECK_STR(cJSON_GetObjectItem(m1, "kind")->valuestring, "comment");
            CHECK_STR(cJSON_GetObjectItem(m1, "detail")->valuestring, "先认错,再给理由");
            CHECK_INT(cJSON_GetObjectItem(m1, "offset_ms")->valueint, 1300);
            CHECK_INT(cJSON_GetObjectItem(m1, "decision_index")->valueint, 1);
        }
        cJSON_Delete(o);
    }
    CHECK_INT(lines, 8);
    free(text);
    records_close(db);
}

static bool is_uuid(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]))
            return false;
    }
    return true;
}

static bool is_timestamp(const char *s)
{
    /* 2026-11-27T06:20:00.000Z */
    if (!s || strlen(s) != 24)
        return false;
    const char *shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    for (int i = 0; i < 24; i++)
        if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
            return false;
    return true;
}

static void xapi_export_should_give_fixed_statements(void)
{
    Records *db = open_db("fixture.db");
    if (!db)
        return;
    RecordsExportOptions opt = {.format = RECORDS_XAPI, .since_unix_ms = INT64_MIN,
                                .xapi = {"https://hr.example.com", "https://lms.example.com/s"}};
    long n;
    char *text = export_to_string(db, &opt, &n);
    CHECK_INT(n, 8);
    cJSON *arr = cJSON_Parse(text);
    CHECK(cJSON_IsArray(arr));
    /* answered: 8+8+8+8+2+3+8; completed: every attempt but the abandoned one (7); passed 1,
     * failed 1 (the two assessments). */
    int answered = 0, completed = 0, passed = 0, failed = 0;
    cJSON *s;
    char seen[128][37];
    int nseen = 0;
    cJSON_ArrayForEach(s, arr)
    {
        const char *id = cJSON_GetObjectItem(s, "id")->valuestring;
        CHECK(is_uuid(id));
        CHECK(id[14] == '5');
        for (int i = 0; i < nseen; i++)
            CHECK(strcmp(seen[i], id) != 0);
        if (nseen < 128)
            snprintf(seen[nseen++], 37, "%s", id);
        const char *verb = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "verb"), "id")->valuestring;
        cJSON *actor = cJSON_GetObjectItem(s, "actor");
        cJSON *acc = cJSON_GetObjectItem(actor, "account");
        CHECK_STR(cJSON_GetObjectItem(acc, "homePage")->valuestring, "https://hr.example.com");
        CHECK(cJSON_GetObjectItem(actor, "mbox") == NULL);
        cJSON *ctx = cJSON_GetObjectItem(s, "context");
        const char *reg = cJSON_GetObjectItem(ctx, "registration")->valuestring;
        CHECK(is_uuid(reg));
        CHECK(is_timestamp(cJSON_GetObjectItem(s, "timestamp")->valuestring));
        cJSON *obj = cJSON_GetObjectItem(s, "object");
        const char *oid = cJSON_GetObjectItem(obj, "id")->valuestring;
        CHECK(!strncmp(oid, "https://lms.example.com/s/", 26));
        cJSON *result = cJSON_GetObjectItem(s, "result");
        const char *dur = cJSON_GetObjectItem(result, "duration")->valuestring;
        CHECK(!strncmp(dur, "PT", 2) && dur[strlen(dur) - 1] == 'S');
        if (strstr(verb, "/answered")) {
            answered++;
            cJSON *def = cJSON_GetObjectItem(obj, "definition");
            CHECK_STR(cJSON_GetObjectItem(def, "type")->valuestring,
                      "http://adlnet.gov/expapi/activities/cmi.interaction");
            CHECK_STR(cJSON_GetObjectItem(def, "interactionType")->valuestring, "choice");
            CHECK(cJSON_IsString(cJSON_GetObjectItem(result, "response")));
        } else {
            cJSON *score = cJSON_GetObjectItem(result, "score");
            CHECK(score != NULL);
            if (score) {
                double scaled = cJSON_GetObjectItem(score, "scaled")->valuedouble;
                int raw = cJSON_GetObjectItem(score, "raw")->valueint;
                CHECK(scaled >= 0 && scaled <= 1);
                CHECK(scaled * 100 > raw - 0.001 && scaled * 100 < raw + 0.001);
                CHECK_INT(cJSON_GetObjectItem(score, "min")->valueint, 0);
                CHECK_INT(cJSON_GetObjectItem(score, "max")->valueint, 100);
            }
            CHECK(cJSON_IsBool(cJSON_GetObjectItem(result, "success")));
            CHECK(cJSON_IsTrue(cJSON_GetObjectItem(result, "completion")));
            if (strstr(verb, "/completed"))
                completed++;
            else if (strstr(verb, "/passed"))
                passed++;
            else if (strstr(verb, "/failed"))
                failed++;
            else
                CHECK_MSG(false, "unexpected verb %s", verb);
        }
        /* The id is the one fixed for this attempt and statement: answered k is the k-th
         * answered statement of its registration (they come in order). */
        char want[37];
        if (strstr(verb, "/answered")) {
            int k = 0;
            for (cJSON *prev = arr->child; prev && prev != s; prev = prev->next)
                if (!strcmp(cJSON_GetObjectItem(cJSON_GetObjectItem(prev, "context"),
                                                "registration")->valuestring, reg) &&
                    strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(prev, "verb"), "id")->valuestring,
                           "/answered"))
                    k++;
            records_statement_id(reg, "answered", k, want);
            CHECK_STR(id, want);
        } else {
            const char *kind = strrchr(verb, '/') + 1;
            records_statement_id(reg, kind, 0, want);
            CHECK_STR(id, want);
        }
    }
    CHECK_INT(answered, 8 + 8 + 8 + 8 + 2 + 3 + 8);
    CHECK_INT(completed, 7);
    CHECK_INT(passed, 1);
    CHECK_INT(failed, 1);
    /* Exported twice: the same bytes (ids fixed, nothing random). */
    char *again = export_to_string(db, &opt, &n);
    CHECK(again && !strcmp(text, again));
    free(again);
    cJSON_Delete(arr);
    free(text);
    records_close(db);
}

static void outbox_should_fix_bodies_and_leave_only_on_ack(void)
{
    Records *db = open_db("fixture.db");
    if (!db)
        return;
    char err[512];
    /* Queued: the same statements as the xapi export: 45 answered + 7 completed + 2 verdicts. */
    long pending = records_outbox_pending(db);
    CHECK_INT(pending, 45 + 7 + 2);
    RecordsXapiConfig cfg = {"https://hr.example.com", NULL};
    CHECK_INT(records_outbox_prepare(db, &cfg, err, sizeof err), pending);
    RecordsOutboxItem *items;
    int n = records_outbox_peek(db, 10, &items, err, sizeof err);
    CHECK_INT(n, 10);
    cJSON *first = cJSON_Parse(items[0].body);
    CHECK(first != NULL);
    CHECK_STR(cJSON_GetObjectItem(first, "id")->valuestring, items[0].id);
    cJSON_Delete(first);
    /* Bodies are fixed once made: another configuration does not change them. */
    RecordsXapiConfig other = {"https://other.example.com", NULL};
    CHECK_INT(records_outbox_prepare(db, &other, err, sizeof err), pending);
    RecordsOutboxItem *again;
    CHECK_INT(records_outbox_peek(db, 10, &again, err, sizeof err), 10);
    CHECK_STR(again[3].body, items[3].body);
    records_outbox_free(again, 10);
    CHECK_INT(records_outbox_ack(db, items, 4, T0, err, sizeof err), 0);
    CHECK_INT(records_outbox_pending(db), pending - 4);
    char q[200];
    snprintf(q, sizeof q, "SELECT CASE WHEN acked_unix_ms IS NOT NULL AND body IS NULL THEN 1 "
                          "ELSE 0 END FROM outbox "
                          "WHERE statement_id = '%s'", items[2].id);
    CHECK_INT(raw_int("fixture.db", q), 1); /* kept as a record, text dropped */
    /* Acknowledging twice changes nothing. */
    CHECK_INT(records_outbox_ack(db, items, 4, T0, err, sizeof err), 0);
    CHECK_INT(records_outbox_pending(db), pending - 4);
    RecordsOutboxItem *next;
    CHECK_INT(records_outbox_peek(db, 1, &next, err, sizeof err), 1);
    CHECK_STR(next[0].id, items[4].id); /* oldest first */
    records_outbox_free(next, 1);
    records_outbox_free(items, n);
    records_close(db);
}

static void report_should_summarise_per_trainee(void)
{
    Records *db = open_db("report.db");
    if (!db)
        return;
    RecordsAttempt a[8];
    memset(a, 0, sizeof a);
    struct {
        const char *trainee, *scenario, *level, *mode, *status;
        int percent;
        bool passed;
        int empathy;
    } rows[8] = {
        {"A", "s1", "new_hire", "practice", "completed", 70, false, 50},
        {"A", "s1", "new_hire", "practice", "completed", 95, true, 90},
        {"A", "s1", "new_hire", "assessment", "completed", 85, true, 80},
        {"A", "s2", "experienced", "practice", "abandoned", -1, false, -1},
        {"B", "s1", "new_hire", "practice", "completed", 61, false, 40},
        {"B", "s1", "new_hire", "sandbox", "completed", 100, true, 100},
        {"C", "s1", "new_hire", "assessment", "completed", 40, false, 30},
        {"C", "s1", "new_hire", "practice", "completed", 55, false, 20},
    };
    RecordsCompetency comps[8];
    for (int i = 0; i < 8; i++) {
        a[i].trainee_id = (char *)rows[i].trainee;
        a[i].scenario_id = (char *)rows[i].scenario;
        a[i].scenario_title = (char *)"T";
        a[i].level = (char *)rows[i].level;
        a[i].mode = (char *)rows[i].mode;
        a[i].status = (char *)rows[i].status;
        a[i].started_unix_ms = T0 + i * 1000;
        a[i].ended_unix_ms = T0 + i * 1000 + 500;
        a[i].percent = rows[i].percent;
        a[i].passed = rows[i].passed;
        a[i].pass_percent = 80;
        if (rows[i].empathy >= 0) {
            comps[i] = (RecordsCompetency){"empathy", rows[i].empathy, 100, rows[i].empathy};
            a[i].competencies = &comps[i];
            a[i].ncompetencies = 1;
        }
    }
    char err[512];
    CHECK_INT(records_insert_attempts(db, a, 8, err, sizeof err), 0);
    RecordsReport *r = records_report(db, NULL, err, sizeof err);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->ntrainees, 3);
    RecordsReportTrainee *ta = &r->trainees[0], *tb = &r->trainees[1], *tc = &r->trainees[2];
    CHECK_STR(ta->trainee_id, "A");
    CHECK_INT(ta->attempts, 4);
    CHECK_INT(ta->nscenarios, 2);
    CHECK_INT(ta->scenarios[0].best, 95);
    CHECK_INT(ta->scenarios[0].latest, 85);
    CHECK(ta->scenarios[0].passed_assessment);
    CHECK_INT(ta->scenarios[0].rag, RECORDS_GREEN);
    CHECK_INT(ta->scenarios[1].best, -1);
    CHECK_INT(ta->scenarios[1].rag, RECORDS_RED);
    CHECK_INT(ta->rag, RECORDS_GREEN);
    CHECK_STR(ta->cleared, "new_hire");
    CHECK_INT(ta->ncompetencies, 1);
    CHECK(ta->competencies[0].average > 73.3 && ta->competencies[0].average < 73.4);
    /* B: 61 is within 20 of 80; the sandbox 100 never counts. */
    CHECK_INT(tb->attempts, 1);
    CHECK_INT(tb->scenarios[0].best, 61);
    CHECK_INT(tb->rag, RECORDS_AMBER);
    CHECK(tb->cleared == NULL);
    CHECK(tb->competencies[0].average == 40);
    CHECK_INT(tc->scenarios[0].best, 55);
    CHECK_INT(tc->rag, RECORDS_RED);
    records_report_free(r);

    r = records_report(db, "B", err, sizeof err);
    CHECK(r && r->ntrainees == 1 && !strcmp(r->trainees[0].trainee_id, "B"));
    records_report_free(r);
    r = records_report(db, "nobody", err, sizeof err);
    CHECK(r && r->ntrainees == 0);
    records_report_free(r);

    int best, latest;
    bool pa;
    CHECK_INT(records_best_latest(db, "A", "s1", &best, &latest, &pa), 0);
    CHECK_INT(best, 95);
    CHECK_INT(latest, 85);
    CHECK(pa);
    CHECK_INT(records_best_latest(db, "B", "s1", &best, &latest, &pa), 0);
    CHECK_INT(best, 61);
    CHECK(!pa);
    CHECK_INT(records_best_latest(db, "Z", "s1", &best, &latest, &pa), 0);
    CHECK_INT(best, -1);
    CHECK_INT(latest, -1);
    RecordsHistoryPoint *h;
    int nh;
    CHECK_INT(records_history(db, "A", "s1", &h, &nh, err, sizeof err), 0);
    CHECK_INT(nh, 3);
    if (nh == 3) {
        CHECK_INT(h[0].percent, 70);
        CHECK_INT(h[1].percent, 95);
        CHECK_INT(h[2].percent, 85);
        CHECK(h[2].assessment && h[2].passed && !h[0].assessment);
    }
    free(h);

    /* Through the command line, as JSON. */
    const char *bin = getenv("SPARRING_BIN");
    if (bin) {
        char cmd[1024], *out = NULL;
        char target[512];
        db_target(target, sizeof target, "report.db");
        snprintf(cmd, sizeof cmd, "'%s' records report --format json --db '%s'", bin, target);
        CHECK_INT(check_run_cmd(cmd, &out), 0);
        cJSON *j = cJSON_Parse(out ? out : "");
        cJSON *ts = cJSON_GetObjectItem(j, "trainees");
        CHECK_INT(cJSON_GetArraySize(ts), 3);
        cJSON *t0 = cJSON_GetArrayItem(ts, 0);
        CHECK(t0 && !strcmp(cJSON_GetObjectItem(t0, "status")->valuestring, "green"));
        CHECK(t0 && !strcmp(cJSON_GetObjectItem(t0, "cleared")->valuestring, "new_hire"));
        cJSON_Delete(j);
        free(out);
        snprintf(cmd, sizeof cmd, "'%s' records report --db '%s' --trainee C", bin, target);
        CHECK_INT(check_run_cmd(cmd, &out), 0);
        CHECK(out && strstr(out, "status red") && !strstr(out, "\nA"));
        free(out);
    }
    records_close(db);
}

static void config_should_parse_and_never_echo_values(void)
{
    RecordsConfig cfg;
    char err[512];
    const char *good = "\xEF\xBB\xBF# the LRS\n[lrs]\nendpoint = https://lrs.example.com/xAPI/\r\n"
                       "key=room3\nsecret = \"s3cr3t with spaces \"\n; comment\nbatch = 20\n"
                       "retries=2\ntimeout = 5\nhome_page = https://hr.example.com\n"
                       "[other]\nwhatever = 1\n";
    CHECK_INT(records_config_parse(good, strlen(good), "lrs.ini", &cfg, err, sizeof err), 0);
    CHECK_STR(cfg.endpoint, "https://lrs.example.com/xAPI/");
    CHECK_STR(cfg.key, "room3");
    CHECK_STR(cfg.secret, "s3cr3t with spaces ");
    CHECK_STR(cfg.home_page, "https://hr.example.com");
    CHECK(cfg.activity_base == NULL);
    CHECK_INT(cfg.batch, 20);
    CHECK_INT(cfg.retries, 2);
    CHECK_INT(cfg.timeout, 5);
    records_config_free(&cfg);

    const char *typo = "endpoint = https://x/\nsecert = hunter2\n";
    CHECK_INT(records_config_parse(typo, strlen(typo), "lrs.ini", &cfg, err, sizeof err), -1);
    CHECK(strstr(err, "lrs.ini:2") != NULL);
    CHECK(strstr(err, "secert") != NULL);
    CHECK(strstr(err, "hunter2") == NULL);
    records_config_free(&cfg);

    const char *bad[] = {"batch = 0\n", "batch = ten\n", "just a line\n", "[lrs\n",
                         "endpoint = ftp://x\n", "= value\n", "timeout = 99999999999999\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_MSG(records_config_parse(bad[i], strlen(bad[i]), "c", &cfg, err, sizeof err) == -1,
                  "accepted: %s", bad[i]);
        records_config_free(&cfg);
    }
    CHECK_INT(records_config_parse("", 0, "c", &cfg, err, sizeof err), 0);
    CHECK_INT(cfg.batch, 50);
    records_config_free(&cfg);
}

static void statement_ids_should_be_fixed_uuids(void)
{
    char a[37], b[37], c[37];
    records_statement_id("11111111-2222-4333-8444-555555555555", "answered", 0, a);
    records_statement_id("11111111-2222-4333-8444-555555555555", "answered", 0, b);
    records_statement_id("11111111-2222-4333-8444-555555555555", "answered", 1, c);
    CHECK_STR(a, b);
    CHECK(strcmp(a, c) != 0);
    CHECK(is_uuid(a));
    CHECK(a[14] == '5');
    CHECK(strchr("89ab", a[19]) != NULL);
    char u[37], v[37];
    records_uuid4(u);
    records_uuid4(v);
    CHECK(is_uuid(u) && u[14] == '4' && strcmp(u, v));
}

static void cli_should_follow_the_exit_codes(void)
{
    const char *bin = getenv("SPARRING_BIN");
    if (!bin) {
        fprintf(stderr, "  SPARRING_BIN not set\n");
        check_failures_in_test++;
        return;
    }
    char cmd[1536], *out = NULL;
    const struct {
        const char *args;
        int code;
    } cases[] = {
        {"records --help", 0},
        {"records export --help", 0},
        {"records report --help", 0},
        {"records sync --help", 0},
        {"records", 2},
        {"records frobnicate", 2},
        {"records export --format pdf", 2},
        {"records export --since 2026-02-30", 2},
        {"records export --since yesterday", 2},
        {"records export --out", 2},
        {"records report --bogus", 2},
        {"records export --db /nonexistent/dir/x.db", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(cmd, sizeof cmd, "'%s' %s >/dev/null 2>&1", bin, cases[i].args);
        int rc = check_run_cmd(cmd, NULL);
        CHECK_MSG(rc == cases[i].code, "%s: exit %d, want %d", cases[i].args, rc, cases[i].code);
    }
    /* --out writes the file; the count goes to standard error. */
    char target[512];
    db_target(target, sizeof target, "fixture.db");
    snprintf(cmd, sizeof cmd, "'%s' records export --db '%s' --out '%s/out.csv' "
                              "--since 2026-11-28 --no-bom 2>&1", bin, target, tmpdir);
    CHECK_INT(check_run_cmd(cmd, &out), 0);
    CHECK(out && strstr(out, "5 attempts written"));
    free(out);
    char path[512];
    path_in_tmp(path, sizeof path, "out.csv");
    char *csv = check_read_file(path, NULL);
    CHECK(csv && !strncmp(csv, "attempt_id,", 11));
    free(csv);
    /* sync without a configuration: exit 1 and a message that says what to write. */
    snprintf(cmd, sizeof cmd, "XDG_CONFIG_HOME='%s/noconfig' '%s' records sync --db "
                              "'%s' 2>&1", tmpdir, bin, target);
    CHECK_INT(check_run_cmd(cmd, &out), 1);
    CHECK(out && strstr(out, "lrs.ini"));
    free(out);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--write-scenario")) {
        FILE *f = fopen(argv[2], "wb");
        if (!f || fwrite(SCENARIO_JSON, 1, sizeof SCENARIO_JSON - 1, f) != sizeof SCENARIO_JSON - 1) {
            perror(argv[2]);
            return 1;
        }
        return fclose(f) == 0 ? 0 : 1;
    }
    DiagList d = {0};
    sc = scenario_load_buffer(SCENARIO_JSON, sizeof SCENARIO_JSON - 1, "records-call.json", NULL, &d);
    for (int i = 0; i < d.count; i++) {
        char buf[1024];
        diag_format(&d.items[i], buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
    }
    diag_list_free(&d);
    if (!sc) {
        fprintf(stderr, "cannot load the test scenario\n");
        return 1;
    }
    if (argc == 3 && !strcmp(argv[1], "--make-fixture")) {
        char err[512];
        unlink(argv[2]);
        Records *db = records_open(argv[2], err, sizeof err);
        if (!db || make_fixture(db) < 0) {
            fprintf(stderr, "cannot make %s: %s\n", argv[2], db ? "recording failed" : err);
            return 1;
        }
        records_close(db);
        scenario_free(sc);
        return 0;
    }
    pg = getenv("SPARRING_TEST_PG");
    if (pg && !*pg)
        pg = NULL;
    if (pg)
        printf("records suite on PostgreSQL\n");
    const char *base = getenv("SPARRING_BUILD_DIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/records-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        snprintf(tmpdir, sizeof tmpdir, "/tmp/records-test-XXXXXX");
        if (!mkdtemp(tmpdir))
            return 1;
    }
    RUN(recorder_should_store_every_field_of_a_real_play);
    RUN(decisions_should_be_committed_one_by_one);
    RUN(a_timeout_should_be_recorded_as_timeout);
    RUN(a_closed_attempt_should_take_a_late_mentor_comment);
    RUN(a_rewind_should_keep_the_superseded_decisions);
    RUN(an_interrupted_attempt_should_be_found_and_resumed_by_replay);
    RUN(sigkill_at_random_points_should_lose_nothing_committed);
    RUN(many_writer_processes_should_all_be_stored);
    if (!pg) { /* SQLite files: the PostgreSQL store has its own in test_records_pg.sh */
        RUN(a_version_1_database_should_migrate);
        RUN(bad_files_should_give_a_clear_error);
    }
    RUN(each_attempt_should_read_one_team_only);
    RUN(a_lean_read_should_give_the_pages_fields_only);
    RUN(csv_export_should_follow_records_md);
    RUN(export_should_keep_one_team_only);
    RUN(a_null_critical_count_should_be_counted_from_the_decisions);
    RUN(export_should_report_progress);
    RUN(jsonl_export_should_hold_everything);
    RUN(xapi_export_should_give_fixed_statements);
    RUN(outbox_should_fix_bodies_and_leave_only_on_ack);
    RUN(report_should_summarise_per_trainee);
    RUN(config_should_parse_and_never_echo_values);
    RUN(statement_ids_should_be_fixed_uuids);
    RUN(cli_should_follow_the_exit_codes);
    scenario_free(sc);
    int rc = check_summary();
    if (rc == 0) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
    } else {
        fprintf(stderr, "the databases are kept in %s\n", tmpdir);
    }
    return rc;
}
