/* The text cache across text sizes, in the real window: Ctrl+= draws the list at the new size
 * (its texts rasterised anew), and Ctrl+- back to a size already drawn reuses what was cached
 * (nothing rasterised again), with the texts exactly where they were. The font is read once
 * into memory: a font file removed after the window opened still draws a new size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

static char tmpdir[4096];

static long rasterised(UiApp *a)
{
    int entries;
    long r;
    ui_gfx_cache_stats(ui_app_gfx(a), &entries, &r);
    return r;
}

static void zoom(UiApp *a, const char *key)
{
    ui_push_key(0, key, true, false);
    ui_check_step(a);
}

static void zoom_back_reuses_the_cache(void)
{
    char db[4200], ini[4200], font[4200], cmd[8600];
    snprintf(db, sizeof db, "%s/records.db", tmpdir);
    snprintf(ini, sizeof ini, "%s/settings.ini", tmpdir);
    /* A copy of the font that the test then removes: sizes opened later come from memory. */
    snprintf(font, sizeof font, "%s/font.ttc", tmpdir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", ui_gfx_font_path(), font);
    CHECK(system(cmd) == 0);
    setenv("SPARRING_FONT", font, 1);
    char scen[4200];
    snprintf(scen, sizeof scen, "%s/scenarios", getenv("SPARRING_SOURCE_DIR") ? getenv("SPARRING_SOURCE_DIR") : ".");
    UiOptions o = {.path = scen, .mode = "practice", .trainee = "Z1", .locale = "zh", .db = db, .settings = ini,
                   .audio = "null", .width = 1280, .height = 800, .clock = ui_check_clock, .no_present = true};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK(remove(font) == 0);
    const UiDrawnText *t = ui_check_text(ui_app_gfx(a), "选择场景"); /* the header's title */
    CHECK(t != NULL);
    if (!t)
        return;
    UiRect first = t->rect;
    char first_text[256];
    snprintf(first_text, sizeof first_text, "%s", t->text);
    long r0 = rasterised(a);
    zoom(a, "=");
    long r1 = rasterised(a);
    CHECK_MSG(r1 > r0, "a new text size rasterised nothing (%ld, %ld)", r0, r1);
    const UiDrawnText *t1 = ui_check_text(ui_app_gfx(a), first_text);
    CHECK(t1 && t1->rect.h > first.h); /* drawn larger, from the font in memory */
    zoom(a, "-");
    long r2 = rasterised(a);
    CHECK_MSG(r2 == r1, "back to a size drawn before rasterised %ld texts again", r2 - r1);
    const UiDrawnText *t2 = ui_check_text(ui_app_gfx(a), first_text);
    CHECK(t2 && memcmp(&t2->rect, &first, sizeof first) == 0);
    ui_app_free(a);
    unsetenv("SPARRING_FONT");
}

int main(void)
{
    ui_check_tmpdir("zoom-cache", tmpdir, sizeof tmpdir);
    RUN(zoom_back_reuses_the_cache);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
