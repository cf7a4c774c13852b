/* score_loop: the answers of a loop that gains points, for the validator's message. */
#include "score_loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The points of a choice in competency comp (-1: all of them). */
static long points_of(const ScChoice *c, int comp)
{
    long p = 0;
    for (int i = 0; i < c->nscore; i++)
        if (comp < 0 || c->score[i].competency == comp)
            p += c->score[i].points;
    return p;
}

typedef struct {
    int *prev_node;           /* the node before, on the shortest way from the start */
    const ScChoice **prev_by; /* the answer taken there (NULL: a "next" or a random branch) */
    int *queue;
    int head, tail;
} Bfs;

static void visit(Bfs *b, int from, const ScChoice *by, const ScGoto *g, int target_start, bool *closed,
                  int *close_from, const ScChoice **close_by)
{
    int n = g->node >= 0 ? 1 : g->nbranches;
    for (int i = 0; i < n; i++) {
        int to = g->node >= 0 ? g->node : g->branches[i].node;
        if (to == target_start && !*closed) {
            *closed = true;
            *close_from = from;
            *close_by = by;
        } else if (to != target_start && b->prev_node[to] == -2) {
            b->prev_node[to] = from;
            b->prev_by[to] = by;
            b->queue[b->tail++] = to;
        }
    }
}

int score_describe_loop(const Scenario *sc, int node, int comp, char *buf, size_t size)
{
    buf[0] = '\0';
    int nn = scenario_node_count(sc);
    Bfs b = {malloc((size_t)nn * sizeof(int)), malloc((size_t)nn * sizeof(ScChoice *)), malloc((size_t)nn * sizeof(int)),
             0, 0};
    if (!b.prev_node || !b.prev_by || !b.queue)
        goto done;
    for (int i = 0; i < nn; i++)
        b.prev_node[i] = -2;
    b.queue[b.tail++] = node;
    bool closed = false;
    int close_from = -1;
    const ScChoice *close_by = NULL;
    while (b.head < b.tail && !closed) {
        int at = b.queue[b.head++];
        const ScNode *n = scenario_node(sc, at);
        if (n->kind == SC_NODE_NEXT)
            visit(&b, at, NULL, &n->next, node, &closed, &close_from, &close_by);
        for (int k = 0; k < n->nchoices && n->kind == SC_NODE_CHOICES; k++)
            visit(&b, at, &n->choices[k], &n->choices[k].next, node, &closed, &close_from, &close_by);
        if (n->timeout && n->kind == SC_NODE_CHOICES)
            visit(&b, at, n->timeout, &n->timeout->next, node, &closed, &close_from, &close_by);
    }
    if (!closed)
        goto done;
    /* the edges back from the closing one: (node, answer taken there) */
    int steps[64], nsteps = 0;
    const ScChoice *by[64];
    steps[nsteps] = close_from;
    by[nsteps++] = close_by;
    for (int at = close_from; at != node && nsteps < 64; at = b.prev_node[at]) {
        steps[nsteps] = b.prev_node[at];
        by[nsteps++] = b.prev_by[at];
    }
    if (comp < 0) { /* the competency that gains most on this loop */
        long best = 0;
        for (int k = 0; k < scenario_competency_count(sc); k++) {
            long sum = 0;
            for (int i = 0; i < nsteps; i++)
                sum += by[i] ? points_of(by[i], k) : 0;
            if (sum > best) {
                best = sum;
                comp = k;
            }
        }
    }
    size_t len = 0;
    for (int i = nsteps - 1; i >= 0 && len < size; i--) {
        const ScChoice *c = by[i];
        const char *nid = scenario_node(sc, steps[i])->id;
        int w;
        if (c && points_of(c, comp))
            w = snprintf(buf + len, size - len, "%sanswer \"%s\" at \"%s\" (%+ld %s)", len ? ", then " : "", c->id, nid,
                         points_of(c, comp), comp >= 0 ? scenario_competency(sc, comp)->id : "points");
        else if (c)
            w = snprintf(buf + len, size - len, "%sanswer \"%s\" at \"%s\"", len ? ", then " : "", c->id, nid);
        else
            w = snprintf(buf + len, size - len, "%son from \"%s\"", len ? ", then " : "", nid);
        if (w < 0)
            break;
        len += (size_t)w;
    }
    if (len >= size)
        buf[size - 1] = '\0';
done:
    free(b.prev_node);
    free(b.prev_by);
    free(b.queue);
    return comp;
}
