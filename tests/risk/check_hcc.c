/* CMS-HCC V24 and V28 raw scores.  Every expected number is a hand sum
 * of CMS's published relative factors (V28hcccoefn.csv / V24hcccoefn.csv
 * in tests/data/hcc/, the tables of the 2024 and 2020 Rate Announcements),
 * with the CC of each code from CMS's map (F2824T1N / F2422P1M) and the
 * rule from CMS's SAS programs, cited beside each case.  The factors
 * have 3 decimals, so sums are checked to 1e-12.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdint.h>
#include <string.h>

#define TOL 1e-12

static double score1(const char *ver, int seg, int age, int sex, int orec, int mcaid, const char *const *codes,
                     size_t n, int32_t *status)
{
    value_hcc *m = NULL;
    assert_ok(value_hcc_new(ver, &m));
    int32_t s = seg, a = age, x = sex, o = orec, md = mcaid;
    int32_t person[16] = {0};
    int32_t st[16];
    double out = -1;
    size_t inval = 99;
    assert_ok(value_hcc_score(m, &s, &a, &x, &o, &md, 1, person, codes, n, &out, 1, status ? status : st, n, &inval));
    value_hcc_free(m);
    return out;
}

/* V28 CNA, female 72, OREC 0: E1122 -> CC37, I5022 -> CC226 (F2824T1N).
 * F70_74 0.395 + HCC37 0.166 + HCC226 0.360 + DIABETES_HF_V28 0.112
 * (DIABETES_V28 x HF_V28, V2823T2M) + D2 0 = 1.033. */
START_TEST(v28_diabetes_heart_failure)
{
    const char *c[] = {"E1122", "I50.22"};
    assert_abs(score1("V28", VALUE_HCC_CNA, 72, 2, 0, 0, c, 2, NULL), 1.033, TOL);
}
END_TEST

/* Diabetes hierarchy (V28115H1.TXT:39, 37 drops 38): E1122 CC37 + E119 CC38
 * keeps HCC37: F70_74 0.395 + HCC37 0.166 + D1 0 = 0.561 (no HF: no interaction). */
START_TEST(v28_hierarchy_diabetes)
{
    const char *c[] = {"E1122", "e119"};
    assert_abs(score1("V28", VALUE_HCC_CNA, 72, 2, 0, 0, c, 2, NULL), 0.561, TOL);
}
END_TEST

/* Heart: the patch of V2823T2M clears CC223 (T82512A, F2824T1N) unless one
 * of CC221/222/224/225/226 is there: alone, F70_74 0.395 and nothing else
 * (no HCC: no D variable).  With I5022 (CC226) it stays and Heart 3
 * (V28115H1.TXT:72) drops 226: F70_74 0.395 + HCC223 2.505 + D1 0 = 2.900. */
START_TEST(v28_heart_patch)
{
    const char *alone[] = {"T82512A"};
    assert_abs(score1("V28", VALUE_HCC_CNA, 72, 2, 0, 0, alone, 1, NULL), 0.395, TOL);
    const char *both[] = {"T82512A", "I5022"};
    assert_abs(score1("V28", VALUE_HCC_CNA, 72, 2, 0, 0, both, 2, NULL), 2.900, TOL);
}
END_TEST

/* Edits (V28I0ED1.TXT:35): a woman with D66 gets CC112, not the map's
 * CC111: F70_74 0.395 + HCC112 0.450 = 0.845; a man keeps CC111:
 * M70_74 0.396 + HCC111 4.639 = 5.035. */
START_TEST(v28_edit_sex)
{
    const char *c[] = {"D66"};
    assert_abs(score1("V28", VALUE_HCC_CNA, 70, 2, 0, 0, c, 1, NULL), 0.845, TOL);
    assert_abs(score1("V28", VALUE_HCC_CNA, 70, 1, 0, 0, c, 1, NULL), 5.035, TOL);
}
END_TEST

/* V28I0ED1.TXT:42: breast cancer C50911 under 50 -> CC22 (map: CC23).
 * CND female 45: F45_54 0.340 + HCC22 0.366 = 0.706.
 * V28I0ED1.TXT:37: J449 under 18 is invalid: CND male 10 gets M0_34 only. */
START_TEST(v28_edit_age)
{
    const char *c[] = {"C50.911"};
    int32_t st = -1;
    assert_abs(score1("V28", VALUE_HCC_CND, 45, 2, 1, 0, c, 1, &st), 0.706, TOL);
    ck_assert_int_eq(st, VALUE_HCC_CODE_MAPPED);
    const char *j[] = {"J449"};
    value_hcc *m;
    assert_ok(value_hcc_new("V28", &m));
    double m0;
    assert_ok(value_hcc_factor(m, VALUE_HCC_CND, "M0_34", &m0));
    value_hcc_free(m);
    assert_abs(score1("V28", VALUE_HCC_CND, 10, 1, 1, 0, j, 1, &st), m0, TOL);
    ck_assert_int_eq(st, VALUE_HCC_CODE_EDITED);
}
END_TEST

/* Institutional, male 62 disabled (OREC 1, so DISABL = 1), LTIMCAID 1,
 * J449 -> CC280: M60_64 0.917 + LTIMCAID 0.130 + HCC280 0.312
 * + DISABLED_CHR_LUNG_V28 0.278 + D1 0 = 1.637. */
START_TEST(v28_institutional)
{
    const char *c[] = {"J449"};
    assert_abs(score1("V28", VALUE_HCC_INS, 62, 1, 1, 1, c, 1, NULL), 1.637, TOL);
}
END_TEST

/* New enrollees (AGESEXV2: 64 with OREC 0 is in the 65 cell):
 * NE female 64 OREC 0 non-Medicaid: NMCAID_NORIGDIS_NEF65 0.532;
 * NE male 72 OREC 1 Medicaid: MCAID_ORIGDIS_NEM70_74 1.959; codes ignored. */
START_TEST(v28_new_enrollee)
{
    const char *c[] = {"J449"};
    assert_abs(score1("V28", VALUE_HCC_NE, 64, 2, 0, 0, c, 1, NULL), 0.532, TOL);
    assert_abs(score1("V28", VALUE_HCC_NE, 72, 1, 1, 1, NULL, 0, NULL), 1.959, TOL);
}
END_TEST

/* V24 CNA, female 64 with OREC 0 counts as 65 (V2419P1M): E1122 -> CC18,
 * I5022 -> CC85 (F2422P1M): F65_69 0.323 + HCC18 0.302 + HCC85 0.331
 * + DIABETES_CHF 0.121 + D2 0 = 1.077. */
START_TEST(v24_diabetes_chf)
{
    const char *c[] = {"E1122", "I5022"};
    assert_abs(score1("V24", VALUE_HCC_CNA, 64, 2, 0, 0, c, 2, NULL), 1.077, TOL);
}
END_TEST

/* Code reading at the edges of the fast path: 3 and 7 characters are
 * well-formed, 8 are not; a letter in the third place is allowed (ICD-10-CM
 * categories such as C4A); a blank or lower case goes the slow way to the
 * same key.  T82512A maps to CC223 and C4A0 to CC21 (F2824T1N), Z000 to
 * nothing. */
START_TEST(invalid_codes_counted)
{
    value_hcc *m;
    assert_ok(value_hcc_new("V28", &m));
    int32_t seg[2] = {1, 1}, age[2] = {70, 80}, sex[2] = {1, 2}, orec[2] = {0, 0};
    int32_t person[10] = {0, 1, 1, 0, 0, 1, 1, 0, 1, 0};
    const char *codes[10] = {"XYZ", "E11.22", "Z000", "11", "T82512A", "T82512AB", "C4A0", " e1122", "I10", "E1"};
    const int want[10] = {VALUE_HCC_CODE_INVALID, VALUE_HCC_CODE_MAPPED, VALUE_HCC_CODE_UNMAPPED,
                          VALUE_HCC_CODE_INVALID, VALUE_HCC_CODE_MAPPED, VALUE_HCC_CODE_INVALID,
                          VALUE_HCC_CODE_MAPPED, VALUE_HCC_CODE_MAPPED, VALUE_HCC_CODE_UNMAPPED,
                          VALUE_HCC_CODE_INVALID};
    double out[2];
    int32_t st[10];
    size_t inv = 0;
    assert_ok(value_hcc_score(m, seg, age, sex, orec, NULL, 2, person, codes, 10, out, 2, st, 10, &inv));
    ck_assert_uint_eq(inv, 4);
    for (int k = 0; k < 10; k++)
        ck_assert_msg(st[k] == want[k], "codes[%d] '%s': status %d, want %d", k, codes[k], (int)st[k], want[k]);
    value_hcc_free(m);
}
END_TEST

/* Rows grouped by person (scored person by person) and the same rows in
 * another order (through the per-person table) give the same scores, bit
 * for bit, and the same status per row. */
START_TEST(row_order)
{
    value_hcc *m;
    assert_ok(value_hcc_new("V28", &m));
    int32_t seg[3] = {VALUE_HCC_CNA, VALUE_HCC_CND, VALUE_HCC_INS}, age[3] = {72, 50, 80}, sex[3] = {2, 1, 2},
            orec[3] = {0, 1, 0};
    const char *sorted_codes[6] = {"E1122", "I5022", "bad!", "E119", "J449", "I5022"};
    int32_t sorted_person[6] = {0, 0, 0, 2, 2, 2};
    const int perm[6] = {5, 0, 3, 2, 4, 1};
    const char *codes[6];
    int32_t person[6];
    for (int k = 0; k < 6; k++)
        codes[k] = sorted_codes[perm[k]], person[k] = sorted_person[perm[k]];
    double a[3], b[3];
    int32_t sa[6], sb[6];
    size_t ia = 0, ib = 0;
    assert_ok(value_hcc_score(m, seg, age, sex, orec, NULL, 3, sorted_person, sorted_codes, 6, a, 3, sa, 6, &ia));
    assert_ok(value_hcc_score(m, seg, age, sex, orec, NULL, 3, person, codes, 6, b, 3, sb, 6, &ib));
    ck_assert_uint_eq(ia, 1);
    ck_assert_uint_eq(ib, 1);
    for (int i = 0; i < 3; i++)
        ck_assert(a[i] == b[i]);
    for (int k = 0; k < 6; k++)
        ck_assert_int_eq(sb[k], sa[perm[k]]);
    /* person 0: F70_74 0.395 + HCC37 0.166 + HCC226 0.360 + DIABETES_HF_V28 0.112 = 1.033 (as above) */
    assert_abs(a[0], 1.033, TOL);
    value_hcc_free(m);
}
END_TEST

START_TEST(bad_input)
{
    value_hcc *m = NULL;
    assert_fails(value_hcc_new("V22", &m), VALUE_ENOTFOUND, "V24");
    assert_fails(value_hcc_new(NULL, &m), VALUE_EINVAL, "version");
    assert_ok(value_hcc_new("V28", &m));
    int32_t seg = 1, age = 70, sex = 1, orec = 0, md = 0, person = 0;
    const char *code = "E1122";
    double out = -7;
    int32_t st = -7;
    size_t inv = 7;
#define SC(s, a, x, o, d, p) value_hcc_score(m, s, a, x, o, d, 1, p, &code, 1, &out, 1, &st, 1, &inv)
    int32_t bad;
    bad = 0;  assert_fails(SC(&bad, &age, &sex, &orec, &md, &person), VALUE_EINVAL, "segment[0] is 0");
    bad = 131; assert_fails(SC(&seg, &bad, &sex, &orec, &md, &person), VALUE_EINVAL, "age[0] is 131");
    bad = -1; assert_fails(SC(&seg, &bad, &sex, &orec, &md, &person), VALUE_EINVAL, "age[0] is -1");
    bad = 3;  assert_fails(SC(&seg, &age, &bad, &orec, &md, &person), VALUE_EINVAL, "sex[0] is 3");
    bad = 4;  assert_fails(SC(&seg, &age, &sex, &bad, &md, &person), VALUE_EINVAL, "orec[0] is 4");
    bad = 2;  assert_fails(SC(&seg, &age, &sex, &orec, &bad, &person), VALUE_EINVAL, "medicaid[0] is 2");
    bad = 1;  assert_fails(SC(&seg, &age, &sex, &orec, &md, &bad), VALUE_EINVAL, "person[0] is 1, not in [0, 1)");
    bad = 60; assert_fails(SC(&seg, &bad, &sex, &orec, &md, &person), VALUE_EINVAL, "needs age >= 65");
    bad = VALUE_HCC_CND; assert_fails(SC(&bad, &age, &sex, &orec, &md, &person), VALUE_EINVAL, "needs age < 65");
    assert_fails(SC(NULL, &age, &sex, &orec, &md, &person), VALUE_EINVAL, "segment");
    assert_fails(value_hcc_score(m, &seg, &age, &sex, &orec, &md, 1, &person, &code, 1, &out, 2, &st, 1, &inv),
                 VALUE_EINVAL, "out_len");
    ck_assert(out == -7 && st == -7 && inv == 7);
    double f;
    assert_fails(value_hcc_factor(m, 1, "HCC370", &f), VALUE_ENOTFOUND, "HCC37");
    assert_fails(value_hcc_factor(m, 10, "HCC37", &f), VALUE_EINVAL, "segment is 10");
    assert_ok(value_hcc_factor(m, 1, "DIABETES_HF_V28", &f));
    assert_abs(f, 0.112, 0);
    size_t n;
    assert_ok(value_hcc_hcc_count(m, &n));
    ck_assert_uint_eq(n, 115);
    const char *name, *label;
    assert_ok(value_hcc_hcc(m, 0, &name, &label));
    ck_assert_str_eq(name, "HCC1");
    ck_assert_str_eq(label, "HIV/AIDS");
    assert_fails(value_hcc_hcc(m, 115, &name, &label), VALUE_EINVAL, "i is 115, not in [0, 115)");
    value_hcc_free(m);
    assert_ok(value_hcc_new("V24", &m));
    assert_ok(value_hcc_hcc_count(m, &n));
    ck_assert_uint_eq(n, 86);
    value_hcc_free(m);
}
END_TEST

/* The explanation of V28 CNA female 72 with E1122 (CC37), E119 (CC38) and
 * I50.22 (CC226): Diabetes 3 (V28115H1.TXT:39) drops HCC38; F70_74 0.395
 * + HCC37 0.166 + HCC226 0.360 + DIABETES_HF_V28 0.112 + D2 0 = 1.033. */
START_TEST(explanation_lines)
{
    value_hcc *m;
    assert_ok(value_hcc_new("V28", &m));
    const char *c[] = {"E1122", "E119", "I50.22", "nope"};
    value_hcc_explanation *e = NULL;
    assert_ok(value_hcc_explain(m, VALUE_HCC_CNA, 72, 2, 0, 0, c, 4, &e));
    static const char *const want[][3] = {
        {"code", "CC37", "E1122"}, {"code", "CC38", "E119"},       {"code", "CC226", "I50.22"},
        {"invalid", "", "nope"},   {"hierarchy", "HCC38", ""},     {"demographic", "F70_74", ""},
        {"hcc", "HCC37", ""},      {"hcc", "HCC226", ""},          {"interaction", "DIABETES_HF_V28", ""},
        {"count", "D2", ""},       {"score", "", ""}};
    static const double wf[] = {0, 0, 0, 0, 0, 0.395, 0.166, 0.360, 0.112, 0, 1.033};
    size_t n;
    assert_ok(value_hcc_explanation_line_count(e, &n));
    ck_assert_uint_eq(n, 11);
    for (size_t i = 0; i < n; i++) {
        const char *step, *item, *code, *text;
        double f;
        assert_ok(value_hcc_explanation_line(e, i, &step, &item, &code, &text, &f));
        ck_assert_str_eq(step, want[i][0]);
        ck_assert_str_eq(item, want[i][1]);
        ck_assert_str_eq(code, want[i][2]);
        assert_abs(f, wf[i], TOL);
        if (i == 4)
            ck_assert_ptr_nonnull(strstr(text, "V28115H1.TXT:39"));
    }
    double sc;
    assert_ok(value_hcc_explanation_score(e, &sc));
    ck_assert(sc == score1("V28", VALUE_HCC_CNA, 72, 2, 0, 0, c, 4, NULL)); /* the same sum, bit for bit */
    const char *s1, *s2, *s3, *s4;
    double f;
    assert_fails(value_hcc_explanation_line(e, 11, &s1, &s2, &s3, &s4, &f), VALUE_EINVAL, "i is 11, not in [0, 11)");
    value_hcc_explanation_free(e);
    e = NULL;
    assert_fails(value_hcc_explain(m, VALUE_HCC_CNA, 60, 2, 0, 0, c, 4, &e), VALUE_EINVAL, "age is 60");
    ck_assert_ptr_null(e);
    value_hcc_free(m);
}
END_TEST

/* One line of CMS's map file: a code and one of its CCs. */
typedef struct {
    char code[8];
    int cc;
} map_row;

static int row_cmp(const void *a, const void *b)
{
    const map_row *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : (x->cc > y->cc) - (x->cc < y->cc);
}

static int code_cmp(const void *key, const void *row)
{
    return strcmp(key, ((const map_row *)row)->code);
}

/* Every code of CMS's map (F2824T1N / F2422P1M in tests/data/hcc, not the
 * library's copy) gets exactly its payment CCs (the HCCs of the label file,
 * V28115L3 / V24H86L1), and a code one character away that the file does
 * not have gets none: value_hcc_new's perfect hash loses no code and finds
 * none that is not there.  A code is read from its explanation for a man of
 * 72 (CNA), 10 or 1 (CND), at the first age where no age/sex edit touches
 * it; the codes not in the file are scored all at once (rows grouped by
 * person), at 72. */
static void map_agrees(const char *ver, const char *map_name, const char *label_name)
{
    static char paid[1000];
    memset(paid, 0, sizeof paid);
    char *path = tu_data_file(label_name), line[256];
    FILE *f = fopen(path, "r");
    size_t n_paid = 0;
    while (fgets(line, sizeof line, f)) {
        int cc;
        char eq;
        if (sscanf(line, " HCC%d %c", &cc, &eq) == 2 && eq == '=' && cc > 0 && cc < 1000)
            n_paid += !paid[cc], paid[cc] = 1;
    }
    fclose(f);
    free(path);
    size_t cap = 20000, n = 0;
    map_row *rows = malloc(cap * sizeof *rows);
    ck_assert_ptr_nonnull(rows);
    path = tu_data_file(map_name);
    f = fopen(path, "r");
    while (fgets(line, sizeof line, f)) {
        map_row r;
        if (sscanf(line, "%7[A-Z0-9]\t%d", r.code, &r.cc) != 2)
            continue;
        ck_assert_uint_lt(n, cap);
        rows[n++] = r;
    }
    fclose(f);
    free(path);
    qsort(rows, n, sizeof *rows, row_cmp);
    value_hcc *m;
    assert_ok(value_hcc_new(ver, &m));
    size_t n_codes = 0, n_mapped = 0;
    const char **absent = malloc(n * sizeof *absent);
    char(*absent_text)[8] = malloc(n * sizeof *absent_text);
    ck_assert(absent && absent_text);
    size_t n_absent = 0;
    for (size_t i = 0, e; i < n; i = e) {
        int want[4] = {0}, n_want = 0;
        for (e = i; e < n && strcmp(rows[e].code, rows[i].code) == 0; e++)
            if (paid[rows[e].cc] && (n_want == 0 || want[n_want - 1] != rows[e].cc))
                want[n_want++] = rows[e].cc;
        ck_assert_int_le(n_want, 2);
        const char *code = rows[i].code;
        static const int ages[3] = {72, 10, 1};
        int done = 0;
        for (int k = 0; k < 3 && !done; k++) {
            value_hcc_explanation *x = NULL;
            int seg = ages[k] >= 65 ? VALUE_HCC_CNA : VALUE_HCC_CND;
            assert_ok(value_hcc_explain(m, seg, ages[k], 1, ages[k] >= 65 ? 0 : 1, 0, &code, 1, &x));
            size_t nl;
            assert_ok(value_hcc_explanation_line_count(x, &nl));
            int got[4], n_got = 0, edited = 0;
            for (size_t l = 0; l < nl; l++) {
                const char *step, *item, *lc, *text;
                double fac;
                assert_ok(value_hcc_explanation_line(x, l, &step, &item, &lc, &text, &fac));
                edited |= strcmp(step, "edited") == 0 || strstr(text, "age/sex edit") != NULL;
                if (strcmp(step, "code") == 0 && n_got < 4)
                    got[n_got++] = atoi(item + 2); /* "CC37" */
            }
            value_hcc_explanation_free(x);
            if (edited)
                continue;
            done = 1;
            ck_assert_msg(n_got == n_want, "%s %s: %d CCs, CMS's map has %d", ver, code, n_got, n_want);
            for (int c = 0; c < n_got; c++) /* a code's two CCs in either order */
                ck_assert_msg(got[c] == want[c] || (n_got == 2 && got[c] == want[1 - c]), "%s %s: CC%d", ver, code,
                              got[c]);
        }
        ck_assert_msg(done, "%s %s: an edit at every age tried", ver, code);
        n_codes++;
        n_mapped += n_want > 0;
        /* the code with its last character changed, when the file lacks it */
        static const char alt[] = "0123456789AXYZ";
        for (const char *a = alt; *a; a++) {
            char v[8];
            snprintf(v, sizeof v, "%s", code);
            v[strlen(v) - 1] = *a;
            if (bsearch(v, rows, n, sizeof *rows, code_cmp) == NULL) {
                memcpy(absent_text[n_absent], v, sizeof v);
                absent[n_absent] = absent_text[n_absent];
                n_absent++;
                break;
            }
        }
    }
    /* the files' sizes (a parse that found nothing would pass the checks) */
    ck_assert_uint_gt(n_codes, 7000);
    ck_assert_uint_gt(n_mapped, 5000);
    ck_assert_uint_gt(n_absent, 1000);
    ck_assert_uint_eq(n_paid, strcmp(ver, "V28") == 0 ? 115 : 86);
    int32_t *seg = malloc(n_absent * 5 * sizeof *seg), *st = malloc(n_absent * sizeof *st);
    double *out = malloc(n_absent * sizeof *out);
    ck_assert(seg && st && out);
    int32_t *age = seg + n_absent, *sex = age + n_absent, *orec = sex + n_absent, *person = orec + n_absent;
    for (size_t i = 0; i < n_absent; i++)
        seg[i] = VALUE_HCC_CNA, age[i] = 72, sex[i] = 1, orec[i] = 0, person[i] = (int32_t)i;
    size_t inv = 99;
    assert_ok(value_hcc_score(m, seg, age, sex, orec, NULL, n_absent, person, absent, n_absent, out, n_absent, st,
                              n_absent, &inv));
    ck_assert_uint_eq(inv, 0);
    for (size_t i = 0; i < n_absent; i++)
        ck_assert_msg(st[i] != VALUE_HCC_CODE_MAPPED, "%s %s is not in CMS's map, yet maps", ver, absent[i]);
    free(seg), free(st), free(out), free(absent), free(absent_text), free(rows);
    value_hcc_free(m);
}

START_TEST(v28_every_map_code)
{
    map_agrees("V28", "hcc/F2824T1N.TXT", "hcc/V28115L3.TXT");
}
END_TEST

START_TEST(v24_every_map_code)
{
    map_agrees("V24", "hcc/F2422P1M.TXT", "hcc/V24H86L1.TXT");
}
END_TEST

static Suite *hcc_suite(void)
{
    Suite *s = suite_create("hcc");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, v28_diabetes_heart_failure);
    tcase_add_test(tc, v28_hierarchy_diabetes);
    tcase_add_test(tc, v28_heart_patch);
    tcase_add_test(tc, v28_edit_sex);
    tcase_add_test(tc, v28_edit_age);
    tcase_add_test(tc, v28_institutional);
    tcase_add_test(tc, v28_new_enrollee);
    tcase_add_test(tc, v24_diabetes_chf);
    tcase_add_test(tc, invalid_codes_counted);
    tcase_add_test(tc, row_order);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, explanation_lines);
    tcase_add_test(tc, v28_every_map_code);
    tcase_add_test(tc, v24_every_map_code);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(hcc_suite());
}
