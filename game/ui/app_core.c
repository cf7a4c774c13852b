/* app_core: the trainer window's attempt and navigation (app_core.h): time, sound, the
 * scenario list, the attempt's life (play, records), interrupted attempts, overlays. */
#include "app_core.h"
#include "sheet.h"
#include "cli.h"

#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL.h>

#include "app_rec.h"
#include "ui_forms.h"
#include "scr_call_voice.h"
#include "ui_history.h"

const char *ui_mode_name(UiMode m)
{
    return m == UI_MODE_ASSESSMENT ? "assessment" : m == UI_MODE_SANDBOX ? "sandbox" : "practice";
}

UiMode app_mode_from_name(const char *s, UiMode def)
{
    if (!s)
        return def;
    if (!strcmp(s, "assessment"))
        return UI_MODE_ASSESSMENT;
    if (!strcmp(s, "sandbox"))
        return UI_MODE_SANDBOX;
    if (!strcmp(s, "practice"))
        return UI_MODE_PRACTICE;
    return def;
}

/* ---- sound ----------------------------------------------------------------------------------- */

void app_cue(UiApp *a, AudioCue c)
{
    if (a->audio)
        audio_play_cue(a->audio, c, a->set.locale);
}

static void node_sound(UiApp *a, const ScNode *n)
{
    if (!a->audio || !n->sound)
        return;
    int c = audio_cue_from_name(n->sound);
    if (c >= 0) {
        audio_play_cue(a->audio, (AudioCue)c, a->set.locale);
        return;
    }
    char err[256];
    if (audio_play_file(a->audio, n->sound, err, sizeof err) != 0)
        snprintf(a->banner, sizeof a->banner, "%s", err);
}

void app_apply_sound(UiApp *a)
{
    if (!a->audio)
        return;
    audio_set_volume(a->audio, (float)a->set.volume);
    audio_set_muted(a->audio, a->set.muted);
}

/* ---- scenarios ------------------------------------------------------------------------------- */

static void app_add_entry(UiApp *a, const char *path)
{
    UiEntry *n = realloc(a->entries, sizeof *n * (size_t)(a->nentries + 1));
    if (!n)
        return;
    a->entries = n;
    UiEntry *e = &a->entries[a->nentries];
    memset(e, 0, sizeof *e);
    e->path = strdup(path);
    const char *slash = strrchr(path, '/');
    e->name = strdup(slash ? slash + 1 : path);
    e->best = e->latest = -1;
    DiagList diags = {0};
    e->sc = sheet_load_file(path, &diags); /* a .csv sheet too */
    if (!e->sc) {
        char buf[1024];
        e->error = strdup(diag_first_error(&diags, buf, sizeof buf, "cannot be loaded"));
    }
    diag_list_free(&diags);
    if (!e->path || !e->name) {
        free(e->path);
        free(e->name);
        free(e->error);
        scenario_free(e->sc);
        return;
    }
    a->nentries++;
}

/* Every *.json under dir (two levels deep); a JSON Schema is no scenario. */
static void app_scan_dir(UiApp *a, const char *dir)
{
    CliPaths found;
    if (cli_scan(dir, &(CliScan){.max_depth = 2, .follow_links = true, .warn = "sparring: "}, &found) < 0)
        return;
    for (int i = 0; i < found.n; i++)
        app_add_entry(a, found.paths[i]);
    cli_paths_free(&found);
}

/* Picker order: by tier (failures last), then path, so index order is the order shown. */
static int app_cmp_entry(const void *x, const void *y)
{
    const UiEntry *a = x, *b = y;
    int ga = a->sc ? (int)scenario_level(a->sc) : 3, gb = b->sc ? (int)scenario_level(b->sc) : 3;
    return ga != gb ? ga - gb : strcmp(a->path, b->path);
}

void app_refresh_records(UiApp *a)
{
    for (int i = 0; i < a->nentries; i++) {
        UiEntry *e = &a->entries[i];
        e->best = e->latest = -1;
        e->passed_assessment = false;
        if (a->db && e->sc && a->set.trainee_id[0])
            records_best_latest(a->db, a->set.trainee_id, scenario_id(e->sc), &e->best, &e->latest,
                                &e->passed_assessment);
    }
    ui_history_refresh(a); /* the status of each card */
}

void app_save_settings(UiApp *a)
{
    char err[512];
    if (ui_settings_save(&a->set, a->settings_path, err, sizeof err) != 0)
        snprintf(a->banner, sizeof a->banner, "%s", err);
}

/* ---- the attempt ----------------------------------------------------------------------------- */

void app_drop_play(UiApp *a)
{
    app_close_review(a); /* it shows the attempt of the debrief being left */
    call_voice_call_closed(a);
    app_rec_end(a);
    play_free(a->play);
    a->play = NULL;
    free(a->rows);
    a->rows = NULL;
    a->nrows = 0;
    a->feedback_step = -1;
    a->pause_open = false;
}

void app_go(UiApp *a, UiScreen s, int focus)
{
    a->screen = s;
    a->ui.focus = focus;
    a->ui.hover = 0;
    a->ui.scroll[AREA_PAGE] = (UiScroll){0};
    a->ui.reveal_focus = true;
    a->ui.dirty = true;
}

void app_go_picker(UiApp *a)
{
    app_drop_play(a);
    app_refresh_records(a);
    int first = 0;
    for (int i = 0; i < a->nentries && !first; i++)
        if (a->entries[i].sc)
            first = ACT_PICK + i;
    int entry = -1;
    app_retry_failed(a);
    if (app_parked_offered(a))
        first = ACT_PARK_RESUME;
    else if (app_interrupted_offer(a, &entry) >= 0)
        first = entry >= 0 ? ACT_INT_RESUME : ACT_INT_CLOSE;
    else if (a->ui.focus >= ACT_PICK && a->ui.focus < ACT_CHOICE)
        first = a->ui.focus;
    else if (a->screen != UI_SCREEN_SIGNIN && a->cur >= 0 && a->cur < a->nentries && a->entries[a->cur].sc)
        first = ACT_PICK + a->cur; /* back from a scenario: on its card */
    app_go(a, UI_SCREEN_PICKER, first);
}

/* The trainee's history of a scenario (ui_history.c); Esc or Back returns to the picker. */
void app_enter_history(UiApp *a, int i)
{
    if (i < 0 || i >= a->nentries || !a->entries[i].sc)
        return;
    a->cur = i;
    ui_history_load(a, i);
    app_go(a, UI_SCREEN_HISTORY, UI_HISTORY_ACT_BACK);
}

void app_enter_briefing(UiApp *a, int i)
{
    if (i < 0 || i >= a->nentries || !a->entries[i].sc)
        return;
    app_drop_play(a);
    a->cur = i;
    const Scenario *sc = a->entries[i].sc;
    a->loc = scenario_locale_index(sc, a->set.locale);
    a->mode = a->default_mode;
    a->popt = (PlayOptions){.timers = !a->opt.author && (a->mode == UI_MODE_ASSESSMENT || a->set.practice_timers),
                            .time_multiplier = 1.0};
    app_go(a, UI_SCREEN_BRIEFING, a->mode == UI_MODE_SANDBOX      ? ACT_BRIEF_START
                                  : a->mode == UI_MODE_ASSESSMENT ? ACT_BRIEF_ASSESS
                                                                  : ACT_BRIEF_PRACTICE);
    if (a->audio)
        audio_stop_all(a->audio);
    app_cue(a, AUDIO_CUE_RING);
}

/* What entering the current node shows and sounds. */
void app_enter_node(UiApp *a)
{
    const ScNode *n = scenario_node(play_scenario(a->play), play_node(a->play));
    if (n->mood)
        snprintf(a->mood, sizeof a->mood, "%s", n->mood);
    node_sound(a, n);
    a->last_tick = -1;
    a->ui.focus = 0;
    a->ui.scroll[AREA_TRANSCRIPT].stick_bottom = true;
    a->ui.scroll[AREA_CHOICES].offset = 0;
    if (play_status(a->play) == PLAY_ENDED && n->outcome == SC_OUTCOME_FAIL) {
        /* The line goes dead, unless the node already plays that itself. */
        int own = n->sound ? audio_cue_from_name(n->sound) : -1;
        bool click = own != AUDIO_CUE_HANGUP && own != AUDIO_CUE_BUSY;
        if (click)
            app_cue(a, AUDIO_CUE_HANGUP);
        /* The busy tone follows the click instead of sounding over it. */
        if (own != AUDIO_CUE_BUSY && a->audio)
            audio_play_cue_after(a->audio, AUDIO_CUE_BUSY, scenario_locale(play_scenario(a->play), a->loc),
                                 click ? 0.15 : 0.0);
    }
    call_voice_enter_node(a, ui_app_now(a)); /* its recorded line, and say-aloud at a decision */
}

/* The call screen for a Play just made (new, or replayed from a log whose last step was at
 * `clock_from` ms): recording starts, the clock goes on from there. */
void app_open_call(UiApp *a, Play *p, int64_t clock_from)
{
    const Scenario *sc = play_scenario(p);
    app_drop_play(a);
    a->play = p;
    a->t0 = app_clock(a) - clock_from;
    a->mood[0] = 0;
    a->feedback_step = -1;
    a->attempt_id[0] = 0;
    AttemptMeta meta = {.trainee_id = a->set.trainee_id, .trainee_name = a->set.trainee_name,
                        .mode = ui_mode_name(a->mode), .locale = scenario_locale(sc, a->loc),
                        .time_multiplier = a->popt.time_multiplier, .no_timers = !a->popt.timers,
                        .mentor_id = a->opt.mentor};
    app_rec_begin(a, &meta);
    app_go(a, UI_SCREEN_CALL, 0);
    a->ui.scroll[AREA_TRANSCRIPT] = (UiScroll){.stick_bottom = true};
    call_voice_call_opened(a);
    app_enter_node(a);
}

void app_start_call(UiApp *a, UiMode mode)
{
    a->mode = mode;
    a->popt.timers = !a->opt.author && (mode == UI_MODE_ASSESSMENT || a->set.practice_timers);
    /* Assessment shows the answers in the seeded shuffled order; practice keeps file order. */
    a->popt.shuffle = mode == UI_MODE_ASSESSMENT;
    uint64_t seed = (uint64_t)app_unix_ms() * 6364136223846793005ull ^ SDL_GetPerformanceCounter();
    if (mode == UI_MODE_ASSESSMENT) /* one of the group's parallel forms (scr_assess.c) */
        a->cur = ui_assess_form(a, a->cur, seed);
    Play *p = play_new(a->entries[a->cur].sc, seed, a->popt);
    if (!p) {
        snprintf(a->banner, sizeof a->banner, "out of memory");
        return;
    }
    if (a->audio)
        audio_stop_all(a->audio);
    app_cue(a, AUDIO_CUE_PICKUP);
    app_open_call(a, p, 0);
}

/* After a choice, a timeout or a continue. */
void app_after_step(UiApp *a, bool decision)
{
    call_voice_after_step(a, decision); /* the take said at this decision goes with it */
    if (decision && a->mode != UI_MODE_ASSESSMENT) {
        for (int i = play_step_count(a->play) - 1; i >= 0; i--) {
            PlayStepKind k = play_step(a->play, i)->kind;
            if (k == PLAY_STEP_CHOICE || k == PLAY_STEP_TIMEOUT) {
                a->feedback_step = i;
                break;
            }
        }
        /* The next node's timer waits while the trainee reads the coach. */
        if (play_status(a->play) == PLAY_CHOOSING)
            play_pause(a->play, ui_app_now(a));
        app_cue(a, AUDIO_CUE_CHIME);
        a->ui.focus = 0;
        a->ui.scroll[AREA_TRANSCRIPT].stick_bottom = true;
        a->ui.scroll[AREA_CHOICES].offset = 0;
    } else {
        app_enter_node(a);
    }
    app_sync_attempt(a); /* every step, the feedback's pause included, is stored at once */
    a->ui.dirty = true;
}

int64_t ui_choice_points(const ScChoice *c)
{
    int64_t s = 0;
    for (int i = 0; c && i < c->nscore; i++)
        s += c->score[i].points;
    return s;
}

void app_enter_debrief(UiApp *a)
{
    app_debrief_rows(a);
    app_rec_end(a);
    a->past = false;
    app_debrief_extras(a);
    if (a->audio)
        audio_stop_all(a->audio);
    app_cue(a, a->result.passed ? AUDIO_CUE_PASS : AUDIO_CUE_FAIL);
    app_go(a, UI_SCREEN_DEBRIEF, 0);
}

/* ---- interrupted attempts -------------------------------------------------------------------- */

int app_interrupted_offer(const UiApp *a, int *entry)
{
    for (int i = 0; i < a->ninterrupted; i++) {
        const RecordsAttempt *r = &a->interrupted[i];
        if (a->interrupted_done[i] || strcmp(r->trainee_id, a->set.trainee_id) != 0)
            continue;
        for (int e = 0; e < a->nentries; e++)
            if (a->entries[e].sc && !strcmp(scenario_id(a->entries[e].sc), r->scenario_id)) {
                if (entry)
                    *entry = e;
                return i;
            }
        if (entry)
            *entry = -1;
        return i;
    }
    return -1;
}

/* Handled attempts stay in the list (records_attempts_free frees it whole), marked done. */
static void forget_interrupted(UiApp *a, int i) { a->interrupted_done[i] = true; }

void app_close_interrupted(UiApp *a)
{
    int i = app_interrupted_offer(a, NULL);
    if (i < 0)
        return;
    char err[512];
    if (records_close_interrupted(a->db, a->interrupted[i].attempt_id, err, sizeof err) != 0)
        snprintf(a->banner, sizeof a->banner, "%s", err);
    forget_interrupted(a, i);
    app_refresh_records(a);
}

/* Replays the attempt from its seed and steps and goes on recording it where it stopped. */
void app_resume_interrupted(UiApp *a)
{
    int e = -1, i = app_interrupted_offer(a, &e);
    if (i < 0)
        return;
    RecordsAttempt *r = &a->interrupted[i];
    const Scenario *sc = e >= 0 ? a->entries[e].sc : NULL;
    char err[512] = "";
    if (!sc || strcmp(scenario_sha256(sc), r->scenario_sha256) != 0) {
        snprintf(a->banner, sizeof a->banner, "%s: the scenario file changed since; closed as interrupted",
                 r->scenario_id);
        app_close_interrupted(a);
        return;
    }
    PlayOptions po = records_play_options(r); /* the order shown before is shown again */
    int start = scenario_find_node(sc, r->start_node);
    Play *p = start >= 0 ? play_replay(sc, r->seed, po, start, r->steps, r->nsteps, err, sizeof err) : NULL;
    Recorder *rec = p ? recorder_resume(a->db, r->attempt_id, p, err, sizeof err) : NULL;
    if (!rec) {
        snprintf(a->banner, sizeof a->banner, a->s->not_recorded, err[0] ? err : r->attempt_id);
        play_free(p);
        return;
    }
    app_drop_play(a);
    a->cur = e;
    a->play = p;
    a->rec = rec;
    a->popt = po;
    a->mode = app_mode_from_name(r->mode, a->mode);
    a->loc = scenario_locale_index(sc, r->locale);
    snprintf(a->attempt_id, sizeof a->attempt_id, "%s", r->attempt_id);
    /* The attempt's clock goes on from its last step. */
    int64_t last = r->nsteps > 0 ? r->steps[r->nsteps - 1].at_ms : 0;
    a->t0 = app_clock(a) - last;
    forget_interrupted(a, i);
    a->mood[0] = 0;
    for (int k = 0; k < play_step_count(p); k++) {
        const ScNode *n = scenario_node(sc, play_step(p, k)->node);
        if (n->mood)
            snprintf(a->mood, sizeof a->mood, "%s", n->mood);
    }
    app_go(a, UI_SCREEN_CALL, 0);
    a->ui.scroll[AREA_TRANSCRIPT] = (UiScroll){.stick_bottom = true};
    app_enter_node(a);
    if (play_paused(p))
        play_resume(p, ui_app_now(a));
    app_sync_attempt(a);
}

/* ---- actions --------------------------------------------------------------------------------- */

void app_open_overlay(UiApp *a, bool help)
{
    if (app_call_live(a) && !play_paused(a->play)) {
        play_pause(a->play, ui_app_now(a));
        a->overlay_paused = true;
    }
    if (!a->help && !a->settings_open)
        a->focus_under = a->ui.focus;
    a->help = help;
    a->settings_open = !help;
    a->ui.scroll[AREA_OVERLAY] = (UiScroll){0};
    a->ui.focus = ACT_OVERLAY_CLOSE;
    a->ui.dirty = true;
}

void app_close_overlay(UiApp *a)
{
    a->help = a->settings_open = false;
    if (a->overlay_paused && app_call_live(a) && !a->pause_open && a->feedback_step < 0)
        play_resume(a->play, ui_app_now(a));
    a->overlay_paused = false;
    a->ui.focus = a->focus_under; /* where the trainee was before the overlay */
    a->ui.reveal_focus = true;
    a->ui.dirty = true;
}

void app_relayout(UiApp *a)
{
    /* The transcript's offset was in pixels of the old layout: follow the current line again
     * (the call's layout shows its start when it is taller than the view). */
    a->ui.scroll[AREA_TRANSCRIPT].stick_bottom = true;
}

void app_set_zoom(UiApp *a, double z)
{
    ui_gfx_set_zoom(a->g, z);
    app_relayout(a);
    a->set.text_zoom = ui_gfx_zoom(a->g);
    app_save_settings(a);
    a->ui.dirty = true;
}

void app_set_locale(UiApp *a, const char *loc)
{
    snprintf(a->set.locale, sizeof a->set.locale, "%s", loc);
    a->s = ui_strings(loc);
    if (a->g)
        ui_gfx_set_title(a->g, a->s->app_title);
}
/* Scenario files that failed to load are read again (a trainer may have fixed one since):
 * on the way to the picker, and on F5 there. */
void app_retry_failed(UiApp *a)
{
    for (int i = 0; i < a->nentries; i++) {
        UiEntry *e = &a->entries[i];
        if (e->sc)
            continue;
        DiagList diags = {0};
        e->sc = sheet_load_file(e->path, &diags); /* a .csv sheet too */
        free(e->error);
        e->error = NULL;
        if (!e->sc) {
            char buf[1024];
            e->error = strdup(diag_first_error(&diags, buf, sizeof buf, "cannot be loaded"));
        }
        diag_list_free(&diags);
    }
    app_refresh_records(a);
}

/* Lists the scenarios of a folder (two levels, by tier then path) or one file. Returns true
 * for a single file. */
bool app_load_scenarios(UiApp *a, const char *path)
{
    a->source = strdup(path);
    struct stat st;
    if (a->source && stat(a->source, &st) == 0 && S_ISDIR(st.st_mode)) {
        app_scan_dir(a, a->source);
        if (a->nentries > 1)
            qsort(a->entries, (size_t)a->nentries, sizeof *a->entries, app_cmp_entry);
        return false;
    }
    if (a->source)
        app_add_entry(a, a->source);
    return true;
}

/* ---- leaving a call ----------------------------------------------------------------------------- */

void app_ask_leave(UiApp *a, bool quit)
{
    if (!app_call_live(a)) {
        if (quit)
            a->quit = true;
        else
            app_go_picker(a);
        return;
    }
    if (!a->pause_open) { /* the call stops while the trainee decides */
        if (!play_paused(a->play))
            play_pause(a->play, ui_app_now(a));
        a->pause_open = true;
        app_sync_attempt(a);
    }
    if (a->help || a->settings_open)
        app_close_overlay(a);
    a->confirm_leave = true;
    a->quit_after_leave = quit;
    a->ui.focus = ACT_LEAVE_CANCEL;
    app_dirty(a);
}

void app_discard_parked(UiApp *a)
{
    if (!a->parked.play)
        return;
    if (a->parked.rec) {
        char err[512];
        if (recorder_end(a->parked.rec, a->parked.play, app_unix_ms(), err, sizeof err) != 0)
            snprintf(a->banner, sizeof a->banner, a->s->not_recorded, err);
    }
    play_free(a->parked.play);
    memset(&a->parked, 0, sizeof a->parked);
    app_refresh_records(a);
    app_dirty(a);
}

void app_release_parked(UiApp *a)
{
    if (!a->parked.play)
        return;
    if (a->parked.rec) {
        char err[512];
        if (recorder_release(a->parked.rec, a->parked.play, app_unix_ms(), err, sizeof err) != 0)
            fprintf(stderr, "sparring: %s\n", err); /* the lease lapses by itself: still resumable */
    }
    play_free(a->parked.play);
    memset(&a->parked, 0, sizeof a->parked);
}

/* The interrupted attempts read again (one let go meanwhile is offered too); those resumed or
 * closed since are no longer interrupted, so nothing is offered twice. */
void app_reload_interrupted(UiApp *a)
{
    if (!a->db)
        return;
    RecordsAttempt *list = NULL;
    int n = 0;
    char err[512];
    if (records_interrupted(a->db, &list, &n, err, sizeof err) != 0) {
        snprintf(a->banner, sizeof a->banner, "%s", err);
        return;
    }
    bool *done = calloc((size_t)n + 1, sizeof *done);
    if (!done) {
        records_attempts_free(list, n);
        return;
    }
    records_attempts_free(a->interrupted, a->ninterrupted);
    free(a->interrupted_done);
    a->interrupted = list;
    a->ninterrupted = n;
    a->interrupted_done = done;
}

void app_leave_confirmed(UiApp *a)
{
    bool quit = a->quit_after_leave;
    a->confirm_leave = a->quit_after_leave = false;
    if (!app_call_live(a)) {
        a->quit = quit;
        return;
    }
    if (a->parked.play && strcmp(a->parked.trainee, a->set.trainee_id) != 0) {
        /* A shared PC: the call another trainee left is kept for them, let go so that the list
         * offers it to them as an interrupted attempt. */
        app_release_parked(a);
        app_reload_interrupted(a);
    } else {
        app_discard_parked(a); /* one parked call at a time: the trainee's older one is closed */
    }
    int64_t now = ui_app_now(a);
    if (a->rec && a->mode == UI_MODE_ASSESSMENT) {
        char err[256], detail[160];
        snprintf(detail, sizeof detail, "left by the trainee mid-call (assessment), after %d decisions",
                 play_decision_count(a->play));
        if (recorder_mentor_event(a->rec, "comment", detail, now, play_decision_count(a->play), err, sizeof err) < 0)
            snprintf(a->banner, sizeof a->banner, a->s->not_recorded, err);
    }
    a->parked.play = a->play;
    a->parked.rec = a->rec;
    a->parked.entry = a->cur;
    a->parked.loc = a->loc;
    a->parked.mode = a->mode;
    a->parked.at = now;
    a->parked.popt = a->popt;
    snprintf(a->parked.attempt_id, sizeof a->parked.attempt_id, "%s", a->attempt_id);
    snprintf(a->parked.trainee, sizeof a->parked.trainee, "%s", a->set.trainee_id);
    a->play = NULL; /* not ended: the attempt stays in progress */
    a->rec = NULL;
    if (a->audio)
        audio_stop_all(a->audio);
    if (quit)
        a->quit = true;
    else
        app_go_picker(a);
}

bool app_parked_offered(const UiApp *a)
{
    return a->parked.play && !strcmp(a->parked.trainee, a->set.trainee_id);
}

void app_resume_parked(UiApp *a)
{
    if (!app_parked_offered(a))
        return;
    app_drop_play(a);
    a->play = a->parked.play;
    a->rec = a->parked.rec;
    a->cur = a->parked.entry;
    a->loc = a->parked.loc;
    a->mode = a->parked.mode;
    a->popt = a->parked.popt;
    snprintf(a->attempt_id, sizeof a->attempt_id, "%s", a->parked.attempt_id);
    /* The attempt's clock goes on from the moment it was left; the node's timer was paused. */
    a->t0 = app_clock(a) - a->parked.at;
    memset(&a->parked, 0, sizeof a->parked);
    app_go(a, UI_SCREEN_CALL, 0);
    a->ui.scroll[AREA_TRANSCRIPT] = (UiScroll){.stick_bottom = true};
    a->pause_open = false;
    a->feedback_step = -1;
    if (play_paused(a->play))
        play_resume(a->play, ui_app_now(a));
    app_sync_attempt(a);
    a->ui.focus = 0;
    app_recompute_mood(a);
}

/* The mood shown: the last mood of the nodes the play went through. */
void app_recompute_mood(UiApp *a)
{
    const Scenario *sc = play_scenario(a->play);
    a->mood[0] = 0;
    for (int k = 0; k <= play_step_count(a->play); k++) {
        int node = k < play_step_count(a->play) ? play_step(a->play, k)->node : play_node(a->play);
        const ScNode *n = scenario_node(sc, node);
        if (n->mood)
            snprintf(a->mood, sizeof a->mood, "%s", n->mood);
    }
}

