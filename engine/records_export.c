/* records: exports (CSV, JSON Lines, xAPI statements). */
#include "records_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "records_json.h"


/* Extension keys must be IRIs; they name Sparring's own fields. */
#define EXT "https://sparring.invalid/xapi/extensions/"
#define VERB "http://adlnet.gov/expapi/verbs/"
#define ACTIVITY_TYPE "http://adlnet.gov/expapi/activities/"

/* Appends s to buf percent-encoded as an IRI path segment (unreserved characters kept). */
static void append_segment(char *buf, size_t size, const char *s)
{
    size_t n = strlen(buf);
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 4 < size; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            buf[n++] = (char)*p;
        } else {
            buf[n++] = '%';
            buf[n++] = hex[*p >> 4];
            buf[n++] = hex[*p & 15];
        }
    }
    buf[n] = 0;
}

static void activity_iri(const RecordsXapiConfig *cfg, const char *scenario, const char *node,
                         char *buf, size_t size)
{
    const char *base = cfg && cfg->activity_base && *cfg->activity_base
                           ? cfg->activity_base
                           : RECORDS_DEFAULT_ACTIVITY_BASE;
    snprintf(buf, size, "%s%s", base, base[strlen(base) - 1] == '/' ? "" : "/");
    append_segment(buf, size, scenario);
    if (node) {
        size_t n = strlen(buf);
        if (n + 2 < size) {
            buf[n] = '/';
            buf[n + 1] = 0;
        }
        append_segment(buf, size, node);
    }
}

/* A language tag for language maps: the attempt's locale ("zh", "en", "zh_CN" -> "zh-CN"),
 * "en" when it does not look like a tag. */
static void language_tag(const char *locale, char *buf, size_t size)
{
    size_t n = 0;
    bool ok = locale && *locale;
    for (const char *p = locale; ok && *p && *p != '.' && *p != '@' && n + 1 < size; p++) {
        char c = *p == '_' ? '-' : *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-'))
            ok = false;
        buf[n++] = c;
    }
    buf[n] = 0;
    if (!ok || n < 2 || n > 35 || buf[0] == '-' || buf[n - 1] == '-' || strstr(buf, "--"))
        snprintf(buf, size, "en");
}

static void agent(TextBuf *b, const RecordsXapiConfig *cfg, const char *id, const char *name)
{
    RJ_LIT(b, "{\"objectType\":\"Agent\",");
    if (name && *name) {
        RJ_KEY(b, "name");
        rj_str(b, name);
        rj_add(b, ",", 1);
    }
    RJ_LIT(b, "\"account\":{\"homePage\":");
    rj_str(b, cfg && cfg->home_page && *cfg->home_page ? cfg->home_page
                                                       : RECORDS_DEFAULT_HOME_PAGE);
    RJ_LIT(b, ",\"name\":");
    rj_str(b, id);
    RJ_LIT(b, "}}");
}

static void verb(TextBuf *b, const char *name)
{
    RJ_LIT(b, "{\"id\":");
    char iri[96];
    snprintf(iri, sizeof iri, VERB "%s", name);
    rj_str(b, iri);
    RJ_LIT(b, ",\"display\":{\"en-US\":");
    rj_str(b, name);
    RJ_LIT(b, "}}");
}

/* Sums and differences of stored times, which a hand-edited database may set to anything:
 * saturated instead of overflowing. */
static int64_t ms_between(int64_t from, int64_t to)
{
    int64_t d;
    if (__builtin_sub_overflow(to, from, &d))
        return to > from ? INT64_MAX : INT64_MIN;
    return d;
}

static int64_t ms_after(int64_t base, int64_t offset)
{
    int64_t t;
    if (__builtin_add_overflow(base, offset, &t))
        return offset > 0 ? INT64_MAX : INT64_MIN;
    return t;
}

/* "duration":"PT42.5S" */
static void duration(TextBuf *b, int64_t ms)
{
    char s[40];
    records_seconds(ms, s, sizeof s);
    RJ_LIT(b, "\"duration\":\"PT");
    rj_cstr(b, s);
    RJ_LIT(b, "S\"");
}

/* "timestamp":"2026-11-27T09:30:00.000Z" */
static void timestamp(TextBuf *b, int64_t unix_ms)
{
    char t[40];
    records_iso8601(unix_ms, t, sizeof t);
    RJ_LIT(b, "\"timestamp\":");
    rj_str(b, t);
}

/* {id: {raw, max, percent}} per competency (percent null where the maximum is 0 or less). */
static void competencies(TextBuf *b, const RecordsAttempt *a)
{
    rj_add(b, "{", 1);
    for (int i = 0; i < a->ncompetencies; i++) {
        const RecordsCompetency *c = &a->competencies[i];
        if (i)
            rj_add(b, ",", 1);
        rj_key(b, c->id);
        RJ_LIT(b, "{\"raw\":");
        rj_int(b, c->raw);
        RJ_LIT(b, ",\"max\":");
        rj_int(b, c->max);
        RJ_LIT(b, ",\"percent\":");
        if (c->percent >= 0)
            rj_int(b, c->percent);
        else
            RJ_LIT(b, "null");
        rj_add(b, "}", 1);
    }
    rj_add(b, "}", 1);
}

/* The statement's result: of a decision (d; recording: the seconds of the spoken answer kept
 * for it, named, never carried; <= 0: none), or of the attempt. */
static void statement_result(TextBuf *b, const RecordsAttempt *a, const RecordsDecision *d, double recording)
{
    if (d) {
        RJ_LIT(b, "{\"response\":");
        rj_str(b, d->choice);
        rj_add(b, ",", 1);
        duration(b, d->took_ms);
        RJ_LIT(b, ",\"extensions\":{\"" EXT "points\":");
        rj_stored(b, d->points_json);
        RJ_LIT(b, ",\"" EXT "meters\":");
        rj_stored(b, d->meters_json);
        RJ_LIT(b, ",\"" EXT "shown\":");
        rj_stored(b, d->shown_json);
        RJ_LIT(b, ",\"" EXT "critical\":");
        rj_bool(b, d->critical);
        RJ_LIT(b, ",\"" EXT "techniques\":");
        rj_stored(b, d->techniques_json);
        if (recording > 0) { /* as JSON Lines names it */
            RJ_LIT(b, ",\"" EXT "recording\":{\"seconds\":");
            rj_num(b, recording);
            rj_add(b, "}", 1);
        }
        RJ_LIT(b, "}}");
        return;
    }
    rj_add(b, "{", 1);
    if (a->percent >= 0) {
        RJ_LIT(b, "\"score\":{\"scaled\":");
        rj_num(b, a->percent / 100.0);
        RJ_LIT(b, ",\"raw\":");
        rj_int(b, a->percent);
        RJ_LIT(b, ",\"min\":0,\"max\":100},");
    }
    RJ_LIT(b, "\"success\":");
    rj_bool(b, a->passed);
    RJ_LIT(b, ",\"completion\":true,");
    duration(b, ms_between(a->started_unix_ms, a->ended_unix_ms));
    RJ_LIT(b, ",\"extensions\":{\"" EXT "ending\":");
    rj_str(b, a->ending);
    RJ_LIT(b, ",\"" EXT "outcome\":");
    rj_str(b, a->outcome);
    RJ_LIT(b, ",\"" EXT "score-raw\":");
    rj_int(b, a->raw);
    RJ_LIT(b, ",\"" EXT "score-max\":");
    rj_int(b, a->max);
    RJ_LIT(b, ",\"" EXT "pass-percent\":");
    rj_int(b, a->pass_percent);
    RJ_LIT(b, ",\"" EXT "critical-errors\":");
    rj_int(b, a->critical_errors);
    RJ_LIT(b, ",\"" EXT "competencies\":");
    competencies(b, a);
    RJ_LIT(b, "}}");
}

static void statement_context(TextBuf *b, const RecordsAttempt *a, bool answered,
                              const char *lang, const RecordsXapiConfig *cfg)
{
    RJ_LIT(b, "{\"registration\":");
    rj_str(b, a->attempt_id);
    if (a->mentor_id && *a->mentor_id) {
        RJ_LIT(b, ",\"instructor\":");
        agent(b, cfg, a->mentor_id, NULL);
    }
    RJ_LIT(b, ",\"platform\":\"Sparring\",\"language\":");
    rj_str(b, lang);
    if (answered) {
        char iri[1024];
        activity_iri(cfg, a->scenario_id, NULL, iri, sizeof iri);
        RJ_LIT(b, ",\"contextActivities\":{\"parent\":[{\"objectType\":\"Activity\",\"id\":");
        rj_str(b, iri);
        RJ_LIT(b, "}]}");
    }
    RJ_LIT(b, ",\"extensions\":{\"" EXT "mode\":");
    rj_str(b, a->mode);
    RJ_LIT(b, ",\"" EXT "scenario-version\":");
    rj_str(b, a->scenario_version);
    RJ_LIT(b, ",\"" EXT "scenario-sha256\":");
    rj_str(b, a->scenario_sha256);
    RJ_LIT(b, ",\"" EXT "scenario-group\":");
    rj_str(b, a->scenario_group);
    RJ_LIT(b, ",\"" EXT "seed\":");
    rj_u64(b, a->seed);
    RJ_LIT(b, ",\"" EXT "time-multiplier\":");
    rj_num(b, a->time_multiplier);
    RJ_LIT(b, ",\"" EXT "station\":");
    rj_str(b, a->station);
    RJ_LIT(b, "}}");
}

int records_xapi_statement(TextBuf *b, const RecordsAttempt *a, const char *kind, int idx,
                           const RecordsXapiConfig *cfg, double recording)
{
    char id[37], iri[1024], lang[40];
    const RecordsDecision *d = NULL;
    bool answered = !strcmp(kind, "answered");
    if (answered) {
        for (int i = 0; i < a->ndecisions; i++)
            if (!a->decisions[i].rewound && a->decisions[i].index == idx)
                d = &a->decisions[i];
        if (!d)
            return -1;
    }
    records_statement_id(a->attempt_id, kind, idx, id);
    language_tag(a->locale, lang, sizeof lang);
    RJ_LIT(b, "{\"id\":");
    rj_str(b, id);
    RJ_LIT(b, ",\"actor\":");
    agent(b, cfg, a->trainee_id, a->trainee_name);
    RJ_LIT(b, ",\"verb\":");
    verb(b, kind);
    activity_iri(cfg, a->scenario_id, answered ? d->node : NULL, iri, sizeof iri);
    RJ_LIT(b, ",\"object\":{\"objectType\":\"Activity\",\"id\":");
    rj_str(b, iri);
    RJ_LIT(b, ",\"definition\":{\"name\":{");
    rj_key(b, lang);
    if (answered) {
        rj_str(b, d->node);
        rj_cstr(b, "},\"type\":\"" ACTIVITY_TYPE "cmi.interaction\","
                       "\"interactionType\":\"choice\"}}");
    } else {
        rj_str(b, a->scenario_title[0] ? a->scenario_title : a->scenario_id);
        rj_cstr(b, !strcmp(a->mode, "assessment")
                           ? "},\"type\":\"" ACTIVITY_TYPE "assessment\"}}"
                           : "},\"type\":\"" ACTIVITY_TYPE "simulation\"}}");
    }
    RJ_LIT(b, ",\"result\":");
    statement_result(b, a, d, recording);
    RJ_LIT(b, ",\"context\":");
    statement_context(b, a, answered, lang, cfg);
    rj_add(b, ",", 1);
    timestamp(b, answered ? ms_after(a->started_unix_ms, d->at_ms) : a->ended_unix_ms);
    rj_add(b, "}", 1);
    return b->failed ? -1 : 0;
}

/* The seconds of the spoken answer kept for decision d of a (-1: none, a rewound decision's
 * never, none at all without audio): JSON Lines and xAPI name it beside the decision. */
static double recording_of(const RecordsAudioIndex *audio, const RecordsAttempt *a,
                           const RecordsDecision *d)
{
    return d->rewound || !audio ? -1 : records_audio_index_seconds(audio, a->attempt_id,
                                                                   d->index + 1);
}

/* Writes every statement of a closed attempt, in order, each after ",\n" (the first of the
 * export after "\n"); audio: the recordings' lengths (NULL: none named). -1 when out of memory. */
static int write_statements(TextBuf *b, const RecordsAttempt *a, const RecordsXapiConfig *cfg,
                            const RecordsAudioIndex *audio, long *written)
{
    if (!strcmp(a->status, "in_progress"))
        return 0;
    for (int i = 0; i < a->ndecisions; i++) {
        const RecordsDecision *d = &a->decisions[i];
        if (d->rewound)
            continue;
        rj_cstr(b, (*written)++ ? ",\n" : "\n");
        if (records_xapi_statement(b, a, "answered", d->index, cfg, recording_of(audio, a, d)) < 0)
            return -1;
    }
    if (strcmp(a->status, "completed"))
        return 0;
    const char *kinds[2] = {"completed", NULL};
    if (!strcmp(a->mode, "assessment"))
        kinds[1] = a->passed ? "passed" : "failed";
    for (int k = 0; k < 2 && kinds[k]; k++) {
        rj_cstr(b, (*written)++ ? ",\n" : "\n");
        if (records_xapi_statement(b, a, kinds[k], 0, cfg, 0) < 0)
            return -1;
    }
    return 0;
}

/* ---- CSV --------------------------------------------------------------------------------- */

static void csv_text(TextBuf *b, const char *s)
{
    if (!s)
        s = "";
    /* A spreadsheet runs a cell that starts like a formula: make it text. */
    bool guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                 s[0] == '\r';
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        rj_add(b, "\"", 1);
    if (guard)
        rj_add(b, "'", 1);
    if (!quote) {
        rj_cstr(b, s);
        return;
    }
    for (const char *p = s, *q; *p; p = q + 1) {
        if (!(q = strchr(p, '"'))) {
            rj_cstr(b, p);
            break;
        }
        rj_add(b, p, (size_t)(q - p) + 1);
        rj_add(b, "\"", 1);
    }
    rj_add(b, "\"", 1);
}

static const char *const csv_columns[] = {
    "attempt_id", "trainee_id", "trainee_name", "team", "scenario_id", "scenario_version",
    "scenario_title", "level", "mode", "locale", "started_at", "completed_at",
    "duration_seconds", "status", "ending", "outcome", "score_raw", "score_max",
    "score_percent", "pass_percent", "passed", "scenario_group", "critical_errors"};

typedef struct {
    char **ids;
    int n, cap;
} IdList;

static void idlist_free(IdList *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->ids[i]);
    free(l->ids);
    memset(l, 0, sizeof *l);
}

/* As records_each.c selects the attempts: trainee (?1), start (?2), team (?3). */
#define FILTER                                                                                   \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR a.trainee_id = ?1) AND a.started_unix_ms >= ?2 AND "    \
    "(CAST(?3 AS TEXT) IS NULL OR a.trainee_id IN (SELECT tt.id FROM trainees tt WHERE "         \
    "tt.team = ?3)) "

static void bind_filter(RecStmt *st, const RecordsExportOptions *opt)
{
    const char *texts[2] = {opt->trainee_id, opt->team};
    for (int i = 0; i < 2; i++)
        if (texts[i])
            rs_bind_text(st, i ? 3 : 1, texts[i]);
        else
            rs_bind_null(st, i ? 3 : 1);
    rs_bind_int64(st, 2, opt->since_unix_ms);
}

static int cmp_ids(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int competency_ids(Records *db, const RecordsExportOptions *opt, IdList *l, char *err,
                          size_t errsize)
{
    /* Every attempt: the competencies alone (every one belongs to an attempt), not joined, one
     * id after the other from their index (schema version 6): a few lookups, not a scan. With a
     * filter, DISTINCT alone: SQLite would sort every competency row for an ORDER BY before
     * dropping the repeats (its sorter's memory grows with the attempts, to 16 MB at 100,000).
     * Either way sorted here, in byte order as csv_row compares them (not the collation's). */
    bool all = !opt->trainee_id && !opt->team && opt->since_unix_ms == INT64_MIN;
    RecStmt *st = records_prep(db, all ? "WITH RECURSIVE ids(id) AS (SELECT min(competency_id) "
                                         "FROM competencies UNION ALL SELECT (SELECT "
                                         "min(c.competency_id) FROM competencies c WHERE "
                                         "c.competency_id > ids.id) FROM ids WHERE ids.id IS NOT "
                                         "NULL) SELECT id FROM ids WHERE id IS NOT NULL"
                                       : "SELECT DISTINCT c.competency_id FROM competencies c "
                                         "JOIN attempts a ON a.id = c.attempt_id" FILTER,
                               err, errsize);
    if (!st)
        return -1;
    if (!all)
        bind_filter(st, opt);
    int rc;
    while ((rc = rs_step(st)) == REC_ROW) {
        if (l->n == l->cap) {
            l->cap = l->cap ? l->cap * 2 : 16;
            char **n = realloc(l->ids, (size_t)l->cap * sizeof *n);
            if (!n)
                goto oom;
            l->ids = n;
        }
        if (!(l->ids[l->n] = records_col_dup(st, 0)))
            goto oom;
        l->n++;
    }
    records_done(st);
    if (rc != REC_DONE)
        return records_fail(db, err, errsize, "cannot read the competencies");
    if (l->n > 1)
        qsort(l->ids, (size_t)l->n, sizeof *l->ids, cmp_ids);
    return 0;
oom:
    records_done(st);
    return records_errf(err, errsize, "out of memory");
}

static void csv_row(TextBuf *b, const RecordsAttempt *a, const IdList *comps)
{
    char t[48];
    bool closed = strcmp(a->status, "in_progress") != 0;
    bool done = !strcmp(a->status, "completed");
    csv_text(b, a->attempt_id);
    const char *texts[] = {a->trainee_id, a->trainee_name, a->team, a->scenario_id,
                           a->scenario_version, a->scenario_title, a->level, a->mode, a->locale};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        rj_add(b, ",", 1);
        csv_text(b, texts[i]);
    }
    records_iso8601(a->started_unix_ms, t, sizeof t);
    rj_add(b, ",", 1);
    rj_cstr(b, t);
    rj_add(b, ",", 1);
    if (closed && a->ended_unix_ms >= 0) {
        records_iso8601(a->ended_unix_ms, t, sizeof t);
        rj_cstr(b, t);
        records_seconds(ms_between(a->started_unix_ms, a->ended_unix_ms), t, sizeof t);
        rj_add(b, ",", 1);
        rj_cstr(b, t);
    } else {
        rj_add(b, ",", 1);
    }
    rj_add(b, ",", 1);
    csv_text(b, a->status);
    rj_add(b, ",", 1);
    csv_text(b, a->ending);
    rj_add(b, ",", 1);
    csv_text(b, a->outcome);
    rj_add(b, ",", 1);
    if (done) {
        rj_int(b, a->raw);
        rj_add(b, ",", 1);
        rj_int(b, a->max);
        rj_add(b, ",", 1);
        if (a->percent >= 0)
            rj_int(b, a->percent);
        rj_add(b, ",", 1);
        rj_int(b, a->pass_percent);
        rj_cstr(b, a->passed ? ",true" : ",false");
    } else {
        RJ_LIT(b, ",,,");
        rj_int(b, a->pass_percent);
        rj_add(b, ",", 1);
    }
    rj_add(b, ",", 1);
    csv_text(b, a->scenario_group && *a->scenario_group ? a->scenario_group : a->scenario_id);
    rj_add(b, ",", 1);
    rj_int(b, a->critical_errors);
    /* Competency percents: both lists are sorted by id. */
    int k = 0;
    for (int i = 0; i < comps->n; i++) {
        rj_add(b, ",", 1);
        while (k < a->ncompetencies && strcmp(a->competencies[k].id, comps->ids[i]) < 0)
            k++;
        if (k < a->ncompetencies && !strcmp(a->competencies[k].id, comps->ids[i]) &&
            a->competencies[k].percent >= 0)
            rj_int(b, a->competencies[k].percent);
    }
    rj_add(b, "\r\n", 2);
}

/* ---- JSON Lines -------------------------------------------------------------------------- */

/* ,"key": (key a string literal), then a string or an integer. */
#define NEXT_KEY(b, key) RJ_LIT((b), ",\"" key "\":")
#define NEXT_STR(b, key, s) (NEXT_KEY(b, key), rj_str((b), (s)))
#define NEXT_INT(b, key, v) (NEXT_KEY(b, key), rj_int((b), (v)))

/* One decision of an attempt's line: {"index":...,"rewound":...}; recording: the seconds of
 * the spoken answer kept for it (negative: none), named, never embedded. */
static void jsonl_decision(TextBuf *b, const RecordsDecision *d, double recording)
{
    RJ_LIT(b, "{\"index\":");
    if (d->rewound)
        RJ_LIT(b, "null");
    else
        rj_int(b, d->index);
    NEXT_STR(b, "node", d->node);
    NEXT_STR(b, "choice", d->choice);
    NEXT_KEY(b, "points");
    rj_stored(b, d->points_json);
    NEXT_KEY(b, "meters");
    rj_stored(b, d->meters_json);
    NEXT_INT(b, "at_ms", d->at_ms);
    NEXT_INT(b, "took_ms", d->took_ms);
    NEXT_KEY(b, "shown");
    rj_stored(b, d->shown_json);
    NEXT_KEY(b, "critical");
    rj_bool(b, d->critical);
    NEXT_KEY(b, "techniques");
    rj_stored(b, d->techniques_json);
    NEXT_KEY(b, "rewound");
    rj_bool(b, d->rewound);
    if (recording >= 0) {
        RJ_LIT(b, ",\"recording\":{\"seconds\":");
        rj_num(b, recording);
        rj_add(b, "}", 1);
    }
    rj_add(b, "}", 1);
}

static void jsonl_mentor_event(TextBuf *b, const RecordsMentorEvent *m)
{
    RJ_LIT(b, "{\"kind\":");
    rj_str(b, m->kind);
    NEXT_STR(b, "detail", m->detail);
    NEXT_INT(b, "offset_ms", m->offset_ms);
    NEXT_INT(b, "decision_index", m->decision_index);
    rj_add(b, "}", 1);
}

/* The attempt's times, status and result, from started_at to critical_errors. */
static void jsonl_outcome(TextBuf *b, const RecordsAttempt *a)
{
    char t[48];
    records_iso8601(a->started_unix_ms, t, sizeof t);
    NEXT_STR(b, "started_at", t);
    if (strcmp(a->status, "in_progress") != 0 && a->ended_unix_ms >= 0) {
        records_iso8601(a->ended_unix_ms, t, sizeof t);
        NEXT_STR(b, "completed_at", t);
        records_seconds(ms_between(a->started_unix_ms, a->ended_unix_ms), t, sizeof t);
        NEXT_KEY(b, "duration_seconds");
        rj_cstr(b, t);
    } else {
        RJ_LIT(b, ",\"completed_at\":null,\"duration_seconds\":null");
    }
    NEXT_STR(b, "status", a->status);
    bool done = !strcmp(a->status, "completed");
    if (done) {
        NEXT_STR(b, "ending", a->ending);
        NEXT_STR(b, "outcome", a->outcome);
        NEXT_INT(b, "score_raw", a->raw);
        NEXT_INT(b, "score_max", a->max);
        NEXT_KEY(b, "score_percent");
        if (a->percent >= 0)
            rj_int(b, a->percent);
        else
            RJ_LIT(b, "null");
    } else {
        rj_cstr(b, ",\"ending\":null,\"outcome\":null,\"score_raw\":null,\"score_max\":null,"
                       "\"score_percent\":null");
    }
    NEXT_INT(b, "pass_percent", a->pass_percent);
    NEXT_KEY(b, "passed");
    if (done)
        rj_bool(b, a->passed);
    else
        RJ_LIT(b, "null");
    NEXT_INT(b, "critical_errors", a->critical_errors);
}

/* One attempt's line, "\n" included; audio: the recordings' lengths (NULL: none named). */
static void jsonl_attempt(TextBuf *b, const RecordsAttempt *a, const RecordsAudioIndex *audio)
{
    RJ_LIT(b, "{\"attempt_id\":");
    rj_str(b, a->attempt_id);
    NEXT_STR(b, "trainee_id", a->trainee_id);
    NEXT_STR(b, "trainee_name", a->trainee_name);
    NEXT_STR(b, "team", a->team);
    NEXT_STR(b, "mentor_id", a->mentor_id);
    NEXT_STR(b, "scenario_id", a->scenario_id);
    NEXT_STR(b, "scenario_version", a->scenario_version);
    NEXT_STR(b, "scenario_title", a->scenario_title);
    NEXT_STR(b, "scenario_sha256", a->scenario_sha256);
    NEXT_STR(b, "scenario_group", a->scenario_group);
    NEXT_STR(b, "level", a->level);
    NEXT_STR(b, "mode", a->mode);
    NEXT_STR(b, "locale", a->locale);
    NEXT_STR(b, "station", a->station);
    NEXT_KEY(b, "seed");
    rj_u64(b, a->seed);
    NEXT_KEY(b, "time_multiplier");
    rj_num(b, a->time_multiplier);
    NEXT_KEY(b, "timers");
    rj_bool(b, a->timers);
    NEXT_KEY(b, "shuffle");
    rj_bool(b, a->shuffle);
    NEXT_STR(b, "start_node", a->start_node);
    jsonl_outcome(b, a);
    NEXT_KEY(b, "competencies");
    competencies(b, a);
    RJ_LIT(b, ",\"decisions\":[");
    for (int i = 0; i < a->ndecisions; i++) {
        if (i)
            rj_add(b, ",", 1);
        jsonl_decision(b, &a->decisions[i], recording_of(audio, a, &a->decisions[i]));
    }
    RJ_LIT(b, "],\"mentor_events\":[");
    for (int i = 0; i < a->nmentor; i++) {
        if (i)
            rj_add(b, ",", 1);
        jsonl_mentor_event(b, &a->mentor[i]);
    }
    RJ_LIT(b, "]}\n");
}

/* ---- writing the attempts --------------------------------------------------------------- */

static void write_header(const RecordsExportOptions *opt, const IdList *comps, TextBuf *b)
{
    if (opt->format == RECORDS_CSV) {
        if (!opt->no_bom)
            RJ_LIT(b, "\xEF\xBB\xBF");
        for (size_t i = 0; i < sizeof csv_columns / sizeof csv_columns[0]; i++) {
            if (i)
                rj_add(b, ",", 1);
            rj_cstr(b, csv_columns[i]);
        }
        for (int i = 0; i < comps->n; i++) {
            char name[512];
            snprintf(name, sizeof name, "competency.%s", comps->ids[i]);
            rj_add(b, ",", 1);
            csv_text(b, name);
        }
        rj_add(b, "\r\n", 2);
    } else if (opt->format == RECORDS_XAPI) {
        rj_add(b, "[", 1);
    }
}

typedef struct {
    const RecordsExportOptions *opt;
    const IdList *comps;
    TextBuf buf;   /* what is not written yet: emptied into out every EXPORT_FLUSH bytes */
    FILE *out;
    long count;    /* attempts written */
    long written;  /* xAPI statements written */
    const RecordsAudioIndex *audio; /* JSON Lines and xAPI: the recordings' lengths */
    bool cannot_write;
} ExportCtx;

#define EXPORT_FLUSH (256 * 1024)

static int flush(ExportCtx *c)
{
    if (c->buf.len && fwrite(c->buf.s, 1, c->buf.len, c->out) != c->buf.len) {
        c->cannot_write = true;
        return -1;
    }
    c->buf.len = 0;
    return 0;
}

/* Writes one attempt (details loaded). 0, or -1 (out of memory, or out cannot be written). */
static int export_one(void *ctx, const RecordsAttempt *a)
{
    ExportCtx *c = ctx;
    if (c->opt->format == RECORDS_CSV) {
        csv_row(&c->buf, a, c->comps);
    } else if (c->opt->format == RECORDS_XAPI) {
        if (!strcmp(a->status, "in_progress"))
            return 0;
        if (write_statements(&c->buf, a, &c->opt->xapi, c->audio, &c->written) < 0)
            return -1;
    } else {
        jsonl_attempt(&c->buf, a, c->audio);
    }
    if (c->buf.failed)
        return -1;
    c->count++;
    return c->buf.len >= EXPORT_FLUSH ? flush(c) : 0;
}

long records_export(Records *db, const RecordsExportOptions *opt, FILE *out, char *err,
                    size_t errsize)
{
    IdList comps = {0};
    ExportCtx c = {.opt = opt, .comps = &comps, .out = out};
    /* One snapshot: writers go on, the export sees the database as it was when it began. */
    if (records_begin_read(db, err, errsize) < 0)
        return -1;
    if (opt->format == RECORDS_CSV && competency_ids(db, opt, &comps, err, errsize) < 0) {
        records_rollback(db);
        return -1;
    }
    RecordsAudioIndex *audio = NULL;
    if (opt->format != RECORDS_CSV && !(audio = records_audio_index(db, err, errsize))) {
        records_rollback(db);
        return -1;
    }
    c.audio = audio;
    write_header(opt, &comps, &c.buf);
    /* The attempts one by one, with their details streamed beside them. */
    RecordsEachOptions eo = {
        .trainee_id = opt->trainee_id,
        .since_unix_ms = opt->since_unix_ms,
        .team = opt->team,
        .details = opt->format == RECORDS_CSV ? RECORDS_EACH_COMPETENCIES : RECORDS_EACH_DETAILS,
        .progress = opt->progress,
        .progress_ctx = opt->progress_ctx,
    };
    long n = records_each_attempt(db, &eo, export_one, &c, err, errsize);
    idlist_free(&comps);
    records_audio_index_free(audio);
    records_rollback(db); /* end the read transaction */
    if (n >= 0 && opt->format == RECORDS_XAPI)
        rj_cstr(&c.buf, c.written ? "\n]\n" : "]\n");
    if (n >= 0 && !c.buf.failed && (flush(&c) < 0 || ferror(out)))
        c.cannot_write = true;
    if (c.cannot_write)
        n = records_errf(err, errsize, "cannot write the export");
    else if (n >= 0 && c.buf.failed)
        n = records_errf(err, errsize, "out of memory");
    free(c.buf.s);
    return n < 0 ? -1 : c.count;
}
