/* expr: the condition language of `requires` (scenario-format.md, Conditions), compiled once
 * at load into a small stack program. Internal to the engine. */
#ifndef SPARRING_EXPR_H
#define SPARRING_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Expr Expr;

/* How a name in a condition is resolved: returns EXPR_NAME_METER or EXPR_NAME_FLAG with its
 * index in *index, or EXPR_NAME_UNKNOWN. */
typedef enum { EXPR_NAME_UNKNOWN, EXPR_NAME_METER, EXPR_NAME_FLAG } ExprNameKind;
typedef ExprNameKind (*ExprResolve)(void *ctx, const char *name, size_t len, int *index);

/* Compiles `src`. On error returns NULL, writes a message to err (errsize bytes) and the
 * 0-based byte offset of the problem within src to *err_at. Free with expr_free. */
Expr *expr_compile(const char *src, ExprResolve resolve, void *ctx, char *err, size_t errsize,
                   size_t *err_at);
void expr_free(Expr *e);

/* Evaluates with meter values and flag values (0/1 bytes). Conditions are computed in 64 bits;
 * a comparison gives 1 or 0; the result is true when non-zero. */
bool expr_eval(const Expr *e, const int32_t *meters, const uint8_t *flags);

/* Calls fn for every meter (is_flag false) and flag (true) the condition reads. */
void expr_each_name(const Expr *e, void (*fn)(void *ctx, bool is_flag, int index), void *ctx);

#endif
