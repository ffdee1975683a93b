/* Provider profiles: accumulation from records and counts, merging,
 * results (O/E with Byar / exact limits, rates, z) and Wilson proportions.
 * Expected numbers come from Public Health England's test data for Byar's
 * interval (tests/data/README.md, profiling/), from R 4.2.2 (the
 * code that printed them is quoted beside each) and from hand calculations
 * written out in the comments.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdbool.h>
#include <stdint.h>

#define REL 1e-12
#define SENTINEL -12345.0

typedef struct results {
    double m[64], o[64], e[64], oe[64], lo[64], hi[64], rate[64], z[64];
} results;

static void get_results(const value_profile *p, size_t n, double level, double r, results *out)
{
    ck_assert(n <= 64);
    assert_ok(value_profile_results(p, level, r, out->m, out->o, out->e, out->oe, out->lo, out->hi, out->rate, out->z,
                                    n));
}

/* Two result sets are the same to the last bit (NaN matching NaN). */
static bool same_results(const results *a, const results *b, size_t n)
{
    for (size_t g = 0; g < n; g++) {
        const double x[8] = {a->m[g], a->o[g], a->e[g], a->oe[g], a->lo[g], a->hi[g], a->rate[g], a->z[g]};
        const double y[8] = {b->m[g], b->o[g], b->e[g], b->oe[g], b->lo[g], b->hi[g], b->rate[g], b->z[g]};
        for (int k = 0; k < 8; k++)
            if (!(x[k] == y[k] || (isnan(x[k]) && isnan(y[k]))))
                return false;
    }
    return true;
}

/* ---- published and hand-worked values ---------------------------------------------- */

/* Byar's interval, PHE test data (tests/data/README.md):
 * O = 65: 95% (50.163187710459454, 82.849138545939837),
 *         99.8% (42.880261471480203, 94.000290844318016);
 * O = 1045: 95% (982.59320180733255, 1110.3312129856499); E = 1.
 * A third provider with O = 65 and E = 50 has the same limits over 50. */
START_TEST(byar_through_results)
{
    value_profile *p = NULL;
    assert_ok(value_profile_new(3, &p));
    const int32_t g[3] = {0, 1, 2};
    const double o[3] = {65, 1045, 65}, e[3] = {1, 1, 50}, m[3] = {1000, 5000, 1000};
    assert_ok(value_profile_add_counts(p, g, o, e, m, 3));
    results r;
    get_results(p, 3, 0.95, 0.1, &r);
    assert_rel(r.lo[0], 50.163187710459454, REL);
    assert_rel(r.hi[0], 82.849138545939837, REL);
    assert_rel(r.lo[1], 982.59320180733255, REL);
    assert_rel(r.hi[1], 1110.3312129856499, REL);
    assert_rel(r.lo[2], 50.163187710459454 / 50, REL);
    assert_rel(r.hi[2], 82.849138545939837 / 50, REL);
    assert_rel(r.oe[0], 65, 0);
    assert_rel(r.oe[2], 1.3, 1e-15);
    assert_rel(r.rate[2], 0.13, 1e-15);
    assert_rel(r.z[0], 64, 0);            /* (65 - 1)/sqrt(1) */
    assert_rel(r.z[2], 15 / sqrt(50), 1e-15);
    get_results(p, 3, 0.998, 0.1, &r);
    assert_rel(r.lo[0], 42.880261471480203, REL);
    assert_rel(r.hi[0], 94.000290844318016, REL);
    value_profile_free(p);
}
END_TEST

/* The seeds' case, as patient records.  Hospital X: 200 patients, 24
 * deaths, each with predicted risk 0.15 (E = 30); hospital Y: 50 patients,
 * 3 deaths, each at 0.05 (E = 2.5).  Reference rate 0 = the overall
 * 27/250 = 0.108: X O/E 0.8, rate 0.0864; Y O/E 1.2, rate 0.1296.
 * z: (24 - 30)/sqrt(30), (3 - 2.5)/sqrt(2.5).  Limits: X (O >= 10) Byar,
 * Y exact.  R:
 *   z <- qnorm(0.975); f(c((24-30)/sqrt(30), (3-2.5)/sqrt(2.5)))
 *   f(c(24*(1-1/(9*24)-z/(3*sqrt(24)))^3/30, 25*(1-1/(9*25)+z/(3*sqrt(25)))^3/30,
 *       qchisq(0.025, 6)/2/2.5, qchisq(0.975, 8)/2/2.5)) */
START_TEST(hospitals_x_and_y)
{
    int32_t g[250];
    double y[250], p[250];
    for (int i = 0; i < 250; i++) {
        g[i] = i < 200 ? 0 : 1;
        p[i] = i < 200 ? 0.15 : 0.05;
        y[i] = i < 200 ? (i < 24) : (i < 203);
    }
    value_profile *prof = NULL;
    assert_ok(value_profile_new(2, &prof));
    assert_ok(value_profile_add_records(prof, g, y, p, 250));
    results r;
    get_results(prof, 2, 0.95, 0, &r);
    assert_rel(r.m[0], 200, 0);
    assert_rel(r.m[1], 50, 0);
    assert_rel(r.o[0], 24, 0);
    assert_rel(r.o[1], 3, 0);
    assert_rel(r.e[0], 30, 1e-15);
    assert_rel(r.e[1], 2.5, 1e-15);
    assert_rel(r.oe[0], 0.8, 1e-15);
    assert_rel(r.oe[1], 1.2, 1e-15);
    assert_rel(r.rate[0], 0.0864, 1e-15);
    assert_rel(r.rate[1], 0.1296, 1e-15);
    assert_rel(r.z[0], -1.0954451150103321, 1e-15);
    assert_rel(r.z[1], 0.31622776601683794, 1e-15);
    assert_rel(r.lo[0], 0.51242402999631953, REL);
    assert_rel(r.hi[0], 1.1903872143994758, REL);
    assert_rel(r.lo[1], 0.24746884915824055, REL);
    assert_rel(r.hi[1], 3.5069092278969292, REL);
    value_profile_free(prof);
}
END_TEST

/* Empty providers and E = 0: NaN ratios, counts still reported. */
START_TEST(empty_and_zero_expected)
{
    value_profile *p = NULL;
    assert_ok(value_profile_new(4, &p));
    /* provider 1: one record with E = 0; provider 2: counts with patients 0 and E > 0; provider 3: none */
    const int32_t g[2] = {0, 1};
    const double o[2] = {1, 1}, e[2] = {0.5, 0};
    assert_ok(value_profile_add_records(p, g, o, e, 2));
    const int32_t g2 = 2;
    const double o2 = 0, e2 = 0.7, m2 = 0;
    assert_ok(value_profile_add_counts(p, &g2, &o2, &e2, &m2, 1));
    results r;
    get_results(p, 4, 0.95, 0, &r);
    ck_assert(!isnan(r.oe[0]) && r.oe[0] == 2);
    for (int k = 1; k < 4; k++)
        ck_assert(isnan(r.oe[k]) && isnan(r.lo[k]) && isnan(r.hi[k]) && isnan(r.rate[k]) && isnan(r.z[k]));
    ck_assert(r.m[1] == 1 && r.o[1] == 1 && r.e[1] == 0);
    ck_assert(r.m[2] == 0 && r.o[2] == 0 && r.e[2] == 0.7);
    ck_assert(r.m[3] == 0 && r.o[3] == 0 && r.e[3] == 0);
    /* overall rate 2 events / 2 patients = 1: provider 0's rate = O/E = 2 */
    assert_rel(r.rate[0], 2, 0);
    value_profile_free(p);
}
END_TEST

/* ---- records, counts and merges ------------------------------------------------------ */

/* The same patients as records and as per-provider counts give the same
 * profile.  Expected values are multiples of 1/8, so every sum is exact
 * and the results must agree to the last bit.
 *   provider 0: (y, p) = (1, 0.25) (0, 0.125) (1, 0.5)  -> m 3, O 2, E 0.875
 *   provider 1: (0, 0.375) (0, 0.125)                   -> m 2, O 0, E 0.5
 *   provider 2: (1, 0.75) (1, 0.625) (0, 0.25) (1, 0.5) -> m 4, O 3, E 2.125 */
START_TEST(records_equal_counts)
{
    const int32_t g[9] = {0, 1, 2, 0, 2, 1, 2, 0, 2};
    const double y[9] = {1, 0, 1, 0, 1, 0, 0, 1, 1};
    const double p[9] = {0.25, 0.375, 0.75, 0.125, 0.625, 0.125, 0.25, 0.5, 0.5};
    value_profile *a = NULL, *b = NULL;
    assert_ok(value_profile_new(3, &a));
    assert_ok(value_profile_new(3, &b));
    assert_ok(value_profile_add_records(a, g, y, p, 9));
    const int32_t gc[3] = {2, 0, 1};
    const double oc[3] = {3, 2, 0}, ec[3] = {2.125, 0.875, 0.5}, mc[3] = {4, 3, 2};
    assert_ok(value_profile_add_counts(b, gc, oc, ec, mc, 3));
    results ra, rb;
    get_results(a, 3, 0.95, 0, &ra);
    get_results(b, 3, 0.95, 0, &rb);
    ck_assert(same_results(&ra, &rb, 3));
    assert_rel(ra.e[2], 2.125, 0);
    assert_rel(ra.rate[0], (2 / 0.875) * (5.0 / 9), 1e-15);
    double rate[3], lo[3], hi[3], rate2[3], lo2[3], hi2[3];
    assert_ok(value_profile_proportions(a, 0.95, rate, lo, hi, 3));
    assert_ok(value_profile_proportions(b, 0.95, rate2, lo2, hi2, 3));
    for (int k = 0; k < 3; k++)
        ck_assert(rate[k] == rate2[k] && lo[k] == lo2[k] && hi[k] == hi2[k]);
    /* counts added in two rows for one provider add up */
    value_profile *c = NULL;
    assert_ok(value_profile_new(3, &c));
    const int32_t gs[4] = {2, 0, 2, 1};
    const double os[4] = {1, 2, 2, 0}, es[4] = {1.5, 0.875, 0.625, 0.5}, ms[4] = {1, 3, 3, 2};
    assert_ok(value_profile_add_counts(c, gs, os, es, ms, 4));
    results rc_;
    get_results(c, 3, 0.95, 0, &rc_);
    ck_assert(same_results(&ra, &rc_, 3));
    value_profile_free(a);
    value_profile_free(b);
    value_profile_free(c);
}
END_TEST

static uint64_t rng_state;
static uint64_t rng_next(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}
static double rng_uniform(void)
{
    return (double)(rng_next() >> 11) * 0x1p-53;
}

/* Splitting records at random into pieces and merging the pieces in any
 * order gives the profile of all the records: patients and O exactly, E
 * (Neumaier sums) and everything computed from it to 1e-15 relative. */
START_TEST(merge_order_independent)
{
    enum { N = 40000, G = 37, PIECES = 7 };
    static int32_t g[N];
    static double y[N], p[N];
    static int piece[N];
    rng_state = 777;
    for (int i = 0; i < N; i++) {
        g[i] = (int32_t)(rng_next() % G);
        p[i] = 0.001 + 0.5 * rng_uniform() * rng_uniform();
        y[i] = rng_uniform() < p[i] ? 1 : 0;
        piece[i] = (int)(rng_next() % PIECES);
    }
    value_profile *whole = NULL;
    assert_ok(value_profile_new(G, &whole));
    assert_ok(value_profile_add_records(whole, g, y, p, N));
    results rw;
    get_results(whole, G, 0.95, 0, &rw);

    /* the pieces, each fed in chunks of varying size */
    value_profile *part[PIECES];
    static int32_t pg[N];
    static double py[N], pp[N];
    for (int k = 0; k < PIECES; k++) {
        assert_ok(value_profile_new(G, &part[k]));
        size_t m = 0;
        for (int i = 0; i < N; i++)
            if (piece[i] == k) {
                pg[m] = g[i];
                py[m] = y[i];
                pp[m] = p[i];
                m++;
            }
        size_t at = 0;
        while (at < m) {
            size_t chunk = 1 + rng_next() % 1000;
            if (chunk > m - at)
                chunk = m - at;
            assert_ok(value_profile_add_records(part[k], pg + at, py + at, pp + at, chunk));
            at += chunk;
        }
    }
    const int orders[3][PIECES] = {{0, 1, 2, 3, 4, 5, 6}, {6, 5, 4, 3, 2, 1, 0}, {3, 0, 6, 2, 5, 1, 4}};
    for (int o = 0; o < 3; o++) {
        value_profile *acc = NULL;
        assert_ok(value_profile_new(G, &acc));
        for (int k = 0; k < PIECES; k++)
            assert_ok(value_profile_merge(acc, part[orders[o][k]]));
        results r;
        get_results(acc, G, 0.95, 0, &r);
        for (int k = 0; k < G; k++) {
            ck_assert(r.m[k] == rw.m[k] && r.o[k] == rw.o[k]);
            assert_rel(r.e[k], rw.e[k], 1e-15);
            assert_rel(r.oe[k], rw.oe[k], 1e-15);
            assert_rel(r.lo[k], rw.lo[k], 1e-15);
            assert_rel(r.hi[k], rw.hi[k], 1e-15);
            assert_rel(r.rate[k], rw.rate[k], 1e-15);
            assert_rel(r.z[k], rw.z[k], 1e-13); /* O - E cancels */
        }
        value_profile_free(acc);
    }
    /* a tree of merges: ((0+1)+(2+3)) + ((4+5)+6), done in place */
    assert_ok(value_profile_merge(part[0], part[1]));
    assert_ok(value_profile_merge(part[2], part[3]));
    assert_ok(value_profile_merge(part[4], part[5]));
    assert_ok(value_profile_merge(part[0], part[2]));
    assert_ok(value_profile_merge(part[4], part[6]));
    assert_ok(value_profile_merge(part[0], part[4]));
    results rt;
    get_results(part[0], G, 0.95, 0, &rt);
    for (int k = 0; k < G; k++) {
        ck_assert(rt.m[k] == rw.m[k] && rt.o[k] == rw.o[k]);
        assert_rel(rt.e[k], rw.e[k], 1e-15);
    }
    /* merging a profile into itself doubles it */
    assert_ok(value_profile_merge(whole, whole));
    results rd;
    get_results(whole, G, 0.95, 0, &rd);
    for (int k = 0; k < G; k++) {
        ck_assert(rd.m[k] == 2 * rw.m[k] && rd.o[k] == 2 * rw.o[k]);
        assert_rel(rd.e[k], 2 * rw.e[k], 1e-15);
    }
    value_profile_free(whole);
    for (int k = 0; k < PIECES; k++)
        value_profile_free(part[k]);
}
END_TEST

/* ---- Wilson proportions ----------------------------------------------------------------
 * R 4.2.2, the Wilson formula (prop.test(x, n, correct = FALSE) gives the
 * same interval):
 *   w <- function(x, n, lev) { z <- qnorm(1 - (1 - lev)/2); p <- x/n
 *     c((p + z^2/(2*n) - z*sqrt(p*(1-p)/n + z^2/(4*n^2)))/(1 + z^2/n),
 *       (p + z^2/(2*n) + z*sqrt(p*(1-p)/n + z^2/(4*n^2)))/(1 + z^2/n)) }
 *   X <- c(0, 3, 12, 40); N <- c(20, 50, 40, 40)
 *   for (lev in c(0.95, 0.99)) { m <- mapply(w, X, N, lev); cat(f(m[1,]), "\n"); cat(f(m[2,]), "\n") }
 * At x = 0 and x = n the formula's rounding gives 1.2e-17 and
 * 0.99999999999999978; the limits there are exactly 0 and 1. */
START_TEST(proportions_wilson_vs_r)
{
    value_profile *p = NULL;
    assert_ok(value_profile_new(5, &p));
    const int32_t g[4] = {0, 1, 2, 3};
    const double o[4] = {0, 3, 12, 40}, e[4] = {1, 2, 10, 30}, m[4] = {20, 50, 40, 40};
    assert_ok(value_profile_add_counts(p, g, o, e, m, 4));
    double rate[5], lo[5], hi[5];
    assert_ok(value_profile_proportions(p, 0.95, rate, lo, hi, 5));
    const double lo95[4] = {0, 0.020614970348973975, 0.18074845229746531, 0.91237839880271332};
    const double hi95[4] = {0.1611251580528193, 0.1621709168883817, 0.45430018818144935, 1};
    for (int k = 0; k < 4; k++) {
        assert_rel(rate[k], o[k] / m[k], 0);
        assert_rel(lo[k], lo95[k], REL);
        assert_rel(hi[k], hi95[k], REL);
    }
    ck_assert(isnan(rate[4]) && isnan(lo[4]) && isnan(hi[4])); /* no patients */
    assert_ok(value_profile_proportions(p, 0.99, rate, lo, hi, 5));
    const double lo99[4] = {0, 0.015294840009215743, 0.15327747087863439, 0.85772678649241574};
    const double hi99[4] = {0.24910540109875334, 0.20779900070229684, 0.50363181452439942, 1};
    for (int k = 0; k < 4; k++) {
        assert_rel(lo[k], lo99[k], REL);
        assert_rel(hi[k], hi99[k], REL);
    }
    /* A level whose 1 - alpha/2 rounds to 1 is refused before anything is
     * written (the limits used to be NaN, returned as success) */
    double keep[5] = {-7, -7, -7, -7, -7};
    memcpy(rate, keep, sizeof keep);
    memcpy(lo, keep, sizeof keep);
    memcpy(hi, keep, sizeof keep);
    assert_fails(value_profile_proportions(p, 1 - 0x1p-53, rate, lo, hi, 5), VALUE_EDOM, "rounds to 1");
    for (int k = 0; k < 5; k++)
        ck_assert(rate[k] == -7 && lo[k] == -7 && hi[k] == -7);
    value_profile_free(p);
}
END_TEST

/* ---- all or nothing ----------------------------------------------------------------------- */

/* A failing add, whatever record fails, leaves the profile bit for bit as
 * it was, even when the failing call had already touched providers (some
 * more than once) before reaching the bad record. */
START_TEST(failed_add_changes_nothing)
{
    value_profile *p = NULL;
    assert_ok(value_profile_new(4, &p));
    const int32_t g[6] = {0, 1, 2, 0, 3, 1};
    const double y[6] = {1, 0, 1, 1, 0, 0}, e[6] = {0.3, 0.1, 0.7, 0.45, 0.2, 0.05};
    assert_ok(value_profile_add_records(p, g, y, e, 6));
    results before, after;
    get_results(p, 4, 0.95, 0, &before);
    for (int bad = 0; bad < 6; bad++) {
        int32_t g2[6];
        double y2[6], e2[6];
        memcpy(g2, g, sizeof g);
        memcpy(y2, y, sizeof y);
        memcpy(e2, e, sizeof e);
        g2[bad] = 4;
        assert_fails(value_profile_add_records(p, g2, y2, e2, 6), VALUE_EINVAL, "not in [0, 4)");
        get_results(p, 4, 0.95, 0, &after);
        ck_assert_msg(same_results(&before, &after, 4), "bad provider at %d changed the profile", bad);
        g2[bad] = g[bad];
        y2[bad] = 0.5;
        assert_fails(value_profile_add_records(p, g2, y2, e2, 6), VALUE_EINVAL, "not a whole number");
        get_results(p, 4, 0.95, 0, &after);
        ck_assert(same_results(&before, &after, 4));
        y2[bad] = y[bad];
        e2[bad] = NAN;
        assert_fails(value_profile_add_records(p, g2, y2, e2, 6), VALUE_EINVAL, "is NaN");
        get_results(p, 4, 0.95, 0, &after);
        ck_assert(same_results(&before, &after, 4));
        /* and the counts path */
        double m2[6] = {1, 1, 1, 1, 1, 1};
        e2[bad] = e[bad];
        m2[bad] = -1;
        assert_fails(value_profile_add_counts(p, g2, y2, e2, m2, 6), VALUE_EINVAL, "not a whole number >= 0");
        get_results(p, 4, 0.95, 0, &after);
        ck_assert(same_results(&before, &after, 4));
    }
    /* a good call afterwards still works (the journal was reset) */
    assert_ok(value_profile_add_records(p, g, y, e, 6));
    get_results(p, 4, 0.95, 0, &after);
    for (int k = 0; k < 4; k++)
        ck_assert(after.m[k] == 2 * before.m[k] && after.o[k] == 2 * before.o[k]);
    value_profile_free(p);
}
END_TEST

/* Many calls: every call starts a new journal epoch. */
START_TEST(many_small_adds)
{
    value_profile *p = NULL;
    assert_ok(value_profile_new(3, &p));
    for (int i = 0; i < 100000; i++) {
        int32_t g = i % 3;
        double y = i % 7 == 0, e = 0.125;
        assert_ok(value_profile_add_records(p, &g, &y, &e, 1));
    }
    int32_t g = 5;
    double y = 1, e = 0.5;
    results before, after;
    get_results(p, 3, 0.95, 0, &before);
    assert_fails(value_profile_add_records(p, &g, &y, &e, 1), VALUE_EINVAL, "provider[0] is 5, not in [0, 3)");
    get_results(p, 3, 0.95, 0, &after);
    ck_assert(same_results(&before, &after, 3));
    ck_assert(before.m[0] == 33334 && before.e[0] == 33334 * 0.125);
    value_profile_free(p);
}
END_TEST

/* ---- bad input ---------------------------------------------------------------------------- */

START_TEST(bad_new_and_merge_input)
{
    value_profile *p = (value_profile *)0x1, *q = NULL, *r = NULL;
    assert_fails(value_profile_new(3, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_profile_new(0, &p), VALUE_EINVAL, "n_providers must be at least 1, got 0");
    ck_assert(p == (value_profile *)0x1);
    assert_fails(value_profile_new((size_t)INT32_MAX + 2, &p), VALUE_EINVAL, "n_providers must be at most 2147483648");
    value_profile_free(NULL);
    assert_ok(value_profile_new(3, &q));
    assert_ok(value_profile_new(4, &r));
    assert_fails(value_profile_merge(NULL, q), VALUE_EINVAL, "into is NULL");
    assert_fails(value_profile_merge(q, NULL), VALUE_EINVAL, "from is NULL");
    assert_fails(value_profile_merge(q, r), VALUE_EINVAL, "profiles differ in size: into has 3 providers, from has 4");
    value_profile_free(q);
    value_profile_free(r);
}
END_TEST

START_TEST(bad_add_input)
{
    value_profile *p = NULL;
    assert_ok(value_profile_new(3, &p));
    const int32_t g[3] = {0, 1, 2};
    const double y[3] = {1, 0, 2}, e[3] = {0.5, 0.25, 1.5}, m[3] = {4, 5, 6};
    assert_fails(value_profile_add_records(NULL, g, y, e, 3), VALUE_EINVAL, "p is NULL");
    assert_fails(value_profile_add_records(p, NULL, y, e, 3), VALUE_EINVAL, "provider is NULL");
    assert_fails(value_profile_add_records(p, g, NULL, e, 3), VALUE_EINVAL, "observed is NULL");
    assert_fails(value_profile_add_records(p, g, y, NULL, 3), VALUE_EINVAL, "expected is NULL");
    assert_fails(value_profile_add_records(p, g, y, e, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    const int32_t gneg[3] = {0, -1, 2}, ghigh[3] = {0, 1, 3}, gmin[3] = {INT32_MIN, 0, 0};
    assert_fails(value_profile_add_records(p, gneg, y, e, 3), VALUE_EINVAL, "provider[1] is -1, not in [0, 3)");
    assert_fails(value_profile_add_records(p, ghigh, y, e, 3), VALUE_EINVAL, "provider[2] is 3, not in [0, 3)");
    assert_fails(value_profile_add_records(p, gmin, y, e, 3), VALUE_EINVAL, "provider[0] is -2147483648");
    const double yneg[3] = {1, -1, 2}, yfrac[3] = {1, 0, 0.5}, ynan[3] = {NAN, 0, 2}, yinf[3] = {1, INFINITY, 2};
    assert_fails(value_profile_add_records(p, g, yneg, e, 3), VALUE_EINVAL, "observed[1] is -1, not a whole number >= 0");
    assert_fails(value_profile_add_records(p, g, yfrac, e, 3), VALUE_EINVAL, "observed[2] is 0.5, not a whole number");
    assert_fails(value_profile_add_records(p, g, ynan, e, 3), VALUE_EINVAL, "observed[0] is NaN");
    assert_fails(value_profile_add_records(p, g, yinf, e, 3), VALUE_EINVAL, "observed[1] is Inf");
    const double eneg[3] = {0.5, -0.25, 1.5}, enan[3] = {0.5, 0.25, NAN}, einf[3] = {INFINITY, 0.25, 1.5};
    const double eninf[3] = {0.5, -INFINITY, 1.5};
    assert_fails(value_profile_add_records(p, g, y, eneg, 3), VALUE_EINVAL, "expected[1] is -0.25, not finite and >= 0");
    assert_fails(value_profile_add_records(p, g, y, enan, 3), VALUE_EINVAL, "expected[2] is NaN");
    assert_fails(value_profile_add_records(p, g, y, einf, 3), VALUE_EINVAL, "expected[0] is Inf");
    assert_fails(value_profile_add_records(p, g, y, eninf, 3), VALUE_EINVAL, "expected[1] is -Inf");

    assert_fails(value_profile_add_counts(NULL, g, y, e, m, 3), VALUE_EINVAL, "p is NULL");
    assert_fails(value_profile_add_counts(p, NULL, y, e, m, 3), VALUE_EINVAL, "provider is NULL");
    assert_fails(value_profile_add_counts(p, g, NULL, e, m, 3), VALUE_EINVAL, "observed is NULL");
    assert_fails(value_profile_add_counts(p, g, y, NULL, m, 3), VALUE_EINVAL, "expected is NULL");
    assert_fails(value_profile_add_counts(p, g, y, e, NULL, 3), VALUE_EINVAL, "patients is NULL");
    assert_fails(value_profile_add_counts(p, g, y, e, m, 0), VALUE_EINVAL, "n must be at least 1, got 0");
    assert_fails(value_profile_add_counts(p, ghigh, y, e, m, 3), VALUE_EINVAL, "provider[2] is 3, not in [0, 3)");
    assert_fails(value_profile_add_counts(p, g, yfrac, e, m, 3), VALUE_EINVAL, "observed[2] is 0.5");
    assert_fails(value_profile_add_counts(p, g, y, eneg, m, 3), VALUE_EINVAL, "expected[1] is -0.25");
    const double mfrac[3] = {4, 5.5, 6}, mnan[3] = {NAN, 5, 6}, mneg[3] = {4, 5, -6};
    assert_fails(value_profile_add_counts(p, g, y, e, mfrac, 3), VALUE_EINVAL,
                 "patients[1] is 5.5, not a whole number >= 0");
    assert_fails(value_profile_add_counts(p, g, y, e, mnan, 3), VALUE_EINVAL, "patients[0] is NaN");
    assert_fails(value_profile_add_counts(p, g, y, e, mneg, 3), VALUE_EINVAL, "patients[2] is -6");
    /* nothing was added by any of these */
    results r;
    get_results(p, 3, 0.95, 0.1, &r);
    for (int k = 0; k < 3; k++)
        ck_assert(r.m[k] == 0 && r.o[k] == 0 && r.e[k] == 0);
    value_profile_free(p);
}
END_TEST

START_TEST(bad_results_input)
{
    value_profile *p = NULL, *empty = NULL;
    assert_ok(value_profile_new(2, &p));
    assert_ok(value_profile_new(2, &empty));
    const int32_t g[2] = {0, 1};
    const double o[2] = {5, 2}, e[2] = {1e-320, 1.5}, m[2] = {10, 1};
    double a[2], b[2], c[2], d[2], f[2], h[2], k[2], z[2];
    for (int i = 0; i < 2; i++)
        a[i] = b[i] = c[i] = d[i] = f[i] = h[i] = k[i] = z[i] = SENTINEL;
#define RES(pp, lev, rr, len) value_profile_results(pp, lev, rr, a, b, c, d, f, h, k, z, len)
    assert_fails(RES(NULL, 0.95, 0.1, 2), VALUE_EINVAL, "p is NULL");
    assert_fails(value_profile_results(p, 0.95, 0.1, NULL, b, c, d, f, h, k, z, 2), VALUE_EINVAL,
                 "out_patients is NULL");
    assert_fails(value_profile_results(p, 0.95, 0.1, a, b, c, d, f, h, k, NULL, 2), VALUE_EINVAL, "out_z is NULL");
    assert_fails(value_profile_results(p, 0.95, 0.1, a, b, c, d, NULL, h, k, z, 2), VALUE_EINVAL,
                 "out_lower is NULL");
    assert_fails(RES(p, 0.95, 0.1, 3), VALUE_EINVAL, "out_len must be 2 (providers), got 3");
    assert_fails(RES(p, 0.95, 0.1, 0), VALUE_EINVAL, "got 0");
    assert_fails(RES(p, 1, 0.1, 2), VALUE_EINVAL, "level must be in (0, 1), got 1");
    assert_fails(RES(p, 0, 0.1, 2), VALUE_EINVAL, "got 0");
    assert_fails(RES(p, NAN, 0.1, 2), VALUE_EINVAL, "got NaN");
    assert_fails(RES(p, 0.95, -0.1, 2), VALUE_EINVAL,
                 "reference_rate must be finite and > 0 (or 0 for the overall rate), got -0.1");
    assert_fails(RES(p, 0.95, NAN, 2), VALUE_EINVAL, "got NaN");
    assert_fails(RES(p, 0.95, INFINITY, 2), VALUE_EINVAL, "got Inf");
    assert_fails(RES(empty, 0.95, 0, 2), VALUE_EDOM, "the profile has no patients");
    /* E so small that O/E's upper limit overflows: the provider is named */
    assert_ok(value_profile_add_counts(p, g, o, e, m, 2));
    assert_fails(RES(p, 0.95, 0.1, 2), VALUE_ERANGE, "provider 0: ");
#undef RES
    for (int i = 0; i < 2; i++)
        ck_assert(a[i] == SENTINEL && b[i] == SENTINEL && c[i] == SENTINEL && d[i] == SENTINEL && f[i] == SENTINEL &&
                  h[i] == SENTINEL && k[i] == SENTINEL && z[i] == SENTINEL);

    /* proportions */
    assert_fails(value_profile_proportions(NULL, 0.95, a, b, c, 2), VALUE_EINVAL, "p is NULL");
    assert_fails(value_profile_proportions(p, 0.95, NULL, b, c, 2), VALUE_EINVAL, "out_rate is NULL");
    assert_fails(value_profile_proportions(p, 0.95, a, NULL, c, 2), VALUE_EINVAL, "out_lower is NULL");
    assert_fails(value_profile_proportions(p, 0.95, a, b, NULL, 2), VALUE_EINVAL, "out_upper is NULL");
    assert_fails(value_profile_proportions(p, 0.95, a, b, c, 1), VALUE_EINVAL,
                 "out_len must be 2 (providers), got 1");
    assert_fails(value_profile_proportions(p, 1.5, a, b, c, 2), VALUE_EINVAL, "level must be in (0, 1), got 1.5");
    /* provider 1 has 2 events in 1 patient (counts are not checked for that) */
    assert_fails(value_profile_proportions(p, 0.95, a, b, c, 2), VALUE_EINVAL,
                 "provider 1 has more events (2) than patients (1)");
    for (int i = 0; i < 2; i++)
        ck_assert(a[i] == SENTINEL && b[i] == SENTINEL && c[i] == SENTINEL);
    value_profile_free(p);
    value_profile_free(empty);
}
END_TEST

static Suite *profile_suite(void)
{
    Suite *s = suite_create("profile");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, byar_through_results);
    tcase_add_test(tc, hospitals_x_and_y);
    tcase_add_test(tc, empty_and_zero_expected);
    tcase_add_test(tc, records_equal_counts);
    tcase_add_test(tc, merge_order_independent);
    tcase_add_test(tc, proportions_wilson_vs_r);
    tcase_add_test(tc, failed_add_changes_nothing);
    tcase_add_test(tc, many_small_adds);
    tcase_add_test(tc, bad_new_and_merge_input);
    tcase_add_test(tc, bad_add_input);
    tcase_add_test(tc, bad_results_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(profile_suite());
}
