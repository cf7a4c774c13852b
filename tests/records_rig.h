/* The set-up shared by the records tests that run on SQLite and PostgreSQL alike
 * (tests/test_records_audio.c, tests/test_records_shared.c): the fixture's scenario loaded, a
 * temporary folder, the store called NAME (a file in that folder, or a fresh database on the
 * server SPARRING_TEST_PG names), opening it, a URL with another user, and one number read
 * from a store. Static inline definitions: each includer gets its own copy of what it uses. */
#ifndef SPARRING_RECORDS_RIG_H
#define SPARRING_RECORDS_RIG_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "pg_test.h"
#include "records.h"
#include "records_fixture.h"
#include "records_internal.h"
#include "scenario.h"

/* Decisions on the fixture's best path (BEST). */
#define NBEST ((int)(sizeof BEST / sizeof BEST[0]))

/* The fixture's play options: timers on, at their own pace. */
static const PlayOptions RIG_OPTS = {.timers = true, .time_multiplier = 1.0};

typedef struct {
    const char *pg;   /* the server (SPARRING_TEST_PG), NULL for SQLite files */
    Scenario *sc;     /* the fixture's scenario (records_fixture.h) */
    char tmpdir[256]; /* $SPARRING_BUILD_DIR/NAME-XXXXXX */
} RecordsRig;

/* Loads the fixture's scenario and makes the folder NAME-XXXXXX; 0, or -1 with a message. */
static inline int records_rig_start(RecordsRig *r, const char *name)
{
    r->pg = getenv("SPARRING_TEST_PG");
    if (r->pg && !*r->pg)
        r->pg = NULL;
    DiagList d = {0};
    r->sc = scenario_load_buffer(SCENARIO_JSON, sizeof SCENARIO_JSON - 1, "records-call.json", NULL, &d);
    diag_list_free(&d);
    const char *base = getenv("SPARRING_BUILD_DIR");
    snprintf(r->tmpdir, sizeof r->tmpdir, "%s/%s-XXXXXX", base && *base ? base : "/tmp", name);
    if (!r->sc || !mkdtemp(r->tmpdir)) {
        fprintf(stderr, "%s: cannot load the fixture or make %s\n", name, r->tmpdir);
        return -1;
    }
    return 0;
}

/* Prints the summary; removes the folder when every test passed. The exit code. */
static inline int records_rig_end(RecordsRig *r)
{
    scenario_free(r->sc);
    int rc = check_summary();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", r->tmpdir);
    if (rc == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", r->tmpdir);
    return rc;
}

/* The store called name: TMPDIR/name on SQLite, a fresh database (made once a process) on the server. */
static inline void records_rig_target(const RecordsRig *r, const char *name, char *buf, size_t size)
{
    if (!r->pg) {
        snprintf(buf, size, "%s/%s", r->tmpdir, name);
        return;
    }
    char db[64];
    check_pg_database(r->pg, name, true, db, sizeof db, buf, size);
}

/* Opens the store t; NULL with the reason on stderr. */
static inline Records *records_rig_open(const char *t)
{
    char err[1024];
    Records *db = records_open(t, err, sizeof err);
    if (!db)
        fprintf(stderr, "  records_open(%s): %s\n", t, err);
    return db;
}

/* url with its user replaced. */
static inline void records_rig_url_as(const char *url, const char *user, char *out, size_t size)
{
    const char *q = strstr(url, "user=");
    size_t n = q ? (size_t)(q - url) : strlen(url);
    snprintf(out, size, "%.*suser=%s", (int)n, url, user);
}

/* The first column of the first row of sql, as a number (-999: none). */
static inline long long records_rig_count(Records *db, const char *sql)
{
    RecStmt *st = db ? records_prep(db, sql, NULL, 0) : NULL;
    long long v = st && rs_step(st) == REC_ROW ? rs_int64(st, 0) : -999;
    if (st)
        records_done(st);
    return v;
}

#endif
