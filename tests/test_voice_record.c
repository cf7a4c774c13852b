/* The trainer's voice recorder (`sparring voice record`, game/voice/voice_rec.c).
 *
 * In this process: the real window (SDL's dummy driver) over a copy of a bundled-like scenario,
 * with the microphone's null backend fed by the test: Space held and released, the Record
 * button clicked, the level meter's pixels, the clipping warning, a silent take, a take
 * dropped with Esc, skipping, moving by keys and clicks, the list's statuses, and the take on
 * disk (trimmed FLAC that matches what was fed).
 *
 * Then the command itself, driven by --script, on the real PortAudio stack over the ALSA test
 * microphone that reads tests/data/voice/answer.wav (tests/alsa/sparring-test.conf): two lines
 * recorded, one skipped, the FLAC files checked for length (trimmed) and content (correlation
 * with the shipped input > 0.9); validate's coverage; the refusal without a microphone. Each
 * take in its own run: the test microphone is not paced, so what a run reads after a take's
 * end is lost to the next take (a run always starts at the beginning of the file). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>

#include "audio_capture.h"
#include "audio_file.h"
#include "check.h"
#include "scenario.h"
#include "ui_check.h"
#include "voice_paths.h"
#include "voice_rec.h"
#include "voice_rig.h"
#include "voice_trim.h"
#include "ui_reload.h"

static char tmpdir[2048], scen[4400];
static float *answer;
static size_t answer_n;

static void copy_fixture(const char *to)
{
    char src[4096];
    const char *root = getenv("SPARRING_SOURCE_DIR");
    snprintf(src, sizeof src, "%s/tests/data/voice/voice-call.json", root ? root : ".");
    char *text = check_read_file(src, NULL);
    CHECK(text != NULL);
    ui_check_write_file(to, text ? text : "");
    free(text);
}

static Scenario *load(const char *path)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_file(path, &d);
    diag_list_free(&d);
    CHECK(sc != NULL);
    return sc;
}

static void push_space(VoiceRec *r, bool down)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = down ? SDL_KEYDOWN : SDL_KEYUP;
    e.key.windowID = voice_rec_win(r)->window_id;
    e.key.keysym.sym = SDLK_SPACE;
    e.key.keysym.scancode = SDL_SCANCODE_SPACE;
    SDL_PushEvent(&e);
    voice_rec_step(r, 0);
}

static void key(VoiceRec *r, const char *name)
{
    mentor_win_push_key(voice_rec_win(r), name, false, false);
    voice_rec_step(r, 0);
}

static void click(VoiceRec *r, const char *label)
{
    MentorWin *w = voice_rec_win(r);
    UiRect b = mentor_win_button_rect(w, label);
    CHECK_MSG(b.w > 0, "no button '%s'", label);
    mentor_win_push_click(w, b.x + b.w / 2, b.y + b.h / 2);
    voice_rec_step(r, 0);
}

static bool drawn(VoiceRec *r, const char *s) { return ui_check_text_containing(voice_rec_win(r)->g, s) != NULL; }

/* The saved take of node in locale: its clip (empty when none). */
static int load_take(const char *locale, const char *node, AudioClip *c)
{
    char p[4400], err[300];
    voice_path(scen, "voice-call", locale, node, p, sizeof p);
    memset(c, 0, sizeof *c);
    return audio_clip_load(p, c, err, sizeof err);
}

/* The number of pixels of the level meter's colours in the row of the word "音量". */
static long meter_ink(VoiceRec *r, const UiColor *c)
{
    UiGfx *g = voice_rec_win(r)->g;
    const UiDrawnText *lbl = ui_check_text(g, "音量");
    if (!lbl)
        return -1;
    UiRect row = {lbl->rect.x + lbl->rect.w, lbl->rect.y - 4, ui_gfx_width(g) - lbl->rect.x - lbl->rect.w, lbl->rect.h + 8};
    unsigned char rgb[3] = {c->r, c->g, c->b};
    return ui_check_colour_in(g, row, rgb);
}

/* The take holds the answer fed after lead seconds of silence (and silence after it). */
static void expect_take_matches_answer(const AudioClip *c, double lead, const char *what)
{
    size_t start, count, nlead = (size_t)(lead * 48000), n = nlead + answer_n + 48000;
    float *fed = calloc(n, sizeof *fed);
    if (!fed)
        return;
    memcpy(fed + nlead, answer, answer_n * sizeof *fed);
    voice_trim(fed, n, 48000, NULL, &start, &count);
    free(fed);
    double want = (double)count / 48000;
    CHECK_MSG(c->rate == 48000, "%s: rate %d", what, c->rate);
    CHECK_MSG(fabs(audio_clip_seconds(c) - want) < 0.025, "%s: %.3f s, want %.3f s (the answer trimmed)", what,
              audio_clip_seconds(c), want);
    CHECK_MSG(audio_clip_seconds(c) > 1.6 && audio_clip_seconds(c) < 1.6 + lead + 0.45, "%s: %.3f s", what,
              audio_clip_seconds(c));
    int lag = 0;
    double corr = c->frames ? rig_best_correlation(answer, answer_n, c->pcm, c->frames, 9600, &lag) : 0;
    CHECK_MSG(corr > 0.9, "%s: correlation %.3f at lag %d", what, corr, lag);
}

static void in_process_recorder(void)
{
    snprintf(scen, sizeof scen, "%s/inproc/voice-call.json", tmpdir);
    char dir[4300];
    snprintf(dir, sizeof dir, "%s/inproc", tmpdir);
    mkdir(dir, 0755);
    copy_fixture(scen);
    Scenario *sc = load(scen);
    char err[300];
    AudioCapture *mic = audio_capture_open_backend("null", 48000, err, sizeof err);
    CHECK_MSG(mic != NULL, "%s", err);
    if (!sc || !mic)
        return;
    char warn[200] = "";
    Audio *audio = audio_open("null", warn, sizeof warn); /* this test pulls its frames */
    VoiceRecOptions o = {.mic = mic, .audio = audio, .no_present = true, .width = 1000, .height = 720};
    VoiceRec *r = voice_rec_new(sc, &o, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (!r) {
        audio_capture_close(mic);
        scenario_free(sc);
        return;
    }
    voice_rec_draw(r);
    VoiceRecView v;
    voice_rec_view(r, &v);
    CHECK_INT(v.nlines, 4);
    CHECK_INT(v.current, 0);
    CHECK_STR(v.node, "hello");
    CHECK(drawn(r, "喂？我现在很忙，有什么事快说。")); /* the line, in the locale recorded (zh, the first) */
    CHECK(drawn(r, "第 1 句，共 4 句"));
    CHECK(drawn(r, "已录 0 句，共 4 句"));
    CHECK(drawn(r, "1. hello · 尚未录音"));
    CHECK(drawn(r, "4. won · 尚未录音"));
    CHECK(!drawn(r, ". dial ·") && !drawn(r, ". tip ·")); /* the narrator's and coach's lines are not recorded */
    CHECK(drawn(r, "前一句：“你拨通了王经理的电话。”")); /* but what comes before the line is shown */
    CHECK_INT(meter_ink(r, &mentor_theme.warn), 0);

    /* Before the first take the meter already moves (the microphone is monitored); nothing is
     * kept, and it falls back once the microphone hears silence. */
    audio_capture_feed(mic, answer, 48000 / 5);
    voice_rec_step(r, 0);
    long ink = meter_ink(r, &mentor_theme.good) + meter_ink(r, &mentor_theme.warn) + meter_ink(r, &mentor_theme.bad);
    CHECK_MSG(ink > 100, "the meter does not move before the first take (%ld pixels)", ink);
    CHECK_INT(audio_capture_frames(mic), 0);
    static float hush[4800];
    audio_capture_feed(mic, hush, 4800);
    audio_capture_feed(mic, hush, 4800);
    voice_rec_step(r, 0);
    ink = meter_ink(r, &mentor_theme.good) + meter_ink(r, &mentor_theme.warn) + meter_ink(r, &mentor_theme.bad);
    CHECK_MSG(ink == 0, "the meter stays up in silence (%ld pixels)", ink);

    /* Hold Space: the take runs; the meter shows the answer's level (peak 0.7: -3 dBFS, amber). */
    push_space(r, true);
    voice_rec_view(r, &v);
    CHECK(v.recording);
    CHECK(drawn(r, "停止并保存"));
    CHECK(drawn(r, "正在录音"));
    float lead[4800] = {0};
    audio_capture_feed(mic, lead, 4800); /* 0.1 s of silence before the voice */
    size_t part = 48000 / 5; /* up to the middle of the first syllable */
    audio_capture_feed(mic, answer, part);
    voice_rec_step(r, 0);
    float peak = 0; /* the meter shows the last 50 ms's peak: green, amber from -12 dBFS, red from -1 */
    for (size_t i = part - 2400; i < part; i++)
        peak = fabsf(answer[i]) > peak ? fabsf(answer[i]) : peak;
    const UiColor *want = peak >= 0.891f ? &mentor_theme.bad : peak >= 0.251f ? &mentor_theme.warn : &mentor_theme.good;
    CHECK_MSG(peak > 0.1f && meter_ink(r, want) > 100, "meter: peak %.3f, %ld pixels of its colour", peak,
              meter_ink(r, want));
    audio_capture_feed(mic, answer + part, answer_n - part);
    static float tail[48000];
    audio_capture_feed(mic, tail, 48000); /* 1 s of silence after it */
    push_space(r, false);
    voice_rec_view(r, &v);
    CHECK(!v.recording);
    CHECK_INT(v.recorded, 1);
    CHECK_MSG(strstr(v.message, "voice/voice-call/zh/hello.flac") != NULL, "message: %s", v.message);
    CHECK(drawn(r, "已录 1 句，共 4 句"));
    CHECK(drawn(r, "1. hello · 录音 "));
    CHECK(drawn(r, "再录一次即可替换。"));
    AudioClip c;
    CHECK_INT(load_take("zh", "hello", &c), 0);
    expect_take_matches_answer(&c, 0.1, "hello (in process)");
    audio_clip_free(&c);
    /* P plays it back down the phone line: the mixer has sound to give (the test pulls it). */
    int ch = audio_channels(audio);
    static float mixed[48000 * 2];
    audio_render(audio, mixed, 48000 * 2 / (size_t)ch); /* nothing queued yet: silence */
    double before = 0;
    for (int i = 0; i < 48000 * 2; i++)
        before += (double)mixed[i] * mixed[i];
    key(r, "P");
    audio_render(audio, mixed, 48000 * 2 / (size_t)ch);
    double after = 0;
    for (int i = 0; i < 48000 * 2; i++)
        after += (double)mixed[i] * mixed[i];
    CHECK_MSG(before == 0 && after > 1.0, "play back: energy %.3f before P, %.3f after", before, after);
    voice_rec_view(r, &v);
    CHECK_STR(v.message, "");

    /* A take that clips: the warning while recording, and after; still saved. */
    key(r, "Right");
    voice_rec_view(r, &v);
    CHECK_STR(v.node, "price");
    CHECK(drawn(r, "前一句：“两分钟，想问问续约的事。”")); /* the rep's answer before it, for the tone */
    push_space(r, true);
    float loud[4800];
    for (int i = 0; i < 4800; i++)
        loud[i] = i % 40 < 20 ? 1.0f : -1.0f;
    audio_capture_feed(mic, loud, 4800);
    voice_rec_step(r, 0);
    voice_rec_view(r, &v);
    CHECK(v.clipped);
    CHECK(drawn(r, "音量过大"));
    CHECK_MSG(meter_ink(r, &mentor_theme.bad) > 100, "meter: %ld red pixels", meter_ink(r, &mentor_theme.bad));
    push_space(r, false);
    voice_rec_view(r, &v);
    CHECK_INT(v.recorded, 2);
    CHECK(v.clipped);
    CHECK(drawn(r, "音量过大"));

    /* Silence: nothing saved, and the trainer is told why. */
    key(r, "Right");
    CHECK_STR((voice_rec_view(r, &v), v.node), "lost");
    push_space(r, true);
    audio_capture_feed(mic, tail, 48000);
    push_space(r, false);
    voice_rec_view(r, &v);
    CHECK_INT(v.recorded, 2);
    CHECK(drawn(r, "没有录到声音"));
    CHECK(load_take("zh", "lost", &c) != 0);

    /* Esc drops a take in progress (and does not close the window). */
    push_space(r, true);
    audio_capture_feed(mic, answer, answer_n);
    key(r, "Escape");
    voice_rec_view(r, &v);
    CHECK(!v.recording);
    CHECK(drawn(r, "已放弃本次录音。"));
    push_space(r, false); /* the release after it changes nothing */
    CHECK(load_take("zh", "lost", &c) != 0);

    /* Skip: marked, and on to the next line; the mouse records too (Record, then Stop). */
    key(r, "S");
    CHECK_STR((voice_rec_view(r, &v), v.node), "won");
    CHECK(drawn(r, "3. lost · 已跳过"));
    CHECK(voice_rec_line(r, 2, NULL) == VOICE_TAKE_SKIPPED);
    click(r, "录音（按住空格）");
    CHECK((voice_rec_view(r, &v), v.recording));
    audio_capture_feed(mic, answer, answer_n);
    click(r, "停止并保存");
    voice_rec_view(r, &v);
    CHECK(!v.recording);
    CHECK_INT(v.recorded, 3);
    double secs = 0;
    CHECK(voice_rec_line(r, 3, &secs) == VOICE_TAKE_SAVED && secs > 1.5);
    /* A click on a line of the list goes there. */
    double hello_s = 0;
    CHECK(voice_rec_line(r, 0, &hello_s) == VOICE_TAKE_SAVED);
    char label[100];
    snprintf(label, sizeof label, "1. hello · 录音 %.1f 秒", hello_s);
    click(r, label);
    CHECK_STR((voice_rec_view(r, &v), v.node), "hello");
    key(r, "End");
    CHECK_STR((voice_rec_view(r, &v), v.node), "won");
    key(r, "Escape"); /* closes */
    CHECK(!voice_rec_step(r, 0));
    voice_rec_free(r);

    /* Open again: the takes are found, and it starts at the first line without one. */
    o.locale = "zh";
    r = voice_rec_new(sc, &o, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (r) {
        voice_rec_draw(r);
        voice_rec_view(r, &v);
        CHECK_INT(v.recorded, 3);
        CHECK_STR(v.node, "lost");
        CHECK(drawn(r, "已录 3 句，共 4 句"));
        voice_rec_free(r);
    }
    /* In English: the English line and the recorder's words in English. */
    o.locale = "en";
    r = voice_rec_new(sc, &o, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (r) {
        voice_rec_draw(r);
        CHECK(drawn(r, "Hello? I'm busy, be quick."));
        CHECK(drawn(r, "0 of 4 recorded"));
        CHECK(drawn(r, "Record (hold Space)"));
        voice_rec_free(r);
    }
    o.locale = "fr";
    CHECK(voice_rec_new(sc, &o, err, sizeof err) == NULL);
    CHECK_MSG(strstr(err, "no locale 'fr'") != NULL, "%s", err);
    audio_capture_close(mic);
    audio_close(audio);
    scenario_free(sc);
}

/* ---- the command, on the ALSA test microphone ---------------------------------------------- */

/* Under the sanitizers: PortAudio's ALSA opens its plugins with dlopen, and what they keep
 * until exit is reported as leaked from unloaded modules that no suppression can name (as for
 * SDL's X11 in test_window_x11). Leaks in our own code are checked in this process (the
 * recorder on the null microphone). */
static const char *child_asan(void)
{
    return getenv("SPARRING_SANITIZED") ? "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 " : "";
}

static int run(const char *args, const char *mic_raw, char **out, char **err_text)
{
    const char *bin = getenv("SPARRING_BIN"), *src = getenv("SPARRING_SOURCE_DIR");
    char cmd[16384], errp[4300];
    snprintf(errp, sizeof errp, "%s/cmd.stderr", tmpdir);
    snprintf(cmd, sizeof cmd,
             "%sALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:%s/tests/alsa/sparring-test.conf SPARRING_ALSA_IN='%s' "
             "SPARRING_ALSA_OUT=/dev/null '%s' %s 2>'%s'",
             child_asan(), src ? src : ".", mic_raw, bin ? bin : "sparring", args, errp);
    int rc = check_run_cmd(cmd, out);
    if (err_text)
        *err_text = check_read_file(errp, NULL);
    return rc;
}

static void command_on_the_test_microphone(void)
{
    if (!getenv("SPARRING_BIN")) {
        fprintf(stderr, "SPARRING_BIN is not set: the command is not tested\n");
        check_failures_in_test++;
        return;
    }
    char mic[4300], args[9000];
    snprintf(scen, sizeof scen, "%s/cli/voice-call.json", tmpdir);
    snprintf(mic, sizeof mic, "%s/cli", tmpdir);
    mkdir(mic, 0755);
    copy_fixture(scen);
    snprintf(mic, sizeof mic, "%s/mic.raw", tmpdir);
    CHECK_INT(rig_write_mic_raw(mic, answer, answer_n, 8.0), 0);

    /* Run 1: record the first line (hello), move on, skip the second (price). */
    char *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "voice record '%s' --script rec:2.5,Right,S --screenshot '%s/shot1.png'", scen, tmpdir);
    CHECK_INT(run(args, mic, &out, &err), 0);
    CHECK_MSG(out && strstr(out, "voice-call zh: 1 of 4 lines recorded"), "stdout: %s", out ? out : "");
    CHECK_MSG(err && !err[0], "stderr: %s", err ? err : "");
    free(out);
    free(err);
    /* Run 2: it opens at the first line without a take (price); move on and record lost. */
    snprintf(args, sizeof args, "voice record '%s' --script Right,rec:2.5", scen);
    CHECK_INT(run(args, mic, &out, &err), 0);
    CHECK_MSG(out && strstr(out, "voice-call zh: 2 of 4 lines recorded"), "stdout: %s", out ? out : "");
    free(out);
    free(err);

    AudioClip c;
    CHECK_INT(load_take("zh", "hello", &c), 0);
    expect_take_matches_answer(&c, 0, "hello");
    audio_clip_free(&c);
    CHECK_INT(load_take("zh", "lost", &c), 0);
    expect_take_matches_answer(&c, 0, "lost");
    audio_clip_free(&c);
    CHECK(load_take("zh", "price", &c) != 0); /* skipped */
    CHECK(load_take("zh", "won", &c) != 0);
    CHECK(load_take("en", "hello", &c) != 0);

    /* validate and stats see them. */
    snprintf(args, sizeof args, "validate -v '%s'", scen);
    CHECK_INT(run(args, mic, &out, NULL), 0);
    CHECK_MSG(out && strstr(out, "voice zh 2 of 4 lines recorded, en 0 of 4") && strstr(out, "voice zh no take: price, won") &&
                  strstr(out, "1 file, 0 errors, 0 warnings"),
              "validate: %s", out ? out : "");
    free(out);
    snprintf(args, sizeof args, "stats '%s' --runs 10 --format json", scen);
    CHECK_INT(run(args, mic, &out, NULL), 0);
    CHECK_MSG(out && strstr(out, "\"recorded\":\t2") && strstr(out, "\"folder\":\ttrue"), "stats: %s", out ? out : "");
    free(out);

    /* Usage errors and the refusal without a microphone: exit codes, one clear message, no wait. */
    snprintf(args, sizeof args, "voice record '%s' --locale fr", scen);
    CHECK_INT(run(args, mic, NULL, &err), 2);
    CHECK_MSG(err && strstr(err, "no locale 'fr' (it has: zh en)"), "stderr: %s", err ? err : "");
    free(err);
    snprintf(args, sizeof args, "voice record '%s' --script rec:0", scen);
    CHECK_INT(run(args, mic, NULL, &err), 2);
    free(err);
    CHECK_INT(run("voice record", mic, NULL, NULL), 2);
    CHECK_INT(run("voice --help", mic, &out, NULL), 0);
    CHECK(out && strstr(out, "voice/<scenario id>/<locale>/<node id>.flac"));
    free(out);
    snprintf(args, sizeof args, "voice record '%s'", scen);
    setenv("SPARRING_AUDIO", "none", 1);
    CHECK_INT(run(args, mic, &out, &err), 1);
    unsetenv("SPARRING_AUDIO");
    CHECK_MSG(err && strstr(err, "cannot record: microphone:") && strstr(err, "Connect a microphone"), "stderr: %s",
              err ? err : "");
    CHECK(out && !out[0]);
    free(out);
    free(err);

    /* A machine whose sound card is not there: the same refusal, and none of ALSA's noise. */
    char home[2200], rc[2300], cmd[16384], errp[2300];
    snprintf(home, sizeof home, "%s/nodev", tmpdir);
    mkdir(home, 0755);
    snprintf(rc, sizeof rc, "%s/.asoundrc", home);
    ui_check_write_file(rc, "pcm.!default { type hw; card 7 }\nctl.!default { type hw; card 7 }\n");
    snprintf(errp, sizeof errp, "%s/nodev.stderr", tmpdir);
    snprintf(cmd, sizeof cmd, "env -u ALSA_CONFIG_PATH %sHOME='%s' '%s' voice record '%s' 2>'%s'", child_asan(),
             home, getenv("SPARRING_BIN"), scen, errp);
    CHECK_INT(check_run_cmd(cmd, NULL), 1);
    err = check_read_file(errp, NULL);
    CHECK_MSG(err && !strncmp(err, "sparring voice record: cannot record: microphone: no microphone found.\n", 71) &&
                  strstr(err, "Connect a microphone") && !strstr(err, "ALSA") && !strstr(err, "jack"),
              "stderr: %s", err ? err : "");
    free(err);
}

/* ---- hot reload: a take recorded while the trainee's window is open ------------------------ */

static bool voice_changes_reach(UiApp *a, int n)
{
    for (int i = 0; i < 400; i++) { /* the reload looks every 250 ms; each step waits up to 20 ms */
        ui_app_step(a, 20);
        UiReloadView rv;
        ui_reload_view(a, &rv);
        if (rv.voice_changes >= n) {
            ui_app_draw(a);
            return true;
        }
    }
    return false;
}

static void save_take(const char *path, const float *pcm, size_t n)
{
    AudioClip c = {.pcm = (float *)pcm, .frames = n, .rate = 48000};
    char err[300];
    CHECK_MSG(audio_clip_save(&c, path, err, sizeof err) == 0, "%s", err);
}

static void hot_reload_picks_up_a_new_take(void)
{
    char dir[4300], db[4400], settings[4400], take[4600];
    snprintf(dir, sizeof dir, "%s/reload", tmpdir);
    mkdir(dir, 0755);
    snprintf(scen, sizeof scen, "%s/voice-call.json", dir);
    snprintf(db, sizeof db, "%s/records.db", dir);
    snprintf(settings, sizeof settings, "%s/settings.ini", dir);
    copy_fixture(scen);
    UiOptions o = {.path = scen, .mode = "practice", .trainee = "e1001", .locale = "zh", .db = db,
                   .settings = settings, .audio = "null", .width = 1280, .height = 800,
                   .clock = ui_check_clock, .no_present = true};
    char err[512] = "";
    UiApp *a = ui_app_new(&o, err, sizeof err);
    CHECK_MSG(a != NULL, "ui_app_new: %s", err);
    Scenario *sc = load(scen);
    if (!a || !sc) {
        ui_app_free(a);
        scenario_free(sc);
        return;
    }
    ui_app_step(a, 0);
    /* What the call does each time a line comes: find its take, decode it. */
    char found[4600];
    CHECK_INT(voice_find_take(scen, "voice-call", "zh", "hello", found, sizeof found), 0);

    /* A first take: the window says so, and the line's take is it. */
    snprintf(dir, sizeof dir, "%s/reload/voice/voice-call/zh", tmpdir);
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    CHECK_INT(system(cmd), 0);
    voice_path(scen, "voice-call", "zh", "hello", take, sizeof take);
    save_take(take, answer, answer_n);
    CHECK(voice_changes_reach(a, 1));
    CHECK(ui_check_text_containing(ui_app_gfx(a), "语音录音有更新（zh：已录 1 句，共 4 句）") != NULL);
    AudioClip c = {0};
    CHECK(voice_find_take(scen, "voice-call", "zh", "hello", found, sizeof found) > 0);
    CHECK_STR(found, take);
    CHECK_MSG(audio_clip_load(found, &c, err, sizeof err) == 0 && c.frames == answer_n, "%s", err);
    audio_clip_free(&c);

    /* A re-take (half as long): noticed, and the line's take is the new one. */
    save_take(take, answer, answer_n / 2);
    CHECK(voice_changes_reach(a, 2));
    CHECK(voice_find_take(scen, "voice-call", "zh", "hello", found, sizeof found) > 0);
    CHECK_MSG(audio_clip_load(found, &c, err, sizeof err) == 0 && c.frames == answer_n / 2, "%s", err);
    audio_clip_free(&c);

    /* Removed: noticed, and the line has no take. */
    unlink(take);
    CHECK(voice_changes_reach(a, 3));
    CHECK_INT(voice_find_take(scen, "voice-call", "zh", "hello", found, sizeof found), 0);
    ui_app_free(a);

    /* In an assessment the trainee is not told (the change is still seen). */
    o.mode = "assessment";
    a = ui_app_new(&o, err, sizeof err);
    CHECK_MSG(a != NULL, "ui_app_new: %s", err);
    if (a) {
        ui_app_step(a, 0);
        save_take(take, answer, answer_n);
        CHECK(voice_changes_reach(a, 1));
        CHECK(ui_check_text_containing(ui_app_gfx(a), "语音录音有更新") == NULL);
        ui_app_free(a);
    }
    scenario_free(sc);
}

int main(void)
{
    ui_check_tmpdir("voice-record", tmpdir, sizeof tmpdir);
    const char *src = getenv("SPARRING_SOURCE_DIR");
    char wav[4096];
    snprintf(wav, sizeof wav, "%s/tests/data/voice/answer.wav", src ? src : ".");
    int rate = 0;
    answer = rig_read_wav16(wav, &answer_n, &rate);
    if (!answer || rate != 48000) {
        fprintf(stderr, "%s: not a 48 kHz mono WAV\n", wav);
        return 1;
    }
    RUN(in_process_recorder);
    RUN(command_on_the_test_microphone);
    RUN(hot_reload_picks_up_a_new_take);
    free(answer);
    int rc = check_summary();
    if (rc == 0 && !getenv("SPARRING_TEST_KEEP")) {
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return rc;
}
