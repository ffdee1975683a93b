/*
 * Performance of predicted risks (c-statistic, Brier score, calibration,
 * Nagelkerke's R^2, Hosmer-Lemeshow), the calibration table, and observed
 * vs expected with Poisson confidence limits.  Plain functions on arrays:
 * no value_risk handle is involved.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method notes (where value.h leaves a choice open):
 *
 * - Sorting.  The risks of the patients with an event (cases) and of
 *   those without (controls) are sorted separately, by an LSD radix sort
 *   on the bit patterns (which for positive doubles order like the
 *   values): O(n) time, n doubles of scratch.  The c-statistic is then one
 *   merge walk over blocks of tied risks, U = sum over blocks of
 *   [c1 (controls below) + c1 c0 / 2], AUC = U/(n1 n0): the Mann-Whitney
 *   statistic (midranks for ties) in integer arithmetic, exact while
 *   n1 n0 < 2^53.  A quantile's order statistics are binary searches over
 *   the two sorted runs.  Every statistic is computed from the sorted
 *   arrays, so results do not depend on the order of the records.
 *
 * - Sums over all patients (Brier, expected, log-likelihoods, score and
 *   information) are plain within blocks of 256 terms, the block totals
 *   Neumaier-compensated; sums per risk group or per provider are
 *   Neumaier-compensated term by term.  Observed counts are sums of whole
 *   numbers, exact below 2^53.
 *
 * - Risk groups follow ResourceSelection::hoslem.test (x, y, g):
 *   breaks = unique(quantile(p, probs = seq(0, 1, 1/g))) with R's type 7
 *   quantile (its exact arithmetic: probs k * (1/g), index 1 + (n-1) prob,
 *   (1-h) x[lo] + h x[hi]), and cut(p, breaks, include.lowest = TRUE):
 *   intervals (b_{k-1}, b_k], the first [b_0, b_1].  Two deliberate
 *   departures, both in cases where hoslem.test gives no usable answer:
 *   (1) the last probability is exactly 1, so the top break is max(p);
 *   R's seq(0, 1, 1/g) ends at 0.99999999999999989 for g = 49, 98, 103,
 *   ..., which leaves the highest risks outside every interval and silently
 *   drops those patients; (2) an interval that holds no patient (possible
 *   when interpolated breaks fall twice into one gap between risks) is not
 *   a group: hoslem.test returns NaN for it (0/0), here it is left out, and
 *   "groups formed" counts the non-empty intervals.  When every risk is
 *   the same, all patients form one group (R's cut() stops with an error).
 *
 * - Hosmer-Lemeshow chi-square is summed, as hoslem.test does, over both
 *   cells of each group: (O-E)^2/E + (O0-E0)^2/E0 with O0 = n_g - O,
 *   E0 = sum(1 - p).  This equals value.h's (O-E)^2/(E(1 - E/n_g))
 *   algebraically, but stays finite when E rounds to n_g.  Degrees of
 *   freedom are n_groups - 2 with the REQUESTED n_groups, as hoslem.test
 *   (PARAMETER <- g - 2), even when tied cut points merge groups.  The p
 *   value is the chi-square upper tail (hoslem.test's 1 - pchisq() loses
 *   p values below about 1e-16; the upper tail keeps them).
 *
 * - Calibration-in-the-large alpha is the root of the score of
 *   glm(y ~ 1, offset = qlogis(p), binomial), found by Newton's method
 *   kept inside a bracket (the score is decreasing in alpha), so it needs
 *   no transcendental function per patient.  The calibration slope is from
 *   glm(y ~ qlogis(p), binomial) by Newton's method from (0, 1), each
 *   step moving no linear predictor by more than 20 and halved while the
 *   log-likelihood falls.  Both stop when a step is below 1e-12 (1 + |x|).
 *   logit(p) is computed as R's qlogis(), log(p / (1 - p)).
 *   The slope's estimate does not exist when logit(p) separates the
 *   outcomes: it is reported as +Inf when every event's logit(p) is >= every
 *   non-event's (the limit of the likelihood's maximizer), -Inf in the
 *   reverse case, and NaN when all logit(p) are equal (not identifiable;
 *   R reports NA).
 *
 * - Nagelkerke's R^2 = (1 - exp(2 (ll0 - ll1)/n)) / (1 - exp(2 ll0/n)),
 *   ll1 = sum y log p + (1-y) log(1-p), ll0 at the overall rate.
 *
 * - O/E limits: exact Poisson for O < 10 (the chi-square quantiles, found
 *   here from the Poisson sums they equal; the upper from the upper tail,
 *   which keeps its accuracy at high levels), Byar's approximation for O >= 10, with
 *   z = -Pinv(alpha/2).  observed_expected() gives the limits of O/E; the
 *   rate's limits are those times r.
 */
#include "risk.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEWTON_MAX_ITER 200
#define NEWTON_TOL 1e-12
#define MAX_HALVINGS 60
#define MAX_ETA_STEP 20.0
/* Exact Poisson limits below this count, Byar's approximation from it on. */
#define BYAR_FROM 10.0
/* The most Hosmer-Lemeshow groups: df = groups - 2 <= 2e5 keeps the
 * chi-square's gamma shape within 1e5 (see chisq_upper). */
#define MAX_HL_GROUPS 200002

/* ---- small helpers ------------------------------------------------------------ */


/* y[i] in {0, 1}; counts the ones. */
static int check_binary(const double *y, size_t n, size_t *n1)
{
    size_t ones = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] == 1.0)
            ones++;
        else if (y[i] != 0.0)
            return value__fail_element("y", i, y[i], "not 0 or 1");
    }
    *n1 = ones;
    return VALUE_OK;
}

/* p[i] in (0, 1). */
static int check_risks(const double *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(p[i] > 0.0 && p[i] < 1.0))
            return value__fail_element("p", i, p[i], "not in (0, 1)");
    return VALUE_OK;
}

static int check_level(double level)
{
    if (!(level > 0.0 && level < 1.0)) {
        char buf[32];
        value__format_double(level, buf, sizeof buf);
        return value__fail(VALUE_EINVAL, "level must be in (0, 1), got %s", buf);
    }
    return VALUE_OK;
}

/* ---- sorting ---------------------------------------------------------------- */

/* Sort n positive finite doubles ascending: LSD radix sort, 11-bit digits
 * over the 64-bit patterns (which order like the values for positive
 * doubles); a digit every key shares costs no pass.  tmp holds n doubles,
 * count 6 * 2048. */
#define RADIX_BITS 11
#define RADIX (1u << RADIX_BITS)
#define RADIX_PASSES 6

static inline uint64_t key_of(double x)
{
    uint64_t k;
    memcpy(&k, &x, sizeof k);
    return k;
}

static void insertion_sort(double *x, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double v = x[i];
        size_t j = i;
        for (; j > 0 && x[j - 1] > v; j--)
            x[j] = x[j - 1];
        x[j] = v;
    }
}

static void radix_sort(double *x, double *tmp, size_t *count, size_t n)
{
    if (n < 64) {
        insertion_sort(x, n);
        return;
    }
    memset(count, 0, RADIX_PASSES * RADIX * sizeof *count);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = key_of(x[i]);
        for (int d = 0; d < RADIX_PASSES; d++)
            count[d * RADIX + ((k >> (d * RADIX_BITS)) & (RADIX - 1))]++;
    }
    double *src = x, *dst = tmp;
    for (int d = 0; d < RADIX_PASSES; d++) {
        size_t *c = count + d * RADIX;
        uint64_t first = (key_of(src[0]) >> (d * RADIX_BITS)) & (RADIX - 1);
        if (c[first] == n)
            continue; /* every key has this digit */
        size_t sum = 0;
        for (size_t b = 0; b < RADIX; b++) {
            size_t t = c[b];
            c[b] = sum;
            sum += t;
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t k = key_of(src[i]);
            dst[c[(k >> (d * RADIX_BITS)) & (RADIX - 1)]++] = src[i];
        }
        double *t = src;
        src = dst;
        dst = t;
    }
    if (src != x)
        memcpy(x, src, n * sizeof *x);
}

/* The records' risks sorted: cases (y = 1) in s[0, n1), controls in
 * s[n1, n), each ascending.  work (n) was the sort's scratch and is free
 * for the caller. */
typedef struct sorted_risks {
    double *s;    /* n */
    double *work; /* n */
    size_t n, n1, n0;
} sorted_risks;

static void sorted_free(sorted_risks *r)
{
    free(r->s);
    free(r->work);
}

static int sort_risks(const double *y, const double *p, size_t n, size_t n1, sorted_risks *r)
{
    r->n = n;
    r->n1 = n1;
    r->n0 = n - n1;
    r->s = malloc(n * sizeof *r->s);
    r->work = malloc(n * sizeof *r->work);
    size_t *count = malloc(RADIX_PASSES * RADIX * sizeof *count);
    if (r->s == NULL || r->work == NULL || count == NULL) {
        free(count);
        sorted_free(r);
        return value__fail(VALUE_ENOMEM, "out of memory sorting %zu risks", n);
    }
    size_t i1 = 0, i0 = n1;
    for (size_t i = 0; i < n; i++)
        r->s[y[i] == 1.0 ? i1++ : i0++] = p[i];
    radix_sort(r->s, r->work, count, r->n1);
    radix_sort(r->s + n1, r->work, count, r->n0);
    free(count);
    return VALUE_OK;
}

/* The k-th smallest (1-based, k <= n) of all n risks, from the two sorted
 * runs: binary search for how many of the first k come from the cases. */
static double order_stat(const sorted_risks *r, size_t k)
{
    const double *a = r->s, *b = r->s + r->n1;
    size_t lo = k > r->n0 ? k - r->n0 : 0, hi = k < r->n1 ? k : r->n1;
    while (lo < hi) {
        size_t i = lo + (hi - lo) / 2; /* take i from a, k - i >= 1 from b */
        if (a[i] < b[k - i - 1])
            lo = i + 1;
        else
            hi = i;
    }
    size_t i = lo, j = k - lo;
    if (i == 0)
        return b[j - 1];
    if (j == 0)
        return a[i - 1];
    return fmax(a[i - 1], b[j - 1]);
}

/* Mann-Whitney U / (n1 n0): P(p_case > p_control) + P(tie)/2. */
static double c_statistic(const sorted_risks *r)
{
    const double *a = r->s, *b = r->s + r->n1;
    size_t ia = 0, ib = 0;
    double below0 = 0, u = 0;
    while (ia < r->n1 && ib < r->n0) {
        double v = a[ia] < b[ib] ? a[ia] : b[ib];
        size_t c1 = 0, c0 = 0;
        while (ia < r->n1 && a[ia] == v)
            ia++, c1++;
        while (ib < r->n0 && b[ib] == v)
            ib++, c0++;
        u += (double)c1 * below0 + 0.5 * (double)c1 * (double)c0;
        below0 += (double)c0;
    }
    u += (double)(r->n1 - ia) * below0; /* cases above every control */
    return u / ((double)r->n1 * (double)r->n0);
}

/* ---- risk groups ---------------------------------------------------------------- */

typedef struct risk_groups {
    size_t formed;  /* non-empty groups */
    double *n, *observed, *expected, *p_low, *p_high; /* per group formed; each may be NULL */
    double chisq;   /* Hosmer-Lemeshow */
} risk_groups;

/* R's quantile(x, probs = k * (1/g), type = 7) of all risks (the last
 * probability exactly 1: see the notes at the top). */
static double quantile7(const sorted_risks *r, size_t k, size_t g)
{
    double prob = k == g ? 1.0 : fmin((double)k * (1.0 / (double)g), 1.0);
    double index = 1.0 + (double)(r->n - 1) * prob;
    double lo = floor(index), hi = ceil(index);
    double qs = order_stat(r, (size_t)lo);
    if (index > lo) {
        double xhi = order_stat(r, (size_t)hi);
        if (xhi != qs) {
            double h = index - lo;
            qs = (1 - h) * qs + h * xhi;
        }
    }
    return qs;
}

/* Cut the sorted risks into groups and total each; g >= 1. */
static int form_groups(const sorted_risks *r, size_t g, risk_groups *out)
{
    double *breaks = malloc((g + 1) * sizeof *breaks);
    if (breaks == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for %zu risk groups", g);
    size_t nb = 0;
    for (size_t k = 0; k <= g; k++) {
        double q = quantile7(r, k, g);
        if (nb == 0 || q != breaks[nb - 1]) /* unique(): the breaks ascend */
            breaks[nb++] = q;
    }
    size_t intervals = nb > 1 ? nb - 1 : 1;

    const double *a = r->s, *b = r->s + r->n1;
    size_t ia = 0, ib = 0, formed = 0;
    double chisq = 0;
    for (size_t j = 0; j < intervals; j++) {
        /* (b_j, b_{j+1}], the first also closed below: every risk is >= b_0,
         * so "<= upper bound, not yet taken" is the interval.  The last takes
         * the rest (its bound is max(p) anyway). */
        double bound = j + 1 == intervals ? INFINITY : breaks[j + 1];
        size_t a0 = ia, b0 = ib;
        value__ksum e1 = {0, 0}, e0 = {0, 0};
        for (; ia < r->n1 && a[ia] <= bound; ia++) {
            value__ksum_add(&e1, a[ia]);
            value__ksum_add(&e0, 1.0 - a[ia]);
        }
        for (; ib < r->n0 && b[ib] <= bound; ib++) {
            value__ksum_add(&e1, b[ib]);
            value__ksum_add(&e0, 1.0 - b[ib]);
        }
        size_t c1 = ia - a0, c0 = ib - b0;
        if (c1 + c0 == 0)
            continue; /* an empty interval is not a group */
        double o1 = (double)c1, o0 = (double)c0;
        double ex1 = value__ksum_get(&e1), ex0 = value__ksum_get(&e0);
        chisq += (o1 - ex1) * (o1 - ex1) / ex1 + (o0 - ex0) * (o0 - ex0) / ex0;
        double lo = c1 == 0 ? b[b0] : c0 == 0 ? a[a0] : fmin(a[a0], b[b0]);
        double hi = c1 == 0 ? b[ib - 1] : c0 == 0 ? a[ia - 1] : fmax(a[ia - 1], b[ib - 1]);
        if (out->n)
            out->n[formed] = (double)(c1 + c0);
        if (out->observed)
            out->observed[formed] = o1;
        if (out->expected)
            out->expected[formed] = ex1;
        if (out->p_low)
            out->p_low[formed] = lo;
        if (out->p_high)
            out->p_high[formed] = hi;
        formed++;
    }
    free(breaks);
    out->formed = formed;
    out->chisq = chisq;
    return VALUE_OK;
}

/* ---- calibration regressions ---------------------------------------------------- */

/* Sums over many patients are taken in blocks: a plain sum over BLOCK
 * terms (a loop the compiler can keep in registers), the block totals
 * added with compensation. */
#define BLOCK 256

static inline size_t block_end(size_t i0, size_t n)
{
    return n - i0 > BLOCK ? i0 + BLOCK : n;
}

/* Score and information of calibration-in-the-large at alpha = x:
 * mu_i = expit(x + logit p_i) = p e^x / (p e^x + 1 - p), evaluated with
 * e^x or e^-x (whichever is <= 1) so nothing overflows;
 * score = sum_cases (1 - mu) - sum_controls mu, information sum mu (1 - mu). */
static void citl_evaluate(const sorted_risks *r, double x, double *score, double *info)
{
    bool pos = x > 0;
    double ea = pos ? 1.0 : exp(x), ema = pos ? exp(-x) : 1.0;
    value__ksum u = {0, 0}, inf = {0, 0};
    for (size_t i0 = 0; i0 < r->n; i0 += BLOCK) {
        size_t i1 = block_end(i0, r->n);
        double su = 0, si = 0;
        for (size_t i = i0; i < i1; i++) {
            double p = r->s[i];
            double num1 = p * ea, num0 = (1.0 - p) * ema;
            double inv = 1.0 / (num1 + num0);
            double mu = num1 * inv, om = num0 * inv;
            su += i < r->n1 ? om : -mu;
            si += mu * om;
        }
        value__ksum_add(&u, su);
        value__ksum_add(&inf, si);
    }
    *score = value__ksum_get(&u);
    *info = value__ksum_get(&inf);
}

/* Calibration-in-the-large: the root of the score, which falls as alpha
 * rises.  Newton's method inside a bracket [lo, hi] of the root; a step
 * leaving it bisects instead, and while one side is open a step is at
 * most 8 (a factor e^8 on the odds). */
static int fit_citl(const sorted_risks *r, double *out)
{
    double x = 0, lo = -INFINITY, hi = INFINITY;
    for (int it = 0; it < NEWTON_MAX_ITER; it++) {
        double score, info;
        citl_evaluate(r, x, &score, &info);
        double step = score / info;
        if (score == 0 || fabs(step) <= NEWTON_TOL * (1.0 + fabs(x))) {
            *out = x + step;
            return VALUE_OK;
        }
        if (score > 0)
            lo = x;
        else
            hi = x;
        bool closed = isfinite(lo) && isfinite(hi);
        double next = x + step;
        if (!isfinite(next) || next <= lo || next >= hi)
            next = closed ? 0.5 * (lo + hi) : x + (score > 0 ? 8.0 : -8.0);
        else if (!closed && fabs(step) > 8.0)
            next = x + (step > 0 ? 8.0 : -8.0);
        if (closed && hi - lo <= NEWTON_TOL * (1.0 + fabs(next))) {
            *out = next;
            return VALUE_OK;
        }
        x = next;
    }
    return value__fail(VALUE_ENOTCONV, "calibration-in-the-large: Newton's method did not converge in %d iterations",
                       NEWTON_MAX_ITER);
}

typedef struct slope_eval {
    double ll, ua, ub, iaa, iab, ibb;
} slope_eval;

/* Log-likelihood, score and information of logit P(y) = a + b lp, cases
 * in lp[0, n1).  With e = exp(-|eta|): log mu = min(eta, 0) - log(1 + e),
 * log(1 - mu) = -max(eta, 0) - log(1 + e); the log(1 + e) terms are
 * summed as the log of their product over a block (each factor is in
 * (1, 2], so a block of 256 cannot overflow), one log per block. */
static void slope_evaluate(const double *lp, size_t n1, size_t n, double a, double b, slope_eval *ev)
{
    value__ksum ll = {0, 0}, ua = {0, 0}, ub = {0, 0}, iaa = {0, 0}, iab = {0, 0}, ibb = {0, 0};
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        size_t i1 = block_end(i0, n);
        double sl = 0, prod = 1, sa = 0, sb = 0, saa = 0, sab = 0, sbb = 0;
        for (size_t i = i0; i < i1; i++) {
            double x = lp[i];
            double eta = a + b * x;
            double e = exp(-fabs(eta));
            double inv = 1.0 / (1.0 + e);
            double mu = eta >= 0 ? inv : e * inv;
            double om = eta >= 0 ? e * inv : inv;
            prod *= 1.0 + e;
            double res;
            if (i < n1) { /* log mu = min(eta, 0) - log(1 + e) */
                sl += eta < 0 ? eta : 0.0;
                res = om;
            } else { /* log(1 - mu) = -max(eta, 0) - log(1 + e) */
                sl -= eta > 0 ? eta : 0.0;
                res = -mu;
            }
            double w = mu * om;
            sa += res;
            sb += res * x;
            saa += w;
            sab += w * x;
            sbb += w * x * x;
        }
        value__ksum_add(&ll, sl - log(prod));
        value__ksum_add(&ua, sa);
        value__ksum_add(&ub, sb);
        value__ksum_add(&iaa, saa);
        value__ksum_add(&iab, sab);
        value__ksum_add(&ibb, sbb);
    }
    ev->ll = value__ksum_get(&ll);
    ev->ua = value__ksum_get(&ua);
    ev->ub = value__ksum_get(&ub);
    ev->iaa = value__ksum_get(&iaa);
    ev->iab = value__ksum_get(&iab);
    ev->ibb = value__ksum_get(&ibb);
}

/* Calibration slope; lp = logit of the sorted risks (cases first). */
static int fit_slope(const sorted_risks *r, const double *lp, double *out)
{
    size_t n1 = r->n1, n = r->n;
    /* Does logit(p) separate the outcomes?  (Then the MLE is infinite.) */
    double min1 = INFINITY, max1 = -INFINITY, min0 = INFINITY, max0 = -INFINITY;
    for (size_t i = 0; i < n1; i++) {
        min1 = lp[i] < min1 ? lp[i] : min1;
        max1 = lp[i] > max1 ? lp[i] : max1;
    }
    for (size_t i = n1; i < n; i++) {
        min0 = lp[i] < min0 ? lp[i] : min0;
        max0 = lp[i] > max0 ? lp[i] : max0;
    }
    if (fmin(min1, min0) == fmax(max1, max0)) {
        *out = NAN;
        return VALUE_OK;
    }
    if (min1 >= max0) {
        *out = INFINITY;
        return VALUE_OK;
    }
    if (max1 <= min0) {
        *out = -INFINITY;
        return VALUE_OK;
    }

    double big = fmax(fmax(fabs(min1), fabs(max1)), fmax(fabs(min0), fabs(max0))); /* max |lp| */
    double a = 0, b = 1; /* p itself: perfect calibration */
    slope_eval ev;
    slope_evaluate(lp, n1, n, a, b, &ev);
    for (int it = 0; it < NEWTON_MAX_ITER; it++) {
        double det = ev.iaa * ev.ibb - ev.iab * ev.iab;
        if (!(det > 0) || !isfinite(det))
            return value__fail(VALUE_ENOTCONV, "calibration slope: the information matrix is singular at "
                                               "iteration %d",
                               it + 1);
        double da = (ev.ibb * ev.ua - ev.iab * ev.ub) / det;
        double db = (ev.iaa * ev.ub - ev.iab * ev.ua) / det;
        /* A step moves no linear predictor by more than MAX_ETA_STEP (a
         * trust region for information matrices that are nearly singular,
         * as with risks within 1e-300 of 0); then step halving while the
         * log-likelihood falls (beyond rounding). */
        double moves = fabs(da) + fabs(db) * big;
        double t = moves > MAX_ETA_STEP ? MAX_ETA_STEP / moves : 1.0;
        slope_eval next;
        for (int h = 0;; h++) {
            slope_evaluate(lp, n1, n, a + t * da, b + t * db, &next);
            if (isfinite(next.ll) && next.ll >= ev.ll - 1e-12 * (1.0 + fabs(ev.ll)))
                break;
            if (h == MAX_HALVINGS)
                return value__fail(VALUE_ENOTCONV, "calibration slope: step halving failed at iteration %d", it + 1);
            t *= 0.5;
        }
        double sa = t * da, sb = t * db;
        a += sa;
        b += sb;
        ev = next;
        if (fabs(sa) <= NEWTON_TOL * (1.0 + fabs(a)) && fabs(sb) <= NEWTON_TOL * (1.0 + fabs(b))) {
            *out = b;
            return VALUE_OK;
        }
    }
    return value__fail(VALUE_ENOTCONV, "calibration slope: Newton's method did not converge in %d iterations",
                       NEWTON_MAX_ITER);
}

/* Chi-square upper tail on df <= 2e5 (MAX_HL_GROUPS): GSL's incomplete
 * gamma at shapes up to 1e5, where lib/core/gsl_guard.c shows it reaches
 * no error handler.  Bracketed all the same, and its value checked. */
static int chisq_upper(double x, double df, double *out)
{
    value__gsl_begin();
    double q = gsl_cdf_chisq_Q(x, df);
    int rc = value__gsl_end("Hosmer-Lemeshow p value");
    if (rc)
        return rc;
    if (!(q >= 0 && q <= 1))
        return value__fail(VALUE_ENUMERIC, "Hosmer-Lemeshow p value: the chi-square tail is not a probability");
    *out = q;
    return VALUE_OK;
}

/* ---- value_risk_performance ----------------------------------------------------- */

static int check_groups(size_t n_groups)
{
    if (n_groups < 3)
        return value__fail(VALUE_EINVAL, "n_groups must be at least 3, got %zu", n_groups);
    if (n_groups > SIZE_MAX / (2 * sizeof(double)))
        return value__fail(VALUE_EINVAL, "n_groups is too large: %zu", n_groups);
    return VALUE_OK;
}

int value_risk_performance(const double *y, const double *p, size_t n, size_t n_groups, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(y, "y")) || (rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if ((rc = value__check_length("out_len", out_len, VALUE_RISK_PERF_N_STATS, "VALUE_RISK_PERF_N_STATS")))
        return rc;
    if (n < 2)
        return value__fail(VALUE_EINVAL, "n must be at least 2, got %zu", n);
    if ((rc = check_groups(n_groups)))
        return rc;
    if (n_groups > MAX_HL_GROUPS)
        return value__fail(VALUE_EINVAL,
                           "n_groups is %zu, at most %d: the Hosmer-Lemeshow chi-square has at most 2e5 degrees of "
                           "freedom",
                           n_groups, MAX_HL_GROUPS);
    size_t n1 = 0; /* set by check_binary() */
    if ((rc = check_binary(y, n, &n1)) || (rc = check_risks(p, n)))
        return rc;
    if (n1 == 0 || n1 == n)
        return value__fail(VALUE_EINVAL, "y has no %s (all %zu are %d): the statistics need both outcomes",
                           n1 == 0 ? "events" : "non-events", n, n1 == 0 ? 0 : 1);

    sorted_risks r;
    if ((rc = sort_risks(y, p, n, n1, &r)))
        return rc;
    double res[VALUE_RISK_PERF_N_STATS];
    res[VALUE_RISK_PERF_CSTAT] = c_statistic(&r);

    risk_groups grp = {0};
    if ((rc = form_groups(&r, n_groups, &grp))) {
        sorted_free(&r);
        return rc;
    }
    /* Brier, expected, log-likelihood and logit(p) (into the free work
     * array), in one pass. */
    double *lp = r.work;
    value__ksum brier = {0, 0}, expected = {0, 0}, ll1 = {0, 0};
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        size_t i1 = block_end(i0, n);
        double sb = 0, se = 0, sl = 0;
        for (size_t i = i0; i < i1; i++) {
            double pi = r.s[i], yi = i < n1 ? 1.0 : 0.0;
            lp[i] = log(pi / (1.0 - pi)); /* as R's qlogis() */
            sl += i < n1 ? log(pi) : log1p(-pi);
            sb += (pi - yi) * (pi - yi);
            se += pi;
        }
        value__ksum_add(&ll1, sl);
        value__ksum_add(&brier, sb);
        value__ksum_add(&expected, se);
    }
    double dn = (double)n, d1 = (double)n1, d0 = (double)(n - n1);
    res[VALUE_RISK_PERF_BRIER] = value__ksum_get(&brier) / dn;
    res[VALUE_RISK_PERF_OBSERVED] = d1;
    res[VALUE_RISK_PERF_EXPECTED] = value__ksum_get(&expected);
    double ll0 = d1 * log(d1 / dn) + d0 * log(d0 / dn);
    double r2_cs = -expm1(2.0 * (ll0 - value__ksum_get(&ll1)) / dn);
    res[VALUE_RISK_PERF_NAGELKERKE] = r2_cs / -expm1(2.0 * ll0 / dn);

    if ((rc = fit_citl(&r, &res[VALUE_RISK_PERF_CITL])) || (rc = fit_slope(&r, lp, &res[VALUE_RISK_PERF_SLOPE]))) {
        sorted_free(&r);
        return rc;
    }
    sorted_free(&r);

    res[VALUE_RISK_PERF_HL_CHISQ] = grp.chisq;
    res[VALUE_RISK_PERF_HL_DF] = (double)(n_groups - 2);
    if ((rc = chisq_upper(grp.chisq, res[VALUE_RISK_PERF_HL_DF], &res[VALUE_RISK_PERF_HL_P])))
        return rc;
    memcpy(out, res, sizeof res);
    return VALUE_OK;
}

/* ---- value_risk_calibration_table ------------------------------------------------ */

int value_risk_calibration_table(const double *y, const double *p, size_t n, size_t n_groups, double *out_n,
                                 double *out_observed, double *out_expected, double *out_p_low, double *out_p_high,
                                 size_t out_len, size_t *out_groups)
{
    int rc;
    if ((rc = value__check_ptr(y, "y")) || (rc = value__check_ptr(p, "p")) ||
        (rc = value__check_ptr(out_n, "out_n")) || (rc = value__check_ptr(out_observed, "out_observed")) ||
        (rc = value__check_ptr(out_expected, "out_expected")) || (rc = value__check_ptr(out_p_low, "out_p_low")) ||
        (rc = value__check_ptr(out_p_high, "out_p_high")) || (rc = value__check_ptr(out_groups, "out_groups")))
        return rc;
    if (n < 1)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if ((rc = check_groups(n_groups)))
        return rc;
    if ((rc = value__check_length("out_len", out_len, n_groups, "n_groups")))
        return rc;
    size_t n1 = 0; /* set by check_binary() */
    if ((rc = check_binary(y, n, &n1)) || (rc = check_risks(p, n)))
        return rc;

    sorted_risks r;
    if ((rc = sort_risks(y, p, n, n1, &r)))
        return rc;
    double *tab = calloc(5 * n_groups, sizeof *tab);
    if (tab == NULL) {
        sorted_free(&r);
        return value__fail(VALUE_ENOMEM, "out of memory for %zu risk groups", n_groups);
    }
    risk_groups grp = {.n = tab,
                       .observed = tab + n_groups,
                       .expected = tab + 2 * n_groups,
                       .p_low = tab + 3 * n_groups,
                       .p_high = tab + 4 * n_groups};
    rc = form_groups(&r, n_groups, &grp);
    sorted_free(&r);
    if (rc) {
        free(tab);
        return rc;
    }
    size_t bytes = n_groups * sizeof *tab;
    memcpy(out_n, grp.n, bytes);
    memcpy(out_observed, grp.observed, bytes);
    memcpy(out_expected, grp.expected, bytes);
    memcpy(out_p_low, grp.p_low, bytes);
    memcpy(out_p_high, grp.p_high, bytes);
    *out_groups = grp.formed;
    free(tab);
    return VALUE_OK;
}

/* ---- O/E intervals ---------------------------------------------------------------- */

/*
 * Exact Poisson limits for a count O < 10 without GSL's chi-square
 * inverses (whose failure to converge would go to GSL's error handler,
 * see lib/core/gsl_guard.c).  For a whole k >= 1 the gamma(k) tails are
 * finite Poisson sums: Q_k(x) = P(Poisson(x) <= k - 1) = sum_{j<k} e^-x
 * x^j/j! and P_k(x) = P(Poisson(x) >= k), the series sum_{j>=k}.  The
 * lower limit solves P_O(x) = alpha/2 (= chisq_{2O, alpha/2}/2), the upper
 * Q_{O+1}(x) = alpha/2 (= chisq_{2(O+1), 1-alpha/2}/2), each tail computed
 * directly so that it keeps its relative precision however small.
 */
static const double LOG_FACT[11] = {0, 0, 0.69314718055994531, 1.791759469228055, 3.1780538303479458,
                                    4.7874917427820458, 6.5792512120101012, 8.5251613610654147, 10.604602902745251,
                                    12.801827480081469, 15.104412573075516}; /* log k!, k = 0..10 */

/* log P_k(x) for 0 < x < k (the lower limit lies below the median, and
 * the median of Poisson(k) is k): e^-x x^k/k! times 1 + x/(k+1) + ...,
 * whose ratio of terms is below k/(k+1) <= 9/10, summed to its last
 * significant term (at most ~400 terms). */
static double log_lower_tail(int k, double x)
{
    double term = 1, sum = 1;
    for (int j = k + 1; j < k + 1000; j++) {
        term *= x / j;
        sum += term;
        if (term < 0x1p-60 * sum)
            break;
    }
    return -x + k * log(x) - LOG_FACT[k] + log(sum);
}

/* log Q_k(x), x > 0: the finite sum, largest term factored out. */
static double log_upper_tail(int k, double x)
{
    double lx = log(x), top = -INFINITY, sum = 0;
    for (int j = 0; j < k; j++)
        top = fmax(top, j * lx - LOG_FACT[j]);
    for (int j = 0; j < k; j++)
        sum += exp(j * lx - LOG_FACT[j] - top);
    return -x + top + log(sum);
}

/* The x in (lo, hi) with log T(x) = log_t, T = P_k (lower, increasing in
 * x) or Q_k (decreasing): Newton's method on y = log x (both tails are close to
 * linear in y), each step kept inside a bracket that shrinks with it, a
 * bisection where a step leaves it; stops when a step is below 4 ulps. */
static double solve_tail(int k, double log_t, int lower, double lo, double hi)
{
    double ylo = log(lo), yhi = log(hi), y = 0.5 * (ylo + yhi);
    for (int iter = 0; iter < 400; iter++) {
        double x = exp(y);
        double lt = lower ? log_lower_tail(k, x) : log_upper_tail(k, x);
        double g = lower ? lt - log_t : log_t - lt; /* increasing in y */
        if (g == 0)
            return x;
        if (g > 0)
            yhi = y;
        else
            ylo = y;
        /* d log T/dy = x f(x)/T, f the gamma(k) density e^-x x^(k-1)/(k-1)! */
        double slope = exp(-x + k * y - LOG_FACT[k - 1] - lt);
        double next = y - g / slope;
        if (fabs(next - y) <= 4 * DBL_EPSILON * fmax(1, fabs(y)))
            return exp(next);
        if (!(next > ylo && next < yhi)) {
            next = 0.5 * (ylo + yhi);
            if (next <= ylo || next >= yhi)
                return exp(next);
        }
        y = next;
    }
    return exp(y);
}

/* Limits for a count O (validated: whole, >= 0) at level (in (0, 1)). */
static int count_limits(double o, double level, double *lower, double *upper)
{
    double half_alpha = 0.5 * (1.0 - level);
    double lo, hi;
    if (o < BYAR_FROM) {
        int k = (int)o;
        double log_t = log(half_alpha);
        /* P_k(k) > 1/2 > alpha/2, and P_k(x) < 2 x^k/k! for x < (k+1)/2,
         * so P_k < alpha/2 at (alpha/2 k!)^(1/k)/4. */
        lo = k == 0 ? 0.0 : solve_tail(k, log_t, 1, 0.25 * exp((log_t + LOG_FACT[k]) / k), k);
        /* Q_{k+1}(k) > 1/2 (Q_1(1/2) = e^-1/2 > 1/2 for k = 0), and Q_{k+1}
         * falls below alpha/2 >= 2^-54 within a few doublings. */
        double top = k + 1.0;
        while (log_upper_tail(k + 1, top) > log_t)
            top *= 2;
        hi = solve_tail(k + 1, log_t, 0, k > 0 ? k : 0.5, top);
    } else {
        double z = -gsl_cdf_ugaussian_Pinv(half_alpha);
        double a = 1.0 - 1.0 / (9.0 * o) - z / (3.0 * sqrt(o));
        double o1 = o + 1.0;
        double b = 1.0 - 1.0 / (9.0 * o1) + z / (3.0 * sqrt(o1));
        lo = o * a * a * a;
        hi = o1 * b * b * b;
    }
    *lower = lo;
    *upper = hi;
    return VALUE_OK;
}

int value__risk_oe_limits(double o, double e, double level, double ref, double out[4])
{
    double lo, hi;
    int rc = count_limits(o, level, &lo, &hi);
    if (rc)
        return rc;
    double oe = o / e, rate = oe * ref;
    hi /= e;
    if (!isfinite(e) || !isfinite(hi) || !isfinite(rate)) {
        char buf[32];
        value__format_double(e, buf, sizeof buf);
        return value__fail(VALUE_ERANGE, "%s overflows (expected %s)",
                           !isfinite(e)    ? "the sum of expected counts"
                           : !isfinite(hi) ? "the upper limit of O/E"
                                           : "the rate O/E x reference rate",
                           buf);
    }
    out[0] = oe;
    out[1] = lo / e;
    out[2] = hi;
    out[3] = rate;
    return VALUE_OK;
}

int value_risk_oe_interval(double observed, double expected, double level, double *out_lower, double *out_upper)
{
    int rc;
    if ((rc = value__check_ptr(out_lower, "out_lower")) || (rc = value__check_ptr(out_upper, "out_upper")))
        return rc;
    char buf[32];
    if (!value__is_count(observed)) {
        value__format_double(observed, buf, sizeof buf);
        return value__fail(VALUE_EINVAL, "observed must be a whole number >= 0, got %s", buf);
    }
    if (!(expected > 0 && isfinite(expected))) {
        value__format_double(expected, buf, sizeof buf);
        return value__fail(VALUE_EINVAL, "expected must be finite and > 0, got %s", buf);
    }
    if ((rc = check_level(level)))
        return rc;
    double r[4];
    if ((rc = value__risk_oe_limits(observed, expected, level, 1.0, r)))
        return rc;
    *out_lower = r[1];
    *out_upper = r[2];
    return VALUE_OK;
}

/* ---- value_risk_observed_expected -------------------------------------------------- */

int value_risk_observed_expected(const double *y, const double *p, const int32_t *group, size_t n, double level,
                                 double reference_rate, double *out_n, double *out_observed, double *out_expected,
                                 double *out_oe, double *out_lower, double *out_upper, double *out_rate,
                                 size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(y, "y")) || (rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(group, "group")) ||
        (rc = value__check_ptr(out_n, "out_n")) || (rc = value__check_ptr(out_observed, "out_observed")) ||
        (rc = value__check_ptr(out_expected, "out_expected")) || (rc = value__check_ptr(out_oe, "out_oe")) ||
        (rc = value__check_ptr(out_lower, "out_lower")) || (rc = value__check_ptr(out_upper, "out_upper")) ||
        (rc = value__check_ptr(out_rate, "out_rate")))
        return rc;
    if (n < 1)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if (out_len < 1)
        return value__fail(VALUE_EINVAL, "out_len (the number of groups) must be at least 1, got 0");
    if (out_len > SIZE_MAX / (8 * sizeof(double)))
        return value__fail(VALUE_EINVAL, "out_len is too large: %zu", out_len);
    if ((rc = check_level(level)))
        return rc;
    if (!(reference_rate >= 0 && isfinite(reference_rate))) {
        char buf[32];
        value__format_double(reference_rate, buf, sizeof buf);
        return value__fail(VALUE_EINVAL, "reference_rate must be finite and > 0 (or 0 for the overall rate), got %s",
                           buf);
    }
    for (size_t i = 0; i < n; i++) {
        if (!value__is_count(y[i]))
            return value__fail_element("y", i, y[i], "not a whole number >= 0");
        if (!(p[i] > 0 && isfinite(p[i])))
            return value__fail_element("p", i, p[i], "not finite and > 0");
        if (group[i] < 0 || (uint64_t)group[i] >= (uint64_t)out_len)
            return value__fail(VALUE_EINVAL, "group[%zu] is %ld, not in [0, %zu)", i, (long)group[i], out_len);
    }

    /* n, O, E (with its compensation), O/E, lower, upper, rate */
    double *t = calloc(8 * out_len, sizeof *t);
    if (t == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for %zu groups", out_len);
    double *gn = t, *go = t + out_len, *ge = t + 2 * out_len, *gc = t + 3 * out_len;
    double *goe = t + 4 * out_len, *glo = t + 5 * out_len, *ghi = t + 6 * out_len, *grate = t + 7 * out_len;
    for (size_t i = 0; i < n; i++) {
        size_t g = (size_t)group[i];
        gn[g] += 1.0;
        go[g] += y[i];
        value__ksum k = {ge[g], gc[g]};
        value__ksum_add(&k, p[i]);
        ge[g] = k.s;
        gc[g] = k.c;
    }
    if (reference_rate == 0) { /* the overall observed rate of the records given */
        value__ksum all = {0, 0};
        for (size_t i = 0; i < n; i++)
            value__ksum_add(&all, y[i]);
        reference_rate = (all.s + all.c) / (double)n;
    }
    for (size_t g = 0; g < out_len; g++) {
        if (gn[g] == 0) {
            goe[g] = glo[g] = ghi[g] = grate[g] = NAN;
            continue;
        }
        ge[g] += gc[g];
        double r[4];
        if ((rc = value__risk_oe_limits(go[g], ge[g], level, reference_rate, r))) {
            free(t);
            return value__fail_within(rc, "group %zu", g);
        }
        goe[g] = r[0];
        glo[g] = r[1];
        ghi[g] = r[2];
        grate[g] = r[3];
    }
    size_t bytes = out_len * sizeof *t;
    memcpy(out_n, gn, bytes);
    memcpy(out_observed, go, bytes);
    memcpy(out_expected, ge, bytes);
    memcpy(out_oe, goe, bytes);
    memcpy(out_lower, glo, bytes);
    memcpy(out_upper, ghi, bytes);
    memcpy(out_rate, grate, bytes);
    free(t);
    return VALUE_OK;
}
