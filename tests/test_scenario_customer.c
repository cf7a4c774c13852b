/* The scenario's optional "customer" (an extension of format 1): its traits as loaded, its name
 * as the counterpart, and a file without it read exactly as before. Bad values are in the
 * invalid corpus (tests/invalid/customer-*.json). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario.h"
#include "sheet.h"

#define HEAD "{\"format\":1,\"id\":\"c\",\"version\":\"1.0.0\",\"title\":\"C\",\"level\":\"new_hire\",\"locales\":[\"en\"],"
#define TAIL "\"competencies\":{\"e\":{\"name\":\"E\"}},\"start\":\"a\",\"nodes\":{\"a\":{\"text\":\"Hi\"," \
             "\"choices\":[{\"text\":\"Hello\",\"score\":{\"e\":1},\"next\":\"b\",\"feedback\":\"Good.\"}]}," \
             "\"b\":{\"text\":\"Bye\",\"end\":{\"outcome\":\"pass\"}}}}"

static Scenario *load(const char *json, int *ndiags)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_buffer(json, strlen(json), "c.json", NULL, &d);
    *ndiags = d.count;
    diag_list_free(&d);
    return sc;
}

static void traits_are_read(void)
{
    int n;
    Scenario *sc = load(HEAD "\"customer\":{\"name\":\"Ms Zhou\",\"gender\":\"female\",\"age\":\"senior\","
                             "\"style\":\"uniform\",\"glasses\":true,\"mood\":\"angry\"}," TAIL,
                        &n);
    CHECK(sc != NULL);
    CHECK_INT(n, 0);
    if (!sc)
        return;
    const ScCustomer *c = scenario_customer(sc);
    CHECK(c->given && c->glasses);
    CHECK_INT(c->gender, SC_GENDER_FEMALE);
    CHECK_INT(c->age, SC_AGE_SENIOR);
    CHECK_INT(c->style, SC_STYLE_UNIFORM);
    CHECK_STR(c->mood, "angry");
    CHECK_STR(scenario_text(scenario_counterpart(sc), 0), "Ms Zhou"); /* the name speaks the lines */
    scenario_free(sc);
    sc = load(HEAD "\"customer\":{\"gender\":\"male\",\"age\":\"young\",\"style\":\"casual\"}," TAIL, &n);
    CHECK(sc && n == 0);
    if (sc) {
        c = scenario_customer(sc);
        CHECK(c->gender == SC_GENDER_MALE && c->age == SC_AGE_YOUNG && c->style == SC_STYLE_CASUAL && !c->glasses);
        CHECK(c->mood == NULL && scenario_counterpart(sc)->by_locale == NULL);
        scenario_free(sc);
    }
}

/* Without "customer" (or with an empty one) nothing is given, and the rest reads as before. */
static void absent_reads_as_before(void)
{
    int n1, n2;
    Scenario *a = load(HEAD TAIL, &n1), *b = load(HEAD "\"customer\":{}," TAIL, &n2);
    CHECK(a && b && n1 == 0 && n2 == 0);
    if (a && b) {
        const ScCustomer *c = scenario_customer(a);
        CHECK(!c->given && c->gender == SC_GENDER_UNSPECIFIED && c->age == SC_AGE_UNSPECIFIED &&
              c->style == SC_STYLE_UNSPECIFIED && !c->glasses && !c->mood);
        CHECK(scenario_customer(b)->given);
        CHECK_INT(scenario_node_count(a), scenario_node_count(b));
        CHECK_INT(scenario_max(a)->total, scenario_max(b)->total);
    }
    scenario_free(a);
    scenario_free(b);
}

/* The sheet carries the customer: the name in the language columns, the traits in "value";
 * a word it does not know is an error at that cell. */
static void sheet_carries_the_customer(void)
{
    const char *json = HEAD "\"customer\":{\"name\":\"Ms Gu\",\"gender\":\"female\",\"style\":\"uniform\","
                            "\"glasses\":false,\"mood\":\"angry\"}," TAIL;
    size_t n = 0;
    char err[256] = "";
    char *csv = sheet_export(json, strlen(json), false, &n, err);
    CHECK_MSG(csv != NULL, "export: %s", err);
    if (!csv)
        return;
    CHECK(strstr(csv, "setting,customer,") && strstr(csv, "gender=female style=uniform mood=angry glasses=no"));
    DiagList d = {0};
    char *back = sheet_import(csv, n, "c.csv", NULL, &d);
    CHECK(back != NULL && d.errors == 0);
    int nd;
    Scenario *sc = back ? load(back, &nd) : NULL;
    CHECK(sc != NULL);
    if (sc) {
        const ScCustomer *c = scenario_customer(sc);
        CHECK(c->gender == SC_GENDER_FEMALE && c->style == SC_STYLE_UNIFORM && !c->glasses && c->mood);
        CHECK_STR(scenario_text(scenario_counterpart(sc), 0), "Ms Gu");
        scenario_free(sc);
    }
    free(back);
    diag_list_free(&d);
    char *bad = strstr(csv, "glasses=no");
    memcpy(bad, "hat=on    ", 10);
    DiagList d2 = {0};
    back = sheet_import(csv, n, "c.csv", NULL, &d2);
    CHECK(back == NULL && d2.errors == 1);
    CHECK(d2.count > 0 && strstr(d2.items[0].message, "\"hat\" is not understood"));
    free(back);
    diag_list_free(&d2);
    free(csv);
}

int main(void)
{
    RUN(traits_are_read);
    RUN(absent_reads_as_before);
    RUN(sheet_carries_the_customer);
    return check_summary();
}
