/* records: every attempt in turn, whole, with no query per attempt: one query for the attempts
 * and one per detail table, all in the attempts' order, read side by side (records.h's
 * records_each_attempt; exports and the manager's page read through it). */
#include "records_internal.h"

#include <stdlib.h>
#include <string.h>

/* The trainee (?1), the start (?2) and the team (?3: its trainees, found once, not per row). */
#define EACH_FILTER                                                                              \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR a.trainee_id = ?1) AND a.started_unix_ms >= ?2 AND "    \
    "(CAST(?3 AS TEXT) IS NULL OR a.trainee_id IN (SELECT tt.id FROM trainees tt WHERE "         \
    "tt.team = ?3)) "
/* The attempts' order, then each detail's own. On SQLite a.rowid (unique, the last column of
 * every index entry) tells the planner that no two attempts tie, so the detail rows come in
 * their primary key's order straight from the index: no sorting, not even per attempt. */
#define EACH_ORDER "ORDER BY a.started_unix_ms, a.id, "
#define EACH_ORDER_SQLITE "ORDER BY a.started_unix_ms, a.id, a.rowid, "

/* One per detail table (records_internal.h's RECORDS_DETAIL_* order), the attempt's id and
 * start last (stream_idcol: the id's column, the start's after it); per backend ([0]
 * PostgreSQL, [1] SQLite). The detail's own key ends every ORDER BY: a LATERAL subquery in that
 * order is no cheaper on PostgreSQL (measured) and its order is lost where the planner sorts the
 * join by the attempt alone (a trainee's attempts). The live steps come in the order they were
 * recorded (seq), which is their positions' order: a rewind marks the steps from a position on
 * as dead and the new ones come with higher seqs. */
#define STREAM_SQL(ORDER)                                                                        \
    {                                                                                            \
        "SELECT d.rewound, d.node, d.choice, d.points, d.meters, d.at_ms, d.took_ms, d.shown, "  \
        "d.critical, d.techniques, d.attempt_id, a.started_unix_ms FROM decisions d JOIN "       \
        "attempts a ON a.id = d.attempt_id" EACH_FILTER ORDER "d.seq",                           \
        "SELECT c.competency_id, c.raw, c.max, c.percent, c.attempt_id, a.started_unix_ms FROM " \
        "competencies c JOIN attempts a ON a.id = c.attempt_id" EACH_FILTER ORDER                \
        "c.competency_id",                                                                       \
        "SELECT m.kind, m.detail, m.offset_ms, m.decision_index, m.attempt_id, "                 \
        "a.started_unix_ms FROM mentor_events m JOIN attempts a ON a.id = m.attempt_id"          \
        EACH_FILTER ORDER "m.seq",                                                               \
        "SELECT s.kind, s.node, s.idx, s.value, s.at_ms, s.took_ms, s.attempt_id, "              \
        "a.started_unix_ms FROM steps s JOIN attempts a ON a.id = s.attempt_id" EACH_FILTER      \
        "AND s.live = 1 " ORDER "s.seq",                                                         \
    }
static const char *const stream_sql[2][RECORDS_DETAIL_TABLES] = {STREAM_SQL(EACH_ORDER),
                                                                 STREAM_SQL(EACH_ORDER_SQLITE)};
static const int stream_idcol[RECORDS_DETAIL_TABLES] = {10, 4, 4, 6};

/* The same rows of every attempt since ?2, on PostgreSQL (schema version 7): each detail row
 * carries its attempt's start, and an index in the attempts' order gives them in one pass with
 * no lookup per attempt (the join above looks each attempt's rows up in the detail's primary
 * key, which took the server twice as long as the rows themselves). ?1 and ?3 (no trainee, no
 * team here) keep the parameters of the other statements. */
#define FLAT_WHERE(X)                                                                            \
    " WHERE CAST(?1 AS TEXT) IS NULL AND CAST(?3 AS TEXT) IS NULL AND " X ".started_unix_ms >= ?2 "
#define FLAT_ORDER(X) "ORDER BY " X ".started_unix_ms, " X ".attempt_id, "
static const char *const flat_sql[RECORDS_DETAIL_TABLES] = {
    "SELECT d.rewound, d.node, d.choice, d.points, d.meters, d.at_ms, d.took_ms, d.shown, "
    "d.critical, d.techniques, d.attempt_id, d.started_unix_ms FROM decisions d" FLAT_WHERE("d")
    FLAT_ORDER("d") "d.seq",
    "SELECT c.competency_id, c.raw, c.max, c.percent, c.attempt_id, c.started_unix_ms FROM "
    "competencies c" FLAT_WHERE("c") FLAT_ORDER("c") "c.competency_id",
    "SELECT m.kind, m.detail, m.offset_ms, m.decision_index, m.attempt_id, m.started_unix_ms "
    "FROM mentor_events m" FLAT_WHERE("m") FLAT_ORDER("m") "m.seq",
    "SELECT s.kind, s.node, s.idx, s.value, s.at_ms, s.took_ms, s.attempt_id, s.started_unix_ms "
    "FROM steps s" FLAT_WHERE("s") "AND s.live = 1 " FLAT_ORDER("s") "s.seq",
};

/* RecordsEachOptions.lean. The attempt: the columns not asked for read as constants, in the
 * same places (records_attempt_from_row reads them as ever); no count of critical answers. */
#define LEAN_ATTEMPT_COLUMNS                                                                     \
    "a.id, a.trainee_id, t.name, t.team, '', a.scenario_id, '', a.scenario_title, "              \
    "a.scenario_sha256, a.level, a.mode, '', '', a.start_node, a.seed, a.time_multiplier, "      \
    "a.timers, a.started_unix_ms, NULL, a.status, '', '', 0, 0, a.score_percent, "               \
    "a.pass_percent, a.passed, '', a.shuffle, 0"
/* The competencies the page reads, where the join can say so: those of assessments only (the
 * page's heat map shows assessed percents; streams_take drops the others on the flat path). */
#define LEAN_SQL(ORDER)                                                                          \
    {                                                                                            \
        NULL,                                                                                    \
        "SELECT c.competency_id, c.raw, c.max, c.percent, c.attempt_id, a.started_unix_ms FROM " \
        "competencies c JOIN attempts a ON a.id = c.attempt_id" EACH_FILTER                      \
        "AND a.mode = 'assessment' " ORDER "c.competency_id",                                    \
        NULL,                                                                                    \
        NULL,                                                                                    \
    }
static const char *const lean_sql[2][RECORDS_DETAIL_TABLES] = {LEAN_SQL(EACH_ORDER),
                                                               LEAN_SQL(EACH_ORDER_SQLITE)};

typedef struct {
    RecStmt *st[RECORDS_DETAIL_TABLES];
    int rc[RECORDS_DETAIL_TABLES];
    bool assessed_only; /* competencies of assessments only (lean), dropped here if need be */
} Streams;

static void bind_filter(RecStmt *st, const RecordsEachOptions *o)
{
    if (o->trainee_id)
        rs_bind_text(st, 1, o->trainee_id);
    else
        rs_bind_null(st, 1);
    rs_bind_int64(st, 2, o->since_unix_ms);
    if (o->team)
        rs_bind_text(st, 3, o->team);
    else
        rs_bind_null(st, 3);
}

static void streams_close(Streams *s)
{
    for (int t = 0; t < RECORDS_DETAIL_TABLES; t++)
        records_done(s->st[t]);
}

/* The detail tables that hold any row at all (bits of the RECORDS_DETAIL_* order): an empty
 * one is not streamed (on PostgreSQL it would still be looked into once per attempt). */
static unsigned tables_in_use(Records *db)
{
    RecStmt *st = records_prep(db, "SELECT EXISTS (SELECT 1 FROM decisions), EXISTS (SELECT 1 "
                                   "FROM competencies), EXISTS (SELECT 1 FROM mentor_events), "
                                   "EXISTS (SELECT 1 FROM steps)", NULL, 0);
    unsigned used = ~0u; /* unknown: every one */
    if (st && rs_step(st) == REC_ROW) {
        used = 0;
        for (int t = 0; t < RECORDS_DETAIL_TABLES; t++)
            used |= rs_int(st, t) ? 1u << t : 0;
    }
    records_done(st);
    return used;
}

/* The statement that streams detail table t for o. */
static const char *stream_for(Records *db, const RecordsEachOptions *o, int t)
{
    bool sqlite = db->be == &records_sqlite_backend;
    if (!sqlite && !o->trainee_id && !o->team)
        return flat_sql[t];
    return o->lean && lean_sql[sqlite][t] ? lean_sql[sqlite][t] : stream_sql[sqlite][t];
}

static int streams_open(Records *db, const RecordsEachOptions *o, Streams *s, char *err,
                        size_t errsize)
{
    memset(s, 0, sizeof *s);
    s->assessed_only = o->lean;
    unsigned used = o->details ? tables_in_use(db) : 0;
    for (int t = 0; t < RECORDS_DETAIL_TABLES; t++) {
        if (!(o->details & used & (1u << t)))
            continue;
        if (!(s->st[t] = records_prep_stream(db, stream_for(db, o, t), err, errsize))) {
            streams_close(s);
            return -1;
        }
        bind_filter(s->st[t], o);
        s->rc[t] = rs_step(s->st[t]);
    }
    return 0;
}

/* Where the row st is at sorts against attempt a in the attempts' order (start, then id):
 * below 0 a row of no attempt read (one left behind: never expected, skipped rather than
 * holding the stream), 0 one of a, above 0 one of a later attempt. */
static int row_vs_attempt(RecStmt *st, int idcol, const RecordsAttempt *a)
{
    const char *id = rs_text(st, idcol);
    int64_t started = rs_int64(st, idcol + 1);
    if (!id)
        return -1;
    if (started != a->started_unix_ms)
        return started < a->started_unix_ms ? -1 : 1;
    return strcmp(id, a->attempt_id);
}

/* Takes the rows of attempt a from each stream into a. 0 or -1. */
static int streams_take(Records *db, Streams *s, RecordsAttempt *a, char *err, size_t errsize)
{
    for (int t = 0; t < RECORDS_DETAIL_TABLES; t++) {
        if (!s->st[t])
            continue;
        int cap = 0, live = 0, where;
        bool drop = t == RECORDS_DETAIL_COMPETENCIES && s->assessed_only &&
                    (!a->mode || strcmp(a->mode, "assessment"));
        while (s->rc[t] == REC_ROW && (where = row_vs_attempt(s->st[t], stream_idcol[t], a)) <= 0) {
            if (where == 0 && !drop) {
                if (records_detail_append(t, s->st[t], a, &cap, &live) < 0)
                    return records_errf(err, errsize, "out of memory");
                if (t == RECORDS_DETAIL_DECISIONS) {
                    const RecordsDecision *d = &a->decisions[a->ndecisions - 1];
                    a->critical_errors += !d->rewound && d->critical;
                }
            }
            s->rc[t] = rs_step(s->st[t]);
        }
        if (s->rc[t] == REC_ERROR)
            return records_fail(db, err, errsize, "cannot read the attempts' details");
    }
    return 0;
}

static long count_selected(Records *db, const RecordsEachOptions *o)
{
    RecStmt *cs = records_prep(db, "SELECT COUNT(*)" RECORDS_ATTEMPT_FROM EACH_FILTER, NULL, 0);
    if (!cs)
        return 0;
    bind_filter(cs, o);
    long total = rs_step(cs) == REC_ROW ? (long)rs_int64(cs, 0) : 0;
    records_done(cs);
    return total;
}

/* PostgreSQL would hash-join a whole detail table and sort it (on disk, past work_mem) before
 * the first row: while the streams' cursors are planned, only nested loops over the indexes
 * (the attempts by start, each detail by its primary key), which give the rows in order as
 * they are read; no sequential scan either (a small detail table was scanned whole, and its
 * rows sorted, once per attempt). Nor is their code compiled (JIT): the attempts' plan costs
 * enough for it (its count of critical errors, though rarely run, is costed per attempt), and
 * compiling took the server longer than running the query. The cursors keep their plans; the settings go back
 * for what follows. */
static void plan_streams(Records *db, bool streaming)
{
    if (db->be != &records_pg_backend)
        return;
    records_exec(db, streaming ? RECORDS_PG_STREAM_PLAN
                               : "RESET enable_hashjoin; RESET enable_mergejoin; RESET "
                                 "enable_seqscan; RESET jit",
                 NULL, 0);
}

static long each_row(Records *db, const RecordsEachOptions *o,
                     int (*fn)(void *ctx, const RecordsAttempt *a), void *ctx, char *err,
                     size_t errsize)
{
    long total = o->progress ? count_selected(db, o) : 0, seen = 0;
    Streams s;
    plan_streams(db, true);
    if (streams_open(db, o, &s, err, errsize) < 0) {
        plan_streams(db, false);
        return -1;
    }
    /* With the decisions streamed anyway, their critical ones are counted here rather than by a
     * subquery per attempt (the column then reads 0 and streams_take sets it). */
    bool decisions = o->details & RECORDS_EACH_DECISIONS;
    static const char with_count[] = "SELECT " RECORDS_ATTEMPT_COLUMNS RECORDS_ATTEMPT_FROM
        EACH_FILTER "ORDER BY a.started_unix_ms, a.id";
    static const char without[] = "SELECT " RECORDS_ATTEMPT_COLUMNS_HEAD "0" RECORDS_ATTEMPT_FROM
        EACH_FILTER "ORDER BY a.started_unix_ms, a.id";
    static const char lean[] = "SELECT " LEAN_ATTEMPT_COLUMNS RECORDS_ATTEMPT_FROM EACH_FILTER
        "ORDER BY a.started_unix_ms, a.id";
    RecStmt *st = records_prep_stream(db, o->lean ? lean : decisions ? without : with_count, err,
                                      errsize);
    if (!st) {
        plan_streams(db, false);
        streams_close(&s);
        return -1;
    }
    bind_filter(st, o);
    int rc = rs_step(st), r = 0;
    plan_streams(db, false);
    /* The attempt's strings go to one block reused for the next attempt, not a malloc each. */
    RecordsArena arena = {0};
    for (; r >= 0 && rc == REC_ROW; rc = rs_step(st)) {
        if (o->progress && seen > 0 && seen % RECORDS_PROGRESS_EVERY == 0)
            o->progress(o->progress_ctx, seen, total);
        seen++;
        RecordsAttempt a;
        db->arena = &arena;
        if (records_attempt_from_row(st, &a) < 0)
            r = records_errf(err, errsize, "out of memory");
        else
            r = streams_take(db, &s, &a, err, errsize);
        db->arena = NULL;
        if (r == 0 && fn(ctx, &a) < 0)
            r = records_errf(err, errsize, "out of memory");
        /* the arrays; their strings are the arena's */
        free(a.decisions);
        free(a.competencies);
        free(a.mentor);
        free(a.steps);
        records_arena_reset(&arena);
    }
    records_arena_free(&arena);
    records_done(st);
    streams_close(&s);
    if (r < 0)
        return -1;
    if (rc != REC_DONE)
        return records_fail(db, err, errsize, "cannot read the attempts");
    if (o->progress)
        o->progress(o->progress_ctx, seen, total);
    return seen;
}

long records_each_attempt(Records *db, const RecordsEachOptions *o,
                          int (*fn)(void *ctx, const RecordsAttempt *a), void *ctx, char *err,
                          size_t errsize)
{
    /* One snapshot, unless the caller already holds one (an export reads more in it). */
    bool own = !db->be->in_transaction(db);
    if (own && records_begin_read(db, err, errsize) < 0)
        return -1;
    long n = each_row(db, o, fn, ctx, err, errsize);
    if (own)
        records_rollback(db); /* ends the read transaction */
    return n;
}
