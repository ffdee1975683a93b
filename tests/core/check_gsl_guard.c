/* White-box tests of the GSL guard (lib/core/gsl_guard.c): a GSL error inside a
 * libvalue bracket becomes a status and never reaches GSL's aborting
 * default handler; outside brackets the host's GSL behaviour is unchanged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include "core/internal.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_exp.h>
#include <gsl/gsl_sf_log.h>
#include <pthread.h>
#include <signal.h>

START_TEST(domain_error_becomes_status)
{
    /* log(-1) is a GSL domain error: with GSL's default handler this call
     * would abort the process (the test would die with SIGABRT). */
    gsl_sf_result r;
    value__gsl_begin();
    int gsl_rc = gsl_sf_log_e(-1.0, &r);
    ck_assert_int_eq(gsl_rc, GSL_EDOM);
    ck_assert_int_eq(value__gsl_pending(), GSL_EDOM);
    assert_fails(value__gsl_end("log of a cost ratio"), VALUE_EDOM, "log of a cost ratio: GSL error 1");
}
END_TEST

START_TEST(overflow_becomes_erange)
{
    gsl_sf_result r;
    value__gsl_begin();
    ck_assert_int_eq(gsl_sf_exp_e(1000.0, &r), GSL_EOVRFLW);
    assert_fails(value__gsl_end("growth factor"), VALUE_ERANGE, "overflow");
}
END_TEST

START_TEST(clean_bracket_is_ok)
{
    gsl_sf_result r;
    value__gsl_begin();
    ck_assert_int_eq(gsl_sf_log_e(2.0, &r), GSL_SUCCESS);
    ck_assert_int_eq(value__gsl_end("log"), VALUE_OK);
    /* A failed bracket leaves nothing pending for the next one. */
    value__gsl_begin();
    gsl_sf_log_e(-1.0, &r);
    ck_assert_int_ne(value__gsl_end("first"), VALUE_OK);
    value__gsl_begin();
    ck_assert_int_eq(value__gsl_pending(), 0);
    ck_assert_int_eq(value__gsl_end("second"), VALUE_OK);
}
END_TEST

START_TEST(nested_brackets_report_at_outermost)
{
    gsl_sf_result r;
    value__gsl_begin();
    value__gsl_begin();
    gsl_sf_log_e(-1.0, &r);
    ck_assert_int_eq(value__gsl_end("inner"), VALUE_OK);
    /* The first error is the cause, even if a later one follows. */
    gsl_sf_exp_e(1000.0, &r);
    assert_fails(value__gsl_end("outer"), VALUE_EDOM, "outer: GSL error 1");
}
END_TEST

static void *error_in_thread(void *arg)
{
    gsl_sf_result r;
    value__gsl_begin();
    gsl_sf_log_e(-1.0, &r);
    *(int *)arg = value__gsl_end("thread");
    return NULL;
}

START_TEST(errors_stay_in_their_thread)
{
    int other = 0;
    gsl_sf_result r;
    value__gsl_begin();
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, error_in_thread, &other), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    ck_assert_int_eq(other, VALUE_EDOM);
    ck_assert_int_eq(gsl_sf_log_e(3.0, &r), GSL_SUCCESS);
    ck_assert_int_eq(value__gsl_end("main"), VALUE_OK);
}
END_TEST

/* The next two need a fresh process (fork mode): the guard installs itself
 * once per process, and they check what it does with the host's setting. */
static int host_calls;
static void host_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    (void)reason, (void)file, (void)line, (void)gsl_errno;
    host_calls++;
}

START_TEST(host_handler_still_gets_host_errors)
{
    gsl_sf_result r;
    gsl_set_error_handler(&host_handler);
    value__gsl_begin();
    gsl_sf_log_e(-1.0, &r);
    ck_assert_int_eq(value__gsl_end("libvalue"), VALUE_EDOM);
    ck_assert_int_eq(host_calls, 0); /* libvalue's error stayed inside libvalue */
    gsl_sf_log_e(-1.0, &r);          /* the host's own error */
    ck_assert_int_eq(host_calls, 1);
}
END_TEST

START_TEST(default_handler_still_aborts_host_errors)
{
    /* Without a host handler, GSL aborts on the host's own errors, as it
     * would without libvalue: this test must end with SIGABRT. */
    gsl_sf_result r;
    value__gsl_begin();
    gsl_sf_log_e(-1.0, &r);
    ck_assert_int_eq(value__gsl_end("libvalue"), VALUE_EDOM);
    gsl_sf_log_e(-1.0, &r);
    ck_abort_msg("GSL error outside libvalue did not abort");
}
END_TEST

/* ---- the host changes GSL's handler after libvalue's first GSL use ----
 *
 * GSL has one process-wide error handler, which libvalue cannot keep the
 * host from replacing: after gsl_set_error_handler_off() a GSL error
 * inside libvalue went nowhere (a correlation matrix that is not positive
 * definite was "drawn"), after gsl_set_error_handler(NULL) it aborted the
 * host.  So libvalue makes no GSL call that can reach the handler on
 * inputs that pass its checks (lib/core/gsl_guard.c); these are the calls
 * that did. */

static int host_count;
static void counting_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    (void)reason, (void)file, (void)line, (void)gsl_errno;
    host_count++;
}

/* libvalue's first GSL use: the guard installs itself. */
static void first_use(void)
{
    value__gsl_begin();
    ck_assert_int_eq(value__gsl_end("first use"), VALUE_OK);
}

static void libvalue_calls_that_met_gsl_errors(void)
{
    /* 0.9, 0.9 and -0.9 are not the correlations of three variables (the
     * matrix's eigenvalues are 1.9, 1.9 and -0.8): GSL's Cholesky
     * reported it through the handler. */
    value_sampler *s = NULL;
    size_t j;
    ck_assert_int_eq(value_sampler_new(&s), VALUE_OK);
    for (int k = 0; k < 3; k++)
        ck_assert_int_eq(value_sampler_add(s, k == 0 ? "a" : k == 1 ? "b" : "c", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0, &j),
                         VALUE_OK);
    ck_assert_int_eq(value_sampler_set_correlation(s, 0, 1, 0.9), VALUE_OK);
    ck_assert_int_eq(value_sampler_set_correlation(s, 1, 2, 0.9), VALUE_OK);
    ck_assert_int_eq(value_sampler_set_correlation(s, 0, 2, -0.9), VALUE_OK);
    double out[6] = {-1, -1, -1, -1, -1, -1};
    assert_fails(value_sampler_draw(s, 1, 2, out, 6), VALUE_EDOM, "correlation matrix is not positive definite");
    for (int k = 0; k < 6; k++)
        ck_assert(out[k] == -1);
    value_sampler_free(s);

    /* IRR of -1 now and 1e-300 in year 1999: the root is
     * (1e-300)^(1/1999) - 1 = -0.29217652411457540 (hand calculation:
     * exp(ln(1e-300)/1999) - 1).  The search's first bracket ends at
     * r = -0.5, where 1e-300 x 2^1999 overflows: GSL's root solver
     * reported the infinite function value through the handler. */
    static double flows[2000];
    flows[0] = -1;
    flows[1999] = 1e-300;
    double r = 0;
    ck_assert_int_eq(value_discount_irr(flows, 2000, &r), VALUE_OK);
    ck_assert_msg(fabs(r - -0.29217652411457540) <= 1e-13, "irr %.17g", r);

    /* A confidence so close to 1 that 1 - alpha/2 rounds to 1: the normal
     * quantile is infinite, and the interval is refused, not NaN. */
    double lo = -1, hi = -1;
    assert_fails(value_outcome_wilson(3, 10, 1 - 0x1p-53, &lo, &hi), VALUE_EDOM, "rounds to 1");
    ck_assert(lo == -1 && hi == -1);
}

START_TEST(host_sets_handler_off_later)
{
    first_use();
    gsl_set_error_handler_off();
    libvalue_calls_that_met_gsl_errors();
}
END_TEST

START_TEST(host_sets_abort_handler_later)
{
    /* Forked: GSL's default (NULL) handler aborts, so this test fails with
     * SIGABRT if libvalue reaches it; it must end normally. */
    first_use();
    gsl_set_error_handler(NULL);
    libvalue_calls_that_met_gsl_errors();
}
END_TEST

START_TEST(host_sets_own_handler_later)
{
    first_use();
    gsl_set_error_handler(&counting_handler);
    libvalue_calls_that_met_gsl_errors();
    ck_assert_int_eq(host_count, 0); /* libvalue's errors never reached the host */
    gsl_sf_result r;
    ck_assert_int_eq(gsl_sf_log_e(-1.0, &r), GSL_EDOM); /* the host's own error */
    ck_assert_int_eq(host_count, 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gsl_guard");
    TCase *tc = tcase_create("guard");
    tcase_add_test(tc, domain_error_becomes_status);
    tcase_add_test(tc, overflow_becomes_erange);
    tcase_add_test(tc, clean_bracket_is_ok);
    tcase_add_test(tc, nested_brackets_report_at_outermost);
    tcase_add_test(tc, errors_stay_in_their_thread);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    if (srunner_fork_status(sr) == CK_FORK) { /* valgrind runs with CK_FORK=no */
        TCase *host = tcase_create("host");
        tcase_add_test(host, host_handler_still_gets_host_errors);
        tcase_add_test_raise_signal(host, default_handler_still_aborts_host_errors, SIGABRT);
        suite_add_tcase(s, host);
        TCase *later = tcase_create("host changes the handler later");
        tcase_add_test(later, host_sets_handler_off_later);
        tcase_add_exit_test(later, host_sets_abort_handler_later, 0);
        tcase_add_test(later, host_sets_own_handler_later);
        suite_add_tcase(s, later);
    }
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
