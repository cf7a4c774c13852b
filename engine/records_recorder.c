/* records: the Recorder (an attempt written as it is played, each decision committed in its
 * own transaction), its lease, and mentor events. */
#include "records_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "text.h"


struct Recorder {
    Records *db;
    char id[37];
    const Scenario *sc;
    int nstored, cap;
    PlayStep *stored;      /* the live steps stored, to notice a rewind */
    int64_t next_seq;      /* of steps (and their decisions) */
    int64_t next_mentor;
    int64_t renewed_ms;    /* when the lease was last renewed or tried (the caller's clock) */
    bool completed;
    /* Mentor events taken while the server was out of reach, oldest first: stored by the next
     * sync that reaches it. */
    struct WaitingEvent {
        char *kind, *detail;
        int64_t seq, offset_ms;
        int decision_index;
    } *waiting;
    int nwaiting, capwaiting;
};

static int flush_mentor_events(Recorder *r, char *err, size_t errsize);

static int stored_push(Recorder *r, const PlayStep *s)
{
    PlayStep *n = records_grow(r->stored, r->nstored, &r->cap, 32, sizeof *n);
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
    RecStmt *st = records_prep(db, "UPDATE steps SET live = 0 WHERE attempt_id = ?1 AND live = 1 "
                                "AND position >= ?2", err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, r->id);
    rs_bind_int(st, 2, from);
    if (records_step_done(db, st, err, errsize, "cannot record a rewind") < 0)
        goto fail;
    st = records_prep(db, "UPDATE decisions SET rewound = 1 WHERE attempt_id = ?1 AND rewound = 0 "
                  "AND position >= ?2", err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, r->id);
    rs_bind_int(st, 2, from);
    if (records_step_done(db, st, err, errsize, "cannot record a rewind") < 0)
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
    RecStmt *st = records_prep(db, "INSERT INTO steps(attempt_id, seq, position, live, kind, node, "
                                "node_id, idx, value, at_ms, took_ms) "
                                "VALUES(?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                                "ON CONFLICT DO NOTHING", err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, r->id);
    rs_bind_int64(st, 2, r->next_seq);
    rs_bind_int(st, 3, i);
    rs_bind_int(st, 4, (int)s->kind);
    rs_bind_int(st, 5, s->node);
    rs_bind_text(st, 6, node ? node->id : "");
    rs_bind_int(st, 7, s->index);
    rs_bind_int(st, 8, s->value);
    rs_bind_int64(st, 9, s->at_ms);
    rs_bind_int64(st, 10, s->took_ms);
    if (records_step_done(db, st, err, errsize, "cannot record a step") < 0)
        goto fail;
    if (pts) {
        const ScChoice *c = play_step_choice(p, i);
        st = records_prep(db, "INSERT INTO decisions(attempt_id, seq, position, rewound, node, choice, "
                      "points, meters, at_ms, took_ms, shown, critical, techniques) "
                      "VALUES(?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                      "ON CONFLICT DO NOTHING",
                  err, errsize);
        if (!st)
            goto fail;
        rs_bind_text(st, 1, r->id);
        rs_bind_int64(st, 2, r->next_seq);
        rs_bind_int(st, 3, i);
        rs_bind_text(st, 4, node ? node->id : "");
        rs_bind_text(st, 5, s->kind == PLAY_STEP_TIMEOUT ? "timeout" : (c ? c->id : ""));
        rs_bind_text(st, 6, pts);
        rs_bind_text(st, 7, mtr);
        rs_bind_int64(st, 8, s->at_ms);
        rs_bind_int64(st, 9, s->took_ms);
        rs_bind_text(st, 10, shw);
        rs_bind_int(st, 11, c && c->critical ? 1 : 0);
        rs_bind_text(st, 12, tec);
        if (records_step_done(db, st, err, errsize, "cannot record a decision") < 0)
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

static bool already_completed(Records *db, const char *id)
{
    RecStmt *st = records_prep(db, "SELECT status FROM attempts WHERE id = ?1", NULL, 0);
    if (!st)
        return false;
    rs_bind_text(st, 1, id);
    bool done = rs_step(st) == REC_ROW && rs_text(st, 0) && !strcmp(rs_text(st, 0), "completed");
    records_done(st);
    return done;
}

/* The result's competencies (inside the caller's transaction, before the attempt closes:
 * a finished attempt's rows are never changed). */
static int store_competencies(Recorder *r, const PlayResult *res, char *err, size_t errsize)
{
    for (int i = 0; i < res->ncompetencies; i++) {
        RecStmt *st = records_prep(r->db, "INSERT INTO competencies(attempt_id, competency_id, raw, "
                                   "max, percent) VALUES(?1, ?2, ?3, ?4, ?5) "
                                   "ON CONFLICT(attempt_id, competency_id) DO UPDATE SET "
                                   "raw = excluded.raw, max = excluded.max, percent = excluded.percent",
                                   err, errsize);
        if (!st)
            return -1;
        rs_bind_text(st, 1, r->id);
        rs_bind_text(st, 2, scenario_competency(r->sc, i)->id);
        rs_bind_int64(st, 3, res->competency[i].raw);
        rs_bind_int64(st, 4, res->competency[i].max);
        rs_bind_opt(st, 5, res->competency[i].percent);
        if (records_step_done(r->db, st, err, errsize, "cannot record the result") < 0)
            return -1;
    }
    return 0;
}

static int complete(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize)
{
    Records *db = r->db;
    PlayResult res;
    play_result(p, &res);
    const ScNode *end = scenario_node(r->sc, play_node(p));
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    if (already_completed(db, r->id)) {
        /* An earlier try committed, but its answer was lost on the way (the server went). */
        records_rollback(db);
        r->completed = true;
        return 0;
    }
    if (store_competencies(r, &res, err, errsize) < 0)
        goto fail;
    RecStmt *st = records_prep(db, "UPDATE attempts SET status = 'completed', ended_unix_ms = ?2, "
                                   "ending = ?3, outcome = ?4, score_raw = ?5, score_max = ?6, "
                                   "score_percent = ?7, passed = ?8 "
                                   "WHERE id = ?1 AND status = 'in_progress'", err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, r->id);
    rs_bind_int64(st, 2, now_unix_ms);
    rs_bind_text(st, 3, end ? end->id : "");
    rs_bind_text(st, 4, outcome_name(res.outcome));
    rs_bind_int64(st, 5, res.total.raw);
    rs_bind_int64(st, 6, res.total.max);
    rs_bind_opt(st, 7, res.total.percent);
    rs_bind_int(st, 8, res.passed ? 1 : 0);
    if (records_step_done(db, st, err, errsize, "cannot complete the attempt") < 0)
        goto fail;
    if (rs_changes(st) != 1) {
        records_errf(err, errsize, "%s: attempt %s is no longer in progress (closed elsewhere)",
                     db->path, r->id);
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
        return flush_mentor_events(r, err, errsize);
    if (recorder_renew(r, now_unix_ms, err, errsize) < 0)
        return -1;
    int n = play_step_count(p);
    int k = 0;
    while (k < r->nstored && k < n && same_step(&r->stored[k], play_step(p, k)))
        k++;
    if (k < r->nstored && mark_rewound(r, k, err, errsize) < 0)
        return -1;
    for (int i = r->nstored; i < n; i++)
        if (store_step(r, p, i, err, errsize) < 0)
            return -1;
    if (flush_mentor_events(r, err, errsize) < 0)
        return -1;
    if (play_status(p) == PLAY_ENDED)
        return complete(r, p, now_unix_ms, err, errsize);
    return 0;
}

int recorder_retry(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize)
{
    r->renewed_ms = now_unix_ms - r->db->renew_ms; /* due now */
    return recorder_sync(r, p, now_unix_ms, err, errsize);
}

/* Makes this process the attempt's owner, with a fresh lease (inside a write transaction). */
static int set_owner(Records *db, const char *id, char *err, size_t errsize)
{
    char host[256];
    records_host_name(host, sizeof host);
    RecStmt *st = records_prep(db, RECORDS_SQL_NOW(db, "UPDATE attempts SET owner_host = ?2, "
                                   "owner_pid = ?3, owner_start = ?4, lease_until_ms = ",
                                   " + ?5 WHERE id = ?1"), err, errsize);
    if (!st)
        return -1;
    rs_bind_text(st, 1, id);
    rs_bind_text(st, 2, host);
    rs_bind_int64(st, 3, (int64_t)getpid());
    rs_bind_int64(st, 4, records_process_start((long)getpid()));
    rs_bind_int64(st, 5, db->lease_ms);
    return records_step_done(db, st, err, errsize, "cannot start the attempt");
}

int recorder_renew(Recorder *r, int64_t now_unix_ms, char *err, size_t errsize)
{
    if (r->completed || (now_unix_ms >= r->renewed_ms && now_unix_ms - r->renewed_ms < r->db->renew_ms))
        return 0;
    Records *db = r->db;
    if (records_begin_write(db, err, errsize) < 0)
        return -1;
    RecStmt *st = records_prep(db, RECORDS_SQL_NOW(db, "UPDATE attempts SET lease_until_ms = ",
                                   " + ?2 WHERE id = ?1 AND status = 'in_progress'"), err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, r->id);
    rs_bind_int64(st, 2, db->lease_ms);
    if (records_step_done(db, st, err, errsize, "cannot renew the attempt's lease") < 0)
        goto fail;
    if (rs_changes(st) != 1) {
        records_errf(err, errsize, "%s: attempt %s is no longer in progress (its lease lapsed and "
                     "it was closed as interrupted)", db->path, r->id);
        goto fail;
    }
    if (records_commit(db, err, errsize) < 0)
        return -1;
    r->renewed_ms = now_unix_ms;
    return 0;
fail:
    records_rollback(db);
    /* tried again when next due, not at every call meanwhile: a window calls this each frame,
     * and each try at a server out of reach is a connection attempt */
    r->renewed_ms = now_unix_ms;
    return -1;
}

/* Text that is not UTF-8 would make every JSON export and the LRS's answer invalid, and a
 * control character would forge lines in a report: refused before anything is stored. */
static int check_meta(const AttemptMeta *m, char *err, size_t errsize)
{
    const char *names[] = {"trainee id", "trainee name", "team", "mentor id", "mode", "locale",
                           "station"};
    const char *vals[] = {m->trainee_id, m->trainee_name, m->team, m->mentor_id, m->mode,
                          m->locale, m->station};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        if (!vals[i])
            continue;
        if (!text_utf8_valid(vals[i], strlen(vals[i])))
            return records_errf(err, errsize, "the %s is not UTF-8 text", names[i]);
        if (text_has_control(vals[i]))
            return records_errf(err, errsize, "the %s holds a control character (a line break, "
                                "tab or escape)", names[i]);
    }
    return 0;
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
    if (check_meta(meta, err, errsize) < 0)
        return NULL;
    const char *trainee = meta->trainee_id && *meta->trainee_id ? meta->trainee_id : "anonymous";
    const char *locale = meta->locale && *meta->locale ? meta->locale : "en";
    char host[256];
    records_host_name(host, sizeof host);
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
    r->renewed_ms = started_unix_ms;
    records_uuid4(r->id);

    if (records_begin_write(db, err, errsize) < 0)
        goto out;
    if (records_upsert_trainee(db, trainee, meta->trainee_name, meta->team, err, errsize) < 0)
        goto fail;
    RecStmt *st = NULL;
    st = records_prep(db, "INSERT INTO attempts(id, trainee_id, mentor_id, scenario_id, scenario_version, "
                  "scenario_title, scenario_sha256, level, mode, locale, station, start_node, seed, "
                  "time_multiplier, timers, started_unix_ms, status, pass_percent, scenario_group, "
                  "shuffle) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                  "'in_progress', ?17, ?18, ?19)", err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, r->id);
    rs_bind_text(st, 2, trainee);
    rs_bind_text(st, 3, meta->mentor_id);
    rs_bind_text(st, 4, scenario_id(sc));
    rs_bind_text(st, 5, scenario_version(sc));
    rs_bind_text(st, 6, title);
    rs_bind_text(st, 7, scenario_sha256(sc));
    rs_bind_text(st, 8, scenario_level_name(scenario_level(sc)));
    rs_bind_text(st, 9, mode);
    rs_bind_text(st, 10, locale);
    rs_bind_text(st, 11, station);
    /* The node the play started at: the first step's node is where it was when the log began,
     * which is the start node unless `next` nodes advanced first (they log continues). */
    rs_bind_text(st, 12, start ? start->id : "");
    rs_bind_int64(st, 13, (int64_t)play_seed(p));
    rs_bind_double(st, 14, mult);
    rs_bind_int(st, 15, meta->no_timers ? 0 : 1);
    rs_bind_int64(st, 16, started_unix_ms);
    rs_bind_int(st, 17, scenario_pass_percent(sc));
    rs_bind_text(st, 18, scenario_group(sc));
    rs_bind_int(st, 19, play_options(p).shuffle ? 1 : 0);
    if (records_step_done(db, st, err, errsize, "cannot start the attempt") < 0)
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

int recorder_add_audio(Recorder *r, int decision_number, const RecordsAudio *a,
                       int64_t now_unix_ms, char *err, size_t errsize)
{
    return records_add_audio(r->db, r->id, decision_number, a, now_unix_ms, err, errsize);
}

/* A mentor event's kind is one of the known ones and its note UTF-8 text. 0 or -1. */
static int check_mentor_event(const char *kind, const char *detail, char *err, size_t errsize)
{
    static const char *const kinds[] = {"comment", "event", "meter", "pause", "resume", "rewind"};
    bool known = false;
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        known |= !strcmp(kind, kinds[i]);
    if (!known)
        return records_errf(err, errsize, "unknown mentor event kind \"%s\"", kind ? kind : "");
    if (detail && !text_utf8_valid(detail, strlen(detail)))
        return records_errf(err, errsize, "the mentor's note is not UTF-8 text");
    return 0;
}

/* Inserts one mentor event at seq (-1: after the attempt's last one, a closed attempt's
 * comment) in its own transaction. An event already there (its commit reached the server, the
 * answer did not) is not stored twice. */
static int insert_mentor_event(Records *db, const char *attempt_id, int64_t seq, const char *kind,
                               const char *detail, int64_t offset_ms, int decision_index, char *err,
                               size_t errsize)
{
    if (check_mentor_event(kind, detail, err, errsize) < 0 || records_begin_write(db, err, errsize) < 0)
        return -1;
    RecStmt *st;
    if (seq < 0) {
        st = records_prep(db, "SELECT (SELECT COUNT(*) FROM attempts WHERE id = ?1), "
                              "(SELECT COALESCE(MAX(seq), -1) + 1 FROM mentor_events WHERE attempt_id = ?1)",
                          err, errsize);
        if (!st)
            goto fail;
        rs_bind_text(st, 1, attempt_id);
        bool found = rs_step(st) == REC_ROW && rs_int(st, 0) > 0;
        seq = found ? rs_int64(st, 1) : -1;
        records_done(st);
        if (!found) {
            records_errf(err, errsize, "no attempt %s in the records", attempt_id);
            goto fail;
        }
    }
    st = records_prep(db, "INSERT INTO mentor_events(attempt_id, seq, kind, detail, "
                          "offset_ms, decision_index) VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
                          "ON CONFLICT DO NOTHING",
                      err, errsize);
    if (!st)
        goto fail;
    rs_bind_text(st, 1, attempt_id);
    rs_bind_int64(st, 2, seq);
    rs_bind_text(st, 3, kind);
    rs_bind_text(st, 4, detail);
    rs_bind_int64(st, 5, offset_ms);
    rs_bind_int(st, 6, decision_index);
    if (records_step_done(db, st, err, errsize, "cannot record the mentor event") < 0)
        goto fail;
    return records_commit(db, err, errsize) < 0 ? -1 : 0;
fail:
    records_rollback(db);
    return -1;
}

static void waiting_free(struct WaitingEvent *w)
{
    free(w->kind);
    free(w->detail);
}

/* Keeps an event for the next sync, with its place among the attempt's. 0 or -1. */
static int keep_mentor_event(Recorder *r, const char *kind, const char *detail, int64_t offset_ms,
                             int decision_index)
{
    struct WaitingEvent *n = records_grow(r->waiting, r->nwaiting, &r->capwaiting, 8, sizeof *n);
    if (!n)
        return -1;
    r->waiting = n;
    struct WaitingEvent w = {.kind = records_strdup(kind), .detail = detail ? records_strdup(detail) : NULL,
                             .seq = r->next_mentor, .offset_ms = offset_ms,
                             .decision_index = decision_index};
    if (!w.kind || (detail && !w.detail)) {
        waiting_free(&w);
        return -1;
    }
    r->waiting[r->nwaiting++] = w;
    return 0;
}

static int flush_mentor_events(Recorder *r, char *err, size_t errsize)
{
    int done = 0, rc = 0;
    for (; done < r->nwaiting && rc == 0; done += rc == 0) {
        const struct WaitingEvent *w = &r->waiting[done];
        rc = insert_mentor_event(r->db, r->id, w->seq, w->kind, w->detail, w->offset_ms,
                                 w->decision_index, err, errsize);
    }
    if (done == 0)
        return rc;
    for (int i = 0; i < done; i++)
        waiting_free(&r->waiting[i]);
    memmove(r->waiting, r->waiting + done, (size_t)(r->nwaiting - done) * sizeof *r->waiting);
    r->nwaiting -= done;
    return rc;
}

int recorder_mentor_event(Recorder *r, const char *kind, const char *detail, int64_t offset_ms,
                          int decision_index, char *err, size_t errsize)
{
    if (check_mentor_event(kind, detail, err, errsize) < 0)
        return -1;
    /* after events still waiting, in their order: kept behind them */
    if (r->nwaiting == 0) {
        if (insert_mentor_event(r->db, r->id, r->next_mentor, kind, detail, offset_ms,
                                decision_index, err, errsize) == 0) {
            r->next_mentor++;
            return 0;
        }
        if (!records_server_lost(r->db))
            return -1;
    }
    if (keep_mentor_event(r, kind, detail, offset_ms, decision_index) < 0)
        return records_errf(err, errsize, "out of memory");
    r->next_mentor++;
    return 1;
}

bool recorder_waiting(const Recorder *r) { return r->nwaiting > 0; }

int records_add_mentor_event(Records *db, const char *attempt_id, const char *kind, const char *detail,
                             int64_t offset_ms, int decision_index, char *err, size_t errsize)
{
    return insert_mentor_event(db, attempt_id, -1, kind, detail, offset_ms, decision_index, err, errsize);
}

static void recorder_free(Recorder *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->nwaiting; i++)
        waiting_free(&r->waiting[i]);
    free(r->waiting);
    free(r->stored);
    free(r);
}

/* The last step of a recorder: syncs, then (unless the play completed, which sync closed) runs
 * one UPDATE on the attempt (?1 its id, ?2 now when closing) and, when closing, queues its
 * statements, in one transaction; frees r. */
static int recorder_finish(Recorder *r, const Play *p, int64_t now_unix_ms, bool closing,
                           const char *sql, const char *what, char *err, size_t errsize)
{
    int rc = recorder_sync(r, p, now_unix_ms, err, errsize);
    if (rc == 0 && !r->completed) {
        Records *db = r->db;
        if (records_begin_write(db, err, errsize) < 0) {
            rc = -1;
        } else {
            RecStmt *st = records_prep(db, sql, err, errsize);
            rc = st ? 0 : -1;
            if (st) {
                rs_bind_text(st, 1, r->id);
                if (closing)
                    rs_bind_int64(st, 2, now_unix_ms);
                rc = records_step_done(db, st, err, errsize, what);
            }
            if (rc == 0 && closing)
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

int recorder_end(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize)
{
    return recorder_finish(r, p, now_unix_ms, true,
                           "UPDATE attempts SET status = 'abandoned', ended_unix_ms = ?2 "
                           "WHERE id = ?1 AND status = 'in_progress'",
                           "cannot close the attempt", err, errsize);
}

/* Lets go of the attempt without closing it: no owner, its lease over, so that it is offered
 * as interrupted at once (by the next window on this or any station). */
int recorder_release(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize)
{
    return recorder_finish(r, p, now_unix_ms, false,
                           "UPDATE attempts SET owner_host = '', owner_pid = 0, owner_start = 0, "
                           "lease_until_ms = 0 WHERE id = ?1 AND status = 'in_progress'",
                           "cannot let go of the attempt", err, errsize);
}

/* ---- reading attempts -------------------------------------------------------------------- */
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
    RecStmt *st = records_prep(db, "SELECT coalesce((SELECT max(seq) + 1 FROM steps WHERE "
                                "attempt_id = ?1), 0), coalesce((SELECT max(seq) + 1 FROM "
                                "mentor_events WHERE attempt_id = ?1), 0)", err, errsize);
    if (st)
        rs_bind_text(st, 1, r->id);
    if (!st || rs_step(st) != REC_ROW) {
        if (st)
            records_fail(db, err, errsize, "cannot read the attempt");
        records_done(st);
        recorder_free(r);
        r = NULL;
        goto out;
    }
    r->next_seq = rs_int64(st, 0);
    r->next_mentor = rs_int64(st, 1);
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
