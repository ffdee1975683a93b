/* Settlements from random terms and totals (value_contract_new/set and
 * value_contract_settle_totals): every call either fails with a status or
 * gives a settlement whose amounts and explanation lines are finite: the
 * totals, expenditure and final payment always, the other items unless
 * they do not apply (NaN, documented), the cap may also be +Inf (no cap).
 * Input: kind, then up to 16 (parameter, double) pairs, then the four
 * totals.
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
    value_settlement *s = NULL;
    rc = value_contract_settle_totals(c, beneficiaries, member_months, risk, expenditure, &s);
    FUZZ_CHECK(rc <= 0);
    FUZZ_CHECK((rc == VALUE_OK) == (s != NULL));
    if (rc == VALUE_OK) {
        for (int item = 1; item < VALUE_SETTLEMENT_N_ITEMS; item++) {
            double v = NAN;
            FUZZ_CHECK(value_settlement_get(s, (value_settlement_item)item, &v) == VALUE_OK);
            if (item == VALUE_SETTLEMENT_CAP)
                FUZZ_CHECK(isnan(v) || v >= 0); /* an amount, or +Inf: no cap */
            else if (always_applies(item))
                FUZZ_CHECK(isfinite(v));
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
        value_settlement_free(s);
    }
    value_contract_free(c);
    return 0;
}
