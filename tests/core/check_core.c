/* Core API: versions, status texts, per-thread messages.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <pthread.h>
#include <stdio.h>

START_TEST(version_matches_macros)
{
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", VALUE_VERSION_MAJOR, VALUE_VERSION_MINOR, VALUE_VERSION_PATCH);
    ck_assert_str_eq(value_version(), want);
    ck_assert_int_eq(VALUE_VERSION_NUMBER,
                     VALUE_VERSION_MAJOR * 10000 + VALUE_VERSION_MINOR * 100 + VALUE_VERSION_PATCH);
}
END_TEST

START_TEST(strerror_covers_every_code)
{
    /* Each released code has its own text; the codes are fixed numbers. */
    static const struct { int code, value; const char *text; } codes[] = {
        {VALUE_OK, 0, "success"},
        {VALUE_EINVAL, -1, "invalid argument"},
        {VALUE_EDOM, -2, "input outside the method's domain"},
        {VALUE_ERANGE, -3, "result out of range"},
        {VALUE_ENOMEM, -4, "out of memory"},
        {VALUE_ENOTCONV, -5, "iteration did not converge"},
        {VALUE_ENOTFOUND, -6, "not found"},
        {VALUE_EPARSE, -7, "malformed input"},
        {VALUE_ESTATE, -8, "handle in the wrong state for this call"},
        {VALUE_EIO, -9, "input/output error"},
        {VALUE_ENUMERIC, -10, "numerical routine failed"},
        {VALUE_ECALLBACK, -11, "a user callback failed"},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        ck_assert_int_eq(codes[i].code, codes[i].value);
        ck_assert_str_eq(value_strerror(codes[i].code), codes[i].text);
    }
    ck_assert_str_eq(value_strerror(-999), "unknown status code");
    ck_assert_str_eq(value_strerror(42), "unknown status code");
}
END_TEST

static void *fail_in_thread(void *arg)
{
    /* A new thread starts with an empty message, then sees only its own. */
    char (*seen)[128] = arg;
    snprintf(seen[0], sizeof seen[0], "%s", value_errmsg());
    value_discount *d = NULL;
    value_discount_new(-2.0, &d);
    snprintf(seen[1], sizeof seen[1], "%s", value_errmsg());
    return NULL;
}

START_TEST(errmsg_is_per_thread)
{
    value_discount *d = NULL;
    assert_fails(value_discount_new(NAN, &d), VALUE_EINVAL, "rate is NaN");
    ck_assert_ptr_null(d);
    char seen[2][128] = {"unset", "unset"};
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, fail_in_thread, seen), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    ck_assert_str_eq(seen[0], "");
    ck_assert_str_eq(seen[1], "rate must be greater than -1, got -2");
    /* The other thread's failure did not touch this thread's message. */
    ck_assert_str_eq(value_errmsg(), "rate is NaN");
}
END_TEST

START_TEST(success_keeps_last_message)
{
    value_discount *d = NULL;
    assert_fails(value_discount_new(INFINITY, &d), VALUE_EINVAL, "rate is Inf");
    assert_ok(value_discount_new(0.035, &d));
    ck_assert_str_eq(value_errmsg(), "rate is Inf");
    value_discount_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, version_matches_macros);
    tcase_add_test(tc, strerror_covers_every_code);
    tcase_add_test(tc, errmsg_is_per_thread);
    tcase_add_test(tc, success_keeps_last_message);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
