/* audit_walk: best play and every one-mistake path, over the seeds.
 *
 * Best play takes, at every decision, the answer that starts the best continuation
 * (audit_value.h). At each decision it meets, every other answer on offer, and the timeout where
 * the node has a timer, is tried on a copy of the play, which then goes on with best play to the
 * end: a one-mistake path. The same (node, answer) met on several seeds is one mistake with a
 * count of passes; a pass on some seeds and a fail on others means luck, not the answers,
 * decides. */
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"

char *audit_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int audit_grow(void *arr, int *cap, int n, size_t size)
{
    if (n < *cap)
        return 0;
    int ncap = *cap ? *cap * 2 : 16;
    void **a = arr;
    void *p = realloc(*a, (size_t)ncap * size);
    if (!p)
        return -1;
    *a = p;
    *cap = ncap;
    return 0;
}

bool audit_passes(const Play *p)
{
    if (play_status(p) != PLAY_ENDED)
        return false;
    PlayResult r;
    play_result(p, &r);
    if (!r.passed)
        return false;
    for (int d = 0; d < play_decision_count(p); d++) {
        const ScChoice *c = play_step_choice(p, play_decision_step(p, d));
        if (c && c->critical)
            return false;
    }
    return true;
}

char *audit_choices(const Play *p)
{
    size_t cap = 64, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = 0;
    for (int d = 0; d < play_decision_count(p); d++) {
        const PlayStep *st = play_step(p, play_decision_step(p, d));
        const char *id = st->kind == PLAY_STEP_TIMEOUT ? "timeout" : play_step_choice(p, play_decision_step(p, d))->id;
        size_t n = strlen(id);
        if (len + n + 2 > cap) {
            cap = (len + n + 2) * 2;
            char *ns = realloc(s, cap);
            if (!ns) {
                free(s);
                return NULL;
            }
            s = ns;
        }
        if (len)
            s[len++] = ',';
        memcpy(s + len, id, n + 1);
        len += n;
    }
    return s;
}

typedef struct {
    AuditFile *f;
    uint64_t seed;
    bool oom;
} Walk;

static uint32_t offered_mask(const Play *p)
{
    int offered[SC_MAX_CHOICES];
    int k = play_offered(p, offered);
    uint32_t m = 0;
    for (int i = 0; i < k; i++)
        m |= 1u << offered[i];
    return m;
}

/* Notes the decision p is at (once per node and offer). */
static void note_decision(Walk *w, const Play *p)
{
    AuditWork *wk = w->f->work;
    int node = play_node(p);
    uint32_t mask = offered_mask(p);
    for (int i = 0; i < wk->ndecisions; i++)
        if (wk->decisions[i].node == node && wk->decisions[i].offered == mask)
            return;
    /* The best answer among the choices: the timeout is no answer to compare surfaces with. */
    int offered[SC_MAX_CHOICES], k = play_offered(p, offered), best = offered[0];
    int64_t best_v = audit_value_choice(wk->value, p, best);
    for (int i = 1; i < k; i++) {
        int64_t v = audit_value_choice(wk->value, p, offered[i]);
        if (v > best_v)
            best = offered[i], best_v = v;
    }
    if (audit_grow(&wk->decisions, &wk->cap, wk->ndecisions, sizeof *wk->decisions) < 0) {
        w->oom = true;
        return;
    }
    wk->decisions[wk->ndecisions++] = (AuditDecision){node, mask, best};
}

static void take(Play *p, int choice)
{
    if (choice < 0)
        play_timeout(p, 0);
    else
        play_choose(p, choice, 0);
}

/* Best play from where p is to the end; returns the decisions it took. */
static int best_to_end(Walk *w, Play *p)
{
    int decisions = 0;
    for (int steps = 0; steps < AUDIT_MAX_STEPS; steps++) {
        PlayStatus st = play_status(p);
        if (st == PLAY_WAITING) {
            play_continue(p, 0);
        } else if (st == PLAY_CHOOSING) {
            note_decision(w, p);
            take(p, audit_value_best(w->f->work->value, p));
            decisions++;
        } else {
            break;
        }
    }
    return decisions;
}

static AuditMistake *find_mistake(Walk *w, int node, int choice, int *cap)
{
    AuditFile *f = w->f;
    const ScNode *n = scenario_node(f->sc, node);
    const ScChoice *c = choice < 0 ? n->timeout : &n->choices[choice];
    const char *cid = choice < 0 ? "timeout" : c->id;
    for (int i = 0; i < f->nmistakes; i++)
        if (!strcmp(f->mistakes[i].node, n->id) && !strcmp(f->mistakes[i].choice, cid))
            return &f->mistakes[i];
    if (audit_grow(&f->mistakes, cap, f->nmistakes, sizeof *f->mistakes) < 0)
        return NULL;
    AuditMistake *m = &f->mistakes[f->nmistakes];
    memset(m, 0, sizeof *m);
    m->node = audit_strdup(n->id);
    m->choice = audit_strdup(cid);
    if (!m->node || !m->choice) {
        free(m->node);
        free(m->choice);
        return NULL;
    }
    f->nmistakes++;
    for (int k = 0; k < c->nscore; k++)
        m->points += c->score[k].points;
    m->timeout = choice < 0;
    m->critical = c->critical;
    return m;
}

/* Plays the mistake `choice` from a copy of p, then best play; counts it. */
static void try_mistake(Walk *w, const Play *p, int choice, int *cap)
{
    AuditMistake *m = find_mistake(w, play_node(p), choice, cap);
    Play *q = m ? play_clone(p) : NULL;
    if (!q) {
        w->oom = true;
        return;
    }
    take(q, choice);
    int after = best_to_end(w, q);
    bool pass = audit_passes(q);
    bool ended = choice < 0 && after == 0 && play_status(q) != PLAY_CHOOSING;
    m->reached++;
    m->passed += pass;
    m->ended += ended;
    m->ended_passed += ended && pass;
    char **ex = pass ? &m->pass_choices : &m->fail_choices;
    if (!*ex) {
        *ex = audit_choices(q);
        *(pass ? &m->pass_seed : &m->fail_seed) = w->seed;
    }
    play_free(q);
}

/* Notes a critical answer that best play took. */
static void note_best_critical(AuditFile *f, const Play *p)
{
    for (int d = 0; d < play_decision_count(p) && !f->best_critical; d++) {
        int step = play_decision_step(p, d);
        const ScChoice *c = play_step_choice(p, step);
        if (c && c->critical) {
            f->best_critical = audit_strdup(scenario_node(f->sc, play_step(p, step)->node)->id);
            f->best_critical_choice = audit_strdup(c->id);
        }
    }
}

/* One seed: best play, and at each of its decisions every mistake. */
static int walk_seed(Walk *w, int *cap)
{
    AuditFile *f = w->f;
    PlayOptions opts = {.timers = true, .time_multiplier = 1.0};
    Play *p = play_new(f->sc, w->seed, opts);
    if (!p)
        return -1;
    for (int steps = 0; steps < AUDIT_MAX_STEPS && !w->oom; steps++) {
        PlayStatus st = play_status(p);
        if (st == PLAY_WAITING) {
            play_continue(p, 0);
            continue;
        }
        if (st != PLAY_CHOOSING)
            break;
        note_decision(w, p);
        int best = audit_value_best(f->work->value, p);
        int offered[SC_MAX_CHOICES], k = play_offered(p, offered);
        for (int i = 0; i < k; i++)
            if (offered[i] != best)
                try_mistake(w, p, offered[i], cap);
        const ScNode *n = scenario_node(f->sc, play_node(p));
        if (best >= 0 && n->time_limit > 0 && n->timeout)
            try_mistake(w, p, -1, cap);
        take(p, best);
    }
    f->best_plays++;
    if (audit_passes(p)) {
        f->best_passes++;
    } else if (!f->best_fail_choices) {
        f->best_fail_seed = w->seed;
        f->best_fail_choices = audit_choices(p);
    }
    note_best_critical(f, p);
    play_free(p);
    return w->oom ? -1 : 0;
}

int audit_walk(AuditFile *f, const AuditOptions *o)
{
    int cap = 0;
    for (int s = 1; s <= o->seeds; s++) {
        Walk w = {f, (uint64_t)s, false};
        if (walk_seed(&w, &cap) < 0)
            return -1;
    }
    return 0;
}
