/* Medicare Shared Savings Program: CMS's published results of later
 * performance years reproduced ACO by ACO from the Performance Year
 * Financial and Quality Results public use files (PY2022, PY2023;
 * tests/data/README.md names them).  PY2014 is in check_mssp.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "puf.h"

#include <stdio.h>

/* Dollars: the PUF rounds benchmark and expenditure totals to dollars, so
 * their difference, and a share of it, can be off by up to $1. */
#define DOLLAR (1 + 1e-6)
/* An earned amount is a rate times savings off by up to $1, rounded by CMS
 * to the dollar (another $0.50). */
#define EARNED (1.5 + 1e-6)
/* The PUF prints the MSR in percent with two decimals. */
#define MSR_TOL (0.00005 + 1e-9)

static double item(const value_settlement *s, value_settlement_item which)
{
    double x;
    assert_ok(value_settlement_get(s, which, &x));
    return x;
}

static value_mssp_track track_of(const char *t)
{
    static const struct {
        const char *name;
        value_mssp_track track;
    } tracks[] = {{"A", VALUE_MSSP_BASIC_A}, {"B", VALUE_MSSP_BASIC_B}, {"C", VALUE_MSSP_BASIC_C},
                  {"D", VALUE_MSSP_BASIC_D}, {"E", VALUE_MSSP_BASIC_E}, {"EN", VALUE_MSSP_ENHANCED}};
    for (size_t i = 0; i < sizeof tracks / sizeof tracks[0]; i++)
        if (strcmp(t, tracks[i].name) == 0)
            return tracks[i].track;
    ck_abort_msg("unknown Current_Track %s", t);
    return VALUE_MSSP_BASIC_A;
}

/* The MSR/MLR choice a two-sided ACO's row shows: one of the fixed choices
 * (0, 0.5%, ..., 2%), else the population scale.  (A fixed choice below
 * 5,000 beneficiaries shows as the scale's MSR, which the small-ACO rule
 * gives anyway.) */
static double choice_of(value_mssp_track t, double msr)
{
    if (t == VALUE_MSSP_BASIC_A || t == VALUE_MSSP_BASIC_B)
        return VALUE_MSSP_MSR_BY_POPULATION;
    for (int k = 0; k <= 4; k++)
        if (fabs(msr - 0.005 * k) < 1e-9)
            return 0.005 * k;
    return VALUE_MSSP_MSR_BY_POPULATION;
}

typedef struct {
    int rows, savings, losses, terminated, revenue_limited, default_share_close, mismatches;
} tally;

/* One ACO: settle under its terms (euc < 0: the year's circumstances
 * default; else both shares set to euc). */
static value_settlement *settle(int year, value_mssp_track t, double msr, double quality_met, double score, double n,
                                double bench, double exp, double euc, int terminated)
{
    value_mssp_terms *terms = NULL;
    value_settlement *s = NULL;
    assert_ok(value_mssp_terms_new(year, t, &terms));
    assert_ok(value_mssp_terms_set(terms, VALUE_MSSP_TERM_MSR_CHOICE, choice_of(t, msr)));
    assert_ok(value_mssp_terms_set(terms, VALUE_MSSP_TERM_QUALITY_MET, quality_met));
    if (!isnan(score))
        assert_ok(value_mssp_terms_set(terms, VALUE_MSSP_TERM_QUALITY_SCORE, score));
    if (t >= VALUE_MSSP_BASIC_C && t <= VALUE_MSSP_BASIC_E)
        /* The PUF does not publish ACO participant revenue: one so large
         * that the benchmark-based cap of the loss limit is the one that
         * binds; rows where CMS's revenue-based limit bound are counted. */
        assert_ok(value_mssp_terms_set(terms, VALUE_MSSP_TERM_REVENUE, 1e13));
    if (terminated) /* the month is not published: any before December gives no savings */
        assert_ok(value_mssp_terms_set(terms, VALUE_MSSP_TERM_TERMINATION_MONTH, 9));
    if (euc >= 0) {
        assert_ok(value_mssp_terms_set(terms, VALUE_MSSP_TERM_EUC_MONTHS_SHARE, euc));
        assert_ok(value_mssp_terms_set(terms, VALUE_MSSP_TERM_EUC_BENEFICIARY_SHARE, euc));
    }
    assert_ok(value_mssp_terms_settle(terms, n, bench, exp, &s));
    value_mssp_terms_free(terms);
    return s;
}

/*
 * Every ACO of a year's file, settled from the PUF's own inputs: Current_Track,
 * N_AB, MinSavPerc (the choice of a two-sided ACO), Met_QPS, QualScore
 * (PY2023: it scales ENHANCED losses), ABtotBnchmk, ABtotExp.  Checked:
 * - MinSavPerc: the MSR of the scale by population (Table 5 of CMS's
 *   Shared Savings and Losses ... Methodology Specifications v11, 42 CFR
 *   425.605(b)(1)), or the choice;
 * - GenSaveLoss, to $1 (value_mssp_generated);
 * - savings: EarnSaveLoss, to $1 (rate x savings, less the 2% sequestration);
 * - losses: DisAdj is the part of the shared loss the extreme and
 *   uncontrollable circumstances policy forgave and EarnSaveLoss what is
 *   owed, so their sum is the shared loss before the policy: reproduced to
 *   $1 with the circumstances shares set to 0, unless CMS's revenue-based
 *   loss limit bound (BASIC C-E; the PUF has no revenue: counted, and the
 *   PUF's amount must then be below the benchmark-based limit's); with the
 *   year's default shares (COVID-19: 12/12 in 2022, 5/12 in 2023; every
 *   county) the owed amount is 0 in 2022, and in 2023 CMS's forgiven share
 *   is counted when it is within 0.005 of 5/12 (CMS's months share is the
 *   average over the affected counties of each county's months affected,
 *   weighted by the ACO's beneficiaries there (Specifications v11, 4.3 step
 *   10), so a county with a further declared disaster lifts it a little
 *   above 5/12, and a large one more);
 * - an ACO that terminated during the year (Impact_Mid_Year_Termination;
 *   one a year) gets no shared savings (425.221(b)(1)): PY2022's A1080,
 *   BASIC C, generated 2,180,440 and earned 0.  The file does not say the
 *   month; any before December gives the same.
 */
static tally reproduce(int year, const char *file)
{
    char *path = tu_data_file(file);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    static char line[PUF_MAX_LINE], header_line[PUF_MAX_LINE];
    char *h[PUF_MAX_FIELDS], *v[PUF_MAX_FIELDS];
    ck_assert_ptr_nonnull(fgets(header_line, sizeof header_line, f));
    int nh = puf_split(header_line, h);
    int c_id = puf_column(h, nh, "ACO_ID"), c_track = puf_column(h, nh, "Current_Track"),
        c_n = puf_column(h, nh, "N_AB"), c_msr = puf_column(h, nh, "MinSavPerc"),
        c_gen = puf_column(h, nh, "GenSaveLoss"), c_dis = puf_column(h, nh, "DisAdj"),
        c_earn = puf_column(h, nh, "EarnSaveLoss"), c_met = puf_column(h, nh, "Met_QPS"),
        c_q = puf_column(h, nh, "QualScore"), c_b = puf_column(h, nh, "ABtotBnchmk"),
        c_e = puf_column(h, nh, "ABtotExp"), c_term = puf_column(h, nh, "Impact_Mid_Year_Termination");
    tally k = {0};
    while (fgets(line, sizeof line, f) != NULL) {
        int n = puf_split(line, v);
        if (n < 2)
            continue;
        ck_assert_int_eq(n, nh);
        k.rows++;
        value_mssp_track t = track_of(v[c_track]);
        double N = puf_number(v[c_n]), msr = puf_number(v[c_msr]), gen = puf_number(v[c_gen]),
               earn = puf_number(v[c_earn]), dis = puf_number(v[c_dis]), bench = puf_number(v[c_b]),
               exp = puf_number(v[c_e]);
        double score = puf_number(v[c_q]);
        int terminated = puf_number(v[c_term]) == 1;
        k.terminated += terminated;
        int bad = 0;

        value_settlement *s = settle(year, t, msr, puf_number(v[c_met]), score, N, bench, exp, 0, terminated);
        double lib_gen;
        assert_ok(value_mssp_generated(s, &lib_gen));
        bad |= fabs(item(s, VALUE_SETTLEMENT_MSR) - msr) > MSR_TOL;
        bad |= fabs(lib_gen - gen) > DOLLAR;
        double ours = item(s, VALUE_SETTLEMENT_FINAL_PAYMENT);
        if (gen > 0) {
            k.savings++;
            bad |= fabs(ours - earn) > EARNED;
        } else if (gen < 0) {
            k.losses++;
            double before = earn + (isnan(dis) ? 0 : dis); /* the shared loss before the policy, < 0 */
            if (fabs(ours - before) > EARNED) {
                /* CMS's revenue-based limit bound: its loss is the smaller */
                int limited = t >= VALUE_MSSP_BASIC_C && t <= VALUE_MSSP_BASIC_E && before > ours;
                k.revenue_limited += limited;
                bad |= !limited;
            }
            value_settlement *d = settle(year, t, msr, puf_number(v[c_met]), score, N, bench, exp, -1, terminated);
            double owed = item(d, VALUE_SETTLEMENT_FINAL_PAYMENT);
            if (year == 2022)
                bad |= owed != 0 || earn != 0;
            else if (fabs(dis / before - 5.0 / 12) < 0.005)
                k.default_share_close++;
            value_settlement_free(d);
        }
        if (bad) {
            k.mismatches++;
            fprintf(stderr, "PY%d %s: MSR %.6f vs %.6f, generated %.2f vs %.2f, earned %.2f vs %.2f\n", year, v[c_id],
                    item(s, VALUE_SETTLEMENT_MSR), msr, lib_gen, gen, ours, earn);
        }
        value_settlement_free(s);
    }
    fclose(f);
    free(path);
    return k;
}

/* PY2022: 482 ACOs (198 one-sided BASIC A-B, 138 BASIC C-E, 146 ENHANCED). */
START_TEST(py2022_reproduced)
{
    tally k = reproduce(2022, "cms/mssp_py2022_aco_results.csv");
    ck_assert_int_eq(k.rows, 482);
    ck_assert_int_eq(k.terminated, 1);
    ck_assert_int_eq(k.mismatches, 0);
    fprintf(stderr, "PY2022: %d ACOs, %d with savings, %d with losses (%d under a revenue-based limit)\n", k.rows,
            k.savings, k.losses, k.revenue_limited);
    ck_assert_int_gt(k.savings, 300);
    ck_assert_int_gt(k.losses, 0);
}
END_TEST

/* PY2023: 453 ACOs; from 2023 an ENHANCED ACO's loss rate is 1 - 75% x its
 * quality score, between 40% and 75% (42 CFR 425.610(d)(2); Specifications
 * v11, section 4.3 step 6). */
START_TEST(py2023_reproduced)
{
    tally k = reproduce(2023, "cms/mssp_py2023_aco_results.csv");
    ck_assert_int_eq(k.rows, 453);
    ck_assert_int_eq(k.terminated, 1);
    ck_assert_int_eq(k.mismatches, 0);
    fprintf(stderr, "PY2023: %d ACOs, %d with savings, %d with losses (%d under a revenue-based limit, %d forgiven "
            "about 5/12)\n", k.rows, k.savings, k.losses, k.revenue_limited, k.default_share_close);
    ck_assert_int_eq(k.losses, 20);
    ck_assert_int_ge(k.default_share_close, 15);
}
END_TEST

/*
 * The worked examples of CMS's Specifications v11 (January 2023, sections
 * 4.2.1 and 4.3), performance year 2023:
 * - MSR, one-sided, 5,333 beneficiaries: 3.9% x (5,999 - 5,333)/999 + 3.6% x
 *   (5,333 - 5,000)/999 = 3.8%.
 * - BASIC B, 60,000 beneficiaries (MSR 2%), benchmark 500M, expenditure 487M:
 *   savings 13M >= 10M; standard met: 40% -> 5.2M, less 2% sequestration:
 *   5,096,000.  Alternative standard met with a health equity adjusted score
 *   of 45: 40% x 45% = 18% -> 2.34M, less 2%: 2,293,200.
 * - BASIC E loss sharing limit, benchmark 93,411,313, revenue 13,630,983:
 *   min(8% x revenue = 1,090,478.64, 4% x benchmark = 3,736,452.52): CMS
 *   prints 1,090,479.  Shown here on losses of 10% of the benchmark
 *   (9,341,131.30 x 30% = 2,802,339.39, above the limit).
 * - ENHANCED, MLR 1%, 16,000 beneficiaries, benchmark 130M, expenditure
 *   132.6M: losses 2.6M >= 1.3M; neither standard met: 75% -> 1.95M (limit
 *   19.5M); circumstances 15% of the year x 90% of the beneficiaries:
 *   less 263,250, owes 1,686,750.  Alternative standard met, score 45:
 *   1 - 45% x 75% = 66.25% -> 1,722,500; the circumstances take 15% x 90%
 *   of it, 232,537.50: owes 1,489,962.50.  (The Specifications print a
 *   reduction of 263,250 and 1,459,250 owed there, the previous example's
 *   1.95M carried into the step: the rule's own arithmetic gives these.)
 */
static double example(value_mssp_track track, const double *kv, size_t n_kv, double n, double b, double e)
{
    value_mssp_terms *t = NULL;
    value_settlement *s = NULL;
    assert_ok(value_mssp_terms_new(2023, track, &t));
    for (size_t i = 0; i + 1 < n_kv; i += 2)
        assert_ok(value_mssp_terms_set(t, (value_mssp_term)kv[i], kv[i + 1]));
    assert_ok(value_mssp_terms_settle(t, n, b, e, &s));
    double pay = item(s, VALUE_SETTLEMENT_FINAL_PAYMENT);
    value_settlement_free(s);
    value_mssp_terms_free(t);
    return pay;
}
#define KV(...) (const double[]){__VA_ARGS__}, sizeof((const double[]){__VA_ARGS__}) / sizeof(double)

START_TEST(specifications_worked_examples)
{
    const double MET = VALUE_MSSP_TERM_QUALITY_MET, Q = VALUE_MSSP_TERM_QUALITY_SCORE,
                 MSR = VALUE_MSSP_TERM_MSR_CHOICE, REV = VALUE_MSSP_TERM_REVENUE,
                 EM = VALUE_MSSP_TERM_EUC_MONTHS_SHARE, EB = VALUE_MSSP_TERM_EUC_BENEFICIARY_SHARE;
    value_settlement *s = NULL;
    assert_ok(value_mssp_settle(2023, VALUE_MSSP_BASIC_B, VALUE_MSSP_MSR_BY_POPULATION, 1, 1, 5333, 50e6, 50e6, 0,
                                &s));
    assert_rel(item(s, VALUE_SETTLEMENT_MSR), 0.038, 1e-12);
    value_settlement_free(s);
    assert_rel(example(VALUE_MSSP_BASIC_B, KV(MET, 1), 60000, 500e6, 487e6), 5096000, 1e-12);
    assert_rel(example(VALUE_MSSP_BASIC_B, KV(MET, 0, Q, 0.45), 60000, 500e6, 487e6), 2293200, 1e-12);
    assert_rel(example(VALUE_MSSP_BASIC_E, KV(MSR, 0, MET, 1, REV, 13630983, EM, 0), 10000, 93411313,
                       93411313 * 1.1),
               -0.08 * 13630983, 1e-12);
    assert_abs(example(VALUE_MSSP_BASIC_E, KV(MSR, 0, MET, 1, REV, 13630983, EM, 0), 10000, 93411313,
                       93411313 * 1.1),
               -1090479, 0.5);
    assert_rel(example(VALUE_MSSP_ENHANCED, KV(MSR, 0.01, MET, 0, EM, 0.15, EB, 0.9), 16000, 130e6, 132.6e6),
               -1686750, 1e-12);
    assert_rel(example(VALUE_MSSP_ENHANCED, KV(MSR, 0.01, MET, 0, Q, 0.45, EM, 0.15, EB, 0.9), 16000, 130e6,
                       132.6e6),
               -1489962.5, 1e-12);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("mssp_results");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, py2022_reproduced);
    tcase_add_test(tc, py2023_reproduced);
    tcase_add_test(tc, specifications_worked_examples);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
