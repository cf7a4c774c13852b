/* score: the scenario's exact maximum over every complete playthrough, overall and per
 * competency (scenario-format.md, Scoring).
 *
 * The search walks the graph of play states reachable from `start`. A state is a node plus the
 * values of the meters and flags that some `requires` reads (the others cannot change what is
 * offered, so they are left out: that keeps most scenarios at one state per node). Edges are the
 * choices offered there, the timeout where the node has a timer, and every branch of a random
 * `next` (the maximum takes the best branch). Endings are worth 0, dead ends minus infinity.
 *
 * Loops are handled with Tarjan's strongly connected components: components come out in
 * reverse topological order, so every edge that leaves a component already has its final
 * value; inside a component the values are relaxed to a fixed point, and a value still rising
 * after as many rounds as the component has states means a loop that gains points: the score
 * is unbounded and the scenario invalid.
 *
 * Past SCORE_MAX_STATES states (or the memory that many states take), the search gives up on
 * exactness and computes the same on the graph of nodes alone with every choice offered: an
 * upper bound, reported as a warning. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"
#include "score_loop.h"
#include "score_search.h"

#define NEG_INF INT64_MIN
#define UNVISITED UINT32_MAX
/* Memory the values, keys and edges of the search may take before it falls back to a bound. */
#define SCORE_MAX_BYTES (512u * 1024u * 1024u)

static long state_limit = SCORE_MAX_STATES;
static long search_budget = SCORE_BNB_BUDGET;

void score_set_state_limit(long states) { state_limit = states > 0 ? states : SCORE_MAX_STATES; }
void score_set_search_budget(long edges) { search_budget = edges > 0 ? edges : SCORE_BNB_BUDGET; }

/* Keys are whole 32-bit words: mix a word at a time, then avalanche. */
static uint32_t hash_key(const unsigned char *k, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    for (size_t i = 0; i < n; i += 4) {
        uint32_t w;
        memcpy(&w, k + i, 4);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    h ^= h >> 29;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 32;
    return (uint32_t)h;
}

static int grow_states(Search *s)
{
    uint32_t cap = s->cap ? s->cap * 2 : 1024;
    unsigned char *keys = realloc(s->keys, (size_t)cap * s->key_size);
    if (keys)
        s->keys = keys;
    uint32_t **arrays[] = {&s->index, &s->low, &s->comp, &s->edge_start, &s->edge_count, &s->hash};
    for (size_t i = 0; keys && i < sizeof arrays / sizeof arrays[0]; i++) {
        uint32_t *a = realloc(*arrays[i], (size_t)cap * sizeof(uint32_t));
        if (!a)
            return -1;
        *arrays[i] = a;
    }
    int64_t *value = keys ? realloc(s->value, (size_t)cap * (size_t)s->ncomp * sizeof(int64_t)) : NULL;
    if (!value)
        return -1;
    s->value = value;
    s->cap = cap;
    /* The hash table stays at most half full. */
    size_t tcap = (size_t)cap * 2;
    uint32_t *table = calloc(tcap, sizeof *table);
    if (!table)
        return -1;
    free(s->table);
    s->table = table;
    s->table_mask = tcap - 1;
    for (uint32_t i = 0; i < s->nstates; i++) {
        size_t h = s->hash[i] & s->table_mask;
        while (s->table[h])
            h = (h + 1) & s->table_mask;
        s->table[h] = i + 1;
    }
    return 0;
}

/* The index of the state with this key, interning it if new; UINT32_MAX when the search is
 * too big or out of memory. */
static uint32_t intern(Search *s, const unsigned char *key)
{
    uint32_t hk = hash_key(key, s->key_size);
    size_t h = hk & s->table_mask;
    if (s->table) {
        while (s->table[h]) {
            uint32_t i = s->table[h] - 1;
            if (s->hash[i] == hk && !memcmp(s->keys + (size_t)i * s->key_size, key, s->key_size))
                return i;
            h = (h + 1) & s->table_mask;
        }
    }
    if ((long)s->nstates >= s->max_states) {
        s->too_big = true;
        return UINT32_MAX;
    }
    if (s->nstates == s->cap) {
        if (grow_states(s) < 0) {
            s->oom = true;
            return UINT32_MAX;
        }
        h = hk & s->table_mask;
        while (s->table[h])
            h = (h + 1) & s->table_mask;
    }
    uint32_t i = s->nstates++;
    memcpy(s->keys + (size_t)i * s->key_size, key, s->key_size);
    s->hash[i] = hk;
    s->value[(size_t)i * (size_t)s->ncomp] = NEG_INF; /* the branch and bound's memo */
    s->index[i] = UNVISITED;
    s->comp[i] = UNVISITED;
    s->edge_count[i] = 0;
    s->edge_start[i] = 0;
    s->table[h] = i + 1;
    return i;
}

/* Effects in the order play applies them: meter deltas (clamped), then set, then clear. */
static void apply_effects(const Search *s, unsigned char *key, const ScEffects *fx)
{
    if (!s->exact_mode)
        return;
    int32_t *m = key_meters(key);
    uint8_t *f = key_flags(s, key);
    for (int i = 0; i < fx->nmeters; i++) {
        int slot = s->meter_slot[fx->meters[i].meter];
        if (slot < 0)
            continue;
        const ScMeter *mt = &s->sc->meters[fx->meters[i].meter];
        int32_t v;
        memcpy(&v, &m[slot], sizeof v);
        int64_t nv = (int64_t)v + fx->meters[i].delta;
        if (nv < mt->min)
            nv = mt->min;
        if (nv > mt->max)
            nv = mt->max;
        v = (int32_t)nv;
        memcpy(&m[slot], &v, sizeof v);
    }
    for (int i = 0; i < fx->nset; i++) {
        int b = s->flag_slot[fx->set[i]];
        if (b >= 0)
            f[b / 8] |= (uint8_t)(1u << (b % 8));
    }
    for (int i = 0; i < fx->nclear; i++) {
        int b = s->flag_slot[fx->clear[i]];
        if (b >= 0)
            f[b / 8] &= (uint8_t)~(1u << (b % 8));
    }
}

static int push_edge(Search *s, uint32_t target, const ScChoice *c)
{
    if (s->nedges == s->edges_cap) {
        size_t cap = s->edges_cap ? s->edges_cap * 2 : 4096;
        Edge *e = realloc(s->edges, cap * sizeof *e);
        if (!e) {
            s->oom = true;
            return -1;
        }
        s->edges = e;
        s->edges_cap = cap;
    }
    s->edges[s->nedges++] = (Edge){target, c};
    return 0;
}

/* Adds the edges for taking `c` (a choice, a timeout, or NULL for a plain `next`) from the
 * state `key`: its effects, then every branch of its goto, each entering the target node. */
static int add_goto_edges(Search *s, const unsigned char *key, const ScChoice *c, const ScGoto *g,
                          unsigned char *scratch, unsigned char *scratch2)
{
    memcpy(scratch, key, s->key_size);
    if (c)
        apply_effects(s, scratch, &c->effects);
    int nb = g->node >= 0 ? 1 : g->nbranches;
    for (int b = 0; b < nb; b++) {
        int target = g->node >= 0 ? g->node : g->branches[b].node;
        memcpy(scratch2, scratch, s->key_size);
        int32_t t = target;
        memcpy(scratch2, &t, sizeof t);
        apply_effects(s, scratch2, &s->sc->nodes[target].effects);
        uint32_t ti = intern(s, scratch2);
        if (ti == UINT32_MAX || push_edge(s, ti, c) < 0)
            return -1;
    }
    return 0;
}

static void load_condition_inputs(Search *s, unsigned char *key)
{
    const int32_t *m = key_meters(key);
    const uint8_t *f = key_flags(s, key);
    for (int i = 0; i < s->sc->nmeters; i++) {
        int slot = s->meter_slot[i];
        if (slot >= 0)
            memcpy(&s->meters[i], &m[slot], sizeof(int32_t));
    }
    for (int i = 0; i < s->sc->nflags; i++) {
        int b = s->flag_slot[i];
        s->flags[i] = b >= 0 ? (f[b / 8] >> (b % 8)) & 1 : 0;
    }
}

/* Generates the edges of state i. */
static int expand(Search *s, uint32_t i, unsigned char *key, unsigned char *scratch, unsigned char *scratch2)
{
    memcpy(key, s->keys + (size_t)i * s->key_size, s->key_size);
    const ScNode *n = &s->sc->nodes[key_node(key)];
    s->edge_start[i] = (uint32_t)s->nedges;
    if (s->nedges > UINT32_MAX - 64) {
        s->too_big = true;
        return -1;
    }
    if (n->kind == SC_NODE_NEXT) {
        if (add_goto_edges(s, key, NULL, &n->next, scratch, scratch2) < 0)
            return -1;
    } else if (n->kind == SC_NODE_CHOICES) {
        int offered = 0;
        if (s->exact_mode) {
            s->reached[key_node(key)] = 1;
            load_condition_inputs(s, key);
        }
        for (int c = 0; c < n->nchoices; c++) {
            const ScChoice *ch = &n->choices[c];
            if (s->exact_mode && ch->requires && !expr_eval(ch->requires, s->meters, s->flags))
                continue;
            offered++;
            if (s->exact_mode && c < 32)
                s->offered[key_node(key)] |= 1u << c;
            if (add_goto_edges(s, key, ch, &ch->next, scratch, scratch2) < 0)
                return -1;
        }
        /* A node that offers nothing is a dead end: play stops there, timer or not. */
        if (offered && n->time_limit > 0 && n->timeout) {
            if (add_goto_edges(s, key, n->timeout, &n->timeout->next, scratch, scratch2) < 0)
                return -1;
        }
    }
    s->edge_count[i] = (uint32_t)(s->nedges - s->edge_start[i]);
    return 0;
}

/* value[t] + points of c, per component, into out; false when t can reach no ending. */
static bool edge_value(const Search *s, const Edge *e, int64_t *out)
{
    const int64_t *vt = &s->value[(size_t)e->target * (size_t)s->ncomp];
    if (vt[0] == NEG_INF)
        return false;
    memcpy(out, vt, (size_t)s->ncomp * sizeof *out);
    if (e->choice) {
        for (int k = 0; k < e->choice->nscore; k++) {
            out[0] += e->choice->score[k].points;
            out[1 + e->choice->score[k].competency] += e->choice->score[k].points;
        }
    }
    return true;
}

static bool relax(int64_t *v, const int64_t *cand, int ncomp)
{
    bool changed = false;
    for (int k = 0; k < ncomp; k++) {
        if (v[k] == NEG_INF || cand[k] > v[k]) {
            v[k] = cand[k];
            changed = true;
        }
    }
    return changed;
}

/* Values for one strongly connected component (members listed in `members`). Returns the
 * state of a loop that gains points, or UINT32_MAX when the component is bounded. */
static uint32_t solve_component(Search *s, const uint32_t *members, uint32_t nmembers, uint32_t comp_id,
                                int64_t *cand, int *gaining_comp)
{
    bool looped = nmembers > 1;
    for (uint32_t m = 0; m < nmembers; m++) {
        uint32_t i = members[m];
        int64_t *v = &s->value[(size_t)i * (size_t)s->ncomp];
        const ScNode *n = &s->sc->nodes[key_node(s->keys + (size_t)i * s->key_size)];
        for (int k = 0; k < s->ncomp; k++)
            v[k] = n->kind == SC_NODE_END ? 0 : NEG_INF;
        for (uint32_t e = 0; e < s->edge_count[i]; e++) {
            const Edge *ed = &s->edges[s->edge_start[i] + e];
            if (s->comp[ed->target] == comp_id) {
                looped = true;
                continue;
            }
            if (edge_value(s, ed, cand))
                relax(v, cand, s->ncomp);
        }
    }
    if (!looped)
        return UINT32_MAX;
    /* Relaxation to a fixed point; with no gaining loop it settles within nmembers rounds. */
    for (uint32_t round = 0; round <= nmembers; round++) {
        bool changed = false;
        for (uint32_t m = 0; m < nmembers; m++) {
            uint32_t i = members[m];
            int64_t *v = &s->value[(size_t)i * (size_t)s->ncomp];
            for (uint32_t e = 0; e < s->edge_count[i]; e++) {
                const Edge *ed = &s->edges[s->edge_start[i] + e];
                if (s->comp[ed->target] != comp_id || !edge_value(s, ed, cand))
                    continue;
                for (int k = 0; k < s->ncomp; k++) {
                    if (v[k] == NEG_INF || cand[k] > v[k]) {
                        v[k] = cand[k];
                        changed = true;
                        if (round == nmembers) {
                            *gaining_comp = k;
                            return i;
                        }
                    }
                }
            }
        }
        if (!changed)
            break;
    }
    return UINT32_MAX;
}

typedef struct {
    uint32_t state, edge;
} Frame;

/* Tarjan's algorithm, iterative, from state 0. Returns 0, 1 when a gaining loop was found
 * (*loop_state, *gaining_comp set), -1 when too big or out of memory. */
static int run_tarjan(Search *s, uint32_t *loop_state, int *gaining_comp)
{
    int rc = -1;
    size_t fcap = 1024, tcap = 1024, nf = 0, nt = 0;
    Frame *frames = malloc(fcap * sizeof *frames);
    uint32_t *tstack = malloc(tcap * sizeof *tstack);
    unsigned char *key = malloc(s->key_size * 3);
    int64_t *cand = malloc((size_t)s->ncomp * sizeof *cand);
    uint32_t counter = 0, ncomps = 0;
    if (!frames || !tstack || !key || !cand)
        goto done;
    unsigned char *scratch = key + s->key_size, *scratch2 = key + 2 * s->key_size;

#define VISIT(st)                                                                 \
    do {                                                                          \
        s->index[st] = s->low[st] = counter++;                                    \
        if (nt == tcap) {                                                         \
            uint32_t *ts_ = realloc(tstack, (tcap *= 2) * sizeof *tstack);        \
            if (!ts_)                                                             \
                goto done;                                                        \
            tstack = ts_;                                                         \
        }                                                                         \
        tstack[nt++] = st;                                                        \
        if (expand(s, st, key, scratch, scratch2) < 0)                            \
            goto done;                                                            \
        if (nf == fcap) {                                                         \
            Frame *fs_ = realloc(frames, (fcap *= 2) * sizeof *frames);           \
            if (!fs_)                                                             \
                goto done;                                                        \
            frames = fs_;                                                         \
        }                                                                         \
        frames[nf++] = (Frame){st, 0};                                            \
    } while (0)

    VISIT(0u);
    while (nf) {
        Frame *f = &frames[nf - 1];
        uint32_t v = f->state;
        if (f->edge < s->edge_count[v]) {
            uint32_t w = s->edges[s->edge_start[v] + f->edge++].target;
            if (s->index[w] == UNVISITED) {
                VISIT(w);
            } else if (s->comp[w] == UNVISITED && s->index[w] < s->low[v]) {
                s->low[v] = s->index[w]; /* w is on the stack */
            }
            continue;
        }
        nf--;
        if (nf && s->low[v] < s->low[frames[nf - 1].state])
            s->low[frames[nf - 1].state] = s->low[v];
        if (s->low[v] == s->index[v]) {
            size_t start = nt;
            do
                start--;
            while (tstack[start] != v);
            uint32_t cid = ncomps++;
            for (size_t k = start; k < nt; k++)
                s->comp[tstack[k]] = cid;
            uint32_t gain = solve_component(s, tstack + start, (uint32_t)(nt - start), cid, cand, gaining_comp);
            nt = start;
            if (gain != UINT32_MAX) {
                *loop_state = gain;
                rc = 1;
                goto done;
            }
        }
    }
#undef VISIT
    rc = 0;
done:
    free(frames);
    free(tstack);
    free(key);
    free(cand);
    return rc;
}

static void search_free(Search *s)
{
    free(s->meter_slot);
    free(s->flag_slot);
    free(s->keys);
    free(s->index);
    free(s->low);
    free(s->comp);
    free(s->edge_start);
    free(s->edge_count);
    free(s->hash);
    free(s->value);
    free(s->table);
    free(s->edges);
    free(s->meters);
    free(s->flags);
    free(s->offered);
    free(s->reached);
}

static void mark_name(void *ctx, bool is_flag, int index)
{
    Search *s = ctx;
    if (is_flag)
        s->flag_slot[index] = 1; /* marked; numbered below */
    else
        s->meter_slot[index] = 1;
}

/* Prepares a search; exact: carry the meters and flags conditions read. */
static int search_init(Search *s, const Scenario *sc, bool exact)
{
    memset(s, 0, sizeof *s);
    s->sc = sc;
    s->exact_mode = exact;
    s->ncomp = sc->ncompetencies + 1;
    s->meter_slot = malloc(((size_t)sc->nmeters + 1) * sizeof(int));
    s->flag_slot = malloc(((size_t)sc->nflags + 1) * sizeof(int));
    s->meters = calloc((size_t)sc->nmeters + 1, sizeof(int32_t));
    s->flags = calloc((size_t)sc->nflags + 1, 1);
    s->offered = calloc((size_t)sc->nnodes, sizeof(uint32_t));
    s->reached = calloc((size_t)sc->nnodes, 1);
    if (!s->meter_slot || !s->flag_slot || !s->meters || !s->flags || !s->offered || !s->reached)
        return -1;
    for (int i = 0; i < sc->nmeters; i++)
        s->meter_slot[i] = -1;
    for (int i = 0; i < sc->nflags; i++)
        s->flag_slot[i] = -1;
    if (exact) {
        for (int i = 0; i < sc->nexprs; i++)
            expr_each_name(sc->exprs[i], mark_name, s);
        for (int i = 0; i < sc->nmeters; i++)
            if (s->meter_slot[i] >= 0)
                s->meter_slot[i] = s->nrel_meters++;
        for (int i = 0; i < sc->nflags; i++)
            if (s->flag_slot[i] >= 0)
                s->flag_slot[i] = s->nrel_flags++;
    }
    s->key_size = 4 + 4 * (size_t)s->nrel_meters + ((size_t)s->nrel_flags + 7) / 8;
    s->key_size = (s->key_size + 3) & ~(size_t)3;
    /* Per state: the key, 6 uint32 arrays, the values, two table slots, about three edges. */
    size_t per_state = s->key_size + 6 * 4 + (size_t)s->ncomp * 8 + 2 * 4 + 3 * sizeof(Edge);
    s->max_by_memory = (long)(SCORE_MAX_BYTES / per_state);
    s->max_states = s->max_by_memory < state_limit ? s->max_by_memory : state_limit;
    if (!exact && s->max_states < sc->nnodes)
        s->max_states = sc->nnodes;
    return 0;
}

static int search_start(Search *s)
{
    unsigned char *key = calloc(1, s->key_size);
    if (!key)
        return -1;
    int32_t start = s->sc->start;
    memcpy(key, &start, sizeof start);
    if (s->exact_mode) {
        int32_t *m = key_meters(key);
        for (int i = 0; i < s->sc->nmeters; i++)
            if (s->meter_slot[i] >= 0)
                memcpy(&m[s->meter_slot[i]], &s->sc->meters[i].start, sizeof(int32_t));
    }
    apply_effects(s, key, &s->sc->nodes[s->sc->start].effects);
    uint32_t i = intern(s, key);
    free(key);
    return i == 0 ? 0 : -1;
}


/* ---- Branch and bound: the exact maximum when the state graph is too big to walk whole. ----
 *
 * A depth-first search over play states for one component at a time, best edge first, that
 * prunes every edge whose points so far plus the node graph's bound (conditions ignored, so
 * never below the truth) cannot beat the best ending found, and every state already reached
 * with at least as many points. The node graph has no loop that gains points (checked before),
 * so neither has the state graph, and walks are as good as simple paths: the search is exact
 * when it runs out of edges, or as soon as it reaches the bound itself. Past its budget it
 * gives up and the bound stands. */


typedef struct {
    uint32_t state;
    int64_t g;
    size_t order, len, cursor;
} BnbFrame;

static int64_t edge_points(const Edge *e, int comp)
{
    int64_t w = 0;
    for (int k = 0; e->choice && k < e->choice->nscore; k++)
        if (comp == 0 || e->choice->score[k].competency == comp - 1)
            w += e->choice->score[k].points;
    return w;
}

/* One component's branch and bound: the stack of states being walked, and per frame its
 * edges in the order they are tried (best first). */
typedef struct {
    Search *s;
    const int64_t *ub; /* per node, the bound of this component */
    int comp;
    BnbFrame *frames;
    size_t fcap, nf;
    uint32_t *order;
    size_t ocap, no;
    unsigned char *key; /* three keys of scratch for expand */
} Bnb;

/* An edge's promise: its points plus the bound of where it goes (NEG_INF: no ending). */
static int64_t bnb_promise(const Bnb *b, const Edge *e)
{
    int64_t u = b->ub[key_node(b->s->keys + (size_t)e->target * b->s->key_size)];
    return u == NEG_INF ? NEG_INF : edge_points(e, b->comp) + u;
}

/* Appends the edges of state st to order, best promise first (insertion sort). */
static int bnb_order_edges(Bnb *b, uint32_t st, size_t deg)
{
    Search *s = b->s;
    while (b->no + deg > b->ocap) {
        uint32_t *o = realloc(b->order, (b->ocap *= 2) * sizeof *b->order);
        if (!o)
            return -1;
        b->order = o;
    }
    uint32_t *order = b->order + b->no;
    for (size_t a = 0; a < deg; a++) {
        uint32_t e = s->edge_start[st] + (uint32_t)a;
        int64_t k = bnb_promise(b, &s->edges[e]);
        size_t j = a;
        while (j > 0 && bnb_promise(b, &s->edges[order[j - 1]]) < k) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = e;
    }
    return 0;
}

/* Enters state st with g points: expands it if new, and pushes a frame over its edges. */
static int bnb_push(Bnb *b, uint32_t st, int64_t g)
{
    Search *s = b->s;
    if (s->index[st] == UNVISITED) {
        if (expand(s, st, b->key, b->key + s->key_size, b->key + 2 * s->key_size) < 0)
            return -1;
        s->index[st] = 0;
    }
    size_t deg = s->edge_count[st];
    if (bnb_order_edges(b, st, deg) < 0)
        return -1;
    if (b->nf == b->fcap) {
        BnbFrame *f = realloc(b->frames, (b->fcap *= 2) * sizeof *b->frames);
        if (!f)
            return -1;
        b->frames = f;
    }
    b->frames[b->nf++] = (BnbFrame){st, g, b->no, deg, 0};
    b->no += deg;
    return 0;
}

/* The depth-first walk from the frames pushed; see bnb_component for the result. */
static int bnb_walk(Bnb *b, int64_t target, long *budget, int64_t *best)
{
    Search *s = b->s;
    while (b->nf) {
        BnbFrame *f = &b->frames[b->nf - 1];
        if (f->cursor == f->len) {
            b->no = f->order;
            b->nf--;
            continue;
        }
        if (--*budget < 0)
            return 0;
        const Edge *e = &s->edges[b->order[f->order + f->cursor++]];
        uint32_t t = e->target;
        int64_t g2 = f->g + edge_points(e, b->comp);
        int tnode = key_node(s->keys + (size_t)t * s->key_size);
        if (s->sc->nodes[tnode].kind == SC_NODE_END) {
            if (*best == NEG_INF || g2 > *best)
                *best = g2;
            if (*best == target)
                return 1;
            continue;
        }
        int64_t u = b->ub[tnode];
        if (u == NEG_INF || (*best != NEG_INF && g2 + u <= *best))
            continue;
        int64_t *m = &s->value[(size_t)t * (size_t)s->ncomp]; /* the memo: slot 0 of each state */
        if (*m != NEG_INF && *m >= g2)
            continue;
        *m = g2;
        if (bnb_push(b, t, g2) < 0)
            return -1;
    }
    return 1;
}

/* ub: per node, the node graph's bound for this component (NEG_INF: no ending). Returns 1 when
 * *best is proven the maximum, 0 when the budget ran out, -1 when out of memory. */
static int bnb_component(Search *s, const int64_t *ub, int comp, long *budget, int64_t *best)
{
    Bnb b = {.s = s, .ub = ub, .comp = comp, .fcap = 256, .ocap = 1024};
    b.frames = malloc(b.fcap * sizeof *b.frames);
    b.order = malloc(b.ocap * sizeof *b.order);
    b.key = malloc(s->key_size * 3);
    int rc = -1;
    if (!b.frames || !b.order || !b.key)
        goto done;
    /* slot 0 of each state: the most points it was reached with */
    for (uint32_t i = 0; i < s->nstates; i++)
        s->value[(size_t)i * (size_t)s->ncomp] = NEG_INF;
    *best = NEG_INF;
    int64_t target = ub[s->sc->start];
    rc = 1;
    if (target == NEG_INF)
        goto done;
    s->value[0] = 0;
    if (s->sc->nodes[s->sc->start].kind == SC_NODE_END) {
        *best = 0;
        goto done;
    }
    rc = bnb_push(&b, 0u, 0) < 0 ? -1 : bnb_walk(&b, target, budget, best);
done:
    free(b.frames);
    free(b.order);
    free(b.key);
    return rc;
}

/* Runs the branch and bound for the total and every competency, on the node graph's bounds
 * (ub_nodes: ncomp values per node). best gets each component's result; returns true when every
 * one is proven, false when some budget ran out (those keep the bound). */
static bool bnb_all(const Scenario *sc, const int64_t *ub_nodes, int64_t *best, int64_t *found, long *states)
{
    int ncomp = sc->ncompetencies + 1;
    bool all = true;
    int64_t *ub = malloc((size_t)sc->nnodes * sizeof *ub);
    for (int k = 0; k < ncomp; k++) {
        best[k] = ub_nodes[(size_t)sc->start * (size_t)ncomp + (size_t)k];
        if (!ub) { /* out of memory: the bound stands */
            all = false;
            continue;
        }
        Search s;
        if (search_init(&s, sc, true) < 0) {
            all = false;
            search_free(&s);
            continue;
        }
        s.max_states = s.max_by_memory; /* it keeps only what it reaches: memory is the bound */
        for (int n = 0; n < sc->nnodes; n++)
            ub[n] = ub_nodes[(size_t)n * (size_t)ncomp + (size_t)k];
        int64_t b = NEG_INF;
        long budget = search_budget / ncomp + 1; /* each component its share */
        int rc = search_start(&s) == 0 ? bnb_component(&s, ub, k, &budget, &b) : -1;
        found[k] = b;
        if (rc == 1 && b != NEG_INF)
            best[k] = b;
        else
            all = false;
        if (s.nstates > (uint32_t)*states)
            *states = (long)s.nstates;
        search_free(&s);
    }
    free(ub);
    return all;
}

/* One computation of the maximum: the search and what the steps tell each other. */
typedef struct {
    Scenario *sc;
    DiagList *diags;
    const char *file;
    Search s;
    uint32_t loop_state; /* a state on a loop that gains points */
    int gaining;         /* which component gains there (0: the total) */
    bool exact, use_bnb;
    int64_t bnb_best[SC_MAX_COMPETENCIES + 1], bnb_found[SC_MAX_COMPETENCIES + 1];
} MaxRun;

static int max_oom(MaxRun *m)
{
    search_free(&m->s);
    diag_add(m->diags, DIAG_ERROR, m->file, 0, 0, "", "out of memory while computing the maximum score");
    return -1;
}

/* After a bound on the node graph: the branch and bound for the exact maximum under it, and
 * the warning when it stays a bound. */
static void max_under_bound(MaxRun *m, long explored)
{
    Scenario *sc = m->sc;
    Search *s = &m->s;
    int64_t *ub_nodes = malloc((size_t)sc->nnodes * (size_t)s->ncomp * sizeof *ub_nodes);
    if (ub_nodes) {
        for (size_t i = 0; i < (size_t)sc->nnodes * (size_t)s->ncomp; i++)
            ub_nodes[i] = NEG_INF;
        for (uint32_t i = 0; i < s->nstates; i++)
            memcpy(&ub_nodes[(size_t)key_node(s->keys + (size_t)i * s->key_size) * (size_t)s->ncomp],
                   &s->value[(size_t)i * (size_t)s->ncomp], (size_t)s->ncomp * sizeof *ub_nodes);
        long bstates = 0;
        m->exact = bnb_all(sc, ub_nodes, m->bnb_best, m->bnb_found, &bstates);
        m->use_bnb = true;
        sc->max.states = explored + bstates;
    } else {
        m->exact = false;
    }
    free(ub_nodes);
    if (!m->exact && m->bnb_found[0] != NEG_INF)
        diag_add(m->diags, DIAG_WARNING, m->file, 0, 0, "/nodes",
                 "the exact maximum needs more than %ld play states; the maximum used is an "
                 "upper bound from the node graph (conditions ignored): %lld, where the best "
                 "playthrough found scores %lld", explored, (long long)m->bnb_best[0], (long long)m->bnb_found[0]);
    else if (!m->exact)
        diag_add(m->diags, DIAG_WARNING, m->file, 0, 0, "/nodes",
                 "the exact maximum needs more than %ld play states; the maximum used is an "
                 "upper bound from the node graph (conditions ignored)", explored);
}

/* Too many states to walk whole: bound the score on the node graph, then look for the exact
 * maximum by branch and bound under that bound. Returns run_tarjan's result on the node graph,
 * or -2 after an error was reported (the search freed). */
static int max_by_bound(MaxRun *m)
{
    long explored = (long)m->s.nstates;
    search_free(&m->s);
    if (search_init(&m->s, m->sc, false) < 0 || search_start(&m->s) < 0) {
        max_oom(m);
        return -2;
    }
    int rc = run_tarjan(&m->s, &m->loop_state, &m->gaining);
    m->sc->max.states = explored;
    if (rc == 1) {
        diag_add(m->diags, DIAG_ERROR, m->file, 0, 0, "/nodes",
                 "cannot bound the score: the exact search passed %ld play states, and the node "
                 "graph has a loop that could gain points", explored);
        search_free(&m->s);
        return -2;
    }
    if (rc == 0)
        max_under_bound(m, explored);
    return rc;
}

/* The error for a loop that gains points, naming its way round. */
static void report_gaining_loop(MaxRun *m)
{
    Scenario *sc = m->sc;
    const ScNode *n = &sc->nodes[key_node(m->s.keys + (size_t)m->loop_state * m->s.key_size)];
    char ptr[128];
    snprintf(ptr, sizeof ptr, "/nodes/%s", n->id);
    char loop[600], gains[96] = "points";
    int shown = score_describe_loop(sc, (int)(n - sc->nodes), m->gaining - 1, loop, sizeof loop);
    if (shown >= 0)
        snprintf(gains, sizeof gains, "\"%s\" points", sc->competencies[shown].id);
    diag_add(m->diags, DIAG_ERROR, m->file, 0, 0, ptr,
             "the score is unbounded: a loop through node \"%s\" gains %s each time round%s%s%s. Make a "
             "repeated answer cost points, or offer it once (a flag it sets, and \"not FLAG\" in its requires)",
             n->id, gains, loop[0] ? ": " : "", loop, loop[0] ? ", and back" : "");
}

/* Stores the maximum found in the scenario; -1 when it says the scenario is invalid. */
static int store_max(MaxRun *m)
{
    Scenario *sc = m->sc;
    const int64_t *v0 = m->use_bnb ? m->bnb_best : &m->s.value[0];
    if (v0[0] == NEG_INF) {
        diag_add(m->diags, DIAG_ERROR, m->file, 0, 0, "/start",
                 "no playthrough from \"%s\" reaches an ending", sc->nodes[sc->start].id);
        return -1;
    }
    sc->max.total = v0[0];
    for (int k = 0; k < sc->ncompetencies; k++)
        sc->max.competency[k] = v0[1 + k];
    sc->max.exact = m->exact;
    if (v0[0] <= 0) {
        diag_add(m->diags, DIAG_ERROR, m->file, 0, 0, "/nodes",
                 "the maximum score is %lld; a scenario must let the trainee earn points", (long long)v0[0]);
        return -1;
    }
    return 0;
}

int score_compute_max(Scenario *sc, DiagList *diags, const char *file)
{
    MaxRun m = {.sc = sc, .diags = diags, .file = file, .exact = true};
    m.bnb_found[0] = NEG_INF;
    memset(&sc->max, 0, sizeof sc->max);
    if (search_init(&m.s, sc, true) < 0 || search_start(&m.s) < 0)
        return max_oom(&m);
    int rc = run_tarjan(&m.s, &m.loop_state, &m.gaining);
    if (rc < 0 && m.s.too_big && !m.s.oom) {
        rc = max_by_bound(&m);
        if (rc == -2)
            return -1;
    } else {
        sc->max.states = (long)m.s.nstates;
    }
    if (rc < 0)
        return max_oom(&m);
    if (rc == 1) {
        report_gaining_loop(&m);
        search_free(&m.s);
        return -1;
    }
    int result = store_max(&m);
    if (m.exact && !m.use_bnb) {
        score_warn_uneven_branches(&m.s, diags, file); /* luck that changes what can be scored */
        score_warn_never_offered(&m.s, diags, file);
    }
    search_free(&m.s);
    return result;
}

/* ---- The search for other engine files (score_search.h). ---- */

int score_search_exact(Search *s, const Scenario *sc)
{
    uint32_t loop_state;
    int gaining;
    if (search_init(s, sc, true) < 0 || search_start(s) < 0)
        return -1;
    return run_tarjan(s, &loop_state, &gaining);
}

void score_search_free(Search *s) { search_free(s); }

void score_search_effects(const Search *s, unsigned char *key, const ScEffects *fx) { apply_effects(s, key, fx); }

uint32_t score_search_find(const Search *s, const unsigned char *key)
{
    if (!s->table)
        return UINT32_MAX;
    uint32_t hk = hash_key(key, s->key_size);
    for (size_t h = hk & s->table_mask; s->table[h]; h = (h + 1) & s->table_mask) {
        uint32_t i = s->table[h] - 1;
        if (s->hash[i] == hk && !memcmp(s->keys + (size_t)i * s->key_size, key, s->key_size))
            return i;
    }
    return UINT32_MAX;
}
