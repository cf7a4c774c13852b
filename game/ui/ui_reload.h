/* ui_reload: the trainer's edit-and-play loop in the window.
 *
 * Hot reload: while a scenario is open (briefing, call, debrief), its file is checked at a
 * modest rate from inside the main loop (a stat of the path, so an editor's save-by-rename is
 * seen like an in-place write). A changed file is validated; a valid version replaces the old
 * one and a call in progress is replayed on it (same seed, the same decisions mapped by node,
 * choice, event and meter id), so the trainer stays where they were with the new texts. An
 * invalid version leaves the session on the last good one and shows the diagnostics. In
 * assessment mode a call is never changed under the trainee: the change waits for the end.
 *
 * Recorded voices (voice_paths.h): a take added or re-recorded under voice/<id>/<locale>/ is
 * noticed too, and said; the call reads a changed take again the next time its line plays.
 *
 * The reload never calls into the app: ui_reload_poll (and ui_reload_restart, for F5 or the
 * restart button) return a request (swap an entry's version, or reopen the call on it), which
 * the loop applies and reports back with ui_reload_done. Play-testing from a node is ui_from.h. */
#ifndef SPARRING_UI_RELOAD_H
#define SPARRING_UI_RELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "ui_types.h"

typedef struct UiReload UiReload;

/* The action id of the "restart on the new file" button (between the window's fixed ids and
 * ACT_PICK). F5 does the same. */
#define UI_RELOAD_ACT_RESTART 900

/* What the app is asked to do. SWAP: entry's scenario becomes sc (no play uses the old one).
 * REPLAY: the call goes on on sc, replayed from seed, start and steps, its clock, coach panel
 * and pause menu as they were, silently. RESTART: a new call on sc from start with steps (the
 * meters a play-test set), else from the file's start. The request owns sc until applied and
 * steps until ui_reload_done. */
typedef enum { UI_RELOAD_NONE, UI_RELOAD_SWAP, UI_RELOAD_REPLAY, UI_RELOAD_RESTART } UiReloadKind;
typedef struct {
    UiReloadKind kind;
    int entry;
    Scenario *sc;
    uint64_t seed;
    int start;           /* node index in sc (-1: its start) */
    PlayStep *steps;     /* malloc'd */
    int nsteps;
    int decisions;       /* REPLAY: decisions the replay takes */
} UiReloadRequest;

/* Once per loop iteration: checks the open scenario's file (at most every 250 ms); a changed
 * valid file, or a version left waiting that may now go in, comes back as a request. Changes
 * only the reload's own state (notices, diagnostics). */
UiReloadRequest ui_reload_poll(UiApp *a);
/* F5 or the button: a request to restart the call on the waiting version (NONE when not
 * offered). */
bool ui_reload_restart_offered(const UiApp *a);
UiReloadRequest ui_reload_restart(UiApp *a);
/* The app applied the request (ok) or could not (err says why): notices and counters follow;
 * a replay that failed leaves the version waiting with a restart offered. Frees steps. */
void ui_reload_done(UiApp *a, UiReloadRequest *rq, bool ok, const char *err);
/* Frees the reload state (NULL is fine). */
void ui_reload_free(UiReload *r);
/* Draws the reload notice or the diagnostics under the header at *y, moving *y down; a
 * "restart on the new file" button when a replay failed. Draws nothing when there is none. */
void ui_reload_draw(UiApp *a, int *y);

/* What the reload part shows, for tests. Pointers valid until the next step. */
#define UI_RELOAD_MAX_DIAGS 4
typedef struct {
    int reloads;          /* versions applied since the window opened */
    int replayed;         /* decisions replayed by the last reload */
    const char *notice;   /* the notice shown ("" when none) */
    int ndiags;           /* diagnostics shown (at most UI_RELOAD_MAX_DIAGS) */
    int nerrors;          /* errors in the rejected version (0: the file is valid) */
    const char *diag[UI_RELOAD_MAX_DIAGS]; /* FILE:LINE:COL: error: MESSAGE */
    bool waiting;         /* a valid new version waits (assessment, debrief, failed replay) */
    bool restart_offered; /* a replay failed: F5 or the button restarts on the new version */
    int voice_changes;    /* changes seen under voice/<id>/<locale>/ of the open scenario */
} UiReloadView;
void ui_reload_view(const UiApp *a, UiReloadView *v);

#endif
