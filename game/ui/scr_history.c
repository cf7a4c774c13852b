/* scr_history: the trainee's history of one scenario (the chart is ui_history.c's). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "scr_common.h"
#include "screens.h"
#include "ui_history.h"
#include "ui_reload.h"

static void draw_history(UiApp *a)
{
    const UiStrings *s = a->s;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    const Scenario *sc = a->entries[a->cur].sc;
    char right[256];
    snprintf(right, sizeof right, "%s · %s", ui_history_label(a), a->set.trainee_id);
    int y = scr_header(a, scenario_text(scenario_title(sc), scenario_locale_index(sc, a->set.locale)), right);
    scr_banner(a, &y);
    BarButton bar[] = {{UI_HISTORY_ACT_BACK, s->back, UW_PRIMARY}};
    int bottom = H - scr_bottom_bar_height(a, bar, 1);
    int cw = W - 2 * m > px(a, 1000) ? px(a, 1000) : W - 2 * m;
    UiHistoryTheme th = scr_history_theme(a);
    int cy = uw_scroll_begin(&a->ui, AREA_PAGE, (UiRect){0, y, W, bottom - y}) + m;
    cy += ui_history_draw(a, &th, (W - cw) / 2, cy, cw, bottom - y - 2 * m) + m;
    uw_scroll_end(&a->ui, AREA_PAGE, cy);
    scr_bottom_bar(a, bar, 1);
}

/* ---- keys and actions --------------------------------------------------------------------------- */

static bool history_activate(UiApp *a, int id)
{
    int i = id >= UI_HISTORY_ACT_ROW ? id - UI_HISTORY_ACT_ROW : id >= UI_HISTORY_ACT_POINT ? id - UI_HISTORY_ACT_POINT : -1;
    if (i >= 0 && id < UI_HISTORY_ACT_ROW + 100000) { /* a point or a row: that attempt's debrief */
        const char *attempt = ui_history_attempt_id(a, i);
        if (attempt)
            app_open_past(a, attempt);
        return attempt != NULL;
    }
    if (id != UI_HISTORY_ACT_BACK)
        return false;
    app_go_picker(a);
    return true;
}

static int history_primary(const UiApp *a) { return ACT_NONE; }

const UiScreenDef scr_history = {.draw = draw_history, .key = scr_back_key, .activate = history_activate,
                                 .primary = history_primary, .main_area = scr_page_area};
