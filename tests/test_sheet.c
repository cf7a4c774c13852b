/* The spreadsheet round trip (engine/sheet*.c, `sparring sheet`): export then import is lossless
 * on every bundled scenario (the loaded scenarios compared field by field, not the bytes), the
 * sheet opens in Excel (BOM, RFC 4180 quoting, formula guard), and a broken sheet is reported
 * at its row and column in plain words. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario.h"
#include "sheet.h"

static void dump_text(FILE *f, const Scenario *sc, const char *what, const ScText *t)
{
    for (int i = 0; i < scenario_locale_count(sc); i++)
        fprintf(f, "%s[%s]=%s\n", what, scenario_locale(sc, i), scenario_text(t, i));
}

static void dump_goto(FILE *f, const Scenario *sc, const ScGoto *g)
{
    if (g->node >= 0)
        fprintf(f, "goto %s\n", scenario_node(sc, g->node)->id);
    for (int i = 0; i < g->nbranches; i++)
        fprintf(f, "branch %s %.17g\n", scenario_node(sc, g->branches[i].node)->id, g->branches[i].weight);
}

static void dump_effects(FILE *f, const Scenario *sc, const ScEffects *e)
{
    for (int i = 0; i < e->nmeters; i++)
        fprintf(f, "meter %s %+d\n", scenario_meter(sc, e->meters[i].meter)->id, e->meters[i].delta);
    for (int i = 0; i < e->nset; i++)
        fprintf(f, "set %s\n", scenario_flag(sc, e->set[i]));
    for (int i = 0; i < e->nclear; i++)
        fprintf(f, "clear %s\n", scenario_flag(sc, e->clear[i]));
}

static void dump_choice(FILE *f, const Scenario *sc, const ScChoice *c)
{
    fprintf(f, "choice %s requires=%s critical=%d\n", c->id, c->requires_src ? c->requires_src : "-", c->critical);
    for (int i = 0; i < c->ntechniques; i++)
        fprintf(f, "technique %s\n", c->techniques[i]);
    dump_text(f, sc, "text", &c->text);
    dump_text(f, sc, "feedback", &c->feedback);
    /* by competency: the order points are written in means nothing */
    for (int k = 0; k < scenario_competency_count(sc); k++)
        for (int i = 0; i < c->nscore; i++)
            if (c->score[i].competency == k)
                fprintf(f, "points %s %d\n", scenario_competency(sc, k)->id, c->score[i].points);
    dump_effects(f, sc, &c->effects);
    dump_goto(f, sc, &c->next);
}

/* Everything a loaded scenario exposes, as text (the SHA-256 of the bytes excepted). */
static char *dump(const Scenario *sc)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    fprintf(f, "id=%s version=%s group=%s level=%d pass=%d time=%g start=%d\n", scenario_id(sc),
            scenario_version(sc), scenario_group(sc), (int)scenario_level(sc), scenario_pass_percent(sc),
            scenario_time_limit(sc), scenario_start(sc));
    fprintf(f, "say_aloud=%d\n", scenario_say_aloud(sc));
    dump_text(f, sc, "title", scenario_title(sc));
    dump_text(f, sc, "summary", scenario_summary(sc));
    dump_text(f, sc, "counterpart", scenario_counterpart(sc));
    const ScCustomer *cu = scenario_customer(sc);
    fprintf(f, "customer %d %d %d %d %d %s\n", cu->given, (int)cu->gender, (int)cu->age, (int)cu->style, cu->glasses,
            cu->mood ? cu->mood : "-");
    for (int i = 0; i < scenario_tag_count(sc); i++)
        fprintf(f, "tag %s\n", scenario_tag(sc, i));
    for (int i = 0; i < scenario_competency_count(sc); i++) {
        fprintf(f, "competency %s max=%lld\n", scenario_competency(sc, i)->id,
                (long long)scenario_max(sc)->competency[i]);
        dump_text(f, sc, "name", &scenario_competency(sc, i)->name);
    }
    for (int i = 0; i < scenario_meter_count(sc); i++) {
        const ScMeter *m = scenario_meter(sc, i);
        fprintf(f, "meter %s %d %d %d %d\n", m->id, m->min, m->max, m->start, m->show);
        dump_text(f, sc, "name", &m->name);
    }
    for (int i = 0; i < scenario_flag_count(sc); i++)
        fprintf(f, "flag %s\n", scenario_flag(sc, i));
    for (int i = 0; i < scenario_event_count(sc); i++) {
        fprintf(f, "event %s\n", scenario_event(sc, i)->id);
        dump_text(f, sc, "label", &scenario_event(sc, i)->label);
        dump_goto(f, sc, &scenario_event(sc, i)->next);
    }
    for (int i = 0; i < scenario_node_count(sc); i++) {
        const ScNode *n = scenario_node(sc, i);
        fprintf(f, "node %s speaker=%d mood=%s sound=%s kind=%d outcome=%d time=%g\n", n->id, (int)n->speaker,
                n->mood ? n->mood : "-", n->sound ? n->sound : "-", (int)n->kind, (int)n->outcome, n->time_limit);
        dump_text(f, sc, "text", &n->text);
        dump_text(f, sc, "end", &n->end_text);
        dump_effects(f, sc, &n->effects);
        dump_goto(f, sc, &n->next);
        for (int k = 0; k < n->nchoices; k++)
            dump_choice(f, sc, &n->choices[k]);
        if (n->timeout)
            dump_choice(f, sc, n->timeout);
    }
    fprintf(f, "max=%lld exact=%d\n", (long long)scenario_max(sc)->total, scenario_max(sc)->exact);
    fclose(f);
    return out;
}

static char *errors_of(const DiagList *d)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    char line[2048];
    for (int i = 0; i < d->count; i++) {
        diag_format(&d->items[i], line, sizeof line);
        fprintf(f, "%s\n", line);
    }
    fclose(f);
    return out;
}

static void round_trip_file(const char *path)
{
    DiagList d0 = {0}, d1 = {0}, d2 = {0};
    Scenario *a = scenario_load_file(path, &d0);
    CHECK_MSG(a != NULL, "%s does not load", path);
    size_t len = 0, csv_len = 0;
    char *json = check_read_file(path, &len), err[256] = "";
    char *csv = json ? sheet_export(json, len, false, &csv_len, err) : NULL;
    CHECK_MSG(csv != NULL, "%s: export failed: %s", path, err);
    char *back = csv ? sheet_import(csv, csv_len, "call.csv", "scenarios", &d1) : NULL;
    char *msgs = errors_of(&d1);
    CHECK_MSG(back != NULL, "%s: import failed:\n%s", path, msgs);
    Scenario *b = back ? scenario_load_buffer(back, strlen(back), "back.json", "scenarios", &d2) : NULL;
    CHECK_MSG(!back || b, "%s: the imported JSON does not load", path);
    int lint = 0; /* an answer without feedback: warned about on import, as validate does */
    for (int i = 0; i < d1.count; i++)
        lint += strstr(d1.items[i].message, "has no \"feedback\"") != NULL;
    CHECK_MSG(d1.warnings - lint == d0.warnings, "%s: import warned more than the file:\n%s", path, msgs);
    if (a && b) {
        char *da = dump(a), *db = dump(b);
        CHECK_MSG(!strcmp(da, db), "%s: the scenario changed in the round trip", path);
        if (strcmp(da, db) && getenv("SHEET_DUMP")) {
            FILE *fa = fopen("/tmp/sheet_a.txt", "w"), *fb = fopen("/tmp/sheet_b.txt", "w");
            fputs(da, fa), fputs(db, fb), fclose(fa), fclose(fb);
        }
        free(da);
        free(db);
    }
    free(msgs);
    scenario_free(a);
    scenario_free(b);
    free(json);
    free(csv);
    free(back);
    diag_list_free(&d0);
    diag_list_free(&d1);
    diag_list_free(&d2);
}

static void round_trip_is_lossless_on_every_bundled_scenario(void)
{
    int n = 0;
    const char *dirs[] = {"scenarios", "tests/data/valid"};
    for (int k = 0; k < 2; k++) {
        DIR *d = opendir(dirs[k]);
        CHECK(d != NULL);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            size_t l = strlen(e->d_name);
            if (l < 6 || strcmp(e->d_name + l - 5, ".json"))
                continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dirs[k], e->d_name);
            round_trip_file(path);
            n += k == 0;
        }
        if (d)
            closedir(d);
    }
    CHECK_MSG(n >= 12, "only %d bundled scenarios found", n);
}

/* group, technique (one and several) and critical (on an answer and on a timeout) survive. */
static void the_sheet_carries_group_technique_and_critical(void)
{
    const char *json =
        "{\"format\":1,\"id\":\"r-a\",\"version\":\"1.0.0\",\"group\":\"renewal\",\"title\":\"R\",\"level\":"
        "\"new_hire\",\"locales\":[\"en\"],\"competencies\":{\"c\":{\"name\":\"C\"}},\"time_limit\":20,"
        "\"timeout\":{\"next\":\"b\",\"critical\":true,\"feedback\":\"t\"},\"start\":\"a\",\"nodes\":{\"a\":{"
        "\"text\":\"Hi\",\"choices\":[{\"id\":\"lie\",\"text\":\"We are the cheapest\",\"critical\":true,"
        "\"technique\":\"honesty\",\"score\":{\"c\":-1},\"feedback\":\"f\",\"next\":\"b\"},{\"text\":\"ok\","
        "\"technique\":[\"LAER\",\"SPIN:implication\"],\"score\":{\"c\":2},\"feedback\":\"g\",\"next\":\"b\"}]},"
        "\"b\":{\"text\":\"bye\",\"end\":{\"outcome\":\"pass\"}}}}";
    size_t n = 0;
    char err[256];
    char *csv = sheet_export(json, strlen(json), true, &n, err);
    CHECK(csv && strstr(csv, "setting,group,") && strstr(csv, ",\"LAER; SPIN:implication\","));
    CHECK(csv && strstr(csv, "answer,lie,,,We are the cheapest,b,,,-1,,f,honesty,yes,"));
    CHECK(csv && strstr(csv, "timeout,,,,,b,,,,,t,,yes,"));
    DiagList d = {0};
    char *back = csv ? sheet_import(csv, n, "r.csv", NULL, &d) : NULL;
    Scenario *a = scenario_load_buffer(json, strlen(json), "a.json", NULL, &d);
    Scenario *b = back ? scenario_load_buffer(back, strlen(back), "b.json", NULL, &d) : NULL;
    CHECK(a && b);
    if (a && b) {
        char *da = dump(a), *db = dump(b);
        CHECK_STR(db, da);
        CHECK(strstr(db, "group=renewal") && strstr(db, "critical=1") && strstr(db, "technique SPIN:implication"));
        free(da);
        free(db);
    }
    scenario_free(a);
    scenario_free(b);
    free(csv);
    free(back);
    diag_list_free(&d);
}

/* "say_aloud" (true and false) survives as the setting row "say_aloud" with "yes" or "no"; a
 * sheet may write it "是" or "TRUE"; anything else is an error at its cell. */
static void the_sheet_carries_say_aloud(void)
{
    static const char *const values[] = {"true", "false"};
    for (int k = 0; k < 2; k++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"format\":1,\"id\":\"s-a\",\"version\":\"1.0.0\",\"title\":\"S\",\"level\":\"new_hire\","
                 "\"locales\":[\"en\"],\"competencies\":{\"c\":{\"name\":\"C\"}},\"say_aloud\":%s,\"start\":\"a\","
                 "\"nodes\":{\"a\":{\"text\":\"Hi\",\"choices\":[{\"text\":\"ok\",\"score\":{\"c\":1},"
                 "\"feedback\":\"g\",\"next\":\"b\"}]},\"b\":{\"text\":\"bye\",\"end\":{\"outcome\":\"pass\"}}}}",
                 values[k]);
        size_t n = 0;
        char err[256];
        char *csv = sheet_export(json, strlen(json), true, &n, err);
        CHECK_MSG(csv && strstr(csv, "setting,say_aloud,"), "%s", csv ? csv : err);
        CHECK_MSG(csv && strstr(csv, k == 0 ? ",yes\r\n" : ",no\r\n"), "%s", csv ? csv : err);
        DiagList d = {0};
        char *back = csv ? sheet_import(csv, n, "s.csv", NULL, &d) : NULL;
        CHECK_MSG(back && strstr(back, k == 0 ? "\"say_aloud\": true" : "\"say_aloud\": false"), "%s",
                  back ? back : "import failed");
        Scenario *sc = back ? scenario_load_buffer(back, strlen(back), "b.json", NULL, &d) : NULL;
        CHECK(sc && scenario_say_aloud(sc) == (k == 0));
        scenario_free(sc);
        /* The same sheet, the cell written another way. */
        const char *other[] = {"\xe6\x98\xaf", "TRUE", "maybe"};
        for (int j = 0; csv && k == 0 && j < 3; j++) {
            char *at = strstr(csv, "setting,say_aloud,");
            char *yes = at ? strstr(at, ",yes\r\n") : NULL;
            CHECK(yes != NULL);
            if (!yes)
                break;
            char sheet[8192];
            snprintf(sheet, sizeof sheet, "%.*s,%s%s", (int)(yes - csv), csv, other[j], yes + 4);
            DiagList e = {0};
            char *b2 = sheet_import(sheet, strlen(sheet), "s.csv", NULL, &e);
            if (j < 2) {
                CHECK_MSG(b2 && strstr(b2, "\"say_aloud\": true"), "%s read as %s", other[j], b2 ? b2 : "an error");
            } else {
                CHECK(b2 == NULL && e.errors == 1);
                CHECK_MSG(e.count && strstr(e.items[0].message, "\"say_aloud\" is \"yes\" or \"no\"; not \"maybe\""),
                          "%s", e.count ? e.items[0].message : "no message");
                CHECK(e.count && e.items[0].col > 1 && e.items[0].line > 1);
            }
            free(b2);
            diag_list_free(&e);
        }
        free(csv);
        free(back);
        diag_list_free(&d);
    }
}

static char *export_of(const char *path, bool no_bom)
{
    size_t len = 0, csv_len = 0;
    char *json = check_read_file(path, &len), err[256];
    char *csv = json ? sheet_export(json, len, no_bom, &csv_len, err) : NULL;
    free(json);
    return csv;
}

static void export_opens_in_excel_bom_quotes_and_formula_guard(void)
{
    char *csv = export_of("scenarios/hung-up-call.json", false);
    CHECK(csv && !strncmp(csv, "\xef\xbb\xbfkind,id,speaker,mood,zh,en,next,end,requires,points ", 44));
    CHECK(csv && strstr(csv, "\r\nnode,opening,"));
    /* a text with a quote is quoted with the quote doubled */
    CHECK(csv && strstr(csv, "\"\"Stop calling me!\"\""));
    free(csv);
    csv = export_of("scenarios/hung-up-call.json", true);
    CHECK(csv && !strncmp(csv, "kind,", 5));
    free(csv);
    /* a text that starts like a formula gets a leading ' and comes back without it */
    const char *json = "{\"format\":1,\"id\":\"f\",\"version\":\"1.0.0\",\"title\":\"=SUM(A1)\",\"level\":\"new_hire\","
                       "\"locales\":[\"en\"],\"competencies\":{\"c\":{\"name\":\"C\"}},\"start\":\"a\",\"nodes\":{"
                       "\"a\":{\"text\":\"-50% today?\",\"choices\":[{\"text\":\"+1\",\"score\":{\"c\":-1},"
                       "\"feedback\":\"f\",\"next\":\"b\"},{\"text\":\"ok\",\"score\":{\"c\":2},\"feedback\":\"g\","
                       "\"next\":\"b\"}]},\"b\":{\"text\":\"bye\",\"end\":{\"outcome\":\"pass\"}}}}";
    size_t n = 0;
    char err[256];
    char *s = sheet_export(json, strlen(json), true, &n, err);
    CHECK(s && strstr(s, ",'=SUM(A1),") && strstr(s, ",'-50% today?,") && strstr(s, ",'+1,"));
    CHECK(s && strstr(s, ",-1,")); /* numbers are never guarded */
    DiagList d = {0};
    char *back = s ? sheet_import(s, n, "f.csv", NULL, &d) : NULL;
    CHECK(back && strstr(back, "\"title\": \"=SUM(A1)\"") == NULL && strstr(back, "\"=SUM(A1)\""));
    CHECK(back && strstr(back, "\"-50% today?\"") && !strstr(back, "'-50%"));
    free(s);
    free(back);
    diag_list_free(&d);
}

/* Imports `csv` and returns its diagnostics, one a line. */
static char *import_errors(const char *csv)
{
    DiagList d = {0};
    char *json = sheet_import(csv, strlen(csv), "call.csv", NULL, &d);
    char *msgs = errors_of(&d);
    CHECK_MSG(json == NULL || d.errors == 0, "json given despite errors");
    free(json);
    diag_list_free(&d);
    return msgs;
}

#define HEAD "kind,id,speaker,mood,zh,en,next,end,requires,points empathy,effects,feedback zh,feedback en,critical,timer,value\r\n"
#define TOP                                                                                                     \
    "setting,id,,,,,,,,,,,,,,renewal\r\nsetting,version,,,,,,,,,,,,,,1.0.0\r\nsetting,title,,,续约,Renewal\r\n" \
    "setting,level,,,,,,,,,,,,,,new_hire\r\nsetting,start,,,,,,,,,,,,,,ask\r\n"                                 \
    "competency,empathy,,,同理心,Empathy\r\nmeter,trust,,,信任,Trust,,,,,,,,,,min=0 max=100 start=30\r\n"

static void import_errors_name_the_row_and_column(void)
{
    /* row 9: an answer whose next names no node, with the node it nearly is */
    char *m = import_errors(HEAD TOP "node,ask,,,要折扣吗？,A discount?\r\n"
                                     "answer,yes,,,好,Sure,wonn,,,3,trsut +10,好,Good\r\n"
                                     "node,won,,,成交,Deal,,pass\r\n");
    CHECK_MSG(strstr(m, "call.csv:10:7: error: unknown node \"wonn\""), "%s", m);
    CHECK_MSG(strstr(m, "(at column next)"), "%s", m);
    CHECK_MSG(strstr(m, "call.csv:10:11: error: unknown meter \"trsut\""), "%s", m);
    free(m);
    /* a points cell that is not a number; a bad effect; an unknown kind of row */
    m = import_errors(HEAD TOP "node,ask,,,要折扣吗？,A discount?\r\n"
                               "answer,yes,,,好,Sure,won,,,three,,好,Good\r\n"
                               "answr,no,,,不,No,won\r\n"
                               "answer,no,,,不,No,won,,,1,trust plenty,不,No\r\n"
                               "node,won,,,成交,Deal,,pass\r\n");
    CHECK_MSG(strstr(m, "call.csv:10:10: error: points must be a whole number"), "%s", m);
    CHECK_MSG(strstr(m, "call.csv:11:1: error: unknown kind of row \"answr\"; did you mean \"answer\"?"), "%s", m);
    CHECK_MSG(strstr(m, "call.csv:12:11: error: write each effect as \"meter +10\""), "%s", m);
    free(m);
    /* a quote left open; a text after a closing quote */
    m = import_errors(HEAD "node,a,,,\"x,y\r\n");
    CHECK_MSG(strstr(m, "call.csv:2:5: error: this cell opens with a quote"), "%s", m);
    free(m);
    m = import_errors(HEAD "node,a,,,\"x\"y,z\r\n");
    CHECK_MSG(strstr(m, "call.csv:2:5: error: text follows the closing quote"), "%s", m);
    free(m);
    /* GBK bytes (Excel's plain CSV on a Chinese Windows) */
    m = import_errors(HEAD "node,a,,,\xc4\xe3\xba\xc3,Hello\r\n");
    CHECK_MSG(strstr(m, "call.csv:2:5: error: this cell is not UTF-8 text. Save the sheet as \"CSV UTF-8\""), "%s", m);
    free(m);
    /* a missing setting; an answer before any node; a sheet without a header */
    m = import_errors(HEAD "answer,a,,,x,y,b\r\n");
    CHECK_MSG(strstr(m, "call.csv:2:1: error: an answer row belongs to the node row above it"), "%s", m);
    free(m);
    m = import_errors("node,a\r\n");
    CHECK_MSG(strstr(m, "call.csv:1:1: error: the first row names the columns"), "%s", m);
    free(m);
    m = import_errors(HEAD "setting,id,,,,,,,,,,,,,,renewal\r\n");
    CHECK_MSG(strstr(m, "call.csv: error: the setting \"version\" is missing: add a row with kind \"setting\""), "%s",
              m);
    free(m);
}

static void separators_of_european_excel_and_lf_lines_are_read(void)
{
    const char *csv = "kind;id;speaker;mood;en;next;end;points c;feedback en;value\n"
                      "setting;id;;;;;;;;semi\nsetting;version;;;;;;;;1.0.0\nsetting;title;;;Semi\n"
                      "setting;level;;;;;;;;new_hire\nsetting;start;;;;;;;;a\ncompetency;c;;;C\n"
                      "node;a;;;\"Hi; there\"\nanswer;;;;Go;b;;2;Good\nnode;b;;;Bye;;pass\n";
    DiagList d = {0};
    char *json = sheet_import(csv, strlen(csv), "semi.csv", NULL, &d);
    char *msgs = errors_of(&d);
    CHECK_MSG(json && strstr(json, "\"Hi; there\""), "%s", msgs);
    free(msgs);
    free(json);
    diag_list_free(&d);
}

static void the_command_line_round_trips_and_reports(void)
{
    const char *bin = getenv("SPARRING_BIN");
    if (!bin)
        bin = "build/sparring";
    char cmd[2048], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "d=$(mktemp -d) && %s sheet export scenarios/budget-cut.json > $d/c.csv && "
             "%s sheet import $d/c.csv > $d/c.json 2>/dev/null && %s validate $d/c.json 2>/dev/null; echo rc=$?; "
             "%s validate scenarios/budget-cut.json 2>/dev/null; rm -rf $d",
             bin, bin, bin, bin);
    check_run_cmd(cmd, &out);
    /* the imported file validates exactly as the original does */
    const char *second = out ? strstr(out, "rc=0\n") : NULL;
    CHECK_MSG(second && !strncmp(out, second + 5, (size_t)(second - out)) && strstr(out, " 0 errors"), "%s",
              out ? out : "");
    free(out);
    snprintf(cmd, sizeof cmd,
             "d=$(mktemp -d) && printf 'kind,id,en\\nnode,a,hi\\n' > $d/c.csv && %s sheet import $d/c.csv 2>&1 "
             ">$d/out; echo rc=$?; wc -c < $d/out; rm -rf $d",
             bin);
    check_run_cmd(cmd, &out);
    CHECK_MSG(out && strstr(out, "c.csv: error: the setting") && strstr(out, "rc=1\n0\n"), "%s", out ? out : "");
    free(out);
    snprintf(cmd, sizeof cmd, "%s sheet frobnicate x 2>/dev/null; echo rc=$?", bin);
    check_run_cmd(cmd, &out);
    CHECK_MSG(out && strstr(out, "rc=2"), "%s", out ? out : "");
    free(out);
}

static void a_sheet_file_loads_as_a_scenario(void)
{
    char *csv = export_of("scenarios/hung-up-call.json", false);
    char path[] = "/tmp/sparring-sheet-XXXXXX.csv";
    int fd = mkstemps(path, 4);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fputs(csv ? csv : "", f);
    fclose(f);
    DiagList d = {0};
    Scenario *sc = sheet_load_file(path, &d);
    CHECK(sc && !strcmp(scenario_id(sc), "hung-up-call"));
    scenario_free(sc);
    diag_list_free(&d);
    remove(path);
    free(csv);
}

int main(void)
{
    RUN(round_trip_is_lossless_on_every_bundled_scenario);
    RUN(the_sheet_carries_group_technique_and_critical);
    RUN(the_sheet_carries_say_aloud);
    RUN(export_opens_in_excel_bom_quotes_and_formula_guard);
    RUN(import_errors_name_the_row_and_column);
    RUN(separators_of_european_excel_and_lf_lines_are_read);
    RUN(the_command_line_round_trips_and_reports);
    RUN(a_sheet_file_loads_as_a_scenario);
    return check_summary();
}
