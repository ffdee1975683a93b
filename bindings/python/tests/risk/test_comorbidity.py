# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python layer of the Charlson and Elixhauser indices
(libvalue.risk.comorbidity), and the C fast path checked code for code
against the obvious path written here in pandas (merge on each prefix
length + groupby) over the same tables, for 100,000 random people
(Charlson and Elixhauser, Quan ICD-10) or 20,000 (the other lists).  Hand-worked scores: codes looked up in Quan et al. 2005
Table 1, weights from Charlson 1987, Quan 2011, van Walraven 2009 and
Sharma 2021."""
import os
import random
import re
import unittest

from libvalue import _support
from libvalue.risk import Comorbidity, comorbidity_algorithms

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "lib", "risk", "data")

# The published hierarchy pairs (milder, more severe), written out here
# rather than read from the library's table.
PAIRS = {"charlson": [("mld", "msld"), ("diab", "diabwc"), ("canc", "metacanc")],
         "elixhauser": [("hypunc", "hypc"), ("diabunc", "diabc"), ("solidtum", "metacanc")]}

# Well-formed codes, read off the ICD conventions independently of the C
# reader: blanks around, one optional dot after the category (the fourth
# character of an ICD-9-CM E code).
ICD10 = re.compile(r"[ \t\r\n]*[A-Za-z][0-9][A-Za-z0-9]\.?[A-Za-z0-9]{0,4}[ \t\r\n]*")
ICD9 = re.compile(r"[ \t\r\n]*(?:[0-9]{3}\.?[0-9]{0,2}|[Vv][0-9]{2}\.?[0-9]{0,2}|[Ee][0-9]{3}\.?[0-9]?)[ \t\r\n]*")


class HandWorked(unittest.TestCase):
    def test_charlson_weights(self) -> None:
        # a: MI (I21), CHF (I50), diabetes with (E11.2) and without (E11.9)
        # complications, metastatic (C78), malignancy (C50), mild (K70.3) and
        # severe (K72.1) liver disease.  After the hierarchy: mi chf diabwc
        # msld metacanc, Charlson 1 + 1 + 2 + 3 + 6 = 13, Quan 0 + 2 + 1 + 4 + 6
        # = 13.  b: dementia (F03), pulmonary (J44), renal (N18), PVD (I70):
        # Charlson 1 + 1 + 2 + 1 = 5, Quan 2 + 1 + 1 + 0 = 4.
        codes = {"person": ["a"] * 8 + ["b"] * 4,
                 "code": ["I21.9", "I50.9", "E11.9", "E11.2", "C78.0", "C50.9", "K70.3", "K72.1",
                          "f03", " J44.9", "N18.5", "I70.2"]}
        c = Comorbidity("charlson_icd10_quan")
        self.assertEqual([float(s) for s in c.score(codes, "charlson").score], [13.0, 5.0])
        self.assertEqual([float(s) for s in c.score(codes, "quan").score], [13.0, 4.0])
        f = c.flags(codes, hierarchy=True)
        self.assertEqual([k for k, v in zip(f.conditions, f.flags[0]) if v == 1],
                         ["mi", "chf", "diabwc", "msld", "metacanc"])

    def test_elixhauser_weights(self) -> None:
        # I10, I11.0 (CHF and complicated hypertension), E11.9, E11.2, C78.0,
        # C50.9, K70.3 (liver disease and alcohol), F32.9, E66.9, D50.0.  van
        # Walraven: 7 + 0 + 0 + 12 + 11 + 0 - 3 - 4 - 2 = 21; Swiss: 13 - 3 - 1
        # + 17 + 16 - 3 - 3 - 6 - 5 = 25.
        codes = {"person": [1] * 10, "code": ["I10", "I11.0", "E11.9", "E11.2", "C78.0", "C50.9", "K70.3",
                                              "F32.9", "E66.9", "D50.0"]}
        e = Comorbidity("elixhauser_icd10_quan")
        self.assertEqual(float(e.score(codes, "vw").score[0]), 21.0)
        self.assertEqual(float(e.score(codes, "swiss").score[0]), 25.0)

    def test_people_and_frames(self) -> None:
        pd = _support.pandas_module()
        if pd is None:
            self.skipTest("pandas not installed")
        codes = pd.DataFrame({"id": [5, 5, 9], "dx": ["I21.9", "not a code", "I50.9"]})
        c = Comorbidity()
        f = c.flags(codes, person="id", code="dx", people=[9, 7, 5])
        df = f.to_frame()
        self.assertEqual(list(df.index), ["9", "7", "5"])
        self.assertEqual(list(df.columns[:2]), ["mi", "chf"])
        self.assertEqual(df.loc["5", "mi"], 1)
        self.assertEqual(df.loc["9", "chf"], 1)
        self.assertEqual(int(df.loc["7"].sum()), 0)
        self.assertEqual(f.invalid_codes, [1])
        s = c.score(f, "charlson").to_frame()
        self.assertEqual(list(s["score"]), [1.0, 0.0, 1.0])

    def test_explanation(self) -> None:
        # I11.0 counts for CHF (prefix I11.0) and complicated hypertension
        # (I11); I10 is cleared by it.  van Walraven: chf 7 + hypc 0 = 7.
        lines = Comorbidity("elixhauser_icd10_quan").explain(["I11.0", "I10", "bad!"], "vw")
        self.assertEqual([(ln.step, ln.item, ln.code) for ln in lines],
                         [("code", "chf", "I110"), ("code", "hypc", "I110"), ("code", "hypunc", "I10"),
                          ("invalid", "", "bad!"), ("hierarchy", "hypunc", ""), ("condition", "chf", ""),
                          ("condition", "hypc", ""), ("score", "", "")])
        self.assertIn("starts with I11, listed under hypc", lines[1].text)
        self.assertEqual([ln.weight for ln in lines][-3:], [7.0, 0.0, 7.0])
        pd = _support.pandas_module()
        if pd is not None:
            self.assertEqual(list(lines.to_frame().columns), ["step", "item", "code", "text", "weight"])

    def test_bad_input(self) -> None:
        with self.assertRaisesRegex(_support.NotFoundError, "did you mean 'charlson_icd10_quan'"):
            Comorbidity("charlson_icd10_qan")
        c = Comorbidity()
        codes = {"person": ["a"], "code": ["I21.9"]}
        with self.assertRaisesRegex(_support.NotFoundError, "unknown weight set 'vw'"):
            c.score(codes, "vw")
        with self.assertRaisesRegex(_support.Error, "not a key"):
            c.flags(codes, people=["b"])
        with self.assertRaisesRegex(_support.Error, "no column 'code'"):
            c.flags({"person": ["a"]})
        self.assertEqual(c.flags({"person": [], "code": []}).person, [])
        self.assertEqual(len(c.score({"person": [], "code": []}, "quan").score), 0)


def random_codes(rng: random.Random, prefixes: list, icd: int, n_people: int) -> tuple:
    """Long-format codes: most extend a listed prefix, some are outside
    every list, a few are malformed; dots, case and blanks vary."""
    digits, alnum = "0123456789", "0123456789ABCDEFGHJKXYZ"
    person, codes = [], []
    for p in range(n_people):
        for _ in range(rng.randint(0, 8)):
            r = rng.random()
            if r < 0.6:
                code = rng.choice(prefixes)
            elif r < 0.95:
                code = (rng.choice(digits) + rng.choice(digits) + rng.choice(digits)) if icd == 9 else \
                    rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + rng.choice(digits) + rng.choice(digits)
            else:
                codes.append(rng.choice(["", "I2", "12.345", "I21..9", "E11 9", "??", "V1", "I21.99999"]))
                person.append(p)
                continue
            tail = digits if icd == 9 or code[0] in "VE" else alnum
            limit = 5 if icd == 9 else 7
            while len(code) < 3 or (len(code) < limit and rng.random() < 0.5):
                code += rng.choice(tail)
            if icd == 9 and code[0] == "E" and len(code) < 4:
                code += "0"
            dot = 4 if icd == 9 and code[0] == "E" else 3
            if len(code) > dot and rng.random() < 0.5:
                code = code[:dot] + "." + code[dot:]
            if rng.random() < 0.3:
                code = code.lower()
            if rng.random() < 0.1:
                code = " " + code + "\t"
            codes.append(code)
            person.append(p)
    return person, codes


class AgainstPandas(unittest.TestCase):
    def test_fast_path_matches_the_obvious_path(self) -> None:
        pd = _support.pandas_module()
        if pd is None:
            self.skipTest("pandas not installed")
        maps = pd.read_csv(os.path.join(DATA, "comorbidity_maps.tsv"), sep="\t", comment="#", dtype=str)
        weights = pd.read_csv(os.path.join(DATA, "comorbidity_weights.tsv"), sep="\t", comment="#",
                              dtype={"weight": float})
        for a in comorbidity_algorithms():
            # 100,000 people for the two Quan ICD-10 lists, 20,000 for the others (time)
            n_people = 100_000 if a.endswith("icd10_quan") else 20_000
            with self.subTest(algorithm=a):
                c = Comorbidity(a)
                icd = c.icd_version
                m = maps[maps.algorithm == a].copy()
                rng = random.Random(2026 + len(a))
                person, codes = random_codes(rng, sorted(set(m.code_prefix)), icd, n_people)
                got = c.flags({"person": person, "code": codes}, people=range(n_people))

                # The obvious path.
                d = pd.DataFrame({"person": person, "raw": codes})
                d["valid"] = d.raw.str.fullmatch((ICD9 if icd == 9 else ICD10).pattern)
                d["code"] = d.raw.str.strip(" \t\r\n").str.replace(".", "", regex=False).str.upper()
                ok = d[d.valid]
                m["length"] = m.code_prefix.str.len()
                hits = []
                for length, g in m.groupby("length"):
                    k = ok[ok.code.str.len() >= length].assign(p=lambda x: x.code.str[:length])
                    hits.append(k.merge(g, left_on="p", right_on="code_prefix")[["person", "condition"]])
                h = pd.concat(hits).drop_duplicates()
                want = (pd.crosstab(h.person, h.condition).clip(upper=1)
                        .reindex(index=range(n_people), columns=c.conditions, fill_value=0))

                self.assertEqual(got.invalid_codes, list(d.index[~d.valid]))
                self.assertTrue((got.flags == want.to_numpy()).all(), a)
                # the hierarchy and the weights
                index = "charlson" if a.startswith("charlson") else "elixhauser"
                for mild, severe in PAIRS[index]:
                    want.loc[want[severe] == 1, mild] = 0
                gh = c.flags({"person": person, "code": codes}, people=range(n_people), hierarchy=True)
                self.assertTrue((gh.flags == want.to_numpy()).all(), a)
                for w in c.weight_sets:
                    ws = weights[(weights.algorithm == a) & (weights.weights == w)].set_index("condition").weight
                    score = want[c.conditions].to_numpy() @ ws.reindex(c.conditions).to_numpy()
                    self.assertTrue((c.score(got, w).score == score).all(), (a, w))
                # a fair share of people have each kind of result
                self.assertGreater(int((want.sum(axis=1) > 0).sum()), n_people // 2)


if __name__ == "__main__":
    unittest.main()
