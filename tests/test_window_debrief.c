/* The debrief teaches and the history opens the past (issues: the debrief named no next step
 * and showed no mentor's comment; no way in the window to open a past attempt). The real window
 * on SDL's dummy driver, the real records database, in English and Chinese:
 *
 * - "Practise next" on the debrief names the scenario whose group best trains the weakest
 *   competency of the trainee's last 10 attempts, the form practised least (planted records:
 *   the figures are test_practise_next's, hand-checked there: discovery 33%, form B2), and its
 *   button opens that scenario's briefing;
 * - a mentor's comment written during a sandbox call shows on its debrief, with its time and
 *   the decision it came after; one written after the call on a practice attempt shows on that
 *   attempt's debrief opened from the history, "after the call";
 * - the history's rows (mouse and keyboard) and its chart's points (mouse) open that attempt's
 *   debrief with its recorded percent; from there "Open the case review" opens its replay at the
 *   first decision; Esc returns to the history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "check.h"
#include "mentor_replay.h"
#include "records.h"
#include "scenario.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"
#include "ui_history.h"

#define T0 1795760400000LL

static char tmpdir[4096], scen_dir[4200], db_path[4200], settings_path[4200];
static Scenario *scen[4]; /* A, B1, B2, C */

/* Competencies empathy, discovery, closing; one decision whose answers score the weights in each
 * ("best") or all but one ("no_e", "no_d", "no_c"). */
static void write_scenario(const char *id, const char *group, int e, int d, int c)
{
    char json[6000], path[4400];
    snprintf(json, sizeof json,
             "{\"format\":1,\"id\":\"%s\",\"group\":\"%s\",\"version\":\"1.0.0\","
             "\"title\":{\"en\":\"Form %s\",\"zh\":\"版本%s\"},\"level\":\"new_hire\",\"locales\":[\"en\",\"zh\"],"
             "\"competencies\":{\"empathy\":{\"name\":{\"en\":\"Empathy\",\"zh\":\"情绪安抚\"}},"
             "\"discovery\":{\"name\":{\"en\":\"Discovery\",\"zh\":\"需求挖掘\"}},"
             "\"closing\":{\"name\":{\"en\":\"Closing\",\"zh\":\"促成\"}}},\"pass_percent\":50,\"start\":\"q\","
             "\"nodes\":{\"q\":{\"text\":{\"en\":\"Well?\",\"zh\":\"怎么样？\"},\"choices\":["
             "{\"id\":\"best\",\"text\":{\"en\":\"All of it.\",\"zh\":\"全部。\"},"
             "\"score\":{\"empathy\":%d,\"discovery\":%d,\"closing\":%d},\"next\":\"end\"},"
             "{\"id\":\"no_e\",\"text\":{\"en\":\"No empathy.\",\"zh\":\"不安抚。\"},"
             "\"score\":{\"discovery\":%d,\"closing\":%d},\"next\":\"end\"},"
             "{\"id\":\"no_d\",\"text\":{\"en\":\"No questions.\",\"zh\":\"不提问。\"},"
             "\"score\":{\"empathy\":%d,\"closing\":%d},\"next\":\"end\"},"
             "{\"id\":\"no_c\",\"text\":{\"en\":\"No close.\",\"zh\":\"不促成。\"},"
             "\"score\":{\"empathy\":%d,\"discovery\":%d},\"next\":\"end\"}]},"
             "\"end\":{\"text\":{\"en\":\"Bye.\",\"zh\":\"再见。\"},\"end\":{\"outcome\":\"neutral\"}}}}",
             id, group, id, id, e, d, c, d, c, e, c, e, d);
    snprintf(path, sizeof path, "%s/%s.json", scen_dir, id);
    ui_check_write_file(path, json);
}

static int choice_of(const Scenario *sc, const char *id)
{
    const ScNode *q = scenario_node(sc, scenario_start(sc));
    for (int i = 0; i < q->nchoices; i++)
        if (!strcmp(q->choices[i].id, id))
            return i;
    return -1;
}

static int planted;

/* Records a completed attempt of trainee on sc taking `choice`; returns nothing. */
static void record(Records *db, const char *trainee, const Scenario *sc, const char *choice, const char *mode)
{
    char err[512];
    int k = ++planted;
    Play *p = play_new(sc, (uint64_t)k, (PlayOptions){.time_multiplier = 1.0});
    AttemptMeta meta = {.trainee_id = trainee, .mode = mode, .locale = "en"};
    Recorder *r = recorder_begin(db, p, &meta, T0 + k * 60000LL, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (r) {
        play_choose(p, choice_of(sc, choice), 1000);
        CHECK_INT(recorder_end(r, p, T0 + k * 60000LL + 5000, err, sizeof err), 0);
    }
    play_free(p);
}

/* T1's records (as test_practise_next's, less the last A best, which the test plays). */
static void plant(void)
{
    char err[512];
    Records *db = records_open(db_path, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (!db)
        exit(check_summary());
    const char *trainees[] = {"T-en-800", "T-zh-800", "T-en-1920", "T-zh-1920"};
    for (int t = 0; t < 4; t++) {
        for (int i = 0; i < 5; i++)
            record(db, trainees[t], scen[3], "no_c", "practice");
        for (int i = 0; i < 3; i++)
            record(db, trainees[t], scen[0], "best", "assessment");
        for (int i = 0; i < 2; i++)
            record(db, trainees[t], scen[1], "no_d", "practice");
        for (int i = 0; i < 2; i++)
            record(db, trainees[t], scen[3], "best", "practice");
        for (int i = 0; i < 2; i++)
            record(db, trainees[t], scen[0], "no_d", "practice");
    }
    records_close(db);
}

static UiApp *open_app(const char *locale, const char *trainee, const char *mode, int w, int h)
{
    UiOptions o = {.path = scen_dir, .trainee = trainee, .locale = locale, .db = db_path, .settings = settings_path,
                   .audio = "null", .mode = mode, .mentor = mode ? "M1" : NULL, .width = w, .height = h,
                   .review = &mentor_review,
                   .clock = ui_check_clock, .no_present = true};
    return ui_check_open(&o);
}

static void click(UiApp *a, const char *label)
{
    UiRect r = ui_app_button_rect(a, label);
    int W = ui_gfx_width(ui_app_gfx(a)), H = ui_gfx_height(ui_app_gfx(a));
    CHECK_MSG(r.w > 0 && r.y >= 0 && r.y + r.h <= H && r.x + r.w <= W, "button \"%s\" not in view", label);
    ui_check_click(a, r);
}

/* A drawn text containing s, and in view. */
static void check_shown(UiApp *a, const char *s)
{
    const UiDrawnText *t = ui_check_text_containing(ui_app_gfx(a), s);
    CHECK_MSG(t != NULL, "\"%s\" not drawn", s);
    if (t)
        CHECK_MSG(t->rect.y >= 0 && t->rect.y < ui_gfx_height(ui_app_gfx(a)), "\"%s\" out of view", s);
}

static UiScreen screen(UiApp *a)
{
    UiView v;
    ui_app_view(a, &v);
    return v.screen;
}

/* Plays Form A (the first card) in practice, taking `choice`, to the debrief. */
static void play_a(UiApp *a, const char *choice)
{
    ui_check_key(a, "Return"); /* the first card: Form A's briefing */
    CHECK_INT(screen(a), UI_SCREEN_BRIEFING);
    ui_check_key(a, "Return"); /* its default: practise (or the sandbox call) */
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    if (v.screen != UI_SCREEN_CALL)
        return;
    char key[4];
    for (int i = 0; i < v.nchoices; i++)
        if (v.choice_index[i] == choice_of(scen[0], choice))
            snprintf(key, sizeof key, "%d", i + 1);
    ui_check_key(a, key);
}

typedef struct {
    const char *locale, *next_title, *competency, *open, *practise_next, *mentor, *after1, *after_call,
        *review, *back_history, *history_attempts;
} Words;
static const Words en = {"en", "Form b2", "Discovery, 33%", "Practise it", "Practise next",
                         "Your mentor's comments", "after decision 1", "after the call", "Open the case review",
                         "Back to history", "Your attempts"};
static const Words zh = {"zh", "版本b2", "需求挖掘，得分率 33%", "去练习", "下一步练习", "导师点评",
                         "第 1 个决策之后", "通话结束后", "打开案例复盘", "返回历史记录", "你的各次尝试"};

/* The trainee of this language and size (T-en-800, ...), whose records plant() wrote. */
static char cur_trainee[32];

/* The debrief names what to practise next; its button opens that scenario's briefing. */
static void practise_next_shown(const Words *wd, int w, int h)
{
    ui_check_now = 1000;
    UiApp *a = open_app(wd->locale, cur_trainee, NULL, w, h);
    if (!a)
        return;
    play_a(a, "best");
    ui_check_key(a, "Return"); /* the coach's tip */
    ui_check_key(a, "Return"); /* the debrief */
    CHECK_INT(screen(a), UI_SCREEN_DEBRIEF);
    check_shown(a, wd->practise_next);
    check_shown(a, wd->competency);
    check_shown(a, wd->next_title);
    char png[64];
    snprintf(png, sizeof png, "debrief-next-%s-%d", wd->locale, w);
    ui_check_save_png(ui_app_gfx(a), getenv("SPARRING_TEST_PNG"), png);
    click(a, wd->open);
    CHECK_INT(screen(a), UI_SCREEN_BRIEFING);
    UiView v;
    ui_app_view(a, &v);
    check_shown(a, wd->next_title);
    ui_app_free(a);
}

/* A first attempt ever: the suggestion rests on it alone, and says so; the group that trains
 * discovery best (b1 5/7 and b2 4/7, neither practised: b1, the larger share). */
static void first_attempt(const Words *wd, int w, int h)
{
    bool zh_ = !strcmp(wd->locale, "zh");
    ui_check_now = 3000;
    char newcomer[40];
    snprintf(newcomer, sizeof newcomer, "T-new-%s-%d", wd->locale, w);
    UiApp *a = open_app(wd->locale, newcomer, NULL, w, h);
    if (!a)
        return;
    play_a(a, "no_d");
    ui_check_key(a, "Return");
    ui_check_key(a, "Return");
    CHECK_INT(screen(a), UI_SCREEN_DEBRIEF);
    check_shown(a, zh_ ? "你上一次尝试中最弱的能力：需求挖掘，得分率 0%" : "in your last attempt: Discovery, 0%");
    check_shown(a, zh_ ? "版本b1" : "Form b1");
    ui_app_free(a);
}

/* A sandbox call the mentor comments on: the debrief shows the comment with its time. */
static void mentor_comment_on_sandbox(const Words *wd, int w, int h)
{
    ui_check_now = 2000;
    UiApp *a = open_app(wd->locale, cur_trainee, "sandbox", w, h);
    if (!a)
        return;
    ui_check_key(a, "Return");
    ui_check_key(a, "Return");
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_INT(v.mode, UI_MODE_SANDBOX);
    if (v.screen != UI_SCREEN_CALL) {
        ui_app_free(a);
        return;
    }
    ui_check_now += 75000; /* 01:15 into the call */
    char err[512];
    CHECK_INT(recorder_mentor_event(ui_app_recorder(a), "comment", "Open with a question next time", ui_app_now(a), 0,
                                    err, sizeof err), 0);
    char key[4];
    for (int i = 0; i < v.nchoices; i++)
        if (v.choice_index[i] == choice_of(scen[0], "no_e"))
            snprintf(key, sizeof key, "%d", i + 1);
    ui_check_key(a, key);
    ui_check_key(a, "Return");
    ui_check_key(a, "Return");
    CHECK_INT(screen(a), UI_SCREEN_DEBRIEF);
    check_shown(a, wd->mentor);
    check_shown(a, "Open with a question next time");
    const UiDrawnText *t = ui_check_text_containing(ui_app_gfx(a), "01:15");
    CHECK_MSG(t != NULL, "no time on the comment");
    /* The mentor comments on the debrief (the console adds it to the closed attempt): it shows
     * within the 2 s after which the debrief reads the attempt again. */
    UiView v2;
    ui_app_view(a, &v2);
    CHECK_INT(records_add_mentor_event(ui_app_records(a), v2.attempt_id, "comment", "Well closed, though", 90000, 1, err,
                                       sizeof err), 0);
    ui_check_now += 1000;
    ui_check_step(a);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Well closed, though") == NULL);
    ui_check_now += 1500;
    ui_check_step(a);
    check_shown(a, "Well closed, though");
    check_shown(a, wd->after_call);
    ui_app_free(a);
}

/* The row of the history whose attempt index is i (oldest first). */
static UiRect row_rect(UiApp *a, int i)
{
    char label[256];
    ui_history_row_label(a, i, label, sizeof label);
    return ui_app_button_rect(a, label);
}

/* History: a row, a point and the keyboard open an attempt's debrief; its review; a comment
 * written after the call shows there. */
static void history_opens_the_past(const Words *wd, int w, int h)
{
    /* A mentor's comment after the call on the trainee's first practice attempt of Form A. */
    char err[512];
    Records *db = records_open(db_path, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    RecordsHistoryPoint *pts = NULL;
    int n = 0;
    CHECK_INT(records_history(db, cur_trainee, "a", &pts, &n, err, sizeof err), 0);
    CHECK(n >= 5); /* 3 assessments, 2 practice (+ the one played above) */
    if (n < 5) {
        free(pts);
        records_close(db);
        return;
    }
    CHECK_INT(records_add_mentor_event(db, pts[3].attempt_id, "comment", "Ask what they compare it with", 95000, 1,
                                       err, sizeof err), 0);
    records_close(db);
    UiApp *a = open_app(wd->locale, cur_trainee, NULL, w, h);
    if (!a) {
        free(pts);
        return;
    }
    ui_check_key(a, "h"); /* Form A's history */
    CHECK_INT(screen(a), UI_SCREEN_HISTORY);
    /* The list of attempts is under the chart: scroll down to it (End), click a row: attempt 4
     * (a practice, no_d: empathy 6 + closing 1 of 8 = 88%). */
    ui_check_key(a, "End");
    check_shown(a, wd->history_attempts);
    char hpng[64];
    snprintf(hpng, sizeof hpng, "history-rows-%s-%d", wd->locale, w);
    ui_check_save_png(ui_app_gfx(a), getenv("SPARRING_TEST_PNG"), hpng);
    ui_check_click(a, row_rect(a, 3));
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    CHECK_INT(v.debrief_percent, pts[3].percent);
    CHECK_INT(v.debrief_percent, 88);
    CHECK_STR(v.attempt_id, pts[3].attempt_id);
    check_shown(a, wd->mentor);
    check_shown(a, "Ask what they compare it with");
    check_shown(a, wd->after_call);
    check_shown(a, "01:35");
    char png[64];
    snprintf(png, sizeof png, "debrief-past-%s-%d", wd->locale, w);
    ui_check_save_png(ui_app_gfx(a), getenv("SPARRING_TEST_PNG"), png);
    /* Its case review: the replay of that attempt, at its first decision. */
    click(a, wd->review);
    MentorReplay *rv = mentor_review_replay(ui_app_review(a));
    CHECK_MSG(rv != NULL, "no case review opened");
    if (rv) {
        CHECK_INT(mentor_replay_position(rv), 0);
        mentor_replay_seek(rv, 1);
        const Play *rp = mentor_replay_play(rv);
        CHECK_INT(play_decision_count(rp), 1);
        CHECK_STR(scenario_node(play_scenario(rp), play_step(rp, 0)->node)->choices[play_step(rp, 0)->index].id,
                  "no_d");
    }
    /* Esc: back to the history, the review closed with the debrief. */
    ui_check_key(a, "Escape");
    CHECK_INT(screen(a), UI_SCREEN_HISTORY);
    CHECK(ui_app_review(a) == NULL);
    /* Mouse on a point: attempt 1 (an assessment, best: 100%). */
    ui_check_key(a, "Home");
    UiHistoryView hv;
    ui_history_view(a, &hv);
    CHECK(hv.plot.w > 0);
    int px = ui_history_x(hv.plot, 0, hv.nshown), py = ui_history_y(hv.plot, pts[0].percent);
    ui_check_click(a, (UiRect){px - 1, py - 1, 3, 3});
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    CHECK_STR(v.attempt_id, pts[0].attempt_id);
    CHECK_INT(v.debrief_percent, 100);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Ask what they compare it with") == NULL);
    click(a, wd->back_history);
    CHECK_INT(screen(a), UI_SCREEN_HISTORY);
    /* Keyboard: Tab to the second row (the newest attempts first), Enter. */
    for (int k = 0; k < 200 && screen(a) == UI_SCREEN_HISTORY; k++) {
        ui_check_key(a, "Tab");
        if (ui_app_focus(a) == UI_HISTORY_ACT_ROW + hv.npoints - 2) {
            ui_check_key(a, "Return");
            break;
        }
    }
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    CHECK_STR(v.attempt_id, pts[hv.npoints - 2].attempt_id);
    free(pts);
    ui_app_free(a);
}

/* Each of the above in one language at one size, as that size's own trainee. */
static void debrief_and_history(const char *locale, int w, int h)
{
    const Words *wd = strcmp(locale, "zh") ? &en : &zh;
    snprintf(cur_trainee, sizeof cur_trainee, "T-%s-%d", locale, w);
    practise_next_shown(wd, w, h);
    first_attempt(wd, w, h);
    mentor_comment_on_sandbox(wd, w, h);
    history_opens_the_past(wd, w, h);
}

static void setup(void)
{
    ui_check_tmpdir("debrief", tmpdir, sizeof tmpdir);
    snprintf(scen_dir, sizeof scen_dir, "%s/scenarios", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", scen_dir);
    if (system(cmd) != 0)
        exit(1);
    write_scenario("a", "ga", 6, 1, 1);
    write_scenario("b1", "gb", 1, 5, 1);
    write_scenario("b2", "gb", 1, 4, 2);
    write_scenario("c", "gc", 1, 1, 6);
    const char *ids[] = {"a", "b1", "b2", "c"};
    for (int i = 0; i < 4; i++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s.json", scen_dir, ids[i]);
        DiagList diags = {0};
        scen[i] = scenario_load_file(path, &diags);
        diag_list_free(&diags);
        CHECK(scen[i] != NULL);
        if (!scen[i])
            exit(1);
    }
    plant();
}

int main(void)
{
    RUN(setup);
    RUN_SIZES(debrief_and_history);
    for (int i = 0; i < 4; i++)
        scenario_free(scen[i]);
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
