/* app_clock: the trainer window's clocks. */
#ifndef SPARRING_APP_CLOCK_H
#define SPARRING_APP_CLOCK_H

#include <stdint.h>

#include "app_state.h"

/* The app's clock in ms (the test hook's, else SDL's); wall-clock ms since 1970. */
int64_t app_clock(const UiApp *a);
int64_t app_unix_ms(void);
/* ms since the attempt started. */
int64_t ui_app_now(const UiApp *a);
/* A call is on screen and not over: its clock runs (unless its Play is paused). */
bool app_call_live(const UiApp *a);

#endif
