/* records: exports (CSV, JSON Lines, xAPI statements). */
#include "records_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>


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

static cJSON *agent(const RecordsXapiConfig *cfg, const char *id, const char *name)
{
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "objectType", "Agent");
    if (name && *name)
        cJSON_AddStringToObject(a, "name", name);
    cJSON *acc = cJSON_AddObjectToObject(a, "account");
    cJSON_AddStringToObject(acc, "homePage", cfg && cfg->home_page && *cfg->home_page
                                                 ? cfg->home_page
                                                 : RECORDS_DEFAULT_HOME_PAGE);
    cJSON_AddStringToObject(acc, "name", id);
    return a;
}

static cJSON *verb(const char *name)
{
    char iri[96];
    snprintf(iri, sizeof iri, VERB "%s", name);
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "id", iri);
    cJSON *d = cJSON_AddObjectToObject(v, "display");
    cJSON_AddStringToObject(d, "en-US", name);
    return v;
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

static void add_duration(cJSON *o, const char *key, int64_t ms)
{
    char s[40], d[48];
    records_seconds(ms, s, sizeof s);
    snprintf(d, sizeof d, "PT%sS", s);
    cJSON_AddStringToObject(o, key, d);
}

static void add_timestamp(cJSON *o, const char *key, int64_t unix_ms)
{
    char t[40];
    records_iso8601(unix_ms, t, sizeof t);
    cJSON_AddStringToObject(o, key, t);
}

/* A stored JSON text as a value; null when it does not parse (a damaged row). */
static cJSON *parsed(const char *text)
{
    cJSON *v = text ? cJSON_Parse(text) : NULL;
    return v ? v : cJSON_CreateNull();
}

static cJSON *raw_u64(uint64_t v)
{
    char s[32];
    snprintf(s, sizeof s, "%llu", (unsigned long long)v);
    return cJSON_CreateRaw(s);
}

/* {id: {raw, max, percent}} per competency (percent null where the maximum is 0 or less). */
static void add_competencies(cJSON *parent, const char *key, const RecordsAttempt *a)
{
    cJSON *comps = cJSON_AddObjectToObject(parent, key);
    for (int i = 0; i < a->ncompetencies; i++) {
        cJSON *c = cJSON_AddObjectToObject(comps, a->competencies[i].id);
        cJSON_AddNumberToObject(c, "raw", (double)a->competencies[i].raw);
        cJSON_AddNumberToObject(c, "max", (double)a->competencies[i].max);
        if (a->competencies[i].percent >= 0)
            cJSON_AddNumberToObject(c, "percent", a->competencies[i].percent);
        else
            cJSON_AddNullToObject(c, "percent");
    }
}

cJSON *records_xapi_statement(const RecordsAttempt *a, const char *kind, int idx,
                        const RecordsXapiConfig *cfg)
{
    char id[37], iri[1024], lang[40];
    const RecordsDecision *d = NULL;
    bool answered = !strcmp(kind, "answered");
    if (answered) {
        for (int i = 0; i < a->ndecisions; i++)
            if (!a->decisions[i].rewound && a->decisions[i].index == idx)
                d = &a->decisions[i];
        if (!d)
            return NULL;
    }
    records_statement_id(a->attempt_id, kind, idx, id);
    language_tag(a->locale, lang, sizeof lang);
    cJSON *s = cJSON_CreateObject();
    if (!s)
        return NULL;
    cJSON_AddStringToObject(s, "id", id);
    cJSON_AddItemToObject(s, "actor", agent(cfg, a->trainee_id, a->trainee_name));
    cJSON_AddItemToObject(s, "verb", verb(kind));

    cJSON *obj = cJSON_AddObjectToObject(s, "object");
    cJSON_AddStringToObject(obj, "objectType", "Activity");
    activity_iri(cfg, a->scenario_id, answered ? d->node : NULL, iri, sizeof iri);
    cJSON_AddStringToObject(obj, "id", iri);
    cJSON *def = cJSON_AddObjectToObject(obj, "definition");
    cJSON *name = cJSON_CreateObject();
    cJSON *result = cJSON_CreateObject();
    if (answered) {
        cJSON_AddStringToObject(name, lang, d->node);
        cJSON_AddItemToObject(def, "name", name);
        cJSON_AddStringToObject(def, "type", ACTIVITY_TYPE "cmi.interaction");
        cJSON_AddStringToObject(def, "interactionType", "choice");
        cJSON_AddStringToObject(result, "response", d->choice);
        add_duration(result, "duration", d->took_ms);
        cJSON *ext = cJSON_AddObjectToObject(result, "extensions");
        cJSON_AddItemToObject(ext, EXT "points", parsed(d->points_json));
        cJSON_AddItemToObject(ext, EXT "meters", parsed(d->meters_json));
        cJSON_AddItemToObject(ext, EXT "shown", parsed(d->shown_json));
        cJSON_AddBoolToObject(ext, EXT "critical", d->critical);
        cJSON_AddItemToObject(ext, EXT "techniques", parsed(d->techniques_json));
    } else {
        cJSON_AddStringToObject(name, lang, a->scenario_title[0] ? a->scenario_title : a->scenario_id);
        cJSON_AddItemToObject(def, "name", name);
        cJSON_AddStringToObject(def, "type", !strcmp(a->mode, "assessment")
                                                 ? ACTIVITY_TYPE "assessment"
                                                 : ACTIVITY_TYPE "simulation");
        if (a->percent >= 0) {
            cJSON *score = cJSON_AddObjectToObject(result, "score");
            cJSON_AddNumberToObject(score, "scaled", a->percent / 100.0);
            cJSON_AddNumberToObject(score, "raw", a->percent);
            cJSON_AddNumberToObject(score, "min", 0);
            cJSON_AddNumberToObject(score, "max", 100);
        }
        cJSON_AddBoolToObject(result, "success", a->passed);
        cJSON_AddBoolToObject(result, "completion", true);
        add_duration(result, "duration", ms_between(a->started_unix_ms, a->ended_unix_ms));
        cJSON *ext = cJSON_AddObjectToObject(result, "extensions");
        cJSON_AddStringToObject(ext, EXT "ending", a->ending);
        cJSON_AddStringToObject(ext, EXT "outcome", a->outcome);
        cJSON_AddNumberToObject(ext, EXT "score-raw", (double)a->raw);
        cJSON_AddNumberToObject(ext, EXT "score-max", (double)a->max);
        cJSON_AddNumberToObject(ext, EXT "pass-percent", a->pass_percent);
        cJSON_AddNumberToObject(ext, EXT "critical-errors", a->critical_errors);
        add_competencies(ext, EXT "competencies", a);
    }
    cJSON_AddItemToObject(s, "result", result);

    cJSON *ctx = cJSON_AddObjectToObject(s, "context");
    cJSON_AddStringToObject(ctx, "registration", a->attempt_id);
    if (a->mentor_id && *a->mentor_id)
        cJSON_AddItemToObject(ctx, "instructor", agent(cfg, a->mentor_id, NULL));
    cJSON_AddStringToObject(ctx, "platform", "Sparring");
    cJSON_AddStringToObject(ctx, "language", lang);
    if (answered) {
        cJSON *ca = cJSON_AddObjectToObject(ctx, "contextActivities");
        cJSON *parent = cJSON_AddArrayToObject(ca, "parent");
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "objectType", "Activity");
        activity_iri(cfg, a->scenario_id, NULL, iri, sizeof iri);
        cJSON_AddStringToObject(p, "id", iri);
        cJSON_AddItemToArray(parent, p);
    }
    cJSON *cext = cJSON_AddObjectToObject(ctx, "extensions");
    cJSON_AddStringToObject(cext, EXT "mode", a->mode);
    cJSON_AddStringToObject(cext, EXT "scenario-version", a->scenario_version);
    cJSON_AddStringToObject(cext, EXT "scenario-sha256", a->scenario_sha256);
    cJSON_AddStringToObject(cext, EXT "scenario-group", a->scenario_group);
    cJSON_AddItemToObject(cext, EXT "seed", raw_u64(a->seed));
    cJSON_AddNumberToObject(cext, EXT "time-multiplier", a->time_multiplier);
    cJSON_AddStringToObject(cext, EXT "station", a->station);

    add_timestamp(s, "timestamp", answered ? ms_after(a->started_unix_ms, d->at_ms) : a->ended_unix_ms);
    return s;
}

/* Calls fn for every statement of a closed attempt, in order. Returns -1 if fn does. */
static int each_statement(const RecordsAttempt *a, const RecordsXapiConfig *cfg,
                          int (*fn)(void *ctx, cJSON *st), void *ctx)
{
    if (!strcmp(a->status, "in_progress"))
        return 0;
    for (int i = 0; i < a->ndecisions; i++) {
        if (a->decisions[i].rewound)
            continue;
        cJSON *s = records_xapi_statement(a, "answered", a->decisions[i].index, cfg);
        int rc = s ? fn(ctx, s) : -1;
        cJSON_Delete(s);
        if (rc < 0)
            return -1;
    }
    if (strcmp(a->status, "completed"))
        return 0;
    const char *kinds[2] = {"completed", NULL};
    if (!strcmp(a->mode, "assessment"))
        kinds[1] = a->passed ? "passed" : "failed";
    for (int k = 0; k < 2 && kinds[k]; k++) {
        cJSON *s = records_xapi_statement(a, kinds[k], 0, cfg);
        int rc = s ? fn(ctx, s) : -1;
        cJSON_Delete(s);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* ---- CSV --------------------------------------------------------------------------------- */

static void csv_text(FILE *out, const char *s)
{
    if (!s)
        s = "";
    /* A spreadsheet runs a cell that starts like a formula: make it text. */
    bool guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                 s[0] == '\r';
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', out);
    if (guard)
        fputc('\'', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    if (quote)
        fputc('"', out);
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

#define FILTER " WHERE (CAST(?1 AS TEXT) IS NULL OR a.trainee_id = ?1) AND a.started_unix_ms >= ?2 "

static void bind_filter(RecStmt *st, const RecordsExportOptions *opt)
{
    if (opt->trainee_id)
        rs_bind_text(st, 1, opt->trainee_id);
    else
        rs_bind_null(st, 1);
    rs_bind_int64(st, 2, opt->since_unix_ms);
}

static int competency_ids(Records *db, const RecordsExportOptions *opt, IdList *l, char *err,
                          size_t errsize)
{
    RecStmt *st = records_prep(db, "SELECT DISTINCT c.competency_id FROM competencies c "
                                        "JOIN attempts a ON a.id = c.attempt_id" FILTER
                                        "ORDER BY 1", err, errsize);
    if (!st)
        return -1;
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
    return 0;
oom:
    records_done(st);
    return records_errf(err, errsize, "out of memory");
}

static void csv_row(FILE *out, const RecordsAttempt *a, const IdList *comps)
{
    char t[48];
    bool closed = strcmp(a->status, "in_progress") != 0;
    bool done = !strcmp(a->status, "completed");
    csv_text(out, a->attempt_id);
    const char *texts[] = {a->trainee_id, a->trainee_name, a->team, a->scenario_id,
                           a->scenario_version, a->scenario_title, a->level, a->mode, a->locale};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        fputc(',', out);
        csv_text(out, texts[i]);
    }
    records_iso8601(a->started_unix_ms, t, sizeof t);
    fprintf(out, ",%s,", t);
    if (closed && a->ended_unix_ms >= 0) {
        records_iso8601(a->ended_unix_ms, t, sizeof t);
        fputs(t, out);
        records_seconds(ms_between(a->started_unix_ms, a->ended_unix_ms), t, sizeof t);
        fprintf(out, ",%s", t);
    } else {
        fputc(',', out);
    }
    fputc(',', out);
    csv_text(out, a->status);
    fputc(',', out);
    csv_text(out, a->ending);
    fputc(',', out);
    csv_text(out, a->outcome);
    if (done) {
        fprintf(out, ",%lld,%lld,", (long long)a->raw, (long long)a->max);
        if (a->percent >= 0)
            fprintf(out, "%d", a->percent);
        fprintf(out, ",%d,%s", a->pass_percent, a->passed ? "true" : "false");
    } else {
        fprintf(out, ",,,,%d,", a->pass_percent);
    }
    fputc(',', out);
    csv_text(out, a->scenario_group && *a->scenario_group ? a->scenario_group : a->scenario_id);
    fprintf(out, ",%d", a->critical_errors);
    /* Competency percents: both lists are sorted by id. */
    int k = 0;
    for (int i = 0; i < comps->n; i++) {
        fputc(',', out);
        while (k < a->ncompetencies && strcmp(a->competencies[k].id, comps->ids[i]) < 0)
            k++;
        if (k < a->ncompetencies && !strcmp(a->competencies[k].id, comps->ids[i]) &&
            a->competencies[k].percent >= 0)
            fprintf(out, "%d", a->competencies[k].percent);
    }
    fputs("\r\n", out);
}

/* ---- the export loop --------------------------------------------------------------------- */

typedef struct {
    FILE *out;
    long written;
} XapiOut;

static int write_statement(void *ctx, cJSON *s)
{
    XapiOut *x = ctx;
    char *text = cJSON_PrintUnformatted(s);
    if (!text)
        return -1;
    fputs(x->written ? ",\n" : "\n", x->out);
    fputs(text, x->out);
    free(text);
    x->written++;
    return 0;
}

/* audio: the recordings' lengths (NULL: none named). */
static cJSON *attempt_json(const RecordsAttempt *a, const RecordsAudioIndex *audio)
{
    char t[48];
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "attempt_id", a->attempt_id);
    cJSON_AddStringToObject(o, "trainee_id", a->trainee_id);
    cJSON_AddStringToObject(o, "trainee_name", a->trainee_name);
    cJSON_AddStringToObject(o, "team", a->team);
    cJSON_AddStringToObject(o, "mentor_id", a->mentor_id);
    cJSON_AddStringToObject(o, "scenario_id", a->scenario_id);
    cJSON_AddStringToObject(o, "scenario_version", a->scenario_version);
    cJSON_AddStringToObject(o, "scenario_title", a->scenario_title);
    cJSON_AddStringToObject(o, "scenario_sha256", a->scenario_sha256);
    cJSON_AddStringToObject(o, "scenario_group", a->scenario_group);
    cJSON_AddStringToObject(o, "level", a->level);
    cJSON_AddStringToObject(o, "mode", a->mode);
    cJSON_AddStringToObject(o, "locale", a->locale);
    cJSON_AddStringToObject(o, "station", a->station);
    cJSON_AddItemToObject(o, "seed", raw_u64(a->seed));
    cJSON_AddNumberToObject(o, "time_multiplier", a->time_multiplier);
    cJSON_AddBoolToObject(o, "timers", a->timers);
    cJSON_AddBoolToObject(o, "shuffle", a->shuffle);
    cJSON_AddStringToObject(o, "start_node", a->start_node);
    records_iso8601(a->started_unix_ms, t, sizeof t);
    cJSON_AddStringToObject(o, "started_at", t);
    bool closed = strcmp(a->status, "in_progress") != 0 && a->ended_unix_ms >= 0;
    if (closed) {
        records_iso8601(a->ended_unix_ms, t, sizeof t);
        cJSON_AddStringToObject(o, "completed_at", t);
        records_seconds(ms_between(a->started_unix_ms, a->ended_unix_ms), t, sizeof t);
        cJSON_AddItemToObject(o, "duration_seconds", cJSON_CreateRaw(t));
    } else {
        cJSON_AddNullToObject(o, "completed_at");
        cJSON_AddNullToObject(o, "duration_seconds");
    }
    cJSON_AddStringToObject(o, "status", a->status);
    bool done = !strcmp(a->status, "completed");
    if (done) {
        cJSON_AddStringToObject(o, "ending", a->ending);
        cJSON_AddStringToObject(o, "outcome", a->outcome);
        cJSON_AddNumberToObject(o, "score_raw", (double)a->raw);
        cJSON_AddNumberToObject(o, "score_max", (double)a->max);
        if (a->percent >= 0)
            cJSON_AddNumberToObject(o, "score_percent", a->percent);
        else
            cJSON_AddNullToObject(o, "score_percent");
    } else {
        cJSON_AddNullToObject(o, "ending");
        cJSON_AddNullToObject(o, "outcome");
        cJSON_AddNullToObject(o, "score_raw");
        cJSON_AddNullToObject(o, "score_max");
        cJSON_AddNullToObject(o, "score_percent");
    }
    cJSON_AddNumberToObject(o, "pass_percent", a->pass_percent);
    if (done)
        cJSON_AddBoolToObject(o, "passed", a->passed);
    else
        cJSON_AddNullToObject(o, "passed");
    cJSON_AddNumberToObject(o, "critical_errors", a->critical_errors);
    add_competencies(o, "competencies", a);
    cJSON *ds = cJSON_AddArrayToObject(o, "decisions");
    for (int i = 0; i < a->ndecisions; i++) {
        const RecordsDecision *d = &a->decisions[i];
        cJSON *j = cJSON_CreateObject();
        if (d->rewound)
            cJSON_AddNullToObject(j, "index");
        else
            cJSON_AddNumberToObject(j, "index", d->index);
        cJSON_AddStringToObject(j, "node", d->node);
        cJSON_AddStringToObject(j, "choice", d->choice);
        cJSON_AddItemToObject(j, "points", parsed(d->points_json));
        cJSON_AddItemToObject(j, "meters", parsed(d->meters_json));
        cJSON_AddNumberToObject(j, "at_ms", (double)d->at_ms);
        cJSON_AddNumberToObject(j, "took_ms", (double)d->took_ms);
        cJSON_AddItemToObject(j, "shown", parsed(d->shown_json));
        cJSON_AddBoolToObject(j, "critical", d->critical);
        cJSON_AddItemToObject(j, "techniques", parsed(d->techniques_json));
        cJSON_AddBoolToObject(j, "rewound", d->rewound);
        double rec = d->rewound ? -1 : records_audio_index_seconds(audio, a->attempt_id, d->index + 1);
        if (rec >= 0) /* a spoken answer is kept: named, never embedded */
            cJSON_AddNumberToObject(cJSON_AddObjectToObject(j, "recording"), "seconds", rec);
        cJSON_AddItemToArray(ds, j);
    }
    cJSON *ms = cJSON_AddArrayToObject(o, "mentor_events");
    for (int i = 0; i < a->nmentor; i++) {
        const RecordsMentorEvent *m = &a->mentor[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "kind", m->kind);
        cJSON_AddStringToObject(j, "detail", m->detail);
        cJSON_AddNumberToObject(j, "offset_ms", (double)m->offset_ms);
        cJSON_AddNumberToObject(j, "decision_index", m->decision_index);
        cJSON_AddItemToArray(ms, j);
    }
    return o;
}

/* ---- writing the attempts --------------------------------------------------------------- */

static void write_header(const RecordsExportOptions *opt, const IdList *comps, FILE *out)
{
    if (opt->format == RECORDS_CSV) {
        if (!opt->no_bom)
            fputs("\xEF\xBB\xBF", out);
        for (size_t i = 0; i < sizeof csv_columns / sizeof csv_columns[0]; i++)
            fprintf(out, "%s%s", i ? "," : "", csv_columns[i]);
        for (int i = 0; i < comps->n; i++) {
            char name[512];
            snprintf(name, sizeof name, "competency.%s", comps->ids[i]);
            fputc(',', out);
            csv_text(out, name);
        }
        fputs("\r\n", out);
    } else if (opt->format == RECORDS_XAPI) {
        fputc('[', out);
    }
}

/* Writes one attempt (details loaded). 1 written, 0 not for this format, -1 out of memory. */
static int write_attempt(const RecordsExportOptions *opt, const RecordsAttempt *a,
                         const IdList *comps, XapiOut *xo, const RecordsAudioIndex *audio,
                         FILE *out)
{
    if (opt->format == RECORDS_CSV) {
        csv_row(out, a, comps);
        return 1;
    }
    if (opt->format == RECORDS_XAPI) {
        if (!strcmp(a->status, "in_progress"))
            return 0;
        return each_statement(a, &opt->xapi, write_statement, xo) < 0 ? -1 : 1;
    }
    cJSON *j = attempt_json(a, audio);
    char *text = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    if (!text)
        return -1;
    fputs(text, out);
    fputc('\n', out);
    free(text);
    return 1;
}

typedef struct {
    const RecordsExportOptions *opt;
    const IdList *comps;
    XapiOut *xo;
    FILE *out;
    long count;
    const RecordsAudioIndex *audio;
} ExportCtx;

static int export_one(void *ctx, const RecordsAttempt *a)
{
    ExportCtx *c = ctx;
    int r = write_attempt(c->opt, a, c->comps, c->xo, c->audio, c->out);
    c->count += r > 0;
    return r < 0 ? -1 : 0;
}

/* The attempts one by one, with their details streamed beside them. Count or -1. */
static long export_rows(Records *db, const RecordsExportOptions *opt, const IdList *comps,
                        XapiOut *xo, FILE *out, char *err, size_t errsize)
{
    ExportCtx ctx = {opt, comps, xo, out, 0, NULL};
    RecordsAudioIndex *audio = NULL;
    if (opt->format == RECORDS_JSONL && !(audio = records_audio_index(db, err, errsize)))
        return -1;
    ctx.audio = audio;
    RecordsEachOptions eo = {
        .trainee_id = opt->trainee_id,
        .since_unix_ms = opt->since_unix_ms,
        .details = opt->format == RECORDS_CSV ? RECORDS_EACH_COMPETENCIES : RECORDS_EACH_DETAILS,
        .progress = opt->progress,
        .progress_ctx = opt->progress_ctx,
    };
    long r = records_each_attempt(db, &eo, export_one, &ctx, err, errsize) < 0 ? -1 : ctx.count;
    records_audio_index_free(audio);
    return r;
}

long records_export(Records *db, const RecordsExportOptions *opt, FILE *out, char *err,
                    size_t errsize)
{
    IdList comps = {0};
    XapiOut xo = {out, 0};
    /* One snapshot: writers go on, the export sees the database as it was when it began. */
    if (records_begin_read(db, err, errsize) < 0)
        return -1;
    if (opt->format == RECORDS_CSV && competency_ids(db, opt, &comps, err, errsize) < 0) {
        records_rollback(db);
        return -1;
    }
    write_header(opt, &comps, out);
    long count = export_rows(db, opt, &comps, &xo, out, err, errsize);
    idlist_free(&comps);
    records_rollback(db); /* end the read transaction */
    if (count < 0)
        return -1;
    if (opt->format == RECORDS_XAPI)
        fputs(xo.written ? "\n]\n" : "]\n", out);
    if (ferror(out))
        return records_errf(err, errsize, "cannot write the export");
    return count;
}
