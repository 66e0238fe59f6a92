/*
 * check.h -- the unit-test harness: a handful of assertion macros and a
 * runner, so that every tests/unit/test_*.c is a plain C program that ctest
 * runs and that exits non-zero when any assertion failed.
 *
 * Usage:
 *   static void test_something(void) { CHECK(x == 1); CHECK_STR(a, "b"); }
 *   int main(void) { RUN(test_something); return check_report(); }
 */
#ifndef SERAI_TEST_CHECK_H
#define SERAI_TEST_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                        \
    do {                                                                   \
        check_count++;                                                     \
        if (!(cond)) {                                                     \
            check_failures++;                                              \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
        }                                                                  \
    } while (0)

#define CHECK_INT(actual, expected)                                        \
    do {                                                                   \
        long long check_a_ = (long long)(actual);                          \
        long long check_e_ = (long long)(expected);                        \
        check_count++;                                                     \
        if (check_a_ != check_e_) {                                        \
            check_failures++;                                              \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n",          \
                    __FILE__, __LINE__, #actual, check_a_, check_e_);      \
        }                                                                  \
    } while (0)

#define CHECK_STR(actual, expected)                                        \
    do {                                                                   \
        const char *check_a_ = (actual);                                   \
        const char *check_e_ = (expected);                                 \
        check_count++;                                                     \
        if (check_a_ == NULL || strcmp(check_a_, check_e_) != 0) {         \
            check_failures++;                                              \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n",      \
                    __FILE__, __LINE__, #actual,                           \
                    check_a_ ? check_a_ : "(null)", check_e_);             \
        }                                                                  \
    } while (0)

#define RUN(fn)                                                            \
    do {                                                                   \
        int check_before_ = check_failures;                                \
        fn();                                                              \
        fprintf(stderr, "%s %s\n",                                         \
                check_failures == check_before_ ? "ok  " : "FAIL", #fn);   \
    } while (0)

static inline int check_report(void)
{
    fprintf(stderr, "%d checks, %d failed\n", check_count, check_failures);
    return check_failures == 0 ? 0 : 1;
}

#endif
