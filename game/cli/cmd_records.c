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
#include "records.h"
#include "records_sync.h"

static const char records_usage[] =
    "usage: sparring records export [--format csv|jsonl|xapi] [--out FILE] [--trainee ID]\n"
    "                               [--since YYYY-MM-DD] [--no-bom] [--db PATH] [--config FILE]\n"
    "       sparring records report [--trainee ID] [--format text|json] [--db PATH]\n"
    "       sparring records sync [--db PATH] [--config FILE]\n"
    "       sparring records items [--scenario ID] [--mode M] [--format text|csv|json]\n"
    "\n"
    "The assessment records: every attempt, kept in an SQLite database.\n"
    "  export   writes the attempts as CSV (opens in Excel, Chinese included), JSON Lines\n"
    "           (everything, decisions and mentor events included) or xAPI statements\n"
    "  report   per trainee: attempts, best and latest percent per scenario, competency\n"
    "           averages, red/amber/green and the level cleared by passed assessments\n"
    "  sync     sends the queued xAPI statements to the Learning Record Store configured in\n"
    "           the configuration file\n"
    "  items    item analysis: per decision, who reached it, what they answered, how hard it\n"
    "           is and whether it tells stronger trainees from weaker ones\n"
    "`sparring records COMMAND --help` explains each. docs/records.md has the details.\n"
    "Exit codes: 0 success; 1 the database or configuration is unreadable, or sync failed;\n"
    "2 usage error.\n";

static const char export_usage[] =
    "usage: sparring records export [--format csv|jsonl|xapi] [--out FILE] [--trainee ID]\n"
    "                               [--since YYYY-MM-DD] [--no-bom] [--db PATH] [--config FILE]\n"
    "\n"
    "Writes the recorded attempts, oldest first, to standard output or FILE.\n"
    "  --format F      csv (default): UTF-8 with a byte-order mark, CRLF, one attempt a row,\n"
    "                  a competency.<id> column (percent) per competency;\n"
    "                  jsonl: one JSON object per attempt with everything recorded;\n"
    "                  xapi: a JSON array of xAPI 1.0.3 statements (finished attempts)\n"
    "  --out FILE      write FILE (replaced only once the export is complete)\n"
    "  --trainee ID    only this trainee's attempts\n"
    "  --since DATE    only attempts started on or after DATE (YYYY-MM-DD, UTC)\n"
    "  --no-bom        CSV without the byte-order mark (for LMS imports that reject it)\n"
    "  --db PATH       the records database (default $SPARRING_DB, else\n"
    "                  $XDG_DATA_HOME/sparring/records.db)\n"
    "  --config FILE   the configuration giving home_page and activity_base for xapi\n"
    "                  (default $XDG_CONFIG_HOME/sparring/lrs.ini)\n";

static const char report_usage[] =
    "usage: sparring records report [--trainee ID] [--format text|json] [--db PATH]\n"
    "\n"
    "Summarises the records per trainee: attempts, best and latest percent per scenario,\n"
    "whether an assessment was passed, competency averages, a status and the level cleared.\n"
    "Status: green, an assessment passed; amber, the best percent is within 20 points of the\n"
    "pass mark; red, below that. A trainee's status is the best of their scenarios'. Cleared:\n"
    "the highest level (new_hire, experienced, manager) with a passed assessment.\n"
    "Sandbox attempts never count; best and latest come from completed attempts.\n"
    "  --trainee ID    only this trainee\n"
    "  --format F      text (default) or json\n"
    "  --db PATH       the records database\n";

static const char sync_usage[] =
    "usage: sparring records sync [--db PATH] [--config FILE]\n"
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
    "                  optional: activity_base, batch (50), retries (5), timeout (30 s)\n"
    "  --db PATH       the records database\n";

typedef struct {
    const char *db, *out, *trainee, *since, *config, *format;
    bool no_bom;
} Args;

static int usage_error(const char *cmd, const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "sparring records%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, arg);
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
                                        "--format"};
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
        const char **slots[] = {&a->db, &a->out, &a->trainee, &a->since, &a->config, &a->format};
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
    return 0;
}

/* Opens an existing database: a missing file is an error here (a typo must not create one). */
static Records *open_existing(const char *opt_db)
{
    const char *path = cli_db_path(opt_db);
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "sparring records: no records database at %s (nothing recorded yet, or "
                        "choose another with --db)\n", path);
        return NULL;
    }
    char err[1024];
    Records *db = records_open(path, err, sizeof err);
    if (!db)
        fprintf(stderr, "sparring records: %s\n", err);
    return db;
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
static int load_config(const char *opt, bool required, RecordsConfig *cfg)
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
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) && required)
        fprintf(stderr, "sparring records: warning: %s holds the LRS secret and others can read "
                        "it: chmod 600 %s\n", path, path);
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
    return 0;
}

/* YYYY-MM-DD (UTC midnight) to Unix milliseconds; -1 when it is not a real date. */
static int parse_date(const char *s, int64_t *out)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' ||
        s[7] != '-')
        return -1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
        return -1;
    /* Days from civil (the inverse of records_iso8601's conversion). */
    int yy = y - (m <= 2);
    int era = yy / 400;
    int yoe = yy - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = (int64_t)era * 146097 + doe - 719468;
    *out = days * 86400000;
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
                  "--db --out --trainee --since --config --format --no-bom", &a);
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
    if (a.since && parse_date(a.since, &opt.since_unix_ms) < 0)
        return usage_error("export", export_usage, "--since takes a date YYYY-MM-DD, not '%s'",
                           a.since);
    opt.trainee_id = a.trainee;
    opt.no_bom = a.no_bom;
    RecordsConfig cfg;
    if (load_config(a.config, false, &cfg) < 0)
        return EXIT_INVALID;
    opt.xapi.home_page = cfg.home_page;
    opt.xapi.activity_base = cfg.activity_base;
    Records *db = open_existing(a.db);
    if (!db) {
        records_config_free(&cfg);
        return EXIT_INVALID;
    }
    FILE *out = stdout;
    char *tmp = NULL;
    if (a.out) {
        /* Written beside the target and renamed at the end: a failed export never leaves a
         * half file where the last good one was. */
        size_t n = strlen(a.out) + 32;
        tmp = malloc(n);
        if (!tmp) {
            records_close(db);
            records_config_free(&cfg);
            return EXIT_INVALID;
        }
        snprintf(tmp, n, "%s.tmp-%ld", a.out, (long)getpid());
        out = fopen(tmp, "wb");
        if (!out) {
            fprintf(stderr, "sparring records export: cannot write %s: %s\n", a.out,
                    strerror(errno));
            free(tmp);
            records_close(db);
            records_config_free(&cfg);
            return EXIT_INVALID;
        }
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
    if (fflush(out) != 0 || ferror(out)) {
        if (rc == EXIT_OK)
            fprintf(stderr, "sparring records export: cannot write %s: %s\n",
                    a.out ? a.out : "standard output", strerror(errno));
        rc = EXIT_INVALID;
    }
    if (a.out) {
        if (fsync(fileno(out)) != 0 && rc == EXIT_OK) {
            fprintf(stderr, "sparring records export: cannot write %s: %s\n", a.out, strerror(errno));
            rc = EXIT_INVALID;
        }
        if (fclose(out) != 0 && rc == EXIT_OK) {
            fprintf(stderr, "sparring records export: cannot write %s: %s\n", a.out, strerror(errno));
            rc = EXIT_INVALID;
        }
        if (rc == EXIT_OK && rename(tmp, a.out) != 0) {
            fprintf(stderr, "sparring records export: cannot write %s: %s\n", a.out, strerror(errno));
            rc = EXIT_INVALID;
        }
        if (rc != EXIT_OK)
            remove(tmp);
        else
            fprintf(stderr, "sparring records export: %ld attempt%s written to %s\n", n,
                    n == 1 ? "" : "s", a.out);
        free(tmp);
    }
    records_close(db);
    records_config_free(&cfg);
    return rc;
}

static void print_report_text(const RecordsReport *r)
{
    for (int i = 0; i < r->ntrainees; i++) {
        const RecordsReportTrainee *t = &r->trainees[i];
        printf("%s%s", i ? "\n" : "", t->trainee_id);
        if (t->name[0])
            printf("  %s", t->name);
        if (t->team[0])
            printf("  (team %s)", t->team);
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
            printf("  %-24s %-12s %5d %8d %5s %7s %-11s %s\n", s->scenario_id, s->level,
                   s->pass_percent, s->attempts, best, latest,
                   s->passed_assessment ? "passed" : "not passed", records_rag_name(s->rag));
        }
        if (t->ncompetencies) {
            printf("  competencies (average percent over completed attempts):");
            for (int j = 0; j < t->ncompetencies; j++)
                printf("%s %s %.1f", j ? "," : "", t->competencies[j].id,
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
    Args a;
    int p = parse(argc, argv, "report", report_usage, "--db --trainee --format", &a);
    if (p)
        return p > 0 ? EXIT_OK : -p;
    bool json = false;
    if (a.format && strcmp(a.format, "text")) {
        if (strcmp(a.format, "json"))
            return usage_error("report", report_usage, "--format is text or json, not '%s'",
                               a.format);
        json = true;
    }
    Records *db = open_existing(a.db);
    if (!db)
        return EXIT_INVALID;
    char err[1024];
    RecordsReport *r = records_report(db, a.trainee, err, sizeof err);
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
            printf("no attempts recorded for trainee %s\n", a.trainee);
        else
            printf("no attempts recorded yet\n");
    } else {
        print_report_text(r);
    }
    records_report_free(r);
    if (fflush(stdout) != 0)
        rc = EXIT_INVALID;
    return rc;
}

static int cmd_sync(int argc, char **argv)
{
    Args a;
    int p = parse(argc, argv, "sync", sync_usage, "--db --config", &a);
    if (p)
        return p > 0 ? EXIT_OK : -p;
    RecordsConfig cfg;
    if (load_config(a.config, true, &cfg) < 0)
        return EXIT_INVALID;
    if (!cfg.endpoint) {
        fprintf(stderr, "sparring records sync: the configuration has no endpoint (endpoint = "
                        "https://lrs.example.com/xAPI/)\n");
        records_config_free(&cfg);
        return EXIT_INVALID;
    }
    Records *db = open_existing(a.db);
    if (!db) {
        records_config_free(&cfg);
        return EXIT_INVALID;
    }
    char err[1024];
    RecordsSyncStats stats;
    int rc = records_sync(db, &cfg, stderr, &stats, err, sizeof err);
    records_close(db);
    records_config_free(&cfg);
    if (rc < 0) {
        fprintf(stderr, "sparring records sync: %s\n", err);
        printf("%ld statement%s sent, %ld waiting\n", stats.sent, stats.sent == 1 ? "" : "s",
               stats.waiting);
        return EXIT_INVALID;
    }
    printf("%ld statement%s sent, %ld waiting\n", stats.sent, stats.sent == 1 ? "" : "s",
           stats.waiting);
    return EXIT_OK;
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
    if (!strcmp(argv[1], "items")) /* item analysis: cmd_items.c */
        return cmd_records_items(argc - 1, argv + 1);
    return usage_error(NULL, records_usage, "unknown command '%s' (export, report or sync)",
                       argv[1]);
}
