# SPDX-License-Identifier: GPL-3.0-or-later
"""Charlson and Elixhauser from Python: a synthetic population of 1,000
inpatients with up to six ICD-10 diagnoses each (some written with the
dot, some without, one malformed), their Charlson flags and scores under
the 1987 and the Quan 2011 weights, and the Elixhauser van Walraven score.
examples/comorbidity.R builds the same population and prints the same
numbers."""

from libvalue.risk import Comorbidity

# Park-Miller's minimal standard generator, as in examples/comorbidity.R.
seed = 20260101


def pick(n: int) -> int:
    global seed
    seed = (16807 * seed) % 2147483647
    return int(seed / 2147483647 * n)


common = ["I21.4", "I50.9", "I10", "I11.0", "E11.9", "E11.22", "J44.9", "N18.4", "F03.90", "C34.90",
          "C78.7", "K70.30", "K72.10", "I63.9", "F32.9", "E66.9", "Z99.2", "I48.91", "D50.9", "M06.9"]
codes = {"person": [], "code": []}
for i in range(1, 1001):
    for _ in range(pick(7)):
        codes["person"].append("P%04d" % i)
        codes["code"].append(common[pick(len(common))])
codes["person"].append("P0001")
codes["code"].append("150.9")  # a one typed for the letter I: not ICD-10, reported

charlson = Comorbidity("charlson_icd10_quan")
flags = charlson.flags(codes)
print("%d people with codes, %d codes, invalid code rows %s" % (len(flags.person), len(codes["code"]),
                                                              [r + 1 for r in flags.invalid_codes]))
prevalence = {k: sum(flags[k]) for k in flags.conditions}
top = sorted(prevalence, key=lambda k: (-prevalence[k], k))[:3]
print("most common Charlson conditions: " + ", ".join("%s %d" % (k, prevalence[k]) for k in top))
for w in charlson.weight_sets:
    s = list(charlson.score(flags, w).score)
    print("Charlson (%s weights), people with codes: mean %.3f, max %.0f" % (w, sum(s) / len(s), max(s)))
elix = Comorbidity("elixhauser_icd10_quan")
vw = list(elix.score(codes, "vw").score)
print("Elixhauser (van Walraven): mean %.3f, min %.0f, max %.0f" % (sum(vw) / len(vw), min(vw), max(vw)))
first = charlson.flags(codes, hierarchy=True)
print("%s: %s" % (first.person[0], " ".join(k for k, v in zip(first.conditions, first.flags[0]) if v == 1)))
