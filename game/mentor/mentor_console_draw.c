/* mentor_console_draw: the console's layout and drawing (mentor_console.h): the path with its
 * rewinds, the outline, the answer key, the timer, meters and events, the comments, and the
 * comment box at the bottom. */
#include "mentor_console.h"
#include "mentor_console_int.h"
#include "scr_call_voice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

/* ---- drawing ----------------------------------------------------------------------------------- */

static int section(MentorConsole *c, const char *title, int x, int y, int w)
{
    MentorWin *mw = c->w;
    UiRect r = uw_text(&mw->ui, uw_fs(&mw->ui, MFS_SMALL), title, w, x, y, mentor_theme.muted);
    return r.h + uw_px(&mw->ui, 4);
}

/* The path so far, each decision with its rewind button. */
static int draw_path(MentorConsole *c, const Play *p, bool controls, int x, int y, int w)
{
    MentorWin *mw = c->w;
    const UiTheme *t = &mentor_theme;
    const Scenario *sc = play_scenario(p);
    int fs = uw_fs(&mw->ui, MFS_SMALL), pad = uw_px(&mw->ui, 4);
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
        snprintf(line, sizeof line, "%d. %s → %s%s%+d%s %s", d + 1, scenario_node(sc, s->node)->id,
                 s->kind == PLAY_STEP_TIMEOUT ? c->s->timeout : ch ? ch->id : "?", c->ls->lparen,
                 (int)mc_choice_total(ch), c->ls->rparen, clock);
        int th = uw_text_h(&mw->ui, fs, line, w - bw - pad);
        int h = th > bh ? th : bh;
        uw_text(&mw->ui, fs, line, w - bw - pad, x, y + (h - th) / 2, t->text);
        mentor_button(mw, MA_REWIND + d, (UiRect){x + w - bw, y, bw, bh}, c->s->rewind, false, controls);
        y += h + pad;
    }
    return y + uw_px(&mw->ui, 12);
}

/* Every node in order, the current one and the path marked. */
static int draw_outline(MentorConsole *c, const Play *p, int x, int y, int w)
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
    y += section(c, c->s->outline, x, y, w);
    for (int i = 0; i < nn; i++) {
        const ScNode *n = scenario_node(sc, i);
        char snip[160], line[400];
        mc_snippet(mc_tx(c, &n->text), snip, sizeof snip, 48);
        /* an ending says how the call ends, in the words of the trainee's debrief */
        const char *end = n->kind != SC_NODE_END ? ""
                          : n->outcome == SC_OUTCOME_PASS ? c->ls->outcome_pass
                          : n->outcome == SC_OUTCOME_FAIL ? c->ls->outcome_fail : c->ls->outcome_neutral;
        snprintf(line, sizeof line, "%s%s%s  %s", n->id, end[0] ? c->ls->sep : "", end, snip);
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

/* The current node and the answer key: every answer with its points, where it leads and the
 * coach's tip. compact (a narrow console): the node's line and each answer cut to their start,
 * in small text, and no tips, so that the whole key shows beside the trainee. */
#define KEY_LINE_LINES 3   /* compact: the customer's line, at most */
#define KEY_ANSWER_LINES 2 /* compact: each answer, at most */
static int draw_key(MentorConsole *c, const Play *p, bool compact, int x, int y, int w)
{
    MentorWin *mw = c->w;
    const UiTheme *t = &mentor_theme;
    const Scenario *sc = play_scenario(p);
    const ScNode *n = scenario_node(sc, play_node(p));
    int bs = uw_fs(&mw->ui, MFS_BODY), ss = uw_fs(&mw->ui, MFS_SMALL), pad = uw_px(&mw->ui, 6);
    c->nkey = 0;
    y += section(c, c->s->now, x, y, w);
    char head[200];
    snprintf(head, sizeof head, "%s%s%s", n->id, n->mood ? c->ls->sep : "", n->mood ? ui_strings_mood(c->ls, n->mood) : "");
    y += uw_text(&mw->ui, ss, head, w, x, y, t->muted).h;
    char cut[1200];
    if (compact) /* three lines of the customer's line, as many words as the width holds */
        mc_fit(&mw->ui, ss, mc_tx(c, &n->text), w, KEY_LINE_LINES, cut, sizeof cut);
    else
        mc_snippet(mc_tx(c, &n->text), cut, sizeof cut, sizeof cut - 4);
    y += uw_text(&mw->ui, compact ? ss : bs, cut, w, x, y, t->text).h + uw_px(&mw->ui, compact ? 6 : 10);
    if (compact)
        bs = ss;
    PlayStatus st = play_status(p);
    if (st == PLAY_WAITING)
        return y + uw_text(&mw->ui, bs, c->s->waiting_continue, w, x, y, t->muted).h + uw_px(&mw->ui, 10);
    if (st == PLAY_ENDED) { /* "Ended: ..." only when the ending has words of its own */
        const char *et = mc_tx(c, &n->end_text);
        if (!et[0])
            return y;
        char buf[1200];
        snprintf(buf, sizeof buf, "%s%s%s", c->s->ended, c->ls->colon, et);
        mentor_utf8_trim(buf);
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
        char label[1200], pts[400], text[1000];
        /* compact: two lines of each answer offered, as much as the width holds (one of an answer
         * not offered, which says why after it) */
        char full[1000];
        snprintf(full, sizeof full, "%d. %s", pos + 1, mc_tx(c, &ch->text));
        if (compact)
            mc_fit(&mw->ui, bs, pos >= 0 ? full : mc_tx(c, &ch->text), w - pad, pos >= 0 ? KEY_ANSWER_LINES : 1, text,
                   sizeof text);
        else
            mc_snippet(pos >= 0 ? full : mc_tx(c, &ch->text), text, sizeof text, sizeof text - 4);
        if (pos >= 0)
            snprintf(label, sizeof label, "%s", text);
        else
            snprintf(label, sizeof label, "– %s%s%s%s%s%s", text, c->ls->lparen, c->s->not_offered,
                     ch->requires_src ? c->ls->colon : "", ch->requires_src ? ch->requires_src : "", c->ls->rparen);
        mc_points_text(c, sc, ch, pts, sizeof pts);
        int64_t total = mc_choice_total(ch);
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
        const char *fb = compact ? "" : mc_tx(c, &ch->feedback);
        if (fb[0]) {
            char buf[800];
            snprintf(buf, sizeof buf, "%s%s%s", c->s->coach, c->ls->colon, fb);
            y += uw_text(&mw->ui, uw_fs(&mw->ui, MFS_SMALL), buf, w - 2 * pad, x + 2 * pad, y, t->muted).h;
        }
        y += uw_px(&mw->ui, compact ? 4 : 8);
    }
    if (n->timeout && play_time_limit_ms(p) > 0) {
        char pts[400], buf[500];
        mc_points_text(c, sc, n->timeout, pts, sizeof pts);
        snprintf(buf, sizeof buf, "%s%s%s", c->s->timeout, c->ls->colon, pts);
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
    y += bh + uw_px(&mw->ui, 6);
    /* Spoken answers (say-aloud): recorded only when the mentor turns it on. */
    bool rec = call_voice_sandbox_recording(c->app);
    const char *rl = rec ? c->s->record_voice_on : c->s->record_voice_off;
    mentor_button(mw, MA_RECORD, (UiRect){x, y, uw_button_w(&mw->ui, rl), bh}, rl, rec, controls);
    y += bh + uw_px(&mw->ui, 14);
    /* Meters. */
    y += section(c, c->s->meters, x, y, w);
    static const char *const labels[4] = {"-10", "-1", "+1", "+10"};
    int sbw = uw_button_w(&mw->ui, "+10");
    for (int m = 0; m < scenario_meter_count(sc); m++) {
        const ScMeter *mt = scenario_meter(sc, m);
        char buf[300];
        snprintf(buf, sizeof buf, "%s%s  %d  [%d..%d]%s%s%s", m == c->meter ? "> " : "", mc_tx(c, &mt->name),
                 play_meter(p, m), mt->min, mt->max, mt->show ? "" : c->ls->lparen, mt->show ? "" : c->s->hidden,
                 mt->show ? "" : c->ls->rparen);
        int lw = w - 4 * (sbw + gap);
        int lh = uw_text_h(&mw->ui, bs, buf, lw);
        int h = lh > bh ? lh : bh;
        uw_text(&mw->ui, bs, buf, lw, x, y + (h - lh) / 2, t->text);
        for (int k = 0; k < 4; k++)
            mentor_button(mw, MA_METER + m * 4 + k, (UiRect){x + lw + gap + k * (sbw + gap), y, sbw, bh}, labels[k],
                          false, controls);
        y += h + gap;
    }
    return y + uw_px(&mw->ui, 8);
}

/* The scenario's events, each a button that injects it. */
static int draw_events(MentorConsole *c, const Play *p, bool controls, int x, int y, int w)
{
    MentorWin *mw = c->w;
    const UiTheme *t = &mentor_theme;
    const Scenario *sc = play_scenario(p);
    int bh = uw_button_h(&mw->ui), gap = uw_px(&mw->ui, 6);
    y += section(c, c->s->events, x, y, w);
    if (scenario_event_count(sc) == 0)
        y += uw_text(&mw->ui, uw_fs(&mw->ui, MFS_SMALL), c->s->no_events, w, x, y, t->muted).h + gap;
    int ex = x;
    for (int e = 0; e < scenario_event_count(sc); e++) {
        char label[300];
        snprintf(label, sizeof label, "%s%d  %s", e < 9 ? "^" : "", e + 1, mc_tx(c, &scenario_event(sc, e)->label));
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
        char buf[1400];
        const Comment *cm = &c->comments[i];
        mentor_comment_line(c->ls, cm->at_ms, cm->decisions, cm->after_call, cm->text, buf, sizeof buf);
        y += uw_text(&mw->ui, fs, buf, w, x, y, mentor_theme.text).h + uw_px(&mw->ui, 4);
    }
    return y;
}

/* The end of a call: the attempt's id, and the button that opens its review. */
static int draw_over(MentorConsole *c, int x, int y, int w)
{
    MentorWin *mw = c->w;
    const char *id = mc_closed_attempt(c);
    char buf[400];
    snprintf(buf, sizeof buf, c->s->over, id[0] ? id : "-");
    int bw = uw_button_w(&mw->ui, c->s->open_review), bh = uw_button_h(&mw->ui);
    int th = uw_text(&mw->ui, uw_fs(&mw->ui, MFS_BODY), buf, w - bw - uw_px(&mw->ui, 12), x, y, mentor_theme.warn).h;
    mentor_button(mw, MA_REVIEW, (UiRect){x + w - bw, y, bw, bh}, c->s->open_review, true, id[0] != 0);
    return y + (th > bh ? th : bh) + uw_px(&mw->ui, 12);
}

/* The header: the scenario's title, the trainee, the clock and the decision (and "paused").
 * Returns its height. */
static int draw_header(MentorConsole *c, const UiView *v, const Play *p, int W, int m)
{
    MentorWin *mw = c->w;
    const UiTheme *t = &mentor_theme;
    int hs = uw_fs(&mw->ui, MFS_LARGE);
    char title[600], right[300] = "";
    if (p) {
        c->loc = scenario_locale_index(play_scenario(p), v->locale);
        snprintf(title, sizeof title, "%s · %s", c->s->title, mc_tx(c, scenario_title(play_scenario(p))));
        char clock[16], dec[64];
        mentor_clock(ui_app_now(c->app), clock, sizeof clock);
        snprintf(dec, sizeof dec, c->s->decision, play_decision_count(p));
        snprintf(right, sizeof right, "%s · %s · %s%s%s", v->trainee_id, clock, dec, c->held ? " · " : "",
                 c->held ? c->s->paused : "");
    } else {
        snprintf(title, sizeof title, "%s", c->s->title);
    }
    int rw = uw_text_w(&mw->ui, uw_fs(&mw->ui, MFS_BODY), right);
    if (rw > W / 2)
        rw = W / 2;
    if (W < uw_px(&mw->ui, 760)) /* narrow: a smaller title */
        hs = uw_fs(&mw->ui, MFS_BODY);
    int th = uw_text_h(&mw->ui, hs, title, W - rw - 3 * m), rh = uw_text_h(&mw->ui, uw_fs(&mw->ui, MFS_BODY), right, rw);
    int hh = (th > rh ? th : rh) + 2 * m;
    ui_gfx_fill(mw->g, (UiRect){0, 0, W, hh}, t->panel2);
    uw_text(&mw->ui, hs, title, W - rw - 3 * m, m, m, t->text);
    uw_text(&mw->ui, uw_fs(&mw->ui, MFS_BODY), right, rw, W - m - rw, m, c->held ? t->warn : t->muted);
    return hh;
}

/* The bottom: the comment box, the status line and the keys. Returns its top. */
static int draw_bottom(MentorConsole *c, const UiView *v, int W, int H, int m)
{
    MentorWin *mw = c->w;
    const UiTheme *t = &mentor_theme;
    int ks = uw_fs(&mw->ui, MFS_SMALL);
    int keys_h = uw_text_h(&mw->ui, ks, c->s->keys, W - 2 * m);
    const char *status = v->mode != UI_MODE_SANDBOX ? c->s->not_sandbox : c->status;
    int status_h = status[0] ? uw_text_h(&mw->ui, ks, status, W - 2 * m) + uw_px(&mw->ui, 4) : 0;
    int bh = uw_button_h(&mw->ui);
    int field_h = 2 * ui_gfx_line_height(mw->g, uw_fs(&mw->ui, MFS_BODY)) + uw_px(&mw->ui, 12);
    int bottom_h = field_h + status_h + keys_h + 3 * uw_px(&mw->ui, 6) + m;
    int by = H - bottom_h;
    ui_gfx_fill(mw->g, (UiRect){0, by - uw_px(&mw->ui, 6), W, H - by + uw_px(&mw->ui, 6)}, t->panel2);
    int aw = uw_button_w(&mw->ui, c->s->add_comment);
    mw->field_id = MA_FIELD;
    mentor_field(mw, (UiRect){m, by, W - 3 * m - aw, field_h}, c->s->comment_ph);
    mentor_button(mw, MA_COMMENT, (UiRect){W - m - aw, by + (field_h - bh) / 2, aw, bh}, c->s->add_comment, true,
                  ui_app_recorder(c->app) != NULL && v->mode == UI_MODE_SANDBOX);
    int sy = by + field_h + uw_px(&mw->ui, 6);
    if (status[0])
        sy += uw_text(&mw->ui, ks, status, W - 2 * m, m, sy, c->status_ok && status == c->status ? t->good : t->bad).h +
              uw_px(&mw->ui, 4);
    uw_text(&mw->ui, ks, c->s->keys, W - 2 * m, m, sy, t->muted);
    return by;
}

void mentor_console_draw(MentorConsole *c)
{
    MentorWin *mw = c->w;
    const UiTheme *t = &mentor_theme;
    UiView v;
    ui_app_view(c->app, &v);
    c->ls = ui_strings(v.locale);
    c->s = c->ls->console;
    mentor_win_begin(mw);
    int W = ui_gfx_width(mw->g), H = ui_gfx_height(mw->g), m = uw_px(&mw->ui, 12);
    const Play *p = v.play;
    Play *lp = mc_live(c);
    bool controls = lp != NULL;
    c->nkey = 0;
    int y = draw_header(c, &v, p, W, m) + m;
    int by = draw_bottom(c, &v, W, H, m);
    if (!p) {
        uw_text(&mw->ui, uw_fs(&mw->ui, MFS_BODY), c->s->waiting, W - 2 * m, m, y, t->muted);
        mentor_win_end(mw);
        return;
    }
    if (v.screen != UI_SCREEN_CALL)
        y = draw_over(c, m, y, W - 2 * m);
    int body_h = by - uw_px(&mw->ui, 6) - y - m;
    int sb = uw_px(&mw->ui, 6);
    if (W < uw_px(&mw->ui, 760)) {
        /* Narrow (beside the trainee on one display): one column, what the mentor acts on
         * first: the whole key in short, the timer and meters, the path with its rewinds;
         * then events, comments and the outline, which may scroll. */
        int cy = uw_scroll_begin(&mw->ui, MAREA_RIGHT, (UiRect){m, y, W - 2 * m, body_h});
        cy = draw_key(c, p, true, m, cy, W - 2 * m - sb);
        cy = draw_controls(c, p, controls, m, cy, W - 2 * m - sb);
        cy = draw_path(c, p, controls, m, cy, W - 2 * m - sb);
        cy = draw_events(c, p, controls, m, cy, W - 2 * m - sb);
        cy = draw_comments(c, m, cy, W - 2 * m - sb);
        cy = draw_outline(c, p, m, cy, W - 2 * m - sb);
        uw_scroll_end(&mw->ui, MAREA_RIGHT, cy);
        mentor_win_end(mw);
        return;
    }
    int lw = W * 36 / 100;
    int ly = uw_scroll_begin(&mw->ui, MAREA_LEFT, (UiRect){m, y, lw - m, body_h});
    /* The path first, with its rewinds, so they stay in view above a long outline. */
    ly = draw_path(c, p, controls, m, ly, lw - m - sb);
    ly = draw_outline(c, p, m, ly, lw - m - sb);
    uw_scroll_end(&mw->ui, MAREA_LEFT, ly);
    int rx = lw + m, rwid = W - rx - m;
    int ry = uw_scroll_begin(&mw->ui, MAREA_RIGHT, (UiRect){rx, y, rwid, body_h});
    /* The answer key first (the best answer is often the last), then meters and events. */
    ry = draw_key(c, p, false, rx, ry, rwid - sb);
    ry = draw_controls(c, p, controls, rx, ry, rwid - sb);
    ry = draw_events(c, p, controls, rx, ry, rwid - sb);
    ry = draw_comments(c, rx, ry, rwid - sb);
    uw_scroll_end(&mw->ui, MAREA_RIGHT, ry);
    mentor_win_end(mw);
}


