/*
 * Incentive analysis: the provider's margin of each care action under
 * fee-for-service, capitation, a bundle and shared savings, with an
 * optional outlier carve-out, and the action a clinician with utility
 * U = alpha B + beta H prefers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method notes (where value.h leaves a choice open):
 *
 * - Margins are marginal: each input is the action's change against doing
 *   nothing, so a row of zeros is "do nothing" and its margin is the
 *   model's fixed payment (capitation payment, bundle price) or 0.
 *
 * - The carve-out acts on what the action costs whoever bears it under
 *   the contract: the provider's cost under capitation and a bundle
 *   (o = c max(0, cost - T) is paid back by the outlier fund), the
 *   payer's fee-for-service payment under shared savings (that part is
 *   left out of the spending compared with the benchmark, as a stop-loss
 *   truncation does).  Fee-for-service margins do not depend on it.
 *   Later spending is a change against doing nothing, not a claim, so it
 *   is never carved out.
 *
 * - Overflow.  The carved-out part never exceeds what it is carved from,
 *   so cost - o and revenue - carved are computed first and cannot
 *   overflow.  The shared-savings bonus r max(0, A - s) is formed as
 *   max(0, r A - r (revenue - carved) - r later): the same number in exact
 *   arithmetic, without the spurious Inf (and the NaN of 0 x Inf) that
 *   A - s could give for huge inputs.  A margin, utility or health
 *   forgone that still overflows is VALUE_ERANGE.
 *
 * - Ranking sorts (U, input position) with qsort: descending U, ties in
 *   input order (-0 and +0 tie).
 *
 * Every function checks all of its input, and computes every result,
 * before writing any output; outputs may alias inputs.
 */
#include "core/internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static int is_model(value_incentive_model model)
{
    return model == VALUE_INCENTIVE_FFS || model == VALUE_INCENTIVE_CAPITATION || model == VALUE_INCENTIVE_BUNDLE ||
           model == VALUE_INCENTIVE_SHARED_SAVINGS;
}

/* The scalar arguments shared by both functions. */
static int check_contract(size_t n, value_incentive_model model, double amount, double rate,
                          double outlier_threshold, double outlier_share, size_t out_len)
{
    int rc;
    if (n < 1)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    if (!is_model(model))
        return value__fail(VALUE_EINVAL, "model is %d, not a value_incentive_model (1 to 4)", (int)model);
    if (model == VALUE_INCENTIVE_CAPITATION && !(isfinite(amount) && amount >= 0))
        return value__fail_value("amount (the capitation payment)", amount, "not finite and >= 0");
    if (model == VALUE_INCENTIVE_BUNDLE && !(isfinite(amount) && amount >= 0))
        return value__fail_value("amount (the bundle's target price)", amount, "not finite and >= 0");
    if (!isfinite(amount))
        return value__fail_value("amount", amount, "not finite");
    if (!(rate >= 0 && rate <= 1))
        return value__fail_value("rate", rate, "not in [0, 1]");
    if (!(outlier_threshold >= 0))
        return value__fail_value("outlier_threshold", outlier_threshold, "not >= 0 (+Inf for no carve-out)");
    if (!(outlier_share >= 0 && outlier_share <= 1))
        return value__fail_value("outlier_share", outlier_share, "not in [0, 1]");
    return VALUE_OK;
}

/* The columns of one action. */
static int check_action(const double *cost, const double *revenue, const double *health,
                        const double *later_spending, size_t i)
{
    if (!(isfinite(cost[i]) && cost[i] >= 0))
        return value__fail_element("cost", i, cost[i], "not finite and >= 0");
    if (!(isfinite(revenue[i]) && revenue[i] >= 0))
        return value__fail_element("revenue", i, revenue[i], "not finite and >= 0");
    if (health != NULL && !isfinite(health[i]))
        return value__fail_element("health", i, health[i], "not finite");
    if (!isfinite(later_spending[i]))
        return value__fail_element("later_spending", i, later_spending[i], "not finite");
    return VALUE_OK;
}

/* The part of x carved out: share x max(0, x - threshold), never above x. */
static double carved(double x, double threshold, double share)
{
    return share * fmax(0.0, x - threshold);
}

/* The margin of one action with valid inputs; may be +-Inf on overflow. */
static double margin(double cost, double revenue, double later, value_incentive_model model, double amount,
                     double rate, double threshold, double share)
{
    switch (model) {
    case VALUE_INCENTIVE_CAPITATION:
        return amount - (cost - carved(cost, threshold, share)) - later;
    case VALUE_INCENTIVE_BUNDLE:
        return amount - (cost - carved(cost, threshold, share)) - rate * later;
    case VALUE_INCENTIVE_SHARED_SAVINGS: {
        double counted = revenue - carved(revenue, threshold, share);
        double bonus = fmax(0.0, rate * amount - rate * counted - rate * later);
        return (revenue - cost) + bonus;
    }
    case VALUE_INCENTIVE_FFS:
    default:
        return revenue - cost;
    }
}

static int fail_overflow(const char *what, size_t i)
{
    return value__fail(VALUE_ERANGE, "the %s of the action at cost[%zu] overflows", what, i);
}

int value_incentive_margins(const double *cost, const double *revenue, const double *later_spending, size_t n,
                            value_incentive_model model, double amount, double rate, double outlier_threshold,
                            double outlier_share, double *out_margin, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(cost, "cost")) || (rc = value__check_ptr(revenue, "revenue")) ||
        (rc = value__check_ptr(later_spending, "later_spending")) ||
        (rc = value__check_ptr(out_margin, "out_margin")))
        return rc;
    if ((rc = check_contract(n, model, amount, rate, outlier_threshold, outlier_share, out_len)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if ((rc = check_action(cost, revenue, NULL, later_spending, i)))
            return rc;
        if (!isfinite(margin(cost[i], revenue[i], later_spending[i], model, amount, rate, outlier_threshold,
                             outlier_share)))
            return fail_overflow("margin", i);
    }
    /* Action i's inputs are read before out_margin[i] is written, so
     * out_margin may alias any input. */
    for (size_t i = 0; i < n; i++)
        out_margin[i] =
            margin(cost[i], revenue[i], later_spending[i], model, amount, rate, outlier_threshold, outlier_share);
    return VALUE_OK;
}

typedef struct ranked {
    double u, m;
    size_t i;
} ranked;

/* Descending utility, ties in input order. */
static int cmp_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->u > b->u)
        return -1;
    if (a->u < b->u)
        return 1;
    return (a->i > b->i) - (a->i < b->i);
}

int value_incentive_choice(const double *cost, const double *revenue, const double *health,
                           const double *later_spending, size_t n, value_incentive_model model, double amount,
                           double rate, double outlier_threshold, double outlier_share, double alpha, double beta,
                           double *out_margin, double *out_utility, int32_t *out_rank, size_t out_len,
                           int32_t *out_best, double *out_health_forgone)
{
    int rc;
    if ((rc = value__check_ptr(cost, "cost")) || (rc = value__check_ptr(revenue, "revenue")) ||
        (rc = value__check_ptr(health, "health")) || (rc = value__check_ptr(later_spending, "later_spending")) ||
        (rc = value__check_ptr(out_margin, "out_margin")) || (rc = value__check_ptr(out_utility, "out_utility")) ||
        (rc = value__check_ptr(out_rank, "out_rank")) || (rc = value__check_ptr(out_best, "out_best")) ||
        (rc = value__check_ptr(out_health_forgone, "out_health_forgone")))
        return rc;
    if ((rc = check_contract(n, model, amount, rate, outlier_threshold, outlier_share, out_len)))
        return rc;
    if (n > (size_t)INT32_MAX + 1 || n > SIZE_MAX / sizeof(ranked))
        return value__fail(VALUE_EINVAL, "n is %zu, more actions than int32_t ranks can number", n);
    if (!(isfinite(alpha) && alpha >= 0))
        return value__fail_value("alpha", alpha, "not finite and >= 0");
    if (!(isfinite(beta) && beta >= 0))
        return value__fail_value("beta", beta, "not finite and >= 0");
    if (alpha == 0 && beta == 0)
        return value__fail(VALUE_EINVAL, "alpha and beta are both 0: the clinician must weigh margin or health");
    for (size_t i = 0; i < n; i++)
        if ((rc = check_action(cost, revenue, health, later_spending, i)))
            return rc;

    ranked *r = malloc(n * sizeof *r);
    if (r == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory ranking %zu actions", n);
    double hmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double m = margin(cost[i], revenue[i], later_spending[i], model, amount, rate, outlier_threshold,
                          outlier_share);
        if (!isfinite(m)) {
            free(r);
            return fail_overflow("margin", i);
        }
        double u = alpha * m + beta * health[i];
        if (!isfinite(u)) {
            free(r);
            return fail_overflow("utility", i);
        }
        r[i].u = u;
        r[i].m = m;
        r[i].i = i;
        if (health[i] > hmax)
            hmax = health[i];
    }
    qsort(r, n, sizeof *r, cmp_ranked);
    size_t best = r[0].i;
    double forgone = hmax - health[best];
    if (!isfinite(forgone)) {
        free(r);
        return value__fail(VALUE_ERANGE, "the health forgone by choosing the action at cost[%zu] overflows", best);
    }
    /* Everything is read from the inputs; now write (outputs may alias
     * the inputs). */
    for (size_t k = 0; k < n; k++) {
        size_t i = r[k].i;
        out_margin[i] = r[k].m;
        out_utility[i] = r[k].u;
        out_rank[i] = (int32_t)k;
    }
    *out_best = (int32_t)best;
    *out_health_forgone = forgone;
    free(r);
    return VALUE_OK;
}
