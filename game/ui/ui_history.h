/* ui_history: the trainee's own record in the window.
 *
 * The scenario picker shows each scenario's status for the signed-in trainee, as `sparring
 * records report` computes it (green: passed an assessment; amber: best within 20 points of
 * the pass mark; red: below that; none: no attempts), as a coloured dot *and* words, so colour
 * is never the only cue. The history view (H on the picker, or a card's History button) charts
 * the trainee's percent over their attempts at one scenario, oldest first: practice and
 * assessment points by shape and colour, the pass mark as a dashed line, best and latest
 * written out, "no attempts yet" when there are none. Esc or Back returns to the picker.
 *
 * The page (header, bottom bar, scrolling) is drawn by ui_screens.c with the window's theme;
 * this module reads the records and draws the status marks and the chart through ui_gfx. */
#ifndef SPARRING_UI_HISTORY_H
#define SPARRING_UI_HISTORY_H

#include <stdbool.h>

#include "ui_gfx.h"
#include "ui_types.h"

typedef struct UiHistory UiHistory;

/* Action ids: the history view's Back button, and a card's History button (+ the entry index;
 * inside the picker's ACT_PICK range, so ui_app.c checks these first). */
#define UI_HISTORY_ACT_BACK 910
#define UI_HISTORY_ACT_OPEN 500000
/* The history view's points (on the chart) and rows (under it), + the attempt's index (oldest
 * first): each opens that attempt's debrief. */
#define UI_HISTORY_ACT_POINT 600000
#define UI_HISTORY_ACT_ROW 700000

/* A scenario's status for a trainee (the report's red/amber/green, and none). */
typedef enum { UI_STATUS_NONE, UI_STATUS_RED, UI_STATUS_AMBER, UI_STATUS_GREEN } UiStatus;

/* The theme colours the marks are drawn in (ui_screens.c fills them from its theme). */
typedef struct {
    UiColor panel, text, muted, border, grid, good, warn, bad, practice, assessment;
} UiHistoryTheme;

/* Reads every scenario's status for the signed-in trainee (one records_report). Call after the
 * records may have changed (ui_app.c's refresh_records). Without a database or a trainee,
 * every status is none. */
void ui_history_refresh(UiApp *a);
/* The status of an entry from the last refresh (none for a bad index). */
UiStatus ui_history_status(const UiApp *a, int entry);
/* The entry H opens on the picker: the focused card (or its History button), else the open
 * one, else the first loaded scenario; -1 when there is none. */
int ui_history_pick_entry(const UiApp *a);
/* Reads the trainee's attempts at an entry for the view (records_history). A failure is shown
 * in the view, never fatal. */
void ui_history_load(UiApp *a, int entry);
/* The word "History" in the window's language (button and header). */
const char *ui_history_label(const UiApp *a);

/* The status mark of a card: a dot and its words at (x, y) in width w. Returns the height;
 * draws only when draw is true. */
int ui_history_status_line(UiApp *a, const UiHistoryTheme *t, int entry, int x, int y, int w, bool draw);
/* The history view's body at (x, y) in width w: the figures written out, the chart (at least
 * chart_h pixels tall) and its legend, or the empty state. Returns the height drawn. */
int ui_history_draw(UiApp *a, const UiHistoryTheme *t, int x, int y, int w, int chart_h);

/* The attempt id of the i-th attempt loaded (oldest first), NULL for a bad index. */
const char *ui_history_attempt_id(const UiApp *a, int i);
/* The label of the i-th attempt's row (its button), for tests: "3 · 2026-12-02 10:30 · Practice · 72%". */
void ui_history_row_label(const UiApp *a, int i, char *buf, size_t size);
void ui_history_free(UiHistory *h);

/* ---- for tests -------------------------------------------------------------------------- */

/* The plot's mapping, in pixels: percent 100 at plot.y, 0 at plot.y + plot.h - 1; the k-th
 * of n points shown at the middle of the k-th of n equal columns. */
int ui_history_y(UiRect plot, int percent);
int ui_history_x(UiRect plot, int k, int n);

/* At most this many attempts are charted (the latest ones). */
#define UI_HISTORY_MAX_SHOWN 40

typedef struct {
    int entry;            /* the scenario shown (-1: none loaded) */
    int npoints;          /* attempts found */
    int first_shown;      /* index of the first charted attempt (0 unless more than the maximum) */
    int nshown;           /* attempts charted */
    UiRect plot;          /* the plotting rectangle of the last frame ({0}: no chart drawn) */
    int pass_percent;     /* the pass mark drawn */
    int marker;           /* a point's half size in pixels */
    int best, latest;     /* -1: none */
    const char *error;    /* "" unless the records could not be read */
} UiHistoryView;
void ui_history_view(const UiApp *a, UiHistoryView *v);
/* The percent of the i-th attempt found (oldest first) and whether it was an assessment. */
int ui_history_point(const UiApp *a, int i, bool *assessment);
/* Where the status dot of an entry was drawn in the last frame ({0}: not drawn). */
UiRect ui_history_status_rect(const UiApp *a, int entry);

#endif
