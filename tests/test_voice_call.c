/* The call plays a customer's recorded line (voice/<scenario id>/<locale>/<node id>.wav beside
 * the scenario) through the real PortAudio stack on the ALSA test rig
 * (tests/alsa/sparring-test.conf), whose playback "file" is a FIFO this test reads: the device
 * can only take frames as fast as the test drains them, so the test paces the sound card.
 *   - While the line plays, the decision's timer does not run (the attempt's clock is moved
 *     by seconds and the time left stays whole); it starts only once the mixer has played the
 *     line's last frame.
 *   - What reached the device: the line (white noise) through the telephone band, its energy
 *     below 300 Hz and above 3400 Hz at least 20 dB under the band's.
 *   - --no-voice: no line, the timer starts at once. A node without a recording: as before.
 *   - The file played is voice_paths' choice (an empty .flac is passed over for the .wav).
 *   - An answer before the line's end stops that line; the next node's line plays alone. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audio.h"
#include "audio_file.h"
#include "check.h"
#include "scr_call_voice.h"
#include "test_audio_measure.h"
#include "ui_app.h"
#include "ui_check.h"
#include "voice_rig.h"

static char tmpdir[4096], scen_path[4200], db_path[4200], settings_path[4200], fifo_path[4200];

static const char *scenario_json =
    "{\"format\":1,\"id\":\"voice-test\",\"version\":\"1.0.0\","
    "\"title\":{\"en\":\"Voice test\"},\"level\":\"new_hire\",\"locales\":[\"en\"],"
    "\"competencies\":{\"empathy\":{\"name\":{\"en\":\"Empathy\"}}},"
    "\"pass_percent\":50,\"start\":\"open\",\"time_limit\":20,\"nodes\":{"
    "\"open\":{\"timeout\":{\"next\":\"lost\"},\"text\":{\"en\":\"Too expensive.\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"en\":\"Compared with what?\"},\"score\":{\"empathy\":3},\"next\":\"again\"},"
    "{\"id\":\"cut\",\"text\":{\"en\":\"I will cut it.\"},\"next\":\"lost\"}]},"
    "\"again\":{\"timeout\":{\"next\":\"lost\"},\"text\":{\"en\":\"With the others.\"},"
    "\"choices\":[{\"id\":\"fine\",\"text\":{\"en\":\"Fine.\"},\"next\":\"lost\"}]},"
    "\"lost\":{\"text\":{\"en\":\"Bye.\"},\"end\":{\"outcome\":\"fail\"}}}}";

#define LINE_SECONDS 2.0
#define RATE 48000

/* ---- the FIFO the device writes into, drained by a thread as far as the test allows ------- */

static int fifo_fd = -1;
static pthread_t drainer;
static atomic_long allowed;     /* bytes the drainer may read in all */
static atomic_long drained;     /* bytes read so far */
static atomic_bool stop_draining;
static char *out_bytes;         /* what was read (the first OUT_CAP bytes) */
#define OUT_CAP (64L << 20)

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void *drain_main(void *arg)
{
    (void)arg;
    char buf[4096];
    while (!atomic_load(&stop_draining)) {
        long room = atomic_load(&allowed) - atomic_load(&drained);
        if (room <= 0) {
            sleep_ms(1);
            continue;
        }
        ssize_t n = read(fifo_fd, buf, room < (long)sizeof buf ? (size_t)room : sizeof buf);
        if (n <= 0) {
            sleep_ms(1);
            continue;
        }
        long at = atomic_load(&drained);
        if (at + n <= OUT_CAP)
            memcpy(out_bytes + at, buf, (size_t)n);
        atomic_fetch_add(&drained, n);
    }
    return NULL;
}

/* Lets the device write `bytes` more, and waits until they were read (bounded). */
static void drain(long bytes)
{
    long want = atomic_load(&drained) + bytes;
    atomic_store(&allowed, want);
    for (int i = 0; i < 20000 && atomic_load(&drained) < want; i++)
        sleep_ms(1);
}

/* ---- the scenario, its recorded line ------------------------------------------------------------ */

static void write_line_named(const char *node, float amp);

static void write_line(void)
{
    write_line_named("open", 0.3f);
}

/* voice/voice-test/en/<node>.wav: LINE_SECONDS of white noise at amplitude amp. */
static void write_line_named(const char *node, float amp)
{
    char dir[4300], path[4400], err[256];
    snprintf(dir, sizeof dir, "%s/voice", tmpdir);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/voice/voice-test", tmpdir);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/voice/voice-test/en", tmpdir);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/%s.wav", dir, node);
    size_t n = (size_t)(LINE_SECONDS * RATE);
    AudioClip c = {malloc(n * sizeof(float)), n, RATE};
    uint32_t seed = 2024;
    for (size_t i = 0; c.pcm && i < n; i++) { /* white noise: every frequency alike */
        seed = seed * 1664525u + 1013904223u;
        c.pcm[i] = amp * ((float)(seed >> 8) / (float)(1u << 24) * 2.0f - 1.0f);
    }
    CHECK_MSG(audio_clip_save(&c, path, err, sizeof err) == 0, "%s", err);
    audio_clip_free(&c);
}

static UiApp *open_call(bool no_voice)
{
    UiOptions o = {.path = scen_path, .trainee = "T1", .locale = "en", .db = db_path,
                   .settings = settings_path, .audio = NULL, .no_voice = no_voice, .width = 1000,
                   .height = 700, .clock = ui_check_clock, .no_present = true};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return NULL;
    UiRect r = ui_app_button_rect(a, "Take the assessment");
    ui_check_click(a, r);
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_STR(audio_backend_name(ui_app_audio(a)), "portaudio");
    return a;
}

/* ---- measuring what reached the device ------------------------------------------------------------ */

/* Mean power of x at frequencies from..to (step), by Goertzel. */
static double band_power(const float *x, size_t n, double from, double to, double step)
{
    double sum = 0;
    int k = 0;
    for (double f = from; f <= to; f += step, k++) {
        double amp = goertzel_amp(x, n, RATE, f);
        sum += amp * amp;
    }
    return k ? sum / k : 0;
}

static void check_band(void)
{
    long bytes = atomic_load(&drained);
    if (bytes > OUT_CAP)
        bytes = OUT_CAP;
    size_t frames = (size_t)bytes / (2 * sizeof(float));
    float *left = malloc((frames ? frames : 1) * sizeof(float));
    for (size_t i = 0; left && i < frames; i++)
        memcpy(&left[i], out_bytes + i * 2 * sizeof(float), sizeof(float));
    size_t onset = 0;
    while (onset < frames && fabsf(left[onset]) < 0.01f)
        onset++;
    size_t from = onset + (size_t)(0.3 * RATE), len = (size_t)(1.2 * RATE);
    CHECK_MSG(from + len <= frames, "the line is not in what the device got (%zu frames, onset %zu)", frames,
              onset);
    if (left && from + len <= frames) {
        double low = band_power(left + from, len, 20, 290, 10);
        double band = band_power(left + from, len, 300, 3400, 25);
        double high = band_power(left + from, len, 3400, 23900, 100);
        double low_db = 10 * log10(low / band), high_db = 10 * log10(high / band);
        printf("telephone band: below 300 Hz %.1f dB, above 3400 Hz %.1f dB (against 300-3400 Hz)\n", low_db,
               high_db);
        CHECK_MSG(low_db <= -20, "below 300 Hz only %.1f dB under the band", low_db);
        CHECK_MSG(high_db <= -20, "above 3400 Hz only %.1f dB under the band", high_db);
        double rms = 0;
        for (size_t i = from; i < from + len; i++)
            rms += (double)left[i] * left[i];
        rms = sqrt(rms / len);
        CHECK_MSG(rms > 0.05, "the line is nearly silent at the device (RMS %.4f)", rms);
    }
    free(left);
}

/* ---- the tests ------------------------------------------------------------------------------------ */

static void the_timer_waits_for_the_line(void)
{
    ui_check_now = 1000;
    UiApp *a = open_call(false);
    if (!a)
        return;
    UiView v;
    CallVoiceView cv;
    call_voice_view(a, &cv);
    CHECK_MSG(cv.line_playing && cv.line_ticket, "no recorded line playing");
    ui_app_view(a, &v);
    CHECK_MSG(ui_check_text_containing(ui_app_gfx(a), "Too expensive.") != NULL, "the line's text is not shown");
    /* The device takes nothing until the test drains it: the line cannot end, and the clock
     * moving on does not run the timer. */
    for (int i = 0; i < 5; i++) {
        ui_check_now += 2000;
        ui_check_step(a);
        ui_app_view(a, &v);
        call_voice_view(a, &cv);
        CHECK(cv.line_playing);
        CHECK_INT(play_time_left_ms(v.play, ui_app_now(a)), 20000);
    }
    /* Drain in steps of 0.1 s of sound; the moment the timer starts, the mixer has played the
     * whole line. */
    const Audio *au = ui_app_audio(a);
    size_t line_frames = 0, pos = 0;
    bool started = false;
    for (int i = 0; i < 200 && !started; i++) {
        drain(RATE / 10 * 2 * (long)sizeof(float));
        ui_check_step(a);
        ui_app_view(a, &v);
        pos = audio_line_position(au, cv.line_ticket, &line_frames);
        started = !play_paused(v.play);
        if (!started)
            CHECK_INT(play_time_left_ms(v.play, ui_app_now(a)), 20000);
    }
    CHECK_MSG(started, "the timer never started");
    CHECK_MSG(line_frames >= (size_t)(LINE_SECONDS * RATE) && pos == line_frames,
              "the timer started with %zu of the line's %zu frames played", pos, line_frames);
    CHECK_MSG(atomic_load(&drained) >= (long)(LINE_SECONDS * RATE * 2 * sizeof(float)) / 2,
              "the timer started after only %ld bytes reached the device", atomic_load(&drained));
    ui_check_now += 3000;
    ui_check_step(a);
    ui_app_view(a, &v);
    CHECK_INT(play_time_left_ms(v.play, ui_app_now(a)), 17000);
    drain(RATE * 2 * (long)sizeof(float)); /* the rest of the line and some silence */
    check_band();
    /* The next node has no recording: its timer runs at once. */
    ui_app_view(a, &v);
    char key[4] = "1";
    for (int k = 0; k < v.nchoices; k++)
        if (v.choice_index[k] == 0) /* "ask" (assessment shuffles the answers) */
            key[0] = (char)('1' + k);
    ui_check_key(a, key);
    ui_app_view(a, &v);
    call_voice_view(a, &cv);
    CHECK(!cv.line_playing);
    CHECK(!play_paused(v.play));
    atomic_store(&allowed, 1L << 40); /* the device may run freely while the window closes */
    ui_app_free(a);
}

static void no_voice_starts_the_timer_at_once(void)
{
    ui_check_now = 1000;
    UiApp *a = open_call(true);
    if (!a)
        return;
    CallVoiceView cv;
    call_voice_view(a, &cv);
    CHECK(!cv.line_playing);
    UiView v;
    ui_app_view(a, &v);
    CHECK(!play_paused(v.play));
    ui_check_now += 1000;
    ui_check_step(a);
    CHECK_INT(play_time_left_ms(v.play, ui_app_now(a)), 19000);
    ui_app_free(a);
}

/* The file a line plays is voice_paths' (voice_find_take): an empty open.flac (a take that
 * failed to write) is passed over for open.wav, as coverage and the recorder count it. */
static void an_empty_take_is_passed_over(void)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/voice/voice-test/en/open.flac", tmpdir);
    ui_check_write_file(path, "");
    atomic_store(&allowed, atomic_load(&drained)); /* paced: the line cannot end before the look */
    ui_check_now = 1000;
    UiApp *a = open_call(false);
    if (a) {
        CallVoiceView cv;
        call_voice_view(a, &cv);
        UiView v;
        ui_app_view(a, &v);
        CHECK_MSG(cv.line_playing && cv.line_ticket, "open.wav beside an empty open.flac does not play (banner: %s)",
                  v.banner);
        atomic_store(&allowed, 1L << 40);
        ui_app_free(a);
    }
    unlink(path);
}

/* The trainee answers while the customer's line still plays: that line stops (the mixer lets
 * go of it well before its end) and the next node's line plays alone. The device is paced by
 * the test, so the old line could not have ended by itself. */
static void answering_during_a_line_stops_it(void)
{
    write_line_named("again", 0.2f);
    long drained_at_open = atomic_load(&drained);
    atomic_store(&allowed, drained_at_open); /* the device takes only what the test drains */
    ui_check_now = 1000;
    UiApp *a = open_call(false);
    if (!a)
        return;
    CallVoiceView cv;
    call_voice_view(a, &cv);
    unsigned long first = cv.line_ticket;
    CHECK_MSG(cv.line_playing && first, "no line playing");
    drain(RATE / 20 * 2 * (long)sizeof(float));
    ui_check_step(a);
    UiView v;
    ui_app_view(a, &v);
    char key[4] = "1";
    for (int k = 0; k < v.nchoices; k++)
        if (v.choice_index[k] == 0) /* "ask", to the node "again" */
            key[0] = (char)('1' + k);
    ui_check_key(a, key);
    call_voice_view(a, &cv);
    CHECK_MSG(cv.line_playing && cv.line_ticket != first, "the next node's line does not play");
    const Audio *au = ui_app_audio(a);
    size_t frames = 0;
    for (int i = 0; i < 20 && !audio_line_done(au, first); i++) { /* at most 1 s of sound */
        drain(RATE / 20 * 2 * (long)sizeof(float));
        ui_check_step(a);
    }
    size_t pos = audio_line_position(au, first, &frames);
    CHECK_MSG(audio_line_done(au, first), "the first line still plays under the next (%zu of %zu frames)", pos,
              frames);
    /* The device took less sound than the line holds, so it ended by being stopped. Where the
     * mixer still knows the line (its slot may have gone to another sound), it says so too. */
    long took = (atomic_load(&drained) - drained_at_open) / (2 * (long)sizeof(float));
    CHECK_MSG(took < (long)(LINE_SECONDS * RATE), "the device took %ld frames, the whole line", took);
    CHECK_MSG(frames == 0 || pos < frames, "the first line played to its end (%zu of %zu frames)", pos, frames);
    CHECK_MSG(!audio_line_done(au, cv.line_ticket), "the next line was stopped too");
    atomic_store(&allowed, 1L << 40);
    ui_app_free(a);
    char path[4400];
    snprintf(path, sizeof path, "%s/voice/voice-test/en/again.wav", tmpdir);
    unlink(path);
}

int main(void)
{
    ui_check_tmpdir("voice-call", tmpdir, sizeof tmpdir);
    snprintf(scen_path, sizeof scen_path, "%s/voice-test.json", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    snprintf(fifo_path, sizeof fifo_path, "%s/device.fifo", tmpdir);
    ui_check_write_file(scen_path, scenario_json);
    write_line();
    unlink(fifo_path);
    if (mkfifo(fifo_path, 0600) != 0 || (fifo_fd = open(fifo_path, O_RDONLY | O_NONBLOCK)) < 0) {
        perror(fifo_path);
        return 1;
    }
    out_bytes = malloc(OUT_CAP);
    atomic_store(&allowed, 0);
    if (!out_bytes || pthread_create(&drainer, NULL, drain_main, NULL) != 0)
        return 1;
    rig_use(NULL, fifo_path);
    RUN(the_timer_waits_for_the_line);
    RUN(no_voice_starts_the_timer_at_once);
    RUN(an_empty_take_is_passed_over);
    RUN(answering_during_a_line_stops_it);
    atomic_store(&allowed, 1L << 40);
    atomic_store(&stop_draining, true);
    pthread_join(drainer, NULL);
    close(fifo_fd);
    free(out_bytes);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
