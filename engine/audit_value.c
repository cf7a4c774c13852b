/* audit_value: play states looked up in score.c's exact search (score_search.h). A Play's state
 * is its node, meters and flags; the search's key keeps only the meters and flags that some
 * condition reads, which is all that can change what is offered. */
#include <limits.h>
#include <stdlib.h>

#include "audit_value.h"
#include "score_search.h"

struct AuditValue {
    Search s;
    unsigned char *key, *key2; /* scratch keys (lookups are not re-entrant) */
    int *dist; /* per node: fewest steps to an ending in the node graph (INT_MAX: none) */
    int *memo; /* AUDIT_MEMOS per state of the search, AUDIT_MEMO_EMPTY until set */
};

/* How many nodes a goto can lead to (one per branch), and the b-th. */
static int goto_count(const ScGoto *g) { return g->node >= 0 ? 1 : g->nbranches; }
static int goto_target(const ScGoto *g, int b) { return g->node >= 0 ? g->node : g->branches[b].node; }

/* Fewest steps from each node to an ending, conditions ignored: relaxed until nothing changes
 * (at most as many rounds as nodes; scenarios are small next to the state search). */
static int *distances(const Scenario *sc)
{
    int nn = scenario_node_count(sc);
    int *d = malloc((size_t)nn * sizeof *d);
    if (!d)
        return NULL;
    for (int i = 0; i < nn; i++)
        d[i] = scenario_node(sc, i)->kind == SC_NODE_END ? 0 : INT_MAX;
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < nn; i++) {
            const ScNode *n = scenario_node(sc, i);
            const ScGoto *gs[SC_MAX_CHOICES + 2];
            int ng = 0;
            if (n->kind == SC_NODE_NEXT)
                gs[ng++] = &n->next;
            for (int c = 0; n->kind == SC_NODE_CHOICES && c < n->nchoices; c++)
                gs[ng++] = &n->choices[c].next;
            if (n->kind == SC_NODE_CHOICES && n->timeout)
                gs[ng++] = &n->timeout->next;
            for (int g = 0; g < ng; g++) {
                for (int b = 0; b < goto_count(gs[g]); b++) {
                    int t = d[goto_target(gs[g], b)];
                    if (t != INT_MAX && t + 1 < d[i]) {
                        d[i] = t + 1;
                        changed = true;
                    }
                }
            }
        }
    }
    return d;
}

AuditValue *audit_value_new(const Scenario *sc, bool *too_big)
{
    *too_big = false;
    AuditValue *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    int rc = score_search_exact(&v->s, sc);
    if (rc == 0) {
        v->key = malloc(v->s.key_size * 2);
        v->dist = distances(sc);
        size_t nmemo = ((size_t)v->s.nstates + 1) * AUDIT_MEMOS;
        v->memo = malloc(nmemo * sizeof *v->memo);
        for (size_t i = 0; v->memo && i < nmemo; i++)
            v->memo[i] = AUDIT_MEMO_EMPTY;
        if (v->key && v->dist && v->memo) {
            v->key2 = v->key + v->s.key_size;
            return v;
        }
    }
    *too_big = v->s.too_big && !v->s.oom;
    audit_value_free(v);
    return NULL;
}

void audit_value_free(AuditValue *v)
{
    if (!v)
        return;
    score_search_free(&v->s);
    free(v->key);
    free(v->dist);
    free(v->memo);
    free(v);
}

/* The search's key of p's state, at node `node`. */
static void play_key(const AuditValue *v, const Play *p, int node, unsigned char *key)
{
    const Search *s = &v->s;
    memset(key, 0, s->key_size);
    int32_t n = node;
    memcpy(key, &n, sizeof n);
    int32_t *m = key_meters(key);
    uint8_t *f = key_flags(s, key);
    for (int i = 0; i < s->sc->nmeters; i++) {
        if (s->meter_slot[i] >= 0) {
            int32_t val = play_meter(p, i);
            memcpy(&m[s->meter_slot[i]], &val, sizeof val);
        }
    }
    for (int i = 0; i < s->sc->nflags; i++) {
        int b = s->flag_slot[i];
        if (b >= 0 && play_flag(p, i))
            f[b / 8] |= (uint8_t)(1u << (b % 8));
    }
}

static int64_t key_value(const AuditValue *v, const unsigned char *key)
{
    uint32_t i = score_search_find(&v->s, key);
    return i == UINT32_MAX ? AUDIT_VALUE_NONE : v->s.value[(size_t)i * (size_t)v->s.ncomp];
}

int *audit_value_memo(const AuditValue *v, const Play *p, int which)
{
    play_key(v, p, play_node(p), v->key);
    uint32_t i = score_search_find(&v->s, v->key);
    return i == UINT32_MAX ? NULL : &v->memo[(size_t)i * AUDIT_MEMOS + (size_t)which];
}

int *audit_value_memo_before(const AuditValue *v, const Play *p, int step, int which)
{
    const Search *s = &v->s;
    const Scenario *sc = s->sc;
    if (step < 0 || (step > 0 && s->nrel_flags > 0))
        return NULL; /* steps keep the meters, not the flags */
    unsigned char *key = v->key;
    memset(key, 0, s->key_size);
    int32_t node = play_step(p, step)->node;
    memcpy(key, &node, sizeof node);
    int32_t *m = key_meters(key);
    for (int i = 0; i < sc->nmeters; i++) {
        if (s->meter_slot[i] >= 0) {
            /* The first step: the start (every meter at its start, no flag) and the node's
             * effects; else the meters right after the step before (nothing changes between). */
            int32_t val = step == 0 ? sc->meters[i].start : play_step_meters(p, step - 1)[i];
            memcpy(&m[s->meter_slot[i]], &val, sizeof val);
        }
    }
    if (step == 0)
        score_search_effects(s, key, &sc->nodes[node].effects);
    uint32_t i = score_search_find(s, key);
    return i == UINT32_MAX ? NULL : &v->memo[(size_t)i * AUDIT_MEMOS + (size_t)which];
}

int64_t audit_value_now(const AuditValue *v, const Play *p)
{
    play_key(v, p, play_node(p), v->key);
    return key_value(v, v->key);
}

int64_t audit_value_choice(const AuditValue *v, const Play *p, int choice)
{
    const Scenario *sc = v->s.sc;
    const ScNode *n = &sc->nodes[play_node(p)];
    const ScChoice *c = choice < 0 ? n->timeout : &n->choices[choice];
    if (!c || n->kind != SC_NODE_CHOICES)
        return AUDIT_VALUE_NONE;
    play_key(v, p, play_node(p), v->key);
    score_search_effects(&v->s, v->key, &c->effects);
    int nb = c->next.node >= 0 ? 1 : c->next.nbranches;
    int64_t best = AUDIT_VALUE_NONE;
    for (int b = 0; b < nb; b++) {
        int32_t target = c->next.node >= 0 ? c->next.node : c->next.branches[b].node;
        memcpy(v->key2, v->key, v->s.key_size);
        memcpy(v->key2, &target, sizeof target);
        score_search_effects(&v->s, v->key2, &sc->nodes[target].effects);
        int64_t t = key_value(v, v->key2);
        if (t > best)
            best = t;
    }
    if (best == AUDIT_VALUE_NONE)
        return best;
    for (int k = 0; k < c->nscore; k++)
        best += c->score[k].points;
    return best;
}

/* The fewest steps to an ending after taking c (over its nearest branch). */
static int choice_dist(const AuditValue *v, const ScChoice *c)
{
    int best = INT_MAX;
    for (int b = 0; b < goto_count(&c->next); b++)
        if (v->dist[goto_target(&c->next, b)] < best)
            best = v->dist[goto_target(&c->next, b)];
    return best;
}

static int best_now(const AuditValue *v, const Play *p)
{
    int offered[SC_MAX_CHOICES];
    int k = play_offered(p, offered);
    const ScNode *n = &v->s.sc->nodes[play_node(p)];
    int best = -2, best_d = INT_MAX;
    int64_t best_v = AUDIT_VALUE_NONE;
    for (int i = 0; i < k; i++) {
        int64_t val = audit_value_choice(v, p, offered[i]);
        int d = choice_dist(v, &n->choices[offered[i]]);
        /* Among equals, the nearest to an ending: best play must not go round a loop that gains
         * nothing for ever. */
        if (best == -2 || val > best_v || (val == best_v && d < best_d)) {
            best = offered[i];
            best_v = val;
            best_d = d;
        }
    }
    if (n->time_limit > 0 && n->timeout && audit_value_choice(v, p, -1) > best_v)
        best = -1;
    return best;
}

int audit_value_best(const AuditValue *v, const Play *p)
{
    if (play_status(p) != PLAY_CHOOSING)
        return -2;
    int *memo = audit_value_memo(v, p, AUDIT_MEMO_BEST);
    if (!memo)
        return best_now(v, p); /* a state the search never reached (a mentor's meter, an event) */
    if (*memo == AUDIT_MEMO_EMPTY)
        *memo = best_now(v, p);
    return *memo;
}
