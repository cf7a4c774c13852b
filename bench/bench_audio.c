/* Sound figures, on ALSA devices this benchmark configures (the test rig,
 * tests/alsa/sparring-test.conf, whose playback "file" is chosen per run):
 *   - start-up, and the output latency PortAudio reports with the callback time, on an unpaced
 *     device (/dev/null: the callback runs back to back);
 *   - callback sizes 64..1024 frames on a device paced like a sound card: the playback file is a
 *     FIFO (its buffer made as small as Linux allows) that a thread reads at 48 kHz in 1 ms
 *     steps, counting the steps that found it empty while sound was owed (underruns as a card
 *     would hear them); for each, the latency PortAudio reports, the process's CPU time
 *     (user + sys, getrusage) per second of sound, and the underruns;
 *   - the time from a recorded line's appearance (its file read, decoded, filtered, queued) to
 *     the mixer's first sample of it, on the paced device; the latency to the speaker adds the
 *     output latency;
 *   - the microphone's input latency (PortAudio's report) on the rig's microphone;
 *   - the mixer alone, rendering 512-frame blocks with 0, 1 and 16 voices.
 * Prints numbers only; the load average comes first, since a loaded machine inflates them. */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audio.h"
#include "audio_capture.h"
#include "audio_file.h"

#define RATE 48000
#define FRAME_BYTES 8 /* stereo float32 */

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void start_voices(Audio *a, int n)
{
    for (int i = 0; i < n; i++)
        audio_play_cue(a, i % 2 ? AUDIO_CUE_RING : AUDIO_CUE_BUSY, i % 4 < 2 ? "zh" : "en");
}

/* ---- a FIFO read at the pace of a 48 kHz sound card --------------------------------------------- */

static int fifo_fd = -1;
static atomic_bool pacing, quit;
static atomic_ulong underruns, read_bytes;

static void *card_main(void *arg)
{
    (void)arg;
    char buf[8192];
    double t0 = 0;
    long owed_total = 0, got = 0;
    while (!atomic_load(&quit)) {
        if (!atomic_load(&pacing)) { /* idle: keep the pipe empty so a new stream starts clean */
            while (read(fifo_fd, buf, sizeof buf) > 0) {
            }
            t0 = 0;
            sleep_us(1000);
            continue;
        }
        if (t0 == 0) {
            t0 = now_us();
            owed_total = got = 0;
        }
        owed_total = (long)((now_us() - t0) / 1e6 * RATE) * FRAME_BYTES;
        bool starved = false;
        while (got < owed_total) {
            long want = owed_total - got;
            ssize_t n = read(fifo_fd, buf, want < (long)sizeof buf ? (size_t)want : sizeof buf);
            if (n <= 0) {
                starved = true;
                break;
            }
            got += n;
            atomic_fetch_add(&read_bytes, (unsigned long)n);
        }
        /* Owed more than 2 ms and nothing there: the card would play silence. */
        if (starved && owed_total - got > 2 * RATE / 1000 * FRAME_BYTES) {
            atomic_fetch_add(&underruns, 1);
            got = owed_total; /* a card skips what it missed */
        }
        sleep_us(1000);
    }
    return NULL;
}

/* ---- the benchmarks --------------------------------------------------------------------------------- */

static void bench_unpaced(const char *label, int voices)
{
    setenv("SPARRING_ALSA_OUT", "/dev/null", 1);
    char warn[256];
    Audio *a = audio_open_tuned("portaudio", 512, 0.04, warn, sizeof warn);
    if (!a || strcmp(audio_backend_name(a), "portaudio") != 0) {
        printf("%-34s no PortAudio stream: %s\n", label, warn);
        audio_close(a);
        return;
    }
    start_voices(a, voices);
    for (int i = 0; i < 10; i++) {
        sleep_us(20000);
        if (voices) {
            audio_stop_all(a);
            start_voices(a, voices);
        }
    }
    AudioStats st;
    audio_get_stats(a, &st);
    printf("%-34s 512 frames: output latency %.1f ms; callback mean %.2f us, max %.1f us over %lu callbacks\n",
           label, st.output_latency * 1e3, st.callback_mean_us, st.callback_max_us, st.callbacks);
    audio_close(a);
}

static void bench_paced(const char *fifo, unsigned long frames, double latency)
{
    setenv("SPARRING_ALSA_OUT", fifo, 1);
    char warn[256];
    Audio *a = audio_open_tuned("portaudio", frames, latency, warn, sizeof warn);
    if (!a || strcmp(audio_backend_name(a), "portaudio") != 0) {
        printf("paced %4lu frames: no PortAudio stream: %s\n", frames, warn);
        audio_close(a);
        return;
    }
    atomic_store(&underruns, 0);
    atomic_store(&pacing, true);
    sleep_us(200000); /* the stream settles */
    unsigned long u0 = atomic_load(&underruns);
    double c0 = cpu_s(), t0 = now_us();
    for (int i = 0; i < 4; i++) { /* 2 s of sound, 8 voices */
        audio_stop_all(a);
        start_voices(a, 8);
        sleep_us(500000);
    }
    double secs = (now_us() - t0) / 1e6, cpu = cpu_s() - c0;
    AudioStats st;
    audio_get_stats(a, &st);
    /* The callbacks' own time per second of sound: mean time x callbacks a second. */
    double cb_ms = st.callback_mean_us * RATE / (double)frames / 1e3;
    printf("paced %4lu frames (%4.1f ms), asked %4.1f ms: output latency %5.1f ms; process CPU %5.1f ms per s "
           "of sound, of it callbacks %.2f ms (%.1f us each, %.0f a second); underruns %lu (card) %lu (PortAudio)\n",
           frames, 1e3 * frames / RATE, latency * 1e3, st.output_latency * 1e3, 1e3 * cpu / secs, cb_ms,
           st.callback_mean_us, (double)RATE / frames, atomic_load(&underruns) - u0, st.underflows);
    atomic_store(&pacing, false);
    audio_close(a);
}

static void bench_line(const char *fifo, const char *wav)
{
    setenv("SPARRING_ALSA_OUT", fifo, 1);
    char warn[256], err[256];
    Audio *a = audio_open("portaudio", warn, sizeof warn);
    if (!a || strcmp(audio_backend_name(a), "portaudio") != 0) {
        printf("line: no PortAudio stream: %s\n", warn);
        audio_close(a);
        return;
    }
    atomic_store(&pacing, true);
    sleep_us(200000);
    AudioStats st;
    audio_get_stats(a, &st);
    double sum = 0, max = 0, prep_sum = 0;
    const int runs = 20;
    int ok = 0;
    for (int i = 0; i < runs; i++) {
        double t0 = now_us();
        AudioClip c = {0};
        if (audio_clip_load(wav, &c, err, sizeof err) != 0) {
            printf("line: %s\n", err);
            break;
        }
        unsigned long ticket = audio_play_line(a, c.pcm, c.frames, c.rate, err, sizeof err);
        double t1 = now_us();
        audio_clip_free(&c);
        while (ticket && audio_line_position(a, ticket, NULL) == 0 && now_us() - t0 < 2e6)
            sleep_us(100);
        double t = (now_us() - t0) / 1e3;
        if (ticket && audio_line_position(a, ticket, NULL) > 0) {
            ok++;
            sum += t;
            prep_sum += (t1 - t0) / 1e3;
            if (t > max)
                max = t;
        }
        audio_stop_all(a);
        sleep_us(100000);
    }
    if (ok)
        printf("line appears -> first sample mixed: mean %.1f ms (of which read+decode+filter %.1f ms), max %.1f ms "
               "over %d lines of 3 s; + output latency %.1f ms = %.1f ms to the speaker\n",
               sum / ok, prep_sum / ok, max, ok, st.output_latency * 1e3, sum / ok + st.output_latency * 1e3);
    atomic_store(&pacing, false);
    audio_close(a);
}

static void bench_input(void)
{
    setenv("SPARRING_ALSA_OUT", "/dev/null", 1);
    char err[256];
    double t0 = now_us();
    AudioCapture *c = audio_capture_open(RATE, err, sizeof err);
    double t = (now_us() - t0) / 1e3;
    if (!c) {
        printf("microphone: %s\n", err);
        return;
    }
    printf("%-34s input latency %.1f ms (PortAudio's report), 256 frames per callback; opened in %.1f ms\n",
           "microphone (rig)", audio_capture_latency(c) * 1e3, t);
    audio_capture_close(c);
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
    printf("mixer, %2d voices                   512-frame block: mean %.2f us, max %.1f us (%.0fx real time)\n",
           voices, sum / blocks, max, (512.0 / RATE * 1e6) / (sum / blocks));
    audio_close(a);
}

int main(void)
{
    char dir[] = "/tmp/sparring-bench-audio-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    double load[3] = {0};
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) {
        if (fscanf(la, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
            load[0] = -1;
        fclose(la);
    }
    printf("load average %.2f %.2f %.2f\n", load[0], load[1], load[2]);
    char conf[1200], fifo[128], wav[128];
    snprintf(conf, sizeof conf, "/usr/share/alsa/alsa.conf:%s/tests/alsa/sparring-test.conf", SPARRING_SOURCE_DIR);
    setenv("ALSA_CONFIG_PATH", conf, 1);
    setenv("SPARRING_ALSA_IN", "/dev/zero", 1);
    setenv("SPARRING_ALSA_OUT", "/dev/null", 1);
    snprintf(fifo, sizeof fifo, "%s/card.fifo", dir);
    snprintf(wav, sizeof wav, "%s/line.wav", dir);
    if (mkfifo(fifo, 0600) != 0 || (fifo_fd = open(fifo, O_RDONLY | O_NONBLOCK)) < 0) {
        perror(fifo);
        return 1;
    }
    fcntl(fifo_fd, F_SETPIPE_SZ, 4096); /* as little buffering as Linux allows: one page */
    pthread_t card;
    pthread_create(&card, NULL, card_main, NULL);

    /* A 3 s line of noise, written as FLAC would be by a trainer. */
    AudioClip c = {malloc(3 * RATE * sizeof(float)), 3 * RATE, RATE};
    uint32_t seed = 7;
    for (size_t i = 0; c.pcm && i < c.frames; i++) {
        seed = seed * 1664525u + 1013904223u;
        c.pcm[i] = 0.2f * ((float)(seed >> 8) / (float)(1u << 24) * 2.0f - 1.0f);
    }
    snprintf(wav, sizeof wav, "%s/line.flac", dir);
    char err[256];
    if (audio_clip_save(&c, wav, err, sizeof err) != 0)
        printf("line: %s\n", err);
    audio_clip_free(&c);

    double t0 = now_us();
    char warn[256];
    Audio *a = audio_open("portaudio", warn, sizeof warn);
    printf("%-34s %.1f ms (PortAudio start-up, device probe, cue synthesis)\n", "audio_open", (now_us() - t0) / 1e3);
    t0 = now_us();
    audio_close(a);
    printf("%-34s %.1f ms\n", "audio_close", (now_us() - t0) / 1e3);

    bench_unpaced("unpaced device, idle", 0);
    bench_unpaced("unpaced device, 8 voices", 8);
    static const unsigned long sizes[] = {64, 128, 256, 512, 1024};
    for (int i = 0; i < 5; i++)
        bench_paced(fifo, sizes[i], 2.0 * sizes[i] / RATE);
    bench_paced(fifo, AUDIO_FRAMES_DEFAULT, AUDIO_LATENCY_DEFAULT);
    bench_paced(fifo, 512, 0.04); /* what the trainer used before */
    bench_line(fifo, wav);
    bench_input();
    bench_mixer(0);
    bench_mixer(1);
    bench_mixer(16);

    atomic_store(&quit, true);
    pthread_join(card, NULL);
    close(fifo_fd);
    unlink(fifo);
    unlink(wav);
    rmdir(dir);
    return 0;
}
