/* Attempts are protected (issue: closing the window, Ctrl+Q or "Leave the call" asked nothing
 * and threw the attempt away as abandoned). The real window on SDL's dummy video driver, its
 * buttons clicked where they are drawn; the attempt read back from the real records database.
 * Leaving asks; a left call waits on the list, still in progress, and resumes with the time the
 * trainee had; an assessment left mid-call is noted in its record, and discarding it records it
 * as abandoned. In English and Chinese, at 800x600 and 1920x1080. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "check.h"
#include "records.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

static const char *scenario_json =
    "{\"format\":1,\"id\":\"leave-test\",\"version\":\"1.0.0\","
    "\"title\":{\"zh\":\"退出测试\",\"en\":\"Leave test\"},\"level\":\"new_hire\",\"locales\":[\"en\",\"zh\"],"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}}},"
    "\"pass_percent\":50,\"start\":\"open\",\"time_limit\":30,\"nodes\":{"
    "\"open\":{\"timeout\":{\"next\":\"lost\"},\"text\":{\"zh\":\"太贵了。\",\"en\":\"Too expensive.\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"zh\":\"和什么比？\",\"en\":\"Compared with what?\"},\"score\":{\"empathy\":3},"
    "\"next\":\"two\",\"feedback\":{\"zh\":\"先问。\",\"en\":\"Ask first.\"}},"
    "{\"id\":\"cut\",\"text\":{\"zh\":\"我降价。\",\"en\":\"I will cut it.\"},\"next\":\"lost\"}]},"
    "\"two\":{\"timeout\":{\"next\":\"lost\"},\"text\":{\"zh\":\"还有呢？\",\"en\":\"And?\"},"
    "\"choices\":["
    "{\"id\":\"more\",\"text\":{\"zh\":\"还有服务。\",\"en\":\"The service.\"},\"score\":{\"empathy\":2},\"next\":\"won\"},"
    "{\"id\":\"none\",\"text\":{\"zh\":\"没了。\",\"en\":\"Nothing.\"},\"next\":\"lost\"}]},"
    "\"won\":{\"text\":{\"zh\":\"好。\",\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}},"
    "\"lost\":{\"text\":{\"zh\":\"再见。\",\"en\":\"Bye.\"},\"end\":{\"outcome\":\"fail\"}}}}";

typedef struct {
    const char *leave, *stay, *leave_close, *resume, *discard, *assess, *close_interrupted, *one_taken;
} Words;
static const Words en = {"Leave the call", "Stay in the call", "Leave and close the window", "Resume the call",
                         "Discard it", "Take the assessment", "Close it as interrupted", "decisions taken: 1."};
static const Words zh = {"退出通话", "留在通话中", "退出并关闭窗口", "继续通话", "放弃", "参加考核", "按中断结束", "已完成 1 次决策。"};

static UiCheckFiles files;

static UiApp *open_file(const char *locale, int w, int h)
{
    return ui_check_open_file(&files, files.scen, "T7", locale, w, h);
}

static void check_status(const char *id, const char *status)
{
    RecordsAttempt *at = ui_check_load_attempt(files.db, id);
    if (at)
        CHECK_STR(at->status, status);
    records_attempt_free(at);
}

/* Practice: Leave asks; Stay goes back; Leave parks the call; Resume gives the time back. */
static void left_practice_resumes(const char *locale, int w, int h)
{
    const Words *wd = strcmp(locale, "zh") ? &en : &zh;
    ui_check_now = 1000;
    UiApp *a = open_file(locale, w, h);
    if (!a)
        return;
    ui_check_key(a, "Return"); /* practice */
    ui_check_key(a, "1");
    ui_check_key(a, "Return"); /* the coach tip read: the second question, its timer running */
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    char id[40];
    snprintf(id, sizeof id, "%s", v.attempt_id);
    ui_check_now += 7000;
    ui_check_step(a);
    int64_t left = play_time_left_ms(v.play, ui_app_now(a));
    CHECK_INT(left, 23000);
    /* Esc, Leave: a question, the call still there. Stay: back to the pause menu. */
    ui_check_key(a, "Escape");
    ui_check_click_label(a, wd->leave);
    ui_app_view(a, &v);
    CHECK(v.confirm_leave);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    ui_check_click_label(a, wd->stay);
    ui_app_view(a, &v);
    CHECK(!v.confirm_leave);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    /* Leave for real: the list offers the call; the attempt is still in progress. */
    ui_check_click_label(a, wd->leave);
    ui_check_click_label(a, wd->leave);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK_STR(v.parked_id, id);
    check_status(id, "in_progress");
    /* The list says how far the call went, in the language's grammar ("1 decisions" before). */
    CHECK_MSG(ui_check_text_containing(ui_app_gfx(a), wd->one_taken) != NULL, "no \"%s\"", wd->one_taken);
    /* A minute later: Resume. Same attempt, same decisions, the time they had. */
    ui_check_now += 60000;
    ui_check_click_label(a, wd->resume);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_STR(v.attempt_id, id);
    CHECK_INT(play_decision_count(v.play), 1);
    CHECK_INT(play_time_left_ms(v.play, ui_app_now(a)), 23000);
    CHECK(!play_paused(v.play));
    CHECK_INT(v.nchoices, 2);
    ui_check_key(a, "1");
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_ENDED);
    ui_app_free(a);
    check_status(id, "completed");
}

/* Closing the window or Ctrl+Q in a call asks too; confirming closes the window. */
static void closing_asks(const char *locale, int w, int h)
{
    const Words *wd = strcmp(locale, "zh") ? &en : &zh;
    UiApp *a = open_file(locale, w, h);
    if (!a)
        return;
    ui_check_key(a, "Return");
    ui_check_key(a, "ctrl+q");
    UiView v;
    ui_app_view(a, &v);
    CHECK(v.confirm_leave && v.quit_after_leave);
    char id[40];
    snprintf(id, sizeof id, "%s", v.attempt_id);
    CHECK(v.play && play_paused(v.play));
    ui_check_key(a, "Escape"); /* changed their mind */
    ui_app_view(a, &v);
    CHECK(!v.confirm_leave);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_QUIT;
    SDL_PushEvent(&e);
    CHECK(ui_app_step(a, 0)); /* still open: it asks */
    ui_app_view(a, &v);
    CHECK(v.confirm_leave && v.quit_after_leave);
    UiRect r = ui_app_button_rect(a, wd->leave_close);
    CHECK(r.w > 0);
    ui_app_push_click(a, r.x + r.w / 2, r.y + r.h / 2);
    CHECK(!ui_app_step(a, 0)); /* confirmed: the window closes */
    ui_app_free(a);
    /* The call closed is kept in progress, and the next window offers it like a crashed one;
     * closing it there records it as interrupted. */
    check_status(id, "in_progress");
    a = open_file(locale, w, h);
    if (!a)
        return;
    ui_app_view(a, &v);
    CHECK(v.interrupted_offered);
    ui_check_click_label(a, wd->close_interrupted);
    ui_app_view(a, &v);
    CHECK(!v.interrupted_offered);
    check_status(id, "interrupted");
    ui_app_free(a);
}

/* An assessment left mid-call: its record says so; discarding it records it as abandoned. */
static void left_assessment_is_recorded(const char *locale, int w, int h)
{
    const Words *wd = strcmp(locale, "zh") ? &en : &zh;
    ui_check_now = 500000;
    UiApp *a = open_file(locale, w, h);
    if (!a)
        return;
    ui_check_click_label(a, wd->assess);
    UiView v;
    ui_app_view(a, &v);
    /* The file's first answer (which goes on), at the place the shuffle showed it. */
    ui_check_key(a, v.choice_index[0] == 0 ? "1" : "2");
    ui_app_view(a, &v);
    CHECK_INT(v.mode, UI_MODE_ASSESSMENT);
    char id[40];
    snprintf(id, sizeof id, "%s", v.attempt_id);
    ui_check_key(a, "Escape");
    ui_check_click_label(a, wd->leave);
    ui_check_click_label(a, wd->leave);
    ui_app_view(a, &v);
    CHECK_STR(v.parked_id, id);
    RecordsAttempt *at = ui_check_load_attempt(files.db, id);
    if (at) {
        CHECK_STR(at->status, "in_progress");
        bool noted = false;
        for (int i = 0; i < at->nmentor; i++)
            noted |= strstr(at->mentor[i].detail, "left by the trainee mid-call (assessment)") != NULL;
        CHECK_MSG(noted, "no note of the assessment being left in its record");
    }
    records_attempt_free(at);
    ui_check_click_label(a, wd->discard);
    ui_app_view(a, &v);
    CHECK_STR(v.parked_id, "");
    CHECK(ui_app_button_rect(a, wd->resume).w == 0);
    check_status(id, "abandoned");
    ui_app_free(a);
}

int main(void)
{
    ui_check_files(&files, "leave", "leave-test.json", scenario_json);
    RUN_SIZES(left_practice_resumes);
    RUN_SIZES(closing_asks);
    RUN_SIZES(left_assessment_is_recorded);
    ui_check_files_done(&files);
    return check_summary();
}
