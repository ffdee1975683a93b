# SPDX-License-Identifier: GPL-3.0-or-later
"""Walkthrough 1, the health economist: a Markov model -> a probabilistic
sensitivity analysis -> CEAC, CE plane, EVPI.

The model is the HIV/AIDS model of Chancellor et al. (1997), as worked in
Briggs, Claxton & Sculpher, *Decision Modelling for Health Economic
Evaluation* (OUP 2006), chapters 2-4: four states (A: CD4 200-500, B: CD4
< 200, C: AIDS, D: death), yearly cycles over 20 years, zidovudine
monotherapy against zidovudine + lamivudine (relative risk 0.509 of
progressing, for the first 2 years), costs discounted at 6%, life years
undiscounted.  Briggs et al. report an ICER of 6,276 per life year
gained; the PSA draws the transition counts (Dirichlet), the relative risk
(lognormal) and the direct medical costs (gamma), as in their chapter 4.

Run it with `python3 docs/python/health_economist.py`; with matplotlib the
figures go to $LIBVALUE_PLOT_DIR (default: the current directory).
"""

import math
import os

import libvalue

# ---- 1. the model, deterministic -------------------------------------------
COUNTS = [[1251, 350, 116, 17], [0, 731, 512, 15], [0, 0, 1312, 437], [0, 0, 0, 1]]  # transitions observed
STATES = ["A", "B", "C", "D"]
CYCLES = 20
DRUG = {"zidovudine": 2278.0, "lamivudine": 2086.5}
DIRECT = [1701.0 + 1055.0, 1774.0 + 1278.0, 6948.0 + 2059.0]  # medical + community care, states A-C


def matrices(rows, rr):
    """T transition matrices: monotherapy rows, their off-diagonal
    probabilities times rr in the first two cycles (the combination)."""
    out = []
    for t in range(1, CYCLES + 1):
        r = rr if t <= 2 else 1.0
        m = [[rows[i][j] * r if i != j else 0.0 for j in range(4)] for i in range(4)]
        for i in range(4):
            m[i][i] = 1.0 - sum(m[i])
        out.append(m)
    return out


def state_costs(direct, combination):
    """Costs per state per cycle: direct care and the drugs (lamivudine in
    the first two years of the combination arm); death costs nothing."""
    return [[d + DRUG["zidovudine"] + (DRUG["lamivudine"] if combination and t <= 2 else 0.0) for d in direct]
            + [0.0] for t in range(1, CYCLES + 1)]


def model():
    m = libvalue.MarkovModel(4, cycles=CYCLES, discount_costs=0.06, correction="end", state_names=STATES)
    m.set_initial([1, 0, 0, 0])
    return m


MONO = [[c / sum(row) if sum(row) else (1.0 if i == j else 0.0) for j, c in enumerate(row)]
        for i, row in enumerate(COUNTS)]
alive = [[1, 1, 1, 0]] * CYCLES
arms = {}
for name, rr, combo in (("monotherapy", 1.0, False), ("combination", 0.509, True)):
    m = model().set_transitions(matrices(MONO, rr))
    m.set_state_rewards(state_costs(DIRECT, combo), alive, alive)  # utility 1 alive: QALYs = life years
    arms[name] = m.run()
    print("%-12s cost %10.2f, life years %.4f" % (name, arms[name].cost, arms[name].life_years))

cea = libvalue.frontier([a.cost for a in arms.values()], [a.life_years for a in arms.values()], list(arms))
icer = cea[1].icer
print("ICER of the combination: %.2f per life year gained (Briggs et al.: 6,276)" % icer)
assert abs(icer - 6275.96) < 0.01, icer

trace = model().set_transitions(matrices(MONO, 1.0)).trace()
print("monotherapy trace:", trace)  # a (T+1) x 4 array with named columns

# ---- 2. the PSA ------------------------------------------------------------
s = libvalue.Sampler()
for i, row in enumerate(COUNTS[:3]):
    s.add_dirichlet("from " + STATES[i], [c for c in row[i:]])  # the reachable states only
s.add("rr", "lognormal_log", math.log(0.509), (math.log(0.710) - math.log(0.365)) / (2 * 1.96))
for i, d in enumerate(DIRECT):
    s.add("cost " + STATES[i], "gamma", d, d)  # mean = sd, as Briggs et al.'s exercise
print(s)
K = 1000
draws = s.draw(K, seed=20061)  # K x p, columns named by the parameters
print("draws:", draws)

names = s.names


def col(name):
    return names.index(name)


transitions = {"monotherapy": [], "combination": []}
costs = {"monotherapy": [], "combination": []}
for row in draws:
    rows = []
    for i in range(3):
        block = [float(row[col("from %s[%d]" % (STATES[i], k))]) for k in range(4 - i)]
        rows.append([0.0] * i + block)
    rows.append([0.0, 0.0, 0.0, 1.0])
    direct = [float(row[col("cost " + st)]) for st in STATES[:3]]
    for name, rr, combo in (("monotherapy", 1.0, False), ("combination", float(row[col("rr")]), True)):
        transitions[name].append(matrices(rows, rr))
        costs[name].append(state_costs(direct, combo))

psa = {}
for name in arms:
    m = model().set_state_rewards(state_costs(DIRECT, False), alive, alive)
    psa[name] = m.run_batch(transitions[name], costs[name], [alive] * K)
table_costs = {name: list(psa[name].cost) for name in arms}  # strategies as columns
table_effects = {name: list(psa[name].life_years) for name in arms}
try:
    import pandas
    table_costs, table_effects = pandas.DataFrame(table_costs), pandas.DataFrame(table_effects)
except ImportError:
    pass  # mappings of columns work as well

lambdas = [500.0 * k for k in range(41)]  # 0 .. 20,000 per life year
curves = libvalue.psa_curves(table_costs, table_effects, lambdas)
print(curves)
p_combo = float(curves.ceac[lambdas.index(10000.0)][1])
print("probability the combination is cost-effective at 10,000 per life year: %.3f" % p_combo)
assert 0.8 < p_combo <= 1.0, p_combo
print("EVPI at 6,000 per life year: %.2f per patient" % curves.evpi[12])
assert curves.optimal[0] == "monotherapy" and curves.optimal[-1] == "combination"
summary = libvalue.psa_summary(table_costs)
print("mean costs:", [round(r.mean, 2) for r in summary])

# ---- 3. the figures --------------------------------------------------------
try:
    import matplotlib
    matplotlib.use("Agg")
except ImportError:
    print("matplotlib not installed: no figures")
else:
    out = os.environ.get("LIBVALUE_PLOT_DIR", ".")
    for kind, draw in (("ceac", lambda: libvalue.plots.ceac(curves)),
                       ("ce_plane", lambda: libvalue.plots.ce_plane(table_costs, table_effects, "monotherapy",
                                                                    names=list(arms) if isinstance(table_costs, dict)
                                                                    else None, wtp=10000)),
                       ("evpi", lambda: libvalue.plots.evpi(curves)),
                       ("markov_trace", lambda: libvalue.plots.markov_trace(trace))):
        ax = draw()
        path = os.path.join(out, "health_economist-%s.png" % kind)
        ax.figure.savefig(path, dpi=90, bbox_inches="tight")
        print("wrote", path)
print("health economist walkthrough: ok")
