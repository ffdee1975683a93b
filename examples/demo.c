/* libvalue demo: the true cost of an asthma visit (TDABC), and what a
 * care-management programme costs and returns over ten years under the
 * discounting rules health economists use.
 * Build: cc demo.c $(pkg-config --cflags --libs libvalue)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <value.h>

#define TRY(call)                                                          \
    do {                                                                   \
        if ((call) != VALUE_OK) {                                          \
            fprintf(stderr, "%s failed: %s\n", #call, value_errmsg());     \
            return 1;                                                      \
        }                                                                  \
    } while (0)

int main(void)
{
    printf("libvalue %s\n\n", value_version());

    /* The seeds' asthma visit, costed by time-driven ABC: a physician at
     * $300,000 a year over 90,000 practical minutes costs $3.33 a minute. */
    value_costing *clinic = NULL;
    size_t idx;
    TRY(value_costing_new(&clinic));
    TRY(value_costing_add_resource(clinic, "physician", 300000, 90000, 1.0, &idx));
    TRY(value_costing_add_resource(clinic, "nurse", 96000, 120000, 0.80, &idx));
    TRY(value_costing_add_resource(clinic, "medical assistant", 45000, 120000, 0.75, &idx));
    TRY(value_costing_add_process(clinic, "asthma visit", &idx));
    TRY(value_costing_add_step(clinic, "asthma visit", "nurse", 8, 1, &idx));
    TRY(value_costing_add_step(clinic, "asthma visit", "physician", 15, 1, &idx));
    TRY(value_costing_add_step(clinic, "asthma visit", "medical assistant", 18, 1, &idx));
    TRY(value_costing_add_consumable(clinic, "asthma visit", "nebulizer medicine", 12.50, 1, &idx));
    double visit, by_resource[4];
    TRY(value_costing_episode_cost(clinic, "asthma visit", NULL, 0, &visit));
    TRY(value_costing_cost_by_resource(clinic, "asthma visit", NULL, 0, by_resource, 4));
    printf("asthma visit (TDABC): $%.2f\n", visit);
    for (size_t r = 0; r < 3; r++) {
        const char *name;
        double rate;
        TRY(value_costing_resource_name(clinic, r, &name));
        TRY(value_costing_resource_rate(clinic, name, &rate));
        printf("  %-18s $%.2f/min  $%6.2f\n", name, rate, by_resource[r]);
    }
    printf("  %-18s           $%6.2f\n\n", "consumables", by_resource[3]);
    value_costing_free(clinic);

    /* The seeds' heart-failure drug: $88,900 more for 0.75 more QALYs. Is
     * it worth it at $100,000 per QALY? */
    const double hf_cost[] = {0, 88900}, hf_qaly[] = {0, 0.75};
    int32_t status[2], comparator[2], best;
    double icer[2];
    TRY(value_cea_frontier(hf_cost, hf_qaly, 2, status, comparator, icer, 2));
    TRY(value_cea_optimal(hf_cost, hf_qaly, 2, 100000, &best));
    printf("heart-failure drug: ICER $%.0f per QALY; at $100,000/QALY the %s\n\n", icer[1],
           best == 1 ? "new drug is cost-effective" : "new drug is not cost-effective");

    /* What a patient's EQ-5D-3L answers are worth, and the QALYs of a
     * recovery from state 21222 to 11121 over a year, then five stable years. */
    value_eq5d *uk = NULL;
    double before, after, q, ly;
    TRY(value_eq5d_builtin("UK-TTO", &uk));
    TRY(value_eq5d_index(uk, 21222, &before));
    TRY(value_eq5d_index(uk, 11121, &after));
    const double times[] = {0, 1, 6}, utils[] = {before, after, after};
    value_discount *nice_q = NULL;
    TRY(value_discount_new(0.035, &nice_q));
    TRY(value_qaly_profile(times, utils, 3, VALUE_QALY_LINEAR, nice_q, VALUE_QALY_CONTINUOUS, &q, &ly));
    printf("EQ-5D-3L (UK TTO): 21222 = %.3f, 11121 = %.3f; 6 years: %.3f QALYs (%.3f life years), 3.5%%\n\n",
           before, after, q, ly);
    value_eq5d_free(uk);
    value_discount_free(nice_q);

    /* A spreadsheet's NPV, for orientation: 10%, -10000 then 3000, 4200,
     * 6800 at the end of years 1-4 gives $1,188.44. */
    const double invest[] = {-10000, 3000, 4200, 6800};
    double npv;
    TRY(value_discount_pv_rate(invest, 4, 0.10, VALUE_DISCOUNT_END, &npv));
    printf("NPV at 10%% of -10000, 3000, 4200, 6800: %.2f\n\n", npv);

    /* A programme costs 250,000 up front and saves 40,000 a year of
     * avoided admissions for ten years (flows at the start of each year). */
    double flows[11] = {-250000};
    for (int i = 1; i <= 10; i++)
        flows[i] = 40000;

    value_discount *nice = NULL, *green = NULL;
    TRY(value_discount_new(0.035, &nice)); /* NICE reference case */
    TRY(value_discount_set(nice, VALUE_DISCOUNT_TIMING, VALUE_DISCOUNT_START));
    TRY(value_discount_new(0.035, &green)); /* HM Treasury Green Book */
    TRY(value_discount_set(green, VALUE_DISCOUNT_TIMING, VALUE_DISCOUNT_START));
    const double step_year[] = {30, 75, 125, 200, 300}, step_rate[] = {0.030, 0.025, 0.020, 0.015, 0.010};
    for (int k = 0; k < 5; k++)
        TRY(value_discount_add_step(green, step_year[k], step_rate[k]));

    double pv_nice, irr, d31, d100;
    TRY(value_discount_pv(nice, flows, 11, &pv_nice));
    TRY(value_discount_irr(flows, 11, &irr));
    printf("care-management programme, -250000 then +40000 a year for 10 years\n");
    printf("  net present value at 3.5%%:   %12.2f\n", pv_nice);
    printf("  internal rate of return:     %12.4f%%\n", 100 * irr);

    TRY(value_discount_factor(green, 31, &d31));
    TRY(value_discount_factor(green, 100, &d100));
    printf("\nGreen Book declining schedule: D(31) = %.6f, D(100) = %.6f\n", d31, d100);

    value_discount_free(nice);
    value_discount_free(green);
    return 0;
}
