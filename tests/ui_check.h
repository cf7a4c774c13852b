/* Helpers shared by the tests that drive the real window (test_window, test_mentor,
 * test_history, test_reload): a fake clock, a temporary folder, opening the window, pushing
 * keys and clicks, and reading back the texts and pixels of the last frame. Failures are
 * counted through check.h. */
#ifndef SPARRING_UI_CHECK_H
#define SPARRING_UI_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "mentor_console.h"
#include "records.h"
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

/* Whether text mixes ASCII punctuation into Chinese: an ASCII , : ; ( ) [ ] next to a Chinese
 * character (spaces skipped), or round brackets of both kinds. */
bool ui_check_mixed_punctuation(const char *text);
/* A failed check (naming where) for each text of g's last frame that mixes punctuation. */
void ui_check_chinese_frame(UiGfx *g, const char *where);

/* A window test's files: its folder (ui_check_tmpdir), a scenario written there, the records
 * database and the settings file. */
typedef struct {
    char dir[4096], scen[4200], db[4200], settings[4200];
} UiCheckFiles;
/* Makes the folder for the test NAME and writes json (when not NULL) to DIR/FILE. */
void ui_check_files(UiCheckFiles *f, const char *name, const char *file, const char *json);
/* Removes the folder when the test had no failure (left to look at otherwise). */
void ui_check_files_done(const UiCheckFiles *f);
/* Opens the trainee's window on path as trainee in locale at w x h, on the test clock, with
 * f's database and settings; NULL (a failed check) on error. */
UiApp *ui_check_open_file(const UiCheckFiles *f, const char *path, const char *trainee, const char *locale, int w,
                          int h);

/* Whether r is non-empty and wholly inside W x H. */
bool ui_check_on_screen(UiRect r, int W, int H);
/* Clicks the button labelled label, which must be wholly in the window (a failed check if not). */
void ui_check_click_label(UiApp *a, const char *label);
/* The attempt id of the records database db (caller frees); NULL and a failed check if not. */
RecordsAttempt *ui_check_load_attempt(const char *db, const char *id);
/* Opens the mentor's console of a's sandbox session at w x h (not presented); NULL (a failed
 * check) on error, a freed then. */
MentorConsole *ui_check_console(UiApp *a, int w, int h);
/* Steps and draws the trainee's window, then the mentor's console. */
void ui_check_both(UiApp *a, MentorConsole *c);

/* The timed decision of the bundled library with the most text in a locale: its file, the node,
 * and a node and plain answer that lead to it (from -1 when none does). */
typedef struct {
    char path[4400];
    int node, from, choice;
    long chars;
} UiCheckLongest;
/* Counts the customer's line and the answers (and, with reachable, their feedback, keeping only
 * nodes a plain answer leads to). node is -1 (a failed check) when there is none. */
UiCheckLongest ui_check_longest_decision(const char *locale, bool reachable);

/* The window tests' languages and sizes: en and zh, each at 800x600 and 1920x1080. */
typedef void (*UiCheckSized)(const char *locale, int w, int h);
/* Runs fn once for each language and size, as RUN does, named "NAME en 800x600" and so on. */
void ui_check_run_sizes(const char *name, UiCheckSized fn);
#define RUN_SIZES(fn) ui_check_run_sizes(#fn, fn)

#endif
