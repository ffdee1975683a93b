/* Incentive analysis: margins under fee-for-service, capitation, a bundle
 * and shared savings, the clinician's choice under U = alpha B + beta H,
 * and an outlier carve-out.  Every expected number is worked by hand
 * beside its test.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <float.h>
#include <stdint.h>

#define REL 1e-15
#define SENTINEL (-12345.0)
#define ISENTINEL (-777)

static void fill_sentinel(double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = SENTINEL;
}

static void check_sentinel(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(x[i] == SENTINEL, "output [%zu] was changed to %g by a failed call", i, x[i]);
}

static void fill_isentinel(int32_t *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = ISENTINEL;
}

static void check_isentinel(const int32_t *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(x[i] == ISENTINEL, "output [%zu] was changed to %ld by a failed call", i, (long)x[i]);
}

/* The seeds' scenario (a hypothetical practice and patient):
 *   0  do nothing                      cost  0  revenue   0  health 0     later    0
 *   1  low-value follow-up visit       cost 60  revenue 100  health 0     later    0
 *      (unnecessary, but it generates a bill)
 *   2  care-coordination call          cost 20  revenue   0  health 0.02  later -300
 *      (not billable; prevents a complication: 10% x 3,000 avoided, and
 *       10% x 0.2 QALY = 0.02 QALY gained)
 * The healthiest action is the call (index 2). */
enum { NA = 3 };
static const double COST[NA] = {0, 60, 20};
static const double REVENUE[NA] = {0, 100, 0};
static const double HEALTH[NA] = {0, 0, 0.02};
static const double LATER[NA] = {0, 0, -300};

/* The seeds' menu with an expensive, medically necessary treatment added:
 *   3  specialty treatment             cost 40,000  revenue 45,000  health 0.5  later -2,000 */
enum { NB = 4 };
static const double COST4[NB] = {0, 60, 20, 40000};
static const double REVENUE4[NB] = {0, 100, 0, 45000};
static const double HEALTH4[NB] = {0, 0, 0.02, 0.5};
static const double LATER4[NB] = {0, 0, -300, -2000};

static void margins_are(value_incentive_model model, double amount, double rate, double t, double c,
                        const double *want)
{
    double out[NA];
    assert_ok(value_incentive_margins(COST, REVENUE, LATER, NA, model, amount, rate, t, c, out, NA));
    for (int i = 0; i < NA; i++)
        assert_rel(out[i], want[i], REL);
}

static void margins4_are(value_incentive_model model, double amount, double rate, double t, double c,
                         const double *want)
{
    double out[NB];
    assert_ok(value_incentive_margins(COST4, REVENUE4, LATER4, NB, model, amount, rate, t, c, out, NB));
    for (int i = 0; i < NB; i++)
        assert_rel(out[i], want[i], REL);
}

/* ---- value_incentive_margins ------------------------------------------------------ */

START_TEST(seeds_margins)
{
    /* Fee-for-service, B = revenue - cost:
     *   nothing 0 - 0 = 0;  visit 100 - 60 = 40;  call 0 - 20 = -20.
     * The visit pays, the call loses money: do the low-value visit. */
    const double ffs[NA] = {0, 40, -20};
    margins_are(VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, ffs);
    /* amount, rate and the carve-out do not enter fee-for-service */
    margins_are(VALUE_INCENTIVE_FFS, 123, 0.7, 10, 1, ffs);

    /* Capitation, payment A = 50 PMPM x 12 = 600, B = A - cost - later:
     *   nothing 600;  visit 600 - 60 - 0 = 540;  call 600 - 20 + 300 = 880.
     * The visit is just a cost and the call saves the complication: the
     * incentive flips to the call, and the visit is now worse than nothing. */
    const double cap[NA] = {600, 540, 880};
    margins_are(VALUE_INCENTIVE_CAPITATION, 600, 0, INFINITY, 0, cap);
    /* A = 0: the marginal effect alone, 0, -60, 280 */
    const double cap0[NA] = {0, -60, 280};
    margins_are(VALUE_INCENTIVE_CAPITATION, 0, 0, INFINITY, 0, cap0);

    /* Bundle, target price A = 500, half the complication's cost falls
     * within the episode (r = 0.5), B = A - cost - r later:
     *   nothing 500;  visit 500 - 60 = 440;  call 500 - 20 + 0.5 x 300 = 630. */
    const double bun[NA] = {500, 440, 630};
    margins_are(VALUE_INCENTIVE_BUNDLE, 500, 0.5, INFINITY, 0, bun);
    /* r = 1, the whole complication inside the episode: call 500 - 20 + 300 = 780.
     * r = 0, the complication after the episode ends: call 500 - 20 = 480,
     * below doing nothing (500): a short window removes the call's reward. */
    const double bun1[NA] = {500, 440, 780}, bun0[NA] = {500, 440, 480};
    margins_are(VALUE_INCENTIVE_BUNDLE, 500, 1, INFINITY, 0, bun1);
    margins_are(VALUE_INCENTIVE_BUNDLE, 500, 0, INFINITY, 0, bun0);

    /* Shared savings over FFS, sharing rate r = 0.5, headroom A = 0 (spending
     * on benchmark without the actions).  Payer spending s = revenue + later;
     * B = revenue - cost + r max(0, A - s):
     *   nothing s = 0:    0 + 0.5 max(0, 0)       = 0
     *   visit   s = 100:  40 + 0.5 max(0, -100)   = 40
     *   call    s = -300: -20 + 0.5 max(0, 300)   = -20 + 150 = 130 */
    const double ss[NA] = {0, 40, 130};
    margins_are(VALUE_INCENTIVE_SHARED_SAVINGS, 0, 0.5, INFINITY, 0, ss);
    /* Headroom 200 (already 200 under the benchmark):
     *   nothing 0 + 0.5 x 200 = 100;  visit 40 + 0.5 x (200 - 100) = 90;
     *   call -20 + 0.5 x (200 + 300) = 230 */
    const double ss200[NA] = {100, 90, 230};
    margins_are(VALUE_INCENTIVE_SHARED_SAVINGS, 200, 0.5, INFINITY, 0, ss200);
    /* Headroom -1000 (spending already above the benchmark): no action earns
     * savings, max(0, -1000 - s) = 0 for all three, so B is the FFS margin. */
    margins_are(VALUE_INCENTIVE_SHARED_SAVINGS, -1000, 0.5, INFINITY, 0, ffs);
    /* Sharing rate 0: B is the FFS margin whatever the headroom. */
    margins_are(VALUE_INCENTIVE_SHARED_SAVINGS, 200, 0, INFINITY, 0, ffs);
}
END_TEST

START_TEST(carve_out_margins)
{
    /* The treatment (cost 40,000, revenue 45,000, later -2,000) with the other three.
     * FFS: 45,000 - 40,000 = 5,000 with or without a carve-out. */
    const double ffs[NB] = {0, 40, -20, 5000};
    margins4_are(VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, ffs);
    margins4_are(VALUE_INCENTIVE_FFS, 0, 0, 10000, 1, ffs);

    /* Capitation A = 600, no carve-out: treatment 600 - 40,000 + 2,000 = -37,400. */
    const double cap[NB] = {600, 540, 880, -37400};
    margins4_are(VALUE_INCENTIVE_CAPITATION, 600, 0, INFINITY, 0, cap);
    /* Outlier fund pays all cost above T = 10,000 (c = 1):
     *   o = 1 x max(0, 40,000 - 10,000) = 30,000;
     *   treatment 600 - (40,000 - 30,000) + 2,000 = -7,400.
     * The visit and the call cost less than T, o = 0: unchanged. */
    const double capc[NB] = {600, 540, 880, -7400};
    margins4_are(VALUE_INCENTIVE_CAPITATION, 600, 0, 10000, 1, capc);
    /* c = 0.8: o = 0.8 x 30,000 = 24,000; 600 - 16,000 + 2,000 = -13,400 */
    const double capc8[NB] = {600, 540, 880, -13400};
    margins4_are(VALUE_INCENTIVE_CAPITATION, 600, 0, 10000, 0.8, capc8);
    /* c = 0 or T = +Inf: no carve-out */
    margins4_are(VALUE_INCENTIVE_CAPITATION, 600, 0, 10000, 0, cap);
    margins4_are(VALUE_INCENTIVE_CAPITATION, 600, 0, INFINITY, 1, cap);
    /* T = 60, exactly the visit's cost: o = max(0, 60 - 60) = 0 for the visit;
     * treatment o = 39,940: 600 - 60 + 2,000 = 2,540; call 20 < 60 unchanged. */
    const double capc60[NB] = {600, 540, 880, 2540};
    margins4_are(VALUE_INCENTIVE_CAPITATION, 600, 0, 60, 1, capc60);

    /* Bundle A = 500, r = 0.5: treatment 500 - 40,000 + 0.5 x 2,000 = -38,500;
     * with T = 10,000, c = 1: 500 - 10,000 + 1,000 = -8,500. */
    const double bun[NB] = {500, 440, 630, -38500}, bunc[NB] = {500, 440, 630, -8500};
    margins4_are(VALUE_INCENTIVE_BUNDLE, 500, 0.5, INFINITY, 0, bun);
    margins4_are(VALUE_INCENTIVE_BUNDLE, 500, 0.5, 10000, 1, bunc);

    /* Shared savings, r = 0.5, headroom A = 20,000.  Without carve-out
     * s = revenue + later:
     *   nothing s = 0:       0 + 0.5 x 20,000            = 10,000
     *   visit   s = 100:     40 + 0.5 x 19,900           = 9,990
     *   call    s = -300:    -20 + 0.5 x 20,300          = 10,130
     *   treat   s = 43,000:  5,000 + 0.5 max(0, -23,000) = 5,000
     * With T = 10,000, c = 1 the FFS payment above 10,000 is left out of the
     * spending compared with the benchmark: treatment s = 45,000 - 35,000 -
     * 2,000 = 8,000, B = 5,000 + 0.5 x 12,000 = 11,000 (others unchanged). */
    const double ss[NB] = {10000, 9990, 10130, 5000}, ssc[NB] = {10000, 9990, 10130, 11000};
    margins4_are(VALUE_INCENTIVE_SHARED_SAVINGS, 20000, 0.5, INFINITY, 0, ss);
    margins4_are(VALUE_INCENTIVE_SHARED_SAVINGS, 20000, 0.5, 10000, 1, ssc);
}
END_TEST

START_TEST(margins_extremes)
{
    /* No spurious overflow in shared savings: r = 0.5, A = 1e308, later
     * -1e308, cost = revenue = 0: A - s = 2e308 overflows, but
     * r A - r s = 5e307 + 5e307 = 1e308 is B. */
    const double z[1] = {0}, big_later[1] = {-1e308};
    double out[1];
    assert_ok(value_incentive_margins(z, z, big_later, 1, VALUE_INCENTIVE_SHARED_SAVINGS, 1e308, 0.5, INFINITY, 0,
                                      out, 1));
    assert_rel(out[0], 1e308, REL);
    /* r = 0: no bonus (not 0 x Inf) */
    assert_ok(value_incentive_margins(z, z, big_later, 1, VALUE_INCENTIVE_SHARED_SAVINGS, 1e308, 0, INFINITY, 0, out,
                                      1));
    ck_assert(out[0] == 0);
    /* r = 1: B = 2e308 really overflows */
    out[0] = SENTINEL;
    assert_fails(value_incentive_margins(z, z, big_later, 1, VALUE_INCENTIVE_SHARED_SAVINGS, 1e308, 1, INFINITY, 0,
                                         out, 1),
                 VALUE_ERANGE, "the margin of the action at cost[0] overflows");
    check_sentinel(out, 1);
    /* capitation 1e308 - 0 + 1e308 overflows; the message names the action */
    const double z2[2] = {0, 0}, l2[2] = {0, -1e308};
    double out2[2] = {SENTINEL, SENTINEL};
    assert_fails(value_incentive_margins(z2, z2, l2, 2, VALUE_INCENTIVE_CAPITATION, 1e308, 0, INFINITY, 0, out2, 2),
                 VALUE_ERANGE, "the margin of the action at cost[1] overflows");
    check_sentinel(out2, 2);
    /* a huge cost carved out completely: 0 - (DBL_MAX - DBL_MAX) - 0 = 0 */
    const double cmax[1] = {DBL_MAX};
    assert_ok(value_incentive_margins(cmax, z, z, 1, VALUE_INCENTIVE_CAPITATION, 0, 0, 0, 1, out, 1));
    ck_assert(out[0] == 0);

    /* in place: out_margin may be the cost column */
    double c[NA] = {0, 60, 20};
    assert_ok(value_incentive_margins(c, REVENUE, LATER, NA, VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, c, NA));
    ck_assert(c[0] == 0 && c[1] == 40 && c[2] == -20);
}
END_TEST

/* ---- value_incentive_choice ------------------------------------------------------- */

static void choice_is(const double *cost, const double *revenue, const double *health, const double *later, size_t n,
                      value_incentive_model model, double amount, double rate, double t, double c, double alpha,
                      double beta, const double *want_u, const int32_t *want_rank, int32_t want_best,
                      double want_forgone)
{
    double m[NB], u[NB], forgone = SENTINEL;
    int32_t rank[NB], best = ISENTINEL;
    assert_ok(value_incentive_choice(cost, revenue, health, later, n, model, amount, rate, t, c, alpha, beta, m, u,
                                     rank, n, &best, &forgone));
    double mm[NB];
    assert_ok(value_incentive_margins(cost, revenue, later, n, model, amount, rate, t, c, mm, n));
    for (size_t i = 0; i < n; i++) {
        ck_assert(m[i] == mm[i]);
        assert_rel(u[i], want_u[i], REL);
        ck_assert_msg(rank[i] == want_rank[i], "rank[%zu] = %ld, want %ld", i, (long)rank[i], (long)want_rank[i]);
    }
    ck_assert_int_eq(best, want_best);
    assert_rel(forgone, want_forgone, REL);
}

START_TEST(seeds_choice)
{
    /* FFS, a clinician moved by money alone (alpha = 1, beta = 0):
     *   U = B = 0, 40, -20  ->  visit (rank 0), nothing (1), call (2).
     * The conflict: FFS rewards the visit, the call has the best health;
     * health forgone = max H - H[visit] = 0.02 - 0 = 0.02. */
    const int32_t r_visit[NA] = {1, 0, 2};
    const double u_ffs[NA] = {0, 40, -20};
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, 1, 0, u_ffs, r_visit, 1, 0.02);

    /* FFS, beta = 2,000 per QALY: U = 0, 40, -20 + 0.02 x 2,000 = 20
     *   -> visit, call, nothing: still the visit, 0.02 forgone. */
    const int32_t r2[NA] = {2, 0, 1};
    const double u2[NA] = {0, 40, 20};
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, 1, 2000, u2, r2, 1, 0.02);

    /* FFS, beta = 3,000: call U = -20 + 0.02 x 3,000 = 40 = visit's U (0.02 x
     * 3,000 rounds to exactly 60).  The tie goes to the earlier action, the
     * visit: ranks visit 0, call 1, nothing 2. */
    const int32_t r3[NA] = {2, 0, 1};
    const double u3[NA] = {0, 40, 40};
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, 1, 3000, u3, r3, 1, 0.02);

    /* FFS, beta = 5,000: call U = -20 + 100 = 80 > 40: a clinician who weighs
     * health above 3,000 per QALY overcomes the FFS pull. */
    const int32_t r5[NA] = {2, 1, 0};
    const double u5[NA] = {0, 40, 80};
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, 1, 5000, u5, r5, 2, 0);

    /* Health alone (alpha = 0, beta = 1): U = H = 0, 0, 0.02 -> call; nothing
     * and visit tie at 0, in input order. */
    const int32_t rh[NA] = {1, 2, 0};
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, 0, 1, HEALTH, rh, 2, 0);

    /* Capitation A = 600, alpha = 1, beta = 0: U = 600, 540, 880 -> call,
     * nothing, visit.  Money alone now picks the healthiest action: no conflict. */
    const int32_t r_cap[NA] = {1, 2, 0};
    const double u_cap[NA] = {600, 540, 880};
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_CAPITATION, 600, 0, INFINITY, 0, 1, 0, u_cap, r_cap, 2,
              0);
    /* alpha = 0.5, beta = 1,000: U = 300, 270, 440 + 20 = 460: same order */
    const double u_cap2[NA] = {300, 270, 460};
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_CAPITATION, 600, 0, INFINITY, 0, 0.5, 1000, u_cap2,
              r_cap, 2, 0);

    /* Bundle A = 500, r = 0.5, alpha = 1, beta = 0: U = 500, 440, 630 -> call. */
    const double u_bun[NA] = {500, 440, 630};
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_BUNDLE, 500, 0.5, INFINITY, 0, 1, 0, u_bun, r_cap, 2,
              0);
    /* r = 0 (complication after the episode): U = 500, 440, 480 -> nothing,
     * call, visit; the call's 0.02 is forgone. */
    const int32_t r_bun0[NA] = {0, 2, 1};
    const double u_bun0[NA] = {500, 440, 480};
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_BUNDLE, 500, 0, INFINITY, 0, 1, 0, u_bun0, r_bun0, 0,
              0.02);

    /* Shared savings r = 0.5, A = 0, alpha = 1, beta = 0: U = 0, 40, 130 ->
     * call, visit, nothing. */
    const int32_t r_ss[NA] = {2, 1, 0};
    const double u_ss[NA] = {0, 40, 130};
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_SHARED_SAVINGS, 0, 0.5, INFINITY, 0, 1, 0, u_ss, r_ss,
              2, 0);
    /* ... but with spending 1,000 above the benchmark (A = -1,000) no savings
     * are in reach and the FFS conflict returns: visit, 0.02 forgone. */
    choice_is(COST, REVENUE, HEALTH, LATER, NA, VALUE_INCENTIVE_SHARED_SAVINGS, -1000, 0.5, INFINITY, 0, 1, 0, u_ffs,
              r_visit, 1, 0.02);
}
END_TEST

START_TEST(carve_out_choice)
{
    /* Capitation A = 600, a clinician with alpha = 1, beta = 50,000 per QALY.
     * No carve-out, U = B + 50,000 H:
     *   nothing 600; visit 540; call 880 + 1,000 = 1,880;
     *   treatment -37,400 + 25,000 = -12,400
     * -> call, nothing, visit, treatment: the necessary treatment is avoided
     * and 0.5 - 0.02 = 0.48 QALY is forgone. */
    const int32_t r_no[NB] = {1, 2, 0, 3};
    const double u_no[NB] = {600, 540, 1880, -12400};
    choice_is(COST4, REVENUE4, HEALTH4, LATER4, NB, VALUE_INCENTIVE_CAPITATION, 600, 0, INFINITY, 0, 1, 50000, u_no,
              r_no, 2, 0.48);
    /* Outlier fund above T = 10,000 (c = 1): treatment -7,400 + 25,000 = 17,600
     * -> treatment, call, nothing, visit; nothing forgone: the carve-out
     * decouples the right clinical decision from the practice's loss. */
    const int32_t r_c[NB] = {2, 3, 1, 0};
    const double u_c[NB] = {600, 540, 1880, 17600};
    choice_is(COST4, REVENUE4, HEALTH4, LATER4, NB, VALUE_INCENTIVE_CAPITATION, 600, 0, 10000, 1, 1, 50000, u_c, r_c,
              3, 0);
    /* c = 0.8: -13,400 + 25,000 = 11,600, still first */
    const double u_c8[NB] = {600, 540, 1880, 11600};
    choice_is(COST4, REVENUE4, HEALTH4, LATER4, NB, VALUE_INCENTIVE_CAPITATION, 600, 0, 10000, 0.8, 1, 50000, u_c8,
              r_c, 3, 0);
    /* Bundle A = 500, r = 0.5, same clinician: without carve-out treatment
     * -38,500 + 25,000 = -13,500; with T = 10,000, c = 1: -8,500 + 25,000 =
     * 16,500.  Others: 500, 440, 630 + 1,000 = 1,630. */
    const double ub_no[NB] = {500, 440, 1630, -13500}, ub_c[NB] = {500, 440, 1630, 16500};
    choice_is(COST4, REVENUE4, HEALTH4, LATER4, NB, VALUE_INCENTIVE_BUNDLE, 500, 0.5, INFINITY, 0, 1, 50000, ub_no,
              r_no, 2, 0.48);
    choice_is(COST4, REVENUE4, HEALTH4, LATER4, NB, VALUE_INCENTIVE_BUNDLE, 500, 0.5, 10000, 1, 1, 50000, ub_c, r_c, 3,
              0);
    /* FFS pays 5,000 for the treatment: alpha = 1, beta = 0 picks it, ranks
     * treatment, visit, nothing, call. */
    const int32_t r_ffs[NB] = {2, 1, 3, 0};
    const double u_ffs[NB] = {0, 40, -20, 5000};
    choice_is(COST4, REVENUE4, HEALTH4, LATER4, NB, VALUE_INCENTIVE_FFS, 0, 0, 10000, 1, 1, 0, u_ffs, r_ffs, 3, 0);
}
END_TEST

START_TEST(choice_extremes)
{
    /* one action: rank 0, best 0, nothing forgone */
    const double one[1] = {5}, h1[1] = {-2};
    double m, u, f;
    int32_t rk, best;
    assert_ok(value_incentive_choice(one, one, h1, one, 1, VALUE_INCENTIVE_CAPITATION, 10, 0, INFINITY, 0, 1, 1, &m,
                                     &u, &rk, 1, &best, &f));
    /* B = 10 - 5 - 5 = 0, U = 0 + 1 x (-2) = -2 */
    ck_assert(m == 0 && u == -2 && rk == 0 && best == 0 && f == 0);

    /* utility overflow: FFS margin 1e300 x alpha 1e10 */
    const double c2[2] = {0, 0}, rv[2] = {0, 1e300}, h2[2] = {0, 0};
    double mo[2], uo[2], fo = SENTINEL;
    int32_t ro[2], bo = ISENTINEL;
    fill_sentinel(mo, 2);
    fill_sentinel(uo, 2);
    fill_isentinel(ro, 2);
    assert_fails(value_incentive_choice(c2, rv, h2, c2, 2, VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, 1e10, 0, mo, uo, ro,
                                        2, &bo, &fo),
                 VALUE_ERANGE, "the utility of the action at cost[1] overflows");
    /* margin overflow: capitation 1e308 + 1e308 */
    const double l2[2] = {-1e308, 0};
    assert_fails(value_incentive_choice(c2, c2, h2, l2, 2, VALUE_INCENTIVE_CAPITATION, 1e308, 0, INFINITY, 0, 1, 0, mo,
                                        uo, ro, 2, &bo, &fo),
                 VALUE_ERANGE, "the margin of the action at cost[0] overflows");
    /* health forgone overflow: FFS picks action 1 (B = 10), H = 1e308 vs -1e308 */
    const double rv10[2] = {0, 10}, hx[2] = {1e308, -1e308};
    assert_fails(value_incentive_choice(c2, rv10, hx, c2, 2, VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, 1, 0, mo, uo, ro,
                                        2, &bo, &fo),
                 VALUE_ERANGE, "the health forgone by choosing the action at cost[1] overflows");
    check_sentinel(mo, 2);
    check_sentinel(uo, 2);
    check_isentinel(ro, 2);
    ck_assert(bo == ISENTINEL && fo == SENTINEL);

    /* outputs in place over the inputs: out_margin over cost, out_utility
     * over health (the seeds' FFS case with alpha = 1, beta = 5,000) */
    double c[NA] = {0, 60, 20}, h[NA] = {0, 0, 0.02};
    int32_t r[NA];
    assert_ok(value_incentive_choice(c, REVENUE, h, LATER, NA, VALUE_INCENTIVE_FFS, 0, 0, INFINITY, 0, 1, 5000, c, h,
                                     r, NA, &best, &f));
    ck_assert(c[0] == 0 && c[1] == 40 && c[2] == -20);
    assert_rel(h[2], 80, REL);
    ck_assert(h[0] == 0 && h[1] == 40);
    ck_assert(r[0] == 2 && r[1] == 1 && r[2] == 0 && best == 2 && f == 0);
}
END_TEST

/* ---- bad input -------------------------------------------------------------------- */

#define M(cost, rev, later, n, model, a, r, t, c, out, len) \
    value_incentive_margins(cost, rev, later, n, model, a, r, t, c, out, len)

START_TEST(bad_margins_input)
{
    double out[NA];
    fill_sentinel(out, NA);
    const value_incentive_model F = VALUE_INCENTIVE_FFS, C = VALUE_INCENTIVE_CAPITATION, B = VALUE_INCENTIVE_BUNDLE,
                                S = VALUE_INCENTIVE_SHARED_SAVINGS;
    assert_fails(M(NULL, REVENUE, LATER, NA, F, 0, 0, INFINITY, 0, out, NA), VALUE_EINVAL, "cost is NULL");
    assert_fails(M(COST, NULL, LATER, NA, F, 0, 0, INFINITY, 0, out, NA), VALUE_EINVAL, "revenue is NULL");
    assert_fails(M(COST, REVENUE, NULL, NA, F, 0, 0, INFINITY, 0, out, NA), VALUE_EINVAL, "later_spending is NULL");
    assert_fails(M(COST, REVENUE, LATER, NA, F, 0, 0, INFINITY, 0, NULL, NA), VALUE_EINVAL, "out_margin is NULL");
    assert_fails(M(COST, REVENUE, LATER, 0, F, 0, 0, INFINITY, 0, out, 0), VALUE_EINVAL,
                 "n must be at least 1, got 0");
    assert_fails(M(COST, REVENUE, LATER, NA, F, 0, 0, INFINITY, 0, out, 2), VALUE_EINVAL,
                 "out_len must be 3 (n), got 2");
    assert_fails(M(COST, REVENUE, LATER, NA, F, 0, 0, INFINITY, 0, out, 4), VALUE_EINVAL,
                 "out_len must be 3 (n), got 4");
    assert_fails(M(COST, REVENUE, LATER, NA, (value_incentive_model)0, 0, 0, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "model is 0, not a value_incentive_model (1 to 4)");
    assert_fails(M(COST, REVENUE, LATER, NA, (value_incentive_model)5, 0, 0, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "model is 5, not a value_incentive_model");
    assert_fails(M(COST, REVENUE, LATER, NA, C, -600, 0, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "amount (the capitation payment) is -600, not finite and >= 0");
    assert_fails(M(COST, REVENUE, LATER, NA, C, NAN, 0, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "amount (the capitation payment) is NaN");
    assert_fails(M(COST, REVENUE, LATER, NA, B, -1, 0.5, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "amount (the bundle's target price) is -1, not finite and >= 0");
    assert_fails(M(COST, REVENUE, LATER, NA, B, INFINITY, 0.5, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "amount (the bundle's target price) is Inf");
    assert_fails(M(COST, REVENUE, LATER, NA, S, -INFINITY, 0.5, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "amount is -Inf, not finite");
    assert_fails(M(COST, REVENUE, LATER, NA, F, NAN, 0, INFINITY, 0, out, NA), VALUE_EINVAL, "amount is NaN");
    assert_fails(M(COST, REVENUE, LATER, NA, S, 0, 1.5, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "rate is 1.5, not in [0, 1]");
    assert_fails(M(COST, REVENUE, LATER, NA, B, 500, -0.25, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "rate is -0.25, not in [0, 1]");
    assert_fails(M(COST, REVENUE, LATER, NA, F, 0, NAN, INFINITY, 0, out, NA), VALUE_EINVAL, "rate is NaN");
    assert_fails(M(COST, REVENUE, LATER, NA, C, 600, 0, -1, 1, out, NA), VALUE_EINVAL,
                 "outlier_threshold is -1, not >= 0 (+Inf for no carve-out)");
    assert_fails(M(COST, REVENUE, LATER, NA, C, 600, 0, NAN, 1, out, NA), VALUE_EINVAL, "outlier_threshold is NaN");
    assert_fails(M(COST, REVENUE, LATER, NA, C, 600, 0, 10000, 1.01, out, NA), VALUE_EINVAL,
                 "outlier_share is 1.01, not in [0, 1]");
    assert_fails(M(COST, REVENUE, LATER, NA, C, 600, 0, 10000, -0.5, out, NA), VALUE_EINVAL,
                 "outlier_share is -0.5, not in [0, 1]");
    assert_fails(M(COST, REVENUE, LATER, NA, C, 600, 0, 10000, NAN, out, NA), VALUE_EINVAL, "outlier_share is NaN");

    const double cn[NA] = {0, -60, 20}, cnan[NA] = {0, 60, NAN}, cinf[NA] = {INFINITY, 60, 20};
    assert_fails(M(cn, REVENUE, LATER, NA, C, 600, 0, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "cost[1] is -60, not finite and >= 0");
    assert_fails(M(cnan, REVENUE, LATER, NA, C, 600, 0, INFINITY, 0, out, NA), VALUE_EINVAL, "cost[2] is NaN");
    assert_fails(M(cinf, REVENUE, LATER, NA, C, 600, 0, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "cost[0] is Inf, not finite and >= 0");
    const double rn[NA] = {0, 100, -1}, rnan[NA] = {NAN, 100, 0};
    assert_fails(M(COST, rn, LATER, NA, F, 0, 0, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "revenue[2] is -1, not finite and >= 0");
    assert_fails(M(COST, rnan, LATER, NA, F, 0, 0, INFINITY, 0, out, NA), VALUE_EINVAL, "revenue[0] is NaN");
    const double lnan[NA] = {0, NAN, -300}, linf[NA] = {0, 0, -INFINITY};
    assert_fails(M(COST, REVENUE, lnan, NA, S, 0, 0.5, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "later_spending[1] is NaN");
    assert_fails(M(COST, REVENUE, linf, NA, S, 0, 0.5, INFINITY, 0, out, NA), VALUE_EINVAL,
                 "later_spending[2] is -Inf, not finite");
    /* a bad action after good ones: nothing written for the good ones either */
    check_sentinel(out, NA);
}
END_TEST

#define CH(cost, rev, h, later, n, model, a, r, t, c, al, be, len, best, forg) \
    value_incentive_choice(cost, rev, h, later, n, model, a, r, t, c, al, be, m, u, rk, len, best, forg)

START_TEST(bad_choice_input)
{
    double m[NA], u[NA], f = SENTINEL;
    int32_t rk[NA], best = ISENTINEL;
    fill_sentinel(m, NA);
    fill_sentinel(u, NA);
    fill_isentinel(rk, NA);
    const value_incentive_model F = VALUE_INCENTIVE_FFS, C = VALUE_INCENTIVE_CAPITATION;
    assert_fails(CH(NULL, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "cost is NULL");
    assert_fails(CH(COST, NULL, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "revenue is NULL");
    assert_fails(CH(COST, REVENUE, NULL, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "health is NULL");
    assert_fails(CH(COST, REVENUE, HEALTH, NULL, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "later_spending is NULL");
    assert_fails(value_incentive_choice(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, NULL, u, rk, NA,
                                        &best, &f),
                 VALUE_EINVAL, "out_margin is NULL");
    assert_fails(value_incentive_choice(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, m, NULL, rk, NA,
                                        &best, &f),
                 VALUE_EINVAL, "out_utility is NULL");
    assert_fails(value_incentive_choice(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, m, u, NULL, NA,
                                        &best, &f),
                 VALUE_EINVAL, "out_rank is NULL");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, NULL, &f), VALUE_EINVAL,
                 "out_best is NULL");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, &best, NULL), VALUE_EINVAL,
                 "out_health_forgone is NULL");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, 0, F, 0, 0, INFINITY, 0, 1, 0, 0, &best, &f), VALUE_EINVAL,
                 "n must be at least 1, got 0");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, 1, &best, &f), VALUE_EINVAL,
                 "out_len must be 3 (n), got 1");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, (value_incentive_model)-3, 0, 0, INFINITY, 0, 1, 0, NA, &best,
                    &f),
                 VALUE_EINVAL, "model is -3, not a value_incentive_model (1 to 4)");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, C, -1, 0, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "amount (the capitation payment) is -1");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, C, 600, 2, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "rate is 2, not in [0, 1]");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, C, 600, 0, -5, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "outlier_threshold is -5");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, C, 600, 0, 10, 3, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "outlier_share is 3, not in [0, 1]");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, -1, 1, NA, &best, &f), VALUE_EINVAL,
                 "alpha is -1, not finite and >= 0");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, NAN, 1, NA, &best, &f), VALUE_EINVAL,
                 "alpha is NaN");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, INFINITY, 1, NA, &best, &f), VALUE_EINVAL,
                 "alpha is Inf, not finite and >= 0");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, -0.5, NA, &best, &f), VALUE_EINVAL,
                 "beta is -0.5, not finite and >= 0");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, NAN, NA, &best, &f), VALUE_EINVAL,
                 "beta is NaN");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 0, 0, NA, &best, &f), VALUE_EINVAL,
                 "alpha and beta are both 0");
    assert_fails(CH(COST, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, -0.0, 0, NA, &best, &f), VALUE_EINVAL,
                 "alpha and beta are both 0");
    const double cn[NA] = {0, 60, -20}, rnan[NA] = {0, NAN, 0};
    assert_fails(CH(cn, REVENUE, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "cost[2] is -20, not finite and >= 0");
    assert_fails(CH(COST, rnan, HEALTH, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "revenue[1] is NaN");
    const double hnan[NA] = {0, 0, NAN}, hinf[NA] = {-INFINITY, 0, 0.02};
    assert_fails(CH(COST, REVENUE, hnan, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "health[2] is NaN");
    assert_fails(CH(COST, REVENUE, hinf, LATER, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "health[0] is -Inf, not finite");
    const double linf[NA] = {0, INFINITY, 0};
    assert_fails(CH(COST, REVENUE, HEALTH, linf, NA, F, 0, 0, INFINITY, 0, 1, 0, NA, &best, &f), VALUE_EINVAL,
                 "later_spending[1] is Inf, not finite");
    check_sentinel(m, NA);
    check_sentinel(u, NA);
    check_isentinel(rk, NA);
    ck_assert(best == ISENTINEL && f == SENTINEL);
}
END_TEST

static Suite *incentive_suite(void)
{
    Suite *s = suite_create("incentive");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, seeds_margins);
    tcase_add_test(tc, carve_out_margins);
    tcase_add_test(tc, margins_extremes);
    tcase_add_test(tc, seeds_choice);
    tcase_add_test(tc, carve_out_choice);
    tcase_add_test(tc, choice_extremes);
    tcase_add_test(tc, bad_margins_input);
    tcase_add_test(tc, bad_choice_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(incentive_suite());
}
