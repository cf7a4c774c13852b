/* sparring records items: classical item analysis of the decision nodes (records_items.h), as
 * text, CSV or JSON. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mentor_replay.h"
#include "records.h"
#include "records_items.h"

static const char items_usage[] =
    "usage: sparring records items [--scenario ID] [--mode practice|assessment]\n"
    "                              [--format text|csv|json] [--scenarios DIR] [--db PATH]\n"
    "\n"
    "Item analysis: how each decision of a scenario works on the trainees who met it, over the\n"
    "completed practice and assessment attempts (sandbox never counts). Per decision node:\n"
    "  reached         decisions taken there\n"
    "  answers         how many took each answer, and how many let the time run out\n"
    "  best, p         the best answer on offer, and the share that took it\n"
    "  discrimination  do those who take the best answer here do better elsewhere in the call?\n"
    "                  (corrected item-rest correlation; empty when nothing varies)\n"
    "  mean seconds, timeouts, and flags: unused:ID (an answer nobody takes),\n"
    "  p_above_0.95 (too easy to tell anyone apart), negative_discrimination (the better\n"
    "  trainees miss it: check the answer marked best)\n"
    "Each attempt is replayed on the scenario file as it is now (attempts that no longer fit it\n"
    "are skipped and counted). Exit code 1 when a scenario's file is not found (the others\n"
    "are still reported), or the database cannot be read; 2 usage error.\n"
    "  --scenario ID   only this scenario (default: every scenario with attempts)\n"
    "  --mode M        only practice or only assessment attempts (default: both)\n"
    "  --format F      text (default), csv or json\n"
    "  --scenarios DIR where the scenario files are (default: the bundled folder)\n"
    "  --db PATH       the records database\n";

typedef struct {
    const char *db, *scenario, *mode, *format, *dir;
} ItemsArgs;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "sparring records items: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", items_usage);
    return EXIT_USAGE;
}

static int parse(int argc, char **argv, ItemsArgs *a)
{
    memset(a, 0, sizeof *a);
    a->format = "text";
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(items_usage, stdout);
            return -1;
        } else if ((v = cli_option_value(argc, argv, &i, "--scenario", &missing))) {
            a->scenario = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--mode", &missing))) {
            if (strcmp(v, "practice") && strcmp(v, "assessment"))
                return usage_error("--mode is practice or assessment, not '%s'", v);
            a->mode = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--format", &missing))) {
            if (strcmp(v, "text") && strcmp(v, "csv") && strcmp(v, "json"))
                return usage_error("--format is text, csv or json, not '%s'", v);
            a->format = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--scenarios", &missing))) {
            a->dir = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--db", &missing))) {
            a->db = v;
        } else if (missing) {
            return usage_error("%s needs a value", argv[i]);
        } else {
            return usage_error("unexpected '%s'", argv[i]);
        }
    }
    return 0;
}

/* ---- output ---- */

typedef struct {
    const ItemsArgs *args;
    cJSON *json; /* --format json: the array */
    int missing; /* scenarios whose file was not found */
    bool csv_header;
} Out;

static cJSON *number_or_null(bool has, double v)
{
    return has ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static void emit_json(Out *o, const ItemsAnalysis *it, const Scenario *sc, const ItemsNode *m)
{
    const ScNode *n = scenario_node(sc, m->node);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "scenario", scenario_id(sc));
    cJSON_AddStringToObject(j, "node", n->id);
    cJSON_AddNumberToObject(j, "reached", m->reached);
    cJSON_AddItemToObject(j, "best", m->best < 0 ? cJSON_CreateNull()
                                     : cJSON_CreateString(m->best < m->nanswers ? n->choices[m->best].id : "timeout"));
    cJSON_AddItemToObject(j, "p", number_or_null(m->has_p, m->p));
    cJSON_AddItemToObject(j, "discrimination", number_or_null(m->has_discrimination, m->discrimination));
    cJSON *ans = cJSON_AddObjectToObject(j, "answers");
    for (int c = 0; c < m->nanswers; c++)
        cJSON_AddNumberToObject(ans, n->choices[c].id, m->counts[c]);
    if (m->has_timeout)
        cJSON_AddNumberToObject(ans, "timeout", m->timeouts);
    cJSON_AddItemToObject(j, "mean_seconds", number_or_null(m->has_seconds, m->mean_seconds));
    cJSON_AddNumberToObject(j, "timeouts", m->timeouts);
    const char *flags[SC_MAX_CHOICES + 2];
    int nf = items_flag_names(it, m, flags, SC_MAX_CHOICES + 2);
    cJSON_AddItemToObject(j, "flags", cJSON_CreateStringArray(flags, nf));
    cJSON_AddItemToArray(o->json, j);
}

static void fixed(char *buf, size_t size, bool has, double v, int decimals)
{
    if (has)
        snprintf(buf, size, "%.*f", decimals, v);
    else
        buf[0] = 0;
}

static void emit_row(Out *o, const ItemsAnalysis *it, const Scenario *sc, const ItemsNode *m)
{
    const ScNode *n = scenario_node(sc, m->node);
    bool csv = !strcmp(o->args->format, "csv");
    char p[32], d[32], s[32], answers[2048];
    fixed(p, sizeof p, m->has_p, m->p, csv ? 4 : 2);
    fixed(d, sizeof d, m->has_discrimination, m->discrimination, csv ? 4 : 2);
    fixed(s, sizeof s, m->has_seconds, m->mean_seconds, 1);
    size_t used = 0;
    answers[0] = 0;
    for (int c = 0; c <= m->nanswers && used < sizeof answers; c++) {
        if (c == m->nanswers && !m->has_timeout)
            break;
        used += (size_t)snprintf(answers + used, sizeof answers - used, "%s%s%s%d", c ? (csv ? ";" : " ") : "",
                                 c < m->nanswers ? n->choices[c].id : "timeout", csv ? ":" : "=",
                                 c < m->nanswers ? m->counts[c] : m->timeouts);
    }
    const char *flags[SC_MAX_CHOICES + 2];
    int nf = items_flag_names(it, m, flags, SC_MAX_CHOICES + 2);
    const char *best = m->best < 0 ? "" : m->best < m->nanswers ? n->choices[m->best].id : "timeout";
    if (csv) {
        printf("%s,%s,%d,%s,%s,%s,%s,%s,%d,", scenario_id(sc), n->id, m->reached, best, p, d, answers, s,
               m->timeouts);
        for (int i = 0; i < nf; i++)
            printf("%s%s", i ? ";" : "", flags[i]);
        printf("\r\n");
        return;
    }
    printf("  %-20s %7d  %-14s %5s %6s %6s  %s\n", n->id, m->reached, best, p[0] ? p : "-", d[0] ? d : "-",
           s[0] ? s : "-", answers);
    for (int i = 0; i < nf; i++)
        printf("  %-20s   ! %s\n", "", flags[i]);
}

static void emit(Out *o, ItemsAnalysis *it, const Scenario *sc)
{
    int n;
    const ItemsNode *nodes = items_nodes(it, &n);
    bool text = !strcmp(o->args->format, "text");
    if (text) {
        printf("%s: %d attempt%s", scenario_id(sc), items_attempts(it), items_attempts(it) == 1 ? "" : "s");
        if (items_skipped(it))
            printf(" (%d more did not replay on the file as it is now and were skipped)", items_skipped(it));
        printf("\n  %-20s %7s  %-14s %5s %6s %6s  %s\n", "node", "reached", "best", "p", "disc.", "secs",
               "answers");
    } else if (items_skipped(it)) {
        fprintf(stderr, "sparring records items: %s: %d attempt%s did not replay on the file and %s skipped\n",
                scenario_id(sc), items_skipped(it), items_skipped(it) == 1 ? "" : "s",
                items_skipped(it) == 1 ? "was" : "were");
    }
    for (int i = 0; i < n; i++) {
        if (o->json)
            emit_json(o, it, sc, &nodes[i]);
        else
            emit_row(o, it, sc, &nodes[i]);
    }
    if (text)
        printf("\n");
}

/* ---- the run ---- */

/* Analyses ids[*k..] while they are of one scenario; moves *k past them. 0, or an exit code. */
static int one_scenario(Records *db, Out *o, char **ids, int nids, int *k)
{
    char err[1024];
    RecordsAttempt *first = records_attempt_load(db, ids[*k], err, sizeof err);
    if (!first) {
        fprintf(stderr, "sparring records items: %s\n", err);
        return EXIT_INVALID;
    }
    char path[4096];
    bool changed;
    Scenario *sc = mentor_find_scenario(first, NULL, o->args->dir ? o->args->dir : cli_scenarios_dir(), path,
                                        sizeof path, &changed, err, sizeof err);
    ItemsAnalysis *it = sc ? items_new(sc) : NULL;
    int rc = EXIT_OK;
    if (!sc) {
        const char *dir = o->args->dir ? o->args->dir : cli_scenarios_dir();
        /* (without a FILE, it fails only when no file under dir has the id) */
        fprintf(stderr, "sparring records items: no file of scenario \"%s\" under %s (give the folder with "
                        "--scenarios DIR); its attempts are left out\n", first->scenario_id, dir);
        o->missing++;
    }
    RecordsAttempt *a = first;
    for (;;) {
        if (it && items_add(it, a) < 0) {
            fprintf(stderr, "sparring records items: out of memory\n");
            rc = EXIT_INVALID;
        }
        char sid[128];
        snprintf(sid, sizeof sid, "%s", a->scenario_id);
        records_attempt_free(a);
        a = NULL;
        if (rc != EXIT_OK || ++*k >= nids)
            break;
        if (!(a = records_attempt_load(db, ids[*k], err, sizeof err))) {
            fprintf(stderr, "sparring records items: %s\n", err);
            rc = EXIT_INVALID;
            break;
        }
        if (strcmp(a->scenario_id, sid)) {
            records_attempt_free(a);
            break;
        }
    }
    if (it && rc == EXIT_OK)
        emit(o, it, sc);
    items_free(it);
    scenario_free(sc);
    return rc;
}

int cmd_records_items(int argc, char **argv)
{
    ItemsArgs a;
    int rc = parse(argc, argv, &a);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    char err[1024];
    Records *db = records_open(cli_db_path(a.db), err, sizeof err);
    if (!db) {
        fprintf(stderr, "sparring records items: %s\n", err);
        return EXIT_INVALID;
    }
    char **ids;
    int nids;
    if (records_attempt_ids(db, a.scenario, a.mode, &ids, &nids, err, sizeof err) < 0) {
        fprintf(stderr, "sparring records items: %s\n", err);
        records_close(db);
        return EXIT_INVALID;
    }
    Out o = {.args = &a, .json = !strcmp(a.format, "json") ? cJSON_CreateArray() : NULL};
    if (!strcmp(a.format, "csv"))
        printf("\xEF\xBB\xBFscenario,node,reached,best,p,discrimination,answers,mean_seconds,timeouts,flags\r\n");
    if (nids == 0 && !strcmp(a.format, "text"))
        printf("No completed attempts%s%s%s.\n", a.scenario ? " of " : "", a.scenario ? a.scenario : "",
               a.mode ? (!strcmp(a.mode, "practice") ? " in practice" : " in assessment") : "");
    for (int k = 0; k < nids && rc == EXIT_OK;)
        rc = one_scenario(db, &o, ids, nids, &k);
    if (rc == EXIT_OK && o.missing)
        rc = EXIT_INVALID; /* the figures printed are right, but some are missing */
    if (o.json && (rc == EXIT_OK || o.missing)) {
        char *s = cJSON_Print(o.json);
        if (s)
            printf("%s\n", s);
        free(s);
    }
    cJSON_Delete(o.json);
    records_ids_free(ids, nids);
    records_close(db);
    return rc;
}
