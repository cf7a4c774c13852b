/* mentor_console: the mentor's window in a sandbox session (see mentor_console.h). The
 * console never decides anything about the score: it calls play_* on the trainee's Play and
 * lets the trainee's window record and show the result (ui_app_play_changed). */
#include "mentor_console.h"
#include "mentor_console_int.h"
#include "scr_call_voice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

static const int meter_steps[4] = {-10, -1, 1, 10};

/* ---- helpers ----------------------------------------------------------------------------------- */

const char *mc_tx(const MentorConsole *c, const ScText *t) { return scenario_text(t, c->loc); }

int64_t mc_choice_total(const ScChoice *ch)
{
    int64_t s = 0;
    for (int i = 0; ch && i < ch->nscore; i++)
        s += ch->score[i].points;
    return s;
}

/* "+5 points: Empathy +3, Needs discovery +2 → explain" */
void mc_points_text(const MentorConsole *c, const Scenario *sc, const ScChoice *ch, char *buf, size_t size)
{
    int n = snprintf(buf, size, c->s->points, (int)mc_choice_total(ch));
    for (int i = 0; i < ch->nscore && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, "%s%s %+d", i ? c->ls->comma : c->ls->colon,
                      mc_tx(c, &scenario_competency(sc, ch->score[i].competency)->name), ch->score[i].points);
    if (n > 0 && (size_t)n < size) {
        int to = ch->next.node;
        snprintf(buf + n, size - (size_t)n, "  → %s", to >= 0 ? scenario_node(sc, to)->id : c->s->random_next);
    }
}

/* The first line of a text, at most max bytes, cut at a character boundary, with "…". */
void mc_snippet(const char *s, char *buf, size_t size, size_t max)
{
    size_t n = strcspn(s, "\n");
    bool cut = n > max;
    if (cut) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    if (n + 4 > size)
        n = size > 4 ? size - 4 : 0;
    memcpy(buf, s, n);
    strcpy(buf + n, cut || s[strcspn(s, "\n")] ? "…" : "");
}

void mc_fit(UiWidgets *u, int size, const char *s, int wrap, int lines, char *buf, size_t bufsize)
{
    mc_snippet(s, buf, bufsize, bufsize - 4); /* the first paragraph, as far as buf holds */
    int lh = ui_gfx_line_height(u->g, size), limit = lines * lh + lh / 2;
    if (bufsize < 8 || uw_text_h(u, size, buf, wrap) <= limit)
        return;
    /* The longest start, cut between characters, that fits with its "…": a binary search over
     * the character boundaries, each candidate measured by the widget layer. */
    size_t para = strcspn(s, "\n"), cuts[512];
    if (para > bufsize - 4)
        para = bufsize - 4;
    int nc = 0;
    for (size_t i = 1; i <= para && nc < (int)(sizeof cuts / sizeof cuts[0]); i++)
        if (i == para || ((unsigned char)s[i] & 0xC0) != 0x80)
            cuts[nc++] = i;
    int lo = -1, hi = nc - 1; /* lo: the longest known to fit (-1: none) */
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        memcpy(buf, s, cuts[mid]);
        strcpy(buf + cuts[mid], "…");
        if (uw_text_h(u, size, buf, wrap) <= limit)
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t n = lo >= 0 ? cuts[lo] : 0;
    memcpy(buf, s, n);
    strcpy(buf + n, "…");
}

static void clear_comments(MentorConsole *c)
{
    for (int i = 0; i < c->ncomments; i++)
        free(c->comments[i].text);
    free(c->comments);
    c->comments = NULL;
    c->ncomments = 0;
}

/* After a change to the trainee's Play: record it and bring the trainee's window up to date. */
static void changed(MentorConsole *c, bool moved)
{
    ui_app_play_changed(c->app, moved);
    c->acted = true;
}

/* The trainee's window is in sandbox mode (a trainee may switch to practice at sign-in: then
 * the console only watches, so nothing a mentor does lands in an attempt that counts). */
static bool sandbox(const MentorConsole *c)
{
    UiView v;
    ui_app_view(c->app, &v);
    return v.mode == UI_MODE_SANDBOX;
}

/* The attempt a comment can still go to once the call is over (the trainee on the debrief): its
 * recorder is closed, but the record takes the mentor's last word. "" when none. */
const char *mc_closed_attempt(const MentorConsole *c)
{
    UiView v;
    ui_app_view(c->app, &v);
    return sandbox(c) && v.screen == UI_SCREEN_DEBRIEF && v.attempt_id && v.attempt_id[0] &&
                   ui_app_records(c->app)
               ? v.attempt_id
               : "";
}

static void record(MentorConsole *c, const char *kind, const char *detail, int decisions)
{
    Recorder *r = sandbox(c) ? ui_app_recorder(c->app) : NULL;
    const char *closed = r ? "" : mc_closed_attempt(c);
    if (!r && !closed[0]) {
        c->status_ok = false;
        snprintf(c->status, sizeof c->status, c->s->not_recorded, c->s->no_attempt);
        return;
    }
    char err[400];
    int rc = r ? recorder_mentor_event(r, kind, detail, ui_app_now(c->app), decisions, err, sizeof err)
               : records_add_mentor_event(ui_app_records(c->app), closed, kind, detail, ui_app_now(c->app),
                                          decisions, err, sizeof err);
    if (rc < 0) {
        c->status_ok = false;
        snprintf(c->status, sizeof c->status, c->s->not_recorded, err);
    } else if (rc > 0) { /* the server away: the trainee's window stores it when it is back */
        c->status_ok = true;
        snprintf(c->status, sizeof c->status, "%s", c->s->kept);
    }
}

/* The Play the controls act on: a sandbox call on screen that has not ended. */
Play *mc_live(const MentorConsole *c)
{
    Play *p = ui_app_live_play(c->app);
    return p && play_status(p) != PLAY_ENDED && sandbox(c) ? p : NULL;
}

/* ---- the mentor's actions ---------------------------------------------------------------------- */

static void inject(MentorConsole *c, int ev)
{
    Play *p = mc_live(c);
    if (!p || ev < 0 || ev >= scenario_event_count(play_scenario(p)))
        return;
    const ScEvent *e = scenario_event(play_scenario(p), ev);
    int decisions = play_decision_count(p);
    play_inject_event(p, ev, ui_app_now(c->app));
    changed(c, true);
    char detail[600];
    snprintf(detail, sizeof detail, "%s: %s", e->id, mc_tx(c, &e->label));
    record(c, "event", detail, decisions);
}

static void change_meter(MentorConsole *c, int m, int delta)
{
    Play *p = mc_live(c);
    if (!p || m < 0 || m >= scenario_meter_count(play_scenario(p)))
        return;
    const ScMeter *mt = scenario_meter(play_scenario(p), m);
    int before = play_meter(p, m);
    int want = before + delta;
    want = want < mt->min ? mt->min : want > mt->max ? mt->max : want;
    if (want == before)
        return;
    play_set_meter(p, m, want, ui_app_now(c->app));
    changed(c, false);
    char detail[200];
    snprintf(detail, sizeof detail, "%s %d -> %d", mt->id, before, play_meter(p, m));
    record(c, "meter", detail, play_decision_count(p));
}

static void toggle_pause(MentorConsole *c)
{
    Play *p = mc_live(c);
    if (!p)
        return;
    int64_t now = ui_app_now(c->app);
    if (!c->held) {
        c->held = true;
        ui_app_set_mentor_hold(c->app, true);
        play_pause(p, now);
        changed(c, false);
        record(c, "pause", NULL, play_decision_count(p));
    } else {
        c->held = false;
        ui_app_set_mentor_hold(c->app, false);
        /* The trainee's window keeps its own pauses (its pause menu, the coach's feedback). */
        UiView v;
        ui_app_view(c->app, &v);
        if (!v.paused && !v.feedback)
            play_resume(p, now);
        changed(c, false);
        record(c, "resume", NULL, play_decision_count(p));
    }
}

/* Back to just before decision d: the play forks from there (the steps after it are kept in
 * the record, marked rewound). */
static void rewind_to(MentorConsole *c, int d)
{
    Play *p = mc_live(c);
    if (!p || d < 0 || d >= play_decision_count(p))
        return;
    int decisions = play_decision_count(p);
    int step = play_decision_step(p, d);
    int node = play_step(p, step)->node;
    int64_t then = step > 0 ? play_step(p, step - 1)->at_ms : 0, now = ui_app_now(c->app);
    if (play_rewind(p, step) != 0) {
        c->status_ok = false;
        snprintf(c->status, sizeof c->status, "out of memory");
        return;
    }
    /* The time between then and now is nobody's: a pause covers it, so the timer shows what it
     * showed then. */
    if (play_status(p) != PLAY_ENDED) {
        UiView v;
        ui_app_view(c->app, &v);
        play_pause(p, then);
        if (!c->held && !v.paused) /* the trainee's pause menu keeps the clock stopped */
            play_resume(p, now);
    }
    changed(c, true);
    char detail[300];
    snprintf(detail, sizeof detail, "to before decision %d (node %s)", d + 1, scenario_node(play_scenario(p), node)->id);
    record(c, "rewind", detail, decisions);
}

static void add_comment(MentorConsole *c)
{
    MentorWin *w = c->w;
    /* Trim spaces and newlines at both ends. */
    char *t = w->field;
    while (*t == ' ' || *t == '\n' || *t == '\t')
        t++;
    size_t n = strlen(t);
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\t'))
        n--;
    if (n == 0 || (!ui_app_recorder(c->app) && !mc_closed_attempt(c)[0]) || !sandbox(c)) {
        if (n) {
            c->status_ok = false;
            snprintf(c->status, sizeof c->status, c->s->not_recorded,
                     !sandbox(c) ? c->s->not_sandbox : c->s->no_attempt);
        }
        return;
    }
    char *text = strndup(t, n);
    Comment *nc = realloc(c->comments, sizeof *nc * (size_t)(c->ncomments + 1));
    if (!text || !nc) {
        free(text);
        if (nc)
            c->comments = nc;
        return;
    }
    c->comments = nc;
    UiView v; /* on the debrief too: the decisions the call took */
    ui_app_view(c->app, &v);
    int decisions = v.play ? play_decision_count(v.play) : -1;
    bool after = v.play && play_status(v.play) == PLAY_ENDED;
    c->comments[c->ncomments++] = (Comment){text, ui_app_now(c->app), decisions, after};
    c->status[0] = 0;
    record(c, "comment", text, decisions);
    if (!c->status[0]) { /* recorded: say so, with where it sits in the attempt */
        char clock[16];
        mentor_clock(ui_app_now(c->app), clock, sizeof clock);
        snprintf(c->status, sizeof c->status, c->s->comment_saved, clock, decisions >= 0 ? decisions : 0);
        c->status_ok = true;
    }
    w->field[0] = 0;
    w->composing[0] = 0;
}

/* "Open the review" at the end of a call: the case review of the attempt just closed, in a
 * window beside the console, run by the console's loop. */
static void close_review(MentorConsole *c)
{
    mentor_replay_free(c->review);
    records_attempt_free(c->review_at);
    c->review = NULL;
    c->review_at = NULL;
}

static void open_review(MentorConsole *c)
{
    const char *id = mc_closed_attempt(c);
    UiView v;
    ui_app_view(c->app, &v);
    if (!id[0] || !v.play)
        return;
    close_review(c);
    char err[512] = "";
    c->review_at = records_attempt_load(ui_app_records(c->app), id, err, sizeof err);
    MentorReplayOptions ro = {.locale = v.locale, .no_present = c->w->no_present, .routed = true};
    if (c->review_at)
        c->review = mentor_replay_new(play_scenario(v.play), c->review_at, &ro, err, sizeof err);
    if (!c->review) {
        close_review(c);
        c->status_ok = false;
        snprintf(c->status, sizeof c->status, c->s->not_recorded, err);
    }
}

static void activate(MentorConsole *c, int id)
{
    c->w->ui.dirty = true;
    if (id >= MA_REWIND)
        rewind_to(c, id - MA_REWIND);
    else if (id >= MA_EVENT)
        inject(c, id - MA_EVENT);
    else if (id >= MA_METER) {
        int k = id - MA_METER;
        c->meter = k / 4;
        change_meter(c, k / 4, meter_steps[k % 4]);
    } else if (id == MA_PAUSE)
        toggle_pause(c);
    else if (id == MA_REVIEW)
        open_review(c);
    else if (id == MA_COMMENT)
        add_comment(c);
    else if (id == MA_RECORD)
        call_voice_set_sandbox_recording(c->app, !call_voice_sandbox_recording(c->app));
}

/* ---- input ------------------------------------------------------------------------------------- */

static void on_key(MentorConsole *c, const SDL_KeyboardEvent *k)
{
    MentorWin *w = c->w;
    SDL_Keycode sym = k->keysym.sym;
    bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0, shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    if (ctrl && sym == SDLK_q) {
        c->quit = true;
        return;
    }
    if (sym == SDLK_TAB) {
        uw_focus_move(&w->ui, shift ? -1 : 1);
        return;
    }
    if (sym == SDLK_F5 || (ctrl && sym == SDLK_p)) {
        if (!k->repeat)
            toggle_pause(c);
        return;
    }
    if (sym == SDLK_F6) {
        mentor_win_focus_field(w);
        return;
    }
    /* Ctrl shortcuts act even while typing (they type nothing). */
    const Play *p = ui_app_live_play(c->app);
    int nmeters = p ? scenario_meter_count(play_scenario(p)) : 0;
    if (ctrl && sym >= SDLK_1 && sym <= SDLK_9) {
        if (!k->repeat)
            inject(c, (int)(sym - SDLK_1));
        return;
    }
    if (ctrl && sym == SDLK_z) {
        if (!k->repeat && p && play_decision_count(p) > 0)
            rewind_to(c, play_decision_count(p) - 1);
        return;
    }
    if (w->ui.focus == MA_FIELD) {
        /* Typing: text arrives as SDL_TEXTINPUT; only these keys act. */
        if ((sym == SDLK_RETURN || sym == SDLK_KP_ENTER) && !w->composing[0]) {
            if (shift)
                strncat(w->field, "\n", sizeof w->field - strlen(w->field) - 1);
            else
                add_comment(c);
        } else if (sym == SDLK_ESCAPE && !w->composing[0]) {
            w->ui.focus = 0;
        }
        return;
    }
    switch (sym) {
    case SDLK_UP:
    case SDLK_DOWN:
        if (nmeters > 0)
            c->meter = (c->meter + (sym == SDLK_UP ? nmeters - 1 : 1)) % nmeters;
        return;
    case SDLK_LEFT:
    case SDLK_RIGHT:
        change_meter(c, c->meter, (sym == SDLK_LEFT ? -1 : 1) * (shift ? 10 : 1));
        return;
    case SDLK_PAGEUP:
    case SDLK_PAGEDOWN:
        uw_scroll_by(&w->ui, MAREA_RIGHT, (sym == SDLK_PAGEUP ? -1 : 1) * w->ui.scroll[MAREA_RIGHT].view.h * 9 / 10);
        return;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        if (!k->repeat && w->ui.focus)
            activate(c, w->ui.focus);
        return;
    case SDLK_ESCAPE: w->ui.focus = 0; return;
    default: return;
    }
}

static void on_event(MentorConsole *c, const SDL_Event *e)
{
    bool handled;
    int id = mentor_win_event(c->w, e, &handled);
    if (c->w->closed)
        c->quit = true;
    if (id)
        activate(c, id);
    if (!handled && e->type == SDL_KEYDOWN)
        on_key(c, &e->key);
}

/* ---- life -------------------------------------------------------------------------------------- */

/* Beside the trainee, never over them: with a second display the console goes there; on one
 * display the two windows share its usable area side by side, the trainee's on the left (at
 * least 800 points wide, its minimum); a display too narrow for both keeps the console at its
 * right edge. */
/* The widths of the trainee's window and the console sharing one display's usable area u. */
static void split(SDL_Rect u, int *tw_w, int *con_w)
{
    *tw_w = u.w * 55 / 100 < 800 ? 800 : u.w * 55 / 100;
    *con_w = u.w - *tw_w;
    if (*con_w < 480) { /* too narrow to split: the console at the right edge */
        *con_w = u.w < 1000 ? u.w : 1000;
        *tw_w = u.w - *con_w < 800 ? 800 : u.w - *con_w;
    }
}

/* The display the trainee's window is on, its usable area; false when the console is not to
 * be placed by it (full screen, unknown). */
static bool trainee_display(UiApp *app, int *disp, SDL_Rect *u)
{
    SDL_Window *tw = ui_gfx_window(ui_app_gfx(app));
    *disp = SDL_GetWindowDisplayIndex(tw);
    return *disp >= 0 && SDL_GetDisplayUsableBounds(*disp, u) == 0 && !(SDL_GetWindowFlags(tw) & SDL_WINDOW_FULLSCREEN);
}

static void place_beside(MentorConsole *c)
{
    SDL_Window *tw = ui_gfx_window(ui_app_gfx(c->app)), *cw = ui_gfx_window(c->w->g);
    int disp;
    SDL_Rect u;
    if (!trainee_display(c->app, &disp, &u))
        return;
    if (SDL_GetNumVideoDisplays() > 1) {
        int other = disp == 0 ? 1 : 0;
        SDL_SetWindowPosition(cw, SDL_WINDOWPOS_CENTERED_DISPLAY(other), SDL_WINDOWPOS_CENTERED_DISPLAY(other));
    } else {
        int tw_w, con_w;
        split(u, &tw_w, &con_w);
        SDL_SetWindowSize(tw, tw_w, u.h);
        SDL_SetWindowPosition(tw, u.x, u.y);
        SDL_SetWindowSize(cw, con_w, u.h);
        SDL_SetWindowPosition(cw, u.x + u.w - con_w, u.y);
    }
    ui_gfx_refresh(ui_app_gfx(c->app));
    ui_gfx_refresh(c->w->g);
}

MentorConsole *mentor_console_new(UiApp *app, const MentorConsoleOptions *opt, char *err, size_t errsize)
{
    static const MentorConsoleOptions none;
    if (!opt)
        opt = &none;
    MentorConsole *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    c->app = app;
    c->ls = ui_strings("en");
    c->s = c->ls->console;
    c->seen_screen = -1;
    /* Opened at the size it will have beside the trainee: a window resized at once may keep
     * drawing at its first size where no window manager answers (X11 without one). */
    int w = opt->width > 0 ? opt->width : 1000, h = opt->height > 0 ? opt->height : 760, disp, tw_w;
    SDL_Rect u;
    if (opt->width <= 0 && opt->height <= 0 && SDL_GetNumVideoDisplays() == 1 && trainee_display(app, &disp, &u)) {
        split(u, &tw_w, &w);
        h = u.h;
    }
    c->w = mentor_win_open("Sparring: mentor console", w, h, true, true, err, errsize);
    if (!c->w) {
        free(c);
        return NULL;
    }
    c->w->no_present = opt->no_present;
    c->w->field_id = MA_FIELD;
    if (opt->width <= 0 && opt->height <= 0)
        place_beside(c);
    return c;
}

void mentor_console_free(MentorConsole *c)
{
    if (!c)
        return;
    clear_comments(c);
    close_review(c);
    mentor_win_close(c->w);
    free(c);
}

void mentor_console_step(MentorConsole *c)
{
    SDL_Event e;
    while (mentor_win_next(c->w, &e))
        on_event(c, &e);
    if (c->review && !mentor_replay_step(c->review, 0))
        close_review(c); /* closed, or "practise from here" (which a console's review cannot do) */
    UiView v;
    ui_app_view(c->app, &v);
    /* A new attempt: its comments start empty; the mentor's pause does not carry over. */
    if (strcmp(v.attempt_id, c->attempt) != 0) {
        snprintf(c->attempt, sizeof c->attempt, "%s", v.attempt_id);
        clear_comments(c);
        c->held = false;
        ui_app_set_mentor_hold(c->app, false);
        c->status[0] = 0;
        c->w->ui.dirty = true;
    }
    /* The mentor's pause holds whatever the trainee's window does (dismissing the coach's
     * feedback resumes the timer there). */
    Play *p = mc_live(c);
    if (c->held && p && !play_paused(p)) {
        play_pause(p, ui_app_now(c->app));
        changed(c, false);
    }
    bool was_dirty = c->w->ui.dirty;
    const Play *vp = v.play;
    int64_t left = vp ? play_time_left_ms(vp, ui_app_now(c->app)) : -1;
    long sec = vp ? (long)(ui_app_now(c->app) / 1000) + (left >= 0 ? (long)(left / 1000) * 100000 : 0) : 0;
    if (vp != c->seen_play || (int)v.screen != c->seen_screen || (vp && (play_step_count(vp) != c->seen_steps ||
        play_node(vp) != c->seen_node || (int)play_status(vp) != c->seen_status ||
        play_paused(vp) != c->seen_paused || sec != c->seen_sec))) {
        /* Only the seconds moved (the clock, the time left): only the texts that changed go to
         * the screen (mentor_win_end). */
        c->w->only_changed = !was_dirty && vp && vp == c->seen_play && (int)v.screen == c->seen_screen &&
                             play_step_count(vp) == c->seen_steps && play_node(vp) == c->seen_node &&
                             (int)play_status(vp) == c->seen_status && play_paused(vp) == c->seen_paused;
        c->seen_play = vp;
        c->seen_screen = (int)v.screen;
        c->seen_steps = vp ? play_step_count(vp) : 0;
        c->seen_node = vp ? play_node(vp) : -1;
        c->seen_status = vp ? (int)play_status(vp) : -1;
        c->seen_paused = vp && play_paused(vp);
        c->seen_sec = sec;
        c->w->ui.dirty = true;
    }
    if (c->w->ui.dirty)
        mentor_console_draw(c);
}

bool mentor_console_done(const MentorConsole *c) { return c->quit; }

int mentor_run(UiApp *app, MentorConsole *c)
{
    ui_app_draw(app);
    mentor_console_draw(c);
    for (;;) {
        int wait = ui_app_wait_ms(app);
        if (wait > 250)
            wait = 250; /* the console's clock */
        if (!ui_app_step(app, wait))
            break;
        mentor_console_step(c);
        if (c->quit || mentor_win_foreign_closed())
            break;
        if (c->acted) /* show the trainee the change now, not after the next wait */
            ui_app_draw(app);
        c->acted = false;
    }
    return 0;
}

MentorWin *mentor_console_win(MentorConsole *c) { return c->w; }

void mentor_console_view(const MentorConsole *c, MentorConsoleView *v)
{
    memset(v, 0, sizeof *v);
    v->live = mc_live(c) != NULL;
    v->held = c->held;
    v->meter = c->meter;
    v->ncomments = c->ncomments;
    v->status = c->status;
    v->field = c->w->field;
    v->composing = c->w->composing;
    v->nkey = c->nkey;
    v->review_open = c->review != NULL;
    v->review = c->review;
    memcpy(v->key_rect, c->key_rect, sizeof v->key_rect);
    memcpy(v->key_text, c->key_text, sizeof v->key_text);
}
