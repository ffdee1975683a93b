/* Hospital Value-Based Purchasing (lib/programs/hvbp.c).
 * - Every reported achievement points, improvement points and measure score
 *   of CMS's FY2024 HVBP Clinical Outcomes and Safety domain files
 *   (tests/data/cms/hvbp_fy2024_*.csv, 2,474 hospitals x 12
 *   measures), and the Combined SSI score wherever the file determines it.
 * - Hand-worked HCAHPS consistency points, domain scores, re-weighting, TPS
 *   and linear exchange function cases (42 CFR 412.162, 412.165), with the
 *   arithmetic in the comments.
 * - The withhold of 1886(o)(7)(C) from the parameter table; bad input.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdint.h>

#define MAXCOLS 64
#define MAXROWS 3000

/* ---- a small CSV reader (the files have no quoted fields, but allow them) ---- */
typedef struct csv {
    size_t ncols, nrows;
    char *header[MAXCOLS];
    char **cells; /* nrows x ncols */
    char *buf;
} csv;

static size_t split(char *line, char **out, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *start = p, *w = p;
        int quoted = 0;
        if (*p == '"') {
            quoted = 1;
            p++;
        }
        while (*p) {
            if (quoted && *p == '"') {
                if (p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                    continue;
                }
                quoted = 0;
                p++;
                continue;
            }
            if (!quoted && *p == ',')
                break;
            *w++ = *p++;
        }
        int more = *p == ',';
        *w = '\0';
        ck_assert_uint_lt(n, max);
        out[n++] = start;
        if (!more)
            break;
        p++;
    }
    return n;
}

static csv *csv_read(const char *name)
{
    char *path = tu_data_file(name);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    csv *c = calloc(1, sizeof *c);
    c->buf = malloc((size_t)len + 1);
    ck_assert_uint_eq(fread(c->buf, 1, (size_t)len, f), (size_t)len);
    c->buf[len] = '\0';
    fclose(f);
    free(path);
    c->cells = calloc((size_t)MAXROWS * MAXCOLS, sizeof(char *));
    char *s = c->buf;
    if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
        s += 3; /* UTF-8 byte order mark */
    int first = 1;
    while (*s) {
        char *e = strchr(s, '\n');
        char *next = e ? e + 1 : s + strlen(s);
        if (e)
            *e = '\0';
        size_t l = strlen(s);
        if (l && s[l - 1] == '\r')
            s[l - 1] = '\0';
        if (*s) {
            if (first) {
                c->ncols = split(s, c->header, MAXCOLS);
                first = 0;
            } else {
                ck_assert_uint_lt(c->nrows, MAXROWS);
                size_t n = split(s, c->cells + c->nrows * MAXCOLS, MAXCOLS);
                ck_assert_msg(n == c->ncols, "%s row %zu has %zu fields, header %zu", name, c->nrows + 1, n, c->ncols);
                c->nrows++;
            }
        }
        s = next;
    }
    return c;
}

static void csv_free(csv *c)
{
    free(c->cells);
    free(c->buf);
    free(c);
}

static size_t col(const csv *c, const char *measure, const char *what)
{
    char name[128];
    if (what)
        snprintf(name, sizeof name, "%s %s", measure, what);
    else
        snprintf(name, sizeof name, "%s", measure);
    for (size_t i = 0; i < c->ncols; i++)
        if (strcmp(c->header[i], name) == 0)
            return i;
    ck_abort_msg("no column \"%s\"", name);
    return 0;
}

static const char *cell(const csv *c, size_t row, size_t column)
{
    return c->cells[row * MAXCOLS + column];
}

/* A rate cell: a number, or NaN for "Not Available". */
static double rate(const char *s)
{
    if (strcmp(s, "Not Available") == 0)
        return NAN;
    char *end;
    double x = strtod(s, &end);
    ck_assert_msg(*s && *end == '\0', "rate cell \"%s\" is not a number", s);
    return x;
}

/* A points cell "k out of M": k (M checked), or NaN for "Not Available". */
static double pts(const char *s, int max)
{
    if (strcmp(s, "Not Available") == 0)
        return NAN;
    int k, m;
    char tail;
    ck_assert_msg(sscanf(s, "%d out of %d%c", &k, &m, &tail) == 2, "points cell \"%s\"", s);
    ck_assert_msg(m == max, "points cell \"%s\": want out of %d", s, max);
    return k;
}

static int same(double got, double want)
{
    return (isnan(got) && isnan(want)) || got == want;
}

typedef struct tally {
    size_t rows, scored, cells, mismatches, baseline_beats_benchmark, at_threshold, exact_halves;
} tally;

/* Score one measure for every hospital of the file and compare the three
 * reported columns.  The performance standards must be the same on every row
 * and equal the table's standard.<key>. */
static void check_measure(const csv *c, const char *measure, const char *key, value_hvbp_direction dir,
                          double *score_out, tally *t)
{
    size_t n = c->nrows;
    size_t cth = col(c, measure, "Achievement Threshold"), cbm = col(c, measure, "Benchmark"),
           cba = col(c, measure, "Baseline Rate"), cpe = col(c, measure, "Performance Rate"),
           cap = col(c, measure, "Achievement Points"), cip = col(c, measure, "Improvement Points"),
           cms = col(c, measure, "Measure Score");
    double *q = malloc(n * sizeof *q), *p = malloc(n * sizeof *p), *a = malloc(n * sizeof *a),
           *im = malloc(n * sizeof *im), *s = malloc(n * sizeof *s);
    double th = rate(cell(c, 0, cth)), bm = rate(cell(c, 0, cbm));
    char k[64];
    snprintf(k, sizeof k, "standard.%s", key);
    double tab_th, tab_bm;
    assert_ok(value_cms_parameter("hvbp", 2024, k, 0, &tab_th));
    assert_ok(value_cms_parameter("hvbp", 2024, k, 1, &tab_bm));
    ck_assert_msg(tab_th == th && tab_bm == bm, "%s: table standard %g/%g, file %g/%g", measure, tab_th, tab_bm, th,
                  bm);
    for (size_t r = 0; r < n; r++) {
        ck_assert_msg(rate(cell(c, r, cth)) == th && rate(cell(c, r, cbm)) == bm, "%s row %zu: other standards",
                      measure, r);
        q[r] = rate(cell(c, r, cba));
        p[r] = rate(cell(c, r, cpe));
    }
    assert_ok(value_hvbp_measure_points(q, p, n, th, bm, dir, a, im, s, n));
    double sg = dir == VALUE_HVBP_LOWER_IS_BETTER ? -1 : 1;
    for (size_t r = 0; r < n; r++) {
        double wa = pts(cell(c, r, cap), 10), wi = pts(cell(c, r, cip), 9), ws = pts(cell(c, r, cms), 10);
        int ok = same(a[r], wa) && same(im[r], wi) && same(s[r], ws);
        t->rows++;
        t->cells += 3;
        t->scored += isnan(ws) ? 0 : 1;
        if (!ok) {
            t->mismatches++;
            fprintf(stderr, "MISMATCH %s facility %s: baseline %s performance %s: got %g/%g/%g, CMS %s/%s/%s\n",
                    measure, cell(c, r, col(c, "Facility ID", NULL)), cell(c, r, cba), cell(c, r, cpe), a[r], im[r],
                    s[r], cell(c, r, cap), cell(c, r, cip), cell(c, r, cms));
        }
        if (!isnan(p[r]) && !isnan(q[r]) && sg * q[r] >= sg * bm && sg * p[r] >= sg * bm)
            t->baseline_beats_benchmark++;
        if (!isnan(p[r]) && p[r] == th)
            t->at_threshold++;
        /* exact halves before rounding, found in decimal: 9(p-t)/(b-t) or 10(p-q)/(b-q) a whole number */
        if (!isnan(p[r]) && sg * p[r] > sg * th && sg * p[r] < sg * bm) {
            double x = 9 * (p[r] - th) / (bm - th);
            if (fabs(x - nearbyint(x)) < 1e-9)
                t->exact_halves++;
        }
        if (!isnan(p[r]) && !isnan(q[r]) && sg * p[r] > sg * q[r] && sg * p[r] < sg * bm) {
            double x = 10 * (p[r] - q[r]) / (bm - q[r]);
            if (fabs(x - nearbyint(x)) < 1e-9)
                t->exact_halves++;
        }
    }
    if (score_out)
        memcpy(score_out, s, n * sizeof *s);
    free(q);
    free(p);
    free(a);
    free(im);
    free(s);
}

START_TEST(reference_fy2024_clinical_outcomes_and_safety)
{
    static const struct {
        const char *measure, *key;
        value_hvbp_direction dir;
    } co[] = {{"MORT-30-AMI", "mort_30_ami", VALUE_HVBP_HIGHER_IS_BETTER},
              {"MORT-30-HF", "mort_30_hf", VALUE_HVBP_HIGHER_IS_BETTER},
              {"MORT-30-PN", "mort_30_pn", VALUE_HVBP_HIGHER_IS_BETTER},
              {"MORT-30-COPD", "mort_30_copd", VALUE_HVBP_HIGHER_IS_BETTER},
              {"MORT-30-CABG", "mort_30_cabg", VALUE_HVBP_HIGHER_IS_BETTER},
              {"COMP-HIP-KNEE", "comp_hip_knee", VALUE_HVBP_LOWER_IS_BETTER}},
      sa[] = {{"HAI-1", "hai_1", VALUE_HVBP_LOWER_IS_BETTER}, {"HAI-2", "hai_2", VALUE_HVBP_LOWER_IS_BETTER},
              {"HAI-3", "hai_3", VALUE_HVBP_LOWER_IS_BETTER}, {"HAI-4", "hai_4", VALUE_HVBP_LOWER_IS_BETTER},
              {"HAI-5", "hai_5", VALUE_HVBP_LOWER_IS_BETTER}, {"HAI-6", "hai_6", VALUE_HVBP_LOWER_IS_BETTER}};
    tally t = {0};
    csv *c = csv_read("cms/hvbp_fy2024_clinical_outcomes.csv");
    ck_assert_uint_eq(c->nrows, 2474);
    for (size_t m = 0; m < 6; m++)
        check_measure(c, co[m].measure, co[m].key, co[m].dir, NULL, &t);
    csv_free(c);

    c = csv_read("cms/hvbp_fy2024_safety.csv");
    ck_assert_uint_eq(c->nrows, 2474);
    size_t n = c->nrows;
    double *s3 = malloc(n * sizeof *s3), *s4 = malloc(n * sizeof *s4);
    for (size_t m = 0; m < 6; m++)
        check_measure(c, sa[m].measure, sa[m].key, sa[m].dir, m == 2 ? s3 : m == 3 ? s4 : NULL, &t);

    /* Combined SSI: HAI-3 and HAI-4 weighted by predicted infections, which the
     * file lacks.  Determined by the file: one stratum scored (any weights), or
     * both with the same score; otherwise the reported score must lie between
     * the two strata's scores (what can be said without the weights). */
    double *one = malloc(n * sizeof *one), *comb = malloc(n * sizeof *comb);
    for (size_t i = 0; i < n; i++)
        one[i] = 1;
    assert_ok(value_hvbp_combined_score(s3, one, s4, one, n, comb, n));
    size_t ccol = col(c, "Combined SSI Measure Score", NULL), determined = 0, bounded = 0, none = 0, cm = 0;
    for (size_t r = 0; r < n; r++) {
        double want = pts(cell(c, r, ccol), 10);
        if (isnan(s3[r]) && isnan(s4[r])) {
            none++;
            cm += isnan(want) && isnan(comb[r]) ? 0 : 1;
        } else if (isnan(s3[r]) || isnan(s4[r]) || s3[r] == s4[r]) {
            determined++;
            cm += comb[r] == want ? 0 : 1;
        } else {
            bounded++;
            cm += want >= fmin(s3[r], s4[r]) && want <= fmax(s3[r], s4[r]) ? 0 : 1;
        }
    }
    fprintf(stderr, "HVBP FY2024: %zu hospital-measure rows checked (%zu scored), %zu cells, %zu mismatches; "
                    "%zu with baseline and performance beyond the benchmark, %zu rates at the threshold, %zu exact "
                    "halves\n",
            t.rows, t.scored, t.cells, t.mismatches, t.baseline_beats_benchmark, t.at_threshold, t.exact_halves);
    fprintf(stderr, "HVBP FY2024 Combined SSI: %zu reproduced exactly, %zu checked only as between the HAI-3 and "
                    "HAI-4 scores, %zu not available; %zu mismatches\n",
            determined, bounded, none, cm);
    ck_assert_uint_eq(t.rows, 12 * 2474);
    ck_assert_uint_eq(t.mismatches, 0);
    ck_assert_uint_eq(cm, 0);
    ck_assert_uint_eq(determined + bounded + none, n);
    /* the special cases were exercised */
    ck_assert_uint_gt(t.baseline_beats_benchmark, 0);
    ck_assert_uint_gt(t.at_threshold, 0);
    ck_assert_uint_gt(t.exact_halves, 0);
    free(one);
    free(comb);
    free(s3);
    free(s4);
    csv_free(c);
}
END_TEST

/* Single cases from the regulation text, both directions. */
START_TEST(measure_points_hand_worked)
{
    /* higher is better, threshold 0.80, benchmark 0.90:
     * h0 p 0.85, q 0.70: achievement 9(0.05/0.10)+0.5 = 5.0 -> 5; improvement
     *    10(0.15/0.20)-0.5 = 7.0 -> 7; score 7
     * h1 p 0.80 (at the threshold): 9*0+0.5 -> 1; q NaN: improvement NaN; score 1
     * h2 p 0.79: achievement 0; q 0.75: 10(0.04/0.15)-0.5 = 2.1667 -> 2; score 2
     * h3 p 0.95, q 0.92 (baseline beyond the benchmark): 10; improvement 9 (p > q)
     * h4 p 0.91, q 0.93 (performance worse than a baseline beyond the benchmark): 10, 0
     * h5 p NaN: not scored */
    double q[] = {0.70, NAN, 0.75, 0.92, 0.93, 0.8}, p[] = {0.85, 0.80, 0.79, 0.95, 0.91, NAN};
    double a[6], im[6], s[6];
    assert_ok(value_hvbp_measure_points(q, p, 6, 0.80, 0.90, VALUE_HVBP_HIGHER_IS_BETTER, a, im, s, 6));
    double wa[] = {5, 1, 0, 10, 10, NAN}, wi[] = {7, NAN, 2, 9, 0, NAN}, ws[] = {7, 1, 2, 10, 10, NAN};
    for (int i = 0; i < 6; i++)
        ck_assert_msg(same(a[i], wa[i]) && same(im[i], wi[i]) && same(s[i], ws[i]), "h%d: %g %g %g", i, a[i], im[i],
                      s[i]);
    /* lower is better (an SIR), threshold 0.726, benchmark 0: CMS's HAI-5 row of
     * facility 140252: q 1.405, p 1.124 -> achievement 0; improvement
     * 10(1.405-1.124)/1.405 - 0.5 = 10(0.281/1.405) - 0.5 = 2 - 0.5 = 1.5 -> 2 (half up) */
    double q2[] = {1.405}, p2[] = {1.124};
    assert_ok(value_hvbp_measure_points(q2, p2, 1, 0.726, 0, VALUE_HVBP_LOWER_IS_BETTER, a, im, s, 1));
    ck_assert(a[0] == 0 && im[0] == 2 && s[0] == 2);
}
END_TEST

/* HCAHPS: 8 dimensions, each with floor 40, achievement threshold 70 and
 * benchmark 90 (illustrative standards). */
START_TEST(hcahps_consistency_hand_worked)
{
    double f[8], t[8], b[8];
    for (int d = 0; d < 8; d++) {
        f[d] = 40;
        t[d] = 70;
        b[d] = 90;
    }
    /* Hospital A:
     *   p = 75 80 72 85 60 91 70 78;  q = 70 75 72 80 65 85 60 NaN
     *   achievement round(9(p-70)/20 + 0.5): 2.75->3, 5.0->5, 1.4->1, 7.25->7, 0 (below), 10 (>= 90),
     *     0.5->1 (at the threshold), 4.1->4
     *   improvement round(10(p-q)/(90-q) - 0.5): 2.0->2, 2.83->3, 0 (p = q), 4.5->5, 0 (p < q),
     *     9 (p >= 90 > q), 2.83->3, NaN
     *   scores 3 5 1 7 0 10 3 4: base 33
     *   lowest (p-40)/(70-40): dimension 5, 20/30 = 0.6667; 20 x 0.6667 - 0.5 = 12.83 -> 13
     *   domain 33 + 13 = 46
     * Hospital B: every dimension at 70, no baseline: achievement 1 each, base 8; lowest 1 -> 20; 28
     * Hospital C: as B with dimension 1 at the floor (40): lowest 0 -> 0; base 7 (dimension 1 scores 0); 7
     * Hospital D: no HCAHPS (all NaN): NaN */
    double p[32] = {75, 80, 72, 85, 60, 91, 70, 78}, q[32] = {70, 75, 72, 80, 65, 85, 60, NAN};
    for (int d = 0; d < 8; d++) {
        p[8 + d] = p[16 + d] = 70;
        q[8 + d] = q[16 + d] = q[24 + d] = NAN;
        p[24 + d] = NAN;
    }
    p[16] = 40;
    double a[32], im[32], s[32], cons[4], base[4], dom[4];
    assert_ok(value_hvbp_hcahps(q, p, 32, f, t, b, 8, a, im, s, 32, cons, base, dom, 4));
    double wa[] = {3, 5, 1, 7, 0, 10, 1, 4}, wi[] = {2, 3, 0, 5, 0, 9, 3, NAN}, ws[] = {3, 5, 1, 7, 0, 10, 3, 4};
    for (int d = 0; d < 8; d++)
        ck_assert_msg(same(a[d], wa[d]) && same(im[d], wi[d]) && same(s[d], ws[d]), "A dimension %d: %g %g %g", d,
                      a[d], im[d], s[d]);
    ck_assert(base[0] == 33 && cons[0] == 13 && dom[0] == 46);
    ck_assert(base[1] == 8 && cons[1] == 20 && dom[1] == 28);
    ck_assert(base[2] == 7 && cons[2] == 0 && dom[2] == 7);
    ck_assert(isnan(base[3]) && isnan(cons[3]) && isnan(dom[3]) && isnan(s[24]));
}
END_TEST

START_TEST(domain_scores_hand_worked)
{
    /* FY2024 clinical outcomes of CMS's facility 10001 (its six measure scores in
     * the reference file: 7, 8, 0, 1, 1, 6): 23 of 60 points -> 38.333...
     * A hospital with one scored measure: below the minimum of 2 -> NaN. */
    double co[] = {7, 8, 0, 1, 1, 6, NAN, 5, NAN, NAN, NAN, NAN}, out[2];
    assert_ok(value_hvbp_domain_score(co, 12, 6, 2024, VALUE_HVBP_CLINICAL_OUTCOMES, out, 2));
    assert_rel(out[0], 100.0 * 23 / 60, 1e-15);
    ck_assert(isnan(out[1]));
    /* FY2024 safety, 5 measures (CLABSI, CAUTI, SSI, MRSA, CDI): 3, -, 10, -, 0 -> 13 of 30 = 43.333...;
     * exactly 2 scored (min 2): 4, 6 -> 10 of 20 = 50 */
    double sa[] = {3, NAN, 10, NAN, 0, NAN, 4, NAN, 6, NAN};
    assert_ok(value_hvbp_domain_score(sa, 10, 5, 2024, VALUE_HVBP_SAFETY, out, 2));
    assert_rel(out[0], 100.0 * 13 / 30, 1e-15);
    ck_assert(out[1] == 50);
    /* efficiency (MSPB) needs 1 measure: 7 -> 70 */
    double ef[] = {7};
    assert_ok(value_hvbp_domain_score(ef, 1, 1, 2024, VALUE_HVBP_EFFICIENCY, out, 1));
    ck_assert(out[0] == 70);
}
END_TEST

START_TEST(tps_and_reweighting_hand_worked)
{
    /* FY2024, weights 25% each, a TPS needs 3 of 4 domains.  Columns: clinical
     * outcomes, person engagement, safety, efficiency, clinical process.
     * h0: 115/3, 46, 130/3, efficiency missing: re-weighted to 1/3 each:
     *     (115/3 + 46 + 130/3)/3 = (245 + 138)/9 = 383/9 = 42.555...
     * h1: all four: 0.25(40 + 60 + 80 + 20) = 50
     * h2: two domains only: NaN */
    double ds[] = {115.0 / 3, 46, 130.0 / 3, NAN, NAN,  40, 60, 80, 20, NAN,  30, 70, NAN, NAN, NAN};
    double tps[3];
    assert_ok(value_hvbp_tps(ds, 15, 2024, tps, 3));
    assert_rel(tps[0], 383.0 / 9, 1e-15);
    assert_rel(tps[1], 50, 1e-15);
    ck_assert(isnan(tps[2]));
    /* FY2016: clinical process 10%, experience 25%, outcome 40%, efficiency 25%
     * (QualityNet's example: without efficiency, 10/75, 25/75, 40/75 = 13.3%,
     * 33.3%, 53.3%).  Process 80, experience 50, outcome 30:
     * (0.10 x 80 + 0.25 x 50 + 0.40 x 30)/0.75 = (8 + 12.5 + 12)/0.75 = 43.333... */
    double d16[] = {30, 50, NAN, NAN, 80};
    assert_ok(value_hvbp_tps(d16, 5, 2016, tps, 1));
    assert_rel(tps[0], 32.5 / 0.75, 1e-15);
    /* FY2013: process 70%, experience 30%: 0.7 x 60 + 0.3 x 40 = 54 */
    double d13[] = {NAN, 40, NAN, NAN, 60};
    assert_ok(value_hvbp_tps(d13, 5, 2013, tps, 1));
    assert_rel(tps[0], 54, 1e-15);
}
END_TEST

START_TEST(payment_hand_worked)
{
    /* FY2024: withhold 2% (1886(o)(7)(C)(v)); slope 3 (illustrative):
     * TPS 50: 0.02 x 0.50 x 3 = 0.03; factor 1 + 0.03 - 0.02 = 1.01
     * TPS 20: 0.02 x 0.20 x 3 = 0.012; factor 0.992
     * TPS 0: 0, factor 0.98 (the whole withhold lost); no TPS: NaN */
    double tps[] = {50, 20, 0, NAN}, pct[4], fac[4];
    assert_ok(value_hvbp_payment(tps, 4, 2024, 3.0, pct, fac, 4));
    assert_rel(pct[0], 0.03, 1e-15);
    assert_rel(fac[0], 1.01, 1e-15);
    assert_rel(pct[1], 0.012, 1e-15);
    assert_rel(fac[1], 0.992, 1e-15);
    ck_assert(pct[2] == 0);
    assert_rel(fac[2], 0.98, 1e-15);
    ck_assert(isnan(pct[3]) && isnan(fac[3]));
    /* FY2013: withhold 1%; TPS 50, slope 2: 0.01 x 0.5 x 2 = 0.01 -> factor 1 */
    assert_ok(value_hvbp_payment(tps, 1, 2013, 2.0, pct, fac, 1));
    assert_rel(pct[0], 0.01, 1e-15);
    assert_rel(fac[0], 1.0, 1e-15);
    /* FY2022 special rule: everyone gets the 2% back, factor 1, even without a TPS */
    assert_ok(value_hvbp_payment(tps, 4, 2022, 3.0, pct, fac, 4));
    for (int i = 0; i < 4; i++)
        ck_assert(pct[i] == 0.02 && fac[i] == 1);
    /* budget-neutral slope: TPS 50 on $100 and TPS 25 on $300 of base payments:
     * s = 400/(0.5 x 100 + 0.25 x 300) = 400/125 = 3.2; check: payments
     * 0.02 x 0.5 x 3.2 x 100 + 0.02 x 0.25 x 3.2 x 300 = 3.2 + 4.8 = 8 = 2% of 400 */
    double t2[] = {50, 25, NAN}, bp[] = {100, 300, 1000}, s;
    assert_ok(value_hvbp_lef_slope(t2, bp, 3, &s));
    assert_rel(s, 3.2, 1e-15);
}
END_TEST

START_TEST(withhold_and_domains_from_the_table)
{
    /* 1886(o)(7)(C): 1.0%, 1.25%, 1.5%, 1.75%, then 2% */
    static const double want[] = {0.01, 0.0125, 0.015, 0.0175, 0.02, 0.02};
    for (int y = 2013; y <= 2018; y++) {
        double w;
        assert_ok(value_cms_parameter("hvbp", y, "withhold", 0, &w));
        ck_assert(w == want[y - 2013]);
    }
    /* each year's weights sum to 1 */
    static const char *const dom[] = {"clinical_outcomes", "person_engagement", "safety", "efficiency",
                                      "clinical_process"};
    for (int y = 2013; y <= 2025; y++) {
        double sum = 0;
        for (int d = 0; d < 5; d++) {
            char k[64];
            snprintf(k, sizeof k, "weight.%s", dom[d]);
            double w;
            if (value_cms_parameter("hvbp", y, k, 0, &w) == VALUE_OK)
                sum += w;
        }
        assert_rel(sum, 1, 1e-12);
    }
    int first, last;
    assert_ok(value_cms_years("hvbp", &first, &last));
    ck_assert(first == 2013 && last == 2025);
}
END_TEST

START_TEST(bad_input)
{
    double q[] = {0.5, 0.6}, p[] = {0.7, 0.8}, a[2] = {-7, -7}, im[2] = {-7, -7}, s[2] = {-7, -7};
    const value_hvbp_direction up = VALUE_HVBP_HIGHER_IS_BETTER, down = VALUE_HVBP_LOWER_IS_BETTER;
    assert_fails(value_hvbp_measure_points(NULL, p, 2, 0.6, 0.9, up, a, im, s, 2), VALUE_EINVAL, "baseline is NULL");
    assert_fails(value_hvbp_measure_points(q, p, 0, 0.6, 0.9, up, a, im, s, 0), VALUE_EINVAL, "n is 0");
    assert_fails(value_hvbp_measure_points(q, p, 2, 0.6, 0.9, up, a, im, s, 1), VALUE_EINVAL, "out_len must be 2 (n), got 1");
    assert_fails(value_hvbp_measure_points(q, p, 2, NAN, 0.9, up, a, im, s, 2), VALUE_EINVAL,
                 "achievement_threshold is NaN");
    assert_fails(value_hvbp_measure_points(q, p, 2, 0.6, INFINITY, up, a, im, s, 2), VALUE_EINVAL, "benchmark is Inf");
    assert_fails(value_hvbp_measure_points(q, p, 2, 0.6, 0.6, up, a, im, s, 2), VALUE_EINVAL,
                 "achievement_threshold equals benchmark (0.6)");
    assert_fails(value_hvbp_measure_points(q, p, 2, 0.9, 0.6, up, a, im, s, 2), VALUE_EINVAL,
                 "benchmark 0.6 is below achievement_threshold 0.9 for a higher-is-better measure");
    assert_fails(value_hvbp_measure_points(q, p, 2, 0.6, 0.9, down, a, im, s, 2), VALUE_EINVAL,
                 "benchmark 0.9 is above achievement_threshold 0.6 for a lower-is-better measure");
    assert_fails(value_hvbp_measure_points(q, p, 2, 0.6, 0.9, (value_hvbp_direction)7, a, im, s, 2), VALUE_EINVAL,
                 "direction is 7");
    double pinf[] = {0.7, -INFINITY};
    assert_fails(value_hvbp_measure_points(q, pinf, 2, 0.6, 0.9, up, a, im, s, 2), VALUE_EINVAL,
                 "performance[1] is -Inf");
    for (int i = 0; i < 2; i++)
        ck_assert(a[i] == -7 && im[i] == -7 && s[i] == -7); /* nothing written */

    double w[] = {1, 1}, sc[] = {3, 11}, out[2] = {-7, -7};
    assert_fails(value_hvbp_combined_score(sc, w, sc, w, 2, out, 2), VALUE_EINVAL, "score_a[1] is 11");
    double sc2[] = {3, 4}, wneg[] = {1, -1}, wz[] = {0, 0};
    assert_fails(value_hvbp_combined_score(sc2, wneg, sc2, w, 2, out, 2), VALUE_EINVAL, "weight_a[1] is -1");
    assert_fails(value_hvbp_combined_score(sc2, wz, sc2, wz, 2, out, 2), VALUE_EINVAL, "both 0");
    ck_assert(out[0] == -7 && out[1] == -7);
    /* equal weights of 1.7e308: the mean of 0 and 2 is 1 (the sum of the
     * weights used to overflow, and the score was NaN) */
    double s0[] = {0}, s2[] = {2}, wmax[] = {1.7e308};
    assert_ok(value_hvbp_combined_score(s0, wmax, s2, wmax, 1, out, 1));
    ck_assert(out[0] == 1);
    out[0] = -7;

    double f[] = {40, 40}, t[] = {70, 70}, b[] = {90, 90}, bq[] = {90, 70};
    double hp[] = {75, NAN}, hq[] = {NAN, NAN}, ha[2], hi[2], hs[2], hc[1] = {-7}, hb[1], hd[1];
    assert_fails(value_hvbp_hcahps(hq, hp, 2, f, t, b, 2, ha, hi, hs, 2, hc, hb, hd, 1), VALUE_EINVAL,
                 "performance[1] is NaN but hospital 0 has other dimensions");
    double hp2[] = {75, 80};
    assert_fails(value_hvbp_hcahps(hq, hp2, 2, f, t, bq, 2, ha, hi, hs, 2, hc, hb, hd, 1), VALUE_EINVAL,
                 "benchmark[1] is 70, must be finite and above achievement_threshold");
    assert_fails(value_hvbp_hcahps(hq, hp2, 2, f, t, b, 0, ha, hi, hs, 2, hc, hb, hd, 1), VALUE_EINVAL,
                 "n_dimensions is 0");
    assert_fails(value_hvbp_hcahps(hq, hp2, 2, f, t, b, 2, ha, hi, hs, 2, hc, hb, hd, 2), VALUE_EINVAL,
                 "out_hospitals must be 1 (n / n_dimensions), got 2");
    ck_assert(hc[0] == -7);

    double ms[] = {3, 4, 5, 6}, dsc[2] = {-7, -7};
    assert_fails(value_hvbp_domain_score(ms, 4, 2, 2031, VALUE_HVBP_SAFETY, dsc, 2), VALUE_EINVAL,
                 "hvbp has no fiscal year 2031 (known: 2013-2025)");
    assert_fails(value_hvbp_domain_score(ms, 4, 2, 2015, VALUE_HVBP_SAFETY, dsc, 2), VALUE_EINVAL,
                 "hvbp has no safety domain in fiscal year 2015");
    assert_fails(value_hvbp_domain_score(ms, 4, 2, 2024, VALUE_HVBP_CLINICAL_PROCESS, dsc, 2), VALUE_EINVAL,
                 "hvbp has no clinical_process domain in fiscal year 2024");
    assert_fails(value_hvbp_domain_score(ms, 4, 2, 2024, VALUE_HVBP_PERSON_ENGAGEMENT, dsc, 2), VALUE_EINVAL,
                 "value_hvbp_hcahps");
    assert_fails(value_hvbp_domain_score(ms, 4, 3, 2024, VALUE_HVBP_SAFETY, dsc, 1), VALUE_EINVAL,
                 "n is 4, must be a positive multiple of n_measures (3)");
    double msbad[] = {3, NAN, -1, 2};
    assert_fails(value_hvbp_domain_score(msbad, 4, 2, 2024, VALUE_HVBP_SAFETY, dsc, 2), VALUE_EINVAL,
                 "measure_scores[2] is -1");
    ck_assert(dsc[0] == -7 && dsc[1] == -7);

    double dsv[] = {50, 50, 50, 50, 10}, tp[1] = {-7};
    assert_fails(value_hvbp_tps(dsv, 5, 2024, tp, 1), VALUE_EINVAL,
                 "domain_scores[4] (clinical_process of hospital 0) is given, but hvbp has no clinical_process domain "
                 "in fiscal year 2024");
    double dsv2[] = {50, 50, 150, 50, NAN};
    assert_fails(value_hvbp_tps(dsv2, 5, 2024, tp, 1), VALUE_EINVAL, "domain_scores[2] is 150");
    assert_fails(value_hvbp_tps(dsv2, 4, 2024, tp, 1), VALUE_EINVAL, "must be a positive multiple of 5");
    assert_fails(value_hvbp_tps(dsv, 5, 2012, tp, 1), VALUE_EINVAL, "hvbp has no fiscal year 2012 (known: 2013-2025)");
    ck_assert(tp[0] == -7);

    double tv[] = {50, 101}, pc[2] = {-7, -7}, fc[2] = {-7, -7};
    assert_fails(value_hvbp_payment(tv, 2, 2024, 3, pc, fc, 2), VALUE_EINVAL, "tps[1] is 101");
    assert_fails(value_hvbp_payment(tv, 1, 2024, NAN, pc, fc, 1), VALUE_EINVAL, "slope is NaN");
    assert_fails(value_hvbp_payment(tv, 1, 2024, 0, pc, fc, 1), VALUE_EINVAL, "slope is 0, must be > 0");
    assert_fails(value_hvbp_payment(tv, 1, 2031, 3, pc, fc, 1), VALUE_EINVAL, "hvbp has no fiscal year 2031");
    assert_fails(value_hvbp_payment(NULL, 1, 2024, 3, pc, fc, 1), VALUE_EINVAL, "tps is NULL");
    ck_assert(pc[0] == -7 && fc[0] == -7);

    double sl = -7, t0[] = {0, NAN}, bp[] = {100, 100}, bpn[] = {100, NAN};
    assert_fails(value_hvbp_lef_slope(t0, bp, 2, &sl), VALUE_EDOM, "slope is undefined");
    assert_fails(value_hvbp_lef_slope(t0, bpn, 2, &sl), VALUE_EINVAL, "base_payment[1] is NaN");
    /* TPS 1e-310 on a payment of 100: the slope 200 / 1e-310 used to be
     * returned as Inf */
    double tiny[] = {0, 1e-310};
    assert_fails(value_hvbp_lef_slope(tiny, bp, 2, &sl), VALUE_ERANGE, "the LEF slope overflows");
    ck_assert(sl == -7);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hvbp");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, reference_fy2024_clinical_outcomes_and_safety);
    tcase_add_test(tc, measure_points_hand_worked);
    tcase_add_test(tc, hcahps_consistency_hand_worked);
    tcase_add_test(tc, domain_scores_hand_worked);
    tcase_add_test(tc, tps_and_reweighting_hand_worked);
    tcase_add_test(tc, payment_hand_worked);
    tcase_add_test(tc, withhold_and_domains_from_the_table);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
