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
    long set_aside; /* statements the LRS rejected, set aside in this run */
} RecordsSyncStats;

/* Gives the queued statements their bodies (with cfg's home_page and activity_base), then
 * POSTs them to cfg->endpoint's statements resource in batches of cfg->batch; a batch leaves
 * the outbox only when the LRS answered 2xx with the list of stored ids. Network errors,
 * timeouts, 408, 429 and 5xx are retried cfg->retries times with doubling back-off. A batch the
 * LRS rejects (400, 409, 413, 422) is sent again one statement at a time, and a statement
 * rejected on its own is set aside (records_outbox_set_aside) so the rest still go. Other
 * refusals (credentials, redirects, an untrusted certificate, an answer that is not xAPI) stop
 * at once. progress (may be NULL) gets one line per retry and per statement set aside. The key,
 * the secret and the endpoint's query are never written anywhere; what the LRS says is shown
 * with control characters escaped. 0 when the queue is empty at the end, else -1 with a
 * message in err (stats filled either way). */
int records_sync(Records *db, const RecordsConfig *cfg, FILE *progress, RecordsSyncStats *stats,
                 char *err, size_t errsize);

#endif
