/* The loader of the CMS programs' parameter tables (lib/programs/cms.c) and
 * the public accessors value_cms_years / value_cms_parameter(_count).
 * Expected values are the tables' published figures (42 CFR 425.604).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include "programs/cms.h"

START_TEST(parse_ranges_and_values)
{
    value__cms_params *p = NULL;
    const char *text = "# a comment\n"
                       "\n"
                       "2013-2015 a.rate 0.5   # trailing comment\n"
                       "2016      a.rate 0.25\n"
                       "2014 table 1 2.5 -3e2 inf -inf\n"
                       "2020 last 7";   /* no final newline */
    assert_ok(value__cms_params_parse(text, "test", &p));
    int first, last;
    value__cms_params_years(p, &first, &last);
    ck_assert_int_eq(first, 2013);
    ck_assert_int_eq(last, 2020);
    double x;
    assert_ok(value__cms_params_scalar(p, 2013, "a.rate", &x));
    ck_assert(x == 0.5);
    assert_ok(value__cms_params_scalar(p, 2015, "a.rate", &x));
    ck_assert(x == 0.5);
    assert_ok(value__cms_params_scalar(p, 2016, "a.rate", &x));
    ck_assert(x == 0.25);
    assert_fails(value__cms_params_scalar(p, 2017, "a.rate", &x), VALUE_ENOTFOUND, "test has no a.rate for 2017");
    const double *v;
    size_t n;
    assert_ok(value__cms_params_get(p, 2014, "table", &v, &n));
    ck_assert_uint_eq(n, 5);
    ck_assert(v[0] == 1 && v[1] == 2.5 && v[2] == -300 && v[3] == INFINITY && v[4] == -INFINITY);
    assert_fails(value__cms_params_scalar(p, 2014, "table", &x), VALUE_EPARSE, "has 5 values");
    ck_assert(value__cms_params_or(p, 2019, "last", 9) == 9);
    ck_assert(value__cms_params_or(p, 2020, "last", 9) == 7);
    ck_assert(value__cms_params_has_year(p, 2017) == 0);
    ck_assert(value__cms_params_has_year(p, 2020) == 1);
    assert_fails(value__cms_params_check_year(p, 2031, "fiscal year"), VALUE_EINVAL,
                 "test has no fiscal year 2031 (known: 2013-2020)");
    value__cms_params_free(p);
}
END_TEST

START_TEST(parse_errors_name_the_line)
{
    value__cms_params *p = NULL;
    assert_fails(value__cms_params_parse("2014 a 1\n2014 b\n", "t", &p), VALUE_EPARSE, "t line number 2: expected YEARS");
    assert_fails(value__cms_params_parse("14 a 1\n", "t", &p), VALUE_EPARSE, "t line number 1: '14' is not a year");
    assert_fails(value__cms_params_parse("2015-2014 a 1\n", "t", &p), VALUE_EPARSE, "'2015-2014' is not a year");
    assert_fails(value__cms_params_parse("2014 a$ 1\n", "t", &p), VALUE_EPARSE, "key 'a$'");
    assert_fails(value__cms_params_parse("2014 a 1,5\n", "t", &p), VALUE_EPARSE, "value '1,5' of a is not a number");
    assert_fails(value__cms_params_parse("2014 a nan\n", "t", &p), VALUE_EPARSE, "value 'nan'");
    assert_fails(value__cms_params_parse("2013-2015 a 1\n2015 a 2\n", "t", &p), VALUE_EPARSE,
                 "t line number 2: a is given twice for 2015");
    assert_fails(value__cms_params_parse("# nothing\n", "t", &p), VALUE_EPARSE, "t has no parameters");
    char line[1024] = "2014 k";
    for (int i = 0; i < VALUE__CMS_MAX_VALUES + 1; i++)
        strcat(line, " 1");
    assert_fails(value__cms_params_parse(line, "t", &p), VALUE_EPARSE, "more than 64 values");
    ck_assert_ptr_null(p);
}
END_TEST

/* 42 CFR 425.604(b): the MSR at 5,000 assigned beneficiaries is 3.9%, at
 * 60,000 and above 2.0%; Track 1 shares up to 50% (425.604(d)). */
START_TEST(public_accessors)
{
    int first = 0, last = 0;
    assert_ok(value_cms_years("mssp", &first, &last));
    ck_assert_int_eq(first, 2013);
    ck_assert_int_ge(last, 2025);
    size_t n = 0;
    assert_ok(value_cms_parameter_count("mssp", 2014, "msr", &n));
    ck_assert_uint_eq(n, 21); /* 3,000-4,999 (below 5,000), then 425.604(b)'s bands */
    double x = 0;
    assert_ok(value_cms_parameter("mssp", 2014, "msr", 0, &x));
    ck_assert(x == 0.050);
    assert_ok(value_cms_parameter("mssp", 2014, "msr", 2, &x));
    ck_assert(x == 0.039);
    assert_ok(value_cms_parameter("mssp", 2014, "msr", 20, &x));
    ck_assert(x == 0.020);
    assert_ok(value_cms_parameter("mssp", 2014, "track1.sharing_rate", 0, &x));
    ck_assert(x == 0.5);
    assert_ok(value_cms_parameter("mssp", 2020, "payment_reduction", 0, &x));
    ck_assert(x == 0);
}
END_TEST

START_TEST(public_accessors_bad_input)
{
    int first = -1, last = -1;
    size_t n = 77;
    double x = -5;
    assert_fails(value_cms_years(NULL, &first, &last), VALUE_EINVAL, "program is NULL");
    assert_fails(value_cms_years("mssp", NULL, &last), VALUE_EINVAL, "out_first is NULL");
    assert_fails(value_cms_years("nope", &first, &last), VALUE_ENOTFOUND, "unknown program 'nope'");
    ck_assert(first == -1 && last == -1);
    assert_fails(value_cms_parameter_count("mssp", 2014, NULL, &n), VALUE_EINVAL, "key is NULL");
    assert_fails(value_cms_parameter_count("mssp", 2014, "msr", NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_cms_parameter_count("mssp", 1999, "msr", &n), VALUE_EINVAL, "mssp has no year 1999 (known: 2013-");
    assert_fails(value_cms_parameter_count("mssp", 2014, "track3.offered", &n), VALUE_ENOTFOUND,
                 "mssp has no track3.offered for 2014");
    ck_assert_uint_eq(n, 77);
    assert_fails(value_cms_parameter("mssp", 2014, "msr", 21, &x), VALUE_EINVAL,
                 "index is 21, not in [0, 21) (mssp msr for 2014 has 21 values)");
    assert_fails(value_cms_parameter("mssp", 2014, "msr", 0, NULL), VALUE_EINVAL, "out is NULL");
    ck_assert(x == -5);
}
END_TEST

static Suite *cms_params_suite(void)
{
    Suite *s = suite_create("cms_params");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, parse_ranges_and_values);
    tcase_add_test(tc, parse_errors_name_the_line);
    tcase_add_test(tc, public_accessors);
    tcase_add_test(tc, public_accessors_bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(cms_params_suite());
}
