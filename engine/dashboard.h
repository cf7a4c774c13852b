/* The training manager's dashboard: what one page shows of a team, gathered from the records.
 * dashboard.c gathers (one pass over the attempts, oldest first); the page itself is drawn by
 * the caller (game/report_html.c) from the plain data below. Nothing here prints. */
#ifndef SPARRING_DASHBOARD_H
#define SPARRING_DASHBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "records.h"
#include "scenario.h"

#define DASH_SPARK 12   /* recent percents drawn per trainee */
#define DASH_WEEKS 26   /* weeks drawn in "progress over time" */
#define DASH_TIERS 3    /* new_hire, experienced, manager (ScLevel order) */
#define DASH_CASES 20   /* attempts listed for the case review */

typedef struct {
    const char *team;        /* NULL: every team */
    int64_t since_unix_ms;   /* attempts started before are left out; INT64_MIN: all */
    int64_t now_unix_ms;     /* "this week" ends here; the progress chart's last week */
    int amber_margin;        /* the light: amber when the best is within this of the pass mark */
} DashboardOptions;

typedef struct {
    int64_t unix_ms;
    int percent;
    bool assessment;
} DashPoint;

typedef struct {
    char *id;
    int percent;             /* the latest assessed percent; -1: never assessed */
} DashCompetency;

typedef struct {
    char *id, *name, *team;
    int tier;                /* ScLevel of most of their attempts (the higher on a tie); -1 */
    RecordsRag light;
    int groups_cleared;      /* groups of their tier with a passed assessment */
    int groups_required;     /* groups of their tier in the library */
    int64_t last_practice, last_assessment; /* unix ms; -1: never */
    int npoints;
    DashPoint points[DASH_SPARK];           /* oldest first */
    int ncompetencies;
    DashCompetency *competencies;           /* sorted by id */
} DashTrainee;

typedef struct {
    int64_t week_start_ms;   /* Monday 00:00 UTC */
    int attempts[DASH_TIERS];
    int passed[DASH_TIERS];
} DashWeek;

typedef struct {
    char *technique;
    int tier;
    int missed;              /* decisions where the best answer used it and another was taken */
    int offered;             /* decisions where the best answer used it */
} DashTechnique;

typedef enum {
    DASH_CASE_CRITICAL,      /* took a critical answer */
    DASH_CASE_FAIL_AFTER_PASS,
    DASH_CASE_MENTOR,        /* a mentor commented */
    DASH_CASE_GAIN           /* the biggest rises over the previous try of the group */
} DashCaseKind;

typedef struct {
    DashCaseKind kind;
    char attempt_id[37];
    char *trainee_id, *trainee_name, *scenario_id, *scenario_title, *mode;
    int64_t unix_ms;
    int percent;
    int gain;                /* DASH_CASE_GAIN: points over the previous try; else 0 */
    char *note;              /* the critical node, the first comment, ...; may be "" */
} DashCase;

typedef struct {
    int ntrainees;
    DashTrainee *trainees;   /* red first, then amber, then green; by id within a light */
    int ncompetencies;
    char **competencies;     /* every competency id in the heat map, sorted */
    int nweeks;
    DashWeek weeks[DASH_WEEKS]; /* oldest first, ending with the week of now */
    int ntechniques;
    DashTechnique *techniques; /* by tier, then most missed first */
    int ncases;
    DashCase cases[DASH_CASES];
    long attempts;           /* attempts gathered (sandbox never counts) */
} DashboardData;

typedef struct Dashboard Dashboard;

/* A new gathering. NULL when out of memory. Free with dashboard_free. */
Dashboard *dashboard_new(const DashboardOptions *opt);
void dashboard_free(Dashboard *d);

/* Tells the dashboard about a scenario of the library (groups per tier, best answers, critical
 * answers, competency names). The scenario must outlive the dashboard. 0, or -1 out of memory. */
int dashboard_add_scenario(Dashboard *d, const Scenario *sc);

/* Adds one attempt; attempts must come oldest first (as records exports give them). Sandbox
 * attempts, other teams and attempts before `since` are skipped. 0, or -1 out of memory. */
int dashboard_add_attempt(Dashboard *d, const RecordsAttempt *a);

/* The gathered figures, valid until dashboard_free. NULL when out of memory. */
const DashboardData *dashboard_data(Dashboard *d);

/* The library, in the order it was added, and the item analysis of each scenario over the
 * attempts gathered (records_items.h). */
struct ItemsAnalysis;
int dashboard_scenario_count(const Dashboard *d);
const Scenario *dashboard_scenario(const Dashboard *d, int i);
struct ItemsAnalysis *dashboard_items(const Dashboard *d, int i);

/* A competency's display name in a locale ("" lookups fall back to the id). */
const char *dashboard_competency_name(const Dashboard *d, const char *id, const char *locale);

#endif
