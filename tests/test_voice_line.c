/* Recorded lines in the mixer (audio_play_line), rendered by the test through the null
 * backend (the test is the audio thread): the line is converted to the mixer's rate, played to
 * its end and then done; stopped or stolen, it is done too; stopped alone (audio_stop_line),
 * the other sounds play on; its slot is reused; and the
 * telephone band measured on tones: 100 Hz and 6 kHz come out more than 20 dB under 1 kHz. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "check.h"
#include "test_audio_measure.h"

static float *tone(size_t n, int rate, const double *freqs, int nf, float amp)
{
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; x && i < n; i++) {
        double v = 0;
        for (int k = 0; k < nf; k++)
            v += sin(2 * M_PI * freqs[k] * (double)i / rate);
        x[i] = (float)(amp * v);
    }
    return x;
}

static void a_line_plays_to_its_end_then_is_done(void)
{
    char err[256];
    Audio *a = audio_open("null", err, sizeof err);
    const double f[] = {1000};
    float *x = tone(16000, 16000, f, 1, 0.3f); /* 1 s at 16 kHz */
    unsigned long t = audio_play_line(a, x, 16000, 16000, err, sizeof err);
    CHECK_MSG(t > 0, "%s", err);
    CHECK(!audio_line_done(a, t));
    size_t frames = 0;
    CHECK_INT(audio_line_position(a, t, &frames), 0);
    CHECK_MSG(frames >= 47990 && frames <= 48010, "1 s at 16 kHz became %zu frames at 48 kHz", frames);
    static float out[2 * 4800];
    size_t played = 0;
    while (!audio_line_done(a, t) && played < 10 * 48000) {
        audio_render(a, out, 4800);
        played += 4800;
    }
    CHECK(audio_line_done(a, t));
    CHECK_INT(audio_line_position(a, t, NULL), frames);
    CHECK_MSG(played >= frames && played < frames + 4800, "done after %zu frames for %zu", played, frames);
    /* Stopped: done once the fade has run. */
    unsigned long t2 = audio_play_line(a, x, 16000, 16000, err, sizeof err);
    audio_render(a, out, 480);
    CHECK(!audio_line_done(a, t2));
    audio_stop_all(a);
    audio_render(a, out, 4800);
    CHECK(audio_line_done(a, t2));
    CHECK(audio_line_position(a, t2, NULL) < frames);
    /* Stolen by sixteen newer sounds. */
    unsigned long t3 = audio_play_line(a, x, 16000, 16000, err, sizeof err);
    audio_render(a, out, 480);
    for (int i = 0; i < 16; i++)
        audio_play_cue(a, AUDIO_CUE_RING, "en");
    audio_render(a, out, 480);
    CHECK(audio_line_done(a, t3));
    /* Slots are reused: many lines in turn, each played out. */
    for (int i = 0; i < 20; i++) {
        unsigned long ti = audio_play_line(a, x, 1600, 16000, err, sizeof err);
        CHECK_MSG(ti > 0, "line %d: %s", i, err);
        audio_stop_all(a);
        audio_render(a, out, 4800);
        CHECK(audio_line_done(a, ti));
    }
    CHECK(audio_line_done(a, 0));
    CHECK_INT(audio_play_line(a, x, 0, 16000, err, sizeof err), 0);
    CHECK_INT(audio_play_line(a, x, 16000, 100, err, sizeof err), 0);
    CHECK_MSG(strstr(err, "rate") != NULL, "%s", err);
    free(x);
    audio_close(a);
}

/* audio_stop_line stops one line and leaves the rest: the call moved on before a line ended. */
static void a_line_stopped_alone_gives_way(void)
{
    char err[256];
    Audio *a = audio_open("null", err, sizeof err);
    const double f[] = {1000};
    float *x = tone(16000, 16000, f, 1, 0.3f); /* 1 s */
    unsigned long old = audio_play_line(a, x, 16000, 16000, err, sizeof err);
    static float out[2 * 4800];
    audio_render(a, out, 4800);
    CHECK(!audio_line_done(a, old));
    unsigned long next = audio_play_line(a, x, 16000, 16000, err, sizeof err);
    audio_stop_line(a, old);
    audio_render(a, out, 4800);
    CHECK_MSG(audio_line_done(a, old), "the old line still plays (%zu frames in)", audio_line_position(a, old, NULL));
    CHECK(audio_line_position(a, old, NULL) < 4800 + 1000); /* cut within the fade */
    CHECK(!audio_line_done(a, next));
    CHECK_INT(audio_line_position(a, next, NULL), 4800);
    /* Only the new line sounds now: the same samples as that line played alone. */
    audio_render(a, out, 4800);
    Audio *alone = audio_open("null", err, sizeof err);
    static float ref[2 * 4800];
    audio_play_line(alone, x, 16000, 16000, err, sizeof err);
    audio_render(alone, ref, 4800);
    audio_render(alone, ref, 4800);
    float diff = 0, peak = 0;
    for (size_t i = 0; i < 2 * 4800; i++) {
        diff = fabsf(out[i] - ref[i]) > diff ? fabsf(out[i] - ref[i]) : diff;
        peak = fabsf(ref[i]) > peak ? fabsf(ref[i]) : peak;
    }
    CHECK_MSG(peak > 0.1f && diff < 1e-6f, "not the new line alone: differs by %g (its peak %.3f)", diff, peak);
    audio_close(alone);
    audio_stop_line(a, old); /* done already: nothing */
    audio_stop_line(a, 0);
    audio_stop_line(a, 999);
    audio_render(a, out, 4800);
    CHECK(!audio_line_done(a, next));
    free(x);
    audio_close(a);
}

static void the_band_keeps_the_voice_and_cuts_the_rest(void)
{
    const int rate = 48000;
    const size_t n = 2 * (size_t)rate;
    const double f[] = {100, 1000, 6000};
    float *x = tone(n, rate, f, 3, 0.2f);
    audio_phone_filter(x, n, rate);
    size_t from = (size_t)(0.5 * rate), len = (size_t)rate; /* after the filters settle */
    double lo = goertzel_amp(x + from, len, rate, 100), mid = goertzel_amp(x + from, len, rate, 1000),
           hi = goertzel_amp(x + from, len, rate, 6000);
    double lo_db = 20 * log10(lo / mid), hi_db = 20 * log10(hi / mid);
    printf("100 Hz %.1f dB, 6 kHz %.1f dB under 1 kHz\n", lo_db, hi_db);
    CHECK_MSG(lo_db < -20, "100 Hz only %.1f dB under 1 kHz", lo_db);
    CHECK_MSG(hi_db < -20, "6 kHz only %.1f dB under 1 kHz", hi_db);
    float peak = 0;
    for (size_t i = 0; i < n; i++)
        peak = fabsf(x[i]) > peak ? fabsf(x[i]) : peak;
    CHECK_MSG(fabsf(peak - 0.708f) < 0.01f, "peak %.3f, not -3 dBFS", peak);
    /* NaN in, silence out; nothing to do on an empty or absurd input. */
    x[10] = NAN;
    audio_phone_filter(x, n, rate);
    for (size_t i = 0; i < n; i++)
        if (x[i] != x[i]) {
            CHECK_MSG(0, "NaN at %zu", i);
            break;
        }
    audio_phone_filter(NULL, 10, rate);
    audio_phone_filter(x, 0, rate);
    free(x);
}

int main(void)
{
    RUN(a_line_plays_to_its_end_then_is_done);
    RUN(a_line_stopped_alone_gives_way);
    RUN(the_band_keeps_the_voice_and_cuts_the_rest);
    return check_summary();
}
