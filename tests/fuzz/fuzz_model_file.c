/* Model files from text (value_model_parse): any bytes are refused with a
 * status, the message naming a line and column, and the output untouched;
 * or they give a model whose every item has a name and whose every option
 * reads back finite.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    value_model *m = (value_model *)&m;
    int rc = value_model_parse((const char *)data, size, &m);
    FUZZ_CHECK(rc <= 0);
    if (rc != VALUE_OK) {
        FUZZ_CHECK(m == (value_model *)&m);
        /* the loader's and libyaml's faults are placed; memory is not */
        FUZZ_CHECK(rc == VALUE_ENOMEM || strncmp(value_errmsg(), "line number ", 12) == 0);
        return 0;
    }
    FUZZ_CHECK(m != NULL && m != (value_model *)&m);
    for (int what = VALUE_MODEL_STATES; what <= VALUE_MODEL_TABLES; what++) {
        size_t n = 0;
        FUZZ_CHECK(value_model_count(m, what, &n) == VALUE_OK);
        for (size_t i = 0; i < n; i++) {
            const char *name = NULL;
            FUZZ_CHECK(value_model_name(m, what, i, &name) == VALUE_OK && name != NULL);
        }
    }
    double cycles = 0;
    for (int o = VALUE_MODEL_CYCLES; o <= VALUE_MODEL_TUNNEL_LIMIT; o++) {
        double v = NAN;
        FUZZ_CHECK(value_model_get(m, (value_model_option)o, &v) == VALUE_OK && isfinite(v));
        if (o == VALUE_MODEL_CYCLES)
            cycles = v;
    }
    /* a loaded model checks, or says why not (short horizons only: a check
     * runs the base case, and the fuzzer is after the loader) */
    if (cycles <= 100)
        FUZZ_CHECK(value_model_check(m) <= 0);
    value_model_free(m);
    return 0;
}
