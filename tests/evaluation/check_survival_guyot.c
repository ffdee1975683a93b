/* Pseudo individual data from a published Kaplan-Meier curve (Guyot et al.
 * 2012, BMC Med Res Methodol 12:9).
 * - a hand-worked case: the paper's steps carried out by hand below, each
 *   row of the result written out;
 * - recovery: a data set drawn from a fixed seed with the project's
 *   sampler, its Kaplan-Meier curve computed here by the textbook product
 *   limit (not the library's), read at its steps as a digitiser would, plus
 *   a numbers-at-risk table every 5 time units; the reconstruction's own KM
 *   is compared with the original at every point, the events counted, and
 *   the exponential rate (events / total time) refitted;
 * - bad input.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdlib.h>

/* ---- a textbook Kaplan-Meier, written for this test --------------------- */

typedef struct {
    double time;
    int event;
} row;

static int by_time(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return y->event - x->event; /* events before censorings at one time */
}

/* S(t) of rows r[0..n) (sorted): the product over event times u <= t of
 * 1 - d(u)/n(u), n(u) the rows with time >= u. */
static double km_at(const row *r, size_t n, double t)
{
    double s = 1;
    size_t i = 0;
    while (i < n && r[i].time <= t) {
        size_t j = i, d = 0;
        while (j < n && r[j].time == r[i].time)
            d += (size_t)r[j++].event;
        if (d > 0)
            s *= 1 - (double)d / (double)(n - i);
        i = j;
    }
    return s;
}

static size_t at_risk(const row *r, size_t n, double t)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += r[i].time >= t;
    return c;
}

/* ---- the hand-worked case ------------------------------------------------ */

/* Points (0, 1), (1, 0.8), (3, 0.6), (4, 0.45); table: 10 at risk at 0, 7 at
 * 2.  Interval [0, 2) has points 0 and 1; the next interval starts at point
 * 2 (t = 3).
 *  step 1: c = round(10 * 0.6 / 1 - 7) = round(-1) -> 0.
 *  pass c = 0: point 0: d = round(10 (1 - 1/1)) = 0; point 1: d = round(10
 *    (1 - 0.8/1)) = 2, KM^ = 0.8; 8 at risk at the end, want 7: c = 0 + 1.
 *  pass c = 1: one censoring at 0 + 1 (3 - 0)/2 = 1.5, in the step of point
 *    1 (before t = 3); 10 - 2 - 1 = 7 at risk: matched.
 * Last interval [2, ...): points 2 and 3.  Without total_events the
 * censoring rate of the earlier intervals: 1 censored over t[1] - t[0] = 1,
 * times the last interval's length t[3] - t[2] = 1: c = 1, at 3 + 1/2 = 3.5.
 *  point 2: d = round(7 (1 - 0.6/0.8)) = round(1.75) = 2, KM^ = 0.8 * 5/7;
 *    then the censoring at 3.5 (before t = 4): 4 at risk;
 *  point 3: d = round(4 (1 - 0.45 / (4/7))) = round(0.85) = 1: 3 at risk,
 *    censored at t = 4.
 * Rows: 1 1 | 1 1 | 1.5 0 | 3 1 | 3 1 | 3.5 0 | 4 1 | 4 0 | 4 0 | 4 0. */
static const double T[] = {0, 1, 3, 4}, S[] = {1, 0.8, 0.6, 0.45};
static const double TR[] = {0, 2}, NR[] = {10, 7};

START_TEST(hand_worked)
{
    size_t rows;
    assert_ok(value_survival_guyot_size(NR, 2, &rows));
    ck_assert_uint_eq(rows, 10);
    double time[10];
    int32_t event[10];
    assert_ok(value_survival_guyot(T, S, 4, TR, NR, 2, NAN, time, event, 10));
    const double want_t[10] = {1, 1, 1.5, 3, 3, 3.5, 4, 4, 4, 4};
    const int32_t want_e[10] = {1, 1, 0, 1, 1, 0, 1, 0, 0, 0};
    for (int i = 0; i < 10; i++) {
        assert_rel(time[i], want_t[i], 1e-15);
        ck_assert_int_eq(event[i], want_e[i]);
    }
    /* With 4 events reported in all: the last interval needs 4 - 2 = 2.
     *  c = 1 (as above) gives 3: c = 1 + 1 = 2, at 3 + 1/3 and 3 + 2/3:
     *    point 2: d = 2, then both censored (before 4): 3 at risk; point 3:
     *    d = round(3 * 0.2125) = round(0.6375) = 1: 3 events, c = 2 + 1 = 3;
     *  c = 3, at 3.25, 3.5, 3.75: point 2: d = 2, 3 censored, 2 at risk;
     *    point 3: d = round(2 * 0.2125) = round(0.425) = 0: 2 events, matched.
     * Rows: 1 1 | 1 1 | 1.5 0 | 3 1 | 3 1 | 3.25 0 | 3.5 0 | 3.75 0 | 4 0 | 4 0. */
    assert_ok(value_survival_guyot(T, S, 4, TR, NR, 2, 4, time, event, 10));
    const double want_t4[10] = {1, 1, 1.5, 3, 3, 3.25, 3.5, 3.75, 4, 4};
    const int32_t want_e4[10] = {1, 1, 0, 1, 1, 0, 0, 0, 0, 0};
    for (int i = 0; i < 10; i++) {
        assert_rel(time[i], want_t4[i], 1e-15);
        ck_assert_int_eq(event[i], want_e4[i]);
    }
    /* One table time: no rate to carry, so no censoring before the end.
     *  point 0: d = 0; point 1: d = 2, KM^ 0.8; point 2: d = round(8 * 0.25)
     *  = 2, KM^ 0.6; point 3: d = round(6 (1 - 0.45/0.6)) = round(1.5) = 2
     *  (half away from zero); 4 censored at 4. */
    assert_ok(value_survival_guyot(T, S, 4, TR, NR, 1, NAN, time, event, 10));
    const double want_t1[10] = {1, 1, 3, 3, 4, 4, 4, 4, 4, 4};
    const int32_t want_e1[10] = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
    for (int i = 0; i < 10; i++) {
        assert_rel(time[i], want_t1[i], 1e-15);
        ck_assert_int_eq(event[i], want_e1[i]);
    }
}
END_TEST

/* ---- recovery of a known data set ---------------------------------------- */

#define N_PAT 200

/* 200 patients, event times exponential with rate 0.1 (inverse of a
 * uniform), censoring uniform on (0, 30), seed 2012 of the sampler. */
static void make_data(row *r)
{
    value_sampler *sm = NULL;
    size_t col;
    assert_ok(value_sampler_new(&sm));
    assert_ok(value_sampler_add(sm, "u", VALUE_SAMPLER_UNIFORM, 0, 1, 0, 0, &col));
    assert_ok(value_sampler_add(sm, "cens", VALUE_SAMPLER_UNIFORM, 0, 30, 0, 0, &col));
    double draws[2 * N_PAT];
    assert_ok(value_sampler_draw(sm, 2012, N_PAT, draws, 2 * N_PAT));
    value_sampler_free(sm);
    for (size_t i = 0; i < N_PAT; i++) {
        double te = -log(draws[2 * i]) / 0.1, tc = draws[2 * i + 1];
        r[i].time = te <= tc ? te : tc;
        r[i].event = te <= tc;
    }
    qsort(r, N_PAT, sizeof *r, by_time);
}

static void recover(int with_total, double tail_tol, double rate_tol)
{
    row r[N_PAT];
    make_data(r);
    /* the digitiser: (0, 1), the bottom of every step, and the curve at each
     * table time up to the last event (to the reader of a figure, the start
     * of every interval is a point) */
    double t[2 * N_PAT + 16], s[2 * N_PAT + 16], tr[16], nr[16];
    size_t n = 0, m = 0, events = 0;
    double last_event = 0, total_time = 0;
    for (size_t i = 0; i < N_PAT; i++) {
        total_time += r[i].time;
        if (r[i].event) {
            events++;
            last_event = r[i].time;
        }
    }
    for (double u = 0; u <= last_event; u += 5) {
        tr[m] = u;
        nr[m++] = (double)at_risk(r, N_PAT, u);
    }
    t[n] = 0, s[n++] = 1;
    size_t next_table = 1;
    for (size_t i = 0; i < N_PAT; i++) {
        if (!r[i].event || (i + 1 < N_PAT && r[i + 1].time == r[i].time && r[i + 1].event))
            continue;
        while (next_table < m && tr[next_table] <= r[i].time) {
            t[n] = tr[next_table], s[n] = km_at(r, N_PAT, tr[next_table]);
            n++, next_table++;
        }
        t[n] = r[i].time, s[n] = km_at(r, N_PAT, r[i].time);
        n++;
    }
    ck_assert_uint_eq(nr[0], N_PAT);
    ck_assert_uint_ge(m, 5); /* intervals of the table: at least 0..20 */

    double time[N_PAT];
    int32_t event[N_PAT];
    double total_events = with_total ? (double)events : NAN;
    assert_ok(value_survival_guyot(t, s, n, tr, nr, m, total_events, time, event, N_PAT));
    row p[N_PAT];
    size_t p_events = 0;
    double p_time = 0;
    for (size_t i = 0; i < N_PAT; i++) {
        ck_assert(i == 0 || time[i] >= time[i - 1]);
        p[i].time = time[i], p[i].event = event[i];
        p_events += (size_t)event[i];
        p_time += time[i];
    }
    qsort(p, N_PAT, sizeof *p, by_time);
    /* up to t = 20 (at least 17 at risk) and, with the total, to the end */
    double worst = 0, worst_tail = 0;
    for (size_t k = 0; k < n; k++) {
        double gap = fabs(km_at(p, N_PAT, t[k]) - s[k]);
        if (t[k] <= 20)
            worst = gap > worst ? gap : worst;
        else if (with_total || t[k] < tr[m - 1])
            worst_tail = gap > worst_tail ? gap : worst_tail;
    }
    ck_assert_msg(worst <= 0.004, "largest |S^ - S| to t = 20 is %g, want <= 0.004", worst);
    ck_assert_msg(worst_tail <= tail_tol, "largest |S^ - S| after t = 20 is %g, want <= %g", worst_tail, tail_tol);
    if (with_total)
        ck_assert_uint_eq(p_events, events);
    else
        ck_assert_msg(labs((long)p_events - (long)events) <= 2, "%zu events, want %zu +- 2", p_events, events);
    /* the numbers at risk of the table are met */
    for (size_t i = 0; i < m; i++)
        ck_assert_uint_eq(at_risk(p, N_PAT, tr[i]), nr[i]);
    double rate = (double)events / total_time, p_rate = (double)p_events / p_time;
    assert_rel(p_rate, rate, rate_tol);
}

/* 136 events among the 200; the table has 6 times (0 to 25), the curve 142
 * points.  The paper reports near-exact recovery from exact inputs; here
 * the only inexact input is where the censorings were, spread evenly over
 * each interval instead, which moves the numbers at risk between table
 * times by a patient or two and so, where few are left, an event from one
 * step to the next.  Seen (this seed): up to t = 20, |S^ - S| < 0.004
 * (one patient of 200 is 0.005) and the numbers at risk of the table met
 * exactly, with or without the total.  After t = 20, with 17 or fewer at
 * risk and one event a step of 0.01 to 0.03: with the total, at most
 * 0.0113, the events exactly 136 and the rate 136 / total time 0.34% off;
 * without it the last interval is censored at the earlier rate, too
 * little here: before t = 25, 0.0113; 134 events; the rate 1.7% off.
 * Tolerances: 0.004 to t = 20, 0.012 after (just over one event with 12
 * at risk at S = 0.13), the rate 0.5% and 2%. */
START_TEST(recovers_known_data)
{
    recover(1, 0.012, 0.005);
    recover(0, 0.012, 0.02);
}
END_TEST

/* ---- bad input ------------------------------------------------------------ */

START_TEST(bad_input)
{
    double time[10], keep[10];
    int32_t event[10];
    for (int i = 0; i < 10; i++)
        time[i] = keep[i] = -7, event[i] = -7;
    double nan_t[] = {0, NAN, 3, 4}, inf_s[] = {1, INFINITY, 0.6, 0.45};
    assert_fails(value_survival_guyot(nan_t, S, 4, TR, NR, 2, NAN, time, event, 10), VALUE_EINVAL, "t[1] is NaN");
    assert_fails(value_survival_guyot(T, inf_s, 4, TR, NR, 2, NAN, time, event, 10), VALUE_EINVAL, "s[1] is Inf");
    double s_big[] = {1.2, 0.8, 0.6, 0.45}, s_neg[] = {1, 0.8, 0.6, -0.1}, s_up[] = {1, 0.8, 0.85, 0.45};
    assert_fails(value_survival_guyot(T, s_big, 4, TR, NR, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "s[0] is 1.2, must be in [0, 1]");
    assert_fails(value_survival_guyot(T, s_neg, 4, TR, NR, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "s[3] is -0.1, must be in [0, 1]");
    assert_fails(value_survival_guyot(T, s_up, 4, TR, NR, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "s[2] is 0.85, must be <= s[1] (0.8)");
    double t_down[] = {0, 1, 0.5, 4}, t_neg[] = {-1, 1, 3, 4};
    assert_fails(value_survival_guyot(t_down, S, 4, TR, NR, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "t[2] is 0.5, must be >= t[1] (1)");
    assert_fails(value_survival_guyot(t_neg, S, 4, TR, NR, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "t[0] is -1, must be >= 0");
    double nr_up[] = {10, 11}, nr_neg[] = {10, -1}, nr_half[] = {10, 6.5}, nr_zero[] = {0, 0};
    assert_fails(value_survival_guyot(T, S, 4, TR, nr_up, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "n_risk[1] is 11, must be <= n_risk[0] (10)");
    assert_fails(value_survival_guyot(T, S, 4, TR, nr_neg, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "n_risk[1] is -1, must be a whole number >= 0");
    assert_fails(value_survival_guyot(T, S, 4, TR, nr_half, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "n_risk[1] is 6.5");
    assert_fails(value_survival_guyot(T, S, 4, TR, nr_zero, 2, NAN, time, event, 0), VALUE_EINVAL,
                 "n_risk[0] is 0, must be >= 1");
    double tr_down[] = {2, 2}, tr_gap[] = {0, 1.5, 2}, nr3[] = {10, 8, 7}, tr_late[] = {0, 5};
    assert_fails(value_survival_guyot(T, S, 4, tr_down, NR, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "t_risk[1] is 2, must be > t_risk[0] (2)");
    /* [1.5, 2) holds no point */
    assert_fails(value_survival_guyot(T, S, 4, tr_gap, nr3, 3, NAN, time, event, 10), VALUE_EINVAL,
                 "t_risk[1] is 1.5, has no point of t from it to t_risk[2] (2)");
    assert_fails(value_survival_guyot(T, S, 4, tr_late, NR, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "t_risk[1] is 5, must be <= t[3] (4), the last point");
    double tr_after[] = {0.5, 2};
    assert_fails(value_survival_guyot(T, S, 4, tr_after, NR, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "t[0] is 0, must be >= t_risk[0] (0.5)");
    /* no points, no table, NULLs, mismatched output length */
    assert_fails(value_survival_guyot(T, S, 0, TR, NR, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "n must be at least 1, got 0");
    assert_fails(value_survival_guyot(T, S, 4, TR, NR, 0, NAN, time, event, 10), VALUE_EINVAL,
                 "m must be at least 1, got 0");
    assert_fails(value_survival_guyot(NULL, S, 4, TR, NR, 2, NAN, time, event, 10), VALUE_EINVAL, "t is NULL");
    assert_fails(value_survival_guyot(T, S, 4, TR, NULL, 2, NAN, time, event, 10), VALUE_EINVAL,
                 "n_risk is NULL");
    assert_fails(value_survival_guyot(T, S, 4, TR, NR, 2, NAN, NULL, event, 10), VALUE_EINVAL,
                 "out_time is NULL");
    assert_fails(value_survival_guyot(T, S, 4, TR, NR, 2, NAN, time, event, 9), VALUE_EINVAL,
                 "out_len must be 10 (n_risk[0]), got 9");
    /* total events: whole, within n_risk[0]; NaN means not reported */
    assert_fails(value_survival_guyot(T, S, 4, TR, NR, 2, 11, time, event, 10), VALUE_EINVAL,
                 "total_events is 11, must be a whole number >= 0 and <= n_risk[0] (10)");
    assert_fails(value_survival_guyot(T, S, 4, TR, NR, 2, 2.5, time, event, 10), VALUE_EINVAL,
                 "total_events is 2.5");
    assert_fails(value_survival_guyot(T, S, 4, TR, NR, 2, INFINITY, time, event, 10), VALUE_EINVAL,
                 "total_events is Inf");
    assert_fails(value_survival_guyot(T, S, 4, TR, NR, 2, -1, time, event, 10), VALUE_EINVAL,
                 "total_events is -1");
    /* a failed call wrote nothing */
    for (int i = 0; i < 10; i++) {
        ck_assert(time[i] == keep[i]);
        ck_assert_int_eq(event[i], -7);
    }
    size_t rows = 99;
    assert_fails(value_survival_guyot_size(nr_up, 2, &rows), VALUE_EINVAL, "n_risk[1] is 11");
    assert_fails(value_survival_guyot_size(NR, 0, &rows), VALUE_EINVAL, "m must be at least 1, got 0");
    assert_fails(value_survival_guyot_size(NR, 2, NULL), VALUE_EINVAL, "out is NULL");
    ck_assert_uint_eq(rows, 99);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("survival_guyot");
    TCase *tc = tcase_create("survival_guyot");
    tcase_add_test(tc, hand_worked);
    tcase_add_test(tc, recovers_known_data);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
