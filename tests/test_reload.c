/* Hot reload and play-testing from a node (game/ui_reload.c), on the real window (SDL's dummy
 * driver, software renderer) over a scenario file in a temporary folder that the test rewrites
 * the way editors save: a new file renamed over the old one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>

#include "check.h"
#include "records.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"
#include "ui_reload.h"
#include "ui_from.h"

static char tmpdir[4096];
static char scen_path[4200], db_path[4200], settings_path[4200];

/* A small scenario: two decisions to the node "close", whose customer line is `close_line`;
 * without_listen drops the second decision's first choice; broken names a node that does not
 * exist. */
static bool reordered; /* meters and events in another order, with one more of each */

static void make_scenario(char *buf, size_t size, const char *close_line, bool without_listen, bool broken)
{
    snprintf(buf, size,
             "{\n"
             "  \"format\": 1, \"id\": \"reload-test\", \"version\": \"1.0.0\",\n"
             "  \"title\": {\"en\": \"Reload test\"}, \"level\": \"new_hire\", \"locales\": [\"en\"],\n"
             "  \"competencies\": {\"empathy\": {\"name\": {\"en\": \"Empathy\"}}},\n"
             "  \"meters\": {%s\"patience\": {\"name\": {\"en\": \"Patience\"}, \"min\": 0, \"max\": 100, \"start\": 50}},\n"
             "  \"pass_percent\": 50, \"start\": \"open\",\n"
             "  \"nodes\": {\n"
             "    \"open\": {\"text\": {\"en\": \"We are not buying anything this year.\"}, \"choices\": [\n"
             "      {\"id\": \"ask\", \"text\": {\"en\": \"What changed this year?\"}, \"score\": {\"empathy\": 2},\n"
             "       \"effects\": {\"patience\": 10}, \"next\": \"middle\"},\n"
             "      {\"id\": \"pitch\", \"text\": {\"en\": \"Our product is great.\"}, \"score\": {\"empathy\": 0}, \"next\": \"middle\"}]},\n"
             "    \"middle\": {\"text\": {\"en\": \"The budget went to the new warehouse.\"}, \"choices\": [\n"
             "%s"
             "      {\"id\": \"argue\", \"text\": {\"en\": \"That was a mistake.\"}, \"score\": {\"empathy\": -1}, \"next\": \"close\"}]},\n"
             "    \"close\": {\"text\": {\"en\": \"%s\"}, \"choices\": [\n"
             "      {\"id\": \"book\", \"text\": {\"en\": \"Shall we meet next week?\"}, \"score\": {\"empathy\": 1}, \"next\": \"%s\"},\n"
             "      {\"id\": \"leave\", \"text\": {\"en\": \"I will call again later.\"}, \"next\": \"lost\"}]},\n"
             "    \"won\": {\"text\": {\"en\": \"Fine, next Tuesday.\"}, \"end\": {\"outcome\": \"pass\"}},\n"
             "    \"lost\": {\"text\": {\"en\": \"Goodbye.\"}, \"end\": {\"outcome\": \"fail\"}}\n"
             "  },\n"
             "  \"events\": {%s\"boss\": {\"label\": {\"en\": \"The boss walks in.\"}, \"next\": \"close\"}}\n"
             "}\n",
             reordered ? "\"trust\": {\"name\": {\"en\": \"Trust\"}, \"min\": 0, \"max\": 100, \"start\": 5}, " : "",
             without_listen ? ""
                            : "      {\"id\": \"listen\", \"text\": {\"en\": \"How did the warehouse go?\"}, "
                              "\"score\": {\"empathy\": 2}, \"next\": \"close\"},\n",
             close_line, broken ? "nowhere" : "won",
             reordered ? "\"fire\": {\"label\": {\"en\": \"A fire alarm.\"}, \"next\": \"lost\"}, " : "");
}

/* Saves as editors do: a new file beside the old one, renamed over it. */
static void save_scenario(const char *close_line, bool without_listen, bool broken)
{
    char text[8192], tmp[4300];
    make_scenario(text, sizeof text, close_line, without_listen, broken);
    snprintf(tmp, sizeof tmp, "%s/.reload-test.json.swp", tmpdir);
    ui_check_write_file(tmp, text);
    if (rename(tmp, scen_path) != 0) {
        fprintf(stderr, "cannot rename %s\n", tmp);
        exit(1);
    }
}

static void setup(void)
{
    ui_check_tmpdir("reload", tmpdir, sizeof tmpdir);
    snprintf(scen_path, sizeof scen_path, "%s/reload-test.json", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
}

static UiApp *open_app(const char *mode)
{
    UiOptions o = {.path = scen_path, .mode = mode, .trainee = "e1001", .locale = "en", .db = db_path,
                   .settings = settings_path, .audio = "null", .width = 1280, .height = 800,
                   .clock = ui_check_clock, .no_present = true};
    char err[512] = "";
    UiApp *a = ui_app_new(&o, err, sizeof err);
    CHECK_MSG(a != NULL, "ui_app_new: %s", err);
    if (a)
        ui_app_step(a, 0);
    return a;
}

static void key(UiApp *a, const char *name)
{
    ui_check_now += 1500;
    ui_check_key(a, name);
}

/* Steps the loop (each step waits up to 20 ms, as the loop does) until the reload part shows
 * something new: at most 400 steps. */
static bool step_until(UiApp *a, bool (*done)(const UiReloadView *, void *), void *ctx)
{
    for (int i = 0; i < 400; i++) {
        ui_app_step(a, 20);
        UiReloadView rv;
        ui_reload_view(a, &rv);
        if (done(&rv, ctx)) {
            ui_app_draw(a);
            return true;
        }
    }
    return false;
}

static bool reloads_reach(const UiReloadView *rv, void *ctx) { return rv->reloads >= *(int *)ctx; }
static bool has_errors(const UiReloadView *rv, void *ctx) { (void)ctx; return rv->nerrors > 0; }
static bool restart_offered(const UiReloadView *rv, void *ctx) { (void)ctx; return rv->restart_offered; }
static bool waiting(const UiReloadView *rv, void *ctx) { (void)ctx; return rv->waiting; }

/* Some text drawn in the last frame contains s. */
static bool drawn(UiApp *a, const char *s) { return ui_check_text_containing(ui_app_gfx(a), s) != NULL; }

/* With SPARRING_TEST_SHOTS=DIR, the frame is written there as NAME.png (to look at it). */
static void shot(UiApp *a, const char *name)
{
    ui_check_save_png(ui_app_gfx(a), getenv("SPARRING_TEST_SHOTS"), name);
}

static const char *node_id(const Play *p) { return scenario_node(play_scenario(p), play_node(p))->id; }

static const char *decision_choice(const Play *p, int d)
{
    const ScChoice *c = play_step_choice(p, play_decision_step(p, d));
    return c ? c->id : "";
}

static char *attempt_status(const char *attempt_id)
{
    char err[512];
    Records *db = records_open(db_path, err, sizeof err);
    if (!db)
        return strdup("(no db)");
    RecordsAttempt *at = records_attempt_load(db, attempt_id, err, sizeof err);
    char *s = strdup(at ? at->status : "(none)");
    records_attempt_free(at);
    records_close(db);
    return s;
}

/* Two decisions, then the file changes under the call: valid, invalid, fixed, a taken choice
 * removed. */
static void reload_replays_the_call_and_survives_bad_saves(void)
{
    save_scenario("Send me something in writing.", false, false);
    UiApp *a = open_app("practice");
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
    key(a, "Return"); /* start the call */
    key(a, "1");      /* ask */
    key(a, "Return"); /* the coach's feedback read */
    key(a, "1");      /* listen */
    key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK(v.play && !strcmp(node_id(v.play), "close"));
    CHECK(v.play && play_decision_count(v.play) == 2);
    CHECK(drawn(a, "Send me something in writing."));
    char first_attempt[40];
    snprintf(first_attempt, sizeof first_attempt, "%s", v.attempt_id);
    CHECK(first_attempt[0] != 0);
    int patience = v.play ? play_meter(v.play, 0) : -1;

    /* A new customer line, saved by rename. */
    save_scenario("Put it in an email and I will read it tonight.", false, false);
    int want = 1;
    CHECK_MSG(step_until(a, reloads_reach, &want), "no reload seen");
    UiReloadView rv;
    ui_reload_view(a, &rv);
    CHECK_INT(rv.replayed, 2);
    CHECK_MSG(strstr(rv.notice, "2 decisions replayed") != NULL, "notice: %s", rv.notice);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK(v.play && !strcmp(node_id(v.play), "close"));
    CHECK(v.play && play_decision_count(v.play) == 2);
    CHECK(v.play && !strcmp(decision_choice(v.play, 0), "ask") && !strcmp(decision_choice(v.play, 1), "listen"));
    CHECK(v.play && play_meter(v.play, 0) == patience);
    CHECK(drawn(a, "Put it in an email and I will read it tonight."));
    CHECK(!drawn(a, "Send me something in writing."));
    CHECK(drawn(a, "2 decisions replayed"));
    shot(a, "reloaded");
    /* The old attempt is closed as abandoned; the replayed play is a new attempt. */
    CHECK(v.attempt_id[0] && strcmp(v.attempt_id, first_attempt) != 0);
    char *st = attempt_status(first_attempt);
    CHECK_STR(st, "abandoned");
    free(st);
    st = attempt_status(v.attempt_id);
    CHECK_STR(st, "in_progress");
    free(st);
    const Play *before = v.play;

    /* An invalid save: the diagnostics show, the call goes on on the last good version. */
    save_scenario("Broken version.", false, true);
    CHECK_MSG(step_until(a, has_errors, NULL), "the invalid file was not reported");
    ui_reload_view(a, &rv);
    CHECK_INT(rv.reloads, 1);
    CHECK(rv.ndiags >= 1);
    char where[4400];
    snprintf(where, sizeof where, "%s:", scen_path);
    CHECK_MSG(rv.ndiags >= 1 && strncmp(rv.diag[0], where, strlen(where)) == 0 && strstr(rv.diag[0], "error") &&
                  strstr(rv.diag[0], "nowhere"),
              "diagnostic: %s", rv.ndiags ? rv.diag[0] : "(none)");
    /* FILE:LINE:COL, with the line of the bad `next` (line 16 of the file written above). */
    CHECK_MSG(rv.ndiags >= 1 && strncmp(rv.diag[0] + strlen(where), "16:", 3) == 0, "diagnostic: %s",
              rv.ndiags ? rv.diag[0] : "(none)");
    CHECK(rv.ndiags >= 1 && drawn(a, "nowhere"));
    shot(a, "invalid");
    ui_app_view(a, &v);
    CHECK(v.play == before);
    CHECK(v.play && !strcmp(node_id(v.play), "close"));
    CHECK(drawn(a, "Put it in an email and I will read it tonight."));
    CHECK(!drawn(a, "Broken version."));
    /* The session still takes keys. */
    ui_app_view(a, &v);
    CHECK_INT(v.nchoices, 2);

    /* Fixed: it reloads, the diagnostics go. */
    save_scenario("Fixed: an email is fine.", false, false);
    want = 2;
    CHECK_MSG(step_until(a, reloads_reach, &want), "the fixed file was not reloaded");
    ui_reload_view(a, &rv);
    CHECK_INT(rv.ndiags, 0);
    CHECK_INT(rv.nerrors, 0);
    CHECK_INT(rv.replayed, 2);
    CHECK(drawn(a, "Fixed: an email is fine."));
    CHECK(!drawn(a, "nowhere"));
    ui_app_view(a, &v);
    CHECK(v.play && !strcmp(node_id(v.play), "close") && play_decision_count(v.play) == 2);

    /* The choice taken at "middle" is removed: the replay fails, says which step, and the old
     * session goes on; F5 (or the button) restarts on the new file. */
    const Play *kept;
    ui_app_view(a, &v);
    kept = v.play;
    save_scenario("No listen choice now.", true, false);
    CHECK_MSG(step_until(a, restart_offered, NULL), "the failed replay was not reported");
    ui_reload_view(a, &rv);
    CHECK_INT(rv.reloads, 2);
    CHECK_MSG(strstr(rv.notice, "\"listen\"") && strstr(rv.notice, "step"), "notice: %s", rv.notice);
    ui_app_view(a, &v);
    CHECK(v.play == kept);
    CHECK(drawn(a, "Fixed: an email is fine."));
    UiRect b = ui_app_button_rect(a, "Restart on the new file (F5)");
    CHECK(b.w > 0 && b.h > 0);
    shot(a, "replay-failed");
    key(a, "F5");
    ui_reload_view(a, &rv);
    CHECK_INT(rv.reloads, 3);
    CHECK(!rv.restart_offered);
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK(v.play && !strcmp(node_id(v.play), "open") && play_decision_count(v.play) == 0);
    key(a, "1");
    key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.nchoices, 1); /* only "argue" is left at "middle" */
    ui_app_free(a);
}

/* In assessment mode the call is never changed under the trainee. */
static void assessment_keeps_the_old_version(void)
{
    save_scenario("Assessment line.", false, false);
    UiApp *a = open_app("assessment");
    if (!a)
        return;
    key(a, "Return");
    key(a, "1");
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    const Play *p = v.play;
    char sha[65] = "";
    if (p)
        snprintf(sha, sizeof sha, "%s", scenario_sha256(play_scenario(p)));
    save_scenario("Changed during the assessment.", false, false);
    CHECK_MSG(step_until(a, waiting, NULL), "the change was not noticed");
    UiReloadView rv;
    ui_reload_view(a, &rv);
    CHECK_INT(rv.reloads, 0);
    CHECK(strstr(rv.notice, "assessment") != NULL);
    ui_app_view(a, &v);
    CHECK(v.play == p);
    CHECK(p && !strcmp(scenario_sha256(play_scenario(p)), sha));
    CHECK(drawn(a, "changed on disk"));
    shot(a, "assessment");
    /* Finished, then back to the list: the new version goes in. */
    key(a, "1");
    key(a, "1");
    ui_app_view(a, &v);
    CHECK(v.play && play_status(v.play) == PLAY_ENDED);
    key(a, "Return"); /* to the debrief */
    key(a, "Escape"); /* to the list */
    int want = 1;
    CHECK(step_until(a, reloads_reach, &want));
    ui_app_free(a);
}

/* A window opened on one FILE that does not load: fixing the file makes it playable. */
static void a_broken_file_becomes_playable_when_fixed(void)
{
    save_scenario("Broken from the start.", false, true);
    UiApp *a = open_app("practice");
    if (!a)
        return;
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_PICKER);
    ui_app_draw(a);
    CHECK(ui_app_button_rect(a, "Reload test").w == 0); /* no card to open */
    save_scenario("Playable now.", false, false);
    int want = 1;
    CHECK_MSG(step_until(a, reloads_reach, &want), "the fixed file was not reloaded");
    UiRect card = ui_app_button_rect(a, "Reload test");
    CHECK(card.w > 0);
    ui_app_push_click(a, card.x + card.w / 2, card.y + card.h / 2);
    ui_app_step(a, 0);
    key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK(drawn(a, "We are not buying anything this year."));
    ui_app_free(a);
}

static bool notice_has(const UiReloadView *rv, void *ctx) { return strstr(rv->notice, (const char *)ctx) != NULL; }

/* The file deleted under the briefing: said so, the loaded version stays; saved again: back. */
static void a_deleted_file_is_reported(void)
{
    save_scenario("Here to stay.", false, false);
    UiApp *a = open_app("practice");
    if (!a)
        return;
    CHECK(unlink(scen_path) == 0);
    CHECK_MSG(step_until(a, notice_has, "no longer on disk"), "the deleted file was not reported");
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
    CHECK(drawn(a, "no longer on disk"));
    save_scenario("Here to stay.", false, false);
    CHECK_MSG(step_until(a, notice_has, "valid again"), "the file put back was not noticed");
    key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    ui_app_free(a);
}

/* Sandbox: a mentor's meter change and injected event are replayed by id, on a new version
 * whose meters and events come in another order. */
static void sandbox_replays_mentor_steps_by_id(void)
{
    reordered = false;
    save_scenario("Sandbox line.", false, false);
    UiApp *a = open_app("sandbox");
    if (!a)
        return;
    key(a, "Return");
    key(a, "1");      /* ask */
    key(a, "Return"); /* feedback read */
    Play *p = ui_app_live_play(a);
    CHECK(p && !strcmp(node_id(p), "middle"));
    if (!p) {
        ui_app_free(a);
        return;
    }
    ui_check_now += 1000;
    play_set_meter(p, 0, 33, ui_app_now(a));
    ui_app_play_changed(a, false);
    play_inject_event(p, 0, ui_app_now(a));
    ui_app_play_changed(a, true);
    CHECK(!strcmp(node_id(p), "close"));
    reordered = true;
    save_scenario("Sandbox line, second version.", false, false);
    int want = 1;
    CHECK_MSG(step_until(a, reloads_reach, &want), "no reload seen");
    UiReloadView rv;
    ui_reload_view(a, &rv);
    CHECK_INT(rv.replayed, 1);
    p = ui_app_live_play(a);
    CHECK(p && !strcmp(node_id(p), "close"));
    if (p) {
        const Scenario *sc = play_scenario(p);
        CHECK_INT(scenario_find_meter(sc, "patience"), 1);
        CHECK_INT(play_meter(p, scenario_find_meter(sc, "patience")), 33);
        CHECK_INT(play_meter(p, scenario_find_meter(sc, "trust")), 5);
        int events = 0;
        for (int i = 0; i < play_step_count(p); i++)
            if (play_step(p, i)->kind == PLAY_STEP_EVENT) {
                events++;
                CHECK_STR(scenario_event(sc, play_step(p, i)->index)->id, "boss");
            }
        CHECK_INT(events, 1);
    }
    CHECK(drawn(a, "Sandbox line, second version."));
    CHECK(drawn(a, "The boss walks in."));
    reordered = false;
    ui_app_free(a);
}

static int run_bin(const char *args, char **out)
{
    const char *bin = getenv("SPARRING_BIN");
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "'%s' play '%s' --db '%s' --no-sound %s 2>&1", bin ? bin : "build/sparring", scen_path,
             db_path, args);
    return check_run_cmd(cmd, out);
}

static void from_rejects_bad_values(void)
{
    save_scenario("From line.", false, false);
    char *out = NULL;
    int rc = run_bin("--from nowhere", &out);
    CHECK_INT(rc, 2);
    CHECK_MSG(out && strstr(out, "nowhere") && strstr(out, "open, middle, close, won, lost"), "%s", out);
    free(out);
    rc = run_bin("--from middle --set mood=3", &out);
    CHECK_INT(rc, 2);
    CHECK_MSG(out && strstr(out, "\"mood\"") && strstr(out, "patience"), "%s", out);
    free(out);
    rc = run_bin("--from middle --set patience=101", &out);
    CHECK_INT(rc, 2);
    CHECK_MSG(out && strstr(out, "0 to 100"), "%s", out);
    free(out);
    rc = run_bin("--from middle --set patience=ten", &out);
    CHECK_INT(rc, 2);
    free(out);
    rc = run_bin("--set patience=5", &out);
    CHECK_INT(rc, 2);
    free(out);
    rc = run_bin("--from middle --mode assessment", &out);
    CHECK_INT(rc, 2);
    free(out);
}

static void from_starts_the_call_at_the_node(void)
{
    save_scenario("From line.", false, false);
    const char *sets[] = {"patience=7"};
    UiFrom f;
    char err[1024] = "";
    CHECK_INT(ui_from_parse(scen_path, "middle", sets, 1, &f, err, sizeof err), 0);
    UiOptions o = {.path = scen_path, .mode = "practice", .trainee = "playtest", .locale = "en", .db = db_path,
                   .settings = settings_path, .audio = "null", .clock = ui_check_clock, .no_present = true};
    UiApp *a = ui_app_new(&o, err, sizeof err);
    CHECK_MSG(a != NULL, "%s", err);
    if (!a)
        return;
    CHECK_MSG(ui_from_start(a, &f, err, sizeof err) == 0, "%s", err);
    ui_app_step(a, 0);
    ui_app_draw(a);
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
    CHECK(v.play && !strcmp(node_id(v.play), "middle"));
    CHECK(v.play && play_meter(v.play, 0) == 7);
    CHECK(v.play && play_decision_count(v.play) == 0);
    CHECK(drawn(a, "The budget went to the new warehouse."));
    CHECK_INT(v.nchoices, 2);
    /* The attempt says it is a play-test from that node. */
    char aid[40];
    snprintf(aid, sizeof aid, "%s", v.attempt_id);
    ui_app_free(a);
    Records *db = records_open(db_path, err, sizeof err);
    RecordsAttempt *at = db ? records_attempt_load(db, aid, err, sizeof err) : NULL;
    CHECK_MSG(at != NULL, "%s", err);
    if (at) {
        CHECK_STR(at->start_node, "middle");
        CHECK_STR(at->mode, "practice");
        CHECK_STR(at->trainee_id, "playtest");
        CHECK(at->nmentor >= 1 && strstr(at->mentor[0].detail, "play-test") && strstr(at->mentor[0].detail, "patience=7"));
    }
    records_attempt_free(at);
    records_close(db);
}

int main(void)
{
    setup();
    RUN(reload_replays_the_call_and_survives_bad_saves);
    RUN(assessment_keeps_the_old_version);
    RUN(a_broken_file_becomes_playable_when_fixed);
    RUN(sandbox_replays_mentor_steps_by_id);
    RUN(a_deleted_file_is_reported);
    RUN(from_rejects_bad_values);
    RUN(from_starts_the_call_at_the_node);
    SDL_Quit();
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
