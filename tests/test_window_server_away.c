/* The trainer window on a shared PostgreSQL store whose server goes away and comes back, driven
 * with keys like a trainee, on a real server that this test starts, stops and starts again
 * (tests/pg_cluster.sh): what the banner says at each moment, and that every decision reaches
 * the shared store once, however the outage falls:
 *
 *   - lost in the middle of a call and back before its end: the answers (and a mentor's
 *     comment) are kept, the banner says so (not "not recorded"), and they are stored when the
 *     server is back, by the next answer or by the window's own retry while nobody answers;
 *   - lost at the end of a call, the trainee gone on to the next one: the finished attempt is
 *     held and completed when the server is back;
 *   - away when a call begins: it is recorded in the station's own file and joins the shared
 *     store when a later call finds the server again. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "pg_test.h"
#include "play.h"
#include "records.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_strings.h"

static char tmpdir[4096], scen_path[4200], settings_path[4200], data_dir[4200];
static const char *pg;
static char db[64], url[1024];

/* Three questions in a row, two answers each, no timers. */
static const char *scenario_json =
    "{\"format\":1,\"id\":\"away-test\",\"version\":\"1.0.0\",\"title\":{\"en\":\"Away test\"},"
    "\"level\":\"new_hire\",\"locales\":[\"en\"],\"competencies\":{\"empathy\":{\"name\":{\"en\":"
    "\"Empathy\"}}},\"pass_percent\":50,\"start\":\"q1\",\"nodes\":{"
    "\"q1\":{\"text\":{\"en\":\"First?\"},\"choices\":["
    "{\"id\":\"good\",\"text\":{\"en\":\"Good one\"},\"score\":{\"empathy\":2},\"next\":\"q2\"},"
    "{\"id\":\"poor\",\"text\":{\"en\":\"Poor one\"},\"score\":{\"empathy\":0},\"next\":\"q2\"}]},"
    "\"q2\":{\"text\":{\"en\":\"Second?\"},\"choices\":["
    "{\"id\":\"good\",\"text\":{\"en\":\"Good one\"},\"score\":{\"empathy\":2},\"next\":\"q3\"},"
    "{\"id\":\"poor\",\"text\":{\"en\":\"Poor one\"},\"score\":{\"empathy\":0},\"next\":\"q3\"}]},"
    "\"q3\":{\"text\":{\"en\":\"Third?\"},\"choices\":["
    "{\"id\":\"good\",\"text\":{\"en\":\"Good one\"},\"score\":{\"empathy\":2},\"next\":\"end\"},"
    "{\"id\":\"poor\",\"text\":{\"en\":\"Poor one\"},\"score\":{\"empathy\":0},\"next\":\"end\"}]},"
    "\"end\":{\"text\":{\"en\":\"Bye.\"},\"end\":{\"outcome\":\"pass\"}}}}";

/* Two questions, the second answered within 10 s (an assessment's countdown). */
static const char *timed_json =
    "{\"format\":1,\"id\":\"slow-test\",\"version\":\"1.0.0\",\"title\":{\"en\":\"Slow test\"},"
    "\"level\":\"new_hire\",\"locales\":[\"en\"],\"competencies\":{\"empathy\":{\"name\":{\"en\":"
    "\"Empathy\"}}},\"pass_percent\":50,\"start\":\"q1\",\"nodes\":{"
    "\"q1\":{\"text\":{\"en\":\"First?\"},\"choices\":["
    "{\"id\":\"good\",\"text\":{\"en\":\"Good one\"},\"score\":{\"empathy\":2},\"next\":\"q2\"},"
    "{\"id\":\"poor\",\"text\":{\"en\":\"Poor one\"},\"score\":{\"empathy\":0},\"next\":\"q2\"}]},"
    "\"q2\":{\"text\":{\"en\":\"Second?\"},\"time_limit\":10,\"timeout\":{\"next\":\"end\"},"
    "\"choices\":["
    "{\"id\":\"good\",\"text\":{\"en\":\"Good one\"},\"score\":{\"empathy\":2},\"next\":\"end\"},"
    "{\"id\":\"poor\",\"text\":{\"en\":\"Poor one\"},\"score\":{\"empathy\":0},\"next\":\"end\"}]},"
    "\"end\":{\"text\":{\"en\":\"Bye.\"},\"end\":{\"outcome\":\"pass\"}}}}";

/* The server stopped (fast: sessions cut) or started again (tests/pg_cluster.sh). */
static void server(bool up)
{
    const char *src = getenv("SPARRING_SOURCE_DIR");
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "bash -c '. \"%s/tests/pg_cluster.sh\" && pg_cluster_server_%s'",
             src ? src : ".", up ? "start" : "stop");
    CHECK_MSG(system(cmd) == 0, "%s", cmd);
}

static long count(const char *sql) { return pg_test_int(pg, db, sql); }

static UiApp *open_window(void)
{
    UiOptions o = {.path = scen_path, .mode = "practice", .trainee = "W1", .locale = "en", .db = url,
                   .settings = settings_path, .audio = "null", .width = 1024, .height = 768,
                   .clock = ui_check_clock, .no_present = true};
    return ui_check_open(&o);
}

/* From the briefing, a call. */
static void start_call(UiApp *a)
{
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_BRIEFING);
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_CALL);
}

/* Takes the first answer and goes on from the coach's feedback. */
static void answer(UiApp *a)
{
    UiView v;
    ui_app_view(a, &v);
    int before = v.play ? play_decision_count(v.play) : -1;
    ui_check_key(a, "1");
    ui_app_view(a, &v);
    CHECK_MSG(v.play && play_decision_count(v.play) == before + 1, "the answer is taken");
    if (v.feedback)
        ui_check_key(a, "Return");
}

/* The banner starts with fmt's words (up to its reason), and they are drawn. */
static bool banner_is(UiApp *a, const char *fmt)
{
    UiView v;
    ui_app_view(a, &v);
    char words[200];
    snprintf(words, sizeof words, "%.*s", (int)strcspn(fmt, "(%"), fmt);
    return v.banner && strncmp(v.banner, words, strlen(words)) == 0 &&
           ui_check_text_containing(ui_app_gfx(a), words) != NULL;
}

/* From the end of the call (its last line, the coach's feedback) on to the debrief; v is
 * what the window shows then. */
static void to_debrief(UiApp *a, UiView *v)
{
    ui_app_view(a, v);
    for (int k = 0; k < 3 && v->screen != UI_SCREEN_DEBRIEF; k++) {
        ui_check_key(a, "Return");
        ui_app_view(a, v);
    }
}

/* Nobody answers for a while: the window's loop goes on (its retries). */
static void wait_ms(UiApp *a, int ms)
{
    for (int t = 0; t < ms; t += 1000) {
        ui_check_now += 1000;
        ui_check_step(a);
    }
}

static void lost_mid_call_should_keep_the_answers(void)
{
    const UiStrings *s = ui_strings("en");
    UiApp *a = open_window();
    if (!a)
        return;
    start_call(a);
    answer(a);
    CHECK_INT(count("SELECT count(*) FROM decisions"), 1);
    server(false);
    answer(a); /* the second answer, the server away */
    CHECK_MSG(banner_is(a, s->server_lost), "the banner says the answers are kept");
    CHECK(!banner_is(a, s->not_recorded));
    char err[256]; /* a mentor's comment meanwhile (the console): kept for the server */
    CHECK_INT(recorder_mentor_event(ui_app_recorder(a), "comment", "while away", 5000, 2, err,
                                    sizeof err), 1);
    wait_ms(a, 8000); /* the window tries again: still away */
    CHECK(banner_is(a, s->server_lost));
    server(true);
    wait_ms(a, 12000); /* nobody answers: the window's retry stores the second answer */
    CHECK_MSG(banner_is(a, s->server_back), "the banner says the server is back");
    CHECK_INT(count("SELECT count(*) FROM decisions"), 2);
    CHECK_INT(count("SELECT count(*) FROM mentor_events WHERE detail = 'while away'"), 1);
    answer(a);
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_ENDED);
    CHECK_INT(count("SELECT count(*) FROM attempts WHERE status = 'completed'"), 1);
    CHECK_INT(count("SELECT count(*) FROM decisions"), 3);
    CHECK_INT(count("SELECT count(DISTINCT (attempt_id, seq)) FROM decisions"), 3);
    ui_app_free(a);
}

static void lost_at_the_end_should_complete_when_back(void)
{
    const UiStrings *s = ui_strings("en");
    UiApp *a = open_window();
    if (!a)
        return;
    start_call(a);
    answer(a);
    answer(a);
    server(false);
    answer(a); /* the last answer: the call ends, the server away */
    UiView v;
    ui_app_view(a, &v);
    CHECK_INT(play_status(v.play), PLAY_ENDED);
    to_debrief(a, &v);
    CHECK_INT(v.screen, UI_SCREEN_DEBRIEF);
    CHECK_MSG(banner_is(a, s->server_held), "the debrief says the attempt waits for the server");
    ui_check_key(a, "Escape"); /* on to the list, the server still away */
    wait_ms(a, 6000);
    CHECK(banner_is(a, s->server_held));
    server(true);
    wait_ms(a, 12000);
    CHECK_MSG(banner_is(a, s->server_back), "the banner says the server is back");
    CHECK_INT(count("SELECT count(*) FROM attempts WHERE status = 'completed'"), 2);
    CHECK_INT(count("SELECT count(*) FROM attempts WHERE status <> 'completed'"), 0);
    CHECK_INT(count("SELECT count(*) FROM decisions"), 6);
    ui_app_free(a);
}

static void away_at_the_start_should_record_here_then_join(void)
{
    const UiStrings *s = ui_strings("en");
    UiApp *a = open_window();
    if (!a)
        return;
    server(false);
    start_call(a);
    CHECK_MSG(banner_is(a, s->server_away), "the banner says the call is recorded here");
    for (int k = 0; k < 3; k++)
        answer(a);
    UiView v;
    ui_app_view(a, &v);
    char local_id[40];
    snprintf(local_id, sizeof local_id, "%s", v.attempt_id);
    CHECK(local_id[0] != 0);
    to_debrief(a, &v);
    server(true);
    /* Try again: the briefing, a new call on the shared store; the one recorded here joins. */
    ui_check_key(a, "Return");
    ui_app_view(a, &v);
    if (v.screen != UI_SCREEN_BRIEFING) { /* the debrief's default is the list: pick it again */
        ui_check_key(a, "Escape");
        ui_check_key(a, "Return");
    }
    start_call(a);
    CHECK(!banner_is(a, s->server_away));
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM attempts WHERE id = '%s' AND status = "
             "'completed'", local_id);
    CHECK_MSG(count(sql) == 1, "the attempt recorded here joined the shared store");
    snprintf(sql, sizeof sql, "SELECT count(*) FROM decisions WHERE attempt_id = '%s'", local_id);
    CHECK_INT(count(sql), 3);
    ui_app_free(a);
    CHECK_INT(count("SELECT count(*) FROM attempts WHERE status = 'completed'"), 3);
}

/* A records server that takes 3 s to store each decision (a trigger that sleeps), under an
 * assessment's countdown, on the real clock: the time the window waits for it is given back,
 * so the next question still has its full 10 s. */
static void a_slow_server_should_not_eat_the_countdown(void)
{
    char slow_db[64], slow_url[1024], path[4300];
    check_pg_database(pg, "window_slow", true, slow_db, sizeof slow_db, slow_url, sizeof slow_url);
    snprintf(path, sizeof path, "%s/slow-test.json", tmpdir);
    ui_check_write_file(path, timed_json);
    UiOptions o = {.path = path, .mode = "assessment", .trainee = "W2", .locale = "en",
                   .db = slow_url, .settings = settings_path, .audio = "null", .width = 1024,
                   .height = 768, .no_present = true}; /* the real clock */
    UiApp *a = ui_check_open(&o);
    if (!a)
        return;
    CHECK_INT(pg_test_exec(pg, slow_db, "CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql "
                                        "AS $$ BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$; "
                                        "CREATE TRIGGER slow BEFORE INSERT ON decisions FOR EACH "
                                        "ROW EXECUTE FUNCTION slow()"), 0);
    start_call(a);
    ui_check_key(a, "1"); /* the first answer: stored in 3 s (7 s left without the give-back) */
    UiView v;
    ui_app_view(a, &v);
    CHECK(v.play && play_decision_count(v.play) == 1);
    int64_t left = v.play ? play_time_left_ms(v.play, ui_app_now(a)) : -1;
    CHECK_MSG(left > 9000, "the second question has %lld ms of its 10 s", (long long)left);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM decisions WHERE attempt_id = '%s'", v.attempt_id);
    CHECK_INT(pg_test_int(pg, slow_db, sql), 1);
    ui_app_free(a);
}

/* The proxy of tests/freeze_proxy.py in front of the test server: its pid, its port to *port. */
static pid_t start_proxy(int *port)
{
    char sock[1200];
    snprintf(sock, sizeof sock, "%s/.s.PGSQL.%s", getenv("PG_CLUSTER_DIR"), getenv("PG_CLUSTER_PORT"));
    int fds[2];
    if (!getenv("PG_CLUSTER_DIR") || !getenv("PG_CLUSTER_PORT") || pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        char script[1200];
        snprintf(script, sizeof script, "%s/tests/freeze_proxy.py",
                 getenv("SPARRING_SOURCE_DIR") ? getenv("SPARRING_SOURCE_DIR") : ".");
        execlp("python3", "python3", script, sock, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char line[32] = "";
    FILE *f = fdopen(fds[0], "r");
    if (!f || !fgets(line, sizeof line, f))
        *port = 0;
    else
        *port = atoi(line);
    if (f)
        fclose(f);
    return pid;
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A server that does not answer at all (a network gone: the connection cut, a new one accepted
 * and never answered, by tests/freeze_proxy.py): an answer, and every retry while nobody
 * answers, holds the window a moment only (the connection is made again a quarter second at a
 * time, not for libpq's 10 s timeout), and once the server answers again, everything kept is
 * stored. */
static void a_server_that_does_not_answer_should_not_hold_the_window(void)
{
/* (the store also gets the attempts this station recorded on its own in the test before) */
#define W3_DECISIONS "SELECT count(*) FROM decisions d JOIN attempts a ON a.id = d.attempt_id " \
                     "WHERE a.trainee_id = 'W3'"
    const UiStrings *s = ui_strings("en");
    int port = 0;
    pid_t proxy = start_proxy(&port);
    CHECK_MSG(proxy > 0 && port > 0, "the proxy runs");
    if (proxy <= 0 || port <= 0)
        return;
    char frozen_db[64], direct[1024], via[1200];
    check_pg_database(pg, "window_frozen", true, frozen_db, sizeof frozen_db, direct, sizeof direct);
    snprintf(via, sizeof via, "postgresql://postgres@127.0.0.1:%d/%s", port, frozen_db);
    UiOptions o = {.path = scen_path, .mode = "practice", .trainee = "W3", .locale = "en",
                   .db = via, .settings = settings_path, .audio = "null", .width = 1024,
                   .height = 768, .clock = ui_check_clock, .no_present = true};
    UiApp *a = ui_check_open(&o);
    if (a) {
        start_call(a);
        answer(a);
        CHECK_INT(pg_test_int(pg, frozen_db, W3_DECISIONS), 1);
        kill(proxy, SIGUSR1);
        usleep(200 * 1000); /* the proxy cuts its connections */
        double t = wall_s();
        answer(a);
        double took = wall_s() - t;
        CHECK_MSG(took < 5, "an answer held the window %.1f s", took); /* blocking: 10 s */
        CHECK(banner_is(a, s->server_lost));
        t = wall_s();
        wait_ms(a, 40000); /* the window's retries meanwhile */
        took = wall_s() - t;
        CHECK_MSG(took < 10, "40 s of retries held the window %.1f s", took); /* blocking: 20 s */
        CHECK(banner_is(a, s->server_lost));
        kill(proxy, SIGUSR2);
        for (int k = 0; k < 10 && !banner_is(a, s->server_back); k++)
            wait_ms(a, 10000);
        CHECK_MSG(banner_is(a, s->server_back), "the banner says the server is back");
        CHECK_INT(pg_test_int(pg, frozen_db, W3_DECISIONS), 2);
        ui_app_free(a);
    }
    kill(proxy, SIGTERM);
    waitpid(proxy, NULL, 0);
}

int main(int argc, char **argv)
{
    (void)argc;
    pg = getenv("SPARRING_TEST_PG");
    if (!pg || !*pg) { /* a server of our own (tests/pg_cluster_run.sh), and run again under it */
        const char *src = getenv("SPARRING_SOURCE_DIR");
        char script[1024];
        snprintf(script, sizeof script, "%s/tests/pg_cluster_run.sh", src ? src : ".");
        execl("/bin/bash", "bash", script, argv[0], (char *)NULL);
        perror("bash");
        return 1;
    }
    ui_check_tmpdir("server-away", tmpdir, sizeof tmpdir);
    snprintf(scen_path, sizeof scen_path, "%s/away-test.json", tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    snprintf(data_dir, sizeof data_dir, "%s/data", tmpdir);
    setenv("XDG_DATA_HOME", data_dir, 1); /* the station's own file */
    ui_check_write_file(scen_path, scenario_json);
    check_pg_database(pg, "window_away", true, db, sizeof db, url, sizeof url);
    ui_check_now = 1000;
    RUN(lost_mid_call_should_keep_the_answers);
    RUN(lost_at_the_end_should_complete_when_back);
    RUN(away_at_the_start_should_record_here_then_join);
    RUN(a_slow_server_should_not_eat_the_countdown);
    RUN(a_server_that_does_not_answer_should_not_hold_the_window);
    return check_summary();
}
