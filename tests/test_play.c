/* The play state machine (engine/play.c) on small scenario files in tests/data/play/:
 * order of play, clamping, requires, dead ends, SplitMix64 branches, timers, events, meter
 * set, rewind, clone, replay. */
#include "check.h"
#include "play.h"
#include "scenario.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const PlayOptions TIMERS_ON = {.timers = true, .time_multiplier = 1.0};
static const PlayOptions TIMERS_OFF = {.timers = false, .time_multiplier = 1.0};

static Scenario *load(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "tests/data/play/%s.json", name);
    DiagList d = {0};
    Scenario *sc = scenario_load_file(path, &d);
    for (int i = 0; i < d.count; i++) {
        if (d.items[i].severity != DIAG_ERROR)
            continue;
        char buf[1024];
        diag_format(&d.items[i], buf, sizeof buf);
        fprintf(stderr, "  %s\n", buf);
    }
    diag_list_free(&d);
    if (!sc) {
        fprintf(stderr, "  cannot load %s\n", path);
        check_failures_in_test++;
    }
    return sc;
}

static int node(const Scenario *sc, const char *id)
{
    int n = scenario_find_node(sc, id);
    if (n < 0) {
        fprintf(stderr, "  no node \"%s\"\n", id);
        abort();
    }
    return n;
}

static const char *node_id(const Play *p)
{
    return scenario_node(play_scenario(p), play_node(p))->id;
}

/* The index of choice `id` at the current node. */
static int choice(const Play *p, const char *id)
{
    const ScNode *n = scenario_node(play_scenario(p), play_node(p));
    for (int i = 0; i < n->nchoices; i++)
        if (!strcmp(n->choices[i].id, id))
            return i;
    fprintf(stderr, "  no choice \"%s\" at node \"%s\"\n", id, n->id);
    abort();
}

static int meter(const Scenario *sc, const char *id)
{
    int m = scenario_find_meter(sc, id);
    if (m < 0)
        abort();
    return m;
}

static int flag(const Scenario *sc, const char *id)
{
    for (int i = 0; i < scenario_flag_count(sc); i++)
        if (!strcmp(scenario_flag(sc, i), id))
            return i;
    abort();
}

static int competency(const Scenario *sc, const char *id)
{
    for (int i = 0; i < scenario_competency_count(sc); i++)
        if (!strcmp(scenario_competency(sc, i)->id, id))
            return i;
    abort();
}

/* The offered choices' ids, comma-separated. */
static const char *offered_ids(const Play *p)
{
    static char buf[512];
    int off[SC_MAX_CHOICES];
    int k = play_offered(p, off);
    const ScNode *n = scenario_node(play_scenario(p), play_node(p));
    buf[0] = 0;
    for (int i = 0; i < k; i++) {
        if (i)
            strcat(buf, ",");
        strcat(buf, n->choices[off[i]].id);
    }
    return buf;
}

/* An independent SplitMix64, written from the format's words. */
static uint64_t ref_next(uint64_t *s)
{
    *s += 0x9e3779b97f4a7c15ull;
    uint64_t z = *s;
    z ^= z >> 30;
    z *= 0xbf58476d1ce4e5b9ull;
    z ^= z >> 27;
    z *= 0x94d049bb133111ebull;
    z ^= z >> 31;
    return z;
}

/* The branch the format's rule picks for one draw. */
static int ref_pick(uint64_t draw, const double *w, int n)
{
    double u = (double)(draw >> 11) / 9007199254740992.0; /* 2^53 */
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += w[i];
    double t = u * sum, run = 0;
    for (int i = 0; i < n; i++) {
        run += w[i];
        if (run > t)
            return i;
    }
    return n - 1;
}

static void splitmix64_should_match_the_format(void)
{
    uint64_t s = 1;
    CHECK(play_splitmix64(&s) == 0x910a2dec89025cc1ull);
    CHECK(play_splitmix64(&s) == 0xbeeb8da1658eec67ull);
    CHECK(play_splitmix64(&s) == 0xf893a2eefb32555eull);
    s = 0;
    CHECK(play_splitmix64(&s) == 0xe220a8397b1dcdafull);
    for (uint64_t seed = 0; seed < 20; seed++) {
        uint64_t a = seed * 0x1234567ull, b = a;
        for (int i = 0; i < 100; i++)
            CHECK(play_splitmix64(&a) == ref_next(&b));
    }
    /* the draw rule on seed 1: u = 0.5665..., weights 1,2,1: t = 2.266 falls in the second */
    double w[3] = {1, 2, 1};
    s = 1;
    CHECK_INT(ref_pick(ref_next(&s), w, 3), 1);
    CHECK_INT(ref_pick(ref_next(&s), w, 3), 1); /* u = 0.7457: t = 2.98 */
    CHECK_INT(ref_pick(ref_next(&s), w, 3), 2); /* u = 0.9710: t = 3.88 */
}

static void play_should_follow_the_order_of_play(void)
{
    Scenario *sc = load("order");
    if (!sc)
        return;
    int patience = meter(sc, "patience"), trust = meter(sc, "trust");
    int empathy = competency(sc, "empathy"), discovery = competency(sc, "discovery");
    Play *p = play_new(sc, 1, TIMERS_ON);
    /* entering the start node applied its effects: 30 + 10 */
    CHECK_STR(node_id(p), "opening");
    CHECK_INT(play_status(p), PLAY_CHOOSING);
    CHECK_INT(play_meter(p, patience), 40);
    CHECK_INT(play_meter(p, trust), 0);
    CHECK_STR(offered_ids(p), "calm,rude"); /* hidden needs patience > 40 */
    CHECK(play_is_offered(p, 0));
    CHECK(!play_is_offered(p, 2));
    CHECK(!play_is_offered(p, 31));
    CHECK(!play_is_offered(p, -1));
    CHECK_INT(play_step_count(p), 0);

    play_choose(p, choice(p, "calm"), 1500);
    /* choice effects 40 + 80 clamps to 100; trust 4, then middle's +3 = 7 */
    CHECK_STR(node_id(p), "middle");
    CHECK_INT(play_meter(p, patience), 100);
    CHECK_INT(play_meter(p, trust), 7);
    CHECK(play_flag(p, flag(sc, "calmed")));
    CHECK(!play_flag(p, flag(sc, "noted"))); /* set, then cleared: clear comes last */
    CHECK_INT(play_raw(p, empathy), 3);
    CHECK_INT(play_raw(p, discovery), 1);
    CHECK_STR(offered_ids(p), "ask");

    play_choose(p, choice(p, "ask"), 4000);
    CHECK_STR(node_id(p), "wrap");
    CHECK_INT(play_status(p), PLAY_WAITING);
    CHECK_INT(play_meter(p, trust), 10); /* 7 + 5 clamps to 10 */
    int off[SC_MAX_CHOICES];
    CHECK_INT(play_offered(p, off), 0);
    CHECK_INT(play_time_limit_ms(p), 0);
    CHECK_INT(play_time_left_ms(p, 4000), -1);

    play_continue(p, 5000);
    CHECK_STR(node_id(p), "won");
    CHECK_INT(play_status(p), PLAY_ENDED);

    PlayResult r;
    play_result(p, &r);
    CHECK_INT(r.total.raw, 7);
    CHECK_INT(r.total.max, 7);
    CHECK_INT(r.total.percent, 100);
    CHECK_INT(r.ncompetencies, 2);
    CHECK_INT(r.competency[empathy].raw, 3);
    CHECK_INT(r.competency[empathy].max, 3);
    CHECK_INT(r.competency[discovery].raw, 4);
    CHECK_INT(r.competency[discovery].max, 4);
    CHECK_INT(r.competency[discovery].percent, 100);
    CHECK_INT(r.outcome, SC_OUTCOME_PASS);
    CHECK(r.passed);

    /* the log */
    CHECK_INT(play_step_count(p), 3);
    CHECK_INT(play_decision_count(p), 2);
    CHECK_INT(play_decision_step(p, 0), 0);
    CHECK_INT(play_decision_step(p, 1), 1);
    const PlayStep *s = play_step(p, 0);
    CHECK_INT(s->kind, PLAY_STEP_CHOICE);
    CHECK_INT(s->node, node(sc, "opening"));
    CHECK_INT(s->index, 0);
    CHECK_INT(s->at_ms, 1500);
    CHECK_INT(s->took_ms, 1500);
    CHECK_INT(play_step(p, 1)->took_ms, 2500); /* middle was entered at 1500 */
    CHECK_INT(play_step(p, 2)->kind, PLAY_STEP_CONTINUE);
    CHECK_INT(play_step(p, 2)->node, node(sc, "wrap"));
    CHECK_INT(play_step_meters(p, 0)[patience], 100);
    CHECK_INT(play_step_meters(p, 0)[trust], 7);
    CHECK_INT(play_step_meters(p, 1)[trust], 10);
    CHECK(play_step_choice(p, 0) == &scenario_node(sc, node(sc, "opening"))->choices[0]);
    CHECK(play_step_choice(p, 2) == NULL);
    play_free(p);
    scenario_free(sc);
}

static void clamping_and_dead_ends(void)
{
    Scenario *sc = load("order");
    if (!sc)
        return;
    Play *p = play_new(sc, 1, TIMERS_ON);
    play_choose(p, choice(p, "rude"), 100);
    CHECK_STR(node_id(p), "angry");
    CHECK_INT(play_meter(p, meter(sc, "patience")), 0); /* 40 - 100 clamps to 0 */
    CHECK_INT(play_meter(p, meter(sc, "trust")), -10);  /* 0 - 50 clamps to -10 */
    CHECK_INT(play_status(p), PLAY_DEAD_END);
    int off[SC_MAX_CHOICES];
    CHECK_INT(play_offered(p, off), 0);
    CHECK(!play_is_offered(p, 0));
    PlayResult r;
    play_result(p, &r);
    CHECK_INT(r.total.raw, -2);
    CHECK_INT(r.total.percent, 0);
    CHECK_INT(r.outcome, SC_OUTCOME_NONE);
    CHECK(!r.passed);

    /* a mentor's meter change can open a dead end again */
    play_set_meter(p, meter(sc, "patience"), 20, 200);
    CHECK_INT(play_status(p), PLAY_CHOOSING);
    CHECK_STR(offered_ids(p), "retry");
    play_set_meter(p, meter(sc, "patience"), -999, 300);
    CHECK_INT(play_meter(p, meter(sc, "patience")), 0);
    CHECK_INT(play_status(p), PLAY_DEAD_END);
    CHECK_INT(play_step(p, 2)->value, 0); /* the clamped value is logged */
    CHECK_INT(play_decision_count(p), 1);

    /* starting anywhere applies that node's effects: middle with no flag is a dead end */
    Play *q = play_new_at(sc, 1, TIMERS_ON, node(sc, "middle"));
    CHECK_STR(node_id(q), "middle");
    CHECK_INT(play_meter(q, meter(sc, "trust")), 3);
    CHECK_INT(play_meter(q, meter(sc, "patience")), 30);
    CHECK_INT(play_status(q), PLAY_DEAD_END);
    play_free(q);
    q = play_new_at(sc, 1, TIMERS_ON, node(sc, "won"));
    CHECK_INT(play_status(q), PLAY_ENDED);
    play_free(q);
    play_free(p);
    scenario_free(sc);
}

/* The logs of two plays are equal, meters after each step included. */
static bool same_play_light(const Play *a, const Play *b)
{
    int nm = scenario_meter_count(play_scenario(a));
    if (play_step_count(a) != play_step_count(b) || play_decision_count(a) != play_decision_count(b))
        return false;
    for (int i = 0; i < play_step_count(a); i++)
        if (memcmp(play_step(a, i), play_step(b, i), sizeof(PlayStep)) ||
            memcmp(play_step_meters(a, i), play_step_meters(b, i), sizeof(int) * (size_t)nm))
            return false;
    for (int d = 0; d < play_decision_count(a); d++)
        if (play_decision_step(a, d) != play_decision_step(b, d))
            return false;
    return true;
}

/* Plays random.json taking `again` n times then `stop`, and checks every node against the
 * format's rule computed here. */
static void random_branches_should_follow_splitmix64(void)
{
    Scenario *sc = load("random");
    if (!sc)
        return;
    const char *abc[3] = {"a", "b", "c"};
    const double w[3] = {1, 2, 1}, tiny[3] = {0.1, 0.2, 0.7};
    int firsts[3] = {0};
    for (uint64_t seed = 1; seed <= 2000; seed++) {
        Play *p = play_new(sc, seed, TIMERS_OFF);
        uint64_t ref = seed;
        CHECK_STR(node_id(p), "coin");
        play_continue(p, 0);
        int expect = ref_pick(ref_next(&ref), w, 3);
        firsts[expect]++;
        CHECK_STR(node_id(p), abc[expect]);
        int rolls = 1;
        for (int k = 0; k < 6; k++) {
            /* at c, take the tiny-weight branch; elsewhere `again` */
            bool at_c = !strcmp(node_id(p), "c");
            play_choose(p, choice(p, at_c ? "tiny" : "again"), k * 10);
            expect = ref_pick(ref_next(&ref), at_c ? tiny : w, 3);
            CHECK_STR(node_id(p), abc[expect]);
            rolls++;
        }
        CHECK_INT(play_meter(p, meter(sc, "rolls")), rolls);
        play_choose(p, choice(p, "stop"), 100); /* a fixed goto draws nothing */
        CHECK_INT(play_status(p), PLAY_ENDED);
        PlayResult r;
        play_result(p, &r);
        CHECK_INT(r.total.raw, 1);
        CHECK_INT(r.total.percent, 100);
        CHECK(r.passed); /* neutral outcome, 100 >= 80 */
        CHECK_INT(r.outcome, SC_OUTCOME_NEUTRAL);
        if (check_failures_in_test) {
            fprintf(stderr, "  (seed %llu)\n", (unsigned long long)seed);
            play_free(p);
            break;
        }
        play_free(p);
    }
    /* weights 1:2:1 over 2000 fixed seeds */
    CHECK(firsts[0] > 400 && firsts[0] < 600);
    CHECK(firsts[1] > 900 && firsts[1] < 1100);
    CHECK(firsts[2] > 400 && firsts[2] < 600);

    /* seed 1 concretely: b, b, c (u = 0.567, 0.746, 0.971) */
    Play *p = play_new(sc, 1, TIMERS_OFF);
    play_continue(p, 0);
    CHECK_STR(node_id(p), "b");
    play_choose(p, choice(p, "again"), 1);
    CHECK_STR(node_id(p), "b");
    play_choose(p, choice(p, "again"), 2);
    CHECK_STR(node_id(p), "c");
    CHECK_INT(play_seed(p), 1);
    play_free(p);
    scenario_free(sc);
}

/* A long playthrough grows the log many times: every entry must survive the moves. */
static void long_logs_should_keep_every_step(void)
{
    Scenario *sc = load("random");
    if (!sc)
        return;
    int rolls = meter(sc, "rolls");
    Play *p = play_new(sc, 3, TIMERS_OFF);
    play_continue(p, 0);
    for (int i = 0; i < 700; i++) {
        if (i == 350)
            play_pause(p, 350000);
        else if (i == 351)
            play_resume(p, 351000);
        else
            play_choose(p, choice(p, "again"), (int64_t)i * 1000);
    }
    CHECK_INT(play_step_count(p), 701);
    CHECK_INT(play_decision_count(p), 698);
    int entries = 1;
    for (int i = 0; i < play_step_count(p); i++) {
        const PlayStep *s = play_step(p, i);
        if (s->kind == PLAY_STEP_CHOICE)
            entries++;
        if (i > 0)
            CHECK_INT(s->at_ms, (int64_t)(i - 1) * 1000);
        CHECK_INT(play_step_meters(p, i)[rolls], entries);
        if (check_failures_in_test)
            break;
    }
    for (int d = 0, i = 0; d < play_decision_count(p); d++, i++) {
        while (play_step(p, i)->kind != PLAY_STEP_CHOICE)
            i++;
        CHECK_INT(play_decision_step(p, d), i);
    }
    Play *c = play_clone(p);
    CHECK(c && same_play_light(p, c));
    play_free(c);
    play_free(p);
    scenario_free(sc);
}

/* A scenario with no meters, flags or events: empty meter arrays everywhere. */
static void a_scenario_without_meters(void)
{
    Scenario *sc = load("bare");
    if (!sc)
        return;
    CHECK_INT(scenario_meter_count(sc), 0);
    Play *p = play_new(sc, 1, TIMERS_ON);
    for (int i = 0; i < 100; i++) {
        play_choose(p, choice(p, "again"), i * 10);
        CHECK_INT(play_status(p), PLAY_WAITING);
        play_continue(p, i * 10 + 5);
    }
    play_pause(p, 2000);
    play_resume(p, 2100);
    Play *c = play_clone(p);
    play_choose(p, choice(p, "done"), 3000);
    CHECK_INT(play_status(p), PLAY_ENDED);
    CHECK_INT(play_step_count(p), 203);
    CHECK(play_step_meters(p, 202) != NULL);
    PlayResult r;
    play_result(p, &r);
    CHECK_INT(r.total.raw, 2);
    CHECK_INT(r.total.percent, 100);
    CHECK(r.passed);
    CHECK(c && same_play_light(c, c) && play_step_count(c) == 202);
    CHECK_INT(play_rewind(p, 202), 0);
    CHECK(same_play_light(p, c));
    PlayStep log[203];
    for (int i = 0; i < 202; i++)
        log[i] = *play_step(c, i);
    Play *q = play_replay(sc, 1, TIMERS_ON, -1, log, 202, NULL, 0);
    CHECK(q && same_play_light(q, c));
    play_free(q);
    play_free(c);
    play_free(p);
    scenario_free(sc);
}

static void timers_should_use_the_multiplier_and_skip_pauses(void)
{
    Scenario *sc = load("timers");
    if (!sc)
        return;
    PlayOptions o = {.timers = true, .time_multiplier = 1.5};
    Play *p = play_new(sc, 1, o);
    CHECK_STR(node_id(p), "q1");
    CHECK_INT(play_time_limit_ms(p), 15000); /* the scenario's 10 s x 1.5 */
    CHECK_INT(play_time_left_ms(p, 0), 15000);
    CHECK_INT(play_time_left_ms(p, 1000), 14000);
    play_pause(p, 2000);
    play_pause(p, 2500); /* idempotent: not logged twice */
    CHECK(play_paused(p));
    CHECK_INT(play_time_left_ms(p, 5000), 13000); /* frozen while paused */
    CHECK(!play_tick(p, 100000));                /* a paused timer never runs out */
    play_resume(p, 7000);
    play_resume(p, 7100);
    CHECK(!play_paused(p));
    CHECK_INT(play_time_left_ms(p, 8000), 12000);
    CHECK(!play_tick(p, 19999));
    CHECK_STR(node_id(p), "q1");
    CHECK(play_tick(p, 20000));
    CHECK_STR(node_id(p), "silence");
    CHECK_INT(play_status(p), PLAY_ENDED);
    CHECK_INT(play_step_count(p), 3);
    CHECK_INT(play_step(p, 0)->kind, PLAY_STEP_PAUSE);
    CHECK_INT(play_step(p, 1)->kind, PLAY_STEP_RESUME);
    const PlayStep *s = play_step(p, 2);
    CHECK_INT(s->kind, PLAY_STEP_TIMEOUT);
    CHECK_INT(s->at_ms, 20000);
    CHECK_INT(s->took_ms, 15000);
    CHECK_INT(play_decision_count(p), 1);
    CHECK(play_step_choice(p, 2) == scenario_node(sc, node(sc, "q1"))->timeout);
    CHECK_INT(play_meter(p, meter(sc, "patience")), 30);
    PlayResult r;
    play_result(p, &r);
    CHECK_INT(r.total.raw, -1);
    CHECK_INT(r.total.percent, 0);
    CHECK_INT(r.outcome, SC_OUTCOME_FAIL);
    CHECK(!r.passed);
    play_free(p);

    /* a node's own limit and outcome; a late tick records the limit as the time taken */
    p = play_new(sc, 1, o);
    play_choose(p, 0, 3000);
    CHECK_INT(play_step(p, 0)->took_ms, 3000);
    CHECK_STR(node_id(p), "q2");
    CHECK_INT(play_time_limit_ms(p), 7500);
    CHECK(!play_tick(p, 10499));
    CHECK(play_tick(p, 12000));
    CHECK_INT(play_step(p, 1)->took_ms, 7500);
    CHECK_STR(node_id(p), "q3"); /* q2's own outcome */
    CHECK_INT(play_meter(p, meter(sc, "patience")), 40);
    CHECK_INT(play_raw(p, 0), 2);
    /* q3 says time_limit 0: no timer */
    CHECK_INT(play_time_limit_ms(p), 0);
    CHECK_INT(play_time_left_ms(p, 12000), -1);
    CHECK(!play_tick(p, 1000000000));
    /* the time taken at a choice excludes pauses */
    play_pause(p, 13000);
    play_resume(p, 18000);
    play_choose(p, choice(p, "plain"), 20000);
    CHECK_INT(play_step(p, play_step_count(p) - 1)->took_ms, 3000);
    CHECK_INT(play_status(p), PLAY_ENDED);
    play_result(p, &r);
    CHECK_INT(r.total.raw, 2);
    CHECK_INT(r.total.max, 4);
    CHECK_INT(r.total.percent, 50);
    CHECK(!r.passed); /* 50 < 60 */
    CHECK_INT(r.outcome, SC_OUTCOME_PASS);
    play_free(p);

    /* timers off: no limit, no tick, but a timeout can still be taken by hand */
    p = play_new(sc, 1, TIMERS_OFF);
    CHECK_INT(play_time_limit_ms(p), 0);
    CHECK_INT(play_time_left_ms(p, 0), -1);
    CHECK(!play_tick(p, 1000000000));
    play_timeout(p, 5);
    CHECK_STR(node_id(p), "silence");
    CHECK_INT(play_step(p, 0)->took_ms, 5);
    play_free(p);

    /* a multiplier of 0 means 1.0 */
    PlayOptions z = {.timers = true, .time_multiplier = 0};
    p = play_new(sc, 1, z);
    CHECK_INT(play_time_limit_ms(p), 10000);
    play_free(p);
    /* a pause that spans a move: the next node's timer starts paused */
    p = play_new(sc, 1, TIMERS_ON);
    play_pause(p, 1000);
    play_choose(p, 0, 2000);
    CHECK_STR(node_id(p), "q2");
    CHECK_INT(play_time_left_ms(p, 9000), 5000);
    play_resume(p, 10000);
    CHECK_INT(play_time_left_ms(p, 11000), 4000);
    CHECK(play_tick(p, 15000));
    CHECK_STR(node_id(p), "q3");
    play_free(p);
    scenario_free(sc);
}

static void events_and_meter_set(void)
{
    Scenario *sc = load("timers");
    if (!sc)
        return;
    int patience = meter(sc, "patience");
    int cut = scenario_find_event(sc, "budget_cut"), coin = scenario_find_event(sc, "coin");
    CHECK(cut >= 0 && coin >= 0);
    Play *p = play_new(sc, 1, TIMERS_ON);
    play_inject_event(p, cut, 1000);
    CHECK_STR(node_id(p), "cut");
    CHECK_INT(play_raw(p, 0), 0); /* no points */
    CHECK_INT(play_decision_count(p), 0);
    CHECK_INT(play_step(p, 0)->kind, PLAY_STEP_EVENT);
    CHECK_INT(play_step(p, 0)->node, node(sc, "q1"));
    CHECK_INT(play_step(p, 0)->index, cut);
    CHECK_INT(play_time_left_ms(p, 1000), 10000); /* the new node's timer starts at the event */
    CHECK_STR(offered_ids(p), "recover");
    play_set_meter(p, patience, 95, 2000);
    CHECK_STR(offered_ids(p), "recover,calm_only");
    CHECK_INT(play_time_left_ms(p, 2000), 9000); /* the timer runs on */
    play_set_meter(p, patience, 500, 2500);
    CHECK_INT(play_meter(p, patience), 100);
    CHECK_INT(play_step(p, 2)->value, 100);
    CHECK_INT(play_step(p, 2)->kind, PLAY_STEP_METER);
    CHECK_INT(play_step_meters(p, 2)[patience], 100);
    play_set_meter(p, patience, -5, 3000);
    CHECK_INT(play_meter(p, patience), 0);
    CHECK_INT(play_status(p), PLAY_DEAD_END); /* recover needs patience >= 10 */
    CHECK_INT(play_time_left_ms(p, 3000), -1);
    /* an event from a dead end */
    play_inject_event(p, cut, 3500);
    CHECK_INT(play_status(p), PLAY_DEAD_END);
    CHECK_INT(play_step(p, 4)->kind, PLAY_STEP_EVENT);
    play_set_meter(p, patience, 10, 3600);
    CHECK_STR(offered_ids(p), "recover");
    CHECK_INT(play_time_left_ms(p, 3600), 10000); /* a dead end that opens starts its timer afresh */
    play_choose(p, choice(p, "recover"), 4000);
    CHECK_INT(play_step(p, play_step_count(p) - 1)->took_ms, 400);
    CHECK_STR(node_id(p), "win");
    PlayResult r;
    play_result(p, &r);
    CHECK_INT(r.total.raw, 1);
    CHECK_INT(r.total.percent, 25);
    play_free(p);

    /* the meter set makes a choice reachable that the maximum does not count: clamped to 100 */
    p = play_new(sc, 1, TIMERS_ON);
    play_choose(p, 0, 1);
    play_choose(p, 0, 2);
    CHECK_STR(node_id(p), "q3");
    CHECK_STR(offered_ids(p), "plain");
    play_set_meter(p, patience, 60, 3);
    CHECK_STR(offered_ids(p), "good,plain");
    play_choose(p, choice(p, "good"), 4);
    play_result(p, &r);
    CHECK_INT(r.total.raw, 6);
    CHECK_INT(r.total.max, 4);
    CHECK_INT(r.total.percent, 100);
    CHECK(r.passed);
    play_free(p);

    /* a random event draws from the same generator */
    for (uint64_t seed = 1; seed <= 50; seed++) {
        p = play_new(sc, seed, TIMERS_ON);
        play_inject_event(p, coin, 10);
        uint64_t ref = seed;
        const double w[2] = {1, 1};
        CHECK_STR(node_id(p), ref_pick(ref_next(&ref), w, 2) == 0 ? "q3" : "cut");
        play_free(p);
    }
    scenario_free(sc);
}

static bool same_play(const Play *a, const Play *b)
{
    const Scenario *sc = play_scenario(a);
    bool same = play_node(a) == play_node(b) && play_status(a) == play_status(b) &&
                play_step_count(a) == play_step_count(b) && play_decision_count(a) == play_decision_count(b) &&
                play_paused(a) == play_paused(b);
    for (int i = 0; same && i < scenario_meter_count(sc); i++)
        same = play_meter(a, i) == play_meter(b, i);
    for (int i = 0; same && i < scenario_flag_count(sc); i++)
        same = play_flag(a, i) == play_flag(b, i);
    for (int i = 0; same && i < scenario_competency_count(sc); i++)
        same = play_raw(a, i) == play_raw(b, i);
    for (int i = 0; same && i < play_step_count(a); i++) {
        const PlayStep *x = play_step(a, i), *y = play_step(b, i);
        same = x->kind == y->kind && x->node == y->node && x->index == y->index && x->value == y->value &&
               x->at_ms == y->at_ms && x->took_ms == y->took_ms;
        for (int m = 0; same && m < scenario_meter_count(sc); m++)
            same = play_step_meters(a, i)[m] == play_step_meters(b, i)[m];
    }
    PlayResult ra, rb;
    play_result(a, &ra);
    play_result(b, &rb);
    return same && !memcmp(&ra, &rb, sizeof ra);
}

/* A random playthrough driven by its own generator, with mentor steps mixed in. */
static void random_walk(Play *p, uint64_t rng, int max_steps)
{
    const Scenario *sc = play_scenario(p);
    int64_t now = 0;
    for (int k = 0; k < max_steps; k++) {
        PlayStatus st = play_status(p);
        if (st == PLAY_ENDED)
            break;
        now += (int64_t)(ref_next(&rng) % 4000);
        uint64_t r = ref_next(&rng) % 100;
        if (r < 5 && scenario_event_count(sc)) {
            play_inject_event(p, (int)(ref_next(&rng) % (uint64_t)scenario_event_count(sc)), now);
        } else if (r < 10 && scenario_meter_count(sc)) {
            play_set_meter(p, 0, (int)(ref_next(&rng) % 120) - 10, now);
        } else if (r < 15) {
            if (play_paused(p))
                play_resume(p, now);
            else
                play_pause(p, now);
        } else if (st == PLAY_WAITING) {
            play_continue(p, now);
        } else if (st == PLAY_CHOOSING) {
            if (play_tick(p, now))
                continue;
            int off[SC_MAX_CHOICES];
            int n = play_offered(p, off);
            play_choose(p, off[ref_next(&rng) % (uint64_t)n], now);
        } else if (scenario_event_count(sc)) {
            play_inject_event(p, (int)(ref_next(&rng) % (uint64_t)scenario_event_count(sc)), now);
        } else {
            break; /* dead end */
        }
    }
}

static void replay_should_equal_the_original(void)
{
    const char *names[] = {"order", "random", "timers"};
    for (int f = 0; f < 3; f++) {
        Scenario *sc = load(names[f]);
        if (!sc)
            continue;
        for (uint64_t seed = 1; seed <= 300; seed++) {
            PlayOptions o = {.timers = seed % 2 == 0, .time_multiplier = seed % 3 ? 1.0 : 2.5};
            Play *p = play_new(sc, seed, o);
            random_walk(p, seed * 977, 40);
            int n = play_step_count(p);
            PlayStep *log = malloc(sizeof *log * (size_t)(n + 1));
            for (int i = 0; i < n; i++)
                log[i] = *play_step(p, i);
            char err[256] = "";
            Play *q = play_replay(sc, seed, o, -1, log, n, err, sizeof err);
            CHECK_MSG(q != NULL, "%s seed %llu: %s", names[f], (unsigned long long)seed, err);
            if (q)
                CHECK_MSG(same_play(p, q), "%s seed %llu", names[f], (unsigned long long)seed);
            play_free(q);

            /* rewind to every point and re-take the rest: the same playthrough again */
            Play *c = play_clone(p);
            CHECK(c && same_play(p, c));
            int at = n ? (int)(seed % (uint64_t)(n + 1)) : 0;
            CHECK_INT(play_rewind(c, at), 0);
            CHECK_INT(play_step_count(c), at);
            for (int i = at; i < n; i++) {
                const PlayStep *s = &log[i];
                switch (s->kind) {
                case PLAY_STEP_CHOICE: play_choose(c, s->index, s->at_ms); break;
                case PLAY_STEP_TIMEOUT: play_timeout(c, s->at_ms); break;
                case PLAY_STEP_CONTINUE: play_continue(c, s->at_ms); break;
                case PLAY_STEP_EVENT: play_inject_event(c, s->index, s->at_ms); break;
                case PLAY_STEP_METER: play_set_meter(c, s->index, s->value, s->at_ms); break;
                case PLAY_STEP_PAUSE: play_pause(c, s->at_ms); break;
                case PLAY_STEP_RESUME: play_resume(c, s->at_ms); break;
                }
            }
            CHECK_MSG(same_play(p, c), "%s seed %llu rewound to %d", names[f], (unsigned long long)seed, at);
            play_free(c);
            free(log);
            play_free(p);
            if (check_failures_in_test)
                break;
        }
        scenario_free(sc);
    }
}

static void replay_should_refuse_impossible_steps(void)
{
    Scenario *sc = load("order");
    if (!sc)
        return;
    Play *p = play_new(sc, 1, TIMERS_ON);
    play_choose(p, choice(p, "calm"), 100);
    play_choose(p, choice(p, "ask"), 200);
    play_continue(p, 300);
    PlayStep log[3];
    for (int i = 0; i < 3; i++)
        log[i] = *play_step(p, i);
    char err[256];

    PlayStep bad[3];
    memcpy(bad, log, sizeof bad);
    bad[0].index = 2; /* hidden: not offered */
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, bad, 3, err, sizeof err) == NULL);
    CHECK_STR(err, "step 1: choice \"hidden\" is not offered at node \"opening\"");

    memcpy(bad, log, sizeof bad);
    bad[1].index = 1; /* noted_only: not offered */
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, bad, 3, err, sizeof err) == NULL);
    CHECK_STR(err, "step 2: choice \"noted_only\" is not offered at node \"middle\"");

    memcpy(bad, log, sizeof bad);
    bad[1].kind = PLAY_STEP_CONTINUE;
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, bad, 3, err, sizeof err) == NULL);
    CHECK_MSG(strstr(err, "does not continue"), "%s", err);

    memcpy(bad, log, sizeof bad);
    bad[1].kind = PLAY_STEP_TIMEOUT;
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, bad, 3, err, sizeof err) == NULL);
    CHECK_MSG(strstr(err, "timeout"), "%s", err);

    memcpy(bad, log, sizeof bad);
    bad[2].node = node(sc, "opening");
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, bad, 3, err, sizeof err) == NULL);
    CHECK_MSG(strstr(err, "step 3") && strstr(err, "\"wrap\""), "%s", err);

    memcpy(bad, log, sizeof bad);
    bad[0].index = 99;
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, bad, 3, err, sizeof err) == NULL);
    CHECK_STR(err, "step 1: node \"opening\" has no choice 100 (it has 3)");
    bad[0] = log[0];
    bad[0].kind = PLAY_STEP_EVENT; /* the scenario has no events */
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, bad, 3, err, sizeof err) == NULL);
    CHECK_STR(err, "step 1: the scenario has no event 1 (it has 0)");
    bad[0].kind = PLAY_STEP_METER;
    bad[0].index = 2;
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, bad, 3, err, sizeof err) == NULL);
    CHECK_STR(err, "step 1: the scenario has no meter 3 (it has 2)");
    bad[0].index = 0;
    bad[0].kind = PLAY_STEP_RESUME; /* not paused */
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, bad, 3, err, sizeof err) == NULL);
    bad[0].kind = (PlayStepKind)77;
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, bad, 3, err, sizeof err) == NULL);

    /* steps after the end */
    PlayStep more[4];
    memcpy(more, log, sizeof log);
    more[3] = log[2];
    more[3].node = node(sc, "won");
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, more, 4, err, sizeof err) == NULL);
    CHECK_STR(err, "step 4: node \"won\" does not continue (it is ended)");
    more[3].kind = PLAY_STEP_METER;
    more[3].index = 1;
    CHECK(play_replay(sc, 1, TIMERS_ON, -1, more, 4, err, sizeof err) == NULL);
    CHECK_STR(err, "step 4: meter \"trust\" set after the end (at node \"won\")");

    /* the good log, and a prefix of it */
    Play *q = play_replay(sc, 1, TIMERS_ON, -1, log, 3, NULL, 0);
    CHECK(q && same_play(p, q));
    play_free(q);
    q = play_replay(sc, 1, TIMERS_ON, -1, log, 1, NULL, 0);
    CHECK(q && !strcmp(node_id(q), "middle"));
    play_free(q);
    /* from another start node */
    CHECK(play_replay(sc, 1, TIMERS_ON, node(sc, "middle"), log, 1, err, sizeof err) == NULL);
    play_free(p);
    scenario_free(sc);
}

static void rewind_and_clone(void)
{
    Scenario *sc = load("order");
    if (!sc)
        return;
    int patience = meter(sc, "patience"), trust = meter(sc, "trust");
    Play *p = play_new(sc, 1, TIMERS_ON);
    play_choose(p, choice(p, "calm"), 100);
    Play *snap = play_clone(p);
    play_choose(p, choice(p, "ask"), 200);
    play_continue(p, 300);
    CHECK_INT(play_status(p), PLAY_ENDED);
    /* the snapshot did not move */
    CHECK_STR(node_id(snap), "middle");
    CHECK_INT(play_step_count(snap), 1);
    CHECK_INT(play_meter(snap, trust), 7);
    play_choose(snap, choice(snap, "ask"), 200);
    play_continue(snap, 300);
    CHECK(same_play(p, snap));
    play_free(snap);

    CHECK_INT(play_rewind(p, 1), 0);
    CHECK_STR(node_id(p), "middle");
    CHECK_INT(play_status(p), PLAY_CHOOSING);
    CHECK_INT(play_step_count(p), 1);
    CHECK_INT(play_decision_count(p), 1);
    CHECK_INT(play_meter(p, patience), 100);
    CHECK_INT(play_meter(p, trust), 7);
    CHECK_INT(play_raw(p, competency(sc, "discovery")), 1);
    CHECK_INT(play_rewind(p, 0), 0);
    CHECK_STR(node_id(p), "opening");
    CHECK_INT(play_meter(p, patience), 40);
    CHECK(!play_flag(p, flag(sc, "calmed")));
    CHECK_INT(play_raw(p, competency(sc, "empathy")), 0);
    CHECK_INT(play_step_count(p), 0);
    play_choose(p, choice(p, "rude"), 50);
    CHECK_STR(node_id(p), "angry");
    play_free(p);

    /* rewind restores the generator: the same choices give the same branches */
    Scenario *rs = load("random");
    if (rs) {
        p = play_new(rs, 42, TIMERS_OFF);
        play_continue(p, 0);
        for (int i = 0; i < 5; i++)
            play_choose(p, choice(p, "again"), i + 1);
        int path_end = play_node(p);
        Play *c = play_clone(p);
        CHECK_INT(play_rewind(p, 3), 0);
        for (int i = 2; i < 5; i++)
            play_choose(p, choice(p, "again"), i + 1);
        CHECK_INT(play_node(p), path_end);
        CHECK(same_play(p, c));
        play_free(c);
        play_free(p);
    }
    scenario_free(rs);
    scenario_free(sc);
}

/* Runs fn in a child process; true when it aborted (SIGABRT). */
static bool aborts(void (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr))
            _exit(2);
        fn();
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
}

static Scenario *misuse_sc;

static void choose_after_end(void)
{
    Play *p = play_new_at(misuse_sc, 1, TIMERS_ON, scenario_find_node(misuse_sc, "won"));
    play_choose(p, 0, 0);
}

static void choose_not_offered(void)
{
    Play *p = play_new(misuse_sc, 1, TIMERS_ON);
    play_choose(p, 2, 0);
}

static void continue_at_choice(void)
{
    Play *p = play_new(misuse_sc, 1, TIMERS_ON);
    play_continue(p, 0);
}

static void timeout_without_timer(void)
{
    Play *p = play_new(misuse_sc, 1, TIMERS_ON);
    play_timeout(p, 0);
}

static void meter_after_end(void)
{
    Play *p = play_new_at(misuse_sc, 1, TIMERS_ON, scenario_find_node(misuse_sc, "won"));
    play_set_meter(p, 0, 1, 0);
}

static void event_out_of_range(void)
{
    Play *p = play_new(misuse_sc, 1, TIMERS_ON);
    play_inject_event(p, 0, 0);
}

static void steps_not_allowed_should_abort(void)
{
    misuse_sc = load("order");
    if (!misuse_sc)
        return;
    CHECK(aborts(choose_after_end));
    CHECK(aborts(choose_not_offered));
    CHECK(aborts(continue_at_choice));
    CHECK(aborts(timeout_without_timer));
    CHECK(aborts(meter_after_end));
    CHECK(aborts(event_out_of_range));
    scenario_free(misuse_sc);
}

static void percent_should_round_halves_up_exactly(void)
{
    CHECK_INT(score_percent(7, 7), 100);
    CHECK_INT(score_percent(1, 3), 33);
    CHECK_INT(score_percent(2, 3), 67);
    CHECK_INT(score_percent(1, 8), 13);
    CHECK_INT(score_percent(995, 1000), 100); /* 99.5 */
    CHECK_INT(score_percent(994, 1000), 99);
    CHECK_INT(score_percent(5, 1000), 1); /* 0.5 */
    CHECK_INT(score_percent(4, 1000), 0);
    CHECK_INT(score_percent(-1, 1000), 0);
    CHECK_INT(score_percent(-1000000, 3), 0);
    CHECK_INT(score_percent(INT64_MIN, 3), 0);
    CHECK_INT(score_percent(INT64_MAX, 3), 100);
    CHECK_INT(score_percent(INT64_MAX / 2, INT64_MAX), 50);
    CHECK_INT(score_percent(INT64_MAX / 200 * 3 / 2, INT64_MAX / 200), 100);
    CHECK_INT(score_percent(0, 0), -1);
    CHECK_INT(score_percent(5, -3), -1);
    CHECK_INT(score_percent(0, 5), 0);
}

int main(void)
{
    const char *src = getenv("SPARRING_SOURCE_DIR"); /* the data files are relative to it */
    if (src && *src && chdir(src) != 0) {
        fprintf(stderr, "test_play: cannot enter %s\n", src);
        return 1;
    }
    RUN(splitmix64_should_match_the_format);
    RUN(percent_should_round_halves_up_exactly);
    RUN(play_should_follow_the_order_of_play);
    RUN(clamping_and_dead_ends);
    RUN(random_branches_should_follow_splitmix64);
    RUN(long_logs_should_keep_every_step);
    RUN(a_scenario_without_meters);
    RUN(timers_should_use_the_multiplier_and_skip_pauses);
    RUN(events_and_meter_set);
    RUN(replay_should_equal_the_original);
    RUN(replay_should_refuse_impossible_steps);
    RUN(rewind_and_clone);
    RUN(steps_not_allowed_should_abort);
    return check_summary();
}
