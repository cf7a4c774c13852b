/* Say it aloud, in the real window (SDL's dummy video) with the real microphone: PortAudio on
 * the ALSA test rig (tests/alsa/sparring-test.conf), whose microphone "hears"
 * tests/data/voice/answer.wav. A scenario with "say_aloud": true, taken as an assessment:
 *   - the briefing tells the trainee the call will record their voice;
 *   - at the decision the answers are held back while the take runs (a prompt, a level meter,
 *     digits do nothing), Space ends it, then the answers show and one is picked;
 *   - the take is in the records with its decision, and `sparring replay ATTEMPT
 *     --export-audio DIR` gives it back matching the answer fed in (same length within 50 ms,
 *     correlation above 0.9).
 * In a sandbox, with the mentor's console open, takes are kept only once the mentor turns
 * recording on (the console's toggle), and the trainee's window says so. Then with no microphone (a sound card that does not exist): the window says so and the call
 * goes on with the answers shown at once; a second call in the same session says nothing again
 * (once a session) and its briefing promises no recording. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audio_capture.h"
#include "check.h"
#include "mentor_console.h"
#include "records.h"
#include "scr_call_voice.h"
#include "ui_app.h"
#include "ui_check.h"
#include "voice_rig.h"

static char tmpdir[4096], scen_path[4200], db_path[4200], settings_path[4200], mic_raw[4200];
static float *answer;
static size_t answer_frames;

static const char *scenario_json =
    "{\"format\":1,\"id\":\"say-test\",\"version\":\"1.0.0\",\"say_aloud\":true,"
    "\"title\":{\"en\":\"Say test\"},\"level\":\"new_hire\",\"locales\":[\"en\"],"
    "\"competencies\":{\"empathy\":{\"name\":{\"en\":\"Empathy\"}}},"
    "\"pass_percent\":50,\"start\":\"open\",\"time_limit\":8,\"nodes\":{"
    "\"open\":{\"timeout\":{\"next\":\"lost\"},\"text\":{\"en\":\"Too expensive.\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"en\":\"Compared with what?\"},\"score\":{\"empathy\":3},\"next\":\"won\"},"
    "{\"id\":\"cut\",\"text\":{\"en\":\"I will cut it.\"},\"next\":\"lost\"}]},"
    "\"won\":{\"text\":{\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}},"
    "\"lost\":{\"text\":{\"en\":\"Bye.\"},\"end\":{\"outcome\":\"fail\"}}}}";

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static UiApp *open_window_mode(const char *mode)
{
    UiOptions o = {.path = scen_path, .trainee = "T1", .locale = "en", .db = db_path, .mode = mode,
                   .settings = settings_path, .audio = NULL, .width = 1000, .height = 700,
                   .clock = ui_check_clock, .no_present = true};
    return ui_check_open(&o);
}

static UiApp *open_window(void)
{
    return open_window_mode(NULL);
}

/* Picks the node's choice `index` by its digit (assessment shuffles the answers). */
static void pick(UiApp *a, int index)
{
    UiView v;
    ui_app_view(a, &v);
    for (int k = 0; k < v.nchoices; k++)
        if (v.choice_index[k] == index) {
            char key[2] = {(char)('1' + k), 0};
            ui_check_key(a, key);
            return;
        }
    CHECK_MSG(0, "choice %d is not on screen", index);
}

static void both(UiApp *a, MentorConsole *c)
{
    ui_app_step(a, 0);
    mentor_console_step(c);
    ui_app_draw(a);
    mentor_console_draw(c);
}

/* A sandbox call with the mentor's console open: the take (the mentor turning recording on
 * during it, or not), then the first answer; returns the takes kept. */
static int sandbox_take(bool mentor_records)
{
    ui_check_now = 1000;
    UiApp *a = open_window_mode("sandbox");
    if (!a)
        return -1;
    MentorConsoleOptions mo = {.width = 1100, .height = 900, .no_present = true};
    char cerr[512] = "";
    MentorConsole *con = mentor_console_new(a, &mo, cerr, sizeof cerr);
    CHECK_MSG(con != NULL, "mentor_console_new: %s", cerr);
    if (!con) {
        ui_app_free(a);
        return -1;
    }
    both(a, con);
    CHECK_MSG(ui_check_text_containing(ui_app_gfx(a), "Nothing is recorded") != NULL,
              "the sandbox's briefing does not say nothing is recorded");
    ui_check_click(a, ui_app_button_rect(a, "Start the call"));
    both(a, con);
    CallVoiceView cv;
    call_voice_view(a, &cv);
    CHECK_MSG(cv.saying, "sandbox: no take");
    if (mentor_records) { /* the console's toggle, during the take */
        MentorWin *w = mentor_console_win(con);
        UiRect r = mentor_win_button_rect(w, "Spoken answers: not recorded");
        CHECK_MSG(r.w > 0, "no recording toggle on the console");
        mentor_win_push_click(w, r.x + r.w / 2, r.y + r.h / 2);
        both(a, con);
        CHECK(mentor_win_button_rect(w, "Spoken answers: recorded").w > 0);
        UiView bv;
        ui_app_view(a, &bv);
        CHECK_MSG(strstr(bv.banner, "Your mentor is now recording") != NULL, "banner: %s", bv.banner);
    }
    AudioCapture *mic = call_voice_mic(a);
    for (int i = 0; i < 10000 && audio_capture_frames(mic) < answer_frames; i++)
        sleep_ms(1);
    if (mentor_records) {
        ui_check_key(a, "space");
    } else { /* the decision's 8 s run out: the take ends by itself */
        ui_check_now += 7900;
        ui_check_step(a);
        call_voice_view(a, &cv);
        CHECK_MSG(cv.saying, "the take ended before its time");
        ui_check_now += 100;
        ui_check_step(a);
    }
    call_voice_view(a, &cv);
    CHECK_MSG(!cv.saying, "the take goes on");
    pick(a, 0);
    call_voice_view(a, &cv);
    UiView v;
    ui_app_view(a, &v);
    char attempt[64];
    snprintf(attempt, sizeof attempt, "%s", v.attempt_id);
    mentor_console_free(con);
    ui_app_free(a);
    /* What the records hold for that attempt. */
    char err[512];
    Records *db = records_open(db_path, err, sizeof err);
    RecordsRecording *list = NULL;
    int n = -1;
    CHECK_MSG(db && records_recordings(db, attempt, false, &list, &n, err, sizeof err) == 0, "%s", err);
    records_recordings_free(list, n);
    records_close(db);
    CHECK_INT(n, cv.takes_kept);
    return n;
}

static void sandbox_records_only_when_the_mentor_says(void)
{
    CHECK_INT(sandbox_take(false), 0);
    CHECK_INT(sandbox_take(true), 1);
}

static void no_microphone_in_child(void);

static void spoken_answer_reaches_the_records(void)
{
    ui_check_now = 1000;
    UiApp *a = open_window();
    if (!a)
        return;
    CHECK_MSG(ui_check_text_containing(ui_app_gfx(a), "This call records your voice") != NULL,
              "the briefing does not say the call is recorded");
    ui_check_click(a, ui_app_button_rect(a, "Take the assessment"));
    ui_check_step(a); /* the loop starts the take */
    UiView v;
    CallVoiceView cv;
    ui_app_view(a, &v);
    call_voice_view(a, &cv);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_MSG(cv.mic && cv.saying, "mic %d, saying %d (banner: %s)", cv.mic, cv.saying, v.banner);
    CHECK_INT(v.nchoices, 0); /* recall first: no answers yet */
    CHECK(ui_check_text(ui_app_gfx(a), "Say your answer aloud now") != NULL);
    CHECK(play_paused(v.play)); /* the decision's timer waits for the answers */
    ui_check_key(a, "1"); /* nothing to pick yet */
    ui_app_view(a, &v);
    CHECK_INT(play_decision_count(v.play), 0);
    /* The rig's microphone is not paced: the answer is in within milliseconds. */
    AudioCapture *mic = call_voice_mic(a);
    for (int i = 0; i < 10000 && audio_capture_frames(mic) < answer_frames + 4800; i++)
        sleep_ms(1);
    ui_check_key(a, "space");
    call_voice_view(a, &cv);
    ui_app_view(a, &v);
    CHECK(!cv.saying);
    CHECK_INT(v.nchoices, 2);
    CHECK(!play_paused(v.play));
    CHECK_MSG(fabs(cv.last_take_seconds - (double)answer_frames / 48000) <= 0.05, "the take lasts %.3f s",
              cv.last_take_seconds);
    pick(a, 0);
    call_voice_view(a, &cv);
    ui_app_view(a, &v);
    CHECK_MSG(cv.takes_kept == 1, "takes kept: %d (banner: %s)", cv.takes_kept, v.banner);
    char attempt[64];
    snprintf(attempt, sizeof attempt, "%s", v.attempt_id);
    ui_app_free(a);

    /* Out of the records, through the command a mentor uses. */
    char dir[4300], cmd[9000], wav[4400];
    snprintf(dir, sizeof dir, "%s/export", tmpdir);
    const char *bin = getenv("SPARRING_BIN");
    snprintf(cmd, sizeof cmd, "'%s' replay '%s' --db '%s' --export-audio '%s' 2>&1", bin ? bin : "build/sparring",
             attempt, db_path, dir);
    char *out = NULL;
    int rc = check_run_cmd(cmd, &out);
    CHECK_MSG(rc == 0, "%s: %s", cmd, out ? out : "");
    free(out);
    snprintf(wav, sizeof wav, "%s/1-open.wav", dir);
    size_t n = 0;
    int rate = 0;
    float *y = rig_read_wav16(wav, &n, &rate);
    CHECK_MSG(y != NULL, "%s: not a 16-bit mono WAV", wav);
    if (!y)
        return;
    double got = rate > 0 ? (double)n / rate : 0, want = (double)answer_frames / 48000;
    printf("spoken answer: fed %.3f s, exported %.3f s at %d Hz\n", want, got, rate);
    CHECK_MSG(fabs(got - want) <= 0.05, "exported %.3f s, fed %.3f s", got, want);
    int lag = 0;
    double r = rate == 48000 ? rig_best_correlation(answer, answer_frames, y, n, 480, &lag) : 0;
    CHECK_MSG(r > 0.9, "correlation %.4f (lag %d)", r, lag);
    free(y);
}

/* In a child process (ALSA reads its configuration once per process): a default device on a
 * sound card that does not exist. */
static void no_microphone_is_said(void)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        char home[4300], rc[4400];
        snprintf(home, sizeof home, "%s/nodev", tmpdir);
        mkdir(home, 0755);
        snprintf(rc, sizeof rc, "%s/.asoundrc", home);
        ui_check_write_file(rc, "pcm.!default { type hw; card 7 }\nctl.!default { type hw; card 7 }\n");
        unsetenv("ALSA_CONFIG_PATH");
        setenv("HOME", home, 1);
        no_microphone_in_child();
        fflush(stderr);
        _exit(check_failures_in_test ? 1 : 0);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void no_microphone_in_child(void)
{
    ui_check_now = 1000;
    UiApp *a = open_window();
    if (!a)
        return;
    ui_check_click(a, ui_app_button_rect(a, "Take the assessment"));
    ui_check_step(a);
    UiView v;
    CallVoiceView cv;
    ui_app_view(a, &v);
    call_voice_view(a, &cv);
    CHECK(!cv.mic && !cv.saying);
    CHECK_MSG(strstr(v.banner, "No microphone") != NULL, "banner: %s", v.banner);
    CHECK_INT(v.nchoices, 2); /* the call goes on: answers at once */
    CHECK(!play_paused(v.play));
    CHECK_INT(cv.mic_notices, 1);
    /* A second call in the same session: nothing said again, nothing promised. */
    pick(a, 0);
    ui_check_key(a, "Return"); /* the end: to the debrief */
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    ui_check_click(a, ui_app_button_rect(a, "Try again"));
    ui_check_step(a);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
    CHECK_MSG(ui_check_text_containing(ui_app_gfx(a), "records your voice") == NULL &&
                  ui_check_text_containing(ui_app_gfx(a), "say your answer aloud") == NULL,
              "the briefing promises say-aloud without a microphone");
    ui_check_click(a, ui_app_button_rect(a, "Take the assessment"));
    ui_check_step(a);
    ui_app_view(a, &v);
    call_voice_view(a, &cv);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_MSG(strstr(v.banner, "No microphone") == NULL, "said again in the second call: %s", v.banner);
    CHECK_INT(cv.mic_notices, 1);
    CHECK(!cv.mic && !cv.saying);
    CHECK_INT(v.nchoices, 2);
    ui_app_free(a);
}

int main(void)
{
    ui_check_tmpdir("voice-say", tmpdir, sizeof tmpdir);
    snprintf(scen_path, sizeof scen_path, "%s/say-test.json", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    snprintf(mic_raw, sizeof mic_raw, "%s/mic.raw", tmpdir);
    ui_check_write_file(scen_path, scenario_json);
    const char *src = getenv("SPARRING_SOURCE_DIR");
    char wav[4200];
    snprintf(wav, sizeof wav, "%s/tests/data/voice/answer.wav", src ? src : ".");
    int rate = 0;
    answer = rig_read_wav16(wav, &answer_frames, &rate);
    if (!answer || rate != 48000 || rig_write_mic_raw(mic_raw, answer, answer_frames, 12.0) != 0) {
        fprintf(stderr, "%s: cannot make the microphone's input\n", wav);
        return 1;
    }
    rig_use(mic_raw, NULL);
    unsetenv("SPARRING_AUDIO");
    RUN(spoken_answer_reaches_the_records);
    RUN(sandbox_records_only_when_the_mentor_says);
    RUN(no_microphone_is_said);
    free(answer);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
