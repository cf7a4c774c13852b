/* The microphone (audio_capture.h): the take buffer, level and clipping through the null
 * backend fed by the test; then real PortAudio on the ALSA test microphone
 * (tests/alsa/sparring-test.conf) fed with tests/data/voice/answer.wav, whose samples must
 * come back (correlation > 0.9); and the missing-device and SPARRING_AUDIO=none refusals,
 * which return at once with one clear message and leave stderr empty. Device cases run in
 * child processes (ALSA reads its configuration once per process). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audio_capture.h"
#include "check.h"
#include "voice_rig.h"

static char tmpdir[64];

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void null_backend_collects_what_is_fed(void)
{
    char err[200];
    AudioCapture *c = audio_capture_open_backend("null", 16000, err, sizeof err);
    CHECK_MSG(c != NULL, "%s", err);
    if (!c)
        return;
    CHECK_STR(audio_capture_backend_name(c), "null");
    CHECK_INT(audio_capture_rate(c), 16000);
    float x[1600];
    for (int i = 0; i < 1600; i++)
        x[i] = (i % 2 ? 0.5f : -0.25f) * (i >= 800 ? 1.0f : 0.1f);
    audio_capture_feed(c, x, 100); /* not recording: ignored */
    CHECK_INT(audio_capture_frames(c), 0);
    CHECK_INT(audio_capture_start(c, 0.25, err, sizeof err), 0); /* 4000 frames */
    CHECK(audio_capture_recording(c));
    CHECK_INT(audio_capture_start(c, 0.25, err, sizeof err), -1);
    CHECK_MSG(strstr(err, "already recording") != NULL, "%s", err);
    CHECK(audio_capture_level(c) == 0.0f);
    audio_capture_feed(c, x, 800);
    /* the last 50 ms (800 frames at 16 kHz) are the quiet part */
    CHECK_MSG(fabsf(audio_capture_level(c) - 0.05f) < 1e-6f, "level %f", audio_capture_level(c));
    audio_capture_feed(c, x + 800, 800);
    CHECK_MSG(fabsf(audio_capture_level(c) - 0.5f) < 1e-6f, "level %f", audio_capture_level(c));
    CHECK_INT(audio_capture_clipped(c), 0);
    CHECK(!audio_capture_full(c));
    for (int k = 0; k < 3; k++)
        audio_capture_feed(c, x, 1600); /* 1600 + 4800 > 4000: the rest is dropped */
    CHECK(audio_capture_full(c));
    CHECK_INT(audio_capture_frames(c), 4000);
    float *pcm = NULL;
    size_t n = audio_capture_stop(c, &pcm);
    CHECK_INT(n, 4000);
    CHECK(pcm && pcm[0] == x[0] && pcm[1599] == x[1599] && pcm[1600] == x[0] && pcm[3999] == x[799]);
    free(pcm);
    CHECK(!audio_capture_recording(c));
    CHECK(audio_capture_level(c) == 0.0f);

    /* A second take starts clean; a full-scale sample marks it clipped. */
    CHECK_INT(audio_capture_start(c, 1.0, err, sizeof err), 0);
    float loud[3] = {0.2f, -1.0f, 0.3f};
    audio_capture_feed(c, loud, 3);
    CHECK_INT(audio_capture_clipped(c), 1);
    n = audio_capture_stop(c, &pcm);
    CHECK_INT(n, 3);
    CHECK(pcm && pcm[1] == -1.0f);
    free(pcm);
    CHECK_INT(audio_capture_start(c, 1.0, err, sizeof err), 0);
    CHECK_INT(audio_capture_clipped(c), 0);
    n = audio_capture_stop(c, &pcm);
    CHECK_INT(n, 0);
    CHECK(pcm == NULL);

    CHECK_INT(audio_capture_start(c, 0, err, sizeof err), -1);
    CHECK_INT(audio_capture_start(c, AUDIO_CAPTURE_MAX_SECONDS + 1, err, sizeof err), -1);
    CHECK_MSG(strstr(err, "at most") != NULL, "%s", err);
    audio_capture_close(c);
    audio_capture_close(NULL);
    CHECK(audio_capture_open_backend("oss", 48000, err, sizeof err) == NULL);
    CHECK_MSG(strstr(err, "unknown") != NULL, "%s", err);
}

/* Monitoring: the level between takes, nothing kept; a take meanwhile collects from its start
 * only; monitoring goes on after it, from silence; off, the level is 0 again. */
static void monitoring_shows_the_level_before_a_take(void)
{
    char err[200];
    AudioCapture *c = audio_capture_open_backend("null", 16000, err, sizeof err);
    CHECK_MSG(c != NULL, "%s", err);
    if (!c)
        return;
    float x[1600];
    for (int i = 0; i < 1600; i++)
        x[i] = i % 2 ? 0.4f : -0.4f;
    audio_capture_feed(c, x, 800); /* not monitoring yet: nothing */
    CHECK(audio_capture_level(c) == 0.0f);
    CHECK_INT(audio_capture_monitor(c, true, err, sizeof err), 0);
    CHECK(audio_capture_level(c) == 0.0f);
    audio_capture_feed(c, x, 400);
    CHECK_MSG(fabsf(audio_capture_level(c) - 0.4f) < 1e-6f, "level %f before any take", audio_capture_level(c));
    CHECK(!audio_capture_recording(c));
    CHECK_INT(audio_capture_frames(c), 0);
    static const float quiet[1600];
    audio_capture_feed(c, quiet, 800);
    audio_capture_feed(c, quiet, 800); /* two whole 50 ms windows of silence */
    CHECK_MSG(audio_capture_level(c) == 0.0f, "level %f after silence", audio_capture_level(c));
    /* A take while monitoring: its own frames only. */
    CHECK_INT(audio_capture_start(c, 1.0, err, sizeof err), 0);
    audio_capture_feed(c, x, 1600);
    CHECK_MSG(fabsf(audio_capture_level(c) - 0.4f) < 1e-6f, "level %f in the take", audio_capture_level(c));
    float *pcm = NULL;
    CHECK_INT(audio_capture_stop(c, &pcm), 1600);
    free(pcm);
    CHECK(audio_capture_level(c) == 0.0f);
    audio_capture_feed(c, x, 200);
    CHECK_MSG(fabsf(audio_capture_level(c) - 0.4f) < 1e-6f, "level %f after the take", audio_capture_level(c));
    CHECK(!audio_capture_recording(c));
    CHECK_INT(audio_capture_start(c, 1.0, err, sizeof err), 0); /* and the next take starts empty */
    CHECK_INT(audio_capture_frames(c), 0);
    CHECK_INT(audio_capture_stop(c, &pcm), 0);
    CHECK_INT(audio_capture_monitor(c, false, err, sizeof err), 0);
    CHECK(audio_capture_level(c) == 0.0f);
    audio_capture_close(c);
    CHECK_INT(audio_capture_monitor(NULL, true, err, sizeof err), -1);
}

enum { CHILD_OK = 10, CHILD_NO_DEVICE = 11, CHILD_FAILED = 12 };
static bool child_monitors; /* the child monitors the microphone, takes two takes and keeps the first */

/* In a child: opens the microphone as the trainer does, records `seconds`, writes the frames
 * (float32) to out_path. */
static void child_capture(const char *err_path, const char *out_path, double seconds)
{
    int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        _exit(CHILD_FAILED);
    dup2(fd, STDERR_FILENO);
    close(fd);
    char err[256];
    AudioCapture *c = audio_capture_open(48000, err, sizeof err);
    if (!c) {
        fprintf(stderr, "%s\n", err);
        _exit(CHILD_NO_DEVICE);
    }
    if (strcmp(audio_capture_backend_name(c), "portaudio") || audio_capture_rate(c) != 48000 ||
        (child_monitors && audio_capture_monitor(c, true, err, sizeof err) != 0) ||
        audio_capture_start(c, seconds, err, sizeof err) != 0)
        _exit(CHILD_FAILED);
    /* The test device is not paced: the take fills far faster than real time. The bound only
     * keeps a broken device from hanging the test. */
    for (int i = 0; i < 60000 && !audio_capture_full(c); i++)
        sleep_ms(1);
    float *pcm = NULL;
    size_t n = audio_capture_stop(c, &pcm);
    if (child_monitors) { /* the stream was started again for the meter: a second take fills too */
        float *again = NULL;
        if (audio_capture_start(c, seconds, err, sizeof err) != 0)
            _exit(CHILD_FAILED);
        for (int i = 0; i < 60000 && !audio_capture_full(c); i++)
            sleep_ms(1);
        if (audio_capture_stop(c, &again) != n || audio_capture_monitor(c, false, err, sizeof err) != 0)
            _exit(CHILD_FAILED);
        free(again);
    }
    audio_capture_close(c);
    FILE *f = fopen(out_path, "wb");
    if (!f || fwrite(pcm, sizeof(float), n, f) != n || fclose(f) != 0)
        _exit(CHILD_FAILED);
    fflush(stderr);
    _exit(CHILD_OK);
}

static int run_child(const char *name, const char *out_path, double seconds, char **err_text)
{
    char err_path[200];
    snprintf(err_path, sizeof err_path, "%s/%s.stderr", tmpdir, name);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0)
        child_capture(err_path, out_path, seconds);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        *err_text = NULL;
        return -1;
    }
    *err_text = check_read_file(err_path, NULL);
    return WEXITSTATUS(status);
}

static void portaudio_records_the_shipped_answer(void)
{
    const char *src = getenv("SPARRING_SOURCE_DIR");
    char wav[600], in_raw[200], out[200];
    snprintf(wav, sizeof wav, "%s/tests/data/voice/answer.wav", src ? src : ".");
    size_t n = 0;
    int rate = 0;
    float *x = rig_read_wav16(wav, &n, &rate);
    CHECK_MSG(x && rate == 48000 && n > 48000, "%s: %zu frames at %d Hz", wav, n, rate);
    if (!x)
        return;
    snprintf(in_raw, sizeof in_raw, "%s/mic.raw", tmpdir);
    snprintf(out, sizeof out, "%s/captured.f32", tmpdir);
    CHECK_INT(rig_write_mic_raw(in_raw, x, n, 2.0), 0);
    rig_use(in_raw, NULL);
    unsetenv("SPARRING_AUDIO");
    double seconds = (double)n / 48000 + 0.5;
    char *err = NULL;
    CHECK_INT(run_child("pa", out, seconds, &err), CHILD_OK);
    CHECK_MSG(err && err[0] == '\0', "stderr: %s", err ? err : "(unreadable)");
    free(err);

    size_t len = 0;
    char *bytes = check_read_file(out, &len);
    size_t got = len / sizeof(float);
    CHECK_MSG(got == (size_t)(seconds * 48000 + 0.999), "captured %zu frames", got);
    if (bytes && got >= n) {
        float *y = (float *)malloc(got * sizeof(float));
        memcpy(y, bytes, got * sizeof(float));
        int lag = 0;
        double r = rig_best_correlation(x, n, y, got, 480, &lag);
        CHECK_MSG(r > 0.9, "correlation %.4f at lag %d", r, lag);
        CHECK_MSG(lag == 0, "the take starts %d frames late", lag);
        /* and after the answer, the silence the file was padded with */
        double tail = 0;
        for (size_t i = n + 480; i < got; i++)
            tail = fabs(y[i]) > tail ? fabs(y[i]) : tail;
        CHECK_MSG(tail < 1e-3, "after the answer: peak %.4f", tail);
        free(y);
    }
    free(bytes);
    /* Monitored (the PortAudio stream running between takes): takes start, fill and stop as
     * before, the stream restarted after each; nothing on stderr. */
    child_monitors = true;
    CHECK_INT(run_child("pa-monitor", out, seconds, &err), CHILD_OK);
    CHECK_MSG(err && err[0] == '\0', "stderr: %s", err ? err : "(unreadable)");
    free(err);
    child_monitors = false;
    bytes = check_read_file(out, &len);
    CHECK_MSG(len / sizeof(float) == (size_t)(seconds * 48000 + 0.999), "monitored: captured %zu frames",
              len / sizeof(float));
    free(bytes);
    free(x);
    if (!getenv("SPARRING_TEST_KEEP"))
        unlink(in_raw);
}

static void no_microphone_is_one_clear_message(void)
{
    /* A card that does not exist, as HOME/.asoundrc: ALSA and JACK would print dozens of lines. */
    char home[200], rc[260], out[200];
    snprintf(home, sizeof home, "%s/nodev", tmpdir);
    mkdir(home, 0755);
    snprintf(rc, sizeof rc, "%s/.asoundrc", home);
    FILE *f = fopen(rc, "w");
    if (f) {
        fputs("pcm.!default { type hw; card 7 }\nctl.!default { type hw; card 7 }\n", f);
        fclose(f);
    }
    unsetenv("ALSA_CONFIG_PATH");
    setenv("HOME", home, 1);
    snprintf(out, sizeof out, "%s/nodev.f32", tmpdir);
    char *err = NULL;
    CHECK_INT(run_child("nodev", out, 1.0, &err), CHILD_NO_DEVICE);
    CHECK_MSG(err && !strcmp(err, "microphone: no microphone found\n"), "stderr: %s",
              err ? err : "(unreadable)");
    free(err);

    setenv("SPARRING_AUDIO", "none", 1);
    CHECK_INT(run_child("none", out, 1.0, &err), CHILD_NO_DEVICE);
    CHECK_MSG(err && strstr(err, "SPARRING_AUDIO=none") && strchr(err, '\n') == strrchr(err, '\n'),
              "stderr: %s", err ? err : "(unreadable)");
    free(err);
    unsetenv("SPARRING_AUDIO");
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sparring-voice-cap-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(null_backend_collects_what_is_fed);
    RUN(monitoring_shows_the_level_before_a_take);
    RUN(portaudio_records_the_shipped_answer);
    RUN(no_microphone_is_one_clear_message);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (!getenv("SPARRING_TEST_KEEP") && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
