/*
 * Internal interface of the ledger module (lib/payment/ledger.c): a
 * contract's totals, for the settlement engines
 * (lib/payment/contract_settle.c).  Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_LEDGER_INTERNAL_H
#define VALUE_LEDGER_INTERNAL_H

#include "core/internal.h"

/* One contract's totals, as doubles, for settlement. */
typedef struct value__contract_totals {
    double records;       /* N */
    double member_months; /* M */
    double risk_mm;       /* sum r m */
    double risk_sum;      /* sum r */
    double risk_mean;     /* sum r m / M, the member-month-weighted mean risk score */
    double cost;          /* E_0 */
    double above;         /* sum max(c - U, 0) */
    double below;         /* sum max(L - c, 0) */
    double lower, upper;  /* the bounds L, U */
} value__contract_totals;

size_t value__ledger_n(const value_ledger *l);

/* The checksum of value_ledger_serialize()'s format: FNV-1a 64 of p[0..n)
 * (the bytes before the checksum).  For the fuzz targets, which fix it up
 * so that their inputs reach the reader's checks of the contents. */
uint64_t value__ledger_checksum(const uint8_t *p, size_t n);

/* The totals of contract k into *out; VALUE_EINVAL (recorded, *out
 * untouched) when l has no contract k: "contract_index is 2, must be less
 * than the number of contracts (2)". */
int value__ledger_get_totals(const value_ledger *l, size_t k, value__contract_totals *out);

#endif
