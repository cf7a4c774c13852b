/* The telephone line: a recorded voice made to sound as if it came down a phone. The band is
 * cut to about 400-3200 Hz (-3 dB points) by an 8th-order Butterworth high-pass and low-pass
 * (four biquads each), so that the energy below 300 Hz and above 3400 Hz is more than 20 dB under
 * the band's; then a light compressor evens the level (2.5:1 above -24 dBFS, 5 ms attack,
 * 150 ms release) and the result is brought to a peak of -3 dBFS. Runs on the main thread, on
 * the whole line at once, before the line is queued to the mixer. */
#include "audio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#define PHONE_LOW_HZ 380.0
#define PHONE_HIGH_HZ 3200.0
#define COMP_THRESHOLD_DB -24.0
#define COMP_RATIO 2.5
#define COMP_ATTACK_S 0.005
#define COMP_RELEASE_S 0.150
#define PHONE_PEAK 0.708 /* -3 dBFS */

/* The Q of each biquad of an 8th-order Butterworth filter. */
static const double BUTTER8_Q[4] = {0.50980, 0.60134, 0.89998, 2.56292};

typedef struct {
    double b0, b1, b2, a1, a2;
    double z1, z2;
} Biquad;

/* A high-pass (hp true) or low-pass biquad at f0 Hz (the audio EQ cookbook's). */
static Biquad biquad(bool hp, double f0, double q, int rate)
{
    double w0 = 2.0 * M_PI * f0 / rate, c = cos(w0), alpha = sin(w0) / (2.0 * q);
    double a0 = 1.0 + alpha;
    Biquad b = {0};
    if (hp) {
        b.b0 = (1.0 + c) / 2.0 / a0;
        b.b1 = -(1.0 + c) / a0;
    } else {
        b.b0 = (1.0 - c) / 2.0 / a0;
        b.b1 = (1.0 - c) / a0;
    }
    b.b2 = b.b0;
    b.a1 = -2.0 * c / a0;
    b.a2 = (1.0 - alpha) / a0;
    return b;
}

static double biquad_run(Biquad *b, double x)
{
    double y = b->b0 * x + b->z1; /* transposed direct form II */
    b->z1 = b->b1 * x - b->a1 * y + b->z2;
    b->z2 = b->b2 * x - b->a2 * y;
    return y;
}

void audio_phone_filter(float *x, size_t n, int rate)
{
    if (!x || n == 0 || rate < 8000)
        return;
    Biquad st[8];
    int ns = 0;
    for (int i = 0; i < 4; i++)
        st[ns++] = biquad(true, PHONE_LOW_HZ, BUTTER8_Q[i], rate);
    /* A low-pass above a third of the rate would do little: at 8 kHz the channel is the band. */
    bool lp = PHONE_HIGH_HZ < rate / 2.5;
    for (int i = 0; lp && i < 4; i++)
        st[ns++] = biquad(false, PHONE_HIGH_HZ, BUTTER8_Q[i], rate);
    double att = exp(-1.0 / (COMP_ATTACK_S * rate)), rel = exp(-1.0 / (COMP_RELEASE_S * rate));
    double env = 0, peak = 0;
    for (size_t i = 0; i < n; i++) {
        double y = x[i] != x[i] ? 0 : x[i]; /* NaN: silence */
        for (int k = 0; k < ns; k++)
            y = biquad_run(&st[k], y);
        /* The compressor follows the signal's magnitude and turns it down above the threshold. */
        double m = fabs(y);
        env = m > env ? att * env + (1 - att) * m : rel * env + (1 - rel) * m;
        double db = env > 1e-9 ? 20.0 * log10(env) : -180.0;
        double over = db - COMP_THRESHOLD_DB;
        if (over > 0)
            y *= pow(10.0, -over * (1.0 - 1.0 / COMP_RATIO) / 20.0);
        x[i] = (float)y;
        if (fabs(y) > peak)
            peak = fabs(y);
    }
    if (peak > 1e-6) {
        float g = (float)(PHONE_PEAK / peak);
        for (size_t i = 0; i < n; i++)
            x[i] *= g;
    }
}

float *audio_phone_prepare(const float *pcm, size_t frames, int rate, int out_rate, size_t *out_frames,
                           char *err, size_t errsize)
{
    *out_frames = 0;
    if (!pcm || frames == 0 || rate < 8000 || rate > 192000 || out_rate < 8000) {
        SDL_snprintf(err, errsize, "recorded line: empty or at an unusable rate (%d Hz)", rate);
        return NULL;
    }
    if (frames > (size_t)rate * 120) {
        SDL_snprintf(err, errsize, "recorded line: longer than 2 minutes");
        return NULL;
    }
    float *out = NULL;
    size_t n = frames;
    if (rate == out_rate) {
        out = malloc(frames * sizeof *out);
        if (out)
            memcpy(out, pcm, frames * sizeof *out);
    } else {
        /* One-shot conversion (not SDL_AudioStream, which loses the last frames: sound.md). */
        SDL_AudioCVT cvt;
        if (SDL_BuildAudioCVT(&cvt, AUDIO_F32SYS, 1, rate, AUDIO_F32SYS, 1, out_rate) < 0) {
            SDL_snprintf(err, errsize, "recorded line: cannot convert %d Hz (%s)", rate, SDL_GetError());
            return NULL;
        }
        cvt.len = (int)(frames * sizeof(float));
        cvt.buf = malloc((size_t)cvt.len * (size_t)(cvt.len_mult > 0 ? cvt.len_mult : 1) + 16);
        if (cvt.buf) {
            memcpy(cvt.buf, pcm, frames * sizeof(float));
            if (SDL_ConvertAudio(&cvt) == 0) {
                n = (size_t)cvt.len_cvt / sizeof(float);
                out = malloc((n ? n : 1) * sizeof *out);
                if (out)
                    memcpy(out, cvt.buf, n * sizeof *out);
            }
            free(cvt.buf);
        }
    }
    if (!out) {
        SDL_snprintf(err, errsize, "recorded line: out of memory");
        return NULL;
    }
    audio_phone_filter(out, n, out_rate);
    *out_frames = n;
    return out;
}
