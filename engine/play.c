/* play: the state machine of one playthrough (scenario-format.md, "Order of play", "Timers",
 * "Events", "goto").
 *
 * Everything that changes the state goes through one function per step kind, which appends
 * the step to the log; replay, rewind and hot reload re-run those same functions from the seed,
 * so a log always reproduces its playthrough. The hot path (choose, enter a node, evaluate
 * what is offered) allocates nothing but the amortised growth of the log. */
#include "play.h"

#include "expr.h"
#include "scenario_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(int) == sizeof(int32_t), "meters are handed out as int arrays");
_Static_assert(SC_MAX_CHOICES <= 32, "the offered set is a 32-bit mask");

struct Play {
    const Scenario *sc;
    uint64_t seed;
    uint64_t rng; /* SplitMix64 state */
    uint64_t shuffle_rng; /* the second stream: the order shown */
    PlayOptions opts;
    int start_node;

    int node;
    PlayStatus status;
    uint32_t offered; /* bit i: choice i is offered (PLAY_CHOOSING only) */
    uint8_t shown[SC_MAX_CHOICES]; /* the offered choices in the order shown */
    int critical;     /* critical choices and outcomes taken */
    int32_t *meters;  /* scenario_meter_count */
    uint8_t *flags;   /* scenario_flag_count, 0 or 1 */
    int64_t raw[SC_MAX_COMPETENCIES];

    /* Timer of the current node. Time at the node = now - entered - paused_total, minus the
     * running pause if any. */
    int64_t limit_ms; /* 0: none */
    int64_t entered_ms;
    int64_t paused_total;
    int64_t paused_at;
    bool paused;

    /* The log. */
    PlayStep *steps;
    int32_t *step_meters; /* nsteps x nmeters */
    int *decisions;       /* step index of each decision */
    int nsteps, ndecisions, cap;
};

static _Noreturn void misuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A programmer error (a step not allowed now): say what and stop. */
static _Noreturn void misuse(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("sparring: play: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

uint64_t play_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

int score_percent(int64_t raw, int64_t max)
{
    if (max <= 0)
        return -1;
    if (raw <= 0)
        return 0; /* 100 x raw / max <= 0: clamps to 0 */
    if (raw >= max)
        return 100;
    /* 0 < raw < max: round(100 raw / max) halves up = floor((200 raw + max) / (2 max)), exact in
     * 128 bits whatever the magnitudes. */
    __extension__ typedef unsigned __int128 u128;
    u128 n = (u128)(uint64_t)raw * 200u + (uint64_t)max;
    u128 d = (u128)(uint64_t)max * 2u;
    return (int)(n / d);
}

/* ---- state changes ---- */

static inline int32_t clamp_meter(const ScMeter *m, int64_t v)
{
    return v < m->min ? m->min : v > m->max ? m->max : (int32_t)v;
}

/* The order is part of the format's meaning and replays depend on it: first every meter delta
 * in file order (each clamped to the meter's range as it is applied), then every flag in
 * `set`, then every flag in `clear` (so a flag both set and cleared ends cleared). */
static void apply_effects(Play *p, const ScEffects *fx)
{
    const ScMeter *ms = p->sc->meters;
    for (int i = 0; i < fx->nmeters; i++) {
        int m = fx->meters[i].meter;
        p->meters[m] = clamp_meter(&ms[m], (int64_t)p->meters[m] + fx->meters[i].delta);
    }
    for (int i = 0; i < fx->nset; i++)
        p->flags[fx->set[i]] = 1;
    for (int i = 0; i < fx->nclear; i++)
        p->flags[fx->clear[i]] = 0;
}

/* One draw per random branch, when taken: u = (draw >> 11) x 2^-53, t = u x (sum of weights),
 * and the first branch whose running sum (file order, doubles) is greater than t. Should
 * rounding make u x sum equal the sum, the last branch is taken. */
static int resolve_goto(Play *p, const ScGoto *g)
{
    if (g->node >= 0)
        return g->node;
    uint64_t draw = play_splitmix64(&p->rng);
    double u = (double)(draw >> 11) * 0x1.0p-53;
    double sum = 0;
    for (int i = 0; i < g->nbranches; i++)
        sum += g->branches[i].weight;
    double t = u * sum, run = 0;
    for (int i = 0; i < g->nbranches; i++) {
        run += g->branches[i].weight;
        if (run > t)
            return g->branches[i].node;
    }
    return g->branches[g->nbranches - 1].node;
}

/* The order shown for what is offered now: file order, or with PlayOptions.shuffle a
 * Fisher-Yates from the second stream (for i from n-1 down to 1: j = floor(u (i + 1))). */
static void order_shown(Play *p)
{
    int n = 0;
    for (uint32_t m = p->offered; m; m &= m - 1)
        p->shown[n++] = (uint8_t)__builtin_ctz(m);
    if (!p->opts.shuffle)
        return;
    for (int i = n - 1; i >= 1; i--) {
        uint64_t draw = play_splitmix64(&p->shuffle_rng);
        double u = (double)(draw >> 11) * 0x1.0p-53;
        int j = (int)(u * (i + 1)); /* u < 1, so j <= i (the product rounds below i + 1) */
        if (j > i)
            j = i;
        uint8_t t = p->shown[i];
        p->shown[i] = p->shown[j];
        p->shown[j] = t;
    }
}

static void update_offered(Play *p)
{
    const ScNode *n = &p->sc->nodes[p->node];
    uint32_t mask = 0;
    for (int i = 0; i < n->nchoices; i++) {
        const Expr *req = n->choices[i].requires;
        if (!req || expr_eval(req, p->meters, p->flags))
            mask |= 1u << i;
    }
    p->offered = mask;
    p->status = mask ? PLAY_CHOOSING : PLAY_DEAD_END;
}

static int64_t node_limit_ms(const Play *p, const ScNode *n)
{
    if (!p->opts.timers || n->kind != SC_NODE_CHOICES || !(n->time_limit > 0) || !n->timeout)
        return 0;
    double mult = p->opts.time_multiplier > 0 ? p->opts.time_multiplier : 1.0; /* 0 (or NaN): 1.0 */
    double ms = n->time_limit * mult * 1000.0 + 0.5;
    if (!(ms >= 1))
        ms = 1;
    if (ms > 9e15)
        ms = 9e15;
    return (int64_t)ms;
}

/* Times come from the caller and, through replay, from stored logs that may be damaged: kept
 * within +-2^60 ms (36 million years), the timer arithmetic below cannot overflow. */
#define TIME_BOUND ((int64_t)1 << 60)

static inline int64_t clamp_time(int64_t t)
{
    return t < -TIME_BOUND ? -TIME_BOUND : t > TIME_BOUND ? TIME_BOUND : t;
}

/* Entering a node applies its effects, then decides the status (and what is offered). */
static void enter(Play *p, int node, int64_t now_ms)
{
    const ScNode *n = &p->sc->nodes[node];
    p->node = node;
    apply_effects(p, &n->effects);
    switch (n->kind) {
    case SC_NODE_END:
        p->status = PLAY_ENDED;
        p->offered = 0;
        break;
    case SC_NODE_NEXT:
        p->status = PLAY_WAITING;
        p->offered = 0;
        break;
    default:
        update_offered(p);
        order_shown(p);
        break;
    }
    p->limit_ms = p->status == PLAY_CHOOSING ? node_limit_ms(p, n) : 0;
    p->entered_ms = clamp_time(now_ms);
    p->paused_total = 0;
    p->paused_at = p->entered_ms;
}

static int64_t elapsed_ms(const Play *p, int64_t now_ms)
{
    now_ms = clamp_time(now_ms);
    int64_t e = now_ms - p->entered_ms - p->paused_total;
    if (p->paused)
        e -= now_ms - p->paused_at;
    return e < 0 ? 0 : e;
}

/* The log is one block of `cap` entries: the steps, then the decisions' step indexes, then
 * the meters after each step. */
static size_t log_bytes(const Play *p, int cap)
{
    return (size_t)cap * (sizeof(PlayStep) + sizeof(int) + (size_t)p->sc->nmeters * sizeof(int32_t));
}

static void log_pointers(Play *p, void *block, int cap)
{
    p->steps = block;
    p->decisions = (int *)(void *)(p->steps + cap);
    p->step_meters = (int32_t *)(void *)(p->decisions + cap);
}

static void grow_log(Play *p)
{
    int cap = p->cap ? p->cap * 2 : 32;
    if (cap > INT32_MAX / 4 || !(p->steps = realloc(p->steps, log_bytes(p, cap))))
        misuse("out of memory growing the log of a playthrough (%d steps)", p->nsteps);
    /* Move the two later arrays to their places in the bigger block, the last one first. */
    void *block = p->steps;
    size_t nm = (size_t)p->sc->nmeters;
    int32_t *old_meters = (int32_t *)(void *)((int *)(void *)((PlayStep *)block + p->cap) + p->cap);
    int *old_decisions = (int *)(void *)((PlayStep *)block + p->cap);
    log_pointers(p, block, cap);
    memmove(p->step_meters, old_meters, (size_t)p->nsteps * nm * sizeof(int32_t));
    memmove(p->decisions, old_decisions, (size_t)p->ndecisions * sizeof(int));
    p->cap = cap;
}

/* Appends a step (its meters are those after it: call once the step is applied). */
static void log_step(Play *p, PlayStepKind kind, int node, int index, int value, int64_t at_ms,
                     int64_t took_ms)
{
    if (p->nsteps == p->cap)
        grow_log(p);
    PlayStep *s = &p->steps[p->nsteps];
    memset(s, 0, sizeof *s); /* padding too: logs compare byte for byte */
    s->kind = kind;
    s->node = node;
    s->index = index;
    s->value = value;
    s->at_ms = at_ms;
    s->took_ms = took_ms;
    /* s->offered: take() fills it in for decisions */
    int nm = p->sc->nmeters;
    if (nm) { /* step_meters stays NULL in a scenario without meters */
        int32_t *dst = p->step_meters + (size_t)p->nsteps * (size_t)nm;
        for (int i = 0; i < nm; i++) /* a few meters: a loop beats a memcpy call */
            dst[i] = p->meters[i];
    }
    if (kind == PLAY_STEP_CHOICE || kind == PLAY_STEP_TIMEOUT)
        p->decisions[p->ndecisions++] = p->nsteps;
    p->nsteps++;
}

static void take(Play *p, const ScChoice *c, PlayStepKind kind, int index, int64_t now_ms)
{
    int from = p->node;
    uint32_t offered = p->offered;
    int64_t took = elapsed_ms(p, now_ms);
    if (kind == PLAY_STEP_TIMEOUT && p->limit_ms > 0 && took > p->limit_ms)
        took = p->limit_ms; /* a late tick still means the whole time limit was used */
    uint8_t shown[SC_MAX_CHOICES];
    memcpy(shown, p->shown, sizeof shown);
    for (int i = 0; i < c->nscore; i++)
        p->raw[c->score[i].competency] += c->score[i].points;
    p->critical += c->critical;
    apply_effects(p, &c->effects);
    enter(p, resolve_goto(p, &c->next), now_ms);
    log_step(p, kind, from, index, 0, now_ms, took);
    PlayStep *s = &p->steps[p->nsteps - 1];
    s->offered = offered;
    memcpy(s->shown, shown, (size_t)__builtin_popcount(offered));
}

int play_step_shown(const Play *p, int step, int out[SC_MAX_CHOICES])
{
    if (step < 0 || step >= p->nsteps)
        misuse("step %d out of range (%d steps)", step, p->nsteps);
    const PlayStep *s = &p->steps[step];
    if (s->kind != PLAY_STEP_CHOICE && s->kind != PLAY_STEP_TIMEOUT)
        return 0;
    int n = __builtin_popcount(s->offered);
    for (int i = 0; i < n; i++)
        out[i] = s->shown[i];
    return n;
}

int play_step_best(const Play *p, int step)
{
    if (step < 0 || step >= p->nsteps)
        misuse("step %d out of range (%d steps)", step, p->nsteps);
    const PlayStep *s = &p->steps[step];
    if (s->kind != PLAY_STEP_CHOICE && s->kind != PLAY_STEP_TIMEOUT)
        return -1;
    const ScNode *n = &p->sc->nodes[s->node];
    int best = -1;
    int64_t best_points = 0;
    for (int i = 0; i < n->nchoices; i++) {
        if (!(s->offered & (1u << i)))
            continue;
        int64_t pts = 0;
        for (int k = 0; k < n->choices[i].nscore; k++)
            pts += n->choices[i].score[k].points;
        if (best < 0 || pts > best_points) {
            best = i;
            best_points = pts;
        }
    }
    return best;
}

/* ---- life cycle ---- */

/* A Play and its meters and flags are one block (one allocation a playthrough, besides the
 * log): the Play, then nmeters + 1 meters, then nflags + 1 flags. */
static size_t block_size(const Scenario *sc)
{
    return sizeof(Play) + ((size_t)sc->nmeters + 1) * sizeof(int32_t) + (size_t)sc->nflags + 1;
}

static void block_pointers(Play *p)
{
    p->meters = (int32_t *)(void *)(p + 1);
    p->flags = (uint8_t *)(p->meters + p->sc->nmeters + 1);
}

static Play *play_alloc(const Scenario *sc, uint64_t seed, PlayOptions opts, int node)
{
    if (node < 0 || node >= sc->nnodes)
        misuse("start node %d out of range (the scenario has %d nodes)", node, sc->nnodes);
    Play *p = calloc(1, block_size(sc));
    if (!p)
        return NULL;
    p->sc = sc;
    p->seed = seed;
    p->rng = seed;
    p->shuffle_rng = seed ^ PLAY_SHUFFLE_XOR;
    p->opts = opts;
    p->start_node = node;
    block_pointers(p);
    for (int i = 0; i < sc->nmeters; i++)
        p->meters[i] = sc->meters[i].start;
    enter(p, node, 0);
    return p;
}

Play *play_new_at(const Scenario *sc, uint64_t seed, PlayOptions opts, int node)
{
    return play_alloc(sc, seed, opts, node);
}

Play *play_new(const Scenario *sc, uint64_t seed, PlayOptions opts)
{
    return play_alloc(sc, seed, opts, sc->start);
}

void play_free(Play *p)
{
    if (!p)
        return;
    free(p->steps); /* the log's block */
    free(p);
}

static void *dup_mem(const void *src, size_t n)
{
    void *d = malloc(n ? n : 1);
    if (d && n)
        memcpy(d, src, n);
    return d;
}

Play *play_clone(const Play *p)
{
    size_t size = block_size(p->sc);
    Play *c = malloc(size);
    if (!c)
        return NULL;
    memcpy(c, p, size);
    block_pointers(c);
    c->steps = NULL;
    if (p->cap) {
        void *log = dup_mem(p->steps, log_bytes(p, p->cap));
        if (!log) {
            free(c);
            return NULL;
        }
        log_pointers(c, log, p->cap);
    }
    return c;
}

/* ---- queries ---- */

const Scenario *play_scenario(const Play *p) { return p->sc; }
PlayStatus play_status(const Play *p) { return p->status; }
int play_node(const Play *p) { return p->node; }
uint64_t play_seed(const Play *p) { return p->seed; }
PlayOptions play_options(const Play *p) { return p->opts; }

int play_offered(const Play *p, int out[SC_MAX_CHOICES])
{
    int n = 0;
    if (p->status != PLAY_CHOOSING)
        return 0;
    for (uint32_t m = p->offered; m; m &= m - 1)
        out[n++] = __builtin_ctz(m);
    return n;
}

int play_shown(const Play *p, int out[SC_MAX_CHOICES])
{
    if (p->status != PLAY_CHOOSING)
        return 0;
    int n = __builtin_popcount(p->offered);
    for (int i = 0; i < n; i++)
        out[i] = p->shown[i];
    return n;
}

bool play_is_offered(const Play *p, int choice)
{
    return p->status == PLAY_CHOOSING && choice >= 0 && choice < SC_MAX_CHOICES &&
           (p->offered >> choice & 1u);
}

int play_meter(const Play *p, int meter)
{
    if (meter < 0 || meter >= p->sc->nmeters)
        misuse("meter %d out of range", meter);
    return p->meters[meter];
}

bool play_flag(const Play *p, int flag)
{
    if (flag < 0 || flag >= p->sc->nflags)
        misuse("flag %d out of range", flag);
    return p->flags[flag] != 0;
}

int64_t play_raw(const Play *p, int competency)
{
    if (competency < 0 || competency >= p->sc->ncompetencies)
        misuse("competency %d out of range", competency);
    return p->raw[competency];
}

void play_result(const Play *p, PlayResult *out)
{
    const Scenario *sc = p->sc;
    memset(out, 0, sizeof *out);
    out->ncompetencies = sc->ncompetencies;
    int64_t total = 0;
    for (int i = 0; i < sc->ncompetencies; i++) {
        ScoreLine *l = &out->competency[i];
        l->raw = p->raw[i];
        l->max = sc->max.competency[i];
        l->percent = score_percent(l->raw, l->max);
        total += p->raw[i];
    }
    out->total.raw = total;
    out->total.max = sc->max.total;
    out->total.percent = score_percent(total, sc->max.total);
    out->outcome = p->status == PLAY_ENDED ? sc->nodes[p->node].outcome : SC_OUTCOME_NONE;
    out->critical = p->critical;
    out->passed = p->status == PLAY_ENDED && out->outcome != SC_OUTCOME_FAIL && p->critical == 0 &&
                  out->total.percent >= 0 && out->total.percent >= sc->pass_percent;
}

int play_step_count(const Play *p) { return p->nsteps; }

const PlayStep *play_step(const Play *p, int i)
{
    if (i < 0 || i >= p->nsteps)
        misuse("step %d out of range (%d steps)", i, p->nsteps);
    return &p->steps[i];
}

const int *play_step_meters(const Play *p, int i)
{
    if (i < 0 || i >= p->nsteps)
        misuse("step %d out of range (%d steps)", i, p->nsteps);
    if (!p->sc->nmeters)
        return p->meters; /* an empty array */
    return (const int *)(p->step_meters + (size_t)i * (size_t)p->sc->nmeters);
}

const ScChoice *play_step_choice(const Play *p, int i)
{
    const PlayStep *s = play_step(p, i);
    const ScNode *n = &p->sc->nodes[s->node];
    if (s->kind == PLAY_STEP_CHOICE)
        return &n->choices[s->index];
    if (s->kind == PLAY_STEP_TIMEOUT)
        return n->timeout;
    return NULL;
}

int play_decision_count(const Play *p) { return p->ndecisions; }

int play_decision_step(const Play *p, int d)
{
    if (d < 0 || d >= p->ndecisions)
        misuse("decision %d out of range (%d decisions)", d, p->ndecisions);
    return p->decisions[d];
}

/* ---- steps ---- */

static const char *status_name(PlayStatus s)
{
    switch (s) {
    case PLAY_CHOOSING: return "choosing";
    case PLAY_WAITING: return "waiting";
    case PLAY_ENDED: return "ended";
    default: return "at a dead end";
    }
}

void play_choose(Play *p, int choice, int64_t now_ms)
{
    if (!play_is_offered(p, choice))
        misuse("play_choose(%d) at node \"%s\": %s", choice, p->sc->nodes[p->node].id,
               p->status == PLAY_CHOOSING ? "that choice is not offered" : status_name(p->status));
    take(p, &p->sc->nodes[p->node].choices[choice], PLAY_STEP_CHOICE, choice, now_ms);
}

static bool can_timeout(const Play *p)
{
    const ScNode *n = &p->sc->nodes[p->node];
    return p->status == PLAY_CHOOSING && n->time_limit > 0 && n->timeout;
}

/* Allowed at any node with a timer and an outcome, even with timers off: `run --choices
 * timeout` and replays take it by hand. */
void play_timeout(Play *p, int64_t now_ms)
{
    if (!can_timeout(p))
        misuse("play_timeout at node \"%s\": %s", p->sc->nodes[p->node].id,
               p->status == PLAY_CHOOSING ? "the node has no timer" : status_name(p->status));
    take(p, p->sc->nodes[p->node].timeout, PLAY_STEP_TIMEOUT, -1, now_ms);
}

void play_continue(Play *p, int64_t now_ms)
{
    if (p->status != PLAY_WAITING)
        misuse("play_continue at node \"%s\": %s", p->sc->nodes[p->node].id, status_name(p->status));
    int from = p->node;
    enter(p, resolve_goto(p, &p->sc->nodes[from].next), now_ms);
    log_step(p, PLAY_STEP_CONTINUE, from, 0, 0, now_ms, 0);
}

void play_inject_event(Play *p, int event, int64_t now_ms)
{
    if (p->status == PLAY_ENDED)
        misuse("play_inject_event after the end");
    if (event < 0 || event >= p->sc->nevents)
        misuse("event %d out of range (%d events)", event, p->sc->nevents);
    int from = p->node;
    enter(p, resolve_goto(p, &p->sc->events[event].next), now_ms);
    log_step(p, PLAY_STEP_EVENT, from, event, 0, now_ms, 0);
}

void play_set_meter(Play *p, int meter, int value, int64_t now_ms)
{
    if (p->status == PLAY_ENDED)
        misuse("play_set_meter after the end");
    if (meter < 0 || meter >= p->sc->nmeters)
        misuse("meter %d out of range (%d meters)", meter, p->sc->nmeters);
    int32_t v = clamp_meter(&p->sc->meters[meter], value);
    p->meters[meter] = v;
    const ScNode *n = &p->sc->nodes[p->node];
    if (n->kind == SC_NODE_CHOICES) {
        /* What is offered may change either way. The timer runs on, but a dead end that opens
         * starts it afresh: the trainee could not act while nothing was offered. */
        PlayStatus was = p->status;
        uint32_t before = p->offered;
        update_offered(p);
        if (p->offered != before)
            order_shown(p); /* a new set is shown afresh; the same set keeps its order */
        if (was == PLAY_DEAD_END && p->status == PLAY_CHOOSING) {
            p->limit_ms = node_limit_ms(p, n);
            p->entered_ms = clamp_time(now_ms);
            p->paused_total = 0;
            p->paused_at = p->entered_ms;
        } else if (p->status == PLAY_DEAD_END) {
            p->limit_ms = 0;
        }
    }
    log_step(p, PLAY_STEP_METER, p->node, meter, v, now_ms, 0);
}

void play_pause(Play *p, int64_t now_ms)
{
    if (p->paused || p->status == PLAY_ENDED)
        return;
    p->paused = true;
    p->paused_at = clamp_time(now_ms);
    log_step(p, PLAY_STEP_PAUSE, p->node, 0, 0, now_ms, 0);
}

void play_resume(Play *p, int64_t now_ms)
{
    if (!p->paused || p->status == PLAY_ENDED)
        return;
    p->paused = false;
    now_ms = clamp_time(now_ms);
    if (now_ms > p->paused_at)
        p->paused_total = clamp_time(p->paused_total + (now_ms - p->paused_at));
    log_step(p, PLAY_STEP_RESUME, p->node, 0, 0, now_ms, 0);
}

bool play_paused(const Play *p) { return p->paused; }

int64_t play_time_limit_ms(const Play *p)
{
    return p->status == PLAY_CHOOSING ? p->limit_ms : 0;
}

int64_t play_time_left_ms(const Play *p, int64_t now_ms)
{
    if (p->status != PLAY_CHOOSING || p->limit_ms <= 0)
        return -1;
    int64_t left = p->limit_ms - elapsed_ms(p, now_ms);
    return left < 0 ? 0 : left;
}

bool play_tick(Play *p, int64_t now_ms)
{
    if (p->paused || p->status != PLAY_CHOOSING || p->limit_ms <= 0)
        return false;
    if (elapsed_ms(p, now_ms) < p->limit_ms)
        return false;
    play_timeout(p, now_ms);
    return true;
}

/* ---- replay and rewind ---- */

static void say(char *err, size_t errsize, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(char *err, size_t errsize, const char *fmt, ...)
{
    if (!err || !errsize)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
}

static const char *step_kind_name(PlayStepKind k)
{
    switch (k) {
    case PLAY_STEP_CHOICE: return "choice";
    case PLAY_STEP_TIMEOUT: return "timeout";
    case PLAY_STEP_CONTINUE: return "continue";
    case PLAY_STEP_EVENT: return "event";
    case PLAY_STEP_METER: return "meter";
    case PLAY_STEP_PAUSE: return "pause";
    case PLAY_STEP_RESUME: return "resume";
    default: return "unknown step";
    }
}

/* Applies one logged step if it is possible now; else a message and false. */
static bool apply_step(Play *p, int i, const PlayStep *s, char *err, size_t errsize)
{
    const Scenario *sc = p->sc;
    const ScNode *n = &sc->nodes[p->node];
    if (s->node != p->node) {
        const char *want = s->node >= 0 && s->node < sc->nnodes ? sc->nodes[s->node].id : "?";
        say(err, errsize, "step %d (%s) was taken at node \"%s\" but play is at node \"%s\"", i + 1,
            step_kind_name(s->kind), want, n->id);
        return false;
    }
    switch (s->kind) {
    case PLAY_STEP_CHOICE:
        if (s->index < 0 || s->index >= n->nchoices) {
            say(err, errsize, "step %d: node \"%s\" has no choice %d (it has %d)", i + 1, n->id, s->index + 1,
                n->nchoices);
            return false;
        }
        if (!play_is_offered(p, s->index)) {
            say(err, errsize, "step %d: choice \"%s\" is not offered at node \"%s\"%s", i + 1,
                n->choices[s->index].id, n->id,
                p->status == PLAY_DEAD_END ? " (a dead end)" : p->status == PLAY_CHOOSING ? "" : " (it has no choices)");
            return false;
        }
        play_choose(p, s->index, s->at_ms);
        return true;
    case PLAY_STEP_TIMEOUT:
        if (!can_timeout(p)) {
            say(err, errsize, "step %d: no timeout can be taken at node \"%s\"", i + 1, n->id);
            return false;
        }
        play_timeout(p, s->at_ms);
        return true;
    case PLAY_STEP_CONTINUE:
        if (p->status != PLAY_WAITING) {
            say(err, errsize, "step %d: node \"%s\" does not continue (it is %s)", i + 1, n->id,
                status_name(p->status));
            return false;
        }
        play_continue(p, s->at_ms);
        return true;
    case PLAY_STEP_EVENT:
        if (s->index < 0 || s->index >= sc->nevents) {
            say(err, errsize, "step %d: the scenario has no event %d (it has %d)", i + 1, s->index + 1, sc->nevents);
            return false;
        }
        if (p->status == PLAY_ENDED) {
            say(err, errsize, "step %d: event \"%s\" after the end (at node \"%s\")", i + 1, sc->events[s->index].id,
                n->id);
            return false;
        }
        play_inject_event(p, s->index, s->at_ms);
        return true;
    case PLAY_STEP_METER:
        if (s->index < 0 || s->index >= sc->nmeters) {
            say(err, errsize, "step %d: the scenario has no meter %d (it has %d)", i + 1, s->index + 1, sc->nmeters);
            return false;
        }
        if (p->status == PLAY_ENDED) {
            say(err, errsize, "step %d: meter \"%s\" set after the end (at node \"%s\")", i + 1,
                sc->meters[s->index].id, n->id);
            return false;
        }
        play_set_meter(p, s->index, s->value, s->at_ms);
        return true;
    case PLAY_STEP_PAUSE:
    case PLAY_STEP_RESUME:
        if (p->status == PLAY_ENDED || p->paused != (s->kind == PLAY_STEP_RESUME)) {
            say(err, errsize, "step %d: cannot %s at node \"%s\"", i + 1, step_kind_name(s->kind), n->id);
            return false;
        }
        if (s->kind == PLAY_STEP_PAUSE)
            play_pause(p, s->at_ms);
        else
            play_resume(p, s->at_ms);
        return true;
    }
    say(err, errsize, "step %d: unknown kind %d", i + 1, (int)s->kind);
    return false;
}

/* start_node < 0 means the scenario's start. */
Play *play_replay(const Scenario *sc, uint64_t seed, PlayOptions opts, int start_node,
                  const PlayStep *steps, int nsteps, char *err, size_t errsize)
{
    if (start_node < 0)
        start_node = sc->start;
    if (start_node >= sc->nnodes) {
        say(err, errsize, "start node %d does not exist (the scenario has %d nodes)", start_node + 1,
            sc->nnodes);
        return NULL;
    }
    Play *p = play_alloc(sc, seed, opts, start_node);
    if (!p) {
        say(err, errsize, "out of memory");
        return NULL;
    }
    for (int i = 0; i < nsteps; i++) {
        if (!apply_step(p, i, &steps[i], err, errsize)) {
            play_free(p);
            return NULL;
        }
    }
    return p;
}

/* In place: step i of the log is read before the replayed step i overwrites it (with the same
 * values), so no copy and no allocation is needed. */
int play_rewind(Play *p, int step)
{
    if (step < 0 || step > p->nsteps)
        misuse("play_rewind(%d) with %d steps", step, p->nsteps);
    const Scenario *sc = p->sc;
    p->rng = p->seed;
    p->shuffle_rng = p->seed ^ PLAY_SHUFFLE_XOR;
    p->critical = 0;
    for (int i = 0; i < sc->nmeters; i++)
        p->meters[i] = sc->meters[i].start;
    memset(p->flags, 0, (size_t)sc->nflags);
    memset(p->raw, 0, sizeof p->raw);
    p->paused = false;
    p->nsteps = 0;
    p->ndecisions = 0;
    enter(p, p->start_node, 0);
    for (int i = 0; i < step; i++) {
        PlayStep s = p->steps[i];
        char err[256];
        if (!apply_step(p, i, &s, err, sizeof err))
            misuse("rewind could not replay its own log: %s", err);
    }
    return 0;
}
