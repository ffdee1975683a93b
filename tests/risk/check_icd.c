/* The diagnosis code reader (lib/risk/icd.h): the inline fast path gives
 * what value__icd_read gives, on every string of a small alphabet up to 6
 * characters, and the reader's rules on hand-picked codes (ICD-10-CM: a
 * letter, a digit, 1-5 letters or digits, a dot only after the third
 * character; ICD-9-CM: 3-5 digits, V and 2-4 digits, E and 3-4 digits with
 * the dot after the fourth).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include "risk/icd.h"

#include <string.h>

START_TEST(fast_path_agrees)
{
    static const char alphabet[] = "A9Ze0.V ";
    char s[9];
    size_t n_tried = 0, n_valid = 0;
    /* every string of 0-6 characters over the alphabet (7 and 8: the cases of rules) */
    for (unsigned len = 0; len <= 6; len++) {
        unsigned long total = 1;
        for (unsigned k = 0; k < len; k++)
            total *= sizeof alphabet - 1;
        for (unsigned long x = 0; x < total; x++) {
            unsigned long y = x;
            for (unsigned k = 0; k < len; k++, y /= sizeof alphabet - 1)
                s[k] = alphabet[y % (sizeof alphabet - 1)];
            s[len] = '\0';
            for (int v = 9; v <= 10; v++) {
                uint64_t k1 = 1, k2 = 1;
                unsigned l1 = 99, l2 = 99;
                int a = value__icd_read(s, v, &k1, &l1), b = value__icd_read_fast(s, v, &k2, &l2);
                ck_assert_msg(a == b && k1 == k2 && l1 == l2, "'%s' (ICD-%d): %d %d", s, v, a, b);
                n_tried++;
                n_valid += (size_t)a;
            }
        }
    }
    ck_assert_uint_gt(n_valid, 1000); /* the comparison covered well-formed codes too */
    ck_assert_uint_gt(n_tried, 500000);
}
END_TEST

START_TEST(rules)
{
    const struct {
        const char *code;
        int version, ok;
        const char *key;
    } cases[] = {
        {"E11.9", 10, 1, "E119"},     {"e119", 10, 1, "E119"},         {" I50.22\t", 10, 1, "I5022"},
        {"T82512A", 10, 1, "T82512A"}, {"T82512AB", 10, 0, ""},        {"C4A0", 10, 1, "C4A0"},
        {"I2", 10, 0, ""},            {"12X", 10, 0, ""},              {"I21..9", 10, 0, ""},
        {"I2.19", 10, 0, ""},         {"I21.", 10, 1, "I21"},          {"E11 9", 10, 0, ""},
        {"250.00", 9, 1, "25000"},    {"V42.7", 9, 1, "V427"},         {"E812.1", 9, 1, "E8121"},
        {"E81.21", 9, 0, ""},         {"V1", 9, 0, ""},                {"2500X", 9, 0, ""},
        {"", 10, 0, ""},              {"E119", 11, 0, ""}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t key = 0;
        unsigned len = 0;
        char buf[VALUE__ICD_MAX + 1];
        int ok = value__icd_read_fast(cases[i].code, cases[i].version, &key, &len);
        ck_assert_msg(ok == cases[i].ok, "'%s' ICD-%d: %d", cases[i].code, cases[i].version, ok);
        if (ok) {
            ck_assert_str_eq(value__icd_text(key, buf), cases[i].key);
            ck_assert_uint_eq(len, strlen(cases[i].key));
        }
    }
    uint64_t key = 7;
    unsigned len = 7;
    ck_assert_int_eq(value__icd_read_fast(NULL, 10, &key, &len), 0);
    ck_assert(key == 7 && len == 7); /* untouched */
}
END_TEST

static Suite *icd_suite(void)
{
    Suite *s = suite_create("icd");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fast_path_agrees);
    tcase_add_test(tc, rules);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(icd_suite());
}
