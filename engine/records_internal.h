/* Shared by the records files (store, export, report, outbox, config). Outside them, use
 * records.h. */
#ifndef SPARRING_RECORDS_INTERNAL_H
#define SPARRING_RECORDS_INTERNAL_H

#include <sqlite3.h>

#include "records.h"

#define RECORDS_STMT_CACHE 64

struct Records {
    sqlite3 *db;
    char *path;
    /* Prepared statements by their SQL text (the literal's address, checked by content). */
    int ncache;
    struct {
        const char *sql;
        char *text;
        sqlite3_stmt *st;
    } cache[RECORDS_STMT_CACHE];
};

/* The version-1 schema, verbatim (new databases start from it and migrate; tests use it). */
extern const char records_schema_v1[];

/* A prepared statement for sql from the cache (sql should be a literal). Do not finalize it:
 * records_done resets it for the next use. NULL on error (err set). */
sqlite3_stmt *records_prep(Records *db, const char *sql, char *err, size_t errsize);
void records_done(sqlite3_stmt *st);

/* Writes "what: sqlite's message" to err. Always returns -1. */
int records_fail(Records *db, char *err, size_t errsize, const char *what);
/* printf into err (when non-NULL). Always returns -1. */
int records_errf(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Transactions: BEGIN IMMEDIATE (writers) or BEGIN (a consistent read). 0 or -1. */
int records_begin_write(Records *db, char *err, size_t errsize);
int records_begin_read(Records *db, char *err, size_t errsize);
int records_commit(Records *db, char *err, size_t errsize);
void records_rollback(Records *db);

/* Copies a column's text ("" for NULL); NULL when out of memory. */
char *records_col_dup(sqlite3_stmt *st, int col);
char *records_strdup(const char *s);

/* Loads the rest of an attempt (decisions, competencies, mentor events, steps) into a, whose
 * attempt_id is set. 0 or -1. */
int records_load_details(Records *db, RecordsAttempt *a, bool steps, char *err, size_t errsize);
/* Fills the attempt columns of a from a row of RECORDS_ATTEMPT_COLUMNS starting at column 0. */
#define RECORDS_ATTEMPT_COLUMNS                                                                  \
    "a.id, a.trainee_id, t.name, t.team, a.mentor_id, a.scenario_id, a.scenario_version, "      \
    "a.scenario_title, a.scenario_sha256, a.level, a.mode, a.locale, a.station, a.start_node, " \
    "a.seed, a.time_multiplier, a.timers, a.started_unix_ms, a.ended_unix_ms, a.status, "       \
    "a.ending, a.outcome, a.score_raw, a.score_max, a.score_percent, a.pass_percent, a.passed, " \
    "a.scenario_group, a.shuffle, (SELECT count(*) FROM decisions d WHERE d.attempt_id = a.id "  \
    "AND d.rewound = 0 AND d.critical = 1)"
#define RECORDS_ATTEMPT_FROM " FROM attempts a JOIN trainees t ON t.id = a.trainee_id "
int records_attempt_from_row(sqlite3_stmt *st, RecordsAttempt *a);
/* Frees what an attempt struct holds (not the struct itself). */
void records_attempt_clear(RecordsAttempt *a);

/* Queues the statements of a closed attempt (inside the caller's write transaction). */
int records_queue_statements(Records *db, const char *attempt_id, char *err, size_t errsize);

/* ISO 8601 UTC with milliseconds: 2026-11-27T09:30:00.000Z (buf >= 32). */
void records_iso8601(int64_t unix_ms, char *buf, size_t size);
/* Seconds with up to 3 decimals, no trailing zeros: 42.5, 3, 0.125 (buf >= 32). */
void records_seconds(int64_t ms, char *buf, size_t size);

#endif
