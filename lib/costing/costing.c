/*
 * Costing models: time-driven activity-based costing (TDABC).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names are looked up by linear search: models hold tens of resources and
 * processes, and only model building and single-episode calls use names.
 * The bulk path (value_costing_log_costs) works on numbers.
 *
 * Overflow.  Every input is finite, but products and sums of finite
 * doubles need not be: a rate cost / (capacity x fraction) of a tiny
 * capacity, minutes x frequency x rate of huge ones.  Each is checked
 * where it is formed (before it can turn into NaN as Inf x 0), and a call
 * whose result would not be finite fails with VALUE_ERANGE naming the
 * resource, item or record, having written nothing.
 */
#include "core/internal.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct resource {
    char *name;
    double cost;      /* per period */
    double practical; /* practical capacity, minutes per period */
    double rate;      /* cost per practical minute */
} resource;

typedef struct driver {
    char *name;
    double default_value;
} driver;

typedef struct term {
    size_t driver;
    double minutes_per_unit;
} term;

typedef enum item_kind { ITEM_STEP, ITEM_CONSUMABLE, ITEM_SUBPROCESS } item_kind;

typedef struct item {
    item_kind kind;
    size_t ref;       /* step: resource; sub-process: process */
    double amount;    /* step: base minutes; consumable: unit cost */
    double frequency; /* step, sub-process: occurrences; consumable: quantity */
    double direct;    /* step: direct cost per occurrence */
    char *name;       /* consumable only */
    term *terms;      /* step only: the time equation */
    size_t n_terms;
} item;

typedef struct process {
    char *name;
    item *items;
    size_t n_items, cap_items;
} process;

struct value_costing {
    resource *resources;
    size_t n_resources, cap_resources;
    driver *drivers;
    size_t n_drivers, cap_drivers;
    process *processes;
    size_t n_processes, cap_processes;
};

/* ---- small helpers ------------------------------------------------------ */

/* Make room for one more element; the array is unchanged on failure. */
static int reserve(void **array, size_t *cap, size_t n, size_t elem_size)
{
    if (n < *cap)
        return VALUE_OK;
    size_t new_cap = *cap ? 2 * *cap : 8;
    void *grown = realloc(*array, new_cap * elem_size);
    if (grown == NULL)
        return value__fail(VALUE_ENOMEM, "costing model: out of memory");
    *array = grown;
    *cap = new_cap;
    return VALUE_OK;
}

static int check_number(double v, const char *what, bool allow_negative)
{
    int rc = value__check_finite(v, what);
    if (rc)
        return rc;
    if (!allow_negative && v < 0)
        return value__fail(VALUE_EINVAL, "%s must be >= 0, got %.17g", what, v);
    return VALUE_OK;
}

/* x as the shortest decimal that reads back (for messages); returns buf. */
typedef struct num_buf {
    char s[32];
} num_buf;

static const char *num(num_buf *b, double x)
{
    value__format_double(x, b->s, sizeof b->s);
    return b->s;
}

static int check_name(const char *name, const char *what)
{
    if (name == NULL)
        return value__fail(VALUE_EINVAL, "%s name is NULL", what);
    if (name[0] == '\0')
        return value__fail(VALUE_EINVAL, "%s name is empty", what);
    return VALUE_OK;
}

/* A process name passed as argument `arg` (not "process"), named in the
 * message: "sub is NULL (a process name)". */
static int check_process_arg(const char *name, const char *arg)
{
    if (name == NULL)
        return value__fail(VALUE_EINVAL, "%s is NULL (a process name)", arg);
    if (name[0] == '\0')
        return value__fail(VALUE_EINVAL, "%s is empty (a process name)", arg);
    return VALUE_OK;
}

/* Index of `name` in an array of structs whose first member is the name
 * (resource, driver, process); n if absent. */
static size_t index_of(const void *array, size_t n, size_t stride, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(*(char *const *)((const char *)array + k * stride), name) == 0)
            return k;
    return n;
}

/* The names of such an array, for value__name_hint(). */
typedef struct strided {
    const void *array;
    size_t stride;
} strided;

static const char *strided_name(const void *ctx, size_t k)
{
    const strided *a = ctx;
    return *(char *const *)((const char *)a->array + k * a->stride);
}

/* Look up an existing `kind` by name: VALUE_ENOTFOUND names it if absent. */
static int find_named(const void *array, size_t n, size_t stride, const char *name, const char *kind, size_t *out)
{
    int rc = check_name(name, kind);
    if (rc)
        return rc;
    *out = index_of(array, n, stride, name);
    if (*out == n) {
        const strided names = {array, stride};
        char hint[400];
        return value__fail(VALUE_ENOTFOUND, "unknown %s '%s'%s", kind, name,
                           value__name_hint(hint, sizeof hint, name, n, strided_name, &names));
    }
    return VALUE_OK;
}

/* Check a new `kind`'s name: non-empty and not taken. */
static int check_new_name(const void *array, size_t n, size_t stride, const char *name, const char *kind)
{
    int rc = check_name(name, kind);
    if (rc)
        return rc;
    if (index_of(array, n, stride, name) < n)
        return value__fail(VALUE_EINVAL, "%s '%s' already exists", kind, name);
    return VALUE_OK;
}

static int find_resource(const value_costing *c, const char *name, size_t *out)
{
    return find_named(c->resources, c->n_resources, sizeof *c->resources, name, "resource", out);
}

static int find_driver(const value_costing *c, const char *name, size_t *out)
{
    return find_named(c->drivers, c->n_drivers, sizeof *c->drivers, name, "driver", out);
}

static int find_process(const value_costing *c, const char *name, size_t *out)
{
    return find_named(c->processes, c->n_processes, sizeof *c->processes, name, "process", out);
}

/* ---- building a model -------------------------------------------------------- */

int value_costing_new(value_costing **out)
{
    int rc = value__check_ptr(out, "out");
    if (rc)
        return rc;
    value_costing *c = calloc(1, sizeof *c);
    if (c == NULL)
        return value__fail(VALUE_ENOMEM, "value_costing_new: out of memory");
    *out = c;
    return VALUE_OK;
}

void value_costing_free(value_costing *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n_resources; i++)
        free(c->resources[i].name);
    for (size_t i = 0; i < c->n_drivers; i++)
        free(c->drivers[i].name);
    for (size_t p = 0; p < c->n_processes; p++) {
        process *pr = &c->processes[p];
        for (size_t i = 0; i < pr->n_items; i++) {
            free(pr->items[i].name);
            free(pr->items[i].terms);
        }
        free(pr->items);
        free(pr->name);
    }
    free(c->resources);
    free(c->drivers);
    free(c->processes);
    free(c);
}

int value_costing_add_resource(value_costing *c, const char *name, double cost, double capacity_minutes,
                               double practical_fraction, size_t *out_index)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out_index, "out_index")) ||
        (rc = check_new_name(c->resources, c->n_resources, sizeof *c->resources, name, "resource")))
        return rc;
    if ((rc = check_number(cost, "cost", false)) || (rc = value__check_finite(capacity_minutes, "capacity_minutes")) ||
        (rc = value__check_finite(practical_fraction, "practical_fraction")))
        return rc;
    if (capacity_minutes <= 0)
        return value__fail(VALUE_EINVAL, "capacity_minutes of resource '%s' must be > 0, got %.17g", name,
                           capacity_minutes);
    if (!(practical_fraction > 0 && practical_fraction <= 1))
        return value__fail(VALUE_EINVAL, "practical_fraction of resource '%s' must be in (0, 1], got %.17g", name,
                           practical_fraction);
    if ((rc = reserve((void **)&c->resources, &c->cap_resources, c->n_resources, sizeof *c->resources)))
        return rc;
    char *copy = value__strdup(name);
    if (copy == NULL)
        return value__fail(VALUE_ENOMEM, "costing model: out of memory");
    const double practical = capacity_minutes * practical_fraction, rate = cost / practical;
    if (!(practical > 0) || !isfinite(rate)) {
        free(copy);
        num_buf a, b, d;
        return value__fail(VALUE_ERANGE,
                           "the capacity cost rate of resource '%s' overflows: cost %s / (capacity_minutes %s x "
                           "practical_fraction %s)",
                           name, num(&a, cost), num(&b, capacity_minutes), num(&d, practical_fraction));
    }
    resource *r = &c->resources[c->n_resources];
    r->name = copy;
    r->cost = cost;
    r->practical = practical;
    r->rate = rate;
    *out_index = c->n_resources++;
    return VALUE_OK;
}

int value_costing_add_driver(value_costing *c, const char *name, double default_value, size_t *out_index)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out_index, "out_index")) ||
        (rc = check_new_name(c->drivers, c->n_drivers, sizeof *c->drivers, name, "driver")) ||
        (rc = value__check_finite(default_value, "default_value")))
        return rc;
    if ((rc = reserve((void **)&c->drivers, &c->cap_drivers, c->n_drivers, sizeof *c->drivers)))
        return rc;
    char *copy = value__strdup(name);
    if (copy == NULL)
        return value__fail(VALUE_ENOMEM, "costing model: out of memory");
    c->drivers[c->n_drivers].name = copy;
    c->drivers[c->n_drivers].default_value = default_value;
    *out_index = c->n_drivers++;
    return VALUE_OK;
}

int value_costing_add_process(value_costing *c, const char *name, size_t *out_index)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out_index, "out_index")) ||
        (rc = check_new_name(c->processes, c->n_processes, sizeof *c->processes, name, "process")))
        return rc;
    if ((rc = reserve((void **)&c->processes, &c->cap_processes, c->n_processes, sizeof *c->processes)))
        return rc;
    char *copy = value__strdup(name);
    if (copy == NULL)
        return value__fail(VALUE_ENOMEM, "costing model: out of memory");
    process *p = &c->processes[c->n_processes];
    memset(p, 0, sizeof *p);
    p->name = copy;
    *out_index = c->n_processes++;
    return VALUE_OK;
}

/* Append a zeroed item to process p; returns it through *out. */
static int append_item(process *p, item_kind kind, item **out)
{
    int rc = reserve((void **)&p->items, &p->cap_items, p->n_items, sizeof *p->items);
    if (rc)
        return rc;
    item *it = &p->items[p->n_items];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    *out = it;
    return VALUE_OK;
}

int value_costing_add_step(value_costing *c, const char *process_name, const char *resource_name, double minutes,
                           double frequency, size_t *out_item)
{
    int rc;
    size_t p, r;
    item *it;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out_item, "out_item")) ||
        (rc = find_process(c, process_name, &p)) || (rc = find_resource(c, resource_name, &r)) ||
        (rc = check_number(minutes, "minutes", false)) || (rc = check_number(frequency, "frequency", false)) ||
        (rc = append_item(&c->processes[p], ITEM_STEP, &it)))
        return rc;
    it->ref = r;
    it->amount = minutes;
    it->frequency = frequency;
    *out_item = c->processes[p].n_items++;
    return VALUE_OK;
}

static int find_step(const value_costing *c, const char *process_name, size_t item_index, item **out)
{
    size_t p;
    int rc = find_process(c, process_name, &p);
    if (rc)
        return rc;
    const process *pr = &c->processes[p];
    if (item_index >= pr->n_items)
        return value__fail(VALUE_EINVAL, "item is %zu, not in [0, %zu) (process '%s' has %zu items)",
                           item_index, pr->n_items, process_name, pr->n_items);
    if (pr->items[item_index].kind != ITEM_STEP)
        return value__fail(VALUE_EINVAL, "item %zu of process '%s' is not a step", item_index, process_name);
    *out = &pr->items[item_index];
    return VALUE_OK;
}

int value_costing_add_step_term(value_costing *c, const char *process_name, size_t item_index, const char *driver_name,
                                double minutes_per_unit)
{
    int rc;
    item *it;
    size_t d;
    if ((rc = value__check_ptr(c, "c")) || (rc = find_step(c, process_name, item_index, &it)) ||
        (rc = find_driver(c, driver_name, &d)) || (rc = value__check_finite(minutes_per_unit, "minutes_per_unit")))
        return rc;
    term *grown = realloc(it->terms, (it->n_terms + 1) * sizeof *grown);
    if (grown == NULL)
        return value__fail(VALUE_ENOMEM, "costing model: out of memory");
    it->terms = grown;
    grown[it->n_terms].driver = d;
    grown[it->n_terms].minutes_per_unit = minutes_per_unit;
    it->n_terms++;
    return VALUE_OK;
}

int value_costing_add_step_cost(value_costing *c, const char *process_name, size_t item_index, double cost)
{
    int rc;
    item *it;
    if ((rc = value__check_ptr(c, "c")) || (rc = find_step(c, process_name, item_index, &it)) ||
        (rc = check_number(cost, "cost", false)))
        return rc;
    it->direct += cost;
    return VALUE_OK;
}

int value_costing_add_consumable(value_costing *c, const char *process_name, const char *name, double unit_cost,
                                 double quantity, size_t *out_item)
{
    int rc;
    size_t p;
    item *it;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out_item, "out_item")) ||
        (rc = find_process(c, process_name, &p)) || (rc = check_name(name, "consumable")) ||
        (rc = check_number(unit_cost, "unit_cost", false)) || (rc = check_number(quantity, "quantity", false)))
        return rc;
    char *copy = value__strdup(name);
    if (copy == NULL)
        return value__fail(VALUE_ENOMEM, "costing model: out of memory");
    if ((rc = append_item(&c->processes[p], ITEM_CONSUMABLE, &it))) {
        free(copy);
        return rc;
    }
    it->name = copy;
    it->amount = unit_cost;
    it->frequency = quantity;
    *out_item = c->processes[p].n_items++;
    return VALUE_OK;
}

/* Does process `from` reach process `target` through sub-processes? */
static bool reaches(const value_costing *c, size_t from, size_t target, bool *visited)
{
    if (from == target)
        return true;
    if (visited[from])
        return false;
    visited[from] = true;
    const process *p = &c->processes[from];
    for (size_t i = 0; i < p->n_items; i++)
        if (p->items[i].kind == ITEM_SUBPROCESS && reaches(c, p->items[i].ref, target, visited))
            return true;
    return false;
}

int value_costing_add_subprocess(value_costing *c, const char *process_name, const char *sub_name, double frequency,
                                 size_t *out_item)
{
    int rc;
    size_t p, s;
    item *it;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out_item, "out_item")) ||
        (rc = find_process(c, process_name, &p)) || (rc = check_process_arg(sub_name, "sub")) ||
        (rc = find_process(c, sub_name, &s)) ||
        (rc = check_number(frequency, "frequency", false)))
        return rc;
    bool *visited = calloc(c->n_processes, sizeof *visited);
    if (visited == NULL)
        return value__fail(VALUE_ENOMEM, "costing model: out of memory");
    bool cycle = reaches(c, s, p, visited);
    free(visited);
    if (cycle)
        return value__fail(VALUE_EINVAL, "process '%s' cannot include '%s': '%s' would include itself", process_name,
                           sub_name, process_name);
    if ((rc = append_item(&c->processes[p], ITEM_SUBPROCESS, &it)))
        return rc;
    it->ref = s;
    it->frequency = frequency;
    *out_item = c->processes[p].n_items++;
    return VALUE_OK;
}

/* ---- queries ---------------------------------------------------------------- */

int value_costing_counts(const value_costing *c, size_t *out_resources, size_t *out_drivers, size_t *out_processes)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out_resources, "out_resources")) ||
        (rc = value__check_ptr(out_drivers, "out_drivers")) || (rc = value__check_ptr(out_processes, "out_processes")))
        return rc;
    *out_resources = c->n_resources;
    *out_drivers = c->n_drivers;
    *out_processes = c->n_processes;
    return VALUE_OK;
}

int value_costing_process_items(const value_costing *c, const char *process_name, size_t *out)
{
    int rc;
    size_t p;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out, "out")) ||
        (rc = find_process(c, process_name, &p)))
        return rc;
    *out = c->processes[p].n_items;
    return VALUE_OK;
}

/* The checks of the name getters: c and out given, index < count. */
static int check_name_at(const value_costing *c, size_t index, size_t count, const char *what, const char *plural,
                         const char **out)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (index >= count)
        return value__fail(VALUE_EINVAL, "%s is %zu, not in [0, %zu) (the model has %zu %s)", what, index, count, count,
                           plural);
    return VALUE_OK;
}

int value_costing_resource_name(const value_costing *c, size_t index, const char **out)
{
    int rc = check_name_at(c, index, c != NULL ? c->n_resources : 0, "resource", "resources", out);
    if (rc == VALUE_OK)
        *out = c->resources[index].name;
    return rc;
}

int value_costing_driver_name(const value_costing *c, size_t index, const char **out)
{
    int rc = check_name_at(c, index, c != NULL ? c->n_drivers : 0, "driver", "drivers", out);
    if (rc == VALUE_OK)
        *out = c->drivers[index].name;
    return rc;
}

int value_costing_process_name(const value_costing *c, size_t index, const char **out)
{
    int rc = check_name_at(c, index, c != NULL ? c->n_processes : 0, "process", "processes", out);
    if (rc == VALUE_OK)
        *out = c->processes[index].name;
    return rc;
}

int value_costing_resource_rate(const value_costing *c, const char *resource_name, double *out)
{
    int rc;
    size_t r;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out, "out")) ||
        (rc = find_resource(c, resource_name, &r)))
        return rc;
    *out = c->resources[r].rate;
    return VALUE_OK;
}

/* ---- evaluating episodes ------------------------------------------------------ */

/* What an evaluation accumulates; NULL members are not wanted. */
typedef struct tally {
    double total;
    double *by_resource; /* n_resources + 1: time cost per resource, then direct costs */
    double *minutes;     /* n_resources: minutes demanded per resource */
    bool minutes_only;   /* capacity: costs are not wanted (nor checked) */
} tally;

/* VALUE_ERANGE for item i of process p: its `what` is not finite. */
static int fail_item(const value_costing *c, size_t p, size_t i, const char *what, double v)
{
    num_buf b;
    return value__fail(VALUE_ERANGE, "the %s of item %zu of process '%s' overflows (%s)", what, i,
                       c->processes[p].name, num(&b, v));
}

static int step_minutes(const value_costing *c, size_t p, size_t i, const double *x, double *out)
{
    const item *it = &c->processes[p].items[i];
    double m = it->amount;
    for (size_t k = 0; k < it->n_terms; k++) {
        size_t d = it->terms[k].driver;
        m += it->terms[k].minutes_per_unit * (x ? x[d] : c->drivers[d].default_value);
    }
    if (!isfinite(m))
        return value__fail(VALUE_ERANGE,
                           "item %zu of process '%s' (a step on resource '%s'): its time equation overflows (%s minutes) for "
                           "these driver values",
                           i, c->processes[p].name, c->resources[it->ref].name, isnan(m) ? "NaN" : "Inf");
    if (m < 0)
        return value__fail(VALUE_EDOM, "item %zu of process '%s' (a step on resource '%s') takes %.17g minutes for these driver values",
                           i, c->processes[p].name, c->resources[it->ref].name, m);
    *out = m;
    return VALUE_OK;
}

/* Add `scale` episodes of process p to t. */
static int accumulate(const value_costing *c, size_t p, const double *x, double scale, tally *t)
{
    const process *pr = &c->processes[p];
    int rc;
    for (size_t i = 0; i < pr->n_items; i++) {
        const item *it = &pr->items[i];
        switch (it->kind) {
        case ITEM_STEP: {
            double m;
            if ((rc = step_minutes(c, p, i, x, &m)))
                return rc;
            double n = scale * it->frequency;
            if (!isfinite(n))
                return fail_item(c, p, i, "number of occurrences", n);
            if (t->minutes) {
                double nm = n * m;
                if (!isfinite(nm) || !isfinite(t->minutes[it->ref] + nm))
                    return fail_item(c, p, i, "minutes", nm);
                t->minutes[it->ref] += nm;
            }
            if (t->minutes_only)
                break;
            /* phi (rho m) and phi d, as value_costing_cost_by_item() forms
             * phi (rho m + d): 0 minutes cost 0 however often */
            double rm = c->resources[it->ref].rate * m;
            double time_cost = n * rm, direct = n * it->direct;
            if (!isfinite(rm) || !isfinite(time_cost))
                return fail_item(c, p, i, "time cost", isfinite(rm) ? time_cost : rm);
            if (!isfinite(direct))
                return fail_item(c, p, i, "direct cost", direct);
            if (!isfinite(t->total + (time_cost + direct)))
                return fail_item(c, p, i, "running episode cost", t->total + (time_cost + direct));
            t->total += time_cost + direct;
            if (t->by_resource) {
                t->by_resource[it->ref] += time_cost;
                t->by_resource[c->n_resources] += direct;
            }
            break;
        }
        case ITEM_CONSUMABLE: {
            if (t->minutes_only)
                break;
            double sa = scale * it->amount, direct = sa * it->frequency;
            if (!isfinite(sa) || !isfinite(direct))
                return fail_item(c, p, i, "cost", isfinite(sa) ? direct : sa);
            if (!isfinite(t->total + direct))
                return fail_item(c, p, i, "running episode cost", t->total + direct);
            t->total += direct;
            if (t->by_resource)
                t->by_resource[c->n_resources] += direct;
            break;
        }
        case ITEM_SUBPROCESS: {
            double n = scale * it->frequency;
            if (!isfinite(n))
                return fail_item(c, p, i, "number of occurrences", n);
            if ((rc = accumulate(c, it->ref, x, n, t)))
                return rc;
            break;
        }
        }
    }
    return VALUE_OK;
}

/* Common checks of the episode calls; *x is NULL when the defaults apply. */
static int episode_args(const value_costing *c, const char *process_name, const double *drivers, size_t n_drivers,
                        size_t *p, const double **x)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = find_process(c, process_name, p)))
        return rc;
    if (n_drivers == 0) {
        *x = NULL;
        return VALUE_OK;
    }
    if (n_drivers != c->n_drivers)
        return value__fail(VALUE_EINVAL, "n_drivers must be 0 (defaults) or %zu, the model's number of drivers, got %zu",
                           c->n_drivers, n_drivers);
    if ((rc = value__check_array(drivers, n_drivers, 1, "drivers", "n_drivers")))
        return rc;
    *x = drivers;
    return VALUE_OK;
}

static int check_out(const double *out, size_t out_len, size_t want, const char *what)
{
    int rc = out_len == 0 && want == 0 ? VALUE_OK : value__check_ptr(out, "out");
    if (rc)
        return rc;
    return value__check_length("out_len", out_len, want, what);
}

int value_costing_episode_cost(const value_costing *c, const char *process_name, const double *drivers,
                               size_t n_drivers, double *out)
{
    int rc;
    size_t p;
    const double *x;
    if ((rc = episode_args(c, process_name, drivers, n_drivers, &p, &x)) || (rc = value__check_ptr(out, "out")))
        return rc;
    tally t = {0.0, NULL, NULL, false};
    if ((rc = accumulate(c, p, x, 1.0, &t)))
        return rc;
    *out = t.total;
    return VALUE_OK;
}

/* by_resource for one process into a fresh buffer of n_resources + 1
 * (each part at most the finite total; checked all the same). */
static int breakdown(const value_costing *c, size_t p, const double *x, double *buf)
{
    memset(buf, 0, (c->n_resources + 1) * sizeof *buf);
    tally t = {0.0, buf, NULL, false};
    int rc = accumulate(c, p, x, 1.0, &t);
    for (size_t r = 0; r <= c->n_resources && rc == VALUE_OK; r++)
        if (!isfinite(buf[r]))
            rc = value__fail(VALUE_ERANGE, "the cost of %s%s%s in process '%s' overflows",
                             r < c->n_resources ? "resource '" : "the direct costs",
                             r < c->n_resources ? c->resources[r].name : "", r < c->n_resources ? "'" : "",
                             c->processes[p].name);
    return rc;
}

int value_costing_cost_by_resource(const value_costing *c, const char *process_name, const double *drivers,
                                   size_t n_drivers, double *out, size_t out_len)
{
    int rc;
    size_t p;
    const double *x;
    if ((rc = episode_args(c, process_name, drivers, n_drivers, &p, &x)) ||
        (rc = check_out(out, out_len, c->n_resources + 1, "resources + 1")))
        return rc;
    double *buf = malloc(out_len * sizeof *buf);
    if (buf == NULL)
        return value__fail(VALUE_ENOMEM, "value_costing_cost_by_resource: out of memory");
    if ((rc = breakdown(c, p, x, buf)) == VALUE_OK)
        memcpy(out, buf, out_len * sizeof *out);
    free(buf);
    return rc;
}

int value_costing_cost_by_item(const value_costing *c, const char *process_name, const double *drivers,
                               size_t n_drivers, double *out, size_t out_len)
{
    int rc;
    size_t p;
    const double *x;
    if ((rc = episode_args(c, process_name, drivers, n_drivers, &p, &x)) ||
        (rc = check_out(out, out_len, c->processes[p].n_items, "the process's items")))
        return rc;
    const process *pr = &c->processes[p];
    double *buf = malloc((out_len ? out_len : 1) * sizeof *buf);
    if (buf == NULL)
        return value__fail(VALUE_ENOMEM, "value_costing_cost_by_item: out of memory");
    for (size_t i = 0; i < pr->n_items && rc == VALUE_OK; i++) {
        const item *it = &pr->items[i];
        double m;
        tally t = {0.0, NULL, NULL, false};
        switch (it->kind) {
        case ITEM_STEP:
            if ((rc = step_minutes(c, p, i, x, &m)) == VALUE_OK)
                buf[i] = it->frequency * (c->resources[it->ref].rate * m + it->direct);
            break;
        case ITEM_CONSUMABLE:
            buf[i] = it->amount * it->frequency;
            break;
        case ITEM_SUBPROCESS:
            if ((rc = accumulate(c, it->ref, x, it->frequency, &t)) == VALUE_OK)
                buf[i] = t.total;
            break;
        }
        if (rc == VALUE_OK && !isfinite(buf[i]))
            rc = fail_item(c, p, i, "cost", buf[i]);
    }
    if (rc == VALUE_OK && out_len > 0)
        memcpy(out, buf, out_len * sizeof *out);
    free(buf);
    return rc;
}

int value_costing_compare(const value_costing *c, const char *a, const char *b, const double *drivers,
                          size_t n_drivers, double *out, size_t out_len)
{
    int rc;
    size_t pa, pb;
    const double *x;
    if ((rc = value__check_ptr(c, "c")) || (rc = check_process_arg(a, "a")) || (rc = check_process_arg(b, "b")) ||
        (rc = episode_args(c, a, drivers, n_drivers, &pa, &x)) || (rc = find_process(c, b, &pb)) ||
        (rc = check_out(out, out_len, c->n_resources + 1, "resources + 1")))
        return rc;
    double *buf = malloc(2 * out_len * sizeof *buf);
    if (buf == NULL)
        return value__fail(VALUE_ENOMEM, "value_costing_compare: out of memory");
    /* the parts are finite and >= 0, so their differences are finite */
    if ((rc = breakdown(c, pa, x, buf)) == VALUE_OK && (rc = breakdown(c, pb, x, buf + out_len)) == VALUE_OK)
        for (size_t r = 0; r < out_len; r++)
            out[r] = buf[out_len + r] - buf[r];
    free(buf);
    return rc;
}

/* ---- capacity ------------------------------------------------------------------ */

int value_costing_capacity(const value_costing *c, const double *volumes, size_t n_volumes, double *out_demand,
                           double *out_utilization, double *out_unused_minutes, double *out_unused_cost,
                           size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(volumes, "volumes")) ||
        (rc = value__check_ptr(out_demand, "out_demand")) || (rc = value__check_ptr(out_utilization, "out_utilization")) ||
        (rc = value__check_ptr(out_unused_minutes, "out_unused_minutes")) ||
        (rc = value__check_ptr(out_unused_cost, "out_unused_cost")))
        return rc;
    if (n_volumes != c->n_processes)
        return value__fail(VALUE_EINVAL, "n_volumes must be %zu, the model's number of processes, got %zu",
                           c->n_processes, n_volumes);
    if ((rc = value__check_length("out_len", out_len, c->n_resources, "the model's resources")))
        return rc;
    for (size_t p = 0; p < n_volumes; p++) {
        char what[64];
        snprintf(what, sizeof what, "volumes[%zu]", p);
        if ((rc = check_number(volumes[p], what, false)))
            return rc;
    }
    /* demand, then utilization, unused minutes and their cost: all four
     * computed and checked before any output is written */
    double *demand = calloc(value__mul_size(4, out_len ? out_len : 1), sizeof *demand);
    if (demand == NULL)
        return value__fail(VALUE_ENOMEM, "value_costing_capacity: out of memory");
    double *util = demand + out_len, *unused = util + out_len, *unused_cost = unused + out_len;
    tally t = {0.0, NULL, demand, true};
    for (size_t p = 0; p < n_volumes && rc == VALUE_OK; p++)
        if (volumes[p] > 0)
            rc = accumulate(c, p, NULL, volumes[p], &t);
    for (size_t r = 0; r < out_len && rc == VALUE_OK; r++) {
        const resource *res = &c->resources[r];
        util[r] = demand[r] / res->practical;
        unused[r] = res->practical - demand[r]; /* finite: both are finite and >= 0 */
        unused_cost[r] = res->rate * unused[r];
        num_buf a, b;
        if (!isfinite(util[r]))
            rc = value__fail(VALUE_ERANGE,
                             "the utilization of resource '%s' overflows: %s minutes demanded / %s practical minutes",
                             res->name, num(&a, demand[r]), num(&b, res->practical));
        else if (!isfinite(unused_cost[r]))
            rc = value__fail(VALUE_ERANGE, "the cost of the unused capacity of resource '%s' overflows: rate %s x %s minutes",
                             res->name, num(&a, res->rate), num(&b, unused[r]));
    }
    if (rc == VALUE_OK && out_len > 0) {
        memcpy(out_demand, demand, out_len * sizeof *out_demand);
        memcpy(out_utilization, util, out_len * sizeof *out_utilization);
        memcpy(out_unused_minutes, unused, out_len * sizeof *out_unused_minutes);
        memcpy(out_unused_cost, unused_cost, out_len * sizeof *out_unused_cost);
    }
    free(demand);
    return rc;
}

/* ---- patient-level costing from logged times ------------------------------------------ */

int value_costing_log_costs(const value_costing *c, const int32_t *group, const int32_t *resource_of,
                            const double *minutes, size_t n, double *out, size_t out_len)
{
    int rc;
    if ((rc = value__check_ptr(c, "c")) || (rc = value__check_ptr(out, "out")))
        return rc;
    if (n > 0 && ((rc = value__check_ptr(group, "group")) || (rc = value__check_ptr(resource_of, "resource")) ||
                  (rc = value__check_ptr(minutes, "minutes"))))
        return rc;
    if (out_len == 0)
        return value__fail(VALUE_EINVAL, "out_len must be at least 1, got 0");
    /* Check every record first, so a bad one leaves out untouched. */
    const size_t n_res = c->n_resources;
    for (size_t i = 0; i < n; i++) {
        if (group[i] < 0 || (size_t)group[i] >= out_len)
            return value__fail(VALUE_EINVAL, "group[%zu] is %d, not in [0, %zu)", i, (int)group[i], out_len);
        if (resource_of[i] < 0 || (size_t)resource_of[i] >= n_res)
            return value__fail(VALUE_EINVAL, "resource[%zu] is %d, not in [0, %zu) (the model has %zu resources)",
                               i, (int)resource_of[i], n_res, n_res);
        if (!(minutes[i] >= 0 && minutes[i] <= DBL_MAX)) { /* also rejects NaN */
            char v[32];
            value__format_double(minutes[i], v, sizeof v);
            return value__fail(VALUE_EINVAL, "minutes[%zu] is %s, must be finite and >= 0", i, v);
        }
    }
    /* the sums in a buffer first, so that an overflow leaves out untouched */
    double *sum = calloc(out_len, sizeof *sum), *rate = malloc((n_res ? n_res : 1) * sizeof *rate);
    if (sum == NULL || rate == NULL) {
        free(sum);
        free(rate);
        return value__fail(VALUE_ENOMEM, "value_costing_log_costs: out of memory");
    }
    for (size_t r = 0; r < n_res; r++)
        rate[r] = c->resources[r].rate;
    for (size_t i = 0; i < n; i++) {
        double cost = rate[resource_of[i]] * minutes[i], next = sum[group[i]] + cost;
        if (!isfinite(next)) {
            num_buf a, b;
            rc = value__fail(VALUE_ERANGE, "the cost of group %d overflows at minutes[%zu] (rate %s of resource '%s' x %s minutes)",
                             (int)group[i], i, num(&a, rate[resource_of[i]]), c->resources[resource_of[i]].name,
                             num(&b, minutes[i]));
            free(sum);
            free(rate);
            return rc;
        }
        sum[group[i]] = next;
    }
    memcpy(out, sum, out_len * sizeof *out);
    free(sum);
    free(rate);
    return VALUE_OK;
}
