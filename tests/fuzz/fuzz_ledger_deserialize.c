/* value_ledger_deserialize on any bytes.  The first byte picks the mode:
 * even, the rest of the input as it is; odd, the rest with its last 8
 * bytes replaced by the checksum of the bytes before them, computed by the
 * library's own routine (value__ledger_checksum, lib/payment/ledger.h),
 * so that inputs get past the checksum to the checks of the contents.
 * Every call either fails with a status, leaving out untouched, or gives a
 * ledger that keeps the promises of ledger_check.h (finite totals within
 * what records can sum to, settlements that are finite or refused, bytes
 * that read back) and that can take a record and a merge with itself, or
 * refuse them with VALUE_ERANGE unchanged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "ledger_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int fix = data[0] & 1;
    size_t n = size - 1;
    uint8_t *b = malloc(n ? n : 1);
    if (b == NULL)
        return 0;
    memcpy(b, data + 1, n);
    if (fix && n >= 8) {
        uint64_t h = value__ledger_checksum(b, n - 8);
        for (int i = 0; i < 8; i++)
            b[n - 8 + i] = (uint8_t)(h >> (8 * i));
    }
    value_ledger *l = (value_ledger *)&l; /* a value the call must not change on failure */
    int rc = value_ledger_deserialize(b, n, &l);
    FUZZ_CHECK(rc <= 0);
    if (rc != VALUE_OK) {
        FUZZ_CHECK(l == (value_ledger *)&l);
        free(b);
        return 0;
    }
    fuzz_check_ledger(l, b, n);

    /* one more record for contract 0, then the ledger merged with itself:
     * each succeeds, or fails with VALUE_ERANGE (a count at 2^64 - 1)
     * leaving the ledger as it was */
    const int32_t k = 0;
    const double cost = 123.25, risk = 1.5, mm = 12;
    size_t len = 0;
    uint8_t *before = fuzz_ledger_bytes(l, &len);
    rc = value_ledger_add(l, &k, &cost, &risk, &mm, 1);
    FUZZ_CHECK(rc == VALUE_OK || rc == VALUE_ERANGE);
    if (before != NULL && rc == VALUE_ERANGE) {
        FUZZ_CHECK(fuzz_ledger_count(before, 0, 0) == UINT64_MAX);
        size_t len2 = 0;
        uint8_t *after = fuzz_ledger_bytes(l, &len2);
        if (after != NULL)
            FUZZ_CHECK(len2 == len && memcmp(after, before, len) == 0);
        free(after);
    }
    free(before);
    before = fuzz_ledger_bytes(l, &len);
    rc = value_ledger_merge(l, l);
    FUZZ_CHECK(rc == VALUE_OK || rc == VALUE_ERANGE);
    uint8_t *after = fuzz_ledger_bytes(l, &len);
    if (before != NULL && after != NULL) {
        if (rc != VALUE_OK)
            FUZZ_CHECK(memcmp(after, before, len) == 0);
        else
            fuzz_check_ledger(l, after, len);
    }
    free(before);
    free(after);
    value_ledger_free(l);
    free(b);
    return 0;
}
