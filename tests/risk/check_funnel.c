/* Funnel plots: exact (Spiegelhalter-interpolated) and Wilson limits,
 * over-dispersion and flags.  Expected numbers come from R 4.2.2 (the code
 * that printed them is quoted beside each), from PHEindicatormethods'
 * funnel formula run in R, and from hand calculations written out in the
 * comments.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdbool.h>
#include <stdint.h>

#define REL 1e-13
#define SENTINEL -12345.0

/* ---- exact limits against R ---------------------------------------------------------
 * Spiegelhalter (2005, appendix A.1.1): r_p = the p-quantile of the count,
 * alpha = (P(Y <= r_p) - p) / P(Y = r_p), limit = (r_p - alpha) / size,
 * p = (1 - level)/2 and 1 - (1 - level)/2; a negative limit is 0.  In R 4.2.2:
 *
 *   f <- function(x) paste(sprintf("%.17g", x), collapse = ", ")
 *   lp <- function(p, mu, size) { r <- qpois(p, mu); max(0, (r - (ppois(r, mu) - p) / dpois(r, mu)) / size) }
 *   lb <- function(p, n, t) { r <- qbinom(p, n, t); max(0, (r - (pbinom(r, n, t) - p) / dbinom(r, n, t)) / n) }
 *   E <- c(0.5, 3, 10.7, 50, 1000, 25000, 1e6)
 *   for (lev in c(0.95, 0.998)) { a <- (1 - lev) / 2
 *     cat(f(sapply(E, function(e) lp(a, e, e))), "\n"); cat(f(sapply(E, function(e) lp(1 - a, e, e))), "\n") }
 *   N <- c(1, 5, 20, 100, 1000, 1e5, 1e7)
 *   for (lev in c(0.95, 0.998)) { a <- (1 - lev) / 2
 *     cat(f(sapply(N, function(n) lb(a, n, 0.03))), "\n"); cat(f(sapply(N, function(n) lb(1 - a, n, 0.03))), "\n") }
 *   P <- c(500, 1e4, 2.5e5, 1e7)
 *   cat(f(sapply(P, function(n) lp(0.025, 0.0012 * n, n))), "\n")
 *   cat(f(sapply(P, function(n) lp(0.975, 0.0012 * n, n))), "\n")
 */
static const double RATIO_E[7] = {0.5, 3, 10.7, 50, 1000, 25000, 1e6};
static const double RATIO_LO95[7] = {0, 0, 0.39698950343535072, 0.72243447001914873, 0.9379991443163801,
                                     0.98760306510876061, 0.99804000974155016};
static const double RATIO_HI95[7] = {3.7200518229219992, 2.1312800549526298, 1.5937779650783379, 1.2766098337546781,
                                     1.0619495993502104, 1.01239483145883, 1.0019599374595158};
static const double RATIO_LO998[7] = {0, 0, 0.14677175434706846, 0.58245632982963136, 0.90321076757753493,
                                      0.98049269242605874, 0.99691069278351518};
static const double RATIO_HI998[7] = {6.9517179618007834, 3.0421683148828129, 2.0276420215411144, 1.4550281703123857,
                                      1.0986423564826102, 1.0195813140823446, 1.0030911569375949};

static const double PROP_N[7] = {1, 5, 20, 100, 1000, 1e5, 1e7};
static const double PROP_LO95[7] = {0, 0, 0, 0, 0.019356528971280044, 0.028942158107534855, 0.029894265391416697};
static const double PROP_HI95[7] = {0.16666666666666585, 0.17510737387177761, 0.097980543804578088,
                                    0.063022519866580654, 0.040533496430215414, 0.031056754030813299,
                                    0.030105723632611464};
static const double PROP_LO998[7] = {0, 0, 0, 0, 0.014214013655737771, 0.028341444492689931, 0.029833383219355216};
static const double PROP_HI998[7] = {0.96666666666666667, 0.38193330774305473, 0.18461431558367983,
                                     0.089462242591870786, 0.047488943354385173, 0.031675380410434585,
                                     0.030166784663516927};

static void check_limits(value_funnel_kind kind, double target, double level, const double *size, size_t n,
                         const double *want_lo, const double *want_hi)
{
    double lo[8], hi[8];
    ck_assert(n <= 8);
    assert_ok(value_funnel_limits(kind, target, level, 1, 0, size, n, lo, hi, n));
    for (size_t i = 0; i < n; i++) {
        assert_rel(lo[i], want_lo[i], REL);
        assert_rel(hi[i], want_hi[i], REL);
    }
}

/* The target value_funnel_assess() reports it used (out_target). */
static double tgt;

START_TEST(exact_ratio_limits_vs_r)
{
    check_limits(VALUE_FUNNEL_RATIO, 1, 0.95, RATIO_E, 7, RATIO_LO95, RATIO_HI95);
    check_limits(VALUE_FUNNEL_RATIO, 1, 0.998, RATIO_E, 7, RATIO_LO998, RATIO_HI998);
    /* The limits of a ratio with target 1 at E are those of a rate with
     * target r at population E / r (the same Poisson mean), times r. */
    double pop[7], lo[7], hi[7];
    for (int i = 0; i < 7; i++)
        pop[i] = RATIO_E[i] / 0.125;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_RATE, 0.125, 0.95, 1, 0, pop, 7, lo, hi, 7));
    for (int i = 0; i < 7; i++) {
        assert_rel(lo[i], 0.125 * RATIO_LO95[i], REL);
        assert_rel(hi[i], 0.125 * RATIO_HI95[i], REL);
    }
}
END_TEST

START_TEST(exact_proportion_limits_vs_r)
{
    check_limits(VALUE_FUNNEL_PROPORTION, 0.03, 0.95, PROP_N, 7, PROP_LO95, PROP_HI95);
    check_limits(VALUE_FUNNEL_PROPORTION, 0.03, 0.998, PROP_N, 7, PROP_LO998, PROP_HI998);
    /* n = 1 by hand: Y is 0 (0.97) or 1 (0.03).  Upper 95%: P(Y <= 0) = 0.97 <
     * 0.975, so r = 1 and alpha = (1 - 0.975)/0.03 = 5/6: limit 1/6. */
    double one = 1, lo, hi;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_PROPORTION, 0.03, 0.95, 1, 0, &one, 1, &lo, &hi, 1));
    assert_rel(hi, 1.0 / 6, 1e-14);
    assert_rel(lo, 0, 0);
}
END_TEST

START_TEST(exact_rate_limits_vs_r)
{
    const double pop[4] = {500, 1e4, 2.5e5, 1e7};
    const double lo[4] = {0, 0.00051828389721921041, 0.0010641339379096634, 0.0011785269962013281};
    const double hi[4] = {0.0039618425597860709, 0.0018769455592441535, 0.001335665998685652, 0.0012214677377253653};
    check_limits(VALUE_FUNNEL_RATE, 0.0012, 0.95, pop, 4, lo, hi);
}
END_TEST

/* Large counts, where GSL's incomplete gamma and beta functions are no
 * longer accurate (the tails are summed from Loader's pmf instead).  R:
 *   a <- 0.001; for (m in c(1e8, 1e10)) cat(sprintf("%.17g %.17g\n", lp(a, m, m), lp(1 - a, m, m)))
 *   a <- 0.025; for (n in c(1e10, 1.0101e12)) cat(sprintf("%.17g %.17g\n", lb(a, n, 0.01), lb(1 - a, n, 0.01)))
 * and n = 2^31 - 1 at 0.03, checked with mpmath at 35 digits (pmf summed
 * exactly): 0.029992785085476958616 and 0.030007214863446248593. */
START_TEST(exact_limits_large_counts)
{
    const double mu[2] = {1e8, 1e10};
    const double plo[2] = {0.99969098601873485, 0.99996909776943077};
    const double phi_[2] = {1.0003090324796353, 1.0000309024155536};
    check_limits(VALUE_FUNNEL_RATIO, 1, 0.998, mu, 2, plo, phi_);
    const double n[2] = {1e10, 1.0101e12};
    const double blo[2] = {0.0099980498568678598, 0.0099998059634329763};
    const double bhi[2] = {0.010001950135952981, 0.010000194036495951};
    check_limits(VALUE_FUNNEL_PROPORTION, 0.01, 0.95, n, 2, blo, bhi);
    const double n31 = 2147483647.0, lo31 = 0.029992785085476958616, hi31 = 0.030007214863446248593;
    check_limits(VALUE_FUNNEL_PROPORTION, 0.03, 0.95, &n31, 1, &lo31, &hi31);
    /* beyond a variance of 1e10 exact limits are refused, by name */
    double big = 2e10, lo = SENTINEL, hi = SENTINEL;
    assert_fails(value_funnel_limits(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, &big, 1, &lo, &hi, 1), VALUE_EDOM,
                 "size[0] is 20000000000: exact limits");
    ck_assert(lo == SENTINEL && hi == SENTINEL);
    /* ... but over-dispersed (normal) limits have no such bound */
    assert_ok(value_funnel_limits(VALUE_FUNNEL_RATIO, 1, 0.95, 1.5, 0, &big, 1, &lo, &hi, 1));
    ck_assert(lo < 1 && hi > 1);
}
END_TEST

/* At high levels the upper limit is taken from the upper tail.  R's
 * ppois(r, mu) - (1 - a) cancels there (the naive form of the formula
 * gives 12.252249281965453 below, wrong in the 10th digit); with R's upper
 * tail, a = (1 - (1 - 1e-9))/2:
 *   lpu <- function(a, mu, size) { r <- qpois(a, mu, lower.tail = FALSE)
 *     (r - (a - ppois(r, mu, lower.tail = FALSE)) / dpois(r, mu)) / size }
 *   lbu <- function(a, n, t) { r <- qbinom(a, n, t, lower.tail = FALSE)
 *     (r - (a - pbinom(r, n, t, lower.tail = FALSE)) / dbinom(r, n, t)) / n }
 *   lpu(a, 48685.870640559348 * 12.1556, 48685.870640559348); lbu(a, 10667, 0.616673); lbu(a, 2224256, 0.374306) */
START_TEST(exact_limits_high_level)
{
    double lo, hi, s = 48685.870640559348;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_RATE, 12.1556, 1 - 1e-9, 1, 0, &s, 1, &lo, &hi, 1));
    assert_rel(hi, 12.252249282401577, REL);
    s = 10667;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_PROPORTION, 0.616673, 1 - 1e-9, 1, 0, &s, 1, &lo, &hi, 1));
    assert_rel(hi, 0.64524602387212326, REL);
    s = 2224256;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_PROPORTION, 0.374306, 1 - 1e-9, 1, 0, &s, 1, &lo, &hi, 1));
    assert_rel(hi, 0.37628890252241626, REL);
}
END_TEST

/* Properties of the interpolation that hold for any count: the limit lies
 * in ((r_p - 1)/size, r_p/size], so lower < target < upper once the mean
 * is a few units, the limits move monotonically towards the target as size
 * grows (checked on a grid), and the level's extremes are finite. */
START_TEST(exact_limits_shape)
{
    double size[200], lo[200], hi[200];
    for (int i = 0; i < 200; i++)
        size[i] = 5 + 7.3 * i;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, size, 200, lo, hi, 200));
    for (int i = 0; i < 200; i++) {
        ck_assert(lo[i] < 1 && hi[i] > 1);
        if (i > 0)
            ck_assert_msg(lo[i] >= lo[i - 1] - 1e-12 && hi[i] <= hi[i - 1] + 1e-12, "not a funnel at %d", i);
    }
    double s = 40, l, h;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_PROPORTION, 0.5, 1 - 1e-15, 1, 0, &s, 1, &l, &h, 1));
    ck_assert(l >= 0 && l < 0.1 && h > 0.9 && h <= 1);
    /* As the level goes to 0 both limits meet at the interpolated median:
     * Bin(40, 0.5) has F(19) = 0.4373 and F(20) = 0.5627, so r = 20 and
     * alpha = (0.5627 - 0.5)/P(Y = 20) = 1/2 on both sides: 19.5/40. */
    assert_ok(value_funnel_limits(VALUE_FUNNEL_PROPORTION, 0.5, 1e-12, 1, 0, &s, 1, &l, &h, 1));
    assert_rel(l, 19.5 / 40, 1e-11);
    assert_rel(h, 19.5 / 40, 1e-11);
    /* a tiny Poisson mean: both limits are 0 (r_p = 0 and alpha > 0) */
    s = 1e-300;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, &s, 1, &l, &h, 1));
    ck_assert(l == 0 && h == 0);
}
END_TEST

/* ---- Wilson-score and normal limits ----------------------------------------------------
 * Wilson-score limits are the proportions whose Wilson interval has the
 * target as an end point: PHEindicatormethods' sigma_adjustment()
 * (R/Funnels.R, multiplier 1) solves that quadratic; run in R 4.2.2:
 *   sigma_adjustment <- function(p, population, average_proportion, side) {
 *     first_part <- average_proportion * (population / qnorm(p)^2 + 1)
 *     adj <- sqrt((-8 * average_proportion * (population / qnorm(p)^2 + 1))^2 - 64 * (1 / qnorm(p)^2 +
 *                 1 / population) * average_proportion * (population * (average_proportion *
 *                 (population / qnorm(p)^2 + 2) - 1) + qnorm(p)^2 * (average_proportion - 1)))
 *     last_part <- (1 / qnorm(p)^2 + 1 / population)
 *     r <- if (side == "low") (first_part - adj / 8) / last_part else (first_part + adj / 8) / last_part
 *     r / population }
 *   W <- c(10, 100, 1000, 1e5)
 *   for (q in c(0.975, 0.999)) for (side in c("low", "high"))
 *     cat(f(sapply(W, function(n) sigma_adjustment(q, n, 0.3, side))), "\n")
 * Its lower limit at n = 10, 99.8% is -0.1478..., which phe_funnels clips
 * to 0, as here.  Algebraically the limits are 0.3 -/+ z sqrt(0.21/n); the
 * quadratic's form loses a few digits, hence 1e-12. */
START_TEST(wilson_limits_vs_phe)
{
    const double n[4] = {10, 100, 1000, 1e5};
    const double lo95[4] = {0.015974234910674744, 0.21018316681457949, 0.27159742349106691, 0.29715974234910925};
    const double hi95[4] = {0.58402576508932524, 0.38981683318542037, 0.32840257650893306, 0.30284025765089073};
    const double lo998[4] = {0, 0.15838776541988045, 0.25521827941807651, 0.29552182794180837};
    const double hi998[4] = {0.74781720581923616, 0.44161223458011956, 0.34478172058192347, 0.30447817205819167};
    double lo[4], hi[4];
    assert_ok(value_funnel_limits(VALUE_FUNNEL_PROPORTION_WILSON, 0.3, 0.95, 1, 0, n, 4, lo, hi, 4));
    for (int i = 0; i < 4; i++) {
        assert_rel(lo[i], lo95[i], 1e-12);
        assert_rel(hi[i], hi95[i], 1e-12);
    }
    assert_ok(value_funnel_limits(VALUE_FUNNEL_PROPORTION_WILSON, 0.3, 0.998, 1, 0, n, 4, lo, hi, 4));
    for (int i = 0; i < 4; i++) {
        assert_rel(lo[i], lo998[i], 1e-12);
        assert_rel(hi[i], hi998[i], 1e-12);
    }
    /* The duality: at the upper limit y of n = 100, the Wilson interval of y
     * has 0.3 as its lower end.  value_outcome_wilson() needs whole counts,
     * so check the score equation (y - t)^2 = z^2 t (1 - t)/n directly. */
    double z = 1.959963984540054, t = 0.3, y = hi95[1];
    assert_rel((y - t) * (y - t), z * z * t * (1 - t) / 100, 1e-12);
}
END_TEST

/* Normal limits with over-dispersion, by the formulas of value.h:
 * target +/- z sqrt(phi) s or target +/- z sqrt(s^2 + tau2); z = qnorm(0.975)
 * = 1.959963984540054.  Ratio at E = 25, phi = 2: s^2 = 1/25, half width
 * 1.959963984540054 x sqrt(0.08) = 0.55436...; at E = 4, tau2 = 0.0625:
 * sqrt(0.25 + 0.0625) = 0.55901699437494742, lower 1 - 1.0956... < 0 -> 0.  Proportion 0.1 at n = 10,
 * tau2 = 0.01: sqrt(0.009 + 0.01) = 0.13784048752090222, lower
 * 0.1 - 0.27016... < 0 -> 0. */
START_TEST(overdispersed_limits_by_hand)
{
    const double z = 1.959963984540054;
    double e = 25, lo, hi;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_RATIO, 1, 0.95, 2, 0, &e, 1, &lo, &hi, 1));
    assert_rel(lo, 1 - z * sqrt(0.08), 1e-15);
    assert_rel(hi, 1 + z * sqrt(0.08), 1e-15);
    e = 4;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0.0625, &e, 1, &lo, &hi, 1));
    assert_rel(lo, 0, 0);
    assert_rel(hi, 1 + z * 0.55901699437494742, 1e-15);
    double n = 10;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_PROPORTION, 0.1, 0.95, 1, 0.01, &n, 1, &lo, &hi, 1));
    assert_rel(lo, 0, 0);
    assert_rel(hi, 0.1 + z * 0.13784048752090222, 1e-15);
    /* an upper limit above 1 is 1 */
    assert_ok(value_funnel_limits(VALUE_FUNNEL_PROPORTION, 0.9, 0.998, 3, 0, &n, 1, &lo, &hi, 1));
    assert_rel(hi, 1, 0);
    /* the Wilson kind inflates the same way */
    double lw, hw;
    assert_ok(value_funnel_limits(VALUE_FUNNEL_PROPORTION_WILSON, 0.1, 0.95, 1, 0.01, &n, 1, &lw, &hw, 1));
    assert_rel(lw, 0, 0);
    assert_rel(hw, 0.1 + z * sqrt(0.009 + 0.01), 1e-15);
}
END_TEST

/* ---- assessment ---------------------------------------------------------------------------
 * Six providers, ratios (target 1), by hand.
 *   E = 4, 9, 16, 25, 36, 100;  O = 8, 3, 20, 40, 30, 90
 *   z = (O - E)/sqrt(E) = 4/2, -6/3, 4/4, 15/5, -6/6, -10/10 = 2, -2, 1, 3, -1, -1
 * Winsorizing 20%: k = floor(0.2 x 6) = 1; sorted z = -2, -1, -1, 1, 2, 3, so
 * -2 -> -1 (the 2nd lowest) and 3 -> 2 (the 2nd highest):
 *   winsorized z = 2, -1, 1, 2, -1, -1;  phi = (4 + 1 + 1 + 4 + 1 + 1)/6 = 12/6 = 2.
 * w = 1/s^2 = E: sum w = 190, sum w^2 = 16 + 81 + 256 + 625 + 1296 + 10000 = 12274,
 *   sum w - sum w^2/sum w = 190 - 64.6 = 125.4;  I phi - (I - 1) = 12 - 5 = 7;
 *   tau2 = 7/125.4 = 0.055821371610845295...
 * Multiplicative: z/sqrt(2) = 1.41421.., -1.41421.., 0.70711.., 2.12132.., -0.70711.., -0.70711..
 * Additive: (O/E - 1)/sqrt(1/E + tau2), e.g. provider 0: 1/sqrt(0.25 + 0.0558214) = 1.80828...
 * R (4.2.2) agrees, and gives the exact-limit flags:
 *   E <- c(4, 9, 16, 25, 36, 100); O <- c(8, 3, 20, 40, 30, 90); z <- (O - E) / sqrt(E)
 *   zs <- sort(z); k <- floor(0.2 * 6); zw <- pmin(pmax(z, zs[k + 1]), zs[6 - k])
 *   phi <- mean(zw^2); tau2 <- max(0, (6 * phi - 5) / (sum(E) - sum(E^2) / sum(E)))
 *   f(phi); f(tau2); f(z / sqrt(phi)); f((O / E - 1) / sqrt(1 / E + tau2))
 *   ex <- sapply(E, function(e) c(lp(0.025, e, e), lp(0.975, e, e), lp(0.001, e, e), lp(0.999, e, e)))
 * Exact 95% limits: E = 4: (0.0228, 1.9695), y = 2 above -> +1; E = 9:
 * (0.3458, 1.6497), y = 0.333 below -> -1; E = 25: upper 1.3911, 99.8% 1.6539,
 * y = 1.6 -> +1; the rest inside.  Multiplicative: |z|/sqrt(2) > 1.96 only for
 * provider 3 (2.12 < 3.09) -> +1.  Additive: provider 3's 1.938 < 1.96: no flags. */
static const double OD_E[6] = {4, 9, 16, 25, 36, 100};
static const double OD_O[6] = {8, 3, 20, 40, 30, 90};

START_TEST(overdispersion_by_hand)
{
    double z[6], phi = SENTINEL, tau2 = SENTINEL;
    int32_t flag[6];
    const double z0[6] = {2, -2, 1, 3, -1, -1};
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, OD_O, OD_E, 6, 1, VALUE_FUNNEL_OD_NONE, 0.2, z, flag, 6, &phi,
                                  &tau2, &tgt));
    assert_rel(phi, 2, 1e-15);
    assert_rel(tau2, 7 / 125.4, 1e-14);
    assert_rel(tau2, 0.055821371610845293, 1e-14);
    const int32_t f_exact[6] = {1, -1, 0, 1, 0, 0};
    for (int i = 0; i < 6; i++) {
        assert_rel(z[i], z0[i], 1e-15);
        ck_assert_int_eq(flag[i], f_exact[i]);
    }

    const double zm[6] = {1.4142135623730949, -1.4142135623730949, 0.70710678118654746,
                          2.1213203435596424, -0.70710678118654746, -0.70710678118654746};
    const int32_t f_mult[6] = {0, 0, 0, 1, 0, 0};
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, OD_O, OD_E, 6, 1, VALUE_FUNNEL_OD_MULTIPLICATIVE, 0.2, z, flag,
                                  6, &phi, &tau2, &tgt));
    for (int i = 0; i < 6; i++) {
        assert_rel(z[i], zm[i], 1e-15);
        ck_assert_int_eq(flag[i], f_mult[i]);
    }

    const double za[6] = {1.8082816870480023, -1.6316924900745255, 0.72678910932646201,
                          1.9382958182626671, -0.57643165242768257, -0.38977729377793535};
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, OD_O, OD_E, 6, 1, VALUE_FUNNEL_OD_ADDITIVE, 0.2, z, flag, 6,
                                  &phi, &tau2, &tgt));
    for (int i = 0; i < 6; i++) {
        assert_rel(z[i], za[i], 1e-14);
        ck_assert_int_eq(flag[i], 0);
    }
    /* phi and tau2 are estimated whatever od asks for */
    assert_rel(phi, 2, 1e-15);

    /* Without winsorizing: phi = (4 + 4 + 1 + 9 + 1 + 1)/6 = 20/6,
     * tau2 = (20 - 5)/125.4. */
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, OD_O, OD_E, 6, 1, VALUE_FUNNEL_OD_NONE, 0, z, flag, 6, &phi,
                                  &tau2, &tgt));
    assert_rel(phi, 20.0 / 6, 1e-15);
    assert_rel(tau2, 15 / 125.4, 1e-14);
    /* 10% of 6 providers is 0.6 of one: nothing is winsorized */
    double phi10;
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, OD_O, OD_E, 6, 1, VALUE_FUNNEL_OD_NONE, 0.1, z, flag, 6, &phi10,
                                  &tau2, &tgt));
    ck_assert(phi10 == phi);
}
END_TEST

/* Under-dispersion: phi < 1 and tau2 = 0 leave the z-scores and the exact
 * flags alone.  Providers exactly on target except one: z = 0, 0, 0, 0, 0.5. */
START_TEST(underdispersion_changes_nothing)
{
    const double e[5] = {4, 9, 16, 25, 16}, o[5] = {4, 9, 16, 25, 18};
    double z[5], zm[5], za[5], phi, tau2;
    int32_t f[5], fm[5], fa[5];
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, o, e, 5, 1, VALUE_FUNNEL_OD_NONE, 0, z, f, 5, &phi, &tau2, &tgt));
    assert_rel(phi, 0.25 / 5, 1e-15);
    ck_assert(tau2 == 0);
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, o, e, 5, 1, VALUE_FUNNEL_OD_MULTIPLICATIVE, 0, zm, fm, 5, &phi,
                                  &tau2, &tgt));
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, o, e, 5, 1, VALUE_FUNNEL_OD_ADDITIVE, 0, za, fa, 5, &phi,
                                  &tau2, &tgt));
    for (int i = 0; i < 5; i++)
        ck_assert(z[i] == zm[i] && z[i] == za[i] && f[i] == fm[i] && f[i] == fa[i]);
    assert_rel(z[4], 0.5, 1e-15);
}
END_TEST

/* The pooled target (target = 0) is sum O / sum size: 191/190 above. */
START_TEST(pooled_target)
{
    double z[6], zp[6], phi, tau2, phip, tau2p;
    int32_t f[6], fp[6];
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, OD_O, OD_E, 6, 0, VALUE_FUNNEL_OD_ADDITIVE, 0.2, zp, fp, 6,
                                  &phip, &tau2p, &tgt));
    assert_rel(tgt, 191.0 / 190, 1e-15); /* pooled: sum O / sum E */
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, OD_O, OD_E, 6, 191.0 / 190, VALUE_FUNNEL_OD_ADDITIVE, 0.2, z, f,
                                  6, &phi, &tau2, &tgt));
    ck_assert(tgt == 191.0 / 190);
    ck_assert(phi == phip && tau2 == tau2p);
    for (int i = 0; i < 6; i++)
        ck_assert(z[i] == zp[i] && f[i] == fp[i]);
    /* z for provider 0 by hand: (8 - (191/190) 4)/sqrt((191/190) 4) before adjustment */
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, OD_O, OD_E, 6, 0, VALUE_FUNNEL_OD_NONE, 0.2, z, f, 6, &phi,
                                  &tau2, &tgt));
    double t = 191.0 / 190;
    assert_rel(z[0], (8 - 4 * t) / sqrt(4 * t), 1e-15);

    /* proportions: 3 + 5 + 12 events in 50 + 50 + 100: pooled 0.1 */
    const double o[3] = {3, 5, 12}, n[3] = {50, 50, 100};
    assert_ok(value_funnel_assess(VALUE_FUNNEL_PROPORTION, o, n, 3, 0, VALUE_FUNNEL_OD_NONE, 0, z, f, 3, &phi, &tau2, &tgt));
    assert_rel(tgt, 0.1, 1e-15);
    assert_rel(z[0], (3 - 5) / sqrt(50 * 0.09), 1e-15);
    assert_rel(z[2], (12 - 10) / sqrt(100 * 0.09), 1e-15);
}
END_TEST

/* A small deterministic generator for the property tests (splitmix64). */
static uint64_t rng_state;
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}
static double rng_uniform(void)
{
    return (double)(rng_next() >> 11) * 0x1p-53;
}

/* Flags agree with the limits value_funnel_limits() gives at each size, for
 * every kind and over-dispersion model, and phi and tau2 do not depend on
 * the order of the providers. */
START_TEST(flags_match_limits)
{
    enum { N = 60 };
    double o[N], s[N], z[N], z2[N], o2[N], s2[N];
    int32_t f[N], f2[N];
    rng_state = 20240611;
    for (int kind = VALUE_FUNNEL_RATIO; kind <= VALUE_FUNNEL_RATE; kind++) {
        bool prop = kind == VALUE_FUNNEL_PROPORTION || kind == VALUE_FUNNEL_PROPORTION_WILSON;
        for (int i = 0; i < N; i++) {
            s[i] = prop ? (double)(5 + rng_next() % 400) : 0.5 + 300 * rng_uniform();
            double mean = (prop ? 0.2 : 1.0) * s[i] * (0.5 + rng_uniform()); /* over-dispersed */
            o[i] = floor(prop ? fmin(mean, s[i]) : mean);
        }
        for (int od = VALUE_FUNNEL_OD_NONE; od <= VALUE_FUNNEL_OD_ADDITIVE; od++) {
            double phi, tau2, phi2, tau22;
            double target = prop ? 0.2 : 1;
            assert_ok(value_funnel_assess(kind, o, s, N, target, od, 0.1, z, f, N, &phi, &tau2, &tgt));
            double use_phi = od == VALUE_FUNNEL_OD_MULTIPLICATIVE && phi > 1 ? phi : 1;
            double use_tau2 = od == VALUE_FUNNEL_OD_ADDITIVE && tau2 > 0 ? tau2 : 0;
            double lo95[N], hi95[N], lo998[N], hi998[N];
            assert_ok(value_funnel_limits(kind, target, 0.95, use_phi, use_tau2, s, N, lo95, hi95, N));
            assert_ok(value_funnel_limits(kind, target, 0.998, use_phi, use_tau2, s, N, lo998, hi998, N));
            int flagged = 0;
            for (int i = 0; i < N; i++) {
                double y = o[i] / s[i];
                int32_t want = y > hi998[i] ? 2 : y > hi95[i] ? 1 : y < lo998[i] ? -2 : y < lo95[i] ? -1 : 0;
                ck_assert_msg(f[i] == want, "kind %d od %d provider %d: flag %d, want %d", kind, od, i, f[i], want);
                flagged += f[i] != 0;
                /* the flags follow the sign of z */
                ck_assert(f[i] == 0 || (f[i] > 0) == (z[i] > 0));
            }
            if (od == VALUE_FUNNEL_OD_NONE)
                ck_assert(flagged > 0); /* the data are over-dispersed */
            /* reversed order: phi identical, tau2 to rounding, z and flags permuted */
            for (int i = 0; i < N; i++) {
                o2[i] = o[N - 1 - i];
                s2[i] = s[N - 1 - i];
            }
            assert_ok(value_funnel_assess(kind, o2, s2, N, target, od, 0.1, z2, f2, N, &phi2, &tau22, &tgt));
            ck_assert(phi2 == phi);
            assert_rel(tau22, tau2, 1e-15);
            for (int i = 0; i < N; i++) {
                assert_rel(z2[i], z[N - 1 - i], 1e-14);
                ck_assert_int_eq(f2[i], f[N - 1 - i]);
            }
        }
    }
}
END_TEST

/* A ratio's z with target 1 is the profile's Poisson z, (O - E)/sqrt(E). */
START_TEST(ratio_z_is_profile_z)
{
    value_profile *p = NULL;
    const int32_t g[6] = {0, 1, 2, 3, 4, 5};
    const double m[6] = {40, 90, 160, 250, 360, 1000};
    assert_ok(value_profile_new(6, &p));
    assert_ok(value_profile_add_counts(p, g, OD_O, OD_E, m, 6));
    double pm[6], po[6], pe[6], oe[6], lo[6], hi[6], rate[6], pz[6], z[6], phi, tau2;
    int32_t f[6];
    assert_ok(value_profile_results(p, 0.95, 0.1, pm, po, pe, oe, lo, hi, rate, pz, 6));
    assert_ok(value_funnel_assess(VALUE_FUNNEL_RATIO, po, pe, 6, 1, VALUE_FUNNEL_OD_NONE, 0, z, f, 6, &phi, &tau2, &tgt));
    for (int i = 0; i < 6; i++)
        ck_assert(z[i] == pz[i]);
    value_profile_free(p);
}
END_TEST

/* ---- bad input ----------------------------------------------------------------------------- */

START_TEST(bad_limits_input)
{
    const double size[3] = {10, 20, 30};
    double lo[3] = {SENTINEL, SENTINEL, SENTINEL}, hi[3] = {SENTINEL, SENTINEL, SENTINEL};
#define LIM(kind, t, lev, phi, tau2, sz, n, len) value_funnel_limits(kind, t, lev, phi, tau2, sz, n, lo, hi, len)
    assert_fails(LIM(0, 1, 0.95, 1, 0, size, 3, 3), VALUE_EINVAL, "kind must be 1 (ratio)");
    assert_fails(LIM(5, 1, 0.95, 1, 0, size, 3, 3), VALUE_EINVAL, "got 5");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, NULL, 3, 3), VALUE_EINVAL, "size is NULL");
    assert_fails(value_funnel_limits(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, size, 3, NULL, hi, 3), VALUE_EINVAL,
                 "out_lower is NULL");
    assert_fails(value_funnel_limits(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, size, 3, lo, NULL, 3), VALUE_EINVAL,
                 "out_upper is NULL");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, size, 0, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, size, 3, 2), VALUE_EINVAL, "out_len must be 3 (n), got 2");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 0, 0.95, 1, 0, size, 3, 3), VALUE_EINVAL,
                 "target is 0, must be finite and > 0 for a ratio or rate");
    assert_fails(LIM(VALUE_FUNNEL_RATE, -0.5, 0.95, 1, 0, size, 3, 3), VALUE_EINVAL, "target is -0.5, must be finite and > 0 for a ratio or rate");
    assert_fails(LIM(VALUE_FUNNEL_RATE, NAN, 0.95, 1, 0, size, 3, 3), VALUE_EINVAL, "target is NaN");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, INFINITY, 0.95, 1, 0, size, 3, 3), VALUE_EINVAL, "target is Inf, must be finite and > 0 for a ratio or rate");
    assert_fails(LIM(VALUE_FUNNEL_PROPORTION, 1, 0.95, 1, 0, size, 3, 3), VALUE_EINVAL,
                 "target is 1, must be in (0, 1) for a proportion");
    assert_fails(LIM(VALUE_FUNNEL_PROPORTION_WILSON, 0, 0.95, 1, 0, size, 3, 3), VALUE_EINVAL, "target is 0, must be in (0, 1) for a proportion");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 1, 1, 0, size, 3, 3), VALUE_EINVAL, "level is 1, must be in (0, 1)");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0, 1, 0, size, 3, 3), VALUE_EINVAL, "level is 0, must be in (0, 1)");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 95, 1, 0, size, 3, 3), VALUE_EINVAL, "level is 95, must be in (0, 1)");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, NAN, 1, 0, size, 3, 3), VALUE_EINVAL, "level is NaN");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 0.5, 0, size, 3, 3), VALUE_EINVAL,
                 "phi is 0.5, must be finite and >= 1");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, NAN, 0, size, 3, 3), VALUE_EINVAL, "phi is NaN");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, INFINITY, 0, size, 3, 3), VALUE_EINVAL, "phi is Inf, must be finite and >= 1");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1, -0.1, size, 3, 3), VALUE_EINVAL,
                 "tau2 is -0.1, must be finite and >= 0");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1, NAN, size, 3, 3), VALUE_EINVAL, "tau2 is NaN");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1.5, 0.2, size, 3, 3), VALUE_EINVAL,
                 "phi (1.5) and tau2 (0.2) cannot both be set");
    const double s0[3] = {10, 0, 30}, sneg[3] = {10, 20, -3}, snan[3] = {NAN, 20, 30}, sinf[3] = {10, INFINITY, 30};
    const double sfrac[3] = {10, 20.5, 30};
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, s0, 3, 3), VALUE_EINVAL, "size[1] is 0, not finite and > 0");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, sneg, 3, 3), VALUE_EINVAL, "size[2] is -3");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, snan, 3, 3), VALUE_EINVAL, "size[0] is NaN");
    assert_fails(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, sinf, 3, 3), VALUE_EINVAL, "size[1] is Inf");
    assert_fails(LIM(VALUE_FUNNEL_PROPORTION, 0.1, 0.95, 1, 0, sfrac, 3, 3), VALUE_EINVAL,
                 "size[1] is 20.5, not a whole number");
    assert_fails(LIM(VALUE_FUNNEL_PROPORTION_WILSON, 0.1, 0.95, 1, 0, sfrac, 3, 3), VALUE_EINVAL, "size[1] is 20.5");
    /* ratios and rates take fractional sizes (E) */
    assert_ok(LIM(VALUE_FUNNEL_RATIO, 1, 0.95, 1, 0, sfrac, 3, 3));
    for (int i = 0; i < 3; i++)
        lo[i] = hi[i] = SENTINEL;
    const double sbig[3] = {10, 20, 1e11};
    assert_fails(LIM(VALUE_FUNNEL_PROPORTION, 0.5, 0.95, 1, 0, sbig, 3, 3), VALUE_EDOM, "size[2] is 100000000000");
    const double shuge[3] = {10, 1e16, 30};
    assert_fails(LIM(VALUE_FUNNEL_PROPORTION, 1e-8, 0.95, 1, 0, shuge, 3, 3), VALUE_EDOM,
                 "size[1] is 1e+16: exact binomial limits need size <= 2^52");
#undef LIM
    for (int i = 0; i < 3; i++)
        ck_assert(lo[i] == SENTINEL && hi[i] == SENTINEL);
}
END_TEST

START_TEST(bad_assess_input)
{
    const double o[3] = {3, 5, 12}, s[3] = {50, 50, 100};
    double z[3] = {SENTINEL, SENTINEL, SENTINEL}, phi = SENTINEL, tau2 = SENTINEL;
    int32_t f[3] = {99, 99, 99};
#define AS(kind, oo, ss, n, t, od, w, len) value_funnel_assess(kind, oo, ss, n, t, od, w, z, f, len, &phi, &tau2, &tgt)
    const value_funnel_kind P = VALUE_FUNNEL_PROPORTION;
    const value_funnel_overdispersion N = VALUE_FUNNEL_OD_NONE;
    assert_fails(AS(7, o, s, 3, 0.1, N, 0.1, 3), VALUE_EINVAL, "kind must be");
    assert_fails(AS(P, NULL, s, 3, 0.1, N, 0.1, 3), VALUE_EINVAL, "observed is NULL");
    assert_fails(AS(P, o, NULL, 3, 0.1, N, 0.1, 3), VALUE_EINVAL, "size is NULL");
    assert_fails(value_funnel_assess(P, o, s, 3, 0.1, N, 0.1, NULL, f, 3, &phi, &tau2, &tgt), VALUE_EINVAL, "out_z is NULL");
    assert_fails(value_funnel_assess(P, o, s, 3, 0.1, N, 0.1, z, NULL, 3, &phi, &tau2, &tgt), VALUE_EINVAL,
                 "out_flag is NULL");
    assert_fails(value_funnel_assess(P, o, s, 3, 0.1, N, 0.1, z, f, 3, NULL, &tau2, &tgt), VALUE_EINVAL,
                 "out_phi is NULL");
    assert_fails(value_funnel_assess(P, o, s, 3, 0.1, N, 0.1, z, f, 3, &phi, NULL, &tgt), VALUE_EINVAL,
                 "out_tau2 is NULL");
    assert_fails(value_funnel_assess(P, o, s, 3, 0.1, N, 0.1, z, f, 3, &phi, &tau2, NULL), VALUE_EINVAL,
                 "out_target is NULL");
    assert_fails(AS(P, o, s, 1, 0.1, N, 0.1, 1), VALUE_EINVAL, "n must be at least 2, got 1");
    assert_fails(AS(P, o, s, 0, 0.1, N, 0.1, 0), VALUE_EINVAL, "n must be at least 2, got 0");
    assert_fails(AS(P, o, s, 3, 0.1, N, 0.1, 4), VALUE_EINVAL, "out_len must be 3 (n), got 4");
    assert_fails(AS(P, o, s, 3, 1.5, N, 0.1, 3), VALUE_EINVAL,
                 "target must be 0 (pooled) or in (0, 1) for a proportion, got 1.5");
    assert_fails(AS(P, o, s, 3, -0.1, N, 0.1, 3), VALUE_EINVAL, "got -0.1");
    assert_fails(AS(VALUE_FUNNEL_RATIO, o, s, 3, NAN, N, 0.1, 3), VALUE_EINVAL,
                 "target must be 0 (pooled) or finite and > 0 for a ratio or rate, got NaN");
    assert_fails(AS(P, o, s, 3, 0.1, 3, 0.1, 3), VALUE_EINVAL, "od must be 0 (none), 1 (multiplicative) or 2 (additive), got 3");
    assert_fails(AS(P, o, s, 3, 0.1, -1, 0.1, 3), VALUE_EINVAL, "got -1");
    assert_fails(AS(P, o, s, 3, 0.1, N, 0.5, 3), VALUE_EINVAL, "winsor is 0.5, must be in [0, 0.5)");
    assert_fails(AS(P, o, s, 3, 0.1, N, -0.1, 3), VALUE_EINVAL, "winsor is -0.1, must be in [0, 0.5)");
    assert_fails(AS(P, o, s, 3, 0.1, N, NAN, 3), VALUE_EINVAL, "winsor is NaN");
    const double oneg[3] = {3, -1, 12}, ofrac[3] = {3, 5, 1.5}, onan[3] = {NAN, 5, 12}, oinf[3] = {3, INFINITY, 12};
    assert_fails(AS(P, oneg, s, 3, 0.1, N, 0.1, 3), VALUE_EINVAL, "observed[1] is -1, not a whole number >= 0");
    assert_fails(AS(P, ofrac, s, 3, 0.1, N, 0.1, 3), VALUE_EINVAL, "observed[2] is 1.5");
    assert_fails(AS(P, onan, s, 3, 0.1, N, 0.1, 3), VALUE_EINVAL, "observed[0] is NaN");
    assert_fails(AS(VALUE_FUNNEL_RATIO, oinf, s, 3, 1, N, 0.1, 3), VALUE_EINVAL, "observed[1] is Inf");
    const double sbad[3] = {50, 0, 100}, sfrac[3] = {50, 49.5, 100};
    assert_fails(AS(P, o, sbad, 3, 0.1, N, 0.1, 3), VALUE_EINVAL, "size[1] is 0, not finite and > 0");
    assert_fails(AS(P, o, sfrac, 3, 0.1, N, 0.1, 3), VALUE_EINVAL, "size[1] is 49.5, not a whole number");
    const double omany[3] = {3, 51, 12};
    assert_fails(AS(P, omany, s, 3, 0.1, N, 0.1, 3), VALUE_EINVAL, "observed[1] is 51, more than size[1] = 50");
    /* a ratio may exceed its size */
    assert_ok(AS(VALUE_FUNNEL_RATIO, omany, s, 3, 1, N, 0.1, 3));
    for (int i = 0; i < 3; i++) {
        z[i] = SENTINEL;
        f[i] = 99;
    }
    phi = tau2 = SENTINEL;
    /* pooled targets outside the domain */
    const double none[3] = {0, 0, 0};
    assert_fails(AS(VALUE_FUNNEL_RATIO, none, s, 3, 0, N, 0.1, 3), VALUE_EDOM, "the pooled target");
    assert_fails(AS(P, s, s, 3, 0, N, 0.1, 3), VALUE_EDOM, "sum(observed)/sum(size) is 1");
    /* exact flags need a moderate variance */
    const double shuge[3] = {50, 50, 2e11}, ohuge[3] = {3, 5, 2e10};
    assert_fails(AS(VALUE_FUNNEL_RATE, ohuge, shuge, 3, 0.1, N, 0.1, 3), VALUE_EDOM, "size[2] is 200000000000");
    /* target x size beyond the doubles */
    const double sfar[3] = {1e10, 2e10, 3e10};
    assert_fails(AS(VALUE_FUNNEL_RATE, o, sfar, 3, 1e300, VALUE_FUNNEL_OD_ADDITIVE, 0.1, 3), VALUE_ERANGE,
                 "the z-score of provider 0 overflows");
#undef AS
    for (int i = 0; i < 3; i++)
        ck_assert(z[i] == SENTINEL && f[i] == 99);
    ck_assert(phi == SENTINEL && tau2 == SENTINEL);
}
END_TEST

static Suite *funnel_suite(void)
{
    Suite *s = suite_create("funnel");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, exact_ratio_limits_vs_r);
    tcase_add_test(tc, exact_proportion_limits_vs_r);
    tcase_add_test(tc, exact_rate_limits_vs_r);
    tcase_add_test(tc, exact_limits_large_counts);
    tcase_add_test(tc, exact_limits_high_level);
    tcase_add_test(tc, exact_limits_shape);
    tcase_add_test(tc, wilson_limits_vs_phe);
    tcase_add_test(tc, overdispersed_limits_by_hand);
    tcase_add_test(tc, overdispersion_by_hand);
    tcase_add_test(tc, underdispersion_changes_nothing);
    tcase_add_test(tc, pooled_target);
    tcase_add_test(tc, flags_match_limits);
    tcase_add_test(tc, ratio_z_is_profile_z);
    tcase_add_test(tc, bad_limits_input);
    tcase_add_test(tc, bad_assess_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(funnel_suite());
}
