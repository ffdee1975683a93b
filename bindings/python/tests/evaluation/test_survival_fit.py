# SPDX-License-Identifier: GPL-3.0-or-later
"""SurvivalFit against R's survival::survreg on the lung data
(tests/data/survival/lung.csv: the 227 rows with ph.ecog, status 1/0):
survreg(Surv(time, status) ~ age + sex + ph.ecog, data = lung, dist = d),
printed with sprintf("%.15g"); 1e-6 relative, as the C suite."""

import csv
import os
import unittest

import libvalue
from libvalue import SurvivalFit

HERE = os.path.dirname(os.path.abspath(__file__))
LUNG = os.path.join(HERE, "..", "..", "..", "..", "tests", "data", "survival", "lung.csv")

# c(coef(f), log(f$scale)), sqrt(diag(vcov(f))), f$loglik[2]
SURVREG = {
    "weibull": ([6.27343525199869, -0.00747543940840923, 0.401090541173619, -0.339638098297285, -0.313192730296607],
                [0.453577710802133, 0.00676350766740741, 0.123732566512719, 0.0834784150285477, 0.0613464552599704],
                -1132.43874588232),
    "lognormal": ([6.49478672723393, -0.019181868101864, 0.521952878946603, -0.355566670502548, 0.02823227372678],
                  [0.582756275926363, 0.00832785745994701, 0.152775382394597, 0.103308252981181, 0.0559606245285068],
                  -1146.88183108603),
}


def _lung():
    with open(LUNG) as f:
        rows = list(csv.DictReader(f))
    return {k: [float(r[k]) for r in rows] for k in rows[0]}


class SurvregLung(unittest.TestCase):
    def test_coefficients_and_loglik(self):
        data = _lung()
        for dist, (coef, se, ll) in SURVREG.items():
            m = SurvivalFit.fit(data, "time", "status", ["age", "sex", "ph.ecog"], dist=dist)
            rows = m.coefficients()
            self.assertEqual([r.name for r in rows], ["(Intercept)", "age", "sex", "ph.ecog", "Log(scale)"])
            for r, c, s in zip(rows, coef, se):
                self.assertAlmostEqual(r.estimate / c, 1, delta=1e-6)
                self.assertAlmostEqual(r.se / s, 1, delta=1e-6)
            self.assertAlmostEqual(m.loglik / ll, 1, delta=1e-6)
            m.close()

    def test_bad_input(self):
        data = {"t": [1.0, 0.0, 3.0], "e": [1, 1, 1]}
        with self.assertRaises(libvalue.InvalidArgumentError) as cm:
            SurvivalFit.fit(data, "t", "e", dist="exponential")
        self.assertIn("time[1] is 0", str(cm.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as cm:
            SurvivalFit.fit(data, "tt", "e")
        self.assertIn("did you mean 't'", str(cm.exception))
        with self.assertRaises(libvalue.DomainError) as cm:
            SurvivalFit.fit({"t": [1.0, 2.0, 3.0], "e": [1, 0, 0]}, "t", "e", dist="weibull")
        self.assertIn("too few events: 1 events for 2 parameters", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
