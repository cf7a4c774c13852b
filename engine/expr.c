/* expr: the condition language (scenario-format.md, "Conditions").
 *
 * A condition is tokenized and parsed by recursive descent once, at load, into a flat stack
 * program; expr_eval runs that program on a small fixed stack with no allocation. The most
 * common shapes (`meter OP literal`, `flag`, `not flag`) also get a direct fast path.
 *
 * Grammar (binding from loosest to tightest):
 *     or     := and ( "or" and )*
 *     and    := unary ( "and" unary )*
 *     unary  := "not" unary | cmp          -- so `not a > 3` is `not (a > 3)`
 *     cmp    := sum ( CMPOP sum )?         -- non-associative: `a < b < c` is an error
 *     sum    := atom ( ( "+" | "-" ) atom )*
 *     atom   := "-"? integer | name | "true" | "false" | "(" or ")"
 * Literals and meters are 32-bit; every value on the stack is 64-bit, so sums cannot
 * overflow (a condition has at most a few thousand terms). */
#include "expr.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nesting of parentheses and `not` allowed; deeper is a clear error, never a stack overflow. */
#define EXPR_MAX_NESTING 64
/* Evaluation stack; the compiler rejects programs that would need more. */
#define EXPR_MAX_STACK 128

enum {
    OP_CONST, OP_METER, OP_FLAG,
    OP_ADD, OP_SUB,
    OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
    OP_NOT, OP_AND, OP_OR
};

typedef struct {
    uint8_t op;
    int32_t arg; /* OP_CONST: the value; OP_METER/OP_FLAG: the index */
} Instr;

/* Shapes evaluated without running the program. */
enum { FAST_NONE, FAST_METER_CMP, FAST_FLAG, FAST_NOT_FLAG, FAST_CONST };

struct Expr {
    int fast;      /* FAST_* */
    uint8_t fop;   /* FAST_METER_CMP: the comparison */
    int32_t fa, fb; /* FAST_METER_CMP: meter, literal; FAST_FLAG(_NOT): flag; FAST_CONST: value */
    int n;
    Instr code[];
};

typedef enum {
    T_END, T_NUM, T_NAME, T_AND, T_OR, T_NOT, T_TRUE, T_FALSE, T_LP, T_RP, T_PLUS, T_MINUS,
    T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE
} TokKind;

typedef struct {
    const char *src;
    size_t len;
    size_t pos; /* where the tokenizer reads next */
    /* the current token */
    TokKind tk;
    size_t tstart, tend;
    uint64_t tnum; /* T_NUM, saturated just past the int32 range */

    ExprResolve resolve;
    void *ctx;

    Instr *code;
    int n, cap;
    int sp, max_sp;
    int nesting;

    bool failed;
    char *err;
    size_t errsize;
    size_t *err_at;
} Parser;

static void fail_at(Parser *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail_at(Parser *p, size_t at, const char *fmt, ...)
{
    if (p->failed)
        return; /* keep the first error */
    p->failed = true;
    if (p->err && p->errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err, p->errsize, fmt, ap);
        va_end(ap);
    }
    if (p->err_at)
        *p->err_at = at;
}

static bool is_name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

/* The current token's text, quoted and shortened for a message. */
static void tok_text(const Parser *p, char *buf, size_t size)
{
    if (p->tk == T_END) {
        snprintf(buf, size, "the end of the condition");
        return;
    }
    size_t n = p->tend - p->tstart;
    if (n > 40)
        n = 40;
    snprintf(buf, size, "\"%.*s%s\"", (int)n, p->src + p->tstart, p->tend - p->tstart > 40 ? "..." : "");
}

/* A number: digits, saturated just past the int32 range; digits run into a name are an error. */
static void lex_number(Parser *p)
{
    const char *s = p->src;
    size_t start = p->pos;
    uint64_t v = 0;
    while (p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9') {
        if (v <= 2147483648u)
            v = v * 10 + (uint64_t)(s[p->pos] - '0');
        p->pos++;
    }
    if (p->pos < p->len && is_name_char(s[p->pos])) {
        while (p->pos < p->len && is_name_char(s[p->pos]))
            p->pos++;
        p->tend = p->pos;
        fail_at(p, start, "invalid number \"%.*s\"", (int)(p->pos - start > 40 ? 40 : p->pos - start),
                s + start);
        p->tk = T_END;
        return;
    }
    p->tk = T_NUM;
    p->tnum = v;
    p->tend = p->pos;
}

/* A name, or one of the words of the language. */
static void lex_word(Parser *p)
{
    static const struct {
        const char *w;
        size_t n;
        TokKind tk;
    } words[] = {{"and", 3, T_AND}, {"or", 2, T_OR}, {"not", 3, T_NOT}, {"true", 4, T_TRUE}, {"false", 5, T_FALSE}};
    size_t start = p->pos;
    while (p->pos < p->len && is_name_char(p->src[p->pos]))
        p->pos++;
    p->tend = p->pos;
    size_t n = p->pos - start;
    p->tk = T_NAME;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (n == words[i].n && memcmp(p->src + start, words[i].w, n) == 0)
            p->tk = words[i].tk;
}

/* The error for a character that starts no token; a whole UTF-8 sequence is quoted (e.g. a
 * full-width "（" typed by an IME). */
static void bad_char(Parser *p, size_t start)
{
    unsigned char u = (unsigned char)p->src[start];
    if (u >= 0x20 && u < 0x7f) {
        fail_at(p, start, "unexpected character \"%c\"", (char)u);
    } else if (u >= 0xc2 && u <= 0xf4) {
        size_t n = u >= 0xf0 ? 4 : u >= 0xe0 ? 3 : 2;
        if (start + n > p->len)
            n = p->len - start;
        fail_at(p, start, "unexpected character \"%.*s\"", (int)n, p->src + start);
    } else {
        fail_at(p, start, "unexpected byte 0x%02x", u);
    }
    p->tk = T_END;
}

/* The token of a character alone (`alone`) or followed by "=" (`with_eq`, the "=" consumed). */
static void lex_maybe_eq(Parser *p, char d, TokKind alone, TokKind with_eq)
{
    if (d == '=') {
        p->tk = with_eq;
        p->pos++;
    } else {
        p->tk = alone;
    }
}

/* An operator or a parenthesis, the first character already consumed. */
static void lex_operator(Parser *p, char c, char d, size_t start)
{
    switch (c) {
    case '(': p->tk = T_LP; break;
    case ')': p->tk = T_RP; break;
    case '+': p->tk = T_PLUS; break;
    case '-': p->tk = T_MINUS; break;
    case '<': lex_maybe_eq(p, d, T_LT, T_LE); break;
    case '>': lex_maybe_eq(p, d, T_GT, T_GE); break;
    case '=':
        lex_maybe_eq(p, d, T_END, T_EQ);
        if (d != '=')
            fail_at(p, start, "unexpected \"=\" (to compare, write \"==\")");
        break;
    case '!':
        lex_maybe_eq(p, d, T_END, T_NE);
        if (d != '=')
            fail_at(p, start, "unexpected \"!\" (write \"not\")");
        break;
    case '&':
        fail_at(p, start, "unexpected \"%s\" (write \"and\")", d == '&' ? "&&" : "&");
        p->tk = T_END;
        break;
    case '|':
        fail_at(p, start, "unexpected \"%s\" (write \"or\")", d == '|' ? "||" : "|");
        p->tk = T_END;
        break;
    default: bad_char(p, start); break;
    }
}

static void next_token(Parser *p)
{
    const char *s = p->src;
    while (p->pos < p->len && (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' || s[p->pos] == '\r'))
        p->pos++;
    p->tstart = p->pos;
    if (p->pos >= p->len) {
        p->tk = T_END;
        p->tend = p->pos;
        return;
    }
    char c = s[p->pos];
    if (c >= '0' && c <= '9') {
        lex_number(p);
        return;
    }
    if (is_name_start(c)) {
        lex_word(p);
        return;
    }
    char d = p->pos + 1 < p->len ? s[p->pos + 1] : 0;
    size_t start = p->pos++;
    lex_operator(p, c, d, start);
    p->tend = p->pos;
}

static void emit(Parser *p, uint8_t op, int32_t arg)
{
    if (p->failed)
        return;
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 16;
        Instr *c = realloc(p->code, (size_t)cap * sizeof *c);
        if (!c) {
            fail_at(p, 0, "out of memory");
            return;
        }
        p->code = c;
        p->cap = cap;
    }
    p->code[p->n].op = op;
    p->code[p->n].arg = arg;
    p->n++;
    if (op <= OP_FLAG) {
        if (++p->sp > p->max_sp)
            p->max_sp = p->sp;
    } else if (op != OP_NOT) {
        p->sp--;
    }
}

static void parse_or(Parser *p);

static void expect_value(Parser *p)
{
    char t[64];
    if (p->tk == T_END) {
        fail_at(p, p->len, "unexpected end of condition");
        return;
    }
    tok_text(p, t, sizeof t);
    fail_at(p, p->tstart, "expected a number, a name or \"(\", found %s", t);
}

static void parse_atom(Parser *p)
{
    if (p->failed)
        return;
    switch (p->tk) {
    case T_MINUS:
    case T_NUM: {
        size_t at = p->tstart;
        bool neg = false;
        if (p->tk == T_MINUS) {
            neg = true;
            next_token(p);
            if (p->failed)
                return;
            if (p->tk != T_NUM) {
                if (p->tk == T_END) {
                    fail_at(p, p->len, "unexpected end of condition");
                    return;
                }
                char t[64];
                tok_text(p, t, sizeof t);
                fail_at(p, p->tstart, "expected a number after \"-\", found %s (\"-\" only negates a number)", t);
                return;
            }
        }
        uint64_t v = p->tnum;
        if (v > (neg ? 2147483648u : 2147483647u)) {
            fail_at(p, at, "number %s%.*s is out of range (%s)", neg ? "-" : "",
                    (int)(p->tend - p->tstart > 40 ? 40 : p->tend - p->tstart), p->src + p->tstart,
                    "conditions use 32-bit integers, -2147483648 to 2147483647");
            return;
        }
        int64_t sv = neg ? -(int64_t)v : (int64_t)v;
        emit(p, OP_CONST, (int32_t)sv);
        next_token(p);
        return;
    }
    case T_TRUE:
    case T_FALSE:
        emit(p, OP_CONST, p->tk == T_TRUE);
        next_token(p);
        return;
    case T_NAME: {
        int index = -1;
        size_t n = p->tend - p->tstart;
        ExprNameKind k = p->resolve ? p->resolve(p->ctx, p->src + p->tstart, n, &index) : EXPR_NAME_UNKNOWN;
        if (k == EXPR_NAME_UNKNOWN || index < 0) {
            fail_at(p, p->tstart, "unknown name \"%.*s\"", (int)(n > 64 ? 64 : n), p->src + p->tstart);
            return;
        }
        emit(p, k == EXPR_NAME_METER ? OP_METER : OP_FLAG, index);
        next_token(p);
        return;
    }
    case T_LP: {
        if (++p->nesting > EXPR_MAX_NESTING) {
            fail_at(p, p->tstart, "condition nested too deeply (more than %d levels)", EXPR_MAX_NESTING);
            return;
        }
        next_token(p);
        parse_or(p);
        if (p->failed)
            return;
        if (p->tk != T_RP) {
            fail_at(p, p->tk == T_END ? p->len : p->tstart, "expected \")\"");
            return;
        }
        p->nesting--;
        next_token(p);
        return;
    }
    default:
        expect_value(p);
        return;
    }
}

static void parse_sum(Parser *p)
{
    parse_atom(p);
    while (!p->failed && (p->tk == T_PLUS || p->tk == T_MINUS)) {
        uint8_t op = p->tk == T_PLUS ? OP_ADD : OP_SUB;
        next_token(p);
        parse_atom(p);
        emit(p, op, 0);
    }
}

static int cmp_op(TokKind k)
{
    switch (k) {
    case T_LT: return OP_LT;
    case T_LE: return OP_LE;
    case T_GT: return OP_GT;
    case T_GE: return OP_GE;
    case T_EQ: return OP_EQ;
    case T_NE: return OP_NE;
    default: return -1;
    }
}

static void parse_cmp(Parser *p)
{
    parse_sum(p);
    if (p->failed)
        return;
    int op = cmp_op(p->tk);
    if (op < 0)
        return;
    next_token(p);
    parse_sum(p);
    emit(p, (uint8_t)op, 0);
    if (!p->failed && cmp_op(p->tk) >= 0) {
        char t[64];
        tok_text(p, t, sizeof t);
        fail_at(p, p->tstart, "comparisons cannot be chained: %s after a comparison (join them with \"and\")", t);
    }
}

static void parse_unary(Parser *p)
{
    if (p->failed)
        return;
    if (p->tk == T_NOT) {
        if (++p->nesting > EXPR_MAX_NESTING) {
            fail_at(p, p->tstart, "condition nested too deeply (more than %d levels)", EXPR_MAX_NESTING);
            return;
        }
        next_token(p);
        parse_unary(p);
        emit(p, OP_NOT, 0);
        p->nesting--;
        return;
    }
    parse_cmp(p);
}

static void parse_and(Parser *p)
{
    parse_unary(p);
    while (!p->failed && p->tk == T_AND) {
        next_token(p);
        parse_unary(p);
        emit(p, OP_AND, 0);
    }
}

static void parse_or(Parser *p)
{
    parse_and(p);
    while (!p->failed && p->tk == T_OR) {
        next_token(p);
        parse_and(p);
        emit(p, OP_OR, 0);
    }
}

static void set_fast(Expr *e)
{
    e->fast = FAST_NONE;
    const Instr *c = e->code;
    if (e->n == 1 && c[0].op == OP_CONST) {
        e->fast = FAST_CONST;
        e->fa = c[0].arg;
    } else if (e->n == 1 && c[0].op == OP_FLAG) {
        e->fast = FAST_FLAG;
        e->fa = c[0].arg;
    } else if (e->n == 2 && c[0].op == OP_FLAG && c[1].op == OP_NOT) {
        e->fast = FAST_NOT_FLAG;
        e->fa = c[0].arg;
    } else if (e->n == 3 && c[0].op == OP_METER && c[1].op == OP_CONST && c[2].op >= OP_LT &&
               c[2].op <= OP_NE) {
        e->fast = FAST_METER_CMP;
        e->fa = c[0].arg;
        e->fb = c[1].arg;
        e->fop = c[2].op;
    }
}

Expr *expr_compile(const char *src, ExprResolve resolve, void *ctx, char *err, size_t errsize,
                   size_t *err_at)
{
    Parser p;
    memset(&p, 0, sizeof p);
    p.src = src ? src : "";
    p.len = strlen(p.src);
    p.resolve = resolve;
    p.ctx = ctx;
    p.err = err;
    p.errsize = errsize;
    p.err_at = err_at;
    if (err && errsize)
        err[0] = 0;
    if (err_at)
        *err_at = 0;

    next_token(&p);
    if (!p.failed && p.tk == T_END)
        fail_at(&p, 0, "empty condition");
    parse_or(&p);
    if (!p.failed && p.tk != T_END) {
        char t[64];
        tok_text(&p, t, sizeof t);
        if (p.tk == T_RP)
            fail_at(&p, p.tstart, "unexpected \")\" with no \"(\" to close");
        else
            fail_at(&p, p.tstart, "unexpected %s (expected an operator, \"and\", \"or\" or the end)", t);
    }
    if (!p.failed && p.max_sp > EXPR_MAX_STACK)
        fail_at(&p, 0, "condition too complex (needs more than %d values at once)", EXPR_MAX_STACK);
    if (p.failed) {
        free(p.code);
        return NULL;
    }
    Expr *e = malloc(sizeof *e + (size_t)p.n * sizeof(Instr));
    if (!e) {
        free(p.code);
        fail_at(&p, 0, "out of memory");
        return NULL;
    }
    e->n = p.n;
    memcpy(e->code, p.code, (size_t)p.n * sizeof(Instr));
    free(p.code);
    set_fast(e);
    return e;
}

void expr_free(Expr *e)
{
    free(e);
}

static inline int64_t compare(uint8_t op, int64_t a, int64_t b)
{
    switch (op) {
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    case OP_EQ: return a == b;
    default: return a != b;
    }
}

bool expr_eval(const Expr *e, const int32_t *meters, const uint8_t *flags)
{
    switch (e->fast) {
    case FAST_METER_CMP: return compare(e->fop, meters[e->fa], e->fb) != 0;
    case FAST_FLAG: return flags[e->fa] != 0;
    case FAST_NOT_FLAG: return flags[e->fa] == 0;
    case FAST_CONST: return e->fa != 0;
    default: break;
    }
    int64_t st[EXPR_MAX_STACK];
    int sp = 0;
    for (int i = 0; i < e->n; i++) {
        const Instr in = e->code[i];
        switch (in.op) {
        case OP_CONST: st[sp++] = in.arg; break;
        case OP_METER: st[sp++] = meters[in.arg]; break;
        case OP_FLAG: st[sp++] = flags[in.arg] != 0; break;
        case OP_ADD: sp--; st[sp - 1] += st[sp]; break;
        case OP_SUB: sp--; st[sp - 1] -= st[sp]; break;
        case OP_NOT: st[sp - 1] = st[sp - 1] == 0; break;
        case OP_AND: sp--; st[sp - 1] = st[sp - 1] != 0 && st[sp] != 0; break;
        case OP_OR: sp--; st[sp - 1] = st[sp - 1] != 0 || st[sp] != 0; break;
        default: sp--; st[sp - 1] = compare(in.op, st[sp - 1], st[sp]); break;
        }
    }
    return st[0] != 0;
}

void expr_each_name(const Expr *e, void (*fn)(void *ctx, bool is_flag, int index), void *ctx)
{
    for (int i = 0; i < e->n; i++) {
        uint8_t op = e->code[i].op;
        if (op != OP_METER && op != OP_FLAG)
            continue;
        bool seen = false; /* each name once, in the order first read */
        for (int j = 0; j < i && !seen; j++)
            seen = e->code[j].op == op && e->code[j].arg == e->code[i].arg;
        if (!seen)
            fn(ctx, op == OP_FLAG, e->code[i].arg);
    }
}
