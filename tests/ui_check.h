/* Helpers shared by the tests that drive the real window (test_window, test_mentor,
 * test_history, test_reload): a fake clock, a temporary folder, opening the window, pushing
 * keys and clicks, and reading back the texts and pixels of the last frame. Failures are
 * counted through check.h. */
#ifndef SPARRING_UI_CHECK_H
#define SPARRING_UI_CHECK_H

#include <stdint.h>

#include "ui_app.h"
#include "ui_gfx.h"

/* The time ui_check_clock returns, in milliseconds; tests move it forward by hand. */
extern int64_t ui_check_now;
/* A UiOptions clock that returns ui_check_now. */
int64_t ui_check_clock(void *ctx);

/* Writes text to path; exits the test with a message when it cannot. */
void ui_check_write_file(const char *path, const char *text);
/* Makes the folder $SPARRING_BUILD_DIR/tmp-NAME-PID (under /tmp without the variable) into
 * dir, and points XDG_CONFIG_HOME at it so that nothing of the user's is read or written. */
void ui_check_tmpdir(const char *name, char *dir, size_t size);

/* Opens the window with o and draws its first frame; NULL (a failed check) on error. */
UiApp *ui_check_open(const UiOptions *o);
/* Handles the pushed events and draws the frame they lead to. */
void ui_check_step(UiApp *a);
/* Pushes the key named (SDL's key names) and steps. */
void ui_check_key(UiApp *a, const char *name);
/* Clicks the centre of r (a failed check if r is empty) and steps. */
void ui_check_click(UiApp *a, UiRect r);

/* The first text drawn in the last frame that is exactly s / that contains s; NULL if none. */
const UiDrawnText *ui_check_text(UiGfx *g, const char *s);
const UiDrawnText *ui_check_text_containing(UiGfx *g, const char *s);
/* Pixels of r that differ clearly from the colour bg; -1 if they cannot be read. */
long ui_check_ink(UiGfx *g, UiRect r, const unsigned char bg[4]);
/* Pixels of exactly the colour c in r. */
long ui_check_colour_in(UiGfx *g, UiRect r, const unsigned char c[3]);
/* The pixel at x, y as RGBA (zeros if it cannot be read). */
void ui_check_pixel(UiGfx *g, int x, int y, unsigned char out[4]);
/* Writes the last frame to DIR/NAME.png when dir is not NULL (to look at it); errors go to stderr. */
void ui_check_save_png(UiGfx *g, const char *dir, const char *name);

#endif
