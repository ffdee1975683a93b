/*
 * One person's CMS-HCC score, line by line (value.h group "hcc"): each
 * code's categories, the edits, each category a hierarchy dropped and by
 * which line, the demographic cells, HCCs, interactions and count
 * variable with their factors, and the total.  hcc.c makes every decision
 * (the same calls value_hcc_score() makes) and reports each step here
 * (value__hcc_noted), which only writes the lines.
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

static const char *const band_name[12] = {"0_34",  "35_44", "45_54", "55_59", "60_64", "65_69",
                                          "70_74", "75_79", "80_84", "85_89", "90_94", "95_GT"};
static const char *const ne_band_name[16] = {"0_34", "35_44", "45_54", "55_59", "60_64", "65",
                                             "66",   "67",    "68",    "69",    "70_74", "75_79",
                                             "80_84", "85_89", "90_94", "95_GT"};

/* The explanation being built: the lines, and the person and code the
 * scoring steps are reporting on. */
struct value__hcc_note {
    builder b;
    const value_hcc *m;
    int segment, a, sex, orec, medicaid;
    const char *code; /* the code as given */
    char text[VALUE__ICD_MAX + 1]; /* as read */
};

/* The line of each step the scoring reports (hcc.c decides, this says). */
void value__hcc_noted(value__hcc_note *n, value__hcc_event ev, int x, int y, double factor)
{
    const value_hcc *m = n->m;
    builder *b = &n->b;
    const char *pre = value__hcc_seg_prefix[n->segment];
    const char *fm = n->sex == 2 ? "F" : "M";
    char v[64], f[32];
    value__format_shortest(factor, f, sizeof f);
    switch (ev) {
    case VALUE__HCC_EV_INVALID:
        line(b, "invalid", "", n->code, 0, "'%s' is not a well-formed ICD-10-CM code: skipped", n->code);
        break;
    case VALUE__HCC_EV_UNMAPPED:
        line(b, "unmapped", "", n->code, 0, "%s is in no %s condition category", n->text, m->version);
        break;
    case VALUE__HCC_EV_EDITED:
        line(b, "edited", "", n->code, 0, "%s: the age/sex edit %s makes it invalid for this person", n->text,
             m->edit[x].src);
        break;
    case VALUE__HCC_EV_CAT:
        snprintf(v, sizeof v, "CC%d", m->number[x]);
        if (y > 0)
            line(b, "code", v, n->code, 0, "%s -> CC%d (%s) by the age/sex edit %s", n->text, m->number[x],
                 m->label[x], m->edit[y - 1].src);
        else
            line(b, "code", v, n->code, 0, "%s -> CC%d (%s)", n->text, m->number[x], m->label[x]);
        break;
    case VALUE__HCC_EV_PATCH:
        line(b, "hierarchy", m->name[x], "", 0,
             "%s dropped: the heart interaction patch (%s) keeps CC%d only with one of the categories it needs",
             m->name[x], m->patch_src, m->number[x]);
        break;
    case VALUE__HCC_EV_DROP: {
        size_t h = 0;
        while (h + 1 < m->n_hier && m->hier_cat[h] != y)
            h++;
        line(b, "hierarchy", m->name[x], "", 0, "%s (%s) dropped by %s (%s), %s", m->name[x], m->label[x],
             m->name[y], m->label[y], m->hier_src[h]);
        break;
    }
    case VALUE__HCC_EV_NE_CELL: {
        static const char *const np[2][2] = {{"NMCAID_NORIGDIS", "NMCAID_ORIGDIS"}, {"MCAID_NORIGDIS", "MCAID_ORIGDIS"}};
        snprintf(v, sizeof v, "%s_NE%s%s", np[y / 2][y % 2], fm, ne_band_name[x]);
        line(b, "demographic", v, "", factor, "%s_%s %s (new enrollee cell: age %d, OREC %d, Medicaid %d)", pre, v,
             f, n->a, n->orec, n->medicaid);
        break;
    }
    case VALUE__HCC_EV_CELL:
        snprintf(v, sizeof v, "%s%s", fm, band_name[x]);
        line(b, "demographic", v, "", factor, "%s_%s %s (age %d, sex %d)", pre, v, f, n->a, n->sex);
        break;
    case VALUE__HCC_EV_ORIG:
        snprintf(v, sizeof v, "OriginallyDisabled_%s", n->sex == 2 ? "Female" : "Male");
        line(b, "demographic", v, "", factor, "%s_%s %s (OREC 1, aged 65 or over)", pre, v, f);
        break;
    case VALUE__HCC_EV_LTIMCAID:
        line(b, "demographic", "LTIMCAID", "", factor, "%s_LTIMCAID %s (Medicaid)", pre, f);
        break;
    case VALUE__HCC_EV_ORIGDS:
        line(b, "demographic", "ORIGDS", "", factor, "%s_ORIGDS %s (originally disabled)", pre, f);
        break;
    case VALUE__HCC_EV_HCC:
        line(b, "hcc", m->name[x], "", factor, "%s_%s %s (%s)", pre, m->name[x], f, m->label[x]);
        break;
    case VALUE__HCC_EV_INTER:
        line(b, "interaction", m->inter[x].name, "", factor, "%s_%s %s (%s)", pre, m->inter[x].coef, f,
             m->inter[x].src);
        break;
    case VALUE__HCC_EV_COUNT:
        snprintf(v, sizeof v, x == 10 ? "D10P" : "D%d", x);
        line(b, "count", v, "", factor, "%s_%s %s (%d payment HCCs)", pre, v, f, y);
        break;
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
    value__hcc_note note = {.m = m, .segment = segment, .a = value__hcc_age(m, age, orec), .sex = sex,
                            .orec = orec, .medicaid = medicaid};
    value__hcc_bits cc = {{0, 0}};
    for (size_t r = 0; r < n_codes; r++) {
        uint64_t key;
        unsigned len;
        note.code = codes[r];
        note.text[0] = '\0';
        if (value__icd_read(codes[r], 10, &key, &len)) /* for the lines' text; hcc.c reads it for itself */
            value__icd_text(key, note.text);
        value__hcc_code_cats(m, codes[r], note.a, sex, &cc, &note);
    }
    value__hcc_bits h = value__hcc_kept(m, cc, &note);
    double score = value__hcc_person_score(m, segment, note.a, sex, orec, medicaid, &h, &note);
    builder b = note.b;
    char f[32];
    value__format_shortest(score, f, sizeof f);
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
