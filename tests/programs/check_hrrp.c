/* The Hospital Readmissions Reduction Program (lib/programs/hrrp.c): ERRs, the
 * non-stratified factor (FY 2013-2018), the stratified factor (FY 2019 on)
 * and the whole program.  Every expected number is worked by hand below
 * from 42 CFR 412.152 / 412.154 and the FY 2018-2019 IPPS final rules
 * (82 FR 37990, 83 FR 41144); the arithmetic is in the comments.
 * Tolerance: 1e-12 relative for the closed forms; factors are rounded to
 * 4 decimals and compared to 1e-12 absolute.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-12
#define SENTINEL (-777.0)

/* ---- the parameter table ---------------------------------------------------- */

/* 412.154(c)(2): floors 0.99 (FY 2013), 0.98 (FY 2014), 0.97 (FY 2015 on);
 * the minimum of 25 discharges; conditions by year. */
START_TEST(table_by_fiscal_year)
{
    double x;
    assert_ok(value_cms_parameter("hrrp", 2013, "floor", 0, &x));
    ck_assert(x == 0.99);
    assert_ok(value_cms_parameter("hrrp", 2014, "floor", 0, &x));
    ck_assert(x == 0.98);
    assert_ok(value_cms_parameter("hrrp", 2015, "floor", 0, &x));
    ck_assert(x == 0.97);
    assert_ok(value_cms_parameter("hrrp", 2024, "floor", 0, &x));
    ck_assert(x == 0.97);
    assert_ok(value_cms_parameter("hrrp", 2013, "min_discharges", 0, &x));
    ck_assert(x == 25);
    assert_ok(value_cms_parameter("hrrp", 2018, "method", 0, &x));
    ck_assert(x == 1);
    assert_ok(value_cms_parameter("hrrp", 2019, "method", 0, &x));
    ck_assert(x == 2);
    assert_ok(value_cms_parameter("hrrp", 2019, "peer_groups", 0, &x));
    ck_assert(x == 5);
    size_t n;
    assert_fails(value_cms_parameter_count("hrrp", 2014, "copd", &n), VALUE_ENOTFOUND, "hrrp has no copd for 2014");
    assert_ok(value_cms_parameter("hrrp", 2015, "copd", 0, &x));
    ck_assert(x == 1);
    assert_fails(value_cms_parameter_count("hrrp", 2016, "cabg", &n), VALUE_ENOTFOUND, "cabg");
    assert_ok(value_cms_parameter("hrrp", 2017, "cabg", 0, &x));
    ck_assert(x == 1);
    assert_ok(value_cms_parameter("hrrp", 2016, "pn.cohort", 0, &x));
    ck_assert(x == 1);
    assert_ok(value_cms_parameter("hrrp", 2017, "pn.cohort", 0, &x));
    ck_assert(x == 2);
    assert_ok(value_cms_parameter("hrrp", 2023, "pn", 0, &x));
    ck_assert(x == 0);
    int first, last;
    assert_ok(value_cms_years("hrrp", &first, &last));
    ck_assert_int_eq(first, 2013);
    ck_assert_int_ge(last, 2025);
}
END_TEST

/* ---- ERR --------------------------------------------------------------------- */

/* ERR = predicted / expected (412.152): 30 / 25 = 1.2; 9 / 10 = 0.9 at
 * exactly 25 discharges (counted); 24 discharges: fewer than 25, no ERR. */
START_TEST(err_and_the_25_discharge_rule)
{
    const double predicted[] = {30, 9, 10};
    const double expected[] = {25, 10, 8};
    const double discharges[] = {100, 25, 24};
    double out[3];
    assert_ok(value_hrrp_err(2014, predicted, expected, discharges, 3, out, 3));
    assert_rel(out[0], 1.2, REL);
    assert_rel(out[1], 0.9, REL);
    ck_assert(isnan(out[2]));
}
END_TEST

START_TEST(err_bad_input)
{
    const double p[] = {30, 9}, e[] = {25, 10}, d[] = {100, 30};
    double out[2] = {SENTINEL, SENTINEL};
    assert_fails(value_hrrp_err(2031, p, e, d, 2, out, 2), VALUE_EINVAL, "hrrp has no fiscal year 2031 (known: 2013-");
    assert_fails(value_hrrp_err(2012, p, e, d, 2, out, 2), VALUE_EINVAL, "hrrp has no fiscal year 2012");
    assert_fails(value_hrrp_err(2014, NULL, e, d, 2, out, 2), VALUE_EINVAL, "predicted is NULL");
    assert_fails(value_hrrp_err(2014, p, e, d, 2, NULL, 2), VALUE_EINVAL, "out_err is NULL");
    assert_fails(value_hrrp_err(2014, p, e, d, 0, out, 0), VALUE_EINVAL, "n is 0");
    assert_fails(value_hrrp_err(2014, p, e, d, 2, out, 1), VALUE_EINVAL, "out_len must be 2 (n), got 1");
    const double pnan[] = {30, NAN}, eneg[] = {25, -1}, ezero[] = {0, 10}, dinf[] = {100, INFINITY},
                 dneg[] = {-3, 30};
    assert_fails(value_hrrp_err(2014, pnan, e, d, 2, out, 2), VALUE_EINVAL, "predicted[1] is NaN");
    assert_fails(value_hrrp_err(2014, p, eneg, d, 2, out, 2), VALUE_EINVAL, "expected[1] is -1, must be finite and > 0");
    assert_fails(value_hrrp_err(2014, p, ezero, d, 2, out, 2), VALUE_EINVAL, "expected[0] is 0");
    assert_fails(value_hrrp_err(2014, p, e, dinf, 2, out, 2), VALUE_EINVAL, "discharges[1] is Inf");
    assert_fails(value_hrrp_err(2014, p, e, dneg, 2, out, 2), VALUE_EINVAL, "discharges[0] is -3");
    ck_assert(out[0] == SENTINEL && out[1] == SENTINEL);
}
END_TEST

/* ---- the non-stratified method (FY 2013-2018) ----------------------------------- */

/* 412.152 and 412.154(c), FY 2015 (floor 0.97), total base operating DRG
 * payments P = 10,000,000:
 *   AMI      ERR 1.10, 100 discharges, P_c 1,000,000: 1,000,000 x 0.10 = 100,000
 *   HF       ERR 0.95, 200 discharges, P_c 2,000,000: ERR < 1, 0
 *   PN       ERR 1.05, 150 discharges, P_c 1,500,000: 1,500,000 x 0.05 =  75,000
 *   COPD     ERR 1.30,  20 discharges, P_c   500,000: < 25 discharges, not counted
 *   THA/TKA  ERR 1.02,  80 discharges, P_c 1,200,000: 1,200,000 x 0.02 =  24,000
 * excess payments 199,000; r = 199,000 / 10,000,000 = 0.0199;
 * ratio = 1 - 0.0199 = 0.9801 > floor 0.97: factor 0.9801 (floor not binding).
 * Contributions 0.01, 0, 0.0075, 0, 0.0024. */
START_TEST(nonstratified_floor_not_binding)
{
    const int32_t cond[] = {VALUE_HRRP_AMI, VALUE_HRRP_HF, VALUE_HRRP_PN, VALUE_HRRP_COPD, VALUE_HRRP_THA_TKA};
    const double err[] = {1.10, 0.95, 1.05, 1.30, 1.02};
    const double dis[] = {100, 200, 150, 20, 80};
    const double pay[] = {1e6, 2e6, 1.5e6, 5e5, 1.2e6};
    double contrib[5], ratio, factor;
    assert_ok(value_hrrp_factor_nonstratified(2015, cond, err, dis, pay, 5, 1e7, contrib, 5, &ratio, &factor));
    assert_rel(contrib[0], 0.01, REL);
    ck_assert(contrib[1] == 0);
    assert_rel(contrib[2], 0.0075, REL);
    ck_assert(contrib[3] == 0);
    assert_rel(contrib[4], 0.0024, REL);
    assert_rel(ratio, 0.9801, REL);
    assert_abs(factor, 0.9801, 1e-12);
}
END_TEST

/* Floor binding (412.154(c)(2)), the same hospital in three years:
 * P = 5,000,000; AMI ERR 1.25 on 800,000: 200,000; HF ERR 1.10 on 1,000,000:
 * 100,000; PN ERR 0.90: 0.  r = 300,000 / 5,000,000 = 0.06, ratio 0.94,
 * below every floor: factor 0.99 in FY 2013, 0.98 in FY 2014, 0.97 in FY 2015. */
START_TEST(nonstratified_floor_binding)
{
    const int32_t cond[] = {VALUE_HRRP_AMI, VALUE_HRRP_HF, VALUE_HRRP_PN};
    const double err[] = {1.25, 1.10, 0.90};
    const double dis[] = {60, 90, 120};
    const double pay[] = {8e5, 1e6, 1.2e6};
    double contrib[3], ratio, factor;
    const int years[] = {2013, 2014, 2015};
    const double floors[] = {0.99, 0.98, 0.97};
    for (int y = 0; y < 3; y++) {
        assert_ok(value_hrrp_factor_nonstratified(years[y], cond, err, dis, pay, 3, 5e6, contrib, 3, &ratio, &factor));
        assert_rel(ratio, 0.94, REL);
        assert_abs(factor, floors[y], 1e-12);
    }
    assert_rel(contrib[0], 0.04, REL);
    assert_rel(contrib[1], 0.02, REL);
    ck_assert(contrib[2] == 0);
}
END_TEST

/* Rounding to 4 decimals.
 * (a) P = 10,000,000; AMI ERR 1.0123 on 1,234,567: 1,234,567 x 0.0123 =
 *     15,185.1741; r = 0.00151851741; ratio 0.99848148259 -> 0.9985 (up).
 * (b) AMI ERR 1.0113 on 1,234,567: 1,234,567 x 0.0113 = 13,950.6071;
 *     r = 0.00139506071; ratio 0.99860493929 -> 0.9986 (down).
 * (c) halfway: P = 1,000,000; AMI ERR 1.0015 on 100,000: 150; r = 0.00015;
 *     ratio 0.99985 -> 0.9999 (half away from zero, whatever the binary
 *     representation of 0.0015 does to the last bit). */
START_TEST(factor_rounds_to_4_decimals)
{
    const int32_t cond[] = {VALUE_HRRP_AMI};
    const double dis[] = {100};
    double contrib[1], ratio, factor;
    const double err_a[] = {1.0123}, pay_a[] = {1234567};
    assert_ok(value_hrrp_factor_nonstratified(2016, cond, err_a, dis, pay_a, 1, 1e7, contrib, 1, &ratio, &factor));
    assert_rel(ratio, 0.99848148259, REL);
    assert_abs(factor, 0.9985, 1e-12);
    const double err_b[] = {1.0113};
    assert_ok(value_hrrp_factor_nonstratified(2016, cond, err_b, dis, pay_a, 1, 1e7, contrib, 1, &ratio, &factor));
    assert_rel(ratio, 0.99860493929, REL);
    assert_abs(factor, 0.9986, 1e-12);
    const double err_c[] = {1.0015}, pay_c[] = {100000};
    assert_ok(value_hrrp_factor_nonstratified(2016, cond, err_c, dis, pay_c, 1, 1e6, contrib, 1, &ratio, &factor));
    assert_rel(ratio, 0.99985, REL);
    assert_abs(factor, 0.9999, 1e-12);
}
END_TEST

START_TEST(nonstratified_bad_input)
{
    const int32_t cond[] = {VALUE_HRRP_AMI, VALUE_HRRP_HF};
    const double err[] = {1.1, 0.9}, dis[] = {100, 100}, pay[] = {1e6, 1e6};
    double contrib[2] = {SENTINEL, SENTINEL}, ratio = SENTINEL, factor = SENTINEL;
#define NS(y, c, e, d, p, n, tot, ol) value_hrrp_factor_nonstratified(y, c, e, d, p, n, tot, contrib, ol, &ratio, &factor)
    assert_fails(NS(2031, cond, err, dis, pay, 2, 1e7, 2), VALUE_EINVAL, "hrrp has no fiscal year 2031");
    assert_fails(NS(2019, cond, err, dis, pay, 2, 1e7, 2), VALUE_EINVAL,
                 "fiscal year 2019 uses the stratified method (FY 2019 on): use value_hrrp_factor_stratified()");
    assert_fails(NS(2015, NULL, err, dis, pay, 2, 1e7, 2), VALUE_EINVAL, "condition is NULL");
    assert_fails(NS(2015, cond, err, dis, pay, 0, 1e7, 0), VALUE_EINVAL, "n is 0");
    assert_fails(NS(2015, cond, err, dis, pay, 2, 1e7, 3), VALUE_EINVAL, "out_len must be 2 (n), got 3");
    const int32_t c7[] = {VALUE_HRRP_AMI, 7}, c0[] = {0, VALUE_HRRP_HF};
    assert_fails(NS(2015, c7, err, dis, pay, 2, 1e7, 2), VALUE_EINVAL,
                 "condition[1] is 7, must be a value_hrrp_condition (1-6)");
    assert_fails(NS(2015, c0, err, dis, pay, 2, 1e7, 2), VALUE_EINVAL, "condition[0] is 0");
    /* conditions not in force: COPD before FY 2015, CABG before FY 2017 */
    const int32_t ccopd[] = {VALUE_HRRP_AMI, VALUE_HRRP_COPD}, ccabg[] = {VALUE_HRRP_CABG, VALUE_HRRP_HF};
    assert_fails(NS(2014, ccopd, err, dis, pay, 2, 1e7, 2), VALUE_EINVAL,
                 "condition[1] (COPD) is not in force in hrrp fiscal year 2014");
    assert_fails(NS(2016, ccabg, err, dis, pay, 2, 1e7, 2), VALUE_EINVAL,
                 "condition[0] (CABG) is not in force in hrrp fiscal year 2016");
    const int32_t crep[] = {VALUE_HRRP_HF, VALUE_HRRP_HF};
    assert_fails(NS(2015, crep, err, dis, pay, 2, 1e7, 2), VALUE_EINVAL, "condition[1] (HF) repeats condition[0]");
    const double enan[] = {1.1, NAN}, eneg[] = {-0.1, 0.9}, einf[] = {INFINITY, 0.9};
    assert_fails(NS(2015, cond, enan, dis, pay, 2, 1e7, 2), VALUE_EINVAL, "err[1] is NaN");
    assert_fails(NS(2015, cond, eneg, dis, pay, 2, 1e7, 2), VALUE_EINVAL, "err[0] is -0.1, must be finite and >= 0");
    assert_fails(NS(2015, cond, einf, dis, pay, 2, 1e7, 2), VALUE_EINVAL, "err[0] is Inf");
    const double dnan[] = {NAN, 100}, dneg[] = {100, -1};
    assert_fails(NS(2015, cond, err, dnan, pay, 2, 1e7, 2), VALUE_EINVAL, "discharges[0] is NaN");
    assert_fails(NS(2015, cond, err, dneg, pay, 2, 1e7, 2), VALUE_EINVAL, "discharges[1] is -1");
    const double pnan[] = {NAN, 1e6}, pneg[] = {1e6, -5};
    assert_fails(NS(2015, cond, err, dis, pnan, 2, 1e7, 2), VALUE_EINVAL, "payments[0] is NaN");
    assert_fails(NS(2015, cond, err, dis, pneg, 2, 1e7, 2), VALUE_EINVAL, "payments[1] is -5, must be finite and >= 0");
    assert_fails(NS(2015, cond, err, dis, pay, 2, 0, 2), VALUE_EINVAL, "total_payments is 0, must be finite and > 0");
    assert_fails(NS(2015, cond, err, dis, pay, 2, NAN, 2), VALUE_EINVAL, "total_payments is NaN");
    assert_fails(NS(2015, cond, err, dis, pay, 2, 1.5e6, 2), VALUE_EINVAL,
                 "payments sum to 2000000, more than total_payments 1500000");
    assert_fails(value_hrrp_factor_nonstratified(2015, cond, err, dis, pay, 2, 1e7, contrib, 2, NULL, &factor),
                 VALUE_EINVAL, "out_ratio is NULL");
#undef NS
    ck_assert(contrib[0] == SENTINEL && contrib[1] == SENTINEL && ratio == SENTINEL && factor == SENTINEL);
    /* an ERR below the minimum discharges may be NaN: it is not counted */
    const double enan_small[] = {1.1, NAN}, dsmall[] = {100, 10};
    assert_ok(value_hrrp_factor_nonstratified(2015, cond, enan_small, dsmall, pay, 2, 1e7, contrib, 2, &ratio, &factor));
    assert_rel(ratio, 0.99, REL); /* 1e6 x 0.1 / 1e7 = 0.01 */
    ck_assert(contrib[1] == 0);
}
END_TEST

/* ---- the stratified method (FY 2019 on) ------------------------------------------ */

/* One hospital, FY 2020, given its peer group's medians and NM = 0.95
 * (412.152 "aggregate payments for excess readmissions"), P = 20,000,000:
 *   AMI  ERR 1.08, median 1.02, P_c 1,000,000: 0.95 x 1,000,000 x 0.06 / 2e7 = 0.00285
 *   HF   ERR 0.99, median 1.01, P_c 2,000,000: below the median, 0
 *   PN   ERR 1.20, median 0.98,  24 discharges: not counted, 0
 *   CABG ERR 1.10, median 1.00, P_c 3,000,000: 0.95 x 3,000,000 x 0.10 / 2e7 = 0.01425
 * r = 0.0171; ratio 0.9829; factor 0.9829. */
START_TEST(stratified_hospital)
{
    const int32_t cond[] = {VALUE_HRRP_AMI, VALUE_HRRP_HF, VALUE_HRRP_PN, VALUE_HRRP_CABG};
    const double err[] = {1.08, 0.99, 1.20, 1.10};
    const double dis[] = {50, 300, 24, 40};
    const double pay[] = {1e6, 2e6, 4e5, 3e6};
    const double med[] = {1.02, 1.01, 0.98, 1.00};
    double contrib[4], ratio, factor;
    assert_ok(value_hrrp_factor_stratified(2020, cond, err, dis, pay, med, 4, 2e7, 0.95, contrib, 4, &ratio, &factor));
    assert_rel(contrib[0], 0.00285, REL);
    ck_assert(contrib[1] == 0 && contrib[2] == 0);
    assert_rel(contrib[3], 0.01425, REL);
    assert_rel(ratio, 0.9829, REL);
    assert_abs(factor, 0.9829, 1e-12);

    /* Near the top of the doubles: payments 1.5e308 of a total 1.6e308
     * with ERR 3 against a median 1 and a modifier 1e-300 is a reduction of
     * 1e-300 x (1.5e308 / 1.6e308) x 2 = 1.875e-300 (hand calculation);
     * its middle product 1.5e308 x 2 overflowed, and the ratio came out
     * -Inf */
    const int32_t c1[] = {VALUE_HRRP_AMI};
    const double e1[] = {3}, d1[] = {50}, p1[] = {1.5e308}, m1[] = {1};
    double ct = -7, r1 = -7, f1 = -7;
    assert_ok(value_hrrp_factor_stratified(2020, c1, e1, d1, p1, m1, 1, 1.6e308, 1e-300, &ct, 1, &r1, &f1));
    assert_rel(ct, 1.875e-300, 1e-13);
    ck_assert(r1 == 1);
    /* a modifier that makes the reduction itself overflow is refused */
    ct = r1 = f1 = -7;
    assert_fails(value_hrrp_factor_stratified(2020, c1, e1, d1, p1, m1, 1, 1.6e308, 1.7e308, &ct, 1, &r1, &f1),
                 VALUE_ERANGE, "hrrp: the payment reduction of row 0 overflows (err 3, neutrality modifier 1.7e+308)");
    ck_assert(ct == -7 && r1 == -7 && f1 == -7);
}
END_TEST

/* The 3% cap: the same hospital with CABG ERR 1.50: 0.95 x 3,000,000 x 0.50
 * / 2e7 = 0.07125; r = 0.0741; ratio 0.9259 < 0.97: factor 0.97. */
START_TEST(stratified_cap)
{
    const int32_t cond[] = {VALUE_HRRP_AMI, VALUE_HRRP_HF, VALUE_HRRP_PN, VALUE_HRRP_CABG};
    const double err[] = {1.08, 0.99, 1.20, 1.50};
    const double dis[] = {50, 300, 24, 40};
    const double pay[] = {1e6, 2e6, 4e5, 3e6};
    const double med[] = {1.02, 1.01, 0.98, 1.00};
    double contrib[4], ratio, factor;
    assert_ok(value_hrrp_factor_stratified(2021, cond, err, dis, pay, med, 4, 2e7, 0.95, contrib, 4, &ratio, &factor));
    assert_rel(contrib[3], 0.07125, REL);
    assert_rel(ratio, 0.9259, REL);
    assert_abs(factor, 0.97, 1e-12);
}
END_TEST

START_TEST(stratified_bad_input)
{
    const int32_t cond[] = {VALUE_HRRP_AMI, VALUE_HRRP_PN};
    const double err[] = {1.1, 0.9}, dis[] = {100, 100}, pay[] = {1e6, 1e6}, med[] = {1.0, 1.0};
    double contrib[2] = {SENTINEL, SENTINEL}, ratio = SENTINEL, factor = SENTINEL;
#define ST(y, m, n, nm) value_hrrp_factor_stratified(y, cond, err, dis, pay, m, n, 1e7, nm, contrib, n, &ratio, &factor)
    assert_fails(ST(2018, med, 2, 1.0), VALUE_EINVAL,
                 "fiscal year 2018 uses the non-stratified method (FY 2013-2018): use value_hrrp_factor_nonstratified()");
    assert_fails(ST(2040, med, 2, 1.0), VALUE_EINVAL, "hrrp has no fiscal year 2040");
    /* PN does not count toward FY 2023's payment (87 FR 48780) */
    assert_fails(ST(2023, med, 2, 1.0), VALUE_EINVAL, "condition[1] (PN) is not in force in hrrp fiscal year 2023");
    assert_fails(ST(2022, NULL, 2, 1.0), VALUE_EINVAL, "peer_median is NULL");
    assert_fails(ST(2022, med, 2, 0.0), VALUE_EINVAL, "neutrality_modifier is 0, must be finite and > 0");
    assert_fails(ST(2022, med, 2, NAN), VALUE_EINVAL, "neutrality_modifier is NaN");
    assert_fails(ST(2022, med, 2, -INFINITY), VALUE_EINVAL, "neutrality_modifier is -Inf");
    const double mnan[] = {1.0, NAN}, mzero[] = {0, 1.0};
    assert_fails(ST(2022, mnan, 2, 1.0), VALUE_EINVAL, "peer_median[1] is NaN");
    assert_fails(ST(2022, mzero, 2, 1.0), VALUE_EINVAL, "peer_median[0] is 0, must be finite and > 0");
#undef ST
    ck_assert(contrib[0] == SENTINEL && contrib[1] == SENTINEL && ratio == SENTINEL && factor == SENTINEL);
}
END_TEST

/* ---- the whole program ----------------------------------------------------------- */

/* FY 2019, ten hospitals, AMI and HF, every hospital P = 20,000,000, AMI
 * payments 1,000,000 and HF 2,000,000, 100 discharges except h0's AMI (20).
 *
 * Peer groups (quintiles of dual proportion, rank r of 10 -> floor(5(r-1)/10)+1):
 *   h1 0.05 (r1), h5 0.08 (r2) -> 1;  h3 0.12, h7 0.18 -> 2;  h4 0.22, h8 0.27 -> 3;
 *   h0 0.30, h9 0.35 -> 4;  h6 0.41, h2 0.50 -> 5.
 *
 * ERRs (AMI, HF) and the peer medians (mean of the two middle of two):
 *   g1: h1 (1.10, 1.00), h5 (0.90, 1.20)   medians AMI 1.00, HF 1.10
 *   g2: h3 (1.20, 0.95), h7 (1.00, 1.05)   medians AMI 1.10, HF 1.00
 *   g3: h4 (1.05, 1.10), h8 (0.95, 0.90)   medians AMI 1.00, HF 1.00
 *   g4: h0 (1.30 on 20 discharges: not counted, 1.02), h9 (1.04, 0.98)
 *                                          medians AMI 1.04 (h9 alone), HF 1.00
 *   g5: h6 (1.15, 1.45), h2 (1.05, 1.15)   medians AMI 1.10, HF 1.30
 *
 * Non-stratified savings, sum of P_c x max(ERR - 1, 0):
 *   h1 100,000 + 0; h5 0 + 400,000; h3 200,000 + 0; h7 0 + 100,000;
 *   h4 50,000 + 200,000; h8 0; h0 (AMI not counted) 40,000; h9 40,000 + 0;
 *   h6 150,000 + 900,000; h2 50,000 + 300,000          total 2,530,000
 * Stratified savings before NM, sum of P_c x max(ERR - median, 0):
 *   h1 100,000; h5 200,000; h3 100,000; h7 100,000; h4 50,000 + 200,000;
 *   h8 0; h0 40,000; h9 0 (1.04 - 1.04); h6 50,000 + 300,000; h2 0
 *                                                        total 1,140,000
 * NM = 2,530,000 / 1,140,000 = 2.2192982456140351 (253/114).
 * r = NM x own stratified savings / 20,000,000; factor = max(1 - r, 0.97) to 4 decimals:
 *   h1, h3, h7: 100,000 -> r 0.011096491228070175, ratio 0.98890350877192982, 0.9889
 *   h5: 200,000 -> r 0.022192982456140351, ratio 0.97780701754385965, 0.9778
 *   h4: 250,000 -> r 0.027741228070175439, ratio 0.97225877192982456, 0.9723
 *   h0:  40,000 -> r 0.0044385964912280702, ratio 0.99556140350877193, 0.9956
 *   h6: 350,000 -> r 0.038837719298245614, ratio 0.96116228070175439, 0.97 (3% cap)
 *   h8, h9, h2: 0 -> 1 */
static const double P_DUAL[10] = {0.30, 0.05, 0.50, 0.12, 0.22, 0.08, 0.41, 0.18, 0.27, 0.35};
static const double P_AMI[10] = {1.30, 1.10, 1.05, 1.20, 1.05, 0.90, 1.15, 1.00, 0.95, 1.04};
static const double P_HF[10] = {1.02, 1.00, 1.15, 0.95, 1.10, 1.20, 1.45, 1.05, 0.90, 0.98};

static void program_rows(int32_t *hosp, int32_t *cond, double *err, double *dis, double *pay)
{
    for (int h = 0; h < 10; h++) { /* HF rows first, then AMI rows reversed: order must not matter */
        hosp[h] = h;
        cond[h] = VALUE_HRRP_HF;
        err[h] = P_HF[h];
        dis[h] = 100;
        pay[h] = 2e6;
        hosp[10 + h] = 9 - h;
        cond[10 + h] = VALUE_HRRP_AMI;
        err[10 + h] = P_AMI[9 - h];
        dis[10 + h] = 9 - h == 0 ? 20 : 100;
        pay[10 + h] = 1e6;
    }
}

START_TEST(program_stratified_by_hand)
{
    int32_t hosp[20], cond[20];
    double err[20], dis[20], pay[20], total[10];
    program_rows(hosp, cond, err, dis, pay);
    for (int h = 0; h < 10; h++)
        total[h] = 2e7;
    int32_t group[10];
    double ratio[10], factor[10], median[20], contrib[20], nm;
    assert_ok(value_hrrp_program(2019, P_DUAL, total, 10, hosp, cond, err, dis, pay, 20, group, ratio, factor, 10,
                                 median, contrib, 20, &nm));
    const int32_t want_group[10] = {4, 1, 5, 2, 3, 1, 5, 2, 3, 4};
    for (int h = 0; h < 10; h++)
        ck_assert_int_eq(group[h], want_group[h]);
    assert_rel(nm, 253.0 / 114.0, REL);
    /* medians per row: HF rows are h = row; AMI rows are h = 19 - row */
    const double want_hf_median[10] = {1.00, 1.10, 1.30, 1.00, 1.00, 1.10, 1.30, 1.00, 1.00, 1.00};
    const double want_ami_median[10] = {NAN, 1.00, 1.10, 1.10, 1.00, 1.00, 1.10, 1.10, 1.00, 1.04};
    for (int h = 0; h < 10; h++) {
        assert_rel(median[h], want_hf_median[h], REL);
        if (h == 0)
            ck_assert(isnan(median[19]));
        else
            assert_rel(median[19 - h], want_ami_median[h], REL);
    }
    ck_assert(contrib[19] == 0); /* h0's AMI: 20 discharges */
    const double want_ratio[10] = {0.99556140350877193, 0.98890350877192982, 1, 0.98890350877192982,
                                   0.97225877192982456, 0.97780701754385965, 0.96116228070175439,
                                   0.98890350877192982, 1, 1};
    const double want_factor[10] = {0.9956, 0.9889, 1, 0.9889, 0.9723, 0.9778, 0.97, 0.9889, 1, 1};
    for (int h = 0; h < 10; h++) {
        assert_rel(ratio[h], want_ratio[h], REL);
        assert_abs(factor[h], want_factor[h], 1e-12);
    }
    /* h4's contributions: AMI NM x 50,000 / 2e7, HF NM x 200,000 / 2e7 */
    assert_rel(contrib[4], 253.0 / 114.0 * 0.01, REL);
    assert_rel(contrib[19 - 4], 253.0 / 114.0 * 0.0025, REL);

    /* The hospital-level function with h4's medians and the program's NM
     * gives the same factor. */
    const int32_t c4[] = {VALUE_HRRP_AMI, VALUE_HRRP_HF};
    const double e4[] = {1.05, 1.10}, d4[] = {100, 100}, p4[] = {1e6, 2e6}, m4[] = {1.00, 1.00};
    double k4[2], r4, f4;
    assert_ok(value_hrrp_factor_stratified(2019, c4, e4, d4, p4, m4, 2, 2e7, nm, k4, 2, &r4, &f4));
    assert_rel(r4, 0.97225877192982456, REL);
    assert_abs(f4, 0.9723, 1e-12);
}
END_TEST

/* Ties in dual proportion share a peer group (the rank of the first of
 * them): 0.1, 0.1, 0.2 -> ranks 1, 1, 3 of 3 -> groups floor(5x0/3)+1 = 1,
 * 1, floor(5x2/3)+1 = 4.  No rows: every factor is 1 and NM 1 (no
 * reduction to scale). */
START_TEST(program_ties_and_no_rows)
{
    const double dual[] = {0.1, 0.2, 0.1}, total[] = {1e6, 1e6, 1e6};
    int32_t group[3];
    double ratio[3], factor[3], nm;
    assert_ok(value_hrrp_program(2024, dual, total, 3, NULL, NULL, NULL, NULL, NULL, 0, group, ratio, factor, 3, NULL,
                                 NULL, 0, &nm));
    ck_assert_int_eq(group[0], 1);
    ck_assert_int_eq(group[1], 4);
    ck_assert_int_eq(group[2], 1);
    for (int h = 0; h < 3; h++)
        ck_assert(ratio[h] == 1 && factor[h] == 1);
    ck_assert(nm == 1);
}
END_TEST

/* FY 2015 (non-stratified): the hospital of nonstratified_floor_not_binding
 * (factor 0.9801) and the FY 2015 version of nonstratified_floor_binding
 * (ratio 0.94, factor 0.97); peer group 0, medians 1, NM 1; dual
 * proportions are not used (NaN allowed). */
START_TEST(program_nonstratified)
{
    const double dual[] = {NAN, NAN}, total[] = {1e7, 5e6};
    const int32_t hosp[] = {0, 0, 0, 0, 0, 1, 1, 1};
    const int32_t cond[] = {VALUE_HRRP_AMI, VALUE_HRRP_HF,  VALUE_HRRP_PN, VALUE_HRRP_COPD,
                            VALUE_HRRP_THA_TKA, VALUE_HRRP_AMI, VALUE_HRRP_HF, VALUE_HRRP_PN};
    const double err[] = {1.10, 0.95, 1.05, 1.30, 1.02, 1.25, 1.10, 0.90};
    const double dis[] = {100, 200, 150, 20, 80, 60, 90, 120};
    const double pay[] = {1e6, 2e6, 1.5e6, 5e5, 1.2e6, 8e5, 1e6, 1.2e6};
    int32_t group[2];
    double ratio[2], factor[2], median[8], contrib[8], nm;
    assert_ok(value_hrrp_program(2015, dual, total, 2, hosp, cond, err, dis, pay, 8, group, ratio, factor, 2, median,
                                 contrib, 8, &nm));
    ck_assert(group[0] == 0 && group[1] == 0 && nm == 1);
    assert_rel(ratio[0], 0.9801, REL);
    assert_abs(factor[0], 0.9801, 1e-12);
    assert_rel(ratio[1], 0.94, REL);
    assert_abs(factor[1], 0.97, 1e-12);
    ck_assert(median[0] == 1 && isnan(median[3]));
    assert_rel(contrib[5], 0.04, REL);
}
END_TEST

START_TEST(program_bad_input)
{
    const double dual[] = {0.2, 0.4}, total[] = {1e7, 1e7};
    const int32_t hosp[] = {0, 1}, cond[] = {VALUE_HRRP_AMI, VALUE_HRRP_AMI};
    const double err[] = {1.1, 0.9}, dis[] = {100, 100}, pay[] = {1e6, 1e6};
    int32_t group[2] = {-9, -9};
    double ratio[2] = {SENTINEL, SENTINEL}, factor[2] = {SENTINEL, SENTINEL}, median[2] = {SENTINEL, SENTINEL},
           contrib[2] = {SENTINEL, SENTINEL}, nm = SENTINEL;
#define PR(y, du, to, nh, ho, co, nr, oh, ol)                                                                   \
    value_hrrp_program(y, du, to, nh, ho, co, err, dis, pay, nr, group, ratio, factor, oh, median, contrib, ol, &nm)
    assert_fails(PR(2031, dual, total, 2, hosp, cond, 2, 2, 2), VALUE_EINVAL, "hrrp has no fiscal year 2031");
    assert_fails(PR(2019, dual, total, 0, hosp, cond, 2, 0, 2), VALUE_EINVAL, "n_hospitals is 0");
    assert_fails(PR(2019, dual, total, 2, hosp, cond, 2, 1, 2), VALUE_EINVAL, "out_hospitals is 1, must be n_hospitals (2)");
    assert_fails(PR(2019, dual, total, 2, hosp, cond, 2, 2, 1), VALUE_EINVAL, "out_len must be 2 (n), got 1");
    assert_fails(PR(2019, NULL, total, 2, hosp, cond, 2, 2, 2), VALUE_EINVAL, "dual_proportion is NULL");
    assert_fails(PR(2019, dual, total, 2, NULL, cond, 2, 2, 2), VALUE_EINVAL, "hospital is NULL");
    const double d15[] = {0.2, 1.5}, dnan[] = {NAN, 0.4}, dneg[] = {-0.1, 0.4};
    assert_fails(PR(2019, d15, total, 2, hosp, cond, 2, 2, 2), VALUE_EINVAL, "dual_proportion[1] is 1.5, must be in [0, 1]");
    assert_fails(PR(2019, dnan, total, 2, hosp, cond, 2, 2, 2), VALUE_EINVAL, "dual_proportion[0] is NaN");
    assert_fails(PR(2019, dneg, total, 2, hosp, cond, 2, 2, 2), VALUE_EINVAL, "dual_proportion[0] is -0.1");
    const double t0[] = {1e7, 0}, tsmall[] = {1e7, 5e5};
    assert_fails(PR(2019, dual, t0, 2, hosp, cond, 2, 2, 2), VALUE_EINVAL, "total_payments[1] is 0, must be finite and > 0");
    assert_fails(PR(2019, dual, tsmall, 2, hosp, cond, 2, 2, 2), VALUE_EINVAL,
                 "payments sum to 1000000, more than total_payments[1] 500000");
    const int32_t hbad[] = {0, 2}, hneg[] = {-1, 0}, hsame[] = {1, 1};
    assert_fails(PR(2019, dual, total, 2, hbad, cond, 2, 2, 2), VALUE_EINVAL, "hospital[1] is 2, not in [0, 2)");
    assert_fails(PR(2019, dual, total, 2, hneg, cond, 2, 2, 2), VALUE_EINVAL, "hospital[0] is -1");
    assert_fails(PR(2019, dual, total, 2, hsame, cond, 2, 2, 2), VALUE_EINVAL,
                 "condition[1] (AMI) is given twice for hospital 1");
    const int32_t cpn[] = {VALUE_HRRP_PN, VALUE_HRRP_AMI}, cbad[] = {VALUE_HRRP_AMI, 9};
    assert_fails(PR(2023, dual, total, 2, hosp, cpn, 2, 2, 2), VALUE_EINVAL,
                 "condition[0] (PN) is not in force in hrrp fiscal year 2023");
    assert_fails(PR(2019, dual, total, 2, hosp, cbad, 2, 2, 2), VALUE_EINVAL, "condition[1] is 9");
#undef PR
    const double enan[] = {NAN, 0.9};
    assert_fails(value_hrrp_program(2019, dual, total, 2, hosp, cond, enan, dis, pay, 2, group, ratio, factor, 2, median,
                                    contrib, 2, &nm),
                 VALUE_EINVAL, "err[0] is NaN");
    assert_fails(value_hrrp_program(2019, dual, total, 2, hosp, cond, err, dis, pay, 2, group, ratio, factor, 2, median,
                                    contrib, 2, NULL),
                 VALUE_EINVAL, "out_neutrality_modifier is NULL");
    ck_assert(group[0] == -9 && group[1] == -9 && nm == SENTINEL);
    for (int i = 0; i < 2; i++)
        ck_assert(ratio[i] == SENTINEL && factor[i] == SENTINEL && median[i] == SENTINEL && contrib[i] == SENTINEL);
}
END_TEST

static Suite *hrrp_suite(void)
{
    Suite *s = suite_create("hrrp");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, table_by_fiscal_year);
    tcase_add_test(tc, err_and_the_25_discharge_rule);
    tcase_add_test(tc, err_bad_input);
    tcase_add_test(tc, nonstratified_floor_not_binding);
    tcase_add_test(tc, nonstratified_floor_binding);
    tcase_add_test(tc, factor_rounds_to_4_decimals);
    tcase_add_test(tc, nonstratified_bad_input);
    tcase_add_test(tc, stratified_hospital);
    tcase_add_test(tc, stratified_cap);
    tcase_add_test(tc, stratified_bad_input);
    tcase_add_test(tc, program_stratified_by_hand);
    tcase_add_test(tc, program_ties_and_no_rows);
    tcase_add_test(tc, program_nonstratified);
    tcase_add_test(tc, program_bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(hrrp_suite());
}
