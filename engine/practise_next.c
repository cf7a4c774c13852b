/* practise_next: see practise_next.h. */
#include "practise_next.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the recent scores -------------------------------------------------------------------- */

typedef struct {
    int attempt;    /* its number among the trainee's counted attempts, oldest first */
    char *id;
    int64_t raw, max;
} Row;

typedef struct {
    Row *rows;
    int n, cap, attempts;
} Collect;

static int collect(void *ctx, const RecordsAttempt *a)
{
    Collect *c = ctx;
    if (strcmp(a->status, "completed") != 0 || !strcmp(a->mode, "sandbox"))
        return 0;
    for (int i = 0; i < a->ncompetencies; i++) {
        if (c->n == c->cap) {
            int cap = c->cap ? 2 * c->cap : 32;
            Row *r = realloc(c->rows, sizeof *r * (size_t)cap);
            if (!r)
                return -1;
            c->rows = r;
            c->cap = cap;
        }
        Row *r = &c->rows[c->n];
        r->id = strdup(a->competencies[i].id);
        if (!r->id)
            return -1;
        r->attempt = c->attempts;
        r->raw = a->competencies[i].raw;
        r->max = a->competencies[i].max;
        c->n++;
    }
    c->attempts++;
    return 0;
}

/* Adds a row to the scores (one per competency id). */
static int add_score(PractiseRecent *out, const Row *r)
{
    for (int k = 0; k < out->nscores; k++)
        if (!strcmp(out->scores[k].id, r->id)) {
            out->scores[k].raw += r->raw;
            out->scores[k].max += r->max;
            return 0;
        }
    PractiseScore *s = realloc(out->scores, sizeof *s * (size_t)(out->nscores + 1));
    if (!s)
        return -1;
    out->scores = s;
    s[out->nscores] = (PractiseScore){strdup(r->id), r->raw, r->max};
    if (!s[out->nscores].id)
        return -1;
    out->nscores++;
    return 0;
}

int practise_recent(Records *db, const char *trainee_id, int recent, PractiseRecent *out, char *err,
                    size_t errsize)
{
    memset(out, 0, sizeof *out);
    if (recent <= 0)
        recent = PRACTISE_RECENT;
    Collect c = {0};
    /* From the start of the recent-th newest counted attempt on: at least the last `recent`
     * (more when starts tie), of which the last `recent` are kept below. */
    RecordsEachOptions o = {.trainee_id = trainee_id, .details = RECORDS_EACH_COMPETENCIES};
    if (records_recent_since(db, trainee_id, recent, &o.since_unix_ms, err, errsize) < 0)
        return -1;
    long rc = records_each_attempt(db, &o, collect, &c, err, errsize);
    int first = c.attempts > recent ? c.attempts - recent : 0;
    for (int i = 0; rc >= 0 && i < c.n; i++)
        if (c.rows[i].attempt >= first && add_score(out, &c.rows[i]) < 0) {
            snprintf(err, errsize, "out of memory");
            rc = -1;
        }
    for (int i = 0; i < c.n; i++)
        free(c.rows[i].id);
    free(c.rows);
    out->attempts = c.attempts - first;
    if (rc < 0) {
        practise_recent_free(out);
        return -1;
    }
    return 0;
}

void practise_recent_free(PractiseRecent *r)
{
    for (int i = 0; i < r->nscores; i++)
        free(r->scores[i].id);
    free(r->scores);
    memset(r, 0, sizeof *r);
}

/* ---- the choice --------------------------------------------------------------------------- */

/* The most scenario sc can give competency id, and its total maximum; 0 when it has none. */
static int64_t points_in(const Scenario *sc, const char *id, int64_t *total)
{
    const ScMax *m = scenario_max(sc);
    *total = m->total;
    for (int i = 0; i < scenario_competency_count(sc); i++)
        if (!strcmp(scenario_competency(sc, i)->id, id))
            return m->competency[i] > 0 ? m->competency[i] : 0;
    return 0;
}

/* Whether scenario x trains the competency better than y: a larger share of its maximum
 * (compared exactly: px/tx > py/ty), then more points. */
static bool better(int64_t px, int64_t tx, int64_t py, int64_t ty)
{
    if (tx <= 0 || ty <= 0)
        return tx > 0 && px > 0 && ty <= 0;
    int64_t l = px * ty, r = py * tx; /* points are far below 2^31 */
    return l != r ? l > r : px > py;
}

static bool trained(const Scenario *const *sc, int n, const char *id)
{
    int64_t t;
    for (int i = 0; i < n; i++)
        if (sc[i] && points_in(sc[i], id, &t) > 0 && t > 0)
            return true;
    return false;
}

/* The weakest competency among those trained on offer: its index in the scores, or -1. */
static int weakest(const Scenario *const *sc, int n, const PractiseRecent *r)
{
    int w = -1;
    for (int k = 0; k < r->nscores; k++) {
        const PractiseScore *s = &r->scores[k];
        if (s->max <= 0 || !trained(sc, n, s->id))
            continue;
        if (w < 0) {
            w = k;
            continue;
        }
        const PractiseScore *b = &r->scores[w];
        int64_t l = s->raw * b->max, rr = b->raw * s->max;
        if (l < rr || (l == rr && strcmp(s->id, b->id) < 0))
            w = k;
    }
    return w;
}

int practise_next(const Scenario *const *scenarios, int n, const int *practised, const PractiseRecent *recent,
                  PractiseNext *out)
{
    *out = (PractiseNext){.scenario = -1};
    int w = weakest(scenarios, n, recent);
    if (w < 0)
        return -1;
    const PractiseScore *ws = &recent->scores[w];
    out->competency = ws->id;
    int64_t pct = ws->raw <= 0 ? 0 : ws->raw >= ws->max ? 100 : ws->raw * 100 / ws->max;
    out->percent = (int)pct;
    /* The best form for it, over everything on offer: its group is the one that trains it best. */
    int top = -1;
    int64_t tp = 0, tt = 0;
    for (int i = 0; i < n; i++) {
        if (!scenarios[i])
            continue;
        int64_t t, p = points_in(scenarios[i], ws->id, &t);
        if (p <= 0)
            continue;
        if (top < 0 || better(p, t, tp, tt) ||
            (!better(tp, tt, p, t) && strcmp(scenario_group(scenarios[i]), scenario_group(scenarios[top])) < 0)) {
            top = i;
            tp = p;
            tt = t;
        }
    }
    if (top < 0)
        return -1;
    /* In that group: the form practised least; ties: the one that trains it better, then list order. */
    const char *group = scenario_group(scenarios[top]);
    int pick = -1;
    int64_t pp = 0, pt = 0;
    for (int i = 0; i < n; i++) {
        if (!scenarios[i] || strcmp(scenario_group(scenarios[i]), group) != 0)
            continue;
        int64_t t, p = points_in(scenarios[i], ws->id, &t);
        int ci = practised ? practised[i] : 0, cp = pick >= 0 && practised ? practised[pick] : 0;
        if (pick < 0 || ci < cp || (ci == cp && better(p, t, pp, pt))) {
            pick = i;
            pp = p;
            pt = t;
        }
    }
    out->scenario = pick;
    return pick;
}
