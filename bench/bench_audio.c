/* Sound figures: the output latency PortAudio reports (Pa_GetStreamInfo) and the time spent
 * inside its callback (measured there, into a preallocated array), on an ALSA null device
 * this benchmark configures (HOME points at a temporary folder with an .asoundrc); and the
 * mixer alone, rendering 512-frame blocks with 0 and 16 voices. Prints numbers only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audio.h"

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void start_voices(Audio *a, int n)
{
    for (int i = 0; i < n; i++)
        audio_play_cue(a, i % 2 ? AUDIO_CUE_RING : AUDIO_CUE_BUSY, i % 4 < 2 ? "zh" : "en");
}

static void bench_device(const char *label, int voices)
{
    char warn[256];
    Audio *a = audio_open("portaudio", warn, sizeof warn);
    if (!a || strcmp(audio_backend_name(a), "portaudio") != 0) {
        printf("%-28s no PortAudio stream: %s\n", label, warn);
        audio_close(a);
        return;
    }
    start_voices(a, voices);
    /* The null device is not paced: the callback runs back to back, so a short wait gives
     * thousands of callbacks. Keep the voices alive by restarting them. */
    for (int i = 0; i < 10; i++) {
        sleep_ms(20);
        if (voices) {
            audio_stop_all(a);
            start_voices(a, voices);
        }
    }
    AudioStats st;
    audio_get_stats(a, &st);
    printf("%-28s output latency %.1f ms at %d Hz, %lu frames per callback\n", label,
           st.output_latency * 1e3, audio_rate(a), st.frames_per_callback);
    printf("%-28s callback time over %lu callbacks: mean %.2f us, max %.1f us "
           "(%.3f%% of the %.2f ms a callback may take)\n",
           label, st.callbacks, st.callback_mean_us, st.callback_max_us,
           st.frames_per_callback ? 100.0 * st.callback_mean_us /
                                        (1e6 * st.frames_per_callback / audio_rate(a))
                                  : 0.0,
           st.frames_per_callback ? 1e3 * st.frames_per_callback / audio_rate(a) : 0.0);
    audio_close(a);
}

static void bench_mixer(int voices)
{
    char warn[64];
    Audio *a = audio_open("null", warn, sizeof warn);
    static float buf[512 * 2];
    const int blocks = 20000;
    double sum = 0, max = 0;
    start_voices(a, voices);
    audio_render(a, buf, 1);
    for (int i = 0; i < blocks; i++) {
        if (voices && i % 200 == 0) { /* the longest cue lasts 3 s, 280 blocks */
            audio_stop_all(a);
            audio_render(a, buf, 512);
            start_voices(a, voices);
        }
        double t0 = now_us();
        audio_render(a, buf, 512);
        double t = now_us() - t0;
        sum += t;
        if (t > max)
            max = t;
    }
    printf("mixer, %2d voices              512-frame block: mean %.2f us, max %.1f us (%.0fx real time)\n",
           voices, sum / blocks, max, (512.0 / 48000 * 1e6) / (sum / blocks));
    audio_close(a);
}

int main(void)
{
    char home[] = "/tmp/sparring-bench-audio-XXXXXX";
    if (!mkdtemp(home)) {
        perror("mkdtemp");
        return 1;
    }
    char rc[128];
    snprintf(rc, sizeof rc, "%s/.asoundrc", home);
    FILE *f = fopen(rc, "w");
    if (!f) {
        perror(rc);
        return 1;
    }
    fputs("pcm.!default { type null }\n", f);
    fclose(f);
    setenv("HOME", home, 1);

    double t0 = now_us();
    char warn[256];
    Audio *a = audio_open("portaudio", warn, sizeof warn);
    printf("%-28s %.1f ms (PortAudio start-up, device probe, cue synthesis)\n", "audio_open",
           (now_us() - t0) / 1e3);
    t0 = now_us();
    audio_close(a);
    printf("%-28s %.1f ms\n", "audio_close", (now_us() - t0) / 1e3);

    bench_device("ALSA null device, idle", 0);
    bench_device("ALSA null device, 8 voices", 8);
    bench_mixer(0);
    bench_mixer(1);
    bench_mixer(16);

    unlink(rc);
    rmdir(home);
    return 0;
}
