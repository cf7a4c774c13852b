/* The PortAudio sound backend: the only file that includes portaudio.h.
 *
 * Two streams: the output (the mixer) and, separately, the microphone (audio_capture.h).
 * The output callback only mixes (audio_render) and times itself into a preallocated array: no
 * locks, no allocation, no I/O. PortAudio, ALSA and JACK print freely to stderr while
 * they probe devices (dozens of lines on a machine without sound): ALSA's messages go to
 * a silent handler, and stderr points at /dev/null while PortAudio initialises, opens,
 * starts, stops and terminates, so none of it reaches the user. */
#include "audio.h"
#include "audio_capture.h"

#include <alsa/asoundlib.h>
#include <fcntl.h>
#include <portaudio.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TIMED_CALLBACKS 65536

typedef struct {
    Audio *audio;
    PaStream *stream;
    int channels;
    double output_latency;
    /* Callback timings in nanoseconds; the callback fills them in order and stops when full.
     * ntimed is published after each entry, so entries below it are complete. */
    uint32_t times_ns[TIMED_CALLBACKS];
    atomic_ulong ntimed;
    atomic_ulong last_frames;
    atomic_ulong underflows;
} PaState;

/* ---- keeping the libraries quiet --------------------------------------------------------- */

static void alsa_silent(const char *file, int line, const char *function, int err, const char *fmt, ...)
{
    (void)file;
    (void)line;
    (void)function;
    (void)err;
    (void)fmt;
}

/* Points stderr at /dev/null; returns the saved descriptor for quiet_end (-1: unchanged). */
static int quiet_begin(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    if (saved < 0)
        return -1;
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devnull < 0) {
        close(saved);
        return -1;
    }
    dup2(devnull, STDERR_FILENO);
    close(devnull);
    return saved;
}

static void quiet_end(int saved)
{
    if (saved < 0)
        return;
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
}

/* ---- the callback (audio thread) --------------------------------------------------------- */

static int pa_callback(const void *input, void *output, unsigned long frames,
                       const PaStreamCallbackTimeInfo *time_info, PaStreamCallbackFlags flags,
                       void *user)
{
    (void)input;
    (void)time_info;
    PaState *s = user;
    if (flags & paOutputUnderflow)
        atomic_fetch_add_explicit(&s->underflows, 1, memory_order_relaxed);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    audio_render(s->audio, output, frames);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    unsigned long n = atomic_load_explicit(&s->ntimed, memory_order_relaxed);
    if (n < TIMED_CALLBACKS) {
        int64_t ns = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000000000 + (t1.tv_nsec - t0.tv_nsec);
        s->times_ns[n] = ns < 0 ? 0 : ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
        atomic_store_explicit(&s->ntimed, n + 1, memory_order_release);
    }
    atomic_store_explicit(&s->last_frames, frames, memory_order_relaxed);
    return paContinue;
}

/* ---- the backend ------------------------------------------------------------------------- */

/* What open_stream opens: the default device of one direction. */
typedef struct {
    bool input;            /* the microphone, else the sound device */
    int channels;
    double latency;        /* asked for; < 0: the device's own low latency */
    unsigned long frames;  /* a callback's */
    PaStreamCallback *callback;
    void *user;
} StreamWish;

/* Starts PortAudio and opens a stream on the default device of w's direction, at *rate, else the
 * device's own rate, else CD rate (*rate set to the one taken; *latency to the stream's). NULL
 * with a message, PortAudio stopped again, when there is no such device or it cannot open. */
static PaStream *open_stream(const StreamWish *w, int *rate, double *latency, char *err, size_t errsize)
{
    /* Never let PortAudio's JACK host start a JACK server just to probe it. */
    setenv("JACK_NO_START_SERVER", "1", 0);
    snd_lib_error_set_handler(alsa_silent);
    const char *what = w->input ? "input device" : "sound device";
    int q = quiet_begin();
    PaError e = Pa_Initialize();
    if (e != paNoError) {
        quiet_end(q);
        snprintf(err, errsize, "cannot start PortAudio (%s)", Pa_GetErrorText(e));
        return NULL;
    }
    PaDeviceIndex dev = w->input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
    const PaDeviceInfo *info = dev == paNoDevice ? NULL : Pa_GetDeviceInfo(dev);
    if (!info || (w->input ? info->maxInputChannels : info->maxOutputChannels) < 1) {
        Pa_Terminate();
        quiet_end(q);
        snprintf(err, errsize, w->input ? "no microphone found" : "no sound device found");
        return NULL;
    }
    PaStreamParameters par = {
        .device = dev,
        .channelCount = w->channels,
        .sampleFormat = paFloat32,
        .suggestedLatency = w->latency >= 0 ? w->latency : info->defaultLowInputLatency,
        .hostApiSpecificStreamInfo = NULL,
    };
    double rates[3] = {*rate, info->defaultSampleRate, 44100};
    PaStream *stream = NULL;
    e = paInvalidSampleRate;
    for (int i = 0; i < 3 && e != paNoError; i++) {
        if (rates[i] < 8000 || rates[i] > 192000)
            continue;
        e = Pa_OpenStream(&stream, w->input ? &par : NULL, w->input ? NULL : &par, rates[i], w->frames,
                          paClipOff, w->callback, w->user);
        if (e == paNoError)
            *rate = (int)rates[i];
    }
    if (e != paNoError) {
        Pa_Terminate();
        quiet_end(q);
        snprintf(err, errsize, "cannot open the %s '%.80s' (%s)", what, info->name, Pa_GetErrorText(e));
        return NULL;
    }
    const PaStreamInfo *si = Pa_GetStreamInfo(stream);
    *latency = si ? (w->input ? si->inputLatency : si->outputLatency) : 0;
    quiet_end(q);
    return stream;
}

static void *pa_open(Audio *a, int *rate, int channels, char *err, size_t errsize)
{
    PaState *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    s->audio = a;
    s->channels = channels;
    atomic_init(&s->ntimed, 0);
    atomic_init(&s->last_frames, 0);
    atomic_init(&s->underflows, 0);
    StreamWish w = {false, channels, audio_latency_wanted(a), audio_frames_per_callback(a), pa_callback, s};
    s->stream = open_stream(&w, rate, &s->output_latency, err, errsize);
    if (!s->stream) {
        free(s);
        return NULL;
    }
    return s;
}

/* Starts a stream, ALSA's chatter kept off stderr; what names the device in the message. */
static int start_stream(PaStream *stream, const char *what, char *err, size_t errsize)
{
    int q = quiet_begin();
    PaError e = Pa_StartStream(stream);
    quiet_end(q);
    if (e != paNoError) {
        snprintf(err, errsize, "cannot start the %s (%s)", what, Pa_GetErrorText(e));
        return -1;
    }
    return 0;
}

static int pa_start(void *state, char *err, size_t errsize)
{
    return start_stream(((PaState *)state)->stream, "sound device", err, errsize);
}

static void pa_close(void *state)
{
    PaState *s = state;
    if (!s)
        return;
    int q = quiet_begin();
    if (Pa_IsStreamActive(s->stream) == 1)
        Pa_StopStream(s->stream);
    Pa_CloseStream(s->stream);
    Pa_Terminate();
    quiet_end(q);
    free(s);
}

static void pa_stats(void *state, AudioStats *st)
{
    PaState *s = state;
    st->output_latency = s->output_latency;
    unsigned long n = atomic_load_explicit(&s->ntimed, memory_order_acquire);
    double sum = 0, max = 0;
    for (unsigned long i = 0; i < n; i++) {
        sum += s->times_ns[i];
        if (s->times_ns[i] > max)
            max = s->times_ns[i];
    }
    st->callbacks = n;
    st->callback_mean_us = n ? sum / n / 1000.0 : 0;
    st->callback_max_us = max / 1000.0;
    st->frames_per_callback = atomic_load_explicit(&s->last_frames, memory_order_relaxed);
    st->underflows = atomic_load_explicit(&s->underflows, memory_order_relaxed);
}

const AudioBackend audio_backend_portaudio = {
    .name = "portaudio",
    .open = pa_open,
    .start = pa_start,
    .close = pa_close,
    .stats = pa_stats,
};

/* ---- the microphone: a mono float input stream on the default input device --------------- */

#define CAPTURE_FRAMES_PER_BUFFER 256 /* 5.3 ms at 48 kHz: a level meter that moves smoothly */

typedef struct {
    AudioCapture *capture;
    PaStream *stream;
} PaCapture;


static int pa_capture_callback(const void *input, void *output, unsigned long frames,
                               const PaStreamCallbackTimeInfo *time_info,
                               PaStreamCallbackFlags flags, void *user)
{
    (void)output;
    (void)time_info;
    PaCapture *s = user;
    if (flags & paInputOverflow)
        audio_capture_note_overflow(s->capture);
    if (input)
        audio_capture_feed(s->capture, input, frames);
    return paContinue;
}

static void *pa_capture_open(AudioCapture *c, int *rate, double *latency, char *err, size_t errsize)
{
    PaCapture *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    s->capture = c;
    StreamWish w = {true, 1, -1, CAPTURE_FRAMES_PER_BUFFER, pa_capture_callback, s};
    s->stream = open_stream(&w, rate, latency, err, errsize);
    if (!s->stream) {
        free(s);
        return NULL;
    }
    return s;
}

static int pa_capture_start(void *state, char *err, size_t errsize)
{
    return start_stream(((PaCapture *)state)->stream, "input device", err, errsize);
}

static void pa_capture_stop(void *state)
{
    PaCapture *s = state;
    int q = quiet_begin();
    if (Pa_IsStreamStopped(s->stream) == 0)
        Pa_StopStream(s->stream); /* returns once no callback runs */
    quiet_end(q);
}

static void pa_capture_close(void *state)
{
    PaCapture *s = state;
    if (!s)
        return;
    int q = quiet_begin();
    if (Pa_IsStreamStopped(s->stream) == 0)
        Pa_StopStream(s->stream);
    Pa_CloseStream(s->stream);
    Pa_Terminate();
    quiet_end(q);
    free(s);
}

const AudioCaptureBackend audio_capture_portaudio = {
    .name = "portaudio",
    .open = pa_capture_open,
    .start = pa_capture_start,
    .stop = pa_capture_stop,
    .close = pa_capture_close,
};
