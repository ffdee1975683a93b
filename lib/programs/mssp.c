/*
 * Medicare Shared Savings Program: the year's and track's rules (42 CFR
 * part 425, parameters in lib/programs/data/cms_mssp.txt) as a contract of the
 * contract engine, and settlement from an ACO's totals, with the ACO's own
 * terms (MSR/MLR choice, quality, circumstances, revenue) on a handle.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cms.h"
#include "payment/settlement.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Table prefix and display name of each value_mssp_track. */
static const char *const TRACK_KEY[] = {NULL,      "track1",  "track2",  "track3",   "basic_a",   "basic_b",
                                        "basic_c", "basic_d", "basic_e", "enhanced", "track1plus"};
static const char *const TRACK_NAME[] = {NULL,          "Track 1",       "Track 2",       "Track 3",
                                         "BASIC level A", "BASIC level B", "BASIC level C", "BASIC level D",
                                         "BASIC level E", "ENHANCED",      "Track 1+"};
static const char *const TRACK_CFR[] = {NULL,      "425.604", "425.606", "425.610", "425.605", "425.605",
                                        "425.605", "425.605", "425.605", "425.610", "425.604, Track 1+ Model"};
static const char *const TERM_NAME[] = {NULL,          "msr_choice",        "agreement_year",
                                        "quality_score", "quality_met",     "quality_threshold",
                                        "euc_months_share", "euc_beneficiary_share", "revenue",
                                        "benchmark_based_limit", "period",   "termination_month",
                                        "terminated_by_cms"};

#define M(f, x) value__fmt_money(f, x)
#define PCT(f, x) value__fmt_pct(f, x)

#define N_TRACKS 10
#define N_TERMS 12

struct value_mssp_terms {
    int year;
    value_mssp_track track;
    value__cms_params *p; /* the table; the MSR scale points into it */
    int quality_rule;     /* 1, 2, 3 (table) */
    int two_sided;
    int euc_policy;
    double v[N_TERMS + 1]; /* NaN: not set */
};

/* The rules of one settlement, gathered from the table and the terms. */
typedef struct rules {
    int two_sided;
    double sharing_rate, savings_cap;
    double msr;            /* fixed MSR/MLR, or NaN for the population scale */
    double msr_below;      /* > 0: below this many beneficiaries the fixed MSR/MLR gives way to the scale */
    double period_share;   /* 2019's 6-month performance years: 6/12; else 1 */
    double loss_rate;      /* fixed loss sharing rate, or NaN for 1 - sigma clamped */
    double loss_floor, loss_ceiling, loss_cap, loss_cap_revenue;
    double reduction;
    double quality_factor; /* what the engine multiplies the maximum rate by */
    int loss_needs_score;  /* the loss rate scales by a quality score not given */
    const double *msr_n, *msr_v;
    size_t msr_points;
} rules;

static double track_or(const value__cms_params *p, int year, value_mssp_track track, const char *name, double dflt)
{
    char k[64];
    snprintf(k, sizeof k, "%s.%s", TRACK_KEY[track], name);
    return value__cms_params_or(p, year, k, dflt);
}

static int track_scalar(const value__cms_params *p, int year, value_mssp_track track, const char *name, double *out)
{
    char k[64];
    snprintf(k, sizeof k, "%s.%s", TRACK_KEY[track], name);
    return value__cms_params_scalar(p, year, k, out);
}

/* The years a track's rules were in force, for messages. */
static void in_force_years(const value__cms_params *p, value_mssp_track track, int *first, int *last)
{
    int y0, y1;
    value__cms_params_years(p, &y0, &y1);
    *first = *last = 0;
    for (int y = y0; y <= y1; y++)
        if (track_or(p, y, track, "in_force", 0) == 1) {
            if (*first == 0)
                *first = y;
            *last = y;
        }
}

int value_mssp_terms_new(int performance_year, value_mssp_track track, value_mssp_terms **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (!((int)track >= 1 && (int)track <= N_TRACKS))
        return value__fail(VALUE_EINVAL, "track is %d, not in [1, %d] (a value_mssp_track)", (int)track, N_TRACKS);
    value__cms_params *p = NULL;
    if ((rc = value__cms_params_load_year("mssp", performance_year, "performance year", &p)))
        return rc;
    if (track_or(p, performance_year, track, "in_force", 0) != 1) {
        int a, b;
        in_force_years(p, track, &a, &b);
        value__cms_params_free(p);
        return value__fail(VALUE_EINVAL, "track is %s, not in force in performance year %d (its ACOs were settled in %d-%d)",
                           TRACK_NAME[track], performance_year, a, b);
    }
    double rule, two_sided;
    if ((rc = value__cms_params_scalar(p, performance_year, "quality_rule", &rule)) ||
        (rc = track_scalar(p, performance_year, track, "two_sided", &two_sided))) {
        value__cms_params_free(p);
        return rc;
    }
    value_mssp_terms *t = malloc(sizeof *t);
    if (t == NULL) {
        value__cms_params_free(p);
        return value__fail(VALUE_ENOMEM, "out of memory for MSSP terms");
    }
    t->year = performance_year;
    t->track = track;
    t->p = p;
    t->quality_rule = (int)rule;
    t->two_sided = two_sided != 0;
    t->euc_policy = value__cms_params_or(p, performance_year, "euc_policy", 0) == 1;
    for (int i = 0; i <= N_TERMS; i++)
        t->v[i] = NAN;
    t->v[VALUE_MSSP_TERM_MSR_CHOICE] = VALUE_MSSP_MSR_BY_POPULATION;
    t->v[VALUE_MSSP_TERM_AGREEMENT_YEAR] = 1;
    *out = t;
    return VALUE_OK;
}

void value_mssp_terms_free(value_mssp_terms *t)
{
    if (t == NULL)
        return;
    value__cms_params_free(t->p);
    free(t);
}

/* Whether a two-sided track's MSR/MLR choice `v` is allowed this year. */
static int check_msr_choice(const value_mssp_terms *t, double v)
{
    if (v == VALUE_MSSP_MSR_BY_POPULATION)
        return VALUE_OK;
    char b[32];
    value__format_double(v, b, sizeof b);
    const char *name = TRACK_NAME[t->track];
    if (!t->two_sided)
        return value__fail(VALUE_EINVAL, "msr_choice is %s, but %s is one-sided: its MSR is the sliding scale "
                           "(give VALUE_MSSP_MSR_BY_POPULATION, -1)", b, name);
    double fixed = track_or(t->p, t->year, t->track, "msr_fixed", NAN);
    if (!isnan(fixed)) {
        if (v != fixed)
            return value__fail(VALUE_EINVAL, "msr_choice is %s, but %s's MSR/MLR in %d is fixed at %g (give "
                               "VALUE_MSSP_MSR_BY_POPULATION, -1, or %g)", b, name, t->year, fixed, fixed);
        return VALUE_OK;
    }
    const double *ch;
    size_t nc;
    if (value__cms_params_get(t->p, t->year, "msr_choices", &ch, &nc) != VALUE_OK)
        return value__fail(VALUE_EINVAL, "msr_choice is %s, but ACOs had no MSR/MLR choice in %d", b, t->year);
    for (size_t i = 0; i < nc; i++)
        if (ch[i] == v)
            return VALUE_OK;
    return value__fail(VALUE_EINVAL, "msr_choice is %s, not one of the choices of %d (0, 0.005, 0.01, 0.015, 0.02, "
                       "or -1 for the sliding scale)", b, t->year);
}

static int is_pathways_track(value_mssp_track track)
{
    return track >= VALUE_MSSP_BASIC_A && track <= VALUE_MSSP_ENHANCED;
}

/* Whether the 2019 period `v` existed for the track (425.200(b)-(c)). */
static int check_period(const value_mssp_terms *t, double v)
{
    if (t->year != 2019)
        return value__fail(VALUE_EINVAL, "period does not apply in performance year %d: only 2019 had 6-month "
                           "performance years (42 CFR 425.609)", t->year);
    if (!(v == VALUE_MSSP_PERIOD_YEAR || v == VALUE_MSSP_PERIOD_JAN_JUN || v == VALUE_MSSP_PERIOD_JUL_DEC))
        return value__fail_value("period", v, "must be a value_mssp_period (1 to 3)");
    const char *name = TRACK_NAME[t->track];
    if (is_pathways_track(t->track) && v != VALUE_MSSP_PERIOD_JUL_DEC)
        return value__fail(VALUE_EINVAL, "period is %g, but %s's 2019 performance year was Jul 1-Dec 31, 2019 (its "
                           "agreements began Jul 1, 2019, 425.200(c)(3)): give VALUE_MSSP_PERIOD_JUL_DEC (3)", v, name);
    if (t->track == VALUE_MSSP_TRACK_1_PLUS && v != VALUE_MSSP_PERIOD_YEAR)
        return value__fail(VALUE_EINVAL, "period is %g, but Track 1+'s agreements began Jan 1, 2018 and ran the whole "
                           "of 2019: give VALUE_MSSP_PERIOD_YEAR (1)", v);
    if (!is_pathways_track(t->track) && v == VALUE_MSSP_PERIOD_JUL_DEC)
        return value__fail(VALUE_EINVAL, "period is 3 (Jul-Dec), but no %s agreement began Jul 1, 2019 (from then new "
                           "agreements were BASIC or ENHANCED): give VALUE_MSSP_PERIOD_YEAR (1) or "
                           "VALUE_MSSP_PERIOD_JAN_JUN (2)", name);
    return VALUE_OK;
}

int value_mssp_terms_set(value_mssp_terms *t, value_mssp_term which, double v)
{
    int rc;
    if ((rc = value__check_ptr(t, "t")))
        return rc;
    if (!((int)which >= 1 && (int)which <= N_TERMS))
        return value__fail(VALUE_EINVAL, "which is %d, not in [1, %d] (a value_mssp_term)", (int)which, N_TERMS);
    const char *name = TERM_NAME[which];
    const char *track = TRACK_NAME[t->track];
    switch (which) {
    case VALUE_MSSP_TERM_MSR_CHOICE:
        if ((rc = check_msr_choice(t, v)))
            return rc;
        break;
    case VALUE_MSSP_TERM_AGREEMENT_YEAR:
        if (!(v >= 1 && v <= 10 && v == floor(v)))
            return value__fail_value(name, v, "must be a whole number from 1 to 10");
        break;
    case VALUE_MSSP_TERM_QUALITY_SCORE:
        if (!(v >= 0 && v <= 1))
            return value__fail_value(name, v, "must be in [0, 1]");
        break;
    case VALUE_MSSP_TERM_QUALITY_MET:
        if (!(v == 0 || v == 1))
            return value__fail_value(name, v, "must be 0 (not met) or 1 (met)");
        break;
    case VALUE_MSSP_TERM_QUALITY_THRESHOLD:
        if (t->quality_rule != 2)
            return value__fail(VALUE_EINVAL, "quality_threshold does not apply in performance year %d: the quality "
                               "standard is decided against a threshold only in 2021-2022 (425.512)", t->year);
        if (!(v >= 0 && v <= 1))
            return value__fail_value(name, v, "must be in [0, 1]");
        break;
    case VALUE_MSSP_TERM_EUC_MONTHS_SHARE:
    case VALUE_MSSP_TERM_EUC_BENEFICIARY_SHARE:
        if (!t->euc_policy)
            return value__fail(VALUE_EINVAL, "%s does not apply in performance year %d: the extreme and "
                               "uncontrollable circumstances policy for shared losses applies from 2017", name, t->year);
        if (!(v >= 0 && v <= 1))
            return value__fail_value(name, v, "must be in [0, 1]");
        break;
    case VALUE_MSSP_TERM_REVENUE:
        if (isinf(track_or(t->p, t->year, t->track, "loss_cap_revenue", INFINITY)))
            return value__fail(VALUE_EINVAL, "revenue does not apply to %s: its loss limit is not a share of ACO "
                               "participant revenue", track);
        if (!(v >= 0 && isfinite(v)))
            return value__fail_value(name, v, "must be finite and >= 0");
        break;
    case VALUE_MSSP_TERM_BENCHMARK_BASED_LIMIT:
        if (t->track != VALUE_MSSP_TRACK_1_PLUS)
            return value__fail(VALUE_EINVAL, "benchmark_based_limit does not apply to %s: only Track 1+'s loss "
                               "limit depends on the ACO's composition", track);
        if (!(v == 0 || v == 1))
            return value__fail_value(name, v, "must be 0 (revenue-based) or 1 (benchmark-based)");
        break;
    case VALUE_MSSP_TERM_PERIOD:
        if ((rc = check_period(t, v)))
            return rc;
        break;
    case VALUE_MSSP_TERM_TERMINATION_MONTH:
    case VALUE_MSSP_TERM_TERMINATED_BY_CMS:
        /* the consequences of 425.221(b) as CMS applies them from performance
         * year 2020 (Specifications v11, 4.4); 2019's halves are not combined */
        if (t->year < 2020)
            return value__fail(VALUE_EINVAL, "%s does not apply in performance year %d: the payment consequences of "
                               "termination (425.221(b)) are modelled from 2020", name, t->year);
        if (which == VALUE_MSSP_TERM_TERMINATION_MONTH && !(v >= 1 && v <= 12 && v == floor(v)))
            return value__fail_value(name, v, "must be a whole month from 1 to 12 (the last month of participation)");
        if (which == VALUE_MSSP_TERM_TERMINATED_BY_CMS && !(v == 0 || v == 1))
            return value__fail_value(name, v, "must be 0 (the ACO terminated, 425.220) or 1 (CMS did, 425.218)");
        break;
    }
    t->v[which] = v;
    return VALUE_OK;
}

int value_mssp_terms_get(const value_mssp_terms *t, value_mssp_term which, double *out)
{
    int rc;
    if ((rc = value__check_ptr(t, "t")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (!((int)which >= 1 && (int)which <= N_TERMS))
        return value__fail(VALUE_EINVAL, "which is %d, not in [1, %d] (a value_mssp_term)", (int)which, N_TERMS);
    *out = t->v[which];
    return VALUE_OK;
}

/* Decide the quality factor; `why` gets the explanation ("" when the
 * year's rule needs no decision text). */
static int decide_quality(const value_mssp_terms *t, double *factor, char *why, size_t len)
{
    double q = t->v[VALUE_MSSP_TERM_QUALITY_SCORE], met = t->v[VALUE_MSSP_TERM_QUALITY_MET];
    double thr = t->v[VALUE_MSSP_TERM_QUALITY_THRESHOLD];
    const char *loss = t->two_sided ? (isnan(track_or(t->p, t->year, t->track, "loss_rate", NAN))
                                           ? "; the loss rate goes to its ceiling"
                                           : "; the loss rate is flat")
                                    : "";
    switch (t->quality_rule) {
    case 2:
        if (!isnan(met)) {
            *factor = met;
            snprintf(why, len, "quality performance standard %s (given)%s", met == 1 ? "met" : "not met: no shared savings",
                     met == 1 ? "" : loss);
        } else if (!isnan(q) && !isnan(thr)) {
            *factor = q >= thr ? 1 : 0;
            snprintf(why, len, "quality performance standard %s: quality score %g %s threshold %g (425.512)%s",
                     q >= thr ? "met" : "not met, no shared savings", q, q >= thr ? ">=" : "<", thr,
                     q >= thr ? "" : loss);
        } else {
            return value__fail(VALUE_ESTATE, "in performance year %d the quality performance standard decides: set "
                               "quality_met, or quality_score and quality_threshold", t->year);
        }
        return VALUE_OK;
    case 3:
        if (met == 1) {
            *factor = 1;
            snprintf(why, len, "quality performance standard met (given): the maximum rate");
        } else if (!isnan(q)) {
            *factor = q;
            snprintf(why, len, "%s: sharing rate x quality factor %g", met == 0 ? "quality performance standard not met"
                                                                             : "quality factor given", q);
        } else if (met == 0) {
            /* neither the standard nor the alternative standard of 425.512(a)(4)(ii) */
            *factor = 0;
            snprintf(why, len, "quality performance standard not met, and no quality score for the alternative "
                     "standard (425.512(a)(4)(ii)): no shared savings%s", loss);
        } else {
            return value__fail(VALUE_ESTATE, "set quality_met (1) or quality_score (the sliding-scale factor) for "
                               "performance year %d", t->year);
        }
        return VALUE_OK;
    default: /* 1: the maximum rate x the quality score, once the minimum attainment is met */
        if (met == 0) {
            *factor = 0;
            snprintf(why, len, "quality standard not met (425.502): no shared savings%s", loss);
        } else if (!isnan(q)) {
            *factor = q;
            if (isnan(met) && q == 0)
                snprintf(why, len, "quality score 0: no shared savings%s", loss);
            else
                snprintf(why, len, "quality standard %s, quality score %g", met == 1 ? "met" : "taken as met", q);
        } else {
            return value__fail(VALUE_ESTATE, "quality_score is not set: in performance year %d the sharing rate is "
                               "the maximum x the quality score (or set quality_met to 0)", t->year);
        }
        return VALUE_OK;
    }
}

/* The month the performance year starts: July for the second half of
 * 2019 (BASIC and ENHANCED agreements all began Jul 1, 2019), else January. */
static int performance_start_month(const value_mssp_terms *t)
{
    if (t->year == 2019 && (t->v[VALUE_MSSP_TERM_PERIOD] == VALUE_MSSP_PERIOD_JUL_DEC || is_pathways_track(t->track)))
        return 7;
    return 1;
}

/* Gather the rules of the year, track and terms. */
static int gather(const value_mssp_terms *t, rules *r, char *why, size_t len)
{
    int rc;
    const value__cms_params *p = t->p;
    int year = t->year;
    value_mssp_track track = t->track;
    r->two_sided = t->two_sided;
    if ((rc = track_scalar(p, year, track, "sharing_rate", &r->sharing_rate)) ||
        (rc = track_scalar(p, year, track, "savings_cap", &r->savings_cap)) ||
        (rc = value__cms_params_scalar(p, year, "payment_reduction", &r->reduction)))
        return rc;
    size_t nb, nv;
    if ((rc = value__cms_params_get(p, year, "msr_beneficiaries", &r->msr_n, &nb)) ||
        (rc = value__cms_params_get(p, year, "msr", &r->msr_v, &nv)))
        return rc;
    if (nb != nv)
        return value__fail(VALUE_EPARSE, "mssp: msr_beneficiaries and msr for %d differ in length", year);
    r->msr_points = nb;
    if ((rc = decide_quality(t, &r->quality_factor, why, len)))
        return rc;

    double choice = t->v[VALUE_MSSP_TERM_MSR_CHOICE];
    double fixed = track_or(p, year, track, "msr_fixed", NAN);
    r->msr = choice != VALUE_MSSP_MSR_BY_POPULATION ? choice : fixed;
    /* 425.110(b)(3)(iii): for performance years starting from the table's
     * month (Jul 2019) a fixed MSR/MLR gives way to the scale below 5,000 */
    double from = value__cms_params_or(p, year, "small_aco_variable_msr", 0);
    int start = performance_start_month(t);
    r->msr_below = 0;
    if (!isnan(r->msr) && from >= 1 && start >= from)
        r->msr_below = value__cms_params_or(p, year, "small_aco_beneficiaries", 5000);
    double period = t->v[VALUE_MSSP_TERM_PERIOD];
    r->period_share = period == VALUE_MSSP_PERIOD_JAN_JUN || period == VALUE_MSSP_PERIOD_JUL_DEC ? 6.0 / 12 : 1;
    /* Termination during the year (425.221(b)): no shared savings unless the
     * ACO itself ended the agreement on Dec 31; shared losses pro-rated by
     * the months of participation when CMS terminated it or the ACO did
     * after June 30, and none when the ACO left by June 30. */
    double tm = t->v[VALUE_MSSP_TERM_TERMINATION_MONTH];
    if (!isnan(tm)) {
        int by_cms = t->v[VALUE_MSSP_TERM_TERMINATED_BY_CMS] == 1;
        if (by_cms || tm < 12)
            r->savings_cap = 0;
        r->period_share = by_cms || tm > 6 ? tm / 12 : 0;
    }
    r->loss_rate = track_or(p, year, track, "loss_rate", NAN);
    r->loss_floor = track_or(p, year, track, "loss_rate_floor", 0);
    r->loss_ceiling = track_or(p, year, track, "loss_rate_ceiling", 1);
    r->loss_cap = track_or(p, year, track, "loss_cap", INFINITY);
    r->loss_cap_revenue = track_or(p, year, track, "loss_cap_revenue", INFINITY);
    /* From 2021 a met standard earns the flat maximum sharing rate, but a
     * quality-scaled loss rate (Track 2, Track 3, ENHANCED) still scales
     * by the quality score: 1 - maximum x score, clamped (425.610(d)(2);
     * CMS's Specifications v11, 4.3 step 6; CMS's PY2022 and PY2023
     * results, where every ENHANCED loss follows it). */
    r->loss_needs_score = 0;
    if (r->two_sided && isnan(r->loss_rate) && t->quality_rule >= 2 && r->quality_factor > 0) {
        double q = t->v[VALUE_MSSP_TERM_QUALITY_SCORE];
        if (isnan(q)) {
            r->loss_needs_score = 1;
        } else {
            r->loss_rate = fmin(fmax(1 - r->sharing_rate * q, r->loss_floor), r->loss_ceiling);
            size_t used = strlen(why);
            value__fmt f = {.next = 0, .quiet = false};
            snprintf(why + used, len - used, "; loss rate 1 - %s x quality score %g = %s, within [%s, %s]",
                     PCT(&f, r->sharing_rate), q, PCT(&f, 1 - r->sharing_rate * q), PCT(&f, r->loss_floor),
                     PCT(&f, r->loss_ceiling));
        }
    }
    if (track == VALUE_MSSP_TRACK_1_PLUS && t->v[VALUE_MSSP_TERM_BENCHMARK_BASED_LIMIT] == 1)
        r->loss_cap_revenue = INFINITY;
    int ay = (int)t->v[VALUE_MSSP_TERM_AGREEMENT_YEAR];
    char k[64];
    snprintf(k, sizeof k, "%s.loss_cap_by_agreement_year", TRACK_KEY[track]);
    const double *by_year;
    size_t ny;
    if (value__cms_params_get(p, year, k, &by_year, &ny) == VALUE_OK && ny > 0)
        r->loss_cap = by_year[(size_t)ay <= ny ? (size_t)ay - 1 : ny - 1];
    return VALUE_OK;
}

static int build(const rules *r, value_contract **out)
{
    value_contract *c = NULL;
    int rc = value_contract_new(r->two_sided ? VALUE_CONTRACT_SHARED_RISK : VALUE_CONTRACT_SHARED_SAVINGS, &c);
    if (rc)
        return rc;
    if ((rc = value_contract_set(c, VALUE_CONTRACT_SHARING_RATE, r->sharing_rate)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_QUALITY_SCORE, r->quality_factor)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_SAVINGS_CAP, r->savings_cap)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_FIRST_DOLLAR, 1)) ||
        (rc = value_contract_set(c, VALUE_CONTRACT_PAYMENT_REDUCTION, r->reduction)))
        goto fail;
    if (isnan(r->msr))
        rc = value_contract_set_msr_table(c, r->msr_n, r->msr_v, r->msr_points);
    else if ((rc = value_contract_set(c, VALUE_CONTRACT_MSR, r->msr)) == VALUE_OK && r->msr_below > 0 &&
             (rc = value_contract_set_msr_table(c, r->msr_n, r->msr_v, r->msr_points)) == VALUE_OK)
        rc = value_contract_set(c, VALUE_CONTRACT_MSR_TABLE_BELOW, r->msr_below);
    if (rc == VALUE_OK && r->period_share != 1)
        rc = value_contract_set(c, VALUE_CONTRACT_PERIOD_SHARE, r->period_share);
    if (rc)
        goto fail;
    if (r->two_sided) {
        if ((rc = value_contract_set(c, VALUE_CONTRACT_MLR_FROM_MSR, 1)) ||
            (rc = value_contract_set(c, VALUE_CONTRACT_LOSS_CAP, r->loss_cap)) ||
            (rc = value_contract_set(c, VALUE_CONTRACT_LOSS_CAP_REVENUE, r->loss_cap_revenue)))
            goto fail;
        if (isnan(r->loss_rate)) {
            if ((rc = value_contract_set(c, VALUE_CONTRACT_LOSS_RATE_FROM_QUALITY, 1)) ||
                (rc = value_contract_set(c, VALUE_CONTRACT_LOSS_RATE_FLOOR, r->loss_floor)) ||
                (rc = value_contract_set(c, VALUE_CONTRACT_LOSS_RATE_CEILING, r->loss_ceiling)))
                goto fail;
        } else if ((rc = value_contract_set(c, VALUE_CONTRACT_LOSS_SHARING_RATE, r->loss_rate))) {
            goto fail;
        }
    }
    *out = c;
    return VALUE_OK;
fail:
    value_contract_free(c);
    return rc;
}

/* The circumstances shares: given, else the year's default, else 0 (and
 * 0 in years without the policy). */
static void circumstances(const value_mssp_terms *t, double *m, double *b, int *m_given, int *b_given)
{
    *m = t->v[VALUE_MSSP_TERM_EUC_MONTHS_SHARE];
    *b = t->v[VALUE_MSSP_TERM_EUC_BENEFICIARY_SHARE];
    *m_given = !isnan(*m);
    *b_given = !isnan(*b);
    if (!*m_given) {
        double dm = value__cms_params_or(t->p, t->year, "euc_default_months", NAN);
        *m = isnan(dm) ? 0 : dm / 12;
    }
    if (!*b_given) {
        double db = value__cms_params_or(t->p, t->year, "euc_default_beneficiary_share", NAN);
        *b = isnan(db) ? 0 : db;
    }
    if (!t->euc_policy)
        *m = *b = 0;
}

int value_mssp_terms_contract(const value_mssp_terms *t, value_contract **out)
{
    int rc;
    if ((rc = value__check_ptr(t, "t")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (t->track == VALUE_MSSP_TRACK_1_PLUS && isnan(t->v[VALUE_MSSP_TERM_BENCHMARK_BASED_LIMIT]))
        return value__fail(VALUE_ESTATE, "benchmark_based_limit is not set: Track 1+'s loss limit depends on the "
                           "ACO's composition (1: it includes an IPPS hospital, cancer center or rural hospital of "
                           "more than 100 beds; 0: revenue-based)");
    rules r;
    char why[384];
    if ((rc = gather(t, &r, why, sizeof why)))
        return rc;
    if (r.loss_needs_score)
        return value__fail(VALUE_ESTATE, "quality_score is not set: from 2021 the %s loss rate is 1 - %g%% x "
                           "the quality score (425.610(d)(2)); set quality_score in [0, 1]", TRACK_NAME[t->track],
                           100 * r.sharing_rate);
    value_contract *c = NULL;
    if ((rc = build(&r, &c)))
        return rc;
    /* On a ledger the engine settles: the circumstances policy goes in as
     * the share of owed losses forgiven (value_mssp_terms_settle explains it
     * in the rule's words instead). */
    double m, b;
    int m_given, b_given;
    circumstances(t, &m, &b, &m_given, &b_given);
    if (m * b > 0 && r.two_sided && (rc = value_contract_set(c, VALUE_CONTRACT_LOSS_FORGIVEN, m * b))) {
        value_contract_free(c);
        return rc;
    }
    *out = c;
    return VALUE_OK;
}

/* The first explanation line: what the year and track's rules are. */
static void describe(char *buf, size_t len, const value_mssp_terms *t, const rules *r)
{
    static const char *const RULE[] = {"", "maximum x quality score", "flat when the quality standard is met",
                                       "flat when the quality standard is met, else sliding scale"};
    int rule = t->quality_rule >= 1 && t->quality_rule <= 3 ? t->quality_rule : 0;
    size_t n = 0;
    int k = snprintf(buf, len, "MSSP performance year %d, %s (42 CFR %s): sharing rate up to %g%% (%s), savings cap "
                     "%g%% of benchmark, MSR %s", t->year, TRACK_NAME[t->track], TRACK_CFR[t->track],
                     100 * r->sharing_rate, RULE[rule], 100 * r->savings_cap,
                     isnan(r->msr)        ? "by assigned beneficiaries"
                     : r->msr_below > 0 ? "fixed, and below 5,000 beneficiaries by their number (42 CFR "
                                          "425.110(b)(3)(iii))"
                                        : "fixed");
    if (k > 0)
        n = (size_t)k < len ? (size_t)k : len - 1;
    if (n < len && r->reduction > 0) {
        k = snprintf(buf + n, len - n, ", payment reduction %g%%", 100 * r->reduction);
        if (k > 0)
            n += (size_t)k < len - n ? (size_t)k : len - n - 1;
    }
    if (n < len && track_or(t->p, t->year, t->track, "offered", 0) != 1)
        snprintf(buf + n, len - n, "; closed to new ACOs, in force for agreement periods still running");
}

/* Move the last line of s to position i (lines after it shift down). */
static void move_last(value_settlement *s, size_t i)
{
    if (s->n_lines == 0 || i >= s->n_lines - 1)
        return;
    value__settlement_line last = s->lines[s->n_lines - 1];
    memmove(s->lines + i + 1, s->lines + i, (s->n_lines - 1 - i) * sizeof *s->lines);
    s->lines[i] = last;
}

static value__settlement_line *find_line(value_settlement *s, const char *step)
{
    for (size_t i = 0; i < s->n_lines; i++)
        if (strcmp(s->lines[i].step, step) == 0)
            return &s->lines[i];
    return NULL;
}

/* What a termination during the year did (425.221(b)). */
static int termination_line(value_settlement *s, const value_mssp_terms *t)
{
    double tm = t->v[VALUE_MSSP_TERM_TERMINATION_MONTH];
    if (isnan(tm))
        return VALUE_OK;
    int by_cms = t->v[VALUE_MSSP_TERM_TERMINATED_BY_CMS] == 1, m = (int)tm;
    char text[384];
    snprintf(text, sizeof text, "agreement terminated by %s, effective the end of month %d: %s; %s",
             by_cms ? "CMS (425.218)" : "the ACO (425.220)", m,
             by_cms || m < 12 ? "not eligible for shared savings (425.221(b)(1))"
                              : "ended Dec 31, eligible for shared savings (425.221(b)(1)(i))",
             by_cms || m > 6 ? "shared losses pro-rated by the months of participation (425.221(b)(2))"
                             : "no shared losses for leaving by June 30 (425.221(b)(2))");
    return value__settlement_prepend(s, "termination", 0.0, text);
}

/* The 2019 performance period, when the year had more than one. */
static int period_line(value_settlement *s, const value_mssp_terms *t)
{
    if (t->year != 2019)
        return VALUE_OK;
    double v = t->v[VALUE_MSSP_TERM_PERIOD];
    const char *name = TRACK_NAME[t->track];
    char text[384];
    if (v == VALUE_MSSP_PERIOD_JAN_JUN || v == VALUE_MSSP_PERIOD_JUL_DEC)
        snprintf(text, sizeof text, "performance year %s, 2019 (6 months, 42 CFR 425.609(%s)): reconciled on "
                 "calendar year 2019 (beneficiaries, benchmark and expenditure of the 12 months), shared savings or "
                 "losses pro-rated by 6/12", v == VALUE_MSSP_PERIOD_JAN_JUN ? "Jan 1-Jun 30" : "Jul 1-Dec 31",
                 v == VALUE_MSSP_PERIOD_JAN_JUN ? "b" : "c");
    else if (v == VALUE_MSSP_PERIOD_YEAR)
        snprintf(text, sizeof text, "performance year Jan 1-Dec 31, 2019 (12 months)");
    else if (is_pathways_track(t->track))
        snprintf(text, sizeof text, "period not set: settled as 12 months as given; %s's 2019 performance year was "
                 "Jul 1-Dec 31 (425.200(c)(3)), pro-rated by 6/12 with period VALUE_MSSP_PERIOD_JUL_DEC (425.609(c))",
                 name);
    else
        return VALUE_OK;
    return value__settlement_prepend(s, "performance period", 0.0, text);
}

int value_mssp_generated(const value_settlement *s, double *out)
{
    int rc;
    if ((rc = value__check_ptr(s, "s")) || (rc = value__check_ptr(out, "out")))
        return rc;
    double S = s->item[VALUE_SETTLEMENT_SAVINGS], rate = s->item[VALUE_SETTLEMENT_SAVINGS_RATE];
    double msr = s->item[VALUE_SETTLEMENT_MSR], mlr = s->item[VALUE_SETTLEMENT_MLR];
    if (isnan(S) || isnan(rate) || isnan(msr))
        return value__fail(VALUE_EINVAL, "s is not a settlement of shared savings or losses (it has no savings and "
                           "MSR)");
    if (isnan(mlr))
        mlr = INFINITY; /* one-sided: no generated losses */
    *out = (rate > 0 && rate >= msr) || (rate < 0 && -rate >= mlr) ? S : 0;
    return VALUE_OK;
}

int value_mssp_terms_settle(const value_mssp_terms *t, double assigned_beneficiaries, double benchmark,
                            double expenditure, value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(t, "t")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (!(assigned_beneficiaries >= 1 && isfinite(assigned_beneficiaries)))
        return value__fail_value("assigned_beneficiaries", assigned_beneficiaries, "must be finite and >= 1");
    if (!(benchmark > 0 && isfinite(benchmark)))
        return value__fail_value("benchmark", benchmark, "must be finite and > 0");
    if (!(expenditure >= 0 && isfinite(expenditure)))
        return value__fail_value("expenditure", expenditure, "must be finite and >= 0");
    rules r;
    char why[384];
    if ((rc = gather(t, &r, why, sizeof why)))
        return rc;
    /* A revenue-based limit needs the revenue (and Track 1+ the ACO's
     * composition) only when losses are owed: settle without it first. */
    double revenue = t->v[VALUE_MSSP_TERM_REVENUE];
    int composition_unknown = t->track == VALUE_MSSP_TRACK_1_PLUS && isnan(t->v[VALUE_MSSP_TERM_BENCHMARK_BASED_LIMIT]);
    int revenue_missing = isfinite(r.loss_cap_revenue) && isnan(revenue);
    if (composition_unknown || revenue_missing)
        r.loss_cap_revenue = INFINITY;
    value_contract *c = NULL;
    value_settlement *s = NULL;
    if ((rc = build(&r, &c)))
        return rc;
    /* The engine's benchmark is per capita x person-years: give it the
     * total as N person-years of benchmark / N each. */
    if ((rc = value_contract_set(c, VALUE_CONTRACT_BENCHMARK_PER_CAPITA, benchmark / assigned_beneficiaries)) ==
            VALUE_OK &&
        (isnan(revenue) || (rc = value_contract_set(c, VALUE_CONTRACT_REVENUE, revenue)) == VALUE_OK))
        rc = value_contract_settle_totals(c, assigned_beneficiaries, 12 * assigned_beneficiaries, 1.0, expenditure,
                                          &s);
    value_contract_free(c);
    if (rc)
        return rc;
    double pay = s->item[VALUE_SETTLEMENT_FINAL_PAYMENT];
    double m, b;
    int m_given, b_given;
    circumstances(t, &m, &b, &m_given, &b_given);
    /* The missing inputs matter only when some losses remain owed. */
    if (pay < 0 && m * b < 1 && composition_unknown) {
        value_settlement_free(s);
        return value__fail(VALUE_ESTATE, "benchmark_based_limit is not set, and this Track 1+ ACO owes shared losses: "
                           "its loss limit depends on its composition (1: it includes an IPPS hospital, cancer "
                           "center or rural hospital of more than 100 beds; 0: revenue-based)");
    }
    if (pay < 0 && m * b < 1 && r.loss_needs_score) {
        value_settlement_free(s);
        return value__fail(VALUE_ESTATE, "quality_score is not set, and this %s ACO owes shared losses: from 2021 "
                           "its loss rate is 1 - %g%% x the quality score (425.610(d)(2)); set quality_score in [0, 1]",
                           TRACK_NAME[t->track], 100 * r.sharing_rate);
    }
    if (pay < 0 && m * b < 1 && revenue_missing) {
        value_settlement_free(s);
        return value__fail(VALUE_ESTATE, "revenue is not set, and this %s ACO owes shared losses: its loss limit is "
                           "a share of ACO participant revenue (42 CFR %s)", TRACK_NAME[t->track],
                           t->track == VALUE_MSSP_TRACK_1_PLUS ? "425.604 as the Track 1+ Model modifies it"
                                                               : "425.605(d)");
    }

    value__fmt f = {.next = 0, .quiet = false};
    /* Extreme and uncontrollable circumstances: owed losses x (1 - months x beneficiaries). */
    if (pay < 0 && m > 0 && b > 0) {
        double cut = -pay * m * b, owed = -pay - cut;
        size_t n_before = s->n_lines;
        value__settlement_add(s, "circumstances", cut,
                              "extreme and uncontrollable circumstances (42 CFR %s): shared losses %s reduced by %s x "
                              "%s of the months (%s) x %s of the beneficiaries (%s) = %s: owes %s",
                              t->track == VALUE_MSSP_ENHANCED || t->track == VALUE_MSSP_TRACK_3 ? "425.610(i)"
                              : t->track == VALUE_MSSP_TRACK_2                                ? "425.606(i)"
                              : t->track == VALUE_MSSP_TRACK_1_PLUS ? "425.606(i), as the Track 1+ Model applies it"
                                                                    : "425.605(f)",
                              M(&f, -pay), M(&f, -pay), PCT(&f, m), m_given ? "given" : "COVID-19 default", PCT(&f, b),
                              b_given ? "given" : "COVID-19 default", M(&f, cut), M(&f, owed));
        value__settlement_line *pl = find_line(s, "payment");
        if (pl != NULL && s->n_lines == n_before + 1) {
            move_last(s, (size_t)(pl - s->lines));
            pl = find_line(s, "payment");
            pl->amount = owed > 0 ? -owed : 0.0;
            char text[128];
            if (owed > 0)
                snprintf(text, sizeof text, "the provider owes %s", M(&f, owed));
            else
                snprintf(text, sizeof text, "nothing owed");
            if ((rc = value__settlement_retext(s, "payment", text))) {
                value_settlement_free(s);
                return rc;
            }
        }
        value__settlement_set(s, VALUE_SETTLEMENT_FINAL_PAYMENT, owed > 0 ? -owed : 0.0);
    }
    /* What CMS's files report beside the earned amount. */
    double gen;
    if ((rc = value_mssp_generated(s, &gen))) {
        value_settlement_free(s);
        return rc;
    }
    value__settlement_add(s, "generated", gen,
                          "generated %s %s (savings or losses beyond the MSR/MLR, CMS's GenSaveLoss); earned %s "
                          "(EarnSaveLoss)", gen < 0 ? "losses" : "savings", M(&f, fabs(gen)),
                          M(&f, s->item[VALUE_SETTLEMENT_FINAL_PAYMENT]));

    char text[512], n_text[64], b_text[64];
    describe(text, sizeof text, t, &r);
    value__format_money(assigned_beneficiaries, n_text, sizeof n_text);
    value__format_money(benchmark, b_text, sizeof b_text);
    char records[128], bench[128];
    snprintf(records, sizeof records, "%s assigned beneficiaries", n_text);
    snprintf(bench, sizeof bench, "updated benchmark %s (total, given)", b_text);
    if ((rc = value__settlement_retext(s, "records", records)) ||
        (rc = value__settlement_retext(s, "benchmark", bench)))
        goto fail;
    int from_scale = isnan(r.msr) || (r.msr_below > 0 && assigned_beneficiaries < r.msr_below);
    if (from_scale && assigned_beneficiaries < value__cms_params_or(t->p, t->year, "small_aco_beneficiaries", 5000)) {
        /* below the minimum of 425.110 CMS still settles, with the bands of its
         * Specifications' Table 5; below the lowest point (500) the table says
         * only ">= 12.2%" */
        char ml[384];
        if (assigned_beneficiaries < r.msr_n[0])
            snprintf(ml, sizeof ml, "MSR %s for %s beneficiaries: fewer than %g, where CMS's table (Specifications "
                     "v11, Table 5; 425.605(b)(1)) says only \"12.2%% or more\": %g%% applied",
                     PCT(&f, s->item[VALUE_SETTLEMENT_MSR]), n_text, r.msr_n[0], 100 * r.msr_v[0]);
        else
            snprintf(ml, sizeof ml, "MSR %s for %s beneficiaries: fewer than the 5,000 of 425.110, set by the number "
                     "of beneficiaries (425.110(b)(3)(i)) on the scale's bands below 5,000 (CMS's Specifications "
                     "v11, Table 5; 425.605(b)(1)), linear within the band",
                     PCT(&f, s->item[VALUE_SETTLEMENT_MSR]), n_text);
        if ((rc = value__settlement_retext(s, "msr", ml)))
            goto fail;
    }
    if ((rc = period_line(s, t)) || (rc = termination_line(s, t)))
        goto fail;
    if ((rc = value__settlement_prepend(s, "quality standard", 0.0, why)) ||
        (rc = value__settlement_prepend(s, "program", 0.0, text)))
        goto fail;
    if ((rc = value__settlement_status(s)))
        goto fail;
    *out = s;
    return VALUE_OK;
fail:
    value_settlement_free(s);
    return rc;
}

/* ---- the calls of one-line arguments, on the terms ---- */

static int legacy_terms(int year, value_mssp_track track, double msr_choice, int agreement_year, double quality,
                        value_mssp_terms **out)
{
    value_mssp_terms *t = NULL;
    int rc = value_mssp_terms_new(year, track, &t);
    if (rc)
        return rc;
    if (!(agreement_year >= 1 && agreement_year <= 10)) {
        rc = value__fail(VALUE_EINVAL, "agreement_year must be 1 to 10, got %d", agreement_year);
    } else if (!(quality >= 0 && quality <= 1)) {
        rc = value__fail_value("quality_score", quality, "must be in [0, 1]");
    } else if (t->quality_rule == 2 && quality != 0 && quality != 1) {
        rc = value__fail(VALUE_EINVAL,
                         "quality_score is %g: in performance year %d the sharing rate is flat, give 1 (the "
                         "quality performance standard is met) or 0 (not met)",
                         quality, year);
    } else if ((rc = value_mssp_terms_set(t, VALUE_MSSP_TERM_MSR_CHOICE, msr_choice)) == VALUE_OK &&
               (rc = value_mssp_terms_set(t, VALUE_MSSP_TERM_AGREEMENT_YEAR, agreement_year)) == VALUE_OK) {
        if (t->quality_rule == 2 || (t->quality_rule == 3 && quality == 1))
            rc = value_mssp_terms_set(t, VALUE_MSSP_TERM_QUALITY_MET, quality);
        else
            rc = value_mssp_terms_set(t, VALUE_MSSP_TERM_QUALITY_SCORE, quality);
    }
    if (rc) {
        value_mssp_terms_free(t);
        return rc;
    }
    *out = t;
    return VALUE_OK;
}

int value_mssp_contract(int performance_year, value_mssp_track track, double msr_choice, int agreement_year,
                        double quality_score, value_contract **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    value_mssp_terms *t = NULL;
    if ((rc = legacy_terms(performance_year, track, msr_choice, agreement_year, quality_score, &t)))
        return rc;
    if (track == VALUE_MSSP_TRACK_1_PLUS)
        rc = value__fail(VALUE_EINVAL, "track is Track 1+, whose loss limit depends on the ACO's composition: "
                         "use value_mssp_terms_new() and set VALUE_MSSP_TERM_BENCHMARK_BASED_LIMIT");
    else
        rc = value_mssp_terms_contract(t, out);
    value_mssp_terms_free(t);
    return rc;
}

int value_mssp_settle(int performance_year, value_mssp_track track, double msr_choice, int agreement_year,
                      double quality_score, double assigned_beneficiaries, double benchmark, double expenditure,
                      double revenue, value_settlement **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (!(revenue >= 0 && isfinite(revenue)))
        return value__fail_value("revenue", revenue, "must be finite and >= 0");
    value_mssp_terms *t = NULL;
    if ((rc = legacy_terms(performance_year, track, msr_choice, agreement_year, quality_score, &t)))
        return rc;
    if (track == VALUE_MSSP_TRACK_1_PLUS)
        rc = value__fail(VALUE_EINVAL, "track is Track 1+, whose loss limit depends on the ACO's composition: "
                         "use value_mssp_terms_new() and set VALUE_MSSP_TERM_BENCHMARK_BASED_LIMIT");
    /* revenue 0: not given (needed only when a revenue-based limit could bind) */
    else if (revenue > 0 && isfinite(track_or(t->p, t->year, t->track, "loss_cap_revenue", INFINITY)))
        rc = value_mssp_terms_set(t, VALUE_MSSP_TERM_REVENUE, revenue);
    if (rc == VALUE_OK)
        rc = value_mssp_terms_settle(t, assigned_beneficiaries, benchmark, expenditure, out);
    value_mssp_terms_free(t);
    return rc;
}
