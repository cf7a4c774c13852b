/* The voice recorder's frame (voice_win.h): a header, the list of lines with their takes on
 * the left, the current line's text large on the right with its take, the level meter, the
 * buttons and the status line; the keys at the bottom. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "voice_win.h"

enum { VFS_LINE = 26 }; /* the line's text, design size */

static const char *line_status(const VoiceRec *r, int i, char *buf, size_t n)
{
    const VoiceLine *l = &r->lines[i];
    switch (l->state) {
    case VOICE_TAKE_SAVED: snprintf(buf, n, r->w->take, l->seconds); return buf;
    case VOICE_TAKE_SKIPPED: return r->w->skipped;
    case VOICE_TAKE_UNREADABLE: return r->w->unreadable;
    default: return r->w->no_take;
    }
}

static int draw_list(VoiceRec *r, int x, int y, int w)
{
    UiWidgets *u = &r->win->ui;
    const UiTheme *t = &mentor_theme;
    int gap = uw_px(u, 6);
    y += uw_text(u, uw_fs(u, MFS_LARGE), r->w->lines, w, x, y, t->text).h + gap;
    for (int i = 0; i < r->nlines; i++) {
        char status[64], label[400];
        snprintf(label, sizeof label, "%d. %s · %s", i + 1, scenario_node(r->sc, r->lines[i].node)->id,
                 line_status(r, i, status, sizeof status));
        int bh = uw_button_h_for(u, label, w);
        uw_button(u, VR_LINE + i, (UiRect){x, y, w, bh}, label, i == r->cur ? UW_SELECTED : UW_NORMAL);
        y += bh + gap;
    }
    return y;
}

/* The level meter: the last 50 ms's peak on a -60..0 dBFS scale (between takes too, the
 * microphone being monitored); red once the take clipped. */
static int draw_meter(VoiceRec *r, int x, int y, int w)
{
    UiWidgets *u = &r->win->ui;
    const UiTheme *t = &mentor_theme;
    int bs = uw_fs(u, MFS_BODY), lw = uw_text_w(u, bs, r->w->level) + uw_px(u, 10), h = uw_px(u, 18);
    int lh = ui_gfx_line_height(r->win->g, bs);
    uw_text(u, bs, r->w->level, 0, x, y + (h - lh) / 2, t->muted);
    UiRect bar = {x + lw, y, w - lw, h};
    ui_gfx_fill(r->win->g, bar, t->panel2);
    ui_gfx_frame(r->win->g, bar, uw_px(u, 1), t->border);
    float level = audio_capture_level(r->mic); /* 0 when neither recording nor monitoring */
    bool clipped = r->recording ? audio_capture_clipped(r->mic) != 0 : r->lines[r->cur].clipped;
    double db = level > 1e-6f ? 20 * log10(level) : -120;
    r->meter_db = (int)floor(db);
    double frac = (db + 60) / 60;
    frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
    UiColor c = clipped || db > -1 ? t->bad : db > -12 ? t->warn : t->good;
    int fw = (int)(frac * (bar.w - 2 * uw_px(u, 2)));
    if (fw > 0)
        ui_gfx_fill(r->win->g, (UiRect){bar.x + uw_px(u, 2), bar.y + uw_px(u, 2), fw, bar.h - 2 * uw_px(u, 2)}, c);
    y += h + uw_px(u, 6);
    if (clipped)
        y += uw_text(u, bs, r->w->clipped, w, x, y, t->bad).h + uw_px(u, 6);
    return y;
}

static int draw_buttons(VoiceRec *r, int x, int y, int w)
{
    UiWidgets *u = &r->win->ui;
    const VoiceLine *l = &r->lines[r->cur];
    int bh = uw_button_h(u), gap = uw_px(u, 8), bx = x;
    const char *rec = r->recording ? r->w->stop : r->w->record;
    struct {
        int id;
        const char *label;
        UwStyle style;
    } b[] = {
        {VR_RECORD, rec, UW_PRIMARY},
        {VR_PLAY, r->w->play, l->state == VOICE_TAKE_SAVED && !r->recording && r->audio ? UW_NORMAL : UW_DISABLED},
        {VR_SKIP, r->w->skip, r->recording ? UW_DISABLED : UW_NORMAL},
        {VR_PREV, r->w->prev, r->cur > 0 && !r->recording ? UW_NORMAL : UW_DISABLED},
        {VR_NEXT, r->w->next, r->cur + 1 < r->nlines && !r->recording ? UW_NORMAL : UW_DISABLED},
    };
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
        int bw = uw_button_w(u, b[i].label);
        if (bx > x && bx + bw > x + w) { /* wrap onto a new row */
            bx = x;
            y += bh + gap;
        }
        uw_button(u, b[i].id, (UiRect){bx, y, bw, bh}, b[i].label, b[i].style);
        bx += bw + gap;
    }
    return y + bh + gap;
}

static bool goes_to(const ScGoto *g, int node)
{
    if (g->node == node)
        return true;
    for (int b = 0; b < g->nbranches; b++)
        if (g->branches[b].node == node)
            return true;
    return false;
}

/* What is said just before the line, for the reader's tone: the rep's answers and the lines
 * that lead to it (two at most, then how many more). */
static int draw_before(VoiceRec *r, int x, int y, int w)
{
    UiWidgets *u = &r->win->ui;
    int node = r->lines[r->cur].node, shown = 0, more = 0, size = uw_fs(u, MFS_SMALL);
    for (int i = 0; i < scenario_node_count(r->sc); i++) {
        const ScNode *nd = scenario_node(r->sc, i);
        for (int c = 0; c <= nd->nchoices; c++) {
            const ScText *said = NULL;
            if (c < nd->nchoices && nd->kind == SC_NODE_CHOICES && goes_to(&nd->choices[c].next, node))
                said = &nd->choices[c].text;
            else if (c == nd->nchoices && nd->kind == SC_NODE_NEXT && goes_to(&nd->next, node))
                said = &nd->text;
            if (!said)
                continue;
            if (shown == 2) {
                more++;
                continue;
            }
            char quote[1200], line[1400];
            bool zh = !strcmp(r->s->lang, "zh");
            snprintf(quote, sizeof quote, "%s%s%s", zh ? "“" : "\"", scenario_text(said, r->loc), zh ? "”" : "\"");
            snprintf(line, sizeof line, r->w->after, quote);
            y += uw_text(u, size, line, w, x, y, mentor_theme.muted).h + uw_px(u, 2);
            shown++;
        }
    }
    if (more) {
        char line[200];
        snprintf(line, sizeof line, r->w->after_more, more);
        y += uw_text(u, size, line, w, x, y, mentor_theme.muted).h + uw_px(u, 2);
    }
    return shown ? y + uw_px(u, 6) : y;
}

static int draw_line(VoiceRec *r, int x, int y, int w)
{
    UiWidgets *u = &r->win->ui;
    const UiTheme *t = &mentor_theme;
    const ScNode *nd = scenario_node(r->sc, r->lines[r->cur].node);
    int bs = uw_fs(u, MFS_BODY), m = uw_px(u, 10);
    char meta[600], node[200], of[100];
    snprintf(of, sizeof of, r->w->line_of, r->cur + 1, r->nlines);
    snprintf(node, sizeof node, r->w->node, nd->id);
    snprintf(meta, sizeof meta, "%s · %s%s%s", of, node, nd->mood ? " · " : "",
             nd->mood ? ui_strings_mood(r->s, nd->mood) : "");
    y += uw_text(u, bs, meta, w, x, y, t->muted).h + m;
    y = draw_before(r, x, y, w);
    y += uw_text(u, bs, r->w->counterpart, w, x, y, t->accent).h + uw_px(u, 4);
    const char *text = scenario_text(&nd->text, r->loc);
    int ls = uw_fs(u, VFS_LINE), th = uw_text_h(u, ls, text, w - 2 * m);
    ui_gfx_round(r->win->g, (UiRect){x, y, w, th + 2 * m}, uw_px(u, 6), t->panel);
    uw_text(u, ls, text, w - 2 * m, x + m, y + m, t->text);
    y += th + 3 * m;
    char status[64], take[200];
    const char *st = line_status(r, r->cur, status, sizeof status);
    if (r->lines[r->cur].state == VOICE_TAKE_SAVED)
        snprintf(take, sizeof take, "%s%s%s", st, r->s->sep, r->w->retake);
    else
        snprintf(take, sizeof take, "%s", st);
    y += uw_text(u, bs, take, w, x, y, t->muted).h + m;
    y = draw_meter(r, x, y, w);
    y = draw_buttons(r, x, y + uw_px(u, 4), w);
    if (r->message[0])
        y += uw_text(u, bs, r->message, w, x, y, r->message_bad ? t->bad : t->text).h + m;
    return y;
}

void voice_win_draw(VoiceRec *r)
{
    MentorWin *mw = r->win;
    UiWidgets *u = &mw->ui;
    const UiTheme *t = &mentor_theme;
    mentor_win_begin(mw);
    int W = ui_gfx_width(mw->g), H = ui_gfx_height(mw->g), m = uw_px(u, 12);
    int hs = uw_fs(u, MFS_LARGE), hh = ui_gfx_line_height(mw->g, hs) + 2 * m;
    ui_gfx_fill(mw->g, (UiRect){0, 0, W, hh}, t->panel2);
    char title[600], right[200];
    int recorded = 0;
    for (int i = 0; i < r->nlines; i++)
        recorded += r->lines[i].state == VOICE_TAKE_SAVED;
    snprintf(title, sizeof title, "%s · %s", r->w->title, scenario_text(scenario_title(r->sc), r->loc));
    char counts[100];
    snprintf(counts, sizeof counts, r->w->recorded_of, recorded, r->nlines);
    snprintf(right, sizeof right, "%s · %s", scenario_locale(r->sc, r->loc), counts);
    int bs = uw_fs(u, MFS_BODY), rw = uw_text_w(u, bs, right);
    if (rw > W / 2)
        rw = W / 2;
    uw_text(u, hs, title, W - rw - 3 * m, m, m, t->text);
    uw_text(u, bs, right, rw, W - m - rw, m, t->muted);
    int y = hh + m;
    int ks = uw_fs(u, MFS_SMALL), kh = uw_text_h(u, ks, r->w->keys, W - 2 * m);
    int body_h = H - y - kh - 2 * m;
    uw_text(u, ks, r->w->keys, W - 2 * m, m, H - m - kh, t->muted);
    int lw = W * 30 / 100;
    int ly = uw_scroll_begin(u, MAREA_LEFT, (UiRect){m, y, lw - m, body_h});
    ly = draw_list(r, m, ly, lw - m - uw_px(u, 8));
    uw_scroll_end(u, MAREA_LEFT, ly);
    int rx = lw + m;
    int ry = uw_scroll_begin(u, MAREA_RIGHT, (UiRect){rx, y, W - rx - m, body_h});
    ry = draw_line(r, rx, ry, W - rx - m - uw_px(u, 8));
    uw_scroll_end(u, MAREA_RIGHT, ry);
    mentor_win_end(mw);
}
