/* scenario_graph: the flags (every name in a "set", from jsonpos's entries), and the warnings
 * about the node graph (unreachable nodes, nodes with no way to an ending). */
#include "scenario_parse.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- flags: every name in a "set", in order of first appearance ---- */

/* The current value is an "effects" object. */
/* Is entry e a node: a member of the top-level "nodes" object? */
static bool is_node(const JsonPos *jp, int e)
{
    int nodes = jsonpos_parent(jp, e);
    return jsonpos_kind(jp, e) == '{' && jsonpos_key_is(jp, nodes, "nodes") && jsonpos_parent(jp, nodes) == 0;
}

/* A "set" array (entry e): when it sits where effects go (a node's, a choice's, a node's or the
 * scenario's timeout), every valid name in it not yet known becomes a flag. */
static void collect_set(void *ctx, int e)
{
    L *l = ctx;
    const JsonPos *jp = l->jp;
    NameList *nl = &l->flags;
    int effects = jsonpos_parent(jp, e);
    int owner = jsonpos_parent(jp, effects);
    if (jsonpos_kind(jp, e) != '[' || jsonpos_kind(jp, effects) != '{' || !jsonpos_key_is(jp, effects, "effects") ||
        jsonpos_kind(jp, owner) != '{')
        return;
    int up = jsonpos_parent(jp, owner);
    bool timeout = jsonpos_key_is(jp, owner, "timeout");
    bool ok = (timeout && up == 0) ||                                            /* the scenario's timeout */
              is_node(jp, owner) ||                                              /* a node's effects */
              (timeout && is_node(jp, up)) ||                                    /* a node's timeout */
              (jsonpos_key_is(jp, up, "choices") && jsonpos_kind(jp, up) == '[' && /* a choice's */
               is_node(jp, jsonpos_parent(jp, up)));
    if (!ok)
        return;
    for (int c = jsonpos_first_child(jp, e); c >= 0; c = jsonpos_next_sibling(jp, c)) {
        char *name = jsonpos_string(jp, c);
        if (!name) {
            if (jsonpos_kind(jp, c) == '"')
                sl_oom(l);
            continue;
        }
        if (!sl_valid_id(name) || sl_reserved_word(name) || sl_map_get(&l->ld->names, name) >= 0) {
            free(name); /* reported in the walk; or a meter; or a flag already named */
            continue;
        }
        if (nl->n >= SC_MAX_FLAGS) {
            free(name);
            nl->n++; /* counted, reported later */
            continue;
        }
        if (nl->n == nl->cap) {
            int cap = nl->cap ? nl->cap * 2 : 16;
            const char **names = realloc(nl->names, (size_t)cap * sizeof *names);
            if (names)
                nl->names = names;
            char **where = realloc(nl->where, (size_t)cap * sizeof *where);
            if (where)
                nl->where = where;
            if (!names || !where) {
                free(name);
                sl_oom(l);
            }
            nl->cap = cap;
        }
        const char *kept = sl_strdup(l, name);
        free(name);
        nl->where[nl->n] = NULL;
        nl->names[nl->n] = kept;
        nl->n++; /* counted before the pointer, so sl_namelist_free sees it */
        if (!(nl->where[nl->n - 1] = jsonpos_pointer(jp, c)))
            sl_oom(l);
        sl_map_put(l, &l->ld->names, kept, FLAG_BASE + nl->n - 1);
    }
}

/* Every flag named in a "set", in order of first appearance in the file: from jsonpos's entries
 * (in document order), without another walk over cJSON's tree. */
void sl_collect_flags(L *l) { jsonpos_each_key(l->jp, "set", collect_set, l); }

void sl_namelist_free(NameList *nl)
{
    for (int i = 0; i < nl->n && i < SC_MAX_FLAGS && nl->where; i++)
        free(nl->where[i]);
    free(nl->where);
    free(nl->names);
    memset(nl, 0, sizeof *nl);
}

/* ---- graph warnings ---- */

static void push_goto(const ScGoto *g, int *stack, int *top, bool *seen)
{
    if (g->node >= 0) {
        if (!seen[g->node]) {
            seen[g->node] = true;
            stack[(*top)++] = g->node;
        }
        return;
    }
    for (int i = 0; i < g->nbranches; i++) {
        int t = g->branches[i].node;
        if (t >= 0 && !seen[t]) {
            seen[t] = true;
            stack[(*top)++] = t;
        }
    }
}

typedef struct {
    int *start; /* nnodes + 1 */
    int *from;
} Reverse;

static void add_rev_goto(const ScGoto *g, int src, int *count, int *fill, int *from)
{
    if (g->node >= 0) {
        if (fill)
            from[fill[g->node]++] = src;
        else
            count[g->node]++;
        return;
    }
    for (int i = 0; i < g->nbranches; i++) {
        int t = g->branches[i].node;
        if (t < 0)
            continue;
        if (fill)
            from[fill[t]++] = src;
        else
            count[t]++;
    }
}

static void each_edge_rev(const Scenario *sc, int *count, int *fill, int *from)
{
    for (int ni = 0; ni < sc->nnodes; ni++) {
        const ScNode *n = &sc->nodes[ni];
        if (n->kind == SC_NODE_CHOICES) {
            for (int c = 0; c < n->nchoices; c++)
                add_rev_goto(&n->choices[c].next, ni, count, fill, from);
            if (n->time_limit > 0 && n->timeout)
                add_rev_goto(&n->timeout->next, ni, count, fill, from);
        } else if (n->kind == SC_NODE_NEXT) {
            add_rev_goto(&n->next, ni, count, fill, from);
        }
    }
}

void sl_graph_warnings(L *l)
{
    Scenario *sc = l->sc;
    int nn = sc->nnodes;
    if (nn <= 0)
        return;
    bool *reach = calloc((size_t)nn, sizeof *reach);
    bool *ends = calloc((size_t)nn, sizeof *ends);
    int *stack = malloc((size_t)nn * sizeof *stack);
    int *count = calloc((size_t)nn + 1, sizeof *count);
    int *fill = malloc(((size_t)nn + 1) * sizeof *fill);
    int *from = NULL;
    if (!reach || !ends || !stack || !count || !fill)
        goto nomem;
    /* Forward from start and from every event target (a mentor can inject them). */
    int top = 0;
    if (sc->start >= 0) {
        reach[sc->start] = true;
        stack[top++] = sc->start;
    }
    for (int e = 0; e < sc->nevents; e++)
        push_goto(&sc->events[e].next, stack, &top, reach);
    while (top > 0) {
        const ScNode *n = &sc->nodes[stack[--top]];
        if (n->kind == SC_NODE_CHOICES) {
            for (int c = 0; c < n->nchoices; c++)
                push_goto(&n->choices[c].next, stack, &top, reach);
            if (n->time_limit > 0 && n->timeout)
                push_goto(&n->timeout->next, stack, &top, reach);
        } else if (n->kind == SC_NODE_NEXT) {
            push_goto(&n->next, stack, &top, reach);
        }
    }
    /* Backward from every ending. */
    each_edge_rev(sc, count, NULL, NULL);
    long total = 0;
    for (int i = 0; i < nn; i++) {
        fill[i] = (int)total;
        total += count[i];
    }
    fill[nn] = (int)total;
    from = malloc((size_t)(total ? total : 1) * sizeof *from);
    if (!from)
        goto nomem;
    int *begin = count; /* reuse: the start of each node's list */
    for (int i = 0; i <= nn; i++)
        begin[i] = fill[i];
    each_edge_rev(sc, NULL, fill, from);
    top = 0;
    for (int i = 0; i < nn; i++)
        if (sc->nodes[i].kind == SC_NODE_END) {
            ends[i] = true;
            stack[top++] = i;
        }
    while (top > 0) {
        int t = stack[--top];
        for (int k = begin[t]; k < begin[t + 1]; k++)
            if (!ends[from[k]]) {
                ends[from[k]] = true;
                stack[top++] = from[k];
            }
    }
    for (int i = 0; i < nn; i++) {
        size_t m1 = sl_path_push(l, "nodes");
        size_t m2 = sl_path_push(l, sc->nodes[i].id);
        if (!reach[i])
            sl_warn_key(l, "node \"%s\" is unreachable from \"start\"", sc->nodes[i].id);
        else if (!ends[i])
            sl_warn_key(l, "no ending can be reached from node \"%s\"", sc->nodes[i].id);
        sl_path_pop(l, m2);
        sl_path_pop(l, m1);
    }
    free(reach);
    free(ends);
    free(stack);
    free(count);
    free(fill);
    free(from);
    return;
nomem:
    free(reach);
    free(ends);
    free(stack);
    free(count);
    free(fill);
    free(from);
    sl_oom(l);
}
