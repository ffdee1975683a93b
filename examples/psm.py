# A partitioned survival model from Python: PFS and OS curves (Weibull,
# survreg parameters) for two strategies, weekly cycles over 10 years, the
# half-cycle correction, 3.5% discounting, then a PSA of 1,000 draws of
# the OS scale.
# SPDX-License-Identifier: GPL-3.0-or-later
import random

import libvalue

m = libvalue.PartitionedSurvivalModel(["progression-free", "progressed", "dead"], cycles=520,
                                      cycle_length=1 / 52, discount_costs=0.035, discount_effects=0.035)
m.set_state_rewards(cost=[400.0, 150.0, 0.0], utility=[0.80, 0.60, 0.0])  # cost a week, utility a year


def curves(pfs_mu, os_mu):
    return {"pfs": m.curve("weibull", pfs_mu, 0.8), "os": m.curve("weibull", os_mu, 0.9)}


soc, new = curves(0.2, 1.2), curves(0.5, 1.4)
for name, c in (("standard", soc), ("new", new)):
    r = m.run(c)
    print("%-8s cost %10.2f  QALYs %.4f  life years %.4f" % (name, r.cost, r.qalys, r.life_years))
print("crossings (standard):", m.crossings(soc))

rng = random.Random(1)
draws = [curves(0.5, rng.gauss(1.4, 0.1)) for _ in range(1000)]
b = m.run_batch(draws)
print("PSA: %d draws, QALYs %.4f to %.4f" % (len(b.qalys), min(b.qalys), max(b.qalys)))
