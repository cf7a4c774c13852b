/* sparring audit FILE|DIR: whether a pass can be had without competence (docs/audit.md). The
 * engine's audit (audit.h) does the work; this file reads the options, finds the word tables and
 * prints the report as text or JSON. Exit 1 when anything breaks a threshold. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"

static const char audit_usage[] =
    "usage: sparring audit FILE|DIR [--format text|json] [--seeds N] [--max-blind-pass PCT]\n"
    "                     [--trap-points N] [--max-reading PCT] [--words DIR]\n"
    "\n"
    "Checks that passing a scenario takes competence: the surface of the best answers, blind\n"
    "strategies that read only the surface (longest, second-longest, shortest, the\n"
    "acknowledgement-and-question rule, a classifier trained on the folder's other files), every\n"
    "one-mistake path, and the time needed to read each timed decision. docs/audit.md explains\n"
    "each finding and how to fix it.\n"
    "  --format F          text (default) or json\n"
    "  --seeds N           seeds 1..N are played (default 20)\n"
    "  --max-blind-pass P  a blind strategy may pass at most P%% of its plays (default 2)\n"
    "  --trap-points N     a mistake of N points or fewer must not pass (default -3)\n"
    "  --max-reading P     reading a timed decision may take at most P%% of its time (default 100)\n"
    "  --words DIR         folder of the word tables LOCALE.txt (default: the installed ones)\n"
    "Exit codes: 0 no finding; 1 a finding, or a file that does not load; 2 usage error.\n";

typedef struct {
    const char *path, *format, *words;
    AuditOptions o;
} AuditArgs;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "sparring audit: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", audit_usage);
    return EXIT_USAGE;
}

/* A number in [lo, hi]; false when v is not one. */
static bool parse_number(const char *v, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || !*v || *end || !(d >= lo && d <= hi))
        return false;
    *out = d;
    return true;
}

static int parse_option(int argc, char **argv, int *i, AuditArgs *a, bool *missing)
{
    const char *v;
    double d;
    if ((v = cli_option_value(argc, argv, i, "--format", missing))) {
        if (strcmp(v, "text") && strcmp(v, "json"))
            return usage_error("--format is text or json, not '%s'", v);
        a->format = v;
    } else if ((v = cli_option_value(argc, argv, i, "--seeds", missing))) {
        if (!parse_number(v, 1, 100000, &d) || d != (int)d)
            return usage_error("--seeds takes a whole number from 1 to 100000, not '%s'", v);
        a->o.seeds = (int)d;
    } else if ((v = cli_option_value(argc, argv, i, "--max-blind-pass", missing))) {
        if (!parse_number(v, 0, 100, &d))
            return usage_error("--max-blind-pass takes a percent from 0 to 100, not '%s'", v);
        a->o.max_blind_pass = d;
    } else if ((v = cli_option_value(argc, argv, i, "--trap-points", missing))) {
        if (!parse_number(v, INT_MIN, INT_MAX, &d) || d != (int)d)
            return usage_error("--trap-points takes a whole number of points, not '%s'", v);
        a->o.trap_points = (int)d;
    } else if ((v = cli_option_value(argc, argv, i, "--max-reading", missing))) {
        if (!parse_number(v, 1, 100000, &d))
            return usage_error("--max-reading takes a percent from 1 to 100000, not '%s'", v);
        a->o.max_reading = d;
    } else if ((v = cli_option_value(argc, argv, i, "--words", missing))) {
        struct stat st;
        if (stat(v, &st) != 0 || !S_ISDIR(st.st_mode))
            return usage_error("--words takes a folder of word tables; '%s' is none", v);
        a->words = v;
    } else {
        return 1; /* not an option of ours */
    }
    return 0;
}

static int parse_args(int argc, char **argv, AuditArgs *a)
{
    memset(a, 0, sizeof *a);
    audit_options_default(&a->o);
    a->format = "text";
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(audit_usage, stdout);
            return -1;
        }
        int rc = parse_option(argc, argv, &i, a, &missing);
        if (rc == EXIT_USAGE)
            return rc;
        if (rc == 0)
            continue;
        if (missing)
            return usage_error("%s needs a value", argv[i]);
        if (argv[i][0] == '-' && argv[i][1])
            return usage_error("unknown option '%s'", argv[i]);
        if (a->path)
            return usage_error("one file or folder at a time ('%s' is one too many)", argv[i]);
        a->path = argv[i];
    }
    if (!a->path)
        return usage_error("%s", "which scenario file or folder?");
    return 0;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The word tables: --words, else $SPARRING_AUDIT_WORDS, else beside the executable (an install:
 * ../share/sparring/audit; a build tree's copy: data/audit), else the source tree's data/audit,
 * else /usr/share/sparring/audit. NULL when none is found. */
static const char *words_dir(const char *opt)
{
    static char buf[PATH_MAX + 64];
    if (opt)
        return opt;
    const char *env = getenv("SPARRING_AUDIT_WORDS");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = 0;
        const char *rel[] = {"../share/sparring/audit", "data/audit"};
        for (int i = 0; i < 2; i++) {
            snprintf(buf, sizeof buf, "%s/%s", exe, rel[i]);
            if (is_dir(buf))
                return buf;
        }
    }
    snprintf(buf, sizeof buf, "%s/data/audit", SPARRING_SOURCE_DIR);
    if (is_dir(buf))
        return buf;
    return is_dir("/usr/share/sparring/audit") ? "/usr/share/sparring/audit" : NULL;
}

static const char *kind_name(AuditFindingKind k)
{
    static const char *const names[] = {"load", "too-big", "blind", "best-fails", "best-critical",
                                        "trap", "seed", "silence", "reading", "words"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static double pct(int a, int b) { return b ? 100.0 * a / b : 0; }

/* The words of one finding, with the command line that replays an example where there is one. */
static void finding_text(const AuditReport *r, const AuditFile *f, const AuditFinding *fd, char *buf, size_t n)
{
    const AuditMistake *m = fd->index >= 0 && fd->index < f->nmistakes ? &f->mistakes[fd->index] : NULL;
    const char *p = f->path;
    switch (fd->kind) {
    case AUDIT_FIND_LOAD:
        diag_first_error(&f->diags, buf, n, "the file does not load");
        break;
    case AUDIT_FIND_TOO_BIG:
        snprintf(buf, n, "too many play states for the exact search the audit needs");
        break;
    case AUDIT_FIND_WORDS:
        snprintf(buf, n, "%s", f->locales[fd->index].words_error);
        break;
    case AUDIT_FIND_BLIND: {
        const AuditLocale *L = &f->locales[fd->index];
        int st = fd->strategy;
        snprintf(buf, n,
                 "blind strategy \"%s\" passes %d of %d plays in %s (%.0f%%; at most %g%% allowed); replay: "
                 "sparring run %s --locale %s --seed %" PRIu64 " --choices %s",
                 audit_strategy_name((AuditStrategy)st), L->passes[st], L->plays[st], L->code,
                 pct(L->passes[st], L->plays[st]), r->opts.max_blind_pass, p, L->code, L->pass_seed[st],
                 L->pass_choices[st] ? L->pass_choices[st] : "?");
        break;
    }
    case AUDIT_FIND_BEST_FAILS:
        snprintf(buf, n, "best play passes on %d of %d seeds only; replay a fail: sparring run %s --seed %" PRIu64 " --choices %s",
                 f->best_passes, f->best_plays, p, f->best_fail_seed, f->best_fail_choices ? f->best_fail_choices : "?");
        break;
    case AUDIT_FIND_BEST_CRITICAL:
        snprintf(buf, n, "best play takes the critical answer \"%s\" at node \"%s\": the best continuation must not need a critical error",
                 f->best_critical_choice, f->best_critical);
        break;
    case AUDIT_FIND_TRAP:
        snprintf(buf, n, "answer \"%s\" at node \"%s\" scores %d, and with best play elsewhere the attempt still passes "
                 "(%d of %d seeds); replay: sparring run %s --seed %" PRIu64 " --choices %s",
                 m->choice, m->node, m->points, m->passed, m->reached, p, m->pass_seed, m->pass_choices ? m->pass_choices : "?");
        break;
    case AUDIT_FIND_SEED:
        snprintf(buf, n, "with answer \"%s\" at node \"%s\" (best play elsewhere) the attempt passes on %d of %d seeds and "
                 "fails on the others; pass: sparring run %s --seed %" PRIu64 " --choices %s; fail: --seed %" PRIu64 " --choices %s",
                 m->choice, m->node, m->passed, m->reached, p, m->pass_seed, m->pass_choices ? m->pass_choices : "?",
                 m->fail_seed, m->fail_choices ? m->fail_choices : "?");
        break;
    case AUDIT_FIND_SILENCE:
        snprintf(buf, n, "a silence at node \"%s\" ends the call and still passes (%d of %d seeds); replay: sparring run %s "
                 "--seed %" PRIu64 " --choices %s",
                 m->node, m->ended_passed, m->ended, p, m->pass_seed, m->pass_choices ? m->pass_choices : "?");
        break;
    case AUDIT_FIND_READING: {
        const AuditReading *rd = &f->reading[fd->index];
        snprintf(buf, n, "node \"%s\" in %s: reading the line and every answer takes %.1f s, more than %g%% of its %g s time limit",
                 rd->node, f->locales[rd->locale].code, rd->seconds, r->opts.max_reading, rd->limit);
        break;
    }
    }
}

/* ---- text ---- */

static void print_surface(const AuditLocale *locs, int nlocales)
{
    printf("  surface of the best answer against the others (decisions with a choice met in play):\n");
    printf("    %-12s %9s %8s %11s %8s %12s %6s %5s\n", "", "decisions", "longest", "2nd-longest", "shortest",
           "acknowledges", "asks", "trap");
    for (int l = 0; l < nlocales; l++) {
        const AuditLocale *L = &locs[l];
        printf("    %-5s best   %9d %7.0f%% %10.0f%% %7.0f%% %11.0f%% %5.0f%% %4.0f%%%s\n", L->code, L->decisions,
               pct(L->best_longest, L->decisions), pct(L->best_second, L->decisions3),
               pct(L->best_shortest, L->decisions), pct(L->best_ack, L->decisions), pct(L->best_question, L->decisions),
               pct(L->best_trap, L->decisions), L->words ? "" : "  (no word table)");
        printf("    %-5s others %9s %8s %11s %8s %11.0f%% %5.0f%% %4.0f%%\n", L->code, "", "", "", "",
               pct(L->others_ack, L->others), pct(L->others_question, L->others), pct(L->others_trap, L->others));
    }
}

static void print_blind(const AuditFile *f, int seeds)
{
    printf("  blind strategies, passes over %d seeds:\n    %-15s", seeds, "");
    for (int l = 0; l < f->nlocales; l++)
        printf(" %9s", f->locales[l].code);
    printf("\n");
    for (int st = 0; st < AUDIT_NSTRATEGIES; st++) {
        printf("    %-15s", audit_strategy_name((AuditStrategy)st));
        for (int l = 0; l < f->nlocales; l++) {
            const AuditLocale *L = &f->locales[l];
            char cell[32];
            if (L->plays[st])
                snprintf(cell, sizeof cell, "%d/%d", L->passes[st], L->plays[st]);
            else
                snprintf(cell, sizeof cell, "n/a");
            printf(" %9s", cell);
        }
        printf("\n");
    }
    if (f->nlocales && !f->locales[0].plays[AUDIT_CLASSIFIER])
        printf("    (classifier: no other file in the folder to train on)\n");
}

static void print_mistakes(const AuditFile *f)
{
    int always = 0, some = 0;
    for (int i = 0; i < f->nmistakes; i++) {
        always += f->mistakes[i].passed == f->mistakes[i].reached;
        some += f->mistakes[i].passed > 0 && f->mistakes[i].passed < f->mistakes[i].reached;
    }
    printf("  one-mistake paths: %d; pass on every seed: %d; on some seeds: %d; never: %d\n", f->nmistakes, always,
           some, f->nmistakes - always - some);
    for (int i = 0; i < f->nmistakes; i++) {
        const AuditMistake *m = &f->mistakes[i];
        if (!m->passed)
            continue;
        printf("    %-20s %-12s %+4d points  passes %d/%d%s%s\n", m->node, m->choice, m->points, m->passed, m->reached,
               m->critical ? "  critical" : "", m->ended ? "  ends the call" : "");
    }
}

static void print_file(const AuditReport *r, const AuditFile *f)
{
    char buf[4096];
    printf("%s", f->path);
    if (f->id)
        printf(" (%s)", f->id);
    printf(": %d finding%s\n", f->nfindings, f->nfindings == 1 ? "" : "s");
    for (int i = 0; i < f->diags.count; i++) {
        diag_format(&f->diags.items[i], buf, sizeof buf);
        printf("  %s\n", buf);
    }
    if (f->work && f->sc && f->nlocales && f->best_plays) {
        print_surface(f->locales, f->nlocales);
        print_blind(f, r->opts.seeds);
        printf("  best play: passes on %d of %d seeds\n", f->best_passes, f->best_plays);
        print_mistakes(f);
        if (f->nreading)
            printf("  reading load of the timed decisions:\n");
        for (int i = 0; i < f->nreading; i++)
            printf("    %-20s %-5s %6.1f s of %g s\n", f->reading[i].node, f->locales[f->reading[i].locale].code,
                   f->reading[i].seconds, f->reading[i].limit);
    }
    for (int i = 0; i < f->nfindings; i++) {
        finding_text(r, f, &f->findings[i], buf, sizeof buf);
        printf("  FINDING %s: %s\n", kind_name(f->findings[i].kind), buf);
    }
    printf("\n");
}

/* ---- the folder as a whole ---- */

#define MAX_SUMMARY_LOCALES 16

/* Sums the surface counts of every file by locale code; plays[st] counts the files a strategy
 * was played on, passes[st] those it passed on some seed. Returns how many locales. */
static int summarise(const AuditReport *r, AuditLocale *sum)
{
    int n = 0;
    for (int i = 0; i < r->nfiles; i++) {
        const AuditFile *f = &r->files[i];
        for (int l = 0; f->sc && f->best_plays && l < f->nlocales; l++) {
            const AuditLocale *L = &f->locales[l];
            int k = 0;
            while (k < n && strcmp(sum[k].code, L->code))
                k++;
            if (k == n) {
                if (n == MAX_SUMMARY_LOCALES)
                    continue;
                memset(&sum[n], 0, sizeof sum[n]);
                memcpy(sum[n].code, L->code, sizeof sum[n].code);
                sum[n++].words = L->words;
            }
            AuditLocale *S = &sum[k];
            int *to[] = {&S->decisions, &S->decisions3, &S->best_longest, &S->best_second, &S->best_shortest,
                         &S->best_ack, &S->best_question, &S->best_trap, &S->others, &S->others_ack,
                         &S->others_question, &S->others_trap};
            const int from[] = {L->decisions, L->decisions3, L->best_longest, L->best_second, L->best_shortest,
                                L->best_ack, L->best_question, L->best_trap, L->others, L->others_ack,
                                L->others_question, L->others_trap};
            for (size_t j = 0; j < sizeof from / sizeof from[0]; j++)
                *to[j] += from[j];
            for (int st = 0; st < AUDIT_NSTRATEGIES; st++) {
                S->plays[st] += L->plays[st] > 0;
                S->passes[st] += L->passes[st] > 0;
            }
        }
    }
    return n;
}

static void print_summary(const AuditReport *r)
{
    AuditLocale sum[MAX_SUMMARY_LOCALES];
    int n = summarise(r, sum);
    if (r->nfiles < 2 || !n)
        return;
    printf("all %d files\n", r->nfiles);
    print_surface(sum, n);
    printf("  files a blind strategy passes on some seed:\n    %-15s", "");
    for (int l = 0; l < n; l++)
        printf(" %9s", sum[l].code);
    printf("\n");
    for (int st = 0; st < AUDIT_NSTRATEGIES; st++) {
        printf("    %-15s", audit_strategy_name((AuditStrategy)st));
        for (int l = 0; l < n; l++) {
            char cell[32];
            snprintf(cell, sizeof cell, "%d/%d", sum[l].passes[st], sum[l].plays[st]);
            printf(" %9s", cell);
        }
        printf("\n");
    }
    printf("\n");
}

/* ---- JSON ---- */

/* Seeds are unsigned 64-bit: written as exact integers, never through a double. */
static void add_seed(cJSON *o, const char *name, uint64_t seed, bool valid)
{
    char num[32];
    snprintf(num, sizeof num, "%" PRIu64, seed);
    cJSON_AddItemToObject(o, name, valid ? cJSON_CreateRaw(num) : cJSON_CreateNull());
}

static void add_str(cJSON *o, const char *name, const char *s)
{
    cJSON_AddItemToObject(o, name, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

static void json_counts(cJSON *o, const AuditLocale *L)
{
    const struct {
        const char *name;
        int v;
    } counts[] = {{"decisions", L->decisions}, {"decisions_3", L->decisions3}, {"best_longest", L->best_longest},
                  {"best_second_longest", L->best_second}, {"best_shortest", L->best_shortest},
                  {"best_acknowledges", L->best_ack}, {"best_asks", L->best_question}, {"best_trap", L->best_trap},
                  {"others", L->others}, {"others_acknowledge", L->others_ack}, {"others_ask", L->others_question},
                  {"others_trap", L->others_trap}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        cJSON_AddNumberToObject(o, counts[i].name, counts[i].v);
}

static cJSON *json_locale(const AuditLocale *L)
{
    cJSON *o = cJSON_CreateObject();
    add_str(o, "locale", L->code);
    cJSON_AddBoolToObject(o, "word_table", L->words);
    json_counts(o, L);
    cJSON *blind = cJSON_AddObjectToObject(o, "blind");
    for (int st = 0; st < AUDIT_NSTRATEGIES; st++) {
        cJSON *b = cJSON_AddObjectToObject(blind, audit_strategy_name((AuditStrategy)st));
        cJSON_AddNumberToObject(b, "plays", L->plays[st]);
        cJSON_AddNumberToObject(b, "passes", L->passes[st]);
        add_seed(b, "pass_seed", L->pass_seed[st], L->passes[st] > 0);
        add_str(b, "pass_choices", L->pass_choices[st]);
    }
    return o;
}

static cJSON *json_mistake(const AuditMistake *m)
{
    cJSON *o = cJSON_CreateObject();
    add_str(o, "node", m->node);
    add_str(o, "choice", m->choice);
    cJSON_AddNumberToObject(o, "points", m->points);
    cJSON_AddBoolToObject(o, "timeout", m->timeout);
    cJSON_AddBoolToObject(o, "critical", m->critical);
    cJSON_AddNumberToObject(o, "reached", m->reached);
    cJSON_AddNumberToObject(o, "passed", m->passed);
    cJSON_AddNumberToObject(o, "ended_call", m->ended);
    cJSON_AddNumberToObject(o, "ended_call_passed", m->ended_passed);
    add_seed(o, "pass_seed", m->pass_seed, m->passed > 0);
    add_str(o, "pass_choices", m->pass_choices);
    add_seed(o, "fail_seed", m->fail_seed, m->passed < m->reached);
    add_str(o, "fail_choices", m->fail_choices);
    return o;
}

static void json_analysis(cJSON *o, const AuditFile *f)
{
    cJSON *locs = cJSON_AddArrayToObject(o, "locales");
    for (int l = 0; f->work && l < f->nlocales; l++)
        cJSON_AddItemToArray(locs, json_locale(&f->locales[l]));
    cJSON *best = cJSON_AddObjectToObject(o, "best_play");
    cJSON_AddNumberToObject(best, "plays", f->best_plays);
    cJSON_AddNumberToObject(best, "passes", f->best_passes);
    add_seed(best, "fail_seed", f->best_fail_seed, f->best_passes < f->best_plays);
    add_str(best, "fail_choices", f->best_fail_choices);
    add_str(best, "critical_node", f->best_critical);
    add_str(best, "critical_choice", f->best_critical_choice);
    cJSON *ms = cJSON_AddArrayToObject(o, "mistakes");
    for (int i = 0; i < f->nmistakes; i++)
        cJSON_AddItemToArray(ms, json_mistake(&f->mistakes[i]));
    cJSON *rd = cJSON_AddArrayToObject(o, "reading");
    for (int i = 0; i < f->nreading; i++) {
        cJSON *x = cJSON_CreateObject();
        add_str(x, "node", f->reading[i].node);
        add_str(x, "locale", f->locales[f->reading[i].locale].code);
        cJSON_AddNumberToObject(x, "seconds", f->reading[i].seconds);
        cJSON_AddNumberToObject(x, "limit", f->reading[i].limit);
        cJSON_AddItemToArray(rd, x);
    }
}

static cJSON *json_file(const AuditReport *r, const AuditFile *f)
{
    char buf[4096];
    cJSON *o = cJSON_CreateObject();
    add_str(o, "path", f->path);
    add_str(o, "id", f->id);
    cJSON_AddBoolToObject(o, "loaded", f->sc != NULL);
    cJSON *errors = cJSON_AddArrayToObject(o, "errors"), *warnings = cJSON_AddArrayToObject(o, "warnings");
    for (int i = 0; i < f->diags.count; i++) {
        diag_format(&f->diags.items[i], buf, sizeof buf);
        cJSON_AddItemToArray(f->diags.items[i].severity == DIAG_ERROR ? errors : warnings, cJSON_CreateString(buf));
    }
    json_analysis(o, f);
    cJSON *fs = cJSON_AddArrayToObject(o, "findings");
    for (int i = 0; i < f->nfindings; i++) {
        const AuditFinding *fd = &f->findings[i];
        cJSON *x = cJSON_CreateObject();
        add_str(x, "kind", kind_name(fd->kind));
        if (fd->kind == AUDIT_FIND_BLIND) {
            add_str(x, "locale", f->locales[fd->index].code);
            add_str(x, "strategy", audit_strategy_name((AuditStrategy)fd->strategy));
        } else if (fd->kind == AUDIT_FIND_TRAP || fd->kind == AUDIT_FIND_SEED || fd->kind == AUDIT_FIND_SILENCE) {
            add_str(x, "node", f->mistakes[fd->index].node);
            add_str(x, "choice", f->mistakes[fd->index].choice);
        } else if (fd->kind == AUDIT_FIND_READING) {
            add_str(x, "node", f->reading[fd->index].node);
            add_str(x, "locale", f->locales[f->reading[fd->index].locale].code);
        }
        finding_text(r, f, fd, buf, sizeof buf);
        add_str(x, "message", buf);
        cJSON_AddItemToArray(fs, x);
    }
    return o;
}

static int print_json(const AuditReport *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "seeds", r->opts.seeds);
    cJSON *t = cJSON_AddObjectToObject(o, "thresholds");
    cJSON_AddNumberToObject(t, "max_blind_pass", r->opts.max_blind_pass);
    cJSON_AddNumberToObject(t, "trap_points", r->opts.trap_points);
    cJSON_AddNumberToObject(t, "max_reading", r->opts.max_reading);
    add_str(o, "word_tables", r->opts.words_dir);
    cJSON *files = cJSON_AddArrayToObject(o, "files");
    for (int i = 0; i < r->nfiles; i++)
        cJSON_AddItemToArray(files, json_file(r, &r->files[i]));
    AuditLocale sum[MAX_SUMMARY_LOCALES];
    int n = summarise(r, sum);
    cJSON *summary = cJSON_AddArrayToObject(o, "summary");
    for (int l = 0; l < n; l++) {
        cJSON *x = cJSON_CreateObject();
        add_str(x, "locale", sum[l].code);
        json_counts(x, &sum[l]);
        cJSON *played = cJSON_AddObjectToObject(x, "blind_files_played");
        cJSON *passed = cJSON_AddObjectToObject(x, "blind_files_passed");
        for (int st = 0; st < AUDIT_NSTRATEGIES; st++) {
            cJSON_AddNumberToObject(played, audit_strategy_name((AuditStrategy)st), sum[l].plays[st]);
            cJSON_AddNumberToObject(passed, audit_strategy_name((AuditStrategy)st), sum[l].passes[st]);
        }
        cJSON_AddItemToArray(summary, x);
    }
    cJSON_AddNumberToObject(o, "findings", r->nfindings);
    char *s = cJSON_Print(o);
    cJSON_Delete(o);
    if (!s) {
        fprintf(stderr, "sparring audit: out of memory writing JSON\n");
        return -1;
    }
    puts(s);
    free(s);
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    AuditArgs a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    a.o.words_dir = words_dir(a.words);
    if (!a.o.words_dir)
        fprintf(stderr, "sparring audit: warning: no word tables found (data/audit); acknowledgements, trap words "
                        "and reading loads are not checked\n");
    CliPaths found;
    if (cli_scan_path(a.path, &found) < 0) {
        fprintf(stderr, "sparring audit: out of memory\n");
        return EXIT_INVALID;
    }
    if (found.n == 0) {
        if (found.unreadable)
            fprintf(stderr, "sparring audit: %s: %s\n", cli_esc(a.path), strerror(errno));
        else
            fprintf(stderr, "sparring audit: no scenario files (*.json) in %s\n", cli_esc(a.path));
        cli_paths_free(&found);
        return EXIT_INVALID;
    }
    AuditReport *r = audit_run(found.paths, found.n, &a.o);
    cli_paths_free(&found);
    if (!r) {
        fprintf(stderr, "sparring audit: out of memory\n");
        return EXIT_INVALID;
    }
    if (!strcmp(a.format, "json")) {
        rc = print_json(r);
    } else {
        for (int i = 0; i < r->nfiles; i++)
            print_file(r, &r->files[i]);
        print_summary(r);
        printf("%d file%s, %d finding%s\n", r->nfiles, r->nfiles == 1 ? "" : "s", r->nfindings,
               r->nfindings == 1 ? "" : "s");
    }
    int exit_code = rc < 0 || r->nfindings ? EXIT_INVALID : EXIT_OK;
    audit_free(r);
    return exit_code;
}
