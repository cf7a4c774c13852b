/* score_loop: words for a loop that gains points (an invalid scenario), naming its answers.
 * Internal to the engine. */
#ifndef SPARRING_SCORE_LOOP_H
#define SPARRING_SCORE_LOOP_H

#include <stddef.h>

#include "scenario.h"

/* Writes into buf the shortest way round from node `node` back to itself, as the answers taken:
 * `"ask_again" (at "objection", empathy +2), then "back" (at "pitch")`; competency `comp` (-1:
 * the total) gives the points shown. Conditions are not evaluated (the loop the search found
 * passes through `node`; this is the shortest one in the node graph, the likely culprit).
 * buf is "" when no way round exists in the node graph. Returns the competency shown: `comp`, or
 * with comp -1 the one that gains most on that loop (-1 when none does). */
int score_describe_loop(const Scenario *sc, int node, int comp, char *buf, size_t size);

#endif
