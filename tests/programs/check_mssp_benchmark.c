/* Medicare Shared Savings Program benchmark arithmetic (42 CFR 425.601-.603,
 * 425.652-.656): each function against a hand calculation written out
 * beside it, CMS's PY2014 historical benchmarks rebuilt from the ACO public
 * use file, and bad input.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdio.h>

/* Tolerances: the hand calculations are exact decimals or ratios of them,
 * so 1e-12 relative (a few ulps of each step); dollars of the PUF: $1. */
#define REL 1e-12

static void assert_vec(const double *got, const double *want, double rel)
{
    for (int e = 0; e < 4; e++)
        assert_rel(got[e], want[e], rel);
}

/* ---- trend and update factor blend (425.601(a)(5), (b)) ----------------- */
START_TEST(blend_hand)
{
    /* w = 0.3, f = 0.3 N + 0.7 R:
     *   ESRD      0.3 x 1.02 + 0.7 x 1.05 = 0.306 + 0.735 = 1.041
     *   disabled  0.3 x 1.03 + 0.7 x 1.00 = 0.309 + 0.700 = 1.009
     *   aged/dual 0.3 x 1.01 + 0.7 x 1.02 = 0.303 + 0.714 = 1.017
     *   non-dual  0.3 x 1.04 + 0.7 x 1.01 = 0.312 + 0.707 = 1.019 */
    const double nat[4] = {1.02, 1.03, 1.01, 1.04}, reg[4] = {1.05, 1.00, 1.02, 1.01};
    double out[4];
    const double w3[4] = {0.3, 0.3, 0.3, 0.3}, w1[4] = {1, 1, 1, 1}, w0[4] = {0, 0, 0, 0};
    assert_ok(value_mssp_benchmark_blend(nat, reg, w3, 4, out, 4));
    const double want[4] = {1.041, 1.009, 1.017, 1.019};
    assert_vec(out, want, REL);
    /* w = 1 is the national factor, w = 0 the regional one. */
    assert_ok(value_mssp_benchmark_blend(nat, reg, w1, 4, out, 4));
    assert_vec(out, nat, 0);
    assert_ok(value_mssp_benchmark_blend(nat, reg, w0, 4, out, 4));
    assert_vec(out, reg, 0);
    /* CMS's Specifications v11, 4.1.2 step 2: aged/dual, counties A (9,000
     * of 10,000 assignable assigned) and B (2,000 of 12,000), the ACO's
     * 11,000: w = 0.9 x 9/11 + (1/6) x 2/11 = 0.7667 (CMS: 0.767); BY1
     * national 1.047, regional 1.083: 1.047 x 0.767 + 1.083 x 0.233 =
     * 1.055388 (CMS: 1.055).  Each type has its own weight. */
    const double wc = 0.9 * 9.0 / 11 + (2.0 / 12) * 2.0 / 11;
    assert_abs(wc, 0.767, 0.0005);
    const double nat_c[4] = {1.02, 1.03, 1.047, 1.04}, reg_c[4] = {1.05, 1.00, 1.083, 1.01};
    const double w_c[4] = {0.3, 0.5, 0.767, 1};
    assert_ok(value_mssp_benchmark_blend(nat_c, reg_c, w_c, 4, out, 4));
    assert_rel(out[2], 1.047 * 0.767 + 1.083 * 0.233, 1e-12);
    assert_abs(out[2], 1.055, 0.0005);
    assert_rel(out[1], 0.5 * 1.03 + 0.5 * 1.00, 1e-12);
    assert_rel(out[3], 1.04, 1e-12);
}
END_TEST

/* ---- benchmark year weights (425.602(a), 425.603, 425.601(a)) ------------ */
START_TEST(year_weights_by_rule)
{
    double w[3];
    /* first agreement periods, 2012-2018 (425.602): 10/30/60 */
    assert_ok(value_mssp_benchmark_year_weights(2014, 1, w, 3));
    assert_rel(w[0], 0.1, 0);
    assert_rel(w[1], 0.3, 0);
    assert_rel(w[2], 0.6, 0);
    /* rebased second agreement periods, 2016-2018 (425.603): equal */
    assert_ok(value_mssp_benchmark_year_weights(2017, 2, w, 3));
    for (int y = 0; y < 3; y++)
        assert_rel(w[y], 1.0 / 3, 1e-15);
    /* from July 2019 (425.601) and 2024 (425.652): 10/30/60 in every period */
    assert_ok(value_mssp_benchmark_year_weights(2019, 2, w, 3));
    assert_rel(w[0], 0.1, 0);
    assert_rel(w[2], 0.6, 0);
    assert_ok(value_mssp_benchmark_year_weights(2024, 3, w, 3));
    assert_rel(w[1], 0.3, 0);
    /* no rebased benchmark before 2016; unknown years list the known ones */
    const double before[3] = {-1, -1, -1};
    memcpy(w, before, sizeof w);
    assert_fails(value_mssp_benchmark_year_weights(2013, 2, w, 3), VALUE_EINVAL,
                 "no agreement period after the first began in 2013");
    assert_fails(value_mssp_benchmark_year_weights(2011, 1, w, 3), VALUE_EINVAL,
                 "mssp_benchmark has no agreement start year 2011 (known: 2012-2026)");
    assert_fails(value_mssp_benchmark_year_weights(2030, 1, w, 3), VALUE_EINVAL, "(known: 2012-2026)");
    assert_fails(value_mssp_benchmark_year_weights(2019, 0, w, 3), VALUE_EINVAL,
                 "agreement_period is 0, must be >= 1");
    assert_fails(value_mssp_benchmark_year_weights(2019, 1, w, 4), VALUE_EINVAL,
                 "out_len must be 3 (the benchmark years), got 4");
    for (int y = 0; y < 3; y++)
        assert_rel(w[y], -1, 0); /* the failed calls wrote nothing */
}
END_TEST

/* ---- historical benchmark: trend, risk restatement, year and type weights */
static const double X1[4] = {60000, 12000, 15000, 9000}, X2[4] = {62000, 12500, 15500, 9400},
                    X3[4] = {65000, 13000, 16000, 10000};
static const double R1[4] = {1.00, 1.10, 1.20, 0.95}, R2[4] = {1.02, 1.10, 1.25, 1.00},
                    R3[4] = {1.05, 1.21, 1.25, 1.00};
static const double T1[4] = {1.08, 1.06, 1.05, 1.04}, T2[4] = {1.04, 1.03, 1.02, 1.02};
static const double P3[4] = {100, 400, 500, 4000};
static const double W_FIRST[3] = {0.1, 0.3, 0.6};

START_TEST(historical_hand)
{
    /* B_e = 0.1 X1 T1 R3/R1 + 0.3 X2 T2 R3/R2 + 0.6 X3:
     * ESRD:      BY1 60000 x 1.08 x 1.05/1.00 = 68040          x 0.1 =  6804
     *            BY2 62000 x 1.04 x 1.05/1.02 = 67704/1.02
     *                                         = 66376.470588... x 0.3 = 19912.941176...
     *            BY3 65000 x 0.6                                      = 39000
     *            B = 65716.941176470588...  (= 6804 + 0.3 x 67704/1.02 + 39000)
     * disabled:  BY1 12000 x 1.06 x 1.21/1.10 = 12720 x 1.1 = 13992  x 0.1 = 1399.2
     *            BY2 12500 x 1.03 x 1.1       = 14162.5              x 0.3 = 4248.75
     *            BY3 13000 x 0.6                                           = 7800
     *            B = 13447.95
     * aged/dual: BY1 15000 x 1.05 x 1.25/1.20 = 16406.25 x 0.1 = 1640.625
     *            BY2 15500 x 1.02 x 1.25/1.25 = 15810    x 0.3 = 4743
     *            BY3 16000 x 0.6                               = 9600
     *            B = 15983.625
     * non-dual:  BY1 9000 x 1.04 x 1.00/0.95 = 9360/0.95 = 9852.631578... x 0.1 = 985.2631578...
     *            BY2 9400 x 1.02 x 1.00/1.00 = 9588                      x 0.3 = 2876.4
     *            BY3 10000 x 0.6                                               = 6000
     *            B = 9861.663157894736...  (= 936/0.95 + 8876.4)
     * Across types by BY3 person-years 100/400/500/4000 (5000):
     *   100 x 65716.9411765 = 6571694.11765;  400 x 13447.95 = 5379180;
     *   500 x 15983.625 = 7991812.5;  4000 x 9861.66315789 = 39446652.6316;
     *   sum 59389339.2492 / 5000 = 11877.8678498. */
    double b[4], total;
    assert_ok(value_mssp_benchmark_historical(X1, X2, X3, R1, R2, R3, T1, T2, P3, 4, W_FIRST, 3, b, 4, &total));
    const double want[4] = {6804 + 0.3 * 67704 / 1.02 + 39000, 13447.95, 15983.625, 936 / 0.95 + 8876.4};
    assert_vec(b, want, REL);
    assert_rel(b[0], 65716.94117647059, 1e-13);
    assert_rel(b[3], 9861.663157894737, 1e-13);
    assert_rel(total, (100 * want[0] + 400 * want[1] + 500 * want[2] + 4000 * want[3]) / 5000, REL);
    assert_abs(total, 11877.8678498, 1e-6);

    /* Equal weights of a 2017 rebased benchmark (425.603), ESRD:
     * (68040 + 66376.470588... + 65000) / 3 = 66472.156862745... */
    double w[3];
    assert_ok(value_mssp_benchmark_year_weights(2017, 2, w, 3));
    assert_ok(value_mssp_benchmark_historical(X1, X2, X3, R1, R2, R3, T1, T2, P3, 4, w, 3, b, 4, &total));
    assert_rel(b[0], (68040 + 67704 / 1.02 + 65000) / 3, 1e-13);
    assert_abs(b[0], 66472.156862745, 1e-6);
}
END_TEST

/* ---- regional adjustment (425.603, 425.601(a)(8), 425.656) -------------- */
static const double BENCH[4] = {65000, 13000, 16000, 10000}, NAT[4] = {80000, 12000, 15000, 10000};

START_TEST(regional_hand)
{
    double a[4], w;
    /* 2019 start, first period, the ACO cheaper than its region:
     * G - B = 70000-65000, 13500-13000, 17000-16000, 10400-10000 = 5000, 500, 1000, 400;
     * weighted > 0, so the "lower spending" weight of a first period, 35%:
     * 1750, 175, 350, 140; caps 5% of national = 4000, 600, 750, 500: none binds. */
    const double g1[4] = {70000, 13500, 17000, 10400};
    assert_ok(value_mssp_benchmark_regional(2019, 1, BENCH, g1, NAT, P3, 4, 0, a, 4, &w));
    const double want1[4] = {1750, 175, 350, 140};
    assert_vec(a, want1, REL);
    assert_rel(w, 0.35, 0);

    /* Third period (50% when lower), ESRD 75000: differences 10000, 500, 1000, 400 ->
     * 5000, 250, 500, 200; ESRD's cap 0.05 x 80000 = 4000 binds. */
    const double g3[4] = {75000, 13500, 17000, 10400};
    assert_ok(value_mssp_benchmark_regional(2019, 3, BENCH, g3, NAT, P3, 4, 0, a, 4, &w));
    const double want3[4] = {4000, 250, 500, 200};
    assert_vec(a, want3, REL);
    assert_rel(w, 0.5, 0);
    /* Later periods keep the last weight. */
    assert_ok(value_mssp_benchmark_regional(2019, 5, BENCH, g3, NAT, P3, 4, 0, a, 4, &w));
    assert_rel(w, 0.5, 0);

    /* The ACO dearer than its region, second period: differences -5000,
     * -1000, -500, -1000; "higher spending" weight 25% -> -1250, -250, -125,
     * -250; caps -4000, -600, -750, -500: none binds. */
    const double gh[4] = {60000, 12000, 15500, 9000};
    assert_ok(value_mssp_benchmark_regional(2019, 2, BENCH, gh, NAT, P3, 4, 0, a, 4, &w));
    const double wanth[4] = {-1250, -250, -125, -250};
    assert_vec(a, wanth, REL);
    assert_rel(w, 0.25, 0);
    /* A first period that is dearer: 15% -> -750, -150, -75, -150; a third
     * 35%; a fourth 50%: -2500, -500, -250, -500 (aged/non-dual just at
     * its cap -500). */
    assert_ok(value_mssp_benchmark_regional(2020, 1, BENCH, gh, NAT, P3, 4, 0, a, 4, &w));
    assert_rel(w, 0.15, 0);
    assert_rel(a[0], -750, REL);
    assert_ok(value_mssp_benchmark_regional(2021, 3, BENCH, gh, NAT, P3, 4, 0, a, 4, &w));
    assert_rel(w, 0.35, 0);
    assert_ok(value_mssp_benchmark_regional(2022, 4, BENCH, gh, NAT, P3, 4, 0, a, 4, &w));
    const double want4[4] = {-2500, -500, -250, -500};
    assert_vec(a, want4, REL);
    assert_rel(w, 0.5, 0);

    /* 2024 (425.656): the same, offset 0.2 -> x 0.8: -1000, -200, -100, -200;
     * then the negative cap, 1.5% of national: -1200, -180, -225, -150:
     * binds for disabled (-180) and aged/non-dual (-150). */
    assert_ok(value_mssp_benchmark_regional(2024, 2, BENCH, gh, NAT, P3, 4, 0.2, a, 4, &w));
    const double want24[4] = {-1000, -180, -100, -150};
    assert_vec(a, want24, REL);
    /* and a positive adjustment is still capped at +5% in 2024 */
    assert_ok(value_mssp_benchmark_regional(2024, 3, BENCH, g3, NAT, P3, 4, 0.2, a, 4, &w));
    assert_vec(a, want3, REL);

    /* The side is decided on the BY3 mix, not type by type: differences
     * -5000, 500, 1000, 400, weighted (100 x -5000 + 400 x 500 + 500 x 1000 +
     * 4000 x 400) / 5000 = 1800000 / 5000 = 360 > 0: lower, 35% for every
     * type: -1750, 175, 350, 140. */
    const double gm[4] = {60000, 13500, 17000, 10400};
    assert_ok(value_mssp_benchmark_regional(2019, 1, BENCH, gm, NAT, P3, 4, 0, a, 4, &w));
    const double wantm[4] = {-1750, 175, 350, 140};
    assert_vec(a, wantm, REL);
    assert_rel(w, 0.35, 0);

    /* 2017 rebased (425.603): 35% in the second period, 70% in the third, no
     * cap: 10000 x 0.35 = 3500; x 0.70 = 7000 (above the 2019 rule's 4000
     * cap, not capped here); 500 -> 175, 350; 1000 -> 350, 700;
     * 400 -> 140, 280. */
    assert_ok(value_mssp_benchmark_regional(2017, 2, BENCH, g3, NAT, P3, 4, 0, a, 4, &w));
    const double want17[4] = {3500, 175, 350, 140};
    assert_vec(a, want17, REL);
    assert_ok(value_mssp_benchmark_regional(2018, 3, BENCH, g3, NAT, P3, 4, 0, a, 4, &w));
    const double want17b[4] = {7000, 350, 700, 280};
    assert_vec(a, want17b, REL);
    /* a first agreement period has none */
    assert_ok(value_mssp_benchmark_regional(2017, 1, BENCH, g3, NAT, P3, 4, 0, a, 4, &w));
    const double zero[4] = {0, 0, 0, 0};
    assert_vec(a, zero, 0);
}
END_TEST

/* ---- the risk-score cap (425.601(a)(10)) -------------------------------- */
START_TEST(risk_ratio_cap)
{
    /* ratios 1.05/1.00 = 1.05 -> 1.03 (capped); 1.14/1.20 = 0.95 (a fall
     * is not capped); 1.12/1.10 = 1.0181818... (inside); 0.90/0.90 = 1. */
    const double by3[4] = {1.00, 1.20, 1.10, 0.90}, py[4] = {1.05, 1.14, 1.12, 0.90};
    double r[4];
    assert_ok(value_mssp_benchmark_risk_ratio(2019, by3, py, 4, r, 4));
    const double want[4] = {1.03, 1.14 / 1.20, 1.12 / 1.10, 1};
    assert_vec(r, want, REL);
    /* CMS's Specifications v11, Table 3 (3.6.2): BY3 1.031, 1.123, 0.987,
     * 1.025; PY 1.054, 1.074, 1.046, 1.001: ratios 1.022, 0.956, 1.060 ->
     * 1.030 (capped), 0.977 (to CMS's three decimals). */
    const double t3_by3[4] = {1.031, 1.123, 0.987, 1.025}, t3_py[4] = {1.054, 1.074, 1.046, 1.001};
    const double t3_want[4] = {1.022, 0.956, 1.030, 0.977};
    assert_ok(value_mssp_benchmark_risk_ratio(2019, t3_by3, t3_py, 4, r, 4));
    for (int e = 0; e < 4; e++)
        assert_abs(r[e], t3_want[e], 0.0005);
    assert_ok(value_mssp_benchmark_risk_ratio(2019, by3, py, 4, r, 4));
    assert_vec(r, want, REL);
    assert_ok(value_mssp_benchmark_risk_ratio(2025, by3, py, 4, r, 4));
    assert_vec(r, want, REL);
    /* agreement periods before 2019 had no cap (newly/continuously assigned) */
    assert_fails(value_mssp_benchmark_risk_ratio(2016, by3, py, 4, r, 4), VALUE_EINVAL,
                 "agreement_start_year is 2016: the capped risk ratio is of agreement periods beginning in 2019");
    assert_fails(value_mssp_benchmark_risk_ratio(2040, by3, py, 4, r, 4), VALUE_EINVAL, "(known: 2012-2026)");
    const double bad[4] = {1.0, 0, 1.0, 1.0};
    assert_fails(value_mssp_benchmark_risk_ratio(2019, bad, py, 4, r, 4), VALUE_EINVAL,
                 "risk_by3[1] is 0, must be > 0");
    assert_vec(r, want, REL); /* unchanged by the failures */
}
END_TEST

/* ---- before 2019: newly and continuously assigned (425.604(a)) --------- */
START_TEST(risk_ratio_continuity_hand)
{
    /* ESRD: new 20 person-years, 1.10/1.00 = 1.10; continuing 80, CMS-HCC
     *   1.05/1.00 = 1.05 did not fall, so demographics 1.02/1.00 = 1.02;
     *   (20 x 1.10 + 80 x 1.02) / 100 = (22 + 81.6) / 100 = 1.036.
     * disabled: new 50, 1.20/1.25 = 0.96; continuing 150, CMS-HCC
     *   0.95/1.00 = 0.95 fell, so 0.95 (not demographics 1.03);
     *   (50 x 0.96 + 150 x 0.95) / 200 = (48 + 142.5) / 200 = 0.9525.
     * aged/dual: no new; continuing 100, CMS-HCC 1.00/1.00 = 1 did not
     *   fall (not < 1): demographics 0.98/1.00 = 0.98.
     * aged/non-dual: no person-years: 1. */
    const double pn[4] = {20, 50, 0, 0}, hrn[4] = {1.00, 1.25, 1.0, 1.0}, hpn[4] = {1.10, 1.20, 1.0, 1.0};
    const double pc[4] = {80, 150, 100, 0}, hrc[4] = {1.00, 1.00, 1.00, 1.0}, hpc[4] = {1.05, 0.95, 1.00, 1.0};
    const double drc[4] = {1.00, 1.00, 1.00, 1.0}, dpc[4] = {1.02, 1.03, 0.98, 1.2};
    double r[4];
    assert_ok(value_mssp_benchmark_risk_ratio_continuity(2014, pn, hrn, hpn, pc, hrc, hpc, drc, dpc, 4, r, 4));
    const double want[4] = {1.036, 0.9525, 0.98, 1};
    assert_vec(r, want, REL);
    assert_fails(value_mssp_benchmark_risk_ratio_continuity(2019, pn, hrn, hpn, pc, hrc, hpc, drc, dpc, 4, r, 4),
                 VALUE_EINVAL, "agreement_start_year is 2019: agreement periods beginning in 2019 or later use the capped");
    const double zero[4] = {1, 1, 0, 1};
    assert_fails(value_mssp_benchmark_risk_ratio_continuity(2014, pn, hrn, hpn, pc, hrc, hpc, zero, dpc, 4, r, 4),
                 VALUE_EINVAL, "demo_ref_continuing[2] is 0, must be > 0");
    assert_vec(r, want, REL);
}
END_TEST

/* ---- the update and the performance-year mix ---------------------------- */
START_TEST(update_hand)
{
    /* From 2019: U_e = (B + a) r f, persons 120/380/520/3980 (5000):
     *   ESRD      (65000 + 1250) x 1.03 x 1.04 = 66250 x 1.0712 = 70967
     *   disabled  (13000 + 125) x 0.97 x 1.02  = 13125 x 0.9894 = 12985.875
     *   aged/dual (16000 + 250) x (1.12/1.10) x 1.03 = 16250 x 1.12 x 1.03 / 1.10
     *                                          = 17041.818181...
     *   non-dual  (10000 + 100) x 1 x 1.01     = 10201
     *   U = (120 x 70967 + 380 x 12985.875 + 520 x 17041.8181818 + 3980 x 10201) / 5000
     *     = (8516040 + 4934632.5 + 8861745.4545 + 40599980) / 5000 = 12582.4795909 */
    const double adj[4] = {1250, 125, 250, 100}, r[4] = {1.03, 0.97, 1.12 / 1.10, 1.0};
    const double f[4] = {1.04, 1.02, 1.03, 1.01}, d0[4] = {0, 0, 0, 0}, q[4] = {120, 380, 520, 3980};
    double u[4], total;
    assert_ok(value_mssp_benchmark_update(BENCH, adj, r, f, d0, q, 4, u, 4, &total));
    const double want[4] = {70967, 12985.875, 16250 * 1.12 * 1.03 / 1.10, 10201};
    assert_vec(u, want, REL);
    assert_abs(total, 12582.4795909, 1e-6);

    /* Before 2019 (425.602(b)): U_e = B r + d, d the national growth in dollars:
     *   65000 x 1.02 + 2000 = 68300; 13000 x 0.99 + 300 = 13170;
     *   16000 x 1.01 + 350 = 16510; 10000 x 1.00 + 250 = 10250;
     *   U = (120 x 68300 + 380 x 13170 + 520 x 16510 + 3980 x 10250) / 5000
     *     = (8196000 + 5004600 + 8585200 + 40795000) / 5000 = 62580800 / 5000 = 12516.16 */
    const double r2[4] = {1.02, 0.99, 1.01, 1.00}, one[4] = {1, 1, 1, 1}, dol[4] = {2000, 300, 350, 250};
    assert_ok(value_mssp_benchmark_update(BENCH, d0, r2, one, dol, q, 4, u, 4, &total));
    const double want2[4] = {68300, 13170, 16510, 10250};
    assert_vec(u, want2, REL);
    assert_rel(total, 12516.16, REL);
}
END_TEST

/* ---- end to end: a 2019 first agreement period -------------------------- */
START_TEST(chain_2019)
{
    /* historical_hand's benchmark by type, the regional adjustment of
     * regional_hand's first case, the capped ratios of risk_ratio_cap and a
     * blended update: each step's output is the next one's input, so the
     * chain equals the product of the hand-checked steps.  ESRD by hand:
     * (65716.941176... + 0.35 x (70000 - 65716.941176...)) x 1.03 x 1.041
     * = (65716.941176 + 1499.070588) x 1.07223 = 67216.011765 x 1.07223
     * = 72071.0243... */
    double w[3], b[4], hist, a[4], wr, r[4], f[4], u[4], total;
    assert_ok(value_mssp_benchmark_year_weights(2019, 1, w, 3));
    assert_ok(value_mssp_benchmark_historical(X1, X2, X3, R1, R2, R3, T1, T2, P3, 4, w, 3, b, 4, &hist));
    const double g[4] = {70000, 13500, 17000, 10400};
    assert_ok(value_mssp_benchmark_regional(2019, 1, b, g, NAT, P3, 4, 0, a, 4, &wr));
    const double by3[4] = {1.00, 1.20, 1.10, 0.90}, py[4] = {1.05, 1.14, 1.12, 0.90};
    assert_ok(value_mssp_benchmark_risk_ratio(2019, by3, py, 4, r, 4));
    const double nat[4] = {1.02, 1.03, 1.01, 1.04}, reg[4] = {1.05, 1.00, 1.02, 1.01}, zero[4] = {0};
    const double w_pipe[4] = {0.3, 0.3, 0.3, 0.3};
    assert_ok(value_mssp_benchmark_blend(nat, reg, w_pipe, 4, f, 4));
    assert_ok(value_mssp_benchmark_update(b, a, r, f, zero, P3, 4, u, 4, &total));
    double b0 = 6804 + 0.3 * 67704 / 1.02 + 39000;
    assert_rel(u[0], (b0 + 0.35 * (70000 - b0)) * 1.03 * 1.041, REL);
    assert_abs(u[0], 72071.0243, 1e-3);
}
END_TEST

/* ---- bad input ----------------------------------------------------------- */
START_TEST(bad_input)
{
    double b[4] = {-7, -7, -7, -7}, total = -7, a[4] = {-7, -7, -7, -7}, w = -7;
    const double nan4[4] = {60000, NAN, 15000, 9000}, neg4[4] = {60000, 12000, -1, 9000},
                 zero_r[4] = {1.0, 1.1, 0, 1.0}, inf4[4] = {INFINITY, 1, 1, 1}, p0[4] = {0, 0, 0, 0};
    const double w_bad[3] = {0.1, 0.3, 0.5}, w_neg[3] = {-0.1, 0.5, 0.6};
    assert_fails(value_mssp_benchmark_historical(nan4, X2, X3, R1, R2, R3, T1, T2, P3, 4, W_FIRST, 3, b, 4, &total),
                 VALUE_EINVAL, "expenditure_by1[1] is NaN");
    assert_fails(value_mssp_benchmark_historical(X1, X2, neg4, R1, R2, R3, T1, T2, P3, 4, W_FIRST, 3, b, 4, &total),
                 VALUE_EINVAL, "expenditure_by3[2] is -1, must be >= 0");
    assert_fails(value_mssp_benchmark_historical(X1, X2, X3, R1, zero_r, R3, T1, T2, P3, 4, W_FIRST, 3, b, 4, &total),
                 VALUE_EINVAL, "risk_by2[2] is 0, must be > 0");
    assert_fails(value_mssp_benchmark_historical(X1, X2, X3, R1, R2, R3, inf4, T2, P3, 4, W_FIRST, 3, b, 4, &total),
                 VALUE_EINVAL, "trend_by1[0] is Inf, must be finite");
    assert_fails(value_mssp_benchmark_historical(X1, X2, X3, R1, R2, R3, T1, T2, p0, 4, W_FIRST, 3, b, 4, &total),
                 VALUE_EINVAL, "persons_by3 are all 0");
    assert_fails(value_mssp_benchmark_historical(X1, X2, X3, R1, R2, R3, T1, T2, P3, 4, w_bad, 3, b, 4, &total),
                 VALUE_EINVAL, "year_weights sum to 0.9, must sum to 1");
    assert_fails(value_mssp_benchmark_historical(X1, X2, X3, R1, R2, R3, T1, T2, P3, 4, w_neg, 3, b, 4, &total),
                 VALUE_EINVAL, "year_weights[0] is -0.1, must be in [0, 1]");
    assert_fails(value_mssp_benchmark_historical(X1, X2, X3, R1, R2, R3, T1, T2, P3, 3, W_FIRST, 3, b, 3, &total),
                 VALUE_EINVAL, "n is 3, must be 4 (ESRD, disabled, aged/dual, aged/non-dual)");
    assert_fails(value_mssp_benchmark_historical(X1, X2, X3, R1, R2, R3, T1, T2, P3, 4, W_FIRST, 2, b, 4, &total),
                 VALUE_EINVAL, "n_years is 2, must be 3");
    assert_fails(value_mssp_benchmark_historical(X1, X2, X3, R1, R2, R3, T1, T2, P3, 4, W_FIRST, 3, b, 5, &total),
                 VALUE_EINVAL, "out_len must be 4 (n), got 5");
    assert_fails(value_mssp_benchmark_historical(NULL, X2, X3, R1, R2, R3, T1, T2, P3, 4, W_FIRST, 3, b, 4, &total),
                 VALUE_EINVAL, "expenditure_by1");
    ck_assert(b[0] == -7 && b[3] == -7 && total == -7);

    const double g[4] = {70000, 13500, 17000, 10400};
    assert_fails(value_mssp_benchmark_regional(2015, 2, BENCH, g, NAT, P3, 4, 0, a, 4, &w), VALUE_EINVAL,
                 "before 2016 have no regional adjustment");
    assert_fails(value_mssp_benchmark_regional(2031, 2, BENCH, g, NAT, P3, 4, 0, a, 4, &w), VALUE_EINVAL,
                 "mssp_benchmark has no agreement start year 2031 (known: 2012-2026)");
    assert_fails(value_mssp_benchmark_regional(2019, 2, BENCH, g, NAT, P3, 4, 0.2, a, 4, &w), VALUE_EINVAL,
                 "offset is 0.2, must be 0: agreement periods beginning in 2019 have no offset factor");
    assert_fails(value_mssp_benchmark_regional(2024, 2, BENCH, g, NAT, P3, 4, 1.5, a, 4, &w), VALUE_EINVAL,
                 "offset is 1.5, must be in [0, 1]");
    assert_fails(value_mssp_benchmark_regional(2024, 2, BENCH, g, zero_r, P3, 4, 0, a, 4, &w), VALUE_EINVAL,
                 "national[2] is 0, must be > 0");
    ck_assert(a[0] == -7 && w == -7);

    const double nat[4] = {1.02, 1.03, 1.01, 1.04};
    const double w_big[4] = {0.5, 1.5, 0.5, 0.5}, w_nan[4] = {NAN, 0.5, 0.5, 0.5}, w_half[4] = {0.5, 0.5, 0.5, 0.5};
    assert_fails(value_mssp_benchmark_blend(nat, nat, w_big, 4, a, 4), VALUE_EINVAL,
                 "national_weight[1] is 1.5, must be in [0, 1]");
    assert_fails(value_mssp_benchmark_blend(nat, nat, w_nan, 4, a, 4), VALUE_EINVAL, "national_weight[0] is NaN");
    assert_fails(value_mssp_benchmark_blend(nat, zero_r, w_half, 4, a, 4), VALUE_EINVAL, "regional[2] is 0");
    ck_assert(a[0] == -7);

    const double one[4] = {1, 1, 1, 1}, minus[4] = {-70000, 0, 0, 0};
    assert_fails(value_mssp_benchmark_update(BENCH, minus, one, one, p0, P3, 4, b, 4, &total), VALUE_EINVAL,
                 "benchmark[0] + adjustment[0] is -5000, must be >= 0");
    assert_fails(value_mssp_benchmark_update(BENCH, nan4, one, one, p0, P3, 4, b, 4, &total), VALUE_EINVAL,
                 "adjustment[1] is NaN");
    assert_fails(value_mssp_benchmark_update(BENCH, p0, zero_r, one, p0, P3, 4, b, 4, &total), VALUE_EINVAL,
                 "risk_ratio[2] is 0, must be > 0");
    assert_fails(value_mssp_benchmark_update(BENCH, p0, one, one, inf4, P3, 4, b, 4, &total), VALUE_EINVAL,
                 "update_dollars[0] is Inf");
    ck_assert(b[0] == -7 && total == -7);
}
END_TEST

/* ---- CMS's PY2014 historical benchmarks (tests/data/cms/mssp_py2014_aco_puf.csv)
 *
 * The PUF gives, per ACO, the per capita expenditures and CMS-HCC risk
 * scores of BY1-BY3 by enrollment type, BY3 person-years by type and the
 * historical benchmark HistBnchmk (rounded to the dollar); PY2014 ACOs were
 * all in first agreement periods (425.602: 10/30/60).  The national trend
 * factors BY1->BY3 and BY2->BY3 by type are not in the file and we found
 * no published table of them, so they were FITTED: for each start cohort
 * (April 2012, July 2012, January 2013, January 2014; 26, 85, 103 and 119
 * ACOs) the 8 factors are the least-squares solution of HistBnchmk = the
 * 425.602 formula, which is linear in them, over that cohort's ACOs
 * (numpy.linalg.lstsq on this file, rounded to 6 decimals).  What is
 * CHECKED is that 8 factors per cohort, the same for every ACO of the
 * cohort as the rule says, reproduce all 333 benchmarks within $1 (the
 * largest miss is $0.78, the root mean square $0.33, about the $0.29 of
 * rounding HistBnchmk to the dollar alone), and that at least 300 round to
 * CMS's dollar exactly (300 do): a wrong formula (year weights, risk
 * restatement, type mix) leaves misses of tens of dollars that 8
 * parameters over 26-119 ACOs cannot absorb.
 */
static int split_fields(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    if ((unsigned char)p[0] == 0xEF)
        p += 3; /* byte order mark */
    while (n < max) {
        int quoted = *p == '"';
        if (quoted)
            p++;
        f[n++] = p;
        while (*p != '\0' && (quoted ? *p != '"' : (*p != ',' && *p != '\n' && *p != '\r')))
            p++;
        if (quoted && *p == '"')
            *p++ = '\0';
        if (*p != ',') {
            *p = '\0';
            break;
        }
        *p++ = '\0';
    }
    return n;
}

static int col(char **h, int nh, const char *name)
{
    for (int i = 0; i < nh; i++)
        if (strcmp(h[i], name) == 0)
            return i;
    ck_abort_msg("column %s missing", name);
    return -1;
}

START_TEST(py2014_historical_benchmarks)
{
    static const struct {
        const char *start;
        double t1[4], t2[4];
    } cohort[] = {
        {"04/01/2012", {0.991244, 1.084756, 1.011985, 1.052183}, {1.008918, 1.029426, 1.00611, 1.02154}},
        {"07/01/2012", {1.0063, 1.063461, 1.016171, 1.048155}, {1.004488, 1.035597, 1.004538, 1.022955}},
        {"01/01/2013", {1.005503, 1.051741, 0.98715, 1.014159}, {0.998844, 1.020497, 0.983536, 0.989716}},
        {"01/01/2014", {1.003584, 1.037749, 0.986815, 0.99551}, {1.005842, 1.012346, 1.006197, 1.003154}},
    };
    static const char *const TYPE[4] = {"ESRD", "DIS", "AGDU", "AGND"};
    static const char *const NTYPE[4] = {"ESRD", "DIS", "AGED_Dual", "AGED_NonDual"};
    char *path = tu_data_file("cms/mssp_py2014_aco_puf.csv");
    FILE *file = fopen(path, "r");
    ck_assert_ptr_nonnull(file);
    static char head[16384], line[16384];
    char *h[160], *v[160];
    ck_assert_ptr_nonnull(fgets(head, sizeof head, file));
    int nh = split_fields(head, h, 160);
    int c_start = col(h, nh, "Start_Date"), c_hist = col(h, nh, "HistBnchmk");
    int c_x[3][4], c_r[3][4], c_p[4];
    char name[64];
    for (int e = 0; e < 4; e++) {
        for (int y = 0; y < 3; y++) {
            snprintf(name, sizeof name, "Per_Capita_Exp_ALL_%s_BY%d", TYPE[e], y + 1);
            c_x[y][e] = col(h, nh, name);
            snprintf(name, sizeof name, "CMS_HCC_RiskScore_%s_BY%d", TYPE[e], y + 1);
            c_r[y][e] = col(h, nh, name);
        }
        snprintf(name, sizeof name, "N_AB_Year_%s_BY3", NTYPE[e]);
        c_p[e] = col(h, nh, name);
    }
    double w[3];
    assert_ok(value_mssp_benchmark_year_weights(2013, 1, w, 3)); /* 425.602: 10/30/60 */
    int rows = 0, within = 0, exact = 0;
    double worst = 0;
    while (fgets(line, sizeof line, file) != NULL) {
        int n = split_fields(line, v, 160);
        if (n < 2)
            continue;
        ck_assert_int_eq(n, nh);
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(v[c_start], cohort[i].start) == 0)
                k = i;
        ck_assert_msg(k >= 0, "unknown start date %s", v[c_start]);
        double x[3][4], r[3][4], p[4], b[4], total;
        for (int e = 0; e < 4; e++) {
            for (int y = 0; y < 3; y++) {
                x[y][e] = atof(v[c_x[y][e]]);
                r[y][e] = atof(v[c_r[y][e]]);
            }
            p[e] = atof(v[c_p[e]]);
        }
        assert_ok(value_mssp_benchmark_historical(x[0], x[1], x[2], r[0], r[1], r[2], cohort[k].t1, cohort[k].t2, p,
                                                  4, w, 3, b, 4, &total));
        double cms = atof(v[c_hist]), miss = fabs(total - cms);
        rows++;
        within += miss <= 1;
        exact += round(total) == cms;
        worst = miss > worst ? miss : worst;
    }
    fclose(file);
    free(path);
    ck_assert_int_eq(rows, 333);
    ck_assert_msg(within == 333, "%d of 333 within $1 (worst $%.2f)", within, worst);
    ck_assert_msg(exact >= 300, "%d of 333 round to CMS's dollar", exact);
}
END_TEST

static Suite *benchmark_suite(void)
{
    Suite *s = suite_create("mssp_benchmark");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, blend_hand);
    tcase_add_test(tc, year_weights_by_rule);
    tcase_add_test(tc, historical_hand);
    tcase_add_test(tc, regional_hand);
    tcase_add_test(tc, risk_ratio_cap);
    tcase_add_test(tc, risk_ratio_continuity_hand);
    tcase_add_test(tc, update_hand);
    tcase_add_test(tc, chain_2019);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, py2014_historical_benchmarks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(benchmark_suite());
}
