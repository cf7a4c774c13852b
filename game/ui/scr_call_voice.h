/* scr_call_voice: the call's voice. A customer line with a recording beside the scenario
 * (voice/<scenario id>/<locale>/<node id>.flac, .opus, .ogg or .wav) plays down a telephone
 * line while its text shows, and the decision's timer waits until it has been heard. Say it
 * aloud: at a decision, before the answers show, the trainee speaks an answer into the
 * microphone (up to the decision's time; Space ends early, a level meter shows); the take is
 * kept with the decision in the records. The call screen (scr_call.c), the attempt's life
 * (app_core.c) and the loop (ui_app.c) call these hooks, passing the attempt's clock (now, ms:
 * ui_app_now); the state lives in UiApp.voice. */
#ifndef SPARRING_SCR_CALL_VOICE_H
#define SPARRING_SCR_CALL_VOICE_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "ui_types.h"

/* Whether a call in this mode of the current scenario asks the trainee to say answers aloud
 * (the practice setting, or the scenario's "say_aloud"; in a sandbox only when the mentor lets
 * it record), and whether the take would be kept in the records: the briefing says so. */
bool call_voice_say_aloud(const UiApp *a, UiMode mode);
bool call_voice_records_takes(const UiApp *a, UiMode mode);
/* A call was opened: opens the microphone when the call asks for say-aloud (a missing one is
 * said once per session, and the call goes on without). */
void call_voice_call_opened(UiApp *a);
/* The current node was entered: plays its recorded line, holds the timer until it has been
 * heard, and arms say-aloud at a decision. */
void call_voice_enter_node(UiApp *a, int64_t now);
/* A step was taken (decision: a choice or a timeout): the take said at that decision goes to
 * the records with it. */
void call_voice_after_step(UiApp *a, bool decision);
/* The call ends, is left or parked: a take in progress is dropped, the microphone closed. */
void call_voice_call_closed(UiApp *a);
/* Every turn of the loop: the line's end, the take's time limit, the meter. */
void call_voice_tick(UiApp *a, int64_t now);
/* How long the loop may sleep (ms) while the voice needs it, else -1. */
int call_voice_wait_ms(const UiApp *a);
/* The answers are held back while the trainee speaks (or is about to). */
bool call_voice_holds_answers(const UiApp *a);
/* The open microphone (NULL: none), and the time the take in progress has left (ms). */
struct AudioCapture;
struct AudioCapture *call_voice_mic(const UiApp *a);
int64_t call_voice_take_ms_left(const UiApp *a, int64_t now);
/* Keys while the trainee speaks (Space ends the take; digits do nothing): true when taken. */
bool call_voice_key(UiApp *a, const SDL_KeyboardEvent *k, int64_t now);
/* The button that ends the take (a click, or Enter). */
bool call_voice_activate(UiApp *a, int id, int64_t now);
/* Frees the state (the app closes). */
void call_voice_free(UiApp *a);
/* A sandbox's mentor lets the call record spoken answers (off by default). */
void call_voice_set_sandbox_recording(UiApp *a, bool on);
bool call_voice_sandbox_recording(const UiApp *a);

/* For tests and the benchmark. */
typedef struct {
    bool line_playing;          /* a recorded line is being heard; the timer waits */
    unsigned long line_ticket;  /* audio_play_line's ticket of the last line (0: none) */
    bool saying;                /* the microphone is recording the trainee's answer */
    bool say_armed;             /* waiting for the line to end before recording */
    bool mic;                   /* a microphone is open */
    int takes_kept;             /* takes stored with their decisions this session */
    double last_take_seconds;   /* the last take, after trimming */
    int mic_notices;            /* times "no microphone" was said this session (at most 1) */
} CallVoiceView;
void call_voice_view(const UiApp *a, CallVoiceView *v);

#endif
