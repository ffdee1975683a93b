/* libvalue demo: the true cost of an asthma visit (TDABC), what a
 * care-management programme costs and returns over ten years under the
 * discounting rules health economists use, and CMS's Medicare Shared
 * Savings Program results for 2014 reproduced from its public use file.
 * Build: cc demo.c $(pkg-config --cflags --libs libvalue)
 * Run:   ./demo [PUF]   (PUF: CMS's PY2014 ACO public use file; by default
 *        tests/data/cms/mssp_py2014_aco_puf.csv of the source tree, which
 *        `make demo` passes)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* value_mssp_settle() is in the header's experimental part (its
 * signature may change before 1.0): opt in. */
#define VALUE_EXPERIMENTAL
#include <value.h>

#define TRY(call)                                                          \
    do {                                                                   \
        if ((call) != VALUE_OK) {                                          \
            fprintf(stderr, "%s failed: %s\n", #call, value_errmsg());     \
            return 1;                                                      \
        }                                                                  \
    } while (0)

/* Split a CSV line in place (quoted fields may hold commas); returns the
 * number of fields. */
static int split_csv(char *p, char **field, int max)
{
    int n = 0;
    while (n < max) {
        char *out = p;
        field[n++] = out;
        if (*p == '"') {
            for (p++; *p != '\0' && !(*p == '"' && p[1] != '"'); p++)
                *out++ = *p == '"' ? *++p : *p;
            if (*p == '"')
                p++;
        } else {
            while (*p != ',' && *p != '\0' && *p != '\n' && *p != '\r')
                *out++ = *p++;
        }
        char end = *p;
        *out = '\0';
        if (end != ',')
            break;
        p++;
    }
    return n;
}

static int find(char **h, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(h[i], name) == 0)
            return i;
    return -1;
}

/* Settle every Track 1 ACO with >= 5,000 beneficiaries of CMS's PY2014 ACO
 * public use file and compare with CMS's published MSR, generated savings
 * and earned shared savings (to $1). */
static int mssp_2014(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "MSSP 2014: cannot read %s: %s (give the PUF's path as the argument)\n", path,
                strerror(errno));
        return 1;
    }
    static char header[8192], line[8192];
    char *h[128], *v[128];
    int nh = fgets(header, sizeof header, f) ? split_csv(header + (strncmp(header, "\xEF\xBB\xBF", 3) ? 0 : 3), h, 128) : 0;
    int c_t1 = find(h, nh, "Track1"), c_n = find(h, nh, "N_AB"), c_msr = find(h, nh, "MinSavPerc"),
        c_gen = find(h, nh, "GenSaveLoss"), c_earn = find(h, nh, "EarnSaveLoss"), c_q = find(h, nh, "QualScore"),
        c_b = find(h, nh, "ABtotBnchmk"), c_e = find(h, nh, "ABtotExp"), c_fsr = find(h, nh, "FinalShareRate");
    if (c_t1 < 0 || c_n < 0 || c_msr < 0 || c_gen < 0 || c_earn < 0 || c_q < 0 || c_b < 0 || c_e < 0 || c_fsr < 0) {
        fclose(f);
        fprintf(stderr, "MSSP 2014: %s lacks the PUF's columns\n", path);
        return 1;
    }
    int checked = 0, mismatches = 0;
    double earned_total = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (split_csv(line, v, 128) != nh || atoi(v[c_t1]) != 1)
            continue;
        /* "P4R": pay for reporting, full credit unless the ACO did not
         * report completely (CMS's final sharing rate 0). */
        double q = strcmp(v[c_q], "P4R") == 0 ? (atof(v[c_fsr]) > 0) : atof(v[c_q]);
        value_settlement *s = NULL;
        TRY(value_mssp_settle(2014, VALUE_MSSP_TRACK_1, VALUE_MSSP_MSR_BY_POPULATION, 2, q, atof(v[c_n]),
                              atof(v[c_b]), atof(v[c_e]), 0, &s));
        double msr, rate, savings, earned;
        TRY(value_settlement_get(s, VALUE_SETTLEMENT_MSR, &msr));
        TRY(value_settlement_get(s, VALUE_SETTLEMENT_SAVINGS_RATE, &rate));
        TRY(value_settlement_get(s, VALUE_SETTLEMENT_SAVINGS, &savings));
        TRY(value_settlement_get(s, VALUE_SETTLEMENT_FINAL_PAYMENT, &earned));
        double generated = rate >= msr ? savings : 0;
        mismatches += fabs(100 * msr - atof(v[c_msr])) > 1e-6 || fabs(generated - atof(v[c_gen])) > 1 + 1e-6 ||
                      fabs(earned - atof(v[c_earn])) > 1 + 1e-6;
        earned_total += earned;
        checked++;
        if (checked == 1) {
            size_t n;
            const char *step, *text;
            double amount;
            TRY(value_settlement_line_count(s, &n));
            printf("MSSP 2014, the file's first ACO, line by line:\n");
            for (size_t i = 0; i < n; i++) {
                TRY(value_settlement_line(s, i, &step, &text, &amount));
                printf("  %-12s %s\n", step, text);
            }
        }
        value_settlement_free(s);
    }
    fclose(f);
    printf("MSSP 2014: %d Track 1 ACOs checked against CMS's PUF, %d mismatches (MSR, generated and earned "
           "savings); earned shared savings $%.0f\n\n", checked, mismatches, earned_total);
    return checked > 0 && mismatches == 0 ? 0 : 1;
}

int main(int argc, char **argv)
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
    printf("\n");
    return mssp_2014(argc > 1 ? argv[1] : "tests/data/cms/mssp_py2014_aco_puf.csv");
}
