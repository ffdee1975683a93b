/* The data tables' decimal reader (value__parse_decimal) against strtod in
 * the C locale, which rounds correctly: whatever it accepts, it reads as
 * strtod does, to the bit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz.h"

#include "core/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (text == NULL)
        return 0;
    double got = 12345.0;
    int rc = value__parse_decimal(text, size, &got);
    FUZZ_CHECK(rc == VALUE__NUM_OK || rc == VALUE__NUM_NOT_A_NUMBER || rc == VALUE__NUM_NOT_FINITE);
    if (rc == VALUE__NUM_OK) {
        /* the grammar is a subset of strtod's: it must read the whole token */
        char *end;
        double want = strtod(text, &end);
        FUZZ_CHECK(end == text + size);
        FUZZ_CHECK(memcmp(&got, &want, sizeof got) == 0);
    } else {
        FUZZ_CHECK(got == 12345.0); /* nothing written */
    }
    free(text);
    return 0;
}
