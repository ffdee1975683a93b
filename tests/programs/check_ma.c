/* Medicare Advantage payment risk scores (lib/programs/ma.c).  The factors
 * are those of CMS's Rate Announcements (CY 2024: normalization 1.146 for
 * the 2020 CMS-HCC model V24 and 1.015 for the 2024 model V28, blend 67% /
 * 33%; CY 2025: 1.153 and 1.045, blend 33% / 67%; CY 2026: V28 only,
 * 1.067), and the MA coding pattern adjustment of 5.9% (Social Security Act
 * sec. 1853(a)(1)(C)(ii)).  Every expected score is worked by hand in the
 * comments.  Tolerance: 1e-12 relative (a few floating-point operations).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-12

START_TEST(one_model_year_2026)
{
    /* 2026, raw V28 1.067: 1.067 / 1.067 = 1, x (1 - 0.059) = 0.941.
     * Raw 2.134: 2 x 0.941 = 1.882.  Raw 0: 0. */
    double raw[3] = {1.067, 2.134, 0}, out[3];
    assert_ok(value_ma_risk_score(2026, raw, NULL, 3, out, 3));
    assert_rel(out[0], 0.941, REL);
    assert_rel(out[1], 1.882, REL);
    ck_assert(out[2] == 0);
}
END_TEST

START_TEST(blends_2024_and_2025)
{
    /* 2024, raw V24 1.146 and raw V28 1.015 (each 1 once normalized):
     * 0.941 x (0.67 x 1 + 0.33 x 1) = 0.941.
     * Raw V24 2.292 (2 normalized) and V28 0.5075 (0.5 normalized):
     * 0.941 x (0.67 x 2 + 0.33 x 0.5) = 0.941 x (1.34 + 0.165) = 0.941 x 1.505
     * = 1.416205. */
    double v24[2] = {1.146, 2.292}, v28[2] = {1.015, 0.5075}, out[2];
    assert_ok(value_ma_risk_score(2024, v28, v24, 2, out, 2));
    assert_rel(out[0], 0.941, REL);
    assert_rel(out[1], 1.416205, REL);
    /* 2025, raw V24 1.153 x 1.2 = 1.3836 (1.2 normalized), raw V28 1.045 x 0.9
     * = 0.9405 (0.9): 0.941 x (0.33 x 1.2 + 0.67 x 0.9) = 0.941 x (0.396 + 0.603)
     * = 0.941 x 0.999 = 0.940059. */
    double w24 = 1.3836, w28 = 0.9405, o;
    assert_ok(value_ma_risk_score(2025, &w28, &w24, 1, &o, 1));
    assert_rel(o, 0.940059, REL);
}
END_TEST

START_TEST(factors_as_data)
{
    /* The table is readable through the CMS parameter accessors. */
    double v;
    int first, last;
    assert_ok(value_cms_years("ma", &first, &last));
    ck_assert_int_eq(first, 2024);
    ck_assert_int_eq(last, 2026);
    assert_ok(value_cms_parameter("ma", 2024, "normalization.v24", 0, &v));
    ck_assert(v == 1.146);
    assert_ok(value_cms_parameter("ma", 2025, "normalization.v28", 0, &v));
    ck_assert(v == 1.045);
    assert_ok(value_cms_parameter("ma", 2026, "blend.v28", 0, &v));
    ck_assert(v == 1);
    assert_ok(value_cms_parameter("ma", 2025, "coding_adjustment", 0, &v));
    ck_assert(v == 0.059);
}
END_TEST

START_TEST(bad_input)
{
    double v24[2] = {1, 1}, v28[2] = {1, 1}, out[2] = {-7, -7};
    assert_fails(value_ma_risk_score(2023, v28, v24, 2, out, 2), VALUE_EINVAL,
                 "ma has no payment year 2023 (known: 2024-2026)");
    assert_fails(value_ma_risk_score(2027, v28, v24, 2, out, 2), VALUE_EINVAL, "ma has no payment year 2027");
    assert_fails(value_ma_risk_score(2024, v28, NULL, 2, out, 2), VALUE_EINVAL,
                 "raw_v24 is NULL, but payment year 2024 weighs V24 at 67%");
    assert_fails(value_ma_risk_score(2024, NULL, v24, 2, out, 2), VALUE_EINVAL, "raw_v28 is NULL");
    assert_fails(value_ma_risk_score(2024, v28, v24, 2, NULL, 2), VALUE_EINVAL, "out is NULL");
    assert_fails(value_ma_risk_score(2024, v28, v24, 0, out, 0), VALUE_EINVAL, "n must be at least 1");
    assert_fails(value_ma_risk_score(2024, v28, v24, 2, out, 1), VALUE_EINVAL, "out_len must be 2 (n), got 1");
    v28[1] = NAN;
    assert_fails(value_ma_risk_score(2026, v28, NULL, 2, out, 2), VALUE_EINVAL, "raw_v28[1] is NaN");
    v28[1] = 1;
    v24[0] = -0.5;
    assert_fails(value_ma_risk_score(2025, v28, v24, 2, out, 2), VALUE_EINVAL, "raw_v24[0] is -0.5");
    v24[0] = INFINITY;
    assert_fails(value_ma_risk_score(2025, v28, v24, 2, out, 2), VALUE_EINVAL, "raw_v24[0] is Inf");
    /* 2026 gives V24 no weight: its scores are not read, even if bad. */
    assert_ok(value_ma_risk_score(2026, v28, v24, 2, out, 2));
    assert_rel(out[0], 0.941 / 1.067, REL);
    out[0] = out[1] = -7;
    v28[0] = -1;
    assert_fails(value_ma_risk_score(2026, v28, NULL, 2, out, 2), VALUE_EINVAL, "raw_v28[0] is -1");
    ck_assert(out[0] == -7 && out[1] == -7);
}
END_TEST

static Suite *ma_suite(void)
{
    Suite *s = suite_create("ma");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, one_model_year_2026);
    tcase_add_test(tc, blends_2024_and_2025);
    tcase_add_test(tc, factors_as_data);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(ma_suite());
}
