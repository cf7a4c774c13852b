/* The trainee's history in the window (game/ui_history.c): attempts recorded through the real
 * Recorder into a temporary database, the window opened on it (SDL dummy driver, software
 * renderer), and the pixels read back: each chart point at the height of its percent, the
 * pass mark's line at its height, the picker's status dot in the colour of the report's
 * red/amber/green, the empty state, both languages, 800x600 at the largest text, high
 * contrast.
 *
 * With HISTORY_PNG_DIR set, the frames checked are also written there as PNGs (to look at). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>

#include "check.h"
#include "play.h"
#include "records.h"
#include "scenario.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"
#include "ui_history.h"

/* One decision worth 10, 7, 3 or 0 points of 10: 100%, 70%, 30%, 0%; the first two end well,
 * the last two badly. Pass mark 80. */
static const char *scenario_json =
    "{\"format\":1,\"id\":\"history-test\",\"version\":\"1.0.0\","
    "\"title\":{\"zh\":\"历史测试：报价\",\"en\":\"History test: the quote\"},"
    "\"summary\":{\"zh\":\"客户要报价。\",\"en\":\"The customer wants a quote.\"},"
    "\"level\":\"new_hire\",\"locales\":[\"zh\",\"en\"],"
    "\"competencies\":{\"closing\":{\"name\":{\"zh\":\"促成交易\",\"en\":\"Closing\"}}},"
    "\"pass_percent\":80,\"start\":\"open\",\"nodes\":{"
    "\"open\":{\"text\":{\"zh\":\"价格多少？\",\"en\":\"What does it cost?\"},\"choices\":["
    "{\"id\":\"full\",\"text\":{\"zh\":\"先了解需求。\",\"en\":\"Let me understand your needs first.\"},"
    "\"score\":{\"closing\":10},\"next\":\"won\"},"
    "{\"id\":\"good\",\"text\":{\"zh\":\"看方案。\",\"en\":\"It depends on the plan.\"},"
    "\"score\":{\"closing\":7},\"next\":\"won\"},"
    "{\"id\":\"weak\",\"text\":{\"zh\":\"很便宜。\",\"en\":\"It is cheap.\"},"
    "\"score\":{\"closing\":3},\"next\":\"lost\"},"
    "{\"id\":\"none\",\"text\":{\"zh\":\"不知道。\",\"en\":\"No idea.\"},"
    "\"score\":{\"closing\":0},\"next\":\"lost\"}]},"
    "\"won\":{\"text\":{\"zh\":\"好。\",\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}},"
    "\"lost\":{\"text\":{\"zh\":\"再见。\",\"en\":\"Bye.\"},\"end\":{\"outcome\":\"fail\"}}}}";

#define T0 1795760400000LL /* 2026-11-27T06:20:00.000Z */
#define DAY 86400000LL

/* The normal theme's colours (game/ui_screens.c) and the high-contrast ones. */
static const unsigned char GOOD[3] = {30, 130, 70}, WARN[3] = {214, 140, 0}, BAD[3] = {200, 40, 40};
static const unsigned char PRACTICE[3] = {27, 94, 170}, ASSESSMENT[3] = {28, 33, 40};
static const unsigned char HC_PRACTICE[3] = {255, 255, 0}, HC_ASSESSMENT[3] = {255, 255, 255},
                           HC_GOOD[3] = {0, 255, 0};

static char tmpdir[4096], scen_dir[4200], scen_path[4300], db_path[4200], settings_path[4200];
static const char *png_dir;

/* ---- recording attempts ------------------------------------------------------------------ */

static Scenario *sc;

/* Plays the scenario taking `choice` and records it as `mode` for trainee, started at t0. */
static void record(Records *db, const char *trainee, const char *mode, const char *choice, int64_t t0)
{
    char err[512];
    Play *p = play_new(sc, 1, (PlayOptions){.timers = false, .time_multiplier = 1.0});
    AttemptMeta meta = {.trainee_id = trainee, .mode = mode, .locale = "en"};
    Recorder *r = recorder_begin(db, p, &meta, t0, err, sizeof err);
    CHECK_MSG(r != NULL, "recorder_begin: %s", err);
    if (!r) {
        play_free(p);
        return;
    }
    const ScNode *n = scenario_node(sc, play_node(p));
    int idx = -1;
    for (int i = 0; i < n->nchoices; i++)
        if (!strcmp(n->choices[i].id, choice))
            idx = i;
    CHECK(idx >= 0);
    play_choose(p, idx, 2000);
    while (play_status(p) == PLAY_WAITING)
        play_continue(p, 3000);
    CHECK_INT(play_status(p), PLAY_ENDED);
    CHECK_INT(recorder_sync(r, p, t0 + 3000, err, sizeof err), 0);
    CHECK_MSG(recorder_end(r, p, t0 + 4000, err, sizeof err) == 0, "recorder_end: %s", err);
    play_free(p);
}

static void setup(void)
{
    png_dir = getenv("HISTORY_PNG_DIR");
    ui_check_tmpdir("history", tmpdir, sizeof tmpdir);
    snprintf(scen_dir, sizeof scen_dir, "%s/scenarios", tmpdir);
    mkdir(scen_dir, 0755);
    snprintf(scen_path, sizeof scen_path, "%s/history-test.json", scen_dir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    ui_check_write_file(scen_path, scenario_json);
    DiagList diags = {0};
    sc = scenario_load_file(scen_path, &diags);
    diag_list_free(&diags);
    if (!sc) {
        fprintf(stderr, "the test scenario does not load\n");
        exit(1);
    }
    char err[512];
    Records *db = records_open(db_path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "records_open: %s\n", err);
        exit(1);
    }
    /* green: practice 30, practice 70, a passed assessment 100, then practice 0. */
    record(db, "T-green", "practice", "weak", T0);
    record(db, "T-green", "practice", "good", T0 + DAY);
    record(db, "T-green", "assessment", "full", T0 + 2 * DAY);
    record(db, "T-green", "practice", "none", T0 + 3 * DAY);
    /* amber: best 70, within 20 of 80; a failed assessment at 30. */
    record(db, "T-amber", "practice", "good", T0);
    record(db, "T-amber", "assessment", "weak", T0 + DAY);
    /* once: a single practice attempt ("1 attempt", not "1 attempts"). */
    record(db, "T-once", "practice", "good", T0);
    /* red: best 30. */
    record(db, "T-red", "practice", "weak", T0);
    record(db, "T-red", "assessment", "none", T0 + DAY);
    /* abandoned: left before the end; red in the report, nothing to chart. */
    {
        char msg[512] = "";
        Play *p = play_new(sc, 1, (PlayOptions){.timers = false, .time_multiplier = 1.0});
        AttemptMeta meta = {.trainee_id = "T-abandoned", .mode = "practice"};
        Recorder *r = recorder_begin(db, p, &meta, T0, msg, sizeof msg);
        CHECK_MSG(r && recorder_end(r, p, T0 + 1000, msg, sizeof msg) == 0, "abandoned: %s", msg);
        play_free(p);
    }
    /* many: more attempts than the chart shows. */
    static const char *const cycle[] = {"none", "weak", "good", "full"};
    for (int k = 0; k < UI_HISTORY_MAX_SHOWN + 5; k++)
        record(db, "T-many", "practice", cycle[k % 4], T0 + k * 3600000LL);
    records_close(db);
}

/* ---- driving the window ------------------------------------------------------------------ */

static UiApp *open_app_db(const char *trainee, const char *locale, int w, int h, const char *db)
{
    UiOptions o = {.path = scen_dir, .mode = "practice", .trainee = trainee, .locale = locale, .db = db,
                   .settings = settings_path, .audio = "null", .width = w, .height = h,
                   .clock = ui_check_clock, .no_present = true};
    return ui_check_open(&o);
}

static UiApp *open_app(const char *trainee, const char *locale, int w, int h)
{
    return open_app_db(trainee, locale, w, h, db_path);
}

static UiScreen screen(UiApp *a)
{
    UiView v;
    ui_app_view(a, &v);
    return v.screen;
}

static bool same(const unsigned char *p, const unsigned char c[3])
{
    return p[0] == c[0] && p[1] == c[1] && p[2] == c[2];
}

/* The centre of the run of colour c in column x between y0 and y1 (-1: none), and its length. */
static int run_centre(UiApp *a, int x, int y0, int y1, const unsigned char c[3], int *len)
{
    int first = -1, last = -1;
    for (int y = y0; y <= y1; y++) {
        unsigned char p[4];
        ui_check_pixel(ui_app_gfx(a), x, y, p);
        if (same(p, c)) {
            if (first < 0)
                first = y;
            last = y;
        }
    }
    *len = first < 0 ? 0 : last - first + 1;
    return first < 0 ? -1 : (first + last) / 2;
}

/* Every chart point is drawn at the height of its percent, in its mode's colour; the pass
 * mark's dashes run along its row and not a few rows off it. */
static void check_chart(UiApp *a, const int *percent, const bool *assess, int n, int pass,
                        const unsigned char prac[3], const unsigned char asmt[3], const unsigned char good[3])
{
    UiHistoryView v;
    ui_history_view(a, &v);
    CHECK_INT(v.nshown, n);
    UiRect plot = v.plot;
    CHECK_MSG(plot.w > 100 && plot.h > 80, "plot %dx%d", plot.w, plot.h);
    if (plot.w <= 0)
        return;
    CHECK_INT(ui_history_y(plot, 100), plot.y);
    CHECK_INT(ui_history_y(plot, 0), plot.y + plot.h - 1);
    for (int k = 0; k < n; k++) {
        int x = ui_history_x(plot, k, n), y = ui_history_y(plot, percent[k]), len = 0;
        const unsigned char *c = assess[k] ? asmt : prac;
        int centre = run_centre(a, x, plot.y - 3 * v.marker, plot.y + plot.h + 3 * v.marker, c, &len);
        CHECK_MSG(centre >= y - 1 && centre <= y + 1, "point %d (%d%%): centre at y %d, expected %d", k,
                  percent[k], centre, y);
        CHECK_MSG(len >= 2 * v.marker - 1 && len <= 2 * v.marker + 2, "point %d: %d px tall, marker %d", k, len,
                  v.marker);
    }
    int py = ui_history_y(plot, pass);
    long on = ui_check_colour_in(ui_app_gfx(a), (UiRect){plot.x, py, plot.w, 1}, good);
    CHECK_MSG(on > plot.w / 2, "pass line: %ld of %d px", on, plot.w);
    int off = plot.h / 10;
    long above = ui_check_colour_in(ui_app_gfx(a), (UiRect){plot.x, py - off, plot.w, 1}, good);
    long below = ui_check_colour_in(ui_app_gfx(a), (UiRect){plot.x, py + off, plot.w, 1}, good);
    CHECK_MSG(above < plot.w / 20 && below < plot.w / 20, "pass colour off the line: %ld above, %ld below", above,
              below);
}

/* The status dot of the only card: its centre pixel's colour (c NULL: none of the three). */
static void check_status(UiApp *a, const unsigned char *c, const char *words)
{
    UiRect d = ui_history_status_rect(a, 0);
    CHECK_MSG(d.w > 4 && d.h > 4, "status dot %dx%d", d.w, d.h);
    unsigned char p[4];
    ui_check_pixel(ui_app_gfx(a), d.x + d.w / 2, d.y + d.h / 2, p);
    if (c)
        CHECK_MSG(same(p, c), "status dot %d,%d,%d; expected %d,%d,%d", p[0], p[1], p[2], c[0], c[1], c[2]);
    else
        CHECK_MSG(!same(p, GOOD) && !same(p, WARN) && !same(p, BAD), "no status, yet dot %d,%d,%d", p[0], p[1],
                  p[2]);
    /* Colour is never the only cue: the words are there too, beside the dot. */
    const UiDrawnText *t = ui_check_text_containing(ui_app_gfx(a), words);
    CHECK_MSG(t != NULL, "no \"%s\" on the card", words);
    if (t)
        CHECK(t->rect.x > d.x && t->rect.y <= d.y + d.h && t->rect.y + t->rect.h >= d.y);
}

/* ---- tests -------------------------------------------------------------------------------- */

/* A green trainee: H opens the chart, each attempt at its percent, practice and assessment
 * told apart, the figures written out; Esc returns to the picker. */
static void green_trainee_history_by_key(void)
{
    remove(settings_path);
    UiApp *a = open_app("T-green", "en", 1280, 800);
    if (!a)
        return;
    CHECK_INT(screen(a), UI_SCREEN_PICKER);
    check_status(a, GOOD, "Green");
    ui_check_save_png(ui_app_gfx(a), png_dir, "picker-green");
    /* The key is in the help. */
    ui_check_key(a, "F1");
    CHECK(ui_check_text_containing(ui_app_gfx(a), "H: ") != NULL);
    ui_check_key(a, "Escape");
    ui_check_key(a, "h");
    CHECK_INT(screen(a), UI_SCREEN_HISTORY);
    ui_check_save_png(ui_app_gfx(a), png_dir, "history-green");
    UiHistoryView v;
    ui_history_view(a, &v);
    CHECK_INT(v.entry, 0);
    CHECK_INT(v.npoints, 4);
    CHECK_INT(v.pass_percent, 80);
    CHECK_INT(v.best, 100);
    CHECK_INT(v.latest, 0);
    CHECK_STR(v.error, "");
    static const int pct[] = {30, 70, 100, 0};
    static const bool as[] = {false, false, true, false};
    for (int i = 0; i < 4; i++) {
        bool is_as = !as[i];
        CHECK_INT(ui_history_point(a, i, &is_as), pct[i]);
        CHECK(is_as == as[i]);
    }
    check_chart(a, pct, as, 4, 80, PRACTICE, ASSESSMENT, GOOD);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Best 100%") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Latest 0%") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "4 attempts: 3 practice, 1 assessment") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "pass mark 80%") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Green: you have passed") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Attempt number") != NULL);
    /* Axis labels: 0%, 50% and 100% left of the plot, beside the rows they name. */
    static const char *const marks[] = {"0%", "50%", "100%"};
    static const int at[] = {0, 50, 100};
    UiGfx *g = ui_app_gfx(a);
    for (int m = 0; m < 3 && v.plot.w > 0; m++) {
        int row = ui_history_y(v.plot, at[m]);
        bool found = false;
        for (int i = 0; i < ui_gfx_drawn_count(g); i++) {
            const UiDrawnText *t = ui_gfx_drawn(g, i);
            if (!strcmp(t->text, marks[m]) && t->rect.x + t->rect.w <= v.plot.x && t->rect.y <= row &&
                t->rect.y + t->rect.h >= row)
                found = true;
        }
        CHECK_MSG(found, "no axis label %s at row %d", marks[m], row);
    }
    ui_check_key(a, "Escape");
    CHECK_INT(screen(a), UI_SCREEN_PICKER);
    ui_app_free(a);
}

/* The status dot for amber and red trainees; the History button opens the view by mouse, and
 * Back returns. */
static void amber_and_red_status_and_mouse(void)
{
    UiApp *a = open_app("T-amber", "en", 1280, 800);
    if (!a)
        return;
    check_status(a, WARN, "Amber");
    ui_check_click(a, ui_app_button_rect(a, "History"));
    CHECK_INT(screen(a), UI_SCREEN_HISTORY);
    static const int pct[] = {70, 30};
    static const bool as[] = {false, true};
    check_chart(a, pct, as, 2, 80, PRACTICE, ASSESSMENT, GOOD);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Latest: Assessment not passed") != NULL);
    ui_check_save_png(ui_app_gfx(a), png_dir, "history-amber");
    ui_check_click(a, ui_app_button_rect(a, "Back"));
    CHECK_INT(screen(a), UI_SCREEN_PICKER);
    ui_app_free(a);

    a = open_app("T-red", "en", 1280, 800);
    if (!a)
        return;
    check_status(a, BAD, "Red");
    ui_app_free(a);
}

/* One attempt is counted in the singular, in English (the window said "1 attempts"). */
static void one_attempt_in_the_singular(void)
{
    UiApp *a = open_app("T-once", "en", 1280, 800);
    if (!a)
        return;
    ui_check_click(a, ui_app_button_rect(a, "History"));
    CHECK_INT(screen(a), UI_SCREEN_HISTORY);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "1 attempt: 1 practice, 0 assessment") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "1 attempts") == NULL);
    ui_app_free(a);
}

/* No attempts: a ring, not a colour, on the card; the view's empty state, with no chart. An
 * attempt left before the end counts as tried (red) but gives no point. */
static void no_attempts_shows_the_empty_state(void)
{
    UiApp *a = open_app("T-none", "en", 1280, 800);
    if (!a)
        return;
    check_status(a, NULL, "Not tried yet");
    ui_check_key(a, "h");
    CHECK_INT(screen(a), UI_SCREEN_HISTORY);
    UiHistoryView v;
    ui_history_view(a, &v);
    CHECK_INT(v.npoints, 0);
    CHECK_INT(v.plot.w, 0);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "No attempts yet") != NULL);
    ui_check_save_png(ui_app_gfx(a), png_dir, "history-empty");
    ui_check_key(a, "Escape");
    CHECK_INT(screen(a), UI_SCREEN_PICKER);
    ui_app_free(a);
    /* Only an attempt left before the end: red, as in the report, and still no chart. */
    a = open_app("T-abandoned", "en", 1280, 800);
    if (!a)
        return;
    check_status(a, BAD, "Red");
    ui_check_key(a, "h");
    ui_history_view(a, &v);
    CHECK_INT(v.npoints, 0);
    CHECK_INT(v.plot.w, 0);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "No finished attempts yet") != NULL);
    ui_app_free(a);
}

/* Without a records database: no status, and the view says why instead of an empty chart. */
static void no_database_says_so(void)
{
    UiApp *a = open_app_db("T-green", "en", 1280, 800, "");
    if (!a)
        return;
    CHECK_INT(ui_history_status(a, 0), UI_STATUS_NONE);
    ui_check_key(a, "h");
    CHECK_INT(screen(a), UI_SCREEN_HISTORY);
    UiHistoryView v;
    ui_history_view(a, &v);
    CHECK(strstr(v.error, "not being recorded") != NULL);
    CHECK_INT(v.plot.w, 0);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "no history to show") != NULL);
    ui_app_free(a);
}

/* In Chinese: the status words, the button and the view's words. */
static void chinese_words(void)
{
    UiApp *a = open_app("T-amber", "zh", 1280, 800);
    if (!a)
        return;
    check_status(a, WARN, "黄");
    CHECK(ui_app_button_rect(a, "历史记录").w > 0);
    ui_check_key(a, "h");
    CHECK_INT(screen(a), UI_SCREEN_HISTORY);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "最高 70%") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "及格线 80%") != NULL);
    ui_check_save_png(ui_app_gfx(a), png_dir, "history-zh");
    ui_app_free(a);
    a = open_app("T-none", "zh", 1280, 800);
    if (!a)
        return;
    ui_check_key(a, "h");
    CHECK(ui_check_text_containing(ui_app_gfx(a), "还没有练习记录") != NULL);
    ui_app_free(a);
}

/* More attempts than the chart holds: the latest are charted, and the caption says which. */
static void many_attempts_chart_the_latest(void)
{
    UiApp *a = open_app("T-many", "en", 1280, 800);
    if (!a)
        return;
    ui_check_key(a, "h");
    UiHistoryView v;
    ui_history_view(a, &v);
    int total = UI_HISTORY_MAX_SHOWN + 5;
    CHECK_INT(v.npoints, total);
    CHECK_INT(v.nshown, UI_HISTORY_MAX_SHOWN);
    CHECK_INT(v.first_shown, 5);
    char cap[64];
    snprintf(cap, sizeof cap, "Attempts 6-%d of %d", total, total);
    CHECK(ui_check_text_containing(ui_app_gfx(a), cap) != NULL);
    int pct[UI_HISTORY_MAX_SHOWN];
    bool as[UI_HISTORY_MAX_SHOWN];
    static const int cycle[] = {0, 30, 70, 100};
    for (int k = 0; k < UI_HISTORY_MAX_SHOWN; k++) {
        pct[k] = cycle[(k + 5) % 4];
        as[k] = false;
    }
    check_chart(a, pct, as, UI_HISTORY_MAX_SHOWN, 80, PRACTICE, ASSESSMENT, GOOD);
    ui_check_save_png(ui_app_gfx(a), png_dir, "history-many");
    ui_app_free(a);
}

/* 800x600 at the largest text, high contrast, both languages: every text inside the window,
 * the chart whole above the bottom bar, the points in the high-contrast colours. */
static void fits_800x600_large_text_high_contrast(void)
{
    const char *locales[] = {"en", "zh"};
    for (int l = 0; l < 2; l++) {
        ui_check_write_file(settings_path, "text_zoom=2.0\nhigh_contrast=true\n");
        UiApp *a = open_app("T-green", locales[l], 800, 600);
        if (!a)
            return;
        UiGfx *g = ui_app_gfx(a);
        int W = ui_gfx_width(g), H = ui_gfx_height(g);
        CHECK(ui_gfx_zoom(g) > 1.99);
        UiRect d = ui_history_status_rect(a, 0);
        unsigned char p[4];
        ui_check_pixel(ui_app_gfx(a), d.x + d.w / 2, d.y + d.h / 2, p);
        CHECK(same(p, HC_GOOD));
        char name[64];
        snprintf(name, sizeof name, "picker-800x600-%s", locales[l]);
        ui_check_save_png(ui_app_gfx(a), png_dir, name);
        ui_check_key(a, "h");
        CHECK_INT(screen(a), UI_SCREEN_HISTORY);
        snprintf(name, sizeof name, "history-800x600-%s", locales[l]);
        ui_check_save_png(ui_app_gfx(a), png_dir, name);
        for (int i = 0; i < ui_gfx_drawn_count(g); i++) {
            const UiDrawnText *t = ui_gfx_drawn(g, i);
            CHECK_MSG(t->rect.x >= 0 && t->rect.x + t->rect.w <= W, "text \"%.40s\" at x %d w %d", t->text,
                      t->rect.x, t->rect.w);
        }
        UiHistoryView v;
        ui_history_view(a, &v);
        UiRect back = ui_app_button_rect(a, locales[l][0] == 'z' ? "返回" : "Back");
        CHECK(back.w > 0);
        CHECK_MSG(v.plot.x >= 0 && v.plot.x + v.plot.w <= W && v.plot.y > 0 && v.plot.y + v.plot.h < back.y &&
                      back.y + back.h <= H,
                  "plot %d,%d %dx%d, Back at y %d", v.plot.x, v.plot.y, v.plot.w, v.plot.h, back.y);
        static const int pct[] = {30, 70, 100, 0};
        static const bool as[] = {false, false, true, false};
        check_chart(a, pct, as, 4, 80, HC_PRACTICE, HC_ASSESSMENT, HC_GOOD);
        ui_check_key(a, "Escape");
        CHECK_INT(screen(a), UI_SCREEN_PICKER);
        ui_app_free(a);
    }
    remove(settings_path);
}

int main(void)
{
    setup();
    RUN(green_trainee_history_by_key);
    RUN(amber_and_red_status_and_mouse);
    RUN(one_attempt_in_the_singular);
    RUN(no_attempts_shows_the_empty_state);
    RUN(no_database_says_so);
    RUN(chinese_words);
    RUN(many_attempts_chart_the_latest);
    RUN(fits_800x600_large_text_high_contrast);
    scenario_free(sc);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
