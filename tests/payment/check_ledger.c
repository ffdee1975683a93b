/* Contract ledgers: exact accumulation, merging in any order, serialization
 * (round trip, corrupted, truncated and wrong-version buffers) and bad input.
 * Totals are checked against hand sums written in the comments.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct tot {
    double n, mm, rmm, rs, cost, above, below;
} tot;

static tot totals(const value_ledger *l, size_t k)
{
    tot t;
    assert_ok(value_ledger_totals(l, k, &t.n, &t.mm, &t.rmm, &t.rs, &t.cost, &t.above, &t.below));
    return t;
}

/* Serialized bytes of a ledger (malloc'd); *len set. */
static uint8_t *bytes_of(const value_ledger *l, size_t *len)
{
    assert_ok(value_ledger_serialized_size(l, len));
    uint8_t *b = malloc(*len);
    ck_assert(b != NULL);
    assert_ok(value_ledger_serialize(l, b, *len));
    return b;
}

static bool same_ledger(const value_ledger *a, const value_ledger *b)
{
    size_t na, nb;
    uint8_t *x = bytes_of(a, &na), *y = bytes_of(b, &nb);
    bool same = na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

/* Hand sums.  Contract 0, bounds [0, 100000]: costs 1000.25, 2000.50 and
 * 150000 (50000 above), risk 1.2, 0.8, 2.5, member-months 12, 6, 12:
 * cost 153000.75, above 50000, mm 30, risk sum 4.5, risk x mm
 * 14.4 + 4.8 + 30 = 49.2.  Contract 1, bounds [500, Inf): costs 100 and
 * 800, risk 1 and 1, mm 1 and 1: cost 900, below 400. */
START_TEST(hand_totals)
{
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(2, &l));
    const double lo[2] = {0, 500}, hi[2] = {100000, INFINITY};
    assert_ok(value_ledger_set_bounds(l, lo, hi, 2));
    const int32_t k[5] = {0, 1, 0, 0, 1};
    const double c[5] = {1000.25, 100, 2000.50, 150000, 800}, r[5] = {1.2, 1, 0.8, 2.5, 1}, m[5] = {12, 1, 6, 12, 1};
    assert_ok(value_ledger_add(l, k, c, r, m, 5));
    tot t = totals(l, 0);
    ck_assert(t.n == 3 && t.cost == 153000.75 && t.above == 50000 && t.below == 0 && t.mm == 30);
    assert_rel(t.rs, 4.5, 1e-7);   /* each amount is rounded to 2^-24 */
    assert_rel(t.rmm, 49.2, 1e-7);
    t = totals(l, 1);
    ck_assert(t.n == 2 && t.cost == 900 && t.below == 400 && t.above == 0 && t.mm == 2 && t.rmm == 2);
    size_t nc = 0;
    assert_ok(value_ledger_contracts(l, &nc));
    ck_assert_uint_eq(nc, 2);
    value_ledger_free(l);
}
END_TEST

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return rng_state >> 11;
}
static double unif(void)
{
    return (double)rnd() / 9007199254740992.0;
}

#define NREC 20000
#define NCON 7

/* Random splits merged in random orders (some parts passing through
 * bytes) equal the one-pass ledger bit for bit. */
START_TEST(merge_any_order_exact)
{
    static int32_t k[NREC];
    static double c[NREC], r[NREC], m[NREC];
    rng_state = 42;
    for (int i = 0; i < NREC; i++) {
        k[i] = (int32_t)(rnd() % NCON);
        /* costs with awkward fractions and a heavy tail */
        c[i] = unif() < 0.01 ? 1e6 * unif() : 5000 * unif() * unif();
        r[i] = 3 * unif();
        m[i] = 1 + (double)(rnd() % 12);
    }
    double lo[NCON], hi[NCON];
    for (int j = 0; j < NCON; j++) {
        lo[j] = j % 2 ? 10.125 : 0;
        hi[j] = j % 3 ? 4000.5 : INFINITY;
    }
    value_ledger *one = NULL;
    assert_ok(value_ledger_new(NCON, &one));
    assert_ok(value_ledger_set_bounds(one, lo, hi, NCON));
    assert_ok(value_ledger_add(one, k, c, r, m, NREC));

    for (int trial = 0; trial < 20; trial++) {
        int parts = 2 + (int)(rnd() % 9);
        value_ledger *p[10];
        for (int j = 0; j < parts; j++) {
            assert_ok(value_ledger_new(NCON, &p[j]));
            assert_ok(value_ledger_set_bounds(p[j], lo, hi, NCON));
        }
        /* each record to a random part, added in chunks of random size */
        int i = 0;
        while (i < NREC) {
            int len = 1 + (int)(rnd() % 500), j = (int)(rnd() % (uint64_t)parts);
            if (i + len > NREC)
                len = NREC - i;
            assert_ok(value_ledger_add(p[j], k + i, c + i, r + i, m + i, (size_t)len));
            i += len;
        }
        /* merge in a random order, sometimes through bytes */
        int order[10];
        for (int j = 0; j < parts; j++)
            order[j] = j;
        for (int j = parts - 1; j > 0; j--) {
            int x = (int)(rnd() % (uint64_t)(j + 1)), tmp = order[j];
            order[j] = order[x];
            order[x] = tmp;
        }
        value_ledger *acc = p[order[0]];
        for (int j = 1; j < parts; j++) {
            value_ledger *from = p[order[j]];
            if (rnd() % 2) {
                size_t len;
                uint8_t *b = bytes_of(from, &len);
                value_ledger *copy = NULL;
                assert_ok(value_ledger_deserialize(b, len, &copy));
                free(b);
                assert_ok(value_ledger_merge(copy, acc));
                value_ledger *old = acc;
                acc = copy;
                value_ledger_free(old);
                value_ledger_free(from);
            } else {
                assert_ok(value_ledger_merge(acc, from));
                value_ledger_free(from);
            }
        }
        ck_assert(same_ledger(acc, one));
        for (int j = 0; j < NCON; j++) {
            tot a = totals(acc, (size_t)j), b = totals(one, (size_t)j);
            ck_assert(a.n == b.n && a.mm == b.mm && a.rmm == b.rmm && a.rs == b.rs && a.cost == b.cost &&
                      a.above == b.above && a.below == b.below);
        }
        value_ledger_free(acc);
    }
    /* and the totals agree with a long-double sum to the rounding of 2^-24 per record */
    long double sum0 = 0;
    for (int i = 0; i < NREC; i++)
        if (k[i] == 0)
            sum0 += c[i];
    tot t0 = totals(one, 0);
    ck_assert(fabsl((long double)t0.cost - sum0) <= NREC * 0x1p-25 + 1e-9L * sum0);
    value_ledger_free(one);
}
END_TEST

static value_ledger *small_ledger(void)
{
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(3, &l));
    const int32_t k[4] = {0, 2, 2, 1};
    const double c[4] = {10.5, 20, 30.25, 0}, r[4] = {1, 1.5, 0.5, 2}, m[4] = {12, 12, 3, 1};
    assert_ok(value_ledger_add(l, k, c, r, m, 4));
    return l;
}

START_TEST(serialize_round_trip)
{
    value_ledger *l = small_ledger(), *back = NULL;
    size_t len;
    uint8_t *b = bytes_of(l, &len);
    ck_assert_uint_eq(len, 24 + 136 * 3 + 8);
    ck_assert(memcmp(b, "LVLEDGER", 8) == 0);
    ck_assert(b[8] == 1 && b[9] == 0 && b[16] == 3); /* version 1, 3 contracts, little-endian */
    assert_ok(value_ledger_deserialize(b, len, &back));
    ck_assert(same_ledger(l, back));
    tot t = totals(back, 2);
    ck_assert(t.n == 2 && t.cost == 50.25 && t.mm == 15 && t.rmm == 19.5); /* 1.5 x 12 + 0.5 x 3 */
    free(b);
    value_ledger_free(l);
    value_ledger_free(back);
}
END_TEST

/* Every single flipped byte, every truncation and an extra byte are refused. */
START_TEST(corrupted_and_truncated)
{
    value_ledger *l = small_ledger(), *back = (value_ledger *)0x1;
    size_t len;
    uint8_t *b = bytes_of(l, &len);
    for (size_t i = 0; i < len; i++) {
        b[i] ^= 0x10;
        int rc = value_ledger_deserialize(b, len, &back);
        ck_assert_msg(rc == VALUE_EPARSE, "flipped byte %zu accepted", i);
        if (i >= 24 && i < len - 8)
            ck_assert_msg(strstr(value_errmsg(), "corrupted ledger: checksum") != NULL, "%s", value_errmsg());
        b[i] ^= 0x10;
    }
    assert_fails(value_ledger_deserialize(b, 5, &back), VALUE_EPARSE, "not a ledger: 5 bytes");
    for (size_t n = 32; n < len; n++)
        assert_fails(value_ledger_deserialize(b, n, &back), VALUE_EPARSE, "truncated ledger: ");
    assert_fails(value_ledger_deserialize(b, len - 1, &back), VALUE_EPARSE,
                 "truncated ledger: 439 bytes, 440 expected for 3 contracts");
    uint8_t *longer = calloc(len + 1, 1);
    memcpy(longer, b, len);
    assert_fails(value_ledger_deserialize(longer, len + 1, &back), VALUE_EPARSE, "followed by 1 extra bytes");
    b[0] = 'X';
    assert_fails(value_ledger_deserialize(b, len, &back), VALUE_EPARSE, "do not start with \"LVLEDGER\"");
    ck_assert(back == (value_ledger *)0x1); /* untouched */
    free(longer);
    free(b);
    value_ledger_free(l);
}
END_TEST

/* A buffer of version 2 with a valid checksum is refused by its version. */
START_TEST(wrong_version)
{
    value_ledger *l = small_ledger(), *back = NULL;
    size_t len;
    uint8_t *b = bytes_of(l, &len);
    b[8] = 2;
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a 64 of the bytes before the checksum */
    for (size_t i = 0; i < len - 8; i++) {
        h ^= b[i];
        h *= 0x100000001b3u;
    }
    for (int j = 0; j < 8; j++)
        b[len - 8 + j] = (uint8_t)(h >> (8 * j));
    assert_fails(value_ledger_deserialize(b, len, &back), VALUE_EPARSE,
                 "ledger format version 2 is not supported (this library reads version 1)");
    ck_assert(back == NULL);
    free(b);
    value_ledger_free(l);
}
END_TEST

/* A failed add changes nothing, wherever the bad record is. */
START_TEST(failed_add_changes_nothing)
{
    value_ledger *l = small_ledger(), *ref = small_ledger();
    const int32_t k[4] = {0, 1, 2, 0};
    double c[4] = {1, 2, 3, 4}, r[4] = {1, 1, 1, 1}, m[4] = {1, 1, 1, 1};
    c[3] = NAN;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "cost[3] is NaN");
    c[3] = -0.01;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "cost[3] is -0.01, must be finite, >= 0");
    c[3] = INFINITY;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "cost[3] is Inf");
    c[3] = 2e11;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "cost[3] is 200000000000, must be finite, >= 0 and at most 1e11");
    c[3] = 4;
    m[2] = 0;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "member_months[2] is 0, must be > 0");
    m[2] = -1;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "member_months[2] is -1");
    m[2] = 1;
    r[1] = NAN;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "risk_score[1] is NaN");
    r[1] = -1;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "risk_score[1] is -1");
    r[1] = 1;
    const int32_t bad[4] = {0, 1, 2, 3};
    assert_fails(value_ledger_add(l, bad, c, r, m, 4), VALUE_EINVAL, "contract[3] is 3, must be in [0, 3)");
    const int32_t neg[4] = {0, -1, 2, 0};
    assert_fails(value_ledger_add(l, neg, c, r, m, 4), VALUE_EINVAL, "contract[1] is -1");
    ck_assert(same_ledger(l, ref));
    assert_ok(value_ledger_add(l, k, c, r, m, 0)); /* empty: fine */
    ck_assert(same_ledger(l, ref));
    value_ledger_free(l);
    value_ledger_free(ref);
}
END_TEST

/* Records at the largest amounts wrap a contract's 64-bit partial sums
 * past 2^64 many times over (1e11 x 2^24 is about 1.68e18, so every 11
 * records or so a carry goes to the 128-bit totals): 1,000 records of cost 1e11,
 * risk score 1e4 and member-months 1e6 (risk x mm 1e10).  Hand totals: cost 1,000 x 1e11 = 1e14; member-months 1,000 x 1e6 = 1e9;
 * risk 1,000 x 1e4 = 1e7; risk x mm 1,000 x 1e10 = 1e13; all exact in
 * 2^-24 units and in doubles.  Then a call whose last record is invalid
 * must leave every total as it was (the undo after folding). */
START_TEST(large_amounts_fold_exactly)
{
    enum { N = 1000 };
    static int32_t k[N + 1];
    static double c[N + 1], r[N + 1], m[N + 1];
    for (int i = 0; i <= N; i++) {
        k[i] = 0;
        c[i] = 1e11;
        r[i] = 1e4;
        m[i] = 1e6; /* r x m = 1e10 <= 1e11 */
    }
    value_ledger *l = NULL, *copy = NULL;
    assert_ok(value_ledger_new(1, &l));
    assert_ok(value_ledger_add(l, k, c, r, m, N));
    double n, mm, rmm, rs, cost, above, below;
    assert_ok(value_ledger_totals(l, 0, &n, &mm, &rmm, &rs, &cost, &above, &below));
    ck_assert(n == N && cost == 1e14 && mm == 1e9 && rs == 1e7 && rmm == 1e13 && above == 0 && below == 0);
    size_t len;
    assert_ok(value_ledger_serialized_size(l, &len));
    uint8_t *bytes = malloc(len);
    ck_assert_ptr_nonnull(bytes);
    assert_ok(value_ledger_serialize(l, bytes, len));
    c[N] = NAN; /* the last record is invalid: the call changes nothing */
    assert_fails(value_ledger_add(l, k, c, r, m, N + 1), VALUE_EINVAL, "cost[1000] is NaN");
    uint8_t *again = malloc(len);
    ck_assert_ptr_nonnull(again);
    assert_ok(value_ledger_serialize(l, again, len));
    ck_assert(memcmp(bytes, again, len) == 0);
    /* merged halves give the same bytes */
    value_ledger *a = NULL, *b = NULL;
    assert_ok(value_ledger_new(1, &a));
    assert_ok(value_ledger_new(1, &b));
    assert_ok(value_ledger_add(a, k, c, r, m, 333));
    assert_ok(value_ledger_add(b, k + 333, c + 333, r + 333, m + 333, N - 333));
    assert_ok(value_ledger_merge(a, b));
    assert_ok(value_ledger_serialize(a, again, len));
    ck_assert(memcmp(bytes, again, len) == 0);
    assert_ok(value_ledger_deserialize(bytes, len, &copy));
    assert_ok(value_ledger_totals(copy, 0, &n, &mm, &rmm, &rs, &cost, &above, &below));
    ck_assert(n == N && cost == 1e14 && rmm == 1e13);
    free(bytes);
    free(again);
    value_ledger_free(a);
    value_ledger_free(b);
    value_ledger_free(copy);
    value_ledger_free(l);
}
END_TEST

/* Threads split a call's records and change nothing: 300,000 records of
 * 50 contracts with bounds (parts above and below) added on 2, 3 and 4
 * threads (each thread takes at least 65,536: 4 at most here) give the
 * one-thread ledger byte for byte, also when added to a ledger that
 * already has records.  Then invalid records in two threads' shares: the
 * message names the first, as on one thread, and the ledger is unchanged. */
#define TH_N 300000
#define TH_K 50

START_TEST(threads_change_nothing)
{
    static int32_t k[TH_N];
    static double c[TH_N], r[TH_N], m[TH_N];
    rng_state = 7;
    for (int i = 0; i < TH_N; i++) {
        k[i] = (int32_t)(rnd() % TH_K);
        c[i] = unif() < 0.02 ? 2e5 * unif() : 8000 * unif() * unif();
        r[i] = 2.5 * unif();
        m[i] = 1 + (double)(rnd() % 12);
    }
    double lo[TH_K], hi[TH_K];
    for (int j = 0; j < TH_K; j++) {
        lo[j] = j % 2 ? 25.5 : 0;
        hi[j] = j % 3 ? 50000 : INFINITY;
    }
    value_ledger *one = NULL;
    assert_ok(value_ledger_new(TH_K, &one));
    assert_ok(value_ledger_set_bounds(one, lo, hi, TH_K));
    assert_ok(value_ledger_add(one, k, c, r, m, 1000));
    assert_ok(value_ledger_add(one, k, c, r, m, TH_N));
    for (size_t threads = 2; threads <= 4; threads++) {
        value_ledger *l = NULL;
        assert_ok(value_ledger_new(TH_K, &l));
        assert_ok(value_ledger_set_bounds(l, lo, hi, TH_K));
        assert_ok(value_ledger_set_threads(l, threads));
        assert_ok(value_ledger_add(l, k, c, r, m, 1000)); /* too few for threads */
        assert_ok(value_ledger_add(l, k, c, r, m, TH_N));
        ck_assert_msg(same_ledger(l, one), "%zu threads", threads);

        size_t len;
        uint8_t *before = bytes_of(l, &len);
        double keep_c = c[250000], keep_m = m[100];
        c[250000] = -3; /* in the last share */
        assert_fails(value_ledger_add(l, k, c, r, m, TH_N), VALUE_EINVAL, "cost[250000] is -3");
        m[100] = 0; /* and now one in the first share too */
        assert_fails(value_ledger_add(l, k, c, r, m, TH_N), VALUE_EINVAL, "member_months[100] is 0");
        c[250000] = keep_c;
        m[100] = keep_m;
        uint8_t *after = bytes_of(l, &len);
        ck_assert(memcmp(before, after, len) == 0);
        free(before);
        free(after);
        value_ledger_free(l);
    }

    assert_fails(value_ledger_set_threads(one, 0), VALUE_EINVAL, "threads must be from 1 to 256, got 0");
    assert_fails(value_ledger_set_threads(one, 257), VALUE_EINVAL, "got 257");
    assert_fails(value_ledger_set_threads(NULL, 2), VALUE_EINVAL, "l is NULL");
    value_ledger_free(one);
}
END_TEST

START_TEST(bad_new_bounds_merge)
{
    value_ledger *l = NULL, *o = NULL;
    assert_fails(value_ledger_new(0, &l), VALUE_EINVAL, "n_contracts must be at least 1, got 0");
    assert_fails(value_ledger_new(1, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_ledger_new((size_t)INT32_MAX + 2, &l), VALUE_EINVAL, "n_contracts must be at most");
    assert_ok(value_ledger_new(2, &l));
    assert_ok(value_ledger_new(3, &o));
    const double lo[2] = {0, 0}, hi[2] = {100, INFINITY};
    double badlo[2] = {0, -1}, badhi[2] = {100, 0};
    assert_fails(value_ledger_set_bounds(l, lo, hi, 3), VALUE_EINVAL, "n must equal the number of contracts (2), got 3");
    assert_fails(value_ledger_set_bounds(l, badlo, hi, 2), VALUE_EINVAL, "lower[1] is -1");
    assert_fails(value_ledger_set_bounds(l, lo, badhi, 2), VALUE_EINVAL, "upper[1] is 0, must be greater than lower, at most 1e11 (or Inf)");
    badlo[1] = NAN;
    assert_fails(value_ledger_set_bounds(l, badlo, hi, 2), VALUE_EINVAL, "lower[1] is NaN");
    assert_fails(value_ledger_merge(l, o), VALUE_EINVAL, "different numbers of contracts (2 and 3)");
    value_ledger *m = NULL;
    assert_ok(value_ledger_new(2, &m));
    assert_ok(value_ledger_set_bounds(m, lo, hi, 2));
    assert_fails(value_ledger_merge(l, m), VALUE_EINVAL, "contract 0 has different bounds: [0, Inf] and [0, 100]");
    const int32_t k = 1;
    const double c = 5, r = 1, mm = 1;
    assert_ok(value_ledger_add(m, &k, &c, &r, &mm, 1));
    assert_fails(value_ledger_set_bounds(m, lo, hi, 2), VALUE_ESTATE, "the ledger has records (contract 1)");
    double x[7];
    assert_fails(value_ledger_totals(m, 2, x, x + 1, x + 2, x + 3, x + 4, x + 5, x + 6), VALUE_EINVAL,
                 "contract_index is 2, must be less than the number of contracts (2)");
    uint8_t buf[8];
    assert_fails(value_ledger_serialize(m, buf, 8), VALUE_EINVAL, "out_len must be 304");
    /* merging with itself doubles */
    assert_ok(value_ledger_merge(m, m));
    double n, cost;
    assert_ok(value_ledger_totals(m, 1, &n, x, x + 1, x + 2, &cost, x + 3, x + 4));
    ck_assert(n == 2 && cost == 10);
    value_ledger_free(l);
    value_ledger_free(o);
    value_ledger_free(m);
    value_ledger_free(NULL);
}
END_TEST

static Suite *ledger_suite(void)
{
    Suite *s = suite_create("ledger");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, hand_totals);
    tcase_add_test(tc, merge_any_order_exact);
    tcase_add_test(tc, serialize_round_trip);
    tcase_add_test(tc, corrupted_and_truncated);
    tcase_add_test(tc, wrong_version);
    tcase_add_test(tc, failed_add_changes_nothing);
    tcase_add_test(tc, bad_new_bounds_merge);
    tcase_add_test(tc, large_amounts_fold_exactly);
    tcase_add_test(tc, threads_change_nothing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(ledger_suite());
}
