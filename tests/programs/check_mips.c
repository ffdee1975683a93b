/* MIPS payment adjustment factors (lib/programs/mips.c, 42 CFR 414.1405).
 *
 * Expected values are worked by hand from the regulation text, with the
 * arithmetic in the comments:
 *   negative  (b)(2): -A for s <= T/4, else -A (T - s) / T, for s < T
 *   positive  (b)(1), (b)(3): k A (s - T) / (100 - T), for s >= T
 *   exceptional (d): kx (0.5% + 9.5% (s - Tx) / (100 - Tx)), for s >= Tx
 * with T, Tx and A from the Federal Register rules (lib/programs/data/cms_mips.txt),
 * and CMS's published adjustments for payment year 2026.
 * Closed forms: tolerance 1e-12 relative (1e-15 absolute at 0).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-12

static void check_parts(int year, double s, double k, double kx, double want_neg, double want_pos, double want_ex)
{
    double neg = 99, pos = 99, ex = 99, total = 99;
    assert_ok(value_mips_components(year, &s, 1, k, kx, &neg, &pos, &ex, 1));
    assert_ok(value_mips_adjustment(year, &s, 1, k, kx, &total, 1));
    ck_assert_msg(fabs(neg - want_neg) <= REL * fabs(want_neg) + 1e-15, "year %d score %g: negative %.17g, want %.17g",
                  year, s, neg, want_neg);
    ck_assert_msg(fabs(pos - want_pos) <= REL * fabs(want_pos) + 1e-15, "year %d score %g: positive %.17g, want %.17g",
                  year, s, pos, want_pos);
    ck_assert_msg(fabs(ex - want_ex) <= REL * fabs(want_ex) + 1e-15, "year %d score %g: exceptional %.17g, want %.17g",
                  year, s, ex, want_ex);
    double want = want_neg + want_pos + want_ex;
    ck_assert_msg(fabs(total - want) <= REL * fabs(want) + 1e-15, "year %d score %g: factor %.17g, want %.17g", year, s,
                  total, want);
}

/* Performance year 2017 (payment year 2019; 81 FR 77008): T = 3, Tx = 70,
 * A = 4%.  Illustrative scaling factors k = 1.5, kx = 0.2. */
START_TEST(py2017_hand_worked)
{
    double k = 1.5, kx = 0.2;
    /* score 0: -A = -0.04 */
    check_parts(2017, 0, k, kx, -0.04, 0, 0);
    /* score 0.75 = T/4: still -A = -0.04 */
    check_parts(2017, 0.75, k, kx, -0.04, 0, 0);
    /* score 1.5 (between T/4 and T): -0.04 (3 - 1.5) / 3 = -0.02 */
    check_parts(2017, 1.5, k, kx, -0.02, 0, 0);
    /* score 3 = T: 0 */
    check_parts(2017, 3, k, kx, 0, 0, 0);
    /* score 51.5: 1.5 x 0.04 x (51.5 - 3) / 97 = 0.06 x 0.5 = 0.03 */
    check_parts(2017, 51.5, k, kx, 0, 0.03, 0);
    /* score 70 = Tx: positive 0.06 x 67 / 97; exceptional 0.2 x 0.005 = 0.001 */
    check_parts(2017, 70, k, kx, 0, 0.06 * 67.0 / 97.0, 0.001);
    /* score 85: positive 0.06 x 82 / 97; exceptional 0.2 x (0.005 + 0.095 x 15/30) = 0.2 x 0.0525 = 0.0105 */
    check_parts(2017, 85, k, kx, 0, 0.06 * 82.0 / 97.0, 0.0105);
    /* score 100: positive 1.5 x 0.04 = 0.06; exceptional 0.2 x 0.10 = 0.02; total 0.08 */
    check_parts(2017, 100, k, kx, 0, 0.06, 0.02);
}
END_TEST

/* Performance year 2019 (payment year 2021; 83 FR 59452): T = 30, Tx = 75,
 * A = 7%.  k = 0.25, kx = 0.5. */
START_TEST(py2019_hand_worked)
{
    double k = 0.25, kx = 0.5;
    /* score 0 and T/4 = 7.5: -0.07 */
    check_parts(2019, 0, k, kx, -0.07, 0, 0);
    check_parts(2019, 7.5, k, kx, -0.07, 0, 0);
    /* score 15: -0.07 x (30 - 15) / 30 = -0.035 */
    check_parts(2019, 15, k, kx, -0.035, 0, 0);
    /* score 30 = T: 0 */
    check_parts(2019, 30, k, kx, 0, 0, 0);
    /* score 65: 0.25 x 0.07 x 35 / 70 = 0.00875 */
    check_parts(2019, 65, k, kx, 0, 0.00875, 0);
    /* score 75 = Tx: positive 0.25 x 0.07 x 45/70 = 0.01125; exceptional 0.5 x 0.005 = 0.0025 */
    check_parts(2019, 75, k, kx, 0, 0.01125, 0.0025);
    /* score 100: 0.25 x 0.07 = 0.0175; 0.5 x 0.10 = 0.05 */
    check_parts(2019, 100, k, kx, 0, 0.0175, 0.05);
}
END_TEST

/* Performance year 2022 (payment year 2024; 86 FR 64996): T = 75, Tx = 89,
 * A = 9%, the last year of the exceptional adjustment.  k = 1, kx = 1. */
START_TEST(py2022_hand_worked)
{
    /* score 0 and T/4 = 18.75: -0.09 */
    check_parts(2022, 0, 1, 1, -0.09, 0, 0);
    check_parts(2022, 18.75, 1, 1, -0.09, 0, 0);
    /* just above T/4 the regulation's line from (0, -A) to (T, 0) applies:
     * score 18.76: -0.09 x (75 - 18.76) / 75 = -0.09 x 0.749866.. = -0.067488 */
    check_parts(2022, 18.76, 1, 1, -0.067488, 0, 0);
    /* score 37.5 = T/2: -0.045 */
    check_parts(2022, 37.5, 1, 1, -0.045, 0, 0);
    /* score 75 = T: 0 */
    check_parts(2022, 75, 1, 1, 0, 0, 0);
    /* score 87.5: 0.09 x 12.5 / 25 = 0.045 */
    check_parts(2022, 87.5, 1, 1, 0, 0.045, 0);
    /* score 89 = Tx: 0.09 x 14 / 25 = 0.0504; exceptional 0.005 */
    check_parts(2022, 89, 1, 1, 0, 0.0504, 0.005);
    /* score 100: 0.09 + 0.10 = 0.19 */
    check_parts(2022, 100, 1, 1, 0, 0.09, 0.10);
    /* the statutory caps: k = 3 gives 0.27 at 100 */
    check_parts(2022, 100, 3, 1, 0, 0.27, 0.10);
}
END_TEST

/* Performance year 2023 (payment year 2025; 87 FR 69404): T = 75, A = 9%,
 * no exceptional adjustment.  k = 0.5. */
START_TEST(py2023_hand_worked)
{
    /* score 10 (<= 18.75): -0.09 */
    check_parts(2023, 10, 0.5, 0, -0.09, 0, 0);
    /* score 60: -0.09 x 15 / 75 = -0.018 */
    check_parts(2023, 60, 0.5, 0, -0.018, 0, 0);
    /* score 95: 0.5 x 0.09 x 20 / 25 = 0.036; no exceptional part even above 89 */
    check_parts(2023, 95, 0.5, 0, 0, 0.036, 0);
    /* score 100: 0.045 */
    check_parts(2023, 100, 0.5, 0, 0, 0.045, 0);
}
END_TEST

/* Performance year 2018 (payment year 2020; 82 FR 53568): T = 15, A = 5%;
 * and 2025 (payment year 2027; 89 FR 97710): T = 75, A = 9%. */
START_TEST(thresholds_of_other_years)
{
    /* 2018, score 3.75 = T/4: -0.05; score 7.5: -0.05 x 7.5 / 15 = -0.025 */
    check_parts(2018, 3.75, 1, 1, -0.05, 0, 0);
    check_parts(2018, 7.5, 1, 1, -0.025, 0, 0);
    /* 2018, score 57.5: 0.05 x 42.5 / 85 = 0.025 */
    check_parts(2018, 57.5, 1, 0, 0, 0.025, 0);
    /* 2020 (T = 45, Tx = 85): score 90: 0.09 x 45/55 x 1; exceptional 0.005 + 0.095 x 5/15 */
    check_parts(2020, 90, 1, 1, 0, 0.09 * 45.0 / 55.0, 0.005 + 0.095 / 3.0);
    /* 2021 (T = 60, Tx = 85): score 30: -0.09 x 30 / 60 = -0.045 */
    check_parts(2021, 30, 1, 1, -0.045, 0, 0);
    /* 2025, score 75: 0; score 50: -0.09 x 25 / 75 = -0.03 */
    check_parts(2025, 75, 1, 0, 0, 0, 0);
    check_parts(2025, 50, 1, 0, -0.03, 0, 0);
}
END_TEST

/* CMS's payment year 2026 (performance year 2024) figures: +1.05% at a
 * final score of 100, +0.63% at 90 and +0.21% at 80 (T = 75).  The scaling
 * factor implied by the maximum is 1.05% / 9% = 0.11667; the linear scale
 * then gives 1.05% x 15/25 = 0.63% and 1.05% x 5/25 = 0.21%: CMS's two
 * intermediate figures follow from the regulation's line. */
START_TEST(published_payment_year_2026)
{
    double k = -1, kx = -1;
    assert_ok(value_mips_published_scaling(2024, &k, &kx));
    assert_rel(k, 0.0105 / 0.09, REL);
    ck_assert(kx == 0);
    double s[3] = {100, 90, 80}, f[3];
    assert_ok(value_mips_adjustment(2024, s, 3, k, kx, f, 3));
    assert_abs(f[0], 0.0105, 5e-15);
    assert_abs(f[1], 0.0063, 5e-15);
    assert_abs(f[2], 0.0021, 5e-15);
    /* payment year 2025: +2.15% at 100, k = 0.0215 / 0.09 */
    assert_ok(value_mips_published_scaling(2023, &k, &kx));
    assert_rel(k, 0.0215 / 0.09, REL);
    double one = 100, g;
    assert_ok(value_mips_adjustment(2023, &one, 1, k, kx, &g, 1));
    assert_abs(g, 0.0215, 5e-15);
    /* payment year 2019 (+1.88%) had the exceptional adjustment: not split */
    k = kx = 7;
    assert_fails(value_mips_published_scaling(2017, &k, &kx), VALUE_ENOTFOUND, "CMS's maximum of 1.88%");
    assert_fails(value_mips_published_scaling(2018, &k, &kx), VALUE_ENOTFOUND, "maximum of 1.68%");
    assert_fails(value_mips_published_scaling(2020, &k, &kx), VALUE_ENOTFOUND, "maximum of 1.87%");
    assert_fails(value_mips_published_scaling(2021, &k, &kx), VALUE_ENOTFOUND,
                 "no announced maximum adjustment for performance year 2021");
    assert_fails(value_mips_published_scaling(2030, &k, &kx), VALUE_EINVAL,
                 "mips has no performance year 2030 (known: 2017-2025)");
    assert_fails(value_mips_published_scaling(2024, NULL, &kx), VALUE_EINVAL, "out_scaling_factor is NULL");
    ck_assert(k == 7 && kx == 7);
}
END_TEST

/* The table as value_cms_parameter() shows it. */
START_TEST(parameters_table)
{
    static const double pt[] = {3, 15, 30, 45, 60, 75, 75, 75, 75};
    static const double apt[] = {70, 70, 75, 85, 85, 89};
    static const double ap[] = {0.04, 0.05, 0.07, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09};
    int first = 0, last = 0;
    assert_ok(value_cms_years("mips", &first, &last));
    ck_assert_int_eq(first, 2017);
    ck_assert_int_eq(last, 2025);
    for (int y = 2017; y <= 2025; y++) {
        double x;
        assert_ok(value_cms_parameter("mips", y, "performance_threshold", 0, &x));
        ck_assert(x == pt[y - 2017]);
        assert_ok(value_cms_parameter("mips", y, "applicable_percent", 0, &x));
        ck_assert(x == ap[y - 2017]);
        if (y <= 2022) {
            assert_ok(value_cms_parameter("mips", y, "additional_performance_threshold", 0, &x));
            ck_assert(x == apt[y - 2017]);
        } else {
            assert_fails(value_cms_parameter("mips", y, "additional_performance_threshold", 0, &x), VALUE_ENOTFOUND,
                         "mips has no additional_performance_threshold");
        }
    }
}
END_TEST

/* Many clinicians in one call give the one-at-a-time answers. */
START_TEST(vectorised)
{
    double s[7] = {0, 0.75, 1.5, 3, 51.5, 70, 100}, f[7], neg[7], pos[7], ex[7];
    assert_ok(value_mips_adjustment(2017, s, 7, 1.5, 0.2, f, 7));
    assert_ok(value_mips_components(2017, s, 7, 1.5, 0.2, neg, pos, ex, 7));
    for (int i = 0; i < 7; i++) {
        double one;
        assert_ok(value_mips_adjustment(2017, &s[i], 1, 1.5, 0.2, &one, 1));
        ck_assert(one == f[i]);
        ck_assert(neg[i] + pos[i] + ex[i] == f[i]);
    }
    assert_rel(f[6], 0.08, REL);
}
END_TEST

START_TEST(bad_input)
{
    double s[3] = {50, 80, 90};
    double out[3] = {-7, -7, -7}, neg[3] = {-7, -7, -7}, pos[3] = {-7, -7, -7}, ex[3] = {-7, -7, -7};
    /* unknown performance year */
    assert_fails(value_mips_adjustment(2016, s, 3, 1, 0, out, 3), VALUE_EINVAL,
                 "mips has no performance year 2016 (known: 2017-2025)");
    assert_fails(value_mips_adjustment(2026, s, 3, 1, 0, out, 3), VALUE_EINVAL, "no performance year 2026");
    /* NULL, empty, mismatched lengths */
    assert_fails(value_mips_adjustment(2022, NULL, 3, 1, 0, out, 3), VALUE_EINVAL, "final_score is NULL");
    assert_fails(value_mips_adjustment(2022, s, 3, 1, 0, NULL, 3), VALUE_EINVAL, "out is NULL");
    assert_fails(value_mips_adjustment(2022, s, 0, 1, 0, out, 0), VALUE_EINVAL, "n is 0");
    assert_fails(value_mips_adjustment(2022, s, 3, 1, 0, out, 2), VALUE_EINVAL, "out_len must be 3 (n), got 2");
    assert_fails(value_mips_components(2022, s, 3, 1, 0, neg, pos, ex, 4), VALUE_EINVAL, "out_len must be 3 (n), got 4");
    assert_fails(value_mips_components(2022, s, 3, 1, 0, neg, NULL, ex, 3), VALUE_EINVAL, "out_positive is NULL");
    /* scores outside [0, 100], NaN, +-Inf */
    double bad[3] = {50, 100.5, 20};
    assert_fails(value_mips_adjustment(2022, bad, 3, 1, 0, out, 3), VALUE_EINVAL,
                 "final_score[1] is 100.5, must be in [0, 100]");
    bad[1] = -0.01;
    assert_fails(value_mips_adjustment(2022, bad, 3, 1, 0, out, 3), VALUE_EINVAL, "final_score[1] is -0.01");
    bad[1] = NAN;
    assert_fails(value_mips_components(2022, bad, 3, 1, 0, neg, pos, ex, 3), VALUE_EINVAL, "final_score[1] is NaN");
    bad[1] = INFINITY;
    assert_fails(value_mips_adjustment(2022, bad, 3, 1, 0, out, 3), VALUE_EINVAL, "final_score[1] is Inf");
    bad[1] = -INFINITY;
    assert_fails(value_mips_adjustment(2022, bad, 3, 1, 0, out, 3), VALUE_EINVAL, "final_score[1] is -Inf");
    /* scaling factors: negative, NaN, Inf, above the caps */
    assert_fails(value_mips_adjustment(2022, s, 3, -0.1, 0, out, 3), VALUE_EINVAL,
                 "scaling_factor is -0.1, must be in [0, 3] (42 CFR 414.1405(b)(3))");
    assert_fails(value_mips_adjustment(2022, s, 3, 3.01, 0, out, 3), VALUE_EINVAL, "scaling_factor is 3.01");
    assert_fails(value_mips_adjustment(2022, s, 3, NAN, 0, out, 3), VALUE_EINVAL, "scaling_factor is NaN");
    assert_fails(value_mips_adjustment(2022, s, 3, INFINITY, 0, out, 3), VALUE_EINVAL, "scaling_factor is Inf");
    assert_fails(value_mips_adjustment(2022, s, 3, 1, -1, out, 3), VALUE_EINVAL,
                 "exceptional_scaling_factor is -1, must be in [0, 1] (42 CFR 414.1405(d))");
    assert_fails(value_mips_adjustment(2022, s, 3, 1, 1.5, out, 3), VALUE_EINVAL, "exceptional_scaling_factor is 1.5");
    /* the exceptional adjustment did not exist after performance year 2022 */
    assert_fails(value_mips_adjustment(2023, s, 3, 1, 0.5, out, 3), VALUE_EINVAL,
                 "performance year 2023 has no exceptional performance adjustment");
    /* a failed call writes nothing */
    for (int i = 0; i < 3; i++)
        ck_assert(out[i] == -7 && neg[i] == -7 && pos[i] == -7 && ex[i] == -7);
}
END_TEST

static Suite *mips_suite(void)
{
    Suite *s = suite_create("mips");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, py2017_hand_worked);
    tcase_add_test(tc, py2019_hand_worked);
    tcase_add_test(tc, py2022_hand_worked);
    tcase_add_test(tc, py2023_hand_worked);
    tcase_add_test(tc, thresholds_of_other_years);
    tcase_add_test(tc, published_payment_year_2026);
    tcase_add_test(tc, parameters_table);
    tcase_add_test(tc, vectorised);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(mips_suite());
}
