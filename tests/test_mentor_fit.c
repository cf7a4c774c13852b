/* The narrow mentor console (beside the trainee on one display) shows the customer's line and
 * each answer cut to what the width holds, measured by the widget layer, in both locales: the
 * line in at most three lines and each answer in at most two, each filling them (not a fixed
 * number of bytes, which gave Chinese a third of what English got), cut between characters
 * (valid UTF-8) with "…". The real windows on SDL's dummy driver, read back from the frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mentor_console.h"
#include "mentor_ui.h"
#include "ui_app.h"
#include "ui_check.h"

static char tmpdir[4096], scen_path[4200], db_path[4200], settings_path[4200];

#define ZH_LINE "我们去年就跟你们谈过这个价格，结果你们的报价比别家高了两成，服务也没见得更好，"
#define EN_LINE "We talked about this price last year, and your quote came in a fifth above the others while the service was no better, "
#define ZH_ASK "跟哪家比呢？您能说说他们的报价里都包括哪些服务吗，我帮您逐项对比一下差别到底在哪里，"
#define EN_ASK "Compared with whom? Could you tell me what their quote includes, so that I can set the two side by side for you, "

static const char *scenario_json =
    "{\"format\":1,\"id\":\"fit-test\",\"version\":\"1.0.0\",\"title\":{\"zh\":\"测试\",\"en\":\"Fit test\"},"
    "\"level\":\"new_hire\",\"locales\":[\"zh\",\"en\"],"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"同理心\",\"en\":\"Empathy\"}}},"
    "\"pass_percent\":50,\"start\":\"open\",\"nodes\":{"
    "\"open\":{\"text\":{\"zh\":\"" ZH_LINE ZH_LINE ZH_LINE ZH_LINE "\",\"en\":\"" EN_LINE EN_LINE EN_LINE EN_LINE "\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"zh\":\"" ZH_ASK ZH_ASK ZH_ASK "\",\"en\":\"" EN_ASK EN_ASK EN_ASK "\"},"
    "\"score\":{\"empathy\":3},\"feedback\":{\"zh\":\"好\",\"en\":\"Good\"},\"next\":\"won\"},"
    "{\"id\":\"cut\",\"text\":{\"zh\":\"" ZH_ASK ZH_ASK ZH_ASK "\",\"en\":\"" EN_ASK EN_ASK EN_ASK "\"},"
    "\"feedback\":{\"zh\":\"不好\",\"en\":\"No\"},\"next\":\"won\"}]},"
    "\"won\":{\"text\":{\"zh\":\"好的。\",\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}}}}";

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0)
            return false;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return false;
    }
    return true;
}

static void both(UiApp *a, MentorConsole *c)
{
    ui_app_step(a, 0);
    mentor_console_step(c);
    ui_app_draw(a);
    mentor_console_draw(c);
}

/* The drawn text that starts with `start`: ends with "…", valid UTF-8, takes more than
 * lines-1 and at most `lines` lines of size `size`. */
static void check_cut(UiGfx *g, const char *start, int size, int lines, const char *what)
{
    const UiDrawnText *t = ui_check_text_containing(g, start);
    CHECK_MSG(t != NULL, "%s: not drawn", what);
    if (!t)
        return;
    size_t n = strlen(t->text);
    CHECK_MSG(n > 3 && !strcmp(t->text + n - 3, "…"), "%s: not cut: %s", what, t->text);
    CHECK_MSG(valid_utf8(t->text), "%s: a character cut in half: %s", what, t->text);
    int lh = ui_gfx_line_height(g, size);
    CHECK_MSG(t->rect.h <= lines * lh + lh / 2, "%s: %d px high, more than %d lines of %d", what, t->rect.h, lines, lh);
    CHECK_MSG(t->rect.h > (lines - 1) * lh + lh / 2, "%s: %d px high, does not fill %d lines of %d px (%zu bytes)",
              what, t->rect.h, lines, lh, n);
}

static void narrow_console_fits(const char *locale, const char *start_label, const char *line, const char *ask)
{
    ui_check_now = 1000;
    UiOptions o = {.path = scen_path, .trainee = "T1", .locale = locale, .db = db_path, .mode = "sandbox",
                   .settings = settings_path, .audio = "null", .width = 1000, .height = 700,
                   .clock = ui_check_clock, .no_present = true};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return;
    MentorConsole *c = ui_check_console(a, 600, 900);
    if (!c)
        return;
    both(a, c);
    ui_check_click(a, ui_app_button_rect(a, start_label));
    both(a, c);
    MentorWin *w = mentor_console_win(c);
    int ss = uw_fs(&w->ui, MFS_SMALL);
    char what[64], start[64];
    snprintf(what, sizeof what, "%s: the line", locale);
    snprintf(start, sizeof start, "%.*s", 24, line); /* 24 bytes: 8 characters of Chinese */
    check_cut(w->g, start, ss, 3, what);
    for (int i = 1; i <= 2; i++) {
        snprintf(what, sizeof what, "%s: answer %d", locale, i);
        snprintf(start, sizeof start, "%d. %.*s", i, 24, ask);
        check_cut(w->g, start, ss, 2, what);
    }
    mentor_console_free(c);
    ui_app_free(a);
}

static void narrow_console_fits_in_chinese(void)
{
    narrow_console_fits("zh", "开始通话", ZH_LINE, ZH_ASK);
}

static void narrow_console_fits_in_english(void)
{
    narrow_console_fits("en", "Start the call", EN_LINE, EN_ASK);
}

int main(void)
{
    ui_check_tmpdir("mentor-fit", tmpdir, sizeof tmpdir);
    snprintf(scen_path, sizeof scen_path, "%s/fit-test.json", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    ui_check_write_file(scen_path, scenario_json);
    RUN(narrow_console_fits_in_chinese);
    RUN(narrow_console_fits_in_english);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
