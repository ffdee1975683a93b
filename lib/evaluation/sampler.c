/*
 * Parameter sampling for PSA: independent marginals by fast exact methods,
 * a Gaussian copula for correlated ones, multivariate normal and Dirichlet
 * blocks, all from counter-based streams.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Use of the random numbers, so that another implementation (a binding, a
 * port, a check in R or numpy) can reproduce the draws exactly (value.h's
 * sampler group says the same for users):
 *
 * - Every cell (draw i, column j) has a stream of its own, Philox4x32-10
 *   keyed by the seed with counter (b, j, i mod 2^32, i div 2^32), b =
 *   0, 1, ... (sampler.h).  A cell's value depends on (seed, i, j) and the
 *   distributions only, so rows can be drawn in any order, in chunks, on
 *   any number of threads, and n = 10 gives the first 10 rows of n = 1000.
 * - From a stream: uniforms u = ((w >> 12) + 1/2) 2^-52 of 64-bit words w;
 *   standard normals by the ziggurat below; gamma variates by Marsaglia &
 *   Tsang (below).
 * - Independent columns (not named in a correlation): normal mean + sd z,
 *   lognormal exp(meanlog + sdlog z), z the cell's first normal; uniform,
 *   triangular and truncated normal by their quantile at the cell's first
 *   uniform (uniform(a, b): a + (b - a) u for u <= 1/2, else
 *   b - (b - a)(1 - u)); gamma scale G; beta X / (X + Y) with X then Y
 *   drawn from the cell's stream, or 1 / (1 + exp(log Y - log X)) when a
 *   shape is below 1 (where X and Y can both underflow).
 * - Copula columns (named in a correlation), q of them in column order: z_c
 *   the first normal of each one's cell, y = L z with L the lower Cholesky
 *   factor of their correlation matrix (value__cholesky), and
 *   x = F^{-1}(Phi(y_c)) (quantile()).
 * - A multivariate normal block of k columns: z_c the first normal of each
 *   column's cell, x = mean + L z with L the Cholesky factor of the
 *   covariance, sums in increasing c.
 * - A Dirichlet block: log G_j = log gamma(alpha_j) from column j's cell,
 *   m = max_j log G_j, x_j = e_j / sum e, e_j = exp(log G_j - m).
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
#include "core/threads.h"
#include "evaluation/sampler.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

/* Internal kinds of a column in a block (not value_sampler_dist values). */
#define KIND_DIRICHLET 0
#define KIND_MVNORMAL (-1)

/* The largest beta or gamma shape accepted.  The quantiles (for copula
 * columns) are as accurate as GSL's incomplete beta and gamma functions
 * that they invert: about 1e-15 relative for moderate shapes, 1e-11 for
 * beta shapes near 1e5 and 1e-9 for gamma shapes near 1e5 (checked against
 * R and mpmath on a grid of shapes 1e-3..1e5 and normal scores -10..10,
 * with no GSL error).  Past it they lose more or fail (the incomplete beta
 * at shapes 1e6 and 1e6 is NaN); a distribution that tight is a fixed
 * value for any model. */
#define MAX_SHAPE 1e5

/* The range of a Dirichlet concentration: the draws are finite for any
 * alpha > 0 (they are formed from log-gammas), and these bounds are the
 * documented ones. */
#define MIN_ALPHA 1e-300
#define MAX_ALPHA 1e15

/* A column's index is a word of the streams' counter. */
#define MAX_COLUMNS UINT32_MAX

typedef struct column {
    char *name;
    int kind; /* a value_sampler_dist, KIND_DIRICHLET or KIND_MVNORMAL */
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
    /* Beta: the generators of shape1 and shape2; gamma and a Dirichlet
     * column: g[0]. */
    value__gamma_gen g[2];
} column;

typedef struct block {
    int kind;       /* KIND_DIRICHLET or KIND_MVNORMAL */
    size_t first, k;
    double *mvn;    /* mvnormal: k means, then L (k x k, lower, row-major) */
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
    size_t threads;
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

/* Room for `more` columns: a column's index must fit the streams' counter
 * word (MAX_COLUMNS), then memory. */
static int reserve_columns(value_sampler *s, size_t more)
{
    if (more > MAX_COLUMNS - s->n_cols)
        return value__fail(VALUE_EINVAL, "a sampler holds at most %lu columns", (unsigned long)MAX_COLUMNS);
    return reserve((void **)&s->cols, &s->cap_cols, s->n_cols, more, sizeof *s->cols);
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
    value__gamma_setup(&c->g[0], s1);
    value__gamma_setup(&c->g[1], s2);
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
    value__gamma_setup(&c->g[0], shape);
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

/* ---- random streams and variates (sampler.h) ---------------------------------- */

void value__philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    /* Salmon et al. (2011), Philox-4x32 with 10 rounds: each round two
     * 32 x 32 -> 64-bit products and a permutation with the key; the key
     * is bumped by the Weyl constants before rounds 2..10. */
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3], k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        uint64_t p0 = (uint64_t)0xD2511F53u * c0, p1 = (uint64_t)0xCD9E8D57u * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0, n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        c0 = n0;
        c1 = (uint32_t)p1;
        c2 = n2;
        c3 = (uint32_t)p0;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

void value__stream_init(value__stream *st, uint64_t seed, uint64_t draw, uint32_t col)
{
    st->key[0] = (uint32_t)seed;
    st->key[1] = (uint32_t)(seed >> 32);
    st->ctr[0] = 0;
    st->ctr[1] = col;
    st->ctr[2] = (uint32_t)draw;
    st->ctr[3] = (uint32_t)(draw >> 32);
    st->used = 2; /* block 0 is made on first use */
}

uint64_t value__stream_bits(value__stream *st)
{
    if (st->used == 2) {
        value__philox4x32_10(st->ctr, st->key, st->out);
        st->ctr[0]++;
        st->used = 0;
    }
    unsigned k = 2 * st->used++;
    return (uint64_t)st->out[k + 1] << 32 | st->out[k];
}

double value__stream_uniform(value__stream *st)
{
    return ((double)(value__stream_bits(st) >> 12) + 0.5) * 0x1p-52;
}

/*
 * The ziggurat for the standard normal (Marsaglia & Tsang, "The ziggurat
 * method for generating random variables", J. Stat. Softw. 5(8), 2000),
 * with 128 layers of area v under f(x) = exp(-x^2/2): x_1 = r, x_{i+1} =
 * f^{-1}(v / x_i + f(x_i)) for i = 1..126, x_128 = 0, and the base layer's
 * width x_0 = v / f(r) (its rectangle [0, r] x [0, f(r)] and the tail
 * beyond r).  r = 3.44261985589665 makes the recurrence end at exactly
 * f(x_127) + v / x_127 = 1, and v = r f(r) + sqrt(pi/2) erfc(r/sqrt 2) =
 * 0.00991256303533646 (Marsaglia & Tsang print r = 3.442619855899 and
 * v = 9.91256303526217e-3).  The tables are x_i and f(x_i) computed with
 * 60 digits (mpmath) and rounded to the nearest double; tests check them.
 */
const double value__zig_x[129] = {
    0x1.db4668fe7d167p+1, 0x1.b8a7c476d1741p+1, 0x1.9c8e0c7c7f35ep+1,
    0x1.8aa73e440e862p+1, 0x1.7d45eb36e9ff4p+1, 0x1.7279dd4ac2679p+1,
    0x1.695c2be68d3e4p+1, 0x1.616dff7c8dab3p+1, 0x1.5a61edf7e73f4p+1,
    0x1.540520129e8c8p+1, 0x1.4e3456b0e1da8p+1, 0x1.48d61806d430cp+1,
    0x1.43d75b60bac8dp+1, 0x1.3f29848d395fep+1, 0x1.3ac11b8e1e839p+1,
    0x1.3694f3a3721bap+1, 0x1.329d9725e1358p+1, 0x1.2ed4df8097554p+1,
    0x1.2b35aa5ebcda5p+1, 0x1.27bba2b5d9b7dp+1, 0x1.246317a6b3231p+1,
    0x1.2128dd36bbd01p+1, 0x1.1e0a342cee675p+1, 0x1.1b04b731f48d4p+1,
    0x1.18164be0bf8c9p+1, 0x1.153d16d455057p+1, 0x1.1277720181096p+1,
    0x1.0fc3e4d95cda5p+1, 0x1.0d211dd288ac4p+1, 0x1.0a8ded0ec1159p+1,
    0x1.08093fe3e1aa9p+1, 0x1.05921d1c4b0b9p+1, 0x1.0327a1cc4a836p+1,
    0x1.00c8fea16f933p+1, 0x1.fceaeb2ca0ee2p+0, 0x1.f858aff317ac8p+0,
    0x1.f3da09745b605p+0, 0x1.ef6dcddc7807dp+0, 0x1.eb12e914817afp+0,
    0x1.e6c85a8495b0dp+0, 0x1.e28d331c61c36p+0, 0x1.de609397db2b3p+0,
    0x1.da41aaf794b3cp+0, 0x1.d62fb5257b279p+0, 0x1.d229f9bfe95c7p+0,
    0x1.ce2fcb05f3115p+0, 0x1.ca4084e08c207p+0, 0x1.c65b8c04d5d84p+0,
    0x1.c2804d2c6531dp+0, 0x1.beae3c60c7179p+0, 0x1.bae4d457e8092p+0,
    0x1.b72395df55593p+0, 0x1.b36a075492a98p+0, 0x1.afb7b428f83acp+0,
    0x1.ac0c2c6fbfe60p+0, 0x1.a8670475107fbp+0, 0x1.a4c7d45cfb2a5p+0,
    0x1.a12e37c97caa0p+0, 0x1.9d99cd86aeea8p+0, 0x1.9a0a373c6d3ccp+0,
    0x1.967f1924c0e62p+0, 0x1.92f819c67bdfdp+0, 0x1.8f74e1b375764p+0,
    0x1.8bf51b49e8281p+0, 0x1.8878727879e86p+0, 0x1.84fe948480027p+0,
    0x1.81872fd216669p+0, 0x1.7e11f3ada7506p+0, 0x1.7a9e9016840d7p+0,
    0x1.772cb58a3242ap+0, 0x1.73bc14d01277fp+0, 0x1.704c5ec504e8fp+0,
    0x1.6cdd4426b0a02p+0, 0x1.696e755e0eb23p+0, 0x1.65ffa248d7f43p+0,
    0x1.62907a016eac0p+0, 0x1.5f20aaa4d7638p+0, 0x1.5bafe1164c044p+0,
    0x1.583dc8bfea848p+0, 0x1.54ca0b4ff476ap+0, 0x1.5154507206658p+0,
    0x1.4ddc3d839cb58p+0, 0x1.4a6175432745fp+0, 0x1.46e39778d4ba1p+0,
    0x1.4362409821672p+0, 0x1.3fdd0959138fbp+0, 0x1.3c538647e5b53p+0,
    0x1.38c54749af146p+0, 0x1.3531d71460289p+0, 0x1.3198ba9823477p+0,
    0x1.2df97057dd75fp+0, 0x1.2a536fae26375p+0, 0x1.26a627fb9231dp+0,
    0x1.22f0ffba96ce9p+0, 0x1.1f33537495bfap+0, 0x1.1b6c7492bde7ap+0,
    0x1.179ba80458345p+0, 0x1.13c024b2bbdffp+0, 0x1.0fd911b972d18p+0,
    0x1.0be58456f2afcp+0, 0x1.07e47d879726ep+0, 0x1.03d4e7390f210p+0,
    0x1.ff6b21ffe30ecp-1, 0x1.f70a5866ad189p-1, 0x1.ee848e954b85cp-1,
    0x1.e5d6909f34423p-1, 0x1.dcfccc51a7480p-1, 0x1.d3f340dd86c6bp-1,
    0x1.cab56ac6833a5p-1, 0x1.c13e2b012d149p-1, 0x1.b787a7c4f44a4p-1,
    0x1.ad8b25067d385p-1, 0x1.a340d1bad0391p-1, 0x1.989f85c72c985p-1,
    0x1.8d9c6a9d0cf67p-1, 0x1.822a858ac5ecap-1, 0x1.763a1600c1764p-1,
    0x1.69b7b213c3f64p-1, 0x1.5c8afdbecef6ep-1, 0x1.4e94c08bd4d78p-1,
    0x1.3fabee18d682fp-1, 0x1.2f98d6bb0e73ap-1, 0x1.1e0ce6b54ec53p-1,
    0x1.0a936da5942d2p-1, 0x1.e8e576e3830fap-2, 0x1.b4c8fecd63b02p-2,
    0x1.73949183add9dp-2, 0x1.16db47dfb32bdp-2, 0x0.0p+0
};
const double value__zig_f[129] = {
    0x1.09e80c5bb1fc2p-10, 0x1.5de9e33733182p-9, 0x1.6ba8b0ffc2db8p-8,
    0x1.1a9b6b3fcb829p-7, 0x1.83f4bed1a0f0bp-7, 0x1.f100847656bf0p-7,
    0x1.309cee4e1477cp-6, 0x1.6a23fa9d6c22fp-6, 0x1.a4f57a25e8f32p-6,
    0x1.e0f951d58f849p-6, 0x1.0f0e539c938c0p-5, 0x1.2e282b7255da2p-5,
    0x1.4dc3fcbda5a08p-5, 0x1.6ddc9dd20b8c5p-5, 0x1.8e6db483cac0fp-5,
    0x1.af738c17b4ea1p-5, 0x1.d0eaf633a6b8ap-5, 0x1.f2d13368cf93fp-5,
    0x1.0a91f0918dae5p-4, 0x1.1bf075c21538ap-4, 0x1.2d834113457cbp-4,
    0x1.3f49878976d30p-4, 0x1.514297b246583p-4, 0x1.636dd69e998c6p-4,
    0x1.75cabd60f402ap-4, 0x1.8858d6f55ed84p-4, 0x1.9b17be7e73957p-4,
    0x1.ae071dc7bf93dp-4, 0x1.c126ac0128a82p-4, 0x1.d4762ca995a18p-4,
    0x1.e7f56ea118c48p-4, 0x1.fba44b5c61816p-4, 0x1.07c1531a357f8p-3,
    0x1.11c835e726135p-3, 0x1.1be6c8cbe5a43p-3, 0x1.261d0aaaf7624p-3,
    0x1.306afe619efedp-3, 0x1.3ad0aa9de455dp-3, 0x1.454e19baadb54p-3,
    0x1.4fe359a145658p-3, 0x1.5a907bafba9e3p-3, 0x1.655594a3a5050p-3,
    0x1.7032bc88e51fap-3, 0x1.7b280eac0c6f7p-3, 0x1.8635a99025d7bp-3,
    0x1.915baee7a2dddp-3, 0x1.9c9a43903cae2p-3, 0x1.a7f18f91a0d6ap-3,
    0x1.b361be1ec9a67p-3, 0x1.beeafd99e93b6p-3, 0x1.ca8d7f9ad4b43p-3,
    0x1.d64978f7e2d92p-3, 0x1.e21f21d136fa3p-3, 0x1.ee0eb59e75db3p-3,
    0x1.fa18733ee75d5p-3, 0x1.031e4e8606256p-2, 0x1.093dbc775a1f7p-2,
    0x1.0f6aa83b52201p-2, 0x1.15a5387a71a06p-2, 0x1.1bed95cc633cbp-2,
    0x1.2243eac7ee400p-2, 0x1.28a864146d917p-2, 0x1.2f1b307cdcc47p-2,
    0x1.359c810492f8ep-2, 0x1.3c2c88fdc65e7p-2, 0x1.42cb7e21f69bfp-2,
    0x1.497998ac6017ap-2, 0x1.503713769e39cp-2, 0x1.57042c17a74d2p-2,
    0x1.5de1230551a9bp-2, 0x1.64ce3bb89770ep-2, 0x1.6bcbbcd4d4694p-2,
    0x1.72d9f052408ddp-2, 0x1.79f923abf1d11p-2, 0x1.8129a811b882ep-2,
    0x1.886bd29e33e65p-2, 0x1.8fbffc918800bp-2, 0x1.972683912ac18p-2,
    0x1.9e9fc9ed4d931p-2, 0x1.a62c36ec797eap-2, 0x1.adcc371e07b84p-2,
    0x1.b5803cb437071p-2, 0x1.bd48bfe6b8a90p-2, 0x1.c5263f5ead9fcp-2,
    0x1.cd1940ad30932p-2, 0x1.d52250cdb191ep-2, 0x1.dd4204b59916bp-2,
    0x1.e578f9f2e03a3p-2, 0x1.edc7d75b8e9bep-2, 0x1.f62f4dd05d60fp-2,
    0x1.feb019151c56ep-2, 0x1.03a58060f304ap-1, 0x1.08006ca85ac6ap-1,
    0x1.0c6942a5c900fp-1, 0x1.10e07b50236c1p-1, 0x1.1566980fc6949p-1,
    0x1.19fc2397562a2p-1, 0x1.1ea1b2d9fe534p-1, 0x1.2357e62437dc2p-1,
    0x1.281f6a5d33891p-1, 0x1.2cf8fa7868c02p-1, 0x1.31e5612075dadp-1,
    0x1.36e57aa6a89b9p-1, 0x1.3bfa3745495cdp-1, 0x1.41249dc6579c8p-1,
    0x1.4665cea512cc7p-1, 0x1.4bbf07c6d4684p-1, 0x1.5131a8eff8ed9p-1,
    0x1.56bf3924ad864p-1, 0x1.5c696d34a27fdp-1, 0x1.62322fc5a83b3p-1,
    0x1.681bab4ed2ff3p-1, 0x1.6e2856a01cb2ap-1, 0x1.745b04d03ea40p-1,
    0x1.7ab6f9c66e43bp-1, 0x1.81400521b52b5p-1, 0x1.87faa61a8cfa0p-1,
    0x1.8eec3c5bda1f6p-1, 0x1.961b4c1b19f30p-1, 0x1.9d8fdfaee4af6p-1,
    0x1.a55418112ba08p-1, 0x1.ad750b7275dd0p-1, 0x1.b6042cf926211p-1,
    0x1.bf19b6813348bp-1, 0x1.c8d923fa0897bp-1, 0x1.d37a74ffe486ap-1,
    0x1.df6071937f4c9p-1, 0x1.ed5cf061144dep-1, 0x1.0000000000000p+0
};

/* One 64-bit word w gives the layer i = w mod 128, the sign (bit 7) and
 * x = ((w >> 11) 2^-53) x_i.  x < x_{i+1} lies inside the layer's
 * rectangle; otherwise layer 0 takes the tail by Marsaglia's (1964) method
 * (a = -log(u1)/r, b = -log(u2) until 2b >= a^2, then r + a) and the other
 * layers accept x when f_i + u (f_{i+1} - f_i) < exp(-x^2/2), u the next
 * uniform, or start over with a new word. */
double value__stream_normal(value__stream *st)
{
    const double *X = value__zig_x, *F = value__zig_f;
    for (;;) {
        uint64_t w = value__stream_bits(st);
        unsigned i = (unsigned)(w & 127);
        double sign = (w & 128) ? -1.0 : 1.0;
        double x = ((double)(w >> 11) * 0x1p-53) * X[i];
        if (x < X[i + 1])
            return sign * x;
        if (i == 0) {
            double a, b;
            do {
                a = -log(value__stream_uniform(st)) / X[1];
                b = -log(value__stream_uniform(st));
            } while (b + b < a * a);
            return sign * (X[1] + a);
        }
        if (F[i] + value__stream_uniform(st) * (F[i + 1] - F[i]) < exp(-0.5 * x * x))
            return sign * x;
    }
}

void value__gamma_setup(value__gamma_gen *g, double shape)
{
    g->shape = shape;
    g->boost = shape < 1;
    g->d = (g->boost ? shape + 1 : shape) - 1.0 / 3;
    g->c = 1 / sqrt(9 * g->d);
}

/*
 * Marsaglia & Tsang, "A simple method for generating gamma variables", ACM
 * TOMS 26(3), 2000: with d = a - 1/3 and c = 1/sqrt(9d), repeat: x a
 * normal, t = c x, skip x unless t > -1, v = (1 + t)^3, u a uniform; accept
 * d v when u < 1 - 0.0331 x^4 or log u < x^2/2 + d (1 - v + log v).  The
 * last term is evaluated as 3 log1p(t) - t (3 + t (3 + t)), which is
 * 1 - v + log v without its cancellation (for large d, where t is small).
 * Returns v.
 */
static double mt_gamma(value__stream *st, double d, double c)
{
    for (;;) {
        double x = value__stream_normal(st), t = c * x;
        if (!(t > -1))
            continue;
        double v = (1 + t) * (1 + t) * (1 + t);
        double u = value__stream_uniform(st), x2 = x * x;
        if (u < 1 - 0.0331 * (x2 * x2) || log(u) < 0.5 * x2 + d * (3 * log1p(t) - t * (3 + t * (3 + t))))
            return v;
    }
}

/* Below shape 1, gamma(a) = gamma(a + 1) U^(1/a) (Marsaglia & Tsang's
 * boost), U the uniform drawn after the gamma(a + 1) is accepted, as
 * exp(log(U) / a). */
double value__stream_gamma(value__stream *st, const value__gamma_gen *g)
{
    double x = g->d * mt_gamma(st, g->d, g->c);
    if (g->boost)
        x *= exp(log(value__stream_uniform(st)) / g->shape);
    return x;
}

double value__stream_log_gamma(value__stream *st, const value__gamma_gen *g)
{
    double lx = log(g->d * mt_gamma(st, g->d, g->c));
    if (g->boost)
        lx += log(value__stream_uniform(st)) / g->shape;
    return lx;
}

/* d v with |x| below the normals' bound; the boost's factor is at most 1. */
double value__gamma_bound(const value__gamma_gen *g)
{
    double t = 1 + g->c * VALUE__NORMAL_BOUND;
    return g->d * t * t * t;
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
    s->threads = 1;
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
        free(s->blocks[b].mvn);
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
    if ((rc = set_distribution(&col, name, kind, v)) || (rc = reserve_columns(s, 1)))
        return rc;
    if ((col.name = value__strdup(name)) == NULL)
        return value__fail(VALUE_ENOMEM, "sampler: out of memory");
    s->cols[s->n_cols] = col;
    *out_index = s->n_cols++;
    return VALUE_OK;
}

static void free_names(char **names, size_t k)
{
    for (size_t j = 0; names && j < k; j++)
        free(names[j]);
    free(names);
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
    rc = names ? VALUE_OK : value__fail(VALUE_ENOMEM, "sampler: out of memory");
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
        rc = reserve_columns(s, k);
    if (rc == VALUE_OK)
        rc = reserve((void **)&s->blocks, &s->cap_blocks, s->n_blocks, 1, sizeof *s->blocks);
    if (rc) {
        free_names(names, k);
        return rc;
    }
    s->blocks[s->n_blocks++] = (block){KIND_DIRICHLET, s->n_cols, k, NULL};
    *out_first = s->n_cols;
    for (size_t j = 0; j < k; j++) {
        column col = {.name = names[j], .kind = KIND_DIRICHLET, .p = {alpha[j]}};
        value__gamma_setup(&col.g[0], alpha[j]);
        s->cols[s->n_cols++] = col;
    }
    free(names);
    return VALUE_OK;
}

/* cov[r k + c] for a message: "cov[3] (row 1, column 0)". */
static void cov_cell(char *buf, size_t len, size_t k, size_t r, size_t c)
{
    snprintf(buf, len, "cov[%zu] (row %zu, column %zu)", r * k + c, r, c);
}

/* The names of a new block: present, distinct and not taken. */
static int check_block_names(const value_sampler *s, const char *const *names, size_t k)
{
    for (size_t j = 0; j < k; j++) {
        if (names[j] == NULL)
            return value__fail(VALUE_EINVAL, "names[%zu] is NULL", j);
        if (names[j][0] == '\0')
            return value__fail(VALUE_EINVAL, "names[%zu] is empty", j);
        if (name_taken(s, names[j]))
            return value__fail(VALUE_EINVAL, "parameter '%s' already exists", names[j]);
        for (size_t m = 0; m < j; m++)
            if (strcmp(names[m], names[j]) == 0)
                return value__fail(VALUE_EINVAL, "names[%zu] ('%s') repeats names[%zu]", j, names[j], m);
    }
    return VALUE_OK;
}

/* A covariance matrix fit to factor: finite and symmetric to rounding
 * (entries that differ by at most 1e-12 sqrt(|c_rr c_cc|), as a product
 * X'X computed in floating point may; the upper triangle is used). */
static int check_cov(const double *cov, size_t k)
{
    char t1[32], t2[32], w1[96], w2[96];
    for (size_t r = 0; r < k; r++)
        for (size_t c = 0; c < k; c++)
            if (!isfinite(cov[r * k + c])) {
                value__format_double(cov[r * k + c], t1, sizeof t1);
                cov_cell(w1, sizeof w1, k, r, c);
                return value__fail(VALUE_EINVAL, "%s is %s", w1, t1);
            }
    for (size_t r = 0; r < k; r++)
        for (size_t c = r + 1; c < k; c++) {
            double up = cov[r * k + c], low = cov[c * k + r];
            if (fabs(up - low) > 1e-12 * sqrt(fabs(cov[r * k + r] * cov[c * k + c]))) {
                value__format_double(up, t1, sizeof t1);
                value__format_double(low, t2, sizeof t2);
                cov_cell(w1, sizeof w1, k, r, c);
                cov_cell(w2, sizeof w2, k, c, r);
                return value__fail(VALUE_EINVAL, "%s is %s but %s is %s: cov must be symmetric", w1, t1, w2, t2);
            }
        }
    return VALUE_OK;
}

int value_sampler_add_mvnormal(value_sampler *s, const char *const *names, const double *mean, const double *cov,
                               size_t k, size_t *out_first)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = value__check_ptr(names, "names")) ||
        (rc = value__check_ptr(mean, "mean")) || (rc = value__check_ptr(cov, "cov")) ||
        (rc = value__check_ptr(out_first, "out_first")))
        return rc;
    if (k == 0)
        return value__fail(VALUE_EINVAL, "k must be at least 1, got 0");
    if (k > MAX_COLUMNS - s->n_cols)
        return value__fail(VALUE_EINVAL, "a sampler holds at most %lu columns", (unsigned long)MAX_COLUMNS);
    if ((rc = check_block_names(s, names, k)))
        return rc;
    for (size_t j = 0; j < k; j++)
        if (!isfinite(mean[j]))
            return value__fail_element("mean", j, mean[j], "must be finite");
    if ((rc = check_cov(cov, k)))
        return rc;

    /* mean, then L: everything is built before the sampler changes */
    size_t len = value__mul_size(k, k + 1);
    double *mvn = len <= SIZE_MAX / sizeof(double) ? malloc(len * sizeof *mvn) : NULL;
    char **copies = calloc(k, sizeof *copies);
    rc = mvn && copies ? VALUE_OK : value__fail(VALUE_ENOMEM, "sampler: out of memory");
    for (size_t j = 0; j < k && rc == VALUE_OK; j++)
        if ((copies[j] = value__strdup(names[j])) == NULL)
            rc = value__fail(VALUE_ENOMEM, "sampler: out of memory");
    if (rc == VALUE_OK) {
        size_t bad = 0;
        double *L = mvn + k;
        memcpy(mvn, mean, k * sizeof *mvn);
        if (value__cholesky(cov, L, k, 0.0, &bad, NULL) != VALUE_OK)
            rc = value__fail(VALUE_EDOM, "cov is not positive definite (the Cholesky factorization fails at column %zu)",
                             bad);
    }
    if (rc == VALUE_OK)
        rc = reserve_columns(s, k);
    if (rc == VALUE_OK)
        rc = reserve((void **)&s->blocks, &s->cap_blocks, s->n_blocks, 1, sizeof *s->blocks);
    if (rc) {
        free(mvn);
        free_names(copies, k);
        return rc;
    }
    s->blocks[s->n_blocks++] = (block){KIND_MVNORMAL, s->n_cols, k, mvn};
    *out_first = s->n_cols;
    for (size_t j = 0; j < k; j++)
        s->cols[s->n_cols++] = (column){.name = copies[j], .kind = KIND_MVNORMAL};
    free(copies);
    return VALUE_OK;
}

int value_sampler_set_threads(value_sampler *s, size_t threads)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")))
        return rc;
    if (threads < 1 || threads > VALUE__MAX_THREADS)
        return value__fail(VALUE_EINVAL, "threads must be from 1 to %d, got %zu", VALUE__MAX_THREADS, threads);
    s->threads = threads;
    return VALUE_OK;
}

/* A column that can be correlated: in range, not fixed, not in a block. */
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
    if (c->kind == KIND_MVNORMAL)
        return value__fail(VALUE_EINVAL,
                           "%s: column %zu ('%s') is in a multivariate normal block and cannot be correlated "
                           "(its covariance gives its correlations)",
                           arg, index, c->name);
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

double value__sampler_quantile(const value_sampler *s, size_t j, double y)
{
    if (j >= s->n_cols || s->cols[j].kind == VALUE_SAMPLER_FIXED || s->cols[j].kind == KIND_DIRICHLET ||
        s->cols[j].kind == KIND_MVNORMAL)
        return NAN;
    return quantile(&s->cols[j], y);
}

/* ---- drawing ------------------------------------------------------------------ */

/* One call's plan, read by all its jobs. */
typedef struct plan {
    const value_sampler *s;
    uint64_t seed;
    size_t q;             /* copula columns */
    const size_t *copula; /* their columns, in order */
    const double *L;      /* their q x q correlation factor (NULL when q = 0) */
    const unsigned char *check; /* per column: may fail, so checked first */
    int check_copula;     /* some copula column may fail */
} plan;

/* A contiguous share of the rows [lo, hi). */
typedef struct job {
    const plan *pl;
    size_t lo, hi;
    double *out;    /* n x p; NULL in the check pass, which uses row */
    double *row, *z;
    /* the check pass's first failure: draw, column (SIZE_MAX: none), value, GSL error */
    size_t bad_draw, bad_col;
    double bad_value;
    int gsl_errno;
} job;

static double beta_draw(const column *c, value__stream *st)
{
    const value__gamma_gen *ga = &c->g[0], *gb = &c->g[1];
    if (!ga->boost && !gb->boost) {
        double x = value__stream_gamma(st, ga);
        double y = value__stream_gamma(st, gb);
        return x / (x + y);
    }
    double lx = value__stream_log_gamma(st, ga);
    double ly = value__stream_log_gamma(st, gb);
    return 1 / (1 + exp(ly - lx));
}

/* An independent column's value from its cell's stream. */
static double draw_independent(const column *c, value__stream *st)
{
    const double *p = c->p;
    double u;
    switch (c->kind) {
    case VALUE_SAMPLER_NORMAL: return p[0] + p[1] * value__stream_normal(st);
    case VALUE_SAMPLER_LOGNORMAL_MEANSD:
    case VALUE_SAMPLER_LOGNORMAL_LOG: return exp(p[0] + p[1] * value__stream_normal(st));
    case VALUE_SAMPLER_UNIFORM:
        u = value__stream_uniform(st);
        return u <= 0.5 ? p[0] + (p[1] - p[0]) * u : p[1] - (p[1] - p[0]) * (1 - u);
    case VALUE_SAMPLER_TRIANGULAR: u = value__stream_uniform(st); return triangular_quantile(p, u, 1 - u);
    case VALUE_SAMPLER_TRUNCNORMAL: u = value__stream_uniform(st); return truncnormal_quantile(p, u, 1 - u);
    case VALUE_SAMPLER_GAMMA_MEANSD: return p[1] * value__stream_gamma(st, &c->g[0]);
    case VALUE_SAMPLER_BETA:
    case VALUE_SAMPLER_BETA_MEANSD: return beta_draw(c, st);
    default: return p[0]; /* fixed */
    }
}

static void draw_block(const plan *pl, const block *b, size_t i, double *row, double *z)
{
    value__stream st;
    double *x = row + b->first;
    if (b->kind == KIND_DIRICHLET) {
        double top = -INFINITY, sum = 0;
        for (size_t j = 0; j < b->k; j++) {
            value__stream_init(&st, pl->seed, i, (uint32_t)(b->first + j));
            x[j] = value__stream_log_gamma(&st, &pl->s->cols[b->first + j].g[0]);
            top = x[j] > top ? x[j] : top;
        }
        for (size_t j = 0; j < b->k; j++)
            sum += x[j] = exp(x[j] - top);
        for (size_t j = 0; j < b->k; j++)
            x[j] /= sum;
        return;
    }
    const double *mean = b->mvn, *L = b->mvn + b->k;
    for (size_t c = 0; c < b->k; c++) {
        value__stream_init(&st, pl->seed, i, (uint32_t)(b->first + c));
        z[c] = value__stream_normal(&st);
    }
    for (size_t j = 0; j < b->k; j++) {
        double sum = 0;
        for (size_t c = 0; c <= j; c++)
            sum += L[j * b->k + c] * z[c];
        x[j] = mean[j] + sum;
    }
}

/* Row i into row[]: every column (check 0), or only the columns that may
 * fail (check 1), a failed GSL call making its cell NaN (*gsl_col, if
 * still SIZE_MAX, the first such column). */
static void draw_row(const plan *pl, size_t i, double *row, double *z, int check, size_t *gsl_col)
{
    const value_sampler *s = pl->s;
    value__stream st;
    size_t c = 0;
    for (size_t j = 0; j < s->n_cols; j++) {
        const column *col = &s->cols[j];
        if (col->kind == KIND_DIRICHLET || col->kind == KIND_MVNORMAL)
            continue;
        if (c < pl->q && pl->copula[c] == j) { /* drawn below */
            c++;
            continue;
        }
        if (check && !pl->check[j])
            continue;
        value__stream_init(&st, pl->seed, i, (uint32_t)j);
        row[j] = draw_independent(col, &st);
    }
    for (size_t b = 0; b < s->n_blocks; b++)
        if (!check || pl->check[s->blocks[b].first])
            draw_block(pl, &s->blocks[b], i, row, z);
    if (pl->q == 0 || (check && !pl->check_copula))
        return;
    for (c = 0; c < pl->q; c++) {
        value__stream_init(&st, pl->seed, i, (uint32_t)pl->copula[c]);
        z[c] = value__stream_normal(&st);
    }
    for (c = pl->q; c-- > 0;) { /* z = L z in place: row c needs z_0..z_c, so go upwards from the last */
        double sum = 0;
        for (size_t k = 0; k <= c; k++)
            sum += pl->L[c * pl->q + k] * z[k];
        z[c] = sum;
    }
    for (c = 0; c < pl->q; c++) {
        size_t j = pl->copula[c];
        if (check && !pl->check[j])
            continue;
        row[j] = quantile(&s->cols[j], z[c]);
        if (check && value__gsl_pending()) {
            row[j] = NAN;
            if (*gsl_col == SIZE_MAX)
                *gsl_col = j;
        }
    }
}

static void *run_job(void *arg)
{
    job *jb = arg;
    const plan *pl = jb->pl;
    size_t p = pl->s->n_cols;
    value__gsl_begin();
    for (size_t i = jb->lo; i < jb->hi && jb->bad_col == SIZE_MAX; i++) {
        if (jb->out != NULL) {
            draw_row(pl, i, jb->out + i * p, jb->z, 0, NULL);
            continue;
        }
        size_t gsl_col = SIZE_MAX;
        draw_row(pl, i, jb->row, jb->z, 1, &gsl_col);
        for (size_t j = 0; j < p; j++)
            if (pl->check[j] && !isfinite(jb->row[j])) {
                jb->bad_draw = i;
                jb->bad_col = j;
                jb->bad_value = jb->row[j];
                jb->gsl_errno = j == gsl_col ? value__gsl_pending() : 0;
                break;
            }
    }
    value__gsl_end("value_sampler_draw"); /* a GSL error is reported from the job's record */
    return NULL;
}

/* sum_k |L_ck|: y_c = sum_k L_ck z_k is at most that times the normals' bound. */
static double row_norm1(const double *L, size_t q, size_t c)
{
    double sum = 0;
    for (size_t k = 0; k <= c; k++)
        sum += fabs(L[c * q + k]);
    return sum;
}

/* Whether a column's value can fail to be finite, for |z| < bound: an
 * overflow, or for a copula beta or gamma a quantile that cannot be
 * computed.  Uniform, triangular, truncated normal, Dirichlet and
 * independent beta values are always finite, and so are a multivariate
 * normal's: |L_jc| <= sqrt(cov_jj) <= 1.4e154, so |(L z)_j| < 1e157 k is
 * below half an ulp of any mean it could push past DBL_MAX. */
static int may_fail(const column *c, int in_copula, double bound)
{
    const double *p = c->p;
    switch (c->kind) {
    case VALUE_SAMPLER_NORMAL: return !(fabs(p[0]) + p[1] * bound <= DBL_MAX / 2);
    case VALUE_SAMPLER_LOGNORMAL_MEANSD:
    case VALUE_SAMPLER_LOGNORMAL_LOG: return !(p[0] + p[1] * bound <= 709); /* exp(709) < DBL_MAX / 2 */
    case VALUE_SAMPLER_BETA:
    case VALUE_SAMPLER_BETA_MEANSD: return in_copula;
    case VALUE_SAMPLER_GAMMA_MEANSD: return in_copula || !(p[1] * value__gamma_bound(&c->g[0]) <= DBL_MAX / 2);
    default: return 0; /* fixed, uniform, triangular, truncated normal; blocks */
    }
}

/* The lower Cholesky factor of the copula columns' correlation matrix
 * (q x q, row-major) into L, their columns into copula; slot[j] is column
 * j's copula index or SIZE_MAX. */
static int correlation_factor(const value_sampler *s, size_t *slot, size_t *copula, size_t *q_out, double **L_out)
{
    size_t q = 0;
    *L_out = NULL;
    for (size_t j = 0; j < s->n_cols; j++)
        slot[j] = SIZE_MAX;
    for (size_t k = 0; k < s->n_corr; k++)
        slot[s->corr[k].i] = slot[s->corr[k].j] = 0;
    for (size_t j = 0; j < s->n_cols; j++)
        if (slot[j] == 0) {
            slot[j] = q;
            copula[q++] = j;
        }
    *q_out = q;
    if (q == 0)
        return VALUE_OK;
    double *L = value__mul_size(q, q) <= SIZE_MAX / sizeof *L ? calloc(q * q, sizeof *L) : NULL;
    if (L == NULL)
        return value__fail(VALUE_ENOMEM, "value_sampler_draw: out of memory for the %zu x %zu correlation matrix", q,
                           q);
    for (size_t c = 0; c < q; c++)
        L[c * q + c] = 1;
    for (size_t k = 0; k < s->n_corr; k++) {
        size_t a = slot[s->corr[k].i], b = slot[s->corr[k].j];
        L[a * q + b] = L[b * q + a] = s->corr[k].rho;
    }
    /* The one Cholesky (lib/core/linalg.c): GSL's would report a matrix
     * that is not positive definite through its error handler, which the
     * host may have replaced (see lib/core/gsl_guard.c). */
    if (value__cholesky(L, L, q, 0.0, NULL, NULL) != VALUE_OK) {
        free(L);
        return value__fail(VALUE_EDOM, "correlation matrix is not positive definite");
    }
    *L_out = L;
    return VALUE_OK;
}

/* A thread is worth starting for this many values (about 0.3 ms of beta
 * draws; a thread costs some 50-100 microseconds to start). */
#define VALUES_PER_THREAD 8192

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

    size_t n_jobs = n * p / VALUES_PER_THREAD;
    n_jobs = n_jobs < 1 ? 1 : n_jobs > s->threads ? s->threads : n_jobs;
    /* per column: its copula slot, the copula's columns, the check flags;
     * per job: a row and room for the copula's or a block's z */
    size_t per_job = 2 * p, words = value__mul_size(n_jobs, per_job);
    size_t *slot = malloc(2 * p * sizeof *slot), *copula = slot ? slot + p : NULL;
    unsigned char *check = malloc(p);
    double *scratch = words <= SIZE_MAX / sizeof(double) ? malloc(words * sizeof *scratch) : NULL;
    size_t q = 0;
    double *L = NULL;
    if (slot == NULL || check == NULL || scratch == NULL)
        rc = value__fail(VALUE_ENOMEM, "value_sampler_draw: out of memory");
    else
        rc = correlation_factor(s, slot, copula, &q, &L);
    if (rc) {
        free(slot);
        free(check);
        free(scratch);
        return rc;
    }

    /* Nothing is written to out unless every value is finite: the columns
     * that may fail are drawn in a first pass and checked, and only then
     * does the second write. */
    plan pl = {s, seed, q, copula, L, check, 0};
    int check_first = 0;
    for (size_t j = 0; j < p; j++) {
        const column *col = &s->cols[j];
        int in_copula = slot[j] != SIZE_MAX;
        check[j] = (unsigned char)may_fail(col, in_copula,
                                           VALUE__NORMAL_BOUND * (in_copula ? row_norm1(L, q, slot[j]) : 1));
        pl.check_copula |= in_copula && check[j];
    }
    for (size_t j = 0; j < p; j++)
        check_first |= check[j];

    job jobs[VALUE__MAX_THREADS];
    for (size_t k = 0; k < n_jobs; k++)
        jobs[k] = (job){&pl, n * k / n_jobs, n * (k + 1) / n_jobs, NULL, scratch + k * per_job,
                        scratch + k * per_job + p, 0, SIZE_MAX, 0, 0};
    const job *bad = NULL;
    if (check_first) {
        value__run_jobs(run_job, jobs, sizeof *jobs, n_jobs);
        for (size_t k = 0; k < n_jobs && bad == NULL; k++) /* shares in row order: the first is the first bad draw */
            if (jobs[k].bad_col != SIZE_MAX)
                bad = &jobs[k];
    }
    if (bad == NULL) {
        for (size_t k = 0; k < n_jobs; k++)
            jobs[k].out = out;
        value__run_jobs(run_job, jobs, sizeof *jobs, n_jobs);
        rc = VALUE_OK;
    } else {
        const char *name = s->cols[bad->bad_col].name;
        if (bad->gsl_errno)
            rc = value__fail(VALUE_ENUMERIC, "parameter '%s', draw %zu: GSL error %d (%s)", name, bad->bad_draw,
                             bad->gsl_errno, gsl_strerror(bad->gsl_errno));
        else if (isnan(bad->bad_value))
            rc = value__fail(VALUE_ENUMERIC, "parameter '%s', draw %zu: the value is NaN", name, bad->bad_draw);
        else
            rc = value__fail(VALUE_ERANGE, "parameter '%s', draw %zu: the value is out of the range of a double", name,
                             bad->bad_draw);
    }
    free(L);
    free(slot);
    free(check);
    free(scratch);
    return rc;
}
