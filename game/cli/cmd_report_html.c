/* sparring records report --format html: gathers the records and the library, writes the page. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "cli_out.h"
#include "dashboard.h"
#include "report_html.h"

/* ---- where the time goes (ReportHtmlTimes; only when asked) ---------------------------------- */

typedef struct {
    double wall, cpu;
} Tick;

static Tick tick(void)
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
    return (Tick){(double)w.tv_sec + w.tv_nsec / 1e9, (double)c.tv_sec + c.tv_nsec / 1e9};
}

/* Adds the time since *mark to the phase and moves the mark to now. */
static void spend(ReportHtmlTimes *t, int phase, Tick *mark)
{
    if (!t)
        return;
    Tick now = tick();
    t->wall[phase] += now.wall - mark->wall;
    t->cpu[phase] += now.cpu - mark->cpu;
    *mark = now;
}

typedef struct {
    Dashboard *d;
    ReportHtmlTimes *times;
    Tick mark;
} Gather;

static int add(void *ctx, const RecordsAttempt *a)
{
    Gather *g = ctx;
    spend(g->times, REPORT_STREAM, &g->mark); /* since the last attempt: reading this one */
    int rc = dashboard_add_attempt(g->d, a);
    spend(g->times, REPORT_GATHER, &g->mark);
    return rc;
}

static int64_t now_ms(void)
{
    const char *fixed = getenv("SPARRING_NOW_MS"); /* tests: a page made "on" a given day */
    if (fixed && *fixed)
        return strtoll(fixed, NULL, 10);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Loads every scenario of the library that loads (the others are left out of the page). */
static int load_library(const char *dir, Dashboard *d, Scenario ***out, int *n)
{
    CliPaths paths;
    *out = NULL;
    *n = 0;
    if (cli_scan_scenarios(dir, &paths) < 0)
        return -1;
    Scenario **list = calloc((size_t)(paths.n ? paths.n : 1), sizeof *list);
    int rc = list ? 0 : -1;
    for (int i = 0; i < paths.n && rc == 0; i++) {
        DiagList diags = {0};
        Scenario *sc = scenario_load_file(paths.paths[i], &diags);
        diag_list_free(&diags);
        if (!sc)
            continue;
        list[(*n)++] = sc;
        rc = dashboard_add_scenario(d, sc);
    }
    cli_paths_free(&paths);
    *out = list;
    return rc;
}

int report_html_make(Records *db, const ReportHtmlRequest *rq, FILE *out, char *err,
                     size_t errsize)
{
    DashboardOptions dopt = {rq->team, rq->since_unix_ms, now_ms(), rq->amber_margin};
    Dashboard *d = dashboard_new(&dopt);
    Scenario **lib = NULL;
    int nlib = 0, rc = -1;
    Gather g = {d, rq->times, tick()};
    if (g.times)
        memset(g.times, 0, sizeof *g.times);
    if (!d || load_library(rq->scenarios_dir, d, &lib, &nlib) < 0) {
        snprintf(err, errsize, "out of memory");
        goto done;
    }
    spend(g.times, REPORT_LIBRARY, &g.mark);
    /* One team's page reads only that team's attempts, and only the fields it uses. */
    RecordsEachOptions eo = {.since_unix_ms = rq->since_unix_ms, .details = REPORT_HTML_DETAILS,
                             .team = rq->team, .lean = true};
    if (records_each_attempt(db, &eo, add, &g, err, errsize) < 0)
        goto done;
    spend(g.times, REPORT_STREAM, &g.mark);
    const DashboardData *data = dashboard_data(d);
    if (!data) {
        snprintf(err, errsize, "out of memory");
        goto done;
    }
    spend(g.times, REPORT_GATHER, &g.mark);
    ReportHtmlOptions hopt = {rq->locale, rq->team, rq->since_unix_ms, dopt.now_unix_ms,
                              rq->amber_margin, rq->db};
    rc = report_html_write(out, d, data, &hopt);
    if (rc < 0)
        snprintf(err, errsize, "cannot write the page");
    spend(g.times, REPORT_WRITE, &g.mark);
done:
    dashboard_free(d);
    for (int i = 0; i < nlib; i++)
        scenario_free(lib[i]);
    free(lib);
    return rc;
}

/* The store named with --db, as the page's commands should name it: a file by its full path (the
 * commands may be run from another folder); a PostgreSQL URL as given, unless it holds a
 * password (the page is mailed around): then none, and the reader adds their own --db. NULL
 * when none was named (the default store, found by the commands themselves). */
static const char *page_db(const char *opt_db, char *buf)
{
    if (!opt_db || !*opt_db)
        return NULL;
    if (!records_target_is_pg(opt_db))
        return realpath(opt_db, buf) ? buf : opt_db;
    const char *scheme = strstr(opt_db, "://"), *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    bool secret = strstr(opt_db, "password") || (at && colon && colon < at);
    return secret ? NULL : opt_db;
}

static const char usage[] =
    "usage: sparring records report --format html [--out FILE] [--team T] [--since YYYY-MM-DD]\n"
    "                               [--locale zh|en] [--scenarios DIR] [--db PATH]\n"
    "\n"
    "Writes the training manager's page: one HTML file that opens in any browser with no\n"
    "network: the team at a glance (lights, tiers, groups cleared, recent scores), the\n"
    "competency heat map and the techniques most often missed, progress per week, the item\n"
    "analysis, and this week's attempts for the case review.\n"
    "  --out FILE      the page (default: standard output)\n"
    "  --team T        only this team\n"
    "  --since DATE    only attempts started on or after DATE (UTC)\n"
    "  --locale LL     zh (default) or en\n"
    "  --scenarios DIR the scenario library (default: the bundled scenarios)\n"
    "  --config FILE   the records configuration: [report] amber_margin (default 20)\n"
    "  --db PATH       the records database\n";

typedef struct {
    const char *db, *out, *team, *since, *locale, *scenarios, *format, *config;
} HtmlArgs;

static int html_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "sparring records report: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage);
    return EXIT_USAGE;
}

/* 0, 1 for --help, or -EXIT_USAGE (reported). */
static int parse_html(int argc, char **argv, HtmlArgs *a)
{
    memset(a, 0, sizeof *a);
    const char *names[] = {"--db", "--out", "--team", "--since", "--locale", "--scenarios",
                           "--format", "--config"};
    const char **slots[] = {&a->db, &a->out, &a->team, &a->since, &a->locale, &a->scenarios,
                            &a->format, &a->config};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 1;
        }
        bool matched = false, missing = false;
        for (size_t k = 0; k < sizeof names / sizeof names[0] && !matched && !missing; k++) {
            const char *v = cli_option_value(argc, argv, &i, names[k], &missing);
            if (v) {
                *slots[k] = v;
                matched = true;
            }
        }
        if (missing)
            return -html_usage_error("%s needs a value", argv[i]);
        if (!matched)
            return -html_usage_error(argv[i][0] == '-' ? "unknown option '%s'"
                                                        : "unexpected argument '%s'", argv[i]);
    }
    if (!a->locale)
        a->locale = "zh";
    if (strcmp(a->locale, "zh") && strcmp(a->locale, "en"))
        return -html_usage_error("--locale is zh or en, not '%s'", a->locale);
    return 0;
}

int cmd_report_html(int argc, char **argv)
{
    HtmlArgs a;
    int p = parse_html(argc, argv, &a);
    if (p)
        return p > 0 ? EXIT_OK : -p;
    char full[PATH_MAX];
    ReportHtmlRequest rq = {a.locale, a.team, a.scenarios ? a.scenarios : cli_scenarios_dir(),
                            INT64_MIN, RECORDS_AMBER_MARGIN, NULL, page_db(a.db, full)};
    if (a.since && cli_parse_date(a.since, &rq.since_unix_ms) < 0)
        return html_usage_error("--since takes a date YYYY-MM-DD, not '%s'", a.since);
    RecordsConfig cfg;
    if (cli_records_config(a.config, false, &cfg) < 0)
        return EXIT_INVALID;
    rq.amber_margin = cfg.amber_margin;
    records_config_free(&cfg);
    Records *db = cli_open_records(a.db, true);
    if (!db)
        return EXIT_INVALID;
    char err[1024];
    CliOut out = {0};
    int rc = EXIT_OK;
    if (a.out) {
        rc = cli_out_open(&out, a.out, records_path(db), "sparring records report");
    } else {
        out.f = stdout;
    }
    if (rc == EXIT_OK) {
        if (report_html_make(db, &rq, out.f, err, sizeof err) < 0) {
            fprintf(stderr, "sparring records report: %s\n", err);
            rc = EXIT_INVALID;
        }
        if (a.out && cli_out_close(&out, rc == EXIT_OK, "sparring records report") < 0)
            rc = EXIT_INVALID;
        else if (a.out && rc == EXIT_OK)
            fprintf(stderr, "sparring records report: the page is in %s\n", a.out);
        else
            rc = cli_finish(rc);
    }
    records_close(db);
    return rc;
}
