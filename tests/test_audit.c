/* The audit's engine parts: word tables (errors with their line), the surface of an answer,
 * reading time, "the best answer" as the one that starts the best continuation, the validator's
 * warning about random branches that differ in what can still be scored, and the listing of a
 * folder. The whole command is tested on planted files by test_audit.py. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
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
    DiagList d = {0};
    Scenario *sc = scenario_load_buffer(best_json, strlen(best_json), "best.json", NULL, &d);
    CHECK(sc != NULL);
    if (!sc)
        return;
    bool too_big = true;
    AuditValue *v = audit_value_new(sc, &too_big);
    CHECK(v != NULL && !too_big);
    Play *p = play_new(sc, 1, (PlayOptions){.timers = true});
    CHECK_INT(audit_value_now(v, p), 11);
    CHECK_INT(audit_value_choice(v, p, 0), 5);
    CHECK_INT(audit_value_choice(v, p, 1), 11);
    CHECK_INT(audit_value_best(v, p), 1); /* "ask", though "take" has more points here */
    play_choose(p, 0, 0);
    CHECK_INT(play_step_best(p, 0), 0); /* what the debrief calls best: the most points there */
    CHECK_INT(audit_value_best(v, p), -2); /* ended: no decision */
    play_free(p);
    audit_value_free(v);
    scenario_free(sc);
    diag_list_free(&d);
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

static void a_folder_lists_its_json_files_sorted(void)
{
    char dir[] = "/tmp/sparring-audit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    const char *files[] = {"b.json", "a.json", "sub/c.json", ".hidden.json", "notes.txt"};
    char path[512];
    snprintf(path, sizeof path, "%s/sub", dir);
    mkdir(path, 0700);
    for (size_t i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        if (f)
            fclose(f);
    }
    char **paths, err[256];
    int n = audit_paths(dir, &paths, err, sizeof err);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK(strstr(paths[0], "/a.json") && strstr(paths[1], "/b.json") && strstr(paths[2], "/sub/c.json"));
        audit_paths_free(paths, n);
    }
    snprintf(path, sizeof path, "%s/none", dir);
    CHECK_INT(audit_paths(path, &paths, err, sizeof err), -1);
    CHECK(strstr(err, "none") != NULL);
    for (size_t i = 0; i < 5; i++) {
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
    RUN(a_random_next_whose_branches_differ_is_a_warning);
    RUN(a_folder_lists_its_json_files_sorted);
    return check_summary();
}
