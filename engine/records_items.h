/* records_items: classical item analysis of a scenario's decision nodes over recorded attempts
 * (`sparring records items`). Each attempt is replayed from its seed and steps on the scenario
 * file, so what was on offer, the best answer on offer and the points come from the file as it
 * is now; an attempt whose log no longer fits the file is skipped and counted. The best answer
 * on offer is the one that starts the best continuation (the highest total still reachable,
 * audit_value.h), the audit's definition; where the scenario's state search passes its bound,
 * the offered answer with the most points there (play_step_best).
 *
 * Per decision node: reached (decisions taken there; an attempt that passes a node twice counts
 * twice), the count per answer and of timeouts, p (the share that took the best answer on
 * offer), discrimination (the corrected item-rest correlation: Pearson's r between "took the
 * best answer" 0/1 and the attempt's raw total minus the points earned at that decision; absent
 * when either side does not vary), the mean seconds taken, and flags. */
#ifndef SPARRING_RECORDS_ITEMS_H
#define SPARRING_RECORDS_ITEMS_H

#include <stdbool.h>

#include "records.h"
#include "scenario.h"

/* Flags (ItemsNode.flags, a bit set) and their names in reports. */
enum {
    ITEMS_FLAG_UNUSED = 1,   /* an answer nobody took (ItemsNode.unused lists them) */
    ITEMS_FLAG_EASY = 2,     /* p above ITEMS_EASY_P */
    ITEMS_FLAG_NEGATIVE = 4, /* negative discrimination */
};
#define ITEMS_EASY_P 0.95

typedef struct {
    int node;            /* node index in the scenario */
    int reached;
    int best;            /* the answer most often best on offer: a choice index, nanswers for the
                          * timeout (when letting the time run out was best); -1 when never reached */
    bool has_p, has_discrimination, has_seconds;
    double p, discrimination, mean_seconds;
    int nanswers;        /* the node's choices, in file order */
    int *counts;         /* per choice */
    bool has_timeout;    /* the node has a timer: timeouts is an answer too */
    int timeouts;
    unsigned flags;
} ItemsNode;

typedef struct ItemsAnalysis ItemsAnalysis;

/* Starts an analysis of the scenario's choice nodes (the scenario must outlive it). NULL when out
 * of memory. Free with items_free. */
ItemsAnalysis *items_new(const Scenario *sc);
void items_free(ItemsAnalysis *it);

/* Adds one attempt. Only completed attempts of this scenario count (others: returns 1, not
 * added; sandbox never counts); one whose steps do not replay on the file returns 1 too (and
 * is counted in items_skipped). 0 when added, -1 when out of memory. */
int items_add(ItemsAnalysis *it, const RecordsAttempt *a);
/* items_add for an attempt the caller has already replayed on this scenario (p: play_replay of
 * its seed, options, start node and steps, only read; NULL when that failed): no second replay.
 * The same returns as items_add. */
int items_add_replayed(ItemsAnalysis *it, const RecordsAttempt *a, const Play *p);
int items_attempts(const ItemsAnalysis *it); /* attempts added */
int items_skipped(const ItemsAnalysis *it);  /* attempts that did not replay on the file */
/* The scenario's state search the analysis made once (NULL past its bound), with its memo of
 * best answers per state: for a caller that wants the best answers of the same attempts
 * (play_best_answers_with) without a second search. Valid until items_free. */
struct AuditValue;
const struct AuditValue *items_value(const ItemsAnalysis *it);

/* The figures per choice node, in node order (valid until the next items_add or items_free);
 * *n gets how many. */
const ItemsNode *items_nodes(ItemsAnalysis *it, int *n);

/* The names of the flags of a node, for reports: "unused:ID" per answer nobody took, then
 * "p_above_0.95", "negative_discrimination". Writes up to max names into names (valid until the
 * next call on this thread); returns how many. */
int items_flag_names(const ItemsAnalysis *it, const ItemsNode *n, const char **names, int max);

#endif
