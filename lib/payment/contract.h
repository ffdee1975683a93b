/*
 * Internal interface between lib/payment/ledger.c and lib/payment/contract.c.  Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_CONTRACT_INTERNAL_H
#define VALUE_CONTRACT_INTERNAL_H

#include "core/internal.h"

/* One contract's totals, as doubles, for settlement. */
typedef struct value__contract_totals {
    double records;       /* N */
    double member_months; /* M */
    double risk_mm;       /* sum r m */
    double risk_sum;      /* sum r */
    double cost;          /* E_0 */
    double above;         /* sum max(c - U, 0) */
    double below;         /* sum max(L - c, 0) */
    double lower, upper;  /* the bounds L, U */
} value__contract_totals;

/* The totals of contract k (< n_contracts, checked by the caller). */
void value__ledger_get_totals(const value_ledger *l, size_t k, value__contract_totals *out);
size_t value__ledger_n(const value_ledger *l);

/* Put a line first in a settlement's explanation (for the programs built
 * on the engine: "MSSP 2014 Track 1: ..."); `step` must be a static
 * string.  VALUE_ENOMEM when out of memory (the settlement is unchanged). */
int value__settlement_prepend(value_settlement *s, const char *step, double amount, const char *text);

/* Replace the text of the first line of `step` (no-op when there is none):
 * for programs whose inputs are totals, to say what the numbers are. */
int value__settlement_retext(value_settlement *s, const char *step, const char *text);

/* An amount as the explanation lines show it: cents, thousands separators,
 * ".00" dropped ("32,173,449", "14,455,932.81"). */
void value__format_money(double x, char *out, size_t len);

#endif
