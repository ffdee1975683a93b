/* QALYs and life years.  Expected values are closed-form integrals and
 * sums written out beside each case (1e-12 relative).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-12

START_TEST(undiscounted_area)
{
    /* utilities 0.8, 0.6, 0.7 at years 0, 1, 2:
     * linear (trapezoids): (0.8+0.6)/2 + (0.6+0.7)/2 = 0.70 + 0.65 = 1.35
     * step: 0.8 x 1 + 0.6 x 1 = 1.40; life years 2 either way */
    const double t[] = {0, 1, 2}, u[] = {0.8, 0.6, 0.7};
    value_discount *d = test_scheme(0.0, VALUE_DISCOUNT_END);
    double q, ly;
    for (int conv = 0; conv < 2; conv++) {
        assert_ok(value_qaly_profile(t, u, 3, VALUE_QALY_LINEAR, d, conv, &q, &ly));
        assert_rel(q, 1.35, REL);
        assert_rel(ly, 2.0, REL);
        assert_ok(value_qaly_profile(t, u, 3, VALUE_QALY_STEP, d, conv, &q, &ly));
        assert_rel(q, 1.40, REL);
    }
    value_discount_free(d);
}
END_TEST

START_TEST(continuous_closed_forms)
{
    /* full health for 10 years at 3.5%, delta = ln 1.035:
     *   int_0^10 1.035^-t dt = (1 - 1.035^-10) / ln 1.035 = 8.4613114648403
     * utility falling linearly from 1 to 0.5, u(t) = 1 - 0.05 t:
     *   (1 - e^{-10 delta})/delta - 0.05 (1 - e^{-10 delta}(1 + 10 delta))/delta^2
     *   = 6.4670288744452 */
    const double t[] = {0, 10}, u1[] = {1, 1}, ulin[] = {1, 0.5};
    value_discount *d = test_scheme(0.035, VALUE_DISCOUNT_END);
    double q, ly;
    assert_ok(value_qaly_profile(t, u1, 2, VALUE_QALY_LINEAR, d, VALUE_QALY_CONTINUOUS, &q, &ly));
    assert_rel(q, 8.461311464840314, REL);
    assert_rel(ly, 8.461311464840314, REL);
    assert_ok(value_qaly_profile(t, ulin, 2, VALUE_QALY_LINEAR, d, VALUE_QALY_CONTINUOUS, &q, &ly));
    assert_rel(q, 6.467028874445183, REL);
    /* the same line given at 11 points: the pieces add up to the same */
    double t11[11], u11[11];
    for (int i = 0; i <= 10; i++) {
        t11[i] = i;
        u11[i] = 1 - 0.05 * i;
    }
    assert_ok(value_qaly_profile(t11, u11, 11, VALUE_QALY_LINEAR, d, VALUE_QALY_CONTINUOUS, &q, &ly));
    assert_rel(q, 6.467028874445183, 1e-11);
    /* a tiny rate uses the series branch and tends to the trapezoid 7.5 */
    assert_ok(value_discount_set(d, VALUE_DISCOUNT_RATE, 1e-12));
    assert_ok(value_qaly_profile(t, ulin, 2, VALUE_QALY_LINEAR, d, VALUE_QALY_CONTINUOUS, &q, &ly));
    assert_rel(q, 7.5, 1e-10);
    value_discount_free(d);
}
END_TEST

START_TEST(green_book_continuous)
{
    /* full health for 40 years under the Green Book schedule (3.5% to year
     * 30, then 3.0%):
     *   (1 - 1.035^-30)/ln 1.035 + 1.035^-30 (1 - 1.03^-10)/ln 1.03 = 21.796550267014 */
    const double t[] = {0, 25, 40}, u[] = {1, 1, 1};
    value_discount *d = test_scheme(0.035, VALUE_DISCOUNT_END);
    assert_ok(value_discount_add_step(d, 30, 0.030));
    double q, ly;
    assert_ok(value_qaly_profile(t, u, 3, VALUE_QALY_STEP, d, VALUE_QALY_CONTINUOUS, &q, &ly));
    assert_rel(q, 21.796550267014204, REL);
    value_discount_free(d);
}
END_TEST

START_TEST(per_period_annuities)
{
    /* full health for 10 years, one factor per year at 3.5%:
     *   end:   sum_{k=1}^{10} 1.035^-k      = 8.3166053225779 (annuity factor)
     *   start: sum_{k=0}^{9} 1.035^-k       = 8.6076865088682
     *   mid:   sum_{k=0}^{9} 1.035^-(k+1/2) = 8.4608942455710 */
    const double t[] = {0, 10}, u[] = {1, 1};
    const int timing[] = {VALUE_DISCOUNT_END, VALUE_DISCOUNT_START, VALUE_DISCOUNT_MID};
    const double want[] = {8.316605322577937, 8.607686508868186, 8.460894245570952};
    for (int k = 0; k < 3; k++) {
        value_discount *d = test_scheme(0.035, timing[k]);
        double q, ly;
        assert_ok(value_qaly_profile(t, u, 2, VALUE_QALY_LINEAR, d, VALUE_QALY_PER_PERIOD, &q, &ly));
        assert_rel(q, want[k], REL);
        value_discount_free(d);
    }
}
END_TEST

START_TEST(per_period_partial_years)
{
    /* utility 0.6 from year 0.5 to 2.25, end-of-year factors at 3.5%:
     *   0.6 (0.5/1.035 + 1/1.035^2 + 0.25/1.035^3) = 0.98525289853381 */
    const double t[] = {0.5, 2.25}, u[] = {0.6, 0.6};
    value_discount *d = test_scheme(0.035, VALUE_DISCOUNT_END);
    double q, ly;
    assert_ok(value_qaly_profile(t, u, 2, VALUE_QALY_STEP, d, VALUE_QALY_PER_PERIOD, &q, &ly));
    assert_rel(q, 0.9852528985338134, REL);
    assert_rel(ly, 0.9852528985338134 / 0.6, REL);
    value_discount_free(d);
}
END_TEST

START_TEST(bad_input)
{
    value_discount *d = test_scheme(0.035, VALUE_DISCOUNT_END);
    const double t[] = {0, 1, 2}, u[] = {0.8, 0.6, 0.7}, tdown[] = {0, 2, 1}, tneg[] = {-1, 1, 2};
    const double uhigh[] = {0.8, 1.2, 0.7}, unan[] = {0.8, NAN, 0.7};
    double q = 9, ly = 9;
    assert_fails(value_qaly_profile(t, u, 1, 0, d, 0, &q, &ly), VALUE_EINVAL, "n must be at least 2, got 1");
    assert_fails(value_qaly_profile(tdown, u, 3, 0, d, 0, &q, &ly), VALUE_EINVAL,
                 "times must increase strictly: times[2] = 1 after 2");
    assert_fails(value_qaly_profile(tneg, u, 3, 0, d, 0, &q, &ly), VALUE_EINVAL, "times[0] must be >= 0, got -1");
    assert_fails(value_qaly_profile(t, uhigh, 3, 0, d, 0, &q, &ly), VALUE_EINVAL, "utilities[1] is 1.2, outside [-1, 1]");
    assert_fails(value_qaly_profile(t, unan, 3, 0, d, 0, &q, &ly), VALUE_EINVAL, "utilities[1] is NaN");
    assert_fails(value_qaly_profile(t, u, 3, 5, d, 0, &q, &ly), VALUE_EINVAL, "interp must be");
    assert_fails(value_qaly_profile(t, u, 3, 0, d, 2, &q, &ly), VALUE_EINVAL, "discounting must be");
    assert_fails(value_qaly_profile(t, u, 3, 0, NULL, 0, &q, &ly), VALUE_EINVAL, "d is NULL");
    assert_fails(value_qaly_profile(NULL, u, 3, 0, d, 0, &q, &ly), VALUE_EINVAL, "times is NULL");
    assert_fails(value_qaly_profile(t, u, 3, 0, d, 0, NULL, &ly), VALUE_EINVAL, "out_qalys is NULL");
    ck_assert(q == 9 && ly == 9);
    value_discount_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("qaly");
    TCase *tc = tcase_create("qaly");
    tcase_add_test(tc, undiscounted_area);
    tcase_add_test(tc, continuous_closed_forms);
    tcase_add_test(tc, green_book_continuous);
    tcase_add_test(tc, per_period_annuities);
    tcase_add_test(tc, per_period_partial_years);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
