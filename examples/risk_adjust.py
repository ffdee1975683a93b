# SPDX-License-Identifier: GPL-3.0-or-later
"""Risk adjustment from Python: the seeds' Hospital X / Hospital Y case.
X treats 200 high-risk patients (12% die, 15% expected); Y treats 50
low-risk patients (6% die, 5% expected).  Observed vs expected reverses
the raw ranking."""

import libvalue

deaths = [1] * 24 + [0] * 176 + [1] * 3 + [0] * 47
expected_risk = [0.15] * 200 + [0.05] * 50
hospital = [0] * 200 + [1] * 50

for name, g in zip(("Hospital X", "Hospital Y"), libvalue.observed_expected(deaths, expected_risk, hospital)):
    print("%s: raw %.1f%%, expected %.1f%%, O/E %.2f (95%% CI %.2f-%.2f), risk-standardized %.1f%%"
          % (name, 100 * g.observed / g.n, 100 * g.expected / g.n, g.oe, g.lower, g.upper, 100 * g.rate))

# a published model applied to new patients, and Byar's interval for an SMR
model = libvalue.RiskModel.load({"(Intercept)": -9.0, "age": 0.1, "chf": 0.3})
print("predicted risk at age 80 with heart failure: %.3f" % model.predict([[80, 1]]).mu[0])
print("95%% interval of O = 65 deaths: %.2f-%.2f" % libvalue.oe_interval(65))
