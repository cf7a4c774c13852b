/* dashboard: one pass over the attempts gathers what the manager's page shows (dashboard.h). */
#include "dashboard.h"

#include "records_items.h"

#include <stdlib.h>
#include <string.h>

#define WEEK_MS (7 * 24 * 3600 * 1000LL)
#define DAY_MS (24 * 3600 * 1000LL)

/* ---- small helpers ----------------------------------------------------------------------- */

static char *dup(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s ? s : "", n);
    return d;
}

/* Grows *arr (of *cap elements of size sz) to hold n + 1. 0, or -1 out of memory. */
static int grow(void **arr, int *cap, int n, size_t sz)
{
    if (n < *cap)
        return 0;
    int nc = *cap ? *cap * 2 : 8;
    void *p = realloc(*arr, (size_t)nc * sz);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

static int level_of(const char *name)
{
    for (int l = 0; l < DASH_TIERS; l++)
        if (name && !strcmp(name, scenario_level_name((ScLevel)l)))
            return l;
    return -1;
}

/* Monday 00:00 UTC of the week holding t (1970-01-01 was a Thursday). */
static int64_t week_start(int64_t t)
{
    int64_t days = t >= 0 ? t / DAY_MS : -((-t + DAY_MS - 1) / DAY_MS);
    int64_t monday = days - ((days % 7 + 7 + 3) % 7);
    return monday * DAY_MS;
}

/* ---- a string -> index map (open addressing) ----------------------------------------------- */

typedef struct {
    char **keys;
    int *vals;
    int cap, n;
} Map;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int map_get(const Map *m, const char *key)
{
    if (!m->cap)
        return -1;
    for (uint64_t i = hash(key) & (uint64_t)(m->cap - 1);; i = (i + 1) & (uint64_t)(m->cap - 1)) {
        if (!m->keys[i])
            return -1;
        if (!strcmp(m->keys[i], key))
            return m->vals[i];
    }
}

static int map_put(Map *m, char *key, int val); /* key is borrowed (owned by the caller) */

static int map_rehash(Map *m)
{
    Map n = {calloc((size_t)(m->cap ? m->cap * 2 : 64), sizeof(char *)),
             calloc((size_t)(m->cap ? m->cap * 2 : 64), sizeof(int)), m->cap ? m->cap * 2 : 64, 0};
    if (!n.keys || !n.vals) {
        free(n.keys);
        free(n.vals);
        return -1;
    }
    for (int i = 0; i < m->cap; i++)
        if (m->keys[i])
            map_put(&n, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    *m = n;
    return 0;
}

static int map_put(Map *m, char *key, int val)
{
    if ((m->n + 1) * 2 > m->cap && map_rehash(m) < 0)
        return -1;
    uint64_t i = hash(key) & (uint64_t)(m->cap - 1);
    while (m->keys[i])
        i = (i + 1) & (uint64_t)(m->cap - 1);
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return 0;
}

static void map_free(Map *m)
{
    free(m->keys);
    free(m->vals);
}

/* ---- what the dashboard keeps --------------------------------------------------------------- */

typedef struct {
    const Scenario *sc;
    const char *group;
    int level;
    ItemsAnalysis *items;
} LibScenario;

typedef struct {
    const char *group;    /* borrowed from the library, or the attempt's scenario id (owned) */
    char *owned;
    int level, pass_percent, best, last_percent;
    bool passed;          /* an assessment of any form passed */
} TGroup;

typedef struct {
    DashTrainee pub;
    int level_count[DASH_TIERS];
    int ngroups, capgroups;
    TGroup *groups;
    int capcomp;
    int64_t *comp_ms;     /* when each competency's latest assessed percent was set */
    int spark_next;       /* the ring's next slot while gathering */
} Trainee;

typedef struct {
    DashCase c;
    int rank;             /* lower first */
} Candidate;

struct Dashboard {
    DashboardOptions opt;
    int nlib, caplib;
    LibScenario *lib;
    int ntrainees, captrainees;
    Trainee *trainees;
    Map by_trainee;
    Map by_scenario;      /* scenario id -> the first of the library with it */
    int ntech, captech;
    DashTechnique *tech;
    Map tech_of[DASH_TIERS]; /* technique -> its index in tech, per tier */
    int ncand, capcand;
    Candidate *cand;
    int ncomp, capcomp;
    char **comps;
    DashboardData data;
    DashTrainee *sorted;
};

Dashboard *dashboard_new(const DashboardOptions *opt)
{
    Dashboard *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->opt = *opt;
    return d;
}

static void case_free(DashCase *c)
{
    free(c->trainee_id);
    free(c->trainee_name);
    free(c->scenario_id);
    free(c->scenario_title);
    free(c->mode);
    free(c->note);
}

void dashboard_free(Dashboard *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->nlib; i++)
        items_free(d->lib[i].items);
    free(d->lib);
    for (int i = 0; i < d->ntrainees; i++) {
        Trainee *t = &d->trainees[i];
        free(t->pub.id);
        free(t->pub.name);
        free(t->pub.team);
        for (int j = 0; j < t->pub.ncompetencies; j++)
            free(t->pub.competencies[j].id);
        free(t->pub.competencies);
        free(t->comp_ms);
        for (int j = 0; j < t->ngroups; j++)
            free(t->groups[j].owned);
        free(t->groups);
    }
    free(d->trainees);
    map_free(&d->by_trainee);
    map_free(&d->by_scenario);
    for (int l = 0; l < DASH_TIERS; l++)
        map_free(&d->tech_of[l]);
    for (int i = 0; i < d->ntech; i++)
        free(d->tech[i].technique);
    free(d->tech);
    for (int i = 0; i < d->ncand; i++)
        case_free(&d->cand[i].c);
    free(d->cand);
    for (int i = 0; i < d->ncomp; i++)
        free(d->comps[i]);
    free(d->comps);
    free(d->sorted);
    free(d);
}

/* ---- the library ------------------------------------------------------------------------------ */

int dashboard_add_scenario(Dashboard *d, const Scenario *sc)
{
    if (grow((void **)&d->lib, &d->caplib, d->nlib, sizeof *d->lib) < 0)
        return -1;
    ItemsAnalysis *items = items_new(sc);
    if (!items)
        return -1;
    if (map_get(&d->by_scenario, scenario_id(sc)) < 0 &&
        map_put(&d->by_scenario, (char *)scenario_id(sc), d->nlib) < 0) {
        items_free(items);
        return -1;
    }
    d->lib[d->nlib++] = (LibScenario){sc, scenario_group(sc), (int)scenario_level(sc), items};
    return 0;
}

static const LibScenario *lib_find(const Dashboard *d, const char *id)
{
    int i = map_get(&d->by_scenario, id);
    return i >= 0 ? &d->lib[i] : NULL;
}

int dashboard_scenario_count(const Dashboard *d)
{
    return d->nlib;
}

const Scenario *dashboard_scenario(const Dashboard *d, int i)
{
    return d->lib[i].sc;
}

ItemsAnalysis *dashboard_items(const Dashboard *d, int i)
{
    return d->lib[i].items;
}

const char *dashboard_competency_name(const Dashboard *d, const char *id, const char *locale)
{
    for (int i = 0; i < d->nlib; i++) {
        const Scenario *sc = d->lib[i].sc;
        int loc = scenario_locale_index(sc, locale);
        for (int c = 0; c < scenario_competency_count(sc); c++) {
            const ScCompetency *k = scenario_competency(sc, c);
            if (!strcmp(k->id, id))
                return scenario_text(&k->name, loc < 0 ? 0 : loc);
        }
    }
    return id;
}

static int groups_in_tier(const Dashboard *d, int tier)
{
    int n = 0;
    for (int i = 0; i < d->nlib; i++) {
        if (d->lib[i].level != tier)
            continue;
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = d->lib[j].level == tier && !strcmp(d->lib[j].group, d->lib[i].group);
        n += !seen;
    }
    return n;
}

/* ---- trainees ---------------------------------------------------------------------------------- */

static Trainee *trainee_for(Dashboard *d, const RecordsAttempt *a)
{
    int i = map_get(&d->by_trainee, a->trainee_id);
    if (i >= 0) {
        Trainee *t = &d->trainees[i];
        if (a->trainee_name[0] && strcmp(t->pub.name, a->trainee_name)) {
            char *n = dup(a->trainee_name); /* the latest name wins */
            if (!n)
                return NULL;
            free(t->pub.name);
            t->pub.name = n;
        }
        return t;
    }
    if (grow((void **)&d->trainees, &d->captrainees, d->ntrainees, sizeof *d->trainees) < 0)
        return NULL;
    Trainee *t = &d->trainees[d->ntrainees];
    memset(t, 0, sizeof *t);
    t->pub.id = dup(a->trainee_id);
    t->pub.name = dup(a->trainee_name);
    t->pub.team = dup(a->team);
    t->pub.last_practice = t->pub.last_assessment = -1;
    t->pub.tier = -1;
    if (!t->pub.id || !t->pub.name || !t->pub.team ||
        map_put(&d->by_trainee, t->pub.id, d->ntrainees) < 0) {
        free(t->pub.id);
        free(t->pub.name);
        free(t->pub.team);
        return NULL;
    }
    d->ntrainees++;
    return t;
}

static TGroup *group_for(Trainee *t, const char *group, const LibScenario *ls,
                         const RecordsAttempt *a)
{
    for (int i = 0; i < t->ngroups; i++)
        if (!strcmp(t->groups[i].group, group))
            return &t->groups[i];
    if (grow((void **)&t->groups, &t->capgroups, t->ngroups, sizeof *t->groups) < 0)
        return NULL;
    TGroup *g = &t->groups[t->ngroups];
    memset(g, 0, sizeof *g);
    if (!ls) {
        g->owned = dup(group);
        if (!g->owned)
            return NULL;
    }
    g->group = ls ? ls->group : g->owned;
    g->level = ls ? ls->level : level_of(a->level);
    g->pass_percent = a->pass_percent;
    g->best = g->last_percent = -1;
    t->ngroups++;
    return g;
}

/* The latest assessed percent per competency (competencies sorted by id). */
static int note_competencies(Trainee *t, const RecordsAttempt *a)
{
    for (int i = 0; i < a->ncompetencies; i++) {
        const RecordsCompetency *c = &a->competencies[i];
        if (c->percent < 0)
            continue;
        int j = 0;
        while (j < t->pub.ncompetencies && strcmp(t->pub.competencies[j].id, c->id) < 0)
            j++;
        if (j < t->pub.ncompetencies && !strcmp(t->pub.competencies[j].id, c->id)) {
            if (a->started_unix_ms >= t->comp_ms[j]) {
                t->pub.competencies[j].percent = c->percent;
                t->comp_ms[j] = a->started_unix_ms;
            }
            continue;
        }
        if (t->pub.ncompetencies == t->capcomp) {
            int cap = t->capcomp ? t->capcomp * 2 : 8;
            DashCompetency *nc = realloc(t->pub.competencies, (size_t)cap * sizeof *nc);
            if (nc)
                t->pub.competencies = nc;
            int64_t *nm = nc ? realloc(t->comp_ms, (size_t)cap * sizeof *nm) : NULL;
            if (!nm)
                return -1;
            t->comp_ms = nm;
            t->capcomp = cap;
        }
        char *id = dup(c->id);
        if (!id)
            return -1;
        int n = t->pub.ncompetencies - j;
        memmove(&t->pub.competencies[j + 1], &t->pub.competencies[j], (size_t)n * sizeof *t->pub.competencies);
        memmove(&t->comp_ms[j + 1], &t->comp_ms[j], (size_t)n * sizeof *t->comp_ms);
        t->pub.competencies[j] = (DashCompetency){id, c->percent};
        t->comp_ms[j] = a->started_unix_ms;
        t->pub.ncompetencies++;
    }
    return 0;
}

static void note_point(Trainee *t, const RecordsAttempt *a)
{
    DashPoint p = {a->started_unix_ms, a->percent, !strcmp(a->mode, "assessment")};
    if (t->pub.npoints < DASH_SPARK) {
        t->pub.points[t->pub.npoints++] = p;
        return;
    }
    memmove(&t->pub.points[0], &t->pub.points[1], (DASH_SPARK - 1) * sizeof p);
    t->pub.points[DASH_SPARK - 1] = p;
}

/* ---- decisions: techniques missed, critical answers --------------------------------------------- */

/* tier: a library scenario's level (0 .. DASH_TIERS - 1). */
static int note_technique(Dashboard *d, const char *technique, int tier, bool missed)
{
    int i = map_get(&d->tech_of[tier], technique);
    if (i >= 0) {
        d->tech[i].offered++;
        d->tech[i].missed += missed;
        return 0;
    }
    if (grow((void **)&d->tech, &d->captech, d->ntech, sizeof *d->tech) < 0)
        return -1;
    char *id = dup(technique);
    if (!id || map_put(&d->tech_of[tier], id, d->ntech) < 0) {
        free(id);
        return -1;
    }
    d->tech[d->ntech++] = (DashTechnique){id, tier, missed ? 1 : 0, 1};
    return 0;
}

/* The attempt replayed on the library's scenario: NULL when its log does not fit the file (or
 * its start node is not in it, or out of memory). */
static Play *replay(const LibScenario *ls, const RecordsAttempt *a)
{
    int start = a->start_node && a->start_node[0] ? scenario_find_node(ls->sc, a->start_node) : -1;
    if (a->start_node && a->start_node[0] && start < 0)
        return NULL;
    return play_replay(ls->sc, a->seed, records_play_options(a), start, a->steps, a->nsteps, NULL, 0);
}

/* At each decision of the replayed attempt p (when it was played on this very file), the best
 * answer on offer and whether the answer taken was critical. *critical gets the node of the
 * first critical answer, or stays NULL. 0, or -1 out of memory. */
static int note_decisions(Dashboard *d, const LibScenario *ls, const RecordsAttempt *a,
                          const Play *p, const char **critical)
{
    const Scenario *sc = ls->sc;
    if (!p || a->nsteps <= 0 || strcmp(scenario_sha256(sc), a->scenario_sha256))
        return 0; /* another version of the file: its answers may differ */
    int *bests = malloc((size_t)play_step_count(p) * sizeof *bests);
    int rc = bests ? play_best_answers_with(items_value(ls->items), p, bests) : -1;
    for (int i = 0; i < play_step_count(p) && rc == 0; i++) {
        const ScChoice *c = play_step_choice(p, i);
        int b = bests[i];
        if (!c || b < 0)
            continue;
        const ScNode *n = scenario_node(sc, play_step(p, i)->node);
        if (c->critical && !*critical)
            *critical = n->id;
        const ScChoice *best = &n->choices[b];
        for (int k = 0; k < best->ntechniques && rc == 0; k++)
            rc = note_technique(d, best->techniques[k], ls->level, best != c);
    }
    free(bests);
    return rc;
}

/* The replay's part: techniques, the critical answer, the item analysis. 0, or -1 out of memory. */
static int note_replay(Dashboard *d, const LibScenario *ls, const RecordsAttempt *a,
                       const char **critical)
{
    Play *p = replay(ls, a);
    int rc = note_decisions(d, ls, a, p, critical) < 0 || items_add_replayed(ls->items, a, p) < 0
                 ? -1 : 0;
    play_free(p);
    return rc;
}

static void note_week(Dashboard *d, const RecordsAttempt *a, int tier)
{
    if (tier < 0)
        return;
    int64_t last = week_start(d->opt.now_unix_ms);
    int64_t w = week_start(a->started_unix_ms);
    int64_t back = (last - w) / WEEK_MS;
    if (back < 0 || back >= DASH_WEEKS)
        return;
    DashWeek *wk = &d->data.weeks[DASH_WEEKS - 1 - back];
    wk->attempts[tier]++;
    wk->passed[tier] += a->passed;
}

/* ---- the case review ----------------------------------------------------------------------------- */

static int add_case(Dashboard *d, DashCaseKind kind, const RecordsAttempt *a, int gain,
                    const char *note)
{
    if (grow((void **)&d->cand, &d->capcand, d->ncand, sizeof *d->cand) < 0)
        return -1;
    Candidate *c = &d->cand[d->ncand];
    memset(c, 0, sizeof *c);
    c->c.kind = kind;
    c->rank = (int)kind;
    memcpy(c->c.attempt_id, a->attempt_id, sizeof c->c.attempt_id);
    c->c.trainee_id = dup(a->trainee_id);
    c->c.trainee_name = dup(a->trainee_name);
    c->c.scenario_id = dup(a->scenario_id);
    c->c.scenario_title = dup(a->scenario_title);
    c->c.mode = dup(a->mode);
    c->c.note = dup(note);
    c->c.unix_ms = a->started_unix_ms;
    c->c.percent = a->percent;
    c->c.gain = gain;
    if (!c->c.trainee_id || !c->c.trainee_name || !c->c.scenario_id || !c->c.scenario_title ||
        !c->c.mode || !c->c.note) {
        case_free(&c->c);
        return -1;
    }
    d->ncand++;
    return 0;
}

static const char *first_comment(const RecordsAttempt *a)
{
    for (int i = 0; i < a->nmentor; i++)
        if (!strcmp(a->mentor[i].kind, "comment"))
            return a->mentor[i].detail;
    return NULL;
}

/* prev: the trainee's previous percent on the group (-1: none); passed_before: an assessment of
 * the group was passed before this attempt. */
static int note_cases(Dashboard *d, const RecordsAttempt *a, const char *critical, int prev,
                      bool passed_before)
{
    if (a->started_unix_ms < d->opt.now_unix_ms - WEEK_MS || a->started_unix_ms > d->opt.now_unix_ms)
        return 0;
    bool assess = !strcmp(a->mode, "assessment");
    int rc = 0;
    if (critical)
        rc |= add_case(d, DASH_CASE_CRITICAL, a, 0, critical);
    if (assess && !a->passed && passed_before)
        rc |= add_case(d, DASH_CASE_FAIL_AFTER_PASS, a, 0, "");
    const char *comment = first_comment(a);
    if (comment)
        rc |= add_case(d, DASH_CASE_MENTOR, a, 0, comment);
    if (prev >= 0 && a->percent - prev >= 10)
        rc |= add_case(d, DASH_CASE_GAIN, a, a->percent - prev, "");
    return rc ? -1 : 0;
}

/* ---- one attempt ------------------------------------------------------------------------------ */

int dashboard_add_attempt(Dashboard *d, const RecordsAttempt *a)
{
    if (!strcmp(a->mode, "sandbox") || a->started_unix_ms < d->opt.since_unix_ms ||
        (d->opt.team && strcmp(a->team, d->opt.team)))
        return 0;
    Trainee *t = trainee_for(d, a);
    if (!t)
        return -1;
    d->data.attempts++;
    bool assess = !strcmp(a->mode, "assessment");
    int64_t *last = assess ? &t->pub.last_assessment : &t->pub.last_practice;
    if (a->started_unix_ms > *last)
        *last = a->started_unix_ms;
    const LibScenario *ls = lib_find(d, a->scenario_id);
    int tier = ls ? ls->level : level_of(a->level);
    if (tier >= 0)
        t->level_count[tier]++;
    if (strcmp(a->status, "completed"))
        return 0;
    TGroup *g = group_for(t, ls ? ls->group : a->scenario_id, ls, a);
    if (!g)
        return -1;
    int prev = g->last_percent;
    bool passed_before = g->passed;
    if (a->percent > g->best)
        g->best = a->percent;
    g->last_percent = a->percent;
    g->pass_percent = a->pass_percent;
    g->passed |= assess && a->passed;
    note_point(t, a);
    note_week(d, a, tier);
    const char *critical = NULL;
    if ((assess && note_competencies(t, a) < 0) || (ls && note_replay(d, ls, a, &critical) < 0))
        return -1;
    return note_cases(d, a, critical, prev, passed_before);
}

/* ---- the figures ------------------------------------------------------------------------------ */

static void finish_trainee(Dashboard *d, Trainee *t, const int required[DASH_TIERS])
{
    DashTrainee *p = &t->pub;
    for (int l = 0; l < DASH_TIERS; l++)
        if (t->level_count[l] && (p->tier < 0 || t->level_count[l] >= t->level_count[p->tier]))
            p->tier = l;
    p->light = RECORDS_RED;
    p->groups_cleared = 0;
    for (int i = 0; i < t->ngroups; i++) {
        const TGroup *g = &t->groups[i];
        RecordsRag r = records_light(g->passed, g->best, g->pass_percent, d->opt.amber_margin);
        if (r > p->light)
            p->light = r;
        p->groups_cleared += g->passed && g->level == p->tier;
    }
    p->groups_required = p->tier >= 0 ? required[p->tier] : 0;
}

static int by_light(const void *a, const void *b)
{
    const DashTrainee *x = a, *y = b;
    if (x->light != y->light)
        return (int)x->light - (int)y->light;
    return strcmp(x->id, y->id);
}

static int by_tier_missed(const void *a, const void *b)
{
    const DashTechnique *x = a, *y = b;
    if (x->tier != y->tier)
        return x->tier - y->tier;
    if (x->missed != y->missed)
        return y->missed - x->missed;
    return strcmp(x->technique, y->technique);
}

static int by_rank(const void *a, const void *b)
{
    const Candidate *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank - y->rank;
    if (x->c.gain != y->c.gain)
        return y->c.gain - x->c.gain;
    return x->c.unix_ms < y->c.unix_ms ? 1 : x->c.unix_ms > y->c.unix_ms ? -1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every competency id any trainee has, sorted, once. */
static int collect_competencies(Dashboard *d)
{
    Map seen = {0};
    int rc = 0;
    for (int i = 0; i < d->ntrainees && rc == 0; i++) {
        const DashTrainee *t = &d->trainees[i].pub;
        for (int j = 0; j < t->ncompetencies && rc == 0; j++) {
            if (map_get(&seen, t->competencies[j].id) >= 0)
                continue;
            char *id = dup(t->competencies[j].id);
            rc = !id || grow((void **)&d->comps, &d->capcomp, d->ncomp, sizeof *d->comps) < 0 ||
                         map_put(&seen, id, d->ncomp) < 0;
            if (rc)
                free(id);
            else
                d->comps[d->ncomp++] = id;
        }
    }
    map_free(&seen);
    if (rc)
        return -1;
    if (d->ncomp)
        qsort(d->comps, (size_t)d->ncomp, sizeof *d->comps, cmp_str);
    return 0;
}

const DashboardData *dashboard_data(Dashboard *d)
{
    DashboardData *o = &d->data;
    free(d->sorted);
    d->sorted = malloc((size_t)(d->ntrainees ? d->ntrainees : 1) * sizeof *d->sorted);
    if (!d->sorted)
        return NULL;
    int required[DASH_TIERS];
    for (int l = 0; l < DASH_TIERS; l++)
        required[l] = groups_in_tier(d, l);
    for (int i = 0; i < d->ntrainees; i++) {
        finish_trainee(d, &d->trainees[i], required);
        d->sorted[i] = d->trainees[i].pub;
    }
    if (d->ntrainees)
        qsort(d->sorted, (size_t)d->ntrainees, sizeof *d->sorted, by_light);
    o->ntrainees = d->ntrainees;
    o->trainees = d->sorted;
    for (int i = 0; i < d->ncomp; i++)
        free(d->comps[i]);
    d->ncomp = 0;
    if (collect_competencies(d) < 0)
        return NULL;
    o->ncompetencies = d->ncomp;
    o->competencies = d->comps;
    int64_t last = week_start(d->opt.now_unix_ms);
    o->nweeks = DASH_WEEKS;
    for (int w = 0; w < DASH_WEEKS; w++)
        o->weeks[w].week_start_ms = last - (int64_t)(DASH_WEEKS - 1 - w) * WEEK_MS;
    if (d->ntech)
        qsort(d->tech, (size_t)d->ntech, sizeof *d->tech, by_tier_missed);
    for (int l = 0; l < DASH_TIERS; l++) { /* the order changed: attempts may still come */
        map_free(&d->tech_of[l]);
        memset(&d->tech_of[l], 0, sizeof d->tech_of[l]);
    }
    for (int i = 0; i < d->ntech; i++)
        if (map_put(&d->tech_of[d->tech[i].tier], d->tech[i].technique, i) < 0)
            return NULL;
    o->ntechniques = d->ntech;
    o->techniques = d->tech;
    if (d->ncand)
        qsort(d->cand, (size_t)d->ncand, sizeof *d->cand, by_rank);
    o->ncases = d->ncand < DASH_CASES ? d->ncand : DASH_CASES;
    for (int i = 0; i < o->ncases; i++)
        o->cases[i] = d->cand[i].c;
    return o;
}
