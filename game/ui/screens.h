/* screens: the trainer window's screens. Each is a module (scr_NAME.c) with its own drawing,
 * keys and actions, described by a UiScreenDef; the app (ui_app.c) owns the loop and the
 * global keys (quit, zoom, F1 help, F2 settings, F5, F11) and hands every other event to the
 * current screen, or to the overlay when one is open.
 *
 * To add a screen: a value in UiScreen (ui_types.h), a scr_NAME.c defining its UiScreenDef,
 * and a line in ui_app.c's table. Action ids a screen registers (uw_button) come back to its
 * activate; ids below ACT_PICK are listed in app_state.h, a screen may also use its own range. */
#ifndef SPARRING_SCREENS_H
#define SPARRING_SCREENS_H

#include <stdbool.h>

#include <SDL.h>

typedef struct UiApp UiApp;

typedef struct {
    /* Lays out and draws the screen (UiWidgets hits registered; never changes the attempt). */
    void (*draw)(UiApp *a);
    /* A key the app did not take. true when handled (else the app's focus keys apply). */
    bool (*key)(UiApp *a, const SDL_KeyboardEvent *k);
    /* A button (or Enter on it). true when the id was this screen's. */
    bool (*activate)(UiApp *a, int id);
    /* What Enter/Space does when no button has the focus (0: nothing). */
    int (*primary)(const UiApp *a);
    /* The scrolling region PageUp/PageDown and the wheel move by default. */
    int (*main_area)(const UiApp *a);
    /* Typed text (SDL_TEXTINPUT, SDL_TEXTEDITING), or NULL. editing: a composition. */
    void (*text)(UiApp *a, const char *utf8, bool editing);
} UiScreenDef;

extern const UiScreenDef scr_signin, scr_picker, scr_briefing, scr_call, scr_debrief, scr_history,
    scr_overlay;

/* The call's countdown drawn again alone, presented (a tick where nothing else changed); false
 * when only a whole frame will do (scr_call.c). */
bool scr_call_redraw_timer(UiApp *a, bool present);

/* The picker's measures of its cards (UiApp.cards), freed with the app (scr_picker.c). */
struct PickerCards;
void scr_picker_free(struct PickerCards *c);

#endif
