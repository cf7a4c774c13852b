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

#include "text.h"

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

typedef enum { SEND_OK, SEND_RETRY, SEND_REJECTED, SEND_FATAL } SendResult;

/* The endpoint as it may be shown: without a query (it may carry a token). The caller frees. */
static char *shown_url(const char *url)
{
    size_t n = strcspn(url, "?#");
    char *s = malloc(n + 16);
    if (s)
        snprintf(s, n + 16, "%.*s%s", (int)n, url, url[n] ? "?..." : "");
    return s;
}

/* The statements resource: "statements" joins the endpoint's path, before any query. */
static char *statements_url(const char *endpoint)
{
    size_t n = strcspn(endpoint, "?#"), len = strlen(endpoint);
    char *url = malloc(len + 16);
    if (url)
        snprintf(url, len + 16, "%.*s%sstatements%s", (int)n, endpoint,
                 n > 0 && endpoint[n - 1] == '/' ? "" : "/", endpoint + n);
    return url;
}

/* What the LRS said, shown safely: one line, control characters escaped, no credentials. */
static void quote_answer(const char *data, char *out, size_t size)
{
    char *e = text_escape(data ? data : "", false);
    snprintf(out, size, "%s", e ? e : "");
    free(e);
}

/* The JSON array of stored ids an xAPI LRS returns; "[" without its end: cut short. */
static SendResult judge_2xx(long status, const Buf *answer, char *why, size_t whysize)
{
    cJSON *arr = answer->data ? cJSON_ParseWithLength(answer->data, answer->len) : NULL;
    bool ok = cJSON_IsArray(arr) && answer->len < answer->limit;
    cJSON_Delete(arr);
    if (ok)
        return SEND_OK;
    const char *p = answer->data ? answer->data : "";
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    if (*p == '[' || (!*p && status != 204)) {
        snprintf(why, whysize, "the LRS's answer (HTTP %ld) was cut short", status);
        return SEND_RETRY;
    }
    char said[160];
    quote_answer(p, said, sizeof said);
    snprintf(why, whysize,
             "HTTP %ld, but %s instead of the list of stored statement ids an xAPI LRS returns: "
             "check that endpoint is the LRS's xAPI address",
             status, status == 204 ? "no content" : said);
    return SEND_FATAL;
}

/* A transfer that failed: a certificate that is not trusted will not be trusted on the next
 * try either; the rest (no answer, timeouts, dropped connections) may pass later. */
static SendResult judge_curl(CURLcode rc, const char *curlerr, char *why, size_t whysize)
{
    const char *msg = curlerr[0] ? curlerr : curl_easy_strerror(rc);
    if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
        rc == CURLE_SSL_ISSUER_ERROR || rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH) {
        snprintf(why, whysize, "the LRS's certificate is not trusted (%s): install the CA "
                 "certificate that signed it on this machine (sync never skips the check)", msg);
        return SEND_FATAL;
    }
    if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT) {
        snprintf(why, whysize, "the endpoint cannot be used (%s)", msg);
        return SEND_FATAL;
    }
    snprintf(why, whysize, "no answer: %s", msg);
    return SEND_RETRY;
}

/* Sorts the LRS's answer: which statuses are worth another try, which are the statements'
 * fault (400, 409, 413, 422: set one aside), which need a person. */
static SendResult judge(CURL *curl, long status, const Buf *answer, char *why, size_t whysize)
{
    char said[400];
    quote_answer(answer->data, said, sizeof said);
    if (status >= 200 && status < 300)
        return judge_2xx(status, answer, why, whysize);
    if (status >= 300 && status < 400) {
        char *to = NULL;
        curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &to);
        char *shown = to ? shown_url(to) : NULL, where[300];
        quote_answer(shown ? shown : "(no address given)", where, sizeof where);
        free(shown);
        snprintf(why, whysize, "HTTP %ld: the LRS sends requests to %s; the key and secret are "
                 "never sent after a redirect: put that address in endpoint", status, where);
        return SEND_FATAL;
    }
    if (status == 401 || status == 403) {
        snprintf(why, whysize, "HTTP %ld: the LRS refused the credentials (check key and secret)",
                 status);
        return SEND_FATAL;
    }
    if (status == 408 || status == 429 || status >= 500) {
        snprintf(why, whysize, "HTTP %ld from the LRS%s%s", status, said[0] ? ": " : "", said);
        return SEND_RETRY;
    }
    if (status == 400 || status == 409 || status == 413 || status == 422) {
        snprintf(why, whysize, "HTTP %ld: the LRS rejected the statement%s%s", status,
                 said[0] ? ": " : "", said[0] ? said : " (it gave no reason)");
        return SEND_REJECTED;
    }
    snprintf(why, whysize, "HTTP %ld from the LRS%s%s (check endpoint)", status,
             said[0] ? ": " : "", said);
    return SEND_FATAL;
}

/* The request body: the statements as one JSON array. NULL when out of memory. */
static char *join_bodies(const RecordsOutboxItem *items, int n, size_t *len)
{
    size_t total = 3;
    for (int i = 0; i < n; i++)
        total += strlen(items[i].body) + 1;
    char *body = malloc(total);
    if (!body)
        return NULL;
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
    *len = o;
    return body;
}

/* One POST of items; fills why with a message on failure. */
static SendResult post(CURL *curl, const char *url, const RecordsConfig *cfg,
                       const RecordsOutboxItem *items, int n, char *why, size_t whysize)
{
    size_t o;
    char *body = join_bodies(items, n, &o);
    if (!body) {
        snprintf(why, whysize, "out of memory");
        return SEND_FATAL;
    }
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
    SendResult res = rc != CURLE_OK ? judge_curl(rc, curlerr, why, whysize)
                                    : judge(curl, status, &answer, why, whysize);
    free(answer.data);
    scrub(why, cfg);
    return res;
}

/* Rejected statements in a row, with none accepted, after which the LRS is taken to reject
 * everything: more than one attempt's statements. */
enum { GIVE_UP_AFTER = 100 };

typedef struct {
    char id[37];
    char why[800];
} Held;

/* The state of one run of the loop below. */
typedef struct {
    Records *db;
    const RecordsConfig *cfg;
    FILE *progress;
    RecordsSyncStats *stats;
    char *url;      /* the statements resource */
    char *shown;    /* the endpoint as it may be printed */
    long waiting;   /* at the start */
    int failures;   /* retryable failures in a row */
    int single;     /* after a rejected batch: statements to send one at a time */
    /* Set aside before the LRS accepted anything: reported once it does (then the LRS works
     * and these statements are the problem), put back if it never does. */
    int nheld;
    Held *held; /* GIVE_UP_AFTER of them */
} Sync;

static void report_aside(Sync *s, const char *id, const char *why)
{
    if (s->progress)
        fprintf(s->progress, "sparring records sync: statement %s set aside (`sparring records "
                "sync --retry %s` sends it again): %s\n", id, id, why);
}

static void report_held(Sync *s)
{
    for (int i = 0; i < s->nheld; i++)
        report_aside(s, s->held[i].id, s->held[i].why);
    s->nheld = 0;
}

/* The LRS accepted nothing and rejected every statement it was sent: probably a mistake in
 * the configuration, not in the statements. Those held are put back; -1. */
static int give_up(Sync *s, const char *why, char *err, size_t errsize)
{
    for (int i = 0; i < s->nheld; i++)
        records_outbox_retry(s->db, s->held[i].id, NULL, 0);
    s->stats->set_aside -= s->nheld;
    errf(err, errsize, "%s; the LRS rejected the statements: all of the first %d, each sent alone, "
         "so it may reject every statement (check home_page, activity_base and the LRS's log); "
         "they stay queued", why, s->nheld);
    s->nheld = 0;
    return -1;
}

/* A statement the LRS rejected on its own: set aside so the ones after it still go. Until the
 * LRS accepts one, they are held: if it accepts none, give_up puts them back rather than set
 * the whole outbox aside. */
static int set_aside(Sync *s, const RecordsOutboxItem *item, const char *why, char *err,
                     size_t errsize)
{
    char dberr[512];
    if (s->stats->sent == 0 && s->nheld == GIVE_UP_AFTER)
        return give_up(s, why, err, errsize);
    if (records_outbox_set_aside(s->db, item->id, now_unix_ms(), dberr, sizeof dberr) < 0)
        return errf(err, errsize, "%s", dberr);
    s->stats->set_aside++;
    if (s->stats->sent > 0) {
        report_aside(s, item->id, why);
    } else {
        snprintf(s->held[s->nheld].id, sizeof s->held[0].id, "%s", item->id);
        snprintf(s->held[s->nheld].why, sizeof s->held[0].why, "%s", why);
        s->nheld++;
    }
    return 0;
}

/* Handles the answer to one request of n items. 1: go on, 0: done, -1: stop (err set). */
static int after_post(Sync *s, SendResult r, RecordsOutboxItem *items, int n, const char *why,
                      char *err, size_t errsize)
{
    char dberr[512];
    int retries = s->cfg->retries > 0 ? s->cfg->retries : 5;
    if (r == SEND_OK) {
        /* If this fails the LRS has them; re-sending next time is harmless (same ids, bodies). */
        if (records_outbox_ack(s->db, items, n, now_unix_ms(), dberr, sizeof dberr) < 0)
            return errf(err, errsize, "%s", dberr);
        s->stats->sent += n;
        report_held(s);
        if (s->progress && isatty(fileno(s->progress)) && s->waiting > 0)
            fprintf(s->progress, "\rsparring records sync: %ld of %ld statements sent%s",
                    s->stats->sent, s->waiting, s->stats->sent >= s->waiting ? "\n" : "");
        s->failures = 0;
        if (s->single > 0)
            s->single--;
        return 1;
    }
    if (r == SEND_REJECTED && n > 1) {
        s->single = n; /* one at a time, to find the one the LRS rejects */
        return 1;
    }
    if (r == SEND_REJECTED) {
        s->failures = 0;
        if (s->single > 0)
            s->single--;
        return set_aside(s, &items[0], why, err, errsize) < 0 ? -1 : 1;
    }
    if (r == SEND_RETRY && ++s->failures < retries) {
        s->stats->retries++;
        long delay = 500L << (s->failures - 1 < 6 ? s->failures - 1 : 6);
        if (s->progress)
            fprintf(s->progress, "sparring records sync: %s; trying again in %.1f s (%d of %d)\n",
                    why, delay / 1000.0, s->failures + 1, retries);
        sleep_ms(delay);
        return 1;
    }
    if (r == SEND_RETRY && !strncmp(why, "no answer: ", 11))
        return errf(err, errsize, "the LRS at %s did not answer after %d tries (%s); the "
                    "statements stay queued: run sync again later", s->shown, retries, why + 11);
    if (r == SEND_RETRY)
        return errf(err, errsize, "the LRS at %s answered but failed %d tries (last: %s); the "
                    "statements stay queued: run sync again later", s->shown, retries, why);
    return errf(err, errsize, "%s; the statements stay queued", why);
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
    Sync s = {.db = db, .cfg = cfg, .progress = progress, .stats = stats,
              .url = statements_url(cfg->endpoint), .shown = shown_url(cfg->endpoint),
              .waiting = waiting, .held = calloc(GIVE_UP_AFTER, sizeof(Held))};
    static bool curl_ready;
    if (!curl_ready) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        curl_ready = true;
    }
    CURL *curl = s.url && s.shown && s.held ? curl_easy_init() : NULL;
    int rc = curl ? 0 : errf(err, errsize, "out of memory");
    int batch = cfg->batch > 0 ? cfg->batch : 50;
    char why[800] = "";
    while (curl) {
        RecordsOutboxItem *items = NULL;
        int n = records_outbox_peek(db, s.single > 0 ? 1 : batch, &items, dberr, sizeof dberr);
        if (n <= 0) {
            rc = n < 0 ? errf(err, errsize, "%s", dberr) : 0;
            records_outbox_free(items, 0);
            break;
        }
        stats->requests++;
        SendResult r = post(curl, s.url, cfg, items, n, why, sizeof why);
        int go = after_post(&s, r, items, n, why, err, errsize);
        records_outbox_free(items, n);
        if (go < 0) {
            scrub(err, cfg);
            rc = -1;
        }
        if (go <= 0)
            break;
    }
    if (rc == 0 && s.nheld > 0)
        rc = give_up(&s, s.held[s.nheld - 1].why, err, errsize);
    free(s.held);
    if (curl)
        curl_easy_cleanup(curl);
    free(s.url);
    free(s.shown);
    stats->waiting = records_outbox_pending(db);
    return rc;
}
