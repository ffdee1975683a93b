/* Performance of predicted risks, calibration tables and observed vs
 * expected.  Expected numbers come from R 4.2.2 (the code that printed
 * them is quoted beside each), from Public Health England's test data for
 * Byar's interval (tests/data/README.md, profiling/), and from
 * hand calculations written out in the comments.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdbool.h>
#include <stdint.h>

#define REL 1e-12

static double perf(const double *y, const double *p, size_t n, size_t g, size_t stat)
{
    double out[VALUE_RISK_PERF_N_STATS];
    assert_ok(value_risk_performance(y, p, n, g, out, VALUE_RISK_PERF_N_STATS));
    return out[stat];
}

/* ---- data set A: 30 patients, risks with ties across the outcomes ----------------
 * Generated once in R (set.seed(20240611); round(runif(30, 0.05, 0.9), 2),
 * three values tied to the third; y <- rbinom(30, 1, pmin(0.95, 1.1 p)))
 * and frozen here.  The R code below (R 4.2.2) printed the expected values:
 *
 *   p <- c(0.09, 0.80, 0.71, 0.63, 0.71, 0.68, 0.48, 0.88, 0.22, 0.31, 0.52, 0.82, 0.21, 0.50, 0.48,
 *          0.70, 0.71, 0.62, 0.12, 0.90, 0.72, 0.49, 0.71, 0.69, 0.19, 0.61, 0.06, 0.71, 0.43, 0.64)
 *   y <- c(0, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1)
 *   f <- function(x) sprintf("%.17g", x)
 *   w <- wilcox.test(p[y == 1], p[y == 0], exact = FALSE)
 *   f(w$statistic / (sum(y) * sum(1 - y)))                                   # c-statistic
 *   citl <- glm(y ~ 1, offset = qlogis(p), family = binomial,
 *               control = glm.control(epsilon = 1e-15, maxit = 100)); f(coef(citl))
 *   slope <- glm(y ~ qlogis(p), family = binomial,
 *                control = glm.control(epsilon = 1e-15, maxit = 100)); f(coef(slope)[2])
 *   f(mean((p - y)^2)); f(sum(p))
 *   n <- length(y); ll1 <- sum(y * log(p) + (1 - y) * log(1 - p)); pb <- mean(y)
 *   ll0 <- sum(y * log(pb) + (1 - y) * log(1 - pb))
 *   f((1 - exp(2 * (ll0 - ll1) / n)) / (1 - exp(2 * ll0 / n)))             # Nagelkerke
 *   hl <- function(y, yhat, g) {   # the arithmetic of ResourceSelection::hoslem.test
 *     qq <- unique(quantile(yhat, probs = seq(0, 1, 1/g)))
 *     cutyhat <- cut(yhat, breaks = qq, include.lowest = TRUE)
 *     observed <- xtabs(cbind(y0 = 1 - y, y1 = y) ~ cutyhat)
 *     expected <- xtabs(cbind(yhat0 = 1 - yhat, yhat1 = yhat) ~ cutyhat)
 *     chisq <- sum((observed - expected)^2 / expected)
 *     list(chisq = chisq, df = g - 2, p = pchisq(chisq, g - 2, lower.tail = FALSE),
 *          n = as.vector(table(cutyhat)), o = as.vector(observed[, 2]), e = as.vector(expected[, 2]),
 *          lo = as.vector(tapply(yhat, cutyhat, min)), hi = as.vector(tapply(yhat, cutyhat, max)))
 *   }
 *   hl(y, p, 10); hl(y, p, 4)
 *
 * The other form of the statistic, sum (O-E)^2/(E (1 - E/n_g)) by tapply,
 * gave 11.507549535472474 for g = 10 (the two-cell form 11.507549535472476).
 * For g = 10 two cut points tie (0.71 is the 7th and 8th decile), so 9
 * groups form; hoslem.test's df stays g - 2 = 8. */
static const double A_P[30] = {0.09, 0.80, 0.71, 0.63, 0.71, 0.68, 0.48, 0.88, 0.22, 0.31,
                               0.52, 0.82, 0.21, 0.50, 0.48, 0.70, 0.71, 0.62, 0.12, 0.90,
                               0.72, 0.49, 0.71, 0.69, 0.19, 0.61, 0.06, 0.71, 0.43, 0.64};
static const double A_Y[30] = {0, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1};

START_TEST(performance_vs_r)
{
    double out[VALUE_RISK_PERF_N_STATS];
    assert_ok(value_risk_performance(A_Y, A_P, 30, 10, out, VALUE_RISK_PERF_N_STATS));
    assert_rel(out[VALUE_RISK_PERF_CSTAT], 0.75598086124401909, REL);
    assert_rel(out[VALUE_RISK_PERF_BRIER], 0.19480666666666668, REL);
    /* glm() run with epsilon = 1e-15 (above) agrees to a few ulps */
    assert_rel(out[VALUE_RISK_PERF_CITL], 0.48076868055153771, REL);
    assert_rel(out[VALUE_RISK_PERF_SLOPE], 0.89277161651282655, REL);
    assert_rel(out[VALUE_RISK_PERF_NAGELKERKE], 0.21484619240620006, REL);
    assert_rel(out[VALUE_RISK_PERF_HL_CHISQ], 11.507549535472476, REL);
    assert_rel(out[VALUE_RISK_PERF_HL_DF], 8, 0);
    assert_rel(out[VALUE_RISK_PERF_HL_P], 0.17456486638689236, REL);
    assert_rel(out[VALUE_RISK_PERF_OBSERVED], 19, 0); /* 7 + 6 + 6 ones in the rows of ten */
    assert_rel(out[VALUE_RISK_PERF_EXPECTED], 16.34, REL);

    assert_ok(value_risk_performance(A_Y, A_P, 30, 4, out, VALUE_RISK_PERF_N_STATS));
    assert_rel(out[VALUE_RISK_PERF_HL_CHISQ], 2.5713242346743708, REL);
    assert_rel(out[VALUE_RISK_PERF_HL_DF], 2, 0);
    assert_rel(out[VALUE_RISK_PERF_HL_P], 0.27646746911254699, REL);
    /* the grouping does not touch the other statistics */
    assert_rel(out[VALUE_RISK_PERF_CSTAT], 0.75598086124401909, REL);
}
END_TEST

START_TEST(calibration_table_vs_r)
{
    /* hl(y, p, 10) in the R code above */
    const double n10[] = {3, 3, 4, 2, 3, 3, 7, 2, 3};
    const double o10[] = {1, 0, 4, 0, 2, 2, 5, 2, 3};
    const double e10[] = {0.27, 0.62, 1.7, 0.99, 1.75, 1.95, 4.94, 1.52, 2.6};
    const double lo10[] = {0.06, 0.19, 0.31, 0.49, 0.52, 0.63, 0.69, 0.72, 0.82};
    const double hi10[] = {0.12, 0.22, 0.48, 0.5, 0.62, 0.68, 0.71, 0.80, 0.90};
    double tn[10], to[10], te[10], tl[10], th[10];
    size_t formed = 99;
    assert_ok(value_risk_calibration_table(A_Y, A_P, 30, 10, tn, to, te, tl, th, 10, &formed));
    ck_assert_uint_eq(formed, 9);
    double chisq = 0;
    for (size_t g = 0; g < 9; g++) {
        assert_rel(tn[g], n10[g], 0);
        assert_rel(to[g], o10[g], 0);
        assert_rel(te[g], e10[g], REL);
        assert_rel(tl[g], lo10[g], 0);
        assert_rel(th[g], hi10[g], 0);
        /* value.h's form of the statistic, from the table */
        chisq += (to[g] - te[g]) * (to[g] - te[g]) / (te[g] * (1 - te[g] / tn[g]));
    }
    assert_rel(chisq, 11.507549535472474, REL);
    /* the row past the groups formed is 0 */
    ck_assert(tn[9] == 0 && to[9] == 0 && te[9] == 0 && tl[9] == 0 && th[9] == 0);

    /* hl(y, p, 4) */
    const double n4[] = {8, 7, 10, 5}, o4[] = {3, 4, 7, 5}, e4[] = {1.63, 3.7, 6.89, 4.12};
    const double lo4[] = {0.06, 0.48, 0.63, 0.72}, hi4[] = {0.43, 0.62, 0.71, 0.90};
    assert_ok(value_risk_calibration_table(A_Y, A_P, 30, 4, tn, to, te, tl, th, 4, &formed));
    ck_assert_uint_eq(formed, 4);
    for (size_t g = 0; g < 4; g++) {
        assert_rel(tn[g], n4[g], 0);
        assert_rel(to[g], o4[g], 0);
        assert_rel(te[g], e4[g], REL);
        assert_rel(tl[g], lo4[g], 0);
        assert_rel(th[g], hi4[g], 0);
    }
}
END_TEST

/* Four patients, by hand.  y = (1, 1, 0, 0), p = (0.5, 0.8, 0.2, 0.5).
 * - c: case/control pairs (0.5,0.2) 1, (0.5,0.5) 1/2, (0.8,0.2) 1,
 *   (0.8,0.5) 1: 3.5/4 = 0.875.
 * - Brier: (0.25 + 0.04 + 0.04 + 0.25)/4 = 0.145.
 * - CITL: at alpha = 0 the fitted risks are p, sum p = 2 = sum y: alpha = 0.
 * - slope: cases' logit p (0, log 4) >= controls' (-log 4, 0): quasi-
 *   complete separation, the slope's MLE is +Inf.
 * - Nagelkerke: ll1 = 2 log 0.5 + 2 log 0.8, ll0 = 4 log 0.5;
 *   2 (ll0 - ll1)/4 = log(0.5/0.8) so R2_CS = 1 - 0.625 = 0.375;
 *   1 - exp(2 ll0/4) = 1 - 0.25 = 0.75; R2 = 0.5.
 * - HL, g = 3: sorted p 0.2 0.5 0.5 0.8; type-7 quantiles at 0, 1/3, 2/3,
 *   1 are x(1), x(2), x(3), x(4) = 0.2, 0.5, 0.5, 0.8 -> breaks 0.2 0.5 0.8;
 *   [0.2, 0.5]: n 3, O 1, E 1.2 -> 0.04/1.2 + 0.04/1.8 = 1/18;
 *   (0.5, 0.8]: n 1, O 1, E 0.8 -> 0.04/0.8 + 0.04/0.2 = 1/4; chisq 11/36,
 *   df 1, p = P(chi2_1 > x) = erfc(sqrt(x/2)).
 * - observed 2, expected 2. */
START_TEST(performance_by_hand)
{
    const double y[] = {1, 1, 0, 0}, p[] = {0.5, 0.8, 0.2, 0.5};
    double out[VALUE_RISK_PERF_N_STATS];
    assert_ok(value_risk_performance(y, p, 4, 3, out, VALUE_RISK_PERF_N_STATS));
    assert_rel(out[VALUE_RISK_PERF_CSTAT], 0.875, REL);
    assert_rel(out[VALUE_RISK_PERF_BRIER], 0.145, REL);
    assert_abs(out[VALUE_RISK_PERF_CITL], 0, 1e-15);
    ck_assert(isinf(out[VALUE_RISK_PERF_SLOPE]) && out[VALUE_RISK_PERF_SLOPE] > 0);
    assert_rel(out[VALUE_RISK_PERF_NAGELKERKE], 0.5, REL);
    assert_rel(out[VALUE_RISK_PERF_HL_CHISQ], 11.0 / 36.0, REL);
    assert_rel(out[VALUE_RISK_PERF_HL_DF], 1, 0);
    assert_rel(out[VALUE_RISK_PERF_HL_P], erfc(sqrt(11.0 / 72.0)), 1e-12);
    assert_rel(out[VALUE_RISK_PERF_HL_P], 0.58042036679592046, 1e-12); /* R: pchisq(11/36, 1, lower.tail = FALSE) */
    assert_rel(out[VALUE_RISK_PERF_OBSERVED], 2, 0);
    assert_rel(out[VALUE_RISK_PERF_EXPECTED], 2, REL);
}
END_TEST

/* Separation and a constant predictor.
 * - y = (0, 0, 1, 1), p = (0.1, 0.2, 0.3, 0.4): every case above every
 *   control, c = 1, slope +Inf; y reversed: c = 0, slope -Inf.
 * - p = 0.2 for all, y = (1, 1, 0, 0): c = 1/2 (all ties); slope not
 *   identifiable (NaN; R gives NA); CITL solves expit(alpha + logit 0.2) =
 *   1/2: alpha = -logit(0.2) = log 4; Brier (2 0.64 + 2 0.04)/4 = 0.34;
 *   Nagelkerke: 2 (ll0 - ll1)/4 = 2 log 0.5 - log 0.2 - log 0.8 =
 *   log(1.5625), R2_CS = -0.5625, / 0.75 = -0.75 (worse than the overall
 *   rate); HL: one group, O 2, E 0.8, n 4: 1.2^2/0.8 + 1.2^2/3.2 = 2.25,
 *   df 3 - 2 = 1. */
START_TEST(separation_and_constant)
{
    const double p[] = {0.1, 0.2, 0.3, 0.4}, up[] = {0, 0, 1, 1}, down[] = {1, 1, 0, 0};
    double out[VALUE_RISK_PERF_N_STATS];
    assert_ok(value_risk_performance(up, p, 4, 3, out, VALUE_RISK_PERF_N_STATS));
    assert_rel(out[VALUE_RISK_PERF_CSTAT], 1, 0);
    ck_assert(isinf(out[VALUE_RISK_PERF_SLOPE]) && out[VALUE_RISK_PERF_SLOPE] > 0);
    ck_assert(isfinite(out[VALUE_RISK_PERF_CITL]));
    assert_ok(value_risk_performance(down, p, 4, 3, out, VALUE_RISK_PERF_N_STATS));
    assert_rel(out[VALUE_RISK_PERF_CSTAT], 0, 0);
    ck_assert(isinf(out[VALUE_RISK_PERF_SLOPE]) && out[VALUE_RISK_PERF_SLOPE] < 0);

    const double pc[] = {0.2, 0.2, 0.2, 0.2};
    assert_ok(value_risk_performance(down, pc, 4, 3, out, VALUE_RISK_PERF_N_STATS));
    assert_rel(out[VALUE_RISK_PERF_CSTAT], 0.5, 0);
    ck_assert(isnan(out[VALUE_RISK_PERF_SLOPE]));
    assert_rel(out[VALUE_RISK_PERF_CITL], log(4.0), REL);
    assert_rel(out[VALUE_RISK_PERF_BRIER], 0.34, REL);
    assert_rel(out[VALUE_RISK_PERF_NAGELKERKE], -0.75, 1e-12);
    assert_rel(out[VALUE_RISK_PERF_HL_CHISQ], 2.25, REL);
    assert_rel(out[VALUE_RISK_PERF_HL_DF], 1, 0);
    assert_rel(out[VALUE_RISK_PERF_HL_P], erfc(sqrt(1.125)), 1e-12);
    size_t formed;
    double tn[3], to[3], te[3], tl[3], th[3];
    assert_ok(value_risk_calibration_table(down, pc, 4, 3, tn, to, te, tl, th, 3, &formed));
    ck_assert_uint_eq(formed, 1);
    assert_rel(tn[0], 4, 0);
    assert_rel(te[0], 0.8, REL);
}
END_TEST

/* Risks at the ends of the doubles: the calibration slope's information
 * matrix at the start (0, 1) is nearly singular (only p = 0.5 carries
 * weight), so plain Newton steps run off by 1e15.  R:
 *   p <- c(4.9e-324, 0.5, 1e-200, 1 - 2^-53); y <- c(1, 0, 0, 1)
 *   sprintf("%.17g", coef(glm(y ~ qlogis(p), family = binomial,
 *           control = glm.control(epsilon = 1e-15, maxit = 200)))[2])
 * gives -0.0011786302475458887 (with a warning: fitted probabilities 0 or 1). */
START_TEST(extreme_risks)
{
    const double y[] = {1, 0, 0, 1}, p[] = {0x1p-1074, 0.5, 1e-200, 1 - 0x1p-53};
    double out[VALUE_RISK_PERF_N_STATS];
    assert_ok(value_risk_performance(y, p, 4, 3, out, VALUE_RISK_PERF_N_STATS));
    assert_rel(out[VALUE_RISK_PERF_SLOPE], -0.0011786302475458887, 1e-10);
    for (size_t k = 0; k < VALUE_RISK_PERF_N_STATS; k++)
        ck_assert(isfinite(out[k]));
    /* every risk 1e-300 with half the patients events: alpha = logit(1/2) - logit(1e-300) */
    const double tiny[] = {1e-300, 1e-300, 1e-300, 1e-300};
    assert_ok(value_risk_performance(y, tiny, 4, 3, out, VALUE_RISK_PERF_N_STATS));
    assert_rel(out[VALUE_RISK_PERF_CITL], -log(1e-300), REL);
}
END_TEST

/* Where hoslem.test has no usable answer (see lib/risk/risk_perf.c).
 * - p = 0.1 x 5, 0.9 x 5, g = 20: the type-7 breaks are 0.1, 0.14 (k = 9),
 *   0.5, 0.86, 0.9, so (0.14, 0.5] and (0.5, 0.86] hold no patient
 *   (hoslem.test: NaN).  Here they are not groups: 2 groups form,
 *   [0.1, 0.14] with y (1,0,0,0,0): O 1, E 0.5 and (0.86, 0.9] with
 *   y (1,1,1,1,0): O 4, E 4.5; chisq = 0.25/0.5 + 0.25/4.5 + 0.25/4.5 +
 *   0.25/0.5 = 10/9, df 20 - 2 = 18;
 *   R: pchisq(10/9, 18, lower.tail = FALSE) = 0.99999999156278019.
 * - g = 49: R's seq(0, 1, 1/49) ends at 0.99999999999999989, so its top
 *   break falls below max(p) and cut() gives NA for the highest risk
 *   (R: x <- c(.1, .2, .3, .9); table(cut(x, unique(quantile(x,
 *   seq(0, 1, 1/49))), include.lowest = TRUE), useNA = "ifany") has one
 *   NA).  Here every patient is in a group. */
START_TEST(degenerate_grouping)
{
    const double p[] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.9, 0.9};
    const double y[] = {1, 0, 0, 0, 0, 1, 1, 1, 1, 0};
    double out[VALUE_RISK_PERF_N_STATS];
    assert_ok(value_risk_performance(y, p, 10, 20, out, VALUE_RISK_PERF_N_STATS));
    assert_rel(out[VALUE_RISK_PERF_HL_CHISQ], 10.0 / 9.0, REL);
    assert_rel(out[VALUE_RISK_PERF_HL_DF], 18, 0);
    assert_rel(out[VALUE_RISK_PERF_HL_P], 0.99999999156278019, 1e-12);
    double tn[20], to[20], te[20], tl[20], th[20];
    size_t formed;
    assert_ok(value_risk_calibration_table(y, p, 10, 20, tn, to, te, tl, th, 20, &formed));
    ck_assert_uint_eq(formed, 2);
    assert_rel(tn[0], 5, 0);
    assert_rel(to[0], 1, 0);
    assert_rel(te[0], 0.5, REL);
    assert_rel(tn[1], 5, 0);
    assert_rel(to[1], 4, 0);
    assert_rel(te[1], 4.5, REL);

    const double x[] = {0.1, 0.2, 0.3, 0.9}, yx[] = {0, 1, 0, 1};
    double bn[49], bo[49], be[49], bl[49], bh[49];
    assert_ok(value_risk_calibration_table(yx, x, 4, 49, bn, bo, be, bl, bh, 49, &formed));
    double total = 0;
    for (size_t g = 0; g < formed; g++)
        total += bn[g];
    assert_rel(total, 4, 0);
    assert_rel(bh[formed - 1], 0.9, 0);
    assert_rel(bo[formed - 1], 1, 0);
}
END_TEST

/* The results do not depend on the order of the records: a permutation of
 * data set A gives bit-identical statistics. */
START_TEST(order_does_not_matter)
{
    double y2[30], p2[30];
    for (size_t i = 0; i < 30; i++) {
        size_t j = (i * 7 + 3) % 30; /* 7 is coprime to 30 */
        y2[i] = A_Y[j];
        p2[i] = A_P[j];
    }
    double a[VALUE_RISK_PERF_N_STATS], b[VALUE_RISK_PERF_N_STATS];
    assert_ok(value_risk_performance(A_Y, A_P, 30, 10, a, VALUE_RISK_PERF_N_STATS));
    assert_ok(value_risk_performance(y2, p2, 30, 10, b, VALUE_RISK_PERF_N_STATS));
    ck_assert(memcmp(a, b, sizeof a) == 0);
}
END_TEST

/* The sort-based c-statistic against the definition, counted pair by pair
 * (an independent O(n^2) algorithm), on 3000 patients with many ties
 * (risks on a 0.001 grid) and enough to use the radix sort. */
START_TEST(cstat_against_pair_count)
{
    enum { N = 3000 };
    static double y[N], p[N];
    uint64_t s = 12345;
    for (size_t i = 0; i < N; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        p[i] = (double)(1 + (s >> 33) % 999) / 1000.0;
        s = s * 6364136223846793005u + 1442695040888963407u;
        y[i] = (double)((s >> 11) * 0x1p-53 < p[i]);
    }
    double num = 0, pairs = 0;
    for (size_t i = 0; i < N; i++) {
        if (y[i] != 1)
            continue;
        for (size_t j = 0; j < N; j++) {
            if (y[j] != 0)
                continue;
            pairs += 1;
            num += p[i] > p[j] ? 1.0 : p[i] == p[j] ? 0.5 : 0.0;
        }
    }
    assert_rel(perf(y, p, N, 10, VALUE_RISK_PERF_CSTAT), num / pairs, 1e-15);
    /* the expected count, summed naively in long double */
    long double e = 0;
    for (size_t i = 0; i < N; i++)
        e += p[i];
    assert_rel(perf(y, p, N, 10, VALUE_RISK_PERF_EXPECTED), (double)e, 1e-14);
}
END_TEST

/* ---- O/E intervals ------------------------------------------------------------ */

/* PHE Indicator Methods test data (tests/data/README.md): Byar's
 * limits for a count, i.e. with expected 1. */
START_TEST(oe_interval_phe)
{
    double lo, hi;
    assert_ok(value_risk_oe_interval(65, 1, 0.95, &lo, &hi));
    assert_rel(lo, 50.163187710459454, REL);
    assert_rel(hi, 82.849138545939837, REL);
    assert_ok(value_risk_oe_interval(65, 1, 0.998, &lo, &hi));
    assert_rel(lo, 42.880261471480203, REL);
    assert_rel(hi, 94.000290844318016, REL);
    assert_ok(value_risk_oe_interval(1045, 1, 0.95, &lo, &hi));
    assert_rel(lo, 982.59320180733255, REL);
    assert_rel(hi, 1110.3312129856499, REL);
    /* an SMR: the same limits over E */
    assert_ok(value_risk_oe_interval(65, 50, 0.95, &lo, &hi));
    assert_rel(lo, 50.163187710459454 / 50, REL);
    assert_rel(hi, 82.849138545939837 / 50, REL);
    /* O = 10 is the first count on Byar's formula; R:
     *   z <- qnorm(0.975); c(10 * (1 - 1/90 - z/(3*sqrt(10)))^3, 11 * (1 - 1/99 + z/(3*sqrt(11)))^3) */
    assert_ok(value_risk_oe_interval(10, 1, 0.95, &lo, &hi));
    assert_rel(lo, 4.7874499139675644, REL);
    assert_rel(hi, 18.391458605756473, REL);
}
END_TEST

/* Exact Poisson limits for O < 10.  R:
 *   for (lev in c(0.95, 0.99)) for (O in 0:9)
 *     cat(sprintf("%.17g", c(if (O == 0) 0 else qchisq((1-lev)/2, 2*O)/2, qchisq(1-(1-lev)/2, 2*(O+1))/2)))
 * Textbook values (e.g. Ulm 1990's table): O = 0: (0, 3.689); O = 5: (1.623, 11.668). */
START_TEST(oe_interval_exact)
{
    static const double r95[10][2] = {
        {0, 3.6888794541139354},
        {0.025317807984289897, 5.5716433909388989},
        {0.24220927854396501, 7.2246876677239582},
        {0.61867212289560158, 8.7672730697423233},
        {1.0898653736263253, 10.241588675403698},
        {1.6234863901184209, 11.668332079322667},
        {2.2018942534908512, 13.059474022518685},
        {2.8143630515198672, 14.422675361702378},
        {3.4538321767485018, 15.763189220193315},
        {4.1153730973783329, 17.08480345141917},
    };
    static const double r99[10][2] = {
        {0, 5.2983173665480354},
        {0.0050125418235442863, 7.4301295002801222},
        {0.1034945467480911, 9.2737920892555437},
        {0.33786338872773342, 10.977477495329765},
        {0.67220654350740539, 12.594089785985584},
        {1.0779282406523196, 14.149759411023012},
        {1.5369118190446667, 15.659674811297645},
        {2.0373374786996714, 17.133593268913348},
        {2.5711027215218469, 18.578225728303373},
        {3.132402342253231, 19.998423156469322},
    };
    double lo, hi;
    for (int o = 0; o < 10; o++) {
        assert_ok(value_risk_oe_interval(o, 1, 0.95, &lo, &hi));
        assert_rel(lo, r95[o][0], 1e-12);
        assert_rel(hi, r95[o][1], 1e-12);
        assert_ok(value_risk_oe_interval(o, 1, 0.99, &lo, &hi));
        assert_rel(lo, r99[o][0], 1e-12);
        assert_rel(hi, r99[o][1], 1e-12);
    }
    assert_ok(value_risk_oe_interval(0, 1, 0.95, &lo, &hi));
    assert_abs(lo, 0, 0);
    assert_abs(hi, 3.689, 5e-4);
    assert_ok(value_risk_oe_interval(5, 2, 0.95, &lo, &hi));
    assert_abs(lo, 1.623 / 2, 5e-4);
    assert_abs(hi, 11.668 / 2, 5e-4);
}
END_TEST

/* ---- observed vs expected ------------------------------------------------------- */

/* The seeds' case.  Hospital X: 200 patients, 24 deaths (12%), each with
 * predicted risk 0.15 (E = 30, 15%); hospital Y: 50 patients, 3 deaths
 * (6%), each at 0.05 (E = 2.5, 5%).  Reference rate = the overall observed
 * rate 27/250 = 0.108.
 *   X: O/E = 24/30 = 0.8, risk-standardized rate 0.8 x 0.108 = 0.0864
 *   Y: O/E = 3/2.5 = 1.2, rate 1.2 x 0.108 = 0.1296
 * Raw rates rank Y (6%) better than X (12%); adjusted for case mix X
 * (8.64%) is better than Y (12.96%): the ranking reverses.
 * Limits: X, O = 24 >= 10, Byar; Y, O = 3 < 10, exact.  R:
 *   z <- qnorm(0.975)
 *   c(24 * (1 - 1/(9*24) - z/(3*sqrt(24)))^3, 25 * (1 - 1/(9*25) + z/(3*sqrt(25)))^3) / 30
 *   c(qchisq(0.025, 6)/2, qchisq(0.975, 8)/2) / 2.5 */
START_TEST(hospitals_x_and_y)
{
    enum { N = 250 };
    static double y[N], p[N];
    static int32_t group[N];
    for (size_t i = 0; i < N; i++) {
        bool x = i < 200;
        group[i] = x ? 0 : 1;
        p[i] = x ? 0.15 : 0.05;
        y[i] = x ? (i < 24) : (i - 200 < 3);
    }
    double n[2], o[2], e[2], oe[2], lo[2], hi[2], rate[2];
    assert_ok(value_risk_observed_expected(y, p, group, N, 0.95, 27.0 / 250.0, n, o, e, oe, lo, hi, rate, 2));
    assert_rel(n[0], 200, 0);
    assert_rel(n[1], 50, 0);
    assert_rel(o[0], 24, 0);
    assert_rel(o[1], 3, 0);
    assert_rel(e[0], 30, REL);
    assert_rel(e[1], 2.5, REL);
    assert_rel(oe[0], 0.8, REL);
    assert_rel(oe[1], 1.2, REL);
    assert_rel(rate[0], 0.0864, REL);
    assert_rel(rate[1], 0.1296, REL);
    ck_assert(rate[0] < rate[1]); /* raw: 0.12 > 0.06 */
    assert_rel(lo[0], 0.51242402999631953, REL);
    assert_rel(hi[0], 1.1903872143994758, REL);
    assert_rel(lo[1], 0.24746884915824063, 1e-12);
    assert_rel(hi[1], 3.5069092278969292, 1e-12);

    /* reference rate 0: the overall observed rate of the records, 27/250 */
    double rate0[2];
    assert_ok(value_risk_observed_expected(y, p, group, N, 0.95, 0, n, o, e, oe, lo, hi, rate0, 2));
    assert_rel(rate0[0], 0.0864, REL);
    assert_rel(rate0[1], 0.1296, REL);
}
END_TEST

/* Counts (a Poisson model's outcomes), an empty group, 90% limits.  R:
 *   yc <- c(2, 0, 5, 1, 3, 0, 7, 4, 12, 0, 1)
 *   pc <- c(1.5, 0.2, 3.1, 0.8, 2.2, 0.4, 5.5, 2.9, 6.25, 0.75, 1.1)
 *   gc <- c(0, 0, 1, 0, 1, 3, 1, 3, 3, 0, 3)
 *   lim <- function(O, lev) if (O < 10) c(if (O == 0) 0 else qchisq((1-lev)/2, 2*O)/2,
 *     qchisq(1-(1-lev)/2, 2*(O+1))/2) else { z <- qnorm(1-(1-lev)/2)
 *     c(O*(1-1/(9*O)-z/(3*sqrt(O)))^3, (O+1)*(1-1/(9*(O+1))+z/(3*sqrt(O+1)))^3) }
 *   for (g in 0:3) { s <- gc == g; O <- sum(yc[s]); E <- sum(pc[s])
 *     print(sprintf("%.17g", c(sum(s), O, E, O/E, lim(O, 0.90)/E, O/E*0.07))) } */
START_TEST(observed_expected_counts)
{
    const double y[] = {2, 0, 5, 1, 3, 0, 7, 4, 12, 0, 1};
    const double p[] = {1.5, 0.2, 3.1, 0.8, 2.2, 0.4, 5.5, 2.9, 6.25, 0.75, 1.1};
    const int32_t g[] = {0, 0, 1, 0, 1, 3, 1, 3, 3, 0, 3};
    double n[4], o[4], e[4], oe[4], lo[4], hi[4], rate[4];
    assert_ok(value_risk_observed_expected(y, p, g, 11, 0.90, 0.07, n, o, e, oe, lo, hi, rate, 4));
    const double wn[] = {4, 3, 0, 4}, wo[] = {3, 15, 0, 17}, we[] = {3.25, 10.800000000000001, 0, 10.65};
    const double woe[] = {0.92307692307692313, 1.3888888888888888, NAN, 1.596244131455399};
    const double wlo[] = {0.25159736835813945, 0.85604420596257802, NAN, 1.0170212103481393};
    const double whi[] = {2.3857404701331464, 2.1383442520651341, NAN, 2.3940360845460704};
    const double wrate[] = {0.06461538461538463, 0.097222222222222224, NAN, 0.11173708920187794};
    for (size_t k = 0; k < 4; k++) {
        assert_rel(n[k], wn[k], 0);
        assert_rel(o[k], wo[k], 0);
        assert_rel(e[k], we[k], REL);
        if (k == 2) { /* empty */
            ck_assert(isnan(oe[k]) && isnan(lo[k]) && isnan(hi[k]) && isnan(rate[k]));
            continue;
        }
        assert_rel(oe[k], woe[k], REL);
        assert_rel(lo[k], wlo[k], 1e-12);
        assert_rel(hi[k], whi[k], 1e-12);
        assert_rel(rate[k], wrate[k], REL);
    }
}
END_TEST

/* ---- bad input ------------------------------------------------------------------ */

#define SENTINEL 12345.0

START_TEST(bad_performance_input)
{
    const double y[] = {1, 0, 1, 0}, p[] = {0.5, 0.4, 0.3, 0.2};
    double out[VALUE_RISK_PERF_N_STATS];
    for (size_t i = 0; i < VALUE_RISK_PERF_N_STATS; i++)
        out[i] = SENTINEL;
    const size_t N = VALUE_RISK_PERF_N_STATS;
    assert_fails(value_risk_performance(NULL, p, 4, 3, out, N), VALUE_EINVAL, "y is NULL");
    assert_fails(value_risk_performance(y, NULL, 4, 3, out, N), VALUE_EINVAL, "p is NULL");
    assert_fails(value_risk_performance(y, p, 4, 3, NULL, N), VALUE_EINVAL, "out is NULL");
    assert_fails(value_risk_performance(y, p, 4, 3, out, 9), VALUE_EINVAL, "out_len must be 10");
    assert_fails(value_risk_performance(y, p, 1, 3, out, N), VALUE_EINVAL, "n must be at least 2, got 1");
    assert_fails(value_risk_performance(y, p, 4, 2, out, N), VALUE_EINVAL, "n_groups must be at least 3, got 2");
    assert_fails(value_risk_performance(y, p, 4, SIZE_MAX, out, N), VALUE_EINVAL, "n_groups is too large");

    const double ybad[] = {1, 0, 2, 0}, ynan[] = {1, NAN, 1, 0}, yhalf[] = {1, 0, 0.5, 0};
    assert_fails(value_risk_performance(ybad, p, 4, 3, out, N), VALUE_EINVAL, "y[2] is 2, not 0 or 1");
    assert_fails(value_risk_performance(ynan, p, 4, 3, out, N), VALUE_EINVAL, "y[1] is NaN");
    assert_fails(value_risk_performance(yhalf, p, 4, 3, out, N), VALUE_EINVAL, "y[2] is 0.5, not 0 or 1");

    const double p1[] = {0.5, 0.4, 1.5, 0.2}, p0[] = {0, 0.4, 0.3, 0.2}, pone[] = {0.5, 1, 0.3, 0.2};
    const double pnan[] = {0.5, 0.4, 0.3, NAN}, pinf[] = {INFINITY, 0.4, 0.3, 0.2};
    assert_fails(value_risk_performance(y, p1, 4, 3, out, N), VALUE_EINVAL, "p[2] is 1.5, not in (0, 1)");
    assert_fails(value_risk_performance(y, p0, 4, 3, out, N), VALUE_EINVAL, "p[0] is 0, not in (0, 1)");
    assert_fails(value_risk_performance(y, pone, 4, 3, out, N), VALUE_EINVAL, "p[1] is 1, not in (0, 1)");
    assert_fails(value_risk_performance(y, pnan, 4, 3, out, N), VALUE_EINVAL, "p[3] is NaN");
    assert_fails(value_risk_performance(y, pinf, 4, 3, out, N), VALUE_EINVAL, "p[0] is Inf, not in (0, 1)");

    const double all0[] = {0, 0, 0, 0}, all1[] = {1, 1, 1, 1};
    assert_fails(value_risk_performance(all0, p, 4, 3, out, N), VALUE_EINVAL, "y has no events");
    assert_fails(value_risk_performance(all1, p, 4, 3, out, N), VALUE_EINVAL, "y has no non-events");

    for (size_t i = 0; i < VALUE_RISK_PERF_N_STATS; i++)
        ck_assert(out[i] == SENTINEL);
}
END_TEST

START_TEST(bad_calibration_table_input)
{
    const double y[] = {1, 0, 1, 0}, p[] = {0.5, 0.4, 0.3, 0.2};
    double a[3] = {SENTINEL, SENTINEL, SENTINEL}, b[3], c[3], d[3], e[3];
    size_t formed = 77;
    for (int i = 0; i < 3; i++)
        b[i] = c[i] = d[i] = e[i] = SENTINEL;
    assert_fails(value_risk_calibration_table(NULL, p, 4, 3, a, b, c, d, e, 3, &formed), VALUE_EINVAL, "y is NULL");
    assert_fails(value_risk_calibration_table(y, NULL, 4, 3, a, b, c, d, e, 3, &formed), VALUE_EINVAL, "p is NULL");
    assert_fails(value_risk_calibration_table(y, p, 4, 3, NULL, b, c, d, e, 3, &formed), VALUE_EINVAL,
                 "out_n is NULL");
    assert_fails(value_risk_calibration_table(y, p, 4, 3, a, NULL, c, d, e, 3, &formed), VALUE_EINVAL,
                 "out_observed is NULL");
    assert_fails(value_risk_calibration_table(y, p, 4, 3, a, b, NULL, d, e, 3, &formed), VALUE_EINVAL,
                 "out_expected is NULL");
    assert_fails(value_risk_calibration_table(y, p, 4, 3, a, b, c, NULL, e, 3, &formed), VALUE_EINVAL,
                 "out_p_low is NULL");
    assert_fails(value_risk_calibration_table(y, p, 4, 3, a, b, c, d, NULL, 3, &formed), VALUE_EINVAL,
                 "out_p_high is NULL");
    assert_fails(value_risk_calibration_table(y, p, 4, 3, a, b, c, d, e, 3, NULL), VALUE_EINVAL,
                 "out_groups is NULL");
    assert_fails(value_risk_calibration_table(y, p, 0, 3, a, b, c, d, e, 3, &formed), VALUE_EINVAL,
                 "n must be at least 1");
    assert_fails(value_risk_calibration_table(y, p, 4, 2, a, b, c, d, e, 2, &formed), VALUE_EINVAL,
                 "n_groups must be at least 3, got 2");
    assert_fails(value_risk_calibration_table(y, p, 4, 3, a, b, c, d, e, 4, &formed), VALUE_EINVAL,
                 "out_len must be 3 (n_groups), got 4");
    const double ybad[] = {1, 0, -1, 0}, pbad[] = {0.5, -0.4, 0.3, 0.2};
    assert_fails(value_risk_calibration_table(ybad, p, 4, 3, a, b, c, d, e, 3, &formed), VALUE_EINVAL,
                 "y[2] is -1, not 0 or 1");
    assert_fails(value_risk_calibration_table(y, pbad, 4, 3, a, b, c, d, e, 3, &formed), VALUE_EINVAL,
                 "p[1] is -0.4, not in (0, 1)");
    ck_assert_uint_eq(formed, 77);
    for (int i = 0; i < 3; i++)
        ck_assert(a[i] == SENTINEL && b[i] == SENTINEL && c[i] == SENTINEL && d[i] == SENTINEL && e[i] == SENTINEL);
    /* a table needs no events */
    const double none[] = {0, 0, 0, 0};
    assert_ok(value_risk_calibration_table(none, p, 4, 3, a, b, c, d, e, 3, &formed));
}
END_TEST

/* At most 200002 Hosmer-Lemeshow groups: the chi-square's gamma shape
 * then stays within 1e5, where GSL's incomplete gamma converges (see
 * lib/core/gsl_guard.c). */
START_TEST(hl_groups_bounded)
{
    const double y[] = {0, 1, 0, 1, 1, 0}, p[] = {0.2, 0.3, 0.4, 0.5, 0.6, 0.7};
    double out[VALUE_RISK_PERF_N_STATS];
    assert_ok(value_risk_performance(y, p, 6, 200002, out, VALUE_RISK_PERF_N_STATS));
    ck_assert(out[VALUE_RISK_PERF_HL_DF] == 200000);
    assert_fails(value_risk_performance(y, p, 6, 200003, out, VALUE_RISK_PERF_N_STATS), VALUE_EINVAL,
                 "n_groups is 200003, at most 200002");
}
END_TEST

START_TEST(bad_oe_interval_input)
{
    double lo = SENTINEL, hi = SENTINEL;
    assert_fails(value_risk_oe_interval(5, 1, 0.95, NULL, &hi), VALUE_EINVAL, "out_lower is NULL");
    assert_fails(value_risk_oe_interval(5, 1, 0.95, &lo, NULL), VALUE_EINVAL, "out_upper is NULL");
    assert_fails(value_risk_oe_interval(-1, 1, 0.95, &lo, &hi), VALUE_EINVAL,
                 "observed must be a whole number >= 0, got -1");
    assert_fails(value_risk_oe_interval(2.5, 1, 0.95, &lo, &hi), VALUE_EINVAL, "got 2.5");
    assert_fails(value_risk_oe_interval(NAN, 1, 0.95, &lo, &hi), VALUE_EINVAL, "got NaN");
    assert_fails(value_risk_oe_interval(INFINITY, 1, 0.95, &lo, &hi), VALUE_EINVAL, "got Inf");
    assert_fails(value_risk_oe_interval(5, 0, 0.95, &lo, &hi), VALUE_EINVAL, "expected must be finite and > 0, got 0");
    assert_fails(value_risk_oe_interval(5, -2, 0.95, &lo, &hi), VALUE_EINVAL, "got -2");
    assert_fails(value_risk_oe_interval(5, INFINITY, 0.95, &lo, &hi), VALUE_EINVAL, "got Inf");
    assert_fails(value_risk_oe_interval(5, 1, 1, &lo, &hi), VALUE_EINVAL, "level must be in (0, 1), got 1");
    assert_fails(value_risk_oe_interval(5, 1, 0, &lo, &hi), VALUE_EINVAL, "level must be in (0, 1), got 0");
    assert_fails(value_risk_oe_interval(5, 1, 95, &lo, &hi), VALUE_EINVAL, "got 95");
    assert_fails(value_risk_oe_interval(5, 1, NAN, &lo, &hi), VALUE_EINVAL, "got NaN");
    assert_fails(value_risk_oe_interval(5, 1e-320, 0.95, &lo, &hi), VALUE_ERANGE, "overflows");
    ck_assert(lo == SENTINEL && hi == SENTINEL);
    /* the extremes of the level still give finite, ordered limits */
    assert_ok(value_risk_oe_interval(3, 1, 1 - 1e-15, &lo, &hi));
    ck_assert(lo > 0 && lo < 3 && hi > 3 && isfinite(hi));
    assert_ok(value_risk_oe_interval(30, 1, 1e-9, &lo, &hi));
    ck_assert(lo < 30 && hi > 30 && hi - lo < 1.1);
}
END_TEST

START_TEST(bad_observed_expected_input)
{
    const double y[] = {1, 0, 2}, p[] = {0.5, 0.4, 1.3};
    const int32_t g[] = {0, 1, 1};
    double a[2], b[2], c[2], d[2], e[2], f[2], h[2];
    for (int i = 0; i < 2; i++)
        a[i] = b[i] = c[i] = d[i] = e[i] = f[i] = h[i] = SENTINEL;
#define OE(yy, pp, gg, nn, lev, rr, len) \
    value_risk_observed_expected(yy, pp, gg, nn, lev, rr, a, b, c, d, e, f, h, len)
    assert_fails(OE(NULL, p, g, 3, 0.95, 0.1, 2), VALUE_EINVAL, "y is NULL");
    assert_fails(OE(y, NULL, g, 3, 0.95, 0.1, 2), VALUE_EINVAL, "p is NULL");
    assert_fails(OE(y, p, NULL, 3, 0.95, 0.1, 2), VALUE_EINVAL, "group is NULL");
    assert_fails(value_risk_observed_expected(y, p, g, 3, 0.95, 0.1, NULL, b, c, d, e, f, h, 2), VALUE_EINVAL,
                 "out_n is NULL");
    assert_fails(value_risk_observed_expected(y, p, g, 3, 0.95, 0.1, a, b, c, d, e, f, NULL, 2), VALUE_EINVAL,
                 "out_rate is NULL");
    assert_fails(value_risk_observed_expected(y, p, g, 3, 0.95, 0.1, a, b, c, NULL, e, f, h, 2), VALUE_EINVAL,
                 "out_oe is NULL");
    assert_fails(OE(y, p, g, 0, 0.95, 0.1, 2), VALUE_EINVAL, "n must be at least 1");
    assert_fails(OE(y, p, g, 3, 0.95, 0.1, 0), VALUE_EINVAL, "out_len (the number of groups) must be at least 1");
    assert_fails(OE(y, p, g, 3, 1.5, 0.1, 2), VALUE_EINVAL, "level must be in (0, 1), got 1.5");
    assert_fails(OE(y, p, g, 3, 0.95, -1e-300, 2), VALUE_EINVAL,
                 "reference_rate must be finite and > 0 (or 0 for the overall rate), got -1e-300");
    assert_fails(OE(y, p, g, 3, 0.95, -0.1, 2), VALUE_EINVAL, "got -0.1");
    assert_fails(OE(y, p, g, 3, 0.95, NAN, 2), VALUE_EINVAL, "got NaN");
    assert_fails(OE(y, p, g, 3, 0.95, INFINITY, 2), VALUE_EINVAL, "got Inf");

    const double yneg[] = {1, -1, 2}, yfrac[] = {1, 0, 2.5}, ynan[] = {NAN, 0, 2};
    assert_fails(OE(yneg, p, g, 3, 0.95, 0.1, 2), VALUE_EINVAL, "y[1] is -1, not a whole number >= 0");
    assert_fails(OE(yfrac, p, g, 3, 0.95, 0.1, 2), VALUE_EINVAL, "y[2] is 2.5, not a whole number >= 0");
    assert_fails(OE(ynan, p, g, 3, 0.95, 0.1, 2), VALUE_EINVAL, "y[0] is NaN");
    const double pzero[] = {0.5, 0, 1.3}, pinf[] = {0.5, 0.4, INFINITY};
    assert_fails(OE(y, pzero, g, 3, 0.95, 0.1, 2), VALUE_EINVAL, "p[1] is 0, not finite and > 0");
    assert_fails(OE(y, pinf, g, 3, 0.95, 0.1, 2), VALUE_EINVAL, "p[2] is Inf, not finite and > 0");
    const int32_t ghigh[] = {0, 2, 1}, gneg[] = {-1, 0, 1};
    assert_fails(OE(y, p, ghigh, 3, 0.95, 0.1, 2), VALUE_EINVAL, "group[1] is 2, not in [0, 2)");
    assert_fails(OE(y, p, gneg, 3, 0.95, 0.1, 2), VALUE_EINVAL, "group[0] is -1, not in [0, 2)");
    const double ptiny[] = {0.5, 1e-320, 1e-320};
    assert_fails(OE(y, ptiny, g, 3, 0.95, 0.1, 2), VALUE_ERANGE, "group 1");
#undef OE
    for (int i = 0; i < 2; i++)
        ck_assert(a[i] == SENTINEL && b[i] == SENTINEL && c[i] == SENTINEL && d[i] == SENTINEL && e[i] == SENTINEL &&
                  f[i] == SENTINEL && h[i] == SENTINEL);
}
END_TEST

static Suite *risk_perf_suite(void)
{
    Suite *s = suite_create("risk_perf");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, performance_vs_r);
    tcase_add_test(tc, calibration_table_vs_r);
    tcase_add_test(tc, performance_by_hand);
    tcase_add_test(tc, separation_and_constant);
    tcase_add_test(tc, extreme_risks);
    tcase_add_test(tc, degenerate_grouping);
    tcase_add_test(tc, order_does_not_matter);
    tcase_add_test(tc, cstat_against_pair_count);
    tcase_add_test(tc, oe_interval_phe);
    tcase_add_test(tc, oe_interval_exact);
    tcase_add_test(tc, hl_groups_bounded);
    tcase_add_test(tc, hospitals_x_and_y);
    tcase_add_test(tc, observed_expected_counts);
    tcase_add_test(tc, bad_performance_input);
    tcase_add_test(tc, bad_calibration_table_input);
    tcase_add_test(tc, bad_oe_interval_input);
    tcase_add_test(tc, bad_observed_expected_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(risk_perf_suite());
}
