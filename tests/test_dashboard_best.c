/* The best answers the manager's page and the item analysis use come from one state search per
 * scenario and its memo per state (audit_value_memo). These tests hold the memo to a fresh
 * search, on every bundled scenario:
 *   - over random playthroughs (now and then a mentor setting a meter, a state the search never
 *     reached), each decision's best answer, both definitions, memo or not, equals what a search
 *     made for that decision alone says; the slot found from the steps' meters is the slot
 *     found by replaying to the decision;
 *   - the page made by the real command from those attempts counts each technique missed as
 *     fresh searches count it, and names in the items table the answer `records items` names
 *     (the timeout where letting the time run out was best). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_value.h"
#include "check.h"
#include "cli.h"
#include "play.h"
#include "records.h"
#include "scenario.h"

#include "dashboard_fixture.h"

#define NOW 1796212800000LL
#define PLAYS 24

static char tmp[512];
static Scenario *lib[64];
static int nlib;

static void load_library(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/scenarios", getenv("SPARRING_SOURCE_DIR"));
    CliPaths paths;
    CHECK(cli_scan_scenarios(dir, &paths) == 0);
    for (int i = 0; i < paths.n && nlib < 64; i++) {
        DiagList d = {0};
        Scenario *sc = scenario_load_file(paths.paths[i], &d);
        diag_list_free(&d);
        CHECK_MSG(sc != NULL, "%s does not load", paths.paths[i]);
        if (sc)
            lib[nlib++] = sc;
    }
    cli_paths_free(&paths);
    CHECK(nlib >= 20);
}

typedef struct {
    long decisions, hits, found_by_meters, unreached;
} Tally;

/* Decision step st of p: both definitions, with the shared search (memo) and a fresh one. */
static void check_decision(const Scenario *sc, const AuditValue *shared, const Play *p, int st,
                           const int *first_memo, Tally *t)
{
    t->decisions++;
    CHECK_INT(first_memo[st], play_step_best(p, st)); /* play_step_best: a search of its own */
    Play *at = play_replay(sc, play_seed(p), play_options(p), -1, play_step(p, 0), st, NULL, 0);
    CHECK(at != NULL);
    if (!at)
        return;
    bool too_big = false;
    AuditValue *fresh = audit_value_new(sc, &too_big);
    CHECK(fresh != NULL);
    int *by_meters = audit_value_memo_before(shared, p, st, AUDIT_MEMO_BEST);
    int *by_replay = audit_value_memo(shared, at, AUDIT_MEMO_BEST);
    if (by_meters) {
        t->found_by_meters++;
        CHECK(by_meters == by_replay); /* the same state, found without the replay */
    }
    t->unreached += by_replay == NULL;
    if (by_replay && *by_replay != AUDIT_MEMO_EMPTY)
        t->hits++;
    if (fresh) {
        int *cold = audit_value_memo(fresh, at, AUDIT_MEMO_BEST);
        CHECK(!cold || *cold == AUDIT_MEMO_EMPTY); /* the fresh search has remembered nothing */
        CHECK_INT(audit_value_best(shared, at), audit_value_best(fresh, at));
    }
    audit_value_free(fresh);
    play_free(at);
}

static void memo_agrees_with_a_fresh_search_on_the_bundled_library(void)
{
    Tally t = {0};
    uint64_t rng = 99;
    for (int s = 0; s < nlib; s++) {
        const Scenario *sc = lib[s];
        bool too_big = false;
        AuditValue *shared = audit_value_new(sc, &too_big);
        CHECK_MSG(shared != NULL, "%s: no search", scenario_id(sc));
        if (!shared)
            continue;
        for (int k = 0; k < PLAYS; k++) {
            Play *p = fix_play(sc, (uint64_t)k + 1, &rng, k % 2 == 1, NULL);
            CHECK(p != NULL);
            if (!p)
                continue;
            int *first = malloc((size_t)play_step_count(p) * sizeof *first);
            CHECK(play_best_answers_with(shared, p, first) == 0);
            for (int d = 0; d < play_decision_count(p); d++)
                check_decision(sc, shared, p, play_decision_step(p, d), first, &t);
            free(first);
            play_free(p);
        }
        audit_value_free(shared);
    }
    printf("     (%ld decisions: %ld answered from the memo, %ld found from the meters, %ld in "
           "states the search never reached)\n",
           t.decisions, t.hits, t.found_by_meters, t.unreached);
    /* Not vacuous: the memo answered most, the steps' meters found states, and a mentor's meter
     * led where the search had not been. */
    CHECK(t.decisions > 1000);
    CHECK(t.hits * 2 > t.decisions);
    CHECK(t.found_by_meters * 4 > t.decisions); /* (past the first step, not where flags count) */
    CHECK(t.unreached > 0);
}

/* Conditions read a meter and no flag: the memo is found from the steps' meters past the first
 * step (the bundled files all read flags too, so there it is found that way at the first only). */
static const char METERS_ONLY[] =
    "{\"format\": 1, \"id\": \"memo-meters\", \"version\": \"1.0.0\", \"title\": \"Trust decides\","
    " \"level\": \"new_hire\", \"locales\": [\"en\"], \"competencies\": {\"x\": {\"name\": \"X\"}},"
    " \"meters\": {\"trust\": {\"name\": \"Trust\", \"min\": 0, \"max\": 100, \"start\": 10}},"
    " \"pass_percent\": 50, \"start\": \"s1\", \"nodes\": {"
    "  \"s1\": {\"text\": \"Start\", \"choices\": ["
    "    {\"id\": \"warm\", \"text\": \"Warm\", \"score\": {\"x\": 1}, \"effects\": {\"trust\": 20}, \"next\": \"s2\"},"
    "    {\"id\": \"cool\", \"text\": \"Cool\", \"effects\": {\"trust\": 10}, \"next\": \"s2\"}]},"
    "  \"s2\": {\"text\": \"Then\", \"choices\": ["
    "    {\"id\": \"ask\", \"requires\": \"trust >= 25\", \"text\": \"Ask\", \"score\": {\"x\": 3}, \"effects\": {\"trust\": -10}, \"next\": \"s3\"},"
    "    {\"id\": \"wait\", \"text\": \"Wait\", \"score\": {\"x\": 1}, \"effects\": {\"trust\": -10}, \"next\": \"s3\"}]},"
    "  \"s3\": {\"text\": \"Again\", \"choices\": ["
    "    {\"id\": \"close\", \"requires\": \"trust >= 15\", \"text\": \"Close\", \"score\": {\"x\": 2}, \"effects\": {\"trust\": -10}, \"next\": \"won\"},"
    "    {\"id\": \"drop\", \"text\": \"Drop\", \"next\": \"lost\"}]},"
    "  \"won\": {\"text\": \"Won\", \"end\": {\"outcome\": \"pass\"}},"
    "  \"lost\": {\"text\": \"Lost\", \"end\": {\"outcome\": \"fail\"}}}}";

static void memo_found_from_the_meters_where_no_flag_counts(void)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_buffer(METERS_ONLY, sizeof METERS_ONLY - 1, "memo-meters", NULL, &d);
    diag_list_free(&d);
    CHECK(sc != NULL);
    bool too_big = false;
    AuditValue *shared = sc ? audit_value_new(sc, &too_big) : NULL;
    CHECK(shared != NULL);
    if (!shared) {
        scenario_free(sc);
        return;
    }
    Tally t = {0};
    uint64_t rng = 3;
    for (int k = 0; k < 16; k++) {
        Play *p = fix_play(sc, (uint64_t)k + 1, &rng, false, NULL);
        int *first = malloc((size_t)play_step_count(p) * sizeof *first);
        CHECK(play_best_answers_with(shared, p, first) == 0);
        for (int i = 0; i < play_decision_count(p); i++)
            check_decision(sc, shared, p, play_decision_step(p, i), first, &t);
        free(first);
        play_free(p);
    }
    CHECK_INT(t.decisions, 16 * 3);
    CHECK_INT(t.found_by_meters, t.decisions); /* every decision, past the first too */
    CHECK(t.hits > t.decisions / 2);
    audit_value_free(shared);
    scenario_free(sc);
}

/* ---- the page ------------------------------------------------------------------------------- */

typedef struct {
    char tech[64];
    int tier, missed, offered;
} Tech;

static Tech techs[512];
static int ntechs;

static void count_techniques(const Scenario *sc, const Play *p)
{
    for (int d = 0; d < play_decision_count(p); d++) {
        int st = play_decision_step(p, d);
        int b = play_step_best(p, st); /* a fresh search per decision */
        const ScChoice *c = play_step_choice(p, st);
        if (b < 0 || !c)
            continue;
        const ScChoice *best = &scenario_node(sc, play_step(p, st)->node)->choices[b];
        for (int k = 0; k < best->ntechniques; k++) {
            int i = 0;
            while (i < ntechs && (techs[i].tier != (int)scenario_level(sc) ||
                                  strcmp(techs[i].tech, best->techniques[k])))
                i++;
            if (i == ntechs && ntechs < 512) {
                snprintf(techs[i].tech, sizeof techs[i].tech, "%s", best->techniques[k]);
                techs[i].tier = (int)scenario_level(sc);
                ntechs++;
            }
            techs[i].offered++;
            techs[i].missed += best != c;
        }
    }
}

/* Records PLAYS playthroughs of each scenario (every third with a mentor's meters), all
 * completed ones counted in techs as fresh searches see them. */
static void plant(const char *db_path)
{
    char err[512];
    Records *db = records_open(db_path, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (!db)
        return;
    uint64_t rng = 7;
    static const char *const modes[] = {"practice", "assessment"};
    for (int s = 0; s < nlib; s++) {
        int plays = strcmp(scenario_id(lib[s]), "hung-up-call-clinic") ? PLAYS : 10 * PLAYS;
        for (int k = 0; k < plays; k++) {
            FixPath f;
            Play *p = fix_play(lib[s], (uint64_t)k + 1, &rng, k % 3 == 2, &f);
            if (!p)
                continue;
            if (f.ended)
                count_techniques(lib[s], p);
            RecordsAttempt a;
            char who[16];
            snprintf(who, sizeof who, "T%02d", k % 30);
            fix_attempt(&a, lib[s], &f, who, who, "north", modes[k % 2], NOW - (k + 1) * 3600000LL);
            CHECK_MSG(records_insert_attempts(db, &a, 1, err, sizeof err) == 0, "%s", err);
            fix_path_free(&f);
            play_free(p);
        }
    }
    records_close(db);
}

static const char *const tier_en[] = {"New hires", "Experienced", "Managers"};

/* Every row of "techniques most often missed": the counts fresh searches give. */
static void check_technique_rows(const char *html)
{
    int rows = 0;
    for (const char *r = strstr(html, "<tr><td>"); r; r = strstr(r + 1, "<tr><td>")) {
        int tier = -1;
        for (int l = 0; l < 3; l++)
            if (!strncmp(r + 8, tier_en[l], strlen(tier_en[l])) && r[8 + strlen(tier_en[l])] == '<')
                tier = l;
        const char *tech = tier >= 0 ? r + 8 + strlen(tier_en[tier]) + strlen("</td><td>") : NULL;
        const char *end = tech ? strstr(tech, "</td><td class=\"n\">") : NULL;
        int missed = 0, offered = 0;
        if (!end || sscanf(end + strlen("</td><td class=\"n\">"), "%d of %d", &missed, &offered) != 2)
            continue;
        rows++;
        int i = 0;
        while (i < ntechs && (techs[i].tier != tier || strncmp(techs[i].tech, tech, (size_t)(end - tech)) ||
                              techs[i].tech[end - tech]))
            i++;
        CHECK_MSG(i < ntechs, "%.*s is not a technique of tier %d", (int)(end - tech), tech, tier);
        if (i < ntechs) {
            CHECK_INT(missed, techs[i].missed);
            CHECK_INT(offered, techs[i].offered);
        }
    }
    CHECK(rows >= 8);
}

/* Every item row: the best answer `records items --format csv` gives for that node. */
static void check_item_rows(const char *html, const char *csv, int *timeouts)
{
    int rows = 0;
    for (const char *line = strchr(csv, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        char scen[128], node[128], best[128];
        int reached = 0;
        if (sscanf(line + 1, "%127[^,],%127[^,],%d,%127[^,],", scen, node, &reached, best) != 4 ||
            reached == 0)
            continue;
        char want[600];
        snprintf(want, sizeof want, "<small>(%s)</small></td><th scope=\"row\"><code>%s</code></th>"
                 "<td class=\"n\">%d</td><td>%s</td>", scen, node, reached, best);
        CHECK_MSG(strstr(html, want) != NULL, "the page lacks %s", want);
        rows++;
        *timeouts += !strcmp(best, "timeout");
    }
    CHECK(rows > 100);
}

static void page_counts_as_fresh_searches_do(void)
{
    char db_path[700], out[700], cmd[4096];
    snprintf(db_path, sizeof db_path, "%s/records.db", tmp);
    snprintf(out, sizeof out, "%s/team.html", tmp);
    plant(db_path);
    snprintf(cmd, sizeof cmd,
             "SPARRING_NOW_MS=%lld '%s' records report --format html --db '%s' --scenarios "
             "'%s/scenarios' --locale en --out '%s' 2>&1",
             NOW, getenv("SPARRING_BIN"), db_path, getenv("SPARRING_SOURCE_DIR"), out);
    char *said = NULL;
    CHECK_MSG(check_run_cmd(cmd, &said) == 0, "%s: %s", cmd, said ? said : "");
    free(said);
    snprintf(cmd, sizeof cmd, "'%s' records items --format csv --db '%s' --scenarios '%s/scenarios' 2>/dev/null",
             getenv("SPARRING_BIN"), db_path, getenv("SPARRING_SOURCE_DIR"));
    char *csv = NULL;
    CHECK(check_run_cmd(cmd, &csv) == 0);
    char *html = check_read_file(out, NULL);
    CHECK(html != NULL && csv != NULL);
    if (html && csv) {
        check_technique_rows(html);
        int timeouts = 0;
        check_item_rows(html, csv, &timeouts);
        CHECK(timeouts > 0); /* the timeout named best, where reading past the choices crashed */
    }
    free(html);
    free(csv);
}

int main(void)
{
    if (!getenv("SPARRING_SOURCE_DIR") || !getenv("SPARRING_BIN")) {
        fprintf(stderr, "test_dashboard_best: needs SPARRING_BIN and SPARRING_SOURCE_DIR\n");
        return 1;
    }
    snprintf(tmp, sizeof tmp, "/tmp/sparring-dashboard-best-XXXXXX");
    if (!mkdtemp(tmp))
        return 1;
    load_library();
    RUN(memo_agrees_with_a_fresh_search_on_the_bundled_library);
    RUN(memo_found_from_the_meters_where_no_flag_counts);
    RUN(page_counts_as_fresh_searches_do);
    for (int i = 0; i < nlib; i++)
        scenario_free(lib[i]);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "test_dashboard_best: could not remove %s\n", tmp);
    return check_summary();
}
