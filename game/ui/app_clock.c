/* app_clock: the trainer window's clocks (app_clock.h). */
#include "app_clock.h"

#include <time.h>

#include <SDL.h>

int64_t app_clock(const UiApp *a)
{
    return a->opt.clock ? a->opt.clock(a->opt.clock_ctx) : (int64_t)SDL_GetTicks64();
}

int64_t ui_app_now(const UiApp *a) { return app_clock(a) - a->t0; }

int64_t app_unix_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool app_call_live(const UiApp *a)
{
    if (a->screen != UI_SCREEN_CALL || !a->play)
        return false;
    PlayStatus s = play_status(a->play);
    return s == PLAY_CHOOSING || s == PLAY_WAITING;
}
