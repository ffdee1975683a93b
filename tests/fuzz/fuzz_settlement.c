/* Settlements from random terms and totals: every call either fails with
 * a status or gives a settlement whose amounts and explanation lines are
 * finite: the totals, expenditure and final payment always, the other
 * items unless they do not apply (NaN, documented), the cap may also be
 * +Inf (no cap).
 * Input: kind, then up to 16 (parameter, double) pairs, then the four
 * totals for value_contract_settle_totals().  Optional, after them (an
 * input that ends earlier has none): corridor bands, MSR-table rows and
 * P4P tiers (a count byte and (double, double) rows each); a ledger of
 * one contract (a count byte, the bounds as two doubles, then (cost, risk
 * score, member-months) per record) settled by value_contract_settle()
 * and value_contract_settle_all(), which must agree; an FFS fee schedule
 * and services (a count byte and (code byte, price) rows, a count byte
 * and (code byte, units) rows) for value_contract_settle_services().
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz.h"

/* Items every settlement has (the totals, the counted expenditure, the
 * reduction and the final payment); the others are NaN when they do not
 * apply to the kind or the case, as value_settlement_get() documents. */
static int always_applies(int item)
{
    return item <= VALUE_SETTLEMENT_EXPENDITURE || item == VALUE_SETTLEMENT_REDUCTION ||
           item == VALUE_SETTLEMENT_FINAL_PAYMENT;
}

/* An FFS settlement has no totals of records: its items are the services
 * (BENEFICIARIES), the payment (EXPENDITURE), the reduction, the final
 * payment and the unknown services and units; the rest are NaN. */
static int ffs_applies(int item)
{
    return item == VALUE_SETTLEMENT_BENEFICIARIES || item == VALUE_SETTLEMENT_EXPENDITURE ||
           item == VALUE_SETTLEMENT_REDUCTION || item == VALUE_SETTLEMENT_FINAL_PAYMENT ||
           item == VALUE_SETTLEMENT_UNKNOWN_SERVICES || item == VALUE_SETTLEMENT_UNKNOWN_UNITS;
}

/* A settlement's promise (see the top); ffs: of value_contract_settle_services(). */
static void check_settlement(const value_settlement *s, int ffs)
{
    for (int item = 1; item < VALUE_SETTLEMENT_N_ITEMS; item++) {
        double v = NAN;
        FUZZ_CHECK(value_settlement_get(s, (value_settlement_item)item, &v) == VALUE_OK);
        if (item == VALUE_SETTLEMENT_CAP)
            FUZZ_CHECK(isnan(v) || v >= 0); /* an amount, or +Inf: no cap */
        else if (ffs ? ffs_applies(item) : always_applies(item))
            FUZZ_CHECK(isfinite(v));
        else if (ffs)
            FUZZ_CHECK(isnan(v));
        else
            FUZZ_CHECK(isfinite(v) || isnan(v)); /* never +-Inf */
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

/* Up to `max` (double, double) rows into x, y; their number. */
static size_t rows(fuzz_bytes *b, double *x, double *y, size_t max)
{
    size_t n = fuzz_u8(b) % (max + 1);
    for (size_t i = 0; i < n; i++) {
        x[i] = fuzz_double(b);
        y[i] = fuzz_double(b);
    }
    return n;
}

/* The optional tables, a ledger and FFS services of the input's tail. */
static void settle_tail(value_contract *c, fuzz_bytes *b)
{
    double x[4], y[4];
    size_t n = rows(b, x, y, 4);
    if (n > 0)
        FUZZ_CHECK(value_contract_set_corridor(c, x, y, n) <= 0);
    n = rows(b, x, y, 3);
    if (n > 0)
        FUZZ_CHECK(value_contract_set_msr_table(c, x, y, n) <= 0);
    n = rows(b, x, y, 3);
    if (n > 0)
        FUZZ_CHECK(value_contract_set_p4p_tiers(c, x, y, n) <= 0);

    /* through a ledger */
    size_t nrec = fuzz_u8(b) % 5;
    if (nrec > 0) {
        double lower = fuzz_double(b), upper = fuzz_double(b);
        int32_t k[4] = {0, 0, 0, 0};
        double cost[4], risk[4], mm[4];
        for (size_t i = 0; i < nrec; i++) {
            cost[i] = fuzz_double(b);
            risk[i] = fuzz_double(b);
            mm[i] = fuzz_double(b);
        }
        value_ledger *l = NULL;
        if (value_ledger_new(1, &l) == VALUE_OK) {
            (void)value_ledger_set_bounds(l, &lower, &upper, 1); /* refused: [0, Inf) */
            if (value_ledger_add(l, k, cost, risk, mm, nrec) == VALUE_OK) {
                value_settlement *s = NULL;
                int rc = value_contract_settle(c, l, 0, &s);
                FUZZ_CHECK(rc <= 0 && (rc == VALUE_OK) == (s != NULL));
                int32_t items[VALUE_SETTLEMENT_N_ITEMS - 1];
                double all[VALUE_SETTLEMENT_N_ITEMS - 1];
                for (int j = 0; j < VALUE_SETTLEMENT_N_ITEMS - 1; j++)
                    items[j] = j + 1, all[j] = -12345;
                int rc_all = value_contract_settle_all(c, l, items, VALUE_SETTLEMENT_N_ITEMS - 1, all,
                                                       VALUE_SETTLEMENT_N_ITEMS - 1);
                FUZZ_CHECK(rc_all <= 0);
                if (s != NULL) {
                    check_settlement(s, 0);
                    /* the same amounts, without the lines */
                    FUZZ_CHECK(rc_all == VALUE_OK);
                    for (int j = 0; j < VALUE_SETTLEMENT_N_ITEMS - 1; j++) {
                        double v;
                        FUZZ_CHECK(value_settlement_get(s, (value_settlement_item)(j + 1), &v) == VALUE_OK);
                        FUZZ_CHECK(memcmp(&v, &all[j], sizeof v) == 0 || (isnan(v) && isnan(all[j])));
                    }
                } else if (rc != VALUE_ENOMEM) {
                    FUZZ_CHECK(rc_all == rc || rc_all == VALUE_ENOMEM);
                }
                if (rc_all != VALUE_OK)
                    for (int j = 0; j < VALUE_SETTLEMENT_N_ITEMS - 1; j++)
                        FUZZ_CHECK(all[j] == -12345); /* untouched */
                value_settlement_free(s);
            }
            value_ledger_free(l);
        }
    }

    /* FFS services */
    size_t nfee = fuzz_u8(b) % 4;
    int32_t code[4];
    double price[4];
    for (size_t i = 0; i < nfee; i++) {
        code[i] = fuzz_u8(b) % 8;
        price[i] = fuzz_double(b);
    }
    size_t nserv = fuzz_u8(b) % 5;
    int32_t sv[4];
    double units[4];
    for (size_t i = 0; i < nserv; i++) {
        sv[i] = fuzz_u8(b) % 8;
        units[i] = fuzz_double(b);
    }
    if (nfee > 0)
        FUZZ_CHECK(value_contract_set_fee_schedule(c, code, price, nfee) <= 0);
    if (nserv > 0) {
        value_settlement *s = NULL;
        int rc = value_contract_settle_services(c, sv, units, nserv, &s);
        FUZZ_CHECK(rc <= 0 && (rc == VALUE_OK) == (s != NULL));
        if (s != NULL)
            check_settlement(s, 1);
        value_settlement_free(s);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes b = {data, size};
    value_contract *c = NULL;
    int rc = value_contract_new((value_contract_kind)(fuzz_u8(&b) % 9), &c);
    if (rc != VALUE_OK) {
        FUZZ_CHECK(rc < 0 && c == NULL);
        return 0;
    }
    int pairs = fuzz_u8(&b) % 17;
    for (int k = 0; k < pairs; k++) {
        value_contract_param param = (value_contract_param)(fuzz_u8(&b) % 40);
        double v = fuzz_double(&b), before = NAN, after = NAN;
        int had = value_contract_get(c, param, &before);
        rc = value_contract_set(c, param, v);
        FUZZ_CHECK(rc <= 0);
        if (rc != VALUE_OK && had == VALUE_OK) { /* a refused value leaves the contract as it was */
            FUZZ_CHECK(value_contract_get(c, param, &after) == VALUE_OK);
            FUZZ_CHECK(memcmp(&before, &after, sizeof after) == 0);
        }
    }
    double beneficiaries = fuzz_double(&b), member_months = fuzz_double(&b), risk = fuzz_double(&b),
           expenditure = fuzz_double(&b);
    settle_tail(c, &b); /* tables set here count for the totals' settlement too */
    value_settlement *s = NULL;
    rc = value_contract_settle_totals(c, beneficiaries, member_months, risk, expenditure, &s);
    FUZZ_CHECK(rc <= 0);
    FUZZ_CHECK((rc == VALUE_OK) == (s != NULL));
    if (rc == VALUE_OK) {
        check_settlement(s, 0);
        value_settlement_free(s);
    }
    value_contract_free(c);
    return 0;
}
