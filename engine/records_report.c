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

static int level_rank(const char *level)
{
    if (!level)
        return -1;
    if (!strcmp(level, "new_hire"))
        return 0;
    if (!strcmp(level, "experienced"))
        return 1;
    if (!strcmp(level, "manager"))
        return 2;
    return -1;
}

void records_report_free(RecordsReport *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->ntrainees; i++) {
        RecordsReportTrainee *t = &r->trainees[i];
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
    free(r->trainees);
    free(r);
}

static int replace(char **dst, sqlite3_stmt *st, int col)
{
    char *s = records_col_dup(st, col);
    if (!s)
        return -1;
    free(*dst);
    *dst = s;
    return 0;
}

static RecordsRag scenario_rag(const RecordsReportScenario *s)
{
    if (s->passed_assessment)
        return RECORDS_GREEN;
    if (s->best >= 0 && s->best >= s->pass_percent - 20)
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

#define FILTER_T " AND (?1 IS NULL OR a.trainee_id = ?1) "

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
    int tcap = 0, scap = 0, rc;
    int best_level = -1;
    sqlite3_stmt *st = records_prep(db, "SELECT a.trainee_id, t.name, t.team, a.scenario_id, "
                                        "a.scenario_title, a.level, a.pass_percent, a.status, "
                                        "a.mode, a.score_percent, a.passed, a.scenario_group "
                                        "FROM attempts a JOIN trainees t ON t.id = a.trainee_id "
                                        "WHERE a.mode <> 'sandbox'" FILTER_T
                                        "ORDER BY a.trainee_id, a.scenario_id, "
                                        "a.started_unix_ms, a.id", err, errsize);
    if (!st)
        goto fail;
    if (trainee_id)
        sqlite3_bind_text(st, 1, trainee_id, -1, SQLITE_TRANSIENT);
    RecordsReportTrainee *t = NULL;
    RecordsReportScenario *s = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *tid = (const char *)sqlite3_column_text(st, 0);
        const char *sid = (const char *)sqlite3_column_text(st, 3);
        if (!tid || !sid)
            continue;
        if (!t || strcmp(t->trainee_id, tid)) {
            if (t && best_level >= 0) {
                static const char *const names[] = {"new_hire", "experienced", "manager"};
                t->cleared = records_strdup(names[best_level]);
            }
            best_level = -1;
            if (r->ntrainees == tcap) {
                tcap = tcap ? tcap * 2 : 16;
                RecordsReportTrainee *n = realloc(r->trainees, (size_t)tcap * sizeof *n);
                if (!n)
                    goto oom;
                r->trainees = n;
            }
            t = &r->trainees[r->ntrainees++];
            memset(t, 0, sizeof *t);
            s = NULL;
            scap = 0;
            if (!(t->trainee_id = records_col_dup(st, 0)) || !(t->name = records_col_dup(st, 1)) ||
                !(t->team = records_col_dup(st, 2)))
                goto oom;
        }
        if (!s || strcmp(s->scenario_id, sid)) {
            if (t->nscenarios == scap) {
                scap = scap ? scap * 2 : 8;
                RecordsReportScenario *n = realloc(t->scenarios, (size_t)scap * sizeof *n);
                if (!n)
                    goto oom;
                t->scenarios = n;
            }
            s = &t->scenarios[t->nscenarios++];
            memset(s, 0, sizeof *s);
            s->best = s->latest = -1;
            if (!(s->scenario_id = records_col_dup(st, 3)))
                goto oom;
        }
        /* Title, level and pass mark as the latest attempt had them. */
        if (replace(&s->title, st, 4) < 0 || replace(&s->level, st, 5) < 0 ||
            replace(&s->group, st, 11) < 0)
            goto oom;
        s->pass_percent = sqlite3_column_int(st, 6);
        s->attempts++;
        t->attempts++;
        const char *status = (const char *)sqlite3_column_text(st, 7);
        const char *mode = (const char *)sqlite3_column_text(st, 8);
        bool completed = status && !strcmp(status, "completed");
        if (completed && sqlite3_column_type(st, 9) != SQLITE_NULL) {
            int pct = sqlite3_column_int(st, 9);
            if (pct > s->best)
                s->best = pct;
            s->latest = pct;
        }
        if (completed && mode && !strcmp(mode, "assessment") && sqlite3_column_int(st, 10)) {
            s->passed_assessment = true;
            int lv = level_rank((const char *)sqlite3_column_text(st, 5));
            if (lv > best_level)
                best_level = lv;
        }
    }
    if (t && best_level >= 0) {
        static const char *const names[] = {"new_hire", "experienced", "manager"};
        t->cleared = records_strdup(names[best_level]);
    }
    records_done(st);
    if (rc != SQLITE_DONE) {
        records_fail(db, err, errsize, "cannot read the attempts");
        goto fail;
    }
    for (int i = 0; i < r->ntrainees; i++) {
        RecordsReportTrainee *tr = &r->trainees[i];
        share_group_passes(tr);
        tr->rag = RECORDS_RED;
        for (int j = 0; j < tr->nscenarios; j++) {
            tr->scenarios[j].rag = scenario_rag(&tr->scenarios[j]);
            if (tr->scenarios[j].rag > tr->rag)
                tr->rag = tr->scenarios[j].rag;
        }
    }

    /* Competency averages over completed attempts; both lists are sorted by trainee id. */
    st = records_prep(db, "SELECT a.trainee_id, c.competency_id, avg(c.percent), count(*) "
                          "FROM competencies c JOIN attempts a ON a.id = c.attempt_id "
                          "WHERE a.status = 'completed' AND a.mode <> 'sandbox' AND "
                          "c.percent IS NOT NULL" FILTER_T
                          "GROUP BY a.trainee_id, c.competency_id ORDER BY 1, 2", err, errsize);
    if (!st)
        goto fail;
    if (trainee_id)
        sqlite3_bind_text(st, 1, trainee_id, -1, SQLITE_TRANSIENT);
    int ti = 0, ccap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *tid = (const char *)sqlite3_column_text(st, 0);
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
        if (tr->ncompetencies == ccap) {
            ccap = ccap ? ccap * 2 : 8;
            RecordsReportCompetency *n = realloc(tr->competencies, (size_t)ccap * sizeof *n);
            if (!n)
                goto oom;
            tr->competencies = n;
        }
        RecordsReportCompetency *c = &tr->competencies[tr->ncompetencies++];
        c->average = sqlite3_column_double(st, 2);
        c->attempts = sqlite3_column_int(st, 3);
        if (!(c->id = records_col_dup(st, 1))) {
            tr->ncompetencies--;
            goto oom;
        }
    }
    records_done(st);
    if (rc != SQLITE_DONE) {
        records_fail(db, err, errsize, "cannot read the competencies");
        goto fail;
    }
    records_rollback(db);
    return r;
oom:
    records_done(st);
    records_errf(err, errsize, "out of memory");
fail:
    records_rollback(db);
    records_report_free(r);
    return NULL;
}
