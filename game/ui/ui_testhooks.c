/* ui_testhooks: how tests and scripts drive the trainer window like a user (SDL events pushed
 * into the queue) and see what a frame showed (ui_app_view). Nothing here runs in normal use
 * except --script, which pushes keys the same way. */
#include <stdio.h>
#include <string.h>

#include <SDL.h>

#include "app_core.h"
#include "ui_app.h"

int ui_push_key(uint32_t window_id, const char *name, bool ctrl, bool shift)
{
    SDL_Keycode k = SDL_GetKeyFromName(name);
    if (k == SDLK_UNKNOWN)
        return -1;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.windowID = window_id;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    e.key.keysym.mod = (ctrl ? KMOD_LCTRL : 0) | (shift ? KMOD_LSHIFT : 0);
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    SDL_PushEvent(&e);
    return 0;
}

void ui_push_text(uint32_t window_id, const char *utf8)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    e.text.windowID = window_id;
    snprintf(e.text.text, sizeof e.text.text, "%s", utf8);
    SDL_PushEvent(&e);
}

/* The pointer moves to (x, y), points: clicks and wheel turns land where it is. */
static void push_motion(uint32_t window_id, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.windowID = window_id;
    e.motion.x = x;
    e.motion.y = y;
    SDL_PushEvent(&e);
}

void ui_push_click(uint32_t window_id, int x, int y)
{
    push_motion(window_id, x, y);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.windowID = window_id;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = SDL_PRESSED;
    e.button.clicks = 1;
    e.button.x = x;
    e.button.y = y;
    SDL_PushEvent(&e);
    e.type = SDL_MOUSEBUTTONUP;
    e.button.state = SDL_RELEASED;
    SDL_PushEvent(&e);
}

int ui_app_push_key(const char *name)
{
    bool ctrl = !strncmp(name, "ctrl+", 5);
    return ui_push_key(0, ctrl ? name + 5 : name, ctrl, false);
}

void ui_app_push_text(const char *utf8) { ui_push_text(0, utf8); }

static void to_points(UiApp *a, int px, int py, int *x, int *y)
{
    double s = ui_gfx_scale(a->g);
    *x = (int)(px / s);
    *y = (int)(py / s);
}

void ui_app_push_click(UiApp *a, int px, int py)
{
    int x, y;
    to_points(a, px, py, &x, &y);
    ui_push_click(0, x, y);
}

void ui_app_push_wheel(UiApp *a, int px, int py, int dy)
{
    int x, y;
    to_points(a, px, py, &x, &y);
    push_motion(0, x, y);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.y = dy;
    e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
    SDL_PushEvent(&e);
}

void ui_app_push_resize(UiApp *a, int w, int h)
{
    (void)a;
    SDL_Window *win = SDL_GetKeyboardFocus();
    if (!win)
        win = SDL_GetWindowFromID(1);
    if (win)
        SDL_SetWindowSize(win, w, h);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_WINDOWEVENT;
    e.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
    e.window.data1 = w;
    e.window.data2 = h;
    SDL_PushEvent(&e);
}

int ui_app_push_script(const char *script)
{
    char buf[256];
    const char *p = script;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n >= sizeof buf)
            return -1;
        memcpy(buf, p, n);
        buf[n] = 0;
        if (n > 0 && ui_app_push_key(buf) != 0)
            return -1;
        p += n;
        if (*p == ',')
            p++;
    }
    return 0;
}

void ui_app_view(const UiApp *a, UiView *v)
{
    memset(v, 0, sizeof *v);
    v->screen = a->screen;
    v->mode = a->mode;
    v->locale = a->set.locale;
    v->trainee_id = a->set.trainee_id;
    v->paused = a->pause_open;
    v->help = a->help;
    v->settings = a->settings_open;
    v->feedback = a->feedback_step >= 0;
    v->play = a->play;
    v->nentries = a->nentries;
    v->nchoices = a->nchoice_btn;
    memcpy(v->choice_rect, a->choice_rect, sizeof v->choice_rect);
    memcpy(v->choice_index, a->choice_index, sizeof v->choice_index);
    v->debrief_percent = a->screen == UI_SCREEN_DEBRIEF ? a->shown_percent : -1;
    v->debrief_percent_rect = a->shown_percent_rect;
    v->debrief_passed = a->result.passed;
    v->debrief_rows = a->screen == UI_SCREEN_DEBRIEF ? a->nrows : 0;
    v->banner = a->banner;
    v->recording = a->db != NULL;
    v->attempt_id = a->attempt_id;
    v->interrupted_offered = app_interrupted_offer(a, NULL) >= 0;
    v->confirm_leave = a->confirm_leave;
    v->quit_after_leave = a->quit_after_leave;
    v->parked_id = a->parked.play ? a->parked.attempt_id : "";
    v->frames = a->frames;
    v->parts = a->parts;
}

UiRect ui_app_button_rect(const UiApp *a, const char *label)
{
    for (int i = 0; i < a->ui.nhits; i++)
        if (!strcmp(a->ui.hits[i].label, label))
            return a->ui.hits[i].r;
    return (UiRect){0, 0, 0, 0};
}

