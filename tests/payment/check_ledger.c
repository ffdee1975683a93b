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
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "member_months[2] is 0, must be at least 1e-6");
    m[2] = -1;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "member_months[2] is -1");
    m[2] = 1;
    r[1] = NAN;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "risk_score[1] is NaN");
    r[1] = -1;
    assert_fails(value_ledger_add(l, k, c, r, m, 4), VALUE_EINVAL, "risk_score[1] is -1");
    r[1] = 1;
    const int32_t bad[4] = {0, 1, 2, 3};
    assert_fails(value_ledger_add(l, bad, c, r, m, 4), VALUE_EINVAL, "contract[3] is 3, not in [0, 3)");
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
                 "contract_index is 2, not in [0, 2) (the ledger has 2 contracts)");
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


/* ---- issue 16: states the reader must refuse, counts that must not wrap ---- */

/* The format's offsets (value_ledger_serialize() in value.h): a 24-byte
 * header, then per contract 136 bytes: lower, upper (doubles), n, n_above,
 * n_below (64-bit), six 128-bit sums in 2^-24 units (cost, above, below,
 * member-months, risk, risk x member-months), all little-endian; then the
 * checksum, FNV-1a 64 (Fowler, Noll and Vo's published constants). */
#define OFF(k) (24 + 136 * (size_t)(k))
#define OFF_N(k) (OFF(k) + 16)
#define OFF_NA(k) (OFF(k) + 24)
#define OFF_NB(k) (OFF(k) + 32)
#define OFF_SUM(k, j) (OFF(k) + 40 + 16 * (size_t)(j))
enum { S_COST, S_ABOVE, S_BELOW, S_MM, S_RISK, S_RISK_MM };

typedef unsigned __int128 u128;

static void put_u64(uint8_t *p, uint64_t v)
{
    for (int b = 0; b < 8; b++)
        p[b] = (uint8_t)(v >> (8 * b));
}

static uint64_t get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int b = 0; b < 8; b++)
        v |= (uint64_t)p[b] << (8 * b);
    return v;
}

static void put_u128(uint8_t *p, u128 v)
{
    put_u64(p, (uint64_t)v);
    put_u64(p + 8, (uint64_t)(v >> 64));
}

static u128 get_u128(const uint8_t *p)
{
    return (u128)get_u64(p + 8) << 64 | get_u64(p);
}

static void put_double(uint8_t *p, double x)
{
    uint64_t v;
    memcpy(&v, &x, sizeof v);
    put_u64(p, v);
}

/* Recompute the checksum after a patch, as anyone can. */
static void fix_checksum(uint8_t *b, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len - 8; i++) {
        h ^= b[i];
        h *= 0x100000001b3u;
    }
    put_u64(b + len - 8, h);
}

/* The bytes of a one-contract ledger with bounds [lo, hi] and one record
 * (cost c, risk r, member-months m). */
static uint8_t *one_record(double lo, double hi, double c, double r, double m, size_t *len)
{
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(1, &l));
    assert_ok(value_ledger_set_bounds(l, &lo, &hi, 1));
    const int32_t k = 0;
    assert_ok(value_ledger_add(l, &k, &c, &r, &m, 1));
    uint8_t *b = bytes_of(l, len);
    value_ledger_free(l);
    return b;
}

/* Deserializing b (checksum fixed) fails with EPARSE naming `needle`, and
 * leaves out untouched. */
static void refused(uint8_t *b, size_t len, const char *needle)
{
    fix_checksum(b, len);
    value_ledger *out = (value_ledger *)0x1;
    assert_fails(value_ledger_deserialize(b, len, &out), VALUE_EPARSE, needle);
    ck_assert(out == (value_ledger *)0x1);
}

static void accepted(uint8_t *b, size_t len)
{
    fix_checksum(b, len);
    value_ledger *out = NULL;
    assert_ok(value_ledger_deserialize(b, len, &out));
    ck_assert(out != NULL);
    /* and written back byte for byte */
    size_t n2;
    uint8_t *again = bytes_of(out, &n2);
    ck_assert(n2 == len && memcmp(again, b, len) == 0);
    free(again);
    value_ledger_free(out);
}

/* Issue 16's reproducers, each bytes with a correct checksum that no
 * sequence of value_ledger_add() and value_ledger_merge() can produce.
 * The reader accepted all five; merging or adding then overflowed (signed
 * overflow, undefined) or settlements were absurd (negative expenditure,
 * risk score NaN). */
START_TEST(reader_refuses_int64_max_records)
{
    size_t len;
    uint8_t *b = one_record(0, INFINITY, 10, 1, 12, &len);
    put_u64(b + OFF_N(0), (uint64_t)INT64_MAX);
    /* 12 member-months cannot be those of 2^63 - 1 records (each at least 1e-6) */
    refused(b, len, "contract 0 has a member-months total of 12, less than its 9223372036854775807 records can sum to "
                    "(at least 9345848836095.999998986721038818359375)");
    free(b);
}
END_TEST

START_TEST(reader_refuses_sums_near_2_127)
{
    size_t len;
    uint8_t *b = one_record(0, INFINITY, 10, 1, 12, &len);
    put_u128(b + OFF_SUM(0, S_COST), ((u128)1 << 127) - 1); /* 2^127 - 1 units: 1.0e31 */
    refused(b, len, "a cost total of 10141204801825835211973625643007.999999940395355224609375, more than its 1 "
                    "records can sum to (at most 100000000000)");
    put_u128(b + OFF_SUM(0, S_COST), (u128)1 << 127); /* -2^127 in two's complement */
    refused(b, len, "a negative cost total");
    free(b);
}
END_TEST

/* Bounds [0, 100], one record of 150: cost 150, 50 above.  A part above
 * of 200, more than the cost itself, gave a counted expenditure of
 * 150 - 200 = -50. */
START_TEST(reader_refuses_part_above_larger_than_total)
{
    size_t len;
    uint8_t *b = one_record(0, 100, 150, 1, 12, &len);
    ck_assert(get_u128(b + OFF_SUM(0, S_ABOVE)) == (u128)50 << 24);
    put_u128(b + OFF_SUM(0, S_ABOVE), (u128)200 << 24);
    refused(b, len, "a cost total of 150 that its parts above and below the bounds do not fit: its 0 records within "
                    "the bounds would cost -150");
    free(b);
}
END_TEST

/* Records without member-months: the mean risk score was 0/0. */
START_TEST(reader_refuses_zero_member_months_with_records)
{
    size_t len;
    uint8_t *b = one_record(0, INFINITY, 10, 1, 12, &len);
    put_u128(b + OFF_SUM(0, S_MM), 0);
    put_u128(b + OFF_SUM(0, S_RISK_MM), 0);
    /* at least fixed(1e-6) = round(16.78) = 17 units a record: 17 / 2^24 = 0.000001013278961181640625 */
    refused(b, len, "a member-months total of 0, less than its 1 records can sum to (at least 0.000001013278961181640625)");
    free(b);
}
END_TEST

/* Bounds [0, Inf): nothing can be above the upper bound. */
START_TEST(reader_refuses_records_above_infinite_bound)
{
    size_t len;
    uint8_t *b = one_record(0, INFINITY, 150, 1, 12, &len);
    put_u64(b + OFF_NA(0), 1);
    put_u128(b + OFF_SUM(0, S_ABOVE), (u128)50 << 24);
    refused(b, len, "1 records and a part of 50 above an infinite upper bound");
    free(b);
}
END_TEST

/* A record of no member-months (below 2^-25 it rounded to 0 units) is
 * refused by the adder, so no ledger has records without member-months;
 * 1e-6, the documented least, is 17 units. */
START_TEST(add_refuses_member_months_below_1e6)
{
    value_ledger *l = NULL, *ref = NULL;
    assert_ok(value_ledger_new(1, &l));
    assert_ok(value_ledger_new(1, &ref));
    const int32_t k = 0;
    const double c = 100, r = 1.3;
    double m = 1e-9;
    assert_fails(value_ledger_add(l, &k, &c, &r, &m, 1), VALUE_EINVAL,
                 "member_months[0] is 1e-09, must be at least 1e-6 and at most 1e6");
    m = nextafter(1e-6, 0);
    assert_fails(value_ledger_add(l, &k, &c, &r, &m, 1), VALUE_EINVAL, "member_months[0] is 9.999999999999997e-07");
    ck_assert(same_ledger(l, ref));
    m = 1e-6;
    assert_ok(value_ledger_add(l, &k, &c, &r, &m, 1));
    tot t = totals(l, 0);
    /* fixed(1e-6) = floor(16.777216 + 0.5) = 17; fixed(1.3e-6) = floor(21.81 + 0.5) = 22 */
    ck_assert(t.mm == 17 * 0x1p-24 && t.rmm == 22 * 0x1p-24);
    value_ledger_free(l);
    value_ledger_free(ref);
}
END_TEST

/* 2^20 records merged into their own ledger 44 times would be 2^64: the
 * int64_t count wrapped to 0 (after being negative at 43 merges) and the
 * call succeeded.  Now 43 merges give 2^63 records exactly and the 44th
 * fails with VALUE_ERANGE, leaving the ledger as it was. */
START_TEST(self_merge_44_times_refused)
{
    enum { CHUNK = 4096 };
    static int32_t k[CHUNK];
    static double c[CHUNK], r[CHUNK], m[CHUNK];
    for (int i = 0; i < CHUNK; i++)
        k[i] = 0, c[i] = 10.5, r[i] = 1, m[i] = 1;
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(1, &l));
    for (int j = 0; j < 256; j++) /* 256 x 4096 = 2^20 records */
        assert_ok(value_ledger_add(l, k, c, r, m, CHUNK));
    for (int j = 1; j <= 43; j++)
        assert_ok(value_ledger_merge(l, l));
    tot t = totals(l, 0);
    ck_assert_msg(t.n == 0x1p63, "records %.17g after 43 merges, want 2^63", t.n);
    ck_assert(t.cost == 10.5 * 0x1p63 && t.mm == 0x1p63);
    size_t len;
    uint8_t *before = bytes_of(l, &len), *after;
    assert_fails(value_ledger_merge(l, l), VALUE_ERANGE,
                 "contract 0: 9223372036854775808 + 9223372036854775808 records are more than a ledger counts");
    after = bytes_of(l, &len);
    ck_assert(memcmp(before, after, len) == 0);
    /* the state at 2^63 records is a valid one: it reads back */
    value_ledger *back = NULL;
    assert_ok(value_ledger_deserialize(before, len, &back));
    assert_fails(value_ledger_merge(back, l), VALUE_ERANGE, "records are more than a ledger counts");
    free(before);
    free(after);
    value_ledger_free(back);
    value_ledger_free(l);
}
END_TEST

/* The most records a contract can hold, 2^64 - 1 (1 + 2 + 4 + ... +
 * 2^63, by merges): their totals are exact, they read back, and one more
 * record, added on one thread or several, or merged, is VALUE_ERANGE with
 * the ledger unchanged. */
START_TEST(count_limit_is_2_64_minus_1)
{
    value_ledger *p = NULL, *full = NULL;
    const int32_t k0 = 0;
    const double c = 2.5, r = 1, m = 1;
    assert_ok(value_ledger_new(1, &p));
    assert_ok(value_ledger_new(1, &full));
    assert_ok(value_ledger_add(p, &k0, &c, &r, &m, 1));
    assert_ok(value_ledger_add(full, &k0, &c, &r, &m, 1));
    for (int j = 1; j <= 63; j++) {
        assert_ok(value_ledger_merge(p, p)); /* 2^j */
        assert_ok(value_ledger_merge(full, p));
    }
    size_t len;
    uint8_t *b = bytes_of(full, &len);
    ck_assert(get_u64(b + OFF_N(0)) == UINT64_MAX);
    ck_assert(get_u128(b + OFF_SUM(0, S_COST)) == (u128)UINT64_MAX * (u128)(2.5 * 0x1p24));
    accepted(b, len);
    tot t = totals(full, 0);
    ck_assert(t.n == 0x1p64 && t.cost == 2.5 * 0x1p64); /* 2^64 - 1 rounds to 2^64 as a double */

    assert_fails(value_ledger_add(full, &k0, &c, &r, &m, 1), VALUE_ERANGE,
                 "row 0: contract 0 has 18446744073709551615 records, the most a ledger counts (2^64 - 1)");
    assert_fails(value_ledger_merge(full, p), VALUE_ERANGE, "18446744073709551615 + 9223372036854775808 records");
    /* 200,000 records on 4 threads: each thread's share is valid, the
     * merge of the shares would pass the limit, so the records are added
     * on one thread, which names the first one */
    enum { N = 200000 };
    static int32_t k[N];
    static double cs[N], rs[N], ms[N];
    for (int i = 0; i < N; i++)
        k[i] = 0, cs[i] = 1, rs[i] = 1, ms[i] = 1;
    assert_ok(value_ledger_set_threads(full, 4));
    assert_fails(value_ledger_add(full, k, cs, rs, ms, N), VALUE_ERANGE, "row 0: contract 0 has 18446744073709551615");
    uint8_t *after = bytes_of(full, &len);
    ck_assert(memcmp(b, after, len) == 0);
    free(after);
    free(b);
    value_ledger_free(p);
    value_ledger_free(full);
}
END_TEST

/* Each invariant of the reader (ledger.c, state_error()) at its edge: a
 * ledger with bounds [10, 100] and three records, one above (cost 1e11:
 * 1e11 - 100 above), one below (cost 0: 10 below), one within (50).  In
 * 2^-24 units (u = 2^24): qL = 10u, qU = 100u, the largest amount
 * Q = 1e11 u.  A change of one unit past what records could sum to is
 * refused; one within it is read. */
START_TEST(reader_invariants_at_their_edges)
{
    const double lo = 10, hi = 100;
    const double c[3] = {1e11, 0, 50}, r[3] = {1e4, 0, 2}, m[3] = {10, 1e-6, 1e6};
    const int32_t k[3] = {0, 0, 0};
    value_ledger *l = NULL;
    assert_ok(value_ledger_new(1, &l));
    assert_ok(value_ledger_set_bounds(l, &lo, &hi, 1));
    assert_ok(value_ledger_add(l, k, c, r, m, 3));
    size_t len;
    uint8_t *base = bytes_of(l, &len), *b = malloc(len);
    ck_assert_ptr_nonnull(b);
    const u128 u = (u128)1 << 24, Q = (u128)100000000000 * u, qL = 10 * u, qU = 100 * u;
    ck_assert(get_u128(base + OFF_SUM(0, S_COST)) == Q + 50 * u);
    ck_assert(get_u128(base + OFF_SUM(0, S_ABOVE)) == Q - qU);
    ck_assert(get_u128(base + OFF_SUM(0, S_BELOW)) == qL);
    const u128 M = get_u128(base + OFF_SUM(0, S_MM)); /* 10u + 17 + 1e6 u */
    ck_assert(M == 10 * u + 17 + 1000000 * u);
#define FRESH() memcpy(b, base, len)
    FRESH();
    accepted(b, len);
    /* 4: the part above, at most Q - qU for one record */
    FRESH();
    put_u128(b + OFF_SUM(0, S_ABOVE), Q - qU + 1);
    refused(b, len, "a part above the upper bound 100 of 99999999900.000000059604644775390625 for 1 records above it "
                    "(from 2^-24 each, at most 99999999900 in all)");
    /* 5: the part below, at most qL for one record */
    FRESH();
    put_u128(b + OFF_SUM(0, S_BELOW), qL + 1);
    refused(b, len, "a part below the lower bound 10 of 10.000000059604644775390625 for 1 records below it "
                    "(from 2^-24 each, at most 10 in all)");
    /* 6: the record within [qL, qU]: cost 50 + 2^-24 is one, 100 + 2^-24 is not */
    FRESH();
    put_u128(b + OFF_SUM(0, S_COST), Q + 50 * u + 1);
    accepted(b, len);
    FRESH();
    put_u128(b + OFF_SUM(0, S_COST), Q + qU);
    accepted(b, len);
    FRESH();
    put_u128(b + OFF_SUM(0, S_COST), Q + qU + 1);
    refused(b, len, "its 1 records within the bounds would cost 100.000000059604644775390625");
    FRESH();
    put_u128(b + OFF_SUM(0, S_COST), Q + qL - 1);
    refused(b, len, "would cost 9.999999940395355224609375");
    /* 6 again: counts that do not match the parts (no record left within) */
    FRESH();
    put_u64(b + OFF_NA(0), 2);
    refused(b, len, "its 0 records within the bounds would cost -50");
    FRESH();
    put_u64(b + OFF_NB(0), 2);
    refused(b, len, "its 0 records within the bounds would cost 40");
    /* 2: counts */
    FRESH();
    put_u64(b + OFF_NB(0), UINT64_MAX);
    refused(b, len, "1 records above and 18446744073709551615 below its bounds, more than its 3 records");
    /* 3: member-months from 17 units to 1e6 u a record */
    FRESH();
    put_u128(b + OFF_SUM(0, S_MM), 3 * 17 - 1);
    refused(b, len, "a member-months total of 0.00000298023223876953125, less than its 3 records can sum to "
                    "(at least 0.000003039836883544921875)");
    FRESH();
    put_u128(b + OFF_SUM(0, S_MM), 3 * 17);
    put_u128(b + OFF_SUM(0, S_RISK_MM), 0);
    accepted(b, len);
    FRESH();
    put_u128(b + OFF_SUM(0, S_MM), 3000000 * u + 1);
    refused(b, len, "a member-months total of 3000000.000000059604644775390625, more than its 3 records can sum to "
                    "(at most 3000000)");
    /* 3: risk scores at most 1e4 a record */
    FRESH();
    put_u128(b + OFF_SUM(0, S_RISK), 30000 * u + 1);
    refused(b, len, "a risk score total of 30000.000000059604644775390625, more than its 3 records can sum to "
                    "(at most 30000)");
    /* 7: risk x member-months at most 1e4 M + 5100 n */
    FRESH();
    put_u128(b + OFF_SUM(0, S_RISK_MM), 10000 * M + 5100 * 3);
    accepted(b, len);
    FRESH();
    put_u128(b + OFF_SUM(0, S_RISK_MM), 10000 * M + 5100 * 3 + 1);
    refused(b, len, "a risk score x member-months total of");
    /* 1: bounds */
    FRESH();
    put_double(b + OFF(0), NAN);
    refused(b, len, "invalid bounds [NaN, 100]");
    FRESH();
    put_double(b + OFF(0) + 8, 10);
    refused(b, len, "invalid bounds [10, 10]");
    FRESH();
    put_double(b + OFF(0) + 8, 2e11);
    refused(b, len, "invalid bounds [10, 200000000000]");
    /* no records: every sum 0 */
    FRESH();
    put_u64(b + OFF_N(0), 0);
    put_u64(b + OFF_NA(0), 0);
    put_u64(b + OFF_NB(0), 0);
    refused(b, len, "a cost total of 100000000050, more than its 0 records can sum to (at most 0)");
#undef FRESH
    free(b);
    free(base);
    value_ledger_free(l);
}
END_TEST

/* Claims to beneficiary records, by hand.  Beneficiaries 0..3; rows
 * (beneficiary, contract, paid): (0,0,100) (1,0,250.5) (0,0,400)
 * (2,1,1000) (0,0,-50) (2,1,20): beneficiary 0 under contract 0 paid
 * 100 + 400 - 50 = 450, beneficiary 1 under contract 0 paid 250.5,
 * beneficiary 2 under contract 1 paid 1020, beneficiary 3 has no rows (no
 * record).  Months 12, 6, 9, 12 and risk 1.0, 2.0, 1.5, 1.0: contract 0
 * has 2 records (not the 4 claims), cost 700.5, member-months 18, risk x
 * mm 12 + 12 = 24; contract 1 has 1 record, cost 1020, mm 9, risk x mm
 * 13.5.  The same rows in reverse give the same ledger. */
START_TEST(claims_to_beneficiaries)
{
    const int32_t b[6] = {0, 1, 0, 2, 0, 2}, k[6] = {0, 0, 0, 1, 0, 1};
    const double paid[6] = {100, 250.5, 400, 1000, -50, 20};
    const double months[4] = {12, 6, 9, 12}, risk[4] = {1.0, 2.0, 1.5, 1.0};
    value_ledger *l = NULL, *r = NULL;
    assert_ok(value_ledger_new(2, &l));
    assert_ok(value_ledger_add_claims(l, b, k, paid, 6, months, risk, 4));
    tot t = totals(l, 0);
    ck_assert(t.n == 2 && t.cost == 700.5 && t.mm == 18 && t.rmm == 24 && t.rs == 3);
    t = totals(l, 1);
    ck_assert(t.n == 1 && t.cost == 1020 && t.mm == 9 && t.rmm == 13.5 && t.rs == 1.5);
    int32_t rb[6], rk[6];
    double rp[6];
    for (int i = 0; i < 6; i++)
        rb[i] = b[5 - i], rk[i] = k[5 - i], rp[i] = paid[5 - i];
    assert_ok(value_ledger_new(2, &r));
    assert_ok(value_ledger_add_claims(r, rb, rk, rp, 6, months, risk, 4));
    ck_assert(same_ledger(l, r));
    value_ledger_free(r);
    value_ledger_free(l);
}
END_TEST

/* A beneficiary under two contracts is refused naming both rows; a
 * negative sum, bad indices and bad months are refused; each failed call
 * leaves the ledger as it was. */
START_TEST(claims_bad_input)
{
    value_ledger *l = NULL, *before = NULL;
    assert_ok(value_ledger_new(2, &l));
    assert_ok(value_ledger_new(2, &before));
    const double months[3] = {12, 12, 12}, risk[3] = {1, 1, 1};
    const int32_t b[4] = {0, 1, 2, 1}, k[4] = {0, 0, 1, 1};
    const double paid[4] = {10, 20, 30, 40};
    assert_fails(value_ledger_add_claims(l, b, k, paid, 4, months, risk, 3), VALUE_EINVAL,
                 "contract[3]: row 3 puts beneficiary[3] under contract 1, but row 1 (the same beneficiary) under contract 0");
    const int32_t k2[4] = {0, 0, 1, 0};
    const double neg[4] = {10, 20, 30, -25};
    assert_fails(value_ledger_add_claims(l, b, k2, neg, 4, months, risk, 3), VALUE_EINVAL,
                 "paid[1] and the other claims of beneficiary[1] sum to -5");
    const int32_t bad_b[4] = {0, 1, 3, 1};
    assert_fails(value_ledger_add_claims(l, bad_b, k2, paid, 4, months, risk, 3), VALUE_EINVAL,
                 "beneficiary[2] is 3, not in [0, 3)");
    const int32_t bad_k[4] = {0, 0, 2, 0};
    assert_fails(value_ledger_add_claims(l, b, bad_k, paid, 4, months, risk, 3), VALUE_EINVAL,
                 "contract[2] is 2, not in [0, 2)");
    const double bad_m[3] = {12, 0, 12}, nan_p[4] = {10, NAN, 30, 40};
    assert_fails(value_ledger_add_claims(l, b, k2, paid, 4, bad_m, risk, 3), VALUE_EINVAL, "months[1]");
    assert_fails(value_ledger_add_claims(l, b, k2, nan_p, 4, months, risk, 3), VALUE_EINVAL, "paid[1]");
    assert_fails(value_ledger_add_claims(l, NULL, k2, paid, 4, months, risk, 3), VALUE_EINVAL, "beneficiary");
    ck_assert(same_ledger(l, before));
    /* no rows: nothing added */
    assert_ok(value_ledger_add_claims(l, b, k2, paid, 0, months, risk, 3));
    ck_assert(same_ledger(l, before));
    value_ledger_free(before);
    value_ledger_free(l);
}
END_TEST

static Suite *ledger_suite(void)
{
    Suite *s = suite_create("ledger");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, hand_totals);
    tcase_add_test(tc, claims_to_beneficiaries);
    tcase_add_test(tc, claims_bad_input);
    tcase_add_test(tc, merge_any_order_exact);
    tcase_add_test(tc, serialize_round_trip);
    tcase_add_test(tc, corrupted_and_truncated);
    tcase_add_test(tc, wrong_version);
    tcase_add_test(tc, failed_add_changes_nothing);
    tcase_add_test(tc, bad_new_bounds_merge);
    tcase_add_test(tc, large_amounts_fold_exactly);
    tcase_add_test(tc, threads_change_nothing);
    tcase_add_test(tc, reader_refuses_int64_max_records);
    tcase_add_test(tc, reader_refuses_sums_near_2_127);
    tcase_add_test(tc, reader_refuses_part_above_larger_than_total);
    tcase_add_test(tc, reader_refuses_zero_member_months_with_records);
    tcase_add_test(tc, reader_refuses_records_above_infinite_bound);
    tcase_add_test(tc, add_refuses_member_months_below_1e6);
    tcase_add_test(tc, self_merge_44_times_refused);
    tcase_add_test(tc, count_limit_is_2_64_minus_1);
    tcase_add_test(tc, reader_invariants_at_their_edges);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(ledger_suite());
}
