/* app_core: what the trainer window's screens do to the app, in one place: the attempt's life
 * (a Play, its sound and its record), moving between screens, interrupted attempts, overlays,
 * settings. The screens (scr_*.c) and the loop (ui_app.c) call these; nothing here draws. */
#ifndef SPARRING_APP_CORE_H
#define SPARRING_APP_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "app_clock.h"
#include "app_state.h"

/* The name of a mode ("practice", ...); a name back to a mode (def when unknown or NULL). */
const char *ui_mode_name(UiMode m);
UiMode app_mode_from_name(const char *s, UiMode def);
/* The total points of a choice or timeout outcome (0 for NULL). */
int64_t ui_choice_points(const ScChoice *c);

void app_cue(UiApp *a, AudioCue c);
void app_apply_sound(UiApp *a);
void app_save_settings(UiApp *a);
void app_set_zoom(UiApp *a, double z);
/* The window's size or text size changed: what was placed in pixels is placed again. */
void app_relayout(UiApp *a);
void app_set_locale(UiApp *a, const char *loc);

/* The scenario list: loads a folder (true: it was one file). Re-reads each card's record. */
bool app_load_scenarios(UiApp *a, const char *path);
void app_refresh_records(UiApp *a);
/* Reads again the files that failed to load (a fixed file becomes playable). */
void app_retry_failed(UiApp *a);

/* Screens: go to one with the focus on a button; the picker, a history, a briefing. */
void app_go(UiApp *a, UiScreen s, int focus);
void app_go_picker(UiApp *a);
void app_enter_history(UiApp *a, int entry);
void app_enter_briefing(UiApp *a, int entry);

/* The attempt: the call screen for a Play just made (its clock going on from clock_from ms),
 * a fresh call from the briefing, what entering a node shows and sounds, after a choice /
 * timeout / continue, (start: in the mode the trainee chose on the briefing) the debrief. sync stores every step at once; drop ends the attempt (as
 * abandoned when it was not over) and frees the Play. */
void app_open_call(UiApp *a, Play *p, int64_t clock_from);
void app_start_call(UiApp *a, UiMode mode);
void app_enter_node(UiApp *a);
void app_after_step(UiApp *a, bool decision);
void app_enter_debrief(UiApp *a);
/* (app_debrief.c) The debrief's rows from the Play; the attempt as recorded and what to
 * practise next. */
void app_debrief_rows(UiApp *a);
void app_debrief_extras(UiApp *a);
/* A past attempt's debrief, from the history (replayed from its records); a message on the
 * banner when it cannot be (the file changed since). */
void app_open_past(UiApp *a, const char *attempt_id);
/* The case review (mentor_replay) of the debrief's attempt, in its own window stepped by the
 * loop (app_review_step); closed with the debrief or by the mentor. */
void app_open_review(UiApp *a);
void app_review_step(UiApp *a);
void app_close_review(UiApp *a);
void app_drop_play(UiApp *a);

/* Interrupted attempts: the one offered to the signed-in trainee (-1: none) and its entry;
 * resume it, or close it for good. */
int app_interrupted_offer(const UiApp *a, int *entry);
void app_resume_interrupted(UiApp *a);
void app_close_interrupted(UiApp *a);

/* Leaving a live call: asks first (quit: then the window closes); the trainee confirms:
 * the call is parked (paused, still in progress, an assessment noted as left); resumed
 * where it stopped, or discarded (recorded as abandoned). */
void app_ask_leave(UiApp *a, bool quit);
void app_leave_confirmed(UiApp *a);
void app_resume_parked(UiApp *a);
/* A left call waits for the signed-in trainee (it is theirs). */
bool app_parked_offered(const UiApp *a);
/* The mood the face shows: the last one of the nodes the play went through. */
void app_recompute_mood(UiApp *a);
void app_discard_parked(UiApp *a);
/* At the window's end: a left call not discarded stays in progress, let go (recorder_release),
 * so the next window offers to resume it as it does a crashed one. */
void app_release_parked(UiApp *a);
/* Reads the interrupted attempts again (after one was let go). */
void app_reload_interrupted(UiApp *a);

/* Help (help true) or settings over the screen; a live call pauses under it. */
void app_open_overlay(UiApp *a, bool help);
void app_close_overlay(UiApp *a);

#endif
