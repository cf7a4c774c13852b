/* records: the per-trainee report (attempts, best and latest, competencies, red/amber/green). */
#include "records_internal.h"

#include <stdlib.h>
#include <string.h>

const char *records_rag_name(RecordsRag rag)
{
    switch (rag) {
    case RECORDS_GREEN:
        return "green";
    case RECORDS_AMBER:
        return "amber";
    default:
        return "red";
    }
}

static void trainee_free(RecordsReportTrainee *t)
{
    free(t->trainee_id);
    free(t->name);
    free(t->team);
    free(t->cleared);
    for (int j = 0; j < t->nscenarios; j++) {
        free(t->scenarios[j].scenario_id);
        free(t->scenarios[j].title);
        free(t->scenarios[j].level);
        free(t->scenarios[j].group);
    }
    free(t->scenarios);
    for (int j = 0; j < t->ncompetencies; j++)
        free(t->competencies[j].id);
    free(t->competencies);
}

void records_report_free(RecordsReport *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->ntrainees; i++)
        trainee_free(&r->trainees[i]);
    free(r->trainees);
    free(r);
}

void records_report_keep_team(RecordsReport *r, const char *team)
{
    int kept = 0;
    for (int i = 0; i < r->ntrainees; i++) {
        if (!strcmp(r->trainees[i].team, team))
            r->trainees[kept++] = r->trainees[i];
        else
            trainee_free(&r->trainees[i]);
    }
    r->ntrainees = kept;
}

RecordsRag records_light(bool passed_assessment, int best, int pass_percent, int amber_margin)
{
    if (passed_assessment)
        return RECORDS_GREEN;
    if (best >= 0 && best >= pass_percent - amber_margin)
        return RECORDS_AMBER;
    return RECORDS_RED;
}

/* Parallel forms: a pass on any form of a group counts for every form of it. */
static void share_group_passes(RecordsReportTrainee *t)
{
    for (int j = 0; j < t->nscenarios; j++) {
        RecordsReportScenario *s = &t->scenarios[j];
        for (int k = 0; k < t->nscenarios && !s->passed_assessment; k++)
            s->passed_assessment = t->scenarios[k].passed_assessment && s->group && *s->group &&
                                   t->scenarios[k].group && !strcmp(t->scenarios[k].group, s->group);
    }
}

#define FILTER_T " AND (CAST(?1 AS TEXT) IS NULL OR a.trainee_id = ?1) "

/* Competency averages over completed attempts; both lists are sorted by trainee id. 0 or -1. */
static int read_competencies(Records *db, RecordsReport *r, const char *trainee_id, char *err,
                             size_t errsize)
{
    RecStmt *st = records_prep(db, "SELECT a.trainee_id, c.competency_id, avg(c.percent), count(*) "
                          "FROM competencies c JOIN attempts a ON a.id = c.attempt_id "
                          "WHERE a.status = 'completed' AND a.mode <> 'sandbox' AND "
                          "c.percent IS NOT NULL" FILTER_T
                          "GROUP BY a.trainee_id, c.competency_id ORDER BY 1, 2", err, errsize);
    if (!st)
        return -1;
    if (trainee_id)
        rs_bind_text(st, 1, trainee_id);
    int ti = 0, ccap = 0, rc;
    while ((rc = rs_step(st)) == REC_ROW) {
        const char *tid = rs_text(st, 0);
        if (!tid)
            continue;
        int prev = ti;
        while (ti < r->ntrainees && strcmp(r->trainees[ti].trainee_id, tid) < 0)
            ti++;
        if (ti != prev)
            ccap = 0;
        if (ti >= r->ntrainees || strcmp(r->trainees[ti].trainee_id, tid))
            continue;
        RecordsReportTrainee *tr = &r->trainees[ti];
        RecordsReportCompetency *n = records_grow(tr->competencies, tr->ncompetencies, &ccap, 8,
                                                  sizeof *n);
        if (!n)
            break;
        tr->competencies = n;
        RecordsReportCompetency *c = &tr->competencies[tr->ncompetencies++];
        c->average = rs_double(st, 2);
        c->attempts = rs_int(st, 3);
        if (!(c->id = records_col_dup(st, 1))) {
            tr->ncompetencies--;
            break;
        }
    }
    records_done(st);
    if (rc == REC_ROW)
        return records_errf(err, errsize, "out of memory");
    if (rc != REC_DONE)
        return records_fail(db, err, errsize, "cannot read the competencies");
    return 0;
}


/* Each trainee's colour: the best of their scenarios'. */
void records_report_relight(RecordsReport *r, int amber_margin)
{
    for (int i = 0; i < r->ntrainees; i++) {
        RecordsReportTrainee *tr = &r->trainees[i];
        tr->rag = RECORDS_RED;
        for (int j = 0; j < tr->nscenarios; j++) {
            RecordsReportScenario *sc = &tr->scenarios[j];
            sc->rag = records_light(sc->passed_assessment, sc->best, sc->pass_percent, amber_margin);
            if (sc->rag > tr->rag)
                tr->rag = sc->rag;
        }
    }
}

/* One row per trainee and scenario (not sandbox), in trainee then scenario order: the database
 * adds the attempts up; title, level, pass mark and group are the latest attempt's. */
#define LATEST(cond)                                                                              \
    "(SELECT x." cond " FROM attempts x WHERE x.trainee_id = a.trainee_id AND x.scenario_id = "    \
    "a.scenario_id AND x.mode <> 'sandbox'"
#define PASSED "a.status = 'completed' AND a.mode = 'assessment' AND a.passed <> 0"
static const char report_sql[] =
    "SELECT g.trainee_id, t.name, t.team, g.scenario_id, l.scenario_title, l.level, "
    "l.pass_percent, l.scenario_group, g.n, g.best, g.latest, g.passed_any, g.passed_level "
    "FROM (SELECT a.trainee_id, a.scenario_id, count(*) AS n, "
    "max(CASE WHEN a.status = 'completed' AND a.score_percent > -1 THEN a.score_percent END) AS best, "
    "max(CASE WHEN " PASSED " THEN 1 ELSE 0 END) AS passed_any, "
    "max(CASE WHEN " PASSED " THEN CASE a.level WHEN 'new_hire' THEN 0 WHEN 'experienced' THEN 1 "
    "WHEN 'manager' THEN 2 ELSE -1 END END) AS passed_level, "
    LATEST("id") " ORDER BY x.started_unix_ms DESC, x.id DESC LIMIT 1) AS last_id, "
    LATEST("score_percent") " AND x.status = 'completed' AND x.score_percent IS NOT NULL "
    "ORDER BY x.started_unix_ms DESC, x.id DESC LIMIT 1) AS latest "
    "FROM attempts a WHERE a.mode <> 'sandbox'" FILTER_T "GROUP BY a.trainee_id, a.scenario_id) g "
    "JOIN attempts l ON l.id = g.last_id JOIN trainees t ON t.id = g.trainee_id "
    "ORDER BY g.trainee_id, g.scenario_id";

static const char *const level_names[] = {"new_hire", "experienced", "manager"};

/* Adds the scenario of a row to r (a new trainee first when the row starts one). 0 or -1. */
static int report_row(RecordsReport *r, RecStmt *st, int *tcap, int *scap, int *best_level)
{
    RecordsReportTrainee *t = r->ntrainees ? &r->trainees[r->ntrainees - 1] : NULL;
    const char *tid = rs_text(st, 0);
    if (!t || strcmp(t->trainee_id, tid)) {
        if (t && *best_level >= 0 && !(t->cleared = records_strdup(level_names[*best_level])))
            return -1;
        *best_level = -1;
        RecordsReportTrainee *n = records_grow(r->trainees, r->ntrainees, tcap, 16, sizeof *n);
        if (!n)
            return -1;
        r->trainees = n;
        t = &r->trainees[r->ntrainees++];
        memset(t, 0, sizeof *t);
        *scap = 0;
        if (!(t->trainee_id = records_col_dup(st, 0)) || !(t->name = records_col_dup(st, 1)) ||
            !(t->team = records_col_dup(st, 2)))
            return -1;
    }
    RecordsReportScenario *n = records_grow(t->scenarios, t->nscenarios, scap, 8, sizeof *n);
    if (!n)
        return -1;
    t->scenarios = n;
    RecordsReportScenario *s = &t->scenarios[t->nscenarios++];
    memset(s, 0, sizeof *s);
    s->pass_percent = rs_int(st, 6);
    s->attempts = rs_int(st, 8);
    t->attempts += s->attempts;
    s->best = rs_int_opt(st, 9);
    s->latest = rs_int_opt(st, 10);
    s->passed_assessment = rs_int(st, 11) != 0;
    int lv = rs_int_opt(st, 12);
    if (lv > *best_level)
        *best_level = lv;
    if (!(s->scenario_id = records_col_dup(st, 3)) || !(s->title = records_col_dup(st, 4)) ||
        !(s->level = records_col_dup(st, 5)) || !(s->group = records_col_dup(st, 7)))
        return -1;
    return 0;
}

RecordsReport *records_report(Records *db, const char *trainee_id, char *err, size_t errsize)
{
    RecordsReport *r = calloc(1, sizeof *r);
    if (!r) {
        records_errf(err, errsize, "out of memory");
        return NULL;
    }
    if (records_begin_read(db, err, errsize) < 0) {
        free(r);
        return NULL;
    }
    int tcap = 0, scap = 0, best_level = -1, rc, bad = 0;
    RecStmt *st = records_prep(db, report_sql, err, errsize);
    if (!st)
        goto fail;
    if (trainee_id)
        rs_bind_text(st, 1, trainee_id);
    while ((rc = rs_step(st)) == REC_ROW && !(bad = report_row(r, st, &tcap, &scap, &best_level)))
        ;
    RecordsReportTrainee *last = r->ntrainees ? &r->trainees[r->ntrainees - 1] : NULL;
    if (!bad && last && best_level >= 0 && !(last->cleared = records_strdup(level_names[best_level])))
        bad = -1;
    records_done(st);
    if (bad) {
        records_errf(err, errsize, "out of memory");
        goto fail;
    }
    if (rc != REC_DONE) {
        records_fail(db, err, errsize, "cannot read the attempts");
        goto fail;
    }
    for (int i = 0; i < r->ntrainees; i++)
        share_group_passes(&r->trainees[i]);
    records_report_relight(r, RECORDS_AMBER_MARGIN);
    if (read_competencies(db, r, trainee_id, err, errsize) < 0)
        goto fail;
    records_rollback(db);
    return r;
fail:
    records_rollback(db);
    records_report_free(r);
    return NULL;
}
