/* records: what parallel forms and the order shown need from the store (forms.h draws the
 * form). */
#include "records_internal.h"

#include <stdlib.h>
#include <string.h>

int records_form_practice(Records *db, const char *trainee_id, const char *const *scenario_ids,
                          int n, int *practised, int *last, char *err, size_t errsize)
{
    *last = -1;
    int64_t last_ms = INT64_MIN;
    for (int i = 0; i < n; i++) {
        practised[i] = 0;
        sqlite3_stmt *st = records_prep(db, "SELECT count(*), max(started_unix_ms) FROM attempts "
                                            "WHERE trainee_id = ?1 AND scenario_id = ?2 AND "
                                            "mode = 'practice'", err, errsize);
        if (!st)
            return -1;
        sqlite3_bind_text(st, 1, trainee_id ? trainee_id : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, scenario_ids[i] ? scenario_ids[i] : "", -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            practised[i] = sqlite3_column_int(st, 0);
            if (sqlite3_column_type(st, 1) != SQLITE_NULL && sqlite3_column_int64(st, 1) > last_ms) {
                last_ms = sqlite3_column_int64(st, 1);
                *last = i;
            }
        }
        records_done(st);
        if (rc != SQLITE_ROW)
            return records_fail(db, err, errsize, "cannot read the practice attempts");
    }
    return 0;
}

int records_group_passed(Records *db, const char *trainee_id, const char *group, bool *passed,
                         char *err, size_t errsize)
{
    *passed = false;
    sqlite3_stmt *st = records_prep(db, "SELECT count(*) FROM attempts WHERE trainee_id = ?1 AND "
                                        "scenario_group = ?2 AND mode = 'assessment' AND "
                                        "status = 'completed' AND passed = 1", err, errsize);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, trainee_id ? trainee_id : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, group ? group : "", -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *passed = sqlite3_column_int(st, 0) > 0;
    records_done(st);
    return rc == SQLITE_ROW ? 0 : records_fail(db, err, errsize, "cannot read the assessments");
}

PlayOptions records_play_options(const RecordsAttempt *a)
{
    return (PlayOptions){.timers = a->timers, .time_multiplier = a->time_multiplier, .shuffle = a->shuffle};
}

void records_ids_free(char **ids, int n)
{
    for (int i = 0; ids && i < n; i++)
        free(ids[i]);
    free(ids);
}

int records_attempt_ids(Records *db, const char *scenario_id, const char *mode, char ***ids, int *n,
                        char *err, size_t errsize)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = records_prep(db, "SELECT id FROM attempts WHERE status = 'completed' AND "
                                        "(?1 IS NULL OR scenario_id = ?1) AND "
                                        "(?2 IS NULL AND mode IN ('practice', 'assessment') OR mode = ?2) "
                                        "AND mode <> 'sandbox' ORDER BY scenario_id, started_unix_ms, id",
                                    err, errsize);
    if (!st)
        return -1;
    if (scenario_id)
        sqlite3_bind_text(st, 1, scenario_id, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 1);
    if (mode)
        sqlite3_bind_text(st, 2, mode, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 2);
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **g = realloc(*ids, (size_t)cap * sizeof *g);
            if (!g)
                goto oom;
            *ids = g;
        }
        if (!((*ids)[*n] = records_col_dup(st, 0)))
            goto oom;
        (*n)++;
    }
    records_done(st);
    if (rc != SQLITE_DONE) {
        records_ids_free(*ids, *n);
        *ids = NULL;
        *n = 0;
        return records_fail(db, err, errsize, "cannot read the attempts");
    }
    return 0;
oom:
    records_done(st);
    records_ids_free(*ids, *n);
    *ids = NULL;
    *n = 0;
    return records_errf(err, errsize, "out of memory");
}
