/*
 * Internal header of the contract module, shared by its two files only:
 * lib/payment/contract.c (the terms) and lib/payment/contract_settle.c
 * (the settlement engines).  Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef VALUE_CONTRACT_INTERNAL_H
#define VALUE_CONTRACT_INTERNAL_H

#include "core/internal.h"

#include <stdint.h>

#define VALUE__CONTRACT_N_PARAMS 42 /* parameters 1..41 */

/* A table of (x, y) rows, as set: the MSR table (beneficiaries, MSR), the
 * P4P tiers (threshold, adjustment), the corridor (threshold, share). */
typedef struct value__contract_table {
    size_t n;
    double *x, *y;
} value__contract_table;

struct value_contract {
    value_contract_kind kind;
    double p[VALUE__CONTRACT_N_PARAMS];
    value__contract_table msr, tiers, corridor;
    size_t n_fees;
    int32_t *fee_code; /* sorted, no code twice */
    double *fee_price;
};

#endif
