/*
 * CMS-HCC risk scores, versions 24 and 28 (value.h group "hcc"): the
 * tables of lib/risk/data/hcc_* parsed into category bit sets, a
 * perfect hash of the ICD-10 map, hierarchies as drop masks.
 * The SAS programs V2419P1M / V2823T2M are the specification.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "hcc.h"

#include "icd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char *const value__hcc_builtin_names[];
extern const char *const value__hcc_builtin_texts[];

static const char *const known_versions[] = {"V24", "V28"};

static const char *builtin(const char *version, const char *what)
{
    char want[32];
    snprintf(want, sizeof want, "%s_%s", version, what);
    for (size_t k = 0; value__hcc_builtin_names[k] != NULL; k++)
        if (strcmp(value__hcc_builtin_names[k], want) == 0)
            return value__hcc_builtin_texts[k];
    return NULL;
}

int value__hcc_index(const value_hcc *m, int number)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->number[i] == number)
            return (int)i;
    return -1;
}

/* The slot of a code while the tables load (linear probing; perfect_hash
 * then packs the slots into the scoring table). */
static value__hcc_slot *slot_for(value_hcc *m, uint64_t key)
{
    size_t i = (size_t)value__hcc_hash(0, key) & m->tab_mask;
    while (m->tab[i].key != 0 && m->tab[i].key != key)
        i = (i + 1) & m->tab_mask;
    if (m->tab[i].key == 0) {
        m->tab[i].key = key;
        m->tab[i].cat[0] = m->tab[i].cat[1] = VALUE__HCC_NONE;
    }
    return &m->tab[i];
}

int value__hcc_age(const value_hcc *m, int age, int orec)
{
    /* V2419P1M: IF AGEF=64 & OREC='0' THEN AGEF=65 */
    return (m->version[2] == '4' && age == 64 && orec == 0) ? 65 : age;
}

int value__hcc_band(int age)
{
    static const int upper[11] = {34, 44, 54, 59, 64, 69, 74, 79, 84, 89, 94};
    int b = 0;
    while (b < 11 && age > upper[b])
        b++;
    return b;
}

int value__hcc_ne_band(int age, int orec)
{
    /* AGESEXV2: 0-34 35-44 45-54 55-59 60-64 65 66 67 68 69 70-74 ... 95+,
     * 64 with OREC 0 in the 65 cell */
    if (age == 64 && orec == 0)
        age = 65;
    if (age <= 59)
        return value__hcc_band(age);
    if (age <= 64)
        return 4;
    if (age <= 69)
        return 5 + (age - 65);
    return 10 + (value__hcc_band(age) - 6);
}

int value__hcc_edit_applies(const value__hcc_edit *e, int age, int sex)
{
    switch (e->kind) {
    case 0: return sex == 2;
    case 1: return age < e->a;
    case 2: return age >= e->a;
    default: return age < e->a || age > e->b;
    }
}

const char *const value__hcc_seg_prefix[10] = {"", "CNA", "CND", "CFA", "CFD", "CPA", "CPD", "INS", "NE", "SNPNE"};

/* "age[3]" in a batch, "age" for one person */
static const char *field(char *buf, size_t len, const char *name, int batch, size_t i)
{
    if (batch)
        snprintf(buf, len, "%s[%zu]", name, i);
    else
        snprintf(buf, len, "%s", name);
    return buf;
}

int value__hcc_check_person(const value_hcc *m, int segment, int age, int sex, int orec, int medicaid,
                            const char *where, size_t i)
{
    char f[48], g[48];
    int batch = where != NULL;
    if (segment < 1 || segment > 9)
        return value__fail(VALUE_EINVAL, "%s is %d, not a value_hcc_segment (1 to 9)",
                           field(f, sizeof f, "segment", batch, i), segment);
    if (age < 0 || age > 130)
        return value__fail(VALUE_EINVAL, "%s is %d, must be in [0, 130]", field(f, sizeof f, "age", batch, i), age);
    if (sex != 1 && sex != 2)
        return value__fail(VALUE_EINVAL, "%s is %d, must be 1 (male) or 2 (female)",
                           field(f, sizeof f, "sex", batch, i), sex);
    if (orec < 0 || orec > 3)
        return value__fail(VALUE_EINVAL, "%s is %d, must be 0, 1, 2 or 3", field(f, sizeof f, "orec", batch, i), orec);
    if (medicaid != 0 && medicaid != 1)
        return value__fail(VALUE_EINVAL, "%s is %d, must be 0 or 1", field(f, sizeof f, "medicaid", batch, i),
                           medicaid);
    int a = value__hcc_age(m, age, orec);
    int kind = m->seg[segment].kind;
    if (kind == 0 && a < 65) {
        value__fail(VALUE_EINVAL, "%s is %d, an aged segment needs age >= 65", field(f, sizeof f, "age", batch, i), age);
        return value__fail_within(VALUE_EINVAL, "%s is %d (%s)", field(g, sizeof g, "segment", batch, i), segment,
                                  value__hcc_seg_prefix[segment]);
    }
    if (kind == 1 && a >= 65) {
        value__fail(VALUE_EINVAL, "%s is %d, a disabled segment needs age < 65", field(f, sizeof f, "age", batch, i), age);
        return value__fail_within(VALUE_EINVAL, "%s is %d (%s)", field(g, sizeof g, "segment", batch, i), segment,
                                  value__hcc_seg_prefix[segment]);
    }
    return VALUE_OK;
}

/* ---- loading the tables ---- */

/* The next line of a text; returns its length, advances *p; -1 at the end. */
static long next_line(const char **p, const char **line)
{
    if (**p == '\0')
        return -1;
    *line = *p;
    const char *e = strchr(*p, '\n');
    size_t n = e ? (size_t)(e - *p) : strlen(*p);
    *p += n + (e != NULL);
    return (long)n;
}

static double coef_of(const value_hcc *m, const char *seg, const char *var, int *found)
{
    char want[96];
    snprintf(want, sizeof want, "%s_%s", seg, var);
    for (size_t k = 0; k < m->n_coef; k++)
        if (strcmp(m->coef_name[k], want) == 0) {
            if (found)
                *found = 1;
            return m->coef[k];
        }
    if (found)
        *found = 0;
    return 0.0;
}

static int load_coef(value_hcc *m, const char *text)
{
    const char *p = text, *l, *names = NULL, *vals = NULL;
    long n, nn = 0, nv = 0;
    while ((n = next_line(&p, &l)) >= 0) {
        if (n == 0 || l[0] == '#')
            continue;
        if (!names) {
            names = l;
            nn = n;
        } else if (!vals) {
            vals = l;
            nv = n;
        }
    }
    if (!names || !vals)
        return value__fail(VALUE_EINVAL, "%s coefficient table has no values line", m->version);
    size_t count = 1;
    for (long k = 0; k < nn; k++)
        count += names[k] == ',';
    m->coef_name = calloc(count, sizeof *m->coef_name);
    m->coef = calloc(count, sizeof *m->coef);
    if (!m->coef_name || !m->coef)
        return value__fail(VALUE_ENOMEM, "out of memory for the %s coefficients", m->version);
    const char *a = names, *b = vals, *ae = names + nn, *be = vals + nv;
    for (size_t k = 0; k < count; k++) {
        const char *ac = memchr(a, ',', (size_t)(ae - a)), *bc = memchr(b, ',', (size_t)(be - b));
        size_t al = ac ? (size_t)(ac - a) : (size_t)(ae - a), bl = bc ? (size_t)(bc - b) : (size_t)(be - b);
        while (al > 0 && (a[al - 1] == '\r' || a[al - 1] == ' '))
            al--;
        while (bl > 0 && (b[bl - 1] == '\r' || b[bl - 1] == ' '))
            bl--;
        m->coef_name[k] = malloc(al + 1);
        if (!m->coef_name[k])
            return value__fail(VALUE_ENOMEM, "out of memory for the %s coefficients", m->version);
        memcpy(m->coef_name[k], a, al);
        m->coef_name[k][al] = '\0';
        m->n_coef = k + 1;
        if (value__parse_decimal(b, bl, &m->coef[k]) != VALUE__NUM_OK)
            return value__fail(VALUE_EINVAL, "%s coefficient %s is not a number", m->version, m->coef_name[k]);
        if ((ac == NULL) != (bc == NULL) || (ac == NULL && k + 1 != count))
            return value__fail(VALUE_EINVAL, "%s coefficient table: names and values differ in number", m->version);
        a = ac ? ac + 1 : ae;
        b = bc ? bc + 1 : be;
    }
    return VALUE_OK;
}

/* Words of a rule line (space separated, up to the tab before the source). */
#define MAXW 400
static int split(const char *l, long n, char w[][64], size_t *nw, char *src)
{
    long k = 0;
    *nw = 0;
    src[0] = '\0';
    while (k < n && l[k] != '\t') {
        while (k < n && l[k] == ' ')
            k++;
        long s = k;
        while (k < n && l[k] != ' ' && l[k] != '\t')
            k++;
        if (k > s && *nw < MAXW) {
            long len = k - s < 63 ? k - s : 63;
            memcpy(w[*nw], l + s, (size_t)len);
            w[*nw][len] = '\0';
            (*nw)++;
        }
    }
    if (k < n && l[k] == '\t' && l[k + 1] == '@') {
        long len = n - k - 2 < 31 ? n - k - 2 : 31;
        memcpy(src, l + k + 2, (size_t)len);
        src[len] = '\0';
    }
    return VALUE_OK;
}

static int term_of(value_hcc *m, const char *name, char groups[][64], value__hcc_bits *gmask, size_t ng,
                   value__hcc_term *t)
{
    memset(t, 0, sizeof *t);
    if (strcmp(name, "DISABL") == 0) {
        t->disabled = 1;
        return VALUE_OK;
    }
    if (strncmp(name, "HCC", 3) == 0) {
        int ix = value__hcc_index(m, atoi(name + 3));
        if (ix < 0)
            return value__fail(VALUE_EINVAL, "%s interaction term %s is not a payment HCC", m->version, name);
        value__hcc_bit_set(&t->mask, ix);
        return VALUE_OK;
    }
    for (size_t g = 0; g < ng; g++)
        if (strcmp(groups[g], name) == 0) {
            t->mask = gmask[g];
            return VALUE_OK;
        }
    return value__fail(VALUE_EINVAL, "%s interaction term %s is not defined", m->version, name);
}

static int load_rules(value_hcc *m, const char *text, char (*w)[64])
{
    const char *p = text, *l;
    long n;
    char src[32];
    size_t nw;
    char groups[16][64];
    value__hcc_bits gmask[16];
    size_t ng = 0;
    m->patch = -1;
    /* pass 1: the payment HCCs (everything else refers to them) */
    while ((n = next_line(&p, &l)) >= 0) {
        if (n < 4 || strncmp(l, "hcc ", 4) != 0)
            continue;
        if (m->n == VALUE__HCC_MAX)
            return value__fail(VALUE_EINVAL, "%s has more than %d HCCs", m->version, VALUE__HCC_MAX);
        const char *t = memchr(l, '\t', (size_t)n);
        long end = t ? (long)(t - l) : n;
        int num = atoi(l + 4);
        const char *lab = strchr(l + 4, ' ');
        long ll = lab && lab < l + end ? end - (long)(lab + 1 - l) : 0;
        m->number[m->n] = num;
        snprintf(m->name[m->n], sizeof m->name[m->n], "HCC%d", num);
        m->label[m->n] = malloc((size_t)ll + 1);
        if (!m->label[m->n])
            return value__fail(VALUE_ENOMEM, "out of memory for the %s labels", m->version);
        if (ll > 0)
            memcpy(m->label[m->n], lab + 1, (size_t)ll);
        m->label[m->n][ll] = '\0';
        m->n++;
    }
    p = text;
    while ((n = next_line(&p, &l)) >= 0) {
        if (n == 0 || l[0] == '#' || strncmp(l, "hcc ", 4) == 0)
            continue;
        split(l, n, w, &nw, src);
        if (nw == 0)
            continue;
        if (strcmp(w[0], "hier") == 0 || strcmp(w[0], "patch") == 0) {
            int c = value__hcc_index(m, atoi(w[1]));
            value__hcc_bits b = {{0, 0}};
            for (size_t k = 2; k < nw; k++) {
                int d = value__hcc_index(m, atoi(w[k]));
                if (d < 0 || c < 0)
                    return value__fail(VALUE_EINVAL, "%s rule %s: not a payment HCC", m->version, src);
                value__hcc_bit_set(&b, d);
            }
            if (w[0][0] == 'p') {
                m->patch = c;
                value__hcc_bit_set(&m->patch_bit, c);
                m->patch_need = b;
                snprintf(m->patch_src, sizeof m->patch_src, "%s", src);
            } else {
                m->hier_cat[m->n_hier] = c;
                m->hier_drop[m->n_hier] = b;
                snprintf(m->hier_src[m->n_hier], sizeof m->hier_src[0], "%s", src);
                m->n_hier++;
                m->drop[c].w[0] |= b.w[0];
                m->drop[c].w[1] |= b.w[1];
            }
        } else if (strcmp(w[0], "edit") == 0) {
            value__hcc_edit *e = &m->edit[m->n_edit];
            memset(e, 0, sizeof *e);
            if (strcmp(w[1], "sex=2") == 0)
                e->kind = 0;
            else if (sscanf(w[1], "age<%d|age>%d", &e->a, &e->b) == 2)
                e->kind = 3;
            else if (sscanf(w[1], "age>=%d", &e->a) == 1)
                e->kind = 2;
            else if (sscanf(w[1], "age<%d", &e->a) == 1)
                e->kind = 1;
            else
                return value__fail(VALUE_EINVAL, "%s edit %s: unknown condition", m->version, src);
            e->cc_index = -1;
            if (strncmp(w[2], "cc=", 3) == 0) {
                e->cc_number = atoi(w[2] + 3);
                e->cc_index = value__hcc_index(m, e->cc_number);
                if (e->cc_index >= 0)
                    value__hcc_bit_set(&e->cc_bits, e->cc_index);
            }
            snprintf(e->src, sizeof e->src, "%s", src);
            m->n_edit++;
            for (size_t k = 3; k < nw; k++) {
                uint64_t key;
                unsigned len;
                if (!value__icd_read(w[k], 10, &key, &len))
                    return value__fail(VALUE_EINVAL, "%s edit %s: bad code", m->version, src);
                slot_for(m, key)->edit = (uint8_t)m->n_edit;
            }
        } else if (strcmp(w[0], "group") == 0) {
            if (ng == 16)
                return value__fail(VALUE_EINVAL, "%s: too many groups", m->version);
            snprintf(groups[ng], 64, "%s", w[1]);
            memset(&gmask[ng], 0, sizeof gmask[ng]);
            for (size_t k = 2; k < nw; k++) {
                int d = value__hcc_index(m, atoi(w[k]));
                if (d < 0)
                    return value__fail(VALUE_EINVAL, "%s group %s: not a payment HCC", m->version, src);
                value__hcc_bit_set(&gmask[ng], d);
            }
            ng++;
        } else if (strcmp(w[0], "inter") == 0) {
            value__hcc_inter *it = &m->inter[m->n_inter];
            if (m->n_inter == VALUE__HCC_INTER || nw != 5)
                return value__fail(VALUE_EINVAL, "%s interaction %s", m->version, src);
            snprintf(it->name, sizeof it->name, "%s", w[1]);
            snprintf(it->coef, sizeof it->coef, "%s", w[4]);
            snprintf(it->src, sizeof it->src, "%s", src);
            int rc = term_of(m, w[2], groups, gmask, ng, &it->t[0]);
            if (rc == VALUE_OK)
                rc = term_of(m, w[3], groups, gmask, ng, &it->t[1]);
            if (rc != VALUE_OK)
                return rc;
            m->n_inter++;
        } else if (strcmp(w[0], "reg") == 0) {
            int kind = strcmp(w[1], "aged") == 0 ? 0 : strcmp(w[1], "disabled") == 0 ? 1 : 2;
            for (int s = 1; s <= 7; s++) {
                value__hcc_seg *g = &m->seg[s];
                if (g->kind != kind)
                    continue;
                g->counts = strcmp(w[2], "counts") == 0;
                for (size_t k = 3; k < nw; k++) {
                    size_t q = 0;
                    while (q < m->n_inter && strcmp(m->inter[q].name, w[k]) != 0)
                        q++;
                    if (q == m->n_inter)
                        return value__fail(VALUE_EINVAL, "%s regression %s: unknown %s", m->version, src, w[k]);
                    int found;
                    g->inter[q][0] = -0.0;
                    g->inter[q][1] = coef_of(m, value__hcc_seg_prefix[s], m->inter[q].coef, &found);
                    if (!found)
                        return value__fail(VALUE_EINVAL, "%s: no factor %s_%s", m->version, value__hcc_seg_prefix[s],
                                           m->inter[q].coef);
                    g->has_inter[q] = 1;
                }
            }
        }
    }
    /* SAS applies the %SET0 lines in order, each only when its category is
     * still set (V28: CC62 drops CC63, so CC63 no longer drops CC202).  The
     * score walks the set categories in index order, which is that order
     * when the lines' categories ascend: check it. */
    for (size_t a = 0; a < m->n_hier; a++) {
        if (a > 0 && m->hier_cat[a] <= m->hier_cat[a - 1])
            return value__fail(VALUE_EINVAL, "%s hierarchy %s is out of order", m->version, m->hier_src[a]);
        value__hcc_bit_set(&m->triggers, m->hier_cat[a]);
    }
    return VALUE_OK;
}

static int load_map(value_hcc *m, const char *text)
{
    const char *p = text, *l;
    long n;
    while ((n = next_line(&p, &l)) >= 0) {
        if (n == 0 || l[0] == '#')
            continue;
        char code[16];
        long k = 0;
        while (k < n && l[k] != '\t' && k < 15) {
            code[k] = l[k];
            k++;
        }
        code[k] = '\0';
        uint64_t key;
        unsigned len;
        if (k >= n || !value__icd_read(code, 10, &key, &len))
            return value__fail(VALUE_EINVAL, "%s map: bad line '%.20s'", m->version, l);
        int cc = atoi(l + k + 1);
        int ix = value__hcc_index(m, cc);
        value__hcc_slot *s = slot_for(m, key);
        if (ix < 0)
            continue; /* not a payment CC: FIND_IND finds nothing */
        value__hcc_bit_set(&s->cats, ix);
        if (s->cat[0] == VALUE__HCC_NONE)
            s->cat[0] = (uint8_t)ix;
        else if (s->cat[0] != ix && s->cat[1] == VALUE__HCC_NONE)
            s->cat[1] = (uint8_t)ix;
        else if (s->cat[0] != ix && s->cat[1] != ix)
            return value__fail(VALUE_EINVAL, "%s map: %s has more than two CCs", m->version, code);
    }
    return VALUE_OK;
}

static void load_factors(value_hcc *m)
{
    static const char *const band[12] = {"0_34",  "35_44", "45_54", "55_59", "60_64", "65_69",
                                         "70_74", "75_79", "80_84", "85_89", "90_94", "95_GT"};
    static const char *const neband[16] = {"0_34", "35_44", "45_54", "55_59", "60_64", "65",
                                           "66",   "67",    "68",    "69",    "70_74", "75_79",
                                           "80_84", "85_89", "90_94", "95_GT"};
    static const char *const ne_pre[2][2] = {{"NMCAID_NORIGDIS", "NMCAID_ORIGDIS"},
                                             {"MCAID_NORIGDIS", "MCAID_ORIGDIS"}};
    char v[64];
    for (int s = 1; s <= 9; s++) {
        value__hcc_seg *g = &m->seg[s];
        const char *pre = value__hcc_seg_prefix[s];
        if (g->kind == 3) {
            for (int md = 0; md < 2; md++)
                for (int od = 0; od < 2; od++)
                    for (int sx = 0; sx < 2; sx++)
                        for (int b = od ? 5 : 0; b < 16; b++) {
                            snprintf(v, sizeof v, "%s_NE%c%s", ne_pre[md][od], sx ? 'F' : 'M', neband[b]);
                            g->ne[md][od][sx][b] = coef_of(m, pre, v, NULL);
                        }
            continue;
        }
        for (int sx = 0; sx < 2; sx++)
            for (int b = 0; b < 12; b++) {
                if ((g->kind == 0 && b < 5) || (g->kind == 1 && b >= 5))
                    continue;
                snprintf(v, sizeof v, "%c%s", sx ? 'F' : 'M', band[b]);
                g->cell[sx][b] = coef_of(m, pre, v, NULL);
            }
        for (size_t i = 0; i < m->n; i++)
            g->hcc[i] = coef_of(m, pre, m->name[i], NULL);
        if (g->kind == 0) {
            g->orig[1] = coef_of(m, pre, "OriginallyDisabled_Female", NULL);
            g->orig[0] = coef_of(m, pre, "OriginallyDisabled_Male", NULL);
        }
        if (g->kind == 2) {
            g->ltimcaid = coef_of(m, pre, "LTIMCAID", NULL);
            g->origds = coef_of(m, pre, "ORIGDS", &g->has_origds);
        }
        g->d[0] = -0.0;
        if (g->counts)
            for (int d = 1; d <= 10; d++) {
                snprintf(v, sizeof v, d == 10 ? "D10P" : "D%d", d);
                g->d[d] = coef_of(m, pre, v, NULL);
            }
    }
}

/* Replace the loading table by a perfect hash of its slots, so that scoring
 * finds a code in one probe, with no branch on what it finds (hash and
 * displace: Belazzougui, Botelho and Dietzfelbinger, "Hash, displace, and
 * compress", ESA 2009).  The keys go in buckets by the hash's top bits;
 * each bucket, the largest first, takes the first displacement d (XORed
 * into the hash's low bits) that puts all its keys in free slots.  Keys of
 * one bucket with the same low bits take no d: then another seed. */
static int perfect_hash(value_hcc *m)
{
    size_t n = 0;
    for (size_t i = 0; i <= m->tab_mask; i++)
        n += m->tab[i].key != 0;
    size_t size = 1024; /* at most 0.8 full; n < 32768, so size <= 65536 and d fits 16 bits */
    while (size < n + n / 4)
        size *= 2;
    size_t nb = size / 2;
    unsigned bbits = 0;
    while (((size_t)1 << bbits) < nb)
        bbits++;
    value__hcc_slot *old = m->tab, *tab = malloc(size * sizeof *tab);
    uint16_t *disp = malloc(nb * sizeof *disp);
    size_t *count = malloc(nb * sizeof *count), *start = malloc(nb * sizeof *start);
    size_t *at = malloc(n * sizeof *at), *order = malloc(n * sizeof *order), *above = malloc((n + 2) * sizeof *above);
    uint64_t *h = malloc(n * sizeof *h);
    int ok = 0;
    uint64_t seed = 0;
    for (; tab && disp && count && start && at && order && above && h && !ok && seed < 64; seed++) {
        uint64_t sd = seed * 0xD1B54A32D192ED03ull;
        memset(count, 0, nb * sizeof *count);
        for (size_t i = 0, j = 0; i <= m->tab_mask; i++)
            if (old[i].key != 0) {
                at[j] = i;
                h[j] = value__hcc_hash(sd, old[i].key);
                count[h[j++] >> (64 - bbits)]++;
            }
        /* the keys in order of their buckets, the largest buckets first (a
         * counting sort: above[k + 1] is where the buckets of k keys start) */
        memset(above, 0, (n + 2) * sizeof *above);
        for (size_t b = 0; b < nb; b++)
            above[count[b]] += count[b];
        for (size_t k = n; k > 0; k--)
            above[k - 1] += above[k];
        for (size_t b = 0; b < nb; b++) {
            start[b] = above[count[b] + 1];
            above[count[b] + 1] += count[b];
        }
        for (size_t j = 0; j < n; j++)
            order[start[h[j] >> (64 - bbits)]++] = j;
        memset(tab, 0, size * sizeof *tab);
        memset(disp, 0, nb * sizeof *disp);
        ok = 1;
        for (size_t r = 0, e; ok && r < n; r = e) {
            size_t b = (size_t)(h[order[r]] >> (64 - bbits));
            e = r + count[b];
            ok = 0;
            for (size_t d = 0; d < size && !ok; d++) {
                size_t q = r;
                for (; q < e; q++) {
                    size_t s = (size_t)((h[order[q]] ^ d) & (size - 1));
                    if (tab[s].key != 0)
                        break;
                    tab[s] = old[at[order[q]]];
                }
                ok = q == e;
                if (ok)
                    disp[b] = (uint16_t)d;
                else /* undo this d's placements */
                    while (q-- > r)
                        memset(&tab[(h[order[q]] ^ d) & (size - 1)], 0, sizeof *tab);
            }
        }
    }
    free(count), free(start), free(at), free(order), free(above), free(h);
    if (!ok) {
        free(tab), free(disp);
        if (seed < 64) /* the loop did not run */
            return value__fail(VALUE_ENOMEM, "out of memory for the %s map", m->version);
        return value__fail(VALUE_EINVAL, "%s map: no perfect hash of its %zu codes", m->version, n);
    }
    free(old);
    m->tab = tab;
    m->tab_mask = size - 1;
    m->disp = disp;
    m->map.tab = tab;
    m->map.disp = disp;
    m->map.mask = size - 1;
    m->map.shift = 64 - bbits;
    m->map.seed = (seed - 1) * 0xD1B54A32D192ED03ull;
    return VALUE_OK;
}

void value_hcc_free(value_hcc *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->label[i]);
    for (size_t k = 0; k < m->n_coef; k++)
        free(m->coef_name[k]);
    free(m->coef_name);
    free(m->coef);
    free(m->tab);
    free(m->disp);
    free(m);
}

int value_hcc_new(const char *version, value_hcc **out)
{
    int rc = value__check_ptr(version, "version");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out, "out");
    if (rc != VALUE_OK)
        return rc;
    size_t v = 0;
    while (v < 2 && strcmp(version, known_versions[v]) != 0)
        v++;
    if (v == 2) {
        char hint[160];
        return value__fail(VALUE_ENOTFOUND, "unknown CMS-HCC version '%s'%s", version,
                           value__name_hint(hint, sizeof hint, version, 2, value__name_at_list, known_versions));
    }
    value_hcc *m = calloc(1, sizeof *m);
    char(*w)[64] = malloc(MAXW * sizeof *w);
    if (m)
        m->tab = calloc(32768, sizeof *m->tab);
    if (!m || !w || !m->tab) {
        free(w);
        value_hcc_free(m);
        return value__fail(VALUE_ENOMEM, "out of memory for the %s model", version);
    }
    m->tab_mask = 32767;
    snprintf(m->version, sizeof m->version, "%s", version);
    static const int kinds[10] = {0, 0, 1, 0, 1, 0, 1, 2, 3, 3};
    for (int s = 1; s <= 9; s++)
        m->seg[s].kind = kinds[s];
    for (int a = 0; a <= 130; a++)
        m->band[a] = (uint8_t)value__hcc_band(a);
    rc = load_coef(m, builtin(version, "coef"));
    if (rc == VALUE_OK)
        rc = load_rules(m, builtin(version, "rules"), w);
    if (rc == VALUE_OK)
        rc = load_map(m, builtin(version, "map"));
    if (rc == VALUE_OK)
        rc = perfect_hash(m);
    free(w);
    if (rc != VALUE_OK) {
        value_hcc_free(m);
        return rc;
    }
    load_factors(m);
    for (int g = 1; g <= 9; g++)
        for (size_t q = 0; q < m->n_inter; q++)
            if (m->seg[g].has_inter[q])
                m->seg[g].inter_list[m->seg[g].n_inter_list++] = (unsigned char)q;
    *out = m;
    return VALUE_OK;
}

int value_hcc_hcc_count(const value_hcc *m, size_t *out)
{
    int rc = value__check_ptr(m, "m");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out, "out");
    if (rc != VALUE_OK)
        return rc;
    *out = m->n;
    return VALUE_OK;
}

int value_hcc_hcc(const value_hcc *m, size_t i, const char **out_name, const char **out_label)
{
    int rc = value__check_ptr(m, "m");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_name, "out_name");
    if (rc != VALUE_OK)
        return rc;
    if (i >= m->n)
        return value__fail(VALUE_EINVAL, "i is %zu, not in [0, %zu) (the %s payment HCCs)", i, m->n, m->version);
    *out_name = m->name[i];
    if (out_label)
        *out_label = m->label[i];
    return VALUE_OK;
}

typedef struct {
    const value_hcc *m;
    const char *pre;
    size_t plen;
    size_t n;
    size_t idx[1400];
} seg_names;

static const char *seg_name_at(const void *ctx, size_t k)
{
    const seg_names *s = ctx;
    return s->m->coef_name[s->idx[k]] + s->plen + 1;
}

int value_hcc_factor(const value_hcc *m, int segment, const char *variable, double *out)
{
    int rc = value__check_ptr(m, "m");
    if (rc == VALUE_OK)
        rc = value__check_ptr(variable, "variable");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out, "out");
    if (rc != VALUE_OK)
        return rc;
    if (segment < 1 || segment > 9)
        return value__fail(VALUE_EINVAL, "segment is %d, not a value_hcc_segment (1 to 9)", segment);
    const char *var = variable;
    for (size_t q = 0; q < m->n_inter; q++)
        if (strcmp(m->inter[q].name, variable) == 0)
            var = m->inter[q].coef; /* the SAS name of an interaction */
    int found;
    double f = coef_of(m, value__hcc_seg_prefix[segment], var, &found);
    if (!found) {
        seg_names *s = malloc(sizeof *s);
        char hint[200] = "";
        if (s) {
            s->m = m;
            s->pre = value__hcc_seg_prefix[segment];
            s->plen = strlen(s->pre);
            s->n = 0;
            for (size_t k = 0; k < m->n_coef && s->n < 1400; k++)
                if (strncmp(m->coef_name[k], s->pre, s->plen) == 0 && m->coef_name[k][s->plen] == '_')
                    s->idx[s->n++] = k;
            value__name_hint(hint, sizeof hint, variable, s->n, seg_name_at, s);
            free(s);
        }
        return value__fail(VALUE_ENOTFOUND, "unknown %s %s variable '%s'%s", m->version, value__hcc_seg_prefix[segment],
                           variable, hint);
    }
    *out = f;
    return VALUE_OK;
}

/* ---- scoring ---- */

/* The categories one code adds for a person (model age a, sex), its status. */
static inline int read_code(const char *code, uint64_t *key)
{
    unsigned len;
    return value__icd_read_fast(code, 10, key, &len);
}

/* The scoring steps are written once, inlined twice: into value_hcc_score
 * with no observer (the note branches fold away) and into the explanation's
 * entry points below. */
static inline __attribute__((always_inline)) int code_cats(const value_hcc *m, const value__hcc_map *map,
                                                           const char *code, int a, int sex, value__hcc_bits *cats,
                                                           value__hcc_note *note)
{
    uint64_t key;
    if (__builtin_expect(!read_code(code, &key), 0)) {
        if (note)
            value__hcc_noted(note, VALUE__HCC_EV_INVALID, 0, 0, 0);
        return VALUE_HCC_CODE_INVALID;
    }
    /* No branch on whether the code maps, or to how many categories (that
     * changes from row to row): the slot's fields, or nothing. */
    const value__hcc_slot *s = value__hcc_slot_of(map, key);
    uint64_t hit = -(uint64_t)(s->key == key);
    unsigned edit = s->edit & (unsigned)hit;
    if (__builtin_expect(edit != 0, 0)) {
        const value__hcc_edit *e = &m->edit[edit - 1];
        if (value__hcc_edit_applies(e, a, sex)) {
            if (e->cc_index < 0) {
                if (note)
                    value__hcc_noted(note, VALUE__HCC_EV_EDITED, (int)edit - 1, 0, 0);
                return VALUE_HCC_CODE_EDITED;
            }
            cats->w[0] |= e->cc_bits.w[0];
            cats->w[1] |= e->cc_bits.w[1];
            if (note)
                value__hcc_noted(note, VALUE__HCC_EV_CAT, e->cc_index, (int)edit, 0);
            return VALUE_HCC_CODE_MAPPED;
        }
    }
    uint64_t w0 = s->cats.w[0] & hit, w1 = s->cats.w[1] & hit;
    cats->w[0] |= w0;
    cats->w[1] |= w1;
    int mapped = (w0 | w1) != 0;
    if (note) {
        if (!mapped)
            value__hcc_noted(note, VALUE__HCC_EV_UNMAPPED, 0, 0, 0);
        for (int k = 0; k < 2 && mapped && s->cat[k] != VALUE__HCC_NONE; k++)
            value__hcc_noted(note, VALUE__HCC_EV_CAT, s->cat[k], 0, 0);
    }
    return mapped ? VALUE_HCC_CODE_MAPPED : VALUE_HCC_CODE_UNMAPPED;
}

/* The payment HCCs left after the V28 heart patch and the hierarchies. */
static inline __attribute__((always_inline)) value__hcc_bits kept(const value_hcc *m, value__hcc_bits c, value__hcc_note *note)
{
    /* without branches on the person's categories (they mispredict late: all
     * the person's codes come first) */
    uint64_t patched = -(uint64_t)(value__hcc_any(&c, &m->patch_bit) & !value__hcc_any(&c, &m->patch_need));
    c.w[0] &= ~(m->patch_bit.w[0] & patched);
    c.w[1] &= ~(m->patch_bit.w[1] & patched);
    if (note && patched)
        value__hcc_noted(note, VALUE__HCC_EV_PATCH, m->patch, 0, 0);
    /* Lines in SAS order are lines by ascending category (value_hcc_new
     * checks), so the categories' bits can be walked in order.  A line whose
     * category an earlier line dropped does nothing: its drop mask is ANDed
     * with that, not branched on. */
    value__hcc_bits todo = {{c.w[0] & m->triggers.w[0], c.w[1] & m->triggers.w[1]}};
    for (int k = value__hcc_count(&todo); k > 0; k--) {
        int i = value__hcc_take(&todo);
        uint64_t hi = -(uint64_t)(i >> 6);
        uint64_t still = -(((c.w[0] & ~hi) | (c.w[1] & hi)) >> (i & 63) & 1);
        if (note && still)
            for (int w2 = 0; w2 < 2; w2++)
                for (uint64_t d = c.w[w2] & m->drop[i].w[w2]; d; d &= d - 1)
                    value__hcc_noted(note, VALUE__HCC_EV_DROP, 64 * w2 + __builtin_ctzll(d), i, 0);
        c.w[0] &= ~(m->drop[i].w[0] & still);
        c.w[1] &= ~(m->drop[i].w[1] & still);
    }
    return c;
}

/* The raw score of one person from the kept HCCs, in the order of the
 * explanation's lines (demographics, HCCs, interactions, count). */
static inline __attribute__((always_inline)) double person_score(const value_hcc *m, int segment, int a, int sex, int orec, int medicaid,
                                                           const value__hcc_bits *h, value__hcc_note *note)
{
    const value__hcc_seg *g = &m->seg[segment];
    int disabl = a < 65 && orec != 0; /* AGESEXV2 */
    int origds = orec == 1 && !disabl;
    double s, x;
    if (g->kind == 3) {
        int ne_origds = a >= 65 && orec == 1; /* V2x main program */
        int band = value__hcc_ne_band(a, orec);
        x = g->ne[medicaid][ne_origds][sex - 1][band];
        if (note)
            value__hcc_noted(note, VALUE__HCC_EV_NE_CELL, band, 2 * medicaid + ne_origds, x);
        return x;
    }
    int band = m->band[a];
    s = g->cell[sex - 1][band];
    if (note)
        value__hcc_noted(note, VALUE__HCC_EV_CELL, band, 0, s);
    if (g->kind == 0 && origds) {
        s += x = g->orig[sex - 1];
        if (note)
            value__hcc_noted(note, VALUE__HCC_EV_ORIG, 0, 0, x);
    }
    if (g->kind == 2 && medicaid) {
        s += g->ltimcaid;
        if (note)
            value__hcc_noted(note, VALUE__HCC_EV_LTIMCAID, 0, 0, g->ltimcaid);
    }
    if (g->kind == 2 && origds && g->has_origds) {
        s += g->origds;
        if (note)
            value__hcc_noted(note, VALUE__HCC_EV_ORIGDS, 0, 0, g->origds);
    }
    value__hcc_bits b = *h;
    int n = value__hcc_count(&b); /* payment HCCs, for the count variables */
    for (int k = 0; k < n; k++) {
        int i = value__hcc_take(&b);
        s += g->hcc[i];
        if (note)
            value__hcc_noted(note, VALUE__HCC_EV_HCC, i, 0, g->hcc[i]);
    }
    /* Whether an interaction fires changes from person to person: add its
     * factor or -0.0 (which leaves any sum as it is), picked by the 0/1. */
    for (int j = 0; j < g->n_inter_list; j++) {
        int q = g->inter_list[j];
        const value__hcc_inter *it = &m->inter[q];
        int t0 = (it->t[0].disabled & disabl) | value__hcc_any(&it->t[0].mask, h);
        int t1 = (it->t[1].disabled & disabl) | value__hcc_any(&it->t[1].mask, h);
        s += g->inter[q][t0 & t1];
        if (note && (t0 & t1))
            value__hcc_noted(note, VALUE__HCC_EV_INTER, (int)q, 0, g->inter[q][1]);
    }
    if (g->counts) {
        int k = n > 10 ? 10 : n; /* d[0] is -0.0 */
        s += g->d[k];
        if (note && k > 0)
            value__hcc_noted(note, VALUE__HCC_EV_COUNT, k, n, g->d[k]);
    }
    return s;
}

int value__hcc_code_cats(const value_hcc *m, const char *code, int a, int sex, value__hcc_bits *cats,
                         value__hcc_note *note)
{
    return code_cats(m, &m->map, code, a, sex, cats, note);
}

value__hcc_bits value__hcc_kept(const value_hcc *m, value__hcc_bits c, value__hcc_note *note)
{
    return kept(m, c, note);
}

double value__hcc_person_score(const value_hcc *m, int segment, int a, int sex, int orec, int medicaid,
                               const value__hcc_bits *h, value__hcc_note *note)
{
    return person_score(m, segment, a, sex, orec, medicaid, h, note);
}

int value_hcc_score(const value_hcc *m, const int32_t *segment, const int32_t *age, const int32_t *sex,
                    const int32_t *orec, const int32_t *medicaid, size_t n_people, const int32_t *person,
                    const char *const *codes, size_t n_codes, double *out_scores, size_t out_len,
                    int32_t *out_status, size_t out_status_len, size_t *out_invalid)
{
    int rc = value__check_ptr(m, "m");
    if (rc == VALUE_OK)
        rc = value__check_ptr(segment, "segment");
    if (rc == VALUE_OK)
        rc = value__check_ptr(age, "age");
    if (rc == VALUE_OK)
        rc = value__check_ptr(sex, "sex");
    if (rc == VALUE_OK)
        rc = value__check_ptr(orec, "orec");
    if (rc == VALUE_OK && n_codes > 0)
        rc = value__check_ptr(person, "person");
    if (rc == VALUE_OK && n_codes > 0)
        rc = value__check_ptr(codes, "codes");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_scores, "out_scores");
    if (rc == VALUE_OK && n_codes > 0)
        rc = value__check_ptr(out_status, "out_status");
    if (rc == VALUE_OK)
        rc = value__check_ptr(out_invalid, "out_invalid");
    if (rc != VALUE_OK)
        return rc;
    if (n_people == 0)
        return value__fail(VALUE_EINVAL, "n_people is 0, must be >= 1");
    rc = value__check_length("out_len", out_len, n_people, "n_people");
    if (rc == VALUE_OK)
        rc = value__check_length("out_status_len", out_status_len, n_codes, "n_codes");
    if (rc != VALUE_OK)
        return rc;
    for (size_t i = 0; i < n_people; i++) {
        rc = value__hcc_check_person(m, segment[i], age[i], sex[i], orec[i], medicaid ? medicaid[i] : 0, "", i);
        if (rc != VALUE_OK)
            return rc;
    }
    int sorted; /* rows grouped by person in order: scored person by person, no per-person table */
    if ((rc = value__icd_rows_check(person, codes, n_codes, n_people, &sorted)))
        return rc;
    size_t invalid = 0;
    const value__hcc_map map = m->map; /* a local copy stays in registers: out_status cannot alias it */
    if (sorted) {
        size_t r = 0;
        for (size_t i = 0; i < n_people; i++) {
            value__hcc_bits c = {{0, 0}};
            int a = value__hcc_age(m, age[i], orec[i]), sx = sex[i];
            for (; r < n_codes && (size_t)person[r] == i; r++) {
                int st = code_cats(m, &map, codes[r], a, sx, &c, NULL);
                invalid += st == VALUE_HCC_CODE_INVALID;
                out_status[r] = st;
            }
            value__hcc_bits h = kept(m, c, NULL);
            out_scores[i] = person_score(m, segment[i], a, sex[i], orec[i], medicaid ? medicaid[i] : 0, &h, NULL);
        }
        *out_invalid = invalid;
        return VALUE_OK;
    }
    value__hcc_bits *cc = calloc(n_people, sizeof *cc);
    if (cc == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for %zu people's categories", n_people);
    for (size_t r = 0; r < n_codes; r++) {
        size_t i = (size_t)person[r];
        int a = value__hcc_age(m, age[i], orec[i]);
        int st = code_cats(m, &map, codes[r], a, sex[i], &cc[i], NULL);
        invalid += st == VALUE_HCC_CODE_INVALID;
        out_status[r] = st;
    }
    for (size_t i = 0; i < n_people; i++) {
        value__hcc_bits h = kept(m, cc[i], NULL);
        out_scores[i] = person_score(m, segment[i], value__hcc_age(m, age[i], orec[i]), sex[i], orec[i],
                                     medicaid ? medicaid[i] : 0, &h, NULL);
    }
    free(cc);
    *out_invalid = invalid;
    return VALUE_OK;
}
