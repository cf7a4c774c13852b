/* The real PortAudio backend on ALSA devices this test configures: HOME points at a
 * temporary folder whose .asoundrc makes the default device
 *   - a `file` PCM over `null`, which writes every frame played to out.raw: the busy tone
 *     is found in that file (Goertzel and its on/off rhythm);
 *   - a `null` PCM: the stream opens and the callback runs, with nothing on stderr;
 *   - a sound card that does not exist: audio_open falls back to null with exactly one line
 *     of warning, and none of ALSA's, JACK's or PortAudio's own noise reaches stderr.
 * Each case runs in a child process (ALSA reads its configuration once per process) whose
 * stderr goes to a file the test reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audio.h"
#include "check.h"
#include "test_audio_measure.h"

enum { CHILD_PORTAUDIO = 10, CHILD_NULL = 11, CHILD_FAILED = 12 };

static char tmpdir[64];

typedef struct {
    const char *asoundrc; /* the default device; NULL: no .asoundrc */
    const char *backend;  /* passed to audio_open */
    int play;             /* a cue to play, or -1 */
    const char *locale;
    const char *out_raw;  /* the file the `file` PCM writes, to wait for */
    double seconds;       /* how much sound to wait for in out_raw */
} ChildCase;

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* In the child: opens sound as the trainer does (printing the warning line, if any, to
 * stderr), plays, waits for the frames to be written, closes. Exits with CHILD_*. */
static void child(const ChildCase *c, const char *home, const char *err_path)
{
    int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        _exit(CHILD_FAILED);
    dup2(fd, STDERR_FILENO);
    close(fd);
    setenv("HOME", home, 1);

    char warn[256];
    Audio *a = audio_open(c->backend, warn, sizeof warn);
    if (!a)
        _exit(CHILD_FAILED);
    if (warn[0])
        fprintf(stderr, "%s\n", warn);
    int code = !strcmp(audio_backend_name(a), "portaudio") ? CHILD_PORTAUDIO : CHILD_NULL;
    if (code == CHILD_PORTAUDIO) {
        if (c->play >= 0 && c->out_raw) {
            long want = file_size(c->out_raw) +
                        (long)(c->seconds * audio_rate(a)) * audio_channels(a) * (long)sizeof(float);
            audio_play_cue(a, (AudioCue)c->play, c->locale);
            /* The null device is not paced: frames arrive much faster than real time. The
             * bound only keeps a broken device from hanging the test. */
            for (int i = 0; i < 60000 && file_size(c->out_raw) < want; i++)
                sleep_ms(1);
        } else {
            AudioStats st;
            audio_get_stats(a, &st);
            for (int i = 0; i < 60000 && st.callbacks == 0; i++) {
                sleep_ms(1);
                audio_get_stats(a, &st);
            }
            if (st.callbacks == 0)
                code = CHILD_FAILED;
        }
    }
    audio_close(a);
    fflush(stderr);
    _exit(code); /* no atexit handlers: the libraries' global caches are the OS's to free */
}

/* Runs a case in a child; returns its exit code and its stderr (caller frees). */
static int run_case(const char *name, const ChildCase *c, char **err_text)
{
    char home[160], path[200], err_path[200];
    snprintf(home, sizeof home, "%s/%s", tmpdir, name);
    mkdir(home, 0755);
    if (c->asoundrc) {
        snprintf(path, sizeof path, "%s/.asoundrc", home);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(c->asoundrc, f);
            fclose(f);
        }
    }
    snprintf(err_path, sizeof err_path, "%s/stderr.txt", home);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0)
        child(c, home, err_path);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        *err_text = NULL;
        return -1;
    }
    *err_text = check_read_file(err_path, NULL);
    return WEXITSTATUS(status);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* Reads out.raw (float32, interleaved stereo: the format the backend opens) into its left
 * channel. */
static float *read_left(const char *path, size_t *frames)
{
    size_t len = 0;
    char *bytes = check_read_file(path, &len);
    *frames = 0;
    if (!bytes)
        return NULL;
    size_t n = len / (2 * sizeof(float));
    float *left = malloc((n ? n : 1) * sizeof(float));
    for (size_t i = 0; left && i < n; i++)
        memcpy(&left[i], bytes + i * 2 * sizeof(float), sizeof(float));
    free(bytes);
    *frames = n;
    return left;
}

static void check_busy_in_file(const char *case_name, const char *locale, int cycles, double on,
                               const double *freqs, int nfreqs, const double *absent, int nabsent)
{
    char out_raw[200], asoundrc[512];
    snprintf(out_raw, sizeof out_raw, "%s/%s/out.raw", tmpdir, case_name);
    snprintf(asoundrc, sizeof asoundrc,
             "pcm.!default {\n  type file\n  slave.pcm \"null\"\n  file \"%s\"\n  format \"raw\"\n}\n",
             out_raw);
    ChildCase c = {asoundrc, NULL, AUDIO_CUE_BUSY, locale, out_raw, cycles * 2 * on + 0.5};
    char *err = NULL;
    int code = run_case(case_name, &c, &err);
    CHECK_INT(code, CHILD_PORTAUDIO);
    CHECK_MSG(err && err[0] == '\0', "stderr: %s", err ? err : "(unreadable)");
    free(err);

    size_t frames;
    float *x = read_left(out_raw, &frames);
    CHECK(x != NULL);
    if (!x)
        return;
    const double rate = 48000;
    CHECK_MSG(frames > cycles * 2 * on * rate, "only %zu frames were written", frames);
    Segment seg[64];
    int n = find_segments(x, frames, rate, 0.02f, 0.05, seg, 64);
    CHECK_INT(n, cycles);
    for (int i = 0; i < n && i < 64; i++) {
        CHECK_MSG(fabs(seg[i].end - seg[i].start - on) <= 0.01, "on %d lasts %.4f s", i,
                  seg[i].end - seg[i].start);
        if (i > 0)
            CHECK_MSG(fabs(seg[i].start - seg[i - 1].end - on) <= 0.01, "off %d lasts %.4f s", i,
                      seg[i].start - seg[i - 1].end);
        size_t a = (size_t)((seg[i].start + 0.02) * rate), len = (size_t)((on - 0.04) * rate);
        for (int k = 0; k < nfreqs; k++) {
            double amp = goertzel_amp(x + a, len, rate, freqs[k]);
            CHECK_MSG(amp > 0.15, "%.0f Hz amplitude %.3f in the device's output", freqs[k], amp);
        }
        for (int k = 0; k < nabsent; k++) {
            double amp = goertzel_amp(x + a, len, rate, absent[k]);
            CHECK_MSG(amp < 0.01, "%.0f Hz amplitude %.4f in the device's output", absent[k], amp);
        }
    }
    free(x);
    unlink(out_raw); /* it can be large: the null device is not paced */
}

static void busy_tone_zh_reaches_the_alsa_device(void)
{
    const double f[] = {450}, absent[] = {480, 620, 1000};
    check_busy_in_file("file-zh", "zh", 4, 0.35, f, 1, absent, 3);
}

static void busy_tone_en_reaches_the_alsa_device(void)
{
    const double f[] = {480, 620}, absent[] = {450, 1000};
    check_busy_in_file("file-en", "en", 3, 0.5, f, 2, absent, 2);
}

static void the_callback_runs_on_a_null_device_quietly(void)
{
    ChildCase c = {"pcm.!default { type null }\n", "portaudio", -1, NULL, NULL, 0};
    char *err = NULL;
    CHECK_INT(run_case("null-device", &c, &err), CHILD_PORTAUDIO);
    CHECK_MSG(err && err[0] == '\0', "stderr: %s", err ? err : "(unreadable)");
    free(err);
}

static void no_device_falls_back_to_null_with_one_line(void)
{
    /* A card that does not exist: ALSA and JACK would print dozens of lines here. */
    static const char *rc = "pcm.!default { type hw; card 7 }\nctl.!default { type hw; card 7 }\n";
    const char *backends[] = {NULL, "portaudio"};
    for (int i = 0; i < 2; i++) {
        ChildCase c = {rc, backends[i], AUDIO_CUE_RING, "en", NULL, 0};
        char *err = NULL;
        CHECK_INT(run_case(i ? "no-device-pa" : "no-device", &c, &err), CHILD_NULL);
        CHECK_MSG(err && count_lines(err) == 1, "stderr has %d lines: %s", count_lines(err),
                  err ? err : "(unreadable)");
        CHECK_MSG(err && !strncmp(err, "sound: ", 7), "stderr: %s", err ? err : "(unreadable)");
        CHECK_MSG(err && strstr(err, "without sound"), "stderr: %s", err ? err : "(unreadable)");
        CHECK_MSG(err && !strstr(err, "ALSA") && !strstr(err, "jack") && !strstr(err, "JACK"),
                  "stderr: %s", err ? err : "(unreadable)");
        free(err);
    }
}

static void null_backend_never_touches_the_device(void)
{
    static const char *rc = "pcm.!default { type hw; card 7 }\n";
    ChildCase c = {rc, "null", AUDIO_CUE_RING, "en", NULL, 0};
    char *err = NULL;
    CHECK_INT(run_case("no-sound", &c, &err), CHILD_NULL);
    CHECK_MSG(err && err[0] == '\0', "stderr: %s", err ? err : "(unreadable)");
    free(err);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sparring-audio-dev-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(busy_tone_zh_reaches_the_alsa_device);
    RUN(busy_tone_en_reaches_the_alsa_device);
    RUN(the_callback_runs_on_a_null_device_quietly);
    RUN(no_device_falls_back_to_null_with_one_line);
    RUN(null_backend_never_touches_the_device);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
