/* records: reading attempts back (one attempt with everything in it, interrupted attempts,
 * the picker's best and latest, the history chart). */
#include "records_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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


int records_attempt_from_row(RecStmt *st, RecordsAttempt *a)
{
    memset(a, 0, sizeof *a);
    const char *id = rs_text(st, 0);
    snprintf(a->attempt_id, sizeof a->attempt_id, "%s", id ? id : "");
    char **strs[] = {&a->trainee_id, &a->trainee_name, &a->team, &a->mentor_id,
                     &a->scenario_id, &a->scenario_version, &a->scenario_title,
                     &a->scenario_sha256, &a->level, &a->mode, &a->locale, &a->station,
                     &a->start_node};
    for (int i = 0; i < 13; i++)
        if (!(*strs[i] = records_col_dup(st, 1 + i)))
            return -1;
    a->seed = (uint64_t)rs_int64(st, 14);
    a->time_multiplier = rs_double(st, 15);
    a->timers = rs_int(st, 16) != 0;
    a->started_unix_ms = rs_int64(st, 17);
    a->ended_unix_ms = rs_null(st, 18) ? -1 : rs_int64(st, 18);
    if (!(a->status = records_col_dup(st, 19)) || !(a->ending = records_col_dup(st, 20)) ||
        !(a->outcome = records_col_dup(st, 21)))
        return -1;
    a->raw = rs_int64(st, 22);
    a->max = rs_int64(st, 23);
    a->percent = rs_int_opt(st, 24);
    a->pass_percent = rs_int(st, 25);
    a->passed = rs_int(st, 26) != 0;
    if (!(a->scenario_group = records_col_dup(st, 27)))
        return -1;
    a->shuffle = rs_int(st, 28) != 0;
    a->critical_errors = rs_int(st, 29);
    return 0;
}


/* ---- the details of an attempt: one table-driven loop ---------------------------------- */

/* Fills one element from a row; -1 when out of memory. live counts the decisions not rewound. */
typedef int (*DetailRow)(RecStmt *st, void *elem, int *live);

static int decision_row(RecStmt *st, void *elem, int *live)
{
    RecordsDecision *d = elem;
    d->rewound = rs_int(st, 0) != 0;
    d->index = d->rewound ? -1 : (*live)++;
    d->at_ms = rs_int64(st, 5);
    d->took_ms = rs_int64(st, 6);
    d->critical = rs_int(st, 8) != 0;
    return (d->node = records_col_dup(st, 1)) && (d->choice = records_col_dup(st, 2)) &&
                   (d->points_json = records_col_dup(st, 3)) &&
                   (d->meters_json = records_col_dup(st, 4)) &&
                   (d->shown_json = records_col_dup(st, 7)) &&
                   (d->techniques_json = records_col_dup(st, 9))
               ? 0
               : -1;
}

static int competency_row(RecStmt *st, void *elem, int *live)
{
    RecordsCompetency *c = elem;
    c->raw = rs_int64(st, 1);
    c->max = rs_int64(st, 2);
    c->percent = rs_int_opt(st, 3);
    return (c->id = records_col_dup(st, 0)) ? 0 : -1;
}

static int mentor_row(RecStmt *st, void *elem, int *live)
{
    RecordsMentorEvent *m = elem;
    m->offset_ms = rs_int64(st, 2);
    m->decision_index = rs_int(st, 3);
    return (m->kind = records_col_dup(st, 0)) && (m->detail = records_col_dup(st, 1)) ? 0 : -1;
}

static int step_row(RecStmt *st, void *elem, int *live)
{
    PlayStep *s = elem;
    s->kind = (PlayStepKind)rs_int(st, 0);
    s->node = rs_int(st, 1);
    s->index = rs_int(st, 2);
    s->value = rs_int(st, 3);
    s->at_ms = rs_int64(st, 4);
    s->took_ms = rs_int64(st, 5);
    return 0;
}

/* One array of an attempt: its query (?1 the attempt id), where it goes, how a row is read. */
static const struct {
    const char *sql, *what;
    size_t size, array, count; /* element size; offsets of the array and its count */
    int first;
    DetailRow row;
} details[] = {
    {"SELECT rewound, node, choice, points, meters, at_ms, took_ms, shown, critical, techniques "
     "FROM decisions "
     "WHERE attempt_id = ?1 ORDER BY seq", "cannot read the decisions", sizeof(RecordsDecision),
     offsetof(RecordsAttempt, decisions), offsetof(RecordsAttempt, ndecisions), 16, decision_row},
    {"SELECT competency_id, raw, max, percent FROM competencies WHERE attempt_id = ?1 "
     "ORDER BY competency_id", "cannot read the competencies", sizeof(RecordsCompetency),
     offsetof(RecordsAttempt, competencies), offsetof(RecordsAttempt, ncompetencies), 8,
     competency_row},
    {"SELECT kind, detail, offset_ms, decision_index FROM mentor_events WHERE attempt_id = ?1 "
     "ORDER BY seq", "cannot read the mentor events", sizeof(RecordsMentorEvent),
     offsetof(RecordsAttempt, mentor), offsetof(RecordsAttempt, nmentor), 8, mentor_row},
    {"SELECT kind, node, idx, value, at_ms, took_ms FROM steps WHERE attempt_id = ?1 AND "
     "live = 1 ORDER BY position", "cannot read the steps", sizeof(PlayStep),
     offsetof(RecordsAttempt, steps), offsetof(RecordsAttempt, nsteps), 16, step_row},
};

int records_detail_append(int t, RecStmt *st, RecordsAttempt *a, int *cap, int *live)
{
    void **arr = (void **)((char *)a + details[t].array);
    int *n = (int *)((char *)a + details[t].count);
    char *grown = records_grow(*arr, *n, cap, details[t].first, details[t].size);
    if (!grown)
        return -1;
    *arr = grown;
    void *elem = grown + (size_t)*n * details[t].size;
    memset(elem, 0, details[t].size);
    (*n)++; /* counted before it is filled: a half-filled one is freed with the rest */
    return details[t].row(st, elem, live);
}

int records_load_details(Records *db, RecordsAttempt *a, bool steps, char *err, size_t errsize)
{
    int ntables = steps ? RECORDS_DETAIL_TABLES : RECORDS_DETAIL_STEPS; /* steps come last */
    for (int t = 0; t < ntables; t++) {
        RecStmt *st = records_prep(db, details[t].sql, err, errsize);
        if (!st)
            return -1;
        rs_bind_text(st, 1, a->attempt_id);
        int rc, cap = 0, live = 0;
        while ((rc = rs_step(st)) == REC_ROW) {
            if (records_detail_append(t, st, a, &cap, &live) < 0) {
                records_done(st);
                return records_errf(err, errsize, "out of memory");
            }
        }
        records_done(st);
        if (rc != REC_DONE)
            return records_fail(db, err, errsize, details[t].what);
    }
    return 0;
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
    RecStmt *st = records_prep(db, "SELECT " RECORDS_ATTEMPT_COLUMNS RECORDS_ATTEMPT_FROM
                                "WHERE a.id = ?1", err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, attempt_id);
    int rc = rs_step(st);
    if (rc == REC_DONE) {
        records_done(st);
        records_errf(err, errsize, "%s: no attempt %s", db->path, attempt_id);
        goto fail;
    }
    if (rc != REC_ROW) {
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

/* ---- interrupted attempts: whose lease lapsed, or whose process here is gone ------------- */

/* Whether an in_progress attempt (from a row of OWNER_COLUMNS at col) is no longer being
 * recorded: its lease lapsed (any station), or its owner was a process of this station that is
 * gone. This process's own attempts are never interrupted. */
#define OWNER_COLUMNS "a.owner_host, a.owner_pid, a.owner_start, a.lease_until_ms < "
static bool owner_gone(RecStmt *st, int col)
{
    char host[256];
    records_host_name(host, sizeof host);
    const char *ohost = rs_text(st, col);
    long pid = (long)rs_int64(st, col + 1);
    int64_t start = rs_int64(st, col + 2);
    bool lapsed = rs_int(st, col + 3) != 0;
    bool here = ohost && !strcmp(ohost, host);
    if (here && pid == (long)getpid())
        return false;
    return lapsed || (here && !records_process_alive(pid, start));
}

int records_interrupted(Records *db, RecordsAttempt **out, int *n, char *err, size_t errsize)
{
    *out = NULL;
    *n = 0;
    RecStmt *st = records_prep(db, RECORDS_SQL_NOW(db, "SELECT a.id, " OWNER_COLUMNS,
                                   " FROM attempts a WHERE a.status = 'in_progress' "
                                   "ORDER BY a.started_unix_ms, a.id"), err, errsize);
    if (!st)
        return -1;
    char (*ids)[37] = NULL;
    int nids = 0, cap = 0, rc;
    while ((rc = rs_step(st)) == REC_ROW) {
        if (!owner_gone(st, 1))
            continue;
        char(*nn)[37] = records_grow(ids, nids, &cap, 8, sizeof *nn);
        if (!nn) {
            records_done(st);
            free(ids);
            return records_errf(err, errsize, "out of memory");
        }
        ids = nn;
        snprintf(ids[nids++], 37, "%s", rs_text(st, 0) ? rs_text(st, 0) : "");
    }
    records_done(st);
    if (rc != REC_DONE) {
        free(ids);
        return records_fail(db, err, errsize, "cannot read the attempts");
    }
    RecordsAttempt *list = nids ? calloc((size_t)nids, sizeof *list) : NULL;
    if (nids && !list) {
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
    RecStmt *st = records_prep(db, RECORDS_SQL_NOW(db, "SELECT a.status, " OWNER_COLUMNS,
                                   ", a.started_unix_ms, coalesce((SELECT max(at_ms) FROM steps "
                                   "WHERE attempt_id = ?1), 0), coalesce((SELECT max(offset_ms) "
                                   "FROM mentor_events WHERE attempt_id = ?1), 0) "
                                   "FROM attempts a WHERE a.id = ?1"), err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, attempt_id);
    int rc = rs_step(st);
    if (rc != REC_ROW) {
        records_done(st);
        if (rc == REC_DONE)
            records_errf(err, errsize, "%s: no attempt %s", db->path, attempt_id);
        else
            records_fail(db, err, errsize, "cannot read the attempt");
        goto fail;
    }
    const char *status = rs_text(st, 0);
    if (!status || strcmp(status, "in_progress")) {
        records_errf(err, errsize, "attempt %s is not in progress (it is %s)", attempt_id,
                     status ? status : "?");
        records_done(st);
        goto fail;
    }
    char host[256];
    records_host_name(host, sizeof host);
    bool mine = rs_text(st, 1) && !strcmp(rs_text(st, 1), host) && rs_int64(st, 2) == (int64_t)getpid();
    if (!mine && !owner_gone(st, 1)) {
        records_errf(err, errsize, "attempt %s is still being recorded by %s (process %lld)",
                     attempt_id, rs_text(st, 1) ? rs_text(st, 1) : "?", (long long)rs_int64(st, 2));
        records_done(st);
        goto fail;
    }
    int64_t last = rs_int64(st, 6) > rs_int64(st, 7) ? rs_int64(st, 6) : rs_int64(st, 7);
    int64_t ended = rs_int64(st, 5) + last;
    records_done(st);
    st = records_prep(db, "UPDATE attempts SET status = 'interrupted', ended_unix_ms = ?2 "
                          "WHERE id = ?1 AND status = 'in_progress'", err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, attempt_id);
    rs_bind_int64(st, 2, ended);
    if (records_step_done(db, st, err, errsize, "cannot close the attempt") < 0)
        goto fail;
    if (records_queue_statements(db, attempt_id, err, errsize) < 0)
        goto fail;
    return records_commit(db, err, errsize);
fail:
    records_rollback(db);
    return -1;
}

/* ---- for the picker and the history chart ------------------------------------------------ */

int records_best_latest(Records *db, const char *trainee_id, const char *scenario_id, int *best,
                        int *latest, bool *passed_assessment)
{
    *best = *latest = -1;
    if (passed_assessment)
        *passed_assessment = false;
    RecStmt *st = records_prep(db, "SELECT max(score_percent), "
                                "(SELECT score_percent FROM attempts WHERE trainee_id = ?1 AND "
                                "scenario_id = ?2 AND status = 'completed' AND mode <> 'sandbox' "
                                "AND score_percent IS NOT NULL "
                                "ORDER BY started_unix_ms DESC, id DESC LIMIT 1), "
                                "max(CASE WHEN mode = 'assessment' AND passed <> 0 THEN 1 ELSE 0 END) "
                                "FROM attempts WHERE trainee_id = ?1 AND scenario_id = ?2 AND "
                                "status = 'completed' AND mode <> 'sandbox'", NULL, 0);
    if (!st)
        return -1;
    rs_bind_text(st, 1, trainee_id);
    rs_bind_text(st, 2, scenario_id);
    int rc = rs_step(st);
    if (rc == REC_ROW) {
        if (!rs_null(st, 0))
            *best = rs_int(st, 0);
        if (!rs_null(st, 1))
            *latest = rs_int(st, 1);
        if (passed_assessment)
            *passed_assessment = rs_int(st, 2) != 0;
    }
    records_done(st);
    return rc == REC_ROW ? 0 : -1;
}

int records_recent_since(Records *db, const char *trainee_id, int n, int64_t *since, char *err,
                         size_t errsize)
{
    *since = INT64_MIN;
    if (n <= 0)
        return 0;
    RecStmt *st = records_prep(db, "SELECT started_unix_ms FROM attempts WHERE trainee_id = ?1 "
                                   "AND status = 'completed' AND mode <> 'sandbox' "
                                   "ORDER BY started_unix_ms DESC, id DESC LIMIT 1 OFFSET ?2",
                               err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, trainee_id);
    rs_bind_int64(st, 2, n - 1);
    int rc = rs_step(st);
    if (rc == REC_ROW)
        *since = rs_int64(st, 0);
    records_done(st);
    return rc == REC_ERROR ? records_fail(db, err, errsize, "cannot read the recent attempts") : 0;
}

int records_history(Records *db, const char *trainee_id, const char *scenario_id,
                    RecordsHistoryPoint **out, int *n, char *err, size_t errsize)
{
    *out = NULL;
    *n = 0;
    RecStmt *st = records_prep(db, "SELECT started_unix_ms, score_percent, "
                                "CASE WHEN mode = 'assessment' THEN 1 ELSE 0 END, "
                                "passed, id FROM attempts WHERE trainee_id = ?1 AND scenario_id = ?2 "
                                "AND status = 'completed' AND mode <> 'sandbox' AND "
                                "score_percent IS NOT NULL ORDER BY started_unix_ms, id",
                            err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, trainee_id);
    rs_bind_text(st, 2, scenario_id);
    int rc, cap = 0;
    RecordsHistoryPoint *pts = NULL;
    while ((rc = rs_step(st)) == REC_ROW) {
        RecordsHistoryPoint *nn = records_grow(pts, *n, &cap, 16, sizeof *nn);
        if (!nn) {
            records_done(st);
            free(pts);
            *n = 0;
            return records_errf(err, errsize, "out of memory");
        }
        pts = nn;
        RecordsHistoryPoint *h = &pts[(*n)++];
        h->started_unix_ms = rs_int64(st, 0);
        h->percent = rs_int(st, 1);
        h->assessment = rs_int(st, 2) != 0;
        h->passed = rs_int(st, 3) != 0;
        snprintf(h->attempt_id, sizeof h->attempt_id, "%s", rs_text(st, 4) ? rs_text(st, 4) : "");
    }
    records_done(st);
    if (rc != REC_DONE) {
        free(pts);
        *n = 0;
        return records_fail(db, err, errsize, "cannot read the history");
    }
    *out = pts;
    return 0;
}

/* ---- bulk insertion ---------------------------------------------------------------------- */

