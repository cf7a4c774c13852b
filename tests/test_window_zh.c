/* Chinese in the window reads as Chinese (issue: ASCII punctuation in Chinese text, such as
 * "练习,2026-12-02"; the automated coach labelled 导师点评, the real mentor's word; two labels
 * for an untried card). Every screen is visited in Chinese on the real window (SDL's dummy
 * video driver) and every text drawn is read back: no ASCII comma, colon, semicolon or
 * bracket touches a Chinese character, and brackets are not mixed. At 800x600 and 1920x1080. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "records.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

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

/* The code point at s (UTF-8), and its length. */
static unsigned cp_at(const unsigned char *s, int *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0 && s[1]) {
        *len = 2;
        return (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2]) {
        *len = 3;
        return (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    }
    *len = 1;
    return 0xFFFD;
}

static bool chinese(unsigned c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF); }

/* A text mixing ASCII punctuation into Chinese: an ASCII , : ; ( ) next to a Chinese character
 * (spaces skipped), or brackets of both kinds. */
static bool mixed(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned prev = 0;
    bool ascii_paren = false, wide_paren = false;
    for (int i = 0; s[i];) {
        int len;
        unsigned c = cp_at(s + i, &len);
        ascii_paren |= c == '(' || c == ')';
        wide_paren |= c == 0xFF08 || c == 0xFF09;
        bool punct = c == ',' || c == ':' || c == ';' || c == '(' || c == ')';
        if (punct && chinese(prev))
            return true;
        if (chinese(c) && (prev == ',' || prev == ':' || prev == ';' || prev == '(' || prev == ')'))
            return true;
        if (c != ' ')
            prev = c;
        i += len;
    }
    return ascii_paren && wide_paren;
}

static void check_frame(UiApp *a, const char *where)
{
    UiGfx *g = ui_app_gfx(a);
    for (int i = 0; i < ui_gfx_drawn_count(g); i++) {
        const char *t = ui_gfx_drawn(g, i)->text;
        CHECK_MSG(!mixed(t), "%s: ASCII punctuation in Chinese: \"%s\"", where, t);
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

static void zh_small(void) { every_screen_in_chinese(800, 600); }
static void zh_large(void) { every_screen_in_chinese(1920, 1080); }

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
