/* Random playthroughs of real scenarios and the records they make, shared by
 * tests/test_dashboard_best.c and bench/bench_dashboard.c (a header of static definitions: each
 * includer gets its own copy; both link game_core only). */
#ifndef SPARRING_DASHBOARD_FIXTURE_H
#define SPARRING_DASHBOARD_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "play.h"
#include "records.h"
#include "scenario.h"

#define FIX_MAX_STEPS 400

/* One playthrough: its log and what records keep of it. */
typedef struct {
    uint64_t seed;
    PlayStep *steps;
    int nsteps;
    RecordsDecision *dec;
    int ndec;
    RecordsCompetency *comps;
    int ncomps;
    PlayResult res;
    const char *ending; /* "" when it did not end */
    bool ended;
} FixPath;

static int fix_draw(uint64_t *rng, int n)
{
    return (int)(play_splitmix64(rng) % (uint64_t)n);
}

/* Plays sc from seed with answers drawn among those offered (the timeout 1 time in 10 where the
 * node has one); with mentor_meters, now and then a mentor sets a meter first (a state the
 * scoring's search may never reach). Returns the Play (caller frees); *out keeps its log. */
static Play *fix_play(const Scenario *sc, uint64_t seed, uint64_t *rng, bool mentor_meters,
                      FixPath *out)
{
    Play *p = play_new(sc, seed, (PlayOptions){.timers = true, .time_multiplier = 1.0});
    int64_t t = 0;
    while (p && play_step_count(p) < FIX_MAX_STEPS) {
        PlayStatus st = play_status(p);
        t += 1000 + fix_draw(rng, 9000);
        if (st == PLAY_WAITING) {
            play_continue(p, t);
            continue;
        }
        if (st != PLAY_CHOOSING)
            break;
        const ScNode *n = scenario_node(sc, play_node(p));
        if (mentor_meters && scenario_meter_count(sc) > 0 && fix_draw(rng, 12) == 0) {
            int m = fix_draw(rng, scenario_meter_count(sc));
            const ScMeter *sm = scenario_meter(sc, m);
            play_set_meter(p, m, sm->min + fix_draw(rng, sm->max - sm->min + 1), t);
            if (play_status(p) != PLAY_CHOOSING)
                break;
        }
        int offered[SC_MAX_CHOICES];
        int k = play_offered(p, offered);
        if (n->time_limit > 0 && n->timeout && fix_draw(rng, 10) == 0)
            play_timeout(p, t);
        else
            play_choose(p, offered[fix_draw(rng, k)], t);
    }
    if (!p || !out)
        return p;
    memset(out, 0, sizeof *out);
    out->seed = seed;
    out->nsteps = play_step_count(p);
    out->steps = malloc((size_t)(out->nsteps ? out->nsteps : 1) * sizeof *out->steps);
    for (int i = 0; out->steps && i < out->nsteps; i++)
        out->steps[i] = *play_step(p, i);
    out->ndec = play_decision_count(p);
    out->dec = calloc((size_t)(out->ndec ? out->ndec : 1), sizeof *out->dec);
    for (int d = 0; out->dec && d < out->ndec; d++) {
        const PlayStep *s = play_step(p, play_decision_step(p, d));
        const ScNode *n = scenario_node(sc, s->node);
        out->dec[d] = (RecordsDecision){
            .node = (char *)n->id,
            .choice = (char *)(s->index >= 0 ? n->choices[s->index].id : "timeout"),
            .points_json = (char *)"{}", .meters_json = (char *)"{}", .shown_json = (char *)"[]",
            .techniques_json = (char *)"[]", .at_ms = s->at_ms, .took_ms = s->took_ms};
    }
    play_result(p, &out->res);
    out->ended = play_status(p) == PLAY_ENDED;
    out->ending = out->ended ? scenario_node(sc, play_node(p))->id : "";
    out->ncomps = scenario_competency_count(sc);
    out->comps = calloc((size_t)(out->ncomps ? out->ncomps : 1), sizeof *out->comps);
    for (int c = 0; out->comps && c < out->ncomps; c++)
        out->comps[c] = (RecordsCompetency){(char *)scenario_competency(sc, c)->id,
                                            out->res.competency[c].raw, out->res.competency[c].max,
                                            out->res.competency[c].percent};
    return p;
}

static void fix_path_free(FixPath *f)
{
    free(f->steps);
    free(f->dec);
    free(f->comps);
    memset(f, 0, sizeof *f);
}

/* The record of path f of sc (the strings are borrowed from sc, f and the arguments). */
static void fix_attempt(RecordsAttempt *a, const Scenario *sc, const FixPath *f, const char *trainee,
                        const char *name, const char *team, const char *mode, int64_t started_ms)
{
    memset(a, 0, sizeof *a);
    a->trainee_id = (char *)trainee;
    a->trainee_name = (char *)name;
    a->team = (char *)team;
    a->scenario_id = (char *)scenario_id(sc);
    a->scenario_version = (char *)scenario_version(sc);
    a->scenario_title = (char *)scenario_text(scenario_title(sc), 0);
    a->scenario_sha256 = (char *)scenario_sha256(sc);
    a->level = (char *)scenario_level_name(scenario_level(sc));
    a->mode = (char *)mode;
    a->locale = (char *)"zh";
    a->station = (char *)"room-3";
    a->start_node = (char *)"";
    a->seed = f->seed;
    a->time_multiplier = 1.0;
    a->timers = true;
    a->started_unix_ms = started_ms;
    a->ended_unix_ms = started_ms + (f->nsteps ? f->steps[f->nsteps - 1].at_ms : 0);
    a->status = (char *)(f->ended ? "completed" : "abandoned");
    a->ending = (char *)f->ending;
    a->outcome = (char *)(f->res.outcome == SC_OUTCOME_PASS   ? "pass"
                          : f->res.outcome == SC_OUTCOME_FAIL ? "fail"
                          : f->ended                          ? "neutral"
                                                              : "");
    a->percent = f->res.total.percent;
    a->raw = f->res.total.raw;
    a->max = f->res.total.max;
    a->pass_percent = scenario_pass_percent(sc);
    a->passed = f->res.passed;
    a->decisions = f->dec;
    a->ndecisions = f->ndec;
    a->steps = f->steps;
    a->nsteps = f->nsteps;
    a->competencies = f->comps;
    a->ncompetencies = f->ncomps;
}

#endif
