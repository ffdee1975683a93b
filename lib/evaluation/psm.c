/*
 * Partitioned survival models: state membership from N - 1 survival
 * curves at the cycle boundaries, the crossing rule, within-cycle
 * corrections and discounting (the factors come from the discount
 * module's value_discount_factor(), so any scheme, steps included).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The correction weights and the discount factors are folded into one
 * weight per time point for costs and one for effects (wc, we) whenever
 * either changes, so a run is, per time point, the membership and 2 N
 * multiply-adds: each state's discounted occupancy, then the totals as
 * occupancy times reward.  The batch path is the same loop per draw.
 */
#include "core/internal.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define PSM_MAX_CYCLES 10000000u
/* A curve read from a table or a fit may start a rounding error below 1. */
#define PSM_START_TOLERANCE 1e-9

struct value_psm {
    size_t n_states, n_cycles;
    double cycle_length;
    value_psm_correction correction;
    double *dc, *de; /* discount factors D(t_j), j = 0..J, costs and effects */
    double *wc, *we; /* per time point: w_j D_c(t_j) and L w_j D_e(t_j) */
    double *cost, *utility;
};

/* The rule's weight of time point j of 0..J (in cycles). */
static double rule_weight(value_psm_correction c, size_t j, size_t J)
{
    switch (c) {
    case VALUE_PSM_START:
        return j < J ? 1.0 : 0.0;
    case VALUE_PSM_END:
        return j > 0 ? 1.0 : 0.0;
    case VALUE_PSM_SIMPSON:
        return (j == 0 || j == J ? 1.0 : j % 2 == 1 ? 4.0 : 2.0) / 3.0;
    default: /* trapezoid */
        return j == 0 || j == J ? 0.5 : 1.0;
    }
}

static void fold_weights(value_psm *p)
{
    size_t J = p->n_cycles;
    for (size_t j = 0; j <= J; j++) {
        double w = rule_weight(p->correction, j, J);
        p->wc[j] = w * p->dc[j];
        p->we[j] = w * p->de[j] * p->cycle_length;
    }
}

int value_psm_new(size_t n_states, size_t n_cycles, double cycle_length, value_psm **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (n_states < 2)
        return value__fail(VALUE_EINVAL, "n_states is %zu, must be at least 2 (a PSM has N - 1 >= 1 curves)",
                           n_states);
    if (n_cycles < 1 || n_cycles > PSM_MAX_CYCLES)
        return value__fail(VALUE_EINVAL, "n_cycles is %zu, must be in [1, %u]", n_cycles, PSM_MAX_CYCLES);
    if (!(cycle_length > 0) || !isfinite(cycle_length))
        return value__fail_value("cycle_length", cycle_length, "must be finite and > 0 (years)");
    /* the trace is (J + 1) N doubles: its size must be representable */
    if (value__mul_size(value__mul_size(n_states, n_cycles + 1), sizeof(double)) == SIZE_MAX)
        return value__fail(VALUE_EINVAL, "n_states is %zu, too many for %zu cycles", n_states, n_cycles);
    value_psm *p = calloc(1, sizeof *p);
    double *w = p ? malloc(4 * (n_cycles + 1) * sizeof *w) : NULL;
    double *r = p ? calloc(2 * n_states, sizeof *r) : NULL;
    if (p == NULL || w == NULL || r == NULL) {
        free(p);
        free(w);
        free(r);
        return value__fail(VALUE_ENOMEM, "value_psm_new: out of memory");
    }
    p->n_states = n_states;
    p->n_cycles = n_cycles;
    p->cycle_length = cycle_length;
    p->correction = VALUE_PSM_TRAPEZOID;
    p->dc = w;
    p->de = w + (n_cycles + 1);
    p->wc = w + 2 * (n_cycles + 1);
    p->we = w + 3 * (n_cycles + 1);
    for (size_t j = 0; j <= n_cycles; j++)
        p->dc[j] = p->de[j] = 1.0;
    p->cost = r;
    p->utility = r + n_states;
    fold_weights(p);
    *out = p;
    return VALUE_OK;
}

void value_psm_free(value_psm *p)
{
    if (p == NULL)
        return;
    free(p->dc); /* the block of dc, de, wc, we */
    free(p->cost);
    free(p);
}

int value_psm_set_correction(value_psm *p, value_psm_correction correction)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")))
        return rc;
    int c = (int)correction;
    if (c < VALUE_PSM_START || c > VALUE_PSM_SIMPSON)
        return value__fail(VALUE_EINVAL, "correction is %d, not a value_psm_correction (0 to 3)", c);
    /* Simpson's 1/3 rule fits a parabola through each pair of cycles */
    if (c == VALUE_PSM_SIMPSON && p->n_cycles % 2 != 0)
        return value__fail(VALUE_EINVAL,
                           "VALUE_PSM_SIMPSON needs an even number of cycles and the model has %zu: Simpson's 1/3 "
                           "rule integrates over pairs of cycles; use %zu cycles or VALUE_PSM_TRAPEZOID",
                           p->n_cycles, p->n_cycles + 1);
    p->correction = correction;
    fold_weights(p);
    return VALUE_OK;
}

static int scheme_factors(const value_discount *d, double L, size_t J, double *out)
{
    for (size_t j = 0; j <= J; j++) {
        if (d == NULL) {
            out[j] = 1.0;
            continue;
        }
        int rc = value_discount_factor(d, (double)j * L, &out[j]);
        if (rc)
            return rc;
    }
    return VALUE_OK;
}

int value_psm_set_discount(value_psm *p, const value_discount *costs, const value_discount *effects)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")))
        return rc;
    size_t J1 = p->n_cycles + 1;
    /* into scratch first: a factor that overflows leaves the model as it was */
    double *tmp = malloc(2 * J1 * sizeof *tmp);
    if (tmp == NULL)
        return value__fail(VALUE_ENOMEM, "value_psm_set_discount: out of memory");
    if ((rc = scheme_factors(costs, p->cycle_length, p->n_cycles, tmp)) ||
        (rc = scheme_factors(effects, p->cycle_length, p->n_cycles, tmp + J1))) {
        free(tmp);
        return rc == VALUE_ERANGE ? value__fail_within(rc, "value_psm_set_discount") : rc;
    }
    memcpy(p->dc, tmp, J1 * sizeof *tmp);
    memcpy(p->de, tmp + J1, J1 * sizeof *tmp);
    free(tmp);
    fold_weights(p);
    return VALUE_OK;
}

static int check_rewards(const double *cost, const double *utility, size_t n, const char *n_name, size_t want,
                         const char *what)
{
    int rc;
    if ((rc = value__check_ptr(cost, "cost")) || (rc = value__check_ptr(utility, "utility")) ||
        (rc = value__check_length(n_name, n, want, what)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(cost[i]))
            return value__fail_element("cost", i, cost[i], "must be finite");
        if (!isfinite(utility[i]))
            return value__fail_element("utility", i, utility[i], "must be finite");
    }
    return VALUE_OK;
}

int value_psm_set_state_rewards(value_psm *p, const double *cost, const double *utility, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = check_rewards(cost, utility, n, "n", p->n_states, "n_states")))
        return rc;
    memcpy(p->cost, cost, n * sizeof *cost);
    memcpy(p->utility, utility, n * sizeof *utility);
    return VALUE_OK;
}

int value_psm_curve(const value_psm *p, value_psm_dist dist, const double *par, size_t n_par, double *out,
                    size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(par, "par")) ||
        (rc = value__check_ptr(out, "out")))
        return rc;
    size_t np;
    if (dist == VALUE_PSM_EXPONENTIAL)
        np = 1;
    else if (dist == VALUE_PSM_WEIBULL)
        np = 2;
    else
        return value__fail(VALUE_EINVAL, "dist is %d, not a value_psm_dist (1 to 2)", (int)dist);
    if (n_par == 0 || n_par % np != 0)
        return value__fail(VALUE_EINVAL, "n_par is %zu, must be a positive multiple of %zu (%s's parameters)", n_par,
                           np, np == 1 ? "VALUE_PSM_EXPONENTIAL" : "VALUE_PSM_WEIBULL");
    size_t K = n_par / np, J = p->n_cycles, J1 = J + 1;
    if ((rc = value__check_length("out_len", out_len, value__mul_size(K, J1), "sets of parameters x (n_cycles + 1)")))
        return rc;
    for (size_t i = 0; i < n_par; i++) {
        double v = par[i];
        if (!isfinite(v))
            return value__fail_element("par", i, v, "must be finite");
        if ((np == 1 || i % 2 == 1) && !(v > 0))
            return value__fail_element("par", i, v, np == 1 ? "must be > 0 (a rate per year)"
                                                            : "must be > 0 (a Weibull scale sigma)");
    }
    for (size_t k = 0; k < K; k++) {
        double *s = out + k * J1, prev = 1.0;
        s[0] = 1.0;
        for (size_t j = 1; j <= J; j++) {
            double t = (double)j * p->cycle_length, v;
            if (np == 1)
                v = exp(-par[k] * t);
            else /* survreg: log T = mu + sigma W, W extreme-value */
                v = exp(-pow(t * exp(-par[2 * k]), 1.0 / par[2 * k + 1]));
            /* a curve must never rise; guard against a libm rounding up */
            s[j] = prev = v < prev ? v : prev;
        }
    }
    return VALUE_OK;
}

/* Validate one draw's curves, block s of (N - 1)(J + 1) values starting at
 * element base of the caller's array. */
static int check_curves(const double *s, size_t N, size_t J1, size_t base)
{
    char vb[40], pb[40];
    for (size_t c = 0; c + 1 < N; c++) {
        for (size_t j = 0; j < J1; j++) {
            size_t i = c * J1 + j;
            double v = s[i];
            if (isfinite(v) && v >= 0 && v <= 1 && (j > 0 || v >= 1 - PSM_START_TOLERANCE) && (j == 0 || v <= s[i - 1]))
                continue;
            value__format_double(v, vb, sizeof vb);
            if (!isfinite(v) || v < 0 || v > 1)
                return value__fail(VALUE_EINVAL, "surv[%zu] (row %zu, column %zu) is %s, must be in [0, 1]", base + i,
                                   c, j, vb);
            if (j == 0)
                return value__fail(VALUE_EINVAL,
                                   "surv[%zu] (row %zu, column 0) is %s, must be 1: a survival curve starts at 1 at "
                                   "time 0",
                                   base + i, c, vb);
            value__format_double(s[i - 1], pb, sizeof pb);
            return value__fail(VALUE_EINVAL,
                               "surv[%zu] (row %zu, column %zu) is %s, above surv[%zu] (%s): a survival curve never "
                               "rises",
                               base + i, c, j, vb, base + i - 1, pb);
        }
    }
    return VALUE_OK;
}

/* n_draws 0: one curve set (the single-run calls); else a batch of them. */
static int check_surv(const value_psm *p, const double *surv, size_t n, size_t n_draws)
{
    int rc;
    size_t N = p->n_states, J1 = p->n_cycles + 1, block = (N - 1) * J1;
    if ((rc = value__check_ptr(surv, "surv")) ||
        (rc = value__check_length("n", n, value__mul_size(n_draws ? n_draws : 1, block),
                                  n_draws ? "n_draws (n_states - 1)(n_cycles + 1)" : "(n_states - 1)(n_cycles + 1)")))
        return rc;
    if (n_draws == 0)
        return check_curves(surv, N, J1, 0);
    for (size_t k = 0; k < n_draws; k++)
        if ((rc = check_curves(surv + k * block, N, J1, k * block)))
            return value__fail_within(rc, "draw %zu", k);
    return VALUE_OK;
}

/* Membership of the N states at time point j of curves s, the curves kept
 * ordered from the last down; *clamped counts the states set to 0 and
 * *first_curve receives the lowest curve that lay above the next. */
static inline void membership(const double *s, size_t N, size_t J1, size_t j, double *m, size_t *clamped,
                              size_t *first_curve)
{
    double cur = s[(N - 2) * J1 + j];
    m[N - 1] = 1.0 - cur;
    for (size_t k = N - 2; k > 0; k--) {
        double lo = s[(k - 1) * J1 + j];
        if (lo > cur) {
            lo = cur;
            ++*clamped;
            *first_curve = k - 1;
        }
        m[k] = cur - lo;
        cur = lo;
    }
    m[0] = cur;
}

/* Each state's discounted occupancy for costs (oc) and effects (oe); m is
 * N doubles of scratch. */
static void occupancy(const value_psm *p, const double *s, double *m, double *oc, double *oe)
{
    size_t N = p->n_states, J1 = p->n_cycles + 1, clamped = 0, first = 0;
    for (size_t k = 0; k < N; k++)
        oc[k] = oe[k] = 0.0;
    for (size_t j = 0; j < J1; j++) {
        membership(s, N, J1, j, m, &clamped, &first);
        double wc = p->wc[j], we = p->we[j];
        for (size_t k = 0; k < N; k++) {
            oc[k] += wc * m[k];
            oe[k] += we * m[k];
        }
    }
}

int value_psm_crossings(const value_psm *p, const double *surv, size_t n, size_t *out_count, size_t *out_curve,
                        size_t *out_point)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(out_count, "out_count")) ||
        (rc = value__check_ptr(out_curve, "out_curve")) || (rc = value__check_ptr(out_point, "out_point")) ||
        (rc = check_surv(p, surv, n, 0)))
        return rc;
    size_t N = p->n_states, J1 = p->n_cycles + 1, count = 0, curve = 0, point = 0;
    double *m = malloc(N * sizeof *m);
    if (m == NULL)
        return value__fail(VALUE_ENOMEM, "value_psm_crossings: out of memory");
    for (size_t j = 0; j < J1; j++) {
        size_t before = count, c = 0;
        membership(surv, N, J1, j, m, &count, &c);
        if (before == 0 && count > 0)
            curve = c, point = j;
    }
    free(m);
    *out_count = count;
    *out_curve = curve;
    *out_point = point;
    return VALUE_OK;
}

int value_psm_trace(const value_psm *p, const double *surv, size_t n, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = check_surv(p, surv, n, 0)) ||
        (rc = value__check_ptr(out, "out")))
        return rc;
    size_t N = p->n_states, J1 = p->n_cycles + 1, clamped = 0, first = 0;
    if ((rc = value__check_length("out_len", out_len, J1 * N, "(n_cycles + 1) n_states")))
        return rc;
    for (size_t j = 0; j < J1; j++)
        membership(surv, N, J1, j, out + j * N, &clamped, &first);
    return VALUE_OK;
}

/* Totals from occupancy: life years count every state but death. */
static int totals(const value_psm *p, const double *oc, const double *oe, const double *cost, const double *utility,
                  double *r)
{
    size_t N = p->n_states;
    double c = 0.0, q = 0.0, l = 0.0;
    for (size_t k = 0; k < N; k++) {
        c += oc[k] * cost[k];
        q += oe[k] * utility[k];
        if (k + 1 < N)
            l += oe[k];
    }
    if (!isfinite(c) || !isfinite(q) || !isfinite(l)) /* large rewards, or discount factors near DBL_MAX */
        return value__fail(VALUE_ERANGE, "the total %s overflows",
                           !isfinite(c) ? "cost" : !isfinite(q) ? "QALYs" : "life years");
    r[0] = c, r[1] = q, r[2] = l;
    return VALUE_OK;
}

int value_psm_run(const value_psm *p, const double *surv, size_t n, double *out_cost, double *out_qalys,
                  double *out_life_years)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(out_cost, "out_cost")) ||
        (rc = value__check_ptr(out_qalys, "out_qalys")) || (rc = value__check_ptr(out_life_years, "out_life_years")) ||
        (rc = check_surv(p, surv, n, 0)))
        return rc;
    size_t N = p->n_states;
    double *m = malloc(3 * N * sizeof *m), r[3];
    if (m == NULL)
        return value__fail(VALUE_ENOMEM, "value_psm_run: out of memory");
    occupancy(p, surv, m, m + N, m + 2 * N);
    rc = totals(p, m + N, m + 2 * N, p->cost, p->utility, r);
    free(m);
    if (rc)
        return rc;
    *out_cost = r[0], *out_qalys = r[1], *out_life_years = r[2];
    return VALUE_OK;
}

int value_psm_state_values(const value_psm *p, const double *surv, size_t n, double *out_cost, double *out_qalys,
                           double *out_life_years, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = check_surv(p, surv, n, 0)) ||
        (rc = value__check_ptr(out_cost, "out_cost")) || (rc = value__check_ptr(out_qalys, "out_qalys")) ||
        (rc = value__check_ptr(out_life_years, "out_life_years")) ||
        (rc = value__check_length("out_len", out_len, p->n_states, "n_states")))
        return rc;
    size_t N = p->n_states;
    double *m = malloc(3 * N * sizeof *m);
    if (m == NULL)
        return value__fail(VALUE_ENOMEM, "value_psm_state_values: out of memory");
    double *oc = m + N, *oe = m + 2 * N;
    occupancy(p, surv, m, oc, oe);
    for (size_t k = 0; k < N; k++) {
        double c = oc[k] * p->cost[k], q = oe[k] * p->utility[k];
        if (!isfinite(c) || !isfinite(q) || !isfinite(oe[k])) {
            free(m);
            return value__fail(VALUE_ERANGE, "state %zu: its %s overflows", k,
                               !isfinite(c) ? "cost" : !isfinite(q) ? "QALYs" : "life years");
        }
    }
    for (size_t k = 0; k < N; k++) {
        out_cost[k] = oc[k] * p->cost[k];
        out_qalys[k] = oe[k] * p->utility[k];
        out_life_years[k] = k + 1 < N ? oe[k] : 0.0;
    }
    free(m);
    return VALUE_OK;
}

int value_psm_run_batch(const value_psm *p, const double *surv, size_t n, const double *cost, const double *utility,
                        size_t n_rewards, size_t n_draws, double *out_cost, double *out_qalys, double *out_life_years,
                        size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")))
        return rc;
    if (n_draws == 0)
        return value__fail(VALUE_EINVAL, "n_draws is 0, must be at least 1");
    size_t N = p->n_states, J1 = p->n_cycles + 1, block = (N - 1) * J1;
    if ((rc = check_surv(p, surv, n, n_draws)))
        return rc;
    bool own = cost != NULL || utility != NULL || n_rewards != 0;
    if (own && (rc = check_rewards(cost, utility, n_rewards, "n_rewards", value__mul_size(n_draws, N), "n_draws n_states")))
        return rc;
    if ((rc = value__check_ptr(out_cost, "out_cost")) || (rc = value__check_ptr(out_qalys, "out_qalys")) ||
        (rc = value__check_ptr(out_life_years, "out_life_years")) ||
        (rc = value__check_length("out_len", out_len, n_draws, "n_draws")))
        return rc;
    /* results into scratch: a draw that overflows leaves the outputs alone */
    double *m = malloc((3 * N + 3 * n_draws) * sizeof *m);
    if (m == NULL)
        return value__fail(VALUE_ENOMEM, "value_psm_run_batch: out of memory");
    double *oc = m + N, *oe = m + 2 * N, *res = m + 3 * N;
    for (size_t k = 0; k < n_draws; k++) {
        occupancy(p, surv + k * block, m, oc, oe);
        if ((rc = totals(p, oc, oe, own ? cost + k * N : p->cost, own ? utility + k * N : p->utility,
                         res + 3 * k))) {
            free(m);
            return value__fail_within(rc, "draw %zu", k);
        }
    }
    for (size_t k = 0; k < n_draws; k++) {
        out_cost[k] = res[3 * k];
        out_qalys[k] = res[3 * k + 1];
        out_life_years[k] = res[3 * k + 2];
    }
    free(m);
    return VALUE_OK;
}
