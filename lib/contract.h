/*
 * Internal interface between lib/ledger.c and lib/contract.c.  Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_CONTRACT_INTERNAL_H
#define VALUE_CONTRACT_INTERNAL_H

#include "internal.h"

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

#endif
