/* The audit's engine parts: word tables (errors with their line), the surface of an answer,
 * reading time, "the best answer" as the one that starts the best continuation, the validator's
 * warning about random branches that differ in what can still be scored, and the listing of a
 * folder. The whole command is tested on planted files by test_audit.py. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "audit_value.h"
#include "audit_words.h"
#include "check.h"
#include "play.h"

static AuditWords *words(const char *text)
{
    char err[256];
    AuditWords *w = audit_words_parse(text, strlen(text), "t.txt", err, sizeof err);
    CHECK_MSG(w != NULL, "%s", err);
    return w;
}

static void word_table_errors_name_their_line(void)
{
    const struct {
        const char *text, *error;
    } cases[] = {
        {"rate 200 words\n[trap]\nfree\n[bogus]\n", "t.txt:4: unknown section"},
        {"# comment\nphrase\n", "t.txt:2: a phrase before any section"},
        {"rate fast words\n", "t.txt:1: a rate line is"},
        {"rate 200 lines\n", "t.txt:1: a rate line is"},
        {"rate 5 words\n", "t.txt:1: the reading rate must be between"},
        {"[trap]\na\0b\n", "t.txt:2: a NUL byte"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256] = "";
        size_t len = strlen(cases[i].text);
        if (i == 5)
            len = 11; /* the NUL inside */
        AuditWords *w = audit_words_parse(cases[i].text, len, "t.txt", err, sizeof err);
        CHECK(w == NULL);
        CHECK_MSG(!strncmp(err, cases[i].error, strlen(cases[i].error)), "case %zu: %s", i, err);
        audit_words_free(w);
    }
    char big[300];
    memset(big, 'x', sizeof big);
    memcpy(big, "[trap]\n", 7);
    big[sizeof big - 1] = 0;
    char err[256];
    AuditWords *w = audit_words_parse(big, strlen(big), "t.txt", err, sizeof err);
    CHECK(w == NULL && strstr(err, "t.txt:2: a phrase longer than"));
    audit_words_free(w);
}

static void the_surface_of_an_answer(void)
{
    AuditWords *w = words("\xEF\xBB\xBFrate 60 words\r\n[acknowledgement]\nI understand\n理解\n[trap]\n  free  \n保证\n");
    AuditSurface s;
    audit_surface(w, "  \"I UNDERSTAND. Is it free?\" ", &s);
    CHECK(s.ack && s.question && s.trap && !s.exclaim);
    CHECK_INT(s.length, 30);
    audit_surface(w, "I understandably want freedom!", &s);
    CHECK(!s.ack && !s.trap && !s.question && s.exclaim); /* whole words only */
    audit_surface(w, "理解，我保证明天到，好吗？」", &s);
    CHECK(s.ack && s.trap && s.question);
    CHECK_INT(s.length, 14);
    audit_surface(NULL, "I understand, free?", &s);
    CHECK(!s.ack && !s.trap && s.question);
    audit_surface(w, "\xff\xfe broken", &s); /* invalid UTF-8: one character a byte, no crash */
    CHECK_INT(s.length, 9);
    /* 60 words a minute: a second a word; "don't" and "600,000" are one word each. */
    CHECK(audit_reading_seconds(w, "Don't pay 600,000 - ever.") == 4.0);
    audit_words_free(w);
    w = words("rate 60 characters\n");
    CHECK(audit_reading_seconds(w, "你好，世界！ ok") == 6.0); /* punctuation and spaces not counted */
    CHECK(audit_reading_seconds(NULL, "anything") == 0);
    audit_words_free(w);
}

/* A scenario from JSON with its values and a play at its start; free with fixture_free. */
typedef struct {
    DiagList d;
    Scenario *sc;
    AuditValue *v;
    Play *p;
} Fixture;

static bool fixture_load(Fixture *fx, const char *json)
{
    memset(fx, 0, sizeof *fx);
    fx->sc = scenario_load_buffer(json, strlen(json), "fixture.json", NULL, &fx->d);
    bool too_big = true;
    fx->v = fx->sc ? audit_value_new(fx->sc, &too_big) : NULL;
    fx->p = fx->v ? play_new(fx->sc, 1, (PlayOptions){.timers = true}) : NULL;
    CHECK(fx->p != NULL && !too_big);
    return fx->p != NULL;
}

static void fixture_free(Fixture *fx)
{
    play_free(fx->p);
    audit_value_free(fx->v);
    scenario_free(fx->sc);
    diag_list_free(&fx->d);
}

/* "take" scores 5 and ends the call; "ask" scores 1 and opens a decision worth 10 more. */
static const char best_json[] =
    "{\"format\":1,\"id\":\"t\",\"version\":\"1.0.0\",\"title\":\"T\",\"level\":\"new_hire\",\"locales\":[\"en\"],"
    "\"competencies\":{\"c\":{\"name\":\"C\"}},\"start\":\"a\",\"nodes\":{"
    "\"a\":{\"text\":\"A\",\"choices\":["
    "{\"id\":\"take\",\"text\":\"T\",\"score\":{\"c\":5},\"next\":\"end\"},"
    "{\"id\":\"ask\",\"text\":\"Q\",\"score\":{\"c\":1},\"next\":\"b\"}]},"
    "\"b\":{\"text\":\"B\",\"choices\":[{\"text\":\"X\",\"score\":{\"c\":10},\"next\":\"end\"}]},"
    "\"end\":{\"text\":\"E\",\"end\":{\"outcome\":\"pass\"}}}}";

static void the_best_answer_starts_the_best_continuation(void)
{
    Fixture fx;
    if (fixture_load(&fx, best_json)) {
        CHECK_INT(audit_value_now(fx.v, fx.p), 11);
        CHECK_INT(audit_value_choice(fx.v, fx.p, 0), 5);
        CHECK_INT(audit_value_choice(fx.v, fx.p, 1), 11);
        CHECK_INT(audit_value_best(fx.v, fx.p), 1); /* "ask", though "take" has more points here */
        play_choose(fx.p, 0, 0);
        CHECK_INT(play_step_best(fx.p, 0), 1); /* the debrief calls the same answer best */
        CHECK_INT(audit_value_best(fx.v, fx.p), -2); /* ended: no decision */
    }
    fixture_free(&fx);
}

/* "stay" and "wait" go round a loop that gains nothing, "go" leads on: all three are worth 1. */
static const char loop_json[] =
    "{\"format\":1,\"id\":\"loop\",\"version\":\"1.0.0\",\"title\":\"L\",\"level\":\"new_hire\","
    "\"locales\":[\"en\"],\"competencies\":{\"c\":{\"name\":\"C\"}},\"start\":\"a\",\"nodes\":{"
    "\"a\":{\"text\":\"A\",\"choices\":[{\"id\":\"stay\",\"text\":\"S\",\"next\":\"a\"},"
    "{\"id\":\"go\",\"text\":\"G\",\"next\":\"b\"},{\"id\":\"wait\",\"text\":\"W\",\"next\":\"a\"}]},"
    "\"b\":{\"text\":\"B\",\"choices\":[{\"text\":\"X\",\"score\":{\"c\":1},\"next\":\"end\"}]},"
    "\"end\":{\"text\":\"E\",\"end\":{\"outcome\":\"pass\"}}}}";

static void best_play_leaves_a_loop_that_gains_nothing(void)
{
    Fixture fx;
    if (fixture_load(&fx, loop_json)) {
        CHECK_INT(audit_value_choice(fx.v, fx.p, 0), audit_value_choice(fx.v, fx.p, 1));
        CHECK_INT(audit_value_best(fx.v, fx.p), 1);
    }
    fixture_free(&fx);
}

static int count_branch_warnings(const char *json)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_buffer(json, strlen(json), "r.json", NULL, &d);
    CHECK(sc != NULL);
    int n = 0;
    for (int i = 0; i < d.count; i++)
        n += d.items[i].severity == DIAG_WARNING && strstr(d.items[i].message, "random \"next\"") != NULL;
    scenario_free(sc);
    diag_list_free(&d);
    return n;
}

static void a_random_next_whose_branches_differ_is_a_warning(void)
{
    const char *head =
        "{\"format\":1,\"id\":\"r\",\"version\":\"1.0.0\",\"title\":\"R\",\"level\":\"new_hire\",\"locales\":[\"en\"],"
        "\"competencies\":{\"c\":{\"name\":\"C\"}},\"start\":\"a\",\"nodes\":{"
        "\"a\":{\"text\":\"A\",\"next\":[{\"node\":\"x\",\"weight\":1},{\"node\":\"y\",\"weight\":2}]},"
        "\"x\":{\"text\":\"X\",\"choices\":[{\"text\":\"1\",\"score\":{\"c\":3},\"next\":\"end\"}]},"
        "\"end\":{\"text\":\"E\",\"end\":{\"outcome\":\"pass\"}},";
    char even[2048], uneven[2048];
    snprintf(even, sizeof even, "%s\"y\":{\"text\":\"Y\",\"choices\":[{\"text\":\"2\",\"score\":{\"c\":3},\"next\":\"end\"}]}}}", head);
    snprintf(uneven, sizeof uneven, "%s\"y\":{\"text\":\"Y\",\"choices\":[{\"text\":\"2\",\"score\":{\"c\":2},\"next\":\"end\"}]}}}", head);
    CHECK_INT(count_branch_warnings(even), 0);
    CHECK_INT(count_branch_warnings(uneven), 1);
}

/* What `sparring audit PATH` reads: the file itself, or the scenario files of a folder (sorted,
 * sub-folders too, hidden entries and JSON Schemas left out). */
static void a_folder_lists_its_json_files_sorted(void)
{
    char dir[] = "/tmp/sparring-audit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    const char *files[] = {"b.json", "a.json", "sub/c.json", ".hidden.json", "notes.txt", "sub/schema.json"};
    enum { NFILES = sizeof files / sizeof *files };
    char path[512];
    snprintf(path, sizeof path, "%s/sub", dir);
    mkdir(path, 0700);
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        if (f)
            fclose(f);
    }
    CliPaths l;
    CHECK_INT(cli_scan_path(dir, &l), 0);
    CHECK_INT(l.n, 3);
    if (l.n == 3)
        CHECK(strstr(l.paths[0], "/a.json") && strstr(l.paths[1], "/b.json") && strstr(l.paths[2], "/sub/c.json"));
    cli_paths_free(&l);
    snprintf(path, sizeof path, "%s/b.json", dir);
    CHECK_INT(cli_scan_path(path, &l), 0);
    CHECK(l.n == 1 && !strcmp(l.paths[0], path));
    cli_paths_free(&l);
    snprintf(path, sizeof path, "%s/none", dir);
    CHECK_INT(cli_scan_path(path, &l), 0);
    CHECK(l.n == 0 && l.unreadable == 1);
    cli_paths_free(&l);
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/sub", dir);
    rmdir(path);
    rmdir(dir);
}

int main(void)
{
    RUN(word_table_errors_name_their_line);
    RUN(the_surface_of_an_answer);
    RUN(the_best_answer_starts_the_best_continuation);
    RUN(best_play_leaves_a_loop_that_gains_nothing);
    RUN(a_random_next_whose_branches_differ_is_a_warning);
    RUN(a_folder_lists_its_json_files_sorted);
    return check_summary();
}
