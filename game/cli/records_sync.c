/* records_sync: the outbox to a Learning Record Store over HTTP(S) with libcurl. */
#include "records_sync.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

static int errf(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int errf(char *err, size_t errsize, const char *fmt, ...)
{
    if (err && errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsize, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int64_t now_unix_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

typedef struct {
    char *data;
    size_t len, limit;
} Buf;

/* True when the LRS's answer is a complete JSON array (xAPI: the ids of the statements stored).
 * An answer cut short by a dropped connection is no acknowledgement, even when its status line
 * arrived. The ids are not compared: an LRS may leave out statements it already held. */
static bool acknowledges(const Buf *answer)
{
    cJSON *arr = answer->data ? cJSON_ParseWithLength(answer->data, answer->len) : NULL;
    bool ok = cJSON_IsArray(arr) && answer->len < answer->limit;
    cJSON_Delete(arr);
    return ok;
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    Buf *b = ctx;
    size_t add = size * n;
    /* The answer is an array of the ids sent (36 + 3 bytes each), or a message. */
    size_t limit = b->limit;
    size_t keep = b->len < limit ? (limit - b->len < add ? limit - b->len : add) : 0;
    if (keep) {
        char *nd = realloc(b->data, b->len + keep + 1);
        if (!nd)
            return 0;
        b->data = nd;
        memcpy(b->data + b->len, p, keep);
        b->len += keep;
        b->data[b->len] = 0;
    }
    return add;
}

/* The endpoint must not carry credentials in its URL (they would end up in messages). */
static bool has_userinfo(const char *url)
{
    const char *p = strstr(url, "://");
    if (!p)
        return false;
    p += 3;
    size_t host_end = strcspn(p, "/?#");
    const char *at = memchr(p, '@', host_end);
    return at != NULL;
}

static void blank(char *s, const char *secret)
{
    if (!secret || strlen(secret) < 3)
        return;
    char *hit;
    while ((hit = strstr(s, secret)))
        memset(hit, '*', strlen(secret));
}

/* Blanks the key, the secret and their Basic-authentication form out of a message (an LRS may
 * repeat what it was sent). */
static void scrub(char *s, const RecordsConfig *cfg)
{
    blank(s, cfg->secret);
    blank(s, cfg->key);
    const char *k = cfg->key ? cfg->key : "", *p = cfg->secret ? cfg->secret : "";
    size_t n = strlen(k) + 1 + strlen(p);
    char *plain = malloc(n + 1), *b64 = malloc(4 * ((n + 2) / 3) + 1);
    if (plain && b64) {
        snprintf(plain, n + 1, "%s:%s", k, p);
        static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        size_t o = 0;
        for (size_t i = 0; i < n; i += 3) {
            unsigned v = (unsigned char)plain[i] << 16;
            if (i + 1 < n)
                v |= (unsigned char)plain[i + 1] << 8;
            if (i + 2 < n)
                v |= (unsigned char)plain[i + 2];
            b64[o++] = tab[(v >> 18) & 63];
            b64[o++] = tab[(v >> 12) & 63];
            b64[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
            b64[o++] = i + 2 < n ? tab[v & 63] : '=';
        }
        b64[o] = 0;
        blank(s, b64);
    }
    free(plain);
    free(b64);
}

typedef enum { SEND_OK, SEND_RETRY, SEND_CONFLICT, SEND_FATAL } SendResult;

/* One POST of items; fills why with a message on failure. */
static SendResult post(CURL *curl, const char *url, const RecordsConfig *cfg,
                       const RecordsOutboxItem *items, int n, char *why, size_t whysize)
{
    size_t total = 3;
    for (int i = 0; i < n; i++)
        total += strlen(items[i].body) + 1;
    char *body = malloc(total);
    if (!body) {
        snprintf(why, whysize, "out of memory");
        return SEND_FATAL;
    }
    size_t o = 0;
    body[o++] = '[';
    for (int i = 0; i < n; i++) {
        if (i)
            body[o++] = ',';
        size_t l = strlen(items[i].body);
        memcpy(body + o, items[i].body, l);
        o += l;
    }
    body[o++] = ']';
    body[o] = 0;

    Buf answer = {NULL, 0, 4096 + (size_t)n * 48};
    char curlerr[CURL_ERROR_SIZE] = "";
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "X-Experience-API-Version: 1.0.3");
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)o);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_USERNAME, cfg->key ? cfg->key : "");
    curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->secret ? cfg->secret : "");
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)cfg->timeout);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)(cfg->timeout < 15 ? cfg->timeout : 15));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curlerr);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "Sparring records sync");
    /* Never follow a redirect with the credentials to somewhere else. */
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    free(body);

    SendResult res;
    if (rc != CURLE_OK) {
        snprintf(why, whysize, "%s", curlerr[0] ? curlerr : curl_easy_strerror(rc));
        res = SEND_RETRY;
    } else if (status >= 200 && status < 300) {
        if (acknowledges(&answer)) {
            res = SEND_OK;
        } else {
            snprintf(why, whysize, "the LRS's answer (HTTP %ld) was cut short", status);
            res = SEND_RETRY;
        }
    } else if (status == 409) {
        snprintf(why, whysize, "HTTP 409: the LRS holds a different statement with the same id");
        res = SEND_CONFLICT;
    } else if (status == 401 || status == 403) {
        snprintf(why, whysize, "HTTP %ld: the LRS refused the credentials (check key and secret)",
                 status);
        res = SEND_FATAL;
    } else if (status == 408 || status == 429 || status >= 500) {
        snprintf(why, whysize, "HTTP %ld from the LRS", status);
        res = SEND_RETRY;
    } else {
        /* A refusal of the statements themselves: show what the LRS said. */
        char snippet[400] = "";
        if (answer.data) {
            snprintf(snippet, sizeof snippet, "%s", answer.data);
            for (char *p = snippet; *p; p++)
                if (*p == '\n' || *p == '\r')
                    *p = ' ';
        }
        snprintf(why, whysize, "HTTP %ld: the LRS rejected the statements: %s", status, snippet);
        res = SEND_FATAL;
    }
    free(answer.data);
    scrub(why, cfg);
    return res;
}

int records_sync(Records *db, const RecordsConfig *cfg, FILE *progress, RecordsSyncStats *stats,
                 char *err, size_t errsize)
{
    RecordsSyncStats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    if (!cfg->endpoint || !*cfg->endpoint)
        return errf(err, errsize, "no LRS endpoint in the configuration (endpoint = ...)");
    if (has_userinfo(cfg->endpoint))
        return errf(err, errsize, "the endpoint must not hold credentials: put them in key and "
                    "secret");
    RecordsXapiConfig x = {cfg->home_page, cfg->activity_base};
    char dberr[512];
    long waiting = records_outbox_prepare(db, &x, dberr, sizeof dberr);
    if (waiting < 0)
        return errf(err, errsize, "%s", dberr);
    stats->waiting = waiting;
    if (waiting == 0)
        return 0;

    size_t elen = strlen(cfg->endpoint);
    char *url = malloc(elen + 16);
    if (!url)
        return errf(err, errsize, "out of memory");
    snprintf(url, elen + 16, "%s%sstatements", cfg->endpoint,
             cfg->endpoint[elen - 1] == '/' ? "" : "/");

    static bool curl_ready;
    if (!curl_ready) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        curl_ready = true;
    }
    CURL *curl = curl_easy_init();
    if (!curl) {
        free(url);
        return errf(err, errsize, "cannot start libcurl");
    }
    int batch = cfg->batch > 0 ? cfg->batch : 50;
    int retries = cfg->retries > 0 ? cfg->retries : 5;
    int rc = 0, failures = 0;
    int single = 0; /* after a 409: statements to send one at a time, to find the culprit */
    char why[600] = "";
    /* Progress on a terminal: statements sent of those waiting at the start. */
    bool tty = progress && isatty(fileno(progress));
    for (;;) {
        RecordsOutboxItem *items = NULL;
        int n = records_outbox_peek(db, single > 0 ? 1 : batch, &items, dberr, sizeof dberr);
        if (n < 0) {
            rc = errf(err, errsize, "%s", dberr);
            break;
        }
        if (n == 0) {
            records_outbox_free(items, 0);
            break;
        }
        stats->requests++;
        SendResult r = post(curl, url, cfg, items, n, why, sizeof why);
        if (r == SEND_OK) {
            if (records_outbox_ack(db, items, n, now_unix_ms(), dberr, sizeof dberr) < 0) {
                /* The LRS has them; re-sending next time is harmless (same ids, same bodies). */
                records_outbox_free(items, n);
                rc = errf(err, errsize, "%s", dberr);
                break;
            }
            stats->sent += n;
            if (tty && waiting > 0)
                fprintf(progress, "\rsparring records sync: %ld of %ld statements sent%s", stats->sent, waiting,
                        stats->sent >= waiting ? "\n" : "");
            failures = 0;
            if (single > 0)
                single--;
        } else if (r == SEND_CONFLICT && n > 1) {
            single = n;
        } else if (r == SEND_RETRY && ++failures < retries) {
            stats->retries++;
            long delay = 500L << (failures - 1 < 6 ? failures - 1 : 6);
            if (progress)
                fprintf(progress, "sparring records sync: %s; trying again in %.1f s (%d of %d)\n",
                        why, delay / 1000.0, failures + 1, retries);
            sleep_ms(delay);
        } else {
            if (r == SEND_CONFLICT)
                rc = errf(err, errsize, "%s: statement %s; it stays in the outbox", why,
                          items[0].id);
            else if (r == SEND_RETRY)
                rc = errf(err, errsize, "the LRS at %s did not answer after %d tries (%s); the "
                          "statements stay queued: run sync again later", url, retries, why);
            else
                rc = errf(err, errsize, "%s; the statements stay queued", why);
            scrub(err, cfg);
            records_outbox_free(items, n);
            break;
        }
        records_outbox_free(items, n);
    }
    curl_easy_cleanup(curl);
    free(url);
    stats->waiting = records_outbox_pending(db);
    return rc;
}
