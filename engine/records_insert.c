/* records: inserting complete attempts as they are (imports, records copy, tests, benchmarks),
 * and the trainee row every attempt refers to. */
#include "records_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int records_upsert_trainee(Records *db, const char *id, const char *name, const char *team,
                           char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "INSERT INTO trainees(id, name, team) VALUES(?1, ?2, ?3) "
                                   "ON CONFLICT(id) DO UPDATE SET "
                                   "name = CASE WHEN excluded.name <> '' THEN excluded.name "
                                   "ELSE trainees.name END, "
                                   "team = CASE WHEN excluded.team <> '' THEN excluded.team "
                                   "ELSE trainees.team END",
                               err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, id && *id ? id : "anonymous");
    rs_bind_text(st, 2, name);
    rs_bind_text(st, 3, team);
    return records_step_done(db, st, err, errsize, "cannot record the trainee");
}

static int insert_details(Records *db, RecordsAttempt *a, char *err, size_t errsize);

/* The critical decisions in a's final path. */
static int critical_errors(const RecordsAttempt *a)
{
    int n = 0;
    for (int i = 0; i < a->ndecisions; i++)
        n += !a->decisions[i].rewound && a->decisions[i].critical;
    return n;
}

static int insert_one(Records *db, RecordsAttempt *a, char *err, size_t errsize)
{
    if (!a->attempt_id[0])
        records_uuid4(a->attempt_id);
    if (records_upsert_trainee(db, a->trainee_id, a->trainee_name, a->team, err, errsize) < 0)
        return -1;
    RecStmt *st;
    st = records_prep(db, "INSERT INTO attempts(id, trainee_id, mentor_id, scenario_id, scenario_version, "
                  "scenario_title, scenario_sha256, level, mode, locale, station, start_node, seed, "
                  "time_multiplier, timers, started_unix_ms, ended_unix_ms, status, ending, "
                  "outcome, score_raw, score_max, score_percent, pass_percent, passed, "
                  "scenario_group, shuffle, critical_errors) "
                  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                  "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)", err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, a->attempt_id);
    rs_bind_text(st, 2, a->trainee_id && *a->trainee_id ? a->trainee_id : "anonymous");
    rs_bind_text(st, 3, a->mentor_id);
    rs_bind_text(st, 4, a->scenario_id);
    rs_bind_text(st, 5, a->scenario_version);
    rs_bind_text(st, 6, a->scenario_title);
    rs_bind_text(st, 7, a->scenario_sha256);
    rs_bind_text(st, 8, a->level && *a->level ? a->level : "new_hire");
    rs_bind_text(st, 9, a->mode && *a->mode ? a->mode : "practice");
    rs_bind_text(st, 10, a->locale && *a->locale ? a->locale : "en");
    rs_bind_text(st, 11, a->station);
    rs_bind_text(st, 12, a->start_node);
    rs_bind_int64(st, 13, (int64_t)a->seed);
    rs_bind_double(st, 14, a->time_multiplier > 0 ? a->time_multiplier : 1.0);
    rs_bind_int(st, 15, a->timers ? 1 : 0);
    rs_bind_int64(st, 16, a->started_unix_ms);
    if (a->ended_unix_ms >= 0 && a->status && strcmp(a->status, "in_progress"))
        rs_bind_int64(st, 17, a->ended_unix_ms);
    else
        rs_bind_null(st, 17);
    rs_bind_text(st, 18, a->status && *a->status ? a->status : "in_progress");
    rs_bind_text(st, 19, a->ending);
    rs_bind_text(st, 20, a->outcome);
    rs_bind_int64(st, 21, a->raw);
    rs_bind_int64(st, 22, a->max);
    if (a->percent >= 0)
        rs_bind_int(st, 23, a->percent);
    else
        rs_bind_null(st, 23);
    rs_bind_int(st, 24, a->pass_percent);
    rs_bind_int(st, 25, a->passed ? 1 : 0);
    rs_bind_text(st, 26, a->scenario_group && *a->scenario_group ? a->scenario_group : a->scenario_id);
    rs_bind_int(st, 27, a->shuffle ? 1 : 0);
    /* an ended attempt's critical errors, from the decisions inserted with it */
    if (a->status && *a->status && strcmp(a->status, "in_progress"))
        rs_bind_int(st, 28, critical_errors(a));
    else
        rs_bind_null(st, 28);
    if (records_step_done(db, st, err, errsize, "cannot record the attempt") < 0)
        return -1;
    if (insert_details(db, a, err, errsize) < 0)
        return -1;
    if (a->status && strcmp(a->status, "in_progress") && *a->status)
        return records_queue_statements(db, a->attempt_id, err, errsize);
    return 0;
}

/* The decisions, steps, competencies and mentor events of a. */
static int insert_details(Records *db, RecordsAttempt *a, char *err, size_t errsize)
{
    RecStmt *st;
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
        rs_bind_text(st, 1, a->attempt_id);
        rs_bind_int(st, 2, i);
        rs_bind_int(st, 3, i);
        rs_bind_int(st, 4, d->rewound ? 1 : 0);
        rs_bind_text(st, 5, d->node);
        rs_bind_text(st, 6, d->choice);
        rs_bind_text(st, 7, d->points_json && *d->points_json ? d->points_json : "{}");
        rs_bind_text(st, 8, d->meters_json && *d->meters_json ? d->meters_json : "{}");
        rs_bind_int64(st, 9, d->at_ms);
        rs_bind_int64(st, 10, d->took_ms);
        rs_bind_text(st, 11, d->shown_json && *d->shown_json ? d->shown_json : "[]");
        rs_bind_int(st, 12, d->critical ? 1 : 0);
        rs_bind_text(st, 13, d->techniques_json && *d->techniques_json ? d->techniques_json : "[]");
        if (records_step_done(db, st, err, errsize, "cannot record a decision") < 0)
            return -1;
    }
    for (int i = 0; i < a->nsteps; i++) {
        const PlayStep *s = &a->steps[i];
        st = records_prep(db, "INSERT INTO steps(attempt_id, seq, position, live, kind, node, node_id, "
                      "idx, value, at_ms, took_ms) VALUES(?1, ?2, ?9, 1, ?3, ?4, '', ?5, ?6, ?7, ?8)",
                  err, errsize);
        if (!st)
            return -1;
        rs_bind_text(st, 1, a->attempt_id);
        rs_bind_int(st, 2, i);
        rs_bind_int(st, 3, (int)s->kind);
        rs_bind_int(st, 4, s->node);
        rs_bind_int(st, 5, s->index);
        rs_bind_int(st, 6, s->value);
        rs_bind_int64(st, 7, s->at_ms);
        rs_bind_int64(st, 8, s->took_ms);
        rs_bind_int(st, 9, i); /* position (seq is the same number, but a bigint) */
        if (records_step_done(db, st, err, errsize, "cannot record a step") < 0)
            return -1;
    }
    for (int i = 0; i < a->ncompetencies; i++) {
        const RecordsCompetency *c = &a->competencies[i];
        st = records_prep(db, "INSERT INTO competencies(attempt_id, competency_id, raw, max, percent) "
                      "VALUES(?1, ?2, ?3, ?4, ?5)", err, errsize);
        if (!st)
            return -1;
        rs_bind_text(st, 1, a->attempt_id);
        rs_bind_text(st, 2, c->id);
        rs_bind_int64(st, 3, c->raw);
        rs_bind_int64(st, 4, c->max);
        if (c->percent >= 0)
            rs_bind_int(st, 5, c->percent);
        else
            rs_bind_null(st, 5);
        if (records_step_done(db, st, err, errsize, "cannot record a competency") < 0)
            return -1;
    }
    for (int i = 0; i < a->nmentor; i++) {
        const RecordsMentorEvent *m = &a->mentor[i];
        st = records_prep(db, "INSERT INTO mentor_events(attempt_id, seq, kind, detail, offset_ms, "
                      "decision_index) VALUES(?1, ?2, ?3, ?4, ?5, ?6)", err, errsize);
        if (!st)
            return -1;
        rs_bind_text(st, 1, a->attempt_id);
        rs_bind_int(st, 2, i);
        rs_bind_text(st, 3, m->kind);
        rs_bind_text(st, 4, m->detail);
        rs_bind_int64(st, 5, m->offset_ms);
        rs_bind_int(st, 6, m->decision_index);
        if (records_step_done(db, st, err, errsize, "cannot record a mentor event") < 0)
            return -1;
    }
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

/* ---- records copy ------------------------------------------------------------------------ */

#define COPY_BATCH 200 /* attempts per transaction in the destination */

/* The ids of src's closed attempts after `after` (oldest first), at most COPY_BATCH. */
static int next_ids(Records *src, const char *after_id, int64_t after_ms, char (*ids)[37], int *n,
                    char *err, size_t errsize)
{
    *n = 0;
    RecStmt *st = records_prep(src, "SELECT id, started_unix_ms FROM attempts WHERE "
                                    "status <> 'in_progress' AND (started_unix_ms > ?2 OR "
                                    "(started_unix_ms = ?2 AND id > ?1)) "
                                    "ORDER BY started_unix_ms, id LIMIT ?3", err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, after_id);
    rs_bind_int64(st, 2, after_ms);
    rs_bind_int(st, 3, COPY_BATCH);
    int rc;
    while ((rc = rs_step(st)) == REC_ROW && *n < COPY_BATCH)
        snprintf(ids[(*n)++], 37, "%s", rs_text(st, 0) ? rs_text(st, 0) : "");
    records_done(st);
    if (rc != REC_DONE && rc != REC_ROW)
        return records_fail(src, err, errsize, "cannot read the attempts");
    return 0;
}

static int exists(Records *db, const char *id, bool *found, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "SELECT count(*) FROM attempts WHERE id = ?1", err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, id);
    int rc = rs_step(st);
    *found = rc == REC_ROW && rs_int(st, 0) > 0;
    records_done(st);
    return rc == REC_ROW ? 0 : records_fail(db, err, errsize, "cannot read the attempts");
}

/* Copies the attempts named in ids missing from dst, in one transaction of dst. */
static int copy_batch(Records *src, Records *dst, char (*ids)[37], int n, long *copied,
                      long *skipped, char *err, size_t errsize)
{
    if (records_begin_write(dst, err, errsize) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        bool found;
        if (exists(dst, ids[i], &found, err, errsize) < 0)
            goto fail;
        if (found) {
            (*skipped)++;
            continue;
        }
        RecordsAttempt *a = records_attempt_load(src, ids[i], err, errsize);
        if (!a)
            goto fail;
        int r = insert_one(dst, a, err, errsize);
        if (r == 0) /* its recordings follow it */
            r = records_audio_copy(src, dst, ids[i], err, errsize);
        records_attempt_free(a);
        if (r < 0)
            goto fail;
        (*copied)++;
    }
    return records_commit(dst, err, errsize);
fail:
    records_rollback(dst);
    return -1;
}

int records_copy(Records *src, Records *dst, long *copied, long *skipped, char *err,
                 size_t errsize)
{
    long c = 0, s = 0;
    char(*ids)[37] = malloc(COPY_BATCH * sizeof *ids);
    if (!ids)
        return records_errf(err, errsize, "out of memory");
    char after[37] = "";
    int64_t after_ms = INT64_MIN;
    int n, r = 0;
    while ((r = next_ids(src, after, after_ms, ids, &n, err, errsize)) == 0 && n > 0) {
        /* Where the next batch starts, read before the batch is copied. */
        RecStmt *st = records_prep(src, "SELECT started_unix_ms FROM attempts WHERE id = ?1", err,
                                   errsize);
        if (!st) {
            r = -1;
            break;
        }
        rs_bind_text(st, 1, ids[n - 1]);
        after_ms = rs_step(st) == REC_ROW ? rs_int64(st, 0) : after_ms;
        records_done(st);
        snprintf(after, sizeof after, "%s", ids[n - 1]);
        if ((r = copy_batch(src, dst, ids, n, &c, &s, err, errsize)) < 0)
            break;
    }
    free(ids);
    if (copied)
        *copied = c;
    if (skipped)
        *skipped = s;
    return r;
}

/* ---- a station's store: the shared one, or its own file while the server is away --------- */

Records *records_open_station(const char *target, const char *fallback, bool *fell_back,
                              long *joined, char *err, size_t errsize)
{
    *fell_back = false;
    *joined = 0;
    if (err && errsize)
        err[0] = 0;
    char why[1024] = "";
    Records *db = records_open(target, why, sizeof why);
    bool shared = records_target_is_pg(target);
    if (!db && (!shared || !fallback || !*fallback)) {
        records_errf(err, errsize, "%s", why);
        return NULL;
    }
    if (!db) {
        /* Recorded here meanwhile; it joins the shared store at a later start. */
        db = records_open(fallback, err, errsize);
        if (db) {
            *fell_back = true;
            records_errf(err, errsize, "%s", why);
        }
        return db;
    }
    if (shared && fallback && *fallback && access(fallback, F_OK) == 0) {
        char lerr[512];
        Records *local = records_open_readonly(fallback, lerr, sizeof lerr);
        long skipped = 0;
        if (!local || records_copy(local, db, joined, &skipped, lerr, sizeof lerr) < 0)
            records_errf(err, errsize, "the attempts recorded on this station while the server "
                         "was away could not join it yet: %s", lerr);
        records_close(local);
    }
    return db;
}
