/* Outcome measures.  Expected intervals are R's prop.test(x, n,
 * correct = FALSE) (the Wilson interval) and t.test(), run by hand, which
 * agree with Newcombe (1998, Stat Med 17:857, Table I) to its 4 decimals.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-12

static value_outcome *measure(value_outcome_stat stat)
{
    value_outcome *m = NULL;
    ck_assert_int_eq(value_outcome_new("30-day readmission", VALUE_OUTCOME_TYPE_CLINICAL, VALUE_OUTCOME_LEVEL_OUTCOME,
                                       VALUE_OUTCOME_LOWER_IS_BETTER, stat, "%", &m),
                     VALUE_OK);
    return m;
}

START_TEST(wilson_published)
{
    /* x/n -> R prop.test(correct = FALSE)$conf.int; Newcombe Table I */
    static const struct { double x, n, lo, hi; } cases[] = {
        {81, 263, 0.255288519878274, 0.366209576982800},  /* Newcombe 0.2553-0.3662 */
        {15, 148, 0.062386399530736, 0.160487241723308},  /* 0.0624-0.1605 */
        {0, 20, 0.0, 0.161125158052819},                  /* 0-0.1611 */
        {1, 29, 0.006113214292763, 0.171755218793203},    /* 0.0061-0.1718 */
        {29, 29, 0.883030201500259, 1.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double lo, hi;
        assert_ok(value_outcome_wilson(cases[i].x, cases[i].n, 0.95, &lo, &hi));
        assert_abs(lo, cases[i].lo, 1e-13);
        assert_abs(hi, cases[i].hi, 1e-13);
    }
    double lo, hi;
    assert_ok(value_outcome_wilson(81, 263, 0.99, &lo, &hi)); /* prop.test(conf.level = 0.99) */
    assert_abs(lo, 0.240136902687608, 1e-13);
    assert_abs(hi, 0.385282502318230, 1e-13);
}
END_TEST

START_TEST(rate_over_patients)
{
    /* 81 readmitted of 263 patients */
    double v[263], est, lo, hi;
    for (int i = 0; i < 263; i++)
        v[i] = i < 81;
    value_outcome *m = measure(VALUE_OUTCOME_RATE);
    assert_ok(value_outcome_compute(m, v, 263, &est, &lo, &hi));
    assert_rel(est, 81.0 / 263.0, REL);
    assert_abs(lo, 0.255288519878274, 1e-13);
    assert_abs(hi, 0.366209576982800, 1e-13);
    /* Wald: p -/+ 1.959964 sqrt(p(1-p)/n), R by hand */
    assert_ok(value_outcome_set(m, VALUE_OUTCOME_CI_METHOD, VALUE_OUTCOME_CI_NORMAL));
    assert_ok(value_outcome_compute(m, v, 263, &est, &lo, &hi));
    assert_abs(lo, 0.252190126213107, 1e-13);
    assert_abs(hi, 0.363779455535942, 1e-13);
    int better;
    assert_ok(value_outcome_compare(m, 0.12, 0.15, &better)); /* lower is better */
    ck_assert_int_eq(better, 1);
    assert_ok(value_outcome_compare(m, 0.2, 0.15, &better));
    ck_assert_int_eq(better, -1);
    assert_ok(value_outcome_compare(m, 0.2, 0.2, &better));
    ck_assert_int_eq(better, 0);
    value_outcome_free(m);
}
END_TEST

START_TEST(mean_with_t_and_normal)
{
    /* PROM scores; R: mean 7.175, t.test()$conf.int, 90% too, and the z
     * interval mean -/+ qnorm(0.975) sd / sqrt(8) */
    const double v[] = {7.2, 6.8, 8.1, 5.9, 7.7, 6.4, 7.0, 8.3};
    value_outcome *m = NULL;
    assert_ok(value_outcome_new("Oxford knee score", VALUE_OUTCOME_TYPE_PROM, VALUE_OUTCOME_LEVEL_OUTCOME,
                                VALUE_OUTCOME_HIGHER_IS_BETTER, VALUE_OUTCOME_MEAN, "points", &m));
    double est, lo, hi, c;
    assert_ok(value_outcome_compute(m, v, 8, &est, &lo, &hi));
    assert_rel(est, 7.175, REL);
    assert_abs(lo, 6.483069568337411, 1e-12);
    assert_abs(hi, 7.866930431662587, 1e-12);
    assert_ok(value_outcome_set(m, VALUE_OUTCOME_CONFIDENCE, 0.90));
    assert_ok(value_outcome_get(m, VALUE_OUTCOME_CONFIDENCE, &c));
    ck_assert(c == 0.90);
    assert_ok(value_outcome_compute(m, v, 8, &est, &lo, &hi));
    assert_abs(lo, 6.620613149253791, 1e-12);
    assert_abs(hi, 7.729386850746208, 1e-12);
    assert_ok(value_outcome_set(m, VALUE_OUTCOME_CONFIDENCE, 0.95));
    assert_ok(value_outcome_set(m, VALUE_OUTCOME_CI_METHOD, VALUE_OUTCOME_CI_NORMAL));
    assert_ok(value_outcome_compute(m, v, 8, &est, &lo, &hi));
    assert_abs(lo, 6.601480243128509, 1e-12);
    assert_abs(hi, 7.748519756871491, 1e-12);
    int better;
    assert_ok(value_outcome_compare(m, 40, 35, &better));
    ck_assert_int_eq(better, 1);

    const char *name, *unit;
    int type, level, direction, stat;
    assert_ok(value_outcome_describe(m, &name, &unit, &type, &level, &direction, &stat));
    ck_assert_str_eq(name, "Oxford knee score");
    ck_assert_str_eq(unit, "points");
    ck_assert(type == VALUE_OUTCOME_TYPE_PROM && level == VALUE_OUTCOME_LEVEL_OUTCOME &&
              direction == VALUE_OUTCOME_HIGHER_IS_BETTER && stat == VALUE_OUTCOME_MEAN);
    value_outcome_free(m);
}
END_TEST

/* Means of huge values keep finite limits, or fail naming them: the squared
 * deviations of {0, 1e300} overflow, and the interval used to be
 * (-Inf, Inf).  Hand calculation: mean 5e299, sd 1e300/sqrt(2), se
 * 5e299, t(0.975, 1) = 12.706204736174707 (R qt), limits 5e299 -/+
 * 12.706204736174707 x 5e299. */
START_TEST(huge_values_finite_or_refused)
{
    value_outcome *m = NULL;
    assert_ok(value_outcome_new("cost", VALUE_OUTCOME_TYPE_CLINICAL, VALUE_OUTCOME_LEVEL_OUTCOME,
                                VALUE_OUTCOME_HIGHER_IS_BETTER, VALUE_OUTCOME_MEAN, "USD", &m));
    const double v[] = {0, 1e300};
    double est, lo, hi;
    assert_ok(value_outcome_compute(m, v, 2, &est, &lo, &hi));
    assert_rel(est, 5e299, 1e-15);
    assert_rel(lo, -5.8531023680873535e300, 1e-12);
    assert_rel(hi, 6.8531023680873535e300, 1e-12);
    /* {-1.7e308, 1.7e308}: se 1.7e308, and 12.7 se overflows */
    const double w[] = {-1.7e308, 1.7e308};
    est = lo = hi = -7;
    assert_fails(value_outcome_compute(m, w, 2, &est, &lo, &hi), VALUE_ERANGE,
                 "the confidence limits of the mean overflow (mean 0, standard error 1.7e+308)");
    ck_assert(est == -7 && lo == -7 && hi == -7);
    /* A confidence whose 1 - alpha/2 rounds to 1 has an infinite critical
     * value: the Wilson limits used to be NaN */
    assert_ok(value_outcome_set(m, VALUE_OUTCOME_CONFIDENCE, 1 - 0x1p-53));
    assert_fails(value_outcome_compute(m, v, 2, &est, &lo, &hi), VALUE_EDOM, "1 - alpha/2 rounds to 1");
    assert_fails(value_outcome_wilson(3, 10, 1 - 0x1p-53, &lo, &hi), VALUE_EDOM,
                 "confidence is 0.99999999999999989: 1 - alpha/2 rounds to 1");
    ck_assert(lo == -7 && hi == -7);
    value_outcome_free(m);
}
END_TEST

START_TEST(bad_input)
{
    value_outcome *m = NULL;
    double est = 5, lo = 5, hi = 5, x;
    const double v01[] = {0, 1, 2}, vnan[] = {1, NAN};
    assert_fails(value_outcome_new("", VALUE_OUTCOME_TYPE_PROM, 1, 1, 1, "", &m), VALUE_EINVAL, "name is empty");
    assert_fails(value_outcome_new(NULL, 1, 1, 1, 1, "", &m), VALUE_EINVAL, "name is NULL");
    assert_fails(value_outcome_new("x", 4, 1, 1, 1, "", &m), VALUE_EINVAL, "type must be from 1 to 3, got 4");
    assert_fails(value_outcome_new("x", 1, 0, 1, 1, "", &m), VALUE_EINVAL, "level must be from 1 to 3, got 0");
    assert_fails(value_outcome_new("x", 1, 1, 3, 1, "", &m), VALUE_EINVAL, "direction must be from 1 to 2, got 3");
    assert_fails(value_outcome_new("x", 1, 1, 1, 9, "", &m), VALUE_EINVAL, "stat must be from 1 to 2, got 9");
    assert_fails(value_outcome_new("x", 1, 1, 1, 1, NULL, &m), VALUE_EINVAL, "unit is NULL");
    assert_fails(value_outcome_new("x", 1, 1, 1, 1, "", NULL), VALUE_EINVAL, "out is NULL");
    ck_assert_ptr_null(m);

    m = measure(VALUE_OUTCOME_RATE);
    assert_fails(value_outcome_compute(m, v01, 3, &est, &lo, &hi), VALUE_EINVAL, "values[2] is 2; a rate needs values 0 or 1");
    assert_fails(value_outcome_compute(m, vnan, 2, &est, &lo, &hi), VALUE_EINVAL, "values[1] is NaN");
    assert_fails(value_outcome_compute(m, v01, 0, &est, &lo, &hi), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_outcome_compute(m, NULL, 2, &est, &lo, &hi), VALUE_EINVAL, "values is NULL");
    assert_fails(value_outcome_compute(m, v01, 2, &est, NULL, &hi), VALUE_EINVAL, "out_lower is NULL");
    ck_assert(est == 5 && lo == 5 && hi == 5);
    assert_fails(value_outcome_set(m, VALUE_OUTCOME_CONFIDENCE, 1.0), VALUE_EINVAL, "must be in (0, 1), got 1");
    assert_fails(value_outcome_set(m, VALUE_OUTCOME_CONFIDENCE, NAN), VALUE_EINVAL, "VALUE_OUTCOME_CONFIDENCE is NaN");
    assert_fails(value_outcome_set(m, VALUE_OUTCOME_CI_METHOD, VALUE_OUTCOME_CI_T), VALUE_EINVAL,
                 "VALUE_OUTCOME_CI_METHOD for a rate must be VALUE_OUTCOME_CI_WILSON (1) or _NORMAL (3), got 2");
    assert_fails(value_outcome_set(m, (value_outcome_param)7, 1), VALUE_EINVAL, "param 7");
    assert_ok(value_outcome_get(m, VALUE_OUTCOME_CI_METHOD, &x));
    ck_assert(x == VALUE_OUTCOME_CI_WILSON); /* unchanged */
    assert_ok(value_outcome_get(m, VALUE_OUTCOME_CONFIDENCE, &x));
    ck_assert(x == 0.95);
    assert_fails(value_outcome_compare(m, NAN, 1, (int[]){0}), VALUE_EINVAL, "a is NaN");
    value_outcome_free(m);

    m = measure(VALUE_OUTCOME_MEAN);
    assert_fails(value_outcome_compute(m, v01, 1, &est, &lo, &hi), VALUE_EINVAL, "n must be at least 2, got 1");
    assert_fails(value_outcome_set(m, VALUE_OUTCOME_CI_METHOD, VALUE_OUTCOME_CI_WILSON), VALUE_EINVAL, "for a mean");
    value_outcome_free(m);

    assert_fails(value_outcome_wilson(5, 4, 0.95, &lo, &hi), VALUE_EINVAL, "x must be a whole number in [0, n = 4], got 5");
    assert_fails(value_outcome_wilson(1.5, 4, 0.95, &lo, &hi), VALUE_EINVAL, "got 1.5");
    assert_fails(value_outcome_wilson(0, 0, 0.95, &lo, &hi), VALUE_EINVAL, "n must be a whole number >= 1, got 0");
    assert_fails(value_outcome_wilson(1, 4, 0, &lo, &hi), VALUE_EINVAL, "confidence must be in (0, 1), got 0");
    assert_fails(value_outcome_wilson(1, INFINITY, 0.95, &lo, &hi), VALUE_EINVAL, "n is Inf");
    value_outcome_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("outcome");
    TCase *tc = tcase_create("outcome");
    tcase_add_test(tc, wilson_published);
    tcase_add_test(tc, rate_over_patients);
    tcase_add_test(tc, mean_with_t_and_normal);
    tcase_add_test(tc, huge_values_finite_or_refused);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
