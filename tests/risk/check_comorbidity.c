/* Charlson and Elixhauser flags and scores.  Each code's condition is
 * looked up by hand in the papers' code lists (Quan et al., Med Care
 * 2005;43:1130-9, Table 1 for ICD-10 and ICD-9-CM; Sundararajan et al. 2004
 * for ICD-10-AM), each weight in its paper's table (Charlson 1987 Table 3;
 * Quan 2011 Table 3; van Walraven 2009 Table 2; Sharma 2021 Table 3), and
 * the scores summed in the comments.  Weights are integers, so the sums
 * are exact (checked with ==).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdint.h>
#include <string.h>

#define MAXP 4

typedef struct result {
    size_t nc, invalid;
    double flags[MAXP * 32];
    int32_t status[32];
} result;

static value_comorbidity *algo(const char *name)
{
    value_comorbidity *c = NULL;
    assert_ok(value_comorbidity_new(name, &c));
    return c;
}

static void flags(const value_comorbidity *c, const int32_t *person, const char *const *codes, size_t n,
                  size_t n_people, int hier, result *r)
{
    assert_ok(value_comorbidity_condition_count(c, &r->nc));
    r->invalid = 99;
    assert_ok(value_comorbidity_flags(c, person, codes, n, n_people, hier, r->flags, n_people * r->nc, r->status, n,
                                      &r->invalid));
}

/* The flagged conditions of person p as "a b c" in column order. */
static const char *flagged(const value_comorbidity *c, const result *r, size_t p, char *buf)
{
    buf[0] = '\0';
    for (size_t k = 0; k < r->nc; k++)
        if (r->flags[p * r->nc + k] == 1.0) {
            const char *name;
            assert_ok(value_comorbidity_condition(c, k, &name, NULL));
            if (buf[0])
                strcat(buf, " ");
            strcat(buf, name);
        }
    return buf;
}

static double score(const value_comorbidity *c, const char *w, const result *r, size_t p, size_t n_people)
{
    double out[MAXP];
    assert_ok(value_comorbidity_score(c, w, r->flags, n_people * r->nc, out, n_people));
    return out[p];
}

/* Charlson, Quan ICD-10.  Person 0: I21.9 MI (I21), I50.9 CHF (I50), E11.9
 * diabetes (E11.9), E11.2 diabetes with complications (E11.2), C78.0
 * metastatic (C78), C50.9 any malignancy (C50), K70.3 mild liver (K70.3),
 * K72.1 moderate/severe liver (K72.1).  The hierarchy keeps mi chf diabwc
 * msld metacanc: Charlson 1987 1 + 1 + 2 + 3 + 6 = 13; Quan 2011
 * 0 + 2 + 1 + 4 + 6 = 13.  Person 1: F03 dementia, J44.9 chronic pulmonary,
 * N18.5 renal, I70.2 peripheral vascular: Charlson 1 + 1 + 2 + 1 = 5, Quan
 * 2 + 1 + 1 + 0 = 4.  Person 2 has no code: nothing, 0. */
START_TEST(charlson_icd10_hand)
{
    value_comorbidity *c = algo("charlson_icd10_quan");
    const char *codes[] = {"I21.9", "i50.9", " E119", "E11.2\t", "C78.0", "C509", "K70.3", "K72.1",
                           "F03", "J44.9", "N18.5", "I70.2"};
    int32_t person[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
    result r;
    char buf[400];
    flags(c, person, codes, 12, 3, 0, &r);
    ck_assert_uint_eq(r.nc, 17);
    ck_assert_uint_eq(r.invalid, 0);
    ck_assert_str_eq(flagged(c, &r, 0, buf), "mi chf mld diab diabwc canc msld metacanc");
    ck_assert_str_eq(flagged(c, &r, 1, buf), "pvd dementia cpd rend");
    ck_assert_str_eq(flagged(c, &r, 2, buf), "");
    /* Scores apply the hierarchy whether or not the flags have it. */
    ck_assert(score(c, "charlson", &r, 0, 3) == 13.0);
    ck_assert(score(c, "quan", &r, 0, 3) == 13.0);
    ck_assert(score(c, "charlson", &r, 1, 3) == 5.0);
    ck_assert(score(c, "quan", &r, 1, 3) == 4.0);
    ck_assert(score(c, "quan", &r, 2, 3) == 0.0);
    flags(c, person, codes, 12, 3, 1, &r);
    ck_assert_str_eq(flagged(c, &r, 0, buf), "mi chf diabwc msld metacanc");
    ck_assert(score(c, "charlson", &r, 0, 3) == 13.0);
    for (size_t k = 0; k < 12; k++)
        ck_assert_int_eq(r.status[k], VALUE_COMORBIDITY_CODE_MATCHED);
    value_comorbidity_free(c);
}
END_TEST

/* Each hierarchy pair alone: the milder form is cleared only by its own
 * severe form.  K70.3 + C50.9 + E11.9 without their severe forms keep all
 * three (Charlson 1987: 1 + 2 + 1 = 4); adding K72.1 clears mld only
 * (2 + 1 + 3 = 6); adding E11.2 clears diab (2 + 3 + 2 = 7); adding C78.0
 * clears canc (3 + 2 + 6 = 11). */
START_TEST(charlson_hierarchy_pairs)
{
    value_comorbidity *c = algo("charlson_icd10_quan");
    const char *codes[] = {"K703", "C509", "E119", "K721", "E112", "C780"};
    int32_t person[6] = {0};
    const double want[4] = {4, 6, 7, 11};
    const char *kept[4] = {"mld diab canc", "diab canc msld", "diabwc canc msld", "diabwc msld metacanc"};
    for (size_t n = 3; n <= 6; n++) {
        result r;
        char buf[200];
        flags(c, person, codes, n, 1, 1, &r);
        ck_assert_str_eq(flagged(c, &r, 0, buf), kept[n - 3]);
        ck_assert(score(c, "charlson", &r, 0, 1) == want[n - 3]);
    }
    value_comorbidity_free(c);
}
END_TEST

/* Elixhauser, Quan ICD-10: I10 hypertension uncomplicated; I11.0 is in
 * both CHF (I11.0) and complicated hypertension (I11); E11.9 / E11.2
 * diabetes un/complicated; C78.0 metastatic; C50.9 solid tumour; K70.3 in
 * liver disease (K70) and alcohol abuse (K70.3); F32.9 depression; E66.9
 * obesity; D50.0 blood loss anaemia.  The hierarchy clears hypunc, diabunc
 * and solidtum.  van Walraven: chf 7 + hypc 0 + diabc 0 + metacanc 12 +
 * ld 11 + alcohol 0 + depre -3 + obes -4 + blane -2 = 21.  Swiss: 13 - 3
 * - 1 + 17 + 16 - 3 - 3 - 6 - 5 = 25. */
START_TEST(elixhauser_icd10_hand)
{
    value_comorbidity *c = algo("elixhauser_icd10_quan");
    const char *codes[] = {"I10", "I11.0", "E11.9", "E11.2", "C78.0", "C50.9", "K70.3", "F32.9", "E66.9", "D50.0"};
    int32_t person[10] = {0};
    result r;
    char buf[400];
    flags(c, person, codes, 10, 1, 0, &r);
    ck_assert_uint_eq(r.nc, 31);
    ck_assert_str_eq(flagged(c, &r, 0, buf),
                     "chf hypunc hypc diabunc diabc ld metacanc solidtum obes blane alcohol depre");
    ck_assert(score(c, "vw", &r, 0, 1) == 21.0);
    ck_assert(score(c, "swiss", &r, 0, 1) == 25.0);
    flags(c, person, codes, 10, 1, 1, &r);
    ck_assert_str_eq(flagged(c, &r, 0, buf), "chf hypc diabc ld metacanc obes blane alcohol depre");
    value_comorbidity_free(c);
}
END_TEST

/* ICD-9-CM, Quan: 410.01 MI (410), 428.0 CHF (428), 250.00 diabetes
 * (250.0), 250.40 with complications (250.4), 196.1 metastatic (196),
 * 174.9 malignancy (174), V42.7 mild liver (V42.7), 572.2 severe liver
 * (572.2), 290.0 dementia (290).  Charlson 1987 after the hierarchy:
 * mi 1 + chf 1 + dementia 1 + diabwc 2 + msld 3 + metacanc 6 = 14; Quan
 * 0 + 2 + 2 + 1 + 4 + 6 = 15.  E812.1 is a well-formed E code in no
 * condition; 9999X is not ICD-9-CM. */
START_TEST(charlson_icd9_hand)
{
    value_comorbidity *c = algo("charlson_icd9_quan");
    int v = 0;
    assert_ok(value_comorbidity_icd_version(c, &v));
    ck_assert_int_eq(v, 9);
    const char *codes[] = {"410.01", "4280", "250.00", "250.40", "196.1", "174.9", "v42.7", "572.2", "290.0",
                           "E812.1", "9999X"};
    int32_t person[11] = {0};
    result r;
    char buf[400];
    flags(c, person, codes, 11, 1, 1, &r);
    ck_assert_str_eq(flagged(c, &r, 0, buf), "mi chf dementia diabwc msld metacanc");
    ck_assert(score(c, "charlson", &r, 0, 1) == 14.0);
    ck_assert(score(c, "quan", &r, 0, 1) == 15.0);
    ck_assert_int_eq(r.status[9], VALUE_COMORBIDITY_CODE_UNMATCHED);
    ck_assert_int_eq(r.status[10], VALUE_COMORBIDITY_CODE_INVALID);
    ck_assert_uint_eq(r.invalid, 1);
    value_comorbidity_free(c);
}
END_TEST

/* Elixhauser ICD-9-CM: 402.01 is in CHF (402.01) and complicated
 * hypertension (402), 401.9 uncomplicated (401), 278.0 obesity (278.0):
 * van Walraven chf 7 + hypc 0 + obes -4 = 3 (hypunc cleared). */
START_TEST(elixhauser_icd9_hand)
{
    value_comorbidity *c = algo("elixhauser_icd9_quan");
    const char *codes[] = {"402.01", "401.9", "278.00"};
    int32_t person[3] = {0};
    result r;
    char buf[200];
    flags(c, person, codes, 3, 1, 0, &r);
    ck_assert_str_eq(flagged(c, &r, 0, buf), "chf hypunc hypc obes");
    ck_assert(score(c, "vw", &r, 0, 1) == 3.0);
    value_comorbidity_free(c);
}
END_TEST

/* The Australian lists with and without the u-codes (Sundararajan 2004):
 * U82.2 counts for CHF only in the u-code variant; E10.5 is diabetes
 * without complications in ICD-10-AM but with them in Quan's ICD-10. */
START_TEST(australian_variants)
{
    const char *codes[] = {"U82.2", "E10.5"};
    int32_t person[2] = {0, 0};
    result r;
    char buf[200];
    value_comorbidity *c = algo("charlson_icd10_am");
    flags(c, person, codes, 2, 1, 0, &r);
    ck_assert_str_eq(flagged(c, &r, 0, buf), "diab");
    ck_assert_int_eq(r.status[0], VALUE_COMORBIDITY_CODE_UNMATCHED);
    value_comorbidity_free(c);
    c = algo("charlson_icd10_am_ucodes");
    flags(c, person, codes, 2, 1, 0, &r);
    ck_assert_str_eq(flagged(c, &r, 0, buf), "chf diab");
    value_comorbidity_free(c);
    c = algo("charlson_icd10_quan");
    flags(c, person, codes, 2, 1, 0, &r);
    ck_assert_str_eq(flagged(c, &r, 0, buf), "diabwc");
    value_comorbidity_free(c);
}
END_TEST

/* Rows grouped by person and the same rows shuffled give the same flags
 * and statuses (two paths through value_comorbidity_flags). */
START_TEST(row_order)
{
    value_comorbidity *c = algo("elixhauser_icd10_quan");
    const char *sorted_codes[7] = {"I11.0", "bad", "E11.9", "K70.3", "I10", "C78.0", "C50.9"};
    int32_t sorted_person[7] = {0, 0, 1, 1, 3, 3, 3};
    const int perm[7] = {6, 2, 0, 5, 1, 4, 3};
    const char *codes[7];
    int32_t person[7];
    for (int k = 0; k < 7; k++)
        codes[k] = sorted_codes[perm[k]], person[k] = sorted_person[perm[k]];
    result a, b;
    for (int h = 0; h < 2; h++) {
        flags(c, sorted_person, sorted_codes, 7, 4, h, &a);
        flags(c, person, codes, 7, 4, h, &b);
        ck_assert_uint_eq(a.invalid, 1);
        ck_assert_uint_eq(b.invalid, 1);
        ck_assert(memcmp(a.flags, b.flags, 4 * 31 * sizeof(double)) == 0);
        for (int k = 0; k < 7; k++)
            ck_assert_int_eq(b.status[k], a.status[perm[k]]);
    }
    char buf[200];
    ck_assert_str_eq(flagged(c, &a, 3, buf), "hypunc metacanc"); /* hierarchy on: C50.9's solidtum cleared */
    ck_assert_str_eq(flagged(c, &a, 2, buf), "");
    value_comorbidity_free(c);
}
END_TEST

/* One person explained: I21.9 (MI, prefix I21), K70.3 (mild liver, prefix
 * K70.3), K72.1 (severe liver, K72.1), Z00.00 (in no list), 12X (not
 * ICD-10).  Mild liver disease is cleared by the severe form; Charlson 1987
 * weights: mi 1 + msld 3 = 4, the same as value_comorbidity_score of the
 * person's flags. */
START_TEST(explanation_lines)
{
    value_comorbidity *c = algo("charlson_icd10_quan");
    const char *codes[] = {"I21.9", "k70.3", "K72.1", "Z00.00", "12X"};
    value_comorbidity_explanation *e = NULL;
    assert_ok(value_comorbidity_explain(c, "charlson", codes, 5, &e));
    size_t n = 0;
    assert_ok(value_comorbidity_explanation_line_count(e, &n));
    const char *want[][3] = {{"code", "mi", "I219"},      {"code", "mld", "K703"},  {"code", "msld", "K721"},
                             {"unmatched", "", "Z0000"},  {"invalid", "", "12X"},  {"hierarchy", "mld", ""},
                             {"condition", "mi", ""},     {"condition", "msld", ""}, {"score", "", ""}};
    const double weight[] = {0, 0, 0, 0, 0, 0, 1, 3, 4};
    ck_assert_uint_eq(n, 9);
    for (size_t i = 0; i < n; i++) {
        const char *step, *item, *code, *text;
        double w;
        assert_ok(value_comorbidity_explanation_line(e, i, &step, &item, &code, &text, &w));
        ck_assert_str_eq(step, want[i][0]);
        ck_assert_str_eq(item, want[i][1]);
        ck_assert_str_eq(code, want[i][2]);
        ck_assert(w == weight[i]);
        if (i == 0)
            ck_assert_str_eq(text, "I219 starts with I21, listed under mi (Myocardial infarction)");
        if (i == 5)
            ck_assert_ptr_nonnull(strstr(text, "its more severe form msld (Moderate or severe liver disease)"));
    }
    double sc = 0;
    assert_ok(value_comorbidity_explanation_score(e, &sc));
    result r;
    int32_t person[5] = {0};
    flags(c, person, codes, 5, 1, 0, &r);
    ck_assert(sc == 4.0 && sc == score(c, "charlson", &r, 0, 1));
    const char *s1, *s2, *s3, *s4;
    double w;
    assert_fails(value_comorbidity_explanation_line(e, 9, &s1, &s2, &s3, &s4, &w), VALUE_EINVAL,
                 "i is 9, not in [0, 9)");
    value_comorbidity_explanation_free(e);
    e = NULL;
    assert_fails(value_comorbidity_explain(c, "vw", codes, 5, &e), VALUE_ENOTFOUND, "unknown weight set 'vw'");
    const char *withnull[] = {"I21.9", NULL};
    assert_fails(value_comorbidity_explain(c, "quan", withnull, 2, &e), VALUE_EINVAL, "codes[1] is NULL");
    ck_assert_ptr_null(e);
    /* no codes: only the score line, 0 */
    assert_ok(value_comorbidity_explain(c, "quan", NULL, 0, &e));
    assert_ok(value_comorbidity_explanation_line_count(e, &n));
    assert_ok(value_comorbidity_explanation_score(e, &sc));
    ck_assert(n == 1 && sc == 0);
    value_comorbidity_explanation_free(e);
    value_comorbidity_explanation_free(NULL);
    value_comorbidity_free(c);
}
END_TEST

START_TEST(catalogue)
{
    size_t n = 0;
    assert_ok(value_comorbidity_algorithm_count(&n));
    ck_assert_uint_eq(n, 7);
    const size_t conds[7] = {17, 17, 17, 17, 17, 31, 31};
    for (size_t i = 0; i < n; i++) {
        const char *name;
        assert_ok(value_comorbidity_algorithm(i, &name));
        value_comorbidity *c = algo(name);
        size_t nc, nw;
        assert_ok(value_comorbidity_condition_count(c, &nc));
        ck_assert_uint_eq(nc, conds[i]);
        assert_ok(value_comorbidity_weight_count(c, &nw));
        ck_assert_uint_eq(nw, 2);
        const char *w0, *w1, *label;
        assert_ok(value_comorbidity_weight_name(c, 0, &w0));
        assert_ok(value_comorbidity_weight_name(c, 1, &w1));
        ck_assert_str_eq(w0, nc == 17 ? "charlson" : "vw");
        ck_assert_str_eq(w1, nc == 17 ? "quan" : "swiss");
        assert_ok(value_comorbidity_condition(c, 0, &name, &label));
        ck_assert_str_eq(label, nc == 17 ? "Myocardial infarction" : "Congestive heart failure");
        value_comorbidity_free(c);
    }
}
END_TEST

START_TEST(bad_input)
{
    value_comorbidity *c = NULL;
    assert_fails(value_comorbidity_new("charlson_icd10_qan", &c), VALUE_ENOTFOUND,
                 "did you mean 'charlson_icd10_quan'");
    assert_fails(value_comorbidity_new("hcc", &c), VALUE_ENOTFOUND, "nearest of 7 known");
    assert_fails(value_comorbidity_new(NULL, &c), VALUE_EINVAL, "algorithm");
    ck_assert_ptr_null(c);
    c = algo("charlson_icd10_quan");
    const char *codes[] = {"I219", "", "12345", "I21.9.1", "I2", "ZZZ"};
    int32_t person[6] = {0, 0, 1, 1, 0, 0};
    double f[2 * 17];
    int32_t st[6];
    size_t inv = 0;
    /* Invalid codes are counted and reported, never fatal: "" (empty), 12345
     * (ICD-10 starts with a letter), I21.9.1 (two dots), I2 (too short),
     * ZZZ (no digit second). */
    assert_ok(value_comorbidity_flags(c, person, codes, 6, 2, 0, f, 34, st, 6, &inv));
    ck_assert_uint_eq(inv, 5);
    ck_assert_int_eq(st[0], VALUE_COMORBIDITY_CODE_MATCHED);
    for (int k = 1; k < 6; k++)
        ck_assert_int_eq(st[k], VALUE_COMORBIDITY_CODE_INVALID);
    /* A failed call leaves every output as it was. */
    double keep[34];
    for (int k = 0; k < 34; k++)
        f[k] = keep[k] = 7;
    st[0] = 42;
    inv = 42;
    person[2] = 2;
    assert_fails(value_comorbidity_flags(c, person, codes, 6, 2, 0, f, 34, st, 6, &inv), VALUE_EINVAL,
                 "person[2] is 2, not in [0, 2)");
    person[2] = -1;
    assert_fails(value_comorbidity_flags(c, person, codes, 6, 2, 0, f, 34, st, 6, &inv), VALUE_EINVAL,
                 "person[2] is -1");
    person[2] = 1;
    const char *withnull[] = {"I219", NULL};
    assert_fails(value_comorbidity_flags(c, person, withnull, 2, 2, 0, f, 34, st, 2, &inv), VALUE_EINVAL,
                 "codes[1] is NULL");
    assert_fails(value_comorbidity_flags(c, person, codes, 6, 2, 0, f, 33, st, 6, &inv), VALUE_EINVAL,
                 "out_len must be 34");
    assert_fails(value_comorbidity_flags(c, person, codes, 6, 2, 0, f, 34, st, 5, &inv), VALUE_EINVAL,
                 "out_status_len must be 6");
    assert_fails(value_comorbidity_flags(c, person, codes, 6, 0, 0, f, 0, st, 6, &inv), VALUE_EINVAL, "n_people");
    assert_fails(value_comorbidity_flags(c, person, codes, 6, 2, 2, f, 34, st, 6, &inv), VALUE_EINVAL,
                 "apply_hierarchy is 2");
    assert_fails(value_comorbidity_flags(NULL, person, codes, 6, 2, 0, f, 34, st, 6, &inv), VALUE_EINVAL, "c");
    assert_fails(value_comorbidity_flags(c, NULL, codes, 6, 2, 0, f, 34, st, 6, &inv), VALUE_EINVAL, "person");
    for (int k = 0; k < 34; k++)
        ck_assert(f[k] == keep[k]);
    ck_assert_int_eq(st[0], 42);
    ck_assert_uint_eq(inv, 42);
    /* No codes at all: everyone has nothing. */
    assert_ok(value_comorbidity_flags(c, NULL, NULL, 0, 2, 1, f, 34, NULL, 0, &inv));
    ck_assert_uint_eq(inv, 0);
    for (int k = 0; k < 34; k++)
        ck_assert(f[k] == 0);
    double out[2] = {5, 5};
    assert_fails(value_comorbidity_score(c, "vw", f, 34, out, 2), VALUE_ENOTFOUND, "known: 'quan', 'charlson'");
    assert_fails(value_comorbidity_score(c, "quan", f, 17, out, 2), VALUE_EINVAL, "flags_len must be 34");
    f[20] = 0.5;
    assert_fails(value_comorbidity_score(c, "quan", f, 34, out, 2), VALUE_EINVAL, "flags[20] (person 1, cevd) is 0.5");
    f[20] = NAN;
    assert_fails(value_comorbidity_score(c, "quan", f, 34, out, 2), VALUE_EINVAL, "is NaN");
    ck_assert(out[0] == 5 && out[1] == 5);
    const char *name;
    assert_fails(value_comorbidity_condition(c, 17, &name, NULL), VALUE_EINVAL, "k is 17, not in [0, 17)");
    assert_fails(value_comorbidity_weight_name(c, 2, &name), VALUE_EINVAL, "i is 2, not in [0, 2)");
    assert_fails(value_comorbidity_algorithm(7, &name), VALUE_EINVAL, "i is 7, not in [0, 7)");
    value_comorbidity_free(c);
    value_comorbidity_free(NULL);
}
END_TEST

static Suite *comorbidity_suite(void)
{
    Suite *s = suite_create("comorbidity");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, charlson_icd10_hand);
    tcase_add_test(tc, charlson_hierarchy_pairs);
    tcase_add_test(tc, elixhauser_icd10_hand);
    tcase_add_test(tc, charlson_icd9_hand);
    tcase_add_test(tc, elixhauser_icd9_hand);
    tcase_add_test(tc, australian_variants);
    tcase_add_test(tc, row_order);
    tcase_add_test(tc, explanation_lines);
    tcase_add_test(tc, catalogue);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(comorbidity_suite());
}
