/* Medicare Shared Savings Program: CMS's PY2014 results reproduced from its
 * ACO public use file, hand-worked settlements for each track and rule,
 * and bad input.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdio.h>

/* ---- a small CSV reader for the PUF: quoted fields may hold commas ---- */

#define MAX_FIELDS 128
#define MAX_LINE 8192

/* Split `line` in place into fields; returns the count. */
static int split_csv(char *line, char **field)
{
    int n = 0;
    char *p = line;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3; /* the file starts with a UTF-8 byte order mark */
    while (n < MAX_FIELDS) {
        char *out = p;
        field[n++] = out;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"') {
                    *out++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else if (*p == '\0') {
                    break;
                } else {
                    *out++ = *p++;
                }
            }
        } else {
            while (*p != ',' && *p != '\0' && *p != '\n' && *p != '\r')
                *out++ = *p++;
        }
        char end = *p;
        *out = '\0';
        if (end != ',')
            break;
        p++;
    }
    return n;
}

static int column(char **header, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(header[i], name) == 0)
            return i;
    ck_abort_msg("the PUF has no column %s", name);
    return -1;
}

static double settlement_item(const value_settlement *s, value_settlement_item item)
{
    double x;
    assert_ok(value_settlement_get(s, item, &x));
    return x;
}

/*
 * tests/data/cms/mssp_py2014_aco_puf.csv: for every Track 1 ACO
 * with N_AB >= 5,000 (316 of them) the settlement reproduces CMS's
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
    static char line[MAX_LINE];
    char *h[MAX_FIELDS], *v[MAX_FIELDS];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    static char header_line[MAX_LINE];
    memcpy(header_line, line, sizeof line);
    int nh = split_csv(header_line, h);
    int c_num = column(h, nh, "ACO_Num"), c_t1 = column(h, nh, "Track1"), c_t2 = column(h, nh, "Track2"),
        c_n = column(h, nh, "N_AB"), c_rate = column(h, nh, "Sav_rate"), c_msr = column(h, nh, "MinSavPerc"),
        c_gen = column(h, nh, "GenSaveLoss"), c_earn = column(h, nh, "EarnSaveLoss"),
        c_q = column(h, nh, "QualScore"), c_b = column(h, nh, "ABtotBnchmk"), c_e = column(h, nh, "ABtotExp"),
        c_fsr = column(h, nh, "FinalShareRate");

    int track1_checked = 0, track2_checked = 0, mismatches = 0, p4r_failed = 0, rows = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        int n = split_csv(line, v);
        if (n < 2)
            continue;
        ck_assert_int_eq(n, nh);
        rows++;
        int track1 = atoi(v[c_t1]) == 1, track2 = atoi(v[c_t2]) == 1;
        double N = atof(v[c_n]);
        if (!((track1 && N >= 5000) || track2))
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
        int bad = fabs(msr - atof(v[c_msr])) > 1e-6 || fabs(rate - atof(v[c_rate])) > 1e-5 ||
                  fabs(generated - atof(v[c_gen])) > DOLLAR || fabs(earned - atof(v[c_earn])) > DOLLAR;
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
    ck_assert_int_eq(track1_checked, 316);
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
    /* BASIC level E, 2022, choice 2%: B 100M, E 110M: loss 10M (10% >= 2%);
     * 30% -> 3M; limit min(8% x revenue 20M = 1.6M, 4% x 100M = 4M) = 1.6M. */
    assert_rel(settle_final(2022, VALUE_MSSP_BASIC_E, 0.02, 1, 1, 10000, 100e6, 110e6, 20e6), -1.6e6, 1e-9);
    /* ... revenue 200M: min(16M, 4M) = 4M; 3M owed, no limit binds. */
    assert_rel(settle_final(2022, VALUE_MSSP_BASIC_E, 0.02, 1, 1, 10000, 100e6, 110e6, 200e6), -3e6, 1e-9);
    /* BASIC level C, 2022: loss 2M (2%), choice 0: 30% -> 600k; limit
     * min(2% x 50M = 1M, 1% x 100M = 1M) does not bind. */
    assert_rel(settle_final(2022, VALUE_MSSP_BASIC_C, 0, 1, 1, 10000, 100e6, 102e6, 50e6), -0.6e6, 1e-9);
    /* ENHANCED, 2021, quality standard not met (Q = 0): losses 4M, MLR 0;
     * sigma 0, 1 - 0 = 100% -> ceiling 75%: owes 3M (limit 15M). */
    assert_rel(settle_final(2021, VALUE_MSSP_ENHANCED, 0, 1, 0, 20000, 100e6, 104e6, 0), -3e6, 1e-9);
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
 * 59,999 -> 2.0%; 100,000 -> 2.0%; 4,000 -> 3.9% (below the table). */
START_TEST(msr_band_edges)
{
    const double n[] = {5999, 6000, 6500, 59999, 100000, 4000};
    const double want[] = {0.036, 0.036, 0.036 - 0.002 * 500.0 / 999.0, 0.020, 0.020, 0.039};
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
 * 6,000,000; savings 950,990 (15.85% >= MSR 3.9%, N < 5,000); 50% x 1 ->
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
                 "track Track 3 was not offered in performance year 2014");
    assert_fails(value_mssp_contract(2018, VALUE_MSSP_BASIC_A, P, 1, 1, &c), VALUE_EINVAL,
                 "BASIC level A was not offered in performance year 2018");
    assert_fails(value_mssp_contract(2021, VALUE_MSSP_TRACK_1, P, 1, 1, &c), VALUE_EINVAL,
                 "Track 1 was not offered in performance year 2021");
    assert_fails(value_mssp_contract(2014, (value_mssp_track)0, P, 1, 1, &c), VALUE_EINVAL, "got 0");
    assert_fails(value_mssp_contract(2014, (value_mssp_track)10, P, 1, 1, &c), VALUE_EINVAL, "got 10");
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
    assert_fails(value_mssp_settle(2022, VALUE_MSSP_BASIC_D, 0, 1, 1, 10000, 1e8, 11e7, 0, &s), VALUE_ESTATE,
                 "revenue is 0, but BASIC level D's loss limit is a share of ACO participant revenue");
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
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(mssp_suite());
}
