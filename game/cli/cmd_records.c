/* sparring records export|report|sync (cli.md, records; records.md fixes the formats). */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_out.h"
#include "records.h"
#include "records_sync.h"

static const char records_usage[] =
    "usage: sparring records export [--format csv|jsonl|xapi] [--out FILE] [--trainee ID]\n"
    "                               [--team T] [--since YYYY-MM-DD] [--no-bom] [--db PATH]\n"
    "                               [--config FILE]\n"
    "       sparring records report [--trainee ID] [--format text|json] [--db PATH]\n"
    "       sparring records sync [--db PATH] [--config FILE] [--retry ID|all]\n"
    "       sparring records setup-db --db postgresql://OWNER@HOST/DATABASE\n"
    "       sparring records copy --from STORE --to STORE\n"
    "       sparring records purge-audio [--older-than DAYS] [--db PATH] [--config FILE]\n"
    "       sparring records items [--scenario ID] [--mode M] [--format text|csv|json]\n"
    "\n"
    "The assessment records: every attempt, kept in an SQLite database, or in a PostgreSQL\n"
    "database shared by the stations of a training room (--db postgresql://...).\n"
    "  export   writes the attempts as CSV (opens in Excel, Chinese included), JSON Lines\n"
    "           (everything, decisions and mentor events included) or xAPI statements\n"
    "  report   per trainee: attempts, best and latest percent per scenario, competency\n"
    "           averages, red/amber/green and the level cleared by passed assessments\n"
    "  sync     sends the queued xAPI statements to the Learning Record Store configured in\n"
    "           the configuration file\n"
    "  setup-db sets up a shared PostgreSQL store: tables, station and reporting roles\n"
    "  copy     copies the finished attempts of one store into another (again: none twice)\n"
    "  purge-audio deletes recordings of spoken answers older than the retention (90 days)\n"
    "  items    item analysis: per decision, who reached it, what they answered, how hard it\n"
    "           is and whether it tells stronger trainees from weaker ones\n"
    "`sparring records COMMAND --help` explains each. docs/records.md has the details.\n"
    "Exit codes: 0 success; 1 the database or configuration is unreadable, or sync failed;\n"
    "2 usage error.\n";

static const char export_usage[] =
    "usage: sparring records export [--format csv|jsonl|xapi] [--out FILE] [--trainee ID]\n"
    "                               [--team T] [--since YYYY-MM-DD] [--no-bom] [--db PATH]\n"
    "                               [--config FILE]\n"
    "\n"
    "Writes the recorded attempts, oldest first, to standard output or FILE.\n"
    "  --format F      csv (default): UTF-8 with a byte-order mark, CRLF, one attempt a row,\n"
    "                  a competency.<id> column (percent) per competency;\n"
    "                  jsonl: one JSON object per attempt with everything recorded;\n"
    "                  xapi: a JSON array of xAPI 1.0.3 statements (finished attempts)\n"
    "  --out FILE      write FILE (replaced only once the export is complete)\n"
    "  --trainee ID    only this trainee's attempts\n"
    "  --team T        only the attempts of this team's trainees (each trainee's team as\n"
    "                  last recorded, as the report's --team)\n"
    "  --since DATE    only attempts started on or after DATE (YYYY-MM-DD, UTC)\n"
    "  --no-bom        CSV without the byte-order mark (for LMS imports that reject it)\n"
    "  --db PATH       the records database (default $SPARRING_DB, else\n"
    "                  $XDG_DATA_HOME/sparring/records.db)\n"
    "  --config FILE   the configuration giving home_page and activity_base for xapi\n"
    "                  (default $XDG_CONFIG_HOME/sparring/lrs.ini)\n";

static const char report_usage[] =
    "usage: sparring records report [--trainee ID] [--team T] [--format text|json|html]\n"
    "                               [--db PATH] [--config FILE]\n"
    "\n"
    "Summarises the records per trainee: attempts, best and latest percent per scenario,\n"
    "whether an assessment was passed, competency averages, a status and the level cleared.\n"
    "Status: green, an assessment passed; amber, the best percent is within 20 points of the\n"
    "pass mark (amber_margin in the configuration's [report] section); red, below that. A\n"
    "trainee's status is the best of their scenarios'. Cleared:\n"
    "the highest level (new_hire, experienced, manager) with a passed assessment.\n"
    "Sandbox attempts never count; best and latest come from completed attempts.\n"
    "  --trainee ID    only this trainee\n"
    "  --team T        only this team's trainees (each trainee's team as last recorded)\n"
    "  --format F      text (default), json, or html: the manager's page (see\n"
    "                  `sparring records report --format html --help`)\n"
    "  --config FILE   the records configuration (default $XDG_CONFIG_HOME/sparring/lrs.ini)\n"
    "  --db PATH       the records database\n";

static const char sync_usage[] =
    "usage: sparring records sync [--db PATH] [--config FILE] [--retry ID|all]\n"
    "\n"
    "Sends the xAPI statements waiting in the database's outbox to the Learning Record Store.\n"
    "A statement leaves the outbox only once the LRS has acknowledged it; statement ids are\n"
    "fixed, so running sync again after a failure never duplicates anything.\n"
    "  --config FILE   the configuration (default $XDG_CONFIG_HOME/sparring/lrs.ini, else\n"
    "                  ~/.config/sparring/lrs.ini), for example:\n"
    "                      [lrs]\n"
    "                      endpoint = https://lrs.example.com/xAPI/\n"
    "                      key = sparring-room-3\n"
    "                      secret = ...\n"
    "                      home_page = https://hr.example.com\n"
    "                  optional: activity_base, batch (50), retries (5), timeout (30 s),\n"
    "                  allow_plain_http (false: key and secret go only over https://, or\n"
    "                  http:// to this machine)\n"
    "  --db PATH       the records database\n"
    "  --retry ID|all  first put a statement that was set aside back in the queue (all:\n"
    "                  every one)\n"
    "A statement the LRS rejects is set aside, its id and the LRS's reason printed, so the\n"
    "statements after it still go; it is kept, and waits for --retry. One sync at a time per\n"
    "database: a second one says so and stops (exit 1).\n";

typedef struct {
    const char *db, *out, *trainee, *since, *config, *format, *retry, *team;
    bool no_bom;
} Args;

static int usage_error(const char *cmd, const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "sparring records%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, cli_esc(arg));
    fprintf(stderr, "\n\n%s", usage);
    return EXIT_USAGE;
}

/* Parses the options `allowed` names (a space-separated list). 0, 1 for --help, or EXIT_USAGE
 * (already reported) negated. */
static int parse(int argc, char **argv, const char *cmd, const char *usage, const char *allowed,
                 Args *a)
{
    memset(a, 0, sizeof *a);
    static const char *const names[] = {"--db", "--out", "--trainee", "--since", "--config",
                                        "--format", "--retry", "--team"};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 1;
        }
        if (!strcmp(argv[i], "--no-bom") && strstr(allowed, "--no-bom")) {
            a->no_bom = true;
            continue;
        }
        bool matched = false, missing = false;
        const char **slots[] = {&a->db,     &a->out,    &a->trainee, &a->since,
                                &a->config, &a->format, &a->retry, &a->team};
        for (size_t k = 0; k < sizeof names / sizeof names[0] && !matched; k++) {
            char key[24];
            snprintf(key, sizeof key, "%s ", names[k]);
            char all[128];
            snprintf(all, sizeof all, "%s ", allowed);
            if (!strstr(all, key))
                continue;
            int before = i;
            const char *v = cli_option_value(argc, argv, &i, names[k], &missing);
            if (missing)
                return -usage_error(cmd, usage, "%s needs a value", names[k]);
            if (v) {
                *slots[k] = v;
                matched = true;
            } else {
                i = before;
            }
        }
        if (matched)
            continue;
        if (argv[i][0] == '-')
            return -usage_error(cmd, usage, "unknown option '%s'", argv[i]);
        return -usage_error(cmd, usage, "unexpected argument '%s'", argv[i]);
    }
    if (a->trainee && !cli_text_ok(a->trainee))
        return -usage_error(cmd, usage, "--trainee '%s' is not UTF-8 text, or holds a line break, "
                            "tab or other control character", a->trainee);
    if (a->team && !cli_text_ok(a->team))
        return -usage_error(cmd, usage, "--team '%s' is not UTF-8 text, or holds a line break, "
                            "tab or other control character", a->team);
    return 0;
}

static const char *config_path(const char *opt, char *buf, size_t size)
{
    if (opt && *opt)
        return opt;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg)
        snprintf(buf, size, "%s/sparring/lrs.ini", xdg);
    else
        snprintf(buf, size, "%s/.config/sparring/lrs.ini", getenv("HOME") ? getenv("HOME") : ".");
    return buf;
}

/* Loads the configuration. required: a missing file is an error. 0, or -1 (reported). */
int cli_records_config(const char *opt, bool required, RecordsConfig *cfg)
{
    char buf[4096];
    const char *path = config_path(opt, buf, sizeof buf);
    memset(cfg, 0, sizeof *cfg);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (!required && errno == ENOENT && !(opt && *opt)) {
            char err[64];
            return records_config_parse("", 0, path, cfg, err, sizeof err);
        }
        fprintf(stderr, "sparring records: cannot read the configuration %s: %s%s\n", path,
                strerror(errno),
                errno == ENOENT ? " (see `sparring records sync --help` for what it holds)" : "");
        return -1;
    }
    struct stat st;
    bool loose = fstat(fileno(f), &st) == 0 && (st.st_mode & 077);
    size_t cap = 65 * 1024, n = 0;
    char *data = malloc(cap);
    if (!data) {
        fclose(f);
        fprintf(stderr, "sparring records: out of memory\n");
        return -1;
    }
    size_t r;
    while (n < cap && (r = fread(data + n, 1, cap - n, f)) > 0)
        n += r;
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(data);
        fprintf(stderr, "sparring records: cannot read the configuration %s\n", path);
        return -1;
    }
    char err[1024];
    int rc = records_config_parse(data, n, path, cfg, err, sizeof err);
    free(data);
    if (rc < 0) {
        fprintf(stderr, "sparring records: %s\n", err);
        records_config_free(cfg);
        return -1;
    }
    if (loose && (cfg->key || cfg->secret)) /* export and sync alike */
        fprintf(stderr, "sparring records: warning: %s holds the LRS key and secret and other "
                        "users can read it: chmod 600 %s\n", path, path);
    return 0;
}

/* "exporting: 1200 of 100000 attempts" on one terminal line, rewritten as it goes. */
static void export_progress(void *ctx, long done, long total)
{
    (void)ctx;
    fprintf(stderr, "\rsparring records export: %ld of %ld attempts", done, total);
    if (done >= total)
        fputc('\n', stderr);
    fflush(stderr);
}

static int cmd_export(int argc, char **argv)
{
    Args a;
    int p = parse(argc, argv, "export", export_usage,
                  "--db --out --trainee --since --config --format --no-bom --team", &a);
    if (p)
        return p > 0 ? EXIT_OK : -p;
    RecordsExportOptions opt;
    memset(&opt, 0, sizeof opt);
    opt.format = RECORDS_CSV;
    opt.since_unix_ms = INT64_MIN;
    if (a.format) {
        if (!strcmp(a.format, "csv"))
            opt.format = RECORDS_CSV;
        else if (!strcmp(a.format, "jsonl"))
            opt.format = RECORDS_JSONL;
        else if (!strcmp(a.format, "xapi"))
            opt.format = RECORDS_XAPI;
        else
            return usage_error("export", export_usage, "--format is csv, jsonl or xapi, not '%s'",
                               a.format);
    }
    if (a.since && cli_parse_date(a.since, &opt.since_unix_ms) < 0)
        return usage_error("export", export_usage, "--since takes a date YYYY-MM-DD, not '%s'",
                           a.since);
    opt.trainee_id = a.trainee;
    opt.team = a.team;
    opt.no_bom = a.no_bom;
    RecordsConfig cfg;
    if (cli_records_config(a.config, false, &cfg) < 0)
        return EXIT_INVALID;
    opt.xapi.home_page = cfg.home_page;
    opt.xapi.activity_base = cfg.activity_base;
    Records *db = cli_open_records(a.db, true);
    if (!db) {
        records_config_free(&cfg);
        return EXIT_INVALID;
    }
    FILE *out = stdout;
    CliOut o = {0};
    if (a.out) {
        int orc = cli_out_open(&o, a.out, records_path(db), "sparring records export");
        if (orc) {
            records_close(db);
            records_config_free(&cfg);
            return orc;
        }
        out = o.f;
    }
    char err[1024];
    /* Progress on a terminal, when the export itself does not go to that terminal. */
    if (isatty(STDERR_FILENO) && (a.out || !isatty(STDOUT_FILENO)))
        opt.progress = export_progress;
    long n = records_export(db, &opt, out, err, sizeof err);
    int rc = EXIT_OK;
    if (n < 0) {
        fprintf(stderr, "sparring records export: %s\n", err);
        rc = EXIT_INVALID;
    }
    if (a.out) {
        /* Written beside the target and renamed at the end: a failed export never leaves a
         * half file where the last good one was. */
        if (cli_out_close(&o, rc == EXIT_OK, "sparring records export") < 0)
            rc = EXIT_INVALID;
        else
            fprintf(stderr, "sparring records export: %ld attempt%s written to %s\n", n,
                    n == 1 ? "" : "s", a.out);
    }
    records_close(db);
    records_config_free(&cfg);
    return rc;
}

static void print_report_text(const RecordsReport *r)
{
    for (int i = 0; i < r->ntrainees; i++) {
        const RecordsReportTrainee *t = &r->trainees[i];
        /* Escaped: a trainee id with a line break would forge a line of the report. */
        printf("%s%s", i ? "\n" : "", cli_esc(t->trainee_id));
        if (t->name[0])
            printf("  %s", cli_esc(t->name));
        if (t->team[0])
            printf("  (team %s)", cli_esc(t->team));
        printf("\n  status %s, cleared for %s, %d attempt%s\n", records_rag_name(t->rag),
               t->cleared ? t->cleared : "nothing yet", t->attempts, t->attempts == 1 ? "" : "s");
        printf("  %-24s %-12s %5s %8s %5s %7s %-11s %s\n", "scenario", "level", "pass", "attempts",
               "best", "latest", "assessment", "status");
        for (int j = 0; j < t->nscenarios; j++) {
            const RecordsReportScenario *s = &t->scenarios[j];
            char best[16] = "-", latest[16] = "-";
            if (s->best >= 0)
                snprintf(best, sizeof best, "%d", s->best);
            if (s->latest >= 0)
                snprintf(latest, sizeof latest, "%d", s->latest);
            printf("  %-24s %-12s %5d %8d %5s %7s %-11s %s\n", cli_esc(s->scenario_id),
                   cli_esc(s->level),
                   s->pass_percent, s->attempts, best, latest,
                   s->passed_assessment ? "passed" : "not passed", records_rag_name(s->rag));
        }
        if (t->ncompetencies) {
            printf("  competencies (average percent over completed attempts):");
            for (int j = 0; j < t->ncompetencies; j++)
                printf("%s %s %.1f", j ? "," : "", cli_esc(t->competencies[j].id),
                       t->competencies[j].average);
            printf("\n");
        }
    }
}

static int print_report_json(const RecordsReport *r)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *ts = cJSON_AddArrayToObject(root, "trainees");
    for (int i = 0; i < r->ntrainees; i++) {
        const RecordsReportTrainee *t = &r->trainees[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "trainee_id", t->trainee_id);
        cJSON_AddStringToObject(o, "name", t->name);
        cJSON_AddStringToObject(o, "team", t->team);
        cJSON_AddNumberToObject(o, "attempts", t->attempts);
        cJSON_AddStringToObject(o, "status", records_rag_name(t->rag));
        if (t->cleared)
            cJSON_AddStringToObject(o, "cleared", t->cleared);
        else
            cJSON_AddNullToObject(o, "cleared");
        cJSON *ss = cJSON_AddArrayToObject(o, "scenarios");
        for (int j = 0; j < t->nscenarios; j++) {
            const RecordsReportScenario *s = &t->scenarios[j];
            cJSON *so = cJSON_CreateObject();
            cJSON_AddStringToObject(so, "scenario_id", s->scenario_id);
            cJSON_AddStringToObject(so, "title", s->title);
            cJSON_AddStringToObject(so, "level", s->level);
            cJSON_AddNumberToObject(so, "pass_percent", s->pass_percent);
            cJSON_AddNumberToObject(so, "attempts", s->attempts);
            if (s->best >= 0)
                cJSON_AddNumberToObject(so, "best", s->best);
            else
                cJSON_AddNullToObject(so, "best");
            if (s->latest >= 0)
                cJSON_AddNumberToObject(so, "latest", s->latest);
            else
                cJSON_AddNullToObject(so, "latest");
            cJSON_AddBoolToObject(so, "passed_assessment", s->passed_assessment);
            cJSON_AddStringToObject(so, "status", records_rag_name(s->rag));
            cJSON_AddItemToArray(ss, so);
        }
        cJSON *cs = cJSON_AddObjectToObject(o, "competencies");
        for (int j = 0; j < t->ncompetencies; j++) {
            cJSON *co = cJSON_AddObjectToObject(cs, t->competencies[j].id);
            cJSON_AddNumberToObject(co, "average",
                                    (double)(long long)(t->competencies[j].average * 10 + 0.5) / 10);
            cJSON_AddNumberToObject(co, "attempts", t->competencies[j].attempts);
        }
        cJSON_AddItemToArray(ts, o);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return -1;
    puts(text);
    free(text);
    return 0;
}

static int cmd_report(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--format") && !strcmp(argv[i + 1], "html"))
            return cmd_report_html(argc, argv);
    Args a;
    int p = parse(argc, argv, "report", report_usage, "--db --trainee --format --config --team", &a);
    if (p)
        return p > 0 ? EXIT_OK : -p;
    bool json = false;
    if (a.format && strcmp(a.format, "text")) {
        if (strcmp(a.format, "json"))
            return usage_error("report", report_usage, "--format is text or json, not '%s'",
                               a.format);
        json = true;
    }
    Records *db = cli_open_records(a.db, true);
    if (!db)
        return EXIT_INVALID;
    char err[1024];
    RecordsConfig cfg;
    if (cli_records_config(a.config, false, &cfg) < 0) {
        records_close(db);
        return EXIT_INVALID;
    }
    RecordsReport *r = records_report(db, a.trainee, err, sizeof err);
    if (r)
        records_report_relight(r, cfg.amber_margin);
    if (r && a.team)
        records_report_keep_team(r, a.team);
    records_config_free(&cfg);
    records_close(db);
    if (!r) {
        fprintf(stderr, "sparring records report: %s\n", err);
        return EXIT_INVALID;
    }
    int rc = EXIT_OK;
    if (json) {
        if (print_report_json(r) < 0) {
            fprintf(stderr, "sparring records report: out of memory\n");
            rc = EXIT_INVALID;
        }
    } else if (r->ntrainees == 0) {
        if (a.trainee)
            printf("no attempts recorded for trainee %s\n", cli_esc(a.trainee));
        else if (a.team)
            printf("no attempts recorded for team %s\n", cli_esc(a.team));
        else
            printf("no attempts recorded yet\n");
    } else {
        print_report_text(r);
    }
    records_report_free(r);
    return rc; /* main checks that standard output was written (cli_finish) */
}

/* One sync at a time per store (records_outbox_lock). 0, or -1 (reported). */
static int sync_lock(Records *db)
{
    char err[1024];
    int rc = records_outbox_lock(db, err, sizeof err);
    if (rc < 0)
        fprintf(stderr, "sparring records sync: %s\n", err);
    else if (rc > 0)
        fprintf(stderr, "sparring records sync: another records sync is sending the statements "
                        "of %s right now; this one stops (it would send the same ones): run it "
                        "again when that one is done\n", records_path(db));
    return rc ? -1 : 0;
}

/* --retry ID|all: statements set aside go back in the queue. 0, or -1 (reported). */
static int retry_set_aside(Records *db, const char *which)
{
    char err[512] = "";
    int rc = 0;
    if (strcmp(which, "all")) {
        int r = records_outbox_retry(db, which, err, sizeof err);
        if (r == 0)
            fprintf(stderr, "sparring records sync: no statement %s is set aside (`sparring "
                            "records sync` lists them)\n", cli_esc(which));
        rc = r == 1 ? 0 : -1;
    }
    for (int n = 1; !strcmp(which, "all") && n > 0 && rc == 0;) {
        RecordsOutboxItem *items = NULL;
        n = records_outbox_set_aside_list(db, 500, &items, err, sizeof err);
        for (int i = 0; i < n && rc == 0; i++)
            rc = records_outbox_retry(db, items[i].id, err, sizeof err) < 0 ? -1 : 0;
        records_outbox_free(items, n > 0 ? n : 0);
        rc = n < 0 ? -1 : rc;
    }
    if (rc < 0 && err[0])
        fprintf(stderr, "sparring records sync: %s\n", err);
    return rc;
}

/* Lists what is set aside (after a sync): the ids and how to send them again. */
static long report_set_aside(Records *db)
{
    enum { SHOWN = 20, COUNTED = 10000 };
    char err[512];
    RecordsOutboxItem *items = NULL;
    int n = records_outbox_set_aside_list(db, COUNTED, &items, err, sizeof err);
    if (n > 0) {
        fprintf(stderr, "sparring records sync: %d%s statement%s set aside (rejected by the LRS, "
                        "kept here):", n, n == COUNTED ? " or more" : "", n == 1 ? "" : "s");
        for (int i = 0; i < n && i < SHOWN; i++)
            fprintf(stderr, " %s", items[i].id);
        fprintf(stderr, "%s\n  fix what the LRS said, then `sparring records sync --retry ID` "
                        "(or --retry all) sends them again\n", n > SHOWN ? " ..." : "");
    }
    records_outbox_free(items, n > 0 ? n : 0);
    return n > 0 ? n : 0;
}

/* Attempts left in_progress on this station by a process that died are closed as interrupted
 * (and their statements queued): without the window, which offers to resume them, nothing
 * else would ever close them. */
static void close_interrupted(Records *db)
{
    RecordsAttempt *list = NULL;
    int n = 0;
    char err[512];
    if (records_interrupted(db, &list, &n, err, sizeof err) != 0) {
        fprintf(stderr, "sparring records sync: %s\n", err);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (records_close_interrupted(db, list[i].attempt_id, err, sizeof err) == 0)
            fprintf(stderr, "sparring records sync: attempt %s of %s was left in progress by a "
                            "process that ended; closed as interrupted\n",
                    list[i].attempt_id, cli_esc(list[i].trainee_id));
        else
            fprintf(stderr, "sparring records sync: %s\n", err);
    }
    records_attempts_free(list, n);
}

static int cmd_sync(int argc, char **argv)
{
    Args a;
    int p = parse(argc, argv, "sync", sync_usage, "--db --config --retry", &a);
    if (p)
        return p > 0 ? EXIT_OK : -p;
    RecordsConfig cfg;
    if (cli_records_config(a.config, true, &cfg) < 0)
        return EXIT_INVALID;
    if (!cfg.endpoint) {
        fprintf(stderr, "sparring records sync: the configuration has no endpoint (endpoint = "
                        "https://lrs.example.com/xAPI/)\n");
        records_config_free(&cfg);
        return EXIT_INVALID;
    }
    Records *db = cli_open_records(a.db, false);
    if (!db || sync_lock(db) < 0 || (a.retry && retry_set_aside(db, a.retry) < 0)) {
        records_close(db);
        records_config_free(&cfg);
        return EXIT_INVALID;
    }
    close_interrupted(db);
    char err[1024];
    RecordsSyncStats stats;
    int rc = records_sync(db, &cfg, stderr, &stats, err, sizeof err);
    if (rc < 0)
        fprintf(stderr, "sparring records sync: %s\n", err);
    long aside = report_set_aside(db);
    records_close(db);
    records_config_free(&cfg);
    printf("%ld statement%s sent, %ld waiting", stats.sent, stats.sent == 1 ? "" : "s",
           stats.waiting);
    if (aside)
        printf(", %ld set aside", aside);
    printf("\n");
    /* Exit 1 when something needs a person: a failure, or statements set aside in this run. */
    return rc < 0 || stats.set_aside > 0 ? EXIT_INVALID : EXIT_OK;
}

int cmd_records(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "sparring records: which command? export, report or sync\n\n%s",
                records_usage);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(records_usage, stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "export"))
        return cmd_export(argc - 1, argv + 1);
    if (!strcmp(argv[1], "report"))
        return cmd_report(argc - 1, argv + 1);
    if (!strcmp(argv[1], "sync"))
        return cmd_sync(argc - 1, argv + 1);
    if (!strcmp(argv[1], "setup-db") || !strcmp(argv[1], "copy"))
        return cmd_records_store(argc - 1, argv + 1);
    if (!strcmp(argv[1], "purge-audio")) /* retention of recordings: cmd_records_audio.c */
        return cmd_records_purge_audio(argc - 1, argv + 1);
    if (!strcmp(argv[1], "items")) /* item analysis: cmd_items.c */
        return cmd_records_items(argc - 1, argv + 1);
    return usage_error(NULL, records_usage, "unknown command '%s' (export, report, sync, items, setup-db, copy or purge-audio)",
                       argv[1]);
}
