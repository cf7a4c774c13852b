/* sparring stats FILE [--runs N] [--seed N] [--format text|json] [--locale LL]: what a trainer
 * wants to know before trainees play a scenario. The figures come from engine/stats.c. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "scenario.h"
#include "sheet.h"
#include "play.h"
#include "stats.h"
#include "voice_report.h"

#define DEFAULT_RUNS 10000L
#define MAX_RUNS 100000000L

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sparring stats FILE [--runs N] [--seed N] [--format text|json] [--locale LL]\n"
            "\n"
            "What a trainer wants to know before trainees play a scenario:\n"
            "- the maximum, overall and per competency, and the minimum (a loop that loses\n"
            "  points can make it unbounded);\n"
            "- whether the pass mark can be reached (percent >= pass_percent at an ending\n"
            "  that is not \"fail\");\n"
            "- the endings by outcome and the number of distinct playthroughs (counted up to\n"
            "  %llu; past that, or with a loop, \"more than %llu\");\n"
            "- random play: N playthroughs (default %ld) that pick a uniformly random offered\n"
            "  choice at each decision (never a timeout) with random branches drawn by the\n"
            "  play engine: the percent histogram, the pass rate of guessing, and coverage\n"
            "  (nodes and choices random play never reached). A good pass mark lets a skilled\n"
            "  rep pass and guessing fail: aim for a random pass rate of a few percent.\n"
            "\n"
            "The search behind the exact figures covers each node with the values of the\n"
            "meters and flags that some condition reads; past %ld such states the figures\n"
            "that need them are reported as unknown.\n"
            "\n"
            "  --runs N              random playthroughs, 0 to skip (default %ld)\n"
            "  --seed N              seed of random play (default 1): same seed, same figures\n"
            "  --format text|json    output (default text)\n"
            "  --locale LL           the title in this locale\n"
            "\n"
            "--format json prints one object with these keys:\n"
            "  scenario, version        the file's id and version\n"
            "  max, max_exact           the maximum total; false: an upper bound\n"
            "  competencies             {id: {\"max\": N}} per competency\n"
            "  min                      the lowest total of a complete playthrough; null when\n"
            "                           unbounded or unknown\n"
            "  min_unbounded            true when a loop that loses points can repeat\n"
            "  min_percent              percent of the minimum (null when min is null)\n"
            "  pass_percent             the pass mark\n"
            "  pass_reachable           true/false (null when the search is incomplete)\n"
            "  best_passing_raw         highest total at an ending that is not \"fail\"\n"
            "  endings                  {total, pass, fail, neutral, reachable (null when the\n"
            "                           search is incomplete)}\n"
            "  dead_end_nodes           nodes where play can stop with nothing offered\n"
            "  playthroughs             distinct playthroughs; when more_than is set, a floor\n"
            "  playthroughs_more_than   null, or the cap the count passed\n"
            "  loops                    true when a loop can repeat on the way to an ending\n"
            "  states, search_complete  size of the search; false: figures above are partial\n"
            "  runs, seed               random play's settings\n"
            "  ended, dead_ends, unfinished  how the runs stopped\n"
            "  passed                   runs that passed\n"
            "  pass_rate                passed / runs, a fraction from 0 to 1 (0.25 = 25%%)\n"
            "  mean_percent             mean percent of the runs that ended\n"
            "  histogram                [{\"from\": 0, \"to\": 9, \"runs\": N}, ..., {\"from\": 90,\n"
            "                           \"to\": 100, ...}] over the runs that ended\n"
            "  never_reached            {\"nodes\": [id...], \"choices\": [{\"node\", \"choice\",\n"
            "                           \"reachable\"}]}: what random play missed; reachable\n"
            "                           says whether any playthrough can take it\n"
            "  voice                    recorded customer lines (docs/voice.md): {\"folder\": is\n"
            "                           there a voice/ID/ folder beside the file, \"locales\":\n"
            "                           {LL: {\"lines\", \"recorded\", \"missing\": [node...]}}}\n"
            "\n"
            "Progress shows on stderr during long runs when stderr is a terminal.\n"
            "Exit codes: 0 done, 1 the scenario is invalid (its errors on stderr), 2 usage.\n",
            (unsigned long long)STATS_PLAYTHROUGHS_CAP, (unsigned long long)STATS_PLAYTHROUGHS_CAP,
            DEFAULT_RUNS, STATS_MAX_STATES, DEFAULT_RUNS);
}

/* ---- progress: on a terminal only, after half a second, at most ten times a second ---- */

typedef struct {
    bool on;
    double started, last;
    bool shown;
} Progress;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_cb(void *ctx, long done, long total)
{
    Progress *p = ctx;
    if (!p->on)
        return;
    double t = now_s();
    if (done < total && (t - p->started < 0.5 || t - p->last < 0.1))
        return;
    if (done >= total) {
        if (p->shown)
            fputs("\r\033[K", stderr);
        return;
    }
    p->last = t;
    p->shown = true;
    fprintf(stderr, "\rrandom play: %ld of %ld runs (%ld%%)", done, total,
            total > 0 ? done * 100 / total : 100);
    fflush(stderr);
}

/* ---- text ---- */

static const char *bar_char(void)
{
    const char *v = getenv("LC_ALL");
    if (!v || !*v)
        v = getenv("LC_CTYPE");
    if (!v || !*v)
        v = getenv("LANG");
    return v && (strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "UTF8") || strstr(v, "utf-8"))
               ? "\xE2\x96\x88"
               : "#";
}

/* Whether a goto leads to node i, directly or through one of its random branches. */
static bool goto_leads_to(const ScGoto *g, int i)
{
    if (g->node == i)
        return true;
    for (int b = 0; b < g->nbranches; b++)
        if (g->branches[b].node == i)
            return true;
    return false;
}

/* Whether a mentor's event goes to node i. */
static bool event_target(const Scenario *sc, int i)
{
    for (int e = 0; e < scenario_event_count(sc); e++)
        if (goto_leads_to(&scenario_event(sc, e)->next, i))
            return true;
    return false;
}

/* Whether the timeout of some node random play reached leads to `target`: random play never
 * lets a timer run out, so such a node may be missed for that reason alone. */
static bool timeout_leads_to(const Scenario *sc, const StatsRandom *r, int target)
{
    for (int i = 0; i < scenario_node_count(sc); i++) {
        const ScNode *n = scenario_node(sc, i);
        if (n->kind != SC_NODE_CHOICES || !r->node_reached[i] || !n->timeout || n->time_limit <= 0)
            continue;
        if (goto_leads_to(&n->timeout->next, target))
            return true;
    }
    return false;
}

/* The exact figures: maximum, minimum, pass mark, endings, playthroughs. */
static void print_search(const Scenario *sc, const StatsAnalysis *a)
{
    printf("maximum          %" PRId64 "%s\n", a->max_total,
           a->max_exact ? "" : " (an upper bound: the search passed its limit)");
    for (int i = 0; i < a->ncompetencies; i++)
        printf("  %-14s %" PRId64 "\n", scenario_competency(sc, i)->id, a->max_competency[i]);
    if (!a->complete)
        printf("minimum          unknown (more than %ld states)\n", STATS_MAX_STATES);
    else if (!a->has_min)
        printf("minimum          none (no ending can be reached)\n");
    else if (a->min_unbounded)
        printf("minimum          unbounded (a loop that loses points can repeat)\n");
    else
        printf("minimum          %" PRId64 " (%d%%)\n", a->min_total, a->min_percent);
    if (!a->pass_known)
        printf("pass mark        %d%%: unknown whether reachable\n", a->pass_percent);
    else if (a->pass_reachable)
        printf("pass mark        %d%%: reachable (best total at an ending that is not fail: %" PRId64
               ")\n",
               a->pass_percent, a->best_pass_raw);
    else if (a->has_best_pass)
        printf("pass mark        %d%%: NOT reachable (best total at an ending that is not fail: %" PRId64
               ")\n",
               a->pass_percent, a->best_pass_raw);
    else
        printf("pass mark        %d%%: NOT reachable (every reachable ending is fail)\n",
               a->pass_percent);
    printf("endings          %d: %d pass, %d fail, %d neutral; ", a->endings, a->endings_pass,
           a->endings_fail, a->endings_neutral);
    if (a->complete)
        printf("%d reachable\n", a->endings_reachable);
    else
        printf("at least %d reachable (the search stopped)\n", a->endings_reachable);
    if (a->dead_end_nodes)
        printf("dead ends        %d node%s can stop play with nothing offered\n", a->dead_end_nodes,
               a->dead_end_nodes == 1 ? "" : "s");
    if (!a->complete)
        printf("playthroughs     unknown (more than %ld states)\n", STATS_MAX_STATES);
    else if (a->playthroughs_more)
        printf("playthroughs     more than %llu%s\n", (unsigned long long)STATS_PLAYTHROUGHS_CAP,
               a->has_loop ? " (a loop can repeat)" : "");
    else
        printf("playthroughs     %llu\n", (unsigned long long)a->playthroughs);
    printf("states searched  %ld%s\n", a->states, a->complete ? "" : " (stopped at the limit)");
}

/* The percent histogram of the runs that ended, pass zone starred. */
static void print_histogram(const StatsAnalysis *a, const StatsRandom *r)
{
    long most = 1;
    for (int b = 0; b < STATS_BUCKETS; b++)
        if (r->histogram[b] > most)
            most = r->histogram[b];
    const char *bar = bar_char();
    for (int b = 0; b < STATS_BUCKETS; b++) {
        int from = b * 10, to = b == STATS_BUCKETS - 1 ? 100 : b * 10 + 9;
        int len = (int)((r->histogram[b] * 40 + most - 1) / most);
        bool pass_zone = from >= a->pass_percent;
        printf("  %3d-%-3d%s ", from, to, pass_zone ? "*" : " ");
        for (int i = 0; i < len; i++)
            fputs(bar, stdout);
        double share = 100.0 * (double)r->histogram[b] / (double)r->ended;
        if (r->histogram[b] > 0 && share < 0.05)
            printf("%*s %6ld  <0.1%%\n", 40 - len, "", r->histogram[b]);
        else
            printf("%*s %6ld %5.1f%%\n", 40 - len, "", r->histogram[b], share);
    }
    printf("  (* buckets at or above the pass mark of %d%%)\n", a->pass_percent);
}

/* How the random runs ended and scored. */
static void print_random(const StatsAnalysis *a, const StatsRandom *r)
{
    printf("\nrandom play      %ld runs, seed %" PRIu64 "\n", r->runs, r->seed);
    printf("  passed         %ld (%.*f%%)\n", r->passed, r->pass_rate > 0 && r->pass_rate < 0.01 ? 2 : 1,
           100.0 * r->pass_rate);
    printf("  ended          %ld", r->ended);
    if (r->dead_ends)
        printf(", dead ends %ld", r->dead_ends);
    if (r->unfinished)
        printf(", unfinished %ld (over %d steps)", r->unfinished, STATS_MAX_STEPS);
    printf("\n");
    if (r->ended > 0) {
        printf("  percent        mean %.1f, lowest %d, highest %d\n\n", r->mean_percent,
               r->min_percent, r->max_percent);
        print_histogram(a, r);
    }
}

/* Why random play may have missed node i (empty when nothing is known). */
static const char *why_missed(const Scenario *sc, const StatsAnalysis *a, const StatsRandom *r, int i)
{
    if (!a->complete)
        return "";
    if (!a->node_reachable[i])
        return event_target(sc, i) ? " (only a mentor's event leads there)" : " (no playthrough can reach it)";
    return timeout_leads_to(sc, r, i) ? " (a timeout leads there; random play always answers in time)" : "";
}

/* What random play never reached: nodes, then choices. */
static void print_coverage(const Scenario *sc, const StatsAnalysis *a, const StatsRandom *r)
{
    int nodes_missed = 0, choices_missed = 0;
    for (int i = 0; i < r->nnodes; i++)
        nodes_missed += !r->node_reached[i];
    for (int i = 0; i < r->nnodes; i++) {
        const ScNode *n = scenario_node(sc, i);
        if (n->kind == SC_NODE_CHOICES)
            for (int c = 0; c < n->nchoices; c++)
                choices_missed += !r->choice_taken[r->choice_first[i] + c];
    }
    printf("\ncoverage         %d of %d nodes reached, %d choice%s never taken\n",
           r->nnodes - nodes_missed, r->nnodes, choices_missed, choices_missed == 1 ? "" : "s");
    for (int i = 0; i < r->nnodes; i++)
        if (!r->node_reached[i])
            printf("  node %s never reached%s\n", scenario_node(sc, i)->id, why_missed(sc, a, r, i));
    for (int i = 0; i < r->nnodes; i++) {
        const ScNode *n = scenario_node(sc, i);
        if (n->kind != SC_NODE_CHOICES)
            continue;
        for (int c = 0; c < n->nchoices; c++) {
            int k = r->choice_first[i] + c;
            if (r->choice_taken[k])
                continue;
            printf("  choice %s/%s never taken%s\n", n->id, n->choices[c].id,
                   a->complete && !a->choice_reachable[k] ? " (never offered in any playthrough)"
                                                          : "");
        }
    }
}

static void print_text(const Scenario *sc, int loc, const StatsAnalysis *a, const StatsRandom *r)
{
    printf("%s %s: %s\n\n", scenario_id(sc), scenario_version(sc),
           scenario_text(scenario_title(sc), loc));
    print_search(sc, a);
    if (r->runs == 0)
        return;
    print_random(a, r);
    print_coverage(sc, a, r);
}

/* ---- json ---- */

static cJSON *json_int(int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    return cJSON_CreateRaw(buf);
}

static cJSON *json_uint(uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    return cJSON_CreateRaw(buf);
}

static void json_design(cJSON *o, const Scenario *sc, const StatsDesign *d);

static char *build_json(const Scenario *sc, const StatsAnalysis *a, const StatsRandom *r, const StatsDesign *dz)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "scenario", scenario_id(sc));
    cJSON_AddStringToObject(o, "version", scenario_version(sc));
    cJSON_AddItemToObject(o, "max", json_int(a->max_total));
    cJSON_AddBoolToObject(o, "max_exact", a->max_exact);
    cJSON *comps = cJSON_AddObjectToObject(o, "competencies");
    for (int i = 0; comps && i < a->ncompetencies; i++) {
        cJSON *c = cJSON_AddObjectToObject(comps, scenario_competency(sc, i)->id);
        if (c)
            cJSON_AddItemToObject(c, "max", json_int(a->max_competency[i]));
    }
    bool min_known = a->complete && a->has_min && !a->min_unbounded;
    cJSON_AddItemToObject(o, "min", min_known ? json_int(a->min_total) : cJSON_CreateNull());
    cJSON_AddBoolToObject(o, "min_unbounded", a->complete && a->min_unbounded);
    cJSON_AddItemToObject(o, "min_percent",
                          min_known ? cJSON_CreateNumber(a->min_percent) : cJSON_CreateNull());
    cJSON_AddNumberToObject(o, "pass_percent", a->pass_percent);
    cJSON_AddItemToObject(o, "pass_reachable",
                          a->pass_known ? cJSON_CreateBool(a->pass_reachable) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "best_passing_raw", a->pass_known && a->has_best_pass
                                                     ? json_int(a->best_pass_raw)
                                                     : cJSON_CreateNull());
    cJSON *e = cJSON_AddObjectToObject(o, "endings");
    if (e) {
        cJSON_AddNumberToObject(e, "total", a->endings);
        cJSON_AddNumberToObject(e, "pass", a->endings_pass);
        cJSON_AddNumberToObject(e, "fail", a->endings_fail);
        cJSON_AddNumberToObject(e, "neutral", a->endings_neutral);
        cJSON_AddItemToObject(e, "reachable", a->complete ? cJSON_CreateNumber(a->endings_reachable)
                                                          : cJSON_CreateNull());
    }
    cJSON_AddNumberToObject(o, "dead_end_nodes", a->dead_end_nodes);
    cJSON_AddItemToObject(o, "playthroughs", a->complete ? json_uint(a->playthroughs) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "playthroughs_more_than",
                          a->complete && a->playthroughs_more ? json_uint(STATS_PLAYTHROUGHS_CAP)
                                                              : cJSON_CreateNull());
    cJSON_AddBoolToObject(o, "loops", a->has_loop);
    cJSON_AddNumberToObject(o, "states", (double)a->states);
    cJSON_AddBoolToObject(o, "search_complete", a->complete);

    cJSON_AddNumberToObject(o, "runs", (double)r->runs);
    cJSON_AddItemToObject(o, "seed", json_uint(r->seed));
    cJSON_AddNumberToObject(o, "ended", (double)r->ended);
    cJSON_AddNumberToObject(o, "dead_ends", (double)r->dead_ends);
    cJSON_AddNumberToObject(o, "unfinished", (double)r->unfinished);
    cJSON_AddNumberToObject(o, "passed", (double)r->passed);
    cJSON_AddNumberToObject(o, "pass_rate", r->pass_rate);
    cJSON_AddNumberToObject(o, "mean_percent", r->mean_percent);
    cJSON *h = cJSON_AddArrayToObject(o, "histogram");
    for (int b = 0; h && b < STATS_BUCKETS; b++) {
        cJSON *bucket = cJSON_CreateObject();
        if (!bucket)
            break;
        cJSON_AddNumberToObject(bucket, "from", b * 10);
        cJSON_AddNumberToObject(bucket, "to", b == STATS_BUCKETS - 1 ? 100 : b * 10 + 9);
        cJSON_AddNumberToObject(bucket, "runs", (double)r->histogram[b]);
        cJSON_AddItemToArray(h, bucket);
    }
    cJSON *nr = cJSON_AddObjectToObject(o, "never_reached");
    cJSON *nodes = nr ? cJSON_AddArrayToObject(nr, "nodes") : NULL;
    cJSON *choices = nr ? cJSON_AddArrayToObject(nr, "choices") : NULL;
    for (int i = 0; nodes && choices && r->runs > 0 && i < r->nnodes; i++) {
        const ScNode *n = scenario_node(sc, i);
        if (!r->node_reached[i])
            cJSON_AddItemToArray(nodes, cJSON_CreateString(n->id));
        if (n->kind != SC_NODE_CHOICES)
            continue;
        for (int c = 0; c < n->nchoices; c++) {
            int k = r->choice_first[i] + c;
            if (r->choice_taken[k])
                continue;
            cJSON *ch = cJSON_CreateObject();
            if (!ch)
                continue;
            cJSON_AddStringToObject(ch, "node", n->id);
            cJSON_AddStringToObject(ch, "choice", n->choices[c].id);
            cJSON_AddItemToObject(ch, "reachable", a->complete ? cJSON_CreateBool(a->choice_reachable[k])
                                                               : cJSON_CreateNull());
            cJSON_AddItemToArray(choices, ch);
        }
    }
    json_design(o, sc, dz);
    cJSON_AddItemToObject(o, "voice", voice_report_json(sc));
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}

/* ---- design checks ---- */

static void print_design(const Scenario *sc, const StatsDesign *d)
{
    printf("\ndesign checks    (answers only, random branches as the seed draws them)\n");
    printf("  passing calls  %ld of %ld%s\n", d->passing, d->playthroughs,
           d->complete ? "" : " found (the enumeration stopped at its bound or at a loop)");
    if (d->npaths > 0)
        printf("  %s\n", d->passing <= d->npaths ? "every passing call (run --choices ...):"
                                                  : "the cheapest ways to pass, lowest first (run --choices ...):");
    for (int i = 0; i < d->npaths; i++)
        printf("    %3d%%  %s  (ends at %s)\n", d->paths[i].percent, d->paths[i].choices,
               scenario_node(sc, d->paths[i].ending)->id);
    if (!d->best_known) {
        printf("  best call      unknown (the exact search is too big)\n");
        return;
    }
    printf("  best call      %d%% with this seed: %s\n", d->best.percent, d->best.choices);
    const ScMax *mx = scenario_max(sc);
    for (int k = 0; k < scenario_competency_count(sc); k++)
        if (mx->competency[k] > 0 && d->best_competency[k] < mx->competency[k])
            printf("  ! %s: the best call scores %" PRId64 " of its maximum %" PRId64
                   " (%d%%); no call reaches every competency's maximum at once, so even a perfect call shows "
                   "less than 100%% there\n",
                   scenario_competency(sc, k)->id, d->best_competency[k], mx->competency[k],
                   score_percent(d->best_competency[k], mx->competency[k]));
    for (int i = 0; i < d->ntraps; i++) {
        const ScNode *n = scenario_node(sc, d->traps[i].node);
        printf("  ! at %s the answer with the most points, %s, is not the start of the best call: %s leads to "
               "%" PRId64 " in all, %s to %" PRId64 "\n",
               n->id, n->choices[d->traps[i].most_points].id, n->choices[d->traps[i].best].id,
               d->traps[i].best_value, n->choices[d->traps[i].most_points].id, d->traps[i].most_value);
    }
}

static cJSON *json_path(const Scenario *sc, const StatsPath *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "choices", p->choices);
    cJSON_AddStringToObject(o, "ending", scenario_node(sc, p->ending)->id);
    cJSON_AddItemToObject(o, "raw", json_int(p->raw));
    cJSON_AddNumberToObject(o, "percent", p->percent);
    return o;
}

static void json_design(cJSON *o, const Scenario *sc, const StatsDesign *d)
{
    cJSON *pp = cJSON_AddObjectToObject(o, "passing_paths");
    if (pp) {
        cJSON_AddNumberToObject(pp, "count", (double)d->passing);
        cJSON_AddNumberToObject(pp, "of", (double)d->playthroughs);
        cJSON_AddBoolToObject(pp, "complete", d->complete);
        cJSON_AddBoolToObject(pp, "all_listed", d->passing <= d->npaths);
        cJSON *list = cJSON_AddArrayToObject(pp, "listed");
        for (int i = 0; list && i < d->npaths; i++)
            cJSON_AddItemToArray(list, json_path(sc, &d->paths[i]));
    }
    if (!d->best_known) {
        cJSON_AddNullToObject(o, "best_call");
    } else {
        cJSON *b = json_path(sc, &d->best);
        cJSON *comps = b ? cJSON_AddObjectToObject(b, "competencies") : NULL;
        for (int k = 0; comps && k < scenario_competency_count(sc); k++) {
            cJSON *c = cJSON_AddObjectToObject(comps, scenario_competency(sc, k)->id);
            if (c) {
                cJSON_AddItemToObject(c, "points", json_int(d->best_competency[k]));
                cJSON_AddItemToObject(c, "max", json_int(scenario_max(sc)->competency[k]));
            }
        }
        cJSON_AddItemToObject(o, "best_call", b);
    }
    cJSON *traps = cJSON_AddArrayToObject(o, "most_points_not_best");
    for (int i = 0; traps && i < d->ntraps; i++) {
        const ScNode *n = scenario_node(sc, d->traps[i].node);
        cJSON *t = cJSON_CreateObject();
        if (!t)
            continue;
        cJSON_AddStringToObject(t, "node", n->id);
        cJSON_AddStringToObject(t, "most_points", n->choices[d->traps[i].most_points].id);
        cJSON_AddStringToObject(t, "best", n->choices[d->traps[i].best].id);
        cJSON_AddItemToObject(t, "most_points_total", json_int(d->traps[i].most_value));
        cJSON_AddItemToObject(t, "best_total", json_int(d->traps[i].best_value));
        cJSON_AddItemToArray(traps, t);
    }
}

/* ---- the command ---- */

static int parse_count(const char *opt, const char *v, long max, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 0 || n > max) {
        fprintf(stderr, "sparring stats: %s wants a whole number from 0 to %ld, not '%s'\n", opt, max, v);
        return -1;
    }
    *out = n;
    return 0;
}

static int parse_seed(const char *v, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*v == '-' || !*v) {
        fprintf(stderr, "sparring stats: --seed wants a whole number from 0 to 2^64-1, not '%s'\n", v);
        return -1;
    }
    unsigned long long n = strtoull(v, &end, 10);
    if (errno || *end) {
        fprintf(stderr, "sparring stats: --seed wants a whole number from 0 to 2^64-1, not '%s'\n", v);
        return -1;
    }
    *out = n;
    return 0;
}

/* Voice coverage: per locale, the customer lines recorded and those without a take. */
static void print_voice(const Scenario *sc)
{
    char sum[512];
    if (!voice_report_summary(sc, sum, sizeof sum)) {
        printf("\nvoice            no recorded lines (sparring voice record FILE)\n");
        return;
    }
    printf("\nvoice            %s\n", sum);
    voice_report_missing(stdout, sc, "  ");
}

/* The analyses of sc, printed as text or JSON. Returns the exit code. */
static int report(const Scenario *sc, int loc, long runs, uint64_t seed, bool json)
{
    int rc = EXIT_OK;
    StatsAnalysis an;
    StatsRandom rnd;
    if (stats_analyse(sc, &an) < 0) {
        fprintf(stderr, "sparring stats: out of memory\n");
        return EXIT_INVALID;
    }
    Progress prog = {.on = isatty(STDERR_FILENO) == 1, .started = now_s()};
    if (stats_random_play(sc, runs, seed, progress_cb, &prog, &rnd) < 0) {
        fprintf(stderr, "sparring stats: out of memory\n");
        stats_analysis_free(&an);
        return EXIT_INVALID;
    }
    StatsDesign design;
    if (stats_design(sc, seed, &design) < 0) {
        fprintf(stderr, "sparring stats: out of memory\n");
        stats_random_free(&rnd);
        stats_analysis_free(&an);
        return EXIT_INVALID;
    }
    if (json) {
        char *text = build_json(sc, &an, &rnd, &design);
        if (text) {
            printf("%s\n", text);
            free(text);
        } else {
            fprintf(stderr, "sparring stats: out of memory\n");
            rc = EXIT_INVALID;
        }
    } else {
        print_text(sc, loc, &an, &rnd);
        print_design(sc, &design);
        print_voice(sc);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("sparring stats: standard output");
        rc = EXIT_INVALID;
    }
    stats_random_free(&rnd);
    stats_analysis_free(&an);
    return rc;
}

int cmd_stats(int argc, char **argv)
{
    const char *file = NULL, *format = "text", *locale = NULL;
    long runs = DEFAULT_RUNS;
    uint64_t seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        char name[16] = "";
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        }
        static const char *const opts[] = {"--runs", "--seed", "--format", "--locale"};
        for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
            size_t len = strlen(opts[k]);
            if (!strcmp(a, opts[k])) {
                if (i + 1 >= argc) {
                    fprintf(stderr, "sparring stats: %s needs a value\n", a);
                    return EXIT_USAGE;
                }
                val = argv[++i];
            } else if (!strncmp(a, opts[k], len) && a[len] == '=') {
                val = a + len + 1;
            } else {
                continue;
            }
            snprintf(name, sizeof name, "%s", opts[k]);
            break;
        }
        if (val) {
            if (!strcmp(name, "--runs")) {
                if (parse_count("--runs", val, MAX_RUNS, &runs) < 0)
                    return EXIT_USAGE;
            } else if (!strcmp(name, "--seed")) {
                if (parse_seed(val, &seed) < 0)
                    return EXIT_USAGE;
            } else if (!strcmp(name, "--format")) {
                format = val;
            } else {
                locale = val;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "sparring stats: unknown option '%s'\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (file) {
            fprintf(stderr, "sparring stats: one FILE at a time ('%s' and '%s')\n", file, a);
            return EXIT_USAGE;
        } else {
            file = a;
        }
    }
    bool json = !strcmp(format, "json");
    if (!json && strcmp(format, "text")) {
        fprintf(stderr, "sparring stats: unknown format '%s' (use text or json)\n", format);
        return EXIT_USAGE;
    }
    if (!file) {
        fprintf(stderr, "sparring stats: which scenario? (sparring stats FILE)\n");
        usage(stderr);
        return EXIT_USAGE;
    }

    DiagList diags = {0};
    Scenario *sc = sheet_load_file(file, &diags); /* a .csv sheet too */
    if (!sc) {
        char line[2048];
        for (int i = 0; i < diags.count; i++) {
            if (diags.items[i].severity != DIAG_ERROR)
                continue;
            diag_format(&diags.items[i], line, sizeof line);
            fprintf(stderr, "%s\n", line);
        }
        diag_list_free(&diags);
        return EXIT_INVALID;
    }
    diag_list_free(&diags);
    int loc = locale ? scenario_locale_index(sc, locale) : 0;

    int rc = report(sc, loc, runs, seed, json);
    scenario_free(sc);
    return rc;
}
