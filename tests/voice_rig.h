/* The ALSA test rig for the voice tests (tests/alsa/sparring-test.conf): a microphone that
 * reads a raw file and a playback device that writes one. Helpers to point the current
 * process (or a child before it starts sound) at them, to read the shipped WAV and turn it into
 * the microphone's raw input, and to compare signals. Header-only: each test is one file. */
#ifndef SPARRING_TEST_VOICE_RIG_H
#define SPARRING_TEST_VOICE_RIG_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Under the sanitizers: PortAudio lists every ALSA device at start-up (Pa_Initialize ->
 * PaAlsa_Initialize -> snd_pcm_open), and the ALSA plugins it opens that way keep their start-up
 * allocations until the process ends. Those leaks are ALSA's, not ours: they are named (the slow
 * unwinder gives their whole stack, through the plugins, which have no frame pointers) and
 * suppressed by the PortAudio function they start from; any other leak still fails the test. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:PaAlsa_Initialize\n";
}

/* Points ALSA's default device at the rig: capture reads in_raw, playback appends to out_raw
 * (either may be NULL: /dev/zero and /dev/null). Call before PortAudio starts (ALSA reads its
 * configuration once per process). */
static inline void rig_use(const char *in_raw, const char *out_raw)
{
    const char *src = getenv("SPARRING_SOURCE_DIR");
    char path[1200];
    snprintf(path, sizeof path, "/usr/share/alsa/alsa.conf:%s/tests/alsa/sparring-test.conf",
             src ? src : ".");
    setenv("ALSA_CONFIG_PATH", path, 1);
    setenv("SPARRING_ALSA_IN", in_raw ? in_raw : "/dev/zero", 1);
    setenv("SPARRING_ALSA_OUT", out_raw ? out_raw : "/dev/null", 1);
}

static inline uint32_t rig_le32(const unsigned char *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Reads a mono 16-bit PCM WAV into floats (malloc'd); NULL if it is not one. */
static inline float *rig_read_wav16(const char *path, size_t *frames, int *rate)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char hdr[12], ck[8], fmt[16];
    float *out = NULL;
    int channels = 0, bits = 0;
    *frames = 0;
    if (fread(hdr, 1, 12, f) != 12 || memcmp(hdr, "RIFF", 4) || memcmp(hdr + 8, "WAVE", 4))
        goto done;
    while (fread(ck, 1, 8, f) == 8) {
        uint32_t len = rig_le32(ck + 4);
        if (!memcmp(ck, "fmt ", 4) && len >= 16) {
            if (fread(fmt, 1, 16, f) != 16)
                goto done;
            channels = fmt[2] | fmt[3] << 8;
            *rate = (int)rig_le32(fmt + 4);
            bits = fmt[14] | fmt[15] << 8;
            fseek(f, (long)(len - 16 + (len & 1)), SEEK_CUR);
        } else if (!memcmp(ck, "data", 4) && channels == 1 && bits == 16) {
            size_t n = len / 2;
            out = malloc((n ? n : 1) * sizeof *out);
            for (size_t i = 0; out && i < n; i++) {
                unsigned char b[2];
                if (fread(b, 1, 2, f) != 2) {
                    n = i;
                    break;
                }
                out[i] = (float)(int16_t)(b[0] | b[1] << 8) / 32768.0f;
            }
            *frames = out ? n : 0;
            goto done;
        } else {
            fseek(f, (long)(len + (len & 1)), SEEK_CUR);
        }
    }
done:
    fclose(f);
    return out;
}

/* Writes x as the microphone's raw input (float32 little-endian mono: what the trainer opens),
 * followed by pad_seconds of silence at 48 kHz (ALSA repeats the last period after the end of
 * the file). 0 on success. */
static inline int rig_write_mic_raw(const char *path, const float *x, size_t n, double pad_seconds)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t pad = (size_t)(pad_seconds * 48000);
    const float zero = 0;
    for (size_t i = 0; i < n + pad; i++)
        fwrite(i < n ? &x[i] : &zero, sizeof(float), 1, f);
    return fclose(f) == 0 ? 0 : -1;
}

/* Normalised correlation of a[0..n) and b[0..n) (1: the same shape). */
static inline double rig_correlation(const float *a, const float *b, size_t n)
{
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < n; i++) {
        ab += (double)a[i] * b[i];
        aa += (double)a[i] * a[i];
        bb += (double)b[i] * b[i];
    }
    return aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0;
}

/* The best correlation of b against a over lags -max_lag..max_lag frames (b shifted), with the
 * lag found in *lag. */
static inline double rig_best_correlation(const float *a, size_t na, const float *b, size_t nb,
                                          int max_lag, int *lag)
{
    double best = -2;
    *lag = 0;
    for (int l = -max_lag; l <= max_lag; l++) {
        size_t ia = l < 0 ? (size_t)-l : 0, ib = l > 0 ? (size_t)l : 0;
        if (ia >= na || ib >= nb)
            continue;
        size_t n = na - ia < nb - ib ? na - ia : nb - ib;
        double c = rig_correlation(a + ia, b + ib, n);
        if (c > best) {
            best = c;
            *lag = l;
        }
    }
    return best;
}

#endif
