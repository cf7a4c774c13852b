/* ui_app: the trainer window. Sign in, pick a scenario, briefing, the call, the debrief.
 *
 * The app is a state (UiApp) changed by input (ui_app.c: SDL events -> actions) and drawn by
 * screens that are plain functions of that state (ui_screens.c). Scores are never decided
 * here: the window calls play_* and shows what they return.
 *
 * Tests drive it like a user: push SDL events (SDL_PushEvent), call ui_app_step(), read the
 * pixels of the frame drawn (ui_app_read) and inspect the state (ui_app_view). */
#ifndef SPARRING_UI_APP_H
#define SPARRING_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "play.h"
#include "ui_gfx.h"
#include "ui_types.h"



/* Opens the window and loads the scenarios (failures are listed, not fatal). NULL with a
 * message in err when the window cannot open (no font, no video). Free with ui_app_free. */
UiApp *ui_app_new(const UiOptions *opt, char *err, size_t errsize);
/* Ends a running attempt as abandoned, saves nothing else, closes everything. */
void ui_app_free(UiApp *a);

/* The main loop: runs until the window is closed. Returns the exit code (0). screenshot: when
 * non-NULL, the first complete frame (after any scripted keys) is written there as a PNG and
 * the loop ends (exit code 1 if it cannot be written). */
int ui_app_run(UiApp *a, const char *screenshot);

/* One iteration: waits up to wait_ms for an event (0: none), handles every pending event,
 * runs the timer, and draws a frame if anything changed. Returns false once the app quits. */
bool ui_app_step(UiApp *a, int wait_ms);
/* How long the main loop waits for an event: while a countdown runs, until its second changes
 * (then the countdown alone is drawn again, once a second), at most 250 ms on a screen whose
 * scenario file is watched for edits, 1 s elsewhere. */
int ui_app_wait_ms(const UiApp *a);
/* Draws a frame now (whether or not anything changed). */
void ui_app_draw(UiApp *a);

/* Pushes a key press (and release) as SDL events, e.g. ui_app_push_key("Return"), "1",
 * "Escape", "PageDown", "F1"; a "ctrl+" prefix holds Ctrl. 0, or -1 for an unknown name.
 * Text typed into fields: ui_app_push_text. A click: ui_app_push_click (output pixels). */
int ui_app_push_key(const char *name);
void ui_app_push_text(const char *utf8);
void ui_app_push_click(UiApp *a, int px, int py);
void ui_app_push_wheel(UiApp *a, int px, int py, int dy);
void ui_app_push_resize(UiApp *a, int w, int h);
/* Pushes each comma-separated key name of a script (as --script takes). 0 or -1. */
int ui_app_push_script(const char *script);

void ui_app_view(const UiApp *a, UiView *v);
UiGfx *ui_app_gfx(UiApp *a);
/* The rectangle of the button with this label in the last frame (exact text match), or
 * {0,0,0,0}. */
UiRect ui_app_button_rect(const UiApp *a, const char *label);
/* Sandbox: the mentor's console holds (or releases) the trainee's timer; the call says so. */
void ui_app_set_mentor_hold(UiApp *a, bool hold);
/* The app's sound (NULL with none), for tests: audio_cue_requests tells what it played. */
struct Audio;
const struct Audio *ui_app_audio(const UiApp *a);

/* ---- hooks for the mentor console and the case review (mentor_*.c) ---------------------- */

/* The call's Play (NULL when no call is on screen). The console changes it with play_* and
 * then calls ui_app_play_changed (moved: the node changed or the log was rewound), which
 * records the new steps and brings the window up to date. */
Play *ui_app_live_play(UiApp *a);
void ui_app_play_changed(UiApp *a, bool moved);
/* The running attempt's recorder (NULL: not recording); ms since the attempt started. */
struct Recorder *ui_app_recorder(UiApp *a);
/* The records database the window writes to (NULL: none). */
struct Records;
struct Records *ui_app_records(UiApp *a);
int64_t ui_app_now(const UiApp *a);
/* From the briefing of the open scenario: starts a call replayed from seed + steps (the
 * case review's "practise from here"), recorded as a new attempt, its clock going on from the
 * last step. 0, or -1 with a message (a step that cannot be replayed). */
int ui_app_start_from(UiApp *a, uint64_t seed, PlayOptions opts, int start_node, const PlayStep *steps,
                      int nsteps, char *err, size_t errsize);

/* The scenario of the briefing on screen (NULL on other screens); the play options a call
 * started from it gets; a records problem shown on the banner. */
const Scenario *ui_app_open_scenario(const UiApp *a);
PlayOptions ui_app_play_options(const UiApp *a);
void ui_app_note(UiApp *a, const char *err);

#endif
