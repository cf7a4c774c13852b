/* stats: exhaustive state search and random play over a scenario (stats.h). */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "play.h"

#define INF_POS INT64_MAX
#define INF_NEG INT64_MIN

/* ---- the state graph ---- */

typedef struct {
    int32_t to;
    int64_t w; /* total points of the decision */
} Edge;

typedef struct {
    const Scenario *sc;
    int nmeters, nflags;
    /* Which meters and flags some condition reads, and their slot in a state key. */
    int *meter_slot, *flag_slot; /* -1: not tracked */
    int ntm, ntf;                /* tracked meters, tracked flags */
    int kw;                      /* words per key: 1 (node) + ntm + ceil(ntf / 32) */

    uint32_t *keys; /* nstates * kw */
    long nstates, cap_states;
    int32_t *table; /* open addressing, -1 empty */
    long table_size;

    int32_t *edge_first; /* per state: its first edge; edge_first[nstates] = nedges */
    Edge *edges;
    long nedges, cap_edges;

    /* Scratch: the full meter and flag arrays conditions are evaluated on. */
    int32_t *meters;
    uint8_t *flags;
    uint32_t *key;  /* the state being expanded */
    uint32_t *next; /* a successor being built */
    bool oom;
} Search;

static uint64_t hash_key(const uint32_t *k, int kw)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < kw; i++) {
        h ^= k[i];
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    return h;
}

static int grow_table(Search *s)
{
    long size = s->table_size ? s->table_size * 2 : 1024;
    int32_t *t = malloc((size_t)size * sizeof *t);
    if (!t)
        return -1;
    memset(t, 0xff, (size_t)size * sizeof *t);
    for (long i = 0; i < s->nstates; i++) {
        uint64_t h = hash_key(s->keys + i * s->kw, s->kw) & (uint64_t)(size - 1);
        while (t[h] >= 0)
            h = (h + 1) & (uint64_t)(size - 1);
        t[h] = (int32_t)i;
    }
    free(s->table);
    s->table = t;
    s->table_size = size;
    return 0;
}

/* The index of state `k`, added when new; -1 when out of memory, -2 past the bound. */
static long intern(Search *s, const uint32_t *k)
{
    if ((s->nstates + 1) * 2 > s->table_size && grow_table(s) < 0)
        return -1;
    uint64_t mask = (uint64_t)(s->table_size - 1);
    uint64_t h = hash_key(k, s->kw) & mask;
    size_t bytes = (size_t)s->kw * sizeof *k;
    while (s->table[h] >= 0) {
        if (!memcmp(s->keys + (long)s->table[h] * s->kw, k, bytes))
            return s->table[h];
        h = (h + 1) & mask;
    }
    if (s->nstates >= STATS_MAX_STATES)
        return -2;
    if (s->nstates == s->cap_states) {
        long cap = s->cap_states ? s->cap_states * 2 : 256;
        uint32_t *nk = realloc(s->keys, (size_t)cap * bytes);
        if (!nk)
            return -1;
        s->keys = nk;
        s->cap_states = cap;
    }
    memcpy(s->keys + s->nstates * s->kw, k, bytes);
    s->table[h] = (int32_t)s->nstates;
    return s->nstates++;
}

static int add_edge(Search *s, long to, int64_t w)
{
    if (s->nedges >= STATS_MAX_EDGES)
        return -2;
    if (s->nedges == s->cap_edges) {
        long cap = s->cap_edges ? s->cap_edges * 2 : 1024;
        Edge *ne = realloc(s->edges, (size_t)cap * sizeof *ne);
        if (!ne)
            return -1;
        s->edges = ne;
        s->cap_edges = cap;
    }
    s->edges[s->nedges++] = (Edge){(int32_t)to, w};
    return 0;
}

static void mark_name(void *ctx, bool is_flag, int index)
{
    Search *s = ctx;
    if (is_flag && index >= 0 && index < s->nflags && s->flag_slot[index] < 0)
        s->flag_slot[index] = s->ntf++;
    else if (!is_flag && index >= 0 && index < s->nmeters && s->meter_slot[index] < 0)
        s->meter_slot[index] = s->ntm++;
}

/* Applies effects to the key being built (tracked meters clamped, tracked flags). Meter deltas
 * first, then `set`, then `clear`, like the play engine. */
static void apply_effects(Search *s, uint32_t *k, const ScEffects *e)
{
    for (int i = 0; i < e->nmeters; i++) {
        int m = e->meters[i].meter;
        if (m < 0 || m >= s->nmeters || s->meter_slot[m] < 0)
            continue;
        const ScMeter *meter = scenario_meter(s->sc, m);
        int64_t v = (int64_t)(int32_t)k[1 + s->meter_slot[m]] + e->meters[i].delta;
        if (v < meter->min)
            v = meter->min;
        if (v > meter->max)
            v = meter->max;
        k[1 + s->meter_slot[m]] = (uint32_t)(int32_t)v;
    }
    uint32_t *fw = k + 1 + s->ntm;
    for (int i = 0; i < e->nset; i++) {
        int f = e->set[i];
        if (f >= 0 && f < s->nflags && s->flag_slot[f] >= 0)
            fw[s->flag_slot[f] / 32] |= 1u << (s->flag_slot[f] % 32);
    }
    for (int i = 0; i < e->nclear; i++) {
        int f = e->clear[i];
        if (f >= 0 && f < s->nflags && s->flag_slot[f] >= 0)
            fw[s->flag_slot[f] / 32] &= ~(1u << (s->flag_slot[f] % 32));
    }
}

/* Adds the edges of taking `c` (a choice, timeout outcome, or NULL for a plain `next` with
 * goto `go`) from the state in s->key. Returns 0, -1 out of memory, -2 past the bound. */
static int expand_goto(Search *s, const ScChoice *c, const ScGoto *go)
{
    int64_t w = 0;
    if (c)
        for (int i = 0; i < c->nscore; i++)
            w += c->score[i].points;
    int nb = go->node >= 0 ? 1 : go->nbranches;
    for (int b = 0; b < nb; b++) {
        int target = go->node >= 0 ? go->node : go->branches[b].node;
        memcpy(s->next, s->key, (size_t)s->kw * sizeof *s->key);
        if (c)
            apply_effects(s, s->next, &c->effects);
        s->next[0] = (uint32_t)target;
        apply_effects(s, s->next, &scenario_node(s->sc, target)->effects);
        long to = intern(s, s->next);
        if (to < 0)
            return (int)to;
        int r = add_edge(s, to, w);
        if (r < 0)
            return r;
    }
    return 0;
}

/* Unpacks a key into the full meter and flag arrays conditions read. */
static void unpack(Search *s, const uint32_t *k)
{
    for (int m = 0; m < s->nmeters; m++)
        s->meters[m] = s->meter_slot[m] >= 0 ? (int32_t)k[1 + s->meter_slot[m]]
                                             : scenario_meter(s->sc, m)->start;
    const uint32_t *fw = k + 1 + s->ntm;
    for (int f = 0; f < s->nflags; f++)
        s->flags[f] = s->flag_slot[f] >= 0 ? (fw[s->flag_slot[f] / 32] >> (s->flag_slot[f] % 32)) & 1
                                           : 0;
}

/* Breadth-first over every state reachable from start. Returns 0 (complete), 1 (past the
 * bound), -1 (out of memory). Fills the analysis' reachability marks as it goes. */
static int explore(Search *s, StatsAnalysis *a)
{
    const Scenario *sc = s->sc;
    memset(s->next, 0, (size_t)s->kw * sizeof *s->next);
    for (int m = 0; m < s->nmeters; m++)
        if (s->meter_slot[m] >= 0)
            s->next[1 + s->meter_slot[m]] = (uint32_t)scenario_meter(sc, m)->start;
    s->next[0] = (uint32_t)scenario_start(sc);
    apply_effects(s, s->next, &scenario_node(sc, scenario_start(sc))->effects);
    if (intern(s, s->next) < 0)
        return -1;

    s->edge_first = malloc(sizeof *s->edge_first * (size_t)(STATS_MAX_STATES + 1));
    if (!s->edge_first)
        return -1;
    for (long i = 0; i < s->nstates; i++) {
        s->edge_first[i] = (int32_t)s->nedges;
        memcpy(s->key, s->keys + i * s->kw, (size_t)s->kw * sizeof *s->key);
        int ni = (int)s->key[0];
        const ScNode *n = scenario_node(sc, ni);
        a->node_reachable[ni] = true;
        int r = 0;
        if (n->kind == SC_NODE_NEXT) {
            r = expand_goto(s, NULL, &n->next);
        } else if (n->kind == SC_NODE_CHOICES) {
            unpack(s, s->key);
            int offered = 0;
            for (int c = 0; c < n->nchoices && r == 0; c++) {
                const ScChoice *ch = &n->choices[c];
                if (ch->requires && !expr_eval(ch->requires, s->meters, s->flags))
                    continue;
                offered++;
                a->choice_reachable[a->choice_first[ni] + c] = true;
                r = expand_goto(s, ch, &ch->next);
            }
            if (r == 0 && offered > 0 && n->time_limit > 0 && n->timeout)
                r = expand_goto(s, n->timeout, &n->timeout->next);
        }
        if (r == -1)
            return -1;
        if (r == -2) {
            s->edge_first[i + 1] = (int32_t)s->nedges;
            return 1;
        }
    }
    s->edge_first[s->nstates] = (int32_t)s->nedges;
    return 0;
}

/* ---- the analysis of a complete state graph ---- */

static bool is_end(const Search *s, long st)
{
    return scenario_node(s->sc, (int)s->keys[st * s->kw])->kind == SC_NODE_END;
}

/* Marks the states from which an ending can be reached (reverse breadth-first search). */
static bool *coreachable(const Search *s)
{
    long n = s->nstates;
    int32_t *rfirst = calloc((size_t)n + 1, sizeof *rfirst);
    int32_t *rsrc = malloc(((size_t)s->nedges + 1) * sizeof *rsrc);
    int32_t *queue = malloc(((size_t)n + 1) * sizeof *queue);
    bool *co = calloc((size_t)n + 1, sizeof *co);
    if (!rfirst || !rsrc || !queue || !co) {
        free(co);
        co = NULL;
        goto done;
    }
    for (long e = 0; e < s->nedges; e++)
        rfirst[s->edges[e].to + 1]++;
    for (long i = 0; i < n; i++)
        rfirst[i + 1] += rfirst[i];
    int32_t *fill = queue; /* borrowed as a cursor per state */
    for (long i = 0; i < n; i++)
        fill[i] = rfirst[i];
    for (long u = 0; u < n; u++)
        for (long e = s->edge_first[u]; e < s->edge_first[u + 1]; e++)
            rsrc[fill[s->edges[e].to]++] = (int32_t)u;
    long head = 0, tail = 0;
    for (long i = 0; i < n; i++)
        if (is_end(s, i)) {
            co[i] = true;
            queue[tail++] = (int32_t)i;
        }
    while (head < tail) {
        long v = queue[head++];
        for (long e = rfirst[v]; e < rfirst[v + 1]; e++) {
            long u = rsrc[e];
            if (!co[u]) {
                co[u] = true;
                queue[tail++] = (int32_t)u;
            }
        }
    }
done:
    free(rfirst);
    free(rsrc);
    free(queue);
    return co;
}

static int64_t sat_add(int64_t a, int64_t b)
{
    if (a == INF_NEG || b == INF_NEG)
        return INF_NEG;
    if (a == INF_POS || b == INF_POS)
        return INF_POS;
    return a + b;
}

/* Strongly connected components of the useful states (Tarjan, iterative). comp[] gets each
 * state's component, order[] the components' states in the order they complete (sinks first),
 * comp_first[] where each component starts in order[]. Returns the number of components, or -1
 * when out of memory. */
static long components(const Search *s, const bool *useful, int32_t *comp, int32_t *order,
                       int32_t *comp_first)
{
    long n = s->nstates;
    int32_t *index = malloc((size_t)n * sizeof *index);
    int32_t *low = malloc((size_t)n * sizeof *low);
    int32_t *stack = malloc((size_t)n * sizeof *stack);
    int32_t *call = malloc((size_t)n * sizeof *call);
    int32_t *iter = malloc((size_t)n * sizeof *iter);
    bool *on = calloc((size_t)n + 1, sizeof *on);
    long ncomp = -1;
    if (!index || !low || !stack || !call || !iter || !on)
        goto done;
    for (long i = 0; i < n; i++)
        index[i] = -1, comp[i] = -1;
    long next_index = 0, sp = 0, ordered = 0;
    ncomp = 0;
    for (long root = 0; root < n; root++) {
        if (!useful[root] || index[root] >= 0)
            continue;
        long depth = 0;
        call[depth++] = (int32_t)root;
        index[root] = low[root] = (int32_t)next_index++;
        iter[root] = s->edge_first[root];
        stack[sp++] = (int32_t)root;
        on[root] = true;
        while (depth > 0) {
            long v = call[depth - 1];
            if (iter[v] < s->edge_first[v + 1]) {
                long w = s->edges[iter[v]++].to;
                if (!useful[w])
                    continue;
                if (index[w] < 0) {
                    index[w] = low[w] = (int32_t)next_index++;
                    iter[w] = s->edge_first[w];
                    stack[sp++] = (int32_t)w;
                    on[w] = true;
                    call[depth++] = (int32_t)w;
                } else if (on[w] && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            depth--;
            if (depth > 0) {
                long parent = call[depth - 1];
                if (low[v] < low[parent])
                    low[parent] = low[v];
            }
            if (low[v] == index[v]) {
                comp_first[ncomp] = (int32_t)ordered;
                long w;
                do {
                    w = stack[--sp];
                    on[w] = false;
                    comp[w] = (int32_t)ncomp;
                    order[ordered++] = (int32_t)w;
                } while (w != v);
                ncomp++;
            }
        }
    }
    comp_first[ncomp] = (int32_t)ordered;
done:
    free(index);
    free(low);
    free(stack);
    free(call);
    free(iter);
    free(on);
    return ncomp;
}

/* The highest totals inside a component whose loops lose points: Bellman-Ford over its own
 * edges from the totals it is entered with (dmax), which settles within `size` rounds when no
 * loop gains points (the loader rejects those; should one slip through, the totals become
 * unbounded). Returns -1 when the work would pass a bound (then the totals stay partial). */
static int longest_in_component(const Search *s, const int32_t *comp, long c, const int32_t *members,
                                long size, int64_t *dmax)
{
    long edges = 0;
    for (long k = 0; k < size; k++)
        edges += s->edge_first[members[k] + 1] - s->edge_first[members[k]];
    if ((double)edges * (double)size > 2e8)
        return -1;
    for (long round = 0; round <= size; round++) {
        bool changed = false;
        for (long k = 0; k < size; k++) {
            long u = members[k];
            if (dmax[u] == INF_NEG)
                continue;
            for (long e = s->edge_first[u]; e < s->edge_first[u + 1]; e++) {
                long v = s->edges[e].to;
                if (comp[v] != c)
                    continue;
                int64_t hi = sat_add(dmax[u], s->edges[e].w);
                if (hi > dmax[v]) {
                    dmax[v] = round == size ? INF_POS : hi;
                    changed = true;
                }
            }
        }
        if (!changed)
            break;
    }
    return 0;
}

/* The working arrays of solve, one slot per state (and one spare). */
typedef struct {
    bool *useful;
    int32_t *comp, *order, *comp_first, *queue;
    int64_t *dmin, *dmax, *pot;
    bool *has_pot;
    uint64_t *count;
} Solve;

static void solve_free(Solve *w)
{
    free(w->useful);
    free(w->comp);
    free(w->order);
    free(w->comp_first);
    free(w->dmin);
    free(w->dmax);
    free(w->pot);
    free(w->has_pot);
    free(w->count);
    free(w->queue);
}

/* Returns -1 when out of memory (solve_free still frees what was had). */
static int solve_alloc(const Search *s, Solve *w)
{
    size_t n = (size_t)s->nstates;
    w->useful = coreachable(s);
    w->comp = malloc((n + 1) * sizeof *w->comp);
    w->order = malloc((n + 1) * sizeof *w->order);
    w->comp_first = malloc((n + 2) * sizeof *w->comp_first);
    w->dmin = malloc((n + 1) * sizeof *w->dmin);
    w->dmax = malloc((n + 1) * sizeof *w->dmax);
    w->pot = malloc((n + 1) * sizeof *w->pot);
    w->has_pot = calloc(n + 1, sizeof *w->has_pot);
    w->count = calloc(n + 1, sizeof *w->count);
    w->queue = malloc((n + 1) * sizeof *w->queue);
    if (!w->useful || !w->comp || !w->order || !w->comp_first || !w->dmin || !w->dmax || !w->pot ||
        !w->has_pot || !w->count || !w->queue)
        return -1;
    for (size_t i = 0; i < n; i++) {
        w->dmin[i] = INF_POS; /* unset */
        w->dmax[i] = INF_NEG;
    }
    return 0;
}

/* Whether the component members[0..size) holds a loop: two states or more, or a self-edge. */
static bool component_is_cyclic(const Search *s, const int32_t *members, long size)
{
    long root = members[0];
    if (size > 1)
        return true;
    for (long e = s->edge_first[root]; e < s->edge_first[root + 1]; e++)
        if (s->edges[e].to == root)
            return true;
    return false;
}

/* Potentials of component c by a search over its own edges from its root; returns whether
 * every cycle in it totals zero (then w(u,v) = pot(v) - pot(u) on each of its edges). */
static bool component_potentials(const Search *s, Solve *w, long c, long root)
{
    long head = 0, tail = 0;
    w->pot[root] = 0;
    w->has_pot[root] = true;
    w->queue[tail++] = (int32_t)root;
    bool zero_cycles = true;
    while (head < tail) {
        long u = w->queue[head++];
        for (long e = s->edge_first[u]; e < s->edge_first[u + 1]; e++) {
            long v = s->edges[e].to;
            if (w->comp[v] != c)
                continue;
            if (!w->has_pot[v]) {
                w->pot[v] = w->pot[u] + s->edges[e].w;
                w->has_pot[v] = true;
                w->queue[tail++] = (int32_t)v;
            } else if (w->pot[v] != w->pot[u] + s->edges[e].w) {
                zero_cycles = false;
            }
        }
    }
    return zero_cycles;
}

/* The totals inside a component with a loop, from the totals it is entered with. */
static void settle_cyclic(const Search *s, Solve *w, StatsAnalysis *a, long c, long first, long last)
{
    const uint64_t cap = STATS_PLAYTHROUGHS_CAP + 1;
    a->has_loop = true;
    bool zero_cycles = component_potentials(s, w, c, w->order[first]);
    int64_t lo = INF_POS, hi = INF_NEG;
    for (long k = first; k < last; k++) {
        long u = w->order[k];
        /* The infinities order themselves right against every finite value. */
        if (w->dmin[u] != INF_POS) {
            int64_t x = w->dmin[u] == INF_NEG ? INF_NEG : w->dmin[u] - w->pot[u];
            lo = x < lo ? x : lo;
        }
        if (w->dmax[u] != INF_NEG) {
            int64_t x = w->dmax[u] == INF_POS ? INF_POS : w->dmax[u] - w->pot[u];
            hi = x > hi ? x : hi;
        }
    }
    for (long k = first; k < last; k++) {
        long u = w->order[k];
        w->dmin[u] = zero_cycles ? sat_add(lo, w->pot[u]) : INF_NEG;
        if (zero_cycles)
            w->dmax[u] = sat_add(hi, w->pot[u]);
        w->count[u] = cap; /* a loop: endless playthroughs */
    }
    if (!zero_cycles && longest_in_component(s, w->comp, c, w->order + first, last - first, w->dmax) < 0)
        a->max_search_gave_up = true;
}

/* Carries the totals and counts of component c over the edges that leave it. */
static void relax_leaving(const Search *s, Solve *w, long c, long first, long last)
{
    const uint64_t cap = STATS_PLAYTHROUGHS_CAP + 1;
    for (long k = first; k < last; k++) {
        long u = w->order[k];
        for (long e = s->edge_first[u]; e < s->edge_first[u + 1]; e++) {
            long v = s->edges[e].to;
            if (!w->useful[v] || w->comp[v] == c)
                continue;
            int64_t lo = sat_add(w->dmin[u], s->edges[e].w);
            int64_t hi = sat_add(w->dmax[u], s->edges[e].w);
            if (w->dmin[v] == INF_POS || lo < w->dmin[v])
                w->dmin[v] = lo;
            if (w->dmax[v] == INF_NEG || hi > w->dmax[v])
                w->dmax[v] = hi;
            w->count[v] = w->count[v] + w->count[u] > cap ? cap : w->count[v] + w->count[u];
        }
    }
}

/* The figures over the useful endings: lowest and highest totals, best pass, playthroughs. */
static void collect_endings(const Search *s, const Solve *w, StatsAnalysis *a)
{
    const uint64_t cap = STATS_PLAYTHROUGHS_CAP + 1;
    uint64_t total = 0;
    bool any_end = false;
    for (long i = 0; i < s->nstates; i++) {
        if (!w->useful[i] || !is_end(s, i))
            continue;
        const ScNode *node = scenario_node(s->sc, (int)s->keys[i * s->kw]);
        if (!a->has_min || w->dmin[i] < a->min_total) {
            a->min_total = w->dmin[i];
            a->has_min = true;
        }
        if (!any_end || w->dmax[i] > a->search_max)
            a->search_max = w->dmax[i];
        any_end = true;
        if (node->outcome != SC_OUTCOME_FAIL && (!a->has_best_pass || w->dmax[i] > a->best_pass_raw)) {
            a->best_pass_raw = w->dmax[i];
            a->has_best_pass = true;
        }
        total = total + w->count[i] > cap ? cap : total + w->count[i];
    }
    a->min_unbounded = a->has_min && a->min_total == INF_NEG;
    a->playthroughs = total >= cap ? STATS_PLAYTHROUGHS_CAP : total;
    a->playthroughs_more = total >= cap;
}

/* Min and max totals from start to every useful state, and playthrough counts. Components are
 * processed from sources to sinks. Inside a component with a loop, every cycle's total is zero
 * exactly when a potential p exists with w(u,v) = p(v) - p(u) on its edges; then the best path
 * between two of its states is path-independent. Otherwise some loop changes the total: since
 * the loader rejects loops that gain points, that loop loses points, and the minimum through it
 * has no bound. */
static int solve(Search *s, StatsAnalysis *a)
{
    Solve w = {0};
    int rc = -1;
    if (solve_alloc(s, &w) < 0)
        goto done;
    if (!w.useful[0]) {
        /* No ending can be reached from start. */
        rc = 0;
        goto done;
    }
    long ncomp = components(s, w.useful, w.comp, w.order, w.comp_first);
    if (ncomp < 0)
        goto done;
    w.dmin[0] = w.dmax[0] = 0;
    w.count[0] = 1;
    for (long c = ncomp - 1; c >= 0; c--) {
        long first = w.comp_first[c], last = w.comp_first[c + 1];
        if (component_is_cyclic(s, w.order + first, last - first))
            settle_cyclic(s, &w, a, c, first, last);
        relax_leaving(s, &w, c, first, last);
    }
    collect_endings(s, &w, a);
    rc = 0;
done:
    solve_free(&w);
    return rc;
}

void stats_analysis_free(StatsAnalysis *a)
{
    free(a->node_reachable);
    free(a->choice_first);
    free(a->choice_reachable);
    memset(a, 0, sizeof *a);
}

/* Per-choice index: first[i] is where node i's choices start; returns the total. */
static int *choice_index(const Scenario *sc, int *total)
{
    int n = scenario_node_count(sc);
    int *first = malloc(((size_t)n + 1) * sizeof *first);
    if (!first)
        return NULL;
    int t = 0;
    for (int i = 0; i < n; i++) {
        first[i] = t;
        const ScNode *node = scenario_node(sc, i);
        if (node->kind == SC_NODE_CHOICES)
            t += node->nchoices;
    }
    first[n] = t;
    *total = t;
    return first;
}

/* The figures read straight from the scenario: maxima, pass mark, endings by outcome. */
static void scenario_figures(const Scenario *sc, StatsAnalysis *a)
{
    const ScMax *mx = scenario_max(sc);
    a->max_total = mx->total;
    a->max_exact = mx->exact;
    a->ncompetencies = scenario_competency_count(sc);
    for (int i = 0; i < a->ncompetencies && i < SC_MAX_COMPETENCIES; i++)
        a->max_competency[i] = mx->competency[i];
    a->pass_percent = scenario_pass_percent(sc);
    a->nnodes = scenario_node_count(sc);
    for (int i = 0; i < a->nnodes; i++) {
        const ScNode *node = scenario_node(sc, i);
        if (node->kind != SC_NODE_END)
            continue;
        a->endings++;
        if (node->outcome == SC_OUTCOME_PASS)
            a->endings_pass++;
        else if (node->outcome == SC_OUTCOME_FAIL)
            a->endings_fail++;
        else
            a->endings_neutral++;
    }
}

static void search_free(Search *s)
{
    free(s->meter_slot);
    free(s->flag_slot);
    free(s->meters);
    free(s->flags);
    free(s->key);
    free(s->next);
    free(s->keys);
    free(s->table);
    free(s->edge_first);
    free(s->edges);
}

/* Prepares the search: the meters and flags some condition reads, and the key scratch.
 * Returns -1 when out of memory (search_free still frees what was had). */
static int search_init(Search *s, const Scenario *sc)
{
    *s = (Search){.sc = sc, .nmeters = scenario_meter_count(sc), .nflags = scenario_flag_count(sc)};
    s->meter_slot = malloc(((size_t)s->nmeters + 1) * sizeof *s->meter_slot);
    s->flag_slot = malloc(((size_t)s->nflags + 1) * sizeof *s->flag_slot);
    s->meters = calloc((size_t)s->nmeters + 1, sizeof *s->meters);
    s->flags = calloc((size_t)s->nflags + 1, sizeof *s->flags);
    if (!s->meter_slot || !s->flag_slot || !s->meters || !s->flags)
        return -1;
    for (int i = 0; i < s->nmeters; i++)
        s->meter_slot[i] = -1;
    for (int i = 0; i < s->nflags; i++)
        s->flag_slot[i] = -1;
    for (int i = 0; i < scenario_node_count(sc); i++) {
        const ScNode *node = scenario_node(sc, i);
        if (node->kind != SC_NODE_CHOICES)
            continue;
        for (int c = 0; c < node->nchoices; c++)
            if (node->choices[c].requires)
                expr_each_name(node->choices[c].requires, mark_name, s);
    }
    s->kw = 1 + s->ntm + (s->ntf + 31) / 32;
    s->key = calloc((size_t)s->kw, sizeof *s->key);
    s->next = calloc((size_t)s->kw, sizeof *s->next);
    return s->key && s->next ? 0 : -1;
}

/* Nodes with choices where some state took no edge (play stops there); -1 when out of memory. */
static int count_dead_ends(const Search *s, int nnodes)
{
    bool *dead = calloc((size_t)nnodes + 1, sizeof *dead);
    if (!dead)
        return -1;
    for (long i = 0; i < s->nstates; i++) {
        int ni = (int)s->keys[i * s->kw];
        if (scenario_node(s->sc, ni)->kind == SC_NODE_CHOICES && s->edge_first[i] == s->edge_first[i + 1])
            dead[ni] = true;
    }
    int n = 0;
    for (int i = 0; i < nnodes; i++)
        n += dead[i];
    free(dead);
    return n;
}

/* The figures of a complete search: dead ends, totals, whether the pass mark can be reached. */
static int complete_figures(Search *s, StatsAnalysis *a)
{
    int dead = count_dead_ends(s, a->nnodes);
    if (dead < 0)
        return -1;
    a->dead_end_nodes = dead;
    if (solve(s, a) < 0)
        return -1;
    a->pass_known = !a->max_search_gave_up;
    a->pass_reachable = a->has_best_pass && a->max_total > 0 &&
                        score_percent(a->best_pass_raw, a->max_total) >= a->pass_percent;
    if (a->has_min)
        a->min_percent = a->min_unbounded ? 0 : score_percent(a->min_total, a->max_total);
    return 0;
}

int stats_analyse(const Scenario *sc, StatsAnalysis *a)
{
    memset(a, 0, sizeof *a);
    scenario_figures(sc, a);
    int nchoices = 0;
    a->choice_first = choice_index(sc, &nchoices);
    a->node_reachable = calloc((size_t)a->nnodes + 1, sizeof *a->node_reachable);
    a->choice_reachable = calloc((size_t)nchoices + 1, sizeof *a->choice_reachable);

    Search s;
    int rc = -1;
    if (search_init(&s, sc) < 0 || !a->choice_first || !a->node_reachable || !a->choice_reachable)
        goto done;
    int r = explore(&s, a);
    if (r < 0)
        goto done;
    a->states = s.nstates;
    a->complete = r == 0;
    for (int i = 0; i < a->nnodes; i++)
        if (a->node_reachable[i] && scenario_node(sc, i)->kind == SC_NODE_END)
            a->endings_reachable++;
    if (a->complete && complete_figures(&s, a) < 0)
        goto done;
    rc = 0;
done:
    search_free(&s);
    if (rc < 0)
        stats_analysis_free(a);
    return rc;
}

/* ---- random play ---- */

int stats_bucket(int percent)
{
    if (percent < 0)
        percent = 0;
    int b = percent / 10;
    return b >= STATS_BUCKETS ? STATS_BUCKETS - 1 : b;
}

void stats_random_free(StatsRandom *r)
{
    free(r->node_reached);
    free(r->choice_first);
    free(r->choice_taken);
    memset(r, 0, sizeof *r);
}

/* A uniform index in [0, n) from one draw. */
static int pick(uint64_t *state, int n)
{
    double u = (double)(play_splitmix64(state) >> 11) * (1.0 / 9007199254740992.0);
    int i = (int)(u * n);
    return i >= n ? n - 1 : i;
}

int stats_random_play(const Scenario *sc, long runs, uint64_t seed, StatsProgress progress,
                      void *ctx, StatsRandom *r)
{
    memset(r, 0, sizeof *r);
    r->runs = runs < 0 ? 0 : runs;
    r->seed = seed;
    r->min_percent = r->max_percent = -1;
    r->nnodes = scenario_node_count(sc);
    int nchoices = 0;
    r->choice_first = choice_index(sc, &nchoices);
    r->node_reached = calloc((size_t)r->nnodes + 1, sizeof *r->node_reached);
    r->choice_taken = calloc((size_t)nchoices + 1, sizeof *r->choice_taken);
    if (!r->choice_first || !r->node_reached || !r->choice_taken) {
        stats_random_free(r);
        return -1;
    }
    uint64_t seeds = seed;                      /* one seed per run */
    uint64_t picks = seed ^ 0x5bd1e9955bd1e995ULL; /* the guesser's own stream */
    PlayOptions opts = {.timers = false, .time_multiplier = 0};
    double sum_percent = 0;
    long step_every = r->runs / 100 > 0 ? r->runs / 100 : 1;
    for (long run = 0; run < r->runs; run++) {
        if (progress && run % step_every == 0)
            progress(ctx, run, r->runs);
        Play *p = play_new(sc, play_splitmix64(&seeds), opts);
        if (!p) {
            stats_random_free(r);
            return -1;
        }
        int steps = 0;
        PlayStatus st;
        r->node_reached[play_node(p)] = true;
        while ((st = play_status(p)) == PLAY_CHOOSING || st == PLAY_WAITING) {
            if (++steps > STATS_MAX_STEPS)
                break;
            if (st == PLAY_WAITING) {
                play_continue(p, 0);
            } else {
                int offered[SC_MAX_CHOICES];
                int n = play_offered(p, offered);
                int c = offered[pick(&picks, n)];
                r->choice_taken[r->choice_first[play_node(p)] + c] = true;
                play_choose(p, c, 0);
            }
            r->node_reached[play_node(p)] = true;
        }
        if (st == PLAY_ENDED) {
            PlayResult res;
            play_result(p, &res);
            int pc = res.total.percent < 0 ? 0 : res.total.percent;
            r->ended++;
            r->passed += res.passed;
            r->histogram[stats_bucket(pc)]++;
            sum_percent += pc;
            if (r->min_percent < 0 || pc < r->min_percent)
                r->min_percent = pc;
            if (pc > r->max_percent)
                r->max_percent = pc;
        } else if (st == PLAY_DEAD_END) {
            r->dead_ends++;
        } else {
            r->unfinished++;
        }
        play_free(p);
    }
    if (progress)
        progress(ctx, r->runs, r->runs);
    r->pass_rate = r->runs > 0 ? (double)r->passed / (double)r->runs : 0;
    r->mean_percent = r->ended > 0 ? sum_percent / (double)r->ended : 0;
    return 0;
}
