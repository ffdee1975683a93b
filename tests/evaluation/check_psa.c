/* Probabilistic sensitivity analysis results.  Expected numbers are hand
 * calculations written out beside each test (sums and quotients of a few
 * exact binary fractions: tolerance 1e-12 relative) and a closed form for
 * normally distributed incremental net benefit (tolerance derived from the
 * quantile grid, see that test).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <stdint.h>

#define REL 1e-12

/* ---- case 1: four simulations, three strategies, by hand ---------------------
 *            costs (j = 0, 1, 2)    effects (j = 0, 1, 2)
 *   sim 0      0  100  300            1.0  2.0  2.5
 *   sim 1      0  100  300            1.0  1.5  3.0
 *   sim 2     50  100  200            1.0  1.0  1.75
 *   sim 3      0  200  300            0.5  1.5  2.0
 * NMB = lambda e - c; best per simulation (ties to the lowest index):
 *   lambda 0:   sim 0 (0, -100, -300) -> 0     sim 1 (0, -100, -300) -> 0
 *               sim 2 (-50, -100, -200) -> 0   sim 3 (0, -200, -300) -> 0
 *     CEAC (1, 0, 0); mean NMB (-12.5, -125, -275); mean max
 *     (0 + 0 - 50 + 0)/4 = -12.5; EVPI -12.5 - (-12.5) = 0;
 *     loss (0, 112.5, 262.5); CEAF 0, probability 1.
 *   lambda 150: sim 0 (150, 200, 75) -> 1      sim 1 (150, 125, 150) -> 0 (tie with 2)
 *               sim 2 (100, 50, 62.5) -> 0     sim 3 (75, 25, 0) -> 0
 *     CEAC (0.75, 0.25, 0); mean NMB (475/4, 400/4, 287.5/4) =
 *     (118.75, 100, 71.875); mean max (200+150+100+75)/4 = 131.25;
 *     EVPI 131.25 - 118.75 = 12.5; loss (12.5, 31.25, 59.375); CEAF 0, 0.75.
 *   lambda 200: sim 0 (200, 300, 200) -> 1     sim 1 (200, 200, 300) -> 2
 *               sim 2 (150, 100, 150) -> 0 (tie with 2)
 *               sim 3 (100, 100, 100) -> 0 (three-way tie)
 *     CEAC (0.5, 0.25, 0.25); mean NMB (650/4, 700/4, 750/4) =
 *     (162.5, 175, 187.5); mean max (300+300+150+100)/4 = 212.5;
 *     EVPI 212.5 - 187.5 = 25; loss (50, 37.5, 25); CEAF 2 with
 *     probability 0.25: the strategy best on average need not be the one
 *     most often best. */
static const double hand_costs[] = {0, 100, 300, 0, 100, 300, 50, 100, 200, 0, 200, 300};
static const double hand_effects[] = {1.0, 2.0, 2.5, 1.0, 1.5, 3.0, 1.0, 1.0, 1.75, 0.5, 1.5, 2.0};
static const double hand_lambdas[] = {0, 150, 200};

START_TEST(curves_by_hand)
{
    const double want_ceac[] = {1, 0, 0, 0.75, 0.25, 0, 0.5, 0.25, 0.25};
    const double want_loss[] = {0, 112.5, 262.5, 12.5, 31.25, 59.375, 50, 37.5, 25};
    const double want_evpi[] = {0, 12.5, 25};
    const int32_t want_ceaf[] = {0, 0, 2};
    const double want_prob[] = {1, 0.75, 0.25};
    double ceac[9], loss[9], evpi[3], prob[3];
    int32_t ceaf[3];
    assert_ok(value_psa_curves(hand_costs, hand_effects, 12, 3, hand_lambdas, 3, ceac, loss, 9, evpi, ceaf, prob, 3));
    for (int i = 0; i < 9; i++) {
        assert_rel(ceac[i], want_ceac[i], REL);
        assert_rel(loss[i], want_loss[i], REL);
    }
    for (int l = 0; l < 3; l++) {
        assert_rel(evpi[l], want_evpi[l], REL);
        ck_assert_int_eq(ceaf[l], want_ceaf[l]);
        assert_rel(prob[l], want_prob[l], REL);
    }
}
END_TEST

START_TEST(curves_one_strategy)
{
    /* one strategy is always best: CEAC 1, no loss, no EVPI */
    const double c[] = {10, 20, 30}, e[] = {1, 2, 0.5}, lam[] = {0, 1e4};
    double ceac[2], loss[2], evpi[2], prob[2];
    int32_t ceaf[2];
    assert_ok(value_psa_curves(c, e, 3, 1, lam, 2, ceac, loss, 2, evpi, ceaf, prob, 2));
    for (int l = 0; l < 2; l++) {
        ck_assert(ceac[l] == 1 && loss[l] == 0 && evpi[l] == 0 && ceaf[l] == 0 && prob[l] == 1);
    }
}
END_TEST

START_TEST(curves_ceaf_tie)
{
    /* sim 0: c (0, 0), e (1, 2); sim 1: c (0, 0), e (1, 0); lambda 1:
     * NMB (1, 2) and (1, 0): CEAC (0.5, 0.5); mean NMB (1, 1), a tie, so
     * the CEAF takes the lower index, 0, as the CEAC does;
     * mean max (2 + 1)/2 = 1.5, EVPI 0.5, loss (0.5, 0.5). */
    const double c[] = {0, 0, 0, 0}, e[] = {1, 2, 1, 0}, lam[] = {1};
    double ceac[2], loss[2], evpi, prob;
    int32_t ceaf;
    assert_ok(value_psa_curves(c, e, 4, 2, lam, 1, ceac, loss, 2, &evpi, &ceaf, &prob, 1));
    ck_assert_int_eq(ceaf, 0);
    assert_rel(prob, 0.5, REL);
    assert_rel(evpi, 0.5, REL);
    assert_rel(ceac[0], 0.5, REL);
    assert_rel(ceac[1], 0.5, REL);
    assert_rel(loss[0], 0.5, REL);
    assert_rel(loss[1], 0.5, REL);
}
END_TEST

/* ---- case 2: normal incremental net benefit, closed form ------------------------
 * Strategy 0 costs 2000 with effect 1.0 in every simulation; strategy 1 has
 * effect 1.5 and cost 12000 - sigma z_i, sigma = 4000, where
 * z_i = Phi^-1((i - 0.5)/S), i = 1..S, S = 200000: a deterministic
 * stand-in for normal draws.  The incremental NMB of 1 vs 0 at lambda is
 *   INB = 0.5 lambda - 10000 + sigma z  ~  N(mu, sigma^2),  mu = 0.5 lambda - 10000,
 * so (phi, Phi the standard normal pdf and cdf):
 *   EVPI   = E[max(0, INB)] - max(0, mu) = sigma phi(mu/sigma) + mu Phi(mu/sigma) - max(0, mu)
 *   loss_0 = E[max(0, INB)]              = sigma phi(mu/sigma) + mu Phi(mu/sigma)
 *   loss_1 = loss_0 - mu
 *   CEAC_1 = P(INB > 0) = Phi(mu/sigma),  CEAC_0 = 1 - CEAC_1
 *   CEAF   = 1 if mu > 0, else 0.
 * lambda = 0, 10000, 20000, 30000, 50000 gives mu/sigma = -2.5, -1.25, 0,
 * 1.25, 3.75.
 * Tolerances: the grid is the midpoint rule for
 * E[g(Z)] = int_0^1 g(Phi^-1(u)) du, and its error comes from the two
 * outermost cells, where Phi^-1 is unbounded: there the cell's mean of
 * |Phi^-1| is phi(Phi^-1(1/S)) S, the midpoint value |Phi^-1(1/(2S))|, and
 * sigma [phi(Phi^-1(1/S)) - |Phi^-1(1/(2S))| / S] = 4000 x 3.0e-7 = 1.2e-3
 * (inner cells add O(1/S^2)).  The expected values are checked to
 * 1e-6 sigma = 4e-3 absolute, about 3 times that.  A grid of S points
 * resolves probabilities to within 1/(2S); CEAC is checked to 1/S.  The
 * strategy 0 mean NMB, lambda - 2000, needs no grid. */
START_TEST(curves_normal_closed_form)
{
    enum { S = 200000, L = 5 };
    const double sigma = 4000, lam[L] = {0, 10000, 20000, 30000, 50000};
    double *c = malloc(2 * S * sizeof *c), *e = malloc(2 * S * sizeof *e);
    ck_assert(c != NULL && e != NULL);
    for (size_t i = 0; i < S; i++) {
        double z = gsl_cdf_ugaussian_Pinv((i + 0.5) / S);
        c[2 * i] = 2000;
        e[2 * i] = 1.0;
        c[2 * i + 1] = 12000 - sigma * z;
        e[2 * i + 1] = 1.5;
    }
    double ceac[2 * L], loss[2 * L], evpi[L], prob[L];
    int32_t ceaf[L];
    assert_ok(value_psa_curves(c, e, 2 * S, 2, lam, L, ceac, loss, 2 * L, evpi, ceaf, prob, L));
    const double tol = 1e-6 * sigma;

    for (int l = 0; l < L; l++) {
        double mu = 0.5 * lam[l] - 10000, t = mu / sigma;
        double pos = sigma * gsl_ran_ugaussian_pdf(t) + mu * gsl_cdf_ugaussian_P(t); /* E[max(0, INB)] */
        assert_abs(evpi[l], pos - fmax(0.0, mu), tol);
        assert_abs(loss[2 * l], pos, tol);
        assert_abs(loss[2 * l + 1], pos - mu, tol);
        assert_abs(ceac[2 * l + 1], gsl_cdf_ugaussian_P(t), 1.0 / S);
        assert_abs(ceac[2 * l], 1 - gsl_cdf_ugaussian_P(t), 1.0 / S);
        if (mu != 0) { /* at mu = 0 the means tie up to rounding */
            ck_assert_int_eq(ceaf[l], mu > 0 ? 1 : 0);
            assert_rel(prob[l], ceac[2 * l + ceaf[l]], REL);
        }
    }
    /* EVPI is largest where the decision is closest: sigma phi(0) = 1595.77 */
    assert_abs(evpi[2], 4000 * 0.3989422804014327, tol);
    free(c);
    free(e);
}
END_TEST

/* ---- incremental values ------------------------------------------------------------
 *          costs               effects
 *   sim 0  100  150  120       1     1.25  0.75
 *   sim 1  200  260  190       2     2.5   2.125
 * vs strategy 0: dcost (0, 50, 20 | 0, 60, -10), deffect (0, 0.25, -0.25 | 0, 0.5, 0.125)
 * vs strategy 2: dcost (-20, 30, 0 | 10, 70, 0), deffect (0.25, 0.5, 0 | -0.125, 0.375, 0) */
START_TEST(incremental_by_hand)
{
    const double c[] = {100, 150, 120, 200, 260, 190}, e[] = {1, 1.25, 0.75, 2, 2.5, 2.125};
    const double dc0[] = {0, 50, 20, 0, 60, -10}, de0[] = {0, 0.25, -0.25, 0, 0.5, 0.125};
    const double dc2[] = {-20, 30, 0, 10, 70, 0}, de2[] = {0.25, 0.5, 0, -0.125, 0.375, 0};
    double dc[6], de[6];
    assert_ok(value_psa_incremental(c, e, 6, 3, 0, dc, de, 6));
    for (int i = 0; i < 6; i++) {
        assert_rel(dc[i], dc0[i], REL);
        assert_rel(de[i], de0[i], REL);
    }
    assert_ok(value_psa_incremental(c, e, 6, 3, 2, dc, de, 6));
    for (int i = 0; i < 6; i++) {
        assert_rel(dc[i], dc2[i], REL);
        assert_rel(de[i], de2[i], REL);
    }
}
END_TEST

/* ---- percentile summary ----------------------------------------------------------
 * Two strategies, S = 8, interleaved:
 *   column 0: 3 1 4 1 5 9 2 6      sorted 1 1 2 3 4 5 6 9
 *   column 1: 80 10 50 30 70 20 60 40   sorted 10 20 ... 80
 * Type 7 (R's quantile(x, q), numpy's default): h = (S - 1) q, then
 * x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]), 0-based.
 *   q 0.025: h = 0.175: column 0: 1 + 0.175 (1 - 1) = 1;  column 1: 10 + 1.75 = 11.75
 *   q 0.975: h = 6.825: column 0: 6 + 0.825 x 3 = 8.475;  column 1: 70 + 8.25 = 78.25
 *   q 0.25:  h = 1.75:  column 0: 1 + 0.75 x 1 = 1.75
 *   q 0.5:   h = 3.5:   column 0: 3 + 0.5 x 1 = 3.5
 *   q 0, 1: the minimum and maximum.
 * means: 31/8 = 3.875 and 360/8 = 45. */
static const double summary_values[] = {3, 80, 1, 10, 4, 50, 1, 30, 5, 70, 9, 20, 2, 60, 6, 40};

START_TEST(summary_by_hand)
{
    double mean[2], lo[2], hi[2];
    assert_ok(value_psa_summary(summary_values, 16, 2, 0.025, 0.975, mean, lo, hi, 2));
    assert_rel(mean[0], 3.875, REL);
    assert_rel(mean[1], 45, REL);
    assert_rel(lo[0], 1, REL);
    assert_rel(hi[0], 8.475, REL);
    assert_rel(lo[1], 11.75, REL);
    assert_rel(hi[1], 78.25, REL);
    assert_ok(value_psa_summary(summary_values, 16, 2, 0.25, 0.5, mean, lo, hi, 2));
    assert_rel(lo[0], 1.75, REL);
    assert_rel(hi[0], 3.5, REL);
    assert_ok(value_psa_summary(summary_values, 16, 2, 0, 1, mean, lo, hi, 2));
    ck_assert(lo[0] == 1 && hi[0] == 9 && lo[1] == 10 && hi[1] == 80);
    /* lower_q = upper_q is allowed */
    assert_ok(value_psa_summary(summary_values, 16, 2, 0.5, 0.5, mean, lo, hi, 2));
    assert_rel(lo[1], 45, REL); /* 40 + 0.5 x 10 */
    ck_assert(lo[1] == hi[1]);
    /* one simulation: every percentile is the value */
    const double one[] = {-2.5};
    assert_ok(value_psa_summary(one, 1, 1, 0.025, 0.975, mean, lo, hi, 1));
    ck_assert(mean[0] == -2.5 && lo[0] == -2.5 && hi[0] == -2.5);
}
END_TEST

/* ---- bad input ----------------------------------------------------------------------- */

START_TEST(bad_curves_input)
{
    double c[20], e[20];
    for (int i = 0; i < 20; i++) {
        c[i] = 100 + i;
        e[i] = 1 + 0.01 * i;
    }
    const double lam[] = {0, 100, 200}, lam_neg[] = {0, 100, -1}, lam_nan[] = {0, NAN, 1};
    double ceac[6], loss[6], evpi[3], prob[3];
    int32_t ceaf[3] = {7, 7, 7};
    for (int i = 0; i < 6; i++)
        ceac[i] = loss[i] = 7;
    evpi[0] = evpi[1] = evpi[2] = prob[0] = prob[1] = prob[2] = 7;
#define CURVES(cc, ee, n, J, lm, L, olen, llen) \
    value_psa_curves(cc, ee, n, J, lm, L, ceac, loss, olen, evpi, ceaf, prob, llen)
    assert_ok(CURVES(c, e, 20, 2, lam, 3, 6, 3)); /* the baseline call is fine */
    for (int i = 0; i < 6; i++)
        ceac[i] = loss[i] = 7;
    evpi[0] = evpi[1] = evpi[2] = prob[0] = prob[1] = prob[2] = 7;
    ceaf[0] = ceaf[1] = ceaf[2] = 7;

    assert_fails(CURVES(NULL, e, 20, 2, lam, 3, 6, 3), VALUE_EINVAL, "costs is NULL");
    assert_fails(CURVES(c, NULL, 20, 2, lam, 3, 6, 3), VALUE_EINVAL, "effects is NULL");
    assert_fails(CURVES(c, e, 20, 2, NULL, 3, 6, 3), VALUE_EINVAL, "lambdas is NULL");
    assert_fails(CURVES(c, e, 0, 2, lam, 3, 6, 3), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(CURVES(c, e, 20, 0, lam, 3, 0, 3), VALUE_EINVAL, "n_strategies must be at least 1, got 0");
    assert_fails(CURVES(c, e, 20, 3, lam, 3, 9, 3), VALUE_EINVAL, "n_strategies (3) must divide n (20)");
    assert_fails(CURVES(c, e, 20, 2, lam, 0, 0, 0), VALUE_EINVAL, "n_lambdas must be at least 1, got 0");
    assert_fails(CURVES(c, e, 20, 2, lam, 3, 5, 3), VALUE_EINVAL,
                 "out_len must be 6 (n_lambdas x n_strategies), got 5");
    assert_fails(CURVES(c, e, 20, 2, lam, 3, 6, 2), VALUE_EINVAL, "out_lambda_len must be 3 (n_lambdas), got 2");
    assert_fails(CURVES(c, e, 20, 2, lam_neg, 3, 6, 3), VALUE_EINVAL, "lambdas[2] must be >= 0, got -1");
    assert_fails(CURVES(c, e, 20, 2, lam_nan, 3, 6, 3), VALUE_EINVAL, "lambdas[1] is NaN");
    assert_fails(value_psa_curves(c, e, 20, 2, lam, 3, NULL, loss, 6, evpi, ceaf, prob, 3), VALUE_EINVAL,
                 "out_ceac is NULL");
    assert_fails(value_psa_curves(c, e, 20, 2, lam, 3, ceac, NULL, 6, evpi, ceaf, prob, 3), VALUE_EINVAL,
                 "out_loss is NULL");
    assert_fails(value_psa_curves(c, e, 20, 2, lam, 3, ceac, loss, 6, NULL, ceaf, prob, 3), VALUE_EINVAL,
                 "out_evpi is NULL");
    assert_fails(value_psa_curves(c, e, 20, 2, lam, 3, ceac, loss, 6, evpi, NULL, prob, 3), VALUE_EINVAL,
                 "out_ceaf is NULL");
    assert_fails(value_psa_curves(c, e, 20, 2, lam, 3, ceac, loss, 6, evpi, ceaf, NULL, 3), VALUE_EINVAL,
                 "out_ceaf_prob is NULL");
    c[17] = NAN;
    assert_fails(CURVES(c, e, 20, 2, lam, 3, 6, 3), VALUE_EINVAL, "costs[17] is NaN");
    c[17] = 1;
    e[4] = -INFINITY;
    assert_fails(CURVES(c, e, 20, 2, lam, 3, 6, 3), VALUE_EINVAL, "effects[4] is -Inf");
    e[4] = 1;
    /* strategy 1 costs 1.5e308 more than strategy 0 in simulation 0 */
    c[0] = -1.5e308;
    c[1] = 1.5e308;
    assert_fails(CURVES(c, e, 20, 2, lam, 3, 6, 3), VALUE_ERANGE, "relative to column 0 overflow");
#undef CURVES
    for (int i = 0; i < 6; i++) /* untouched */
        ck_assert(ceac[i] == 7 && loss[i] == 7);
    for (int l = 0; l < 3; l++)
        ck_assert(evpi[l] == 7 && prob[l] == 7 && ceaf[l] == 7);
}
END_TEST

START_TEST(bad_incremental_input)
{
    const double c[] = {1, 2, 3, 4}, e[] = {1, 2, 3, 4}, c_nan[] = {1, 2, NAN, 4}, e_inf[] = {1, INFINITY, 3, 4};
    const double c_big[] = {-1.5e308, 1.5e308, 1, 2};
    double dc[4] = {7, 7, 7, 7}, de[4] = {7, 7, 7, 7};
    assert_fails(value_psa_incremental(NULL, e, 4, 2, 0, dc, de, 4), VALUE_EINVAL, "costs is NULL");
    assert_fails(value_psa_incremental(c, NULL, 4, 2, 0, dc, de, 4), VALUE_EINVAL, "effects is NULL");
    assert_fails(value_psa_incremental(c, e, 0, 2, 0, dc, de, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_psa_incremental(c, e, 4, 0, 0, dc, de, 4), VALUE_EINVAL, "n_strategies must be at least 1");
    assert_fails(value_psa_incremental(c, e, 4, 3, 0, dc, de, 4), VALUE_EINVAL, "n_strategies (3) must divide n (4)");
    assert_fails(value_psa_incremental(c, e, 4, 2, 2, dc, de, 4), VALUE_EINVAL,
                 "comparator is 2, not in [0, 2) (n_strategies)");
    assert_fails(value_psa_incremental(c, e, 4, 2, (size_t)-1, dc, de, 4), VALUE_EINVAL,
                 "comparator is 18446744073709551615, not in [0, 2)");
    assert_fails(value_psa_incremental(c, e, 4, 2, 0, NULL, de, 4), VALUE_EINVAL, "out_dcost is NULL");
    assert_fails(value_psa_incremental(c, e, 4, 2, 0, dc, NULL, 4), VALUE_EINVAL, "out_deffect is NULL");
    assert_fails(value_psa_incremental(c, e, 4, 2, 0, dc, de, 3), VALUE_EINVAL, "out_len must be 4 (n), got 3");
    assert_fails(value_psa_incremental(c_nan, e, 4, 2, 0, dc, de, 4), VALUE_EINVAL, "costs[2] is NaN");
    assert_fails(value_psa_incremental(c, e_inf, 4, 2, 0, dc, de, 4), VALUE_EINVAL, "effects[1] is Inf");
    assert_fails(value_psa_incremental(c_big, e, 4, 2, 0, dc, de, 4), VALUE_ERANGE,
                 "the difference of costs[1] or effects[1] and the comparator's overflows");
    for (int i = 0; i < 4; i++)
        ck_assert(dc[i] == 7 && de[i] == 7);
}
END_TEST

START_TEST(bad_summary_input)
{
    const double v[] = {1, 2, 3, 4}, v_nan[] = {1, 2, 3, NAN};
    double m[2] = {7, 7}, lo[2] = {7, 7}, hi[2] = {7, 7};
    assert_fails(value_psa_summary(NULL, 4, 2, 0.025, 0.975, m, lo, hi, 2), VALUE_EINVAL, "values is NULL");
    assert_fails(value_psa_summary(v, 0, 2, 0.025, 0.975, m, lo, hi, 2), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_psa_summary(v, 4, 0, 0.025, 0.975, m, lo, hi, 0), VALUE_EINVAL,
                 "n_strategies must be at least 1, got 0");
    assert_fails(value_psa_summary(v, 4, 3, 0.025, 0.975, m, lo, hi, 3), VALUE_EINVAL,
                 "n_strategies (3) must divide n (4)");
    assert_fails(value_psa_summary(v, 4, 2, NAN, 0.975, m, lo, hi, 2), VALUE_EINVAL, "lower_q is NaN");
    assert_fails(value_psa_summary(v, 4, 2, -0.1, 0.975, m, lo, hi, 2), VALUE_EINVAL,
                 "lower_q must be in [0, 1], got -0.10000000000000001");
    assert_fails(value_psa_summary(v, 4, 2, 0.025, 1.5, m, lo, hi, 2), VALUE_EINVAL,
                 "upper_q must be in [0, 1], got 1.5");
    assert_fails(value_psa_summary(v, 4, 2, 0.025, INFINITY, m, lo, hi, 2), VALUE_EINVAL, "upper_q is Inf");
    assert_fails(value_psa_summary(v, 4, 2, 0.9, 0.1, m, lo, hi, 2), VALUE_EINVAL,
                 "lower_q (0.90000000000000002) must not exceed upper_q (0.10000000000000001)");
    assert_fails(value_psa_summary(v, 4, 2, 0.025, 0.975, NULL, lo, hi, 2), VALUE_EINVAL, "out_mean is NULL");
    assert_fails(value_psa_summary(v, 4, 2, 0.025, 0.975, m, NULL, hi, 2), VALUE_EINVAL, "out_lower is NULL");
    assert_fails(value_psa_summary(v, 4, 2, 0.025, 0.975, m, lo, NULL, 2), VALUE_EINVAL, "out_upper is NULL");
    assert_fails(value_psa_summary(v, 4, 2, 0.025, 0.975, m, lo, hi, 4), VALUE_EINVAL,
                 "out_len must be 2 (n_strategies), got 4");
    assert_fails(value_psa_summary(v_nan, 4, 2, 0.025, 0.975, m, lo, hi, 2), VALUE_EINVAL, "values[3] is NaN");
    for (int j = 0; j < 2; j++)
        ck_assert(m[j] == 7 && lo[j] == 7 && hi[j] == 7);
    /* values near DBL_MAX: the mean does not overflow */
    const double big[] = {1.5e308, 1.5e308};
    assert_ok(value_psa_summary(big, 2, 1, 0, 1, m, lo, hi, 1));
    assert_rel(m[0], 1.5e308, REL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("psa");
    TCase *tc = tcase_create("psa");
    tcase_set_timeout(tc, 60); /* the closed-form case runs 200,000 simulations, slow under valgrind */
    tcase_add_test(tc, curves_by_hand);
    tcase_add_test(tc, curves_one_strategy);
    tcase_add_test(tc, curves_ceaf_tie);
    tcase_add_test(tc, curves_normal_closed_form);
    tcase_add_test(tc, incremental_by_hand);
    tcase_add_test(tc, summary_by_hand);
    tcase_add_test(tc, bad_curves_input);
    tcase_add_test(tc, bad_incremental_input);
    tcase_add_test(tc, bad_summary_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
