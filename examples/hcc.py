# SPDX-License-Identifier: GPL-3.0-or-later
"""CMS-HCC risk scores from Python: a synthetic population of 1,000
Medicare Advantage members with a few common diagnoses each, scored under
V28 and V24, their 2025 payment risk scores (33% V24 + 67% V28), and one
member's score explained line by line.  examples/hcc.R builds the same
population (the same generator) and prints the same numbers."""

from libvalue.risk import HCC, ma_risk_score

# Park-Miller's minimal standard generator, as in examples/hcc.R.
seed = 20250101


def pick(n: int) -> int:
    global seed
    seed = (16807 * seed) % 2147483647
    return int(seed / 2147483647 * n)


common = ["E11.9", "E11.22", "Z79.4", "I50.9", "I48.91", "J44.9", "N18.4", "N18.32", "F33.1", "G30.9",
          "I10", "E78.5", "M19.90", "E66.01"]
n = 1000
people = {"person": [], "segment": [], "age": [], "sex": [], "orec": []}
codes = {"person": [], "code": []}
for i in range(1, n + 1):
    kind = pick(20)  # 0-16 aged non-dual, 17 aged full dual, 18-19 disabled non-dual
    pid = "P%04d" % i
    people["person"].append(pid)
    people["segment"].append("CNA" if kind < 17 else "CFA" if kind == 17 else "CND")
    people["age"].append(65 + pick(30) if kind < 18 else 30 + pick(35))
    people["orec"].append(1 if kind >= 18 else 0)
    people["sex"].append("F" if pick(2) == 0 else "M")
    for _ in range(pick(5)):
        codes["person"].append(pid)
        codes["code"].append(common[pick(len(common))])
# an ICD-9-CM code by mistake (diabetes, 250.00): not ICD-10-CM, skipped and reported
codes["person"].append("P0007")
codes["code"].append("250.00")

v28 = HCC("V28")
s28 = v28.score(people, codes)
s24 = HCC("V24").score(people, codes)
pay = ma_risk_score(2025, s28.score, s24.score)
# invalid code rows counted from 1, as in the R example
print("%d people, %d code rows (invalid: row %s)" % (n, len(codes["code"]),
                                                     ", ".join(str(r + 1) for r in s28.invalid_codes)))
print("mean raw score: V28 %.4f, V24 %.4f; mean 2025 payment risk score %.4f"
      % (sum(s28.score) / n, sum(s24.score) / n, sum(pay) / n))

top = max(range(n), key=lambda i: s28.score[i])
pid = people["person"][top]
print("highest V28 score: %s (%s, %d, %s) %.3f" % (pid, people["segment"][top], people["age"][top],
                                                   people["sex"][top], s28.score[top]))
mine = [c for p, c in zip(codes["person"], codes["code"]) if p == pid]
for ln in v28.explain(people["segment"][top], people["age"][top], people["sex"][top], people["orec"][top], mine):
    print("  %-12s %-16s %-7s %6.3f" % (ln.step, ln.item, ln.code, ln.factor))
