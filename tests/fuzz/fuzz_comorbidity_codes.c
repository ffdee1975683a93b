/* Charlson/Elixhauser flags from arbitrary bytes: the first byte picks the
 * algorithm (modulo a little beyond the seven, so an unknown index is
 * skipped) and the rest splits at newlines into codes of three people.
 * value_comorbidity_flags gives 0/1 flags, a status in range for every
 * code and an invalid count that matches them; the hierarchy only clears
 * flags; every weighted score is finite, and person 0's explanation adds
 * up to the same score.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *name = NULL;
    if (value_comorbidity_algorithm((size_t)(data[0] % 8), &name) != VALUE_OK)
        return 0;
    char *text = fuzz_text(data + 1, size - 1);
    if (text == NULL)
        return 0;
    const char *codes[64];
    int32_t person[64], st[64];
    size_t n = fuzz_lines(text, codes, 64);
    for (size_t k = 0; k < n; k++)
        person[k] = (int32_t)(k % 3);
    value_comorbidity *c = NULL;
    FUZZ_CHECK(value_comorbidity_new(name, &c) == VALUE_OK);
    size_t nc = 0, nw = 0, inv = 0, inv2 = 0;
    FUZZ_CHECK(value_comorbidity_condition_count(c, &nc) == VALUE_OK && nc <= 32);
    double f[3 * 32], h[3 * 32], score[3];
    FUZZ_CHECK(value_comorbidity_flags(c, person, codes, n, 3, 0, f, 3 * nc, st, n, &inv) == VALUE_OK);
    FUZZ_CHECK(value_comorbidity_flags(c, person, codes, n, 3, 1, h, 3 * nc, st, n, &inv2) == VALUE_OK);
    size_t counted = 0;
    for (size_t k = 0; k < n; k++) {
        FUZZ_CHECK(st[k] >= VALUE_COMORBIDITY_CODE_MATCHED && st[k] <= VALUE_COMORBIDITY_CODE_INVALID);
        counted += st[k] == VALUE_COMORBIDITY_CODE_INVALID;
    }
    FUZZ_CHECK(inv == counted && inv2 == counted);
    for (size_t k = 0; k < 3 * nc; k++)
        FUZZ_CHECK((f[k] == 0 || f[k] == 1) && (h[k] == 0 || h[k] == 1) && h[k] <= f[k]);
    FUZZ_CHECK(value_comorbidity_weight_count(c, &nw) == VALUE_OK);
    for (size_t w = 0; w < nw; w++) {
        const char *wn = NULL;
        FUZZ_CHECK(value_comorbidity_weight_name(c, w, &wn) == VALUE_OK);
        FUZZ_CHECK(value_comorbidity_score(c, wn, f, 3 * nc, score, 3) == VALUE_OK);
        for (size_t i = 0; i < 3; i++)
            FUZZ_CHECK(isfinite(score[i]));
        /* person 0's rows (every third) explained: the same score */
        const char *mine[22];
        size_t nm = 0;
        for (size_t k = 0; k < n; k += 3)
            mine[nm++] = codes[k];
        value_comorbidity_explanation *e = NULL;
        double es = NAN;
        FUZZ_CHECK(value_comorbidity_explain(c, wn, mine, nm, &e) == VALUE_OK);
        FUZZ_CHECK(value_comorbidity_explanation_score(e, &es) == VALUE_OK && es == score[0]);
        value_comorbidity_explanation_free(e);
    }
    value_comorbidity_free(c);
    free(text);
    return 0;
}
