/* Shared helpers for the Check suites.  SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef VALUE_TESTUTIL_H
#define VALUE_TESTUTIL_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The suites test both parts of the header, the experimental one too. */
#define VALUE_EXPERIMENTAL
#include "value.h"

/* The source tree, compiled in by Makefile.am, so that a suite finds its
 * fixtures however it is run (harness, valgrind, by hand). */
#ifndef VALUE_TOP_SRCDIR
#error "VALUE_TOP_SRCDIR is defined by Makefile.am"
#endif

/* |got - want| <= rel * |want| (or <= rel when want is 0). */
#define assert_rel(got, want, rel)                                                                    \
    do {                                                                                              \
        double g_ = (got), w_ = (want), r_ = (rel);                                                   \
        double tol_ = w_ == 0 ? r_ : r_ * fabs(w_);                                                   \
        ck_assert_msg(fabs(g_ - w_) <= tol_, "%s = %.17g, want %.17g (rel tol %g)", #got, g_, w_, r_); \
    } while (0)

/* |got - want| <= abs_tol: for published figures at their rounding. */
#define assert_abs(got, want, abs_tol)                                                                  \
    do {                                                                                                \
        double g_ = (got), w_ = (want), t_ = (abs_tol);                                                 \
        ck_assert_msg(fabs(g_ - w_) <= t_, "%s = %.17g, want %.17g (abs tol %g)", #got, g_, w_, t_);    \
    } while (0)

/* The call failed with `code` and value_errmsg() contains `needle`. */
#define assert_fails(call, code, needle)                                                             \
    do {                                                                                             \
        int rc_ = (call);                                                                            \
        ck_assert_msg(rc_ == (code), "%s returned %d, want %d (%s)", #call, rc_, (code), value_errmsg()); \
        ck_assert_msg(strstr(value_errmsg(), (needle)) != NULL, "%s: message \"%s\" lacks \"%s\"",      \
                      #call, value_errmsg(), (needle));                                             \
    } while (0)

#define assert_ok(call)                                                                             \
    do {                                                                                            \
        int rc_ = (call);                                                                           \
        ck_assert_msg(rc_ == VALUE_OK, "%s returned %d: %s", #call, rc_, value_errmsg());            \
    } while (0)

/* A discount scheme at `rate` with `timing`, for tests that need one. */
static inline value_discount *test_scheme(double rate, int timing)
{
    value_discount *d = NULL;
    ck_assert_int_eq(value_discount_new(rate, &d), VALUE_OK);
    ck_assert_int_eq(value_discount_set(d, VALUE_DISCOUNT_TIMING, timing), VALUE_OK);
    return d;
}

/* Run one suite; the exit status is what automake's harness reads. */
static inline int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* The path of a fixture under tests/data/ (real public data the library
 * must reproduce; tests/data/README.md names each file's source); fails
 * the test if the file cannot be read.  Free the result. */
static inline char *tu_data_file(const char *name)
{
    const char *dir = VALUE_TOP_SRCDIR "/tests/data";
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);
    ck_assert_ptr_nonnull(path);
    snprintf(path, len, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot read the test data file %s", path);
    fclose(f);
    return path;
}

#endif
