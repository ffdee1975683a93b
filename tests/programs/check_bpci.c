/* BPCI Advanced (lib/programs/bpci.c): target prices, reconciliation on the contract
 * engine's bundle settlement, winsorization.  Every expected amount is
 * worked by hand in the comments from the model's rules (Target Price and
 * Clinical Episode Reconciliation Specifications, Participation Agreement):
 *   benchmark B = baseline x PCMA x PGT; target = B x (1 - CMS discount);
 *   D = total target amount T - spending E;
 *   CQS Q adjusts D by at most 10%: D x (1 - 0.1 (1 - Q)) when D > 0,
 *   D x (1 - 0.1 Q) when D < 0; then stop-gain / stop-loss at 20% of T.
 * Tolerance: 1e-9 relative (closed forms).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-9

static double item(const value_settlement *s, value_settlement_item k)
{
    double x = NAN;
    assert_ok(value_settlement_get(s, k, &x));
    return x;
}

/* The amount of the first line whose step is `step` (fails if none). */
static double line_amount(const value_settlement *s, const char *step, const char *text_part)
{
    size_t n;
    assert_ok(value_settlement_line_count(s, &n));
    for (size_t i = 0; i < n; i++) {
        const char *st, *tx;
        double a;
        assert_ok(value_settlement_line(s, i, &st, &tx, &a));
        if (strcmp(st, step) == 0) {
            ck_assert_msg(strstr(tx, text_part) != NULL, "line \"%s\" lacks \"%s\"", tx, text_part);
            return a;
        }
    }
    ck_abort_msg("no %s line", step);
    return NAN;
}

static int has_step(const value_settlement *s, const char *step)
{
    size_t n;
    assert_ok(value_settlement_line_count(s, &n));
    for (size_t i = 0; i < n; i++) {
        const char *st, *tx;
        double a;
        assert_ok(value_settlement_line(s, i, &st, &tx, &a));
        if (strcmp(st, step) == 0)
            return 1;
    }
    return 0;
}

START_TEST(discount_by_model_year)
{
    /* 3% for every episode in MY1-MY5 (2018-2022); from MY6 (2023) 2% for
     * medical, 3% for surgical episodes (CMS, Oct 13, 2022). */
    double d;
    assert_ok(value_bpci_discount(2018, VALUE_BPCI_MEDICAL, &d));
    ck_assert(d == 0.03);
    assert_ok(value_bpci_discount(2022, VALUE_BPCI_MEDICAL, &d));
    ck_assert(d == 0.03);
    assert_ok(value_bpci_discount(2022, VALUE_BPCI_SURGICAL, &d));
    ck_assert(d == 0.03);
    assert_ok(value_bpci_discount(2023, VALUE_BPCI_MEDICAL, &d));
    ck_assert(d == 0.02);
    assert_ok(value_bpci_discount(2023, VALUE_BPCI_SURGICAL, &d));
    ck_assert(d == 0.03);
    assert_ok(value_bpci_discount(2025, VALUE_BPCI_MEDICAL, &d));
    ck_assert(d == 0.02);
    /* the other parameters of the table */
    double x;
    assert_ok(value_cms_parameter("bpci", 2020, "stop_loss", 0, &x));
    ck_assert(x == 0.20);
    assert_ok(value_cms_parameter("bpci", 2020, "stop_gain", 0, &x));
    ck_assert(x == 0.20);
    assert_ok(value_cms_parameter("bpci", 2024, "cqs_adjustment_max", 0, &x));
    ck_assert(x == 0.10);
    assert_ok(value_cms_parameter("bpci", 2019, "winsor_upper", 0, &x));
    ck_assert(x == 0.99);
    int first, last;
    assert_ok(value_cms_years("bpci", &first, &last));
    ck_assert_int_eq(first, 2018);
    ck_assert_int_eq(last, 2025);
}
END_TEST

START_TEST(target_price)
{
    double b, t;
    /* MY2 (2019), surgical: baseline 20,000, PCMA 1.05, PGT 1.02:
     * B = 20,000 x 1.05 x 1.02 = 21,000 x 1.02 = 21,420;
     * target = 21,420 x (1 - 0.03) = 20,777.40. */
    assert_ok(value_bpci_target_price(2019, VALUE_BPCI_SURGICAL, 20000, 1.05, 1.02, &b, &t));
    assert_rel(b, 21420, REL);
    assert_rel(t, 20777.4, REL);
    /* MY6 (2023), medical: baseline 15,000, PCMA 0.9, PGT 1.1:
     * B = 15,000 x 0.9 x 1.1 = 14,850; target = 14,850 x 0.98 = 14,553. */
    assert_ok(value_bpci_target_price(2023, VALUE_BPCI_MEDICAL, 15000, 0.9, 1.1, &b, &t));
    assert_rel(b, 14850, REL);
    assert_rel(t, 14553, REL);
    /* the same episode, surgical: 14,850 x 0.97 = 14,404.50. */
    assert_ok(value_bpci_target_price(2023, VALUE_BPCI_SURGICAL, 15000, 0.9, 1.1, &b, &t));
    assert_rel(t, 14404.5, REL);
}
END_TEST

/* Four episodes of targets 25,000, 25,000, 30,000, 20,000: T = 100,000. */
static const double TARGETS[4] = {25000, 25000, 30000, 20000};

START_TEST(reconciliation_positive)
{
    /* MY3 (2020), spending 22,000 + 24,000 + 26,000 + 18,000 = 90,000:
     * D = 100,000 - 90,000 = 10,000 (CMS pays).  CQS 0.8: kept
     * 1 - 0.1 x (1 - 0.8) = 0.98, so 9,800 (adjustment -200).  The
     * stop-gain 20% x 100,000 = 20,000 does not bind. */
    const double spend[4] = {22000, 24000, 26000, 18000};
    value_settlement *s = NULL;
    assert_ok(value_bpci_reconcile(2020, TARGETS, spend, 4, 0, INFINITY, 0.8, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_BENCHMARK), 100000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_EXPENDITURE), 90000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SAVINGS), 10000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_QUALITY_ADJUSTMENT), -200, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 9800, REL);
    ck_assert(isinf(item(s, VALUE_SETTLEMENT_CAP)));
    assert_rel(line_amount(s, "target", "4 episodes"), 100000, REL);
    assert_rel(line_amount(s, "reconciliation", "target 100,000 - expenditure 90,000 = 10,000"), 10000, REL);
    assert_rel(line_amount(s, "quality", "gain kept"), -200, REL);
    ck_assert(!has_step(s, "stop-gain"));
    value_settlement_free(s);
}
END_TEST

START_TEST(reconciliation_negative)
{
    /* MY3 (2020), spending 110,000: D = -10,000 (the participant repays).
     * CQS 0.8: repayment reduced to 1 - 0.1 x 0.8 = 0.92: -9,200
     * (adjustment +800).  Stop-loss 20,000 does not bind. */
    const double spend[4] = {30000, 28000, 32000, 20000};
    value_settlement *s = NULL;
    assert_ok(value_bpci_reconcile(2020, TARGETS, spend, 4, 0, INFINITY, 0.8, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_SAVINGS), -10000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_QUALITY_ADJUSTMENT), 800, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -9200, REL);
    assert_rel(line_amount(s, "quality", "repayment reduced"), 800, REL);
    value_settlement_free(s);
}
END_TEST

START_TEST(quality_adjustment_extremes)
{
    /* The CQS moves a reconciliation amount by at most 10%.
     * D = +10,000 with CQS 0: 10,000 x (1 - 0.1 x 1) = 9,000;
     *                CQS 1: 10,000 x (1 - 0) = 10,000.
     * D = -10,000 with CQS 1: -10,000 x (1 - 0.1) = -9,000;
     *                CQS 0: -10,000. */
    const double gain[4] = {22000, 24000, 26000, 18000}, loss[4] = {30000, 28000, 32000, 20000};
    value_settlement *s = NULL;
    assert_ok(value_bpci_reconcile(2021, TARGETS, gain, 4, 0, INFINITY, 0, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 9000, REL);
    value_settlement_free(s);
    assert_ok(value_bpci_reconcile(2021, TARGETS, gain, 4, 0, INFINITY, 1, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 10000, REL);
    value_settlement_free(s);
    assert_ok(value_bpci_reconcile(2021, TARGETS, loss, 4, 0, INFINITY, 1, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -9000, REL);
    value_settlement_free(s);
    assert_ok(value_bpci_reconcile(2021, TARGETS, loss, 4, 0, INFINITY, 0, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -10000, REL);
    value_settlement_free(s);
}
END_TEST

START_TEST(stop_gain_and_stop_loss_bind)
{
    value_settlement *s = NULL;
    /* Stop-gain: spending 70,000, D = 30,000; CQS 0.5: 30,000 x
     * (1 - 0.1 x 0.5) = 28,500 > 20% x 100,000 = 20,000: paid 20,000. */
    const double low[4] = {17500, 17500, 21000, 14000};
    assert_ok(value_bpci_reconcile(2019, TARGETS, low, 4, 0, INFINITY, 0.5, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_SAVINGS), 30000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP), 28500, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_CAP), 20000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 20000, REL);
    assert_rel(line_amount(s, "stop-gain", "stop-gain 20.00% of target = 20,000 binds"), 20000, REL);
    value_settlement_free(s);
    /* Stop-loss: spending 130,000, D = -30,000; CQS 0: no reduction:
     * -30,000, beyond 20% x 100,000: repays 20,000. */
    const double high[4] = {32500, 32500, 39000, 26000};
    assert_ok(value_bpci_reconcile(2024, TARGETS, high, 4, 0, INFINITY, 0, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_SAVINGS), -30000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -20000, REL);
    assert_rel(line_amount(s, "stop-loss", "stop-loss 20.00% of target = 20,000 binds"), -20000, REL);
    value_settlement_free(s);
    /* Just inside: spending 121,000, D = -21,000, CQS 1: -21,000 x 0.9 =
     * -18,900, within the stop-loss: repays 18,900. */
    const double edge[4] = {30250, 30250, 36300, 24200};
    assert_ok(value_bpci_reconcile(2024, TARGETS, edge, 4, 0, INFINITY, 1, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -18900, REL);
    value_settlement_free(s);
}
END_TEST

START_TEST(reconciliation_winsorized_and_prospective)
{
    /* Targets 25,000 each (T = 100,000); spending 500, 24,000, 26,000,
     * 60,000 winsorized to [1,000, 50,000]: 1,000 + 24,000 + 26,000 +
     * 50,000 = 101,000 (raw 110,500: 10,000 above U taken out, 500 below L
     * added).  D = -1,000; CQS 1: -1,000 x 0.9 = -900. */
    const double t[4] = {25000, 25000, 25000, 25000}, spend[4] = {500, 24000, 26000, 60000};
    value_settlement *s = NULL;
    assert_ok(value_bpci_reconcile(2022, t, spend, 4, 1000, 50000, 1, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_EXPENDITURE_RAW), 110500, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_STOPLOSS_EXCLUDED), 10000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_WINSOR_ADDED), 500, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_EXPENDITURE), 101000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -900, REL);
    value_settlement_free(s);
    /* Prospective (the engine's other mode): T = 100,000 is paid; the
     * margin T - E = 100,000 - 101,000 = -1,000 is the participant's;
     * no quality adjustment or limits. */
    assert_ok(value_bpci_reconcile(2022, t, spend, 4, 1000, 50000, 0.3, 1, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 100000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SAVINGS), -1000, REL);
    ck_assert(!has_step(s, "quality"));
    value_settlement_free(s);
}
END_TEST

START_TEST(winsorize)
{
    /* {1, 2, ..., 101}: type 7 quantile h = (n - 1) p = 100 p, so the 1st
     * percentile is x(2) = 2 and the 99th x(100) = 100: 1 -> 2, 101 -> 100,
     * the rest unchanged. */
    double x[101], out[101], lo, hi;
    for (int i = 0; i < 101; i++)
        x[i] = i + 1;
    assert_ok(value_bpci_winsorize(x, 101, 0.01, 0.99, out, 101, &lo, &hi));
    ck_assert(lo == 2 && hi == 100);
    ck_assert(out[0] == 2 && out[100] == 100 && out[50] == 51 && out[1] == 2 && out[99] == 100);
    /* {50, 10, 40, 20, 30} at 10% / 90%: sorted 10..50, h = 4 p:
     * p 0.1: h 0.4, 10 + 0.4 x 10 = 14; p 0.9: h 3.6, 40 + 0.6 x 10 = 46.
     * Out in input order: 46, 14, 40, 20, 30. */
    const double y[5] = {50, 10, 40, 20, 30};
    double oy[5];
    assert_ok(value_bpci_winsorize(y, 5, 0.1, 0.9, oy, 5, &lo, &hi));
    assert_rel(lo, 14, REL);
    assert_rel(hi, 46, REL);
    assert_rel(oy[0], 46, REL);
    assert_rel(oy[1], 14, REL);
    ck_assert(oy[2] == 40 && oy[3] == 20 && oy[4] == 30);
    /* p 0 and 1: the minimum and maximum, nothing changes. */
    assert_ok(value_bpci_winsorize(y, 5, 0, 1, oy, 5, &lo, &hi));
    ck_assert(lo == 10 && hi == 50 && oy[0] == 50 && oy[1] == 10);
}
END_TEST

START_TEST(bad_input)
{
    double d = -7, b = -7, t = -7;
    const double tp[2] = {25000, 25000};
    double sp[2] = {20000, 20000};
    value_settlement *s = NULL;
    /* unknown model year */
    assert_fails(value_bpci_discount(2017, VALUE_BPCI_MEDICAL, &d), VALUE_EINVAL,
                 "bpci has no model year 2017 (known: 2018-2025)");
    assert_fails(value_bpci_discount(2026, VALUE_BPCI_SURGICAL, &d), VALUE_EINVAL, "bpci has no model year 2026");
    assert_fails(value_bpci_target_price(2026, VALUE_BPCI_MEDICAL, 1, 1, 1, &b, &t), VALUE_EINVAL,
                 "bpci has no model year 2026");
    assert_fails(value_bpci_reconcile(2017, tp, sp, 2, 0, INFINITY, 0.5, 0, &s), VALUE_EINVAL,
                 "bpci has no model year 2017");
    /* unknown episode type */
    assert_fails(value_bpci_discount(2020, (value_bpci_episode_type)3, &d), VALUE_EINVAL, "episode_type is 3");
    assert_fails(value_bpci_discount(2020, VALUE_BPCI_MEDICAL, NULL), VALUE_EINVAL, "out is NULL");
    /* target price inputs: <= 0, NaN, Inf */
    assert_fails(value_bpci_target_price(2020, VALUE_BPCI_MEDICAL, 0, 1, 1, &b, &t), VALUE_EINVAL,
                 "baseline_price is 0, must be finite and > 0");
    assert_fails(value_bpci_target_price(2020, VALUE_BPCI_MEDICAL, -5, 1, 1, &b, &t), VALUE_EINVAL,
                 "baseline_price is -5");
    assert_fails(value_bpci_target_price(2020, VALUE_BPCI_MEDICAL, 1, NAN, 1, &b, &t), VALUE_EINVAL, "pcma is NaN");
    assert_fails(value_bpci_target_price(2020, VALUE_BPCI_MEDICAL, 1, 1, INFINITY, &b, &t), VALUE_EINVAL,
                 "peer_group_trend is Inf");
    assert_fails(value_bpci_target_price(2020, VALUE_BPCI_MEDICAL, 1, 1, 1, NULL, &t), VALUE_EINVAL,
                 "out_benchmark_price is NULL");
    ck_assert(d == -7 && b == -7 && t == -7);
    /* quality score outside [0, 1] */
    assert_fails(value_bpci_reconcile(2020, tp, sp, 2, 0, INFINITY, 1.5, 0, &s), VALUE_EINVAL,
                 "quality_score is 1.5, must be in [0, 1]");
    assert_fails(value_bpci_reconcile(2020, tp, sp, 2, 0, INFINITY, -0.1, 0, &s), VALUE_EINVAL,
                 "quality_score is -0.1");
    assert_fails(value_bpci_reconcile(2020, tp, sp, 2, 0, INFINITY, NAN, 0, &s), VALUE_EINVAL,
                 "quality_score is NaN");
    /* NaN / negative spending, target <= 0 */
    sp[1] = NAN;
    assert_fails(value_bpci_reconcile(2020, tp, sp, 2, 0, INFINITY, 0.5, 0, &s), VALUE_EINVAL, "spending[1] is NaN");
    sp[1] = -100;
    assert_fails(value_bpci_reconcile(2020, tp, sp, 2, 0, INFINITY, 0.5, 0, &s), VALUE_EINVAL,
                 "spending[1] is -100, must be in [0, 1e11]");
    sp[1] = 20000;
    const double tp0[2] = {25000, 0};
    assert_fails(value_bpci_reconcile(2020, tp0, sp, 2, 0, INFINITY, 0.5, 0, &s), VALUE_EINVAL,
                 "target_price[1] is 0, must be > 0");
    /* NULL, empty, bounds, flag */
    assert_fails(value_bpci_reconcile(2020, NULL, sp, 2, 0, INFINITY, 0.5, 0, &s), VALUE_EINVAL,
                 "target_price is NULL");
    assert_fails(value_bpci_reconcile(2020, tp, sp, 0, 0, INFINITY, 0.5, 0, &s), VALUE_EINVAL, "n must be at least 1");
    assert_fails(value_bpci_reconcile(2020, tp, sp, 2, 0, INFINITY, 0.5, 0, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_bpci_reconcile(2020, tp, sp, 2, 5000, 5000, 0.5, 0, &s), VALUE_EINVAL,
                 "winsor_upper is 5000, must be above winsor_lower");
    assert_fails(value_bpci_reconcile(2020, tp, sp, 2, -1, INFINITY, 0.5, 0, &s), VALUE_EINVAL,
                 "winsor_lower is -1");
    assert_fails(value_bpci_reconcile(2020, tp, sp, 2, 0, INFINITY, 0.5, 2, &s), VALUE_EINVAL,
                 "prospective is 2, must be 0 or 1");
    ck_assert_ptr_null(s);
    /* winsorize: NaN / negative, percentiles, lengths */
    double x[3] = {1, NAN, 3}, out[3] = {-7, -7, -7}, lo = -7, hi = -7;
    assert_fails(value_bpci_winsorize(x, 3, 0.01, 0.99, out, 3, &lo, &hi), VALUE_EINVAL, "spending[1] is NaN");
    x[1] = -2;
    assert_fails(value_bpci_winsorize(x, 3, 0.01, 0.99, out, 3, &lo, &hi), VALUE_EINVAL,
                 "spending[1] is -2, must be >= 0");
    x[1] = 2;
    assert_fails(value_bpci_winsorize(x, 3, 0.01, 0.99, out, 2, &lo, &hi), VALUE_EINVAL,
                 "out_len must be 3 (n), got 2");
    assert_fails(value_bpci_winsorize(x, 0, 0.01, 0.99, out, 0, &lo, &hi), VALUE_EINVAL, "n must be at least 1");
    assert_fails(value_bpci_winsorize(x, 3, -0.1, 0.99, out, 3, &lo, &hi), VALUE_EINVAL, "p_lower is -0.1");
    assert_fails(value_bpci_winsorize(x, 3, 0.01, 1.5, out, 3, &lo, &hi), VALUE_EINVAL, "p_upper is 1.5");
    assert_fails(value_bpci_winsorize(x, 3, 0.9, 0.1, out, 3, &lo, &hi), VALUE_EINVAL, "p_lower (0.9) is above p_upper");
    assert_fails(value_bpci_winsorize(NULL, 3, 0.01, 0.99, out, 3, &lo, &hi), VALUE_EINVAL, "spending is NULL");
    ck_assert(out[0] == -7 && lo == -7 && hi == -7);
}
END_TEST
/* A target price so small that the savings rate (T - E)/T overflows: the
 * settlement used to be returned with a savings rate of -Inf. */
START_TEST(tiny_target_refused)
{
    const double target[] = {1e-310}, spend[] = {0.5};
    value_settlement *s = NULL;
    assert_fails(value_bpci_reconcile(2021, target, spend, 1, 0, INFINITY, 1, 0, &s), VALUE_ERANGE,
                 "the reconciliation rate (T - E)/T overflows: target T 1e-310, expenditure E 0.5");
    ck_assert_ptr_null(s);
}
END_TEST


static Suite *bpci_suite(void)
{
    Suite *s = suite_create("bpci");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, discount_by_model_year);
    tcase_add_test(tc, target_price);
    tcase_add_test(tc, reconciliation_positive);
    tcase_add_test(tc, reconciliation_negative);
    tcase_add_test(tc, quality_adjustment_extremes);
    tcase_add_test(tc, stop_gain_and_stop_loss_bind);
    tcase_add_test(tc, reconciliation_winsorized_and_prospective);
    tcase_add_test(tc, winsorize);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, tiny_target_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(bpci_suite());
}
