/* The locale-free decimal reader of the data-table loaders
 * (value__parse_decimal in lib/core/core.c), against glibc's strtod in the
 * C locale, which rounds correctly: the reproducers of issue #16 (wrong
 * below 1e-290 and up to 1e5 ulp off in the normal range before), the
 * smallest subnormal's halfway point written out in full (751 significant
 * digits), tokens of more significant digits than the reader keeps, a
 * million random tokens of 1 to 40 digits over the whole exponent range,
 * and the host's locale set to one with a decimal comma.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <errno.h>
#include <locale.h>
#include <stdint.h>

#include "core/internal.h"

/* strtod of a whole token in the C locale (the tests' reference). */
static double reference(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    ck_assert_msg(*end == '\0', "reference strtod stopped in \"%s\"", s);
    return v;
}

/* The reader gives exactly strtod's double (same bits: -0 too). */
static void assert_reads_as_strtod(const char *s)
{
    double got = -1;
    int rc = value__parse_decimal(s, strlen(s), &got);
    ck_assert_msg(rc == VALUE__NUM_OK, "\"%.60s\" not read (%d)", s, rc);
    double want = reference(s);
    ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "\"%.60s\" read as %.17g, strtod gives %.17g", s, got, want);
}

START_TEST(issue_reproducers)
{
    /* before: 9.88e-306 and 0; true 1e-305 and 1e-306 */
    assert_reads_as_strtod("1000000000000000000e-323");
    assert_reads_as_strtod("1000000000000000000e-324");
    double v;
    assert_ok(value__parse_decimal("1000000000000000000e-323", 24, &v));
    ck_assert(v == 1e-305);
    /* the normal range, 17 to 19 digits with large exponents (up to 1e5
     * ulp off before) */
    assert_reads_as_strtod("1.2345678901234567e-200");
    assert_reads_as_strtod("9.999999999999999999e250");
    assert_reads_as_strtod("4.9406564584124654e-324"); /* the smallest subnormal */
    assert_reads_as_strtod("2.2250738585072011e-308"); /* below the smallest normal */
    assert_reads_as_strtod("2.2250738585072014e-308");
    assert_reads_as_strtod("1.7976931348623157e308");
    assert_reads_as_strtod("0.1");
    assert_reads_as_strtod("-0.0");
    assert_reads_as_strtod("0e999999999");
    assert_reads_as_strtod("1e-400"); /* rounds to 0, as strtod */
}
END_TEST

/* The halfway point between 0 and the smallest subnormal, 2^-1075, has 751
 * significant digits: exactly it rounds to even (0); one more 1 at the end
 * rounds up.  The reader keeps 800 digits, so both are exact; 1,000 more
 * zeros and a final 1 exercise the dropped-digit rule. */
START_TEST(long_tokens)
{
    static const char half[] =
        "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234"
        "7722858865463328355177969898199387398005390939063150356595155702263922908583924491051844359318028499365361525"
        "0031937045767824921936562366986365848075700158576926990370631192827955855133292783433840935197801553124659726"
        "3579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176"
        "3246736009689513405355374585166611342237666786041621596804619144672918403005300575308490487653917113865916462"
        "3952491262365388187963623937328042389101867234849766823508986338858792562830275599565752445550725518931369083"
        "625477918694866799496832404970582102851318545139621383772282614543769341253209859132766723632812";
    char buf[4096];
    assert_reads_as_strtod(half);
    snprintf(buf, sizeof buf, "%s5e-324", half);
    assert_reads_as_strtod(buf);
    snprintf(buf, sizeof buf, "%s50000000001e-324", half);
    assert_reads_as_strtod(buf);
    /* 1,200 nines x 10^-1200: far more digits than kept, reads as 1 */
    char *nines = malloc(2000);
    ck_assert_ptr_nonnull(nines);
    memset(nines, '9', 1200);
    strcpy(nines + 1200, "e-1200");
    assert_reads_as_strtod(nines); /* 0.999...9 -> 1 */
    memset(nines, '0', 1199);
    nines[1199] = '1';
    strcpy(nines + 1200, "e-1199"); /* 1,199 leading zeros, then 1: 1e-1199, read as 0 */
    assert_reads_as_strtod(nines);
    free(nines);
    /* a dropped nonzero digit far after the kept ones decides a tie */
    char tie[1100];
    snprintf(tie, sizeof tie, "9007199254740993");
    assert_reads_as_strtod(tie); /* 2^53 + 1: a tie, to even */
    memset(tie + 16, '0', 1000);
    tie[1016] = '1';
    snprintf(tie + 1017, sizeof tie - 1017, "e-1001");
    assert_reads_as_strtod(tie); /* just above the tie: up */
}
END_TEST

/* A million random tokens: 1-40 significant digits, a decimal point
 * anywhere or none, exponents over the whole range (xorshift64*, fixed
 * seed, so a failure is repeatable). */
START_TEST(random_tokens)
{
    uint64_t x = 20261202;
    char tok[96];
    for (int t = 0; t < 1000000; t++) {
        uint64_t r[4];
        for (int k = 0; k < 4; k++) {
            x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
            r[k] = x * UINT64_C(2685821657736338717);
        }
        int digits = 1 + (int)(r[0] % 40), point = (int)(r[1] % (uint64_t)(digits + 2)) - 1;
        size_t n = 0;
        if (r[2] & 1)
            tok[n++] = '-';
        for (int d = 0; d < digits; d++) {
            if (d == point)
                tok[n++] = '.';
            tok[n++] = (char)('0' + (int)(r[3] >> 33) % 10);
            r[3] = r[3] * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        }
        int e = (int)(r[2] >> 8) % 700 - 350 - digits / 2;
        snprintf(tok + n, sizeof tok - n, "e%d", e);
        double got, want = reference(tok);
        if (!isfinite(want)) {
            ck_assert_int_eq(value__parse_decimal(tok, strlen(tok), &got), VALUE__NUM_NOT_FINITE);
            continue;
        }
        ck_assert_int_eq(value__parse_decimal(tok, strlen(tok), &got), VALUE__NUM_OK);
        ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "\"%s\" read as %.17g, strtod gives %.17g", tok, got,
                      want);
    }
}
END_TEST

START_TEST(not_numbers)
{
    const char *bad[] = {"", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "0x10", " 1", "1 ", "1,5", "1e5.5", "--1"};
    double v = 42;
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        ck_assert_msg(value__parse_decimal(bad[k], strlen(bad[k]), &v) == VALUE__NUM_NOT_A_NUMBER, "\"%s\"", bad[k]);
    const char *inf[] = {"inf", "-Infinity", "NaN", "1e309", "-2e400"};
    for (size_t k = 0; k < sizeof inf / sizeof *inf; k++)
        ck_assert_msg(value__parse_decimal(inf[k], strlen(inf[k]), &v) == VALUE__NUM_NOT_FINITE, "\"%s\"", inf[k]);
    ck_assert(v == 42); /* nothing written on failure */
    /* the token is s[0..len): what follows is not read */
    assert_ok(value__parse_decimal("2.5xyz", 3, &v));
    ck_assert(v == 2.5);
}
END_TEST

/* A host in a locale with a decimal comma reads the tables the same. */
START_TEST(host_locale)
{
    const char *locales[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", "C.UTF-8"};
    const char *set = NULL;
    for (size_t k = 0; k < sizeof locales / sizeof *locales && set == NULL; k++)
        set = setlocale(LC_NUMERIC, locales[k]);
    double v;
    assert_ok(value__parse_decimal("0.0735", 6, &v));
    setlocale(LC_NUMERIC, "C");
    ck_assert(v == 0.0735);
    errno = 1234;
    assert_ok(value__parse_decimal("1e-400", 6, &v));
    ck_assert_int_eq(errno, 1234); /* the host's errno is left alone */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decimal");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, issue_reproducers);
    tcase_add_test(tc, long_tokens);
    tcase_add_test(tc, random_tokens);
    tcase_add_test(tc, not_numbers);
    tcase_add_test(tc, host_locale);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
