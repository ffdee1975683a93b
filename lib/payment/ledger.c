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
 * - Counts are unsigned 64-bit: a contract holds at most 2^64 - 1
 *   records.  With every amount at most 1e11 x 2^24 < 2^61 units, no sum
 *   of that many records reaches 2^125, so the 128-bit sums cannot
 *   overflow; value_ledger_add() and value_ledger_merge() check the counts
 *   (VALUE_ERANGE, the ledger unchanged) and check every sum too.
 *
 * - Serialization: see value_ledger_serialize() in value.h.  The reader
 *   checks, in order, the length of the header, the magic, the version,
 *   the length implied by the number of contracts, the checksum and then
 *   the contents, each with its own message.  The checksum is for
 *   corruption, not validity (anyone can recompute it), so the contents
 *   must be a state that value_ledger_add() and value_ledger_merge()
 *   could have produced: state_error() below lists the invariants.
 */
#include "ledger.h"

#include "core/threads.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
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
    uint64_t n;                          /* records, at most MAX_RECORDS */
    uint64_t p_cost, p_mm, p_risk, p_risk_mm;
    uint64_t p_above, p_below;
    uint64_t n_above, n_below;
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
#define MAX_RISK 1e4
#define MIN_MONTHS 1e-6
#define MAX_MONTHS 1e6
#define SCALE 0x1p24
#define MAX_RECORDS UINT64_MAX

/* The largest (and, for member-months, smallest) amount of one record in
 * 2^-24 units: fixed() of the limits above. */
#define Q_AMOUNT ((int64_t)(MAX_AMOUNT * SCALE))          /* 1e11 x 2^24 = 1677721600000000000 < 2^61 */
#define Q_RISK ((int64_t)(MAX_RISK * SCALE))              /* 1e4 x 2^24 = 167772160000 */
#define Q_MONTHS_MAX ((int64_t)(MAX_MONTHS * SCALE))      /* 1e6 x 2^24 = 16777216000000 */
#define Q_MONTHS_MIN ((int64_t)(MIN_MONTHS * SCALE + 0.5)) /* 1e-6 x 2^24 = 16.78, rounded: 17 */
/* fixed(r x m) - 1e4 fixed(m) for one record is at most 5000 (m is
 * rounded by up to half a unit) + 19 (r x m is rounded to a double:
 * 1e4 x 1.7e13 units x 2^-53) + 1 (rounding to units): 5100 leaves room. */
#define RISK_MM_SLACK 5100

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
    return r >= 0 && r <= MAX_RISK;
}

/* At least 1e-6, so that a record's member-months are at least 17 units
 * (a smaller amount would round to 0 units and leave records without
 * member-months, whose mean risk score is 0/0). */
static inline bool months_ok(double m)
{
    return m >= MIN_MONTHS && m <= MAX_MONTHS;
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
 * first invalid one (or the first for a contract that has MAX_RECORDS
 * already), or end when all were added. */
static size_t add_valid(led_acc *acc, size_t nc, const records *r, size_t first, size_t end)
{
    const int32_t *contract = r->contract;
    const double *cost = r->cost, *risk = r->risk, *mm = r->mm;
    size_t i;
    for (i = first; i < end; i++) {
        int32_t k = contract[i];
        double c = cost[i], rs = risk[i], m = mm[i];
        if (!(contract_ok(k, nc) && amount_ok(c) && risk_ok(rs) && months_ok(m) && rs * m <= MAX_AMOUNT &&
              acc[k].n != MAX_RECORDS))
            break;
        add_record(&acc[k], c, rs, m);
    }
    return i;
}

/* Why add_valid() stopped at record i: an invalid record (VALUE_EINVAL)
 * or, for a valid one, a contract with MAX_RECORDS records already
 * (VALUE_ERANGE). */
static int record_error(size_t nc, const records *r, size_t i)
{
    int32_t k = r->contract[i];
    double c = r->cost[i], rs = r->risk[i], m = r->mm[i];
    if (!contract_ok(k, nc))
        return value__fail(VALUE_EINVAL, "contract[%zu] is %d, not in [0, %zu)", i, (int)k, nc);
    if (!amount_ok(c))
        return value__fail_element("cost", i, c, "must be finite, >= 0 and at most 1e11");
    if (!risk_ok(rs))
        return value__fail_element("risk_score", i, rs, "must be finite, >= 0 and at most 1e4");
    if (!months_ok(m))
        return value__fail_element("member_months", i, m, "must be at least 1e-6 and at most 1e6");
    if (!(rs * m <= MAX_AMOUNT))
        return value__fail_element("risk_score x member_months", i, rs * m, "must be at most 1e11");
    return value__fail(VALUE_ERANGE,
                       "row %zu: contract %d has 18446744073709551615 records, the most a ledger counts (2^64 - 1)",
                       i, (int)k);
}

/* Whether b's records can be added to a's: no count beyond MAX_RECORDS
 * and no sum beyond 128 bits (which valid states cannot reach: see the
 * method notes, checked all the same). */
static bool acc_merge_ok(const led_acc *a, const led_acc *b)
{
    uint64_t u;
    i128 sa[N_SUMS], sb[N_SUMS], t;
    if (__builtin_add_overflow(a->n, b->n, &u) || __builtin_add_overflow(a->n_above, b->n_above, &u) ||
        __builtin_add_overflow(a->n_below, b->n_below, &u))
        return false;
    sums(a, sa);
    sums(b, sb);
    for (int j = 0; j < N_SUMS; j++)
        if (__builtin_add_overflow(sa[j], sb[j], &t))
            return false;
    return true;
}

/* Add b's records to a (integer sums: exact in any order), after
 * acc_merge_ok(a, b). */
static void acc_merge(led_acc *a, const led_acc *b)
{
    uint64_t n = b->n, na = b->n_above, nb = b->n_below;
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

static int fail_merge_range(size_t k, const led_acc *a, const led_acc *b)
{
    return value__fail(VALUE_ERANGE,
                       "contract %zu: %llu + %llu records are more than a ledger counts (2^64 - 1); the ledger is "
                       "unchanged",
                       k, (unsigned long long)a->n, (unsigned long long)b->n);
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

/* add_threaded(): add on one thread instead, which finds the record at
 * which a contract's count would pass MAX_RECORDS. */
#define RETRY_ON_ONE_THREAD 1

/* value_ledger_add() on n_jobs threads (the calling thread one of them),
 * each into accumulators of its own, merged into the ledger only when
 * every record is valid.  VALUE_ENOMEM when they cannot be allocated, or
 * RETRY_ON_ONE_THREAD when a count would pass MAX_RECORDS (the caller
 * then adds on one thread); otherwise as value_ledger_add(). */
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
        for (size_t k = 0; k < nc && rc == VALUE_OK; k++) {
            led_acc sum = l->acc[k];
            for (size_t j = 0; j < n_jobs && rc == VALUE_OK; j++) {
                if (acc_merge_ok(&sum, &jobs[j].acc[k]))
                    acc_merge(&sum, &jobs[j].acc[k]);
                else
                    rc = RETRY_ON_ONE_THREAD;
            }
        }
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
    if (n_jobs > 1 && (rc = add_threaded(l, &r, n, n_jobs)) != VALUE_ENOMEM && rc != RETRY_ON_ONE_THREAD)
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

/* ---- claims to beneficiary records ----------------------------------------------- */

/* A claim's paid amount may be negative (a reversal); its 2^-24 units,
 * rounded half up (|x| <= 1e11: exact in int64). */
static inline int64_t fixed_signed(double x)
{
    return (int64_t)floor(x * SCALE + 0.5);
}

/* One beneficiary's claims: the contract of its first row, that row, and
 * the sum of its paid amounts in 2^-24 units (exact in any row order). */
typedef struct claim_acc {
    i128 paid;
    size_t first;
    int32_t contract; /* -1: no row yet */
} claim_acc;

int value_ledger_add_claims(value_ledger *l, const int32_t *beneficiary, const int32_t *contract, const double *paid,
                            size_t n, const double *months, const double *risk_score, size_t n_beneficiaries)
{
    int rc;
    if ((rc = value__check_ptr(l, "l")) || (rc = value__check_ptr(beneficiary, "beneficiary")) ||
        (rc = value__check_ptr(contract, "contract")) || (rc = value__check_ptr(paid, "paid")) ||
        (rc = value__check_ptr(months, "months")) || (rc = value__check_ptr(risk_score, "risk_score")))
        return rc;
    if (n_beneficiaries > (size_t)INT32_MAX + 1)
        return value__fail(VALUE_EINVAL, "n_beneficiaries must be at most 2^31 (beneficiary indices are int32_t), "
                                         "got %zu", n_beneficiaries);
    for (size_t b = 0; b < n_beneficiaries; b++) {
        if (!months_ok(months[b]))
            return value__fail_element("months", b, months[b], "must be at least 1e-6 and at most 1e6");
        if (!risk_ok(risk_score[b]))
            return value__fail_element("risk_score", b, risk_score[b], "must be finite, >= 0 and at most 1e4");
        if (!(risk_score[b] * months[b] <= MAX_AMOUNT))
            return value__fail_element("risk_score x months", b, risk_score[b] * months[b], "must be at most 1e11");
    }
    const size_t nc = l->n;
    for (size_t i = 0; i < n; i++) {
        if ((uint64_t)(uint32_t)beneficiary[i] >= n_beneficiaries)
            return value__fail(VALUE_EINVAL, "beneficiary[%zu] is %d, not in [0, %zu)", i, (int)beneficiary[i],
                               n_beneficiaries);
        if (!contract_ok(contract[i], nc))
            return value__fail(VALUE_EINVAL, "contract[%zu] is %d, not in [0, %zu)", i, (int)contract[i], nc);
        if (!(paid[i] >= -MAX_AMOUNT && paid[i] <= MAX_AMOUNT))
            return value__fail_element("paid", i, paid[i], "must be finite and in [-1e11, 1e11]");
    }
    claim_acc *acc = malloc((n_beneficiaries ? n_beneficiaries : 1) * sizeof *acc);
    if (acc == NULL)
        return value__fail(VALUE_ENOMEM, "out of memory for the claims of %zu beneficiaries", n_beneficiaries);
    for (size_t b = 0; b < n_beneficiaries; b++)
        acc[b] = (claim_acc){0, 0, -1};
    size_t n_rec = 0;
    for (size_t i = 0; i < n; i++) {
        claim_acc *a = &acc[beneficiary[i]];
        if (a->contract < 0) {
            a->contract = contract[i];
            a->first = i;
            n_rec++;
        } else if (a->contract != contract[i]) {
            /* claims of one beneficiary under two contracts: an assignment
             * error upstream, never summed into either */
            rc = value__fail(VALUE_EINVAL,
                             "contract[%zu]: row %zu puts beneficiary[%zu] under contract %d, but row %zu (the same "
                             "beneficiary) under contract %d; a beneficiary belongs to one contract",
                             i, i, i, (int)contract[i], a->first, (int)a->contract);
            free(acc);
            return rc;
        }
        a->paid += fixed_signed(paid[i]);
    }
    int32_t *rk = malloc((n_rec ? n_rec : 1) * sizeof *rk);
    double *buf = malloc((n_rec ? n_rec : 1) * 3 * sizeof *buf);
    if (rk == NULL || buf == NULL) {
        free(acc);
        free(rk);
        free(buf);
        return value__fail(VALUE_ENOMEM, "out of memory for the records of %zu beneficiaries", n_rec);
    }
    double *rcost = buf, *rrisk = buf + n_rec, *rmm = buf + 2 * n_rec;
    size_t j = 0;
    rc = VALUE_OK;
    for (size_t b = 0; b < n_beneficiaries && rc == VALUE_OK; b++) {
        const claim_acc *a = &acc[b];
        if (a->contract < 0)
            continue;
        double cost = to_double(a->paid);
        if (!amount_ok(cost)) {
            char x[32];
            value__format_double(cost, x, sizeof x);
            rc = value__fail(VALUE_EINVAL,
                             "paid[%zu] and the other claims of beneficiary[%zu] sum to %s, must be >= 0 and at most 1e11",
                             a->first, a->first, x);
            break;
        }
        rk[j] = a->contract, rcost[j] = cost, rrisk[j] = risk_score[b], rmm[j] = months[b];
        j++;
    }
    free(acc);
    if (rc == VALUE_OK)
        rc = value_ledger_add(l, rk, rcost, rrisk, rmm, n_rec);
    free(rk);
    free(buf);
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
    for (size_t k = 0; k < into->n; k++)
        if (!acc_merge_ok(&into->acc[k], &from->acc[k]))
            return fail_merge_range(k, &into->acc[k], &from->acc[k]);
    /* (into == from doubles the ledger: acc_merge reads each contract's
     * sums before it changes them) */
    for (size_t k = 0; k < into->n; k++)
        acc_merge(&into->acc[k], &from->acc[k]);
    return VALUE_OK;
}

int value__ledger_get_totals(const value_ledger *l, size_t k, value__contract_totals *out)
{
    if (k >= l->n)
        return value__fail(VALUE_EINVAL, "contract_index is %zu, not in [0, %zu) (the ledger has %zu contracts)", k,
                           l->n, l->n);
    const led_acc *a = &l->acc[k];
    i128 s[N_SUMS];
    sums(a, s);
    out->records = (double)a->n;
    out->member_months = to_double(s[3]);
    out->risk_mm = to_double(s[5]);
    /* at least 17 units of member-months a record (months_ok()): never 0/0 */
    out->risk_mean = a->n > 0 ? (double)s[5] / (double)s[3] : 0.0;
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

/* ---- the states value_ledger_add() and value_ledger_merge() can produce ---------------- */

/*
 * One contract's state: bounds L, U; counts n (records), n_a (above U),
 * n_b (below L); sums in 2^-24 units C (cost), A (parts above U), B
 * (parts below L), M (member-months), R (risk scores), RM (risk score x
 * member-months).  With qL = fixed(L), qU = fixed(U), and the limits of
 * one record Q = fixed(1e11) (cost, risk x member-months), Q_R =
 * fixed(1e4) (risk score), [Q_m, Q_M] = [fixed(1e-6), fixed(1e6)] =
 * [17, 1e6 x 2^24] (member-months), value_ledger_add() adds per record
 * qc = fixed(c) in [0, Q]; when qc > qU (never for U = Inf) one to n_a
 * and qc - qU, in [1, Q - qU], to A; when qc < qL one to n_b and qL - qc,
 * in [1, qL], to B (never both: qL <= qU); qm in [Q_m, Q_M] to M; qr in
 * [0, Q_R] to R; qrm = fixed(r m) in [0, Q] to RM, where qrm <= 1e4 qm +
 * RISK_MM_SLACK.  Merging adds counts and sums.  So every state reached
 * satisfies, and the reader checks, in this order:
 *
 *  1. bounds: L finite in [0, 1e11]; U > L, U <= 1e11 or U = +Inf;
 *  2. counts: n_a + n_b <= n (<= 2^64 - 1, the width of the field);
 *  3. every sum in [0, n x its per-record maximum]: C, A, RM <= n Q,
 *     B <= n qL, R <= n Q_R, n Q_m <= M <= n Q_M (so no records: all 0);
 *  4. above U: none when U = Inf (n_a = 0, A = 0), else
 *     n_a <= A <= n_a (Q - qU) (so none when qU = Q);
 *  5. below L: n_b <= B <= n_b qL (so none when qL = 0);
 *  6. the cost of the n - n_a - n_b records within [qL, qU],
 *     C - (n_a qU + A) - (n_b qL - B), is in [(n - n_a - n_b) qL,
 *     (n - n_a - n_b) min(qU, Q)];
 *  7. RM <= 1e4 M + RISK_MM_SLACK n (the mean risk score is at most
 *     1e4 + 5100 / 17).
 *
 * These are the bounds of what records can sum to, not a proof that some
 * records give exactly these sums (at the largest amounts not every
 * whole number of units is fixed() of a double), but every state they
 * admit has finite totals, counts that add up, parts above and below the
 * bounds that fit in the costs and a mean risk score within the records'
 * range, and merges of such states cannot overflow (3: every sum below
 * 2^64 x 2^61 = 2^125).  Each check's message names what is wrong.
 */

typedef unsigned __int128 u128;

static const char *const SUM_NAMES[N_SUMS] = {"cost",        "part above the upper bound", "part below the lower bound",
                                              "member-months", "risk score",                "risk score x member-months"};

/* An amount of 2^-24 units as a message shows it: exactly, in the
 * records' units ("99999999900.000000059604644775390625"), so that a
 * total one unit past a limit does not read as the limit. */
static void fmt_units(i128 v, char *buf, size_t len)
{
    u128 a = v < 0 ? -(u128)v : (u128)v, ip = a >> 24;
    u128 frac = (a & 0xffffff) * 59604644775390625u; /* x 5^24: the fraction's 24 decimals */
    char digits[48], *d = digits + sizeof digits;
    *--d = '\0';
    do {
        *--d = (char)('0' + (int)(ip % 10));
        ip /= 10;
    } while (ip != 0);
    char decimals[25] = "";
    if (frac != 0) {
        for (int i = 23; i >= 0; i--, frac /= 10)
            decimals[i] = (char)('0' + (int)(frac % 10));
        decimals[24] = '\0';
        for (int i = 23; decimals[i] == '0'; i--)
            decimals[i] = '\0';
    }
    snprintf(buf, len, "%s%s%s%s", v < 0 ? "-" : "", d, decimals[0] ? "." : "", decimals);
}

/* Why a's state is not one value_ledger_add() and value_ledger_merge()
 * could produce (a message after "contract k has "), or NULL. */
static const char *state_error(const led_acc *a, double lower, double upper, char *why, size_t len)
{
    char x[64], y[64], z[32];
    if (!(amount_ok(lower) && upper_ok(lower, upper))) {
        value__format_double(lower, x, sizeof x);
        value__format_double(upper, y, sizeof y);
        snprintf(why, len, "invalid bounds [%s, %s] (lower must be in [0, 1e11], upper above it, at most 1e11 or Inf)",
                 x, y);
        return why;
    }
    const uint64_t n = a->n, na = a->n_above, nb = a->n_below;
    if (na > n || nb > n - na) {
        snprintf(why, len, "%llu records above and %llu below its bounds, more than its %llu records",
                 (unsigned long long)na, (unsigned long long)nb, (unsigned long long)n);
        return why;
    }
    const bool no_upper = isinf(upper);
    const i128 qL = fixed(lower), qU = no_upper ? Q_AMOUNT : fixed(upper); /* qU <= Q_AMOUNT */
    i128 s[N_SUMS];
    sums(a, s);
    const i128 lo[N_SUMS] = {0, 0, 0, (i128)n * Q_MONTHS_MIN, 0, 0};
    const i128 hi[N_SUMS] = {(i128)n * Q_AMOUNT,     (i128)n * Q_AMOUNT, (i128)n * qL,
                             (i128)n * Q_MONTHS_MAX, (i128)n * Q_RISK,   (i128)n * Q_AMOUNT};
    for (int j = 0; j < N_SUMS; j++) {
        if (s[j] < 0) {
            snprintf(why, len, "a negative %s total", SUM_NAMES[j]);
            return why;
        }
        if (s[j] > hi[j] || s[j] < lo[j]) {
            fmt_units(s[j], x, sizeof x);
            fmt_units(s[j] > hi[j] ? hi[j] : lo[j], y, sizeof y);
            snprintf(why, len, "a %s total of %s, %s than its %llu records can sum to (%s %s)", SUM_NAMES[j], x,
                     s[j] > hi[j] ? "more" : "less", (unsigned long long)n, s[j] > hi[j] ? "at most" : "at least", y);
            return why;
        }
    }
    const i128 C = s[0], A = s[1], B = s[2], M = s[3], RM = s[5];
    if (no_upper && (na != 0 || A != 0)) {
        fmt_units(A, x, sizeof x);
        snprintf(why, len, "%llu records and a part of %s above an infinite upper bound", (unsigned long long)na, x);
        return why;
    }
    if (A < (i128)na || A > (i128)na * (Q_AMOUNT - qU)) {
        fmt_units(A, x, sizeof x);
        fmt_units((i128)na * (Q_AMOUNT - qU), y, sizeof y);
        value__format_double(upper, z, sizeof z);
        snprintf(why, len,
                 "a part above the upper bound %s of %s for %llu records above it (from 2^-24 each, at most %s "
                 "in all)",
                 z, x, (unsigned long long)na, y);
        return why;
    }
    if (B < (i128)nb || B > (i128)nb * qL) {
        fmt_units(B, x, sizeof x);
        fmt_units((i128)nb * qL, y, sizeof y);
        value__format_double(lower, z, sizeof z);
        snprintf(why, len,
                 "a part below the lower bound %s of %s for %llu records below it (from 2^-24 each, at most %s "
                 "in all)",
                 z, x, (unsigned long long)nb, y);
        return why;
    }
    const u128 nm = (u128)(n - na - nb);
    const i128 within = C - ((i128)na * qU + A) - ((i128)nb * qL - B);
    if (within < (i128)nm * qL || within > (i128)nm * qU) {
        fmt_units(C, x, sizeof x);
        fmt_units(within, y, sizeof y);
        snprintf(why, len,
                 "a cost total of %s that its parts above and below the bounds do not fit: its %llu records within "
                 "the bounds would cost %s",
                 x, (unsigned long long)nm, y);
        return why;
    }
    if (RM > (i128)MAX_RISK * M + (i128)RISK_MM_SLACK * (i128)n) {
        fmt_units(RM, x, sizeof x);
        fmt_units(M, y, sizeof y);
        snprintf(why, len, "a risk score x member-months total of %s, more than 1e4 x its member-months (%s) allow",
                 x, y);
        return why;
    }
    return NULL;
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

uint64_t value__ledger_checksum(const uint8_t *p, size_t n)
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
    put_le(p, value__ledger_checksum(out, need - CHECKSUM_BYTES), 8);
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
    uint64_t sum = value__ledger_checksum(data, need - CHECKSUM_BYTES), stored = get_le(data + need - CHECKSUM_BYTES, 8);
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
        a->n = get_le(p + 16, 8);
        a->n_above = get_le(p + 24, 8);
        a->n_below = get_le(p + 32, 8);
        i128 s[N_SUMS];
        for (int j = 0; j < N_SUMS; j++)
            s[j] = get_i128(p + 40 + 16 * j);
        set_totals(a, s);
        char buf[512];
        const char *why = state_error(a, lower, upper, buf, sizeof buf);
        if (why != NULL) {
            value_ledger_free(l);
            return value__fail(VALUE_EPARSE, "corrupted ledger: contract %zu has %s", k, why);
        }
        set_bound(a, lower, upper);
    }
    *out = l;
    return VALUE_OK;
}
