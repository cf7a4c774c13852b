/* play_best: the best answer on offer at a decision, as the answer that starts the best
 * continuation. The values come from the scoring's exact state search through audit_value.h
 * (the audit's own definition), so the debrief, `stats` and `audit` agree on it. */
#include <stdlib.h>

#include "audit_value.h"
#include "play.h"

/* The offered choice with the most points (the fallback when the search is too big). */
static int most_points(const ScNode *n, uint32_t offered)
{
    int best = -1;
    int64_t best_points = 0;
    for (int i = 0; i < n->nchoices; i++) {
        if (!(offered & (1u << i)))
            continue;
        int64_t pts = 0;
        for (int k = 0; k < n->choices[i].nscore; k++)
            pts += n->choices[i].score[k].points;
        if (best < 0 || pts > best_points) {
            best = i;
            best_points = pts;
        }
    }
    return best;
}

/* The offered choice that starts the best continuation at `at`'s decision, first among equals. */
static int best_first(const AuditValue *v, const Play *at, const ScNode *n, uint32_t offered)
{
    int best = -1;
    int64_t best_v = AUDIT_VALUE_NONE;
    for (int i = 0; i < n->nchoices; i++) {
        if (!(offered & (1u << i)))
            continue;
        int64_t val = audit_value_choice(v, at, i);
        if (best < 0 || val > best_v) {
            best = i;
            best_v = val;
        }
    }
    return best;
}

/* The best of the choices offered at step `step` of p, with the values of v (NULL: fallback)
 * and their memo. `at` is a scratch Play holding at least p's steps before `step`; it is
 * rewound to just before that step. */
static int best_at(const AuditValue *v, const Play *p, Play *at, int step)
{
    const PlayStep *s = play_step(p, step);
    const ScNode *n = scenario_node(play_scenario(p), s->node);
    if (!v || play_rewind(at, step) != 0 || play_status(at) != PLAY_CHOOSING || play_node(at) != s->node)
        return most_points(n, s->offered);
    int *memo = audit_value_memo(v, at, AUDIT_MEMO_FIRST); /* offered is the state's: keyed */
    if (!memo)
        return best_first(v, at, n, s->offered);
    if (*memo == AUDIT_MEMO_EMPTY)
        *memo = best_first(v, at, n, s->offered);
    return *memo;
}

static bool is_decision(const PlayStep *s)
{
    return s->kind == PLAY_STEP_CHOICE || s->kind == PLAY_STEP_TIMEOUT;
}

int play_best_answers_with(const AuditValue *v, const Play *p, int *out)
{
    int n = play_step_count(p);
    for (int i = 0; i < n; i++)
        out[i] = -1;
    Play *at = NULL; /* a copy rewound in place, latest step first (each rewind keeps the steps
                      * the earlier ones need; p stays untouched), made at the first need */
    for (int i = n - 1; i >= 0; i--) {
        if (!is_decision(play_step(p, i)))
            continue;
        int *memo = v ? audit_value_memo_before(v, p, i, AUDIT_MEMO_FIRST) : NULL;
        if (memo && *memo != AUDIT_MEMO_EMPTY) {
            out[i] = *memo;
            continue;
        }
        if (v && !at && !(at = play_clone(p)))
            return -1;
        out[i] = best_at(v, p, at, i);
    }
    play_free(at);
    return 0;
}

int play_best_answers(const Play *p, int *out)
{
    bool too_big = false;
    AuditValue *v = audit_value_new(play_scenario(p), &too_big);
    if (!v && !too_big) {
        for (int i = 0; i < play_step_count(p); i++)
            out[i] = -1;
        return -1;
    }
    int rc = play_best_answers_with(v, p, out);
    audit_value_free(v);
    return rc;
}

int play_step_best(const Play *p, int step)
{
    if (step < 0 || step >= play_step_count(p))
        abort(); /* a programmer's mistake, as in play.c */
    if (!is_decision(play_step(p, step)))
        return -1;
    bool too_big = false;
    AuditValue *v = audit_value_new(play_scenario(p), &too_big);
    Play *at = play_clone(p);
    int best = at ? best_at(v, p, at, step) : most_points(scenario_node(play_scenario(p), play_step(p, step)->node),
                                                          play_step(p, step)->offered);
    play_free(at);
    audit_value_free(v);
    return best;
}
