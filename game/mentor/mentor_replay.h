/* mentor_replay: the case review (`sparring replay ATTEMPT_ID`). A recorded attempt played back
 * in a window decision by decision, forwards and back: at each moment the Play is rebuilt from
 * the seed and the steps before it (play_replay), with what was on offer, what the trainee took,
 * the meters, and the mentor's comments and actions at that moment. "Practise from here" asks
 * for a sandbox run forked from the moment shown (cmd_replay.c starts it). */
#ifndef SPARRING_MENTOR_REPLAY_H
#define SPARRING_MENTOR_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "mentor_ui.h"
#include "records.h"
#include "scenario.h"
#include "ui_app.h"

typedef struct MentorReplay MentorReplay;

typedef struct {
    const char *locale; /* "zh"/"en"; NULL: the attempt's */
    int width, height;  /* points; 0: 1100 x 800 */
    bool no_present;    /* tests */
    bool routed;        /* opened from the console: its events are routed to it (mentor_ui.h) */
    /* The attempt's recorded spoken answers with their bytes (records_recordings): each is
     * offered beside its decision (played with A). Must outlive the window; may be NULL. */
    const RecordsRecording *recordings;
    int nrecordings;
} MentorReplayOptions;

/* The scenario an attempt was played on: `file` when given, else the *.json under `dir` (two
 * levels) whose id is the attempt's, preferring the one with the same SHA-256. *changed: the
 * file's SHA-256 differs from the attempt's. path (size bytes) gets the file's path. NULL with
 * a message when none is found. Free with scenario_free. */
Scenario *mentor_find_scenario(const RecordsAttempt *at, const char *file, const char *dir, char *path,
                               size_t size, bool *changed, char *err, size_t errsize);

/* Opens the review window at the first decision. sc and at must outlive it. Checks first that
 * the whole attempt replays on sc (else NULL and the step that fails). Free with
 * mentor_replay_free. */
MentorReplay *mentor_replay_new(const Scenario *sc, const RecordsAttempt *at, const MentorReplayOptions *opt,
                                char *err, size_t errsize);
void mentor_replay_free(MentorReplay *r);

/* One iteration: waits up to wait_ms for an event, handles them, draws if anything changed.
 * Returns false once the window is closed or "practise from here" was chosen. */
bool mentor_replay_step(MentorReplay *r, int wait_ms);
void mentor_replay_draw(MentorReplay *r);
/* Runs until closed or forked. */
void mentor_replay_run(MentorReplay *r);

/* The moment shown: k decisions taken (0 .. the attempt's decisions). */
int mentor_replay_position(const MentorReplay *r);
void mentor_replay_seek(MentorReplay *r, int k);
/* The Play at the moment shown. */
const Play *mentor_replay_play(const MentorReplay *r);
/* After "practise from here": the number of steps of the attempt's log to start from (the
 * moment shown); -1 when not asked. */
int mentor_replay_fork_steps(const MentorReplay *r);
/* Comments shown at the moment (the mentor's events stamped with it). */
int mentor_replay_moment_events(const MentorReplay *r);
MentorWin *mentor_replay_win(MentorReplay *r);

/* "Practise from here": opens the trainee's window (opt: path is the scenario file, mode is
 * forced to sandbox, trainee defaults to the attempt's) and starts a new sandbox attempt
 * replayed from the first nsteps steps of `at`, its timer running; the fork is recorded in
 * the new attempt as a mentor "rewind" event naming the attempt it came from. NULL with a
 * message in err. */
UiApp *mentor_practise_from(const RecordsAttempt *at, int nsteps, const UiOptions *opt, char *err, size_t errsize);

#endif
