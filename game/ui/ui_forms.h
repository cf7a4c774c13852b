/* ui_forms: parallel forms in the window (issue #11): the picker shows a group once, and an
 * assessment draws which of the group's forms the trainee plays (forms_draw). */
#ifndef SPARRING_UI_FORMS_H
#define SPARRING_UI_FORMS_H

#include <stdbool.h>
#include <stdint.h>

#include "app_state.h"

/* Parallel forms (scenarios sharing a `group`): whether entry i is a form whose group an
 * earlier entry already shows on the picker; how many loaded entries are forms of i's group. */
bool ui_form_shadowed(const UiApp *a, int i);
int ui_form_count(const UiApp *a, int i);
/* The entry an assessment of entry i's group plays: forms_draw over the group's forms (by
 * scenario id) from the trainee's practice in the records (none: all zero) and the seed. */
int ui_assess_form(UiApp *a, int i, uint64_t seed);

#endif
