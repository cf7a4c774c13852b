/* records: what parallel forms and the order shown need from the store (forms.h draws the
 * form). */
#include "records_internal.h"

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
