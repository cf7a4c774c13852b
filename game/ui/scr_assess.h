/* scr_assess: what an assessment changes on the call and the debrief (issue #11): whether a
 * scenario has meters the trainee sees, the meters' course over the call for the debrief, and
 * the names of an answer's techniques. */
#ifndef SPARRING_SCR_ASSESS_H
#define SPARRING_SCR_ASSESS_H

#include <stdbool.h>
#include <stddef.h>

#include "app_state.h"

/* Whether the scenario has a meter with `show`. */
bool scr_any_meter_shown(const Scenario *sc);
/* "Techniques: LAER, SPIN:implication" for a choice that names any; "" otherwise. */
void scr_techniques_line(const UiApp *a, const ScChoice *c, char *buf, size_t size);
/* The debrief's block of each shown meter's course over the call (a column per step, from the
 * start value) at (x, y), width w; returns its height (0 with no shown meter). draw: false
 * measures only. */
int scr_meters_course(UiApp *a, int x, int y, int w, bool draw);

#endif
