/* A mentor's rewind in a sandbox session, seen from the trainee's window (issue: the rewind
 * left a fake coach card on the trainee's screen, the customer's line gone, and the clock
 * running behind the card). Both windows are real, on SDL's dummy video driver with the
 * software renderer; the frames' texts and button rectangles are read back. The trainee
 * answers, reads the coach's feedback, and the mentor presses Ctrl+Z: the trainee must be back
 * at the question with its answers, no coach card, and the time they had on the clock. In
 * English and Chinese, at 800x600 and 1920x1080, with and without an event injected first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mentor_console.h"
#include "play.h"
#include "scenario.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

static char tmpdir[4096];
static char scen_path[4200], db_path[4200], settings_path[4200];

/* A timed question (30 s) with two answers, each with the coach's feedback; an event that
 * asks the question again. */
static const char *scenario_json =
    "{\"format\":1,\"id\":\"rewind-test\",\"version\":\"1.0.0\","
    "\"title\":{\"zh\":\"退回测试\",\"en\":\"Rewind test\"},\"level\":\"new_hire\",\"locales\":[\"en\",\"zh\"],"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}}},"
    "\"events\":{\"boss\":{\"label\":{\"zh\":\"老板走进来了\",\"en\":\"The boss walks in\"},\"next\":\"open\"}},"
    "\"pass_percent\":50,\"start\":\"open\",\"nodes\":{"
    "\"open\":{\"mood\":\"angry\",\"time_limit\":30,\"timeout\":{\"next\":\"lost\"},"
    "\"text\":{\"zh\":\"你们的报价太高了。\",\"en\":\"Your quote is far too high.\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"zh\":\"您对比的是哪一家？\",\"en\":\"Which offer are you comparing with?\"},"
    "\"score\":{\"empathy\":3},\"next\":\"again\",\"feedback\":{\"zh\":\"先问清楚。\",\"en\":\"Ask first.\"}},"
    "{\"id\":\"cut\",\"text\":{\"zh\":\"那我降价。\",\"en\":\"Then I will lower it.\"},"
    "\"score\":{\"empathy\":-1},\"next\":\"again\",\"feedback\":{\"zh\":\"太快让步。\",\"en\":\"Too quick.\"}}]},"
    "\"again\":{\"mood\":\"skeptical\",\"time_limit\":30,\"timeout\":{\"next\":\"lost\"},"
    "\"text\":{\"zh\":\"还有别的吗？\",\"en\":\"Anything else?\"},"
    "\"choices\":["
    "{\"id\":\"yes\",\"text\":{\"zh\":\"有。\",\"en\":\"Yes.\"},\"score\":{\"empathy\":1},\"next\":\"won\"},"
    "{\"id\":\"no\",\"text\":{\"zh\":\"没有。\",\"en\":\"No.\"},\"next\":\"lost\"}]},"
    "\"won\":{\"mood\":\"pleased\",\"text\":{\"zh\":\"好。\",\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}},"
    "\"lost\":{\"mood\":\"annoyed\",\"text\":{\"zh\":\"再说吧。\",\"en\":\"Later.\"},\"end\":{\"outcome\":\"fail\"}}}}";

static void both(UiApp *a, MentorConsole *c)
{
    ui_app_step(a, 0);
    mentor_console_step(c);
    ui_app_draw(a);
    mentor_console_draw(c);
}

static const Play *app_play(UiApp *a)
{
    UiView v;
    ui_app_view(a, &v);
    return v.play;
}

static const char *node_id(UiApp *a)
{
    const Play *p = app_play(a);
    return p ? scenario_node(play_scenario(p), play_node(p))->id : "";
}

/* Every answer on offer is a button wholly inside the window. */
static void check_answers_visible(UiApp *a, int w, int h)
{
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.nchoices, 2);
    for (int i = 0; i < v.nchoices; i++) {
        UiRect r = v.choice_rect[i];
        CHECK_MSG(r.w > 0 && r.h > 0 && r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h,
                  "answer %d at %d,%d %dx%d in a %dx%d window", i + 1, r.x, r.y, r.w, r.h, w, h);
    }
}

static void rewind_gives_back_the_question(const char *locale, int w, int h, bool inject)
{
    bool zh = !strcmp(locale, "zh");
    const char *line = zh ? "你们的报价太高了。" : "Your quote is far too high.";
    const char *no_feedback = zh ? "这个回答没有点评。" : "No comment on this answer.";
    const char *feedback = zh ? "先问清楚。" : "Ask first.";
    ui_check_now = 100000;
    UiOptions o = {.path = scen_path, .mode = "sandbox", .trainee = "T1", .locale = locale, .db = db_path,
                   .settings = settings_path, .audio = "null", .width = w, .height = h,
                   .clock = ui_check_clock, .no_present = true, .mentor = "M1"};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return;
    MentorConsole *c = ui_check_console(a, 1000, 760);
    if (!c)
        return;
    both(a, c);
    ui_app_push_key("Return"); /* Start the call */
    both(a, c);
    CHECK_STR(node_id(a), "open");
    if (inject) {
        /* The boss walks in: the question is asked again (an event step, which a rewind of
         * the answer leaves in place). */
        ui_check_now = 101000;
        mentor_win_push_key(mentor_console_win(c), "1", true, false);
        both(a, c);
        CHECK_STR(node_id(a), "open");
        CHECK_INT(play_step(app_play(a), play_step_count(app_play(a)) - 1)->kind, PLAY_STEP_EVENT);
    }
    /* 6 s after the question, the trainee answers and reads the coach. */
    int64_t asked = ui_check_now;
    ui_check_now = asked + 6000;
    both(a, c);
    int64_t left_before = play_time_left_ms(app_play(a), ui_app_now(a));
    ui_app_push_key("1");
    both(a, c);
    UiView v;
    ui_app_view(a, &v);
    CHECK(v.feedback);
    CHECK(ui_check_text_containing(ui_app_gfx(a), feedback) != NULL);
    int decisions = play_decision_count(app_play(a));
    CHECK(decisions >= 1);
    /* 14 s later the mentor takes the answer back. */
    ui_check_now = asked + 20000;
    mentor_win_push_key(mentor_console_win(c), "z", true, false);
    both(a, c);
    both(a, c);
    ui_app_view(a, &v);
    CHECK_MSG(!v.feedback, "%s %dx%d: a coach card is still shown after the rewind", locale, w, h);
    CHECK(ui_check_text_containing(ui_app_gfx(a), no_feedback) == NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), feedback) == NULL);
    CHECK_INT(play_decision_count(app_play(a)), decisions - 1);
    CHECK_STR(node_id(a), "open");
    CHECK_INT(play_status(app_play(a)), PLAY_CHOOSING);
    CHECK(!play_paused(app_play(a)));
    CHECK_MSG(ui_check_text_containing(ui_app_gfx(a), line) != NULL, "%s %dx%d: the customer's line is not shown",
              locale, w, h);
    check_answers_visible(a, w, h);
    /* The time between the answer and the rewind is not the trainee's: the clock shows at
     * least what it showed when they answered, and runs on from there. */
    int64_t left = play_time_left_ms(app_play(a), ui_app_now(a));
    CHECK_MSG(left >= left_before, "%s: %lld ms left after the rewind, %lld before the answer", locale,
              (long long)left, (long long)left_before);
    ui_check_now += 5000;
    both(a, c);
    CHECK_INT(play_time_left_ms(app_play(a), ui_app_now(a)), left - 5000);
    /* The trainee answers again: the coach's card is the real one, and Continue goes on. */
    ui_app_push_key("2");
    both(a, c);
    ui_app_view(a, &v);
    CHECK(v.feedback);
    CHECK(ui_check_text_containing(ui_app_gfx(a), zh ? "太快让步。" : "Too quick.") != NULL);
    ui_app_push_key("Return");
    both(a, c);
    CHECK_STR(node_id(a), "again");
    ui_check_save_png(ui_app_gfx(a), getenv("SPARRING_SHOTS"), "rewind");
    mentor_console_free(c);
    ui_app_free(a);
}

static void rewind_en_small(void) { rewind_gives_back_the_question("en", 800, 600, false); }
static void rewind_zh_small(void) { rewind_gives_back_the_question("zh", 800, 600, false); }
static void rewind_en_large(void) { rewind_gives_back_the_question("en", 1920, 1080, false); }
static void rewind_zh_large_after_event(void) { rewind_gives_back_the_question("zh", 1920, 1080, true); }
static void rewind_en_small_after_event(void) { rewind_gives_back_the_question("en", 800, 600, true); }

int main(void)
{
    ui_check_tmpdir("rewind", tmpdir, sizeof tmpdir);
    snprintf(scen_path, sizeof scen_path, "%s/rewind-test.json", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    ui_check_write_file(scen_path, scenario_json);
    RUN(rewind_en_small);
    RUN(rewind_zh_small);
    RUN(rewind_en_large);
    RUN(rewind_zh_large_after_event);
    RUN(rewind_en_small_after_event);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
