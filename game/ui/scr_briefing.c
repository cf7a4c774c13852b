/* scr_briefing: the briefing before a call (situation, what is scored, time, pass mark). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "play_author.h"
#include "ui_forms.h"
#include "scr_call_voice.h"
#include "scr_common.h"
#include "screens.h"
#include "ui_history.h"
#include "ui_reload.h"

/* ---- briefing ----------------------------------------------------------------------------------- */

/* The bottom bar: Back, then a start button per mode (the default one first in line for
 * Enter); a sandbox session has one Start. */
static int briefing_bar(const UiApp *a, BarButton *bar)
{
    const UiStrings *s = a->s;
    bar[0] = (BarButton){ACT_BRIEF_BACK, s->back, UW_NORMAL};
    if (a->default_mode == UI_MODE_SANDBOX) {
        bar[1] = (BarButton){ACT_BRIEF_START, s->start_call, UW_PRIMARY};
        return 2;
    }
    bool assess = a->default_mode == UI_MODE_ASSESSMENT;
    bar[1] = (BarButton){ACT_BRIEF_PRACTICE, s->practise_btn, assess ? UW_NORMAL : UW_PRIMARY};
    bar[2] = (BarButton){ACT_BRIEF_ASSESS, s->assess_btn, assess ? UW_PRIMARY : UW_NORMAL};
    return 3;
}

/* The time each answer gets, and the pass mark. */
static int limits(UiApp *a, const Scenario *sc, int x, int y, int cw)
{
    const UiStrings *s = a->s;
    const UiTheme *t = scr_theme(a);
    int bs = fs(a, FS_BODY), y0 = y;
    char buf[512];
    double limit, lo, hi; /* the first decision's real seconds, and the range over the call */
    play_timer_range(sc, scenario_start(sc), &limit, &lo, &hi);
    if (limit > 0) {
        char per[128];
        if (lo == hi)
            snprintf(per, sizeof per, s->per_decision, limit);
        else
            snprintf(per, sizeof per, s->per_decision_varies, limit, lo, hi);
        bool off = !a->set.practice_timers && a->default_mode != UI_MODE_ASSESSMENT;
        snprintf(buf, sizeof buf, "%s%s%s%s%s", s->time_limit, s->colon, per, off ? s->sep : "", off ? s->timers_off : "");
    } else {
        snprintf(buf, sizeof buf, "%s%s%s", s->time_limit, s->colon, s->no_time_limit);
    }
    y += uw_text(&a->ui, bs, buf, cw, x, y, t->text).h + px(a, 6);
    snprintf(buf, sizeof buf, "%s%s%d%%", s->pass_mark, s->colon, scenario_pass_percent(sc));
    y += uw_text(&a->ui, bs, buf, cw, x, y, t->text).h + px(a, 6);
    return y - y0;
}

/* Say-aloud: for each way of playing offered that asks for it, whether the trainee's voice
 * will be recorded (the trainee is told before the call starts). */
static int voice_notice(UiApp *a, int x, int y, int cw)
{
    const UiStrings *s = a->s;
    const UiTheme *t = scr_theme(a);
    int ss = fs(a, FS_SMALL), y0 = y;
    UiMode modes[2] = {UI_MODE_SANDBOX, UI_MODE_SANDBOX};
    const char *names[2] = {"", ""};
    int n = 1;
    if (a->default_mode != UI_MODE_SANDBOX) {
        modes[0] = UI_MODE_PRACTICE, modes[1] = UI_MODE_ASSESSMENT;
        names[0] = s->practise_btn, names[1] = s->assess_btn;
        n = 2;
    }
    for (int i = 0; i < n; i++) {
        if (!call_voice_say_aloud(a, modes[i]))
            continue;
        bool rec = call_voice_records_takes(a, modes[i]);
        char buf[512];
        snprintf(buf, sizeof buf, "%s%s%s", names[i], names[i][0] ? s->colon : "",
                 rec ? s->brief_recorded : s->brief_say_only);
        y += px(a, 4) + uw_text(&a->ui, ss, buf, cw, x, y + px(a, 4), rec ? t->warn : t->muted).h;
    }
    return y - y0;
}

/* What each way of playing means, in one line each. */
static int mode_rules(UiApp *a, int x, int y, int cw)
{
    const UiStrings *s = a->s;
    const UiTheme *t = scr_theme(a);
    int ss = fs(a, FS_SMALL), y0 = y;
    char buf[512];
    if (a->default_mode == UI_MODE_SANDBOX) {
        y += uw_text(&a->ui, ss, s->mode_sandbox_hint, cw, x, y, t->muted).h;
        return y - y0 + voice_notice(a, x, y, cw);
    }
    snprintf(buf, sizeof buf, "%s%s%s", s->practise_btn, s->colon, s->mode_practice_hint);
    y += uw_text(&a->ui, ss, buf, cw, x, y, t->muted).h + px(a, 4);
    snprintf(buf, sizeof buf, "%s%s%s", s->assess_btn, s->colon, s->mode_assessment_hint);
    y += uw_text(&a->ui, ss, buf, cw, x, y, t->muted).h;
    if (ui_form_count(a, a->cur) > 1) /* parallel forms: the assessment may draw another */
        y += px(a, 4) + uw_text(&a->ui, ss, s->may_differ, cw, x, y + px(a, 4), t->muted).h;
    y += voice_notice(a, x, y, cw);
    return y - y0;
}

static void draw_briefing(UiApp *a)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    const Scenario *sc = a->entries[a->cur].sc;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    int y = scr_header(a, scr_text(a, scenario_title(sc)), s->briefing);
    scr_banner(a, &y);
    ui_reload_draw(a, &y);
    BarButton bar[3];
    int nbar = briefing_bar(a, bar);
    int bottom = H - scr_bottom_bar_height(a, bar, nbar);
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
    cy += limits(a, sc, x, cy, cw);
    cy += mode_rules(a, x, cy, cw) + m;
    uw_scroll_end(&a->ui, AREA_PAGE, cy);
    scr_bottom_bar(a, bar, nbar);
}

/* ---- keys and actions --------------------------------------------------------------------------- */

static bool briefing_activate(UiApp *a, int id)
{
    switch (id) {
    case ACT_BRIEF_START: app_start_call(a, a->default_mode); return true;
    case ACT_BRIEF_PRACTICE: app_start_call(a, UI_MODE_PRACTICE); return true;
    case ACT_BRIEF_ASSESS: app_start_call(a, UI_MODE_ASSESSMENT); return true;
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

static int briefing_primary(const UiApp *a) { return ACT_BRIEF_START; } /* the default mode */
int scr_page_area(const UiApp *a) { return AREA_PAGE; }

const UiScreenDef scr_briefing = {.draw = draw_briefing, .key = scr_back_key, .activate = briefing_activate,
                                  .primary = briefing_primary, .main_area = scr_page_area};
