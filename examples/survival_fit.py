# SPDX-License-Identifier: GPL-3.0-or-later
"""Parametric survival fits on the ovarian cancer trial (R's survival::ovarian,
tests/data/survival/ovarian.csv): the four survreg distributions with age and
ECOG status, compared by AIC; the Weibull's median survival and 2-year
restricted mean for a 55-year-old with ECOG 1.  survreg prints the Weibull
log-likelihood -89.9651772845478."""

import csv
import os

import libvalue

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "tests", "data", "survival", "ovarian.csv")) as f:
    rows = list(csv.DictReader(f))
data = {k: [float(r[k]) for r in rows] for k in rows[0]}

for dist in ("exponential", "weibull", "lognormal", "loglogistic"):
    m = libvalue.SurvivalFit.fit(data, "futime", "fustat", ["age", "ecog.ps"], dist=dist)
    print("%-12s loglik %.4f  AIC %.2f" % (dist, m.loglik, m.aic))
    if dist == "weibull":
        for c in m.coefficients():
            print("  %-12s %10.5f (SE %.5f)" % (c.name, c.estimate, c.se))
        row = {"age": 55, "ecog.ps": 1}
        med = m.quantile(0.5, row)
        rm = m.rmst(730, row)
        print("  median survival at 55, ECOG 1: %.0f days (SE %.0f)" % (med.estimate[0], med.se[0]))
        print("  2-year restricted mean: %.1f days (SE %.1f)" % (rm.estimate[0], rm.se[0]))
    m.close()
