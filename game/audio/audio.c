/* Sound: the mixer, the cue synthesiser, the queue between the main thread and the audio
 * thread, the WAV cache and the choice of backend. No PortAudio here (audio_portaudio.c).
 *
 * Threads: everything but audio_render() runs on the main thread. audio_render() runs on the
 * backend's audio thread and touches only the voices, the consumer end of the queue and the
 * atomics; the sounds it plays (cues, cached WAV files) are written before the command that
 * names them is published and are freed only after the backend has stopped. */
#include "audio.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>

#define AUDIO_RATE 48000
#define AUDIO_CHANNELS 2
#define AUDIO_VOICES 16
#define AUDIO_QUEUE 256 /* a power of two */
#define AUDIO_CACHE_FILES 64
#define AUDIO_CACHE_BYTES (256u << 20)
#define AUDIO_FILE_SECONDS 60
#define AUDIO_FILE_BYTES (64u << 20) /* refuse larger files before reading them */
#define FADE_SECONDS 0.005           /* every tone segment's fade in and out */
#define RAMP_SECONDS 0.010           /* master gain changes and stops */

typedef struct {
    float *samples; /* interleaved */
    size_t frames;
    int channels; /* 1 (cues) or the mixer's channels (files) */
    int line;     /* 1 + its slot in Audio.lines for a recorded line; 0 for cues and files */
} Sound;

/* A recorded line (audio_play_line): its sound lives here until the mixer has let go of it. */
#define AUDIO_LINES 8
typedef struct {
    Sound sound;
    unsigned long ticket;
    atomic_bool done;     /* the mixer no longer plays it (finished, stopped or stolen) */
    _Atomic size_t pos;   /* frames of it the mixer has played */
} LineSlot;

enum { CMD_PLAY, CMD_STOP_ALL, CMD_STOP };

typedef struct {
    int type;
    const Sound *sound;
    size_t delay; /* frames of silence before a sound starts */
} Command;

typedef struct {
    const Sound *sound; /* NULL: free */
    size_t pos;
    size_t delay; /* frames still to wait before it sounds */
    float gain;     /* 1, or fading to 0 when stopping */
    bool stopping;
    unsigned long serial; /* to steal the oldest voice */
} Voice;

typedef struct {
    char *path;
    Sound sound;
} CachedFile;

struct Audio {
    const AudioBackend *backend;
    void *state;
    int rate, channels;
    unsigned long frames_per_callback;
    double latency;

    /* main thread */
    Sound cues[AUDIO_CUE_COUNT];
    Sound busy_zh; /* cues[AUDIO_CUE_BUSY] is the en busy tone */
    CachedFile cache[AUDIO_CACHE_FILES];
    int ncache;
    size_t cache_bytes;
    float volume;
    bool muted;
    LineSlot lines[AUDIO_LINES];
    unsigned long line_tickets;
    unsigned long requested[AUDIO_CUE_COUNT]; /* cues asked for, for tests and troubleshooting */

    /* the queue: the main thread writes head, the audio thread writes tail */
    Command queue[AUDIO_QUEUE];
    _Atomic size_t head, tail;
    atomic_ulong dropped;
    _Atomic uint32_t target_gain_bits; /* a float: volume, or 0 when muted */

    /* audio thread */
    Voice voices[AUDIO_VOICES];
    unsigned long serial;
    float gain;
    float ramp_step;
};

/* ---- small helpers ---------------------------------------------------------------------- */

static uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float bits_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static void set_err(char *err, size_t errsize, const char *fmt, const char *a, const char *b)
{
    if (err && errsize)
        snprintf(err, errsize, fmt, a, b);
}

/* ---- cue synthesis ---------------------------------------------------------------------- */

static const double TAU = 6.28318530717958647692;

static int alloc_sound(Sound *s, double seconds, int rate)
{
    s->frames = (size_t)lround(seconds * rate);
    s->channels = 1;
    s->line = 0;
    s->samples = calloc(s->frames ? s->frames : 1, sizeof(float));
    return s->samples ? 0 : -1;
}

/* The raised-cosine fade of a segment n frames long at frame i. */
static double fade(size_t i, size_t n, size_t fl)
{
    if (fl * 2 > n)
        fl = n / 2;
    if (fl == 0)
        return 1.0;
    if (i < fl)
        return 0.5 - 0.5 * cos(M_PI * (double)i / (double)fl);
    if (i >= n - fl)
        return 0.5 - 0.5 * cos(M_PI * (double)(n - 1 - i) / (double)fl);
    return 1.0;
}

/* Adds a sine from `start` for `len` seconds, faded at both ends, with an exponential decay
 * of time constant `decay` seconds (0: steady) and an amplitude trill (0: none). */
static void add_tone(Sound *s, int rate, double start, double len, double freq, double amp,
                     double decay, double trill_hz)
{
    size_t at = (size_t)lround(start * rate), n = (size_t)lround(len * rate);
    size_t fl = (size_t)lround(FADE_SECONDS * rate);
    if (at >= s->frames)
        return;
    if (at + n > s->frames)
        n = s->frames - at;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / rate;
        double env = fade(i, n, fl);
        if (decay > 0)
            env *= exp(-t / decay);
        if (trill_hz > 0)
            env *= 0.75 + 0.25 * sin(TAU * trill_hz * t);
        s->samples[at + i] += (float)(amp * env * sin(TAU * freq * t));
    }
}

/* Adds a burst of decaying noise (a click's attack); deterministic. */
static void add_noise(Sound *s, int rate, double start, double len, double amp, double decay,
                      uint32_t seed)
{
    size_t at = (size_t)lround(start * rate), n = (size_t)lround(len * rate);
    size_t fl = (size_t)lround(0.001 * rate);
    if (at >= s->frames)
        return;
    if (at + n > s->frames)
        n = s->frames - at;
    double prev = 0;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        double r = (double)(seed >> 8) / (double)(1u << 24) * 2.0 - 1.0;
        prev = 0.6 * prev + 0.4 * r; /* a little low-pass: less hiss, more thump */
        double env = fade(i, n, fl) * exp(-((double)i / rate) / decay);
        s->samples[at + i] += (float)(amp * env * prev);
    }
}

/* The busy tone: `cycles` of on/off, the on part a sum of the given frequencies. */
static int synth_busy(Sound *s, int rate, const double *freqs, int nfreqs, double on, double off,
                      int cycles)
{
    if (alloc_sound(s, (on + off) * cycles, rate))
        return -1;
    for (int c = 0; c < cycles; c++)
        for (int f = 0; f < nfreqs; f++)
            add_tone(s, rate, c * (on + off), on, freqs[f], 0.4 / nfreqs, 0, 0);
    return 0;
}

static int synth_cue(Sound *s, AudioCue cue, int rate)
{
    switch (cue) {
    case AUDIO_CUE_RING: {
        /* Two double rings: 0.4 s on, 0.2 s off, 0.4 s on, 1 s off, again. */
        static const double on_at[] = {0.0, 0.6, 2.0, 2.6};
        if (alloc_sound(s, 3.0, rate))
            return -1;
        for (int i = 0; i < 4; i++) {
            add_tone(s, rate, on_at[i], 0.4, 440, 0.22, 0, 25);
            add_tone(s, rate, on_at[i], 0.4, 480, 0.22, 0, 25);
        }
        return 0;
    }
    case AUDIO_CUE_PICKUP:
        /* The handset lifted: a thump with a rattle, then a softer settle. */
        if (alloc_sound(s, 0.15, rate))
            return -1;
        add_noise(s, rate, 0.0, 0.03, 0.35, 0.006, 12345u);
        add_tone(s, rate, 0.0, 0.07, 120, 0.4, 0.02, 0);
        add_noise(s, rate, 0.08, 0.02, 0.15, 0.004, 777u);
        add_tone(s, rate, 0.08, 0.07, 160, 0.2, 0.015, 0);
        return 0;
    case AUDIO_CUE_HANGUP:
        /* The line cut: a sharp click and its echo. */
        if (alloc_sound(s, 0.1, rate))
            return -1;
        add_noise(s, rate, 0.0, 0.012, 0.45, 0.003, 4242u);
        add_tone(s, rate, 0.0, 0.03, 2000, 0.25, 0.006, 0);
        add_noise(s, rate, 0.05, 0.012, 0.2, 0.003, 99u);
        add_tone(s, rate, 0.05, 0.05, 1400, 0.12, 0.008, 0);
        return 0;
    case AUDIO_CUE_BUSY: { /* the en tone; the zh one is built beside it */
        static const double en[] = {480, 620};
        return synth_busy(s, rate, en, 2, 0.5, 0.5, 3);
    }
    case AUDIO_CUE_CHIME:
        /* Two bell notes (A5 then E6), each with a quiet octave partial. */
        if (alloc_sound(s, 0.6, rate))
            return -1;
        add_tone(s, rate, 0.0, 0.6, 880.0, 0.3, 0.15, 0);
        add_tone(s, rate, 0.0, 0.6, 1760.0, 0.06, 0.08, 0);
        add_tone(s, rate, 0.12, 0.48, 1318.5, 0.25, 0.15, 0);
        add_tone(s, rate, 0.12, 0.48, 2637.0, 0.05, 0.08, 0);
        return 0;
    case AUDIO_CUE_TICK:
        if (alloc_sound(s, 0.03, rate))
            return -1;
        add_tone(s, rate, 0.0, 0.03, 1500, 0.45, 0.006, 0);
        return 0;
    case AUDIO_CUE_PASS: {
        /* Rising C major arpeggio, the top note held. */
        static const double notes[] = {523.25, 659.25, 783.99};
        if (alloc_sound(s, 0.7, rate))
            return -1;
        for (int i = 0; i < 3; i++)
            add_tone(s, rate, 0.1 * i, 0.12, notes[i], 0.3, 0.2, 0);
        add_tone(s, rate, 0.3, 0.4, 1046.5, 0.3, 0.2, 0);
        return 0;
    }
    case AUDIO_CUE_FAIL:
        /* Falling minor third, low and a little rough. */
        if (alloc_sound(s, 0.8, rate))
            return -1;
        add_tone(s, rate, 0.0, 0.25, 392.0, 0.28, 0.5, 0);
        add_tone(s, rate, 0.0, 0.25, 196.0, 0.12, 0.5, 0);
        add_tone(s, rate, 0.25, 0.55, 311.13, 0.28, 0.35, 6);
        add_tone(s, rate, 0.25, 0.55, 155.56, 0.12, 0.35, 6);
        return 0;
    case AUDIO_CUE_COUNT:
        break;
    }
    return -1;
}

static const char *const cue_names[AUDIO_CUE_COUNT] = {
    "ring", "pickup", "hangup", "busy", "chime", "tick", "pass", "fail",
};

int audio_cue_from_name(const char *name)
{
    /* Only the cues a scenario may name (scenario-format.md): pass and fail are the
     * trainer's own. */
    for (int i = 0; name && i <= AUDIO_CUE_TICK; i++)
        if (!strcmp(name, cue_names[i]))
            return i;
    return -1;
}

const char *audio_cue_name(AudioCue cue)
{
    return (unsigned)cue < AUDIO_CUE_COUNT ? cue_names[cue] : "";
}

static bool is_zh(const char *locale)
{
    return locale && locale[0] == 'z' && locale[1] == 'h' &&
           (locale[2] == '\0' || locale[2] == '-' || locale[2] == '_');
}

static const Sound *cue_sound(const Audio *a, AudioCue cue, const char *locale)
{
    if (!a || (unsigned)cue >= AUDIO_CUE_COUNT)
        return NULL;
    if (cue == AUDIO_CUE_BUSY && is_zh(locale))
        return &a->busy_zh;
    return &a->cues[cue];
}

size_t audio_cue_frames(const Audio *a, AudioCue cue, const char *locale)
{
    const Sound *s = cue_sound(a, cue, locale);
    return s ? s->frames : 0;
}

/* ---- the queue (single producer: main thread; single consumer: audio thread) ----------- */

static bool queue_push(Audio *a, Command c)
{
    size_t head = atomic_load_explicit(&a->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&a->tail, memory_order_acquire);
    if (head - tail >= AUDIO_QUEUE) {
        atomic_fetch_add_explicit(&a->dropped, 1, memory_order_relaxed);
        return false;
    }
    a->queue[head & (AUDIO_QUEUE - 1)] = c;
    atomic_store_explicit(&a->head, head + 1, memory_order_release);
    return true;
}

static bool queue_pop(Audio *a, Command *c)
{
    size_t tail = atomic_load_explicit(&a->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&a->head, memory_order_acquire);
    if (tail == head)
        return false;
    *c = a->queue[tail & (AUDIO_QUEUE - 1)];
    atomic_store_explicit(&a->tail, tail + 1, memory_order_release);
    return true;
}

/* ---- the mixer (audio thread) ------------------------------------------------------------ */

/* The voice lets go of its sound: a recorded line is then done. */
static void release_voice(Audio *a, Voice *v)
{
    if (v->sound && v->sound->line)
        atomic_store_explicit(&a->lines[v->sound->line - 1].done, true, memory_order_release);
    v->sound = NULL;
}

static void start_voice(Audio *a, const Sound *s, size_t delay)
{
    Voice *v = NULL;
    for (int i = 0; i < AUDIO_VOICES && !v; i++)
        if (!a->voices[i].sound)
            v = &a->voices[i];
    if (!v) { /* all busy: the oldest gives way */
        v = &a->voices[0];
        for (int i = 1; i < AUDIO_VOICES; i++)
            if (a->voices[i].serial < v->serial)
                v = &a->voices[i];
    }
    release_voice(a, v); /* when stolen */
    v->sound = s;
    v->pos = 0;
    v->delay = delay;
    v->gain = 1.0f;
    v->stopping = false;
    v->serial = ++a->serial;
}

int audio_render(Audio *a, float *out, size_t frames)
{
    float target = bits_float(atomic_load_explicit(&a->target_gain_bits, memory_order_relaxed));
    bool silent = true;
    for (int i = 0; i < AUDIO_VOICES && silent; i++)
        silent = a->voices[i].sound == NULL;
    if (silent) /* nothing to click: the next sound starts at the new volume */
        a->gain = target;

    Command c;
    while (queue_pop(a, &c)) {
        if (c.type == CMD_PLAY && c.sound && c.sound->frames)
            start_voice(a, c.sound, c.delay);
        else if (c.type == CMD_STOP_ALL || c.type == CMD_STOP)
            for (int i = 0; i < AUDIO_VOICES; i++) {
                Voice *v = &a->voices[i];
                if (c.type == CMD_STOP && v->sound != c.sound)
                    continue; /* one sound (a line): the others play on */
                v->stopping = v->sound != NULL;
                if (v->delay) /* not heard yet: nothing to fade */
                    release_voice(a, v);
            }
    }

    const int ch = a->channels;
    memset(out, 0, frames * (size_t)ch * sizeof *out);
    int active = 0;
    for (int vi = 0; vi < AUDIO_VOICES; vi++) {
        Voice *v = &a->voices[vi];
        if (!v->sound)
            continue;
        const Sound *s = v->sound;
        size_t skip = v->delay < frames ? v->delay : frames;
        v->delay -= skip;
        size_t n = s->frames - v->pos;
        if (n > frames - skip)
            n = frames - skip;
        const float *src = s->samples + v->pos * (size_t)s->channels;
        float *base = out + skip * (size_t)ch;
        for (size_t f = 0; f < n; f++) {
            float g = v->gain;
            if (v->stopping) {
                g -= a->ramp_step;
                if (g <= 0) {
                    g = 0;
                    n = f; /* ends here */
                }
                v->gain = g;
            }
            float *dst = base + f * (size_t)ch;
            if (s->channels == 1) {
                float x = src[f] * g;
                for (int k = 0; k < ch; k++)
                    dst[k] += x;
            } else {
                for (int k = 0; k < ch; k++)
                    dst[k] += src[f * (size_t)ch + (size_t)k] * g;
            }
        }
        v->pos += n;
        if (s->line)
            atomic_store_explicit(&a->lines[s->line - 1].pos, v->pos, memory_order_relaxed);
        if (v->pos >= s->frames || (v->stopping && v->gain <= 0))
            release_voice(a, v);
        else
            active++;
    }

    /* Master gain: volume, or 0 when muted, reached by a short ramp (no clicks). */
    float g = a->gain;
    for (size_t f = 0; f < frames; f++) {
        if (g != target) {
            if (g < target)
                g = g + a->ramp_step < target ? g + a->ramp_step : target;
            else
                g = g - a->ramp_step > target ? g - a->ramp_step : target;
        }
        float *dst = out + f * (size_t)ch;
        for (int k = 0; k < ch; k++) {
            float x = dst[k] * g;
            dst[k] = x > 1.0f ? 1.0f : x < -1.0f ? -1.0f : x;
        }
    }
    a->gain = g;
    return active;
}

/* ---- main-thread API --------------------------------------------------------------------- */

static void publish_gain(Audio *a)
{
    float g = a->muted ? 0.0f : a->volume;
    atomic_store_explicit(&a->target_gain_bits, float_bits(g), memory_order_relaxed);
}

void audio_play_cue(Audio *a, AudioCue cue, const char *locale)
{
    if (!a)
        return;
    if ((unsigned)cue < AUDIO_CUE_COUNT)
        a->requested[cue]++;
    const Sound *s = cue_sound(a, cue, locale);
    if (s)
        queue_push(a, (Command){CMD_PLAY, s, 0});
}

unsigned long audio_cue_requests(const Audio *a, AudioCue cue)
{
    return a && (unsigned)cue < AUDIO_CUE_COUNT ? a->requested[cue] : 0;
}

void audio_play_cue_after(Audio *a, AudioCue cue, const char *locale, double seconds)
{
    if (a && (unsigned)cue < AUDIO_CUE_COUNT)
        a->requested[cue]++;
    const Sound *s = cue_sound(a, cue, locale);
    if (!s)
        return;
    if (!(seconds > 0)) /* also NaN */
        seconds = 0;
    if (seconds > 60)
        seconds = 60;
    queue_push(a, (Command){CMD_PLAY, s, (size_t)(seconds * a->rate + 0.5)});
}

void audio_stop_all(Audio *a)
{
    if (!a)
        return;
    queue_push(a, (Command){CMD_STOP_ALL, NULL, 0});
}

void audio_set_volume(Audio *a, float volume)
{
    if (!a)
        return;
    if (!(volume >= 0.0f)) /* also NaN */
        volume = 0.0f;
    if (volume > 1.0f)
        volume = 1.0f;
    a->volume = volume;
    publish_gain(a);
}

void audio_set_muted(Audio *a, bool muted)
{
    if (!a)
        return;
    a->muted = muted;
    publish_gain(a);
}

float audio_volume(const Audio *a) { return a ? a->volume : 0.0f; }
bool audio_muted(const Audio *a) { return a ? a->muted : false; }
const char *audio_backend_name(const Audio *a) { return a ? a->backend->name : "null"; }
int audio_rate(const Audio *a) { return a ? a->rate : 0; }
int audio_channels(const Audio *a) { return a ? a->channels : 0; }

void audio_get_stats(const Audio *a, AudioStats *st)
{
    memset(st, 0, sizeof *st);
    if (!a)
        return;
    if (a->backend->stats)
        a->backend->stats(a->state, st);
    st->dropped = atomic_load_explicit(&a->dropped, memory_order_relaxed);
}

/* ---- recorded lines --------------------------------------------------------------------------- */

unsigned long audio_play_line(Audio *a, const float *pcm, size_t frames, int rate, char *err, size_t errsize)
{
    if (err && errsize)
        err[0] = '\0';
    if (!a) {
        set_err(err, errsize, "%s%s", "recorded line: no sound", "");
        return 0;
    }
    LineSlot *slot = NULL;
    for (int i = 0; i < AUDIO_LINES && !slot; i++)
        if (!a->lines[i].ticket || atomic_load_explicit(&a->lines[i].done, memory_order_acquire))
            slot = &a->lines[i];
    if (!slot) {
        set_err(err, errsize, "%s%s", "recorded line: too many lines playing at once", "");
        return 0;
    }
    char why[200] = "";
    size_t n = 0;
    float *x = audio_phone_prepare(pcm, frames, rate, a->rate, &n, why, sizeof why);
    if (!x) {
        set_err(err, errsize, "%s%s", why, "");
        return 0;
    }
    free(slot->sound.samples); /* the mixer let go of it: done was set after its last use */
    int index = (int)(slot - a->lines);
    slot->sound = (Sound){x, n, 1, index + 1};
    slot->ticket = ++a->line_tickets;
    atomic_store_explicit(&slot->pos, 0, memory_order_relaxed);
    atomic_store_explicit(&slot->done, false, memory_order_relaxed);
    if (!queue_push(a, (Command){CMD_PLAY, &slot->sound, 0})) {
        atomic_store(&slot->done, true);
        set_err(err, errsize, "%s%s", "recorded line: the sound device is not taking frames", "");
        return 0;
    }
    return slot->ticket;
}

static const LineSlot *line_slot(const Audio *a, unsigned long ticket)
{
    for (int i = 0; a && ticket && i < AUDIO_LINES; i++)
        if (a->lines[i].ticket == ticket)
            return &a->lines[i];
    return NULL;
}

void audio_stop_line(Audio *a, unsigned long ticket)
{
    const LineSlot *l = line_slot(a, ticket);
    if (l && !atomic_load_explicit(&((LineSlot *)l)->done, memory_order_acquire))
        queue_push(a, (Command){CMD_STOP, &l->sound, 0}); /* the slot is not reused before done */
}

bool audio_line_done(const Audio *a, unsigned long ticket)
{
    const LineSlot *l = line_slot(a, ticket);
    return !l || atomic_load_explicit(&((LineSlot *)l)->done, memory_order_acquire);
}

size_t audio_line_position(const Audio *a, unsigned long ticket, size_t *frames)
{
    const LineSlot *l = line_slot(a, ticket);
    if (frames)
        *frames = l ? l->sound.frames : 0;
    return l ? atomic_load_explicit(&((LineSlot *)l)->pos, memory_order_relaxed) : 0;
}

/* Loads a WAV file and converts it to the mixer's format; -1 with a message. */
static int load_wav(const Audio *a, const char *path, Sound *out, char *err, size_t errsize)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        set_err(err, errsize, "sound file %s: %s", path, "cannot be read (no such file?)");
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        set_err(err, errsize, "sound file %s: %s", path, "is not a file");
        return -1;
    }
    if ((unsigned long long)st.st_size > AUDIO_FILE_BYTES) {
        set_err(err, errsize, "sound file %s: %s", path, "is too large (over 64 MB)");
        return -1;
    }

    SDL_AudioSpec spec;
    Uint8 *buf = NULL;
    Uint32 len = 0;
    if (!SDL_LoadWAV(path, &spec, &buf, &len)) {
        set_err(err, errsize, "sound file %s: not a WAV file SDL can read (%s)", path, SDL_GetError());
        return -1;
    }
    int rc = -1;
    Uint8 *work = NULL;
    size_t frame_bytes = (size_t)(SDL_AUDIO_BITSIZE(spec.format) / 8) * spec.channels;
    double seconds = frame_bytes && spec.freq > 0 ? (double)len / frame_bytes / spec.freq : 0;
    if (seconds > AUDIO_FILE_SECONDS) {
        set_err(err, errsize, "sound file %s: %s", path, "is too long (over 60 seconds)");
        goto done;
    }
    /* SDL_AudioCVT rather than SDL_AudioStream: SDL 2.26's stream loses the last ~512 source
     * frames on flush, the one-shot conversion keeps the exact length. */
    SDL_AudioCVT cvt;
    if (SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq, AUDIO_F32SYS,
                          (Uint8)a->channels, a->rate) < 0) {
        set_err(err, errsize, "sound file %s: cannot convert its format (%s)", path, SDL_GetError());
        goto done;
    }
    cvt.len = (int)len;
    work = malloc((size_t)len * (size_t)(cvt.len_mult > 0 ? cvt.len_mult : 1) + 16);
    if (!work) {
        set_err(err, errsize, "sound file %s: %s", path, "out of memory");
        goto done;
    }
    memcpy(work, buf, len);
    cvt.buf = work;
    if (SDL_ConvertAudio(&cvt) != 0) {
        set_err(err, errsize, "sound file %s: cannot convert it (%s)", path, SDL_GetError());
        goto done;
    }
    size_t fb = sizeof(float) * (size_t)a->channels;
    size_t frames = (size_t)cvt.len_cvt / fb;
    float *samples = malloc(frames ? frames * fb : fb);
    if (!samples) {
        set_err(err, errsize, "sound file %s: %s", path, "out of memory");
        goto done;
    }
    memcpy(samples, work, frames * fb);
    out->samples = samples;
    out->frames = frames;
    out->channels = a->channels;
    out->line = 0;
    rc = 0;
done:
    free(work);
    SDL_FreeWAV(buf);
    return rc;
}

int audio_play_file(Audio *a, const char *wav_path, char *err, size_t errsize)
{
    if (err && errsize)
        err[0] = '\0';
    if (!a || !wav_path) {
        set_err(err, errsize, "sound file %s: %s", wav_path ? wav_path : "(none)", "no sound");
        return -1;
    }
    for (int i = 0; i < a->ncache; i++)
        if (!strcmp(a->cache[i].path, wav_path)) {
            queue_push(a, (Command){CMD_PLAY, &a->cache[i].sound, 0});
            return 0;
        }
    /* Cached sounds live until audio_close (the audio thread may be playing them), so the
     * cache is bounded rather than evicted. */
    if (a->ncache == AUDIO_CACHE_FILES || a->cache_bytes >= AUDIO_CACHE_BYTES) {
        set_err(err, errsize, "sound file %s: %s", wav_path,
                "not played: too many different sound files in one session");
        return -1;
    }
    Sound s;
    if (load_wav(a, wav_path, &s, err, errsize))
        return -1;
    char *path = strdup(wav_path);
    if (!path) {
        free(s.samples);
        set_err(err, errsize, "sound file %s: %s", wav_path, "out of memory");
        return -1;
    }
    CachedFile *c = &a->cache[a->ncache++];
    c->path = path;
    c->sound = s;
    a->cache_bytes += s.frames * (size_t)s.channels * sizeof(float);
    queue_push(a, (Command){CMD_PLAY, &c->sound, 0});
    return 0;
}

/* ---- open and close ---------------------------------------------------------------------- */

static void free_sounds(Audio *a)
{
    for (int i = 0; i < AUDIO_CUE_COUNT; i++)
        free(a->cues[i].samples);
    free(a->busy_zh.samples);
    for (int i = 0; i < a->ncache; i++) {
        free(a->cache[i].path);
        free(a->cache[i].sound.samples);
    }
    for (int i = 0; i < AUDIO_LINES; i++)
        free(a->lines[i].sound.samples);
}

static int synth_all(Audio *a)
{
    static const double zh[] = {450};
    for (int i = 0; i < AUDIO_CUE_COUNT; i++)
        if (synth_cue(&a->cues[i], (AudioCue)i, a->rate))
            return -1;
    return synth_busy(&a->busy_zh, a->rate, zh, 1, 0.35, 0.35, 4);
}

/* Opens `b`, makes the sounds at its rate and starts it: 0, or -1 with a reason in err and
 * `a` left ready for another backend. Sounds are made before the device pulls frames; the
 * audio thread reads them only once a command names them. */
static int try_backend(Audio *a, const AudioBackend *b, char *err, size_t errsize)
{
    int rate = AUDIO_RATE;
    void *state = b->open(a, &rate, a->channels, err, errsize);
    if (!state)
        return -1;
    a->backend = b;
    a->state = state;
    a->rate = rate;
    a->ramp_step = (float)(1.0 / (RAMP_SECONDS * rate));
    if (synth_all(a) != 0) {
        snprintf(err, errsize, "out of memory");
        goto fail;
    }
    if (b->start(state, err, errsize) != 0)
        goto fail;
    return 0;
fail:
    b->close(state);
    free_sounds(a);
    memset(a->cues, 0, sizeof a->cues);
    memset(&a->busy_zh, 0, sizeof a->busy_zh);
    a->backend = NULL;
    a->state = NULL;
    return -1;
}

Audio *audio_open(const char *backend, char *warn, size_t warnsize)
{
    return audio_open_tuned(backend, 0, 0, warn, warnsize);
}

unsigned long audio_frames_per_callback(const Audio *a) { return a ? a->frames_per_callback : 0; }
double audio_latency_wanted(const Audio *a) { return a ? a->latency : 0; }

Audio *audio_open_tuned(const char *backend, unsigned long frames_per_callback, double latency, char *warn,
                        size_t warnsize)
{
    if (warn && warnsize)
        warn[0] = '\0';
    Audio *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->frames_per_callback = frames_per_callback && frames_per_callback <= 8192 ? frames_per_callback
                                                                                : AUDIO_FRAMES_DEFAULT;
    a->latency = latency > 0 && latency <= 1 ? latency : AUDIO_LATENCY_DEFAULT;
    a->channels = AUDIO_CHANNELS;
    a->volume = 1.0f;
    a->gain = 1.0f;
    atomic_init(&a->head, 0);
    atomic_init(&a->tail, 0);
    atomic_init(&a->dropped, 0);
    atomic_init(&a->target_gain_bits, float_bits(1.0f));
    for (int i = 0; i < AUDIO_LINES; i++) {
        atomic_init(&a->lines[i].done, true);
        atomic_init(&a->lines[i].pos, 0);
    }

    char why[256] = "";
    if (!backend || !strcmp(backend, "portaudio")) {
        if (try_backend(a, &audio_backend_portaudio, why, sizeof why) == 0)
            return a;
    } else if (strcmp(backend, "null") != 0) {
        snprintf(why, sizeof why, "unknown sound backend '%.64s'", backend);
    }
    char err[64];
    if (try_backend(a, &audio_backend_null, err, sizeof err) != 0) {
        free(a); /* the null backend fails only when memory runs out */
        return NULL;
    }
    if (why[0] && warn && warnsize)
        snprintf(warn, warnsize, "sound: %s; continuing without sound", why);
    return a;
}

void audio_close(Audio *a)
{
    if (!a)
        return;
    a->backend->close(a->state);
    free_sounds(a);
    free(a);
}
