/* The trainer's voice recorder (`sparring voice record FILE`): a window that walks through
 * every line the customer speaks (voice_lines' order), shows its text large, and records it
 * from the microphone while Space is held (or between two clicks on the Record button), with
 * a live level meter and a clipping warning. A take is trimmed of the silence at both ends
 * (voice_trim) and saved as voice/<scenario id>/<locale>/<node id>.flac beside the scenario
 * (voice_paths); recording again replaces it. Built on the mentor's window (mentor_ui: the
 * one widget layer, its palette); its words come from ui_strings' voice table.
 *
 * Scripts: voice_rec_script queues steps that the loop performs like a trainer would, for
 * tests and demonstrations (see voice_rec_script). */
#ifndef SPARRING_VOICE_REC_H
#define SPARRING_VOICE_REC_H

#include <stdbool.h>
#include <stddef.h>

#include "audio.h"
#include "audio_capture.h"
#include "mentor_ui.h"
#include "scenario.h"
#include "voice_win.h" /* VoiceRec, VoiceTakeState */

typedef struct {
    const char *locale;  /* the scenario's locale to record (NULL: its first) */
    AudioCapture *mic;   /* the microphone (borrowed; required) */
    Audio *audio;        /* play back through it (borrowed; NULL: no play back) */
    int width, height;   /* window points (0: 1000 x 720) */
    bool no_present;     /* tests: frames are drawn but not shown */
    double max_seconds;  /* a take's limit (0: 60 s) */
} VoiceRecOptions;

/* Opens the window on the scenario's spoken lines (sc is borrowed and must outlive the
 * recorder). Starts at the first line without a take. NULL with a message in err: no such
 * locale, no spoken line, no window. Free with voice_rec_free. */
VoiceRec *voice_rec_new(const Scenario *sc, const VoiceRecOptions *o, char *err, size_t errsize);
/* Stops a take in progress (discarding it), closes the window, removes its temporary files. */
void voice_rec_free(VoiceRec *r);

/* Handles the pending events (waiting up to wait_ms for one), performs the script's next step
 * when its time has come, and draws when something changed. false once the window is closed
 * (Esc, Ctrl+Q, the window's close button) or the script has ended. */
bool voice_rec_step(VoiceRec *r, int wait_ms);
/* Steps until the window is closed. */
void voice_rec_run(VoiceRec *r);

/* Queues a script: comma-separated steps, each either
 *   rec:SECONDS  hold Space until the take holds SECONDS of sound (counted in frames, so a
 *                microphone faster or slower than real time gives the same take), then release
 *   KEY          press and release a key, by SDL's name ("Right", "Left", "S", "P", "Escape")
 * When the last step is done the window closes. 0, or -1 with a message (an unknown key, a bad
 * length). */
int voice_rec_script(VoiceRec *r, const char *script, char *err, size_t errsize);

/* What the window shows, for tests. */
typedef struct {
    int current, nlines, recorded; /* the line shown (0-based), lines, lines with a take */
    const char *node;              /* the current line's node id */
    bool recording, clipped;       /* a take in progress; the last take (or this one) clipped */
    const char *message;           /* the status line ("" when none) */
} VoiceRecView;
void voice_rec_view(const VoiceRec *r, VoiceRecView *v);
/* The state of line i and its take's length in seconds (0 when none). */
VoiceTakeState voice_rec_line(const VoiceRec *r, int i, double *seconds);
/* The window (tests push events to it and read its frame). */
MentorWin *voice_rec_win(VoiceRec *r);
/* Draws the current frame now. */
void voice_rec_draw(VoiceRec *r);

#endif
