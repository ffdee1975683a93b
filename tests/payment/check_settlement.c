/* Settlements (lib/payment/settlement.c): reading items and explanation
 * lines, bad input to the readers, and how the lines write amounts and
 * rates.  The settlements come from the contract engine, whose own
 * numbers are check_contract_settle.c's.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

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

/* The text of the first line with step `step` (owned by s). */
static const char *line_text(const value_settlement *s, const char *step)
{
    size_t n;
    assert_ok(value_settlement_line_count(s, &n));
    for (size_t i = 0; i < n; i++) {
        const char *st, *tx;
        double a;
        assert_ok(value_settlement_line(s, i, &st, &tx, &a));
        if (strcmp(st, step) == 0)
            return tx;
    }
    ck_abort_msg("no line with step %s", step);
    return NULL;
}

/* Bad input to the readers: messages name the argument; out-of-range
 * items and lines are refused. */
START_TEST(readers)
{
    value_contract *c = contract(VALUE_CONTRACT_SHARED_RISK);
    value_settlement *s = NULL;
    double v;
    assert_fails(value_settlement_get(NULL, VALUE_SETTLEMENT_MSR, &v), VALUE_EINVAL, "s is NULL");
    set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 1000);
    assert_ok(value_contract_settle_totals(c, 10, 120, 1, 100, &s));
    assert_fails(value_settlement_get(s, (value_settlement_item)0, &v), VALUE_EINVAL, "item must be a value_settlement_item");
    assert_fails(value_settlement_get(s, VALUE_SETTLEMENT_N_ITEMS, &v), VALUE_EINVAL, "got 29");
    size_t n;
    assert_ok(value_settlement_line_count(s, &n));
    const char *st, *tx;
    assert_fails(value_settlement_line(s, n, &st, &tx, &v), VALUE_EINVAL, "i is");

    /* the other arguments of each reader; a valid read after them */
    assert_fails(value_settlement_get(s, VALUE_SETTLEMENT_MSR, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_settlement_line_count(NULL, &n), VALUE_EINVAL, "s is NULL");
    assert_fails(value_settlement_line_count(s, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_settlement_line(NULL, 0, &st, &tx, &v), VALUE_EINVAL, "s is NULL");
    assert_fails(value_settlement_line(s, 0, NULL, &tx, &v), VALUE_EINVAL, "out_step is NULL");
    assert_fails(value_settlement_line(s, 0, &st, NULL, &v), VALUE_EINVAL, "out_text is NULL");
    assert_fails(value_settlement_line(s, 0, &st, &tx, NULL), VALUE_EINVAL, "out_amount is NULL");
    char want[96];
    snprintf(want, sizeof want, "i is %zu, not in [0, %zu) (the settlement has %zu lines)", n, n, n);
    assert_fails(value_settlement_line(s, n, &st, &tx, &v), VALUE_EINVAL, want);
    ck_assert(n >= 2);
    assert_ok(value_settlement_line(s, 0, &st, &tx, &v));
    ck_assert_str_eq(st, "records");
    ck_assert_str_eq(tx, "10 beneficiaries, 120 member-months, mean risk score 1.0000");
    ck_assert(v == 10);
    assert_ok(value_settlement_get(s, VALUE_SETTLEMENT_BENEFICIARIES, &v));
    ck_assert(v == 10);
    assert_ok(value_settlement_get(s, VALUE_SETTLEMENT_CAPITATION, &v));
    ck_assert(isnan(v)); /* does not apply to shared risk */
    value_settlement_free(s);
    value_settlement_free(NULL);
    value_contract_free(c);
}
END_TEST

/* Amounts: rounded to cents, thousands separated, ".00" dropped, no
 * "-0" for what rounds to 0, and from 1e15 on in %g.  A capitation of
 * PMPM 0 shows the expenditure as given and a margin of minus it. */
START_TEST(amounts)
{
    static const struct {
        double x;
        const char *expenditure, *margin;
    } CASES[] = {
        {1234567.891, "expenditure 1,234,567.89", "payment 0 - expenditure 1,234,567.89 = margin -1,234,567.89"},
        {1000, "expenditure 1,000", "payment 0 - expenditure 1,000 = margin -1,000"},
        {12.3, "expenditure 12.30", "payment 0 - expenditure 12.30 = margin -12.30"},
        {0.5, "expenditure 0.50", "payment 0 - expenditure 0.50 = margin -0.50"},
        {0.004, "expenditure 0", "payment 0 - expenditure 0 = margin 0"},
        {0, "expenditure 0", "payment 0 - expenditure 0 = margin 0"},
        {123456789012.34, "expenditure 123,456,789,012.34",
         "payment 0 - expenditure 123,456,789,012.34 = margin -123,456,789,012.34"},
        {1e15, "expenditure 1e+15", "payment 0 - expenditure 1e+15 = margin -1e+15"},
        {2.5e16, "expenditure 2.5e+16", "payment 0 - expenditure 2.5e+16 = margin -2.5e+16"},
    };
    value_contract *c = contract(VALUE_CONTRACT_CAPITATION);
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        value_settlement *s = NULL;
        assert_ok(value_contract_settle_totals(c, 1, 12, 1, CASES[i].x, &s));
        ck_assert_str_eq(line_text(s, "expenditure"), CASES[i].expenditure);
        ck_assert_str_eq(line_text(s, "margin"), CASES[i].margin);
        value_settlement_free(s);
    }
    /* a fractional count, as the ledger's totals of member-months can be */
    value_settlement *s = NULL;
    assert_ok(value_contract_settle_totals(c, 7000.5, 84006, 1, 0, &s));
    ck_assert_str_eq(line_text(s, "records"), "7,000.50 beneficiaries, 84,006 member-months, mean risk score 1.0000");
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

/* Rates: percentages with two decimals.  PMPM 100 x 12 member-months =
 * 1,200; withhold 12.5% = 150, of which quality 50% = 75 is returned. */
START_TEST(rates)
{
    value_contract *c = contract(VALUE_CONTRACT_CAPITATION);
    set(c, VALUE_CONTRACT_PMPM, 100);
    set(c, VALUE_CONTRACT_WITHHOLD, 0.125);
    set(c, VALUE_CONTRACT_QUALITY_SCORE, 0.5);
    value_settlement *s = NULL;
    assert_ok(value_contract_settle_totals(c, 1, 12, 1, 1000, &s));
    ck_assert_str_eq(line_text(s, "withhold"), "withhold 12.50% of 1,200: 150");
    ck_assert_str_eq(line_text(s, "withhold returned"), "quality score 50.00% of the withhold 150 returned: 75");
    value_settlement_free(s);
    set(c, VALUE_CONTRACT_WITHHOLD, 1.0 / 3);
    set(c, VALUE_CONTRACT_QUALITY_SCORE, 0);
    assert_ok(value_contract_settle_totals(c, 1, 12, 1, 1000, &s));
    ck_assert_str_eq(line_text(s, "withhold"), "withhold 33.33% of 1,200: 400");
    ck_assert_str_eq(line_text(s, "withhold returned"), "quality score 0.00% of the withhold 400 returned: 0");
    value_settlement_free(s);
    value_contract_free(c);
}
END_TEST

static Suite *settlement_suite(void)
{
    Suite *s = suite_create("settlement");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, readers);
    tcase_add_test(tc, amounts);
    tcase_add_test(tc, rates);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(settlement_suite());
}
