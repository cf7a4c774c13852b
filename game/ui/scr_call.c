/* scr_call: the call (conversation, face, meters, answers, countdown, coach feedback, pause). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "app_rec.h"
#include "play_author.h"
#include "scr_assess.h"
#include "scr_call_say.h"
#include "scr_call_voice.h"
#include "scr_common.h"
#include "screens.h"
#include "ui_history.h"
#include "ui_reload.h"

/* ---- the call ----------------------------------------------------------------------------------- */

/* Who the customer-speaker is: the scenario's `counterpart` (e.g. the rep a manager coaches),
 * else "Customer". */
static const char *counterpart_label(const UiApp *a)
{
    const char *c = a->play ? scr_text(a, scenario_counterpart(play_scenario(a->play))) : "";
    return c[0] ? c : a->s->customer;
}

static const char *speaker_label(const UiApp *a, ScSpeaker sp)
{
    return sp == SC_SPEAKER_NARRATOR ? a->s->narrator : sp == SC_SPEAKER_COACH ? a->s->coach : counterpart_label(a);
}

/* One line of the conversation: label above, text in a bubble. Returns its height. */
static int bubble(UiApp *a, const char *label, const char *body, bool you, int current, int x, int y, int w,
                  bool draw)
{
    const UiTheme *t = scr_theme(a);
    int pad = px(a, 10), ls = fs(a, FS_SMALL), bs = current ? current : fs(a, FS_BODY);
    int lh = text_h(a, ls, label, w);
    int bh = text_h(a, bs, body, w - 2 * pad) + 2 * pad;
    if (draw) {
        uw_text(&a->ui, ls, label, w, x, y, t->muted);
        UiRect r = {x, y + lh + px(a, 2), w, bh};
        ui_gfx_round(a->g, r, px(a, 8), you ? t->you : t->panel);
        if (current || a->set.high_contrast)
            ui_gfx_frame(a->g, r, px(a, current ? 2 : 1), current ? t->accent : t->border);
        uw_text(&a->ui, bs, body, w - 2 * pad, x + pad, r.y + pad, t->text);
    }
    return lh + px(a, 2) + bh + px(a, 10);
}

/* The conversation so far, then (unless feedback shows) the current line in text size cur. */
static int conversation(UiApp *a, int cur, int x, int y, int w, bool draw)
{
    const Play *p = a->play;
    const Scenario *sc = play_scenario(p);
    int n = play_step_count(p);
    if (a->feedback_step >= 0)
        n = a->feedback_step + 1;
    int y0 = y;
    int yw = w * 3 / 4; /* the trainee's lines are indented */
    for (int i = 0; i < n; i++) {
        const PlayStep *st = play_step(p, i);
        if (st->kind == PLAY_STEP_PAUSE || st->kind == PLAY_STEP_RESUME || st->kind == PLAY_STEP_METER)
            continue;
        const ScNode *node = scenario_node(sc, st->node);
        y += bubble(a, speaker_label(a, node->speaker), scr_text(a, &node->text), false, 0, x, y, w, draw);
        if (st->kind == PLAY_STEP_CHOICE)
            y += bubble(a, a->s->you, scr_text(a, &node->choices[st->index].text), true, 0, x + w - yw, y, yw,
                        draw);
        else if (st->kind == PLAY_STEP_TIMEOUT)
            y += bubble(a, a->s->you, a->s->no_answer, true, 0, x + w - yw, y, yw, draw);
        else if (st->kind == PLAY_STEP_EVENT) /* a mentor's interruption */
            y += bubble(a, a->s->narrator, scr_text(a, &scenario_event(sc, st->index)->label), false, 0, x, y,
                        w, draw);
    }
    if (a->feedback_step < 0) {
        const ScNode *node = scenario_node(sc, play_node(p));
        y += bubble(a, speaker_label(a, node->speaker), scr_text(a, &node->text), false, cur, x, y, w, draw);
    }
    return y - y0;
}

/* The panel under the conversation: choices, feedback, continue, or the ending. */

/* play --author: the node's id, then each answer a condition hides now, with the condition and
 * the values that hide it. Returns the height. */
static int author_lines(UiApp *a, const ScNode *node, int x, int y, int w, bool draw)
{
    const UiTheme *t = scr_theme(a);
    PlayHidden hid[SC_MAX_CHOICES];
    int nh = play_hidden(a->play, hid), ss = fs(a, FS_SMALL), y0 = y;
    char buf[1024];
    snprintf(buf, sizeof buf, "[%s]", node->id);
    for (int k = -1; k < nh; k++) {
        if (k >= 0)
            snprintf(buf, sizeof buf, "[%s] %s: \"%s\" if %s (%s)", node->choices[hid[k].choice].id,
                     "hidden", scr_text(a, &node->choices[hid[k].choice].text), hid[k].condition,
                     hid[k].values);
        int h = text_h(a, ss, buf, w);
        if (draw)
            uw_text(&a->ui, ss, buf, w, x, y, t->muted);
        y += h + px(a, 4);
    }
    return y - y0;
}

/* How the answers are laid out: their padding, the gap between them, the number's badge and the
 * text size. Tighter levels are used when the window is short (layout_call). */
typedef struct {
    int pad, gap, badge, size;
    int line; /* the text size of the customer's current line */
} AnswerStyle;

/* The smallest text the answers take: 18 px (a readable size at arm's length), or the body
 * size when the trainee chose text smaller than that. */
static int answer_floor(const UiApp *a)
{
    int body = fs(a, FS_BODY), least = px(a, 18);
    return body < least ? body : least;
}

/* level 0: as designed; 1: tighter spacing, the current line in body size; 2 and up: also a
 * smaller text, 15% a level, the customer's line with it, never under answer_floor. */
static AnswerStyle answer_style(const UiApp *a, int level)
{
    AnswerStyle st = {px(a, 12), px(a, 8), 0, fs(a, FS_BODY), fs(a, FS_LARGE)};
    if (level >= 1) {
        st.pad = px(a, 6);
        st.gap = px(a, 4);
        st.line = st.size;
    }
    for (int i = 2; i <= level; i++)
        st.size = st.size * 85 / 100;
    if (level >= 2 && st.size < answer_floor(a))
        st.size = answer_floor(a);
    if (level >= 2)
        st.line = st.size;
    st.badge = st.size * 2 > px(a, 26) ? st.size * 2 - (level >= 1 ? st.size / 3 : 0) : px(a, 26);
    return st;
}

static int call_panel(UiApp *a, const AnswerStyle *ast, int x, int y, int w, bool draw)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    const Play *p = a->play;
    const Scenario *sc = play_scenario(p);
    int y0 = y, pad = px(a, 12), bs = fs(a, FS_BODY), gap = px(a, 8);
    if (draw)
        a->nchoice_btn = 0;
    if (a->feedback_step >= 0) {
        const ScChoice *c = play_step_choice(p, a->feedback_step);
        char pts[512];
        scr_points_line(a, sc, c, pts, sizeof pts);
        const char *fb = c ? scr_text(a, &c->feedback) : "";
        if (!fb[0])
            fb = s->no_feedback;
        int h = pad + text_h(a, fs(a, FS_SMALL), s->feedback_title, w - 2 * pad) + px(a, 4) +
                text_h(a, bs, pts, w - 2 * pad) + px(a, 6) + text_h(a, bs, fb, w - 2 * pad) + pad;
        if (draw) {
            ui_gfx_round(a->g, (UiRect){x, y, w, h}, px(a, 8), t->panel2);
            int ty = y + pad;
            ty += uw_text(&a->ui, fs(a, FS_SMALL), s->feedback_title, w - 2 * pad, x + pad, ty, t->muted).h + px(a, 4);
            int64_t pt = ui_choice_points(c);
            ty += uw_text(&a->ui, bs, pts, w - 2 * pad, x + pad, ty, pt > 0 ? t->good : pt < 0 ? t->bad : t->text).h +
                  px(a, 6);
            uw_text(&a->ui, bs, fb, w - 2 * pad, x + pad, ty, t->text);
        }
        y += h + gap;
        if (draw)
            uw_button(&a->ui, ACT_FEEDBACK_OK, (UiRect){x, y, w, uw_button_h(&a->ui)}, s->continue_hint, UW_PRIMARY);
        return y + uw_button_h(&a->ui) - y0;
    }
    PlayStatus st = play_status(p);
    if (st == PLAY_WAITING) {
        if (draw)
            uw_button(&a->ui, ACT_CONTINUE, (UiRect){x, y, w, uw_button_h(&a->ui)}, s->continue_hint, UW_PRIMARY);
        return uw_button_h(&a->ui);
    }
    if (st == PLAY_ENDED || st == PLAY_DEAD_END) {
        const ScNode *node = scenario_node(sc, play_node(p));
        const char *msg = st == PLAY_DEAD_END ? s->dead_end : scr_text(a, &node->end_text);
        if (!msg[0])
            msg = s->call_ended;
        int h = text_h(a, bs, msg, w) + gap;
        if (draw)
            uw_text(&a->ui, bs, msg, w, x, y, t->text);
        y += h;
        if (draw)
            uw_button(&a->ui, ACT_TO_DEBRIEF, (UiRect){x, y, w, uw_button_h(&a->ui)}, s->to_debrief, UW_PRIMARY);
        return y + uw_button_h(&a->ui) - y0;
    }
    if (call_voice_holds_answers(a)) /* say-aloud: the answers show once it has been said */
        return call_voice_panel(a, x, y, w, draw);
    int offered[SC_MAX_CHOICES]; /* in the order shown (shuffled in assessment) */
    int n = play_shown(p, offered);
    const ScNode *node = scenario_node(sc, play_node(p));
    int badge = ast->badge;
    pad = ast->pad;
    gap = ast->gap;
    bs = ast->size;
    for (int k = 0; k < n; k++) {
        const char *label = scr_text(a, &node->choices[offered[k]].text);
        int th = text_h(a, bs, label, w - badge - 3 * pad);
        int h = th + 2 * pad;
        if (h < badge + pad)
            h = badge + pad;
        if (draw) {
            int id = ACT_CHOICE + offered[k];
            UiRect r = {x, y, w, h};
            ui_gfx_round(a->g, r, px(a, 8), a->ui.hover == id ? t->button_hover : t->button);
            ui_gfx_frame(a->g, r, px(a, 1), t->border);
            UiRect b = {x + pad, y + (h - badge) / 2, badge, badge};
            ui_gfx_round(a->g, b, badge / 2, t->accent);
            char num[8];
            if (k < 9)
                snprintf(num, sizeof num, "%d", k + 1);
            else
                num[0] = 0;
            int nw, nh;
            ui_gfx_text_size(a->g, bs, num, 0, &nw, &nh);
            uw_text(&a->ui, bs, num, 0, b.x + (badge - nw) / 2, b.y + (badge - nh) / 2, t->accent_text);
            uw_text(&a->ui, bs, label, w - badge - 3 * pad, x + badge + 2 * pad, y + (h - th) / 2, t->text);
            if (a->ui.focus == id)
                uw_focus_ring(&a->ui, r);
            uw_hit(&a->ui, id, r, label);
            a->choice_rect[a->nchoice_btn] = a->ui.hits[a->ui.nhits - 1].r; /* the part in view */
            a->choice_index[a->nchoice_btn] = offered[k];
            a->nchoice_btn++;
        }
        y += h + gap;
    }
    if (a->opt.author) /* play --author: the node's id, and the answers a condition hides now */
        y += author_lines(a, node, x, y, w, draw) + gap; /* the gap is taken off again below */
    return y - y0 - (n ? gap : 0);
}

static void draw_meters(UiApp *a, int x, int y, int w)
{
    const UiTheme *t = scr_theme(a);
    const Scenario *sc = play_scenario(a->play);
    int ss = fs(a, FS_SMALL);
    for (int i = 0; i < scenario_meter_count(sc); i++) {
        const ScMeter *mt = scenario_meter(sc, i);
        if (!mt->show)
            continue;
        int v = play_meter(a->play, i);
        char buf[512];
        snprintf(buf, sizeof buf, "%s  %d", scr_text(a, &mt->name), v);
        y += uw_text(&a->ui, ss, buf, w, x, y, t->text).h + px(a, 2);
        int bh = px(a, 8);
        ui_gfx_fill(a->g, (UiRect){x, y, w, bh}, t->border);
        double f = mt->max > mt->min ? (double)(v - mt->min) / (mt->max - mt->min) : 0;
        ui_gfx_fill(a->g, (UiRect){x, y, (int)(w * f), bh}, f < 0.25 ? t->bad : f < 0.5 ? t->warn : t->good);
        y += bh + px(a, 10);
    }
}

/* The countdown under the header at *y (moves *y down), or the mentor's hold. */
static void draw_countdown(UiApp *a, int *y)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    const Play *p = a->play;
    int W = ui_gfx_width(a->g), m = px(a, 16);
    int64_t limit = play_time_limit_ms(p), left = play_time_left_ms(p, ui_app_now(a));
    a->timer_rect = (UiRect){0, 0, 0, 0};
    if (limit > 0 && left >= 0 && play_status(p) == PLAY_CHOOSING && a->feedback_step < 0) {
        /* The bar shows the second the number shows: both move once a second, together. */
        int sec = (int)((left + 999) / 1000);
        double f = sec * 1000.0 >= (double)limit ? 1.0 : sec * 1000.0 / (double)limit;
        int bh = px(a, 12);
        char secs[160], n[32];
        snprintf(n, sizeof n, s->seconds_left, sec);
        if (a->mentor_hold)
            snprintf(secs, sizeof secs, "%s · %s", s->mentor_paused, n);
        else
            snprintf(secs, sizeof secs, "%s", n);
        int sw = text_w(a, fs(a, FS_BODY), secs);
        int lh = ui_gfx_line_height(a->g, fs(a, FS_BODY));
        int barw = W - 3 * m - sw;
        a->timer_rect = (UiRect){0, *y, W, lh + m}; /* what a tick redraws (ui_app.c) */
        a->timer_sec = sec;
        ui_gfx_fill(a->g, a->timer_rect, t->bg);
        UiRect bar = {m, *y + m / 2 + (lh - bh) / 2, barw, bh};
        ui_gfx_fill(a->g, bar, t->panel2);
        int level = f > 0.5 ? 0 : f > 0.25 ? 1 : 2;
        UiColor c = level == 0 ? t->good : level == 1 ? t->warn : t->bad;
        ui_gfx_fill(a->g, (UiRect){bar.x, bar.y, (int)(barw * f), bh}, c);
        UiRect tr = uw_text(&a->ui, fs(a, FS_BODY), secs, 0, W - m - sw, *y + m / 2, f > 0.25 ? t->text : t->bad);
        a->timer_shown.bar = bar;
        a->timer_shown.text = tr;
        a->timer_shown.fill = (int)(barw * f);
        a->timer_shown.level = level;
        *y += lh + m;
    } else if (a->mentor_hold && play_status(p) != PLAY_ENDED) {
        /* No countdown on this node, but the trainee should still know the mentor holds the call. */
        *y += uw_text(&a->ui, fs(a, FS_BODY), s->mentor_paused, W - 2 * m, m, *y + m / 2, t->warn).h + m;
    }
}

bool scr_call_redraw_timer(UiApp *a, bool present)
{
    UiRect r = a->timer_rect;
    if (a->screen != UI_SCREEN_CALL || !a->play || a->pause_open || a->help || a->settings_open || r.h <= 0 ||
        !ui_gfx_begin_part(a->g, r))
        return false;
    int y = r.y;
    UiTimerShown was = a->timer_shown;
    draw_countdown(a, &y);
    bool same = a->timer_rect.h == r.h && a->timer_rect.y == r.y;
    if (!same) {
        ui_gfx_end(a->g, false);
        return false; /* the countdown ended or changed its shape: a whole frame follows */
    }
    /* What changed: the bar from the old end of its filled part to the new (all of it when its
     * colour or size changed), and the words (the old and the new). */
    const UiRect *b = &a->timer_shown.bar;
    UiRect parts[2] = {*b, a->timer_shown.text};
    if (was.level == a->timer_shown.level && !memcmp(&was.bar, b, sizeof *b)) {
        int x0 = was.fill < a->timer_shown.fill ? was.fill : a->timer_shown.fill;
        int x1 = was.fill < a->timer_shown.fill ? a->timer_shown.fill : was.fill;
        parts[0] = (UiRect){b->x + x0, b->y, x1 - x0, b->h};
    }
    const UiRect *wt = &was.text;
    if (wt->w > 0) { /* the union of the old words and the new */
        int x0 = wt->x < parts[1].x ? wt->x : parts[1].x, y0 = wt->y < parts[1].y ? wt->y : parts[1].y;
        int x1 = wt->x + wt->w > parts[1].x + parts[1].w ? wt->x + wt->w : parts[1].x + parts[1].w;
        int y1 = wt->y + wt->h > parts[1].y + parts[1].h ? wt->y + wt->h : parts[1].y + parts[1].h;
        parts[1] = (UiRect){x0, y0, x1 - x0, y1 - y0};
    }
    ui_gfx_end_part(a->g, parts, 2, present);
    a->parts++;
    return true;
}

/* The face column: face, mood, meters (or, in an assessment, that they come later). */
static void draw_face_column(UiApp *a, int y, int top, int lw)
{
    const UiTheme *t = scr_theme(a);
    const Scenario *sc = play_scenario(a->play);
    int H = ui_gfx_height(a->g), m = px(a, 16);
    ui_gfx_fill(a->g, (UiRect){0, y, lw, H - y}, t->panel2);
    float r = (lw - 2 * m) * 0.36f;
    float maxr = (H - top) * 0.18f;
    if (r > maxr)
        r = maxr;
    const char *mood = scr_face_mood(a);
    scr_draw_face(a, lw / 2.0f, top + r * 1.05f, r, mood);
    int fy = top + (int)(r * 2.7f) + px(a, 6);
    char moodbuf[160];
    snprintf(moodbuf, sizeof moodbuf, "%s%s%s", counterpart_label(a), a->s->colon, scr_mood_label(a, mood));
    int mw = text_w(a, fs(a, FS_SMALL), moodbuf);
    if (mw > lw - 2 * m)
        mw = lw - 2 * m;
    fy += uw_text(&a->ui, fs(a, FS_SMALL), moodbuf, lw - 2 * m, (lw - mw) / 2, fy, t->muted).h + px(a, 12);
    ui_gfx_clip(a->g, &(UiRect){0, fy, lw, H - fy});
    /* Nothing that moves with the quality of an answer shows during an assessment (the face's
     * mood stays: the customer's words say as much); the debrief shows the meters' course. */
    if (a->mode != UI_MODE_ASSESSMENT)
        draw_meters(a, m, fy, lw - 2 * m);
    else if (scr_any_meter_shown(sc))
        uw_text(&a->ui, fs(a, FS_SMALL), a->s->meters_later, lw - 2 * m, m, fy, t->muted);
    ui_gfx_clip(a->g, NULL);
}

/* The face column folded into one line above the transcript: "Customer: angry · Trust 3". */
static int mood_line(UiApp *a, int x, int y, int w, bool draw)
{
    const Scenario *sc = play_scenario(a->play);
    const char *mood = a->mood[0] ? a->mood : "calm";
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%s%s%s", counterpart_label(a), a->s->colon, scr_mood_label(a, mood));
    for (int i = 0; a->mode != UI_MODE_ASSESSMENT && i < scenario_meter_count(sc); i++) {
        const ScMeter *mt = scenario_meter(sc, i);
        if (mt->show && n > 0 && (size_t)n < sizeof buf)
            n += snprintf(buf + n, sizeof buf - (size_t)n, " · %s %d", scr_text(a, &mt->name), play_meter(a->play, i));
    }
    int ss = fs(a, FS_SMALL);
    if (draw)
        uw_text(&a->ui, ss, buf, w, x, y, scr_theme(a)->muted);
    return text_h(a, ss, buf, w) + px(a, 8);
}

/* A readable measure: about 40 Chinese characters, or 75 Latin ones, of body text a line. */
static int measure_cap(UiApp *a)
{
    int bs = fs(a, FS_BODY);
    if (!strcmp(a->set.locale, "zh"))
        return 40 * text_w(a, bs, "中");
    static const char sample[] = "a line of plain English, its words and spaces, for the measure."; /* 64 */
    return text_w(a, bs, sample) * 75 / (int)(sizeof sample - 1);
}

/* Where the call's parts go. The answers must all show without scrolling: when they do not fit
 * under the shortest transcript (the current line's first lines), the face column folds into a
 * line first, then the answers' spacing tightens, then their text gets smaller; only when even
 * that fails do they scroll. The text column never runs wider than a readable measure and is
 * centred in the space it has; the answers follow the transcript closely. */
typedef struct {
    int lw;             /* the face column's width; 0: folded into the mood line */
    int x, w;           /* the text column */
    AnswerStyle st;
    int panel_h;        /* the answers' region; all of them unless even the smallest text is too big */
    bool no_mood;       /* the folded face's line left out too (the answers at their smallest) */
} CallLayout;

static CallLayout layout_call(UiApp *a, int top)
{
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    int avail = H - top - m, cap = measure_cap(a) + px(a, 30); /* the bubbles' padding */
    CallLayout l = {0};
    for (int level = 0; level < 12; level++) {
        int lw = 0;
        if (level == 0) {
            lw = W * 28 / 100;
            lw = lw < px(a, 200) ? px(a, 200) : lw > px(a, 340) ? px(a, 340) : lw;
        }
        int rx = lw + m, rw = W - rx - m;
        l.lw = lw;
        l.w = rw < cap ? rw : cap;
        l.x = rx + (rw - l.w) / 2;
        l.st = answer_style(a, level ? level - 1 : 0);
        int strip = lw ? 0 : mood_line(a, l.x, 0, l.w, false);
        int conv = conversation(a, l.st.line, l.x, 0, l.w - px(a, 10), false) - px(a, 10); /* no margin after the last */
        int ph = call_panel(a, &l.st, l.x, 0, l.w - px(a, 8), false);
        /* the shortest transcript: the label and two lines of the customer's current line (one
         * when the answers' text is at its smallest); with the face shown, all of the current
         * line (the face folds before the line scrolls) */
        bool least = level >= 3 && l.st.size <= answer_floor(a);
        int min_conv = text_h(a, fs(a, FS_SMALL), "Ag", 0) + (least ? 1 : 2) * ui_gfx_line_height(a->g, l.st.line) +
                       px(a, 32);
        if (lw && a->feedback_step < 0) {
            const ScNode *node = scenario_node(play_scenario(a->play), play_node(a->play));
            int cur = bubble(a, speaker_label(a, node->speaker), scr_text(a, &node->text), false, l.st.line, 0, 0,
                             l.w - px(a, 10), false);
            min_conv = cur > min_conv ? cur : min_conv;
        }
        int room = avail - strip - m - (conv < min_conv ? conv : min_conv);
        l.no_mood = least && strip > 0 && ph > room; /* the last fold: the mood line goes */
        if (l.no_mood)
            room += strip;
        l.panel_h = ph < room ? ph : room;
        if (ph <= room || least)
            break;
    }
    if (l.panel_h < avail / 3) /* nothing fits: the answers share the space as they did */
        l.panel_h = avail / 3;
    return l;
}

static void draw_call(UiApp *a)
{
    const UiStrings *s = a->s;
    const Play *p = a->play;
    const Scenario *sc = play_scenario(p);
    int H = ui_gfx_height(a->g), m = px(a, 16);
    char right[256], dec[64] = "";
    int taken = play_decision_count(p);
    int n = play_status(p) == PLAY_CHOOSING && a->feedback_step < 0 ? taken + 1 : taken;
    if (n > 0) /* before the first decision (a narrator's line): no "Decision 0" */
        snprintf(dec, sizeof dec, s->decision_n, n);
    snprintf(right, sizeof right, "%s · %s%sF1", scr_mode_label(a, a->mode), dec, n > 0 ? " · " : "");
    int y = scr_header(a, scr_text(a, scenario_title(sc)), right);
    scr_banner(a, &y);
    ui_reload_draw(a, &y);
    draw_countdown(a, &y);
    int top = y + m;
    CallLayout l = layout_call(a, top);
    if (l.lw)
        draw_face_column(a, y, top, l.lw);
    else if (!l.no_mood)
        top += mood_line(a, l.x, top, l.w, true);
    /* The conversation, then the answers right under it. */
    int conv = conversation(a, l.st.line, l.x, 0, l.w - px(a, 10), false) - px(a, 10);
    int conv_h = H - m - top - m - l.panel_h;
    if (conv < conv_h)
        conv_h = conv;
    UiScroll *ts = &a->ui.scroll[AREA_TRANSCRIPT];
    if (ts->stick_bottom && a->feedback_step < 0) { /* a current line taller than the view: its start */
        const ScNode *node = scenario_node(sc, play_node(p));
        int cur = bubble(a, speaker_label(a, node->speaker), scr_text(a, &node->text), false, l.st.line, 0, 0,
                         l.w - px(a, 10), false);
        if (cur - px(a, 10) > conv_h) {
            ts->stick_bottom = false;
            ts->offset = conv + px(a, 10) - cur; /* the current bubble's top */
        }
    }
    int cy = uw_scroll_begin(&a->ui, AREA_TRANSCRIPT, (UiRect){l.x, top, l.w, conv_h});
    cy += conversation(a, l.st.line, l.x, cy, l.w - px(a, 10), true) - px(a, 10);
    uw_scroll_end(&a->ui, AREA_TRANSCRIPT, cy);
    int py = uw_scroll_begin(&a->ui, AREA_CHOICES, (UiRect){l.x, top + conv_h + m, l.w, l.panel_h});
    py += call_panel(a, &l.st, l.x, py, l.w - px(a, 8), true);
    uw_scroll_end(&a->ui, AREA_CHOICES, py);
}

static void draw_paused(UiApp *a)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    const Scenario *sc = play_scenario(a->play);
    int y = scr_header(a, scr_text(a, scenario_title(sc)), scr_mode_label(a, a->mode));
    int cw = W - 2 * m > px(a, 640) ? px(a, 640) : W - 2 * m;
    int x = (W - cw) / 2;
    int cy = uw_scroll_begin(&a->ui, AREA_PAGE, (UiRect){0, y, W, H - y}) + px(a, 40);
    bool ask = a->confirm_leave;
    const char *title = ask ? s->leave_title : s->paused;
    const char *info = !ask ? s->paused_hint : a->quit_after_leave ? s->leave_quit_info : s->leave_info;
    cy += uw_text(&a->ui, fs(a, FS_TITLE), title, cw, x, cy, t->text).h + px(a, 10);
    cy += uw_text(&a->ui, fs(a, FS_BODY), info, cw, x, cy, t->muted).h + px(a, 20);
    int ids[2] = {ask ? ACT_LEAVE_CANCEL : ACT_RESUME, ask ? ACT_LEAVE_CONFIRM : ACT_LEAVE};
    const char *labels[2] = {ask ? s->leave_stay : s->resume,
                             !ask ? s->leave_call : a->quit_after_leave ? s->leave_close : s->leave_call};
    for (int i = 0; i < 2; i++) {
        int bh = uw_button_h_for(&a->ui, labels[i], cw);
        uw_button(&a->ui, ids[i], (UiRect){x, cy, cw, bh}, labels[i], i == 0 ? UW_PRIMARY : UW_NORMAL);
        cy += bh + m;
    }
    uw_scroll_end(&a->ui, AREA_PAGE, cy);
}

/* ---- keys and actions --------------------------------------------------------------------------- */

static void choose(UiApp *a, int c)
{
    if (a->play && !a->pause_open && a->feedback_step < 0 && play_status(a->play) == PLAY_CHOOSING &&
        play_is_offered(a->play, c)) {
        play_choose(a->play, c, ui_app_now(a));
        app_after_step(a, true);
    }
}

static void pause_call(UiApp *a)
{
    play_pause(a->play, ui_app_now(a));
    app_sync_attempt(a);
    a->pause_open = true;
    a->ui.focus = ACT_RESUME;
    a->ui.scroll[AREA_PAGE] = (UiScroll){0};
}

static void resume_call(UiApp *a)
{
    if (!a->pause_open)
        return;
    a->pause_open = false;
    if (a->feedback_step < 0)
        play_resume(a->play, ui_app_now(a));
    app_sync_attempt(a);
    a->ui.focus = 0;
}

static bool call_activate(UiApp *a, int id)
{
    if (call_voice_activate(a, id, ui_app_now(a)))
        return true;
    if (id >= ACT_CHOICE) {
        choose(a, id - ACT_CHOICE);
        return true;
    }
    switch (id) {
    case ACT_CONTINUE:
        if (a->play && !a->pause_open && a->feedback_step < 0 && play_status(a->play) == PLAY_WAITING) {
            play_continue(a->play, ui_app_now(a));
            app_after_step(a, false);
        }
        return true;
    case ACT_FEEDBACK_OK:
        if (a->play && a->feedback_step >= 0) {
            a->feedback_step = -1;
            if (!a->pause_open)
                play_resume(a->play, ui_app_now(a));
            app_sync_attempt(a);
            app_enter_node(a);
        }
        return true;
    case ACT_TO_DEBRIEF:
        if (a->play && a->feedback_step < 0 &&
            (play_status(a->play) == PLAY_ENDED || play_status(a->play) == PLAY_DEAD_END))
            app_enter_debrief(a);
        return true;
    case ACT_RESUME: resume_call(a); return true;
    case ACT_LEAVE: app_ask_leave(a, false); return true;
    case ACT_LEAVE_CONFIRM: app_leave_confirmed(a); return true;
    case ACT_LEAVE_CANCEL:
        a->confirm_leave = a->quit_after_leave = false;
        a->ui.focus = ACT_RESUME;
        return true;
    default: return false;
    }
}

static bool call_key(UiApp *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    if (call_voice_key(a, k, ui_app_now(a))) /* Space ends a spoken answer */
        return true;
    if (sym == SDLK_ESCAPE) {
        if (k->repeat)
            return true;
        if (a->confirm_leave)
            call_activate(a, ACT_LEAVE_CANCEL);
        else if (a->pause_open)
            resume_call(a);
        else if (app_call_live(a))
            pause_call(a);
        return true;
    }
    /* 1-9: the n-th answer on offer. */
    int digit = -1;
    if (sym >= SDLK_1 && sym <= SDLK_9)
        digit = (int)(sym - SDLK_1);
    else if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9)
        digit = (int)(sym - SDLK_KP_1);
    if (digit < 0 || k->repeat || (k->keysym.mod & KMOD_CTRL))
        return digit >= 0;
    if (a->play && !a->pause_open && a->feedback_step < 0) {
        int offered[SC_MAX_CHOICES];
        int n = play_shown(a->play, offered); /* the digit is the position shown */
        if (digit < n)
            choose(a, offered[digit]);
    }
    return true;
}

static int call_primary(const UiApp *a)
{
    if (a->confirm_leave)
        return ACT_LEAVE_CANCEL;
    if (a->pause_open)
        return ACT_RESUME;
    if (a->feedback_step >= 0)
        return ACT_FEEDBACK_OK;
    if (call_voice_holds_answers(a))
        return ACT_SAY_DONE;
    switch (play_status(a->play)) {
    case PLAY_WAITING: return ACT_CONTINUE;
    case PLAY_ENDED:
    case PLAY_DEAD_END: return ACT_TO_DEBRIEF;
    default: return ACT_NONE;
    }
}

static int call_area(const UiApp *a) { return a->pause_open ? AREA_PAGE : AREA_TRANSCRIPT; }

static void call_draw(UiApp *a)
{
    if (a->pause_open)
        draw_paused(a);
    else
        draw_call(a);
}

const UiScreenDef scr_call = {.draw = call_draw, .key = call_key, .activate = call_activate,
                              .primary = call_primary, .main_area = call_area};
