/*
 * Payment contracts: the terms (kind, parameters and tables) and the
 * percentile helper.  The settlement engines are contract_settle.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "contract.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum range { R_NONE, R_FRAC, R_FRAC_OPEN, R_NONNEG, R_NONNEG_INF, R_FLAG, R_TREND, R_POS, R_PEN };

/* The kinds a parameter applies to (bit k: value_contract_kind k), as
 * the settlement engines of contract_settle.c read them. */
#define K_FFS (1u << VALUE_CONTRACT_FFS)
#define K_CAP (1u << VALUE_CONTRACT_CAPITATION)
#define K_BUN (1u << VALUE_CONTRACT_BUNDLE)
#define K_SS (1u << VALUE_CONTRACT_SHARED_SAVINGS)
#define K_SR (1u << VALUE_CONTRACT_SHARED_RISK)
#define K_P4P (1u << VALUE_CONTRACT_P4P)
#define K_COR (1u << VALUE_CONTRACT_RISK_CORRIDOR)
#define K_SHARED (K_SS | K_SR)
#define K_BENCH (K_SS | K_SR | K_COR)                /* the benchmark B */
#define K_TOTALS (K_CAP | K_BUN | K_SHARED | K_P4P | K_COR) /* settled on records (E) */
#define K_ALL (K_FFS | K_TOTALS)

typedef struct param_info {
    const char *name;
    enum range range;
    double dflt;
    unsigned kinds;
} param_info;

static const char *const KIND_NAMES[] = {NULL, "ffs", "capitation", "bundle", "shared_savings", "shared_risk", "p4p",
                                         "risk_corridor"};

static const param_info PARAMS[VALUE__CONTRACT_N_PARAMS] = {
    [VALUE_CONTRACT_BENCHMARK_PER_CAPITA] = {"benchmark_per_capita", R_NONNEG, 0, K_BENCH},
    [VALUE_CONTRACT_TREND] = {"trend", R_TREND, 0, K_BENCH},
    [VALUE_CONTRACT_RISK_ADJUST] = {"risk_adjust", R_FLAG, 0, K_BENCH | K_BUN | K_CAP},
    [VALUE_CONTRACT_REFERENCE_RISK] = {"reference_risk", R_POS, 1, K_BENCH | K_BUN | K_CAP},
    [VALUE_CONTRACT_RISK_RATIO_MIN] = {"risk_ratio_min", R_NONNEG, 0, K_BENCH},
    [VALUE_CONTRACT_RISK_RATIO_MAX] = {"risk_ratio_max", R_NONNEG_INF, INFINITY, K_BENCH},
    [VALUE_CONTRACT_MSR] = {"msr", R_FRAC_OPEN, 0, K_SHARED},
    [VALUE_CONTRACT_MLR] = {"mlr", R_FRAC_OPEN, 0, K_SR},
    [VALUE_CONTRACT_MLR_FROM_MSR] = {"mlr_from_msr", R_FLAG, 0, K_SR},
    [VALUE_CONTRACT_MSR_TABLE_STEPWISE] = {"msr_table_stepwise", R_FLAG, 0, K_SHARED},
    [VALUE_CONTRACT_FIRST_DOLLAR] = {"first_dollar", R_FLAG, 1, K_SHARED},
    [VALUE_CONTRACT_SHARING_RATE] = {"sharing_rate", R_FRAC, 0.5, K_SHARED},
    [VALUE_CONTRACT_QUALITY_SCORE] = {"quality_score", R_FRAC, 1, K_SHARED | K_BUN | K_CAP | K_P4P},
    [VALUE_CONTRACT_SAVINGS_CAP] = {"savings_cap", R_NONNEG_INF, INFINITY, K_SHARED},
    [VALUE_CONTRACT_SAVINGS_CAP_REVENUE] = {"savings_cap_revenue", R_NONNEG_INF, INFINITY, K_SHARED},
    [VALUE_CONTRACT_LOSS_CAP] = {"loss_cap", R_NONNEG_INF, INFINITY, K_SR},
    [VALUE_CONTRACT_LOSS_CAP_REVENUE] = {"loss_cap_revenue", R_NONNEG_INF, INFINITY, K_SR},
    [VALUE_CONTRACT_REVENUE] = {"revenue", R_NONNEG, 0, K_SHARED},
    [VALUE_CONTRACT_LOSS_SHARING_RATE] = {"loss_sharing_rate", R_FRAC, 0.5, K_SR},
    [VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY] = {"loss_rate_from_quality", R_FLAG, 0, K_SR},
    [VALUE_CONTRACT_LOSS_RATE_FLOOR] = {"loss_rate_floor", R_FRAC, 0, K_SR},
    [VALUE_CONTRACT_LOSS_RATE_CEILING] = {"loss_rate_ceiling", R_FRAC, 1, K_SR},
    [VALUE_CONTRACT_PAYMENT_REDUCTION] = {"payment_reduction", R_FRAC_OPEN, 0, K_ALL},
    [VALUE_CONTRACT_PMPM] = {"pmpm", R_NONNEG, 0, K_CAP},
    [VALUE_CONTRACT_WITHHOLD] = {"withhold", R_FRAC, 0, K_CAP},
    [VALUE_CONTRACT_TARGET_PRICE] = {"target_price", R_NONNEG, 0, K_BUN},
    [VALUE_CONTRACT_STOP_LOSS] = {"stop_loss", R_NONNEG_INF, INFINITY, K_BUN},
    [VALUE_CONTRACT_STOP_GAIN] = {"stop_gain", R_NONNEG_INF, INFINITY, K_BUN},
    [VALUE_CONTRACT_QUALITY_ADJUSTMENT] = {"quality_adjustment", R_FRAC, 0, K_BUN},
    [VALUE_CONTRACT_PROSPECTIVE] = {"prospective", R_FLAG, 0, K_BUN},
    [VALUE_CONTRACT_P4P_MAX_BONUS] = {"p4p_max_bonus", R_FRAC, 0, K_P4P},
    [VALUE_CONTRACT_P4P_MAX_PENALTY] = {"p4p_max_penalty", R_FRAC, 0, K_P4P},
    [VALUE_CONTRACT_P4P_SCORE_LOW] = {"p4p_score_low", R_FRAC, 0, K_P4P},
    [VALUE_CONTRACT_P4P_SCORE_HIGH] = {"p4p_score_high", R_FRAC, 1, K_P4P},
    [VALUE_CONTRACT_P4P_TIERED] = {"p4p_tiered", R_FLAG, 0, K_P4P},
    [VALUE_CONTRACT_BASE_PAYMENT] = {"base_payment", R_NONNEG, 0, K_P4P},
    [VALUE_CONTRACT_STOPLOSS_SHARE] = {"stoploss_share", R_FRAC, 1, K_TOTALS},
    [VALUE_CONTRACT_EXCLUDE_UNKNOWN] = {"exclude_unknown", R_FLAG, 0, K_FFS},
    [VALUE_CONTRACT_LOSS_FORGIVEN] = {"loss_forgiven", R_FRAC, 0, K_SR},
    [VALUE_CONTRACT_MSR_TABLE_BELOW] = {"msr_table_below", R_NONNEG, 0, K_SHARED},
    [VALUE_CONTRACT_PERIOD_SHARE] = {"period_share", R_FRAC, 1, K_SHARED},
};

/* ---- the handle ------------------------------------------------------------------- */

int value_contract_new(value_contract_kind kind, value_contract **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (!((int)kind >= VALUE_CONTRACT_FFS && (int)kind <= VALUE_CONTRACT_RISK_CORRIDOR))
        return value__fail(VALUE_EINVAL, "kind must be a value_contract_kind (1 to 7), got %d", (int)kind);
    value_contract *c = calloc(1, sizeof *c);
    if (c == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for a contract");
    c->kind = kind;
    for (int k = 1; k < VALUE__CONTRACT_N_PARAMS; k++)
        c->p[k] = PARAMS[k].dflt;
    *out = c;
    return VALUE_OK;
}

static void table_free(value__contract_table *t)
{
    free(t->x);
    free(t->y);
    t->x = t->y = NULL;
    t->n = 0;
}

/* Free the fee schedule and take (code, price) of n codes in its place. */
static void fees_replace(value_contract *c, int32_t *code, double *price, size_t n)
{
    free(c->fee_code);
    free(c->fee_price);
    c->fee_code = code;
    c->fee_price = price;
    c->n_fees = n;
}

void value_contract_free(value_contract *c)
{
    if (c == NULL)
        return;
    table_free(&c->msr);
    table_free(&c->tiers);
    table_free(&c->corridor);
    fees_replace(c, NULL, NULL, 0);
    free(c);
}

int value_contract_kind_of(const value_contract *c, int32_t *out)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out, "out")))
        return rc;
    *out = (int32_t)c->kind;
    return VALUE_OK;
}

static int check_param(value_contract_param param)
{
    if (!((int)param >= 1 && (int)param < VALUE__CONTRACT_N_PARAMS))
        return value__fail(VALUE_EINVAL, "param must be a value_contract_param (1 to %d), got %d",
                           VALUE__CONTRACT_N_PARAMS - 1, (int)param);
    return VALUE_OK;
}

int value_contract_set(value_contract *c, value_contract_param param, double v)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = check_param(param)))
        return rc;
    const param_info *pi = &PARAMS[param];
    bool ok = false;
    const char *want = "";
    switch (pi->range) {
    case R_FRAC:
        ok = v >= 0 && v <= 1;
        want = "must be in [0, 1]";
        break;
    case R_FRAC_OPEN:
        ok = v >= 0 && v < 1;
        want = "must be in [0, 1)";
        break;
    case R_NONNEG:
        ok = v >= 0 && isfinite(v);
        want = "must be finite and >= 0";
        break;
    case R_NONNEG_INF:
        ok = v >= 0;
        want = "must be >= 0 (or Inf: no cap)";
        break;
    case R_FLAG:
        ok = v == 0 || v == 1;
        want = "must be 0 or 1";
        break;
    case R_TREND:
        ok = v > -1 && isfinite(v);
        want = "must be finite and > -1";
        break;
    case R_POS:
        ok = v > 0 && isfinite(v);
        want = "must be finite and > 0";
        break;
    default:
        break;
    }
    if (!ok)
        return value__fail_value(pi->name, v, want);
    if (!(pi->kinds & (1u << c->kind))) {
        /* a term the kind's settlement never reads: a mistake, not a no-op */
        char where[160] = "";
        size_t len = 0;
        for (int k = VALUE_CONTRACT_FFS; k <= VALUE_CONTRACT_RISK_CORRIDOR; k++)
            if (pi->kinds & (1u << k))
                len += (size_t)snprintf(where + len, sizeof where - len, "%s%s", len ? ", " : "", KIND_NAMES[k]);
        return value__fail(VALUE_EINVAL, "%s does not apply to a contract of kind %s (it applies to %s)", pi->name,
                           KIND_NAMES[c->kind], where);
    }
    c->p[param] = v;
    return VALUE_OK;
}

int value_contract_get(const value_contract *c, value_contract_param param, double *out)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = check_param(param)) || (rc = value__check_ptr(out, "out")))
        return rc;
    *out = c->p[param];
    return VALUE_OK;
}

/* ---- tables ----------------------------------------------------------------------- */

/* Copy (x, y) into a new table, replacing *t, or empty it when n = 0. */
static int table_replace(value__contract_table *t, const double *x, const double *y, size_t n, const char *what)
{
    if (n == 0) {
        table_free(t);
        return VALUE_OK;
    }
    double *nx = malloc(n * sizeof *nx), *ny = malloc(n * sizeof *ny);
    if (nx == NULL || ny == NULL) {
        free(nx);
        free(ny);
        return value__fail(VALUE_ENOMEM, "out of memory for a %s of %zu rows", what, n);
    }
    memcpy(nx, x, n * sizeof *nx);
    memcpy(ny, y, n * sizeof *ny);
    table_free(t);
    t->x = nx;
    t->y = ny;
    t->n = n;
    return VALUE_OK;
}

int value_contract_set_msr_table(value_contract *c, const double *beneficiaries, const double *msr, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(beneficiaries, "beneficiaries")) ||
        (rc = value__check_ptr(msr, "msr")))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!(beneficiaries[i] >= 0 && isfinite(beneficiaries[i])))
            return value__fail_element("beneficiaries", i, beneficiaries[i], "must be finite and >= 0");
        if (i > 0 && !(beneficiaries[i] > beneficiaries[i - 1]))
            return value__fail_element("beneficiaries", i, beneficiaries[i], "must be greater than the previous one");
        if (!(msr[i] >= 0 && msr[i] < 1))
            return value__fail_element("msr", i, msr[i], "must be in [0, 1)");
    }
    return table_replace(&c->msr, beneficiaries, msr, n, "MSR table");
}

int value_contract_set_p4p_tiers(value_contract *c, const double *threshold, const double *adjustment, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(threshold, "threshold")) ||
        (rc = value__check_ptr(adjustment, "adjustment")))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!(threshold[i] >= 0 && threshold[i] <= 1))
            return value__fail_element("threshold", i, threshold[i], "must be in [0, 1]");
        if (i > 0 && !(threshold[i] > threshold[i - 1]))
            return value__fail_element("threshold", i, threshold[i], "must be greater than the previous one");
        if (!(adjustment[i] >= -1 && adjustment[i] <= 1))
            return value__fail_element("adjustment", i, adjustment[i], "must be in [-1, 1]");
    }
    return table_replace(&c->tiers, threshold, adjustment, n, "P4P tier table");
}

int value_contract_set_corridor(value_contract *c, const double *threshold, const double *share, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(threshold, "threshold")) ||
        (rc = value__check_ptr(share, "share")))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!(threshold[i] >= -1e6 && threshold[i] <= 1e6))
            return value__fail_element("threshold", i, threshold[i], "must be finite and in [-1e6, 1e6]");
        if (!(share[i] >= 0 && share[i] <= 1))
            return value__fail_element("share", i, share[i], "must be in [0, 1]");
        for (size_t j = 0; j < i; j++)
            if (threshold[j] == threshold[i] && signbit(threshold[j]) == signbit(threshold[i]))
                return value__fail_element("threshold", i, threshold[i], "repeats an earlier threshold");
    }
    return table_replace(&c->corridor, threshold, share, n, "corridor");
}

typedef struct fee_row {
    int32_t code;
    double price;
    size_t index;
} fee_row;

static int cmp_fee(const void *a, const void *b)
{
    const fee_row *x = a, *y = b;
    if (x->code != y->code)
        return x->code < y->code ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

int value_contract_set_fee_schedule(value_contract *c, const int32_t *code, const double *price, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(code, "code")) ||
        (rc = value__check_ptr(price, "price")))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!(price[i] >= 0 && isfinite(price[i])))
            return value__fail_element("price", i, price[i], "must be finite and >= 0");
    if (n == 0) {
        fees_replace(c, NULL, NULL, 0);
        return VALUE_OK;
    }
    fee_row *rows = malloc(n * sizeof *rows);
    int32_t *nc = malloc(n * sizeof *nc);
    double *np = malloc(n * sizeof *np);
    if (rows == NULL || nc == NULL || np == NULL) {
        free(rows);
        free(nc);
        free(np);
        return value__fail(VALUE_ENOMEM, "out of memory for a fee schedule of %zu codes", n);
    }
    for (size_t i = 0; i < n; i++)
        rows[i] = (fee_row){code[i], price[i], i};
    qsort(rows, n, sizeof *rows, cmp_fee);
    for (size_t i = 1; i < n; i++)
        if (rows[i].code == rows[i - 1].code) {
            rc = value__fail(VALUE_EINVAL, "code[%zu] is %d, the same as code[%zu]", rows[i].index,
                             (int)rows[i].code, rows[i - 1].index);
            free(rows);
            free(nc);
            free(np);
            return rc;
        }
    for (size_t i = 0; i < n; i++) {
        nc[i] = rows[i].code;
        np[i] = rows[i].price;
    }
    free(rows);
    fees_replace(c, nc, np, n);
    return VALUE_OK;
}

/* ---- percentile ------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int value_contract_percentile(const double *x, size_t n, double p, double *out)
{
    int rc;
    if ((rc = value__check_array(x, n, 1, "x", "n")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (!(p >= 0 && p <= 1))
        return value__fail_value("p", p, "must be in [0, 1]");
    double *s = malloc(n * sizeof *s);
    if (s == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory sorting %zu values", n);
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    double frac = h - (double)lo;
    double q = s[lo];
    if (lo + 1 < n) {
        double d = s[lo + 1] - s[lo];
        /* d overflows only for values of opposite signs, whose weighted
         * mean (1 - frac) a + frac b cannot */
        q = isfinite(d) ? s[lo] + frac * d : (1 - frac) * s[lo] + frac * s[lo + 1];
    }
    free(s);
    *out = q;
    return VALUE_OK;
}

