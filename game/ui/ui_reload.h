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
 * Play-testing from any node: `sparring play FILE --from NODE [--set METER=VALUE ...]`.
 * See docs/authoring.md, section 8. */
#ifndef SPARRING_UI_RELOAD_H
#define SPARRING_UI_RELOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"
#include "ui_app.h"

typedef struct UiReload UiReload;

/* The action id of the "restart on the new file" button (between the window's fixed ids and
 * ACT_PICK). F5 does the same. */
#define UI_RELOAD_ACT_RESTART 900

/* ---- hooks called by the window (ui_app.c, ui_screens.c) ---------------------------------- */

/* Once per loop iteration: checks the open scenario's file (at most every 250 ms) and reloads
 * it when it changed; applies a version left waiting once the screen allows it. */
void ui_reload_poll(UiApp *a);
/* Frees the reload state (NULL is fine). */
void ui_reload_free(UiReload *r);
/* Draws the reload notice or the diagnostics under the header at *y, moving *y down; a
 * "restart on the new file" button when a replay failed. Draws nothing when there is none. */
void ui_reload_draw(UiApp *a, int *y);
/* Handles UI_RELOAD_ACT_RESTART (button or F5). Returns true when it acted. */
bool ui_reload_activate(UiApp *a, int id);

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
} UiReloadView;
void ui_reload_view(const UiApp *a, UiReloadView *v);

/* ---- play --from ---------------------------------------------------------------------------- */

#define UI_FROM_MAX_SETS SC_MAX_METERS
typedef struct {
    int node;                       /* node index in the file */
    int nsets;
    int meter[UI_FROM_MAX_SETS];    /* meter index */
    int value[UI_FROM_MAX_SETS];
} UiFrom;

/* Checks `--from NODE` and each `--set METER=VALUE` against the scenario FILE. Returns 0, 1 when
 * the file does not load (err says why), or 2 (a usage error) for an unknown node or meter, a
 * malformed --set or a value out of the meter's range; err then lists the valid names or the
 * range. */
int ui_from_parse(const char *path, const char *node, const char *const *sets, int nsets, UiFrom *out,
                  char *err, size_t errsize);
/* From the briefing of the app's only scenario: starts the call at f->node with the meters set
 * (play_new_at, then play_set_meter), recorded as a play-test (a comment on the attempt says
 * so). 0, or -1 with a message. */
int ui_from_start(UiApp *a, const UiFrom *f, char *err, size_t errsize);

#endif
