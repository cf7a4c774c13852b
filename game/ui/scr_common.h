/* scr_common: what every screen of the trainee's window draws the same way: the theme, the
 * header, the banner, the bottom bar of buttons, labels in the window's language. */
#ifndef SPARRING_SCR_COMMON_H
#define SPARRING_SCR_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "app_state.h"
#include "ui_history.h"
#include "ui_widgets.h"

/* The palette of the window (normal or high contrast). */
const UiTheme *scr_theme(const UiApp *a);
/* Sets up the frame's widgets (theme, button style) and clears it. */
void scr_frame_begin(UiApp *a);
/* A scenario text in the call's locale. */
const char *scr_text(const UiApp *a, const ScText *t);
const char *scr_mode_label(const UiApp *a, UiMode m);
const char *scr_tier_label(const UiApp *a, ScLevel l);
/* "+3 points (Empathy +3, Discovery +1)" */
void scr_points_line(const UiApp *a, const Scenario *sc, const ScChoice *c, char *buf, size_t size);

/* The bottom bar of a page: buttons right-aligned. */
typedef struct { int id; const char *label; UwStyle style; } BarButton;
int scr_bar_button_w(UiApp *a, const BarButton *b, int n);
int scr_bottom_bar_height(UiApp *a, const BarButton *b, int n);
void scr_bottom_bar(UiApp *a, const BarButton *b, int n);
/* The app's message under the header at *y (moves *y down); nothing when there is none. */
void scr_banner(UiApp *a, int *y);
/* A heading line across the top; returns its height. */
int scr_header(UiApp *a, const char *title, const char *right);
/* The colours of the status marks and the history chart (ui_history.c). */
UiHistoryTheme scr_history_theme(const UiApp *a);
/* The customer's face for a mood, centred at (cx, cy) with radius r (scr_face.c). */
void scr_draw_face(UiApp *a, float cx, float cy, float r, const char *mood);
const char *scr_mood_label(const UiApp *a, const char *mood);
/* The mood the face shows now: the last one the scenario gave on the path, "hung_up" after the
 * customer hung up, else the customer's starting mood, else "neutral". Never NULL. */
const char *scr_face_mood(const UiApp *a);
/* Where the last face was drawn (tests read its pixels). */
UiRect scr_face_rect(void);

/* Two or more toggle buttons in a row under a label at (x, *y), width w; *y moves down. */
void scr_toggles(UiApp *a, const char *label, const int *ids, const char *const *labels, int n, int selected,
                 int x, int *y, int w);
/* Esc goes back to the picker (briefing, debrief, history); the page's scrolling region. */
bool scr_back_key(UiApp *a, const SDL_KeyboardEvent *k);
int scr_page_area(const UiApp *a);

#endif
