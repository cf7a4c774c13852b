/* Sound: built-in cues (synthesised), a scenario's own WAV files, volume and mute.
 *
 * The main thread calls the functions below; they never block. A backend (PortAudio, or
 * null when there is no device or with --no-sound) pulls mixed frames from its own thread
 * through audio_render(); the two sides talk through a lock-free single-producer
 * single-consumer queue. See docs/sound.md. */
#ifndef SPARRING_AUDIO_H
#define SPARRING_AUDIO_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    AUDIO_CUE_RING,   /* a phone ringing: two double rings, about 3 s */
    AUDIO_CUE_PICKUP, /* the handset lifted: a short clunk */
    AUDIO_CUE_HANGUP, /* the line cut: a click */
    AUDIO_CUE_BUSY,   /* busy tone by locale: zh 450 Hz 0.35/0.35 s, en 480+620 Hz 0.5/0.5 s */
    AUDIO_CUE_CHIME,  /* feedback shown */
    AUDIO_CUE_TICK,   /* each of a timer's last five seconds */
    AUDIO_CUE_PASS,   /* an attempt passed: a rising sting */
    AUDIO_CUE_FAIL,   /* an attempt failed: a falling sting */
    AUDIO_CUE_COUNT
} AudioCue;

typedef struct Audio Audio;

/* Opens sound. backend: "portaudio", "null", or NULL for PortAudio falling back to null.
 * Never NULL except out of memory. When PortAudio cannot be used (or the name is unknown)
 * it falls back to null and writes one line of warning (no newline) for the caller to
 * print to warn; warn is "" otherwise. "null" never touches a device (--no-sound).
 * PortAudio's, ALSA's and JACK's own messages never reach stderr. The caller frees with
 * audio_close(). Every function but audio_render accepts a NULL Audio (and does nothing). */
Audio *audio_open(const char *backend, char *warn, size_t warnsize);
/* The same with the device's buffering chosen: frames per callback (0: AUDIO_FRAMES_DEFAULT) and
 * the output latency asked of the device, in seconds (0: AUDIO_LATENCY_DEFAULT; the device may
 * give more). Smaller is quicker to be heard and costs more wake-ups (docs/sound.md, Figures). */
#define AUDIO_FRAMES_DEFAULT 256
#define AUDIO_LATENCY_DEFAULT 0.015
Audio *audio_open_tuned(const char *backend, unsigned long frames_per_callback, double latency, char *warn,
                        size_t warnsize);
/* Stops the device and frees everything; NULL is allowed. */
void audio_close(Audio *a);
/* The cue a scenario's `sound` names ("ring", "pickup", "hangup", "busy", "chime", "tick"),
 * or -1 when the name is not a built-in cue (then it is a WAV path). */
int audio_cue_from_name(const char *name);
/* The name of a cue ("ring" ... "fail"); "" for an out-of-range value. */
const char *audio_cue_name(AudioCue cue);
/* Starts a cue. locale ("zh", "en", NULL for en) picks the busy tone; other cues ignore it.
 * Never blocks; when the queue is full (nobody is pulling frames) the cue is dropped. */
void audio_play_cue(Audio *a, AudioCue cue, const char *locale);
/* The same, after `seconds` of silence (0..60), counted in frames by the mixer: e.g. the
 * busy tone after the hang-up click. audio_stop_all cancels a cue still waiting. */
void audio_play_cue_after(Audio *a, AudioCue cue, const char *locale, double seconds);
/* Starts a WAV file (any format SDL reads), converted to the device format and cached by
 * path on first use. 0 on success; -1 with a one-line message in err when the file cannot
 * be read, is not a WAV, or is too long (over 60 s). With the null backend the file is
 * still loaded, so errors show. */
int audio_play_file(Audio *a, const char *wav_path, char *err, size_t errsize);
/* Stops every playing sound (with a short fade). */
void audio_stop_all(Audio *a);
/* Master volume 0..1 (clamped), applied with a short ramp. Default 1. */
void audio_set_volume(Audio *a, float volume);
/* Mute keeps the volume setting; unmuting restores it. Default unmuted. */
void audio_set_muted(Audio *a, bool muted);
float audio_volume(const Audio *a);
bool audio_muted(const Audio *a);

/* ---- recorded lines: the customer's voice ------------------------------------------------ */

/* Plays a recorded line (mono samples at `rate` Hz; copied): converted to the mixer's rate and
 * made to sound like a phone call (audio_phone_filter) before it is queued. Returns a ticket
 * (> 0) for audio_line_done, or 0 with a one-line message: the queue full (the device not
 * taking frames), out of memory, a clip empty or over 2 minutes. With the null backend the line
 * is queued but only a test pulling frames (audio_render) ever plays it: a caller that waits for
 * the line checks audio_backend_name first. Volume and mute apply as to every sound. */
unsigned long audio_play_line(Audio *a, const float *pcm, size_t frames, int rate, char *err, size_t errsize);
/* Stops a line (with the short fade of audio_stop_all), leaving every other sound playing: the
 * call moved on before the line ended. Nothing for ticket 0, an unknown ticket or a line done. */
void audio_stop_line(Audio *a, unsigned long ticket);
/* True once the mixer has played the line to its end, or stopped it (audio_stop_all) or let
 * it give way to a newer sound (audio_stop_line too); true for ticket 0 and unknown tickets. */
bool audio_line_done(const Audio *a, unsigned long ticket);
/* Frames of the line played so far by the mixer; *frames (may be NULL) its length. */
size_t audio_line_position(const Audio *a, unsigned long ticket, size_t *frames);
/* The telephone band, in place, on mono samples at `rate`: an 8th-order Butterworth band of
 * about 400-3200 Hz (energy below 300 Hz and above 3400 Hz more than 20 dB under the band's),
 * a light compressor, and a peak of -3 dBFS (audio_phone.c). */
void audio_phone_filter(float *x, size_t n, int rate);
/* A copy of pcm converted from rate to out_rate and filtered as above (malloc'd; *out_frames
 * its length), or NULL with a message. */
float *audio_phone_prepare(const float *pcm, size_t frames, int rate, int out_rate, size_t *out_frames,
                           char *err, size_t errsize);

/* ---- for backends, tests and the benchmark -------------------------------------------- */

/* The backend in use: "portaudio" or "null". */
const char *audio_backend_name(const Audio *a);
/* The buffering asked for at open (audio_open_tuned): frames per callback, latency (s). */
unsigned long audio_frames_per_callback(const Audio *a);
double audio_latency_wanted(const Audio *a);
/* The mixer's format: interleaved float32, this many channels (2) at this rate (Hz). */
int audio_rate(const Audio *a);
int audio_channels(const Audio *a);

/* Mixes `frames` frames into out (interleaved, audio_channels() floats per frame),
 * applying the commands queued since the last call. The audio thread's function: no locks,
 * no allocation, no I/O. The PortAudio backend calls it from its callback; with the null
 * backend nothing calls it, and a test may call it (then the test is the audio thread).
 * Returns the number of voices still playing. */
int audio_render(Audio *a, float *out, size_t frames);

/* How many samples a cue lasts at the mixer's rate (locale as for audio_play_cue). */
size_t audio_cue_frames(const Audio *a, AudioCue cue, const char *locale);

typedef struct {
    double output_latency;    /* seconds, as the backend reports it (0 for null) */
    unsigned long callbacks;  /* backend callbacks timed so far */
    double callback_mean_us;  /* time spent inside the callback, measured there */
    double callback_max_us;
    unsigned long frames_per_callback; /* of the last callback */
    unsigned long dropped;    /* commands dropped because the queue was full */
    unsigned long underflows; /* callbacks the backend flagged as late (output underflow) */
} AudioStats;
/* Figures for the benchmark and troubleshooting. */
void audio_get_stats(const Audio *a, AudioStats *st);
/* How many times a cue was asked for (audio_play_cue and _after), whatever the backend: lets a
 * test on the null backend check what the trainer would have played. */
unsigned long audio_cue_requests(const Audio *a, AudioCue cue);

/* A backend: a small table of functions chosen at audio_open. open() opens the device
 * (not yet pulling) and returns its private state, or NULL with a one-line reason in err;
 * *rate is the rate wanted on entry and the rate opened on return. start() makes the
 * device pull frames through audio_render(a, ...): 0, or -1 with a reason. close() stops
 * and frees. Only audio.c and the backend files use this. */
typedef struct {
    const char *name;
    void *(*open)(Audio *a, int *rate, int channels, char *err, size_t errsize);
    int (*start)(void *state, char *err, size_t errsize);
    void (*close)(void *state);
    void (*stats)(void *state, AudioStats *st); /* may be NULL */
} AudioBackend;

extern const AudioBackend audio_backend_portaudio; /* audio_portaudio.c */
extern const AudioBackend audio_backend_null;      /* audio_null.c */

#endif
