/* app_state: the trainer window's state, for the app (ui_app.c: the loop and global keys),
 * the attempt's life and navigation (app_core.c) and the screens (scr_*.c). Modules outside
 * the window read it through ui_app.h's functions instead. */
#ifndef SPARRING_APP_STATE_H
#define SPARRING_APP_STATE_H

#include "audio.h"
#include "records.h"
#include "scenario.h"
#include "ui_gfx.h"
#include "ui_types.h"
#include "ui_widgets.h"
#include "ui_settings.h"
#include "ui_strings.h"

/* What a button does. Ids are stable across frames, so focus survives a redraw. */
enum {
    ACT_NONE = 0,
    ACT_FIELD_ID, ACT_FIELD_NAME, ACT_LANG_ZH, ACT_LANG_EN,
    ACT_SIGNIN, ACT_SETTINGS, ACT_HELP, ACT_SIGNOUT,
    ACT_BRIEF_START, ACT_BRIEF_BACK, ACT_BRIEF_PRACTICE, ACT_BRIEF_ASSESS,
    ACT_CONTINUE, ACT_FEEDBACK_OK, ACT_TO_DEBRIEF, ACT_RESUME, ACT_LEAVE,
    ACT_RETRY, ACT_BACK_LIST,
    ACT_SET_TIMERS, ACT_SET_CONTRAST, ACT_SET_MUTE, ACT_VOL_DOWN, ACT_VOL_UP, ACT_ZOOM_DOWN,
    ACT_ZOOM_UP, ACT_OVERLAY_CLOSE, ACT_INT_RESUME, ACT_INT_CLOSE,
    ACT_LEAVE_CONFIRM, ACT_LEAVE_CANCEL, ACT_PARK_RESUME, ACT_PARK_DISCARD,
    ACT_PRACTISE_NEXT, ACT_OPEN_REVIEW, ACT_BACK_HISTORY,
    ACT_SAY_DONE, ACT_SET_SAY, /* say-aloud: end the take; the practice setting */
    ACT_PICK = 1000,      /* + entry index */
    ACT_CHOICE = 1000000, /* + the node's choice index */
};

/* Scrollable regions (UiWidgets areas). */
enum { AREA_NONE = UW_AREA_NONE, AREA_PAGE, AREA_PICKER, AREA_TRANSCRIPT, AREA_CHOICES, AREA_OVERLAY, AREA_COUNT };

/* The countdown as last drawn: its bar, the filled part's width and colour (0 good, 1 warn,
 * 2 bad), and its words' rectangle. */
typedef struct { UiRect bar, text; int fill, level; } UiTimerShown;

typedef struct {
    char *path;
    char *name;    /* file name, for listing failures */
    Scenario *sc;  /* NULL: failed to load */
    char *error;   /* the first diagnostic when it failed */
    int best, latest;
    bool passed_assessment;
} UiEntry;

typedef struct {
    int step;                 /* step index in the play log */
    int node;
    const ScChoice *taken;    /* choice or timeout outcome */
    bool timeout;
    int64_t taken_points;
    int best;                 /* the node's choice index of the best offered choice, -1: none */
    int64_t best_points;
    bool taken_is_best;
} UiDebriefRow;

struct UiApp {
    UiOptions opt;
    char settings_path[4096];
    UiSettings set;
    UiGfx *g;
    const UiStrings *s;
    UiMode mode;             /* of the call on screen (chosen on the briefing) */
    UiMode default_mode;     /* what the briefing offers first: practice, or --mode's */
    UiScreen screen;
    bool help, settings_open, pause_open, quit, need_id;
    bool mentor_hold; /* a mentor's console holds the timer (sandbox) */
    char composing[64];      /* text an input method is composing in a field (not yet typed) */
    bool field_selected;     /* Ctrl+A in a field: the next typing replaces its text */

    UiEntry *entries;
    int nentries;
    char *source; /* the folder or file listed */
    int cur;      /* entry of the briefing / call / debrief */

    Play *play;
    PlayOptions popt;
    int loc;                 /* the scenario's locale index */
    int64_t t0;              /* clock at the attempt's start */
    int feedback_step;       /* practice: the decision step whose feedback shows; -1 */
    int last_tick;           /* the last countdown second that ticked */
    bool overlay_paused;     /* help/settings paused the call */
    char mood[32];

    UiDebriefRow *rows;
    int nrows;
    PlayResult result;

    UiWidgets ui;            /* buttons, scrolling, focus of the frame (ui_widgets.h) */
    int focus_under;         /* the focus under an open overlay */

    char banner[512];
    Audio *audio;
    Records *db;
    Recorder *rec;
    char attempt_id[40];
    /* The shared records server lost (app_rec.c): rec's steps wait in the Play (behind) and are
     * tried again at retry_at (app_clock); a finished attempt whose close waits for the server
     * (held); the station's own file, recording the calls begun while the server was away
     * (local: rec writes there), whose attempts join the shared store once it answers. */
    struct {
        bool behind, local, unjoined, lost_banner;
        int64_t retry_at, wait; /* the next try, and the wait before it (ms) */
        Recorder *held;
        Play *held_play;
        int64_t held_retry_at, held_wait;
        Records *local_db;
    } recs;
    /* Leaving a call asks first (the pause menu's Leave, closing the window, Ctrl+Q); a left
     * call is parked, still in progress, and the picker offers it until resumed or discarded. */
    bool confirm_leave, quit_after_leave;
    struct {
        Play *play;
        Recorder *rec;
        int entry, loc;
        UiMode mode;
        int64_t at;          /* ms into the attempt when it was left */
        char attempt_id[40];
        char trainee[64];    /* whose call it is: offered to them only */
        PlayOptions popt;
    } parked;
    RecordsAttempt *interrupted; /* attempts a crash left in progress (records_interrupted) */
    int ninterrupted;
    bool *interrupted_done;      /* resumed or closed this session */
    struct UiReload *reload;     /* hot reload of the open file (ui_reload.c) */
    struct UiHistory *history;   /* the picker's statuses and the history view (ui_history.c) */
    struct PickerCards *cards;   /* the picker's card heights, measured as they come into view (scr_picker.c) */
    struct CallVoice *voice;     /* recorded lines and say-aloud (scr_call_voice.c) */

    /* The debrief's extras (app_core.c): what to practise next (entry -1: nothing), the attempt
     * as recorded (its mentor's comments), whether it is a past attempt opened from the history,
     * and the case review opened from it (its own window, stepped by the loop). */
    struct { int entry, percent, attempts; char competency[64]; } next;
    RecordsAttempt *debrief_at;
    int64_t debrief_read;    /* app_clock when debrief_at was read (a mentor may comment meanwhile) */
    bool past;
    void *review;            /* opened through opt.review */

    /* What the last frame showed (for tests). */
    int nchoice_btn;
    UiRect choice_rect[SC_MAX_CHOICES];
    int choice_index[SC_MAX_CHOICES];
    int shown_percent;
    UiRect timer_rect;       /* the countdown's strip (empty when none): what a tick redraws */
    int timer_sec;           /* the second it shows */
    bool timer_due;          /* the countdown shows something new: draw it again */
    UiTimerShown timer_shown; /* what it showed: a tick sends only what changed to the screen */
    long frames, parts;      /* whole frames drawn, countdowns drawn again alone */
    UiRect shown_percent_rect;
};

/* Design sizes of text, and the measuring helpers every screen uses (sizes in design units,
 * scaled by ui_gfx for HiDPI and the text-size setting). */
enum { FS_SMALL = 14, FS_BODY = 17, FS_LARGE = 21, FS_TITLE = 26, FS_HUGE = 76 };

static inline int px(const UiApp *a, double u) { return ui_gfx_px(a->g, u); }
static inline int fs(const UiApp *a, double u) { return ui_gfx_tpx(a->g, u); }

static inline int text_h(UiApp *a, int size, const char *s, int wrap)
{
    int w, h;
    ui_gfx_text_size(a->g, size, s, wrap, &w, &h);
    return h;
}

static inline int text_w(UiApp *a, int size, const char *s)
{
    int w, h;
    ui_gfx_text_size(a->g, size, s, 0, &w, &h);
    return w;
}

static inline void app_dirty(UiApp *a) { a->ui.dirty = true; }

#endif
