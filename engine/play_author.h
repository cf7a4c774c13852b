/* play_author: what an author's play-test (`sparring play --author`) shows beside the call and a
 * trainee never sees: the answers a condition hides at this moment, with the condition and the
 * values that hide them, and whether the call was started part way (so its score is partial). */
#ifndef SPARRING_PLAY_AUTHOR_H
#define SPARRING_PLAY_AUTHOR_H

#include <stdbool.h>

#include "play.h"

typedef struct {
    int choice;            /* index into the node's choices */
    const char *condition; /* its "requires", as written (owned by the scenario) */
    char values[256];      /* the values the condition reads now: "patience = 30, asked_budget = no" */
} PlayHidden;

/* The answers of the current node that a condition hides now (0 unless the call is at a choice
 * node, choosing or at a dead end), in file order. `out` has room for SC_MAX_CHOICES. */
int play_hidden(const Play *p, PlayHidden *out);

/* Whether the call started somewhere else than the scenario's start (`--from`): its percent is
 * of the whole scenario's maximum, so only part of the call was scored. */
bool play_is_partial(const Play *p);

/* The timers a trainee meets from node `from`: *first, the seconds of the first decision reached
 * through "next" nodes (the first branch of a random one); *lo and *hi, the shortest and the
 * longest timer of any decision node. All 0 when no decision node has a timer. */
void play_timer_range(const Scenario *sc, int from, double *first, double *lo, double *hi);

#endif
