/* scenario: a scenario file loaded, validated and compiled (format version 1,
 * ../shared/spec/scenario-format.md). A Scenario is immutable once loaded; the structs below
 * are read-only views into memory the Scenario owns (valid until scenario_free). */
#ifndef SPARRING_SCENARIO_H
#define SPARRING_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Limits of the format; each is a clear load error. */
#define SC_MAX_FILE_BYTES (16u * 1024u * 1024u)
#define SC_MAX_NODES 10000
#define SC_MAX_CHOICES 32
#define SC_MAX_METERS 64
#define SC_MAX_COMPETENCIES 64
#define SC_MAX_TEXT_BYTES (16 * 1024)
#define SC_MAX_DEPTH 64
#define SC_MAX_LOCALES 16
#define SC_MAX_FLAGS 1024

typedef struct Scenario Scenario;
typedef struct Expr Expr; /* a compiled condition (expr.h) */

typedef enum { SC_LEVEL_NEW_HIRE, SC_LEVEL_EXPERIENCED, SC_LEVEL_MANAGER } ScLevel;
typedef enum { SC_SPEAKER_CUSTOMER, SC_SPEAKER_NARRATOR, SC_SPEAKER_COACH } ScSpeaker;
typedef enum { SC_OUTCOME_NONE, SC_OUTCOME_PASS, SC_OUTCOME_FAIL, SC_OUTCOME_NEUTRAL } ScOutcome;
typedef enum { SC_NODE_CHOICES, SC_NODE_NEXT, SC_NODE_END } ScNodeKind;

/* A text in every locale of the scenario, indexed like scenario_locale();
 * by_locale is NULL when an optional text is absent. Use scenario_text() to read one. */
typedef struct {
    char **by_locale;
} ScText;

typedef struct {
    int node;      /* node index */
    double weight; /* > 0 */
} ScBranch;

/* Where play goes next: a node, or a weighted random branch. */
typedef struct {
    int node;      /* node index, or -1 for a random branch */
    int nbranches; /* > 0 only for a random branch, in file order */
    ScBranch *branches;
} ScGoto;

typedef struct {
    int meter; /* meter index */
    int delta;
} ScMeterDelta;

typedef struct {
    int nmeters;
    ScMeterDelta *meters; /* in file order */
    int nset, nclear;
    int *set, *clear; /* flag indexes */
} ScEffects;

typedef struct {
    int competency; /* competency index */
    int points;
} ScPoints;

/* A choice, or a timeout outcome (then id is "timeout", text and requires are absent). */
typedef struct {
    char *id;       /* the written id, else "1", "2", ... by position */
    ScText text;
    const Expr *requires; /* NULL: always offered */
    char *requires_src;   /* the condition as written, or NULL */
    int nscore;
    ScPoints *score; /* in file order */
    ScEffects effects;
    ScText feedback;
    ScGoto next;
    bool critical;     /* a critical error: an attempt that takes it does not pass */
    int ntechniques;
    char **techniques; /* the named techniques, in file order */
} ScChoice;

typedef struct {
    char *id;
    ScSpeaker speaker;
    char *mood;  /* NULL when absent */
    ScText text;
    char *sound; /* a built-in cue name, or a path resolved against the scenario's folder; NULL */
    bool sound_builtin;
    ScEffects effects;
    ScNodeKind kind;
    int nchoices;
    ScChoice *choices; /* kind == SC_NODE_CHOICES */
    ScGoto next;       /* kind == SC_NODE_NEXT */
    ScOutcome outcome; /* kind == SC_NODE_END */
    ScText end_text;   /* kind == SC_NODE_END, optional */
    double time_limit;        /* effective seconds (node's, else the scenario's); 0: no timer */
    const ScChoice *timeout;  /* effective timeout outcome (node's, else the scenario's), or NULL */
} ScNode;

typedef struct {
    char *id;
    ScText name;
    int min, max, start;
    bool show;
} ScMeter;

typedef struct {
    char *id;
    ScText name;
} ScCompetency;

typedef struct {
    char *id;
    ScText label;
    ScGoto next;
} ScEvent;

/* The scenario's exact maximum (or an upper bound), overall and per competency,
 * computed at load (score.c). */
typedef struct {
    int64_t total;
    int64_t competency[SC_MAX_COMPETENCIES];
    bool exact;         /* false: the state search passed its bound; these are upper bounds */
    long states;        /* states the search explored */
} ScMax;

/* Loads and validates a scenario file. Every problem found is appended to diags (errors and
 * warnings); when there is any error, returns NULL and nothing is loaded. The caller frees the
 * result with scenario_free and the diagnostics with diag_list_free. */
Scenario *scenario_load_file(const char *path, DiagList *diags);

/* Same, from bytes in memory; `name` is used in diagnostics and `dir` (may be NULL) resolves
 * sound paths (NULL: sound paths are checked for shape only). */
Scenario *scenario_load_buffer(const char *data, size_t len, const char *name, const char *dir,
                               DiagList *diags);

void scenario_free(Scenario *sc);

const char *scenario_id(const Scenario *sc);
const char *scenario_version(const Scenario *sc);
/* The scenario's group of parallel forms: the file's "group", else its id. Never NULL. */
const char *scenario_group(const Scenario *sc);
const char *scenario_path(const Scenario *sc);   /* as given to load; "" for a buffer */
const char *scenario_sha256(const Scenario *sc); /* 64 lowercase hex digits of the file's bytes */
ScLevel scenario_level(const Scenario *sc);
const char *scenario_level_name(ScLevel level);  /* "new_hire", "experienced", "manager" */
const ScText *scenario_title(const Scenario *sc);
const ScText *scenario_summary(const Scenario *sc); /* by_locale NULL when absent */
/* Who speaks the "customer" lines (an extension of the format: e.g. the rep in a manager's
 * coaching talk); by_locale NULL when absent, and then it is the customer. */
const ScText *scenario_counterpart(const Scenario *sc);
/* "say_aloud" (an extension): every decision asks the trainee to say an answer aloud first. */
bool scenario_say_aloud(const Scenario *sc);
int scenario_tag_count(const Scenario *sc);
const char *scenario_tag(const Scenario *sc, int i);
int scenario_locale_count(const Scenario *sc);
const char *scenario_locale(const Scenario *sc, int i);
/* The index of a locale code ("zh", "en", or "zh_CN.UTF-8": the language part is used);
 * 0 (the default locale) when the scenario does not have it. */
int scenario_locale_index(const Scenario *sc, const char *code);
/* The text in locale i; "" when the text is absent. Never NULL. */
const char *scenario_text(const ScText *text, int locale);
int scenario_pass_percent(const Scenario *sc);
double scenario_time_limit(const Scenario *sc);
int scenario_start(const Scenario *sc);
int scenario_node_count(const Scenario *sc);
const ScNode *scenario_node(const Scenario *sc, int i);
int scenario_find_node(const Scenario *sc, const char *id); /* -1 when none */
int scenario_competency_count(const Scenario *sc);
const ScCompetency *scenario_competency(const Scenario *sc, int i);
int scenario_meter_count(const Scenario *sc);
const ScMeter *scenario_meter(const Scenario *sc, int i);
int scenario_find_meter(const Scenario *sc, const char *id); /* -1 when none */
int scenario_flag_count(const Scenario *sc);
const char *scenario_flag(const Scenario *sc, int i);
int scenario_event_count(const Scenario *sc);
const ScEvent *scenario_event(const Scenario *sc, int i);
int scenario_find_event(const Scenario *sc, const char *id); /* -1 when none */
const ScMax *scenario_max(const Scenario *sc);

#endif
