/* Conditions (engine/expr.c): precedence, every operator, literals, errors with offsets. */
#include "check.h"
#include "expr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Meters: patience=0, trust=1, mood=2, big=3, small=4; flags: vip=0, asked_budget=1. */
static const char *meter_names[] = {"patience", "trust", "mood", "big", "small"};
static const char *flag_names[] = {"vip", "asked_budget"};
static int32_t meters[5];
static uint8_t flags[2];
static int resolve_calls;

static ExprNameKind resolve(void *ctx, const char *name, size_t len, int *index)
{
    (void)ctx;
    resolve_calls++;
    for (int i = 0; i < 5; i++)
        if (strlen(meter_names[i]) == len && memcmp(meter_names[i], name, len) == 0) {
            *index = i;
            return EXPR_NAME_METER;
        }
    for (int i = 0; i < 2; i++)
        if (strlen(flag_names[i]) == len && memcmp(flag_names[i], name, len) == 0) {
            *index = i;
            return EXPR_NAME_FLAG;
        }
    return EXPR_NAME_UNKNOWN;
}

static void reset_state(void)
{
    meters[0] = 30; /* patience */
    meters[1] = 60; /* trust */
    meters[2] = -3; /* mood */
    meters[3] = INT32_MAX;
    meters[4] = INT32_MIN;
    flags[0] = 0;
    flags[1] = 1;
}

/* Compiles and evaluates; -1 when it does not compile (the message in last_err). */
static char last_err[200];
static size_t last_at;

static int eval(const char *src)
{
    Expr *e = expr_compile(src, resolve, NULL, last_err, sizeof last_err, &last_at);
    if (!e)
        return -1;
    int r = expr_eval(e, meters, flags);
    expr_free(e);
    return r;
}

/* Checks a condition's value (-1: it must not compile), with the compiler's message if any. */
#define CHECK_EVAL(src, want)                                                                     \
    do {                                                                                          \
        int got_ = eval(src);                                                                     \
        CHECK_MSG(got_ == (want), "\"%s\" gave %d, want %d%s%s", (src), got_, (want),                \
                  got_ < 0 ? "; error: " : "", got_ < 0 ? last_err : "");                          \
    } while (0)

/* Checks that src fails with a message containing `msg` at byte offset `at`. */
static void check_error(const char *src, const char *msg, size_t at, int line)
{
    char err[200] = "";
    size_t got_at = 999;
    Expr *e = expr_compile(src, resolve, NULL, err, sizeof err, &got_at);
    if (e) {
        fprintf(stderr, "test_expr.c:%d: \"%s\" compiled but should fail\n", line, src);
        check_failures_in_test++;
        expr_free(e);
        return;
    }
    if (!strstr(err, msg) || got_at != at) {
        fprintf(stderr, "test_expr.c:%d: \"%s\": got \"%s\" at %zu, want \"%s\" at %zu\n", line, src,
                err, got_at, msg, at);
        check_failures_in_test++;
    }
}
#define CHECK_ERROR(src, msg, at) check_error(src, msg, at, __LINE__)

static void comparisons_should_give_one_or_zero(void)
{
    reset_state();
    CHECK_EVAL("patience >= 30", 1);
    CHECK_EVAL("patience >= 31", 0);
    CHECK_EVAL("patience > 29", 1);
    CHECK_EVAL("patience > 30", 0);
    CHECK_EVAL("patience <= 30", 1);
    CHECK_EVAL("patience <= 29", 0);
    CHECK_EVAL("patience < 31", 1);
    CHECK_EVAL("patience < 30", 0);
    CHECK_EVAL("patience == 30", 1);
    CHECK_EVAL("patience == 31", 0);
    CHECK_EVAL("patience != 31", 1);
    CHECK_EVAL("patience != 30", 0);
    /* the same with the meter on the right and no spaces (the slow path) */
    CHECK_EVAL("30<=patience", 1);
    CHECK_EVAL("31<=patience", 0);
    CHECK_EVAL("(patience>=30)==1", 1);
    CHECK_EVAL("trust - patience == 30", 1);
}

static void flags_should_be_one_or_zero(void)
{
    reset_state();
    CHECK_EVAL("vip", 0);
    CHECK_EVAL("asked_budget", 1);
    CHECK_EVAL("not vip", 1);
    CHECK_EVAL("not asked_budget", 0);
    CHECK_EVAL("asked_budget + asked_budget == 2", 1);
    CHECK_EVAL("vip + asked_budget", 1);
    CHECK_EVAL("true", 1);
    CHECK_EVAL("false", 0);
    CHECK_EVAL("true + true == 2", 1);
    CHECK_EVAL("0", 0);
    CHECK_EVAL("7", 1);
    CHECK_EVAL("mood", 1); /* non-zero is true */
}

static void and_should_bind_tighter_than_or(void)
{
    reset_state();
    /* true or (false and false) = true; (true or false) and false would be false */
    CHECK_EVAL("true or false and false", 1);
    CHECK_EVAL("false and false or true", 1);
    CHECK_EVAL("(true or false) and false", 0);
    CHECK_EVAL("trust > 50 and not vip", 1);
    CHECK_EVAL("trust > 50 and not asked_budget", 0);
    CHECK_EVAL("(patience + trust) >= 100 or vip", 0);
    CHECK_EVAL("(patience + trust) >= 90 or vip", 1);
    CHECK_EVAL("false or false or false or true", 1);
    CHECK_EVAL("true and true and true and false", 0);
}

static void not_should_bind_looser_than_comparison(void)
{
    reset_state();
    /* not (patience > 3): patience is 30, so false; (not patience) > 3 would be 0 > 3, also
     * false, so use a case where they differ: (not patience) < 3 is true, not (patience < 3)
     * is true... pick == */
    CHECK_EVAL("not patience == 0", 1);  /* not (30 == 0) = 1; (not 30) == 0 would be 1 */
    CHECK_EVAL("not patience == 30", 0); /* not (30 == 30) = 0; (not 30) == 30 = 0 */
    CHECK_EVAL("not mood < 0", 0);       /* not (-3 < 0) = 0; (not -3) < 0 = 0 < 0 = 0 */
    CHECK_EVAL("not mood > -5", 0);      /* not (-3 > -5) = 0; (not -3) > -5 = 1 */
    CHECK_EVAL("not patience + 1 > 30", 0); /* not ((30 + 1) > 30) */
    CHECK_EVAL("not not vip", 0);
    CHECK_EVAL("not not not vip", 1);
    CHECK_EVAL("not vip and asked_budget", 1); /* (not vip) and asked_budget */
    CHECK_EVAL("not (vip or asked_budget)", 0);
    CHECK_EVAL("not vip or vip", 1);
}

static void sums_should_go_left_to_right(void)
{
    reset_state();
    CHECK_EVAL("10 - 3 - 2 == 5", 1); /* (10 - 3) - 2, not 10 - (3 - 2) */
    CHECK_EVAL("1 - 1 + 1 == 1", 1);
    CHECK_EVAL("patience + trust - mood == 93", 1);
    CHECK_EVAL("patience + 1 > trust - 30", 1);
    CHECK_EVAL("patience + 1 > trust - 30 + 2", 0);
}

static void minus_should_negate_a_literal_only(void)
{
    reset_state();
    CHECK_EVAL("mood > -2", 0);
    CHECK_EVAL("mood > -4", 1);
    CHECK_EVAL("mood == -3", 1);
    CHECK_EVAL("-3 == mood", 1);
    CHECK_EVAL("- 3 == mood", 1);     /* spaces allowed between sign and digits */
    CHECK_EVAL("patience - -3 == 33", 1);
    CHECK_EVAL("patience--3 == 33", 1);
    CHECK_EVAL("-1 + 2 == 1", 1);      /* (-1) + 2, the sign is part of the literal */
    CHECK_EVAL("-2147483648 < 0", 1);
    CHECK_EVAL("2147483647 > 0", 1);
    CHECK_EVAL("-0 == 0", 1);
    CHECK_EVAL("007 == 7", 1);
    CHECK_ERROR("-patience > 3", "expected a number after \"-\"", 1);
    CHECK_ERROR("- (3)", "expected a number after \"-\"", 2);
    CHECK_ERROR("--3", "expected a number after \"-\"", 1);
}

static void sums_should_not_overflow(void)
{
    reset_state();
    /* big = INT32_MAX, small = INT32_MIN */
    CHECK_EVAL("big + big > big", 1);
    CHECK_EVAL("big + big + big + big == 4 * 1", -1); /* no multiplication in the language */
    CHECK_EVAL("big + big + big + big > 8589934580", -1); /* literal out of range */
    CHECK_EVAL("big + big + big + big - big - big - big == big", 1);
    CHECK_EVAL("small + small < small", 1);
    CHECK_EVAL("small - big < 0", 1);
    CHECK_EVAL("big - small > 0", 1);
    CHECK_EVAL("2147483647 + 2147483647 == big + big", 1);
    CHECK_EVAL("-2147483648 - 2147483647 < 0", 1);
    CHECK_EVAL("0 - small > 0", 1);
}

static void literals_out_of_int32_should_be_errors(void)
{
    CHECK_ERROR("patience > 2147483648", "out of range", 11);
    CHECK_ERROR("patience > -2147483649", "out of range", 11);
    CHECK_ERROR("99999999999999999999999 > 1", "out of range", 0);
    CHECK_ERROR("x < 1", "unknown name \"x\"", 0);
}

static void syntax_errors_should_name_the_token_and_offset(void)
{
    CHECK_ERROR("patince >= 30", "unknown name \"patince\"", 0);
    CHECK_ERROR("patience >= 30 and trsut > 5", "unknown name \"trsut\"", 19);
    CHECK_ERROR("(patience >= 30", "expected \")\"", 15);
    CHECK_ERROR("(patience >= 30 trust", "expected \")\"", 16);
    CHECK_ERROR("patience >=", "unexpected end of condition", 11);
    CHECK_ERROR("patience >= 30 and", "unexpected end of condition", 18);
    CHECK_ERROR("not", "unexpected end of condition", 3);
    CHECK_ERROR("patience -", "unexpected end of condition", 10);
    CHECK_ERROR("", "empty condition", 0);
    CHECK_ERROR("   ", "empty condition", 0);
    CHECK_ERROR("a < b < c", "unknown name \"a\"", 0);
    CHECK_ERROR("patience < trust < mood", "cannot be chained", 17);
    CHECK_ERROR("1 == 1 == 1", "cannot be chained", 7);
    CHECK_ERROR("patience = 30", "\"==\"", 9);
    CHECK_ERROR("patience ! 30", "\"not\"", 9);
    CHECK_ERROR("!vip", "\"not\"", 0);
    CHECK_ERROR("vip && asked_budget", "\"and\"", 4);
    CHECK_ERROR("vip || asked_budget", "\"or\"", 4);
    CHECK_ERROR("patience >= 30)", "no \"(\"", 14);
    CHECK_ERROR("patience 30", "unexpected \"30\"", 9);
    CHECK_ERROR("patience >= 30 vip", "unexpected \"vip\"", 15);
    CHECK_ERROR("()", "expected a number, a name or \"(\", found \")\"", 1);
    CHECK_ERROR("patience >= * 3", "unexpected character \"*\"", 12);
    CHECK_ERROR("patience >= and", "found \"and\"", 12);
    CHECK_ERROR("3abc > 1", "invalid number \"3abc\"", 0);
    CHECK_ERROR("patience \xef\xbc\x9e 3", "unexpected character \"\xef\xbc\x9e\"", 9); /* full-width > */
    CHECK_ERROR("patience > 3\x01", "unexpected byte 0x01", 12);
    CHECK_ERROR("and", "found \"and\"", 0);
    CHECK_ERROR("true == ", "unexpected end of condition", 8);
}

static void deep_nesting_should_be_an_error_not_a_crash(void)
{
    char buf[4096];
    size_t n = 0;
    for (int i = 0; i < 1000; i++)
        buf[n++] = '(';
    buf[n++] = '1';
    for (int i = 0; i < 1000; i++)
        buf[n++] = ')';
    buf[n] = 0;
    CHECK_ERROR(buf, "nested too deeply", 64);
    n = 0;
    for (int i = 0; i < 500; i++) {
        memcpy(buf + n, "not ", 4);
        n += 4;
    }
    buf[n++] = '1';
    buf[n] = 0;
    CHECK_ERROR(buf, "nested too deeply", 256);

    /* 60 levels is fine */
    n = 0;
    for (int i = 0; i < 60; i++)
        buf[n++] = '(';
    buf[n++] = '1';
    for (int i = 0; i < 60; i++)
        buf[n++] = ')';
    buf[n] = 0;
    CHECK_EVAL(buf, 1);

    /* a long flat sum is fine too (the stack stays at 2) */
    reset_state();
    n = 0;
    n += (size_t)snprintf(buf, sizeof buf, "0");
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, " + big");
    snprintf(buf + n, sizeof buf - n, " == 644245094100");
    CHECK_EVAL(buf, -1); /* literal too big: sums are 64-bit, literals 32-bit */
    snprintf(buf + n, sizeof buf - n, " - big * 1 > 0");
    CHECK_EVAL(buf, -1); /* no '*' */
    snprintf(buf + n, sizeof buf - n, " > 2147483647");
    CHECK_EVAL(buf, 1);
}

static void keywords_should_not_be_names(void)
{
    /* names that start with a keyword are names */
    CHECK_ERROR("notice > 1", "unknown name \"notice\"", 0);
    CHECK_ERROR("android", "unknown name \"android\"", 0);
    CHECK_ERROR("order", "unknown name \"order\"", 0);
    CHECK_ERROR("truest", "unknown name \"truest\"", 0);
    /* keywords are case-sensitive: "AND" is a name */
    CHECK_ERROR("vip AND vip", "unexpected \"AND\"", 4);
    CHECK_ERROR("True", "unknown name \"True\"", 0);
}

static void names_should_be_resolved_once_at_compile(void)
{
    reset_state();
    resolve_calls = 0;
    Expr *e = expr_compile("patience > 10 and trust > 10 and not vip", resolve, NULL, NULL, 0, NULL);
    CHECK(e != NULL);
    CHECK_INT(resolve_calls, 3);
    for (int i = 0; i < 100; i++)
        CHECK(expr_eval(e, meters, flags));
    CHECK_INT(resolve_calls, 3);
    meters[0] = 5;
    CHECK(!expr_eval(e, meters, flags));
    expr_free(e);
    expr_free(NULL);
}

typedef struct {
    int n;
    int is_flag[16], index[16];
} Names;

static void collect(void *ctx, bool is_flag, int index)
{
    Names *nm = ctx;
    if (nm->n < 16) {
        nm->is_flag[nm->n] = is_flag;
        nm->index[nm->n] = index;
    }
    nm->n++;
}

static void each_name_should_list_what_is_read_once(void)
{
    Expr *e = expr_compile("(patience + trust) >= 100 or vip or patience < 3 or not asked_budget",
                           resolve, NULL, NULL, 0, NULL);
    CHECK(e != NULL);
    if (!e)
        return;
    Names nm = {0};
    expr_each_name(e, collect, &nm);
    CHECK_INT(nm.n, 4);
    CHECK_INT(nm.is_flag[0], 0);
    CHECK_INT(nm.index[0], 0);
    CHECK_INT(nm.is_flag[1], 0);
    CHECK_INT(nm.index[1], 1);
    CHECK_INT(nm.is_flag[2], 1);
    CHECK_INT(nm.index[2], 0);
    CHECK_INT(nm.is_flag[3], 1);
    CHECK_INT(nm.index[3], 1);
    expr_free(e);

    e = expr_compile("true or 3 > 2", resolve, NULL, NULL, 0, NULL);
    CHECK(e != NULL);
    nm.n = 0;
    if (e)
        expr_each_name(e, collect, &nm);
    CHECK_INT(nm.n, 0);
    expr_free(e);
}

static void whitespace_should_be_allowed_anywhere_between_tokens(void)
{
    reset_state();
    CHECK_EVAL("\t patience\n>=\r\n30 ", 1);
    CHECK_EVAL("(patience>=30)and(trust>50)", 1);
    CHECK_EVAL("patience>=30and trust>50", -1); /* "30and" is not a number */
}

static void errors_should_fit_a_small_buffer(void)
{
    char err[8];
    size_t at = 0;
    Expr *e = expr_compile("patince > 1", resolve, NULL, err, sizeof err, &at);
    CHECK(e == NULL);
    CHECK_INT(strlen(err), 7);
    CHECK_INT(at, 0);
    /* NULL err is allowed */
    e = expr_compile("patince > 1", resolve, NULL, NULL, 0, NULL);
    CHECK(e == NULL);
}

int main(void)
{
    RUN(comparisons_should_give_one_or_zero);
    RUN(flags_should_be_one_or_zero);
    RUN(and_should_bind_tighter_than_or);
    RUN(not_should_bind_looser_than_comparison);
    RUN(sums_should_go_left_to_right);
    RUN(minus_should_negate_a_literal_only);
    RUN(sums_should_not_overflow);
    RUN(literals_out_of_int32_should_be_errors);
    RUN(syntax_errors_should_name_the_token_and_offset);
    RUN(deep_nesting_should_be_an_error_not_a_crash);
    RUN(keywords_should_not_be_names);
    RUN(names_should_be_resolved_once_at_compile);
    RUN(each_name_should_list_what_is_read_once);
    RUN(whitespace_should_be_allowed_anywhere_between_tokens);
    RUN(errors_should_fit_a_small_buffer);
    return check_summary();
}
