/* stats: the figures of `sparring stats` on small scenarios worked out by hand
 * (tests/data/tools/), on the bundled library, and on the starter file of `sparring new`. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "scenario.h"
#include "stats.h"

#define RUNS 10000L

static const char *src_dir(void)
{
    const char *d = getenv("SPARRING_SOURCE_DIR");
    return d && *d ? d : ".";
}

static Scenario *load(const char *path)
{
    DiagList diags = {0};
    Scenario *sc = scenario_load_file(path, &diags);
    if (!sc) {
        char line[1024];
        for (int i = 0; i < diags.count; i++) {
            diag_format(&diags.items[i], line, sizeof line);
            fprintf(stderr, "  %s\n", line);
        }
    }
    diag_list_free(&diags);
    return sc;
}

static Scenario *load_tool(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/tools/%s", src_dir(), name);
    Scenario *sc = load(path);
    CHECK_MSG(sc != NULL, "%s does not load", path);
    return sc;
}

/* |rate - p| within four binomial standard deviations at n runs. */
static bool rate_near(double rate, double p, long n)
{
    double tol = 4.0 * sqrt(p * (1.0 - p) / (double)n);
    bool ok = fabs(rate - p) <= tol;
    if (!ok)
        fprintf(stderr, "  rate %.4f, expected %.4f +- %.4f\n", rate, p, tol);
    return ok;
}

static int find_node(const Scenario *sc, const char *id)
{
    int i = scenario_find_node(sc, id);
    CHECK_MSG(i >= 0, "no node %s", id);
    return i;
}

static bool choice_taken(const Scenario *sc, const StatsRandom *r, const char *node, int c)
{
    int n = find_node(sc, node);
    return n >= 0 && r->choice_taken[r->choice_first[n] + c];
}

/* Two decisions of two choices each; only good-good passes: 1 of 4 equally likely paths. */
static void four_paths_figures_match_the_hand_count(void)
{
    Scenario *sc = load_tool("four-paths.json");
    if (!sc)
        return;
    StatsAnalysis a;
    CHECK_INT(stats_analyse(sc, &a), 0);
    CHECK(a.complete);
    CHECK_INT(a.max_total, 4);
    CHECK(a.max_exact);
    CHECK_INT(a.search_max, 4);
    CHECK_INT(a.max_competency[0], 4);
    CHECK(a.has_min);
    CHECK(!a.min_unbounded);
    CHECK_INT(a.min_total, -1);
    CHECK_INT(a.min_percent, 0);
    CHECK(a.pass_known);
    CHECK(a.pass_reachable);
    CHECK_INT(a.best_pass_raw, 4);
    CHECK_INT(a.endings, 3);
    CHECK_INT(a.endings_pass, 1);
    CHECK_INT(a.endings_fail, 1);
    CHECK_INT(a.endings_neutral, 1);
    CHECK_INT(a.endings_reachable, 3);
    CHECK_INT(a.playthroughs, 4);
    CHECK(!a.playthroughs_more);
    CHECK(!a.has_loop);
    CHECK_INT(a.dead_end_nodes, 0);

    StatsRandom r;
    CHECK_INT(stats_random_play(sc, RUNS, 1, NULL, NULL, &r), 0);
    CHECK_INT(r.runs, RUNS);
    CHECK_INT(r.ended, RUNS);
    CHECK_INT(r.dead_ends + r.unfinished, 0);
    CHECK(rate_near(r.pass_rate, 0.25, RUNS));
    CHECK(r.pass_rate == (double)r.passed / RUNS);
    /* Percents: 100 (good-good), 50 (good-slip), 25 (weak-recover), 0 (weak-worse). */
    CHECK(rate_near((double)r.histogram[9] / RUNS, 0.25, RUNS));
    CHECK(rate_near((double)r.histogram[5] / RUNS, 0.25, RUNS));
    CHECK(rate_near((double)r.histogram[2] / RUNS, 0.25, RUNS));
    CHECK(rate_near((double)r.histogram[0] / RUNS, 0.25, RUNS));
    CHECK_INT(r.histogram[1] + r.histogram[3] + r.histogram[4] + r.histogram[6] + r.histogram[7] +
                  r.histogram[8],
              0);
    CHECK_INT(r.min_percent, 0);
    CHECK_INT(r.max_percent, 100);
    for (int i = 0; i < r.nnodes; i++)
        CHECK(r.node_reached[i]);
    stats_random_free(&r);
    stats_analysis_free(&a);
    scenario_free(sc);
}

/* A meter and a flag gate the best choice; a random branch; timeouts; an event. */
static void gated_figures_match_the_hand_count(void)
{
    Scenario *sc = load_tool("gated.json");
    if (!sc)
        return;
    StatsAnalysis a;
    CHECK_INT(stats_analyse(sc, &a), 0);
    CHECK(a.complete);
    CHECK_INT(a.max_total, 5);     /* calm (a 2) then ask (a 1, b 2) */
    CHECK_INT(a.search_max, 5);
    CHECK_INT(a.max_competency[0], 3);
    CHECK_INT(a.max_competency[1], 2);
    CHECK_INT(a.min_total, -1);    /* the timeout at once */
    CHECK(a.pass_reachable);
    CHECK_INT(a.best_pass_raw, 5); /* won, or maybe (neutral also passes) */
    CHECK_INT(a.endings, 3);
    CHECK_INT(a.endings_reachable, 3);
    /* calm-ask-won, calm-ask-maybe, calm-pitch, calm-timeout, rush-pitch, rush-timeout, timeout */
    CHECK_INT(a.playthroughs, 7);
    CHECK(!a.playthroughs_more);
    for (int i = 0; i < a.nnodes; i++)
        CHECK(a.node_reachable[i]);

    StatsRandom r;
    CHECK_INT(stats_random_play(sc, RUNS, 7, NULL, NULL, &r), 0);
    /* calm (1/2) then ask (1/2: rush leaves patience 0 and no flag, so only pitch) */
    CHECK(rate_near(r.pass_rate, 0.25, RUNS));
    CHECK_INT(r.ended, RUNS);
    /* Random play never times out, so "lost" is never reached, and every choice is taken. */
    CHECK(!r.node_reached[find_node(sc, "lost")]);
    CHECK(r.node_reached[find_node(sc, "won")]);
    CHECK(r.node_reached[find_node(sc, "maybe")]);
    CHECK(choice_taken(sc, &r, "s1", 0) && choice_taken(sc, &r, "s1", 1));
    CHECK(choice_taken(sc, &r, "s2", 0) && choice_taken(sc, &r, "s2", 1));
    stats_random_free(&r);
    stats_analysis_free(&a);
    scenario_free(sc);
}

/* The highest total ends in failure: the pass mark cannot be reached. */
static void trap_pass_mark_is_unreachable(void)
{
    Scenario *sc = load_tool("trap.json");
    if (!sc)
        return;
    StatsAnalysis a;
    CHECK_INT(stats_analyse(sc, &a), 0);
    CHECK_INT(a.max_total, 5);
    CHECK_INT(a.min_total, 1);
    CHECK(a.pass_known);
    CHECK(!a.pass_reachable);
    CHECK(a.has_best_pass);
    CHECK_INT(a.best_pass_raw, 1);
    CHECK_INT(a.playthroughs, 2);
    StatsRandom r;
    CHECK_INT(stats_random_play(sc, 1000, 1, NULL, NULL, &r), 0);
    CHECK_INT(r.passed, 0);
    stats_random_free(&r);
    stats_analysis_free(&a);
    scenario_free(sc);
}

/* A loop that loses a point each time: no lowest total, endless playthroughs. */
static void losing_loop_makes_the_minimum_unbounded(void)
{
    Scenario *sc = load_tool("loop-losing.json");
    if (!sc)
        return;
    StatsAnalysis a;
    CHECK_INT(stats_analyse(sc, &a), 0);
    CHECK(a.complete);
    CHECK_INT(a.max_total, 2);
    CHECK(a.has_min);
    CHECK(a.min_unbounded);
    CHECK(a.has_loop);
    CHECK(a.playthroughs_more);
    CHECK(a.pass_reachable);
    CHECK_INT(a.best_pass_raw, 2);
    CHECK_INT(a.search_max, 2);
    StatsRandom r;
    CHECK_INT(stats_random_play(sc, RUNS, 3, NULL, NULL, &r), 0);
    /* Percent is 100 only when "done" comes first (1/2); one repeat gives 50%: fails the 80% mark. */
    CHECK(rate_near(r.pass_rate, 0.5, RUNS));
    CHECK_INT(r.unfinished, 0);
    stats_random_free(&r);
    stats_analysis_free(&a);
    scenario_free(sc);
}

/* A loop through a `next` node that neither gains nor loses: the minimum stays exact. */
static void even_loop_keeps_the_minimum(void)
{
    Scenario *sc = load_tool("loop-even.json");
    if (!sc)
        return;
    StatsAnalysis a;
    CHECK_INT(stats_analyse(sc, &a), 0);
    CHECK_INT(a.max_total, 1);
    CHECK(a.has_min);
    CHECK(!a.min_unbounded);
    CHECK_INT(a.min_total, 1);
    CHECK(a.has_loop);
    CHECK(a.playthroughs_more);
    CHECK_INT(a.playthroughs, STATS_PLAYTHROUGHS_CAP);
    stats_analysis_free(&a);
    scenario_free(sc);
}

/* Annoying the customer leaves nothing on offer: a dead end, one run in three. */
static void dead_end_is_counted(void)
{
    Scenario *sc = load_tool("dead-end.json");
    if (!sc)
        return;
    StatsAnalysis a;
    CHECK_INT(stats_analyse(sc, &a), 0);
    CHECK_INT(a.dead_end_nodes, 1);
    CHECK_INT(a.playthroughs, 2); /* calm-close, quit; the dead end is no playthrough */
    CHECK_INT(a.min_total, 0);
    CHECK_INT(a.max_total, 2);
    StatsRandom r;
    CHECK_INT(stats_random_play(sc, RUNS, 5, NULL, NULL, &r), 0);
    CHECK(rate_near((double)r.dead_ends / RUNS, 1.0 / 3, RUNS));
    CHECK(rate_near(r.pass_rate, 1.0 / 3, RUNS)); /* calm-close: 2/2; quit: 0% */
    CHECK_INT(r.ended + r.dead_ends, RUNS);
    stats_random_free(&r);
    stats_analysis_free(&a);
    scenario_free(sc);
}

static void same_seed_same_figures(void)
{
    Scenario *sc = load_tool("gated.json");
    if (!sc)
        return;
    StatsRandom r1, r2;
    CHECK_INT(stats_random_play(sc, 2000, 42, NULL, NULL, &r1), 0);
    CHECK_INT(stats_random_play(sc, 2000, 42, NULL, NULL, &r2), 0);
    CHECK_INT(r1.passed, r2.passed);
    CHECK(!memcmp(r1.histogram, r2.histogram, sizeof r1.histogram));
    stats_random_free(&r1);
    stats_random_free(&r2);
    scenario_free(sc);
}

static long progress_calls, progress_last;
static void count_progress(void *ctx, long done, long total)
{
    (void)ctx;
    CHECK(done >= progress_last && done <= total);
    progress_last = done;
    progress_calls++;
}

static void progress_reports_up_to_the_total(void)
{
    Scenario *sc = load_tool("four-paths.json");
    if (!sc)
        return;
    StatsRandom r;
    progress_calls = progress_last = 0;
    CHECK_INT(stats_random_play(sc, 500, 1, count_progress, NULL, &r), 0);
    CHECK(progress_calls > 1);
    CHECK_INT(progress_last, 500);
    stats_random_free(&r);
    CHECK_INT(stats_random_play(sc, 0, 1, NULL, NULL, &r), 0);
    CHECK_INT(r.runs, 0);
    CHECK(r.pass_rate == 0);
    stats_random_free(&r);
    scenario_free(sc);
}

static void buckets_are_tens_with_100_in_the_last(void)
{
    CHECK_INT(stats_bucket(0), 0);
    CHECK_INT(stats_bucket(9), 0);
    CHECK_INT(stats_bucket(10), 1);
    CHECK_INT(stats_bucket(89), 8);
    CHECK_INT(stats_bucket(90), 9);
    CHECK_INT(stats_bucket(100), 9);
}

/* Every bundled scenario: the search completes, agrees with the loader's maximum, and the pass
 * mark can be reached. */
static void bundled_scenarios_are_passable_and_agree(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/scenarios", src_dir());
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return;
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        Scenario *sc = load(path);
        CHECK_MSG(sc != NULL, "%s does not load", path);
        if (!sc)
            continue;
        n++;
        StatsAnalysis a;
        CHECK_INT(stats_analyse(sc, &a), 0);
        CHECK_MSG(a.complete, "%s: search incomplete", e->d_name);
        if (a.complete && a.max_exact)
            CHECK_MSG(a.search_max == a.max_total, "%s: search %lld, loader %lld", e->d_name,
                      (long long)a.search_max, (long long)a.max_total);
        CHECK_MSG(a.pass_reachable, "%s: the pass mark cannot be reached", e->d_name);
        CHECK_MSG(a.endings_reachable == a.endings, "%s: %d of %d endings reachable", e->d_name,
                  a.endings_reachable, a.endings);
        stats_analysis_free(&a);
        scenario_free(sc);
    }
    closedir(d);
    printf("     (%d bundled scenarios)\n", n);
}

/* The file `sparring new` writes: maximum 8, 12 playthroughs, random play passes 1 in 12 (a
 * random opening among four, then the story among the three choices offered after it). */
static void starter_file_figures(void)
{
    const char *bin = getenv("SPARRING_BIN");
    CHECK(bin != NULL);
    if (!bin)
        return;
    char tmpl[] = "/tmp/sparring-stats-XXXXXX";
    char *tmp = mkdtemp(tmpl);
    CHECK(tmp != NULL);
    if (!tmp)
        return;
    char path[4096], cmd[8192];
    snprintf(path, sizeof path, "%s/starter.json", tmp);
    snprintf(cmd, sizeof cmd, "'%s' new starter --out '%s' 2>/dev/null", bin, path);
    CHECK_INT(check_run_cmd(cmd, NULL), 0);
    Scenario *sc = load(path);
    CHECK(sc != NULL);
    if (sc) {
        StatsAnalysis a;
        CHECK_INT(stats_analyse(sc, &a), 0);
        CHECK_INT(a.max_total, 8);
        CHECK_INT(a.max_competency[0], 3);
        CHECK_INT(a.max_competency[1], 5);
        CHECK_INT(a.min_total, -2);
        /* ask_needs then story, specs, price_cut or timeout (4); discount or features then
         * specs, price_cut or timeout (3 each: the story needs the flag); argue; timeout */
        CHECK_INT(a.playthroughs, 12);
        CHECK_INT(a.endings, 3);
        CHECK(a.pass_reachable);
        StatsRandom r;
        CHECK_INT(stats_random_play(sc, RUNS, 1, NULL, NULL, &r), 0);
        CHECK(rate_near(r.pass_rate, 1.0 / 12, RUNS));
        stats_random_free(&r);
        stats_analysis_free(&a);
        scenario_free(sc);
    }

    /* The command's JSON carries the same figures under the documented keys. */
    snprintf(cmd, sizeof cmd, "'%s' stats '%s' --format json --runs %ld --seed 1", bin, path, RUNS);
    char *out = NULL;
    CHECK_INT(check_run_cmd(cmd, &out), 0);
    cJSON *j = out ? cJSON_Parse(out) : NULL;
    CHECK_MSG(j != NULL, "stats --format json printed: %s", out ? out : "(nothing)");
    if (j) {
        cJSON *v;
        CHECK((v = cJSON_GetObjectItem(j, "max")) && v->valuedouble == 8);
        CHECK((v = cJSON_GetObjectItem(j, "min")) && v->valuedouble == -2);
        CHECK((v = cJSON_GetObjectItem(j, "pass_reachable")) && cJSON_IsTrue(v));
        CHECK((v = cJSON_GetObjectItem(j, "playthroughs")) && v->valuedouble == 12);
        CHECK((v = cJSON_GetObjectItem(j, "runs")) && v->valuedouble == RUNS);
        v = cJSON_GetObjectItem(j, "pass_rate");
        CHECK(v && cJSON_IsNumber(v) && rate_near(v->valuedouble, 1.0 / 12, RUNS));
        cJSON *p = cJSON_GetObjectItem(j, "passed");
        CHECK(v && p && fabs(v->valuedouble - p->valuedouble / RUNS) < 1e-9);
        cJSON *h = cJSON_GetObjectItem(j, "histogram");
        CHECK(cJSON_GetArraySize(h) == STATS_BUCKETS);
        cJSON *e = cJSON_GetObjectItem(j, "endings");
        CHECK(e && (v = cJSON_GetObjectItem(e, "total")) && v->valuedouble == 3);
        cJSON *comp = cJSON_GetObjectItem(j, "competencies");
        cJSON *disc = comp ? cJSON_GetObjectItem(comp, "discovery") : NULL;
        CHECK(disc && (v = cJSON_GetObjectItem(disc, "max")) && v->valuedouble == 5);
        cJSON_Delete(j);
    }
    free(out);

    /* The text report names the figures a trainer looks for. */
    snprintf(cmd, sizeof cmd, "'%s' stats '%s' --runs 600", bin, path);
    CHECK_INT(check_run_cmd(cmd, &out), 0);
    CHECK(out && strstr(out, "maximum          8"));
    CHECK(out && strstr(out, "playthroughs     12"));
    CHECK(out && strstr(out, "reachable"));
    CHECK(out && strstr(out, "90-100"));
    free(out);

    snprintf(cmd, sizeof cmd, "'%s' stats '%s' --runs lots 2>/dev/null", bin, path);
    CHECK_INT(check_run_cmd(cmd, NULL), 2);
    snprintf(cmd, sizeof cmd, "'%s' stats 2>/dev/null", bin);
    CHECK_INT(check_run_cmd(cmd, NULL), 2);
    snprintf(cmd, sizeof cmd, "'%s' stats '%s/missing.json' 2>/dev/null", bin, tmp);
    CHECK_INT(check_run_cmd(cmd, NULL), 1);
    snprintf(cmd, sizeof cmd, "'%s' stats --help", bin);
    CHECK_INT(check_run_cmd(cmd, &out), 0);
    CHECK(out && strstr(out, "pass_rate"));
    free(out);

    remove(path);
    rmdir(tmp);
}

/* meters-gate: warm up (1 point) opens the big ask (10); rush (5) leaves only the small ask (2).
 * Playthroughs: warm-big 11, warm-small 3, rush-small 7; only 11/11 passes (80%). */
static void design_checks_on_the_gated_call(void)
{
    Scenario *sc = load("tests/data/scoring/meters-gate.json");
    if (!sc)
        return;
    StatsDesign d;
    CHECK_INT(stats_design(sc, 1, &d), 0);
    CHECK(d.complete);
    CHECK_INT(d.playthroughs, 3);
    CHECK_INT(d.passing, 1);
    CHECK_INT(d.npaths, 1);
    CHECK_STR(d.paths[0].choices, "1,1");
    CHECK_INT(d.paths[0].percent, 100);
    CHECK(d.best_known);
    CHECK_STR(d.best.choices, "1,1");
    /* competency b's maximum (5, by rushing) is not on the best call */
    CHECK_INT(d.best_competency[1], 0);
    CHECK_INT(scenario_max(sc)->competency[1], 5);
    /* at s, rush has the most points but warm up starts the best call */
    CHECK_INT(d.ntraps, 1);
    CHECK_STR(scenario_node(sc, d.traps[0].node)->id, "s");
    CHECK_INT(d.traps[0].most_points, 1);
    CHECK_INT(d.traps[0].best, 0);
    CHECK_INT(d.traps[0].best_value, 11);
    CHECK_INT(d.traps[0].most_value, 7);
    scenario_free(sc);
    /* the command says it in words, and in JSON */
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' stats tests/data/scoring/meters-gate.json --runs 10",
             getenv("SPARRING_BIN") ? getenv("SPARRING_BIN") : "build/sparring");
    CHECK_INT(check_run_cmd(cmd, &out), 0);
    CHECK_MSG(out && strstr(out, "passing calls  1 of 3") && strstr(out, "100%  1,1  (ends at win)") &&
                  strstr(out, "! b: the best call scores 0 of its maximum 5") &&
                  strstr(out, "! at s the answer with the most points, 2, is not the start of the best call"),
              "%s", out ? out : "");
    free(out);
    strncat(cmd, " --format json", sizeof cmd - strlen(cmd) - 1);
    CHECK_INT(check_run_cmd(cmd, &out), 0);
    cJSON *j = out ? cJSON_Parse(out) : NULL;
    const cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "most_points_not_best"), 0);
    CHECK(cJSON_IsString(cJSON_GetObjectItem(t, "best")) && !strcmp(cJSON_GetObjectItem(t, "best")->valuestring, "1"));
    CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "passing_paths"), "count")->valuedouble == 1);
    cJSON_Delete(j);
    free(out);
}

/* The bundled library: every passing call listed is one that `run` scores as passing. */
static void passing_paths_pass_when_run(void)
{
    Scenario *sc = load("scenarios/budget-cut.json");
    if (!sc)
        return;
    StatsDesign d;
    CHECK_INT(stats_design(sc, 7, &d), 0);
    CHECK(d.passing >= 1 && d.npaths >= 1);
    for (int i = 0; i < d.npaths; i++) {
        char cmd[1200], *out = NULL;
        snprintf(cmd, sizeof cmd, "'%s' run scenarios/budget-cut.json --seed 7 --format json --choices %s",
                 getenv("SPARRING_BIN") ? getenv("SPARRING_BIN") : "build/sparring", d.paths[i].choices);
        check_run_cmd(cmd, &out);
        cJSON *j = out ? cJSON_Parse(out) : NULL;
        CHECK_MSG(cJSON_IsTrue(cJSON_GetObjectItem(j, "passed")), "%s: %s", d.paths[i].choices, out ? out : "");
        cJSON_Delete(j);
        free(out);
    }
    scenario_free(sc);
}

int main(void)
{
    RUN(design_checks_on_the_gated_call);
    RUN(passing_paths_pass_when_run);
    RUN(four_paths_figures_match_the_hand_count);
    RUN(gated_figures_match_the_hand_count);
    RUN(trap_pass_mark_is_unreachable);
    RUN(losing_loop_makes_the_minimum_unbounded);
    RUN(even_loop_keeps_the_minimum);
    RUN(dead_end_is_counted);
    RUN(same_seed_same_figures);
    RUN(progress_reports_up_to_the_total);
    RUN(buckets_are_tens_with_100_in_the_last);
    RUN(bundled_scenarios_are_passable_and_agree);
    RUN(starter_file_figures);
    return check_summary();
}
