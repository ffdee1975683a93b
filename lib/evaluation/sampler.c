/*
 * Parameter sampling for PSA: inverse-CDF marginals joined by a Gaussian
 * copula, plus Dirichlet blocks.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Use of the random numbers, so that another implementation (a binding, a
 * port, a check in R or numpy) can reproduce the draws exactly:
 *
 * - The generator is GSL's gsl_rng_mt19937, allocated afresh by each
 *   value_sampler_draw() call and set with gsl_rng_set(rng, s), where s is
 *   the 64-bit seed folded to 32 bits, s = (seed ^ (seed >> 32)) & 0xffffffff.
 *   MT19937 is seeded from 32 bits only (GSL keeps the low 32 bits of an
 *   unsigned long, which is 64 bits on LP64 and 32 on Windows); folding
 *   makes every bit of the seed count and the draws the same everywhere.
 *   Seeds below 2^32 are used as they are.  As in GSL, s = 0 selects
 *   MT19937's default seed 4357, so seeds 0 and 4357 give the same draws.
 *   GSL's seeding is the reference init_genrand of Matsumoto & Nishimura
 *   (for s != 0), as in numpy's legacy RandomState(s).
 * - The copula columns are the columns that are neither fixed nor in a
 *   Dirichlet block, q of them, numbered c = 0..q-1 in column order.  If any
 *   correlation was set, R is their q x q correlation matrix (1 on the
 *   diagonal, the set values off it, 0 elsewhere) and L its lower Cholesky
 *   factor (value__cholesky, lib/core/linalg.c; the same factor as GSL's
 *   gsl_linalg_cholesky_decomp1 to rounding), computed once per call.
 * - For each draw i = 0..n-1, in order:
 *     1. z_c = gsl_ran_gaussian_ziggurat(rng, 1.0) for c = 0..q-1;
 *     2. y = L z (y = z when no correlation was set);
 *     3. for each Dirichlet block, in column order:
 *        gsl_ran_dirichlet(rng, k, alpha, row + first).
 *   Nothing else uses the generator: fixed columns, and the marginals,
 *   x_j = F_j^{-1}(Phi(y_c)), are deterministic given y (see quantile()).
 *   The draws of n = 10 are therefore the first 10 rows of n = 1000.
 *
 * Marginal quantiles are evaluated so as to keep precision in both tails:
 * Phi(y) and 1 - Phi(y) = Phi(-y) are both computed (gsl_cdf_ugaussian_P,
 * _Q) and the smaller tail is inverted.  Normal and lognormal marginals use
 * F^{-1}(Phi(y)) = mean + sd y and exp(meanlog + sdlog y) directly, with no
 * round trip through Phi.  Beta and gamma quantiles are found by Newton's
 * method (see tail_solve) rather than gsl_cdf_beta_Pinv/_gamma_Pinv: GSL
 * 2.7's inverses report "inverse failed to converge" for ordinary PSA
 * parameters, e.g. beta(2, 10000) at Phi(0.25) or beta(13.8, 10000) at
 * Phi(1.25), and gamma(0.1) for every u below Phi(-1.25).
 */
#include "core/internal.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/linalg.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

/* Internal kind of a column in a Dirichlet block (not a value_sampler_dist). */
#define KIND_DIRICHLET 0

/* The largest beta or gamma shape accepted.  The quantiles are as accurate
 * as GSL's incomplete beta and gamma functions that they invert: about
 * 1e-15 relative for moderate shapes, 1e-11 for beta shapes near 1e5 and
 * 1e-9 for gamma shapes near 1e5 (checked against R and mpmath on a grid
 * of shapes 1e-3..1e5 and normal scores -10..10, with no GSL error).  Past
 * it they lose more or fail (the incomplete beta at shapes 1e6 and 1e6 is
 * NaN); a distribution that tight is a fixed value for any model. */
#define MAX_SHAPE 1e5

/* The range of a Dirichlet concentration.  In it no draw can fail (see
 * lib/core/gsl_guard.c): the gammas GSL draws stay below 2 alpha + 100,
 * so their sum is finite, and where it underflows GSL's small-alpha route
 * takes log(u)/alpha with log(u) >= log(2^-32), finite for alpha >= 1e-300. */
#define MIN_ALPHA 1e-300
#define MAX_ALPHA 1e15

typedef struct column {
    char *name;
    int kind; /* a value_sampler_dist, or KIND_DIRICHLET */
    /* The distribution in the form quantile() uses:
     *   fixed:       value
     *   normal:      mean, sd
     *   truncnormal: mean, sd, lower, upper, Phi(a), Q(b), Phi(b) - Phi(a)
     *                (a, b the standardised bounds, Q(x) = Phi(-x))
     *   uniform:     min, max
     *   triangular:  min, mode, max, (mode - min)/(max - min), (max - mode)/(max - min)
     *   beta:        shape1, shape2, log B(shape1, shape2), P(X <= 1/2)
     *   gamma:       shape, scale, log Gamma(shape)
     *   lognormal:   meanlog, sdlog */
    double p[7];
} column;

typedef struct block {
    size_t first, k;
    double *alpha;
} block;

typedef struct correlation {
    size_t i, j; /* columns, i < j */
    double rho;
} correlation;

struct value_sampler {
    column *cols;
    size_t n_cols, cap_cols;
    block *blocks;
    size_t n_blocks, cap_blocks;
    correlation *corr;
    size_t n_corr, cap_corr;
};

/* ---- helpers ------------------------------------------------------------- */

/* Make room for `more` elements after the n there are, doubling the
 * capacity; the array is unchanged on failure. */
static int reserve(void **array, size_t *cap, size_t n, size_t more, size_t elem_size)
{
    if (more <= *cap - n)
        return VALUE_OK;
    size_t new_cap = *cap ? *cap : 8;
    while (new_cap - n < more && new_cap <= SIZE_MAX / 2)
        new_cap *= 2;
    if (new_cap - n < more || new_cap > SIZE_MAX / elem_size)
        return value__fail(VALUE_ENOMEM, "sampler: out of memory");
    void *grown = realloc(*array, new_cap * elem_size);
    if (grown == NULL)
        return value__fail(VALUE_ENOMEM, "sampler: out of memory");
    *array = grown;
    *cap = new_cap;
    return VALUE_OK;
}

static int name_taken(const value_sampler *s, const char *name)
{
    for (size_t j = 0; j < s->n_cols; j++)
        if (strcmp(s->cols[j].name, name) == 0)
            return 1;
    return 0;
}

static int check_name(const char *name)
{
    if (name == NULL)
        return value__fail(VALUE_EINVAL, "parameter name is NULL");
    if (name[0] == '\0')
        return value__fail(VALUE_EINVAL, "parameter name is empty");
    return VALUE_OK;
}

static int check_new_name(const value_sampler *s, const char *name)
{
    int rc = check_name(name);
    if (rc)
        return rc;
    if (name_taken(s, name))
        return value__fail(VALUE_EINVAL, "parameter '%s' already exists", name);
    return VALUE_OK;
}

/* ---- distributions -------------------------------------------------------- */

typedef struct kind_info {
    int n_args; /* how many of a, b, c, d are used */
    const char *arg[4];
} kind_info;

static const kind_info kinds[] = {
    [VALUE_SAMPLER_FIXED] = {1, {"value"}},
    [VALUE_SAMPLER_NORMAL] = {2, {"mean", "sd"}},
    [VALUE_SAMPLER_TRUNCNORMAL] = {4, {"mean", "sd", "lower", "upper"}},
    [VALUE_SAMPLER_UNIFORM] = {2, {"min", "max"}},
    [VALUE_SAMPLER_TRIANGULAR] = {3, {"min", "mode", "max"}},
    [VALUE_SAMPLER_BETA] = {2, {"shape1", "shape2"}},
    [VALUE_SAMPLER_BETA_MEANSD] = {2, {"mean", "sd"}},
    [VALUE_SAMPLER_GAMMA_MEANSD] = {2, {"mean", "sd"}},
    [VALUE_SAMPLER_LOGNORMAL_MEANSD] = {2, {"mean", "sd"}},
    [VALUE_SAMPLER_LOGNORMAL_LOG] = {2, {"meanlog", "sdlog"}},
};

/* "parameter 'x': <arg> must be > 0, got v" */
static int need_positive(const char *name, const char *arg, double v)
{
    if (v > 0)
        return VALUE_OK;
    char t[32];
    value__format_double(v, t, sizeof t);
    return value__fail(VALUE_EINVAL, "parameter '%s': %s must be > 0, got %s", name, arg, t);
}

/* A distribution given by its mean (in (0, 1) when below_one, else > 0)
 * and its sd (> 0). */
static int need_mean_sd(const char *name, const char *dist, double mean, double sd, int below_one)
{
    if (!(mean > 0 && (!below_one || mean < 1))) {
        char t[32];
        value__format_double(mean, t, sizeof t);
        return value__fail(VALUE_EINVAL, "parameter '%s': %s mean must be %s, got %s", name, dist,
                           below_one ? "in (0, 1)" : "> 0", t);
    }
    return need_positive(name, "sd", sd);
}

/* Beta or gamma shapes computed from a mean and sd (or given) must be
 * positive, finite and at most MAX_SHAPE. */
static int check_shapes(const char *name, const char *label, double s1, double s2, int n_shapes)
{
    if (s1 > 0 && s1 <= MAX_SHAPE && (n_shapes < 2 || (s2 > 0 && s2 <= MAX_SHAPE)))
        return VALUE_OK;
    char t1[32], t2[32];
    value__format_double(s1, t1, sizeof t1);
    value__format_double(s2, t2, sizeof t2);
    if (n_shapes == 2)
        return value__fail(VALUE_EINVAL, "parameter '%s': %s shapes %s and %s must be in (0, %g]", name, label, t1, t2,
                           MAX_SHAPE);
    return value__fail(VALUE_EINVAL, "parameter '%s': %s shape %s must be in (0, %g]", name, label, t1, MAX_SHAPE);
}

/* Beta: store shapes, log B and P(X <= 1/2) (which side of 1/2 a quantile
 * lies on).  Valid shapes reach no GSL error handler (lib/core/gsl_guard.c);
 * GSL is bracketed all the same and its values are checked. */
static int set_beta(column *c, const char *name, double s1, double s2)
{
    int rc = check_shapes(name, "beta", s1, s2, 2);
    if (rc)
        return rc;
    value__gsl_begin();
    c->p[0] = s1;
    c->p[1] = s2;
    c->p[2] = gsl_sf_lnbeta(s1, s2);
    c->p[3] = gsl_cdf_beta_P(0.5, s1, s2);
    if ((rc = value__gsl_end("beta distribution")))
        return rc;
    if (!isfinite(c->p[2]) || !(c->p[3] >= 0 && c->p[3] <= 1))
        return value__fail(VALUE_ENUMERIC, "parameter '%s': the beta(%g, %g) normalisation cannot be computed", name,
                           s1, s2);
    return VALUE_OK;
}

static int set_gamma(column *c, const char *name, double shape, double scale)
{
    int rc = check_shapes(name, "gamma", shape, 0, 1);
    if (rc)
        return rc;
    value__gsl_begin();
    c->p[0] = shape;
    c->p[1] = scale;
    c->p[2] = gsl_sf_lngamma(shape);
    if ((rc = value__gsl_end("gamma distribution")))
        return rc;
    if (!isfinite(c->p[2]))
        return value__fail(VALUE_ENUMERIC, "parameter '%s': log Gamma(%g) cannot be computed", name, shape);
    return VALUE_OK;
}

/* A location and a scale (named scale_name, > 0) kept as given: normal
 * (mean, sd), lognormal (meanlog, sdlog). */
static int set_location_scale(column *col, const char *name, const char *scale_name, const double v[4])
{
    int rc = need_positive(name, scale_name, v[1]);
    if (rc)
        return rc;
    col->p[0] = v[0];
    col->p[1] = v[1];
    return VALUE_OK;
}

/* Validate (a, b, c, d) for `kind` and store the distribution in col. */
static int set_distribution(column *col, const char *name, value_sampler_dist kind, const double v[4])
{
    const kind_info *info = &kinds[kind];
    for (int k = 0; k < info->n_args; k++) {
        if (!isfinite(v[k])) {
            char t[32];
            value__format_double(v[k], t, sizeof t);
            return value__fail(VALUE_EINVAL, "parameter '%s': %s is %s", name, info->arg[k], t);
        }
    }
    char t1[32], t2[32], t3[32];
    int rc;
    col->kind = kind;
    memset(col->p, 0, sizeof col->p);
    switch (kind) {
    case VALUE_SAMPLER_FIXED: col->p[0] = v[0]; return VALUE_OK;
    case VALUE_SAMPLER_NORMAL: return set_location_scale(col, name, "sd", v);
    case VALUE_SAMPLER_TRUNCNORMAL: {
        if ((rc = need_positive(name, "sd", v[1])))
            return rc;
        if (!(v[3] > v[2])) {
            value__format_double(v[2], t1, sizeof t1);
            value__format_double(v[3], t2, sizeof t2);
            return value__fail(VALUE_EINVAL,
                               "parameter '%s': truncated normal upper must be > lower, got lower %s and upper %s",
                               name, t1, t2);
        }
        double a = (v[2] - v[0]) / v[1], b = (v[3] - v[0]) / v[1];
        /* The mass between the bounds, from whichever tail keeps its digits. */
        double mass = a + b > 0 ? gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b)
                                : gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
        if (!(mass >= DBL_MIN)) {
            value__format_double(v[2], t1, sizeof t1);
            value__format_double(v[3], t2, sizeof t2);
            return value__fail(VALUE_EINVAL,
                               "parameter '%s': truncated normal bounds [%s, %s] lie too far in a tail of the normal "
                               "(probability below %g)",
                               name, t1, t2, DBL_MIN);
        }
        double tmp[7] = {v[0], v[1], v[2], v[3], gsl_cdf_ugaussian_P(a), gsl_cdf_ugaussian_Q(b), mass};
        memcpy(col->p, tmp, sizeof tmp);
        return VALUE_OK;
    }
    case VALUE_SAMPLER_UNIFORM:
        if (!(v[1] > v[0]) || !isfinite(v[1] - v[0])) {
            value__format_double(v[0], t1, sizeof t1);
            value__format_double(v[1], t2, sizeof t2);
            return value__fail(
                VALUE_EINVAL, "parameter '%s': uniform max must be > min (and max - min finite), got min %s and max %s",
                name, t1, t2);
        }
        col->p[0] = v[0];
        col->p[1] = v[1];
        return VALUE_OK;
    case VALUE_SAMPLER_TRIANGULAR: {
        double lo = v[0], mode = v[1], hi = v[2], width = hi - lo;
        if (!(lo <= mode && mode <= hi && lo < hi) || !isfinite(width)) {
            value__format_double(lo, t1, sizeof t1);
            value__format_double(mode, t2, sizeof t2);
            value__format_double(hi, t3, sizeof t3);
            return value__fail(
                VALUE_EINVAL,
                "parameter '%s': triangular needs min <= mode <= max with min < max, got min %s, mode %s, max %s", name,
                t1, t2, t3);
        }
        double tmp[5] = {lo, mode, hi, (mode - lo) / width, (hi - mode) / width};
        memcpy(col->p, tmp, sizeof tmp);
        return VALUE_OK;
    }
    case VALUE_SAMPLER_BETA:
        if ((rc = need_positive(name, "shape1", v[0])) || (rc = need_positive(name, "shape2", v[1])))
            return rc;
        return set_beta(col, name, v[0], v[1]);
    case VALUE_SAMPLER_BETA_MEANSD: {
        double mean = v[0], sd = v[1];
        if ((rc = need_mean_sd(name, "beta", mean, sd, 1)))
            return rc;
        double spread = mean * (1 - mean);
        if (!(sd * sd < spread)) {
            value__format_double(sd, t1, sizeof t1);
            value__format_double(mean, t2, sizeof t2);
            return value__fail(VALUE_EINVAL,
                               "parameter '%s': sd %s is too large for a beta with mean %s: sd^2 must be < "
                               "mean(1 - mean) = %.15g",
                               name, t1, t2, spread);
        }
        double k = spread / (sd * sd) - 1; /* alpha + beta */
        return set_beta(col, name, mean * k, (1 - mean) * k);
    }
    case VALUE_SAMPLER_GAMMA_MEANSD: {
        double mean = v[0], sd = v[1];
        if ((rc = need_mean_sd(name, "gamma", mean, sd, 0)))
            return rc;
        double cv = sd / mean;
        double scale = sd * cv; /* sd^2 / mean, without squaring sd */
        if (!(scale > 0 && isfinite(scale)))
            return value__fail(VALUE_EINVAL, "parameter '%s': gamma scale sd^2/mean is out of range", name);
        return set_gamma(col, name, 1 / (cv * cv), scale);
    }
    case VALUE_SAMPLER_LOGNORMAL_MEANSD: {
        double mean = v[0], sd = v[1];
        if ((rc = need_mean_sd(name, "lognormal", mean, sd, 0)))
            return rc;
        double cv = sd / mean;
        double var_log = log1p(cv * cv);
        if (!(var_log > 0 && isfinite(var_log))) {
            value__format_double(mean, t1, sizeof t1);
            value__format_double(sd, t2, sizeof t2);
            return value__fail(VALUE_EINVAL,
                               "parameter '%s': a lognormal with mean %s and sd %s has sdlog out of range", name, t1,
                               t2);
        }
        col->p[0] = log(mean) - var_log / 2;
        col->p[1] = sqrt(var_log);
        return VALUE_OK;
    }
    case VALUE_SAMPLER_LOGNORMAL_LOG: return set_location_scale(col, name, "sdlog", v);
    }
    return value__fail(VALUE_EINVAL, "parameter '%s': unknown distribution kind %d", name, (int)kind);
}

/* ---- quantiles ------------------------------------------------------------- */

/*
 * Beta and gamma quantiles.  Solve T(w) = t for w, where T is the lower
 * tail P or the upper tail Q of beta(a, b) or gamma(a, scale 1), whichever
 * of the two targets (u or 1 - u) is smaller, so that t is known to full
 * relative precision.  Newton's method runs on log T as a function of
 * y = log w: in either tail log T is close to linear in log w (P ~ C w^a
 * near 0), so it converges in a few steps and w comes out with full
 * relative precision however small it is.  A bracket [lo, hi] on y, updated
 * at every step, turns any step that leaves it into a bisection.
 */
typedef struct tail_problem {
    int is_beta;     /* beta(a, b) on (0, 1/2], else gamma(a, 1) */
    double a, b;     /* shapes */
    double log_norm; /* log B(a, b) or log Gamma(a) */
    int upper;       /* 1: T = Q, 0: T = P */
    double log_t;    /* log of the target tail probability */
} tail_problem;

/* g(y) = log T(e^y) - log t, signed to increase with y; *slope = g'(y). */
static double tail_eval(const tail_problem *tp, double y, double *slope)
{
    double w = exp(y), T;
    if (tp->is_beta)
        T = tp->upper ? gsl_cdf_beta_Q(w, tp->a, tp->b) : gsl_cdf_beta_P(w, tp->a, tp->b);
    else
        T = tp->upper ? gsl_cdf_gamma_Q(w, tp->a, 1) : gsl_cdf_gamma_P(w, tp->a, 1);
    double log_T = log(T);
    /* log of w f(w), the density of y = log w */
    double log_wf = tp->a * y - tp->log_norm + (tp->is_beta ? (tp->b - 1) * log1p(-w) : -w);
    *slope = exp(log_wf - log_T);
    double g = log_T - tp->log_t;
    return tp->upper ? -g : g;
}

static double tail_solve(const tail_problem *tp, double y, double lo, double hi)
{
    if (!(y > lo && y < hi))
        y = lo / 2 + hi / 2;
    for (int iter = 0; iter < 200; iter++) {
        double slope, g = tail_eval(tp, y, &slope);
        if (isnan(g))
            return NAN;
        if (g == 0)
            return y;
        if (g > 0)
            hi = y;
        else
            lo = y;
        double step = g / slope;
        /* Converged: tested before the bracket, since a last step below
         * the rounding of y may land on the bracket's end. */
        if (fabs(step) <= 4 * DBL_EPSILON * fmax(1, fabs(y)))
            return y - step;
        double next = y - step;
        if (!(next > lo && next < hi)) { /* also a NaN step, where T underflowed */
            next = lo / 2 + hi / 2;
            if (next == lo || next == hi) /* the bracket is down to adjacent doubles */
                return next;
        }
        y = next;
    }
    return y;
}

/* y below which e^y is 0 in double precision (the lower end of every
 * bracket), and log(1/2), the upper end of a beta's. */
#define LOG_ZERO (-746.0)
#define LOG_HALF (-0.69314718055994530942)

/* The w in (0, 1/2] with P(w) = u, 1 - P(w) = v, for beta(a, b); z is the
 * normal score of u, for the starting point. */
static double beta_lower_half(double a, double b, double log_norm, double u, double v, double z)
{
    tail_problem tp = {1, a, b, log_norm, u > 0.5, u > 0.5 ? log(v) : log(u)};
    double mean = a / (a + b), sd = sqrt(a * b / (a + b + 1)) / (a + b);
    double guess = mean + sd * z;
    /* Far in the left tail, where the normal guess is negative, use the
     * leading term P(w) ~ w^a / (a B(a, b)). */
    double y0 = guess > 0 ? log(guess) : (log(u) + log(a) + log_norm) / a;
    return exp(tail_solve(&tp, y0, LOG_ZERO, LOG_HALF));
}

static double beta_quantile(const double *p, double u, double v, double z)
{
    if (u <= p[3]) /* the quantile is at most 1/2 */
        return beta_lower_half(p[0], p[1], p[2], u, v, z);
    /* 1 - X is beta(b, a), and its quantile at v is at most 1/2 */
    return 1 - beta_lower_half(p[1], p[0], p[2], v, u, -z);
}

static double gamma_quantile(const double *p, double u, double v, double z)
{
    double a = p[0];
    tail_problem tp = {0, a, 0, p[2], u > 0.5, u > 0.5 ? log(v) : log(u)};
    /* Wilson-Hilferty: (X/a)^(1/3) is nearly normal; for small shapes the
     * lower tail's leading term P(x) ~ x^a / Gamma(a + 1) instead. */
    double c = 1 - 1 / (9 * a) + z / (3 * sqrt(a));
    double y0 = c > 0 ? log(a) + 3 * log(c) : (log(u) + log(a) + p[2]) / a;
    return p[1] * exp(tail_solve(&tp, y0, LOG_ZERO, log(DBL_MAX)));
}

/* X = mean + sd Phi^{-1}(Phi(a) + u (Phi(b) - Phi(a))), the standardised
 * quantile taken from whichever tail its probability is smaller in. */
static double truncnormal_quantile(const double *p, double u, double v)
{
    double lower_tail = p[4] + u * p[6];
    double s = lower_tail <= 0.5 ? gsl_cdf_ugaussian_Pinv(lower_tail) : gsl_cdf_ugaussian_Qinv(p[5] + v * p[6]);
    double x = p[0] + p[1] * s;
    return x < p[2] ? p[2] : x > p[3] ? p[3] : x;
}

static double triangular_quantile(const double *p, double u, double v)
{
    double width = p[2] - p[0];
    if (u < p[3])
        return p[0] + width * sqrt(u * p[3]);
    return p[2] - width * sqrt(v * p[4]);
}

/* F^{-1}(Phi(y)) for a copula column. */
static double quantile(const column *c, double y)
{
    double u = gsl_cdf_ugaussian_P(y), v = gsl_cdf_ugaussian_Q(y);
    const double *p = c->p;
    switch (c->kind) {
    case VALUE_SAMPLER_NORMAL: return p[0] + p[1] * y;
    case VALUE_SAMPLER_TRUNCNORMAL: return truncnormal_quantile(p, u, v);
    case VALUE_SAMPLER_UNIFORM: return u <= 0.5 ? gsl_cdf_flat_Pinv(u, p[0], p[1]) : gsl_cdf_flat_Qinv(v, p[0], p[1]);
    case VALUE_SAMPLER_TRIANGULAR: return triangular_quantile(p, u, v);
    case VALUE_SAMPLER_BETA:
    case VALUE_SAMPLER_BETA_MEANSD: return beta_quantile(p, u, v, y);
    case VALUE_SAMPLER_GAMMA_MEANSD: return gamma_quantile(p, u, v, y);
    case VALUE_SAMPLER_LOGNORMAL_MEANSD:
    case VALUE_SAMPLER_LOGNORMAL_LOG: return exp(p[0] + p[1] * y);
    default: return NAN; /* fixed and Dirichlet columns are not copula columns */
    }
}

/* ---- the sampler ------------------------------------------------------------- */

int value_sampler_new(value_sampler **out)
{
    int rc = value__check_ptr(out, "out");
    if (rc)
        return rc;
    value_sampler *s = calloc(1, sizeof *s);
    if (s == NULL)
        return value__fail(VALUE_ENOMEM, "value_sampler_new: out of memory");
    *out = s;
    return VALUE_OK;
}

void value_sampler_free(value_sampler *s)
{
    if (s == NULL)
        return;
    for (size_t j = 0; j < s->n_cols; j++)
        free(s->cols[j].name);
    for (size_t b = 0; b < s->n_blocks; b++)
        free(s->blocks[b].alpha);
    free(s->cols);
    free(s->blocks);
    free(s->corr);
    free(s);
}

int value_sampler_add(value_sampler *s, const char *name, value_sampler_dist kind, double a, double b, double c, double d,
                      size_t *out_index)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = value__check_ptr(out_index, "out_index")) ||
        (rc = check_new_name(s, name)))
        return rc;
    if ((int)kind < VALUE_SAMPLER_FIXED || (int)kind > VALUE_SAMPLER_LOGNORMAL_LOG)
        return value__fail(VALUE_EINVAL, "parameter '%s': unknown distribution kind %d", name, (int)kind);
    column col = {0};
    const double v[4] = {a, b, c, d};
    if ((rc = set_distribution(&col, name, kind, v)) ||
        (rc = reserve((void **)&s->cols, &s->cap_cols, s->n_cols, 1, sizeof *s->cols)))
        return rc;
    if ((col.name = value__strdup(name)) == NULL)
        return value__fail(VALUE_ENOMEM, "sampler: out of memory");
    s->cols[s->n_cols] = col;
    *out_index = s->n_cols++;
    return VALUE_OK;
}

int value_sampler_add_dirichlet(value_sampler *s, const char *name, const double *alpha, size_t k, size_t *out_first)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = value__check_ptr(out_first, "out_first")))
        return rc;
    if ((rc = check_name(name)))
        return rc;
    if (alpha == NULL)
        return value__fail(VALUE_EINVAL, "parameter '%s': alpha is NULL", name);
    if (k < 2)
        return value__fail(VALUE_EINVAL, "parameter '%s': a Dirichlet block needs k >= 2, got %zu", name, k);
    for (size_t j = 0; j < k; j++) {
        if (!(alpha[j] >= MIN_ALPHA && alpha[j] <= MAX_ALPHA)) {
            char t[32];
            value__format_double(alpha[j], t, sizeof t);
            return value__fail(VALUE_EINVAL, "parameter '%s': alpha[%zu] must be in [%g, %g], got %s", name, j,
                               MIN_ALPHA, MAX_ALPHA, t);
        }
    }
    if (k > (SIZE_MAX - s->n_cols) / sizeof *s->cols)
        return value__fail(VALUE_ENOMEM, "sampler: out of memory");

    /* Build the k names first: nothing is added unless all of it fits. */
    size_t len = strlen(name) + 3 * sizeof(size_t) + 3;
    char **names = calloc(k, sizeof *names);
    double *alpha_copy = malloc(k * sizeof *alpha_copy);
    rc = names && alpha_copy ? VALUE_OK : value__fail(VALUE_ENOMEM, "sampler: out of memory");
    for (size_t j = 0; j < k && rc == VALUE_OK; j++) {
        if ((names[j] = malloc(len)) == NULL) {
            rc = value__fail(VALUE_ENOMEM, "sampler: out of memory");
            break;
        }
        snprintf(names[j], len, "%s[%zu]", name, j);
        if (name_taken(s, names[j]))
            rc = value__fail(VALUE_EINVAL, "parameter '%s' already exists", names[j]);
    }
    if (rc == VALUE_OK)
        rc = reserve((void **)&s->cols, &s->cap_cols, s->n_cols, k, sizeof *s->cols);
    if (rc == VALUE_OK)
        rc = reserve((void **)&s->blocks, &s->cap_blocks, s->n_blocks, 1, sizeof *s->blocks);
    if (rc) {
        for (size_t j = 0; names && j < k; j++)
            free(names[j]);
        free(names);
        free(alpha_copy);
        return rc;
    }
    memcpy(alpha_copy, alpha, k * sizeof *alpha_copy);
    s->blocks[s->n_blocks++] = (block){s->n_cols, k, alpha_copy};
    *out_first = s->n_cols;
    for (size_t j = 0; j < k; j++)
        s->cols[s->n_cols++] = (column){names[j], KIND_DIRICHLET, {0}};
    free(names);
    return VALUE_OK;
}

/* A column that can be correlated: in range, not fixed, not Dirichlet. */
static int check_copula_column(const value_sampler *s, size_t index, const char *arg)
{
    if (index >= s->n_cols)
        return value__fail(VALUE_EINVAL, "%s is %zu, not in [0, %zu) (the sampler has %zu columns)", arg, index,
                           s->n_cols, s->n_cols);
    const column *c = &s->cols[index];
    if (c->kind == VALUE_SAMPLER_FIXED)
        return value__fail(VALUE_EINVAL, "%s: column %zu ('%s') is fixed and cannot be correlated", arg, index,
                           c->name);
    if (c->kind == KIND_DIRICHLET)
        return value__fail(VALUE_EINVAL, "%s: column %zu ('%s') is in a Dirichlet block and cannot be correlated", arg,
                           index, c->name);
    return VALUE_OK;
}

int value_sampler_set_correlation(value_sampler *s, size_t i, size_t j, double rho)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = check_copula_column(s, i, "i")) ||
        (rc = check_copula_column(s, j, "j")))
        return rc;
    if (i == j)
        return value__fail(VALUE_EINVAL, "i and j are both column %zu; they must be different columns", i);
    if ((rc = value__check_finite(rho, "rho")))
        return rc;
    if (!(rho > -1 && rho < 1)) {
        char t[32];
        value__format_double(rho, t, sizeof t);
        return value__fail(VALUE_EINVAL, "rho must be in (-1, 1), got %s", t);
    }
    size_t lo = i < j ? i : j, hi = i < j ? j : i;
    for (size_t k = 0; k < s->n_corr; k++) {
        if (s->corr[k].i == lo && s->corr[k].j == hi) {
            s->corr[k].rho = rho;
            return VALUE_OK;
        }
    }
    if ((rc = reserve((void **)&s->corr, &s->cap_corr, s->n_corr, 1, sizeof *s->corr)))
        return rc;
    s->corr[s->n_corr++] = (correlation){lo, hi, rho};
    return VALUE_OK;
}

int value_sampler_count(const value_sampler *s, size_t *out)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = value__check_ptr(out, "out")))
        return rc;
    *out = s->n_cols;
    return VALUE_OK;
}

int value_sampler_name(const value_sampler *s, size_t index, const char **out)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (index >= s->n_cols)
        return value__fail(VALUE_EINVAL, "index is %zu, not in [0, %zu) (the sampler has %zu columns)", index,
                           s->n_cols, s->n_cols);
    *out = s->cols[index].name;
    return VALUE_OK;
}

static int is_copula(const column *c)
{
    return c->kind != VALUE_SAMPLER_FIXED && c->kind != KIND_DIRICHLET;
}

/* The lower Cholesky factor of the copula columns' correlation matrix, in
 * *out (q x q, row-major, malloc'd); NULL when no correlation was set. */
static int correlation_factor(const value_sampler *s, size_t q, double **out)
{
    *out = NULL;
    if (s->n_corr == 0)
        return VALUE_OK;
    /* copula index of every column */
    size_t *slot = malloc(s->n_cols * sizeof *slot);
    double *L = q <= SIZE_MAX / sizeof *L / q ? calloc(q * q, sizeof *L) : NULL;
    if (slot == NULL || L == NULL) {
        free(slot);
        free(L);
        return value__fail(VALUE_ENOMEM, "value_sampler_draw: out of memory for the %zu x %zu correlation matrix", q,
                           q);
    }
    for (size_t j = 0, c = 0; j < s->n_cols; j++)
        slot[j] = is_copula(&s->cols[j]) ? c++ : SIZE_MAX;
    for (size_t c = 0; c < q; c++)
        L[c * q + c] = 1;
    for (size_t k = 0; k < s->n_corr; k++) {
        size_t a = slot[s->corr[k].i], b = slot[s->corr[k].j];
        L[a * q + b] = L[b * q + a] = s->corr[k].rho;
    }
    free(slot);
    /* The one Cholesky (lib/core/linalg.c): GSL's would report a matrix
     * that is not positive definite through its error handler, which the
     * host may have replaced (see lib/core/gsl_guard.c). */
    if (value__cholesky(L, L, q, 0.0, NULL, NULL) != VALUE_OK) {
        free(L);
        return value__fail(VALUE_EDOM, "correlation matrix is not positive definite");
    }
    *out = L;
    return VALUE_OK;
}

/* A copula column whose quantile can fail to be a finite number (an
 * overflow, or a beta or gamma quantile that cannot be computed); the
 * others are bounded (fixed, truncated normal, uniform, triangular) or,
 * for Dirichlet blocks, finite by MIN_ALPHA and MAX_ALPHA. */
static int may_fail(const column *c)
{
    switch (c->kind) {
    case VALUE_SAMPLER_NORMAL:
    case VALUE_SAMPLER_BETA:
    case VALUE_SAMPLER_BETA_MEANSD:
    case VALUE_SAMPLER_GAMMA_MEANSD:
    case VALUE_SAMPLER_LOGNORMAL_MEANSD:
    case VALUE_SAMPLER_LOGNORMAL_LOG: return 1;
    default: return 0;
    }
}

/* MT19937, allocated here: gsl_rng_alloc() reports a failed allocation
 * through GSL's error handler.  gsl_rng_set() is what gsl_rng_alloc()
 * would call, so the stream is GSL's to the bit. */
static gsl_rng *rng_new(uint64_t seed)
{
    gsl_rng *r = malloc(sizeof *r);
    void *state = r ? malloc(gsl_rng_mt19937->size) : NULL;
    if (state == NULL) {
        free(r);
        return NULL;
    }
    r->type = gsl_rng_mt19937;
    r->state = state;
    gsl_rng_set(r, (unsigned long)((seed ^ (seed >> 32)) & 0xffffffffu));
    return r;
}

static void rng_free(gsl_rng *r)
{
    if (r != NULL)
        free(r->state);
    free(r);
}

/* One pass over the n draws.  With out, every value is written there;
 * without (the check pass), each row goes to `row` (p values) and only the
 * columns that may fail are evaluated.  Returns VALUE_OK, or VALUE_ENOMEM,
 * or the first draw and column whose value is not finite (*bad_col below
 * SIZE_MAX, *bad_value the value). */
static int draw_pass(const value_sampler *s, const double *L, size_t q, uint64_t seed, size_t n, double *out,
                     double *row, double *z, size_t *bad_col, size_t *bad_draw, double *bad_value)
{
    size_t p = s->n_cols;
    *bad_col = SIZE_MAX;
    gsl_rng *rng = rng_new(seed);
    if (rng == NULL)
        return value__fail(VALUE_ENOMEM, "value_sampler_draw: out of memory for the generator");
    for (size_t i = 0; i < n && *bad_col == SIZE_MAX; i++) {
        if (out != NULL)
            row = out + i * p;
        for (size_t c = 0; c < q; c++)
            z[c] = gsl_ran_gaussian_ziggurat(rng, 1.0);
        if (L != NULL) /* z = L z in place: row c needs z_0..z_c, so go upwards from the last */
            for (size_t c = q; c-- > 0;) {
                double sum = 0;
                for (size_t k = 0; k <= c; k++)
                    sum += L[c * q + k] * z[k];
                z[c] = sum;
            }
        for (size_t j = 0, c = 0; j < p; j++) {
            const column *col = &s->cols[j];
            if (col->kind == VALUE_SAMPLER_FIXED)
                row[j] = col->p[0];
            else if (col->kind != KIND_DIRICHLET) {
                double y = z[c++];
                if (out == NULL && !may_fail(col))
                    continue;
                row[j] = quantile(col, y);
                if (!isfinite(row[j]) || value__gsl_pending()) {
                    *bad_col = j;
                    *bad_draw = i;
                    *bad_value = row[j];
                    break;
                }
            }
        }
        for (size_t b = 0; b < s->n_blocks && *bad_col == SIZE_MAX; b++)
            gsl_ran_dirichlet(rng, s->blocks[b].k, s->blocks[b].alpha, row + s->blocks[b].first);
    }
    rng_free(rng);
    return VALUE_OK;
}

int value_sampler_draw(const value_sampler *s, uint64_t seed, size_t n, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = value__check_ptr(out, "out")))
        return rc;
    size_t p = s->n_cols;
    if (p == 0)
        return value__fail(VALUE_EINVAL, "the sampler has no parameters");
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if (n > SIZE_MAX / p)
        return value__fail(VALUE_EINVAL, "n x p = %zu x %zu is too large", n, p);
    if ((rc = value__check_length("out_len", out_len, n * p, "n x parameters")))
        return rc;

    size_t q = 0;
    for (size_t j = 0; j < p; j++)
        q += (size_t)is_copula(&s->cols[j]);
    double *L, *z = malloc((q ? q : 1) * sizeof *z);
    if (z == NULL)
        return value__fail(VALUE_ENOMEM, "value_sampler_draw: out of memory");
    if ((rc = correlation_factor(s, q, &L))) {
        free(z);
        return rc;
    }

    /* Nothing is written to out unless every value is finite: when some
     * column may fail, a first pass draws the same stream into one row
     * and checks those columns, and only then does the second write. */
    int check_first = 0;
    for (size_t j = 0; j < p; j++)
        check_first |= may_fail(&s->cols[j]);
    double *row = check_first ? malloc(p * sizeof *row) : NULL;
    if (check_first && row == NULL) {
        free(z);
        free(L);
        return value__fail(VALUE_ENOMEM, "value_sampler_draw: out of memory");
    }
    size_t bad_col = SIZE_MAX, bad_draw = 0;
    double bad_value = 0;
    value__gsl_begin();
    if (check_first)
        rc = draw_pass(s, L, q, seed, n, NULL, row, z, &bad_col, &bad_draw, &bad_value);
    if (rc == VALUE_OK && bad_col == SIZE_MAX && value__gsl_pending() == 0)
        rc = draw_pass(s, L, q, seed, n, out, NULL, z, &bad_col, &bad_draw, &bad_value);
    free(row);
    free(z);
    free(L);

    char where[160] = "value_sampler_draw";
    if (bad_col != SIZE_MAX)
        snprintf(where, sizeof where, "parameter '%s', draw %zu", s->cols[bad_col].name, bad_draw);
    int grc = value__gsl_end(where);
    if (rc)
        return rc;
    if (grc)
        return grc;
    if (bad_col != SIZE_MAX)
        return value__fail(isnan(bad_value) ? VALUE_ENUMERIC : VALUE_ERANGE, "%s: the value is %s", where,
                           isnan(bad_value) ? "NaN" : "out of the range of a double");
    return VALUE_OK;
}
