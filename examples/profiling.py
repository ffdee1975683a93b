# SPDX-License-Identifier: GPL-3.0-or-later
"""Provider profiling and fairness from Python: O/E per provider with
Byar's limits, a funnel assessment, and a risk classifier's error rates
by group (fairlearn's documentation example)."""

import libvalue

# per-provider counts: observed deaths, expected deaths (from a risk model), patients
observed = [24, 3, 65, 40, 12]
expected = [30.0, 2.5, 48.0, 41.0, 11.0]
patients = [200, 50, 400, 310, 90]
prof = libvalue.Profile(5).add_counts(range(5), observed, expected, patients)
funnel = libvalue.funnel_assess(observed, expected, "ratio", target=1.0)
for k, (r, flag) in enumerate(zip(prof.results(), funnel.flags)):
    print("provider %d: O/E %.2f (95%% CI %.2f-%.2f), z %+.2f, funnel flag %+d" % (k, r.oe, r.lower, r.upper, r.z,
                                                                                   flag))

y_true = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]
y_pred = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0]
group = ["abc".index(g) for g in "bbabbcccaacabccbcc"]
s = libvalue.fairness_summary(y_true, y_pred, group)
print("equalized odds difference %.2f, demographic parity difference %.2f, ratio %.4f"
      % (s.equalized_odds_difference, s.selection_difference, s.selection_ratio))
