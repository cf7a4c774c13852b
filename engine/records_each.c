/* records: every attempt in turn, whole (decisions, competencies, mentor events, steps). */
#include "records_internal.h"

#include <string.h>

#define EACH_FILTER " WHERE (?1 IS NULL OR a.trainee_id = ?1) AND a.started_unix_ms >= ?2 "

long records_each_attempt(Records *db, const char *trainee_id, int64_t since_unix_ms,
                          int (*fn)(void *ctx, const RecordsAttempt *a), void *ctx, char *err,
                          size_t errsize)
{
    if (records_begin_read(db, err, errsize) < 0)
        return -1;
    sqlite3_stmt *st = records_prep(db, "SELECT " RECORDS_ATTEMPT_COLUMNS RECORDS_ATTEMPT_FROM
                                        EACH_FILTER "ORDER BY a.started_unix_ms, a.id", err, errsize);
    if (!st) {
        records_rollback(db);
        return -1;
    }
    if (trainee_id)
        sqlite3_bind_text(st, 1, trainee_id, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_int64(st, 2, since_unix_ms);
    long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RecordsAttempt a;
        int r = records_attempt_from_row(st, &a) < 0
                    ? records_errf(err, errsize, "out of memory")
                    : records_load_details(db, &a, true, err, errsize);
        if (r == 0 && fn(ctx, &a) < 0)
            r = records_errf(err, errsize, "out of memory");
        records_attempt_clear(&a);
        if (r < 0) {
            records_done(st);
            records_rollback(db);
            return -1;
        }
        n++;
    }
    records_done(st);
    records_rollback(db); /* ends the read transaction */
    if (rc != SQLITE_DONE)
        return records_fail(db, err, errsize, "cannot read the attempts");
    return n;
}
