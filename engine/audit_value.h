/* audit_value: the best total still reachable from a play state, and through each answer on
 * offer: what the audit means by "the best answer" (the one that starts the best continuation,
 * not the one with the most points at that decision). Built on the scoring's exact state search. */
#ifndef SPARRING_AUDIT_VALUE_H
#define SPARRING_AUDIT_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "play.h"

#define AUDIT_VALUE_NONE INT64_MIN /* no ending can be reached */

typedef struct AuditValue AuditValue;

/* Runs the exact state search of sc. NULL when it passes its bound (*too_big set) or when out of
 * memory (*too_big false). The scenario must outlive the result; free with audit_value_free. */
AuditValue *audit_value_new(const Scenario *sc, bool *too_big);
void audit_value_free(AuditValue *v);

/* The best total still reachable from p's current state (points already earned not counted). */
int64_t audit_value_now(const AuditValue *v, const Play *p);

/* At a choice node: the points of choice `choice` (-1: the node's timeout outcome) plus the best
 * total still reachable after it, over its best random branch; AUDIT_VALUE_NONE when none ends. */
int64_t audit_value_choice(const AuditValue *v, const Play *p, int choice);

/* The best answer on offer at p's decision: the offered choice (or -1, the timeout, when it
 * alone is best) with the highest audit_value_choice; among equals the one fewest steps from an
 * ending (in the node graph), then the first in file order. -2 when p is not choosing. */
int audit_value_best(const AuditValue *v, const Play *p);

/* The best answers at a state depend only on the state as the search keys it: the node, and the
 * meters and flags that conditions read (which are all that decide what is offered and what is
 * still reachable). So each search keeps a memo per state: audit_value_best fills
 * AUDIT_MEMO_BEST, play_best.c AUDIT_MEMO_FIRST (its first-in-file-order definition). A memo's
 * slot for p's state, AUDIT_MEMO_EMPTY until set; NULL when the search never reached that state
 * (after a mentor's meter change or event): compute, do not keep. Like every lookup here, not
 * re-entrant: one thread per AuditValue. */
enum { AUDIT_MEMO_BEST, AUDIT_MEMO_FIRST, AUDIT_MEMOS };
#define AUDIT_MEMO_EMPTY INT32_MIN
int *audit_value_memo(const AuditValue *v, const Play *p, int which);
/* The same slot for the state p was in just before its step `step`, found without replaying
 * there: from the step's node and the meters after the step before it (before the first step:
 * the start's meters and the node's effects). NULL when that cannot tell the state (past the
 * first step of a scenario whose conditions read flags, which steps do not keep) or the search
 * never reached it: then rewind a copy to the step and use audit_value_memo. */
int *audit_value_memo_before(const AuditValue *v, const Play *p, int step, int which);

#endif
