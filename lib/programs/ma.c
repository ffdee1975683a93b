/*
 * Medicare Advantage payment risk scores by payment year: the CMS-HCC raw
 * scores normalized, blended across model versions and reduced by the MA
 * coding pattern adjustment.  Parameters: lib/programs/data/cms_ma.txt.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cms.h"

#include <math.h>

typedef struct ma_year {
    double w24, w28, n24, n28, coding;
} ma_year;

static int ma_factors(const value__cms_params *p, int year, ma_year *f)
{
    int rc;
    if ((rc = value__cms_params_scalar(p, year, "blend.v24", &f->w24)) ||
        (rc = value__cms_params_scalar(p, year, "blend.v28", &f->w28)) ||
        (rc = value__cms_params_scalar(p, year, "normalization.v24", &f->n24)) ||
        (rc = value__cms_params_scalar(p, year, "normalization.v28", &f->n28)) ||
        (rc = value__cms_params_scalar(p, year, "coding_adjustment", &f->coding)))
        return rc;
    /* The table is ours, but a broken edit must fail loudly, not pay wrongly. */
    if (!(f->w24 >= 0 && f->w28 >= 0 && fabs(f->w24 + f->w28 - 1) < 1e-12 && f->n24 > 0 && f->n28 > 0 &&
          f->coding >= 0 && f->coding < 1))
        return value__fail(VALUE_EPARSE, "ma: the factors for payment year %d are inconsistent", year);
    return VALUE_OK;
}

static int check_scores(const double *raw, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!(raw[i] >= 0 && isfinite(raw[i])))
            return value__fail_element(name, i, raw[i], "must be finite and >= 0");
    return VALUE_OK;
}

int value_ma_risk_score(int payment_year, const double *raw_v28, const double *raw_v24, size_t n, double *out,
                        size_t out_len)
{
    if (raw_v28 == NULL || out == NULL)
        return value__fail(VALUE_EINVAL, "%s is NULL", raw_v28 == NULL ? "raw_v28" : "out");
    if (n == 0)
        return value__fail(VALUE_EINVAL, "n must be at least 1");
    if (out_len != n)
        return value__fail(VALUE_EINVAL, "out_len must be %zu (n), got %zu", n, out_len);
    value__cms_params *p;
    int rc = value__cms_params_load_year("ma", payment_year, "payment year", &p);
    if (rc != VALUE_OK)
        return rc;
    ma_year f;
    rc = ma_factors(p, payment_year, &f);
    value__cms_params_free(p);
    if (rc != VALUE_OK)
        return rc;
    if (f.w24 > 0 && raw_v24 == NULL)
        return value__fail(VALUE_EINVAL, "raw_v24 is NULL, but payment year %d weighs V24 at %g%%", payment_year,
                           100 * f.w24);
    if ((rc = check_scores(raw_v28, n, "raw_v28")) != VALUE_OK ||
        (f.w24 > 0 && (rc = check_scores(raw_v24, n, "raw_v24")) != VALUE_OK))
        return rc;
    for (size_t i = 0; i < n; i++) {
        double s = f.w28 * (raw_v28[i] / f.n28);
        if (f.w24 > 0)
            s += f.w24 * (raw_v24[i] / f.n24);
        out[i] = (1 - f.coding) * s;
    }
    return VALUE_OK;
}
