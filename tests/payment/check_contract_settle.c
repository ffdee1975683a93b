/* Payment contracts, settlement (lib/payment/contract_settle.c):
 * hand-worked settlements of every model (the arithmetic is in the
 * comments), their explanation lines and bad settlement input.  The MSR
 * sliding scale is MSSP's (42 CFR 425.604); the risk corridor is the
 * ACA's (45 CFR 153.510).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdbool.h>
#include <stdint.h>

#define REL 1e-12

static value_contract *contract(value_contract_kind kind)
{
    value_contract *c = NULL;
    assert_ok(value_contract_new(kind, &c));
    return c;
}

static void set(value_contract *c, value_contract_param p, double v)
{
    assert_ok(value_contract_set(c, p, v));
}

static double item(const value_settlement *s, value_settlement_item k)
{
    double v;
    assert_ok(value_settlement_get(s, k, &v));
    return v;
}

/* The line with step `step` (the first) has `phrase` in its text and
 * amount `amount` (to REL). */
static void assert_line(const value_settlement *s, const char *step, const char *phrase, double amount)
{
    size_t n;
    assert_ok(value_settlement_line_count(s, &n));
    for (size_t i = 0; i < n; i++) {
        const char *st, *tx;
        double a;
        assert_ok(value_settlement_line(s, i, &st, &tx, &a));
        if (strcmp(st, step) != 0)
            continue;
        ck_assert_msg(strstr(tx, phrase) != NULL, "line %s: \"%s\" lacks \"%s\"", step, tx, phrase);
        assert_rel(a, amount, REL);
        return;
    }
    ck_abort_msg("no line with step %s", step);
}

static bool has_step(const value_settlement *s, const char *step)
{
    size_t n;
    assert_ok(value_settlement_line_count(s, &n));
    for (size_t i = 0; i < n; i++) {
        const char *st, *tx;
        double a;
        assert_ok(value_settlement_line(s, i, &st, &tx, &a));
        if (strcmp(st, step) == 0)
            return true;
    }
    return false;
}

/* MSSP's MSR table (42 CFR 425.604): linear within bands. */
static const double MSR_N[10] = {5000, 6000, 7000, 8000, 9000, 10000, 15000, 20000, 50000, 60000};
static const double MSR_V[10] = {0.039, 0.036, 0.034, 0.032, 0.031, 0.030, 0.027, 0.025, 0.022, 0.020};

/* 35,000 beneficiaries, 420,000 member-months = 35,000 person-years,
 * benchmark 10,000 per capita: B = 350,000,000.  E = 325,000,000:
 * S = 25,000,000, rate 25/350 = 7.142857%.  MSR at 35,000: between 20,000
 * (2.5%) and 50,000 (2.2%): 2.5% - 0.3% x 15,000/30,000 = 2.35%.  Sharing
 * 50% x quality 91.7% = 45.85%; shared 0.4585 x 25,000,000 = 11,462,500;
 * savings cap 10% of B = 35,000,000 does not bind; 2% reduction 229,250:
 * final 11,233,250. */
static value_contract *mssp_like(value_contract_kind kind)
{
    value_contract *c = contract(kind);
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 10000);
    assert_ok(value_contract_set_msr_table(c, MSR_N, MSR_V, 10));
    set(c, VALUE_CONTRACT_SHARING_RATE, 0.5);
    set(c, VALUE_CONTRACT_QUALITY_SCORE, 0.917);
    set(c, VALUE_CONTRACT_SAVINGS_CAP, 0.10);
    set(c, VALUE_CONTRACT_PAYMENT_REDUCTION, 0.02);
    return c;
}

START_TEST(shared_savings_first_dollar)
{
    value_contract *c = mssp_like(VALUE_CONTRACT_SHARED_SAVINGS);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 325e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_BENCHMARK), 350e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SAVINGS), 25e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SAVINGS_RATE), 25.0 / 350, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_MSR), 0.0235, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SHARING_RATE), 0.4585, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP), 11462500, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_CAP), 35e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP), 11462500, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_REDUCTION), 229250, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 11233250, REL);
    ck_assert(isnan(item(s, VALUE_SETTLEMENT_MLR)) && isnan(item(s, VALUE_SETTLEMENT_CAPITATION)));
    assert_line(s, "benchmark", "= 350,000,000", 350e6);
    assert_line(s, "msr", "MSR 2.35% for 35,000 beneficiaries (sliding scale, linear within bands)", 0.0235);
    assert_line(s, "sharing", "sharing rate 50.00% x quality score 91.70% = 45.85%", 0.4585);
    assert_line(s, "shared", "savings rate 7.14% >= MSR 2.35%: shared 45.85% of 25,000,000", 11462500);
    assert_line(s, "cap", "savings cap 10.00% of the benchmark = 35,000,000 does not bind", 11462500);
    assert_line(s, "reduction", "payment reduction 2.00% of 11,462,500: -229,250", -229250);
    assert_line(s, "payment", "final payment to the provider: 11,233,250", 11233250);
    value_settlement_free(s);
    /* stepwise: the MSR of the 20,000 point, 2.5%; 7.14% still meets it */
    set(c, VALUE_CONTRACT_MSR_TABLE_STEPWISE, 1);
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 325e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_MSR), 0.025, REL);
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

/* Above the MSR only: (25,000,000 - 0.0235 x 350,000,000) = 16,775,000;
 * x 0.4585 = 7,691,337.5; less 2%: 7,537,510.75. */
START_TEST(shared_savings_above_msr)
{
    value_contract *c = mssp_like(VALUE_CONTRACT_SHARED_SAVINGS);
    set(c, VALUE_CONTRACT_FIRST_DOLLAR, 0);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 325e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP), 7691337.5, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 7537510.75, REL);
    assert_line(s, "shared", "shared 45.85% of 16,775,000 (savings above the MSR)", 7691337.5);
    assert_line(s, "payment", "7,537,510.75", 7537510.75);
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

/* MSR not met: E = 345,000,000, S = 5,000,000, rate 1.43% < 2.35%: 0.
 * One-sided with losses (E = 360,000,000): nothing owed. */
START_TEST(msr_not_met_and_one_sided_losses)
{
    value_contract *c = mssp_like(VALUE_CONTRACT_SHARED_SAVINGS);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 345e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 0, 0);
    assert_rel(item(s, VALUE_SETTLEMENT_REDUCTION), 0, 0);
    assert_line(s, "shared", "savings rate 1.43% < MSR 2.35%: no shared savings", 0);
    ck_assert(!has_step(s, "reduction"));
    value_settlement_free(s);
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 360e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 0, 0);
    assert_line(s, "shared", "losses 10,000,000 (loss rate 2.86%): one-sided contract, nothing owed", 0);
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

/* Caps.  E = 280,000,000: S = 70,000,000 (20%), sharing 50% x Q 1 =
 * 35,000,000.  Cap 5% of B = 17,500,000; with revenue 100,000,000 and a
 * 10% revenue cap (10,000,000) the revenue cap binds (the lower). */
START_TEST(savings_caps_bind)
{
    value_contract *c = contract(VALUE_CONTRACT_SHARED_SAVINGS);
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 10000);
    set(c, VALUE_CONTRACT_MSR, 0.02);
    set(c, VALUE_CONTRACT_SAVINGS_CAP, 0.05);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 280e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP), 35e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 17.5e6, REL);
    assert_line(s, "cap", "savings cap 5.00% of the benchmark = 17,500,000 binds: shared savings 17,500,000", 17.5e6);
    assert_line(s, "msr", "MSR 2.00% (fixed)", 0.02);
    value_settlement_free(s);
    set(c, VALUE_CONTRACT_SAVINGS_CAP_REVENUE, 0.10);
    assert_fails(value_contract_settle_totals(c, 35000, 420000, 1.0, 280e6, &s), VALUE_ESTATE,
                 "savings_cap_revenue is set but revenue is 0");
    set(c, VALUE_CONTRACT_REVENUE, 100e6);
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 280e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_CAP), 10e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 10e6, REL);
    assert_line(s, "cap", "savings cap 10.00% of revenue = 10,000,000 binds", 10e6);
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

/* Two-sided.  B = 350,000,000, MLR 2%.
 * (a) E = 355,000,000: loss 5,000,000, rate 1.43% < 2%: nothing.
 * (b) E = 385,000,000: loss 35,000,000 (10%).  Sharing 75% x Q 0.9 =
 *     67.5%; 1 - 0.675 = 32.5% raised to the floor 40%: owes 14,000,000.
 *     Loss caps: 2% of B = 7,000,000 and 4% of revenue 100,000,000 =
 *     4,000,000: the revenue cap binds: -4,000,000.  No reduction on losses.
 * (c) sharing 50% x Q 0.4 = 20%: 1 - 0.2 = 80% lowered to the ceiling
 *     75%; no caps: owes 0.75 x 35,000,000 = 26,250,000.
 * (d) above the MLR only, fixed 30%: 0.3 x (35,000,000 - 7,000,000) = 8,400,000. */
START_TEST(shared_risk_losses)
{
    value_contract *c = contract(VALUE_CONTRACT_SHARED_RISK);
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 10000);
    set(c, VALUE_CONTRACT_MSR, 0.02);
    set(c, VALUE_CONTRACT_MLR, 0.02);
    set(c, VALUE_CONTRACT_SHARING_RATE, 0.75);
    set(c, VALUE_CONTRACT_QUALITY_SCORE, 0.9);
    set(c, VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY, 1);
    set(c, VALUE_CONTRACT_LOSS_RATE_FLOOR, 0.40);
    set(c, VALUE_CONTRACT_LOSS_RATE_CEILING, 0.75);
    set(c, VALUE_CONTRACT_PAYMENT_REDUCTION, 0.02);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 355e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 0, 0);
    assert_line(s, "shared", "loss rate 1.43% < MLR 2.00%: no shared losses", 0);
    value_settlement_free(s);

    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 385e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_LOSS_SHARING_RATE), 0.40, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP), -14e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -14e6, REL);
    assert_line(s, "loss sharing", "loss sharing rate 1 - 67.50% = 32.50%, raised to the floor 40.00%", 0.40);
    assert_line(s, "shared", "loss rate 10.00% >= MLR 2.00%: owes 40.00% of 35,000,000", -14e6);
    assert_line(s, "payment", "the provider owes 14,000,000", -14e6);
    value_settlement_free(s);

    set(c, VALUE_CONTRACT_LOSS_CAP, 0.02);
    set(c, VALUE_CONTRACT_LOSS_CAP_REVENUE, 0.04);
    set(c, VALUE_CONTRACT_REVENUE, 100e6);
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 385e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_CAP), 4e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP), -4e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_REDUCTION), 0, 0);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -4e6, REL);
    assert_line(s, "cap", "loss cap 4.00% of revenue = 4,000,000 binds: shared losses 4,000,000", -4e6);
    value_settlement_free(s);

    set(c, VALUE_CONTRACT_LOSS_CAP, INFINITY);
    set(c, VALUE_CONTRACT_LOSS_CAP_REVENUE, INFINITY);
    set(c, VALUE_CONTRACT_SHARING_RATE, 0.5);
    set(c, VALUE_CONTRACT_QUALITY_SCORE, 0.4);
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 385e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -26.25e6, REL);
    assert_line(s, "loss sharing", "1 - 20.00% = 80.00%, lowered to the ceiling 75.00%", 0.75);
    value_settlement_free(s);

    set(c, VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY, 0);
    set(c, VALUE_CONTRACT_LOSS_SHARING_RATE, 0.3);
    set(c, VALUE_CONTRACT_FIRST_DOLLAR, 0);
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 385e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -8.4e6, REL);
    assert_line(s, "shared", "owes 30.00% of 28,000,000 (losses above the MLR)", -8.4e6);
    value_settlement_free(s);

    /* losses forgiven, as the MSSP's circumstances policy forgives 5 of 12
     * months x 60% of the beneficiaries = 25%: owed 8,400,000 x 75% =
     * 6,300,000; the shared amount after the cap stays 8,400,000 */
    set(c, VALUE_CONTRACT_LOSS_FORGIVEN, 0.25);
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 385e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP), -8.4e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -6.3e6, REL);
    assert_line(s, "forgiven", "shared losses 8,400,000 x 25.00% forgiven (loss_forgiven): owes 6,300,000", 2.1e6);
    value_settlement_free(s);
    set(c, VALUE_CONTRACT_LOSS_FORGIVEN, 0);

    /* the MLR from the MSR table: at 35,000, 2.35%; a loss rate of 2.2% is under it */
    set(c, VALUE_CONTRACT_MLR_FROM_MSR, 1);
    assert_ok(value_contract_set_msr_table(c, MSR_N, MSR_V, 10));
    assert_ok(value_contract_settle_totals(c, 35000, 420000, 1.0, 357.7e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_MLR), 0.0235, REL);
    assert_line(s, "shared", "loss rate 2.20% < MLR 2.35%: no shared losses", 0);
    value_settlement_free(s);

    /* floor above ceiling is refused at settlement */
    set(c, VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY, 1);
    set(c, VALUE_CONTRACT_LOSS_RATE_FLOOR, 0.8);
    assert_fails(value_contract_settle_totals(c, 35000, 420000, 1.0, 385e6, &s), VALUE_ESTATE,
                 "loss_rate_floor (0.8) is above loss_rate_ceiling (0.75)");
    value_contract_free(c);
}
END_TEST

/* Risk adjustment and trend: 1,000 person-years, b = 12,000, trend 3%,
 * mean risk 1.10 clamped to the 1.03 maximum: B = 12,000 x 1.03 x 1.03 x
 * 1,000 = 12,730,800. */
START_TEST(benchmark_risk_and_trend)
{
    value_contract *c = contract(VALUE_CONTRACT_SHARED_SAVINGS);
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 12000);
    set(c, VALUE_CONTRACT_TREND, 0.03);
    set(c, VALUE_CONTRACT_RISK_ADJUST, 1);
    set(c, VALUE_CONTRACT_RISK_RATIO_MAX, 1.03);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle_totals(c, 1000, 12000, 1.10, 12e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_BENCHMARK), 12730800, REL);
    assert_line(s, "risk", "risk ratio 1.1000 (mean risk score 1.1000 / reference 1.0000) clamped to 1.0300", 1.03);
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

/* Bundle: target 25,000 x 100 episodes = 2,500,000; quality adjustment
 * up to 10%, Q = 0.8; limits 20% of target (500,000).
 * E = 2,200,000: D = 300,000; kept 1 - 0.1 x 0.2 = 98%: 294,000.
 * E = 1,800,000: D = 700,000 x 0.98 = 686,000 > 500,000: stop-gain binds.
 * E = 3,200,000: D = -700,000 x (1 - 0.1 x 0.8 = 0.92) = -644,000 <
 * -500,000: stop-loss binds.  Risk-adjusted with mean risk 1.2: T =
 * 25,000 x 120 = 3,000,000.  Prospective: the payment is T. */
START_TEST(bundle)
{
    value_contract *c = contract(VALUE_CONTRACT_BUNDLE);
    set(c, VALUE_CONTRACT_TARGET_PRICE, 25000);
    set(c, VALUE_CONTRACT_QUALITY_ADJUSTMENT, 0.10);
    set(c, VALUE_CONTRACT_QUALITY_SCORE, 0.8);
    set(c, VALUE_CONTRACT_STOP_GAIN, 0.2);
    set(c, VALUE_CONTRACT_STOP_LOSS, 0.2);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle_totals(c, 100, 100, 1.0, 2.2e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_BENCHMARK), 2.5e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_SAVINGS), 300000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_QUALITY_ADJUSTMENT), -6000, 1e-9);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 294000, REL);
    assert_line(s, "target", "target price 25,000 x 100 episodes = 2,500,000", 2.5e6);
    assert_line(s, "reconciliation", "target 2,500,000 - expenditure 2,200,000 = 300,000", 300000);
    assert_line(s, "quality", "gain kept at 1 - 10.00% x (1 - 80.00%) = 98.00%: 294,000", -6000);
    value_settlement_free(s);
    assert_ok(value_contract_settle_totals(c, 100, 100, 1.0, 1.8e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP), 686000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 500000, REL);
    assert_line(s, "stop-gain", "stop-gain 20.00% of target = 500,000 binds", 500000);
    value_settlement_free(s);
    assert_ok(value_contract_settle_totals(c, 100, 100, 1.0, 3.2e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP), -644000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -500000, REL);
    assert_line(s, "stop-loss", "stop-loss 20.00% of target = 500,000 binds", -500000);
    assert_line(s, "quality", "repayment reduced to 1 - 10.00% x 80.00% = 92.00%: -644,000", 56000);
    value_settlement_free(s);
    set(c, VALUE_CONTRACT_RISK_ADJUST, 1);
    assert_ok(value_contract_settle_totals(c, 100, 100, 1.2, 2.9e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_BENCHMARK), 3e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 98000, REL); /* 100,000 x 0.98 */
    value_settlement_free(s);
    set(c, VALUE_CONTRACT_PROSPECTIVE, 1);
    assert_ok(value_contract_settle_totals(c, 100, 100, 1.2, 2.9e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 3e6, REL);
    assert_line(s, "margin", "prospective payment 3,000,000 - expenditure 2,900,000 borne by the provider = margin 100,000",
                100000);
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

/* Bundle with winsorization through the ledger: bounds [2,000, 40,000];
 * episodes 1,000 (-> 2,000, +1,000), 20,000, 30,000, 55,000 (-> 40,000,
 * -15,000): E = 106,000 - 15,000 + 1,000 = 92,000; target 4 x 25,000 =
 * 100,000; D = 8,000. */
START_TEST(bundle_winsorized_ledger)
{
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(1, &l));
    const double lo = 2000, hi = 40000;
    assert_ok(value_ledger_set_bounds(l, &lo, &hi, 1));
    const int32_t k[4] = {0, 0, 0, 0};
    const double c[4] = {1000, 20000, 30000, 55000}, r[4] = {1, 1, 1, 1}, m[4] = {1, 1, 1, 1};
    assert_ok(value_ledger_add(l, k, c, r, m, 4));
    value_contract *b = contract(VALUE_CONTRACT_BUNDLE);
    set(b, VALUE_CONTRACT_TARGET_PRICE, 25000);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle(b, l, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_EXPENDITURE_RAW), 106000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_STOPLOSS_EXCLUDED), 15000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_WINSOR_ADDED), 1000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_EXPENDITURE), 92000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 8000, REL);
    assert_line(s, "expenditure", "expenditure 106,000 - 15,000 (100.00% of costs above 40,000) + 1,000 (shortfall "
                                  "below 2,000) = 92,000",
                92000);
    value_settlement_free(s);
    assert_fails(value_contract_settle(b, l, 1, &s), VALUE_EINVAL,
                 "contract_index is 1, not in [0, 1) (the ledger has 1 contracts)");
    value_contract_free(b);
    value_ledger_free(l);
}
END_TEST

/* Per-patient stop-loss under shared savings (truncation at 100,000) and
 * under capitation (80% reimbursed above the attachment point).
 * Three members, 12 months each, risk 1: costs 1,000, 2,000, 150,000.
 * Shared savings: E = 153,000 - 50,000 = 103,000; B = 40,000 x 3 =
 * 120,000; S = 17,000 (14.17%), MSR 0: shared 50% = 8,500.
 * Capitation: PMPM 3,000 x 36 = 108,000, stop-loss share 80%: 0.8 x 50,000
 * = 40,000 reimbursed; payment 148,000; margin 148,000 - 153,000 = -5,000. */
START_TEST(stop_loss_per_patient)
{
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(1, &l));
    const double lo = 0, hi = 100000;
    assert_ok(value_ledger_set_bounds(l, &lo, &hi, 1));
    const int32_t k[3] = {0, 0, 0};
    const double c[3] = {1000, 2000, 150000}, r[3] = {1, 1, 1}, m[3] = {12, 12, 12};
    assert_ok(value_ledger_add(l, k, c, r, m, 3));
    value_contract *ss = contract(VALUE_CONTRACT_SHARED_SAVINGS);
    set(ss, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 40000);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle(ss, l, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_EXPENDITURE), 103000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_STOPLOSS_EXCLUDED), 50000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 8500, REL);
    assert_line(s, "records", "3 beneficiaries, 36 member-months, mean risk score 1.0000", 3);
    value_settlement_free(s);

    value_contract *cap = contract(VALUE_CONTRACT_CAPITATION);
    set(cap, VALUE_CONTRACT_PMPM, 3000);
    set(cap, VALUE_CONTRACT_STOPLOSS_SHARE, 0.8);
    assert_ok(value_contract_settle(cap, l, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_STOPLOSS_REIMBURSED), 40000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 148000, REL);
    assert_line(s, "stop-loss", "stop-loss reimburses 80.00% of costs above the attachment point 100,000: 40,000",
                40000);
    assert_line(s, "margin", "= margin -5,000", -5000);
    value_settlement_free(s);
    value_contract_free(ss);
    value_contract_free(cap);
    value_ledger_free(l);
}
END_TEST

/* Every contract of a ledger settled at once, amounts only.  Four
 * contracts, bounds [0, 100,000]:
 * - 0: the three members of stop_loss_per_patient (costs 1,000, 2,000,
 *   150,000; 12 months each; risk 1): shared savings with 40,000 per
 *   capita: E = 103,000, B = 120,000, final 8,500 (as there);
 * - 1: no records: NaN in every item;
 * - 2: one member, cost 60,000, 12 months, risk 1: E = 60,000,
 *   B = 40,000, S = -20,000: one-sided, final 0;
 * - 3: two members of 6 months, risk 2 and 1, costs 5,000 each:
 *   risk-adjusted benchmark 40,000 x 1 person-year x (2 x 6 + 1 x 6)/12
 *   = 60,000; E = 10,000; S = 50,000, shared 50% = 25,000.
 * Each row must also be value_contract_settle()'s amounts bit for bit,
 * for shared savings and for capitation (PMPM 3,000, stop-loss 80%:
 * contract 0 as in stop_loss_per_patient, 148,000). */
START_TEST(settle_all_amounts)
{
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(4, &l));
    const double lo[4] = {0, 0, 0, 0}, hi[4] = {100000, 100000, 100000, 100000};
    assert_ok(value_ledger_set_bounds(l, lo, hi, 4));
    const int32_t k[6] = {0, 2, 0, 3, 0, 3};
    const double c[6] = {1000, 60000, 2000, 5000, 150000, 5000}, r[6] = {1, 1, 1, 2, 1, 1},
                 m[6] = {12, 12, 12, 6, 12, 6};
    assert_ok(value_ledger_add(l, k, c, r, m, 6));
    value_contract *ss = contract(VALUE_CONTRACT_SHARED_SAVINGS);
    set(ss, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 40000);
    set(ss, VALUE_CONTRACT_RISK_ADJUST, 1);
    const int32_t items[3] = {VALUE_SETTLEMENT_FINAL_PAYMENT, VALUE_SETTLEMENT_BENCHMARK, VALUE_SETTLEMENT_EXPENDITURE};
    double out[12];
    assert_ok(value_contract_settle_all(ss, l, items, 3, out, 12));
    assert_rel(out[0], 8500, REL);
    assert_rel(out[1], 120000, REL);
    assert_rel(out[2], 103000, REL);
    ck_assert(isnan(out[3]) && isnan(out[4]) && isnan(out[5]));
    ck_assert(out[6] == 0);
    assert_rel(out[7], 40000, REL);
    assert_rel(out[9], 25000, REL);
    assert_rel(out[10], 60000, REL);
    assert_rel(out[11], 10000, REL);

    /* every item, against value_contract_settle(), for two kinds */
    value_contract *cap = contract(VALUE_CONTRACT_CAPITATION);
    set(cap, VALUE_CONTRACT_PMPM, 3000);
    set(cap, VALUE_CONTRACT_STOPLOSS_SHARE, 0.8);
    int32_t all[VALUE_SETTLEMENT_N_ITEMS - 1];
    for (int j = 0; j < VALUE_SETTLEMENT_N_ITEMS - 1; j++)
        all[j] = j + 1;
    enum { NI = VALUE_SETTLEMENT_N_ITEMS - 1 };
    double every[4 * NI];
    value_contract *kinds[2] = {ss, cap};
    for (int kind = 0; kind < 2; kind++) {
        assert_ok(value_contract_settle_all(kinds[kind], l, all, NI, every, 4 * NI));
        for (size_t kk = 0; kk < 4; kk++) {
            if (kk == 1)
                continue;
            value_settlement *s = NULL;
            assert_ok(value_contract_settle(kinds[kind], l, kk, &s));
            for (int j = 0; j < NI; j++) {
                double want = item(s, (value_settlement_item)all[j]), got = every[kk * NI + (size_t)j];
                ck_assert_msg((isnan(want) && isnan(got)) || want == got, "kind %d, contract %zu, item %d: %.17g vs %.17g",
                              kind, kk, all[j], got, want);
            }
            value_settlement_free(s);
        }
    }
    assert_rel(every[VALUE_SETTLEMENT_FINAL_PAYMENT - 1], 148000, REL);

    /* bad input: each failure leaves out as it was */
    for (int j = 0; j < 12; j++)
        out[j] = -5;
    assert_fails(value_contract_settle_all(NULL, l, items, 3, out, 12), VALUE_EINVAL, "c is NULL");
    assert_fails(value_contract_settle_all(ss, NULL, items, 3, out, 12), VALUE_EINVAL, "l is NULL");
    assert_fails(value_contract_settle_all(ss, l, NULL, 3, out, 12), VALUE_EINVAL, "items is NULL");
    assert_fails(value_contract_settle_all(ss, l, items, 3, NULL, 12), VALUE_EINVAL, "out is NULL");
    assert_fails(value_contract_settle_all(ss, l, items, 0, out, 0), VALUE_EINVAL, "n_items must be at least 1, got 0");
    assert_fails(value_contract_settle_all(ss, l, items, 3, out, 11), VALUE_EINVAL,
                 "out_len must be 12 (n_contracts x n_items), got 11");
    const int32_t bad0[2] = {VALUE_SETTLEMENT_SAVINGS, 0}, bad29[1] = {VALUE_SETTLEMENT_N_ITEMS};
    assert_fails(value_contract_settle_all(ss, l, bad0, 2, out, 8), VALUE_EINVAL,
                 "items[1] is 0, not a value_settlement_item (1 to 28)");
    assert_fails(value_contract_settle_all(ss, l, bad29, 1, out, 4), VALUE_EINVAL, "items[0] is 29");
    value_contract *ffs = contract(VALUE_CONTRACT_FFS);
    assert_fails(value_contract_settle_all(ffs, l, items, 3, out, 12), VALUE_ESTATE,
                 "value_contract_settle_services()");
    set(ss, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 0); /* a benchmark of 0: contract 0 cannot be settled */
    assert_fails(value_contract_settle_all(ss, l, items, 3, out, 12), VALUE_EDOM, "contract 0: the benchmark is 0 (");
    for (int j = 0; j < 12; j++)
        ck_assert(out[j] == -5);
    value_contract_free(ffs);
    value_contract_free(cap);
    value_contract_free(ss);
    value_ledger_free(l);
}
END_TEST

/* Capitation: PMPM 400 x (12,000 member-months x mean risk 1.1 = 13,200)
 * = 5,280,000; withhold 5% = 264,000; quality 75%: 198,000 returned;
 * payment 5,280,000 - 264,000 + 198,000 = 5,214,000.  Without risk
 * adjustment: 400 x 12,000 = 4,800,000 - 240,000 + 180,000 = 4,740,000. */
START_TEST(capitation)
{
    value_contract *c = contract(VALUE_CONTRACT_CAPITATION);
    set(c, VALUE_CONTRACT_PMPM, 400);
    set(c, VALUE_CONTRACT_RISK_ADJUST, 1);
    set(c, VALUE_CONTRACT_WITHHOLD, 0.05);
    set(c, VALUE_CONTRACT_QUALITY_SCORE, 0.75);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle_totals(c, 1000, 12000, 1.1, 5e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_CAPITATION), 5.28e6, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_WITHHOLD), 264000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_WITHHOLD_RETURNED), 198000, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 5214000, REL);
    assert_line(s, "capitation", "PMPM 400 x 13,200 risk-adjusted member-months", 5.28e6);
    assert_line(s, "withhold", "withhold 5.00% of 5,280,000: 264,000", -264000);
    assert_line(s, "withhold returned", "quality score 75.00% of the withhold 264,000 returned: 198,000", 198000);
    assert_line(s, "margin", "payment 5,214,000 - expenditure 5,000,000 = margin 214,000", 214000);
    value_settlement_free(s);
    set(c, VALUE_CONTRACT_RISK_ADJUST, 0);
    assert_ok(value_contract_settle_totals(c, 1000, 12000, 1.1, 5e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 4.74e6, REL);
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

/* P4P on a base of 1,000,000.  Tiers {50%: -2%, 70%: +1%, 90%: +3%}:
 * Q 0.75 -> +1% = 10,000; Q 0.6 -> -2% = -20,000; Q 0.4 -> 0; Q 0.95 ->
 * 30,000.  Linear, bonus 2%, penalty 2%, scores 0.5 to 0.9: Q 0.8 ->
 * u = 0.75, a = -2% + 4% x 0.75 = +1%: 10,000, less a 2% reduction: 9,800;
 * Q 0.3 -> -2%: -20,000 (not reduced). */
START_TEST(p4p)
{
    value_contract *c = contract(VALUE_CONTRACT_P4P);
    set(c, VALUE_CONTRACT_P4P_TIERED, 1);
    value_settlement *s = NULL;
    assert_fails(value_contract_settle_totals(c, 100, 1200, 1, 1e6, &s), VALUE_ESTATE, "no tiers are set");
    const double th[3] = {0.5, 0.7, 0.9}, adj[3] = {-0.02, 0.01, 0.03};
    assert_ok(value_contract_set_p4p_tiers(c, th, adj, 3));
    const double q[4] = {0.75, 0.6, 0.4, 0.95}, want[4] = {10000, -20000, 0, 30000};
    for (int i = 0; i < 4; i++) {
        set(c, VALUE_CONTRACT_QUALITY_SCORE, q[i]);
        assert_ok(value_contract_settle_totals(c, 100, 1200, 1, 1e6, &s));
        assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), want[i], REL);
        assert_rel(item(s, VALUE_SETTLEMENT_BASE_PAYMENT), 1e6, 0);
        if (i == 0)
            assert_line(s, "adjustment", "quality score 75.00% in the tier from 70.00%: adjustment 1.00%", 0.01);
        if (i == 2)
            assert_line(s, "adjustment", "below the first tier (50.00%): no adjustment", 0);
        value_settlement_free(s);
    }
    set(c, VALUE_CONTRACT_P4P_TIERED, 0);
    set(c, VALUE_CONTRACT_P4P_MAX_BONUS, 0.02);
    set(c, VALUE_CONTRACT_P4P_MAX_PENALTY, 0.02);
    set(c, VALUE_CONTRACT_P4P_SCORE_LOW, 0.5);
    set(c, VALUE_CONTRACT_P4P_SCORE_HIGH, 0.9);
    set(c, VALUE_CONTRACT_PAYMENT_REDUCTION, 0.02);
    set(c, VALUE_CONTRACT_QUALITY_SCORE, 0.8);
    assert_ok(value_contract_settle_totals(c, 100, 1200, 1, 1e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_ADJUSTMENT_RATE), 0.01, 1e-12);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 9800, 1e-9);
    assert_line(s, "bonus", "bonus 1.00% of 1,000,000 = 10,000", 10000);
    value_settlement_free(s);
    set(c, VALUE_CONTRACT_QUALITY_SCORE, 0.3);
    set(c, VALUE_CONTRACT_BASE_PAYMENT, 2e6); /* an explicit base */
    assert_ok(value_contract_settle_totals(c, 100, 1200, 1, 1e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -40000, REL);
    assert_line(s, "penalty", "penalty 2.00% of 2,000,000 = 40,000", -40000);
    value_settlement_free(s);
    set(c, VALUE_CONTRACT_P4P_SCORE_LOW, 0.9);
    assert_fails(value_contract_settle_totals(c, 100, 1200, 1, 1e6, &s), VALUE_ESTATE,
                 "p4p_score_low (0.9) must be below p4p_score_high (0.9)");
    value_contract_free(c);
}
END_TEST

/* ACA risk corridors (45 CFR 153.510), target T = 1,000 x 1,000 person-
 * years = 1,000,000.  E = 1,100,000 (+10%): 50% x 5% + 80% x 2% = 4.1% of
 * T = 41,000 paid by the payer.  E = 1,050,000: 50% x 2% = 10,000.
 * E = 1,020,000: within 3%: 0.  E = 900,000: -41,000 (symmetric).
 * Asymmetric {+2%: 60%, -5%: 30%}: E = 1,100,000: 60% x 8% = 48,000;
 * E = 900,000: 30% x 5% = -15,000.  First dollar {+0: 50%, -0: 50%}:
 * +-50,000. */
START_TEST(risk_corridor)
{
    value_contract *c = contract(VALUE_CONTRACT_RISK_CORRIDOR);
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 1000);
    value_settlement *s = NULL;
    assert_fails(value_contract_settle_totals(c, 1000, 12000, 1, 1.1e6, &s), VALUE_ESTATE, "no bands");
    const double th[4] = {0.03, 0.08, -0.03, -0.08}, sh[4] = {0.5, 0.8, 0.5, 0.8};
    assert_ok(value_contract_set_corridor(c, th, sh, 4));
    const double E[4] = {1.1e6, 1.05e6, 1.02e6, 0.9e6}, want[4] = {41000, 10000, 0, -41000};
    for (int i = 0; i < 4; i++) {
        assert_ok(value_contract_settle_totals(c, 1000, 12000, 1, E[i], &s));
        assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), want[i], 1e-9);
        if (i == 0) {
            assert_line(s, "deviation", "expenditure 1,100,000 is 10.00% above target 1,000,000", 0.1);
            assert_line(s, "band", "band 3.00% to 8.00% above target: payer shares 50.00% of 5.00% of target = 25,000",
                        25000);
        }
        if (i == 2)
            assert_line(s, "band", "deviation within the unshared band: nothing shared", 0);
        if (i == 3)
            assert_line(s, "payment", "the provider owes 41,000", -41000);
        value_settlement_free(s);
    }
    const double th2[2] = {0.02, -0.05}, sh2[2] = {0.6, 0.3};
    assert_ok(value_contract_set_corridor(c, th2, sh2, 2));
    assert_ok(value_contract_settle_totals(c, 1000, 12000, 1, 1.1e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 48000, 1e-9);
    assert_line(s, "band", "band beyond 2.00% above target: payer shares 60.00% of 8.00% of target = 48,000", 48000);
    value_settlement_free(s);
    assert_ok(value_contract_settle_totals(c, 1000, 12000, 1, 0.9e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -15000, 1e-9);
    value_settlement_free(s);
    const double th3[2] = {0.0, -0.0}, sh3[2] = {0.5, 0.5};
    assert_ok(value_contract_set_corridor(c, th3, sh3, 2));
    assert_ok(value_contract_settle_totals(c, 1000, 12000, 1, 1.1e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 50000, 1e-9);
    value_settlement_free(s);
    assert_ok(value_contract_settle_totals(c, 1000, 12000, 1, 0.9e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), -50000, 1e-9);
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

/* FFS: 99213 at 92.50, 99214 at 130, 36415 at 3.  Services 99213 x 1,
 * 99214 x 2, 36415 x 3, 99999 x 1 (unknown), 99213 x 1: 92.5 + 260 + 9 +
 * 92.5 = 454. */
START_TEST(ffs)
{
    value_contract *c = contract(VALUE_CONTRACT_FFS);
    const int32_t codes[3] = {99214, 99213, 36415};
    const double prices[3] = {130, 92.5, 3};
    assert_ok(value_contract_set_fee_schedule(c, codes, prices, 3));
    const int32_t sv[5] = {99213, 99214, 36415, 99999, 99213};
    const double un[5] = {1, 2, 3, 1, 1};
    value_settlement *s = NULL;
    assert_fails(value_contract_settle_services(c, sv, un, 5, &s), VALUE_ENOTFOUND,
                 "1 services (1 units) have codes not in the fee schedule, the first code[3] = 99999");
    ck_assert(s == NULL);
    set(c, VALUE_CONTRACT_EXCLUDE_UNKNOWN, 1);
    assert_ok(value_contract_settle_services(c, sv, un, 5, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 454, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_UNKNOWN_SERVICES), 1, 0);
    assert_rel(item(s, VALUE_SETTLEMENT_UNKNOWN_UNITS), 1, 0);
    assert_line(s, "services", "4 services, 7 units priced by the fee schedule: 454", 454);
    assert_line(s, "unknown", "1 services (1 units) with codes not in the fee schedule excluded (first: code[3] = 99999)",
                1);
    value_settlement_free(s);
    assert_ok(value_contract_settle_services(c, sv, un, 3, &s)); /* 92.5 + 260 + 9 */
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 361.5, REL);
    assert_line(s, "payment", "final payment to the provider: 361.50", 361.5);
    value_settlement_free(s);
    double bad[5] = {1, 2, -3, 1, 1};
    assert_fails(value_contract_settle_services(c, sv, bad, 5, &s), VALUE_EINVAL, "units[2] is -3");
    bad[2] = NAN;
    assert_fails(value_contract_settle_services(c, sv, bad, 5, &s), VALUE_EINVAL, "units[2] is NaN");
    const int32_t dup[3] = {1, 2, 1};
    assert_fails(value_contract_set_fee_schedule(c, dup, prices, 3), VALUE_EINVAL, "code[2] is 1, the same as code[0]");
    double badp[3] = {1, -1, 1};
    assert_fails(value_contract_set_fee_schedule(c, codes, badp, 3), VALUE_EINVAL, "price[1] is -1");
    /* unchanged: still prices 454 */
    assert_ok(value_contract_settle_services(c, sv, un, 5, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 454, REL);
    value_settlement_free(s);
    assert_fails(value_contract_settle_totals(c, 1, 1, 1, 1, &s), VALUE_ESTATE, "value_contract_settle_services()");
    value_contract *ss = contract(VALUE_CONTRACT_SHARED_SAVINGS);
    assert_fails(value_contract_settle_services(ss, sv, un, 5, &s), VALUE_ESTATE, "needs an FFS contract");
    value_contract_free(ss);
    value_contract_free(c);
}
END_TEST

/* Bad settlement input: messages name the argument and value; nothing
 * is returned. */
START_TEST(bad_settlement_inputs)
{
    value_contract *c = contract(VALUE_CONTRACT_SHARED_RISK);
    value_settlement *s = NULL;
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 1000);
    assert_fails(value_contract_settle_totals(c, 0, 12, 1, 100, &s), VALUE_EINVAL,
                 "beneficiaries is 0, must be finite and >= 1");
    assert_fails(value_contract_settle_totals(c, 10, 0, 1, 100, &s), VALUE_EINVAL,
                 "member_months is 0, must be finite and > 0");
    assert_fails(value_contract_settle_totals(c, 10, -12, 1, 100, &s), VALUE_EINVAL, "member_months is -12, must be finite and > 0");
    assert_fails(value_contract_settle_totals(c, 10, 12, NAN, 100, &s), VALUE_EINVAL, "risk_score_mean is NaN");
    assert_fails(value_contract_settle_totals(c, 10, 12, 1, -5, &s), VALUE_EINVAL,
                 "expenditure is -5, must be finite and >= 0");
    assert_fails(value_contract_settle_totals(c, 10, 12, 1, NAN, &s), VALUE_EINVAL, "expenditure is NaN");
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 0);
    assert_fails(value_contract_settle_totals(c, 10, 12, 1, 100, &s), VALUE_EDOM, "the benchmark is 0");
    ck_assert(s == NULL);
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(2, &l));
    assert_fails(value_contract_settle(c, l, 0, &s), VALUE_EDOM, "contract 0 has no records");
    assert_fails(value_contract_settle(c, l, 2, &s), VALUE_EINVAL, "contract_index is 2");
    value_ledger_free(l);
    value_contract_free(c);
}
END_TEST


/* ---- issue 16: Inf and NaN returned as success ---------------------------- */

/* Capitation at a PMPM of 1e300 for 1e10 member-months: C = 1e310
 * overflows, the withhold Inf x 0 = NaN, and the final payment was NaN.
 * Through the ledger too: one record of 1e6 member-months at a PMPM of
 * 1e303 (C = 1e309), in value_contract_settle() and, quiet,
 * value_contract_settle_all(), which leaves out untouched. */
START_TEST(capitation_overflow_refused)
{
    value_contract *c = contract(VALUE_CONTRACT_CAPITATION);
    set(c, VALUE_CONTRACT_PMPM, 1e300);
    value_settlement *s = NULL;
    assert_fails(value_contract_settle_totals(c, 1, 1e10, 1, 0, &s), VALUE_ERANGE,
                 "the capitation overflows: PMPM 1e+300 x 1e+10 member-months");
    ck_assert(s == NULL);
    set(c, VALUE_CONTRACT_RISK_ADJUST, 1);
    assert_fails(value_contract_settle_totals(c, 1, 1e10, 1, 0, &s), VALUE_ERANGE,
                 "PMPM 1e+300 x 1e+10 risk-adjusted member-months");
    set(c, VALUE_CONTRACT_RISK_ADJUST, 0);
    /* 1e298 x 1e10 = 1e308: finite, and the payment is that */
    set(c, VALUE_CONTRACT_PMPM, 1e298);
    assert_ok(value_contract_settle_totals(c, 1, 1e10, 1, 0, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 1e308, 1e-15);
    value_settlement_free(s);

    value_ledger *l = NULL;
    assert_ok(value_ledger_new(1, &l));
    const int32_t k = 0;
    const double cost = 10, r = 1, m = 1e6;
    assert_ok(value_ledger_add(l, &k, &cost, &r, &m, 1));
    set(c, VALUE_CONTRACT_PMPM, 1e303);
    assert_fails(value_contract_settle(c, l, 0, &s), VALUE_ERANGE, "the capitation overflows: PMPM 1e+303 x 1e+06");
    const int32_t items[2] = {VALUE_SETTLEMENT_CAPITATION, VALUE_SETTLEMENT_FINAL_PAYMENT};
    double out[2] = {7, 7};
    assert_fails(value_contract_settle_all(c, l, items, 2, out, 2), VALUE_ERANGE,
                 "contract 0: the capitation overflows");
    ck_assert(out[0] == 7 && out[1] == 7);
    value_ledger_free(l);
    value_contract_free(c);
}
END_TEST

/* FFS: a price of 1e300 for 1e10 units was a payment of Inf. */
START_TEST(ffs_overflow_refused)
{
    value_contract *c = contract(VALUE_CONTRACT_FFS);
    const int32_t code = 99213;
    const double price = 1e300;
    assert_ok(value_contract_set_fee_schedule(c, &code, &price, 1));
    const int32_t sv[2] = {99213, 99213};
    double un[2] = {1e10, 1};
    value_settlement *s = NULL;
    assert_fails(value_contract_settle_services(c, sv, un, 2, &s), VALUE_ERANGE,
                 "the payment for units[0] overflows: price 1e+300 x units 1e+10");
    ck_assert(s == NULL);
    /* each finite, the sum not: 1e8 x 1e300 twice is 2e308 */
    un[0] = un[1] = 1e8;
    assert_fails(value_contract_settle_services(c, sv, un, 2, &s), VALUE_ERANGE,
                 "the FFS payment overflows at units[1]");
    un[1] = 1;
    assert_ok(value_contract_settle_services(c, sv, un, 2, &s)); /* 1e308 + 1e300 */
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 1e308 + 1e300, 1e-15);
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

/* A risk corridor (the ACA's bands) with a benchmark of 1e-300 per
 * capita: T = 1e-300 for 12 member-months, E = 1e10: the deviation
 * (E - T)/T = 1e310 overflows; the payment was Inf and the reduction
 * Inf x 0 = NaN.  Shared savings on the same benchmark: the savings rate
 * (B - E)/B = -1e310 likewise. */
START_TEST(corridor_tiny_benchmark_refused)
{
    value_contract *c = contract(VALUE_CONTRACT_RISK_CORRIDOR);
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 1e-300);
    const double th[4] = {0.03, 0.08, -0.03, -0.08}, sh[4] = {0.5, 0.8, 0.5, 0.8};
    assert_ok(value_contract_set_corridor(c, th, sh, 4));
    value_settlement *s = NULL;
    assert_fails(value_contract_settle_totals(c, 1, 12, 1, 1e10, &s), VALUE_ERANGE,
                 "the corridor's deviation (E - T)/T overflows: target T 1e-300, expenditure E 1e+10");
    ck_assert(s == NULL);
    /* E = 100: the deviation 1e302 is finite, the payment about
     * T (0.5 x 0.05 + 0.8 x (1e302 - 0.08)) = 0.8 x 100 = 80 */
    assert_ok(value_contract_settle_totals(c, 1, 12, 1, 100, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 80, 1e-12);
    value_settlement_free(s);
    value_contract *ss = contract(VALUE_CONTRACT_SHARED_SAVINGS);
    set(ss, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 1e-300);
    assert_fails(value_contract_settle_totals(ss, 1, 12, 1, 1e10, &s), VALUE_ERANGE,
                 "the savings rate (B - E)/B overflows: benchmark B 1e-300, expenditure E 1e+10");
    value_contract_free(ss);
    value_contract_free(c);
}
END_TEST

/* The settlement's mean risk score was 0/0 = NaN for records of fewer
 * than 2^-25 member-months (about 3e-8, inside the documented (0, 1e6]),
 * which the ledger rounded to 0 units.  Such records are refused now
 * (member-months from 1e-6); at 1e-6 the risk score is the ledger's
 * rounded ratio: risk 1.3 x 1e-6 is 21.81 units, rounded 22, over 17
 * units of member-months: 22/17. */
START_TEST(risk_score_tiny_member_months)
{
    value_contract *c = contract(VALUE_CONTRACT_SHARED_SAVINGS);
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 10000);
    set(c, VALUE_CONTRACT_RISK_ADJUST, 1);
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(1, &l));
    const int32_t k = 0;
    const double cost = 100, r = 1.3;
    double m = 1e-8;
    assert_fails(value_ledger_add(l, &k, &cost, &r, &m, 1), VALUE_EINVAL,
                 "member_months[0] is 1e-08, must be at least 1e-6");
    m = 1e-6;
    assert_ok(value_ledger_add(l, &k, &cost, &r, &m, 1));
    value_settlement *s = NULL;
    assert_ok(value_contract_settle(c, l, 0, &s));
    ck_assert(item(s, VALUE_SETTLEMENT_RISK_SCORE) == 22.0 / 17.0);
    value_settlement_free(s);
    /* on totals, the mean risk score is the one given, whatever the
     * member-months: 0.7 for 5e-324 member-months (it was formed as
     * (0.7 x 5e-324) / 5e-324, and 0.7 x 5e-324 rounds to 5e-324: 1) */
    value_contract *cap = contract(VALUE_CONTRACT_CAPITATION);
    assert_ok(value_contract_settle_totals(cap, 1, 5e-324, 0.7, 0, &s));
    ck_assert_msg(item(s, VALUE_SETTLEMENT_RISK_SCORE) == 0.7, "risk score %g", item(s, VALUE_SETTLEMENT_RISK_SCORE));
    value_settlement_free(s);
    value_contract_free(cap);
    value_ledger_free(l);
    value_contract_free(c);
}
END_TEST

/*
 * msr_table_below and period_share (the MSSP's small-ACO MSR/MLR and its
 * 2019 halves, in the engine's terms).  Shared risk, sharing 50%, quality
 * 1, first dollar, flat loss rate 30%, fixed MSR 1%, MLR from the MSR, the
 * 425.604(b) points as a table used below 10,000 beneficiaries; benchmark
 * 10,000 per person-year.
 *   7,500 beneficiaries: B 75M, E 73.5M: savings 1.5M (2%); the table's MSR
 *   at 7,500 is 3.4 + (3.2 - 3.4) x 500/1,000 = 3.3% > 2%: nothing shared.
 *   12,000: B 120M, E 117.6M: 2% >= the fixed 1%: 50% x 2.4M = 1.2M.
 *   period share 50%: 1.2M x 0.5 = 600,000.
 *   No limit (table always), 4,000: below the first point, its 3.9%.
 */
START_TEST(msr_table_below_and_period_share)
{
    value_contract *c = NULL;
    value_settlement *s = NULL;
    assert_ok(value_contract_new(VALUE_CONTRACT_SHARED_RISK, &c));
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 10000);
    set(c, VALUE_CONTRACT_LOSS_SHARING_RATE, 0.3);
    set(c, VALUE_CONTRACT_MSR, 0.01);
    set(c, VALUE_CONTRACT_MLR_FROM_MSR, 1);
    assert_ok(value_contract_set_msr_table(c, MSR_N, MSR_V, 10));
    set(c, VALUE_CONTRACT_MSR_TABLE_BELOW, 10000);
    assert_ok(value_contract_settle_totals(c, 7500, 90000, 1.0, 73.5e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_MSR), 0.033, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_MLR), 0.033, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 0, REL);
    assert_line(s, "msr switch", "7,500 beneficiaries, fewer than 10,000 (msr_table_below): the fixed MSR 1.00% gives "
                                 "way to the MSR table, the MLR equal to its MSR", 10000);
    value_settlement_free(s);
    assert_ok(value_contract_settle_totals(c, 12000, 144000, 1.0, 117.6e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_MSR), 0.01, REL);
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 1.2e6, REL);
    value_settlement_free(s);
    set(c, VALUE_CONTRACT_PERIOD_SHARE, 0.5);
    assert_ok(value_contract_settle_totals(c, 12000, 144000, 1.0, 117.6e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_FINAL_PAYMENT), 600000, REL);
    assert_line(s, "period", "shared savings 1,200,000 x period share 50.00% = 600,000 (period_share)", 600000);
    value_settlement_free(s);
    set(c, VALUE_CONTRACT_MSR_TABLE_BELOW, 0);
    set(c, VALUE_CONTRACT_PERIOD_SHARE, 1);
    assert_ok(value_contract_settle_totals(c, 4000, 48000, 1.0, 40e6, &s));
    assert_rel(item(s, VALUE_SETTLEMENT_MSR), 0.039, REL);
    assert_line(s, "msr", "MSR 3.90% for 4,000 beneficiaries (below the table's first point, 5,000 beneficiaries: "
                          "its MSR)", 0.039);
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

static Suite *contract_settle_suite(void)
{
    Suite *s = suite_create("contract_settle");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, shared_savings_first_dollar);
    tcase_add_test(tc, shared_savings_above_msr);
    tcase_add_test(tc, msr_not_met_and_one_sided_losses);
    tcase_add_test(tc, savings_caps_bind);
    tcase_add_test(tc, shared_risk_losses);
    tcase_add_test(tc, msr_table_below_and_period_share);
    tcase_add_test(tc, benchmark_risk_and_trend);
    tcase_add_test(tc, bundle);
    tcase_add_test(tc, bundle_winsorized_ledger);
    tcase_add_test(tc, stop_loss_per_patient);
    tcase_add_test(tc, settle_all_amounts);
    tcase_add_test(tc, capitation);
    tcase_add_test(tc, p4p);
    tcase_add_test(tc, risk_corridor);
    tcase_add_test(tc, ffs);
    tcase_add_test(tc, bad_settlement_inputs);
    tcase_add_test(tc, capitation_overflow_refused);
    tcase_add_test(tc, ffs_overflow_refused);
    tcase_add_test(tc, corridor_tiny_benchmark_refused);
    tcase_add_test(tc, risk_score_tiny_member_months);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(contract_settle_suite());
}
