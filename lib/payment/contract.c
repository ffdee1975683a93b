/*
 * Payment contracts: terms, settlement and explanation lines.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method notes (where value.h leaves a choice open):
 *
 * - A settlement is computed whole into a new ::value_settlement; nothing
 *   is returned on failure.  Items that do not apply are NaN.
 * - Amounts are plain doubles computed in the order of the formulas in
 *   value.h; record totals come exact from the ledger.
 * - Explanation lines format amounts rounded to cents with thousands
 *   separators ("32,173,449", "1,234.50") and no currency symbol (money
 *   is in the caller's currency), rates as percentages with two decimals.
 */
#include "contract.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_PARAMS 39 /* parameters 1..38 */

enum range { R_NONE, R_FRAC, R_FRAC_OPEN, R_NONNEG, R_NONNEG_INF, R_FLAG, R_TREND, R_POS, R_PEN };

typedef struct param_info {
    const char *name;
    enum range range;
    double dflt;
} param_info;

static const param_info PARAMS[N_PARAMS] = {
    [VALUE_CONTRACT_BENCHMARK_PER_CAPITA] = {"benchmark_per_capita", R_NONNEG, 0},
    [VALUE_CONTRACT_TREND] = {"trend", R_TREND, 0},
    [VALUE_CONTRACT_RISK_ADJUST] = {"risk_adjust", R_FLAG, 0},
    [VALUE_CONTRACT_REFERENCE_RISK] = {"reference_risk", R_POS, 1},
    [VALUE_CONTRACT_RISK_RATIO_MIN] = {"risk_ratio_min", R_NONNEG, 0},
    [VALUE_CONTRACT_RISK_RATIO_MAX] = {"risk_ratio_max", R_NONNEG_INF, INFINITY},
    [VALUE_CONTRACT_MSR] = {"msr", R_FRAC_OPEN, 0},
    [VALUE_CONTRACT_MLR] = {"mlr", R_FRAC_OPEN, 0},
    [VALUE_CONTRACT_MLR_FROM_MSR] = {"mlr_from_msr", R_FLAG, 0},
    [VALUE_CONTRACT_MSR_TABLE_STEPWISE] = {"msr_table_stepwise", R_FLAG, 0},
    [VALUE_CONTRACT_FIRST_DOLLAR] = {"first_dollar", R_FLAG, 1},
    [VALUE_CONTRACT_SHARING_RATE] = {"sharing_rate", R_FRAC, 0.5},
    [VALUE_CONTRACT_QUALITY_SCORE] = {"quality_score", R_FRAC, 1},
    [VALUE_CONTRACT_SAVINGS_CAP] = {"savings_cap", R_NONNEG_INF, INFINITY},
    [VALUE_CONTRACT_SAVINGS_CAP_REVENUE] = {"savings_cap_revenue", R_NONNEG_INF, INFINITY},
    [VALUE_CONTRACT_LOSS_CAP] = {"loss_cap", R_NONNEG_INF, INFINITY},
    [VALUE_CONTRACT_LOSS_CAP_REVENUE] = {"loss_cap_revenue", R_NONNEG_INF, INFINITY},
    [VALUE_CONTRACT_REVENUE] = {"revenue", R_NONNEG, 0},
    [VALUE_CONTRACT_LOSS_SHARING_RATE] = {"loss_sharing_rate", R_FRAC, 0.5},
    [VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY] = {"loss_rate_from_quality", R_FLAG, 0},
    [VALUE_CONTRACT_LOSS_RATE_FLOOR] = {"loss_rate_floor", R_FRAC, 0},
    [VALUE_CONTRACT_LOSS_RATE_CEILING] = {"loss_rate_ceiling", R_FRAC, 1},
    [VALUE_CONTRACT_PAYMENT_REDUCTION] = {"payment_reduction", R_FRAC_OPEN, 0},
    [VALUE_CONTRACT_PMPM] = {"pmpm", R_NONNEG, 0},
    [VALUE_CONTRACT_WITHHOLD] = {"withhold", R_FRAC, 0},
    [VALUE_CONTRACT_TARGET_PRICE] = {"target_price", R_NONNEG, 0},
    [VALUE_CONTRACT_STOP_LOSS] = {"stop_loss", R_NONNEG_INF, INFINITY},
    [VALUE_CONTRACT_STOP_GAIN] = {"stop_gain", R_NONNEG_INF, INFINITY},
    [VALUE_CONTRACT_QUALITY_ADJUSTMENT] = {"quality_adjustment", R_FRAC, 0},
    [VALUE_CONTRACT_PROSPECTIVE] = {"prospective", R_FLAG, 0},
    [VALUE_CONTRACT_P4P_MAX_BONUS] = {"p4p_max_bonus", R_FRAC, 0},
    [VALUE_CONTRACT_P4P_MAX_PENALTY] = {"p4p_max_penalty", R_FRAC, 0},
    [VALUE_CONTRACT_P4P_SCORE_LOW] = {"p4p_score_low", R_FRAC, 0},
    [VALUE_CONTRACT_P4P_SCORE_HIGH] = {"p4p_score_high", R_FRAC, 1},
    [VALUE_CONTRACT_P4P_TIERED] = {"p4p_tiered", R_FLAG, 0},
    [VALUE_CONTRACT_BASE_PAYMENT] = {"base_payment", R_NONNEG, 0},
    [VALUE_CONTRACT_STOPLOSS_SHARE] = {"stoploss_share", R_FRAC, 1},
    [VALUE_CONTRACT_EXCLUDE_UNKNOWN] = {"exclude_unknown", R_FLAG, 0},
};

static const char *const KIND_NAMES[] = {NULL,          "FFS",         "capitation", "bundle", "shared savings",
                                         "shared risk", "P4P", "risk corridor"};

typedef struct table {
    size_t n;
    double *x, *y;
} table;

struct value_contract {
    value_contract_kind kind;
    double p[N_PARAMS];
    table msr, tiers, corridor;
    size_t n_fees;
    int32_t *fee_code; /* sorted */
    double *fee_price;
};

/* ---- small helpers ---------------------------------------------------------------- */

static double P(const value_contract *c, value_contract_param k)
{
    return c->p[k];
}

static bool flag(const value_contract *c, value_contract_param k)
{
    return c->p[k] != 0;
}

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
    for (int k = 1; k < N_PARAMS; k++)
        c->p[k] = PARAMS[k].dflt;
    *out = c;
    return VALUE_OK;
}

static void table_free(table *t)
{
    free(t->x);
    free(t->y);
    t->x = t->y = NULL;
    t->n = 0;
}

void value_contract_free(value_contract *c)
{
    if (c == NULL)
        return;
    table_free(&c->msr);
    table_free(&c->tiers);
    table_free(&c->corridor);
    free(c->fee_code);
    free(c->fee_price);
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
    if (!((int)param >= 1 && (int)param < N_PARAMS))
        return value__fail(VALUE_EINVAL, "param must be a value_contract_param (1 to %d), got %d", N_PARAMS - 1,
                           (int)param);
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
static int table_replace(table *t, const double *x, const double *y, size_t n, const char *what)
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
        free(c->fee_code);
        free(c->fee_price);
        c->fee_code = NULL;
        c->fee_price = NULL;
        c->n_fees = 0;
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
    free(c->fee_code);
    free(c->fee_price);
    c->fee_code = nc;
    c->fee_price = np;
    c->n_fees = n;
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
    double q = lo + 1 < n ? s[lo] + frac * (s[lo + 1] - s[lo]) : s[lo];
    free(s);
    *out = q;
    return VALUE_OK;
}

/* ---- settlements ------------------------------------------------------------------ */

typedef struct line {
    const char *step; /* static */
    char *text;
    double amount;
} line;

struct value_settlement {
    double item[VALUE_SETTLEMENT_N_ITEMS];
    size_t n_lines, cap;
    line *lines;
    bool oom;
    bool quiet; /* amounts only: no lines (value_contract_settle_all()) */
};

void value_settlement_free(value_settlement *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n_lines; i++)
        free(s->lines[i].text);
    free(s->lines);
    free(s);
}

static void settlement_init(value_settlement *s, bool quiet)
{
    *s = (value_settlement){.quiet = quiet};
    for (int k = 0; k < VALUE_SETTLEMENT_N_ITEMS; k++)
        s->item[k] = NAN;
}

static value_settlement *settlement_new(void)
{
    value_settlement *s = malloc(sizeof *s);
    if (s != NULL)
        settlement_init(s, false);
    return s;
}

static void set_item(value_settlement *s, value_settlement_item k, double v)
{
    s->item[k] = v;
}

VALUE_PRINTF(4, 5)
static void add_line(value_settlement *s, const char *step, double amount, const char *fmt, ...)
{
    if (s->oom || s->quiet)
        return;
    if (s->n_lines == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        line *nl = realloc(s->lines, cap * sizeof *nl);
        if (nl == NULL) {
            s->oom = true;
            return;
        }
        s->lines = nl;
        s->cap = cap;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *text = value__strdup(buf);
    if (text == NULL) {
        s->oom = true;
        return;
    }
    s->lines[s->n_lines++] = (line){step, text, amount};
}

int value__settlement_prepend(value_settlement *s, const char *step, double amount, const char *text)
{
    add_line(s, step, amount, "%s", text);
    if (s->oom)
        return value__fail(VALUE_ENOMEM, "out of memory for the settlement's explanation lines");
    line first = s->lines[s->n_lines - 1];
    memmove(s->lines + 1, s->lines, (s->n_lines - 1) * sizeof *s->lines);
    s->lines[0] = first;
    return VALUE_OK;
}

int value__settlement_retext(value_settlement *s, const char *step, const char *text)
{
    for (size_t i = 0; i < s->n_lines; i++) {
        if (strcmp(s->lines[i].step, step) != 0)
            continue;
        char *t = value__strdup(text);
        if (t == NULL)
            return value__fail(VALUE_ENOMEM, "out of memory for the settlement's explanation lines");
        free(s->lines[i].text);
        s->lines[i].text = t;
        return VALUE_OK;
    }
    return VALUE_OK;
}

/* Formatting buffers: each call to M() or PCT() takes the next of a ring
 * of buffers owned by the caller's struct fmt, so several fit in one line. */
typedef struct fmt {
    char buf[12][64];
    int next;
    bool quiet; /* no lines: nothing to format */
} fmt;

/* An amount rounded to cents with thousands separators, ".00" dropped. */
void value__format_money(double x, char *out, size_t len)
{
    if (!isfinite(x)) {
        snprintf(out, len, isnan(x) ? "NaN" : x > 0 ? "Inf" : "-Inf");
        return;
    }
    double a = fabs(x);
    if (a >= 1e15) {
        snprintf(out, len, "%.6g", x);
        return;
    }
    long long cents = llround(a * 100);
    long long whole = cents / 100, frac = cents % 100;
    char digits[24], grouped[32];
    snprintf(digits, sizeof digits, "%lld", whole);
    size_t nd = strlen(digits), g = 0;
    for (size_t i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            grouped[g++] = ',';
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    const char *sign = x < 0 && cents != 0 ? "-" : "";
    if (frac != 0)
        snprintf(out, len, "%s%s.%02lld", sign, grouped, frac);
    else
        snprintf(out, len, "%s%s", sign, grouped);
}

static const char *M(fmt *f, double x)
{
    if (f->quiet)
        return "";
    char *out = f->buf[f->next++ % 12];
    value__format_money(x, out, 64);
    return out;
}

/* A rate as a percentage with two decimals. */
static const char *PCT(fmt *f, double x)
{
    if (f->quiet)
        return "";
    char *out = f->buf[f->next++ % 12];
    snprintf(out, 64, "%.2f%%", 100 * x + 0.0);
    return out;
}

/* The MSR for N beneficiaries from the table. */
static double msr_lookup(const value_contract *c, double n)
{
    const table *t = &c->msr;
    if (n <= t->x[0])
        return t->y[0];
    if (n >= t->x[t->n - 1])
        return t->y[t->n - 1];
    size_t j = 0;
    while (t->x[j + 1] <= n)
        j++;
    if (flag(c, VALUE_CONTRACT_MSR_TABLE_STEPWISE))
        return t->y[j];
    double w = (n - t->x[j]) / (t->x[j + 1] - t->x[j]);
    return t->y[j] + w * (t->y[j + 1] - t->y[j]);
}

/* Reduce a positive payment; returns the payment after reduction. */
static double reduce(const value_contract *c, value_settlement *s, fmt *f, double pay)
{
    double pr = P(c, VALUE_CONTRACT_PAYMENT_REDUCTION);
    double red = pay > 0 ? pay * pr : 0.0;
    set_item(s, VALUE_SETTLEMENT_REDUCTION, red);
    if (pay > 0 && pr > 0) {
        add_line(s, "reduction", -red, "payment reduction %s of %s: -%s", PCT(f, pr), M(f, pay), M(f, red));
        pay -= red;
    }
    return pay;
}

static void final_line(value_settlement *s, fmt *f, double pay)
{
    set_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT, pay);
    if (pay >= 0)
        add_line(s, "payment", pay, "final payment to the provider: %s", M(f, pay));
    else
        add_line(s, "payment", pay, "the provider owes %s", M(f, -pay));
}

/* B for the shared-savings, shared-risk and corridor kinds. */
static int benchmark(const value_contract *c, const value__contract_totals *t, value_settlement *s, fmt *f,
                     double *out)
{
    double b = P(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA), g = P(c, VALUE_CONTRACT_TREND);
    double y = t->member_months / 12, rho = 1;
    if (flag(c, VALUE_CONTRACT_RISK_ADJUST)) {
        double rbar = t->risk_mm / t->member_months, raw = rbar / P(c, VALUE_CONTRACT_REFERENCE_RISK);
        rho = fmin(fmax(raw, P(c, VALUE_CONTRACT_RISK_RATIO_MIN)), P(c, VALUE_CONTRACT_RISK_RATIO_MAX));
        if (rho != raw)
            add_line(s, "risk", rho, "risk ratio %.4f (mean risk score %.4f / reference %.4f) clamped to %.4f", raw,
                     rbar, P(c, VALUE_CONTRACT_REFERENCE_RISK), rho);
        else
            add_line(s, "risk", rho, "risk ratio %.4f = mean risk score %.4f / reference %.4f", rho, rbar,
                     P(c, VALUE_CONTRACT_REFERENCE_RISK));
    }
    double B = b * (1 + g) * rho * y;
    set_item(s, VALUE_SETTLEMENT_BENCHMARK, B);
    add_line(s, "benchmark", B, "benchmark %s per capita x (1 + trend %s) x risk ratio %.4f x %s person-years = %s",
             M(f, b), PCT(f, g), rho, M(f, y), M(f, B));
    if (!(B > 0) || !isfinite(B)) {
        char amount[64]; /* not M(): a quiet settlement formats no amounts, but its errors do */
        value__format_money(B, amount, sizeof amount);
        return value__fail(VALUE_EDOM, "the benchmark is %s (benchmark_per_capita %g, trend %g, risk ratio %g, "
                                       "%g person-years); it must be > 0",
                           amount, b, g, rho, y);
    }
    *out = B;
    return VALUE_OK;
}

static int settle_shared(const value_contract *c, const value__contract_totals *t, double E, value_settlement *s,
                         fmt *f)
{
    const bool two_sided = c->kind == VALUE_CONTRACT_SHARED_RISK;
    const double rev = P(c, VALUE_CONTRACT_REVENUE);
    if (isfinite(P(c, VALUE_CONTRACT_SAVINGS_CAP_REVENUE)) && rev == 0)
        return value__fail(VALUE_ESTATE, "savings_cap_revenue is set but revenue is 0");
    if (two_sided && isfinite(P(c, VALUE_CONTRACT_LOSS_CAP_REVENUE)) && rev == 0)
        return value__fail(VALUE_ESTATE, "loss_cap_revenue is set but revenue is 0");
    if (two_sided && flag(c, VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY) &&
        P(c, VALUE_CONTRACT_LOSS_RATE_FLOOR) > P(c, VALUE_CONTRACT_LOSS_RATE_CEILING))
        return value__fail(VALUE_ESTATE, "loss_rate_floor (%g) is above loss_rate_ceiling (%g)",
                           P(c, VALUE_CONTRACT_LOSS_RATE_FLOOR), P(c, VALUE_CONTRACT_LOSS_RATE_CEILING));
    double B;
    int rc = benchmark(c, t, s, f, &B);
    if (rc)
        return rc;
    double S = B - E, rate = S / B;
    set_item(s, VALUE_SETTLEMENT_SAVINGS, S);
    set_item(s, VALUE_SETTLEMENT_SAVINGS_RATE, rate);
    add_line(s, "savings", S, "benchmark %s - expenditure %s = %s (savings rate %s)", M(f, B), M(f, E), M(f, S),
             PCT(f, rate));

    double msr;
    if (c->msr.n > 0) {
        msr = msr_lookup(c, t->records);
        add_line(s, "msr", msr, "MSR %s for %s beneficiaries (sliding scale, %s)", PCT(f, msr), M(f, t->records),
                 flag(c, VALUE_CONTRACT_MSR_TABLE_STEPWISE) ? "stepwise" : "linear within bands");
    } else {
        msr = P(c, VALUE_CONTRACT_MSR);
        add_line(s, "msr", msr, "MSR %s (fixed)", PCT(f, msr));
    }
    set_item(s, VALUE_SETTLEMENT_MSR, msr);
    double mlr = NAN;
    if (two_sided) {
        mlr = flag(c, VALUE_CONTRACT_MLR_FROM_MSR) ? msr : P(c, VALUE_CONTRACT_MLR);
        add_line(s, "mlr", mlr, "MLR %s (%s)", PCT(f, mlr), flag(c, VALUE_CONTRACT_MLR_FROM_MSR) ? "equal to the MSR"
                                                                                                 : "fixed");
        set_item(s, VALUE_SETTLEMENT_MLR, mlr);
    }
    const double sigma0 = P(c, VALUE_CONTRACT_SHARING_RATE), Q = P(c, VALUE_CONTRACT_QUALITY_SCORE);
    const double sigma = sigma0 * Q;
    set_item(s, VALUE_SETTLEMENT_SHARING_RATE, sigma);
    const bool first = flag(c, VALUE_CONTRACT_FIRST_DOLLAR);
    double shared = 0, after = 0, cap_amount = INFINITY;

    if (S > 0 && rate >= msr) {
        add_line(s, "sharing", sigma, "sharing rate %s x quality score %s = %s", PCT(f, sigma0), PCT(f, Q),
                 PCT(f, sigma));
        double base = first ? S : S - msr * B;
        shared = sigma * base;
        if (first)
            add_line(s, "shared", shared, "savings rate %s >= MSR %s: shared %s of %s", PCT(f, rate), PCT(f, msr),
                     PCT(f, sigma), M(f, base));
        else
            add_line(s, "shared", shared, "savings rate %s >= MSR %s: shared %s of %s (savings above the MSR)",
                     PCT(f, rate), PCT(f, msr), PCT(f, sigma), M(f, base));
        double kb = P(c, VALUE_CONTRACT_SAVINGS_CAP), kr = P(c, VALUE_CONTRACT_SAVINGS_CAP_REVENUE);
        double cb = kb * B, cr = kr * rev;
        if (isinf(kb))
            cb = INFINITY;
        if (isinf(kr))
            cr = INFINITY;
        cap_amount = fmin(cb, cr);
        after = fmin(shared, cap_amount);
        if (isfinite(cap_amount)) {
            const char *which = cb <= cr ? "of the benchmark" : "of revenue";
            double k = cb <= cr ? kb : kr;
            if (shared > cap_amount)
                add_line(s, "cap", after, "savings cap %s %s = %s binds: shared savings %s", PCT(f, k), which,
                         M(f, cap_amount), M(f, after));
            else
                add_line(s, "cap", after, "savings cap %s %s = %s does not bind", PCT(f, k), which, M(f, cap_amount));
        }
    } else if (S > 0) {
        add_line(s, "shared", 0.0, "savings rate %s < MSR %s: no shared savings", PCT(f, rate), PCT(f, msr));
    } else if (S < 0 && !two_sided) {
        add_line(s, "shared", 0.0, "losses %s (loss rate %s): one-sided contract, nothing owed", M(f, -S),
                 PCT(f, -rate));
    } else if (S < 0 && -rate >= mlr) {
        double lambda;
        if (flag(c, VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY)) {
            double fl = P(c, VALUE_CONTRACT_LOSS_RATE_FLOOR), ce = P(c, VALUE_CONTRACT_LOSS_RATE_CEILING);
            double raw = 1 - sigma;
            lambda = fmin(fmax(raw, fl), ce);
            if (lambda > raw)
                add_line(s, "loss sharing", lambda, "loss sharing rate 1 - %s = %s, raised to the floor %s",
                         PCT(f, sigma), PCT(f, raw), PCT(f, lambda));
            else if (lambda < raw)
                add_line(s, "loss sharing", lambda, "loss sharing rate 1 - %s = %s, lowered to the ceiling %s",
                         PCT(f, sigma), PCT(f, raw), PCT(f, lambda));
            else
                add_line(s, "loss sharing", lambda, "loss sharing rate 1 - %s = %s, within [%s, %s]", PCT(f, sigma),
                         PCT(f, raw), PCT(f, fl), PCT(f, ce));
        } else {
            lambda = P(c, VALUE_CONTRACT_LOSS_SHARING_RATE);
            add_line(s, "loss sharing", lambda, "loss sharing rate %s (fixed)", PCT(f, lambda));
        }
        set_item(s, VALUE_SETTLEMENT_LOSS_SHARING_RATE, lambda);
        double base = first ? -S : -S - mlr * B;
        double owed = lambda * base;
        shared = -owed;
        add_line(s, "shared", shared, "loss rate %s >= MLR %s: owes %s of %s%s", PCT(f, -rate), PCT(f, mlr),
                 PCT(f, lambda), M(f, base), first ? "" : " (losses above the MLR)");
        double mb = P(c, VALUE_CONTRACT_LOSS_CAP), mr = P(c, VALUE_CONTRACT_LOSS_CAP_REVENUE);
        double cb = isinf(mb) ? INFINITY : mb * B, cr = isinf(mr) ? INFINITY : mr * rev;
        cap_amount = fmin(cb, cr);
        after = -fmin(owed, cap_amount);
        if (isfinite(cap_amount)) {
            const char *which = cb <= cr ? "of the benchmark" : "of revenue";
            double k = cb <= cr ? mb : mr;
            if (owed > cap_amount)
                add_line(s, "cap", after, "loss cap %s %s = %s binds: shared losses %s", PCT(f, k), which,
                         M(f, cap_amount), M(f, -after));
            else
                add_line(s, "cap", after, "loss cap %s %s = %s does not bind", PCT(f, k), which, M(f, cap_amount));
        }
    } else if (S < 0) {
        add_line(s, "shared", 0.0, "loss rate %s < MLR %s: no shared losses", PCT(f, -rate), PCT(f, mlr));
    } else {
        add_line(s, "shared", 0.0, "expenditure equals the benchmark: nothing shared");
    }
    set_item(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP, shared);
    set_item(s, VALUE_SETTLEMENT_CAP, cap_amount);
    set_item(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP, after);
    final_line(s, f, reduce(c, s, f, after));
    return VALUE_OK;
}

/* The corridor's payment for deviation x, with a line per band used. */
static double corridor_pay(const value_contract *c, double x, double T, value_settlement *s, fmt *f)
{
    const table *t = &c->corridor;
    const bool loss = x > 0;
    double total = 0;
    for (size_t i = 0; i < t->n; i++) {
        double ti = t->x[i];
        if (signbit(ti) == loss) /* a band on the other side */
            continue;
        /* the band ends at the nearest threshold further out on the same side */
        double end = loss ? INFINITY : -INFINITY;
        for (size_t j = 0; j < t->n; j++) {
            double tj = t->x[j];
            if (j == i || signbit(tj) != signbit(ti))
                continue;
            if (loss ? (tj > ti && tj < end) : (tj < ti && tj > end))
                end = tj;
        }
        double width = loss ? fmin(x, end) - ti : ti - fmax(x, end);
        if (!(width > 0))
            continue;
        double amt = t->y[i] * width * T * (loss ? 1 : -1);
        total += amt;
        if (isinf(end))
            add_line(s, "band", amt, "band beyond %s %s target: payer shares %s of %s of target = %s",
                     PCT(f, fabs(ti)), loss ? "above" : "below", PCT(f, t->y[i]), PCT(f, width), M(f, fabs(amt)));
        else
            add_line(s, "band", amt, "band %s to %s %s target: payer shares %s of %s of target = %s",
                     PCT(f, fabs(ti)), PCT(f, fabs(end)), loss ? "above" : "below", PCT(f, t->y[i]), PCT(f, width),
                     M(f, fabs(amt)));
    }
    return total;
}

static int settle_corridor(const value_contract *c, const value__contract_totals *t, double E, value_settlement *s,
                           fmt *f)
{
    if (c->corridor.n == 0)
        return value__fail(VALUE_ESTATE, "the risk corridor has no bands (value_contract_set_corridor())");
    double T;
    int rc = benchmark(c, t, s, f, &T);
    if (rc)
        return rc;
    double x = (E - T) / T;
    set_item(s, VALUE_SETTLEMENT_SAVINGS, T - E);
    set_item(s, VALUE_SETTLEMENT_SAVINGS_RATE, (T - E) / T);
    add_line(s, "deviation", x, "expenditure %s is %s %s target %s", M(f, E), PCT(f, fabs(x)),
             x >= 0 ? "above" : "below", M(f, T));
    double pay = x != 0 ? corridor_pay(c, x, T, s, f) : 0.0;
    if (pay == 0)
        add_line(s, "band", 0.0, "deviation within the unshared band: nothing shared");
    set_item(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP, pay);
    final_line(s, f, reduce(c, s, f, pay));
    return VALUE_OK;
}

static int settle_bundle(const value_contract *c, const value__contract_totals *t, double E, value_settlement *s,
                         fmt *f)
{
    const double p = P(c, VALUE_CONTRACT_TARGET_PRICE), rref = P(c, VALUE_CONTRACT_REFERENCE_RISK);
    double T;
    if (flag(c, VALUE_CONTRACT_RISK_ADJUST)) {
        double units = t->risk_sum / rref;
        T = p * units;
        add_line(s, "target", T, "target price %s x %s risk-adjusted episodes (risk sum %.4f / reference %.4f) = %s",
                 M(f, p), M(f, units), t->risk_sum, rref, M(f, T));
    } else {
        T = p * t->records;
        add_line(s, "target", T, "target price %s x %s episodes = %s", M(f, p), M(f, t->records), M(f, T));
    }
    set_item(s, VALUE_SETTLEMENT_BENCHMARK, T);
    if (!(T > 0) || !isfinite(T)) {
        char amount[64]; /* not M(), as for the benchmark */
        value__format_money(T, amount, sizeof amount);
        return value__fail(VALUE_EDOM, "the bundle target is %s; target_price and the episodes' risk must be > 0",
                           amount);
    }
    if (flag(c, VALUE_CONTRACT_PROSPECTIVE)) {
        set_item(s, VALUE_SETTLEMENT_SAVINGS, T - E);
        add_line(s, "margin", T - E, "prospective payment %s - expenditure %s borne by the provider = margin %s",
                 M(f, T), M(f, E), M(f, T - E));
        final_line(s, f, reduce(c, s, f, T));
        return VALUE_OK;
    }
    double D = T - E;
    set_item(s, VALUE_SETTLEMENT_SAVINGS, D);
    set_item(s, VALUE_SETTLEMENT_SAVINGS_RATE, D / T);
    add_line(s, "reconciliation", D, "target %s - expenditure %s = %s", M(f, T), M(f, E), M(f, D));
    const double a = P(c, VALUE_CONTRACT_QUALITY_ADJUSTMENT), Q = P(c, VALUE_CONTRACT_QUALITY_SCORE);
    double Dq = D;
    if (a > 0 && D != 0) {
        double factor = D > 0 ? 1 - a * (1 - Q) : 1 - a * Q;
        Dq = D * factor;
        if (D > 0)
            add_line(s, "quality", Dq - D, "quality score %s: gain kept at 1 - %s x (1 - %s) = %s: %s", PCT(f, Q),
                     PCT(f, a), PCT(f, Q), PCT(f, factor), M(f, Dq));
        else
            add_line(s, "quality", Dq - D, "quality score %s: repayment reduced to 1 - %s x %s = %s: %s", PCT(f, Q),
                     PCT(f, a), PCT(f, Q), PCT(f, factor), M(f, Dq));
    }
    set_item(s, VALUE_SETTLEMENT_QUALITY_ADJUSTMENT, Dq - D);
    set_item(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP, Dq);
    const double lg = P(c, VALUE_CONTRACT_STOP_GAIN), ll = P(c, VALUE_CONTRACT_STOP_LOSS);
    double after = Dq, limit = INFINITY;
    if (Dq > 0 && isfinite(lg) && Dq > lg * T) {
        limit = lg * T;
        after = limit;
        add_line(s, "stop-gain", after, "stop-gain %s of target = %s binds", PCT(f, lg), M(f, limit));
    } else if (Dq < 0 && isfinite(ll) && -Dq > ll * T) {
        limit = ll * T;
        after = -limit;
        add_line(s, "stop-loss", after, "stop-loss %s of target = %s binds", PCT(f, ll), M(f, limit));
    }
    set_item(s, VALUE_SETTLEMENT_CAP, limit);
    set_item(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP, after);
    final_line(s, f, reduce(c, s, f, after));
    return VALUE_OK;
}

static int settle_capitation(const value_contract *c, const value__contract_totals *t, double excess,
                             value_settlement *s, fmt *f)
{
    const double pmpm = P(c, VALUE_CONTRACT_PMPM), rref = P(c, VALUE_CONTRACT_REFERENCE_RISK);
    double C;
    if (flag(c, VALUE_CONTRACT_RISK_ADJUST)) {
        double units = t->risk_mm / rref;
        C = pmpm * units;
        add_line(s, "capitation", C, "PMPM %s x %s risk-adjusted member-months (risk x member-months / reference "
                                     "%.4f) = %s",
                 M(f, pmpm), M(f, units), rref, M(f, C));
    } else {
        C = pmpm * t->member_months;
        add_line(s, "capitation", C, "PMPM %s x %s member-months = %s", M(f, pmpm), M(f, t->member_months), M(f, C));
    }
    set_item(s, VALUE_SETTLEMENT_CAPITATION, C);
    const double w = P(c, VALUE_CONTRACT_WITHHOLD), Q = P(c, VALUE_CONTRACT_QUALITY_SCORE);
    double W = C * w, R = W * Q;
    set_item(s, VALUE_SETTLEMENT_WITHHOLD, W);
    set_item(s, VALUE_SETTLEMENT_WITHHOLD_RETURNED, R);
    if (w > 0) {
        add_line(s, "withhold", -W, "withhold %s of %s: %s", PCT(f, w), M(f, C), M(f, W));
        add_line(s, "withhold returned", R, "quality score %s of the withhold %s returned: %s", PCT(f, Q), M(f, W),
                 M(f, R));
    }
    double sl = P(c, VALUE_CONTRACT_STOPLOSS_SHARE) * excess;
    set_item(s, VALUE_SETTLEMENT_STOPLOSS_REIMBURSED, sl);
    if (excess > 0)
        add_line(s, "stop-loss", sl, "stop-loss reimburses %s of costs above the attachment point %s: %s",
                 PCT(f, P(c, VALUE_CONTRACT_STOPLOSS_SHARE)), M(f, t->upper), M(f, sl));
    double pay = C - W + R + sl;
    pay = reduce(c, s, f, pay);
    final_line(s, f, pay);
    add_line(s, "margin", pay - t->cost, "payment %s - expenditure %s = margin %s", M(f, pay), M(f, t->cost),
             M(f, pay - t->cost));
    return VALUE_OK;
}

static int settle_p4p(const value_contract *c, double E, value_settlement *s, fmt *f)
{
    const double Q = P(c, VALUE_CONTRACT_QUALITY_SCORE);
    double base = P(c, VALUE_CONTRACT_BASE_PAYMENT);
    if (base > 0)
        add_line(s, "base", base, "base payment %s", M(f, base));
    else {
        base = E;
        add_line(s, "base", base, "base payment %s (the expenditure)", M(f, base));
    }
    set_item(s, VALUE_SETTLEMENT_BASE_PAYMENT, base);
    double a;
    if (flag(c, VALUE_CONTRACT_P4P_TIERED)) {
        if (c->tiers.n == 0)
            return value__fail(VALUE_ESTATE, "p4p_tiered is 1 but no tiers are set (value_contract_set_p4p_tiers())");
        size_t k = c->tiers.n;
        for (size_t i = 0; i < c->tiers.n; i++)
            if (Q >= c->tiers.x[i])
                k = i;
        if (k == c->tiers.n) {
            a = 0;
            add_line(s, "adjustment", a, "quality score %s below the first tier (%s): no adjustment", PCT(f, Q),
                     PCT(f, c->tiers.x[0]));
        } else {
            a = c->tiers.y[k];
            add_line(s, "adjustment", a, "quality score %s in the tier from %s: adjustment %s", PCT(f, Q),
                     PCT(f, c->tiers.x[k]), PCT(f, a));
        }
    } else {
        double q0 = P(c, VALUE_CONTRACT_P4P_SCORE_LOW), q1 = P(c, VALUE_CONTRACT_P4P_SCORE_HIGH);
        if (!(q0 < q1))
            return value__fail(VALUE_ESTATE, "p4p_score_low (%g) must be below p4p_score_high (%g)", q0, q1);
        double bo = P(c, VALUE_CONTRACT_P4P_MAX_BONUS), pe = P(c, VALUE_CONTRACT_P4P_MAX_PENALTY);
        double u = fmin(fmax((Q - q0) / (q1 - q0), 0), 1);
        a = -pe + (bo + pe) * u;
        add_line(s, "adjustment", a, "linear exchange: -%s + (%s + %s) x %s = %s", PCT(f, pe), PCT(f, bo), PCT(f, pe),
                 PCT(f, u), PCT(f, a));
    }
    set_item(s, VALUE_SETTLEMENT_ADJUSTMENT_RATE, a);
    double pay = a * base;
    add_line(s, a >= 0 ? "bonus" : "penalty", pay, "%s %s of %s = %s", a >= 0 ? "bonus" : "penalty", PCT(f, fabs(a)),
             M(f, base), M(f, fabs(pay)));
    set_item(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP, pay);
    final_line(s, f, reduce(c, s, f, pay));
    return VALUE_OK;
}

/* Settle on totals into s (initialized; quiet: amounts only); t->upper
 * is Inf when there is no attachment point. */
static int settle_into(const value_contract *c, const value__contract_totals *t, value_settlement *s)
{
    if (c->kind == VALUE_CONTRACT_FFS)
        return value__fail(VALUE_ESTATE, "an FFS contract is settled with value_contract_settle_services()");
    fmt f = {.next = 0, .quiet = s->quiet};
    const double sl_share = P(c, VALUE_CONTRACT_STOPLOSS_SHARE);
    const double excl = sl_share * t->above, wadd = t->below;
    const double E = t->cost - excl + wadd;
    set_item(s, VALUE_SETTLEMENT_BENEFICIARIES, t->records);
    set_item(s, VALUE_SETTLEMENT_MEMBER_MONTHS, t->member_months);
    set_item(s, VALUE_SETTLEMENT_RISK_SCORE, t->risk_mm / t->member_months);
    set_item(s, VALUE_SETTLEMENT_EXPENDITURE_RAW, t->cost);
    set_item(s, VALUE_SETTLEMENT_STOPLOSS_EXCLUDED, c->kind == VALUE_CONTRACT_CAPITATION ? 0.0 : excl);
    set_item(s, VALUE_SETTLEMENT_WINSOR_ADDED, wadd);
    add_line(s, "records", t->records, "%s %s, %s member-months, mean risk score %.4f", M(&f, t->records),
             c->kind == VALUE_CONTRACT_BUNDLE ? "episodes" : "beneficiaries", M(&f, t->member_months),
             t->risk_mm / t->member_months);
    double Ecount = E;
    if (c->kind == VALUE_CONTRACT_CAPITATION) {
        Ecount = t->cost;
        add_line(s, "expenditure", t->cost, "expenditure %s", M(&f, t->cost));
    } else if (excl != 0 || wadd != 0) {
        add_line(s, "expenditure", E, "expenditure %s - %s (%s of costs above %s) + %s (shortfall below %s) = %s",
                 M(&f, t->cost), M(&f, excl), PCT(&f, sl_share), M(&f, t->upper), M(&f, wadd), M(&f, t->lower),
                 M(&f, E));
    } else {
        add_line(s, "expenditure", E, "expenditure %s", M(&f, E));
    }
    set_item(s, VALUE_SETTLEMENT_EXPENDITURE, Ecount);
    int rc;
    switch (c->kind) {
    case VALUE_CONTRACT_SHARED_SAVINGS:
    case VALUE_CONTRACT_SHARED_RISK:
        rc = settle_shared(c, t, E, s, &f);
        break;
    case VALUE_CONTRACT_RISK_CORRIDOR:
        rc = settle_corridor(c, t, E, s, &f);
        break;
    case VALUE_CONTRACT_BUNDLE:
        rc = settle_bundle(c, t, E, s, &f);
        break;
    case VALUE_CONTRACT_CAPITATION:
        rc = settle_capitation(c, t, t->above, s, &f);
        break;
    default:
        rc = settle_p4p(c, E, s, &f);
        break;
    }
    if (rc == VALUE_OK && s->oom)
        rc = value__fail(VALUE_ENOMEM, "out of memory for the settlement's explanation lines");
    return rc;
}

/* Settle on totals into a new settlement. */
static int settle(const value_contract *c, const value__contract_totals *t, value_settlement **out)
{
    value_settlement *s = settlement_new();
    if (s == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for a settlement");
    int rc = settle_into(c, t, s);
    if (rc) {
        value_settlement_free(s);
        return rc;
    }
    *out = s;
    return VALUE_OK;
}

int value_contract_settle(const value_contract *c, const value_ledger *l, size_t contract_index,
                          value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(out, "out")))
        return rc;
    size_t n = value__ledger_n(l);
    if (contract_index >= n)
        return value__fail(VALUE_EINVAL, "contract_index is %zu, must be less than the number of contracts (%zu)",
                           contract_index, n);
    value__contract_totals t;
    value__ledger_get_totals(l, contract_index, &t);
    if (t.records == 0)
        return value__fail(VALUE_EDOM, "contract %zu has no records", contract_index);
    return settle(c, &t, out);
}

int value_contract_settle_all(const value_contract *c, const value_ledger *l, const int32_t *items, size_t n_items,
                              double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(items, "items")) ||
        (rc = value__check_ptr(out, "out")))
        return rc;
    if (c->kind == VALUE_CONTRACT_FFS)
        return value__fail(VALUE_ESTATE, "an FFS contract is settled with value_contract_settle_services()");
    if (n_items == 0)
        return value__fail(VALUE_EINVAL, "n_items must be at least 1, got 0");
    for (size_t j = 0; j < n_items; j++)
        if (items[j] < 1 || items[j] >= VALUE_SETTLEMENT_N_ITEMS)
            return value__fail(VALUE_EINVAL, "items[%zu] is %d, not a value_settlement_item (1 to %d)", j,
                               (int)items[j], VALUE_SETTLEMENT_N_ITEMS - 1);
    size_t n = value__ledger_n(l), want = value__mul_size(n, n_items);
    if ((rc = value__check_length("out_len", out_len, want, "n_contracts x n_items")))
        return rc;
    /* into a buffer first, so that a failure leaves out as it was */
    double *res = malloc(want * sizeof *res);
    if (res == NULL)
        return value__fail(VALUE_ENOMEM, "value_contract_settle_all: out of memory for %zu amounts", want);
    for (size_t k = 0; k < n; k++) {
        value__contract_totals t;
        value__ledger_get_totals(l, k, &t);
        value_settlement s;
        settlement_init(&s, true);
        if (t.records > 0 && (rc = settle_into(c, &t, &s)) != VALUE_OK) {
            free(res);
            return value__fail_within(rc, "contract %zu", k);
        }
        for (size_t j = 0; j < n_items; j++)
            res[k * n_items + j] = s.item[items[j]]; /* NaN throughout without records */
    }
    memcpy(out, res, want * sizeof *res);
    free(res);
    return VALUE_OK;
}

int value_contract_settle_totals(const value_contract *c, double beneficiaries, double member_months,
                                 double risk_score_mean, double expenditure, value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (!(beneficiaries >= 1 && isfinite(beneficiaries)))
        return value__fail_value("beneficiaries", beneficiaries, "must be finite and >= 1");
    if (!(member_months > 0 && isfinite(member_months)))
        return value__fail_value("member_months", member_months, "must be finite and > 0");
    if (!(risk_score_mean >= 0 && isfinite(risk_score_mean)))
        return value__fail_value("risk_score_mean", risk_score_mean, "must be finite and >= 0");
    if (!(expenditure >= 0 && isfinite(expenditure)))
        return value__fail_value("expenditure", expenditure, "must be finite and >= 0");
    value__contract_totals t = {.records = beneficiaries,
                                .member_months = member_months,
                                .risk_mm = risk_score_mean * member_months,
                                .risk_sum = risk_score_mean * beneficiaries,
                                .cost = expenditure,
                                .above = 0,
                                .below = 0,
                                .lower = 0,
                                .upper = INFINITY};
    return settle(c, &t, out);
}

/* Index of code in the sorted schedule, or -1. */
static ptrdiff_t fee_find(const value_contract *c, int32_t code)
{
    size_t lo = 0, hi = c->n_fees;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->fee_code[mid] < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n_fees && c->fee_code[lo] == code ? (ptrdiff_t)lo : -1;
}

int value_contract_settle_services(const value_contract *c, const int32_t *code, const double *units, size_t n,
                                   value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(code, "code")) ||
        (rc = value__check_ptr(units, "units")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (c->kind != VALUE_CONTRACT_FFS)
        return value__fail(VALUE_ESTATE, "value_contract_settle_services() needs an FFS contract, not %s",
                           KIND_NAMES[c->kind]);
    size_t n_unknown = 0, first_unknown = 0;
    double u_unknown = 0, u_known = 0, pay = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(units[i] >= 0 && isfinite(units[i])))
            return value__fail_element("units", i, units[i], "must be finite and >= 0");
        ptrdiff_t j = fee_find(c, code[i]);
        if (j < 0) {
            if (n_unknown++ == 0)
                first_unknown = i;
            u_unknown += units[i];
        } else {
            u_known += units[i];
            pay += c->fee_price[j] * units[i];
        }
    }
    const bool exclude = flag(c, VALUE_CONTRACT_EXCLUDE_UNKNOWN);
    if (n_unknown > 0 && !exclude)
        return value__fail(VALUE_ENOTFOUND,
                           "%zu services (%g units) have codes not in the fee schedule, the first code[%zu] = %d; "
                           "set exclude_unknown to leave them out",
                           n_unknown, u_unknown, first_unknown, (int)code[first_unknown]);
    value_settlement *s = settlement_new();
    if (s == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for a settlement");
    fmt f = {.next = 0};
    set_item(s, VALUE_SETTLEMENT_BENEFICIARIES, (double)(n - n_unknown));
    set_item(s, VALUE_SETTLEMENT_UNKNOWN_SERVICES, (double)n_unknown);
    set_item(s, VALUE_SETTLEMENT_UNKNOWN_UNITS, u_unknown);
    set_item(s, VALUE_SETTLEMENT_EXPENDITURE, pay);
    add_line(s, "services", pay, "%zu services, %s units priced by the fee schedule: %s", n - n_unknown,
             M(&f, u_known), M(&f, pay));
    if (n_unknown > 0)
        add_line(s, "unknown", (double)n_unknown,
                 "%zu services (%s units) with codes not in the fee schedule excluded (first: code[%zu] = %d)",
                 n_unknown, M(&f, u_unknown), first_unknown, (int)code[first_unknown]);
    final_line(s, &f, reduce(c, s, &f, pay));
    if (s->oom) {
        value_settlement_free(s);
        return value__fail(VALUE_ENOMEM, "out of memory for the settlement's explanation lines");
    }
    *out = s;
    return VALUE_OK;
}

/* ---- reading a settlement --------------------------------------------------------- */

int value_settlement_get(const value_settlement *s, value_settlement_item item, double *out)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (!((int)item >= 1 && (int)item < VALUE_SETTLEMENT_N_ITEMS))
        return value__fail(VALUE_EINVAL, "item must be a value_settlement_item (1 to %d), got %d",
                           VALUE_SETTLEMENT_N_ITEMS - 1, (int)item);
    *out = s->item[item];
    return VALUE_OK;
}

int value_settlement_line_count(const value_settlement *s, size_t *out)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = value__check_ptr(out, "out")))
        return rc;
    *out = s->n_lines;
    return VALUE_OK;
}

int value_settlement_line(const value_settlement *s, size_t i, const char **out_step, const char **out_text,
                          double *out_amount)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = value__check_ptr(out_step, "out_step")) ||
        (rc = value__check_ptr(out_text, "out_text")) || (rc = value__check_ptr(out_amount, "out_amount")))
        return rc;
    if (i >= s->n_lines)
        return value__fail(VALUE_EINVAL, "i is %zu, must be less than the number of lines (%zu)", i, s->n_lines);
    *out_step = s->lines[i].step;
    *out_text = s->lines[i].text;
    *out_amount = s->lines[i].amount;
    return VALUE_OK;
}
