/* scr_overlay: help (F1) and settings (F2) over any screen. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "scr_common.h"
#include "screens.h"
#include "ui_history.h"
#include "ui_reload.h"

static void overlay(UiApp *a, bool help)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    a->ui.nhits = 0; /* what is underneath cannot be clicked */
    /* During a call the overlay hides it entirely: the timer is paused, so no peeking. */
    ui_gfx_fill(a->g, (UiRect){0, 0, W, H}, a->screen == UI_SCREEN_CALL ? t->bg : (UiColor){0, 0, 0, 150});
    int pw = W - 2 * m > px(a, 680) ? px(a, 680) : W - 2 * m;
    int ph = H - 2 * m;
    UiRect panel = {(W - pw) / 2, m, pw, ph};
    ui_gfx_round(a->g, panel, px(a, 10), t->panel);
    ui_gfx_frame(a->g, panel, px(a, 2), t->border);
    int pad = px(a, 20), x = panel.x + pad, cw = pw - 2 * pad;
    int y = uw_scroll_begin(&a->ui, AREA_OVERLAY, (UiRect){panel.x, panel.y + px(a, 2), pw, ph - px(a, 4)}) + pad;
    y += uw_text(&a->ui, fs(a, FS_TITLE), help ? s->help_title : s->settings_title, cw, x, y, t->text).h + px(a, 12);
    if (help) {
        y += uw_text(&a->ui, fs(a, FS_BODY), s->help_body, cw, x, y, t->text).h + px(a, 16);
    } else {
        char buf[64];
        int ids[2];
        const char *labels[2];
        ids[0] = ACT_SET_TIMERS;
        labels[0] = a->set.practice_timers ? s->on : s->off;
        scr_toggles(a, s->practice_timers, ids, labels, 1, a->set.practice_timers ? 0 : -1, x, &y, cw);
        ids[0] = ACT_SET_CONTRAST;
        labels[0] = a->set.high_contrast ? s->on : s->off;
        scr_toggles(a, s->high_contrast, ids, labels, 1, a->set.high_contrast ? 0 : -1, x, &y, cw);
        ids[0] = ACT_SET_MUTE;
        labels[0] = a->set.muted ? s->off : s->on;
        scr_toggles(a, s->mute, ids, labels, 1, a->set.muted ? -1 : 0, x, &y, cw);
        ids[0] = ACT_SET_SAY;
        labels[0] = a->set.say_aloud ? s->on : s->off;
        scr_toggles(a, s->say_aloud_setting, ids, labels, 1, a->set.say_aloud ? 0 : -1, x, &y, cw);
        snprintf(buf, sizeof buf, "%s%s%d%%", s->volume, s->colon, (int)lround(a->set.volume * 100));
        ids[0] = ACT_VOL_DOWN;
        ids[1] = ACT_VOL_UP;
        labels[0] = "-";
        labels[1] = "+";
        scr_toggles(a, buf, ids, labels, 2, -1, x, &y, cw);
        snprintf(buf, sizeof buf, "%s%s%d%%", s->text_size, s->colon, (int)lround(a->set.text_zoom * 100));
        ids[0] = ACT_ZOOM_DOWN;
        ids[1] = ACT_ZOOM_UP;
        scr_toggles(a, buf, ids, labels, 2, -1, x, &y, cw);
    }
    uw_button(&a->ui, ACT_OVERLAY_CLOSE, (UiRect){x, y, cw, uw_button_h(&a->ui)}, s->close, UW_PRIMARY);
    y += uw_button_h(&a->ui) + pad;
    uw_scroll_end(&a->ui, AREA_OVERLAY, y);
}

/* ---- keys and actions --------------------------------------------------------------------------- */

static void overlay_draw(UiApp *a) { overlay(a, a->help); }

static bool overlay_activate(UiApp *a, int id)
{
    switch (id) {
    case ACT_OVERLAY_CLOSE: app_close_overlay(a); return true;
    case ACT_SET_TIMERS:
        a->set.practice_timers = !a->set.practice_timers;
        if (a->screen == UI_SCREEN_BRIEFING)
            a->popt.timers = !a->opt.author && (a->default_mode == UI_MODE_ASSESSMENT || a->set.practice_timers);
        break;
    case ACT_SET_CONTRAST: a->set.high_contrast = !a->set.high_contrast; break;
    case ACT_SET_SAY: a->set.say_aloud = !a->set.say_aloud; break; /* from the next call on */
    case ACT_SET_MUTE:
        a->set.muted = !a->set.muted;
        app_apply_sound(a);
        break;
    case ACT_VOL_DOWN:
    case ACT_VOL_UP:
        a->set.volume += id == ACT_VOL_UP ? 0.1 : -0.1;
        a->set.volume = a->set.volume < 0 ? 0 : a->set.volume > 1 ? 1 : a->set.volume;
        app_apply_sound(a);
        break;
    case ACT_ZOOM_DOWN: app_set_zoom(a, a->set.text_zoom - 0.1); return true;
    case ACT_ZOOM_UP: app_set_zoom(a, a->set.text_zoom + 0.1); return true;
    default: return false;
    }
    app_save_settings(a);
    return true;
}

static bool overlay_key(UiApp *a, const SDL_KeyboardEvent *k)
{
    if (k->keysym.sym != SDLK_ESCAPE)
        return false;
    if (!k->repeat)
        app_close_overlay(a);
    return true;
}

static int overlay_primary(const UiApp *a) { return ACT_OVERLAY_CLOSE; }
static int overlay_area(const UiApp *a) { return AREA_OVERLAY; }

const UiScreenDef scr_overlay = {.draw = overlay_draw, .key = overlay_key, .activate = overlay_activate,
                                 .primary = overlay_primary, .main_area = overlay_area};
