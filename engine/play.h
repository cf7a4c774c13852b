/* play: the state machine of one playthrough. Deterministic (SplitMix64 from the seed) and
 * pure: it never reads a clock or sleeps; every call that can move time takes `now_ms`, the
 * caller's monotonic milliseconds since the attempt started.
 *
 * Every step that changes the state (choice, timeout, continue, event, meter adjustment) is
 * appended to a log; seed + log replay the attempt exactly (play_replay), which is also how
 * rewind and hot reload work. Calling a step that is not allowed in the current status is a
 * programmer error and aborts. */
#ifndef SPARRING_PLAY_H
#define SPARRING_PLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario.h"

typedef struct Play Play;

typedef enum {
    PLAY_CHOOSING, /* at a choice node with at least one choice offered */
    PLAY_WAITING,  /* at a node with `next`: advances on play_continue */
    PLAY_ENDED,    /* at an ending */
    PLAY_DEAD_END  /* at a choice node that offers nothing: stopped without an ending */
} PlayStatus;

typedef enum {
    PLAY_STEP_CHOICE,   /* index = choice index in the node (not the offered position) */
    PLAY_STEP_TIMEOUT,  /* index = -1 */
    PLAY_STEP_CONTINUE,
    PLAY_STEP_EVENT,    /* index = event index */
    PLAY_STEP_METER,    /* index = meter index, value = the new value (clamped) */
    PLAY_STEP_PAUSE,    /* timer paused (not part of the score; kept so replay keeps time) */
    PLAY_STEP_RESUME
} PlayStepKind;

typedef struct {
    PlayStepKind kind;
    int node;         /* the node the step was taken at */
    int index;        /* see PlayStepKind */
    int value;        /* PLAY_STEP_METER */
    int64_t at_ms;    /* now_ms when the step was taken */
    int64_t took_ms;  /* CHOICE/TIMEOUT: time the trainee took at that node (pauses excluded;
                       * a timeout taken late by play_tick records the time limit) */
    uint32_t offered; /* CHOICE/TIMEOUT: the choices offered when it was taken (bit i: choice i);
                       * set by play, ignored in a log given to play_replay */
    uint8_t shown[SC_MAX_CHOICES]; /* CHOICE/TIMEOUT: the offered choices in the order shown (first
                       * shown first; as many as bits in `offered`); set by play, ignored by replay */
} PlayStep;

typedef struct {
    bool timers;            /* run the timers (assessment: yes; practice may turn them off) */
    double time_multiplier; /* accommodation: each time limit is multiplied by it; 0 means 1.0 */
    bool shuffle;           /* show the offered choices in the seeded shuffled order (assessment:
                             * yes; practice: only when the trainer asks); else in file order */
} PlayOptions;

/* A score line: percent is -1 where the spec says null (maximum 0 or less). */
typedef struct {
    int64_t raw, max;
    int percent;
} ScoreLine;

typedef struct {
    ScoreLine total;
    int ncompetencies;
    ScoreLine competency[SC_MAX_COMPETENCIES];
    ScOutcome outcome; /* SC_OUTCOME_NONE until an ending */
    bool passed;       /* percent >= pass_percent, the outcome is not "fail" and no critical
                        * choice or timeout outcome was taken */
    int critical;      /* how many critical choices and timeout outcomes were taken */
} PlayResult;

/* Starts a playthrough at the scenario's start node (its effects applied). The scenario must
 * outlive the Play. Returns NULL only when out of memory. Free with play_free. */
Play *play_new(const Scenario *sc, uint64_t seed, PlayOptions opts);
/* Starts at any node (play-testing: `play --from`); the node's effects are applied. */
Play *play_new_at(const Scenario *sc, uint64_t seed, PlayOptions opts, int node);
void play_free(Play *p);

/* A full copy (state and log), for snapshots. Free with play_free. NULL when out of memory. */
Play *play_clone(const Play *p);

const Scenario *play_scenario(const Play *p);
PlayStatus play_status(const Play *p);
int play_node(const Play *p);        /* the current node index */
uint64_t play_seed(const Play *p);
PlayOptions play_options(const Play *p);

/* The choices offered now, as indexes into the node's choices, in file order; returns how
 * many (0 unless PLAY_CHOOSING). `out` has room for SC_MAX_CHOICES. */
int play_offered(const Play *p, int out[SC_MAX_CHOICES]);
/* The same choices in the order to show them: shuffled when PlayOptions.shuffle (a second
 * SplitMix64 stream from seed XOR PLAY_SHUFFLE_XOR, one Fisher-Yates per decision, as the
 * format fixes it), else file order. Returns how many. */
int play_shown(const Play *p, int out[SC_MAX_CHOICES]);
#define PLAY_SHUFFLE_XOR 0xa5a5a5a5a5a5a5a5u
bool play_is_offered(const Play *p, int choice);

/* Takes choice `choice` (an index into the node's choices; it must be offered). */
void play_choose(Play *p, int choice, int64_t now_ms);
/* Takes the node's timeout outcome (the node must have a timer and an outcome). Allowed with
 * timers off too (`run --choices timeout`, replays). */
void play_timeout(Play *p, int64_t now_ms);
/* Advances a PLAY_WAITING node. */
void play_continue(Play *p, int64_t now_ms);
/* Moves at once to the event's target, with no points (sandbox: a mentor's injection).
 * Allowed in any status but PLAY_ENDED. */
void play_inject_event(Play *p, int event, int64_t now_ms);
/* Sets a meter (clamped to its range); then re-evaluates what is offered (a dead end may open,
 * a choice node may become a dead end); the node's timer runs on. Not after the end. */
void play_set_meter(Play *p, int meter, int value, int64_t now_ms);
/* Timer pause and resume (a mentor's pause, the trainee's Esc). Idempotent. */
void play_pause(Play *p, int64_t now_ms);
void play_resume(Play *p, int64_t now_ms);
bool play_paused(const Play *p);

/* The time limit of the current node in ms after the multiplier; 0 when it has no timer or
 * timers are off. */
int64_t play_time_limit_ms(const Play *p);
/* Milliseconds left at now_ms (never negative); while paused, the time left when the pause
 * began; -1 when the current node has no timer (or timers are off). */
int64_t play_time_left_ms(const Play *p, int64_t now_ms);
/* Takes the timeout if the timer has run out at now_ms. Returns true when it did. */
bool play_tick(Play *p, int64_t now_ms);

int play_meter(const Play *p, int meter);
bool play_flag(const Play *p, int flag);
int64_t play_raw(const Play *p, int competency);
/* The score so far (final once PLAY_ENDED). */
void play_result(const Play *p, PlayResult *out);

/* The log of every step taken. */
int play_step_count(const Play *p);
const PlayStep *play_step(const Play *p, int i);
/* Meter values right after step i (an array of scenario_meter_count ints). */
const int *play_step_meters(const Play *p, int i);
/* The choice (or timeout outcome) a decision step took, whose `score` is its points; NULL for
 * other steps. */
const ScChoice *play_step_choice(const Play *p, int i);

/* The order in which the offered choices were shown at decision step `step` (indexes into
 * the node's choices, first shown first); returns how many, 0 for a step that is not a
 * decision. `out` has room for SC_MAX_CHOICES. */
int play_step_shown(const Play *p, int step, int out[SC_MAX_CHOICES]);

/* The best answer that was on offer at decision step `step`: the one that starts the best
 * continuation (its points plus the highest total still reachable after it, over its best random
 * branch), which is not always the one with the most points there; the first in file order
 * among equals. An index into the node's choices; -1 for a step that is not a decision. The one
 * definition of "the best answer" (the debrief's, stats', and the audit's: audit_value_best);
 * when the exact state search is too big it falls back to the most points at that decision.
 * Runs the state search once a call: for every step, use play_best_answers. (play_best.c) */
int play_step_best(const Play *p, int step);
/* The same for every step at once (one search): out[i] for step i, out has play_step_count
 * entries. Returns 0, or -1 when out of memory (out then holds -1s). */
int play_best_answers(const Play *p, int *out);
/* The same with a search made once for many Plays of one scenario (audit_value_new; NULL when it
 * was too big: the fallback), whose memo keeps each state's answer: what the manager's page and
 * the item analysis use over thousands of attempts. 0, or -1 out of memory. (play_best.c) */
struct AuditValue;
int play_best_answers_with(const struct AuditValue *v, const Play *p, int *out);

/* Decisions (choice and timeout steps only), the order the records and `run` list them. */
int play_decision_count(const Play *p);
int play_decision_step(const Play *p, int d); /* the step index of decision d */

/* Percent of raw over max: 100 x raw / max rounded half up, clamped to 0..100; -1 if max <= 0. */
int score_percent(int64_t raw, int64_t max);

/* A new Play that replays `nsteps` steps of a log from the seed, at start_node (< 0: the
 * scenario's start). Every step must have been taken at the node play is at, and be possible
 * there; returns NULL when one is not (err gets a message naming the step, 1-based, if
 * non-NULL, of errsize bytes) or when out of memory. Safe on damaged logs. */
Play *play_replay(const Scenario *sc, uint64_t seed, PlayOptions opts, int start_node,
                  const PlayStep *steps, int nsteps, char *err, size_t errsize);

/* Rewinds to just before step `step` (0: the start): replays the log up to there, in place
 * (the later steps are dropped). Returns 0; it allocates nothing, so it cannot fail. */
int play_rewind(Play *p, int step);

/* SplitMix64, exactly as the format fixes it: advances *state and returns the next draw. */
uint64_t play_splitmix64(uint64_t *state);

#endif
