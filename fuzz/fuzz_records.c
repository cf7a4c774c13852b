/* libFuzzer target: what the records read that someone else may have written.
 *   - first byte even: the bytes are an LRS configuration file (lrs.ini, written by hand);
 *   - first byte odd: the bytes are a records database file (copied from another machine,
 *     damaged on disk, or a crafted SQLite file): opened, exported in every format, reported,
 *     its interrupted attempts listed and its outbox prepared.
 * Whatever the bytes: no crash, no leak, and every failure comes with a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "records.h"
#include "text.h"

static void fuzz_config(const uint8_t *data, size_t size)
{
    RecordsConfig cfg;
    char err[512] = "";
    int rc = records_config_parse((const char *)data, size, "fuzz.ini", &cfg, err, sizeof err);
    if (rc < 0 && !err[0])
        abort();
    if (rc == 0 && (cfg.batch < 1 || cfg.retries < 1 || cfg.timeout < 1))
        abort();
    /* Accepted values are text (UTF-8, no control character); plain http with credentials
     * goes only to this machine unless allowed. */
    const char *vals[] = {cfg.endpoint, cfg.key, cfg.secret, cfg.home_page, cfg.activity_base};
    for (size_t i = 0; rc == 0 && i < sizeof vals / sizeof vals[0]; i++)
        if (vals[i] && (!text_utf8_valid(vals[i], strlen(vals[i])) || text_has_control(vals[i])))
            abort();
    if (rc == 0 && cfg.endpoint && !strncmp(cfg.endpoint, "http://", 7) && (cfg.key || cfg.secret) &&
        !cfg.allow_plain_http && !records_loopback_url(cfg.endpoint))
        abort();
    records_config_free(&cfg);
}

static void fuzz_database(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz-records-%ld.db", (long)getpid());
    char wal[80], shm[80];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    unlink(wal);
    unlink(shm);
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(data, 1, size, f);
    fclose(f);
    char err[1024] = "";
    /* Read-only first, as export and report open it: it must not change the file. */
    Records *ro = records_open_readonly(path, err, sizeof err);
    if (!ro && !err[0])
        abort();
    records_close(ro);
    err[0] = 0;
    Records *db = records_open(path, err, sizeof err);
    if (!db) {
        if (!err[0])
            abort();
        goto out;
    }
    static const RecordsFormat formats[] = {RECORDS_CSV, RECORDS_JSONL, RECORDS_XAPI};
    for (int i = 0; i < 3; i++) {
        RecordsExportOptions opt = {.format = formats[i], .since_unix_ms = INT64_MIN};
        err[0] = 0;
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (!mem)
            break;
        long n = records_export(db, &opt, mem, err, sizeof err);
        fclose(mem);
        if (n < 0 && !err[0])
            abort();
        /* Whatever bytes the database holds, a complete export is UTF-8 (valid JSON needs it). */
        if (n >= 0 && !text_utf8_valid(text, len))
            abort();
        free(text);
    }
    RecordsReport *r = records_report(db, NULL, err, sizeof err);
    records_report_free(r);
    RecordsAttempt *list = NULL;
    int n = 0;
    if (records_interrupted(db, &list, &n, err, sizeof err) == 0)
        records_attempts_free(list, n);
    RecordsXapiConfig x = {NULL, NULL};
    records_outbox_prepare(db, &x, err, sizeof err);
    RecordsOutboxItem *items = NULL;
    int k = records_outbox_peek(db, 5, &items, err, sizeof err);
    records_outbox_free(items, k > 0 ? k : 0);
    int best, latest;
    bool passed;
    records_best_latest(db, "E1", "s", &best, &latest, &passed);
    records_close(db);
out:
    unlink(path);
    unlink(wal);
    unlink(shm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & 1)
        fuzz_database(data + 1, size - 1);
    else
        fuzz_config(data + 1, size - 1);
    return 0;
}
