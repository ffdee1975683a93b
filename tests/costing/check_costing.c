/* TDABC costing models.  Every expected number is a hand calculation
 * written out beside it; closed forms of a few products and sums, so the
 * tolerance is 1e-12 relative.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define REL 1e-12

/* ---- case 1: the seeds' asthma visit ---------------------------------------
 * physician  $300,000 / 90,000 practical minutes             = $3.3333/min
 * nurse       $96,000 / (120,000 min x 0.80 = 96,000)        = $1.00/min
 * med. asst.  $45,000 / (120,000 min x 0.75 = 90,000)        = $0.50/min
 * visit: nurse 8 min, physician 15 min, medical assistant 18 min, nebulizer
 * medicine $12.50:
 *   8 x 1.00 + 15 x 3.3333 + 18 x 0.50 + 12.50 = 8 + 50 + 9 + 12.50 = $79.50
 * nurse-led redesign: nurse 15, physician 5, assistant 18, nebulizer 12.50:
 *   15 + 16.6667 + 9 + 12.50 = $53.1667 */
static value_costing *asthma_model(void)
{
    value_costing *c = NULL;
    size_t i;
    assert_ok(value_costing_new(&c));
    assert_ok(value_costing_add_resource(c, "physician", 300000, 90000, 1.0, &i));
    ck_assert_uint_eq(i, 0);
    assert_ok(value_costing_add_resource(c, "nurse", 96000, 120000, 0.80, &i));
    ck_assert_uint_eq(i, 1);
    assert_ok(value_costing_add_resource(c, "medical assistant", 45000, 120000, 0.75, &i));
    ck_assert_uint_eq(i, 2);
    assert_ok(value_costing_add_process(c, "asthma visit", &i));
    assert_ok(value_costing_add_step(c, "asthma visit", "nurse", 8, 1, &i));
    assert_ok(value_costing_add_step(c, "asthma visit", "physician", 15, 1, &i));
    assert_ok(value_costing_add_step(c, "asthma visit", "medical assistant", 18, 1, &i));
    assert_ok(value_costing_add_consumable(c, "asthma visit", "nebulizer medicine", 12.50, 1, &i));
    ck_assert_uint_eq(i, 3);
    assert_ok(value_costing_add_process(c, "nurse-led visit", &i));
    assert_ok(value_costing_add_step(c, "nurse-led visit", "nurse", 15, 1, &i));
    assert_ok(value_costing_add_step(c, "nurse-led visit", "physician", 5, 1, &i));
    assert_ok(value_costing_add_step(c, "nurse-led visit", "medical assistant", 18, 1, &i));
    assert_ok(value_costing_add_consumable(c, "nurse-led visit", "nebulizer medicine", 12.50, 1, &i));
    return c;
}

START_TEST(asthma_visit)
{
    value_costing *c = asthma_model();
    double rate, cost, by_res[4], by_item[4];
    assert_ok(value_costing_resource_rate(c, "physician", &rate));
    assert_rel(rate, 300000.0 / 90000.0, REL);
    assert_abs(rate, 3.33, 0.005); /* the seed's $3.33 per minute */
    assert_ok(value_costing_resource_rate(c, "nurse", &rate));
    assert_rel(rate, 1.00, REL);
    assert_ok(value_costing_resource_rate(c, "medical assistant", &rate));
    assert_rel(rate, 0.50, REL);

    assert_ok(value_costing_episode_cost(c, "asthma visit", NULL, 0, &cost));
    assert_rel(cost, 79.50, REL);
    assert_ok(value_costing_cost_by_resource(c, "asthma visit", NULL, 0, by_res, 4));
    assert_rel(by_res[0], 50.00, REL); /* physician */
    assert_rel(by_res[1], 8.00, REL);  /* nurse */
    assert_rel(by_res[2], 9.00, REL);  /* medical assistant */
    assert_rel(by_res[3], 12.50, REL); /* direct costs */
    assert_ok(value_costing_cost_by_item(c, "asthma visit", NULL, 0, by_item, 4));
    assert_rel(by_item[0], 8.00, REL);
    assert_rel(by_item[1], 50.00, REL);
    assert_rel(by_item[2], 9.00, REL);
    assert_rel(by_item[3], 12.50, REL);
    value_costing_free(c);
}
END_TEST

START_TEST(pathway_comparison)
{
    /* nurse-led minus usual: physician 5x3.3333 - 15x3.3333 = -33.3333,
     * nurse 15 - 8 = +7, assistant 0, direct 0; total 53.1667 - 79.50 */
    value_costing *c = asthma_model();
    double d[4], cost;
    assert_ok(value_costing_episode_cost(c, "nurse-led visit", NULL, 0, &cost));
    assert_rel(cost, 15 + 5 * 300000.0 / 90000.0 + 9 + 12.5, REL);
    assert_ok(value_costing_compare(c, "asthma visit", "nurse-led visit", NULL, 0, d, 4));
    assert_rel(d[0], -10 * 300000.0 / 90000.0, REL);
    assert_rel(d[1], 7.0, REL);
    ck_assert(fabs(d[2]) <= 1e-12 && fabs(d[3]) <= 1e-12);
    assert_rel(d[0] + d[1] + d[2] + d[3], cost - 79.50, REL);
    value_costing_free(c);
}
END_TEST

/* ---- case 2: a diabetes annual review, with time equations, probabilities,
 * a sub-process and capacity ---------------------------------------------------
 * lab technician   $48,000 / 96,000 min                     = $0.50/min
 * nurse           $102,000 / (120,000 x 0.85 = 102,000)      = $1.00/min
 * endocrinologist $360,000 / (100,000 x 0.90 =  90,000)      = $4.00/min
 * interpreter      $60,000 / 40,000 min                      = $1.50/min
 * drivers: interpreter (0/1; default 0.1, the share needing one),
 *          comorbidities (count; default 1.5, the mean)
 * "podiatry check": nurse 15 min + monofilament kit $5           = $20.00
 * "diabetes review", items:
 *   0 blood draw: lab tech 10 min, tubes $8 per draw
 *   1 education: nurse 20 + 5 x interpreter + 3 x comorbidities min
 *   2 consult: endocrinologist 15 + 4 x comorbidities min
 *   3 interpreting: interpreter 0 + 30 x interpreter min
 *   4 podiatry check with probability 0.4
 *   5 HbA1c cartridge $14 x 1
 *   6 retinal photo review: endocrinologist 5 min with probability 0.2
 * Patient A (interpreter 1, comorbidities 2):
 *   0: 10 x 0.50 + 8 = 13;  1: 31 min = 31;  2: 23 min x 4 = 92;
 *   3: 30 min x 1.5 = 45;  4: 0.4 x 20 = 8;  5: 14;  6: 0.2 x 5 x 4 = 4
 *   total 207; by resource: lab 5, nurse 31 + 0.4 x 15 = 37,
 *   endocrinologist 96, interpreter 45, direct 8 + 0.4 x 5 + 14 = 24
 * Defaults (0.1, 1.5):
 *   1: 20 + 0.5 + 4.5 = 25;  2: 21 min x 4 = 84;  3: 3 min x 1.5 = 4.5
 *   total 13 + 25 + 84 + 4.5 + 8 + 14 + 4 = 152.5 */
static value_costing *diabetes_model(void)
{
    value_costing *c = NULL;
    size_t i, edu, consult, interp;
    assert_ok(value_costing_new(&c));
    assert_ok(value_costing_add_resource(c, "lab technician", 48000, 96000, 1.0, &i));
    assert_ok(value_costing_add_resource(c, "nurse", 102000, 120000, 0.85, &i));
    assert_ok(value_costing_add_resource(c, "endocrinologist", 360000, 100000, 0.90, &i));
    assert_ok(value_costing_add_resource(c, "interpreter", 60000, 40000, 1.0, &i));
    assert_ok(value_costing_add_driver(c, "interpreter needed", 0.1, &i));
    ck_assert_uint_eq(i, 0);
    assert_ok(value_costing_add_driver(c, "comorbidities", 1.5, &i));
    ck_assert_uint_eq(i, 1);
    assert_ok(value_costing_add_process(c, "podiatry check", &i));
    ck_assert_uint_eq(i, 0);
    assert_ok(value_costing_add_step(c, "podiatry check", "nurse", 15, 1, &i));
    assert_ok(value_costing_add_consumable(c, "podiatry check", "monofilament kit", 5, 1, &i));
    assert_ok(value_costing_add_process(c, "diabetes review", &i));
    ck_assert_uint_eq(i, 1);
    assert_ok(value_costing_add_step(c, "diabetes review", "lab technician", 10, 1, &i));
    assert_ok(value_costing_add_step_cost(c, "diabetes review", i, 8));
    assert_ok(value_costing_add_step(c, "diabetes review", "nurse", 20, 1, &edu));
    assert_ok(value_costing_add_step_term(c, "diabetes review", edu, "interpreter needed", 5));
    assert_ok(value_costing_add_step_term(c, "diabetes review", edu, "comorbidities", 3));
    assert_ok(value_costing_add_step(c, "diabetes review", "endocrinologist", 15, 1, &consult));
    assert_ok(value_costing_add_step_term(c, "diabetes review", consult, "comorbidities", 4));
    assert_ok(value_costing_add_step(c, "diabetes review", "interpreter", 0, 1, &interp));
    assert_ok(value_costing_add_step_term(c, "diabetes review", interp, "interpreter needed", 30));
    assert_ok(value_costing_add_subprocess(c, "diabetes review", "podiatry check", 0.4, &i));
    ck_assert_uint_eq(i, 4);
    assert_ok(value_costing_add_consumable(c, "diabetes review", "HbA1c cartridge", 14, 1, &i));
    assert_ok(value_costing_add_step(c, "diabetes review", "endocrinologist", 5, 0.2, &i));
    ck_assert_uint_eq(i, 6);
    return c;
}

START_TEST(diabetes_review_patient)
{
    value_costing *c = diabetes_model();
    const double patient_a[] = {1, 2};
    double cost, by_item[7], by_res[5];
    size_t n_items;
    assert_ok(value_costing_episode_cost(c, "diabetes review", patient_a, 2, &cost));
    assert_rel(cost, 207.0, REL);
    assert_ok(value_costing_process_items(c, "diabetes review", &n_items));
    ck_assert_uint_eq(n_items, 7);
    assert_ok(value_costing_cost_by_item(c, "diabetes review", patient_a, 2, by_item, 7));
    const double want_items[] = {13, 31, 92, 45, 8, 14, 4};
    for (int i = 0; i < 7; i++)
        assert_rel(by_item[i], want_items[i], REL);
    assert_ok(value_costing_cost_by_resource(c, "diabetes review", patient_a, 2, by_res, 5));
    const double want_res[] = {5, 37, 96, 45, 24};
    for (int r = 0; r < 5; r++)
        assert_rel(by_res[r], want_res[r], REL);
    value_costing_free(c);
}
END_TEST

START_TEST(diabetes_review_defaults)
{
    value_costing *c = diabetes_model();
    double cost, by_item[7];
    assert_ok(value_costing_episode_cost(c, "diabetes review", NULL, 0, &cost));
    assert_rel(cost, 152.5, REL);
    assert_ok(value_costing_cost_by_item(c, "diabetes review", NULL, 0, by_item, 7));
    const double want[] = {13, 25, 84, 4.5, 8, 14, 4};
    for (int i = 0; i < 7; i++)
        assert_rel(by_item[i], want[i], REL);
    value_costing_free(c);
}
END_TEST

START_TEST(diabetes_capacity)
{
    /* 800 standalone podiatry checks and 3,000 reviews a year, defaults:
     * lab   3000 x 10 = 30,000 of 96,000: 0.3125, unused 66,000 = $33,000
     * nurse 3000 x (25 + 0.4 x 15) + 800 x 15 = 93,000 + 12,000 = 105,000
     *       of 102,000: 1.0294118, unused -3,000 = -$3,000 (overloaded)
     * endo  3000 x (21 + 0.2 x 5) = 66,000 of 90,000: 0.7333, unused
     *       24,000 = $96,000
     * interpreter 3000 x 3 = 9,000 of 40,000: 0.225, unused 31,000 = $46,500 */
    value_costing *c = diabetes_model();
    const double volumes[] = {800, 3000};
    double demand[4], util[4], unused[4], unused_cost[4];
    assert_ok(value_costing_capacity(c, volumes, 2, demand, util, unused, unused_cost, 4));
    const double want_demand[] = {30000, 105000, 66000, 9000};
    const double want_util[] = {0.3125, 105000.0 / 102000.0, 66000.0 / 90000.0, 0.225};
    const double want_unused[] = {66000, -3000, 24000, 31000};
    const double want_cost[] = {33000, -3000, 96000, 46500};
    for (int r = 0; r < 4; r++) {
        assert_rel(demand[r], want_demand[r], REL);
        assert_rel(util[r], want_util[r], REL);
        assert_rel(unused[r], want_unused[r], REL);
        assert_rel(unused_cost[r], want_cost[r], REL);
    }
    value_costing_free(c);
}
END_TEST

START_TEST(names_and_counts)
{
    value_costing *c = diabetes_model();
    size_t nr, nd, np;
    const char *name;
    assert_ok(value_costing_counts(c, &nr, &nd, &np));
    ck_assert_uint_eq(nr, 4);
    ck_assert_uint_eq(nd, 2);
    ck_assert_uint_eq(np, 2);
    assert_ok(value_costing_resource_name(c, 2, &name));
    ck_assert_str_eq(name, "endocrinologist");
    assert_ok(value_costing_driver_name(c, 1, &name));
    ck_assert_str_eq(name, "comorbidities");
    assert_ok(value_costing_process_name(c, 0, &name));
    ck_assert_str_eq(name, "podiatry check");
    assert_fails(value_costing_resource_name(c, 4, &name), VALUE_EINVAL, "resource is 4, not in [0, 4) (the model has 4 resources)");
    assert_fails(value_costing_driver_name(c, 9, &name), VALUE_EINVAL, "driver is 9, not in [0, ");
    assert_fails(value_costing_process_name(c, 2, NULL), VALUE_EINVAL, "out is NULL");
    value_costing_free(c);
}
END_TEST

START_TEST(log_costs_by_patient_and_process)
{
    /* asthma rates: physician 3.3333, nurse 1.00, assistant 0.50
     * patient 0: nurse 8, physician 15, assistant 18, nurse 2 -> 8+50+9+2 = 69
     * patient 1: physician 20, nurse 10 -> 66.6667 + 10 = 76.6667
     * patient 2: no records -> 0
     * by process (0 = usual visit, 1 = nurse-led): records 0-2 and 5 in
     * process 0 -> 8+50+9+10 = 77; records 3-4 in 1 -> 66.6667 + 2 */
    value_costing *c = asthma_model();
    const int32_t patient[] = {0, 0, 0, 0, 1, 1};
    const int32_t process[] = {0, 0, 0, 1, 1, 0};
    const int32_t resource[] = {1, 0, 2, 1, 0, 1};
    const double minutes[] = {8, 15, 18, 2, 20, 10};
    double out[3], by_process[2];
    assert_ok(value_costing_log_costs(c, patient, resource, minutes, 6, out, 3));
    assert_rel(out[0], 69.0, REL);
    assert_rel(out[1], 20 * 300000.0 / 90000.0 + 10, REL);
    ck_assert(out[2] == 0.0);
    assert_ok(value_costing_log_costs(c, process, resource, minutes, 6, by_process, 2));
    assert_rel(by_process[0], 77.0, REL);
    assert_rel(by_process[1], 2 + 20 * 300000.0 / 90000.0, REL);
    /* no records: all zero */
    out[0] = 5;
    assert_ok(value_costing_log_costs(c, NULL, NULL, NULL, 0, out, 3));
    ck_assert(out[0] == 0 && out[1] == 0 && out[2] == 0);
    value_costing_free(c);
}
END_TEST

START_TEST(bad_model_input)
{
    value_costing *c = NULL;
    size_t i = 99, nr, nd, np, items;
    assert_fails(value_costing_new(NULL), VALUE_EINVAL, "out is NULL");
    assert_ok(value_costing_new(&c));
    assert_ok(value_costing_add_resource(c, "nurse", 96000, 120000, 0.8, &i));
    assert_fails(value_costing_add_resource(c, "", 1, 1, 1, &i), VALUE_EINVAL, "resource name is empty");
    assert_fails(value_costing_add_resource(c, NULL, 1, 1, 1, &i), VALUE_EINVAL, "resource name is NULL");
    assert_fails(value_costing_add_resource(c, "nurse", 1, 1, 1, &i), VALUE_EINVAL, "resource 'nurse' already exists");
    assert_fails(value_costing_add_resource(c, "md", 1, 0, 1, &i), VALUE_EINVAL,
                 "capacity_minutes of resource 'md' must be > 0, got 0");
    assert_fails(value_costing_add_resource(c, "md", 1, -5, 1, &i), VALUE_EINVAL, "got -5");
    assert_fails(value_costing_add_resource(c, "md", 1, NAN, 1, &i), VALUE_EINVAL, "capacity_minutes is NaN");
    assert_fails(value_costing_add_resource(c, "md", -1, 10, 1, &i), VALUE_EINVAL, "cost must be >= 0, got -1");
    assert_fails(value_costing_add_resource(c, "md", INFINITY, 10, 1, &i), VALUE_EINVAL, "cost is Inf");
    assert_fails(value_costing_add_resource(c, "md", 1, 10, 0, &i), VALUE_EINVAL,
                 "practical_fraction of resource 'md' must be in (0, 1], got 0");
    assert_fails(value_costing_add_resource(c, "md", 1, 10, 1.5, &i), VALUE_EINVAL, "got 1.5");
    assert_fails(value_costing_add_resource(c, "md", 1, 10, 1, NULL), VALUE_EINVAL, "out_index is NULL");
    assert_fails(value_costing_add_resource(NULL, "md", 1, 10, 1, &i), VALUE_EINVAL, "c is NULL");
    assert_fails(value_costing_add_driver(c, "", 0, &i), VALUE_EINVAL, "driver name is empty");
    assert_fails(value_costing_add_driver(c, "bmi", NAN, &i), VALUE_EINVAL, "default_value is NaN");
    assert_ok(value_costing_add_driver(c, "bmi", 27, &i));
    assert_fails(value_costing_add_driver(c, "bmi", 1, &i), VALUE_EINVAL, "driver 'bmi' already exists");
    assert_fails(value_costing_add_process(c, "", &i), VALUE_EINVAL, "process name is empty");
    assert_ok(value_costing_add_process(c, "visit", &i));
    assert_fails(value_costing_add_process(c, "visit", &i), VALUE_EINVAL, "process 'visit' already exists");
    ck_assert_uint_eq(i, 0); /* failed calls left the out value alone */

    assert_fails(value_costing_add_step(c, "vist", "nurse", 5, 1, &i), VALUE_ENOTFOUND, "unknown process 'vist'");
    assert_fails(value_costing_add_step(c, "visit", "nurce", 5, 1, &i), VALUE_ENOTFOUND, "unknown resource 'nurce'");
    assert_fails(value_costing_add_step(c, "visit", "nurse", -5, 1, &i), VALUE_EINVAL, "minutes must be >= 0, got -5");
    assert_fails(value_costing_add_step(c, "visit", "nurse", NAN, 1, &i), VALUE_EINVAL, "minutes is NaN");
    assert_fails(value_costing_add_step(c, "visit", "nurse", 5, -0.5, &i), VALUE_EINVAL, "frequency must be >= 0");
    assert_fails(value_costing_add_step(c, "visit", "", 5, 1, &i), VALUE_EINVAL, "resource name is empty");
    assert_ok(value_costing_add_step(c, "visit", "nurse", 5, 1, &i));
    assert_fails(value_costing_add_step_term(c, "visit", 0, "weight", 1), VALUE_ENOTFOUND, "unknown driver 'weight'");
    assert_fails(value_costing_add_step_term(c, "visit", 3, "bmi", 1), VALUE_EINVAL,
                 "item is 3, not in [0, 1) (process 'visit' has 1 items)");
    assert_fails(value_costing_add_step_term(c, "visit", 0, "bmi", NAN), VALUE_EINVAL, "minutes_per_unit is NaN");
    assert_fails(value_costing_add_step_cost(c, "visit", 0, -2), VALUE_EINVAL, "cost must be >= 0, got -2");
    assert_ok(value_costing_add_consumable(c, "visit", "gloves", 0.2, 2, &i));
    assert_fails(value_costing_add_step_cost(c, "visit", 1, 2), VALUE_EINVAL, "item 1 of process 'visit' is not a step");
    assert_fails(value_costing_add_consumable(c, "visit", "", 1, 1, &i), VALUE_EINVAL, "consumable name is empty");
    assert_fails(value_costing_add_consumable(c, "visit", "mask", -1, 1, &i), VALUE_EINVAL, "unit_cost must be >= 0");
    assert_fails(value_costing_add_consumable(c, "visit", "mask", 1, NAN, &i), VALUE_EINVAL, "quantity is NaN");

    /* a process may not include itself, directly or through another */
    assert_ok(value_costing_add_process(c, "cycle of care", &i));
    assert_fails(value_costing_add_subprocess(c, "visit", "visit", 1, &i), VALUE_EINVAL,
                 "process 'visit' cannot include 'visit'");
    assert_ok(value_costing_add_subprocess(c, "cycle of care", "visit", 3, &i));
    assert_fails(value_costing_add_subprocess(c, "visit", "cycle of care", 1, &i), VALUE_EINVAL,
                 "'visit' would include itself");
    assert_fails(value_costing_add_subprocess(c, "visit", "x-ray", 1, &i), VALUE_ENOTFOUND, "unknown process 'x-ray'");
    assert_fails(value_costing_add_subprocess(c, "cycle of care", "visit", NAN, &i), VALUE_EINVAL, "frequency is NaN");

    /* nothing changed by the failures above */
    assert_ok(value_costing_counts(c, &nr, &nd, &np));
    ck_assert(nr == 1 && nd == 1 && np == 2);
    assert_ok(value_costing_process_items(c, "visit", &items));
    ck_assert_uint_eq(items, 2);
    double cost;
    /* visit: 5 min x $1.00 + 2 x $0.20 = 5.40; cycle: 3 visits = 16.20 */
    assert_ok(value_costing_episode_cost(c, "cycle of care", NULL, 0, &cost));
    assert_rel(cost, 16.2, REL);
    value_costing_free(c);
    value_costing_free(NULL);
}
END_TEST

START_TEST(bad_costing_input)
{
    value_costing *c = diabetes_model();
    double cost = 42, out[5] = {1, 2, 3, 4, 5}, d4[4], u4[4], m4[4], k4[4];
    const double two[] = {1, 2}, nan_drivers[] = {1, NAN}, negative[] = {-10, 0};
    assert_fails(value_costing_episode_cost(c, "review", NULL, 0, &cost), VALUE_ENOTFOUND, "unknown process 'review'");
    assert_fails(value_costing_episode_cost(c, "diabetes review", two, 1, &cost), VALUE_EINVAL,
                 "n_drivers must be 0 (defaults) or 2, the model's number of drivers, got 1");
    assert_fails(value_costing_episode_cost(c, "diabetes review", nan_drivers, 2, &cost), VALUE_EINVAL,
                 "drivers[1] is NaN");
    assert_fails(value_costing_episode_cost(c, "diabetes review", NULL, 2, &cost), VALUE_EINVAL, "drivers is NULL");
    /* 20 + 5 x (-10) = -30 minutes of nurse education */
    assert_fails(value_costing_episode_cost(c, "diabetes review", negative, 2, &cost), VALUE_EDOM,
                 "item 1 of process 'diabetes review' (a step on resource 'nurse') takes -30 minutes");
    assert_fails(value_costing_episode_cost(c, "diabetes review", NULL, 0, NULL), VALUE_EINVAL, "out is NULL");
    assert_fails(value_costing_episode_cost(NULL, "diabetes review", NULL, 0, &cost), VALUE_EINVAL, "c is NULL");
    ck_assert(cost == 42);
    assert_fails(value_costing_cost_by_resource(c, "diabetes review", NULL, 0, out, 4), VALUE_EINVAL,
                 "out_len must be 5 (resources + 1), got 4");
    assert_fails(value_costing_cost_by_item(c, "diabetes review", NULL, 0, out, 5), VALUE_EINVAL,
                 "out_len must be 7 (the process's items), got 5");
    assert_fails(value_costing_cost_by_resource(c, "diabetes review", negative, 2, out, 5), VALUE_EDOM, "-30 minutes");
    ck_assert(out[0] == 1 && out[4] == 5); /* untouched */
    assert_fails(value_costing_compare(c, "diabetes review", "nope", NULL, 0, out, 5), VALUE_ENOTFOUND,
                 "unknown process 'nope'");

    const double vol_bad[] = {800, -1}, vol_nan[] = {NAN, 1}, vol[] = {1, 1};
    assert_fails(value_costing_capacity(c, vol, 1, d4, u4, m4, k4, 4), VALUE_EINVAL,
                 "n_volumes must be 2, the model's number of processes, got 1");
    assert_fails(value_costing_capacity(c, vol_bad, 2, d4, u4, m4, k4, 4), VALUE_EINVAL, "volumes[1] must be >= 0");
    assert_fails(value_costing_capacity(c, vol_nan, 2, d4, u4, m4, k4, 4), VALUE_EINVAL, "volumes[0] is NaN");
    assert_fails(value_costing_capacity(c, vol, 2, d4, u4, m4, k4, 3), VALUE_EINVAL, "out_len must be 4");
    assert_fails(value_costing_capacity(c, vol, 2, d4, NULL, m4, k4, 4), VALUE_EINVAL, "out_utilization is NULL");

    const int32_t g[] = {0, 3}, g_ok[] = {0, 1}, r_bad[] = {0, 4}, r_ok[] = {0, 1};
    const double m_ok[] = {1, 2}, m_neg[] = {1, -2}, m_nan[] = {NAN, 1};
    assert_fails(value_costing_log_costs(c, g, r_ok, m_ok, 2, out, 3), VALUE_EINVAL, "group[1] is 3, not in [0, 3)");
    assert_fails(value_costing_log_costs(c, g_ok, r_bad, m_ok, 2, out, 3), VALUE_EINVAL,
                 "resource[1] is 4, not in [0, 4) (the model has 4 resources)");
    assert_fails(value_costing_log_costs(c, g_ok, r_ok, m_neg, 2, out, 3), VALUE_EINVAL,
                 "minutes[1] is -2, must be finite and >= 0");
    assert_fails(value_costing_log_costs(c, g_ok, r_ok, m_nan, 2, out, 3), VALUE_EINVAL, "minutes[0] is NaN");
    assert_fails(value_costing_log_costs(c, NULL, r_ok, m_ok, 2, out, 3), VALUE_EINVAL, "group is NULL");
    assert_fails(value_costing_log_costs(c, g_ok, r_ok, m_ok, 2, out, 0), VALUE_EINVAL, "out_len must be at least 1");
    ck_assert(out[0] == 1 && out[1] == 2 && out[2] == 3); /* untouched */
    value_costing_free(c);
}
END_TEST


/* ---- issue 16: results that were Inf or NaN, returned as success ---------- */

/* A capacity of 1e-310 minutes makes the rate cost / capacity Inf
 * (300000 / 1e-310 = 3e315 > DBL_MAX = 1.8e308); 0 minutes of that
 * resource then cost Inf x 0 = NaN.  The resource is refused, the model
 * unchanged; a capacity whose practical minutes underflow to 0 likewise. */
START_TEST(rate_overflow_refused)
{
    value_costing *c = NULL;
    size_t i = 99, nr, nd, np;
    assert_ok(value_costing_new(&c));
    assert_fails(value_costing_add_resource(c, "tiny", 300000, 1e-310, 1, &i), VALUE_ERANGE,
                 "the capacity cost rate of resource 'tiny' overflows: cost 300000 / (capacity_minutes");
    /* 1e-320 x 1e-10 = 0 in doubles: the rate would be 5 / 0 */
    assert_fails(value_costing_add_resource(c, "tiny", 5, 1e-320, 1e-10, &i), VALUE_ERANGE,
                 "the capacity cost rate of resource 'tiny' overflows");
    ck_assert_uint_eq(i, 99);
    assert_ok(value_costing_counts(c, &nr, &nd, &np));
    ck_assert(nr == 0);
    /* at the edge: cost 1 over 1e-308 minutes is a rate of 1e308, finite */
    assert_ok(value_costing_add_resource(c, "small", 1, 1e-308, 1, &i));
    double rate;
    assert_ok(value_costing_resource_rate(c, "small", &rate));
    assert_rel(rate, 1e308, 1e-15);
    /* 0 minutes of it, once: cost 0 (not Inf x 0) */
    assert_ok(value_costing_add_process(c, "p", &i));
    assert_ok(value_costing_add_step(c, "p", "small", 0, 1, &i));
    double cost = -1;
    assert_ok(value_costing_episode_cost(c, "p", NULL, 0, &cost));
    ck_assert(cost == 0);
    value_costing_free(c);
}
END_TEST

/* Products of finite inputs that overflow: a consumable of 1e200 x 1e200
 * (Inf), a step of 1e10 minutes of a resource at 1e300 a minute (Inf), a
 * time equation of 1e300 x 1e300 minutes, a sub-process 1e300 times of a
 * step 1e10 times.  Each call fails naming the item, writing nothing.
 * And 0 minutes of that resource 1e10 times cost 0: formed as
 * (1e10 x 1e300) x 0 they were Inf x 0 = NaN. */
START_TEST(episode_overflow_refused)
{
    value_costing *c = NULL;
    size_t i;
    assert_ok(value_costing_new(&c));
    assert_ok(value_costing_add_resource(c, "dear", 1e300, 1, 1, &i)); /* 1e300 a minute */
    assert_ok(value_costing_add_driver(c, "x", 1e300, &i));
    assert_ok(value_costing_add_process(c, "consumable", &i));
    assert_ok(value_costing_add_consumable(c, "consumable", "gold", 1e200, 1e200, &i));
    assert_ok(value_costing_add_process(c, "zero minutes", &i));
    assert_ok(value_costing_add_step(c, "zero minutes", "dear", 0, 1e10, &i));
    assert_ok(value_costing_add_process(c, "long", &i));
    assert_ok(value_costing_add_step(c, "long", "dear", 1e10, 1, &i));
    assert_ok(value_costing_add_process(c, "equation", &i));
    assert_ok(value_costing_add_step(c, "equation", "dear", 1, 1, &i));
    assert_ok(value_costing_add_step_term(c, "equation", 0, "x", 1e300));
    assert_ok(value_costing_add_process(c, "nested", &i));
    assert_ok(value_costing_add_subprocess(c, "nested", "zero minutes", 1e300, &i));

    double cost = 42, out[2] = {7, 7}, one[1] = {7};
    assert_ok(value_costing_episode_cost(c, "zero minutes", NULL, 0, &cost));
    ck_assert_msg(cost == 0, "0 minutes cost %g", cost);
    assert_ok(value_costing_cost_by_resource(c, "zero minutes", NULL, 0, out, 2));
    ck_assert(out[0] == 0 && out[1] == 0);
    out[0] = out[1] = 7;
    cost = 42;
    assert_fails(value_costing_episode_cost(c, "consumable", NULL, 0, &cost), VALUE_ERANGE,
                 "the cost of item 0 of process 'consumable' overflows (Inf)");
    assert_fails(value_costing_episode_cost(c, "long", NULL, 0, &cost), VALUE_ERANGE,
                 "the time cost of item 0 of process 'long' overflows (Inf)");
    assert_fails(value_costing_episode_cost(c, "equation", NULL, 0, &cost), VALUE_ERANGE,
                 "item 0 of process 'equation' (a step on resource 'dear'): its time equation overflows (Inf minutes)");
    assert_fails(value_costing_episode_cost(c, "nested", NULL, 0, &cost), VALUE_ERANGE,
                 "the number of occurrences of item 0 of process 'zero minutes' overflows (Inf)");
    ck_assert(cost == 42);
    assert_fails(value_costing_cost_by_resource(c, "consumable", NULL, 0, out, 2), VALUE_ERANGE, "overflows");
    assert_fails(value_costing_cost_by_item(c, "consumable", NULL, 0, one, 1), VALUE_ERANGE,
                 "the cost of item 0 of process 'consumable' overflows (Inf)");
    assert_fails(value_costing_cost_by_item(c, "long", NULL, 0, one, 1), VALUE_ERANGE,
                 "the cost of item 0 of process 'long' overflows (Inf)");
    assert_fails(value_costing_compare(c, "zero minutes", "consumable", NULL, 0, out, 2), VALUE_ERANGE, "overflows");
    ck_assert(out[0] == 7 && out[1] == 7 && one[0] == 7); /* untouched */
    /* with driver values that keep the equation finite: 1 + 1e300 x 1e-300 = 2 minutes at 1e300 */
    const double x = 1e-300;
    assert_ok(value_costing_episode_cost(c, "equation", &x, 1, &cost));
    assert_rel(cost, 2e300, 1e-15);
    value_costing_free(c);
}
END_TEST

/* Capacity and logged times: 1e10 minutes demanded of a resource with
 * 1e-300 practical minutes (cost 0: rate 0) is a utilization of 1e310;
 * logged 1e10 minutes at 1e300 a minute cost 1e310.  Both fail, outputs
 * untouched. */
START_TEST(capacity_and_log_overflow_refused)
{
    value_costing *c = NULL;
    size_t i;
    assert_ok(value_costing_new(&c));
    assert_ok(value_costing_add_resource(c, "room", 0, 1e-300, 1, &i));
    assert_ok(value_costing_add_resource(c, "dear", 1e300, 1, 1, &i));
    assert_ok(value_costing_add_process(c, "stay", &i));
    assert_ok(value_costing_add_step(c, "stay", "room", 1e10, 1, &i));
    const double vol = 1;
    double d[2] = {7, 7}, u[2] = {7, 7}, m[2] = {7, 7}, k[2] = {7, 7};
    assert_fails(value_costing_capacity(c, &vol, 1, d, u, m, k, 2), VALUE_ERANGE,
                 "the utilization of resource 'room' overflows: 10000000000 minutes demanded / 1e-300 practical");
    ck_assert(d[0] == 7 && u[0] == 7 && m[0] == 7 && k[0] == 7 && d[1] == 7);
    const double huge_volume = 1e300;
    assert_fails(value_costing_capacity(c, &huge_volume, 1, d, u, m, k, 2), VALUE_ERANGE,
                 "the minutes of item 0 of process 'stay' overflows (Inf)");
    ck_assert(d[0] == 7);
    const int32_t g[2] = {0, 0}, r[2] = {0, 1};
    const double mins[2] = {5, 1e10};
    double out[1] = {7};
    assert_fails(value_costing_log_costs(c, g, r, mins, 2, out, 1), VALUE_ERANGE,
                 "the cost of group 0 overflows at minutes[1] (rate 1e+300 of resource 'dear' x 10000000000 minutes)");
    ck_assert(out[0] == 7);
    /* 1e7 minutes of it: 1e307, finite */
    const double fine[2] = {5, 1e7};
    assert_ok(value_costing_log_costs(c, g, r, fine, 2, out, 1));
    assert_rel(out[0], 1e307, 1e-15);
    value_costing_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("costing");
    TCase *tc = tcase_create("costing");
    tcase_add_test(tc, asthma_visit);
    tcase_add_test(tc, pathway_comparison);
    tcase_add_test(tc, diabetes_review_patient);
    tcase_add_test(tc, diabetes_review_defaults);
    tcase_add_test(tc, diabetes_capacity);
    tcase_add_test(tc, names_and_counts);
    tcase_add_test(tc, log_costs_by_patient_and_process);
    tcase_add_test(tc, bad_model_input);
    tcase_add_test(tc, bad_costing_input);
    tcase_add_test(tc, rate_overflow_refused);
    tcase_add_test(tc, episode_overflow_refused);
    tcase_add_test(tc, capacity_and_log_overflow_refused);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
