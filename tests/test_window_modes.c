/* Practice or assessment is chosen per call, on the briefing (issue: it was a sticky setting
 * chosen at sign-in, so the app reopened in Assessment and a trainer's `play FILE --trainee T`
 * ran as a counted assessment). The real window on SDL's dummy video driver, its frame's
 * texts and buttons read back; the attempt's mode read from the real records database. In
 * English and Chinese, at 800x600 and 1920x1080. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "records.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

static char tmpdir[4096];
static char scen_path[4200], db_path[4200], settings_path[4200];

static const char *scenario_json =
    "{\"format\":1,\"id\":\"modes-test\",\"version\":\"1.0.0\","
    "\"title\":{\"zh\":\"模式测试\",\"en\":\"Modes test\"},\"level\":\"new_hire\",\"locales\":[\"en\",\"zh\"],"
    /* a long situation: the page below it must not push the rules of the two ways out of view */
    "\"summary\":{\"en\":\"The buyer has read three competing offers and calls you back ten minutes before her budget meeting. She is polite but short, and she has already told your colleague that price is the only thing that matters this quarter. The buyer has read three competing offers and calls you back ten minutes before her budget meeting. She is polite but short, and she has already told your colleague that price is the only thing that matters this quarter. The buyer has read three competing offers and calls you back ten minutes before her budget meeting. She is polite but short, and she has already told your colleague that price is the only thing that matters this quarter. The buyer has read three competing offers and calls you back ten minutes before her budget meeting. She is polite but short, and she has already told your colleague that price is the only thing that matters this quarter. \",\"zh\":\"采购负责人已经看过三家竞争对手的报价，在预算会议开始前十分钟给你回电话。她很客气但说话简短，而且已经告诉过你的同事，这个季度唯一重要的就是价格。采购负责人已经看过三家竞争对手的报价，在预算会议开始前十分钟给你回电话。她很客气但说话简短，而且已经告诉过你的同事，这个季度唯一重要的就是价格。采购负责人已经看过三家竞争对手的报价，在预算会议开始前十分钟给你回电话。她很客气但说话简短，而且已经告诉过你的同事，这个季度唯一重要的就是价格。采购负责人已经看过三家竞争对手的报价，在预算会议开始前十分钟给你回电话。她很客气但说话简短，而且已经告诉过你的同事，这个季度唯一重要的就是价格。\"},"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}}},"
    "\"pass_percent\":50,\"start\":\"open\",\"time_limit\":20,\"nodes\":{"
    "\"open\":{\"timeout\":{\"next\":\"lost\"},\"text\":{\"zh\":\"太贵了。\",\"en\":\"Too expensive.\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"zh\":\"和什么比？\",\"en\":\"Compared with what?\"},\"score\":{\"empathy\":3},"
    "\"next\":\"won\",\"feedback\":{\"zh\":\"先问。\",\"en\":\"Ask first.\"}},"
    "{\"id\":\"cut\",\"text\":{\"zh\":\"我降价。\",\"en\":\"I will cut it.\"},\"next\":\"lost\"}]},"
    "\"won\":{\"text\":{\"zh\":\"好。\",\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}},"
    "\"lost\":{\"text\":{\"zh\":\"再见。\",\"en\":\"Bye.\"},\"end\":{\"outcome\":\"fail\"}}}}";

/* What `sparring play FILE --trainee T1` passes: no --mode. */
static UiApp *open_file(const char *locale, int w, int h, const char *trainee)
{
    UiOptions o = {.path = scen_path, .trainee = trainee, .locale = locale, .db = db_path,
                   .settings = settings_path, .audio = "null", .width = w, .height = h,
                   .clock = ui_check_clock, .no_present = true};
    return ui_check_open(&o);
}

static bool inside(UiRect r, int W, int H)
{
    return r.w > 0 && r.h > 0 && r.x >= 0 && r.y >= 0 && r.x + r.w <= W && r.y + r.h <= H;
}

/* The mode the records database holds for an attempt. */
static void check_recorded_mode(const char *attempt_id, const char *mode)
{
    char err[512];
    Records *db = records_open(db_path, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (!db)
        return;
    RecordsAttempt *at = records_attempt_load(db, attempt_id, err, sizeof err);
    CHECK_MSG(at != NULL, "records_attempt_load %s: %s", attempt_id, err);
    if (at) {
        CHECK_STR(at->mode, mode);
        records_attempt_free(at);
    }
    records_close(db);
}

static void mode_is_chosen_on_the_briefing(const char *locale, int w, int h)
{
    bool zh = !strcmp(locale, "zh");
    const char *practise = zh ? "练习" : "Practise", *assess = zh ? "参加考核" : "Take the assessment";
    /* A settings file from the old window, which remembered assessment. */
    char ini[256];
    snprintf(ini, sizeof ini, "trainee_id=T1\nmode=assessment\nlocale=%s\n", locale);
    ui_check_write_file(settings_path, ini);
    ui_check_now = 1000;
    UiApp *a = open_file(locale, w, h, "T1");
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
    /* Both ways to play, each a button in view, with its rules in a line. */
    UiRect rp = ui_app_button_rect(a, practise), ra = ui_app_button_rect(a, assess);
    CHECK_MSG(inside(rp, w, h), "%s %dx%d: no \"%s\" button in view", locale, w, h, practise);
    CHECK_MSG(inside(ra, w, h), "%s %dx%d: no \"%s\" button in view", locale, w, h, assess);
    /* ...and the rules in view above the buttons, without scrolling, however long the situation */
    const UiDrawnText *rules =
        ui_check_text_containing(ui_app_gfx(a), zh ? "计入上岗认证" : "counts toward certification");
    CHECK_MSG(rules && rules->rect.y >= 0 && rules->rect.y + rules->rect.h <= ra.y,
              "%s %dx%d: the assessment's rules are not in view above the buttons", locale, w, h);
    /* Enter: practice, whatever the old settings said. */
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_INT(v.mode, UI_MODE_PRACTICE);
    char first[40];
    snprintf(first, sizeof first, "%s", v.attempt_id);
    ui_check_key(a, "1"); /* a coach tip after the answer: practice */
    ui_app_view(a, &v);
    CHECK(v.feedback);
    ui_app_free(a);
    check_recorded_mode(first, "practice");

    /* The assessment, by its button: recorded as one, timed, no tip. */
    a = open_file(locale, w, h, "T1");
    if (!a)
        return;
    ra = ui_app_button_rect(a, assess);
    ui_check_click(a, ra);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_INT(v.mode, UI_MODE_ASSESSMENT);
    CHECK(v.play && play_time_limit_ms(v.play) > 0);
    char second[40];
    snprintf(second, sizeof second, "%s", v.attempt_id);
    ui_check_key(a, "1");
    ui_app_view(a, &v);
    CHECK(!v.feedback);
    ui_app_free(a);
    check_recorded_mode(second, "assessment");

    /* Nothing sticks: the window reopens with practice first, and sign-in asks no mode. */
    a = open_file(locale, w, h, "T1");
    if (!a)
        return;
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.mode, UI_MODE_PRACTICE);
    ui_app_free(a);
    a = open_file(locale, w, h, NULL);
    if (!a)
        return;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_SIGNIN);
    CHECK(ui_app_button_rect(a, zh ? "考核" : "Assessment").w == 0);
    CHECK(ui_check_text_containing(ui_app_gfx(a), assess) == NULL);
    ui_app_free(a);
}

static void modes_en_small(void) { mode_is_chosen_on_the_briefing("en", 800, 600); }
static void modes_zh_small(void) { mode_is_chosen_on_the_briefing("zh", 800, 600); }
static void modes_en_large(void) { mode_is_chosen_on_the_briefing("en", 1920, 1080); }
static void modes_zh_large(void) { mode_is_chosen_on_the_briefing("zh", 1920, 1080); }

int main(void)
{
    ui_check_tmpdir("modes", tmpdir, sizeof tmpdir);
    snprintf(scen_path, sizeof scen_path, "%s/modes-test.json", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    ui_check_write_file(scen_path, scenario_json);
    RUN(modes_en_small);
    RUN(modes_zh_small);
    RUN(modes_en_large);
    RUN(modes_zh_large);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
