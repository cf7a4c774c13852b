/* A call left or closed stays resumable after the window closes, like a crashed one (issue:
 * the recorder could only close the attempt, so a left call was recorded as abandoned when the
 * window closed). The real window on SDL's dummy driver, the real records database:
 *
 * - a call left with "Leave and close the window" is in progress after the window is gone; the
 *   next window offers "Resume it", which goes on at the right decision, with the answers in
 *   the order they were shown before (an assessment, shuffled), and the attempt completes;
 * - an assessment left mid-call keeps the note that it was left (docs/trainee.md's policy);
 * - a real process recording a shuffled assessment, killed after its first decision: the
 *   window resumes it with the same order shown for the decision already made and the next. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>

#include "check.h"
#include "records.h"
#include "scenario.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

/* Two decisions of four answers each, so that the shuffled order differs from the file's. */
static const char *scenario_json =
    "{\"format\":1,\"id\":\"resume-test\",\"version\":\"1.0.0\","
    "\"title\":{\"zh\":\"续接测试\",\"en\":\"Resume test\"},\"level\":\"new_hire\",\"locales\":[\"en\",\"zh\"],"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}}},"
    "\"pass_percent\":50,\"start\":\"open\",\"time_limit\":30,\"nodes\":{"
    "\"open\":{\"timeout\":{\"next\":\"lost\"},\"text\":{\"zh\":\"太贵了。\",\"en\":\"Too expensive.\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"zh\":\"和什么比？\",\"en\":\"Compared with what?\"},\"score\":{\"empathy\":3},"
    "\"next\":\"two\",\"feedback\":{\"zh\":\"先问。\",\"en\":\"Ask first.\"}},"
    "{\"id\":\"hear\",\"text\":{\"zh\":\"我明白。\",\"en\":\"I see.\"},\"score\":{\"empathy\":1},\"next\":\"two\"},"
    "{\"id\":\"wait\",\"text\":{\"zh\":\"嗯。\",\"en\":\"Hm.\"},\"next\":\"two\"},"
    "{\"id\":\"cut\",\"text\":{\"zh\":\"我降价。\",\"en\":\"I will cut it.\"},\"next\":\"lost\"}]},"
    "\"two\":{\"timeout\":{\"next\":\"lost\"},\"text\":{\"zh\":\"还有呢？\",\"en\":\"And?\"},"
    "\"choices\":["
    "{\"id\":\"more\",\"text\":{\"zh\":\"还有服务。\",\"en\":\"The service.\"},\"score\":{\"empathy\":2},\"next\":\"won\"},"
    "{\"id\":\"warranty\",\"text\":{\"zh\":\"还有保修。\",\"en\":\"The warranty.\"},\"score\":{\"empathy\":1},"
    "\"next\":\"won\"},"
    "{\"id\":\"later\",\"text\":{\"zh\":\"回头再说。\",\"en\":\"Later.\"},\"next\":\"lost\"},"
    "{\"id\":\"none\",\"text\":{\"zh\":\"没了。\",\"en\":\"Nothing.\"},\"next\":\"lost\"}]},"
    "\"won\":{\"text\":{\"zh\":\"好。\",\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}},"
    "\"lost\":{\"text\":{\"zh\":\"再见。\",\"en\":\"Bye.\"},\"end\":{\"outcome\":\"fail\"}}}}";

typedef struct {
    const char *assess, *leave_close, *resume_it;
} Words;
static const Words en = {"Take the assessment", "Leave and close the window", "Resume it"};
static const Words zh = {"参加考核", "退出并关闭窗口", "从中断处继续"};

static UiCheckFiles files;

static UiApp *open_file(const char *locale, const char *trainee, int w, int h)
{
    return ui_check_open_file(&files, files.scen, trainee, locale, w, h);
}

/* The key that takes the file's choice `choice` where the window shows it ("" if not shown). */
static const char *key_of(const UiView *v, int choice)
{
    static const char *keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    for (int i = 0; i < v->nchoices && i < 9; i++)
        if (v->choice_index[i] == choice)
            return keys[i];
    CHECK_MSG(0, "choice %d not on screen", choice);
    return "";
}

/* The order shown as JSON ids, as records store it: ["more","none",...]. */
static void shown_ids(const Scenario *sc, int node, const int *order, int n, char *buf, size_t size)
{
    size_t k = (size_t)snprintf(buf, size, "[");
    for (int i = 0; i < n && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s\"%s\"", i ? "," : "",
                              scenario_node(sc, node)->choices[order[i]].id);
    if (k < size)
        snprintf(buf + k, size - k, "]");
}

/* Leave a call with "Leave and close the window" after the first decision; the next window
 * offers it and goes on at the second decision, the answers in the order shown before. */
static void closed_call_resumes(const char *locale, int w, int h, bool assessment)
{
    const Words *wd = strcmp(locale, "zh") ? &en : &zh;
    const char *trainee = assessment ? "T-assess" : "T-practice";
    ui_check_now = 1000;
    UiApp *a = open_file(locale, trainee, w, h);
    if (!a)
        return;
    if (assessment)
        ui_check_click_label(a, wd->assess);
    else
        ui_check_key(a, "Return"); /* practice */
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    ui_check_key(a, key_of(&v, 0)); /* "ask": on to the second decision */
    if (!assessment)
        ui_check_key(a, "Return"); /* the coach tip read */
    ui_app_view(a, &v);
    CHECK_INT(play_decision_count(v.play), 1);
    char id[40];
    snprintf(id, sizeof id, "%s", v.attempt_id);
    int before[SC_MAX_CHOICES], nbefore = v.nchoices;
    memcpy(before, v.choice_index, sizeof before);
    int first_shown[SC_MAX_CHOICES], nfirst = play_step_shown(v.play, 0, first_shown);
    ui_check_now += 5000;
    /* Ctrl+Q asks; "Leave and close the window" closes it. */
    ui_check_key(a, "ctrl+q");
    UiRect r = ui_app_button_rect(a, wd->leave_close);
    CHECK_MSG(r.w > 0, "no \"%s\"", wd->leave_close);
    ui_app_push_click(a, r.x + r.w / 2, r.y + r.h / 2);
    CHECK(!ui_app_step(a, 0));
    ui_app_free(a);
    RecordsAttempt *at = ui_check_load_attempt(files.db, id);
    if (at) {
        CHECK_STR(at->status, "in_progress"); /* not abandoned */
        bool noted = false;
        for (int i = 0; i < at->nmentor; i++)
            noted |= strstr(at->mentor[i].detail, "left by the trainee mid-call (assessment)") != NULL;
        CHECK_MSG(noted == assessment, "the note of an assessment left: %d", noted);
    }
    records_attempt_free(at);
    /* The next window: "Resume it" is offered, and goes on where the call stopped. */
    ui_check_now += 3600000;
    a = open_file(locale, trainee, w, h);
    if (!a)
        return;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK(v.interrupted_offered);
    ui_check_click_label(a, wd->resume_it);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    if (v.screen != UI_SCREEN_CALL) {
        ui_app_free(a);
        return;
    }
    CHECK_STR(v.attempt_id, id);
    CHECK_INT(v.mode, assessment ? UI_MODE_ASSESSMENT : UI_MODE_PRACTICE);
    CHECK_INT(play_decision_count(v.play), 1);
    CHECK_INT(play_node(v.play), scenario_find_node(play_scenario(v.play), "two"));
    CHECK_INT(v.nchoices, nbefore);
    for (int i = 0; i < nbefore && i < v.nchoices; i++)
        CHECK_INT(v.choice_index[i], before[i]);
    int again[SC_MAX_CHOICES];
    CHECK_INT(play_step_shown(v.play, 0, again), nfirst);
    for (int i = 0; i < nfirst; i++)
        CHECK_INT(again[i], first_shown[i]);
    ui_check_key(a, key_of(&v, 0)); /* "more": the end */
    if (!assessment)
        ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_ENDED);
    /* The debrief: the note that the assessment was left is the record's, not a mentor's comment. */
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "left by the trainee") == NULL);
    CHECK(ui_check_text(ui_app_gfx(a), strcmp(locale, "zh") ? "Your mentor's comments" : "导师点评") == NULL);
    ui_app_free(a);
    at = ui_check_load_attempt(files.db, id);
    if (at)
        CHECK_STR(at->status, "completed");
    records_attempt_free(at);
}

static void closed_practice_resumes(const char *locale, int w, int h) { closed_call_resumes(locale, w, h, false); }
static void closed_assessment_resumes(const char *locale, int w, int h) { closed_call_resumes(locale, w, h, true); }

/* A shared training PC: T-a leaves a call, T-b signs in and leaves one too; T-a's call is not
 * thrown away for it (it was: one left call at a time), and T-a, back, is offered it. */
static void shared_pc_keeps_each_call(void)
{
    ui_check_now = 5000000;
    UiApp *a = open_file("en", "T-a", 1280, 800);
    if (!a)
        return;
    ui_check_key(a, "Return"); /* practice */
    UiView v;
    ui_app_view(a, &v);
    char id_a[40];
    snprintf(id_a, sizeof id_a, "%s", v.attempt_id);
    ui_check_key(a, "Escape");
    ui_check_click_label(a, "Leave the call");
    ui_check_click_label(a, "Leave the call");
    ui_app_view(a, &v);
    CHECK_STR(v.parked_id, id_a);
    ui_check_click_label(a, "Change trainee");
    ui_app_push_text("T-b");
    ui_check_step(a);
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK_STR(v.trainee_id, "T-b");
    CHECK(!v.interrupted_offered);
    CHECK(ui_app_button_rect(a, "Resume the call").w == 0); /* not T-b's */
    ui_check_key(a, "Return"); /* the card */
    ui_check_key(a, "Return"); /* practice */
    ui_app_view(a, &v);
    char id_b[40];
    snprintf(id_b, sizeof id_b, "%s", v.attempt_id);
    CHECK(strcmp(id_a, id_b) != 0);
    ui_check_key(a, "Escape");
    ui_check_click_label(a, "Leave the call");
    ui_check_click_label(a, "Leave the call");
    ui_app_view(a, &v);
    CHECK_STR(v.parked_id, id_b);
    RecordsAttempt *at = ui_check_load_attempt(files.db, id_a);
    if (at)
        CHECK_STR(at->status, "in_progress"); /* kept for T-a, not abandoned */
    records_attempt_free(at);
    ui_check_click_label(a, "Change trainee");
    ui_app_push_text("T-a");
    ui_check_step(a);
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_STR(v.trainee_id, "T-a");
    CHECK(v.interrupted_offered);
    ui_check_click_label(a, "Resume it");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_STR(v.attempt_id, id_a);
    ui_app_free(a);
}

/* ---- a recording process killed mid-call -------------------------------------------------- */

static PlayOptions assess_opts(void)
{
    return (PlayOptions){.timers = true, .time_multiplier = 1.0, .shuffle = true};
}

/* A seed whose shuffle shows both decisions out of file order. */
static uint64_t shuffled_seed(const Scenario *sc)
{
    for (uint64_t seed = 1;; seed++) {
        Play *p = play_new(sc, seed, assess_opts());
        int s1[SC_MAX_CHOICES], s2[SC_MAX_CHOICES];
        int n1 = play_shown(p, s1);
        play_choose(p, 0, 1000);
        int n2 = play_shown(p, s2);
        play_free(p);
        bool moved1 = false, moved2 = false;
        for (int i = 0; i < n1; i++)
            moved1 |= s1[i] != i;
        for (int i = 0; i < n2; i++)
            moved2 |= s2[i] != i;
        if (moved1 && moved2)
            return seed;
    }
}

/* The child: records an assessment, takes "ask" at the place shown, and dies with SIGKILL. */
static void record_and_die(const Scenario *sc, uint64_t seed)
{
    char err[512];
    Records *db = records_open(files.db, err, sizeof err);
    if (!db)
        _exit(2);
    Play *p = play_new(sc, seed, assess_opts());
    AttemptMeta meta = {.trainee_id = "T-killed", .mode = "assessment", .locale = "en"};
    Recorder *r = recorder_begin(db, p, &meta, 1700000000000, err, sizeof err);
    if (!r)
        _exit(3);
    play_choose(p, 0, 4000);
    if (recorder_sync(r, p, 1700000004000, err, sizeof err) != 0)
        _exit(4);
    raise(SIGKILL);
    _exit(5);
}

static void killed_shuffled_resumes(void)
{
    DiagList diags = {0};
    Scenario *sc = scenario_load_file(files.scen, &diags);
    diag_list_free(&diags);
    CHECK(sc != NULL);
    if (!sc)
        return;
    uint64_t seed = shuffled_seed(sc);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        record_and_die(sc, seed);
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_MSG(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the recorder did not die mid-call (%d)", status);
    /* What was shown: the same seed and choice, played here. */
    Play *p = play_new(sc, seed, assess_opts());
    int first[SC_MAX_CHOICES], next[SC_MAX_CHOICES];
    int nfirst = play_shown(p, first);
    play_choose(p, 0, 4000);
    int nnext = play_shown(p, next);
    play_free(p);
    ui_check_now = 9000000;
    UiApp *a = open_file("en", "T-killed", 1280, 800);
    if (a) {
        UiView v;
        ui_app_view(a, &v);
        CHECK(v.interrupted_offered);
        ui_check_click_label(a, "Resume it");
        ui_app_view(a, &v);
        CHECK_INT(v.screen, UI_SCREEN_CALL);
        if (v.screen != UI_SCREEN_CALL) {
            ui_app_free(a);
            scenario_free(sc);
            return;
        }
        CHECK_INT(v.mode, UI_MODE_ASSESSMENT);
        CHECK_INT(play_decision_count(v.play), 1);
        /* The decision already made, as it was shown; the next one, as it would have been. */
        int again[SC_MAX_CHOICES];
        CHECK_INT(play_step_shown(v.play, 0, again), nfirst);
        for (int i = 0; i < nfirst; i++)
            CHECK_INT(again[i], first[i]);
        CHECK_INT(v.nchoices, nnext);
        for (int i = 0; i < nnext && i < v.nchoices; i++)
            CHECK_INT(v.choice_index[i], next[i]);
        char id[40];
        snprintf(id, sizeof id, "%s", v.attempt_id);
        ui_check_key(a, key_of(&v, 1)); /* "warranty", wherever it is shown */
        ui_app_view(a, &v);
        CHECK_INT(play_status(v.play), PLAY_ENDED);
        ui_app_free(a);
        /* The records hold both orders as shown. */
        RecordsAttempt *at = ui_check_load_attempt(files.db, id);
        if (at) {
            CHECK_STR(at->status, "completed");
            CHECK_INT(at->ndecisions, 2);
            char want[256];
            int two = scenario_find_node(sc, "two"), open = scenario_find_node(sc, "open");
            if (at->ndecisions == 2) {
                shown_ids(sc, open, first, nfirst, want, sizeof want);
                CHECK_STR(at->decisions[0].shown_json, want);
                shown_ids(sc, two, next, nnext, want, sizeof want);
                CHECK_STR(at->decisions[1].shown_json, want);
                CHECK_STR(at->decisions[1].choice, "warranty");
            }
        }
        records_attempt_free(at);
    }
    scenario_free(sc);
}

int main(void)
{
    ui_check_files(&files, "resume", "resume-test.json", scenario_json);
    RUN(killed_shuffled_resumes);
    RUN_SIZES(closed_practice_resumes);
    RUN_SIZES(closed_assessment_resumes);
    RUN(shared_pc_keeps_each_call);
    ui_check_files_done(&files);
    return check_summary();
}
