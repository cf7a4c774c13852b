/* scr_picker: the scenario picker (cards by tier, statuses, an interrupted attempt to resume). */
#include <math.h>
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

/* Draws (or only measures, when draw is false) one scenario card; returns its height. */
static int card(UiApp *a, int i, int x, int y, int w, bool draw)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    const UiEntry *e = &a->entries[i];
    int pad = px(a, 12), stats_w = w > px(a, 600) ? px(a, 190) : px(a, 130);
    int tw = w - stats_w - 3 * pad;
    int ts = fs(a, FS_LARGE), ss = fs(a, FS_SMALL), bs = fs(a, FS_BODY);
    char buf[1024];
    int h = pad;
    if (!e->sc) {
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
    int loc = scenario_locale_index(e->sc, a->set.locale);
    const char *title = scenario_text(scenario_title(e->sc), loc);
    const char *summary = scenario_text(scenario_summary(e->sc), loc);
    int n = 0;
    buf[0] = 0;
    for (int k = 0; k < scenario_tag_count(e->sc) && n >= 0 && (size_t)n < sizeof buf; k++)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "%s#%s", k ? "  " : "",
                      ui_strings_word(s, UI_WORD_TAG, scenario_tag(e->sc, k)));
    int h1 = text_h(a, ts, title, tw), h2 = summary[0] ? text_h(a, ss, summary, tw) + px(a, 4) : 0;
    int h3 = buf[0] ? text_h(a, ss, buf, tw) + px(a, 4) : 0;
    char st[256];
    if (e->best >= 0 || e->latest >= 0) {
        char b1[64], b2[64];
        snprintf(b1, sizeof b1, s->best, e->best);
        snprintf(b2, sizeof b2, s->latest, e->latest);
        snprintf(st, sizeof st, "%s\n%s%s%s", b1, b2, e->passed_assessment ? "\n" : "",
                 e->passed_assessment ? s->passed_assessment : "");
    } else {
        snprintf(st, sizeof st, "%s", s->no_attempts);
    }
    int h4 = text_h(a, ss, st, stats_w);
    /* Under the figures: the status (dot and words) and the History button (ui_history.c). */
    UiHistoryTheme th = scr_history_theme(a);
    const char *hist = ui_history_label(a);
    int hb = text_h(a, bs, hist, stats_w - px(a, 16)) + px(a, 12);
    int h5 = ui_history_status_line(a, &th, i, 0, 0, stats_w, false);
    h4 += px(a, 6) + h5 + px(a, 8) + hb;
    int body = h1 + h2 + h3;
    h += (body > h4 ? body : h4) + pad;
    if (draw) {
        UiRect r = {x, y, w, h};
        int id = ACT_PICK + i;
        ui_gfx_round(a->g, r, px(a, 6), a->ui.hover == id ? t->button_hover : t->panel);
        ui_gfx_frame(a->g, r, px(a, 1), t->border);
        int ty = y + pad;
        ty += uw_text(&a->ui, ts, title, tw, x + pad, ty, t->text).h;
        if (summary[0])
            ty += uw_text(&a->ui, ss, summary, tw, x + pad, ty + px(a, 4), t->muted).h + px(a, 4);
        if (buf[0])
            uw_text(&a->ui, ss, buf, tw, x + pad, ty + px(a, 4), t->accent);
        uw_text(&a->ui, ss, st, stats_w, x + w - pad - stats_w, y + pad, e->passed_assessment ? t->good : t->muted);
        if (a->ui.focus == id)
            uw_focus_ring(&a->ui, r);
        uw_hit(&a->ui, id, r, title);
        int sx = x + w - pad - stats_w, sy = y + pad + text_h(a, ss, st, stats_w) + px(a, 6);
        sy += ui_history_status_line(a, &th, i, sx, sy, stats_w, true) + px(a, 8);
        uw_button(&a->ui, UI_HISTORY_ACT_OPEN + i, (UiRect){sx, sy, stats_w, hb}, hist, UW_NORMAL);
    }
    return h;
}

/* A box above the cards offering to go on with an attempt: a title, a line, two buttons (the
 * first left out when its id is 0). Returns its height. */
typedef struct { int go_id; const char *go; int drop_id; const char *drop; } OfferButtons;

static int offer_box(UiApp *a, int m, int cy, int cw, const char *title, const char *info, OfferButtons b)
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

static void draw_picker(UiApp *a)
{
    const UiTheme *t = scr_theme(a);
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
    int cy = uw_scroll_begin(&a->ui, AREA_PICKER, (UiRect){0, y, W, bottom - y}) + m;
    if (app_parked_offered(a)) {
        char info[1024];
        const Scenario *psc = play_scenario(a->parked.play);
        snprintf(info, sizeof info, s->parked_info, scenario_text(scenario_title(psc), a->parked.loc),
                 scr_mode_label(a, a->parked.mode), play_decision_count(a->parked.play));
        cy += offer_box(a, m, cy, cw, s->parked_title, info, (OfferButtons){ACT_PARK_RESUME, s->parked_resume,
                                                                              ACT_PARK_DISCARD, s->parked_discard}) + m;
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
                                       s->interrupted_close}) + m;
    }
    if (a->nentries == 0) {
        char buf[1200];
        snprintf(buf, sizeof buf, s->no_scenarios, a->source ? a->source : "");
        cy += uw_text(&a->ui, fs(a, FS_BODY), buf, cw, m, cy, t->text).h;
    }
    for (int group = 0; group <= 3; group++) {
        bool any = false;
        for (int i = 0; i < a->nentries; i++) {
            if (entry_group(&a->entries[i]) != group || ui_form_shadowed(a, i)) /* a group shows once */
                continue;
            if (!any) {
                const char *label = group == 3 ? s->not_loaded : scr_tier_label(a, (ScLevel)group);
                cy += uw_text(&a->ui, fs(a, FS_BODY), label, cw, m, cy, group == 3 ? t->bad : t->muted).h + px(a, 6);
                any = true;
            }
            cy += card(a, i, m, cy, cw - px(a, 8), true) + px(a, 10);
        }
        if (any)
            cy += px(a, 10);
    }
    uw_scroll_end(&a->ui, AREA_PICKER, cy);
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
