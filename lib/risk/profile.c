/*
 * Provider profiles: patients, observed (O) and expected (E) per provider,
 * accumulated from patient records or per-provider counts, mergeable, with
 * O/E, its interval, risk-adjusted rates, Poisson z-scores and Wilson
 * intervals of the raw proportions.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method notes (where value.h leaves a choice open):
 *
 * - Sums.  Patients and O are sums of whole numbers held in doubles:
 *   exact while a provider's total stays below 2^53, so they do not depend
 *   on the order of the records or on how a data set was split and merged.
 *   E is a Neumaier-compensated sum (a running sum s and a compensation c
 *   per provider; merging adds s into s with compensation and c into c).
 *   For the non-negative terms here the value s + c is within about two
 *   units in the last place of the exact sum whatever the order, so results
 *   of any split and merge order agree to about 4e-16 relative (tested at
 *   1e-15), though not always to the last bit.
 *
 * - One pass, all or nothing.  value_profile_add_records() and
 *   value_profile_add_counts() check and add each record in one pass over
 *   the input.  The first time a call touches a provider, the provider's
 *   totals are saved in a journal owned by the profile (allocated with it,
 *   so adding never allocates); when a record turns out to be invalid,
 *   the touched providers are restored from the journal, so a failed call
 *   leaves the profile bit-for-bit as it was.  "First time" is an epoch
 *   stamp per provider compared with the call's epoch: no division, no
 *   allocation and no function call per record.
 *
 * - Results.  A provider without patients, or with E = 0, gets NaN for
 *   O/E, its limits, the rate and z.  The limits are
 *   value_risk_oe_interval()'s (exact Poisson for O < 10, Byar from 10,
 *   value__risk_oe_limits() in risk_perf.c);
 *   z = (O - E)/sqrt(E).  A reference rate of 0 means the overall
 *   sum(O)/sum(patients) of the profile.  Results are computed into
 *   scratch and copied out only when every provider succeeded.
 */
#include "risk.h" /* value__risk_oe_limits() */

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per-provider totals.  32 bytes: one record touches half a cache line. */
typedef struct prov_acc {
    double patients; /* whole */
    double observed; /* whole */
    value__ksum e;   /* E: Neumaier's running sum and its compensation */
} prov_acc;

struct value_profile {
    size_t n;           /* providers */
    prov_acc *acc;      /* n */
    uint32_t *stamp;    /* n: the epoch of the last add call that touched the provider */
    uint32_t epoch;     /* the current add call's epoch (>= 1) */
    uint32_t *j_index;  /* journal: providers touched by the current add call */
    prov_acc *j_saved;  /* journal: their totals before the call */
};

/* Provider codes are int32_t, so more providers than this could not be addressed. */
#define MAX_PROVIDERS ((size_t)INT32_MAX + 1)

/* ---- small helpers ---------------------------------------------------------------- */

/* x is finite and >= 0. */
static inline bool is_nonneg_finite(double x)
{
    return x >= 0 && x <= DBL_MAX;
}

static int check_level(double level)
{
    if (!(level > 0.0 && level < 1.0)) {
        char buf[32];
        value__format_double(level, buf, sizeof buf);
        return value__fail(VALUE_EINVAL, "level must be in (0, 1), got %s", buf);
    }
    return VALUE_OK;
}

/* ---- the handle ------------------------------------------------------------------- */

int value_profile_new(size_t n_providers, value_profile **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if (n_providers < 1)
        return value__fail(VALUE_EINVAL, "n_providers must be at least 1, got 0");
    if (n_providers > MAX_PROVIDERS || n_providers > SIZE_MAX / (2 * sizeof(prov_acc) + 2 * sizeof(uint32_t)))
        return value__fail(VALUE_EINVAL, "n_providers must be at most %zu (provider codes are int32_t), got %zu",
                           MAX_PROVIDERS, n_providers);
    value_profile *p = calloc(1, sizeof *p);
    if (p == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for a profile of %zu providers", n_providers);
    p->n = n_providers;
    p->acc = calloc(n_providers, sizeof *p->acc);
    p->stamp = calloc(n_providers, sizeof *p->stamp);
    p->j_index = malloc(n_providers * sizeof *p->j_index);
    p->j_saved = malloc(n_providers * sizeof *p->j_saved);
    if (p->acc == NULL || p->stamp == NULL || p->j_index == NULL || p->j_saved == NULL) {
        value_profile_free(p);
        return value__fail(VALUE_ENOMEM, "out of memory for a profile of %zu providers", n_providers);
    }
    p->epoch = 0;
    *out = p;
    return VALUE_OK;
}

void value_profile_free(value_profile *p)
{
    if (p == NULL)
        return;
    free(p->acc);
    free(p->stamp);
    free(p->j_index);
    free(p->j_saved);
    free(p);
}

/* ---- adding, with the journal ------------------------------------------------------- */

/* Start an add call: a fresh epoch, an empty journal.  Stamps start at 0
 * and the epoch is >= 1 during a call, so every provider counts as
 * untouched; when the epoch counter wraps, the stamps are cleared. */
static void journal_begin(value_profile *p)
{
    if (++p->epoch == 0) {
        memset(p->stamp, 0, p->n * sizeof *p->stamp);
        p->epoch = 1;
    }
}

/* Provider g is about to change: save it the first time this call touches it. */
static inline void journal_touch(value_profile *p, size_t g, size_t *n_saved)
{
    if (p->stamp[g] != p->epoch) {
        p->stamp[g] = p->epoch;
        p->j_index[*n_saved] = (uint32_t)g;
        p->j_saved[*n_saved] = p->acc[g];
        ++*n_saved;
    }
}

/* Put the touched providers back as they were before the call. */
static void journal_undo(value_profile *p, size_t n_saved)
{
    for (size_t k = 0; k < n_saved; k++)
        p->acc[p->j_index[k]] = p->j_saved[k];
}

static int fail_provider(const int32_t *provider, size_t i, size_t n_providers)
{
    return value__fail(VALUE_EINVAL, "provider[%zu] is %ld, not in [0, %zu)", i, (long)provider[i], n_providers);
}

int value_profile_add_records(value_profile *p, const int32_t *provider, const double *observed,
                              const double *expected, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(provider, "provider")) ||
        (rc = value__check_ptr(observed, "observed")) || (rc = value__check_ptr(expected, "expected")))
        return rc;
    if (n < 1)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");

    journal_begin(p);
    size_t n_saved = 0;
    const uint64_t np = p->n;
    prov_acc *acc = p->acc;
    for (size_t i = 0; i < n; i++) {
        /* a negative code becomes an unsigned one >= 2^31 >= n_providers */
        uint64_t g = (uint32_t)provider[i];
        double o = observed[i], e = expected[i];
        if (g >= np || !value__is_count(o) || !is_nonneg_finite(e)) {
            journal_undo(p, n_saved);
            if (g >= np)
                return fail_provider(provider, i, p->n);
            if (!value__is_count(o))
                return value__fail_element("observed", i, o, "not a whole number >= 0");
            return value__fail_element("expected", i, e, "not finite and >= 0");
        }
        journal_touch(p, (size_t)g, &n_saved);
        prov_acc *a = &acc[g];
        a->patients += 1.0;
        a->observed += o;
        value__ksum_add(&a->e, e);
    }
    return VALUE_OK;
}

int value_profile_add_counts(value_profile *p, const int32_t *provider, const double *observed,
                             const double *expected, const double *patients, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(provider, "provider")) ||
        (rc = value__check_ptr(observed, "observed")) || (rc = value__check_ptr(expected, "expected")) ||
        (rc = value__check_ptr(patients, "patients")))
        return rc;
    if (n < 1)
        return value__fail(VALUE_EINVAL, "n must be at least 1, got 0");

    journal_begin(p);
    size_t n_saved = 0;
    for (size_t i = 0; i < n; i++) {
        double o = observed[i], e = expected[i], m = patients[i];
        rc = VALUE_OK;
        if (provider[i] < 0 || (uint64_t)provider[i] >= (uint64_t)p->n)
            rc = fail_provider(provider, i, p->n);
        else if (!value__is_count(o))
            rc = value__fail_element("observed", i, o, "not a whole number >= 0");
        else if (!is_nonneg_finite(e))
            rc = value__fail_element("expected", i, e, "not finite and >= 0");
        else if (!value__is_count(m))
            rc = value__fail_element("patients", i, m, "not a whole number >= 0");
        if (rc) {
            journal_undo(p, n_saved);
            return rc;
        }
        size_t g = (size_t)provider[i];
        journal_touch(p, g, &n_saved);
        prov_acc *a = &p->acc[g];
        a->patients += m;
        a->observed += o;
        value__ksum_add(&a->e, e);
    }
    return VALUE_OK;
}

int value_profile_merge(value_profile *into, const value_profile *from)
{
    int rc;
    if ((rc = value__check_ptr(into, "into")) || (rc = value__check_ptr(from, "from")))
        return rc;
    if (into->n != from->n)
        return value__fail(VALUE_EINVAL, "profiles differ in size: into has %zu providers, from has %zu", into->n,
                           from->n);
    /* into == from doubles the profile: each provider is read before it is written */
    for (size_t g = 0; g < into->n; g++) {
        prov_acc b = from->acc[g];
        prov_acc *a = &into->acc[g];
        a->patients += b.patients;
        a->observed += b.observed;
        value__ksum_add(&a->e, b.e.s);
        a->e.c += b.e.c;
    }
    return VALUE_OK;
}

/* ---- results -------------------------------------------------------------------------- */

int value_profile_results(const value_profile *p, double level, double reference_rate, double *out_patients,
                          double *out_observed, double *out_expected, double *out_oe, double *out_lower,
                          double *out_upper, double *out_rate, double *out_z, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(out_patients, "out_patients")) ||
        (rc = value__check_ptr(out_observed, "out_observed")) ||
        (rc = value__check_ptr(out_expected, "out_expected")) || (rc = value__check_ptr(out_oe, "out_oe")) ||
        (rc = value__check_ptr(out_lower, "out_lower")) || (rc = value__check_ptr(out_upper, "out_upper")) ||
        (rc = value__check_ptr(out_rate, "out_rate")) || (rc = value__check_ptr(out_z, "out_z")) ||
        (rc = value__check_length("out_len", out_len, p->n, "providers")) || (rc = check_level(level)))
        return rc;
    if (!(reference_rate >= 0 && isfinite(reference_rate))) {
        char buf[32];
        value__format_double(reference_rate, buf, sizeof buf);
        return value__fail(VALUE_EINVAL, "reference_rate must be finite and > 0 (or 0 for the overall rate), got %s",
                           buf);
    }
    const size_t n = p->n;
    if (reference_rate == 0) { /* the overall observed rate: sums of whole numbers */
        double all_o = 0, all_m = 0;
        for (size_t g = 0; g < n; g++) {
            all_o += p->acc[g].observed;
            all_m += p->acc[g].patients;
        }
        if (all_m == 0)
            return value__fail(VALUE_EDOM, "reference_rate is 0 (the overall rate) but the profile has no patients");
        reference_rate = all_o / all_m;
    }

    /* patients, O, E, O/E, lower, upper, rate, z */
    if (n > SIZE_MAX / (8 * sizeof(double)))
        return value__fail(VALUE_ENOMEM, "out of memory for results of %zu providers", n);
    double *t = malloc(8 * n * sizeof *t);
    if (t == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for results of %zu providers", n);
    double *tm = t, *to = t + n, *te = t + 2 * n, *toe = t + 3 * n;
    double *tlo = t + 4 * n, *thi = t + 5 * n, *trate = t + 6 * n, *tz = t + 7 * n;
    for (size_t g = 0; g < n; g++) {
        const prov_acc *a = &p->acc[g];
        double o = a->observed, e = value__ksum_get(&a->e);
        tm[g] = a->patients;
        to[g] = o;
        te[g] = e;
        if (a->patients == 0 || e == 0) {
            toe[g] = tlo[g] = thi[g] = trate[g] = tz[g] = NAN;
            continue;
        }
        double r[4];
        if ((rc = value__risk_oe_limits(o, e, level, reference_rate, r))) {
            free(t);
            return value__fail_within(rc, "provider %zu", g); /* say which provider */
        }
        toe[g] = r[0];
        tlo[g] = r[1];
        thi[g] = r[2];
        trate[g] = r[3];
        tz[g] = (o - e) / sqrt(e);
    }
    size_t bytes = n * sizeof *t;
    memcpy(out_patients, tm, bytes);
    memcpy(out_observed, to, bytes);
    memcpy(out_expected, te, bytes);
    memcpy(out_oe, toe, bytes);
    memcpy(out_lower, tlo, bytes);
    memcpy(out_upper, thi, bytes);
    memcpy(out_rate, trate, bytes);
    memcpy(out_z, tz, bytes);
    free(t);
    return VALUE_OK;
}

int value_profile_proportions(const value_profile *p, double level, double *out_rate, double *out_lower,
                              double *out_upper, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(p, "p")) || (rc = value__check_ptr(out_rate, "out_rate")) ||
        (rc = value__check_ptr(out_lower, "out_lower")) || (rc = value__check_ptr(out_upper, "out_upper")) ||
        (rc = value__check_length("out_len", out_len, p->n, "providers")) || (rc = check_level(level)))
        return rc;
    /* Every check first, so that nothing is written unless all succeed. */
    for (size_t g = 0; g < p->n; g++) {
        const prov_acc *a = &p->acc[g];
        if (a->observed > a->patients) {
            char bo[32], bm[32];
            value__format_double(a->observed, bo, sizeof bo);
            value__format_double(a->patients, bm, sizeof bm);
            return value__fail(VALUE_EINVAL, "provider %zu has more events (%s) than patients (%s): not a proportion",
                               g, bo, bm);
        }
    }
    /* The level's critical value can still be refused (a level so close to
     * 1 that 1 - alpha/2 rounds to 1): try it before writing anything. */
    double lo, hi;
    if ((rc = value_outcome_wilson(0, 1, level, &lo, &hi)))
        return rc;
    for (size_t g = 0; g < p->n; g++) {
        const prov_acc *a = &p->acc[g];
        if (a->patients == 0) {
            out_rate[g] = out_lower[g] = out_upper[g] = NAN;
            continue;
        }
        /* cannot fail now: x and n are whole, 0 <= x <= n, n >= 1, and the
         * level passed above */
        if ((rc = value_outcome_wilson(a->observed, a->patients, level, &lo, &hi)))
            return rc;
        out_rate[g] = a->observed / a->patients;
        out_lower[g] = lo;
        out_upper[g] = hi;
    }
    return VALUE_OK;
}
