/*
 * One person's Charlson/Elixhauser score line by line (value.h group
 * "comorbidity"): the same look-ups as value_comorbidity_flags (the
 * longest listed prefix of each code), then each listed prefix that
 * matched, the hierarchy and the weights.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "comorbidity.h"

#include "icd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct line {
    char step[12], item[16], code[24], text[320]; /* text: two labels of up to 95 characters fit */
    double weight;
} line;

struct value_comorbidity_explanation {
    size_t n, cap;
    line *l;
    double score;
};

void value_comorbidity_explanation_free(value_comorbidity_explanation *e)
{
    if (e == NULL)
        return;
    free(e->l);
    free(e);
}

/* Append a line; 0 when out of memory. */
static int add(value_comorbidity_explanation *e, const char *step, const char *item, const char *code,
               double weight, const char *text)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? 2 * e->cap : 16;
        line *l = realloc(e->l, cap * sizeof *l);
        if (l == NULL)
            return 0;
        e->l = l;
        e->cap = cap;
    }
    line *x = &e->l[e->n++];
    snprintf(x->step, sizeof x->step, "%s", step);
    snprintf(x->item, sizeof x->item, "%s", item);
    snprintf(x->code, sizeof x->code, "%s", code);
    snprintf(x->text, sizeof x->text, "%s", text);
    x->weight = weight;
    return 1;
}

/* The listed prefix of `key` (length len) under condition k: the longest
 * listed prefix whose own list names k. */
static const char *prefix_of(const value_comorbidity *c, uint64_t key, unsigned len, size_t k, char *buf)
{
    for (unsigned L = len < c->max_len ? len : c->max_len; L >= c->min_len; L--) {
        const value__como_slot *s = (c->lens >> L & 1) ? value__como_find(c, key & value__icd_prefix_mask(L)) : NULL;
        if (s != NULL && (s->own >> k & 1))
            return value__icd_text(s->key, buf);
    }
    buf[0] = '\0';
    return buf;
}

static int explain(const value_comorbidity *c, size_t w, const char *const *codes, size_t n_codes,
                   value_comorbidity_explanation *e)
{
    char text[320], key_text[VALUE__ICD_MAX + 1], pre[VALUE__ICD_MAX + 1];
    uint32_t f = 0;
    for (size_t r = 0; r < n_codes; r++) {
        uint64_t key;
        unsigned len;
        if (!value__icd_read(codes[r], c->icd, &key, &len)) {
            snprintf(text, sizeof text, "'%.40s' is not a well-formed ICD-%d code: skipped", codes[r], c->icd);
            if (!add(e, "invalid", "", codes[r], 0, text))
                return 0;
            continue;
        }
        value__icd_text(key, key_text);
        const value__como_slot *s = value__como_longest(c, key, len);
        if (s == NULL) {
            snprintf(text, sizeof text, "%s starts with no listed prefix of %s", key_text, c->name);
            if (!add(e, "unmatched", "", key_text, 0, text))
                return 0;
            continue;
        }
        for (size_t k = 0; k < c->n_cond; k++)
            if (s->mask >> k & 1) {
                snprintf(text, sizeof text, "%s starts with %s, listed under %s (%s)", key_text,
                         prefix_of(c, key, len, k, pre), c->cond[k], c->label[k]);
                if (!add(e, "code", c->cond[k], key_text, 0, text))
                    return 0;
            }
        f |= s->mask;
    }
    uint32_t kept = value__como_hierarchy(c, f);
    for (size_t k = 0; k < c->n_cond; k++)
        if ((f & ~kept) >> k & 1) {
            int sev = c->cleared_by[k];
            snprintf(text, sizeof text, "%s (%s) is not counted: its more severe form %s (%s) is present", c->cond[k],
                     c->label[k], c->cond[sev], c->label[sev]);
            if (!add(e, "hierarchy", c->cond[k], "", 0, text))
                return 0;
        }
    double score = 0.0; /* the order of value_comorbidity_score: the same sum, bit for bit */
    for (size_t k = 0; k < c->n_cond; k++)
        if (kept >> k & 1) {
            score += c->w[w][k];
            snprintf(text, sizeof text, "%s (%s): weight %g (%s)", c->cond[k], c->label[k], c->w[w][k], c->wname[w]);
            if (!add(e, "condition", c->cond[k], "", c->w[w][k], text))
                return 0;
        }
    snprintf(text, sizeof text, "%s score, %s weights: %g", c->name, c->wname[w], score);
    if (!add(e, "score", "", "", score, text))
        return 0;
    e->score = score;
    return 1;
}

int value_comorbidity_explain(const value_comorbidity *c, const char *weights, const char *const *codes,
                              size_t n_codes, value_comorbidity_explanation **out)
{
    int rc = value__check_ptr(c, "c");
    if (rc == VALUE_OK)
        rc = value__check_ptr(weights, "weights");
    if (rc == VALUE_OK && n_codes > 0)
        rc = value__check_ptr(codes, "codes");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out, "out");
    if (rc != VALUE_OK)
        return rc;
    for (size_t r = 0; r < n_codes; r++)
        if (codes[r] == NULL)
            return value__fail(VALUE_EINVAL, "codes[%zu] is NULL", r);
    size_t w;
    rc = value__como_weight_set(c, weights, &w);
    if (rc != VALUE_OK)
        return rc;
    value_comorbidity_explanation *e = calloc(1, sizeof *e);
    if (e == NULL || !explain(c, w, codes, n_codes, e)) {
        value_comorbidity_explanation_free(e);
        return value__fail(VALUE_ENOMEM, "out of memory for the explanation of %zu codes", n_codes);
    }
    *out = e;
    return VALUE_OK;
}

int value_comorbidity_explanation_score(const value_comorbidity_explanation *e, double *out)
{
    int rc = value__check_ptr(e, "e");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out, "out");
    if (rc == VALUE_OK)
        *out = e->score;
    return rc;
}

int value_comorbidity_explanation_line_count(const value_comorbidity_explanation *e, size_t *out)
{
    int rc = value__check_ptr(e, "e");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out, "out");
    if (rc == VALUE_OK)
        *out = e->n;
    return rc;
}

int value_comorbidity_explanation_line(const value_comorbidity_explanation *e, size_t i, const char **out_step,
                                       const char **out_item, const char **out_code, const char **out_text,
                                       double *out_weight)
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
        rc = value__check_ptr(out_weight, "out_weight");
    if (rc != VALUE_OK)
        return rc;
    if (i >= e->n)
        return value__fail(VALUE_EINVAL, "i is %zu, not in [0, %zu)", i, e->n);
    const line *x = &e->l[i];
    *out_step = x->step;
    *out_item = x->item;
    *out_code = x->code;
    *out_text = x->text;
    *out_weight = x->weight;
    return VALUE_OK;
}
