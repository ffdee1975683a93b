/* ACA risk corridors (lib/programs/aca.c): 42 U.S.C. 18062(b), 45 CFR 153.510(b)-(c).
 * Every expected amount is worked by hand from the regulation's text in the
 * comments: with target amount T and allowable costs C,
 *   103% T < C <= 108% T: HHS pays 50% x (C - 1.03 T)                  153.510(b)(1)
 *   C > 108% T:           HHS pays 2.5% x T + 80% x (C - 1.08 T)        153.510(b)(2)
 *   92% T <= C < 97% T:   the plan remits 50% x (0.97 T - C)            153.510(c)(1)
 *   C < 92% T:            the plan remits 2.5% x T + 80% x (0.92 T - C) 153.510(c)(2)
 * Payments are positive, charges negative.  Tolerance: 1e-9 relative
 * (closed forms; the engine integrates the bands in floating point).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-9

/* One plan through the vectorised function. */
static double corridor1(int year, double target, double costs)
{
    double out = NAN;
    assert_ok(value_aca_risk_corridor(year, &target, &costs, 1, &out, 1));
    return out;
}

START_TEST(inside_the_corridor_nothing)
{
    /* T = 1,000,000.  C = 1,020,000 is 102% of T (within 103%): nothing.
     * C = 980,000 is 98% (within 97%): nothing.  C = T: nothing.
     * The edges: C = 1,030,000 is not "more than 103 percent"; C = 970,000
     * is not "less than 97 percent": nothing. */
    ck_assert(corridor1(2014, 1e6, 1020000) == 0);
    ck_assert(corridor1(2014, 1e6, 980000) == 0);
    ck_assert(corridor1(2015, 1e6, 1e6) == 0);
    ck_assert(corridor1(2016, 1e6, 1030000) == 0);
    ck_assert(corridor1(2016, 1e6, 970000) == 0);
}
END_TEST

START_TEST(between_three_and_eight_percent)
{
    /* Losses, T = 1,000,000, C = 1,050,000 (105%):
     * 50% x (1,050,000 - 1,030,000) = 50% x 20,000 = 10,000 paid. */
    assert_rel(corridor1(2014, 1e6, 1050000), 10000, REL);
    /* At 108% exactly, C = 1,080,000: 50% x 50,000 = 25,000 = 2.5% of T,
     * where (b)(2) starts (the schedule is continuous). */
    assert_rel(corridor1(2014, 1e6, 1080000), 25000, REL);
    /* Gains, T = 1,000,000, C = 950,000 (95%):
     * 50% x (970,000 - 950,000) = 10,000 remitted: -10,000. */
    assert_rel(corridor1(2015, 1e6, 950000), -10000, REL);
    /* Gains, T = 4,000,000, C = 3,800,000 (95%):
     * 50% x (3,880,000 - 3,800,000) = 40,000 remitted. */
    assert_rel(corridor1(2016, 4e6, 3800000), -40000, REL);
    /* At 92% exactly, C = 920,000: 50% x 50,000 = 25,000 remitted. */
    assert_rel(corridor1(2016, 1e6, 920000), -25000, REL);
}
END_TEST

START_TEST(beyond_eight_percent)
{
    /* Losses, T = 1,000,000, C = 1,100,000 (110%):
     * 2.5% x 1,000,000 + 80% x (1,100,000 - 1,080,000)
     * = 25,000 + 16,000 = 41,000 paid. */
    assert_rel(corridor1(2014, 1e6, 1100000), 41000, REL);
    /* Losses, T = 2,500,000, C = 2,712,500 (108.5%):
     * 62,500 + 80% x (2,712,500 - 2,700,000) = 62,500 + 10,000 = 72,500. */
    assert_rel(corridor1(2015, 2.5e6, 2712500), 72500, REL);
    /* Gains, T = 1,000,000, C = 900,000 (90%):
     * 2.5% x 1,000,000 + 80% x (920,000 - 900,000) = 25,000 + 16,000
     * = 41,000 remitted. */
    assert_rel(corridor1(2014, 1e6, 900000), -41000, REL);
    /* Gains, T = 1,000,000, C = 0 (no claims at all):
     * 25,000 + 80% x 920,000 = 25,000 + 736,000 = 761,000 remitted. */
    assert_rel(corridor1(2016, 1e6, 0), -761000, REL);
}
END_TEST

START_TEST(vectorised_over_plans)
{
    /* The six plans above, in one call. */
    const double T[] = {1e6, 1e6, 1e6, 1e6, 1e6, 2.5e6};
    const double C[] = {1020000, 1050000, 1100000, 950000, 900000, 2712500};
    const double want[] = {0, 10000, 41000, -10000, -41000, 72500};
    double out[6];
    assert_ok(value_aca_risk_corridor(2015, T, C, 6, out, 6));
    for (int i = 0; i < 6; i++)
        assert_rel(out[i], want[i], REL);
}
END_TEST

START_TEST(settlement_explains_each_band)
{
    /* T = 1,000,000, C = 1,100,000: the 3%-8% band pays 25,000, the band
     * beyond 8% pays 16,000; total 41,000. */
    value_settlement *s = NULL;
    assert_ok(value_aca_risk_corridor_settle(2014, 1e6, 1100000, &s));
    double x;
    assert_ok(value_settlement_get(s, VALUE_SETTLEMENT_FINAL_PAYMENT, &x));
    assert_rel(x, 41000, REL);
    assert_ok(value_settlement_get(s, VALUE_SETTLEMENT_BENCHMARK, &x));
    assert_rel(x, 1e6, REL);
    assert_ok(value_settlement_get(s, VALUE_SETTLEMENT_EXPENDITURE, &x));
    assert_rel(x, 1100000, REL);
    size_t n;
    assert_ok(value_settlement_line_count(s, &n));
    int seen_band1 = 0, seen_band2 = 0;
    for (size_t i = 0; i < n; i++) {
        const char *step, *text;
        double amount;
        assert_ok(value_settlement_line(s, i, &step, &text, &amount));
        if (strstr(text, "band 3.00% to 8.00% above target") != NULL) {
            seen_band1 = 1;
            assert_rel(amount, 25000, REL);
        }
        if (strstr(text, "band beyond 8.00% above target") != NULL) {
            seen_band2 = 1;
            assert_rel(amount, 16000, REL);
        }
    }
    ck_assert(seen_band1 && seen_band2);
    value_settlement_free(s);

    /* Gains: T = 1,000,000, C = 900,000: -25,000 (3%-8% below) and
     * -16,000 (beyond 8% below). */
    assert_ok(value_aca_risk_corridor_settle(2016, 1e6, 900000, &s));
    assert_ok(value_settlement_get(s, VALUE_SETTLEMENT_FINAL_PAYMENT, &x));
    assert_rel(x, -41000, REL);
    const char *step, *text;
    double amount;
    assert_ok(value_settlement_line_count(s, &n));
    assert_ok(value_settlement_line(s, n - 1, &step, &text, &amount));
    ck_assert_str_eq(step, "payment");
    ck_assert(strstr(text, "the provider owes 41,000") != NULL);
    value_settlement_free(s);

    /* Inside: one line says nothing is shared. */
    assert_ok(value_aca_risk_corridor_settle(2015, 1e6, 1010000, &s));
    assert_ok(value_settlement_get(s, VALUE_SETTLEMENT_FINAL_PAYMENT, &x));
    ck_assert(x == 0);
    value_settlement_free(s);
}
END_TEST

START_TEST(parameters_as_data)
{
    /* The table's thresholds and shares: 45 CFR 153.510(b)-(c). */
    int first, last;
    assert_ok(value_cms_years("aca", &first, &last));
    ck_assert_int_eq(first, 2014);
    ck_assert_int_eq(last, 2016);
    size_t n;
    assert_ok(value_cms_parameter_count("aca", 2015, "corridor.threshold", &n));
    ck_assert_uint_eq(n, 4);
    const double thr[] = {0.03, 0.08, -0.03, -0.08}, share[] = {0.5, 0.8, 0.5, 0.8};
    for (size_t i = 0; i < 4; i++) {
        double x;
        assert_ok(value_cms_parameter("aca", 2015, "corridor.threshold", i, &x));
        ck_assert(x == thr[i]);
        assert_ok(value_cms_parameter("aca", 2015, "corridor.share", i, &x));
        ck_assert(x == share[i]);
    }
}
END_TEST

START_TEST(bad_input)
{
    double T[] = {1e6, 1e6}, C[] = {1e6, 1e6};
    double out[2] = {-7, -7};
    value_settlement *s = NULL;
    /* unknown benefit year: the program ran 2014-2016 only */
    assert_fails(value_aca_risk_corridor(2017, T, C, 2, out, 2), VALUE_EINVAL,
                 "aca has no benefit year 2017 (known: 2014-2016)");
    assert_fails(value_aca_risk_corridor(2013, T, C, 2, out, 2), VALUE_EINVAL, "aca has no benefit year 2013");
    /* a target so small that costs / target overflows: the payment used to
     * be Inf */
    double tiny_t[] = {1e6, 5e-324}, small_c[] = {1e6, 1e-8};
    assert_fails(value_aca_risk_corridor(2015, tiny_t, small_c, 2, out, 2), VALUE_ERANGE,
                 "the corridor's deviation (E - T)/T overflows: target T 4.94066e-324, expenditure E 1e-08");
    ck_assert(out[0] == -7 && out[1] == -7);
    assert_fails(value_aca_risk_corridor_settle(2015, 5e-324, 1e-8, &s), VALUE_ERANGE, "the corridor's deviation (E - T)/T overflows");
    ck_assert_ptr_null(s);
    assert_fails(value_aca_risk_corridor_settle(2017, 1e6, 1e6, &s), VALUE_EINVAL, "aca has no benefit year 2017");
    /* NULL, empty, mismatched lengths */
    assert_fails(value_aca_risk_corridor(2014, NULL, C, 2, out, 2), VALUE_EINVAL, "target is NULL");
    assert_fails(value_aca_risk_corridor(2014, T, NULL, 2, out, 2), VALUE_EINVAL, "allowable_costs is NULL");
    assert_fails(value_aca_risk_corridor(2014, T, C, 2, NULL, 2), VALUE_EINVAL, "out_payment is NULL");
    assert_fails(value_aca_risk_corridor(2014, T, C, 0, out, 0), VALUE_EINVAL, "n must be at least 1");
    assert_fails(value_aca_risk_corridor(2014, T, C, 2, out, 1), VALUE_EINVAL, "out_len must be 2 (n), got 1");
    assert_fails(value_aca_risk_corridor_settle(2014, 1e6, 1e6, NULL), VALUE_EINVAL, "out is NULL");
    /* costs NaN, negative, infinite */
    C[1] = NAN;
    assert_fails(value_aca_risk_corridor(2014, T, C, 2, out, 2), VALUE_EINVAL, "allowable_costs[1] is NaN");
    C[1] = -1;
    assert_fails(value_aca_risk_corridor(2014, T, C, 2, out, 2), VALUE_EINVAL,
                 "allowable_costs[1] is -1, must be finite and >= 0");
    C[1] = INFINITY;
    assert_fails(value_aca_risk_corridor(2014, T, C, 2, out, 2), VALUE_EINVAL, "allowable_costs[1] is Inf");
    C[1] = 1e6;
    assert_fails(value_aca_risk_corridor_settle(2014, 1e6, NAN, &s), VALUE_EINVAL, "allowable_costs is NaN");
    assert_fails(value_aca_risk_corridor_settle(2014, 1e6, -5, &s), VALUE_EINVAL,
                 "allowable_costs is -5, must be finite and >= 0");
    /* target <= 0, NaN, infinite */
    T[0] = 0;
    assert_fails(value_aca_risk_corridor(2014, T, C, 2, out, 2), VALUE_EINVAL, "target[0] is 0, must be finite and > 0");
    T[0] = -1e6;
    assert_fails(value_aca_risk_corridor(2014, T, C, 2, out, 2), VALUE_EINVAL, "target[0] is -1000000");
    T[0] = NAN;
    assert_fails(value_aca_risk_corridor(2014, T, C, 2, out, 2), VALUE_EINVAL, "target[0] is NaN");
    assert_fails(value_aca_risk_corridor_settle(2014, 0, 1e6, &s), VALUE_EINVAL, "target is 0, must be finite and > 0");
    assert_fails(value_aca_risk_corridor_settle(2014, INFINITY, 1e6, &s), VALUE_EINVAL, "target is Inf");
    /* nothing written on failure */
    ck_assert(out[0] == -7 && out[1] == -7);
    ck_assert_ptr_null(s);
}
END_TEST

static Suite *aca_suite(void)
{
    Suite *s = suite_create("aca");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, inside_the_corridor_nothing);
    tcase_add_test(tc, between_three_and_eight_percent);
    tcase_add_test(tc, beyond_eight_percent);
    tcase_add_test(tc, vectorised_over_plans);
    tcase_add_test(tc, settlement_explains_each_band);
    tcase_add_test(tc, parameters_as_data);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(aca_suite());
}
