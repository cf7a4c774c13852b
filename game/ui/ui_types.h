/* ui_types: the trainer window's public types (options, modes, screens, what a frame showed),
 * shared by its public interface (ui_app.h) and its state (app_state.h) without either
 * including the other. */
#ifndef SPARRING_UI_TYPES_H
#define SPARRING_UI_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "play.h"
#include "ui_gfx.h"

typedef struct UiApp UiApp;

typedef enum { UI_MODE_PRACTICE, UI_MODE_ASSESSMENT, UI_MODE_SANDBOX } UiMode;

typedef struct {
    const char *path;       /* a scenario FILE or a DIR; NULL: the bundled scenarios */
    const char *mode;       /* "practice", "assessment", "sandbox"; NULL: the remembered one */
    const char *trainee;    /* trainee id; NULL: ask at sign-in */
    const char *locale;     /* "zh"/"en"; NULL: remembered, else the system's */
    const char *db;         /* records database; NULL: cli_db_path(NULL). "" : no records */
    const char *settings;   /* settings file; NULL: ui_settings_path() */
    const char *audio;      /* audio backend: "null", "portaudio", NULL (PortAudio or null) */
    const char *mentor;     /* the mentor running a sandbox session, recorded with its attempts */
    bool fullscreen;
    bool author;            /* play --author: an author's play-test, timers frozen */
    bool no_voice;          /* play --no-voice: recorded customer lines are not played */
    int width, height;      /* window size in points; 0: 1280 x 800 */
    /* Test and benchmark hooks. clock: the time in ms (default SDL_GetTicks64); no_present:
     * frames are drawn but never presented, so ui_app_read sees the last frame. */
    int64_t (*clock)(void *ctx);
    void *clock_ctx;
    bool no_present;
} UiOptions;

/* What the screen shows, for tests. Pointers valid until the next step. */
typedef enum { UI_SCREEN_SIGNIN, UI_SCREEN_PICKER, UI_SCREEN_BRIEFING, UI_SCREEN_CALL,
               UI_SCREEN_DEBRIEF, UI_SCREEN_HISTORY /* ui_history.h */ } UiScreen;
typedef struct {
    UiScreen screen;
    UiMode mode;
    const char *locale;
    const char *trainee_id;
    bool paused, help, settings, feedback; /* feedback: practice feedback panel shown */
    const Play *play;          /* the current attempt, or NULL */
    int nentries;              /* scenarios listed (loaded or not) */
    int nchoices;              /* choice buttons on screen */
    UiRect choice_rect[SC_MAX_CHOICES]; /* the part of each in view, in pixels (answers that do
                                           not fit scroll; empty when scrolled out of view) */
    int choice_index[SC_MAX_CHOICES];   /* the node's choice index of each */
    int debrief_percent;       /* the percent the debrief shows (-1 when none) */
    UiRect debrief_percent_rect;
    bool debrief_passed;
    int debrief_rows;          /* decisions listed */
    const char *banner;        /* a message shown on screen ("" when none) */
    bool recording;            /* attempts go to the records database */
    const char *attempt_id;    /* of the running or last attempt ("" when none) */
    bool interrupted_offered;  /* the picker offers to resume an interrupted attempt */
    bool confirm_leave;        /* the call asks whether to leave (quit: the window then closes) */
    bool quit_after_leave;
    const char *parked_id;     /* a call the trainee left, offered on the picker ("" when none) */
} UiView;

#endif
