/* The validator's check of random branches: a weighted `next` whose branches lead to different
 * best totals still reachable lets luck change what a trainee can score (the same answers pass on
 * one seed and fail on another). Run on the finished exact search of score.c, where every play
 * state has its best total; one warning per `next`, naming the best and the worst branch.
 * The same search also tells which choices were never offered (a `requires` that never holds). */
#include <stdio.h>
#include <stdlib.h>

#include "score_search.h"

/* Bits of the per-node "already reported" mask beyond the choices' own. */
#define BIT_NEXT (1ull << 32)
#define BIT_TIMEOUT (1ull << 33)

static void fmt_value(char *buf, size_t size, int64_t v)
{
    if (v == SCORE_NONE)
        snprintf(buf, size, "no ending");
    else
        snprintf(buf, size, "%lld", (long long)v);
}

/* Compares the branches edges[first .. first+n) (one random goto taken at state i); warns once
 * per goto (mask bit) when their best totals differ. */
static void check_goto(const Search *s, uint32_t i, size_t first, uint32_t n, const char *ptr,
                       uint64_t *mask, uint64_t bit, DiagList *diags, const char *file)
{
    if (n < 2 || (*mask & bit))
        return;
    int64_t lo = 0, hi = 0;
    uint32_t lo_t = 0, hi_t = 0;
    for (uint32_t b = 0; b < n; b++) {
        uint32_t t = s->edges[first + b].target;
        int64_t v = s->value[(size_t)t * (size_t)s->ncomp];
        if (b == 0 || v < lo)
            lo = v, lo_t = t;
        if (b == 0 || v > hi)
            hi = v, hi_t = t;
    }
    if (lo == hi)
        return;
    *mask |= bit;
    char a[32], b[32];
    fmt_value(a, sizeof a, hi);
    fmt_value(b, sizeof b, lo);
    const ScNode *nodes = s->sc->nodes;
    diag_add(diags, DIAG_WARNING, file, 0, 0, ptr,
             "a random \"next\" at node \"%s\" whose branches differ in the best total still "
             "reachable (%s after \"%s\", %s after \"%s\"): luck changes what the trainee can score",
             nodes[key_node(s->keys + (size_t)i * s->key_size)].id, a,
             nodes[key_node(s->keys + (size_t)hi_t * s->key_size)].id, b,
             nodes[key_node(s->keys + (size_t)lo_t * s->key_size)].id);
}

/* The edges of a choice node come in runs, one per choice taken (its branches), the timeout
 * last; a random goto is a run of its branches. */
static void check_state(const Search *s, uint32_t i, uint64_t *masks, uint64_t *scenario_timeout,
                        DiagList *diags, const char *file)
{
    int node = key_node(s->keys + (size_t)i * s->key_size);
    const ScNode *n = &s->sc->nodes[node];
    char ptr[200];
    size_t e = s->edge_start[i], end = e + s->edge_count[i];
    if (n->kind == SC_NODE_NEXT) {
        snprintf(ptr, sizeof ptr, "/nodes/%s/next", n->id);
        check_goto(s, i, e, (uint32_t)(end - e), ptr, &masks[node], BIT_NEXT, diags, file);
        return;
    }
    while (e < end) {
        const ScChoice *c = s->edges[e].choice;
        size_t run = e;
        while (run < end && s->edges[run].choice == c)
            run++;
        if (c && c->next.node < 0) {
            if (c == n->timeout && c == s->sc->timeout) {
                check_goto(s, i, e, (uint32_t)(run - e), "/timeout/next", scenario_timeout, 1, diags, file);
            } else if (c == n->timeout) {
                snprintf(ptr, sizeof ptr, "/nodes/%s/timeout/next", n->id);
                check_goto(s, i, e, (uint32_t)(run - e), ptr, &masks[node], BIT_TIMEOUT, diags, file);
            } else {
                int ci = (int)(c - n->choices);
                snprintf(ptr, sizeof ptr, "/nodes/%s/choices/%d/next", n->id, ci);
                check_goto(s, i, e, (uint32_t)(run - e), ptr, &masks[node], 1ull << ci, diags, file);
            }
        }
        e = run;
    }
}

void score_warn_uneven_branches(const Search *s, DiagList *diags, const char *file)
{
    uint64_t *masks = calloc((size_t)s->sc->nnodes, sizeof *masks);
    uint64_t scenario_timeout = 0;
    if (!masks)
        return; /* a check skipped for want of memory; the load itself goes on */
    for (uint32_t i = 0; i < s->nstates; i++)
        if (s->index[i] != UINT32_MAX)
            check_state(s, i, masks, &scenario_timeout, diags, file);
    free(masks);
}

/* Choices never offered at a node the search reached: their `requires` never holds. */
void score_warn_never_offered(const Search *s, DiagList *diags, const char *file)
{
    const Scenario *sc = s->sc;
    for (int n = 0; n < sc->nnodes; n++) {
        const ScNode *node = &sc->nodes[n];
        if (!s->reached[n])
            continue;
        for (int c = 0; c < node->nchoices && c < 32; c++) {
            if (node->choices[c].requires && !(s->offered[n] & (1u << c))) {
                char ptr[160];
                snprintf(ptr, sizeof ptr, "/nodes/%s/choices/%d/requires", node->id, c);
                diag_add(diags, DIAG_WARNING, file, 0, 0, ptr,
                         "the condition \"%s\" can never hold here: choice \"%s\" is never offered",
                         node->choices[c].requires_src ? node->choices[c].requires_src : "",
                         node->choices[c].id);
            }
        }
    }
}
