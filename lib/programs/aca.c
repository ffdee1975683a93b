/*
 * ACA risk corridors (42 U.S.C. 18062; 45 CFR 153.510), benefit years
 * 2014-2016, on the contract engine's risk corridor.  Parameters:
 * lib/programs/data/cms_aca.txt.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cms.h"

#include <math.h>
#include <stdlib.h>

/* The corridor contract of a benefit year. */
static int aca_contract(int benefit_year, value_contract **out)
{
    value__cms_params *p;
    int rc = value__cms_params_load_year("aca", benefit_year, "benefit year", &p);
    if (rc != VALUE_OK)
        return rc;
    const double *thr, *share;
    size_t n_thr, n_share;
    value_contract *c = NULL;
    if ((rc = value__cms_params_get(p, benefit_year, "corridor.threshold", &thr, &n_thr)) ||
        (rc = value__cms_params_get(p, benefit_year, "corridor.share", &share, &n_share)))
        goto done;
    if (n_thr != n_share) {
        rc = value__fail(VALUE_EPARSE, "aca: corridor.threshold has %zu values but corridor.share %zu for %d", n_thr,
                         n_share, benefit_year);
        goto done;
    }
    if ((rc = value_contract_new(VALUE_CONTRACT_RISK_CORRIDOR, &c)) ||
        (rc = value_contract_set_corridor(c, thr, share, n_thr)))
        goto done;
    *out = c;
    c = NULL;
done:
    value_contract_free(c);
    value__cms_params_free(p);
    return rc;
}

static int check_plan(double target, double costs, const char *tname, const char *cname, size_t i, int vector)
{
    if (!(target > 0 && isfinite(target)))
        return vector ? value__fail_element(tname, i, target, "must be finite and > 0")
                      : value__fail_value(tname, target, "must be finite and > 0");
    if (!(costs >= 0 && isfinite(costs)))
        return vector ? value__fail_element(cname, i, costs, "must be finite and >= 0")
                      : value__fail_value(cname, costs, "must be finite and >= 0");
    return VALUE_OK;
}

/* Settle one plan: the target is the engine's benchmark (per capita x one
 * person-year of 12 member-months), the allowable costs its expenditure. */
/* The settlement of one plan; VALUE_ERANGE naming the target when its
 * payment is not finite (a target so small that costs / target
 * overflows: target 5e-324 and costs 1e-8 gave a payment of Inf). */
static int settle_plan(value_contract *c, double target, double costs, value_settlement **out)
{
    int rc = value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, target);
    if (rc != VALUE_OK)
        return rc;
    value_settlement *s;
    if ((rc = value_contract_settle_totals(c, 1, 12, 1, costs, &s)) != VALUE_OK)
        return rc;
    double pay = NAN;
    if ((rc = value_settlement_get(s, VALUE_SETTLEMENT_FINAL_PAYMENT, &pay)) == VALUE_OK && !isfinite(pay)) {
        char t[32], a[32];
        value__format_double(target, t, sizeof t);
        value__format_double(costs, a, sizeof a);
        rc = value__fail(VALUE_ERANGE, "the risk corridor payment overflows (target %s, allowable costs %s)", t, a);
    }
    if (rc != VALUE_OK) {
        value_settlement_free(s);
        return rc;
    }
    *out = s;
    return VALUE_OK;
}

int value_aca_risk_corridor(int benefit_year, const double *target, const double *allowable_costs, size_t n,
                            double *out_payment, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(target, "target")) || (rc = value__check_ptr(allowable_costs, "allowable_costs")) ||
        (rc = value__check_ptr(out_payment, "out_payment")))
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = check_plan(target[i], allowable_costs[i], "target", "allowable_costs", i, 1)))
            return rc;
    value_contract *c;
    if ((rc = aca_contract(benefit_year, &c)) != VALUE_OK)
        return rc;
    double *pay = malloc(n * sizeof *pay);
    if (pay == NULL) {
        value_contract_free(c);
        return value__fail(VALUE_ENOMEM, "out of memory for %zu plans", n);
    }
    for (size_t i = 0; i < n && rc == VALUE_OK; i++) {
        value_settlement *s;
        if ((rc = settle_plan(c, target[i], allowable_costs[i], &s)) != VALUE_OK)
            break;
        rc = value_settlement_get(s, VALUE_SETTLEMENT_FINAL_PAYMENT, &pay[i]);
        value_settlement_free(s);
    }
    if (rc == VALUE_OK)
        for (size_t i = 0; i < n; i++)
            out_payment[i] = pay[i];
    free(pay);
    value_contract_free(c);
    return rc;
}

int value_aca_risk_corridor_settle(int benefit_year, double target, double allowable_costs, value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")) ||
        (rc = check_plan(target, allowable_costs, "target", "allowable_costs", 0, 0)))
        return rc;
    value_contract *c;
    if ((rc = aca_contract(benefit_year, &c)) != VALUE_OK)
        return rc;
    rc = settle_plan(c, target, allowable_costs, out);
    value_contract_free(c);
    return rc;
}
