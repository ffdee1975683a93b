/*
 * Risk adjustment with provider random intercepts: the logistic model
 * logit P(y_i = 1) = x_i beta + b_h(i), b_h ~ N(0, tau^2), fitted by
 * maximizing the Laplace approximation of the marginal likelihood as
 * lme4::glmer(..., family = binomial, nAGQ = 1); provider effects (the
 * conditional modes, as ranef()) and the CMS risk-standardized rates.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The objective.  With eta_i = x_i beta + b_h, mu_i = logit^-1(eta_i),
 * w_i = mu_i (1 - mu_i) and D_h = 1 + tau^2 sum_{i in h} w_i (= tau^2 H_h,
 * H_h the curvature of provider h's log posterior at its mode),
 *
 *   l(beta, tau) = sum_h [ sum_{i in h} (y_i eta_i - log(1 + e^eta_i))
 *                          - b_h^2 / (2 tau^2) - log(D_h) / 2 ],
 *
 * b_h the conditional mode: the root of tau^2 sum_{i in h}(y_i - mu_i) - b
 * = 0, found by Newton's method safeguarded by bisection (the root lies
 * in [-tau^2 n_h, tau^2 n_h] and the function decreases), one provider at
 * a time.  Written this way l is finite and smooth at tau = 0 (b = 0, the
 * ordinary logistic log-likelihood) and is an even function of
 * theta = +-tau, so the fit works in theta (lme4's relative covariance
 * factor, which here is tau itself) with no bound: the boundary tau = 0
 * is an ordinary stationary point.
 *
 * The gradient is exact: the envelope theorem removes the mode's own
 * derivative from the first two terms, and implicit differentiation of
 * the mode (db/dbeta = -sum w x / H, db/dtau^2 = b / (tau^4 H)) with
 * w' = w (1 - 2 mu) gives
 *
 *   dl/dbeta   = sum_i [ (y_i - mu_i) - (tau^2 / 2D_h)(w'_i - s_h w_i tau^2 / D_h) ] x_i,
 *   dl/dtau^2  = sum_h [ r_h^2 / 2 - sum w / (2D_h) - s_h r_h tau^2 / (2D_h^2) ],
 *   dl/dtheta  = 2 theta dl/dtau^2,
 *
 * with r_h = sum_{i in h}(y_i - mu_i) (= b_h / tau^2 at the mode) and
 * s_h = sum_{i in h} w'_i.  At tau = 0, dl/dtau^2 is half the score
 * statistic for the variance component, sum_h [r_h^2 - sum w].
 *
 * The optimizer is Newton's method on (beta, theta) with a backtracking
 * (Armijo) line search on l itself.  Its matrix is the negative Hessian
 * with the beta block taken from the joint (beta, b) information, as
 * PIRLS does, X'WX - sum_h c_h c_h' tau^2 / D_h with c_h = sum w x (it
 * omits only the second derivatives of the log-determinant terms, of
 * relative size 1/n_h, so convergence is fast and linear), and the theta
 * row and column a forward difference of the exact gradient.  It starts
 * from the ordinary logistic fit (Newton on the same objective at
 * theta = 0, where that matrix is the exact X'WX) and theta = 0.5, and
 * stops when the Newton decrement g' M^-1 g (the squared step measured in
 * standard errors) falls below the model's tolerance squared; the model's
 * iteration cap bounds the outer iterations.  A fit that ends at
 * |theta| < 1e-6 is on the boundary: tau is reported as 0 and the
 * coefficients are the ordinary logistic fit's (lme4's "singular fit",
 * theta = 0).
 *
 * The covariance of the fixed effects is, as lme4's default vcov() for a
 * GLMM (use.hessian = TRUE), the beta block of the inverse of the negative
 * Hessian of l over (theta, beta), here central differences of the exact
 * gradient.  On the boundary it is (X'WX)^-1, the logistic fit's.
 *
 * Patients are grouped by provider once (a counting sort into a copy of
 * X with the intercept's column of 1s), so one evaluation of l and its
 * gradient is a few passes over contiguous rows: O(n p) work and one
 * exp() per patient per inner Newton step.
 *
 * Results.  VALUE_RISK_LOGLIK is l at the optimum (lme4's logLik());
 * VALUE_RISK_DEVIANCE is lme4's deviance() for a GLMM, the conditional
 * deviance -2 sum_i (y_i eta_i - log(1 + e^eta_i)) with eta at the modes
 * (not -2 l); VALUE_RISK_AIC is -2 l + 2 (p + 1), as AIC(); the null
 * deviance is not computed (NaN: value_risk_get() reports it as not
 * available); VALUE_RISK_ITERATIONS counts the Newton iterations on
 * (beta, theta), the logistic start not included.
 *
 * In messages, rows, columns and providers are 0-based indices like the
 * arrays; columns are also named.
 */
#include "risk.h"
#include "core/linalg.h"

#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* theta (= tau) where the search starts, from the logistic fit's beta */
#define THETA_START 0.5
/* a fit ending with |theta| below this is on the boundary tau = 0 */
#define THETA_BOUNDARY 1e-6
/* caps: the logistic start, each provider's mode, backtracking halvings */
#define GLM_MAX_ITER 100
#define MODE_MAX_ITER 200
#define MAX_HALVINGS 60
/* a column whose part not explained by the intercept and the columns
 * before it has norm below this fraction of its own norm is dependent
 * (lme4's rank check uses qr() with tol 1e-7) */
#define RANK_TOL 1e-7

/* ---- small helpers ------------------------------------------------------------ */

static int check_fitted(const value_risk *m)
{
    if (m->state != RISK_FITTED_HIER)
        return value__fail(VALUE_ESTATE, "the model has no random-intercept fit (fit it with "
                                         "value_risk_fit_random_intercept())");
    return VALUE_OK;
}

/* x (n rows of n_cols) finite, y 0/1, provider in [0, n_providers). */
static int check_data(const value_risk *m, const double *x, size_t n_x, const double *y, const int32_t *provider,
                      size_t n, size_t n_providers)
{
    int rc;
    if ((m->n_cols > 0 && (rc = value__check_ptr(x, "x"))) || (rc = value__check_ptr(y, "y")) ||
        (rc = value__check_ptr(provider, "provider")))
        return rc;
    size_t want = value__mul_size(n, m->n_cols);
    if (want == SIZE_MAX || n_x != want)
        return value__fail(VALUE_EINVAL, "n_x must be n n_cols = %zu x %zu, got %zu", n, m->n_cols, n_x);
    char v[32];
    for (size_t k = 0; k < n_x; k++) {
        if (!isfinite(x[k])) {
            size_t col = k % m->n_cols;
            value__format_double(x[k], v, sizeof v);
            return value__fail(VALUE_EINVAL, "x[%zu] (row %zu, column %zu '%s') is %s", k, k / m->n_cols, col,
                               m->names[col], v);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!(y[i] == 0 || y[i] == 1)) {
            value__format_shortest(y[i], v, sizeof v);
            return value__fail(VALUE_EINVAL, "y[%zu] must be 0 or 1, got %s", i, v);
        }
        if (provider[i] < 0 || (uint64_t)provider[i] >= (uint64_t)n_providers)
            return value__fail(VALUE_EINVAL, "provider[%zu] is %ld, not in [0, %zu) (n_providers %zu)", i,
                               (long)provider[i], n_providers, n_providers);
    }
    return VALUE_OK;
}

/* In-place Cholesky of the q x q symmetric a (core/linalg.c); false
 * when it is not positive definite. */
static bool cholesky(double *a, size_t q)
{
    return value__cholesky(a, a, q, 0, NULL, NULL) == VALUE_OK;
}

/* ---- the data, grouped by provider -------------------------------------------- */

typedef struct hier {
    size_t n, p, q, H; /* patients, coefficients, p + 1 (theta), providers */
    double *x;         /* n x p, rows grouped by provider, column 0 all 1 */
    double *y;         /* n, same order */
    size_t *start;     /* H + 1: provider h's rows are [start[h], start[h+1]) */
    double *eta0;      /* n: x beta */
    double *e;         /* n: exp(-|eta|) at the mode */
} hier;

static void hier_free(hier *d)
{
    free(d->x);
    free(d->y);
    free(d->start);
    free(d->eta0);
    free(d->e);
}

/* Group by provider (stable counting sort); refuse an empty provider. */
static int hier_init(hier *d, const value_risk *m, const double *x, const double *y, const int32_t *provider,
                     size_t n, size_t H)
{
    size_t c = m->n_cols, p = c + 1;
    memset(d, 0, sizeof *d);
    d->n = n;
    d->p = p;
    d->q = p + 1;
    d->H = H;
    d->start = calloc(H + 1, sizeof *d->start);
    if (d->start == NULL)
        return value__fail(VALUE_ENOMEM, "value_risk_fit_random_intercept: out of memory for %zu providers", H);
    for (size_t i = 0; i < n; i++)
        d->start[provider[i] + 1]++;
    for (size_t h = 0; h < H; h++) {
        if (d->start[h + 1] == 0) {
            hier_free(d);
            return value__fail(VALUE_EINVAL, "provider %zu has no patients (each of the n_providers = %zu providers "
                                             "needs at least one)", h, H);
        }
        d->start[h + 1] += d->start[h];
    }
    d->x = malloc(value__mul_size(n, p) * sizeof *d->x);
    d->y = malloc(n * sizeof *d->y);
    d->eta0 = malloc(n * sizeof *d->eta0);
    d->e = malloc(n * sizeof *d->e);
    size_t *next = malloc(H * sizeof *next);
    if (d->x == NULL || d->y == NULL || d->eta0 == NULL || d->e == NULL || next == NULL) {
        free(next);
        hier_free(d);
        return value__fail(VALUE_ENOMEM, "value_risk_fit_random_intercept: out of memory for %zu patients", n);
    }
    memcpy(next, d->start, H * sizeof *next);
    for (size_t i = 0; i < n; i++) {
        size_t r = next[provider[i]]++;
        double *row = d->x + r * p;
        row[0] = 1.0;
        if (c > 0) /* x may be NULL for an intercept-only model */
            memcpy(row + 1, x + i * c, c * sizeof *row);
        d->y[r] = y[i];
    }
    free(next);
    return VALUE_OK;
}

/* Refuse a design whose columns (with the intercept) are linearly
 * dependent, naming the first column that depends on those before it:
 * modified Gram-Schmidt, twice, on the centred columns. */
static int check_rank(const value_risk *m, const double *x, size_t n)
{
    size_t c = m->n_cols;
    if (c == 0)
        return VALUE_OK;
    double *q = malloc(value__mul_size(n, c) * sizeof *q);
    if (q == NULL)
        return value__fail(VALUE_ENOMEM, "value_risk_fit_random_intercept: out of memory for the rank check");
    int rc = VALUE_OK;
    for (size_t j = 0; j < c && rc == VALUE_OK; j++) {
        double *v = q + j * n, mean = 0, ss = 0;
        for (size_t i = 0; i < n; i++) {
            v[i] = x[i * c + j];
            mean += v[i];
            ss += v[i] * v[i];
        }
        mean /= (double)n;
        double orig = sqrt(ss), centred = 0;
        for (size_t i = 0; i < n; i++)
            centred += (v[i] - mean) * (v[i] - mean);
        if (!(sqrt(centred) > RANK_TOL * orig)) {
            rc = value__fail(VALUE_EDOM, "rank-deficient design: column %zu '%s' is constant (collinear with the "
                                         "intercept)", j, m->names[j]);
            break;
        }
        for (int pass = 0; pass < 2; pass++) {
            double mm = 0;
            if (pass == 1) {
                for (size_t i = 0; i < n; i++)
                    mm += v[i];
                mean = mm / (double)n;
            }
            for (size_t i = 0; i < n; i++)
                v[i] -= mean;
            for (size_t k = 0; k < j; k++) {
                const double *u = q + k * n;
                double dot = 0;
                for (size_t i = 0; i < n; i++)
                    dot += u[i] * v[i];
                for (size_t i = 0; i < n; i++)
                    v[i] -= dot * u[i];
            }
        }
        double r = 0;
        for (size_t i = 0; i < n; i++)
            r += v[i] * v[i];
        r = sqrt(r);
        if (!(r > RANK_TOL * orig)) {
            rc = value__fail(VALUE_EDOM, "rank-deficient design: column %zu '%s' is a linear combination of the "
                                         "intercept and the columns before it", j, m->names[j]);
            break;
        }
        for (size_t i = 0; i < n; i++)
            v[i] /= r;
    }
    free(q);
    return rc;
}

/* ---- the Laplace objective ---------------------------------------------------- */

typedef struct evalout {
    double ll;   /* l(beta, theta) */
    double cll;  /* sum_i (y_i eta_i - log(1 + e^eta_i)) at the modes: -deviance/2 */
    double *g;   /* q: gradient over (beta, theta), or NULL */
    double *a;   /* p x p: X'WX - sum c c' tau^2 / D, or NULL */
    double *c;   /* p scratch when a is wanted */
} evalout;

/* Provider h's mode given eta0 and tau^2, warm-started at *b.  Leaves
 * e = exp(-|eta|) at the mode and the sums r = sum(y - mu), sw = sum w,
 * sp = sum w'. */
static int mode(hier *d, size_t h, double t2, double *b, double *r_out, double *sw_out, double *sp_out)
{
    size_t i0 = d->start[h], i1 = d->start[h + 1];
    double nh = (double)(i1 - i0);
    double lo = -t2 * nh, hi = t2 * nh, bb = *b;
    if (!(bb >= lo && bb <= hi)) /* NaN too */
        bb = bb > hi ? hi : bb < lo ? lo : 0;
    const double *eta0 = d->eta0, *y = d->y;
    double *e = d->e;
    for (int it = 0; it < MODE_MAX_ITER; it++) {
        double r = 0, sw = 0, sp = 0;
        for (size_t i = i0; i < i1; i++) {
            double eta = eta0[i] + bb;
            double ee = exp(-fabs(eta)), qq = 1.0 / (1.0 + ee);
            double mu = eta >= 0 ? qq : ee * qq, omu = eta >= 0 ? ee * qq : qq;
            double w = ee * qq * qq;
            e[i] = ee;
            r += y[i] != 0 ? omu : -mu;
            sw += w;
            sp += w * (omu - mu);
        }
        double f = t2 * r - bb, dd = 1.0 + t2 * sw, step = f / dd;
        double scale = 1.0 + fabs(bb);
        if (fabs(step) <= 1e-13 * scale || (it >= 50 && fabs(step) <= 1e-9 * scale) || t2 == 0) {
            *b = bb;
            *r_out = r;
            *sw_out = sw;
            *sp_out = sp;
            return VALUE_OK;
        }
        if (f > 0)
            lo = bb;
        else
            hi = bb;
        double nb = bb + step;
        bb = nb > lo && nb < hi ? nb : 0.5 * (lo + hi);
    }
    return value__fail(VALUE_ENOTCONV, "the conditional mode of provider %zu did not converge in %d Newton steps", h,
                       MODE_MAX_ITER);
}

/* l, and optionally its gradient and the beta-block matrix, at (beta,
 * theta); b holds the modes (in: a warm start, out: the modes). */
static int evaluate(hier *d, const double *beta, double theta, double *b, evalout *o)
{
    size_t n = d->n, p = d->p;
    const double *x = d->x, *y = d->y;
    double t2 = theta * theta;
    for (size_t i = 0; i < n; i++) {
        const double *row = x + i * p;
        double s = 0;
        for (size_t k = 0; k < p; k++)
            s += row[k] * beta[k];
        d->eta0[i] = s;
    }
    double *g = o->g, *a = o->a, *c = o->c;
    if (g != NULL)
        memset(g, 0, d->q * sizeof *g);
    if (a != NULL)
        memset(a, 0, p * p * sizeof *a);
    double ll = 0, cll = 0, dt2 = 0;
    for (size_t h = 0; h < d->H; h++) {
        double r = 0, sw = 0, sp = 0;
        int rc = mode(d, h, t2, &b[h], &r, &sw, &sp);
        if (rc)
            return rc;
        double bh = b[h], dd = 1.0 + t2 * sw, k1 = 0.5 * t2 / dd, k2 = sp * t2 / dd;
        size_t i0 = d->start[h], i1 = d->start[h + 1];
        double lh = 0;
        if (a != NULL)
            memset(c, 0, p * sizeof *c);
        for (size_t i = i0; i < i1; i++) {
            double eta = d->eta0[i] + bh, ee = d->e[i];
            double soft = (eta > 0 ? eta : 0) + log1p(ee);
            lh += (y[i] != 0 ? eta : 0) - soft;
            if (g == NULL)
                continue;
            double qq = 1.0 / (1.0 + ee);
            double mu = eta >= 0 ? qq : ee * qq, omu = eta >= 0 ? ee * qq : qq;
            double w = ee * qq * qq, wp = w * (omu - mu);
            double gi = (y[i] != 0 ? omu : -mu) - k1 * (wp - k2 * w);
            const double *row = x + i * p;
            for (size_t k = 0; k < p; k++)
                g[k] += gi * row[k];
            if (a != NULL) {
                for (size_t j = 0; j < p; j++) {
                    double wx = w * row[j];
                    c[j] += wx;
                    double *aj = a + j * p;
                    for (size_t k = 0; k <= j; k++)
                        aj[k] += wx * row[k];
                }
            }
        }
        cll += lh;
        ll += lh - (t2 > 0 ? bh * bh / (2 * t2) : 0) - 0.5 * log1p(t2 * sw);
        if (g != NULL)
            dt2 += 0.5 * r * r - 0.5 * sw / dd - 0.5 * sp * r * t2 / (dd * dd);
        if (a != NULL && t2 > 0) {
            double f = t2 / dd;
            for (size_t j = 0; j < p; j++)
                for (size_t k = 0; k <= j; k++)
                    a[j * p + k] -= f * c[j] * c[k];
        }
    }
    if (g != NULL)
        g[p] = 2 * theta * dt2;
    if (a != NULL)
        for (size_t j = 0; j < p; j++)
            for (size_t k = j + 1; k < p; k++)
                a[j * p + k] = a[k * p + j];
    if (!isfinite(ll))
        return value__fail(VALUE_ENOTCONV, "the log-likelihood is not finite at tau = %g", fabs(theta));
    o->ll = ll;
    o->cll = cll;
    return VALUE_OK;
}

/* ---- the fit ------------------------------------------------------------------ */

typedef struct work {
    double *phi, *phit;   /* q: (beta, theta) now and on trial */
    double *b, *bt;       /* H: modes now and on trial */
    double *g, *gt;       /* q */
    double *a, *at;       /* p x p */
    double *mq, *mq2;     /* q x q */
    double *s, *c;        /* q */
} work;

static void work_free(work *w)
{
    free(w->phi);
    free(w->phit);
    free(w->b);
    free(w->bt);
    free(w->g);
    free(w->gt);
    free(w->a);
    free(w->at);
    free(w->mq);
    free(w->mq2);
    free(w->s);
    free(w->c);
}

static int work_init(work *w, const hier *d)
{
    size_t q = d->q, p = d->p, H = d->H;
    memset(w, 0, sizeof *w);
    w->phi = calloc(q, sizeof(double));
    w->phit = calloc(q, sizeof(double));
    w->b = calloc(H, sizeof(double));
    w->bt = calloc(H, sizeof(double));
    w->g = calloc(q, sizeof(double));
    w->gt = calloc(q, sizeof(double));
    w->a = calloc(p * p, sizeof(double));
    w->at = calloc(p * p, sizeof(double));
    w->mq = calloc(q * q, sizeof(double));
    w->mq2 = calloc(q * q, sizeof(double));
    w->s = calloc(q, sizeof(double));
    w->c = calloc(q, sizeof(double));
    if (!w->phi || !w->phit || !w->b || !w->bt || !w->g || !w->gt || !w->a || !w->at || !w->mq || !w->mq2 ||
        !w->s || !w->c) {
        work_free(w);
        return value__fail(VALUE_ENOMEM, "value_risk_fit_random_intercept: out of memory");
    }
    return VALUE_OK;
}

/* The ordinary logistic fit (theta = 0): Newton with step halving until
 * the decrement is below tol2.  Refuses separation (fitted
 * probabilities 0 or 1 to within 10 DBL_EPSILON, as glm.fit warns). */
static int fit_logistic(const value_risk *m, hier *d, work *w, double tol2)
{
    size_t p = d->p, n = d->n;
    double ybar = 0;
    for (size_t i = 0; i < n; i++)
        ybar += d->y[i];
    ybar /= (double)n;
    if (ybar == 0 || ybar == 1)
        return value__fail(VALUE_EDOM, "y is %s for every patient: the intercept is infinite",
                           ybar == 0 ? "0" : "1");
    memset(w->phi, 0, d->q * sizeof(double));
    w->phi[0] = log(ybar / (1 - ybar));
    memset(w->b, 0, d->H * sizeof(double));
    evalout o = {.g = w->g, .a = w->a, .c = w->c};
    int rc = evaluate(d, w->phi, 0, w->b, &o);
    if (rc)
        return rc;
    for (int it = 0;; it++) {
        memcpy(w->mq, w->a, p * p * sizeof(double));
        if (!cholesky(w->mq, p))
            return value__fail(VALUE_EDOM, "the logistic fit's information matrix X'WX is singular "
                                           "(fitted probabilities 0 or 1: separation)");
        value__chol_solve(w->mq, p, w->g, w->s);
        double dec = 0;
        for (size_t k = 0; k < p; k++)
            dec += w->g[k] * w->s[k];
        if (dec < tol2) {
            /* one more step: Newton's quadratic convergence makes it exact */
            for (size_t k = 0; k < p; k++)
                w->phi[k] += w->s[k];
            break;
        }
        if (it >= GLM_MAX_ITER)
            return value__fail(VALUE_ENOTCONV, "the logistic fit that starts the random-intercept fit did not "
                                               "converge in %d Newton steps", GLM_MAX_ITER);
        double alpha = 1;
        evalout ot = {.g = w->gt, .a = w->at, .c = w->c};
        int h;
        for (h = 0; h < MAX_HALVINGS; h++, alpha *= 0.5) {
            for (size_t k = 0; k < p; k++)
                w->phit[k] = w->phi[k] + alpha * w->s[k];
            if ((rc = evaluate(d, w->phit, 0, w->bt, &ot)))
                return rc;
            if (ot.ll >= o.ll + 1e-4 * alpha * dec || dec < 1e-8)
                break;
        }
        if (h == MAX_HALVINGS)
            break; /* no further progress possible in double precision */
        memcpy(w->phi, w->phit, p * sizeof(double));
        memcpy(w->g, w->gt, p * sizeof(double));
        memcpy(w->a, w->at, p * p * sizeof(double));
        o.ll = ot.ll;
    }
    /* separation: fitted probabilities at 0 or 1 */
    double eps = 10 * DBL_EPSILON;
    for (size_t i = 0; i < n; i++) {
        double eta = 0;
        for (size_t k = 0; k < p; k++)
            eta += d->x[i * p + k] * w->phi[k];
        double mu = value__inv_logit(eta);
        if (mu < eps || mu > 1 - eps) {
            /* name the covariate whose coefficient is largest on the data's scale */
            size_t worst = 0;
            double big = -1;
            for (size_t k = 1; k < p; k++) {
                double lo = INFINITY, hi = -INFINITY;
                for (size_t r = 0; r < n; r++) {
                    double v = d->x[r * p + k];
                    lo = v < lo ? v : lo;
                    hi = v > hi ? v : hi;
                }
                double size = fabs(w->phi[k]) * (hi - lo);
                if (size > big) {
                    big = size;
                    worst = k;
                }
            }
            if (worst == 0)
                return value__fail(VALUE_EDOM, "separation: fitted probabilities 0 or 1 in the logistic fit");
            return value__fail(VALUE_EDOM, "separation: fitted probabilities 0 or 1 in the logistic fit; the "
                                           "coefficient of column %zu '%s' diverges", worst - 1, m->names[worst - 1]);
        }
    }
    return VALUE_OK;
}

/* Solve M s = g for the Newton step with M the (beta, theta) matrix:
 * A, and the theta column from a forward difference of the gradient. */
static int newton_matrix(hier *d, work *w, const evalout *o, double *m_out)
{
    size_t p = d->p, q = d->q;
    double theta = w->phi[p];
    double dth = 1e-5 * (fabs(theta) > 0.05 ? fabs(theta) : 0.05);
    memcpy(w->bt, w->b, d->H * sizeof(double));
    evalout ot = {.g = w->gt};
    int rc = evaluate(d, w->phi, theta + dth, w->bt, &ot);
    if (rc)
        return rc;
    for (size_t j = 0; j < p; j++)
        for (size_t k = 0; k < p; k++)
            m_out[j * q + k] = o->a[j * p + k];
    for (size_t k = 0; k < q; k++) {
        double v = -(w->gt[k] - w->g[k]) / dth;
        m_out[k * q + p] = v;
        m_out[p * q + k] = v;
    }
    return VALUE_OK;
}

/* The Newton step s for gradient g and matrix M (q x q, destroyed);
 * when M is not positive definite (l convex in theta, near tau = 0),
 * beta and theta are stepped separately: beta by A^-1 g, theta a
 * bounded move uphill. */
static void newton_step(hier *d, work *w, double *mq)
{
    size_t p = d->p, q = d->q;
    double mtt = mq[p * q + p];
    memcpy(w->mq2, mq, q * q * sizeof(double));
    if (cholesky(w->mq2, q)) {
        value__chol_solve(w->mq2, q, w->g, w->s);
        return;
    }
    for (size_t j = 0; j < p; j++)
        for (size_t k = 0; k < p; k++)
            w->mq2[j * p + k] = mq[j * q + k];
    if (cholesky(w->mq2, p))
        value__chol_solve(w->mq2, p, w->g, w->s);
    else
        memset(w->s, 0, p * sizeof(double));
    double theta = fabs(w->phi[p]), gt = w->g[p];
    double cap = 0.5 * (theta > 0.5 ? theta : 0.5);
    double st = mtt > 0 ? gt / mtt : (gt > 0 ? cap : -cap);
    if (fabs(st) > cap)
        st = st > 0 ? cap : -cap;
    w->s[p] = st;
}

int value_risk_fit_random_intercept(value_risk *m, const double *x, size_t n_x, const double *y,
                                    const int32_t *provider, size_t n, size_t n_providers)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")))
        return rc;
    if (m->family != VALUE_RISK_BINOMIAL)
        return value__fail(VALUE_ESTATE, "value_risk_fit_random_intercept fits logistic models only; the model's "
                                         "family is %d, not VALUE_RISK_BINOMIAL (1)", (int)m->family);
    if (!m->intercept)
        return value__fail(VALUE_ESTATE, "value_risk_fit_random_intercept needs an intercept; set "
                                         "VALUE_RISK_INTERCEPT to 1");
    if (n_providers < 2)
        return value__fail(VALUE_EINVAL, "n_providers must be at least 2, got %zu", n_providers);
    if ((rc = check_data(m, x, n_x, y, provider, n, n_providers)))
        return rc;
    size_t p = m->n_cols + 1;
    if (n <= p)
        return value__fail(VALUE_EINVAL, "n must be more than the %zu coefficients, got %zu", p, n);
    if (n_providers > n)
        return value__fail(VALUE_EINVAL, "n_providers is %zu, more than the %zu patients (every provider needs at "
                                         "least one)", n_providers, n);
    if (value__mul_size(n, p) == SIZE_MAX || value__mul_size(n, p) > SIZE_MAX / sizeof(double))
        return value__fail(VALUE_EINVAL, "n is too large: %zu", n);

    hier d;
    if ((rc = hier_init(&d, m, x, y, provider, n, n_providers)))
        return rc;
    work w;
    if ((rc = work_init(&w, &d))) {
        hier_free(&d);
        return rc;
    }
    double *coef = NULL, *cov = NULL, *effects = NULL, *hess = NULL, *hinv = NULL, *beta_glm = NULL;
    size_t q = d.q, H = d.H;
    double tol2 = m->tolerance * m->tolerance;
    int iterations = 0;
    bool converged = false;

    if ((rc = check_rank(m, x, n)) || (rc = fit_logistic(m, &d, &w, tol2)))
        goto done;
    beta_glm = malloc(p * sizeof *beta_glm);
    coef = malloc(p * sizeof *coef);
    cov = malloc(p * p * sizeof *cov);
    effects = malloc(H * sizeof *effects);
    hess = malloc(q * q * sizeof *hess);
    hinv = malloc(q * q * sizeof *hinv);
    if (!beta_glm || !coef || !cov || !effects || !hess || !hinv) {
        rc = value__fail(VALUE_ENOMEM, "value_risk_fit_random_intercept: out of memory");
        goto done;
    }
    memcpy(beta_glm, w.phi, p * sizeof(double));

    /* Newton on (beta, theta) */
    w.phi[p] = THETA_START;
    memset(w.b, 0, H * sizeof(double));
    evalout o = {.g = w.g, .a = w.a, .c = w.c};
    if ((rc = evaluate(&d, w.phi, w.phi[p], w.b, &o)))
        goto done;
    for (;;) {
        if ((rc = newton_matrix(&d, &w, &o, hess)))
            goto done;
        newton_step(&d, &w, hess);
        double dec = 0;
        for (size_t k = 0; k < q; k++)
            dec += w.g[k] * w.s[k];
        if (dec < tol2 && dec >= 0) {
            /* the last (tiny) step costs nothing: the final evaluation follows */
            for (size_t k = 0; k < q; k++)
                w.phi[k] += w.s[k];
            converged = true;
            break;
        }
        if (iterations >= m->max_iter)
            break;
        iterations++;
        double alpha = 1;
        evalout ot = {.g = w.gt, .a = w.at, .c = w.c};
        int h;
        for (h = 0; h < MAX_HALVINGS; h++, alpha *= 0.5) {
            for (size_t k = 0; k < q; k++)
                w.phit[k] = w.phi[k] + alpha * w.s[k];
            memcpy(w.bt, w.b, H * sizeof(double));
            if ((rc = evaluate(&d, w.phit, w.phit[p], w.bt, &ot)))
                goto done;
            if (ot.ll >= o.ll + 1e-4 * alpha * dec || (dec < 1e-8 && ot.ll >= o.ll - 1e-12 * (1 + fabs(o.ll))))
                break;
        }
        if (h == MAX_HALVINGS) {
            /* no uphill point along the step: at the optimum to rounding, or stuck */
            converged = dec < 1e-6;
            if (!converged) {
                rc = value__fail(VALUE_ENOTCONV, "the random-intercept fit stalled: no step along the Newton "
                                                 "direction increases the likelihood (tau %g)", fabs(w.phi[p]));
                goto done;
            }
            break;
        }
        if (w.phit[p] < 0) { /* l is even in theta */
            w.phit[p] = -w.phit[p];
            w.gt[p] = -w.gt[p];
        }
        memcpy(w.phi, w.phit, q * sizeof(double));
        memcpy(w.b, w.bt, H * sizeof(double));
        memcpy(w.g, w.gt, q * sizeof(double));
        memcpy(w.a, w.at, p * p * sizeof(double));
        o.ll = ot.ll;
        o.cll = ot.cll;
    }
    if (!converged) {
        rc = value__fail(VALUE_ENOTCONV, "the random-intercept fit did not converge in %d iterations "
                                         "(VALUE_RISK_MAX_ITER); tau is %g so far", m->max_iter, fabs(w.phi[p]));
        goto done;
    }

    double theta = fabs(w.phi[p]);
    if (theta < THETA_BOUNDARY) {
        /* boundary: the logistic fit, tau = 0, covariance (X'WX)^-1 */
        theta = 0;
        memcpy(w.phi, beta_glm, p * sizeof(double));
        w.phi[p] = 0;
        memset(w.b, 0, H * sizeof(double));
        o = (evalout){.g = w.g, .a = w.a, .c = w.c};
        if ((rc = evaluate(&d, w.phi, 0, w.b, &o)))
            goto done;
        memcpy(hess, w.a, p * p * sizeof(double));
        if (!cholesky(hess, p)) {
            rc = value__fail(VALUE_EDOM, "the information matrix X'WX is singular at the fit");
            goto done;
        }
        value__chol_inverse(hess, p, cov);
    } else {
        /* final values at the optimum, then the Hessian by central differences */
        o = (evalout){.g = w.g, .a = w.a, .c = w.c};
        if ((rc = evaluate(&d, w.phi, theta, w.b, &o)))
            goto done;
        /* step sizes from the standard errors that M implies */
        memcpy(w.mq2, hess, q * q * sizeof(double));
        bool have_m = cholesky(w.mq2, q);
        if (have_m)
            value__chol_inverse(w.mq2, q, hinv);
        for (size_t k = 0; k < q; k++) {
            double se = have_m && hinv[k * q + k] > 0 ? sqrt(hinv[k * q + k]) : 1e-2;
            double step = 1e-3 * se;
            double saved = w.phi[k];
            evalout ot = {.g = w.gt};
            w.phi[k] = saved + step;
            memcpy(w.bt, w.b, H * sizeof(double));
            if ((rc = evaluate(&d, w.phi, w.phi[p], w.bt, &ot)))
                goto done;
            memcpy(w.s, w.gt, q * sizeof(double));
            w.phi[k] = saved - step;
            memcpy(w.bt, w.b, H * sizeof(double));
            if ((rc = evaluate(&d, w.phi, w.phi[p], w.bt, &ot)))
                goto done;
            w.phi[k] = saved;
            for (size_t j = 0; j < q; j++)
                hess[j * q + k] = -(w.s[j] - w.gt[j]) / (2 * step);
        }
        for (size_t j = 0; j < q; j++)
            for (size_t k = 0; k < j; k++)
                hess[j * q + k] = hess[k * q + j] = 0.5 * (hess[j * q + k] + hess[k * q + j]);
        if (!cholesky(hess, q)) {
            rc = value__fail(VALUE_ENOTCONV, "the random-intercept fit ended at a point that is not a maximum "
                                             "(the Hessian is not negative definite); tau is %g", theta);
            goto done;
        }
        value__chol_inverse(hess, q, hinv); /* exactly symmetric */
        for (size_t j = 0; j < p; j++)
            memcpy(cov + j * p, hinv + j * q, p * sizeof(double));
    }

    memcpy(coef, w.phi, p * sizeof(double));
    memcpy(effects, w.b, H * sizeof(double));
    m->loglik = o.ll;
    m->deviance = -2 * o.cll;
    m->aic = -2 * o.ll + 2 * (double)(p + 1);
    m->null_deviance = NAN;
    m->dispersion = 1;
    m->iterations = iterations;
    m->n_obs = n;
    m->df_residual = n - p - 1;
    m->tau = theta;
    m->n_providers = H;
    value__risk_install(m, RISK_FITTED_HIER, coef, cov, effects);
    coef = cov = effects = NULL;
    rc = VALUE_OK;
    goto done;

done:
    free(beta_glm);
    free(coef);
    free(cov);
    free(effects);
    free(hess);
    free(hinv);
    work_free(&w);
    hier_free(&d);
    return rc;
}

/* ---- results ------------------------------------------------------------------ */

int value_risk_provider_effects(const value_risk *m, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out, "out")) || (rc = check_fitted(m)) ||
        (rc = value__check_length("out_len", out_len, m->n_providers, "n_providers of the fit")))
        return rc;
    memcpy(out, m->provider_effect, m->n_providers * sizeof *out);
    return VALUE_OK;
}

int value_risk_standardized_rates(const value_risk *m, const double *x, size_t n_x, const double *y,
                                  const int32_t *provider, size_t n, double *out_observed, double *out_predicted,
                                  double *out_expected, double *out_ratio, double *out_rate, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = check_fitted(m)))
        return rc;
    if ((rc = value__check_ptr(out_observed, "out_observed")) ||
        (rc = value__check_ptr(out_predicted, "out_predicted")) ||
        (rc = value__check_ptr(out_expected, "out_expected")) || (rc = value__check_ptr(out_ratio, "out_ratio")) ||
        (rc = value__check_ptr(out_rate, "out_rate")) || (rc = value__check_length("out_len", out_len, m->n_providers, "n_providers of the fit")))
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if ((rc = check_data(m, x, n_x, y, provider, n, m->n_providers)))
        return rc;

    size_t H = m->n_providers;
    for (size_t h = 0; h < H; h++) /* out_ratio counts the patients until the end */
        out_observed[h] = out_predicted[h] = out_expected[h] = out_ratio[h] = 0;
    double events = 0;
    for (size_t i = 0; i < n; i++) {
        double eta = value__risk_eta_row(m, x, NULL, i);
        size_t h = (size_t)provider[i];
        out_observed[h] += y[i];
        out_predicted[h] += value__inv_logit(eta + m->provider_effect[h]);
        out_expected[h] += value__inv_logit(eta);
        out_ratio[h] += 1;
        events += y[i];
    }
    double ybar = events / (double)n;
    for (size_t h = 0; h < H; h++) {
        if (out_ratio[h] > 0) {
            out_ratio[h] = out_predicted[h] / out_expected[h];
            out_rate[h] = out_ratio[h] * ybar;
        } else { /* no patients here */
            out_ratio[h] = out_rate[h] = NAN;
        }
    }
    return VALUE_OK;
}
