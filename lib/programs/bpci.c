/*
 * BPCI Advanced: target prices, episode reconciliation (on the contract
 * engine's bundle settlement) and winsorization of episode spending.
 * Model-year parameters: lib/programs/data/cms_bpci.txt.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cms.h"
#include "payment/settlement.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int check_positive(double v, const char *name)
{
    return v > 0 && isfinite(v) ? VALUE_OK : value__fail_value(name, v, "must be finite and > 0");
}

static int discount_of(const value__cms_params *p, int model_year, value_bpci_episode_type type, double *out)
{
    const char *key = type == VALUE_BPCI_MEDICAL ? "discount.medical" : "discount.surgical";
    return value__cms_params_scalar(p, model_year, key, out);
}

static int check_type(value_bpci_episode_type type)
{
    if (type == VALUE_BPCI_MEDICAL || type == VALUE_BPCI_SURGICAL)
        return VALUE_OK;
    return value__fail(VALUE_EINVAL, "episode_type is %d, must be VALUE_BPCI_MEDICAL (1) or VALUE_BPCI_SURGICAL (2)",
                       (int)type);
}

int value_bpci_discount(int model_year, value_bpci_episode_type episode_type, double *out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")) || (rc = check_type(episode_type)))
        return rc;
    value__cms_params *p;
    if ((rc = value__cms_params_load_year("bpci", model_year, "model year", &p)) != VALUE_OK)
        return rc;
    double d;
    rc = discount_of(p, model_year, episode_type, &d);
    value__cms_params_free(p);
    if (rc == VALUE_OK)
        *out = d;
    return rc;
}

int value_bpci_target_price(int model_year, value_bpci_episode_type episode_type, double baseline_price, double pcma,
                            double peer_group_trend, double *out_benchmark_price, double *out_target_price)
{
    int rc;
    if ((rc = value__check_ptr(out_benchmark_price, "out_benchmark_price")) ||
        (rc = value__check_ptr(out_target_price, "out_target_price")) || (rc = check_type(episode_type)) ||
        (rc = check_positive(baseline_price, "baseline_price")) || (rc = check_positive(pcma, "pcma")) ||
        (rc = check_positive(peer_group_trend, "peer_group_trend")))
        return rc;
    double d;
    if ((rc = value_bpci_discount(model_year, episode_type, &d)) != VALUE_OK)
        return rc;
    double b = baseline_price * pcma * peer_group_trend;
    if (!isfinite(b))
        return value__fail(VALUE_ERANGE, "the benchmark price overflows (baseline_price %g x pcma %g x "
                                         "peer_group_trend %g)",
                           baseline_price, pcma, peer_group_trend);
    *out_benchmark_price = b;
    *out_target_price = b * (1 - d);
    return VALUE_OK;
}

int value_bpci_winsorize(const double *spending, size_t n, double p_lower, double p_upper, double *out_spending,
                         size_t out_len, double *out_lower, double *out_upper)
{
    int rc;
    /* the lengths agree before any value is read */
    if ((rc = value__check_length("out_len", out_len, n, "n")) ||
        (rc = value__check_array(spending, n, 1, "spending", "n")) ||
        (rc = value__check_ptr(out_spending, "out_spending")) || (rc = value__check_ptr(out_lower, "out_lower")) ||
        (rc = value__check_ptr(out_upper, "out_upper")))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (spending[i] < 0)
            return value__fail_element("spending", i, spending[i], "must be >= 0");
    if (!(p_lower >= 0 && p_lower <= 1))
        return value__fail_value("p_lower", p_lower, "must be in [0, 1]");
    if (!(p_upper >= 0 && p_upper <= 1))
        return value__fail_value("p_upper", p_upper, "must be in [0, 1]");
    if (p_lower > p_upper)
        return value__fail(VALUE_EINVAL, "p_lower (%g) is above p_upper (%g)", p_lower, p_upper);
    double lo, hi;
    if ((rc = value_contract_percentile(spending, n, p_lower, &lo)) ||
        (rc = value_contract_percentile(spending, n, p_upper, &hi)))
        return rc;
    for (size_t i = 0; i < n; i++)
        out_spending[i] = fmin(fmax(spending[i], lo), hi);
    *out_lower = lo;
    *out_upper = hi;
    return VALUE_OK;
}

/* The bundle contract of a model year's terms. */
static int bpci_contract(const value__cms_params *p, int model_year, double target_price, double quality_score,
                         int prospective, value_contract **out)
{
    double stop_loss, stop_gain, a;
    int rc;
    if ((rc = value__cms_params_scalar(p, model_year, "stop_loss", &stop_loss)) ||
        (rc = value__cms_params_scalar(p, model_year, "stop_gain", &stop_gain)) ||
        (rc = value__cms_params_scalar(p, model_year, "cqs_adjustment_max", &a)))
        return rc;
    value_contract *c;
    if ((rc = value_contract_new(VALUE_CONTRACT_BUNDLE, &c)) != VALUE_OK)
        return rc;
    if ((rc = value_contract_set(c, VALUE_CONTRACT_TARGET_PRICE, target_price)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_STOP_LOSS, stop_loss)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_STOP_GAIN, stop_gain)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_QUALITY_ADJUSTMENT, a)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_QUALITY_SCORE, quality_score)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_PROSPECTIVE, prospective ? 1.0 : 0.0))) {
        value_contract_free(c);
        return rc;
    }
    *out = c;
    return VALUE_OK;
}

int value_bpci_reconcile(int model_year, const double *target_price, const double *spending, size_t n,
                         double winsor_lower, double winsor_upper, double quality_score, int prospective,
                         value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")) || (rc = value__check_array(target_price, n, 1, "target_price", "n")) ||
        (rc = value__check_array(spending, n, 1, "spending", "n")))
        return rc;
    value__ksum tsum = {0, 0};
    for (size_t i = 0; i < n; i++) {
        if (!(target_price[i] > 0))
            return value__fail_element("target_price", i, target_price[i], "must be > 0");
        if (!(spending[i] >= 0 && spending[i] <= 1e11))
            return value__fail_element("spending", i, spending[i], "must be in [0, 1e11]");
        value__ksum_add(&tsum, target_price[i]);
    }
    if (!(winsor_lower >= 0 && isfinite(winsor_lower)))
        return value__fail_value("winsor_lower", winsor_lower, "must be finite and >= 0 (0: none)");
    if (!(winsor_upper > winsor_lower && (winsor_upper <= 1e11 || winsor_upper == INFINITY)))
        return value__fail_value("winsor_upper", winsor_upper, "must be above winsor_lower and at most 1e11, or Inf (none)");
    if (!(quality_score >= 0 && quality_score <= 1))
        return value__fail_value("quality_score", quality_score, "must be in [0, 1]");
    if (prospective != 0 && prospective != 1)
        return value__fail(VALUE_EINVAL, "prospective is %d, must be 0 or 1", prospective);
    double total = value__ksum_get(&tsum);
    if (!isfinite(total))
        return value__fail(VALUE_ERANGE, "the total target amount overflows");

    value__cms_params *p;
    if ((rc = value__cms_params_load_year("bpci", model_year, "model year", &p)) != VALUE_OK)
        return rc;
    /* The engine's bundle target is p x N: p is the mean target price. */
    value_contract *c = NULL;
    rc = bpci_contract(p, model_year, total / (double)n, quality_score, prospective, &c);
    value__cms_params_free(p);
    if (rc != VALUE_OK)
        return rc;

    value_ledger *l = NULL;
    int32_t *idx = calloc(n, sizeof *idx);
    double *ones = malloc(n * sizeof *ones);
    if (idx == NULL || ones == NULL) {
        rc = value__fail(VALUE_ENOMEM, "out of memory for %zu episodes", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        ones[i] = 1.0;
    if ((rc = value_ledger_new(1, &l)) || (rc = value_ledger_set_bounds(l, &winsor_lower, &winsor_upper, 1)) ||
        (rc = value_ledger_add(l, idx, spending, ones, ones, n)))
        goto done;
    value_settlement *s = NULL;
    if ((rc = value_contract_settle(c, l, 0, &s)))
        goto done;
    /* Every amount finite (NaN: not applicable; the cap may be +Inf, no
     * cap): a target price so small that (T - E)/T overflows is refused. */
    for (int item = 1; item < VALUE_SETTLEMENT_N_ITEMS && rc == VALUE_OK; item++) {
        double v = 0;
        if (item != VALUE_SETTLEMENT_CAP && value_settlement_get(s, (value_settlement_item)item, &v) == VALUE_OK &&
            isinf(v)) {
            char t[32];
            value__format_double(total / (double)n, t, sizeof t);
            rc = value__fail(VALUE_ERANGE, "the settlement's %s overflows (mean target price %s)",
                             value__settlement_item_name(item), t);
        }
    }
    if (rc) {
        value_settlement_free(s);
        goto done;
    }
    *out = s;
done:
    value_ledger_free(l);
    value_contract_free(c);
    free(idx);
    free(ones);
    return rc;
}
