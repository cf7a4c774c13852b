/* The mentor console, driven like a mentor beside a trainee on SDL's dummy video driver: both
 * windows are real (software renderer, pixels read back). The mentor changes meters, comments
 * in Chinese through input-method events, pauses, injects an event and rewinds while the
 * trainee plays to the end; then the attempt's record is loaded from the SQLite file and
 * checked, and a replay from seed + steps must give the live result. Then the case review
 * (sparring replay) plays the record back and forks a sandbox run from a decision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "mentor_console.h"
#include "mentor_replay.h"
#include "records.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"

static char tmpdir[4096];
static char scen_path[4200], db_path[4200], settings_path[4200];

/* Two competencies, a visible and a hidden meter, a choice never offered, a node with `next`,
 * a timed node, two endings and two events. */
static const char *scenario_json =
    "{\"format\":1,\"id\":\"mentor-test\",\"version\":\"1.0.0\","
    "\"title\":{\"zh\":\"导师测试：预算\",\"en\":\"Mentor test: the budget\"},"
    "\"level\":\"experienced\",\"locales\":[\"en\",\"zh\"],"
    "\"competencies\":{\"empathy\":{\"name\":{\"zh\":\"情绪安抚\",\"en\":\"Empathy\"}},"
    "\"discovery\":{\"name\":{\"zh\":\"需求挖掘\",\"en\":\"Discovery\"}}},"
    "\"meters\":{\"patience\":{\"name\":{\"zh\":\"耐心\",\"en\":\"Patience\"},\"min\":0,\"max\":100,\"start\":40},"
    "\"secret\":{\"name\":{\"zh\":\"隐藏\",\"en\":\"Secret\"},\"min\":0,\"max\":10,\"start\":0,\"show\":false}},"
    "\"events\":{\"cut\":{\"label\":{\"zh\":\"预算刚被砍了一半\",\"en\":\"The budget was just cut 50%\"},\"next\":\"timed\"},"
    "\"boss\":{\"label\":{\"zh\":\"老板走进来了\",\"en\":\"The boss walks in\"},\"next\":\"open\"}},"
    "\"pass_percent\":50,\"start\":\"open\",\"nodes\":{"
    "\"open\":{\"mood\":\"angry\",\"text\":{\"zh\":\"预算砍了一半。\",\"en\":\"Our budget was cut in half.\"},"
    "\"choices\":["
    "{\"id\":\"ask\",\"text\":{\"zh\":\"理解。老板最看重什么？\",\"en\":\"I understand. What matters most to your boss?\"},"
    "\"score\":{\"empathy\":3,\"discovery\":2},\"effects\":{\"patience\":20},\"next\":\"explain\","
    "\"feedback\":{\"zh\":\"先共情再提问。\",\"en\":\"Empathy first, then a question.\"}},"
    "{\"id\":\"discount\",\"text\":{\"zh\":\"那打五折吧。\",\"en\":\"Then fifty percent off.\"},"
    "\"score\":{\"discovery\":-2},\"effects\":{\"patience\":-10},\"next\":\"explain\","
    "\"feedback\":{\"zh\":\"一上来就降价。\",\"en\":\"Discounting at once gives away value.\"}},"
    "{\"id\":\"never\",\"text\":{\"zh\":\"不会出现\",\"en\":\"Never offered\"},\"requires\":\"patience > 95\","
    "\"score\":{\"empathy\":1},\"next\":\"explain\"}]},"
    "\"explain\":{\"speaker\":\"narrator\",\"text\":{\"zh\":\"客户沉默了。\",\"en\":\"The customer goes quiet.\"},\"next\":\"timed\"},"
    "\"timed\":{\"mood\":\"skeptical\",\"time_limit\":30,"
    "\"timeout\":{\"next\":\"lost\",\"score\":{\"empathy\":-1}},"
    "\"text\":{\"zh\":\"分阶段怎么做？\",\"en\":\"So how would phasing work?\"},"
    "\"choices\":["
    "{\"id\":\"phase\",\"text\":{\"zh\":\"先上一条产线。\",\"en\":\"Phase one covers one line.\"},"
    "\"score\":{\"discovery\":3},\"next\":\"won\",\"feedback\":{\"zh\":\"具体。\",\"en\":\"Concrete.\"}},"
    "{\"id\":\"vague\",\"text\":{\"zh\":\"您定。\",\"en\":\"Whatever you prefer.\"},\"next\":\"lost\"}]},"
    "\"won\":{\"mood\":\"pleased\",\"text\":{\"zh\":\"好。\",\"en\":\"Fine, come by Tuesday.\"},\"end\":{\"outcome\":\"pass\"}},"
    "\"lost\":{\"mood\":\"annoyed\",\"text\":{\"zh\":\"再说吧。\",\"en\":\"I'll think about it.\"},\"end\":{\"outcome\":\"fail\"}}}}";

static void setup(void)
{
    ui_check_tmpdir("mentor", tmpdir, sizeof tmpdir);
    snprintf(scen_path, sizeof scen_path, "%s/mentor-test.json", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    ui_check_write_file(scen_path, scenario_json);
}

static UiApp *open_app(const char *trainee, const char *locale)
{
    UiOptions o = {.path = scen_path, .mode = "sandbox", .trainee = trainee, .locale = locale, .db = db_path,
                   .settings = settings_path, .audio = "null", .width = 1100, .height = 760,
                   .clock = ui_check_clock, .no_present = true, .mentor = "M7"};
    return ui_check_open(&o);
}

/* Both windows handle what was pushed and draw the frames it leads to. */
static void both(UiApp *a, MentorConsole *c)
{
    ui_app_step(a, 0);
    mentor_console_step(c);
    ui_app_draw(a);
    mentor_console_draw(c);
}

static void app_key(UiApp *a, MentorConsole *c, const char *name)
{
    CHECK_MSG(ui_app_push_key(name) == 0, "key %s", name);
    both(a, c);
}

static void con_key(UiApp *a, MentorConsole *c, const char *name, bool ctrl, bool shift)
{
    CHECK_MSG(mentor_win_push_key(mentor_console_win(c), name, ctrl, shift) == 0, "key %s", name);
    both(a, c);
}

static bool con_click(UiApp *a, MentorConsole *c, const char *label)
{
    MentorWin *w = mentor_console_win(c);
    UiRect r = mentor_win_button_rect(w, label);
    CHECK_MSG(r.w > 0, "no button \"%s\" on the console", label);
    if (r.w <= 0)
        return false;
    mentor_win_push_click(w, r.x + r.w / 2, r.y + r.h / 2);
    both(a, c);
    return true;
}

static const Play *app_play(UiApp *a)
{
    UiView v;
    ui_app_view(a, &v);
    return v.play;
}

static int meter_of(UiApp *a, const char *id)
{
    const Play *p = app_play(a);
    if (!p)
        return -999;
    int m = scenario_find_meter(play_scenario(p), id);
    return m < 0 ? -999 : play_meter(p, m);
}

/* The answer key is on the console and nothing of it on the trainee's screen. */
static void check_answer_key_only_on_console(UiApp *a, MentorConsole *c)
{
    MentorConsoleView cv;
    mentor_console_view(c, &cv);
    CHECK_INT(cv.nkey, 3); /* the two offered and the one never offered */
    UiGfx *cg = ui_app_gfx(a), *mg = mentor_console_win(c)->g;
    (void)cg;
    CHECK(strstr(cv.key_text[0], "+5 points: Empathy +3, Discovery +2") != NULL);
    CHECK(strstr(cv.key_text[1], "-2 points: Discovery -2") != NULL);
    unsigned char bg[4];
    for (int i = 0; i < cv.nkey; i++) {
        /* drawn on the console, with real ink, inside its window */
        UiRect r = cv.key_rect[i];
        CHECK(r.w > 0 && r.x + r.w <= ui_gfx_width(mg) && r.y + r.h <= ui_gfx_height(mg));
        ui_gfx_read(mg, (UiRect){r.x + r.w + 2, r.y + r.h / 2, 1, 1}, bg);
        CHECK_MSG(ui_check_ink(mg, r, bg) > 30, "answer key line %d: %ld pixels", i, ui_check_ink(mg, r, bg));
        CHECK(ui_check_text_containing(mg, cv.key_text[i]) != NULL);
        /* and not on the trainee's screen, in any form */
        CHECK_MSG(ui_check_text_containing(ui_app_gfx(a), cv.key_text[i]) == NULL, "\"%s\" on the trainee's screen",
                  cv.key_text[i]);
    }
    CHECK(ui_check_text_containing(mg, "Empathy first, then a question.") != NULL);
    CHECK(ui_check_text_containing(mg, "Never offered") != NULL);
    UiGfx *tg = ui_app_gfx(a);
    CHECK(ui_check_text_containing(tg, "points") == NULL);
    CHECK(ui_check_text_containing(tg, "Empathy first") == NULL);
    CHECK(ui_check_text_containing(tg, "Never offered") == NULL);
    CHECK(ui_check_text_containing(tg, "Discovery") == NULL);
    /* The trainee's window really drew the call (it is not blank). */
    CHECK(ui_check_text_containing(tg, "What matters most to your boss?") != NULL);
    /* Pixel regions: where the console drew the key there is ink; the trainee's frame at the
     * same place shows none of the console's colour for positive points. */
    UiRect r = cv.key_rect[0];
    unsigned char *cp = malloc((size_t)r.w * r.h * 4), *tp = malloc((size_t)r.w * r.h * 4);
    if (cp && tp && r.x + r.w <= ui_gfx_width(tg) && r.y + r.h <= ui_gfx_height(tg)) {
        CHECK_INT(ui_gfx_read(mg, r, cp), 0);
        CHECK_INT(ui_gfx_read(tg, r, tp), 0);
        long green_c = 0, green_t = 0;
        for (long i = 0; i < (long)r.w * r.h; i++) {
            green_c += cp[4 * i] == 25 && cp[4 * i + 1] == 125 && cp[4 * i + 2] == 60;
            green_t += tp[4 * i] == 25 && tp[4 * i + 1] == 125 && tp[4 * i + 2] == 60;
        }
        CHECK_MSG(green_c > 10, "console key pixels %ld", green_c);
        CHECK_INT(green_t, 0);
    }
    free(cp);
    free(tp);
}

static char sandbox_attempt[40];
static PlayResult live_result;

static void sandbox_session_is_recorded_with_mentor_events(void)
{
    ui_check_now = 10000;
    UiApp *a = open_app("T42", "en");
    if (!a)
        return;
    char err[512] = "";
    MentorConsole *c = ui_check_console(a, 1100, 900);
    if (!c)
        return;
    both(a, c);
    MentorConsoleView cv;
    mentor_console_view(c, &cv);
    CHECK(!cv.live);
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "Waiting for the trainee") != NULL);
    /* It names the button the trainee has (it said "Start"). */
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "press \"Start the call\"") != NULL);
    CHECK(ui_app_button_rect(a, "Start the call").w > 0);
    /* The trainee starts the call. */
    app_key(a, c, "Return");
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK_INT(v.mode, UI_MODE_SANDBOX);
    mentor_console_view(c, &cv);
    CHECK(cv.live);
    snprintf(sandbox_attempt, sizeof sandbox_attempt, "%s", v.attempt_id);
    CHECK(strlen(sandbox_attempt) == 36);
    check_answer_key_only_on_console(a, c);
    /* SPARRING_MENTOR_SHOTS=DIR: pictures of both windows, for a human to look at. */
    ui_check_save_png(mentor_console_win(c)->g, getenv("SPARRING_MENTOR_SHOTS"), "console");
    ui_check_save_png(ui_app_gfx(a), getenv("SPARRING_MENTOR_SHOTS"), "trainee");
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "open [") == NULL);
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "won · Ending: a good outcome") != NULL);

    /* 1. A meter by button: patience 40 -> 50 (the first "+10" is patience's). */
    ui_check_now = 11500;
    con_click(a, c, "+10");
    CHECK_INT(meter_of(a, "patience"), 50);
    /* 2. The hidden meter by keyboard: Down selects it, Shift+Right adds 10 (clamped to 10). */
    ui_check_now = 12000;
    con_key(a, c, "Down", false, false);
    con_key(a, c, "Right", false, true);
    CHECK_INT(meter_of(a, "secret"), 10);
    /* 3. A comment in Chinese through the input method: composition, then the committed text. */
    ui_check_now = 13000;
    con_key(a, c, "F6", false, false);
    mentor_win_push_editing(mentor_console_win(c), "xian gong qing", 14);
    both(a, c);
    mentor_console_view(c, &cv);
    CHECK_STR(cv.composing, "xian gong qing");
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "xian gong qing") != NULL);
    mentor_win_push_editing(mentor_console_win(c), "", 0);
    mentor_win_push_text(mentor_console_win(c), "先共情，");
    mentor_win_push_text(mentor_console_win(c), "再提问 ok");
    both(a, c);
    mentor_console_view(c, &cv);
    CHECK_STR(cv.field, "先共情，再提问 ok");
    CHECK_STR(cv.composing, "");
    /* Backspace takes back a whole character; typing goes on. */
    con_key(a, c, "BackSpace", false, false);
    mentor_win_push_text(mentor_console_win(c), "k!");
    both(a, c);
    con_key(a, c, "Return", false, false);
    mentor_console_view(c, &cv);
    CHECK_INT(cv.ncomments, 1);
    CHECK_STR(cv.field, "");
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "先共情，再提问 ok!") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "先共情") == NULL);
    con_key(a, c, "Escape", false, false);
    /* 4. Pause and resume: the trainee's timer stands still in between. */
    ui_check_now = 14000;
    con_key(a, c, "F5", false, false);
    CHECK(play_paused(app_play(a)));
    mentor_console_view(c, &cv);
    CHECK(cv.held);
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "PAUSED") != NULL);
    both(a, c);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "Timer paused by your mentor") != NULL); /* the trainee is told */
    ui_check_now = 16000;
    con_click(a, c, "Resume timer");
    CHECK(!play_paused(app_play(a)));
    /* The trainee answers (the first answer), reads the feedback, continues. */
    ui_check_now = 17000;
    app_key(a, c, "1");
    CHECK_INT(play_decision_count(app_play(a)), 1);
    app_key(a, c, "Return");
    ui_app_view(a, &v);
    CHECK(!v.feedback);
    CHECK_INT(play_status(app_play(a)), PLAY_WAITING);
    /* 5. An event injected while the narrator speaks: the call moves to "timed". */
    ui_check_now = 18000;
    con_click(a, c, "^1  The budget was just cut 50%");
    CHECK_STR(scenario_node(play_scenario(app_play(a)), play_node(app_play(a)))->id, "timed");
    CHECK_INT(play_status(app_play(a)), PLAY_CHOOSING);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "So how would phasing work?") != NULL);
    /* The trainee sees no answer key on the new node either. */
    CHECK(ui_check_text_containing(ui_app_gfx(a), "+3 points") == NULL);
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "+3 points: Discovery +3") != NULL);
    /* 6. Rewind to before the first decision: the play forks from there. */
    ui_check_now = 20000;
    UiRect r = mentor_win_button_rect(mentor_console_win(c), "Rewind here");
    CHECK(r.w > 0);
    mentor_win_push_click(mentor_console_win(c), r.x + 2, r.y + 2);
    both(a, c);
    CHECK_INT(play_decision_count(app_play(a)), 0);
    CHECK_STR(scenario_node(play_scenario(app_play(a)), play_node(app_play(a)))->id, "open");
    CHECK_INT(meter_of(a, "patience"), 50); /* the mentor's change before it stays */
    CHECK(!play_paused(app_play(a)));
    /* The rewound time is a pause: the timer is not eaten by it. */
    /* This time the trainee discounts, then answers the timed node well. */
    ui_check_now = 21000;
    app_key(a, c, "2");
    app_key(a, c, "Return");
    app_key(a, c, "Return"); /* the narrator */
    CHECK_STR(scenario_node(play_scenario(app_play(a)), play_node(app_play(a)))->id, "timed");
    ui_check_now = 25000;
    both(a, c);
    int64_t left = play_time_left_ms(app_play(a), ui_app_now(a));
    CHECK_INT(left, 26000);
    app_key(a, c, "1");
    CHECK_INT(play_status(app_play(a)), PLAY_ENDED);
    play_result(app_play(a), &live_result);
    /* After the end the controls are off; a comment is still taken until the debrief. */
    mentor_console_view(c, &cv);
    CHECK(!cv.live);
    CHECK(mentor_win_button_rect(mentor_console_win(c), "Rewind here").w == 0);
    ui_check_now = 26000;
    con_key(a, c, "F6", false, false);
    mentor_win_push_text(mentor_console_win(c), "well done");
    both(a, c);
    con_key(a, c, "Return", false, false);
    mentor_console_view(c, &cv);
    CHECK_INT(cv.ncomments, 2);
    CHECK_STR(cv.status, "Comment saved at 00:16 (decisions taken: 2)."); /* a saved comment is confirmed */
    app_key(a, c, "Return"); /* feedback */
    app_key(a, c, "Return"); /* debrief */
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    both(a, c);
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, "The call is over") != NULL);
    /* The mentor's last word, on the debrief: the attempt is closed, the comment still goes in. */
    ui_check_now = 30000;
    con_key(a, c, "F6", false, false);
    mentor_win_push_text(mentor_console_win(c), "review the close together");
    both(a, c);
    con_key(a, c, "Return", false, false);
    mentor_console_view(c, &cv);
    CHECK_INT(cv.ncomments, 3);
    CHECK_STR(cv.status, "Comment saved at 00:20 (decisions taken: 2).");
    /* The attempt's id and "Open the review": the case review opens beside the console. */
    CHECK(ui_check_text_containing(mentor_console_win(c)->g, sandbox_attempt) != NULL);
    con_click(a, c, "Open the review");
    mentor_console_view(c, &cv);
    CHECK(cv.review_open);
    CHECK(cv.review && mentor_replay_position(cv.review) == 0);
    mentor_console_free(c);
    ui_app_free(a);

    /* The record. */
    Records *db = records_open(db_path, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (!db)
        return;
    RecordsAttempt *at = records_attempt_load(db, sandbox_attempt, err, sizeof err);
    CHECK_MSG(at != NULL, "%s", err);
    if (at) {
        CHECK_STR(at->mode, "sandbox");
        CHECK_STR(at->status, "completed");
        CHECK_STR(at->trainee_id, "T42");
        CHECK_STR(at->mentor_id, "M7");
        static const char *const kinds[] = {"meter", "meter", "comment", "pause", "resume", "event", "rewind",
                                            "comment"};
        static const int64_t offsets[] = {1500, 2000, 3000, 4000, 6000, 8000, 10000, 16000};
        static const int decisions[] = {0, 0, 0, 0, 0, 1, 1, 2};
        CHECK_INT(at->nmentor, 9);
        if (at->nmentor == 9) {
            CHECK_STR(at->mentor[8].kind, "comment");
            CHECK_STR(at->mentor[8].detail, "review the close together");
            CHECK_INT(at->mentor[8].offset_ms, 20000); /* the clock at 30000, the call began at 10000 */
            CHECK_STR(at->status, "completed"); /* the result is untouched */
        }
        for (int i = 0; i < at->nmentor && i < 8; i++) {
            CHECK_STR(at->mentor[i].kind, kinds[i]);
            CHECK_INT(at->mentor[i].offset_ms, offsets[i]);
            CHECK_INT(at->mentor[i].decision_index, decisions[i]);
        }
        if (at->nmentor >= 8) {
            CHECK_STR(at->mentor[7].detail, "well done");
            CHECK_STR(at->mentor[0].detail, "patience 40 -> 50");
            CHECK_STR(at->mentor[1].detail, "secret 0 -> 10");
            CHECK_STR(at->mentor[2].detail, "先共情，再提问 ok!");
            CHECK_STR(at->mentor[5].detail, "cut: The budget was just cut 50%");
            CHECK_STR(at->mentor[6].detail, "to before decision 1 (node open)");
        }
        /* The path: the rewound answer kept and marked, then the path taken. */
        int live_n = 0;
        const char *path[4] = {0};
        int rewound = 0;
        for (int i = 0; i < at->ndecisions; i++) {
            if (at->decisions[i].rewound) {
                rewound++;
                CHECK_STR(at->decisions[i].choice, "ask");
            } else if (live_n < 4) {
                path[live_n++] = at->decisions[i].choice;
            }
        }
        CHECK_INT(rewound, 1);
        CHECK_INT(live_n, 2);
        if (live_n == 2) {
            CHECK_STR(path[0], "discount");
            CHECK_STR(path[1], "phase");
        }
        CHECK_STR(at->ending, "won");
        CHECK_INT(at->percent, live_result.total.percent);
        /* seed + steps replay the attempt to the same path and score. */
        DiagList diags = {0};
        Scenario *sc = scenario_load_file(scen_path, &diags);
        diag_list_free(&diags);
        CHECK(sc != NULL);
        if (sc) {
            PlayOptions po = {.timers = at->timers, .time_multiplier = at->time_multiplier};
            Play *rp = play_replay(sc, at->seed, po, scenario_find_node(sc, at->start_node), at->steps, at->nsteps,
                                   err, sizeof err);
            CHECK_MSG(rp != NULL, "replay: %s", err);
            if (rp) {
                PlayResult res;
                play_result(rp, &res);
                CHECK_INT(res.total.raw, live_result.total.raw);
                CHECK_INT(res.total.max, live_result.total.max);
                CHECK_INT(res.total.percent, live_result.total.percent);
                CHECK(res.passed == live_result.passed);
                CHECK_INT(res.outcome, live_result.outcome);
                CHECK_INT(play_decision_count(rp), 2);
                CHECK_STR(play_step_choice(rp, play_decision_step(rp, 0))->id, "discount");
                play_free(rp);
            }
            scenario_free(sc);
        }
        records_attempt_free(at);
    }
    /* A sandbox attempt never counts: not in the report, not on the picker. */
    int best = -2, latest = -2;
    bool passed = true;
    CHECK_INT(records_best_latest(db, "T42", "mentor-test", &best, &latest, &passed), 0);
    CHECK_INT(best, -1);
    CHECK_INT(latest, -1);
    CHECK(!passed);
    RecordsReport *rep = records_report(db, "T42", err, sizeof err);
    CHECK_MSG(rep != NULL, "%s", err);
    if (rep) {
        for (int i = 0; i < rep->ntrainees; i++) {
            CHECK_INT(rep->trainees[i].attempts, 0);
            for (int k = 0; k < rep->trainees[i].nscenarios; k++)
                CHECK_INT(rep->trainees[i].scenarios[k].attempts, 0);
        }
        records_report_free(rep);
    }
    /* The export keeps it, marked sandbox, never "passed" or "failed" in xAPI. */
    char out_path[4300];
    snprintf(out_path, sizeof out_path, "%s/export.csv", tmpdir);
    FILE *f = fopen(out_path, "w+");
    if (f) {
        RecordsExportOptions eo = {.format = RECORDS_CSV, .since_unix_ms = INT64_MIN};
        CHECK_INT(records_export(db, &eo, f, err, sizeof err), 1);
        rewind(f);
        char buf[8192];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = 0;
        CHECK(strstr(buf, ",sandbox,") != NULL);
        fclose(f);
    }
    f = tmpfile();
    if (f) {
        RecordsExportOptions eo = {.format = RECORDS_XAPI, .since_unix_ms = INT64_MIN};
        records_export(db, &eo, f, err, sizeof err);
        rewind(f);
        static char buf[1 << 16];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = 0;
        CHECK(strstr(buf, "sandbox") != NULL);
        CHECK(strstr(buf, "/verbs/passed") == NULL);
        CHECK(strstr(buf, "/verbs/failed") == NULL);
        fclose(f);
    }
    records_close(db);
}

static void replay_key(MentorReplay *r, const char *name)
{
    CHECK_MSG(mentor_win_push_key(mentor_replay_win(r), name, false, false) == 0, "key %s", name);
    mentor_replay_step(r, 0);
    mentor_replay_draw(r);
}

/* The case review: the sandbox attempt above, decision by decision, with the mentor's comments at
 * their moments; then "practise from here" forks a new sandbox attempt. */
static void case_review_plays_back_and_forks(void)
{
    if (!sandbox_attempt[0])
        return;
    char err[512] = "";
    Records *db = records_open(db_path, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (!db)
        return;
    RecordsAttempt *at = records_attempt_load(db, sandbox_attempt, err, sizeof err);
    records_close(db);
    CHECK_MSG(at != NULL, "%s", err);
    if (!at)
        return;
    char path[4200];
    bool changed = true;
    Scenario *sc = mentor_find_scenario(at, NULL, tmpdir, path, sizeof path, &changed, err, sizeof err);
    CHECK_MSG(sc != NULL, "%s", err);
    if (!sc) {
        records_attempt_free(at);
        return;
    }
    CHECK_STR(path, scen_path);
    CHECK(!changed);
    MentorReplayOptions ro = {.locale = "en", .no_present = true};
    MentorReplay *r = mentor_replay_new(sc, at, &ro, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (!r) {
        scenario_free(sc);
        records_attempt_free(at);
        return;
    }
    mentor_replay_draw(r);
    UiGfx *g = mentor_replay_win(r)->g;
    /* Moment 0: before the first decision; what was on offer, the one taken marked; the
     * mentor's five actions before it, the comment among them, and the rewind that came back
     * here, with the answer it took back. */
    CHECK_INT(mentor_replay_position(r), 0);
    CHECK_INT(play_decision_count(mentor_replay_play(r)), 0);
    CHECK_INT(mentor_replay_moment_events(r), 6);
    CHECK(ui_check_text_containing(g, "rewind: to before decision 1") != NULL);
    CHECK(ui_check_text_containing(g, "Taken back by a rewind: I understand. What matters most to your boss? (+5)") !=
          NULL);
    CHECK(ui_check_text_containing(g, "Decision 1 of 2") != NULL);
    CHECK(ui_check_text_containing(g, "Then fifty percent off.  [taken]") != NULL);
    CHECK(ui_check_text_containing(g, "comment: 先共情，再提问 ok!") != NULL);
    CHECK(ui_check_text_containing(g, "meter: Patience 40 → 50") != NULL);
    CHECK_INT(play_meter(mentor_replay_play(r), 0), 50);
    ui_check_save_png(g, getenv("SPARRING_MENTOR_SHOTS"), "review");
    /* Forwards by key: the second decision, at the timed node after the injected event. */
    replay_key(r, "Right");
    CHECK_INT(mentor_replay_position(r), 1);
    CHECK_INT(play_decision_count(mentor_replay_play(r)), 1);
    CHECK_STR(scenario_node(sc, play_node(mentor_replay_play(r)))->id, "timed");
    CHECK(ui_check_text_containing(g, "Phase one covers one line.  [taken]") != NULL);
    CHECK(ui_check_text_containing(g, "comment: 先共情") == NULL);
    /* Forwards by button: the end, the recorded result; nothing to practise from there. */
    UiRect nb = mentor_win_button_rect(mentor_replay_win(r), "Next >");
    CHECK(nb.w > 0);
    mentor_win_push_click(mentor_replay_win(r), nb.x + 3, nb.y + 3);
    mentor_replay_step(r, 0);
    mentor_replay_draw(r);
    CHECK_INT(mentor_replay_position(r), 2);
    CHECK_INT(play_status(mentor_replay_play(r)), PLAY_ENDED);
    /* A comment written after the call is labelled so, not as a decision. */
    CHECK(ui_check_text_containing(g, "after the call] review the close together") != NULL);
    PlayResult res;
    play_result(mentor_replay_play(r), &res);
    CHECK_INT(res.total.percent, at->percent);
    CHECK_INT(res.total.percent, live_result.total.percent);
    CHECK(mentor_win_button_rect(mentor_replay_win(r), "Practise from here").w == 0);
    CHECK(mentor_win_button_rect(mentor_replay_win(r), "Next >").w == 0);
    /* Back by key, and by a click on a row of the path. */
    replay_key(r, "Left");
    CHECK_INT(mentor_replay_position(r), 1);
    replay_key(r, "End");
    CHECK_INT(mentor_replay_position(r), 2);
    UiRect row = mentor_win_button_rect(mentor_replay_win(r), "2.");
    CHECK(row.w > 0);
    mentor_win_push_click(mentor_replay_win(r), row.x + 5, row.y + 3);
    mentor_replay_step(r, 0);
    mentor_replay_draw(r);
    CHECK_INT(mentor_replay_position(r), 1);
    CHECK(ui_check_text_containing(g, "[00:03 · before decision 1] 先共情，再提问 ok!") != NULL);
    replay_key(r, "Home");
    CHECK_INT(mentor_replay_position(r), 0);
    CHECK_INT(mentor_replay_fork_steps(r), -1);
    CHECK(mentor_win_push_key(mentor_replay_win(r), "P", false, false) == 0);
    CHECK(!mentor_replay_step(r, 0));
    int fork = mentor_replay_fork_steps(r);
    CHECK(fork > 0); /* the mentor's meter changes and pauses before the first decision */
    mentor_replay_free(r);

    ui_check_now = 50000;
    UiOptions uo = {.path = path, .locale = "en", .db = db_path, .settings = settings_path, .audio = "null",
                    .width = 1100, .height = 760, .clock = ui_check_clock, .no_present = true};
    UiApp *a = mentor_practise_from(at, fork, &uo, err, sizeof err);
    CHECK_MSG(a != NULL, "%s", err);
    char forked[40] = "";
    if (a) {
        UiView v;
        ui_app_view(a, &v);
        CHECK_INT(v.screen, UI_SCREEN_CALL);
        CHECK_INT(v.mode, UI_MODE_SANDBOX);
        CHECK_STR(v.trainee_id, "T42");
        snprintf(forked, sizeof forked, "%s", v.attempt_id);
        CHECK(strlen(forked) == 36 && strcmp(forked, sandbox_attempt) != 0);
        CHECK_INT(play_decision_count(v.play), 0);
        CHECK_INT(meter_of(a, "patience"), 50);
        CHECK(!play_paused(v.play));
        MentorConsoleOptions mo = {.no_present = true};
        MentorConsole *c = mentor_console_new(a, &mo, err, sizeof err);
        CHECK_MSG(c != NULL, "%s", err);
        if (c) {
            both(a, c);
            /* The trainee takes the better answer this time and finishes. */
            ui_check_now = 52000;
            app_key(a, c, "1");
            app_key(a, c, "Return");
            app_key(a, c, "Return");
            app_key(a, c, "1");
            CHECK_INT(play_status(app_play(a)), PLAY_ENDED);
            app_key(a, c, "Return");
            app_key(a, c, "Return");
            mentor_console_free(c);
        }
        ui_app_free(a);
    }
    db = records_open(db_path, err, sizeof err);
    if (db && forked[0]) {
        RecordsAttempt *f = records_attempt_load(db, forked, err, sizeof err);
        CHECK_MSG(f != NULL, "%s", err);
        if (f) {
            CHECK_STR(f->mode, "sandbox");
            CHECK_STR(f->status, "completed");
            CHECK_INT(f->seed, at->seed);
            CHECK(f->nmentor >= 1);
            if (f->nmentor >= 1) {
                CHECK_STR(f->mentor[0].kind, "rewind");
                CHECK(strstr(f->mentor[0].detail, sandbox_attempt) != NULL);
                CHECK_INT(f->mentor[0].decision_index, 0);
            }
            CHECK_INT(f->ndecisions, 2);
            if (f->ndecisions == 2) {
                CHECK_STR(f->decisions[0].choice, "ask");
                CHECK_STR(f->decisions[1].choice, "phase");
            }
            /* The prefix is the original's: same steps up to the fork. */
            CHECK(f->nsteps > fork);
            for (int i = 0; i < fork && i < f->nsteps; i++) {
                CHECK_INT(f->steps[i].kind, at->steps[i].kind);
                CHECK_INT(f->steps[i].at_ms, at->steps[i].at_ms);
            }
            CHECK_INT(f->percent, 100);
            records_attempt_free(f);
        }
    }
    records_close(db);
    scenario_free(sc);
    records_attempt_free(at);
}

/* Runs the real executable; returns its exit code and what it printed on stderr. */
static int run_bin(const char *args, char *out, size_t size)
{
    const char *bin = getenv("SPARRING_BIN");
    if (!bin) {
        snprintf(out, size, "SPARRING_BIN not set");
        return -1;
    }
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "env -u SDL_VIDEODRIVER -u DISPLAY -u WAYLAND_DISPLAY '%s' %s 2>&1 >/dev/null", bin, args);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t n = fread(out, 1, size - 1, p);
    out[n] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void replay_command_says_what_is_wrong(void)
{
    char out[4096], args[9000];
    snprintf(args, sizeof args, "replay 00000000-0000-4000-8000-000000000000 --db '%s'", db_path);
    CHECK_INT(run_bin(args, out, sizeof out), 1);
    CHECK_MSG(strstr(out, "no attempt '00000000-0000-4000-8000-000000000000'") != NULL, "%s", out);
    snprintf(args, sizeof args, "replay x --db '%s/missing.db'", tmpdir);
    CHECK_INT(run_bin(args, out, sizeof out), 1);
    CHECK_MSG(strstr(out, "no records database") != NULL, "%s", out);
    if (!sandbox_attempt[0])
        return;
    /* The scenario is not among the bundled ones: it says to give the file. */
    snprintf(args, sizeof args, "replay %s --db '%s'", sandbox_attempt, db_path);
    CHECK_INT(run_bin(args, out, sizeof out), 1);
    CHECK_MSG(strstr(out, "--scenario FILE") != NULL, "%s", out);
    /* With it, the only thing missing is a display. */
    snprintf(args, sizeof args, "replay %s --db '%s' --scenario '%s'", sandbox_attempt, db_path, scen_path);
    CHECK_INT(run_bin(args, out, sizeof out), 1);
    CHECK_MSG(strstr(out, "no display") != NULL, "%s", out);
    CHECK_INT(run_bin("replay", out, sizeof out), 2);
    CHECK_INT(run_bin("replay --bogus", out, sizeof out), 2);
}

/* Ctrl shortcuts act while the mentor types, and their character is not typed; a Chinese
 * interface on both windows. */
static void shortcuts_while_typing_and_chinese_console(void)
{
    ui_check_now = 70000;
    UiApp *a = open_app("T43", "zh");
    if (!a)
        return;
    MentorConsoleOptions mo = {.no_present = true};
    char err[512] = "";
    MentorConsole *c = mentor_console_new(a, &mo, err, sizeof err);
    CHECK_MSG(c != NULL, "%s", err);
    if (!c) {
        ui_app_free(a);
        return;
    }
    both(a, c);
    app_key(a, c, "Return");
    MentorWin *w = mentor_console_win(c);
    CHECK(ui_check_text_containing(w->g, "答案（学员屏幕上不显示）") != NULL);
    CHECK(ui_check_text_containing(w->g, "+5 分：情绪安抚 +3，需求挖掘 +2") != NULL);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "+5 分") == NULL);
    /* Patience up to 100: the answer that needs more than 95 appears on the trainee's screen. */
    CHECK(ui_check_text_containing(ui_app_gfx(a), "不会出现") == NULL);
    for (int i = 0; i < 6; i++)
        con_key(a, c, "Right", false, true);
    CHECK_INT(meter_of(a, "patience"), 100);
    UiView tv;
    ui_app_view(a, &tv);
    CHECK_INT(tv.nchoices, 3);
    CHECK(ui_check_text_containing(ui_app_gfx(a), "不会出现") != NULL);
    con_key(a, c, "F6", false, false);
    mentor_win_push_text(w, "语气");
    both(a, c);
    /* Ctrl+2 as X11 delivers it: the key, then its character as text. */
    ui_check_now = 71000;
    mentor_win_push_key(w, "2", true, false);
    mentor_win_push_text(w, "2");
    mentor_win_push_text(w, "好");
    both(a, c);
    MentorConsoleView cv;
    mentor_console_view(c, &cv);
    CHECK_STR(cv.field, "语气好");
    /* Shift+Enter breaks the line; Enter saves. */
    con_key(a, c, "Return", false, true);
    mentor_win_push_text(w, "下次先问");
    con_key(a, c, "Return", false, false);
    mentor_console_view(c, &cv);
    CHECK_INT(cv.ncomments, 1);
    /* Tab reaches the buttons; Enter presses the focused one. */
    con_key(a, c, "Escape", false, false);
    int guard = 0;
    while (w->ui.focus != 0 && guard++ < 3)
        con_key(a, c, "Escape", false, false);
    UiRect r = mentor_win_button_rect(w, "暂停计时");
    CHECK(r.w > 0);
    for (guard = 0; guard < 100; guard++) {
        con_key(a, c, "Tab", false, false);
        UiRect f = {0, 0, 0, 0};
        for (int i = 0; i < w->ui.nhits; i++)
            if (w->ui.hits[i].id == w->ui.focus)
                f = w->ui.hits[i].r;
        if (f.x == r.x && f.y == r.y)
            break;
    }
    con_key(a, c, "Return", false, false);
    mentor_console_view(c, &cv);
    CHECK(cv.held);
    UiView v;
    /* The mentor's pause holds when the trainee answers and dismisses the coach's feedback. */
    app_key(a, c, "1");
    ui_app_view(a, &v);
    CHECK(v.feedback);
    app_key(a, c, "Return");
    ui_app_view(a, &v);
    CHECK(!v.feedback);
    CHECK(play_paused(app_play(a)));
    char id[40];
    ui_app_view(a, &v);
    snprintf(id, sizeof id, "%s", v.attempt_id);
    mentor_console_free(c);
    ui_app_free(a);
    Records *db = records_open(db_path, err, sizeof err);
    RecordsAttempt *at = db ? records_attempt_load(db, id, err, sizeof err) : NULL;
    CHECK_MSG(at != NULL, "%s", err);
    if (at) {
        CHECK_STR(at->status, "abandoned");
        CHECK_INT(at->nmentor, 9); /* six meter changes, the event, the comment, the pause */
        if (at->nmentor == 9) {
            CHECK_STR(at->mentor[5].detail, "patience 90 -> 100");
            CHECK_STR(at->mentor[6].kind, "event");
            CHECK_STR(at->mentor[6].detail, "boss: 老板走进来了");
            CHECK_INT(at->mentor[6].offset_ms, 1000);
            CHECK_STR(at->mentor[7].kind, "comment");
            CHECK_STR(at->mentor[7].detail, "语气好\n下次先问");
            CHECK_STR(at->mentor[8].kind, "pause");
        }
        records_attempt_free(at);
    }
    records_close(db);
}

/* A console beside a window that is not in sandbox mode only watches: no control, nothing
 * recorded, and it says why. */
static void console_only_watches_outside_sandbox(void)
{
    ui_check_now = 90000;
    UiOptions o = {.path = scen_path, .mode = "practice", .trainee = "T44", .locale = "en", .db = db_path,
                   .settings = settings_path, .audio = "null", .clock = ui_check_clock, .no_present = true};
    char err[512] = "";
    UiApp *a = ui_app_new(&o, err, sizeof err);
    CHECK_MSG(a != NULL, "%s", err);
    if (!a)
        return;
    MentorConsoleOptions mo = {.no_present = true};
    MentorConsole *c = mentor_console_new(a, &mo, err, sizeof err);
    CHECK_MSG(c != NULL, "%s", err);
    if (c) {
        both(a, c);
        app_key(a, c, "Return");
        MentorConsoleView cv;
        mentor_console_view(c, &cv);
        CHECK(!cv.live);
        MentorWin *w = mentor_console_win(c);
        CHECK(mentor_win_button_rect(w, "+10").w == 0);
        CHECK(mentor_win_button_rect(w, "Pause timer").w == 0);
        CHECK(ui_check_text_containing(w->g, "not in sandbox mode") != NULL);
        con_key(a, c, "Right", false, true);
        con_key(a, c, "F5", false, false);
        con_key(a, c, "1", true, false);
        CHECK_INT(meter_of(a, "patience"), 40);
        CHECK(!play_paused(app_play(a)));
        con_key(a, c, "F6", false, false);
        mentor_win_push_text(w, "x");
        con_key(a, c, "Return", false, false);
        mentor_console_view(c, &cv);
        CHECK_INT(cv.ncomments, 0);
        UiView v;
        ui_app_view(a, &v);
        char id[40];
        snprintf(id, sizeof id, "%s", v.attempt_id);
        mentor_console_free(c);
        ui_app_free(a);
        a = NULL;
        Records *db = records_open(db_path, err, sizeof err);
        RecordsAttempt *at = db ? records_attempt_load(db, id, err, sizeof err) : NULL;
        CHECK(at != NULL);
        if (at) {
            CHECK_STR(at->mode, "practice");
            CHECK_INT(at->nmentor, 0);
            CHECK_INT(at->nsteps, 0);
            records_attempt_free(at);
        }
        records_close(db);
    }
    ui_app_free(a);
}

static void utf8_trim_cuts_only_a_broken_tail(void)
{
    char a[] = "ab\xe5\x85", b[] = "ab\xe5\x85\xb1", c[] = "\xe5", d[] = "";
    mentor_utf8_trim(a);
    mentor_utf8_trim(b);
    mentor_utf8_trim(c);
    mentor_utf8_trim(d);
    CHECK_STR(a, "ab");
    CHECK_STR(b, "ab共");
    CHECK_STR(c, "");
    CHECK_STR(d, "");
}

/* SDL_SetEventFilter drops pending events: opening and closing the console must not lose the
 * trainee's keys. */
static void trainee_keys_survive_the_console_opening_and_closing(void)
{
    ui_check_now = 95000;
    UiApp *a = open_app("T45", "en");
    if (!a)
        return;
    ui_app_push_key("Return");
    MentorConsoleOptions mo = {.no_present = true};
    char err[512] = "";
    MentorConsole *c = mentor_console_new(a, &mo, err, sizeof err);
    CHECK_MSG(c != NULL, "%s", err);
    ui_app_step(a, 0);
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    if (c) {
        ui_app_push_key("1");
        /* and an event still queued for the console never reaches the trainee */
        mentor_win_push_key(mentor_console_win(c), "2", false, false);
        mentor_console_free(c);
    }
    ui_app_step(a, 0);
    ui_app_view(a, &v);
    CHECK(v.play != NULL && play_decision_count(v.play) == 1);
    CHECK(v.play != NULL && play_step_choice(v.play, play_decision_step(v.play, 0)) != NULL &&
          !strcmp(play_step_choice(v.play, play_decision_step(v.play, 0))->id, "ask"));
    ui_app_free(a);
}

int main(void)
{
    setup();
    RUN(sandbox_session_is_recorded_with_mentor_events);
    RUN(case_review_plays_back_and_forks);
    RUN(replay_command_says_what_is_wrong);
    RUN(shortcuts_while_typing_and_chinese_console);
    RUN(console_only_watches_outside_sandbox);
    RUN(utf8_trim_cuts_only_a_broken_tail);
    RUN(trainee_keys_survive_the_console_opening_and_closing);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
