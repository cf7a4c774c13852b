/* records_items: classical item analysis over recorded attempts (records_items.h). */
#include "records_items.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit_value.h"
#include "play.h"

/* One decision taken at a node: took the best answer on offer (0/1), the attempt's raw total
 * minus the points earned at this decision. */
typedef struct {
    unsigned char best;
    int64_t rest;
} Obs;

typedef struct {
    Obs *obs;
    int nobs, cap;
    int *best_count; /* per choice, then the timeout: how often it was the best on offer */
    int64_t took_ms;
} Acc;

struct ItemsAnalysis {
    const Scenario *sc;
    AuditValue *value; /* best continuations; NULL past the search's bound */
    int nitems;
    ItemsNode *items;  /* choice nodes, in node order */
    Acc *acc;          /* per item */
    int *item_of_node; /* node index -> item, -1 */
    int attempts, skipped;
};

ItemsAnalysis *items_new(const Scenario *sc)
{
    ItemsAnalysis *it = calloc(1, sizeof *it);
    int nn = scenario_node_count(sc);
    if (!it || !(it->item_of_node = malloc((size_t)nn * sizeof(int))) ||
        !(it->items = calloc((size_t)nn, sizeof *it->items)) || !(it->acc = calloc((size_t)nn, sizeof *it->acc))) {
        items_free(it);
        return NULL;
    }
    it->sc = sc;
    bool too_big = false;
    it->value = audit_value_new(sc, &too_big);
    if (!it->value && !too_big) {
        items_free(it);
        return NULL;
    }
    for (int i = 0; i < nn; i++) {
        const ScNode *n = scenario_node(sc, i);
        it->item_of_node[i] = -1;
        if (n->kind != SC_NODE_CHOICES)
            continue;
        ItemsNode *m = &it->items[it->nitems];
        m->node = i;
        m->best = -1;
        m->nanswers = n->nchoices;
        m->has_timeout = n->time_limit > 0 && n->timeout;
        m->counts = calloc((size_t)n->nchoices, sizeof(int));
        it->acc[it->nitems].best_count = calloc((size_t)n->nchoices + 1, sizeof(int));
        it->item_of_node[i] = it->nitems++;
        if (!m->counts || !it->acc[it->nitems - 1].best_count) {
            items_free(it);
            return NULL;
        }
    }
    return it;
}

void items_free(ItemsAnalysis *it)
{
    if (!it)
        return;
    for (int i = 0; it->items && it->acc && i < it->nitems; i++) {
        free(it->items[i].counts);
        free(it->acc[i].obs);
        free(it->acc[i].best_count);
    }
    audit_value_free(it->value);
    free(it->items);
    free(it->acc);
    free(it->item_of_node);
    free(it);
}

int items_attempts(const ItemsAnalysis *it) { return it->attempts; }
int items_skipped(const ItemsAnalysis *it) { return it->skipped; }
const AuditValue *items_value(const ItemsAnalysis *it) { return it->value; }

static int64_t choice_points(const ScChoice *c)
{
    int64_t s = 0;
    for (int i = 0; c && i < c->nscore; i++)
        s += c->score[i].points;
    return s;
}

static int push_obs(Acc *a, Obs o)
{
    if (a->nobs == a->cap) {
        int cap = a->cap ? a->cap * 2 : 16;
        Obs *n = realloc(a->obs, (size_t)cap * sizeof *n);
        if (!n)
            return -1;
        a->obs = n;
        a->cap = cap;
    }
    a->obs[a->nobs++] = o;
    return 0;
}

/* The attempt replayed on the file, or NULL when its log does not fit (or out of memory). */
static Play *replay(const Scenario *sc, const RecordsAttempt *a)
{
    int start = a->start_node && *a->start_node ? scenario_find_node(sc, a->start_node) : -1;
    if (a->start_node && *a->start_node && start < 0)
        return NULL;
    return play_replay(sc, a->seed, records_play_options(a), start, a->steps, a->nsteps, NULL, 0);
}

/* The best answer on offer at decision step st, from the search's memo or, the first time a
 * state is met, computed on *at (a copy of p made at the first need, rewound in place: the
 * caller goes latest decision first, so each rewind keeps the steps the earlier ones need). */
static int best_at(const ItemsAnalysis *it, const Play *p, int st, Play **at)
{
    int *memo = audit_value_memo_before(it->value, p, st, AUDIT_MEMO_BEST);
    int best = memo ? *memo : AUDIT_MEMO_EMPTY;
    if (best == AUDIT_MEMO_EMPTY) {
        if (!*at && !(*at = play_clone(p)))
            return -3;
        play_rewind(*at, st);
        best = audit_value_best(it->value, *at);
    }
    if (best == -1)
        return scenario_node(it->sc, play_step(p, st)->node)->nchoices; /* the timeout alone */
    return best >= 0 ? best : play_step_best(p, st);
}

/* The best answer on offer at each decision of p (out[d] for decision d): a choice index,
 * nchoices for the timeout, or -1. 0, or -1 out of memory. */
static int best_on_offer(const ItemsAnalysis *it, const Play *p, int *out)
{
    int nd = play_decision_count(p);
    if (!it->value) {
        for (int d = 0; d < nd; d++)
            out[d] = play_step_best(p, play_decision_step(p, d));
        return 0;
    }
    Play *at = NULL;
    int rc = 0;
    for (int d = nd - 1; d >= 0 && rc == 0; d--) {
        out[d] = best_at(it, p, play_decision_step(p, d), &at);
        rc = out[d] == -3 ? -1 : 0;
    }
    play_free(at);
    return rc;
}

static bool applies(const ItemsAnalysis *it, const RecordsAttempt *a)
{
    return a->status && !strcmp(a->status, "completed") && a->mode && strcmp(a->mode, "sandbox") &&
           a->scenario_id && !strcmp(a->scenario_id, scenario_id(it->sc));
}

static int add_play(ItemsAnalysis *it, const Play *p)
{
    if (!p || play_status(p) != PLAY_ENDED) {
        it->skipped++;
        return 1;
    }
    PlayResult r;
    play_result(p, &r);
    int nd = play_decision_count(p);
    int *bests = malloc((size_t)(nd ? nd : 1) * sizeof *bests);
    int rc = bests ? best_on_offer(it, p, bests) : -1;
    for (int d = 0; d < nd && rc == 0; d++) {
        int st = play_decision_step(p, d);
        const PlayStep *s = play_step(p, st);
        int k = it->item_of_node[s->node];
        ItemsNode *m = &it->items[k];
        Acc *acc = &it->acc[k];
        int best = bests[d];
        if (s->kind == PLAY_STEP_TIMEOUT)
            m->timeouts++;
        else
            m->counts[s->index]++;
        if (best >= 0)
            acc->best_count[best]++;
        acc->took_ms += s->took_ms;
        Obs o = {.best = s->kind == PLAY_STEP_TIMEOUT ? best == m->nanswers : s->index == best,
                 .rest = r.total.raw - choice_points(play_step_choice(p, st))};
        rc = push_obs(acc, o);
        m->reached++;
    }
    free(bests);
    if (rc == 0)
        it->attempts++;
    return rc;
}

int items_add(ItemsAnalysis *it, const RecordsAttempt *a)
{
    if (!applies(it, a))
        return 1;
    Play *p = replay(it->sc, a);
    int rc = add_play(it, p);
    play_free(p);
    return rc;
}

int items_add_replayed(ItemsAnalysis *it, const RecordsAttempt *a, const Play *p)
{
    return applies(it, a) ? add_play(it, p) : 1;
}

/* Pearson's r of (best, rest); false when either side does not vary. */
static bool item_rest(const Acc *a, double *r)
{
    int n = a->nobs;
    if (n < 2)
        return false;
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) {
        mx += a->obs[i].best;
        my += (double)a->obs[i].rest;
    }
    mx /= n;
    my /= n;
    double sxx = 0, syy = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        double dx = a->obs[i].best - mx, dy = (double)a->obs[i].rest - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (!(sxx > 0) || !(syy > 0))
        return false;
    *r = sxy / sqrt(sxx * syy);
    return true;
}

const ItemsNode *items_nodes(ItemsAnalysis *it, int *n)
{
    for (int k = 0; k < it->nitems; k++) {
        ItemsNode *m = &it->items[k];
        const Acc *a = &it->acc[k];
        m->best = -1;
        for (int c = 0; c <= m->nanswers; c++)
            if (a->best_count[c] > 0 && (m->best < 0 || a->best_count[c] > a->best_count[m->best]))
                m->best = c;
        int took_best = 0;
        for (int i = 0; i < a->nobs; i++)
            took_best += a->obs[i].best;
        m->has_p = m->has_seconds = m->reached > 0;
        m->p = m->reached > 0 ? (double)took_best / m->reached : 0;
        m->mean_seconds = m->reached > 0 ? (double)a->took_ms / 1000.0 / m->reached : 0;
        m->has_discrimination = item_rest(a, &m->discrimination);
        m->flags = 0;
        for (int c = 0; m->reached > 0 && c < m->nanswers; c++)
            if (m->counts[c] == 0)
                m->flags |= ITEMS_FLAG_UNUSED;
        if (m->has_p && m->p > ITEMS_EASY_P)
            m->flags |= ITEMS_FLAG_EASY;
        if (m->has_discrimination && m->discrimination < 0)
            m->flags |= ITEMS_FLAG_NEGATIVE;
    }
    *n = it->nitems;
    return it->items;
}

int items_flag_names(const ItemsAnalysis *it, const ItemsNode *m, const char **names, int max)
{
    static _Thread_local char unused[SC_MAX_CHOICES][80];
    const ScNode *node = scenario_node(it->sc, m->node);
    int k = 0;
    for (int c = 0; (m->flags & ITEMS_FLAG_UNUSED) && c < m->nanswers && k < max; c++)
        if (m->counts[c] == 0) {
            snprintf(unused[c], sizeof unused[c], "unused:%s", node->choices[c].id);
            names[k++] = unused[c];
        }
    if ((m->flags & ITEMS_FLAG_EASY) && k < max)
        names[k++] = "p_above_0.95";
    if ((m->flags & ITEMS_FLAG_NEGATIVE) && k < max)
        names[k++] = "negative_discrimination";
    return k;
}
