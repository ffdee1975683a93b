/* One-way sensitivity.  The model is a weighted sum whose low/high results
 * and tornado order are written out by hand.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

typedef struct calls {
    int count;
    int fail_at;  /* call number that fails (0: none) */
    int nan_at;   /* call number that gives NaN */
} calls;

/* f(x) = 2 x0 - 3 x1 + 0.5 x2 */
static int weighted_sum(const double *x, size_t n, void *user, double *out)
{
    calls *c = user;
    c->count++;
    if (n != 3 || c->count == c->fail_at)
        return 7;
    *out = c->count == c->nan_at ? NAN : 2 * x[0] - 3 * x[1] + 0.5 * x[2];
    return 0;
}

START_TEST(tornado)
{
    /* base (1, 1, 1): f = 2 - 3 + 0.5 = -0.5
     * x0 in [0, 3]: f = -2.5 .. 3.5, width 6
     * x1 in [0.5, 1.5]: f = 1 .. -2, width 3
     * x2 in [-10, 14]: f = -6 .. 6, width 12
     * order: x2, x0, x1 */
    const double base[] = {1, 1, 1}, low[] = {0, 0.5, -10}, high[] = {3, 1.5, 14};
    double lo[3], hi[3], b;
    int32_t order[3];
    calls c = {0, 0, 0};
    assert_ok(value_sensitivity_oneway(base, low, high, 3, weighted_sum, &c, lo, hi, order, 3, &b));
    ck_assert_int_eq(c.count, 7); /* 2n + 1 */
    assert_rel(b, -0.5, 1e-15);
    assert_rel(lo[0], -2.5, 1e-15);
    assert_rel(hi[0], 3.5, 1e-15);
    assert_rel(lo[1], 1.0, 1e-15);
    assert_rel(hi[1], -2.0, 1e-15);
    assert_rel(lo[2], -6.0, 1e-15);
    assert_rel(hi[2], 6.0, 1e-15);
    ck_assert(order[0] == 2 && order[1] == 0 && order[2] == 1);
}
END_TEST

START_TEST(ties_keep_index_order)
{
    /* x0 in [0, 2]: f = -2.5 .. 1.5, width 4; x1 fixed at 1: width 0;
     * x2 in [-3, 5]: f = -2.5 .. 1.5, width 4: x0 and x2 tie, index order */
    const double base[] = {1, 1, 1}, low[] = {0, 1, -3}, high[] = {2, 1, 5};
    double lo[3], hi[3], b;
    int32_t order[3];
    calls c = {0, 0, 0};
    assert_ok(value_sensitivity_oneway(base, low, high, 3, weighted_sum, &c, lo, hi, order, 3, &b));
    ck_assert(order[0] == 0 && order[1] == 2 && order[2] == 1);
}
END_TEST

START_TEST(bad_input_and_failing_callbacks)
{
    const double base[] = {1, 1, 1}, low[] = {0, 0.5, -10}, high[] = {3, 1.5, 14}, nan3[] = {1, NAN, 1};
    double lo[3] = {9, 9, 9}, hi[3] = {9, 9, 9}, b = 9;
    int32_t order[3] = {9, 9, 9};
    calls c = {0, 0, 0};
    assert_fails(value_sensitivity_oneway(base, low, high, 3, NULL, &c, lo, hi, order, 3, &b), VALUE_EINVAL, "fn is NULL");
    assert_fails(value_sensitivity_oneway(nan3, low, high, 3, weighted_sum, &c, lo, hi, order, 3, &b), VALUE_EINVAL,
                 "base[1] is NaN");
    assert_fails(value_sensitivity_oneway(base, low, high, 0, weighted_sum, &c, lo, hi, order, 0, &b), VALUE_EINVAL,
                 "n must be at least 1, got 0");
    assert_fails(value_sensitivity_oneway(base, low, high, 3, weighted_sum, &c, lo, hi, order, 2, &b), VALUE_EINVAL,
                 "out_len must be 3 (n), got 2");
    assert_fails(value_sensitivity_oneway(base, low, high, 3, weighted_sum, &c, lo, hi, NULL, 3, &b), VALUE_EINVAL,
                 "out_order is NULL");
    ck_assert_int_eq(c.count, 0); /* never called */
    c.fail_at = 4; /* call 4 = parameter 1 at its low value */
    assert_fails(value_sensitivity_oneway(base, low, high, 3, weighted_sum, &c, lo, hi, order, 3, &b),
                 VALUE_ECALLBACK, "the callback returned an error for parameter 1 at its low value 0.5");
    c = (calls){0, 1, 0};
    assert_fails(value_sensitivity_oneway(base, low, high, 3, weighted_sum, &c, lo, hi, order, 3, &b),
                 VALUE_ECALLBACK, "the callback returned an error at the base values");
    c = (calls){0, 0, 7};
    assert_fails(value_sensitivity_oneway(base, low, high, 3, weighted_sum, &c, lo, hi, order, 3, &b),
                 VALUE_ECALLBACK, "gave a non-finite result for parameter 2 at its high value 14 (result NaN)");
    ck_assert(lo[0] == 9 && hi[2] == 9 && order[0] == 9 && b == 9); /* untouched */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sensitivity");
    TCase *tc = tcase_create("sensitivity");
    tcase_add_test(tc, tornado);
    tcase_add_test(tc, ties_keep_index_order);
    tcase_add_test(tc, bad_input_and_failing_callbacks);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
