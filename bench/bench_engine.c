/* bench_engine: the engine's speed on generated scenarios of 100, 1,000 and 10,000 nodes.
 *
 * For each size it prints the JSON file's size, the time to load + validate + compute the
 * maximum (scenario_load_buffer, median of several runs; CPU time), and random playthroughs and
 * decisions per second on one core (a uniform choice among those offered, `next` nodes
 * continued, timers off). Targets: >= 10 million decisions/s at 1,000 nodes; the 10,000-node
 * file loaded, validated and scored in < 100 ms. Prints numbers; asserts nothing.
 *
 *     bench_engine [SECONDS_PER_SIZE [LARGEST_SIZE]]     (default 1 s, 10000 nodes)
 *     bench_engine --write DIR                          writes the generated files */
#include "play.h"
#include "scenario.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- a growing string ---- */

typedef struct {
    char *s;
    size_t len, cap;
} Buf;

static void put(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(Buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 1 << 16;
        while (n >= 0 && cap - b->len <= (size_t)n)
            cap *= 2;
        b->s = realloc(b->s, cap);
        if (!b->s) {
            fprintf(stderr, "bench_engine: out of memory\n");
            exit(1);
        }
        b->cap = cap;
    }
}

/* ---- the generator's own PRNG (xorshift64*), independent of the engine's ---- */

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static int rnd_in(int lo, int hi) /* inclusive */
{
    return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

#define NFLAGS 8
#define NCOMP 4
static const char *comps[NCOMP] = {"empathy", "discovery", "objection", "closing"};

static const char *conditions[] = {
    "patience >= 30",
    "trust > 20 and not f3",
    "(patience + trust) >= 60 or f1",
    "mood > -3",
    "f0 and patience > 10",
    "not f5 or trust >= 50",
    "patience - trust < 40",
    "f2 or f4 or mood >= 2",
    "f6 or not f7",
};

/* The same shapes reading flags only: the maximum's search then carries no meter values. */
static const char *flag_conditions[] = {
    "f0", "f1 and not f3", "f2 or f1", "not f4", "f0 and f5", "not f5 or f6", "f7", "f2 or f4 or f6",
};

/* A forward node: playthroughs move towards the endings, so no loop gains points. */
static int forward(int i, int n)
{
    int j = i + rnd_in(1, 24);
    return j < n ? j : n - 1;
}

static void put_goto(Buf *b, int i, int n)
{
    if (rnd() % 100 < 15) {
        int k = rnd_in(2, 3);
        put(b, "[");
        for (int x = 0; x < k; x++)
            put(b, "%s{\"node\": \"n%d\", \"weight\": %d}", x ? ", " : "", forward(i, n), rnd_in(1, 5));
        put(b, "]");
    } else {
        put(b, "\"n%d\"", forward(i, n));
    }
}

/* A realistic scenario of n nodes: two locales, 4 competencies, 3 meters, 8 flags,
 * 2-3 choices a node, conditions on a third of them, random branches, a timer, two events. */
/* What `requires` reads: nothing (the loader's own cost), flags, or meters too. */
typedef enum { CONDS_NONE, CONDS_FLAGS, CONDS_METERS } Conds;

static void generate(Buf *b, int n, Conds conds)
{
    rng_state = 0x9e3779b97f4a7c15ull ^ (uint64_t)n;
    b->len = 0;
    put(b, "{\n  \"format\": 1,\n  \"id\": \"bench-%d\",\n  \"version\": \"1.0.0\",\n", n);
    put(b, "  \"title\": {\"en\": \"Generated call of %d beats\", \"zh\": \"生成的通话(%d 个节点)\"},\n", n, n);
    put(b, "  \"level\": \"experienced\",\n  \"locales\": [\"en\", \"zh\"],\n  \"competencies\": {\n");
    for (int c = 0; c < NCOMP; c++)
        put(b, "    \"%s\": {\"name\": {\"en\": \"Competency %d\", \"zh\": \"能力 %d\"}}%s\n", comps[c], c, c,
            c + 1 < NCOMP ? "," : "");
    put(b, "  },\n  \"meters\": {\n"
           "    \"patience\": {\"name\": {\"en\": \"Patience\", \"zh\": \"耐心\"}, \"min\": 0, \"max\": 100, \"start\": 50},\n"
           "    \"trust\": {\"name\": {\"en\": \"Trust\", \"zh\": \"信任\"}, \"min\": 0, \"max\": 100, \"start\": 20},\n"
           "    \"mood\": {\"name\": {\"en\": \"Mood\", \"zh\": \"情绪\"}, \"min\": -5, \"max\": 5, \"start\": 0, \"show\": false}\n"
           "  },\n");
    put(b, "  \"pass_percent\": 70,\n  \"time_limit\": 20,\n"
           "  \"timeout\": {\"next\": \"n%d\", \"score\": {\"empathy\": -1}, \"feedback\": {\"en\": \"Too slow.\", \"zh\": \"太慢了。\"}},\n",
        n - 1);
    put(b, "  \"events\": {\n"
           "    \"budget_cut\": {\"label\": {\"en\": \"Budget cut\", \"zh\": \"预算削减\"}, \"next\": \"n%d\"},\n"
           "    \"boss_joins\": {\"label\": {\"en\": \"The boss joins\", \"zh\": \"老板加入\"}, \"next\": \"n%d\"}\n  },\n",
        n / 2, n / 3);
    put(b, "  \"start\": \"n0\",\n  \"nodes\": {\n");
    int nend = n / 20 > 3 ? n / 20 : 3;
    int flag_setters = 0;
    for (int i = 0; i < n; i++) {
        put(b, "\"n%d\": {", i);
        put(b, "\"text\": {\"en\": \"Beat %d: price push-back.\", \"zh\": \"第 %d 步:价格异议。\"},\n", i, i);
        if (i >= n - nend) {
            static const char *outcomes[3] = {"pass", "fail", "neutral"};
            put(b, "\"end\": {\"outcome\": \"%s\", \"text\": {\"en\": \"The call ends.\", \"zh\": \"通话结束。\"}}\n",
                outcomes[i % 3]);
        } else if (i > 0 && rnd() % 100 < 10) {
            put(b, "\"effects\": {\"mood\": %d}, \"next\": ", rnd_in(-1, 1));
            put_goto(b, i, n);
            put(b, "\n");
        } else {
            put(b, "\"choices\": [\n");
            int k = rnd_in(2, 3);
            for (int c = 0; c < k; c++) {
                put(b, "{\"text\": {\"en\": \"Acknowledge, then ask (%d).\", \"zh\": \"先认可,再提问(%d)。\"}", c, c);
                if (c > 0 && rnd() % 3 == 0 && conds != CONDS_NONE)
                    put(b, ", \"requires\": \"%s\"",
                        conds == CONDS_FLAGS ? flag_conditions[rnd() % (sizeof flag_conditions / sizeof *flag_conditions)]
                                   : conditions[rnd() % (sizeof conditions / sizeof *conditions)]);
                int c1 = (int)(rnd() % NCOMP);
                put(b, ", \"score\": {\"%s\": %d", comps[c1], rnd_in(-2, 5));
                if (rnd() % 2)
                    put(b, ", \"%s\": %d", comps[(c1 + rnd_in(1, NCOMP - 1)) % NCOMP], rnd_in(-1, 3));
                put(b, "}, \"effects\": {\"patience\": %d, \"trust\": %d", rnd_in(-10, 10), rnd_in(-5, 8));
                if (c == 0 && (flag_setters < NFLAGS || rnd() % 8 == 0))
                    put(b, ", \"set\": [\"f%d\"]", flag_setters++ % NFLAGS);
                else if (c == 1 && rnd() % 8 == 0)
                    put(b, ", \"clear\": [\"f%d\"]", rnd_in(0, NFLAGS - 1));
                put(b, "}");
                if (rnd() % 3 == 0)
                    put(b, ", \"feedback\": {\"en\": \"Name the concern first.\", \"zh\": \"先点明顾虑。\"}");
                put(b, ", \"next\": ");
                if (c == 0)
                    put(b, "\"n%d\"", i + 1); /* every node reachable */
                else
                    put_goto(b, i, n);
                put(b, "}%s\n", c + 1 < k ? "," : "");
            }
            put(b, "]\n");
        }
        put(b, "}%s\n", i + 1 < n ? "," : "");
    }
    put(b, "  }\n}\n");
}

/* Times are this thread's CPU time: the machine is shared (other builds and tests run beside
 * the benchmark), and what matters is what one core does; wall time is printed beside it so
 * a loaded machine shows. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Loads the buffer RUNS times (3 when a load takes over a second); prints the line; returns
 * the scenario of the first run. */
static Scenario *bench_load(const Buf *b, int n, const char *what)
{
    enum { RUNS = 5 };
    char name[64];
    snprintf(name, sizeof name, "bench-%d.json", n);
    double t[RUNS];
    Scenario *sc = NULL;
    int warnings = 0;
    int runs = RUNS;
    for (int r = 0; r < runs; r++) {
        DiagList d = {0};
        double t0 = now_ms();
        Scenario *s = scenario_load_buffer(b->s, b->len, name, NULL, &d);
        t[r] = now_ms() - t0;
        if (r == 0 && t[0] > 1000)
            runs = 3;
        if (!s) {
            printf("%6d nodes: the generated file does not load:\n", n);
            for (int i = 0, shown = 0; i < d.count && shown < 10; i++) {
                if (d.items[i].severity != DIAG_ERROR)
                    continue;
                shown++;
                char line[1024];
                diag_format(&d.items[i], line, sizeof line);
                printf("    %s\n", line);
            }
            diag_list_free(&d);
            scenario_free(sc);
            return NULL;
        }
        warnings = d.warnings;
        diag_list_free(&d);
        if (sc)
            scenario_free(s);
        else
            sc = s;
    }
    qsort(t, (size_t)runs, sizeof *t, cmp_double);
    const ScMax *mx = scenario_max(sc);
    printf("%6d nodes  %6.2f MB  %-22s load+validate+max %8.2f ms (median of %d, %.2f..%.2f)  "
           "max %lld%s, %ld states, %d warnings\n",
           n, (double)b->len / 1e6, what, t[runs / 2], runs, t[0], t[runs - 1], (long long)mx->total,
           mx->exact ? "" : " (upper bound)", mx->states, warnings);
    fflush(stdout);
    return sc;
}

static void bench_size(int n, double seconds)
{
    Buf b = {0};
    generate(&b, n, CONDS_NONE);
    Scenario *sc = bench_load(&b, n, "(no conditions)");
    scenario_free(sc);
    generate(&b, n, CONDS_FLAGS);
    sc = bench_load(&b, n, "(conditions on flags)");
    scenario_free(sc);
    generate(&b, n, CONDS_METERS);
    sc = bench_load(&b, n, "(conditions on meters)");
    if (!sc) {
        free(b.s);
        return;
    }

    /* random playthroughs, in chunks of ~20 ms: the median chunk rate is robust to other
     * processes taking the core for a while */
    PlayOptions opts = {.timers = false, .time_multiplier = 1.0};
    uint64_t pick = 0x853c49e6748fea9bull;
    long long runs = 0, decisions = 0, ended = 0;
    int64_t raw_sum = 0;
    enum { MAX_CHUNKS = 4096 };
    static double chunk_rate[MAX_CHUNKS];
    int nchunks = 0;
    double t0 = now_ms(), w0 = wall_ms(), elapsed = 0;
    while (elapsed < seconds * 1000 && nchunks < MAX_CHUNKS) {
        double c0 = now_ms();
        long long cdec = 0;
        int batch = 0;
        do {
            Play *p = play_new(sc, (uint64_t)runs + 1, opts);
            if (!p) {
                fprintf(stderr, "bench_engine: out of memory\n");
                exit(1);
            }
            int64_t clock = 0;
            for (;;) {
                PlayStatus st = play_status(p);
                if (st == PLAY_WAITING) {
                    play_continue(p, clock);
                } else if (st == PLAY_CHOOSING) {
                    int off[SC_MAX_CHOICES];
                    int m = play_offered(p, off);
                    pick ^= pick >> 12;
                    pick ^= pick << 25;
                    pick ^= pick >> 27;
                    play_choose(p, off[((pick * 0x2545f4914f6cdd1dull) >> 32) % (uint64_t)m], clock);
                    clock += 1000;
                } else {
                    break;
                }
            }
            cdec += play_decision_count(p);
            ended += play_status(p) == PLAY_ENDED;
            for (int c = 0; c < scenario_competency_count(sc); c++)
                raw_sum += play_raw(p, c);
            runs++;
            play_free(p);
        } while (++batch % 32 || now_ms() - c0 < 20); /* reading a CPU clock is a system call */
        chunk_rate[nchunks++] = (double)cdec / (now_ms() - c0) * 1000.0;
        decisions += cdec;
        elapsed = now_ms() - t0;
    }
    double per_s = 1000.0 / elapsed, wall = wall_ms() - w0;
    qsort(chunk_rate, (size_t)nchunks, sizeof *chunk_rate, cmp_double);
    double mean_len = (double)decisions / (double)runs;
    printf("                 random play: %9.0f playthroughs/s  %11.0f decisions/s overall, median of %d "
           "chunks %.0f/s, best %.0f/s\n"
           "                 (%.1f decisions a playthrough, %.0f%% reach an ending, mean raw %.1f; "
           "%.1f s of CPU in %.1f s)\n",
           (double)runs * per_s, (double)decisions * per_s, nchunks, chunk_rate[nchunks / 2],
           chunk_rate[nchunks - 1], mean_len, 100.0 * (double)ended / (double)runs, (double)raw_sum / (double)runs,
           elapsed / 1000, wall / 1000);
    fflush(stdout);
    scenario_free(sc);
    free(b.s);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--write")) {
        /* writes the generated files (DIR/bench-N.json), e.g. to time `sparring validate` */
        static const int ns[] = {100, 1000, 10000};
        for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
            Buf b = {0};
            generate(&b, ns[i], CONDS_METERS);
            char path[4096];
            snprintf(path, sizeof path, "%s/bench-%d.json", argv[2], ns[i]);
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(b.s, 1, b.len, f) != b.len || fclose(f) != 0) {
                fprintf(stderr, "bench_engine: cannot write %s\n", path);
                return 1;
            }
            printf("%s\n", path);
            free(b.s);
        }
        return 0;
    }
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int largest = argc > 2 ? atoi(argv[2]) : 10000;
    if (seconds <= 0)
        seconds = 1.0;
    static const int sizes[] = {100, 1000, 10000};
    printf("bench_engine: one core, %.1f s of CPU for random play a size; times are CPU time\n", seconds);
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        if (sizes[i] <= largest)
            bench_size(sizes[i], seconds);
    return 0;
}
