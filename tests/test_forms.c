/* Parallel forms and what a decision records since the format revision: forms_draw (the least
 * practised form, never the last practised, ties by seed), and on a real SQLite file the order
 * shown, critical and techniques of each decision (store, JSON Lines, xAPI, the CSV columns
 * scenario_group and critical_errors), the migration of an old database, the report and the
 * picker counting a pass on any form of a group, and the practice counts the draw reads. */
#include "check.h"
#include "forms.h"
#include "play.h"
#include "records.h"
#include "records_internal.h"
#include "scenario.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1795760400000LL /* 2026-11-27T06:20:00.000Z */

static char tmpdir[256];
static Scenario *form_a, *form_b;

static Scenario *load(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "tests/data/forms/%s.json", name);
    DiagList d = {0};
    Scenario *sc = scenario_load_file(path, &d);
    diag_list_free(&d);
    if (!sc) {
        fprintf(stderr, "  cannot load %s\n", path);
        check_failures_in_test++;
    }
    return sc;
}

static Records *open_db(const char *name)
{
    char path[512], err[1024];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    Records *db = records_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "  records_open(%s): %s\n", path, err);
        check_failures_in_test++;
    }
    return db;
}

/* ---- forms_draw -------------------------------------------------------------------------- */

static uint64_t ref_draw(uint64_t s)
{
    s += UINT64_C(0x9e3779b97f4a7c15);
    uint64_t z = s;
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static void the_least_practised_form_is_drawn(void)
{
    CHECK_INT(forms_draw(0, NULL, -1, 1), -1);
    int one[] = {5};
    CHECK_INT(forms_draw(1, one, 0, 1), 0); /* a group of one: that form, last or not */
    int a[] = {3, 1, 2};
    for (uint64_t seed = 0; seed < 50; seed++)
        CHECK_INT(forms_draw(3, a, -1, seed), 1);
    /* never the last practised, though it is the least practised */
    for (uint64_t seed = 0; seed < 50; seed++)
        CHECK_INT(forms_draw(3, a, 1, seed), 2);
    int two[] = {0, 4};
    for (uint64_t seed = 0; seed < 50; seed++)
        CHECK_INT(forms_draw(2, two, 0, seed), 1);
}

/* Ties: the floor(u x ties)-th tied form, u from one SplitMix64 draw of the seed; every tied
 * form is drawn for some seed, and the last practised never. */
static void ties_are_broken_by_the_seed(void)
{
    int p[] = {2, 1, 1, 5, 1, 1};
    const int tied[] = {1, 2, 5}; /* 4 is the last practised */
    int seen[6] = {0};
    for (uint64_t seed = 0; seed < 300; seed++) {
        int f = forms_draw(6, p, 4, seed);
        double u = (double)(ref_draw(seed) >> 11) / 9007199254740992.0;
        CHECK_INT(f, tied[(int)(u * 3)]);
        if (f >= 0 && f < 6)
            seen[f]++;
    }
    CHECK(seen[1] > 0 && seen[2] > 0 && seen[5] > 0);
    CHECK_INT(seen[0] + seen[3] + seen[4], 0);
    CHECK_INT(forms_draw(6, p, 4, UINT64_MAX), forms_draw(6, p, 4, UINT64_MAX)); /* pure */
}

/* ---- records ----------------------------------------------------------------------------- */

static int choice_index(const Scenario *sc, int node, const char *id)
{
    const ScNode *n = scenario_node(sc, node);
    for (int i = 0; i < n->nchoices; i++)
        if (!strcmp(n->choices[i].id, id))
            return i;
    return -1;
}

/* Records a play of two choices (ids) of a refund form, as `mode`, shuffled when asked. */
static int record(Records *db, Scenario *sc, const char *trainee, const char *mode, bool shuffle,
                  uint64_t seed, const char *first, const char *second, int64_t t0, char *id)
{
    char err[512];
    PlayOptions o = {.timers = true, .time_multiplier = 1.0, .shuffle = shuffle};
    Play *p = play_new(sc, seed, o);
    AttemptMeta meta = {.trainee_id = trainee, .mode = mode, .locale = "en"};
    Recorder *r = recorder_begin(db, p, &meta, t0, err, sizeof err);
    if (!r) {
        fprintf(stderr, "  recorder_begin: %s\n", err);
        play_free(p);
        return -1;
    }
    snprintf(id, 37, "%s", recorder_attempt_id(r));
    play_choose(p, choice_index(sc, scenario_find_node(sc, "opening"), first), 1200);
    CHECK_INT(recorder_sync(r, p, t0 + 1200, err, sizeof err), 0);
    play_choose(p, choice_index(sc, scenario_find_node(sc, "policy"), second), 3000);
    int rc = recorder_end(r, p, t0 + 3100, err, sizeof err);
    if (rc < 0)
        fprintf(stderr, "  recorder_end: %s\n", err);
    play_free(p);
    return rc;
}

/* The ids shown at decision d of a Play, as the JSON the records keep. */
static void expected_shown(const Scenario *sc, uint64_t seed, const char *first, int d, char *out,
                           size_t size)
{
    PlayOptions o = {.timers = true, .time_multiplier = 1.0, .shuffle = true};
    Play *p = play_new(sc, seed, o);
    play_choose(p, choice_index(sc, scenario_find_node(sc, "opening"), first), 1200);
    int shown[SC_MAX_CHOICES];
    int st = d == 0 ? play_decision_step(p, 0) : -1;
    int n = st >= 0 ? play_step_shown(p, st, shown) : play_shown(p, shown);
    const ScNode *node = scenario_node(sc, d == 0 ? play_step(p, st)->node : play_node(p));
    size_t k = (size_t)snprintf(out, size, "[");
    for (int i = 0; i < n && k < size; i++)
        k += (size_t)snprintf(out + k, size - k, "%s\"%s\"", i ? "," : "", node->choices[shown[i]].id);
    if (k < size)
        snprintf(out + k, size - k, "]");
    play_free(p);
}

static char *export_to_string(Records *db, RecordsFormat format)
{
    char *buf = NULL, err[512];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    RecordsExportOptions opt = {.format = format, .since_unix_ms = INT64_MIN, .no_bom = true};
    long n = records_export(db, &opt, f, err, sizeof err);
    fclose(f);
    CHECK_MSG(n >= 0, "%s", err);
    return buf;
}

static void decisions_keep_order_shown_critical_techniques(void)
{
    Records *db = open_db("marks.db");
    if (!db || !form_a)
        return;
    char id[37], err[512];
    const uint64_t seed = 16302753354417940000u; /* above 2^53: kept exactly */
    CHECK_INT(record(db, form_a, "E1", "assessment", true, seed, "promise", "explain", T0, id), 0);
    RecordsAttempt *a = records_attempt_load(db, id, err, sizeof err);
    CHECK(a != NULL);
    if (!a) {
        records_close(db);
        return;
    }
    CHECK(a->seed == seed);
    CHECK(a->shuffle);
    CHECK_STR(a->scenario_group, "refund-demand");
    CHECK_INT(a->critical_errors, 1);
    CHECK(!a->passed); /* 100%, a pass ending, but a critical answer */
    CHECK_INT(a->percent, 100);
    CHECK_INT(a->ndecisions, 2);
    if (a->ndecisions == 2) {
        char want[256];
        expected_shown(form_a, seed, "promise", 0, want, sizeof want);
        CHECK_STR(a->decisions[0].shown_json, want);
        expected_shown(form_a, seed, "promise", 1, want, sizeof want);
        CHECK_STR(a->decisions[1].shown_json, want);
        CHECK(a->decisions[0].critical);
        CHECK(!a->decisions[1].critical);
        CHECK_STR(a->decisions[0].techniques_json, "[\"false-promise\"]");
        CHECK_STR(a->decisions[1].techniques_json, "[\"LAER:explore\",\"policy\"]");
    }
    /* Replayed from seed + steps with the attempt's options, the same order at each decision. */
    Play *rp = play_replay(form_a, a->seed, records_play_options(a), -1, a->steps, a->nsteps, err, sizeof err);
    CHECK(rp != NULL);
    CHECK_INT(rp ? play_decision_count(rp) : 0, 2);
    for (int d = 0; rp && d < play_decision_count(rp) && d < a->ndecisions; d++) {
        int st = play_decision_step(rp, d), shown[SC_MAX_CHOICES];
        int k = play_step_shown(rp, st, shown);
        const ScNode *n = scenario_node(form_a, play_step(rp, st)->node);
        char got[256];
        size_t used = (size_t)snprintf(got, sizeof got, "[");
        for (int i = 0; i < k; i++)
            used += (size_t)snprintf(got + used, sizeof got - used, "%s\"%s\"", i ? "," : "", n->choices[shown[i]].id);
        snprintf(got + used, sizeof got - used, "]");
        CHECK_STR(got, a->decisions[d].shown_json);
    }
    play_free(rp);
    /* Practice in file order: the order shown is the file's. */
    char id2[37];
    CHECK_INT(record(db, form_a, "E1", "practice", false, 3, "ack", "explain", T0 + 60000, id2), 0);
    RecordsAttempt *b = records_attempt_load(db, id2, err, sizeof err);
    if (b && b->ndecisions == 2) {
        CHECK_STR(b->decisions[0].shown_json, "[\"ack\",\"promise\",\"cold\",\"hang\"]");
        CHECK_STR(b->decisions[1].shown_json, "[\"explain\",\"bend\",\"blame\"]");
        CHECK(!b->shuffle);
        CHECK_INT(b->critical_errors, 0);
        CHECK(b->passed);
        CHECK_STR(b->decisions[0].techniques_json, "[\"LAER:acknowledge\"]");
        CHECK_STR(b->decisions[1].techniques_json, "[\"LAER:explore\",\"policy\"]");
    }
    records_attempt_free(b);

    /* JSON Lines: the attempt's group, shuffle, critical_errors; each decision's fields. */
    char *jl = export_to_string(db, RECORDS_JSONL);
    cJSON *first = jl ? cJSON_Parse(jl) : NULL; /* the first line: the assessment */
    CHECK(first != NULL);
    if (first) {
        CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(first, "scenario_group")), "refund-demand");
        CHECK(cJSON_IsTrue(cJSON_GetObjectItem(first, "shuffle")));
        CHECK(cJSON_GetObjectItem(first, "critical_errors")->valuedouble == 1);
        CHECK(strstr(jl, "\"seed\":16302753354417940000,") != NULL);
        cJSON *d0 = cJSON_GetArrayItem(cJSON_GetObjectItem(first, "decisions"), 0);
        CHECK(cJSON_IsTrue(cJSON_GetObjectItem(d0, "critical")));
        CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(d0, "shown")), 4);
        CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(d0, "techniques"), 0)),
                  "false-promise");
        cJSON_Delete(first);
    }
    free(jl);

    /* xAPI: the answered statement carries them; the closing one the count. */
    char *xa = export_to_string(db, RECORDS_XAPI);
    cJSON *arr = xa ? cJSON_Parse(xa) : NULL;
    CHECK(cJSON_IsArray(arr));
    int answered_critical = 0, closing_count = -1;
    cJSON *s;
    cJSON_ArrayForEach(s, arr)
    {
        cJSON *ext = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "result"), "extensions");
        cJSON *c = cJSON_GetObjectItem(ext, "https://sparring.invalid/xapi/extensions/critical");
        answered_critical += cJSON_IsTrue(c);
        cJSON *ce = cJSON_GetObjectItem(ext, "https://sparring.invalid/xapi/extensions/critical-errors");
        const char *verb = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "verb"), "id"));
        if (ce && verb && strstr(verb, "failed"))
            closing_count = (int)ce->valuedouble;
        if (cJSON_GetObjectItem(ext, "https://sparring.invalid/xapi/extensions/points"))
            CHECK(cJSON_IsArray(cJSON_GetObjectItem(ext, "https://sparring.invalid/xapi/extensions/shown")));
    }
    CHECK_INT(answered_critical, 1);
    CHECK_INT(closing_count, 1);
    cJSON_Delete(arr);
    free(xa);

    /* CSV: scenario_group and critical_errors right after passed. */
    char *csv = export_to_string(db, RECORDS_CSV);
    CHECK(csv && !strncmp(csv, "attempt_id,", 11));
    CHECK(csv && strstr(csv, ",pass_percent,passed,scenario_group,critical_errors,competency.compliance,"
                             "competency.empathy\r\n") != NULL);
    CHECK(csv && strstr(csv, ",100,70,false,refund-demand,1,100,75\r\n") != NULL);
    CHECK(csv && strstr(csv, ",71,70,true,refund-demand,0,50,75\r\n") != NULL);
    free(csv);
    records_attempt_free(a);
    records_close(db);
}

/* A database of an older schema (built from version 1, as tests do) migrates to 3: old decisions
 * show no order, nothing critical; the group of an old attempt is its scenario id. */
static void an_old_database_migrates(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/v2.db", tmpdir);
    sqlite3 *h = NULL;
    CHECK(sqlite3_open(path, &h) == SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(h, records_schema_v1, NULL, NULL, &msg);
    CHECK_MSG(rc == SQLITE_OK, "%s", msg ? msg : "");
    sqlite3_free(msg);
    rc = sqlite3_exec(h,
                      "INSERT INTO trainees VALUES('E7', 'Li Lei', 'North');"
                      "INSERT INTO attempts VALUES('11111111-2222-4333-8444-555555555555', 'E7', '',"
                      " 'refund-a', '1.0.0', 'Refund', 'abc', 'new_hire', 'assessment', 'en', 'pc1',"
                      " 'opening', 9, 1.0, 1, 1700000000000, 1700000060500, 'completed', 'won', 'pass',"
                      " 5, 7, 71, 70, 1);"
                      "INSERT INTO decisions VALUES('11111111-2222-4333-8444-555555555555', 0, 'opening',"
                      " 'ack', '{\"empathy\":3}', '{\"patience\":50}', 1000, 1000);",
                      NULL, NULL, &msg);
    CHECK_MSG(rc == SQLITE_OK, "%s", msg ? msg : "");
    sqlite3_free(msg);
    sqlite3_close(h);
    Records *db = open_db("v2.db");
    if (!db)
        return;
    char err[512];
    RecordsAttempt *a = records_attempt_load(db, "11111111-2222-4333-8444-555555555555", err, sizeof err);
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(a->scenario_group, "refund-a");
        CHECK(!a->shuffle);
        CHECK_INT(a->critical_errors, 0);
        CHECK_INT(a->ndecisions, 1);
        if (a->ndecisions == 1) {
            CHECK_STR(a->decisions[0].shown_json, "[]");
            CHECK(!a->decisions[0].critical);
            CHECK_STR(a->decisions[0].techniques_json, "[]");
        }
        records_attempt_free(a);
    }
    bool passed = false;
    CHECK_INT(records_group_passed(db, "E7", "refund-a", &passed, err, sizeof err), 0);
    CHECK(passed);
    records_close(db);
}

/* A pass on form A counts for form B (report, picker); the draw's practice counts. */
static void a_pass_on_any_form_counts(void)
{
    Records *db = open_db("forms.db");
    if (!db || !form_a || !form_b)
        return;
    char id[37], err[512];
    CHECK_INT(record(db, form_a, "E2", "practice", false, 1, "ack", "explain", T0, id), 0);
    CHECK_INT(record(db, form_a, "E2", "practice", false, 2, "ack", "bend", T0 + 1000, id), 0);
    CHECK_INT(record(db, form_b, "E2", "practice", false, 3, "cold", "bend", T0 + 2000, id), 0);
    const char *forms[] = {"refund-a", "refund-b", "refund-c"};
    int practised[3], last;
    CHECK_INT(records_form_practice(db, "E2", forms, 3, practised, &last, err, sizeof err), 0);
    CHECK_INT(practised[0], 2);
    CHECK_INT(practised[1], 1);
    CHECK_INT(practised[2], 0);
    CHECK_INT(last, 1);
    CHECK_INT(forms_draw(3, practised, last, 7), 2);
    CHECK_INT(forms_draw(2, practised, last, 7), 0); /* two forms: never the last practised */

    bool passed = true;
    CHECK_INT(records_group_passed(db, "E2", "refund-demand", &passed, err, sizeof err), 0);
    CHECK(!passed); /* practice never clears */
    CHECK_INT(record(db, form_b, "E2", "assessment", true, 9, "ack", "explain", T0 + 3000, id), 0);
    CHECK_INT(records_group_passed(db, "E2", "refund-demand", &passed, err, sizeof err), 0);
    CHECK(passed);
    RecordsReport *r = records_report(db, "E2", err, sizeof err);
    CHECK(r && r->ntrainees == 1);
    if (r && r->ntrainees == 1) {
        RecordsReportTrainee *t = &r->trainees[0];
        CHECK_INT(t->nscenarios, 2);
        for (int i = 0; i < t->nscenarios; i++) {
            CHECK_STR(t->scenarios[i].group, "refund-demand");
            CHECK(t->scenarios[i].passed_assessment); /* form A too, never assessed itself */
            CHECK_INT(t->scenarios[i].rag, RECORDS_GREEN);
        }
        CHECK_STR(t->cleared, "new_hire");
    }
    records_report_free(r);
    /* A critical answer at 100% does not clear anyone. */
    CHECK_INT(record(db, form_a, "E3", "assessment", true, 9, "promise", "explain", T0 + 4000, id), 0);
    CHECK_INT(records_group_passed(db, "E3", "refund-demand", &passed, err, sizeof err), 0);
    CHECK(!passed);
    r = records_report(db, "E3", err, sizeof err);
    if (r && r->ntrainees == 1)
        CHECK(r->trainees[0].cleared == NULL);
    records_report_free(r);
    records_close(db);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/forms-test-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    form_a = load("refund-a");
    form_b = load("refund-b");
    RUN(the_least_practised_form_is_drawn);
    RUN(ties_are_broken_by_the_seed);
    RUN(decisions_keep_order_shown_critical_techniques);
    RUN(an_old_database_migrates);
    RUN(a_pass_on_any_form_counts);
    scenario_free(form_a);
    scenario_free(form_b);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
