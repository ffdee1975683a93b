# SPDX-License-Identifier: GPL-3.0-or-later
"""Walkthrough 2, the quality team: a risk model -> observed vs expected
per hospital -> a funnel plot and a league chart -> peer groups ->
fairness of the model across social groups.

Run it with `python3 docs/python/quality_team.py`; with matplotlib the
figures go to $LIBVALUE_PLOT_DIR (default: the current directory).
"""

import math
import os
import random

import libvalue

# ---- 0. why risk adjustment: Hospital X and Hospital Y ---------------------
# X treats 200 high-risk patients (24 die, 15% expected: 30), Y 50 low-risk
# ones (3 die, 5% expected: 2.5).  Raw, X is worse (12% vs 6%); O/E reverses
# it: X 24/30 = 0.80, Y 3/2.5 = 1.20.
deaths = [1] * 24 + [0] * 176 + [1] * 3 + [0] * 47
risk = [0.15] * 200 + [0.05] * 50
xy = libvalue.observed_expected(deaths, risk, [0] * 200 + [1] * 50)
print("Hospital X O/E %.2f, Hospital Y O/E %.2f" % (xy[0].oe, xy[1].oe))
assert abs(xy[0].oe - 0.80) < 1e-12 and abs(xy[1].oe - 1.20) < 1e-12

# ---- 1. a risk model fitted on a cohort ------------------------------------
# A synthetic cohort (seeded): 30 hospitals of 80-600 patients; death
# depends on age and heart failure as logit p = -7 + 0.07 age + 0.6 chf;
# hospital 4 has twice the odds of death (the outlier to find) and the
# patients of hospitals 20-29 are older.
rng = random.Random(17)
rows, y, hospital, group = [], [], [], []
for h in range(30):
    for _ in range(80 + 18 * h):
        age = rng.gauss(72 if h < 20 else 80, 8)
        chf = 1.0 if rng.random() < 0.3 else 0.0
        eta = -7 + 0.07 * age + 0.6 * chf + (math.log(2.0) if h == 4 else 0.0)
        rows.append([age, chf])
        y.append(1.0 if rng.random() < 1 / (1 + math.exp(-eta)) else 0.0)
        hospital.append(h)
        group.append(rng.randrange(3))  # a social group of the patient, 0..2
try:
    import pandas
    x = pandas.DataFrame(rows, columns=["age", "chf"])  # the column names name the coefficients
except ImportError:
    x = rows
model = libvalue.RiskModel.fit(x, y, "binomial", columns=None if hasattr(x, "columns") else ["age", "chf"])
print(model)
for c in model.coefficients():
    print("  %-12s %8.4f (se %.4f)" % (c.name, c.estimate, c.se))
coef = model.coef
assert abs(coef["age"] - 0.07) < 0.02 and abs(coef["chf"] - 0.6) < 0.2, coef
p = model.predict(x).mu
perf = libvalue.performance(y, p)
print("c-statistic %.3f, Brier %.4f, Hosmer-Lemeshow p %.3f" % (perf.c_statistic, perf.brier, perf.hl_p))

# ---- 2. observed vs expected per hospital ----------------------------------
oe = libvalue.observed_expected(y, p, hospital)
print(oe)  # 30 rows: short; .to_frame() for the table
observed = [r.observed for r in oe]
expected = [r.expected for r in oe]
funnel = libvalue.funnel_assess(observed, expected, "ratio", target=1.0)
flagged = [h for h, f in enumerate(funnel.flags) if f > 0]
print("hospitals above the 95%% limits: %s (phi %.2f)" % (flagged, funnel.phi))
assert 4 in flagged, flagged

# ---- 3. peer groups --------------------------------------------------------
size = [r.n for r in oe]
peers = libvalue.peer_groups(size, 3)  # by volume: small, middle, large
cmp = libvalue.peer_compare([r.oe for r in oe], peers)
print("hospital 4: volume group %d, O/E %.2f against its peers' median %.2f"
      % (peers[4], oe[4].oe, cmp[4].peer_median))

# ---- 4. fairness of the model ----------------------------------------------
fair = libvalue.fairness_summary(y, p, group, threshold=0.3)
print("model across social groups: TPR difference %.3f, O/E difference %.3f" % (fair.tpr_difference,
                                                                                fair.oe_difference))
# fairlearn's documentation example (y_true, y_pred by group a, b, c): its
# published equalized odds difference 1.00, demographic parity difference
# 0.25 and ratio 0.6667
y_true = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]
y_pred = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0]
g = ["abc".index(ch) for ch in "bbabbcccaacabccbcc"]
s = libvalue.fairness_summary(y_true, y_pred, g)
print("fairlearn example: equalized odds difference %.2f, demographic parity difference %.2f, ratio %.4f"
      % (s.equalized_odds_difference, s.selection_difference, s.selection_ratio))
assert (round(s.equalized_odds_difference, 2), round(s.selection_difference, 2), round(s.selection_ratio, 4)) == \
    (1.0, 0.25, 0.6667)

# ---- 5. the figures --------------------------------------------------------
try:
    import matplotlib
    matplotlib.use("Agg")
except ImportError:
    print("matplotlib not installed: no figures")
else:
    out = os.environ.get("LIBVALUE_PLOT_DIR", ".")
    names = ["H%02d" % h for h in range(30)]
    for kind, draw in (("funnel", lambda: libvalue.plots.funnel(observed, expected, "ratio", 1.0, labels=names)),
                       ("funnel_overdispersed", lambda: libvalue.plots.funnel(observed, expected, "ratio", 1.0,
                                                                              "multiplicative", labels=names)),
                       ("caterpillar", lambda: libvalue.plots.caterpillar(oe, labels=names))):
        ax = draw()
        path = os.path.join(out, "quality_team-%s.png" % kind)
        ax.figure.savefig(path, dpi=90, bbox_inches="tight")
        print("wrote", path)
print("quality team walkthrough: ok")
