/* Peer groups, peer-median comparison, disparity rates and budget
 * allocation.  Expected numbers come from hand calculations written out
 * beside each test and from R 4.2.2 (the code that printed them is quoted).
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

/* ---- value_peer_groups ---------------------------------------------------------------- */

START_TEST(peer_groups_by_hand)
{
    /* 10 providers into quintiles.  Sorted by x, ties in input order:
     *   x     1  1  2  3  3  4  5  5  6  9
     *   i     1  3  6  0  9  2  4  8  7  5
     *   rank  0  1  2  3  4  5  6  7  8  9   -> group floor(r 5 / 10) = floor(r / 2)
     *   group 0  0  1  1  2  2  3  3  4  4
     * The tied 3s (providers 0 and 9) land in groups 1 and 2, the tied 5s
     * (4 and 8) both in group 3.  R: x <- c(3,1,4,1,5,9,2,6,5,3);
     * floor((rank(x, ties.method = "first") - 1) * 5 / 10) gives the same. */
    const double x[10] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
    const int32_t want[10] = {1, 0, 2, 0, 3, 4, 1, 4, 3, 2};
    int32_t out[10];
    assert_ok(value_peer_groups(x, 10, 5, out, 10));
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(out[i], want[i]);

    /* 7 into thirds: floor(r 3 / 7) = 0 0 0 1 1 2 2 (sizes 3, 2, 2); three
     * tied 3s split 0 | 1 1 in input order.  R: x <- c(5,3,3,8,1,3,2);
     * floor((rank(x, ties.method = "first") - 1) * 3 / 7) -> 2 0 1 2 0 1 0 */
    const double x7[7] = {5, 3, 3, 8, 1, 3, 2};
    const int32_t w7[7] = {2, 0, 1, 2, 0, 1, 0};
    int32_t o7[7];
    assert_ok(value_peer_groups(x7, 7, 3, o7, 7));
    for (int i = 0; i < 7; i++)
        ck_assert_int_eq(o7[i], w7[i]);

    /* G = 1: everyone in group 0; G = n: the 0-based rank itself */
    assert_ok(value_peer_groups(x7, 7, 1, o7, 7));
    for (int i = 0; i < 7; i++)
        ck_assert_int_eq(o7[i], 0);
    const int32_t rank7[7] = {5, 2, 3, 6, 0, 4, 1};
    assert_ok(value_peer_groups(x7, 7, 7, o7, 7));
    for (int i = 0; i < 7; i++)
        ck_assert_int_eq(o7[i], rank7[i]);

    /* -0 and +0 tie (input order) */
    const double z[2] = {0.0, -0.0};
    int32_t oz[2];
    assert_ok(value_peer_groups(z, 2, 2, oz, 2));
    ck_assert(oz[0] == 0 && oz[1] == 1);
}
END_TEST

/* 23 providers with ties; R 4.2.2:
 *   x <- c(0.31, 0.12, 0.45, 0.12, 0.27, 0.31, 0.50, 0.08, 0.45, 0.31, 0.19, 0.22, 0.12,
 *          0.40, 0.27, 0.35, 0.08, 0.44, 0.31, 0.29, 0.15, 0.50, 0.22)
 *   floor((rank(x, ties.method = "first") - 1) * G / length(x))   # G = 4 and 5 */
static const double R_X[23] = {0.31, 0.12, 0.45, 0.12, 0.27, 0.31, 0.50, 0.08, 0.45, 0.31, 0.19, 0.22,
                               0.12, 0.40, 0.27, 0.35, 0.08, 0.44, 0.31, 0.29, 0.15, 0.50, 0.22};
static const int32_t R_G4[23] = {2, 0, 3, 0, 1, 2, 3, 0, 3, 2, 1, 1, 0, 2, 1, 2, 0, 3, 2, 1, 0, 3, 1};
static const int32_t R_G5[23] = {2, 0, 4, 0, 1, 2, 4, 0, 4, 3, 1, 1, 0, 3, 2, 3, 0, 3, 3, 2, 1, 4, 1};

START_TEST(peer_groups_vs_r)
{
    int32_t out[23];
    assert_ok(value_peer_groups(R_X, 23, 4, out, 23));
    for (int i = 0; i < 23; i++)
        ck_assert_int_eq(out[i], R_G4[i]);
    assert_ok(value_peer_groups(R_X, 23, 5, out, 23));
    for (int i = 0; i < 23; i++)
        ck_assert_int_eq(out[i], R_G5[i]);
    /* sizes differ by at most one: floor(r 5 / 23) steps up at r = 5, 10,
     * 14, 19, so the sizes are 5 5 4 5 4 */
    size_t size[5] = {0};
    for (int i = 0; i < 23; i++)
        size[out[i]]++;
    const size_t want[5] = {5, 5, 4, 5, 4};
    for (int k = 0; k < 5; k++)
        ck_assert_uint_eq(size[k], want[k]);
}
END_TEST

START_TEST(peer_groups_large)
{
    /* 1,000,003 providers, many ties, into 7 groups: every group's size is
     * floor or ceil of n/7, and x never decreases from one group to the next */
    enum { N = 1000003, G = 7 };
    double *x = malloc(N * sizeof *x);
    int32_t *out = malloc(N * sizeof *out);
    ck_assert(x && out);
    uint64_t s = 7;
    for (size_t i = 0; i < N; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        x[i] = (double)((s >> 33) % 1000);
    }
    assert_ok(value_peer_groups(x, N, G, out, N));
    size_t size[G] = {0};
    double lo[G], hi[G];
    for (int k = 0; k < G; k++) {
        lo[k] = INFINITY;
        hi[k] = -INFINITY;
    }
    for (size_t i = 0; i < N; i++) {
        ck_assert(out[i] >= 0 && out[i] < G);
        size[out[i]]++;
        if (x[i] < lo[out[i]])
            lo[out[i]] = x[i];
        if (x[i] > hi[out[i]])
            hi[out[i]] = x[i];
    }
    for (int k = 0; k < G; k++) {
        ck_assert(size[k] == N / G || size[k] == N / G + 1);
        if (k > 0)
            ck_assert(hi[k - 1] <= lo[k]);
    }
    free(x);
    free(out);
}
END_TEST

/* ---- value_peer_compare --------------------------------------------------------------- */

START_TEST(peer_compare_by_hand)
{
    /* group 0: 1.2 0.8 1.0 -> median 1.0
     * group 1: 0.9 1.4 1.2 0.6 -> sorted 0.6 0.9 1.2 1.4, median (0.9 + 1.2)/2 = 1.05
     * group 3: 0 0 -> median 0: ratio NaN, difference 0 (codes need not be dense)
     * group 7: 2.5 alone -> median 2.5, difference 0, ratio 1
     * R: v <- c(1.2,0.9,0.8,1.4,1.0,1.2,0,0.6,0,2.5); g <- c(0,1,0,1,0,1,3,1,3,7)
     *    ave(v, g, FUN = median) -> 1 1.05 1 1.05 1 1.05 0 1.05 0 2.5 */
    const double v[10] = {1.2, 0.9, 0.8, 1.4, 1.0, 1.2, 0, 0.6, 0, 2.5};
    const int32_t g[10] = {0, 1, 0, 1, 0, 1, 3, 1, 3, 7};
    const double med[10] = {1, 1.05, 1, 1.05, 1, 1.05, 0, 1.05, 0, 2.5};
    double m[10], d[10], r[10];
    assert_ok(value_peer_compare(v, g, 10, m, d, r, 10));
    for (int i = 0; i < 10; i++) {
        assert_rel(m[i], med[i], REL);
        assert_rel(d[i], v[i] - med[i], REL);
        if (med[i] == 0)
            ck_assert(isnan(r[i]));
        else
            assert_rel(r[i], v[i] / med[i], REL);
    }
    /* the outputs may be the input array itself */
    double vv[10];
    memcpy(vv, v, sizeof vv);
    assert_ok(value_peer_compare(vv, g, 10, m, vv, r, 10));
    for (int i = 0; i < 10; i++)
        assert_rel(vv[i], v[i] - med[i], REL);
    /* the mean of the middle two does not overflow */
    const double big[2] = {1.5e308, 1.7e308};
    const int32_t g0[2] = {0, 0};
    assert_ok(value_peer_compare(big, g0, 2, m, d, r, 2));
    assert_rel(m[0], 1.6e308, REL);
}
END_TEST

START_TEST(peer_compare_vs_r)
{
    /* excess readmission ratios in the quartile peer groups of R_X (R_G4);
     * R 4.2.2, with x and g as above:
     *   v <- c(1.02, 0.97, 1.10, 0.95, 1.00, 1.04, 0.99, 1.08, 0.93, 1.01, 1.06, 0.98, 1.03,
     *          0.96, 1.12, 0.94, 1.05, 1.00, 0.97, 1.09, 1.01, 0.92, 1.07)
     *   m <- ave(v, g, FUN = median); v - m; v / m */
    const double v[23] = {1.02, 0.97, 1.10, 0.95, 1.00, 1.04, 0.99, 1.08, 0.93, 1.01, 1.06, 0.98,
                          1.03, 0.96, 1.12, 0.94, 1.05, 1.00, 0.97, 1.09, 1.01, 0.92, 1.07};
    const double a = 0.98999999999999999, b = 1.02, c = 1.0649999999999999;
    const double med[23] = {a, b, a, b, c, a, a, b, a, a, c, c, b, a, c, a, b, a, a, c, b, a, c};
    const double ratio[23] = {1.0303030303030303, 0.9509803921568627,  1.1111111111111112, 0.93137254901960775,
                              0.93896713615023475, 1.0505050505050506, 1,                  1.0588235294117647,
                              0.93939393939393945, 1.0202020202020201, 0.99530516431924898, 0.92018779342723012,
                              1.0098039215686274, 0.96969696969696972, 1.051643192488263,  0.9494949494949495,
                              1.0294117647058825, 1.0101010101010102, 0.97979797979797978, 1.023474178403756,
                              0.99019607843137258, 0.92929292929292939, 1.0046948356807512};
    const double diff[23] = {0.030000000000000027,  -0.050000000000000044, 0.1100000000000001,
                             -0.070000000000000062, -0.064999999999999947, 0.050000000000000044,
                             0,                     0.060000000000000053,  -0.059999999999999942,
                             0.020000000000000018,  -0.0049999999999998934, -0.084999999999999964,
                             0.010000000000000009,  -0.030000000000000027, 0.05500000000000016,
                             -0.050000000000000044, 0.030000000000000027,  0.010000000000000009,
                             -0.020000000000000018, 0.025000000000000133,  -0.010000000000000009,
                             -0.069999999999999951, 0.0050000000000001155};
    double m[23], d[23], r[23];
    assert_ok(value_peer_compare(v, R_G4, 23, m, d, r, 23));
    for (int i = 0; i < 23; i++) {
        assert_rel(m[i], med[i], 0);
        assert_rel(d[i], diff[i], 0);
        assert_rel(r[i], ratio[i], 0);
    }
}
END_TEST

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

START_TEST(bad_peer_input)
{
    const double x[4] = {1, 2, 3, 4};
    const int32_t g[4] = {0, 1, 0, 1};
    int32_t out[4] = {-7, -7, -7, -7};
    assert_fails(value_peer_groups(NULL, 4, 2, out, 4), VALUE_EINVAL, "x is NULL");
    assert_fails(value_peer_groups(x, 4, 2, NULL, 4), VALUE_EINVAL, "out is NULL");
    assert_fails(value_peer_groups(x, 4, 0, out, 4), VALUE_EINVAL, "n_groups must be at least 1, got 0");
    assert_fails(value_peer_groups(x, 4, 5, out, 4), VALUE_EINVAL, "n (4) must be at least n_groups (5)");
    assert_fails(value_peer_groups(x, 0, 1, out, 0), VALUE_EINVAL, "n (0) must be at least n_groups (1)");
    assert_fails(value_peer_groups(x, 4, 2, out, 3), VALUE_EINVAL, "out_len must be 4 (n), got 3");
    const double xn[4] = {1, NAN, 3, 4}, xi[4] = {1, 2, 3, -INFINITY};
    assert_fails(value_peer_groups(xn, 4, 2, out, 4), VALUE_EINVAL, "x[1] is NaN");
    assert_fails(value_peer_groups(xi, 4, 2, out, 4), VALUE_EINVAL, "x[3] is -Inf, not finite");
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(out[i], -7);

    double m[4], d[4], r[4];
    fill_sentinel(m, 4);
    fill_sentinel(d, 4);
    fill_sentinel(r, 4);
    assert_fails(value_peer_compare(NULL, g, 4, m, d, r, 4), VALUE_EINVAL, "value is NULL");
    assert_fails(value_peer_compare(x, NULL, 4, m, d, r, 4), VALUE_EINVAL, "group is NULL");
    assert_fails(value_peer_compare(x, g, 4, NULL, d, r, 4), VALUE_EINVAL, "out_peer_median is NULL");
    assert_fails(value_peer_compare(x, g, 4, m, NULL, r, 4), VALUE_EINVAL, "out_difference is NULL");
    assert_fails(value_peer_compare(x, g, 4, m, d, NULL, 4), VALUE_EINVAL, "out_ratio is NULL");
    assert_fails(value_peer_compare(x, g, 0, m, d, r, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_peer_compare(x, g, 4, m, d, r, 5), VALUE_EINVAL, "out_len must be 4 (n), got 5");
    const double vn[4] = {1, 2, NAN, 4}, vi[4] = {INFINITY, 2, 3, 4};
    assert_fails(value_peer_compare(vn, g, 4, m, d, r, 4), VALUE_EINVAL, "value[2] is NaN");
    assert_fails(value_peer_compare(vi, g, 4, m, d, r, 4), VALUE_EINVAL, "value[0] is Inf, not finite");
    const int32_t gneg[4] = {0, 1, 0, -2};
    assert_fails(value_peer_compare(x, gneg, 4, m, d, r, 4), VALUE_EINVAL, "group[3] is -2, not >= 0");
    check_sentinel(m, 4);
    check_sentinel(d, 4);
    check_sentinel(r, 4);
}
END_TEST

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
    tcase_add_test(tc, peer_groups_by_hand);
    tcase_add_test(tc, peer_groups_vs_r);
    tcase_add_test(tc, peer_groups_large);
    tcase_add_test(tc, peer_compare_by_hand);
    tcase_add_test(tc, peer_compare_vs_r);
    tcase_add_test(tc, disparity_by_hand);
    tcase_add_test(tc, disparity_best_group_reference);
    tcase_add_test(tc, budget_by_hand);
    tcase_add_test(tc, bad_peer_input);
    tcase_add_test(tc, bad_disparity_input);
    tcase_add_test(tc, bad_budget_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(disparity_suite());
}
