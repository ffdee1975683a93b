/*
 * Hospital Value-Based Purchasing (42 CFR 412.160-412.167): measure points,
 * HCAHPS consistency points, domain scores, the Total Performance Score and
 * the linear exchange function.  Program-year parameters come from
 * lib/programs/data/cms_hvbp.txt.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cms.h"

/* Values within this distance of a half count as the half: rates published
 * to 3-6 decimals give exact halves in decimal that binary misses by ~1e-15,
 * while the nearest non-half in CMS's FY2024 files is 9e-5 away. */
#define HVBP_HALF_TOLERANCE 1e-9

/* Round half up, on the points scale. */
static double round_points(double x)
{
    return floor(x + 0.5 + HVBP_HALF_TOLERANCE);
}

static const char *const domain_key[VALUE_HVBP_N_DOMAINS + 1] = {
    NULL, "clinical_outcomes", "person_engagement", "safety", "efficiency", "clinical_process"};

/* Achievement and improvement points of one rate pair, oriented so that
 * higher is better (t < b).  q NaN: no improvement points (NaN). */
static void points(double q, double p, double t, double b, double *ach, double *imp, double *score)
{
    double a;
    if (p >= b)
        a = 10;
    else if (p < t)
        a = 0;
    else
        a = round_points(9 * (p - t) / (b - t) + 0.5); /* 412.165(a)(2): 1-9 */
    double i = NAN;
    if (!isnan(q)) {
        if (p <= q)
            i = 0;
        else if (p >= b)
            i = 9;
        else {
            i = round_points(10 * (p - q) / (b - q) - 0.5); /* 412.165(a)(3): 0-9 */
            if (i > 9)
                i = 9;
            if (i < 0)
                i = 0;
        }
    }
    *ach = a;
    *imp = i;
    *score = isnan(i) || a >= i ? a : i;
}

static int check_rates(const double *x, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (isinf(x[i]))
            return value__fail_element(name, i, x[i], "must be finite or NaN (not available)");
    return VALUE_OK;
}

int value_hvbp_measure_points(const double *baseline, const double *performance, size_t n,
                              double achievement_threshold, double benchmark, value_hvbp_direction direction,
                              double *out_achievement, double *out_improvement, double *out_score, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(baseline, "baseline")) || (rc = value__check_ptr(performance, "performance")) ||
        (rc = value__check_ptr(out_achievement, "out_achievement")) ||
        (rc = value__check_ptr(out_improvement, "out_improvement")) ||
        (rc = value__check_ptr(out_score, "out_score")))
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n is 0, must be at least 1 hospital");
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    if ((rc = value__check_finite(achievement_threshold, "achievement_threshold")) ||
        (rc = value__check_finite(benchmark, "benchmark")))
        return rc;
    if (direction != VALUE_HVBP_HIGHER_IS_BETTER && direction != VALUE_HVBP_LOWER_IS_BETTER)
        return value__fail(VALUE_EINVAL, "direction is %d, must be VALUE_HVBP_HIGHER_IS_BETTER (1) or "
                                         "VALUE_HVBP_LOWER_IS_BETTER (2)", (int)direction);
    char tb[32], bb[32];
    value__format_shortest(achievement_threshold, tb, sizeof tb);
    value__format_shortest(benchmark, bb, sizeof bb);
    if (achievement_threshold == benchmark)
        return value__fail(VALUE_EINVAL, "achievement_threshold equals benchmark (%s): no achievement range", tb);
    if (direction == VALUE_HVBP_HIGHER_IS_BETTER && benchmark < achievement_threshold)
        return value__fail(VALUE_EINVAL, "benchmark %s is below achievement_threshold %s for a higher-is-better "
                                         "measure", bb, tb);
    if (direction == VALUE_HVBP_LOWER_IS_BETTER && benchmark > achievement_threshold)
        return value__fail(VALUE_EINVAL, "benchmark %s is above achievement_threshold %s for a lower-is-better "
                                         "measure", bb, tb);
    if ((rc = check_rates(baseline, n, "baseline")) || (rc = check_rates(performance, n, "performance")))
        return rc;
    double s = direction == VALUE_HVBP_LOWER_IS_BETTER ? -1.0 : 1.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(performance[i])) { /* not scored */
            out_achievement[i] = out_improvement[i] = out_score[i] = NAN;
            continue;
        }
        points(s * baseline[i], s * performance[i], s * achievement_threshold, s * benchmark, &out_achievement[i],
               &out_improvement[i], &out_score[i]);
    }
    return VALUE_OK;
}

int value_hvbp_combined_score(const double *score_a, const double *weight_a, const double *score_b,
                              const double *weight_b, size_t n, double *out_score, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(score_a, "score_a")) || (rc = value__check_ptr(weight_a, "weight_a")) ||
        (rc = value__check_ptr(score_b, "score_b")) || (rc = value__check_ptr(weight_b, "weight_b")) ||
        (rc = value__check_ptr(out_score, "out_score")))
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n is 0, must be at least 1 hospital");
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    const double *sc[2] = {score_a, score_b}, *wt[2] = {weight_a, weight_b};
    const char *sn[2] = {"score_a", "score_b"}, *wn[2] = {"weight_a", "weight_b"};
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < 2; k++) {
            if (isnan(sc[k][i]))
                continue;
            if (!(sc[k][i] >= 0 && sc[k][i] <= 10))
                return value__fail_element(sn[k], i, sc[k][i], "must be in [0, 10] or NaN (not scored)");
            if (!(isfinite(wt[k][i]) && wt[k][i] >= 0))
                return value__fail_element(wn[k], i, wt[k][i], "must be finite and >= 0");
        }
        if (!isnan(score_a[i]) && !isnan(score_b[i]) && weight_a[i] + weight_b[i] == 0)
            return value__fail(VALUE_EINVAL, "weight_a[%zu] and weight_b[%zu] are both 0 with both strata scored", i,
                               i);
    }
    for (size_t i = 0; i < n; i++) {
        if (isnan(score_a[i]))
            out_score[i] = score_b[i];
        else if (isnan(score_b[i]))
            out_score[i] = score_a[i];
        else {
            double wa = weight_a[i], wb = weight_b[i];
            if (isinf(wa + wb)) { /* weights near DBL_MAX: the same mean of the weights over the larger */
                double m = fmax(wa, wb);
                wa /= m;
                wb /= m;
            }
            out_score[i] = (wa * score_a[i] + wb * score_b[i]) / (wa + wb);
        }
    }
    return VALUE_OK;
}

int value_hvbp_hcahps(const double *baseline, const double *performance, size_t n, const double *floor_,
                      const double *achievement_threshold, const double *benchmark, size_t n_dimensions,
                      double *out_achievement, double *out_improvement, double *out_dimension_score, size_t out_len,
                      double *out_consistency, double *out_base_score, double *out_domain_score, size_t out_hospitals)
{
    int rc;
    if ((rc = value__check_ptr(baseline, "baseline")) || (rc = value__check_ptr(performance, "performance")) ||
        (rc = value__check_ptr(floor_, "floor")) ||
        (rc = value__check_ptr(achievement_threshold, "achievement_threshold")) ||
        (rc = value__check_ptr(benchmark, "benchmark")) ||
        (rc = value__check_ptr(out_achievement, "out_achievement")) ||
        (rc = value__check_ptr(out_improvement, "out_improvement")) ||
        (rc = value__check_ptr(out_dimension_score, "out_dimension_score")) ||
        (rc = value__check_ptr(out_consistency, "out_consistency")) ||
        (rc = value__check_ptr(out_base_score, "out_base_score")) ||
        (rc = value__check_ptr(out_domain_score, "out_domain_score")))
        return rc;
    if (n_dimensions == 0)
        return value__fail(VALUE_EINVAL, "n_dimensions is 0, must be at least 1");
    if (n == 0 || n % n_dimensions != 0)
        return value__fail(VALUE_EINVAL, "n is %zu, must be a positive multiple of n_dimensions (%zu)", n,
                           n_dimensions);
    size_t hospitals = n / n_dimensions;
    if ((rc = value__check_length("out_len", out_len, n, "n")) ||
        (rc = value__check_length("out_hospitals", out_hospitals, hospitals, "n / n_dimensions")))
        return rc;
    for (size_t d = 0; d < n_dimensions; d++) {
        if (!isfinite(floor_[d]))
            return value__fail_element("floor", d, floor_[d], "must be finite");
        if (!isfinite(achievement_threshold[d]) || !(achievement_threshold[d] > floor_[d]))
            return value__fail_element("achievement_threshold", d, achievement_threshold[d],
                                       "must be finite and above floor");
        if (!isfinite(benchmark[d]) || !(benchmark[d] > achievement_threshold[d]))
            return value__fail_element("benchmark", d, benchmark[d],
                                       "must be finite and above achievement_threshold");
    }
    if ((rc = check_rates(baseline, n, "baseline")) || (rc = check_rates(performance, n, "performance")))
        return rc;
    for (size_t h = 0; h < hospitals; h++) {
        const double *p = performance + h * n_dimensions;
        size_t missing = 0;
        for (size_t d = 0; d < n_dimensions; d++)
            missing += isnan(p[d]) ? 1 : 0;
        if (missing != 0 && missing != n_dimensions) {
            size_t d = 0;
            while (!isnan(p[d]))
                d++;
            return value__fail(VALUE_EINVAL, "performance[%zu] is NaN but hospital %zu has other dimensions: a "
                                             "hospital's HCAHPS rates are all available or all NaN",
                               h * n_dimensions + d, h);
        }
    }
    for (size_t h = 0; h < hospitals; h++) {
        const double *q = baseline + h * n_dimensions, *p = performance + h * n_dimensions;
        double *a = out_achievement + h * n_dimensions, *im = out_improvement + h * n_dimensions;
        double *sc = out_dimension_score + h * n_dimensions;
        if (isnan(p[0])) {
            for (size_t d = 0; d < n_dimensions; d++)
                a[d] = im[d] = sc[d] = NAN;
            out_consistency[h] = out_base_score[h] = out_domain_score[h] = NAN;
            continue;
        }
        double base = 0, lowest = INFINITY;
        for (size_t d = 0; d < n_dimensions; d++) {
            points(q[d], p[d], achievement_threshold[d], benchmark[d], &a[d], &im[d], &sc[d]);
            base += sc[d];
            double m = (p[d] - floor_[d]) / (achievement_threshold[d] - floor_[d]);
            if (m < lowest)
                lowest = m;
        }
        double c;
        if (lowest >= 1)
            c = 20;
        else if (lowest <= 0)
            c = 0;
        else {
            c = round_points(20 * lowest - 0.5);
            if (c < 0)
                c = 0;
            if (c > 20)
                c = 20;
        }
        out_consistency[h] = c;
        out_base_score[h] = base;
        out_domain_score[h] = base + c;
    }
    return VALUE_OK;
}

static int domain_weight(const value__cms_params *p, int year, int domain, double *w)
{
    char key[64];
    snprintf(key, sizeof key, "weight.%s", domain_key[domain]);
    *w = value__cms_params_or(p, year, key, NAN);
    return isnan(*w) ? 0 : 1;
}

int value_hvbp_domain_score(const double *measure_scores, size_t n, size_t n_measures, int fiscal_year,
                            value_hvbp_domain domain, double *out_score, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(measure_scores, "measure_scores")) || (rc = value__check_ptr(out_score, "out_score")))
        return rc;
    if (n_measures == 0)
        return value__fail(VALUE_EINVAL, "n_measures is 0, must be at least 1");
    if (n == 0 || n % n_measures != 0)
        return value__fail(VALUE_EINVAL, "n is %zu, must be a positive multiple of n_measures (%zu)", n, n_measures);
    size_t hospitals = n / n_measures;
    if ((rc = value__check_length("out_len", out_len, hospitals, "n / n_measures")))
        return rc;
    if ((int)domain < 1 || (int)domain > VALUE_HVBP_N_DOMAINS)
        return value__fail(VALUE_EINVAL, "domain is %d, must be a value_hvbp_domain (1-%d)", (int)domain,
                           VALUE_HVBP_N_DOMAINS);
    if (domain == VALUE_HVBP_PERSON_ENGAGEMENT)
        return value__fail(VALUE_EINVAL, "domain person_engagement is scored by value_hvbp_hcahps()");
    for (size_t i = 0; i < n; i++)
        if (!isnan(measure_scores[i]) && !(measure_scores[i] >= 0 && measure_scores[i] <= 10))
            return value__fail_element("measure_scores", i, measure_scores[i],
                                       "must be in [0, 10] or NaN (not scored)");
    value__cms_params *p = NULL;
    if ((rc = value__cms_params_load_year("hvbp", fiscal_year, "fiscal year", &p)))
        return rc;
    double w, min_measures;
    char key[64];
    snprintf(key, sizeof key, "min_measures.%s", domain_key[domain]);
    if (!domain_weight(p, fiscal_year, domain, &w) ||
        value__cms_params_scalar(p, fiscal_year, key, &min_measures) != VALUE_OK) {
        value__cms_params_free(p);
        return value__fail(VALUE_EINVAL, "hvbp has no %s domain in fiscal year %d", domain_key[domain], fiscal_year);
    }
    value__cms_params_free(p);
    for (size_t h = 0; h < hospitals; h++) {
        const double *s = measure_scores + h * n_measures;
        double sum = 0;
        size_t scored = 0;
        for (size_t m = 0; m < n_measures; m++)
            if (!isnan(s[m])) {
                sum += s[m];
                scored++;
            }
        out_score[h] = (double)scored >= min_measures && scored > 0 ? 100.0 * sum / (10.0 * (double)scored) : NAN;
    }
    return VALUE_OK;
}

int value_hvbp_tps(const double *domain_scores, size_t n, int fiscal_year, double *out_tps, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(domain_scores, "domain_scores")) || (rc = value__check_ptr(out_tps, "out_tps")))
        return rc;
    if (n == 0 || n % VALUE_HVBP_N_DOMAINS != 0)
        return value__fail(VALUE_EINVAL, "n is %zu, must be a positive multiple of %d (hospitals x domains)", n,
                           VALUE_HVBP_N_DOMAINS);
    size_t hospitals = n / VALUE_HVBP_N_DOMAINS;
    if ((rc = value__check_length("out_len", out_len, hospitals, "n / VALUE_HVBP_N_DOMAINS")))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!isnan(domain_scores[i]) && !(domain_scores[i] >= 0 && domain_scores[i] <= 100))
            return value__fail_element("domain_scores", i, domain_scores[i], "must be in [0, 100] or NaN (no score)");
    value__cms_params *p = NULL;
    if ((rc = value__cms_params_load_year("hvbp", fiscal_year, "fiscal year", &p)))
        return rc;
    double weight[VALUE_HVBP_N_DOMAINS + 1] = {0}, min_domains = 1;
    int in_force[VALUE_HVBP_N_DOMAINS + 1] = {0};
    for (int d = 1; d <= VALUE_HVBP_N_DOMAINS; d++)
        in_force[d] = domain_weight(p, fiscal_year, d, &weight[d]);
    rc = value__cms_params_scalar(p, fiscal_year, "min_domains", &min_domains);
    value__cms_params_free(p);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        int d = (int)(i % VALUE_HVBP_N_DOMAINS) + 1;
        if (!isnan(domain_scores[i]) && !in_force[d])
            return value__fail(VALUE_EINVAL, "domain_scores[%zu] (%s of hospital %zu) is given, but hvbp has no %s "
                                             "domain in fiscal year %d",
                               i, domain_key[d], i / VALUE_HVBP_N_DOMAINS, domain_key[d], fiscal_year);
    }
    for (size_t h = 0; h < hospitals; h++) {
        const double *s = domain_scores + h * VALUE_HVBP_N_DOMAINS;
        double num = 0, den = 0;
        int scored = 0;
        for (int d = 1; d <= VALUE_HVBP_N_DOMAINS; d++)
            if (!isnan(s[d - 1])) {
                num += weight[d] * s[d - 1];
                den += weight[d];
                scored++;
            }
        out_tps[h] = scored >= min_domains && den > 0 ? num / den : NAN;
    }
    return VALUE_OK;
}

int value_hvbp_payment(const double *tps, size_t n, int fiscal_year, double slope, double *out_incentive_percentage,
                       double *out_adjustment_factor, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(tps, "tps")) ||
        (rc = value__check_ptr(out_incentive_percentage, "out_incentive_percentage")) ||
        (rc = value__check_ptr(out_adjustment_factor, "out_adjustment_factor")))
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n is 0, must be at least 1 hospital");
    if ((rc = value__check_length("out_len", out_len, n, "n")))
        return rc;
    if ((rc = value__check_finite(slope, "slope")))
        return rc;
    if (!(slope > 0)) {
        char b[32];
        value__format_shortest(slope, b, sizeof b);
        return value__fail(VALUE_EINVAL, "slope is %s, must be > 0", b);
    }
    for (size_t i = 0; i < n; i++)
        if (!isnan(tps[i]) && !(tps[i] >= 0 && tps[i] <= 100))
            return value__fail_element("tps", i, tps[i], "must be in [0, 100] or NaN (no TPS)");
    value__cms_params *p = NULL;
    if ((rc = value__cms_params_load_year("hvbp", fiscal_year, "fiscal year", &p)))
        return rc;
    double w, neutral = 0;
    rc = value__cms_params_scalar(p, fiscal_year, "withhold", &w);
    if (rc == VALUE_OK)
        neutral = value__cms_params_or(p, fiscal_year, "neutral_payment", 0);
    value__cms_params_free(p);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (neutral != 0) {
            out_incentive_percentage[i] = w;
            out_adjustment_factor[i] = 1.0;
        } else if (isnan(tps[i])) {
            out_incentive_percentage[i] = out_adjustment_factor[i] = NAN;
        } else {
            double pct = w * (tps[i] / 100.0) * slope; /* 412.162(b)(3) */
            out_incentive_percentage[i] = pct;
            out_adjustment_factor[i] = 1.0 + (pct - w); /* 412.162(c) */
        }
    }
    return VALUE_OK;
}

int value_hvbp_lef_slope(const double *tps, const double *base_payment, size_t n, double *out)
{
    int rc;
    if ((rc = value__check_ptr(tps, "tps")) || (rc = value__check_ptr(base_payment, "base_payment")) ||
        (rc = value__check_ptr(out, "out")))
        return rc;
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n is 0, must be at least 1 hospital");
    for (size_t i = 0; i < n; i++) {
        if (!isnan(tps[i]) && !(tps[i] >= 0 && tps[i] <= 100))
            return value__fail_element("tps", i, tps[i], "must be in [0, 100] or NaN (no TPS)");
        if (!(isfinite(base_payment[i]) && base_payment[i] >= 0))
            return value__fail_element("base_payment", i, base_payment[i], "must be finite and >= 0");
    }
    value__ksum num = {0, 0}, den = {0, 0};
    for (size_t i = 0; i < n; i++) {
        if (isnan(tps[i]))
            continue;
        value__ksum_add(&num, base_payment[i]);
        value__ksum_add(&den, tps[i] / 100.0 * base_payment[i]);
    }
    double d = value__ksum_get(&den);
    if (!(d > 0))
        return value__fail(VALUE_EDOM, "no base payment is weighted by a positive TPS: the slope is undefined");
    double slope = value__ksum_get(&num) / d;
    if (!isfinite(slope)) {
        char t[32];
        value__format_double(d, t, sizeof t);
        return value__fail(VALUE_ERANGE, "the LEF slope overflows (sum of TPS/100 x base payment is %s)", t);
    }
    *out = slope;
    return VALUE_OK;
}
