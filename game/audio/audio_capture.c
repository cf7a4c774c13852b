/* The microphone: the take buffer, level and clipping, the choice of backend, and the null
 * capture backend (fed by tests). The PortAudio input stream lives in audio_portaudio.c.
 *
 * Threads: the backend's thread calls only audio_capture_feed(), which writes frames below
 * the buffer's end and then publishes the count (release); the main thread reads frames only
 * below a count it loaded (acquire). The buffer is allocated before a take starts and handed
 * over only after the backend has stopped. */
#include "audio_capture.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEVEL_SECONDS 0.05f
#define CLIP_LEVEL 0.99f

struct AudioCapture {
    const AudioCaptureBackend *backend;
    void *state;
    int rate;
    double latency;

    float *buf; /* the take: cap frames, allocated by audio_capture_start */
    size_t cap;
    _Atomic size_t n;           /* frames written (the audio thread's, published) */
    atomic_bool recording;      /* the audio thread writes only while set */
    atomic_int clipped;
    atomic_bool full;
    atomic_ulong overflows;

    /* Monitoring (audio_capture_monitor): the device runs between takes and only its level is
     * kept, as two peaks (float bits): the window being filled and the last full one. */
    bool monitoring, running; /* main thread: asked for; the backend started */
    _Atomic uint32_t peak_now_bits, peak_last_bits;
    size_t peak_frames; /* the audio thread's own */
};

static uint32_t f2u(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float u2f(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* ---- the null backend: no device; a test feeds frames ------------------------------------ */

static void *null_open(AudioCapture *c, int *rate, double *latency, char *err, size_t errsize)
{
    (void)rate; /* any rate will do */
    (void)err;
    (void)errsize;
    *latency = 0;
    return c; /* no private state: anything non-NULL */
}

static int null_start(void *state, char *err, size_t errsize)
{
    (void)state;
    (void)err;
    (void)errsize;
    return 0;
}

static void null_nothing(void *state)
{
    (void)state;
}

static const AudioCaptureBackend capture_null = {
    .name = "null",
    .open = null_open,
    .start = null_start,
    .stop = null_nothing,
    .close = null_nothing,
};

/* ---- open and close ------------------------------------------------------------------------ */

AudioCapture *audio_capture_open_backend(const char *backend, int rate, char *err, size_t errsize)
{
    char dummy[8];
    if (!err || !errsize) {
        err = dummy;
        errsize = sizeof dummy;
    }
    err[0] = '\0';
    const AudioCaptureBackend *b = NULL;
    if (!backend) {
        const char *env = getenv("SPARRING_AUDIO");
        if (env && (!strcmp(env, "none") || !strcmp(env, "null"))) {
            snprintf(err, errsize, "microphone: sound is turned off (SPARRING_AUDIO=%s)", env);
            return NULL;
        }
        b = &audio_capture_portaudio;
    } else if (!strcmp(backend, "portaudio")) {
        b = &audio_capture_portaudio;
    } else if (!strcmp(backend, "null")) {
        b = &capture_null;
    } else {
        snprintf(err, errsize, "microphone: unknown sound backend '%.64s'", backend);
        return NULL;
    }
    if (rate < 8000 || rate > 192000)
        rate = 48000;
    AudioCapture *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errsize, "microphone: out of memory");
        return NULL;
    }
    atomic_init(&c->n, 0);
    atomic_init(&c->recording, false);
    atomic_init(&c->clipped, 0);
    atomic_init(&c->full, false);
    atomic_init(&c->overflows, 0);
    c->backend = b;
    c->rate = rate;
    char why[200] = "";
    c->state = b->open(c, &c->rate, &c->latency, why, sizeof why);
    if (!c->state) {
        snprintf(err, errsize, "microphone: %s", why[0] ? why : "cannot be opened");
        free(c);
        return NULL;
    }
    return c;
}

AudioCapture *audio_capture_open(int rate, char *err, size_t errsize)
{
    return audio_capture_open_backend(NULL, rate, err, errsize);
}

void audio_capture_close(AudioCapture *c)
{
    if (!c)
        return;
    float *pcm = NULL;
    audio_capture_stop(c, &pcm);
    free(pcm);
    audio_capture_monitor(c, false, NULL, 0);
    c->backend->close(c->state);
    free(c);
}

/* ---- a take ------------------------------------------------------------------------------------ */

int audio_capture_start(AudioCapture *c, double max_seconds, char *err, size_t errsize)
{
    char dummy[8];
    if (!err || !errsize) {
        err = dummy;
        errsize = sizeof dummy;
    }
    err[0] = '\0';
    if (!c) {
        snprintf(err, errsize, "microphone: none");
        return -1;
    }
    if (atomic_load(&c->recording)) {
        snprintf(err, errsize, "microphone: already recording");
        return -1;
    }
    if (!(max_seconds > 0) || max_seconds > AUDIO_CAPTURE_MAX_SECONDS) {
        snprintf(err, errsize, "microphone: a take lasts more than 0 and at most %.0f seconds",
                 AUDIO_CAPTURE_MAX_SECONDS);
        return -1;
    }
    size_t cap = (size_t)ceil(max_seconds * c->rate);
    if (cap == 0)
        cap = 1;
    float *buf = malloc(cap * sizeof *buf);
    if (!buf) {
        snprintf(err, errsize, "microphone: out of memory for a %.0f s take", max_seconds);
        return -1;
    }
    free(c->buf);
    c->buf = buf;
    c->cap = cap;
    atomic_store(&c->n, 0);
    atomic_store(&c->clipped, 0);
    atomic_store(&c->full, false);
    atomic_store_explicit(&c->recording, true, memory_order_release);
    char why[200] = "";
    if (!c->running && c->backend->start(c->state, why, sizeof why) != 0) {
        atomic_store(&c->recording, false);
        snprintf(err, errsize, "microphone: %s", why);
        return -1;
    }
    c->running = true; /* monitoring already ran it: the take's frames go on from there */
    return 0;
}

size_t audio_capture_stop(AudioCapture *c, float **pcm)
{
    if (pcm)
        *pcm = NULL;
    if (!c || !atomic_load(&c->recording))
        return 0;
    c->backend->stop(c->state); /* no callback runs after this */
    c->running = false;
    atomic_store(&c->recording, false);
    char why[200];
    if (c->monitoring) { /* the meter goes on between takes, from silence */
        atomic_store(&c->peak_now_bits, f2u(0));
        atomic_store(&c->peak_last_bits, f2u(0));
        c->running = c->backend->start(c->state, why, sizeof why) == 0;
    }
    size_t n = atomic_load_explicit(&c->n, memory_order_acquire);
    float *buf = c->buf;
    c->buf = NULL;
    c->cap = 0;
    if (!pcm || n == 0) {
        free(buf);
        return pcm ? 0 : n;
    }
    float *shrunk = realloc(buf, n * sizeof *buf);
    *pcm = shrunk ? shrunk : buf;
    return n;
}

/* Between takes: only the level (the peak of the last LEVEL_SECONDS or so). */
static void feed_level(AudioCapture *c, const float *frames, size_t n)
{
    float peak = u2f(atomic_load_explicit(&c->peak_now_bits, memory_order_relaxed));
    for (size_t i = 0; i < n; i++) {
        float x = fabsf(frames[i]);
        peak = x > peak ? x : peak; /* a NaN never wins */
    }
    c->peak_frames += n;
    if (c->peak_frames >= (size_t)(LEVEL_SECONDS * (float)c->rate)) {
        atomic_store_explicit(&c->peak_last_bits, f2u(peak), memory_order_relaxed);
        peak = 0;
        c->peak_frames = 0;
    }
    atomic_store_explicit(&c->peak_now_bits, f2u(peak), memory_order_relaxed);
}

void audio_capture_feed(AudioCapture *c, const float *frames, size_t n)
{
    if (!c || !frames)
        return;
    if (!atomic_load_explicit(&c->recording, memory_order_acquire)) {
        feed_level(c, frames, n);
        return;
    }
    size_t have = atomic_load_explicit(&c->n, memory_order_relaxed);
    size_t room = c->cap - have;
    if (n > room) {
        n = room;
        atomic_store_explicit(&c->full, true, memory_order_relaxed);
    }
    int clip = 0;
    float *dst = c->buf + have;
    for (size_t i = 0; i < n; i++) {
        float x = frames[i];
        if (x != x) /* NaN from a broken driver: silence */
            x = 0;
        clip |= x >= CLIP_LEVEL || x <= -CLIP_LEVEL;
        dst[i] = x;
    }
    if (clip)
        atomic_store_explicit(&c->clipped, 1, memory_order_relaxed);
    atomic_store_explicit(&c->n, have + n, memory_order_release);
}

float audio_capture_level(const AudioCapture *c)
{
    if (c && !atomic_load(&c->recording) && c->running) { /* monitoring */
        AudioCapture *m = (AudioCapture *)c;
        float now = u2f(atomic_load_explicit(&m->peak_now_bits, memory_order_relaxed));
        float last = u2f(atomic_load_explicit(&m->peak_last_bits, memory_order_relaxed));
        float peak = now > last ? now : last;
        return peak > 1 ? 1 : peak;
    }
    if (!c || !atomic_load(&c->recording))
        return 0;
    size_t n = atomic_load_explicit(&((AudioCapture *)c)->n, memory_order_acquire);
    size_t w = (size_t)(LEVEL_SECONDS * (float)c->rate);
    size_t from = n > w ? n - w : 0;
    float peak = 0;
    for (size_t i = from; i < n; i++) {
        float x = fabsf(c->buf[i]);
        if (x > peak)
            peak = x;
    }
    return peak > 1 ? 1 : peak;
}

int audio_capture_monitor(AudioCapture *c, bool on, char *err, size_t errsize)
{
    if (err && errsize)
        err[0] = '\0';
    if (!c)
        return on ? -1 : 0;
    c->monitoring = on;
    if (atomic_load(&c->recording))
        return 0; /* a take runs: it decides when the device stops */
    if (on && !c->running) {
        atomic_store(&c->peak_now_bits, f2u(0));
        atomic_store(&c->peak_last_bits, f2u(0));
        char why[200] = "";
        if (c->backend->start(c->state, why, sizeof why) != 0) {
            c->monitoring = false;
            if (err && errsize)
                snprintf(err, errsize, "microphone: %s", why);
            return -1;
        }
        c->running = true;
    } else if (!on && c->running) {
        c->backend->stop(c->state);
        c->running = false;
    }
    return 0;
}

int audio_capture_clipped(const AudioCapture *c)
{
    return c ? atomic_load(&((AudioCapture *)c)->clipped) : 0;
}

size_t audio_capture_frames(const AudioCapture *c)
{
    return c ? atomic_load_explicit(&((AudioCapture *)c)->n, memory_order_acquire) : 0;
}

bool audio_capture_full(const AudioCapture *c)
{
    return c && atomic_load(&((AudioCapture *)c)->full);
}

bool audio_capture_recording(const AudioCapture *c)
{
    return c && atomic_load(&((AudioCapture *)c)->recording);
}

int audio_capture_rate(const AudioCapture *c) { return c ? c->rate : 0; }
double audio_capture_latency(const AudioCapture *c) { return c ? c->latency : 0; }

const char *audio_capture_backend_name(const AudioCapture *c)
{
    return c ? c->backend->name : "null";
}

void audio_capture_note_overflow(AudioCapture *c)
{
    if (c)
        atomic_fetch_add_explicit(&c->overflows, 1, memory_order_relaxed);
}

unsigned long audio_capture_overflows(const AudioCapture *c)
{
    return c ? atomic_load_explicit(&((AudioCapture *)c)->overflows, memory_order_relaxed) : 0;
}
