/* practise_next: which scenario a trainee should practise next, for the debrief.
 *
 * The weakest competency of the trainee's recent attempts (the last PRACTISE_RECENT completed
 * practice and assessment attempts, sandbox never counted): the lowest share of its maximum,
 * points summed over those attempts, among the competencies some scenario on offer trains.
 * The group that best trains it: the group one of whose forms gives that competency the
 * largest share of its own maximum (ties: more points in it, then the group id). The form: the
 * one of that group the trainee practised least (ties: the larger share, then list order).
 * Pure (choose) and one read of the records (recent). */
#ifndef SPARRING_PRACTISE_NEXT_H
#define SPARRING_PRACTISE_NEXT_H

#include <stdint.h>

#include "records.h"
#include "scenario.h"

#define PRACTISE_RECENT 10

/* A competency's points over the recent attempts. */
typedef struct {
    char *id;
    int64_t raw, max;
} PractiseScore;

typedef struct {
    PractiseScore *scores; /* by competency id */
    int nscores;
    int attempts;          /* attempts counted (at most PRACTISE_RECENT) */
} PractiseRecent;

/* The trainee's recent scores (at most `recent` attempts; 0: PRACTISE_RECENT). 0 or -1 (err
 * set). Free with practise_recent_free. */
int practise_recent(Records *db, const char *trainee_id, int recent, PractiseRecent *out, char *err,
                    size_t errsize);
void practise_recent_free(PractiseRecent *r);

typedef struct {
    int scenario;           /* index into the list given; -1: nothing to suggest */
    const char *competency; /* the weakest competency's id (the recent scores' string) */
    int percent;            /* its share over the recent attempts, 0..100 (rounded down) */
} PractiseNext;

/* Chooses among the n scenarios on offer (NULL entries are skipped). practised[i]: practice
 * attempts of the trainee on scenario i (NULL: none anywhere). Returns out->scenario. */
int practise_next(const Scenario *const *scenarios, int n, const int *practised, const PractiseRecent *recent,
                  PractiseNext *out);

#endif
