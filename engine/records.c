/* records: the SQLite store, its schema and migrations, and the Recorder. */
#include "records_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cjson/cJSON.h>

/* ---- errors and small helpers ---------------------------------------------------------- */

int records_errf(char *err, size_t errsize, const char *fmt, ...)
{
    if (err && errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsize, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int records_fail(Records *db, char *err, size_t errsize, const char *what)
{
    int code = sqlite3_extended_errcode(db->db) & 0xff;
    const char *msg = sqlite3_errmsg(db->db);
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

char *records_strdup(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

char *records_col_dup(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return records_strdup(t ? (const char *)t : "");
}

static int exec(Records *db, const char *sql, char *err, size_t errsize)
{
    if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return records_fail(db, err, errsize, "cannot update the records");
    return 0;
}

int records_begin_write(Records *db, char *err, size_t errsize)
{
    return exec(db, "BEGIN IMMEDIATE", err, errsize);
}

int records_begin_read(Records *db, char *err, size_t errsize)
{
    /* A read transaction starts at the first read; touch the schema to pin the snapshot. */
    if (exec(db, "BEGIN", err, errsize) < 0)
        return -1;
    if (sqlite3_exec(db->db, "SELECT count(*) FROM meta", NULL, NULL, NULL) != SQLITE_OK) {
        records_fail(db, err, errsize, "cannot read the records");
        records_rollback(db);
        return -1;
    }
    return 0;
}

int records_commit(Records *db, char *err, size_t errsize)
{
    if (sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        records_fail(db, err, errsize, "cannot commit to the records");
        records_rollback(db);
        return -1;
    }
    return 0;
}

void records_rollback(Records *db)
{
    if (!sqlite3_get_autocommit(db->db))
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
}

/* The array arr, holding n elements of `size` bytes in *cap, with room for one more: doubled,
 * from `first`. NULL when out of memory (arr is then still valid and *cap unchanged). */
static void *grow(void *arr, int n, int *cap, int first, size_t size)
{
    if (n < *cap)
        return arr;
    int c = *cap ? *cap * 2 : first;
    void *p = realloc(arr, (size_t)c * size);
    if (p)
        *cap = c;
    return p;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* Runs a statement that returns no rows, then resets it. 0 or -1. */
static int step_done(Records *db, sqlite3_stmt *st, char *err, size_t errsize, const char *what)
{
    int rc = sqlite3_step(st);
    records_done(st);
    if (rc != SQLITE_DONE)
        return records_fail(db, err, errsize, what);
    return 0;
}

void records_uuid4(char out[37])
{
    uint8_t b[16];
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        while (got < sizeof b) {
            ssize_t r = read(fd, b + got, sizeof b - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        close(fd);
    }
    if (got < sizeof b) {
        /* No /dev/urandom: still unique enough per process (pid, address, counter). */
        static uint64_t counter;
        uint64_t x = (uint64_t)getpid() * 0x9e3779b97f4a7c15u ^ (uint64_t)(uintptr_t)&got ^ ++counter;
        for (int i = 0; i < 16; i++) {
            x ^= x >> 31;
            x *= 0xbf58476d1ce4e5b9u;
            b[i] = (uint8_t)(x >> 56);
        }
    }
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
    static const char hex[] = "0123456789abcdef";
    int o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 15];
    }
    out[o] = 0;
}

sqlite3_stmt *records_prep(Records *db, const char *sql, char *err, size_t errsize)
{
    for (int i = 0; i < db->ncache; i++)
        if (db->cache[i].sql == sql && !strcmp(db->cache[i].text, sql))
            return db->cache[i].st;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        records_fail(db, err, errsize, "cannot read the records");
        sqlite3_finalize(st);
        return NULL;
    }
    int slot = db->ncache;
    if (slot == RECORDS_STMT_CACHE) {
        /* Full: replace the oldest. */
        sqlite3_finalize(db->cache[0].st);
        free(db->cache[0].text);
        memmove(db->cache, db->cache + 1, (RECORDS_STMT_CACHE - 1) * sizeof db->cache[0]);
        slot = RECORDS_STMT_CACHE - 1;
    } else {
        db->ncache++;
    }
    db->cache[slot].sql = sql;
    db->cache[slot].text = records_strdup(sql);
    db->cache[slot].st = st;
    if (!db->cache[slot].text) {
        sqlite3_finalize(st);
        db->ncache--;
        records_errf(err, errsize, "out of memory");
        return NULL;
    }
    return st;
}

void records_done(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

/* ---- process identity: who owns an in_progress attempt ----------------------------------- */

static void host_name(char *buf, size_t size)
{
    if (gethostname(buf, size) != 0 || !buf[0])
        snprintf(buf, size, "localhost");
    buf[size - 1] = 0;
}

/* The start time of a process (clock ticks since boot, /proc/PID/stat field 22), so a pid
 * reused by another program is not taken for the owner. 0 when unknown. */
static int64_t process_start(long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p)
        return 0;
    p++;
    /* After ")": field 3 (state) is the first; starttime is field 22. */
    for (int field = 3; field < 22 && p; field++) {
        p = strchr(p + 1, ' ');
    }
    if (!p)
        return 0;
    return strtoll(p + 1, NULL, 10);
}

static bool process_alive(long pid, int64_t start)
{
    if (pid <= 0)
        return false;
    if (kill((pid_t)pid, 0) != 0 && errno != EPERM)
        return false;
    int64_t now_start = process_start(pid);
    if (start && now_start && now_start != start)
        return false; /* the pid was reused */
    return true;
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

static int user_version(Records *db, int *v, char *err, size_t errsize)
{
    sqlite3_stmt *st = records_prep(db, "PRAGMA user_version", err, errsize);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        records_done(st);
        return records_fail(db, err, errsize, "cannot read the schema version");
    }
    *v = sqlite3_column_int(st, 0);
    records_done(st);
    return 0;
}

static int count_tables(Records *db, int *n, char *err, size_t errsize)
{
    sqlite3_stmt *st = records_prep(db, "SELECT count(*) FROM sqlite_master", err, errsize);
    if (!st)
        return -1;
    if (sqlite3_step(st) != SQLITE_ROW) {
        records_done(st);
        return records_fail(db, err, errsize, "cannot read the database");
    }
    *n = sqlite3_column_int(st, 0);
    records_done(st);
    return 0;
}

/* 1: the meta table says this is a records database; 0: it is some other file; -1: it cannot
 * be read (damaged), with err set. */
static int is_ours(Records *db, char *err, size_t errsize)
{
    sqlite3_stmt *st = NULL;
    int ours = 0;
    int rc = sqlite3_prepare_v2(db->db, "SELECT value FROM meta WHERE key = 'application'", -1,
                                &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const unsigned char *v = sqlite3_column_text(st, 0);
            ours = v && !strcmp((const char *)v, "sparring-records");
        } else if (rc != SQLITE_DONE) {
            ours = -1;
        }
    } else if ((sqlite3_extended_errcode(db->db) & 0xff) != SQLITE_ERROR) {
        ours = -1; /* SQLITE_ERROR is "no such table": a foreign file */
    }
    sqlite3_finalize(st);
    if (ours < 0)
        records_fail(db, err, errsize, "cannot read the database");
    return ours;
}

static int foreign(Records *db, char *err, size_t errsize)
{
    return records_errf(err, errsize,
                        "%s: not a Sparring records database (an SQLite file of another program); "
                        "choose another file with --db",
                        db->path);
}

static int migrate(Records *db, char *err, size_t errsize)
{
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    int v, ntables;
    if (user_version(db, &v, err, errsize) < 0 || count_tables(db, &ntables, err, errsize) < 0)
        goto fail;
    if (v == 0 && ntables > 0) {
        foreign(db, err, errsize);
        goto fail;
    }
    if (v > RECORDS_SCHEMA_VERSION) {
        records_errf(err, errsize,
                     "%s: the records database has schema version %d, written by a newer "
                     "Sparring; this build reads up to version %d: update Sparring",
                     db->path, v, RECORDS_SCHEMA_VERSION);
        goto fail;
    }
    if (v > 0) {
        int ours = is_ours(db, err, errsize);
        if (ours <= 0) {
            if (ours == 0)
                foreign(db, err, errsize);
            goto fail;
        }
    }
    if (v == 0) {
        if (exec(db, records_schema_v1, err, errsize) < 0)
            goto fail;
        v = 1;
    }
    if (v == 1) {
        if (exec(db, schema_v2, err, errsize) < 0)
            goto fail;
        /* Attempts closed under version 1 were never sent anywhere: queue them. */
        sqlite3_stmt *st = records_prep(db, "SELECT id FROM attempts WHERE status <> 'in_progress' "
                                    "ORDER BY started_unix_ms, id", err, errsize);
        if (!st)
            goto fail;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (records_queue_statements(db, (const char *)sqlite3_column_text(st, 0), err,
                                         errsize) < 0) {
                records_done(st);
                goto fail;
            }
        }
        records_done(st);
        if (rc != SQLITE_DONE) {
            records_fail(db, err, errsize, "cannot migrate the records");
            goto fail;
        }
        v = 2;
    }
    if (v == 2) {
        if (exec(db, schema_v3, err, errsize) < 0)
            goto fail;
        v = 3;
    }
    return records_commit(db, err, errsize);
fail:
    records_rollback(db);
    return -1;
}

static int make_parent_dirs(const char *path, char *err, size_t errsize)
{
    char *p = records_strdup(path);
    if (!p)
        return records_errf(err, errsize, "out of memory");
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = 0;
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
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

Records *records_open(const char *path, char *err, size_t errsize)
{
    if (!path || !*path) {
        records_errf(err, errsize, "no records database path");
        return NULL;
    }
    struct stat stbuf;
    if (stat(path, &stbuf) == 0 && S_ISDIR(stbuf.st_mode)) {
        records_errf(err, errsize, "%s: is a folder, not a records database", path);
        return NULL;
    }
    if (make_parent_dirs(path, err, errsize) < 0)
        return NULL;
    Records *db = calloc(1, sizeof *db);
    if (!db || !(db->path = records_strdup(path))) {
        free(db);
        records_errf(err, errsize, "out of memory");
        return NULL;
    }
    if (sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        records_errf(err, errsize, "%s: cannot open the records database: %s", path,
                     db->db ? sqlite3_errmsg(db->db) : "out of memory");
        records_close(db);
        return NULL;
    }
    sqlite3_extended_result_codes(db->db, 1);
    sqlite3_busy_timeout(db->db, 20000);
    int v, ntables;
    /* Look before changing anything: a foreign or damaged file is left as it is. */
    if (count_tables(db, &ntables, err, errsize) < 0 || user_version(db, &v, err, errsize) < 0)
        goto fail;
    if (v == 0 && ntables > 0) {
        foreign(db, err, errsize);
        goto fail;
    }
    if (v > 0) {
        int ours = is_ours(db, err, errsize);
        if (ours <= 0) {
            if (ours == 0)
                foreign(db, err, errsize);
            goto fail;
        }
    }
    /* WAL lets readers and several writers share the file; FULL syncs every commit, so a power
     * cut loses at most the decision in hand. Switching to WAL needs a moment alone with the
     * file: retry while another process is opening it too. */
    for (int i = 0;; i++) {
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            break;
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) {
            records_fail(db, err, errsize, "cannot set up the records database");
            goto fail;
        }
        if (i == 200) {
            records_fail(db, err, errsize, "cannot set up the records database");
            goto fail;
        }
        sqlite3_sleep(50);
    }
    if (exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", err, errsize) < 0)
        goto fail;
    if (v != RECORDS_SCHEMA_VERSION && migrate(db, err, errsize) < 0)
        goto fail;
    /* Another process may have created or migrated it meanwhile: check what is there now. */
    if (user_version(db, &v, err, errsize) < 0)
        goto fail;
    int ours = is_ours(db, err, errsize);
    if (ours < 0)
        goto fail;
    if (v != RECORDS_SCHEMA_VERSION || !ours) {
        if (v > RECORDS_SCHEMA_VERSION)
            records_errf(err, errsize,
                         "%s: the records database has schema version %d, written by a newer "
                         "Sparring; this build reads up to version %d: update Sparring",
                         path, v, RECORDS_SCHEMA_VERSION);
        else
            records_errf(err, errsize, "%s: not a Sparring records database", path);
        goto fail;
    }
    return db;
fail:
    records_close(db);
    return NULL;
}

void records_close(Records *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->ncache; i++) {
        sqlite3_finalize(db->cache[i].st);
        free(db->cache[i].text);
    }
    sqlite3_close_v2(db->db);
    free(db->path);
    free(db);
}

const char *records_path(const Records *db)
{
    return db->path;
}

/* ---- times ------------------------------------------------------------------------------ */

void records_iso8601(int64_t unix_ms, char *buf, size_t size)
{
    int64_t secs = unix_ms >= 0 ? unix_ms / 1000 : -((-unix_ms + 999) / 1000);
    int ms = (int)(unix_ms - secs * 1000);
    /* Civil date from days since the epoch (proleptic Gregorian, no time zone tables). */
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rem = secs - days * 86400;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    snprintf(buf, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03dZ", (long long)y,
             (long long)m, (long long)d, (long long)(rem / 3600), (long long)(rem / 60 % 60),
             (long long)(rem % 60), ms);
}

void records_seconds(int64_t ms, char *buf, size_t size)
{
    if (ms < 0)
        ms = 0;
    int n = snprintf(buf, size, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
    if (n <= 0 || (size_t)n >= size)
        return;
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = 0;
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = 0;
}

/* ---- the Recorder ------------------------------------------------------------------------ */

struct Recorder {
    Records *db;
    char id[37];
    const Scenario *sc;
    int nstored, cap;
    PlayStep *stored;      /* the live steps stored, to notice a rewind */
    int64_t next_seq;      /* of steps (and their decisions) */
    int64_t next_mentor;
    bool completed;
};

static int stored_push(Recorder *r, const PlayStep *s)
{
    PlayStep *n = grow(r->stored, r->nstored, &r->cap, 32, sizeof *n);
    if (!n)
        return -1;
    r->stored = n;
    r->stored[r->nstored++] = *s;
    return 0;
}

static bool same_step(const PlayStep *a, const PlayStep *b)
{
    return a->kind == b->kind && a->node == b->node && a->index == b->index &&
           a->value == b->value && a->at_ms == b->at_ms && a->took_ms == b->took_ms;
}

static bool is_decision(PlayStepKind k)
{
    return k == PLAY_STEP_CHOICE || k == PLAY_STEP_TIMEOUT;
}

static char *points_json(const Scenario *sc, const ScChoice *c)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    for (int i = 0; c && i < c->nscore; i++) {
        const ScCompetency *comp = scenario_competency(sc, c->score[i].competency);
        cJSON *prev = cJSON_GetObjectItemCaseSensitive(o, comp->id);
        if (prev)
            cJSON_SetNumberValue(prev, prev->valuedouble + c->score[i].points);
        else
            cJSON_AddNumberToObject(o, comp->id, c->score[i].points);
    }
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

/* The order shown at decision step i, as choice ids; and a choice's techniques. */
static char *shown_json(const Play *p, int i)
{
    const ScNode *n = scenario_node(play_scenario(p), play_step(p, i)->node);
    int shown[SC_MAX_CHOICES];
    int k = play_step_shown(p, i, shown);
    cJSON *a = cJSON_CreateArray();
    for (int j = 0; a && j < k; j++)
        cJSON_AddItemToArray(a, cJSON_CreateString(n->choices[shown[j]].id));
    char *s = a ? cJSON_PrintUnformatted(a) : NULL;
    cJSON_Delete(a);
    return s;
}

static char *techniques_json(const ScChoice *c)
{
    cJSON *a = c && c->ntechniques > 0 /* (cJSON gives NULL for none) */
                   ? cJSON_CreateStringArray((const char *const *)c->techniques, c->ntechniques)
                   : cJSON_CreateArray();
    char *s = a ? cJSON_PrintUnformatted(a) : NULL;
    cJSON_Delete(a);
    return s;
}

static char *meters_json(const Scenario *sc, const int *meters)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    for (int i = 0; meters && i < scenario_meter_count(sc); i++)
        cJSON_AddNumberToObject(o, scenario_meter(sc, i)->id, meters[i]);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

/* Marks stored steps from position `from` on as rewound (one transaction). */
static int mark_rewound(Recorder *r, int from, char *err, size_t errsize)
{
    Records *db = r->db;
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    sqlite3_stmt *st = records_prep(db, "UPDATE steps SET live = 0 WHERE attempt_id = ?1 AND live = 1 "
                                "AND position >= ?2", err, errsize);
    if (!st)
        goto fail;
    bind_text(st, 1, r->id);
    sqlite3_bind_int(st, 2, from);
    if (step_done(db, st, err, errsize, "cannot record a rewind") < 0)
        goto fail;
    st = records_prep(db, "UPDATE decisions SET rewound = 1 WHERE attempt_id = ?1 AND rewound = 0 "
                  "AND position >= ?2", err, errsize);
    if (!st)
        goto fail;
    bind_text(st, 1, r->id);
    sqlite3_bind_int(st, 2, from);
    if (step_done(db, st, err, errsize, "cannot record a rewind") < 0)
        goto fail;
    if (records_commit(db, err, errsize) < 0)
        return -1;
    r->nstored = from;
    return 0;
fail:
    records_rollback(db);
    return -1;
}

/* Stores step i of the play (and its decision) in one transaction. */
static int store_step(Recorder *r, const Play *p, int i, char *err, size_t errsize)
{
    Records *db = r->db;
    const PlayStep *s = play_step(p, i);
    const ScNode *node = scenario_node(r->sc, s->node);
    char *pts = NULL, *mtr = NULL, *shw = NULL, *tec = NULL;
    if (is_decision(s->kind)) {
        pts = points_json(r->sc, play_step_choice(p, i));
        mtr = meters_json(r->sc, play_step_meters(p, i));
        shw = shown_json(p, i);
        tec = techniques_json(play_step_choice(p, i));
        if (!pts || !mtr || !shw || !tec) {
            free(pts);
            free(mtr);
            free(shw);
            free(tec);
            return records_errf(err, errsize, "out of memory");
        }
    }
    if (records_begin_write(db, err, errsize) < 0)
        goto out_fail;
    sqlite3_stmt *st = records_prep(db, "INSERT INTO steps(attempt_id, seq, position, live, kind, node, "
                                "node_id, idx, value, at_ms, took_ms) "
                                "VALUES(?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err, errsize);
    if (!st)
        goto fail;
    bind_text(st, 1, r->id);
    sqlite3_bind_int64(st, 2, r->next_seq);
    sqlite3_bind_int(st, 3, i);
    sqlite3_bind_int(st, 4, (int)s->kind);
    sqlite3_bind_int(st, 5, s->node);
    bind_text(st, 6, node ? node->id : "");
    sqlite3_bind_int(st, 7, s->index);
    sqlite3_bind_int(st, 8, s->value);
    sqlite3_bind_int64(st, 9, s->at_ms);
    sqlite3_bind_int64(st, 10, s->took_ms);
    if (step_done(db, st, err, errsize, "cannot record a step") < 0)
        goto fail;
    if (pts) {
        const ScChoice *c = play_step_choice(p, i);
        st = records_prep(db, "INSERT INTO decisions(attempt_id, seq, position, rewound, node, choice, "
                      "points, meters, at_ms, took_ms, shown, critical, techniques) "
                      "VALUES(?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                  err, errsize);
        if (!st)
            goto fail;
        bind_text(st, 1, r->id);
        sqlite3_bind_int64(st, 2, r->next_seq);
        sqlite3_bind_int(st, 3, i);
        bind_text(st, 4, node ? node->id : "");
        bind_text(st, 5, s->kind == PLAY_STEP_TIMEOUT ? "timeout" : (c ? c->id : ""));
        bind_text(st, 6, pts);
        bind_text(st, 7, mtr);
        sqlite3_bind_int64(st, 8, s->at_ms);
        sqlite3_bind_int64(st, 9, s->took_ms);
        bind_text(st, 10, shw);
        sqlite3_bind_int(st, 11, c && c->critical ? 1 : 0);
        bind_text(st, 12, tec);
        if (step_done(db, st, err, errsize, "cannot record a decision") < 0)
            goto fail;
    }
    if (records_commit(db, err, errsize) < 0)
        goto out_fail;
    free(pts);
    free(mtr);
    free(shw);
    free(tec);
    r->next_seq++;
    if (stored_push(r, s) < 0)
        return records_errf(err, errsize, "out of memory");
    return 0;
fail:
    records_rollback(db);
out_fail:
    free(pts);
    free(mtr);
    free(shw);
    free(tec);
    return -1;
}

static const char *outcome_name(ScOutcome o)
{
    switch (o) {
    case SC_OUTCOME_PASS:
        return "pass";
    case SC_OUTCOME_FAIL:
        return "fail";
    case SC_OUTCOME_NEUTRAL:
        return "neutral";
    default:
        return "";
    }
}

static int complete(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize)
{
    Records *db = r->db;
    PlayResult res;
    play_result(p, &res);
    const ScNode *end = scenario_node(r->sc, play_node(p));
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    sqlite3_stmt *st = records_prep(db, "UPDATE attempts SET status = 'completed', ended_unix_ms = ?2, "
                                "ending = ?3, outcome = ?4, score_raw = ?5, score_max = ?6, "
                                "score_percent = ?7, passed = ?8 "
                                "WHERE id = ?1 AND status = 'in_progress'", err, errsize);
    if (!st)
        goto fail;
    bind_text(st, 1, r->id);
    sqlite3_bind_int64(st, 2, now_unix_ms);
    bind_text(st, 3, end ? end->id : "");
    bind_text(st, 4, outcome_name(res.outcome));
    sqlite3_bind_int64(st, 5, res.total.raw);
    sqlite3_bind_int64(st, 6, res.total.max);
    if (res.total.percent >= 0)
        sqlite3_bind_int(st, 7, res.total.percent);
    else
        sqlite3_bind_null(st, 7);
    sqlite3_bind_int(st, 8, res.passed ? 1 : 0);
    if (step_done(db, st, err, errsize, "cannot complete the attempt") < 0)
        goto fail;
    if (sqlite3_changes(db->db) != 1) {
        records_errf(err, errsize, "%s: attempt %s is no longer in progress (closed elsewhere)",
                     db->path, r->id);
        goto fail;
    }
    for (int i = 0; i < res.ncompetencies; i++) {
        st = records_prep(db, "INSERT OR REPLACE INTO competencies(attempt_id, competency_id, raw, max, "
                      "percent) VALUES(?1, ?2, ?3, ?4, ?5)", err, errsize);
        if (!st)
            goto fail;
        bind_text(st, 1, r->id);
        bind_text(st, 2, scenario_competency(r->sc, i)->id);
        sqlite3_bind_int64(st, 3, res.competency[i].raw);
        sqlite3_bind_int64(st, 4, res.competency[i].max);
        if (res.competency[i].percent >= 0)
            sqlite3_bind_int(st, 5, res.competency[i].percent);
        else
            sqlite3_bind_null(st, 5);
        if (step_done(db, st, err, errsize, "cannot record the result") < 0)
            goto fail;
    }
    if (records_queue_statements(db, r->id, err, errsize) < 0)
        goto fail;
    if (records_commit(db, err, errsize) < 0)
        return -1;
    r->completed = true;
    return 0;
fail:
    records_rollback(db);
    return -1;
}

int recorder_sync(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize)
{
    if (r->completed)
        return 0;
    int n = play_step_count(p);
    int k = 0;
    while (k < r->nstored && k < n && same_step(&r->stored[k], play_step(p, k)))
        k++;
    if (k < r->nstored && mark_rewound(r, k, err, errsize) < 0)
        return -1;
    for (int i = r->nstored; i < n; i++)
        if (store_step(r, p, i, err, errsize) < 0)
            return -1;
    if (play_status(p) == PLAY_ENDED)
        return complete(r, p, now_unix_ms, err, errsize);
    return 0;
}

static int set_owner(Records *db, const char *id, char *err, size_t errsize)
{
    char host[256];
    host_name(host, sizeof host);
    sqlite3_stmt *st = records_prep(db, "UPDATE attempts SET owner_host = ?2, owner_pid = ?3, "
                                "owner_start = ?4 WHERE id = ?1", err, errsize);
    if (!st)
        return -1;
    bind_text(st, 1, id);
    bind_text(st, 2, host);
    sqlite3_bind_int64(st, 3, (int64_t)getpid());
    sqlite3_bind_int64(st, 4, process_start((long)getpid()));
    return step_done(db, st, err, errsize, "cannot start the attempt");
}

Recorder *recorder_begin(Records *db, const Play *p, const AttemptMeta *meta,
                         int64_t started_unix_ms, char *err, size_t errsize)
{
    static const AttemptMeta none;
    if (!meta)
        meta = &none;
    const Scenario *sc = play_scenario(p);
    const char *mode = meta->mode && *meta->mode ? meta->mode : "practice";
    if (strcmp(mode, "practice") && strcmp(mode, "assessment") && strcmp(mode, "sandbox")) {
        records_errf(err, errsize, "unknown mode \"%s\" (practice, assessment or sandbox)", mode);
        return NULL;
    }
    const char *trainee = meta->trainee_id && *meta->trainee_id ? meta->trainee_id : "anonymous";
    const char *locale = meta->locale && *meta->locale ? meta->locale : "en";
    char host[256];
    host_name(host, sizeof host);
    const char *station = meta->station && *meta->station ? meta->station : host;
    double mult = meta->time_multiplier > 0 ? meta->time_multiplier : 1.0;
    const char *title = scenario_text(scenario_title(sc), scenario_locale_index(sc, locale));
    const ScNode *start = scenario_node(sc, play_step_count(p) > 0 ? play_step(p, 0)->node
                                                                   : play_node(p));

    Recorder *r = calloc(1, sizeof *r);
    if (!r) {
        records_errf(err, errsize, "out of memory");
        return NULL;
    }
    r->db = db;
    r->sc = sc;
    records_uuid4(r->id);

    if (records_begin_write(db, err, errsize) < 0)
        goto out;
    sqlite3_stmt *st = records_prep(db, "INSERT INTO trainees(id, name, team) VALUES(?1, ?2, ?3) "
                                "ON CONFLICT(id) DO UPDATE SET "
                                "name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END, "
                                "team = CASE WHEN excluded.team <> '' THEN excluded.team ELSE team END",
                            err, errsize);
    if (!st)
        goto fail;
    bind_text(st, 1, trainee);
    bind_text(st, 2, meta->trainee_name);
    bind_text(st, 3, meta->team);
    if (step_done(db, st, err, errsize, "cannot record the trainee") < 0)
        goto fail;
    st = records_prep(db, "INSERT INTO attempts(id, trainee_id, mentor_id, scenario_id, scenario_version, "
                  "scenario_title, scenario_sha256, level, mode, locale, station, start_node, seed, "
                  "time_multiplier, timers, started_unix_ms, status, pass_percent, scenario_group, "
                  "shuffle) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                  "'in_progress', ?17, ?18, ?19)", err, errsize);
    if (!st)
        goto fail;
    bind_text(st, 1, r->id);
    bind_text(st, 2, trainee);
    bind_text(st, 3, meta->mentor_id);
    bind_text(st, 4, scenario_id(sc));
    bind_text(st, 5, scenario_version(sc));
    bind_text(st, 6, title);
    bind_text(st, 7, scenario_sha256(sc));
    bind_text(st, 8, scenario_level_name(scenario_level(sc)));
    bind_text(st, 9, mode);
    bind_text(st, 10, locale);
    bind_text(st, 11, station);
    /* The node the play started at: the first step's node is where it was when the log began,
     * which is the start node unless `next` nodes advanced first (they log continues). */
    bind_text(st, 12, start ? start->id : "");
    sqlite3_bind_int64(st, 13, (int64_t)play_seed(p));
    sqlite3_bind_double(st, 14, mult);
    sqlite3_bind_int(st, 15, meta->no_timers ? 0 : 1);
    sqlite3_bind_int64(st, 16, started_unix_ms);
    sqlite3_bind_int(st, 17, scenario_pass_percent(sc));
    bind_text(st, 18, scenario_group(sc));
    sqlite3_bind_int(st, 19, play_options(p).shuffle ? 1 : 0);
    if (step_done(db, st, err, errsize, "cannot start the attempt") < 0)
        goto fail;
    if (set_owner(db, r->id, err, errsize) < 0)
        goto fail;
    if (records_commit(db, err, errsize) < 0)
        goto out;
    /* On failure the attempt exists and stays in_progress: the next recorder_sync retries. */
    (void)recorder_sync(r, p, started_unix_ms, err, errsize);
    return r;
fail:
    records_rollback(db);
out:
    free(r);
    return NULL;
}

const char *recorder_attempt_id(const Recorder *r)
{
    return r->id;
}

/* Inserts one mentor event at seq (-1: after the attempt's last one) in its own transaction. */
static int insert_mentor_event(Records *db, const char *attempt_id, int64_t seq, const char *kind,
                               const char *detail, int64_t offset_ms, int decision_index, char *err,
                               size_t errsize)
{
    static const char *const kinds[] = {"comment", "event", "meter", "pause", "resume", "rewind"};
    bool known = false;
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        known |= !strcmp(kind, kinds[i]);
    if (!known)
        return records_errf(err, errsize, "unknown mentor event kind \"%s\"", kind ? kind : "");
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    sqlite3_stmt *st;
    if (seq < 0) {
        st = records_prep(db, "SELECT (SELECT COUNT(*) FROM attempts WHERE id = ?1), "
                              "(SELECT COALESCE(MAX(seq), -1) + 1 FROM mentor_events WHERE attempt_id = ?1)",
                          err, errsize);
        if (!st)
            goto fail;
        bind_text(st, 1, attempt_id);
        bool found = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
        seq = found ? sqlite3_column_int64(st, 1) : -1;
        records_done(st);
        if (!found) {
            records_errf(err, errsize, "no attempt %s in the records", attempt_id);
            goto fail;
        }
    }
    st = records_prep(db, "INSERT INTO mentor_events(attempt_id, seq, kind, detail, "
                          "offset_ms, decision_index) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                      err, errsize);
    if (!st)
        goto fail;
    bind_text(st, 1, attempt_id);
    sqlite3_bind_int64(st, 2, seq);
    bind_text(st, 3, kind);
    bind_text(st, 4, detail);
    sqlite3_bind_int64(st, 5, offset_ms);
    sqlite3_bind_int(st, 6, decision_index);
    if (step_done(db, st, err, errsize, "cannot record the mentor event") < 0)
        goto fail;
    return records_commit(db, err, errsize) < 0 ? -1 : 0;
fail:
    records_rollback(db);
    return -1;
}

int recorder_mentor_event(Recorder *r, const char *kind, const char *detail, int64_t offset_ms,
                          int decision_index, char *err, size_t errsize)
{
    if (insert_mentor_event(r->db, r->id, r->next_mentor, kind, detail, offset_ms, decision_index, err,
                            errsize) < 0)
        return -1;
    r->next_mentor++;
    return 0;
}

int records_add_mentor_event(Records *db, const char *attempt_id, const char *kind, const char *detail,
                             int64_t offset_ms, int decision_index, char *err, size_t errsize)
{
    return insert_mentor_event(db, attempt_id, -1, kind, detail, offset_ms, decision_index, err, errsize);
}

static void recorder_free(Recorder *r)
{
    if (!r)
        return;
    free(r->stored);
    free(r);
}

int recorder_end(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize)
{
    int rc = recorder_sync(r, p, now_unix_ms, err, errsize);
    if (rc == 0 && !r->completed) {
        Records *db = r->db;
        if (records_begin_write(db, err, errsize) < 0) {
            rc = -1;
        } else {
            sqlite3_stmt *st = records_prep(db, "UPDATE attempts SET status = 'abandoned', "
                                        "ended_unix_ms = ?2 WHERE id = ?1 AND status = 'in_progress'",
                                    err, errsize);
            rc = st ? 0 : -1;
            if (st) {
                bind_text(st, 1, r->id);
                sqlite3_bind_int64(st, 2, now_unix_ms);
                rc = step_done(db, st, err, errsize, "cannot close the attempt");
            }
            if (rc == 0)
                rc = records_queue_statements(db, r->id, err, errsize);
            if (rc == 0)
                rc = records_commit(db, err, errsize);
            else
                records_rollback(db);
        }
    }
    recorder_free(r);
    return rc;
}

/* ---- reading attempts -------------------------------------------------------------------- */

void records_attempt_clear(RecordsAttempt *a)
{
    if (!a)
        return;
    free(a->trainee_id);
    free(a->trainee_name);
    free(a->team);
    free(a->mentor_id);
    free(a->scenario_id);
    free(a->scenario_version);
    free(a->scenario_title);
    free(a->scenario_sha256);
    free(a->level);
    free(a->mode);
    free(a->locale);
    free(a->station);
    free(a->start_node);
    free(a->status);
    free(a->ending);
    free(a->outcome);
    for (int i = 0; i < a->ndecisions; i++) {
        free(a->decisions[i].node);
        free(a->decisions[i].choice);
        free(a->decisions[i].points_json);
        free(a->decisions[i].meters_json);
        free(a->decisions[i].shown_json);
        free(a->decisions[i].techniques_json);
    }
    free(a->decisions);
    for (int i = 0; i < a->ncompetencies; i++)
        free(a->competencies[i].id);
    free(a->competencies);
    for (int i = 0; i < a->nmentor; i++) {
        free(a->mentor[i].kind);
        free(a->mentor[i].detail);
    }
    free(a->mentor);
    free(a->steps);
    free(a->scenario_group);
    memset(a, 0, sizeof *a);
}

void records_attempt_free(RecordsAttempt *a)
{
    records_attempt_clear(a);
    free(a);
}

void records_attempts_free(RecordsAttempt *list, int n)
{
    for (int i = 0; list && i < n; i++)
        records_attempt_clear(&list[i]);
    free(list);
}

int records_attempt_from_row(sqlite3_stmt *st, RecordsAttempt *a)
{
    memset(a, 0, sizeof *a);
    const unsigned char *id = sqlite3_column_text(st, 0);
    snprintf(a->attempt_id, sizeof a->attempt_id, "%s", id ? (const char *)id : "");
    char **strs[] = {&a->trainee_id, &a->trainee_name, &a->team, &a->mentor_id,
                     &a->scenario_id, &a->scenario_version, &a->scenario_title,
                     &a->scenario_sha256, &a->level, &a->mode, &a->locale, &a->station,
                     &a->start_node};
    for (int i = 0; i < 13; i++)
        if (!(*strs[i] = records_col_dup(st, 1 + i)))
            return -1;
    a->seed = (uint64_t)sqlite3_column_int64(st, 14);
    a->time_multiplier = sqlite3_column_double(st, 15);
    a->timers = sqlite3_column_int(st, 16) != 0;
    a->started_unix_ms = sqlite3_column_int64(st, 17);
    a->ended_unix_ms = sqlite3_column_type(st, 18) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 18);
    if (!(a->status = records_col_dup(st, 19)) || !(a->ending = records_col_dup(st, 20)) ||
        !(a->outcome = records_col_dup(st, 21)))
        return -1;
    a->raw = sqlite3_column_int64(st, 22);
    a->max = sqlite3_column_int64(st, 23);
    a->percent = sqlite3_column_type(st, 24) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 24);
    a->pass_percent = sqlite3_column_int(st, 25);
    a->passed = sqlite3_column_int(st, 26) != 0;
    if (!(a->scenario_group = records_col_dup(st, 27)))
        return -1;
    a->shuffle = sqlite3_column_int(st, 28) != 0;
    a->critical_errors = sqlite3_column_int(st, 29);
    return 0;
}

int records_load_details(Records *db, RecordsAttempt *a, bool steps, char *err, size_t errsize)
{
    sqlite3_stmt *st = records_prep(db, "SELECT rewound, node, choice, points, meters, at_ms, took_ms, "
                                "shown, critical, techniques "
                                "FROM decisions WHERE attempt_id = ?1 ORDER BY seq", err, errsize);
    if (!st)
        return -1;
    bind_text(st, 1, a->attempt_id);
    int rc, cap = 0, live = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RecordsDecision *n = grow(a->decisions, a->ndecisions, &cap, 16, sizeof *n);
        if (!n)
            goto oom;
        a->decisions = n;
        RecordsDecision *d = &a->decisions[a->ndecisions];
        memset(d, 0, sizeof *d);
        a->ndecisions++;
        d->rewound = sqlite3_column_int(st, 0) != 0;
        d->index = d->rewound ? -1 : live++;
        if (!(d->node = records_col_dup(st, 1)) || !(d->choice = records_col_dup(st, 2)) ||
            !(d->points_json = records_col_dup(st, 3)) || !(d->meters_json = records_col_dup(st, 4)))
            goto oom;
        d->at_ms = sqlite3_column_int64(st, 5);
        d->took_ms = sqlite3_column_int64(st, 6);
        d->critical = sqlite3_column_int(st, 8) != 0;
        if (!(d->shown_json = records_col_dup(st, 7)) || !(d->techniques_json = records_col_dup(st, 9)))
            goto oom;
    }
    records_done(st);
    if (rc != SQLITE_DONE)
        return records_fail(db, err, errsize, "cannot read the decisions");

    st = records_prep(db, "SELECT competency_id, raw, max, percent FROM competencies "
                  "WHERE attempt_id = ?1 ORDER BY competency_id", err, errsize);
    if (!st)
        return -1;
    bind_text(st, 1, a->attempt_id);
    cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RecordsCompetency *n = grow(a->competencies, a->ncompetencies, &cap, 8, sizeof *n);
        if (!n)
            goto oom;
        a->competencies = n;
        RecordsCompetency *c = &a->competencies[a->ncompetencies++];
        c->id = records_col_dup(st, 0);
        c->raw = sqlite3_column_int64(st, 1);
        c->max = sqlite3_column_int64(st, 2);
        c->percent = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
        if (!c->id)
            goto oom;
    }
    records_done(st);
    if (rc != SQLITE_DONE)
        return records_fail(db, err, errsize, "cannot read the competencies");

    st = records_prep(db, "SELECT kind, detail, offset_ms, decision_index FROM mentor_events "
                  "WHERE attempt_id = ?1 ORDER BY seq", err, errsize);
    if (!st)
        return -1;
    bind_text(st, 1, a->attempt_id);
    cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RecordsMentorEvent *n = grow(a->mentor, a->nmentor, &cap, 8, sizeof *n);
        if (!n)
            goto oom;
        a->mentor = n;
        RecordsMentorEvent *m = &a->mentor[a->nmentor++];
        m->kind = records_col_dup(st, 0);
        m->detail = records_col_dup(st, 1);
        m->offset_ms = sqlite3_column_int64(st, 2);
        m->decision_index = sqlite3_column_int(st, 3);
        if (!m->kind || !m->detail)
            goto oom;
    }
    records_done(st);
    if (rc != SQLITE_DONE)
        return records_fail(db, err, errsize, "cannot read the mentor events");

    if (!steps)
        return 0;
    st = records_prep(db, "SELECT kind, node, idx, value, at_ms, took_ms FROM steps "
                  "WHERE attempt_id = ?1 AND live = 1 ORDER BY position", err, errsize);
    if (!st)
        return -1;
    bind_text(st, 1, a->attempt_id);
    cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        PlayStep *n = grow(a->steps, a->nsteps, &cap, 16, sizeof *n);
        if (!n)
            goto oom;
        a->steps = n;
        PlayStep *s = &a->steps[a->nsteps++];
        s->kind = (PlayStepKind)sqlite3_column_int(st, 0);
        s->node = sqlite3_column_int(st, 1);
        s->index = sqlite3_column_int(st, 2);
        s->value = sqlite3_column_int(st, 3);
        s->at_ms = sqlite3_column_int64(st, 4);
        s->took_ms = sqlite3_column_int64(st, 5);
    }
    records_done(st);
    if (rc != SQLITE_DONE)
        return records_fail(db, err, errsize, "cannot read the steps");
    return 0;
oom:
    records_done(st);
    return records_errf(err, errsize, "out of memory");
}

RecordsAttempt *records_attempt_load(Records *db, const char *attempt_id, char *err,
                                     size_t errsize)
{
    RecordsAttempt *a = calloc(1, sizeof *a);
    if (!a) {
        records_errf(err, errsize, "out of memory");
        return NULL;
    }
    if (records_begin_read(db, err, errsize) < 0) {
        free(a);
        return NULL;
    }
    sqlite3_stmt *st = records_prep(db, "SELECT " RECORDS_ATTEMPT_COLUMNS RECORDS_ATTEMPT_FROM
                                "WHERE a.id = ?1", err, errsize);
    if (!st)
        goto fail;
    bind_text(st, 1, attempt_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        records_done(st);
        records_errf(err, errsize, "%s: no attempt %s", db->path, attempt_id);
        goto fail;
    }
    if (rc != SQLITE_ROW) {
        records_done(st);
        records_fail(db, err, errsize, "cannot read the attempt");
        goto fail;
    }
    if (records_attempt_from_row(st, a) < 0) {
        records_done(st);
        records_errf(err, errsize, "out of memory");
        goto fail;
    }
    records_done(st);
    if (records_load_details(db, a, true, err, errsize) < 0)
        goto fail;
    records_rollback(db);
    return a;
fail:
    records_rollback(db);
    records_attempt_free(a);
    return NULL;
}

int records_interrupted(Records *db, RecordsAttempt **out, int *n, char *err, size_t errsize)
{
    *out = NULL;
    *n = 0;
    char host[256];
    host_name(host, sizeof host);
    sqlite3_stmt *st = records_prep(db, "SELECT a.id, a.owner_pid, a.owner_start FROM attempts a "
                                "WHERE a.status = 'in_progress' AND a.owner_host = ?1 "
                                "ORDER BY a.started_unix_ms, a.id", err, errsize);
    if (!st)
        return -1;
    bind_text(st, 1, host);
    char (*ids)[37] = NULL;
    int nids = 0, cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long pid = (long)sqlite3_column_int64(st, 1);
        int64_t start = sqlite3_column_int64(st, 2);
        if (process_alive(pid, start))
            continue;
        char(*nn)[37] = grow(ids, nids, &cap, 8, sizeof *nn);
        if (!nn) {
            records_done(st);
            free(ids);
            return records_errf(err, errsize, "out of memory");
        }
        ids = nn;
        const unsigned char *id = sqlite3_column_text(st, 0);
        snprintf(ids[nids++], 37, "%s", id ? (const char *)id : "");
    }
    records_done(st);
    if (rc != SQLITE_DONE) {
        free(ids);
        return records_fail(db, err, errsize, "cannot read the attempts");
    }
    if (nids == 0) {
        free(ids);
        return 0;
    }
    RecordsAttempt *list = calloc((size_t)nids, sizeof *list);
    if (!list) {
        free(ids);
        return records_errf(err, errsize, "out of memory");
    }
    for (int i = 0; i < nids; i++) {
        RecordsAttempt *a = records_attempt_load(db, ids[i], err, errsize);
        if (!a) {
            records_attempts_free(list, i);
            free(ids);
            return -1;
        }
        list[i] = *a;
        free(a);
    }
    free(ids);
    *out = list;
    *n = nids;
    return 0;
}

int records_close_interrupted(Records *db, const char *attempt_id, char *err, size_t errsize)
{
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    char host[256];
    host_name(host, sizeof host);
    sqlite3_stmt *st = records_prep(db, "SELECT status, owner_host, owner_pid, owner_start, "
                                "started_unix_ms + max(coalesce((SELECT max(at_ms) FROM steps "
                                "WHERE attempt_id = ?1), 0), coalesce((SELECT max(offset_ms) "
                                "FROM mentor_events WHERE attempt_id = ?1), 0)) "
                                "FROM attempts WHERE id = ?1", err, errsize);
    if (!st)
        goto fail;
    bind_text(st, 1, attempt_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        records_done(st);
        if (rc == SQLITE_DONE)
            records_errf(err, errsize, "%s: no attempt %s", db->path, attempt_id);
        else
            records_fail(db, err, errsize, "cannot read the attempt");
        goto fail;
    }
    const char *status = (const char *)sqlite3_column_text(st, 0);
    const char *ohost = (const char *)sqlite3_column_text(st, 1);
    long pid = (long)sqlite3_column_int64(st, 2);
    int64_t pstart = sqlite3_column_int64(st, 3);
    int64_t ended = sqlite3_column_int64(st, 4);
    if (!status || strcmp(status, "in_progress")) {
        records_errf(err, errsize, "attempt %s is not in progress (it is %s)", attempt_id,
                     status ? status : "?");
        records_done(st);
        goto fail;
    }
    if (ohost && !strcmp(ohost, host) && pid != (long)getpid() && process_alive(pid, pstart)) {
        records_errf(err, errsize, "attempt %s is still being recorded by process %ld",
                     attempt_id, pid);
        records_done(st);
        goto fail;
    }
    records_done(st);
    st = records_prep(db, "UPDATE attempts SET status = 'interrupted', ended_unix_ms = ?2 WHERE id = ?1",
              err, errsize);
    if (!st)
        goto fail;
    bind_text(st, 1, attempt_id);
    sqlite3_bind_int64(st, 2, ended);
    if (step_done(db, st, err, errsize, "cannot close the attempt") < 0)
        goto fail;
    if (records_queue_statements(db, attempt_id, err, errsize) < 0)
        goto fail;
    return records_commit(db, err, errsize);
fail:
    records_rollback(db);
    return -1;
}

Recorder *recorder_resume(Records *db, const char *attempt_id, const Play *p, char *err,
                          size_t errsize)
{
    RecordsAttempt *a = records_attempt_load(db, attempt_id, err, errsize);
    if (!a)
        return NULL;
    Recorder *r = NULL;
    const Scenario *sc = play_scenario(p);
    if (strcmp(a->status, "in_progress")) {
        records_errf(err, errsize, "attempt %s is not in progress (it is %s)", attempt_id,
                     a->status);
        goto out;
    }
    if (strcmp(a->scenario_sha256, scenario_sha256(sc))) {
        records_errf(err, errsize, "attempt %s was recorded with another version of %s "
                     "(the file has changed): it cannot be resumed", attempt_id, a->scenario_id);
        goto out;
    }
    if (play_step_count(p) < a->nsteps) {
        records_errf(err, errsize, "the play has fewer steps than attempt %s", attempt_id);
        goto out;
    }
    for (int i = 0; i < a->nsteps; i++)
        if (!same_step(&a->steps[i], play_step(p, i))) {
            records_errf(err, errsize, "the play is not the replay of attempt %s (step %d "
                         "differs)", attempt_id, i + 1);
            goto out;
        }
    r = calloc(1, sizeof *r);
    if (!r) {
        records_errf(err, errsize, "out of memory");
        goto out;
    }
    r->db = db;
    r->sc = sc;
    memcpy(r->id, a->attempt_id, sizeof r->id);
    for (int i = 0; i < a->nsteps; i++)
        if (stored_push(r, &a->steps[i]) < 0) {
            records_errf(err, errsize, "out of memory");
            recorder_free(r);
            r = NULL;
            goto out;
        }
    sqlite3_stmt *st = records_prep(db, "SELECT coalesce((SELECT max(seq) + 1 FROM steps WHERE "
                                "attempt_id = ?1), 0), coalesce((SELECT max(seq) + 1 FROM "
                                "mentor_events WHERE attempt_id = ?1), 0)", err, errsize);
    if (st)
        bind_text(st, 1, r->id);
    if (!st || sqlite3_step(st) != SQLITE_ROW) {
        if (st)
            records_fail(db, err, errsize, "cannot read the attempt");
        records_done(st);
        recorder_free(r);
        r = NULL;
        goto out;
    }
    r->next_seq = sqlite3_column_int64(st, 0);
    r->next_mentor = sqlite3_column_int64(st, 1);
    records_done(st);
    if (set_owner(db, r->id, err, errsize) < 0) {
        recorder_free(r);
        r = NULL;
    }
out:
    records_attempt_free(a);
    return r;
}

/* ---- for the picker and the history chart ------------------------------------------------ */

int records_best_latest(Records *db, const char *trainee_id, const char *scenario_id, int *best,
                        int *latest, bool *passed_assessment)
{
    *best = *latest = -1;
    if (passed_assessment)
        *passed_assessment = false;
    sqlite3_stmt *st = records_prep(db, "SELECT max(score_percent), "
                                "(SELECT score_percent FROM attempts WHERE trainee_id = ?1 AND "
                                "scenario_id = ?2 AND status = 'completed' AND mode <> 'sandbox' "
                                "AND score_percent IS NOT NULL "
                                "ORDER BY started_unix_ms DESC, id DESC LIMIT 1), "
                                "max(mode = 'assessment' AND passed) "
                                "FROM attempts WHERE trainee_id = ?1 AND scenario_id = ?2 AND "
                                "status = 'completed' AND mode <> 'sandbox'", NULL, 0);
    if (!st)
        return -1;
    bind_text(st, 1, trainee_id);
    bind_text(st, 2, scenario_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) != SQLITE_NULL)
            *best = sqlite3_column_int(st, 0);
        if (sqlite3_column_type(st, 1) != SQLITE_NULL)
            *latest = sqlite3_column_int(st, 1);
        if (passed_assessment)
            *passed_assessment = sqlite3_column_int(st, 2) != 0;
    }
    records_done(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int records_history(Records *db, const char *trainee_id, const char *scenario_id,
                    RecordsHistoryPoint **out, int *n, char *err, size_t errsize)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = records_prep(db, "SELECT started_unix_ms, score_percent, mode = 'assessment', "
                                "passed FROM attempts WHERE trainee_id = ?1 AND scenario_id = ?2 "
                                "AND status = 'completed' AND mode <> 'sandbox' AND "
                                "score_percent IS NOT NULL ORDER BY started_unix_ms, id",
                            err, errsize);
    if (!st)
        return -1;
    bind_text(st, 1, trainee_id);
    bind_text(st, 2, scenario_id);
    int rc, cap = 0;
    RecordsHistoryPoint *pts = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RecordsHistoryPoint *nn = grow(pts, *n, &cap, 16, sizeof *nn);
        if (!nn) {
            records_done(st);
            free(pts);
            *n = 0;
            return records_errf(err, errsize, "out of memory");
        }
        pts = nn;
        RecordsHistoryPoint *h = &pts[(*n)++];
        h->started_unix_ms = sqlite3_column_int64(st, 0);
        h->percent = sqlite3_column_int(st, 1);
        h->assessment = sqlite3_column_int(st, 2) != 0;
        h->passed = sqlite3_column_int(st, 3) != 0;
    }
    records_done(st);
    if (rc != SQLITE_DONE) {
        free(pts);
        *n = 0;
        return records_fail(db, err, errsize, "cannot read the history");
    }
    *out = pts;
    return 0;
}

/* ---- bulk insertion ---------------------------------------------------------------------- */

static int insert_one(Records *db, RecordsAttempt *a, char *err, size_t errsize)
{
    if (!a->attempt_id[0])
        records_uuid4(a->attempt_id);
    sqlite3_stmt *st = records_prep(db, "INSERT INTO trainees(id, name, team) VALUES(?1, ?2, ?3) "
                                "ON CONFLICT(id) DO UPDATE SET "
                                "name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END, "
                                "team = CASE WHEN excluded.team <> '' THEN excluded.team ELSE team END",
                            err, errsize);
    if (!st)
        return -1;
    bind_text(st, 1, a->trainee_id && *a->trainee_id ? a->trainee_id : "anonymous");
    bind_text(st, 2, a->trainee_name);
    bind_text(st, 3, a->team);
    if (step_done(db, st, err, errsize, "cannot record the trainee") < 0)
        return -1;
    st = records_prep(db, "INSERT INTO attempts(id, trainee_id, mentor_id, scenario_id, scenario_version, "
                  "scenario_title, scenario_sha256, level, mode, locale, station, start_node, seed, "
                  "time_multiplier, timers, started_unix_ms, ended_unix_ms, status, ending, "
                  "outcome, score_raw, score_max, score_percent, pass_percent, passed, "
                  "scenario_group, shuffle) "
                  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                  "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)", err, errsize);
    if (!st)
        return -1;
    bind_text(st, 1, a->attempt_id);
    bind_text(st, 2, a->trainee_id && *a->trainee_id ? a->trainee_id : "anonymous");
    bind_text(st, 3, a->mentor_id);
    bind_text(st, 4, a->scenario_id);
    bind_text(st, 5, a->scenario_version);
    bind_text(st, 6, a->scenario_title);
    bind_text(st, 7, a->scenario_sha256);
    bind_text(st, 8, a->level && *a->level ? a->level : "new_hire");
    bind_text(st, 9, a->mode && *a->mode ? a->mode : "practice");
    bind_text(st, 10, a->locale && *a->locale ? a->locale : "en");
    bind_text(st, 11, a->station);
    bind_text(st, 12, a->start_node);
    sqlite3_bind_int64(st, 13, (int64_t)a->seed);
    sqlite3_bind_double(st, 14, a->time_multiplier > 0 ? a->time_multiplier : 1.0);
    sqlite3_bind_int(st, 15, a->timers ? 1 : 0);
    sqlite3_bind_int64(st, 16, a->started_unix_ms);
    if (a->ended_unix_ms >= 0 && a->status && strcmp(a->status, "in_progress"))
        sqlite3_bind_int64(st, 17, a->ended_unix_ms);
    else
        sqlite3_bind_null(st, 17);
    bind_text(st, 18, a->status && *a->status ? a->status : "in_progress");
    bind_text(st, 19, a->ending);
    bind_text(st, 20, a->outcome);
    sqlite3_bind_int64(st, 21, a->raw);
    sqlite3_bind_int64(st, 22, a->max);
    if (a->percent >= 0)
        sqlite3_bind_int(st, 23, a->percent);
    else
        sqlite3_bind_null(st, 23);
    sqlite3_bind_int(st, 24, a->pass_percent);
    sqlite3_bind_int(st, 25, a->passed ? 1 : 0);
    bind_text(st, 26, a->scenario_group && *a->scenario_group ? a->scenario_group : a->scenario_id);
    sqlite3_bind_int(st, 27, a->shuffle ? 1 : 0);
    if (step_done(db, st, err, errsize, "cannot record the attempt") < 0)
        return -1;
    int live = 0;
    for (int i = 0; i < a->ndecisions; i++) {
        RecordsDecision *d = &a->decisions[i];
        d->index = d->rewound ? -1 : live++;
        st = records_prep(db, "INSERT INTO decisions(attempt_id, seq, position, rewound, node, choice, "
                      "points, meters, at_ms, took_ms, shown, critical, techniques) "
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                  err, errsize);
        if (!st)
            return -1;
        bind_text(st, 1, a->attempt_id);
        sqlite3_bind_int(st, 2, i);
        sqlite3_bind_int(st, 3, i);
        sqlite3_bind_int(st, 4, d->rewound ? 1 : 0);
        bind_text(st, 5, d->node);
        bind_text(st, 6, d->choice);
        bind_text(st, 7, d->points_json && *d->points_json ? d->points_json : "{}");
        bind_text(st, 8, d->meters_json && *d->meters_json ? d->meters_json : "{}");
        sqlite3_bind_int64(st, 9, d->at_ms);
        sqlite3_bind_int64(st, 10, d->took_ms);
        bind_text(st, 11, d->shown_json && *d->shown_json ? d->shown_json : "[]");
        sqlite3_bind_int(st, 12, d->critical ? 1 : 0);
        bind_text(st, 13, d->techniques_json && *d->techniques_json ? d->techniques_json : "[]");
        if (step_done(db, st, err, errsize, "cannot record a decision") < 0)
            return -1;
    }
    for (int i = 0; i < a->nsteps; i++) {
        const PlayStep *s = &a->steps[i];
        st = records_prep(db, "INSERT INTO steps(attempt_id, seq, position, live, kind, node, node_id, "
                      "idx, value, at_ms, took_ms) VALUES(?1, ?2, ?2, 1, ?3, ?4, '', ?5, ?6, ?7, ?8)",
                  err, errsize);
        if (!st)
            return -1;
        bind_text(st, 1, a->attempt_id);
        sqlite3_bind_int(st, 2, i);
        sqlite3_bind_int(st, 3, (int)s->kind);
        sqlite3_bind_int(st, 4, s->node);
        sqlite3_bind_int(st, 5, s->index);
        sqlite3_bind_int(st, 6, s->value);
        sqlite3_bind_int64(st, 7, s->at_ms);
        sqlite3_bind_int64(st, 8, s->took_ms);
        if (step_done(db, st, err, errsize, "cannot record a step") < 0)
            return -1;
    }
    for (int i = 0; i < a->ncompetencies; i++) {
        const RecordsCompetency *c = &a->competencies[i];
        st = records_prep(db, "INSERT INTO competencies(attempt_id, competency_id, raw, max, percent) "
                      "VALUES(?1, ?2, ?3, ?4, ?5)", err, errsize);
        if (!st)
            return -1;
        bind_text(st, 1, a->attempt_id);
        bind_text(st, 2, c->id);
        sqlite3_bind_int64(st, 3, c->raw);
        sqlite3_bind_int64(st, 4, c->max);
        if (c->percent >= 0)
            sqlite3_bind_int(st, 5, c->percent);
        else
            sqlite3_bind_null(st, 5);
        if (step_done(db, st, err, errsize, "cannot record a competency") < 0)
            return -1;
    }
    for (int i = 0; i < a->nmentor; i++) {
        const RecordsMentorEvent *m = &a->mentor[i];
        st = records_prep(db, "INSERT INTO mentor_events(attempt_id, seq, kind, detail, offset_ms, "
                      "decision_index) VALUES(?1, ?2, ?3, ?4, ?5, ?6)", err, errsize);
        if (!st)
            return -1;
        bind_text(st, 1, a->attempt_id);
        sqlite3_bind_int(st, 2, i);
        bind_text(st, 3, m->kind);
        bind_text(st, 4, m->detail);
        sqlite3_bind_int64(st, 5, m->offset_ms);
        sqlite3_bind_int(st, 6, m->decision_index);
        if (step_done(db, st, err, errsize, "cannot record a mentor event") < 0)
            return -1;
    }
    if (a->status && strcmp(a->status, "in_progress") && *a->status)
        return records_queue_statements(db, a->attempt_id, err, errsize);
    return 0;
}

int records_insert_attempts(Records *db, RecordsAttempt *a, int n, char *err, size_t errsize)
{
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (insert_one(db, &a[i], err, errsize) < 0) {
            records_rollback(db);
            return -1;
        }
    return records_commit(db, err, errsize);
}
