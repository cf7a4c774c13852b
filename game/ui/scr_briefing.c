/* scr_briefing: the briefing before a call (situation, what is scored, time, pass mark). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "scr_common.h"
#include "screens.h"
#include "ui_history.h"
#include "ui_reload.h"

/* ---- briefing ----------------------------------------------------------------------------------- */

static void draw_briefing(UiApp *a)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    const Scenario *sc = a->entries[a->cur].sc;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    char right[256];
    snprintf(right, sizeof right, "%s · %s", s->briefing, scr_mode_label(a, a->mode));
    int y = scr_header(a, scr_text(a, scenario_title(sc)), right);
    scr_banner(a, &y);
    ui_reload_draw(a, &y);
    BarButton bar[] = {{ACT_BRIEF_BACK, s->back, UW_NORMAL}, {ACT_BRIEF_START, s->start_call, UW_PRIMARY}};
    int bottom = H - scr_bottom_bar_height(a, bar, 2);
    int cw = W - 2 * m > px(a, 900) ? px(a, 900) : W - 2 * m;
    int x = (W - cw) / 2;
    int hs = fs(a, FS_LARGE), bs = fs(a, FS_BODY);
    int cy = uw_scroll_begin(&a->ui, AREA_PAGE, (UiRect){0, y, W, bottom - y}) + m;
    cy += uw_text(&a->ui, fs(a, FS_SMALL), scr_tier_label(a, scenario_level(sc)), cw, x, cy, t->muted).h + px(a, 10);
    const char *summary = scr_text(a, scenario_summary(sc));
    if (summary[0]) {
        cy += uw_text(&a->ui, hs, s->situation, cw, x, cy, t->text).h + px(a, 4);
        cy += uw_text(&a->ui, bs, summary, cw, x, cy, t->text).h + px(a, 16);
    }
    cy += uw_text(&a->ui, hs, s->scored_on, cw, x, cy, t->text).h + px(a, 4);
    for (int i = 0; i < scenario_competency_count(sc); i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "•  %s", scr_text(a, &scenario_competency(sc, i)->name));
        cy += uw_text(&a->ui, bs, buf, cw, x, cy, t->text).h + px(a, 2);
    }
    cy += px(a, 14);
    char buf[512];
    double limit = scenario_time_limit(sc);
    if (limit > 0) {
        char per[128];
        snprintf(per, sizeof per, s->per_decision, limit);
        snprintf(buf, sizeof buf, "%s: %s%s%s", s->time_limit, per,
                 a->popt.timers ? "" : " · ", a->popt.timers ? "" : s->timers_off);
    } else {
        snprintf(buf, sizeof buf, "%s: %s", s->time_limit, s->no_time_limit);
    }
    cy += uw_text(&a->ui, bs, buf, cw, x, cy, t->text).h + px(a, 6);
    snprintf(buf, sizeof buf, "%s: %d%%", s->pass_mark, scenario_pass_percent(sc));
    cy += uw_text(&a->ui, bs, buf, cw, x, cy, t->text).h + px(a, 6);
    cy += uw_text(&a->ui, fs(a, FS_SMALL), a->mode == UI_MODE_ASSESSMENT ? s->mode_assessment_hint : s->mode_practice_hint,
               cw, x, cy, t->muted).h + m;
    uw_scroll_end(&a->ui, AREA_PAGE, cy);
    scr_bottom_bar(a, bar, 2);
}

/* ---- keys and actions --------------------------------------------------------------------------- */

static bool briefing_activate(UiApp *a, int id)
{
    switch (id) {
    case ACT_BRIEF_START: app_start_call(a); return true;
    case ACT_BRIEF_BACK: app_go_picker(a); return true;
    default: return false;
    }
}

/* Esc goes back to the list, from the briefing, the debrief and the history alike. */
bool scr_back_key(UiApp *a, const SDL_KeyboardEvent *k)
{
    if (k->keysym.sym != SDLK_ESCAPE)
        return false;
    if (!k->repeat)
        app_go_picker(a);
    return true;
}

static int briefing_primary(const UiApp *a) { return ACT_BRIEF_START; }
int scr_page_area(const UiApp *a) { return AREA_PAGE; }

const UiScreenDef scr_briefing = {.draw = draw_briefing, .key = scr_back_key, .activate = briefing_activate,
                                  .primary = briefing_primary, .main_area = scr_page_area};
