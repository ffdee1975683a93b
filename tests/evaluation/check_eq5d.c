/* EQ-5D-3L value sets: built-in UK and US sets, the text format, loading.
 * Expected indices are published figures, tested to their printed rounding
 * (3 decimals: 0.0005), or hand calculations written out beside them
 * (1e-12 relative: a dozen additions).
 *
 * Sources of published figures:
 * [EQ]  EuroQol's eq5dsuite value-set tables, github.com/MathsinHealth/
 *       eq5dsuite-value-sets, EQ-5D-3L/UK.csv and US.csv: all 243 indices;
 *       the US table is the D1 model with its coefficients rounded to 3
 *       decimals (it matches that model to 1e-7 in all 243 states).
 * [R]   R package eq5d (Morton & Nijjar), tests/testthat/test-eq5d3l.R and
 *       test-eq5d.R (12321, UK = 0.329, also the vignette's example); the
 *       package uses the US coefficients at full precision.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 200809L /* mkstemp, close, unlink, mkfifo, mkdtemp, truncate */

#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define PUB 0.0005
#define REL 1e-12

static value_eq5d *builtin(const char *name)
{
    value_eq5d *vs = NULL;
    assert_ok(value_eq5d_builtin(name, &vs));
    ck_assert_ptr_nonnull(vs);
    return vs;
}

static value_eq5d *parse(const char *text)
{
    value_eq5d *vs = NULL;
    assert_ok(value_eq5d_parse(text, &vs));
    return vs;
}

static double idx(const value_eq5d *vs, int32_t state)
{
    double u = -99;
    assert_ok(value_eq5d_index(vs, state, &u));
    return u;
}

/* A built-in table's source file (lib/evaluation/data/), under the source
 * tree the build compiles in. */
static void data_path(char *buf, size_t len, const char *file)
{
    snprintf(buf, len, "%s/lib/evaluation/data/%s", VALUE_TOP_SRCDIR, file);
}

/* A temporary file holding `len` bytes of `text`; the caller unlinks it. */
static void write_temp(char *path, size_t len_path, const char *text, size_t len)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, len_path, "%s/check_eq5d.XXXXXX", dir ? dir : "/tmp");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

START_TEST(uk_tto_published_values)
{
    /* Dolan 1997: 11111 is full health; 33333 = 1 - 0.081 - 0.314 - 0.214
     * - 0.094 - 0.386 - 0.236 - 0.269 = -0.594, the set's minimum [EQ][R]. */
    value_eq5d *uk = builtin("UK-TTO");
    ck_assert(idx(uk, 11111) == 1.0);
    assert_abs(idx(uk, 33333), -0.594, PUB);
    /* The usual worked example, 11223 = 1 - 0.081 - 0.036 - 0.123 - 0.236
     * - 0.269 = 0.255 [EQ]. */
    assert_abs(idx(uk, 11223), 0.255, PUB);
    assert_abs(idx(uk, 22222), 0.516, PUB);  /* [EQ] */
    assert_abs(idx(uk, 21232), 0.088, PUB);  /* [EQ] */
    assert_abs(idx(uk, 12321), 0.329, PUB);  /* [EQ][R] */
    assert_abs(idx(uk, 11221), 0.760, PUB);  /* [EQ][R] */
    assert_abs(idx(uk, 33221), -0.037, PUB); /* [EQ][R] */
    assert_abs(idx(uk, 13311), 0.342, PUB);  /* [EQ] */
    assert_abs(idx(uk, 32211), 0.196, PUB);  /* [EQ] */
    /* Hand: 21232 = 1 - 0.081 - 0.069 - 0.036 - 0.386 - 0.071 - 0.269. */
    assert_rel(idx(uk, 21232), 1 - 0.081 - 0.069 - 0.036 - 0.386 - 0.071 - 0.269, REL);
    const char *name = NULL;
    assert_ok(value_eq5d_name(uk, &name));
    ck_assert_str_eq(name, "UK TTO (Dolan 1997)");
    value_eq5d_free(uk);
}
END_TEST

START_TEST(us_d1_published_values)
{
    /* Shaw et al. 2005 with the coefficients at full precision:
     * 33333 = -0.109 [R]; 11121 and 22112 are the same in [R] and [EQ]. */
    value_eq5d *us = builtin("US-D1");
    ck_assert(idx(us, 11111) == 1.0);
    assert_abs(idx(us, 33333), -0.109, PUB);
    assert_abs(idx(us, 11121), 0.827, PUB); /* [R][EQ] */
    assert_abs(idx(us, 22112), 0.759, PUB); /* [R][EQ] */
    assert_abs(idx(us, 33113), 0.102, PUB); /* [R] */
    /* States whose third decimal the coefficients' rounding leaves
     * unchanged, so [EQ] applies to the full-precision set too. */
    assert_abs(idx(us, 21232), 0.397, PUB);
    assert_abs(idx(us, 11223), 0.506, PUB);
    assert_abs(idx(us, 12221), 0.748, PUB);
    assert_abs(idx(us, 22211), 0.775, PUB);
    /* Hand, 12321: level-2 SC and PD, level-3 UA, so D1 = 2, I2 = 1, I3 = 0:
     * 1 - (0.1753425 + 0.3742594 + 0.1728907) - 2(-0.1395949) - 1(0.0106868)
     *   = 0.5460104 */
    assert_rel(idx(us, 12321), 0.5460104, REL);
    /* Hand, 33333: D1 = 4, I2 = 0, I3 = 4:
     * 1 - (0.557685 + 0.4711896 + 0.3742594 + 0.5371011 + 0.4501876)
     *   - 4(-0.1395949) - 4(-0.1215579) - 16(-0.0147963) = -0.1090707 */
    assert_rel(idx(us, 33333), -0.1090707, REL);
    const char *name = NULL;
    assert_ok(value_eq5d_name(us, &name));
    ck_assert_str_eq(name, "US D1 (Shaw 2005)");
    value_eq5d_free(us);
}
END_TEST

START_TEST(us_d1_as_printed_matches_euroqol_table)
{
    /* Shaw et al.'s coefficients rounded to 3 decimals reproduce EuroQol's
     * table [EQ], an independent computation: this pins down the D1, I2 and
     * I3 counts and their signs.  [EQ] 33333 = -0.102, 22222 = 0.594,
     * 33113 = 0.105, 12321 = 0.547, 32233 = -0.007, 13333 = 0.089. */
    value_eq5d *vs = parse("# Shaw 2005, coefficients to 3 decimals\n"
                           "name US D1 (3 decimals)\n"
                           "MO 2 0.146\nMO 3 0.558\nSC 2 0.175\nSC 3 0.471\nUA 2 0.140\nUA 3 0.374\n"
                           "PD 2 0.173\nPD 3 0.537\nAD 2 0.156\nAD 3 0.450\n"
                           "D1 -0.140\nI2SQ 0.011\nI3 -0.122\nI3SQ -0.015\n");
    assert_abs(idx(vs, 33333), -0.102, PUB);
    assert_abs(idx(vs, 22222), 0.594, PUB);
    assert_abs(idx(vs, 33113), 0.105, PUB);
    assert_abs(idx(vs, 12321), 0.547, PUB);
    assert_abs(idx(vs, 32233), -0.007, PUB);
    assert_abs(idx(vs, 13333), 0.089, PUB);
    /* Hand, 22222: D1 = 4, I2 = 4: 1 - 0.790 + 0.560 - 16(0.011) = 0.594. */
    assert_rel(idx(vs, 22222), 0.594, 1e-12);
    value_eq5d_free(vs);
}
END_TEST

START_TEST(every_term_by_hand)
{
    /* Terms the built-in sets leave at 0: a linear I2, and a constant and N3
     * beside the D1 terms. */
    value_eq5d *vs = parse("constant 0.1\nN3 0.05\nI2 0.02\nD1 0.01\nI3 0.03\nI3SQ 0.004\nI2SQ 0.001\n");
    ck_assert(idx(vs, 11111) == 1.0);
    /* 21111: only the constant (D1 = I2 = I3 = 0): 0.9 */
    assert_rel(idx(vs, 21111), 0.9, REL);
    /* 22222: D1 = 4, I2 = 4: 1 - 0.1 - 0.04 - 0.08 - 0.016 = 0.764 */
    assert_rel(idx(vs, 22222), 0.764, REL);
    /* 22233: D1 = 4, I2 = 2, I3 = 1: 1 - 0.1 - 0.05 - 0.04 - 0.04 - 0.004 -
     * 0.03 - 0.004 = 0.732 */
    assert_rel(idx(vs, 22233), 0.732, REL);
    /* 31111: constant and N3: 0.85 */
    assert_rel(idx(vs, 31111), 0.85, REL);
    const char *name = NULL;
    assert_ok(value_eq5d_name(vs, &name));
    ck_assert_str_eq(name, "");
    value_eq5d_free(vs);
}
END_TEST

START_TEST(text_format)
{
    /* Comments, blank lines, CRLF, tabs, a name with spaces and a comment. */
    value_eq5d *vs = parse("# a value set\r\n\r\n  name   My set  (v2)  # trailing comment\r\n"
                           "\tMO\t2\t0.25   # mobility\r\nSC 3 1.5e-1\nN3 +.05\n# no final newline: ok\nAD 2 -0");
    const char *name = NULL;
    assert_ok(value_eq5d_name(vs, &name));
    ck_assert_str_eq(name, "My set  (v2)");
    assert_rel(idx(vs, 21111), 0.75, REL);
    assert_rel(idx(vs, 13111), 1 - 0.15 - 0.05, REL);
    ck_assert(idx(vs, 11112) == 1.0);
    value_eq5d_free(vs);
}
END_TEST

START_TEST(numbers_are_read_exactly)
{
    /* Every spelling of a number must give the double the compiler gives.
     * For v in [0.5, 1], 1 - v is exact, so the index shows v bit for bit. */
    const char *texts[] = {"MO 3 0.557685", "MO 3 .557685", "MO 3 +0.557685", "MO 3 557685e-6",
                           "MO 3 5.57685E-1", "MO 3 0.0557685e+1", "MO 3 000.5576850"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        value_eq5d *vs = parse(texts[i]);
        ck_assert_msg(idx(vs, 31111) == 1 - 0.557685, "%s", texts[i]);
        value_eq5d_free(vs);
    }
    const char *sevens[] = {"MO 3 0.7", "MO 3 7e-1", "MO 3 70E-2", "MO 3 0.70000"};
    for (size_t i = 0; i < sizeof sevens / sizeof *sevens; i++) {
        value_eq5d *vs = parse(sevens[i]);
        ck_assert_msg(idx(vs, 31111) == 1 - 0.7, "%s", sevens[i]);
        value_eq5d_free(vs);
    }
    /* More digits than a double holds: within rounding. */
    value_eq5d *vs = parse("MO 2 0.14601600000000000000000000001");
    assert_rel(idx(vs, 21111), 1 - 0.146016, 1e-15);
    value_eq5d_free(vs);
    /* The host's locale must not change how numbers read. */
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") != NULL) {
        vs = parse("MO 2 0.146016");
        ck_assert(idx(vs, 21111) == 1 - 0.146016);
        value_eq5d_free(vs);
        setlocale(LC_NUMERIC, "C");
    }
}
END_TEST

START_TEST(indices_match_index)
{
    value_eq5d *us = builtin("US-D1");
    int32_t states[243];
    int k = 0;
    for (int a = 1; a <= 3; a++)
        for (int b = 1; b <= 3; b++)
            for (int c = 1; c <= 3; c++)
                for (int d = 1; d <= 3; d++)
                    for (int e = 1; e <= 3; e++)
                        states[k++] = a * 10000 + b * 1000 + c * 100 + d * 10 + e;
    double out[243];
    assert_ok(value_eq5d_indices(us, states, 243, out, 243));
    for (int i = 0; i < 243; i++) {
        ck_assert(out[i] == idx(us, states[i]));
        ck_assert(out[i] >= -1 && out[i] <= 1);
    }
    assert_ok(value_eq5d_indices(us, states, 0, out, 0));
    value_eq5d_free(us);
}
END_TEST

START_TEST(load_matches_builtin)
{
    char path[4096];
    const char *files[] = {"eq5d3l_uk_tto.txt", "eq5d3l_us_d1.txt"};
    const char *names[] = {"UK-TTO", "US-D1"};
    for (int f = 0; f < 2; f++) {
        data_path(path, sizeof path, files[f]);
        value_eq5d *loaded = NULL;
        assert_ok(value_eq5d_load(path, &loaded));
        value_eq5d *vs = builtin(names[f]);
        for (int32_t s = 11111; s <= 33333; s++) {
            double a, b;
            if (value_eq5d_index(vs, s, &a) != VALUE_OK)
                continue;
            assert_ok(value_eq5d_index(loaded, s, &b));
            ck_assert(a == b);
        }
        const char *n1, *n2;
        assert_ok(value_eq5d_name(vs, &n1));
        assert_ok(value_eq5d_name(loaded, &n2));
        ck_assert_str_eq(n1, n2);
        value_eq5d_free(loaded);
        value_eq5d_free(vs);
    }
}
END_TEST

START_TEST(load_large_file)
{
    /* Far past any read buffer: 6000 comment lines, then the terms, then an
     * error whose line number must still be right. */
    const char *comment = "# padding padding padding padding padding padding padding\n";
    const char *tail = "MO 2 0.5\nSC 2 0.25\n";
    size_t n = 6000, clen = strlen(comment), tlen = strlen(tail);
    char *text = malloc(n * clen + tlen + 32);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * clen, comment, clen);
    memcpy(text + n * clen, tail, tlen + 1);
    char path[4096];
    write_temp(path, sizeof path, text, strlen(text));
    value_eq5d *vs = NULL;
    assert_ok(value_eq5d_load(path, &vs));
    assert_rel(idx(vs, 22111), 0.25, REL);
    value_eq5d_free(vs);
    unlink(path);

    strcat(text, "XX 1\n");
    write_temp(path, sizeof path, text, strlen(text));
    vs = NULL;
    assert_fails(value_eq5d_load(path, &vs), VALUE_EPARSE, "line number 6003: unknown term 'XX'");
    ck_assert(strstr(value_errmsg(), path) != NULL);
    ck_assert_ptr_null(vs);
    unlink(path);
    free(text);
}
END_TEST

START_TEST(bad_states)
{
    value_eq5d *uk = builtin("UK-TTO");
    const int32_t bad[] = {11114, 1111, 111111, 0, -11111, 41111, 10111, 11110, 33334, 11141, 23403, 4,
                           INT32_MAX, INT32_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double out = 42;
        assert_fails(value_eq5d_index(uk, bad[i], &out), VALUE_EINVAL, ", not an EQ-5D-3L state (five digits 1-3)");
        ck_assert(out == 42);
    }
    double out = 42;
    assert_fails(value_eq5d_index(uk, 11114, &out), VALUE_EINVAL,
                 "state is 11114, not an EQ-5D-3L state (five digits 1-3)");
    assert_fails(value_eq5d_index(uk, -5, &out), VALUE_EINVAL, "state is -5, not");
    value_eq5d_free(uk);
}
END_TEST

START_TEST(bad_arguments)
{
    value_eq5d *uk = builtin("UK-TTO");
    value_eq5d *vs = (value_eq5d *)&vs; /* sentinel: must stay untouched */
    value_eq5d *const sentinel = vs;
    double out = 42;
    const char *name = "untouched";

    assert_fails(value_eq5d_builtin(NULL, &vs), VALUE_EINVAL, "name is NULL");
    assert_fails(value_eq5d_builtin("UK-TTO", NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_eq5d_builtin("FR-TTO", &vs), VALUE_ENOTFOUND,
                 "unknown built-in value set 'FR-TTO' (did you mean 'UK-TTO'?)");
    assert_fails(value_eq5d_builtin("uk-tto", &vs), VALUE_ENOTFOUND, "'uk-tto'");
    assert_fails(value_eq5d_builtin("", &vs), VALUE_ENOTFOUND, "unknown built-in value set '' (known: 'US-D1', 'UK-TTO')");
    assert_fails(value_eq5d_parse(NULL, &vs), VALUE_EINVAL, "text is NULL");
    assert_fails(value_eq5d_parse("N3 0.1", NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_eq5d_load(NULL, &vs), VALUE_EINVAL, "path is NULL");
    assert_fails(value_eq5d_load("x", NULL), VALUE_EINVAL, "out is NULL");
    ck_assert(vs == sentinel);

    assert_fails(value_eq5d_name(NULL, &name), VALUE_EINVAL, "vs is NULL");
    assert_fails(value_eq5d_name(uk, NULL), VALUE_EINVAL, "out is NULL");
    ck_assert_str_eq(name, "untouched");
    assert_fails(value_eq5d_index(NULL, 11111, &out), VALUE_EINVAL, "vs is NULL");
    assert_fails(value_eq5d_index(uk, 11111, NULL), VALUE_EINVAL, "out is NULL");
    ck_assert(out == 42);

    const int32_t states[] = {11111, 33333, 12345, 21111};
    double many[4] = {7, 7, 7, 7};
    assert_fails(value_eq5d_indices(NULL, states, 4, many, 4), VALUE_EINVAL, "vs is NULL");
    assert_fails(value_eq5d_indices(uk, NULL, 4, many, 4), VALUE_EINVAL, "states is NULL");
    assert_fails(value_eq5d_indices(uk, states, 4, NULL, 4), VALUE_EINVAL, "out is NULL");
    assert_fails(value_eq5d_indices(uk, states, 2, many, 3), VALUE_EINVAL, "out_len must be 2 (n), got 3");
    assert_fails(value_eq5d_indices(uk, states, 2, many, 1), VALUE_EINVAL, "out_len must be 2 (n), got 1");
    /* The bad state is third: nothing is written, not even the first two. */
    assert_fails(value_eq5d_indices(uk, states, 4, many, 4), VALUE_EINVAL,
                 "states[2] is 12345, not an EQ-5D-3L state (five digits 1-3)");
    for (int i = 0; i < 4; i++)
        ck_assert(many[i] == 7);

    value_eq5d_free(NULL);
    value_eq5d_free(uk);
}
END_TEST

/* Parsing `text` fails with VALUE_EPARSE and a message containing `needle`;
 * the out pointer is untouched. */
static void parse_fails(const char *text, const char *needle)
{
    value_eq5d *vs = NULL;
    assert_fails(value_eq5d_parse(text, &vs), VALUE_EPARSE, needle);
    ck_assert_msg(vs == NULL, "out was written for \"%s\"", text);
}

START_TEST(malformed_text)
{
    parse_fails("", "value-set text has no coefficients");
    parse_fails("# only a comment\n\n   \nname A set\n", "has no coefficients");
    parse_fails("constant 0.081\nMO 2 0.069\nSC 2 0.1\nXX 1\n", "line number 4: unknown term 'XX'");
    parse_fails("# c\n\nMO 2 0.1\nmo 2 0.1\n", "line number 4: unknown term 'mo'");
    parse_fails("N3", "line number 1: term 'N3' has no value");
    parse_fails("N3 0.1\nconstant   # no value\n", "line number 2: term 'constant' has no value");
    parse_fails("MO", "line number 1: term 'MO' needs a level (2 or 3) and a value, got 'MO'");
    parse_fails("MO 0.069", "line number 1: term 'MO' needs a level (2 or 3) and a value, got 'MO 0.069'");
    parse_fails("MO 2 0.069 0.1", "line number 1: unexpected '0.1' after the value of 'MO 2'");
    parse_fails("N3 0.2 x y", "line number 1: unexpected 'x' after the value of 'N3'");
    parse_fails("MO 4 0.1", "line number 1: level '4' of 'MO' must be 2 or 3");
    parse_fails("AD 1 0.1", "line number 1: level '1' of 'AD' must be 2 or 3");
    parse_fails("UA 02 0.1", "line number 1: level '02' of 'UA' must be 2 or 3");
    parse_fails("MO 2 0.1\nSC 2 0.1\nMO 2 0.2", "line number 3: duplicate term 'MO 2' (first given on line number 1)");
    parse_fails("I3SQ 1\nI3SQ 1", "line number 2: duplicate term 'I3SQ' (first given on line number 1)");
    parse_fails("name A\nN3 0.1\nname B", "line number 3: duplicate term 'name' (first given on line number 1)");
    parse_fails("name   # nothing\nN3 0.1", "line number 1: term 'name' has no value");
    const char *not_numbers[] = {"abc", "0.1.2", "1e", "1e+", ".", "-", "+", "0x1p3", "1,5", "0.5%", "1e5x", "--1"};
    for (size_t i = 0; i < sizeof not_numbers / sizeof *not_numbers; i++) {
        char text[64], needle[64];
        snprintf(text, sizeof text, "N3 0.1\nconstant %s\n", not_numbers[i]);
        snprintf(needle, sizeof needle, "line number 2: value '%s' of 'constant' is not a number", not_numbers[i]);
        parse_fails(text, needle);
    }
    const char *not_finite[] = {"inf", "-Infinity", "NaN", "+INF", "1e999", "-2e400"};
    for (size_t i = 0; i < sizeof not_finite / sizeof *not_finite; i++) {
        char text[64], needle[64];
        snprintf(text, sizeof text, "D1 %s", not_finite[i]);
        snprintf(needle, sizeof needle, "line number 1: value '%s' of 'D1' is not finite", not_finite[i]);
        parse_fails(text, needle);
    }
    /* Indices outside [-1, 1], named by the first such state. */
    parse_fails("constant 2.5", "index of health state \'11112\' is -1.5, outside [-1, 1]");
    parse_fails("MO 2 -0.5", "index of health state \'21111\' is 1.5, outside [-1, 1]");
    parse_fails("I3SQ 1e308", "index of health state \'11133\' is -1e+308, outside [-1, 1]");
    /* 11333: I3 = 2, I3SQ counts 4: -Inf + Inf is NaN, still caught. */
    parse_fails("I3 -1.7e308\nI3SQ 1.7e308", "index of health state \'11333\' is NaN, outside [-1, 1]");
    /* Long junk is shown cut short, not in full. */
    char long_term[300];
    memset(long_term, 'Z', sizeof long_term - 1);
    long_term[sizeof long_term - 1] = '\0';
    parse_fails(long_term, "line number 1: unknown term 'ZZZZZZZZZZ");
    /* 60 Z's shown, then the five nearest terms (every term is 60 edits
     * away, so the first five): "line number 1: unknown term '" (29) + 60 +
     * "'" + " (nearest of 13 known: 'constant', 'N3', 'D1', 'I2', 'I2SQ')"
     * (60) = 150 of the 300 */
    ck_assert_uint_eq(strlen(value_errmsg()), 150);
}
END_TEST

START_TEST(load_errors)
{
    value_eq5d *vs = NULL;
    assert_fails(value_eq5d_load("/nonexistent-dir/eq5d.txt", &vs), VALUE_EIO,
                 "cannot open '/nonexistent-dir/eq5d.txt': no such file or directory");
    assert_fails(value_eq5d_load("", &vs), VALUE_EIO, "cannot open ''");
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    assert_fails(value_eq5d_load(dir, &vs), VALUE_EIO, dir);
    ck_assert_ptr_null(vs);

    char path[4096];
    const char *bad = "N3 0.1\nMO 2 0.1\nbad line\n";
    write_temp(path, sizeof path, bad, strlen(bad));
    char needle[4200];
    snprintf(needle, sizeof needle, "%s: line number 3: unknown term 'bad'", path);
    assert_fails(value_eq5d_load(path, &vs), VALUE_EPARSE, needle);
    unlink(path);

    write_temp(path, sizeof path, "N3 0.1\n\0MO 2 0.9\n", 17);
    assert_fails(value_eq5d_load(path, &vs), VALUE_EPARSE, "contains a NUL byte");
    unlink(path);

    write_temp(path, sizeof path, "", 0);
    assert_fails(value_eq5d_load(path, &vs), VALUE_EPARSE, "has no coefficients");
    ck_assert(strstr(value_errmsg(), path) != NULL);
    unlink(path);
    ck_assert_ptr_null(vs);
}
END_TEST

/* Coefficients that cancel: every dimension term (levels 2 and 3) 1e300, constant and D1
 * -1e300.  A state with k >= 1 problems has index
 * 1 - k 1e300 + 1e300 + (k - 1) 1e300 = 1 exactly (hand calculation);
 * summed left to right the 1 was lost and every such index came out 0, a
 * wrong value set accepted.  Terms that overflow are refused. */
START_TEST(cancelling_coefficients_keep_their_digits)
{
    const char *text = "constant -1e300\nD1 -1e300\nMO 2 1e300\nSC 2 1e300\nUA 2 1e300\nPD 2 1e300\nAD 2 1e300\n"
                       "MO 3 1e300\nSC 3 1e300\nUA 3 1e300\nPD 3 1e300\nAD 3 1e300\n";
    value_eq5d *vs = NULL;
    assert_ok(value_eq5d_parse(text, &vs));
    double u = -7;
    const int32_t states[] = {21111, 12111, 22111, 22222, 11113, 33333};
    for (int k = 0; k < 6; k++) {
        assert_ok(value_eq5d_index(vs, states[k], &u));
        ck_assert_msg(u == 1, "index of %d is %.17g, want 1", (int)states[k], u);
    }
    value_eq5d_free(vs);
    /* 1.7e308 twice overflows: refused, not Inf */
    vs = NULL;
    assert_fails(value_eq5d_parse("MO 2 1.7e308\nSC 2 1.7e308\nconstant -1.7e308\n", &vs), VALUE_EPARSE,
                 "outside [-1, 1]");
    ck_assert_ptr_null(vs);
}
END_TEST

/* What is not a regular file is refused at once (a FIFO with no writer
 * used to block forever, /dev/zero to fill memory until the host was
 * killed), and so is a file over the 16 MiB cap (it used to be read whole). */
START_TEST(load_refuses_what_is_not_a_small_file)
{
    value_eq5d *vs = NULL;
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char dir[4096], fifo[4200], big[4200], needle[4400];
    snprintf(dir, sizeof dir, "%s/check_eq5d.XXXXXX", tmp);
    ck_assert_ptr_nonnull(mkdtemp(dir));

    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    snprintf(needle, sizeof needle, "'%s' is not a regular file (a FIFO)", fifo);
    assert_fails(value_eq5d_load(fifo, &vs), VALUE_EIO, needle);
    unlink(fifo);

    assert_fails(value_eq5d_load("/dev/zero", &vs), VALUE_EIO, "'/dev/zero' is not a regular file (a character device)");
    snprintf(needle, sizeof needle, "'%s' is not a regular file (a directory)", dir);
    assert_fails(value_eq5d_load(dir, &vs), VALUE_EIO, needle);

    /* 16 MiB = 16777216 bytes is the cap: one byte more is refused by its
     * size (sparse, so the file costs no disk) */
    snprintf(big, sizeof big, "%s/big.txt", dir);
    FILE *f = fopen(big, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(truncate(big, 16777217), 0);
    snprintf(needle, sizeof needle, "'%s' is 16777217 bytes, more than the 16777216 (16 MiB) a value set may have", big);
    assert_fails(value_eq5d_load(big, &vs), VALUE_EINVAL, needle);
    /* at the cap it is read (and then refused for its content: zeros) */
    ck_assert_int_eq(truncate(big, 16777216), 0);
    assert_fails(value_eq5d_load(big, &vs), VALUE_EPARSE, "contains a NUL byte");
    unlink(big);
    ck_assert_int_eq(rmdir(dir), 0);
    ck_assert_ptr_null(vs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("eq5d");
    TCase *tc = tcase_create("eq5d");
    tcase_add_test(tc, uk_tto_published_values);
    tcase_add_test(tc, us_d1_published_values);
    tcase_add_test(tc, us_d1_as_printed_matches_euroqol_table);
    tcase_add_test(tc, every_term_by_hand);
    tcase_add_test(tc, text_format);
    tcase_add_test(tc, numbers_are_read_exactly);
    tcase_add_test(tc, indices_match_index);
    tcase_add_test(tc, load_matches_builtin);
    tcase_add_test(tc, load_refuses_what_is_not_a_small_file);
    tcase_add_test(tc, cancelling_coefficients_keep_their_digits);
    tcase_add_test(tc, load_large_file);
    tcase_add_test(tc, bad_states);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, malformed_text);
    tcase_add_test(tc, load_errors);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
