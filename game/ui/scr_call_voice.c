/* scr_call_voice: the call's voice (scr_call_voice.h): recorded customer lines, the timer held
 * until a line has been heard, and say-aloud (the trainee's spoken answer, kept with the
 * decision). */
#include "scr_call_voice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app_state.h"
#include "audio_capture.h"
#include "audio_file.h"
#include "voice_paths.h"

#define SAY_DEFAULT_MS 60000 /* a take's limit when the decision has no timer */
#define TRIM_LEVEL 0.01f     /* -40 dBFS: quieter than this at the end of a take is silence */
#define TRIM_KEEP_S 0.03     /* kept after the last sound */

typedef enum { SAY_OFF, SAY_ARMED, SAY_RECORDING } SayState;

struct CallVoice {
    AudioCapture *mic;
    bool mic_tried;
    int mic_notices; /* "no microphone" said: once a session */
    bool sandbox_recording; /* a sandbox's mentor lets takes be kept */
    bool say_call;          /* this call asks for say-aloud */
    unsigned long line_ticket;
    bool line_playing;
    bool held; /* the play timer is paused by us */
    SayState say;
    int say_node;
    int64_t say_start, say_limit;
    float *take; /* the last take, waiting for its decision */
    size_t take_frames;
    int take_node;
    int takes_kept;
    double last_take_seconds;
};

static struct CallVoice *voice(UiApp *a)
{
    if (!a->voice)
        a->voice = calloc(1, sizeof *a->voice);
    return a->voice;
}

static bool sound_off(const UiApp *a)
{
    return a->opt.audio && !strcmp(a->opt.audio, "null");
}

/* ---- who says what ------------------------------------------------------------------------------ */

bool call_voice_say_aloud(const UiApp *a, UiMode mode)
{
    if (a->cur < 0 || a->cur >= a->nentries || !a->entries[a->cur].sc || a->opt.author)
        return false;
    if (a->voice && a->voice->mic_tried && !a->voice->mic)
        return false; /* no microphone, said once already: no briefing promises a recording */
    bool scenario = scenario_say_aloud(a->entries[a->cur].sc);
    if (mode == UI_MODE_ASSESSMENT)
        return scenario;
    return scenario || a->set.say_aloud;
}

bool call_voice_records_takes(const UiApp *a, UiMode mode)
{
    if (!call_voice_say_aloud(a, mode) || !a->db)
        return false;
    return mode != UI_MODE_SANDBOX || call_voice_sandbox_recording(a);
}

void call_voice_set_sandbox_recording(UiApp *a, bool on)
{
    struct CallVoice *v = voice(a);
    if (!v || v->sandbox_recording == on)
        return;
    v->sandbox_recording = on;
    snprintf(a->banner, sizeof a->banner, "%s", on ? a->s->say_mentor_records : a->s->say_mentor_stops);
    app_dirty(a);
}

bool call_voice_sandbox_recording(const UiApp *a)
{
    return a->voice && a->voice->sandbox_recording;
}

/* ---- the timer ---------------------------------------------------------------------------------- */

/* Something else holds the call (the pause menu, an overlay, the coach's feedback, a mentor). */
static bool held_elsewhere(const UiApp *a)
{
    return a->pause_open || a->overlay_paused || a->feedback_step >= 0 || a->mentor_hold;
}

static void hold_timer(UiApp *a, struct CallVoice *v, int64_t now)
{
    if (!a->play || play_time_limit_ms(a->play) <= 0)
        return; /* no countdown: nothing to hold (and no pause in the log) */
    if (play_status(a->play) == PLAY_CHOOSING && !play_paused(a->play)) {
        play_pause(a->play, now);
        v->held = true;
    } else if (play_paused(a->play)) {
        v->held = true; /* paused already (e.g. by the pause menu): ours to release too */
    }
}

static void release_timer(UiApp *a, struct CallVoice *v, int64_t now)
{
    if (!v->held || held_elsewhere(a))
        return;
    v->held = false;
    if (a->play && play_paused(a->play)) {
        play_resume(a->play, now); /* stored with the next step */
    }
    app_dirty(a);
}

/* ---- the customer's recorded line -------------------------------------------------------------- */

/* A line still in the mixer gives way: the call moved on (an answer before the line's end). */
static void stop_line(UiApp *a, struct CallVoice *v)
{
    if (v->line_ticket && a->audio)
        audio_stop_line(a->audio, v->line_ticket);
    v->line_playing = false;
}

static void play_line(UiApp *a, struct CallVoice *v, const ScNode *n)
{
    stop_line(a, v);
    if (a->opt.no_voice || !a->audio || strcmp(audio_backend_name(a->audio), "portaudio") != 0)
        return;
    char path[4096], err[512];
    const Scenario *sc = play_scenario(a->play);
    /* The file voice_paths says the line plays (the one coverage and the recorder count). */
    if (voice_find_take(scenario_path(sc), scenario_id(sc), scenario_locale(sc, a->loc), n->id, path,
                        sizeof path) <= 0)
        return;
    AudioClip clip = {0};
    if (audio_clip_load(path, &clip, err, sizeof err) != 0) {
        snprintf(a->banner, sizeof a->banner, "%s", err);
        return;
    }
    v->line_ticket = audio_play_line(a->audio, clip.pcm, clip.frames, clip.rate, err, sizeof err);
    audio_clip_free(&clip);
    if (!v->line_ticket)
        snprintf(a->banner, sizeof a->banner, "%s", err);
    v->line_playing = v->line_ticket != 0;
}

/* ---- say-aloud ---------------------------------------------------------------------------------- */

static int64_t unix_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Stores a take with decision number `decision` (node id node) of the running attempt,
 * FLAC-compressed, with its length and level. 0, or -1 with a message. */
static int keep_take(Recorder *rec, int decision, const char *node, float *pcm, size_t frames, int rate,
                     int64_t now_unix_ms, char *err, size_t errsize)
{
    AudioClip clip = {pcm, frames, rate};
    unsigned char *bytes = NULL;
    size_t size = 0;
    if (audio_clip_encode(&clip, "flac", &bytes, &size, err, errsize) != 0)
        return -1;
    RecordsAudio ra = {.format = "flac", .data = bytes, .size = size, .seconds = audio_clip_seconds(&clip),
                       .level_dbfs = audio_clip_level_dbfs(&clip), .node = node};
    int rc = recorder_add_audio(rec, decision, &ra, now_unix_ms, err, errsize);
    free(bytes);
    return rc;
}

static void drop_take(struct CallVoice *v)
{
    free(v->take);
    v->take = NULL;
    v->take_frames = 0;
}

void call_voice_call_opened(UiApp *a)
{
    struct CallVoice *v = voice(a);
    if (!v)
        return;
    v->say_call = call_voice_say_aloud(a, a->mode);
    v->say = SAY_OFF;
    drop_take(v);
    if (!v->say_call || v->mic)
        return;
    char err[256] = "";
    if (!v->mic_tried) {
        v->mic_tried = true;
        v->mic = sound_off(a) ? NULL : audio_capture_open(48000, err, sizeof err);
    }
    if (!v->mic) {
        v->say_call = false;
        if (!v->mic_notices++) /* once a session; the next calls just go on without say-aloud */
            snprintf(a->banner, sizeof a->banner, "%s", a->s->say_no_mic);
    }
}

static void start_take(UiApp *a, struct CallVoice *v, int64_t now)
{
    int64_t limit = a->play ? play_time_limit_ms(a->play) : 0;
    v->say_limit = limit > 0 ? limit : SAY_DEFAULT_MS;
    char err[256];
    if (audio_capture_start(v->mic, v->say_limit / 1000.0 + 1.0, err, sizeof err) != 0) {
        snprintf(a->banner, sizeof a->banner, "%s", err);
        v->say = SAY_OFF;
        return;
    }
    v->say = SAY_RECORDING;
    v->say_start = now;
    app_dirty(a);
}

/* The end of a take: what was said, less the silence after it, waits for the decision. */
static void finish_take(UiApp *a, struct CallVoice *v)
{
    float *pcm = NULL;
    size_t n = audio_capture_stop(v->mic, &pcm);
    size_t end = n;
    while (end > 0 && fabsf(pcm[end - 1]) < TRIM_LEVEL)
        end--;
    int rate = audio_capture_rate(v->mic);
    end += (size_t)(TRIM_KEEP_S * rate);
    if (end > n)
        end = n;
    drop_take(v);
    v->take = pcm;
    v->take_frames = end;
    v->take_node = v->say_node;
    v->last_take_seconds = rate > 0 ? (double)end / rate : 0;
    v->say = SAY_OFF;
    app_dirty(a);
}

void call_voice_enter_node(UiApp *a, int64_t now)
{
    struct CallVoice *v = voice(a);
    if (!v || !a->play)
        return;
    const ScNode *n = scenario_node(play_scenario(a->play), play_node(a->play));
    if (v->say == SAY_RECORDING) { /* the node moved under a take (a mentor's jump) */
        float *pcm = NULL;
        audio_capture_stop(v->mic, &pcm);
        free(pcm);
    }
    v->say = SAY_OFF;
    play_line(a, v, n);
    if (play_status(a->play) != PLAY_CHOOSING)
        return;
    if (v->say_call && v->mic) {
        v->say = SAY_ARMED;
        v->say_node = play_node(a->play);
    }
    if (v->line_playing || v->say != SAY_OFF)
        hold_timer(a, v, now);
}

void call_voice_after_step(UiApp *a, bool decision)
{
    struct CallVoice *v = a->voice;
    if (v)
        stop_line(a, v); /* the call moved on: the line said before it does not run over the next */
    if (!v || !decision || !a->play)
        return;
    if (v->say == SAY_RECORDING) /* a timeout or a mentor's move during the take */
        finish_take(a, v);
    v->say = SAY_OFF;
    if (v->take && call_voice_records_takes(a, a->mode) && a->rec) {
        char err[512];
        const ScNode *n = scenario_node(play_scenario(a->play), v->take_node);
        int rc = keep_take(a->rec, play_decision_count(a->play), n->id, v->take, v->take_frames,
                           audio_capture_rate(v->mic), unix_ms(), err, sizeof err);
        if (rc == 0)
            v->takes_kept++;
        else
            snprintf(a->banner, sizeof a->banner, "%s", err);
    }
    drop_take(v);
}

void call_voice_call_closed(UiApp *a)
{
    struct CallVoice *v = a->voice;
    if (!v)
        return;
    if (v->say == SAY_RECORDING) {
        float *pcm = NULL;
        audio_capture_stop(v->mic, &pcm);
        free(pcm);
    }
    v->say = SAY_OFF;
    v->held = false;
    stop_line(a, v);
    drop_take(v);
    if (!strcmp(a->banner, a->s->say_no_mic)) /* said for the call it came with; not again after */
        a->banner[0] = '\0';
}

void call_voice_free(UiApp *a)
{
    struct CallVoice *v = a->voice;
    if (!v)
        return;
    call_voice_call_closed(a);
    audio_capture_close(v->mic);
    free(v);
    a->voice = NULL;
}

void call_voice_tick(UiApp *a, int64_t now)
{
    struct CallVoice *v = a->voice;
    if (!v)
        return;
    if (!a->play || a->screen != UI_SCREEN_CALL) {
        if (v->say != SAY_OFF || v->held)
            call_voice_call_closed(a);
        return;
    }
    if (v->line_playing && audio_line_done(a->audio, v->line_ticket)) {
        v->line_playing = false;
        app_dirty(a);
    }
    bool waiting = v->line_playing || v->say != SAY_OFF;
    if (waiting && play_status(a->play) == PLAY_CHOOSING && !play_paused(a->play))
        hold_timer(a, v, now); /* someone resumed the call while the line plays or the trainee speaks */
    if (v->say == SAY_ARMED && !v->line_playing && !held_elsewhere(a))
        start_take(a, v, now);
    if (v->say == SAY_RECORDING) {
        app_dirty(a); /* the meter moves */
        /* The take's time is the attempt's clock; the buffer (a second longer) only stops
         * taking frames when a device runs ahead of it. */
        if (now - v->say_start >= v->say_limit || held_elsewhere(a))
            finish_take(a, v);
    }
    if (!v->line_playing && v->say == SAY_OFF)
        release_timer(a, v, now);
}

int call_voice_wait_ms(const UiApp *a)
{
    const struct CallVoice *v = a->voice;
    if (!v || a->screen != UI_SCREEN_CALL)
        return -1;
    return v->line_playing || v->say != SAY_OFF ? 30 : -1;
}

bool call_voice_holds_answers(const UiApp *a)
{
    return a->voice && a->voice->say != SAY_OFF && a->feedback_step < 0;
}

/* ---- what the trainee presses ------------------------------------------------------------------- */

AudioCapture *call_voice_mic(const UiApp *a)
{
    return a->voice ? a->voice->mic : NULL;
}

int64_t call_voice_take_ms_left(const UiApp *a, int64_t now)
{
    const struct CallVoice *v = a->voice;
    if (!v || v->say != SAY_RECORDING)
        return 0;
    int64_t left = v->say_limit - (now - v->say_start);
    return left > 0 ? left : 0;
}

bool call_voice_activate(UiApp *a, int id, int64_t now)
{
    struct CallVoice *v = a->voice;
    if (id != ACT_SAY_DONE)
        return false;
    if (v && v->say == SAY_RECORDING) {
        finish_take(a, v);
        release_timer(a, v, now);
    }
    return true;
}

bool call_voice_key(UiApp *a, const SDL_KeyboardEvent *k, int64_t now)
{
    if (!call_voice_holds_answers(a) || a->pause_open)
        return false;
    SDL_Keycode sym = k->keysym.sym;
    if (sym == SDLK_SPACE || sym == SDLK_RETURN || sym == SDLK_KP_ENTER) {
        if (!k->repeat)
            call_voice_activate(a, ACT_SAY_DONE, now);
        return true;
    }
    /* No answer can be picked before it shows. */
    return (sym >= SDLK_1 && sym <= SDLK_9) || (sym >= SDLK_KP_1 && sym <= SDLK_KP_9);
}

void call_voice_view(const UiApp *a, CallVoiceView *out)
{
    memset(out, 0, sizeof *out);
    const struct CallVoice *v = a->voice;
    if (!v)
        return;
    out->line_playing = v->line_playing;
    out->line_ticket = v->line_ticket;
    out->saying = v->say == SAY_RECORDING;
    out->say_armed = v->say == SAY_ARMED;
    out->mic = v->mic != NULL;
    out->takes_kept = v->takes_kept;
    out->last_take_seconds = v->last_take_seconds;
    out->mic_notices = v->mic_notices;
}
