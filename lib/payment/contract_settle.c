/*
 * Payment contracts: settlement.  value_contract_settle() and its
 * variants dispatch to one engine per contract kind, which computes the
 * items and explanation lines of a settlement (settlement.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method notes (where value.h leaves a choice open):
 *
 * - A settlement is computed whole into a new ::value_settlement; nothing
 *   is returned on failure.  Items that do not apply are NaN.
 * - Amounts are plain doubles computed in the order of the formulas in
 *   value.h; record totals come exact from the ledger.
 */
#include "contract.h"
#include "ledger.h"
#include "settlement.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const KIND_NAMES[] = {NULL,          "FFS",         "capitation", "bundle", "shared savings",
                                         "shared risk", "P4P",         "risk corridor"};

/* ---- small helpers ---------------------------------------------------------------- */

static double P(const value_contract *c, value_contract_param k)
{
    return c->p[k];
}

static bool flag(const value_contract *c, value_contract_param k)
{
    return c->p[k] != 0;
}

/* The line formatting under the short names every line below uses. */
typedef value__fmt fmt;

static const char *M(fmt *f, double x)
{
    return value__fmt_money(f, x);
}

static const char *PCT(fmt *f, double x)
{
    return value__fmt_pct(f, x);
}

/* The MSR for N beneficiaries from the table. */
static double msr_lookup(const value_contract *c, double n)
{
    const value__contract_table *t = &c->msr;
    if (n <= t->x[0])
        return t->y[0];
    if (n >= t->x[t->n - 1])
        return t->y[t->n - 1];
    size_t j = 0;
    while (t->x[j + 1] <= n)
        j++;
    if (flag(c, VALUE_CONTRACT_MSR_TABLE_STEPWISE))
        return t->y[j];
    double w = (n - t->x[j]) / (t->x[j + 1] - t->x[j]);
    return t->y[j] + w * (t->y[j + 1] - t->y[j]);
}

/* Reduce a positive payment; returns the payment after reduction. */
static double reduce(const value_contract *c, value_settlement *s, fmt *f, double pay)
{
    double pr = P(c, VALUE_CONTRACT_PAYMENT_REDUCTION);
    double red = pay > 0 ? pay * pr : 0.0;
    value__settlement_set(s, VALUE_SETTLEMENT_REDUCTION, red);
    if (pay > 0 && pr > 0) {
        value__settlement_add(s, "reduction", -red, "payment reduction %s of %s: -%s", PCT(f, pr), M(f, pay),
                              M(f, red));
        pay -= red;
    }
    return pay;
}

static void final_line(value_settlement *s, fmt *f, double pay)
{
    value__settlement_set(s, VALUE_SETTLEMENT_FINAL_PAYMENT, pay);
    if (pay >= 0)
        value__settlement_add(s, "payment", pay, "final payment to the provider: %s", M(f, pay));
    else
        value__settlement_add(s, "payment", pay, "the provider owes %s", M(f, -pay));
}

/* B for the shared-savings, shared-risk and corridor kinds. */
static int benchmark(const value_contract *c, const value__contract_totals *t, value_settlement *s, fmt *f,
                     double *out)
{
    double b = P(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA), g = P(c, VALUE_CONTRACT_TREND);
    double y = t->member_months / 12, rho = 1;
    if (flag(c, VALUE_CONTRACT_RISK_ADJUST)) {
        double rbar = t->risk_mean, raw = rbar / P(c, VALUE_CONTRACT_REFERENCE_RISK);
        if (!isfinite(raw))
            return value__fail(VALUE_ERANGE, "the risk ratio (mean risk score %g / reference_risk %g) overflows", rbar,
                               P(c, VALUE_CONTRACT_REFERENCE_RISK));
        rho = fmin(fmax(raw, P(c, VALUE_CONTRACT_RISK_RATIO_MIN)), P(c, VALUE_CONTRACT_RISK_RATIO_MAX));
        if (rho != raw)
            value__settlement_add(s, "risk", rho,
                                  "risk ratio %.4f (mean risk score %.4f / reference %.4f) clamped to %.4f", raw, rbar,
                                  P(c, VALUE_CONTRACT_REFERENCE_RISK), rho);
        else
            value__settlement_add(s, "risk", rho, "risk ratio %.4f = mean risk score %.4f / reference %.4f", rho, rbar,
                                  P(c, VALUE_CONTRACT_REFERENCE_RISK));
    }
    double B = b * (1 + g) * rho * y;
    value__settlement_set(s, VALUE_SETTLEMENT_BENCHMARK, B);
    value__settlement_add(s, "benchmark", B,
                          "benchmark %s per capita x (1 + trend %s) x risk ratio %.4f x %s person-years = %s", M(f, b),
                          PCT(f, g), rho, M(f, y), M(f, B));
    if (!isfinite(B))
        return value__fail(VALUE_ERANGE,
                           "the benchmark overflows (benchmark_per_capita %g x (1 + trend %g) x risk ratio %g x %g "
                           "person-years)",
                           b, g, rho, y);
    if (!(B > 0)) {
        char amount[64]; /* not M(): a quiet settlement formats no amounts, but its errors do */
        value__format_money(B, amount, sizeof amount);
        return value__fail(VALUE_EDOM, "the benchmark is %s (benchmark_per_capita %g, trend %g, risk ratio %g, "
                                       "%g person-years); it must be > 0",
                           amount, b, g, rho, y);
    }
    *out = B;
    return VALUE_OK;
}

/* The cap on an amount shared (>= 0: savings paid or losses owed): the
 * lesser of a share of the benchmark and a share of revenue (a share of
 * Inf is no cap, whatever the revenue), with its line ("savings cap
 * ..."); `sign` is -1 for losses, whose lines count against the provider.
 * Returns the amount after the cap and sets *cap_amount. */
static double apply_cap(const value_contract *c, value_contract_param of_benchmark, value_contract_param of_revenue,
                        double B, double amount, double sign, const char *cap_name, const char *shared_name,
                        value_settlement *s, fmt *f, double *cap_amount)
{
    const double kb = P(c, of_benchmark), kr = P(c, of_revenue), rev = P(c, VALUE_CONTRACT_REVENUE);
    const double cb = isinf(kb) ? INFINITY : kb * B, cr = isinf(kr) ? INFINITY : kr * rev;
    const double limit = fmin(cb, cr), after = fmin(amount, limit);
    if (isfinite(limit)) {
        const char *which = cb <= cr ? "of the benchmark" : "of revenue";
        const double k = cb <= cr ? kb : kr;
        if (amount > limit)
            value__settlement_add(s, "cap", sign * after, "%s %s %s = %s binds: %s %s", cap_name, PCT(f, k), which,
                                  M(f, limit), shared_name, M(f, after));
        else
            value__settlement_add(s, "cap", sign * after, "%s %s %s = %s does not bind", cap_name, PCT(f, k), which,
                                  M(f, limit));
    }
    *cap_amount = limit;
    return after;
}

static int settle_shared(const value_contract *c, const value__contract_totals *t, double E, value_settlement *s,
                         fmt *f)
{
    const bool two_sided = c->kind == VALUE_CONTRACT_SHARED_RISK;
    const double rev = P(c, VALUE_CONTRACT_REVENUE);
    if (isfinite(P(c, VALUE_CONTRACT_SAVINGS_CAP_REVENUE)) && rev == 0)
        return value__fail(VALUE_ESTATE, "savings_cap_revenue is set but revenue is 0");
    if (two_sided && isfinite(P(c, VALUE_CONTRACT_LOSS_CAP_REVENUE)) && rev == 0)
        return value__fail(VALUE_ESTATE, "loss_cap_revenue is set but revenue is 0");
    if (two_sided && flag(c, VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY) &&
        P(c, VALUE_CONTRACT_LOSS_RATE_FLOOR) > P(c, VALUE_CONTRACT_LOSS_RATE_CEILING))
        return value__fail(VALUE_ESTATE, "loss_rate_floor (%g) is above loss_rate_ceiling (%g)",
                           P(c, VALUE_CONTRACT_LOSS_RATE_FLOOR), P(c, VALUE_CONTRACT_LOSS_RATE_CEILING));
    double B;
    int rc = benchmark(c, t, s, f, &B);
    if (rc)
        return rc;
    double S = B - E, rate = S / B;
    if (!isfinite(rate))
        return value__fail(VALUE_ERANGE, "the savings rate (B - E)/B overflows: benchmark B %g, expenditure E %g", B, E);
    value__settlement_set(s, VALUE_SETTLEMENT_SAVINGS, S);
    value__settlement_set(s, VALUE_SETTLEMENT_SAVINGS_RATE, rate);
    value__settlement_add(s, "savings", S, "benchmark %s - expenditure %s = %s (savings rate %s)", M(f, B), M(f, E),
                          M(f, S), PCT(f, rate));

    double msr;
    /* msr_table_below: the table only below N_0, the fixed MSR from it up */
    const double below = P(c, VALUE_CONTRACT_MSR_TABLE_BELOW);
    const bool use_table = c->msr.n > 0 && !(below > 0 && t->records >= below);
    if (use_table && below > 0)
        value__settlement_add(s, "msr switch", below,
                              "%s beneficiaries, fewer than %s (msr_table_below): the fixed MSR %s gives way to the MSR "
                              "table%s",
                              M(f, t->records), M(f, below), PCT(f, P(c, VALUE_CONTRACT_MSR)),
                              two_sided && flag(c, VALUE_CONTRACT_MLR_FROM_MSR) ? ", the MLR equal to its MSR" : "");
    if (use_table && t->records < c->msr.x[0]) {
        msr = msr_lookup(c, t->records);
        value__settlement_add(s, "msr", msr, "MSR %s for %s beneficiaries (below the table's first point, %s "
                              "beneficiaries: its MSR)", PCT(f, msr), M(f, t->records), M(f, c->msr.x[0]));
    } else if (use_table) {
        msr = msr_lookup(c, t->records);
        value__settlement_add(s, "msr", msr, "MSR %s for %s beneficiaries (sliding scale, %s)", PCT(f, msr),
                              M(f, t->records),
                              flag(c, VALUE_CONTRACT_MSR_TABLE_STEPWISE) ? "stepwise" : "linear within bands");
    } else {
        msr = P(c, VALUE_CONTRACT_MSR);
        value__settlement_add(s, "msr", msr, "MSR %s (fixed)", PCT(f, msr));
    }
    value__settlement_set(s, VALUE_SETTLEMENT_MSR, msr);
    double mlr = NAN;
    if (two_sided) {
        mlr = flag(c, VALUE_CONTRACT_MLR_FROM_MSR) ? msr : P(c, VALUE_CONTRACT_MLR);
        value__settlement_add(s, "mlr", mlr, "MLR %s (%s)", PCT(f, mlr),
                              flag(c, VALUE_CONTRACT_MLR_FROM_MSR) ? "equal to the MSR" : "fixed");
        value__settlement_set(s, VALUE_SETTLEMENT_MLR, mlr);
    }
    const double sigma0 = P(c, VALUE_CONTRACT_SHARING_RATE), Q = P(c, VALUE_CONTRACT_QUALITY_SCORE);
    const double sigma = sigma0 * Q;
    value__settlement_set(s, VALUE_SETTLEMENT_SHARING_RATE, sigma);
    const bool first = flag(c, VALUE_CONTRACT_FIRST_DOLLAR);
    double shared = 0, after = 0, cap_amount = INFINITY;

    if (S > 0 && rate >= msr) {
        value__settlement_add(s, "sharing", sigma, "sharing rate %s x quality score %s = %s", PCT(f, sigma0), PCT(f, Q),
                              PCT(f, sigma));
        double base = first ? S : S - msr * B;
        shared = sigma * base;
        if (first)
            value__settlement_add(s, "shared", shared, "savings rate %s >= MSR %s: shared %s of %s", PCT(f, rate),
                                  PCT(f, msr), PCT(f, sigma), M(f, base));
        else
            value__settlement_add(s, "shared", shared,
                                  "savings rate %s >= MSR %s: shared %s of %s (savings above the MSR)", PCT(f, rate),
                                  PCT(f, msr), PCT(f, sigma), M(f, base));
        after = apply_cap(c, VALUE_CONTRACT_SAVINGS_CAP, VALUE_CONTRACT_SAVINGS_CAP_REVENUE, B, shared, 1,
                          "savings cap", "shared savings", s, f, &cap_amount);
    } else if (S > 0) {
        value__settlement_add(s, "shared", 0.0, "savings rate %s < MSR %s: no shared savings", PCT(f, rate),
                              PCT(f, msr));
    } else if (S < 0 && !two_sided) {
        value__settlement_add(s, "shared", 0.0, "losses %s (loss rate %s): one-sided contract, nothing owed", M(f, -S),
                              PCT(f, -rate));
    } else if (S < 0 && -rate >= mlr) {
        double lambda;
        if (flag(c, VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY)) {
            double fl = P(c, VALUE_CONTRACT_LOSS_RATE_FLOOR), ce = P(c, VALUE_CONTRACT_LOSS_RATE_CEILING);
            double raw = 1 - sigma;
            lambda = fmin(fmax(raw, fl), ce);
            if (lambda > raw)
                value__settlement_add(s, "loss sharing", lambda,
                                      "loss sharing rate 1 - %s = %s, raised to the floor %s", PCT(f, sigma),
                                      PCT(f, raw), PCT(f, lambda));
            else if (lambda < raw)
                value__settlement_add(s, "loss sharing", lambda,
                                      "loss sharing rate 1 - %s = %s, lowered to the ceiling %s", PCT(f, sigma),
                                      PCT(f, raw), PCT(f, lambda));
            else
                value__settlement_add(s, "loss sharing", lambda, "loss sharing rate 1 - %s = %s, within [%s, %s]",
                                      PCT(f, sigma), PCT(f, raw), PCT(f, fl), PCT(f, ce));
        } else {
            lambda = P(c, VALUE_CONTRACT_LOSS_SHARING_RATE);
            value__settlement_add(s, "loss sharing", lambda, "loss sharing rate %s (fixed)", PCT(f, lambda));
        }
        value__settlement_set(s, VALUE_SETTLEMENT_LOSS_SHARING_RATE, lambda);
        double base = first ? -S : -S - mlr * B;
        double owed = lambda * base;
        shared = -owed;
        value__settlement_add(s, "shared", shared, "loss rate %s >= MLR %s: owes %s of %s%s", PCT(f, -rate),
                              PCT(f, mlr), PCT(f, lambda), M(f, base), first ? "" : " (losses above the MLR)");
        after = -apply_cap(c, VALUE_CONTRACT_LOSS_CAP, VALUE_CONTRACT_LOSS_CAP_REVENUE, B, owed, -1, "loss cap",
                           "shared losses", s, f, &cap_amount);
    } else if (S < 0) {
        value__settlement_add(s, "shared", 0.0, "loss rate %s < MLR %s: no shared losses", PCT(f, -rate), PCT(f, mlr));
    } else {
        value__settlement_add(s, "shared", 0.0, "expenditure equals the benchmark: nothing shared");
    }
    value__settlement_set(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP, shared);
    value__settlement_set(s, VALUE_SETTLEMENT_CAP, cap_amount);
    value__settlement_set(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP, after);
    /* Losses forgiven (the MSSP's extreme and uncontrollable circumstances) */
    double forgiven = P(c, VALUE_CONTRACT_LOSS_FORGIVEN);
    if (after < 0 && forgiven > 0) {
        double cut = -after * forgiven;
        value__settlement_add(s, "forgiven", cut, "shared losses %s x %s forgiven (loss_forgiven): owes %s",
                              M(f, -after), PCT(f, forgiven), M(f, -after - cut));
        after += cut;
    }
    /* A shorter period settled on a longer one's totals (the MSSP's 2019 halves) */
    double share = P(c, VALUE_CONTRACT_PERIOD_SHARE);
    if (share != 1 && after != 0) {
        double part = after * share;
        value__settlement_add(s, "period", part, "shared %s %s x period share %s = %s (period_share)",
                              after > 0 ? "savings" : "losses", M(f, fabs(after)), PCT(f, share), M(f, fabs(part)));
        after = part;
    }
    final_line(s, f, reduce(c, s, f, after));
    return VALUE_OK;
}

/* The corridor's payment for deviation x, with a line per band used. */
static double corridor_pay(const value_contract *c, double x, double T, value_settlement *s, fmt *f)
{
    const value__contract_table *t = &c->corridor;
    const bool loss = x > 0;
    double total = 0;
    for (size_t i = 0; i < t->n; i++) {
        double ti = t->x[i];
        if (signbit(ti) == loss) /* a band on the other side */
            continue;
        /* the band ends at the nearest threshold further out on the same side */
        double end = loss ? INFINITY : -INFINITY;
        for (size_t j = 0; j < t->n; j++) {
            double tj = t->x[j];
            if (j == i || signbit(tj) != signbit(ti))
                continue;
            if (loss ? (tj > ti && tj < end) : (tj < ti && tj > end))
                end = tj;
        }
        double width = loss ? fmin(x, end) - ti : ti - fmax(x, end);
        if (!(width > 0))
            continue;
        double amt = t->y[i] * width * T * (loss ? 1 : -1);
        total += amt;
        if (isinf(end))
            value__settlement_add(s, "band", amt, "band beyond %s %s target: payer shares %s of %s of target = %s",
                                  PCT(f, fabs(ti)), loss ? "above" : "below", PCT(f, t->y[i]), PCT(f, width),
                                  M(f, fabs(amt)));
        else
            value__settlement_add(s, "band", amt, "band %s to %s %s target: payer shares %s of %s of target = %s",
                                  PCT(f, fabs(ti)), PCT(f, fabs(end)), loss ? "above" : "below", PCT(f, t->y[i]),
                                  PCT(f, width), M(f, fabs(amt)));
    }
    return total;
}

static int settle_corridor(const value_contract *c, const value__contract_totals *t, double E, value_settlement *s,
                           fmt *f)
{
    if (c->corridor.n == 0)
        return value__fail(VALUE_ESTATE, "the risk corridor has no bands (value_contract_set_corridor())");
    double T;
    int rc = benchmark(c, t, s, f, &T);
    if (rc)
        return rc;
    double x = (E - T) / T;
    if (!isfinite(x))
        return value__fail(VALUE_ERANGE, "the corridor's deviation (E - T)/T overflows: target T %g, expenditure E %g",
                           T, E);
    value__settlement_set(s, VALUE_SETTLEMENT_SAVINGS, T - E);
    value__settlement_set(s, VALUE_SETTLEMENT_SAVINGS_RATE, (T - E) / T);
    value__settlement_add(s, "deviation", x, "expenditure %s is %s %s target %s", M(f, E), PCT(f, fabs(x)),
                          x >= 0 ? "above" : "below", M(f, T));
    double pay = x != 0 ? corridor_pay(c, x, T, s, f) : 0.0;
    if (pay == 0)
        value__settlement_add(s, "band", 0.0, "deviation within the unshared band: nothing shared");
    value__settlement_set(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP, pay);
    final_line(s, f, reduce(c, s, f, pay));
    return VALUE_OK;
}

static int settle_bundle(const value_contract *c, const value__contract_totals *t, double E, value_settlement *s,
                         fmt *f)
{
    const double p = P(c, VALUE_CONTRACT_TARGET_PRICE), rref = P(c, VALUE_CONTRACT_REFERENCE_RISK);
    double T;
    if (flag(c, VALUE_CONTRACT_RISK_ADJUST)) {
        double units = t->risk_sum / rref;
        T = p * units;
        value__settlement_add(s, "target", T,
                              "target price %s x %s risk-adjusted episodes (risk sum %.4f / reference %.4f) = %s",
                              M(f, p), M(f, units), t->risk_sum, rref, M(f, T));
    } else {
        T = p * t->records;
        value__settlement_add(s, "target", T, "target price %s x %s episodes = %s", M(f, p), M(f, t->records), M(f, T));
    }
    value__settlement_set(s, VALUE_SETTLEMENT_BENCHMARK, T);
    if (!isfinite(T))
        return value__fail(VALUE_ERANGE, "the bundle target overflows (target_price %g x %g %s)", p,
                           flag(c, VALUE_CONTRACT_RISK_ADJUST) ? t->risk_sum / rref : t->records,
                           flag(c, VALUE_CONTRACT_RISK_ADJUST) ? "risk-adjusted episodes" : "episodes");
    if (!(T > 0)) {
        char amount[64]; /* not M(), as for the benchmark */
        value__format_money(T, amount, sizeof amount);
        return value__fail(VALUE_EDOM, "the bundle target is %s; target_price and the episodes' risk must be > 0",
                           amount);
    }
    if (flag(c, VALUE_CONTRACT_PROSPECTIVE)) {
        value__settlement_set(s, VALUE_SETTLEMENT_SAVINGS, T - E);
        value__settlement_add(s, "margin", T - E,
                              "prospective payment %s - expenditure %s borne by the provider = margin %s", M(f, T),
                              M(f, E), M(f, T - E));
        final_line(s, f, reduce(c, s, f, T));
        return VALUE_OK;
    }
    double D = T - E;
    if (!isfinite(D / T))
        return value__fail(VALUE_ERANGE, "the reconciliation rate (T - E)/T overflows: target T %g, expenditure E %g",
                           T, E);
    value__settlement_set(s, VALUE_SETTLEMENT_SAVINGS, D);
    value__settlement_set(s, VALUE_SETTLEMENT_SAVINGS_RATE, D / T);
    value__settlement_add(s, "reconciliation", D, "target %s - expenditure %s = %s", M(f, T), M(f, E), M(f, D));
    const double a = P(c, VALUE_CONTRACT_QUALITY_ADJUSTMENT), Q = P(c, VALUE_CONTRACT_QUALITY_SCORE);
    double Dq = D;
    if (a > 0 && D != 0) {
        double factor = D > 0 ? 1 - a * (1 - Q) : 1 - a * Q;
        Dq = D * factor;
        if (D > 0)
            value__settlement_add(s, "quality", Dq - D, "quality score %s: gain kept at 1 - %s x (1 - %s) = %s: %s",
                                  PCT(f, Q), PCT(f, a), PCT(f, Q), PCT(f, factor), M(f, Dq));
        else
            value__settlement_add(s, "quality", Dq - D, "quality score %s: repayment reduced to 1 - %s x %s = %s: %s",
                                  PCT(f, Q), PCT(f, a), PCT(f, Q), PCT(f, factor), M(f, Dq));
    }
    value__settlement_set(s, VALUE_SETTLEMENT_QUALITY_ADJUSTMENT, Dq - D);
    value__settlement_set(s, VALUE_SETTLEMENT_SHARED_BEFORE_CAP, Dq);
    const double lg = P(c, VALUE_CONTRACT_STOP_GAIN), ll = P(c, VALUE_CONTRACT_STOP_LOSS);
    double after = Dq, limit = INFINITY;
    if (Dq > 0 && isfinite(lg) && Dq > lg * T) {
        limit = lg * T;
        after = limit;
        value__settlement_add(s, "stop-gain", after, "stop-gain %s of target = %s binds", PCT(f, lg), M(f, limit));
    } else if (Dq < 0 && isfinite(ll) && -Dq > ll * T) {
        limit = ll * T;
        after = -limit;
        value__settlement_add(s, "stop-loss", after, "stop-loss %s of target = %s binds", PCT(f, ll), M(f, limit));
    }
    value__settlement_set(s, VALUE_SETTLEMENT_CAP, limit);
    value__settlement_set(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP, after);
    final_line(s, f, reduce(c, s, f, after));
    return VALUE_OK;
}

static int settle_capitation(const value_contract *c, const value__contract_totals *t, double excess,
                             value_settlement *s, fmt *f)
{
    const double pmpm = P(c, VALUE_CONTRACT_PMPM), rref = P(c, VALUE_CONTRACT_REFERENCE_RISK);
    double C;
    if (flag(c, VALUE_CONTRACT_RISK_ADJUST)) {
        double units = t->risk_mm / rref;
        C = pmpm * units;
        value__settlement_add(s, "capitation", C,
                              "PMPM %s x %s risk-adjusted member-months (risk x member-months / reference "
                              "%.4f) = %s",
                              M(f, pmpm), M(f, units), rref, M(f, C));
    } else {
        C = pmpm * t->member_months;
        value__settlement_add(s, "capitation", C, "PMPM %s x %s member-months = %s", M(f, pmpm), M(f, t->member_months),
                              M(f, C));
    }
    if (!isfinite(C))
        return value__fail(VALUE_ERANGE, "the capitation overflows: PMPM %g x %g %smember-months", pmpm,
                           flag(c, VALUE_CONTRACT_RISK_ADJUST) ? t->risk_mm / rref : t->member_months,
                           flag(c, VALUE_CONTRACT_RISK_ADJUST) ? "risk-adjusted " : "");
    value__settlement_set(s, VALUE_SETTLEMENT_CAPITATION, C);
    const double w = P(c, VALUE_CONTRACT_WITHHOLD), Q = P(c, VALUE_CONTRACT_QUALITY_SCORE);
    double W = C * w, R = W * Q;
    value__settlement_set(s, VALUE_SETTLEMENT_WITHHOLD, W);
    value__settlement_set(s, VALUE_SETTLEMENT_WITHHOLD_RETURNED, R);
    if (w > 0) {
        value__settlement_add(s, "withhold", -W, "withhold %s of %s: %s", PCT(f, w), M(f, C), M(f, W));
        value__settlement_add(s, "withhold returned", R, "quality score %s of the withhold %s returned: %s", PCT(f, Q),
                              M(f, W), M(f, R));
    }
    double sl = P(c, VALUE_CONTRACT_STOPLOSS_SHARE) * excess;
    value__settlement_set(s, VALUE_SETTLEMENT_STOPLOSS_REIMBURSED, sl);
    if (excess > 0)
        value__settlement_add(s, "stop-loss", sl, "stop-loss reimburses %s of costs above the attachment point %s: %s",
                              PCT(f, P(c, VALUE_CONTRACT_STOPLOSS_SHARE)), M(f, t->upper), M(f, sl));
    double pay = C - W + R + sl;
    pay = reduce(c, s, f, pay);
    final_line(s, f, pay);
    value__settlement_add(s, "margin", pay - t->cost, "payment %s - expenditure %s = margin %s", M(f, pay),
                          M(f, t->cost), M(f, pay - t->cost));
    return VALUE_OK;
}

static int settle_p4p(const value_contract *c, double E, value_settlement *s, fmt *f)
{
    const double Q = P(c, VALUE_CONTRACT_QUALITY_SCORE);
    double base = P(c, VALUE_CONTRACT_BASE_PAYMENT);
    if (base > 0)
        value__settlement_add(s, "base", base, "base payment %s", M(f, base));
    else {
        base = E;
        value__settlement_add(s, "base", base, "base payment %s (the expenditure)", M(f, base));
    }
    value__settlement_set(s, VALUE_SETTLEMENT_BASE_PAYMENT, base);
    double a;
    if (flag(c, VALUE_CONTRACT_P4P_TIERED)) {
        if (c->tiers.n == 0)
            return value__fail(VALUE_ESTATE, "p4p_tiered is 1 but no tiers are set (value_contract_set_p4p_tiers())");
        size_t k = c->tiers.n;
        for (size_t i = 0; i < c->tiers.n; i++)
            if (Q >= c->tiers.x[i])
                k = i;
        if (k == c->tiers.n) {
            a = 0;
            value__settlement_add(s, "adjustment", a, "quality score %s below the first tier (%s): no adjustment",
                                  PCT(f, Q), PCT(f, c->tiers.x[0]));
        } else {
            a = c->tiers.y[k];
            value__settlement_add(s, "adjustment", a, "quality score %s in the tier from %s: adjustment %s", PCT(f, Q),
                                  PCT(f, c->tiers.x[k]), PCT(f, a));
        }
    } else {
        double q0 = P(c, VALUE_CONTRACT_P4P_SCORE_LOW), q1 = P(c, VALUE_CONTRACT_P4P_SCORE_HIGH);
        if (!(q0 < q1))
            return value__fail(VALUE_ESTATE, "p4p_score_low (%g) must be below p4p_score_high (%g)", q0, q1);
        double bo = P(c, VALUE_CONTRACT_P4P_MAX_BONUS), pe = P(c, VALUE_CONTRACT_P4P_MAX_PENALTY);
        double u = fmin(fmax((Q - q0) / (q1 - q0), 0), 1);
        a = -pe + (bo + pe) * u;
        value__settlement_add(s, "adjustment", a, "linear exchange: -%s + (%s + %s) x %s = %s", PCT(f, pe), PCT(f, bo),
                              PCT(f, pe), PCT(f, u), PCT(f, a));
    }
    value__settlement_set(s, VALUE_SETTLEMENT_ADJUSTMENT_RATE, a);
    double pay = a * base;
    value__settlement_add(s, a >= 0 ? "bonus" : "penalty", pay, "%s %s of %s = %s", a >= 0 ? "bonus" : "penalty",
                          PCT(f, fabs(a)), M(f, base), M(f, fabs(pay)));
    value__settlement_set(s, VALUE_SETTLEMENT_SHARED_AFTER_CAP, pay);
    final_line(s, f, reduce(c, s, f, pay));
    return VALUE_OK;
}

/* The kinds settled on totals: all but FFS. */
static int check_not_ffs(const value_contract *c)
{
    if (c->kind == VALUE_CONTRACT_FFS)
        return value__fail(VALUE_ESTATE, "an FFS contract is settled with value_contract_settle_services()");
    return VALUE_OK;
}

/* Settle on totals into s (initialized; quiet: amounts only); t->upper
 * is Inf when there is no attachment point. */
static int settle_into(const value_contract *c, const value__contract_totals *t, value_settlement *s)
{
    int rc;
    if ((rc = check_not_ffs(c)))
        return rc;
    fmt f = {.next = 0, .quiet = s->quiet};
    const double sl_share = P(c, VALUE_CONTRACT_STOPLOSS_SHARE);
    const double excl = sl_share * t->above, wadd = t->below;
    const double E = t->cost - excl + wadd;
    value__settlement_set(s, VALUE_SETTLEMENT_BENEFICIARIES, t->records);
    value__settlement_set(s, VALUE_SETTLEMENT_MEMBER_MONTHS, t->member_months);
    value__settlement_set(s, VALUE_SETTLEMENT_RISK_SCORE, t->risk_mean);
    value__settlement_set(s, VALUE_SETTLEMENT_EXPENDITURE_RAW, t->cost);
    value__settlement_set(s, VALUE_SETTLEMENT_STOPLOSS_EXCLUDED, c->kind == VALUE_CONTRACT_CAPITATION ? 0.0 : excl);
    value__settlement_set(s, VALUE_SETTLEMENT_WINSOR_ADDED, wadd);
    value__settlement_add(s, "records", t->records, "%s %s, %s member-months, mean risk score %.4f", M(&f, t->records),
                          c->kind == VALUE_CONTRACT_BUNDLE ? "episodes" : "beneficiaries", M(&f, t->member_months),
                          t->risk_mean);
    double Ecount = E;
    if (c->kind == VALUE_CONTRACT_CAPITATION) {
        Ecount = t->cost;
        value__settlement_add(s, "expenditure", t->cost, "expenditure %s", M(&f, t->cost));
    } else if (excl != 0 || wadd != 0) {
        value__settlement_add(
            s, "expenditure", E, "expenditure %s - %s (%s of costs above %s) + %s (shortfall below %s) = %s",
            M(&f, t->cost), M(&f, excl), PCT(&f, sl_share), M(&f, t->upper), M(&f, wadd), M(&f, t->lower), M(&f, E));
    } else {
        value__settlement_add(s, "expenditure", E, "expenditure %s", M(&f, E));
    }
    value__settlement_set(s, VALUE_SETTLEMENT_EXPENDITURE, Ecount);
    switch (c->kind) {
    case VALUE_CONTRACT_SHARED_SAVINGS:
    case VALUE_CONTRACT_SHARED_RISK:
        rc = settle_shared(c, t, E, s, &f);
        break;
    case VALUE_CONTRACT_RISK_CORRIDOR:
        rc = settle_corridor(c, t, E, s, &f);
        break;
    case VALUE_CONTRACT_BUNDLE:
        rc = settle_bundle(c, t, E, s, &f);
        break;
    case VALUE_CONTRACT_CAPITATION:
        rc = settle_capitation(c, t, t->above, s, &f);
        break;
    default:
        rc = settle_p4p(c, E, s, &f);
        break;
    }
    if (rc == VALUE_OK)
        rc = value__settlement_status(s);
    return rc;
}

/* Settle on totals into a new settlement. */
static int settle(const value_contract *c, const value__contract_totals *t, value_settlement **out)
{
    value_settlement *s;
    int rc = value__settlement_new(&s);
    if (rc)
        return rc;
    if ((rc = settle_into(c, t, s))) {
        value_settlement_free(s);
        return rc;
    }
    *out = s;
    return VALUE_OK;
}

int value_contract_settle(const value_contract *c, const value_ledger *l, size_t contract_index,
                          value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(out, "out")))
        return rc;
    value__contract_totals t;
    if ((rc = value__ledger_get_totals(l, contract_index, &t)))
        return rc;
    if (t.records == 0)
        return value__fail(VALUE_EDOM, "contract %zu has no records", contract_index);
    return settle(c, &t, out);
}

int value_contract_settle_all(const value_contract *c, const value_ledger *l, const int32_t *items, size_t n_items,
                              double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(items, "items")) ||
        (rc = value__check_ptr(out, "out")))
        return rc;
    if ((rc = check_not_ffs(c)))
        return rc;
    if (n_items == 0)
        return value__fail(VALUE_EINVAL, "n_items must be at least 1, got 0");
    /* the lengths agree before any item is read */
    size_t n = value__ledger_n(l), want = value__mul_size(n, n_items);
    if ((rc = value__check_length("out_len", out_len, want, "n_contracts x n_items")))
        return rc;
    for (size_t j = 0; j < n_items; j++)
        if (items[j] < 1 || items[j] >= VALUE_SETTLEMENT_N_ITEMS)
            return value__fail(VALUE_EINVAL, "items[%zu] is %d, not a value_settlement_item (1 to %d)", j,
                               (int)items[j], VALUE_SETTLEMENT_N_ITEMS - 1);
    /* into a buffer first, so that a failure leaves out as it was */
    double *res = value__mul_size(want, sizeof *res) == SIZE_MAX ? NULL : malloc(want * sizeof *res);
    if (res == NULL)
        return value__fail(VALUE_ENOMEM, "value_contract_settle_all: out of memory for %zu amounts", want);
    for (size_t k = 0; k < n; k++) {
        value__contract_totals t;
        (void)value__ledger_get_totals(l, k, &t); /* k < n: cannot fail */
        value_settlement s;
        value__settlement_init(&s, true);
        if (t.records > 0 && (rc = settle_into(c, &t, &s)) != VALUE_OK) {
            free(res);
            return value__fail_within(rc, "contract %zu", k);
        }
        for (size_t j = 0; j < n_items; j++)
            res[k * n_items + j] = s.item[items[j]]; /* NaN throughout without records */
    }
    memcpy(out, res, want * sizeof *res);
    free(res);
    return VALUE_OK;
}

int value_contract_settle_totals(const value_contract *c, double beneficiaries, double member_months,
                                 double risk_score_mean, double expenditure, value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (!(beneficiaries >= 1 && isfinite(beneficiaries)))
        return value__fail_value("beneficiaries", beneficiaries, "must be finite and >= 1");
    if (!(member_months > 0 && isfinite(member_months)))
        return value__fail_value("member_months", member_months, "must be finite and > 0");
    if (!(risk_score_mean >= 0 && isfinite(risk_score_mean)))
        return value__fail_value("risk_score_mean", risk_score_mean, "must be finite and >= 0");
    if (!(expenditure >= 0 && isfinite(expenditure)))
        return value__fail_value("expenditure", expenditure, "must be finite and >= 0");
    value__contract_totals t = {.records = beneficiaries,
                                .member_months = member_months,
                                .risk_mm = risk_score_mean * member_months,
                                .risk_sum = risk_score_mean * beneficiaries,
                                .risk_mean = risk_score_mean,
                                .cost = expenditure,
                                .above = 0,
                                .below = 0,
                                .lower = 0,
                                .upper = INFINITY};
    return settle(c, &t, out);
}

/* Index of code in the sorted schedule, or -1. */
static ptrdiff_t fee_find(const value_contract *c, int32_t code)
{
    size_t lo = 0, hi = c->n_fees;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->fee_code[mid] < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n_fees && c->fee_code[lo] == code ? (ptrdiff_t)lo : -1;
}

int value_contract_settle_services(const value_contract *c, const int32_t *code, const double *units, size_t n,
                                   value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(code, "code")) ||
        (rc = value__check_ptr(units, "units")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (c->kind != VALUE_CONTRACT_FFS)
        return value__fail(VALUE_ESTATE, "value_contract_settle_services() needs an FFS contract, not %s",
                           KIND_NAMES[c->kind]);
    size_t n_unknown = 0, first_unknown = 0;
    double u_unknown = 0, u_known = 0, pay = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(units[i] >= 0 && isfinite(units[i])))
            return value__fail_element("units", i, units[i], "must be finite and >= 0");
        ptrdiff_t j = fee_find(c, code[i]);
        if (j < 0) {
            if (n_unknown++ == 0)
                first_unknown = i;
            u_unknown += units[i];
        } else {
            u_known += units[i];
            double amount = c->fee_price[j] * units[i];
            if (!isfinite(amount))
                return value__fail(VALUE_ERANGE, "the payment for units[%zu] overflows: price %g x units %g", i,
                                   c->fee_price[j], units[i]);
            pay += amount;
            if (!isfinite(pay))
                return value__fail(VALUE_ERANGE, "the FFS payment overflows at units[%zu] (price %g x units %g)", i,
                                   c->fee_price[j], units[i]);
        }
        if (!isfinite(u_known + u_unknown))
            return value__fail(VALUE_ERANGE, "the services' units overflow at units[%zu] (%g)", i, units[i]);
    }
    const bool exclude = flag(c, VALUE_CONTRACT_EXCLUDE_UNKNOWN);
    if (n_unknown > 0 && !exclude)
        return value__fail(VALUE_ENOTFOUND,
                           "%zu services (%g units) have codes not in the fee schedule, the first code[%zu] = %d; "
                           "set exclude_unknown to leave them out",
                           n_unknown, u_unknown, first_unknown, (int)code[first_unknown]);
    value_settlement *s;
    if ((rc = value__settlement_new(&s)))
        return rc;
    fmt f = {.next = 0};
    value__settlement_set(s, VALUE_SETTLEMENT_BENEFICIARIES, (double)(n - n_unknown));
    value__settlement_set(s, VALUE_SETTLEMENT_UNKNOWN_SERVICES, (double)n_unknown);
    value__settlement_set(s, VALUE_SETTLEMENT_UNKNOWN_UNITS, u_unknown);
    value__settlement_set(s, VALUE_SETTLEMENT_EXPENDITURE, pay);
    value__settlement_add(s, "services", pay, "%zu services, %s units priced by the fee schedule: %s", n - n_unknown,
                          M(&f, u_known), M(&f, pay));
    if (n_unknown > 0)
        value__settlement_add(
            s, "unknown", (double)n_unknown,
            "%zu services (%s units) with codes not in the fee schedule excluded (first: code[%zu] = %d)", n_unknown,
            M(&f, u_unknown), first_unknown, (int)code[first_unknown]);
    final_line(s, &f, reduce(c, s, &f, pay));
    if ((rc = value__settlement_status(s))) {
        value_settlement_free(s);
        return rc;
    }
    *out = s;
    return VALUE_OK;
}
