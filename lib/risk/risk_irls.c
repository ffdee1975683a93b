/*
 * IRLS for the risk models' GLM fit (value_risk_fit() in risk.c drives
 * it): the working weights and responses each iteration, the one pass over
 * the rows that accumulates X'WX and X'Wz, the Cholesky solve, the
 * iteration with glm.fit's step halving and stopping rule, and the check
 * for separation.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The least-squares step solves the normal equations X'WX b = X'Wz by
 * Cholesky (core/linalg.c), accumulating X'WX in one pass over the rows
 * (p is small, n large).  With an intercept the covariates are centred at
 * their means (ir->mean, an exact reparameterization the driver undoes).
 * Sums over rows run in blocks of BLOCK rows, each block summed separately
 * and then added to the total, which keeps rounding error growing with
 * n / BLOCK rather than n.
 */
#include "risk.h"
#include "core/linalg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 1024
/* A column whose Cholesky pivot falls below this fraction of its diagonal
 * of X'WX (its weighted sum of squares, centred with an intercept) is
 * taken as a linear combination of the columns before it.  The design's
 * rank is judged at the first iteration, whose working weights come from
 * the starting values and are bounded away from 0; later iterations only
 * guard against a numerically singular X'WX (SINGULAR_TOL, the square of
 * the 1e-11 column-norm tolerance of R's QR), which happens when working
 * weights vanish: separation, or a count model's coefficient running to
 * minus infinity. */
#define RANK_TOL 1e-10
#define SINGULAR_TOL 1e-22

/* Separation checks (binomial): extra iterations at most, a step
 * (step_size()) small enough to call the fit settled, the ratio of the
 * last two steps above which the coefficients are still moving, and how
 * near 0 or 1 a fitted probability must come. */
#define SEP_EXTRA 10
#define SEP_SMALL_STEP 1e-6
#define SEP_SHRINK 0.25
#define SEP_EXTREME 1e-8

typedef value__v2 v2;
#define TILE 64
#define PAIRS (TILE / 2)

/* ---- buffers ------------------------------------------------------------------ */

static void *alloc_v2(size_t count)
{
    return aligned_alloc(sizeof(v2), (count ? count : 1) * sizeof(v2)); /* a multiple of the alignment */
}

static void acc_free(value__irls_acc *a)
{
    free(a->xt);
    free(a->wxt);
    free(a->wz);
    free(a->acc);
    free(a->wt);
    free(a->z);
    *a = (value__irls_acc){0};
}

static int acc_alloc(value__irls_acc *a, size_t p)
{
    a->xt = alloc_v2(p * PAIRS);
    a->wxt = alloc_v2(p * PAIRS);
    a->wz = alloc_v2(PAIRS);
    a->acc = alloc_v2(2 * (p * p + p));
    a->wt = malloc(BLOCK * sizeof *a->wt);
    a->z = malloc(BLOCK * sizeof *a->z);
    if (!a->xt || !a->wxt || !a->wz || !a->acc || !a->wt || !a->z) {
        acc_free(a);
        return VALUE_ENOMEM;
    }
    return VALUE_OK;
}

void value__irls_free(value__irls *ir)
{
    free(ir->A);
    free(ir->L);
    free(ir->rhs);
    acc_free(&ir->work);
    free(ir->beta);
    free(ir->beta_old);
    ir->A = ir->L = ir->rhs = ir->beta = ir->beta_old = NULL;
}

int value__irls_alloc(value__irls *ir)
{
    size_t p = ir->p, pp = p * p;
    ir->A = malloc(pp * sizeof *ir->A);
    ir->L = malloc(pp * sizeof *ir->L);
    ir->rhs = malloc(p * sizeof *ir->rhs);
    ir->beta = calloc(p, sizeof *ir->beta);
    ir->beta_old = calloc(p, sizeof *ir->beta_old);
    int rc = acc_alloc(&ir->work, p);
    if (rc || !ir->A || !ir->L || !ir->rhs || !ir->beta || !ir->beta_old) {
        value__irls_free(ir);
        return VALUE_ENOMEM;
    }
    return VALUE_OK;
}

static inline double weight(const value__irls *ir, size_t i)
{
    return ir->w ? ir->w[i] : 1.0;
}

/* A run of rows' weights or offsets (NULL stays NULL). */
static inline const double *from(const double *v, size_t i0)
{
    return v ? v + i0 : NULL;
}

double value__irls_uncentred_intercept(const value__irls *ir, const double *beta)
{
    if (!ir->icpt)
        return 0.0;
    double c = beta[0];
    if (ir->mean)
        for (size_t j = 0; j < ir->nc; j++)
            c -= beta[j + 1] * ir->mean[j];
    return c;
}

/* ---- passes over the rows ---------------------------------------------------------- */

/* eta = offset + X beta, mu = linkinv(eta) for every row, and the
 * deviance (summed block by block). */
static double pass_eta(value__irls *ir, const double *beta)
{
    const size_t nc = ir->nc, n = ir->n;
    const double *b = beta + (ir->icpt ? 1 : 0);
    const double c = value__irls_uncentred_intercept(ir, beta);
    const value_risk_family f = ir->fam;
    double dev = 0;
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        size_t i1 = i0 + BLOCK < n ? i0 + BLOCK : n;
        for (size_t i = i0; i < i1; i++) {
            const double *xi = ir->x + i * nc;
            double e = c + (ir->off ? ir->off[i] : 0.0);
            for (size_t j = 0; j < nc; j++)
                e += b[j] * xi[j];
            ir->eta[i] = e;
        }
        value__family_linkinv(f, ir->eta + i0, ir->mu + i0, i1 - i0);
        dev += value__family_deviance(f, ir->y + i0, ir->mu + i0, from(ir->w, i0), i1 - i0);
    }
    return dev;
}

/*
 * X'WX (upper triangle) and X'Wz over the rows with positive weight, with
 * W and z from the current eta and mu, as glm.fit.
 *
 * The kernel: rows with positive weight are gathered TILE at a time into
 * column-major tiles of 2-row vectors (xt: the centred covariates, wxt:
 * the same times the working weight), and each entry (j, k) of X'WX is
 * the dot product of wxt's column j and xt's column k, two rows per
 * vector operation, in two interleaved partial sums.  The vector type and
 * the order of the sums are fixed in the source whatever the processor
 * (GCC/Clang lower the type to whatever the instruction set has), so the
 * result is the same everywhere.  The partial sums are added into A every
 * BLOCK rows.
 */

/* Dot product of n pairs (n >= 1): lanes summed in two interleaved
 * partial sums, a fixed order. */
static inline void dot2(const v2 *restrict a, const v2 *restrict b, size_t n, v2 *restrict out)
{
    v2 s0 = a[0] * b[0], s1 = {0, 0};
    size_t g = 1;
    for (; g + 1 < n; g += 2) {
        s1 += a[g] * b[g];
        s0 += a[g + 1] * b[g + 1];
    }
    if (g < n)
        s1 += a[g] * b[g];
    out[0] += s0;
    out[1] += s1;
}

/* Add one tile of `used` rows (slots past it in the last pair zeroed
 * here) into acc. */
static void flush_tile(value__irls_acc *a, size_t p, size_t used)
{
    const size_t n2 = (used + 1) / 2;
    if (used % 2) {
        for (size_t j = 0; j < p; j++) {
            a->xt[j * PAIRS + used / 2][1] = 0;
            a->wxt[j * PAIRS + used / 2][1] = 0;
        }
        a->wz[used / 2][1] = 0;
    }
    v2 *acc = a->acc;
    for (size_t j = 0; j < p; j++) {
        const v2 *wj = a->wxt + j * PAIRS;
        for (size_t k = j; k < p; k++)
            dot2(wj, a->xt + k * PAIRS, n2, acc + 2 * (j * p + k));
        dot2(a->wz, a->xt + j * PAIRS, n2, acc + 2 * (p * p + j));
    }
}

/* A += the partial sums in acc (in a fixed order), then acc = 0. */
static void flush_acc(value__irls_acc *a, size_t p, double *A, double *rhs)
{
    for (size_t j = 0; j < p; j++) {
        for (size_t k = j; k < p; k++) {
            v2 *s = a->acc + 2 * (j * p + k);
            A[j * p + k] += (s[0][0] + s[0][1]) + (s[1][0] + s[1][1]);
            s[0] = s[1] = (v2){0, 0};
        }
        v2 *s = a->acc + 2 * (p * p + j);
        rhs[j] += (s[0][0] + s[0][1]) + (s[1][0] + s[1][1]);
        s[0] = s[1] = (v2){0, 0};
    }
}

static void pass_accumulate(value__irls *ir)
{
    const size_t nc = ir->nc, n = ir->n, p = ir->p, ic = ir->icpt ? 1 : 0;
    value__irls_acc *a = &ir->work;
    memset(ir->A, 0, p * p * sizeof *ir->A);
    memset(ir->rhs, 0, p * sizeof *ir->rhs);
    for (size_t k = 0; k < 2 * (p * p + p); k++)
        a->acc[k] = (v2){0, 0};
    size_t used = 0, since_flush = 0;
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        size_t i1 = i0 + BLOCK < n ? i0 + BLOCK : n;
        value__family_working(ir->fam, ir->eta + i0, ir->mu + i0, ir->y + i0, from(ir->w, i0), from(ir->off, i0),
                              i1 - i0, a->wt, a->z);
        for (size_t i = i0; i < i1; i++) {
            if (!(weight(ir, i) > 0))
                continue;
            double wt = a->wt[i - i0];
            const double *xi = ir->x + i * nc;
            const size_t g = used / 2, l = used % 2;
            if (ic) {
                a->xt[g][l] = 1.0;
                a->wxt[g][l] = wt;
            }
            for (size_t j = 0; j < nc; j++) {
                double v = ir->mean ? xi[j] - ir->mean[j] : xi[j];
                a->xt[(ic + j) * PAIRS + g][l] = v;
                a->wxt[(ic + j) * PAIRS + g][l] = wt * v;
            }
            a->wz[g][l] = wt * a->z[i - i0];
            if (++used == TILE) {
                flush_tile(a, p, used);
                used = 0;
                if ((since_flush += TILE) >= BLOCK) {
                    flush_acc(a, p, ir->A, ir->rhs);
                    since_flush = 0;
                }
            }
        }
    }
    if (used > 0)
        flush_tile(a, p, used);
    flush_acc(a, p, ir->A, ir->rhs);
}

/* ---- the iteration ----------------------------------------------------------------- */

/* The name of coefficient k of an IRLS problem in messages (the null
 * deviance's refit has the intercept only). */
static const char *ir_coef_name(const value_risk *m, const value__irls *ir, size_t k)
{
    return ir->nc == m->n_cols ? value__risk_coef_name(m, k) : "(Intercept)";
}

static int rank_error(const value_risk *m, const value__irls *ir, size_t bad, bool overflow)
{
    const char *name = ir_coef_name(m, ir, bad);
    if (overflow)
        return value__fail(VALUE_EDOM, "x: the weighted sum of squares of column '%s' overflows (x or y too "
                                       "large in magnitude); rescale", name);
    if (ir->A[bad * ir->p + bad] == 0 && ir->icpt && bad > 0)
        return value__fail(VALUE_EDOM, "x: column '%s' is constant over the rows with positive weight, so it "
                                       "duplicates the intercept (rank-deficient design)", name);
    if (ir->A[bad * ir->p + bad] == 0)
        return value__fail(VALUE_EDOM, "x: column '%s' is 0 in every row with positive weight (rank-deficient "
                                       "design)", name);
    return value__fail(VALUE_EDOM, "x: column '%s' is linearly dependent on earlier columns (rank-deficient design)",
                       name);
}

void value__irls_start(value__irls *ir, const double *mustart)
{
    const value_risk_family f = ir->fam;
    double dev = 0;
    for (size_t i0 = 0; i0 < ir->n; i0 += BLOCK) {
        size_t i1 = i0 + BLOCK < ir->n ? i0 + BLOCK : ir->n, len = i1 - i0;
        /* without mustart, mu holds the family's starting values first */
        if (mustart == NULL)
            value__family_mustart(f, ir->y + i0, from(ir->w, i0), len, ir->mu + i0);
        value__family_linkfun(f, mustart ? mustart + i0 : ir->mu + i0, ir->eta + i0, len);
        value__family_linkinv(f, ir->eta + i0, ir->mu + i0, len);
        dev += value__family_deviance(f, ir->y + i0, ir->mu + i0, from(ir->w, i0), len);
    }
    ir->devold = dev;
    ir->dev = dev;
    ir->iter = 0;
    ir->converged = false;
    ir->have_old = false;
    ir->last_change = INFINITY;
    ir->last_step = ir->prev_step = INFINITY;
}

/* The largest step between two coefficient vectors, each covariate's
 * change times its root mean square (the change it makes to eta, in
 * the data's units); the intercept is counted when `with_intercept`.
 * *which is the coefficient with the largest such step. */
static double step_size(const value__irls *ir, const double *a, const double *b, bool with_intercept, size_t *which)
{
    double s = -1;
    size_t ic = ir->icpt ? 1 : 0;
    *which = 0;
    for (size_t k = 0; k < ir->p; k++) {
        if (k < ic && !with_intercept)
            continue;
        double d = fabs(a[k] - b[k]) * (k < ic || !ir->scale ? 1.0 : ir->scale[k - ic]);
        if (d > s) {
            s = d;
            *which = k;
        }
    }
    return s < 0 ? 0 : s;
}

/* One least-squares step from the current eta and mu to ir->beta (the
 * previous coefficients kept in beta_old by the caller).  `first`: judge
 * the design's rank (VALUE_EDOM); otherwise a singular X'WX returns
 * VALUE__IRLS_SINGULAR with ir->bad set. */
static int irls_solve(const value_risk *m, value__irls *ir, bool first)
{
    size_t bad;
    bool overflow;
    pass_accumulate(ir);
    if (value__cholesky(ir->A, ir->L, ir->p, first ? RANK_TOL : SINGULAR_TOL, &bad, &overflow)) {
        if (overflow && !first) /* glm.fit stops here too ("NA/NaN/Inf in 'x'") */
            return value__fail(VALUE_ENOTCONV, "IRLS diverged at iteration %d: the working weights overflow",
                               ir->iter);
        if (first)
            return rank_error(m, ir, bad, overflow);
        ir->bad = bad;
        return VALUE__IRLS_SINGULAR;
    }
    value__chol_solve(ir->L, ir->p, ir->rhs, ir->beta);
    return VALUE_OK;
}

int value__irls_run(const value_risk *m, value__irls *ir, int max_iter, double tol)
{
    const size_t p = ir->p;
    for (int iter = 1; iter <= max_iter; iter++) {
        ir->iter = iter;
        int rc = irls_solve(m, ir, iter == 1);
        if (rc)
            return rc;
        for (size_t k = 0; k < p; k++)
            if (!isfinite(ir->beta[k]))
                return value__fail(VALUE_ENOTCONV, "IRLS: non-finite coefficients at iteration %d", iter);
        double dev = pass_eta(ir, ir->beta);
        if (!isfinite(dev)) {
            /* step halving toward the previous coefficients, as glm.fit */
            if (!ir->have_old)
                return value__fail(VALUE_ENOTCONV, "IRLS: no valid set of coefficients found at the first "
                                                   "iteration (the deviance is not finite)");
            for (int ii = 1; !isfinite(dev); ii++) {
                if (ii > max_iter)
                    return value__fail(VALUE_ENOTCONV, "IRLS: step halving at iteration %d could not make the "
                                                       "deviance finite", iter);
                for (size_t k = 0; k < p; k++)
                    ir->beta[k] = 0.5 * (ir->beta[k] + ir->beta_old[k]);
                dev = pass_eta(ir, ir->beta);
            }
        }
        /* With R's clamped inverse links a finite deviance implies valid
         * mu and eta, so glm.fit's second (validity) halving loop cannot
         * trigger here. */
        size_t which;
        ir->prev_step = ir->last_step;
        ir->last_step = ir->have_old ? step_size(ir, ir->beta, ir->beta_old, true, &which) : INFINITY;
        ir->dev = dev;
        ir->last_change = fabs(dev - ir->devold) / (fabs(dev) + 0.1);
        if (ir->last_change < tol) {
            ir->converged = true;
            return VALUE_OK;
        }
        ir->devold = dev;
        memcpy(ir->beta_old, ir->beta, p * sizeof *ir->beta);
        ir->have_old = true;
    }
    return VALUE_OK;
}

/* ---- separation ---------------------------------------------------------------------- */

static bool any_extreme(const value__irls *ir)
{
    for (size_t i = 0; i < ir->n; i++)
        if (weight(ir, i) > 0 && (ir->mu[i] < SEP_EXTREME || ir->mu[i] > 1 - SEP_EXTREME))
            return true;
    return false;
}

static int separation_error(const value_risk *m, size_t k)
{
    return value__fail(VALUE_EDOM,
                       "separation: column '%s' separates the outcome completely or quasi-completely (its "
                       "coefficient diverges); fitted probabilities reach 0 or 1",
                       value__risk_coef_name(m, k));
}

int value__irls_fail_singular(const value_risk *m, const value__irls *ir)
{
    if (m->family == VALUE_RISK_BINOMIAL)
        return separation_error(m, ir->bad);
    return value__fail(VALUE_ENOTCONV,
                       "IRLS: X'WX became numerically singular at iteration %d: the coefficient of '%s' runs off to "
                       "infinity (its working weights vanish, e.g. zero counts wherever the column is nonzero)",
                       ir->iter, value__risk_coef_name(m, ir->bad));
}

/* Separation (binomial).  When IRLS stops with coefficients still moving
 * (a step not much smaller than the one before, where a finite estimate
 * would show quadratic convergence) or fitted probabilities near 0 or 1,
 * or hits the cap, continue a few iterations: a finite maximum-likelihood
 * estimate makes the steps shrink (quadratic convergence), separation
 * keeps them about constant while probabilities run to 0 or 1 and the
 * information in the diverging direction vanishes.  The column named is
 * the one whose coefficient moved most (scaled by the column's spread).
 * May change eta, mu, beta and beta_old (*touched then says so). */
static int separation_iterate(const value_risk *m, value__irls *ir, const double *beta_final, bool *touched)
{
    const size_t p = ir->p;
    size_t which;
    bool moving = ir->last_step > SEP_SMALL_STEP && ir->last_step > SEP_SHRINK * ir->prev_step;
    *touched = false;
    if (ir->converged && !moving && !any_extreme(ir))
        return VALUE_OK;
    *touched = true;
    for (int k = 0; k < SEP_EXTRA; k++) {
        memcpy(ir->beta_old, ir->beta, p * sizeof *ir->beta);
        int rc = irls_solve(m, ir, false);
        if (rc == VALUE__IRLS_SINGULAR && any_extreme(ir)) {
            if (k == 0 || step_size(ir, ir->beta_old, beta_final, ir->nc == 0, &which) == 0)
                which = ir->bad;
            return separation_error(m, which);
        }
        if (rc)
            return VALUE_OK; /* cannot tell: the caller reports what IRLS found */
        for (size_t j = 0; j < p; j++)
            if (!isfinite(ir->beta[j]))
                return VALUE_OK;
        if (step_size(ir, ir->beta, ir->beta_old, true, &which) <= SEP_SMALL_STEP)
            return VALUE_OK; /* settling: a finite estimate */
        (void)pass_eta(ir, ir->beta);
    }
    if (!any_extreme(ir))
        return VALUE_OK;
    (void)step_size(ir, ir->beta, beta_final, ir->nc == 0, &which);
    return separation_error(m, which);
}

int value__irls_separation_check(const value_risk *m, value__irls *ir, const double *beta_final)
{
    bool touched;
    int rc = separation_iterate(m, ir, beta_final, &touched);
    if (rc == VALUE_OK && touched)
        (void)pass_eta(ir, beta_final); /* back to the fit's eta and mu */
    return rc;
}
