/* What the ledger fuzz targets check of every ledger the library gives
 * them (fuzz_ledger_deserialize.c, fuzz_ledger_merge.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef VALUE_FUZZ_LEDGER_CHECK_H
#define VALUE_FUZZ_LEDGER_CHECK_H

#include "fuzz.h"

#include "payment/ledger.h"

/* Contracts looked at per ledger: the first few (a ledger of 2^31
 * contracts would take the fuzzer's whole time). */
#define FUZZ_LEDGER_CONTRACTS 8

/* The serialized bytes of l (malloc'd; NULL when out of memory). */
static inline uint8_t *fuzz_ledger_bytes(const value_ledger *l, size_t *len)
{
    FUZZ_CHECK(value_ledger_serialized_size(l, len) == VALUE_OK);
    uint8_t *b = malloc(*len);
    if (b != NULL)
        FUZZ_CHECK(value_ledger_serialize(l, b, *len) == VALUE_OK);
    return b;
}

/* A count field of contract k in serialized bytes (0: records, 1: above,
 * 2: below), as value_ledger_serialize() documents the format. */
static inline uint64_t fuzz_ledger_count(const uint8_t *b, size_t k, int which)
{
    const uint8_t *p = b + 24 + 136 * k + 16 + 8 * which;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* A settlement's promise: every item finite, or NaN where it does not
 * apply, the cap possibly +Inf (no cap); every line's amount finite. */
static inline void fuzz_check_settlement(const value_settlement *s)
{
    for (int item = 1; item < VALUE_SETTLEMENT_N_ITEMS; item++) {
        double v = 0;
        FUZZ_CHECK(value_settlement_get(s, (value_settlement_item)item, &v) == VALUE_OK);
        if (item == VALUE_SETTLEMENT_CAP)
            FUZZ_CHECK(isnan(v) || v >= 0);
        else if (item <= VALUE_SETTLEMENT_EXPENDITURE || item == VALUE_SETTLEMENT_FINAL_PAYMENT)
            FUZZ_CHECK(isfinite(v));
        else
            FUZZ_CHECK(isfinite(v) || isnan(v));
    }
    size_t n = 0;
    FUZZ_CHECK(value_settlement_line_count(s, &n) == VALUE_OK);
    for (size_t i = 0; i < n; i++) {
        const char *step = NULL, *text = NULL;
        double amount = NAN;
        FUZZ_CHECK(value_settlement_line(s, i, &step, &text, &amount) == VALUE_OK);
        FUZZ_CHECK(step != NULL && text != NULL && isfinite(amount));
    }
}

/* Settle contract k of l under a few contracts of different kinds: each
 * fails with a status or gives a settlement that keeps its promise. */
static inline void fuzz_settle_ledger(const value_ledger *l, size_t k)
{
    static const double th[4] = {0.03, 0.08, -0.03, -0.08}, sh[4] = {0.5, 0.8, 0.5, 0.8};
    const value_contract_kind kinds[5] = {VALUE_CONTRACT_SHARED_RISK, VALUE_CONTRACT_CAPITATION, VALUE_CONTRACT_BUNDLE,
                                          VALUE_CONTRACT_RISK_CORRIDOR, VALUE_CONTRACT_P4P};
    for (int j = 0; j < 5; j++) {
        value_contract *c = NULL;
        if (value_contract_new(kinds[j], &c) != VALUE_OK)
            return; /* out of memory */
        /* each term where it applies (value_contract_set()), refused elsewhere */
        const bool bench = j == 0 || j == 3, cap = j == 1, bundle = j == 2;
        FUZZ_CHECK((value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 10000) == VALUE_OK) == bench);
        FUZZ_CHECK((value_contract_set(c, VALUE_CONTRACT_RISK_ADJUST, 1) == VALUE_OK) == (j != 4));
        FUZZ_CHECK((value_contract_set(c, VALUE_CONTRACT_PMPM, 400) == VALUE_OK) == cap);
        FUZZ_CHECK((value_contract_set(c, VALUE_CONTRACT_WITHHOLD, 0.05) == VALUE_OK) == cap);
        FUZZ_CHECK((value_contract_set(c, VALUE_CONTRACT_TARGET_PRICE, 25000) == VALUE_OK) == bundle);
        FUZZ_CHECK(value_contract_set(c, VALUE_CONTRACT_STOPLOSS_SHARE, 0.8) == VALUE_OK);
        FUZZ_CHECK(value_contract_set(c, VALUE_CONTRACT_PAYMENT_REDUCTION, 0.02) == VALUE_OK);
        if (kinds[j] == VALUE_CONTRACT_RISK_CORRIDOR && value_contract_set_corridor(c, th, sh, 4) != VALUE_OK) {
            value_contract_free(c);
            return;
        }
        value_settlement *s = NULL;
        int rc = value_contract_settle(c, l, k, &s);
        FUZZ_CHECK(rc <= 0);
        FUZZ_CHECK((rc == VALUE_OK) == (s != NULL));
        if (s != NULL)
            fuzz_check_settlement(s);
        value_settlement_free(s);
        value_contract_free(c);
    }
}

/* The totals of contract k keep what value.h says of them: finite, N >= 0,
 * at least 1e-6 and at most 1e6 member-months a record, at most 1e4 of
 * risk score and 1e11 of cost a record, parts above and below the bounds
 * no larger than the records allow, nothing above an infinite bound, and
 * a mean risk score within the records' range (1e4, and the 2^-24
 * rounding of a record's 17 or more units of member-months: < 1.04e4). */
static inline void fuzz_check_totals(const value_ledger *l, size_t k, double upper_is_inf)
{
    double n, mm, rmm, rs, cost, above, below;
    FUZZ_CHECK(value_ledger_totals(l, k, &n, &mm, &rmm, &rs, &cost, &above, &below) == VALUE_OK);
    FUZZ_CHECK(isfinite(n) && isfinite(mm) && isfinite(rmm) && isfinite(rs) && isfinite(cost) && isfinite(above) &&
               isfinite(below));
    const double slack = 1 + 1e-12; /* each total is rounded once to a double */
    FUZZ_CHECK(n >= 0 && cost >= 0 && above >= 0 && below >= 0 && rs >= 0 && rmm >= 0);
    FUZZ_CHECK(mm >= n * 1e-6 && mm <= n * 1e6 * slack);
    FUZZ_CHECK(rs <= n * 1e4 * slack && rmm <= n * 1e11 * slack && cost <= n * 1e11 * slack);
    FUZZ_CHECK(above <= cost * slack && above <= n * 1e11 * slack);
    FUZZ_CHECK(rmm <= 1.04e4 * mm);
    if (upper_is_inf)
        FUZZ_CHECK(above == 0);
    if (n == 0)
        FUZZ_CHECK(mm == 0 && rmm == 0 && rs == 0 && cost == 0 && above == 0 && below == 0);
}

/* Whether contract k's upper bound in serialized bytes is +Inf. */
static inline int fuzz_ledger_upper_inf(const uint8_t *b, size_t k)
{
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u |= (uint64_t)b[24 + 136 * k + 8 + i] << (8 * i);
    double x;
    memcpy(&x, &u, sizeof x);
    return isinf(x) && x > 0;
}

/* Everything the targets check of a ledger l the library gave, whose
 * serialized bytes are b (len): its totals, its settlements, and that the
 * bytes read back as the same ledger (any state the library holds is one
 * its reader accepts). */
static inline void fuzz_check_ledger(const value_ledger *l, const uint8_t *b, size_t len)
{
    size_t nc = 0;
    FUZZ_CHECK(value_ledger_contracts(l, &nc) == VALUE_OK && nc >= 1);
    for (size_t k = 0; k < nc && k < FUZZ_LEDGER_CONTRACTS; k++) {
        fuzz_check_totals(l, k, fuzz_ledger_upper_inf(b, k));
        if (fuzz_ledger_count(b, k, 0) > 0)
            fuzz_settle_ledger(l, k);
    }
    value_ledger *back = NULL;
    int rc = value_ledger_deserialize(b, len, &back);
    if (rc == VALUE_ENOMEM)
        return;
    FUZZ_CHECK(rc == VALUE_OK);
    size_t len2 = 0;
    uint8_t *again = fuzz_ledger_bytes(back, &len2);
    if (again != NULL)
        FUZZ_CHECK(len2 == len && memcmp(again, b, len) == 0);
    free(again);
    value_ledger_free(back);
}

#endif
