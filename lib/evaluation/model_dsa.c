/*
 * Declarative decision models: one-way (tornado), two-way and threshold
 * analyses.  Each point is a base-case run with parameters fixed at
 * constants (value__model_job), which the compiler puts in place of the
 * parameters' expressions for every strategy without one of its own.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "evaluation/model.h"

#include <stdlib.h>
#include <string.h>

/* Run with parameters fixed: J costs and effects. */
static int run_fixed(const value_model *m, const size_t *param, const double *value, size_t n, const char *who,
                     double *cost, double *effect)
{
    value__model_job job = {SIZE_MAX, param, value, n, false, false};
    return value__model_base(m, &job, who, cost, effect, NULL);
}

static int param_of(const value_model *m, const char *name, const char *arg, size_t *out)
{
    int rc = value__check_ptr(name, arg);
    if (rc)
        return rc;
    size_t p = value__model_find(m->params.v, m->params.n, name);
    if (p == SIZE_MAX) {
        char hint[300];
        return value__fail(VALUE_ENOTFOUND, "unknown parameter '%s'%s", name,
                           value__name_hint(hint, sizeof hint, name, m->params.n, value__model_param_at, m));
    }
    *out = p;
    return VALUE_OK;
}

int value_model_dsa(const value_model *m, double *out_cost, double *out_effect, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_cost, "out_cost")) ||
        (rc = value__check_ptr(out_effect, "out_effect")))
        return rc;
    const size_t R = m->ranges.n, J = m->strategies.n;
    if (R == 0)
        return value__fail(VALUE_ESTATE, "no parameter has a range (value_model_set_range): nothing to vary");
    if ((rc = value__check_length("out_len", out_len, value__mul_size(2 * R, J), "2 x ranges x strategies")))
        return rc;
    double *c = value__model_doubles(2 * out_len);
    if (c == NULL)
        return value__fail(VALUE_ENOMEM, "value_model_dsa: out of memory");
    double *e = c + out_len;
    for (size_t r = 0; r < R && rc == VALUE_OK; r++)
        for (size_t k = 0; k < 2 && rc == VALUE_OK; k++) {
            double v = k == 0 ? m->ranges.v[r].low : m->ranges.v[r].high;
            rc = run_fixed(m, &m->ranges.v[r].param, &v, 1, "value_model_dsa", c + (2 * r + k) * J,
                           e + (2 * r + k) * J);
            if (rc)
                value__fail_within(rc, "parameter '%s' at its %s value: ", m->params.v[m->ranges.v[r].param].name,
                                   k == 0 ? "low" : "high");
        }
    if (rc == VALUE_OK) {
        memcpy(out_cost, c, out_len * sizeof *c);
        memcpy(out_effect, e, out_len * sizeof *e);
    }
    free(c);
    return rc;
}

/* The tornado's measure of strategy s against comparator k. */
static int measure(const double *c, const double *e, size_t s, size_t k, double lambda, int icer, double *out)
{
    double dc = c[s] - c[k], de = e[s] - e[k];
    if (icer) {
        if (de == 0)
            return value__fail(VALUE_EDOM, "the effects of the strategy and the comparator are equal: no ICER");
        *out = dc / de;
    } else {
        *out = lambda * de - dc;
    }
    return isfinite(*out) ? VALUE_OK : value__fail(VALUE_ERANGE, "the tornado's measure overflows");
}

int value_model_tornado(const value_model *m, size_t strategy, size_t comparator, double lambda, int icer,
                        double *out_low, double *out_high, int32_t *out_order, size_t out_len, double *out_base)
{
    int rc;
    if ((rc = value__check_ptr(m, "m")) || (rc = value__check_ptr(out_low, "out_low")) ||
        (rc = value__check_ptr(out_high, "out_high")) || (rc = value__check_ptr(out_order, "out_order")) ||
        (rc = value__check_ptr(out_base, "out_base")))
        return rc;
    const size_t R = m->ranges.n, J = m->strategies.n;
    if (strategy >= J)
        return value__fail(VALUE_EINVAL, "strategy is %zu, not in [0, %zu)", strategy, J);
    if (comparator >= J)
        return value__fail(VALUE_EINVAL, "comparator is %zu, not in [0, %zu)", comparator, J);
    if (comparator == strategy)
        return value__fail(VALUE_EINVAL, "comparator is %zu, the strategy itself", comparator);
    if (!(lambda >= 0) || !isfinite(lambda))
        return value__fail_value("lambda", lambda, "must be finite and >= 0");
    if (icer != 0 && icer != 1)
        return value__fail_value("icer", icer, "must be 0 or 1");
    if (R == 0)
        return value__fail(VALUE_ESTATE, "no parameter has a range (value_model_set_range): nothing to vary");
    if (R > INT32_MAX)
        return value__fail(VALUE_EINVAL, "the model has too many ranges");
    if ((rc = value__check_length("out_len", out_len, R, "ranges")))
        return rc;
    double *c = value__model_doubles(4 * R * J + 2 * J + 2 * R);
    int32_t *ord = malloc(R * sizeof *ord);
    if (c == NULL || ord == NULL) {
        free(c);
        free(ord);
        return value__fail(VALUE_ENOMEM, "value_model_tornado: out of memory");
    }
    double *e = c + 2 * R * J, *bc = e + 2 * R * J, *be = bc + J, *lo = be + J, *hi = lo + R;
    double base = 0;
    value__model_job job = {SIZE_MAX, NULL, NULL, 0, false, false};
    if ((rc = value__model_base(m, &job, "value_model_tornado", bc, be, NULL)) == VALUE_OK &&
        (rc = measure(bc, be, strategy, comparator, lambda, icer, &base)) == VALUE_OK &&
        (rc = value_model_dsa(m, c, e, 2 * R * J)) == VALUE_OK)
        for (size_t r = 0; r < R && rc == VALUE_OK; r++)
            if ((rc = measure(c + 2 * r * J, e + 2 * r * J, strategy, comparator, lambda, icer, &lo[r])) ||
                (rc = measure(c + (2 * r + 1) * J, e + (2 * r + 1) * J, strategy, comparator, lambda, icer, &hi[r])))
                value__fail_within(rc, "parameter '%s': ", m->params.v[m->ranges.v[r].param].name);
    if (rc == VALUE_OK) {
        /* widest first, ties by index: an insertion sort keeps it stable */
        for (size_t r = 0; r < R; r++) {
            size_t i = r;
            double w = fabs(hi[r] - lo[r]);
            while (i > 0 && fabs(hi[ord[i - 1]] - lo[ord[i - 1]]) < w) {
                ord[i] = ord[i - 1];
                i--;
            }
            ord[i] = (int32_t)r;
        }
        memcpy(out_low, lo, R * sizeof *lo);
        memcpy(out_high, hi, R * sizeof *hi);
        memcpy(out_order, ord, R * sizeof *ord);
        *out_base = base;
    }
    free(c);
    free(ord);
    return rc;
}

int value_model_twoway(const value_model *m, const char *a, const double *va, size_t na, const char *b,
                       const double *vb, size_t nb, double *out_cost, double *out_effect, size_t out_len)
{
    int rc;
    size_t pa = 0, pb = 0;
    if ((rc = value__check_ptr(m, "m")) || (rc = param_of(m, a, "a", &pa)) || (rc = param_of(m, b, "b", &pb)) ||
        (rc = value__check_array(va, na, 1, "va", "na")) || (rc = value__check_array(vb, nb, 1, "vb", "nb")) ||
        (rc = value__check_ptr(out_cost, "out_cost")) || (rc = value__check_ptr(out_effect, "out_effect")))
        return rc;
    if (pa == pb)
        return value__fail(VALUE_EINVAL, "a and b are both '%s'", a);
    const size_t J = m->strategies.n;
    if ((rc = value__check_length("out_len", out_len, value__mul_size(value__mul_size(na, nb), J),
                                  "na x nb x strategies")))
        return rc;
    double *c = value__model_doubles(2 * out_len);
    if (c == NULL)
        return value__fail(VALUE_ENOMEM, "value_model_twoway: out of memory");
    double *e = c + out_len;
    size_t params[2] = {pa, pb};
    for (size_t i = 0; i < na && rc == VALUE_OK; i++)
        for (size_t k = 0; k < nb && rc == VALUE_OK; k++) {
            double v[2] = {va[i], vb[k]};
            if ((rc = run_fixed(m, params, v, 2, "value_model_twoway", c + (i * nb + k) * J, e + (i * nb + k) * J)))
                value__fail_within(rc, "va[%zu], vb[%zu]: ", i, k);
        }
    if (rc == VALUE_OK) {
        memcpy(out_cost, c, out_len * sizeof *c);
        memcpy(out_effect, e, out_len * sizeof *e);
    }
    free(c);
    return rc;
}

/* Net monetary benefits at parameter value x, and the best strategy (the
 * first of equals). */
typedef struct tctx {
    const value_model *m;
    size_t p;
    double lambda;
    double *c, *e;
} tctx;

static int nmb_at(tctx *t, double x, size_t *best)
{
    const size_t J = t->m->strategies.n;
    int rc = run_fixed(t->m, &t->p, &x, 1, "value_model_threshold", t->c, t->e);
    if (rc)
        return value__fail_within(rc, "parameter '%s' at %g: ", t->m->params.v[t->p].name, x);
    size_t b = 0;
    for (size_t j = 0; j < J; j++) {
        t->c[j] = t->lambda * t->e[j] - t->c[j]; /* c now holds the NMB */
        if (!isfinite(t->c[j]))
            return value__fail(VALUE_ERANGE, "the net monetary benefit overflows at %g", x);
        if (t->c[j] > t->c[b])
            b = j;
    }
    *best = b;
    return VALUE_OK;
}

/* NMB of strategy hi minus strategy lo at x. */
static int diff_at(tctx *t, double x, size_t lo, size_t hi, double *out)
{
    size_t b;
    int rc = nmb_at(t, x, &b);
    if (rc == VALUE_OK)
        *out = t->c[hi] - t->c[lo];
    return rc;
}

/* Brent's method (Brent 1973, "Algorithms for Minimization without
 * Derivatives", ch. 4) for f = diff_at on [a, b] with f(a) <= 0 <= f(b)
 * or the reverse. */
static int brent(tctx *t, size_t lo, size_t hi, double a, double fa, double b, double fb, double *out)
{
    double c = a, fc = fa, d = b - a, e = d;
    int rc;
    for (int it = 0; it < 200; it++) {
        if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
            c = a, fc = fa;
            d = e = b - a;
        }
        if (fabs(fc) < fabs(fb)) {
            a = b, b = c, c = a;
            fa = fb, fb = fc, fc = fa;
        }
        double tol = 2 * DBL_EPSILON * fabs(b) + 0.5e-10 * fmax(1.0, fabs(b)), m2 = 0.5 * (c - b);
        if (fabs(m2) <= tol || fb == 0) {
            *out = b;
            return VALUE_OK;
        }
        if (fabs(e) >= tol && fabs(fa) > fabs(fb)) {
            double s = fb / fa, p, q;
            if (a == c) {
                p = 2 * m2 * s;
                q = 1 - s;
            } else {
                double qq = fa / fc, r = fb / fc;
                p = s * (2 * m2 * qq * (qq - r) - (b - a) * (r - 1));
                q = (qq - 1) * (r - 1) * (s - 1);
            }
            if (p > 0)
                q = -q;
            else
                p = -p;
            if (2 * p < fmin(3 * m2 * q - fabs(tol * q), fabs(e * q))) {
                e = d;
                d = p / q;
            } else {
                d = m2;
                e = d;
            }
        } else {
            d = m2;
            e = d;
        }
        a = b, fa = fb;
        b += fabs(d) > tol ? d : (m2 > 0 ? tol : -tol);
        if ((rc = diff_at(t, b, lo, hi, &fb)))
            return rc;
    }
    return value__fail(VALUE_ENOTCONV, "value_model_threshold: Brent's method did not converge in 200 steps");
}

int value_model_threshold(const value_model *m, const char *name, double low, double high, double lambda,
                          double *out_value, int32_t *out_below, int32_t *out_above)
{
    int rc;
    size_t p = 0;
    if ((rc = value__check_ptr(m, "m")) || (rc = param_of(m, name, "name", &p)) ||
        (rc = value__check_finite(low, "low")) || (rc = value__check_finite(high, "high")) ||
        (rc = value__check_ptr(out_value, "out_value")) || (rc = value__check_ptr(out_below, "out_below")) ||
        (rc = value__check_ptr(out_above, "out_above")))
        return rc;
    if (!(high > low))
        return value__fail_value("high", high, "must be above low");
    if (!(lambda >= 0) || !isfinite(lambda))
        return value__fail_value("lambda", lambda, "must be finite and >= 0");
    const size_t J = m->strategies.n;
    if (J > INT32_MAX)
        return value__fail(VALUE_EINVAL, "the model has too many strategies");
    tctx t = {m, p, lambda, value__model_doubles(2 * J + 2), NULL};
    if (t.c == NULL)
        return value__fail(VALUE_ENOMEM, "value_model_threshold: out of memory");
    t.e = t.c + J + 1;
    enum { GRID = 64 };
    size_t prev = 0, best;
    double x0 = low;
    if ((rc = nmb_at(&t, low, &prev)))
        goto out;
    for (int i = 1; i <= GRID; i++) {
        double x = i == GRID ? high : low + (high - low) * i / GRID;
        if ((rc = nmb_at(&t, x, &best)))
            goto out;
        if (best != prev) {
            double f0, f1, root = x;
            if ((rc = diff_at(&t, x0, prev, best, &f0)) || (rc = diff_at(&t, x, prev, best, &f1)) ||
                (rc = brent(&t, prev, best, x0, f0, x, f1, &root)))
                goto out;
            *out_value = root;
            *out_below = (int32_t)prev;
            *out_above = (int32_t)best;
            goto out;
        }
        prev = best;
        x0 = x;
    }
    rc = value__fail(VALUE_ENOTFOUND, "strategy '%s' has the highest net monetary benefit for every '%s' in [%g, %g]",
                     m->strategies.v[prev].name, name, low, high);
out:
    free(t.c);
    return rc;
}
