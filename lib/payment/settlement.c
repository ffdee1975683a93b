/*
 * Settlements: the items and explanation lines of a settled contract,
 * built by the contract engines and the programs on them, read through
 * value_settlement_get() and value_settlement_line().
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method notes (where value.h leaves a choice open):
 *
 * - Explanation lines format amounts rounded to cents with thousands
 *   separators ("32,173,449", "1,234.50") and no currency symbol (money
 *   is in the caller's currency), rates as percentages with two decimals.
 * - A line that cannot be stored (out of memory) marks the settlement;
 *   its builder then fails the whole settlement, so a caller never gets
 *   one with a line missing.
 */
#include "settlement.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building --------------------------------------------------------------------- */

void value__settlement_init(value_settlement *s, bool quiet)
{
    *s = (value_settlement){.quiet = quiet};
    for (int k = 0; k < VALUE_SETTLEMENT_N_ITEMS; k++)
        s->item[k] = NAN;
}

int value__settlement_new(value_settlement **out)
{
    value_settlement *s = malloc(sizeof *s);
    if (s == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for a settlement");
    value__settlement_init(s, false);
    *out = s;
    return VALUE_OK;
}

void value__settlement_add(value_settlement *s, const char *step, double amount, const char *fmt, ...)
{
    value__settlement_check(s, 0, step, amount); /* quiet or not: the same status */
    if (s->oom || s->quiet)
        return;
    if (s->n_lines == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        value__settlement_line *nl = realloc(s->lines, cap * sizeof *nl);
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
    s->lines[s->n_lines++] = (value__settlement_line){step, text, amount};
}

static int fail_lines(void)
{
    return value__fail(VALUE_ENOMEM, "out of memory for the settlement's explanation lines");
}

/* The items' names for messages. */
static const char *const ITEM_NAMES[VALUE_SETTLEMENT_N_ITEMS] = {
    [VALUE_SETTLEMENT_BENEFICIARIES] = "beneficiaries",
    [VALUE_SETTLEMENT_MEMBER_MONTHS] = "member-months",
    [VALUE_SETTLEMENT_RISK_SCORE] = "mean risk score",
    [VALUE_SETTLEMENT_EXPENDITURE_RAW] = "raw expenditure",
    [VALUE_SETTLEMENT_STOPLOSS_EXCLUDED] = "stop-loss exclusion",
    [VALUE_SETTLEMENT_WINSOR_ADDED] = "winsorization addition",
    [VALUE_SETTLEMENT_EXPENDITURE] = "expenditure",
    [VALUE_SETTLEMENT_BENCHMARK] = "benchmark or target",
    [VALUE_SETTLEMENT_SAVINGS] = "savings",
    [VALUE_SETTLEMENT_SAVINGS_RATE] = "savings rate",
    [VALUE_SETTLEMENT_MSR] = "minimum savings rate",
    [VALUE_SETTLEMENT_MLR] = "minimum loss rate",
    [VALUE_SETTLEMENT_SHARING_RATE] = "sharing rate",
    [VALUE_SETTLEMENT_LOSS_SHARING_RATE] = "loss sharing rate",
    [VALUE_SETTLEMENT_SHARED_BEFORE_CAP] = "amount shared before the cap",
    [VALUE_SETTLEMENT_CAP] = "cap",
    [VALUE_SETTLEMENT_SHARED_AFTER_CAP] = "amount shared after the cap",
    [VALUE_SETTLEMENT_REDUCTION] = "payment reduction",
    [VALUE_SETTLEMENT_FINAL_PAYMENT] = "final payment",
    [VALUE_SETTLEMENT_BASE_PAYMENT] = "base payment",
    [VALUE_SETTLEMENT_ADJUSTMENT_RATE] = "adjustment rate",
    [VALUE_SETTLEMENT_CAPITATION] = "capitation",
    [VALUE_SETTLEMENT_WITHHOLD] = "withhold",
    [VALUE_SETTLEMENT_WITHHOLD_RETURNED] = "withhold returned",
    [VALUE_SETTLEMENT_STOPLOSS_REIMBURSED] = "stop-loss reimbursement",
    [VALUE_SETTLEMENT_QUALITY_ADJUSTMENT] = "quality adjustment",
    [VALUE_SETTLEMENT_UNKNOWN_SERVICES] = "unknown services",
    [VALUE_SETTLEMENT_UNKNOWN_UNITS] = "unknown units",
};

const char *value__settlement_item_name(int item)
{
    return ITEM_NAMES[item];
}

int value__settlement_status(const value_settlement *s)
{
    if (s->bad_item != 0 || s->bad_step != NULL) {
        char v[32];
        value__format_double(s->bad_value, v, sizeof v);
        if (s->bad_item != 0)
            return value__fail(VALUE_ERANGE,
                               "the settlement's %s is %s: the amounts it is computed from overflow a double",
                               ITEM_NAMES[s->bad_item], v);
        return value__fail(VALUE_ERANGE,
                           "the amount of the settlement's \"%s\" step is %s: the amounts it is computed from "
                           "overflow a double",
                           s->bad_step, v);
    }
    return s->oom ? fail_lines() : VALUE_OK;
}

int value__settlement_prepend(value_settlement *s, const char *step, double amount, const char *text)
{
    value__settlement_add(s, step, amount, "%s", text);
    if (s->oom)
        return fail_lines();
    value__settlement_line first = s->lines[s->n_lines - 1];
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
            return fail_lines();
        free(s->lines[i].text);
        s->lines[i].text = t;
        return VALUE_OK;
    }
    return VALUE_OK;
}

/* ---- formatting ------------------------------------------------------------------- */

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

const char *value__fmt_money(value__fmt *f, double x)
{
    if (f->quiet)
        return "";
    char *out = f->buf[f->next++ % 12];
    value__format_money(x, out, 64);
    return out;
}

const char *value__fmt_pct(value__fmt *f, double x)
{
    if (f->quiet)
        return "";
    char *out = f->buf[f->next++ % 12];
    snprintf(out, 64, "%.2f%%", 100 * x + 0.0);
    return out;
}

/* ---- reading ---------------------------------------------------------------------- */

void value_settlement_free(value_settlement *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n_lines; i++)
        free(s->lines[i].text);
    free(s->lines);
    free(s);
}

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
        return value__fail(VALUE_EINVAL, "i is %zu, not in [0, %zu) (the settlement has %zu lines)", i, s->n_lines,
                           s->n_lines);
    *out_step = s->lines[i].step;
    *out_text = s->lines[i].text;
    *out_amount = s->lines[i].amount;
    return VALUE_OK;
}
