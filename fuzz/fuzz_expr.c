/* libFuzzer target: conditions (engine/expr.c) are written by hand in scenario files. Whatever
 * the bytes, compiling must not crash or leak, an error must point inside the text, and what
 * compiles must evaluate on any meter values (including the int32 extremes) without overflow. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

static const char *names[] = {"patience", "trust", "mood", "vip", "asked", "x"};

static ExprNameKind resolve(void *ctx, const char *name, size_t len, int *index)
{
    (void)ctx;
    for (int i = 0; i < 6; i++)
        if (strlen(names[i]) == len && !memcmp(names[i], name, len)) {
            *index = i < 3 ? i : i - 3;
            return i < 3 ? EXPR_NAME_METER : EXPR_NAME_FLAG;
        }
    return EXPR_NAME_UNKNOWN;
}

static void count(void *ctx, bool is_flag, int index)
{
    if (index < 0 || index > 2)
        abort();
    ++*(int *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *src = malloc(size + 1);
    if (!src)
        return 0;
    memcpy(src, data, size);
    src[size] = 0; /* conditions are C strings: the text ends at the first NUL */
    char err[256];
    size_t at = 0;
    Expr *e = expr_compile(src, resolve, NULL, err, sizeof err, &at);
    if (!e) {
        if (at > strlen(src) || !err[0])
            abort();
    } else {
        static const int32_t sets[3][3] = {
            {0, 0, 0}, {INT32_MAX, INT32_MAX, INT32_MAX}, {INT32_MIN, INT32_MIN, INT32_MAX}};
        static const uint8_t fl[2][3] = {{0, 0, 0}, {1, 1, 1}};
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++)
                (void)expr_eval(e, sets[i], fl[j]);
        int n = 0;
        expr_each_name(e, count, &n);
        expr_free(e);
    }
    free(src);
    return 0;
}
