/*
 * Pseudo individual data from a published Kaplan-Meier curve: the
 * algorithm of Guyot, Ades, Ouwens & Welton, "Enhanced secondary analysis
 * of survival data: reconstructing the data from published Kaplan-Meier
 * survival curves", BMC Med Res Methodol 2012;12:9 (value.h gives the
 * steps).  Written from the paper's description.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every check is made before anything is written, and the reconstruction
 * itself cannot fail, so the outputs are written straight away.  Nothing
 * is allocated: the censoring times of an interval are evenly spaced, so
 * how many fall before a time is a formula, not a list.
 */
#include "core/internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

/* Rounds of adjusting an interval's censoring count; the paper's loop
 * usually settles in a few, and a cap keeps a host safe from a cycle. */
#define GUYOT_MAX_ROUNDS 200

/* More points or table times than any digitised figure has: a length
 * that is not one (read before any element). */
#define GUYOT_MAX_POINTS ((size_t)1 << 26)

static int check_points(size_t n, const char *name)
{
    if (n > GUYOT_MAX_POINTS)
        return value__fail(VALUE_EINVAL, "%s is %zu, more than a digitised curve has (at most %zu)", name, n,
                           GUYOT_MAX_POINTS);
    return VALUE_OK;
}

/* n_risk: whole numbers, the first >= 1, none larger than the one before. */
static int check_risk_counts(const double *n_risk, size_t m)
{
    int rc = check_points(m, "m");
    if (!rc)
        rc = value__check_array(n_risk, m, 1, "n_risk", "m");
    if (rc)
        return rc;
    for (size_t i = 0; i < m; i++) {
        if (!value__is_count(n_risk[i]))
            return value__fail_element("n_risk", i, n_risk[i], "must be a whole number >= 0");
        if (i == 0 && n_risk[0] < 1)
            return value__fail_element("n_risk", 0, n_risk[0], "must be >= 1");
        if (i > 0 && n_risk[i] > n_risk[i - 1]) {
            char prev[32], want[96];
            value__format_double(n_risk[i - 1], prev, sizeof prev);
            snprintf(want, sizeof want, "must be <= n_risk[%zu] (%s)", i - 1, prev);
            return value__fail_element("n_risk", i, n_risk[i], want);
        }
    }
    /* the rows are counted in int64 and returned through size_t */
    if (n_risk[0] > 0x1p53 || n_risk[0] > (double)SIZE_MAX)
        return value__fail_element("n_risk", 0, n_risk[0], "is too large to be a number of rows");
    return VALUE_OK;
}

int value_survival_guyot_size(const double *n_risk, size_t m, size_t *out)
{
    int rc = check_risk_counts(n_risk, m);
    if (rc)
        return rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    *out = (size_t)n_risk[0];
    return VALUE_OK;
}

/* Where the digitised points are: t[k] for k in [lower, upper] is one
 * interval of the risk table, its censoring spread over (t_lo, t_hi). */
typedef struct guyot {
    const double *t, *s;
    size_t n;
    double *out_time;
    int32_t *out_event;
    size_t rows; /* rows written so far */
} guyot;

/* The state carried from one interval to the next. */
typedef struct guyot_state {
    int64_t at_risk;   /* reconstructed number at risk */
    double km;         /* the reconstruction's KM at its last event */
    int64_t events;    /* events so far */
    int64_t censored;  /* censored so far */
} guyot_state;

/* How many of the nc censoring times t_lo + j w (j = 1..nc) are < x. */
static int64_t censored_before(double x, double t_lo, double w, int64_t nc)
{
    if (!(w > 0))
        return 0; /* all at t_lo: they go to the interval's last step */
    double q = (x - t_lo) / w;
    if (!(q > 1))
        return 0;
    double c = ceil(q) - 1;
    return c >= (double)nc ? nc : (int64_t)c;
}

static int64_t round_count(double x)
{
    return (int64_t)floor(x + 0.5);
}

/* One pass over the points lower..upper with nc censorings spread evenly
 * over (t_lo, t_hi) (steps 2-4 of the paper): at each point the events
 * d = round(n (1 - S_k / S^_last)), with S^_last the reconstruction's KM at
 * its last event, then the censorings that fall before the next point.
 * Updates *st; writes rows when g->out_time is set. */
static void run_interval(guyot *g, size_t lower, size_t upper, double t_lo, double t_hi, int64_t nc,
                         guyot_state *st, int write)
{
    double w = nc > 0 ? (t_hi - t_lo) / (double)(nc + 1) : 0;
    int64_t done = 0; /* censoring times assigned to earlier steps */
    for (size_t k = lower; k <= upper; k++) {
        int64_t n = st->at_risk;
        int64_t d = 0;
        if (n > 0 && st->km > 0) {
            double x = (double)n * (1 - g->s[k] / st->km);
            d = x > 0 ? round_count(x) : 0;
            if (d > n)
                d = n;
        }
        if (d > 0)
            st->km *= 1 - (double)d / (double)n;
        double step_end = k < upper ? g->t[k + 1] : t_hi;
        int64_t upto = k < upper ? censored_before(step_end, t_lo, w, nc) : nc;
        if (upto < done)
            upto = done;
        int64_t c = upto - done;
        if (c > n - d)
            c = n - d; /* no more censored than are left */
        if (write) {
            for (int64_t j = 0; j < d; j++) {
                g->out_time[g->rows] = g->t[k];
                g->out_event[g->rows++] = 1;
            }
            for (int64_t j = 1; j <= c; j++) {
                double tc = t_lo + (double)(done + j) * w;
                /* rounding must not carry a time outside its step, so
                 * that the rows stay in time order */
                if (tc < g->t[k])
                    tc = g->t[k];
                if (tc > step_end)
                    tc = step_end;
                g->out_time[g->rows] = tc;
                g->out_event[g->rows++] = 0;
            }
        }
        done = upto;
        st->at_risk = n - d - c;
        st->events += d;
        st->censored += c;
    }
}

static int64_t clamp_count(int64_t x, int64_t hi)
{
    return x < 0 ? 0 : x > hi ? hi : x;
}

/* Adjust nc until the interval ends with `target` (steps 5-6: n at risk at
 * the next table time, or the events of the last interval).  by_events
 * says which: with more censoring both fewer remain and fewer die.  Keeps
 * the count that came closest, the first of equals. */
static int64_t settle(guyot *g, size_t lower, size_t upper, double t_lo, double t_hi, int64_t nc,
                      const guyot_state *start, int64_t target, int by_events)
{
    int64_t best = nc, best_gap = INT64_MAX;
    for (int round = 0; round < GUYOT_MAX_ROUNDS; round++) {
        guyot_state st = *start;
        run_interval(g, lower, upper, t_lo, t_hi, nc, &st, 0);
        int64_t got = by_events ? st.events - start->events : st.at_risk;
        int64_t gap = got - target;
        int64_t size = gap < 0 ? -gap : gap;
        if (size < best_gap) {
            best_gap = size;
            best = nc;
        }
        if (gap == 0)
            break;
        int64_t next = clamp_count(nc + gap, start->at_risk);
        if (next == nc)
            break;
        nc = next;
    }
    return best;
}

int value_survival_guyot(const double *t, const double *s, size_t n, const double *t_risk, const double *n_risk,
                         size_t m, double total_events, double *out_time, int32_t *out_event, size_t out_len)
{
    int rc;
    if ((rc = check_points(n, "n")) || (rc = check_points(m, "m")))
        return rc;
    if ((rc = value__check_array(t, n, 1, "t", "n")) || (rc = value__check_array(s, n, 1, "s", "n")))
        return rc;
    if ((rc = value__check_array(t_risk, m, 1, "t_risk", "m")) || (rc = check_risk_counts(n_risk, m)))
        return rc;
    char a[32], b[32], want[160];
    for (size_t k = 0; k < n; k++) {
        if (t[k] < 0)
            return value__fail_element("t", k, t[k], "must be >= 0");
        if (k > 0 && t[k] < t[k - 1]) {
            value__format_double(t[k - 1], a, sizeof a);
            snprintf(want, sizeof want, "must be >= t[%zu] (%s): times do not decrease", k - 1, a);
            return value__fail_element("t", k, t[k], want);
        }
        if (s[k] < 0 || s[k] > 1)
            return value__fail_element("s", k, s[k], "must be in [0, 1]");
        if (k > 0 && s[k] > s[k - 1]) {
            value__format_double(s[k - 1], a, sizeof a);
            snprintf(want, sizeof want, "must be <= s[%zu] (%s): a survival curve does not rise", k - 1, a);
            return value__fail_element("s", k, s[k], want);
        }
    }
    for (size_t i = 0; i < m; i++) {
        if (t_risk[i] < 0)
            return value__fail_element("t_risk", i, t_risk[i], "must be >= 0");
        if (i > 0 && t_risk[i] <= t_risk[i - 1]) {
            value__format_double(t_risk[i - 1], a, sizeof a);
            snprintf(want, sizeof want, "must be > t_risk[%zu] (%s)", i - 1, a);
            return value__fail_element("t_risk", i, t_risk[i], want);
        }
    }
    if (t[0] < t_risk[0]) {
        value__format_double(t_risk[0], a, sizeof a);
        snprintf(want, sizeof want, "must be >= t_risk[0] (%s), where the risk table starts", a);
        return value__fail_element("t", 0, t[0], want);
    }
    /* each interval of the table needs a point: lower[i] is its first */
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        while (k < n && t[k] < t_risk[i])
            k++;
        int none = k == n || (i + 1 < m && t[k] >= t_risk[i + 1]);
        if (none) {
            value__format_double(t_risk[i], a, sizeof a);
            if (i + 1 < m) {
                value__format_double(t_risk[i + 1], b, sizeof b);
                snprintf(want, sizeof want, "has no point of t from it to t_risk[%zu] (%s)", i + 1, b);
            } else {
                value__format_double(t[n - 1], b, sizeof b);
                snprintf(want, sizeof want, "must be <= t[%zu] (%s), the last point", n - 1, b);
            }
            return value__fail_element("t_risk", i, t_risk[i], want);
        }
    }
    if (!isnan(total_events) && (!value__is_count(total_events) || total_events > n_risk[0])) {
        value__format_double(n_risk[0], a, sizeof a);
        snprintf(want, sizeof want, "must be a whole number >= 0 and <= n_risk[0] (%s), or NaN when not reported",
                 a);
        return value__fail_value("total_events", total_events, want);
    }
    if ((rc = value__check_ptr(out_time, "out_time")) || (rc = value__check_ptr(out_event, "out_event")))
        return rc;
    if ((rc = value__check_length("out_len", out_len, (size_t)n_risk[0], "n_risk[0]")))
        return rc;

    guyot g = {t, s, n, out_time, out_event, 0};
    guyot_state st = {(int64_t)n_risk[0], 1.0, 0, 0};
    size_t lower = 0, first_lower = 0, prev_upper = 0;
    while (lower < n && t[lower] < t_risk[0])
        lower++;
    first_lower = lower;
    for (size_t i = 0; i < m; i++) {
        size_t next = lower;
        if (i + 1 < m) {
            while (next < n && t[next] < t_risk[i + 1])
                next++;
        } else {
            next = n;
        }
        size_t upper = next - 1;
        double t_lo = t[lower], t_hi = i + 1 < m ? t[next] : t[n - 1];
        int64_t nc;
        if (i + 1 < m) {
            /* step 1: the censored if S fell as the table's count did */
            int64_t target = (int64_t)n_risk[i + 1];
            double guess = s[lower] > 0 ? (double)st.at_risk * s[next] / s[lower] - (double)target : 0;
            nc = clamp_count(guess > 0 ? round_count(guess) : 0, st.at_risk);
            nc = settle(&g, lower, upper, t_lo, t_hi, nc, &st, target, 0);
        } else {
            /* the last interval has no count at its end: censor at the
             * rate of the intervals before, per unit of time */
            double span = t[prev_upper] - t[first_lower];
            double guess = 0;
            if (i > 0 && span > 0)
                guess = (double)st.censored * (t[n - 1] - t[lower]) / span;
            nc = clamp_count(round_count(guess), st.at_risk);
            if (!isnan(total_events)) /* or as many as make the total */
                nc = settle(&g, lower, upper, t_lo, t_hi, nc, &st, (int64_t)total_events - st.events, 1);
        }
        run_interval(&g, lower, upper, t_lo, t_hi, nc, &st, 1);
        prev_upper = upper;
        lower = next;
    }
    /* those still at risk after the last point are censored there */
    for (int64_t j = 0; j < st.at_risk; j++) {
        out_time[g.rows] = t[n - 1];
        out_event[g.rows++] = 0;
    }
    return VALUE_OK;
}
