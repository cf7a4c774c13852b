/* audit: whether a scenario's pass can be had without competence (`sparring audit`,
 * docs/audit.md). For each scenario, with the order of the answers ignored (assessment shuffles
 * it): the surface of the best answers against the others; blind strategies that read only the
 * surface, each played over seeds in each locale; every one-mistake path (best play but for one
 * decision) over seeds; and the reading load of each timed decision. The engine returns plain
 * data and prints nothing; `findings` lists what breaks a threshold.
 *
 * "The best answer" at a decision is the offered answer that starts the best continuation (the
 * highest total still reachable), not the one with the most points there; best play takes it at
 * every decision. A pass is percent >= pass mark, an ending that is not "fail", and no critical
 * answer taken. */
#ifndef SPARRING_AUDIT_H
#define SPARRING_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "scenario.h"

/* The blind strategies: each picks among the answers offered by their surface alone. */
typedef enum {
    AUDIT_LONGEST,        /* the longest answer */
    AUDIT_SECOND_LONGEST, /* the second-longest (the only one when one is offered) */
    AUDIT_SHORTEST,       /* the shortest */
    AUDIT_RULE,           /* opens with an acknowledgement, ends with a question, no trap word */
    AUDIT_CLASSIFIER,     /* logistic regression on surface features, trained on the other files */
    AUDIT_NSTRATEGIES
} AuditStrategy;

/* "longest", "second-longest", "shortest", "rule", "classifier". */
const char *audit_strategy_name(AuditStrategy s);

typedef struct {
    int seeds;             /* seeds 1..seeds are played (default 20) */
    double max_blind_pass; /* percent of plays a blind strategy may pass (default 2) */
    int trap_points;       /* a one-mistake path whose mistake scores this or less must not pass
                            * (default -3) */
    double max_reading;    /* percent of the time limit that reading a timed decision may take
                            * (default 100) */
    const char *words_dir; /* folder of the word tables LOCALE.txt; NULL: none */
} AuditOptions;

void audit_options_default(AuditOptions *o);

/* Per scenario and locale: the surface statistics of the decisions met on best play and on every
 * one-mistake path, and the blind strategies' plays in that locale. */
typedef struct {
    char code[16];
    bool words;          /* a word table was found for this locale */
    char *words_error;   /* the table's error when it exists but does not parse, else NULL */
    int decisions;       /* decisions with two answers or more */
    int decisions3;      /* of them, with three or more (the second-longest counts there) */
    int best_longest, best_second, best_shortest;
    int best_ack, best_question, best_trap;
    int others, others_ack, others_question, others_trap; /* every answer not the best */
    int plays[AUDIT_NSTRATEGIES];  /* 0: the strategy was not played (no classifier without
                                    * another file in this locale) */
    int passes[AUDIT_NSTRATEGIES];
    uint64_t pass_seed[AUDIT_NSTRATEGIES]; /* a seed it passed on (when passes > 0) */
    char *pass_choices[AUDIT_NSTRATEGIES]; /* that play's answers, as `run --choices` takes them */
} AuditLocale;

/* A one-mistake path: best play everywhere except `choice` at `node`. */
typedef struct {
    char *node;
    char *choice;         /* the choice's id, or "timeout" */
    int points;           /* the mistake's own points (total) */
    bool timeout, critical;
    int reached;          /* seeds on which best play met this decision */
    int passed;           /* of them, seeds on which the path passed */
    int ended;            /* a timeout: seeds on which the call ended with no other decision */
    int ended_passed;     /* of those, seeds on which it passed */
    uint64_t pass_seed, fail_seed;    /* a seed of each (when passed > 0; passed < reached) */
    char *pass_choices, *fail_choices; /* their answers, as `run --choices` takes them, or NULL */
} AuditMistake;

/* The reading load of a timed decision in one locale. */
typedef struct {
    char *node;
    int locale;      /* index into the file's locales */
    double seconds;  /* to read the customer's line and every answer at the locale's rate */
    double limit;    /* the node's time limit */
} AuditReading;

typedef enum {
    AUDIT_FIND_LOAD,          /* the file does not load (its diags say why) */
    AUDIT_FIND_TOO_BIG,       /* too many play states for the exact search */
    AUDIT_FIND_BLIND,         /* a blind strategy passes too often (locale, strategy) */
    AUDIT_FIND_BEST_FAILS,    /* best play fails on some seed (index -1) */
    AUDIT_FIND_BEST_CRITICAL, /* best play takes a critical answer */
    AUDIT_FIND_TRAP,          /* a mistake of trap_points or less passes (mistake) */
    AUDIT_FIND_SEED,          /* a mistake passes on some seeds, fails on others (mistake) */
    AUDIT_FIND_SILENCE,       /* a timeout that ends the call passes (mistake) */
    AUDIT_FIND_READING,       /* a timed decision cannot be read in its time (reading) */
    AUDIT_FIND_WORDS          /* a locale's word table exists but does not parse (locale) */
} AuditFindingKind;

typedef struct {
    AuditFindingKind kind;
    int index;    /* into mistakes, reading or locales, by kind; -1 when none */
    int strategy; /* AUDIT_FIND_BLIND */
} AuditFinding;

typedef struct AuditWork AuditWork; /* the audit's own working data */

typedef struct {
    char *path;
    char *id;             /* NULL when the file does not load */
    Scenario *sc;         /* NULL when the file does not load */
    DiagList diags;       /* the load's errors and warnings */
    int nlocales;
    AuditLocale *locales;
    int best_plays, best_passes;
    uint64_t best_fail_seed;  /* a seed on which best play fails (when best_passes < best_plays) */
    char *best_fail_choices;
    char *best_critical;      /* a node where best play takes a critical answer, or NULL */
    char *best_critical_choice;
    int nmistakes;
    AuditMistake *mistakes;
    int nreading;
    AuditReading *reading;
    int nfindings;
    AuditFinding *findings;
    AuditWork *work;
} AuditFile;

typedef struct {
    AuditOptions opts;
    int nfiles;
    AuditFile *files;
    int nfindings; /* over every file */
} AuditReport;


/* The audit runs in three steps (the benchmark times each); audit_run does all three.
 * 1. Loads every file and plays best play and every one-mistake path over the seeds; collects
 *    the decisions, their surface and the reading loads. NULL only when out of memory. */
AuditReport *audit_analyse(char *const *paths, int npaths, const AuditOptions *o);
/* 2. Trains each file's classifier on every other file's decisions (leave one out). */
void audit_train(AuditReport *r);
/* 3. Plays the blind strategies and lists the findings. */
void audit_blind(AuditReport *r);

AuditReport *audit_run(char *const *paths, int npaths, const AuditOptions *o);
void audit_free(AuditReport *r);

#endif
