/* mentor_ui: what the mentor console and the case review share: a second window with the
 * widgets every window uses (ui_widgets.h: buttons, scrolling columns, focus), its palette,
 * a text box that takes Chinese through the system's input method, and the routing of SDL
 * events to it by window id while the trainee's window runs in the same loop.
 *
 * Routing: a routed window installs an SDL event filter; events for its window id are moved
 * to its own queue (and a wake-up event is left in SDL's queue, so a loop waiting in
 * SDL_WaitEventTimeout notices them); every other event goes on to the trainee's window. */
#ifndef SPARRING_MENTOR_UI_H
#define SPARRING_MENTOR_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui_gfx.h"
#include "ui_strings.h"
#include "ui_widgets.h"

extern const UiTheme mentor_theme;

/* Design sizes of text. */
enum { MFS_SMALL = 13, MFS_BODY = 15, MFS_LARGE = 18 };

/* Scrolling columns of a window. */
enum { MAREA_NONE, MAREA_LEFT, MAREA_RIGHT, MAREA_COUNT };

#define MENTOR_QUEUE 256
#define MENTOR_FIELD_BYTES 1024

typedef struct MentorWin {
    UiGfx *g;
    uint32_t window_id;
    bool routed;
    bool no_present;
    UiWidgets ui;               /* buttons, columns (MAREA_*), focus, hover, dirty */
    /* The text box: committed text, and the input method's composition (not yet committed). */
    int field_id;               /* the hit id of the box; ui.focus == field_id: typing goes there */
    char field[MENTOR_FIELD_BYTES];
    char composing[256];
    UiRect field_rect;
    bool ctrl_key;              /* the last key was a Ctrl shortcut: its character is no text */
    bool closed;                /* the window was closed */
    /* The last frame's texts (a hash and a rectangle each). A frame drawn with only_changed
     * (nothing changed but the clocks' seconds) goes to the screen only where a text differs. */
    bool only_changed;
    int nshown;
    struct { uint32_t hash; UiRect r; } shown[256];
} MentorWin;

/* Opens a window titled `title` of w x h points (on the second display when SDL reports one
 * and second_display is true). routed: events for it are taken out of SDL's queue (see
 * above); else the caller feeds it events itself. NULL with a message in err. */
MentorWin *mentor_win_open(const char *title, int w, int h, bool second_display, bool routed, char *err,
                           size_t errsize);
void mentor_win_close(MentorWin *w);

/* Takes the next event queued for the window (routed windows). false when none. ev is an
 * SDL_Event. */
bool mentor_win_next(MentorWin *w, void *ev);
/* Whether a window not routed to a mentor window (the trainee's) was closed since the last
 * call. */
bool mentor_win_foreign_closed(void);

/* Common handling of one event: pointer, wheel, window, text box (text, composition,
 * Backspace). Returns the id of a clicked button (0: none); sets *handled when the event
 * needs nothing more. ev is an SDL_Event. */
int mentor_win_event(MentorWin *w, const void *ev, bool *handled);

/* A frame: clear, and forget the buttons of the last one. */
void mentor_win_begin(MentorWin *w);
void mentor_win_end(MentorWin *w);

/* A button (ui_widgets' uw_button in the mentor's style); disabled ones register nothing. */
void mentor_button(MentorWin *w, int id, UiRect r, const char *label, bool primary, bool enabled);
/* The text box with its placeholder; registers a hit with id w->field_id. */
void mentor_field(MentorWin *w, UiRect r, const char *placeholder);
/* Puts the keyboard focus in the text box (and the input method's window next to it). */
void mentor_win_focus_field(MentorWin *w);

/* The rectangle of the button with this label in the last frame, or {0}. */
UiRect mentor_win_button_rect(const MentorWin *w, const char *label);

/* For tests: push events to this window (as a user would produce them). */
int mentor_win_push_key(MentorWin *w, const char *name, bool ctrl, bool shift);
void mentor_win_push_text(MentorWin *w, const char *utf8);
void mentor_win_push_editing(MentorWin *w, const char *utf8, int cursor);
void mentor_win_push_click(MentorWin *w, int px, int py);
void mentor_win_push_close(MentorWin *w);

/* Cuts a UTF-8 sequence left incomplete at the end of s (after a truncating snprintf). */
void mentor_utf8_trim(char *s);

/* "mm:ss" of a millisecond offset. */
void mentor_clock(int64_t ms, char *buf, size_t size);

/* A mentor's comment as the console and the case review show it, in ls's words: its time, where
 * it sits in the call (before decision `decision` + 1, or after the call) and its text,
 * "【00:12 · 第 1 个决策之前】..." / "[00:12 · before decision 1] ...". */
void mentor_comment_line(const UiStrings *ls, int64_t at_ms, int decision, bool after_call, const char *text,
                         char *buf, size_t size);

#endif
