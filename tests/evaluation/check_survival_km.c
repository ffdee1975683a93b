/* Kaplan-Meier, Greenwood, log-log limits, median and RMST: a data set
 * worked by hand, and R's survfit on the survival package's aml and
 * ovarian data (tests/data/survival/, README there).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "testutil.h"

#define NC VALUE_SURVIVAL_KM_N_COLS
#define TOL 1e-10 /* relative, against 17-digit survfit output */

/* Hand-worked: times 1, 2, 2+, 3, 4+, 5 (+ = censored; the event at 2
 * counts before the censoring at 2).
 *   t  n  d  c  S = prod (1 - d/n)        Greenwood sum d/(n(n-d))
 *   1  6  1  0  5/6                        1/30
 *   2  5  1  1  5/6 x 4/5 = 2/3            1/30 + 1/20 = 1/12
 *   3  3  1  0  2/3 x 2/3 = 4/9            1/12 + 1/6 = 1/4
 *   4  2  0  1  4/9                        1/4
 *   5  1  1  0  0                          (d = n: no finite SE)
 * Log-log 95% at t = 3, z = 1.959963984540054, se = 1/2, L = log(4/9):
 *   w = z se / L = -1.2084640..., lower = exp(-exp(log(-L) - w)) =
 *   0.066186753146412, upper = exp(-exp(log(-L) + w)) = 0.784908367147959
 *   (survfit prints the same: 0.066186753146412466, 0.78490836714795853).
 * Median: S first <= 1/2 at t = 3; the lower curve is 0.2731 <= 1/2 at
 *   t = 1; the upper curve stays above 1/2 (0.785 at t = 4, undefined at
 *   5): not reached.
 * RMST to 4.5: 1 x 1 + 1 x 5/6 + 1 x 2/3 + 1.5 x 4/9 = 19/6; the areas
 *   after each event time are A1 = 13/6, A2 = 4/3, A3 = 2/3, so the
 *   variance is (13/6)^2/30 + (4/3)^2/20 + (2/3)^2/6 = 345/1080 = 23/72. */
static const double H_T[] = {1, 2, 2, 3, 4, 5}, H_E[] = {1, 1, 0, 1, 0, 1};

START_TEST(hand_worked)
{
    value_survival_km *km = NULL;
    assert_ok(value_survival_km_new(H_T, H_E, NULL, NULL, 6, 1, &km));
    size_t m = 0;
    assert_ok(value_survival_km_size(km, 0, &m));
    ck_assert_uint_eq(m, 5);
    double t[5 * NC];
    assert_ok(value_survival_km_table(km, 0, 0.95, t, sizeof t / sizeof *t));
    const double want[5][6] = {{1, 6, 1, 0, 5.0 / 6, 1.0 / 30}, {2, 5, 1, 1, 2.0 / 3, 1.0 / 12},
                               {3, 3, 1, 0, 4.0 / 9, 0.25},     {4, 2, 0, 1, 4.0 / 9, 0.25},
                               {5, 1, 1, 0, 0, 0}};
    for (size_t k = 0; k < 5; k++) {
        const double *r = t + k * NC;
        for (int c = 0; c < 4; c++)
            ck_assert(r[c] == want[k][c]);
        assert_abs(r[VALUE_SURVIVAL_KM_SURV], want[k][4], 1e-15);
        if (k < 4) {
            assert_rel(r[VALUE_SURVIVAL_KM_STD_ERR], sqrt(want[k][5]), 1e-14);
            assert_rel(r[VALUE_SURVIVAL_KM_SE_SURV], want[k][4] * sqrt(want[k][5]), 1e-14);
        }
    }
    assert_rel(t[2 * NC + VALUE_SURVIVAL_KM_LOWER], 0.066186753146412466, 1e-13);
    assert_rel(t[2 * NC + VALUE_SURVIVAL_KM_UPPER], 0.78490836714795853, 1e-13);
    ck_assert(isnan(t[4 * NC + VALUE_SURVIVAL_KM_STD_ERR]) && isnan(t[4 * NC + VALUE_SURVIVAL_KM_LOWER]));

    double med, lo, hi;
    assert_ok(value_survival_km_median(km, 0, 0.95, &med, &lo, &hi));
    ck_assert(med == 3 && lo == 1 && isnan(hi));

    double rmst, se;
    assert_ok(value_survival_km_rmst(km, 0, 4.5, &rmst, &se));
    assert_rel(rmst, 19.0 / 6, 1e-15);
    assert_rel(se, sqrt(23.0 / 72), 1e-14);

    /* At chosen times 0, 2, 2.5, 6: at risk 6, 5 (time >= 2), 3, 0; events
     * in (0, 2] 2 with 1 censoring, none in (2, 2.5], 2 in (2.5, 6] with 1
     * censoring; S 1, 2/3, 2/3, 0. */
    const double times[] = {0, 2, 2.5, 6};
    double a[4 * NC];
    assert_ok(value_survival_km_at(km, 0, times, 4, 0.95, a, 4 * NC));
    const double wa[4][5] = {{0, 6, 0, 0, 1}, {2, 5, 2, 1, 2.0 / 3}, {2.5, 3, 0, 0, 2.0 / 3}, {6, 0, 2, 1, 0}};
    for (size_t k = 0; k < 4; k++)
        for (int c = 0; c < 5; c++)
            assert_abs(a[k * NC + c], wa[k][c], 1e-15);
    ck_assert(a[VALUE_SURVIVAL_KM_LOWER] == 1 && a[VALUE_SURVIVAL_KM_UPPER] == 1 && a[VALUE_SURVIVAL_KM_STD_ERR] == 0);
    assert_rel(a[2 * NC + VALUE_SURVIVAL_KM_LOWER], 0.194616636806234866, 1e-13);
    value_survival_km_free(km);
}
END_TEST

/* print.survfit's rule for a curve lying on 1/2: times 1, 2, 3, 4, all
 * events, S = 3/4, 1/2, 1/4, 0: the median is (2 + 3) / 2 = 2.5 (survfit
 * prints 2.5, 0.95LCL 1, UCL NA). */
START_TEST(median_on_one_half)
{
    const double tm[] = {1, 2, 3, 4}, ev[] = {1, 1, 1, 1};
    value_survival_km *km = NULL;
    assert_ok(value_survival_km_new(tm, ev, NULL, NULL, 4, 1, &km));
    double med, lo, hi;
    assert_ok(value_survival_km_median(km, 0, 0.95, &med, &lo, &hi));
    ck_assert(med == 2.5 && lo == 1 && isnan(hi));
    value_survival_km_free(km);
}
END_TEST

/* R's survival::aml (tests/data/survival/aml.csv), group 0 Maintained,
 * 1 Nonmaintained.  survfit(Surv(time, status) ~ x, data = aml,
 * conf.type = "log-log") (survival 3.5-3), columns time n.risk n.event
 * n.censor surv std.err lower upper:
 *  9 11 1 0 0.909090909090909061 0.095346258924559224 0.5080802057699297380 0.98667382266782311
 * 13 10 1 1 0.818181818181818121 0.142133810903740276 0.4474286146821814247 0.95116222858249166
 * 18  8 1 0 0.715909090909090828 0.195087577921207123 0.3501903859079383841 0.89902397419105340
 * 23  7 1 0 0.613636363636363535 0.248734169081545498 0.2657520400012861050 0.83529924325022142
 * 28  6 0 1 0.613636363636363535 0.248734169081545498 0.2657520400012861050 0.83529924325022142
 * 31  5 1 0 0.490909090909090851 0.334467766561572954 0.1673309097768508058 0.75339979037081128
 * 34  4 1 0 0.368181818181818166 0.441816726937788340 0.0928295749369851819 0.65704083239816380
 * 45  3 0 1 0.368181818181818166 0.441816726937788340 0.0928295749369851819 0.65704083239816380
 * 48  2 1 0 0.184090909090909083 0.833787754888508870 0.0117384801231896017 0.52501484272664145
 *161  1 0 1 0.184090909090909083 0.833787754888508870 0.0117384801231896017 0.52501484272664145
 *  5 12 2 0 0.833333333333333370 0.129099444873580549 0.4817149421953788591 0.95550936572806489
 *  8 10 2 0 0.666666666666666741 0.204124145231931509 0.3370189325414019721 0.85971179908443984
 * 12  8 1 0 0.583333333333333370 0.243975018237133301 0.2701389240854973339 0.80094019233338687
 * 16  7 0 1 0.583333333333333370 0.243975018237133301 0.2701389240854973339 0.80094019233338687
 * 23  6 1 0 0.486111111111111160 0.304724700110022007 0.1918766196187282891 0.72967156977948544
 * 27  5 1 0 0.388888888888888951 0.377964473009227198 0.1262720121953936625 0.64981740828931511
 * 30  4 1 0 0.291666666666666741 0.475594865605670880 0.0724016089077718361 0.56088605267140923
 * 33  3 1 0 0.194444444444444475 0.626783170528008693 0.0311986429312119395 0.46142947623811392
 * 43  2 1 0 0.097222222222222238 0.944911182523068049 0.0057463056958638346 0.34890386111074972
 * 45  1 1 0 0                    Inf                  NA                    NA
 * summary(fit, rmean = 40)$table: rmean 28.897727272727270, se(rmean)
 * 3.4675776788915997, median 31, LCL 13, UCL NA (Maintained);
 * 21.930555555555557, 3.8356411631845924, 23, 5, 33 (Nonmaintained).
 * summary(fit, times = c(0, 10, 20, 30, 40, 50), extend = TRUE)$n.risk:
 * 11 10 7 5 3 1 and 12 8 6 4 2 0; $n.event 0 1 2 1 2 1 and 0 4 1 3 1 2. */
static const double AML_T[] = {9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45};
static const double AML_E[] = {1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1};
static const int32_t AML_G[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const double AML_R[20][8] = {
    {9, 11, 1, 0, 0.909090909090909061, 0.095346258924559224, 0.5080802057699297380, 0.98667382266782311},
    {13, 10, 1, 1, 0.818181818181818121, 0.142133810903740276, 0.4474286146821814247, 0.95116222858249166},
    {18, 8, 1, 0, 0.715909090909090828, 0.195087577921207123, 0.3501903859079383841, 0.89902397419105340},
    {23, 7, 1, 0, 0.613636363636363535, 0.248734169081545498, 0.2657520400012861050, 0.83529924325022142},
    {28, 6, 0, 1, 0.613636363636363535, 0.248734169081545498, 0.2657520400012861050, 0.83529924325022142},
    {31, 5, 1, 0, 0.490909090909090851, 0.334467766561572954, 0.1673309097768508058, 0.75339979037081128},
    {34, 4, 1, 0, 0.368181818181818166, 0.441816726937788340, 0.0928295749369851819, 0.65704083239816380},
    {45, 3, 0, 1, 0.368181818181818166, 0.441816726937788340, 0.0928295749369851819, 0.65704083239816380},
    {48, 2, 1, 0, 0.184090909090909083, 0.833787754888508870, 0.0117384801231896017, 0.52501484272664145},
    {161, 1, 0, 1, 0.184090909090909083, 0.833787754888508870, 0.0117384801231896017, 0.52501484272664145},
    {5, 12, 2, 0, 0.833333333333333370, 0.129099444873580549, 0.4817149421953788591, 0.95550936572806489},
    {8, 10, 2, 0, 0.666666666666666741, 0.204124145231931509, 0.3370189325414019721, 0.85971179908443984},
    {12, 8, 1, 0, 0.583333333333333370, 0.243975018237133301, 0.2701389240854973339, 0.80094019233338687},
    {16, 7, 0, 1, 0.583333333333333370, 0.243975018237133301, 0.2701389240854973339, 0.80094019233338687},
    {23, 6, 1, 0, 0.486111111111111160, 0.304724700110022007, 0.1918766196187282891, 0.72967156977948544},
    {27, 5, 1, 0, 0.388888888888888951, 0.377964473009227198, 0.1262720121953936625, 0.64981740828931511},
    {30, 4, 1, 0, 0.291666666666666741, 0.475594865605670880, 0.0724016089077718361, 0.56088605267140923},
    {33, 3, 1, 0, 0.194444444444444475, 0.626783170528008693, 0.0311986429312119395, 0.46142947623811392},
    {43, 2, 1, 0, 0.097222222222222238, 0.944911182523068049, 0.0057463056958638346, 0.34890386111074972},
    {45, 1, 1, 0, 0, NAN, NAN, NAN}};

START_TEST(aml_survfit)
{
    value_survival_km *km = NULL;
    assert_ok(value_survival_km_new(AML_T, AML_E, NULL, AML_G, 23, 2, &km));
    static const int cols[8] = {VALUE_SURVIVAL_KM_TIME, VALUE_SURVIVAL_KM_N_RISK, VALUE_SURVIVAL_KM_N_EVENT,
                                VALUE_SURVIVAL_KM_N_CENSOR, VALUE_SURVIVAL_KM_SURV, VALUE_SURVIVAL_KM_STD_ERR,
                                VALUE_SURVIVAL_KM_LOWER, VALUE_SURVIVAL_KM_UPPER};
    size_t row0 = 0;
    for (size_t g = 0; g < 2; g++) {
        size_t m;
        assert_ok(value_survival_km_size(km, g, &m));
        ck_assert_uint_eq(m, g == 0 ? 10 : 10);
        double t[10 * NC];
        assert_ok(value_survival_km_table(km, g, 0.95, t, m * NC));
        for (size_t k = 0; k < m; k++)
            for (int c = 0; c < 8; c++) {
                double w = AML_R[row0 + k][c], got = t[k * NC + cols[c]];
                if (isnan(w))
                    ck_assert(isnan(got));
                else if (w == 0)
                    ck_assert(got == 0);
                else
                    assert_rel(got, w, TOL);
            }
        row0 += m;
    }
    const double rm[2][5] = {{28.897727272727270, 3.4675776788915997, 31, 13, NAN},
                             {21.930555555555557, 3.8356411631845924, 23, 5, 33}};
    const double risk[2][6] = {{11, 10, 7, 5, 3, 1}, {12, 8, 6, 4, 2, 0}};
    const double evs[2][6] = {{0, 1, 2, 1, 2, 1}, {0, 4, 1, 3, 1, 2}};
    const double times[] = {0, 10, 20, 30, 40, 50};
    for (size_t g = 0; g < 2; g++) {
        double r, se, med, lo, hi, a[6 * NC];
        assert_ok(value_survival_km_rmst(km, g, 40, &r, &se));
        assert_rel(r, rm[g][0], TOL);
        assert_rel(se, rm[g][1], TOL);
        assert_ok(value_survival_km_median(km, g, 0.95, &med, &lo, &hi));
        ck_assert(med == rm[g][2] && lo == rm[g][3]);
        ck_assert(g == 0 ? isnan(hi) : hi == rm[g][4]);
        assert_ok(value_survival_km_at(km, g, times, 6, 0.95, a, 6 * NC));
        for (size_t k = 0; k < 6; k++) {
            ck_assert(a[k * NC + VALUE_SURVIVAL_KM_N_RISK] == risk[g][k]);
            ck_assert(a[k * NC + VALUE_SURVIVAL_KM_N_EVENT] == evs[g][k]);
        }
    }
    /* summary(fit, times = 30)$std.err (of S), Maintained: 0.15263233102731200 */
    double a[NC], t30 = 30;
    assert_ok(value_survival_km_at(km, 0, &t30, 1, 0.95, a, NC));
    assert_rel(a[VALUE_SURVIVAL_KM_SE_SURV], 0.15263233102731200, TOL);
    value_survival_km_free(km);
}
END_TEST

/* R's survival::ovarian (tests/data/survival/ovarian.csv) with case
 * weights ecog.ps (1 or 2): survfit(Surv(futime, fustat) ~ 1, weights =
 * ecog.ps, conf.type = "log-log") equals the fit of the data with each
 * row repeated ecog.ps times; rows 1, 12 and 16 of it:
 *  59 38 1 0 0.97368421052631582 0.026669037353133251 0.82751273194060693 0.99625068202290146
 * 464 23 2 0 0.64689315261397640 0.122791467653682859 0.46913202218389949 0.77827919690319025
 * 638 16 2 0 0.45522110739502042 0.189639900152584251 0.28307289557544868 0.61217993810458438
 * 26 rows; summary(fit, rmean = 1000)$table: rmean 667.126190615893165,
 * se(rmean) 55.171097909994529, median 638, LCL 464, UCL NA. */
static const double OV_T[] = {59, 115, 156, 421, 431, 448, 464, 475, 477, 563, 638, 744, 769, 770, 803, 855, 1040, 1106, 1129, 1206, 1227, 268, 329, 353, 365, 377};
static const double OV_E[] = {1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0};
static const double OV_W[] = {1, 1, 2, 1, 1, 2, 2, 2, 1, 2, 2, 1, 2, 1, 1, 2, 2, 1, 1, 1, 2, 2, 1, 2, 1, 1};

START_TEST(ovarian_weighted)
{
    value_survival_km *km = NULL;
    assert_ok(value_survival_km_new(OV_T, OV_E, OV_W, NULL, 26, 1, &km));
    size_t m;
    assert_ok(value_survival_km_size(km, 0, &m));
    ck_assert_uint_eq(m, 26);
    double t[26 * NC];
    assert_ok(value_survival_km_table(km, 0, 0.95, t, m * NC));
    const size_t rows[3] = {0, 11, 15};
    const double want[3][8] = {
        {59, 38, 1, 0, 0.97368421052631582, 0.026669037353133251, 0.82751273194060693, 0.99625068202290146},
        {464, 23, 2, 0, 0.64689315261397640, 0.122791467653682859, 0.46913202218389949, 0.77827919690319025},
        {638, 16, 2, 0, 0.45522110739502042, 0.189639900152584251, 0.28307289557544868, 0.61217993810458438}};
    for (int j = 0; j < 3; j++) {
        const double *r = t + rows[j] * NC;
        ck_assert(r[0] == want[j][0] && r[1] == want[j][1] && r[2] == want[j][2] && r[3] == want[j][3]);
        assert_rel(r[VALUE_SURVIVAL_KM_SURV], want[j][4], TOL);
        assert_rel(r[VALUE_SURVIVAL_KM_STD_ERR], want[j][5], TOL);
        assert_rel(r[VALUE_SURVIVAL_KM_LOWER], want[j][6], TOL);
        assert_rel(r[VALUE_SURVIVAL_KM_UPPER], want[j][7], TOL);
    }
    double r, se, med, lo, hi;
    assert_ok(value_survival_km_rmst(km, 0, 1000, &r, &se));
    assert_rel(r, 667.126190615893165, TOL);
    assert_rel(se, 55.171097909994529, TOL);
    assert_ok(value_survival_km_median(km, 0, 0.95, &med, &lo, &hi));
    ck_assert(med == 638 && lo == 464 && isnan(hi));
    value_survival_km_free(km);
}
END_TEST

START_TEST(all_censored)
{
    /* No events: S = 1 throughout, SE 0, limits 1; the median is not
     * reached (NaN); the RMST to tau is tau with SE 0. */
    const double tm[] = {3, 1, 2}, ev[] = {0, 0, 0};
    value_survival_km *km = NULL;
    assert_ok(value_survival_km_new(tm, ev, NULL, NULL, 3, 1, &km));
    double t[3 * NC], med = 9, lo = 9, hi = 9, r, se;
    assert_ok(value_survival_km_table(km, 0, 0.9, t, 3 * NC));
    for (int k = 0; k < 3; k++) {
        ck_assert(t[k * NC] == k + 1 && t[k * NC + VALUE_SURVIVAL_KM_N_RISK] == 3 - k);
        ck_assert(t[k * NC + VALUE_SURVIVAL_KM_SURV] == 1 && t[k * NC + VALUE_SURVIVAL_KM_STD_ERR] == 0);
        ck_assert(t[k * NC + VALUE_SURVIVAL_KM_LOWER] == 1 && t[k * NC + VALUE_SURVIVAL_KM_UPPER] == 1);
    }
    assert_ok(value_survival_km_median(km, 0, 0.95, &med, &lo, &hi));
    ck_assert(isnan(med) && isnan(lo) && isnan(hi));
    assert_ok(value_survival_km_rmst(km, 0, 2.5, &r, &se));
    ck_assert(r == 2.5 && se == 0);
    value_survival_km_free(km);
}
END_TEST

START_TEST(bad_input)
{
    const double tm[] = {1, -1, 2}, ev[] = {1, 0, 2}, w[] = {1, 0, 1};
    const int32_t g[] = {0, 2, 0};
    value_survival_km *km = (value_survival_km *)&km;
    const double ok_t[] = {1, 2, 3}, ok_e[] = {1, 0, 1};
    assert_fails(value_survival_km_new(tm, ok_e, NULL, NULL, 3, 1, &km), VALUE_EINVAL, "time[1] is -1, must be finite and >= 0");
    assert_fails(value_survival_km_new(ok_t, ev, NULL, NULL, 3, 1, &km), VALUE_EINVAL, "event[2] is 2, must be 0 or 1");
    assert_fails(value_survival_km_new(ok_t, ok_e, w, NULL, 3, 1, &km), VALUE_EINVAL, "weight[1] is 0, must be finite and > 0");
    assert_fails(value_survival_km_new(ok_t, ok_e, NULL, g, 3, 2, &km), VALUE_EINVAL, "group[1] is 2, not in [0, 2)");
    const int32_t g0[] = {0, 0, 2};
    assert_fails(value_survival_km_new(ok_t, ok_e, NULL, g0, 3, 3, &km), VALUE_EINVAL, "group 1 has no records");
    assert_fails(value_survival_km_new(ok_t, ok_e, NULL, NULL, 3, 2, &km), VALUE_EINVAL, "must be 1 when group is NULL");
    assert_fails(value_survival_km_new(ok_t, ok_e, NULL, NULL, 0, 1, &km), VALUE_EINVAL, "n must be at least 1");
    const double nan_t[] = {1, NAN, 3};
    assert_fails(value_survival_km_new(nan_t, ok_e, NULL, NULL, 3, 1, &km), VALUE_EINVAL, "time[1] is NaN");
    ck_assert(km == (value_survival_km *)&km); /* untouched */

    assert_ok(value_survival_km_new(ok_t, ok_e, NULL, NULL, 3, 1, &km));
    double out[2 * NC], r = 7, se = 7, med, lo, hi;
    out[0] = 7;
    assert_fails(value_survival_km_table(km, 1, 0.95, out, 3 * NC), VALUE_EINVAL, "group is 1, not in [0, 1)");
    assert_fails(value_survival_km_table(km, 0, 1, out, 3 * NC), VALUE_EINVAL, "level is 1, must be in (0, 1)");
    assert_fails(value_survival_km_table(km, 0, 0.95, out, 2 * NC), VALUE_EINVAL, "out_len must be 27 (rows x VALUE_SURVIVAL_KM_N_COLS), got 18");
    const double bt[] = {3, 1};
    assert_fails(value_survival_km_at(km, 0, bt, 2, 0.95, out, 2 * NC), VALUE_EINVAL, "times[1] is 1, must be >= times[0] (3)");
    assert_fails(value_survival_km_rmst(km, 0, -1, &r, &se), VALUE_EINVAL, "tau is -1, must be finite and > 0");
    assert_fails(value_survival_km_rmst(km, 0, INFINITY, &r, &se), VALUE_EINVAL, "tau is Inf");
    assert_fails(value_survival_km_median(km, 0, NAN, &med, &lo, &hi), VALUE_EINVAL, "level is NaN");
    ck_assert(out[0] == 7 && r == 7 && se == 7);
    value_survival_km_free(km);
    value_survival_km_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("survival_km");
    TCase *tc = tcase_create("survival_km");
    tcase_add_test(tc, hand_worked);
    tcase_add_test(tc, median_on_one_half);
    tcase_add_test(tc, aml_survfit);
    tcase_add_test(tc, ovarian_weighted);
    tcase_add_test(tc, all_censored);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
