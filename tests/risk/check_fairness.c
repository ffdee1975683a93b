/* Fairness by group and between-group summaries.  Expected numbers come
 * from fairlearn's documentation example (tests/data/README.md,
 * profiling/: "Fairness by group (fairlearn documentation example)") and
 * from hand counts written out beside each test.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdint.h>

#define REL 1e-15
#define NS VALUE_FAIRNESS_N_STATS
#define SENTINEL (-12345.0)

/* Statistic `stat` of row `g` (the row after the last group is everyone). */
#define AT(out, g, stat) ((out)[(size_t)(g) * NS + (stat)])

/* ---- fairlearn's documentation example ----------------------------------------------
 * fairlearn user guide (assessment, "Advanced usage of MetricFrame" and the
 * MetricFrame examples), as copied into tests/data/README.md:
 *   y_true = 0,1,1,1,1,0,1,0,1,0,0,0,1,1,1,1,1,1
 *   y_pred = 0,0,1,0,1,1,1,0,0,1,1,1,1,0,0,1,1,0
 *   group  = b,b,a,b,b,c,c,c,a,a,c,a,b,c,c,b,c,c
 * By group: a TPR 0.5, FPR 1.0, selection 0.75 (n 4); b TPR 0.6, FPR 0,
 * selection 0.5 (n 6); c TPR 0.4, FPR 0.666667, selection 0.5 (n 8).
 * Between groups: TPR difference 0.20, FPR difference 1.00, selection rate
 * difference 0.25; equalized odds difference 1.0; demographic parity
 * difference 0.25, ratio 0.6667.  Groups a, b, c are codes 0, 1, 2; y_pred
 * is passed as the score with threshold 0.5.
 *
 * The counts behind them (record: group y pred -> cell):
 *   a: 2 TP, 8 FN, 9 FP, 11 FP                 -> TP 1 FP 2 TN 0 FN 1
 *   b: 0 TN, 1 FN, 3 FN, 4 TP, 12 TP, 15 TP    -> TP 3 FP 0 TN 1 FN 2
 *   c: 5 FP, 6 TP, 7 TN, 10 FP, 13 FN, 14 FN, 16 TP, 17 FN
 *                                              -> TP 2 FP 2 TN 1 FN 3
 *   all: TP 6 FP 4 TN 2 FN 6, n 18. */
static const double FL_Y[18] = {0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1};
static const double FL_P[18] = {0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0};
static const int32_t FL_G[18] = {1, 1, 0, 1, 1, 2, 2, 2, 0, 0, 2, 0, 1, 2, 2, 1, 2, 2};

START_TEST(fairlearn_reference)
{
    double out[4 * NS];
    assert_ok(value_fairness_by_group(FL_Y, FL_P, FL_G, 18, 0.5, 3, out, 4 * NS));
    /* the published per-group figures */
    const double n[3] = {4, 6, 8}, tpr[3] = {0.5, 0.6, 0.4}, fpr[3] = {1.0, 0.0, 2.0 / 3.0};
    const double sel[3] = {0.75, 0.5, 0.5};
    for (int g = 0; g < 3; g++) {
        assert_rel(AT(out, g, VALUE_FAIRNESS_N), n[g], 0);
        assert_rel(AT(out, g, VALUE_FAIRNESS_TPR), tpr[g], REL);
        assert_rel(AT(out, g, VALUE_FAIRNESS_FPR), fpr[g], REL);
        assert_rel(AT(out, g, VALUE_FAIRNESS_SELECTION), sel[g], REL);
    }
    assert_abs(AT(out, 2, VALUE_FAIRNESS_FPR), 0.666667, 5e-7); /* as printed */
    /* the counts behind them */
    const double tp[3] = {1, 3, 2}, fp[3] = {2, 0, 2}, tn[3] = {0, 1, 1}, fn[3] = {1, 2, 3};
    for (int g = 0; g < 3; g++) {
        assert_rel(AT(out, g, VALUE_FAIRNESS_TP), tp[g], 0);
        assert_rel(AT(out, g, VALUE_FAIRNESS_FP), fp[g], 0);
        assert_rel(AT(out, g, VALUE_FAIRNESS_TN), tn[g], 0);
        assert_rel(AT(out, g, VALUE_FAIRNESS_FN), fn[g], 0);
    }
    /* overall: recall 6/12 = 0.5 (fairlearn's MetricFrame.overall for recall_score) */
    assert_rel(AT(out, 3, VALUE_FAIRNESS_N), 18, 0);
    assert_rel(AT(out, 3, VALUE_FAIRNESS_TPR), 0.5, REL);
    assert_rel(AT(out, 3, VALUE_FAIRNESS_PPV), 0.6, REL);

    double s[VALUE_FAIRNESS_N_SUMMARY];
    assert_ok(value_fairness_summary(FL_Y, FL_P, FL_G, 18, 0.5, 3, s, VALUE_FAIRNESS_N_SUMMARY));
    assert_abs(s[VALUE_FAIRNESS_TPR_DIFFERENCE], 0.20, 1e-15);
    assert_abs(s[VALUE_FAIRNESS_FPR_DIFFERENCE], 1.00, 1e-15);
    assert_abs(s[VALUE_FAIRNESS_SELECTION_DIFFERENCE], 0.25, 1e-15);
    assert_abs(s[VALUE_FAIRNESS_EQUALIZED_ODDS_DIFFERENCE], 1.0, 1e-15);
    assert_abs(s[VALUE_FAIRNESS_SELECTION_RATIO], 0.6667, 5e-5); /* as printed */
    assert_rel(s[VALUE_FAIRNESS_SELECTION_RATIO], 2.0 / 3.0, REL);
    /* by hand from the same table: TPR ratio 0.4/0.6, FPR ratio 0/1,
     * equalized odds ratio min(2/3, 0); precision a 1/3, b 1, c 1/2;
     * FNR a 1/2, b 2/5, c 3/5; O/E (expected = selected, scores being 0/1)
     * a 2/3, b 5/3, c 5/4; overall precision 6/10, recall 6/12,
     * accuracy (6 + 2)/18. */
    assert_rel(s[VALUE_FAIRNESS_TPR_RATIO], 2.0 / 3.0, REL);
    assert_rel(s[VALUE_FAIRNESS_FPR_RATIO], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_EQUALIZED_ODDS_RATIO], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_PPV_DIFFERENCE], 2.0 / 3.0, REL);
    assert_rel(s[VALUE_FAIRNESS_FNR_DIFFERENCE], 0.2, 1e-14);
    assert_rel(s[VALUE_FAIRNESS_OE_DIFFERENCE], 1.0, REL);
    assert_rel(s[VALUE_FAIRNESS_OVERALL_PPV], 0.6, REL);
    assert_rel(s[VALUE_FAIRNESS_OVERALL_TPR], 0.5, REL);
    assert_rel(s[VALUE_FAIRNESS_OVERALL_ACCURACY], 8.0 / 18.0, REL);
}
END_TEST

/* ---- every statistic by hand, with scores in (0, 1) ---------------------------------
 * threshold 0.3 (a score equal to it is selected)
 *   group 0: y 1 1 0 0 0 0, score 0.9 0.2 0.4 0.1 0.25 0.3
 *            -> TP (0.9), FN (0.2), FP (0.4, 0.3), TN (0.1, 0.25)
 *            TP 1 FP 2 TN 2 FN 1, n 6; TPR 1/2, FPR 2/4, TNR 2/4, FNR 1/2,
 *            PPV 1/3, NPV 2/3, selection 3/6, accuracy 3/6,
 *            O 2, E 0.9+0.2+0.4+0.1+0.25+0.3 = 2.15, O/E 2/2.15
 *   group 1: y 0 0 0, score 0.05 0.1 0.29 -> TN 3; no positives, no one
 *            selected: TPR, FNR, PPV NaN; FPR 0, TNR 1, NPV 1, selection 0,
 *            accuracy 1, O 0, E 0.44, O/E 0
 *   group 2: y 1 1, score 0 0 -> FN 2; no negatives and E = 0: FPR, TNR,
 *            PPV, O/E NaN; TPR 0, FNR 1, NPV 0, selection 0, accuracy 0, O 2
 *   all:     TP 1 FP 2 TN 5 FN 3, n 11; TPR 1/4, FPR 2/7, TNR 5/7, FNR 3/4,
 *            PPV 1/3, NPV 5/8, selection 3/11, accuracy 6/11, O 4,
 *            E 2.59, O/E 4/2.59 */
static const double H_Y[11] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1};
static const double H_S[11] = {0.9, 0.2, 0.4, 0.1, 0.25, 0.3, 0.05, 0.1, 0.29, 0, 0};
static const int32_t H_G[11] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2};

static void check_row(const double *row, const double want[NS])
{
    for (int k = 0; k < NS; k++) {
        if (isnan(want[k]))
            ck_assert_msg(isnan(row[k]), "statistic %d is %.17g, want NaN", k, row[k]);
        else
            assert_rel(row[k], want[k], 1e-15);
    }
}

START_TEST(every_statistic_by_hand)
{
    double out[4 * NS];
    assert_ok(value_fairness_by_group(H_Y, H_S, H_G, 11, 0.3, 3, out, 4 * NS));
    /* N, TP, FP, TN, FN, TPR, FPR, TNR, FNR, PPV, NPV, SELECTION, ACCURACY, O, E, O/E */
    const double g0[NS] = {6, 1, 2, 2, 1, 0.5, 0.5, 0.5, 0.5, 1.0 / 3.0, 2.0 / 3.0, 0.5, 0.5, 2, 2.15, 2 / 2.15};
    const double g1[NS] = {3, 0, 0, 3, 0, NAN, 0, 1, NAN, NAN, 1, 0, 1, 0, 0.44, 0};
    const double g2[NS] = {2, 0, 0, 0, 2, 0, NAN, NAN, 1, NAN, 0, 0, 0, 2, 0, NAN};
    const double all[NS] = {11,        1,         2,          5,          3, 0.25, 2.0 / 7.0, 5.0 / 7.0,
                            0.75,      1.0 / 3.0, 5.0 / 8.0,  3.0 / 11.0, 6.0 / 11.0, 4, 2.59, 4 / 2.59};
    check_row(out + 0 * NS, g0);
    check_row(out + 1 * NS, g1);
    check_row(out + 2 * NS, g2);
    check_row(out + 3 * NS, all);

    /* Between groups, leaving out the NaNs: TPR {1/2, 0} -> 1/2, ratio 0;
     * FPR {1/2, 0} -> 1/2, 0; selection {1/2, 0, 0} -> 1/2, 0; equalized
     * odds 1/2, 0; PPV {1/3} alone -> 0; FNR {1/2, 1} -> 1/2; O/E
     * {2/2.15, 0} -> 2/2.15. */
    double s[VALUE_FAIRNESS_N_SUMMARY];
    assert_ok(value_fairness_summary(H_Y, H_S, H_G, 11, 0.3, 3, s, VALUE_FAIRNESS_N_SUMMARY));
    assert_rel(s[VALUE_FAIRNESS_TPR_DIFFERENCE], 0.5, REL);
    assert_rel(s[VALUE_FAIRNESS_TPR_RATIO], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_FPR_DIFFERENCE], 0.5, REL);
    assert_rel(s[VALUE_FAIRNESS_FPR_RATIO], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_SELECTION_DIFFERENCE], 0.5, REL);
    assert_rel(s[VALUE_FAIRNESS_SELECTION_RATIO], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_EQUALIZED_ODDS_DIFFERENCE], 0.5, REL);
    assert_rel(s[VALUE_FAIRNESS_EQUALIZED_ODDS_RATIO], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_PPV_DIFFERENCE], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_FNR_DIFFERENCE], 0.5, REL);
    assert_rel(s[VALUE_FAIRNESS_OE_DIFFERENCE], 2 / 2.15, REL);
    assert_rel(s[VALUE_FAIRNESS_OVERALL_PPV], 1.0 / 3.0, REL);
    assert_rel(s[VALUE_FAIRNESS_OVERALL_TPR], 0.25, REL);
    assert_rel(s[VALUE_FAIRNESS_OVERALL_ACCURACY], 6.0 / 11.0, REL);

    /* threshold 0: everyone selected (TP 4, FP 7); threshold 1: only a
     * score of exactly 1 would be, so no one is. */
    assert_ok(value_fairness_by_group(H_Y, H_S, H_G, 11, 0, 3, out, 4 * NS));
    assert_rel(AT(out, 3, VALUE_FAIRNESS_TP), 4, 0);
    assert_rel(AT(out, 3, VALUE_FAIRNESS_FP), 7, 0);
    assert_rel(AT(out, 3, VALUE_FAIRNESS_SELECTION), 1, 0);
    assert_ok(value_fairness_by_group(H_Y, H_S, H_G, 11, 1, 3, out, 4 * NS));
    assert_rel(AT(out, 3, VALUE_FAIRNESS_SELECTION), 0, 0);
    ck_assert(isnan(AT(out, 3, VALUE_FAIRNESS_PPV)));
}
END_TEST

/* Ratio conventions: a rate of 0 in every group has difference 0 and ratio
 * 1 (max = 0: value.h, fairlearn <= 0.4's range_ratio); a rate undefined in
 * every group has NaN difference and ratio, and so NaN equalized odds. */
START_TEST(ratio_conventions)
{
    double s[VALUE_FAIRNESS_N_SUMMARY];
    /* no one selected at threshold 0.9: TPR, FPR, selection all 0 */
    const double y[4] = {1, 0, 1, 0}, p[4] = {0.2, 0.3, 0.4, 0.5};
    const int32_t g[4] = {0, 0, 1, 1};
    assert_ok(value_fairness_summary(y, p, g, 4, 0.9, 2, s, VALUE_FAIRNESS_N_SUMMARY));
    assert_rel(s[VALUE_FAIRNESS_TPR_DIFFERENCE], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_TPR_RATIO], 1, 0);
    assert_rel(s[VALUE_FAIRNESS_FPR_RATIO], 1, 0);
    assert_rel(s[VALUE_FAIRNESS_SELECTION_RATIO], 1, 0);
    assert_rel(s[VALUE_FAIRNESS_EQUALIZED_ODDS_DIFFERENCE], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_EQUALIZED_ODDS_RATIO], 1, 0);
    ck_assert(isnan(s[VALUE_FAIRNESS_PPV_DIFFERENCE])); /* no one selected anywhere */
    ck_assert(isnan(s[VALUE_FAIRNESS_OVERALL_PPV]));
    assert_rel(s[VALUE_FAIRNESS_OVERALL_TPR], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_OVERALL_ACCURACY], 0.5, 0);

    /* no one with y = 1: TPR and FNR undefined in every group */
    const double y0[4] = {0, 0, 0, 0};
    assert_ok(value_fairness_summary(y0, p, g, 4, 0.35, 2, s, VALUE_FAIRNESS_N_SUMMARY));
    ck_assert(isnan(s[VALUE_FAIRNESS_TPR_DIFFERENCE]) && isnan(s[VALUE_FAIRNESS_TPR_RATIO]));
    ck_assert(isnan(s[VALUE_FAIRNESS_FNR_DIFFERENCE]));
    ck_assert(isnan(s[VALUE_FAIRNESS_EQUALIZED_ODDS_DIFFERENCE]) && isnan(s[VALUE_FAIRNESS_EQUALIZED_ODDS_RATIO]));
    /* FPR: group 0 {0.2, 0.3} -> 0, group 1 {0.4, 0.5} -> 1 */
    assert_rel(s[VALUE_FAIRNESS_FPR_DIFFERENCE], 1, 0);
    assert_rel(s[VALUE_FAIRNESS_FPR_RATIO], 0, 0);
    /* O/E: O = 0 and E > 0 in both groups */
    assert_rel(s[VALUE_FAIRNESS_OE_DIFFERENCE], 0, 0);

    /* one group: differences 0, ratios 1 (or NaN where undefined) */
    const int32_t one[4] = {0, 0, 0, 0};
    assert_ok(value_fairness_summary(y, p, one, 4, 0.35, 1, s, VALUE_FAIRNESS_N_SUMMARY));
    assert_rel(s[VALUE_FAIRNESS_TPR_DIFFERENCE], 0, 0);
    assert_rel(s[VALUE_FAIRNESS_TPR_RATIO], 1, 0);
    assert_rel(s[VALUE_FAIRNESS_SELECTION_RATIO], 1, 0);
}
END_TEST

/* ---- two models, same people: the precision-fairness trade-off ----------------------
 * 20 people, threshold 0.5.  Group 0 (housed): 4 with the outcome, 6
 * without; group 1 (unstable housing): 6 with, 4 without.  Model A leaves
 * housing out, model B puts it in.
 *   A, group 0: y=1 scores 0.7 0.6 0.4 0.3 -> TP 2 FN 2;
 *               y=0 scores 0.6 0.2 0.1 0.1 0.1 0.1 -> FP 1 TN 5
 *      group 1: y=1 0.6 0.55 0.45 0.4 0.3 0.2 -> TP 2 FN 4;
 *               y=0 0.7 0.6 0.2 0.1 -> FP 2 TN 2
 *      precision (2+2)/(2+1+2+2) = 4/7; recall 4/10; accuracy (4+7)/20
 *      TPR 1/2 vs 1/3: gap 1/6, ratio 2/3; FPR 1/6 vs 1/2: gap 1/3, ratio 1/3
 *      equalized odds difference 1/3, ratio 1/3
 *   B, group 0: y=1 0.8 0.7 0.45 0.3 -> TP 2 FN 2;
 *               y=0 0.4 0.2 0.1 0.1 0.1 0.1 -> FP 0 TN 6
 *      group 1: y=1 0.9 0.8 0.75 0.7 0.6 0.3 -> TP 5 FN 1;
 *               y=0 0.65 0.55 0.2 0.1 -> FP 2 TN 2
 *      precision 7/9; recall 7/10; accuracy (7+8)/20
 *      TPR 1/2 vs 5/6: gap 1/3, ratio 3/5; FPR 0 vs 1/2: gap 1/2, ratio 0
 *      equalized odds difference 1/2, ratio 0
 * B is more precise (4/7 -> 7/9) and less fair (equalized odds 1/3 -> 1/2). */
static const double TM_Y[20] = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
static const int32_t TM_G[20] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const double TM_A[20] = {0.7, 0.6, 0.4,  0.3, 0.6, 0.2, 0.1, 0.1, 0.1, 0.1,
                                0.6, 0.55, 0.45, 0.4, 0.3, 0.2, 0.7, 0.6, 0.2, 0.1};
static const double TM_B[20] = {0.8, 0.7, 0.45, 0.3, 0.4, 0.2,  0.1,  0.1, 0.1, 0.1,
                                0.9, 0.8, 0.75, 0.7, 0.6, 0.3, 0.65, 0.55, 0.2, 0.1};

START_TEST(two_models_trade_off)
{
    double a[VALUE_FAIRNESS_N_SUMMARY], b[VALUE_FAIRNESS_N_SUMMARY];
    assert_ok(value_fairness_summary(TM_Y, TM_A, TM_G, 20, 0.5, 2, a, VALUE_FAIRNESS_N_SUMMARY));
    assert_ok(value_fairness_summary(TM_Y, TM_B, TM_G, 20, 0.5, 2, b, VALUE_FAIRNESS_N_SUMMARY));

    assert_rel(a[VALUE_FAIRNESS_OVERALL_PPV], 4.0 / 7.0, REL);
    assert_rel(a[VALUE_FAIRNESS_OVERALL_TPR], 0.4, REL);
    assert_rel(a[VALUE_FAIRNESS_OVERALL_ACCURACY], 11.0 / 20.0, REL);
    assert_rel(a[VALUE_FAIRNESS_TPR_DIFFERENCE], 1.0 / 6.0, 1e-14);
    assert_rel(a[VALUE_FAIRNESS_TPR_RATIO], 2.0 / 3.0, REL);
    assert_rel(a[VALUE_FAIRNESS_FPR_DIFFERENCE], 1.0 / 3.0, 1e-14);
    assert_rel(a[VALUE_FAIRNESS_FPR_RATIO], 1.0 / 3.0, REL);
    assert_rel(a[VALUE_FAIRNESS_EQUALIZED_ODDS_DIFFERENCE], 1.0 / 3.0, 1e-14);
    assert_rel(a[VALUE_FAIRNESS_EQUALIZED_ODDS_RATIO], 1.0 / 3.0, REL);

    assert_rel(b[VALUE_FAIRNESS_OVERALL_PPV], 7.0 / 9.0, REL);
    assert_rel(b[VALUE_FAIRNESS_OVERALL_TPR], 0.7, REL);
    assert_rel(b[VALUE_FAIRNESS_OVERALL_ACCURACY], 15.0 / 20.0, REL);
    assert_rel(b[VALUE_FAIRNESS_TPR_DIFFERENCE], 1.0 / 3.0, 1e-14);
    assert_rel(b[VALUE_FAIRNESS_TPR_RATIO], 0.6, REL);
    assert_rel(b[VALUE_FAIRNESS_FPR_DIFFERENCE], 0.5, REL);
    assert_rel(b[VALUE_FAIRNESS_FPR_RATIO], 0, 0);
    assert_rel(b[VALUE_FAIRNESS_EQUALIZED_ODDS_DIFFERENCE], 0.5, REL);
    assert_rel(b[VALUE_FAIRNESS_EQUALIZED_ODDS_RATIO], 0, 0);

    /* the trade-off as numbers */
    ck_assert(b[VALUE_FAIRNESS_OVERALL_PPV] > a[VALUE_FAIRNESS_OVERALL_PPV]);
    ck_assert(b[VALUE_FAIRNESS_EQUALIZED_ODDS_DIFFERENCE] > a[VALUE_FAIRNESS_EQUALIZED_ODDS_DIFFERENCE]);

    /* the per-group rows agree with the summaries */
    double rows[3 * NS];
    assert_ok(value_fairness_by_group(TM_Y, TM_B, TM_G, 20, 0.5, 2, rows, 3 * NS));
    assert_rel(AT(rows, 0, VALUE_FAIRNESS_TPR), 0.5, REL);
    assert_rel(AT(rows, 1, VALUE_FAIRNESS_TPR), 5.0 / 6.0, REL);
    assert_rel(AT(rows, 0, VALUE_FAIRNESS_FPR), 0, 0);
    assert_rel(AT(rows, 1, VALUE_FAIRNESS_FPR), 0.5, REL);
    assert_rel(AT(rows, 2, VALUE_FAIRNESS_PPV), 7.0 / 9.0, REL);
}
END_TEST

/* ---- many records against a plain recount ---------------------------------------- */

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 11;
}

START_TEST(many_records_against_recount)
{
    enum { N = 200000, G = 7 };
    double *y = malloc(N * sizeof *y), *p = malloc(N * sizeof *p);
    int32_t *g = malloc(N * sizeof *g);
    ck_assert(y && p && g);
    uint64_t st = 20240611;
    for (size_t i = 0; i < N; i++) {
        g[i] = (int32_t)(lcg(&st) % G);
        p[i] = (double)(lcg(&st) % 1001) / 1000.0; /* 0, 0.001, ..., 1: ties at the threshold */
        y[i] = (double)(lcg(&st) % 1000) < 1000 * p[i] ? 1 : 0;
    }
    const double thr = 0.25;
    double cnt[G + 1][4] = {{0}}, e[G + 1] = {0};
    for (size_t i = 0; i < N; i++) {
        int c = 2 * (y[i] == 1) + (p[i] >= thr);
        cnt[g[i]][c] += 1;
        cnt[G][c] += 1;
        e[g[i]] += p[i];
        e[G] += p[i];
    }
    double out[(G + 1) * NS];
    assert_ok(value_fairness_by_group(y, p, g, N, thr, G, out, (G + 1) * NS));
    for (int k = 0; k <= G; k++) {
        double tn = cnt[k][0], fp = cnt[k][1], fn = cnt[k][2], tp = cnt[k][3];
        assert_rel(AT(out, k, VALUE_FAIRNESS_N), tn + fp + fn + tp, 0);
        assert_rel(AT(out, k, VALUE_FAIRNESS_TP), tp, 0);
        assert_rel(AT(out, k, VALUE_FAIRNESS_FP), fp, 0);
        assert_rel(AT(out, k, VALUE_FAIRNESS_TN), tn, 0);
        assert_rel(AT(out, k, VALUE_FAIRNESS_FN), fn, 0);
        assert_rel(AT(out, k, VALUE_FAIRNESS_TPR), tp / (tp + fn), REL);
        assert_rel(AT(out, k, VALUE_FAIRNESS_NPV), tn / (tn + fn), REL);
        assert_rel(AT(out, k, VALUE_FAIRNESS_EXPECTED), e[k], 1e-12);
        assert_rel(AT(out, k, VALUE_FAIRNESS_OE), (tp + fn) / e[k], 1e-12);
    }
    /* reversing the records changes nothing but the summation order of E */
    double *yr = malloc(N * sizeof *yr), *pr = malloc(N * sizeof *pr);
    int32_t *gr = malloc(N * sizeof *gr);
    ck_assert(yr && pr && gr);
    for (size_t i = 0; i < N; i++) {
        yr[i] = y[N - 1 - i];
        pr[i] = p[N - 1 - i];
        gr[i] = g[N - 1 - i];
    }
    double out2[(G + 1) * NS];
    assert_ok(value_fairness_by_group(yr, pr, gr, N, thr, G, out2, (G + 1) * NS));
    for (size_t k = 0; k < (G + 1) * NS; k++)
        assert_rel(out2[k], out[k], 1e-15);
    /* a bad record deep in a later block is found and named; the outputs
     * are not touched */
    double keep[(G + 1) * NS];
    memcpy(keep, out, sizeof keep);
    pr[150001] = 1.5;
    assert_fails(value_fairness_by_group(yr, pr, gr, N, thr, G, out, (G + 1) * NS), VALUE_EINVAL,
                 "score[150001] is 1.5, not in [0, 1]");
    pr[150001] = 0.5;
    gr[N - 1] = -3;
    assert_fails(value_fairness_by_group(yr, pr, gr, N, thr, G, out, (G + 1) * NS), VALUE_EINVAL,
                 "group[199999] is -3, not in [0, 7)");
    gr[N - 1] = 0;
    yr[1025] = 3;
    yr[1030] = NAN;
    assert_fails(value_fairness_by_group(yr, pr, gr, N, thr, G, out, (G + 1) * NS), VALUE_EINVAL,
                 "y_true[1025] is 3, not 0 or 1");
    ck_assert(memcmp(keep, out, sizeof keep) == 0);
    free(yr);
    free(pr);
    free(gr);
    free(y);
    free(p);
    free(g);
}
END_TEST

/* ---- bad input -------------------------------------------------------------------- */

static void fill_sentinel(double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = SENTINEL;
}

static void check_sentinel(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(x[i] == SENTINEL, "out[%zu] was changed to %g by a failed call", i, x[i]);
}

START_TEST(bad_input)
{
    const double y[4] = {1, 0, 1, 0}, p[4] = {0.2, 0.3, 0.4, 0.5};
    const int32_t g[4] = {0, 1, 0, 1};
    double o[3 * NS], s[VALUE_FAIRNESS_N_SUMMARY];
    fill_sentinel(o, 3 * NS);
    fill_sentinel(s, VALUE_FAIRNESS_N_SUMMARY);
#define BG(yy, pp, gg, nn, t, G, len) value_fairness_by_group(yy, pp, gg, nn, t, G, o, len)
#define SM(yy, pp, gg, nn, t, G, len) value_fairness_summary(yy, pp, gg, nn, t, G, s, len)
#define BOTH(yy, pp, gg, nn, t, G, needle)                                                   \
    do {                                                                                      \
        assert_fails(BG(yy, pp, gg, nn, t, G, ((G) + 1) * NS), VALUE_EINVAL, needle);          \
        assert_fails(SM(yy, pp, gg, nn, t, G, VALUE_FAIRNESS_N_SUMMARY), VALUE_EINVAL, needle);   \
    } while (0)

    BOTH(NULL, p, g, 4, 0.5, 2, "y_true is NULL");
    BOTH(y, NULL, g, 4, 0.5, 2, "score is NULL");
    BOTH(y, p, NULL, 4, 0.5, 2, "group is NULL");
    assert_fails(value_fairness_by_group(y, p, g, 4, 0.5, 2, NULL, 3 * NS), VALUE_EINVAL, "out is NULL");
    assert_fails(value_fairness_summary(y, p, g, 4, 0.5, 2, NULL, VALUE_FAIRNESS_N_SUMMARY), VALUE_EINVAL,
                 "out is NULL");

    BOTH(y, p, g, 4, 0.5, 0, "n_groups must be at least 1, got 0");
    BOTH(y, p, g, 4, 0.5, 5, "n_groups (5) exceeds n (4): every group must have members");
    BOTH(y, p, g, 0, 0.5, 1, "n_groups (1) exceeds n (0)");
    BOTH(y, p, g, 4, -0.1, 2, "threshold must be in [0, 1], got -0.1");
    BOTH(y, p, g, 4, 1.5, 2, "threshold must be in [0, 1], got 1.5");
    BOTH(y, p, g, 4, NAN, 2, "threshold must be in [0, 1], got NaN");
    assert_fails(BG(y, p, g, 4, 0.5, 2, 3 * NS - 1), VALUE_EINVAL,
                 "out_len must be 48 ((n_groups + 1) x VALUE_FAIRNESS_N_STATS), got 47");
    assert_fails(BG(y, p, g, 4, 0.5, 2, 2 * NS), VALUE_EINVAL, "out_len must be 48 ((n_groups + 1) x VALUE_FAIRNESS_N_STATS), got 32");
    assert_fails(SM(y, p, g, 4, 0.5, 2, VALUE_FAIRNESS_N_SUMMARY + 1), VALUE_EINVAL,
                 "out_len must be 14 (VALUE_FAIRNESS_N_SUMMARY), got 15");

    const double y2[4] = {1, 0, 2, 0}, yh[4] = {1, 0, 0.5, 0}, yn[4] = {1, NAN, 1, 0}, ym[4] = {1, 0, 1, -1};
    BOTH(y2, p, g, 4, 0.5, 2, "y_true[2] is 2, not 0 or 1");
    BOTH(yh, p, g, 4, 0.5, 2, "y_true[2] is 0.5, not 0 or 1");
    BOTH(yn, p, g, 4, 0.5, 2, "y_true[1] is NaN");
    BOTH(ym, p, g, 4, 0.5, 2, "y_true[3] is -1, not 0 or 1");
    const double pl[4] = {0.2, -0.1, 0.4, 0.5}, ph[4] = {0.2, 0.3, 0.4, 1.5}, pn[4] = {NAN, 0.3, 0.4, 0.5},
                 pi[4] = {0.2, 0.3, INFINITY, 0.5};
    BOTH(y, pl, g, 4, 0.5, 2, "score[1] is -0.1, not in [0, 1]");
    BOTH(y, ph, g, 4, 0.5, 2, "score[3] is 1.5, not in [0, 1]");
    BOTH(y, pn, g, 4, 0.5, 2, "score[0] is NaN");
    BOTH(y, pi, g, 4, 0.5, 2, "score[2] is Inf, not in [0, 1]");
    const int32_t gh[4] = {0, 1, 2, 1}, gn[4] = {0, -1, 0, 1}, ge[4] = {0, 2, 0, 2};
    BOTH(y, p, gh, 4, 0.5, 2, "group[2] is 2, not in [0, 2)");
    BOTH(y, p, gn, 4, 0.5, 2, "group[1] is -1, not in [0, 2)");
    BOTH(y, p, ge, 4, 0.5, 3, "group 1 has no members");
    /* a bad record after good ones: nothing was written */
    const double plate[4] = {0.2, 0.3, 0.4, 2};
    BOTH(y, plate, g, 4, 0.5, 2, "score[3] is 2");
#undef BOTH
#undef SM
#undef BG
    check_sentinel(o, 3 * NS);
    check_sentinel(s, VALUE_FAIRNESS_N_SUMMARY);
}
END_TEST

static Suite *fairness_suite(void)
{
    Suite *s = suite_create("fairness");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fairlearn_reference);
    tcase_add_test(tc, every_statistic_by_hand);
    tcase_add_test(tc, ratio_conventions);
    tcase_add_test(tc, two_models_trade_off);
    tcase_add_test(tc, many_records_against_recount);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(fairness_suite());
}
