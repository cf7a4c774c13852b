/* Diagnostics: formatting and the stable sort by position. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"

static void format_is_the_compiler_form(void)
{
    DiagList d = {0};
    diag_add(&d, DIAG_ERROR, "a.json", 14, 21, "/nodes/opening/choices/0/next", "unknown node \"%s\"", "hungup");
    diag_add(&d, DIAG_WARNING, "a.json", 0, 0, "", "cannot read");
    char buf[256];
    diag_format(&d.items[0], buf, sizeof buf);
    CHECK_STR(buf, "a.json:14:21: error: unknown node \"hungup\" (at /nodes/opening/choices/0/next)");
    diag_format(&d.items[1], buf, sizeof buf);
    CHECK_STR(buf, "a.json: warning: cannot read");
    CHECK_INT(d.errors, 1);
    CHECK_INT(d.warnings, 1);
    diag_list_free(&d);
    CHECK_INT(d.count, 0);
}

static void sort_orders_by_line_then_column_and_keeps_ties_in_order(void)
{
    DiagList d = {0};
    srand(7);
    for (int i = 0; i < 5000; i++) {
        char msg[16];
        snprintf(msg, sizeof msg, "%d", i); /* the order of adding, to check stability */
        diag_add(&d, DIAG_ERROR, "f", rand() % 50, rand() % 5, "", "%s", msg);
    }
    diag_list_sort(&d);
    CHECK_INT(d.count, 5000);
    int bad = 0;
    for (int i = 1; i < d.count; i++) {
        const Diag *a = &d.items[i - 1], *b = &d.items[i];
        if (a->line > b->line || (a->line == b->line && a->col > b->col))
            bad++;
        else if (a->line == b->line && a->col == b->col && atoi(a->message) > atoi(b->message))
            bad++;
    }
    CHECK_INT(bad, 0);
    diag_list_free(&d);
}

static void first_error_skips_warnings(void)
{
    DiagList d = {0};
    char buf[256];
    CHECK_STR(diag_first_error(&d, buf, sizeof buf, "none"), "none");
    diag_add(&d, DIAG_WARNING, "f.json", 2, 3, "/a", "just a warning");
    CHECK_STR(diag_first_error(&d, buf, sizeof buf, "none"), "none");
    diag_add(&d, DIAG_ERROR, "f.json", 5, 1, "/b", "the first error");
    diag_add(&d, DIAG_ERROR, "f.json", 6, 1, "/c", "the second");
    CHECK_STR(diag_first_error(&d, buf, sizeof buf, "none"), "f.json:5:1: error: the first error (at /b)");
    diag_list_free(&d);
}

int main(void)
{
    RUN(format_is_the_compiler_form);
    RUN(first_error_skips_warnings);
    RUN(sort_orders_by_line_then_column_and_keeps_ties_in_order);
    return check_summary();
}
