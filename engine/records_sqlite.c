/* records: the SQLite backend (the embedded default: a file, nothing to set up). */
#include "records_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <fcntl.h>
#include <unistd.h>

#include <sqlite3.h>

typedef struct {
    RecStmt h;
    sqlite3_stmt *st;
    int64_t changes;
} SqlStmt;

#define CONN(db) ((sqlite3 *)(db)->conn)
#define ST(s) (((SqlStmt *)(s))->st)

/* ---- errors ------------------------------------------------------------------------------ */

static int sql_fail(Records *db, char *err, size_t errsize, const char *what)
{
    int code = sqlite3_extended_errcode(CONN(db)) & 0xff;
    const char *msg = sqlite3_errmsg(CONN(db));
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        return records_errf(err, errsize,
                            "%s: the records database is damaged or not a records database (%s): "
                            "%s; keep a copy of the file and see docs/records.md",
                            db->path, msg, what);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return records_errf(err, errsize,
                            "%s: the records database stayed locked by another process: %s",
                            db->path, what);
    if (code == SQLITE_FULL)
        return records_errf(err, errsize, "%s: the disk is full: %s", db->path, what);
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
        return records_errf(err, errsize, "%s: cannot write the records database (%s): %s",
                            db->path, msg, what);
    return records_errf(err, errsize, "%s: %s: %s", db->path, what, msg);
}

/* ---- statements -------------------------------------------------------------------------- */

static RecStmt *sql_prepare(Records *db, const char *sql, char *err, size_t errsize)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(CONN(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        sql_fail(db, err, errsize, "cannot read the records");
        sqlite3_finalize(st);
        return NULL;
    }
    SqlStmt *s = calloc(1, sizeof *s);
    if (!s) {
        sqlite3_finalize(st);
        records_errf(err, errsize, "out of memory");
        return NULL;
    }
    s->h.be = &records_sqlite_backend;
    s->h.db = db;
    s->st = st;
    return &s->h;
}

static void sql_finalize(RecStmt *st)
{
    if (st) {
        sqlite3_finalize(ST(st));
        free(st);
    }
}

static void sql_reset(RecStmt *st)
{
    sqlite3_reset(ST(st));
    sqlite3_clear_bindings(ST(st));
}

static void sql_bind_text(RecStmt *st, int i, const char *s)
{
    sqlite3_bind_text(ST(st), i, s, -1, SQLITE_TRANSIENT);
}

static void sql_bind_int64(RecStmt *st, int i, int64_t v) { sqlite3_bind_int64(ST(st), i, v); }
static void sql_bind_double(RecStmt *st, int i, double v) { sqlite3_bind_double(ST(st), i, v); }
static void sql_bind_null(RecStmt *st, int i) { sqlite3_bind_null(ST(st), i); }
static void sql_bind_blob(RecStmt *st, int i, const void *d, size_t n)
{
    sqlite3_bind_blob64(ST(st), i, n ? d : "", n, SQLITE_TRANSIENT);
}

static int sql_step(RecStmt *st)
{
    int rc = sqlite3_step(ST(st));
    if (rc == SQLITE_ROW)
        return REC_ROW;
    if (rc == SQLITE_DONE) {
        ((SqlStmt *)st)->changes = sqlite3_changes(CONN(st->db));
        return REC_DONE;
    }
    return REC_ERROR;
}

static const char *sql_col_text(RecStmt *st, int i)
{
    return (const char *)sqlite3_column_text(ST(st), i);
}

static int64_t sql_col_int64(RecStmt *st, int i) { return sqlite3_column_int64(ST(st), i); }
static double sql_col_double(RecStmt *st, int i) { return sqlite3_column_double(ST(st), i); }
static bool sql_col_null(RecStmt *st, int i) { return sqlite3_column_type(ST(st), i) == SQLITE_NULL; }
static int64_t sql_changes(RecStmt *st) { return ((SqlStmt *)st)->changes; }
static const void *sql_col_blob(RecStmt *st, int i, size_t *n)
{
    const void *d = sqlite3_column_blob(ST(st), i);
    *n = d ? (size_t)sqlite3_column_bytes(ST(st), i) : 0;
    return d;
}

static int sql_exec(Records *db, const char *sql, char *err, size_t errsize)
{
    if (sqlite3_exec(CONN(db), sql, NULL, NULL, NULL) != SQLITE_OK)
        return sql_fail(db, err, errsize, "cannot update the records");
    return 0;
}

static bool sql_in_transaction(Records *db)
{
    return CONN(db) && !sqlite3_get_autocommit(CONN(db));
}

/* ---- schema ------------------------------------------------------------------------------ */

/* Version 1, as the first release wrote it. Kept verbatim: a new database is created at
 * version 1 and migrated like any old one, and tests build old databases from it. */
const char records_schema_v1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    "INSERT INTO meta VALUES('application', 'sparring-records');\n"
    "CREATE TABLE trainees(id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',\n"
    "  team TEXT NOT NULL DEFAULT '');\n"
    "CREATE TABLE attempts(\n"
    "  id TEXT PRIMARY KEY,\n"
    "  trainee_id TEXT NOT NULL REFERENCES trainees(id),\n"
    "  mentor_id TEXT NOT NULL DEFAULT '',\n"
    "  scenario_id TEXT NOT NULL, scenario_version TEXT NOT NULL, scenario_title TEXT NOT NULL,\n"
    "  scenario_sha256 TEXT NOT NULL, level TEXT NOT NULL,\n"
    "  mode TEXT NOT NULL CHECK(mode IN ('practice', 'assessment', 'sandbox')),\n"
    "  locale TEXT NOT NULL, station TEXT NOT NULL, start_node TEXT NOT NULL,\n"
    "  seed INTEGER NOT NULL, time_multiplier REAL NOT NULL, timers INTEGER NOT NULL,\n"
    "  started_unix_ms INTEGER NOT NULL, ended_unix_ms INTEGER,\n"
    "  status TEXT NOT NULL CHECK(status IN ('in_progress', 'completed', 'interrupted', 'abandoned')),\n"
    "  ending TEXT NOT NULL DEFAULT '', outcome TEXT NOT NULL DEFAULT '',\n"
    "  score_raw INTEGER NOT NULL DEFAULT 0, score_max INTEGER NOT NULL DEFAULT 0,\n"
    "  score_percent INTEGER, pass_percent INTEGER NOT NULL, passed INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE INDEX attempts_by_trainee ON attempts(trainee_id, scenario_id, started_unix_ms);\n"
    "CREATE INDEX attempts_by_start ON attempts(started_unix_ms, id);\n"
    "CREATE TABLE steps(attempt_id TEXT NOT NULL REFERENCES attempts(id),\n"
    "  position INTEGER NOT NULL, kind INTEGER NOT NULL, node INTEGER NOT NULL,\n"
    "  node_id TEXT NOT NULL, idx INTEGER NOT NULL, value INTEGER NOT NULL,\n"
    "  at_ms INTEGER NOT NULL, took_ms INTEGER NOT NULL,\n"
    "  PRIMARY KEY(attempt_id, position)) WITHOUT ROWID;\n"
    "CREATE TABLE decisions(attempt_id TEXT NOT NULL REFERENCES attempts(id),\n"
    "  position INTEGER NOT NULL, node TEXT NOT NULL, choice TEXT NOT NULL,\n"
    "  points TEXT NOT NULL, meters TEXT NOT NULL, at_ms INTEGER NOT NULL,\n"
    "  took_ms INTEGER NOT NULL, PRIMARY KEY(attempt_id, position)) WITHOUT ROWID;\n"
    "CREATE TABLE competencies(attempt_id TEXT NOT NULL REFERENCES attempts(id),\n"
    "  competency_id TEXT NOT NULL, raw INTEGER NOT NULL, max INTEGER NOT NULL,\n"
    "  percent INTEGER, PRIMARY KEY(attempt_id, competency_id)) WITHOUT ROWID;\n"
    "CREATE TABLE mentor_events(attempt_id TEXT NOT NULL REFERENCES attempts(id),\n"
    "  seq INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '',\n"
    "  offset_ms INTEGER NOT NULL, decision_index INTEGER NOT NULL,\n"
    "  PRIMARY KEY(attempt_id, seq)) WITHOUT ROWID;\n"
    "PRAGMA user_version = 1;\n";

/* Version 2: rewound steps and decisions are kept (so position is no longer a key), the owner
 * process of an in_progress attempt is known (interrupted attempts are found), and the xAPI
 * outbox. The statements of attempts closed under version 1 are queued by the C code. */
static const char schema_v2[] =
    "CREATE TABLE steps2(attempt_id TEXT NOT NULL REFERENCES attempts(id),\n"
    "  seq INTEGER NOT NULL, position INTEGER NOT NULL, live INTEGER NOT NULL DEFAULT 1,\n"
    "  kind INTEGER NOT NULL, node INTEGER NOT NULL, node_id TEXT NOT NULL,\n"
    "  idx INTEGER NOT NULL, value INTEGER NOT NULL, at_ms INTEGER NOT NULL,\n"
    "  took_ms INTEGER NOT NULL, PRIMARY KEY(attempt_id, seq)) WITHOUT ROWID;\n"
    "INSERT INTO steps2 SELECT attempt_id, position, position, 1, kind, node, node_id, idx,\n"
    "  value, at_ms, took_ms FROM steps;\n"
    "DROP TABLE steps;\n"
    "ALTER TABLE steps2 RENAME TO steps;\n"
    "CREATE TABLE decisions2(attempt_id TEXT NOT NULL REFERENCES attempts(id),\n"
    "  seq INTEGER NOT NULL, position INTEGER NOT NULL, rewound INTEGER NOT NULL DEFAULT 0,\n"
    "  node TEXT NOT NULL, choice TEXT NOT NULL, points TEXT NOT NULL, meters TEXT NOT NULL,\n"
    "  at_ms INTEGER NOT NULL, took_ms INTEGER NOT NULL,\n"
    "  PRIMARY KEY(attempt_id, seq)) WITHOUT ROWID;\n"
    "INSERT INTO decisions2 SELECT attempt_id, position, position, 0, node, choice, points,\n"
    "  meters, at_ms, took_ms FROM decisions;\n"
    "DROP TABLE decisions;\n"
    "ALTER TABLE decisions2 RENAME TO decisions;\n"
    "ALTER TABLE attempts ADD COLUMN owner_host TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE attempts ADD COLUMN owner_pid INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE attempts ADD COLUMN owner_start INTEGER NOT NULL DEFAULT 0;\n"
    "CREATE INDEX attempts_in_progress ON attempts(owner_host) WHERE status = 'in_progress';\n"
    "CREATE TABLE outbox(seq INTEGER PRIMARY KEY, statement_id TEXT NOT NULL UNIQUE,\n"
    "  attempt_id TEXT NOT NULL REFERENCES attempts(id), kind TEXT NOT NULL,\n"
    "  idx INTEGER NOT NULL, body TEXT, acked_unix_ms INTEGER);\n"
    "CREATE INDEX outbox_waiting ON outbox(acked_unix_ms, seq);\n"
    "PRAGMA user_version = 2;\n";

/* Version 3 (format revision of 2026-12-02): the scenario's group and whether the choices were
 * shown shuffled, per attempt; per decision the order shown, critical, techniques. */
static const char schema_v3[] =
    "ALTER TABLE attempts ADD COLUMN scenario_group TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE attempts ADD COLUMN shuffle INTEGER NOT NULL DEFAULT 0;\n"
    "UPDATE attempts SET scenario_group = scenario_id;\n"
    "ALTER TABLE decisions ADD COLUMN shown TEXT NOT NULL DEFAULT '[]';\n"
    "ALTER TABLE decisions ADD COLUMN critical INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE decisions ADD COLUMN techniques TEXT NOT NULL DEFAULT '[]';\n"
    "PRAGMA user_version = 3;\n";

/* Version 4: an in_progress attempt's owner holds a lease (Unix ms, the database's clock) that
 * the running trainer renews; once it has lapsed the attempt is interrupted, from any station.
 * Attempts left in_progress by version 3 get a lapsed lease (0): their owner's pid is still
 * checked on their own station. */
static const char schema_v4[] =
    "ALTER TABLE attempts ADD COLUMN lease_until_ms INTEGER NOT NULL DEFAULT 0;\n"
    "DROP INDEX attempts_in_progress;\n"
    "CREATE INDEX attempts_in_progress ON attempts(lease_until_ms) WHERE status = 'in_progress';\n"
    "PRAGMA user_version = 4;\n";

/* The critical decisions in the final path of attempt ID (an SQL expression). */
#define CRITICAL_COUNT(ID)                                                                       \
    "(SELECT count(*) FROM decisions d WHERE d.attempt_id = " ID " AND d.rewound = 0 AND "      \
    "d.critical = 1)"

/* Version 5: recordings of spoken answers (say aloud), one per decision of an attempt (a
 * re-take after a rewind replaces it), compressed (FLAC), with their length and level. */
static const char schema_v5[] =
    "CREATE TABLE recordings(attempt_id TEXT NOT NULL REFERENCES attempts(id),\n"
    "  decision INTEGER NOT NULL, node TEXT NOT NULL, format TEXT NOT NULL, bytes BLOB NOT NULL,\n"
    "  seconds REAL NOT NULL, level_dbfs REAL NOT NULL, recorded_unix_ms INTEGER NOT NULL,\n"
    "  PRIMARY KEY(attempt_id, decision));\n"
    "CREATE INDEX recordings_by_time ON recordings(recorded_unix_ms);\n"
    /* an attempt's critical errors (critical decisions in its final path), counted once when it
     * ends, so that reading it back is no query over its decisions (NULL: counted on reading) */
    "ALTER TABLE attempts ADD COLUMN critical_errors INTEGER;\n"
    "CREATE TRIGGER attempts_critical_errors AFTER UPDATE OF status ON attempts\n"
    "  WHEN OLD.status = 'in_progress' AND NEW.status <> 'in_progress' BEGIN\n"
    "  UPDATE attempts SET critical_errors = " CRITICAL_COUNT("NEW.id") " WHERE id = NEW.id;\n"
    "END;\n"
    "UPDATE attempts SET critical_errors = " CRITICAL_COUNT("attempts.id") "\n"
    "  WHERE status <> 'in_progress';\n"
    "PRAGMA user_version = 5;\n";

/* Version 6: the competencies by their id, so that the export's CSV header (every competency
 * id there is) is a few lookups in that index instead of a scan of the table. */
static const char schema_v6[] =
    "CREATE INDEX IF NOT EXISTS competencies_by_id ON competencies(competency_id);\n"
    "PRAGMA user_version = 6;\n";

/* Version 7 changed the PostgreSQL store only (its detail rows carry their attempt's start: an
 * SQLite store reads them in that order from the indexes it has). */
static const char schema_v7[] = "PRAGMA user_version = 7;\n";

static int sql_int(Records *db, const char *sql, int *v, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, sql, err, errsize);
    if (!st)
        return -1;
    if (rs_step(st) != REC_ROW) {
        records_done(st);
        return records_fail(db, err, errsize, "cannot read the database");
    }
    *v = rs_int(st, 0);
    records_done(st);
    return 0;
}

/* 1: the meta table says this is a records database; 0: it is some other file; -1: it cannot
 * be read (damaged), with err set. */
static int is_ours(Records *db, char *err, size_t errsize)
{
    sqlite3_stmt *st = NULL;
    int ours = 0;
    int rc = sqlite3_prepare_v2(CONN(db), "SELECT value FROM meta WHERE key = 'application'", -1,
                                &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const unsigned char *v = sqlite3_column_text(st, 0);
            ours = v && !strcmp((const char *)v, "sparring-records");
        } else if (rc != SQLITE_DONE) {
            ours = -1;
        }
    } else if ((sqlite3_extended_errcode(CONN(db)) & 0xff) != SQLITE_ERROR) {
        ours = -1; /* SQLITE_ERROR is "no such table": a foreign file */
    }
    sqlite3_finalize(st);
    if (ours < 0)
        sql_fail(db, err, errsize, "cannot read the database");
    return ours;
}

static int newer(Records *db, int v, char *err, size_t errsize)
{
    return records_errf(err, errsize,
                        "%s: the records database has schema version %d, written by a newer "
                        "Sparring; this build reads up to version %d: update Sparring (the file "
                        "was not changed)",
                        db->path, v, RECORDS_SCHEMA_VERSION);
}

/* Checks what the file holds before anything changes it: 0 when it is empty or ours at a
 * version this build knows (v set), else -1 with a message (the file is left as it is). */
static int check_file(Records *db, int *v, char *err, size_t errsize)
{
    int ntables;
    if (sql_int(db, "SELECT count(*) FROM sqlite_master", &ntables, err, errsize) < 0 ||
        sql_int(db, "PRAGMA user_version", v, err, errsize) < 0)
        return -1;
    if (*v == 0 && ntables > 0)
        return records_errf(err, errsize,
                            "%s: not a Sparring records database (an SQLite file of another "
                            "program); choose another file with --db", db->path);
    if (*v > RECORDS_SCHEMA_VERSION)
        return newer(db, *v, err, errsize);
    if (*v > 0) {
        int ours = is_ours(db, err, errsize);
        if (ours == 0)
            return records_errf(err, errsize, "%s: not a Sparring records database", db->path);
        if (ours < 0)
            return -1;
    }
    return 0;
}

/* A damaged file is never written to: a write could spread the damage over what can still be
 * read. 0, or -1 with how to recover. */
static int check_integrity(Records *db, char *err, size_t errsize)
{
    sqlite3_stmt *st = NULL;
    char what[256] = "";
    int rc = sqlite3_prepare_v2(CONN(db), "PRAGMA quick_check(1)", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(what, sizeof what, "%s", t ? (const char *)t : "");
    } else {
        snprintf(what, sizeof what, "%s", sqlite3_errmsg(CONN(db)));
    }
    int code = sqlite3_extended_errcode(CONN(db)) & 0xff;
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW && !strcmp(what, "ok"))
        return 0;
    if (rc != SQLITE_ROW && code != SQLITE_CORRUPT && code != SQLITE_NOTADB)
        return sql_fail(db, err, errsize, "cannot check the records database");
    return records_errf(err, errsize,
                        "%s: the records database is damaged (%s); nothing was written to it. "
                        "Keep a copy of the file, recover what can be read with `sqlite3 %s "
                        ".recover | sqlite3 recovered.db` and use --db recovered.db "
                        "(docs/records.md, \"A damaged database\")",
                        db->path, what, db->path);
}

/* Attempts closed under version 1 were never sent anywhere: queue them. */
static int queue_v1_attempts(Records *db, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "SELECT id FROM attempts WHERE status <> 'in_progress' "
                                   "ORDER BY started_unix_ms, id", err, errsize);
    if (!st)
        return -1;
    int rc;
    while ((rc = rs_step(st)) == REC_ROW) {
        if (records_queue_statements(db, rs_text(st, 0), err, errsize) < 0) {
            records_done(st);
            return -1;
        }
    }
    records_done(st);
    if (rc != REC_DONE)
        return records_fail(db, err, errsize, "cannot migrate the records");
    return 0;
}

static int migrate(Records *db, char *err, size_t errsize)
{
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    int v;
    if (check_file(db, &v, err, errsize) < 0)
        goto fail;
    if (v == 0) {
        if (sql_exec(db, records_schema_v1, err, errsize) < 0)
            goto fail;
        v = 1;
    }
    if (v == 1) {
        if (sql_exec(db, schema_v2, err, errsize) < 0 || queue_v1_attempts(db, err, errsize) < 0)
            goto fail;
        v = 2;
    }
    if (v == 2) {
        if (sql_exec(db, schema_v3, err, errsize) < 0)
            goto fail;
        v = 3;
    }
    if (v == 3) {
        if (sql_exec(db, schema_v4, err, errsize) < 0)
            goto fail;
        v = 4;
    }
    if (v == 4) {
        if (sql_exec(db, schema_v5, err, errsize) < 0)
            goto fail;
        v = 5;
    }
    if (v == 5) {
        if (sql_exec(db, schema_v6, err, errsize) < 0)
            goto fail;
        v = 6;
    }
    if (v == 6) {
        if (sql_exec(db, schema_v7, err, errsize) < 0)
            goto fail;
        v = 7;
    }
    return records_commit(db, err, errsize);
fail:
    records_rollback(db);
    return -1;
}

/* ---- opening ----------------------------------------------------------------------------- */

/* Missing folders are created for the owner only (0700): records are personal data. */
static int make_parent_dirs(const char *path, char *err, size_t errsize)
{
    char *p = records_strdup(path);
    if (!p)
        return records_errf(err, errsize, "out of memory");
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = 0;
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            records_errf(err, errsize, "%s: cannot create the folder %s: %s", path, p,
                         strerror(errno));
            free(p);
            return -1;
        }
        *s = '/';
    }
    free(p);
    return 0;
}

/* Refuses what SQLite would not keep on disk (an in-memory database, a URI that may say
 * mode=memory) and an empty path: an attempt "recorded" there would be lost without a word. */
static int check_path(const char *path, char *err, size_t errsize)
{
    if (!path || !*path)
        return records_errf(err, errsize,
                            "no records database path: --db is empty, or none of SPARRING_DB, "
                            "XDG_DATA_HOME and HOME is set; give one with --db PATH");
    if (!strcmp(path, ":memory:") || !strncmp(path, "file:", 5))
        return records_errf(err, errsize,
                            "%s: the records database must be a file on disk, not an in-memory "
                            "database or an SQLite URI; give a plain path (./%s for a file of "
                            "that name)",
                            path, path);
    struct stat stbuf;
    if (stat(path, &stbuf) == 0 && S_ISDIR(stbuf.st_mode))
        return records_errf(err, errsize, "%s: is a folder, not a records database", path);
    return 0;
}

/* A new database file is readable by its owner only; SQLite gives its -wal and -shm the same
 * mode. An existing file is left as it is. */
static int create_private(const char *path, char *err, size_t errsize)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    if (errno == EEXIST)
        return 0;
    return records_errf(err, errsize, "%s: cannot create the records database: %s", path,
                        strerror(errno));
}

/* "file:<path, percent-encoded>?<query>" for sqlite3_open_v2 with SQLITE_OPEN_URI. */
static char *file_uri(const char *path, const char *query)
{
    size_t n = strlen(path);
    char *u = malloc(n * 3 + strlen(query) + 16), *o = u;
    if (!u)
        return NULL;
    o += sprintf(o, "file:");
    while (path[0] == '/' && path[1] == '/')
        path++; /* "file://x" would name a host */
    for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
            strchr("/._-~", *s))
            *o++ = (char)*s;
        else
            o += sprintf(o, "%%%02X", *s);
    }
    sprintf(o, "?%s", query);
    return u;
}

/* WAL lets readers and several writers share the file; FULL syncs every commit, so a power cut
 * loses at most the decision in hand. Switching to WAL needs a moment alone with the file:
 * retry while another process is opening it too. */
static int set_wal(Records *db, char *err, size_t errsize)
{
    for (int i = 0;; i++) {
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(CONN(db), "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            break;
        if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) || i == 200)
            return sql_fail(db, err, errsize, "cannot set up the records database");
        sqlite3_sleep(50);
    }
    return sql_exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", err, errsize);
}

/* A handle on name (a path, or an SQLite URI with SQLITE_OPEN_URI in flags). 0 or -1. */
static int handle_open(Records *db, const char *name, int flags, char *err, size_t errsize)
{
    sqlite3 *h = NULL;
    /* A store is used by one thread at a time: no lock taken on every call (a stream reads
     * millions of columns) */
    int rc = sqlite3_open_v2(name, &h, flags | SQLITE_OPEN_NOMUTEX, NULL);
    db->conn = h;
    if (rc != SQLITE_OK)
        return records_errf(err, errsize, "%s: cannot open the records database: %s", db->path,
                            h ? sqlite3_errmsg(h) : "out of memory");
    sqlite3_extended_result_codes(h, 1);
    sqlite3_busy_timeout(h, 20000);
    /* Exports and reports read the whole file: map it (no read call per page) and keep more
     * pages in memory than SQLite's 2 MB default. */
    sqlite3_exec(h, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768", NULL, NULL, NULL);
    return 0;
}

static int open_writable(Records *db, const char *path, char *err, size_t errsize)
{
    if (make_parent_dirs(path, err, errsize) < 0 || create_private(path, err, errsize) < 0 ||
        handle_open(db, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err, errsize) < 0)
        return -1;
    int v;
    /* Look before changing anything: a foreign, newer or damaged file is left as it is. */
    if (check_file(db, &v, err, errsize) < 0 || check_integrity(db, err, errsize) < 0)
        return -1;
    if (sqlite3_db_readonly(CONN(db), "main") == 1)
        return records_errf(err, errsize,
                            "%s: cannot write the records database: the file is read-only for "
                            "this user (records export and report can still read it)", path);
    if (set_wal(db, err, errsize) < 0)
        return -1;
    if (v != RECORDS_SCHEMA_VERSION && migrate(db, err, errsize) < 0)
        return -1;
    /* Another process may have created or migrated it meanwhile: check what is there now. */
    if (check_file(db, &v, err, errsize) < 0)
        return -1;
    if (v != RECORDS_SCHEMA_VERSION)
        return records_errf(err, errsize, "%s: not a Sparring records database", path);
    return 0;
}

/* One read-only try: mode=ro, or immutable=1 (no -shm needed: for a folder nobody can write).
 * 1: opened (*v set), 0: SQLite could not set up read-only access, -1: refused (err set). */
static int try_readonly(Records *db, const char *path, bool immutable, int *v, char *err,
                        size_t errsize)
{
    char *uri = file_uri(path, immutable ? "immutable=1" : "mode=ro");
    if (!uri)
        return records_errf(err, errsize, "out of memory");
    int rc = handle_open(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, err, errsize);
    free(uri);
    if (rc < 0)
        return -1;
    if (check_file(db, v, err, errsize) == 0)
        return 1;
    int code = sqlite3_extended_errcode(CONN(db)) & 0xff;
    sqlite3_close_v2(CONN(db));
    db->conn = NULL;
    return !immutable && (code == SQLITE_CANTOPEN || code == SQLITE_READONLY) ? 0 : -1;
}

static int open_readonly(Records *db, const char *path, char *err, size_t errsize)
{
    if (access(path, F_OK) != 0)
        return records_errf(err, errsize, "%s: no records database there: %s", path,
                            strerror(errno));
    int v = 0, rc = try_readonly(db, path, false, &v, err, errsize);
    if (rc == 0)
        rc = try_readonly(db, path, true, &v, err, errsize);
    if (rc < 0)
        return -1;
    if (v == RECORDS_SCHEMA_VERSION)
        return 0;
    /* An older schema (or an empty file) must be migrated first, which needs a writable open. */
    records_cache_clear(db);
    sqlite3_close_v2(CONN(db));
    db->conn = NULL;
    db->read_only = false;
    return open_writable(db, path, err, errsize);
}

static int sql_open(Records *db, const char *path, char *err, size_t errsize)
{
    if (check_path(path, err, errsize) < 0)
        return -1;
    if (!(db->path = records_strdup(path)))
        return records_errf(err, errsize, "out of memory");
    return db->read_only ? open_readonly(db, path, err, errsize)
                         : open_writable(db, path, err, errsize);
}

static void sql_close(Records *db)
{
    sqlite3_close_v2(CONN(db));
    db->conn = NULL;
}

const RecordsBackend records_sqlite_backend = {
    .name = "sqlite",
    .open = sql_open,
    .close = sql_close,
    .prepare = sql_prepare,
    .finalize = sql_finalize,
    .reset = sql_reset,
    .bind_text = sql_bind_text,
    .bind_int64 = sql_bind_int64,
    .bind_double = sql_bind_double,
    .bind_null = sql_bind_null,
    .step = sql_step,
    .col_text = sql_col_text,
    .col_int64 = sql_col_int64,
    .col_double = sql_col_double,
    .col_null = sql_col_null,
    .changes = sql_changes,
    .exec = sql_exec,
    .in_transaction = sql_in_transaction,
    .fail = sql_fail,
    .begin_write_sql = "BEGIN IMMEDIATE",
    /* A read transaction starts at the first read: touch the schema to pin the snapshot. */
    .begin_read_sql = "BEGIN; SELECT count(*) FROM meta",
    .bind_blob = sql_bind_blob,
    .col_blob = sql_col_blob,
};
