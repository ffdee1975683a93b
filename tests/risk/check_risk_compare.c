/* Comparing two case-mix models per group (the omitted-variable check).
 * Expected numbers are hand calculations written out beside each check.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdint.h>

#define REL 1e-12

/* A loaded logistic model over n_cols columns with coefficients coef. */
static value_risk *loaded(size_t n_cols, const double *coef)
{
    value_risk *m = NULL;
    assert_ok(value_risk_new(VALUE_RISK_BINOMIAL, n_cols, &m));
    assert_ok(value_risk_set_coefficients(m, coef, n_cols + 1));
    return m;
}

/* Four patients in two groups.  Base model: logit p = 0 + 1 x (one
 * column); extended: logit p = 0 + 1 x - 1 s (s the social-risk flag).
 *   patient  group  x   s  y   base p           extended p
 *   0        0      0   0  1   1/2              1/2
 *   1        0      ln3 1  0   3/4              3/(3+e)
 *   2        1      0   1  1   1/2              1/(1+e)
 *   3        1      0   0  0   1/2              1/2
 * (patient 1 extended: logit = ln 3 - 1, so p = 3/(3 + e))
 * Group 0: O = 1; E_base = 1/2 + 3/4 = 5/4; E_ext = 1/2 + 3/(3+e).
 * Group 1: O = 1; E_base = 1;              E_ext = 1/(1+e) + 1/2. */
START_TEST(by_hand)
{
    const double cb[2] = {0, 1}, ce[3] = {0, 1, -1};
    value_risk *base = loaded(1, cb), *ext = loaded(2, ce);
    const double l3 = log(3.0), e = exp(1.0);
    const double xb[4] = {0, l3, 0, 0}, xe[8] = {0, 0, l3, 1, 0, 1, 0, 0};
    const double y[4] = {1, 0, 1, 0}, off[4] = {0, 0, 0, 0};
    const int32_t g[4] = {0, 0, 1, 1};
    double obs[2], eb[2], ee[2], ob[2], oe[2], ch[2];
    assert_ok(value_risk_compare(base, xb, 4, ext, xe, 8, y, off, g, 4, obs, eb, ee, ob, oe, ch, 2));
    double eb0 = 1.25, ee0 = 0.5 + 3 / (3 + e), eb1 = 1.0, ee1 = 1 / (1 + e) + 0.5;
    ck_assert(obs[0] == 1 && obs[1] == 1);
    assert_rel(eb[0], eb0, REL);
    assert_rel(ee[0], ee0, REL);
    assert_rel(eb[1], eb1, REL);
    assert_rel(ee[1], ee1, REL);
    assert_rel(ob[0], 1 / eb0, REL);
    assert_rel(oe[1], 1 / ee1, REL);
    assert_rel(ch[0], 1 / ee0 - 1 / eb0, REL);
    assert_rel(ch[1], 1 / ee1 - 1 / eb1, REL);

    /* a third, empty group: O = E = 0, ratios NaN */
    double obs3[3], eb3[3], ee3[3], ob3[3], oe3[3], ch3[3];
    assert_ok(value_risk_compare(base, xb, 4, ext, xe, 8, y, off, g, 4, obs3, eb3, ee3, ob3, oe3, ch3, 3));
    ck_assert(obs3[2] == 0 && eb3[2] == 0 && ee3[2] == 0 && isnan(ob3[2]) && isnan(oe3[2]) && isnan(ch3[2]));
    value_risk_free(base);
    value_risk_free(ext);
}
END_TEST

START_TEST(bad_input)
{
    const double cb[2] = {0, 1}, ce[3] = {0, 1, -1};
    value_risk *base = loaded(1, cb), *ext = loaded(2, ce), *empty = NULL;
    assert_ok(value_risk_new(VALUE_RISK_BINOMIAL, 1, &empty));
    const double xb[4] = {0, 1, 0, 0}, xe[8] = {0, 0, 1, 1, 0, 1, 0, 0};
    double y[4] = {1, 0, 1, 0}, off[4] = {0, 0, 0, 0};
    int32_t g[4] = {0, 0, 1, 1};
    double obs[2] = {-1, -1}, eb[2], ee[2], ob[2], oe[2], ch[2];
    assert_fails(value_risk_compare(NULL, xb, 4, ext, xe, 8, y, off, g, 4, obs, eb, ee, ob, oe, ch, 2), VALUE_EINVAL,
                 "base is NULL");
    assert_fails(value_risk_compare(base, xb, 4, ext, xe, 8, y, off, g, 4, obs, eb, ee, ob, oe, NULL, 2),
                 VALUE_EINVAL, "out_oe_change is NULL");
    assert_fails(value_risk_compare(base, xb, 4, ext, xe, 8, y, off, g, 0, obs, eb, ee, ob, oe, ch, 2), VALUE_EINVAL,
                 "n must be at least 1");
    assert_fails(value_risk_compare(base, xb, 4, ext, xe, 8, y, off, g, 4, obs, eb, ee, ob, oe, ch, 0), VALUE_EINVAL,
                 "out_len");
    y[2] = NAN;
    assert_fails(value_risk_compare(base, xb, 4, ext, xe, 8, y, off, g, 4, obs, eb, ee, ob, oe, ch, 2), VALUE_EINVAL,
                 "y[2] is NaN");
    y[2] = 1;
    g[3] = 2;
    assert_fails(value_risk_compare(base, xb, 4, ext, xe, 8, y, off, g, 4, obs, eb, ee, ob, oe, ch, 2), VALUE_EINVAL,
                 "group[3] is 2, not in [0, 2)");
    g[3] = -1;
    assert_fails(value_risk_compare(base, xb, 4, ext, xe, 8, y, off, g, 4, obs, eb, ee, ob, oe, ch, 2), VALUE_EINVAL,
                 "group[3] is -1");
    g[3] = 1;
    /* the lengths of x, checked before anything is read */
    assert_fails(value_risk_compare(base, xb, 3, ext, xe, 8, y, off, g, 4, obs, eb, ee, ob, oe, ch, 2), VALUE_EINVAL,
                 "n_x_base (of base) must be n x n_cols = 4 x 1 = 4, got 3");
    assert_fails(value_risk_compare(base, xb, 4, ext, xe, 4, y, off, g, 4, obs, eb, ee, ob, oe, ch, 2), VALUE_EINVAL,
                 "n_x_extended (of extended) must be n x n_cols = 4 x 2 = 8, got 4");
    /* the models' own checks, prefixed by which model */
    assert_fails(value_risk_compare(base, xb, 4, empty, xb, 4, y, off, g, 4, obs, eb, ee, ob, oe, ch, 2), VALUE_ESTATE,
                 "extended (x_extended): ");
    const double xnan[4] = {0, NAN, 0, 0};
    assert_fails(value_risk_compare(base, xnan, 4, ext, xe, 8, y, off, g, 4, obs, eb, ee, ob, oe, ch, 2), VALUE_EINVAL,
                 "base (x_base): x: row 1, column 'x1' is NaN");
    ck_assert(obs[0] == -1 && obs[1] == -1); /* untouched */
    value_risk_free(base);
    value_risk_free(ext);
    value_risk_free(empty);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("risk_compare");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, by_hand);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
