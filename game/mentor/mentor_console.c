/* mentor_console: the mentor's window in a sandbox session (see mentor_console.h). The
 * console never decides anything about the score: it calls play_* on the trainee's Play and
 * lets the trainee's window record and show the result (ui_app_play_changed). */
#include "mentor_console.h"
#include "ui_strings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "mentor_replay.h"
#include "records.h"

/* What a button does. */
enum {
    MA_NONE = 0,
    MA_PAUSE,
    MA_FIELD,
    MA_COMMENT,
    MA_REVIEW,
    MA_METER = 1000,    /* + meter * 4 + (0: -10, 1: -1, 2: +1, 3: +10) */
    MA_EVENT = 100000,  /* + event index */
    MA_REWIND = 200000, /* + decision index */
};

static const int meter_steps[4] = {-10, -1, 1, 10};




typedef struct {
    char *text;
    int64_t at_ms;
    int decisions;
} Comment;

struct MentorConsole {
    UiApp *app;
    MentorWin *w;
    const UiConsoleWords *s;
    int loc;
    bool held;
    int meter;
    bool quit;
    bool acted;        /* the Play was changed: the trainee's window is to be drawn at once */
    MentorReplay *review;      /* the case review opened at the end of a call */
    RecordsAttempt *review_at;
    char status[512];
    bool status_ok;    /* the status confirms something (else it reports a problem) */
    char attempt[40];  /* the attempt the comments below belong to */
    Comment *comments;
    int ncomments;
    /* What the last frame showed, to redraw only on change. */
    const void *seen_play;
    int seen_screen, seen_steps, seen_node, seen_status;
    bool seen_paused;
    long seen_sec;
    /* For tests. */
    int nkey;
    UiRect key_rect[SC_MAX_CHOICES];
    char key_text[SC_MAX_CHOICES][160];
};

/* ---- helpers ----------------------------------------------------------------------------------- */

static const char *tx(const MentorConsole *c, const ScText *t) { return scenario_text(t, c->loc); }

static int64_t choice_total(const ScChoice *ch)
{
    int64_t s = 0;
    for (int i = 0; ch && i < ch->nscore; i++)
        s += ch->score[i].points;
    return s;
}

/* "+5 points: Empathy +3, Needs discovery +2 → explain" */
static void points_text(const MentorConsole *c, const Scenario *sc, const ScChoice *ch, char *buf, size_t size)
{
    int n = snprintf(buf, size, c->s->points, (int)choice_total(ch));
    for (int i = 0; i < ch->nscore && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, "%s%s %+d", i ? ", " : ": ",
                      tx(c, &scenario_competency(sc, ch->score[i].competency)->name), ch->score[i].points);
    if (n > 0 && (size_t)n < size) {
        int to = ch->next.node;
        snprintf(buf + n, size - (size_t)n, "  → %s", to >= 0 ? scenario_node(sc, to)->id : "(random)");
    }
}

/* The first line of a text, at most max bytes, cut at a character boundary, with "…". */
static void snippet(const char *s, char *buf, size_t size, size_t max)
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
static const char *closed_attempt(const MentorConsole *c)
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
    const char *closed = r ? "" : closed_attempt(c);
    if (!r && !closed[0]) {
        c->status_ok = false;
        snprintf(c->status, sizeof c->status, c->s->not_recorded, "no attempt is being recorded");
        return;
    }
    char err[400];
    int rc = r ? recorder_mentor_event(r, kind, detail, ui_app_now(c->app), decisions, err, sizeof err)
               : records_add_mentor_event(ui_app_records(c->app), closed, kind, detail, ui_app_now(c->app),
                                          decisions, err, sizeof err);
    if (rc != 0) {
        c->status_ok = false;
        snprintf(c->status, sizeof c->status, c->s->not_recorded, err);
    }
}

/* The Play the controls act on: a sandbox call on screen that has not ended. */
static Play *live(const MentorConsole *c)
{
    Play *p = ui_app_live_play(c->app);
    return p && play_status(p) != PLAY_ENDED && sandbox(c) ? p : NULL;
}

/* ---- the mentor's actions ---------------------------------------------------------------------- */

static void inject(MentorConsole *c, int ev)
{
    Play *p = live(c);
    if (!p || ev < 0 || ev >= scenario_event_count(play_scenario(p)))
        return;
    const ScEvent *e = scenario_event(play_scenario(p), ev);
    int decisions = play_decision_count(p);
    play_inject_event(p, ev, ui_app_now(c->app));
    changed(c, true);
    char detail[600];
    snprintf(detail, sizeof detail, "%s: %s", e->id, tx(c, &e->label));
    record(c, "event", detail, decisions);
}

static void change_meter(MentorConsole *c, int m, int delta)
{
    Play *p = live(c);
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
    Play *p = live(c);
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
    Play *p = live(c);
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
    if (n == 0 || (!ui_app_recorder(c->app) && !closed_attempt(c)[0]) || !sandbox(c)) {
        if (n) {
            c->status_ok = false;
            snprintf(c->status, sizeof c->status, c->s->not_recorded,
                     !sandbox(c) ? c->s->not_sandbox : "no attempt is being recorded");
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
    c->comments[c->ncomments++] = (Comment){text, ui_app_now(c->app), decisions};
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
    const char *id = closed_attempt(c);
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

/* ---- drawing ----------------------------------------------------------------------------------- */

static int section(MentorConsole *c, const char *title, int x, int y, int w)
{
    MentorWin *mw = c->w;
    UiRect r = uw_text(&mw->ui, uw_fs(&mw->ui, MFS_SMALL), title, w, x, y, mentor_theme.muted);
    return r.h + uw_px(&mw->ui, 4);
}

/* Left column: every node in order (the current one and the path marked), then the path. */
static int draw_left(MentorConsole *c, const Play *p, bool controls, int x, int y, int w)
{
    MentorWin *mw = c->w;
    const UiTheme *t = &mentor_theme;
    const Scenario *sc = play_scenario(p);
    int fs = uw_fs(&mw->ui, MFS_SMALL), pad = uw_px(&mw->ui, 4);
    int nn = scenario_node_count(sc);
    bool *visited = calloc((size_t)nn, 1);
    int nsteps = play_step_count(p);
    if (visited) {
        for (int i = 0; i < nsteps; i++)
            visited[play_step(p, i)->node] = true;
        visited[play_node(p)] = true;
    }
    /* The path first, with its rewinds, so they stay in view above a long outline. */
    y += section(c, c->s->path, x, y, w);
    int nd = play_decision_count(p);
    if (nd == 0)
        y += uw_text(&mw->ui, fs, c->s->no_path, w, x, y, t->muted).h;
    int bw = uw_button_w(&mw->ui, c->s->rewind), bh = uw_button_h(&mw->ui);
    for (int d = 0; d < nd; d++) {
        int st = play_decision_step(p, d);
        const PlayStep *s = play_step(p, st);
        const ScChoice *ch = play_step_choice(p, st);
        char line[300], clock[16];
        mentor_clock(s->at_ms, clock, sizeof clock);
        snprintf(line, sizeof line, "%d. %s → %s (%+d) %s", d + 1, scenario_node(sc, s->node)->id,
                 s->kind == PLAY_STEP_TIMEOUT ? "timeout" : ch ? ch->id : "?", (int)choice_total(ch), clock);
        int th = uw_text_h(&mw->ui, fs, line, w - bw - pad);
        int h = th > bh ? th : bh;
        uw_text(&mw->ui, fs, line, w - bw - pad, x, y + (h - th) / 2, t->text);
        mentor_button(mw, MA_REWIND + d, (UiRect){x + w - bw, y, bw, bh}, c->s->rewind, false, controls);
        y += h + pad;
    }
    y += uw_px(&mw->ui, 12);
    y += section(c, c->s->outline, x, y, w);
    for (int i = 0; i < nn; i++) {
        const ScNode *n = scenario_node(sc, i);
        char snip[160], line[400];
        snippet(tx(c, &n->text), snip, sizeof snip, 48);
        const char *end = n->kind != SC_NODE_END ? ""
                          : n->outcome == SC_OUTCOME_PASS ? " [pass]"
                          : n->outcome == SC_OUTCOME_FAIL ? " [fail]" : " [end]";
        snprintf(line, sizeof line, "%s%s  %s", n->id, end, snip);
        int h = uw_text_h(&mw->ui, fs, line, w - 2 * pad) + 2 * pad;
        bool cur = i == play_node(p);
        if (cur || (visited && visited[i]))
            ui_gfx_fill(mw->g, (UiRect){x, y, w, h}, cur ? t->current : t->path);
        uw_text(&mw->ui, fs, line, w - 2 * pad, x + pad, y + pad, cur ? t->text : visited && visited[i] ? t->text : t->muted);
        y += h;
    }
    free(visited);
    return y;
}

static int draw_key(MentorConsole *c, const Play *p, int x, int y, int w)
{
    MentorWin *mw = c->w;
    const UiTheme *t = &mentor_theme;
    const Scenario *sc = play_scenario(p);
    const ScNode *n = scenario_node(sc, play_node(p));
    int bs = uw_fs(&mw->ui, MFS_BODY), ss = uw_fs(&mw->ui, MFS_SMALL), pad = uw_px(&mw->ui, 6);
    c->nkey = 0;
    y += section(c, c->s->now, x, y, w);
    char head[200];
    snprintf(head, sizeof head, "%s%s%s", n->id, n->mood ? " · " : "", n->mood ? n->mood : "");
    y += uw_text(&mw->ui, ss, head, w, x, y, t->muted).h;
    y += uw_text(&mw->ui, bs, tx(c, &n->text), w, x, y, t->text).h + uw_px(&mw->ui, 10);
    PlayStatus st = play_status(p);
    if (st == PLAY_WAITING)
        return y + uw_text(&mw->ui, bs, c->s->waiting_continue, w, x, y, t->muted).h + uw_px(&mw->ui, 10);
    if (st == PLAY_ENDED) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s: %s", c->s->ended, tx(c, &n->end_text));
        return y + uw_text(&mw->ui, bs, buf, w, x, y, t->text).h + uw_px(&mw->ui, 10);
    }
    if (st == PLAY_DEAD_END)
        return y + uw_text(&mw->ui, bs, c->s->dead_end, w, x, y, t->bad).h + uw_px(&mw->ui, 10);
    y += section(c, c->s->key, x, y, w);
    int offered[SC_MAX_CHOICES];
    int no = play_offered(p, offered);
    for (int i = 0; i < n->nchoices; i++) {
        const ScChoice *ch = &n->choices[i];
        int pos = -1;
        for (int k = 0; k < no; k++)
            if (offered[k] == i)
                pos = k;
        char label[600], pts[400];
        if (pos >= 0)
            snprintf(label, sizeof label, "%d. %s", pos + 1, tx(c, &ch->text));
        else
            snprintf(label, sizeof label, "– %s (%s%s%s)", tx(c, &ch->text), c->s->not_offered,
                     ch->requires_src ? ": " : "", ch->requires_src ? ch->requires_src : "");
        points_text(c, sc, ch, pts, sizeof pts);
        int64_t total = choice_total(ch);
        ui_gfx_fill(mw->g, (UiRect){x, y, uw_px(&mw->ui, 3), uw_text_h(&mw->ui, bs, label, w - pad)},
                    pos >= 0 ? t->accent : t->border);
        y += uw_text(&mw->ui, bs, label, w - pad, x + pad, y, pos >= 0 ? t->text : t->muted).h;
        UiRect pr = uw_text(&mw->ui, bs, pts, w - 2 * pad, x + 2 * pad, y,
                                total > 0 ? t->good : total < 0 ? t->bad : t->text);
        if (c->nkey < SC_MAX_CHOICES) {
            c->key_rect[c->nkey] = pr;
            size_t kn = strlen(pts) < sizeof c->key_text[0] ? strlen(pts) : sizeof c->key_text[0] - 1;
            memcpy(c->key_text[c->nkey], pts, kn);
            c->key_text[c->nkey][kn] = 0;
            c->nkey++;
        }
        y += pr.h;
        const char *fb = tx(c, &ch->feedback);
        if (fb[0]) {
            char buf[800];
            snprintf(buf, sizeof buf, "%s: %s", c->s->coach, fb);
            y += uw_text(&mw->ui, uw_fs(&mw->ui, MFS_SMALL), buf, w - 2 * pad, x + 2 * pad, y, t->muted).h;
        }
        y += uw_px(&mw->ui, 8);
    }
    if (n->timeout && play_time_limit_ms(p) > 0) {
        char pts[400], buf[500];
        points_text(c, sc, n->timeout, pts, sizeof pts);
        snprintf(buf, sizeof buf, "%s: %s", c->s->timeout, pts);
        y += uw_text(&mw->ui, bs, buf, w - pad, x + pad, y, t->muted).h + uw_px(&mw->ui, 8);
    }
    return y;
}

static int draw_controls(MentorConsole *c, const Play *p, bool controls, int x, int y, int w)
{
    MentorWin *mw = c->w;
    const UiTheme *t = &mentor_theme;
    const Scenario *sc = play_scenario(p);
    int bs = uw_fs(&mw->ui, MFS_BODY), bh = uw_button_h(&mw->ui), gap = uw_px(&mw->ui, 6);
    /* Timer. */
    int64_t now = ui_app_now(c->app), left = play_time_left_ms(p, now);
    char tl[64];
    if (left >= 0)
        snprintf(tl, sizeof tl, c->s->time_left, (int)((left + 999) / 1000));
    else
        snprintf(tl, sizeof tl, "%s", c->s->no_timer);
    const char *pl = c->held ? c->s->resume : c->s->pause;
    int pw = uw_button_w(&mw->ui, pl);
    mentor_button(mw, MA_PAUSE, (UiRect){x, y, pw, bh}, pl, c->held, controls);
    char tbuf[128];
    snprintf(tbuf, sizeof tbuf, "%s%s%s", tl, c->held ? " · " : "", c->held ? c->s->paused : "");
    int th = uw_text_h(&mw->ui, bs, tbuf, w - pw - gap);
    uw_text(&mw->ui, bs, tbuf, w - pw - gap, x + pw + 2 * gap, y + (bh - th) / 2, c->held ? t->warn : t->text);
    y += bh + uw_px(&mw->ui, 14);
    /* Meters. */
    y += section(c, c->s->meters, x, y, w);
    static const char *const labels[4] = {"-10", "-1", "+1", "+10"};
    int sbw = uw_button_w(&mw->ui, "+10");
    for (int m = 0; m < scenario_meter_count(sc); m++) {
        const ScMeter *mt = scenario_meter(sc, m);
        char buf[300];
        snprintf(buf, sizeof buf, "%s%s  %d  [%d..%d]%s%s%s", m == c->meter ? "> " : "", tx(c, &mt->name),
                 play_meter(p, m), mt->min, mt->max, mt->show ? "" : " (", mt->show ? "" : c->s->hidden,
                 mt->show ? "" : ")");
        int lw = w - 4 * (sbw + gap);
        int lh = uw_text_h(&mw->ui, bs, buf, lw);
        int h = lh > bh ? lh : bh;
        uw_text(&mw->ui, bs, buf, lw, x, y + (h - lh) / 2, t->text);
        for (int k = 0; k < 4; k++)
            mentor_button(mw, MA_METER + m * 4 + k, (UiRect){x + lw + gap + k * (sbw + gap), y, sbw, bh}, labels[k],
                          false, controls);
        y += h + gap;
    }
    y += uw_px(&mw->ui, 8);
    /* Events. */
    y += section(c, c->s->events, x, y, w);
    if (scenario_event_count(sc) == 0)
        y += uw_text(&mw->ui, uw_fs(&mw->ui, MFS_SMALL), c->s->no_events, w, x, y, t->muted).h + gap;
    int ex = x;
    for (int e = 0; e < scenario_event_count(sc); e++) {
        char label[300];
        snprintf(label, sizeof label, "%s%d  %s", e < 9 ? "^" : "", e + 1, tx(c, &scenario_event(sc, e)->label));
        int ew = uw_button_w(&mw->ui, label);
        if (ew > w)
            ew = w;
        if (ex + ew > x + w && ex > x) {
            ex = x;
            y += bh + gap;
        }
        mentor_button(mw, MA_EVENT + e, (UiRect){ex, y, ew, bh}, label, false, controls);
        ex += ew + gap;
    }
    if (scenario_event_count(sc) > 0)
        y += bh + gap;
    return y + uw_px(&mw->ui, 8);
}

static int draw_comments(MentorConsole *c, int x, int y, int w)
{
    MentorWin *mw = c->w;
    if (c->ncomments == 0)
        return y;
    y += section(c, c->s->comments, x, y, w);
    int fs = uw_fs(&mw->ui, MFS_SMALL);
    for (int i = c->ncomments - 1; i >= 0; i--) {
        char clock[16], buf[1400];
        mentor_clock(c->comments[i].at_ms, clock, sizeof clock);
        char dec[64];
        snprintf(dec, sizeof dec, c->s->at_decision, c->comments[i].decisions + 1);
        snprintf(buf, sizeof buf, "[%s · %s] %s", clock, dec, c->comments[i].text);
        y += uw_text(&mw->ui, fs, buf, w, x, y, mentor_theme.text).h + uw_px(&mw->ui, 4);
    }
    return y;
}

/* The end of a call: the attempt's id, and the button that opens its review. */
static int draw_over(MentorConsole *c, int x, int y, int w)
{
    MentorWin *mw = c->w;
    const char *id = closed_attempt(c);
    char buf[400];
    snprintf(buf, sizeof buf, c->s->over, id[0] ? id : "-");
    int bw = uw_button_w(&mw->ui, c->s->open_review), bh = uw_button_h(&mw->ui);
    int th = uw_text(&mw->ui, uw_fs(&mw->ui, MFS_BODY), buf, w - bw - uw_px(&mw->ui, 12), x, y, mentor_theme.warn).h;
    mentor_button(mw, MA_REVIEW, (UiRect){x + w - bw, y, bw, bh}, c->s->open_review, true, id[0] != 0);
    return y + (th > bh ? th : bh) + uw_px(&mw->ui, 12);
}

void mentor_console_draw(MentorConsole *c)
{
    MentorWin *mw = c->w;
    const UiTheme *t = &mentor_theme;
    UiView v;
    ui_app_view(c->app, &v);
    c->s = ui_strings(v.locale)->console;
    mentor_win_begin(mw);
    int W = ui_gfx_width(mw->g), H = ui_gfx_height(mw->g), m = uw_px(&mw->ui, 12);
    const Play *p = v.play;
    Play *lp = live(c);
    bool controls = lp != NULL;
    c->nkey = 0;
    /* Header. */
    int hs = uw_fs(&mw->ui, MFS_LARGE), lh = ui_gfx_line_height(mw->g, hs);
    int hh = lh + 2 * m;
    ui_gfx_fill(mw->g, (UiRect){0, 0, W, hh}, t->panel2);
    char title[600], right[300] = "";
    if (p) {
        c->loc = scenario_locale_index(play_scenario(p), v.locale);
        snprintf(title, sizeof title, "%s · %s", c->s->title, tx(c, scenario_title(play_scenario(p))));
        char clock[16], dec[64];
        mentor_clock(ui_app_now(c->app), clock, sizeof clock);
        snprintf(dec, sizeof dec, c->s->decision, play_decision_count(p));
        snprintf(right, sizeof right, "%s · %s · %s%s%s", v.trainee_id, clock, dec, c->held ? " · " : "",
                 c->held ? c->s->paused : "");
    } else {
        snprintf(title, sizeof title, "%s", c->s->title);
    }
    int rw = uw_text_w(&mw->ui, uw_fs(&mw->ui, MFS_BODY), right);
    if (rw > W / 2)
        rw = W / 2;
    uw_text(&mw->ui, hs, title, W - rw - 3 * m, m, m, t->text);
    uw_text(&mw->ui, uw_fs(&mw->ui, MFS_BODY), right, rw, W - m - rw, m, c->held ? t->warn : t->muted);
    int y = hh + m;
    /* Bottom: the comment box, the status line and the keys. */
    int ks = uw_fs(&mw->ui, MFS_SMALL);
    int keys_h = uw_text_h(&mw->ui, ks, c->s->keys, W - 2 * m);
    const char *st = v.mode != UI_MODE_SANDBOX ? c->s->not_sandbox : c->status;
    int status_h = st[0] ? uw_text_h(&mw->ui, ks, st, W - 2 * m) + uw_px(&mw->ui, 4) : 0;
    int bh = uw_button_h(&mw->ui);
    int field_h = 2 * ui_gfx_line_height(mw->g, uw_fs(&mw->ui, MFS_BODY)) + uw_px(&mw->ui, 12);
    int bottom_h = field_h + status_h + keys_h + 3 * uw_px(&mw->ui, 6) + m;
    int by = H - bottom_h;
    ui_gfx_fill(mw->g, (UiRect){0, by - uw_px(&mw->ui, 6), W, H - by + uw_px(&mw->ui, 6)}, t->panel2);
    int aw = uw_button_w(&mw->ui, c->s->add_comment);
    mw->field_id = MA_FIELD;
    mentor_field(mw, (UiRect){m, by, W - 3 * m - aw, field_h}, c->s->comment_ph);
    mentor_button(mw, MA_COMMENT, (UiRect){W - m - aw, by + (field_h - bh) / 2, aw, bh}, c->s->add_comment, true,
                  ui_app_recorder(c->app) != NULL && v.mode == UI_MODE_SANDBOX);
    int sy = by + field_h + uw_px(&mw->ui, 6);
    const char *status = v.mode != UI_MODE_SANDBOX ? c->s->not_sandbox : c->status;
    if (status[0])
        sy += uw_text(&mw->ui, ks, status, W - 2 * m, m, sy, c->status_ok && status == c->status ? t->good : t->bad).h +
              uw_px(&mw->ui, 4);
    uw_text(&mw->ui, ks, c->s->keys, W - 2 * m, m, sy, t->muted);
    int body_h = by - uw_px(&mw->ui, 6) - y - m;
    if (!p) {
        uw_text(&mw->ui, uw_fs(&mw->ui, MFS_BODY), c->s->waiting, W - 2 * m, m, y, t->muted);
        mentor_win_end(mw);
        return;
    }
    if (v.screen != UI_SCREEN_CALL)
        y = draw_over(c, m, y, W - 2 * m);
    body_h = by - uw_px(&mw->ui, 6) - y - m;
    int lw = W * 36 / 100;
    int ly = uw_scroll_begin(&mw->ui, MAREA_LEFT, (UiRect){m, y, lw - m, body_h});
    ly = draw_left(c, p, controls, m, ly, lw - m - uw_px(&mw->ui, 6));
    uw_scroll_end(&mw->ui, MAREA_LEFT, ly);
    int rx = lw + m, rwid = W - rx - m;
    int ry = uw_scroll_begin(&mw->ui, MAREA_RIGHT, (UiRect){rx, y, rwid, body_h});
    /* The answer key first (the best answer is often the last), then meters and events. */
    ry = draw_key(c, p, rx, ry, rwid - uw_px(&mw->ui, 6));
    ry = draw_controls(c, p, controls, rx, ry, rwid - uw_px(&mw->ui, 6));
    ry = draw_comments(c, rx, ry, rwid - uw_px(&mw->ui, 6));
    uw_scroll_end(&mw->ui, MAREA_RIGHT, ry);
    mentor_win_end(mw);
}

/* ---- life -------------------------------------------------------------------------------------- */

/* Beside the trainee, never over them: with a second display the console goes there; on one
 * display the two windows share its usable area side by side, the trainee's on the left (at
 * least 800 points wide, its minimum); a display too narrow for both keeps the console at its
 * right edge. */
static void place_beside(MentorConsole *c)
{
    SDL_Window *tw = ui_gfx_window(ui_app_gfx(c->app)), *cw = ui_gfx_window(c->w->g);
    int disp = SDL_GetWindowDisplayIndex(tw);
    SDL_Rect u;
    if (disp < 0 || SDL_GetDisplayUsableBounds(disp, &u) != 0 || (SDL_GetWindowFlags(tw) & SDL_WINDOW_FULLSCREEN))
        return;
    if (SDL_GetNumVideoDisplays() > 1) {
        int other = disp == 0 ? 1 : 0;
        SDL_SetWindowPosition(cw, SDL_WINDOWPOS_CENTERED_DISPLAY(other), SDL_WINDOWPOS_CENTERED_DISPLAY(other));
    } else {
        int tw_w = u.w * 55 / 100 < 800 ? 800 : u.w * 55 / 100, con_w = u.w - tw_w;
        if (con_w < 480) { /* too narrow to split: the console at the right edge */
            con_w = u.w < 1000 ? u.w : 1000;
            tw_w = u.w - con_w < 800 ? 800 : u.w - con_w;
        }
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
    c->s = ui_strings("en")->console;
    c->seen_screen = -1;
    c->w = mentor_win_open("Sparring: mentor console", opt->width > 0 ? opt->width : 1000,
                           opt->height > 0 ? opt->height : 760, true, true, err, errsize);
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
    Play *p = live(c);
    if (c->held && p && !play_paused(p)) {
        play_pause(p, ui_app_now(c->app));
        changed(c, false);
    }
    const Play *vp = v.play;
    int64_t left = vp ? play_time_left_ms(vp, ui_app_now(c->app)) : -1;
    long sec = vp ? (long)(ui_app_now(c->app) / 1000) + (left >= 0 ? (long)(left / 1000) * 100000 : 0) : 0;
    if (vp != c->seen_play || (int)v.screen != c->seen_screen || (vp && (play_step_count(vp) != c->seen_steps ||
        play_node(vp) != c->seen_node || (int)play_status(vp) != c->seen_status ||
        play_paused(vp) != c->seen_paused || sec != c->seen_sec))) {
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
    v->live = live(c) != NULL;
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
