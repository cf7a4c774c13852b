/* stats: what a trainer wants to know about a scenario before trainees play it (`sparring
 * stats`). An exhaustive search over the scenario's states gives the exact minimum, whether the
 * pass mark can be reached, the endings and the number of distinct playthroughs; random play
 * (through the play engine) gives the percent distribution, the pass rate of guessing, and
 * coverage. Prints nothing, reads no clock.
 *
 * A state is a node plus the values of the meters and flags that some `requires` reads (the
 * others cannot change what is offered, so they are left out). Decisions are the offered
 * choices and, at a node with a timer and an outcome, the timeout; a random `next` counts each
 * of its branches; mentor events are not part of a playthrough. */
#ifndef SPARRING_STATS_H
#define SPARRING_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario.h"

/* The search stops past this many states; the figures that need all of them are then unknown. */
#define STATS_MAX_STATES 500000L
/* ... or past this many decisions between states (each branch of a random `next` is one). */
#define STATS_MAX_EDGES 16000000L
/* Distinct playthroughs are counted up to this number; past it (or with a loop that can be
 * repeated) the count is reported as "more than STATS_PLAYTHROUGHS_CAP". */
#define STATS_PLAYTHROUGHS_CAP 1000000000ULL
/* A random run that takes more steps than this without ending is counted as unfinished. */
#define STATS_MAX_STEPS 10000
/* The percent histogram: 0-9, 10-19, ..., 80-89, 90-100. */
#define STATS_BUCKETS 10

typedef struct {
    bool complete; /* the search saw every state; false: past STATS_MAX_STATES or _EDGES */
    long states;   /* states explored */

    /* The maximum, as the engine computed it at load (scenario_max). */
    int64_t max_total;
    bool max_exact;
    int ncompetencies;
    int64_t max_competency[SC_MAX_COMPETENCIES];

    /* The lowest total of a complete playthrough (ending reached). */
    bool has_min;       /* false: the search is incomplete, or no ending can be reached */
    bool min_unbounded; /* a loop that loses points can be repeated: there is no lowest total */
    int64_t min_total;
    int min_percent;    /* score_percent(min_total, max_total); 0 when unbounded */

    /* The pass mark: percent >= pass_percent at an ending whose outcome is not "fail". */
    int pass_percent;
    bool pass_known;       /* false when the search is incomplete */
    bool pass_reachable;
    bool has_best_pass;    /* some ending that is not "fail" can be reached */
    bool max_search_gave_up; /* a loop too large to search: best_pass_raw may be low */
    int64_t search_max;      /* the highest total at any ending, by this search (a cross-check
                              * of max_total, which the loader computes its own way) */
    int64_t best_pass_raw; /* the highest total at such an ending */

    /* Endings: nodes with `end`, by outcome; reachable: those some playthrough reaches. */
    int endings, endings_pass, endings_fail, endings_neutral, endings_reachable;
    /* Nodes where play can stop with nothing offered (a dead end, no ending). */
    int dead_end_nodes;

    /* Distinct playthroughs from start to an ending (sequences of decisions and branches). */
    uint64_t playthroughs;  /* exact when !playthroughs_more */
    bool playthroughs_more; /* more than STATS_PLAYTHROUGHS_CAP, or a loop makes them endless */
    bool has_loop;          /* a loop can be repeated on the way to an ending */

    /* What the search found reachable (owned; free with stats_analysis_free): per node, and per
     * choice at choice_first[node] + choice index (offered at least once). */
    int nnodes;
    bool *node_reachable;
    int *choice_first;
    bool *choice_reachable;
} StatsAnalysis;

/* Analyses `sc` into *out (zeroed first). Returns 0, or -1 when out of memory (then *out holds
 * nothing to free). Free with stats_analysis_free. */
int stats_analyse(const Scenario *sc, StatsAnalysis *out);
void stats_analysis_free(StatsAnalysis *a);

/* Called now and then during random play (done runs of total); may be NULL. */
typedef void (*StatsProgress)(void *ctx, long done, long total);

typedef struct {
    long runs;
    uint64_t seed;
    long ended;      /* runs that reached an ending */
    long passed;     /* runs that passed (percent >= pass mark, ending not "fail") */
    long dead_ends;  /* runs that stopped with nothing offered */
    long unfinished; /* runs past STATS_MAX_STEPS (a loop) */
    double pass_rate;     /* passed / runs, 0..1 */
    double mean_percent;  /* over ended runs; 0 when none */
    int min_percent, max_percent; /* over ended runs; -1 when none */
    long histogram[STATS_BUCKETS]; /* ended runs by percent: [0] 0-9 ... [9] 90-100 */

    /* Coverage (owned; free with stats_random_free): per node, and per choice at
     * choice_first[node] + choice index, whether some run got there / took it. */
    int nnodes;
    bool *node_reached;
    int *choice_first;
    bool *choice_taken;
} StatsRandom;

/* Plays `runs` random playthroughs: at each decision a uniformly random offered choice (never
 * the timeout: a guesser answers in time), random branches drawn by the play engine. Run i
 * plays with a seed drawn from `seed` (SplitMix64), so the same seed gives the same figures.
 * Returns 0, or -1 when out of memory. Free with stats_random_free. */
int stats_random_play(const Scenario *sc, long runs, uint64_t seed, StatsProgress progress,
                      void *ctx, StatsRandom *out);
void stats_random_free(StatsRandom *r);

/* The histogram bucket of a percent (0..100). */
int stats_bucket(int percent);

/* ---- design checks (stats_design.c) ---- */

#define STATS_DESIGN_PATHS 8         /* passing playthroughs listed */
#define STATS_DESIGN_TRAPS 16        /* decisions listed where the most points mislead */
#define STATS_DESIGN_MAX_DECISIONS 200000L /* answers tried while enumerating playthroughs */
#define STATS_DESIGN_MAX_DEPTH 64    /* decisions in one playthrough before it counts as a loop */

/* A playthrough: its answers as `run --choices` takes them (ids joined by ','), where it ended
 * and how it scored. */
typedef struct {
    char choices[600];
    int ending;       /* node index */
    int64_t raw;
    int percent;
} StatsPath;

/* A decision where the answer with the most points is not the one that starts the best call. */
typedef struct {
    int node;
    int most_points, best;           /* choice indexes */
    int64_t most_value, best_value;  /* the best total reachable through each */
} StatsTrap;

typedef struct {
    bool complete;      /* every playthrough was enumerated (no bound passed, no loop cut) */
    long playthroughs;  /* complete playthroughs enumerated */
    long passing;       /* those that pass */
    int npaths;
    StatsPath paths[STATS_DESIGN_PATHS]; /* every passing one when there are this few; else the
                                          * lowest-scoring ones (the cheapest ways to pass), lowest first */
    bool best_known;    /* the exact search gave the best call */
    StatsPath best;     /* the best call: the best answer (best continuation) at every decision */
    int64_t best_competency[SC_MAX_COMPETENCIES]; /* its points per competency */
    int ntraps;
    StatsTrap traps[STATS_DESIGN_TRAPS];
} StatsDesign;

/* Enumerates the playthroughs (answers only, never a timeout; random branches as `seed` draws
 * them), follows the best call, and compares the answer with the most points at each decision
 * met with the one that starts the best continuation (play_step_best's definition). Returns 0,
 * or -1 when out of memory. Nothing to free. */
int stats_design(const Scenario *sc, uint64_t seed, StatsDesign *out);

#endif
