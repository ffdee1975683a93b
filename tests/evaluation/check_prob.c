/* Probability helpers.  Expected values are the closed forms of value.h
 * evaluated by hand, each written beside its test and checked to 20 digits
 * with mpmath at 40 digits; published examples are cited where they exist:
 * - ParCC core-conversions vignette (CRAN): RE-LY warfarin major bleeding,
 *   3.36 per 100 patient-years, gives an annual probability of 0.03304;
 * - heemod's documented examples (CRAN, ?probability): rate_to_prob(r = 162,
 *   per = 1000, to = 5), rescale_prob(p = .65, from = 5), rescale_prob(p =
 *   .5, to = 1/12), or_to_prob(or = 1.9, p = .51), rr_to_prob(rr = 1.9,
 *   p = .51) (inputs only; the values here are our hand calculations);
 * - darthtools' rate_to_prob(r = 0.3, t = 1/12) example (inputs only).
 * Tolerance 1e-12 relative: each result is one or two correctly rounded
 * library calls.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <float.h>

#define REL 1e-12

START_TEST(rate_to_probability)
{
    double p;
    /* 1 - e^{-0.1} = 0.0951625819640404268 */
    assert_ok(value_prob_from_rate(0.1, 1, &p));
    assert_rel(p, 0.0951625819640404268, REL);
    /* RE-LY: 1 - e^{-0.0336} = 0.0330417894246068480; ParCC prints 0.03304 */
    assert_ok(value_prob_from_rate(3.36 / 100, 1, &p));
    assert_rel(p, 0.0330417894246068480, REL);
    assert_abs(p, 0.03304, 0.5e-5);
    /* heemod: 162 per 1000 PY over 5 years: 1 - e^{-0.81} = 0.555141933777058866 */
    assert_ok(value_prob_from_rate(0.162, 5, &p));
    assert_rel(p, 0.555141933777058866, REL);
    /* darthtools: 0.3 a year over a month: 1 - e^{-0.025} = 0.0246900879716673314 */
    assert_ok(value_prob_from_rate(0.3, 1.0 / 12, &p));
    assert_rel(p, 0.0246900879716673314, REL);
    /* a tiny rate keeps its digits (1 - exp(-x) would be 8e-9 off):
     * x - x^2/2 + x^3/6 = 9.9999999995e-11 for x = 1e-10 */
    assert_ok(value_prob_from_rate(1e-10, 1, &p));
    assert_rel(p, 9.9999999995e-11, REL);
    /* edges: no time or no rate gives 0; rate x t overflowing gives 1 */
    assert_ok(value_prob_from_rate(0.5, 0, &p));
    ck_assert(p == 0);
    assert_ok(value_prob_from_rate(0, 10, &p));
    ck_assert(p == 0);
    assert_ok(value_prob_from_rate(1e200, 1e200, &p));
    ck_assert(p == 1);
}
END_TEST

START_TEST(probability_to_rate)
{
    double r, p;
    /* -ln(0.8)/10 = 0.0223143551314209756 */
    assert_ok(value_prob_to_rate(0.2, 10, &r));
    assert_rel(r, 0.0223143551314209756, REL);
    /* -log1p(-1e-12) = 1.0000000000005e-12 (-log(1 - p) would be 1e-4 off) */
    assert_ok(value_prob_to_rate(1e-12, 1, &r));
    assert_rel(r, 1.0000000000005e-12, REL);
    assert_ok(value_prob_to_rate(0, 3, &r));
    ck_assert(r == 0);
    /* round trips, for rt up to 5: beyond that 1 - p = e^{-rt} is so small
     * that p's own rounding (1e-16) changes the rate by eps e^{rt}/(rt) */
    const double rates[] = {1e-9, 0.035, 0.1, 0.5};
    const double times[] = {1.0 / 12, 1, 2.5, 10};
    for (size_t i = 0; i < sizeof rates / sizeof *rates; i++) {
        for (size_t k = 0; k < sizeof times / sizeof *times; k++) {
            assert_ok(value_prob_from_rate(rates[i], times[k], &p));
            assert_ok(value_prob_to_rate(p, times[k], &r));
            assert_rel(r, rates[i], REL);
        }
    }
}
END_TEST

START_TEST(rescale_probability)
{
    double p, r, via_rate;
    /* a 5-year probability 0.3 over 1 year: 1 - 0.7^0.2 = 0.0688500849051623116 */
    assert_ok(value_prob_rescale(0.3, 5, 1, &p));
    assert_rel(p, 0.0688500849051623116, REL);
    /* heemod: 5-year 0.65 to 1 year: 1 - 0.35^0.2 = 0.189386916901050885 */
    assert_ok(value_prob_rescale(0.65, 5, 1, &p));
    assert_rel(p, 0.189386916901050885, REL);
    /* heemod: 1-year 0.5 to a month: 1 - 0.5^(1/12) = 0.0561256873183065034 */
    assert_ok(value_prob_rescale(0.5, 1, 1.0 / 12, &p));
    assert_rel(p, 0.0561256873183065034, REL);
    /* a certain event stays certain over any positive time, however short:
     * (5e-324 / 2) x log(1 - 1) was 0 x -Inf, NaN */
    assert_ok(value_prob_rescale(1, 2, 5e-324, &p));
    ck_assert(p == 1);
    assert_ok(value_prob_rescale(1, 1e100, 1e-310, &p));
    ck_assert(p == 1);
    /* ParCC's UKPDS case: 10-year 0.20 to 1 year: 1 - 0.8^0.1 = 0.0220672314570714899 */
    assert_ok(value_prob_rescale(0.20, 10, 1, &p));
    assert_rel(p, 0.0220672314570714899, REL);
    /* small p keeps its digits: 1 - (1 - 1e-12)^(1/12) = 8.33333333333715278e-14 */
    assert_ok(value_prob_rescale(1e-12, 1, 1.0 / 12, &p));
    assert_rel(p, 8.33333333333715278e-14, REL);
    /* agrees with going through the rate */
    assert_ok(value_prob_to_rate(0.3, 5, &r));
    assert_ok(value_prob_from_rate(r, 1, &via_rate));
    assert_rel(via_rate, 0.0688500849051623116, REL);
    /* there and back, and the edges */
    assert_ok(value_prob_rescale(0.0688500849051623116, 1, 5, &p));
    assert_rel(p, 0.3, REL);
    assert_ok(value_prob_rescale(0.42, 3, 3, &p));
    assert_rel(p, 0.42, 1e-15);
    assert_ok(value_prob_rescale(0.42, 3, 0, &p));
    ck_assert(p == 0);
    assert_ok(value_prob_rescale(1, 5, 1, &p));
    ck_assert(p == 1);
    assert_ok(value_prob_rescale(1, 5, 0, &p));
    ck_assert(p == 0);
    assert_ok(value_prob_rescale(0, 1e-300, 1e300, &p));
    ck_assert(p == 0);
}
END_TEST

START_TEST(relative_risk)
{
    double p;
    assert_ok(value_prob_apply_rr(0.2, 1.5, &p));
    assert_rel(p, 0.3, REL);
    /* heemod: rr 1.9 on 0.51 gives 0.969 */
    assert_ok(value_prob_apply_rr(0.51, 1.9, &p));
    assert_rel(p, 0.969, REL);
    assert_ok(value_prob_apply_rr(1, 0, &p));
    ck_assert(p == 0);
    assert_ok(value_prob_apply_rr(0.5, 2, &p));
    ck_assert(p == 1);
    /* rr computed as 1 / p: 0.00011 x 9090.909090909092 is 1 + 2^-52 in
     * double arithmetic, which is a rounding of 1 and gives 1 */
    assert_ok(value_prob_apply_rr(0.00011, 9090.909090909092, &p));
    ck_assert(p == 1);
}
END_TEST

START_TEST(odds_ratio)
{
    double p;
    /* OR 2 on 0.2: odds 0.25 -> 0.5, p = 0.5/1.5 = 1/3 */
    assert_ok(value_prob_apply_or(0.2, 2, &p));
    assert_rel(p, 1.0 / 3, REL);
    /* heemod: OR 1.9 on 0.51: 0.969/(0.49 + 0.969) = 0.664153529814941741 */
    assert_ok(value_prob_apply_or(0.51, 1.9, &p));
    assert_rel(p, 0.664153529814941741, REL);
    /* the odds form gives the same: o' = OR p/(1 - p), p' = o'/(1 + o') */
    const double ps[] = {1e-6, 0.05, 0.5, 0.9, 0.999};
    const double ors[] = {0.25, 0.8, 3};
    for (size_t i = 0; i < sizeof ps / sizeof *ps; i++) {
        for (size_t k = 0; k < sizeof ors / sizeof *ors; k++) {
            double o = ors[k] * ps[i] / (1 - ps[i]);
            assert_ok(value_prob_apply_or(ps[i], ors[k], &p));
            assert_rel(p, o / (1 + o), REL);
        }
    }
    assert_ok(value_prob_apply_or(0.37, 1, &p));
    assert_rel(p, 0.37, 1e-15);
    assert_ok(value_prob_apply_or(0, 5, &p));
    ck_assert(p == 0);
    assert_ok(value_prob_apply_or(1, 0.2, &p));
    ck_assert(p == 1);
    assert_ok(value_prob_apply_or(0.6, 0, &p));
    ck_assert(p == 0);
}
END_TEST

START_TEST(hazard_ratio)
{
    double p, r, via_rate;
    /* HR 0.5 on 0.2: 1 - 0.8^0.5 = 0.105572809000084121 */
    assert_ok(value_prob_apply_hr(0.2, 0.5, &p));
    assert_rel(p, 0.105572809000084121, REL);
    /* HR 0.75 on 0.1: 1 - 0.9^0.75 = 0.0759789135276931248 */
    assert_ok(value_prob_apply_hr(0.1, 0.75, &p));
    assert_rel(p, 0.0759789135276931248, REL);
    /* proportional hazards: the same as scaling the rate */
    assert_ok(value_prob_to_rate(0.2, 1, &r));
    assert_ok(value_prob_from_rate(0.5 * r, 1, &via_rate));
    assert_rel(via_rate, 0.105572809000084121, REL);
    assert_ok(value_prob_apply_hr(0.37, 1, &p));
    assert_rel(p, 0.37, 1e-15);
    assert_ok(value_prob_apply_hr(1, 0.5, &p));
    ck_assert(p == 1);
    assert_ok(value_prob_apply_hr(0, 2, &p));
    ck_assert(p == 0);
    assert_ok(value_prob_apply_hr(0.3, 0, &p));
    ck_assert(p == 0);
}
END_TEST

START_TEST(bad_input)
{
    double p = 42;
    /* from_rate */
    assert_fails(value_prob_from_rate(NAN, 1, &p), VALUE_EINVAL, "rate is NaN");
    assert_fails(value_prob_from_rate(INFINITY, 1, &p), VALUE_EINVAL, "rate is Inf");
    assert_fails(value_prob_from_rate(-0.1, 1, &p), VALUE_EINVAL, "rate must be >= 0, got -0.1");
    assert_fails(value_prob_from_rate(0.1, -1, &p), VALUE_EINVAL, "t must be >= 0, got -1");
    assert_fails(value_prob_from_rate(0.1, NAN, &p), VALUE_EINVAL, "t is NaN");
    assert_fails(value_prob_from_rate(0.1, 1, NULL), VALUE_EINVAL, "out is NULL");
    /* to_rate */
    assert_fails(value_prob_to_rate(1, 1, &p), VALUE_EINVAL, "p must be in [0, 1), got 1");
    assert_fails(value_prob_to_rate(-0.2, 1, &p), VALUE_EINVAL, "p must be in [0, 1), got -0.2");
    assert_fails(value_prob_to_rate(NAN, 1, &p), VALUE_EINVAL, "p is NaN");
    assert_fails(value_prob_to_rate(0.2, 0, &p), VALUE_EINVAL, "t must be > 0, got 0");
    assert_fails(value_prob_to_rate(0.2, -INFINITY, &p), VALUE_EINVAL, "t is -Inf");
    assert_fails(value_prob_to_rate(0.2, 1, NULL), VALUE_EINVAL, "out is NULL");
    /* a subnormal time makes the rate overflow */
    assert_fails(value_prob_to_rate(0.5, 1e-310, &p), VALUE_ERANGE, "too large to represent");
    /* rescale */
    assert_fails(value_prob_rescale(1.2, 1, 1, &p), VALUE_EINVAL, "p must be in [0, 1], got 1.2");
    assert_fails(value_prob_rescale(1 + DBL_EPSILON, 1, 1, &p), VALUE_EINVAL,
                 "p must be in [0, 1], got 1.0000000000000002");
    assert_fails(value_prob_rescale(0.2, 0, 1, &p), VALUE_EINVAL, "from_t must be > 0, got 0");
    assert_fails(value_prob_rescale(0.2, 1, -1, &p), VALUE_EINVAL, "to_t must be >= 0, got -1");
    assert_fails(value_prob_rescale(0.2, 1, INFINITY, &p), VALUE_EINVAL, "to_t is Inf");
    assert_fails(value_prob_rescale(0.2, 1, 1, NULL), VALUE_EINVAL, "out is NULL");
    /* relative risk: the result must stay a probability, and the message
     * names both values */
    assert_fails(value_prob_apply_rr(0.6, 2.5, &p), VALUE_EDOM,
                 "rr 2.5 times p 0.6 gives 1.5, which is not a probability (> 1)");
    assert_fails(value_prob_apply_rr(0.6, -1, &p), VALUE_EINVAL, "rr must be >= 0, got -1");
    assert_fails(value_prob_apply_rr(-0.1, 1, &p), VALUE_EINVAL, "p must be in [0, 1], got -0.1");
    assert_fails(value_prob_apply_rr(0.5, NAN, &p), VALUE_EINVAL, "rr is NaN");
    assert_fails(value_prob_apply_rr(0.5, 1, NULL), VALUE_EINVAL, "out is NULL");
    /* odds ratio */
    assert_fails(value_prob_apply_or(0.5, -2, &p), VALUE_EINVAL, "odds_ratio must be >= 0, got -2");
    assert_fails(value_prob_apply_or(0.5, INFINITY, &p), VALUE_EINVAL, "odds_ratio is Inf");
    assert_fails(value_prob_apply_or(2, 1, &p), VALUE_EINVAL, "p must be in [0, 1], got 2");
    assert_fails(value_prob_apply_or(1, 0, &p), VALUE_EINVAL, "odds_ratio 0 with p 1 is undefined");
    assert_fails(value_prob_apply_or(0.5, 1, NULL), VALUE_EINVAL, "out is NULL");
    /* hazard ratio */
    assert_fails(value_prob_apply_hr(0.5, -0.5, &p), VALUE_EINVAL, "hr must be >= 0, got -0.5");
    assert_fails(value_prob_apply_hr(NAN, 0.5, &p), VALUE_EINVAL, "p is NaN");
    assert_fails(value_prob_apply_hr(1, 0, &p), VALUE_EINVAL, "hr 0 with p 1 is undefined");
    assert_fails(value_prob_apply_hr(0.5, 1, NULL), VALUE_EINVAL, "out is NULL");
    ck_assert(p == 42); /* no failing call wrote its output */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("prob");
    TCase *tc = tcase_create("prob");
    tcase_add_test(tc, rate_to_probability);
    tcase_add_test(tc, probability_to_rate);
    tcase_add_test(tc, rescale_probability);
    tcase_add_test(tc, relative_risk);
    tcase_add_test(tc, odds_ratio);
    tcase_add_test(tc, hazard_ratio);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
