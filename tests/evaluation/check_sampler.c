/* Parameter sampling.
 *
 * Where the numbers come from:
 * - moments: the standard closed forms (Johnson, Kotz & Balakrishnan,
 *   Continuous Univariate Distributions, 2nd ed., 1994-95), written beside
 *   each distribution below.  A sample mean must lie within K_SE = 5
 *   standard errors sqrt(var/n) of the mean, and a sample variance within 5
 *   standard errors sqrt((mu4 - var^2)/n) of the variance, with mu4 the
 *   fourth central moment (from the excess kurtosis).  The seed is fixed,
 *   so the outcome is deterministic; 5 SE makes a false failure a
 *   1-in-a-million event for each of the ~60 checks whatever seed is chosen;
 * - quantiles: R 4.x (qbeta, qgamma, qlnorm, qunif) and mpmath (40 digits)
 *   for the truncated normal and triangular closed forms, evaluated at the
 *   standard normal scores that the generator produced (those scores are
 *   GSL's MT19937 + ziggurat output, pinned here as regression values);
 * - beta from mean and sd: hesim's mom_beta documentation (mean 0.8, sd 0.1
 *   -> 12, 3; mean 0.6, sd 0.08 -> 21.9, 14.6) and the hand calculation
 *   mean 0.6, sd 0.1: 0.6 x 0.4 / 0.01 - 1 = 23 -> 13.8, 9.2.
 *
 * n is 200,000 draws, or 5,000 when the suite runs in-process
 * (CK_FORK=no, as under valgrind) to stay fast; the standard errors are
 * computed from n, so the tolerances widen by sqrt(40) then.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <float.h>
#include <stdint.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define K_SE 5.0

static size_t n_draws(void)
{
    const char *fork = getenv("CK_FORK");
    return fork != NULL && strcmp(fork, "no") == 0 ? 5000 : 200000;
}

static value_sampler *new_sampler(void)
{
    value_sampler *s = NULL;
    assert_ok(value_sampler_new(&s));
    return s;
}

static size_t add(value_sampler *s, const char *name, value_sampler_dist kind, double a, double b, double c, double d)
{
    size_t index;
    assert_ok(value_sampler_add(s, name, kind, a, b, c, d, &index));
    return index;
}

static double *draw(const value_sampler *s, uint64_t seed, size_t n)
{
    size_t p;
    assert_ok(value_sampler_count(s, &p));
    double *out = malloc(n * p * sizeof *out);
    ck_assert_ptr_nonnull(out);
    assert_ok(value_sampler_draw(s, seed, n, out, n * p));
    return out;
}

/* ---- moments ---------------------------------------------------------------- */

typedef struct moments {
    double mean, var, mu4; /* mean, variance, fourth central moment */
} moments;

static moments from_kurtosis(double mean, double var, double excess)
{
    return (moments){mean, var, (3 + excess) * var * var};
}

/* normal: excess kurtosis 0 */
static moments normal_m(double mu, double sd)
{
    return from_kurtosis(mu, sd * sd, 0);
}

/* uniform(a, b): (a + b)/2, (b - a)^2/12, mu4 = (b - a)^4/80 */
static moments uniform_m(double a, double b)
{
    double w = b - a;
    return (moments){(a + b) / 2, w * w / 12, w * w * w * w / 80};
}

/* triangular(a, c, b): (a + b + c)/3, (a^2 + b^2 + c^2 - ab - ac - bc)/18,
 * excess kurtosis -3/5 */
static moments triangular_m(double a, double c, double b)
{
    return from_kurtosis((a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18, -0.6);
}

/* beta(a, b): a/(a + b), ab/((a + b)^2 (a + b + 1)), excess kurtosis
 * 6[(a - b)^2 (a + b + 1) - ab(a + b + 2)] / [ab(a + b + 2)(a + b + 3)] */
static moments beta_m(double a, double b)
{
    double s = a + b;
    double excess = 6 * ((a - b) * (a - b) * (s + 1) - a * b * (s + 2)) / (a * b * (s + 2) * (s + 3));
    return from_kurtosis(a / s, a * b / (s * s * (s + 1)), excess);
}

/* gamma(shape k, scale t): kt, kt^2, excess kurtosis 6/k */
static moments gamma_m(double k, double t)
{
    return from_kurtosis(k * t, k * t * t, 6 / k);
}

/* lognormal(m, s): e^{m + s^2/2}, (e^{s^2} - 1) e^{2m + s^2}, excess
 * kurtosis e^{4s^2} + 2e^{3s^2} + 3e^{2s^2} - 6 */
static moments lognormal_m(double m, double s)
{
    double s2 = s * s;
    return from_kurtosis(exp(m + s2 / 2), expm1(s2) * exp(2 * m + s2),
                         exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 6);
}

/* normal(mu, sd) truncated to [lo, hi]: with a, b the standardised bounds,
 * Z = Phi(b) - Phi(a), the raw moments of the standardised variable follow
 * m_0 = 1, m_1 = (phi(a) - phi(b))/Z,
 * m_k = (k - 1) m_{k-2} + (a^{k-1} phi(a) - b^{k-1} phi(b))/Z
 * (integration by parts, as in Johnson, Kotz & Balakrishnan). */
static double std_phi(double x)
{
    return exp(-x * x / 2) / 2.5066282746310005024; /* sqrt(2 pi) */
}

static moments truncnormal_m(double mu, double sd, double lo, double hi)
{
    double a = (lo - mu) / sd, b = (hi - mu) / sd;
    /* Z from the upper tails when the interval is above the mean, where
     * Phi(b) - Phi(a) would cancel */
    double Z = a + b > 0 ? (erfc(a / sqrt(2)) - erfc(b / sqrt(2))) / 2 : (erfc(-b / sqrt(2)) - erfc(-a / sqrt(2))) / 2;
    double m[5] = {1, (std_phi(a) - std_phi(b)) / Z};
    for (int k = 2; k <= 4; k++)
        m[k] = (k - 1) * m[k - 2] + (pow(a, k - 1) * std_phi(a) - pow(b, k - 1) * std_phi(b)) / Z;
    double c = m[1];
    double var = m[2] - c * c;
    double mu4 = m[4] - 4 * c * m[3] + 6 * c * c * m[2] - 3 * c * c * c * c;
    return (moments){mu + sd * c, sd * sd * var, sd * sd * sd * sd * mu4};
}

static void check_moments(const char *what, const double *out, size_t n, size_t p, size_t col, moments want)
{
    double sum = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        sum += out[i * p + col];
    double mean = sum / n;
    for (size_t i = 0; i < n; i++)
        ss += (out[i * p + col] - mean) * (out[i * p + col] - mean);
    double var = ss / (n - 1);
    double se_mean = sqrt(want.var / n), se_var = sqrt((want.mu4 - want.var * want.var) / n);
    ck_assert_msg(fabs(mean - want.mean) <= K_SE * se_mean, "%s: sample mean %.10g, want %.10g (5 SE = %.3g)", what,
                  mean, want.mean, K_SE * se_mean);
    ck_assert_msg(fabs(var - want.var) <= K_SE * se_var, "%s: sample variance %.10g, want %.10g (5 SE = %.3g)", what,
                  var, want.var, K_SE * se_var);
}

/* Loops test first and assert once: every Check assertion that passes
 * still reports to the parent process, which 10^5 times takes seconds. */
static void check_range(const char *what, const double *out, size_t n, size_t p, size_t col, double lo, double hi)
{
    size_t bad = n;
    for (size_t i = n; i-- > 0;)
        if (!(out[i * p + col] >= lo && out[i * p + col] <= hi))
            bad = i;
    ck_assert_msg(bad == n, "%s: draw %zu is %.17g, outside [%g, %g]", what, bad, bad < n ? out[bad * p + col] : 0, lo,
                  hi);
}

START_TEST(marginal_moments)
{
    value_sampler *s = new_sampler();
    size_t first;
    const double alpha[] = {10, 30, 60};
    add(s, "fixed", VALUE_SAMPLER_FIXED, 42, NAN, NAN, NAN); /* unused parameters are ignored */
    add(s, "normal", VALUE_SAMPLER_NORMAL, 10, 2, 0, 0);
    add(s, "truncnormal", VALUE_SAMPLER_TRUNCNORMAL, 0, 1, -1, 2);
    add(s, "truncnormal tail", VALUE_SAMPLER_TRUNCNORMAL, 5, 2, 11, 13); /* standardised [3, 4] */
    add(s, "uniform", VALUE_SAMPLER_UNIFORM, 2, 5, 0, 0);
    add(s, "triangular", VALUE_SAMPLER_TRIANGULAR, 1, 2, 6, 0);
    add(s, "beta", VALUE_SAMPLER_BETA, 2, 5, 0, 0);
    add(s, "beta skewed", VALUE_SAMPLER_BETA, 0.5, 20, 0, 0);
    add(s, "beta mean/sd", VALUE_SAMPLER_BETA_MEANSD, 0.6, 0.1, 0, 0); /* beta(13.8, 9.2) */
    add(s, "gamma", VALUE_SAMPLER_GAMMA_MEANSD, 2000, 500, 0, 0);      /* shape 16, scale 125 */
    add(s, "gamma skewed", VALUE_SAMPLER_GAMMA_MEANSD, 1, 3, 0, 0);    /* shape 1/9, scale 9 */
    add(s, "lognormal mean/sd", VALUE_SAMPLER_LOGNORMAL_MEANSD, 1000, 300, 0, 0);
    add(s, "lognormal log", VALUE_SAMPLER_LOGNORMAL_LOG, 0, 0.5, 0, 0);
    assert_ok(value_sampler_add_dirichlet(s, "trans", alpha, 3, &first));
    ck_assert_uint_eq(first, 13);

    size_t n = n_draws(), p = 16;
    double *out = draw(s, 20260101, n);
    check_range("fixed", out, n, p, 0, 42, 42);
    check_moments("normal", out, n, p, 1, normal_m(10, 2));
    check_moments("truncnormal", out, n, p, 2, truncnormal_m(0, 1, -1, 2));
    check_range("truncnormal", out, n, p, 2, -1, 2);
    check_moments("truncnormal tail", out, n, p, 3, truncnormal_m(5, 2, 11, 13));
    check_range("truncnormal tail", out, n, p, 3, 11, 13);
    check_moments("uniform", out, n, p, 4, uniform_m(2, 5));
    check_range("uniform", out, n, p, 4, 2, 5);
    check_moments("triangular", out, n, p, 5, triangular_m(1, 2, 6));
    check_range("triangular", out, n, p, 5, 1, 6);
    check_moments("beta", out, n, p, 6, beta_m(2, 5));
    check_moments("beta skewed", out, n, p, 7, beta_m(0.5, 20));
    check_moments("beta mean/sd", out, n, p, 8, beta_m(13.8, 9.2));
    check_moments("gamma", out, n, p, 9, gamma_m(16, 125));
    check_moments("gamma skewed", out, n, p, 10, gamma_m(1.0 / 9, 9));
    /* lognormal from mean 1000, sd 300: sdlog^2 = ln(1.09), meanlog = ln(1000) - ln(1.09)/2 */
    check_moments("lognormal mean/sd", out, n, p, 11, lognormal_m(log(1000) - log(1.09) / 2, sqrt(log(1.09))));
    check_moments("lognormal log", out, n, p, 12, lognormal_m(0, 0.5));
    for (size_t j = 6; j <= 8; j++)
        check_range("beta", out, n, p, j, 0, 1);
    /* Dirichlet(10, 30, 60): component j is beta(alpha_j, 100 - alpha_j),
     * mean alpha_j / 100; each row sums to 1 */
    check_moments("trans[0]", out, n, p, 13, beta_m(10, 90));
    check_moments("trans[1]", out, n, p, 14, beta_m(30, 70));
    check_moments("trans[2]", out, n, p, 15, beta_m(60, 40));
    double worst = 0;
    for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs(out[i * p + 13] + out[i * p + 14] + out[i * p + 15] - 1));
    ck_assert_msg(worst <= 1e-12, "a Dirichlet row sums to 1 +- %g", worst);
    for (size_t j = 13; j <= 15; j++)
        check_range("trans", out, n, p, j, DBL_MIN, 1);
    free(out);
    value_sampler_free(s);
}
END_TEST

/* Shapes at which GSL 2.7's own gsl_cdf_beta_Pinv / gsl_cdf_gamma_Pinv
 * report "inverse failed to converge" for some u: every draw must still be
 * a valid value, with the right moments. */
START_TEST(hard_shapes)
{
    value_sampler *s = new_sampler();
    add(s, "rare event", VALUE_SAMPLER_BETA, 2, 10000, 0, 0);
    add(s, "registry", VALUE_SAMPLER_BETA, 13.8, 10000, 0, 0);
    add(s, "tight", VALUE_SAMPLER_BETA, 1e5, 1e5, 0, 0);
    add(s, "u-shaped", VALUE_SAMPLER_BETA, 0.01, 0.01, 0, 0);
    add(s, "gamma shape 0.1", VALUE_SAMPLER_GAMMA_MEANSD, 1, sqrt(10), 0, 0); /* shape 1/10, scale 10 */
    size_t n = n_draws() / 10, p = 5;                                      /* beta(1e5, 1e5) costs 20 us a draw */
    double *out = draw(s, 99, n);
    for (size_t j = 0; j < 4; j++)
        check_range("beta", out, n, p, j, 0, 1);
    check_range("gamma", out, n, p, 4, 0, INFINITY);
    check_moments("beta(2, 10000)", out, n, p, 0, beta_m(2, 10000));
    check_moments("beta(13.8, 10000)", out, n, p, 1, beta_m(13.8, 10000));
    check_moments("beta(1e5, 1e5)", out, n, p, 2, beta_m(1e5, 1e5));
    check_moments("beta(0.01, 0.01)", out, n, p, 3, beta_m(0.01, 0.01));
    check_moments("gamma(0.1, 10)", out, n, p, 4, gamma_m(0.1, 10));
    free(out);
    value_sampler_free(s);
}
END_TEST

/* ---- quantiles at known normal scores -------------------------------------- */

/* Seed 12345: draws 0, 2, 331 and 611 of a one-column sampler have these
 * normal scores (GSL's MT19937 + ziggurat; 331 and 611 are the smallest and
 * largest of the first 2000). */
static const size_t golden_rows[4] = {0, 2, 331, 611};
static const double golden_z[4] = {1.9359650088789715, -0.33596737368877672, -3.204918115328772, 3.8816513039548317};

static void check_golden(value_sampler_dist kind, double a, double b, double c, double d, const double want[4])
{
    value_sampler *s = new_sampler();
    add(s, "x", kind, a, b, c, d);
    double *out = draw(s, 12345, 612);
    for (int k = 0; k < 4; k++)
        assert_rel(out[golden_rows[k]], want[k], 1e-12);
    free(out);
    value_sampler_free(s);
}

START_TEST(quantiles_at_known_scores)
{
    const double z[4] = {golden_z[0], golden_z[1], golden_z[2], golden_z[3]};
    check_golden(VALUE_SAMPLER_NORMAL, 0, 1, 0, 0, z);
    /* R: qbeta(pnorm(z), 2, 5) (upper tail for z > 0) */
    const double beta25[4] = {0.63682293827101755, 0.20969204842621267, 0.0067716613178044052, 0.90118446050708589};
    check_golden(VALUE_SAMPLER_BETA, 2, 5, 0, 0, beta25);
    /* R: qbeta(pnorm(z), 0.5, 20) */
    const double beta_skew[4] = {0.11725130336564604, 0.0058044010016963391, 1.8144485391085557e-08,
                                 0.33928153827807284};
    check_golden(VALUE_SAMPLER_BETA, 0.5, 20, 0, 0, beta_skew);
    /* R: qbeta(pnorm(z), 13.8, 9.2), from mean 0.6 and sd 0.1 */
    const double beta_ms[4] = {0.78375633213793483, 0.56800068524693637, 0.27875803750480493, 0.90796692060096584};
    check_golden(VALUE_SAMPLER_BETA_MEANSD, 0.6, 0.1, 0, 0, beta_ms);
    /* R: qgamma(pnorm(z), 16, scale = 125), from mean 2000 and sd 500 */
    const double gamma16[4] = {3076.564318764867, 1797.217613663134, 770.61197248435622, 4547.6944959157945};
    check_golden(VALUE_SAMPLER_GAMMA_MEANSD, 2000, 500, 0, 0, gamma16);
    /* R: qgamma(pnorm(z), 1/9, scale = 9), from mean 1 and sd 3 */
    const double gamma_skew[4] = {9.1340930035058587, 0.00068970324682106809, 1.6140009682842399e-28,
                                  54.066759126617477};
    check_golden(VALUE_SAMPLER_GAMMA_MEANSD, 1, 3, 0, 0, gamma_skew);
    /* R: qlnorm(pnorm(z), 0, 0.5) */
    const double lnorm[4] = {2.6326277831072513, 0.84536762518579378, 0.20140065274516231, 6.964498849683844};
    check_golden(VALUE_SAMPLER_LOGNORMAL_LOG, 0, 0.5, 0, 0, lnorm);
    /* R: qunif(pnorm(z), 2, 5) */
    const double unif[4] = {4.9206920199663582, 3.1053432048289582, 2.0020265136420652, 4.999844375645341};
    check_golden(VALUE_SAMPLER_UNIFORM, 2, 5, 0, 0, unif);
    /* mpmath: Phi^{-1}(Phi(-1) + Phi(z)(Phi(2) - Phi(-1))) */
    const double tn[4] = {1.70186335067284144, -0.0997671723152774604, -0.997717351990083565, 1.9992141081568308};
    check_golden(VALUE_SAMPLER_TRUNCNORMAL, 0, 1, -1, 2, tn);
    /* mpmath: the same on [3, 4] */
    const double tn_34[4] = {3.82076244008433909, 3.13332139669711099, 3.0002009853672211, 3.99948955517138748};
    check_golden(VALUE_SAMPLER_TRUNCNORMAL, 0, 1, 3, 4, tn_34);
    /* mpmath: the same on [8, 9], far in the upper tail: Phi(8) = 1 - 6.2e-16
     * is 1 to double precision, so the formula as written would lose every
     * digit; it is evaluated through upper tails */
    const double tn_89[4] = {8.43503205209094736, 8.05638236361597575, 8.00008318878697651, 8.97235236924873081};
    check_golden(VALUE_SAMPLER_TRUNCNORMAL, 0, 1, 8, 9, tn_89);
    /* mpmath: triangular(1, 2, 6): F(mode) = 1/5; u < 1/5: 1 + sqrt(5u),
     * else 6 - sqrt(20(1 - u)) */
    const double tri[4] = {5.27286874163535875, 2.44598180911517028, 1.05811645839842118, 5.96778981996748768};
    check_golden(VALUE_SAMPLER_TRIANGULAR, 1, 2, 6, 0, tri);
}
END_TEST

/* ---- the documented use of the generator ----------------------------------- */

/* Reproduce a draw from value.h's and sample.c's description with GSL
 * alone: one ziggurat normal per copula column in column order, y = L z,
 * then the Dirichlet blocks; normal and lognormal marginals; fixed columns
 * take no random numbers. */
START_TEST(generator_use_is_as_documented)
{
    value_sampler *s = new_sampler();
    size_t first;
    const double alpha[] = {2, 3};
    add(s, "a", VALUE_SAMPLER_NORMAL, 1, 2, 0, 0);
    add(s, "fixed", VALUE_SAMPLER_FIXED, -3, 0, 0, 0);
    assert_ok(value_sampler_add_dirichlet(s, "d", alpha, 2, &first));
    add(s, "b", VALUE_SAMPLER_LOGNORMAL_LOG, 0.5, 0.25, 0, 0);
    add(s, "c", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    assert_ok(value_sampler_set_correlation(s, 0, 4, 0.4));
    assert_ok(value_sampler_set_correlation(s, 5, 4, -0.3));
    const uint64_t seed = UINT64_C(0x123456789abcdef);
    const size_t n = 50, p = 6;
    double *out = draw(s, seed, n);

    /* correlation of the copula columns a, b, c and its Cholesky factor */
    double R[9] = {1, 0.4, 0, 0.4, 1, -0.3, 0, -0.3, 1};
    gsl_matrix_view L = gsl_matrix_view_array(R, 3, 3);
    ck_assert_int_eq(gsl_linalg_cholesky_decomp1(&L.matrix), 0);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, (unsigned long)((seed ^ (seed >> 32)) & 0xffffffffu));
    for (size_t i = 0; i < n; i++) {
        double z[3], y[3], theta[2];
        for (int c = 0; c < 3; c++)
            z[c] = gsl_ran_gaussian_ziggurat(rng, 1.0);
        for (int c = 0; c < 3; c++) {
            y[c] = 0;
            for (int k = 0; k <= c; k++)
                y[c] += gsl_matrix_get(&L.matrix, c, k) * z[k];
        }
        gsl_ran_dirichlet(rng, 2, alpha, theta);
        const double *row = out + i * p;
        assert_rel(row[0], 1 + 2 * y[0], 1e-14);
        ck_assert(row[1] == -3);
        assert_rel(row[2], theta[0], 1e-14);
        assert_rel(row[3], theta[1], 1e-14);
        assert_rel(row[4], exp(0.5 + 0.25 * y[1]), 1e-14);
        assert_rel(row[5], y[2], 1e-14);
    }
    gsl_rng_free(rng);
    free(out);
    value_sampler_free(s);
}
END_TEST

static value_sampler *mixed_sampler(void)
{
    value_sampler *s = new_sampler();
    size_t first;
    const double alpha[] = {5, 3, 2};
    add(s, "cost", VALUE_SAMPLER_GAMMA_MEANSD, 500, 100, 0, 0);
    add(s, "p_event", VALUE_SAMPLER_BETA, 20, 80, 0, 0);
    assert_ok(value_sampler_add_dirichlet(s, "row", alpha, 3, &first));
    add(s, "utility", VALUE_SAMPLER_TRIANGULAR, 0.6, 0.75, 0.8, 0);
    assert_ok(value_sampler_set_correlation(s, 0, 1, 0.3));
    return s;
}

START_TEST(reproducibility)
{
    value_sampler *s = mixed_sampler();
    const size_t p = 6, n = 1000;
    double *a = draw(s, 42, n), *b = draw(s, 42, n), *c = draw(s, 43, n), *first10 = draw(s, 42, 10);
    ck_assert(memcmp(a, b, n * p * sizeof *a) == 0); /* the same seed: the same matrix */
    for (size_t j = 0; j < p; j++)                   /* another seed: other values in every column */
        ck_assert(a[j] != c[j]);
    ck_assert(memcmp(a, first10, 10 * p * sizeof *a) == 0); /* n = 10 is the start of n = 1000 */

    /* a fixed column takes no random numbers: the others are unchanged */
    size_t index;
    assert_ok(value_sampler_add(s, "price", VALUE_SAMPLER_FIXED, 9.5, 0, 0, 0, &index));
    double *with_fixed = draw(s, 42, n);
    int same = 1;
    for (size_t i = 0; i < n; i++)
        same &= memcmp(a + i * p, with_fixed + i * (p + 1), p * sizeof *a) == 0 && with_fixed[i * (p + 1) + p] == 9.5;
    ck_assert(same);

    /* the seed mapping: the 64-bit seed is folded to 32 bits,
     * seed ^ (seed >> 32), and 0 is MT19937's default seed 4357 in GSL */
    double *s0 = draw(s, 0, 5), *s4357 = draw(s, 4357, 5), *s4 = draw(s, 4, 5), *s5 = draw(s, 5, 5),
           *folded = draw(s, UINT64_C(0x100000005), 5);
    ck_assert(memcmp(s0, s4357, 5 * (p + 1) * sizeof *s0) == 0);
    ck_assert(memcmp(folded, s4, 5 * (p + 1) * sizeof *s0) == 0);
    ck_assert(memcmp(s4, s5, 5 * (p + 1) * sizeof *s0) != 0);
    free(s0), free(s4357), free(s4), free(s5), free(folded);
    free(a), free(b), free(c), free(first10), free(with_fixed);
    value_sampler_free(s);
}
END_TEST

/* ---- correlation ------------------------------------------------------------ */

static double normal_score(double P, double Q)
{
    return P <= 0.5 ? gsl_cdf_ugaussian_Pinv(P) : gsl_cdf_ugaussian_Qinv(Q);
}

static double pearson(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= n;
    my /= n;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    return sxy / sqrt(sxx * syy);
}

START_TEST(copula_correlation)
{
    value_sampler *s = new_sampler();
    size_t first;
    const double alpha[] = {2, 3};
    size_t a = add(s, "a", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    size_t fixed = add(s, "fixed", VALUE_SAMPLER_FIXED, 7, 0, 0, 0);
    size_t b = add(s, "b", VALUE_SAMPLER_BETA, 2, 5, 0, 0);
    assert_ok(value_sampler_add_dirichlet(s, "dir", alpha, 2, &first));
    size_t c = add(s, "c", VALUE_SAMPLER_GAMMA_MEANSD, 2000, 500, 0, 0);
    size_t d = add(s, "d", VALUE_SAMPLER_NORMAL, 5, 2, 0, 0);
    assert_ok(value_sampler_set_correlation(s, a, b, 0.1));
    assert_ok(value_sampler_set_correlation(s, b, a, 0.6)); /* replaces 0.1 */
    assert_ok(value_sampler_set_correlation(s, b, c, -0.3));
    assert_ok(value_sampler_set_correlation(s, a, d, 0.5));
    const size_t n = n_draws() / 2, p = 7;
    double *out = draw(s, 7, n);

    /* the normal scores Phi^{-1}(F(x)) recover the copula's y */
    double *score = malloc(4 * n * sizeof *score);
    ck_assert_ptr_nonnull(score);
    for (size_t i = 0; i < n; i++) {
        const double *row = out + i * p;
        score[i] = row[a];
        score[n + i] = normal_score(gsl_cdf_beta_P(row[b], 2, 5), gsl_cdf_beta_Q(row[b], 2, 5));
        score[2 * n + i] = normal_score(gsl_cdf_gamma_P(row[c], 16, 125), gsl_cdf_gamma_Q(row[c], 16, 125));
        score[3 * n + i] = (row[d] - 5) / 2;
    }
    check_range("fixed", out, n, p, fixed, 7, 7);
    /* R for (a, b, c, d); the standard error of a sample correlation is
     * (1 - rho^2)/sqrt(n) */
    const double R[4][4] = {{1, 0.6, 0, 0.5}, {0.6, 1, -0.3, 0}, {0, -0.3, 1, 0}, {0.5, 0, 0, 1}};
    for (int k = 0; k < 4; k++) {
        for (int m = k + 1; m < 4; m++) {
            double r = pearson(score + k * n, score + m * n, n), se = (1 - R[k][m] * R[k][m]) / sqrt((double)n);
            ck_assert_msg(fabs(r - R[k][m]) <= K_SE * se, "scores %d, %d: correlation %.5f, want %.2f (5 SE = %.4f)", k,
                          m, r, R[k][m], K_SE * se);
        }
    }
    /* two normal marginals: the Pearson correlation of the values is rho */
    double *va = malloc(n * sizeof *va), *vd = malloc(n * sizeof *vd);
    ck_assert(va != NULL && vd != NULL);
    for (size_t i = 0; i < n; i++) {
        va[i] = out[i * p + a];
        vd[i] = out[i * p + d];
    }
    double r = pearson(va, vd, n);
    ck_assert_msg(fabs(r - 0.5) <= K_SE * 0.75 / sqrt((double)n), "Pearson correlation %.5f, want 0.5", r);
    free(va), free(vd), free(score), free(out);
    value_sampler_free(s);
}
END_TEST

/* ---- mean/sd conversions ------------------------------------------------------ */

/* Draws from a mean/sd kind equal those from the shapes it should convert
 * to: with the same seed both invert the same u. */
static void check_same_draws(value_sampler_dist kind, double a, double b, value_sampler_dist kind2, double a2, double b2)
{
    value_sampler *s1 = new_sampler(), *s2 = new_sampler();
    add(s1, "x", kind, a, b, 0, 0);
    add(s2, "x", kind2, a2, b2, 0, 0);
    double *x1 = draw(s1, 2024, 500), *x2 = draw(s2, 2024, 500);
    for (size_t i = 0; i < 500; i++)
        assert_rel(x1[i], x2[i], 1e-12);
    free(x1), free(x2);
    value_sampler_free(s1);
    value_sampler_free(s2);
}

START_TEST(mean_sd_conversions)
{
    /* mean 0.6, sd 0.1: mu(1 - mu)/sd^2 - 1 = 0.24/0.01 - 1 = 23 -> 13.8, 9.2 */
    check_same_draws(VALUE_SAMPLER_BETA_MEANSD, 0.6, 0.1, VALUE_SAMPLER_BETA, 13.8, 9.2);
    /* hesim mom_beta(mean = .8, sd = .1) -> shape1 12, shape2 3 */
    check_same_draws(VALUE_SAMPLER_BETA_MEANSD, 0.8, 0.1, VALUE_SAMPLER_BETA, 12, 3);
    /* hesim mom_beta(mean = .6, sd = .08) -> 21.9, 14.6 */
    check_same_draws(VALUE_SAMPLER_BETA_MEANSD, 0.6, 0.08, VALUE_SAMPLER_BETA, 21.9, 14.6);
    /* lognormal mean 1000, sd 300: sdlog^2 = ln(1 + 0.09) = 0.0861776962410524,
     * meanlog = ln(1000) - 0.0430888481205262 = 6.86466643086161 */
    check_same_draws(VALUE_SAMPLER_LOGNORMAL_MEANSD, 1000, 300, VALUE_SAMPLER_LOGNORMAL_LOG, 6.86466643086161,
                     sqrt(0.0861776962410524));
}
END_TEST

/* ---- names, counts and bad input ---------------------------------------------- */

START_TEST(names_and_counts)
{
    value_sampler *s = new_sampler();
    size_t n, index, first;
    const char *name;
    const double alpha[] = {1, 2, 3};
    assert_ok(value_sampler_count(s, &n));
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(add(s, "p_death", VALUE_SAMPLER_BETA, 1, 9, 0, 0), 0);
    assert_ok(value_sampler_add_dirichlet(s, "trans", alpha, 3, &first));
    ck_assert_uint_eq(first, 1);
    assert_ok(value_sampler_add(s, "trans", VALUE_SAMPLER_FIXED, 1, 0, 0, 0, &index)); /* only trans[j] are taken */
    ck_assert_uint_eq(index, 4);
    assert_ok(value_sampler_count(s, &n));
    ck_assert_uint_eq(n, 5);
    const char *want[] = {"p_death", "trans[0]", "trans[1]", "trans[2]", "trans"};
    for (size_t j = 0; j < 5; j++) {
        assert_ok(value_sampler_name(s, j, &name));
        ck_assert_str_eq(name, want[j]);
    }
    value_sampler_free(s);
    value_sampler_free(NULL);
}
END_TEST

/* The call fails with `code` and exactly `message`. */
#define assert_fails_exactly(call, code, message)                                                                      \
    do {                                                                                                               \
        assert_fails(call, code, message);                                                                             \
        ck_assert_str_eq(value_errmsg(), message);                                                                     \
    } while (0)

START_TEST(bad_add)
{
    value_sampler *s = new_sampler();
    size_t index = 99, n;
    add(s, "x", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    assert_fails(value_sampler_new(NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_sampler_add(NULL, "y", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0, &index), VALUE_EINVAL, "s is NULL");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0, NULL), VALUE_EINVAL, "out_index is NULL");
    assert_fails(value_sampler_add(s, NULL, VALUE_SAMPLER_NORMAL, 0, 1, 0, 0, &index), VALUE_EINVAL,
                 "parameter name is NULL");
    assert_fails(value_sampler_add(s, "", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0, &index), VALUE_EINVAL,
                 "parameter name is empty");
    assert_fails(value_sampler_add(s, "x", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'x' already exists");
    assert_fails(value_sampler_add(s, "y", (value_sampler_dist)0, 0, 1, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': unknown distribution kind 0");
    assert_fails(value_sampler_add(s, "y", (value_sampler_dist)11, 0, 1, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': unknown distribution kind 11");
    /* NaN and Inf, in each position a kind uses */
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_FIXED, NAN, 0, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': value is NaN");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_NORMAL, 0, INFINITY, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': sd is Inf");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_TRUNCNORMAL, 0, 1, -INFINITY, 1, &index), VALUE_EINVAL,
                 "parameter 'y': lower is -Inf");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_TRUNCNORMAL, 0, 1, -1, NAN, &index), VALUE_EINVAL,
                 "parameter 'y': upper is NaN");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_TRIANGULAR, 0, NAN, 1, 0, &index), VALUE_EINVAL,
                 "parameter 'y': mode is NaN");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_LOGNORMAL_LOG, NAN, 1, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': meanlog is NaN");
    /* the messages of value.h's examples, exactly */
    assert_fails_exactly(value_sampler_add(s, "p_death", VALUE_SAMPLER_BETA_MEANSD, 1.2, 0.1, 0, 0, &index), VALUE_EINVAL,
                         "parameter 'p_death': beta mean must be in (0, 1), got 1.2");
    assert_fails_exactly(value_sampler_add(s, "p_death", VALUE_SAMPLER_BETA_MEANSD, 0.3, 0.6, 0, 0, &index), VALUE_EINVAL,
                         "parameter 'p_death': sd 0.6 is too large for a beta with mean 0.3: sd^2 must be < "
                         "mean(1 - mean) = 0.21");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_BETA_MEANSD, 0, 0.1, 0, 0, &index), VALUE_EINVAL,
                 "beta mean must be in (0, 1), got 0");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_BETA_MEANSD, 0.5, 0, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': sd must be > 0, got 0");
    /* sd^2 = mean(1 - mean) exactly is still too large */
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_BETA_MEANSD, 0.5, 0.5, 0, 0, &index), VALUE_EINVAL,
                 "sd 0.5 is too large for a beta with mean 0.5: sd^2 must be < mean(1 - mean) = 0.25");
    /* so small an sd that the shapes, 0.5 (0.25/0.001^2 - 1) = 124999.5,
     * pass the supported maximum */
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_BETA_MEANSD, 0.5, 0.001, 0, 0, &index), VALUE_EINVAL,
                 "must be in (0, 100000]");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_BETA, 0, 1, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': shape1 must be > 0, got 0");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_BETA, 1, -2, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': shape2 must be > 0, got -2");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_BETA, 1, 2e5, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': beta shapes 1 and 200000 must be in (0, 100000]");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_GAMMA_MEANSD, 0, 1, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': gamma mean must be > 0, got 0");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_GAMMA_MEANSD, -5, 1, 0, 0, &index), VALUE_EINVAL,
                 "gamma mean must be > 0, got -5");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_GAMMA_MEANSD, 5, -1, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': sd must be > 0, got -1");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_GAMMA_MEANSD, 1000, 1, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': gamma shape 1000000 must be in (0, 100000]");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_LOGNORMAL_MEANSD, 0, 1, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': lognormal mean must be > 0, got 0");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_LOGNORMAL_MEANSD, 1, 0, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': sd must be > 0, got 0");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_LOGNORMAL_LOG, 1, -0.5, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': sdlog must be > 0, got -0.5");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_NORMAL, 1, 0, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': sd must be > 0, got 0");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_UNIFORM, 2, 2, 0, 0, &index), VALUE_EINVAL,
                 "parameter 'y': uniform max must be > min");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_UNIFORM, 3, 2, 0, 0, &index), VALUE_EINVAL,
                 "got min 3 and max 2");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_UNIFORM, -DBL_MAX, DBL_MAX, 0, 0, &index), VALUE_EINVAL,
                 "max - min finite");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_TRIANGULAR, 0, 5, 4, 0, &index), VALUE_EINVAL,
                 "parameter 'y': triangular needs min <= mode <= max with min < max, got min 0, mode 5, max 4");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_TRIANGULAR, 1, 1, 1, 0, &index), VALUE_EINVAL,
                 "got min 1, mode 1, max 1");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_TRUNCNORMAL, 0, 1, 1, 1, &index), VALUE_EINVAL,
                 "parameter 'y': truncated normal upper must be > lower, got lower 1 and upper 1");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_TRUNCNORMAL, 0, -1, 0, 1, &index), VALUE_EINVAL,
                 "parameter 'y': sd must be > 0, got -1");
    assert_fails(value_sampler_add(s, "y", VALUE_SAMPLER_TRUNCNORMAL, 0, 1, 40, 41, &index), VALUE_EINVAL,
                 "parameter 'y': truncated normal bounds [40, 41] lie too far in a tail");
    /* a failing add changed nothing */
    ck_assert_uint_eq(index, 99);
    assert_ok(value_sampler_count(s, &n));
    ck_assert_uint_eq(n, 1);
    /* the edges that are valid */
    assert_ok(value_sampler_add(s, "tri at min", VALUE_SAMPLER_TRIANGULAR, 0, 0, 1, NAN, &index));
    assert_ok(value_sampler_add(s, "tri at max", VALUE_SAMPLER_TRIANGULAR, 0, 1, 1, NAN, &index));
    assert_ok(value_sampler_add(s, "beta at max", VALUE_SAMPLER_BETA, 1e5, 1e5, NAN, NAN, &index));
    double out[5 * 4];
    assert_ok(value_sampler_draw(s, 1, 5, out, 20));
    for (int i = 0; i < 5; i++) {
        ck_assert(out[4 * i + 1] >= 0 && out[4 * i + 1] <= 1);
        ck_assert(out[4 * i + 2] >= 0 && out[4 * i + 2] <= 1);
    }
    value_sampler_free(s);
}
END_TEST

START_TEST(bad_dirichlet)
{
    value_sampler *s = new_sampler();
    size_t first = 99, n;
    const double alpha[] = {1, 2, 3}, zero[] = {1, 0}, nan_alpha[] = {1, NAN}, inf_alpha[] = {INFINITY, 1};
    assert_ok(value_sampler_add_dirichlet(s, "t", alpha, 3, &first));
    first = 99;
    assert_fails(value_sampler_add_dirichlet(NULL, "u", alpha, 3, &first), VALUE_EINVAL, "s is NULL");
    assert_fails(value_sampler_add_dirichlet(s, "u", alpha, 3, NULL), VALUE_EINVAL, "out_first is NULL");
    assert_fails(value_sampler_add_dirichlet(s, NULL, alpha, 3, &first), VALUE_EINVAL, "parameter name is NULL");
    assert_fails(value_sampler_add_dirichlet(s, "", alpha, 3, &first), VALUE_EINVAL, "parameter name is empty");
    assert_fails(value_sampler_add_dirichlet(s, "u", NULL, 3, &first), VALUE_EINVAL, "parameter 'u': alpha is NULL");
    assert_fails(value_sampler_add_dirichlet(s, "u", alpha, 1, &first), VALUE_EINVAL,
                 "parameter 'u': a Dirichlet block needs k >= 2, got 1");
    assert_fails(value_sampler_add_dirichlet(s, "u", zero, 2, &first), VALUE_EINVAL,
                 "parameter 'u': alpha[1] must be in [1e-300, 1e+15], got 0");
    assert_fails(value_sampler_add_dirichlet(s, "u", nan_alpha, 2, &first), VALUE_EINVAL,
                 "alpha[1] must be in [1e-300, 1e+15], got NaN");
    assert_fails(value_sampler_add_dirichlet(s, "u", inf_alpha, 2, &first), VALUE_EINVAL,
                 "alpha[0] must be in [1e-300, 1e+15], got Inf");
    /* Outside [1e-300, 1e15] a draw was not a probability vector: alpha
     * 1e300 and 1e300 gave gammas whose sum overflows (rows of 0, 0),
     * alpha 1e-320 twice gave log(u)/alpha = -Inf for both and rows of
     * NaN, returned as success. */
    const double huge_alpha[] = {1e308, 1e308}, tiny_alpha[] = {1e-320, 1e-320};
    assert_fails(value_sampler_add_dirichlet(s, "u", huge_alpha, 2, &first), VALUE_EINVAL,
                 "alpha[0] must be in [1e-300, 1e+15], got 1e+308");
    assert_fails(value_sampler_add_dirichlet(s, "u", tiny_alpha, 2, &first), VALUE_EINVAL,
                 "alpha[0] must be in [1e-300, 1e+15], got 9.99988867182683e-321");
    assert_fails(value_sampler_add_dirichlet(s, "t", alpha, 2, &first), VALUE_EINVAL,
                 "parameter 't[0]' already exists");
    size_t index;
    assert_ok(value_sampler_add(s, "u[1]", VALUE_SAMPLER_FIXED, 1, 0, 0, 0, &index));
    assert_fails(value_sampler_add_dirichlet(s, "u", alpha, 3, &first), VALUE_EINVAL,
                 "parameter 'u[1]' already exists");
    assert_fails(value_sampler_add(s, "t[2]", VALUE_SAMPLER_FIXED, 1, 0, 0, 0, &index), VALUE_EINVAL,
                 "parameter 't[2]' already exists");
    ck_assert_uint_eq(first, 99);
    assert_ok(value_sampler_count(s, &n));
    ck_assert_uint_eq(n, 4);
    value_sampler_free(s);
}
END_TEST

START_TEST(bad_correlation_and_draw)
{
    value_sampler *s = new_sampler();
    size_t first, n;
    const char *name = "unchanged";
    const double alpha[] = {1, 1};
    add(s, "a", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    add(s, "fixed", VALUE_SAMPLER_FIXED, 3, 0, 0, 0);
    assert_ok(value_sampler_add_dirichlet(s, "dir", alpha, 2, &first));
    add(s, "b", VALUE_SAMPLER_UNIFORM, 0, 1, 0, 0);
    add(s, "c", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    assert_fails(value_sampler_set_correlation(NULL, 0, 4, 0.5), VALUE_EINVAL, "s is NULL");
    assert_fails(value_sampler_set_correlation(s, 0, 6, 0.5), VALUE_EINVAL, "j is 6, not in [0, 6) (the sampler has 6 columns)");
    assert_fails(value_sampler_set_correlation(s, 9, 0, 0.5), VALUE_EINVAL, "i is 9, not in [0, 6) (the sampler has 6 columns)");
    assert_fails(value_sampler_set_correlation(s, 4, 4, 0.5), VALUE_EINVAL,
                 "i and j are both column 4; they must be different columns");
    assert_fails(value_sampler_set_correlation(s, 0, 1, 0.5), VALUE_EINVAL,
                 "j: column 1 ('fixed') is fixed and cannot be correlated");
    assert_fails(value_sampler_set_correlation(s, 3, 0, 0.5), VALUE_EINVAL,
                 "i: column 3 ('dir[1]') is in a Dirichlet block and cannot be correlated");
    assert_fails(value_sampler_set_correlation(s, 0, 4, 1), VALUE_EINVAL, "rho must be in (-1, 1), got 1");
    assert_fails(value_sampler_set_correlation(s, 0, 4, -1), VALUE_EINVAL, "rho must be in (-1, 1), got -1");
    assert_fails(value_sampler_set_correlation(s, 0, 4, NAN), VALUE_EINVAL, "rho is NaN");
    assert_fails(value_sampler_count(NULL, &n), VALUE_EINVAL, "s is NULL");
    assert_fails(value_sampler_count(s, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_sampler_name(s, 6, &name), VALUE_EINVAL, "index is 6, not in [0, 6) (the sampler has 6 columns)");
    assert_fails(value_sampler_name(NULL, 0, &name), VALUE_EINVAL, "s is NULL");
    assert_fails(value_sampler_name(s, 0, NULL), VALUE_EINVAL, "out is NULL");
    ck_assert_str_eq(name, "unchanged");

    double out[12];
    for (int k = 0; k < 12; k++)
        out[k] = -1;
    assert_fails(value_sampler_draw(NULL, 1, 2, out, 12), VALUE_EINVAL, "s is NULL");
    assert_fails(value_sampler_draw(s, 1, 2, NULL, 12), VALUE_EINVAL, "out is NULL");
    assert_fails(value_sampler_draw(s, 1, 0, out, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_sampler_draw(s, 1, 2, out, 11), VALUE_EINVAL, "out_len must be 12 (n x parameters), got 11");
    assert_fails(value_sampler_draw(s, 1, SIZE_MAX / 2, out, 12), VALUE_EINVAL, "is too large");
    /* 0.9, 0.9 and -0.9 cannot be correlations of three variables
     * (the matrix's eigenvalues are 1.9, 1.9 and -0.8) */
    assert_ok(value_sampler_set_correlation(s, 0, 4, 0.9));
    assert_ok(value_sampler_set_correlation(s, 4, 5, 0.9));
    assert_ok(value_sampler_set_correlation(s, 0, 5, -0.9));
    assert_fails_exactly(value_sampler_draw(s, 1, 2, out, 12), VALUE_EDOM,
                         "correlation matrix is not positive definite");
    for (int k = 0; k < 12; k++)
        ck_assert(out[k] == -1);
    /* a valid matrix again: the draw succeeds */
    assert_ok(value_sampler_set_correlation(s, 0, 5, 0.7));
    assert_ok(value_sampler_draw(s, 1, 2, out, 12));

    value_sampler *empty = new_sampler();
    assert_fails(value_sampler_draw(empty, 1, 1, out, 0), VALUE_EINVAL, "the sampler has no parameters");

    /* A failed draw writes nothing.  normal(1.7e308, 1e307) overflows
     * where the normal score exceeds (DBL_MAX - 1.7e308)/1e307 = 0.98:
     * seed 1's scores (regression values of GSL's MT19937 + ziggurat)
     * first pass that at draw 11; the draws before it used to be written
     * to out before the call failed. */
    value_sampler *big = new_sampler();
    add(big, "x", VALUE_SAMPLER_NORMAL, 1.7e308, 1e307, 0, 0);
    double many[100];
    for (int k = 0; k < 100; k++)
        many[k] = -1;
    assert_fails(value_sampler_draw(big, 1, 100, many, 100), VALUE_ERANGE,
                 "parameter 'x', draw 11: the value is out of the range of a double");
    for (int k = 0; k < 100; k++)
        ck_assert(many[k] == -1);
    value_sampler_free(big);
    value_sampler_free(empty);
    value_sampler_free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sample");
    TCase *tc = tcase_create("sample");
    tcase_set_timeout(tc, 60); /* 200,000 draws of 16 parameters, slower under sanitizers */
    tcase_add_test(tc, marginal_moments);
    tcase_add_test(tc, hard_shapes);
    tcase_add_test(tc, quantiles_at_known_scores);
    tcase_add_test(tc, generator_use_is_as_documented);
    tcase_add_test(tc, reproducibility);
    tcase_add_test(tc, copula_correlation);
    tcase_add_test(tc, mean_sd_conversions);
    tcase_add_test(tc, names_and_counts);
    tcase_add_test(tc, bad_add);
    tcase_add_test(tc, bad_dirichlet);
    tcase_add_test(tc, bad_correlation_and_draw);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
