/* Payment contracts, the terms (lib/payment/contract.c): kinds,
 * parameters, tables, the percentile helper and bad input.  Settlements
 * are check_contract_settle.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdint.h>

static value_contract *contract(value_contract_kind kind)
{
    value_contract *c = NULL;
    assert_ok(value_contract_new(kind, &c));
    return c;
}

/* R: quantile(1:10, 0.99) = 9.91; quantile(c(5, 1, 3), 0.5) = 3. */
START_TEST(percentile)
{
    double x[10] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, q;
    assert_ok(value_contract_percentile(x, 10, 0.99, &q));
    assert_rel(q, 9.91, 1e-14);
    assert_ok(value_contract_percentile(x, 10, 0, &q));
    ck_assert(q == 1);
    assert_ok(value_contract_percentile(x, 10, 1, &q));
    ck_assert(q == 10);
    const double y[3] = {5, 1, 3};
    assert_ok(value_contract_percentile(y, 3, 0.5, &q));
    ck_assert(q == 3);
    ck_assert(x[0] == 10); /* input untouched */
    assert_fails(value_contract_percentile(x, 10, 1.5, &q), VALUE_EINVAL, "p is 1.5, must be in [0, 1]");
    assert_fails(value_contract_percentile(x, 0, 0.5, &q), VALUE_EINVAL, "n must be at least 1, got 0");
    x[4] = NAN;
    assert_fails(value_contract_percentile(x, 10, 0.5, &q), VALUE_EINVAL, "x[4]");
    /* issue 16: between -1e308 and 1e308 the difference 2e308 overflows;
     * the median is 0 (R: quantile(c(-1e308, 1e308), 0.5) = 0), the first
     * quartile 0.75 x -1e308 + 0.25 x 1e308 = -5e307 */
    const double wide[2] = {1e308, -1e308};
    assert_ok(value_contract_percentile(wide, 2, 0.5, &q));
    ck_assert_msg(q == 0, "median %g", q);
    assert_ok(value_contract_percentile(wide, 2, 0.25, &q));
    assert_rel(q, -5e307, 1e-15);
}
END_TEST

/* Bad parameters: messages name the parameter and value; nothing changes. */
START_TEST(bad_parameters)
{
    value_contract *c = NULL;
    assert_fails(value_contract_new((value_contract_kind)0, &c), VALUE_EINVAL, "kind must be a value_contract_kind");
    assert_fails(value_contract_new((value_contract_kind)8, &c), VALUE_EINVAL, "got 8");
    assert_fails(value_contract_new(VALUE_CONTRACT_P4P, NULL), VALUE_EINVAL, "out is NULL");
    c = contract(VALUE_CONTRACT_SHARED_RISK);
    int32_t kind;
    assert_ok(value_contract_kind_of(c, &kind));
    ck_assert_int_eq(kind, VALUE_CONTRACT_SHARED_RISK);
    double v;
    assert_ok(value_contract_get(c, VALUE_CONTRACT_SHARING_RATE, &v));
    ck_assert(v == 0.5);
    assert_ok(value_contract_get(c, VALUE_CONTRACT_SAVINGS_CAP, &v));
    ck_assert(isinf(v));
    assert_fails(value_contract_set(c, VALUE_CONTRACT_SHARING_RATE, 1.5), VALUE_EINVAL,
                 "sharing_rate is 1.5, must be in [0, 1]");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_SHARING_RATE, -0.1), VALUE_EINVAL, "sharing_rate is -0.1, must be in [0, 1]");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_SHARING_RATE, NAN), VALUE_EINVAL, "sharing_rate is NaN");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_MSR, 1), VALUE_EINVAL, "msr is 1, must be in [0, 1)");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_MLR, 1.2), VALUE_EINVAL, "mlr is 1.2, must be in [0, 1)");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_SAVINGS_CAP, -0.5), VALUE_EINVAL,
                 "savings_cap is -0.5, must be >= 0 (or Inf: no cap)");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_LOSS_CAP, -1), VALUE_EINVAL, "loss_cap is -1, must be >= 0 (or Inf: no cap)");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_LOSS_CAP, NAN), VALUE_EINVAL, "loss_cap is NaN");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, INFINITY), VALUE_EINVAL,
                 "benchmark_per_capita is Inf, must be finite and >= 0");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_TREND, -1), VALUE_EINVAL, "trend is -1, must be finite and > -1");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_RISK_ADJUST, 0.5), VALUE_EINVAL, "risk_adjust is 0.5, must be 0 or 1");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_REFERENCE_RISK, 0), VALUE_EINVAL, "reference_risk is 0, must be finite and > 0");
    assert_fails(value_contract_set(c, VALUE_CONTRACT_PAYMENT_REDUCTION, 1), VALUE_EINVAL, "payment_reduction is 1, must be in [0, 1)");
    assert_fails(value_contract_set(c, (value_contract_param)0, 1), VALUE_EINVAL, "param must be a value_contract_param");
    assert_fails(value_contract_set(c, (value_contract_param)42, 1), VALUE_EINVAL, "got 42");
    assert_fails(value_contract_get(c, (value_contract_param)42, &v), VALUE_EINVAL, "got 42");
    assert_fails(value_contract_set(NULL, VALUE_CONTRACT_MSR, 0.1), VALUE_EINVAL, "c is NULL");
    assert_ok(value_contract_get(c, VALUE_CONTRACT_SHARING_RATE, &v));
    ck_assert(v == 0.5);
    assert_ok(value_contract_get(c, VALUE_CONTRACT_MSR, &v));
    ck_assert(v == 0);

    /* tables */
    const double n_bad[3] = {5000, 5000, 6000}, m_ok[3] = {0.03, 0.02, 0.01};
    assert_fails(value_contract_set_msr_table(c, n_bad, m_ok, 3), VALUE_EINVAL,
                 "beneficiaries[1] is 5000, must be greater than the previous one");
    const double n_ok[3] = {10, 20, 30}, m_bad[3] = {0.03, 1, 0.01};
    assert_fails(value_contract_set_msr_table(c, n_ok, m_bad, 3), VALUE_EINVAL, "msr[1] is 1, must be in [0, 1)");
    const double t_bad[2] = {0.5, 1.5}, a_ok[2] = {0.1, 0.2};
    assert_fails(value_contract_set_p4p_tiers(c, t_bad, a_ok, 2), VALUE_EINVAL, "threshold[1] is 1.5");
    const double t_ok[2] = {0.5, 0.6}, a_bad[2] = {0.1, -2};
    assert_fails(value_contract_set_p4p_tiers(c, t_ok, a_bad, 2), VALUE_EINVAL, "adjustment[1] is -2");
    const double ct[2] = {0.03, 0.03}, cs[2] = {0.5, 0.5}, cs_bad[2] = {0.5, 1.1};
    assert_fails(value_contract_set_corridor(c, ct, cs, 2), VALUE_EINVAL, "threshold[1] is 0.03, repeats");
    assert_fails(value_contract_set_corridor(c, t_ok, cs_bad, 2), VALUE_EINVAL, "share[1] is 1.1");
    value_contract_free(NULL);
    value_contract_free(c);
}
END_TEST

/* A parameter the kind's settlement never reads is refused, naming the
 * parameter, the kind and the kinds it applies to; the contract keeps
 * its value.  What applies, from contract_settle.c: the benchmark terms
 * to the shared kinds and the corridor, risk adjustment also to bundles
 * and capitation, the loss terms to shared risk only, the quality score
 * to all but FFS and corridors, the payment reduction to every kind. */
START_TEST(terms_of_another_kind)
{
    value_contract *b = contract(VALUE_CONTRACT_BUNDLE), *ss = contract(VALUE_CONTRACT_SHARED_SAVINGS);
    value_contract *ffs = contract(VALUE_CONTRACT_FFS), *cor = contract(VALUE_CONTRACT_RISK_CORRIDOR);
    assert_fails(value_contract_set(b, VALUE_CONTRACT_SHARING_RATE, 0.5), VALUE_EINVAL,
                 "sharing_rate does not apply to a contract of kind bundle (it applies to shared_savings, shared_risk)");
    double v;
    assert_ok(value_contract_get(b, VALUE_CONTRACT_SHARING_RATE, &v));
    ck_assert(v == 0.5); /* the default, unchanged and still readable */
    assert_fails(value_contract_set(ss, VALUE_CONTRACT_LOSS_SHARING_RATE, 0.6), VALUE_EINVAL,
                 "loss_sharing_rate does not apply to a contract of kind shared_savings (it applies to shared_risk)");
    assert_fails(value_contract_set(ss, VALUE_CONTRACT_MLR, 0.02), VALUE_EINVAL, "contract of kind shared_savings");
    assert_fails(value_contract_set(ss, VALUE_CONTRACT_TARGET_PRICE, 100), VALUE_EINVAL,
                 "target_price does not apply to a contract of kind shared_savings (it applies to bundle)");
    assert_fails(value_contract_set(ffs, VALUE_CONTRACT_STOPLOSS_SHARE, 0.5), VALUE_EINVAL,
                 "stoploss_share does not apply to a contract of kind ffs (it applies to capitation, bundle, shared_savings, "
                 "shared_risk, p4p, risk_corridor)");
    assert_fails(value_contract_set(cor, VALUE_CONTRACT_QUALITY_SCORE, 0.9), VALUE_EINVAL, "contract of kind risk_corridor");
    assert_fails(value_contract_set(b, VALUE_CONTRACT_EXCLUDE_UNKNOWN, 1), VALUE_EINVAL, "(it applies to ffs)");
    /* a bad value is reported as such first */
    assert_fails(value_contract_set(b, VALUE_CONTRACT_SHARING_RATE, 2), VALUE_EINVAL, "sharing_rate is 2, must be in [0, 1]");
    /* what applies is taken */
    assert_ok(value_contract_set(b, VALUE_CONTRACT_RISK_ADJUST, 1));
    assert_ok(value_contract_set(b, VALUE_CONTRACT_QUALITY_SCORE, 0.8));
    assert_ok(value_contract_set(cor, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, 1000));
    assert_ok(value_contract_set(ffs, VALUE_CONTRACT_PAYMENT_REDUCTION, 0.02));
    assert_ok(value_contract_set(ss, VALUE_CONTRACT_REVENUE, 1e6));
    value_contract_free(b);
    value_contract_free(ss);
    value_contract_free(ffs);
    value_contract_free(cor);
}
END_TEST

static Suite *contract_suite(void)
{
    Suite *s = suite_create("contract");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, percentile);
    tcase_add_test(tc, bad_parameters);
    tcase_add_test(tc, terms_of_another_kind);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(contract_suite());
}
