/* The picker on a shared training PC (issue: a fixed scenario file stayed red through F5 and a
 * new sign-in until restart; "Change trainee" kept the last person's id and name; Ctrl+A did
 * not select). The real window on SDL's dummy video driver, texts of the frame read back. In
 * English and Chinese, at 800x600 and 1920x1080. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

static char tmpdir[4096];
static char dir[4200], settings_path[4200];

static void write_scenario(const char *name, const char *id, const char *title_en, const char *title_zh)
{
    char path[4400], json[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(json, sizeof json,
             "{\"format\":1,\"id\":\"%s\",\"version\":\"1.0.0\",\"title\":{\"zh\":\"%s\",\"en\":\"%s\"},"
             "\"level\":\"new_hire\",\"locales\":[\"en\",\"zh\"],"
             "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}}},"
             "\"pass_percent\":50,\"start\":\"open\",\"nodes\":{"
             "\"open\":{\"text\":{\"zh\":\"你好。\",\"en\":\"Hello.\"},\"choices\":["
             "{\"id\":\"a\",\"text\":{\"zh\":\"您好。\",\"en\":\"Hi.\"},\"score\":{\"empathy\":1},\"next\":\"end\"}]},"
             "\"end\":{\"text\":{\"zh\":\"再见。\",\"en\":\"Bye.\"},\"end\":{\"outcome\":\"pass\"}}}}",
             id, title_zh, title_en);
    ui_check_write_file(path, json);
}

static void write_broken(const char *name)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ui_check_write_file(path, "{\"format\":1,\"id\":");
}

static bool shown(UiApp *a, const char *s) { return ui_check_text_containing(ui_app_gfx(a), s) != NULL; }

static void picker_sees_fixes_and_forgets_trainees(const char *locale, int w, int h)
{
    bool zh = !strcmp(locale, "zh");
    char cmd[8600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
    CHECK(system(cmd) == 0);
    write_scenario("a-good.json", "good", "Good one", "好的场景");
    write_broken("b-fixed-by-f5.json");
    write_broken("c-fixed-by-signin.json");
    ui_check_write_file(settings_path, "");
    UiOptions o = {.path = dir, .trainee = "T1", .locale = locale, .db = "", .settings = settings_path,
                   .audio = "null", .width = w, .height = h, .clock = ui_check_clock, .no_present = true};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK(shown(a, "b-fixed-by-f5.json"));
    /* The trainer fixes one file; F5 on the list reads it again. */
    write_scenario("b-fixed-by-f5.json", "fixed-one", "Fixed by F5", "按F5修好");
    ui_check_key(a, "F5");
    CHECK_MSG(shown(a, zh ? "按F5修好" : "Fixed by F5"), "%s: the fixed file is not listed after F5", locale);
    CHECK(!shown(a, "b-fixed-by-f5.json"));
    CHECK(shown(a, "c-fixed-by-signin.json"));
    /* Change trainee: empty fields for the next person. */
    UiRect r = ui_app_button_rect(a, zh ? "切换学员" : "Change trainee");
    ui_check_click(a, r);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_SIGNIN);
    CHECK_STR(v.trainee_id, "");
    CHECK(!shown(a, "T1"));
    /* Ctrl+A selects the field's text: typing replaces it; Backspace clears it. */
    ui_app_push_text("E1");
    ui_check_step(a);
    ui_check_key(a, "ctrl+a");
    ui_app_push_text("E2");
    ui_check_step(a);
    ui_app_view(a, &v);
    CHECK_STR(v.trainee_id, "E2");
    ui_check_key(a, "ctrl+a");
    ui_check_key(a, "BackSpace");
    ui_app_view(a, &v);
    CHECK_STR(v.trainee_id, "");
    ui_app_push_text("E3");
    ui_check_step(a);
    /* The second file is fixed meanwhile: the new sign-in lists it. */
    write_scenario("c-fixed-by-signin.json", "fixed-two", "Fixed before sign-in", "登录前修好");
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK_STR(v.trainee_id, "E3");
    CHECK(shown(a, zh ? "登录前修好" : "Fixed before sign-in"));
    CHECK(!shown(a, "c-fixed-by-signin.json"));
    ui_app_free(a);
}

int main(void)
{
    ui_check_tmpdir("picker", tmpdir, sizeof tmpdir);
    snprintf(dir, sizeof dir, "%s/scenarios", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    RUN_SIZES(picker_sees_fixes_and_forgets_trainees);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
