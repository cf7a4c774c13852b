/* sparring run: plays a scenario without a window (cli.md, run). The headless twin of the
 * trainer: for trainers play-testing a file, for tests, and for a terminal. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "play.h"
#include "records.h"
#include "scenario.h"
#include "sheet.h"
#include "ui_strings.h"

static const char run_usage[] =
    "usage: sparring run FILE [--choices LIST] [--seed N] [--locale LL] [--trainee ID]\n"
    "                         [--shuffle] [--record] [--db PATH] [--format text|json]\n"
    "\n"
    "Plays FILE without a window and prints the result.\n"
    "  --choices LIST  comma-separated: each item a choice id, or a 1-based position among the\n"
    "                  choices offered at that point, `timeout` (the node's timeout outcome),\n"
    "                  or `event:ID` (inject the scenario's event ID there, as a mentor does)\n"
    "  --seed N        seed of the random branches and of the order shown (default 1)\n"
    "  --shuffle       show the choices in the seeded order of an assessment (positions in\n"
    "                  --choices still count in file order; json lists the order shown)\n"
    "  --locale LL     language of the texts (default: the scenario's first locale)\n"
    "  --trainee ID    who plays (recorded with --record)\n"
    "  --record        store the attempt (mode practice) in the records database\n"
    "  --db PATH       the records database (default $SPARRING_DB, else\n"
    "                  $XDG_DATA_HOME/sparring/records.db)\n"
    "  --format F      text (default) or json\n"
    "Without --choices and with a terminal on standard input, it asks at each decision\n"
    "(a timed decision counts down; an empty answer repeats the question).\n"
    "Exit codes: 0 played to an ending; 1 invalid scenario or records error; 2 usage error;\n"
    "3 the playthrough is impossible (a choice not offered, choices ran out, a dead end, or\n"
    "100000 nodes in a row with no answer: a loop that never ends).\n";

typedef struct {
    const char *file, *choices, *locale, *trainee, *db, *format;
    uint64_t seed;
    bool record, shuffle;
} RunArgs;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "sparring run: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", run_usage);
    return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, RunArgs *a)
{
    memset(a, 0, sizeof *a);
    a->seed = 1;
    a->format = "text";
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(run_usage, stdout);
            return -1;
        } else if (!strcmp(argv[i], "--record")) {
            a->record = true;
        } else if (!strcmp(argv[i], "--shuffle")) {
            a->shuffle = true;
        } else if ((v = cli_option_value(argc, argv, &i, "--choices", &missing))) {
            a->choices = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--seed", &missing))) {
            char *end;
            errno = 0;
            unsigned long long s = strtoull(v, &end, 10);
            if (errno || !*v || *end || v[0] == '-')
                return usage_error("--seed takes a whole number from 0 to 18446744073709551615, not '%s'", v);
            a->seed = s;
        } else if ((v = cli_option_value(argc, argv, &i, "--locale", &missing))) {
            a->locale = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--trainee", &missing))) {
            if (!cli_text_ok(v)) /* it would poison every JSON export and the LRS */
                return usage_error("--trainee '%s' is not UTF-8 text, or holds a line break, tab "
                                   "or other control character", cli_esc(v));
            a->trainee = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--db", &missing))) {
            a->db = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--format", &missing))) {
            if (strcmp(v, "text") && strcmp(v, "json"))
                return usage_error("--format is text or json, not '%s'", v);
            a->format = v;
        } else if (missing) {
            return usage_error("%s needs a value", argv[i]);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("unknown option '%s'", argv[i]);
        } else if (!a->file) {
            a->file = argv[i];
        } else {
            return usage_error("one scenario file at a time ('%s' is one too many)", argv[i]);
        }
    }
    if (!a->file)
        return usage_error("%s", "which scenario file?");
    return 0;
}

static void print_diags(const DiagList *d)
{
    char buf[2048];
    for (int i = 0; i < d->count; i++) {
        diag_format(&d->items[i], buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
    }
}

/* The offered choice an item names: first an id among the offered, then a 1-based position. */
static int match_item(const Play *p, const char *item)
{
    const ScNode *n = scenario_node(play_scenario(p), play_node(p));
    int offered[SC_MAX_CHOICES];
    int k = play_offered(p, offered);
    for (int i = 0; i < k; i++)
        if (!strcmp(n->choices[offered[i]].id, item))
            return offered[i];
    char *end;
    errno = 0;
    long pos = strtol(item, &end, 10);
    if (!errno && *item && !*end && pos >= 1 && pos <= k)
        return offered[pos - 1];
    return -1;
}

static bool node_has_timer(const Play *p)
{
    const ScNode *n = scenario_node(play_scenario(p), play_node(p));
    return n->time_limit > 0 && n->timeout;
}

static void describe_offered(const Play *p, char *buf, size_t size)
{
    const ScNode *n = scenario_node(play_scenario(p), play_node(p));
    int offered[SC_MAX_CHOICES];
    int k = play_offered(p, offered);
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < k && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%d (id \"%s\")", i ? ", " : "", i + 1,
                                 n->choices[offered[i]].id);
    if (node_has_timer(p) && used < size)
        snprintf(buf + used, size - used, ", timeout");
}

static const char *speaker_name(const Scenario *sc, ScSpeaker s, int loc, bool zh)
{
    switch (s) {
    case SC_SPEAKER_NARRATOR: return zh ? "旁白" : "Narrator";
    case SC_SPEAKER_COACH: return zh ? "教练" : "Coach";
    default: {
        const char *c = scenario_text(scenario_counterpart(sc), loc);
        return c[0] ? c : zh ? "客户" : "Customer";
    }
    }
}

static void print_points(FILE *f, const Scenario *sc, const ScChoice *c, int loc, bool zh)
{
    for (int k = 0; k < c->nscore; k++)
        fprintf(f, "%s%+d %s", k ? (zh ? "，" : ", ") : (zh ? "（" : " ("), c->score[k].points,
                scenario_text(&scenario_competency(sc, c->score[k].competency)->name, loc));
    if (c->nscore)
        fputs(zh ? "）" : ")", f);
}

/* Moods in the trainer window's words. */
static const char *mood_name(const char *mood, bool zh) { return ui_strings_mood(ui_strings(zh ? "zh" : "en"), mood); }

static void print_node_text(FILE *f, const Scenario *sc, int node, int loc, bool zh)
{
    const ScNode *n = scenario_node(sc, node);
    if (n->speaker == SC_SPEAKER_CUSTOMER && n->mood)
        fprintf(f, zh ? "\n%s（%s）：%s\n" : "\n%s (%s): %s\n", speaker_name(sc, n->speaker, loc, zh),
                mood_name(n->mood, zh), scenario_text(&n->text, loc));
    else
        fprintf(f, zh ? "\n%s：%s\n" : "\n%s: %s\n", speaker_name(sc, n->speaker, loc, zh), scenario_text(&n->text, loc));
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Asks at a terminal. Returns the choice index, -2 for a timeout, -3 at end of input. */
static int ask(Play *p, int loc, bool zh, int64_t t0)
{
    const Scenario *sc = play_scenario(p);
    const ScNode *n = scenario_node(sc, play_node(p));
    int shown[SC_MAX_CHOICES];
    int k = play_shown(p, shown);
    for (int i = 0; i < k; i++)
        printf("  %d. %s\n", i + 1, scenario_text(&n->choices[shown[i]].text, loc));
    for (;;) {
        int64_t left = node_has_timer(p) ? play_time_left_ms(p, mono_ms() - t0) : -1;
        if (left >= 0)
            printf(zh ? "选择 1-%d（剩余 %lld 秒）> " : "Choose 1-%d (%lld s left)> ", k, (long long)((left + 999) / 1000));
        else
            printf(zh ? "选择 1-%d> " : "Choose 1-%d> ", k);
        fflush(stdout);
        struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
        int r = poll(&pfd, 1, left >= 0 ? (int)(left > INT_MAX ? INT_MAX : left) : -1);
        if (r == 0) {
            printf(zh ? "\n时间到！\n" : "\nTime is up!\n");
            return -2;
        }
        char line[256];
        if (r < 0 || !fgets(line, sizeof line, stdin))
            return -3;
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0])
            continue;
        char *end;
        long pos = strtol(line, &end, 10); /* a number here is a position on the list shown */
        if (!*end && pos >= 1 && pos <= k)
            return shown[pos - 1];
        int c = match_item(p, line);
        if (c >= 0)
            return c;
        printf(zh ? "请输入 1 到 %d 之间的数字。\n" : "Please type a number from 1 to %d.\n", k);
    }
}

static cJSON *points_json(const Scenario *sc, const ScChoice *c)
{
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; c && k < c->nscore; k++)
        cJSON_AddNumberToObject(o, scenario_competency(sc, c->score[k].competency)->id, c->score[k].points);
    return o;
}

static void add_score_line(cJSON *o, const ScoreLine *l)
{
    cJSON_AddNumberToObject(o, "raw", (double)l->raw);
    cJSON_AddNumberToObject(o, "max", (double)l->max);
    if (l->percent < 0)
        cJSON_AddNullToObject(o, "percent");
    else
        cJSON_AddNumberToObject(o, "percent", l->percent);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const char *outcome_name(ScOutcome o)
{
    switch (o) {
    case SC_OUTCOME_PASS: return "pass";
    case SC_OUTCOME_FAIL: return "fail";
    case SC_OUTCOME_NEUTRAL: return "neutral";
    default: return NULL;
    }
}

static void print_json(const Play *p, const RunArgs *a, int loc)
{
    const Scenario *sc = play_scenario(p);
    PlayResult r;
    play_result(p, &r);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "scenario", scenario_id(sc));
    cJSON_AddStringToObject(o, "version", scenario_version(sc));
    char seed[24];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)a->seed);
    cJSON_AddItemToObject(o, "seed", cJSON_CreateRaw(seed)); /* exact: a double would round it */
    cJSON_AddStringToObject(o, "locale", scenario_locale(sc, loc));
    cJSON_AddStringToObject(o, "ending", scenario_node(sc, play_node(p))->id);
    cJSON_AddStringToObject(o, "outcome", outcome_name(r.outcome));
    cJSON_AddBoolToObject(o, "passed", r.passed);
    cJSON *score = cJSON_AddObjectToObject(o, "score");
    add_score_line(score, &r.total);
    cJSON *comps = cJSON_AddObjectToObject(score, "competencies");
    for (int i = 0; i < r.ncompetencies; i++)
        add_score_line(cJSON_AddObjectToObject(comps, scenario_competency(sc, i)->id), &r.competency[i]);
    cJSON *meters = cJSON_AddObjectToObject(o, "meters");
    for (int i = 0; i < scenario_meter_count(sc); i++)
        cJSON_AddNumberToObject(meters, scenario_meter(sc, i)->id, play_meter(p, i));
    int nflags = scenario_flag_count(sc), nset = 0;
    const char **set = calloc((size_t)nflags + 1, sizeof *set);
    for (int i = 0; set && i < nflags; i++)
        if (play_flag(p, i))
            set[nset++] = scenario_flag(sc, i);
    if (set)
        qsort(set, (size_t)nset, sizeof *set, cmp_str);
    cJSON *flags = cJSON_AddArrayToObject(o, "flags");
    for (int i = 0; i < nset; i++)
        cJSON_AddItemToArray(flags, cJSON_CreateString(set[i]));
    free(set);
    cJSON *critical = cJSON_AddArrayToObject(o, "critical");
    for (int d = 0; d < play_decision_count(p); d++) {
        int st = play_decision_step(p, d);
        if (play_step_choice(p, st)->critical)
            cJSON_AddItemToArray(critical, cJSON_CreateString(scenario_node(sc, play_step(p, st)->node)->id));
    }
    cJSON *path = cJSON_AddArrayToObject(o, "path");
    for (int d = 0; d < play_decision_count(p); d++) {
        int st = play_decision_step(p, d);
        const PlayStep *step = play_step(p, st);
        const ScChoice *c = play_step_choice(p, st);
        const ScNode *n = scenario_node(sc, step->node);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "node", n->id);
        cJSON_AddStringToObject(e, "choice", step->kind == PLAY_STEP_TIMEOUT ? "timeout" : c->id);
        cJSON_AddItemToObject(e, "points", points_json(sc, c));
        if (a->shuffle) {
            int shown[SC_MAX_CHOICES];
            int k = play_step_shown(p, st, shown);
            cJSON *sh = cJSON_AddArrayToObject(e, "shown");
            for (int i = 0; i < k; i++)
                cJSON_AddItemToArray(sh, cJSON_CreateString(n->choices[shown[i]].id));
        }
        cJSON_AddItemToArray(path, e);
    }
    char *s = cJSON_Print(o);
    if (s)
        printf("%s\n", s);
    free(s);
    cJSON_Delete(o);
}

static void print_text_result(const Play *p, int loc, bool zh)
{
    const Scenario *sc = play_scenario(p);
    PlayResult r;
    play_result(p, &r);
    if (r.critical > 0) {
        printf(zh ? "\n严重错误（无论得分都不通过）：" : "\nCritical errors (no pass, whatever the score):");
        for (int d = 0; d < play_decision_count(p); d++) {
            int st = play_decision_step(p, d);
            if (play_step_choice(p, st)->critical)
                printf(" %s", scenario_node(sc, play_step(p, st)->node)->id);
        }
        printf("\n");
    }
    const ScNode *end = scenario_node(sc, play_node(p));
    const char *et = scenario_text(&end->end_text, loc);
    if (*et)
        printf("\n%s\n", et);
    printf(zh ? "\n结局：%s（%s）\n" : "\nEnding: %s (%s)\n", end->id, outcome_name(r.outcome));
    printf(zh ? "种子：%llu\n" : "Seed: %llu\n", (unsigned long long)play_seed(p)); /* replays from it */
    printf(zh ? "得分：%lld/%lld = %d%%，及格线 %d%%：%s\n" : "Score: %lld/%lld = %d%%, pass mark %d%%: %s\n",
           (long long)r.total.raw, (long long)r.total.max, r.total.percent < 0 ? 0 : r.total.percent,
           scenario_pass_percent(sc), r.passed ? (zh ? "通过" : "PASSED") : (zh ? "未通过" : "NOT PASSED"));
    for (int i = 0; i < r.ncompetencies; i++) {
        const ScCompetency *c = scenario_competency(sc, i);
        if (r.competency[i].percent < 0)
            printf("  %-24s %lld/%lld\n", scenario_text(&c->name, loc), (long long)r.competency[i].raw,
                   (long long)r.competency[i].max);
        else
            printf("  %-24s %lld/%lld  %d%%\n", scenario_text(&c->name, loc), (long long)r.competency[i].raw,
                   (long long)r.competency[i].max, r.competency[i].percent);
    }
}

/* `next` nodes in a row past which a playthrough is in a loop with no answer (no scenario has
 * nearly so many; a loop through random branches that can leave ends long before). */
#define RUN_MAX_CONTINUES 100000

/* One playthrough under way: what the loop and its helpers share. */
typedef struct {
    const RunArgs *a;
    const Scenario *sc;
    Play *p;
    Recorder *rec;
    int loc;
    bool zh, narrate, interactive;
    char *cursor;      /* the rest of --choices */
    int64_t t0, now;   /* monotonic start; play time of the current step */
    char err[512];
} RunState;

/* The index of the locale --locale names (0 without it); -1 after telling it is not there. */
static int pick_locale(const Scenario *sc, const RunArgs *a)
{
    if (!a->locale)
        return 0;
    int loc = -1;
    for (int i = 0; i < scenario_locale_count(sc); i++)
        if (!strcmp(scenario_locale(sc, i), a->locale))
            loc = i;
    if (loc >= 0)
        return loc;
    fprintf(stderr, "sparring run: %s has no locale '%s'; it has:", a->file, a->locale);
    for (int i = 0; i < scenario_locale_count(sc); i++)
        fprintf(stderr, " %s", scenario_locale(sc, i));
    fprintf(stderr, "\n");
    return -1;
}

/* Opens the records and begins the attempt (--record). Returns EXIT_OK or EXIT_INVALID. */
static int begin_recording(RunState *rs, Records **db)
{
    bool local = false;
    long joined = 0;
    *db = records_open_station(cli_db_path(rs->a->db), cli_local_db_path(), &local, &joined, rs->err,
                               sizeof rs->err);
    if (*db && local) /* the shared store's server is away: recorded here meanwhile */
        fprintf(stderr, "sparring run: recording on this station until the records server "
                        "is back: %s\n", rs->err);
    AttemptMeta meta = {.trainee_id = rs->a->trainee, .mode = "practice",
                        .locale = scenario_locale(rs->sc, rs->loc)};
    if (*db)
        rs->rec = recorder_begin(*db, rs->p, &meta, wall_ms(), rs->err, sizeof rs->err);
    if (!rs->rec) {
        fprintf(stderr, "sparring run: cannot record: %s\n", rs->err);
        return EXIT_INVALID;
    }
    return EXIT_OK;
}

/* Stores what was played so far (with --record). Returns EXIT_OK or EXIT_INVALID. */
static int sync_record(RunState *rs)
{
    if (rs->rec && recorder_sync(rs->rec, rs->p, wall_ms(), rs->err, sizeof rs->err) < 0) {
        fprintf(stderr, "sparring run: cannot record: %s\n", rs->err);
        return EXIT_INVALID;
    }
    return EXIT_OK;
}

/* The mentor's event an `event:ID` item names, injected now. Returns EXIT_OK or EXIT_IMPOSSIBLE. */
static int inject_event(RunState *rs, const char *id)
{
    int ev = scenario_find_event(rs->sc, id);
    if (ev < 0) {
        fprintf(stderr, "sparring run: the scenario has no event \"%s\"\n", id);
        return EXIT_IMPOSSIBLE;
    }
    play_inject_event(rs->p, ev, rs->now);
    if (rs->narrate)
        printf(rs->zh ? "  >> 导师插入事件：%s\n" : "  >> The mentor injects: %s\n",
               scenario_text(&scenario_event(rs->sc, ev)->label, rs->loc));
    return EXIT_OK;
}

/* The next --choices item at node n: sets *choice or *timeout, or injects an event (then
 * *choice stays -1 and *timeout false). Returns EXIT_OK or the exit code of the failure. */
static int scripted_choice(RunState *rs, const ScNode *n, int *choice, bool *timeout)
{
    char *item = rs->cursor ? strsep(&rs->cursor, ",") : NULL;
    if (!item || !*item) {
        fprintf(stderr, "sparring run: the choices ran out at node \"%s\" before an ending\n", n->id);
        return EXIT_IMPOSSIBLE;
    }
    *choice = match_item(rs->p, item);
    if (*choice >= 0)
        return EXIT_OK;
    if (!strncmp(item, "event:", 6))
        return inject_event(rs, item + 6);
    if (!strcmp(item, "timeout")) {
        if (!node_has_timer(rs->p)) {
            fprintf(stderr, "sparring run: `timeout` at node \"%s\", which has no timer\n", n->id);
            return EXIT_IMPOSSIBLE;
        }
        *timeout = true;
        return EXIT_OK;
    }
    char offered[1024];
    describe_offered(rs->p, offered, sizeof offered);
    fprintf(stderr, "sparring run: \"%s\" is not offered at node \"%s\"; offered: %s\n", item, n->id,
            offered);
    return EXIT_IMPOSSIBLE;
}

/* The transcript line of the answer just given at node n, its points and the coach's word. */
static void narrate_answer(const RunState *rs, const ScNode *n, int choice, bool timeout)
{
    bool zh = rs->zh;
    const ScChoice *c = timeout ? n->timeout : &n->choices[choice];
    if (timeout)
        printf(zh ? "  > （超时）" : "  > (timed out)");
    else
        printf("  > %s", scenario_text(&c->text, rs->loc));
    print_points(stdout, rs->sc, c, rs->loc, zh);
    if (c->critical)
        printf(zh ? " [严重错误]" : " [critical error]");
    printf("\n");
    const char *fb = scenario_text(&c->feedback, rs->loc);
    if (*fb)
        printf(zh ? "    教练：%s\n" : "    Coach: %s\n", fb);
}

/* One decision at the current node: asked at the terminal or taken from --choices. */
static int decide(RunState *rs)
{
    const ScNode *n = scenario_node(rs->sc, play_node(rs->p));
    int choice = -1;
    bool timeout = false;
    if (rs->interactive) {
        choice = ask(rs->p, rs->loc, rs->zh, rs->t0);
        rs->now = mono_ms() - rs->t0;
        if (choice == -3) {
            fprintf(stderr, "sparring run: input ended before an ending\n");
            return EXIT_IMPOSSIBLE;
        }
        timeout = choice == -2;
    } else {
        int rc = scripted_choice(rs, n, &choice, &timeout);
        if (rc != EXIT_OK || (choice < 0 && !timeout)) /* a failure, or an event injected */
            return rc;
    }
    if (timeout)
        play_timeout(rs->p, rs->now);
    else
        play_choose(rs->p, choice, rs->now);
    if (rs->narrate)
        narrate_answer(rs, n, choice, timeout);
    return EXIT_OK;
}

/* Plays to an ending (or the first failure); returns the exit code so far. */
static int play_through(RunState *rs)
{
    if (rs->narrate)
        printf("%s\n", scenario_text(scenario_title(rs->sc), rs->loc));
    int continues = 0; /* `next` nodes since the last decision */
    while (play_status(rs->p) == PLAY_CHOOSING || play_status(rs->p) == PLAY_WAITING) {
        if (rs->narrate)
            print_node_text(stdout, rs->sc, play_node(rs->p), rs->loc, rs->zh);
        if (rs->interactive)
            rs->now = mono_ms() - rs->t0;
        int rc = EXIT_OK;
        if (play_status(rs->p) == PLAY_WAITING && ++continues > RUN_MAX_CONTINUES) {
            fprintf(stderr, "sparring run: more than %d `next` nodes in a row from node \"%s\": a loop "
                            "with no answer never ends\n", RUN_MAX_CONTINUES,
                    scenario_node(rs->sc, play_node(rs->p))->id);
            return EXIT_IMPOSSIBLE;
        }
        if (play_status(rs->p) == PLAY_WAITING) {
            play_continue(rs->p, rs->now);
        } else {
            continues = 0;
            rc = decide(rs);
        }
        if (rc == EXIT_OK)
            rc = sync_record(rs);
        if (rc != EXIT_OK)
            return rc;
    }
    const char *at = scenario_node(rs->sc, play_node(rs->p))->id;
    if (play_status(rs->p) == PLAY_DEAD_END) {
        fprintf(stderr, "sparring run: dead end at node \"%s\": no choice is offered there\n", at);
        return EXIT_IMPOSSIBLE;
    }
    if (rs->cursor && *rs->cursor) {
        fprintf(stderr, "sparring run: the ending \"%s\" came with choices left over: %s\n", at, rs->cursor);
        return EXIT_IMPOSSIBLE;
    }
    return EXIT_OK;
}

/* Ends the recorded attempt and says where it went (db's name: the local file when the shared
 * store was away, never a password); a failure turns a success into EXIT_INVALID. */
static int end_recording(RunState *rs, const Records *db, int rc)
{
    char id[64];
    snprintf(id, sizeof id, "%s", recorder_attempt_id(rs->rec));
    if (recorder_end(rs->rec, rs->p, wall_ms(), rs->err, sizeof rs->err) < 0) {
        fprintf(stderr, "sparring run: cannot record: %s\n", rs->err);
        return rc == EXIT_OK ? EXIT_INVALID : rc;
    }
    fprintf(stderr, "recorded attempt %s in %s\n", id, records_path(db));
    return rc;
}

/* Plays the loaded scenario with its options; returns the exit code. */
static int run_scenario(const RunArgs *a, const Scenario *sc, int loc)
{
    bool json = !strcmp(a->format, "json");
    RunState rs = {.a = a, .sc = sc, .loc = loc, .zh = !strncmp(scenario_locale(sc, loc), "zh", 2),
                   .narrate = !json, /* the transcript, in text form */
                   .interactive = !a->choices && isatty(STDIN_FILENO)};
    if (!json)
        cli_escape_stdout(); /* scenario text must not drive the terminal */

    PlayOptions opts = {.timers = true, .time_multiplier = 1.0, .shuffle = a->shuffle};
    rs.p = play_new(sc, a->seed, opts);
    if (!rs.p) {
        fprintf(stderr, "sparring run: out of memory\n");
        return EXIT_INVALID;
    }
    Records *db = NULL;
    int rc = a->record ? begin_recording(&rs, &db) : EXIT_OK;
    if (rc == EXIT_OK) {
        char *items = a->choices ? strdup(a->choices) : NULL;
        rs.cursor = items;
        rs.t0 = mono_ms();
        rc = play_through(&rs);
        free(items);
        if (rc == EXIT_OK && json)
            print_json(rs.p, a, loc);
        else if (rc == EXIT_OK)
            print_text_result(rs.p, loc, rs.zh);
        if (rs.rec)
            rc = end_recording(&rs, db, rc);
    }
    if (db)
        records_close(db);
    play_free(rs.p);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    RunArgs a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;

    DiagList diags = {0};
    Scenario *sc = sheet_load_file(a.file, &diags); /* a .csv sheet too */
    print_diags(&diags);
    diag_list_free(&diags);
    if (!sc)
        return EXIT_INVALID;
    int loc = pick_locale(sc, &a);
    rc = loc < 0 ? EXIT_USAGE : run_scenario(&a, sc, loc);
    scenario_free(sc);
    return rc;
}
