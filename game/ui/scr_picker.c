/* scr_picker: the scenario picker (cards by tier, statuses, an interrupted attempt to resume). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "ui_forms.h"
#include "scr_common.h"
#include "screens.h"
#include "ui_history.h"
#include "ui_reload.h"

static int entry_group(const UiEntry *e) { return e->sc ? (int)scenario_level(e->sc) : 3; }

/* A card's texts: title, summary, tags (tags, in words of the window's language) and the
 * figures beside them (empty for a scenario never tried: its status line says so). */
typedef struct { const char *title, *summary; char tags[1024], figures[256]; } CardTexts;

static void card_texts(const UiApp *a, const UiEntry *e, CardTexts *c)
{
    const UiStrings *s = a->s;
    int loc = scenario_locale_index(e->sc, a->set.locale);
    c->title = scenario_text(scenario_title(e->sc), loc);
    c->summary = scenario_text(scenario_summary(e->sc), loc);
    int n = 0;
    c->tags[0] = 0;
    for (int k = 0; k < scenario_tag_count(e->sc) && n >= 0 && (size_t)n < sizeof c->tags; k++)
        n += snprintf(c->tags + n, sizeof c->tags - (size_t)n, "%s#%s", k ? "  " : "",
                      ui_strings_word(s, UI_WORD_TAG, scenario_tag(e->sc, k)));
    c->figures[0] = 0;
    if (e->best >= 0 || e->latest >= 0) {
        char b1[64], b2[64];
        snprintf(b1, sizeof b1, s->best, e->best);
        snprintf(b2, sizeof b2, s->latest, e->latest);
        snprintf(c->figures, sizeof c->figures, "%s\n%s%s%s", b1, b2, e->passed_assessment ? "\n" : "",
                 e->passed_assessment ? s->passed_assessment : "");
    }
}

/* A card's measures: paddings, the width of the figures' column and of the texts, text sizes. */
typedef struct { int pad, stats_w, tw, ts, ss, bs; } CardSizes;

static CardSizes card_sizes(const UiApp *a, int w)
{
    CardSizes z = {px(a, 12), w > px(a, 600) ? px(a, 190) : px(a, 130), 0, fs(a, FS_LARGE), fs(a, FS_SMALL),
                   fs(a, FS_BODY)};
    z.tw = w - z.stats_w - 3 * z.pad;
    return z;
}

/* Draws (or only measures, when draw is false) one scenario card; returns its height. */
static int card(UiApp *a, int i, int x, int y, int w, bool draw)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    const UiEntry *e = &a->entries[i];
    CardSizes z = card_sizes(a, w);
    int pad = z.pad, stats_w = z.stats_w, tw = z.tw, ts = z.ts, ss = z.ss, bs = z.bs;
    int h = pad;
    if (!e->sc) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%s%s%s", s->not_loaded, s->colon, e->name);
        int h1 = text_h(a, bs, buf, w - 2 * pad), h2 = text_h(a, ss, e->error, w - 2 * pad);
        h += h1 + px(a, 4) + h2 + pad;
        if (draw) {
            ui_gfx_fill(a->g, (UiRect){x, y, w, h}, t->panel);
            ui_gfx_fill(a->g, (UiRect){x, y, px(a, 4), h}, t->bad);
            uw_text(&a->ui, bs, buf, w - 2 * pad, x + pad, y + pad, t->bad);
            uw_text(&a->ui, ss, e->error, w - 2 * pad, x + pad, y + pad + h1 + px(a, 4), t->text);
        }
        return h;
    }
    CardTexts c;
    card_texts(a, e, &c);
    int h1 = text_h(a, ts, c.title, tw), h2 = c.summary[0] ? text_h(a, ss, c.summary, tw) + px(a, 4) : 0;
    int h3 = c.tags[0] ? text_h(a, ss, c.tags, tw) + px(a, 4) : 0;
    /* The figures (none when never tried), then the status (dot and words) and the History
     * button (ui_history.c). */
    int hf = c.figures[0] ? text_h(a, ss, c.figures, stats_w) + px(a, 6) : 0;
    UiHistoryTheme th = scr_history_theme(a);
    const char *hist = ui_history_label(a);
    int hb = text_h(a, bs, hist, stats_w - px(a, 16)) + px(a, 12);
    int h5 = ui_history_status_line(a, &th, i, 0, 0, stats_w, false);
    int h4 = hf + h5 + px(a, 8) + hb;
    int body = h1 + h2 + h3;
    h += (body > h4 ? body : h4) + pad;
    if (draw) {
        UiRect r = {x, y, w, h};
        int id = ACT_PICK + i;
        ui_gfx_round(a->g, r, px(a, 6), a->ui.hover == id ? t->button_hover : t->panel);
        ui_gfx_frame(a->g, r, px(a, 1), t->border);
        int ty = y + pad;
        ty += uw_text(&a->ui, ts, c.title, tw, x + pad, ty, t->text).h;
        if (c.summary[0])
            ty += uw_text(&a->ui, ss, c.summary, tw, x + pad, ty + px(a, 4), t->muted).h + px(a, 4);
        if (c.tags[0])
            uw_text(&a->ui, ss, c.tags, tw, x + pad, ty + px(a, 4), t->accent);
        int sx = x + w - pad - stats_w, sy = y + pad;
        if (c.figures[0])
            uw_text(&a->ui, ss, c.figures, stats_w, sx, sy, e->passed_assessment ? t->good : t->muted);
        if (a->ui.focus == id)
            uw_focus_ring(&a->ui, r);
        uw_hit(&a->ui, id, r, c.title);
        sy += hf;
        sy += ui_history_status_line(a, &th, i, sx, sy, stats_w, true) + px(a, 8);
        uw_button(&a->ui, UI_HISTORY_ACT_OPEN + i, (UiRect){sx, sy, stats_w, hb}, hist, UW_NORMAL);
    }
    return h;
}

/* ---- the list: only the cards in view are laid out ----------------------------------------- */

/* The cards' heights and places. A card is measured (its texts broken into lines at the
 * current size, which a new text size makes slow) only when it comes into view, or has the
 * focus; until then its height is estimated from its texts' lengths. So a zoom or a resize
 * lays out only the cards on screen, and a card's real height replaces its estimate when it
 * is first seen, the view staying on the card the trainee was at. */
struct PickerCards {
    int cap;
    int key[5];       /* card width, text sizes, strings: what the measures were taken at */
    int *h;           /* measured height, 0: not yet */
    int *est;         /* estimated height, 0: not yet */
    int *y;           /* top in the list of the last layout (content coordinates), -1: not listed */
    unsigned *sig;    /* what the card showed when measured (scenario, figures, status) */
    int label_y[4];   /* the groups' labels, -1: none */
};

void scr_picker_free(struct PickerCards *c)
{
    if (!c)
        return;
    free(c->h);
    free(c->est);
    free(c->y);
    free(c->sig);
    free(c);
}

static unsigned card_sig(const UiApp *a, int i)
{
    const UiEntry *e = &a->entries[i];
    uintptr_t v[] = {(uintptr_t)e->sc, (uintptr_t)e->error, (uintptr_t)(unsigned)e->best,
                     (uintptr_t)(unsigned)e->latest, e->passed_assessment, (uintptr_t)ui_history_status(a, i)};
    unsigned h = 2166136261u;
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
        h = (h ^ (unsigned)(v[k] ^ (v[k] >> 16 >> 16))) * 16777619u;
    return h;
}

/* The state for this frame, measures dropped where the size or the card changed; NULL when
 * out of memory (every card is then laid out). */
static struct PickerCards *cards_state(UiApp *a, int w)
{
    struct PickerCards *c = a->cards;
    if (!c && !(c = a->cards = calloc(1, sizeof *c)))
        return NULL;
    if (c->cap < a->nentries) {
        size_t n = (size_t)a->nentries;
        int *h = realloc(c->h, n * sizeof *h), *est = h ? realloc(c->est, n * sizeof *est) : NULL;
        c->h = h ? h : c->h;
        c->est = est ? est : c->est;
        int *y = est ? realloc(c->y, n * sizeof *y) : NULL;
        c->y = y ? y : c->y;
        unsigned *sig = y ? realloc(c->sig, n * sizeof *sig) : NULL;
        c->sig = sig ? sig : c->sig;
        if (!sig)
            return NULL;
        for (int i = c->cap; i < a->nentries; i++)
            c->h[i] = c->est[i] = 0, c->y[i] = -1, c->sig[i] = 0;
        c->cap = a->nentries;
    }
    int key[5] = {w, fs(a, FS_LARGE), fs(a, FS_SMALL), fs(a, FS_BODY), (int)(((uintptr_t)a->s >> 4) & 0x7fffffff)};
    bool same = !memcmp(key, c->key, sizeof key);
    memcpy(c->key, key, sizeof key);
    for (int i = 0; i < a->nentries; i++) {
        unsigned sig = card_sig(a, i);
        if (!same || sig != c->sig[i])
            c->h[i] = c->est[i] = 0;
        c->sig[i] = sig;
    }
    return c;
}

/* Lines that s takes at `size` pixels wrapped at wrap, guessed from its characters: a Chinese
 * one is about as wide as the size, a Latin one a little over half of it. */
static int guess_lines(const char *s, int size, int wrap)
{
    int lines = 0;
    long w = 0;
    for (const unsigned char *p = (const unsigned char *)s;; p++) {
        if (!*p || *p == '\n') {
            lines += wrap > 0 && w > wrap ? (int)((w + wrap - 1) / wrap) : 1;
            w = 0;
            if (!*p)
                return lines;
        } else if ((*p & 0xC0) != 0x80) {
            w += *p >= 0xE3 ? size : size * 56 / 100;
        }
    }
}

/* A card's height, guessed (as card() lays it out) without breaking its texts into lines. */
static int card_guess(UiApp *a, int i, int w)
{
    const UiEntry *e = &a->entries[i];
    CardSizes z = card_sizes(a, w);
    int lt = ui_gfx_line_height(a->g, z.ts), ls = ui_gfx_line_height(a->g, z.ss), lb = ui_gfx_line_height(a->g, z.bs);
    if (!e->sc)
        return 2 * z.pad + lb * guess_lines(e->name, z.bs, w - 2 * z.pad) + px(a, 4) +
               ls * guess_lines(e->error ? e->error : "", z.ss, w - 2 * z.pad);
    CardTexts c;
    card_texts(a, e, &c);
    int body = lt * guess_lines(c.title, z.ts, z.tw);
    if (c.summary[0])
        body += ls * guess_lines(c.summary, z.ss, z.tw) + px(a, 4);
    if (c.tags[0])
        body += ls * guess_lines(c.tags, z.ss, z.tw) + px(a, 4);
    int side = (c.figures[0] ? ls * guess_lines(c.figures, z.ss, z.stats_w) + px(a, 6) : 0) + ls + px(a, 8) + lb +
               px(a, 12);
    return 2 * z.pad + (body > side ? body : side);
}

static bool listed(const UiApp *a, int i) { return !ui_form_shadowed(a, i); }

static int card_height(const struct PickerCards *c, int i) { return c->h[i] ? c->h[i] : c->est[i]; }

/* Places the groups' labels and the cards from base down (content coordinates); returns the
 * list's bottom. */
static int place_cards(UiApp *a, struct PickerCards *c, int base, int cw)
{
    int y = base;
    for (int group = 0; group <= 3; group++) {
        c->label_y[group] = -1;
        for (int i = 0; i < a->nentries; i++) {
            if (entry_group(&a->entries[i]) != group || !listed(a, i)) /* a group shows once */
                continue;
            if (c->label_y[group] < 0) {
                c->label_y[group] = y;
                const char *label = group == 3 ? a->s->not_loaded : scr_tier_label(a, (ScLevel)group);
                y += text_h(a, fs(a, FS_BODY), label, cw) + px(a, 6);
            }
            if (!c->est[i] && !c->h[i])
                c->est[i] = card_guess(a, i, cw - px(a, 8));
            c->y[i] = y;
            y += card_height(c, i) + px(a, 10);
        }
        if (c->label_y[group] >= 0)
            y += px(a, 10);
    }
    return y;
}

static bool card_focused(const UiApp *a, int i)
{
    return a->ui.focus == ACT_PICK + i || a->ui.focus == UI_HISTORY_ACT_OPEN + i;
}

static bool card_in_view(const struct PickerCards *c, int i, int offset, int view_h)
{
    return c->y[i] >= 0 && c->y[i] < offset + view_h && c->y[i] + card_height(c, i) > offset;
}

/* The card the view stays on while heights change: the focused card when it is in view, else
 * the first card whose top is in view (by the last layout). -1: none (the view is at the top
 * or follows the end). */
static int view_anchor(const UiApp *a, const struct PickerCards *c, const UiScroll *sc)
{
    if (sc->offset <= 0 || sc->stick_bottom)
        return -1;
    int best = -1;
    for (int i = 0; i < a->nentries && i < c->cap; i++) {
        if (c->y[i] < 0 || !listed(a, i))
            continue;
        if (card_focused(a, i) && card_in_view(c, i, sc->offset, sc->view.h))
            return i;
        if (c->y[i] >= sc->offset && (best < 0 || c->y[i] < c->y[best]))
            best = i;
    }
    return best;
}

/* Lays the list out from base (content coordinates): measures the cards that the view shows
 * (and the focused one) until none is left to measure, keeping the view on its anchor card;
 * sets the scroll offset. Returns the list's bottom. */
static int layout_cards(UiApp *a, struct PickerCards *c, int base, int cw)
{
    UiScroll *sc = &a->ui.scroll[AREA_PICKER];
    int anchor = view_anchor(a, c, sc), delta = anchor >= 0 ? c->y[anchor] - sc->offset : 0;
    for (int i = 0; i < c->cap; i++)
        c->y[i] = -1;
    int end = base;
    for (int round = 0; round <= a->nentries + 1; round++) {
        end = place_cards(a, c, base, cw);
        int max = end - sc->view.h, off = sc->offset;
        if (sc->stick_bottom)
            off = max;
        else if (anchor >= 0)
            off = c->y[anchor] - delta;
        sc->offset = off > max ? max : off;
        if (sc->offset < 0)
            sc->offset = 0;
        bool more = false;
        for (int i = 0; i < a->nentries; i++)
            if (c->y[i] >= 0 && !c->h[i] && (card_in_view(c, i, sc->offset, sc->view.h) || card_focused(a, i))) {
                c->h[i] = card(a, i, 0, 0, cw - px(a, 8), false);
                more = true;
            }
        if (!more)
            break;
    }
    return end;
}

/* Draws the cards in view (and the focused one); the others only register their buttons, at
 * their estimated places, so that Tab reaches them and brings them into view. */
static void draw_cards(UiApp *a, struct PickerCards *c, int m, int top, int cw)
{
    const UiTheme *t = scr_theme(a);
    UiScroll *sc = &a->ui.scroll[AREA_PICKER];
    for (int group = 0; group <= 3; group++)
        if (c->label_y[group] >= 0) {
            const char *label = group == 3 ? a->s->not_loaded : scr_tier_label(a, (ScLevel)group);
            uw_text(&a->ui, fs(a, FS_BODY), label, cw, m, top + c->label_y[group], group == 3 ? t->bad : t->muted);
        }
    for (int i = 0; i < a->nentries; i++) {
        if (c->y[i] < 0)
            continue;
        int w = cw - px(a, 8);
        if (card_in_view(c, i, sc->offset, sc->view.h) || card_focused(a, i)) {
            card(a, i, m, top + c->y[i], w, true);
        } else if (a->entries[i].sc) {
            UiRect r = {m, top + c->y[i], w, card_height(c, i)};
            CardSizes z = card_sizes(a, w);
            int hb = ui_gfx_line_height(a->g, z.bs) + px(a, 12);
            const Scenario *scn = a->entries[i].sc;
            uw_hit(&a->ui, ACT_PICK + i, r,
                   scenario_text(scenario_title(scn), scenario_locale_index(scn, a->set.locale)));
            uw_hit(&a->ui, UI_HISTORY_ACT_OPEN + i, (UiRect){r.x + w - z.pad - z.stats_w, r.y + r.h - z.pad - hb,
                                                             z.stats_w, hb}, ui_history_label(a));
        }
    }
}

/* A box above the cards offering to go on with an attempt: a title, a line, two buttons (the
 * first left out when its id is 0). Returns its height. */
typedef struct { int go_id; const char *go; int drop_id; const char *drop; } OfferButtons;

static int offer_box(UiApp *a, int m, int cy, int cw, const char *title, const char *info, OfferButtons b, bool draw)
{
    const UiTheme *t = scr_theme(a);
    int pad = px(a, 12), w = cw - px(a, 8);
    int h1 = text_h(a, fs(a, FS_LARGE), title, w - 2 * pad);
    int h2 = text_h(a, fs(a, FS_BODY), info, w - 2 * pad);
    int bw = (w - 3 * pad) / 2;
    int bh = uw_button_h_for(&a->ui, b.drop, bw), bh1 = uw_button_h_for(&a->ui, b.go, bw);
    if (bh1 > bh)
        bh = bh1;
    UiRect box = {m, cy, w, pad + h1 + px(a, 4) + h2 + pad + bh + pad};
    if (!draw)
        return box.h;
    ui_gfx_round(a->g, box, px(a, 6), t->panel);
    ui_gfx_frame(a->g, box, px(a, 2), t->warn);
    int y2 = cy + pad;
    y2 += uw_text(&a->ui, fs(a, FS_LARGE), title, w - 2 * pad, m + pad, y2, t->text).h + px(a, 4);
    y2 += uw_text(&a->ui, fs(a, FS_BODY), info, w - 2 * pad, m + pad, y2, t->muted).h + pad;
    if (b.go_id)
        uw_button(&a->ui, b.go_id, (UiRect){m + pad, y2, bw, bh}, b.go, UW_PRIMARY);
    uw_button(&a->ui, b.drop_id, (UiRect){m + 2 * pad + bw, y2, bw, bh}, b.drop, UW_NORMAL);
    return box.h;
}

/* What comes above the cards, from cy: the offers to go on with a left or an interrupted
 * attempt, or the words for an empty folder. Returns its height; draws when draw is true. */
static int above_cards(UiApp *a, int m, int cy, int cw, bool draw)
{
    const UiStrings *s = a->s;
    int y0 = cy;
    if (app_parked_offered(a)) {
        char info[1024];
        const Scenario *psc = play_scenario(a->parked.play);
        snprintf(info, sizeof info, s->parked_info, scenario_text(scenario_title(psc), a->parked.loc),
                 scr_mode_label(a, a->parked.mode), play_decision_count(a->parked.play));
        cy += offer_box(a, m, cy, cw, s->parked_title, info,
                        (OfferButtons){ACT_PARK_RESUME, s->parked_resume, ACT_PARK_DISCARD, s->parked_discard}, draw) + m;
    }
    int entry = -1, off = app_interrupted_offer(a, &entry);
    if (off >= 0) {
        const RecordsAttempt *r = &a->interrupted[off];
        char info[1024];
        const char *title = entry >= 0 ? scenario_text(scenario_title(a->entries[entry].sc),
                                                       scenario_locale_index(a->entries[entry].sc, a->set.locale))
                                       : r->scenario_title;
        int nd = 0;
        for (int k = 0; k < r->ndecisions; k++)
            nd += !r->decisions[k].rewound;
        snprintf(info, sizeof info, s->interrupted_info, title,
                 scr_mode_label(a, app_mode_from_name(r->mode, UI_MODE_PRACTICE)), nd);
        cy += offer_box(a, m, cy, cw, s->interrupted_title, info,
                        (OfferButtons){entry >= 0 ? ACT_INT_RESUME : 0, s->interrupted_resume, ACT_INT_CLOSE,
                                       s->interrupted_close}, draw) + m;
    }
    if (a->nentries == 0) {
        char buf[1200];
        snprintf(buf, sizeof buf, s->no_scenarios, a->source ? a->source : "");
        cy += draw ? uw_text(&a->ui, fs(a, FS_BODY), buf, cw, m, cy, scr_theme(a)->text).h
                   : text_h(a, fs(a, FS_BODY), buf, cw);
    }
    return cy - y0;
}

/* Out of memory for the list's state: every card laid out and drawn, as they come. */
static int all_cards(UiApp *a, int m, int cy, int cw)
{
    const UiTheme *t = scr_theme(a);
    for (int group = 0; group <= 3; group++) {
        bool any = false;
        for (int i = 0; i < a->nentries; i++) {
            if (entry_group(&a->entries[i]) != group || !listed(a, i))
                continue;
            if (!any) {
                const char *label = group == 3 ? a->s->not_loaded : scr_tier_label(a, (ScLevel)group);
                cy += uw_text(&a->ui, fs(a, FS_BODY), label, cw, m, cy, group == 3 ? t->bad : t->muted).h + px(a, 6);
                any = true;
            }
            cy += card(a, i, m, cy, cw - px(a, 8), true) + px(a, 10);
        }
        if (any)
            cy += px(a, 10);
    }
    return cy;
}

static void draw_picker(UiApp *a)
{
    const UiStrings *s = a->s;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    char who[512], mode[64] = "";
    if (a->default_mode == UI_MODE_SANDBOX) /* else the mode is chosen per call, on the briefing */
        snprintf(mode, sizeof mode, "%s%s", s->sep, scr_mode_label(a, UI_MODE_SANDBOX));
    if (a->set.trainee_name[0])
        snprintf(who, sizeof who, s->signed_in_as, a->set.trainee_name, a->set.trainee_id, mode);
    else
        snprintf(who, sizeof who, "%s%s", a->set.trainee_id, mode);
    int y = scr_header(a, s->picker_title, who);
    scr_banner(a, &y);
    ui_reload_draw(a, &y);
    BarButton bar[] = {{ACT_SIGNOUT, s->sign_out, UW_NORMAL}, {ACT_HELP, s->help_btn, UW_NORMAL},
                       {ACT_SETTINGS, s->settings, UW_NORMAL}};
    int bottom = H - scr_bottom_bar_height(a, bar, 3);
    int cw = W - 2 * m;
    UiRect view = {0, y, W, bottom - y};
    int top = uw_scroll_begin(&a->ui, AREA_PICKER, view);
    struct PickerCards *c = cards_state(a, cw - px(a, 8));
    if (!c) {
        int cy = top + m;
        cy += above_cards(a, m, cy, cw, true);
        uw_scroll_end(&a->ui, AREA_PICKER, all_cards(a, m, cy, cw));
    } else {
        /* The list is laid out first (it sets the scroll offset), then drawn where it landed. */
        int end = layout_cards(a, c, m + above_cards(a, m, 0, cw, false), cw);
        top = view.y - a->ui.scroll[AREA_PICKER].offset;
        above_cards(a, m, top + m, cw, true);
        draw_cards(a, c, m, top, cw);
        uw_scroll_end(&a->ui, AREA_PICKER, top + end);
    }
    scr_bottom_bar(a, bar, 3);
}

/* ---- keys and actions --------------------------------------------------------------------------- */

static bool picker_activate(UiApp *a, int id)
{
    if (id >= ACT_CHOICE)
        return false;
    if (id >= UI_HISTORY_ACT_OPEN) { /* a card's History button */
        app_enter_history(a, id - UI_HISTORY_ACT_OPEN);
        return true;
    }
    if (id >= ACT_PICK) {
        app_enter_briefing(a, id - ACT_PICK);
        return true;
    }
    switch (id) {
    case ACT_INT_RESUME: app_resume_interrupted(a); return true;
    case ACT_INT_CLOSE: app_close_interrupted(a); return true;
    case ACT_PARK_RESUME: app_resume_parked(a); return true;
    case ACT_PARK_DISCARD: app_discard_parked(a); return true;
    case ACT_SIGNOUT: /* a shared training PC: the next person starts from empty fields */
        a->set.trainee_id[0] = a->set.trainee_name[0] = 0;
        app_save_settings(a);
        app_go(a, UI_SCREEN_SIGNIN, ACT_FIELD_ID);
        return true;
    default: return false;
    }
}

static bool picker_key(UiApp *a, const SDL_KeyboardEvent *k)
{
    if (k->keysym.sym == SDLK_F5 && !k->repeat) { /* look again at files that failed to load */
        app_retry_failed(a);
        app_dirty(a);
        return true;
    }
    /* H: the history of the highlighted scenario. */
    if (k->keysym.sym == SDLK_h && !k->repeat && !(k->keysym.mod & KMOD_CTRL)) {
        app_enter_history(a, ui_history_pick_entry(a));
        return true;
    }
    return false;
}

static int picker_primary(const UiApp *a) { return ACT_NONE; }
static int picker_area(const UiApp *a) { return AREA_PICKER; }

const UiScreenDef scr_picker = {.draw = draw_picker, .key = picker_key, .activate = picker_activate,
                                .primary = picker_primary, .main_area = picker_area};
