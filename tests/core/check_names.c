/* "Did you mean": value__name_distance (optimal string alignment, ASCII
 * case ignored) and value__name_hint (lib/core/core.c), with the distances
 * worked out by hand in the comments, and the lookups of lib/ that use it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include "core/internal.h"

START_TEST(distance_by_hand)
{
    ck_assert_uint_eq(value__name_distance("nurse", "nurse"), 0);
    ck_assert_uint_eq(value__name_distance("MO", "mo"), 0);            /* case ignored */
    ck_assert_uint_eq(value__name_distance("nurce", "nurse"), 1);      /* c -> s */
    ck_assert_uint_eq(value__name_distance("vist", "visit"), 1);       /* insert i */
    ck_assert_uint_eq(value__name_distance("visit", "vist"), 1);       /* delete i */
    ck_assert_uint_eq(value__name_distance("sharing_rtae", "sharing_rate"), 1); /* ta <-> at */
    ck_assert_uint_eq(value__name_distance("mrs", "msr"), 1);          /* rs <-> sr */
    ck_assert_uint_eq(value__name_distance("kitten", "sitting"), 3);   /* k->s, e->i, insert g */
    ck_assert_uint_eq(value__name_distance("", "abc"), 3);
    ck_assert_uint_eq(value__name_distance("abc", ""), 3);
    /* OSA, not Damerau: "ca" -> "abc" needs 3 (no edit of a transposed pair) */
    ck_assert_uint_eq(value__name_distance("ca", "abc"), 3);
    /* only the first 64 bytes count: 70 a's and 70 a's + "b" are equal */
    char a[80], b[80];
    memset(a, 'a', 70);
    a[70] = 0;
    memcpy(b, a, 70);
    b[70] = 'b';
    b[71] = 0;
    ck_assert_uint_eq(value__name_distance(a, b), 0);
}
END_TEST

START_TEST(hint_forms)
{
    char buf[400];
    const char *two[] = {"nurse", "doctor"};
    ck_assert_str_eq(value__name_hint(buf, sizeof buf, "nurce", 2, value__name_at_list, two),
                     " (did you mean 'nurse'?)");
    /* close = max(1, strlen / 3): 6 letters allow 2 edits, not 3 */
    const char *one[] = {"abcdef"};
    ck_assert_str_eq(value__name_hint(buf, sizeof buf, "abcdxy", 1, value__name_at_list, one),
                     " (did you mean 'abcdef'?)");
    ck_assert_str_eq(value__name_hint(buf, sizeof buf, "abxyzf", 1, value__name_at_list, one),
                     " (known: 'abcdef')");
    /* one letter still allows one edit */
    const char *y[] = {"y"};
    ck_assert_str_eq(value__name_hint(buf, sizeof buf, "x", 1, value__name_at_list, y), " (did you mean 'y'?)");
    /* nothing close among 7: the 5 nearest, equals in their order.
     * "aaxx": aaaa 2, aaab 2 (two substitutions each), the others 4. */
    const char *seven[] = {"aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff", "aaab"};
    ck_assert_str_eq(value__name_hint(buf, sizeof buf, "aaxx", 7, value__name_at_list, seven),
                     " (nearest of 7 known: 'aaaa', 'aaab', 'bbbb', 'cccc', 'dddd')");
    /* NULL names are skipped; none left */
    const char *none[] = {NULL, NULL};
    ck_assert_str_eq(value__name_hint(buf, sizeof buf, "x", 2, value__name_at_list, none), " (none is defined)");
    ck_assert_str_eq(value__name_hint(buf, sizeof buf, "x", 0, value__name_at_list, none), " (none is defined)");
    const char *gap[] = {NULL, "beta", NULL};
    ck_assert_str_eq(value__name_hint(buf, sizeof buf, "bata", 3, value__name_at_list, gap),
                     " (did you mean 'beta'?)");
    /* a short buffer truncates, NUL-terminated */
    char small[20];
    value__name_hint(small, sizeof small, "aaxx", 7, value__name_at_list, seven);
    ck_assert_str_eq(small, " (nearest of 7 know");
    char tiny[30];
    value__name_hint(tiny, sizeof tiny, "aaxx", 7, value__name_at_list, seven);
    ck_assert_str_eq(tiny, " (nearest of 7 known: 'aaaa',");
}
END_TEST

/* The lookups of lib/ say which name and suggest the nearest. */
START_TEST(lookups_suggest)
{
    value_costing *c = NULL;
    size_t i;
    assert_ok(value_costing_new(&c));
    assert_ok(value_costing_add_resource(c, "nurse", 96000, 120000, 0.8, &i));
    assert_ok(value_costing_add_resource(c, "physician", 250000, 120000, 0.8, &i));
    assert_ok(value_costing_add_driver(c, "bmi", 27, &i));
    assert_ok(value_costing_add_process(c, "visit", &i));
    assert_fails(value_costing_add_step(c, "visit", "nurce", 5, 1, &i), VALUE_ENOTFOUND,
                 "unknown resource 'nurce' (did you mean 'nurse'?)");
    assert_fails(value_costing_add_step(c, "vist", "nurse", 5, 1, &i), VALUE_ENOTFOUND,
                 "unknown process 'vist' (did you mean 'visit'?)");
    assert_ok(value_costing_add_step(c, "visit", "nurse", 5, 1, &i));
    /* "weight" vs "bmi": 6 edits, more than 2 */
    assert_fails(value_costing_add_step_term(c, "visit", 0, "weight", 1), VALUE_ENOTFOUND,
                 "unknown driver 'weight' (known: 'bmi')");
    assert_fails(value_costing_add_step_term(c, "visit", 0, "BMI", 1), VALUE_ENOTFOUND,
                 "unknown driver 'BMI' (did you mean 'bmi'?)");
    value_costing_free(c);

    int first, last;
    size_t n;
    assert_fails(value_cms_years("msp", &first, &last), VALUE_ENOTFOUND, "unknown program 'msp' (did you mean 'mssp'?)");
    /* "zzzz" is 4 edits from every program: the first five, in table order */
    assert_fails(value_cms_years("zzzz", &first, &last), VALUE_ENOTFOUND,
                 "unknown program 'zzzz' (nearest of 8 known: 'mssp', 'hvbp', 'hrrp', 'mips', 'bpci')");
    assert_fails(value_cms_parameter_count("mssp", 2014, "mrs", &n), VALUE_ENOTFOUND,
                 "unknown mssp parameter 'mrs' (did you mean 'msr'?)");

    value_eq5d *vs = NULL;
    /* "UK-TTo": case ignored, 0 edits */
    assert_fails(value_eq5d_builtin("UK-TTo", &vs), VALUE_ENOTFOUND,
                 "unknown built-in value set 'UK-TTo' (did you mean 'UK-TTO'?)");
    /* "EQ5D": US-D1 is 4 edits (E->U, Q->S, 5->-, insert 1), UK-TTO 6 (no
     * letter in common): nothing within 1, nearest first */
    assert_fails(value_eq5d_builtin("EQ5D", &vs), VALUE_ENOTFOUND,
                 "unknown built-in value set 'EQ5D' (known: 'US-D1', 'UK-TTO')");
    /* value-set terms: "mo" is MO; "XX" is 2 edits from every two-letter term */
    assert_fails(value_eq5d_parse("constant 0.1\nmo 2 0.1\n", &vs), VALUE_EPARSE,
                 "line number 2: unknown term 'mo' (did you mean 'MO'?)");
    assert_fails(value_eq5d_parse("constant 0.1\nXX 0.2\n", &vs), VALUE_EPARSE,
                 "line number 2: unknown term 'XX' (nearest of 13 known: 'N3', 'D1', 'I2', 'I3', 'MO')");
    ck_assert_ptr_null(vs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("names");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, distance_by_hand);
    tcase_add_test(tc, hint_forms);
    tcase_add_test(tc, lookups_suggest);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
