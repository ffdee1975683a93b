/* Keys: string identifiers to row indices (lib/core/keys.c).  The expected
 * indices are the order of first appearance, read off each input by hand;
 * a large case is checked against a second, quadratic implementation in
 * the test.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

START_TEST(first_appearance_order)
{
    /* "b" first (0), then "a" (1), "b" again (0), "c" (2), "a" (1). */
    const char *ids[5] = {"b", "a", "b", "c", "a"};
    int32_t index[5];
    value_keys *k = NULL;
    assert_ok(value_keys_new(ids, 5, 0, index, 5, &k));
    ck_assert_int_eq(index[0], 0);
    ck_assert_int_eq(index[1], 1);
    ck_assert_int_eq(index[2], 0);
    ck_assert_int_eq(index[3], 2);
    ck_assert_int_eq(index[4], 1);
    size_t n;
    assert_ok(value_keys_count(k, &n));
    ck_assert_uint_eq(n, 3);
    const char *s;
    assert_ok(value_keys_get(k, 2, &s));
    ck_assert_str_eq(s, "c");
    /* Lookup against the keys: case and blanks matter. */
    const char *q[3] = {"c", "b", "a"};
    int32_t qi[3];
    assert_ok(value_keys_find(k, q, 3, qi, 3));
    ck_assert(qi[0] == 2 && qi[1] == 0 && qi[2] == 1);
    const char *bad[2] = {"a", "A"};
    qi[0] = qi[1] = -7;
    assert_fails(value_keys_find(k, bad, 2, qi, 2), VALUE_ENOTFOUND, "ids[1] ('A') is not a key");
    ck_assert(qi[0] == -7 && qi[1] == -7);
    value_keys_free(k);
}
END_TEST

START_TEST(unique_people_table)
{
    const char *ids[4] = {"MBI1", "MBI2", "MBI3", "MBI2"};
    int32_t index[4] = {-7, -7, -7, -7};
    value_keys *k = NULL;
    assert_fails(value_keys_new(ids, 4, 1, index, 4, &k), VALUE_EINVAL, "ids[3] repeats ids[1] ('MBI2')");
    ck_assert_ptr_null(k);
    ck_assert(index[0] == -7);
    assert_ok(value_keys_new(ids, 3, 1, index, 3, &k));
    ck_assert(index[0] == 0 && index[1] == 1 && index[2] == 2);
    value_keys_free(k);
    /* The empty set. */
    assert_ok(value_keys_new(NULL, 0, 1, NULL, 0, &k));
    size_t n = 9;
    assert_ok(value_keys_count(k, &n));
    ck_assert_uint_eq(n, 0);
    value_keys_free(k);
}
END_TEST

START_TEST(agrees_with_quadratic_search)
{
    /* 20,000 ids drawn from 3,000 distinct ones by an LCG; the obvious
     * O(n^2) first-appearance search gives the indices to compare. */
    enum { N = 20000, D = 3000 };
    static char buf[N][16];
    static const char *ids[N];
    static int32_t got[N], want[N];
    static int first[D];
    uint32_t x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        snprintf(buf[i], sizeof buf[i], "id-%u", (x >> 8) % D);
        ids[i] = buf[i];
    }
    int n_distinct = 0;
    for (int i = 0; i < N; i++) {
        int j = 0;
        while (j < n_distinct && strcmp(ids[first[j]], ids[i]) != 0)
            j++;
        if (j == n_distinct)
            first[n_distinct++] = i;
        want[i] = j;
    }
    value_keys *k = NULL;
    assert_ok(value_keys_new(ids, N, 0, got, N, &k));
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(got[i], want[i]);
    size_t n;
    assert_ok(value_keys_count(k, &n));
    ck_assert_uint_eq(n, (size_t)n_distinct);
    value_keys_free(k);
}
END_TEST

START_TEST(bad_input)
{
    const char *ids[2] = {"a", NULL};
    int32_t index[2];
    value_keys *k = NULL;
    assert_fails(value_keys_new(ids, 2, 0, index, 2, &k), VALUE_EINVAL, "ids[1] is NULL");
    ids[1] = "b";
    assert_fails(value_keys_new(ids, 2, 2, index, 2, &k), VALUE_EINVAL, "unique is 2, not 0 or 1");
    assert_fails(value_keys_new(ids, 2, 0, index, 1, &k), VALUE_EINVAL, "out_len must be 2 (n), got 1");
    assert_fails(value_keys_new(ids, 2, 0, NULL, 2, &k), VALUE_EINVAL, "out_index is NULL");
    assert_fails(value_keys_new(NULL, 2, 0, index, 2, &k), VALUE_EINVAL, "ids is NULL");
    assert_fails(value_keys_new(ids, 2, 0, index, 2, NULL), VALUE_EINVAL, "out is NULL");
    ck_assert_ptr_null(k);
    assert_ok(value_keys_new(ids, 2, 0, index, 2, &k));
    const char *s = NULL;
    size_t n;
    assert_fails(value_keys_get(k, 2, &s), VALUE_EINVAL, "i is 2, not in [0, 2)");
    assert_fails(value_keys_get(NULL, 0, &s), VALUE_EINVAL, "k is NULL");
    assert_fails(value_keys_count(k, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_keys_find(k, ids, 2, index, 3), VALUE_EINVAL, "out_len must be 2 (n), got 3");
    assert_fails(value_keys_find(NULL, ids, 2, index, 2), VALUE_EINVAL, "k is NULL");
    (void)n;
    value_keys_free(k);
    value_keys_free(NULL);
}
END_TEST

static Suite *keys_suite(void)
{
    Suite *s = suite_create("keys");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, first_appearance_order);
    tcase_add_test(tc, unique_people_table);
    tcase_add_test(tc, agrees_with_quadratic_search);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(keys_suite());
}
