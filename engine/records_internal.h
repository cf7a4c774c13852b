/* Shared by the records files (store, backends, recorder, readers, export, report, outbox,
 * config). Outside them, use records.h.
 *
 * The store is one interface (RecordsBackend, a table of functions) with two backends: SQLite
 * (records_sqlite.c, a file path) and PostgreSQL (records_pg.c, a postgresql:// or postgres://
 * URL). Everything above the backends speaks portable SQL through RecStmt: numbered parameters
 * (?1, ?2, ...), ON CONFLICT ... DO NOTHING/UPDATE, no backend-specific functions. */
#ifndef SPARRING_RECORDS_INTERNAL_H
#define SPARRING_RECORDS_INTERNAL_H

#include "records.h"
#include "textbuf.h"

#define RECORDS_STMT_CACHE 64

/* A prepared statement of a backend. Every backend's statement starts with this header. */
typedef struct RecStmt RecStmt;
typedef struct RecordsBackend RecordsBackend;
struct RecStmt {
    const RecordsBackend *be;
    Records *db;
    bool stream; /* records_prep_stream */
};

/* How PostgreSQL plans the streams of records_each_attempt, for their transaction (see
 * records_each.c's plan_streams), and the version 7 migration's reads in the same order. */
#define RECORDS_PG_STREAM_PLAN                                                                   \
    "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL "             \
    "enable_seqscan = off; SET LOCAL jit = off"

/* step() results. */
enum { REC_ERROR = -1, REC_DONE = 0, REC_ROW = 1 };

struct RecordsBackend {
    const char *name; /* "sqlite", "postgresql" */
    /* Opens target, checks and migrates the schema. 0 or -1 (err set; close is still called). */
    int (*open)(Records *db, const char *target, char *err, size_t errsize);
    void (*close)(Records *db);
    RecStmt *(*prepare)(Records *db, const char *sql, char *err, size_t errsize);
    void (*finalize)(RecStmt *st);
    void (*reset)(RecStmt *st); /* and clears the bindings */
    void (*bind_text)(RecStmt *st, int i, const char *s);
    void (*bind_int64)(RecStmt *st, int i, int64_t v);
    void (*bind_double)(RecStmt *st, int i, double v);
    void (*bind_null)(RecStmt *st, int i);
    int (*step)(RecStmt *st);
    const char *(*col_text)(RecStmt *st, int i); /* NULL for NULL */
    int64_t (*col_int64)(RecStmt *st, int i);
    double (*col_double)(RecStmt *st, int i);
    bool (*col_null)(RecStmt *st, int i);
    int64_t (*changes)(RecStmt *st); /* rows changed by the last step of st */
    /* Runs SQL without rows (several statements allowed). 0 or -1 (err set). */
    int (*exec)(Records *db, const char *sql, char *err, size_t errsize);
    bool (*in_transaction)(Records *db);
    /* Writes "what: the backend's message" to err. Always -1. */
    int (*fail)(Records *db, char *err, size_t errsize, const char *what);
    const char *begin_write_sql, *begin_read_sql;
    /* Called before a write transaction: a lost connection is re-made (prepared statements are
     * then dropped from the cache). 0 or -1. May be NULL. */
    int (*ensure)(Records *db, char *err, size_t errsize);
    /* Bytes (recordings): bound as a BLOB/bytea; a column's bytes, valid until the next step or
     * reset (NULL and 0 for NULL or out of memory). */
    void (*bind_blob)(RecStmt *st, int i, const void *data, size_t size);
    const void *(*col_blob)(RecStmt *st, int i, size_t *size);
};

extern const RecordsBackend records_sqlite_backend;
extern const RecordsBackend records_pg_backend;

/* The database's clock in Unix milliseconds, as SQL (leases are compared on one clock, the
 * server's, whatever the stations' clocks say). RECORDS_SQL_NOW gives the literal SQL
 * before + now + after for db's backend. */
#define RECORDS_NOW_SQLITE "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
#define RECORDS_NOW_PG "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT)"
#define RECORDS_SQL_NOW(db, before, after)                                                       \
    ((db)->be == &records_pg_backend ? before RECORDS_NOW_PG after : before RECORDS_NOW_SQLITE after)

/* Strings of one attempt in one block reused attempt after attempt (records_each.c): the
 * block's first bytes hold the previous, smaller block, freed at the next reset. */
typedef struct {
    char *block;
    size_t used, cap;
} RecordsArena;
/* n bytes in the arena (NULL when out of memory); valid until records_arena_reset. */
char *records_arena_alloc(RecordsArena *x, size_t n);
/* Gives back everything allocated (keeps the newest block), or frees it all. */
void records_arena_reset(RecordsArena *x);
void records_arena_free(RecordsArena *x);

struct Records {
    const RecordsBackend *be;
    void *conn;
    char *path;          /* for messages: a file path, or a URL without its password */
    bool read_only;
    int64_t lease_ms, renew_ms; /* an attempt's lease and how often it is renewed */
    int64_t connect_budget_ms;  /* records_set_connect_budget (0: reconnect blocking) */
    /* Prepared statements by their SQL text (the literal's address, checked by content). */
    int ncache;
    struct {
        const char *sql;
        char *text;
        RecStmt *st;
    } cache[RECORDS_STMT_CACHE];
    /* Set while records_each.c reads an attempt: records_col_dup copies into it instead of a
     * malloc per column (the strings are then not freed one by one). */
    RecordsArena *arena;
    int sync_lock; /* records_outbox_lock's lock file (SQLite), its descriptor + 1; 0: none */
};

/* Masks password (may be NULL), "password=..." and the password of "scheme://user:pw@host" in
 * s, in place, and makes it one line (s only shrinks): what libpq or the server says is shown
 * through it. */
void records_pg_scrub(char *s, const char *password);

/* Whether a PostgreSQL store's connection is lost (records_server_lost). */
bool records_pg_lost(Records *db);

/* The last error of a PostgreSQL store: the server's message (scrubbed), its SQLSTATE to
 * *state ("" when none). */
const char *records_pg_error(Records *db, const char **state);

/* Checks, creates or migrates the schema of a PostgreSQL store (records_pg_schema.c). */
int records_pg_schema(Records *db, char *err, size_t errsize);


/* The version-1 SQLite schema, verbatim (new databases start from it and migrate; tests use
 * it). */
extern const char records_schema_v1[];

/* A prepared statement for sql from the cache (sql should be a literal). Do not finalize it:
 * records_done resets it for the next use. NULL on error (err set). */
RecStmt *records_prep(Records *db, const char *sql, char *err, size_t errsize);
void records_done(RecStmt *st);
/* Drops every cached statement (after a reconnection). */
void records_cache_clear(Records *db);

/* Statement calls, dispatched to the backend. */
static inline int rs_step(RecStmt *st) { return st->be->step(st); }
static inline const char *rs_text(RecStmt *st, int i) { return st->be->col_text(st, i); }
static inline int64_t rs_int64(RecStmt *st, int i) { return st->be->col_int64(st, i); }
static inline int rs_int(RecStmt *st, int i) { return (int)st->be->col_int64(st, i); }
static inline double rs_double(RecStmt *st, int i) { return st->be->col_double(st, i); }
static inline bool rs_null(RecStmt *st, int i) { return st->be->col_null(st, i); }
static inline void rs_bind_text(RecStmt *st, int i, const char *s) { st->be->bind_text(st, i, s ? s : ""); }
static inline void rs_bind_int64(RecStmt *st, int i, int64_t v) { st->be->bind_int64(st, i, v); }
static inline void rs_bind_int(RecStmt *st, int i, int v) { st->be->bind_int64(st, i, v); }
static inline void rs_bind_double(RecStmt *st, int i, double v) { st->be->bind_double(st, i, v); }
static inline void rs_bind_null(RecStmt *st, int i) { st->be->bind_null(st, i); }
static inline void rs_bind_blob(RecStmt *st, int i, const void *d, size_t n) { st->be->bind_blob(st, i, d, n); }
static inline const void *rs_blob(RecStmt *st, int i, size_t *n) { return st->be->col_blob(st, i, n); }
static inline int64_t rs_changes(RecStmt *st) { return st->be->changes(st); }
/* Binds v, or NULL when v < 0. */
static inline void rs_bind_opt(RecStmt *st, int i, int v)
{
    if (v >= 0)
        rs_bind_int(st, i, v);
    else
        rs_bind_null(st, i);
}
/* A column's int, or -1 for NULL. */
static inline int rs_int_opt(RecStmt *st, int i) { return rs_null(st, i) ? -1 : rs_int(st, i); }

/* Runs a statement that returns no rows, then resets it. 0 or -1. */
int records_step_done(Records *db, RecStmt *st, char *err, size_t errsize, const char *what);
int records_exec(Records *db, const char *sql, char *err, size_t errsize);

/* Writes "what: the backend's message" to err. Always returns -1. */
int records_fail(Records *db, char *err, size_t errsize, const char *what);
/* printf into err (when non-NULL). Always returns -1. */
int records_errf(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Transactions: a writer's (one writer at a time on SQLite) or a consistent read. 0 or -1. */
int records_begin_write(Records *db, char *err, size_t errsize);
int records_begin_read(Records *db, char *err, size_t errsize);
int records_commit(Records *db, char *err, size_t errsize);
void records_rollback(Records *db);

/* Copies a column's text ("" for NULL; bytes that are not UTF-8 become U+FFFD); NULL when
 * out of memory. In st's db->arena when one is set. */
char *records_col_dup(RecStmt *st, int col);
char *records_strdup(const char *s);
/* The array arr, holding n elements of `size` bytes in *cap, with room for one more: doubled,
 * from `first`. NULL when out of memory (arr is then still valid and *cap unchanged). */
void *records_grow(void *arr, int n, int *cap, int first, size_t size);

/* This machine's name (buf >= 64). */
void records_host_name(char *buf, size_t size);
/* The start time of a process (clock ticks since boot), 0 when unknown; whether it runs. */
int64_t records_process_start(long pid);
bool records_process_alive(long pid, int64_t start);

/* Loads the rest of an attempt (decisions, competencies, mentor events, steps) into a, whose
 * attempt_id is set. 0 or -1. */
int records_load_details(Records *db, RecordsAttempt *a, bool steps, char *err, size_t errsize);
/* The details of an attempt, one table each, in this order. records_detail_append appends one
 * element of table t from a row of st holding that table's columns as records_load_details
 * reads them (decisions: rewound, node, choice, points, meters, at_ms, took_ms, shown,
 * critical, techniques; competencies: competency_id, raw, max, percent; mentor events: kind,
 * detail, offset_ms, decision_index; steps: kind, node, idx, value, at_ms, took_ms); *cap and
 * *live start at 0 for each attempt. 0, or -1 when out of memory. */
enum { RECORDS_DETAIL_DECISIONS, RECORDS_DETAIL_COMPETENCIES, RECORDS_DETAIL_MENTOR,
       RECORDS_DETAIL_STEPS, RECORDS_DETAIL_TABLES };
int records_detail_append(int t, RecStmt *st, RecordsAttempt *a, int *cap, int *live);
/* A statement for a long result read while other statements are read too (an export's
 * streams): on PostgreSQL it runs as a cursor fetched a few thousand rows at a time, so
 * memory stays flat; use inside a transaction. Like records_prep otherwise. */
RecStmt *records_prep_stream(Records *db, const char *sql, char *err, size_t errsize);
/* Fills the attempt columns of a from a row of RECORDS_ATTEMPT_COLUMNS starting at column 0. */
#define RECORDS_ATTEMPT_COLUMNS RECORDS_ATTEMPT_COLUMNS_HEAD RECORDS_CRITICAL_ERRORS
/* All but the last (records_each.c counts the critical errors itself when it streams the
 * decisions). */
#define RECORDS_ATTEMPT_COLUMNS_HEAD                                                             \
    "a.id, a.trainee_id, t.name, t.team, a.mentor_id, a.scenario_id, a.scenario_version, "      \
    "a.scenario_title, a.scenario_sha256, a.level, a.mode, a.locale, a.station, a.start_node, " \
    "a.seed, a.time_multiplier, a.timers, a.started_unix_ms, a.ended_unix_ms, a.status, "       \
    "a.ending, a.outcome, a.score_raw, a.score_max, a.score_percent, a.pass_percent, a.passed, " \
    "a.scenario_group, a.shuffle, "
/* The last of RECORDS_ATTEMPT_COLUMNS: critical decisions in the final path, as counted when
 * the attempt ended (schema version 5), else counted now (in progress, or inserted without). */
#define RECORDS_CRITICAL_ERRORS                                                                  \
    "coalesce(a.critical_errors, (SELECT count(*) FROM decisions d WHERE d.attempt_id = a.id "   \
    "AND d.rewound = 0 AND d.critical = 1))"
#define RECORDS_ATTEMPT_FROM " FROM attempts a JOIN trainees t ON t.id = a.trainee_id "
int records_attempt_from_row(RecStmt *st, RecordsAttempt *a);
/* Frees what an attempt struct holds (not the struct itself). */
void records_attempt_clear(RecordsAttempt *a);

/* Adds a trainee or updates the name and team given (empty ones keep what is there). */
int records_upsert_trainee(Records *db, const char *id, const char *name, const char *team,
                           char *err, size_t errsize);

/* Queues the statements of a closed attempt (inside the caller's write transaction). */
int records_queue_statements(Records *db, const char *attempt_id, char *err, size_t errsize);
/* Appends the xAPI statement of kind/idx of a loaded attempt to b, as one line of JSON
 * (records_export.c); recording: the seconds of the decision's spoken answer, named in an
 * "answered" statement's result (<= 0: none). The export and the outbox give the same body.
 * -1 when the attempt has no such statement or out of memory. */
int records_xapi_statement(TextBuf *b, const RecordsAttempt *a, const char *kind, int idx,
                           const RecordsXapiConfig *cfg, double recording);

/* Copies the recordings of attempt_id from src to dst (records_audio.c), inside dst's write
 * transaction: records_copy carries them with their attempt. 0 or -1. */
int records_audio_copy(Records *src, Records *dst, const char *attempt_id, char *err,
                       size_t errsize);
/* The lengths of the recordings of the attempts an export reads (records_audio.c): loaded once,
 * looked up per decision. */
typedef struct RecordsAudioIndex RecordsAudioIndex;
RecordsAudioIndex *records_audio_index(Records *db, char *err, size_t errsize);
/* The seconds of the recording of decision_number (1-based) of an attempt, or -1 for none. */
double records_audio_index_seconds(const RecordsAudioIndex *x, const char *attempt_id,
                                   int decision_number);
void records_audio_index_free(RecordsAudioIndex *x);

/* ISO 8601 UTC with milliseconds: 2026-11-27T09:30:00.000Z (buf >= 32). */
void records_iso8601(int64_t unix_ms, char *buf, size_t size);
/* Seconds with up to 3 decimals, no trailing zeros: 42.5, 3, 0.125 (buf >= 32). */
void records_seconds(int64_t ms, char *buf, size_t size);

#endif
