/* The audio file codec (game/audio/audio_file.c, libsndfile): a clip survives encoding and
 * decoding in every format, files are written and read back, several channels are mixed down,
 * and bytes that are not audio (or are cut short) give a message, never a crash. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>

#include "audio_file.h"
#include "check.h"

/* A spoken-like test signal: two tones with a slow swell, `seconds` long at rate. */
static AudioClip make_clip(int rate, double seconds)
{
    AudioClip c = {0};
    c.rate = rate;
    c.frames = (size_t)(seconds * rate);
    c.pcm = malloc(c.frames * sizeof *c.pcm);
    for (size_t i = 0; i < c.frames; i++) {
        double t = (double)i / rate;
        double env = 0.5 + 0.4 * sin(2 * M_PI * 1.5 * t);
        c.pcm[i] = (float)(env * (0.5 * sin(2 * M_PI * 220 * t) + 0.3 * sin(2 * M_PI * 660 * t)));
    }
    return c;
}

/* Pearson correlation of the first n samples of a and b. */
static double correlation(const float *a, const float *b, size_t n)
{
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (size_t i = 0; i < n; i++) {
        sa += a[i];
        sb += b[i];
        saa += (double)a[i] * a[i];
        sbb += (double)b[i] * b[i];
        sab += (double)a[i] * b[i];
    }
    double cov = sab - sa * sb / n, va = saa - sa * sa / n, vb = sbb - sb * sb / n;
    return va > 0 && vb > 0 ? cov / sqrt(va * vb) : 0;
}

static double max_diff(const AudioClip *a, const AudioClip *b)
{
    double m = 0;
    size_t n = a->frames < b->frames ? a->frames : b->frames;
    for (size_t i = 0; i < n; i++) {
        double d = fabs((double)a->pcm[i] - b->pcm[i]);
        if (d > m)
            m = d;
    }
    return m;
}

static void test_flac_round_trip(void)
{
    AudioClip in = make_clip(16000, 1.25);
    unsigned char *bytes = NULL;
    size_t size = 0;
    char err[256] = "";
    CHECK_MSG(audio_clip_encode(&in, "flac", &bytes, &size, err, sizeof err) == 0, "%s", err);
    CHECK(size > 4 && memcmp(bytes, "fLaC", 4) == 0);
    /* compressed: well under 16-bit PCM's two bytes a sample */
    CHECK_MSG(size < in.frames * 2, "%zu bytes for %zu frames", size, in.frames);
    AudioClip out;
    CHECK_MSG(audio_clip_decode(bytes, size, &out, err, sizeof err) == 0, "%s", err);
    CHECK_INT(out.rate, 16000);
    CHECK_INT(out.frames, in.frames);
    CHECK_MSG(max_diff(&in, &out) < 1.0 / 16000, "max diff %g", max_diff(&in, &out)); /* 16-bit */
    CHECK(fabs(audio_clip_seconds(&out) - 1.25) < 1e-9);
    double lin = audio_clip_level_dbfs(&in), lout = audio_clip_level_dbfs(&out);
    CHECK_MSG(lin < -3 && lin > -20 && fabs(lin - lout) < 0.01, "%g %g", lin, lout);
    free(bytes);
    audio_clip_free(&out);
    CHECK(out.pcm == NULL && out.frames == 0);
    audio_clip_free(&in);
}

static void test_wav_and_vorbis_in_memory(void)
{
    AudioClip in = make_clip(48000, 0.5);
    const char *formats[] = {"wav", "ogg"};
    for (int i = 0; i < 2; i++) {
        unsigned char *bytes = NULL;
        size_t size = 0;
        char err[256] = "";
        int rc = audio_clip_encode(&in, formats[i], &bytes, &size, err, sizeof err);
        CHECK_MSG(rc == 0, "%s: %s", formats[i], err);
        if (rc != 0)
            continue;
        AudioClip out;
        CHECK_MSG(audio_clip_decode(bytes, size, &out, err, sizeof err) == 0, "%s", err);
        CHECK_INT(out.rate, 48000);
        /* Vorbis may pad or trim a few hundred samples; WAV is exact */
        long d = (long)out.frames - (long)in.frames;
        CHECK_MSG(i == 0 ? d == 0 : labs(d) < 2400, "%s: %ld frames off", formats[i], d);
        size_t n = out.frames < in.frames ? out.frames : in.frames;
        CHECK_MSG(correlation(in.pcm, out.pcm, n) > 0.95, "%s: %g", formats[i],
                  correlation(in.pcm, out.pcm, n));
        free(bytes);
        audio_clip_free(&out);
    }
    audio_clip_free(&in);
}

static void test_files_by_extension(void)
{
    char dir[] = "/tmp/sparring-audio-file.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    AudioClip in = make_clip(24000, 0.8);
    const char *exts[] = {"wav", "flac", "ogg", "opus"};
    for (int i = 0; i < 4; i++) {
        char path[512], err[256] = "";
        snprintf(path, sizeof path, "%s/line.%s", dir, exts[i]);
        int rc = audio_clip_save(&in, path, err, sizeof err);
        if (rc != 0 && i == 3) { /* Opus needs libsndfile 1.0.29 or later */
            fprintf(stderr, "note: %s\n", err);
            continue;
        }
        CHECK_MSG(rc == 0, "%s", err);
        AudioClip out;
        CHECK_MSG(audio_clip_load(path, &out, err, sizeof err) == 0, "%s", err);
        CHECK_MSG(out.rate == 24000 || (i == 3 && out.rate == 48000), "%s: %d Hz", exts[i], out.rate);
        CHECK_MSG(fabs(audio_clip_seconds(&out) - 0.8) < 0.05, "%s: %g s", exts[i],
                  audio_clip_seconds(&out));
        audio_clip_free(&out);
        unlink(path);
    }
    char path[512], err[256] = "";
    snprintf(path, sizeof path, "%s/line.mp4", dir);
    CHECK(audio_clip_save(&in, path, err, sizeof err) == -1);
    CHECK(strstr(err, ".wav") != NULL);
    CHECK(access(path, F_OK) != 0);
    snprintf(path, sizeof path, "%s/no-such-folder/line.wav", dir);
    CHECK(audio_clip_save(&in, path, err, sizeof err) == -1);
    CHECK(strstr(err, "no-such-folder") != NULL);
    AudioClip none;
    CHECK(audio_clip_load(path, &none, err, sizeof err) == -1);
    CHECK(none.pcm == NULL && none.frames == 0);
    audio_clip_free(&in);
    rmdir(dir);
}

/* A stereo file written with libsndfile directly: left +0.5, right -0.1 → mono 0.2. */
static void test_stereo_downmix(void)
{
    char path[] = "/tmp/sparring-stereo.XXXXXX.wav";
    int fd = mkstemps(path, 4);
    CHECK(fd >= 0);
    close(fd);
    SF_INFO info = {0};
    info.channels = 2;
    info.samplerate = 8000;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
    CHECK(sf != NULL);
    float frames[2 * 800];
    for (int i = 0; i < 800; i++) {
        frames[2 * i] = 0.5f;
        frames[2 * i + 1] = -0.1f;
    }
    CHECK(sf_writef_float(sf, frames, 800) == 800);
    sf_close(sf);
    AudioClip c;
    char err[256] = "";
    CHECK_MSG(audio_clip_load(path, &c, err, sizeof err) == 0, "%s", err);
    CHECK_INT(c.frames, 800);
    CHECK_INT(c.rate, 8000);
    CHECK(c.frames == 800 && fabsf(c.pcm[0] - 0.2f) < 1e-6 && fabsf(c.pcm[799] - 0.2f) < 1e-6);
    audio_clip_free(&c);
    unlink(path);
}

static void test_not_audio(void)
{
    char err[256] = "";
    AudioClip c;
    CHECK(audio_clip_decode("hello, not audio at all", 23, &c, err, sizeof err) == -1);
    CHECK(err[0] != 0 && c.pcm == NULL);
    CHECK(audio_clip_decode(NULL, 0, &c, err, sizeof err) == -1);
    /* a FLAC cut short at every length: a shorter clip or a message, never a crash */
    AudioClip in = make_clip(16000, 0.3);
    unsigned char *bytes = NULL;
    size_t size = 0;
    CHECK(audio_clip_encode(&in, "flac", &bytes, &size, err, sizeof err) == 0);
    int decoded = 0, refused = 0;
    for (size_t cut = 0; cut < size; cut += 1 + cut / 8) {
        if (audio_clip_decode(bytes, cut, &c, err, sizeof err) == 0) {
            decoded++;
            CHECK(c.frames <= in.frames);
            audio_clip_free(&c);
        } else {
            refused++;
            CHECK(c.pcm == NULL && err[0] != 0);
        }
    }
    CHECK(refused > 0);
    /* flipped bytes in the middle of the stream */
    for (size_t i = size / 3; i < size; i += 97)
        bytes[i] ^= 0x5a;
    if (audio_clip_decode(bytes, size, &c, err, sizeof err) == 0)
        audio_clip_free(&c);
    free(bytes);
    CHECK(audio_clip_encode(&in, "mp3", &bytes, &size, err, sizeof err) == -1);
    CHECK(strstr(err, "mp3") != NULL && bytes == NULL);
    AudioClip empty = {0};
    CHECK(audio_clip_encode(&empty, "flac", &bytes, &size, err, sizeof err) == -1);
    audio_clip_free(&in);
    audio_clip_free(NULL);
    (void)decoded;
}

int main(void)
{
    RUN(test_flac_round_trip);
    RUN(test_wav_and_vorbis_in_memory);
    RUN(test_files_by_extension);
    RUN(test_stereo_downmix);
    RUN(test_not_audio);
    return check_summary();
}
