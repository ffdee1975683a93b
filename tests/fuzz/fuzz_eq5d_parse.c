/* EQ-5D value sets from text (value_eq5d_parse): any bytes are refused
 * with a status or give a value set whose every index is finite.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (text == NULL)
        return 0;
    value_eq5d *vs = NULL;
    int rc = value_eq5d_parse(text, &vs);
    FUZZ_CHECK(rc <= 0);
    FUZZ_CHECK((rc == VALUE_OK) == (vs != NULL));
    if (rc == VALUE_OK) {
        const char *name = NULL;
        FUZZ_CHECK(value_eq5d_name(vs, &name) == VALUE_OK && name != NULL);
        for (int a = 1; a <= 3; a++)
            for (int b = 1; b <= 3; b++)
                for (int c = 1; c <= 3; c++)
                    for (int d = 1; d <= 3; d++)
                        for (int e = 1; e <= 3; e++) {
                            double u = NAN;
                            int r = value_eq5d_index(vs, a * 10000 + b * 1000 + c * 100 + d * 10 + e, &u);
                            FUZZ_CHECK(r == VALUE_OK ? isfinite(u) : r < 0);
                        }
        value_eq5d_free(vs);
    }
    free(text);
    return 0;
}
