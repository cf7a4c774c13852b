/* records: assessment records, in an SQLite file or a shared PostgreSQL database.
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

/* The schema version this build writes (SQLite: PRAGMA user_version; PostgreSQL: the meta
 * table's schema_version). */
#define RECORDS_SCHEMA_VERSION 7

/* An in_progress attempt belongs to its station and process for as long as its lease runs; the
 * running trainer renews it (recorder_sync, recorder_renew). Tests shorten both with the
 * environment variables SPARRING_LEASE_MS and SPARRING_LEASE_RENEW_MS, or records_set_lease. */
#define RECORDS_LEASE_MS 60000
#define RECORDS_LEASE_RENEW_MS 10000

/* Opens a records store and migrates it to RECORDS_SCHEMA_VERSION. path is an SQLite file
 * (created with its folders when missing), or a PostgreSQL database named by a postgresql:// or
 * postgres:// URL (libpq's environment and service file give what the URL leaves out); a
 * fresh PostgreSQL database gets its tables from the first station that connects. A corrupt
 * file (quick_check), a file that is not SQLite, a database of another program, one from a
 * newer build, a read-only file, an empty path, ":memory:" or an SQLite URI ("file:...") gives
 * NULL and a clear message, and the store is left as it was; so does an unreachable server or
 * a role without the rights, in a message that never holds a password. New folders are 0700,
 * a new file 0600. Close with records_close. */
Records *records_open(const char *path, char *err, size_t errsize);
/* Opens an existing database for reading only (export, report, replay): works on a file and
 * folder this user cannot write (SQLite's immutable mode when no -shm can be created). A
 * database of an older schema is handed to records_open to be migrated. NULL and a message on
 * error; writes through the handle fail. Close with records_close. */
Records *records_open_readonly(const char *path, char *err, size_t errsize);
void records_close(Records *db);
/* True when target names a PostgreSQL database (postgresql://, postgres://, or libpq's
 * keyword/value spelling "host=... dbname=..."), not a file. */
bool records_target_is_pg(const char *target);
/* The store's name for messages: the file path, or the URL without its password. */
const char *records_path(const Records *db);
/* "sqlite" or "postgresql". */
const char *records_backend(const Records *db);
/* True when the last failure on db was its server out of reach (a shared store whose
 * connection was lost and could not be made again): what was being stored is kept by the
 * caller and tried again later (each try reconnects). Always false for an SQLite file. */
bool records_server_lost(Records *db);
/* How long one try to make a lost connection to a shared store's server again may hold the
 * caller (ms): a try that has not got through by then fails as the server being away
 * (records_server_lost) and goes on from where it was at the next try, so that a window stays
 * responsive while a server does not answer at all. 0 (the default): each try blocks until it
 * succeeds, fails, or the connection's connect_timeout (10 s by default) runs out. */
void records_set_connect_budget(Records *db, int64_t ms);
/* Sets the lease of the attempts this process records, and how often it is renewed (ms; 0
 * keeps the current value). */
void records_set_lease(Records *db, int64_t lease_ms, int64_t renew_ms);
/* Creates (or brings up to date) the PostgreSQL roles sparring_station (adds attempts,
 * decisions, events and recordings, closes attempts in progress; cannot change or delete a
 * finished one, nor delete a recording), sparring_reporting (reads only) and sparring_privacy
 * (reads recordings and deletes them: records purge-audio), with their grants. Run by the
 * database's owner. 0 or -1 (an SQLite store is an error). */
int records_setup_roles(Records *db, char *err, size_t errsize);
/* Copies every attempt of src missing from dst (by attempt id), whole, in transactions of a
 * few hundred: a second run copies nothing. In-progress attempts are copied only when
 * interrupted (their lease lapsed). *copied and *skipped (may be NULL) get the counts. 0 or
 * -1. */
int records_copy(Records *src, Records *dst, long *copied, long *skipped, char *err,
                 size_t errsize);
/* For a trainer station: opens target. When target is a PostgreSQL store that cannot be
 * opened (the server is away), opens the station's own SQLite file fallback instead, sets
 * *fell_back and says why in err, so that attempts are still recorded. When the shared store
 * opens and fallback exists, the closed attempts recorded there join it first (records_copy:
 * *joined gets how many were new; err says so if that failed, the store is returned anyway).
 * fallback may be NULL (no fallback). NULL when nothing could be opened (err set). */
Records *records_open_station(const char *target, const char *fallback, bool *fell_back,
                              long *joined, char *err, size_t errsize);

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
 * decisions taken when it happened (-1: unknown). Committed at once: 0. When the store's
 * server is out of reach (records_server_lost), or earlier events still wait for it, the event
 * is kept in its place and stored by the next recorder_sync (or recorder_retry) that reaches
 * the server: 1. -1 on error (err set). */
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
/* Syncs, then lets go of the attempt without closing it (a call the trainee left and did not
 * discard, at the window's end): it stays in_progress with no owner and its lease given up, so
 * records_interrupted lists it at once (in this process too) for resuming or closing. Frees r
 * even when it fails (the lease then lapses by itself). 0 or -1. */
int recorder_release(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize);
/* True while mentor events wait for the server (recorder_mentor_event returned 1). */
bool recorder_waiting(const Recorder *r);
/* recorder_sync after a failure: the lease is renewed first whatever is due, so that the try
 * reaches the server even when no step waits (a success means the server answered). 0 or -1. */
int recorder_retry(Recorder *r, const Play *p, int64_t now_unix_ms, char *err, size_t errsize);
/* Renews the attempt's lease when RECORDS_LEASE_RENEW_MS (or records_set_lease's) has passed
 * since the last renewal or try (else does nothing): the running trainer calls it (or
 * recorder_sync) every few seconds, even when nobody decides anything. -1 when the lease could
 * not be renewed (the server is away: tried again when next due; or the attempt was closed as
 * interrupted elsewhere). */
int recorder_renew(Recorder *r, int64_t now_unix_ms, char *err, size_t errsize);
/* The attempt's UUID (36 characters), valid until recorder_end. */
const char *recorder_attempt_id(const Recorder *r);

/* ---- Recordings of spoken answers (say aloud) ------------------------------------------- */

/* A recording is personal data: see docs/records.md ("Recordings"). The engine keeps the bytes
 * as they are given (the game encodes them, FLAC); it never decodes them. One recording per
 * decision of an attempt: a re-take (after a rewind) replaces it while the attempt is in
 * progress. */
#define RECORDS_AUDIO_MAX_BYTES (32u << 20)
typedef struct {
    const char *format;        /* how data is encoded: "flac", "wav", "ogg", "opus" */
    const unsigned char *data; /* size bytes, 1..RECORDS_AUDIO_MAX_BYTES */
    size_t size;
    double seconds;            /* its length */
    double level_dbfs;         /* its RMS level, dB full scale */
    const char *node;          /* the decision's node id */
} RecordsAudio;
/* Stores the recording of decision decision_number (1 = the attempt's first decision) of the
 * attempt r records, in its own transaction, at now_unix_ms. 0 or -1. */
int recorder_add_audio(Recorder *r, int decision_number, const RecordsAudio *a,
                       int64_t now_unix_ms, char *err, size_t errsize);
/* The same for an attempt by id (it must exist). 0 or -1. */
int records_add_audio(Records *db, const char *attempt_id, int decision_number,
                      const RecordsAudio *a, int64_t now_unix_ms, char *err, size_t errsize);

typedef struct {
    int decision;             /* 1 = the attempt's first decision */
    char *node, *format;
    unsigned char *data;      /* NULL when loaded without the bytes */
    size_t size;              /* the bytes' size, loaded or not */
    double seconds, level_dbfs;
    int64_t recorded_unix_ms;
} RecordsRecording;
/* The recordings of an attempt, by decision number; with_data: with their bytes. *out (free
 * with records_recordings_free) gets *n of them (0: none, or an unknown attempt). 0 or -1. */
int records_recordings(Records *db, const char *attempt_id, bool with_data,
                       RecordsRecording **out, int *n, char *err, size_t errsize);
void records_recordings_free(RecordsRecording *list, int n);
/* Deletes every recording made before older_than_unix_ms, whatever its attempt's status (the
 * rest of the attempt stays); *removed (may be NULL) gets how many. On PostgreSQL this needs
 * the right to delete them (the database's owner, or a member of sparring_privacy): stations
 * have none. 0 or -1. */
int records_purge_audio(Records *db, int64_t older_than_unix_ms, long *removed, char *err,
                        size_t errsize);

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

/* Attempts left in_progress by a recorder that is no longer running (a crash, a kill, a power
 * cut): their lease has lapsed (seen from any station), or their process on this station is
 * gone. The station is the host name, or SPARRING_STATION when set. *out gets an array of *n attempts (steps included, for resuming by
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

/* The start of the trainee's n-th newest completed practice or assessment attempt, into *since
 * (INT64_MIN when there are fewer): reading from there reads their last n (and those tied with
 * the n-th), not their whole history. 0, or -1 on error. */
int records_recent_since(Records *db, const char *trainee_id, int n, int64_t *since, char *err,
                         size_t errsize);

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
    char attempt_id[37];  /* to open it (its debrief, its case review) */
} RecordsHistoryPoint;
int records_history(Records *db, const char *trainee_id, const char *scenario_id,
                    RecordsHistoryPoint **out, int *n, char *err, size_t errsize);

/* Which details records_each_attempt loads (bits of records_internal.h's table order). */
enum {
    RECORDS_EACH_DECISIONS = 1,
    RECORDS_EACH_COMPETENCIES = 2,
    RECORDS_EACH_MENTOR = 4,
    RECORDS_EACH_STEPS = 8,
    RECORDS_EACH_DETAILS = 1 | 2 | 4, /* all but the steps */
    RECORDS_EACH_ALL = 1 | 2 | 4 | 8,
};
typedef struct {
    const char *trainee_id;  /* NULL: every trainee */
    int64_t since_unix_ms;   /* attempts started at or after; INT64_MIN: all */
    unsigned details;        /* RECORDS_EACH_* */
    /* Progress (may be NULL): every RECORDS_PROGRESS_EVERY attempts and once at the end. */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
    const char *team;        /* NULL: every team; else only the trainees of this team */
    /* Only the attempt fields the manager's page reads (dashboard.c): the ids, the trainee's
     * name and team, the scenario's id, title and SHA-256, level, mode, start node, seed,
     * time_multiplier, timers, shuffle, started_unix_ms, status, percent, pass_percent and
     * passed. The other strings read "", the other numbers 0 (ended_unix_ms -1), and
     * critical_errors 0 unless the decisions are streamed. The competencies are those of
     * assessments only (the page's heat map); the other details are read in full. */
    bool lean;
} RecordsEachOptions;
/* Calls fn with every selected attempt, oldest first, its chosen details loaded, from one
 * snapshot of the records, with no query per attempt (memory flat in the number of attempts).
 * fn returns 0, or -1 to stop (out of memory). Returns the attempts read, or -1 (err set).
 * The attempt and its strings live only until fn returns (they are kept in one block reused for
 * the next attempt): fn copies what it keeps. */
long records_each_attempt(Records *db, const RecordsEachOptions *o,
                          int (*fn)(void *ctx, const RecordsAttempt *a), void *ctx, char *err,
                          size_t errsize);

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
    const char *team;         /* NULL: every team; else only the trainees of this team */
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
/* The light of one scenario (or group): green once an assessment is passed, amber when the best
 * percent is within amber_margin of the pass mark, else red. */
#define RECORDS_AMBER_MARGIN 20
RecordsRag records_light(bool passed_assessment, int best, int pass_percent, int amber_margin);

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
/* Leaves out the trainees of other teams (a trainee's team as last recorded; "" for none). */
void records_report_keep_team(RecordsReport *r, const char *team);
/* Sets every light again with another margin (the records configuration's amber_margin). */
void records_report_relight(RecordsReport *r, int amber_margin);

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
/* Statements waiting, or -1 (set-aside ones do not count). */
long records_outbox_pending(Records *db);
/* Sets a waiting statement the LRS rejected aside: it leaves the queue, so it no longer holds
 * back the ones after it, and keeps its text. 0 or -1. */
int records_outbox_set_aside(Records *db, const char *statement_id, int64_t now_unix_ms,
                             char *err, size_t errsize);
/* Puts a set-aside statement back in the queue: 1, or 0 when no statement of that id is set
 * aside, or -1. */
int records_outbox_retry(Records *db, const char *statement_id, char *err, size_t errsize);
/* Up to max set-aside statements, oldest first (id and body). Count or -1. Free with
 * records_outbox_free. */
int records_outbox_set_aside_list(Records *db, int max, RecordsOutboxItem **items, char *err,
                                  size_t errsize);

/* One sender of the outbox at a time for this store, whichever station runs it (two would
 * both send everything: no duplicates at the LRS, whose ids are fixed, but each would claim to
 * have sent it all). Takes the store's sync lock, held until records_close: on PostgreSQL a
 * lock of the server's (held by this connection: a reconnection lets it go), on SQLite a file
 * beside the database (PATH-sync.lock, flock). 0 when taken, 1 when another process holds it,
 * -1 on error (err set). */
int records_outbox_lock(Records *db, char *err, size_t errsize);

/* ---- Configuration (lrs.ini) ------------------------------------------------------------- */

/* The LRS configuration file: `key = value` lines, `#` or `;` comments, an optional [lrs]
 * section. Keys: endpoint, key, secret, home_page, activity_base, batch, retries, timeout,
 * allow_plain_http. Values must be UTF-8 without control characters; a key and secret over
 * plain http:// to another machine are refused unless allow_plain_http = true. Messages never
 * quote a value (it may be the secret). */
typedef struct {
    char *endpoint, *key, *secret;  /* NULL when absent */
    char *home_page, *activity_base;
    int batch;    /* statements per request, default 50 */
    int retries;  /* attempts per request, default 5 */
    int timeout;  /* seconds per request, default 30 */
    bool allow_plain_http; /* credentials over http:// to another machine (default false) */
    int amber_margin;      /* [report] amber_margin: the light's margin (RECORDS_AMBER_MARGIN) */
    int audio_retention_days; /* [privacy] audio_retention_days: recordings kept (days) */
} RecordsConfig;
#define RECORDS_AUDIO_RETENTION_DAYS 90

/* True when url's host is this machine (localhost, 127.x.x.x, [::1]). */
bool records_loopback_url(const char *url);

/* Parses a configuration from bytes (name is used in messages). 0, or -1 with a message naming
 * the line. Free with records_config_free (also after a failure). */
int records_config_parse(const char *data, size_t len, const char *name, RecordsConfig *cfg,
                         char *err, size_t errsize);
void records_config_free(RecordsConfig *cfg);

#endif
