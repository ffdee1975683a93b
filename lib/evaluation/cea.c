/*
 * Cost-effectiveness: incremental analysis, net benefit and value ratios.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The incremental analysis sorts the strategies by cost once; strong
 * dominance is then a running maximum of effect, and iterated extended
 * dominance is the upper-left convex hull of the (cost, effect) points,
 * built with a stack.  Both are O(n log n).
 */
#include "core/internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* One strategy during the incremental analysis. */
typedef struct strategy {
    double cost, effect;
    size_t index;       /* position in the caller's arrays */
    int32_t status;     /* value_cea_status */
    int32_t comparator; /* caller's index of the previous frontier strategy, or -1 */
    double icer;        /* against the comparator, or NaN */
} strategy;

/* The result of an incremental analysis: the strategies sorted by cost,
 * and the positions (in that order) of the frontier strategies. */
typedef struct analysis {
    strategy *s;
    size_t *frontier;
    size_t n_frontier;
} analysis;

static void analysis_free(analysis *a)
{
    free(a->s);
    free(a->frontier);
}

/* Cost ascending, then effect descending, then input order: a strategy is
 * then strongly dominated exactly when an earlier one is at least as
 * effective, and of identical strategies the first in input order comes
 * first. */
static int by_cost(const void *pa, const void *pb)
{
    const strategy *a = pa, *b = pb;
    if (a->cost != b->cost)
        return a->cost < b->cost ? -1 : 1;
    if (a->effect != b->effect)
        return a->effect > b->effect ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

static double icer_between(const strategy *from, const strategy *to)
{
    return (to->cost - from->cost) / (to->effect - from->effect);
}

/* Net monetary and net health benefit at lambda. */
static double nmb(double lambda, double effect, double cost)
{
    return lambda * effect - cost;
}

static double nhb(double lambda, double effect, double cost)
{
    return effect - cost / lambda;
}

/* Checks shared by every function taking (cost, effect, n). */
static int check_strategies(const double *cost, const double *effect, size_t n)
{
    int rc;
    if ((rc = value__check_array(cost, n, 1, "cost", "n")) || (rc = value__check_array(effect, n, 1, "effect", "n")))
        return rc;
    /* outputs name strategies by int32_t index */
    if (n > INT32_MAX)
        return value__fail(VALUE_EINVAL, "n must be at most %ld, got %zu", (long)INT32_MAX, n);
    return VALUE_OK;
}

static int check_lambda(double lambda, int allow_zero)
{
    int rc = value__check_finite(lambda, "lambda");
    if (rc)
        return rc;
    if (allow_zero ? lambda < 0 : lambda <= 0)
        return value__fail(VALUE_EINVAL, "lambda must be %s, got %.17g", allow_zero ? ">= 0" : "> 0", lambda);
    return VALUE_OK;
}

/* Incremental analysis of valid inputs.  On success the caller releases
 * *a with analysis_free(); on failure nothing is allocated. */
static int analyse(const double *cost, const double *effect, size_t n, analysis *a)
{
    int rc;
    a->s = NULL;
    a->frontier = NULL;
    a->n_frontier = 0;
    if (n > SIZE_MAX / sizeof *a->s || (a->s = malloc(n * sizeof *a->s)) == NULL ||
        (a->frontier = malloc(n * sizeof *a->frontier)) == NULL) {
        analysis_free(a);
        return value__fail(VALUE_ENOMEM, "cost-effectiveness analysis of %zu strategies: out of memory", n);
    }
    strategy *s = a->s;
    for (size_t i = 0; i < n; i++)
        s[i] = (strategy){cost[i], effect[i], i, VALUE_CEA_ND, -1, NAN};
    qsort(s, n, sizeof *s, by_cost);

    /* Strong dominance: sorted as above, a strategy that is no more
     * effective than some cheaper (or equally costly, earlier) one is D. */
    double best_effect = s[0].effect;
    for (size_t k = 1; k < n; k++) {
        if (s[k].effect <= best_effect)
            s[k].status = VALUE_CEA_D;
        else
            best_effect = s[k].effect;
    }

    /* Extended dominance: the remaining strategies have strictly increasing
     * cost and effect.  Keep a stack of the frontier so far; a new strategy
     * whose ICER against the top is lower than the top's own ICER makes the
     * top ED, which may expose the next one down (iterated ED).  Equal
     * ICERs (collinear strategies) stay. */
    size_t *f = a->frontier, h = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k].status == VALUE_CEA_D)
            continue;
        while (h >= 2 && icer_between(&s[f[h - 2]], &s[f[h - 1]]) > icer_between(&s[f[h - 1]], &s[k])) {
            s[f[h - 1]].status = VALUE_CEA_ED;
            h--;
        }
        f[h++] = k;
    }
    a->n_frontier = h;

    for (size_t k = 1; k < h; k++) {
        strategy *prev = &s[f[k - 1]], *cur = &s[f[k]];
        cur->comparator = (int32_t)prev->index;
        cur->icer = icer_between(prev, cur);
        /* only possible for costs near DBL_MAX or effects a few ulps apart */
        if (!isfinite(cur->icer)) {
            rc = value__fail(VALUE_ERANGE, "the ICER of cost[%zu], effect[%zu] against cost[%zu], effect[%zu] overflows",
                             cur->index, cur->index, prev->index, prev->index);
            analysis_free(a);
            return rc;
        }
    }
    return VALUE_OK;
}

int value_cea_frontier(const double *cost, const double *effect, size_t n, int32_t *out_status,
                       int32_t *out_comparator, double *out_icer, size_t out_len)
{
    int rc;
    /* the lengths agree before any value is read */
    if ((rc = value__check_length("out_len", out_len, n, "n")) || (rc = check_strategies(cost, effect, n)) ||
        (rc = value__check_ptr(out_status, "out_status")) || (rc = value__check_ptr(out_comparator, "out_comparator")) ||
        (rc = value__check_ptr(out_icer, "out_icer")))
        return rc;
    analysis a;
    if ((rc = analyse(cost, effect, n, &a)))
        return rc;
    for (size_t k = 0; k < n; k++) {
        const strategy *s = &a.s[k];
        out_status[s->index] = s->status;
        out_comparator[s->index] = s->comparator;
        out_icer[s->index] = s->icer;
    }
    analysis_free(&a);
    return VALUE_OK;
}

int value_cea_wtp_ranges(const double *cost, const double *effect, size_t n, double *out_lower, double *out_upper,
                         size_t out_len)
{
    int rc;
    if ((rc = value__check_length("out_len", out_len, n, "n")) || (rc = check_strategies(cost, effect, n)) ||
        (rc = value__check_ptr(out_lower, "out_lower")) || (rc = value__check_ptr(out_upper, "out_upper")))
        return rc;
    analysis a;
    if ((rc = analyse(cost, effect, n, &a)))
        return rc;
    for (size_t i = 0; i < n; i++)
        out_lower[i] = out_upper[i] = NAN;
    /* frontier strategy k is optimal from its ICER to the next one's */
    for (size_t k = 0; k < a.n_frontier; k++) {
        size_t i = a.s[a.frontier[k]].index;
        out_lower[i] = k == 0 ? 0.0 : a.s[a.frontier[k]].icer;
        out_upper[i] = k + 1 < a.n_frontier ? a.s[a.frontier[k + 1]].icer : INFINITY;
    }
    analysis_free(&a);
    return VALUE_OK;
}

int value_cea_net_benefit(const double *cost, const double *effect, size_t n, double lambda, double *out_nmb,
                          double *out_nhb, size_t out_len)
{
    int rc;
    if ((rc = value__check_length("out_len", out_len, n, "n")) || (rc = check_strategies(cost, effect, n)) ||
        (rc = check_lambda(lambda, 0)) || (rc = value__check_ptr(out_nmb, "out_nmb")) ||
        (rc = value__check_ptr(out_nhb, "out_nhb")))
        return rc;
    /* check every result before writing any, so a failure writes nothing */
    for (size_t i = 0; i < n; i++)
        if (!isfinite(nmb(lambda, effect[i], cost[i])) || !isfinite(nhb(lambda, effect[i], cost[i])))
            return value__fail(VALUE_ERANGE, "net benefit of cost[%zu], effect[%zu] at lambda = %.17g overflows", i, i,
                                   lambda);
    for (size_t i = 0; i < n; i++) {
        out_nmb[i] = nmb(lambda, effect[i], cost[i]);
        out_nhb[i] = nhb(lambda, effect[i], cost[i]);
    }
    return VALUE_OK;
}

int value_cea_optimal(const double *cost, const double *effect, size_t n, double lambda, int32_t *out)
{
    int rc;
    if ((rc = check_strategies(cost, effect, n)) || (rc = check_lambda(lambda, 1)) ||
        (rc = value__check_ptr(out, "out")))
        return rc;
    size_t best = 0;
    double best_nmb = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v = nmb(lambda, effect[i], cost[i]);
        if (!isfinite(v))
            return value__fail(VALUE_ERANGE, "net monetary benefit of cost[%zu], effect[%zu] at lambda = %.17g overflows",
                               i, i, lambda);
        /* strict comparisons: an exact tie keeps the earlier index */
        if (v > best_nmb || (v == best_nmb && cost[i] < cost[best])) {
            best = i;
            best_nmb = v;
        }
    }
    *out = (int32_t)best;
    return VALUE_OK;
}

int value_cea_value_ratio(const double *outcome, const double *cost, size_t n, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_length("out_len", out_len, n, "n")) ||
        (rc = value__check_array(outcome, n, 1, "outcome", "n")) || (rc = value__check_array(cost, n, 1, "cost", "n")) ||
        (rc = value__check_ptr(out, "out")))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (cost[i] <= 0)
            return value__fail(VALUE_EINVAL, "cost[%zu] must be > 0, got %.17g", i, cost[i]);
        /* a cost below 1 can push the ratio past DBL_MAX */
        if (!isfinite(outcome[i] / cost[i]))
            return value__fail(VALUE_ERANGE, "outcome[%zu] / cost[%zu] overflows", i, i);
    }
    for (size_t i = 0; i < n; i++)
        out[i] = outcome[i] / cost[i];
    return VALUE_OK;
}
