/* mentor_console: the mentor's window in a sandbox session (`sparring play --mode sandbox`).
 *
 * Beside the trainee's window (which shows no answer key) it shows the scenario's outline with
 * the current node and the path so far, the choices on offer with their points and feedback,
 * the meters with controls to change them, the scenario's events as buttons that inject them,
 * pause and resume of the trainee's timer, rewind to any earlier decision, and a comment box.
 * Everything the mentor does goes to the attempt's record as a mentor event (recorder_mentor_event)
 * stamped with the offset from the attempt's start and the number of decisions taken. */
#ifndef SPARRING_MENTOR_CONSOLE_H
#define SPARRING_MENTOR_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

#include "mentor_ui.h"
#include "ui_app.h"

typedef struct MentorConsole MentorConsole;

typedef struct {
    int width, height; /* window size in points; 0: 1000 x 760 */
    bool no_present;   /* tests: draw but never present, so pixels can be read back */
} MentorConsoleOptions;

/* Opens the console for the app's sandbox session (on the second display when there is one).
 * The app must outlive it. NULL with a message in err. Free with mentor_console_free. */
MentorConsole *mentor_console_new(UiApp *app, const MentorConsoleOptions *opt, char *err, size_t errsize);
void mentor_console_free(MentorConsole *c);

/* Handles the events queued for the console, keeps the mentor's pause, follows the trainee's
 * play and draws when anything changed. */
void mentor_console_step(MentorConsole *c);
/* Draws a frame now. */
void mentor_console_draw(MentorConsole *c);
/* True once the mentor closed the console (or pressed Ctrl+Q). */
bool mentor_console_done(const MentorConsole *c);

/* The loop of a sandbox session: both windows until either is closed. Returns 0. */
int mentor_run(UiApp *app, MentorConsole *c);

/* For tests. */
MentorWin *mentor_console_win(MentorConsole *c);
typedef struct {
    bool live;              /* a call is on and the controls act on it */
    bool held;              /* the mentor paused the trainee's timer */
    int meter;              /* the meter the arrow keys change */
    int ncomments;          /* comments made in this attempt */
    const char *status;     /* the last message ("" when none) */
    const char *field;      /* the comment being typed */
    const char *composing;  /* the input method's composition */
    int nkey;               /* answer-key lines drawn (choices on offer and not) */
    bool review_open;       /* "Open the review" opened the case review beside the console */
    const struct MentorReplay *review;
    UiRect key_rect[SC_MAX_CHOICES]; /* the points text of each, in pixels */
    char key_text[SC_MAX_CHOICES][160];
} MentorConsoleView;
void mentor_console_view(const MentorConsole *c, MentorConsoleView *v);

#endif
