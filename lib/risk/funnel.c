/*
 * Funnel plots: control limits around a target and the assessment of
 * providers against them, with over-dispersion handled multiplicatively
 * or by an additive random effect.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method notes (where value.h leaves a choice open; sources named):
 *
 * - Exact limits (no over-dispersion).  Y is the count: Poisson with mean
 *   mu = target x size (ratios, rates) or binomial(size, target)
 *   (proportions).  For a tail probability p, r_p is the p-quantile of Y
 *   (the smallest r with P(Y <= r) >= p), and Spiegelhalter (Stat Med
 *   2005;24:1185-1202, appendix A.1.1) interpolates between integers:
 *       alpha = (P(Y <= r_p) - p) / P(Y = r_p),   limit = (r_p - alpha) / size,
 *   with p = (1 - level)/2 for the lower limit and 1 - (1 - level)/2 for
 *   the upper.  In R:
 *       r <- qpois(p, mu); (r - (ppois(r, mu) - p) / dpois(r, mu)) / size
 *       r <- qbinom(p, n, t); (r - (pbinom(r, n, t) - p) / dbinom(r, n, t)) / n
 *   (the same steps as oizin/funnelplot's contAdjustBin() and Rick
 *   Wicklin's SAS funnel plot for proportions).  For the upper limit the
 *   difference is taken in the upper tail, alpha = (a - P(Y > r_p)) /
 *   P(Y = r_p) with a = (1 - level)/2, which keeps its accuracy at high
 *   levels (R's ppois(r, mu) - (1 - a) cancels there).  A limit below 0
 *   (possible when r_p = 0) is 0.
 *   Tail probabilities are sums of the pmf: P(Y = k) by Loader's
 *   saddle-point form (Loader, Fast and accurate computation of binomial
 *   probabilities, 2000), R's dpois_raw() and dbinom_raw() (core/rmath.c),
 *   accurate at any size, then carried outward by the ratio P(Y = k -/+ 1)/P(Y = k)
 *   (recomputed exactly every 32 terms), summed with Neumaier
 *   compensation until the rest of the tail is below 2^-60 of the sum.
 *   GSL's incomplete gamma and beta functions are not used: for Poisson
 *   means above about 1e6 gsl_sf_gamma_inc_Q returns values wrong by up to
 *   0.5 without an error, and gsl_cdf_beta_P drifts from n of about 1e7.
 *   r_p starts from a Cornish-Fisher guess; the tail is summed there once
 *   and stepped one count at a time by the pmf (re-summed if a step would
 *   cancel more than half of it).  Checked against R on 1500 random
 *   cases (means 1e-7 to 5e8, n to 1e7, levels 0.5 to 1 - 1e-9): at
 *   worst 3e-15 relative.
 *   Other tools draw other "exact" limits: FunnelPlotR's unadjusted
 *   limits use qchisq() with non-integer degrees of freedom, and the
 *   Fingertips ratio funnels (PHStatsMethods' poisson_funnel()) search for
 *   the expected count at which the exact interval of O reaches the
 *   target.  Both are continuous approximations of a different kind and
 *   differ from these at small counts.
 *   Exact limits are offered while the count's variance (mu, or
 *   n t (1 - t)) is at most 1e10 (about 3 ms per limit there) and a
 *   binomial n is at most 2^52; beyond, VALUE_EDOM names the size.
 *
 * - Wilson-score limits (VALUE_FUNNEL_PROPORTION_WILSON): the observed
 *   proportions whose Wilson score interval at `level` has the target as an
 *   end point, as the Fingertips / PHEindicatormethods phe_funnels()
 *   proportion limits (their sigma_adjustment() is this quadratic solved
 *   for the observed proportion).  Solving (y - t)^2 = z^2 t (1 - t)/n
 *   for y gives t -/+ z sqrt(t (1 - t)/n): a provider lies outside exactly
 *   when its own Wilson interval excludes the target.  Clipped to [0, 1].
 *
 * - Scale.  z-scores, phi and tau^2 are on the natural scale, as value.h
 *   says: Spiegelhalter (2005)'s normal approximation y ~ N(target,
 *   g(target)^2 / size) and Spiegelhalter (Qual Saf Health Care
 *   2005;14:347-351) applied to untransformed indicators:
 *   y = O/size, s^2 = target/size (Poisson kinds) or target (1 - target)/size
 *   (proportions); z = (O - target size)/sqrt(v size) with v the variance
 *   function, which for a ratio with target 1 is (O - E)/sqrt(E), the
 *   profile's z.  (FunnelPlotR's "SR" data work on transformed scales
 *   instead: sr_method "SHMI" log(O/E) with s = 1/sqrt(E), "CQC" sqrt(O/E)
 *   with s = 1/(2 sqrt(E)); its "PR" uses asin(sqrt(p)), s = 1/(2 sqrt(n)).
 *   Their phi and tau^2 are therefore on other scales and not comparable.)
 *
 * - Winsorizing.  With I providers and k = floor(winsor x I) (computed with
 *   a relative allowance of 4 ulp, so that 0.1 x 30 counts as 3), the k
 *   lowest z-scores are set to the (k+1)-th lowest and the k highest to the
 *   (k+1)-th highest (the classical count-based definition; FunnelPlotR
 *   clamps instead at R's type-7 quantiles at winsor and 1 - winsor, which
 *   interpolate between z-scores).  phi = mean of the squared winsorized z;
 *   it is summed in sorted order, so it does not depend on the order of
 *   the providers.
 *
 * - tau^2 = max{0, (I phi - (I - 1)) / (sum w - sum w^2 / sum w)} with the
 *   winsorized phi and w = 1/s^2 (DerSimonian-Laird as in Spiegelhalter
 *   2005 QSHC and FunnelPlotR's tau_func()).  The denominator is computed
 *   as sum_i w_i (W - w_i) / W, W = sum w, which cannot come out negative.
 *
 * - Adjustment and flags.  Multiplicative: when phi > 1, z / sqrt(phi) and
 *   limits target +/- z_c sqrt(phi) s.  Additive: when tau^2 > 0,
 *   (y - target)/sqrt(s^2 + tau^2) and limits target +/- z_c sqrt(s^2 +
 *   tau^2).  Otherwise (no over-dispersion asked for, phi <= 1, or
 *   tau^2 = 0) the exact (or Wilson) limits.  The flags compare y with the
 *   limits of value_funnel_limits() at the provider's own size: beyond a
 *   limit means strictly above the upper or strictly below the lower.
 */
#include "core/internal.h"
#include "core/rmath.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Exact limits sum the pmf over about 9 standard deviations of the count
 * (O(sd) work per limit); they are offered up to this variance. */
#define MAX_EXACT_VARIANCE 1e10
#define MAX_SEARCH_STEPS 100000

/* ---- checks ---------------------------------------------------------------------- */

static bool is_proportion_kind(int kind)
{
    return kind == VALUE_FUNNEL_PROPORTION || kind == VALUE_FUNNEL_PROPORTION_WILSON;
}

static int check_kind(int kind)
{
    if (kind < VALUE_FUNNEL_RATIO || kind > VALUE_FUNNEL_RATE)
        return value__fail(VALUE_EINVAL,
                           "kind must be 1 (ratio), 2 (proportion), 3 (Wilson proportion) or 4 (rate), got %d", kind);
    return VALUE_OK;
}

/* A target given by the caller (not the pooled 0). */
static int check_target(int kind, double target)
{
    if (is_proportion_kind(kind)) {
        if (!(target > 0 && target < 1))
            return value__fail_value("target", target, "must be in (0, 1) for a proportion");
    } else if (!(target > 0 && target <= DBL_MAX)) {
        return value__fail_value("target", target, "must be finite and > 0 for a ratio or rate");
    }
    return VALUE_OK;
}

static int check_sizes(int kind, const double *size, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double s = size[i];
        if (!(s > 0 && s <= DBL_MAX))
            return value__fail_element("size", i, s, "not finite and > 0");
        if (is_proportion_kind(kind) && !value__is_count(s))
            return value__fail_element("size", i, s, "not a whole number (a proportion's denominator)");
    }
    return VALUE_OK;
}


/* ---- probabilities ----------------------------------------------------------------- */

/* The count's distribution. */
typedef struct count_dist {
    bool binomial;
    double mu;             /* Poisson mean */
    double n, t, odds;     /* binomial size, probability, t/(1 - t) */
} count_dist;

static count_dist make_dist(bool binomial, double target, double size)
{
    count_dist d = {.binomial = binomial, .mu = target * size, .n = size, .t = target, .odds = 0};
    if (binomial)
        d.odds = target / (1 - target);
    return d;
}

/* The variance of the count. */
static double dist_variance(const count_dist *d)
{
    return d->binomial ? d->n * d->t * (1 - d->t) : d->mu;
}

/* P(Y = x), x whole in the support: Loader's saddle-point form, as R's
 * dpois() and dbinom() (core/rmath.c). */
static double dist_pdf(const count_dist *d, double x)
{
    if (!d->binomial)
        return value__dpois_raw(x, d->mu, false);
    return value__dbinom_raw(x, d->n, d->t, 1 - d->t, false);
}

/* P(Y = k - 1) / P(Y = k), k >= 1, and P(Y = k + 1) / P(Y = k). */
static inline double ratio_down(const count_dist *d, double k)
{
    return d->binomial ? k / ((d->n - k + 1) * d->odds) : k / d->mu;
}

static inline double ratio_up(const count_dist *d, double k)
{
    return d->binomial ? (d->n - k) * d->odds / (k + 1) : d->mu / (k + 1);
}

/* The stopping rule of the tail sums: once the term ratio q is below 1
 * (and, going outward, it only falls), the rest of the tail is at most
 * term q / (1 - q); stop when that is below 2^-60 of the sum. */
#define TAIL_TOL 0x1p-60
/* Terms are carried by the ratio recurrence and recomputed exactly this
 * often, so the recurrence's rounding cannot build up. */
#define REANCHOR 32

/* P(Y <= r), r whole >= 0: the pmf summed from r down. */
static double lower_tail(const count_dist *d, double r)
{
    if (d->binomial && r >= d->n)
        return 1.0;
    double k = r, f = dist_pdf(d, k);
    value__ksum sum = {f, 0};
    int since = 0;
    while (k > 0) {
        double q = ratio_down(d, k);
        if (q < 1 && f * q <= TAIL_TOL * sum.s * (1 - q))
            break;
        k -= 1;
        f = ++since == REANCHOR ? (since = 0, dist_pdf(d, k)) : f * q;
        value__ksum_add(&sum, f);
    }
    return fmin(value__ksum_get(&sum), 1.0);
}

/* P(Y > r), r whole >= 0: the pmf summed from r + 1 up. */
static double upper_tail(const count_dist *d, double r)
{
    if (d->binomial && r >= d->n)
        return 0.0;
    double k = r + 1, f = dist_pdf(d, k);
    value__ksum sum = {f, 0};
    int since = 0;
    while (!d->binomial || k < d->n) {
        double q = ratio_up(d, k);
        if (q < 1 && f * q <= TAIL_TOL * sum.s * (1 - q))
            break;
        k += 1;
        f = ++since == REANCHOR ? (since = 0, dist_pdf(d, k)) : f * q;
        value__ksum_add(&sum, f);
    }
    return fmin(value__ksum_get(&sum), 1.0);
}

/* Spiegelhalter's interpolated quantile r_p - alpha of the count for the
 * lower tail p (upper = false), or for the upper tail p, i.e. the 1 - p
 * quantile (upper = true); p in (0, 0.5].  From a Cornish-Fisher first
 * guess the tail probability is summed once and then stepped one count at
 * a time by the pmf (re-summed when a step would cancel more than half of
 * it).  Call inside a GSL bracket (for the normal quantile).
 *
 * Both cases are one search: T(r) is F(r) = P(Y <= r) (lower) or
 * Q(r) = P(Y > r) (upper), s = +1 or -1, so that T(r - 1) = T(r) - s P(Y = r),
 * T(r + 1) = T(r) + s P(Y = r + 1), and r_p is the smallest r with
 * s T(r) >= s p.  (Negating and multiplying by +-1 are exact, so each case
 * rounds as if written out on its own.) */
static int interpolated_quantile(const count_dist *d, double p, bool upper, double *out)
{
    double mean = d->binomial ? d->n * d->t : d->mu;
    double sd = sqrt(dist_variance(d));
    double skew = d->binomial ? (1 - 2 * d->t) / sd : 1 / sd;
    double zq = upper ? gsl_cdf_ugaussian_Qinv(p) : gsl_cdf_ugaussian_Pinv(p);
    double guess = mean + sd * (zq + skew * (zq * zq - 1) / 6);
    double top = d->binomial ? d->n : 0x1p53;
    double r = floor(fmin(fmax(guess + 0.5, 0.0), top));
    const double s = upper ? -1.0 : 1.0;
    int steps = 0;
    double tail = upper ? upper_tail(d, r) : lower_tail(d, r);
    if (s * tail >= s * p) { /* r reaches p: step down while r - 1 does too */
        while (r > 0) {
            double below = tail - s * dist_pdf(d, r); /* T(r - 1) */
            if (below < 0.5 * tail)
                below = upper ? upper_tail(d, r - 1) : lower_tail(d, r - 1);
            if (s * below < s * p)
                break;
            r -= 1;
            tail = below;
            if (++steps > MAX_SEARCH_STEPS)
                return value__fail(VALUE_ENUMERIC, "funnel limits: the quantile search did not end");
        }
    } else { /* step up until r reaches p */
        while (s * tail < s * p && r < top) {
            r += 1;
            double next = tail + s * dist_pdf(d, r); /* T(r + 1) */
            tail = next < 0.5 * tail ? (upper ? upper_tail(d, r) : lower_tail(d, r)) : next;
            if (++steps > MAX_SEARCH_STEPS)
                return value__fail(VALUE_ENUMERIC, "funnel limits: the quantile search did not end");
        }
    }
    double f = dist_pdf(d, r);
    double excess = s * (tail - p); /* F(r) - p, or F(r) - (1 - p) = p - Q(r) */
    double alpha = f > 0 ? excess / f : 0.0;
    alpha = fmin(fmax(alpha, 0.0), 1.0); /* in [0, 1) in exact arithmetic */
    *out = r - alpha;
    return VALUE_OK;
}

/* ---- limits ------------------------------------------------------------------------- */

typedef struct funnel_spec {
    int kind;
    double target;
    double phi, tau2; /* as used: phi 1 and tau2 0 mean exact (or Wilson) limits */
    double half_alpha;
    double z; /* normal critical value for half_alpha */
} funnel_spec;

static bool spec_exact(const funnel_spec *s)
{
    return s->phi == 1 && s->tau2 == 0 && s->kind != VALUE_FUNNEL_PROPORTION_WILSON;
}

static double variance_function(int kind, double target)
{
    return is_proportion_kind(kind) ? target * (1 - target) : target;
}

static int spec_init(funnel_spec *s, int kind, double target, double level, double phi, double tau2)
{
    s->kind = kind;
    s->target = target;
    s->phi = phi;
    s->tau2 = tau2;
    s->half_alpha = 0.5 * (1.0 - level);
    value__gsl_begin();
    s->z = gsl_cdf_ugaussian_Qinv(s->half_alpha);
    return value__gsl_end("the normal critical value");
}

/* Exact limits need a count of moderate variance (see MAX_EXACT_VARIANCE). */
static int check_exact_size(const funnel_spec *s, double size, size_t i)
{
    if (!spec_exact(s))
        return VALUE_OK;
    count_dist d = make_dist(s->kind == VALUE_FUNNEL_PROPORTION, s->target, size);
    char buf[32];
    value__format_double(size, buf, sizeof buf);
    if (d.binomial && size > 0x1p52) /* n - k + 1 must stay exact */
        return value__fail(VALUE_EDOM, "size[%zu] is %s: exact binomial limits need size <= 2^52", i, buf);
    if (dist_variance(&d) > MAX_EXACT_VARIANCE) {
        return value__fail(VALUE_EDOM,
                           "size[%zu] is %s: exact limits are offered while the count's variance (target x size, or "
                           "size x target x (1 - target)) is at most 1e10",
                           i, buf);
    }
    return VALUE_OK;
}

/* The limits at one size (validated, and checked by check_exact_size()). */
static int limits_at(const funnel_spec *s, double size, double *lower, double *upper)
{
    double t = s->target, lo, hi;
    if (spec_exact(s)) {
        count_dist d = make_dist(s->kind == VALUE_FUNNEL_PROPORTION, t, size);
        double clo, chi;
        int rc;
        value__gsl_begin();
        rc = interpolated_quantile(&d, s->half_alpha, false, &clo);
        if (rc == VALUE_OK)
            rc = interpolated_quantile(&d, s->half_alpha, true, &chi);
        int grc = value__gsl_end("funnel limits");
        if (rc)
            return rc;
        if (grc)
            return grc;
        lo = clo / size;
        hi = chi / size;
    } else {
        double s2 = variance_function(s->kind, t) / size;
        double half = s->tau2 > 0 ? s->z * sqrt(s2 + s->tau2) : s->z * sqrt(s->phi * s2);
        lo = t - half;
        hi = t + half;
    }
    lo = fmax(lo, 0.0);
    hi = fmax(hi, 0.0);
    if (is_proportion_kind(s->kind)) {
        lo = fmin(lo, 1.0);
        hi = fmin(hi, 1.0);
    }
    *lower = lo;
    *upper = hi;
    return VALUE_OK;
}

int value_funnel_limits(value_funnel_kind kind, double target, double level, double phi, double tau2,
                        const double *size, size_t n, double *out_lower, double *out_upper, size_t out_len)
{
    int rc;
    if ((rc = check_kind((int)kind)) || (rc = value__check_ptr(size, "size")) ||
        (rc = value__check_ptr(out_lower, "out_lower")) || (rc = value__check_ptr(out_upper, "out_upper")))
        return rc;
    if (n < 1)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    if ((rc = check_target((int)kind, target)))
        return rc;
    if (!(level > 0 && level < 1))
        return value__fail_value("level", level, "must be in (0, 1)");
    if (!(phi >= 1 && phi <= DBL_MAX))
        return value__fail_value("phi", phi, "must be finite and >= 1");
    if (!(tau2 >= 0 && tau2 <= DBL_MAX))
        return value__fail_value("tau2", tau2, "must be finite and >= 0");
    if (phi > 1 && tau2 > 0) {
        char bp[32], bt[32];
        value__format_double(phi, bp, sizeof bp);
        value__format_double(tau2, bt, sizeof bt);
        return value__fail(VALUE_EINVAL,
                           "phi (%s) and tau2 (%s) cannot both be set: choose multiplicative or additive "
                           "over-dispersion",
                           bp, bt);
    }
    if ((rc = check_sizes((int)kind, size, n)))
        return rc;
    funnel_spec spec;
    if ((rc = spec_init(&spec, (int)kind, target, level, phi, tau2)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = check_exact_size(&spec, size[i], i)))
            return rc;

    if (n > SIZE_MAX / (2 * sizeof(double)))
        return value__fail(VALUE_ENOMEM, "out of memory for %zu limits", n);
    double *t = malloc(2 * n * sizeof *t);
    if (t == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for %zu limits", n);
    for (size_t i = 0; i < n; i++) {
        if ((rc = limits_at(&spec, size[i], &t[i], &t[n + i]))) {
            free(t);
            return rc;
        }
    }
    memcpy(out_lower, t, n * sizeof *t);
    memcpy(out_upper, t + n, n * sizeof *t);
    free(t);
    return VALUE_OK;
}

/* ---- assessment ----------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int value_funnel_assess(value_funnel_kind kind, const double *observed, const double *size, size_t n, double target,
                        value_funnel_overdispersion od, double winsor, double *out_z, int32_t *out_flag,
                        size_t out_len, double *out_phi, double *out_tau2, double *out_target)
{
    int rc;
    if ((rc = check_kind((int)kind)) || (rc = value__check_ptr(observed, "observed")) ||
        (rc = value__check_ptr(size, "size")) || (rc = value__check_ptr(out_z, "out_z")) ||
        (rc = value__check_ptr(out_flag, "out_flag")) || (rc = value__check_ptr(out_phi, "out_phi")) ||
        (rc = value__check_ptr(out_tau2, "out_tau2")) || (rc = value__check_ptr(out_target, "out_target")))
        return rc;
    if (n < 2)
        return value__fail(VALUE_EINVAL, "n must be at least 2, got %zu", n);
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    if (target != 0 && (rc = check_target((int)kind, target))) {
        char buf[32];
        value__format_double(target, buf, sizeof buf);
        return value__fail(VALUE_EINVAL, "target must be 0 (pooled) or %s, got %s",
                           is_proportion_kind((int)kind) ? "in (0, 1) for a proportion"
                                                         : "finite and > 0 for a ratio or rate",
                           buf);
    }
    if ((int)od < VALUE_FUNNEL_OD_NONE || (int)od > VALUE_FUNNEL_OD_ADDITIVE)
        return value__fail(VALUE_EINVAL, "od must be 0 (none), 1 (multiplicative) or 2 (additive), got %d", (int)od);
    if (!(winsor >= 0 && winsor < 0.5))
        return value__fail_value("winsor", winsor, "must be in [0, 0.5)");
    if ((rc = check_sizes((int)kind, size, n)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!value__is_count(observed[i]))
            return value__fail_element("observed", i, observed[i], "not a whole number >= 0");
        if (is_proportion_kind((int)kind) && observed[i] > size[i]) {
            char bo[32], bs[32];
            value__format_double(observed[i], bo, sizeof bo);
            value__format_double(size[i], bs, sizeof bs);
            return value__fail(VALUE_EINVAL, "observed[%zu] is %s, more than size[%zu] = %s", i, bo, i, bs);
        }
    }

    /* the target: given, or pooled */
    if (target == 0) {
        value__ksum so = {0, 0}, ss = {0, 0};
        for (size_t i = 0; i < n; i++) {
            value__ksum_add(&so, observed[i]);
            value__ksum_add(&ss, size[i]);
        }
        target = value__ksum_get(&so) / value__ksum_get(&ss);
        bool ok = is_proportion_kind((int)kind) ? target > 0 && target < 1 : target > 0 && target <= DBL_MAX;
        if (!ok) {
            char buf[32];
            value__format_double(target, buf, sizeof buf);
            return value__fail(VALUE_EDOM, "the pooled target sum(observed)/sum(size) is %s: z-scores are undefined",
                               buf);
        }
    }
    const double v = variance_function((int)kind, target);

    /* z (unadjusted, then adjusted), a sorted copy, flags */
    if (n > SIZE_MAX / (2 * sizeof(double) + sizeof(int32_t)))
        return value__fail(VALUE_ENOMEM, "out of memory for %zu providers", n);
    double *z = malloc(2 * n * sizeof *z);
    int32_t *flag = malloc(n * sizeof *flag);
    if (z == NULL || flag == NULL) {
        free(z);
        free(flag);
        return value__fail(VALUE_ENOMEM, "out of memory for %zu providers", n);
    }
    double *zs = z + n;
    value__ksum sw = {0, 0};
    for (size_t i = 0; i < n; i++) {
        z[i] = (observed[i] - target * size[i]) / sqrt(v * size[i]);
        if (!isfinite(z[i])) {
            free(z);
            free(flag);
            return value__fail(VALUE_ERANGE, "the z-score of provider %zu overflows (target x size too large)", i);
        }
        zs[i] = z[i];
        value__ksum_add(&sw, size[i] / v); /* w = 1/s^2 = size/v */
    }

    /* winsorized phi */
    qsort(zs, n, sizeof *zs, cmp_double);
    size_t k = (size_t)floor(winsor * (double)n * (1 + 4 * DBL_EPSILON));
    if (2 * k >= n) /* only when winsor is within the allowance of 0.5 */
        k = (n - 1) / 2;
    double phi_sum = 0;
    for (size_t i = 0; i < n; i++) {
        double zi = i < k ? zs[k] : i >= n - k ? zs[n - k - 1] : zs[i];
        phi_sum += zi * zi;
    }
    double phi = phi_sum / (double)n;

    /* tau^2 (DerSimonian-Laird) */
    double W = value__ksum_get(&sw);
    value__ksum den = {0, 0};
    for (size_t i = 0; i < n; i++) {
        double w = size[i] / v;
        value__ksum_add(&den, w * ((W - w) / W));
    }
    double denom = value__ksum_get(&den), numer = (double)n * phi - (double)(n - 1);
    double tau2 = numer > 0 ? numer / denom : 0.0;
    if (!(tau2 >= 0 && tau2 <= DBL_MAX)) {
        free(z);
        free(flag);
        return value__fail(VALUE_EDOM, "the between-provider variance is undefined (sizes too unequal)");
    }

    /* adjustment */
    double phi_used = 1, tau2_used = 0;
    if (od == VALUE_FUNNEL_OD_MULTIPLICATIVE && phi > 1)
        phi_used = phi;
    else if (od == VALUE_FUNNEL_OD_ADDITIVE && tau2 > 0)
        tau2_used = tau2;
    for (size_t i = 0; i < n; i++) {
        if (phi_used > 1)
            z[i] /= sqrt(phi_used);
        else if (tau2_used > 0)
            z[i] = (observed[i] / size[i] - target) / sqrt(v / size[i] + tau2_used);
    }

    /* flags against the 95% and 99.8% limits at each provider's size */
    funnel_spec s95, s998;
    if ((rc = spec_init(&s95, (int)kind, target, 0.95, phi_used, tau2_used)) ||
        (rc = spec_init(&s998, (int)kind, target, 0.998, phi_used, tau2_used))) {
        free(z);
        free(flag);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        double lo95, hi95, lo998, hi998;
        if ((rc = check_exact_size(&s95, size[i], i)) || (rc = limits_at(&s95, size[i], &lo95, &hi95)) ||
            (rc = limits_at(&s998, size[i], &lo998, &hi998))) {
            free(z);
            free(flag);
            return rc;
        }
        double y = observed[i] / size[i];
        flag[i] = y > hi998 ? 2 : y > hi95 ? 1 : y < lo998 ? -2 : y < lo95 ? -1 : 0;
    }

    memcpy(out_z, z, n * sizeof *z);
    memcpy(out_flag, flag, n * sizeof *flag);
    *out_phi = phi;
    *out_tau2 = tau2;
    *out_target = target;
    free(z);
    free(flag);
    return VALUE_OK;
}
