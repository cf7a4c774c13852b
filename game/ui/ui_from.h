/* ui_from: play-testing from any node: `sparring play FILE --from NODE [--set METER=VALUE ...]`.
 * See docs/authoring.md, section 8. */
#ifndef SPARRING_UI_FROM_H
#define SPARRING_UI_FROM_H

#include <stddef.h>

#include "scenario.h"
#include "ui_app.h"

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
