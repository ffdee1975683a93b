# libvalue from Python: is it worth it?  Incremental analysis and PSA.
# SPDX-License-Identifier: GPL-3.0-or-later
import random

import libvalue

# The published incremental table: A is dominated, C extendedly dominated.
names = ["UC", "A", "B", "C", "D", "E"]
for row in libvalue.frontier([5000, 12000, 10000, 25000, 35000, 55000], [1, 1.5, 2, 3, 4, 5], names):
    icer = "" if row.comparator is None else "ICER %.0f vs %s" % (row.icer, row.comparator)
    print("%-2s %-2s %s" % (row.name, row.status, icer))

# The seeds' heart-failure drug, with uncertainty.
rng = random.Random(42)
costs = [[rng.gauss(1000, 100), rng.gauss(89900, 8000)] for _ in range(5000)]
effects = [[rng.gauss(1.0, 0.1), rng.gauss(1.75, 0.25)] for _ in range(5000)]
curves = libvalue.psa_curves(costs, effects, [50000, 100000, 150000])
for lam, p, evpi in zip(curves.lambdas, curves.ceac, curves.evpi):
    print("at $%d/QALY: P(new drug cost-effective) = %.2f, EVPI per patient = $%.0f" % (lam, p[1], evpi))
