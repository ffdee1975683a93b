/* Cost-effectiveness: incremental analysis, net benefit, value ratios.
 * Expected numbers come from a published incremental table
 * (tests/data/README.md, cea/), the seeds' heart-failure drug,
 * and hand calculations written out beside each test.  Hand calculations
 * are a few quotients and products, so the tolerance is 1e-12 relative;
 * published figures are checked at their printed rounding.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdint.h>

#define REL 1e-12

enum { ND = VALUE_CEA_ND, D = VALUE_CEA_D, ED = VALUE_CEA_ED };

/* Run value_cea_frontier on n <= 8 strategies and compare status,
 * comparator and ICER per strategy (icer NaN where none is expected). */
static void check_frontier(const double *cost, const double *effect, size_t n, const int32_t *want_status,
                           const int32_t *want_comparator, const double *want_icer)
{
    int32_t status[8], comparator[8];
    double icer[8];
    ck_assert_uint_le(n, 8);
    assert_ok(value_cea_frontier(cost, effect, n, status, comparator, icer, n));
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(status[i] == want_status[i], "strategy %zu: status %d, want %d", i, status[i], want_status[i]);
        ck_assert_msg(comparator[i] == want_comparator[i], "strategy %zu: comparator %d, want %d", i, comparator[i],
                      want_comparator[i]);
        if (isnan(want_icer[i]))
            ck_assert_msg(isnan(icer[i]), "strategy %zu: icer %g, want NaN", i, icer[i]);
        else
            assert_rel(icer[i], want_icer[i], REL);
    }
}

/* Same for value_cea_wtp_ranges (NaN where none is expected). */
static void check_ranges(const double *cost, const double *effect, size_t n, const double *want_lower,
                         const double *want_upper)
{
    double lower[8], upper[8];
    ck_assert_uint_le(n, 8);
    assert_ok(value_cea_wtp_ranges(cost, effect, n, lower, upper, n));
    for (size_t i = 0; i < n; i++) {
        if (isnan(want_lower[i])) {
            ck_assert_msg(isnan(lower[i]) && isnan(upper[i]), "strategy %zu: [%g, %g), want NaN", i, lower[i],
                          upper[i]);
            continue;
        }
        assert_rel(lower[i], want_lower[i], REL);
        if (isinf(want_upper[i]))
            ck_assert_msg(isinf(upper[i]) && upper[i] > 0, "strategy %zu: upper %g, want Inf", i, upper[i]);
        else
            assert_rel(upper[i], want_upper[i], REL);
    }
}

static int32_t optimal(const double *cost, const double *effect, size_t n, double lambda)
{
    int32_t k = -99;
    assert_ok(value_cea_optimal(cost, effect, n, lambda, &k));
    return k;
}

/* ---- case 1: the published incremental table ---------------------------------
 * Source: Health Economics course example, tests/data/README.md
 * (cea/).  Strategies UC, A, B, C, D, E:
 *   cost   5000  12000  10000  25000  35000  55000
 *   effect    1    1.5      2      3      4      5
 * Sorted by cost: UC 5000/1, B 10000/2, A 12000/1.5, C, D, E.
 *   A: B costs less and is more effective -> D.
 *   B vs UC: 5000/1 = 5000.  C vs B: 15000/1 = 15000.  D vs C: 10000/1 =
 *   10000 < 15000 -> C is ED.  D vs B: 25000/2 = 12500.  E vs D: 20000/1.
 * Published frontier: UC -> B (5000) -> D (12500, vs B) -> E (20000, vs D);
 * C extendedly dominated, A dominated.  The published ICERs are whole
 * dollars, exactly representable, so the 1e-12 tolerance holds for them. */
static const double table_cost[] = {5000, 12000, 10000, 25000, 35000, 55000};
static const double table_effect[] = {1, 1.5, 2, 3, 4, 5};

START_TEST(published_table)
{
    const int32_t status[] = {ND, D, ND, ED, ND, ND};
    const int32_t comparator[] = {-1, -1, 0, -1, 2, 4};
    const double icer[] = {NAN, NAN, 5000, NAN, 12500, 20000};
    check_frontier(table_cost, table_effect, 6, status, comparator, icer);
}
END_TEST

START_TEST(published_table_shuffled)
{
    /* input order D, A, E, UC, C, B: same result per strategy */
    const double cost[] = {35000, 12000, 55000, 5000, 25000, 10000};
    const double effect[] = {4, 1.5, 5, 1, 3, 2};
    const int32_t status[] = {ND, D, ND, ND, ED, ND};
    const int32_t comparator[] = {5, -1, 0, -1, -1, 3}; /* D vs B, E vs D, B vs UC */
    const double icer[] = {12500, NAN, 20000, NAN, NAN, 5000};
    check_frontier(cost, effect, 6, status, comparator, icer);
    const double lower[] = {12500, NAN, 20000, 0, NAN, 5000};
    const double upper[] = {20000, NAN, INFINITY, 5000, NAN, 12500};
    check_ranges(cost, effect, 6, lower, upper);
}
END_TEST

START_TEST(published_table_ranges_and_optimal)
{
    /* UC [0, 5000), B [5000, 12500), D [12500, 20000), E [20000, Inf) */
    const double lower[] = {0, NAN, 5000, NAN, 12500, 20000};
    const double upper[] = {5000, NAN, 12500, NAN, 20000, INFINITY};
    check_ranges(table_cost, table_effect, 6, lower, upper);
    /* NMB = lambda E - C:
     *   lambda 0:      -5000 -12000 -10000 -25000 -35000 -55000 -> UC
     *   lambda 4000:   -1000  -6000  -2000 -13000 -19000 -35000 -> UC
     *   lambda 10000:   5000   3000  10000   5000   5000  -5000 -> B
     *   lambda 15000:  10000  10500  20000  20000  25000  20000 -> D
     *   lambda 25000:  20000  25500  40000  50000  65000  70000 -> E
     * at an ICER the two neighbours tie and the cheaper wins:
     *   lambda 12500:   7500   6750  15000  12500  15000   7500 -> B (not D)
     *   lambda 20000:  15000  18000  30000  35000  45000  45000 -> D (not E) */
    ck_assert_int_eq(optimal(table_cost, table_effect, 6, 0), 0);
    ck_assert_int_eq(optimal(table_cost, table_effect, 6, 4000), 0);
    ck_assert_int_eq(optimal(table_cost, table_effect, 6, 10000), 2);
    ck_assert_int_eq(optimal(table_cost, table_effect, 6, 15000), 4);
    ck_assert_int_eq(optimal(table_cost, table_effect, 6, 25000), 5);
    ck_assert_int_eq(optimal(table_cost, table_effect, 6, 12500), 2);
    ck_assert_int_eq(optimal(table_cost, table_effect, 6, 20000), 4);
}
END_TEST

START_TEST(net_benefit_hand)
{
    /* lambda = 20000: NMB = 20000 E - C, NHB = E - C / 20000
     *   UC 20000 -  5000 = 15000   1   - 0.25 = 0.75
     *   A  30000 - 12000 = 18000   1.5 - 0.6  = 0.9
     *   B  40000 - 10000 = 30000   2   - 0.5  = 1.5
     *   C  60000 - 25000 = 35000   3   - 1.25 = 1.75
     *   D  80000 - 35000 = 45000   4   - 1.75 = 2.25
     *   E 100000 - 55000 = 45000   5   - 2.75 = 2.25 */
    const double want_nmb[] = {15000, 18000, 30000, 35000, 45000, 45000};
    const double want_nhb[] = {0.75, 0.9, 1.5, 1.75, 2.25, 2.25};
    double nmb[6], nhb[6];
    assert_ok(value_cea_net_benefit(table_cost, table_effect, 6, 20000, nmb, nhb, 6));
    for (int i = 0; i < 6; i++) {
        assert_rel(nmb[i], want_nmb[i], REL);
        assert_rel(nhb[i], want_nhb[i], REL);
        assert_rel(nhb[i], nmb[i] / 20000, REL); /* NHB = NMB / lambda */
    }
    /* negative values: lambda 1000, cost 3000, effect -0.5:
     * NMB = -500 - 3000 = -3500, NHB = -0.5 - 3 = -3.5 */
    const double c1[] = {3000}, e1[] = {-0.5};
    assert_ok(value_cea_net_benefit(c1, e1, 1, 1000, nmb, nhb, 1));
    assert_rel(nmb[0], -3500, REL);
    assert_rel(nhb[0], -3.5, REL);
}
END_TEST

/* ---- case 2: the seeds' heart-failure drug -----------------------------------
 * Source: seeds (000): "a new heart failure drug costs an additional
 * $88,900 over five years ... and provides a gain of 0.75 discounted QALYs,
 * the ICER is approximately $119,000 per QALY", threshold $100,000.
 * The seed gives increments only; put the old drug at $100,000 and 4.00
 * QALYs, the new at $188,900 and 4.75 (differences exact in binary).
 *   ICER = 88900 / 0.75 = 118533.33...
 *   lambda 100000: NMB old 400000 - 100000 = 300000,
 *                      new 475000 - 188900 = 286100 -> old
 *   lambda 120000: old 480000 - 100000 = 380000,
 *                  new 570000 - 188900 = 381100 -> new
 *   ranges: old [0, 118533.33), new [118533.33, Inf) */
START_TEST(heart_failure_drug)
{
    const double cost[] = {100000, 188900}, effect[] = {4.00, 4.75};
    const int32_t status[] = {ND, ND}, comparator[] = {-1, 0};
    const double icer[] = {NAN, 88900.0 / 0.75};
    check_frontier(cost, effect, 2, status, comparator, icer);

    int32_t st[2], cmp[2];
    double ic[2];
    assert_ok(value_cea_frontier(cost, effect, 2, st, cmp, ic, 2));
    assert_abs(ic[1], 118533.33, 0.005); /* the brief's 118,533.33 */
    assert_abs(ic[1], 119000, 500);      /* the seed's "approximately $119,000" */

    ck_assert_int_eq(optimal(cost, effect, 2, 100000), 0); /* not cost-effective at $100,000 */
    ck_assert_int_eq(optimal(cost, effect, 2, 120000), 1);
    double nmb[2], nhb[2];
    assert_ok(value_cea_net_benefit(cost, effect, 2, 100000, nmb, nhb, 2));
    assert_rel(nmb[0], 300000, REL);
    assert_rel(nmb[1], 286100, REL);
    assert_rel(nhb[1] - nhb[0], 0.75 - 88900.0 / 100000, REL); /* incremental NHB -0.139 QALY */

    const double lower[] = {0, 88900.0 / 0.75}, upper[] = {88900.0 / 0.75, INFINITY};
    check_ranges(cost, effect, 2, lower, upper);
}
END_TEST

/* ---- case 3: iterated extended dominance ---------------------------------------
 * P0 (0, 0), P1 (10, 1), P2 (13, 1.2), P3 (20, 3):
 *   P1 vs P0: 10/1 = 10;  P2 vs P1: 3/0.2 = 15;  P3 vs P2: 7/1.8 = 3.89 < 15
 *   -> P2 ED; then P3 vs P1: 10/2 = 5 < 10 -> P1 ED too (it was not ED
 *   before P2 was removed); P3 vs P0: 20/3 = 6.667. */
START_TEST(iterated_extended_dominance)
{
    const double cost[] = {0, 10, 13, 20}, effect[] = {0, 1, 1.2, 3};
    const int32_t status[] = {ND, ED, ED, ND}, comparator[] = {-1, -1, -1, 0};
    const double icer[] = {NAN, NAN, NAN, 20.0 / 3.0};
    check_frontier(cost, effect, 4, status, comparator, icer);
    const double lower[] = {0, NAN, NAN, 20.0 / 3.0}, upper[] = {20.0 / 3.0, NAN, NAN, INFINITY};
    check_ranges(cost, effect, 4, lower, upper);
}
END_TEST

/* ---- case 4: ties, by hand ---------------------------------------------------- */

START_TEST(tie_identical)
{
    /* (200, 2), (100, 1), (100, 1): the two identical ones -> the first in
     * input order (1) stays, 2 is D; 0 vs 1: 100/1 = 100. */
    const double cost[] = {200, 100, 100}, effect[] = {2, 1, 1};
    const int32_t status[] = {ND, ND, D}, comparator[] = {1, -1, -1};
    const double icer[] = {100, NAN, NAN};
    check_frontier(cost, effect, 3, status, comparator, icer);
    const double lower[] = {100, 0, NAN}, upper[] = {INFINITY, 100, NAN};
    check_ranges(cost, effect, 3, lower, upper);
    /* lambda 50: NMB -100, -50, -50: tie of equal cost -> lower index 1 */
    ck_assert_int_eq(optimal(cost, effect, 3, 50), 1);
    /* all identical: only the first is ND */
    const double c3[] = {7, 7, 7}, e3[] = {0.5, 0.5, 0.5};
    const int32_t s3[] = {ND, D, D}, k3[] = {-1, -1, -1};
    const double i3[] = {NAN, NAN, NAN};
    check_frontier(c3, e3, 3, s3, k3, i3);
    ck_assert_int_eq(optimal(c3, e3, 3, 1000), 0);
}
END_TEST

START_TEST(tie_equal_cost_or_effect)
{
    /* equal costs: (100, 1) and (100, 2): the less effective is D */
    const double c1[] = {100, 100}, e1[] = {1, 2};
    const int32_t s1[] = {D, ND}, k1[] = {-1, -1};
    const double i1[] = {NAN, NAN};
    check_frontier(c1, e1, 2, s1, k1, i1);
    /* lambda 0: NMB -100 both: equal cost -> lower index 0 */
    ck_assert_int_eq(optimal(c1, e1, 2, 0), 0);
    ck_assert_int_eq(optimal(c1, e1, 2, 1), 1); /* -99 vs -98 */

    /* equal effects: (150, 1) and (100, 1): the costlier is D */
    const double c2[] = {150, 100}, e2[] = {1, 1};
    const int32_t s2[] = {D, ND}, k2[] = {-1, -1};
    check_frontier(c2, e2, 2, s2, k2, i1);
    ck_assert_int_eq(optimal(c2, e2, 2, 1e6), 1);
}
END_TEST

START_TEST(tie_collinear)
{
    /* (20, 2), (0, 0), (10, 1): ICERs 10 (1 vs 0) and 10 (2 vs 1): equal
     * successive ICERs are not ED, all three on the frontier; the middle
     * one's range [10, 10) is empty. */
    const double cost[] = {20, 0, 10}, effect[] = {2, 0, 1};
    const int32_t status[] = {ND, ND, ND}, comparator[] = {2, -1, 1};
    const double icer[] = {10, NAN, 10};
    check_frontier(cost, effect, 3, status, comparator, icer);
    const double lower[] = {10, 0, 10}, upper[] = {INFINITY, 10, 10};
    check_ranges(cost, effect, 3, lower, upper);
    /* lambda 10: NMB 0, 0, 0 -> the cheapest, index 1 */
    ck_assert_int_eq(optimal(cost, effect, 3, 10), 1);
    ck_assert_int_eq(optimal(cost, effect, 3, 11), 0); /* 2, 0, 1 */
}
END_TEST

START_TEST(single_strategy)
{
    const double cost[] = {42}, effect[] = {0.5};
    const int32_t status[] = {ND}, comparator[] = {-1};
    const double icer[] = {NAN};
    check_frontier(cost, effect, 1, status, comparator, icer);
    const double lower[] = {0}, upper[] = {INFINITY};
    check_ranges(cost, effect, 1, lower, upper);
    ck_assert_int_eq(optimal(cost, effect, 1, 0), 0);
}
END_TEST

START_TEST(all_dominated_by_one)
{
    /* (20, 4), (10, 5), (30, 1), (10, 3): strategy 1 is cheapest (tied with
     * 3) and most effective: everything else is D. */
    const double cost[] = {20, 10, 30, 10}, effect[] = {4, 5, 1, 3};
    const int32_t status[] = {D, ND, D, D}, comparator[] = {-1, -1, -1, -1};
    const double icer[] = {NAN, NAN, NAN, NAN};
    check_frontier(cost, effect, 4, status, comparator, icer);
    const double lower[] = {NAN, 0, NAN, NAN}, upper[] = {NAN, INFINITY, NAN, NAN};
    check_ranges(cost, effect, 4, lower, upper);
    ck_assert_int_eq(optimal(cost, effect, 4, 0), 1);
    ck_assert_int_eq(optimal(cost, effect, 4, 1e9), 1);
}
END_TEST

/* ---- case 5: value ratio --------------------------------------------------------
 * Seeds (000): value as QALYs gained per dollar of two care pathways.
 * Pathway A: 2.0 QALYs for $20,000 -> 2.0 / 20000 = 1.0e-4;
 * pathway B: 1.5 QALYs for $12,000 -> 1.5 / 12000 = 1.25e-4. */
START_TEST(value_ratio_pathways)
{
    const double outcome[] = {2.0, 1.5}, cost[] = {20000, 12000};
    double r[2];
    assert_ok(value_cea_value_ratio(outcome, cost, 2, r, 2));
    assert_rel(r[0], 1.0e-4, REL);
    assert_rel(r[1], 1.25e-4, REL);
    /* a negative outcome is allowed: -0.3 / 600 = -5e-4 */
    const double o2[] = {-0.3}, c2[] = {600};
    assert_ok(value_cea_value_ratio(o2, c2, 1, r, 1));
    assert_rel(r[0], -5e-4, REL);
}
END_TEST

/* ---- bad input ------------------------------------------------------------------ */

START_TEST(bad_frontier_input)
{
    const double c[] = {1, 2, 3}, e[] = {1, 2, 3}, c_nan[] = {1, NAN, 3}, e_inf[] = {1, 2, -INFINITY};
    int32_t st[3] = {7, 7, 7}, cmp[3] = {7, 7, 7};
    double ic[3] = {7, 7, 7}, lo[3] = {7, 7, 7}, up[3] = {7, 7, 7};
    assert_fails(value_cea_frontier(NULL, e, 3, st, cmp, ic, 3), VALUE_EINVAL, "cost is NULL");
    assert_fails(value_cea_frontier(c, NULL, 3, st, cmp, ic, 3), VALUE_EINVAL, "effect is NULL");
    assert_fails(value_cea_frontier(c, e, 0, st, cmp, ic, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_cea_frontier(c_nan, e, 3, st, cmp, ic, 3), VALUE_EINVAL, "cost[1] is NaN");
    assert_fails(value_cea_frontier(c, e_inf, 3, st, cmp, ic, 3), VALUE_EINVAL, "effect[2] is -Inf");
    assert_fails(value_cea_frontier(c, e, 3, NULL, cmp, ic, 3), VALUE_EINVAL, "out_status is NULL");
    assert_fails(value_cea_frontier(c, e, 3, st, NULL, ic, 3), VALUE_EINVAL, "out_comparator is NULL");
    assert_fails(value_cea_frontier(c, e, 3, st, cmp, NULL, 3), VALUE_EINVAL, "out_icer is NULL");
    assert_fails(value_cea_frontier(c, e, 3, st, cmp, ic, 2), VALUE_EINVAL, "out_len must be 3 (n), got 2");
    /* ICER overflow: costs 1.5e308 apart over one unit of effect */
    const double c_big[] = {-1.5e308, 1.5e308}, e2[] = {0, 1};
    assert_fails(value_cea_frontier(c_big, e2, 2, st, cmp, ic, 2), VALUE_ERANGE,
                 "the ICER of cost[1], effect[1] against cost[0], effect[0] overflows");
    assert_fails(value_cea_wtp_ranges(c_big, e2, 2, lo, up, 2), VALUE_ERANGE, "overflows");

    assert_fails(value_cea_wtp_ranges(c, e, 3, NULL, up, 3), VALUE_EINVAL, "out_lower is NULL");
    assert_fails(value_cea_wtp_ranges(c, e, 3, lo, NULL, 3), VALUE_EINVAL, "out_upper is NULL");
    assert_fails(value_cea_wtp_ranges(c, e, 3, lo, up, 4), VALUE_EINVAL, "out_len must be 3 (n), got 4");
    assert_fails(value_cea_wtp_ranges(c_nan, e, 3, lo, up, 3), VALUE_EINVAL, "cost[1] is NaN");
    assert_fails(value_cea_wtp_ranges(c, e, 0, lo, up, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    for (int i = 0; i < 3; i++) /* untouched */
        ck_assert(st[i] == 7 && cmp[i] == 7 && ic[i] == 7 && lo[i] == 7 && up[i] == 7);
}
END_TEST

START_TEST(bad_net_benefit_input)
{
    const double c[] = {1, 2}, e[] = {1, 2}, c_nan[] = {NAN, 2};
    double nmb[2] = {7, 7}, nhb[2] = {7, 7};
    assert_fails(value_cea_net_benefit(c, e, 2, 0, nmb, nhb, 2), VALUE_EINVAL, "lambda must be > 0, got 0");
    assert_fails(value_cea_net_benefit(c, e, 2, -1, nmb, nhb, 2), VALUE_EINVAL, "lambda must be > 0, got -1");
    assert_fails(value_cea_net_benefit(c, e, 2, NAN, nmb, nhb, 2), VALUE_EINVAL, "lambda is NaN");
    assert_fails(value_cea_net_benefit(c, e, 2, INFINITY, nmb, nhb, 2), VALUE_EINVAL, "lambda is Inf");
    assert_fails(value_cea_net_benefit(c_nan, e, 2, 1, nmb, nhb, 2), VALUE_EINVAL, "cost[0] is NaN");
    assert_fails(value_cea_net_benefit(c, NULL, 2, 1, nmb, nhb, 2), VALUE_EINVAL, "effect is NULL");
    assert_fails(value_cea_net_benefit(c, e, 0, 1, nmb, nhb, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_cea_net_benefit(c, e, 2, 1, NULL, nhb, 2), VALUE_EINVAL, "out_nmb is NULL");
    assert_fails(value_cea_net_benefit(c, e, 2, 1, nmb, NULL, 2), VALUE_EINVAL, "out_nhb is NULL");
    assert_fails(value_cea_net_benefit(c, e, 2, 1, nmb, nhb, 1), VALUE_EINVAL, "out_len must be 2 (n), got 1");
    /* 1e300 x 1e10 overflows in strategy 1's NMB */
    const double e_big[] = {0, 1e10};
    assert_fails(value_cea_net_benefit(c, e_big, 2, 1e300, nmb, nhb, 2), VALUE_ERANGE,
                 "net benefit of cost[1], effect[1] at lambda = 1.0000000000000001e+300 overflows");
    ck_assert(nmb[0] == 7 && nmb[1] == 7 && nhb[0] == 7 && nhb[1] == 7);

    int32_t k = 7;
    assert_fails(value_cea_optimal(c, e, 2, -0.5, &k), VALUE_EINVAL, "lambda must be >= 0, got -0.5");
    assert_fails(value_cea_optimal(c, e, 2, NAN, &k), VALUE_EINVAL, "lambda is NaN");
    assert_fails(value_cea_optimal(c, e, 2, 1, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_cea_optimal(NULL, e, 2, 1, &k), VALUE_EINVAL, "cost is NULL");
    assert_fails(value_cea_optimal(c, e, 0, 1, &k), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_cea_optimal(c_nan, e, 2, 1, &k), VALUE_EINVAL, "cost[0] is NaN");
    assert_fails(value_cea_optimal(c, e_big, 2, 1e300, &k), VALUE_ERANGE, "of cost[1], effect[1] at lambda");
    ck_assert_int_eq(k, 7);
}
END_TEST

START_TEST(bad_value_ratio_input)
{
    const double o[] = {1, 2}, c[] = {10, 20}, c_zero[] = {10, 0}, c_neg[] = {-5, 20}, o_nan[] = {1, NAN};
    const double o_big[] = {1e300, 1}, c_tiny[] = {1e-10, 1};
    double r[2] = {7, 7};
    assert_fails(value_cea_value_ratio(o, c_zero, 2, r, 2), VALUE_EINVAL, "cost[1] must be > 0, got 0");
    assert_fails(value_cea_value_ratio(o, c_neg, 2, r, 2), VALUE_EINVAL, "cost[0] must be > 0, got -5");
    assert_fails(value_cea_value_ratio(o_nan, c, 2, r, 2), VALUE_EINVAL, "outcome[1] is NaN");
    assert_fails(value_cea_value_ratio(NULL, c, 2, r, 2), VALUE_EINVAL, "outcome is NULL");
    assert_fails(value_cea_value_ratio(o, NULL, 2, r, 2), VALUE_EINVAL, "cost is NULL");
    assert_fails(value_cea_value_ratio(o, c, 0, r, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_cea_value_ratio(o, c, 2, NULL, 2), VALUE_EINVAL, "out is NULL");
    assert_fails(value_cea_value_ratio(o, c, 2, r, 3), VALUE_EINVAL, "out_len must be 2 (n), got 3");
    assert_fails(value_cea_value_ratio(o_big, c_tiny, 2, r, 2), VALUE_ERANGE, "outcome[0] / cost[0] overflows");
    ck_assert(r[0] == 7 && r[1] == 7);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cea");
    TCase *tc = tcase_create("cea");
    tcase_add_test(tc, published_table);
    tcase_add_test(tc, published_table_shuffled);
    tcase_add_test(tc, published_table_ranges_and_optimal);
    tcase_add_test(tc, net_benefit_hand);
    tcase_add_test(tc, heart_failure_drug);
    tcase_add_test(tc, iterated_extended_dominance);
    tcase_add_test(tc, tie_identical);
    tcase_add_test(tc, tie_equal_cost_or_effect);
    tcase_add_test(tc, tie_collinear);
    tcase_add_test(tc, single_strategy);
    tcase_add_test(tc, all_dominated_by_one);
    tcase_add_test(tc, value_ratio_pathways);
    tcase_add_test(tc, bad_frontier_input);
    tcase_add_test(tc, bad_net_benefit_input);
    tcase_add_test(tc, bad_value_ratio_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
