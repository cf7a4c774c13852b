/* Customers with a face of their own, in the real window (SDL's dummy driver, pixels read
 * back): the scenario's "customer" (gender, age band, style, glasses) changes the face drawn;
 * the mood of each node changes the mouth; after the customer hangs up the face neither smiles
 * nor reads "calm"; the customer's name labels their lines. Tags and techniques on Chinese
 * cards are in Chinese. Set SPARRING_FACES_PNG=DIR to look at the faces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scr_common.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"
#include "ui_strings.h"

static char tmpdir[4096];
static char db_path[4200], settings_path[4200];

/* A call with an angry opening, a calm node, then the customer hanging up and a narrator's
 * line (no mood) before the trainee decides what to do. CUSTOMER is spliced in. */
static const char *scenario_fmt =
    "{\"format\":1,\"id\":\"faces\",\"version\":\"1.0.0\",\"title\":{\"zh\":\"面孔\",\"en\":\"Faces\"},"
    "\"level\":\"new_hire\",\"tags\":[\"angry-customer\",\"callback\",\"my-own-tag\"],\"locales\":[\"zh\",\"en\"],%s"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}}},"
    "\"start\":\"open\",\"nodes\":{"
    "\"open\":{\"mood\":\"angry\",\"text\":{\"zh\":\"又是你们？\",\"en\":\"You again?\"},"
    "\"choices\":[{\"text\":{\"zh\":\"抱歉。\",\"en\":\"Sorry.\"},\"score\":{\"empathy\":1},\"next\":\"calm\","
    "\"technique\":[\"LAER:acknowledge\",\"own-it\"]}]},"
    "\"calm\":{\"mood\":\"calm\",\"text\":{\"zh\":\"好吧，说吧。\",\"en\":\"Go on then.\"},"
    "\"choices\":[{\"text\":{\"zh\":\"我们有优惠！\",\"en\":\"We have a promotion!\"},\"next\":\"click\"}]},"
    "\"click\":{\"sound\":\"hangup\",\"text\":{\"zh\":\"（嘟——）\",\"en\":\"(click)\"},\"next\":\"after\"},"
    "\"after\":{\"speaker\":\"narrator\",\"text\":{\"zh\":\"电话那头只剩忙音。\",\"en\":\"Only the dial tone.\"},"
    "\"choices\":[{\"text\":{\"zh\":\"回拨。\",\"en\":\"Call back.\"},\"score\":{\"empathy\":1},\"next\":\"end\"}]},"
    "\"end\":{\"text\":{\"zh\":\"结束。\",\"en\":\"The end.\"},\"end\":{\"outcome\":\"neutral\"}}}}";

static void setup(void)
{
    ui_check_tmpdir("faces", tmpdir, sizeof tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
}

/* Writes the scenario with `customer` (a JSON member and its comma, or "") as NAME.json. */
static const char *write_scenario(const char *name, const char *customer)
{
    static char path[4300];
    snprintf(path, sizeof path, "%s/%s.json", tmpdir, name);
    size_t n = strlen(scenario_fmt) + strlen(customer) + 1;
    char *json = malloc(n);
    snprintf(json, n, scenario_fmt, customer);
    ui_check_write_file(path, json);
    free(json);
    return path;
}

/* The window's size for open_call (RUN_SIZES sets it; 1280x800 otherwise). */
static int win_w = 1280, win_h = 800;

static UiApp *open_call(const char *path, const char *locale)
{
    UiOptions o = {.path = path, .mode = "practice", .trainee = "F1", .locale = locale, .db = db_path,
                   .settings = settings_path, .audio = "null", .width = win_w, .height = win_h,
                   .clock = ui_check_clock, .no_present = true};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return NULL;
    ui_check_key(a, "Return"); /* the briefing's default: practise */
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    return a;
}

/* The pixels of r in the last frame (RGBA), malloc'ed. */
static unsigned char *grab(UiApp *a, UiRect r)
{
    unsigned char *px = calloc((size_t)r.w * (size_t)r.h, 4);
    if (px && ui_gfx_read(ui_app_gfx(a), r, px) != 0)
        CHECK_MSG(0, "cannot read the pixels of the face");
    return px;
}

/* How many pixels differ between two grabs of the same size. */
static long differ(const unsigned char *x, const unsigned char *y, UiRect r)
{
    long n = 0;
    for (long i = 0; i < (long)r.w * r.h; i++)
        n += memcmp(x + 4 * i, y + 4 * i, 3) != 0;
    return n;
}

/* The mouth's band of the face: below the nose, above the chin. */
static UiRect mouth_band(UiRect f)
{
    return (UiRect){f.x + f.w / 3, f.y + f.h * 47 / 100, f.w / 3, f.h * 12 / 100};
}

static void save(UiApp *a, const char *name) { ui_check_save_png(ui_app_gfx(a), getenv("SPARRING_FACES_PNG"), name); }

/* Two customers of different traits give two different faces; a file without "customer" gives
 * the face it always had (the same as an empty "customer"). */
static void traits_change_the_face(const char *locale, int w, int h)
{
    bool zh = !strcmp(locale, "zh");
    win_w = w;
    win_h = h;
    const char *who[] = {
        "",
        "\"customer\":{},",
        ("\"customer\":{\"name\":{\"zh\":\"周总\",\"en\":\"Ms Zhou\"},\"gender\":\"female\",\"age\":\"senior\","
         "\"style\":\"formal\",\"glasses\":true},"),
        "\"customer\":{\"gender\":\"male\",\"age\":\"young\",\"style\":\"casual\"},",
    };
    unsigned char *px[4] = {NULL};
    UiRect face = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "who%d-%s-%d", i, locale, w);
        UiApp *a = open_call(write_scenario(name, who[i]), locale);
        if (!a)
            return;
        if (i == 0)
            face = scr_face_rect();
        CHECK(face.w > 50 && face.h > 50);
        UiRect now = scr_face_rect();
        CHECK_MSG(now.x == face.x && now.y == face.y && now.w == face.w && now.h == face.h,
                  "the face moved between calls");
        px[i] = grab(a, face);
        save(a, name);
        if (i == 2) /* the customer's name labels the customer's lines */
            CHECK(ui_check_text(ui_app_gfx(a), zh ? "周总：愤怒" : "Ms Zhou: angry") != NULL);
        ui_app_free(a);
    }
    if (px[0] && px[1] && px[2] && px[3]) {
        CHECK_MSG(differ(px[0], px[1], face) == 0, "an empty \"customer\" changed the face");
        long d23 = differ(px[2], px[3], face), d02 = differ(px[0], px[2], face);
        CHECK_MSG(d23 > face.w * face.h / 20, "two customers differ by %ld pixels only", d23);
        CHECK_MSG(d02 > face.w * face.h / 20, "a customer differs from the default face by %ld pixels only", d02);
    }
    for (int i = 0; i < 4; i++)
        free(px[i]);
}

/* The angry opening and the calm node after it: different mouths, same look. After the
 * hang-up, and on the narrator's line after it, the face neither smiles nor says "calm". */
static void mood_follows_the_nodes_and_a_hangup_never_smiles(const char *locale, int w, int h)
{
    const char *path = write_scenario("moods", "\"customer\":{\"gender\":\"female\",\"age\":\"middle\",\"style\":\"smart\"},");
    bool zh = !strcmp(locale, "zh");
    win_w = w;
    win_h = h;
    {
        UiApp *a = open_call(path, locale);
        if (!a)
            return;
        UiRect face = scr_face_rect(), mouth = mouth_band(face);
        CHECK(ui_check_text(ui_app_gfx(a), zh ? "客户：愤怒" : "Customer: angry") != NULL);
        unsigned char *angry = grab(a, mouth);
        save(a, zh ? "angry-zh" : "angry");
        ui_check_key(a, "1");
        ui_check_key(a, "Return"); /* past the coach's card */
        CHECK(ui_check_text(ui_app_gfx(a), zh ? "客户：平静" : "Customer: calm") != NULL);
        unsigned char *calm = grab(a, mouth);
        save(a, zh ? "calm-zh" : "calm");
        ui_check_key(a, "1");
        ui_check_key(a, "Return");
        UiView v;
        ui_app_view(a, &v);
        CHECK_INT(play_status(v.play), PLAY_WAITING); /* on the hang-up's line */
        CHECK(ui_check_text(ui_app_gfx(a), zh ? "客户：已挂断" : "Customer: hung up") != NULL);
        unsigned char *gone = grab(a, mouth);
        save(a, zh ? "hungup-zh" : "hungup");
        ui_check_key(a, "space"); /* the narrator: still gone */
        ui_app_view(a, &v);
        CHECK_INT(play_status(v.play), PLAY_CHOOSING);
        CHECK(ui_check_text_containing(ui_app_gfx(a), zh ? "平静" : "calm") == NULL);
        CHECK(ui_check_text(ui_app_gfx(a), zh ? "客户：已挂断" : "Customer: hung up") != NULL);
        unsigned char *after = grab(a, mouth);
        if (angry && calm && gone && after) {
            long n = (long)mouth.w * mouth.h;
            CHECK_MSG(differ(angry, calm, mouth) > n / 50, "angry and calm mouths alike");
            CHECK_MSG(differ(gone, calm, mouth) > n / 50, "the hung-up mouth is the calm one");
            CHECK_MSG(differ(gone, after, mouth) == 0, "the face changed on the narrator's line");
        }
        free(angry);
        free(calm);
        free(gone);
        free(after);
        ui_app_free(a);
    }
}

/* A call that starts after the customer hung up (a narrator's line first, no mood yet): the
 * customer's own starting mood; without one, "neutral", never the smiling "calm". */
static void starting_mood_from_the_customer(void)
{
    win_w = 1280;
    win_h = 800;
    static const char *fmt =
        "{\"format\":1,\"id\":\"after-hangup\",\"version\":\"1.0.0\",\"title\":\"After\",\"level\":\"new_hire\","
        "\"locales\":[\"en\"],%s\"competencies\":{\"e\":{\"name\":\"E\"}},\"start\":\"prep\",\"nodes\":{"
        "\"prep\":{\"speaker\":\"narrator\",\"text\":\"He just hung up on you.\","
        "\"choices\":[{\"text\":\"Call back\",\"score\":{\"e\":1},\"next\":\"end\"}]},"
        "\"end\":{\"text\":\"Hello?\",\"end\":{\"outcome\":\"pass\"}}}}";
    const char *who[] = {"\"customer\":{\"mood\":\"angry\"},", ""};
    const char *label[] = {"Customer: angry", "Customer: neutral"};
    for (int i = 0; i < 2; i++) {
        char path[4300], json[2048];
        snprintf(path, sizeof path, "%s/start-mood%d.json", tmpdir, i);
        snprintf(json, sizeof json, fmt, who[i]);
        ui_check_write_file(path, json);
        UiApp *a = open_call(path, "en");
        if (!a)
            return;
        CHECK_MSG(ui_check_text(ui_app_gfx(a), label[i]) != NULL, "no \"%s\"", label[i]);
        CHECK(ui_check_text(ui_app_gfx(a), "Customer: calm") == NULL);
        ui_app_free(a);
    }
}

/* A narrator's line before the first decision: the header counts no decision (it said
 * "Decision 0" / "第 0 次决策"); at the question, "Decision 1". */
static void no_decision_zero_before_the_first(const char *locale, int w, int h)
{
    static const char *json =
        "{\"format\":1,\"id\":\"narrator-first\",\"version\":\"1.0.0\",\"title\":{\"zh\":\"旁白在先\",\"en\":\"Narrator first\"},"
        "\"level\":\"new_hire\",\"locales\":[\"zh\",\"en\"],\"competencies\":{\"e\":{\"name\":{\"zh\":\"共情\",\"en\":\"E\"}}},\"start\":\"intro\","
        "\"nodes\":{\"intro\":{\"speaker\":\"narrator\",\"text\":{\"zh\":\"电话响了。\",\"en\":\"The phone rings.\"},"
        "\"next\":\"ask\"},\"ask\":{\"text\":{\"zh\":\"喂？\",\"en\":\"Hello?\"},\"choices\":[{\"text\":{\"zh\":\"您好。\","
        "\"en\":\"Hi.\"},\"score\":{\"e\":1},\"next\":\"end\"}]},\"end\":{\"text\":{\"zh\":\"好。\",\"en\":\"Fine.\"},"
        "\"end\":{\"outcome\":\"pass\"}}}}";
    bool zh = !strcmp(locale, "zh");
    char path[4300];
    snprintf(path, sizeof path, "%s/narrator-first.json", tmpdir);
    ui_check_write_file(path, json);
    win_w = w;
    win_h = h;
    UiApp *a = open_call(path, locale);
    if (!a)
        return;
    const char *want = zh ? "练习 · F1" : "Practice · F1";
    const UiDrawnText *hd = ui_check_text_containing(ui_app_gfx(a), "F1");
    CHECK_MSG(hd && !strcmp(hd->text, want), "%s: header \"%s\"", locale, hd ? hd->text : "");
    ui_check_key(a, "Return"); /* to the question */
    hd = ui_check_text_containing(ui_app_gfx(a), "F1");
    want = zh ? "练习 · 第 1 次决策 · F1" : "Practice · Decision 1 · F1";
    CHECK_MSG(hd && !strcmp(hd->text, want), "%s: header \"%s\"", locale, hd ? hd->text : "");
    ui_app_free(a);
}

/* Tags and techniques are words of the window: Chinese on Chinese cards; English as written;
 * an author's own tag as written in both. */
static void tags_and_techniques_localized(const char *locale, int w, int h)
{
    bool zh_ = !strcmp(locale, "zh");
    win_w = w;
    win_h = h;
    const UiStrings *zh = ui_strings("zh"), *en = ui_strings("en");
    CHECK_STR(ui_strings_word(zh, UI_WORD_TAG, "angry-customer"), "愤怒客户");
    CHECK_STR(ui_strings_word(en, UI_WORD_TAG, "angry-customer"), "angry-customer");
    CHECK_STR(ui_strings_word(zh, UI_WORD_TAG, "my-own-tag"), "my-own-tag");
    CHECK_STR(ui_strings_word(zh, UI_WORD_TECHNIQUE, "LAER:acknowledge"), "LAER：确认");
    CHECK_STR(ui_strings_word(zh, UI_WORD_MOOD, "hung_up"), "已挂断");
    CHECK_STR(ui_strings_mood(en, "hung_up"), "hung up");
    /* The picker's cards: the folder holds several scenarios, so the list shows. */
    write_scenario("tags1", "");
    UiOptions o = {.path = tmpdir, .mode = "practice", .trainee = "F1", .locale = locale, .db = db_path,
                   .settings = settings_path, .audio = "null", .width = w, .height = h,
                   .clock = ui_check_clock, .no_present = true};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    const UiDrawnText *t = ui_check_text_containing(ui_app_gfx(a), zh_ ? "#愤怒客户" : "#angry-customer");
    CHECK_MSG(t != NULL, "no %s tag on the card", locale);
    CHECK(ui_check_text_containing(ui_app_gfx(a), zh_ ? "#angry-customer" : "#愤怒客户") == NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), zh_ ? "#回电" : "#callback") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "#my-own-tag") != NULL);
    ui_app_free(a);
    /* The debrief's techniques: play the faces call to its end, in Chinese. */
    a = open_call(write_scenario("tech", ""), locale);
    if (!a)
        return;
    ui_check_key(a, "1");
    ui_check_key(a, "Return");
    ui_check_key(a, "1");
    ui_check_key(a, "Return");
    ui_check_key(a, "space");
    ui_check_key(a, "1");
    ui_check_key(a, "Return");
    ui_check_key(a, "Return"); /* the ending: on to the debrief */
    ui_app_view(a, &v);
    if (v.screen != UI_SCREEN_DEBRIEF)
        ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    save(a, zh_ ? "debrief-zh" : "debrief-en");
    CHECK_MSG(ui_check_text_containing(ui_app_gfx(a), zh_ ? "LAER：确认" : "LAER:acknowledge") != NULL,
              "no %s technique in the debrief", locale);
    CHECK(ui_check_text_containing(ui_app_gfx(a), zh_ ? "LAER:acknowledge" : "LAER：确认") == NULL);
    ui_app_free(a);
}

int main(void)
{
    setup();
    RUN_SIZES(traits_change_the_face);
    RUN_SIZES(mood_follows_the_nodes_and_a_hangup_never_smiles);
    RUN(starting_mood_from_the_customer);
    RUN_SIZES(no_decision_zero_before_the_first);
    RUN_SIZES(tags_and_techniques_localized);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
