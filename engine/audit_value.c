/* audit_value: play states looked up in score.c's exact search (score_search.h). A Play's state
 * is its node, meters and flags; the search's key keeps only the meters and flags that some
 * condition reads, which is all that can change what is offered. */
#include <stdlib.h>

#include "audit_value.h"
#include "score_search.h"

struct AuditValue {
    Search s;
    unsigned char *key, *key2; /* scratch keys (lookups are not re-entrant) */
};

AuditValue *audit_value_new(const Scenario *sc, bool *too_big)
{
    *too_big = false;
    AuditValue *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    int rc = score_search_exact(&v->s, sc);
    if (rc == 0) {
        v->key = malloc(v->s.key_size * 2);
        if (v->key) {
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

int audit_value_best(const AuditValue *v, const Play *p)
{
    if (play_status(p) != PLAY_CHOOSING)
        return -2;
    int offered[SC_MAX_CHOICES];
    int k = play_offered(p, offered);
    int best = -2;
    int64_t best_v = AUDIT_VALUE_NONE;
    for (int i = 0; i < k; i++) {
        int64_t val = audit_value_choice(v, p, offered[i]);
        if (best == -2 || val > best_v) {
            best = offered[i];
            best_v = val;
        }
    }
    const ScNode *n = &v->s.sc->nodes[play_node(p)];
    if (n->time_limit > 0 && n->timeout && audit_value_choice(v, p, -1) > best_v)
        best = -1;
    return best;
}
