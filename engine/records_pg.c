/* records: the PostgreSQL backend (a store shared by every station of a training room), through
 * libpq. The target is a postgresql:// or postgres:// URL; libpq's environment (PGHOST,
 * PGUSER, PGPASSWORD, PGSERVICE, ...), its service file and ~/.pgpass give the rest. A password
 * is never shown: messages name the database by user, host, port and name only, and whatever
 * the server or libpq says is scrubbed of it. */
#include "records_internal.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

typedef struct {
    PGconn *conn;
    char *password;   /* as given in the target (scrubbed from messages), or NULL */
    int generation;   /* bumped at each reconnection: statements are prepared again */
    int next_name;
    char msg[512];    /* the last error, scrubbed */
    char state[6];    /* its SQLSTATE */
    /* The streams whose next FETCH is sent and not yet read, in the order sent (pipeline mode:
     * the server reads the next rows while the client handles the last ones). */
    struct PgStmt *pending[8];
    int npending;
    /* The first error of the transaction (a FETCH read ahead may fail before the command that
     * reports it, which then fails only because the transaction is aborted): the one reported
     * instead of "current transaction is aborted". */
    char first_msg[512], first_state[6];
    /* A connection being made again without blocking (records_set_connect_budget): where libpq's
     * state machine waits, and when the try is given up (monotonic ms; 0: never). */
    bool resetting;
    PostgresPollingStatusType reset_wait;
    int64_t reset_deadline;
} PgConn;

typedef struct PgStmt {
    RecStmt h;
    char name[24];
    char *sql;        /* with $1, $2, ... */
    int nparams;
    char **values;
    int generation;   /* of the connection it was prepared on; -1: not yet */
    PGresult *res;
    int row, nrows;
    bool executed;
    bool cursor, more; /* a stream's cursor is open; it may hold more rows */
    bool sent;        /* its next FETCH is sent (in the connection's pending list) */
    PGresult *next;   /* the next rows, read ahead, or NULL */
    int64_t changes;
    unsigned char *blob; /* the last col_blob's bytes (PQunescapeBytea's), or NULL */
} PgStmt;

#define PG(db) ((PgConn *)(db)->conn)

/* ---- messages without the password ------------------------------------------------------- */

/* Replaces every occurrence of secret in s by "***", in place (s has room: "***" is no longer
 * than a secret of 3 or more; shorter secrets are masked with as many stars). */
static void mask(char *s, const char *secret)
{
    size_t n = secret ? strlen(secret) : 0;
    if (!n)
        return;
    for (char *p = strstr(s, secret); p; p = strstr(p, secret)) {
        size_t stars = n < 3 ? n : 3;
        memset(p, '*', stars);
        memmove(p + stars, p + n, strlen(p + n) + 1);
        p += stars;
    }
}

/* Replaces the bytes from v to e by up to three stars (never more bytes than were there). */
static void stars(char *v, char *e)
{
    size_t n = (size_t)(e - v) < 3 ? (size_t)(e - v) : 3;
    memset(v, '*', n);
    memmove(v + n, e, strlen(e) + 1);
}

/* Masks "password=VALUE" and the password of "scheme://user:PASSWORD@host" in s. */
static void mask_patterns(char *s)
{
    for (char *p = strstr(s, "password="); p; p = strstr(p + 1, "password=")) {
        char *v = p + 9, *e = v + strcspn(v, " \t\n&'\"");
        if (e > v)
            stars(v, e);
    }
    for (char *p = strstr(s, "://"); p; p = strstr(p + 3, "://")) {
        char *at = p + 3 + strcspn(p + 3, "@/ \t\n");
        char *colon = memchr(p + 3, ':', (size_t)(at - (p + 3)));
        if (*at == '@' && colon && at > colon + 1)
            stars(colon + 1, at);
    }
}

void records_pg_scrub(char *s, const char *password)
{
    for (char *p = s; *p; p++) /* libpq's messages run over lines: one line here */
        if (*p == '\n' || *p == '\t' || *p == '\r')
            *p = ' ';
    mask(s, password);
    mask_patterns(s);
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = 0;
}

/* Keeps the first error of the transaction (see PgConn). */
static void first_error(PgConn *c, const PGresult *res)
{
    if (c->first_msg[0])
        return;
    const char *m = res ? PQresultErrorMessage(res) : NULL;
    if (!m || !*m)
        m = c->conn ? PQerrorMessage(c->conn) : "out of memory";
    const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(c->first_msg, sizeof c->first_msg, "%s", m);
    snprintf(c->first_state, sizeof c->first_state, "%s", st ? st : "");
}

static void keep_error(Records *db, const PGresult *res)
{
    PgConn *c = PG(db);
    const char *m = res ? PQresultErrorMessage(res) : NULL;
    if (!m || !*m)
        m = c->conn ? PQerrorMessage(c->conn) : "out of memory";
    const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (st && !strcmp(st, "25P02") && c->first_msg[0]) { /* aborted: say why */
        m = c->first_msg;
        st = c->first_state;
    } else {
        first_error(c, res);
    }
    snprintf(c->msg, sizeof c->msg, "%s", m);
    records_pg_scrub(c->msg, c->password);
    snprintf(c->state, sizeof c->state, "%s", st ? st : "");
}

bool records_pg_lost(Records *db)
{
    PgConn *c = PG(db);
    return !c || !c->conn || c->resetting || PQstatus(c->conn) != CONNECTION_OK ||
           !strncmp(c->state, "08", 2) || !strncmp(c->state, "57P", 3);
}

const char *records_pg_error(Records *db, const char **state)
{
    PgConn *c = PG(db);
    *state = c->state;
    return c->msg;
}

static int pg_fail(Records *db, char *err, size_t errsize, const char *what)
{
    PgConn *c = PG(db);
    if (!strcmp(c->state, "42501"))
        return records_errf(err, errsize,
                            "%s: %s: the database role lacks the right (%s); the records server's "
                            "administrator gives it with `sparring records setup-db` (see "
                            "docs/records.md)", db->path, what, c->msg);
    if (!c->conn || PQstatus(c->conn) != CONNECTION_OK || !strncmp(c->state, "08", 2) ||
        !strncmp(c->state, "57P", 3))
        return records_errf(err, errsize, "%s: the records server is away (%s): %s", db->path,
                            c->msg, what);
    return records_errf(err, errsize, "%s: %s: %s", db->path, what, c->msg);
}

/* ---- streams read ahead ----------------------------------------------------------------- */

/* A stream's next FETCH goes out as soon as its last rows arrive (libpq's pipeline mode, one
 * sync point each), so the server produces the next rows while the client handles these; the
 * result is read when the stream needs it, or earlier when another stream's result is behind it
 * or another command is to run (drain). At most two batches a stream are held: memory stays
 * flat. */

/* Reads the result of the first FETCH sent into its stream's next (an error result is kept
 * there too, for the stream to report). */
static void receive_one(PgConn *c)
{
    PgStmt *s = c->pending[0];
    memmove(c->pending, c->pending + 1, (size_t)--c->npending * sizeof *c->pending);
    s->sent = false;
    PGresult *keep = NULL, *r;
    for (int nulls = 0; nulls < 2;) {
        if (!(r = PQgetResult(c->conn))) {
            nulls++; /* the end of one command's results (twice: the connection is gone) */
            continue;
        }
        nulls = 0;
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (!keep)
            keep = r;
        else
            PQclear(r);
    }
    if (PQresultStatus(keep) != PGRES_TUPLES_OK)
        first_error(c, keep);
    PQclear(s->next);
    s->next = keep;
}

/* Reads every result sent for and leaves pipeline mode: the connection runs commands again. */
static void drain(PgConn *c)
{
    while (c->npending > 0)
        receive_one(c);
    if (c->conn && PQpipelineStatus(c->conn) != PQ_PIPELINE_OFF)
        PQexitPipelineMode(c->conn);
}

#define FETCH_ROWS 4096

/* Sends the stream's next FETCH. false when it cannot be sent (then run it synchronously). */
static bool send_fetch(PgStmt *s)
{
    PgConn *c = PG(s->h.db);
    if (c->npending == (int)(sizeof c->pending / sizeof *c->pending))
        receive_one(c);
    if (PQpipelineStatus(c->conn) == PQ_PIPELINE_OFF && !PQenterPipelineMode(c->conn))
        return false;
    char sql[64];
    snprintf(sql, sizeof sql, "FETCH %d FROM %sc", FETCH_ROWS, s->name);
    if (!PQsendQueryParams(c->conn, sql, 0, NULL, NULL, NULL, NULL, 0) ||
        !PQpipelineSync(c->conn)) {
        drain(c);
        return false;
    }
    s->sent = true;
    c->pending[c->npending++] = s;
    return true;
}

/* The stream's next rows: read ahead, or fetched now. */
static PGresult *next_rows(PgStmt *s)
{
    PgConn *c = PG(s->h.db);
    if (!s->sent && !s->next && !send_fetch(s)) {
        char sql[64];
        snprintf(sql, sizeof sql, "FETCH %d FROM %sc", FETCH_ROWS, s->name);
        return PQexec(c->conn, sql);
    }
    while (s->sent)
        receive_one(c);
    PGresult *r = s->next;
    s->next = NULL;
    return r;
}

/* ---- statements -------------------------------------------------------------------------- */

/* ?N becomes $N outside quotes; *nparams gets the highest N. */
static char *convert_sql(const char *sql, int *nparams)
{
    char *out = malloc(strlen(sql) + 1);
    if (!out)
        return NULL;
    char *o = out, quote = 0;
    *nparams = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
            int n = atoi(p + 1);
            if (n > *nparams)
                *nparams = n;
            *o++ = '$';
            continue;
        }
        *o++ = *p;
    }
    *o = 0;
    return out;
}

static RecStmt *pg_prepare(Records *db, const char *sql, char *err, size_t errsize)
{
    PgStmt *s = calloc(1, sizeof *s);
    if (!s || !(s->sql = convert_sql(sql, &s->nparams)) ||
        (s->nparams && !(s->values = calloc((size_t)s->nparams, sizeof *s->values)))) {
        if (s)
            free(s->sql);
        free(s);
        records_errf(err, errsize, "out of memory");
        return NULL;
    }
    s->h.be = &records_pg_backend;
    s->h.db = db;
    s->generation = -1;
    snprintf(s->name, sizeof s->name, "sp%d", PG(db)->next_name++);
    return &s->h;
}

static void clear_values(PgStmt *s)
{
    for (int i = 0; i < s->nparams; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
    }
}

static void pg_reset(RecStmt *st)
{
    PgStmt *s = (PgStmt *)st;
    PgConn *c = PG(st->db);
    drain(c);
    PQclear(s->next);
    s->next = NULL;
    if (s->cursor && c->conn && PQtransactionStatus(c->conn) == PQTRANS_INTRANS) {
        char sql[64];
        snprintf(sql, sizeof sql, "CLOSE %sc", s->name);
        PQclear(PQexec(c->conn, sql));
    }
    s->cursor = s->more = false;
    PQclear(s->res);
    s->res = NULL;
    s->executed = false;
    s->row = s->nrows = 0;
    clear_values(s);
    PQfreemem(s->blob);
    s->blob = NULL;
}

static void pg_finalize(RecStmt *st)
{
    if (!st)
        return;
    PgStmt *s = (PgStmt *)st;
    pg_reset(st);
    PgConn *c = PG(st->db);
    if (s->generation == c->generation && c->conn && PQstatus(c->conn) == CONNECTION_OK &&
        PQtransactionStatus(c->conn) == PQTRANS_IDLE) {
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(c->conn, sql));
    }
    free(s->values);
    free(s->sql);
    free(s);
}

static void set_value(RecStmt *st, int i, const char *text)
{
    PgStmt *s = (PgStmt *)st;
    if (i < 1 || i > s->nparams)
        return;
    free(s->values[i - 1]);
    s->values[i - 1] = text ? records_strdup(text) : NULL;
}

static void pg_bind_text(RecStmt *st, int i, const char *t) { set_value(st, i, t); }
static void pg_bind_null(RecStmt *st, int i) { set_value(st, i, NULL); }

static void pg_bind_int64(RecStmt *st, int i, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    set_value(st, i, buf);
}

static void pg_bind_double(RecStmt *st, int i, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    set_value(st, i, buf);
}

/* Bytes as bytea's text form: a backslash, x, and two hex digits a byte. */
static void pg_bind_blob(RecStmt *st, int i, const void *data, size_t size)
{
    PgStmt *s = (PgStmt *)st;
    if (i < 1 || i > s->nparams)
        return;
    static const char hex[] = "0123456789abcdef";
    char *t = malloc(2 * size + 3);
    if (t) {
        const unsigned char *b = data;
        t[0] = '\\';
        t[1] = 'x';
        for (size_t k = 0; k < size; k++) {
            t[2 + 2 * k] = hex[b[k] >> 4];
            t[3 + 2 * k] = hex[b[k] & 15];
        }
        t[2 + 2 * size] = 0;
    }
    free(s->values[i - 1]);
    s->values[i - 1] = t; /* out of memory: NULL, and the NOT NULL column refuses it */
}

/* The next rows of a stream's cursor; the ones after them are asked for at once. */
static int fetch(PgStmt *s)
{
    PQclear(s->res);
    s->res = next_rows(s);
    if (PQresultStatus(s->res) != PGRES_TUPLES_OK) {
        keep_error(s->h.db, s->res);
        PQclear(s->res);
        s->res = NULL;
        return REC_ERROR;
    }
    s->nrows = PQntuples(s->res);
    s->row = -1;
    s->more = s->nrows == FETCH_ROWS;
    if (s->more)
        send_fetch(s);
    return REC_ROW;
}

/* A stream inside a transaction: a cursor, read FETCH_ROWS rows at a time. */
static int open_cursor(PgStmt *s)
{
    size_t n = strlen(s->sql) + 64;
    char *sql = malloc(n);
    if (!sql)
        return REC_ERROR;
    snprintf(sql, n, "DECLARE %sc NO SCROLL CURSOR FOR %s", s->name, s->sql);
    PGresult *r = PQexecParams(PG(s->h.db)->conn, sql, s->nparams, NULL,
                               (const char *const *)s->values, NULL, NULL, 0);
    free(sql);
    s->executed = true;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        keep_error(s->h.db, r);
        PQclear(r);
        return REC_ERROR;
    }
    PQclear(r);
    s->cursor = true;
    return fetch(s);
}

/* A command outside a transaction starts afresh: no first error yet. */
static void forget_errors(PgConn *c)
{
    if (c->conn && PQtransactionStatus(c->conn) == PQTRANS_IDLE)
        c->first_msg[0] = c->first_state[0] = 0;
}

static int execute(PgStmt *s)
{
    drain(PG(s->h.db));
    forget_errors(PG(s->h.db));
    if (s->h.stream && PQtransactionStatus(PG(s->h.db)->conn) == PQTRANS_INTRANS)
        return open_cursor(s);
    Records *db = s->h.db;
    PgConn *c = PG(db);
    if (s->generation != c->generation) {
        PGresult *r = PQprepare(c->conn, s->name, s->sql, 0, NULL);
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok)
            keep_error(db, r);
        PQclear(r);
        if (!ok)
            return REC_ERROR;
        s->generation = c->generation;
    }
    s->res = PQexecPrepared(c->conn, s->name, s->nparams, (const char *const *)s->values, NULL,
                            NULL, 0);
    s->executed = true;
    ExecStatusType t = PQresultStatus(s->res);
    if (t == PGRES_TUPLES_OK) {
        s->nrows = PQntuples(s->res);
        s->row = -1;
        return REC_ROW;
    }
    if (t == PGRES_COMMAND_OK) {
        s->changes = atoll(PQcmdTuples(s->res));
        s->nrows = 0;
        s->row = -1;
        return REC_DONE;
    }
    keep_error(db, s->res);
    PQclear(s->res);
    s->res = NULL;
    return REC_ERROR;
}

static int pg_step(RecStmt *st)
{
    PgStmt *s = (PgStmt *)st;
    if (!s->executed && execute(s) == REC_ERROR)
        return REC_ERROR;
    if (!s->res)
        return REC_ERROR;
    s->row++;
    if (s->row >= s->nrows && s->cursor && s->more) {
        if (fetch(s) == REC_ERROR)
            return REC_ERROR;
        s->row++;
    }
    return s->row < s->nrows ? REC_ROW : REC_DONE;
}

static const char *pg_col_text(RecStmt *st, int i)
{
    PgStmt *s = (PgStmt *)st;
    if (!s->res || s->row < 0 || s->row >= s->nrows || i >= PQnfields(s->res) ||
        PQgetisnull(s->res, s->row, i))
        return NULL;
    return PQgetvalue(s->res, s->row, i);
}

static int64_t pg_col_int64(RecStmt *st, int i)
{
    const char *t = pg_col_text(st, i);
    if (!t)
        return 0;
    if (t[0] == 't' || t[0] == 'f') /* a boolean */
        return t[0] == 't';
    return strtoll(t, NULL, 10);
}

static double pg_col_double(RecStmt *st, int i)
{
    const char *t = pg_col_text(st, i);
    return t ? strtod(t, NULL) : 0;
}

static bool pg_col_null(RecStmt *st, int i) { return pg_col_text(st, i) == NULL; }

static const void *pg_col_blob(RecStmt *st, int i, size_t *size)
{
    PgStmt *s = (PgStmt *)st;
    PQfreemem(s->blob);
    s->blob = NULL;
    *size = 0;
    const char *t = pg_col_text(st, i);
    if (!t)
        return NULL;
    s->blob = PQunescapeBytea((const unsigned char *)t, size);
    if (!s->blob)
        *size = 0;
    return s->blob;
}
static int64_t pg_changes(RecStmt *st) { return ((PgStmt *)st)->changes; }

static int pg_exec(Records *db, const char *sql, char *err, size_t errsize)
{
    PgConn *c = PG(db);
    drain(c);
    forget_errors(c);
    PGresult *r = PQexec(c->conn, sql);
    ExecStatusType t = PQresultStatus(r);
    if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
        keep_error(db, r);
        PQclear(r);
        return pg_fail(db, err, errsize, "cannot update the records");
    }
    PQclear(r);
    return 0;
}

static bool pg_in_transaction(Records *db)
{
    PgConn *c = PG(db);
    if (!c || !c->conn || PQstatus(c->conn) != CONNECTION_OK)
        return false;
    drain(c);
    return PQtransactionStatus(c->conn) != PQTRANS_IDLE;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The connection's connect_timeout in ms (0: none). */
static int64_t connect_timeout_ms(PGconn *conn)
{
    int64_t ms = 0;
    PQconninfoOption *opts = PQconninfo(conn);
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (!strcmp(o->keyword, "connect_timeout") && o->val)
            ms = atoll(o->val) * 1000;
    PQconninfoFree(opts);
    return ms > 0 ? ms : 0;
}

/* Drives a connection being made again for up to budget ms: 1 made, 0 not yet, -1 failed. */
static int reset_poll(PgConn *c, int64_t budget)
{
    int64_t end = mono_ms() + budget;
    for (;;) {
        if (c->reset_wait == PGRES_POLLING_OK)
            return 1;
        if (c->reset_wait == PGRES_POLLING_FAILED)
            return -1;
        int64_t left = end - mono_ms();
        if (c->reset_deadline && mono_ms() >= c->reset_deadline)
            return -1;
        struct pollfd pfd = {.fd = PQsocket(c->conn),
                             .events = c->reset_wait == PGRES_POLLING_READING ? POLLIN : POLLOUT};
        int ready = pfd.fd < 0 ? -1 : left > 0 ? poll(&pfd, 1, (int)left) : 0;
        if (ready == 0)
            return 0;
        c->reset_wait = PQresetPoll(c->conn);
    }
}

/* Makes a lost connection again, without blocking for more than db->connect_budget_ms when it
 * is set: a try that has not got through by then goes on at the next call. 0 or -1. */
static int reconnect(Records *db, char *err, size_t errsize)
{
    PgConn *c = PG(db);
    if (db->connect_budget_ms <= 0 && !c->resetting) {
        PQreset(c->conn);
        c->reset_wait = PQstatus(c->conn) == CONNECTION_OK ? PGRES_POLLING_OK : PGRES_POLLING_FAILED;
    } else if (!c->resetting) {
        c->resetting = true;
        c->reset_wait = PQresetStart(c->conn) ? PGRES_POLLING_WRITING : PGRES_POLLING_FAILED;
        int64_t timeout = connect_timeout_ms(c->conn);
        c->reset_deadline = timeout ? mono_ms() + timeout : 0;
    }
    int rc = reset_poll(c, db->connect_budget_ms);
    if (rc == 0) {
        snprintf(c->msg, sizeof c->msg, "no answer yet: still trying");
        return records_errf(err, errsize, "%s: the records server is away (%s): cannot reach the "
                            "records", db->path, c->msg);
    }
    c->resetting = false;
    if (rc < 0) {
        keep_error(db, NULL);
        if (!c->msg[0] || !strcmp(c->msg, "\n"))
            snprintf(c->msg, sizeof c->msg, "no answer within the connection's timeout");
        return pg_fail(db, err, errsize, "cannot reach the records");
    }
    c->generation++;
    return pg_exec(db, "SET client_min_messages = warning", err, errsize);
}

/* A lost connection (the server restarted, the network dropped) is made again before the next
 * transaction; the statements are prepared again on it. */
static int pg_ensure(Records *db, char *err, size_t errsize)
{
    PgConn *c = PG(db);
    drain(c);
    if (!c->resetting && PQstatus(c->conn) == CONNECTION_OK)
        return 0;
    return reconnect(db, err, errsize);
}

/* ---- schema ------------------------------------------------------------------------------ */

static void quiet(void *arg, const char *message) { (void)arg, (void)message; }

/* "postgresql://user@host:port/dbname" from what the target and libpq's defaults say. */
static char *display_name(const char *target)
{
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(target, &msg);
    PQfreemem(msg);
    const char *user = "", *host = "", *port = "", *dbname = "", *service = "";
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        const char *v = o->val ? o->val : "";
        if (!strcmp(o->keyword, "user"))
            user = v;
        else if (!strcmp(o->keyword, "host"))
            host = v;
        else if (!strcmp(o->keyword, "port"))
            port = v;
        else if (!strcmp(o->keyword, "dbname"))
            dbname = v;
        else if (!strcmp(o->keyword, "service"))
            service = v;
    }
    char buf[1024];
    snprintf(buf, sizeof buf, "postgresql://%s%s%s%s%s/%s%s%s", user, *user ? "@" : "", host,
             *port ? ":" : "", port, dbname, *service ? "?service=" : "", service);
    PQconninfoFree(opts);
    return records_strdup(buf);
}

static char *target_password(const char *target)
{
    char *msg = NULL, *pw = NULL;
    PQconninfoOption *opts = PQconninfoParse(target, &msg);
    PQfreemem(msg);
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (!strcmp(o->keyword, "password") && o->val && *o->val)
            pw = records_strdup(o->val);
    PQconninfoFree(opts);
    return pw;
}

static int pg_open(Records *db, const char *target, char *err, size_t errsize)
{
    PgConn *c = calloc(1, sizeof *c);
    if (!c)
        return records_errf(err, errsize, "out of memory");
    db->conn = c;
    c->password = target_password(target);
    if (!(db->path = display_name(target)))
        return records_errf(err, errsize, "out of memory");
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(target, &msg);
    if (!opts) {
        char m[512];
        snprintf(m, sizeof m, "%s", msg ? msg : "out of memory");
        PQfreemem(msg);
        records_pg_scrub(m, c->password);
        return records_errf(err, errsize, "%s: not a PostgreSQL connection string: %s", db->path, m);
    }
    PQconninfoFree(opts);
    /* Our defaults come first: the target and libpq's environment override them. */
    /* Over TCP, a server that stops answering (a network gone, not a restart) is noticed in
     * about 20 s rather than the system's quarter of an hour: keepalives on an idle connection,
     * and a limit on data left unacknowledged. */
    const char *keys[8] = {"application_name", "keepalives_idle", "keepalives_interval",
                           "keepalives_count", "tcp_user_timeout"};
    const char *vals[8] = {"sparring", "10", "5", "3", "20000"};
    int n = 5;
    if (!getenv("PGCONNECT_TIMEOUT")) {
        keys[n] = "connect_timeout";
        vals[n++] = "10";
    }
    keys[n] = "dbname";
    vals[n] = target;
    c->conn = PQconnectdbParams(keys, vals, 1);
    if (!c->conn)
        return records_errf(err, errsize, "%s: out of memory", db->path);
    PQsetNoticeProcessor(c->conn, quiet, NULL);
    if (PQstatus(c->conn) != CONNECTION_OK) {
        keep_error(db, NULL);
        return records_errf(err, errsize, "%s: cannot connect to the records server: %s", db->path,
                            c->msg);
    }
    if (pg_exec(db, "SET client_min_messages = warning", err, errsize) < 0 ||
        records_pg_schema(db, err, errsize) < 0)
        return -1;
    /* Read-only commands (export, report, replay) cannot write, whatever the role may do. */
    return db->read_only ? pg_exec(db, "SET default_transaction_read_only = on", err, errsize) : 0;
}

static void pg_close(Records *db)
{
    PgConn *c = PG(db);
    if (!c)
        return;
    PQfinish(c->conn);
    if (c->password)
        memset(c->password, 0, strlen(c->password));
    free(c->password);
    free(c);
    db->conn = NULL;
}

const RecordsBackend records_pg_backend = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_text = pg_col_text,
    .col_int64 = pg_col_int64,
    .col_double = pg_col_double,
    .col_null = pg_col_null,
    .changes = pg_changes,
    .exec = pg_exec,
    .in_transaction = pg_in_transaction,
    .fail = pg_fail,
    .begin_write_sql = "BEGIN",
    .begin_read_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ",
    .ensure = pg_ensure,
    .bind_blob = pg_bind_blob,
    .col_blob = pg_col_blob,
};
