# SPDX-License-Identifier: GPL-3.0-or-later
"""Risk adjustment from Python.  Expected numbers: R 4.2.2's glm on the
same 30 patients (the R code is in the comment below), the PHE test data
for Byar's limits, and the seeds' Hospital X / Hospital Y case."""

import math
import unittest

import libvalue

# R:  age <- c(55,62,...); chf <- c(0,1,...); dead <- c(0,0,...)   (as below)
#     g <- glm(dead ~ age + chf, family = binomial); summary(g)$coefficients
#     predict(g, data.frame(age = c(60, 80), chf = c(0, 1)), type = "response", se.fit = TRUE)
AGE = [55, 62, 70, 48, 81, 66, 59, 73, 77, 68, 52, 85, 60, 71, 64, 79, 57, 69, 74, 83, 50, 63, 76, 67, 58, 72, 80,
       61, 65, 78]
CHF = [0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1]
DEAD = [0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1]
R_COEF = [-15.566417452300275, 0.22620678373504904, -1.0182496734211459]
R_SE = [6.5166716065136114, 0.099001616292402214, 1.3781912507714387]
R_DEV, R_NULL_DEV, R_AIC = 27.363736075986029, 40.380700020555388, 33.363736075986033
R_FIT, R_SE_FIT = [0.11983322435714953, 0.81933900035858531], [0.089509081473759411, 0.11988615857937146]


def close(a, b, rel):
    return all(abs(x - y) <= rel * abs(y) for x, y in zip(a, b))


class Glm(unittest.TestCase):
    def setUp(self):
        self.x = [[a, c] for a, c in zip(AGE, CHF)]

    def test_logistic_matches_r(self):
        with libvalue.RiskModel.fit(self.x, DEAD, columns=["age", "chf"]) as m:
            cf = m.coefficients()
            self.assertEqual([c.name for c in cf], ["(Intercept)", "age", "chf"])
            self.assertTrue(close([c.estimate for c in cf], R_COEF, 1e-8), cf)
            self.assertTrue(close([c.se for c in cf], R_SE, 1e-8), cf)
            self.assertTrue(close([m.deviance, m.null_deviance, m.aic], [R_DEV, R_NULL_DEV, R_AIC], 1e-8))
            pr = m.predict([[60, 0], [80, 1]], se=True)
            self.assertTrue(close(pr.mu, R_FIT, 1e-8) and close(pr.se_mu, R_SE_FIT, 1e-7), pr)
            self.assertAlmostEqual(m.coef["age"], R_COEF[1], delta=1e-8 * R_COEF[1])

    def test_dataframe_input(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("pandas is not installed for this python")
        df = pd.DataFrame({"age": AGE, "chf": CHF})
        with libvalue.RiskModel.fit(df, DEAD) as m:
            self.assertEqual(m.names, ["(Intercept)", "age", "chf"])
            self.assertTrue(close([c.estimate for c in m.coefficients()], R_COEF, 1e-8))

    def test_loaded_model(self):
        with libvalue.RiskModel.load({"(Intercept)": -9.0, "age": 0.1, "chf": 0.3}) as m:
            mu = m.predict([[70, 1]]).mu[0]
            self.assertAlmostEqual(mu, 1 / (1 + math.exp(-(-9 + 7 + 0.3))), delta=1e-15)
            self.assertTrue(math.isnan(m.coefficients()[1].se))
            with self.assertRaises(libvalue.StateError):
                m.predict([[70, 1]], se=True)

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, r"unknown family .logit. \(one of .binomial., "):
            libvalue.RiskModel("logit", 1)
        with self.assertRaisesRegex(ArithmeticError, "separat"):
            libvalue.RiskModel.fit([[v] for v in range(20)], [0] * 10 + [1] * 10)
        bad = list(DEAD)
        bad[3] = 2
        with self.assertRaisesRegex(ValueError, "y"):
            libvalue.RiskModel.fit(self.x, bad)


class RandomIntercept(unittest.TestCase):
    # 300 patients in 12 providers, outcomes from a fixed formula; R:
    #   i <- 0:299; h <- i %/% 25; x <- ((i * 37) %% 11 - 5) / 5
    #   y <- as.integer(((i * 7919 + h * 104729) %% 100) < 40 + 15 * x + 8 * ((h * 5) %% 7 - 3))
    #   g <- lme4::glmer(y ~ x + (1 | h), data.frame(y, x, h = factor(h)), binomial, nAGQ = 1,
    #          control = glmerControl(optimizer = "bobyqa", tolPwrss = 1e-13, optCtrl = list(rhoend = 1e-12)))
    #   fixef(g); attr(VarCorr(g)$h, "stddev"); logLik(g); ranef(g)$h[1:3, 1]
    def test_matches_glmer(self):
        i = range(300)
        h = [k // 25 for k in i]
        x = [[((k * 37) % 11 - 5) / 5] for k in i]
        y = [1 if (k * 7919 + g * 104729) % 100 < 40 + 15 * xx[0] + 8 * ((g * 5) % 7 - 3) else 0
             for k, g, xx in zip(i, h, x)]
        self.assertEqual(sum(y), 114)
        with libvalue.RiskModel.fit_random_intercept(x, y, h, columns=["x"]) as m:
            self.assertTrue(close(list(m.coef.values()), [-0.61879934993328056, 0.26207964644443482], 1e-6))
            self.assertAlmostEqual(m.tau, 0.94682559040987968, delta=1e-6 * 0.95)
            self.assertAlmostEqual(m.loglik, -185.43356591647026, delta=1e-9 * 185.4)
            self.assertTrue(close(m.provider_effects()[:3], [-1.2398152198626187, 0.86699776912730164,
                                                             0.45062142939460137], 1e-6))
            rates = m.standardized_rates(x, y, h)
            self.assertEqual(len(rates), 12)
            self.assertEqual(sum(r.observed for r in rates), 114)


class ObservedExpected(unittest.TestCase):
    def test_byar(self):
        # PHE test data (tests/data/README.md)
        lo, hi = libvalue.oe_interval(65)
        self.assertTrue(close([lo, hi], [50.163187710459454, 82.849138545939837], 1e-12))
        lo, hi = libvalue.oe_interval(1045, 1.0, 0.95)
        self.assertTrue(close([lo, hi], [982.59320180733255, 1110.3312129856499], 1e-12))

    def test_hospital_x_and_y(self):
        # X: 200 patients, 24 deaths (12%), expected 15% each; Y: 50, 3 deaths
        # (6%), expected 5%.  O/E: X 24/30 = 0.8, Y 3/2.5 = 1.2; rates x 27/250.
        y = [1] * 24 + [0] * 176 + [1] * 3 + [0] * 47
        p = [0.15] * 200 + [0.05] * 50
        g = [0] * 200 + [1] * 50
        x, yy = libvalue.observed_expected(y, p, g)
        self.assertAlmostEqual(x.oe, 0.8, delta=1e-12)
        self.assertAlmostEqual(yy.oe, 1.2, delta=1e-12)
        self.assertAlmostEqual(x.rate, 0.8 * 0.108, delta=1e-12)
        self.assertLess(x.rate, yy.rate)  # the ranking reverses: raw 12% > 6%

    def test_performance(self):
        # c-statistic by hand: cases 0.9, 0.4; controls 0.3, 0.4, 0.1 ->
        # pairs won 3 + (1 + 0.5 tie + 1) = 5.5 of 6
        perf = libvalue.performance([1, 1, 0, 0, 0], [0.9, 0.4, 0.3, 0.4, 0.1], groups=3)
        self.assertAlmostEqual(perf.c_statistic, 5.5 / 6, delta=1e-15)
        self.assertAlmostEqual(perf.brier, (0.01 + 0.36 + 0.09 + 0.16 + 0.01) / 5, delta=1e-15)


if __name__ == "__main__":
    unittest.main()
