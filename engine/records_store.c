/* records: the store interface above the backends: opening by target, the statement cache,
 * transactions, errors and small helpers every records file uses. */
#include "records_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"

/* ---- errors and small helpers ---------------------------------------------------------- */

int records_errf(char *err, size_t errsize, const char *fmt, ...)
{
    if (err && errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsize, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int records_fail(Records *db, char *err, size_t errsize, const char *what)
{
    return db->be->fail(db, err, errsize, what);
}

char *records_strdup(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

char *records_col_dup(RecStmt *st, int col)
{
    const char *t = rs_text(st, col);
    if (!t)
        t = "";
    /* The length, then whether it is all ASCII (most columns are: ids, JSON), 8 bytes a step. */
    size_t n = strlen(t), i = 0;
    uint64_t high = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        high |= w;
    }
    for (; i < n; i++)
        high |= (unsigned char)t[i];
    RecordsArena *arena = st->db->arena;
    char *repaired = NULL;
    if ((high & 0x8080808080808080ULL) && !text_utf8_valid(t, n)) {
        /* stored before the checks, or edited: keep JSON valid */
        if (!(repaired = text_utf8_repair(t)) || !arena)
            return repaired;
        t = repaired;
        n = strlen(t);
    }
    char *d = arena ? records_arena_alloc(arena, n + 1) : malloc(n + 1);
    if (d)
        memcpy(d, t, n + 1);
    free(repaired);
    return d;
}

char *records_arena_alloc(RecordsArena *x, size_t n)
{
    if (x->cap - x->used < n) {
        size_t cap = x->cap ? x->cap * 2 : 64 * 1024;
        while (cap - sizeof x->block < n)
            cap *= 2;
        char *block = malloc(cap);
        if (!block)
            return NULL;
        memcpy(block, &x->block, sizeof x->block); /* the previous one, freed at the reset */
        x->block = block;
        x->cap = cap;
        x->used = sizeof x->block;
    }
    char *p = x->block + x->used;
    x->used += n;
    return p;
}

void records_arena_reset(RecordsArena *x)
{
    if (!x->block)
        return;
    char *prev;
    memcpy(&prev, x->block, sizeof prev);
    while (prev) {
        char *older;
        memcpy(&older, prev, sizeof older);
        free(prev);
        prev = older;
    }
    static char *const none = NULL;
    memcpy(x->block, &none, sizeof none);
    x->used = sizeof x->block;
}

void records_arena_free(RecordsArena *x)
{
    records_arena_reset(x);
    free(x->block);
    memset(x, 0, sizeof *x);
}

void *records_grow(void *arr, int n, int *cap, int first, size_t size)
{
    if (n < *cap)
        return arr;
    int c = *cap ? *cap * 2 : first;
    void *p = realloc(arr, (size_t)c * size);
    if (p)
        *cap = c;
    return p;
}

int records_exec(Records *db, const char *sql, char *err, size_t errsize)
{
    return db->be->exec(db, sql, err, errsize);
}

int records_step_done(Records *db, RecStmt *st, char *err, size_t errsize, const char *what)
{
    int rc = rs_step(st);
    records_done(st);
    if (rc != REC_DONE)
        return records_fail(db, err, errsize, what);
    return 0;
}

/* ---- transactions ------------------------------------------------------------------------ */

int records_begin_write(Records *db, char *err, size_t errsize)
{
    if (db->read_only)
        return records_errf(err, errsize, "%s: the records are open read-only", db->path);
    if (db->be->ensure && db->be->ensure(db, err, errsize) < 0)
        return -1;
    return records_exec(db, db->be->begin_write_sql, err, errsize);
}

int records_begin_read(Records *db, char *err, size_t errsize)
{
    if (db->be->ensure && db->be->ensure(db, err, errsize) < 0)
        return -1;
    return records_exec(db, db->be->begin_read_sql, err, errsize);
}

int records_commit(Records *db, char *err, size_t errsize)
{
    if (records_exec(db, "COMMIT", err, errsize) < 0) {
        records_rollback(db);
        return -1;
    }
    return 0;
}

void records_rollback(Records *db)
{
    if (db->be->in_transaction(db))
        db->be->exec(db, "ROLLBACK", NULL, 0);
}

/* ---- the statement cache ----------------------------------------------------------------- */

RecStmt *records_prep(Records *db, const char *sql, char *err, size_t errsize)
{
    for (int i = 0; i < db->ncache; i++)
        if (db->cache[i].sql == sql && !strcmp(db->cache[i].text, sql))
            return db->cache[i].st;
    RecStmt *st = db->be->prepare(db, sql, err, errsize);
    if (!st)
        return NULL;
    int slot = db->ncache;
    if (slot == RECORDS_STMT_CACHE) {
        /* Full: replace the oldest. */
        db->be->finalize(db->cache[0].st);
        free(db->cache[0].text);
        memmove(db->cache, db->cache + 1, (RECORDS_STMT_CACHE - 1) * sizeof db->cache[0]);
        slot = RECORDS_STMT_CACHE - 1;
    } else {
        db->ncache++;
    }
    db->cache[slot].sql = sql;
    db->cache[slot].text = records_strdup(sql);
    db->cache[slot].st = st;
    if (!db->cache[slot].text) {
        db->be->finalize(st);
        db->ncache--;
        records_errf(err, errsize, "out of memory");
        return NULL;
    }
    return st;
}

RecStmt *records_prep_stream(Records *db, const char *sql, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, sql, err, errsize);
    if (st)
        st->stream = true;
    return st;
}

void records_done(RecStmt *st)
{
    if (st)
        st->be->reset(st);
}

void records_cache_clear(Records *db)
{
    for (int i = 0; i < db->ncache; i++) {
        db->be->finalize(db->cache[i].st);
        free(db->cache[i].text);
    }
    db->ncache = 0;
}

/* ---- opening ----------------------------------------------------------------------------- */

/* libpq's keyword/value spelling, "host=db1 dbname=sparring ...": a word, maybe spaces, '='.
 * No file of records is named so; read as a path, its password would end up in messages. */
static bool is_conninfo(const char *t)
{
    size_t k = strspn(t, "abcdefghijklmnopqrstuvwxyz_");
    return k > 0 && t[k + strspn(t + k, " \t")] == '=';
}

bool records_target_is_pg(const char *target)
{
    return target && (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11) ||
                      is_conninfo(target));
}

/* A duration from the environment (tests shorten the lease), else def. */
static int64_t env_ms(const char *name, int64_t def)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return def;
    char *end;
    long long n = strtoll(v, &end, 10);
    return *end || n <= 0 ? def : (int64_t)n;
}

static Records *open_store(const char *path, bool read_only, char *err, size_t errsize)
{
    if (!path || !*path) {
        records_errf(err, errsize,
                     "no records database path: --db is empty, or none of SPARRING_DB, "
                     "XDG_DATA_HOME and HOME is set; give one with --db PATH");
        return NULL;
    }
    Records *db = calloc(1, sizeof *db);
    if (!db) {
        records_errf(err, errsize, "out of memory");
        return NULL;
    }
    db->be = records_target_is_pg(path) ? &records_pg_backend : &records_sqlite_backend;
    db->read_only = read_only;
    db->lease_ms = env_ms("SPARRING_LEASE_MS", RECORDS_LEASE_MS);
    db->renew_ms = env_ms("SPARRING_LEASE_RENEW_MS", RECORDS_LEASE_RENEW_MS);
    if (db->be->open(db, path, err, errsize) < 0) {
        records_close(db);
        return NULL;
    }
    return db;
}

Records *records_open(const char *path, char *err, size_t errsize)
{
    return open_store(path, false, err, errsize);
}

Records *records_open_readonly(const char *path, char *err, size_t errsize)
{
    return open_store(path, true, err, errsize);
}

void records_close(Records *db)
{
    if (!db)
        return;
    records_cache_clear(db);
    if (db->sync_lock)
        close(db->sync_lock - 1); /* and its lock with it */
    db->be->close(db);
    free(db->path);
    free(db);
}

const char *records_path(const Records *db)
{
    return db->path ? db->path : "";
}

const char *records_backend(const Records *db)
{
    return db->be->name;
}

bool records_server_lost(Records *db)
{
    return db && db->be == &records_pg_backend && records_pg_lost(db);
}

void records_set_connect_budget(Records *db, int64_t ms)
{
    db->connect_budget_ms = ms > 0 ? ms : 0;
}

void records_set_lease(Records *db, int64_t lease_ms, int64_t renew_ms)
{
    if (lease_ms > 0)
        db->lease_ms = lease_ms;
    if (renew_ms > 0)
        db->renew_ms = renew_ms;
}

/* ---- identity and randomness ------------------------------------------------------------- */

void records_host_name(char *buf, size_t size)
{
    const char *station = getenv("SPARRING_STATION");
    if (station && *station) {
        snprintf(buf, size, "%s", station);
        return;
    }
    if (gethostname(buf, size) != 0 || !buf[0])
        snprintf(buf, size, "localhost");
    buf[size - 1] = 0;
}

/* The start time of a process (clock ticks since boot, /proc/PID/stat field 22), so a pid
 * reused by another program is not taken for the owner. 0 when unknown. */
int64_t records_process_start(long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p)
        return 0;
    p++;
    /* After ")": field 3 (state) is the first; starttime is field 22. */
    for (int field = 3; field < 22 && p; field++)
        p = strchr(p + 1, ' ');
    if (!p)
        return 0;
    return strtoll(p + 1, NULL, 10);
}

bool records_process_alive(long pid, int64_t start)
{
    if (pid <= 0)
        return false;
    if (kill((pid_t)pid, 0) != 0 && errno != EPERM)
        return false;
    int64_t now_start = records_process_start(pid);
    if (start && now_start && now_start != start)
        return false; /* the pid was reused */
    return true;
}

void records_uuid4(char out[37])
{
    uint8_t b[16];
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        while (got < sizeof b) {
            ssize_t r = read(fd, b + got, sizeof b - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        close(fd);
    }
    if (got < sizeof b) {
        /* No /dev/urandom: still unique enough per process (pid, address, counter). */
        static uint64_t counter;
        uint64_t x = (uint64_t)getpid() * 0x9e3779b97f4a7c15u ^ (uint64_t)(uintptr_t)&got ^ ++counter;
        for (int i = 0; i < 16; i++) {
            x ^= x >> 31;
            x *= 0xbf58476d1ce4e5b9u;
            b[i] = (uint8_t)(x >> 56);
        }
    }
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
    static const char hex[] = "0123456789abcdef";
    int o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 15];
    }
    out[o] = 0;
}

/* ---- times ------------------------------------------------------------------------------ */

void records_iso8601(int64_t unix_ms, char *buf, size_t size)
{
    /* A hand-edited database may hold any integer: clamp to years 0000..9999, so that the
     * arithmetic below cannot overflow and the text stays an ISO 8601 date. */
    const int64_t lo = -62167219200000, hi = 253402300799999;
    unix_ms = unix_ms < lo ? lo : unix_ms > hi ? hi : unix_ms;
    int64_t secs = unix_ms >= 0 ? unix_ms / 1000 : -((-unix_ms + 999) / 1000);
    int ms = (int)(unix_ms - secs * 1000);
    /* Civil date from days since the epoch (proleptic Gregorian, no time zone tables). */
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rem = secs - days * 86400;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    if (size < 25) { /* records_internal.h asks for 32 */
        if (size)
            buf[0] = 0;
        return;
    }
    /* "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" by hand (exports write one per statement): y is 0..9999 after the clamp. */
    char *o = buf;
    const struct {
        int64_t v;
        int digits;
        char after;
    } parts[] = {{y, 4, '-'}, {m, 2, '-'}, {d, 2, 'T'}, {rem / 3600, 2, ':'},
                 {rem / 60 % 60, 2, ':'}, {rem % 60, 2, '.'}, {ms, 3, 'Z'}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int64_t v = parts[i].v;
        for (int k = parts[i].digits - 1; k >= 0; k--, v /= 10)
            o[k] = (char)('0' + v % 10);
        o += parts[i].digits;
        *o++ = parts[i].after;
    }
    *o = 0;
}

void records_seconds(int64_t ms, char *buf, size_t size)
{
    if (ms < 0)
        ms = 0;
    /* "%lld.%03lld" by hand (exports write one per statement). */
    char digits[32];
    int nd = 0;
    for (int64_t v = ms / 1000; nd == 0 || v; v /= 10)
        digits[nd++] = (char)('0' + v % 10);
    int n = 0;
    if ((size_t)nd + 5 > size) {
        if (size)
            buf[0] = 0;
        return;
    }
    while (nd)
        buf[n++] = digits[--nd];
    int frac = (int)(ms % 1000);
    buf[n++] = '.';
    buf[n++] = (char)('0' + frac / 100);
    buf[n++] = (char)('0' + frac / 10 % 10);
    buf[n++] = (char)('0' + frac % 10);
    buf[n] = 0;
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = 0;
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = 0;
}
