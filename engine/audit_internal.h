/* The audit's working data, shared by audit.c (loading, reading loads, findings), audit_walk.c
 * (best play and one-mistake paths) and audit_blind.c (surface, classifier, blind strategies). */
#ifndef SPARRING_AUDIT_INTERNAL_H
#define SPARRING_AUDIT_INTERNAL_H

#include "audit.h"
#include "audit_value.h"
#include "audit_words.h"
#include "play.h"

/* A play goes at most this many steps (a loop that best play or a blind rule never leaves). */
#define AUDIT_MAX_STEPS 2000

/* Surface features of one answer among those offered: bias, longest, second-longest, shortest,
 * length against the mean, acknowledgement, question, trap word, exclamation. */
#define AUDIT_NFEAT 9

/* A decision met on best play or a one-mistake path: the node, what was offered and the best
 * answer among the choices (never the timeout). Each (node, offered) once. */
typedef struct {
    int node;
    uint32_t offered;
    int best;
} AuditDecision;

/* One file's decisions as the classifier sees them in one locale: a row of features a answer. */
typedef struct {
    int nrows;
    double (*x)[AUDIT_NFEAT];
    unsigned char *y; /* 1: the best answer */
} AuditRows;

struct AuditWork {
    AuditValue *value;
    AuditWords **words;        /* per locale; NULL when the locale has no table */
    int ndecisions, cap;
    AuditDecision *decisions;
    AuditRows *rows;           /* per locale */
    int *first_choice;         /* per node: the index of its first choice in surfaces[loc] */
    AuditSurface **surfaces;   /* per locale: the surface of every choice of every node */
    double (*weights)[AUDIT_NFEAT]; /* per locale: the trained classifier */
    bool *trained;             /* per locale */
};

/* audit_walk.c: best play and every one-mistake path over the seeds; fills the file's best_*,
 * mistakes and the work's decisions. Returns -1 when out of memory. */
int audit_walk(AuditFile *f, const AuditOptions *o);

/* audit_blind.c */
/* The surface statistics of every locale and the classifier's rows. -1: out of memory. */
int audit_surface_stats(AuditFile *f);
/* Trains the classifier of `f` in each of its locales on the rows of every other file. */
void audit_train_file(AuditReport *r, int file);
/* Plays every strategy over the seeds in each locale. -1: out of memory. */
int audit_play_blind(AuditFile *f, const AuditOptions *o);

/* audit_walk.c: helpers. */
/* Whether a finished play passes (ended, pass mark, outcome, no critical answer taken). */
bool audit_passes(const Play *p);
/* The decisions of a play as `run --choices` takes them ("id,id,timeout"); NULL when out of
 * memory. The caller frees it. */
char *audit_choices(const Play *p);
/* strdup that returns NULL for NULL. */
char *audit_strdup(const char *s);
/* Grows *arr (of *cap items of `size` bytes) to hold n + 1. -1 when out of memory. */
int audit_grow(void *arr, int *cap, int n, size_t size);

#endif
