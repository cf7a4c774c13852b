/* The picker lays out only the cards in view (the others' heights are estimated until they
 * scroll in). A zoom followed by End must still show the last card whole, cards must never
 * overlap however the estimates were off, and a click must land on the card under it. Thirty
 * cards whose summaries run from none to many lines (so the estimates are wrong both ways),
 * the real window on SDL's dummy video driver, in English at 800x600 and Chinese at
 * 1920x1080. An untried card says so once, in one phrase (it said "not attempted yet" and
 * "No status yet" together). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

enum { NCARDS = 30 };

static char tmpdir[4096];
static char dir[4200], settings_path[4200];

static const char *title_of(int k, bool zh, char *buf, size_t size)
{
    snprintf(buf, size, zh ? "卡片%02d" : "Card %02d", k + 1);
    return buf;
}

/* Card k's summary: none, one word, or a long paragraph, in turn. */
static void write_cards(void)
{
    static const char *para_en = "A customer calls back about an invoice that went out twice, and a manager waits "
                                 "for an answer about a discount that nobody has approved yet. ";
    static const char *para_zh = "客户为一张重复开出的发票打来电话，另一位经理还在等一个没人批准过的折扣的答复。";
    for (int k = 0; k < NCARDS; k++) {
        char en[2048] = "", zh[2048] = "", sum[4400] = "", path[4400], json[8192], t1[32], t2[32];
        int reps = k % 3 == 0 ? 0 : k % 3 == 1 ? 1 : 4;
        for (int r = 0; r < reps; r++) {
            strncat(en, para_en, sizeof en - strlen(en) - 1);
            strncat(zh, para_zh, sizeof zh - strlen(zh) - 1);
        }
        if (reps)
            snprintf(sum, sizeof sum, "\"summary\":{\"zh\":\"%s\",\"en\":\"%s\"},", zh, en);
        snprintf(path, sizeof path, "%s/c%02d.json", dir, k + 1);
        snprintf(json, sizeof json,
                 "{\"format\":1,\"id\":\"c%02d\",\"version\":\"1.0.0\",\"title\":{\"zh\":\"%s\",\"en\":\"%s\"},%s"
                 "\"level\":\"new_hire\",\"locales\":[\"en\",\"zh\"],"
                 "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}}},"
                 "\"pass_percent\":50,\"start\":\"open\",\"nodes\":{"
                 "\"open\":{\"text\":{\"zh\":\"你好。\",\"en\":\"Hello.\"},\"choices\":["
                 "{\"id\":\"a\",\"text\":{\"zh\":\"您好。\",\"en\":\"Hi.\"},\"score\":{\"empathy\":1},\"next\":\"end\"}]},"
                 "\"end\":{\"text\":{\"zh\":\"再见。\",\"en\":\"Bye.\"},\"end\":{\"outcome\":\"pass\"}}}}",
                 k + 1, title_of(k, true, t1, sizeof t1), title_of(k, false, t2, sizeof t2), sum);
        ui_check_write_file(path, json);
    }
}

/* The cards on screen (their clickable part, clipped to the list) must be in order and never
 * overlap; each shown title lies inside its own card. Returns the last card in view, -1 none. */
static int check_cards_in_order(UiApp *a, bool zh, const char *when)
{
    int last = -1, prev_bottom = -1;
    for (int k = 0; k < NCARDS; k++) {
        char t[32];
        UiRect r = ui_app_button_rect(a, title_of(k, zh, t, sizeof t));
        if (r.h <= 0)
            continue;
        CHECK_MSG(r.y >= prev_bottom, "%s: card %d (y %d) overlaps the one above (bottom %d)", when, k + 1, r.y,
                  prev_bottom);
        const UiDrawnText *d = ui_check_text(ui_app_gfx(a), t);
        CHECK_MSG(d != NULL, "%s: card %d is in view but its title was not drawn", when, k + 1);
        /* (A card cut by the list's bottom may show less than its title.) */
        if (d && r.h >= 2 * d->rect.h)
            CHECK_MSG(d->rect.x >= r.x && d->rect.x < r.x + r.w && d->rect.y < r.y + r.h,
                      "%s: card %d's title at %d,%d is drawn outside its card %d,%d %dx%d", when, k + 1, d->rect.x,
                      d->rect.y, r.x, r.y, r.w, r.h);
        prev_bottom = r.y + r.h;
        last = k;
    }
    return last;
}

/* A fresh folder of the cards, blank settings, and the window on it (NULL: a failed check). */
static UiApp *open_cards(const char *trainee, const char *locale, const char *db, int w, int h)
{
    char cmd[8600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
    CHECK(system(cmd) == 0);
    write_cards();
    ui_check_write_file(settings_path, "");
    UiOptions o = {.path = dir, .trainee = trainee, .locale = locale, .db = db, .settings = settings_path,
                   .audio = "null", .width = w, .height = h, .clock = ui_check_clock, .no_present = true};
    return ui_check_open(&o);
}

static void zoom_then_end(const char *locale, int w, int h)
{
    bool zh = !strcmp(locale, "zh");
    UiApp *a = open_cards("S1", locale, "", w, h);
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK_INT(v.nentries, NCARDS);
    check_cards_in_order(a, zh, "at first");
    /* Bigger text, then to the end of the list. */
    for (int i = 0; i < 4; i++)
        ui_check_key(a, "ctrl+=");
    check_cards_in_order(a, zh, "after the zoom");
    ui_check_key(a, "End");
    int last = check_cards_in_order(a, zh, "at the end");
    CHECK_MSG(last == NCARDS - 1, "%s: End shows card %d last, not card %d", locale, last + 1, NCARDS);
    char t[32], t2[32];
    UiRect r = ui_app_button_rect(a, title_of(NCARDS - 1, zh, t, sizeof t));
    /* Whole: the card ends above the bottom bar, its History button inside it and in view. */
    UiRect bar = ui_app_button_rect(a, zh ? "切换学员" : "Change trainee");
    CHECK(bar.h > 0 && r.h > 0 && r.y + r.h <= bar.y);
    const UiDrawnText *title = ui_check_text(ui_app_gfx(a), t);
    CHECK(title && title->rect.y >= r.y);
    /* End again moves nothing: the list really is at its end. */
    int y0 = r.y;
    ui_check_key(a, "End");
    r = ui_app_button_rect(a, t);
    CHECK_INT(r.y, y0);
    ui_check_save_png(ui_app_gfx(a), getenv("SPARRING_PNG_DIR"), zh ? "picker-zoom-end-zh" : "picker-zoom-end-en");
    /* Back up a page at a time: the cards measured on the way stay in order, none overlaps. */
    for (int i = 0; i < 3; i++) {
        ui_check_key(a, "PageUp");
        check_cards_in_order(a, zh, "paging up");
    }
    /* A click on a card opens that card's scenario. */
    int pick = check_cards_in_order(a, zh, "before the click");
    CHECK(pick >= 0);
    if (pick < 0) {
        ui_app_free(a);
        return;
    }
    r = ui_app_button_rect(a, title_of(pick, zh, t2, sizeof t2));
    ui_check_click(a, (UiRect){r.x + 4, r.y + r.h / 2, r.w / 3, 1});
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
    CHECK_MSG(ui_check_text_containing(ui_app_gfx(a), t2) != NULL, "%s: the click on %s opened another scenario",
              locale, t2);
    ui_app_free(a);
}

/* Counts the texts drawn in the last frame that contain s. */
static int drawn_containing(UiGfx *g, const char *s)
{
    int n = 0;
    for (int i = 0; i < ui_gfx_drawn_count(g); i++)
        n += strstr(ui_gfx_drawn(g, i)->text, s) != NULL;
    return n;
}

/* Every card of a fresh trainee is untried: each says "Not tried yet" (还没练过) once, and
 * nothing else about its status. */
static void untried_card_says_it_once(const char *locale)
{
    bool zh = !strcmp(locale, "zh");
    char db[4300];
    snprintf(db, sizeof db, "%s/records-%s.db", tmpdir, locale);
    UiApp *a = open_cards("U1", locale, db, 1280, 800);
    if (!a)
        return;
    UiGfx *g = ui_app_gfx(a);
    int cards = 0;
    for (int k = 0; k < NCARDS; k++) {
        char t[32];
        cards += ui_app_button_rect(a, title_of(k, zh, t, sizeof t)).h > 0;
    }
    CHECK(cards >= 2);
    /* One phrase a card: as many as the cards shown (one may be cut by the list's bottom). */
    int said = drawn_containing(g, zh ? "还没练过" : "Not tried yet");
    CHECK_MSG(said >= cards - 1 && said <= cards, "%s: %d cards shown, \"not tried\" said %d times", locale,
              cards, said);
    static const char *gone[] = {"not attempted", "No status", "None", "not tried", "尚未练习", "暂无状态",
                                 "还没有练习记录"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        CHECK_MSG(drawn_containing(g, gone[i]) == 0, "%s: an untried card still says \"%s\"", locale, gone[i]);
    ui_check_save_png(g, getenv("SPARRING_PNG_DIR"), zh ? "picker-untried-zh" : "picker-untried-en");
    ui_app_free(a);
}

static void untried_en(void) { untried_card_says_it_once("en"); }
static void untried_zh(void) { untried_card_says_it_once("zh"); }

static void en_small(void) { zoom_then_end("en", 800, 600); }
static void zh_large(void) { zoom_then_end("zh", 1920, 1080); }

int main(void)
{
    ui_check_tmpdir("picker-scroll", tmpdir, sizeof tmpdir);
    snprintf(dir, sizeof dir, "%s/scenarios", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    RUN(en_small);
    RUN(zh_large);
    RUN(untried_en);
    RUN(untried_zh);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
