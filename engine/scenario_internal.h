/* The Scenario's layout, shared by the engine's own files (loader, scoring, play).
 * Outside engine/, a Scenario is opaque: use scenario.h. */
#ifndef SPARRING_SCENARIO_INTERNAL_H
#define SPARRING_SCENARIO_INTERNAL_H

#include "scenario.h"
#include "expr.h"

struct Scenario {
    char *path;
    char sha256[65];
    char *id, *version;
    char *group; /* as written, or NULL: then the group is the id */
    ScText title, summary;
    ScText counterpart; /* who the customer-speaker is, e.g. the rep in a manager's talk */
    bool say_aloud;     /* "say_aloud": answers are said aloud before they are chosen */
    ScLevel level;
    int ntags;
    char **tags;
    int nlocales;
    char **locales;
    int ncompetencies;
    ScCompetency *competencies;
    int nmeters;
    ScMeter *meters;
    int nflags;
    char **flags;
    int nevents;
    ScEvent *events;
    int pass_percent;
    double time_limit;
    ScChoice *timeout; /* the scenario's default timeout outcome, or NULL */
    int start;
    int nnodes;
    ScNode *nodes;
    ScMax max;
    /* Every Expr compiled for this scenario (owned here; choices point into it). */
    int nexprs;
    Expr **exprs;
};

/* score.c: the exact maximum over all complete playthroughs, per competency and overall.
 * Fills sc->max. Appends an error to diags (at `file`) when the scenario's score is
 * unbounded or its maximum is 0 or less, and warnings for choices whose `requires` can never
 * hold (with their JSON pointers, which the loader then maps to a line). Returns 0 when the
 * scenario's scoring is valid. */
int score_compute_max(Scenario *sc, DiagList *diags, const char *file);

/* The whole-graph search's bound on play states; past it, a branch and bound search looks for
 * the maximum under the node graph's bound, following at most SCORE_BNB_BUDGET edges; when that
 * runs out too, the maximum is that upper bound (documented in docs/authoring.md). */
#define SCORE_MAX_STATES 250000L
#define SCORE_BNB_BUDGET 3000000L

/* Tests only: lower the bounds (0 restores the default). */
void score_set_state_limit(long states);
void score_set_search_budget(long edges);

#endif
