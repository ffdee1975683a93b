/* CMS-HCC scores from arbitrary bytes: the first five bytes are a person's
 * segment, age, sex, OREC and Medicaid (taken modulo a little beyond their
 * ranges, so bad values occur), the rest split at newlines into codes.
 * value_hcc_score and value_hcc_explain either refuse with a status, or
 * give the same finite score, and every code gets a status.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5)
        return 0;
    char *text = fuzz_text(data + 5, size - 5);
    if (text == NULL)
        return 0;
    const char *codes[64];
    int32_t person[64], st[64];
    size_t n = fuzz_lines(text, codes, 64);
    for (size_t k = 0; k < n; k++)
        person[k] = 0;
    int32_t seg = data[0] % 11, age = data[1] % 140, sex = data[2] % 4, orec = data[3] % 5, md = data[4] % 3;
    for (int v = 0; v < 2; v++) {
        value_hcc *m = NULL;
        FUZZ_CHECK(value_hcc_new(v ? "V28" : "V24", &m) == VALUE_OK);
        double score = -1;
        size_t inv = 0;
        int rc = value_hcc_score(m, &seg, &age, &sex, &orec, &md, 1, person, codes, n, &score, 1, st, n, &inv);
        FUZZ_CHECK(rc <= 0);
        value_hcc_explanation *e = NULL;
        int rc2 = value_hcc_explain(m, seg, age, sex, orec, md, codes, n, &e);
        FUZZ_CHECK(rc == rc2);
        if (rc == VALUE_OK) {
            FUZZ_CHECK(isfinite(score) && inv <= n);
            for (size_t k = 0; k < n; k++)
                FUZZ_CHECK(st[k] >= VALUE_HCC_CODE_MAPPED && st[k] <= VALUE_HCC_CODE_INVALID);
            double es = NAN;
            FUZZ_CHECK(value_hcc_explanation_score(e, &es) == VALUE_OK && es == score);
            value_hcc_explanation_free(e);
        }
        value_hcc_free(m);
    }
    free(text);
    return 0;
}
