/* mentor_ui: the mentor's windows (see mentor_ui.h). */
#include "mentor_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

const UiTheme mentor_theme = {
    .bg = {240, 242, 238, 255},      .panel = {255, 255, 255, 255},  .panel2 = {226, 231, 224, 255},
    .text = {26, 32, 30, 255},       .muted = {90, 100, 96, 255},    .accent = {20, 110, 90, 255},
    .accent_text = {255, 255, 255, 255}, .focus = {230, 140, 0, 255}, .good = {25, 125, 60, 255},
    .warn = {200, 130, 0, 255},      .bad = {195, 40, 40, 255},      .button = {222, 228, 222, 255},
    .button_hover = {204, 216, 206, 255}, .border = {190, 200, 192, 255}, .current = {255, 236, 170, 255},
    .path = {214, 234, 226, 255},
};

/* ---- routing ----------------------------------------------------------------------------------- */

#define MAX_ROUTED 4

typedef struct {
    MentorWin *win;
    SDL_Event q[MENTOR_QUEUE];
    int head, count;
} Route;

static Route routes[MAX_ROUTED];
static uint32_t wake_type;
static bool foreign_closed;
static bool filter_on;
static SDL_EventFilter old_filter;
static void *old_filter_data;

static uint32_t event_window(const SDL_Event *e)
{
    switch (e->type) {
    case SDL_WINDOWEVENT: return e->window.windowID;
    case SDL_KEYDOWN:
    case SDL_KEYUP: return e->key.windowID;
    case SDL_TEXTEDITING: return e->edit.windowID;
    case SDL_TEXTINPUT: return e->text.windowID;
    case SDL_MOUSEMOTION: return e->motion.windowID;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: return e->button.windowID;
    case SDL_MOUSEWHEEL: return e->wheel.windowID;
    default: return 0;
    }
}

static Route *route_of(uint32_t id)
{
    for (int i = 0; id && i < MAX_ROUTED; i++)
        if (routes[i].win && routes[i].win->window_id == id)
            return &routes[i];
    return NULL;
}

/* Runs inside SDL_PushEvent / SDL_PumpEvents on the main thread. */
static int SDLCALL route_filter(void *ud, SDL_Event *e)
{
    (void)ud;
    if (e->type == wake_type)
        return 1;
    uint32_t id = event_window(e);
    Route *r = route_of(id);
    if (!r) {
        if (e->type == SDL_WINDOWEVENT && e->window.event == SDL_WINDOWEVENT_CLOSE)
            foreign_closed = true;
        return old_filter ? old_filter(old_filter_data, e) : 1;
    }
    /* Pointer motion only matters where it ends: a burst of it takes one slot, so a stalled
     * loop never loses a click to a full queue. */
    SDL_Event *last = r->count ? &r->q[(r->head + r->count - 1) % MENTOR_QUEUE] : NULL;
    if (last && last->type == SDL_MOUSEMOTION && e->type == SDL_MOUSEMOTION) {
        *last = *e;
    } else if (r->count < MENTOR_QUEUE) {
        r->q[(r->head + r->count) % MENTOR_QUEUE] = *e;
        r->count++;
    }
    SDL_Event wk;
    memset(&wk, 0, sizeof wk);
    wk.type = wake_type;
    SDL_PushEvent(&wk);
    return 0;
}

/* SDL_SetEventFilter throws away every pending event: keep them across the change (the
 * filter runs only for events pushed after it; SDL_PeepEvents adds without filtering). */
static void set_filter_keeping_events(SDL_EventFilter f, void *ud, uint32_t drop_window)
{
    SDL_Event kept[MENTOR_QUEUE];
    SDL_PumpEvents();
    int n = SDL_PeepEvents(kept, MENTOR_QUEUE, SDL_GETEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT);
    SDL_SetEventFilter(f, ud);
    for (int i = 0; i < n; i++)
        if (!drop_window || event_window(&kept[i]) != drop_window)
            SDL_PeepEvents(&kept[i], 1, SDL_ADDEVENT, 0, 0);
}

static bool route_add(MentorWin *w)
{
    if (!wake_type) {
        wake_type = SDL_RegisterEvents(1);
        if (wake_type == (uint32_t)-1) {
            wake_type = 0;
            return false;
        }
    }
    for (int i = 0; i < MAX_ROUTED; i++)
        if (!routes[i].win) {
            routes[i] = (Route){.win = w};
            if (!filter_on) {
                if (!SDL_GetEventFilter(&old_filter, &old_filter_data))
                    old_filter = NULL;
                set_filter_keeping_events(route_filter, NULL, 0);
                filter_on = true;
            }
            return true;
        }
    return false;
}

static int SDLCALL drop_window(void *ud, SDL_Event *e)
{
    return event_window(e) != *(const uint32_t *)ud;
}

static void route_remove(MentorWin *w)
{
    /* Events still queued for the window must not reach the trainee's window. */
    uint32_t id = w->window_id;
    SDL_FilterEvents(drop_window, &id);
    bool any = false;
    for (int i = 0; i < MAX_ROUTED; i++) {
        if (routes[i].win == w)
            routes[i].win = NULL;
        any |= routes[i].win != NULL;
    }
    if (!any && filter_on) {
        set_filter_keeping_events(old_filter, old_filter_data, id);
        filter_on = false;
    }
}

bool mentor_win_next(MentorWin *w, void *ev)
{
    Route *r = route_of(w->window_id);
    if (!r || r->count == 0)
        return false;
    *(SDL_Event *)ev = r->q[r->head];
    r->head = (r->head + 1) % MENTOR_QUEUE;
    r->count--;
    return true;
}

bool mentor_win_foreign_closed(void)
{
    bool c = foreign_closed;
    foreign_closed = false;
    return c;
}

/* ---- the window -------------------------------------------------------------------------------- */

MentorWin *mentor_win_open(const char *title, int width, int height, bool second_display, bool routed, char *err,
                           size_t errsize)
{
    MentorWin *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    w->g = ui_gfx_open(title, width, height, false, err, errsize);
    if (!w->g) {
        free(w);
        return NULL;
    }
    SDL_Window *win = ui_gfx_window(w->g);
    w->window_id = SDL_GetWindowID(win);
    /* Narrower than the trainee's window may be: beside it on one 1280-point display the
     * console has 480 (mentor_console.c, place_beside). */
    SDL_SetWindowMinimumSize(win, 480, 600);
    if (width < 800) {
        SDL_SetWindowSize(win, width, height);
        ui_gfx_refresh(w->g);
    }
    if (second_display && SDL_GetNumVideoDisplays() > 1) { /* the console may move it on (place_beside) */
        SDL_SetWindowPosition(win, SDL_WINDOWPOS_CENTERED_DISPLAY(1), SDL_WINDOWPOS_CENTERED_DISPLAY(1));
        ui_gfx_refresh(w->g);
    }
    w->field_id = -1;
    w->ui.g = w->g;
    w->ui.t = &mentor_theme;
    w->ui.style = (UiButtonStyle){.text_size = MFS_BODY, .radius = 5, .ring = 2, .pad_text = 8, .pad_w = 20,
                                  .pad_h = 12};
    w->ui.dirty = true;
    if (routed) {
        if (!route_add(w)) {
            snprintf(err, errsize, "too many mentor windows");
            ui_gfx_close(w->g);
            free(w);
            return NULL;
        }
        w->routed = true;
    }
    SDL_StartTextInput();
    return w;
}

void mentor_win_close(MentorWin *w)
{
    if (!w)
        return;
    if (w->routed)
        route_remove(w);
    ui_gfx_close(w->g);
    free(w);
}

/* ---- drawing ----------------------------------------------------------------------------------- */

void mentor_win_begin(MentorWin *w) { uw_begin(&w->ui); }

static uint32_t text_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

void mentor_win_end(MentorWin *w)
{
    ui_gfx_clip(w->g, NULL);
    int n = ui_gfx_drawn_count(w->g), np = 0, cap = (int)(sizeof w->shown / sizeof w->shown[0]);
    UiRect parts[8];
    bool whole = !w->only_changed || n != w->nshown || n > cap;
    for (int i = 0; i < n && i < cap; i++) {
        const UiDrawnText *d = ui_gfx_drawn(w->g, i);
        uint32_t h = text_hash(d->text);
        if (!whole && (h != w->shown[i].hash || memcmp(&d->rect, &w->shown[i].r, sizeof d->rect))) {
            UiRect a = w->shown[i].r, b = d->rect; /* the old text and the new */
            int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
            int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w, y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
            whole = np == 8;
            if (!whole)
                parts[np++] = (UiRect){x0, y0, x1 - x0, y1 - y0};
        }
        w->shown[i].hash = h;
        w->shown[i].r = d->rect;
    }
    w->nshown = n;
    if (whole)
        ui_gfx_end(w->g, !w->no_present);
    else /* nothing else changed: the texts that did, alone (none: nothing to send) */
        ui_gfx_end_part(w->g, parts, np, !w->no_present);
    w->only_changed = false;
    w->ui.dirty = false;
}

void mentor_button(MentorWin *w, int id, UiRect r, const char *label, bool primary, bool enabled)
{
    uw_button(&w->ui, id, r, label, !enabled ? UW_DISABLED : primary ? UW_PRIMARY : UW_NORMAL);
}

void mentor_field(MentorWin *w, UiRect r, const char *placeholder)
{
    uw_field(&w->ui, w->field_id, r, w->field, w->composing, placeholder, NULL);
    w->field_rect = r;
}

UiRect mentor_win_button_rect(const MentorWin *w, const char *label) { return uw_button_rect(&w->ui, label); }

/* ---- events ------------------------------------------------------------------------------------ */

/* Appends UTF-8 text whole characters at a time, never splitting one at the end. */
static void field_append(char *f, size_t cap, const char *add)
{
    size_t n = strlen(f), m = strlen(add);
    if (n + m >= cap) {
        m = cap - 1 - n;
        while (m > 0 && ((unsigned char)add[m] & 0xC0) == 0x80)
            m--;
    }
    memcpy(f + n, add, m);
    f[n + m] = 0;
}

int mentor_win_event(MentorWin *w, const void *ev, bool *handled)
{
    const SDL_Event *e = ev;
    *handled = true;
    switch (e->type) {
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_CLOSE)
            w->closed = true;
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e->window.event == SDL_WINDOWEVENT_RESIZED)
            ui_gfx_refresh(w->g);
        w->ui.dirty = true;
        return 0;
    case SDL_MOUSEMOTION: {
        ui_gfx_point_to_px(w->g, e->motion.x, e->motion.y, &w->ui.mouse_x, &w->ui.mouse_y);
        int h = uw_hit_at(&w->ui, w->ui.mouse_x, w->ui.mouse_y);
        if (h != w->ui.hover) {
            w->ui.hover = h;
            w->ui.dirty = true;
        }
        return 0;
    }
    case SDL_MOUSEBUTTONDOWN: {
        if (e->button.button != SDL_BUTTON_LEFT)
            return 0;
        int x, y;
        ui_gfx_point_to_px(w->g, e->button.x, e->button.y, &x, &y);
        int id = uw_hit_at(&w->ui, x, y);
        w->ui.focus = id;
        w->ui.dirty = true;
        if (id && id == w->field_id) {
            ui_gfx_text_input_at(w->g, w->field_rect);
            SDL_StartTextInput();
            return 0;
        }
        return id;
    }
    case SDL_MOUSEWHEEL: {
        int dy = e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
            dy = -dy;
        for (int a = MAREA_LEFT; a < MAREA_COUNT; a++) {
            UiRect v = w->ui.scroll[a].view;
            if (w->ui.mouse_x >= v.x && w->ui.mouse_x < v.x + v.w && w->ui.mouse_y >= v.y && w->ui.mouse_y < v.y + v.h)
                uw_scroll_by(&w->ui, a, -dy * uw_px(&w->ui, 48));
        }
        return 0;
    }
    case SDL_TEXTINPUT:
        /* A Ctrl shortcut (Ctrl+1: an event) also produces its character on X11: not text. */
        if (w->ctrl_key) {
            w->ctrl_key = false;
            return 0;
        }
        if (w->ui.focus == w->field_id && w->field_id > 0) {
            field_append(w->field, sizeof w->field, e->text.text);
            w->composing[0] = 0;
            w->ui.dirty = true;
        }
        return 0;
    case SDL_TEXTEDITING:
        if (w->ui.focus == w->field_id && w->field_id > 0) {
            snprintf(w->composing, sizeof w->composing, "%s", e->edit.text);
            w->ui.dirty = true;
        }
        return 0;
    case SDL_KEYDOWN:
        w->ui.dirty = true;
        w->ctrl_key = (e->key.keysym.mod & KMOD_CTRL) && !(e->key.keysym.mod & KMOD_ALT);
        if (w->ui.focus == w->field_id && w->field_id > 0 && e->key.keysym.sym == SDLK_BACKSPACE) {
            if (!w->composing[0]) /* while composing, Backspace belongs to the input method */
                ui_text_backspace(w->field);
            return 0;
        }
        *handled = false;
        return 0;
    default:
#if SDL_VERSION_ATLEAST(2, 0, 22)
        if (e->type == SDL_TEXTEDITING_EXT) {
            if (w->ui.focus == w->field_id && w->field_id > 0)
                snprintf(w->composing, sizeof w->composing, "%s", e->editExt.text ? e->editExt.text : "");
            SDL_free(e->editExt.text);
            w->ui.dirty = true;
            return 0;
        }
#endif
        *handled = false;
        return 0;
    }
}

/* ---- test pushes ------------------------------------------------------------------------------- */

int mentor_win_push_key(MentorWin *w, const char *name, bool ctrl, bool shift)
{
    return ui_push_key(w->window_id, name, ctrl, shift);
}

void mentor_win_push_text(MentorWin *w, const char *utf8) { ui_push_text(w->window_id, utf8); }

void mentor_win_push_editing(MentorWin *w, const char *utf8, int cursor)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTEDITING;
    e.edit.windowID = w->window_id;
    snprintf(e.edit.text, sizeof e.edit.text, "%s", utf8);
    e.edit.start = cursor;
    e.edit.length = 0;
    SDL_PushEvent(&e);
}

void mentor_win_push_click(MentorWin *w, int px, int py)
{
    double s = ui_gfx_scale(w->g);
    ui_push_click(w->window_id, (int)(px / s), (int)(py / s));
}

void mentor_win_push_close(MentorWin *w)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_WINDOWEVENT;
    e.window.windowID = w->window_id;
    e.window.event = SDL_WINDOWEVENT_CLOSE;
    SDL_PushEvent(&e);
}

void mentor_clock(int64_t ms, char *buf, size_t size)
{
    if (ms < 0)
        ms = 0;
    int64_t s = ms / 1000;
    snprintf(buf, size, "%02lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

void mentor_comment_line(const UiStrings *ls, int64_t at_ms, int decision, bool after_call, const char *text,
                         char *buf, size_t size)
{
    char clock[48], where[96];
    mentor_clock(at_ms, clock, sizeof clock);
    if (after_call)
        snprintf(where, sizeof where, "%s", ls->review->after_call);
    else
        snprintf(where, sizeof where, ls->review->before_decision, (decision < 0 ? 0 : decision) + 1);
    snprintf(buf, size, ls->review->comment_at, clock, where, text);
    mentor_utf8_trim(buf);
}

void mentor_utf8_trim(char *s)
{
    size_t n = strlen(s), i = n;
    /* Back over continuation bytes to the last lead byte; drop it if its sequence is short. */
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
    if (n - (i - 1) < need)
        s[i - 1] = 0;
}

void mentor_win_focus_field(MentorWin *w)
{
    w->ui.focus = w->field_id;
    w->ui.dirty = true;
    if (w->field_rect.w > 0)
        ui_gfx_text_input_at(w->g, w->field_rect);
    SDL_StartTextInput();
}
