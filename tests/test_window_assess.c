/* What an assessment shows (issue #11): the answers in the seeded shuffled order (keys and
 * clicks take the answer shown there), nothing that moves with the quality of an answer during
 * the call (the meters: hidden, their pixels the same after a good and a bad answer; shown in
 * practice), a critical answer failing the debrief even at 100%, and the debrief teaching the
 * best answer with its feedback and techniques and the ending's lesson. The real window on
 * SDL's dummy video driver, its frame's texts and pixels read back; the order recomputed with
 * play_shown on a Play of the same seed. In English and Chinese. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "records.h"
#include "scenario.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

static char tmpdir[4096];
static char scen_path[4200], db_path[4200], settings_path[4200];

/* Six answers at "open", all going on to "mid" (so the face's mood is the same whichever is
 * taken) with different effects on the shown meter; "bribe" there is critical and scores. */
static const char *scenario_json =
    "{\"format\":1,\"id\":\"assess-test\",\"version\":\"1.0.0\","
    "\"title\":{\"zh\":\"考核测试\",\"en\":\"Assessment test\"},\"level\":\"new_hire\",\"locales\":[\"en\",\"zh\"],"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}}},"
    "\"meters\":{\"patience\":{\"name\":{\"zh\":\"耐心值\",\"en\":\"Patience\"},\"min\":0,\"max\":100,\"start\":50}},"
    "\"pass_percent\":50,\"start\":\"open\",\"time_limit\":60,\"nodes\":{"
    "\"open\":{\"timeout\":{\"next\":\"mid\"},\"text\":{\"zh\":\"太贵了。\",\"en\":\"Too expensive.\"},"
    "\"choices\":["
    "{\"id\":\"a0\",\"text\":{\"zh\":\"答案零\",\"en\":\"Answer zero\"},\"score\":{\"empathy\":3},"
    "\"effects\":{\"patience\":40},\"next\":\"mid\",\"technique\":[\"LAER\",\"SPIN:implication\"],"
    "\"feedback\":{\"zh\":\"先问清楚再说。\",\"en\":\"Asking first lets them explain.\"}},"
    "{\"id\":\"a1\",\"text\":{\"zh\":\"答案一\",\"en\":\"Answer one\"},\"effects\":{\"patience\":-45},\"next\":\"mid\","
    "\"feedback\":{\"zh\":\"太快让步。\",\"en\":\"Gave in too soon.\"}},"
    "{\"id\":\"a2\",\"text\":{\"zh\":\"答案二\",\"en\":\"Answer two\"},\"next\":\"mid\"},"
    "{\"id\":\"a3\",\"text\":{\"zh\":\"答案三\",\"en\":\"Answer three\"},\"next\":\"mid\"},"
    "{\"id\":\"a4\",\"text\":{\"zh\":\"答案四\",\"en\":\"Answer four\"},\"next\":\"mid\"},"
    "{\"id\":\"a5\",\"text\":{\"zh\":\"答案五\",\"en\":\"Answer five\"},\"next\":\"mid\"}]},"
    "\"mid\":{\"timeout\":{\"next\":\"won\"},\"text\":{\"zh\":\"还有呢？\",\"en\":\"Anything else?\"},"
    "\"choices\":["
    "{\"id\":\"fair\",\"text\":{\"zh\":\"按规定报价。\",\"en\":\"The list price, as the rules say.\"},"
    "\"score\":{\"empathy\":1},\"next\":\"won\"},"
    "{\"id\":\"bribe\",\"text\":{\"zh\":\"私下给您回扣。\",\"en\":\"A kickback, between us.\"},"
    "\"score\":{\"empathy\":1},\"critical\":true,\"next\":\"won\"}]},"
    "\"won\":{\"text\":{\"zh\":\"好。\",\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\","
    "\"text\":{\"zh\":\"先问价格和什么比。\",\"en\":\"Ask what the price is compared with.\"}}}}}";

static const char *const answers_en[6] = {"Answer zero", "Answer one", "Answer two",
                                          "Answer three", "Answer four", "Answer five"};
static const char *const answers_zh[6] = {"答案零", "答案一", "答案二", "答案三", "答案四", "答案五"};

static UiApp *open_file(const char *locale)
{
    UiOptions o = {.path = scen_path, .trainee = "T1", .locale = locale, .db = db_path,
                   .settings = settings_path, .audio = "null", .width = 1280, .height = 1400,
                   .clock = ui_check_clock, .no_present = true};
    return ui_check_open(&o);
}

static Scenario *load_scenario(void)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_file(scen_path, &d);
    diag_list_free(&d);
    CHECK_MSG(sc != NULL, "cannot load %s", scen_path);
    return sc;
}

/* From the briefing, the call in this mode (by its button). */
static UiApp *start(const char *locale, bool assess)
{
    bool zh = !strcmp(locale, "zh");
    UiApp *a = open_file(locale);
    if (!a)
        return NULL;
    const char *label = assess ? (zh ? "参加考核" : "Take the assessment") : (zh ? "练习" : "Practise");
    ui_check_click(a, ui_app_button_rect(a, label));
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_INT(v.mode, assess ? UI_MODE_ASSESSMENT : UI_MODE_PRACTICE);
    return a;
}

/* The node's choice indexes in the order their texts are drawn, top to bottom; how many. */
static int drawn_order(UiApp *a, const char *const *texts, int out[6])
{
    int y[6], n = 0;
    for (int c = 0; c < 6; c++) {
        const UiDrawnText *t = ui_check_text(ui_app_gfx(a), texts[c]);
        CHECK_MSG(t != NULL, "answer \"%s\" not drawn", texts[c]);
        y[c] = t ? t->rect.y : -1;
    }
    for (int k = 0; k < 6; k++) { /* selection by y */
        int best = -1;
        for (int c = 0; c < 6; c++) {
            bool used = false;
            for (int j = 0; j < n; j++)
                used |= out[j] == c;
            if (!used && (best < 0 || y[c] < y[best]))
                best = c;
        }
        out[n++] = best;
    }
    return n;
}

/* The position (0-based) at which choice c is shown now; -1 if it is not. */
static int shown_at(const Play *p, int c)
{
    int shown[SC_MAX_CHOICES], n = play_shown(p, shown);
    for (int k = 0; k < n; k++)
        if (shown[k] == c)
            return k;
    return -1;
}

/* Takes choice c by the digit of the position it is shown at. */
static void take(UiApp *a, int c)
{
    UiView v;
    ui_app_view(a, &v);
    int k = v.play ? shown_at(v.play, c) : -1;
    CHECK_MSG(k >= 0 && k < 9, "choice %d not shown", c);
    char key[12];
    snprintf(key, sizeof key, "%d", k + 1);
    if (k >= 0)
        ui_check_key(a, key);
}

/* Assessment: the answers drawn in the order play_shown gives a Play of the same seed with
 * shuffle on, not file order (some seed among a few differs from it); the key "2" takes the
 * second shown and a click the third. Practice: file order. */
static void shuffled_in_assessment(const char *locale)
{
    const char *const *texts = strcmp(locale, "zh") ? answers_en : answers_zh;
    Scenario *sc = load_scenario();
    if (!sc)
        return;
    bool differed = false;
    for (int attempt = 0; attempt < 6 && !differed; attempt++) {
        ui_check_now += 1000;
        UiApp *a = start(locale, true);
        if (!a)
            break;
        UiView v;
        ui_app_view(a, &v);
        CHECK(v.play && play_options(v.play).shuffle);
        Play *q = v.play ? play_new(sc, play_seed(v.play), (PlayOptions){.timers = true, .shuffle = true}) : NULL;
        int expect[SC_MAX_CHOICES], drawn[6];
        int n = q ? play_shown(q, expect) : 0;
        CHECK_INT(n, 6);
        CHECK_INT(drawn_order(a, texts, drawn), 6);
        for (int k = 0; k < n && k < 6; k++) {
            CHECK_INT(drawn[k], expect[k]);
            differed |= expect[k] != k;
        }
        /* The buttons on screen carry the choice shown at their place. */
        CHECK_INT(v.nchoices, 6);
        for (int k = 0; k < v.nchoices && k < n; k++)
            CHECK_INT(v.choice_index[k], expect[k]);
        if (attempt % 2 == 0) {
            ui_check_key(a, "2");
        } else {
            ui_check_click(a, v.choice_rect[2]);
        }
        ui_app_view(a, &v);
        int took = v.play && play_decision_count(v.play) == 1 ? play_step(v.play, play_decision_step(v.play, 0))->index
                                                              : -1;
        CHECK_INT(took, expect[attempt % 2 == 0 ? 1 : 2]);
        play_free(q);
        ui_app_free(a);
    }
    CHECK_MSG(differed, "no seed showed the answers out of file order");
    /* Practice keeps file order. */
    UiApp *a = start(locale, false);
    if (a) {
        UiView v;
        ui_app_view(a, &v);
        CHECK(v.play && !play_options(v.play).shuffle);
        int drawn[6];
        drawn_order(a, texts, drawn);
        for (int k = 0; k < 6; k++)
            CHECK_INT(drawn[k], k);
        ui_app_free(a);
    }
    scenario_free(sc);
}

/* A sum over the pixels of r (to compare two frames' areas). */
static unsigned long long area_sum(UiGfx *g, UiRect r)
{
    unsigned long long s = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) {
            unsigned char p[4];
            ui_check_pixel(g, x, y, p);
            s = s * 1099511628211ull + (unsigned)(p[0] << 16 | p[1] << 8 | p[2]);
        }
    return s;
}

/* The meter's area after answering choice c at the first node (then at the second node). */
static unsigned long long meter_area_after(const char *locale, bool assess, int c, UiRect r, bool *meter_drawn)
{
    UiApp *a = start(locale, assess);
    if (!a)
        return 0;
    take(a, c);
    UiView v;
    ui_app_view(a, &v);
    if (v.feedback) /* practice: the coach's tip first */
        ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK(v.play && play_node(v.play) == scenario_find_node(play_scenario(v.play), "mid"));
    *meter_drawn = ui_check_text_containing(ui_app_gfx(a), strcmp(locale, "zh") ? "Patience" : "耐心值") != NULL;
    unsigned long long s = area_sum(ui_app_gfx(a), r);
    ui_app_free(a);
    return s;
}

/* The meters move with a good or a bad answer in practice; in an assessment the same area of
 * the window is the same pixels after either (the meter is not drawn). */
static void meters_hidden_in_assessment(const char *locale)
{
    const char *name = strcmp(locale, "zh") ? "Patience" : "耐心值";
    UiApp *a = start(locale, false);
    if (!a)
        return;
    const UiDrawnText *t = ui_check_text_containing(ui_app_gfx(a), name);
    CHECK_MSG(t != NULL, "practice: no meter \"%s\" drawn", name);
    UiRect r = t ? (UiRect){0, t->rect.y, t->rect.x * 2 + 300, t->rect.h + 40} : (UiRect){0};
    ui_app_free(a);
    if (!t)
        return;
    bool drawn_good, drawn_bad;
    unsigned long long good = meter_area_after(locale, false, 0, r, &drawn_good);
    unsigned long long bad = meter_area_after(locale, false, 1, r, &drawn_bad);
    CHECK(drawn_good && drawn_bad);
    CHECK_MSG(good != bad, "practice: the meter's area did not change with the answer");
    good = meter_area_after(locale, true, 0, r, &drawn_good);
    bad = meter_area_after(locale, true, 1, r, &drawn_bad);
    CHECK(!drawn_good && !drawn_bad);
    CHECK_MSG(good == bad, "assessment: the meter's area moved with the quality of the answer");
}

static void shuffled_en(void) { shuffled_in_assessment("en"); }
static void shuffled_zh(void) { shuffled_in_assessment("zh"); }
static void meters_en(void) { meters_hidden_in_assessment("en"); }
static void meters_zh(void) { meters_hidden_in_assessment("zh"); }

/* An assessment through `first` then `second` (choice indexes of "open" and "mid"), to the
 * debrief. */
static UiApp *to_debrief(const char *locale, int first, int second)
{
    UiApp *a = start(locale, true);
    if (!a)
        return NULL;
    take(a, first);
    take(a, second);
    ui_check_key(a, "Return");
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    return a;
}

/* A critical answer fails the attempt at 100% and the debrief says why and marks the decision;
 * the same points without it pass and say neither. */
static void critical_fails_at_100(const char *locale)
{
    bool zh = !strcmp(locale, "zh");
    const char *failed = zh ? "未通过：严重错误" : "Not passed: critical error", *mark = zh ? "严重错误 · " : "Critical error · ";
    UiApp *a = to_debrief(locale, 0, 1); /* a0, then the kickback */
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.debrief_percent, 100);
    CHECK(!v.debrief_passed);
    CHECK_MSG(ui_check_text(ui_app_gfx(a), failed) != NULL, "no \"%s\" on the debrief", failed);
    const UiDrawnText *m = ui_check_text_containing(ui_app_gfx(a), mark);
    CHECK_MSG(m != NULL, "the critical decision is not marked");
    ui_app_free(a);
    a = to_debrief(locale, 0, 0); /* a0, then the list price: the same points */
    if (!a)
        return;
    ui_app_view(a, &v);
    CHECK_INT(v.debrief_percent, 100);
    CHECK(v.debrief_passed);
    CHECK(ui_check_text_containing(ui_app_gfx(a), mark) == NULL);
    ui_app_free(a);
}

/* After a poor answer the debrief sets the best one beside it with its own feedback and its
 * techniques, gives the ending's lesson and the meter's course over the call. */
static void debrief_teaches(const char *locale)
{
    bool zh = !strcmp(locale, "zh");
    UiApp *a = to_debrief(locale, 1, 0); /* a1 (poor), then the list price */
    if (!a)
        return;
    UiGfx *g = ui_app_gfx(a);
    const char *why = zh ? "先问清楚再说。" : "Asking first lets them explain.";
    CHECK_MSG(ui_check_text_containing(g, why) != NULL, "the best answer's feedback is not on the debrief");
    CHECK(ui_check_text_containing(g, zh ? "答案零" : "Answer zero") != NULL);
    CHECK(ui_check_text_containing(g, zh ? "LAER，SPIN：暗示问题" : "LAER, SPIN:implication") != NULL);
    CHECK(ui_check_text_containing(g, zh ? "先问价格和什么比。" : "Ask what the price is compared with.") != NULL);
    CHECK(ui_check_text(g, zh ? "通话中客户的变化" : "The customer over the call") != NULL);
    CHECK(ui_check_text_containing(g, zh ? "耐心值  50 → 5" : "Patience  50 → 5") != NULL);
    ui_app_free(a);
    /* Taking the best answer: no "why" repeated beside it. */
    a = to_debrief(locale, 0, 0);
    if (a) {
        CHECK(ui_check_text_containing(ui_app_gfx(a), why) == NULL ||
              ui_check_text_containing(ui_app_gfx(a), zh ? "理由：" : "Why: ") == NULL);
        ui_app_free(a);
    }
}

static void critical_en(void) { critical_fails_at_100("en"); }
static void critical_zh(void) { critical_fails_at_100("zh"); }
static void teaches_en(void) { debrief_teaches("en"); }
static void teaches_zh(void) { debrief_teaches("zh"); }

/* Two forms of one group in a folder: one card on the picker; the briefing says the assessed
 * call may differ; after practising form A, the assessment draws form B (the form practised
 * last is never drawn) and says so in its record. */
static void form_file(const char *dir, const char *id, const char *title)
{
    char path[4400], json[2048];
    snprintf(path, sizeof path, "%s/%s.json", dir, id);
    snprintf(json, sizeof json,
             "{\"format\":1,\"id\":\"%s\",\"group\":\"price-forms\",\"version\":\"1.0.0\","
             "\"title\":{\"zh\":\"%s\",\"en\":\"%s\"},\"level\":\"new_hire\",\"locales\":[\"en\",\"zh\"],"
             "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}}},"
             "\"pass_percent\":50,\"start\":\"open\",\"nodes\":{"
             "\"open\":{\"text\":{\"zh\":\"太贵了。\",\"en\":\"Too expensive.\"},\"choices\":["
             "{\"id\":\"ask\",\"text\":{\"zh\":\"和什么比？\",\"en\":\"Compared with what?\"},"
             "\"score\":{\"empathy\":1},\"next\":\"won\"}]},"
             "\"won\":{\"text\":{\"zh\":\"好。\",\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}}}}",
             id, title, title);
    ui_check_write_file(path, json);
}

static void forms_of_a_group(void)
{
    char dir[4300], db[4400];
    snprintf(dir, sizeof dir, "%s/forms", tmpdir);
    snprintf(db, sizeof db, "%s/forms.db", tmpdir);
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    CHECK(system(cmd) == 0);
    form_file(dir, "price-a", "Price form A");
    form_file(dir, "price-b", "Price form B");
    UiOptions o = {.path = dir, .trainee = "T9", .locale = "en", .db = db, .settings = settings_path,
                   .audio = "null", .width = 1280, .height = 1400, .clock = ui_check_clock, .no_present = true};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    CHECK_INT(v.nentries, 2);
    CHECK_MSG(ui_check_text(ui_app_gfx(a), "Price form A") != NULL, "the group's card is not on the picker");
    CHECK_MSG(ui_check_text(ui_app_gfx(a), "Price form B") == NULL, "the group shows twice on the picker");
    ui_check_click(a, ui_check_text(ui_app_gfx(a), "Price form A")->rect);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "may differ from the one you practised") != NULL);
    /* Practise form A to the end, then back to the briefing and take the assessment. */
    ui_check_click(a, ui_app_button_rect(a, "Practise"));
    ui_check_key(a, "1");
    ui_check_key(a, "Return"); /* the coach's word */
    ui_check_key(a, "Return"); /* to the debrief */
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    ui_check_click(a, ui_app_button_rect(a, "Try again"));
    ui_check_click(a, ui_app_button_rect(a, "Take the assessment"));
    ui_app_view(a, &v);
    CHECK_INT(v.mode, UI_MODE_ASSESSMENT);
    CHECK_MSG(v.play && !strcmp(scenario_id(play_scenario(v.play)), "price-b"),
              "the assessment did not draw the form not practised last");
    CHECK(ui_check_text(ui_app_gfx(a), "Price form B") != NULL);
    ui_app_free(a);
}

int main(void)
{
    ui_check_tmpdir("assess", tmpdir, sizeof tmpdir);
    snprintf(scen_path, sizeof scen_path, "%s/assess-test.json", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    ui_check_write_file(scen_path, scenario_json);
    ui_check_now = 1000;
    RUN(shuffled_en);
    RUN(shuffled_zh);
    RUN(meters_en);
    RUN(meters_zh);
    RUN(critical_en);
    RUN(critical_zh);
    RUN(teaches_en);
    RUN(teaches_zh);
    RUN(forms_of_a_group);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
