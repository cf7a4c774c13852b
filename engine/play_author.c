/* play_author: the author's play-test view of a call (play_author.h). */
#include "play_author.h"

#include <stdio.h>
#include <string.h>

#include "expr.h"

typedef struct {
    const Play *p;
    char *buf;
    size_t size, len;
} Values;

static void add_value(void *ctx, bool is_flag, int index)
{
    Values *v = ctx;
    const Scenario *sc = play_scenario(v->p);
    const char *name = is_flag ? scenario_flag(sc, index) : scenario_meter(sc, index)->id;
    char key[80];
    snprintf(key, sizeof key, "%s = ", name);
    for (const char *at = strstr(v->buf, key); at; at = strstr(at + 1, key))
        if (at == v->buf || at[-1] == ' ')
            return; /* read twice by the condition: said once */
    if (v->len >= v->size)
        return;
    int w = is_flag ? snprintf(v->buf + v->len, v->size - v->len, "%s%s = %s", v->len ? ", " : "",
                               scenario_flag(sc, index), play_flag(v->p, index) ? "yes" : "no")
                    : snprintf(v->buf + v->len, v->size - v->len, "%s%s = %d", v->len ? ", " : "",
                               scenario_meter(sc, index)->id, play_meter(v->p, index));
    if (w > 0)
        v->len += (size_t)w;
    if (v->len >= v->size)
        v->len = v->size - 1;
}

int play_hidden(const Play *p, PlayHidden *out)
{
    PlayStatus st = play_status(p);
    if (st != PLAY_CHOOSING && st != PLAY_DEAD_END)
        return 0;
    const ScNode *n = scenario_node(play_scenario(p), play_node(p));
    int k = 0;
    for (int i = 0; i < n->nchoices; i++) {
        if (!n->choices[i].requires || play_is_offered(p, i))
            continue;
        out[k].choice = i;
        out[k].condition = n->choices[i].requires_src;
        out[k].values[0] = '\0';
        Values v = {p, out[k].values, sizeof out[k].values, 0};
        expr_each_name(n->choices[i].requires, add_value, &v);
        k++;
    }
    return k;
}

bool play_is_partial(const Play *p)
{
    const Scenario *sc = play_scenario(p);
    int first = play_step_count(p) > 0 ? play_step(p, 0)->node : play_node(p);
    return first != scenario_start(sc);
}

void play_timer_range(const Scenario *sc, int from, double *first, double *lo, double *hi)
{
    *first = *lo = *hi = 0;
    bool any = false;
    for (int i = 0; i < scenario_node_count(sc); i++) {
        const ScNode *n = scenario_node(sc, i);
        if (n->kind != SC_NODE_CHOICES || n->time_limit <= 0)
            continue;
        if (!any || n->time_limit < *lo)
            *lo = n->time_limit;
        if (!any || n->time_limit > *hi)
            *hi = n->time_limit;
        any = true;
    }
    int at = from;
    for (int steps = 0; at >= 0 && steps < scenario_node_count(sc); steps++) {
        const ScNode *n = scenario_node(sc, at);
        if (n->kind == SC_NODE_CHOICES) {
            *first = n->time_limit;
            break;
        }
        if (n->kind != SC_NODE_NEXT)
            break;
        at = n->next.node >= 0 ? n->next.node : n->next.branches[0].node;
    }
    if (any && *first <= 0)
        *first = *lo;
}
