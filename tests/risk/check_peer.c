/* Peer groups and peer-median comparison.  Expected numbers come from
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

static Suite *peer_suite(void)
{
    Suite *s = suite_create("peer");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, peer_groups_by_hand);
    tcase_add_test(tc, peer_groups_vs_r);
    tcase_add_test(tc, peer_groups_large);
    tcase_add_test(tc, peer_compare_by_hand);
    tcase_add_test(tc, peer_compare_vs_r);
    tcase_add_test(tc, bad_peer_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(peer_suite());
}
