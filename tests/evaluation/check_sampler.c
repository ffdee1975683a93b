/* Parameter sampling.
 *
 * Where the numbers come from:
 * - the generator: Random123's known-answer vectors for Philox4x32-10
 *   (examples/kat_vectors of D. E. Shaw Research's Random123 1.x); the
 *   ziggurat tables against Marsaglia & Tsang's (2000) r and v and the
 *   defining property of the layers (equal areas);
 * - distributions: a Kolmogorov-Smirnov test of each family against GSL's
 *   CDF (another implementation), over n draws with a fixed seed.  The
 *   bound is the KS critical value at alpha = 1e-6, sqrt(ln(2/alpha)/2) /
 *   sqrt(n) = 2.693 / sqrt(n) (the Kolmogorov limit P(sqrt(n) D > t) ~
 *   2 exp(-2 t^2)), so a correct sampler fails one of these ~30 checks
 *   with probability ~3e-5 whatever the seed, and a CDF error of 0.006
 *   (n = 200,000) is found;
 * - moments: the standard closed forms (Johnson, Kotz & Balakrishnan,
 *   Continuous Univariate Distributions, 2nd ed., 1994-95), written beside
 *   each distribution below.  A sample mean must lie within K_SE = 5
 *   standard errors sqrt(var/n) of the mean, and a sample variance within 5
 *   standard errors sqrt((mu4 - var^2)/n) of the variance, with mu4 the
 *   fourth central moment (from the excess kurtosis).  The seed is fixed,
 *   so the outcome is deterministic; 5 SE makes a false failure a
 *   1-in-a-million event for each of the ~60 checks whatever seed is chosen;
 * - quantiles of copula columns: R 4.x (qbeta, qgamma, qlnorm, qunif) and
 *   mpmath (40 digits) for the truncated normal and triangular closed forms,
 *   at four fixed normal scores, and GSL's CDFs at the scores drawn;
 * - beta from mean and sd: hesim's mom_beta documentation (mean 0.8, sd 0.1
 *   -> 12, 3; mean 0.6, sd 0.08 -> 21.9, 14.6) and the hand calculation
 *   mean 0.6, sd 0.1: 0.6 x 0.4 / 0.01 - 1 = 23 -> 13.8, 9.2;
 * - the use of the streams: the draws rebuilt here from raw Philox words
 *   following value.h's description, word by word.
 *
 * n is 200,000 draws, or 5,000 when the suite runs in-process
 * (CK_FORK=no, as under valgrind) to stay fast; the standard errors and
 * KS bounds are computed from n, so the tolerances widen by sqrt(40) then.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <float.h>
#include <stdint.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>

#include "evaluation/sampler.h"

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

/* Four normal scores (those an earlier MT19937 stream gave; any would do)
 * at which R and mpmath were evaluated; a copula column's value at a score
 * y is F^{-1}(Phi(y)). */
static const double golden_z[4] = {1.9359650088789715, -0.33596737368877672, -3.204918115328772, 3.8816513039548317};

static void check_golden(value_sampler_dist kind, double a, double b, double c, double d, const double want[4])
{
    value_sampler *s = new_sampler();
    add(s, "x", kind, a, b, c, d);
    for (int k = 0; k < 4; k++)
        assert_rel(value__sampler_quantile(s, 0, golden_z[k]), want[k], 1e-12);
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

/* ---- the generator ---------------------------------------------------------- */

/* Random123's examples/kat_vectors, "philox4x32 10" lines: counter, key,
 * expected output; the first three are the library's own test vectors,
 * the others from its gentests.py run (every word of the counter and key
 * set). */
static const struct {
    uint32_t ctr[4], key[2], want[4];
} philox_kat[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    {{1, 0, 0, 0}, {1, 0}, {0xac08141b, 0xdfc5ccbe, 0x79c07a47, 0xa7f66093}},
    {{0, 0, 0, 0x80000000}, {0, 0x80000000}, {0xf7a0b371, 0xe51dc93d, 0x56ce135d, 0x1d4b5580}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0, 0xffffffff},
     {0x08f7720c, 0x845ee9e0, 0x502ccd3d, 0xa9a00e27}},
    {{0x452821e6, 0x38d01377, 0xbe5466cf, 0x34e90c6c}, {0, 1}, {0xac87a8c1, 0xf240abdb, 0xadd6c012, 0x68a32a78}},
};

START_TEST(philox_known_answers)
{
    for (size_t t = 0; t < sizeof philox_kat / sizeof *philox_kat; t++) {
        uint32_t out[4];
        value__philox4x32_10(philox_kat[t].ctr, philox_kat[t].key, out);
        for (int k = 0; k < 4; k++)
            ck_assert_msg(out[k] == philox_kat[t].want[k], "vector %zu word %d: %08x, want %08x", t, k, out[k],
                          philox_kat[t].want[k]);
    }
}
END_TEST

/* Marsaglia & Tsang (2000) print r = 3.442619855899 and v =
 * 9.91256303526217e-3 for 128 layers; the tables must have x_1 = r, every
 * layer the area v (x_0 f(r) for the base, x_i (f_{i+1} - f_i) above),
 * f_i = exp(-x_i^2 / 2), x_128 = 0 and f_128 = 1.  The tolerances: r and
 * v to 12 digits (theirs were solved in double precision: the exact r of
 * 128 layers is 3.44261985589665, v 9.91256303533646e-3); the areas 1e-13
 * (the x_i are the exact recurrence rounded once, the areas here are
 * formed in double); f to 2e-15, the rounding of x^2/2 at x = 3.7 carried
 * through exp. */
START_TEST(ziggurat_tables)
{
    const double *x = value__zig_x, *f = value__zig_f;
    assert_rel(x[1], 3.442619855899, 1e-12);
    double v = x[0] * f[1];
    assert_rel(v, 9.91256303526217e-3, 1e-11);
    /* v is also the base layer's area: r f(r) + the tail's integral */
    assert_rel(v, x[1] * exp(-x[1] * x[1] / 2) + sqrt(M_PI / 2) * erfc(x[1] / sqrt(2)), 1e-14);
    for (int i = 1; i < 128; i++) {
        assert_rel(x[i] * (f[i + 1] - f[i]), v, 1e-13);
        ck_assert(x[i + 1] < x[i]);
    }
    for (int i = 0; i < 128; i++)
        assert_rel(f[i], exp(-x[i] * x[i] / 2), 2e-15);
    ck_assert(x[128] == 0 && f[128] == 1);
}
END_TEST

/* ---- the use of the streams, rebuilt from value.h's description ------------ */

/* Word k of the stream of cell (draw i, column j): block k / 2 of
 * Philox4x32-10 under key (seed mod 2^32, seed div 2^32) at counter
 * (k / 2, j, i mod 2^32, i div 2^32); x0 + 2^32 x1 for even k, x2 + 2^32 x3
 * for odd. */
static uint64_t cell_word(uint64_t seed, uint64_t i, uint32_t j, uint64_t k)
{
    uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    uint32_t ctr[4] = {(uint32_t)(k / 2), j, (uint32_t)i, (uint32_t)(i >> 32)}, x[4];
    value__philox4x32_10(ctr, key, x);
    return k % 2 ? (uint64_t)x[3] << 32 | x[2] : (uint64_t)x[1] << 32 | x[0];
}

typedef struct cell {
    uint64_t seed, i;
    uint32_t j;
    uint64_t used; /* words taken */
} cell;

static cell at(uint64_t seed, uint64_t i, uint32_t j)
{
    return (cell){seed, i, j, 0};
}

static uint64_t word(cell *c)
{
    return cell_word(c->seed, c->i, c->j, c->used++);
}

/* (floor(w / 2^12) + 1/2) 2^-52, written as (2 floor(w / 2^12) + 1) 2^-53 */
static double uniform(cell *c)
{
    return (double)(2 * (word(c) >> 12) + 1) * 0x1p-53;
}

static double normal(cell *c)
{
    const double *x = value__zig_x, *f = value__zig_f;
    for (;;) {
        uint64_t w = word(c);
        int layer = (int)(w % 128);
        double sign = (w >> 7) % 2 ? -1 : 1, z = ldexp((double)(w >> 11), -53) * x[layer];
        if (z < x[layer + 1])
            return sign * z;
        if (layer == 0)
            for (;;) {
                double a = -log(uniform(c)) / x[1], b = -log(uniform(c));
                if (2 * b >= a * a)
                    return sign * (x[1] + a);
            }
        if (f[layer] + uniform(c) * (f[layer + 1] - f[layer]) < exp(-z * z / 2))
            return sign * z;
    }
}

/* Marsaglia & Tsang for shape b >= 1: d v */
static double mt(cell *c, double b)
{
    double d = b - 1.0 / 3, cc = 1 / sqrt(9 * d);
    for (;;) {
        double z = normal(c), t = cc * z;
        if (t <= -1)
            continue;
        double v = (1 + t) * (1 + t) * (1 + t), u = uniform(c);
        if (u < 1 - 0.0331 * ((z * z) * (z * z)) || log(u) < z * z / 2 + d * (3 * log1p(t) - t * (3 + t * (3 + t))))
            return d * v;
    }
}

static double gamma_value(cell *c, double a)
{
    return a >= 1 ? mt(c, a) : mt(c, a + 1) * exp(log(uniform(c)) / a);
}

static double log_gamma(cell *c, double a)
{
    return a >= 1 ? log(mt(c, a)) : log(mt(c, a + 1)) + log(uniform(c)) / a;
}

START_TEST(streams_are_as_documented)
{
    value_sampler *s = new_sampler();
    size_t first;
    const double alpha[] = {2, 0.3};
    const char *mv_names[] = {"b0", "b1"};
    const double mv_mean[] = {1, -2}, mv_cov[] = {4, 1.2, 1.2, 9}; /* L = (2, 0; 0.6, sqrt(9 - 0.36)) */
    add(s, "uniform", VALUE_SAMPLER_UNIFORM, 2, 5, 0, 0);
    add(s, "normal", VALUE_SAMPLER_NORMAL, 1, 2, 0, 0);
    add(s, "fixed", VALUE_SAMPLER_FIXED, -3, 0, 0, 0);
    add(s, "gamma", VALUE_SAMPLER_GAMMA_MEANSD, 2000, 500, 0, 0); /* shape 16, scale 125 */
    add(s, "gamma small", VALUE_SAMPLER_GAMMA_MEANSD, 1, 3, 0, 0); /* shape 1/9, scale 9 */
    add(s, "beta", VALUE_SAMPLER_BETA, 2, 5, 0, 0);
    add(s, "beta small", VALUE_SAMPLER_BETA, 0.5, 3, 0, 0);
    add(s, "lognormal", VALUE_SAMPLER_LOGNORMAL_LOG, 0.5, 0.25, 0, 0);
    assert_ok(value_sampler_add_dirichlet(s, "d", alpha, 2, &first)); /* 8, 9 */
    assert_ok(value_sampler_add_mvnormal(s, mv_names, mv_mean, mv_cov, 2, &first)); /* 10, 11 */
    add(s, "triangular", VALUE_SAMPLER_TRIANGULAR, 1, 2, 6, 0);
    add(s, "truncnormal", VALUE_SAMPLER_TRUNCNORMAL, 0, 1, -1, 2);
    add(s, "copula normal", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0); /* 14 */
    add(s, "copula beta", VALUE_SAMPLER_BETA, 2, 5, 0, 0);     /* 15 */
    assert_ok(value_sampler_set_correlation(s, 15, 14, 0.4));
    const uint64_t seed = UINT64_C(0x123456789abcdef);
    const size_t n = 300, p = 16;
    double *out = draw(s, seed, n);
    const double pa = gsl_cdf_ugaussian_P(-1), pb = gsl_cdf_ugaussian_P(2);
    for (size_t i = 0; i < n; i++) {
        const double *row = out + i * p;
        cell c = at(seed, i, 0);
        double u = uniform(&c);
        ck_assert(row[0] == (u <= 0.5 ? 2 + 3 * u : 5 - 3 * (1 - u)));
        c = at(seed, i, 1);
        ck_assert(row[1] == 1 + 2 * normal(&c));
        ck_assert(row[2] == -3);
        c = at(seed, i, 3);
        ck_assert(row[3] == 125 * gamma_value(&c, 16));
        c = at(seed, i, 4);
        assert_rel(row[4], 9 * gamma_value(&c, 1.0 / 9), 1e-15); /* the shape is 1/cv^2, 1/9 to rounding */
        c = at(seed, i, 5);
        double x = gamma_value(&c, 2), y = gamma_value(&c, 5);
        ck_assert(row[5] == x / (x + y));
        c = at(seed, i, 6);
        double lx = log_gamma(&c, 0.5), ly = log_gamma(&c, 3);
        ck_assert(row[6] == 1 / (1 + exp(ly - lx)));
        c = at(seed, i, 7);
        ck_assert(row[7] == exp(0.5 + 0.25 * normal(&c)));
        cell c8 = at(seed, i, 8), c9 = at(seed, i, 9);
        double l8 = log_gamma(&c8, 2), l9 = log_gamma(&c9, 0.3), top = fmax(l8, l9);
        double e8 = exp(l8 - top), e9 = exp(l9 - top);
        ck_assert(row[8] == e8 / (e8 + e9) && row[9] == e9 / (e8 + e9));
        cell c10 = at(seed, i, 10), c11 = at(seed, i, 11);
        double z10 = normal(&c10), z11 = normal(&c11);
        ck_assert(row[10] == 1 + 2 * z10);
        assert_abs(row[11], -2 + (0.6 * z10 + sqrt(9 - 0.6 * 0.6) * z11), 1e-14);
        c = at(seed, i, 12);
        u = uniform(&c); /* triangular(1, 2, 6): F(2) = 1/5 */
        assert_rel(row[12], u < 0.2 ? 1 + sqrt(5 * u) : 6 - sqrt(20 * (1 - u)), 1e-14);
        c = at(seed, i, 13);
        u = uniform(&c);
        assert_rel(row[13], gsl_cdf_ugaussian_Pinv(pa + u * (pb - pa)), 1e-12);
        /* the copula: y = L z over columns 14, 15, L = (1, 0; 0.4, sqrt(0.84)) */
        cell c14 = at(seed, i, 14), c15 = at(seed, i, 15);
        double z14 = normal(&c14), z15 = normal(&c15);
        ck_assert(row[14] == z14);
        assert_rel(row[15], value__sampler_quantile(s, 15, 0.4 * z14 + sqrt(1 - 0.4 * 0.4) * z15), 1e-14);
    }
    free(out);
    value_sampler_free(s);
}
END_TEST

static value_sampler *mixed_sampler(void)
{
    value_sampler *s = new_sampler();
    size_t first;
    const double alpha[] = {5, 3, 2};
    const char *names[] = {"b0", "b1"};
    const double mean[] = {0.5, -1}, cov[] = {0.04, -0.01, -0.01, 0.09};
    add(s, "cost", VALUE_SAMPLER_GAMMA_MEANSD, 500, 100, 0, 0);
    add(s, "p_event", VALUE_SAMPLER_BETA, 20, 80, 0, 0);
    assert_ok(value_sampler_add_dirichlet(s, "row", alpha, 3, &first));
    add(s, "utility", VALUE_SAMPLER_TRIANGULAR, 0.6, 0.75, 0.8, 0);
    assert_ok(value_sampler_add_mvnormal(s, names, mean, cov, 2, &first));
    add(s, "rr", VALUE_SAMPLER_LOGNORMAL_LOG, -0.2, 0.1, 0, 0);
    add(s, "c_drug", VALUE_SAMPLER_GAMMA_MEANSD, 1200, 300, 0, 0);
    add(s, "p_die", VALUE_SAMPLER_BETA_MEANSD, 0.05, 0.01, 0, 0);
    assert_ok(value_sampler_set_correlation(s, 0, 1, 0.3)); /* cost and p_event by inversion */
    return s;
}

START_TEST(reproducibility)
{
    value_sampler *s = mixed_sampler();
    const size_t p = 11, n = 1000;
    double *a = draw(s, 42, n), *b = draw(s, 42, n), *c = draw(s, 43, n), *first10 = draw(s, 42, 10);
    ck_assert(memcmp(a, b, n * p * sizeof *a) == 0); /* the same seed: the same matrix */
    for (size_t j = 0; j < p; j++)                   /* another seed: other values in every column */
        ck_assert(a[j] != c[j]);
    ck_assert(memcmp(a, first10, 10 * p * sizeof *a) == 0); /* n = 10 is the start of n = 1000 */

    /* every 64 bits of the seed count: 5 and 2^32 + 5 differ; seed 0 is a seed like any */
    double *s5 = draw(s, 5, 5), *s5hi = draw(s, UINT64_C(0x100000005), 5), *s0 = draw(s, 0, 5);
    for (size_t j = 0; j < p; j++)
        ck_assert(s5[j] != s5hi[j] && s0[j] != s5[j]);

    /* columns and blocks added later, and a correlation between two new
     * columns, leave the others' draws as they were (each cell its own stream) */
    size_t index, first;
    assert_ok(value_sampler_add(s, "price", VALUE_SAMPLER_FIXED, 9.5, 0, 0, 0, &index));
    assert_ok(value_sampler_add(s, "extra", VALUE_SAMPLER_BETA, 3, 3, 0, 0, &index));
    assert_ok(value_sampler_add_dirichlet(s, "row2", (const double[]){1, 1}, 2, &first));
    assert_ok(value_sampler_add(s, "x", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0, &index));
    assert_ok(value_sampler_set_correlation(s, p + 1, p + 4, -0.5));
    double *more = draw(s, 42, n);
    int same = 1;
    for (size_t i = 0; i < n; i++)
        same &= memcmp(a + i * p, more + i * (p + 5), p * sizeof *a) == 0 && more[i * (p + 5) + p] == 9.5;
    ck_assert(same);
    free(s5), free(s5hi), free(s0), free(more);
    free(a), free(b), free(c), free(first10);
    value_sampler_free(s);
}
END_TEST

/* The draws on 1, 2, 3 and 7 threads are bit for bit the same, with a
 * column that takes the checking first pass (a normal near the top of
 * the doubles' range, which cannot reach it) and copula columns by
 * inversion; and a smaller draw on one thread is their first rows. */
START_TEST(threads_do_not_change_draws)
{
    value_sampler *s = mixed_sampler();
    size_t index;
    assert_ok(value_sampler_add(s, "huge", VALUE_SAMPLER_NORMAL, 9e307, 1e290, 0, 0, &index));
    const size_t p = 12, n = 6000; /* 72,000 values: 7 shares of 8,192 or more */
    double *one = draw(s, 2024, n), *small = draw(s, 2024, 100);
    const size_t counts[] = {2, 3, 7, 256};
    for (size_t t = 0; t < 4; t++) {
        assert_ok(value_sampler_set_threads(s, counts[t]));
        double *many = draw(s, 2024, n);
        ck_assert_msg(memcmp(one, many, n * p * sizeof *one) == 0, "%zu threads differ from one", counts[t]);
        free(many);
    }
    ck_assert(memcmp(one, small, 100 * p * sizeof *one) == 0);
    for (size_t i = 0; i < n; i++)
        ck_assert(one[i * p + 11] > 8.9e307 && isfinite(one[i * p + 11]));
    free(one), free(small);
    value_sampler_free(s);
}
END_TEST

/* ---- distributions: Kolmogorov-Smirnov against GSL's CDFs ------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef double (*cdf_fn)(double x, const double *par);

static double cdf_normal(double x, const double *q) { return gsl_cdf_gaussian_P(x - q[0], q[1]); }
static double cdf_lognormal(double x, const double *q) { return gsl_cdf_lognormal_P(x, q[0], q[1]); }
static double cdf_beta(double x, const double *q) { return gsl_cdf_beta_P(x, q[0], q[1]); }
static double cdf_gamma(double x, const double *q) { return gsl_cdf_gamma_P(x, q[0], q[1]); }
static double cdf_uniform(double x, const double *q) { return gsl_cdf_flat_P(x, q[0], q[1]); }
/* triangular(a, c, b): (x - a)^2 / ((b - a)(c - a)) below c, else 1 - (b - x)^2 / ((b - a)(b - c)) */
static double cdf_triangular(double x, const double *q)
{
    return x <= q[1] ? (x - q[0]) * (x - q[0]) / ((q[2] - q[0]) * (q[1] - q[0]))
                     : 1 - (q[2] - x) * (q[2] - x) / ((q[2] - q[0]) * (q[2] - q[1]));
}
/* normal(mu, sd) on [lo, hi]: (Phi(x') - Phi(a)) / (Phi(b) - Phi(a)) in standard units */
static double cdf_truncnormal(double x, const double *q)
{
    double a = gsl_cdf_ugaussian_P((q[2] - q[0]) / q[1]), b = gsl_cdf_ugaussian_P((q[3] - q[0]) / q[1]);
    return (gsl_cdf_ugaussian_P((x - q[0]) / q[1]) - a) / (b - a);
}

/* sqrt(ln(2 / 1e-6) / 2) / sqrt(n): the KS critical value at alpha = 1e-6 */
static double ks_bound(size_t n)
{
    return sqrt(log(2 / 1e-6) / 2) / sqrt((double)n);
}

static void check_ks(const char *what, const double *out, size_t n, size_t p, size_t col, cdf_fn F,
                     const double *par)
{
    double *x = malloc(n * sizeof *x), d = 0;
    ck_assert_ptr_nonnull(x);
    for (size_t i = 0; i < n; i++)
        x[i] = out[i * p + col];
    qsort(x, n, sizeof *x, cmp_double);
    for (size_t i = 0; i < n; i++) {
        double Fx = F(x[i], par);
        d = fmax(d, fmax((double)(i + 1) / n - Fx, Fx - (double)i / n));
    }
    free(x);
    ck_assert_msg(d <= ks_bound(n), "%s: KS distance %.5f, above the critical value %.5f", what, d, ks_bound(n));
}

START_TEST(distributions_ks)
{
    value_sampler *s = new_sampler();
    size_t first;
    add(s, "normal", VALUE_SAMPLER_NORMAL, 10, 2, 0, 0);
    add(s, "lognormal", VALUE_SAMPLER_LOGNORMAL_LOG, 0, 0.5, 0, 0);
    add(s, "lognormal mean/sd", VALUE_SAMPLER_LOGNORMAL_MEANSD, 1000, 300, 0, 0);
    add(s, "beta", VALUE_SAMPLER_BETA, 2, 5, 0, 0);
    add(s, "beta skewed", VALUE_SAMPLER_BETA, 0.5, 20, 0, 0); /* a shape below 1: the log route */
    add(s, "beta arcsine", VALUE_SAMPLER_BETA, 0.5, 0.5, 0, 0);
    add(s, "beta mean/sd", VALUE_SAMPLER_BETA_MEANSD, 0.6, 0.1, 0, 0); /* 13.8, 9.2 */
    add(s, "gamma", VALUE_SAMPLER_GAMMA_MEANSD, 2000, 500, 0, 0);      /* 16, 125 */
    add(s, "gamma skewed", VALUE_SAMPLER_GAMMA_MEANSD, 1, 3, 0, 0);    /* 1/9, 9: the boost */
    add(s, "exponential", VALUE_SAMPLER_GAMMA_MEANSD, 1, 1, 0, 0);     /* shape 1 exactly */
    add(s, "uniform", VALUE_SAMPLER_UNIFORM, 2, 5, 0, 0);
    add(s, "triangular", VALUE_SAMPLER_TRIANGULAR, 1, 2, 6, 0);
    add(s, "truncnormal", VALUE_SAMPLER_TRUNCNORMAL, 0, 1, -1, 2);
    assert_ok(value_sampler_add_dirichlet(s, "row", (const double[]){10, 30, 60}, 3, &first)); /* 13..15 */
    add(s, "copula beta", VALUE_SAMPLER_BETA, 2, 5, 0, 0);           /* 16 */
    add(s, "copula gamma", VALUE_SAMPLER_GAMMA_MEANSD, 2000, 500, 0, 0); /* 17 */
    assert_ok(value_sampler_set_correlation(s, 16, 17, -0.6));
    const size_t n = n_draws(), p = 18;
    double *out = draw(s, 20260101, n);
    check_ks("normal(10, 2)", out, n, p, 0, cdf_normal, (const double[]){10, 2});
    check_ks("lognormal(0, 0.5)", out, n, p, 1, cdf_lognormal, (const double[]){0, 0.5});
    check_ks("lognormal mean 1000, sd 300", out, n, p, 2, cdf_lognormal,
             (const double[]){log(1000) - log(1.09) / 2, sqrt(log(1.09))});
    check_ks("beta(2, 5)", out, n, p, 3, cdf_beta, (const double[]){2, 5});
    check_ks("beta(0.5, 20)", out, n, p, 4, cdf_beta, (const double[]){0.5, 20});
    check_ks("beta(0.5, 0.5)", out, n, p, 5, cdf_beta, (const double[]){0.5, 0.5});
    check_ks("beta(13.8, 9.2)", out, n, p, 6, cdf_beta, (const double[]){13.8, 9.2});
    check_ks("gamma(16, 125)", out, n, p, 7, cdf_gamma, (const double[]){16, 125});
    check_ks("gamma(1/9, 9)", out, n, p, 8, cdf_gamma, (const double[]){1.0 / 9, 9});
    check_ks("gamma(1, 1)", out, n, p, 9, cdf_gamma, (const double[]){1, 1});
    check_ks("uniform(2, 5)", out, n, p, 10, cdf_uniform, (const double[]){2, 5});
    check_ks("triangular(1, 2, 6)", out, n, p, 11, cdf_triangular, (const double[]){1, 2, 6});
    check_ks("truncnormal(0, 1, -1, 2)", out, n, p, 12, cdf_truncnormal, (const double[]){0, 1, -1, 2});
    /* Dirichlet(10, 30, 60): component j is beta(alpha_j, 100 - alpha_j) */
    check_ks("row[0]", out, n, p, 13, cdf_beta, (const double[]){10, 90});
    check_ks("row[1]", out, n, p, 14, cdf_beta, (const double[]){30, 70});
    check_ks("row[2]", out, n, p, 15, cdf_beta, (const double[]){60, 40});
    check_ks("copula beta(2, 5)", out, n, p, 16, cdf_beta, (const double[]){2, 5});
    check_ks("copula gamma(16, 125)", out, n, p, 17, cdf_gamma, (const double[]){16, 125});
    free(out);

    /* the normals themselves, whose tails carry the rest: a N(0, 1) column
     * over 5n draws, and the fraction beyond |z| > 3 (the tail and the
     * wedges) against 2 Phi(-3) = 0.0026998, within 5 binomial SE */
    value_sampler *z = new_sampler();
    add(z, "z", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    size_t nz = 5 * n, beyond = 0;
    double *zs = draw(z, 7, nz);
    check_ks("N(0, 1)", zs, nz, 1, 0, cdf_normal, (const double[]){0, 1});
    for (size_t i = 0; i < nz; i++)
        beyond += fabs(zs[i]) > 3;
    double want = 2 * gsl_cdf_ugaussian_P(-3), se = sqrt(want * (1 - want) / nz);
    ck_assert_msg(fabs((double)beyond / nz - want) <= K_SE * se, "P(|z| > 3) = %g, want %g", (double)beyond / nz, want);
    free(zs);
    value_sampler_free(z);
    value_sampler_free(s);
}
END_TEST

/* ---- multivariate normal ----------------------------------------------------- */

/* The sample means and covariances of k = 3 coefficients against the given
 * ones, each within 5 standard errors: sqrt(S_jj / n) for a mean and
 * sqrt((S_jj S_mm + S_jm^2) / n) for a covariance (normal data); the
 * marginals by KS. */
START_TEST(mvnormal_moments)
{
    value_sampler *s = new_sampler();
    size_t first;
    const char *names[] = {"lngamma", "cons", "age"};
    const double mean[] = {0.3740968, -5.490935, -0.0367022};
    /* a covariance with strong correlations (rho = -0.6, 0.5, -0.35) */
    const double S[9] = {0.04, -0.03, 0.0005, -0.03, 0.0625, -0.000875, 0.0005, -0.000875, 0.0001};
    add(s, "before", VALUE_SAMPLER_BETA, 2, 3, 0, 0);
    assert_ok(value_sampler_add_mvnormal(s, names, mean, S, 3, &first));
    ck_assert_uint_eq(first, 1);
    const size_t n = n_draws(), p = 4;
    double *out = draw(s, 99, n);
    double m[3] = {0};
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 3; j++)
            m[j] += out[i * p + 1 + j] / n;
    for (int j = 0; j < 3; j++) {
        ck_assert_msg(fabs(m[j] - mean[j]) <= K_SE * sqrt(S[4 * j] / n), "mean %d: %g, want %g", j, m[j], mean[j]);
        check_ks(names[j], out, n, p, 1 + j, cdf_normal, (const double[]){mean[j], sqrt(S[4 * j])});
        for (int k = j; k < 3; k++) {
            double c = 0;
            for (size_t i = 0; i < n; i++)
                c += (out[i * p + 1 + j] - m[j]) * (out[i * p + 1 + k] - m[k]);
            c /= n - 1;
            double se = sqrt((S[4 * j] * S[4 * k] + S[3 * j + k] * S[3 * j + k]) / n);
            ck_assert_msg(fabs(c - S[3 * j + k]) <= K_SE * se, "cov(%d, %d) = %g, want %g (5 SE %g)", j, k, c,
                          S[3 * j + k], K_SE * se);
        }
    }
    /* one coefficient: the normal itself */
    value_sampler *one = new_sampler();
    assert_ok(value_sampler_add_mvnormal(one, (const char *[]){"b"}, (const double[]){3}, (const double[]){0.25}, 1,
                                         &first));
    double *b = draw(one, 99, n);
    check_ks("k = 1", b, n, 1, 0, cdf_normal, (const double[]){3, 0.5});
    free(b);
    value_sampler_free(one);
    free(out);
    value_sampler_free(s);
}
END_TEST

/* ---- extreme shapes ---------------------------------------------------------- */

START_TEST(extreme_shapes)
{
    value_sampler *s = new_sampler();
    size_t first;
    assert_ok(value_sampler_add_dirichlet(s, "tiny", (const double[]){1e-300, 1e-300, 1}, 3, &first));
    assert_ok(value_sampler_add_dirichlet(s, "huge", (const double[]){1e15, 1e15}, 2, &first));
    add(s, "beta tiny", VALUE_SAMPLER_BETA, 1e-3, 1e-3, 0, 0);
    add(s, "gamma tiny", VALUE_SAMPLER_GAMMA_MEANSD, 1, sqrt(1e5), 0, 0); /* shape 1e-5, scale 1e5 */
    const size_t n = n_draws() / 10, p = 7;
    double *out = draw(s, 3, n);
    size_t low = 0, above = 0;
    double worst = 0, off_half = 0;
    for (size_t i = 0; i < n; i++) {
        const double *r = out + i * p;
        worst = fmax(worst, fabs(r[0] + r[1] + r[2] - 1));
        off_half = fmax(off_half, fabs(r[3] - 0.5) + fabs(r[4] - 0.5));
        low += r[5] < 0.5;
        above += r[6] > 1;
    }
    /* Dirichlet rows are probability vectors: a sum of 1 to rounding */
    ck_assert_msg(worst <= 4 * DBL_EPSILON, "a Dirichlet row sums to 1 +- %g", worst);
    check_range("tiny", out, n, p, 0, 0, 1);
    check_range("tiny", out, n, p, 1, 0, 1);
    check_range("tiny", out, n, p, 2, 0, 1);
    /* Dirichlet(1e15, 1e15): sd sqrt(0.25 / (2e15 + 1)) = 1.1e-8 */
    ck_assert_msg(off_half <= 1e-6, "Dirichlet(1e15, 1e15) strays %g from 1/2", off_half);
    /* beta(1e-3, 1e-3): in [0, 1], symmetric: half below 1/2 within 5 SE */
    check_range("beta tiny", out, n, p, 5, 0, 1);
    ck_assert_msg(fabs((double)low / n - 0.5) <= K_SE * 0.5 / sqrt((double)n), "beta(1e-3, 1e-3): %zu of %zu below 1/2",
                  low, n);
    /* gamma(1e-5, 1e5): P(X > 1) from GSL, within 5 binomial SE */
    check_range("gamma tiny", out, n, p, 6, 0, INFINITY);
    double q = gsl_cdf_gamma_Q(1, 1e-5, 1e5), se = sqrt(q * (1 - q) / n);
    ck_assert_msg(fabs((double)above / n - q) <= K_SE * se + 1.0 / n, "gamma(1e-5): P(X > 1) = %g, want %g",
                  (double)above / n, q);
    free(out);
    value_sampler_free(s);
}
END_TEST

/* A copula column's draws, x = F^{-1}(Phi(y)), agree with GSL's CDF at
 * the scores y (the first normals of their cells, recovered from a
 * N(0, 1) column at the same place): the smaller tail probability to
 * 1e-11 relative (the quantiles solve it to about 1e-13). */
START_TEST(copula_quantiles_invert_the_cdf)
{
    value_sampler *s = new_sampler(), *z = new_sampler();
    add(s, "b", VALUE_SAMPLER_BETA, 0.5, 20, 0, 0);
    add(s, "g", VALUE_SAMPLER_GAMMA_MEANSD, 1, 3, 0, 0); /* shape 1/9 */
    add(s, "t", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    assert_ok(value_sampler_set_correlation(s, 0, 2, 0.0)); /* in the copula, y = z */
    assert_ok(value_sampler_set_correlation(s, 1, 2, 0.0));
    add(z, "z0", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    add(z, "z1", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    const size_t n = 2000;
    double *x = draw(s, 11, n), *y = draw(z, 11, n);
    for (size_t i = 0; i < n; i++) {
        double yb = y[2 * i], yg = y[2 * i + 1], b = x[3 * i], g = x[3 * i + 1];
        if (yb < 0)
            assert_rel(gsl_cdf_beta_P(b, 0.5, 20), gsl_cdf_ugaussian_P(yb), 1e-11);
        else
            assert_rel(gsl_cdf_beta_Q(b, 0.5, 20), gsl_cdf_ugaussian_Q(yb), 1e-11);
        if (yg < 0)
            assert_rel(gsl_cdf_gamma_P(g, 1.0 / 9, 9), gsl_cdf_ugaussian_P(yg), 1e-11);
        else
            assert_rel(gsl_cdf_gamma_Q(g, 1.0 / 9, 9), gsl_cdf_ugaussian_Q(yg), 1e-11);
    }
    free(x), free(y);
    value_sampler_free(s);
    value_sampler_free(z);
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
     * where the normal score exceeds (DBL_MAX - 1.7e308)/1e307 = 0.98; the
     * scores are those of a N(0, 1) column at the same place (seed 1,
     * column 0), which gives the first draw that must fail. */
    value_sampler *big = new_sampler(), *ref = new_sampler();
    add(big, "x", VALUE_SAMPLER_NORMAL, 1.7e308, 1e307, 0, 0);
    add(ref, "z", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    double many[100], z[100];
    assert_ok(value_sampler_draw(ref, 1, 100, z, 100));
    size_t first_bad = 100;
    for (size_t i = 100; i-- > 0;)
        if (!isfinite(1.7e308 + 1e307 * z[i]))
            first_bad = i;
    ck_assert(first_bad > 0 && first_bad < 100); /* seed 1 has a first draw that passes, and one that fails */
    for (int k = 0; k < 100; k++)
        many[k] = -1;
    char want[96];
    snprintf(want, sizeof want, "parameter 'x', draw %zu: the value is out of the range of a double", first_bad);
    assert_fails_exactly(value_sampler_draw(big, 1, 100, many, 100), VALUE_ERANGE, want);
    for (int k = 0; k < 100; k++)
        ck_assert(many[k] == -1);
    /* and on many threads the same first draw */
    assert_ok(value_sampler_set_threads(big, 8));
    double *lots = malloc(20000 * sizeof *lots);
    ck_assert_ptr_nonnull(lots);
    assert_fails_exactly(value_sampler_draw(big, 1, 20000, lots, 20000), VALUE_ERANGE, want);
    free(lots);
    value_sampler_free(ref);
    value_sampler_free(big);
    value_sampler_free(empty);
    value_sampler_free(s);
}
END_TEST

START_TEST(bad_mvnormal)
{
    value_sampler *s = new_sampler();
    size_t first = 99, n;
    add(s, "a", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0);
    const char *names[] = {"b", "c"}, *null_name[] = {"b", NULL}, *empty[] = {"", "c"}, *repeat[] = {"b", "c", "b"},
               *taken[] = {"b", "a"};
    const double mean[] = {0, 1, 2}, cov[] = {1, 0.5, 0.5, 2}, nan_mean[] = {0, NAN}, inf_mean[] = {INFINITY, 0};
    const double inf_cov[] = {1, 0.5, 0.5, INFINITY}, asym[] = {1, 0.5, 0.4, 2}, not_pd[] = {1, 2, 2, 1},
                 zero_var[] = {0, 0, 0, 1}, eye3[] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    assert_fails(value_sampler_add_mvnormal(NULL, names, mean, cov, 2, &first), VALUE_EINVAL, "s is NULL");
    assert_fails(value_sampler_add_mvnormal(s, NULL, mean, cov, 2, &first), VALUE_EINVAL, "names is NULL");
    assert_fails(value_sampler_add_mvnormal(s, names, NULL, cov, 2, &first), VALUE_EINVAL, "mean is NULL");
    assert_fails(value_sampler_add_mvnormal(s, names, mean, NULL, 2, &first), VALUE_EINVAL, "cov is NULL");
    assert_fails(value_sampler_add_mvnormal(s, names, mean, cov, 2, NULL), VALUE_EINVAL, "out_first is NULL");
    assert_fails_exactly(value_sampler_add_mvnormal(s, names, mean, cov, 0, &first), VALUE_EINVAL,
                         "k must be at least 1, got 0");
    assert_fails_exactly(value_sampler_add_mvnormal(s, null_name, mean, cov, 2, &first), VALUE_EINVAL,
                         "names[1] is NULL");
    assert_fails_exactly(value_sampler_add_mvnormal(s, empty, mean, cov, 2, &first), VALUE_EINVAL, "names[0] is empty");
    assert_fails_exactly(value_sampler_add_mvnormal(s, repeat, mean, eye3, 3, &first), VALUE_EINVAL,
                         "names[2] ('b') repeats names[0]");
    assert_fails_exactly(value_sampler_add_mvnormal(s, taken, mean, cov, 2, &first), VALUE_EINVAL,
                         "parameter 'a' already exists");
    assert_fails_exactly(value_sampler_add_mvnormal(s, names, nan_mean, cov, 2, &first), VALUE_EINVAL,
                         "mean[1] is NaN");
    assert_fails_exactly(value_sampler_add_mvnormal(s, names, inf_mean, cov, 2, &first), VALUE_EINVAL,
                         "mean[0] is Inf, must be finite");
    assert_fails_exactly(value_sampler_add_mvnormal(s, names, mean, inf_cov, 2, &first), VALUE_EINVAL,
                         "cov[3] (row 1, column 1) is Inf");
    assert_fails_exactly(value_sampler_add_mvnormal(s, names, mean, asym, 2, &first), VALUE_EINVAL,
                         "cov[1] (row 0, column 1) is 0.5 but cov[2] (row 1, column 0) is 0.4: cov must be symmetric");
    /* correlation 2 / sqrt(1 x 1) > 1: the pivot of column 1 is 1 - 4 < 0 */
    assert_fails_exactly(value_sampler_add_mvnormal(s, names, mean, not_pd, 2, &first), VALUE_EDOM,
                         "cov is not positive definite (the Cholesky factorization fails at column 1)");
    assert_fails(value_sampler_add_mvnormal(s, names, mean, zero_var, 2, &first), VALUE_EDOM,
                 "fails at column 0");
    /* nothing was added */
    ck_assert_uint_eq(first, 99);
    assert_ok(value_sampler_count(s, &n));
    ck_assert_uint_eq(n, 1);
    /* asymmetry within rounding (1e-12 sqrt(c_00 c_11)) is accepted; the upper triangle is used */
    const double nearly[] = {1, 0.5, 0.5 + 1e-13, 2};
    assert_ok(value_sampler_add_mvnormal(s, names, mean, nearly, 2, &first));
    ck_assert_uint_eq(first, 1);
    /* its columns cannot be correlated: the covariance holds their correlations */
    assert_fails(value_sampler_set_correlation(s, 0, 2, 0.3), VALUE_EINVAL,
                 "j: column 2 ('c') is in a multivariate normal block and cannot be correlated");
    assert_fails(value_sampler_add(s, "c", VALUE_SAMPLER_NORMAL, 0, 1, 0, 0, &n), VALUE_EINVAL,
                 "parameter 'c' already exists");
    value_sampler_free(s);
}
END_TEST

START_TEST(bad_threads)
{
    value_sampler *s = new_sampler();
    add(s, "a", VALUE_SAMPLER_BETA, 2, 3, 0, 0);
    assert_fails(value_sampler_set_threads(NULL, 2), VALUE_EINVAL, "s is NULL");
    assert_fails_exactly(value_sampler_set_threads(s, 0), VALUE_EINVAL, "threads must be from 1 to 256, got 0");
    assert_fails_exactly(value_sampler_set_threads(s, 257), VALUE_EINVAL, "threads must be from 1 to 256, got 257");
    assert_ok(value_sampler_set_threads(s, 1));
    assert_ok(value_sampler_set_threads(s, 256));
    value_sampler_free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sample");
    TCase *tc = tcase_create("sample");
    tcase_set_timeout(tc, 60); /* 200,000 draws of 18 parameters, slower under sanitizers */
    tcase_add_test(tc, philox_known_answers);
    tcase_add_test(tc, ziggurat_tables);
    tcase_add_test(tc, streams_are_as_documented);
    tcase_add_test(tc, marginal_moments);
    tcase_add_test(tc, hard_shapes);
    tcase_add_test(tc, distributions_ks);
    tcase_add_test(tc, mvnormal_moments);
    tcase_add_test(tc, extreme_shapes);
    tcase_add_test(tc, quantiles_at_known_scores);
    tcase_add_test(tc, copula_quantiles_invert_the_cdf);
    tcase_add_test(tc, reproducibility);
    tcase_add_test(tc, threads_do_not_change_draws);
    tcase_add_test(tc, copula_correlation);
    tcase_add_test(tc, mean_sd_conversions);
    tcase_add_test(tc, names_and_counts);
    tcase_add_test(tc, bad_add);
    tcase_add_test(tc, bad_dirichlet);
    tcase_add_test(tc, bad_correlation_and_draw);
    tcase_add_test(tc, bad_mvnormal);
    tcase_add_test(tc, bad_threads);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
