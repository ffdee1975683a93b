/*
 * Keys: string identifiers to 0-based row indices, in order of first
 * appearance (the string-keyed path into the long-format risk scores).
 * An open-addressing hash over copies of the distinct keys.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct value_keys {
    char **keys;      /* distinct keys, in order of first appearance */
    size_t n;
    int32_t *slots;   /* -1 empty, else an index into keys */
    size_t mask;      /* slots - 1, a power of two minus one */
};

/* FNV-1a: short identifiers, no adversary to defend against beyond
 * slowness, and the table is at most half full. */
static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static size_t find_slot(const value_keys *k, const char *id)
{
    size_t i = (size_t)hash(id) & k->mask;
    while (k->slots[i] >= 0 && strcmp(k->keys[k->slots[i]], id) != 0)
        i = (i + 1) & k->mask;
    return i;
}

void value_keys_free(value_keys *k)
{
    if (k == NULL)
        return;
    for (size_t i = 0; i < k->n; i++)
        free(k->keys[i]);
    free(k->keys);
    free(k->slots);
    free(k);
}

static int check_ids(const char *const *ids, size_t n)
{
    if (n > 0 && ids == NULL)
        return value__fail(VALUE_EINVAL, "ids is NULL");
    for (size_t i = 0; i < n; i++)
        if (ids[i] == NULL)
            return value__fail(VALUE_EINVAL, "ids[%zu] is NULL", i);
    return VALUE_OK;
}

int value_keys_new(const char *const *ids, size_t n, int unique, int32_t *out_index, size_t out_len,
                   value_keys **out)
{
    if (out == NULL)
        return value__fail(VALUE_EINVAL, "out is NULL");
    int rc = check_ids(ids, n);
    if (rc != VALUE_OK)
        return rc;
    if (unique != 0 && unique != 1)
        return value__fail(VALUE_EINVAL, "unique is %d, not 0 or 1", unique);
    if (n > 0 && out_index == NULL)
        return value__fail(VALUE_EINVAL, "out_index is NULL");
    if (out_len != n)
        return value__fail(VALUE_EINVAL, "out_len must be %zu (n), got %zu", n, out_len);
    if (n > (size_t)INT32_MAX)
        return value__fail(VALUE_EINVAL, "n is %zu, more than %d keys", n, INT32_MAX);
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    value_keys *k = calloc(1, sizeof *k);
    int32_t *index = n ? malloc(n * sizeof *index) : NULL;
    if (k == NULL || (n && index == NULL))
        goto nomem;
    k->keys = malloc((n ? n : 1) * sizeof *k->keys);
    k->slots = malloc(cap * sizeof *k->slots);
    if (k->keys == NULL || k->slots == NULL)
        goto nomem;
    memset(k->slots, 0xff, cap * sizeof *k->slots); /* all -1 */
    k->mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        size_t s = find_slot(k, ids[i]);
        if (k->slots[s] >= 0) {
            if (unique) {
                /* The first position of the repeated key. */
                size_t first = 0;
                while (strcmp(ids[first], ids[i]) != 0)
                    first++;
                rc = value__fail(VALUE_EINVAL, "ids[%zu] repeats ids[%zu] ('%.40s')", i, first, ids[i]);
                goto fail;
            }
            index[i] = k->slots[s];
            continue;
        }
        size_t len = strlen(ids[i]);
        char *copy = malloc(len + 1);
        if (copy == NULL)
            goto nomem;
        memcpy(copy, ids[i], len + 1);
        k->keys[k->n] = copy;
        k->slots[s] = (int32_t)k->n;
        index[i] = (int32_t)k->n;
        k->n++;
    }
    if (n)
        memcpy(out_index, index, n * sizeof *index);
    free(index);
    *out = k;
    return VALUE_OK;
nomem:
    rc = value__fail(VALUE_ENOMEM, "out of memory indexing %zu keys", n);
fail:
    free(index);
    value_keys_free(k);
    return rc;
}

int value_keys_count(const value_keys *k, size_t *out)
{
    if (k == NULL || out == NULL)
        return value__fail(VALUE_EINVAL, "%s is NULL", k == NULL ? "k" : "out");
    *out = k->n;
    return VALUE_OK;
}

int value_keys_get(const value_keys *k, size_t i, const char **out)
{
    if (k == NULL || out == NULL)
        return value__fail(VALUE_EINVAL, "%s is NULL", k == NULL ? "k" : "out");
    if (i >= k->n)
        return value__fail(VALUE_EINVAL, "i is %zu, not in [0, %zu)", i, k->n);
    *out = k->keys[i];
    return VALUE_OK;
}

int value_keys_find(const value_keys *k, const char *const *ids, size_t n, int32_t *out_index, size_t out_len)
{
    if (k == NULL)
        return value__fail(VALUE_EINVAL, "k is NULL");
    int rc = check_ids(ids, n);
    if (rc != VALUE_OK)
        return rc;
    if (n > 0 && out_index == NULL)
        return value__fail(VALUE_EINVAL, "out_index is NULL");
    if (out_len != n)
        return value__fail(VALUE_EINVAL, "out_len must be %zu (n), got %zu", n, out_len);
    /* Check all before writing any: outputs untouched on error. */
    for (size_t i = 0; i < n; i++)
        if (k->slots[find_slot(k, ids[i])] < 0)
            return value__fail(VALUE_ENOTFOUND, "ids[%zu] ('%.40s') is not a key", i, ids[i]);
    for (size_t i = 0; i < n; i++)
        out_index[i] = k->slots[find_slot(k, ids[i])];
    return VALUE_OK;
}
