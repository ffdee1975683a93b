/* Disparity rates and budget allocation.  Expected numbers come from
 * hand calculations written out beside each test and from R 4.2.2 (the
 * code that printed them is quoted).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdint.h>

#define REL 1e-15
#define SENTINEL (-12345.0)

static void fill_sentinel(double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = SENTINEL;
}

static void check_sentinel(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(x[i] == SENTINEL, "output [%zu] was changed to %g by a failed call", i, x[i]);
}

/* ---- value_disparity_rates ------------------------------------------------------------ */

/* group 0: 10 people, 2 events (0.2); group 1: 20 people, 8 events (0.4);
 * group 2: 5 people, 0 events (0).  N = 35, 10 events, overall rate 2/7.
 * Listed interleaved so that no group is contiguous. */
static void disparity_data(double *y, int32_t *g)
{
    int32_t left[3] = {10, 20, 5}, events[3] = {2, 8, 0};
    size_t k = 0;
    while (k < 35) {
        for (int32_t j = 0; j < 3; j++) {
            if (left[j] == 0)
                continue;
            g[k] = j;
            y[k] = events[j] > 0 ? 1 : 0;
            if (events[j] > 0)
                events[j]--;
            left[j]--;
            k++;
        }
    }
}

START_TEST(disparity_by_hand)
{
    double y[35];
    int32_t g[35];
    disparity_data(y, g);
    double n[3], rate[3], lo[3], hi[3], diff[3], ratio[3], bv, idx;
    assert_ok(value_disparity_rates(y, g, 35, 0.95, 0, n, rate, lo, hi, diff, ratio, 3, &bv, &idx));
    const double wn[3] = {10, 20, 5}, wr[3] = {0.2, 0.4, 0};
    for (int k = 0; k < 3; k++) {
        assert_rel(n[k], wn[k], 0);
        assert_rel(rate[k], wr[k], REL);
    }
    /* Wilson: R 4.2.2 prop.test(x, n, correct = FALSE)$conf.int for 2/10, 8/20, 0/5 */
    assert_rel(lo[0], 0.056682151454375274, 1e-13);
    assert_rel(hi[0], 0.50983752846335817, 1e-13);
    assert_rel(lo[1], 0.21880653237281711, 1e-13);
    assert_rel(hi[1], 0.61341849923774683, 1e-13);
    assert_rel(lo[2], 0, 0);
    assert_rel(hi[2], 0.43448246478317465, 1e-13);
    /* against group 0 (rate 0.2): differences 0, 0.2, -0.2; ratios 1, 2, 0 */
    assert_abs(diff[0], 0, 0);
    assert_rel(diff[1], 0.2, REL);
    assert_rel(diff[2], -0.2, REL);
    assert_rel(ratio[0], 1, 0);
    assert_rel(ratio[1], 2, REL);
    assert_rel(ratio[2], 0, 0);
    /* between-group variance, rbar = 2/7:
     *   [10 (0.2 - 2/7)^2 + 20 (0.4 - 2/7)^2 + 5 (0 - 2/7)^2] / 35
     *   = [10 (0.6/7)^2 + 20 (0.8/7)^2 + 5 (2/7)^2] / 35
     *   = (3.6 + 12.8 + 20) / 49 / 35 = 36.4 / 1715 = 1.04 / 49
     * index of disparity: 100 / (3 - 1) x (|0.4 - 0.2| + |0 - 0.2|) / 0.2 = 100 */
    assert_rel(bv, 1.04 / 49, 1e-14);
    assert_rel(idx, 100, 1e-14);

    /* against group 1 (0.4): differences -0.2, 0, -0.4; ratios 0.5, 1, 0;
     * index 100 / 2 x (0.2 + 0.4) / 0.4 = 75; the variance does not depend
     * on the reference; a 99% level widens the intervals (R:
     * prop.test(8, 20, correct = FALSE, conf.level = 0.99)$conf.int) */
    assert_ok(value_disparity_rates(y, g, 35, 0.99, 1, n, rate, lo, hi, diff, ratio, 3, &bv, &idx));
    assert_rel(diff[0], -0.2, REL);
    assert_abs(diff[1], 0, 0);
    assert_rel(diff[2], -0.4, REL);
    assert_rel(ratio[0], 0.5, REL);
    assert_rel(ratio[1], 1, 0);
    assert_rel(idx, 75, 1e-14);
    assert_rel(bv, 1.04 / 49, 1e-14);
    assert_rel(lo[1], 0.17913456229213473, 1e-13);
    assert_rel(hi[1], 0.67068651792761602, 1e-13);
}
END_TEST

/* The index measured from the best (lowest adverse-event) group is Healthy
 * People 2010's: the mean of the other groups' rates over the best rate,
 * minus 1, times 100 (Talih & Huang, Healthy People Statistical Notes 27,
 * 2016).  Rates 0.1 (best), 0.15, 0.3, 0.25: (0.7/3 / 0.1 - 1) 100 = 133.33 */
START_TEST(disparity_best_group_reference)
{
    const int32_t sizes[4] = {20, 20, 10, 40}, events[4] = {2, 3, 3, 10};
    double y[90];
    int32_t g[90];
    size_t k = 0;
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < sizes[j]; i++, k++) {
            g[k] = j;
            y[k] = i < events[j] ? 1 : 0;
        }
    double n[4], rate[4], lo[4], hi[4], diff[4], ratio[4], bv, idx;
    assert_ok(value_disparity_rates(y, g, 90, 0.95, 0, n, rate, lo, hi, diff, ratio, 4, &bv, &idx));
    assert_rel(idx, ((0.15 + 0.3 + 0.25) / 3 / 0.1 - 1) * 100, 1e-13);
    /* variance: rbar = 18/90 = 0.2; [20 (0.01) + 20 (0.0025) + 10 (0.01) + 40 (0.0025)]/90 = 0.45/90 */
    assert_rel(bv, 0.45 / 90, 1e-13);
}
END_TEST

/* ---- value_disparity_allocate_budget ------------------------------------------------------------ */

START_TEST(budget_by_hand)
{
    /* B = 1,000,000; population 50,000 / 30,000 / 20,000 (sum 100,000);
     * need = expected cases x $2,000 = 100, 150, 50 cases -> 200,000 /
     * 300,000 / 100,000 (sum 600,000).
     *   equality: 1e6 x (0.5, 0.3, 0.2) = 500,000, 300,000, 200,000
     *   equity:   1e6 x (1/3, 1/2, 1/6) = 333,333.33, 500,000, 166,666.67
     *   gap:      -166,666.67, +200,000, -33,333.33 (sums to 0) */
    const double pop[3] = {50000, 30000, 20000}, need[3] = {200000, 300000, 100000};
    double eq[3], ey[3], gap[3];
    assert_ok(value_disparity_allocate_budget(1e6, pop, need, 3, eq, ey, gap, 3));
    assert_rel(eq[0], 500000, REL);
    assert_rel(eq[1], 300000, REL);
    assert_rel(eq[2], 200000, REL);
    assert_rel(ey[0], 1e6 / 3, REL);
    assert_rel(ey[1], 500000, REL);
    assert_rel(ey[2], 1e6 / 6, REL);
    assert_rel(gap[0], 1e6 / 3 - 500000, 1e-14);
    assert_rel(gap[1], 200000, 1e-14);
    assert_rel(gap[2], 1e6 / 6 - 200000, 1e-14);
    assert_abs(gap[0] + gap[1] + gap[2], 0, 1e-9);

    /* a group with no people but with need (e.g. counted by need alone) */
    const double p2[2] = {0, 10}, n2[2] = {5, 5};
    assert_ok(value_disparity_allocate_budget(100, p2, n2, 2, eq, ey, gap, 2));
    assert_rel(eq[0], 0, 0);
    assert_rel(eq[1], 100, 0);
    assert_rel(ey[0], 50, 0);
    assert_rel(ey[1], 50, 0);
    assert_rel(gap[0], 50, 0);
    assert_rel(gap[1], -50, 0);

    /* budget 0: all zero */
    assert_ok(value_disparity_allocate_budget(0, pop, need, 3, eq, ey, gap, 3));
    for (int k = 0; k < 3; k++)
        ck_assert(eq[k] == 0 && ey[k] == 0 && gap[k] == 0);

    /* outputs may overwrite the inputs */
    double pp[3] = {50000, 30000, 20000};
    assert_ok(value_disparity_allocate_budget(1e6, pp, need, 3, pp, ey, gap, 3));
    assert_rel(pp[0], 500000, REL);
    assert_rel(gap[2], 1e6 / 6 - 200000, 1e-14);
}
END_TEST

/* ---- bad input ------------------------------------------------------------------------ */

START_TEST(bad_disparity_input)
{
    const double y[6] = {1, 0, 1, 1, 0, 0};
    const int32_t g[6] = {0, 1, 0, 1, 2, 2};
    double n[3], rt[3], lo[3], hi[3], df[3], ra[3], bv = SENTINEL, idx = SENTINEL;
    double *all[6] = {n, rt, lo, hi, df, ra};
    for (int k = 0; k < 6; k++)
        fill_sentinel(all[k], 3);
#define DR(yy, gg, nn, lev, ref, len) value_disparity_rates(yy, gg, nn, lev, ref, n, rt, lo, hi, df, ra, len, &bv, &idx)
    assert_fails(DR(NULL, g, 6, 0.95, 0, 3), VALUE_EINVAL, "y is NULL");
    assert_fails(DR(y, NULL, 6, 0.95, 0, 3), VALUE_EINVAL, "group is NULL");
    assert_fails(value_disparity_rates(y, g, 6, 0.95, 0, NULL, rt, lo, hi, df, ra, 3, &bv, &idx), VALUE_EINVAL,
                 "out_n is NULL");
    assert_fails(value_disparity_rates(y, g, 6, 0.95, 0, n, NULL, lo, hi, df, ra, 3, &bv, &idx), VALUE_EINVAL,
                 "out_rate is NULL");
    assert_fails(value_disparity_rates(y, g, 6, 0.95, 0, n, rt, NULL, hi, df, ra, 3, &bv, &idx), VALUE_EINVAL,
                 "out_lower is NULL");
    assert_fails(value_disparity_rates(y, g, 6, 0.95, 0, n, rt, lo, NULL, df, ra, 3, &bv, &idx), VALUE_EINVAL,
                 "out_upper is NULL");
    assert_fails(value_disparity_rates(y, g, 6, 0.95, 0, n, rt, lo, hi, NULL, ra, 3, &bv, &idx), VALUE_EINVAL,
                 "out_difference is NULL");
    assert_fails(value_disparity_rates(y, g, 6, 0.95, 0, n, rt, lo, hi, df, NULL, 3, &bv, &idx), VALUE_EINVAL,
                 "out_ratio is NULL");
    assert_fails(value_disparity_rates(y, g, 6, 0.95, 0, n, rt, lo, hi, df, ra, 3, NULL, &idx), VALUE_EINVAL,
                 "out_between_variance is NULL");
    assert_fails(value_disparity_rates(y, g, 6, 0.95, 0, n, rt, lo, hi, df, ra, 3, &bv, NULL), VALUE_EINVAL,
                 "out_index is NULL");
    assert_fails(DR(y, g, 6, 0.95, 0, 1), VALUE_EINVAL, "out_len (the number of groups) must be at least 2, got 1");
    assert_fails(DR(y, g, 6, 0.95, 0, 0), VALUE_EINVAL, "must be at least 2, got 0");
    assert_fails(DR(y, g, 6, 0, 0, 3), VALUE_EINVAL, "level must be in (0, 1), got 0");
    assert_fails(DR(y, g, 6, 1, 0, 3), VALUE_EINVAL, "level must be in (0, 1), got 1");
    assert_fails(DR(y, g, 6, NAN, 0, 3), VALUE_EINVAL, "level must be in (0, 1), got NaN");
    assert_fails(DR(y, g, 6, 0.95, -1, 3), VALUE_EINVAL, "reference is -1, not in [0, 3)");
    assert_fails(DR(y, g, 6, 0.95, 3, 3), VALUE_EINVAL, "reference is 3, not in [0, 3)");
    assert_fails(DR(y, g, 2, 0.95, 0, 3), VALUE_EINVAL, "n (2) is less than out_len (3)");
    const double y2[6] = {1, 0, 2, 1, 0, 0}, yn[6] = {1, 0, 1, 1, NAN, 0}, yh[6] = {0.5, 0, 1, 1, 0, 0};
    assert_fails(DR(y2, g, 6, 0.95, 0, 3), VALUE_EINVAL, "y[2] is 2, not 0 or 1");
    assert_fails(DR(yn, g, 6, 0.95, 0, 3), VALUE_EINVAL, "y[4] is NaN");
    assert_fails(DR(yh, g, 6, 0.95, 0, 3), VALUE_EINVAL, "y[0] is 0.5, not 0 or 1");
    const int32_t gh[6] = {0, 1, 0, 3, 2, 2}, gn[6] = {0, 1, -1, 1, 2, 2}, ge[6] = {0, 2, 0, 2, 2, 0};
    assert_fails(DR(y, gh, 6, 0.95, 0, 3), VALUE_EINVAL, "group[3] is 3, not in [0, 3)");
    assert_fails(DR(y, gn, 6, 0.95, 0, 3), VALUE_EINVAL, "group[2] is -1, not in [0, 3)");
    assert_fails(DR(y, ge, 6, 0.95, 0, 3), VALUE_EINVAL, "group 1 has no members");
    /* group 2 is {0, 0}: rate 0, no good as the reference */
    assert_fails(DR(y, g, 6, 0.95, 2, 3), VALUE_EINVAL, "the reference group 2 has rate 0");
#undef DR
    for (int k = 0; k < 6; k++)
        check_sentinel(all[k], 3);
    ck_assert(bv == SENTINEL && idx == SENTINEL);
}
END_TEST

START_TEST(bad_budget_input)
{
    const double p[3] = {1, 2, 3}, d[3] = {3, 2, 1};
    double eq[3], ey[3], gap[3];
    fill_sentinel(eq, 3);
    fill_sentinel(ey, 3);
    fill_sentinel(gap, 3);
    assert_fails(value_disparity_allocate_budget(10, NULL, d, 3, eq, ey, gap, 3), VALUE_EINVAL, "population is NULL");
    assert_fails(value_disparity_allocate_budget(10, p, NULL, 3, eq, ey, gap, 3), VALUE_EINVAL, "need is NULL");
    assert_fails(value_disparity_allocate_budget(10, p, d, 3, NULL, ey, gap, 3), VALUE_EINVAL, "out_equality is NULL");
    assert_fails(value_disparity_allocate_budget(10, p, d, 3, eq, NULL, gap, 3), VALUE_EINVAL, "out_equity is NULL");
    assert_fails(value_disparity_allocate_budget(10, p, d, 3, eq, ey, NULL, 3), VALUE_EINVAL, "out_gap is NULL");
    assert_fails(value_disparity_allocate_budget(-1, p, d, 3, eq, ey, gap, 3), VALUE_EINVAL,
                 "budget must be finite and >= 0, got -1");
    assert_fails(value_disparity_allocate_budget(NAN, p, d, 3, eq, ey, gap, 3), VALUE_EINVAL, "got NaN");
    assert_fails(value_disparity_allocate_budget(INFINITY, p, d, 3, eq, ey, gap, 3), VALUE_EINVAL, "got Inf");
    assert_fails(value_disparity_allocate_budget(10, p, d, 0, eq, ey, gap, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_disparity_allocate_budget(10, p, d, 3, eq, ey, gap, 2), VALUE_EINVAL, "out_len must be 3 (n), got 2");
    const double pn[3] = {1, -2, 3}, pnan[3] = {1, 2, NAN}, pz[3] = {0, 0, 0}, pbig[3] = {1e308, 1e308, 0};
    assert_fails(value_disparity_allocate_budget(10, pn, d, 3, eq, ey, gap, 3), VALUE_EINVAL,
                 "population[1] is -2, not finite and >= 0");
    assert_fails(value_disparity_allocate_budget(10, pnan, d, 3, eq, ey, gap, 3), VALUE_EINVAL, "population[2] is NaN");
    assert_fails(value_disparity_allocate_budget(10, pz, d, 3, eq, ey, gap, 3), VALUE_EINVAL, "population is 0 in every group");
    assert_fails(value_disparity_allocate_budget(10, pbig, d, 3, eq, ey, gap, 3), VALUE_EINVAL,
                 "population sums to more than a double holds");
    const double dn[3] = {-0.5, 2, 1}, di[3] = {1, INFINITY, 1};
    assert_fails(value_disparity_allocate_budget(10, p, dn, 3, eq, ey, gap, 3), VALUE_EINVAL, "need[0] is -0.5");
    assert_fails(value_disparity_allocate_budget(10, p, di, 3, eq, ey, gap, 3), VALUE_EINVAL, "need[1] is Inf");
    assert_fails(value_disparity_allocate_budget(10, p, pz, 3, eq, ey, gap, 3), VALUE_EINVAL, "need is 0 in every group");
    check_sentinel(eq, 3);
    check_sentinel(ey, 3);
    check_sentinel(gap, 3);
}
END_TEST

static Suite *disparity_suite(void)
{
    Suite *s = suite_create("disparity");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, disparity_by_hand);
    tcase_add_test(tc, disparity_best_group_reference);
    tcase_add_test(tc, budget_by_hand);
    tcase_add_test(tc, bad_disparity_input);
    tcase_add_test(tc, bad_budget_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(disparity_suite());
}
