/* app_rec: the record of the window's attempt while a shared records server comes and goes
 * (app_rec.h). */
#include "app_rec.h"

#include <stdio.h>

#include "app_clock.h"
#include "cli.h"

/* How soon a server out of reach is tried again, and at most how long between tries (each
 * try that finds it away waits twice as long: a try at a machine that does not answer may
 * hold the window for the connection's timeout). */
#define REC_RETRY_MS 5000
#define REC_RETRY_MAX_MS 30000

static void say(UiApp *a, const char *fmt, const char *err, bool lost)
{
    snprintf(a->banner, sizeof a->banner, fmt, err);
    a->recs.lost_banner = lost;
    a->ui.dirty = true;
}

/* The time the window just spent on the records (since `since`, app_clock) is given back to a
 * running call's clock: a slow or unreachable server never eats the trainee's countdown. */
static void give_back(UiApp *a, int64_t since)
{
    int64_t spent = app_clock(a) - since;
    if (spent > 0 && app_call_live(a) && !play_paused(a->play))
        a->t0 += spent;
}

/* The store the running attempt writes: the shared one, or the station's own file. */
static Records *rec_store(const UiApp *a) { return a->recs.local ? a->recs.local_db : a->db; }

static int64_t twice(int64_t wait)
{
    return wait <= 0 ? REC_RETRY_MS : wait * 2 > REC_RETRY_MAX_MS ? REC_RETRY_MAX_MS : wait * 2;
}

/* A failure of the running attempt's record: kept for a later try when its server is out of
 * reach, else said. */
static void rec_failed(UiApp *a, const char *err)
{
    if (!records_server_lost(rec_store(a))) {
        say(a, a->s->not_recorded, err, false);
        return;
    }
    a->recs.wait = a->recs.behind ? twice(a->recs.wait) : REC_RETRY_MS;
    a->recs.behind = true;
    a->recs.retry_at = app_clock(a) + a->recs.wait;
    say(a, a->s->server_lost, err, true);
}

/* Everything waiting reached the server: the banner that said it was away says it is back. */
static void rec_back(UiApp *a)
{
    if (a->recs.lost_banner && !a->recs.behind && !a->recs.held)
        say(a, a->s->server_back, "", false);
}

/* The station's own file, for calls begun while the shared server is away. */
static Records *local_store(UiApp *a, char *err, size_t errsize)
{
    if (!a->recs.local_db) {
        const char *path = cli_local_db_path();
        a->recs.local_db = *path ? records_open(path, err, errsize) : NULL;
    }
    return a->recs.local_db;
}

/* The attempts recorded in the station's own file meanwhile join the shared store (by attempt
 * id: never twice), once it answers again. */
static void join_local(UiApp *a)
{
    char err[512];
    if (a->recs.unjoined && a->recs.local_db &&
        records_copy(a->recs.local_db, a->db, NULL, NULL, err, sizeof err) == 0)
        a->recs.unjoined = false;
}

static void begin_here_or_locally(UiApp *a, const AttemptMeta *meta);

void app_rec_begin(UiApp *a, const AttemptMeta *meta)
{
    a->recs.behind = a->recs.local = false;
    if (!a->db)
        return;
    int64_t since = app_clock(a);
    begin_here_or_locally(a, meta);
    a->t0 += app_clock(a) - since; /* the call's clock starts once its record is begun */
}

static void begin_here_or_locally(UiApp *a, const AttemptMeta *meta)
{
    char err[512] = "", lerr[512];
    a->rec = recorder_begin(a->db, a->play, meta, app_unix_ms(), err, sizeof err);
    if (!a->rec && records_server_lost(a->db) && local_store(a, lerr, sizeof lerr)) {
        a->rec = recorder_begin(a->recs.local_db, a->play, meta, app_unix_ms(), lerr, sizeof lerr);
        a->recs.local = a->rec != NULL;
        if (a->rec)
            say(a, a->s->server_away, err, true);
    } else if (a->rec) {
        join_local(a);
        if (err[0]) /* begun, its first steps not stored yet */
            rec_failed(a, err);
        else
            rec_back(a); /* the server found again */
    }
    if (!a->rec)
        say(a, a->s->not_recorded, err, false);
    else
        snprintf(a->attempt_id, sizeof a->attempt_id, "%s", recorder_attempt_id(a->rec));
}

void app_sync_attempt(UiApp *a)
{
    if (!a->rec)
        return;
    char err[512];
    int64_t since = app_clock(a);
    /* behind: a try that reaches the server, whatever is left to store */
    int rc = a->recs.behind ? recorder_retry(a->rec, a->play, app_unix_ms(), err, sizeof err)
                            : recorder_sync(a->rec, a->play, app_unix_ms(), err, sizeof err);
    give_back(a, since);
    if (rc != 0) {
        rec_failed(a, err);
        return;
    }
    a->recs.behind = false;
    rec_back(a);
}

/* The held attempt closed (its last try when the server is still away) and its Play freed. */
static void close_held(UiApp *a)
{
    char err[512];
    if (recorder_end(a->recs.held, a->recs.held_play, app_unix_ms(), err, sizeof err) != 0)
        say(a, a->s->not_recorded, err, false);
    play_free(a->recs.held_play);
    a->recs.held = NULL;
    a->recs.held_play = NULL;
    a->recs.held_wait = 0;
}

/* r, ended while the server is away, is kept with a copy of its Play (the screen goes on with
 * a->play) until the server answers. One at a time: an older one gets its last try. */
static bool hold(UiApp *a, Recorder *r, const char *err)
{
    Play *copy = play_clone(a->play);
    if (!copy)
        return false;
    if (a->recs.held)
        close_held(a);
    a->recs.held = r;
    a->recs.held_play = copy;
    a->recs.held_wait = REC_RETRY_MS;
    a->recs.held_retry_at = app_clock(a) + REC_RETRY_MS;
    say(a, a->s->server_held, err, true);
    return true;
}

void app_rec_end(UiApp *a)
{
    Recorder *r = a->rec;
    if (!r)
        return;
    a->rec = NULL;
    bool was_behind = a->recs.behind;
    a->recs.behind = false;
    char err[512];
    /* a try that reaches the server before the close, so that a server just lost is noticed */
    if (recorder_retry(r, a->play, app_unix_ms(), err, sizeof err) != 0 &&
        records_server_lost(rec_store(a)) && hold(a, r, err))
        return;
    if (recorder_end(r, a->play, app_unix_ms(), err, sizeof err) != 0)
        say(a, a->s->not_recorded, err, false);
    else if (was_behind)
        rec_back(a);
    a->recs.unjoined |= a->recs.local;
}

static void retry_held(UiApp *a)
{
    char err[512];
    if (recorder_retry(a->recs.held, a->recs.held_play, app_unix_ms(), err, sizeof err) != 0 &&
        records_server_lost(a->db)) {
        a->recs.held_wait = twice(a->recs.held_wait);
        a->recs.held_retry_at = app_clock(a) + a->recs.held_wait;
        return;
    }
    close_held(a);
    rec_back(a);
}

void app_rec_tick(UiApp *a)
{
    int64_t now = app_clock(a);
    bool waits = a->rec && (a->recs.behind || recorder_waiting(a->rec)); /* a mentor's events */
    if (waits && now >= a->recs.retry_at) {
        a->recs.behind = true; /* a try that reaches the server */
        app_sync_attempt(a);
    } else if (a->rec && !a->recs.behind) { /* the lease: a no-op until it is due */
        char err[512];
        int rc = recorder_renew(a->rec, app_unix_ms(), err, sizeof err);
        give_back(a, now);
        if (rc != 0)
            rec_failed(a, err);
    }
    if (a->recs.held && app_clock(a) >= a->recs.held_retry_at) {
        int64_t since = app_clock(a);
        retry_held(a);
        give_back(a, since);
    }
}

void app_rec_scenario_gone(UiApp *a, const Scenario *sc)
{
    if (a->recs.held && play_scenario(a->recs.held_play) == sc)
        close_held(a);
}

void app_rec_free(UiApp *a)
{
    if (a->recs.held)
        close_held(a);
    records_close(a->recs.local_db);
    a->recs.local_db = NULL;
}
