/* records: the xAPI outbox (statements queued as attempts close, given their bodies, sent by
 * records sync and acknowledged) and the statement ids. */
#include "records_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "sha256.h"

typedef struct {
    char **ids;
    int n, cap;
} IdList;

static void idlist_free(IdList *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->ids[i]);
    free(l->ids);
    memset(l, 0, sizeof *l);
}

/* ---- statement ids and the queue --------------------------------------------------------- */

void records_statement_id(const char *attempt_id, const char *kind, int index, char out[37])
{
    /* Name-based like UUID version 5, with SHA-256 over "attempt/kind/index": the same statement
     * always gets the same id, so re-sending never duplicates it at the LRS. */
    char name[160];
    int n = snprintf(name, sizeof name, "%s/%s/%d", attempt_id, kind, index);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof name)
        n = (int)sizeof name - 1;
    Sha256 c;
    unsigned char h[32];
    sha256_init(&c);
    sha256_update(&c, "sparring-statement:", 19);
    sha256_update(&c, name, (size_t)n);
    sha256_final(&c, h);
    h[6] = (unsigned char)((h[6] & 0x0f) | 0x50);
    h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
    static const char hex[] = "0123456789abcdef";
    int o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[h[i] >> 4];
        out[o++] = hex[h[i] & 15];
    }
    out[o] = 0;
}

static int queue_one(Records *db, const char *attempt_id, const char *kind, int idx, char *err,
                     size_t errsize)
{
    char id[37];
    records_statement_id(attempt_id, kind, idx, id);
    RecStmt *st = records_prep(db, "INSERT INTO outbox(statement_id, attempt_id, kind, idx, "
                                   "body) VALUES(?1, ?2, ?3, ?4, NULL) ON CONFLICT DO NOTHING",
                                    err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, id);
    rs_bind_text(st, 2, attempt_id);
    rs_bind_text(st, 3, kind);
    rs_bind_int(st, 4, idx);
    int rc = rs_step(st);
    records_done(st);
    if (rc != REC_DONE)
        return records_fail(db, err, errsize, "cannot queue the xAPI statements");
    return 0;
}

int records_queue_statements(Records *db, const char *attempt_id, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "SELECT status, mode, passed, (SELECT count(*) FROM "
                                        "decisions WHERE attempt_id = ?1 AND rewound = 0) "
                                        "FROM attempts WHERE id = ?1", err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, attempt_id);
    int rc = rs_step(st);
    if (rc != REC_ROW) {
        records_done(st);
        if (rc == REC_DONE)
            return records_errf(err, errsize, "%s: no attempt %s", db->path, attempt_id);
        return records_fail(db, err, errsize, "cannot read the attempt");
    }
    const char *status = rs_text(st, 0);
    const char *mode = rs_text(st, 1);
    bool completed = status && !strcmp(status, "completed");
    bool assessment = mode && !strcmp(mode, "assessment");
    bool passed = rs_int(st, 2) != 0;
    int ndecisions = rs_int(st, 3);
    bool closed = status && strcmp(status, "in_progress");
    records_done(st);
    if (!closed)
        return 0;
    for (int i = 0; i < ndecisions; i++)
        if (queue_one(db, attempt_id, "answered", i, err, errsize) < 0)
            return -1;
    if (completed && queue_one(db, attempt_id, "completed", 0, err, errsize) < 0)
        return -1;
    if (completed && assessment &&
        queue_one(db, attempt_id, passed ? "passed" : "failed", 0, err, errsize) < 0)
        return -1;
    return 0;
}

/* ---- xAPI statements --------------------------------------------------------------------- */


/* ---- the outbox -------------------------------------------------------------------------- */

#define PREPARE_BATCH 200 /* attempts per transaction: short enough not to hold up recorders */

/* The attempts with statements waiting for a body, oldest first, at most PREPARE_BATCH. */
static int waiting_attempts(Records *db, IdList *ids, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "SELECT attempt_id FROM outbox WHERE body IS NULL "
                                   "AND acked_unix_ms IS NULL GROUP BY attempt_id "
                                   "ORDER BY min(seq) LIMIT ?1", err, errsize);
    if (!st)
        return -1;
    rs_bind_int(st, 1, PREPARE_BATCH);
    int rc;
    while ((rc = rs_step(st)) == REC_ROW) {
        char **n = records_grow(ids->ids, ids->n, &ids->cap, 32, sizeof *n);
        if (!n)
            break;
        ids->ids = n;
        if (!(ids->ids[ids->n] = records_col_dup(st, 0)))
            break;
        ids->n++;
    }
    records_done(st);
    if (rc == REC_ROW)
        return records_errf(err, errsize, "out of memory");
    if (rc != REC_DONE)
        return records_fail(db, err, errsize, "cannot read the outbox");
    return 0;
}

/* Loads attempt id with its details into a (cleared by the caller). */
static int load_attempt(Records *db, const char *id, RecordsAttempt *a, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "SELECT " RECORDS_ATTEMPT_COLUMNS RECORDS_ATTEMPT_FROM
                                   "WHERE a.id = ?1", err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, id);
    int rc = rs_step(st);
    int r = rc == REC_ROW ? records_attempt_from_row(st, a) : -1;
    records_done(st);
    if (rc == REC_DONE)
        return records_errf(err, errsize, "%s: the outbox names attempt %s, which is missing",
                            db->path, id);
    if (rc == REC_ROW && r < 0)
        return records_errf(err, errsize, "out of memory");
    if (rc != REC_ROW)
        return records_fail(db, err, errsize, "cannot read the attempt");
    return records_load_details(db, a, false, err, errsize);
}

/* Gives each waiting row of attempt a its body; audio: the recordings' lengths, named as the
 * export names them. */
static int prepare_attempt(Records *db, const RecordsAttempt *a, const RecordsXapiConfig *cfg,
                           const RecordsAudioIndex *audio, char *err, size_t errsize)
{
    RecStmt *rows = records_prep(db, "SELECT seq, kind, idx FROM outbox WHERE attempt_id = ?1 "
                                     "AND body IS NULL ORDER BY seq", err, errsize);
    if (!rows)
        return -1;
    rs_bind_text(rows, 1, a->attempt_id);
    int rc, r = 0;
    while (r == 0 && (rc = rs_step(rows)) == REC_ROW) {
        int64_t seq = rs_int64(rows, 0);
        const char *kind = rs_text(rows, 1);
        int idx = rs_int(rows, 2);
        TextBuf b = {0};
        bool answered = kind && !strcmp(kind, "answered");
        double rec = answered ? records_audio_index_seconds(audio, a->attempt_id, idx + 1) : 0;
        char *text = records_xapi_statement(&b, a, kind ? kind : "", idx, cfg, rec) == 0 ? b.s : NULL;
        if (!text) {
            free(b.s);
            r = records_errf(err, errsize, "%s: cannot build statement %s #%d of attempt %s (the "
                             "attempt's decisions do not match the outbox)",
                             db->path, kind ? kind : "?", idx, a->attempt_id);
            break;
        }
        RecStmt *up = records_prep(db, "UPDATE outbox SET body = ?2 WHERE seq = ?1", err, errsize);
        if (up) {
            rs_bind_int64(up, 1, seq);
            rs_bind_text(up, 2, text);
        }
        free(text);
        r = up ? records_step_done(db, up, err, errsize, "cannot update the outbox") : -1;
    }
    if (r == 0 && rc != REC_DONE)
        r = records_fail(db, err, errsize, "cannot read the outbox");
    records_done(rows);
    return r;
}

long records_outbox_prepare(Records *db, const RecordsXapiConfig *cfg, char *err, size_t errsize)
{
    for (;;) {
        if (records_begin_write(db, err, errsize) < 0)
            return -1;
        IdList ids = {0};
        int r = waiting_attempts(db, &ids, err, errsize);
        RecordsAudioIndex *audio = NULL;
        if (r == 0 && ids.n > 0 && !(audio = records_audio_index(db, err, errsize)))
            r = -1;
        for (int i = 0; r == 0 && i < ids.n; i++) {
            RecordsAttempt a;
            memset(&a, 0, sizeof a);
            r = load_attempt(db, ids.ids[i], &a, err, errsize);
            if (r == 0)
                r = prepare_attempt(db, &a, cfg, audio, err, errsize);
            records_attempt_clear(&a);
        }
        records_audio_index_free(audio);
        int n = ids.n;
        idlist_free(&ids);
        if (r < 0) {
            records_rollback(db);
            return -1;
        }
        if (n == 0) {
            records_rollback(db);
            break;
        }
        if (records_commit(db, err, errsize) < 0)
            return -1;
    }
    return records_outbox_pending(db);
}

int records_outbox_peek(Records *db, int max, RecordsOutboxItem **items, char *err,
                        size_t errsize)
{
    *items = NULL;
    if (max <= 0)
        return 0;
    RecStmt *st = records_prep(db, "SELECT statement_id, body FROM outbox WHERE "
                                        "acked_unix_ms IS NULL AND body IS NOT NULL "
                                        "ORDER BY seq LIMIT ?1", err, errsize);
    if (!st)
        return -1;
    rs_bind_int(st, 1, max);
    RecordsOutboxItem *list = calloc((size_t)max, sizeof *list);
    if (!list) {
        records_done(st);
        return records_errf(err, errsize, "out of memory");
    }
    int n = 0, rc;
    while (n < max && (rc = rs_step(st)) == REC_ROW) {
        const char *id = rs_text(st, 0);
        snprintf(list[n].id, sizeof list[n].id, "%s", id ? id : "");
        if (!(list[n].body = records_col_dup(st, 1))) {
            records_done(st);
            records_outbox_free(list, n);
            return records_errf(err, errsize, "out of memory");
        }
        n++;
    }
    if (n < max && rc != REC_DONE) {
        records_done(st);
        records_outbox_free(list, n);
        return records_fail(db, err, errsize, "cannot read the outbox");
    }
    records_done(st);
    *items = list;
    return n;
}

void records_outbox_free(RecordsOutboxItem *items, int n)
{
    for (int i = 0; items && i < n; i++)
        free(items[i].body);
    free(items);
}

int records_outbox_ack(Records *db, const RecordsOutboxItem *items, int n, int64_t now_unix_ms,
                       char *err, size_t errsize)
{
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        /* The row stays as the record of what was sent and when; its text goes (it can be
         * made again, identically, from the attempt). */
        RecStmt *st = records_prep(db, "UPDATE outbox SET acked_unix_ms = ?2, body = NULL "
                                            "WHERE statement_id = ?1 AND acked_unix_ms IS NULL",
                                        err, errsize);
        if (!st)
            goto fail;
        rs_bind_text(st, 1, items[i].id);
        rs_bind_int64(st, 2, now_unix_ms);
        int rc = rs_step(st);
        records_done(st);
        if (rc != REC_DONE) {
            records_fail(db, err, errsize, "cannot update the outbox");
            goto fail;
        }
    }
    return records_commit(db, err, errsize);
fail:
    records_rollback(db);
    return -1;
}

/* Set aside: acked_unix_ms holds minus the time it was set aside, body is kept (no schema
 * change: the queue is "acked_unix_ms IS NULL", as before). */
int records_outbox_set_aside(Records *db, const char *statement_id, int64_t now_unix_ms,
                             char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "UPDATE outbox SET acked_unix_ms = -CAST(?2 AS BIGINT) "
                                        "WHERE statement_id = ?1 AND acked_unix_ms IS NULL",
                                    err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, statement_id);
    rs_bind_int64(st, 2, now_unix_ms > 0 ? now_unix_ms : 1);
    int rc = rs_step(st);
    records_done(st);
    return rc == REC_DONE ? 0 : records_fail(db, err, errsize, "cannot update the outbox");
}

int records_outbox_retry(Records *db, const char *statement_id, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "UPDATE outbox SET acked_unix_ms = NULL WHERE "
                                        "statement_id = ?1 AND acked_unix_ms < 0",
                                    err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, statement_id);
    int rc = rs_step(st);
    records_done(st);
    if (rc != REC_DONE)
        return records_fail(db, err, errsize, "cannot update the outbox");
    return rs_changes(st) > 0 ? 1 : 0;
}

int records_outbox_set_aside_list(Records *db, int max, RecordsOutboxItem **items, char *err,
                                  size_t errsize)
{
    *items = NULL;
    RecStmt *st = records_prep(db, "SELECT statement_id, body FROM outbox WHERE "
                                        "acked_unix_ms < 0 ORDER BY seq LIMIT ?1", err, errsize);
    if (!st)
        return -1;
    rs_bind_int(st, 1, max);
    RecordsOutboxItem *list = calloc((size_t)(max > 0 ? max : 1), sizeof *list);
    int n = 0, rc = REC_DONE;
    while (list && n < max && (rc = rs_step(st)) == REC_ROW) {
        const char *id = rs_text(st, 0);
        snprintf(list[n].id, sizeof list[n].id, "%s", id ? id : "");
        if (!(list[n].body = records_col_dup(st, 1)))
            break;
        n++;
    }
    records_done(st);
    if (!list || (n < max && rc == REC_ROW)) {
        records_outbox_free(list, n);
        return records_errf(err, errsize, "out of memory");
    }
    if (n < max && rc != REC_DONE) {
        records_outbox_free(list, n);
        return records_fail(db, err, errsize, "cannot read the outbox");
    }
    *items = list;
    return n;
}

long records_outbox_pending(Records *db)
{
    RecStmt *st = records_prep(db, "SELECT count(*) FROM outbox WHERE acked_unix_ms IS NULL",
                                    NULL, 0);
    if (!st)
        return -1;
    long n = rs_step(st) == REC_ROW ? (long)rs_int64(st, 0) : -1;
    records_done(st);
    return n;
}


/* ---- one sender at a time ---------------------------------------------------------------- */

/* The key of the sync lock among the server's advisory locks (the schema's set-up takes
 * 7461273, for its transaction only). */
#define RECORDS_PG_SYNC_LOCK "7461274"

static int pg_sync_lock(Records *db, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "SELECT pg_try_advisory_lock(" RECORDS_PG_SYNC_LOCK ")", err,
                               errsize);
    if (!st)
        return -1;
    if (rs_step(st) != REC_ROW) {
        records_done(st);
        return records_fail(db, err, errsize, "cannot take the sync lock");
    }
    const char *got = rs_text(st, 0);
    int rc = got && (*got == 't' || *got == '1') ? 0 : 1;
    records_done(st);
    return rc;
}

static int file_sync_lock(Records *db, char *err, size_t errsize)
{
    size_t n = strlen(records_path(db)) + sizeof "-sync.lock";
    char *lock = malloc(n);
    if (!lock)
        return records_errf(err, errsize, "out of memory");
    snprintf(lock, n, "%s-sync.lock", records_path(db));
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        records_errf(err, errsize, "cannot create the lock %s: %s", lock, strerror(errno));
        free(lock);
        return -1;
    }
    free(lock);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return 1;
    }
    db->sync_lock = fd + 1;
    return 0;
}

int records_outbox_lock(Records *db, char *err, size_t errsize)
{
    if (db->sync_lock)
        return 0;
    return db->be == &records_pg_backend ? pg_sync_lock(db, err, errsize)
                                         : file_sync_lock(db, err, errsize);
}
