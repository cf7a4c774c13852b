/* The voice recorder's window: its state (read and changed by voice_rec.c: takes, events, the
 * script) and its frame (voice_win.c). Other modules use the functions of voice_rec.h. */
#ifndef SPARRING_VOICE_WIN_H
#define SPARRING_VOICE_WIN_H

#include <stdbool.h>

#include "audio.h"
#include "audio_capture.h"
#include "mentor_ui.h"
#include "scenario.h"
#include "ui_strings.h"

typedef enum { VOICE_TAKE_NONE, VOICE_TAKE_SAVED, VOICE_TAKE_SKIPPED, VOICE_TAKE_UNREADABLE } VoiceTakeState;

/* Button ids. */
enum { VR_RECORD = 1, VR_PLAY, VR_SKIP, VR_PREV, VR_NEXT, VR_LINE = 100 };

typedef struct {
    int node;              /* node index */
    VoiceTakeState state;
    double seconds;        /* the take's length */
    bool clipped;          /* the take saved in this session clipped */
} VoiceLine;

typedef struct {
    bool hold;             /* rec:SECONDS (else a key) */
    double seconds;
    char key[64];
} VoiceStep;

typedef struct VoiceRec {
    const Scenario *sc;
    int loc;                       /* the locale recorded */
    const UiStrings *s;
    const UiVoiceWords *w;
    MentorWin *win;
    AudioCapture *mic;
    Audio *audio;
    double max_seconds;
    VoiceLine *lines;
    int nlines, cur;
    bool recording, by_space;      /* a take in progress, started by Space (ends on its release) */
    bool clipped_now;              /* the take in progress clipped */
    bool monitoring, monitor_tried; /* the microphone's level shows between takes too */
    int meter_db;                  /* the level last drawn, in whole dB (-120: silence) */
    char message[600];
    bool message_bad;              /* drawn in the warning colour */
    bool quit;
    /* the script */
    VoiceStep *steps;
    int nsteps, step;
    bool scripted;                 /* a script was given: the window closes at its end */
    int holding;                   /* the script holds Space: 1 pushed, 2 handled (recording) */
    int settle;                    /* loop passes to wait for pushed events to be handled */
} VoiceRec;

/* Draws the recorder's frame (and ends it: shown unless the window's no_present is set). */
void voice_win_draw(VoiceRec *r);

#endif
