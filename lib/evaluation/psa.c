/*
 * Probabilistic sensitivity analysis results: CEAC, CEAF, EVPI, expected
 * loss, incremental values and percentile summaries.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Checks shared by the functions taking an S x J matrix: the pointer, n
 * and n_strategies; the values themselves are scanned later, after the
 * cheap checks. */
static int check_shape(const void *x, const char *name, size_t n, size_t n_strategies)
{
    int rc = value__check_ptr(x, name);
    if (rc)
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if (n_strategies == 0)
        return value__fail(VALUE_EINVAL, "n_strategies must be at least 1, got 0");
    if (n % n_strategies != 0)
        return value__fail(VALUE_EINVAL, "n_strategies (%zu) must divide n (%zu)", n_strategies, n);
    return VALUE_OK;
}

/* ---- CEAC, CEAF, EVPI and expected loss ----------------------------------
 *
 * Everything is computed relative to strategy 0: per simulation,
 * dc_j = c_sj - c_s0 and de_j = e_sj - e_s0, so that
 *   NMB_sj - NMB_s0 = lambda de_j - dc_j            (0 for j = 0),
 *   gain_s = max_j NMB_sj - NMB_s0                   (>= 0),
 *   mean NMB_j - mean NMB_0 = lambda mean(de_j) - mean(dc_j),
 *   loss_j = mean(gain) - (mean NMB_j - mean NMB_0),  EVPI = min_j loss_j.
 * Working with differences loses nothing when the strategies share a large
 * common cost, where max NMB and mean NMB would be large numbers differing
 * in their last digits.  Since NMB is linear in lambda, the means need one
 * pass over the data whatever the number of lambdas.
 *
 * The loop reads each simulation's row once and evaluates all lambdas for
 * it: the inner loop runs over lambdas with no branch, which compilers
 * vectorize, and the per-lambda state (best value, its strategy, win
 * counts, gain sums) stays in cache. */

typedef struct curves_scratch {
    double *dc, *de;           /* J: this simulation, relative to strategy 0 */
    double *sum_dc, *sum_de;   /* J: their sums over simulations */
    double *best;              /* L: this simulation's best NMB - NMB_s0 */
    size_t *best_j;            /* L: its strategy */
    double *sum_gain;          /* L: sum over simulations of best */
    size_t *wins;              /* L x J: simulations in which j is best */
    double *mean_inc;          /* J: mean NMB_j - mean NMB_0 at one lambda */
} curves_scratch;

static void scratch_free(curves_scratch *w)
{
    free(w->dc);
    free(w->de);
    free(w->sum_dc);
    free(w->sum_de);
    free(w->best);
    free(w->best_j);
    free(w->sum_gain);
    free(w->wins);
    free(w->mean_inc);
}

static int scratch_alloc(curves_scratch *w, size_t J, size_t L)
{
    *w = (curves_scratch){0};
    w->dc = malloc(J * sizeof *w->dc);
    w->de = malloc(J * sizeof *w->de);
    w->sum_dc = calloc(J, sizeof *w->sum_dc);
    w->sum_de = calloc(J, sizeof *w->sum_de);
    w->best = malloc(L * sizeof *w->best);
    w->best_j = malloc(L * sizeof *w->best_j);
    w->sum_gain = calloc(L, sizeof *w->sum_gain);
    w->wins = calloc(L * J, sizeof *w->wins); /* L x J <= n_lambdas x J, checked by the caller */
    w->mean_inc = malloc(J * sizeof *w->mean_inc);
    if (!w->dc || !w->de || !w->sum_dc || !w->sum_de || !w->best || !w->best_j || !w->sum_gain || !w->wins ||
        !w->mean_inc) {
        scratch_free(w);
        return value__fail(VALUE_ENOMEM, "value_psa_curves: out of memory");
    }
    return VALUE_OK;
}

/* Accumulate one simulation's row into the scratch sums. */
static void add_simulation(curves_scratch *w, const double *c, const double *e, size_t J,
                           const double *restrict lambdas, size_t L)
{
    double *restrict best = w->best;
    size_t *restrict best_j = w->best_j;
    for (size_t j = 0; j < J; j++) {
        w->dc[j] = c[j] - c[0];
        w->de[j] = e[j] - e[0];
        w->sum_dc[j] += w->dc[j];
        w->sum_de[j] += w->de[j];
    }
    for (size_t l = 0; l < L; l++) {
        best[l] = 0.0; /* strategy 0, relative to itself */
        best_j[l] = 0;
    }
    for (size_t j = 1; j < J; j++) {
        const double dc = w->dc[j], de = w->de[j];
        for (size_t l = 0; l < L; l++) {
            double v = lambdas[l] * de - dc;
            /* strictly greater: a tie stays with the lower index */
            int better = v > best[l];
            best_j[l] = better ? j : best_j[l];
            best[l] = better ? v : best[l];
        }
    }
    for (size_t l = 0; l < L; l++) {
        w->wins[l * J + best_j[l]]++;
        w->sum_gain[l] += best[l];
    }
}

/* mean NMB_j - mean NMB_0 at lambda, over S simulations. */
static double mean_incremental(const curves_scratch *w, size_t j, double lambda, size_t S)
{
    return lambda * (w->sum_de[j] / (double)S) - w->sum_dc[j] / (double)S;
}

int value_psa_curves(const double *costs, const double *effects, size_t n, size_t n_strategies,
                     const double *lambdas, size_t n_lambdas, double *out_ceac, double *out_loss, size_t out_len,
                     double *out_evpi, int32_t *out_ceaf, double *out_ceaf_prob, size_t out_lambda_len)
{
    int rc;
    if ((rc = check_shape(costs, "costs", n, n_strategies)) || (rc = value__check_ptr(effects, "effects")) ||
        (rc = value__check_ptr(lambdas, "lambdas")) || (rc = value__check_ptr(out_ceac, "out_ceac")) ||
        (rc = value__check_ptr(out_loss, "out_loss")) || (rc = value__check_ptr(out_evpi, "out_evpi")) ||
        (rc = value__check_ptr(out_ceaf, "out_ceaf")) || (rc = value__check_ptr(out_ceaf_prob, "out_ceaf_prob")))
        return rc;
    const size_t J = n_strategies, L = n_lambdas, S = n / J;
    if (L == 0)
        return value__fail(VALUE_EINVAL, "n_lambdas must be at least 1, got 0");
    if (J > INT32_MAX)
        return value__fail(VALUE_EINVAL, "n_strategies must be at most %ld, got %zu", (long)INT32_MAX, J);
    if (J > SIZE_MAX / L)
        return value__fail(VALUE_EINVAL, "n_lambdas x n_strategies = %zu x %zu is too large", L, J);
    if ((rc = value__check_length("out_len", out_len, L * J, "n_lambdas x n_strategies")))
        return rc;
    if ((rc = value__check_length("out_lambda_len", out_lambda_len, L, "n_lambdas")) ||
        (rc = value__check_array(lambdas, L, 1, "lambdas", "n_lambdas")))
        return rc;
    for (size_t l = 0; l < L; l++)
        if (lambdas[l] < 0)
            return value__fail(VALUE_EINVAL, "lambdas[%zu] must be >= 0, got %.17g", l, lambdas[l]);
    if ((rc = value__check_array(costs, n, 1, "costs", "n")) || (rc = value__check_array(effects, n, 1, "effects", "n")))
        return rc;

    curves_scratch w;
    if ((rc = scratch_alloc(&w, J, L)))
        return rc;
    for (size_t s = 0; s < S; s++)
        add_simulation(&w, costs + s * J, effects + s * J, J, lambdas, L);

    /* Check that nothing overflowed before writing anything. */
    for (size_t j = 0; j < J; j++) {
        if (!isfinite(w.sum_dc[j]) || !isfinite(w.sum_de[j])) {
            scratch_free(&w);
            return value__fail(VALUE_ERANGE, "the costs or effects of column %zu relative to column 0 overflow", j);
        }
    }
    for (size_t l = 0; l < L; l++) {
        for (size_t j = 0; j < J; j++) {
            if (!isfinite(w.sum_gain[l]) || !isfinite(mean_incremental(&w, j, lambdas[l], S))) {
                scratch_free(&w);
                return value__fail(VALUE_ERANGE, "net monetary benefit at lambdas[%zu] = %.17g overflows", l,
                                   lambdas[l]);
            }
        }
    }

    for (size_t l = 0; l < L; l++) {
        size_t ceaf = 0;
        for (size_t j = 0; j < J; j++) {
            w.mean_inc[j] = mean_incremental(&w, j, lambdas[l], S);
            if (w.mean_inc[j] > w.mean_inc[ceaf]) /* ties to the lower index, as the CEAC */
                ceaf = j;
        }
        double mean_gain = w.sum_gain[l] / (double)S;
        for (size_t j = 0; j < J; j++) {
            out_ceac[l * J + j] = (double)w.wins[l * J + j] / (double)S;
            /* >= 0 exactly; rounding of the two means can leave -1e-16 */
            out_loss[l * J + j] = fmax(0.0, mean_gain - w.mean_inc[j]);
        }
        out_evpi[l] = out_loss[l * J + ceaf];
        out_ceaf[l] = (int32_t)ceaf;
        out_ceaf_prob[l] = out_ceac[l * J + ceaf];
    }
    scratch_free(&w);
    return VALUE_OK;
}

/* ---- incremental values ----------------------------------------------------- */

int value_psa_incremental(const double *costs, const double *effects, size_t n, size_t n_strategies,
                          size_t comparator, double *out_dcost, double *out_deffect, size_t out_len)
{
    int rc;
    if ((rc = check_shape(costs, "costs", n, n_strategies)) || (rc = value__check_ptr(effects, "effects")) ||
        (rc = value__check_ptr(out_dcost, "out_dcost")) || (rc = value__check_ptr(out_deffect, "out_deffect")) ||
        (rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    const size_t J = n_strategies;
    if (comparator >= J)
        return value__fail(VALUE_EINVAL, "comparator is %zu, not in [0, %zu) (n_strategies)", comparator, J);
    if ((rc = value__check_array(costs, n, 1, "costs", "n")) || (rc = value__check_array(effects, n, 1, "effects", "n")))
        return rc;
    /* a difference of two finite values can still overflow: check them all
     * before writing any */
    for (size_t i = 0; i < n; i++) {
        size_t k = i - i % J + comparator;
        if (!isfinite(costs[i] - costs[k]) || !isfinite(effects[i] - effects[k]))
            return value__fail(VALUE_ERANGE, "the difference of costs[%zu] or effects[%zu] and the comparator's overflows", i,
                                   i);
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = i - i % J + comparator;
        out_dcost[i] = costs[i] - costs[k];
        out_deffect[i] = effects[i] - effects[k];
    }
    return VALUE_OK;
}

/* ---- mean and percentile interval ----------------------------------------- */

static int ascending(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Hyndman and Fan's type 7 on sorted x[0..m-1]: h = (m - 1) q, and linear
 * interpolation between x[floor h] and the next.  The weighted form
 * (1 - g) a + g b, as R's quantile() uses, cannot overflow and is exact
 * when a = b. */
static double quantile_sorted(const double *x, size_t m, double q)
{
    double h = (double)(m - 1) * q;
    size_t lo = (size_t)h; /* h >= 0: truncation is floor */
    if (lo >= m - 1)
        return x[m - 1];
    double g = h - (double)lo, a = x[lo], b = x[lo + 1];
    return a == b ? a : (1.0 - g) * a + g * b;
}

static int check_quantile(double q, const char *name)
{
    int rc = value__check_finite(q, name);
    if (rc)
        return rc;
    if (q < 0 || q > 1)
        return value__fail(VALUE_EINVAL, "%s must be in [0, 1], got %.17g", name, q);
    return VALUE_OK;
}

int value_psa_summary(const double *values, size_t n, size_t n_strategies, double lower_q, double upper_q,
                      double *out_mean, double *out_lower, double *out_upper, size_t out_len)
{
    int rc;
    if ((rc = check_shape(values, "values", n, n_strategies)) || (rc = check_quantile(lower_q, "lower_q")) ||
        (rc = check_quantile(upper_q, "upper_q")))
        return rc;
    if (lower_q > upper_q)
        return value__fail(VALUE_EINVAL, "lower_q (%.17g) must not exceed upper_q (%.17g)", lower_q, upper_q);
    if ((rc = value__check_ptr(out_mean, "out_mean")) || (rc = value__check_ptr(out_lower, "out_lower")) ||
        (rc = value__check_ptr(out_upper, "out_upper")) ||
        (rc = value__check_length("out_len", out_len, n_strategies, "n_strategies")) ||
        (rc = value__check_array(values, n, 1, "values", "n")))
        return rc;
    const size_t J = n_strategies, S = n / J;
    double *column = malloc(S * sizeof *column);
    if (column == NULL)
        return value__fail(VALUE_ENOMEM, "value_psa_summary: out of memory");
    for (size_t j = 0; j < J; j++) {
        /* dividing each value first keeps the sum from overflowing: every
         * partial sum is at most max |x| in magnitude */
        double mean = 0.0;
        for (size_t s = 0; s < S; s++) {
            column[s] = values[s * J + j];
            mean += column[s] / (double)S;
        }
        qsort(column, S, sizeof *column, ascending);
        out_mean[j] = mean;
        out_lower[j] = quantile_sorted(column, S, lower_q);
        out_upper[j] = quantile_sorted(column, S, upper_q);
    }
    free(column);
    return VALUE_OK;
}
