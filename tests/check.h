/* A minimal test harness: CHECK records a failure and goes on; RUN runs one test function.
 * check_summary() prints "N passed, N failed" and returns the exit code. */
#ifndef SPARRING_CHECK_H
#define SPARRING_CHECK_H

#include <stdio.h>
#include <string.h>

extern int check_failures_in_test;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            check_failures_in_test++;                                                 \
        }                                                                             \
    } while (0)

#define CHECK_MSG(cond, ...)                                                          \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                             \
            fputc('\n', stderr);                                                      \
            check_failures_in_test++;                                                 \
        }                                                                             \
    } while (0)

#define CHECK_INT(a, b)                                                                          \
    do {                                                                                         \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                          \
        if (check_a_ != check_b_) {                                                              \
            fprintf(stderr, "%s:%d: check failed: %s == %s (%lld != %lld)\n", __FILE__, __LINE__, \
                    #a, #b, check_a_, check_b_);                                                 \
            check_failures_in_test++;                                                            \
        }                                                                                        \
    } while (0)

#define CHECK_STR(a, b)                                                                        \
    do {                                                                                       \
        const char *check_a_ = (a), *check_b_ = (b);                                           \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {                       \
            fprintf(stderr, "%s:%d: check failed: %s == %s (\"%s\" != \"%s\")\n", __FILE__,      \
                    __LINE__, #a, #b, check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)"); \
            check_failures_in_test++;                                                          \
        }                                                                                      \
    } while (0)

#define RUN(fn) check_run(#fn, fn)

void check_run(const char *name, void (*fn)(void));
int check_summary(void);
/* Reads a whole file into a NUL-terminated buffer (caller frees); NULL on failure. */
char *check_read_file(const char *path, size_t *len);
/* Runs a shell command, captures stdout (caller frees) and returns the exit status. */
int check_run_cmd(const char *cmd, char **out);

#endif
