/*
 * Medicare Shared Savings Program: the year's and track's rules (42 CFR
 * part 425, parameters in lib/programs/data/cms_mssp.txt) as a contract of the
 * contract engine, and settlement from an ACO's totals.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cms.h"
#include "payment/settlement.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Table prefix and display name of each value_mssp_track. */
static const char *const TRACK_KEY[] = {NULL,      "track1",  "track2",  "track3",  "basic_a",
                                        "basic_b", "basic_c", "basic_d", "basic_e", "enhanced"};
static const char *const TRACK_NAME[] = {NULL,          "Track 1",       "Track 2",       "Track 3",
                                         "BASIC level A", "BASIC level B", "BASIC level C", "BASIC level D",
                                         "BASIC level E", "ENHANCED"};
static const char *const TRACK_CFR[] = {NULL, "425.604", "425.606", "425.610", "425.605",
                                        "425.605", "425.605", "425.605", "425.605", "425.610"};

#define N_TRACKS 9

/* The year's terms for one track, read from the table. */
typedef struct terms {
    int two_sided;
    double sharing_rate, savings_cap;
    double msr;            /* fixed MSR/MLR, or NaN for the population scale */
    double loss_rate;      /* fixed loss sharing rate, or NaN for 1 - sigma clamped */
    double loss_floor, loss_ceiling, loss_cap, loss_cap_revenue;
    int quality_rule;
    double reduction;
    const double *msr_n, *msr_v;
    size_t msr_points;
} terms;

static void key(char *buf, size_t len, value_mssp_track track, const char *name)
{
    snprintf(buf, len, "%s.%s", TRACK_KEY[track], name);
}

static double track_or(const value__cms_params *p, int year, value_mssp_track track, const char *name, double dflt)
{
    char k[64];
    key(k, sizeof k, track, name);
    return value__cms_params_or(p, year, k, dflt);
}

static int track_scalar(const value__cms_params *p, int year, value_mssp_track track, const char *name, double *out)
{
    char k[64];
    key(k, sizeof k, track, name);
    return value__cms_params_scalar(p, year, k, out);
}

/* Validate the arguments against the table and gather the terms. */
static int read_terms(const value__cms_params *p, int year, value_mssp_track track, double msr_choice,
                      int agreement_year, double quality, terms *t)
{
    int rc;
    if (!((int)track >= 1 && (int)track <= N_TRACKS))
        return value__fail(VALUE_EINVAL, "track must be a value_mssp_track (1 to %d), got %d", N_TRACKS, (int)track);
    if (track_or(p, year, track, "offered", 0) != 1)
        return value__fail(VALUE_EINVAL, "track %s was not offered in performance year %d", TRACK_NAME[track], year);
    if (!(agreement_year >= 1 && agreement_year <= 10))
        return value__fail(VALUE_EINVAL, "agreement_year must be 1 to 10, got %d", agreement_year);
    if (!(quality >= 0 && quality <= 1))
        return value__fail_value("quality_score", quality, "must be in [0, 1]");
    double rule;
    if ((rc = value__cms_params_scalar(p, year, "quality_rule", &rule)))
        return rc;
    t->quality_rule = (int)rule;
    if (t->quality_rule == 2 && quality != 0 && quality != 1)
        return value__fail(VALUE_EINVAL,
                           "quality_score is %g: in performance year %d the sharing rate is flat, give 1 (the "
                           "quality performance standard is met) or 0 (not met)",
                           quality, year);

    double two_sided;
    if ((rc = track_scalar(p, year, track, "two_sided", &two_sided)) ||
        (rc = track_scalar(p, year, track, "sharing_rate", &t->sharing_rate)) ||
        (rc = track_scalar(p, year, track, "savings_cap", &t->savings_cap)) ||
        (rc = value__cms_params_scalar(p, year, "payment_reduction", &t->reduction)))
        return rc;
    t->two_sided = two_sided != 0;
    size_t nb, nv;
    if ((rc = value__cms_params_get(p, year, "msr_beneficiaries", &t->msr_n, &nb)) ||
        (rc = value__cms_params_get(p, year, "msr", &t->msr_v, &nv)))
        return rc;
    if (nb != nv)
        return value__fail(VALUE_EPARSE, "mssp: msr_beneficiaries and msr for %d differ in length", year);
    t->msr_points = nb;

    /* The MSR/MLR: one-sided tracks have no choice; two-sided ones have the
     * track's fixed rate or, from 2016, the choices of the table. */
    t->msr = NAN;
    double fixed = track_or(p, year, track, "msr_fixed", NAN);
    if (msr_choice != VALUE_MSSP_MSR_BY_POPULATION) {
        char b[32];
        value__format_double(msr_choice, b, sizeof b);
        if (!t->two_sided)
            return value__fail(VALUE_EINVAL, "msr_choice is %s, but %s is one-sided: its MSR is the sliding scale "
                               "(give VALUE_MSSP_MSR_BY_POPULATION, -1)", b, TRACK_NAME[track]);
        if (!isnan(fixed)) {
            if (msr_choice != fixed)
                return value__fail(VALUE_EINVAL, "msr_choice is %s, but %s's MSR/MLR in %d is fixed at %g (give "
                                   "VALUE_MSSP_MSR_BY_POPULATION, -1, or %g)", b, TRACK_NAME[track], year, fixed, fixed);
        } else {
            const double *ch;
            size_t nc;
            if (value__cms_params_get(p, year, "msr_choices", &ch, &nc) != VALUE_OK)
                return value__fail(VALUE_EINVAL, "msr_choice is %s, but ACOs had no MSR/MLR choice in %d", b, year);
            size_t i = 0;
            while (i < nc && ch[i] != msr_choice)
                i++;
            if (i == nc)
                return value__fail(VALUE_EINVAL, "msr_choice is %s, not one of the choices of %d (0, 0.005, 0.01, "
                                   "0.015, 0.02, or -1 for the sliding scale)", b, year);
        }
        t->msr = msr_choice;
    } else if (!isnan(fixed)) {
        t->msr = fixed;
    }

    t->loss_rate = track_or(p, year, track, "loss_rate", NAN);
    t->loss_floor = track_or(p, year, track, "loss_rate_floor", 0);
    t->loss_ceiling = track_or(p, year, track, "loss_rate_ceiling", 1);
    t->loss_cap = track_or(p, year, track, "loss_cap", INFINITY);
    t->loss_cap_revenue = track_or(p, year, track, "loss_cap_revenue", INFINITY);
    char k[64];
    key(k, sizeof k, track, "loss_cap_by_agreement_year");
    const double *by_year;
    size_t ny;
    if (value__cms_params_get(p, year, k, &by_year, &ny) == VALUE_OK && ny > 0)
        t->loss_cap = by_year[(size_t)agreement_year <= ny ? (size_t)agreement_year - 1 : ny - 1];
    return VALUE_OK;
}

/* The quality score the engine multiplies the maximum rate by. */
static double quality_factor(const terms *t, double quality)
{
    switch (t->quality_rule) {
    case 2:
        return quality == 1 ? 1.0 : 0.0;
    default: /* 1: up to the maximum x Q; 3: the maximum when met (Q = 1), else x Q */
        return quality;
    }
}

static int build(const terms *t, double quality, value_contract **out)
{
    value_contract *c = NULL;
    int rc = value_contract_new(t->two_sided ? VALUE_CONTRACT_SHARED_RISK : VALUE_CONTRACT_SHARED_SAVINGS, &c);
    if (rc)
        return rc;
    if ((rc = value_contract_set(c, VALUE_CONTRACT_SHARING_RATE, t->sharing_rate)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_QUALITY_SCORE, quality_factor(t, quality))) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_SAVINGS_CAP, t->savings_cap)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_FIRST_DOLLAR, 1)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_PAYMENT_REDUCTION, t->reduction)))
        goto fail;
    if (isnan(t->msr))
        rc = value_contract_set_msr_table(c, t->msr_n, t->msr_v, t->msr_points);
    else
        rc = value_contract_set(c, VALUE_CONTRACT_MSR, t->msr);
    if (rc)
        goto fail;
    if (t->two_sided) {
        if ((rc = value_contract_set(c, VALUE_CONTRACT_MLR_FROM_MSR, 1)) ||
            (rc = value_contract_set(c, VALUE_CONTRACT_LOSS_CAP, t->loss_cap)) ||
            (rc = value_contract_set(c, VALUE_CONTRACT_LOSS_CAP_REVENUE, t->loss_cap_revenue)))
            goto fail;
        if (isnan(t->loss_rate)) {
            if ((rc = value_contract_set(c, VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY, 1)) ||
                (rc = value_contract_set(c, VALUE_CONTRACT_LOSS_RATE_FLOOR, t->loss_floor)) ||
                (rc = value_contract_set(c, VALUE_CONTRACT_LOSS_RATE_CEILING, t->loss_ceiling)))
                goto fail;
        } else if ((rc = value_contract_set(c, VALUE_CONTRACT_LOSS_SHARING_RATE, t->loss_rate))) {
            goto fail;
        }
    }
    *out = c;
    return VALUE_OK;
fail:
    value_contract_free(c);
    return rc;
}

int value_mssp_contract(int performance_year, value_mssp_track track, double msr_choice, int agreement_year,
                        double quality_score, value_contract **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    value__cms_params *p = NULL;
    if ((rc = value__cms_params_load_year("mssp", performance_year, "performance year", &p)))
        return rc;
    terms t;
    rc = read_terms(p, performance_year, track, msr_choice, agreement_year, quality_score, &t);
    if (rc == VALUE_OK)
        rc = build(&t, quality_score, out);
    value__cms_params_free(p);
    return rc;
}

/* The first explanation line: what the year and track's rules are. */
static void describe(char *buf, size_t len, int year, value_mssp_track track, const terms *t, double quality)
{
    static const char *const RULE[] = {"", "maximum x quality score", "flat when the quality standard is met",
                                       "flat when the quality standard is met, else sliding scale"};
    int rule = t->quality_rule >= 1 && t->quality_rule <= 3 ? t->quality_rule : 0;
    int n = snprintf(buf, len, "MSSP performance year %d, %s (42 CFR %s): sharing rate up to %g%% (%s, quality %g), "
                     "savings cap %g%% of benchmark, MSR %s", year, TRACK_NAME[track], TRACK_CFR[track],
                     100 * t->sharing_rate, RULE[rule], quality, 100 * t->savings_cap,
                     isnan(t->msr) ? "by assigned beneficiaries" : "fixed");
    if (n > 0 && (size_t)n < len && t->reduction > 0)
        snprintf(buf + n, len - (size_t)n, ", payment reduction %g%%", 100 * t->reduction);
}

int value_mssp_settle(int performance_year, value_mssp_track track, double msr_choice, int agreement_year,
                      double quality_score, double assigned_beneficiaries, double benchmark, double expenditure,
                      double revenue, value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (!(assigned_beneficiaries >= 1 && isfinite(assigned_beneficiaries)))
        return value__fail_value("assigned_beneficiaries", assigned_beneficiaries, "must be finite and >= 1");
    if (!(benchmark > 0 && isfinite(benchmark)))
        return value__fail_value("benchmark", benchmark, "must be finite and > 0");
    if (!(expenditure >= 0 && isfinite(expenditure)))
        return value__fail_value("expenditure", expenditure, "must be finite and >= 0");
    if (!(revenue >= 0 && isfinite(revenue)))
        return value__fail_value("revenue", revenue, "must be finite and >= 0");
    value__cms_params *p = NULL;
    if ((rc = value__cms_params_load_year("mssp", performance_year, "performance year", &p)))
        return rc;
    terms t;
    value_contract *c = NULL;
    value_settlement *s = NULL;
    rc = read_terms(p, performance_year, track, msr_choice, agreement_year, quality_score, &t);
    if (rc == VALUE_OK)
        rc = build(&t, quality_score, &c);
    value__cms_params_free(p); /* t's MSR table points into p: free it only now */
    /* The engine's benchmark is per capita x person-years: give it the
     * total as N person-years of benchmark / N each. */
    if (rc == VALUE_OK && (rc = value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA,
                                                    benchmark / assigned_beneficiaries)) == VALUE_OK &&
        (rc = value_contract_set(c, VALUE_CONTRACT_REVENUE, revenue)) == VALUE_OK)
        rc = value_contract_settle_totals(c, assigned_beneficiaries, 12 * assigned_beneficiaries, 1.0, expenditure,
                                          &s);
    value_contract_free(c);
    if (rc == VALUE_ESTATE && isfinite(t.loss_cap_revenue) && revenue == 0)
        return value__fail(VALUE_ESTATE, "revenue is 0, but %s's loss limit is a share of ACO participant revenue "
                           "(42 CFR 425.605(d))", TRACK_NAME[track]);
    if (rc)
        return rc;
    char text[512], n_text[64], b_text[64];
    describe(text, sizeof text, performance_year, track, &t, quality_score);
    value__format_money(assigned_beneficiaries, n_text, sizeof n_text);
    value__format_money(benchmark, b_text, sizeof b_text);
    char records[128], bench[128];
    snprintf(records, sizeof records, "%s assigned beneficiaries", n_text);
    snprintf(bench, sizeof bench, "updated benchmark %s (total, given)", b_text);
    if ((rc = value__settlement_retext(s, "records", records)) || (rc = value__settlement_retext(s, "benchmark", bench)) ||
        (rc = value__settlement_prepend(s, "program", 0.0, text))) {
        value_settlement_free(s);
        return rc;
    }
    *out = s;
    return VALUE_OK;
}
