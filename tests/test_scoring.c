/* Scoring: the exact maximum (overall and per competency), loops, bounds, percent rounding. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "play.h"
#include "scenario.h"
#include "scenario_internal.h"

static Scenario *load(const char *name, DiagList *d)
{
    char path[256];
    snprintf(path, sizeof path, "tests/data/scoring/%s.json", name);
    return scenario_load_file(path, d);
}

/* A load that must succeed: on failure, says the file's first error. */
static char first_error[1024];
#define CHECK_LOADED(sc, d) CHECK_MSG((sc) != NULL, "%s", diag_first_error((d), first_error, sizeof first_error, "?"))

static int competency(const Scenario *sc, const char *id)
{
    for (int i = 0; i < scenario_competency_count(sc); i++)
        if (!strcmp(scenario_competency(sc, i)->id, id))
            return i;
    return -1;
}

static bool has_diag(const DiagList *d, DiagSeverity sev, const char *needle, const char *pointer)
{
    for (int i = 0; i < d->count; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].message, needle) &&
            (!pointer || !strcmp(d->items[i].pointer, pointer)) && d->items[i].line > 0)
            return true;
    return false;
}

static void maximum_honours_meters_and_requires(void)
{
    DiagList d = {0};
    Scenario *sc = load("meters-gate", &d);
    CHECK_LOADED(sc, &d);
    if (sc) {
        CHECK_INT(scenario_max(sc)->total, 11);
        CHECK_INT(scenario_max(sc)->competency[competency(sc, "a")], 11);
        CHECK_INT(scenario_max(sc)->competency[competency(sc, "b")], 5);
        CHECK(scenario_max(sc)->exact);
    }
    scenario_free(sc);
    diag_list_free(&d);
}

static void maximum_takes_the_best_random_branch(void)
{
    DiagList d = {0};
    Scenario *sc = load("random-best", &d);
    CHECK_LOADED(sc, &d);
    if (sc)
        CHECK_INT(scenario_max(sc)->total, 9);
    scenario_free(sc);
    diag_list_free(&d);
}

static void timeout_counts_as_a_way_out(void)
{
    DiagList d = {0};
    Scenario *sc = load("timeout-counts", &d);
    CHECK_LOADED(sc, &d);
    if (sc)
        CHECK_INT(scenario_max(sc)->total, 4);
    scenario_free(sc);
    diag_list_free(&d);
}

static void dead_ends_are_not_complete_playthroughs(void)
{
    DiagList d = {0};
    Scenario *sc = load("dead-end", &d);
    CHECK_LOADED(sc, &d);
    if (sc)
        CHECK_INT(scenario_max(sc)->total, 3);
    CHECK_MSG(has_diag(&d, DIAG_WARNING, "can never hold", "/nodes/trap/choices/0/requires"),
              "expected a warning for the requires that never holds");
    scenario_free(sc);
    diag_list_free(&d);
}

static void loop_that_loses_points_is_fine(void)
{
    DiagList d = {0};
    Scenario *sc = load("zero-loop", &d);
    CHECK_LOADED(sc, &d);
    if (sc)
        CHECK_INT(scenario_max(sc)->total, 2);
    scenario_free(sc);
    diag_list_free(&d);
}

static void loop_that_gains_points_is_an_error(void)
{
    DiagList d = {0};
    Scenario *sc = load("gain-loop", &d);
    CHECK(!sc);
    CHECK_MSG(has_diag(&d, DIAG_ERROR, "unbounded", NULL), "expected an unbounded-score error");
    scenario_free(sc);
    diag_list_free(&d);
}

static void loop_that_gains_one_competency_is_an_error(void)
{
    DiagList d = {0};
    Scenario *sc = load("gain-loop-competency", &d);
    CHECK(!sc);
    CHECK_MSG(has_diag(&d, DIAG_ERROR, "gains \"a\" points", "/nodes/s"), "expected an error naming competency a");
    scenario_free(sc);
    diag_list_free(&d);
}

static void clamped_meter_bounds_a_loop_exactly(void)
{
    DiagList d = {0};
    Scenario *sc = load("clamped-loop", &d);
    CHECK_LOADED(sc, &d);
    if (sc) {
        CHECK_INT(scenario_max(sc)->total, 5);
        CHECK(scenario_max(sc)->exact);
    }
    scenario_free(sc);
    diag_list_free(&d);
}

static void competencies_are_maximised_each_on_its_own(void)
{
    DiagList d = {0};
    Scenario *sc = load("independent", &d);
    CHECK_LOADED(sc, &d);
    if (sc) {
        CHECK_INT(scenario_max(sc)->total, 5);
        CHECK_INT(scenario_max(sc)->competency[competency(sc, "a")], 5);
        CHECK_INT(scenario_max(sc)->competency[competency(sc, "b")], 4);
    }
    scenario_free(sc);
    diag_list_free(&d);
}

static void maximum_of_zero_is_an_error(void)
{
    DiagList d = {0};
    Scenario *sc = load("zero-max", &d);
    CHECK(!sc);
    CHECK_MSG(has_diag(&d, DIAG_ERROR, "maximum score is 0", NULL), "expected a maximum-0 error");
    scenario_free(sc);
    diag_list_free(&d);
}

static void big_state_space_is_exact_under_the_bound(void)
{
    DiagList d = {0};
    Scenario *sc = load("big-counter", &d);
    CHECK_LOADED(sc, &d);
    if (sc) {
        CHECK_INT(scenario_max(sc)->total, 2);
        CHECK(scenario_max(sc)->exact);
        CHECK_INT(scenario_max(sc)->states, 200002); /* count 0..100000 at s, and at the ending */
    }
    scenario_free(sc);
    diag_list_free(&d);
}

static void past_the_bound_branch_and_bound_finds_the_exact_maximum(void)
{
    DiagList d = {0};
    score_set_state_limit(1000);
    Scenario *sc = load("big-counter", &d);
    CHECK_LOADED(sc, &d);
    if (sc) {
        CHECK(scenario_max(sc)->exact); /* the bound (2) is reached: proven at once */
        CHECK_INT(scenario_max(sc)->total, 2);
    }
    scenario_free(sc);
    diag_list_free(&d);
    /* The node graph's bound (10, the bonus) can never be reached: the search must walk every
     * count to prove that 2 is the maximum. */
    sc = load("big-bonus", &d);
    score_set_state_limit(0);
    CHECK_LOADED(sc, &d);
    if (sc) {
        CHECK(scenario_max(sc)->exact);
        CHECK_INT(scenario_max(sc)->total, 2);
        CHECK(scenario_max(sc)->states > 100000);
    }
    CHECK_INT(d.warnings, 0);
    scenario_free(sc);
    diag_list_free(&d);
}

static void past_every_budget_an_upper_bound_is_used_and_said(void)
{
    DiagList d = {0};
    score_set_state_limit(1000);
    score_set_search_budget(500);
    Scenario *sc = load("big-bonus", &d);
    score_set_state_limit(0);
    score_set_search_budget(0);
    CHECK_LOADED(sc, &d);
    if (sc) {
        CHECK(!scenario_max(sc)->exact);
        CHECK_INT(scenario_max(sc)->total, 10); /* every choice offered: the bonus counts */
    }
    CHECK_MSG(has_diag(&d, DIAG_WARNING, "upper bound", "/nodes"), "expected the upper-bound warning");
    scenario_free(sc);
    diag_list_free(&d);
}

/* The best answer on offer at each decision: the debrief's comparison honours requires,
 * and a mentor's meter change opens what it opens. */
static void best_on_offer_honours_requires(void)
{
    DiagList d = {0};
    Scenario *sc = load("meters-gate", &d);
    CHECK_LOADED(sc, &d);
    if (!sc)
        return;
    PlayOptions o = {.timers = false};
    Play *p = play_new(sc, 1, o);
    play_choose(p, 1, 100); /* rush: 5 points, patience stays 30 */
    play_choose(p, 1, 200); /* small ask: the big ask (patience >= 50) was not on offer */
    /* warm up (1, then the big ask it opens: 11) starts the best call, though rush has the most
     * points there (5, then only the small ask: 7) */
    CHECK_INT(play_step_best(p, play_decision_step(p, 0)), 0);
    CHECK_INT(play_step_best(p, play_decision_step(p, 1)), 1); /* only the small ask was offered */
    int all[8];
    CHECK_INT(play_best_answers(p, all), 0);
    CHECK_INT(all[play_decision_step(p, 0)], 0);
    CHECK_INT(all[play_decision_step(p, 1)], 1);
    play_free(p);

    p = play_new(sc, 1, o);
    play_choose(p, 0, 100); /* warm up: patience 60 */
    CHECK_INT(play_step_best(p, play_decision_step(p, 0)), 0);
    int patience = scenario_find_meter(sc, "patience");
    play_set_meter(p, patience, 10, 150); /* a mentor closes the big ask again */
    play_choose(p, 1, 200);
    CHECK_INT(play_step_best(p, play_decision_step(p, 1)), 1);
    CHECK_INT(play_step_best(p, 1), -1); /* the meter step is not a decision */
    play_free(p);

    p = play_new(sc, 1, o);
    play_choose(p, 1, 100); /* rush: patience 30 */
    play_set_meter(p, patience, 80, 150); /* a mentor opens the big ask */
    play_choose(p, 0, 200);
    CHECK_INT(play_step_best(p, play_decision_step(p, 1)), 0);
    /* A replay knows it too. */
    Play *r = play_replay(sc, 1, o, -1, play_step(p, 0), play_step_count(p), NULL, 0);
    CHECK(r != NULL);
    if (r)
        CHECK_INT(play_step_best(r, play_decision_step(r, 1)), 0);
    play_free(r);
    play_free(p);
    scenario_free(sc);
    diag_list_free(&d);
}

static void percent_rounds_half_up_and_clamps(void)
{
    CHECK_INT(score_percent(7, 7), 100);
    CHECK_INT(score_percent(1, 3), 33);
    CHECK_INT(score_percent(2, 3), 67);
    CHECK_INT(score_percent(1, 2), 50);
    CHECK_INT(score_percent(1, 8), 13);   /* 12.5 rounds up */
    CHECK_INT(score_percent(3, 8), 38);   /* 37.5 rounds up */
    CHECK_INT(score_percent(1, 200), 1);  /* 0.5 rounds up */
    CHECK_INT(score_percent(-3, 5), 0);   /* clamped */
    CHECK_INT(score_percent(9, 7), 100);  /* clamped */
    CHECK_INT(score_percent(0, 7), 0);
    CHECK_INT(score_percent(3, 0), -1);   /* null */
    CHECK_INT(score_percent(3, -2), -1);
}

static void spec_example_scores_seven(void)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_file("tests/data/valid/hung-up-call-example.json", &d);
    CHECK_LOADED(sc, &d);
    if (sc) {
        CHECK_INT(scenario_max(sc)->total, 7);
        CHECK_INT(scenario_max(sc)->competency[competency(sc, "empathy")], 3);
        CHECK_INT(scenario_max(sc)->competency[competency(sc, "discovery")], 4);
        Play *p = play_new(sc, 1, (PlayOptions){.timers = true});
        play_choose(p, 0, 1000);
        CHECK_INT(play_status(p), PLAY_CHOOSING);
        play_choose(p, 0, 2000);
        PlayResult r;
        play_result(p, &r);
        CHECK_INT(r.total.raw, 7);
        CHECK_INT(r.total.percent, 100);
        CHECK(r.passed);
        play_free(p);
    }
    scenario_free(sc);
    diag_list_free(&d);
}

int main(void)
{
    RUN(maximum_honours_meters_and_requires);
    RUN(maximum_takes_the_best_random_branch);
    RUN(timeout_counts_as_a_way_out);
    RUN(dead_ends_are_not_complete_playthroughs);
    RUN(loop_that_loses_points_is_fine);
    RUN(loop_that_gains_points_is_an_error);
    RUN(loop_that_gains_one_competency_is_an_error);
    RUN(clamped_meter_bounds_a_loop_exactly);
    RUN(competencies_are_maximised_each_on_its_own);
    RUN(maximum_of_zero_is_an_error);
    RUN(big_state_space_is_exact_under_the_bound);
    RUN(past_the_bound_branch_and_bound_finds_the_exact_maximum);
    RUN(past_every_budget_an_upper_bound_is_used_and_said);
    RUN(best_on_offer_honours_requires);
    RUN(percent_rounds_half_up_and_clamps);
    RUN(spec_example_scores_seven);
    return check_summary();
}
