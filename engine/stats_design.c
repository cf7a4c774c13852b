/* stats_design: the checks that catch design mistakes before trainees do (stats.h): which
 * playthroughs pass, whether the best call reaches each competency's maximum, and decisions
 * where the answer with the most points is not the start of the best call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_value.h"
#include "play.h"
#include "stats.h"

typedef struct {
    const Scenario *sc;
    const AuditValue *v; /* NULL: the exact search was too big (no traps, no best call) */
    StatsDesign *out;
    long decisions;
    bool oom;
} Walk;

static int64_t points_of(const ScChoice *c)
{
    int64_t p = 0;
    for (int k = 0; k < c->nscore; k++)
        p += c->score[k].points;
    return p;
}

/* The path's answers so far, as run --choices takes them. */
static void path_text(const Play *p, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int d = 0; d < play_decision_count(p); d++) {
        const ScChoice *c = play_step_choice(p, play_decision_step(p, d));
        int w = snprintf(buf + len, size - len, "%s%s", d ? "," : "", c ? c->id : "timeout");
        if (w < 0 || (size_t)w >= size - len) {
            snprintf(buf + (size > 4 ? size - 4 : 0), size > 4 ? 4 : size, "...");
            return;
        }
        len += (size_t)w;
    }
}

static void fill_path(const Play *p, StatsPath *out)
{
    PlayResult r;
    play_result(p, &r);
    path_text(p, out->choices, sizeof out->choices);
    out->ending = play_node(p);
    out->raw = r.total.raw;
    out->percent = r.total.percent;
}

/* Keeps a passing playthrough: all of them while few, then the lowest-scoring. */
static void keep_pass(Walk *w, const Play *p)
{
    StatsDesign *o = w->out;
    PlayResult r;
    play_result(p, &r);
    int slot = o->npaths;
    if (slot == STATS_DESIGN_PATHS) {
        slot = 0; /* replace the highest-scoring kept one, if this one is lower */
        for (int i = 1; i < o->npaths; i++)
            if (o->paths[i].raw > o->paths[slot].raw)
                slot = i;
        if (o->paths[slot].raw <= r.total.raw)
            return;
    } else {
        o->npaths++;
    }
    fill_path(p, &o->paths[slot]);
}

/* At a decision: does the answer with the most points start the best call? */
static void check_trap(Walk *w, const Play *p, const int *offered, int n)
{
    if (!w->v)
        return;
    const ScNode *node = scenario_node(w->sc, play_node(p));
    int most = -1, best = -1;
    int64_t most_pts = 0, best_v = AUDIT_VALUE_NONE;
    for (int i = 0; i < n; i++) {
        int64_t pts = points_of(&node->choices[offered[i]]);
        int64_t val = audit_value_choice(w->v, p, offered[i]);
        if (most < 0 || pts > most_pts)
            most = offered[i], most_pts = pts;
        if (best < 0 || val > best_v)
            best = offered[i], best_v = val;
    }
    int64_t most_v = audit_value_choice(w->v, p, most);
    if (most_v >= best_v)
        return; /* the most points also lead to the best call (or as good a one) */
    StatsDesign *o = w->out;
    for (int i = 0; i < o->ntraps; i++)
        if (o->traps[i].node == play_node(p) && o->traps[i].most_points == most && o->traps[i].best == best)
            return;
    if (o->ntraps < STATS_DESIGN_TRAPS)
        o->traps[o->ntraps++] = (StatsTrap){play_node(p), most, best, most_v, best_v};
}

static void explore(Walk *w, Play *p, int depth)
{
    for (int steps = 0;; steps++) {
        PlayStatus st = play_status(p);
        if (st == PLAY_ENDED) {
            PlayResult r;
            play_result(p, &r);
            w->out->playthroughs++;
            if (r.passed) {
                w->out->passing++;
                keep_pass(w, p);
            }
            return;
        }
        if (st == PLAY_DEAD_END)
            return;
        if (st == PLAY_WAITING && steps >= STATS_MAX_STEPS) { /* a loop of `next` nodes */
            w->out->complete = false;
            return;
        }
        if (st == PLAY_WAITING) {
            play_continue(p, 0);
            continue;
        }
        break;
    }
    if (depth >= STATS_DESIGN_MAX_DEPTH || w->decisions >= STATS_DESIGN_MAX_DECISIONS) {
        w->out->complete = false;
        return;
    }
    int offered[SC_MAX_CHOICES];
    int n = play_offered(p, offered);
    check_trap(w, p, offered, n);
    for (int i = 0; i < n && !w->oom; i++) {
        Play *q = play_clone(p);
        if (!q) {
            w->oom = true;
            return;
        }
        w->decisions++;
        play_choose(q, offered[i], 0);
        explore(w, q, depth + 1);
        play_free(q);
    }
}

/* The best call: the answer that starts the best continuation at every decision. */
static void best_call(Walk *w, uint64_t seed, PlayOptions o)
{
    Play *p = play_new(w->sc, seed, o);
    if (!p) {
        w->oom = true;
        return;
    }
    for (int steps = 0; steps < 10000; steps++) {
        PlayStatus st = play_status(p);
        if (st == PLAY_WAITING) {
            play_continue(p, 0);
            continue;
        }
        if (st != PLAY_CHOOSING)
            break;
        int best = audit_value_best(w->v, p); /* the audit's best play, the same definition */
        if (best >= 0)
            play_choose(p, best, 0);
        else
            play_timeout(p, 0); /* only when letting the timer run out is best */
    }
    if (play_status(p) == PLAY_ENDED) {
        w->out->best_known = true;
        fill_path(p, &w->out->best);
        for (int k = 0; k < scenario_competency_count(w->sc); k++)
            w->out->best_competency[k] = play_raw(p, k);
    }
    play_free(p);
}

int stats_design(const Scenario *sc, uint64_t seed, StatsDesign *out)
{
    memset(out, 0, sizeof *out);
    out->complete = true;
    bool too_big = false;
    AuditValue *v = audit_value_new(sc, &too_big);
    if (!v && !too_big)
        return -1;
    Walk w = {sc, v, out, 0, false};
    PlayOptions o = {.timers = false};
    Play *p = play_new(sc, seed, o);
    if (!p) {
        audit_value_free(v);
        return -1;
    }
    explore(&w, p, 0);
    play_free(p);
    if (v && !w.oom)
        best_call(&w, seed, o);
    audit_value_free(v);
    /* the kept passing paths, lowest-scoring first */
    for (int i = 1; i < out->npaths; i++)
        for (int j = i; j > 0 && out->paths[j].raw < out->paths[j - 1].raw; j--) {
            StatsPath t = out->paths[j];
            out->paths[j] = out->paths[j - 1];
            out->paths[j - 1] = t;
        }
    return w.oom ? -1 : 0;
}
