/* The trainer window, driven like a user on SDL's dummy video driver with the software
 * renderer: scripted keys and clicks play a scenario to the debrief in both modes and both
 * languages, and the pixels drawn are read back and checked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>

#include "audio.h"
#include "check.h"
#include "records.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

static char tmpdir[4096];
static char scen_path[4200], db_path[4200], settings_path[4200];

/* A small scenario of our own: a choice node whose third answer is never offered, a node
 * with `next`, a timed node with a timeout outcome, pass and fail endings, long texts. */
static const char *scenario_json =
    "{\"format\":1,\"id\":\"window-test\",\"version\":\"1.0.0\","
    "\"title\":{\"zh\":\"窗口测试：预算被砍一半\",\"en\":\"Window test: the budget was cut in half\"},"
    "\"summary\":{\"zh\":\"客户的预算刚被砍掉一半。先弄清原因，再重新规划方案。\","
    "\"en\":\"The customer's budget was just cut in half. Find out why, then rescope.\"},"
    "\"level\":\"experienced\",\"tags\":[\"budget\",\"phone\"],\"locales\":[\"zh\",\"en\"],"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}},"
    "\"discovery\":{\"name\":{\"zh\":\"需求挖掘\",\"en\":\"Needs discovery\"}}},"
    "\"meters\":{\"patience\":{\"name\":{\"zh\":\"耐心\",\"en\":\"Patience\"},\"min\":0,\"max\":100,\"start\":40},"
    "\"secret\":{\"name\":{\"zh\":\"隐藏\",\"en\":\"Hidden\"},\"min\":0,\"max\":10,\"start\":0,\"show\":false}},"
    "\"pass_percent\":70,\"start\":\"open\",\"nodes\":{"
    "\"open\":{\"mood\":\"angry\",\"text\":{\"zh\":\"预算砍了一半，你们的方案我们做不了了。我们老板的意思很明确，今年所有的新项目都要重新评估，没有例外。\","
    "\"en\":\"Our budget was cut in half, so your proposal is off the table. My boss was very clear: every new project this year gets reviewed again, no exceptions.\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"zh\":\"理解，这对您压力也很大。能说说老板最看重哪几个结果吗？我们可以按优先级分阶段来做，先把最关键的一块落地。\","
    "\"en\":\"I understand, that puts a lot of pressure on you too. Could you tell me which results your boss cares about most? We could phase the project by priority and land the most important part first.\"},"
    "\"score\":{\"empathy\":3,\"discovery\":2},\"effects\":{\"patience\":20},\"next\":\"explain\","
    "\"feedback\":{\"zh\":\"先共情，再提问，方向对了。\",\"en\":\"Empathy first, then a question: the right order.\"}},"
    "{\"id\":\"discount\",\"text\":{\"zh\":\"那我给您打个五折吧。\",\"en\":\"Then I'll give you fifty percent off.\"},"
    "\"score\":{\"discovery\":-2},\"effects\":{\"patience\":-10},\"next\":\"explain\","
    "\"feedback\":{\"zh\":\"一上来就降价，利润和价值都没了。\",\"en\":\"Discounting at once gives away margin and value.\"}},"
    "{\"id\":\"never\",\"text\":{\"zh\":\"不会出现\",\"en\":\"Never offered\"},\"requires\":\"patience > 90\","
    "\"score\":{\"empathy\":1},\"next\":\"explain\"}]},"
    "\"explain\":{\"speaker\":\"narrator\",\"text\":{\"zh\":\"客户沉默了几秒。\",\"en\":\"The customer goes quiet for a few seconds.\"},\"next\":\"timed\"},"
    "\"timed\":{\"mood\":\"skeptical\",\"time_limit\":10,"
    "\"timeout\":{\"next\":\"lost\",\"score\":{\"empathy\":-1},\"feedback\":{\"zh\":\"沉默让客户更不耐烦。\",\"en\":\"Silence made it worse.\"}},"
    "\"text\":{\"zh\":\"那你说说，分阶段怎么做？\",\"en\":\"So how would phasing work?\"},"
    "\"choices\":["
    "{\"text\":{\"zh\":\"第一阶段只上一条产线，三个月见效再扩展。\",\"en\":\"Phase one covers one line; we extend once it pays off in three months.\"},"
    "\"score\":{\"discovery\":3},\"next\":\"won\",\"feedback\":{\"zh\":\"具体、可衡量。\",\"en\":\"Concrete and measurable.\"}},"
    "{\"text\":{\"zh\":\"都可以，您定。\",\"en\":\"Whatever you prefer.\"},\"score\":{\"discovery\":0},\"next\":\"lost\"}]},"
    "\"won\":{\"mood\":\"pleased\",\"text\":{\"zh\":\"好，下周二来详谈。\",\"en\":\"Fine, come by next Tuesday.\"},\"end\":{\"outcome\":\"pass\"}},"
    "\"lost\":{\"mood\":\"annoyed\",\"text\":{\"zh\":\"我再考虑考虑吧。\",\"en\":\"I'll think about it.\"},\"end\":{\"outcome\":\"fail\"}}}}";

static void setup(void)
{
    ui_check_tmpdir("window", tmpdir, sizeof tmpdir);
    snprintf(scen_path, sizeof scen_path, "%s/window-test.json", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    ui_check_write_file(scen_path, scenario_json);
}

static UiApp *open_app(const char *path, const char *mode, const char *trainee, const char *locale, int w, int h)
{
    UiOptions o = {.path = path, .mode = mode, .trainee = trainee, .locale = locale, .db = db_path,
                   .settings = settings_path, .audio = "null", .width = w, .height = h,
                   .clock = ui_check_clock, .no_present = true};
    return ui_check_open(&o);
}

/* Pixels of exactly colour c in the top 140 rows (the header and the countdown bar). */
static long colour_count(UiApp *a, const unsigned char c[3])
{
    return ui_check_colour_in(ui_app_gfx(a), (UiRect){0, 0, ui_gfx_width(ui_app_gfx(a)), 140}, c);
}

static bool inside(UiRect r, int W, int H) { return r.x >= 0 && r.y >= 0 && r.x + r.w <= W && r.y + r.h <= H; }

/* Every text drawn in the frame fits the window's width (nothing runs off the side). */
static void check_no_overflow(UiApp *a)
{
    UiGfx *g = ui_app_gfx(a);
    int W = ui_gfx_width(g);
    for (int i = 0; i < ui_gfx_drawn_count(g); i++) {
        const UiDrawnText *t = ui_gfx_drawn(g, i);
        CHECK_MSG(t->rect.x >= 0 && t->rect.x + t->rect.w <= W, "text \"%.40s\" at x %d w %d, window %d",
                  t->text, t->rect.x, t->rect.w, W);
    }
}

/* The choice buttons: each inside the window, with text drawn in it. */
static void check_choices_drawn(UiApp *a, int expect)
{
    UiView v;
    ui_app_view(a, &v);
    UiGfx *g = ui_app_gfx(a);
    int W = ui_gfx_width(g), H = ui_gfx_height(g);
    CHECK_INT(v.nchoices, expect);
    unsigned char bg[4];
    for (int i = 0; i < v.nchoices; i++) {
        UiRect r = v.choice_rect[i];
        CHECK_MSG(inside(r, W, H), "choice %d at %d,%d %dx%d outside %dx%d", i, r.x, r.y, r.w, r.h, W, H);
        if (r.h < 30)
            continue; /* scrolled (almost) out of view */
        ui_check_pixel(ui_app_gfx(a), r.x + r.w - 4, r.y + r.h / 2, bg); /* the button's own fill */
        /* text and badge ink on the button's fill, in the part right of the number badge */
        long n = ui_check_ink(ui_app_gfx(a), (UiRect){r.x + r.w / 8, r.y + 2, r.w * 3 / 4, r.h - 4}, bg);
        CHECK_MSG(n > 50, "choice %d: %ld text pixels", i, n);
    }
}

static void check_debrief_numbers(UiApp *a)
{
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    if (v.screen != UI_SCREEN_DEBRIEF || !v.play)
        return;
    PlayResult res;
    play_result(v.play, &res);
    CHECK_INT(v.debrief_percent, res.total.percent);
    CHECK(v.debrief_passed == res.passed);
    CHECK_INT(v.debrief_rows, play_decision_count(v.play));
    char pct[16];
    snprintf(pct, sizeof pct, "%d%%", res.total.percent);
    const UiDrawnText *t = ui_check_text(ui_app_gfx(a), pct);
    CHECK_MSG(t != NULL, "the percent %s was not drawn", pct);
    if (t) {
        unsigned char bg[4];
        ui_check_pixel(ui_app_gfx(a), 1, ui_gfx_height(ui_app_gfx(a)) / 2, bg);
        CHECK(t->rect.h >= 40); /* large */
        CHECK(ui_check_ink(ui_app_gfx(a), t->rect, bg) > 200);
        CHECK(t->rect.x == v.debrief_percent_rect.x && t->rect.y == v.debrief_percent_rect.y);
    }
    check_no_overflow(a);
}

/* Practice, English, keyboard only: feedback after each answer, the hidden answer never
 * offered, timers off in practice by default? (no: on) - the timed node is answered in time. */
static void practice_keyboard_english_reaches_debrief(void)
{
    ui_check_now = 1000;
    UiApp *a = open_app(scen_path, "practice", "E100", "en", 1280, 800);
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
    CHECK(ui_check_text(ui_app_gfx(a), "Window test: the budget was cut in half") != NULL);
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    check_choices_drawn(a, 2); /* "never" requires patience > 90 */
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Our budget was cut in half") != NULL);
    /* The face shows the mood: an angry customer is flushed. */
    static const unsigned char flushed[3] = {236, 160, 140}, skin[3] = {242, 203, 164};
    UiRect face = {0, 0, 400, 500};
    CHECK(ui_check_colour_in(ui_app_gfx(a), face, flushed) > 2000 && ui_check_colour_in(ui_app_gfx(a), face, skin) == 0);
    CHECK(ui_check_text(ui_app_gfx(a), "Customer: angry") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Never offered") == NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Hidden") == NULL); /* show: false */
    check_no_overflow(a);
    /* Down selects the first answer, Enter takes it. */
    ui_check_key(a, "Down");
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK(v.feedback);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Empathy first, then a question") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "+5 points") != NULL);
    ui_check_key(a, "Return"); /* on from the feedback */
    ui_app_view(a, &v);
    CHECK(!v.feedback);
    CHECK_INT(play_status(v.play), PLAY_WAITING);
    ui_check_key(a, "space"); /* the narrator's line */
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_CHOOSING);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "10 s") != NULL); /* the countdown */
    CHECK(ui_check_colour_in(ui_app_gfx(a), face, skin) > 2000 && ui_check_colour_in(ui_app_gfx(a), face, flushed) == 0); /* skeptical now */
    CHECK(ui_check_text(ui_app_gfx(a), "Customer: skeptical") != NULL);
    ui_check_now += 4000;
    ui_check_step(a);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "6 s") != NULL);
    static const unsigned char green[3] = {30, 130, 70}, amber[3] = {214, 140, 0}, red[3] = {200, 40, 40};
    CHECK(colour_count(a, green) > 1000 && colour_count(a, amber) == 0);
    ui_check_now += 3000; /* 3 s of 10 left: amber */
    ui_check_step(a);
    CHECK(colour_count(a, amber) > 1000 && colour_count(a, red) == 0);
    ui_check_now += 1000; /* 2 s left: red */
    ui_check_step(a);
    CHECK(colour_count(a, red) > 500 && colour_count(a, amber) == 0);
    ui_check_key(a, "1");
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_ENDED);
    ui_check_key(a, "Return");
    check_debrief_numbers(a);
    ui_app_view(a, &v);
    CHECK_INT(v.debrief_percent, 100);
    CHECK(v.debrief_passed);
    CHECK(ui_check_text(ui_app_gfx(a), "Passed") != NULL);
    CHECK(v.attempt_id[0] != 0);
    /* Back to the list: the record is there. */
    ui_check_key(a, "Escape");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "best 100%") != NULL);
    ui_app_free(a);
    Records *db = records_open(db_path, NULL, 0);
    CHECK(db != NULL);
    if (db) {
        int best = -2, latest = -2;
        bool passed = true;
        CHECK_INT(records_best_latest(db, "E100", "window-test", &best, &latest, &passed), 0);
        CHECK_INT(best, 100);
        CHECK_INT(latest, 100);
        CHECK(!passed); /* a practice attempt certifies nothing */
        records_close(db);
    }
}

/* Assessment, Chinese, mouse only: no feedback until the end, the timer runs out. */
static void assessment_mouse_chinese_times_out_to_debrief(void)
{
    ui_check_now = 5000;
    UiApp *a = open_app(scen_path, "assessment", "E200", "zh", 1280, 800);
    if (!a)
        return;
    UiView v;
    UiRect r = ui_app_button_rect(a, "参加考核");
    CHECK(r.w > 0);
    ui_app_push_click(a, r.x + r.w / 2, r.y + r.h / 2);
    ui_check_step(a);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_STR(v.locale, "zh");
    check_choices_drawn(a, 2);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "预算砍了一半") != NULL);
    /* The file's second answer, by mouse, where the shuffle put it; no feedback in an assessment. */
    int k = v.choice_index[0] == 1 ? 0 : 1;
    CHECK_INT(v.choice_index[k], 1);
    ui_app_push_click(a, v.choice_rect[k].x + 40, v.choice_rect[k].y + v.choice_rect[k].h / 2);
    ui_check_step(a);
    ui_app_view(a, &v);
    CHECK(!v.feedback);
    CHECK_INT(play_decision_count(v.play), 1);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "一上来就降价") == NULL);
    r = ui_app_button_rect(a, "继续（回车）");
    CHECK(r.w > 0);
    ui_app_push_click(a, r.x + 5, r.y + 5);
    ui_check_step(a);
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_CHOOSING);
    /* Esc pauses and hides the call; the clock stands still meanwhile. */
    ui_check_key(a, "Escape");
    ui_app_view(a, &v);
    CHECK(v.paused);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "分阶段怎么做") == NULL);
    ui_check_now += 60000;
    ui_check_step(a);
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_CHOOSING);
    ui_check_key(a, "Escape");
    ui_app_view(a, &v);
    CHECK(!v.paused);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "分阶段怎么做") != NULL);
    /* Then the ten seconds run out. */
    ui_check_now += 10001;
    ui_check_step(a);
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_ENDED);
    r = ui_app_button_rect(a, "查看复盘（回车）");
    CHECK(r.w > 0);
    ui_app_push_click(a, r.x + r.w / 2, r.y + r.h / 2);
    ui_check_step(a);
    check_debrief_numbers(a);
    ui_app_view(a, &v);
    CHECK(!v.debrief_passed);
    CHECK_INT(v.debrief_rows, 2);
    CHECK(ui_check_text(ui_app_gfx(a), "未通过") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "（超时未答）") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "当时最佳回答  +5") != NULL); /* the best on offer at decision 1 */

    /* "Try again" leads to a new briefing. */
    r = ui_app_button_rect(a, "再练一次");
    ui_app_push_click(a, r.x + r.w / 2, r.y + r.h / 2);
    ui_check_step(a);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
    ui_app_free(a);
}

/* Practice in Chinese: a wrong answer is not marked best; its best alternative is shown. */
static void practice_chinese_debrief_marks_the_best_answer(void)
{
    ui_check_now = 0;
    UiApp *a = open_app(scen_path, "practice", "E300", "zh", 1024, 700);
    if (!a)
        return;
    ui_check_key(a, "Return");
    ui_check_key(a, "2");
    ui_check_key(a, "Return");
    ui_check_key(a, "Return");
    ui_check_key(a, "2"); /* "whatever you prefer": to the failed ending */
    UiView v;
    ui_app_view(a, &v);
    CHECK(v.feedback);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "这个回答没有点评") != NULL);
    ui_check_key(a, "Return");
    ui_check_key(a, "Return");
    check_debrief_numbers(a);
    ui_app_view(a, &v);
    CHECK_INT(v.debrief_percent, 0);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "你的回答  -2") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "你的回答  +0") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "（最佳回答）") == NULL);
    ui_app_free(a);
}

/* Sign in by typing, pick from the list by keyboard, the failed file listed with its reason. */
static void signin_then_picker_lists_failures(void)
{
    char dir[4300], bad[4400], good[4400];
    snprintf(dir, sizeof dir, "%s/lib", tmpdir);
    mkdir(dir, 0755);
    snprintf(bad, sizeof bad, "%s/broken.json", dir);
    snprintf(good, sizeof good, "%s/good.json", dir);
    ui_check_write_file(bad, "{\"format\": 1, \"id\": \"broken\"");
    ui_check_write_file(good, scenario_json);
    remove(settings_path);
    UiApp *a = open_app(dir, NULL, NULL, "en", 1280, 800);
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_SIGNIN);
    ui_check_key(a, "Return"); /* no id yet */
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_SIGNIN);
    CHECK(ui_check_text(ui_app_gfx(a), "Enter your employee ID to continue.") != NULL);
    ui_app_push_text("E4");
    ui_app_push_text("00");
    ui_check_step(a);
    CHECK(ui_check_text(ui_app_gfx(a), "E400|") != NULL);
    ui_check_key(a, "Tab");
    /* An input method composing: shown in the field, not yet typed. */
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_TEXTEDITING;
    snprintf(ev.edit.text, sizeof ev.edit.text, "lilei");
    SDL_PushEvent(&ev);
    ui_check_step(a);
    CHECK(ui_check_text(ui_app_gfx(a), "lilei|") != NULL);
    ui_app_push_text("李雷");
    ui_check_step(a);
    CHECK(ui_check_text(ui_app_gfx(a), "李雷|") != NULL);
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK_STR(v.trainee_id, "E400");
    CHECK_INT(v.nentries, 2);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Cannot be loaded: broken.json") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "broken.json:") != NULL); /* its first diagnostic */
    CHECK(ui_check_text_containing(ui_app_gfx(a), "李雷 (E400)") != NULL);
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
    ui_app_free(a);
    /* Remembered on this machine. */
    char *ini = check_read_file(settings_path, NULL);
    CHECK(ini && strstr(ini, "trainee_id=E400") && strstr(ini, "trainee_name=李雷"));
    free(ini);
}

/* Help and settings overlays, text size, resize to the minimum: nothing overflows. */
static void overlays_zoom_and_resize_keep_text_inside(void)
{
    ui_check_now = 0;
    UiApp *a = open_app(scen_path, "practice", "E500", "en", 1280, 800);
    if (!a)
        return;
    ui_check_key(a, "Return");
    UiView v;
    ui_check_key(a, "F1");
    ui_app_view(a, &v);
    CHECK(v.help);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "1-9: choose an answer") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Our budget was cut in half") == NULL); /* hidden behind */
    CHECK(play_paused(v.play));
    ui_check_key(a, "Escape");
    ui_app_view(a, &v);
    CHECK(!v.help);
    CHECK(!play_paused(v.play));
    ui_check_key(a, "F11"); /* full screen and back */
    ui_check_key(a, "F11");
    ui_app_push_resize(a, 800, 600);
    ui_check_step(a);
    for (int i = 0; i < 6; i++)
        ui_check_key(a, "ctrl+=");
    CHECK(ui_gfx_zoom(ui_app_gfx(a)) > 1.5);
    ui_app_view(a, &v);
    CHECK_INT(ui_gfx_width(ui_app_gfx(a)), 800);
    check_no_overflow(a);
    CHECK(v.nchoices == 2);
    for (int i = 0; i < v.nchoices; i++)
        CHECK(v.choice_rect[i].x + v.choice_rect[i].w <= 800);
    /* The transcript scrolls with the wheel and PageUp. */
    ui_check_key(a, "1");
    ui_check_key(a, "PageUp");
    ui_app_push_wheel(a, 500, 200, 3);
    ui_check_step(a);
    check_no_overflow(a);
    ui_check_key(a, "F2");
    ui_app_view(a, &v);
    CHECK(v.settings);
    check_no_overflow(a);
    ui_check_key(a, "Escape");
    ui_check_key(a, "ctrl+0");
    CHECK(ui_gfx_zoom(ui_app_gfx(a)) == 1.0);
    ui_app_free(a);
}

static void line_breaking_follows_unicode_rules(void)
{
    UiApp *a = open_app(scen_path, "practice", "E600", "en", 1280, 800);
    if (!a)
        return;
    UiGfx *g = ui_app_gfx(a);
    int size = 20, w1, h1, w2, h2, w, h;
    ui_gfx_text_size(g, size, "alpha", 0, &w1, &h1);
    ui_gfx_text_size(g, size, "alpha beta", 0, &w2, &h2);
    /* English breaks at the space, and the space is not counted. */
    ui_gfx_text_size(g, size, "alpha beta", w1 + 3, &w, &h);
    CHECK_INT(h, 2 * h1);
    CHECK_INT(w, w1);
    /* Chinese breaks between characters. */
    ui_gfx_text_size(g, size, "预算砍了一半", 0, &w1, &h1);
    ui_gfx_text_size(g, size, "预算砍了一半", w1 / 2 + 2, &w, &h);
    CHECK_INT(h, 2 * h1);
    CHECK(w <= w1 / 2 + 2);
    /* No break before closing punctuation: "好。" stays together. */
    ui_gfx_text_size(g, size, "好", 0, &w1, &h1);
    ui_gfx_text_size(g, size, "你好。", w1 * 2 + 1, &w, &h);
    CHECK_INT(h, 2 * h1);
    /* A word wider than the line is broken, never overflows. */
    ui_gfx_text_size(g, size, "supercalifragilisticexpialidocious", 60, &w, &h);
    CHECK(w <= 60);
    CHECK(h > 2 * h1);
    /* A long paragraph (the format allows 16 KiB a text) wraps within the width. */
    char *big = malloc(16 * 1024);
    if (big) {
        const char *piece = "客户预算被砍了一半， and the deal is at risk. ";
        size_t n = 0, pl = strlen(piece);
        while (n + pl < 16 * 1024) {
            memcpy(big + n, piece, pl);
            n += pl;
        }
        big[n] = 0;
        ui_gfx_text_size(g, size, big, 400, &w, &h);
        CHECK(w <= 400 && w > 300);
        CHECK(h > 100 * h1);
        free(big);
    }
    /* Newlines are kept. */
    ui_gfx_text_size(g, size, "a\nb\n\nc", 0, &w, &h);
    CHECK_INT(h, 4 * h1);
    ui_app_free(a);
}

/* A scenario's `counterpart` names who speaks the customer's lines (a manager's rep). */
static void counterpart_names_the_speaker(void)
{
    char path[sizeof tmpdir + 32];
    snprintf(path, sizeof path, "%s/counterpart.json", tmpdir);
    size_t n = strlen(scenario_json);
    char *json = malloc(n + 64);
    if (!json)
        return;
    snprintf(json, n + 64, "{\"counterpart\":{\"zh\":\"销售\",\"en\":\"Rep\"},%s", scenario_json + 1);
    ui_check_write_file(path, json);
    free(json);
    const char *locales[2] = {"en", "zh"};
    const char *labels[2] = {"Rep: angry", "销售：愤怒"};
    for (int i = 0; i < 2; i++) {
        ui_check_now = 1000;
        UiApp *a = open_app(path, "practice", "E100", locales[i], 1280, 800);
        if (!a)
            return;
        ui_check_key(a, "Return");
        CHECK_MSG(ui_check_text(ui_app_gfx(a), labels[i]) != NULL, "%s", labels[i]);
        CHECK(ui_check_text(ui_app_gfx(a), i ? "客户：愤怒" : "Customer: angry") == NULL);
        ui_app_free(a);
    }
}

/* What the call sounds like (the null backend counts what was asked for): a ring at the
 * briefing, the pickup, a tick in each of the last five seconds, and on a failed ending the
 * hang-up click, the busy tone and the fail sting. */
static void call_sounds_ring_pickup_ticks_and_hangup(void)
{
    ui_check_now = 1000;
    UiApp *a = open_app(scen_path, "assessment", "E100", "en", 1280, 800);
    if (!a)
        return;
    const Audio *au = ui_app_audio(a);
    CHECK(au != NULL);
    CHECK_INT(audio_cue_requests(au, AUDIO_CUE_RING), 1);
    ui_check_key(a, "Return");
    CHECK_INT(audio_cue_requests(au, AUDIO_CUE_PICKUP), 1);
    ui_check_key(a, "1");    /* ask: to the narrator's line */
    ui_check_key(a, "Return"); /* on to the timed node (10 s) */
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_CHOOSING);
    for (int s = 0; s < 10; s++) { /* one second at a time until the timer runs out */
        ui_check_now += 1000;
        ui_check_step(a);
    }
    ui_check_now += 50;
    ui_check_step(a);
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_ENDED);
    CHECK_INT(audio_cue_requests(au, AUDIO_CUE_TICK), 5);
    CHECK_INT(audio_cue_requests(au, AUDIO_CUE_HANGUP), 1);
    CHECK_INT(audio_cue_requests(au, AUDIO_CUE_BUSY), 1);
    CHECK_INT(audio_cue_requests(au, AUDIO_CUE_CHIME), 0); /* no feedback in an assessment */
    ui_check_key(a, "Return"); /* to the debrief */
    CHECK_INT(audio_cue_requests(au, AUDIO_CUE_FAIL), 1);
    CHECK_INT(audio_cue_requests(au, AUDIO_CUE_PASS), 0);
    ui_app_free(a);
}

static void no_display_exits_1_and_says_so(void)
{
    const char *bin = getenv("SPARRING_BIN");
    CHECK(bin != NULL);
    if (!bin)
        return;
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "env -u SDL_VIDEODRIVER -u DISPLAY -u WAYLAND_DISPLAY %s play --no-sound 2>&1", bin);
    char *out = NULL;
    int rc = check_run_cmd(cmd, &out);
    CHECK_INT(rc, 1);
    CHECK(out && strstr(out, "no display") && strstr(out, "sparring run"));
    free(out);
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static void screenshot_writes_png_of_window_size(void)
{
    const char *bin = getenv("SPARRING_BIN");
    if (!bin)
        return;
    char png[4400], cmd[13000];
    snprintf(png, sizeof png, "%s/shot.png", tmpdir);
    snprintf(cmd, sizeof cmd,
             "%s play %s --trainee E700 --locale zh --no-sound --db %s --size 900x700 --screenshot %s "
             "--script Return 2>&1",
             bin, scen_path, db_path, png);
    char *out = NULL;
    int rc = check_run_cmd(cmd, &out);
    CHECK_MSG(rc == 0, "%s", out ? out : "");
    free(out);
    size_t len = 0;
    unsigned char *data = (unsigned char *)check_read_file(png, &len);
    CHECK(data && len > 1000);
    if (data && len > 24) {
        CHECK(!memcmp(data, "\x89PNG\r\n\x1a\n", 8));
        CHECK(!memcmp(data + 12, "IHDR", 4));
        CHECK_INT(be32(data + 16), 900);
        CHECK_INT(be32(data + 20), 700);
    }
    free(data);
    /* Usage errors are exit 2. */
    snprintf(cmd, sizeof cmd, "%s play --mode exam 2>&1", bin);
    rc = check_run_cmd(cmd, &out);
    CHECK_INT(rc, 2);
    free(out);
}

static void unusable_database_is_said_on_screen(void)
{
    char bad[4400];
    snprintf(bad, sizeof bad, "%s/not-a-db", tmpdir);
    ui_check_write_file(bad, "this is not an SQLite database, just some text that is long enough to look like a header");
    UiOptions o = {.path = scen_path, .trainee = "E800", .locale = "en", .db = bad, .settings = settings_path,
                   .audio = "null", .clock = ui_check_clock, .no_present = true};
    char err[512];
    UiApp *a = ui_app_new(&o, err, sizeof err);
    CHECK(a != NULL);
    if (!a)
        return;
    ui_app_draw(a);
    UiView v;
    ui_app_view(a, &v);
    CHECK(!v.recording);
    CHECK(strstr(v.banner, "not being recorded") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Attempts are not being recorded") != NULL);
    ui_check_key(a, "Return"); /* the call goes on without records */
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    ui_app_free(a);
}

/* A crash in the middle of a call: the next start offers the attempt, and resuming it
 * replays it and goes on recording it to the end. */
static void interrupted_attempt_is_offered_and_resumed(void)
{
    char dir[4300], path[4400];
    snprintf(dir, sizeof dir, "%s/lib2", tmpdir);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/window-test.json", dir);
    ui_check_write_file(path, scenario_json);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        UiApp *a = open_app(path, "practice", "E900", "en", 1280, 800);
        if (!a)
            _exit(2);
        ui_check_key(a, "Return");
        ui_check_key(a, "1");
        UiView v;
        ui_app_view(a, &v);
        _exit(v.play && play_decision_count(v.play) == 1 ? 0 : 3); /* no clean-up: a crash */
    }
    int status = -1;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    UiApp *a = open_app(dir, "practice", "E900", "en", 1280, 800);
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK(v.interrupted_offered);
    CHECK(ui_check_text(ui_app_gfx(a), "An attempt was interrupted") != NULL);
    ui_check_key(a, "Return"); /* "Resume it" has the focus */
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK(v.play && play_decision_count(v.play) == 1);
    CHECK_INT(play_status(v.play), PLAY_WAITING);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Could you tell me which results") != NULL); /* the transcript is back */
    char id[40];
    snprintf(id, sizeof id, "%s", v.attempt_id);
    ui_check_key(a, "Return");
    ui_check_key(a, "1");
    ui_check_key(a, "Return");
    ui_check_key(a, "Return");
    check_debrief_numbers(a);
    ui_app_free(a);
    Records *db = records_open(db_path, NULL, 0);
    CHECK(db != NULL);
    if (db) {
        char err[256];
        RecordsAttempt *r = records_attempt_load(db, id, err, sizeof err);
        CHECK_MSG(r != NULL, "%s", err);
        if (r) {
            CHECK_STR(r->status, "completed");
            CHECK_INT(r->percent, 100);
            CHECK_STR(r->trainee_id, "E900");
            records_attempt_free(r);
        }
        records_close(db);
    }
}

/* Every screen at the smallest window and the largest text, in both languages: no text runs
 * off the side, the answer buttons stay inside the window. */
static void every_screen_fits_800x600_at_largest_text(void)
{
    const char *locales[] = {"zh", "en"};
    for (int l = 0; l < 2; l++) {
        ui_check_write_file(settings_path, "text_zoom=2.0\n");
        ui_check_now = 0;
        char dir[4300], path[4400];
        snprintf(dir, sizeof dir, "%s/lib3", tmpdir);
        mkdir(dir, 0755);
        snprintf(path, sizeof path, "%s/window-test.json", dir);
        ui_check_write_file(path, scenario_json);
        UiApp *a = open_app(dir, "assessment", NULL, locales[l], 800, 600);
        if (!a)
            return;
        CHECK(ui_gfx_zoom(ui_app_gfx(a)) > 1.99);
        check_no_overflow(a); /* sign-in */
        ui_app_push_text("E1000");
        ui_check_key(a, "Return");
        UiView v;
        ui_app_view(a, &v);
        CHECK_INT(v.screen, UI_SCREEN_PICKER);
        check_no_overflow(a);
        ui_check_key(a, "F1");
        check_no_overflow(a);
        ui_check_key(a, "F1");
        ui_check_key(a, "F2");
        check_no_overflow(a);
        ui_check_key(a, "Escape");
        ui_check_key(a, "Return");
        ui_app_view(a, &v);
        CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
        check_no_overflow(a);
        ui_check_key(a, "Return");
        check_choices_drawn(a, 2);
        check_no_overflow(a);
        /* Every answer of the decision is on screen without scrolling (the layout gives up the
         * face and spacing, then shrinks the answers' text); moving the focus down keeps it so. */
        ui_check_key(a, "Down");
        ui_check_key(a, "Down");
        ui_app_view(a, &v);
        CHECK_INT(v.nchoices, 2);
        for (int i = 0; i < v.nchoices && i < 2; i++)
            CHECK_MSG(v.choice_rect[i].h >= 20 && v.choice_rect[i].y >= 0 &&
                          v.choice_rect[i].y + v.choice_rect[i].h <= 600,
                      "answer %d at y=%d h=%d", i, v.choice_rect[i].y, v.choice_rect[i].h);
        /* The file's second answer (an assessment shuffles): clicked when it is the last one,
         * scrolled into view; else by its key (the first shown is scrolled out). */
        int k = v.choice_index[1] == 1 ? 1 : 0, clicked = v.choice_index[k];
        UiRect last = v.choice_rect[1];
        if (k == 1)
            ui_app_push_click(a, last.x + last.w / 2, last.y + last.h / 2);
        else
            ui_app_push_key("1");
        ui_check_step(a);
        ui_app_view(a, &v);
        CHECK(v.play && play_decision_count(v.play) == 1);
        CHECK_INT(play_step(v.play, 0)->index, clicked); /* the one clicked */
        ui_check_key(a, "Escape");
        check_no_overflow(a); /* paused */
        ui_check_key(a, "Escape");
        ui_check_key(a, "Return");
        check_choices_drawn(a, 2);
        ui_app_view(a, &v);
        ui_check_key(a, v.choice_index[0] == 1 ? "1" : "2"); /* the file's second answer, where shown */
        ui_check_key(a, "Return");
        check_debrief_numbers(a);
        ui_app_view(a, &v);
        CHECK_INT(v.debrief_percent, 0);
        /* The debrief is taller than the window: the wheel scrolls it, also over the place
         * where the call's transcript was. */
        UiRect before = v.debrief_percent_rect;
        ui_app_push_wheel(a, 600, 200, -3);
        ui_check_step(a);
        ui_app_view(a, &v);
        CHECK(v.debrief_percent_rect.y < before.y);
        ui_check_key(a, "Home");
        ui_app_view(a, &v);
        CHECK_INT(v.debrief_percent_rect.y, before.y);
        ui_app_free(a);
    }
    remove(settings_path);
}

/* Settings by mouse: high contrast turns the background black; timers off in practice means
 * no countdown. Both remembered. */
static void settings_change_theme_and_practice_timers(void)
{
    remove(settings_path);
    ui_check_now = 0;
    UiApp *a = open_app(scen_path, "practice", "E1100", "en", 1280, 800);
    if (!a)
        return;
    ui_check_key(a, "F2");
    UiRect r = ui_app_button_rect(a, "Timers in practice");
    CHECK(r.w == 0); /* a label, not a button */
    /* The first two toggles: timers (on), contrast (off). */
    UiRect on = ui_app_button_rect(a, "on"), off = ui_app_button_rect(a, "off");
    CHECK(on.w > 0 && off.w > 0);
    ui_app_push_click(a, off.x + off.w / 2, off.y + off.h / 2); /* contrast on */
    ui_check_step(a);
    ui_app_push_click(a, on.x + on.w / 2, on.y + on.h / 2); /* timers off */
    ui_check_step(a);
    ui_check_key(a, "Escape");
    unsigned char px[4];
    ui_check_pixel(ui_app_gfx(a), 2, ui_gfx_height(ui_app_gfx(a)) / 2, px);
    CHECK(px[0] == 0 && px[1] == 0 && px[2] == 0);
    ui_check_key(a, "Escape"); /* back to the list, then into the briefing again: timers now off */
    ui_check_key(a, "Return");
    ui_check_key(a, "Return");
    ui_check_key(a, "Return");
    ui_check_key(a, "space");
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK(v.play && play_time_limit_ms(v.play) == 0);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "10 s") == NULL);
    ui_app_free(a);
    char *ini = check_read_file(settings_path, NULL);
    CHECK(ini && strstr(ini, "high_contrast=true") && strstr(ini, "practice_timers=false"));
    free(ini);
    remove(settings_path);
}

int main(void)
{
    setup();
    RUN(practice_keyboard_english_reaches_debrief);
    RUN(counterpart_names_the_speaker);
    RUN(call_sounds_ring_pickup_ticks_and_hangup);
    RUN(assessment_mouse_chinese_times_out_to_debrief);
    RUN(practice_chinese_debrief_marks_the_best_answer);
    RUN(signin_then_picker_lists_failures);
    RUN(overlays_zoom_and_resize_keep_text_inside);
    RUN(line_breaking_follows_unicode_rules);
    RUN(no_display_exits_1_and_says_so);
    RUN(screenshot_writes_png_of_window_size);
    RUN(unusable_database_is_said_on_screen);
    RUN(interrupted_attempt_is_offered_and_resumed);
    RUN(every_screen_fits_800x600_at_largest_text);
    RUN(settings_change_theme_and_practice_timers);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
