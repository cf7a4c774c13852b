/* The call's layout adapts to the window and the text size (issue: at 800x600 the fourth answer
 * was below the fold during a timed decision, at 150% text only two of four showed, at 1920x1080
 * lines ran 1500 px wide with a large gap between the customer's line and the answers).
 *
 * The real window (SDL's dummy driver) opens the bundled scenario whose timed decision has the
 * most text (the customer's line and its answers, in the window's language), starts the call at
 * that node and reads back the frame: every answer's button and label lie inside the window and
 * inside what the window reports as the button's visible part, with the label's ink really
 * drawn; no line of the transcript or of the answers runs wider than a readable measure (about
 * 40 Chinese characters or 75 Latin ones); the first answer starts close under the customer's
 * line. At 800x600 (100%, 150%, 200% text, zoomed with Ctrl+=) and 1920x1080, in Chinese and
 * English; 3840x2160 in English; 1920x1080 at 50% in Chinese. And a running countdown draws only itself, once a second; the
 * settings panel is as tall as its content. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"
#include "ui_strings.h"

static char tmpdir[4096], settings_path[4200];

static bool inside(UiRect in, UiRect out)
{
    return in.w > 0 && in.h > 0 && in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

/* The widest a line may run in pixels: 40 Chinese characters, or 75 characters of ordinary
 * English, of body text (17 design units; the customer's current line is larger, so fewer). */
static int measure(UiGfx *g, const char *loc)
{
    int size = ui_gfx_tpx(g, 17), w, h;
    if (!strcmp(loc, "zh")) {
        ui_gfx_text_size(g, size, "说", 0, &w, &h);
        return 40 * w + 2;
    }
    static const char sample[] = "We will call you back tomorrow with the dates, and fix what went wrong then.";
    ui_gfx_text_size(g, size, sample, 0, &w, &h);
    return (int)(w * 75.0 / (double)(sizeof sample - 1) * 1.08); /* 8%: texts differ in letters */
}

/* Opens the window on the library's longest timed decision in loc (ui_check_longest_decision,
 * into l) with no records and blank settings, at W x H, the clock at 1000; NULL when it cannot. */
static UiApp *open_longest(const char *loc, bool reachable, int W, int H, UiCheckLongest *l)
{
    *l = ui_check_longest_decision(loc, reachable);
    if (l->node < 0)
        return NULL;
    ui_check_write_file(settings_path, "");
    ui_check_now = 1000;
    UiOptions o = {.path = l->path, .trainee = "L1", .locale = loc, .db = "", .settings = settings_path,
                   .audio = "null", .width = W, .height = H, .clock = ui_check_clock, .no_present = true};
    return ui_check_open(&o);
}

/* The pixel size of the answers' text: their number badges ("1", "2"...) are one line at that
 * size, so the smallest size whose line height is the badge's. 0 when no badge is drawn. */
static int answer_text_px(UiGfx *g, const UiView *v)
{
    for (int i = 0; i < ui_gfx_drawn_count(g); i++) {
        const UiDrawnText *d = ui_gfx_drawn(g, i);
        if (strcmp(d->text, "1") != 0 || v->nchoices < 1 || !inside(d->rect, v->choice_rect[0]))
            continue;
        for (int size = 6; size < 200; size++)
            if (ui_gfx_line_height(g, size) >= d->rect.h)
                return size;
    }
    return 0;
}

static void check_call(const char *loc, int W, int H, int zoom_steps)
{
    char where[96];
    snprintf(where, sizeof where, "%s %dx%d at %d%%", loc, W, H, 100 + 10 * zoom_steps);
    UiCheckLongest l;
    UiApp *a = open_longest(loc, false, W, H, &l);
    if (!a)
        return;
    for (int i = 0; i < zoom_steps || i < -zoom_steps; i++) /* the trainee's text size, as Ctrl+= / Ctrl+- set it */
        ui_check_key(a, zoom_steps > 0 ? "ctrl+=" : "ctrl+-");
    UiGfx *g = ui_app_gfx(a);
    CHECK_MSG(fabs(ui_gfx_zoom(g) - (1.0 + 0.1 * zoom_steps)) < 0.01, "%s: zoom %.2f", where, ui_gfx_zoom(g));
    const Scenario *sc = ui_app_open_scenario(a);
    CHECK_MSG(sc != NULL, "%s: the briefing is not open", where);
    char err[512] = "";
    PlayOptions po = ui_app_play_options(a);
    CHECK_MSG(po.timers, "%s: practice runs without timers", where);
    CHECK_MSG(sc && ui_app_start_from(a, 7, po, l.node, NULL, 0, err, sizeof err) == 0, "%s: %s", where, err);
    ui_check_step(a);
    UiView v;
    ui_app_view(a, &v);
    CHECK_MSG(v.screen == UI_SCREEN_CALL && v.play && play_status(v.play) == PLAY_CHOOSING &&
                  play_time_limit_ms(v.play) > 0,
              "%s: not a timed decision", where);
    if (!v.play || !sc) {
        ui_app_free(a);
        return;
    }
    int li = scenario_locale_index(sc, loc);
    const ScNode *node = scenario_node(sc, l.node);
    int offered[SC_MAX_CHOICES];
    CHECK_INT(v.nchoices, play_offered(v.play, offered));
    UiRect screen = {0, 0, ui_gfx_width(g), ui_gfx_height(g)};
    int cap = measure(g, loc);
    /* Every answer: its label lies in the button's visible part, on screen, and is drawn. */
    int first_top = screen.h;
    for (int k = 0; k < v.nchoices; k++) {
        const char *label = scenario_text(&node->choices[v.choice_index[k]].text, li);
        const UiDrawnText *t = ui_check_text(g, label);
        CHECK_MSG(t != NULL, "%s: answer %d not drawn", where, k + 1);
        if (!t)
            continue;
        UiRect r = v.choice_rect[k];
        CHECK_MSG(inside(r, screen), "%s: answer %d's button (%d,%d %dx%d) is not on screen", where, k + 1, r.x, r.y,
                  r.w, r.h);
        CHECK_MSG(inside(t->rect, r), "%s: answer %d's label (y %d..%d) is outside its visible button (y %d..%d)",
                  where, k + 1, t->rect.y, t->rect.y + t->rect.h, r.y, r.y + r.h);
        CHECK_MSG(t->rect.w <= cap, "%s: answer %d runs %d px wide (measure %d)", where, k + 1, t->rect.w, cap);
        unsigned char bg[4];
        ui_check_pixel(g, r.x + r.w - 3, r.y + r.h / 2, bg); /* the button's own colour, right of the text */
        long ink = ui_check_ink(g, t->rect, bg);
        CHECK_MSG(ink > t->rect.w / 4, "%s: answer %d's label shows no ink (%ld)", where, k + 1, ink);
        if (r.y < first_top)
            first_top = r.y;
    }
    /* Readable: the answers' text (their number badges are drawn at the same size) is at least
     * 18 px, or the designed body size when the trainee chose smaller text. */
    int px_size = answer_text_px(g, &v);
    int floor = ui_gfx_tpx(g, 17) < 18 ? ui_gfx_tpx(g, 17) : 18;
    CHECK_MSG(px_size >= floor, "%s: the answers shrank to %d px text (at least %d)", where, px_size, floor);
    if (getenv("SPARRING_TEST_VERBOSE"))
        fprintf(stderr, "%s: answers at %d px\n", where, px_size);
    /* The customer's line: within the measure, and the answers close under it. */
    const UiDrawnText *line = ui_check_text(g, scenario_text(&node->text, li));
    CHECK_MSG(line != NULL, "%s: the customer's line is not drawn", where);
    if (line) {
        CHECK_MSG(line->rect.w <= cap, "%s: the customer's line runs %d px wide (measure %d)", where, line->rect.w,
                  cap);
        int gap = first_top - (line->rect.y + line->rect.h);
        int most = ui_gfx_px(g, 80);
        if (gap >= 0) /* the line fits whole: the answers follow it closely */
            CHECK_MSG(gap <= most, "%s: %d px between the customer's line and the answers (at most %d)", where, gap,
                      most);
        else /* the line scrolls: its start shows, above the answers */
            CHECK_MSG(line->rect.y >= 0 && line->rect.y + ui_gfx_tpx(g, 21) <= first_top,
                      "%s: the customer's line starts at y %d, the answers at %d", where, line->rect.y, first_top);
    }
    /* Wide windows: the column is centred in the space right of the face, not stretched. */
    if (v.nchoices > 0 && W >= 1920) {
        UiRect r = v.choice_rect[0];
        CHECK_MSG(r.x + r.w / 2 > screen.w / 2 - ui_gfx_px(g, 200),
                  "%s: the answers hug the left (x %d, width %d of %d)", where, r.x, r.w, screen.w);
    }
    char name[96];
    snprintf(name, sizeof name, "layout-%s-%dx%d-%d", loc, W, H, 100 + 10 * zoom_steps);
    ui_check_save_png(g, getenv("SPARRING_TEST_PNG"), name);
    ui_app_free(a);
}

/* The pixels of the whole frame (caller frees). */
static unsigned char *frame_pixels(UiGfx *g)
{
    size_t n = (size_t)ui_gfx_width(g) * (size_t)ui_gfx_height(g) * 4;
    unsigned char *p = malloc(n);
    if (p && ui_gfx_read(g, (UiRect){0, 0, ui_gfx_width(g), ui_gfx_height(g)}, p) != 0) {
        free(p);
        p = NULL;
    }
    CHECK(p != NULL);
    return p;
}

/* Rows [y0, y1) are where pixels of a and b differ (y0 = y1 = -1: none). */
static void changed_rows(UiGfx *g, const unsigned char *a, const unsigned char *b, int *y0, int *y1)
{
    int W = ui_gfx_width(g), H = ui_gfx_height(g);
    *y0 = *y1 = -1;
    for (int y = 0; y < H; y++)
        if (memcmp(a + (size_t)y * W * 4, b + (size_t)y * W * 4, (size_t)W * 4) != 0) {
            if (*y0 < 0)
                *y0 = y;
            *y1 = y + 1;
        }
}

/* A running countdown draws again only when its second changes, and then only itself: the rest
 * of the frame stays as it was, pixel for pixel, and no whole frame is drawn (issue: the whole
 * window was redrawn ten times a second). Anything else (a click) still draws a whole frame. */
static void countdown_redraws_itself(void)
{
    UiCheckLongest l;
    UiApp *a = open_longest("en", false, 1280, 800, &l);
    if (!a)
        return;
    char err[512] = "";
    CHECK_MSG(ui_app_start_from(a, 7, ui_app_play_options(a), l.node, NULL, 0, err, sizeof err) == 0, "%s", err);
    ui_check_step(a);
    UiGfx *g = ui_app_gfx(a);
    UiView v;
    ui_app_view(a, &v);
    if (!v.play) {
        ui_app_free(a);
        return;
    }
    int secs = -1; /* the seconds the countdown shows ("75 s") */
    for (int i = 0; i < ui_gfx_drawn_count(g) && secs < 0; i++) {
        int n;
        char c;
        if (sscanf(ui_gfx_drawn(g, i)->text, "%d s%c", &n, &c) == 1)
            secs = n;
    }
    CHECK_MSG(secs > 1, "no countdown on screen");
    char shown[32], next[32];
    snprintf(shown, sizeof shown, "%d s", secs);
    snprintf(next, sizeof next, "%d s", secs - 1);
    CHECK_MSG(ui_check_text(g, shown) != NULL, "the countdown does not show %s", shown);
    long frames = v.frames, parts = v.parts;
    unsigned char *before = frame_pixels(g);
    /* Within the same second: nothing is drawn. */
    ui_check_now += 400;
    ui_app_step(a, 0);
    ui_app_view(a, &v);
    CHECK_INT(v.frames, frames);
    CHECK_INT(v.parts, parts);
    /* The next second: the countdown alone, and only its rows of pixels change. */
    ui_check_now += 700;
    ui_app_step(a, 0);
    ui_app_view(a, &v);
    CHECK_INT(v.frames, frames);
    CHECK_INT(v.parts, parts + 1);
    const UiDrawnText *t = ui_check_text(g, next);
    CHECK_MSG(t != NULL, "the countdown does not show %s after a second", next);
    CHECK(ui_check_text(g, shown) == NULL);
    unsigned char *after = frame_pixels(g);
    if (before && after && t) {
        int y0, y1;
        changed_rows(g, before, after, &y0, &y1);
        CHECK_MSG(y0 >= 0, "nothing changed on screen");
        CHECK_MSG(y0 <= t->rect.y + t->rect.h && y1 >= t->rect.y && y1 - y0 <= ui_gfx_px(g, 60),
                  "rows %d..%d changed; the countdown's text is at %d..%d", y0, y1, t->rect.y,
                  t->rect.y + t->rect.h);
    }
    /* Partial frames keep the answers clickable where they were. */
    CHECK(v.nchoices > 0);
    int before_steps = play_step_count(v.play);
    if (v.nchoices > 0)
        ui_check_click(a, v.choice_rect[0]);
    ui_app_view(a, &v);
    CHECK(v.frames > frames);
    CHECK(v.play && play_step_count(v.play) > before_steps);
    free(before);
    free(after);
    ui_app_free(a);
}

/* The settings panel (F2) is as tall as what it holds, not the window's height (issue: "a
 * full-height white panel"): under its Close button the panel's white ends after its padding,
 * and, when what it holds leaves room, near the window's bottom there is no panel. */
static void settings_fits(const char *loc, int W, int H)
{
    UiCheckLongest l;
    UiApp *a = open_longest(loc, false, W, H, &l);
    if (!a)
        return;
    ui_check_key(a, "F2");
    UiView v;
    ui_app_view(a, &v);
    CHECK(v.settings);
    UiGfx *g = ui_app_gfx(a);
    UiRect close = ui_app_button_rect(a, ui_strings(loc)->close);
    UiRect screen = {0, 0, ui_gfx_width(g), ui_gfx_height(g)};
    CHECK_MSG(inside(close, screen), "%s %dx%d: the settings' Close button is not on screen", loc, W, H);
    const unsigned char white[3] = {255, 255, 255};
    int x = close.x + ui_gfx_px(g, 4), y = close.y + close.h, end = y;
    for (; end < screen.h; end++) {
        unsigned char px[4];
        ui_check_pixel(g, x, end, px);
        if (px[0] != white[0] || px[1] != white[1] || px[2] != white[2])
            break;
    }
    CHECK_MSG(end - y <= ui_gfx_px(g, 24), "%s %dx%d: the panel runs %d px under its Close button", loc, W, H,
              end - y);
    /* Near the bottom, below where the panel ended (at 800x600 what it holds fills the window). */
    int band = screen.h - ui_gfx_px(g, 40);
    long low = close.y + close.h + ui_gfx_px(g, 24) < band ? ui_check_colour_in(g, (UiRect){close.x, band, close.w, ui_gfx_px(g, 20)}, white) : 0;
    CHECK_MSG(low == 0, "%s %dx%d: the panel reaches the window's bottom (%ld white pixels)", loc, W, H, low);
    char name[64];
    snprintf(name, sizeof name, "settings-%s-%dx%d", loc, W, H);
    ui_check_save_png(g, getenv("SPARRING_TEST_PNG"), name);
    ui_app_free(a);
}


/* The shared records server away: the banner says the station records on its own, in the
 * window's language (it was an English literal). */
static void server_away_banner(void)
{
    UiCheckLongest l = ui_check_longest_decision("zh", false);
    if (l.node < 0)
        return;
    char away[4400], data[4400];
    snprintf(away, sizeof away, "postgresql:///none?host=%s/no-such-dir&port=1", tmpdir);
    snprintf(data, sizeof data, "%s/data", tmpdir);
    setenv("XDG_DATA_HOME", data, 1); /* the station's own file goes here */
    static const char *const locs[2] = {"zh", "en"};
    for (int i = 0; i < 2; i++) {
        ui_check_write_file(settings_path, "");
        UiOptions o = {.path = l.path, .trainee = "L1", .locale = locs[i], .db = away, .settings = settings_path,
                       .audio = "null", .width = 1280, .height = 800, .clock = ui_check_clock, .no_present = true};
        UiApp *a = ui_check_open(&o);
        if (!a)
            continue;
        UiView v;
        ui_app_view(a, &v);
        char start[64]; /* the message up to its reason */
        snprintf(start, sizeof start, "%.*s", (int)strcspn(ui_strings(locs[i])->server_away, "(（%"),
                 ui_strings(locs[i])->server_away);
        CHECK_MSG(v.recording && strstr(v.banner, start) == v.banner, "%s: banner \"%s\"", locs[i], v.banner);
        CHECK_MSG(ui_check_text_containing(ui_app_gfx(a), start) != NULL, "%s: the banner is not drawn", locs[i]);
        ui_app_free(a);
    }
}
/* The first characters of s (at most n bytes, whole UTF-8 characters) into buf. */
static void prefix(const char *s, int n, char *buf)
{
    int k = 0;
    while (s[k] && k < n) {
        int len = ((unsigned char)s[k] & 0xE0) == 0xC0 ? 2 : ((unsigned char)s[k] & 0xF0) == 0xE0 ? 3 : 1;
        if (k + len > n)
            break;
        k += len;
    }
    memcpy(buf, s, (size_t)k);
    buf[k] = 0;
}

/* The text size changed in the middle of a call, one step at a time (issue: at 800x600 and
 * 150% the customer's current line sat below the transcript's view, the answers under it):
 * after each step, the start of the customer's current line is drawn above the first answer,
 * inside the window. One decision into the call, so that the transcript has more than the
 * current line; 100% to 200%. */
static void zoom_mid_call_keeps_the_line(const char *loc, int W, int H)
{
    UiCheckLongest l;
    UiApp *a = open_longest(loc, true, W, H, &l);
    if (!a)
        return;
    char err[512] = "";
    CHECK_MSG(ui_app_start_from(a, 7, ui_app_play_options(a), l.from, NULL, 0, err, sizeof err) == 0, "%s", err);
    ui_check_step(a);
    UiView v;
    ui_app_view(a, &v);
    for (int k = 0; k < v.nchoices; k++)
        if (v.choice_index[k] == l.choice) {
            char key[4] = {(char)('1' + k), 0};
            ui_check_key(a, key);
        }
    for (int guard = 0; guard < 6; guard++) { /* past the coach's tip and any narrator */
        ui_app_view(a, &v);
        if (!v.play || (!v.feedback && play_status(v.play) == PLAY_CHOOSING))
            break;
        ui_check_key(a, "Return");
    }
    ui_app_view(a, &v);
    CHECK_MSG(v.play && play_node(v.play) == l.node && play_decision_count(v.play) == 1, "%s: not at the node", loc);
    if (!v.play || play_node(v.play) != l.node) {
        ui_app_free(a);
        return;
    }
    const Scenario *sc = play_scenario(v.play);
    char start[40];
    prefix(scenario_text(&scenario_node(sc, l.node)->text, scenario_locale_index(sc, loc)), 12, start);
    for (int step = 0; step <= 10; step++) {
        if (step)
            ui_check_key(a, "ctrl+=");
        ui_app_view(a, &v);
        UiGfx *g = ui_app_gfx(a);
        const UiDrawnText *t = ui_check_text_containing(g, start);
        int first = v.nchoices > 0 ? v.choice_rect[0].y : ui_gfx_height(g);
        int line = ui_gfx_line_height(g, ui_gfx_tpx(g, 17));
        CHECK_MSG(t && t->rect.y >= 0 && t->rect.y + line <= first,
                  "%s %dx%d at %d%%: the customer's line \"%s\" at y %d, the first answer at y %d", loc, W, H,
                  100 + 10 * step, start, t ? t->rect.y : -1, first);
        if (step == 5) {
            char name[64];
            snprintf(name, sizeof name, "zoom-mid-call-%s-%dx%d-150", loc, W, H);
            ui_check_save_png(g, getenv("SPARRING_TEST_PNG"), name);
        }
    }
    ui_app_free(a);
}

static void zh_800x600(void) { check_call("zh", 800, 600, 0); }
static void zh_800x600_150(void) { check_call("zh", 800, 600, 5); }
static void zh_800x600_200(void) { check_call("zh", 800, 600, 10); }
static void zh_1920x1080(void) { check_call("zh", 1920, 1080, 0); }
static void en_800x600(void) { check_call("en", 800, 600, 0); }
static void en_800x600_150(void) { check_call("en", 800, 600, 5); }
static void en_800x600_200(void) { check_call("en", 800, 600, 10); }
static void en_1920x1080(void) { check_call("en", 1920, 1080, 0); }
static void en_1920x1080_200(void) { check_call("en", 1920, 1080, 10); }
static void en_3840x2160(void) { check_call("en", 3840, 2160, 0); }
static void zh_1920x1080_50(void) { check_call("zh", 1920, 1080, -5); }

int main(void)
{
    ui_check_tmpdir("layout", tmpdir, sizeof tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    RUN(zh_800x600);
    RUN(zh_800x600_150);
    RUN(zh_800x600_200);
    RUN(zh_1920x1080);
    RUN(en_800x600);
    RUN(en_800x600_150);
    RUN(en_800x600_200);
    RUN(en_1920x1080);
    RUN(en_1920x1080_200);
    RUN(en_3840x2160);
    RUN(zh_1920x1080_50);
    RUN_SIZES(zoom_mid_call_keeps_the_line);
    RUN(countdown_redraws_itself);
    RUN_SIZES(settings_fits);
    RUN(server_away_banner);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
