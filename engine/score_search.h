/* The state search behind the scenario's maximum (score.c), shared with the files that need the
 * best total still reachable from a play state: the validator's check of random branches
 * (score_branches.c) and the audit (score_values.c). Engine-internal. */
#ifndef SPARRING_SCORE_SEARCH_H
#define SPARRING_SCORE_SEARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "scenario_internal.h"

#define SCORE_NONE INT64_MIN /* a value: no ending can be reached */

typedef struct {
    uint32_t target;
    const ScChoice *choice; /* the points of the edge; NULL: none */
} Edge;

typedef struct {
    const Scenario *sc;
    bool exact_mode;   /* false: nodes only, every choice offered (the upper bound) */
    int ncomp;         /* competencies + 1 (slot 0 is the total) */
    /* Which meters and flags the state carries. */
    int nrel_meters, nrel_flags;
    int *meter_slot;   /* meter index -> slot, or -1 */
    int *flag_slot;    /* flag index -> bit, or -1 */
    size_t key_size;   /* 4 (node) + 4 * nrel_meters + flag bytes, rounded to 4 */
    long max_states, max_by_memory;
    /* The states. */
    uint32_t nstates, cap;
    unsigned char *keys;
    uint32_t *index, *low, *comp;
    uint32_t *edge_start, *edge_count;
    uint32_t *hash; /* each state's key hash */
    int64_t *value; /* ncomp per state */
    /* Hash table of state indexes (+1; 0 is empty). */
    uint32_t *table;
    size_t table_mask;
    /* Edges, appended as states are expanded. */
    Edge *edges;
    size_t nedges, edges_cap;
    /* Scratch for evaluating conditions. */
    int32_t *meters;
    uint8_t *flags;
    /* Which choices were ever offered, per node (exact mode only). */
    uint32_t *offered;
    uint8_t *reached;
    bool too_big, oom;
} Search;

/* A state's key: the node, then the meters conditions read, then the flags they read (bits). */
static inline int32_t key_node(const unsigned char *key)
{
    int32_t n;
    memcpy(&n, key, sizeof n);
    return n;
}

static inline int32_t *key_meters(unsigned char *key) { return (int32_t *)(void *)(key + 4); }

static inline uint8_t *key_flags(const Search *s, unsigned char *key)
{
    return key + 4 + 4 * (size_t)s->nrel_meters;
}

/* The exact search over every play state reachable from start, with each state's best totals
 * still reachable (value, slot 0 the total). Returns 0; 1 when a loop gains points; -1 when
 * past the state bound (s->too_big) or out of memory. Free with score_search_free either way. */
int score_search_exact(Search *s, const Scenario *sc);
void score_search_free(Search *s);
/* Applies effects to a key, as play does (meters clamped, then set, then clear). */
void score_search_effects(const Search *s, unsigned char *key, const ScEffects *fx);
/* The index of the state with this key; UINT32_MAX when the search never reached it. */
uint32_t score_search_find(const Search *s, const unsigned char *key);

/* score_branches.c: a warning for each random `next` whose branches differ in the best total
 * still reachable (luck that changes what a trainee can score). s: a finished exact search. */
void score_warn_uneven_branches(const Search *s, DiagList *diags, const char *file);
/* A warning for each choice whose `requires` never holds at a node the search reached (it is
 * never offered). s: a finished exact search. */
void score_warn_never_offered(const Search *s, DiagList *diags, const char *file);

#endif
