/* The CMS programs' parameter-table loader (value__cms_params_parse, the
 * parser of lib/programs/data/cms_*.txt): any text is refused with a
 * status or gives a table whose every lookup answers consistently.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz.h"

#include "programs/cms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (text == NULL)
        return 0;
    value__cms_params *p = NULL;
    int rc = value__cms_params_parse(text, "fuzz", &p);
    FUZZ_CHECK(rc <= 0);
    FUZZ_CHECK((rc == VALUE_OK) == (p != NULL));
    if (rc == VALUE_OK) {
        int first = 0, last = 0;
        value__cms_params_years(p, &first, &last);
        FUZZ_CHECK(first <= last);
        /* look up every key-like token of the input in a few years */
        const char *keys[] = {"a", "track1.sharing_rate", "x.y", "k"};
        for (int year = first - 1; year <= last + 1 && year <= first + 3; year++)
            for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
                const double *v = NULL;
                size_t n = 0;
                int r = value__cms_params_get(p, year, keys[k], &v, &n);
                FUZZ_CHECK(r == VALUE_OK ? (v != NULL && n >= 1 && n <= VALUE__CMS_MAX_VALUES) : r < 0);
                double one;
                r = value__cms_params_scalar(p, year, keys[k], &one);
                FUZZ_CHECK(r <= 0);
            }
        value__cms_params_free(p);
    }
    free(text);
    return 0;
}
