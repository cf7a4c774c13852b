/* mentor_console_int: what the console's two files share (mentor_console.c: actions, keys and
 * life; mentor_console_draw.c: its layout and drawing). Not for other files. */
#ifndef SPARRING_MENTOR_CONSOLE_INT_H
#define SPARRING_MENTOR_CONSOLE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mentor_replay.h"
#include "mentor_ui.h"
#include "records.h"
#include "ui_app.h"
#include "ui_strings.h"

typedef struct MentorConsole MentorConsole;

/* What a button does. */
enum {
    MA_NONE = 0,
    MA_PAUSE,
    MA_FIELD,
    MA_COMMENT,
    MA_REVIEW,
    MA_RECORD, /* spoken answers kept in the records (a sandbox records none unless turned on) */
    MA_METER = 1000,    /* + meter * 4 + (0: -10, 1: -1, 2: +1, 3: +10) */
    MA_EVENT = 100000,  /* + event index */
    MA_REWIND = 200000, /* + decision index */
};

typedef struct {
    char *text;
    int64_t at_ms;
    int decisions;
    bool after_call; /* written once the call had ended */
} Comment;

struct MentorConsole {
    UiApp *app;
    MentorWin *w;
    const UiConsoleWords *s;
    const UiStrings *ls; /* the window's language: its punctuation and shared words */
    int loc;
    bool held;
    int meter;
    bool quit;
    bool acted;        /* the Play was changed: the trainee's window is to be drawn at once */
    MentorReplay *review;      /* the case review opened at the end of a call */
    RecordsAttempt *review_at;
    char status[512];
    bool status_ok;    /* the status confirms something (else it reports a problem) */
    char attempt[40];  /* the attempt the comments below belong to */
    Comment *comments;
    int ncomments;
    /* What the last frame showed, to redraw only on change. */
    const void *seen_play;
    int seen_screen, seen_steps, seen_node, seen_status;
    bool seen_paused;
    long seen_sec;
    /* For tests. */
    int nkey;
    UiRect key_rect[SC_MAX_CHOICES];
    char key_text[SC_MAX_CHOICES][160];
};

/* A scenario text in the console's locale. */
const char *mc_tx(const MentorConsole *c, const ScText *t);
int64_t mc_choice_total(const ScChoice *ch);
/* "+5 points: Empathy +3, Needs discovery +2 → explain" */
void mc_points_text(const MentorConsole *c, const Scenario *sc, const ScChoice *ch, char *buf, size_t size);
/* The first line of a text, at most max bytes, cut at a character boundary, with "…". */
void mc_snippet(const char *s, char *buf, size_t size, size_t max);
/* The first paragraph of s into buf (size bytes), cut between characters with "…" so that it
 * takes at most `lines` lines at font size `size` wrapped to `wrap` pixels, as the widget layer
 * measures it: as much as the width allows, in any script. */
void mc_fit(UiWidgets *u, int size, const char *s, int wrap, int lines, char *buf, size_t bufsize);
/* The attempt a comment can still go to once the call is over ("" when none). */
const char *mc_closed_attempt(const MentorConsole *c);
/* The Play the controls act on: a sandbox call on screen that has not ended (else NULL). */
Play *mc_live(const MentorConsole *c);

#endif
