/* The mixer and the cues, measured from rendered samples at 48 kHz: the busy tones'
 * frequencies and rhythm, the ring's pattern, every cue's duration, volume and mute, stop,
 * the queue, WAV files. The null backend is used, and the test pulls the frames itself. */
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio.h"
#include "check.h"
#include "test_audio_measure.h"

#define RATE 48000.0
#define BLOCK 48 /* frames per render: 1 ms, so durations are exact to 1 ms */

typedef struct {
    float *left;  /* channel 0 */
    size_t frames;
    bool stereo_equal; /* every frame's channels equal (cues are mono) */
} Take;

static Audio *open_null(void)
{
    char warn[128] = "x";
    Audio *a = audio_open("null", warn, sizeof warn);
    CHECK(a != NULL);
    CHECK_STR(warn, "");
    CHECK_STR(audio_backend_name(a), "null");
    CHECK_INT(audio_rate(a), 48000);
    CHECK_INT(audio_channels(a), 2);
    return a;
}

/* Renders in 1 ms blocks until no voice plays (or max_frames), keeping channel 0. */
static Take render_until_quiet(Audio *a, size_t max_frames)
{
    Take t = {malloc(max_frames * sizeof(float)), 0, true};
    float buf[BLOCK * 2];
    while (t.frames < max_frames) {
        int voices = audio_render(a, buf, BLOCK);
        for (int f = 0; f < BLOCK && t.frames < max_frames; f++) {
            t.left[t.frames++] = buf[2 * f];
            if (buf[2 * f] != buf[2 * f + 1])
                t.stereo_equal = false;
        }
        if (voices == 0)
            break;
    }
    return t;
}

static Take render_frames(Audio *a, size_t frames)
{
    Take t = {malloc((frames + BLOCK) * sizeof(float)), 0, true};
    float buf[BLOCK * 2];
    while (t.frames < frames) {
        audio_render(a, buf, BLOCK);
        for (int f = 0; f < BLOCK; f++)
            t.left[t.frames++] = buf[2 * f];
    }
    t.frames = frames;
    return t;
}

static Take take_cue(AudioCue cue, const char *locale)
{
    Audio *a = open_null();
    audio_play_cue(a, cue, locale);
    Take t = render_until_quiet(a, 48000 * 10);
    audio_close(a);
    return t;
}

static float peak(const float *x, size_t n)
{
    float p = 0;
    for (size_t i = 0; i < n; i++)
        if (fabsf(x[i]) > p)
            p = fabsf(x[i]);
    return p;
}

static bool near(double a, double b, double tol)
{
    return fabs(a - b) <= tol;
}

/* ---- names ------------------------------------------------------------------------------- */

static void cue_names_match_the_scenario_format(void)
{
    CHECK_INT(audio_cue_from_name("ring"), AUDIO_CUE_RING);
    CHECK_INT(audio_cue_from_name("pickup"), AUDIO_CUE_PICKUP);
    CHECK_INT(audio_cue_from_name("hangup"), AUDIO_CUE_HANGUP);
    CHECK_INT(audio_cue_from_name("busy"), AUDIO_CUE_BUSY);
    CHECK_INT(audio_cue_from_name("chime"), AUDIO_CUE_CHIME);
    CHECK_INT(audio_cue_from_name("tick"), AUDIO_CUE_TICK);
    /* The trainer's own stings, and anything else, are not names a scenario may use. */
    CHECK_INT(audio_cue_from_name("pass"), -1);
    CHECK_INT(audio_cue_from_name("fail"), -1);
    CHECK_INT(audio_cue_from_name("Ring"), -1);
    CHECK_INT(audio_cue_from_name("sounds/ring.wav"), -1);
    CHECK_INT(audio_cue_from_name(""), -1);
    CHECK_INT(audio_cue_from_name(NULL), -1);
    for (int c = 0; c < AUDIO_CUE_COUNT; c++)
        CHECK(audio_cue_name((AudioCue)c)[0] != '\0');
    CHECK_STR(audio_cue_name(AUDIO_CUE_FAIL), "fail");
    CHECK_STR(audio_cue_name(AUDIO_CUE_COUNT), "");
}

/* ---- busy tones -------------------------------------------------------------------------- */

static void busy_tone_zh_is_450_hz_035_on_035_off(void)
{
    Take t = take_cue(AUDIO_CUE_BUSY, "zh");
    CHECK(t.stereo_equal);
    Segment seg[16];
    int n = find_segments(t.left, t.frames, RATE, 0.02f, 0.05, seg, 16);
    CHECK_INT(n, 4);
    for (int i = 0; i < n && i < 16; i++) {
        CHECK_MSG(near(seg[i].end - seg[i].start, 0.35, 0.01), "on %d lasts %.4f s", i,
                  seg[i].end - seg[i].start);
        if (i > 0)
            CHECK_MSG(near(seg[i].start - seg[i - 1].end, 0.35, 0.01), "off %d lasts %.4f s", i,
                      seg[i].start - seg[i - 1].end);
        /* The middle 0.3 s of each burst: 450 Hz strong, its neighbours absent. */
        size_t a = (size_t)((seg[i].start + 0.025) * RATE), len = (size_t)(0.3 * RATE);
        double a450 = goertzel_amp(t.left + a, len, RATE, 450);
        CHECK_MSG(a450 > 0.35, "450 Hz amplitude %.3f", a450);
        double others[] = {400, 425, 480, 620, 900, 1000};
        for (size_t k = 0; k < sizeof others / sizeof others[0]; k++) {
            double o = goertzel_amp(t.left + a, len, RATE, others[k]);
            CHECK_MSG(o < 0.01, "%.0f Hz amplitude %.4f in a 450 Hz tone", others[k], o);
        }
    }
    /* The last pause is part of the cue: 4 cycles of 0.7 s. */
    CHECK_MSG(near((double)t.frames / RATE, 2.8, 0.0011), "busy zh lasts %.4f s", t.frames / RATE);
    /* The offs are silent. */
    if (n >= 2) {
        size_t a = (size_t)((seg[0].end + 0.01) * RATE), b = (size_t)((seg[1].start - 0.01) * RATE);
        CHECK(peak(t.left + a, b - a) == 0.0f);
    }
    free(t.left);
}

static void busy_tone_en_is_480_plus_620_hz_05_on_05_off(void)
{
    Take t = take_cue(AUDIO_CUE_BUSY, "en");
    Segment seg[16];
    int n = find_segments(t.left, t.frames, RATE, 0.02f, 0.05, seg, 16);
    CHECK_INT(n, 3);
    for (int i = 0; i < n && i < 16; i++) {
        CHECK_MSG(near(seg[i].end - seg[i].start, 0.5, 0.01), "on %d lasts %.4f s", i,
                  seg[i].end - seg[i].start);
        if (i > 0)
            CHECK_MSG(near(seg[i].start - seg[i - 1].end, 0.5, 0.01), "off %d lasts %.4f s", i,
                      seg[i].start - seg[i - 1].end);
        size_t a = (size_t)((seg[i].start + 0.025) * RATE), len = (size_t)(0.45 * RATE);
        double a480 = goertzel_amp(t.left + a, len, RATE, 480);
        double a620 = goertzel_amp(t.left + a, len, RATE, 620);
        CHECK_MSG(a480 > 0.17 && a620 > 0.17, "480 Hz %.3f, 620 Hz %.3f", a480, a620);
        CHECK_MSG(near(a480, a620, 0.02), "the two tones are equally loud: %.3f vs %.3f", a480, a620);
        double others[] = {440, 450, 550, 700, 1000};
        for (size_t k = 0; k < sizeof others / sizeof others[0]; k++) {
            double o = goertzel_amp(t.left + a, len, RATE, others[k]);
            CHECK_MSG(o < 0.01, "%.0f Hz amplitude %.4f in the en busy tone", others[k], o);
        }
    }
    CHECK_MSG(near((double)t.frames / RATE, 3.0, 0.0011), "busy en lasts %.4f s", t.frames / RATE);
    free(t.left);
}

static void busy_tone_locale_picks_the_tone(void)
{
    Audio *a = open_null();
    CHECK_INT(audio_cue_frames(a, AUDIO_CUE_BUSY, "zh"), 2.8 * RATE);
    CHECK_INT(audio_cue_frames(a, AUDIO_CUE_BUSY, "zh-CN"), 2.8 * RATE);
    CHECK_INT(audio_cue_frames(a, AUDIO_CUE_BUSY, "zh_TW"), 2.8 * RATE);
    CHECK_INT(audio_cue_frames(a, AUDIO_CUE_BUSY, "en"), 3.0 * RATE);
    CHECK_INT(audio_cue_frames(a, AUDIO_CUE_BUSY, NULL), 3.0 * RATE);
    CHECK_INT(audio_cue_frames(a, AUDIO_CUE_BUSY, "zhx"), 3.0 * RATE);
    CHECK_INT(audio_cue_frames(a, AUDIO_CUE_BUSY, "fr"), 3.0 * RATE);
    /* Other cues do not depend on the locale. */
    CHECK_INT(audio_cue_frames(a, AUDIO_CUE_RING, "zh"), audio_cue_frames(a, AUDIO_CUE_RING, "en"));
    audio_close(a);
}

/* ---- ring -------------------------------------------------------------------------------- */

static void ring_is_two_double_rings(void)
{
    Take t = take_cue(AUDIO_CUE_RING, NULL);
    Segment seg[16];
    int n = find_segments(t.left, t.frames, RATE, 0.02f, 0.05, seg, 16);
    CHECK_INT(n, 4);
    const double starts[] = {0.0, 0.6, 2.0, 2.6};
    for (int i = 0; i < n && i < 4; i++) {
        CHECK_MSG(near(seg[i].start, starts[i], 0.01), "ring %d starts at %.4f s", i, seg[i].start);
        CHECK_MSG(near(seg[i].end - seg[i].start, 0.4, 0.01), "ring %d lasts %.4f s", i,
                  seg[i].end - seg[i].start);
        size_t a = (size_t)((seg[i].start + 0.02) * RATE), len = (size_t)(0.36 * RATE);
        double a440 = goertzel_amp(t.left + a, len, RATE, 440);
        double a480 = goertzel_amp(t.left + a, len, RATE, 480);
        double a1000 = goertzel_amp(t.left + a, len, RATE, 1000);
        CHECK_MSG(a440 > 0.1 && a480 > 0.1, "440 Hz %.3f, 480 Hz %.3f", a440, a480);
        CHECK_MSG(a1000 < 0.01, "1000 Hz %.4f", a1000);
    }
    CHECK_MSG(near((double)t.frames / RATE, 3.0, 0.0011), "ring lasts %.4f s", t.frames / RATE);
    free(t.left);
}

/* ---- every cue --------------------------------------------------------------------------- */

static void every_cue_has_its_duration_and_no_clicks(void)
{
    static const struct {
        AudioCue cue;
        const char *locale;
        double seconds;
    } cues[] = {
        {AUDIO_CUE_RING, "en", 3.0},   {AUDIO_CUE_PICKUP, "en", 0.15}, {AUDIO_CUE_HANGUP, "en", 0.1},
        {AUDIO_CUE_BUSY, "zh", 2.8},   {AUDIO_CUE_BUSY, "en", 3.0},    {AUDIO_CUE_CHIME, "en", 0.6},
        {AUDIO_CUE_TICK, "en", 0.03},  {AUDIO_CUE_PASS, "en", 0.7},    {AUDIO_CUE_FAIL, "en", 0.8},
    };
    for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++) {
        const char *name = audio_cue_name(cues[i].cue);
        Take t = take_cue(cues[i].cue, cues[i].locale);
        /* The voice lives exactly as long as the cue (1 ms render blocks). */
        CHECK_MSG(near((double)t.frames / RATE, cues[i].seconds, 0.0011), "%s lasts %.4f s", name,
                  t.frames / RATE);
        CHECK_MSG(t.stereo_equal, "%s differs between channels", name);
        float p = peak(t.left, t.frames);
        CHECK_MSG(p > 0.1f && p < 0.9f, "%s peaks at %.3f", name, p);
        /* Sound starts at once and lasts to its end (the busy tone ends on a pause). */
        size_t first = 0, last = 0;
        for (size_t k = 0; k < t.frames; k++)
            if (fabsf(t.left[k]) > 1e-4f) {
                if (!first && k)
                    first = k;
                last = k;
            }
        CHECK_MSG(first < 0.002 * RATE, "%s starts after %.4f s", name, first / RATE);
        double tail = cues[i].cue == AUDIO_CUE_BUSY ? (cues[i].seconds == 2.8 ? 0.35 : 0.5) : 0;
        CHECK_MSG(near((double)last / RATE, cues[i].seconds - tail, 0.02), "%s's sound ends at %.4f s",
                  name, last / RATE);
        /* Fades: the first and last samples are near zero (no click on start or end). */
        CHECK_MSG(fabsf(t.left[0]) < 0.01f, "%s first sample %.4f", name, t.left[0]);
        if (t.frames)
            CHECK_MSG(fabsf(t.left[t.frames - 1]) < 0.01f, "%s last sample %.4f", name,
                      t.left[t.frames - 1]);
        free(t.left);
    }
    Audio *a = open_null();
    CHECK_INT(audio_cue_frames(a, AUDIO_CUE_TICK, NULL), 0.03 * RATE);
    CHECK_INT(audio_cue_frames(a, AUDIO_CUE_COUNT, NULL), 0);
    audio_close(a);
}

static void tone_bursts_fade_in_and_out(void)
{
    /* The first 5 ms of the busy tone rise smoothly: each 1 ms holds less than the next. */
    Take t = take_cue(AUDIO_CUE_BUSY, "zh");
    float prev = 0;
    for (int ms = 0; ms < 5; ms++) {
        float p = peak(t.left + ms * 48, 48);
        CHECK_MSG(p >= prev, "fade-in not rising at %d ms (%.3f < %.3f)", ms, p, prev);
        prev = p;
    }
    CHECK(peak(t.left, 48) < 0.05f);
    CHECK(peak(t.left + 10 * 48, 48) > 0.35f);
    /* And the last 1 ms of the first burst is quiet again. */
    CHECK(peak(t.left + (size_t)(0.349 * RATE), 48) < 0.05f);
    free(t.left);
}

/* ---- volume, mute, stop ------------------------------------------------------------------ */

static void volume_scales_the_output_exactly(void)
{
    Audio *ref = open_null();
    audio_play_cue(ref, AUDIO_CUE_CHIME, NULL);
    Take r = render_frames(ref, 24000);
    audio_close(ref);

    const float volumes[] = {0.5f, 0.25f, 0.0f};
    for (size_t v = 0; v < 3; v++) {
        Audio *a = open_null();
        audio_set_volume(a, volumes[v]);
        CHECK(audio_volume(a) == volumes[v]);
        /* Set while silent: the first sample already has the new volume. */
        audio_play_cue(a, AUDIO_CUE_CHIME, NULL);
        Take t = render_frames(a, 24000);
        int wrong = 0;
        for (size_t i = 0; i < t.frames; i++)
            if (t.left[i] != r.left[i] * volumes[v])
                wrong++;
        CHECK_MSG(wrong == 0, "%d samples are not %.2f x the full-volume ones", wrong, volumes[v]);
        free(t.left);
        audio_close(a);
    }
    free(r.left);

    Audio *a = open_null();
    audio_set_volume(a, 2.0f);
    CHECK(audio_volume(a) == 1.0f);
    audio_set_volume(a, -1.0f);
    CHECK(audio_volume(a) == 0.0f);
    audio_set_volume(a, NAN);
    CHECK(audio_volume(a) == 0.0f);
    audio_close(a);
}

static void mute_silences_and_unmute_restores(void)
{
    Audio *a = open_null();
    audio_set_volume(a, 0.5f);
    audio_play_cue(a, AUDIO_CUE_RING, NULL);
    Take before = render_frames(a, 4800);
    CHECK(peak(before.left + 960, 3840) > 0.1f);
    audio_set_muted(a, true);
    CHECK(audio_muted(a));
    CHECK(audio_volume(a) == 0.5f); /* mute keeps the volume */
    Take muted = render_frames(a, 4800);
    /* The gain falls over 10 ms at most (no click), then the output is silent. */
    CHECK(peak(muted.left + 480, 4800 - 480) == 0.0f);
    float step = 0;
    for (size_t i = 1; i < 480; i++)
        if (fabsf(muted.left[i] - muted.left[i - 1]) > step)
            step = fabsf(muted.left[i] - muted.left[i - 1]);
    CHECK_MSG(step < 0.1f, "muting jumps by %.3f between samples", step);
    audio_set_muted(a, false);
    CHECK(!audio_muted(a));
    Take after = render_frames(a, 4800);
    CHECK(peak(after.left + 480, 4800 - 480) > 0.1f);
    CHECK(peak(after.left, 4800) <= 0.5f * 0.45f + 1e-6f); /* back to half volume, not full */
    free(before.left);
    free(muted.left);
    free(after.left);
    audio_close(a);
}

static void stop_all_fades_every_voice_out(void)
{
    Audio *a = open_null();
    audio_play_cue(a, AUDIO_CUE_RING, NULL);
    audio_play_cue(a, AUDIO_CUE_BUSY, "zh");
    Take t = render_frames(a, 4800);
    CHECK(peak(t.left + 2400, 2400) > 0.1f);
    free(t.left);
    audio_stop_all(a);
    float buf[BLOCK * 2];
    int voices = 1;
    size_t frames = 0;
    float first_block = 0;
    while (voices && frames < 48000) {
        voices = audio_render(a, buf, BLOCK);
        if (frames == 0)
            first_block = peak(buf, BLOCK * 2);
        frames += BLOCK;
    }
    CHECK_INT(voices, 0);
    CHECK_MSG(frames <= 0.011 * RATE, "stopping took %zu frames", frames);
    CHECK(first_block > 0.0f); /* a fade, not a cut */
    Take after = render_frames(a, 480);
    CHECK(peak(after.left, 480) == 0.0f);
    free(after.left);
    audio_close(a);
}

static void a_cue_can_wait_before_it_sounds(void)
{
    /* The busy tone 0.25 s after the call: silence, then the tone, exactly. */
    Audio *a = open_null();
    audio_play_cue_after(a, AUDIO_CUE_BUSY, "zh", 0.25);
    Take t = render_until_quiet(a, 48000 * 5);
    CHECK_MSG(near((double)t.frames / RATE, 0.25 + 2.8, 0.0011), "lasts %.4f s", t.frames / RATE);
    CHECK(peak(t.left, (size_t)(0.25 * RATE)) == 0.0f);
    Segment seg[8];
    int n = find_segments(t.left, t.frames, RATE, 0.02f, 0.05, seg, 8);
    CHECK_INT(n, 4);
    CHECK_MSG(n > 0 && near(seg[0].start, 0.25, 0.005), "starts at %.4f s", n > 0 ? seg[0].start : -1);
    free(t.left);

    /* A delay that ends inside a render block starts the sound at that frame. */
    audio_play_cue_after(a, AUDIO_CUE_TICK, NULL, 10.0 / RATE);
    float buf[BLOCK * 2];
    audio_render(a, buf, BLOCK);
    CHECK(peak(buf, 20) == 0.0f);
    CHECK(peak(buf + 20, 2 * BLOCK - 20) > 0.0f);
    while (audio_render(a, buf, BLOCK) > 0) {
    }

    /* Stop all cancels a cue still waiting; nothing sounds later. */
    audio_play_cue_after(a, AUDIO_CUE_RING, NULL, 1.0);
    audio_play_cue_after(a, AUDIO_CUE_RING, NULL, NAN); /* a NaN delay plays at once */
    CHECK_INT(audio_render(a, buf, BLOCK), 2);
    audio_stop_all(a);
    Take after = render_until_quiet(a, 48000 * 3);
    CHECK_MSG(after.frames <= 0.011 * RATE + BLOCK, "stopping took %zu frames", after.frames);
    free(after.left);
    Take later = render_frames(a, 96000);
    CHECK(peak(later.left, later.frames) == 0.0f);
    free(later.left);
    audio_close(a);
}

/* ---- queue and voices -------------------------------------------------------------------- */

static void the_queue_never_blocks_and_counts_what_it_drops(void)
{
    Audio *a = open_null();
    /* Nobody pulls frames: the queue fills, and every later cue returns at once, dropped. */
    for (int i = 0; i < 10000; i++)
        audio_play_cue(a, AUDIO_CUE_TICK, NULL);
    AudioStats st;
    audio_get_stats(a, &st);
    CHECK(st.dropped > 0);
    CHECK_INT(st.dropped, 10000 - 256);
    CHECK_INT(st.callbacks, 0);
    /* Once frames are pulled, the queue drains; at most 16 voices play at once. */
    float buf[BLOCK * 2];
    int voices = audio_render(a, buf, BLOCK);
    CHECK_INT(voices, 16);
    while (audio_render(a, buf, BLOCK) > 0) {
    }
    audio_play_cue(a, AUDIO_CUE_TICK, NULL);
    CHECK_INT(audio_render(a, buf, BLOCK), 1);
    audio_get_stats(a, &st);
    CHECK_INT(st.dropped, 10000 - 256);
    audio_close(a);
}

typedef struct {
    Audio *audio;
    atomic_int stop;
    atomic_long renders;
} Puller;

static void *pull_frames(void *arg)
{
    Puller *p = arg;
    static float buf[256 * 2];
    while (!atomic_load(&p->stop)) {
        audio_render(p->audio, buf, 256);
        atomic_fetch_add(&p->renders, 1);
    }
    return NULL;
}

static void the_queue_works_across_threads(void)
{
    /* A real audio thread pulling while the main thread plays, stops and changes volume as
     * fast as it can (run under ThreadSanitizer to check the queue's memory ordering). */
    Audio *a = open_null();
    Puller p = {a, 0, 0};
    pthread_t t;
    CHECK_INT(pthread_create(&t, NULL, pull_frames, &p), 0);
    while (atomic_load(&p.renders) == 0) /* the audio thread is running */
        sched_yield();
    for (int i = 0; i < 200000; i++) {
        audio_play_cue(a, (AudioCue)(i % AUDIO_CUE_COUNT), i % 2 ? "zh" : "en");
        if (i % 97 == 0)
            audio_stop_all(a);
        if (i % 1013 == 0)
            audio_set_volume(a, (float)(i % 10) / 10.0f);
        if (i % 5003 == 0)
            audio_set_muted(a, i % 2);
    }
    atomic_store(&p.stop, 1);
    pthread_join(t, NULL);
    /* How many commands were dropped depends on scheduling: not checked. Afterwards the queue is consistent: everything left drains, and a stop silences it. */
    float buf[BLOCK * 2];
    audio_render(a, buf, BLOCK);
    audio_stop_all(a);
    audio_set_muted(a, false);
    audio_set_volume(a, 1.0f);
    Take rest = render_until_quiet(a, 48000);
    CHECK_MSG(rest.frames <= 0.011 * RATE + BLOCK, "stopping took %zu frames", rest.frames);
    free(rest.left);
    audio_play_cue(a, AUDIO_CUE_TICK, NULL);
    CHECK_INT(audio_render(a, buf, BLOCK), 1);
    audio_close(a);
}

static void cues_mix_and_a_full_mixer_drops_the_oldest(void)
{
    Audio *a = open_null();
    audio_play_cue(a, AUDIO_CUE_RING, NULL);
    audio_play_cue(a, AUDIO_CUE_BUSY, "zh");
    Take both = render_frames(a, 4800);
    audio_close(a);
    a = open_null();
    audio_play_cue(a, AUDIO_CUE_RING, NULL);
    Take ring = render_frames(a, 4800);
    audio_close(a);
    a = open_null();
    audio_play_cue(a, AUDIO_CUE_BUSY, "zh");
    Take busy = render_frames(a, 4800);
    audio_close(a);
    int wrong = 0;
    for (size_t i = 0; i < 4800; i++)
        if (fabsf(both.left[i] - (ring.left[i] + busy.left[i])) > 1e-6f)
            wrong++;
    CHECK_MSG(wrong == 0, "%d samples are not the sum of the two cues", wrong);
    free(both.left);
    free(ring.left);
    free(busy.left);

    /* 17 long cues: the 17th takes the oldest voice. */
    a = open_null();
    for (int i = 0; i < 17; i++)
        audio_play_cue(a, AUDIO_CUE_RING, NULL);
    float buf[BLOCK * 2];
    CHECK_INT(audio_render(a, buf, BLOCK), 16);
    /* Loud cues together are clipped to [-1, 1], never beyond. */
    Take t = render_frames(a, 9600);
    CHECK(peak(t.left, t.frames) <= 1.0f);
    CHECK(peak(t.left, t.frames) > 0.9f);
    free(t.left);
    audio_close(a);
}

static void calls_on_no_audio_do_nothing(void)
{
    char err[128];
    audio_play_cue(NULL, AUDIO_CUE_RING, "zh");
    audio_stop_all(NULL);
    audio_set_volume(NULL, 0.5f);
    audio_set_muted(NULL, true);
    CHECK_INT(audio_play_file(NULL, "x.wav", err, sizeof err), -1);
    audio_close(NULL);
    CHECK_STR(audio_backend_name(NULL), "null");
    CHECK_INT(audio_cue_frames(NULL, AUDIO_CUE_RING, NULL), 0);
    CHECK(!audio_muted(NULL));
    AudioStats st;
    audio_get_stats(NULL, &st);
    CHECK_INT(st.callbacks, 0);
    Audio *a = open_null();
    audio_play_cue(a, AUDIO_CUE_COUNT, NULL); /* out of range: ignored */
    audio_play_cue(a, (AudioCue)-1, NULL);
    float buf[BLOCK * 2];
    CHECK_INT(audio_render(a, buf, BLOCK), 0);
    audio_close(a);
}

static void unknown_backend_falls_back_to_null_with_one_line(void)
{
    char warn[256];
    Audio *a = audio_open("oss", warn, sizeof warn);
    CHECK(a != NULL);
    CHECK_STR(audio_backend_name(a), "null");
    CHECK(strstr(warn, "oss") != NULL);
    CHECK(strchr(warn, '\n') == NULL);
    audio_close(a);
}

/* ---- WAV files --------------------------------------------------------------------------- */

static void put16(FILE *f, unsigned v)
{
    fputc(v & 0xff, f);
    fputc((v >> 8) & 0xff, f);
}

static void put32(FILE *f, unsigned long v)
{
    put16(f, v & 0xffff);
    put16(f, (v >> 16) & 0xffff);
}

/* Writes a PCM WAV of a sine: bits 8 or 16, any rate and channel count. */
static void write_wav(const char *path, int rate, int channels, int bits, double freq, double amp,
                      double seconds)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    unsigned long frames = (unsigned long)(seconds * rate);
    unsigned long data = frames * (unsigned long)channels * (unsigned long)(bits / 8);
    fwrite("RIFF", 1, 4, f);
    put32(f, 36 + data);
    fwrite("WAVEfmt ", 1, 8, f);
    put32(f, 16);
    put16(f, 1);
    put16(f, (unsigned)channels);
    put32(f, (unsigned long)rate);
    put32(f, (unsigned long)rate * (unsigned long)channels * (unsigned long)(bits / 8));
    put16(f, (unsigned)(channels * bits / 8));
    put16(f, (unsigned)bits);
    fwrite("data", 1, 4, f);
    put32(f, data);
    for (unsigned long i = 0; i < frames; i++) {
        double x = amp * sin(2 * 3.14159265358979323846 * freq * (double)i / rate);
        for (int c = 0; c < channels; c++) {
            if (bits == 16)
                put16(f, (unsigned)(uint16_t)(int16_t)lround(x * 32767));
            else
                fputc((int)lround(128 + x * 127), f);
        }
    }
    fclose(f);
}

static char tmpdir[64];

static const char *tmp_path(const char *name)
{
    static char path[8][160];
    static int next;
    char *p = path[next++ % 8];
    snprintf(p, 160, "%s/%s", tmpdir, name);
    return p;
}

static void wav_files_are_converted_to_the_device_format(void)
{
    /* 22.05 kHz mono 16-bit: resampled to 48 kHz and copied to both channels. */
    const char *p = tmp_path("tone-22k-mono.wav");
    write_wav(p, 22050, 1, 16, 1000, 0.5, 1.0);
    Audio *a = open_null();
    char err[256] = "x";
    CHECK_INT(audio_play_file(a, p, err, sizeof err), 0);
    CHECK_STR(err, "");
    Take t = render_until_quiet(a, 48000 * 3);
    CHECK_MSG(near((double)t.frames / RATE, 1.0, 0.003), "the file plays for %.4f s", t.frames / RATE);
    CHECK(t.stereo_equal);
    double a1000 = goertzel_amp(t.left + 4800, 38400, RATE, 1000);
    double a900 = goertzel_amp(t.left + 4800, 38400, RATE, 900);
    CHECK_MSG(near(a1000, 0.5, 0.02), "1000 Hz amplitude %.3f", a1000);
    CHECK_MSG(a900 < 0.01, "900 Hz amplitude %.4f", a900);
    free(t.left);

    /* Cached: played again after the file is gone. */
    unlink(p);
    CHECK_INT(audio_play_file(a, p, err, sizeof err), 0);
    float buf[BLOCK * 2];
    CHECK_INT(audio_render(a, buf, BLOCK), 1);
    audio_close(a);

    /* 44.1 kHz stereo 8-bit. */
    p = tmp_path("tone-44k-stereo-8bit.wav");
    write_wav(p, 44100, 2, 8, 500, 0.4, 0.5);
    a = open_null();
    CHECK_INT(audio_play_file(a, p, err, sizeof err), 0);
    t = render_until_quiet(a, 48000 * 3);
    CHECK_MSG(near((double)t.frames / RATE, 0.5, 0.003), "the file plays for %.4f s", t.frames / RATE);
    double a500 = goertzel_amp(t.left + 2400, 19200, RATE, 500);
    CHECK_MSG(near(a500, 0.4, 0.03), "500 Hz amplitude %.3f", a500);
    free(t.left);
    audio_close(a);
}

static void bad_wav_files_give_one_line_errors(void)
{
    Audio *a = open_null();
    char err[256];

    const char *missing = tmp_path("missing.wav");
    CHECK_INT(audio_play_file(a, missing, err, sizeof err), -1);
    CHECK(strstr(err, missing) != NULL);

    const char *text = tmp_path("not-a-wav.wav");
    FILE *f = fopen(text, "w");
    if (f) {
        fputs("this is not a sound\n", f);
        fclose(f);
    }
    CHECK_INT(audio_play_file(a, text, err, sizeof err), -1);
    CHECK(strstr(err, "not a WAV") != NULL);
    CHECK(strchr(err, '\n') == NULL);

    /* A header that promises more data than the file holds, cut in the fmt chunk. */
    const char *good = tmp_path("good.wav");
    write_wav(good, 8000, 1, 16, 440, 0.5, 0.1);
    size_t len;
    char *bytes = check_read_file(good, &len);
    const char *cut = tmp_path("cut.wav");
    f = fopen(cut, "wb");
    if (f && bytes) {
        fwrite(bytes, 1, 30, f);
        fclose(f);
    }
    free(bytes);
    CHECK_INT(audio_play_file(a, cut, err, sizeof err), -1);
    CHECK(err[0] != '\0');

    CHECK_INT(audio_play_file(a, tmpdir, err, sizeof err), -1);
    CHECK(strstr(err, "not a file") != NULL);

    /* Longer than a minute: refused. */
    const char *longf = tmp_path("long.wav");
    write_wav(longf, 8000, 1, 8, 440, 0.1, 61.0);
    CHECK_INT(audio_play_file(a, longf, err, sizeof err), -1);
    CHECK(strstr(err, "too long") != NULL);

    /* Errors leave nothing queued; err may be NULL. */
    CHECK_INT(audio_play_file(a, missing, NULL, 0), -1);
    float buf[BLOCK * 2];
    CHECK_INT(audio_render(a, buf, BLOCK), 0);
    audio_close(a);
}

static void damaged_wav_headers_never_crash(void)
{
    /* Every byte of a valid header set to a few hostile values: each file either plays or
     * gives a one-line error; nothing crashes (run under ASan in `make test-asan`). */
    const char *good = tmp_path("header-base.wav");
    write_wav(good, 8000, 1, 16, 440, 0.5, 0.05);
    size_t len;
    char *bytes = check_read_file(good, &len);
    CHECK(bytes != NULL && len > 44);
    if (!bytes)
        return;
    static const unsigned char values[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    Audio *a = open_null();
    const char *p = tmp_path("header-damaged.wav");
    int played = 0, refused = 0;
    static float buf[4800 * 2];
    for (size_t pos = 0; pos < 44; pos++)
        for (size_t v = 0; v < sizeof values; v++) {
            char saved = bytes[pos];
            bytes[pos] = (char)values[v];
            FILE *f = fopen(p, "wb");
            if (f) {
                fwrite(bytes, 1, len, f);
                fclose(f);
            }
            bytes[pos] = saved;
            /* A new Audio each time: the cache keys on the path. */
            audio_close(a);
            a = open_null();
            char err[256] = "";
            if (audio_play_file(a, p, err, sizeof err) == 0) {
                played++;
                for (int i = 0; i < 700 && audio_render(a, buf, 4800) > 0; i++) {
                }
            } else {
                refused++;
                CHECK_MSG(err[0] && !strchr(err, '\n'), "byte %zu = %u: '%s'", pos, values[v], err);
            }
        }
    CHECK(played > 0 && refused > 0);
    audio_close(a);
    free(bytes);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sparring-audio-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(cue_names_match_the_scenario_format);
    RUN(busy_tone_zh_is_450_hz_035_on_035_off);
    RUN(busy_tone_en_is_480_plus_620_hz_05_on_05_off);
    RUN(busy_tone_locale_picks_the_tone);
    RUN(ring_is_two_double_rings);
    RUN(every_cue_has_its_duration_and_no_clicks);
    RUN(tone_bursts_fade_in_and_out);
    RUN(volume_scales_the_output_exactly);
    RUN(mute_silences_and_unmute_restores);
    RUN(stop_all_fades_every_voice_out);
    RUN(a_cue_can_wait_before_it_sounds);
    RUN(the_queue_never_blocks_and_counts_what_it_drops);
    RUN(the_queue_works_across_threads);
    RUN(cues_mix_and_a_full_mixer_drops_the_oldest);
    RUN(calls_on_no_audio_do_nothing);
    RUN(unknown_backend_falls_back_to_null_with_one_line);
    RUN(wav_files_are_converted_to_the_device_format);
    RUN(bad_wav_files_give_one_line_errors);
    RUN(damaged_wav_headers_never_crash);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
