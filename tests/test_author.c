/* An author's play-test (play_author.h, `sparring play --author`): the answers a condition
 * hides, with the condition and the values that hide them; a call started part way is partial;
 * the command line takes --author and "--set METER VALUE" and records the play-test as such. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "play_author.h"
#include "ui_check.h"
#include "ui_from.h"
#include "ui_reload.h"

static Scenario *load(const char *path)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_file(path, &d);
    CHECK_MSG(sc != NULL, "%s does not load", path);
    diag_list_free(&d);
    return sc;
}

static void hidden_answers_say_their_condition_and_values(void)
{
    Scenario *sc = load("tests/data/scoring/meters-gate.json");
    if (!sc)
        return;
    PlayOptions o = {.timers = false};
    Play *p = play_new(sc, 1, o);
    PlayHidden h[SC_MAX_CHOICES];
    CHECK_INT(play_hidden(p, h), 0); /* nothing hidden at the start */
    play_choose(p, 1, 10);           /* rush: patience stays 30 */
    CHECK_INT(play_hidden(p, h), 1);
    CHECK_INT(h[0].choice, 0);
    CHECK_STR(h[0].condition, "patience >= 50");
    CHECK_STR(h[0].values, "patience = 30");
    play_free(p);
    p = play_new(sc, 1, o);
    play_choose(p, 0, 10); /* warm up: patience 60, the big ask is offered */
    CHECK_INT(play_hidden(p, h), 0);
    play_choose(p, 0, 20);
    CHECK_INT(play_hidden(p, h), 0); /* ended */
    CHECK(!play_is_partial(p));
    play_free(p);
    p = play_new_at(sc, 1, o, scenario_find_node(sc, "m"));
    CHECK(play_is_partial(p));
    play_choose(p, 1, 10);
    CHECK(play_is_partial(p));
    play_free(p);
    scenario_free(sc);
}

static void a_flag_read_twice_is_said_once(void)
{
    const char *json =
        "{\"format\":1,\"id\":\"t\",\"version\":\"1.0.0\",\"title\":\"t\",\"level\":\"new_hire\",\"locales\":[\"en\"],"
        "\"competencies\":{\"c\":{\"name\":\"C\"}},\"meters\":{\"trust\":{\"name\":\"T\",\"min\":0,\"max\":100,"
        "\"start\":20}},\"start\":\"a\",\"nodes\":{\"a\":{\"text\":\"a\",\"choices\":[{\"text\":\"x\",\"requires\":"
        "\"(trust > 50 and asked) or (trust > 90 and not asked)\",\"score\":{\"c\":1},\"feedback\":\"f\",\"next\":"
        "\"b\"},{\"text\":\"ask\",\"effects\":{\"trust\":40,\"set\":[\"asked\"]},\"feedback\":\"f\",\"next\":\"a\"}]},"
        "\"b\":{\"text\":\"b\",\"end\":{\"outcome\":\"pass\"}}}}";
    DiagList d = {0};
    Scenario *sc = scenario_load_buffer(json, strlen(json), "t.json", NULL, &d);
    CHECK(sc != NULL);
    if (sc) {
        Play *p = play_new(sc, 1, (PlayOptions){0});
        PlayHidden h[SC_MAX_CHOICES];
        CHECK_INT(play_hidden(p, h), 1);
        CHECK_STR(h[0].values, "trust = 20, asked = no");
        play_free(p);
    }
    scenario_free(sc);
    diag_list_free(&d);
}

static void the_command_line_takes_author_and_set_with_a_space(void)
{
    const char *bin = getenv("SPARRING_BIN") ? getenv("SPARRING_BIN") : "build/sparring";
    char cmd[2048], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "d=$(mktemp -d) && SDL_VIDEODRIVER=dummy '%s' play scenarios/hung-up-call.json --author --from vent "
             "--set trust 50 --no-sound --db $d/r.db --screenshot $d/s.png >/dev/null 2>&1; echo rc=$?; "
             "sqlite3 $d/r.db \"select trainee_id, mode, start_node, timers from attempts\" 2>&1; rm -rf $d",
             bin);
    check_run_cmd(cmd, &out);
    CHECK_MSG(out && strstr(out, "rc=0") && strstr(out, "playtest|practice|vent|0"), "%s", out ? out : "");
    free(out);
    /* --set with a space, and a bad value after it, is still read as METER VALUE */
    snprintf(cmd, sizeof cmd,
             "SDL_VIDEODRIVER=dummy '%s' play scenarios/hung-up-call.json --from vent --set patience 200 "
             "--no-sound --db '' 2>&1; echo rc=$?",
             bin);
    check_run_cmd(cmd, &out);
    CHECK_MSG(out && strstr(out, "--set patience: \"200\" is not a whole number from 0 to 100") && strstr(out, "rc=2"),
              "%s", out ? out : "");
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' play scenarios/hung-up-call.json --author --mode assessment 2>&1; echo rc=$?", bin);
    check_run_cmd(cmd, &out);
    CHECK_MSG(out && strstr(out, "--author plays in practice mode only") && strstr(out, "rc=2"), "%s", out ? out : "");
    free(out);
}

/* The briefing's seconds: the first decision's own timer, and the range over the call. */
static void timer_range_says_the_first_decisions_seconds(void)
{
    const char *json =
        "{\"format\":1,\"id\":\"t\",\"version\":\"1.0.0\",\"title\":\"t\",\"level\":\"new_hire\",\"locales\":[\"en\"],"
        "\"competencies\":{\"c\":{\"name\":\"C\"}},\"time_limit\":25,\"timeout\":{\"next\":\"z\"},\"start\":\"i\","
        "\"nodes\":{\"i\":{\"text\":\"ring\",\"next\":\"a\"},\"a\":{\"text\":\"a\",\"time_limit\":15,\"choices\":["
        "{\"text\":\"x\",\"score\":{\"c\":1},\"feedback\":\"f\",\"next\":\"b\"}]},\"b\":{\"text\":\"b\",\"choices\":["
        "{\"text\":\"y\",\"score\":{\"c\":1},\"feedback\":\"f\",\"next\":\"z\"}]},\"z\":{\"text\":\"z\",\"end\":"
        "{\"outcome\":\"pass\"}}}}";
    DiagList d = {0};
    Scenario *sc = scenario_load_buffer(json, strlen(json), "t.json", NULL, &d);
    CHECK(sc != NULL);
    if (sc) {
        double first, lo, hi;
        play_timer_range(sc, scenario_start(sc), &first, &lo, &hi);
        CHECK(first == 15 && lo == 15 && hi == 25);
    }
    scenario_free(sc);
    diag_list_free(&d);
}

static bool drawn(UiApp *a, const char *s)
{
    const UiDrawnText *t = ui_check_text_containing(ui_app_gfx(a), s);
    return t != NULL && t->rect.w > 0 && t->rect.h > 0;
}

/* In the real window (dummy video driver): --author shows the node id and the hidden answer
 * with its condition and values; a --from debrief says it is partial; the timers are frozen. */
static void the_window_shows_what_an_author_needs(void)
{
    char dir[512], settings[700], err[512] = "";
    ui_check_tmpdir("author", dir, sizeof dir);
    snprintf(settings, sizeof settings, "%s/settings.ini", dir);
    /* practice runs timers by default; an author's play-test never does */
    for (int author = 1; author >= 0; author--) {
        UiOptions o = {.path = "tests/data/play/timers.json", .mode = "practice", .trainee = "playtest",
                       .locale = "en", .db = "", .settings = settings, .audio = "null", .clock = ui_check_clock,
                       .no_present = true, .author = author};
        UiApp *a = ui_app_new(&o, err, sizeof err);
        CHECK_MSG(a != NULL, "%s", err);
        if (!a)
            return;
        UiFrom f;
        CHECK_INT(ui_from_parse(o.path, "q1", NULL, 0, &f, err, sizeof err), 0);
        CHECK_MSG(ui_from_start(a, &f, err, sizeof err) == 0, "%s", err);
        ui_app_step(a, 0);
        ui_check_now += 60000; /* a minute later: the 10-second timer is long gone */
        ui_app_step(a, 0);
        ui_app_draw(a);
        CHECK_MSG(drawn(a, "Silence.") == !author, "author %d: the timer %s", author,
                  author ? "ran out" : "did not run out");
        ui_app_free(a);
    }
    UiOptions o = {.path = "tests/data/scoring/meters-gate.json", .mode = "practice", .trainee = "playtest",
                   .locale = "en", .db = "", .settings = settings, .audio = "null", .clock = ui_check_clock,
                   .no_present = true, .author = true};
    UiApp *a = ui_app_new(&o, err, sizeof err);
    CHECK_MSG(a != NULL, "%s", err);
    if (!a)
        return;
    UiFrom f;
    CHECK_INT(ui_from_parse(o.path, "m", NULL, 0, &f, err, sizeof err), 0);
    CHECK_MSG(ui_from_start(a, &f, err, sizeof err) == 0, "%s", err);
    ui_app_step(a, 0);
    ui_app_draw(a);
    CHECK(drawn(a, "[m]"));
    CHECK(drawn(a, "[1] hidden: \"big ask\" if patience >= 50 (patience = 30)"));
    /* answer, then on to the debrief */
    ui_check_key(a, "1");
    ui_check_key(a, "Return");
    ui_check_key(a, "Return");
    ui_app_draw(a);
    CHECK(drawn(a, "Partial: this call started at node \"m\" (--from)"));
    ui_app_free(a);
}

int main(void)
{
    RUN(the_window_shows_what_an_author_needs);
    RUN(timer_range_says_the_first_decisions_seconds);
    RUN(hidden_answers_say_their_condition_and_values);
    RUN(a_flag_read_twice_is_said_once);
    RUN(the_command_line_takes_author_and_set_with_a_space);
    return check_summary();
}
