/* records_sync: sends the xAPI outbox of a records database to a Learning Record Store
 * (`sparring records sync`). libcurl lives here, never in the engine. */
#ifndef SPARRING_RECORDS_SYNC_H
#define SPARRING_RECORDS_SYNC_H

#include <stdio.h>

#include "records.h"

typedef struct {
    long sent;      /* statements the LRS acknowledged in this run */
    long waiting;   /* statements still in the outbox afterwards */
    int requests;   /* HTTP requests made, retries included */
    int retries;    /* requests that failed and were tried again */
} RecordsSyncStats;

/* Gives the queued statements their bodies (with cfg's home_page and activity_base), then
 * POSTs them to cfg->endpoint in batches of cfg->batch; a batch leaves the outbox only when
 * the LRS answered 2xx. Network errors, timeouts, 429 and 5xx are retried cfg->retries times
 * with doubling back-off; other refusals stop at once. progress (may be NULL) gets one line per
 * retry. The key and secret are never written anywhere. 0 when the outbox is empty at the end,
 * else -1 with a message in err (stats filled either way). */
int records_sync(Records *db, const RecordsConfig *cfg, FILE *progress, RecordsSyncStats *stats,
                 char *err, size_t errsize);

#endif
