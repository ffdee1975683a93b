/* value_ledger_merge of two deserialized ledgers.  Input: a flags byte
 * (bit 0: fix both checksums, as fuzz_ledger_deserialize's odd mode;
 * bit 1: the second ledger is the first one's bytes again, so that their
 * bounds agree; bit 2: merge the first into itself), a 2-byte
 * little-endian length L, L bytes of the first ledger, and the rest: the
 * second.  When both read: a merge either fails with a status, leaving
 * the target's bytes as they were, or succeeds with counts that are the
 * sums of the two (no wrap), finite totals, and bytes that read back
 * (the reader accepts every state a merge produces); VALUE_ERANGE only
 * when a count would pass 2^64 - 1, VALUE_EINVAL only for different
 * contracts or bounds.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "ledger_check.h"

/* A ledger from bytes (fixing the checksum when asked), or NULL. */
static value_ledger *read_ledger(const uint8_t *data, size_t n, int fix)
{
    uint8_t *b = malloc(n ? n : 1);
    if (b == NULL)
        return NULL;
    memcpy(b, data, n);
    if (fix && n >= 8) {
        uint64_t h = value__ledger_checksum(b, n - 8);
        for (int i = 0; i < 8; i++)
            b[n - 8 + i] = (uint8_t)(h >> (8 * i));
    }
    value_ledger *l = NULL;
    int rc = value_ledger_deserialize(b, n, &l);
    FUZZ_CHECK(rc <= 0 && (rc == VALUE_OK) == (l != NULL));
    free(b);
    return l;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    const int fix = data[0] & 1, same = data[0] & 2, self = data[0] & 4;
    size_t la = (size_t)data[1] | (size_t)data[2] << 8;
    const uint8_t *a = data + 3;
    size_t rest = size - 3;
    if (la > rest)
        la = rest;
    const uint8_t *bsrc = same ? a : a + la;
    size_t lb = same ? la : rest - la;
    value_ledger *into = read_ledger(a, la, fix), *from = NULL;
    if (into == NULL)
        return 0;
    from = self ? into : read_ledger(bsrc, lb, fix);
    if (from == NULL) {
        value_ledger_free(into);
        return 0;
    }
    size_t len_a = 0, len_b = 0, len_after = 0;
    uint8_t *before = fuzz_ledger_bytes(into, &len_a), *fb = fuzz_ledger_bytes(from, &len_b);
    int rc = value_ledger_merge(into, from);
    FUZZ_CHECK(rc == VALUE_OK || rc == VALUE_EINVAL || rc == VALUE_ERANGE);
    uint8_t *after = fuzz_ledger_bytes(into, &len_after);
    if (before != NULL && fb != NULL && after != NULL) {
        size_t nc_a = (len_a - 32) / 136, nc_b = (len_b - 32) / 136;
        if (rc != VALUE_OK) {
            FUZZ_CHECK(len_after == len_a && memcmp(after, before, len_a) == 0);
        }
        if (rc == VALUE_EINVAL) {
            /* different contracts or bounds (the 16 bytes of each's bounds) */
            int differ = nc_a != nc_b;
            for (size_t k = 0; k < nc_a && !differ; k++)
                differ = memcmp(before + 24 + 136 * k, fb + 24 + 136 * k, 16) != 0;
            FUZZ_CHECK(differ);
        }
        if (rc == VALUE_ERANGE) {
            int over = 0;
            for (size_t k = 0; k < nc_a && !over; k++) {
                uint64_t x = fuzz_ledger_count(before, k, 0), y = fuzz_ledger_count(fb, k, 0);
                over = x + y < x;
            }
            FUZZ_CHECK(over);
        }
        if (rc == VALUE_OK) {
            FUZZ_CHECK(nc_a == nc_b && len_after == len_a);
            for (size_t k = 0; k < nc_a; k++)
                for (int w = 0; w < 3; w++) {
                    uint64_t x = fuzz_ledger_count(before, k, w), y = fuzz_ledger_count(fb, k, w);
                    FUZZ_CHECK(x + y >= x && fuzz_ledger_count(after, k, w) == x + y);
                }
            fuzz_check_ledger(into, after, len_after);
        }
    }
    free(before);
    free(fb);
    free(after);
    if (from != into)
        value_ledger_free(from);
    value_ledger_free(into);
    return 0;
}
