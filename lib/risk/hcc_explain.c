/*
 * One person's CMS-HCC score, line by line (value.h group "hcc"): each
 * code's categories, the edits, each category a hierarchy dropped and by
 * which line, the demographic cells, HCCs, interactions and count
 * variable with their factors, and the total.  The total is the same sum
 * value_hcc_score() makes (value__hcc_person_score).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "hcc.h"

#include "icd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *step;
    size_t item, code, text; /* offsets into the arena */
    double factor;
} raw_line;

typedef struct {
    const char *step, *item, *code, *text;
    double factor;
} out_line;

struct value_hcc_explanation {
    double score;
    size_t n;
    out_line *line;
    char *arena;
};

typedef struct {
    raw_line *l;
    size_t n, cap;
    char *a;
    size_t an, acap;
    int failed;
} builder;

static size_t put(builder *b, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int len = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (len < 0)
        len = 0;
    if (b->an + (size_t)len + 1 > b->acap) {
        size_t cap = 2 * (b->an + (size_t)len + 1) + 256;
        char *a = realloc(b->a, cap);
        if (!a) {
            b->failed = 1;
            return 0;
        }
        b->a = a;
        b->acap = cap;
    }
    size_t at = b->an;
    vsnprintf(b->a + at, (size_t)len + 1, fmt, ap);
    b->an += (size_t)len + 1;
    return at;
}

static size_t str(builder *b, const char *fmt, ...) VALUE_PRINTF(2, 3);
static size_t str(builder *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t at = put(b, fmt, ap);
    va_end(ap);
    return at;
}

static void line(builder *b, const char *step, const char *item, const char *code, double factor, const char *fmt,
                 ...) VALUE_PRINTF(6, 7);
static void line(builder *b, const char *step, const char *item, const char *code, double factor, const char *fmt,
                 ...)
{
    if (b->failed)
        return;
    if (b->n == b->cap) {
        size_t cap = 2 * b->cap + 16;
        raw_line *l = realloc(b->l, cap * sizeof *l);
        if (!l) {
            b->failed = 1;
            return;
        }
        b->l = l;
        b->cap = cap;
    }
    raw_line *r = &b->l[b->n];
    r->step = step;
    r->factor = factor;
    r->item = str(b, "%s", item);
    r->code = str(b, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    r->text = put(b, fmt, ap);
    va_end(ap);
    if (!b->failed)
        b->n++;
}

static int bit_get(const value__hcc_bits *x, int i)
{
    return (int)((x->w[i >> 6] >> (i & 63)) & 1);
}

static void bit_set(value__hcc_bits *x, int i)
{
    x->w[i >> 6] |= (uint64_t)1 << (i & 63);
}

static void bit_clear(value__hcc_bits *x, int i)
{
    x->w[i >> 6] &= ~((uint64_t)1 << (i & 63));
}

static int any(const value__hcc_bits *a, const value__hcc_bits *c)
{
    return ((a->w[0] & c->w[0]) | (a->w[1] & c->w[1])) != 0;
}

static const char *const band_name[12] = {"0_34",  "35_44", "45_54", "55_59", "60_64", "65_69",
                                          "70_74", "75_79", "80_84", "85_89", "90_94", "95_GT"};
static const char *const ne_band_name[16] = {"0_34", "35_44", "45_54", "55_59", "60_64", "65",
                                             "66",   "67",    "68",    "69",    "70_74", "75_79",
                                             "80_84", "85_89", "90_94", "95_GT"};

static void fmt(double x, char *buf)
{
    value__format_shortest(x, buf, 32);
}

static void explain_codes(const value_hcc *m, builder *b, int a, int sex, const char *const *codes, size_t n_codes,
                          value__hcc_bits *cc)
{
    for (size_t r = 0; r < n_codes; r++) {
        const char *code = codes[r];
        uint64_t key;
        unsigned len;
        if (!value__icd_read(code, 10, &key, &len)) {
            line(b, "invalid", "", code, 0, "'%s' is not a well-formed ICD-10-CM code: skipped", code);
            continue;
        }
        char text[VALUE__ICD_MAX + 1];
        value__icd_text(key, text);
        const value__hcc_slot *s = value__hcc_find(m, key);
        if (s && s->edit) {
            const value__hcc_edit *e = &m->edit[s->edit - 1];
            if (value__hcc_edit_applies(e, a, sex)) {
                if (e->cc_index < 0) {
                    line(b, "edited", "", code, 0, "%s: the age/sex edit %s makes it invalid for this person", text,
                         e->src);
                } else {
                    char item[16];
                    snprintf(item, sizeof item, "CC%d", e->cc_number);
                    bit_set(cc, e->cc_index);
                    line(b, "code", item, code, 0, "%s -> CC%d (%s) by the age/sex edit %s", text, e->cc_number,
                         m->label[e->cc_index], e->src);
                }
                continue;
            }
        }
        if (s == NULL || s->cat[0] == VALUE__HCC_NONE) {
            line(b, "unmapped", "", code, 0, "%s is in no %s condition category", text, m->version);
            continue;
        }
        for (int k = 0; k < 2; k++) {
            if (s->cat[k] == VALUE__HCC_NONE)
                continue;
            char item[16];
            snprintf(item, sizeof item, "CC%d", m->number[s->cat[k]]);
            bit_set(cc, s->cat[k]);
            line(b, "code", item, code, 0, "%s -> CC%d (%s)", text, m->number[s->cat[k]], m->label[s->cat[k]]);
        }
    }
}

/* The hierarchy as SAS runs it: the patch, then each %SET0 line in order
 * while its category is still set; says which line dropped what. */
static value__hcc_bits explain_hierarchy(const value_hcc *m, builder *b, value__hcc_bits c)
{
    if (m->patch >= 0 && bit_get(&c, m->patch) && !any(&c, &m->patch_need)) {
        bit_clear(&c, m->patch);
        line(b, "hierarchy", m->name[m->patch], "", 0,
             "%s dropped: the heart interaction patch (%s) keeps CC%d only with one of the categories it needs",
             m->name[m->patch], m->patch_src, m->number[m->patch]);
    }
    for (size_t h = 0; h < m->n_hier; h++) {
        int t = m->hier_cat[h];
        if (!bit_get(&c, t))
            continue;
        for (size_t i = 0; i < m->n; i++)
            if (bit_get(&m->hier_drop[h], (int)i) && bit_get(&c, (int)i)) {
                bit_clear(&c, (int)i);
                line(b, "hierarchy", m->name[i], "", 0, "%s (%s) dropped by %s (%s), %s", m->name[i], m->label[i],
                     m->name[t], m->label[t], m->hier_src[h]);
            }
    }
    return c;
}

static void explain_factors(const value_hcc *m, builder *b, int segment, int a, int sex, int orec, int medicaid,
                            const value__hcc_bits *h)
{
    const value__hcc_seg *g = &m->seg[segment];
    const char *pre = value__hcc_seg_prefix[segment];
    int disabl = a < 65 && orec != 0, origds = orec == 1 && !disabl;
    char v[64], f[32];
    const char *fm = sex == 2 ? "F" : "M";
    if (g->kind == 3) {
        static const char *const np[2][2] = {{"NMCAID_NORIGDIS", "NMCAID_ORIGDIS"}, {"MCAID_NORIGDIS", "MCAID_ORIGDIS"}};
        int neo = a >= 65 && orec == 1;
        int band = value__hcc_ne_band(a, orec);
        double x = g->ne[medicaid][neo][sex - 1][band];
        snprintf(v, sizeof v, "%s_NE%s%s", np[medicaid][neo], fm, ne_band_name[band]);
        fmt(x, f);
        line(b, "demographic", v, "", x, "%s_%s %s (new enrollee cell: age %d, OREC %d, Medicaid %d)", pre, v, f, a,
             orec, medicaid);
        return;
    }
    int band = value__hcc_band(a);
    double x = g->cell[sex - 1][band];
    snprintf(v, sizeof v, "%s%s", fm, band_name[band]);
    fmt(x, f);
    line(b, "demographic", v, "", x, "%s_%s %s (age %d, sex %d)", pre, v, f, a, sex);
    if (g->kind == 0 && origds) {
        x = g->orig[sex - 1];
        snprintf(v, sizeof v, "OriginallyDisabled_%s", sex == 2 ? "Female" : "Male");
        fmt(x, f);
        line(b, "demographic", v, "", x, "%s_%s %s (OREC 1, aged 65 or over)", pre, v, f);
    }
    if (g->kind == 2 && medicaid) {
        fmt(g->ltimcaid, f);
        line(b, "demographic", "LTIMCAID", "", g->ltimcaid, "%s_LTIMCAID %s (Medicaid)", pre, f);
    }
    if (g->kind == 2 && origds && g->has_origds) {
        fmt(g->origds, f);
        line(b, "demographic", "ORIGDS", "", g->origds, "%s_ORIGDS %s (originally disabled)", pre, f);
    }
    for (size_t i = 0; i < m->n; i++)
        if (bit_get(h, (int)i)) {
            fmt(g->hcc[i], f);
            line(b, "hcc", m->name[i], "", g->hcc[i], "%s_%s %s (%s)", pre, m->name[i], f, m->label[i]);
        }
    for (size_t q = 0; q < m->n_inter; q++) {
        if (!g->has_inter[q])
            continue;
        const value__hcc_inter *it = &m->inter[q];
        int t0 = it->t[0].disabled ? disabl : any(&it->t[0].mask, h);
        int t1 = it->t[1].disabled ? disabl : any(&it->t[1].mask, h);
        if (t0 && t1) {
            fmt(g->inter[q], f);
            line(b, "interaction", it->name, "", g->inter[q], "%s_%s %s (%s)", pre, it->coef, f, it->src);
        }
    }
    if (g->counts) {
        int n = __builtin_popcountll(h->w[0]) + __builtin_popcountll(h->w[1]);
        if (n > 0) {
            int k = n > 10 ? 10 : n;
            snprintf(v, sizeof v, k == 10 ? "D10P" : "D%d", k);
            fmt(g->d[k], f);
            line(b, "count", v, "", g->d[k], "%s_%s %s (%d payment HCCs)", pre, v, f, n);
        }
    }
}

int value_hcc_explain(const value_hcc *m, int segment, int age, int sex, int orec, int medicaid,
                      const char *const *codes, size_t n_codes, value_hcc_explanation **out)
{
    int rc = value__check_ptr(m, "m");
    if (rc == VALUE_OK && n_codes > 0)
        rc = value__check_ptr(codes, "codes");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out, "out");
    if (rc == VALUE_OK)
        rc = value__hcc_check_person(m, segment, age, sex, orec, medicaid, NULL, 0);
    if (rc != VALUE_OK)
        return rc;
    for (size_t r = 0; r < n_codes; r++)
        if (codes[r] == NULL)
            return value__fail(VALUE_EINVAL, "codes[%zu] is NULL", r);
    int a = value__hcc_age(m, age, orec);
    builder b = {0};
    value__hcc_bits cc = {{0, 0}};
    explain_codes(m, &b, a, sex, codes, n_codes, &cc);
    value__hcc_bits h = explain_hierarchy(m, &b, cc);
    explain_factors(m, &b, segment, a, sex, orec, medicaid, &h);
    double score = value__hcc_person_score(m, segment, a, sex, orec, medicaid, &h);
    char f[32];
    fmt(score, f);
    line(&b, "score", "", "", score, "raw %s %s score %s", m->version, value__hcc_seg_prefix[segment], f);
    value_hcc_explanation *e = b.failed ? NULL : malloc(sizeof *e);
    out_line *ol = e ? malloc((b.n ? b.n : 1) * sizeof *ol) : NULL;
    if (!ol) {
        free(e);
        free(b.l);
        free(b.a);
        return value__fail(VALUE_ENOMEM, "out of memory for the explanation");
    }
    for (size_t i = 0; i < b.n; i++) {
        ol[i].step = b.l[i].step;
        ol[i].item = b.a + b.l[i].item;
        ol[i].code = b.a + b.l[i].code;
        ol[i].text = b.a + b.l[i].text;
        ol[i].factor = b.l[i].factor;
    }
    free(b.l);
    e->score = score;
    e->n = b.n;
    e->line = ol;
    e->arena = b.a;
    *out = e;
    return VALUE_OK;
}

void value_hcc_explanation_free(value_hcc_explanation *e)
{
    if (e == NULL)
        return;
    free(e->line);
    free(e->arena);
    free(e);
}

int value_hcc_explanation_score(const value_hcc_explanation *e, double *out)
{
    int rc = value__check_ptr(e, "e");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out, "out");
    if (rc != VALUE_OK)
        return rc;
    *out = e->score;
    return VALUE_OK;
}

int value_hcc_explanation_line_count(const value_hcc_explanation *e, size_t *out)
{
    int rc = value__check_ptr(e, "e");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out, "out");
    if (rc != VALUE_OK)
        return rc;
    *out = e->n;
    return VALUE_OK;
}

int value_hcc_explanation_line(const value_hcc_explanation *e, size_t i, const char **out_step,
                               const char **out_item, const char **out_code, const char **out_text,
                               double *out_factor)
{
    int rc = value__check_ptr(e, "e");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_step, "out_step");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_item, "out_item");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_code, "out_code");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_text, "out_text");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_factor, "out_factor");
    if (rc != VALUE_OK)
        return rc;
    if (i >= e->n)
        return value__fail(VALUE_EINVAL, "i is %zu, not in [0, %zu) (the explanation's lines)", i, e->n);
    *out_step = e->line[i].step;
    *out_item = e->line[i].item;
    *out_code = e->line[i].code;
    *out_text = e->line[i].text;
    *out_factor = e->line[i].factor;
    return VALUE_OK;
}
