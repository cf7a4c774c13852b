/* records: assessment records in SQLite (../shared/spec/records.md).
 *
 * Every attempt is kept: each decision is committed in its own transaction as it is made, an
 * attempt left in_progress by a process that died is found on the next start and is either
 * resumed (seed + steps replay it) or closed as `interrupted`, never dropped. Several processes
 * may write to one database at once (WAL, busy timeout, BEGIN IMMEDIATE). The schema carries a
 * version (PRAGMA user_version) and is migrated forward on open.
 *
 * Strings handed in are copied; strings handed out belong to the struct they are in and are
 * freed with it. Errors are return values plus a message in err (errsize bytes, may be NULL);
 * nothing here prints. Time is always passed in (Unix milliseconds, UTC). */
#ifndef SPARRING_RECORDS_H
#define SPARRING_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "play.h"

typedef struct Records Records;

/* The schema version this build writes (PRAGMA user_version). */
#define RECORDS_SCHEMA_VERSION 3

/* Opens (creating it and its folders when missing) the database at path and migrates it to
 * RECORDS_SCHEMA_VERSION. A corrupt file, a file that is not SQLite, an SQLite file of another
 * program or one from a newer build gives NULL and a clear message. Close with records_close. */
Records *records_open(const char *path, char *err, size_t errsize);
void records_close(Records *db);
const char *records_path(const Records *db);

/* ---- Recording a Play ------------------------------------------------------------------ */

/* Who and how. Any field may be NULL: trainee_id defaults to "anonymous", mode to "practice",
 * locale to "en", station to the host name; time_multiplier 0 means 1.0. no_timers: the Play
 * was started with PlayOptions.timers false (stored so a replay uses the same options). */
typedef struct {
    const char *trainee_id, *trainee_name, *team, *mentor_id, *mode, *locale, *station;
    double time_multiplier;
    bool no_timers;
} AttemptMeta;

typedef struct Recorder Recorder;

/* Starts an attempt (status in_progress) for a Play that has just started, and commits the
 * steps already in its log. NULL when the attempt could not be started (err set). If only the
 * steps already in the log could not be committed, the Recorder is returned all the same (err
 * set): the attempt exists and the next recorder_sync retries them. The Play's scenario gives
 * id, version, title (in meta->locale), level, SHA-256, pass mark and start node. */
Recorder *recorder_begin(Records *db, const Play *p, const AttemptMeta *meta,
                         int64_t started_unix_ms, char *err, size_t errsize);
/* Commits every step of the Play's log not yet stored, each decision in its own transaction;
 * when the play has ended, completes the attempt with its result (status completed) and queues
 * its xAPI statements. After a rewind (the log is shorter or differs from what is stored), the
 * superseded steps and decisions are kept, marked `rewound`, never deleted. 0 or -1. */
int recorder_sync(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize);
/* Mentor events: kind "comment", "event", "meter", "pause", "resume", "rewind"; detail is free
 * text (may be NULL); offset_ms from the attempt's start; decision_index: the number of
 * decisions taken when it happened (-1: unknown). Committed at once. 0 or -1. */
int recorder_mentor_event(Recorder *r, const char *kind, const char *detail,
                          int64_t offset_ms, int decision_index, char *err, size_t errsize);
/* Appends a mentor event to an attempt no Recorder is writing any more (a mentor's comment on
 * the debrief, after the attempt closed): the results are not touched. Same kinds as above.
 * 0 or -1 (an unknown attempt is an error). */
int records_add_mentor_event(Records *db, const char *attempt_id, const char *kind, const char *detail,
                             int64_t offset_ms, int decision_index, char *err, size_t errsize);
/* Syncs, then closes the attempt: "completed" when the play has ended, else "abandoned".
 * Frees r even when it fails (then the attempt stays in_progress and is later found by
 * records_interrupted). 0 or -1. */
int recorder_end(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize);
/* The attempt's UUID (36 characters), valid until recorder_end. */
const char *recorder_attempt_id(const Recorder *r);

/* ---- Reading attempts ------------------------------------------------------------------ */

typedef struct {
    int index;          /* 0-based position in the attempt's final path; -1 when rewound */
    bool rewound;       /* superseded by a rewind (kept, never counted) */
    char *node;         /* node id */
    char *choice;       /* choice id, or "timeout" */
    char *points_json;  /* the choice's points: {"empathy":3} */
    char *meters_json;  /* the meters right after it: {"patience":40} */
    int64_t at_ms;      /* when it was taken, ms since the attempt started */
    int64_t took_ms;    /* how long the trainee took (pauses excluded) */
    char *shown_json;   /* the order shown, choice ids, first shown first: ["b","a"] ([] before v3) */
    bool critical;      /* the choice (or timeout outcome) was critical */
    char *techniques_json; /* its techniques: ["LAER"] */
} RecordsDecision;

typedef struct {
    char *id;
    int64_t raw, max;
    int percent; /* -1: none (maximum 0) */
} RecordsCompetency;

typedef struct {
    char *kind, *detail; /* detail may be "" */
    int64_t offset_ms;
    int decision_index;
} RecordsMentorEvent;

typedef struct {
    char attempt_id[37];
    char *trainee_id, *trainee_name, *team, *mentor_id;  /* name, team, mentor may be "" */
    char *scenario_id, *scenario_version, *scenario_title, *scenario_sha256;
    char *level;            /* "new_hire", "experienced", "manager" */
    char *mode;             /* "practice", "assessment", "sandbox" */
    char *locale, *station;
    char *start_node;       /* node id the play started at (play_new_at) */
    uint64_t seed;
    double time_multiplier;
    bool timers;
    int64_t started_unix_ms;
    int64_t ended_unix_ms;  /* -1 while in_progress */
    char *status;           /* "in_progress", "completed", "interrupted", "abandoned" */
    char *ending, *outcome; /* "" until an ending; outcome "pass", "fail", "neutral" */
    int64_t raw, max;
    int percent;            /* -1: none */
    int pass_percent;
    bool passed;
    int ndecisions;
    RecordsDecision *decisions;   /* in the order taken, rewound ones included */
    int ncompetencies;
    RecordsCompetency *competencies;
    int nmentor;
    RecordsMentorEvent *mentor;
    int nsteps;
    PlayStep *steps;        /* the live step log: seed + steps replay the attempt */
    char *scenario_group;   /* the scenario's group of parallel forms ("" on insert: the id) */
    bool shuffle;           /* the choices were shown shuffled (PlayOptions.shuffle) */
    int critical_errors;    /* critical decisions in the final path (rewound ones not counted) */
} RecordsAttempt;

/* Loads one attempt with everything in it. NULL when there is none (err says so) or on error.
 * Free with records_attempt_free. */
RecordsAttempt *records_attempt_load(Records *db, const char *attempt_id, char *err,
                                     size_t errsize);
void records_attempt_free(RecordsAttempt *a);
/* The options the attempt was played with (timers, multiplier, shuffle): what a replay or a
 * resume must pass to play_replay so that it shows the same order and keeps the same time. */
PlayOptions records_play_options(const RecordsAttempt *a);

/* Attempts left in_progress by a process of this station that is no longer running (a crash,
 * a kill, a power cut). *out gets an array of *n attempts (steps included, for resuming by
 * replay); free with records_attempts_free. 0 or -1. */
int records_interrupted(Records *db, RecordsAttempt **out, int *n, char *err, size_t errsize);
void records_attempts_free(RecordsAttempt *list, int n);
/* Closes an in_progress attempt as `interrupted` (ended at its last recorded activity) and
 * queues its statements. 0 or -1. */
int records_close_interrupted(Records *db, const char *attempt_id, char *err, size_t errsize);
/* Takes over an interrupted attempt to go on recording it: p must be the Play replayed from the
 * attempt's seed and steps (play_replay). NULL on error. */
Recorder *recorder_resume(Records *db, const char *attempt_id, const Play *p, char *err,
                          size_t errsize);

/* For the scenario picker: best and latest percent of a trainee's completed practice and
 * assessment attempts on a scenario (-1: none), and whether an assessment was passed.
 * 0, or -1 on error. */
int records_best_latest(Records *db, const char *trainee_id, const char *scenario_id,
                        int *best, int *latest, bool *passed_assessment);

/* Parallel forms. For an assessment's draw (forms_draw): how many practice attempts the trainee
 * made on each of n scenarios (the forms of a group), into practised[n], and which of them was
 * practised most recently (*last; -1: none). 0 or -1. */
int records_form_practice(Records *db, const char *trainee_id, const char *const *scenario_ids,
                          int n, int *practised, int *last, char *err, size_t errsize);
/* The ids of the completed attempts of a scenario (scenario_id NULL: of every scenario) in a mode
 * (mode NULL: practice and assessment; sandbox is never listed), ordered by scenario id, then
 * start. *ids (free with records_ids_free) gets *n ids. 0 or -1. For `records items`. */
int records_attempt_ids(Records *db, const char *scenario_id, const char *mode, char ***ids, int *n,
                        char *err, size_t errsize);
void records_ids_free(char **ids, int n);
/* Whether the trainee passed an assessment on any form of the group. 0 or -1. */
int records_group_passed(Records *db, const char *trainee_id, const char *group, bool *passed,
                         char *err, size_t errsize);

/* For a history chart: the trainee's completed practice and assessment attempts on a scenario,
 * oldest first. *out (free with free()) gets *n points. 0 or -1. */
typedef struct {
    int64_t started_unix_ms;
    int percent;
    bool assessment;
    bool passed;
} RecordsHistoryPoint;
int records_history(Records *db, const char *trainee_id, const char *scenario_id,
                    RecordsHistoryPoint **out, int *n, char *err, size_t errsize);

/* Inserts complete attempts as they are (imports, tests, benchmarks), in one transaction. An
 * empty attempt_id gets a new UUID written back. Decisions' `index` is recomputed. Closed
 * attempts get their statements queued. 0 or -1. */
int records_insert_attempts(Records *db, RecordsAttempt *a, int n, char *err, size_t errsize);

/* A new random UUID (version 4), 36 characters and a NUL. */
void records_uuid4(char out[37]);

/* ---- Exports ----------------------------------------------------------------------------- */

/* xAPI settings (from the configuration; NULL fields take the defaults below). */
#define RECORDS_DEFAULT_HOME_PAGE "https://sparring.invalid/trainees"
#define RECORDS_DEFAULT_ACTIVITY_BASE "https://sparring.invalid/scenarios/"
typedef struct {
    const char *home_page;     /* actor.account.homePage */
    const char *activity_base; /* IRI prefix of activities: <base><scenario>[/<node>] */
} RecordsXapiConfig;

typedef enum { RECORDS_CSV, RECORDS_JSONL, RECORDS_XAPI } RecordsFormat;

typedef struct {
    RecordsFormat format;
    const char *trainee_id;   /* NULL: every trainee */
    int64_t since_unix_ms;    /* attempts started at or after; INT64_MIN: all */
    bool no_bom;              /* CSV without the byte-order mark */
    RecordsXapiConfig xapi;
    /* Progress on long exports (may be NULL): called every RECORDS_PROGRESS_EVERY attempts and
     * once at the end, with the attempts done and the number the filter selects. */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
} RecordsExportOptions;
#define RECORDS_PROGRESS_EVERY 100

/* Writes the attempts (oldest first) to out in the chosen format. The xapi format holds closed
 * attempts only. Returns the number of attempts written, or -1 (err set; out may hold part). */
long records_export(Records *db, const RecordsExportOptions *opt, FILE *out, char *err,
                    size_t errsize);

/* The statement id of an attempt's statement: kind "answered" (index = decision), "completed",
 * "passed", "failed" (index 0). A UUID (v5-style: SHA-256 of the attempt id, kind and index). */
void records_statement_id(const char *attempt_id, const char *kind, int index, char out[37]);

/* ---- Report ------------------------------------------------------------------------------ */

typedef enum { RECORDS_RED, RECORDS_AMBER, RECORDS_GREEN } RecordsRag;
const char *records_rag_name(RecordsRag rag); /* "red", "amber", "green" */

typedef struct {
    char *scenario_id, *title, *level;
    int pass_percent;
    int attempts;            /* practice and assessment attempts, any status */
    int best, latest;        /* over completed ones; -1: none */
    bool passed_assessment;  /* an assessment passed on this scenario or any form of its group */
    char *group;             /* the scenario's group of parallel forms (its id when it has none) */
    RecordsRag rag;          /* green: passed an assessment; amber: best >= pass - 20; red */
} RecordsReportScenario;

typedef struct {
    char *id;
    double average;          /* mean percent over the trainee's completed attempts */
    int attempts;
} RecordsReportCompetency;

typedef struct {
    char *trainee_id, *name, *team;
    int attempts;            /* practice and assessment attempts, any status */
    int nscenarios;
    RecordsReportScenario *scenarios;      /* sorted by scenario id */
    int ncompetencies;
    RecordsReportCompetency *competencies; /* sorted by id */
    RecordsRag rag;          /* green if any scenario green, else amber if any amber, else red */
    char *cleared;           /* highest level with a passed assessment, or NULL */
} RecordsReportTrainee;

typedef struct {
    int ntrainees;
    RecordsReportTrainee *trainees; /* sorted by trainee id */
} RecordsReport;

/* Summarises per trainee (trainee_id NULL: everyone). Sandbox attempts never count.
 * NULL on error. Free with records_report_free. */
RecordsReport *records_report(Records *db, const char *trainee_id, char *err, size_t errsize);
void records_report_free(RecordsReport *r);

/* ---- xAPI outbox (records sync) ---------------------------------------------------------- */

/* Gives every queued statement that has no body yet its body, with cfg; from then on the body
 * is fixed, so a statement re-sent after a dropped connection is the same. Returns the number
 * of statements waiting for the LRS, or -1. */
long records_outbox_prepare(Records *db, const RecordsXapiConfig *cfg, char *err, size_t errsize);

typedef struct {
    char id[37];
    char *body; /* one statement, JSON */
} RecordsOutboxItem;

/* Up to max waiting statements, oldest first. Returns the count (0: none), or -1. Free with
 * records_outbox_free. */
int records_outbox_peek(Records *db, int max, RecordsOutboxItem **items, char *err,
                        size_t errsize);
void records_outbox_free(RecordsOutboxItem *items, int n);
/* Marks statements acknowledged by the LRS: they leave the outbox (the row stays with the time
 * of acknowledgement; its text is dropped to save space). 0 or -1. */
int records_outbox_ack(Records *db, const RecordsOutboxItem *items, int n, int64_t now_unix_ms,
                       char *err, size_t errsize);
/* Statements waiting, or -1. */
long records_outbox_pending(Records *db);

/* ---- Configuration (lrs.ini) ------------------------------------------------------------- */

/* The LRS configuration file: `key = value` lines, `#` or `;` comments, an optional [lrs]
 * section. Keys: endpoint, key, secret, home_page, activity_base, batch, retries, timeout. */
typedef struct {
    char *endpoint, *key, *secret;  /* NULL when absent */
    char *home_page, *activity_base;
    int batch;    /* statements per request, default 50 */
    int retries;  /* attempts per request, default 5 */
    int timeout;  /* seconds per request, default 30 */
} RecordsConfig;

/* Parses a configuration from bytes (name is used in messages). 0, or -1 with a message naming
 * the line. Free with records_config_free (also after a failure). */
int records_config_parse(const char *data, size_t len, const char *name, RecordsConfig *cfg,
                         char *err, size_t errsize);
void records_config_free(RecordsConfig *cfg);

#endif
