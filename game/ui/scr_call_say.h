/* scr_call_say: the say-aloud panel of the call (scr_call_say.c). */
#ifndef SPARRING_SCR_CALL_SAY_H
#define SPARRING_SCR_CALL_SAY_H

#include <stdbool.h>

#include "ui_types.h"

/* The panel shown instead of the answers while the trainee is about to speak or speaks (see
 * call_voice_holds_answers): returns its height, and draws it when draw. */
int call_voice_panel(UiApp *a, int x, int y, int w, bool draw);

#endif
