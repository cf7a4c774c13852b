/* Pinned replays (tests/replays/README.md): every tests/replays/NAME.replay is replayed from its
 * seed and must give exactly the result written in it; every tests/replays/best/ID.choices
 * must reach 100% on scenarios/ID.json. A later build that plays differently fails here.
 *
 *     test_replay                 check every pinned replay
 *     test_replay FILE...         check these replay files
 *     test_replay --print FILE    replay FILE leniently (node `*`, `continue` steps implied)
 *                                 and print it back with the steps and results of this build,
 *                                 to pin a new replay (check the numbers by hand first) */
#include "check.h"
#include "play.h"
#include "scenario.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_STEPS 4096

typedef struct {
    const char *file;
    Scenario *sc;
    char scenario_path[512];
    char sha256[65]; /* as pinned; "" when the file gives none */
    uint64_t seed;
    PlayOptions opts;
    int start;
    PlayStep steps[MAX_STEPS];
    int step_line[MAX_STEPS]; /* the line each step was read from */
    int nsteps;
    int nexpect;
    bool lenient; /* --print */
    Play *play;   /* lenient: built step by step */
    int failures; /* in this file */
} Replay;

static void fail_line(Replay *r, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail_line(Replay *r, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: ", r->file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    r->failures++;
    check_failures_in_test++;
}

static int find_choice(const ScNode *n, const char *id)
{
    for (int i = 0; i < n->nchoices; i++)
        if (!strcmp(n->choices[i].id, id))
            return i;
    return -1;
}

static int find_competency(const Scenario *sc, const char *id)
{
    for (int i = 0; i < scenario_competency_count(sc); i++)
        if (!strcmp(scenario_competency(sc, i)->id, id))
            return i;
    return -1;
}

static const char *status_word(PlayStatus s)
{
    switch (s) {
    case PLAY_CHOOSING: return "choosing";
    case PLAY_WAITING: return "waiting";
    case PLAY_ENDED: return "ended";
    default: return "dead_end";
    }
}

static const char *outcome_word(ScOutcome o)
{
    switch (o) {
    case SC_OUTCOME_PASS: return "pass";
    case SC_OUTCOME_FAIL: return "fail";
    case SC_OUTCOME_NEUTRAL: return "neutral";
    default: return "none";
    }
}

static void percent_word(int percent, char *buf, size_t size)
{
    if (percent < 0)
        snprintf(buf, size, "null");
    else
        snprintf(buf, size, "%d", percent);
}

/* Splits a line into words (in place); returns how many. */
static int split(char *line, char **w, int maxw)
{
    int n = 0;
    for (char *s = strtok(line, " \t\r\n"); s && n < maxw; s = strtok(NULL, " \t\r\n"))
        w[n++] = s;
    return n;
}

/* Applies one step to the lenient play (node `*` resolved, continues implied). */
static void lenient_step(Replay *r, PlayStep *s)
{
    /* an implied continue happens at once, at the previous step's time */
    int64_t at = r->nsteps ? r->steps[r->nsteps - 1].at_ms : 0;
    while (play_status(r->play) == PLAY_WAITING && s->kind != PLAY_STEP_CONTINUE) {
        if (r->nsteps + 1 < MAX_STEPS)
            r->steps[r->nsteps++] = (PlayStep){.kind = PLAY_STEP_CONTINUE, .node = play_node(r->play), .at_ms = at};
        play_continue(r->play, at);
    }
    if (s->node < 0)
        s->node = play_node(r->play);
}

/* Reads the choice id of a step at node `node` (or the current node when lenient). */
static int step_choice(Replay *r, int line, int node, const char *id)
{
    const ScNode *n = scenario_node(r->sc, node);
    int c = find_choice(n, id);
    if (c < 0 && r->lenient && play_status(r->play) == PLAY_CHOOSING) {
        /* as `run --choices`: a 1-based position among the offered choices */
        int off[SC_MAX_CHOICES];
        int k = play_offered(r->play, off);
        char *end;
        long pos = strtol(id, &end, 10);
        if (!*end && pos >= 1 && pos <= k)
            c = off[pos - 1];
    }
    if (c < 0)
        fail_line(r, line, "node \"%s\" has no choice \"%s\"", n->id, id);
    return c;
}

static bool parse_step(Replay *r, int line, char **w, int n)
{
    PlayStep s = {0};
    const char *kind = w[0];
    int argc = n - 1;
    /* the time, `@MS`, is last and optional (default: the previous step's) */
    s.at_ms = r->nsteps ? r->steps[r->nsteps - 1].at_ms : 0;
    if (argc >= 1 && w[n - 1][0] == '@') {
        s.at_ms = strtoll(w[n - 1] + 1, NULL, 10);
        argc--;
    }
    if (!strcmp(kind, "choose"))
        s.kind = PLAY_STEP_CHOICE;
    else if (!strcmp(kind, "timeout"))
        s.kind = PLAY_STEP_TIMEOUT;
    else if (!strcmp(kind, "continue"))
        s.kind = PLAY_STEP_CONTINUE;
    else if (!strcmp(kind, "event"))
        s.kind = PLAY_STEP_EVENT;
    else if (!strcmp(kind, "meter") && n > 3)
        s.kind = PLAY_STEP_METER; /* `meter ID VALUE` is an expectation */
    else if (!strcmp(kind, "pause"))
        s.kind = PLAY_STEP_PAUSE;
    else if (!strcmp(kind, "resume"))
        s.kind = PLAY_STEP_RESUME;
    else
        return false;
    int want = s.kind == PLAY_STEP_CHOICE || s.kind == PLAY_STEP_EVENT ? 2 : s.kind == PLAY_STEP_METER ? 3 : 1;
    if (argc != want) {
        fail_line(r, line, "\"%s\" takes %d words before the time", kind, want);
        return true;
    }
    if (r->nsteps >= MAX_STEPS) {
        fail_line(r, line, "too many steps");
        return true;
    }
    if (!strcmp(w[1], "*") && r->lenient) {
        s.node = -1;
    } else {
        s.node = scenario_find_node(r->sc, w[1]);
        if (s.node < 0) {
            fail_line(r, line, "unknown node \"%s\"", w[1]);
            return true;
        }
    }
    if (r->lenient && !r->play) /* made at the first step: the whole header is read by then */
        r->play = play_replay(r->sc, r->seed, r->opts, r->start, NULL, 0, NULL, 0);
    if (r->lenient)
        lenient_step(r, &s);
    switch (s.kind) {
    case PLAY_STEP_CHOICE:
        s.index = step_choice(r, line, s.node, w[2]);
        break;
    case PLAY_STEP_EVENT:
        s.index = scenario_find_event(r->sc, w[2]);
        if (s.index < 0)
            fail_line(r, line, "unknown event \"%s\"", w[2]);
        break;
    case PLAY_STEP_METER:
        s.index = scenario_find_meter(r->sc, w[2]);
        s.value = atoi(w[3]);
        if (s.index < 0)
            fail_line(r, line, "unknown meter \"%s\"", w[2]);
        break;
    default:
        break;
    }
    if (s.index < 0 && (s.kind == PLAY_STEP_CHOICE || s.kind == PLAY_STEP_EVENT || s.kind == PLAY_STEP_METER))
        return true;
    if (r->lenient) {
        char err[512];
        /* a replay of the whole log so far checks the step as strictly as a pinned replay */
        r->steps[r->nsteps] = s;
        Play *next = play_replay(r->sc, r->seed, r->opts, r->start, r->steps, r->nsteps + 1, err, sizeof err);
        if (!next) {
            fail_line(r, line, "%s", err);
            return true;
        }
        play_free(r->play);
        r->play = next;
        r->nsteps++;
        return true;
    }
    r->step_line[r->nsteps] = line;
    r->steps[r->nsteps++] = s;
    return true;
}

/* Checks one expectation line against the finished play. */
static bool check_expect(Replay *r, int line, char **w, int n, const Play *p)
{
    const Scenario *sc = r->sc;
    PlayResult res;
    play_result(p, &res);
    char pct[16];
    const char *k = w[0];
    if (!strcmp(k, "status") && n == 2) {
        if (strcmp(w[1], status_word(play_status(p))))
            fail_line(r, line, "status: expected %s, got %s", w[1], status_word(play_status(p)));
    } else if (!strcmp(k, "ending") && n == 2) {
        const char *at = scenario_node(sc, play_node(p))->id;
        if (strcmp(w[1], at))
            fail_line(r, line, "ending: expected node \"%s\", play stopped at \"%s\"", w[1], at);
    } else if (!strcmp(k, "outcome") && n == 2) {
        if (strcmp(w[1], outcome_word(res.outcome)))
            fail_line(r, line, "outcome: expected %s, got %s", w[1], outcome_word(res.outcome));
    } else if (!strcmp(k, "passed") && n == 2) {
        const char *got = res.passed ? "yes" : "no";
        if (strcmp(w[1], got))
            fail_line(r, line, "passed: expected %s, got %s", w[1], got);
    } else if (!strcmp(k, "total") && n == 4) {
        percent_word(res.total.percent, pct, sizeof pct);
        if (strtoll(w[1], NULL, 10) != res.total.raw || strtoll(w[2], NULL, 10) != res.total.max ||
            strcmp(w[3], pct))
            fail_line(r, line, "total: expected %s %s %s, got %lld %lld %s", w[1], w[2], w[3],
                      (long long)res.total.raw, (long long)res.total.max, pct);
    } else if (!strcmp(k, "competency") && n == 5) {
        int c = find_competency(sc, w[1]);
        if (c < 0) {
            fail_line(r, line, "unknown competency \"%s\"", w[1]);
            return true;
        }
        const ScoreLine *l = &res.competency[c];
        percent_word(l->percent, pct, sizeof pct);
        if (strtoll(w[2], NULL, 10) != l->raw || strtoll(w[3], NULL, 10) != l->max || strcmp(w[4], pct))
            fail_line(r, line, "competency %s: expected %s %s %s, got %lld %lld %s", w[1], w[2], w[3], w[4],
                      (long long)l->raw, (long long)l->max, pct);
    } else if (!strcmp(k, "meter") && n == 3) {
        int m = scenario_find_meter(sc, w[1]);
        if (m < 0)
            fail_line(r, line, "unknown meter \"%s\"", w[1]);
        else if (atoi(w[2]) != play_meter(p, m))
            fail_line(r, line, "meter %s: expected %s, got %d", w[1], w[2], play_meter(p, m));
    } else if (!strcmp(k, "flags")) {
        char want[1024] = "", got[1024] = "";
        for (int i = 1; i < n; i++)
            snprintf(want + strlen(want), sizeof want - strlen(want), "%s ", w[i]);
        for (int i = 0; i < scenario_flag_count(sc); i++)
            if (play_flag(p, i))
                snprintf(got + strlen(got), sizeof got - strlen(got), "%s ", scenario_flag(sc, i));
        if (strcmp(want, got))
            fail_line(r, line, "flags: expected [%s], got [%s]", want, got);
    } else if (!strcmp(k, "decisions") && n == 2) {
        if (atoi(w[1]) != play_decision_count(p))
            fail_line(r, line, "decisions: expected %s, got %d", w[1], play_decision_count(p));
    } else {
        return false;
    }
    r->nexpect++;
    return true;
}

/* Prints the replay in the file's form with this build's steps and results. */
static void print_replay(Replay *r, const Play *p)
{
    const Scenario *sc = r->sc;
    printf("scenario %s\nsha256 %s\nseed %llu\ntimers %s\n", r->scenario_path, scenario_sha256(sc),
           (unsigned long long)r->seed, r->opts.timers ? "on" : "off");
    if (r->opts.time_multiplier > 0 && r->opts.time_multiplier != 1.0)
        printf("multiplier %g\n", r->opts.time_multiplier);
    if (r->start >= 0)
        printf("from %s\n", scenario_node(sc, r->start)->id);
    printf("\n");
    for (int i = 0; i < play_step_count(p); i++) {
        const PlayStep *s = play_step(p, i);
        const ScNode *n = scenario_node(sc, s->node);
        switch (s->kind) {
        case PLAY_STEP_CHOICE: printf("choose %s %s", n->id, n->choices[s->index].id); break;
        case PLAY_STEP_TIMEOUT: printf("timeout %s", n->id); break;
        case PLAY_STEP_CONTINUE: printf("continue %s", n->id); break;
        case PLAY_STEP_EVENT: printf("event %s %s", n->id, scenario_event(sc, s->index)->id); break;
        case PLAY_STEP_METER: printf("meter %s %s %d", n->id, scenario_meter(sc, s->index)->id, s->value); break;
        case PLAY_STEP_PAUSE: printf("pause %s", n->id); break;
        case PLAY_STEP_RESUME: printf("resume %s", n->id); break;
        }
        printf(" @%lld\n", (long long)s->at_ms);
    }
    PlayResult res;
    play_result(p, &res);
    char pct[16];
    printf("\nstatus %s\nending %s\noutcome %s\n", status_word(play_status(p)),
           scenario_node(sc, play_node(p))->id, outcome_word(res.outcome));
    percent_word(res.total.percent, pct, sizeof pct);
    printf("total %lld %lld %s\n", (long long)res.total.raw, (long long)res.total.max, pct);
    for (int i = 0; i < res.ncompetencies; i++) {
        percent_word(res.competency[i].percent, pct, sizeof pct);
        printf("competency %s %lld %lld %s\n", scenario_competency(sc, i)->id, (long long)res.competency[i].raw,
               (long long)res.competency[i].max, pct);
    }
    printf("passed %s\ndecisions %d\n", res.passed ? "yes" : "no", play_decision_count(p));
    for (int i = 0; i < scenario_meter_count(sc); i++)
        printf("meter %s %d\n", scenario_meter(sc, i)->id, play_meter(p, i));
    printf("flags");
    for (int i = 0; i < scenario_flag_count(sc); i++)
        if (play_flag(p, i))
            printf(" %s", scenario_flag(sc, i));
    printf("\n");
}

static Scenario *load_scenario(const char *path)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_file(path, &d);
    if (!sc)
        for (int i = 0; i < d.count; i++) {
            char buf[1024];
            diag_format(&d.items[i], buf, sizeof buf);
            fprintf(stderr, "  %s\n", buf);
        }
    diag_list_free(&d);
    return sc;
}

/* Runs one .replay file; a difference is reported and counted as a failure. */
static void run_replay_file(const char *path, bool lenient)
{
    size_t len;
    char *text = check_read_file(path, &len);
    if (!text) {
        fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
        check_failures_in_test++;
        return;
    }
    Replay *r = calloc(1, sizeof *r);
    r->file = path;
    r->seed = 1;
    r->opts.timers = true;
    r->opts.time_multiplier = 1.0;
    r->start = -1;
    r->lenient = lenient;

    /* Pass 1: the header and the steps; pass 2 (after the replay): the expectations. */
    Play *p = NULL;
    for (int pass = 1; pass <= 2; pass++) {
        char *copy = strdup(text), *next = copy;
        int line = 0;
        while (next) {
            char *l = next, *nl = strchr(l, '\n');
            if (nl)
                *nl = 0;
            next = nl ? nl + 1 : NULL;
            line++;
            char lbuf[1024];
            snprintf(lbuf, sizeof lbuf, "%s", l);
            char *w[64];
            int n = split(lbuf, w, 64);
            if (n == 0 || w[0][0] == '#')
                continue;
            if (pass == 1) {
                if (!strcmp(w[0], "scenario") && n == 2) {
                    snprintf(r->scenario_path, sizeof r->scenario_path, "%s", w[1]);
                    r->sc = load_scenario(w[1]);
                    if (!r->sc) {
                        fail_line(r, line, "cannot load scenario %s", w[1]);
                        break;
                    }
                } else if (!strcmp(w[0], "sha256") && n == 2) {
                    snprintf(r->sha256, sizeof r->sha256, "%s", w[1]);
                } else if (!strcmp(w[0], "seed") && n == 2) {
                    r->seed = strtoull(w[1], NULL, 10);
                } else if (!strcmp(w[0], "timers") && n == 2) {
                    r->opts.timers = !strcmp(w[1], "on");
                } else if (!strcmp(w[0], "multiplier") && n == 2) {
                    r->opts.time_multiplier = strtod(w[1], NULL);
                } else if (!strcmp(w[0], "from") && n == 2) {
                    if (!r->sc) {
                        fail_line(r, line, "\"from\" before \"scenario\"");
                        break;
                    }
                    r->start = scenario_find_node(r->sc, w[1]);
                    if (r->start < 0)
                        fail_line(r, line, "unknown node \"%s\"", w[1]);
                } else if (r->sc && parse_step(r, line, w, n)) {
                    if ((r->lenient && !r->play) || r->failures)
                        break;
                } else if (!r->sc) {
                    fail_line(r, line, "\"scenario\" must come first (and load)");
                    break;
                }
            } else {
                static const char *header[] = {"scenario", "sha256", "seed", "timers", "multiplier", "from", "choose",
                                               "timeout", "continue", "event", "meter", "pause", "resume"};
                bool known = false;
                for (size_t i = 0; i < sizeof header / sizeof *header && !known; i++)
                    known = !strcmp(w[0], header[i]) && (strcmp(w[0], "meter") || n != 3);
                if (!known && !check_expect(r, line, w, n, p))
                    fail_line(r, line, "unknown line \"%s\" (see tests/replays/README.md)", w[0]);
            }
        }
        free(copy);
        if (pass == 1) {
            if (r->failures || !r->sc)
                break;
            if (lenient) {
                if (!r->play)
                    r->play = play_replay(r->sc, r->seed, r->opts, r->start, NULL, 0, NULL, 0);
                while (play_status(r->play) == PLAY_WAITING) {
                    int64_t at = r->nsteps ? r->steps[r->nsteps - 1].at_ms : 0;
                    play_continue(r->play, at);
                }
                print_replay(r, r->play);
                break;
            }
            char err[512];
            p = play_replay(r->sc, r->seed, r->opts, r->start, r->steps, r->nsteps, err, sizeof err);
            if (!p) {
                int k = 0; /* the message names the step: point at its line */
                sscanf(err, "step %d", &k);
                fail_line(r, k >= 1 && k <= r->nsteps ? r->step_line[k - 1] : 0,
                          "the replay is no longer possible: %s", err);
                break;
            }
        }
    }
    if (!lenient && p && !r->failures && r->nexpect < 3)
        fail_line(r, 0, "a pinned replay must expect at least status, total and one more line");
    if (r->failures && r->sc && r->sha256[0] && strcmp(r->sha256, scenario_sha256(r->sc)))
        fprintf(stderr, "%s: note: %s changed since this replay was pinned; if the change is meant, check "
                "the new numbers by hand and re-pin (tests/replays/README.md)\n", path, r->scenario_path);
    play_free(p);
    play_free(r->play);
    scenario_free(r->sc);
    free(r);
    free(text);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files in dir ending in `suffix`, sorted; returns how many (caller frees). */
static int list_files(const char *dir, const char *suffix, char ***out)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    int n = 0;
    if (!d) {
        *out = NULL;
        return 0;
    }
    struct dirent *e;
    size_t sl = strlen(suffix);
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > sl && !strcmp(e->d_name + l - sl, suffix)) {
            names = realloc(names, sizeof *names * (size_t)(n + 1));
            size_t need = strlen(dir) + l + 2;
            names[n] = malloc(need);
            snprintf(names[n], need, "%s/%s", dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    if (n)
        qsort(names, (size_t)n, sizeof *names, cmp_str);
    *out = names;
    return n;
}

static void pinned_replays_should_reproduce(void)
{
    char **files;
    int n = list_files("tests/replays", ".replay", &files);
    CHECK(n >= 3);
    for (int i = 0; i < n; i++) {
        int before = check_failures_in_test;
        run_replay_file(files[i], false);
        if (check_failures_in_test == before)
            printf("     %s\n", files[i]);
        free(files[i]);
    }
    free(files);
}

/* tests/replays/best/ID.choices: the scenario authors' best path (as `run --choices`: ids, or
 * 1-based positions among the offered choices, or `timeout`) must end with 100% and a pass. */
static void best_paths_should_score_full_marks(void)
{
    char **files;
    int n = list_files("tests/replays/best", ".choices", &files);
    for (int i = 0; i < n; i++) {
        const char *base = strrchr(files[i], '/') + 1;
        char scpath[512];
        snprintf(scpath, sizeof scpath, "scenarios/%.*s.json", (int)(strlen(base) - strlen(".choices")), base);
        char *list = check_read_file(files[i], NULL);
        Scenario *sc = load_scenario(scpath);
        CHECK_MSG(sc && list, "%s", scpath);
        if (!sc || !list) {
            free(list);
            scenario_free(sc);
            free(files[i]);
            continue;
        }
        Play *p = play_new(sc, 1, (PlayOptions){.timers = true, .time_multiplier = 1.0});
        char *save = NULL;
        int64_t now = 0;
        bool ok = true;
        for (char *item = strtok_r(list, ",\r\n ", &save); item && ok; item = strtok_r(NULL, ",\r\n ", &save)) {
            while (play_status(p) == PLAY_WAITING)
                play_continue(p, now);
            now += 1000;
            if (play_status(p) != PLAY_CHOOSING) {
                fprintf(stderr, "%s: \"%s\" after play stopped at \"%s\"\n", files[i], item,
                        scenario_node(sc, play_node(p))->id);
                ok = false;
                break;
            }
            const ScNode *nd = scenario_node(sc, play_node(p));
            int c = find_choice(nd, item);
            if (c >= 0 && !play_is_offered(p, c))
                c = -1;
            if (c < 0) {
                int off[SC_MAX_CHOICES];
                int k = play_offered(p, off);
                char *end;
                long pos = strtol(item, &end, 10);
                if (!*end && pos >= 1 && pos <= k)
                    c = off[pos - 1];
            }
            if (c < 0 && !strcmp(item, "timeout") && nd->time_limit > 0 && nd->timeout) {
                play_timeout(p, now);
                continue;
            }
            if (c < 0) {
                fprintf(stderr, "%s: \"%s\" is not offered at node \"%s\"\n", files[i], item, nd->id);
                ok = false;
                break;
            }
            play_choose(p, c, now);
        }
        while (ok && play_status(p) == PLAY_WAITING)
            play_continue(p, now);
        PlayResult res;
        play_result(p, &res);
        CHECK_MSG(ok && play_status(p) == PLAY_ENDED && res.total.percent == 100 && res.passed,
                  "%s: ended %d at \"%s\", %lld/%lld = %d%%", files[i], play_status(p) == PLAY_ENDED,
                  scenario_node(sc, play_node(p))->id, (long long)res.total.raw, (long long)res.total.max,
                  res.total.percent);
        if (ok)
            printf("     %s: %lld/%lld\n", files[i], (long long)res.total.raw, (long long)res.total.max);
        play_free(p);
        scenario_free(sc);
        free(list);
        free(files[i]);
    }
    free(files);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--print")) {
        run_replay_file(argv[2], true);
        return check_failures_in_test ? 1 : 0;
    }
    if (argc >= 2) { /* check the files named */
        for (int i = 1; i < argc; i++) {
            int before = check_failures_in_test;
            run_replay_file(argv[i], false);
            printf("%s %s\n", check_failures_in_test == before ? "ok  " : "FAIL", argv[i]);
        }
        return check_failures_in_test ? 1 : 0;
    }
    /* paths in replay files are relative to the source tree (FILE arguments: run from there) */
    const char *src = getenv("SPARRING_SOURCE_DIR");
    if (src && *src && chdir(src) != 0) {
        fprintf(stderr, "test_replay: cannot enter %s\n", src);
        return 1;
    }
    RUN(pinned_replays_should_reproduce);
    RUN(best_paths_should_score_full_marks);
    return check_summary();
}
