# The HIV/AIDS Markov model (Chancellor et al. 1997; Briggs, Claxton &
# Sculpher 2006) from Python, with a PSA and a one-way sensitivity analysis.
# SPDX-License-Identifier: GPL-3.0-or-later
import libvalue

MONO = [[1251 / 1734, 350 / 1734, 116 / 1734, 17 / 1734], [0, 731 / 1258, 512 / 1258, 15 / 1258],
        [0, 0, 1312 / 1749, 437 / 1749], [0, 0, 0, 1]]


def arm(rr, lamivudine, zidovudine=2278.0, direct=(2756.0, 3052.0, 9007.0)):
    p, costs = [], []
    for t in range(1, 21):
        r = rr if t <= 2 else 1.0
        m = [[MONO[i][j] * r if i != j else 0.0 for j in range(4)] for i in range(4)]
        for i in range(4):
            m[i][i] = 1 - sum(m[i])
        p.append(m)
        costs.append([d + zidovudine + (lamivudine if t <= 2 else 0) for d in direct] + [0.0])
    model = libvalue.MarkovModel(4, cycles=20, discount_costs=0.06, correction="end")
    model.set_initial([1, 0, 0, 0]).set_transitions(p)
    model.set_state_rewards(costs, [[0] * 4] * 20, [[1, 1, 1, 0]] * 20)
    return model.run()


def icer(params):
    rr, lam = params
    mono, combo = arm(1.0, 0.0), arm(rr, lam)
    return (combo.cost - mono.cost) / (combo.life_years - mono.life_years)


mono, combo = arm(1.0, 0.0), arm(0.509, 2086.5)
print("monotherapy: cost %.2f, life years %.4f" % (mono.cost, mono.life_years))
print("combination: cost %.2f, life years %.4f" % (combo.cost, combo.life_years))
print("ICER %.2f per life year gained" % icer([0.509, 2086.5]))

tornado = libvalue.oneway(icer, [0.509, 2086.5], [0.365, 1500.0], [0.710, 2600.0], ["relative risk", "lamivudine cost"])
for row in tornado.rows:
    print("  %-16s ICER %.0f .. %.0f" % (row.name, row.result_low, row.result_high))
