/* The loader: what a valid file becomes (every view struct), defaults, flags, timers, random
 * branches, locales, SHA-256, BOM and CRLF, positions, and robustness on damaged input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "jsonpos.h"
#include "scenario.h"
#include "sha256.h"

static const char *EXAMPLE = "tests/data/valid/hung-up-call-example.json";

static Scenario *load_str(const char *json, DiagList *d)
{
    return scenario_load_buffer(json, strlen(json), "t.json", NULL, d);
}

/* Loads a string that must load with no diagnostic at all. */
static Scenario *load_ok(const char *json)
{
    DiagList d = {0};
    Scenario *sc = load_str(json, &d);
    for (int i = 0; i < d.count; i++) {
        char buf[1024];
        diag_format(&d.items[i], buf, sizeof buf);
        fprintf(stderr, "unexpected: %s\n", buf);
    }
    CHECK(sc != NULL);
    CHECK_INT(d.count, 0);
    diag_list_free(&d);
    return sc;
}

static void example_loads_with_every_field(void)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_file(EXAMPLE, &d);
    CHECK(sc != NULL);
    CHECK_INT(d.count, 0);
    diag_list_free(&d);
    if (!sc)
        return;
    CHECK_STR(scenario_id(sc), "hung-up-call");
    CHECK_STR(scenario_version(sc), "1.0.0");
    CHECK_STR(scenario_path(sc), EXAMPLE);
    CHECK_INT(scenario_level(sc), SC_LEVEL_NEW_HIRE);
    CHECK_STR(scenario_level_name(scenario_level(sc)), "new_hire");
    CHECK_INT(scenario_locale_count(sc), 2);
    CHECK_STR(scenario_locale(sc, 0), "zh");
    CHECK_STR(scenario_locale(sc, 1), "en");
    CHECK_STR(scenario_text(scenario_title(sc), 1), "The customer hangs up");
    CHECK_STR(scenario_text(scenario_title(sc), 0), "客户怒挂电话");
    CHECK(scenario_summary(sc)->by_locale == NULL);
    CHECK_STR(scenario_text(scenario_summary(sc), 0), "");
    CHECK_INT(scenario_tag_count(sc), 0);
    CHECK_INT(scenario_pass_percent(sc), 80);
    CHECK(scenario_time_limit(sc) == 20);

    CHECK_INT(scenario_competency_count(sc), 2);
    CHECK_STR(scenario_competency(sc, 0)->id, "empathy");
    CHECK_STR(scenario_text(&scenario_competency(sc, 1)->name, 1), "Needs discovery");
    CHECK_INT(scenario_meter_count(sc), 1);
    const ScMeter *m = scenario_meter(sc, 0);
    CHECK_STR(m->id, "patience");
    CHECK_INT(m->min, 0);
    CHECK_INT(m->max, 100);
    CHECK_INT(m->start, 30);
    CHECK(m->show);
    CHECK_INT(scenario_find_meter(sc, "patience"), 0);
    CHECK_INT(scenario_find_meter(sc, "trust"), -1);
    CHECK_INT(scenario_flag_count(sc), 0);
    CHECK_INT(scenario_event_count(sc), 0);

    CHECK_INT(scenario_node_count(sc), 4);
    CHECK_INT(scenario_start(sc), 0);
    int opening = scenario_find_node(sc, "opening"), listening = scenario_find_node(sc, "listening");
    int hung_up = scenario_find_node(sc, "hung_up"), won = scenario_find_node(sc, "won");
    CHECK_INT(opening, 0);
    CHECK_INT(listening, 1);
    CHECK_INT(hung_up, 2);
    CHECK_INT(won, 3);
    CHECK_INT(scenario_find_node(sc, "nowhere"), -1);

    const ScNode *n = scenario_node(sc, opening);
    CHECK_STR(n->id, "opening");
    CHECK_INT(n->speaker, SC_SPEAKER_CUSTOMER);
    CHECK_STR(n->mood, "angry");
    CHECK_STR(n->sound, "pickup");
    CHECK(n->sound_builtin);
    CHECK_INT(n->kind, SC_NODE_CHOICES);
    CHECK_INT(n->nchoices, 2);
    CHECK(n->time_limit == 20);
    CHECK(n->timeout != NULL);
    if (n->timeout) {
        CHECK_STR(n->timeout->id, "timeout");
        CHECK_INT(n->timeout->next.node, hung_up);
        CHECK(n->timeout->text.by_locale == NULL);
        CHECK(n->timeout->requires == NULL);
        CHECK_STR(scenario_text(&n->timeout->feedback, 1), "Silence made it worse.");
    }
    const ScChoice *c = &n->choices[0];
    CHECK_STR(c->id, "1");
    CHECK_STR(n->choices[1].id, "2");
    CHECK_INT(c->nscore, 2);
    CHECK_INT(c->score[0].competency, 0);
    CHECK_INT(c->score[0].points, 3);
    CHECK_INT(c->score[1].competency, 1);
    CHECK_INT(c->score[1].points, 1);
    CHECK_INT(c->effects.nmeters, 1);
    CHECK_INT(c->effects.meters[0].meter, 0);
    CHECK_INT(c->effects.meters[0].delta, 20);
    CHECK_INT(c->next.node, listening);
    CHECK_INT(c->next.nbranches, 0);
    CHECK(c->requires == NULL);
    CHECK(c->requires_src == NULL);
    CHECK_STR(scenario_text(&c->feedback, 1), "Own the problem, then give one concrete reason.");
    CHECK_INT(n->choices[1].score[0].points, -2);
    CHECK_INT(n->choices[1].effects.meters[0].delta, -30);
    CHECK(n->choices[1].feedback.by_locale == NULL);

    const ScNode *l = scenario_node(sc, listening);
    CHECK(l->choices[0].requires != NULL);
    CHECK_STR(l->choices[0].requires_src, "patience >= 40");
    CHECK_INT(l->choices[0].next.node, won);

    const ScNode *h = scenario_node(sc, hung_up);
    CHECK_INT(h->kind, SC_NODE_END);
    CHECK_INT(h->outcome, SC_OUTCOME_FAIL);
    CHECK(h->end_text.by_locale == NULL);
    CHECK(h->time_limit == 0); /* an ending has no timer */
    CHECK(h->timeout == NULL);
    CHECK_STR(h->sound, "hangup");
    CHECK(h->mood == NULL);
    CHECK_INT(scenario_node(sc, won)->outcome, SC_OUTCOME_PASS);

    const ScMax *mx = scenario_max(sc);
    CHECK_INT(mx->total, 7);
    CHECK_INT(mx->competency[0], 3);
    CHECK_INT(mx->competency[1], 4);

    /* the fingerprint is the SHA-256 of the file's bytes */
    size_t len;
    char *bytes = check_read_file(EXAMPLE, &len);
    char hex[65];
    sha256_hex(bytes, len, hex);
    CHECK_STR(scenario_sha256(sc), hex);
    CHECK_INT(strlen(scenario_sha256(sc)), 64);
    free(bytes);
    scenario_free(sc);
}

static void buffer_has_empty_path_and_same_hash(void)
{
    size_t len;
    char *bytes = check_read_file(EXAMPLE, &len);
    DiagList d = {0};
    Scenario *a = scenario_load_buffer(bytes, len, "example", NULL, &d);
    Scenario *b = scenario_load_file(EXAMPLE, &d);
    CHECK(a && b);
    if (a && b) {
        CHECK_STR(scenario_path(a), "");
        CHECK_STR(scenario_sha256(a), scenario_sha256(b));
    }
    scenario_free(a);
    scenario_free(b);
    diag_list_free(&d);
    free(bytes);
}

static const char *HEAD =
    "{\"format\": 1, \"id\": \"t\", \"version\": \"2.10.3\", \"title\": \"T\", \"level\": \"manager\",\n"
    " \"locales\": [\"en\"], \"competencies\": {\"c\": {\"name\": \"C\"}, \"d\": {\"name\": \"D\"}},\n";

static char *with_head(const char *rest)
{
    size_t n = strlen(HEAD) + strlen(rest) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%s%s", HEAD, rest);
    return s;
}

static void defaults_and_written_values(void)
{
    char *json = with_head(
        " \"summary\": \"Brief\", \"tags\": [\"phone\", \"negotiation\"], \"pass_percent\": 65,\n"
        " \"meters\": {\"trust\": {\"name\": \"Trust\", \"min\": -5, \"max\": 5, \"start\": 0, \"show\": false}},\n"
        " \"start\": \"a\",\n"
        " \"nodes\": {\n"
        "  \"a\": {\"speaker\": \"narrator\", \"text\": \"A\", \"next\": \"b\"},\n"
        "  \"b\": {\"speaker\": \"coach\", \"text\": \"B\", \"effects\": {\"trust\": 2},\n"
        "         \"choices\": [{\"id\": \"yes\", \"text\": \"Y\", \"score\": {\"d\": 4}, \"next\": \"e\"},\n"
        "                     {\"text\": \"N\", \"score\": {\"c\": 1}, \"next\": \"e\"},\n"
        "                     {\"id\": \"_maybe\", \"text\": \"M\", \"next\": \"e\"}]},\n"
        "  \"e\": {\"text\": \"E\", \"end\": {\"outcome\": \"neutral\", \"text\": \"Done.\"}}}}\n");
    Scenario *sc = load_ok(json);
    free(json);
    if (!sc)
        return;
    CHECK_STR(scenario_version(sc), "2.10.3");
    CHECK_INT(scenario_level(sc), SC_LEVEL_MANAGER);
    CHECK_STR(scenario_text(scenario_summary(sc), 0), "Brief");
    CHECK_INT(scenario_tag_count(sc), 2);
    CHECK_STR(scenario_tag(sc, 1), "negotiation");
    CHECK_INT(scenario_pass_percent(sc), 65);
    CHECK(scenario_time_limit(sc) == 0);
    const ScMeter *m = scenario_meter(sc, 0);
    CHECK_INT(m->min, -5);
    CHECK(!m->show);
    const ScNode *a = scenario_node(sc, 0), *b = scenario_node(sc, 1), *e = scenario_node(sc, 2);
    CHECK_INT(a->speaker, SC_SPEAKER_NARRATOR);
    CHECK_INT(a->kind, SC_NODE_NEXT);
    CHECK_INT(a->next.node, 1);
    CHECK(a->sound == NULL);
    CHECK_INT(b->speaker, SC_SPEAKER_COACH);
    CHECK_INT(b->effects.nmeters, 1);
    CHECK_INT(b->effects.meters[0].delta, 2);
    CHECK_STR(b->choices[0].id, "yes");
    CHECK_STR(b->choices[1].id, "2");
    CHECK_STR(b->choices[2].id, "_maybe");
    CHECK(b->time_limit == 0);
    CHECK(b->timeout == NULL);
    CHECK_INT(e->outcome, SC_OUTCOME_NEUTRAL);
    CHECK_STR(scenario_text(&e->end_text, 0), "Done.");
    CHECK_INT(scenario_max(sc)->total, 4);
    scenario_free(sc);
}

/* The revision of 2026-12-02: "group" (default the id), a choice's or timeout's "technique"
 * (a string or an array) and "critical"; a file without them reads as before. */
static void group_technique_critical(void)
{
    char *json = with_head(
        " \"group\": \"angry-callers\", \"start\": \"a\", \"time_limit\": 10,\n"
        " \"timeout\": {\"next\": \"e\", \"critical\": true, \"technique\": \"silence\"},\n"
        " \"nodes\": {\n"
        "  \"a\": {\"text\": \"A\", \"choices\": [\n"
        "    {\"text\": \"1\", \"score\": {\"c\": 1}, \"technique\": \"LAER\", \"next\": \"e\"},\n"
        "    {\"text\": \"2\", \"technique\": [\"SPIN:implication\", \"feel-felt-found\"], \"critical\": true, \"next\": \"e\"},\n"
        "    {\"text\": \"3\", \"technique\": [], \"critical\": false, \"next\": \"e\"}]},\n"
        "  \"e\": {\"text\": \"E\", \"end\": {\"outcome\": \"pass\"}}}}\n");
    Scenario *sc = load_ok(json);
    free(json);
    if (!sc)
        return;
    CHECK_STR(scenario_group(sc), "angry-callers");
    const ScNode *a = scenario_node(sc, 0);
    CHECK_INT(a->choices[0].ntechniques, 1);
    CHECK_STR(a->choices[0].techniques[0], "LAER");
    CHECK(!a->choices[0].critical);
    CHECK_INT(a->choices[1].ntechniques, 2);
    CHECK_STR(a->choices[1].techniques[0], "SPIN:implication");
    CHECK_STR(a->choices[1].techniques[1], "feel-felt-found");
    CHECK(a->choices[1].critical);
    CHECK_INT(a->choices[2].ntechniques, 0);
    CHECK(!a->choices[2].critical);
    CHECK(a->timeout != NULL);
    if (a->timeout) {
        CHECK(a->timeout->critical);
        CHECK_INT(a->timeout->ntechniques, 1);
        CHECK_STR(a->timeout->techniques[0], "silence");
    }
    scenario_free(sc);

    /* without the keys: the group is the id; no techniques, nothing critical */
    DiagList d = {0};
    sc = scenario_load_file(EXAMPLE, &d);
    diag_list_free(&d);
    CHECK(sc != NULL);
    if (!sc)
        return;
    CHECK_STR(scenario_group(sc), "hung-up-call");
    for (int i = 0; i < scenario_node_count(sc); i++) {
        const ScNode *n = scenario_node(sc, i);
        for (int c = 0; c < n->nchoices; c++)
            CHECK(!n->choices[c].critical && n->choices[c].ntechniques == 0 && n->choices[c].techniques == NULL);
        if (n->timeout)
            CHECK(!n->timeout->critical && n->timeout->ntechniques == 0);
    }
    scenario_free(sc);
}

/* Flags: the names in any "set", indexed in order of first appearance in the file (a top-level
 * timeout written after the nodes comes after them); a flag read by a condition. */
static void flags_in_order_of_first_appearance(void)
{
    char *json = with_head(
        " \"meters\": {\"p\": {\"name\": \"P\", \"min\": 0, \"max\": 10, \"start\": 5}},\n"
        " \"start\": \"a\", \"time_limit\": 10,\n"
        " \"nodes\": {\n"
        "  \"a\": {\"text\": \"A\", \"effects\": {\"set\": [\"zeta\"]},\n"
        "         \"choices\": [{\"text\": \"1\", \"effects\": {\"set\": [\"alpha\", \"zeta\"], \"clear\": [\"zeta\"]}, \"next\": \"b\"}]},\n"
        "  \"b\": {\"text\": \"B\", \"timeout\": {\"next\": \"e\", \"effects\": {\"set\": [\"mid\"]}},\n"
        "         \"choices\": [{\"text\": \"1\", \"requires\": \"alpha and zeta and mid and late or p > 3\", \"score\": {\"c\": 1}, \"next\": \"e\"}]},\n"
        "  \"e\": {\"text\": \"E\", \"end\": {\"outcome\": \"pass\"}}},\n"
        " \"timeout\": {\"next\": \"e\", \"score\": {\"d\": -1}, \"effects\": {\"set\": [\"late\"]}}}\n");
    Scenario *sc = load_ok(json);
    free(json);
    if (!sc)
        return;
    CHECK_INT(scenario_flag_count(sc), 4);
    CHECK_STR(scenario_flag(sc, 0), "zeta");
    CHECK_STR(scenario_flag(sc, 1), "alpha");
    CHECK_STR(scenario_flag(sc, 2), "mid");
    CHECK_STR(scenario_flag(sc, 3), "late");
    CHECK_INT(scenario_find_meter(sc, "zeta"), -1); /* a flag is not a meter */
    const ScNode *a = scenario_node(sc, 0), *b = scenario_node(sc, 1);
    CHECK_INT(a->effects.nset, 1);
    CHECK_INT(a->effects.set[0], 0);
    const ScEffects *ce = &a->choices[0].effects;
    CHECK_INT(ce->nset, 2);
    CHECK_INT(ce->set[0], 1);
    CHECK_INT(ce->set[1], 0);
    CHECK_INT(ce->nclear, 1);
    CHECK_INT(ce->clear[0], 0);
    /* timers: the scenario's 10 s; b's own outcome, a's the scenario's */
    CHECK(a->time_limit == 10 && b->time_limit == 10);
    CHECK(a->timeout != NULL && b->timeout != NULL && a->timeout != b->timeout);
    if (a->timeout && b->timeout) {
        CHECK_INT(a->timeout->nscore, 1);
        CHECK_INT(a->timeout->score[0].competency, 1);
        CHECK_INT(a->timeout->score[0].points, -1);
        CHECK_INT(a->timeout->effects.set[0], 3);
        CHECK_INT(b->timeout->effects.set[0], 2);
        CHECK_STR(b->timeout->id, "timeout");
    }
    scenario_free(sc);
}

/* A node's time_limit overrides the scenario's, 0 included (no timer: no outcome needed). */
static void node_timer_overrides(void)
{
    char *json = with_head(
        " \"start\": \"a\", \"time_limit\": 30, \"timeout\": {\"next\": \"e\"},\n"
        " \"nodes\": {\n"
        "  \"a\": {\"text\": \"A\", \"time_limit\": 0, \"choices\": [{\"text\": \"1\", \"next\": \"b\"}]},\n"
        "  \"b\": {\"text\": \"B\", \"time_limit\": 7.5, \"choices\": [{\"text\": \"1\", \"score\": {\"c\": 2}, \"next\": \"e\"}]},\n"
        "  \"e\": {\"text\": \"E\", \"end\": {\"outcome\": \"pass\"}}}}\n");
    Scenario *sc = load_ok(json);
    free(json);
    if (!sc)
        return;
    CHECK(scenario_node(sc, 0)->time_limit == 0);
    CHECK(scenario_node(sc, 1)->time_limit == 7.5);
    CHECK(scenario_node(sc, 1)->timeout != NULL);
    scenario_free(sc);
}

static void random_branches_and_events(void)
{
    char *json = with_head(
        " \"start\": \"a\",\n"
        " \"events\": {\"budget_cut\": {\"label\": \"Budget cut\", \"next\": [{\"node\": \"b\", \"weight\": 1}, {\"node\": \"e\", \"weight\": 2.5}]},\n"
        "            \"call_back\": {\"label\": \"Call back\", \"next\": \"late\"}},\n"
        " \"nodes\": {\n"
        "  \"a\": {\"text\": \"A\", \"choices\": [{\"text\": \"1\", \"score\": {\"c\": 1}, \"next\": [{\"node\": \"b\", \"weight\": 0.5}, {\"node\": \"e\", \"weight\": 3}]}]},\n"
        "  \"b\": {\"text\": \"B\", \"next\": \"e\"},\n"
        "  \"late\": {\"text\": \"Only an event leads here\", \"next\": \"e\"},\n"
        "  \"e\": {\"text\": \"E\", \"end\": {\"outcome\": \"pass\"}}}}\n");
    Scenario *sc = load_ok(json); /* "late" is reachable: events count */
    free(json);
    if (!sc)
        return;
    const ScGoto *g = &scenario_node(sc, 0)->choices[0].next;
    CHECK_INT(g->node, -1);
    CHECK_INT(g->nbranches, 2);
    CHECK_INT(g->branches[0].node, 1);
    CHECK(g->branches[0].weight == 0.5);
    CHECK_INT(g->branches[1].node, 3);
    CHECK(g->branches[1].weight == 3);
    CHECK_INT(scenario_event_count(sc), 2);
    CHECK_INT(scenario_find_event(sc, "call_back"), 1);
    CHECK_INT(scenario_find_event(sc, "nope"), -1);
    const ScEvent *e = scenario_event(sc, 0);
    CHECK_STR(e->id, "budget_cut");
    CHECK_STR(scenario_text(&e->label, 0), "Budget cut");
    CHECK_INT(e->next.nbranches, 2);
    CHECK(e->next.branches[1].weight == 2.5);
    CHECK_INT(scenario_event(sc, 1)->next.node, 2);
    scenario_free(sc);
}

static void locale_index(void)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_file(EXAMPLE, &d);
    diag_list_free(&d);
    CHECK(sc != NULL);
    if (!sc)
        return;
    CHECK_INT(scenario_locale_index(sc, "en"), 1);
    CHECK_INT(scenario_locale_index(sc, "zh"), 0);
    CHECK_INT(scenario_locale_index(sc, "en_US.UTF-8"), 1);
    CHECK_INT(scenario_locale_index(sc, "EN"), 1);
    CHECK_INT(scenario_locale_index(sc, "zh_CN.UTF-8"), 0);
    CHECK_INT(scenario_locale_index(sc, "fr"), 0);
    CHECK_INT(scenario_locale_index(sc, "C"), 0);
    CHECK_INT(scenario_locale_index(sc, NULL), 0);
    scenario_free(sc);
}

/* A BOM and CRLF line ends load; positions count neither the BOM nor the CR. */
static void bom_and_crlf(void)
{
    size_t len;
    char *lf = check_read_file(EXAMPLE, &len);
    char *crlf = malloc(len * 2 + 4);
    size_t n = 0;
    memcpy(crlf, "\xEF\xBB\xBF", 3);
    n = 3;
    for (size_t i = 0; i < len; i++) {
        if (lf[i] == '\n')
            crlf[n++] = '\r';
        crlf[n++] = lf[i];
    }
    DiagList d = {0};
    Scenario *sc = scenario_load_buffer(crlf, n, "crlf.json", NULL, &d);
    CHECK(sc != NULL);
    CHECK_INT(d.count, 0);
    if (sc)
        CHECK_INT(scenario_max(sc)->total, 7);
    scenario_free(sc);
    diag_list_free(&d);
    free(crlf);
    free(lf);

    const char *bad = "\xEF\xBB\xBF{\r\n  \"format\": 3\r\n}";
    CHECK(scenario_load_buffer(bad, strlen(bad), "b.json", NULL, &d) == NULL);
    CHECK_INT(d.count, 1);
    if (d.count) {
        CHECK_INT(d.items[0].line, 2);
        CHECK_INT(d.items[0].col, 13);
        CHECK_STR(d.items[0].message, "unsupported format 3; this build reads 1");
        CHECK_STR(d.items[0].pointer, "/format");
    }
    diag_list_free(&d);
    /* a lone CR ends a line too */
    const char *cr = "{\r\"format\": 2}";
    CHECK(scenario_load_buffer(cr, strlen(cr), "b.json", NULL, &d) == NULL);
    CHECK(d.count == 1 && d.items[0].line == 2 && d.items[0].col == 11);
    diag_list_free(&d);
}

/* Columns count characters, not bytes; a tab is one column. */
static void columns_count_code_points(void)
{
    const char *json = "{\"title\": \"客户怒挂电话\", \t\"format\": 9}";
    DiagList d = {0};
    CHECK(load_str(json, &d) == NULL);
    CHECK_INT(d.count, 1);
    if (d.count) {
        CHECK_INT(d.items[0].line, 1);
        CHECK_INT(d.items[0].col, 32);
    }
    diag_list_free(&d);
}

/* Every problem is reported, sorted by position; a second load appends to the same list and
 * sorts only its own diagnostics. */
static void all_problems_sorted(void)
{
    char *json = with_head(
        " \"start\": \"nowhere\",\n"
        " \"nodes\": {\n"
        "  \"a\": {\"text\": \"A\", \"choices\": [{\"text\": \"1\", \"score\": {\"x\": 1}, \"next\": \"b\"}]},\n"
        "  \"e\": {\"text\": \"E\", \"end\": {\"outcome\": \"win\"}}}, \"extra\": 1}\n");
    DiagList d = {0};
    /* one from an earlier file: a later load leaves it in place */
    diag_add(&d, DIAG_WARNING, "first.json", 99, 1, "/x", "kept first");
    Scenario *sc = load_str(json, &d);
    free(json);
    CHECK(sc == NULL);
    CHECK_INT(d.count, 6);
    CHECK_INT(d.errors, 4);
    CHECK_INT(d.warnings, 2);
    if (d.count == 6) {
        CHECK_STR(d.items[0].message, "kept first");
        CHECK_STR(d.items[1].message, "unknown node \"nowhere\"");
        CHECK_INT(d.items[1].line, 3);
        CHECK_STR(d.items[2].message, "unknown competency \"x\"");
        CHECK_STR(d.items[3].message, "unknown node \"b\"");
        CHECK_STR(d.items[4].message, "\"outcome\" must be \"pass\", \"fail\" or \"neutral\"");
        CHECK_STR(d.items[5].message, "unknown key \"extra\" in the scenario; it is ignored");
        CHECK_INT(d.items[5].line, 6);
        for (int i = 2; i < d.count; i++)
            CHECK(d.items[i - 1].line < d.items[i].line ||
                  (d.items[i - 1].line == d.items[i].line && d.items[i - 1].col <= d.items[i].col));
    }
    diag_list_free(&d);
}

/* A condition error points inside the string, through escapes. */
static void condition_error_column_inside_string(void)
{
    char *json = with_head(
        " \"meters\": {\"p\": {\"name\": \"P\", \"min\": 0, \"max\": 10, \"start\": 5}},\n"
        " \"start\": \"a\",\n"
        " \"nodes\": {\n"
        "  \"a\": {\"text\": \"A\", \"choices\": [{\"text\": \"1\", \"requires\": \"\\u0070 > 1 and \\\"q\\\" > 2\", \"score\": {\"c\": 1}, \"next\": \"e\"}]},\n"
        "  \"e\": {\"text\": \"E\", \"end\": {\"outcome\": \"pass\"}}}}\n");
    DiagList d = {0};
    CHECK(load_str(json, &d) == NULL);
    free(json);
    CHECK_INT(d.count, 1);
    if (d.count) {
        /* the condition is `p > 1 and "q" > 2`: the error is at `"` (byte 10), which in the
         * file is after the 6-byte \u0070 escape */
        CHECK_INT(d.items[0].line, 6);
        const char *line = "  \"a\": {\"text\": \"A\", \"choices\": [{\"text\": \"1\", \"requires\": \"";
        CHECK_INT(d.items[0].col, (int)strlen(line) + 1 + 6 + 9);
        CHECK_STR(d.items[0].pointer, "/nodes/a/choices/0/requires");
    }
    diag_list_free(&d);
}

static void sha256_fips_vectors(void)
{
    char hex[65];
    for (int portable = 0; portable <= 1; portable++) {
        sha256_portable_only = portable;
        sha256_hex("abc", 3, hex);
        CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        sha256_hex("", 0, hex);
        CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        sha256_hex(two, strlen(two), hex);
        CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        char *a = malloc(1000000);
        memset(a, 'a', 1000000);
        sha256_hex(a, 1000000, hex);
        CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        /* in uneven pieces, the same */
        Sha256 c;
        unsigned char dg[32];
        sha256_init(&c);
        for (size_t off = 0, step = 1; off < 1000000; off += step, step = step * 3 % 1000 + 1)
            sha256_update(&c, a + off, off + step > 1000000 ? 1000000 - off : step);
        sha256_final(&c, dg);
        char hex2[65];
        for (int i = 0; i < 32; i++)
            snprintf(hex2 + 2 * i, 3, "%02x", dg[i]);
        CHECK_STR(hex2, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        free(a);
    }
    sha256_portable_only = false;
    /* both ways agree at every length around the block size */
    char *buf = malloc(300);
    for (int i = 0; i < 300; i++)
        buf[i] = (char)(i * 7 + 3);
    for (size_t n = 0; n < 300; n++) {
        char x[65], y[65];
        sha256_portable_only = false;
        sha256_hex(buf, n, x);
        sha256_portable_only = true;
        sha256_hex(buf, n, y);
        CHECK_STR(x, y);
    }
    sha256_portable_only = false;
    free(buf);
}

/* jsonpos on its own: pointers with escapes, array indexes, keys, and a missing tail. */
static int reports;
static void count_report(void *ctx, size_t off, const char *p, const char *m)
{
    (void)ctx;
    (void)off;
    (void)p;
    (void)m;
    reports++;
}

static void jsonpos_pointers(void)
{
    const char *t = "{\"a/b\": [1, {\"~k\": true}], \"x\\u0079\": \"s\", \"e\": {}}";
    bool fatal;
    reports = 0;
    JsonPos *jp = jsonpos_build(t, strlen(t), 64, count_report, NULL, &fatal);
    CHECK(jp != NULL);
    CHECK_INT(reports, 0);
    if (!jp)
        return;
    CHECK_INT(jsonpos_find(jp, "", false), 0);
    CHECK_INT(jsonpos_find(jp, "/a~1b", false), 8);
    CHECK_INT(jsonpos_find(jp, "/a~1b", true), 1);
    CHECK_INT(jsonpos_find(jp, "/a~1b/0", false), 9);
    CHECK_INT(jsonpos_find(jp, "/a~1b/1", false), 12);
    CHECK_INT(jsonpos_find(jp, "/a~1b/1/~0k", false), 19);
    CHECK_INT(jsonpos_find(jp, "/a~1b/1/~0k", true), 13);
    CHECK_INT(jsonpos_find(jp, "/xy", false), 38);
    CHECK_INT(jsonpos_find(jp, "/e/missing/deeper", false), 48); /* the deepest that exists */
    CHECK_INT(jsonpos_find(jp, "/a~1b/7", false), 8);
    CHECK_INT(jsonpos_find(jp, "/a~1b/01x", false), 8);
    jsonpos_free(jp);

    /* duplicate keys are reported, and the scan goes on */
    const char *dup = "{\"k\": 1, \"j\": {\"a\": 1, \"a\": 2}, \"k\": 3}";
    reports = 0;
    jp = jsonpos_build(dup, strlen(dup), 64, count_report, NULL, &fatal);
    CHECK(jp != NULL && !fatal);
    CHECK_INT(reports, 2);
    jsonpos_free(jp);
    /* in a big object too (the sorted path) */
    char big[4096];
    size_t n = 0;
    n += (size_t)snprintf(big + n, sizeof big - n, "{");
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "\"k%d\": %d, ", i % 60, i);
    snprintf(big + n, sizeof big - n, "\"\\u006b1\": 0}");
    reports = 0;
    jp = jsonpos_build(big, strlen(big), 64, count_report, NULL, &fatal);
    CHECK_INT(reports, 41); /* 40 repeats plus "k1" written with an escape */
    jsonpos_free(jp);

    /* long lists (a table) and short ones (a walk) find the same */
    {
        char doc[8192];
        size_t k = 0;
        k += (size_t)snprintf(doc + k, sizeof doc - k, "{\"arr\": [");
        for (int i = 0; i < 100; i++)
            k += (size_t)snprintf(doc + k, sizeof doc - k, "%s%d", i ? "," : "", i);
        k += (size_t)snprintf(doc + k, sizeof doc - k, "], \"obj\": {");
        for (int i = 0; i < 100; i++)
            k += (size_t)snprintf(doc + k, sizeof doc - k, "%s\"m%d\": %d", i ? ", " : "", i, i);
        snprintf(doc + k, sizeof doc - k, ", \"e\\u0073c\": true}}");
        jp = jsonpos_build(doc, strlen(doc), 64, count_report, NULL, &fatal);
        CHECK(jp != NULL);
        if (jp) {
            size_t at = jsonpos_find(jp, "/arr/57", false);
            CHECK(at < strlen(doc) && !strncmp(doc + at, "57,", 3));
            at = jsonpos_find(jp, "/arr/99", false);
            CHECK(!strncmp(doc + at, "99]", 3));
            CHECK_INT(jsonpos_find(jp, "/arr/100", false), jsonpos_find(jp, "/arr", false));
            at = jsonpos_find(jp, "/obj/m63", true);
            CHECK(!strncmp(doc + at, "\"m63\": 63", 9));
            at = jsonpos_find(jp, "/obj/esc", false);
            CHECK(!strncmp(doc + at, "true", 4));
            CHECK_INT(jsonpos_find(jp, "/obj/m100", false), jsonpos_find(jp, "/obj", false));
            jsonpos_free(jp);
        }
    }

    size_t offs[3] = {0, 5, 9};
    int lines[3], cols[3];
    jsonpos_lines_cols("ab\r\n\xE5\x98\x9F" "c\nd", 9, offs, 3, lines, cols);
    CHECK(lines[0] == 1 && cols[0] == 1);
    CHECK(lines[1] == 2 && cols[1] == 2);
    CHECK(lines[2] == 3 && cols[2] == 1);
}

/* Damaged input never crashes: every prefix of the example, and every byte flipped. (Under the
 * sanitizer build this also checks for leaks and out-of-bounds reads.) */
static void damaged_input_never_crashes(void)
{
    size_t len;
    char *bytes = check_read_file(EXAMPLE, &len);
    int loaded = 0;
    for (size_t n = 0; n < len; n += 7) {
        DiagList d = {0};
        char *copy = malloc(n ? n : 1); /* exact size: a read past the end is caught */
        memcpy(copy, bytes, n);
        Scenario *sc = scenario_load_buffer(copy, n, "cut.json", NULL, &d);
        loaded += sc != NULL;
        CHECK(sc != NULL || d.errors > 0);
        scenario_free(sc);
        diag_list_free(&d);
        free(copy);
    }
    CHECK_INT(loaded, 0);
    static const char subs[] = "{}[]\":,\\0 -e.u";
    for (size_t i = 0; i < len; i += 3) {
        char *copy = malloc(len);
        memcpy(copy, bytes, len);
        copy[i] = subs[i % (sizeof subs - 1)];
        DiagList d = {0};
        Scenario *sc = scenario_load_buffer(copy, len, "flip.json", NULL, &d);
        CHECK(sc != NULL || d.errors > 0);
        for (int k = 0; k < d.count; k++)
            CHECK(d.items[k].line > 0 || d.items[k].pointer[0] == 0);
        scenario_free(sc);
        diag_list_free(&d);
        free(copy);
    }
    free(bytes);
    DiagList d = {0};
    CHECK(scenario_load_buffer(NULL, 0, NULL, NULL, &d) == NULL);
    CHECK(d.errors == 1);
    diag_list_free(&d);
}

int main(void)
{
    RUN(example_loads_with_every_field);
    RUN(buffer_has_empty_path_and_same_hash);
    RUN(defaults_and_written_values);
    RUN(group_technique_critical);
    RUN(flags_in_order_of_first_appearance);
    RUN(node_timer_overrides);
    RUN(random_branches_and_events);
    RUN(locale_index);
    RUN(bom_and_crlf);
    RUN(columns_count_code_points);
    RUN(all_problems_sorted);
    RUN(condition_error_column_inside_string);
    RUN(sha256_fips_vectors);
    RUN(jsonpos_pointers);
    RUN(damaged_input_never_crashes);
    return check_summary();
}
