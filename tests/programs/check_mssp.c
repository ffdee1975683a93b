/* Medicare Shared Savings Program: CMS's PY2014 results reproduced from its
 * ACO public use file, hand-worked settlements for each track and rule,
 * and bad input.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "puf.h"

#include <stdio.h>

static double settlement_item(const value_settlement *s, value_settlement_item item)
{
    double x;
    assert_ok(value_settlement_get(s, item, &x));
    return x;
}

/*
 * tests/data/cms/mssp_py2014_aco_puf.csv: for every Track 1 ACO (330 of
 * them; the 14 below 5,000 beneficiaries with the scale's bands below 5,000
 * of CMS's Specifications v11 Table 5) the settlement reproduces CMS's
 * MinSavPerc (MSR, %, to 1e-6 percentage points), GenSaveLoss (generated
 * savings: the savings when the savings rate reaches the MSR, else 0; to
 * $1) and EarnSaveLoss (earned shared savings after the 2% sequestration;
 * to $1), and Sav_rate (%, to 1e-5: the PUF prints 9 significant digits of
 * a rate computed from unrounded dollars).  The three Track 2 ACOs (MSR/MLR
 * fixed at 2%, sharing up to 60%) are checked the same way.
 *
 * Tolerance for dollars: $1, as the PUF rounds the benchmark and the
 * expenditure to dollars (their difference can be off by up to $1), plus
 * 1e-6 for the engine's benchmark (total / N per capita, times N).
 *
 * Quality: QualScore is the ACO's quality score; "P4R" (pay for reporting,
 * an ACO's first performance year) is full credit, 1 (42 CFR 425.502(a)),
 * provided the ACO reported completely and accurately.  Three first-year
 * ACOs did not (A80939 and A23913, with savings above the MSR, and A50147,
 * with losses): CMS's FinalShareRate for them is 0, the only column that
 * says so; they get quality 0 here and the test checks there are exactly
 * three such rows.
 */
#define DOLLAR (1 + 1e-6)
START_TEST(py2014_puf_reproduced)
{
    char *path = tu_data_file("cms/mssp_py2014_aco_puf.csv");
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    static char line[PUF_MAX_LINE];
    char *h[PUF_MAX_FIELDS], *v[PUF_MAX_FIELDS];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    static char header_line[PUF_MAX_LINE];
    memcpy(header_line, line, sizeof line);
    int nh = puf_split(header_line, h);
    int c_num = puf_column(h, nh, "ACO_Num"), c_t1 = puf_column(h, nh, "Track1"), c_t2 = puf_column(h, nh, "Track2"),
        c_n = puf_column(h, nh, "N_AB"), c_rate = puf_column(h, nh, "Sav_rate"), c_msr = puf_column(h, nh, "MinSavPerc"),
        c_gen = puf_column(h, nh, "GenSaveLoss"), c_earn = puf_column(h, nh, "EarnSaveLoss"),
        c_q = puf_column(h, nh, "QualScore"), c_b = puf_column(h, nh, "ABtotBnchmk"), c_e = puf_column(h, nh, "ABtotExp"),
        c_fsr = puf_column(h, nh, "FinalShareRate");

    int track1_checked = 0, track2_checked = 0, mismatches = 0, p4r_failed = 0, rows = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        int n = puf_split(line, v);
        if (n < 2)
            continue;
        ck_assert_int_eq(n, nh);
        rows++;
        int track1 = atoi(v[c_t1]) == 1, track2 = atoi(v[c_t2]) == 1;
        double N = atof(v[c_n]);
        if (!(track1 || track2))
            continue;
        double quality;
        if (strcmp(v[c_q], "P4R") == 0) {
            quality = atof(v[c_fsr]) == 0 ? 0.0 : 1.0;
            p4r_failed += quality == 0;
        } else {
            quality = atof(v[c_q]);
        }
        value_settlement *s = NULL;
        assert_ok(value_mssp_settle(2014, track1 ? VALUE_MSSP_TRACK_1 : VALUE_MSSP_TRACK_2,
                                    VALUE_MSSP_MSR_BY_POPULATION, 2, quality, N, atof(v[c_b]), atof(v[c_e]), 0, &s));
        double msr = 100 * settlement_item(s, VALUE_SETTLEMENT_MSR);
        double rate = 100 * settlement_item(s, VALUE_SETTLEMENT_SAVINGS_RATE);
        double savings = settlement_item(s, VALUE_SETTLEMENT_SAVINGS);
        /* Generated savings: the savings once the rate reaches the MSR,
         * whether or not quality lets the ACO share them. */
        double generated = settlement_item(s, VALUE_SETTLEMENT_SAVINGS_RATE) >= settlement_item(s, VALUE_SETTLEMENT_MSR)
                               ? savings
                               : 0;
        double earned = settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT);
        double lib_generated; /* the library's GenSaveLoss, against CMS's */
        assert_ok(value_mssp_generated(s, &lib_generated));
        int bad = fabs(msr - atof(v[c_msr])) > 1e-6 || fabs(rate - atof(v[c_rate])) > 1e-5 ||
                  fabs(generated - atof(v[c_gen])) > DOLLAR || fabs(earned - atof(v[c_earn])) > DOLLAR ||
                  fabs(lib_generated - atof(v[c_gen])) > DOLLAR;
        if (bad) {
            mismatches++;
            fprintf(stderr, "%s: MSR %.9f vs %s, rate %.9f vs %s, generated %.2f vs %s, earned %.2f vs %s\n",
                    v[c_num], msr, v[c_msr], rate, v[c_rate], generated, v[c_gen], earned, v[c_earn]);
        }
        track1_checked += track1;
        track2_checked += track2;
        value_settlement_free(s);
    }
    fclose(f);
    free(path);
    ck_assert_int_eq(rows, 333);
    ck_assert_int_eq(track1_checked, 330);
    ck_assert_int_eq(track2_checked, 3);
    ck_assert_int_eq(p4r_failed, 3);
    ck_assert_int_eq(mismatches, 0);
}
END_TEST

/* Palm Beach ACO (A67373), PY2014, the PUF's first row, line by line:
 * N = 34,601 in the band 20,000-49,999 (2.5% -> 2.2%): MSR = 2.5 - 0.3 x
 * (34,601 - 20,000)/(49,999 - 20,000) = 2.5 - 0.3 x 14,601/29,999
 * = 2.353985133%.  Savings = 450,902,466 - 418,729,017 = 32,173,449; rate
 * 7.1353% >= MSR.  Final sharing rate 50% x 0.916964286 = 45.8482143%;
 * shared 32,173,449 x 0.458482143 = 14,750,952.4; cap 10% x 450,902,466 =
 * 45,090,246.6 does not bind; less 2% sequestration: 14,455,933.4 (PUF:
 * EarnSaveLoss 14,455,933). */
START_TEST(palm_beach_lines)
{
    value_settlement *s = NULL;
    assert_ok(value_mssp_settle(2014, VALUE_MSSP_TRACK_1, VALUE_MSSP_MSR_BY_POPULATION, 2, 0.916964286, 34601,
                                450902466, 418729017, 0, &s));
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_MSR), 0.025 - 0.003 * 14601.0 / 29999.0, 1e-12);
    assert_abs(settlement_item(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP), 32173449 * 0.5 * 0.916964286, 1e-6);
    assert_abs(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 32173449 * 0.5 * 0.916964286 * 0.98, 1e-6);
    assert_abs(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 14455933, 1);
    size_t n;
    assert_ok(value_settlement_line_count(s, &n));
    const char *step, *text;
    double amount;
    assert_ok(value_settlement_line(s, 0, &step, &text, &amount));
    ck_assert_str_eq(step, "program");
    ck_assert_msg(strstr(text, "MSSP performance year 2014, Track 1 (42 CFR 425.604)") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "payment reduction 2%") != NULL, "%s", text);
    int saw_shared = 0;
    for (size_t i = 0; i < n; i++) {
        assert_ok(value_settlement_line(s, i, &step, &text, &amount));
        if (strcmp(step, "shared") == 0) {
            ck_assert_str_eq(text, "savings rate 7.14% >= MSR 2.35%: shared 45.85% of 32,173,449");
            saw_shared = 1;
        }
    }
    ck_assert(saw_shared);
    value_settlement_free(s);
}
END_TEST

static double settle_final(int year, value_mssp_track track, double msr_choice, int agreement_year, double q,
                           double n, double b, double e, double revenue)
{
    value_settlement *s = NULL;
    assert_ok(value_mssp_settle(year, track, msr_choice, agreement_year, q, n, b, e, revenue, &s));
    double pay = settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT);
    value_settlement_free(s);
    return pay;
}

/* Hand-worked settlements, one per rule (amounts in dollars; 1e-9 relative). */
START_TEST(hand_worked_tracks)
{
    const double P = VALUE_MSSP_MSR_BY_POPULATION;
    /* Track 1, 2014, cap binds: N 20,000 -> MSR 2.5%; B 100M, E 75M: savings
     * 25M (25%); 50% x 1 = 12.5M > cap 10% x 100M = 10M; x 0.98 = 9.8M. */
    assert_rel(settle_final(2014, VALUE_MSSP_TRACK_1, P, 1, 1, 20000, 100e6, 75e6, 0), 9.8e6, 1e-9);
    /* Track 1, MSR not met: N 5,000 -> 3.9%; B 50M, E 48.1M: rate 3.8% -> 0. */
    ck_assert(settle_final(2014, VALUE_MSSP_TRACK_1, P, 1, 1, 5000, 50e6, 48.1e6, 0) == 0);
    /* Track 1, losses: one-sided, nothing owed. */
    ck_assert(settle_final(2015, VALUE_MSSP_TRACK_1, P, 1, 1, 8000, 50e6, 60e6, 0) == 0);
    /* Track 2, 2014, agreement year 1: MSR/MLR 2%; B 100M, E 120M: losses 20M
     * (20% >= 2%); sigma = 60% x 0.8 = 48%; loss rate 1 - 0.48 = 52% in
     * [40%, 60%]; owed 0.52 x 20M = 10.4M; limit 5% x 100M = 5M binds. */
    assert_rel(settle_final(2014, VALUE_MSSP_TRACK_2, P, 1, 0.8, 12000, 100e6, 120e6, 0), -5e6, 1e-9);
    /* ... agreement year 3: limit 10% = 10M binds (10.4M > 10M). */
    assert_rel(settle_final(2014, VALUE_MSSP_TRACK_2, P, 3, 0.8, 12000, 100e6, 120e6, 0), -10e6, 1e-9);
    /* ... quality 0.1: sigma 6%, 1 - 0.06 = 94% -> ceiling 60%; 12M -> limit 5M. */
    assert_rel(settle_final(2014, VALUE_MSSP_TRACK_2, P, 1, 0.1, 12000, 100e6, 120e6, 0), -5e6, 1e-9);
    /* ... small loss 3M (3%): quality 1: sigma 60%, 1 - 0.6 = 40% = floor;
     * owed 0.4 x 3M = 1.2M under the 5M limit; nothing reduced (owed). */
    assert_rel(settle_final(2014, VALUE_MSSP_TRACK_2, P, 1, 1, 12000, 100e6, 103e6, 0), -1.2e6, 1e-9);
    /* Track 3, 2017, MSR/MLR choice 2%: loss 1.5% < MLR 2% -> 0. */
    ck_assert(settle_final(2017, VALUE_MSSP_TRACK_3, 0.02, 1, 1, 30000, 100e6, 101.5e6, 0) == 0);
    /* Track 3, 2017, choice 0: savings 10M; sigma 75% x 0.9 = 67.5% -> 6.75M
     * under the 20M cap; x 0.98 = 6,615,000. */
    assert_rel(settle_final(2017, VALUE_MSSP_TRACK_3, 0, 1, 0.9, 30000, 100e6, 90e6, 0), 6.615e6, 1e-9);
    /* BASIC level A, 2020 (no sequestration): N 60,000 -> MSR 2.0%; B 100M,
     * E 97M: 3M (3%); sigma 40% x 0.9 = 36% -> 1.08M. */
    assert_rel(settle_final(2020, VALUE_MSSP_BASIC_A, P, 1, 0.9, 60000, 100e6, 97e6, 0), 1.08e6, 1e-9);
    /* BASIC level E, 2019, choice 2%: B 100M, E 110M: loss 10M (10% >= 2%);
     * 30% -> 3M; limit min(8% x revenue 20M = 1.6M, 4% x 100M = 4M) = 1.6M. */
    assert_rel(settle_final(2019, VALUE_MSSP_BASIC_E, 0.02, 1, 1, 10000, 100e6, 110e6, 20e6), -1.6e6, 1e-9);
    /* ... revenue 200M: min(16M, 4M) = 4M; 3M owed, no limit binds. */
    assert_rel(settle_final(2019, VALUE_MSSP_BASIC_E, 0.02, 1, 1, 10000, 100e6, 110e6, 200e6), -3e6, 1e-9);
    /* ... in 2022 the COVID-19 circumstances default (12 of 12 months, every
     * beneficiary) takes the whole 1.6M off: nothing owed. */
    ck_assert(settle_final(2022, VALUE_MSSP_BASIC_E, 0.02, 1, 1, 10000, 100e6, 110e6, 20e6) == 0);
    /* BASIC level C, 2019: loss 2M (2%), choice 0: 30% -> 600k; limit
     * min(2% x 50M = 1M, 1% x 100M = 1M) does not bind. */
    assert_rel(settle_final(2019, VALUE_MSSP_BASIC_C, 0, 1, 1, 10000, 100e6, 102e6, 50e6), -0.6e6, 1e-9);
    /* ENHANCED, 2019, quality standard not met (Q = 0): losses 4M, MLR 0;
     * sigma 0, 1 - 0 = 100% -> ceiling 75%: owes 3M (limit 15M). */
    assert_rel(settle_final(2019, VALUE_MSSP_ENHANCED, 0, 1, 0, 20000, 100e6, 104e6, 0), -3e6, 1e-9);
    /* ... the same in 2021: 3M, then the COVID-19 default: nothing owed. */
    ck_assert(settle_final(2021, VALUE_MSSP_ENHANCED, 0, 1, 0, 20000, 100e6, 104e6, 0) == 0);
    /* ... met (Q = 1): savings 10M, 1% MSR: 75% flat -> 7.5M; x 0.98 = 7.35M. */
    assert_rel(settle_final(2021, VALUE_MSSP_ENHANCED, 0.01, 1, 1, 20000, 100e6, 90e6, 0), 7.35e6, 1e-9);
    /* ... not met in 2021: savings earn nothing. */
    ck_assert(settle_final(2021, VALUE_MSSP_ENHANCED, 0.01, 1, 0, 20000, 100e6, 90e6, 0) == 0);
    /* 2023 sliding scale: BASIC C, factor 0.6: 50% x 0.6 = 30% of 10M = 3M;
     * x 0.98 = 2.94M. */
    assert_rel(settle_final(2023, VALUE_MSSP_BASIC_C, 0, 1, 0.6, 20000, 100e6, 90e6, 50e6), 2.94e6, 1e-9);
    /* BASIC B, 2024, cap: N 15,000 -> 2.7%; savings 30M; 40% -> 12M > 10M cap;
     * x 0.98 = 9.8M. */
    assert_rel(settle_final(2024, VALUE_MSSP_BASIC_B, P, 1, 1, 15000, 100e6, 70e6, 0), 9.8e6, 1e-9);
}
END_TEST

/* The MSR at band edges (425.604(b)): 5,999 -> 3.6%; 6,000 -> 3.6%;
 * 9,999.5 is not a count but the scale is continuous: 3.0%;
 * 59,999 -> 2.0%; 100,000 -> 2.0%.  Below 5,000, the bands of CMS's
 * Specifications v11 Table 5: 4,000 -> 5.0 - 1.1 x 1,000/1,999 =
 * 4.449725%; 640 -> 12.2 - 3.5 x 140/499 = 11.218036% (CMS's A3367 in
 * PY2023: MinSavPerc 11.22%); 1,000 -> 8.7%; 300 -> 12.2% (the table's
 * band 1-499 says only ">= 12.2%"). */
START_TEST(msr_band_edges)
{
    const double n[] = {5999, 6000, 6500, 59999, 100000, 4000, 640, 1000, 300};
    const double want[] = {0.036, 0.036, 0.036 - 0.002 * 500.0 / 999.0, 0.020, 0.020, 0.05 - 0.011 * 1000.0 / 1999.0,
                           0.122 - 0.035 * 140.0 / 499.0, 0.087, 0.122};
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
        value_settlement *s = NULL;
        assert_ok(value_mssp_settle(2016, VALUE_MSSP_TRACK_1, VALUE_MSSP_MSR_BY_POPULATION, 1, 1, n[i], 1e8, 1e8,
                                    0, &s));
        assert_rel(settlement_item(s, VALUE_SETTLEMENT_MSR), want[i], 1e-12);
        value_settlement_free(s);
    }
}
END_TEST

/* value_mssp_contract on a ledger with the 99th-percentile truncation:
 * 100 beneficiaries costing 1,000, 2,000, ..., 100,000 for 12 months each.
 * The 99th percentile (type 7): h = 99 x 0.99 = 98.01, x(99) + 0.01 x
 * (x(100) - x(99)) = 99,000 + 10 = 99,010; the part above it: 990.  E =
 * 5,050,000 - 990 = 5,049,010.  Benchmark 60,000 per person-year x 100 =
 * 6,000,000; savings 950,990 (15.85% >= MSR 5.0%, N below 3,000); 50% x 1 ->
 * 475,495; cap 600,000; x 0.98 = 465,985.10. */
START_TEST(contract_on_truncated_ledger)
{
    double cost[100], risk[100], mm[100];
    int32_t k[100];
    for (int i = 0; i < 100; i++) {
        cost[i] = 1000.0 * (i + 1);
        risk[i] = 1;
        mm[i] = 12;
        k[i] = 0;
    }
    double p99;
    assert_ok(value_contract_percentile(cost, 100, 0.99, &p99));
    assert_rel(p99, 99010, 1e-12);
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(1, &l));
    const double lower = 0;
    assert_ok(value_ledger_set_bounds(l, &lower, &p99, 1));
    assert_ok(value_ledger_add(l, k, cost, risk, mm, 100));
    value_contract *c = NULL;
    assert_ok(value_mssp_contract(2015, VALUE_MSSP_TRACK_1, VALUE_MSSP_MSR_BY_POPULATION, 1, 1, &c));
    assert_ok(value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 60000));
    value_settlement *s = NULL;
    assert_ok(value_contract_settle(c, l, 0, &s));
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_EXPENDITURE), 5049010, 1e-12);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 465985.10, 1e-9);
    value_settlement_free(s);
    value_contract_free(c);
    value_ledger_free(l);
}
END_TEST

/* ---- the terms handle: an ACO's own terms ---- */

/* Terms for (year, track) with (term, value) pairs set. */
static value_mssp_terms *mk_terms(int year, value_mssp_track track, const double *kv, size_t n_kv)
{
    value_mssp_terms *t = NULL;
    assert_ok(value_mssp_terms_new(year, track, &t));
    for (size_t i = 0; i + 1 < n_kv; i += 2)
        assert_ok(value_mssp_terms_set(t, (value_mssp_term)kv[i], kv[i + 1]));
    return t;
}

static value_settlement *terms_settlement(int year, value_mssp_track track, const double *kv, size_t n_kv, double n,
                                          double b, double e)
{
    value_mssp_terms *t = mk_terms(year, track, kv, n_kv);
    value_settlement *s = NULL;
    assert_ok(value_mssp_terms_settle(t, n, b, e, &s));
    value_mssp_terms_free(t);
    return s;
}

static double terms_final(int year, value_mssp_track track, const double *kv, size_t n_kv, double n, double b,
                          double e)
{
    value_settlement *s = terms_settlement(year, track, kv, n_kv, n, b, e);
    double pay = settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT);
    value_settlement_free(s);
    return pay;
}

/* The text of the first line of `step`, or NULL. */
static const char *line_text(const value_settlement *s, const char *step)
{
    size_t n;
    assert_ok(value_settlement_line_count(s, &n));
    for (size_t i = 0; i < n; i++) {
        const char *st, *text;
        double amount;
        assert_ok(value_settlement_line(s, i, &st, &text, &amount));
        if (strcmp(st, step) == 0)
            return text;
    }
    return NULL;
}

#define KV(...) (const double[]){__VA_ARGS__}, sizeof((const double[]){__VA_ARGS__}) / sizeof(double)
#define T_Q VALUE_MSSP_TERM_QUALITY_SCORE
#define T_MET VALUE_MSSP_TERM_QUALITY_MET
#define T_THR VALUE_MSSP_TERM_QUALITY_THRESHOLD
#define T_EM VALUE_MSSP_TERM_EUC_MONTHS_SHARE
#define T_EB VALUE_MSSP_TERM_EUC_BENEFICIARY_SHARE
#define T_REV VALUE_MSSP_TERM_REVENUE
#define T_BBL VALUE_MSSP_TERM_BENCHMARK_BASED_LIMIT
#define T_MSR VALUE_MSSP_TERM_MSR_CHOICE

typedef struct grid_case {
    int year;
    value_mssp_track track;
    double want;
} grid_case;

/*
 * Every track in every year PY2016-PY2022 its ACOs were settled, savings:
 * N 20,000 (MSR 2.5% on the scale: the bottom of 20,000-49,999), B 100M,
 * E 90M: savings 10M, rate 10% >= 2.5%.  Quality: Q 0.9 through 2020 (final
 * rate = maximum x 0.9), the standard met in 2021-2022 (the maximum).  No
 * cap binds (10% x 100M = 10M at least).  Sequestration 2%, none in 2020.
 *   Track 1, Track 1+: 50% x 0.9 x 10M = 4.5M; x 0.98 = 4.41M; 2021: 5M x 0.98 = 4.9M
 *   Track 2:           60% x 0.9 = 54% -> 5.4M; 5.292M; 2021: 6M -> 5.88M
 *   Track 3, ENHANCED: 75% x 0.9 = 67.5% -> 6.75M; 6.615M; 2021-22: 7.5M -> 7.35M
 *   BASIC A, B:        40% x 0.9 = 36% -> 3.6M; 3.528M; 2021-22: 4M -> 3.92M
 *   BASIC C, D, E:     50% x 0.9 -> 4.5M; 4.41M; 2021-22: 5M -> 4.9M (no revenue
 *                      given: no loss limit can bind on savings)
 */
START_TEST(every_track_every_year_savings)
{
    const value_mssp_track T1 = VALUE_MSSP_TRACK_1, T2 = VALUE_MSSP_TRACK_2, T3 = VALUE_MSSP_TRACK_3,
                           TP = VALUE_MSSP_TRACK_1_PLUS, A = VALUE_MSSP_BASIC_A, B = VALUE_MSSP_BASIC_B,
                           C = VALUE_MSSP_BASIC_C, D = VALUE_MSSP_BASIC_D, E = VALUE_MSSP_BASIC_E,
                           EN = VALUE_MSSP_ENHANCED;
    const grid_case cases[] = {
        {2016, T1, 4.41e6}, {2016, T2, 5.292e6}, {2016, T3, 6.615e6},
        {2017, T1, 4.41e6}, {2017, T2, 5.292e6}, {2017, T3, 6.615e6},
        {2018, T1, 4.41e6}, {2018, T2, 5.292e6}, {2018, T3, 6.615e6}, {2018, TP, 4.41e6},
        {2019, T1, 4.41e6}, {2019, T2, 5.292e6}, {2019, T3, 6.615e6}, {2019, TP, 4.41e6},
        {2019, A, 3.528e6}, {2019, B, 3.528e6}, {2019, C, 4.41e6}, {2019, D, 4.41e6}, {2019, E, 4.41e6},
        {2019, EN, 6.615e6},
        {2020, T1, 4.5e6}, {2020, T2, 5.4e6}, {2020, T3, 6.75e6}, {2020, TP, 4.5e6},
        {2020, A, 3.6e6}, {2020, B, 3.6e6}, {2020, C, 4.5e6}, {2020, D, 4.5e6}, {2020, E, 4.5e6},
        {2020, EN, 6.75e6},
        {2021, T1, 4.9e6}, {2021, T2, 5.88e6}, {2021, T3, 7.35e6}, {2021, TP, 4.9e6},
        {2021, A, 3.92e6}, {2021, B, 3.92e6}, {2021, C, 4.9e6}, {2021, D, 4.9e6}, {2021, E, 4.9e6},
        {2021, EN, 7.35e6},
        {2022, A, 3.92e6}, {2022, B, 3.92e6}, {2022, C, 4.9e6}, {2022, D, 4.9e6}, {2022, E, 4.9e6},
        {2022, EN, 7.35e6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const grid_case *k = &cases[i];
        double pay = k->year <= 2020 ? terms_final(k->year, k->track, KV(T_Q, 0.9), 20000, 100e6, 90e6)
                                     : terms_final(k->year, k->track, KV(T_MET, 1), 20000, 100e6, 90e6);
        ck_assert_msg(fabs(pay - k->want) <= 1e-9 * k->want, "%d track %d: %.2f, want %.2f", k->year, (int)k->track,
                      pay, k->want);
    }
    /* The old call gives the same (Track 1, 2021: quality 1 = met). */
    assert_rel(settle_final(2021, T1, VALUE_MSSP_MSR_BY_POPULATION, 1, 1, 20000, 100e6, 90e6, 0), 4.9e6, 1e-9);
}
END_TEST

/*
 * Two-sided tracks, losses, every year PY2016-PY2022: N 20,000 (MLR 2.5%),
 * B 100M, E 106M: losses 6M, 6% >= 2.5%.  Quality Q 0.9 through 2020; in
 * 2021-2022 the standard met and the score 0.9, which still scales the loss
 * rate of Tracks 2, 3 and ENHANCED (425.610(d)(2)); circumstances shares set to 0 (no reduction: the COVID-19
 * default is tested below); BASIC C-E revenue 200M; Track 1+ with the
 * benchmark-based limit.
 *   Track 2 (agreement year 1): 1 - 0.54 = 46% in [40%, 60%] -> 2.76M (limit 5M);
 *                               2021: 1 - 60% x 0.9 = 46% -> 2.76M as well
 *   Track 3, ENHANCED: 1 - 0.675 = 32.5% -> floor 40% -> 2.4M (limit 15M); 2021-22 the same
 *   Track 1+: 30% flat -> 1.8M (limit 4% x 100M = 4M)
 *   BASIC C: 30% -> 1.8M; limit min(2% x 200M = 4M, 1% x 100M = 1M) = 1M binds
 *   BASIC D: 1.8M; limit min(8M, 2M) = 2M does not bind; BASIC E: min(16M, 4M): 1.8M
 */
START_TEST(every_two_sided_track_every_year_losses)
{
    const value_mssp_track T2 = VALUE_MSSP_TRACK_2, T3 = VALUE_MSSP_TRACK_3, TP = VALUE_MSSP_TRACK_1_PLUS,
                           C = VALUE_MSSP_BASIC_C, D = VALUE_MSSP_BASIC_D, E = VALUE_MSSP_BASIC_E,
                           EN = VALUE_MSSP_ENHANCED;
    const grid_case cases[] = {
        {2016, T2, -2.76e6}, {2016, T3, -2.4e6},
        {2017, T2, -2.76e6}, {2017, T3, -2.4e6},
        {2018, T2, -2.76e6}, {2018, T3, -2.4e6}, {2018, TP, -1.8e6},
        {2019, T2, -2.76e6}, {2019, T3, -2.4e6}, {2019, TP, -1.8e6}, {2019, C, -1e6}, {2019, D, -1.8e6},
        {2019, E, -1.8e6}, {2019, EN, -2.4e6},
        {2020, T2, -2.76e6}, {2020, T3, -2.4e6}, {2020, TP, -1.8e6}, {2020, C, -1e6}, {2020, D, -1.8e6},
        {2020, E, -1.8e6}, {2020, EN, -2.4e6},
        {2021, T2, -2.76e6}, {2021, T3, -2.4e6}, {2021, TP, -1.8e6}, {2021, C, -1e6}, {2021, D, -1.8e6},
        {2021, E, -1.8e6}, {2021, EN, -2.4e6},
        {2022, C, -1e6}, {2022, D, -1.8e6}, {2022, E, -1.8e6}, {2022, EN, -2.4e6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const grid_case *k = &cases[i];
        value_mssp_terms *t = mk_terms(k->year, k->track, NULL, 0);
        assert_ok(value_mssp_terms_set(t, T_Q, 0.9));
        if (k->year >= 2021)
            assert_ok(value_mssp_terms_set(t, T_MET, 1));
        if (k->track == C || k->track == D || k->track == E)
            assert_ok(value_mssp_terms_set(t, T_REV, 200e6));
        if (k->track == TP)
            assert_ok(value_mssp_terms_set(t, T_BBL, 1));
        /* 2016 has no circumstances policy; from 2017 set the shares to 0 */
        if (k->year >= 2017) {
            assert_ok(value_mssp_terms_set(t, T_EM, 0));
            assert_ok(value_mssp_terms_set(t, T_EB, 0));
        }
        value_settlement *s = NULL;
        assert_ok(value_mssp_terms_settle(t, 20000, 100e6, 106e6, &s));
        double pay = settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), gen;
        ck_assert_msg(fabs(pay - k->want) <= 1e-9 * -k->want, "%d track %d: %.2f, want %.2f", k->year,
                      (int)k->track, pay, k->want);
        /* generated losses: the whole 6M (6% >= MLR 2.5%) */
        assert_ok(value_mssp_generated(s, &gen));
        assert_rel(gen, -6e6, 1e-12);
        value_settlement_free(s);
        value_mssp_terms_free(t);
    }
}
END_TEST

/* Tracks 1-3 settle after they closed to new ACOs, through 2021, and not after. */
START_TEST(tracks_in_force)
{
    value_mssp_terms *t = NULL;
    value_contract *c = NULL;
    assert_fails(value_mssp_terms_new(2022, VALUE_MSSP_TRACK_1, &t), VALUE_EINVAL,
                 "track is Track 1, not in force in performance year 2022 (its ACOs were settled in 2013-2021)");
    assert_fails(value_mssp_terms_new(2015, VALUE_MSSP_TRACK_3, &t), VALUE_EINVAL,
                 "track is Track 3, not in force in performance year 2015 (its ACOs were settled in 2016-2021)");
    assert_fails(value_mssp_terms_new(2017, VALUE_MSSP_TRACK_1_PLUS, &t), VALUE_EINVAL,
                 "track is Track 1+, not in force in performance year 2017 (its ACOs were settled in 2018-2021)");
    assert_fails(value_mssp_contract(2022, VALUE_MSSP_TRACK_2, 0, 1, 1, &c), VALUE_EINVAL, "settled in 2013-2021");
    ck_assert_ptr_null(t);
    /* the first line says when a track no longer takes new ACOs */
    value_settlement *s = terms_settlement(2020, VALUE_MSSP_TRACK_1, KV(T_Q, 1), 20000, 100e6, 90e6);
    ck_assert_ptr_nonnull(strstr(line_text(s, "program"), "closed to new ACOs"));
    value_settlement_free(s);
    s = terms_settlement(2017, VALUE_MSSP_TRACK_1, KV(T_Q, 1), 20000, 100e6, 90e6);
    ck_assert_ptr_null(strstr(line_text(s, "program"), "closed to new ACOs"));
    value_settlement_free(s);
    /* the contract of a Track 3 ACO in 2021: its loss rate needs the
     * quality score, which the one-line call cannot take */
    assert_fails(value_mssp_contract(2021, VALUE_MSSP_TRACK_3, 0.01, 4, 1, &c), VALUE_ESTATE,
                 "quality_score is not set: from 2021 the Track 3 loss rate is 1 - 75% x the quality score");
    value_mssp_terms *t3 = mk_terms(2021, VALUE_MSSP_TRACK_3, KV(T_MSR, 0.01, T_MET, 1, T_Q, 0.9));
    assert_ok(value_mssp_terms_contract(t3, &c));
    value_contract_free(c);
    value_mssp_terms_free(t3);
}
END_TEST

/*
 * Failing the quality standard before 2021: no shared savings; on Tracks 2
 * and 3 the loss rate at its ceiling; BASIC C-E keep 30%.
 *   Track 1, 2016, savings 10M: nothing.
 *   Track 2, 2018, losses 6M (B 100M, E 106M, MLR 2.5%): sharing 0, 1 - 0 =
 *     100% -> ceiling 60%: 3.6M (limit 5M).
 *   ENHANCED, 2019, the same losses: ceiling 75%: 4.5M (limit 15M).
 *   BASIC C, 2020, the same losses, circumstances shares 0, revenue 200M:
 *     30% -> 1.8M, limit 1M: owes 1M, as when met.
 */
START_TEST(quality_not_met_before_2021)
{
    value_settlement *s = terms_settlement(2016, VALUE_MSSP_TRACK_1, KV(T_MET, 0), 20000, 100e6, 90e6);
    ck_assert(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT) == 0);
    ck_assert_str_eq(line_text(s, "quality standard"), "quality standard not met (425.502): no shared savings");
    double gen;
    assert_ok(value_mssp_generated(s, &gen)); /* generated all the same */
    assert_rel(gen, 10e6, 1e-12);
    value_settlement_free(s);
    s = terms_settlement(2018, VALUE_MSSP_TRACK_2, KV(T_MET, 0, T_EM, 0), 20000, 100e6, 106e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -3.6e6, 1e-12);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_LOSS_SHARING_RATE), 0.6, 1e-12);
    ck_assert_ptr_nonnull(strstr(line_text(s, "quality standard"), "the loss rate goes to its ceiling"));
    value_settlement_free(s);
    assert_rel(terms_final(2019, VALUE_MSSP_ENHANCED, KV(T_MET, 0), 20000, 100e6, 106e6), -4.5e6, 1e-12);
    assert_rel(terms_final(2020, VALUE_MSSP_BASIC_C, KV(T_MET, 0, T_EM, 0, T_EB, 0, T_REV, 200e6), 20000, 100e6,
                           106e6),
               -1e6, 1e-12);
    /* met, with the score: as the old call (Track 2, 2018, Q 0.9: 2.76M) */
    assert_rel(terms_final(2018, VALUE_MSSP_TRACK_2, KV(T_MET, 1, T_Q, 0.9, T_EM, 0), 20000, 100e6, 106e6), -2.76e6,
               1e-12);
    /* the old call's quality score 0 says the same: Track 2, 2016, 6M x 60% */
    assert_ok(value_mssp_settle(2016, VALUE_MSSP_TRACK_2, VALUE_MSSP_MSR_BY_POPULATION, 1, 0, 20000, 100e6, 106e6, 0,
                                &s));
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -3.6e6, 1e-12);
    ck_assert_str_eq(line_text(s, "quality standard"),
                     "quality score 0: no shared savings; the loss rate goes to its ceiling");
    value_settlement_free(s);
    /* neither given */
    value_mssp_terms *t = mk_terms(2018, VALUE_MSSP_TRACK_2, NULL, 0);
    assert_fails(value_mssp_terms_settle(t, 20000, 100e6, 106e6, &s), VALUE_ESTATE,
                 "quality_score is not set: in performance year 2018");
    value_mssp_terms_free(t);
}
END_TEST

/*
 * 2021-2022: met or not, given or from the score against the threshold
 * (scores and thresholds as shares of the quality points, as CMS's results
 * files print them: 75.00% is 0.75).
 *   ENHANCED 2022, score 0.75 >= threshold 0.408: met, savings 10M x 75% = 7.5M,
 *     x 0.98 = 7.35M.
 *   Score 0.30 < 0.408: not met: no savings; losses 6M (shares 0) x ceiling 75% = 4.5M.
 *   Met with score 0.7761 (CMS's A3632 in PY2022): losses 6M x (1 - 75% x
 *     0.7761 = 41.7925%) = 2,507,550; score 0.9: 32.5% -> floor 40%: 2.4M.
 */
START_TEST(quality_2021_2022)
{
    value_settlement *s = terms_settlement(2022, VALUE_MSSP_ENHANCED, KV(T_Q, 0.75, T_THR, 0.408), 20000, 100e6, 90e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 7.35e6, 1e-12);
    ck_assert_str_eq(line_text(s, "quality standard"),
                     "quality performance standard met: quality score 0.75 >= threshold 0.408 (425.512); loss rate "
                     "1 - 75.00% x quality score 0.75 = 43.75%, within [40.00%, 75.00%]");
    value_settlement_free(s);
    s = terms_settlement(2022, VALUE_MSSP_ENHANCED, KV(T_Q, 0.3, T_THR, 0.408), 20000, 100e6, 90e6);
    ck_assert(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT) == 0);
    ck_assert_ptr_nonnull(strstr(line_text(s, "quality standard"), "quality score 0.3 < threshold 0.408"));
    value_settlement_free(s);
    assert_rel(terms_final(2021, VALUE_MSSP_ENHANCED, KV(T_Q, 0.3, T_THR, 0.408, T_EM, 0), 20000, 100e6, 106e6),
               -4.5e6, 1e-12);
    s = terms_settlement(2022, VALUE_MSSP_ENHANCED, KV(T_MET, 1, T_Q, 0.7761, T_EM, 0), 20000, 100e6, 106e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -2507550, 1e-12);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_LOSS_SHARING_RATE), 0.417925, 1e-12);
    ck_assert_str_eq(line_text(s, "quality standard"),
                     "quality performance standard met (given); loss rate 1 - 75.00% x quality score 0.7761 = "
                     "41.79%, within [40.00%, 75.00%]");
    value_settlement_free(s);
    assert_rel(terms_final(2022, VALUE_MSSP_ENHANCED, KV(T_MET, 1, T_Q, 0.9, T_EM, 0), 20000, 100e6, 106e6), -2.4e6,
               1e-12);
    /* met, no score: losses cannot be settled (unless the circumstances forgive them all) */
    value_mssp_terms *tq = mk_terms(2022, VALUE_MSSP_ENHANCED, KV(T_MET, 1, T_EM, 0));
    s = NULL;
    assert_fails(value_mssp_terms_settle(tq, 20000, 100e6, 106e6, &s), VALUE_ESTATE,
                 "quality_score is not set, and this ENHANCED ACO owes shared losses: from 2021 its loss rate is "
                 "1 - 75% x the quality score (425.610(d)(2))");
    ck_assert_ptr_null(s);
    value_mssp_terms_free(tq);
    ck_assert(terms_final(2022, VALUE_MSSP_ENHANCED, KV(T_MET, 1), 20000, 100e6, 106e6) == 0);
    /* the decision given wins over a score, and says so */
    s = terms_settlement(2021, VALUE_MSSP_BASIC_A, KV(T_MET, 1, T_Q, 0.1, T_THR, 0.4), 20000, 100e6, 90e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 3.92e6, 1e-12);
    ck_assert_str_eq(line_text(s, "quality standard"), "quality performance standard met (given)");
    value_settlement_free(s);
    value_mssp_terms *t = mk_terms(2021, VALUE_MSSP_ENHANCED, KV(T_Q, 0.75));
    assert_fails(value_mssp_terms_settle(t, 20000, 100e6, 90e6, &s), VALUE_ESTATE,
                 "set quality_met, or quality_score and quality_threshold");
    value_mssp_terms_free(t);
}
END_TEST

/*
 * Extreme and uncontrollable circumstances: owed x (1 - months x beneficiaries).
 *   Track 2, 2020, losses 6M, Q 0.9: 46% -> 2.76M; the COVID-19 default
 *     (12 of 12 months, every beneficiary): nothing owed.  Shares given 25%
 *     and 50%: 2.76M x (1 - 0.125) = 2,415,000.
 *   ENHANCED, 2021, met, score 0.9: 1 - 67.5% -> floor 40% -> 2.4M; default: nothing; given 25% x 50%:
 *     2.4M x 0.875 = 2.1M.
 *   Track 3, 2017 (a hurricane): 2.4M x (1 - 0.5 x 0.2) = 2.16M.
 *   BASIC E, 2023, met: 30% -> 1.8M (limit min(8% x 200M, 4M) = 4M); default
 *     5 of 12 months (the emergency ended May 11, 2023): 1.8M x 7/12 = 1.05M.
 *   One-sided tracks owe nothing: no reduction.
 */
START_TEST(circumstances)
{
    value_settlement *s = terms_settlement(2020, VALUE_MSSP_TRACK_2, KV(T_Q, 0.9), 20000, 100e6, 106e6);
    ck_assert(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT) == 0);
    ck_assert(!signbit(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT)));
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP), -2.76e6, 1e-12); /* before the reduction */
    ck_assert_str_eq(line_text(s, "circumstances"),
                     "extreme and uncontrollable circumstances (42 CFR 425.606(i)): shared losses 2,760,000 reduced "
                     "by 2,760,000 x 100.00% of the months (COVID-19 default) x 100.00% of the beneficiaries "
                     "(COVID-19 default) = 2,760,000: owes 0");
    ck_assert_str_eq(line_text(s, "payment"), "nothing owed");
    value_settlement_free(s);
    assert_rel(terms_final(2020, VALUE_MSSP_TRACK_2, KV(T_Q, 0.9, T_EM, 0.25, T_EB, 0.5), 20000, 100e6, 106e6),
               -2.415e6, 1e-12);
    ck_assert(terms_final(2021, VALUE_MSSP_ENHANCED, KV(T_MET, 1), 20000, 100e6, 106e6) == 0);
    s = terms_settlement(2021, VALUE_MSSP_ENHANCED, KV(T_MET, 1, T_Q, 0.9, T_EM, 0.25, T_EB, 0.5), 20000, 100e6, 106e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -2.1e6, 1e-12);
    ck_assert_str_eq(line_text(s, "payment"), "the provider owes 2,100,000");
    value_settlement_free(s);
    assert_rel(terms_final(2017, VALUE_MSSP_TRACK_3, KV(T_Q, 0.9, T_EM, 0.5, T_EB, 0.2), 20000, 100e6, 106e6),
               -2.16e6, 1e-12);
    assert_rel(terms_final(2023, VALUE_MSSP_BASIC_E, KV(T_MET, 1, T_REV, 200e6), 20000, 100e6, 106e6), -1.05e6,
               1e-12);
    /* only one share given: the other takes the default (2020: 100%): 2.76M x (1 - 0.25) */
    assert_rel(terms_final(2020, VALUE_MSSP_TRACK_2, KV(T_Q, 0.9, T_EM, 0.25), 20000, 100e6, 106e6), -2.07e6,
               1e-12);
    /* before 2020 no default: 2019 owes in full */
    assert_rel(terms_final(2019, VALUE_MSSP_TRACK_2, KV(T_Q, 0.9), 20000, 100e6, 106e6), -2.76e6, 1e-12);
    /* The same ACO settled on a ledger through the terms' contract: the
     * circumstances go in as the share of losses forgiven.  ENHANCED 2021,
     * MSR/MLR 2%, 20,000 beneficiaries of 5,300 each (106M) against 5,000
     * per person-year (100M), 25% x 50%: 2,400,000 x 0.875 = 2,100,000, as
     * on the totals; the COVID-19 default forgives all. */
    const double em[2] = {0.25, NAN};
    const double want[2] = {-2.1e6, 0};
    for (int k = 0; k < 2; k++) {
        value_mssp_terms *t = isnan(em[k]) ? mk_terms(2021, VALUE_MSSP_ENHANCED, KV(T_MSR, 0.02, T_MET, 1, T_Q, 0.9))
                                           : mk_terms(2021, VALUE_MSSP_ENHANCED,
                                                      KV(T_MSR, 0.02, T_MET, 1, T_Q, 0.9, T_EM, 0.25, T_EB, 0.5));
        value_contract *c = NULL;
        assert_ok(value_mssp_terms_contract(t, &c));
        assert_ok(value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 5000)); /* 20,000 x 5,000 = 100M */
        value_ledger *l = NULL;
        assert_ok(value_ledger_new(1, &l));
        enum { NB = 20000 };
        int32_t *kk = calloc(NB, sizeof *kk);
        double *e = malloc(NB * sizeof *e), *one = malloc(NB * sizeof *one), *mm = malloc(NB * sizeof *mm);
        ck_assert(kk && e && one && mm);
        for (int i = 0; i < NB; i++) {
            e[i] = 5300;
            one[i] = 1;
            mm[i] = 12;
        }
        assert_ok(value_ledger_add(l, kk, e, one, mm, NB));
        free(kk);
        free(e);
        free(one);
        free(mm);
        value_settlement *ls = NULL;
        assert_ok(value_contract_settle(c, l, 0, &ls));
        double pay = settlement_item(ls, VALUE_SETTLEMENT_FINAL_PAYMENT);
        ck_assert_msg(fabs(pay - want[k]) <= 1e-6, "ledger path %d: %.17g, want %g", k, pay, want[k]);
        value_settlement_free(ls);
        value_ledger_free(l);
        value_contract_free(c);
        value_mssp_terms_free(t);
    }
}
END_TEST

/*
 * Track 1+ (2018-2021): losses 6M (B 100M, E 106M, MLR 2.5%), 30% flat ->
 * 1.8M whatever the quality.
 *   revenue-based, revenue 10M: limit min(8% x 10M = 0.8M, 4% x 100M = 4M) = 0.8M.
 *   losses 20M (E 120M): 6M; benchmark-based: limit 4M; revenue-based with
 *     revenue 100M: min(8M, 4M) = 4M.
 *   2019 MSR/MLR choice 1%, savings 0.5% (E 99.5M): below the MSR: nothing.
 */
START_TEST(track_1_plus)
{
    assert_rel(terms_final(2019, VALUE_MSSP_TRACK_1_PLUS, KV(T_Q, 0.5, T_BBL, 0, T_REV, 10e6, T_EM, 0), 20000, 100e6,
                           106e6),
               -0.8e6, 1e-12);
    assert_rel(terms_final(2019, VALUE_MSSP_TRACK_1_PLUS, KV(T_Q, 0.5, T_BBL, 1, T_EM, 0), 20000, 100e6, 106e6),
               -1.8e6, 1e-12);
    assert_rel(terms_final(2018, VALUE_MSSP_TRACK_1_PLUS, KV(T_Q, 1, T_BBL, 1, T_EM, 0), 20000, 100e6, 120e6), -4e6,
               1e-12);
    assert_rel(terms_final(2018, VALUE_MSSP_TRACK_1_PLUS, KV(T_Q, 1, T_BBL, 0, T_REV, 100e6, T_EM, 0), 20000, 100e6,
                           120e6),
               -4e6, 1e-12);
    ck_assert(terms_final(2019, VALUE_MSSP_TRACK_1_PLUS, KV(T_MSR, 0.01, T_Q, 1), 20000, 100e6, 99.5e6) == 0);
    /* the composition is needed only when losses are owed */
    value_mssp_terms *t = mk_terms(2019, VALUE_MSSP_TRACK_1_PLUS, KV(T_Q, 1));
    value_settlement *s = NULL;
    assert_fails(value_mssp_terms_settle(t, 20000, 100e6, 106e6, &s), VALUE_ESTATE,
                 "benchmark_based_limit is not set, and this Track 1+ ACO owes shared losses");
    assert_ok(value_mssp_terms_settle(t, 20000, 100e6, 90e6, &s)); /* savings: 50% x 10M x 0.98 */
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 4.9e6, 1e-12);
    value_settlement_free(s);
    value_contract *c = NULL;
    assert_fails(value_mssp_terms_contract(t, &c), VALUE_ESTATE, "benchmark_based_limit is not set");
    assert_ok(value_mssp_terms_set(t, T_BBL, 0));
    assert_fails(value_mssp_terms_settle(t, 20000, 100e6, 106e6, &s), VALUE_ESTATE,
                 "revenue is not set, and this Track 1+ ACO owes shared losses");
    assert_ok(value_mssp_terms_contract(t, &c));
    value_contract_free(c);
    value_mssp_terms_free(t);
    /* 2020: the COVID-19 default takes it all; no revenue needed */
    ck_assert(terms_final(2020, VALUE_MSSP_TRACK_1_PLUS, KV(T_Q, 1, T_BBL, 0), 20000, 100e6, 106e6) == 0);
    assert_fails(value_mssp_contract(2019, VALUE_MSSP_TRACK_1_PLUS, 0, 1, 1, &c), VALUE_EINVAL,
                 "use value_mssp_terms_new()");
}
END_TEST

/*
 * Fewer than 5,000 assigned beneficiaries (425.110(b)(3), from 2019): a
 * fixed MSR/MLR gives way to the scale (below 5,000 the bands of CMS's
 * Specifications v11 Table 5: 4,000 -> 5.0 - 1.1 x 1,000/1,999 = 4.4497%).
 *   ENHANCED 2021, choice 0, N 4,000, B 40M, E 38M: savings 2M (5%) >= 4.45%:
 *     75% -> 1.5M, x 0.98 = 1.47M.
 *   ... E 38.8M: savings 1.2M (3%) < 4.45%: nothing (at 0% it would have earned).
 *   ... N 5,000: the choice stands: 0% -> 75% x 1.2M = 0.9M, x 0.98 = 882,000.
 *   Track 3 2018 (before the rule), N 4,000, choice 0, Q 1: 882,000 too.
 *   BASIC E 2022, choice 1%, N 4,500, B 45M, E 46.5M: losses 1.5M (3.33%) <
 *     MLR 5.0 - 1.1 x 1,500/1,999 = 4.17%: nothing owed (at 1% it would owe).
 */
START_TEST(small_aco)
{
    const double m4000 = 0.05 - 0.011 * 1000.0 / 1999.0;
    value_settlement *s = terms_settlement(2021, VALUE_MSSP_ENHANCED, KV(T_MSR, 0, T_MET, 1), 4000, 40e6, 38e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 1.47e6, 1e-12);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_MSR), m4000, 1e-12);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_MLR), m4000, 1e-12);
    ck_assert_str_eq(line_text(s, "msr"), "MSR 4.45% for 4,000 beneficiaries: fewer than the 5,000 of 425.110, set "
                                          "by the number of beneficiaries (425.110(b)(3)(i)) on the scale's bands "
                                          "below 5,000 (CMS's Specifications v11, Table 5; 425.605(b)(1)), linear "
                                          "within the band");
    ck_assert_str_eq(line_text(s, "msr switch"), "4,000 beneficiaries, fewer than 5,000 (msr_table_below): the fixed "
                                                 "MSR 0.00% gives way to the MSR table, the MLR equal to its MSR");
    ck_assert_ptr_nonnull(strstr(line_text(s, "program"), "below 5,000 beneficiaries by their number (42 CFR "
                                                         "425.110(b)(3)(iii))"));
    value_settlement_free(s);
    ck_assert(terms_final(2021, VALUE_MSSP_ENHANCED, KV(T_MSR, 0, T_MET, 1), 4000, 40e6, 38.8e6) == 0);
    s = terms_settlement(2021, VALUE_MSSP_ENHANCED, KV(T_MSR, 0, T_MET, 1), 5000, 40e6, 38.8e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 882000, 1e-12);
    ck_assert_ptr_null(line_text(s, "msr switch"));
    value_settlement_free(s);
    assert_rel(terms_final(2018, VALUE_MSSP_TRACK_3, KV(T_MSR, 0, T_Q, 1), 4000, 40e6, 38.8e6), 882000, 1e-12);
    ck_assert(terms_final(2022, VALUE_MSSP_BASIC_E, KV(T_MSR, 0.01, T_MET, 1, T_EM, 0, T_REV, 1e7), 4500, 45e6,
                          46.5e6) == 0);
    /* the old call applies it too */
    assert_rel(settle_final(2021, VALUE_MSSP_ENHANCED, 0, 1, 1, 4000, 40e6, 38e6, 0), 1.47e6, 1e-12);
    /* 2019: the calendar year and its Jan-Jun year began before Jul 1, 2019
     * (425.110(b)(3)(ii)): Track 3 keeps 0%: 882,000; ENHANCED's Jul-Dec
     * year switches: nothing at 3% < 4.45%. */
    assert_rel(terms_final(2019, VALUE_MSSP_TRACK_3, KV(T_MSR, 0, T_Q, 1), 4000, 40e6, 38.8e6), 882000, 1e-12);
    ck_assert(terms_final(2019, VALUE_MSSP_ENHANCED, KV(T_MSR, 0, T_Q, 1), 4000, 40e6, 38.8e6) == 0);
    /* 2,000: the band 1,000-2,999: 8.7 - 3.7 x 1,000/1,999 = 6.849075%;
     * 300, below the table's lowest point: 12.2%, and the line says so */
    s = terms_settlement(2016, VALUE_MSSP_TRACK_1, KV(T_Q, 1), 2000, 20e6, 19e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_MSR), 0.087 - 0.037 * 1000.0 / 1999.0, 1e-12);
    value_settlement_free(s);
    s = terms_settlement(2016, VALUE_MSSP_TRACK_1, KV(T_Q, 1), 300, 3e6, 2.5e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_MSR), 0.122, 1e-12);
    ck_assert_str_eq(line_text(s, "msr"), "MSR 12.20% for 300 beneficiaries: fewer than 500, where CMS's table "
                                          "(Specifications v11, Table 5; 425.605(b)(1)) says only \"12.2% or more\": "
                                          "12.2% applied");
    value_settlement_free(s);
}
END_TEST

/*
 * The two paths agree on a small ACO: the same ENHANCED 2021 ACO (choice
 * 0%, quality met) settled from totals and on a ledger of its 4,000
 * beneficiaries, each costing 9,500 for 12 months against a benchmark of
 * 10,000 per person-year: B 40M, E 38M, savings 2M (5%) >= the variable
 * MSR 4.45%: 75% -> 1.5M, x 0.98 = 1.47M on both, with the same switch
 * line.  At 5,000 beneficiaries (B 50M, E 47.5M, 5%) the 0% stands on both:
 * 75% x 2.5M = 1.875M, x 0.98 = 1,837,500.
 */
START_TEST(small_aco_ledger)
{
    const double sizes[] = {4000, 5000}, want[] = {1.47e6, 1837500};
    for (int j = 0; j < 2; j++) {
        size_t n = (size_t)sizes[j];
        double *cost = malloc(n * sizeof *cost), *risk = malloc(n * sizeof *risk), *mm = malloc(n * sizeof *mm);
        int32_t *k = calloc(n, sizeof *k);
        ck_assert(cost && risk && mm && k);
        for (size_t i = 0; i < n; i++) {
            cost[i] = 9500;
            risk[i] = 1;
            mm[i] = 12;
        }
        value_ledger *l = NULL;
        assert_ok(value_ledger_new(1, &l));
        assert_ok(value_ledger_add(l, k, cost, risk, mm, n));
        value_mssp_terms *t = mk_terms(2021, VALUE_MSSP_ENHANCED, KV(T_MSR, 0, T_MET, 1, T_Q, 0.9));
        value_contract *c = NULL;
        assert_ok(value_mssp_terms_contract(t, &c));
        assert_ok(value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 10000));
        value_settlement *on_ledger = NULL, *on_totals = NULL;
        assert_ok(value_contract_settle(c, l, 0, &on_ledger));
        assert_ok(value_mssp_terms_settle(t, sizes[j], 10000 * sizes[j], 9500 * sizes[j], &on_totals));
        assert_rel(settlement_item(on_ledger, VALUE_SETTLEMENT_FINAL_PAYMENT), want[j], 1e-12);
        assert_rel(settlement_item(on_totals, VALUE_SETTLEMENT_FINAL_PAYMENT), want[j], 1e-12);
        assert_rel(settlement_item(on_ledger, VALUE_SETTLEMENT_MSR), settlement_item(on_totals, VALUE_SETTLEMENT_MSR),
                   1e-15);
        assert_rel(settlement_item(on_ledger, VALUE_SETTLEMENT_MLR), settlement_item(on_totals, VALUE_SETTLEMENT_MLR),
                   1e-15);
        if (j == 0)
            ck_assert_str_eq(line_text(on_ledger, "msr switch"), line_text(on_totals, "msr switch"));
        else
            ck_assert(line_text(on_ledger, "msr switch") == NULL && line_text(on_totals, "msr switch") == NULL);
        value_settlement_free(on_ledger);
        value_settlement_free(on_totals);
        value_contract_free(c);
        value_mssp_terms_free(t);
        value_ledger_free(l);
        free(cost);
        free(risk);
        free(mm);
        free(k);
    }
}
END_TEST

/*
 * The 6-month performance years of 2019 (425.609): settled on the calendar
 * year's totals, shared savings or losses x 6/12.
 *   Track 1, Jan-Jun 2019 (an agreement begun Jan 1, 2016, extended), N
 *   20,000 (MSR 2.5%), B 100M, E 90M, Q 0.9: savings 10M (10%): 50% x 0.9 =
 *   45% -> 4.5M (cap 10M); x 6/12 = 2.25M; x 0.98 = 2,205,000.  As the
 *   calendar year: 4.5M x 0.98 = 4,410,000.
 *   ENHANCED, Jul-Dec 2019, N 20,000, choice 0, Q 1, B 100M, E 106M: losses
 *   6M (6% >= 0): loss rate 1 - 0.75 = 25%, raised to the floor 40% ->
 *   2.4M (limit 15M); x 6/12 = 1.2M owed (no reduction on amounts owed).
 *   BASIC A, Jul-Dec 2019, N 10,000 (MSR 3.0%), B 50M, E 45M, Q 1: 5M
 *   (10%): 40% -> 2M (cap 5M), x 6/12 = 1M, x 0.98 = 980,000.
 */
/*
 * Termination during the year (425.221(b); CMS's Specifications v11, 4.4),
 * performance year 2022, circumstances shares 0:
 *   BASIC C, choice 1%, N 20,000, B 100M, E 90M, met: savings 10M, 50% ->
 *     5M, x 0.98 = 4.9M; terminated by the ACO in month 9: nothing; in
 *     month 12 (effective Dec 31): 4.9M; by CMS in month 12: nothing.
 *   ENHANCED, choice 2%, met, score 0.9, B 100M, E 106M: losses 6M, 40% ->
 *     2.4M; the ACO leaves in month 9: 2.4M x 9/12 = 1.8M; in month 5 (by
 *     June 30): nothing; CMS terminates in month 5: 2.4M x 5/12 = 1.0M.
 */
START_TEST(termination)
{
    const double TM = VALUE_MSSP_TERM_TERMINATION_MONTH, BY = VALUE_MSSP_TERM_TERMINATED_BY_CMS;
    value_settlement *s = terms_settlement(2022, VALUE_MSSP_BASIC_C, KV(T_MSR, 0.01, T_MET, 1, TM, 9), 20000, 100e6,
                                           90e6);
    ck_assert(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT) == 0);
    ck_assert_str_eq(line_text(s, "termination"), "agreement terminated by the ACO (425.220), effective the end of "
                                                  "month 9: not eligible for shared savings (425.221(b)(1)); shared "
                                                  "losses pro-rated by the months of participation (425.221(b)(2))");
    double gen;
    assert_ok(value_mssp_generated(s, &gen)); /* generated all the same, as CMS reports it */
    assert_rel(gen, 10e6, 1e-12);
    value_settlement_free(s);
    assert_rel(terms_final(2022, VALUE_MSSP_BASIC_C, KV(T_MSR, 0.01, T_MET, 1, TM, 12), 20000, 100e6, 90e6), 4.9e6,
               1e-12);
    ck_assert(terms_final(2022, VALUE_MSSP_BASIC_C, KV(T_MSR, 0.01, T_MET, 1, TM, 12, BY, 1), 20000, 100e6, 90e6) ==
              0);
    assert_rel(terms_final(2022, VALUE_MSSP_ENHANCED, KV(T_MSR, 0.02, T_MET, 1, T_Q, 0.9, T_EM, 0, TM, 9), 20000,
                           100e6, 106e6),
               -1.8e6, 1e-12);
    ck_assert(terms_final(2022, VALUE_MSSP_ENHANCED, KV(T_MSR, 0.02, T_MET, 1, T_Q, 0.9, T_EM, 0, TM, 5), 20000,
                          100e6, 106e6) == 0);
    s = terms_settlement(2022, VALUE_MSSP_ENHANCED, KV(T_MSR, 0.02, T_MET, 1, T_Q, 0.9, T_EM, 0, TM, 5, BY, 1), 20000,
                         100e6, 106e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -1e6, 1e-12);
    ck_assert_ptr_nonnull(strstr(line_text(s, "termination"), "terminated by CMS (425.218)"));
    value_settlement_free(s);
    /* on a ledger through the terms' contract: the same 1.8M */
    value_mssp_terms *t = mk_terms(2022, VALUE_MSSP_ENHANCED, KV(T_MSR, 0.02, T_MET, 1, T_Q, 0.9, T_EM, 0, TM, 9));
    value_contract *c = NULL;
    assert_ok(value_mssp_terms_contract(t, &c));
    assert_ok(value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 5000));
    enum { NB = 20000 };
    int32_t *k = calloc(NB, sizeof *k);
    double *e = malloc(NB * sizeof *e), *one = malloc(NB * sizeof *one), *mm = malloc(NB * sizeof *mm);
    ck_assert(k && e && one && mm);
    for (int i = 0; i < NB; i++) {
        e[i] = 5300;
        one[i] = 1;
        mm[i] = 12;
    }
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(1, &l));
    assert_ok(value_ledger_add(l, k, e, one, mm, NB));
    assert_ok(value_contract_settle(c, l, 0, &s));
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -1.8e6, 1e-9);
    value_settlement_free(s);
    value_ledger_free(l);
    value_contract_free(c);
    free(k);
    free(e);
    free(one);
    free(mm);
    /* bad input */
    assert_fails(value_mssp_terms_set(t, TM, 0), VALUE_EINVAL, "termination_month is 0, must be a whole month");
    assert_fails(value_mssp_terms_set(t, TM, 6.5), VALUE_EINVAL, "termination_month is 6.5");
    assert_fails(value_mssp_terms_set(t, BY, 2), VALUE_EINVAL, "terminated_by_cms is 2, must be 0");
    value_mssp_terms_free(t);
    t = mk_terms(2019, VALUE_MSSP_TRACK_1, NULL, 0);
    assert_fails(value_mssp_terms_set(t, TM, 3), VALUE_EINVAL,
                 "termination_month does not apply in performance year 2019");
    value_mssp_terms_free(t);
}
END_TEST

START_TEST(six_month_2019)
{
    value_settlement *s = terms_settlement(2019, VALUE_MSSP_TRACK_1,
                                           KV(VALUE_MSSP_TERM_PERIOD, VALUE_MSSP_PERIOD_JAN_JUN, T_Q, 0.9), 20000,
                                           100e6, 90e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 2205000, 1e-12);
    ck_assert_ptr_nonnull(strstr(line_text(s, "performance period"), "Jan 1-Jun 30, 2019 (6 months, 42 CFR "
                                                                     "425.609(b))"));
    ck_assert_str_eq(line_text(s, "period"), "shared savings 4,500,000 x period share 50.00% = 2,250,000 "
                                             "(period_share)");
    value_settlement_free(s);
    assert_rel(terms_final(2019, VALUE_MSSP_TRACK_1, KV(VALUE_MSSP_TERM_PERIOD, VALUE_MSSP_PERIOD_YEAR, T_Q, 0.9),
                           20000, 100e6, 90e6),
               4410000, 1e-12);
    assert_rel(terms_final(2019, VALUE_MSSP_ENHANCED,
                           KV(VALUE_MSSP_TERM_PERIOD, VALUE_MSSP_PERIOD_JUL_DEC, T_MSR, 0, T_Q, 1), 20000, 100e6,
                           106e6),
               -1.2e6, 1e-12);
    assert_rel(terms_final(2019, VALUE_MSSP_BASIC_A, KV(VALUE_MSSP_TERM_PERIOD, VALUE_MSSP_PERIOD_JUL_DEC, T_Q, 1),
                           10000, 50e6, 45e6),
               980000, 1e-12);
    /* the ledger path pro-rates too: the contract's period_share */
    value_mssp_terms *t = mk_terms(2019, VALUE_MSSP_BASIC_A, KV(VALUE_MSSP_TERM_PERIOD, VALUE_MSSP_PERIOD_JUL_DEC,
                                                                T_Q, 1));
    value_contract *c = NULL;
    assert_ok(value_mssp_terms_contract(t, &c));
    double share;
    assert_ok(value_contract_get(c, VALUE_CONTRACT_PERIOD_SHARE, &share));
    ck_assert(share == 0.5);
    assert_ok(value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 5000));
    value_settlement *sl = NULL;
    assert_ok(value_contract_settle_totals(c, 10000, 120000, 1, 45e6, &sl));
    assert_rel(settlement_item(sl, VALUE_SETTLEMENT_FINAL_PAYMENT), 980000, 1e-12);
    value_settlement_free(sl);
    value_contract_free(c);
    /* which periods existed (425.200(b)-(c)) */
    assert_fails(value_mssp_terms_set(t, VALUE_MSSP_TERM_PERIOD, VALUE_MSSP_PERIOD_YEAR), VALUE_EINVAL,
                 "period is 1, but BASIC level A's 2019 performance year was Jul 1-Dec 31, 2019");
    value_mssp_terms_free(t);
    t = mk_terms(2019, VALUE_MSSP_TRACK_2, NULL, 0);
    assert_fails(value_mssp_terms_set(t, VALUE_MSSP_TERM_PERIOD, VALUE_MSSP_PERIOD_JUL_DEC), VALUE_EINVAL,
                 "no Track 2 agreement began Jul 1, 2019");
    assert_fails(value_mssp_terms_set(t, VALUE_MSSP_TERM_PERIOD, 4), VALUE_EINVAL,
                 "period is 4, must be a value_mssp_period (1 to 3)");
    value_mssp_terms_free(t);
    t = mk_terms(2019, VALUE_MSSP_TRACK_1_PLUS, NULL, 0);
    assert_fails(value_mssp_terms_set(t, VALUE_MSSP_TERM_PERIOD, VALUE_MSSP_PERIOD_JAN_JUN), VALUE_EINVAL,
                 "Track 1+'s agreements began Jan 1, 2018");
    value_mssp_terms_free(t);
    t = mk_terms(2020, VALUE_MSSP_TRACK_1, NULL, 0);
    assert_fails(value_mssp_terms_set(t, VALUE_MSSP_TERM_PERIOD, VALUE_MSSP_PERIOD_YEAR), VALUE_EINVAL,
                 "period does not apply in performance year 2020: only 2019 had 6-month performance years");
    value_mssp_terms_free(t);
    /* BASIC in 2019 without the period: settled as given, and said so */
    s = terms_settlement(2019, VALUE_MSSP_BASIC_A, KV(T_Q, 1), 10000, 50e6, 45e6);
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 1960000, 1e-12);
    ck_assert_ptr_nonnull(strstr(line_text(s, "performance period"), "period not set: settled as 12 months"));
    value_settlement_free(s);
}
END_TEST

/* Revenue only when a revenue-based limit could bind: BASIC D 2019,
 * savings 10M without revenue: 50% x 10M = 5M x 0.98 = 4.9M; losses
 * without revenue are refused; with revenue 50M: 30% x 6M = 1.8M, limit
 * min(4% x 50M = 2M, 2% x 100M = 2M): 1.8M. */
START_TEST(revenue_when_needed)
{
    assert_rel(settle_final(2019, VALUE_MSSP_BASIC_D, 0, 1, 1, 20000, 100e6, 90e6, 0), 4.9e6, 1e-12);
    value_mssp_terms *t = mk_terms(2019, VALUE_MSSP_BASIC_D, KV(T_Q, 1));
    value_settlement *s = NULL;
    assert_fails(value_mssp_terms_settle(t, 20000, 100e6, 106e6, &s), VALUE_ESTATE,
                 "revenue is not set, and this BASIC level D ACO owes shared losses: its loss limit is a share of "
                 "ACO participant revenue (42 CFR 425.605(d))");
    assert_ok(value_mssp_terms_set(t, T_REV, 50e6));
    assert_ok(value_mssp_terms_settle(t, 20000, 100e6, 106e6, &s));
    assert_rel(settlement_item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -1.8e6, 1e-12);
    /* generated beside earned */
    ck_assert_str_eq(line_text(s, "generated"),
                     "generated losses 6,000,000 (savings or losses beyond the MSR/MLR, CMS's GenSaveLoss); earned "
                     "-1,800,000 (EarnSaveLoss)");
    value_settlement_free(s);
    /* losses under the MLR (1% < 2.5%): generated 0 */
    assert_ok(value_mssp_terms_settle(t, 20000, 100e6, 101e6, &s));
    double gen;
    assert_ok(value_mssp_generated(s, &gen));
    ck_assert(gen == 0);
    value_settlement_free(s);
    value_mssp_terms_free(t);
}
END_TEST

START_TEST(terms_bad_input)
{
    value_mssp_terms *t = NULL;
    value_settlement *s = NULL;
    value_contract *c = NULL;
    double v;
    assert_fails(value_mssp_terms_new(2014, VALUE_MSSP_TRACK_1, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_mssp_terms_new(2014, (value_mssp_track)11, &t), VALUE_EINVAL,
                 "track is 11, not in [1, 10]");
    assert_fails(value_mssp_terms_new(2012, VALUE_MSSP_TRACK_1, &t), VALUE_EINVAL, "mssp has no performance year 2012");
    ck_assert_ptr_null(t);
    t = mk_terms(2016, VALUE_MSSP_TRACK_2, NULL, 0);
    assert_fails(value_mssp_terms_set(NULL, T_Q, 1), VALUE_EINVAL, "t is NULL");
    assert_fails(value_mssp_terms_set(t, (value_mssp_term)0, 1), VALUE_EINVAL, "which is 0, not in [1, 12]");
    assert_fails(value_mssp_terms_set(t, (value_mssp_term)13, 1), VALUE_EINVAL, "which is 13");
    assert_fails(value_mssp_terms_set(t, T_MSR, 0.03), VALUE_EINVAL, "msr_choice is 0.03, not one of the choices");
    assert_fails(value_mssp_terms_set(t, VALUE_MSSP_TERM_AGREEMENT_YEAR, 1.5), VALUE_EINVAL,
                 "agreement_year is 1.5, must be a whole number from 1 to 10");
    assert_fails(value_mssp_terms_set(t, VALUE_MSSP_TERM_AGREEMENT_YEAR, 11), VALUE_EINVAL, "agreement_year is 11");
    assert_fails(value_mssp_terms_set(t, T_Q, 1.1), VALUE_EINVAL, "quality_score is 1.1, must be in [0, 1]");
    assert_fails(value_mssp_terms_set(t, T_Q, NAN), VALUE_EINVAL, "quality_score is NaN");
    assert_fails(value_mssp_terms_set(t, T_MET, 0.5), VALUE_EINVAL, "quality_met is 0.5, must be 0 (not met) or 1");
    assert_fails(value_mssp_terms_set(t, T_THR, 40), VALUE_EINVAL,
                 "quality_threshold does not apply in performance year 2016");
    assert_fails(value_mssp_terms_set(t, T_EM, 0.5), VALUE_EINVAL,
                 "euc_months_share does not apply in performance year 2016: the extreme and uncontrollable "
                 "circumstances policy for shared losses applies from 2017");
    assert_fails(value_mssp_terms_set(t, T_REV, 1e6), VALUE_EINVAL,
                 "revenue does not apply to Track 2: its loss limit is not a share of ACO participant revenue");
    assert_fails(value_mssp_terms_set(t, T_BBL, 1), VALUE_EINVAL,
                 "benchmark_based_limit does not apply to Track 2: only Track 1+'s");
    assert_ok(value_mssp_terms_get(t, T_Q, &v));
    ck_assert(isnan(v)); /* unchanged on error */
    assert_ok(value_mssp_terms_get(t, T_MSR, &v));
    ck_assert(v == VALUE_MSSP_MSR_BY_POPULATION);
    assert_fails(value_mssp_terms_get(t, (value_mssp_term)0, &v), VALUE_EINVAL, "which is 0");
    assert_fails(value_mssp_terms_get(t, T_Q, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_mssp_terms_get(NULL, T_Q, &v), VALUE_EINVAL, "t is NULL");
    assert_ok(value_mssp_terms_set(t, T_Q, 1));
    assert_fails(value_mssp_terms_settle(t, 0, 1e8, 9e7, &s), VALUE_EINVAL,
                 "assigned_beneficiaries is 0, must be finite and >= 1");
    assert_fails(value_mssp_terms_settle(t, 1e4, NAN, 9e7, &s), VALUE_EINVAL, "benchmark is NaN");
    assert_fails(value_mssp_terms_settle(t, 1e4, 1e8, -1, &s), VALUE_EINVAL, "expenditure is -1");
    assert_fails(value_mssp_terms_settle(t, 1e4, 1e8, 9e7, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_mssp_terms_settle(NULL, 1e4, 1e8, 9e7, &s), VALUE_EINVAL, "t is NULL");
    assert_fails(value_mssp_terms_contract(NULL, &c), VALUE_EINVAL, "t is NULL");
    assert_fails(value_mssp_terms_contract(t, NULL), VALUE_EINVAL, "out is NULL");
    ck_assert_ptr_null(s);
    ck_assert_ptr_null(c);
    value_mssp_terms_free(t);
    value_mssp_terms_free(NULL);
    t = mk_terms(2022, VALUE_MSSP_BASIC_C, NULL, 0);
    assert_fails(value_mssp_terms_set(t, T_Q, -1), VALUE_EINVAL,
                 "quality_score is -1, must be in [0, 1]");
    assert_fails(value_mssp_terms_set(t, T_THR, INFINITY), VALUE_EINVAL, "quality_threshold is Inf, must be in [0, 1]");
    assert_fails(value_mssp_terms_set(t, T_THR, 40.8), VALUE_EINVAL, "quality_threshold is 40.8, must be in [0, 1]");
    assert_fails(value_mssp_terms_set(t, T_EB, 1.5), VALUE_EINVAL, "euc_beneficiary_share is 1.5, must be in [0, 1]");
    assert_fails(value_mssp_terms_set(t, T_REV, -1), VALUE_EINVAL, "revenue is -1, must be finite and >= 0");
    assert_ok(value_mssp_terms_set(t, T_MSR, 0.02));
    value_mssp_terms_free(t);
    double gen;
    assert_fails(value_mssp_generated(NULL, &gen), VALUE_EINVAL, "s is NULL");
    /* a settlement without savings and MSR: a capitation's */
    assert_ok(value_contract_new(VALUE_CONTRACT_CAPITATION, &c));
    assert_ok(value_contract_settle_totals(c, 10, 120, 1, 1000, &s));
    assert_fails(value_mssp_generated(s, &gen), VALUE_EINVAL, "s is not a settlement of shared savings or losses");
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

START_TEST(bad_input)
{
    const double P = VALUE_MSSP_MSR_BY_POPULATION;
    value_contract *c = NULL;
    value_settlement *s = NULL;
    assert_fails(value_mssp_contract(2014, VALUE_MSSP_TRACK_1, P, 1, 1, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_mssp_contract(2012, VALUE_MSSP_TRACK_1, P, 1, 1, &c), VALUE_EINVAL,
                 "mssp has no performance year 2012 (known: 2013-2025)");
    assert_fails(value_mssp_contract(2026, VALUE_MSSP_ENHANCED, P, 1, 1, &c), VALUE_EINVAL, "performance year 2026");
    assert_fails(value_mssp_contract(2014, VALUE_MSSP_TRACK_3, 0, 1, 1, &c), VALUE_EINVAL,
                 "track is Track 3, not in force in performance year 2014");
    assert_fails(value_mssp_contract(2018, VALUE_MSSP_BASIC_A, P, 1, 1, &c), VALUE_EINVAL,
                 "track is BASIC level A, not in force in performance year 2018");
    assert_fails(value_mssp_contract(2022, VALUE_MSSP_TRACK_1, P, 1, 1, &c), VALUE_EINVAL,
                 "track is Track 1, not in force in performance year 2022");
    assert_fails(value_mssp_contract(2014, (value_mssp_track)0, P, 1, 1, &c), VALUE_EINVAL, "track is 0, not in [1, 10]");
    assert_fails(value_mssp_contract(2014, (value_mssp_track)11, P, 1, 1, &c), VALUE_EINVAL, "track is 11");
    assert_fails(value_mssp_contract(2014, VALUE_MSSP_TRACK_1, 0.02, 1, 1, &c), VALUE_EINVAL,
                 "msr_choice is 0.02, but Track 1 is one-sided");
    assert_fails(value_mssp_contract(2014, VALUE_MSSP_TRACK_2, 0.01, 1, 1, &c), VALUE_EINVAL,
                 "Track 2's MSR/MLR in 2014 is fixed at 0.02");
    assert_fails(value_mssp_contract(2017, VALUE_MSSP_TRACK_3, 0.03, 1, 1, &c), VALUE_EINVAL,
                 "msr_choice is 0.03, not one of the choices of 2017");
    assert_fails(value_mssp_contract(2017, VALUE_MSSP_TRACK_3, NAN, 1, 1, &c), VALUE_EINVAL, "msr_choice is NaN");
    assert_fails(value_mssp_contract(2014, VALUE_MSSP_TRACK_1, P, 0, 1, &c), VALUE_EINVAL,
                 "agreement_year must be 1 to 10, got 0");
    assert_fails(value_mssp_contract(2014, VALUE_MSSP_TRACK_1, P, 1, 1.2, &c), VALUE_EINVAL,
                 "quality_score is 1.2, must be in [0, 1]");
    assert_fails(value_mssp_contract(2014, VALUE_MSSP_TRACK_1, P, 1, NAN, &c), VALUE_EINVAL, "quality_score is NaN");
    assert_fails(value_mssp_contract(2014, VALUE_MSSP_TRACK_1, P, 1, -INFINITY, &c), VALUE_EINVAL,
                 "quality_score is -Inf");
    assert_fails(value_mssp_contract(2022, VALUE_MSSP_ENHANCED, 0, 1, 0.5, &c), VALUE_EINVAL,
                 "quality_score is 0.5: in performance year 2022 the sharing rate is flat");
    ck_assert_ptr_null(c);

    assert_fails(value_mssp_settle(2014, VALUE_MSSP_TRACK_1, P, 1, 1, 10000, 1e8, 9e7, 0, NULL), VALUE_EINVAL,
                 "out is NULL");
    assert_fails(value_mssp_settle(2014, VALUE_MSSP_TRACK_1, P, 1, 1, 0, 1e8, 9e7, 0, &s), VALUE_EINVAL,
                 "assigned_beneficiaries is 0, must be finite and >= 1");
    assert_fails(value_mssp_settle(2014, VALUE_MSSP_TRACK_1, P, 1, 1, NAN, 1e8, 9e7, 0, &s), VALUE_EINVAL,
                 "assigned_beneficiaries is NaN");
    assert_fails(value_mssp_settle(2014, VALUE_MSSP_TRACK_1, P, 1, 1, 10000, 0, 9e7, 0, &s), VALUE_EINVAL,
                 "benchmark is 0, must be finite and > 0");
    assert_fails(value_mssp_settle(2014, VALUE_MSSP_TRACK_1, P, 1, 1, 10000, INFINITY, 9e7, 0, &s), VALUE_EINVAL,
                 "benchmark is Inf");
    assert_fails(value_mssp_settle(2014, VALUE_MSSP_TRACK_1, P, 1, 1, 10000, 1e8, -1, 0, &s), VALUE_EINVAL,
                 "expenditure is -1, must be finite and >= 0");
    assert_fails(value_mssp_settle(2014, VALUE_MSSP_TRACK_1, P, 1, 1, 10000, 1e8, 9e7, NAN, &s), VALUE_EINVAL,
                 "revenue is NaN");
    assert_fails(value_mssp_settle(2019, VALUE_MSSP_BASIC_D, 0, 1, 1, 10000, 1e8, 11e7, 0, &s), VALUE_ESTATE,
                 "revenue is not set, and this BASIC level D ACO owes shared losses");
    assert_fails(value_mssp_settle(2030, VALUE_MSSP_BASIC_D, 0, 1, 1, 10000, 1e8, 11e7, 1e7, &s), VALUE_EINVAL,
                 "mssp has no performance year 2030");
    ck_assert_ptr_null(s);
}
END_TEST

static Suite *mssp_suite(void)
{
    Suite *s = suite_create("mssp");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, py2014_puf_reproduced);
    tcase_add_test(tc, palm_beach_lines);
    tcase_add_test(tc, hand_worked_tracks);
    tcase_add_test(tc, msr_band_edges);
    tcase_add_test(tc, contract_on_truncated_ledger);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, every_track_every_year_savings);
    tcase_add_test(tc, every_two_sided_track_every_year_losses);
    tcase_add_test(tc, tracks_in_force);
    tcase_add_test(tc, quality_not_met_before_2021);
    tcase_add_test(tc, quality_2021_2022);
    tcase_add_test(tc, circumstances);
    tcase_add_test(tc, track_1_plus);
    tcase_add_test(tc, small_aco);
    tcase_add_test(tc, small_aco_ledger);
    tcase_add_test(tc, six_month_2019);
    tcase_add_test(tc, termination);
    tcase_add_test(tc, revenue_when_needed);
    tcase_add_test(tc, terms_bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(mssp_suite());
}
