/*
 * Contract ledgers: beneficiary or episode records accumulated per
 * contract, merged and serialized exactly.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method notes (where value.h leaves a choice open):
 *
 * - Exact sums.  Each amount of a record (cost, its parts above U and below
 *   L, member-months, risk score, risk score x member-months) is turned
 *   into a whole number of 2^-24 units, floor(x 2^24 + 1/2) (x >= 0 and
 *   at most 1e11, so the product is below 2^61 and exact), and added to a
 *   128-bit integer.  Integer addition is associative, so any split of the
 *   records and any order of merges gives the one-pass totals bit for bit;
 *   a total is converted to a double (correctly rounded) only when read.
 *   Totals cannot overflow before 2^64 records.
 *
 * - Bounds.  L and U are turned into 2^-24 units too, and a record's parts
 *   above U and below L are differences of whole numbers of units.
 *
 * - All or nothing without a second pass.  value_ledger_add() checks and
 *   adds each record in one pass.  When record i is invalid, records
 *   0..i-1 are subtracted again: integer sums make the undo exact, so a
 *   failed call leaves the ledger bit for bit as it was.
 *
 * - Serialization: see value_ledger_serialize() in value.h.  The reader
 *   checks, in order, the length of the header, the magic, the version,
 *   the length implied by the number of contracts, the checksum and then
 *   the contents (bounds and non-negative totals), each with its own
 *   message.
 */
#include "ledger.h"

#include "core/threads.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef __int128 i128;

/* Per-contract state.  The first cache line is all a record touches in
 * the common case (no part above U or below L): the bounds in fixed
 * point, the count and four 64-bit partial sums.  When a partial sum
 * wraps past 2^64, its 128-bit total (`cost` for `p_cost`, ...) takes the
 * 2^64 (one carry test per add).  Sums are total + partial, exact either
 * way; the partials only save stores, which bound the speed of adding
 * records. */
typedef struct led_acc {
    _Alignas(64) int64_t qlower, qupper; /* the bounds in 2^-24 units (qupper INT64_MAX: none) */
    int64_t n;
    uint64_t p_cost, p_mm, p_risk, p_risk_mm;
    uint64_t p_above, p_below;
    int64_t n_above, n_below;
    double lower, upper;
    i128 cost, above, below, mm, risk, risk_mm; /* totals without the partials */
} led_acc;

/* The six sums of a contract: totals plus partials. */
static void sums(const led_acc *a, i128 s[6])
{
    s[0] = a->cost + (i128)a->p_cost;
    s[1] = a->above + (i128)a->p_above;
    s[2] = a->below + (i128)a->p_below;
    s[3] = a->mm + (i128)a->p_mm;
    s[4] = a->risk + (i128)a->p_risk;
    s[5] = a->risk_mm + (i128)a->p_risk_mm;
}

/* Set the six totals (the partials are left as they are). */
static void set_totals(led_acc *a, const i128 s[6])
{
    a->cost = s[0], a->above = s[1], a->below = s[2], a->mm = s[3], a->risk = s[4], a->risk_mm = s[5];
}

/* Fold the partials into the totals (for exact subtraction when a call is undone). */
static void fold(led_acc *a)
{
    i128 s[6];
    sums(a, s);
    set_totals(a, s);
    a->p_cost = a->p_above = a->p_below = a->p_mm = a->p_risk = a->p_risk_mm = 0;
}

#define N_SUMS 6

struct value_ledger {
    size_t n;
    led_acc *acc;
    size_t threads; /* for value_ledger_add() */
};

#define MAX_CONTRACTS ((size_t)INT32_MAX + 1)
#define MAX_THREADS VALUE__MAX_THREADS
#define MAX_AMOUNT 1e11
#define SCALE 0x1p24

#define MAGIC "LVLEDGER"
#define FORMAT_VERSION 1u
#define HEADER_BYTES 24
#define CONTRACT_BYTES (2 * 8 + 3 * 8 + N_SUMS * 16)
#define CHECKSUM_BYTES 8

static inline int64_t fixed(double x)
{
    return (int64_t)(x * SCALE + 0.5);
}

static void set_bound(led_acc *a, double lower, double upper)
{
    a->lower = lower;
    a->upper = upper;
    a->qlower = fixed(lower);
    a->qupper = isinf(upper) ? INT64_MAX : fixed(upper);
}

static double to_double(i128 v)
{
    return (double)v / SCALE;
}

/* The limits of value.h on a record and on the bounds, each written once
 * for the adding loop, the messages that say which one failed and the
 * reader of serialized ledgers. */
static inline bool contract_ok(int32_t k, size_t nc)
{
    return (uint64_t)(uint32_t)k < nc; /* nc <= 2^31: negative k fails */
}

static inline bool amount_ok(double x)
{
    return x >= 0 && x <= MAX_AMOUNT;
}

static inline bool risk_ok(double r)
{
    return r >= 0 && r <= 1e4;
}

static inline bool months_ok(double m)
{
    return m > 0 && m <= 1e6;
}

static inline bool upper_ok(double lower, double upper)
{
    return upper > lower && (upper <= MAX_AMOUNT || isinf(upper));
}

/* ---- the handle ------------------------------------------------------------------- */

/* n empty accumulators, aligned so that each contract's hot fields share
 * one cache line; NULL when out of memory. */
static led_acc *acc_alloc(size_t n)
{
    led_acc *acc = aligned_alloc(_Alignof(led_acc), n * sizeof *acc);
    if (acc != NULL)
        memset(acc, 0, n * sizeof *acc);
    return acc;
}

static value_ledger *ledger_alloc(size_t n)
{
    value_ledger *l = calloc(1, sizeof *l);
    if (l == NULL)
        return NULL;
    l->acc = acc_alloc(n);
    if (l->acc == NULL) {
        free(l);
        return NULL;
    }
    l->n = n;
    l->threads = 1;
    for (size_t k = 0; k < n; k++)
        set_bound(&l->acc[k], 0, INFINITY);
    return l;
}

static int check_n_contracts(size_t n)
{
    if (n < 1)
        return value__fail(VALUE_EINVAL, "n_contracts must be at least 1, got 0");
    if (n > MAX_CONTRACTS || n > SIZE_MAX / sizeof(led_acc))
        return value__fail(VALUE_EINVAL, "n_contracts must be at most %zu (contract indices are int32_t), got %zu",
                           MAX_CONTRACTS, n);
    return VALUE_OK;
}

int value_ledger_new(size_t n_contracts, value_ledger **out)
{
    int rc;
    if ((rc = value__check_ptr(out, "out")))
        return rc;
    if ((rc = check_n_contracts(n_contracts)))
        return rc;
    value_ledger *l = ledger_alloc(n_contracts);
    if (l == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for a ledger of %zu contracts", n_contracts);
    *out = l;
    return VALUE_OK;
}

void value_ledger_free(value_ledger *l)
{
    if (l == NULL)
        return;
    free(l->acc);
    free(l);
}

int value_ledger_contracts(const value_ledger *l, size_t *out)
{
    int rc;
    if ((rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(out, "out")))
        return rc;
    *out = l->n;
    return VALUE_OK;
}

size_t value__ledger_n(const value_ledger *l)
{
    return l->n;
}

int value_ledger_set_bounds(value_ledger *l, const double *lower, const double *upper, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(lower, "lower")) ||
        (rc = value__check_ptr(upper, "upper")))
        return rc;
    if (n != l->n)
        return value__fail(VALUE_EINVAL, "n must equal the number of contracts (%zu), got %zu", l->n, n);
    for (size_t k = 0; k < n; k++) {
        if (!amount_ok(lower[k]))
            return value__fail_element("lower", k, lower[k], "must be finite, >= 0 and at most 1e11");
        if (!upper_ok(lower[k], upper[k]))
            return value__fail_element("upper", k, upper[k], "must be greater than lower, at most 1e11 (or Inf)");
    }
    for (size_t k = 0; k < l->n; k++)
        if (l->acc[k].n != 0)
            return value__fail(VALUE_ESTATE, "the ledger has records (contract %zu); set bounds before adding", k);
    for (size_t k = 0; k < n; k++)
        set_bound(&l->acc[k], lower[k], upper[k]);
    return VALUE_OK;
}

/* ---- adding records --------------------------------------------------------------- */

/* Add q (>= 0) to a partial sum; when the 64-bit partial wraps, its
 * total takes the 2^64 it lost. */
#define ADD(a, field, q)                                                    \
    do {                                                                    \
        if (__builtin_add_overflow((a)->p_##field, (uint64_t)(q), &(a)->p_##field)) \
            (a)->field += (i128)1 << 64;                                    \
    } while (0)

/* Add one valid record.  The parts above U and below L are taken on the
 * fixed-point amounts; they are rare, so one test finds them (qc - L
 * above U - L, unsigned, when qc is outside [L, U]) and their sums are
 * touched only then. */
static inline void add_record(led_acc *a, double c, double r, double m)
{
    int64_t qc = fixed(c);
    a->n++;
    ADD(a, cost, qc);
    if ((uint64_t)(qc - a->qlower) > (uint64_t)(a->qupper - a->qlower)) {
        if (qc > a->qupper) {
            a->n_above++;
            ADD(a, above, qc - a->qupper);
        } else {
            a->n_below++;
            ADD(a, below, a->qlower - qc);
        }
    }
    ADD(a, mm, fixed(m));
    ADD(a, risk, fixed(r));
    ADD(a, risk_mm, fixed(r * m));
}

/* Take a valid record away again, from folded totals (exact). */
static void remove_record(led_acc *a, double c, double r, double m)
{
    int64_t qc = fixed(c);
    a->n--;
    a->cost -= qc;
    if (qc > a->qupper) {
        a->n_above--;
        a->above -= qc - a->qupper;
    }
    if (qc < a->qlower) {
        a->n_below--;
        a->below -= a->qlower - qc;
    }
    a->mm -= fixed(m);
    a->risk -= fixed(r);
    a->risk_mm -= fixed(r * m);
}

/* The records of one call to value_ledger_add(). */
typedef struct records {
    const int32_t *contract;
    const double *cost, *risk, *mm;
} records;

/* Add records [first, end) to acc (nc contracts); the index of the
 * first invalid one, or end when all were added. */
static size_t add_valid(led_acc *acc, size_t nc, const records *r, size_t first, size_t end)
{
    const int32_t *contract = r->contract;
    const double *cost = r->cost, *risk = r->risk, *mm = r->mm;
    size_t i;
    for (i = first; i < end; i++) {
        int32_t k = contract[i];
        double c = cost[i], rs = risk[i], m = mm[i];
        if (!(contract_ok(k, nc) && amount_ok(c) && risk_ok(rs) && months_ok(m) && rs * m <= MAX_AMOUNT))
            break;
        add_record(&acc[k], c, rs, m);
    }
    return i;
}

/* Why record i is invalid. */
static int record_error(size_t nc, const records *r, size_t i)
{
    int32_t k = r->contract[i];
    double c = r->cost[i], rs = r->risk[i], m = r->mm[i];
    if (!contract_ok(k, nc))
        return value__fail(VALUE_EINVAL, "contract[%zu] is %d, must be in [0, %zu)", i, (int)k, nc);
    if (!amount_ok(c))
        return value__fail_element("cost", i, c, "must be finite, >= 0 and at most 1e11");
    if (!risk_ok(rs))
        return value__fail_element("risk_score", i, rs, "must be finite, >= 0 and at most 1e4");
    if (!months_ok(m))
        return value__fail_element("member_months", i, m, "must be > 0 and at most 1e6");
    return value__fail_element("risk_score x member_months", i, rs * m, "must be at most 1e11");
}

/* Add b's records to a (integer sums: exact in any order). */
static void acc_merge(led_acc *a, const led_acc *b)
{
    int64_t n = b->n, na = b->n_above, nb = b->n_below;
    i128 s[N_SUMS];
    sums(b, s);
    a->n += n;
    a->n_above += na;
    a->n_below += nb;
    a->cost += s[0];
    a->above += s[1];
    a->below += s[2];
    a->mm += s[3];
    a->risk += s[4];
    a->risk_mm += s[5];
}

/* One thread's share of a call: records [first, end) into its own
 * accumulators, which start empty with the ledger's bounds. */
typedef struct add_job {
    const value_ledger *l;
    const records *r;
    size_t first, end, bad; /* bad: the first invalid record, or end */
    led_acc *acc;
} add_job;

static void *run_add_job(void *arg)
{
    add_job *job = arg;
    job->bad = add_valid(job->acc, job->l->n, job->r, job->first, job->end);
    return NULL;
}

/* A thread pays for its start (about 100 microseconds here) and for
 * merging its accumulators: each takes at least this many records, and
 * at least 4 per contract. */
#define RECORDS_PER_THREAD 65536

static size_t add_jobs(const value_ledger *l, size_t n)
{
    size_t per = l->n > RECORDS_PER_THREAD / 4 ? 4 * l->n : RECORDS_PER_THREAD;
    size_t jobs = n / per;
    return jobs < 1 ? 1 : jobs > l->threads ? l->threads : jobs;
}

/* value_ledger_add() on n_jobs threads (the calling thread one of them),
 * each into accumulators of its own, merged into the ledger only when
 * every record is valid.  VALUE_ENOMEM when they cannot be allocated
 * (the caller then adds on one thread); otherwise as value_ledger_add(). */
static int add_threaded(value_ledger *l, const records *r, size_t n, size_t n_jobs)
{
    add_job jobs[MAX_THREADS] = {{0}};
    size_t nc = l->n, made = 0;
    for (; made < n_jobs; made++) {
        led_acc *acc = acc_alloc(nc);
        if (acc == NULL)
            break;
        for (size_t k = 0; k < nc; k++) {
            acc[k].qlower = l->acc[k].qlower, acc[k].qupper = l->acc[k].qupper;
            acc[k].lower = l->acc[k].lower, acc[k].upper = l->acc[k].upper;
        }
        jobs[made] = (add_job){l, r, n * made / n_jobs, n * (made + 1) / n_jobs, 0, acc};
    }
    int rc = VALUE_ENOMEM;
    if (made == n_jobs) {
        value__run_jobs(run_add_job, jobs, sizeof *jobs, n_jobs);
        rc = VALUE_OK;
        for (size_t j = 0; j < n_jobs && rc == VALUE_OK; j++)
            if (jobs[j].bad != jobs[j].end)
                rc = record_error(nc, r, jobs[j].bad); /* shares are in record order: the first */
        for (size_t j = 0; j < n_jobs && rc == VALUE_OK; j++)
            for (size_t k = 0; k < nc; k++)
                acc_merge(&l->acc[k], &jobs[j].acc[k]);
    }
    for (size_t j = 0; j < made; j++)
        free(jobs[j].acc);
    return rc;
}

int value_ledger_add(value_ledger *l, const int32_t *contract, const double *cost, const double *risk_score,
                     const double *member_months, size_t n)
{
    int rc;
    if ((rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(contract, "contract")) ||
        (rc = value__check_ptr(cost, "cost")) || (rc = value__check_ptr(risk_score, "risk_score")) ||
        (rc = value__check_ptr(member_months, "member_months")))
        return rc;
    const records r = {contract, cost, risk_score, member_months};
    size_t n_jobs = add_jobs(l, n);
    if (n_jobs > 1 && (rc = add_threaded(l, &r, n, n_jobs)) != VALUE_ENOMEM)
        return rc;

    const size_t nc = l->n;
    size_t i = add_valid(l->acc, nc, &r, 0, n);
    if (i == n)
        return VALUE_OK;
    /* record i is invalid: say why, then undo records 0..i-1 */
    rc = record_error(nc, &r, i);
    for (size_t k = 0; k < nc; k++)
        fold(&l->acc[k]);
    for (size_t j = 0; j < i; j++)
        remove_record(&l->acc[contract[j]], cost[j], risk_score[j], member_months[j]);
    return rc;
}

int value_ledger_set_threads(value_ledger *l, size_t threads)
{
    int rc;
    if ((rc = value__check_ptr(l, "l")))
        return rc;
    if (threads < 1 || threads > MAX_THREADS)
        return value__fail(VALUE_EINVAL, "threads must be from 1 to %d, got %zu", MAX_THREADS, threads);
    l->threads = threads;
    return VALUE_OK;
}

/* ---- merging and totals ----------------------------------------------------------- */

static bool same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

int value_ledger_merge(value_ledger *into, const value_ledger *from)
{
    int rc;
    if ((rc = value__check_ptr(into, "into")) || (rc = value__check_ptr(from, "from")))
        return rc;
    if (into->n != from->n)
        return value__fail(VALUE_EINVAL, "the ledgers have different numbers of contracts (%zu and %zu)", into->n,
                           from->n);
    for (size_t k = 0; k < into->n; k++)
        if (!same_bits(into->acc[k].lower, from->acc[k].lower) || !same_bits(into->acc[k].upper, from->acc[k].upper)) {
            char a[32], b[32], c[32], d[32];
            value__format_double(into->acc[k].lower, a, sizeof a);
            value__format_double(into->acc[k].upper, b, sizeof b);
            value__format_double(from->acc[k].lower, c, sizeof c);
            value__format_double(from->acc[k].upper, d, sizeof d);
            return value__fail(VALUE_EINVAL, "contract %zu has different bounds: [%s, %s] and [%s, %s]", k, a, b, c,
                               d);
        }
    /* (into == from doubles the ledger: acc_merge reads each contract's
     * sums before it changes them) */
    for (size_t k = 0; k < into->n; k++)
        acc_merge(&into->acc[k], &from->acc[k]);
    return VALUE_OK;
}

int value__ledger_get_totals(const value_ledger *l, size_t k, value__contract_totals *out)
{
    if (k >= l->n)
        return value__fail(VALUE_EINVAL, "contract_index is %zu, must be less than the number of contracts (%zu)", k,
                           l->n);
    const led_acc *a = &l->acc[k];
    i128 s[N_SUMS];
    sums(a, s);
    out->records = (double)a->n;
    out->member_months = to_double(s[3]);
    out->risk_mm = to_double(s[5]);
    out->risk_sum = to_double(s[4]);
    out->cost = to_double(s[0]);
    out->above = to_double(s[1]);
    out->below = to_double(s[2]);
    out->lower = a->lower;
    out->upper = a->upper;
    return VALUE_OK;
}

int value_ledger_totals(const value_ledger *l, size_t contract_index, double *out_records, double *out_member_months,
                        double *out_risk_mm, double *out_risk_sum, double *out_cost, double *out_above,
                        double *out_below)
{
    int rc;
    if ((rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(out_records, "out_records")) ||
        (rc = value__check_ptr(out_member_months, "out_member_months")) ||
        (rc = value__check_ptr(out_risk_mm, "out_risk_mm")) || (rc = value__check_ptr(out_risk_sum, "out_risk_sum")) ||
        (rc = value__check_ptr(out_cost, "out_cost")) || (rc = value__check_ptr(out_above, "out_above")) ||
        (rc = value__check_ptr(out_below, "out_below")))
        return rc;
    value__contract_totals t;
    if ((rc = value__ledger_get_totals(l, contract_index, &t)))
        return rc;
    *out_records = t.records;
    *out_member_months = t.member_months;
    *out_risk_mm = t.risk_mm;
    *out_risk_sum = t.risk_sum;
    *out_cost = t.cost;
    *out_above = t.above;
    *out_below = t.below;
    return VALUE_OK;
}

/* ---- serialization ---------------------------------------------------------------- */

static size_t serialized_size(size_t n)
{
    return HEADER_BYTES + CONTRACT_BYTES * n + CHECKSUM_BYTES;
}

/* The format's integers are little-endian, of `bytes` bytes (4 or 8). */
static void put_le(uint8_t *p, uint64_t v, int bytes)
{
    for (int b = 0; b < bytes; b++)
        p[b] = (uint8_t)(v >> (8 * b));
}

static uint64_t get_le(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int b = 0; b < bytes; b++)
        v |= (uint64_t)p[b] << (8 * b);
    return v;
}

static uint64_t double_bits(double x)
{
    uint64_t v;
    memcpy(&v, &x, sizeof v);
    return v;
}

static double bits_double(uint64_t v)
{
    double x;
    memcpy(&x, &v, sizeof x);
    return x;
}

static void put_i128(uint8_t *p, i128 v)
{
    unsigned __int128 u = (unsigned __int128)v;
    put_le(p, (uint64_t)u, 8);
    put_le(p + 8, (uint64_t)(u >> 64), 8);
}

static i128 get_i128(const uint8_t *p)
{
    unsigned __int128 u = ((unsigned __int128)get_le(p + 8, 8) << 64) | get_le(p, 8);
    return (i128)u;
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

int value_ledger_serialized_size(const value_ledger *l, size_t *out)
{
    int rc;
    if ((rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(out, "out")))
        return rc;
    *out = serialized_size(l->n);
    return VALUE_OK;
}

int value_ledger_serialize(const value_ledger *l, uint8_t *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(out, "out")))
        return rc;
    size_t need = serialized_size(l->n);
    if ((rc = value__check_length("out_len", out_len, need, "value_ledger_serialized_size()")))
        return rc;
    memcpy(out, MAGIC, 8);
    put_le(out + 8, FORMAT_VERSION, 4);
    put_le(out + 12, 0, 4);
    put_le(out + 16, (uint64_t)l->n, 8);
    uint8_t *p = out + HEADER_BYTES;
    for (size_t k = 0; k < l->n; k++, p += CONTRACT_BYTES) {
        const led_acc *a = &l->acc[k];
        put_le(p, double_bits(a->lower), 8);
        put_le(p + 8, double_bits(a->upper), 8);
        put_le(p + 16, (uint64_t)a->n, 8);
        put_le(p + 24, (uint64_t)a->n_above, 8);
        put_le(p + 32, (uint64_t)a->n_below, 8);
        i128 s[N_SUMS];
        sums(a, s);
        for (int j = 0; j < N_SUMS; j++)
            put_i128(p + 40 + 16 * j, s[j]);
    }
    put_le(p, fnv1a(out, need - CHECKSUM_BYTES), 8);
    return VALUE_OK;
}

int value_ledger_deserialize(const uint8_t *data, size_t n, value_ledger **out)
{
    int rc;
    if ((rc = value__check_ptr(data, "data")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (n < HEADER_BYTES + CHECKSUM_BYTES)
        return value__fail(VALUE_EPARSE, "not a ledger: %zu bytes, shorter than the %d-byte header and checksum", n,
                           HEADER_BYTES + CHECKSUM_BYTES);
    if (memcmp(data, MAGIC, 8) != 0)
        return value__fail(VALUE_EPARSE, "not a ledger: the bytes do not start with \"" MAGIC "\"");
    uint32_t version = (uint32_t)get_le(data + 8, 4);
    if (version != FORMAT_VERSION)
        return value__fail(VALUE_EPARSE, "ledger format version %u is not supported (this library reads version %u)",
                           (unsigned)version, FORMAT_VERSION);
    uint64_t nc = get_le(data + 16, 8);
    if (nc < 1 || nc > MAX_CONTRACTS)
        return value__fail(VALUE_EPARSE, "corrupted ledger: %llu contracts (must be in [1, 2^31])",
                           (unsigned long long)nc);
    size_t need = serialized_size((size_t)nc);
    if (n < need)
        return value__fail(VALUE_EPARSE, "truncated ledger: %zu bytes, %zu expected for %llu contracts", n, need,
                           (unsigned long long)nc);
    if (n > need)
        return value__fail(VALUE_EPARSE, "ledger followed by %zu extra bytes (%zu expected for %llu contracts)",
                           n - need, need, (unsigned long long)nc);
    uint64_t sum = fnv1a(data, need - CHECKSUM_BYTES), stored = get_le(data + need - CHECKSUM_BYTES, 8);
    if (sum != stored)
        return value__fail(VALUE_EPARSE, "corrupted ledger: checksum %016llx, the contents give %016llx",
                           (unsigned long long)stored, (unsigned long long)sum);
    if (get_le(data + 12, 4) != 0)
        return value__fail(VALUE_EPARSE, "corrupted ledger: reserved field is not 0");
    value_ledger *l = ledger_alloc((size_t)nc);
    if (l == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for a ledger of %llu contracts", (unsigned long long)nc);
    const uint8_t *p = data + HEADER_BYTES;
    for (size_t k = 0; k < l->n; k++, p += CONTRACT_BYTES) {
        led_acc *a = &l->acc[k];
        double lower = bits_double(get_le(p, 8)), upper = bits_double(get_le(p + 8, 8));
        a->n = (int64_t)get_le(p + 16, 8);
        a->n_above = (int64_t)get_le(p + 24, 8);
        a->n_below = (int64_t)get_le(p + 32, 8);
        i128 s[N_SUMS];
        bool neg = false;
        for (int j = 0; j < N_SUMS; j++) {
            s[j] = get_i128(p + 40 + 16 * j);
            neg |= s[j] < 0;
        }
        set_totals(a, s);
        const char *why = NULL;
        if (!(amount_ok(lower) && upper_ok(lower, upper)))
            why = "invalid bounds";
        else if (a->n < 0 || a->n_above < 0 || a->n_below < 0 || a->n_above > a->n || a->n_below > a->n)
            why = "invalid record counts";
        else if (neg)
            why = "a negative total";
        if (why == NULL)
            set_bound(a, lower, upper);
        if (why != NULL) {
            value_ledger_free(l);
            return value__fail(VALUE_EPARSE, "corrupted ledger: contract %zu has %s", k, why);
        }
    }
    *out = l;
    return VALUE_OK;
}
