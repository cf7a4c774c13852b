/* ui_app: the trainer window's loop. The app owns the loop, the window's events and the global
 * keys (Ctrl+Q, zoom, F1 help, F2 settings, F5, F11), and hands everything else to the current
 * screen (screens.h) or to the overlay when one is open. The attempt's life is app_core.c's,
 * each screen's drawing, keys and actions its scr_*.c's, hot reload ui_reload.c's (which
 * returns requests that the loop applies here). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "app_core.h"
#include "app_rec.h"
#include "cli.h"
#include "scr_common.h"
#include "scr_call_voice.h"
#include "screens.h"
#include "ui_app.h"
#include "ui_history.h"
#include "ui_reload.h"
#include "ui_strings.h"

static const UiScreenDef *const screens[] = {
    [UI_SCREEN_SIGNIN] = &scr_signin,   [UI_SCREEN_PICKER] = &scr_picker, [UI_SCREEN_BRIEFING] = &scr_briefing,
    [UI_SCREEN_CALL] = &scr_call,       [UI_SCREEN_DEBRIEF] = &scr_debrief, [UI_SCREEN_HISTORY] = &scr_history,
};

static bool overlay_open(const UiApp *a) { return a->help || a->settings_open; }

/* Where input goes: the overlay when one is open, else the current screen. */
static const UiScreenDef *target(const UiApp *a) { return overlay_open(a) ? &scr_overlay : screens[a->screen]; }

/* ---- hot reload: the requests ui_reload.c returns ----------------------------------------- */

/* Leaves the call and opens it again on entry e's new version, replayed from the request's
 * steps: the old attempt is closed and a new one recorded. keep: a reload mid-call, silent,
 * the clock, the coach's panel and the pause menu as they were. */
static int reopen_call(UiApp *a, const UiReloadRequest *rq, int start, const PlayStep *steps, int n, bool keep,
                       char *err, size_t errsize)
{
    int64_t t0 = a->t0;
    int feedback = a->feedback_step;
    bool paused_menu = a->pause_open;
    Play *p = play_replay(rq->sc, rq->seed, a->popt, start, steps, n, err, errsize);
    if (!p)
        return -1;
    Audio *audio = a->audio;
    if (keep) /* a reload is silent: the node's sound is not played again at every save */
        a->audio = NULL;
    Scenario *old = a->entries[rq->entry].sc;
    app_open_call(a, p, n > 0 ? steps[n - 1].at_ms : 0); /* frees the old play */
    a->audio = audio;
    a->entries[rq->entry].sc = rq->sc;
    app_rec_scenario_gone(a, old);
    scenario_free(old);
    if (keep) {
        a->t0 = t0; /* the node's timer has the time it had left */
        if (feedback >= 0 && feedback < play_step_count(a->play))
            a->feedback_step = feedback; /* the coach's panel was showing: it still is */
        a->pause_open = paused_menu;
        if (a->help || a->settings_open)
            a->ui.focus = ACT_OVERLAY_CLOSE;
        else if (a->pause_open)
            a->ui.focus = ACT_RESUME;
    }
    app_recompute_mood(a);
    return 0;
}

static void apply_reload(UiApp *a, UiReloadRequest rq)
{
    char err[512] = "";
    bool ok = true;
    if (rq.kind == UI_RELOAD_NONE)
        return;
    if (rq.kind == UI_RELOAD_SWAP) {
        UiEntry *e = &a->entries[rq.entry];
        app_rec_scenario_gone(a, e->sc);
        scenario_free(e->sc);
        e->sc = rq.sc;
        free(e->error);
        e->error = NULL;
    } else if (rq.kind == UI_RELOAD_REPLAY) {
        ok = reopen_call(a, &rq, rq.start, rq.steps, rq.nsteps, true, err, sizeof err) == 0;
    } else {
        ok = reopen_call(a, &rq, rq.start, rq.steps, rq.nsteps, false, err, sizeof err) == 0 ||
             reopen_call(a, &rq, -1, NULL, 0, false, err, sizeof err) == 0;
    }
    ui_reload_done(a, &rq, ok, err);
    app_dirty(a);
}

/* ---- actions and keys ------------------------------------------------------------------------ */

static void activate(UiApp *a, int id)
{
    app_dirty(a);
    if (id == ACT_SETTINGS || id == ACT_HELP) {
        app_open_overlay(a, id == ACT_HELP);
        return;
    }
    if (id == UI_RELOAD_ACT_RESTART) {
        apply_reload(a, ui_reload_restart(a));
        return;
    }
    if (overlay_open(a) && scr_overlay.activate(a, id))
        return;
    screens[a->screen]->activate(a, id);
}

/* The keys every screen shares: quit, full screen, zoom, help and settings, restart on a new
 * version of the file. true when taken. */
static bool global_key(UiApp *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0;
    if (ctrl && sym == SDLK_q) { /* quit, like closing the window: a live call asks first */
        if (!k->repeat)
            app_ask_leave(a, true);
        return true;
    }
    if (sym == SDLK_F11) {
        ui_gfx_toggle_fullscreen(a->g);
        return true;
    }
    if (sym == SDLK_F5 && !k->repeat && ui_reload_restart_offered(a)) {
        activate(a, UI_RELOAD_ACT_RESTART);
        return true;
    }
    if (ctrl && (sym == SDLK_EQUALS || sym == SDLK_PLUS || sym == SDLK_KP_PLUS || sym == SDLK_MINUS ||
                 sym == SDLK_KP_MINUS || sym == SDLK_0 || sym == SDLK_KP_0)) {
        bool reset = sym == SDLK_0 || sym == SDLK_KP_0, up = sym == SDLK_EQUALS || sym == SDLK_PLUS || sym == SDLK_KP_PLUS;
        app_set_zoom(a, reset ? 1.0 : a->set.text_zoom + (up ? 0.1 : -0.1));
        return true;
    }
    if (sym == SDLK_F1 || sym == SDLK_F2) {
        bool help = sym == SDLK_F1;
        if ((help && a->help) || (!help && a->settings_open))
            app_close_overlay(a);
        else
            app_open_overlay(a, help);
        return true;
    }
    return false;
}

/* Focus, scrolling and Enter: what a key does when the screen did not take it. */
static void focus_key(UiApp *a, const UiScreenDef *s, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    bool shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    int area = s->main_area(a);
    switch (sym) {
    case SDLK_TAB: uw_focus_move(&a->ui, shift ? -1 : 1); break;
    case SDLK_DOWN:
    case SDLK_RIGHT: uw_focus_move(&a->ui, 1); break;
    case SDLK_UP:
    case SDLK_LEFT: uw_focus_move(&a->ui, -1); break;
    case SDLK_PAGEUP:
    case SDLK_PAGEDOWN: {
        int h = a->ui.scroll[area].view.h * 9 / 10;
        uw_scroll_by(&a->ui, area, sym == SDLK_PAGEUP ? -h : h);
        break;
    }
    case SDLK_HOME:
    case SDLK_END: uw_scroll_by(&a->ui, area, sym == SDLK_HOME ? -(1 << 29) : (1 << 29)); break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        if (k->repeat)
            break;
        if (a->ui.focus && uw_hit_index(&a->ui, a->ui.focus) >= 0)
            activate(a, a->ui.focus);
        else if (s->primary(a))
            activate(a, s->primary(a));
        break;
    default: break;
    }
}

static void on_key(UiApp *a, const SDL_KeyboardEvent *k)
{
    app_dirty(a);
    if (global_key(a, k))
        return;
    const UiScreenDef *s = target(a);
    if (s->key(a, k))
        return;
    focus_key(a, s, k);
}

/* ---- events ---------------------------------------------------------------------------------- */

static void on_pointer(UiApp *a, const SDL_Event *e)
{
    int x, y;
    if (e->type == SDL_MOUSEMOTION) {
        ui_gfx_point_to_px(a->g, e->motion.x, e->motion.y, &x, &y);
        a->ui.mouse_x = x;
        a->ui.mouse_y = y;
        int h = uw_hit_at(&a->ui, x, y);
        if (h != a->ui.hover) {
            a->ui.hover = h;
            app_dirty(a);
        }
    } else if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        ui_gfx_point_to_px(a->g, e->button.x, e->button.y, &x, &y);
        int id = uw_hit_at(&a->ui, x, y);
        a->ui.focus = id;
        app_dirty(a);
        if (id)
            activate(a, id);
    } else if (e->type == SDL_MOUSEWHEEL) {
        /* The region under the pointer (only the overlay's while one is open). */
        unsigned mask = overlay_open(a) ? 1u << AREA_OVERLAY : ~(1u << AREA_OVERLAY);
        int area = uw_area_at(&a->ui, a->ui.mouse_x, a->ui.mouse_y, mask, target(a)->main_area(a));
        int dy = e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
            dy = -dy;
        uw_scroll_by(&a->ui, area, -dy * ui_gfx_px(a->g, 48));
    }
}

static void on_event(UiApp *a, const SDL_Event *e)
{
    const UiScreenDef *s = target(a);
    switch (e->type) {
    case SDL_QUIT: app_ask_leave(a, true); break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_CLOSE) { /* with a second window open, no SDL_QUIT */
            app_ask_leave(a, true);
            break;
        }
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e->window.event == SDL_WINDOWEVENT_RESIZED) {
            ui_gfx_refresh(a->g);
            app_relayout(a);
            a->ui.reveal_focus = true;
        }
        app_dirty(a);
        break;
    case SDL_RENDER_TARGETS_RESET: /* the kept frame is lost: draw it all again */
    case SDL_RENDER_DEVICE_RESET:
        ui_gfx_drop_frame(a->g);
        app_dirty(a);
        break;
    case SDL_KEYDOWN: on_key(a, &e->key); break;
    case SDL_TEXTEDITING:
        if (s->text)
            s->text(a, e->edit.text, true);
        break;
    case SDL_TEXTINPUT:
        a->composing[0] = 0;
        if (s->text)
            s->text(a, e->text.text, false);
        break;
    case SDL_MOUSEMOTION:
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEWHEEL: on_pointer(a, e); break;
    default: break;
    }
}

/* ---- the loop -------------------------------------------------------------------------------- */

/* Draws the current screen and the overlay (not presented). */
static void draw_screens(UiApp *a)
{
    scr_frame_begin(a);
    /* The call is hidden while an overlay pauses it. */
    if (!(a->screen == UI_SCREEN_CALL && overlay_open(a)))
        screens[a->screen]->draw(a);
    if (overlay_open(a))
        scr_overlay.draw(a);
}
static bool timer_running(const UiApp *a)
{
    return a->screen == UI_SCREEN_CALL && a->play && !a->pause_open && a->feedback_step < 0 &&
           play_status(a->play) == PLAY_CHOOSING && !play_paused(a->play) && play_time_limit_ms(a->play) > 0;
}

static void run_timer(UiApp *a)
{
    if (!timer_running(a))
        return;
    int64_t now = ui_app_now(a);
    if (play_tick(a->play, now)) {
        app_after_step(a, true);
        return;
    }
    int64_t left = play_time_left_ms(a->play, now);
    int sec = (int)((left + 999) / 1000);
    if (left >= 0 && sec >= 1 && sec <= 5 && sec != a->last_tick) {
        app_cue(a, AUDIO_CUE_TICK);
        a->last_tick = sec;
    }
    if (sec != a->timer_sec) /* the countdown shows seconds: it changes once a second */
        a->timer_due = true;
}

/* A running countdown wakes the loop when its second changes (scr_call then redraws the
 * countdown alone); an open scenario is checked for edits (hot reload) four times a second;
 * otherwise the loop sleeps a second at a time. */
int ui_app_wait_ms(const UiApp *a)
{
    if (call_voice_wait_ms(a) > 0) /* a recorded line playing, a spoken answer's meter */
        return call_voice_wait_ms(a);
    if (timer_running(a)) {
        int64_t left = play_time_left_ms(a->play, ui_app_now(a));
        int next = left > 0 && left % 1000 ? (int)(left % 1000) : 250; /* to the next second shown */
        return next < 250 ? (next < 10 ? 10 : next) : 250;
    }
    bool open = a->screen == UI_SCREEN_BRIEFING || a->screen == UI_SCREEN_CALL || a->screen == UI_SCREEN_DEBRIEF;
    return open ? 250 : 1000;
}

/* Lays the screen out and draws it (not presented). A pass may find that a scroll offset must
 * change (content grew, focus moved out of sight) and ask for another, so what is shown, and
 * what the next input acts on, is always consistent. */
static void layout(UiApp *a)
{
    for (int pass = 0; pass < 3; pass++) {
        a->ui.dirty = false;
        draw_screens(a);
        a->ui.reveal_focus = false;
        if (!a->ui.dirty)
            break;
    }
    a->ui.dirty = false;
}

void ui_app_draw(UiApp *a)
{
    a->frames++;
    layout(a);
    ui_gfx_end(a->g, !a->opt.no_present);
}

/* Waits for an event. X11 and Wayland really sleep in SDL_WaitEventTimeout; the headless
 * drivers (dummy, offscreen) cannot be woken, and SDL then polls every millisecond: poll every
 * 10 ms instead, which keeps an idle headless window near 0% CPU too. */
static bool wait_event(SDL_Event *e, int wait_ms)
{
    if (wait_ms <= 0)
        return SDL_PollEvent(e);
    const char *drv = SDL_GetCurrentVideoDriver();
    if (!drv || (strcmp(drv, "dummy") != 0 && strcmp(drv, "offscreen") != 0))
        return SDL_WaitEventTimeout(e, wait_ms);
    Uint64 end = SDL_GetTicks64() + (Uint64)wait_ms;
    for (;;) {
        if (SDL_PollEvent(e))
            return true;
        Uint64 now = SDL_GetTicks64();
        if (now >= end)
            return false;
        SDL_Delay(end - now < 10 ? (Uint32)(end - now) : 10);
    }
}

bool ui_app_step(UiApp *a, int wait_ms)
{
    SDL_Event e;
    bool got = wait_event(&e, wait_ms);
    while (got) {
        on_event(a, &e);
        got = SDL_PollEvent(&e);
        /* Later events act on what this one changed: lay the screen out again first (the
         * last one's frame is drawn below). */
        if (got && a->ui.dirty && !a->quit) {
            layout(a);
            a->ui.dirty = true; /* and show it */
        }
    }
    apply_reload(a, ui_reload_poll(a)); /* the open scenario file changed on disk: reload it */
    app_review_step(a); /* the case review opened from a debrief, if any */
    run_timer(a);
    call_voice_tick(a, ui_app_now(a)); /* a recorded line's end, a spoken answer's time */
    app_rec_tick(a); /* the attempt's lease; what waits for a lost records server */
    if (a->quit)
        return false;
    if (a->ui.dirty)
        ui_app_draw(a);
    else if (a->timer_due && !scr_call_redraw_timer(a, !a->opt.no_present))
        ui_app_draw(a); /* the countdown alone could not be drawn again */
    a->timer_due = false;
    return true;
}

int ui_app_run(UiApp *a, const char *screenshot)
{
    ui_app_draw(a);
    if (screenshot) {
        ui_app_step(a, 0); /* scripted keys, if any, then the frame they lead to */
        a->opt.no_present = true;
        ui_app_draw(a);
        char err[512];
        int rc = ui_gfx_save_png(a->g, screenshot, err, sizeof err);
        if (rc != 0)
            fprintf(stderr, "sparring: %s\n", err);
        return rc == 0 ? 0 : 1;
    }
    while (!a->quit)
        ui_app_step(a, ui_app_wait_ms(a));
    return 0;
}

/* ---- life -------------------------------------------------------------------------------------- */

UiApp *ui_app_new(const UiOptions *opt, char *err, size_t errsize)
{
    UiApp *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    a->opt = *opt;
    a->feedback_step = -1;
    snprintf(a->settings_path, sizeof a->settings_path, "%s", opt->settings ? opt->settings : ui_settings_path());
    ui_settings_load(&a->set, a->settings_path);
    if (opt->locale)
        app_set_locale(a, (opt->locale[0] == 'z' && opt->locale[1] == 'h') ? "zh" : "en");
    a->s = ui_strings(a->set.locale);
    /* The mode is chosen per call on the briefing: never remembered, practice unless --mode says. */
    a->mode = a->default_mode = app_mode_from_name(opt->mode, UI_MODE_PRACTICE);
    if (opt->trainee && *opt->trainee && strcmp(opt->trainee, a->set.trainee_id) != 0) {
        snprintf(a->set.trainee_id, sizeof a->set.trainee_id, "%s", opt->trainee);
        a->set.trainee_name[0] = 0;
    }
    a->g = ui_gfx_open(a->s->app_title, opt->width > 0 ? opt->width : 1280, opt->height > 0 ? opt->height : 800,
                       opt->fullscreen, err, errsize);
    if (!a->g) {
        free(a);
        return NULL;
    }
    ui_gfx_set_zoom(a->g, a->set.text_zoom);
    char warn[512] = "";
    a->audio = audio_open(opt->audio, warn, sizeof warn);
    if (warn[0])
        fprintf(stderr, "sparring: %s\n", warn);
    app_apply_sound(a);
    if (!opt->db || *opt->db) {
        char dberr[512];
        bool local = false;
        long joined = 0;
        a->db = records_open_station(cli_db_path(opt->db), cli_local_db_path(), &local, &joined,
                                     dberr, sizeof dberr);
        if (a->db) /* a server that does not answer holds the window a quarter second a try */
            records_set_connect_budget(a->db, 250);
        if (!a->db)
            snprintf(a->banner, sizeof a->banner, a->s->not_recorded, dberr);
        else if (local) /* the shared store's server is away (docs/records.md) */
            snprintf(a->banner, sizeof a->banner, a->s->server_away, dberr);
        else if (dberr[0])
            snprintf(a->banner, sizeof a->banner, "%.400s", dberr);
        if (a->db && records_interrupted(a->db, &a->interrupted, &a->ninterrupted, dberr, sizeof dberr) != 0)
            snprintf(a->banner, sizeof a->banner, "%s", dberr);
        a->interrupted_done = calloc((size_t)a->ninterrupted + 1, sizeof *a->interrupted_done);
        if (!a->interrupted_done) {
            records_attempts_free(a->interrupted, a->ninterrupted);
            a->interrupted = NULL;
            a->ninterrupted = 0;
        }
    }
    bool single = app_load_scenarios(a, opt->path ? opt->path : cli_scenarios_dir());
    if (a->set.trainee_id[0] && opt->trainee && *opt->trainee) {
        app_refresh_records(a);
        if (single && a->nentries == 1 && a->entries[0].sc && app_interrupted_offer(a, NULL) < 0)
            app_enter_briefing(a, 0); /* (an interrupted attempt is offered on the list first) */
        else
            app_go_picker(a);
    } else {
        app_go(a, UI_SCREEN_SIGNIN, a->set.trainee_id[0] ? ACT_SIGNIN : ACT_FIELD_ID);
    }
    SDL_StartTextInput();
    return a;
}

void ui_app_free(UiApp *a)
{
    if (!a)
        return;
    app_release_parked(a); /* a left call stays resumable after the window closes */
    app_drop_play(a);
    app_rec_free(a); /* a last try for an attempt waiting for the server, before its scenario goes */
    records_attempt_free(a->debrief_at);
    call_voice_free(a);
    for (int i = 0; i < a->nentries; i++) {
        scenario_free(a->entries[i].sc);
        free(a->entries[i].path);
        free(a->entries[i].name);
        free(a->entries[i].error);
    }
    free(a->entries);
    free(a->source);
    ui_reload_free(a->reload);
    ui_history_free(a->history);
    scr_picker_free(a->cards);
    records_attempts_free(a->interrupted, a->ninterrupted);
    free(a->interrupted_done);
    records_close(a->db);
    audio_close(a->audio);
    ui_gfx_close(a->g);
    free(a);
}

/* ---- test hooks ---------------------------------------------------------------------------------- */



UiGfx *ui_app_gfx(UiApp *a) { return a->g; }

const Audio *ui_app_audio(const UiApp *a) { return a->audio; }

void ui_app_set_mentor_hold(UiApp *a, bool hold)
{
    a->mentor_hold = hold;
    a->ui.dirty = true;
}

Play *ui_app_live_play(UiApp *a) { return a->screen == UI_SCREEN_CALL ? a->play : NULL; }

Recorder *ui_app_recorder(UiApp *a) { return a->rec; }
Records *ui_app_records(UiApp *a) { return a->db; }

/* The coach's panel shows the last decision of the play, and nothing was decided after it. */
static bool feedback_still_valid(const UiApp *a)
{
    int n = play_step_count(a->play), k = a->feedback_step;
    if (k >= n)
        return false;
    for (int i = k; i < n; i++) {
        PlayStepKind kind = play_step(a->play, i)->kind;
        bool decision = kind == PLAY_STEP_CHOICE || kind == PLAY_STEP_TIMEOUT;
        if (decision != (i == k))
            return false;
    }
    return true;
}

void ui_app_play_changed(UiApp *a, bool moved)
{
    if (!a->play)
        return;
    /* A rewind took back the decision whose feedback was showing: the step it pointed at is
     * gone, or is now the pause that covers the rewound time, not a decision. */
    if (a->feedback_step >= 0 && !feedback_still_valid(a))
        a->feedback_step = -1;
    app_sync_attempt(a);
    if (moved && a->feedback_step < 0)
        app_enter_node(a);
    a->ui.dirty = true;
}

int ui_app_start_from(UiApp *a, uint64_t seed, PlayOptions opts, int start_node, const PlayStep *steps,
                      int nsteps, char *err, size_t errsize)
{
    if (a->screen != UI_SCREEN_BRIEFING || a->cur < 0 || a->cur >= a->nentries || !a->entries[a->cur].sc) {
        snprintf(err, errsize, "no scenario is open to practise");
        return -1;
    }
    Play *p = play_replay(a->entries[a->cur].sc, seed, opts, start_node, steps, nsteps, err, errsize);
    if (!p)
        return -1;
    a->popt = opts;
    app_open_call(a, p, nsteps > 0 ? steps[nsteps - 1].at_ms : 0);
    return 0;
}

const Scenario *ui_app_open_scenario(const UiApp *a)
{
    if (a->screen != UI_SCREEN_BRIEFING || a->cur < 0 || a->cur >= a->nentries)
        return NULL;
    return a->entries[a->cur].sc;
}

PlayOptions ui_app_play_options(const UiApp *a) { return a->popt; }

void ui_app_note(UiApp *a, const char *err)
{
    snprintf(a->banner, sizeof a->banner, a->s->not_recorded, err);
    app_dirty(a);
}
