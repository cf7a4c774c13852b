/* scr_signin: the sign-in screen (trainee id and name, language). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "scr_common.h"
#include "screens.h"
#include "ui_history.h"
#include "ui_reload.h"

/* ---- sign in ------------------------------------------------------------------------------------ */

static void field(UiApp *a, int id, const char *label, const char *value, int x, int *y, int w)
{
    a->ui.field_selected = a->field_selected && a->ui.focus == id;
    int ls = fs(a, FS_SMALL), bs = fs(a, FS_BODY), pad = px(a, 8);
    *y += uw_text(&a->ui, ls, label, w, x, *y, scr_theme(a)->muted).h + px(a, 4);
    const char *comp = a->ui.focus == id ? a->composing : "";
    char shown[400];
    snprintf(shown, sizeof shown, "%s%s", value, comp);
    int h = text_h(a, bs, shown[0] ? shown : " ", w - 2 * pad);
    if (h < ui_gfx_line_height(a->g, bs))
        h = ui_gfx_line_height(a->g, bs);
    UiRect r = {x, *y, w, h + 2 * pad};
    uw_field(&a->ui, id, r, value, comp, "", label);
    *y += r.h + px(a, 14);
}

static void draw_signin(UiApp *a)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    int y = scr_header(a, s->app_title, NULL);
    scr_banner(a, &y);
    BarButton bar[] = {{ACT_HELP, s->help_btn, UW_NORMAL}, {ACT_SETTINGS, s->settings, UW_NORMAL},
                       {ACT_SIGNIN, s->continue_btn, UW_PRIMARY}};
    int bottom = H - scr_bottom_bar_height(a, bar, 3);
    int cw = W - 2 * m > px(a, 640) ? px(a, 640) : W - 2 * m;
    int x = (W - cw) / 2;
    int cy = uw_scroll_begin(&a->ui, AREA_PAGE, (UiRect){0, y, W, bottom - y}) + m;
    cy += uw_text(&a->ui, fs(a, FS_TITLE), s->signin_title, cw, x, cy, t->text).h + px(a, 8);
    cy += uw_text(&a->ui, fs(a, FS_BODY), s->signin_intro, cw, x, cy, t->muted).h + px(a, 16);
    field(a, ACT_FIELD_ID, s->trainee_id, a->set.trainee_id, x, &cy, cw);
    if (a->need_id)
        cy += uw_text(&a->ui, fs(a, FS_SMALL), s->need_id, cw, x, cy - px(a, 8), t->bad).h;
    field(a, ACT_FIELD_NAME, s->trainee_name, a->set.trainee_name, x, &cy, cw);
    static const int lang_ids[] = {ACT_LANG_ZH, ACT_LANG_EN};
    const char *langs[] = {"中文", "English"};
    scr_toggles(a, s->language, lang_ids, langs, 2, strcmp(a->set.locale, "zh") ? 1 : 0, x, &cy, cw);
    cy += m;
    uw_scroll_end(&a->ui, AREA_PAGE, cy);
    scr_bottom_bar(a, bar, 3);
}

/* ---- keys and actions --------------------------------------------------------------------------- */

static bool is_field(int id) { return id == ACT_FIELD_ID || id == ACT_FIELD_NAME; }

static char *field_of(UiApp *a, size_t *cap)
{
    bool id = a->ui.focus == ACT_FIELD_ID;
    *cap = id ? sizeof a->set.trainee_id : sizeof a->set.trainee_name;
    return id ? a->set.trainee_id : a->set.trainee_name;
}

static void sign_in(UiApp *a)
{
    if (!a->set.trainee_id[0]) {
        a->need_id = true;
        a->ui.focus = ACT_FIELD_ID;
        return;
    }
    a->need_id = false;
    app_save_settings(a);
    a->ui.focus = 0;
    app_go_picker(a);
}

static bool signin_activate(UiApp *a, int id)
{
    switch (id) {
    case ACT_FIELD_ID:
    case ACT_FIELD_NAME:
        a->ui.focus = id;
        a->field_selected = false;
        return true;
    case ACT_LANG_ZH: app_set_locale(a, "zh"); return true;
    case ACT_LANG_EN: app_set_locale(a, "en"); return true;
    case ACT_SIGNIN: sign_in(a); return true;
    default: return false;
    }
}

static bool signin_key(UiApp *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    if (!is_field(a->ui.focus))
        return false;
    size_t cap;
    char *f = field_of(a, &cap);
    bool selected = a->field_selected;
    a->field_selected = false;
    if ((k->keysym.mod & KMOD_CTRL) && sym == SDLK_a) { /* select all: typing replaces it */
        a->field_selected = f[0] != 0;
        return true;
    }
    if (sym == SDLK_BACKSPACE) {
        if (selected)
            f[0] = 0;
        else
            ui_text_backspace(f);
        return true;
    }
    if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER) {
        if (!k->repeat)
            sign_in(a);
        return true;
    }
    if (sym == SDLK_ESCAPE) {
        a->ui.focus = 0;
        return true;
    }
    /* Typed text arrives as SDL_TEXTINPUT; only the focus keys go on. */
    return sym != SDLK_TAB && sym != SDLK_UP && sym != SDLK_DOWN;
}

static void signin_text(UiApp *a, const char *utf8, bool editing)
{
    /* A Ctrl shortcut (Ctrl+A) may also produce its character on X11: that is no text. */
    if (!is_field(a->ui.focus) || (!editing && (SDL_GetModState() & KMOD_CTRL)))
        return;
    if (editing) {
        snprintf(a->composing, sizeof a->composing, "%s", utf8);
    } else {
        size_t cap;
        char *f = field_of(a, &cap);
        if (a->field_selected)
            f[0] = 0;
        a->field_selected = false;
        size_t n = strlen(f), add = strlen(utf8);
        if (n + add < cap)
            memcpy(f + n, utf8, add + 1);
        a->need_id = false;
    }
    app_dirty(a);
}

static int signin_primary(const UiApp *a) { return ACT_SIGNIN; }


const UiScreenDef scr_signin = {.draw = draw_signin, .key = signin_key, .activate = signin_activate,
                                .primary = signin_primary, .main_area = scr_page_area, .text = signin_text};
