/* Discounting: present values, factors, declining schedules and IRR.
 * Expected values are published spreadsheet examples (to their printed
 * rounding) or hand calculations written out beside them (to 1e-12
 * relative: a handful of exp/log1p operations).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-12

START_TEST(spreadsheet_npv_end_of_period)
{
    /* Microsoft Excel NPV documentation, example 1: rate 10%, a cost of
     * 10,000 one year from today, then 3,000, 4,200, 6,800: NPV $1,188.44.
     * Hand: -10000/1.1 + 3000/1.1^2 + 4200/1.1^3 + 6800/1.1^4
     *     = -9090.909091 + 2479.338843 + 3155.522164 + 4644.491497
     *     = 1188.4434123 */
    const double flows[] = {-10000, 3000, 4200, 6800};
    double pv;
    assert_ok(value_discount_pv_rate(flows, 4, 0.10, VALUE_DISCOUNT_END, &pv));
    assert_abs(pv, 1188.44, 0.005);
    assert_rel(pv, 1188.4434123352216, REL);
    value_discount *d = test_scheme(0.10, VALUE_DISCOUNT_END);
    double pv2;
    assert_ok(value_discount_pv(d, flows, 4, &pv2));
    ck_assert(pv2 == pv);
    value_discount_free(d);
}
END_TEST

START_TEST(spreadsheet_npv_start_of_period)
{
    /* Excel NPV documentation, example 2: rate 8%, an investment of 40,000
     * at the start, returns 8,000 9,200 10,000 12,000 14,500 at the end of
     * years 1-5: NPV $1,922.06; with a loss of 9,000 in year 6: -$3,749.47.
     * Start-of-period timing puts flow i at t = i, so the first flow is the
     * undiscounted investment. */
    const double flows[] = {-40000, 8000, 9200, 10000, 12000, 14500, -9000};
    double pv;
    assert_ok(value_discount_pv_rate(flows, 6, 0.08, VALUE_DISCOUNT_START, &pv));
    assert_abs(pv, 1922.06, 0.005);
    assert_rel(pv, 1922.061554932363, REL);
    assert_ok(value_discount_pv_rate(flows, 7, 0.08, VALUE_DISCOUNT_START, &pv));
    assert_abs(pv, -3749.47, 0.005);
}
END_TEST

START_TEST(annuity_closed_form)
{
    /* Ten yearly flows of 1 at 3.5%, end of year: the annuity factor
     * (1 - 1.035^-10) / 0.035 = 8.3166053225779.  And a published
     * spreadsheet manual's NPV(9.5%, six flows of 65) = 287.29, whose closed
     * form is 65 (1 - 1.095^-6) / 0.095 = 287.28864942734. */
    double ones[10], pv;
    for (int i = 0; i < 10; i++)
        ones[i] = 1.0;
    assert_ok(value_discount_pv_rate(ones, 10, 0.035, VALUE_DISCOUNT_END, &pv));
    assert_rel(pv, (1 - pow(1.035, -10)) / 0.035, REL);
    assert_rel(pv, 8.316605322577937, REL);
    const double s65[] = {65, 65, 65, 65, 65, 65};
    assert_ok(value_discount_pv_rate(s65, 6, 0.095, VALUE_DISCOUNT_END, &pv));
    assert_abs(pv, 287.29, 0.005);
    assert_rel(pv, 65 * (1 - pow(1.095, -6)) / 0.095, REL);
}
END_TEST

START_TEST(mid_period_half_cycle)
{
    /* 1000 a year for 3 years at 3.5%, counted mid-year:
     * 1000 (1.035^-0.5 + 1.035^-1.5 + 1.035^-2.5)
     *   = 1000 (0.98295150 + 0.94971159 + 0.91759574) = 2850.2439746 */
    const double flows[] = {1000, 1000, 1000};
    double pv;
    assert_ok(value_discount_pv_rate(flows, 3, 0.035, VALUE_DISCOUNT_MID, &pv));
    assert_rel(pv, 2850.243974622483, REL);
}
END_TEST

START_TEST(monthly_periods)
{
    /* 24 monthly flows of 100 at an annual 3.5%, end of month:
     * sum_{i=1}^{24} 100 * 1.035^(-i/12) = 2315.9751053 */
    double flows[24], pv, f0, p;
    for (int i = 0; i < 24; i++)
        flows[i] = 100;
    value_discount *d = test_scheme(0.035, VALUE_DISCOUNT_END);
    assert_ok(value_discount_set(d, VALUE_DISCOUNT_PERIODS_PER_YEAR, 12));
    assert_ok(value_discount_get(d, VALUE_DISCOUNT_PERIODS_PER_YEAR, &p));
    ck_assert(p == 12);
    assert_ok(value_discount_pv(d, flows, 24, &pv));
    assert_rel(pv, 2315.9751053489667, REL);
    assert_ok(value_discount_factors(d, &f0, 1));
    assert_rel(f0, pow(1.035, -1.0 / 12), REL);
    value_discount_free(d);
}
END_TEST

START_TEST(green_book_declining_schedule)
{
    /* HM Treasury Green Book, Table 6.1: 3.5% for years 0-30, 3.0% for
     * 31-75, 2.5% for 76-125, 2.0% for 126-200, 1.5% for 201-300, 1.0%
     * beyond.  Hand:
     *   D(30)  = 1.035^-30                          = 0.356278411
     *   D(31)  = 1.035^-30 * 1.03^-1                = 0.345901370
     *   D(76)  = 1.035^-30 * 1.03^-45 * 1.025^-1    = 0.091915876
     *   D(100) = 1.035^-30 * 1.03^-45 * 1.025^-25   = 0.050818022 */
    value_discount *d = test_scheme(0.035, VALUE_DISCOUNT_END);
    /* out of order on purpose, and one step replaced */
    assert_ok(value_discount_add_step(d, 75, 0.025));
    assert_ok(value_discount_add_step(d, 30, 0.05));
    assert_ok(value_discount_add_step(d, 300, 0.010));
    assert_ok(value_discount_add_step(d, 125, 0.020));
    assert_ok(value_discount_add_step(d, 200, 0.015));
    assert_ok(value_discount_add_step(d, 30, 0.030));
    double f;
    assert_ok(value_discount_factor(d, 30, &f));
    assert_rel(f, 0.35627841060230236, REL);
    assert_ok(value_discount_factor(d, 31, &f));
    assert_rel(f, 0.3459013695167984, REL);
    assert_ok(value_discount_factor(d, 76, &f));
    assert_rel(f, 0.0919158756845771, REL);
    assert_ok(value_discount_factor(d, 100, &f));
    assert_rel(f, 0.050818022324382074, REL);
    assert_ok(value_discount_factor(d, 0, &f));
    ck_assert(f == 1.0);
    /* factors() agrees with factor() at t = 1..100 */
    double fs[100];
    assert_ok(value_discount_factors(d, fs, 100));
    assert_rel(fs[30], 0.3459013695167984, REL);
    assert_rel(fs[99], 0.050818022324382074, REL);
    value_discount_free(d);
}
END_TEST

START_TEST(irr_published_examples)
{
    /* Excel IRR documentation: -70,000 then 12,000 15,000 18,000 21,000:
     * -2.1% after four years; with 26,000 in year five: 8.7% (printed to
     * 4 d.p. as 0.0866 in a spreadsheet manual); the first three flows:
     * -44.4%.  A spreadsheet manual: IRR(-700, 750, 900, 600, 850) =
     * 1.0462142. */
    const double f[] = {-70000, 12000, 15000, 18000, 21000, 26000};
    double r;
    assert_ok(value_discount_irr(f, 5, &r));
    assert_abs(r, -0.021, 0.0005);
    assert_ok(value_discount_irr(f, 6, &r));
    assert_abs(r, 0.0866, 0.00005);
    assert_ok(value_discount_irr(f, 3, &r));
    assert_abs(r, -0.444, 0.0005);
    const double g[] = {-700, 750, 900, 600, 850};
    assert_ok(value_discount_irr(g, 5, &r));
    assert_abs(r, 1.0462142, 5e-8);
}
END_TEST

START_TEST(irr_exact_cases)
{
    /* Hand: -100 + 110/(1+r) = 0 -> r = 0.1;  -100 + 121/(1+r)^2 = 0 ->
     * r = 0.1;  -1 + 1/(1+r)^3 = 0 -> r = 0;  -100 + 50/(1+r) = 0 ->
     * r = -0.5;  leading and trailing zeros change nothing. */
    const double a[] = {-100, 110}, b[] = {-100, 0, 121}, c[] = {-1, 0, 0, 1}, e[] = {-100, 50};
    const double z[] = {0, -100, 0, 121, 0};
    double r;
    assert_ok(value_discount_irr(a, 2, &r));
    assert_rel(r, 0.1, 1e-13);
    assert_ok(value_discount_irr(b, 3, &r));
    assert_rel(r, 0.1, 1e-13);
    assert_ok(value_discount_irr(c, 4, &r));
    ck_assert(fabs(r) <= 1e-15);
    assert_ok(value_discount_irr(e, 2, &r));
    assert_rel(r, -0.5, 1e-13);
    assert_ok(value_discount_irr(z, 5, &r));
    assert_rel(r, 0.1, 1e-13);
    /* Scale does not matter, and huge flows do not overflow. */
    const double big[] = {-1e300, 1.1e300};
    assert_ok(value_discount_irr(big, 2, &r));
    assert_rel(r, 0.1, 1e-13);
}
END_TEST

START_TEST(underflow_is_zero_overflow_is_error)
{
    value_discount *d = test_scheme(0.035, VALUE_DISCOUNT_END);
    double f = -1;
    /* 1.035^-1e6 = exp(-34401) underflows: a factor of 0, not an error */
    assert_ok(value_discount_factor(d, 1e6, &f));
    ck_assert(f == 0.0);
    assert_ok(value_discount_set(d, VALUE_DISCOUNT_RATE, -0.99));
    /* 0.01^-1000 = 1e2000 overflows */
    f = 7;
    assert_fails(value_discount_factor(d, 1000, &f), VALUE_ERANGE, "overflows");
    ck_assert(f == 7); /* output untouched on failure */
    value_discount_free(d);
}
END_TEST

START_TEST(bad_input)
{
    value_discount *d = NULL;
    double x = 3.0, one = 1.0, nan_flows[] = {1, NAN}, inf_flows[] = {INFINITY};
    assert_fails(value_discount_new(0.03, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_discount_new(-1.0, &d), VALUE_EINVAL, "rate must be greater than -1, got -1");
    assert_fails(value_discount_new(NAN, &d), VALUE_EINVAL, "rate is NaN");
    assert_fails(value_discount_new(-INFINITY, &d), VALUE_EINVAL, "rate is -Inf");
    ck_assert_ptr_null(d);
    assert_ok(value_discount_new(0.03, &d));

    /* a rejected set changes nothing */
    assert_fails(value_discount_set(d, VALUE_DISCOUNT_RATE, -1.5), VALUE_EINVAL, "got -1.5");
    assert_fails(value_discount_set(d, VALUE_DISCOUNT_TIMING, 3), VALUE_EINVAL, "got 3");
    assert_fails(value_discount_set(d, VALUE_DISCOUNT_TIMING, 0.5), VALUE_EINVAL, "got 0.5");
    assert_fails(value_discount_set(d, VALUE_DISCOUNT_PERIODS_PER_YEAR, 0), VALUE_EINVAL, "got 0");
    assert_fails(value_discount_set(d, VALUE_DISCOUNT_PERIODS_PER_YEAR, 2.5), VALUE_EINVAL, "got 2.5");
    assert_fails(value_discount_set(d, VALUE_DISCOUNT_PERIODS_PER_YEAR, NAN), VALUE_EINVAL, "got NaN");
    assert_fails(value_discount_set(d, (value_discount_param)99, 1), VALUE_EINVAL, "param 99");
    assert_fails(value_discount_set(NULL, VALUE_DISCOUNT_RATE, 0.1), VALUE_EINVAL, "d is NULL");
    assert_ok(value_discount_get(d, VALUE_DISCOUNT_RATE, &x));
    ck_assert(x == 0.03);
    assert_ok(value_discount_get(d, VALUE_DISCOUNT_TIMING, &x));
    ck_assert(x == VALUE_DISCOUNT_END);
    assert_ok(value_discount_get(d, VALUE_DISCOUNT_PERIODS_PER_YEAR, &x));
    ck_assert(x == 1);
    assert_fails(value_discount_get(d, (value_discount_param)0, &x), VALUE_EINVAL, "param 0");
    assert_fails(value_discount_get(d, VALUE_DISCOUNT_RATE, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_discount_get(NULL, VALUE_DISCOUNT_RATE, &x), VALUE_EINVAL, "d is NULL");

    assert_fails(value_discount_add_step(d, 0, 0.03), VALUE_EINVAL, "from_year must be greater than 0, got 0");
    assert_fails(value_discount_add_step(d, NAN, 0.03), VALUE_EINVAL, "from_year is NaN");
    assert_fails(value_discount_add_step(d, 30, -3), VALUE_EINVAL, "rate must be greater than -1, got -3");
    assert_fails(value_discount_add_step(NULL, 30, 0.03), VALUE_EINVAL, "d is NULL");
    assert_ok(value_discount_factor(d, 40, &x));
    assert_rel(x, pow(1.03, -40), REL); /* the rejected steps left no trace */

    assert_fails(value_discount_factor(d, -1, &x), VALUE_EINVAL, "t must be >= 0, got -1");
    assert_fails(value_discount_factor(d, INFINITY, &x), VALUE_EINVAL, "t is Inf");
    assert_fails(value_discount_factor(d, 1, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_discount_factor(NULL, 1, &x), VALUE_EINVAL, "d is NULL");
    assert_fails(value_discount_factors(d, &x, 0), VALUE_EINVAL, "out_len must be at least 1, got 0");
    assert_fails(value_discount_factors(d, NULL, 3), VALUE_EINVAL, "out is NULL");
    assert_fails(value_discount_factors(NULL, &x, 1), VALUE_EINVAL, "d is NULL");

    x = 42;
    assert_fails(value_discount_pv(d, nan_flows, 2, &x), VALUE_EINVAL, "flows[1] is NaN");
    assert_fails(value_discount_pv(d, inf_flows, 1, &x), VALUE_EINVAL, "flows[0] is Inf");
    assert_fails(value_discount_pv(d, NULL, 1, &x), VALUE_EINVAL, "flows is NULL");
    assert_fails(value_discount_pv(d, &one, 0, &x), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_discount_pv(d, &one, 1, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_discount_pv(NULL, &one, 1, &x), VALUE_EINVAL, "d is NULL");
    ck_assert(x == 42);

    assert_fails(value_discount_pv_rate(&one, 1, 0.03, (value_discount_timing)7, &x), VALUE_EINVAL, "timing");
    assert_fails(value_discount_pv_rate(&one, 1, -1, VALUE_DISCOUNT_END, &x), VALUE_EINVAL, "rate must be");
    assert_fails(value_discount_pv_rate(&one, 1, NAN, VALUE_DISCOUNT_END, &x), VALUE_EINVAL, "rate is NaN");
    assert_fails(value_discount_pv_rate(nan_flows, 2, 0.03, VALUE_DISCOUNT_END, &x), VALUE_EINVAL, "flows[1] is NaN");
    assert_fails(value_discount_pv_rate(NULL, 2, 0.03, VALUE_DISCOUNT_END, &x), VALUE_EINVAL, "flows is NULL");
    assert_fails(value_discount_pv_rate(&one, 0, 0.03, VALUE_DISCOUNT_END, &x), VALUE_EINVAL, "n must be");
    assert_fails(value_discount_pv_rate(&one, 1, 0.03, VALUE_DISCOUNT_END, NULL), VALUE_EINVAL, "out is NULL");

    const double same_sign[] = {100, 200}, two_changes[] = {-100, 230, -132}, zeros[] = {0, 0};
    assert_fails(value_discount_irr(same_sign, 2, &x), VALUE_EDOM, "change sign 0 times");
    assert_fails(value_discount_irr(two_changes, 3, &x), VALUE_EDOM, "change sign 2 times");
    assert_fails(value_discount_irr(zeros, 2, &x), VALUE_EDOM, "change sign 0 times");
    assert_fails(value_discount_irr(&one, 1, &x), VALUE_EINVAL, "n must be at least 2, got 1");
    assert_fails(value_discount_irr(nan_flows, 2, &x), VALUE_EINVAL, "flows[1] is NaN");
    assert_fails(value_discount_irr(NULL, 2, &x), VALUE_EINVAL, "flows is NULL");
    assert_fails(value_discount_irr(same_sign, 2, NULL), VALUE_EINVAL, "out is NULL");
    ck_assert(x == 42);

    value_discount_free(d);
    value_discount_free(NULL); /* a no-op */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("discount");
    TCase *tc = tcase_create("discount");
    tcase_add_test(tc, spreadsheet_npv_end_of_period);
    tcase_add_test(tc, spreadsheet_npv_start_of_period);
    tcase_add_test(tc, annuity_closed_form);
    tcase_add_test(tc, mid_period_half_cycle);
    tcase_add_test(tc, monthly_periods);
    tcase_add_test(tc, green_book_declining_schedule);
    tcase_add_test(tc, irr_published_examples);
    tcase_add_test(tc, irr_exact_cases);
    tcase_add_test(tc, underflow_is_zero_overflow_is_error);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
