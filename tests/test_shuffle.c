/* The order shown and critical answers (engine/play.c): the shuffle of the offered choices is
 * recomputed here from the seed, independently of the engine, exactly as the format fixes it
 * (a second SplitMix64 stream from seed XOR 0xa5a5a5a5a5a5a5a5, Fisher-Yates over the offered
 * choices in file order); file order without PlayOptions.shuffle; replays and rewinds show the
 * same order; the shuffle never moves the stream of random branches; a critical choice or
 * timeout outcome fails an attempt of 100%. */
#include "check.h"
#include "play.h"
#include "scenario.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const PlayOptions SHUFFLED = {.timers = true, .time_multiplier = 1.0, .shuffle = true};
static const PlayOptions FILE_ORDER = {.timers = true, .time_multiplier = 1.0};

static Scenario *load(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "tests/data/forms/%s.json", name);
    DiagList d = {0};
    Scenario *sc = scenario_load_file(path, &d);
    diag_list_free(&d);
    if (!sc) {
        fprintf(stderr, "  cannot load %s\n", path);
        check_failures_in_test++;
    }
    return sc;
}

/* The reference: SplitMix64 written out from the format's words. */
static uint64_t ref_next(uint64_t *s)
{
    *s += UINT64_C(0x9e3779b97f4a7c15);
    uint64_t z = *s;
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Fisher-Yates over items[0..n) with the reference stream. */
static void ref_shuffle(uint64_t *state, int *items, int n)
{
    for (int i = n - 1; i >= 1; i--) {
        double u = (double)(ref_next(state) >> 11) / 9007199254740992.0; /* 2^53 */
        int j = (int)(u * (double)(i + 1));
        int t = items[i];
        items[i] = items[j];
        items[j] = t;
    }
}

/* Plays choice `pick` (a position among the shown ones) at every decision, checking each
 * decision's order against the reference. Returns the number of decisions. */
static int play_checking(const Scenario *sc, uint64_t seed, int pick, bool shuffle, Play **out)
{
    Play *p = play_new(sc, seed, shuffle ? SHUFFLED : FILE_ORDER);
    uint64_t ref = seed ^ UINT64_C(0xa5a5a5a5a5a5a5a5);
    int decisions = 0;
    while (play_status(p) == PLAY_CHOOSING) {
        int offered[SC_MAX_CHOICES], shown[SC_MAX_CHOICES];
        int n = play_offered(p, offered);
        CHECK_INT(play_shown(p, shown), n);
        if (shuffle)
            ref_shuffle(&ref, offered, n); /* offered: file order, now shuffled */
        for (int i = 0; i < n; i++)
            CHECK_MSG(shown[i] == offered[i], "seed %llu decision %d position %d: shown %d, reference %d",
                      (unsigned long long)seed, decisions, i, shown[i], offered[i]);
        play_choose(p, shown[pick < n ? pick : n - 1], 1000 * (decisions + 1));
        int st = play_decision_step(p, decisions);
        int logged[SC_MAX_CHOICES];
        CHECK_INT(play_step_shown(p, st, logged), n);
        CHECK(memcmp(logged, shown, (size_t)n * sizeof(int)) == 0);
        decisions++;
    }
    *out = p;
    return decisions;
}

static void shuffle_reproduced_from_the_seed(void)
{
    Scenario *sc = load("shuffle-order");
    if (!sc)
        return;
    int moved = 0;
    const uint64_t seeds[] = {0, 1, 2, 42, 0xa5a5a5a5a5a5a5a5u, UINT64_MAX, 16302753354417940000u};
    for (size_t k = 0; k < sizeof seeds / sizeof *seeds; k++) {
        for (int pick = 0; pick < 3; pick++) {
            Play *p;
            int n = play_checking(sc, seeds[k], pick, true, &p);
            CHECK_INT(play_status(p), PLAY_ENDED);
            CHECK(n >= 4);
            for (int d = 0; d < n; d++) {
                int st = play_decision_step(p, d), shown[SC_MAX_CHOICES], offered_in_order = 0;
                int m = play_step_shown(p, st, shown);
                for (int i = 0; i < m; i++)
                    offered_in_order += i > 0 && shown[i] < shown[i - 1];
                moved += offered_in_order > 0;
            }
            play_free(p);
        }
    }
    CHECK(moved > 0); /* the shuffle does move things */
    scenario_free(sc);
}

/* A choice whose `requires` fails is not shuffled in: the shuffle runs over what is offered. */
static void shuffle_over_the_offered_only(void)
{
    Scenario *sc = load("shuffle-order");
    if (!sc)
        return;
    int c = scenario_find_node(sc, "c");
    for (uint64_t seed = 1; seed <= 40; seed++) {
        Play *p;
        play_checking(sc, seed, 1, true, &p); /* checks every decision against the reference */
        for (int d = 0; d < play_decision_count(p); d++) {
            int st = play_decision_step(p, d), shown[SC_MAX_CHOICES];
            if (play_step(p, st)->node != c)
                continue;
            int m = play_step_shown(p, st, shown);
            bool door = play_step(p, play_decision_step(p, 0))->index == 0; /* a1 sets it */
            CHECK_INT(m, door ? 4 : 3);
            for (int i = 0; i < m; i++)
                CHECK(door || shown[i] != 1);
        }
        play_free(p);
    }
    scenario_free(sc);
}

/* Without shuffle: file order; and the same choices give the same playthrough (the random
 * branch after a1 draws from the other stream) with or without the shuffle. */
static void file_order_and_branches_untouched(void)
{
    Scenario *sc = load("shuffle-order");
    if (!sc)
        return;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        Play *a;
        play_checking(sc, seed, 0, false, &a); /* position 0 of file order: a1 each time */
        Play *b = play_new(sc, seed, SHUFFLED);
        for (int d = 0; d < play_decision_count(a); d++) {
            const PlayStep *s = play_step(a, play_decision_step(a, d));
            CHECK_INT(play_node(b), s->node);
            if (play_node(b) != s->node)
                break;
            play_choose(b, s->index, s->at_ms);
        }
        CHECK_INT(play_status(b), PLAY_ENDED);
        CHECK_INT(play_step_count(a), play_step_count(b));
        for (int i = 0; i < play_step_count(a) && i < play_step_count(b); i++)
            CHECK_INT(play_step(a, i)->node, play_step(b, i)->node);
        play_free(a);
        play_free(b);
    }
    scenario_free(sc);
}

/* Replay from seed + log, and rewind, show the very same order at every decision. */
static void replay_and_rewind_show_the_same_order(void)
{
    Scenario *sc = load("shuffle-order");
    if (!sc)
        return;
    for (uint64_t seed = 100; seed < 120; seed++) {
        Play *p;
        play_checking(sc, seed, 2, true, &p);
        int ns = play_step_count(p);
        PlayStep *log = malloc((size_t)ns * sizeof *log);
        memcpy(log, play_step(p, 0), (size_t)ns * sizeof *log);
        for (int i = 0; i < ns; i++)
            memset(log[i].shown, 0, sizeof log[i].shown); /* the replay computes it */
        char err[256];
        Play *r = play_replay(sc, seed, SHUFFLED, -1, log, ns, err, sizeof err);
        CHECK(r != NULL);
        if (r) {
            for (int i = 0; i < ns; i++)
                CHECK(memcmp(play_step(r, i), play_step(p, i), sizeof(PlayStep)) == 0);
            play_free(r);
        }
        /* rewind to the second decision: what is shown there is what was shown before */
        int st = play_decision_step(p, 1), before[SC_MAX_CHOICES], now[SC_MAX_CHOICES];
        int n = play_step_shown(p, st, before);
        play_rewind(p, st);
        CHECK_INT(play_shown(p, now), n);
        CHECK(memcmp(before, now, (size_t)n * sizeof(int)) == 0);
        free(log);
        play_free(p);
    }
    scenario_free(sc);
}

static int choice_index(const Scenario *sc, int node, const char *id)
{
    const ScNode *n = scenario_node(sc, node);
    for (int i = 0; i < n->nchoices; i++)
        if (!strcmp(n->choices[i].id, id))
            return i;
    return -1;
}

/* refund-a: "promise" then "explain" makes 7 of 7 (100%) and a pass ending, but "promise" is
 * critical: not passed. The same with "ack" passes; a critical timeout fails too. */
static void critical_fails_a_full_score(void)
{
    Scenario *sc = load("refund-a");
    if (!sc)
        return;
    int opening = scenario_find_node(sc, "opening"), policy = scenario_find_node(sc, "policy");
    PlayResult r;
    Play *p = play_new(sc, 1, FILE_ORDER);
    play_choose(p, choice_index(sc, opening, "promise"), 10);
    play_choose(p, choice_index(sc, policy, "explain"), 20);
    play_result(p, &r);
    CHECK_INT(r.total.percent, 100);
    CHECK_INT(r.outcome, SC_OUTCOME_PASS);
    CHECK_INT(r.critical, 1);
    CHECK(!r.passed);
    /* rewound to the start, the count goes with the step */
    play_rewind(p, 0);
    play_choose(p, choice_index(sc, opening, "ack"), 10);
    play_choose(p, choice_index(sc, policy, "explain"), 20);
    play_result(p, &r);
    CHECK_INT(r.critical, 0);
    CHECK_INT(r.total.percent, 71); /* 5 of 7 */
    CHECK(r.passed);                /* pass mark 70 */
    play_free(p);

    p = play_new(sc, 1, FILE_ORDER);
    play_timeout(p, 20000); /* silence: critical, and a fail ending */
    play_result(p, &r);
    CHECK_INT(r.critical, 1);
    CHECK(!r.passed);
    play_free(p);
    scenario_free(sc);
}

int main(void)
{
    RUN(shuffle_reproduced_from_the_seed);
    RUN(shuffle_over_the_offered_only);
    RUN(file_order_and_branches_untouched);
    RUN(replay_and_rewind_show_the_same_order);
    RUN(critical_fails_a_full_score);
    return check_summary();
}
