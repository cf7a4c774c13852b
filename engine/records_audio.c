/* records: recordings of spoken answers (say aloud), kept with their attempt: adding one,
 * reading them back, purging old ones (retention), copying them with their attempt, and the
 * lengths an export names. The bytes are stored as given; the engine never decodes them. */
#include "records_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static bool known_format(const char *f)
{
    return f && (!strcmp(f, "flac") || !strcmp(f, "wav") || !strcmp(f, "ogg") ||
                 !strcmp(f, "opus"));
}

static int check_audio(const RecordsAudio *a, int decision_number, char *err, size_t errsize)
{
    if (decision_number < 1)
        return records_errf(err, errsize, "a recording needs a decision number of 1 or more "
                            "(got %d)", decision_number);
    if (!known_format(a->format))
        return records_errf(err, errsize, "a recording's format must be flac, wav, ogg or opus");
    if (!a->data || a->size == 0 || a->size > RECORDS_AUDIO_MAX_BYTES)
        return records_errf(err, errsize, "a recording must hold 1 to %u bytes (got %zu)",
                            RECORDS_AUDIO_MAX_BYTES, a->size);
    if (!isfinite(a->seconds) || a->seconds < 0 || !isfinite(a->level_dbfs))
        return records_errf(err, errsize, "a recording's length and level must be numbers");
    if (a->node && !text_utf8_valid(a->node, strlen(a->node)))
        return records_errf(err, errsize, "a recording's node id is not UTF-8");
    return 0;
}

/* Inserts (or, while the attempt is in progress, replaces) one recording; no transaction. */
static int put(Records *db, const char *attempt_id, int decision, const char *node,
               const char *format, const void *data, size_t size, double seconds, double level,
               int64_t at_ms, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "INSERT INTO recordings(attempt_id, decision, node, format, "
                                   "bytes, seconds, level_dbfs, recorded_unix_ms) VALUES(?1, ?2, "
                                   "?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(attempt_id, decision) DO "
                                   "UPDATE SET node = excluded.node, format = excluded.format, "
                                   "bytes = excluded.bytes, seconds = excluded.seconds, "
                                   "level_dbfs = excluded.level_dbfs, "
                                   "recorded_unix_ms = excluded.recorded_unix_ms",
                               err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, attempt_id);
    rs_bind_int(st, 2, decision);
    rs_bind_text(st, 3, node);
    rs_bind_text(st, 4, format);
    rs_bind_blob(st, 5, data, size);
    rs_bind_double(st, 6, seconds);
    rs_bind_double(st, 7, level);
    rs_bind_int64(st, 8, at_ms);
    return records_step_done(db, st, err, errsize, "cannot store the recording");
}

int records_add_audio(Records *db, const char *attempt_id, int decision_number,
                      const RecordsAudio *a, int64_t now_unix_ms, char *err, size_t errsize)
{
    if (check_audio(a, decision_number, err, errsize) < 0)
        return -1;
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    RecStmt *st = records_prep(db, "SELECT count(*) FROM attempts WHERE id = ?1", err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, attempt_id);
    int rc = rs_step(st);
    bool found = rc == REC_ROW && rs_int(st, 0) > 0;
    records_done(st);
    if (rc != REC_ROW) {
        records_fail(db, err, errsize, "cannot read the attempts");
        goto fail;
    }
    if (!found) {
        records_errf(err, errsize, "no attempt '%s' to keep a recording with", attempt_id);
        goto fail;
    }
    if (put(db, attempt_id, decision_number, a->node ? a->node : "", a->format, a->data, a->size,
            a->seconds, a->level_dbfs, now_unix_ms, err, errsize) < 0)
        goto fail;
    return records_commit(db, err, errsize);
fail:
    records_rollback(db);
    return -1;
}

/* ---- reading ---------------------------------------------------------------------------- */

void records_recordings_free(RecordsRecording *list, int n)
{
    for (int i = 0; list && i < n; i++) {
        free(list[i].node);
        free(list[i].format);
        free(list[i].data);
    }
    free(list);
}

static int recording_row(RecStmt *st, RecordsRecording *r, bool with_data)
{
    r->decision = rs_int(st, 0);
    r->seconds = rs_double(st, 3);
    r->level_dbfs = rs_double(st, 4);
    r->recorded_unix_ms = rs_int64(st, 5);
    r->size = (size_t)rs_int64(st, 6);
    if (!(r->node = records_col_dup(st, 1)) || !(r->format = records_col_dup(st, 2)))
        return -1;
    if (!with_data)
        return 0;
    size_t n = 0;
    const void *b = rs_blob(st, 7, &n);
    r->size = n;
    if (!(r->data = malloc(n ? n : 1)))
        return -1;
    if (n)
        memcpy(r->data, b, n);
    return 0;
}

int records_recordings(Records *db, const char *attempt_id, bool with_data,
                       RecordsRecording **out, int *n, char *err, size_t errsize)
{
    *out = NULL;
    *n = 0;
    static const char with_sql[] =
        "SELECT decision, node, format, seconds, level_dbfs, recorded_unix_ms, length(bytes), "
        "bytes FROM recordings WHERE attempt_id = ?1 ORDER BY decision";
    static const char without_sql[] =
        "SELECT decision, node, format, seconds, level_dbfs, recorded_unix_ms, length(bytes) "
        "FROM recordings WHERE attempt_id = ?1 ORDER BY decision";
    RecStmt *st = records_prep(db, with_data ? with_sql : without_sql, err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, attempt_id);
    RecordsRecording *list = NULL;
    int cap = 0, count = 0, rc;
    while ((rc = rs_step(st)) == REC_ROW) {
        RecordsRecording *g = records_grow(list, count, &cap, 8, sizeof *list);
        if (!g)
            goto oom;
        list = g;
        memset(&list[count], 0, sizeof *list);
        count++;
        if (recording_row(st, &list[count - 1], with_data) < 0)
            goto oom;
    }
    records_done(st);
    if (rc != REC_DONE) {
        records_recordings_free(list, count);
        return records_fail(db, err, errsize, "cannot read the recordings");
    }
    *out = list;
    *n = count;
    return 0;
oom:
    records_done(st);
    records_recordings_free(list, count);
    return records_errf(err, errsize, "out of memory");
}

/* ---- retention --------------------------------------------------------------------------- */

int records_purge_audio(Records *db, int64_t older_than_unix_ms, long *removed, char *err,
                        size_t errsize)
{
    if (removed)
        *removed = 0;
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    RecStmt *st = records_prep(db, "DELETE FROM recordings WHERE recorded_unix_ms < ?1", err,
                               errsize);
    if (!st) {
        records_rollback(db);
        return -1;
    }
    rs_bind_int64(st, 1, older_than_unix_ms);
    int rc = rs_step(st);
    int64_t n = rc == REC_DONE ? rs_changes(st) : 0;
    records_done(st);
    if (rc != REC_DONE) {
        records_fail(db, err, errsize, "cannot delete the old recordings");
        records_rollback(db);
        return -1;
    }
    if (records_commit(db, err, errsize) < 0)
        return -1;
    if (removed)
        *removed = (long)n;
    return 0;
}

/* ---- records copy ------------------------------------------------------------------------ */

int records_audio_copy(Records *src, Records *dst, const char *attempt_id, char *err,
                       size_t errsize)
{
    RecordsRecording *list;
    int n;
    if (records_recordings(src, attempt_id, true, &list, &n, err, errsize) < 0)
        return -1;
    int r = 0;
    for (int i = 0; i < n && r == 0; i++)
        r = put(dst, attempt_id, list[i].decision, list[i].node, list[i].format, list[i].data,
                list[i].size, list[i].seconds, list[i].level_dbfs, list[i].recorded_unix_ms, err,
                errsize);
    records_recordings_free(list, n);
    return r;
}

/* ---- what an export names ---------------------------------------------------------------- */

struct RecordsAudioIndex {
    int n;
    struct {
        char id[37];
        int decision;
        double seconds;
    } *at; /* sorted by attempt id, then decision */
};

RecordsAudioIndex *records_audio_index(Records *db, char *err, size_t errsize)
{
    RecordsAudioIndex *x = calloc(1, sizeof *x);
    if (!x) {
        records_errf(err, errsize, "out of memory");
        return NULL;
    }
    RecStmt *st = records_prep(db, "SELECT attempt_id, decision, seconds FROM recordings "
                                   "ORDER BY attempt_id, decision", err, errsize);
    if (!st) {
        free(x);
        return NULL;
    }
    int cap = 0, rc;
    while ((rc = rs_step(st)) == REC_ROW) {
        void *g = records_grow(x->at, x->n, &cap, 64, sizeof *x->at);
        if (!g) {
            records_done(st);
            records_audio_index_free(x);
            records_errf(err, errsize, "out of memory");
            return NULL;
        }
        x->at = g;
        const char *id = rs_text(st, 0);
        snprintf(x->at[x->n].id, sizeof x->at[x->n].id, "%s", id ? id : "");
        x->at[x->n].decision = rs_int(st, 1);
        x->at[x->n].seconds = rs_double(st, 2);
        x->n++;
    }
    records_done(st);
    if (rc != REC_DONE) {
        records_audio_index_free(x);
        records_fail(db, err, errsize, "cannot read the recordings");
        return NULL;
    }
    return x;
}

double records_audio_index_seconds(const RecordsAudioIndex *x, const char *attempt_id,
                                   int decision_number)
{
    if (!x)
        return -1;
    int lo = 0, hi = x->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(x->at[mid].id, attempt_id);
        if (c == 0)
            c = x->at[mid].decision < decision_number ? -1 : x->at[mid].decision > decision_number;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < x->n && !strcmp(x->at[lo].id, attempt_id) && x->at[lo].decision == decision_number)
        return x->at[lo].seconds;
    return -1;
}

void records_audio_index_free(RecordsAudioIndex *x)
{
    if (x)
        free(x->at);
    free(x);
}
