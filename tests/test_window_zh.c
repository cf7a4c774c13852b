/* Chinese in the window reads as Chinese (issue: ASCII punctuation in Chinese text, such as
 * "练习,2026-12-02"; the automated coach labelled 导师点评, the real mentor's word; two labels
 * for an untried card). Every screen is visited in Chinese on the real window (SDL's dummy
 * video driver) and every text drawn is read back: no ASCII comma, colon, semicolon or
 * bracket touches a Chinese character, and brackets are not mixed. At 800x600 and 1920x1080.
 * The same for a sandbox session in Chinese: the trainee's window, the mentor's console beside
 * it (a comment, a rewind, a comment after the call) and the case review it opens, whose
 * labels say where each thing happened. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mentor_console.h"
#include "mentor_replay.h"
#include "mentor_ui.h"
#include "records.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"
#include "ui_strings.h"

static char tmpdir[4096];
static char dir[4200], db_path[4200], settings_path[4200];

static const char *scenario_json =
    "{\"format\":1,\"id\":\"zh-test\",\"version\":\"1.0.0\","
    "\"title\":{\"zh\":\"中文测试\",\"en\":\"Chinese test\"},\"level\":\"new_hire\",\"locales\":[\"zh\",\"en\"],"
    "\"summary\":{\"zh\":\"客户嫌贵。\",\"en\":\"The customer finds it dear.\"},"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}},"
    "\"discovery\":{\"name\":{\"zh\":\"需求挖掘\",\"en\":\"Discovery\"}}},"
    "\"pass_percent\":50,\"start\":\"open\",\"time_limit\":30,\"nodes\":{"
    "\"open\":{\"mood\":\"angry\",\"timeout\":{\"next\":\"lost\"},\"text\":{\"zh\":\"太贵了。\",\"en\":\"Too dear.\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"zh\":\"和什么比？\",\"en\":\"Compared with what?\"},"
    "\"score\":{\"empathy\":3,\"discovery\":1},\"next\":\"won\",\"feedback\":{\"zh\":\"先问。\",\"en\":\"Ask.\"}},"
    "{\"id\":\"cut\",\"text\":{\"zh\":\"我降价。\",\"en\":\"I cut it.\"},\"next\":\"lost\"}]},"
    "\"won\":{\"mood\":\"pleased\",\"text\":{\"zh\":\"好。\",\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}},"
    "\"lost\":{\"text\":{\"zh\":\"再见。\",\"en\":\"Bye.\"},\"end\":{\"outcome\":\"fail\"}}}}";

static void check_frame(UiApp *a, const char *where)
{
    ui_check_chinese_frame(ui_app_gfx(a), where);
    UiGfx *g = ui_app_gfx(a);
    for (int i = 0; i < ui_gfx_drawn_count(g); i++) {
        const char *t = ui_gfx_drawn(g, i)->text;
        CHECK_MSG(!strstr(t, "导师点评"), "%s: the coach is called the mentor: \"%s\"", where, t);
    }
}

static void every_screen_in_chinese(int w, int h)
{
    char cmd[13000];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' && mkdir -p '%s'", dir, db_path, dir);
    CHECK(system(cmd) == 0);
    char path[4400];
    snprintf(path, sizeof path, "%s/zh-test.json", dir);
    ui_check_write_file(path, scenario_json);
    snprintf(path, sizeof path, "%s/zz-broken.json", dir);
    ui_check_write_file(path, "{\"format\":");
    ui_check_write_file(settings_path, "");
    ui_check_now = 1000;
    UiOptions o = {.path = dir, .locale = "zh", .db = db_path, .settings = settings_path, .audio = "null",
                   .width = w, .height = h, .clock = ui_check_clock, .no_present = true};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return;
    check_frame(a, "sign-in");
    ui_app_push_text("Z1");
    ui_check_step(a);
    ui_check_key(a, "Return");
    check_frame(a, "picker");
    CHECK(ui_check_text_containing(ui_app_gfx(a), "无法加载") != NULL);
    /* One practice call to the end, so that the list and the history have a result. */
    for (int round = 0; round < 2; round++) {
        ui_check_key(a, "Return"); /* the first card: the briefing */
        check_frame(a, "briefing");
        ui_check_key(a, "F2");
        check_frame(a, "settings");
        ui_check_key(a, "Escape");
        ui_check_key(a, "F1");
        check_frame(a, "help");
        ui_check_key(a, "Escape");
        ui_check_key(a, "Return"); /* practise */
        check_frame(a, "call");
        ui_check_key(a, "Escape");
        check_frame(a, "paused");
        ui_check_key(a, "Escape");
        ui_check_key(a, "1");
        check_frame(a, "coach tip");
        CHECK(ui_check_text_containing(ui_app_gfx(a), "教练提示") != NULL);
        ui_check_key(a, "Return");
        ui_check_key(a, "Return");
        UiView v;
        ui_app_view(a, &v);
        CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
        check_frame(a, "debrief");
        ui_check_key(a, "Escape");
        check_frame(a, "picker after a call");
        ui_check_key(a, "h");
        check_frame(a, "history");
        ui_check_now += 86400000; /* the next day */
        ui_check_key(a, "Escape");
    }
    ui_app_free(a);
}

/* Two decisions, so that the mentor can rewind one. */
static const char *sandbox_json =
    "{\"format\":1,\"id\":\"zh-sandbox\",\"version\":\"1.0.0\","
    "\"title\":{\"zh\":\"沙盘测试\",\"en\":\"Sandbox test\"},\"level\":\"new_hire\",\"locales\":[\"zh\",\"en\"],"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}}},"
    "\"pass_percent\":50,\"start\":\"open\",\"time_limit\":30,\"nodes\":{"
    "\"open\":{\"mood\":\"angry\",\"timeout\":{\"next\":\"lost\"},\"text\":{\"zh\":\"太贵了。\",\"en\":\"Too dear.\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"zh\":\"和什么比？\",\"en\":\"Compared with what?\"},\"score\":{\"empathy\":3},"
    "\"next\":\"two\",\"feedback\":{\"zh\":\"先问。\",\"en\":\"Ask.\"}},"
    "{\"id\":\"cut\",\"text\":{\"zh\":\"我降价。\",\"en\":\"I cut it.\"},\"next\":\"two\"}]},"
    "\"two\":{\"timeout\":{\"next\":\"lost\"},\"text\":{\"zh\":\"还有呢？\",\"en\":\"And?\"},"
    "\"choices\":["
    "{\"id\":\"more\",\"text\":{\"zh\":\"还有服务。\",\"en\":\"The service.\"},\"score\":{\"empathy\":2},\"next\":\"won\"},"
    "{\"id\":\"none\",\"text\":{\"zh\":\"没了。\",\"en\":\"Nothing.\"},\"next\":\"lost\"}]},"
    "\"won\":{\"text\":{\"zh\":\"好。\",\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}},"
    "\"lost\":{\"text\":{\"zh\":\"再见。\",\"en\":\"Bye.\"},\"end\":{\"outcome\":\"fail\"}}}}";

/* The trainee's window and the console, each checked (the trainee's debrief shows the real
 * mentor's comments, 导师点评, in a sandbox, so that word is not looked for here). The console
 * has no English word of its own in Chinese: no outcome or mood ids, no "Ended" over nothing. */
static void check_all(UiApp *a, MentorConsole *c, const char *where)
{
    ui_check_both(a, c);
    char w2[96];
    snprintf(w2, sizeof w2, "%s (trainee)", where);
    ui_check_chinese_frame(ui_app_gfx(a), w2);
    snprintf(w2, sizeof w2, "%s (console)", where);
    UiGfx *g = mentor_console_win(c)->g;
    ui_check_chinese_frame(g, w2);
    static const char *const english[] = {"[pass]", "[fail]", "[end]", "angry", "timeout", "(random)"};
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        CHECK_MSG(ui_check_text_containing(g, english[i]) == NULL, "%s: \"%s\" on the console", w2, english[i]);
    const UiDrawnText *e = ui_check_text_containing(g, "已结束");
    CHECK_MSG(e == NULL || strcmp(e->text, "已结束：") != 0, "%s: an empty \"已结束：\"", w2);
}

static void con_key(UiApp *a, MentorConsole *c, const char *name, bool ctrl)
{
    CHECK_MSG(mentor_win_push_key(mentor_console_win(c), name, ctrl, false) == 0, "key %s", name);
    ui_check_both(a, c);
}

static void con_comment(UiApp *a, MentorConsole *c, const char *text)
{
    con_key(a, c, "F6", false);
    mentor_win_push_text(mentor_console_win(c), text);
    ui_check_both(a, c);
    con_key(a, c, "Return", false);
}

static void sandbox_in_chinese(int w, int h)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/zh-sandbox-%d.json", tmpdir, w);
    ui_check_write_file(path, sandbox_json);
    ui_check_write_file(settings_path, "");
    ui_check_now = 1000;
    UiOptions o = {.path = path, .mode = "sandbox", .mentor = "M1", .trainee = "Z2", .locale = "zh", .db = db_path,
                   .settings = settings_path, .audio = "null", .width = w, .height = h, .clock = ui_check_clock,
                   .no_present = true};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return;
    MentorConsole *c = ui_check_console(a, w < 1000 ? 480 : 864, h);
    if (!c)
        return;
    check_all(a, c, "sandbox briefing");
    /* The console names the trainee's button as it is labelled (it said “开始”). */
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "“开始通话”") != NULL);
    CHECK(ui_app_button_rect(a, "开始通话").w > 0);
    ui_check_key(a, "Return");
    check_all(a, c, "sandbox call");
    /* The outline's endings and the node's mood in the words of the trainee's window. */
    const UiStrings *zs = ui_strings("zh");
    char want[200];
    snprintf(want, sizeof want, "won · %s", zs->outcome_pass);
    CHECK_MSG(ui_check_text_containing(mentor_console_win(c)->g, want) != NULL, "no \"%s\"", want);
    snprintf(want, sizeof want, "open · %s", ui_strings_mood(zs, "angry"));
    CHECK_MSG(ui_check_text(mentor_console_win(c)->g, want) != NULL, "no \"%s\"", want);
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "+3 分：情绪安抚 +3") != NULL);
    if (w >= 1000) /* a narrow console shows no tips */
        CHECK(ui_check_text_containing(mentor_console_win(c)->g, "教练：先问。") != NULL);
    ui_check_now += 3000;
    con_comment(a, c, "先问需求");
    check_all(a, c, "comment saved");
    /* Stamped as the case review stamps it, in Chinese brackets. */
    CHECK(ui_check_text(mentor_console_win(c)->g, "【00:03 · 第 1 个决策之前】先问需求") != NULL);
    MentorConsoleView cv;
    mentor_console_view(c, &cv);
    CHECK_MSG(strstr(cv.status, "点评已保存") != NULL, "no confirmation: \"%s\"", cv.status);
    ui_check_key(a, "2"); /* the discount */
    ui_check_key(a, "Return");
    check_all(a, c, "second decision");
    ui_check_now += 2000;
    con_key(a, c, "z", true); /* Ctrl+Z: back before the first decision */
    check_all(a, c, "after a rewind");
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(play_decision_count(v.play), 0);
    ui_check_key(a, "1");
    ui_check_key(a, "Return");
    ui_check_key(a, "1");
    check_all(a, c, "the call ended"); /* the ending has no words: no "已结束：" label over nothing */
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "已结束") == NULL);
    ui_check_key(a, "Return");
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    ui_check_now += 4000;
    con_comment(a, c, "通话后再谈");
    check_all(a, c, "debrief");
    /* Two decisions taken: a comment after the call is not "第 3 个决策". */
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "第 3 个决策") == NULL);
    CHECK(ui_check_text(mentor_console_win(c)->g, "【00:09 · 通话结束后】通话后再谈") != NULL);
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, v.attempt_id) != NULL);
    UiRect r = mentor_win_button_rect(mentor_console_win(c), ui_strings("zh")->console->open_review);
    CHECK_MSG(r.w > 0, "no \"%s\"", ui_strings("zh")->console->open_review);
    mentor_win_push_click(mentor_console_win(c), r.x + r.w / 2, r.y + r.h / 2);
    ui_check_both(a, c);
    mentor_console_view(c, &cv);
    MentorReplay *rv = (MentorReplay *)cv.review;
    CHECK_MSG(rv != NULL, "the case review did not open");
    if (rv) {
        UiGfx *g = mentor_replay_win(rv)->g;
        mentor_replay_draw(rv);
        ui_check_chinese_frame(g, "case review, first moment");
        /* The header's mode and status in Chinese (they were the records' English words). */
        CHECK(ui_check_text_containing(g, "沙盘 · 已完成") != NULL);
        CHECK(ui_check_text_containing(g, "completed") == NULL);
        /* Beside the console it cannot start a call: no "从这里练习" (the button closed the review). */
        CHECK(mentor_win_button_rect(mentor_replay_win(rv), ui_strings("zh")->review->fork).w == 0);
        /* The rewind and the answer it took back, at the moment it went back to. */
        CHECK(ui_check_text_containing(g, "被退回的回答：我降价。") != NULL);
        CHECK(ui_check_text_containing(g, "第 1 个") != NULL);
        /* The mentor's rewind in Chinese (the record keeps it in English). */
        CHECK(ui_check_text_containing(g, "退回：退回到第 1 个决策之前（节点 open）") != NULL);
        CHECK(ui_check_text_containing(g, "to before decision") == NULL);
        /* No meters in this scenario: no heading over nothing; no key for a button not there. */
        CHECK(ui_check_text(g, zs->review->meters) == NULL);
        CHECK(ui_check_text_containing(g, "从这里练习") == NULL);
        /* The ending in the debrief's words. */
        snprintf(want, sizeof want, "won · %s", zs->outcome_pass);
        CHECK_MSG(ui_check_text_containing(g, want) != NULL, "no \"%s\"", want);
        CHECK(ui_check_text_containing(g, "(pass)") == NULL);
        mentor_replay_seek(rv, 2);
        mentor_replay_draw(rv);
        ui_check_chinese_frame(g, "case review, the end");
        CHECK(ui_check_text_containing(g, "通话结束后") != NULL);
        CHECK(ui_check_text_containing(g, "第 0 个") == NULL);
        char name[64];
        snprintf(name, sizeof name, "review-zh-%d", w);
        ui_check_save_png(g, getenv("SPARRING_TEST_PNG"), name);
    }
    ui_check_save_png(mentor_console_win(c)->g, getenv("SPARRING_TEST_PNG"), w < 1000 ? "console-zh-small" : "console-zh-large");
    mentor_console_free(c);
    ui_app_free(a);
}

static void zh_small(void)
{
    every_screen_in_chinese(800, 600);
    sandbox_in_chinese(800, 600);
}

static void zh_large(void)
{
    every_screen_in_chinese(1920, 1080);
    sandbox_in_chinese(1920, 1080);
}

int main(void)
{
    ui_check_tmpdir("zh", tmpdir, sizeof tmpdir);
    snprintf(dir, sizeof dir, "%s/scenarios", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    RUN(zh_small);
    RUN(zh_large);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
