"""CMS-HCC V24/V28 against a re-implementation from CMS's SAS text.

The reference below reads tests/data/hcc/ (CMS's SAS software as kept in
hccpy) on its own: the ICD-10 map, the %SET0 hierarchy lines (applied in
order, each only when its HCC is still 1, as SAS does), the edits, the
interaction formulas of the main program, AGESEXV2's cells and the
coefficient CSV; then it scores random people and compares with
value_hcc_score to 1e-12."""
import ctypes
import csv
import os
import random
import re

import unittest

from libvalue import _support

# A CDLL of its own: the argtypes set here must not touch the bindings' ones.
lib = ctypes.CDLL(_support.lib._name)

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "tests", "data", "hcc")
SEGS = ["CNA", "CND", "CFA", "CFD", "CPA", "CPD", "INS", "NE", "SNPNE"]


def read(name):
    with open(os.path.join(DATA, name), encoding="latin-1") as f:
        return f.read()


class SasModel:
    def __init__(self, ver):
        self.ver = ver
        v28 = ver == "V28"
        mapf, hierf, labf, editf, mainf, coeff = (
            ("F2824T1N.TXT", "V28115H1.TXT", "V28115L3.TXT", "V28I0ED1.TXT", "V2823T2M.TXT", "V28hcccoefn.csv")
            if v28 else
            ("F2422P1M.TXT", "V24H86H1.TXT", "V24H86L1.TXT", "V24I0ED1.TXT", "V2419P1M.TXT", "V24hcccoefn.csv"))
        self.hccs = [int(n) for n in re.findall(r"^\s*HCC(\d+)\s*=", read(labf), re.M)]
        self.map = {}
        for line in read(mapf).splitlines():
            f = line.split("\t")
            if len(f) >= 2 and f[0]:
                self.map.setdefault(f[0].strip(), []).append(int(f[1]))
        txt = re.sub(r"\s+", " ", read(hierf))
        self.hier = [(int(c), [int(x) for x in h.split(",")])
                     for c, h in re.findall(r"%SET0\(CC=(\d+)\s*, HIER=%STR\(([\d, ]+)\)\)", txt)]
        # the mandatory edits: condition, new CC or None, codes
        self.edits = []
        et = re.sub(r"\s+", " ", read(editf).split("%IF &SEDITS")[0])
        for m in re.finditer(r"IF (\(&AGE[^)]*\)|&AGE [<>=]+ \d+|&SEX=\"2\") AND &ICD10 (?:IN \(([^)]*)\)|= (\"\w+\")) THEN CC=\"([^\"]+)\"", et):
            cond = m.group(1)
            codes = re.findall(r"\"(\w+)\"", m.group(2) or m.group(3))
            cc = m.group(4)
            self.edits.append((cond, None if cc == "-1.0" else int(cc), set(codes)))
        h, v = list(csv.reader(read(coeff).splitlines()))
        self.coef = dict(zip(h, map(float, v)))
        main = re.sub(r"\s+", " ", read(mainf))
        self.main = main

        def lst(name):
            m = re.search(r"%LET " + name + r" ?= ?%STR\((.*?)\);", main)
            return m.group(1).split()
        self.inter_a, self.inter_d, self.inter_i = lst("INTERRACC_VARSA"), lst("INTERRACC_VARSD"), lst("INTERRACI_VARS")
        # the formulas: NAME = MAX(HCCa, ...) / NAME = HCCa / NAME = A*B
        block = main.split("%*diagnostic categories;")[1].split("END; *there are some diagnoses")[0]
        self.defs = {}
        for name, expr in re.findall(r"(\w+) *= *([^;]+);", block):
            self.defs[name.upper()] = expr.strip()
        self.counts_ins = "INST_REG = %STR(&AGESEXV LTIMCAID ORIGDS &HCClist &INTERRACI_VARS &ADDZ)" in main

    def value(self, name, hcc, disabl):
        name = name.strip("() ").upper()
        if name == "DISABL":
            return disabl
        if re.fullmatch(r"HCC\d+", name):
            return hcc.get(int(name[3:]), 0)
        e = self.defs[name]
        if e.upper().startswith("MAX("):
            return max(self.value(x, hcc, disabl) for x in e[4:-1].split(","))
        if "*" in e:
            a, b = e.split("*")
            return self.value(a, hcc, disabl) * self.value(b, hcc, disabl)
        return self.value(e, hcc, disabl)

    def coefname(self, seg, var):
        for k in (seg + "_" + var, seg + "_" + re.sub(r"_V28$", "", var)):
            if k in self.coef:
                return self.coef[k]
        raise KeyError(seg + "_" + var)

    def score(self, seg, age, sex, orec, mcaid, codes):
        if self.ver == "V24" and age == 64 and orec == 0:
            age = 65
        cc = {}
        for d in codes:
            d = d.replace(".", "").strip().upper()
            new = "9999"
            for cond, to, cs in self.edits:
                if d not in cs:
                    continue
                ok = eval(cond.replace("&AGE", "age").replace("&SEX=\"2\"", "sex == 2")
                          .replace(" OR ", " or ").replace(" AND ", " and "))
                if ok:
                    new = to
                    break
            if new != "9999":
                if new is not None:
                    cc[new] = 1
            else:
                for c in self.map.get(d, []):
                    cc[c] = 1
        hcc = {h: cc.get(h, 0) for h in self.hccs}
        if self.ver == "V28" and hcc[223] == 1 and max(hcc[221], hcc[222], hcc[224], hcc[225], hcc[226]) == 0:
            hcc[223] = 0
        for c, drops in self.hier:
            if hcc.get(c) == 1:
                for x in drops:
                    hcc[x] = 0
        disabl = int(age < 65 and orec != 0)
        origds = int(orec == 1 and disabl == 0)
        band = lambda a: ["0_34", "35_44", "45_54", "55_59", "60_64", "65_69", "70_74", "75_79", "80_84",
                          "85_89", "90_94", "95_GT"][sum(a > u for u in (34, 44, 54, 59, 64, 69, 74, 79, 84, 89, 94))]
        fm = "F" if sex == 2 else "M"
        s = 0.0
        if seg in ("NE", "SNPNE"):
            a = 65 if (age == 64 and orec == 0) else age
            cell = band(a) if (a < 65 or a >= 70) else str(a)
            neo = int(age >= 65 and orec == 1)
            pre = ("MCAID" if mcaid else "NMCAID") + ("_ORIGDIS" if neo else "_NORIGDIS")
            return self.coef[seg + "_" + pre + "_NE" + fm + cell]
        s += self.coef.get(seg + "_" + fm + band(age), 0.0)
        kind = "A" if seg in ("CNA", "CFA", "CPA") else "D" if seg in ("CND", "CFD", "CPD") else "I"
        if kind == "A" and origds:
            s += self.coef[seg + "_OriginallyDisabled_" + ("Female" if sex == 2 else "Male")]
        if kind == "I":
            s += self.coef[seg + "_LTIMCAID"] * mcaid + self.coef.get(seg + "_ORIGDS", 0.0) * origds
        for h in self.hccs:
            if hcc[h]:
                s += self.coef[seg + "_HCC%d" % h]
        for name in {"A": self.inter_a, "D": self.inter_d, "I": self.inter_i}[kind]:
            if self.value(name, hcc, disabl):
                s += self.coefname(seg, name)
        n = sum(hcc.values())
        if n and (kind != "I" or self.counts_ins):
            s += self.coef[seg + "_" + ("D10P" if n >= 10 else "D%d" % n)]
        return s


def c_scores(ver, people, codes):
    m = ctypes.c_void_p()
    lib.value_hcc_new.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    assert lib.value_hcc_new(ver.encode(), ctypes.byref(m)) == 0
    n, r = len(people), len(codes)
    I32 = ctypes.c_int32
    arr = lambda k: (I32 * n)(*[p[k] for p in people])
    seg, age, sex, orec, md = arr(0), arr(1), arr(2), arr(3), arr(4)
    person = (I32 * r)(*[c[0] for c in codes])
    cstr = (ctypes.c_char_p * r)(*[c[1].encode() for c in codes])
    out = (ctypes.c_double * n)()
    st = (I32 * r)()
    inv = ctypes.c_size_t()
    lib.value_hcc_score.argtypes = [ctypes.c_void_p] + [ctypes.POINTER(I32)] * 5 + [
        ctypes.c_size_t, ctypes.POINTER(I32), ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, ctypes.POINTER(I32), ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_size_t)]
    rc = lib.value_hcc_score(m, seg, age, sex, orec, md, n, person, cstr, r, out, n, st, r, ctypes.byref(inv))
    lib.value_hcc_free.argtypes = [ctypes.c_void_p]
    lib.value_hcc_free(m)
    assert rc == 0
    return list(out), inv.value


def random_people_match_sas(ver):
    ref = SasModel(ver)
    rng = random.Random(19 + len(ver))
    pool = list(ref.map)
    # codes that exercise the edits and the hierarchies more than chance would
    pool_edits = [c for _, _, cs in ref.edits for c in cs]
    people, codes = [], []
    for i in range(20000 if ver == "V28" else 10000):
        seg = rng.randrange(1, 10)
        name = SEGS[seg - 1]
        if name in ("CNA", "CFA", "CPA"):
            age = rng.randint(65, 110)
        elif name in ("CND", "CFD", "CPD"):
            age = rng.randint(0, 63 if ver == "V24" else 64)
        else:
            age = rng.randint(0, 110)
        orec = rng.randrange(4)
        if ver == "V24" and name in ("CND", "CFD", "CPD") and age == 64:
            orec = rng.randint(1, 3)
        people.append((seg, age, rng.randint(1, 2), orec, rng.randint(0, 1)))
        for _ in range(rng.randrange(0, 15)):
            c = rng.choice(pool_edits) if rng.random() < 0.05 else rng.choice(pool)
            if rng.random() < 0.2:
                c = c[:3] + "." + c[3:] if len(c) > 3 else c
            if rng.random() < 0.1:
                c = c.lower()
            codes.append((i, c))
        if rng.random() < 0.02:
            codes.append((i, "BAD!"))
    got, inv = c_scores(ver, people, codes)
    assert inv == sum(1 for _, c in codes if c == "BAD!")
    by_person = {}
    for i, c in codes:
        by_person.setdefault(i, []).append(c)
    bad = []
    for i, p in enumerate(people):
        want = ref.score(SEGS[p[0] - 1], p[1], p[2], p[3], p[4], [c for c in by_person.get(i, []) if c != "BAD!"])
        if abs(got[i] - want) > 1e-12:
            bad.append((i, p, by_person.get(i), got[i], want))
    assert not bad, bad[:5]


def every_line_matches_sas(ver):
    """Deterministic cases, one person each, in all nine segments: every
    payment HCC alone (each relative factor of each segment), and every
    hierarchy line of the SAS with its top category and each category it
    drops (the pair), scored against the SAS re-implementation."""
    ref = SasModel(ver)
    one = {}  # a code that maps to exactly this one CC and no edit
    edited = {c for _, _, cs in ref.edits for c in cs}
    for code, ccs in sorted(ref.map.items()):
        if len(ccs) == 1 and code not in edited:
            one.setdefault(ccs[0], code)
    cases = [[one[h]] for h in ref.hccs if h in one]
    pairs = [(top, x) for top, drops in ref.hier for x in drops if top in one and x in one]
    cases += [[one[top], one[x]] for top, x in pairs]
    # every HCC has a code of its own, and every pair is covered but those
    # whose category has none (V28's CC that only ever comes with another)
    lone = {h for h in ref.hccs if h not in one}
    n_pairs = sum(1 for top, drops in ref.hier for x in drops if top not in lone and x not in lone)
    assert len(lone) <= 1 and len(cases) - len(pairs) == len(ref.hccs) - len(lone) and len(pairs) == n_pairs, \
        (lone, len(cases), len(pairs), n_pairs)
    people, codes, expect = [], [], []
    for seg in range(1, 10):
        name = SEGS[seg - 1]
        age = 72 if name not in ("CND", "CFD", "CPD") else 50
        for cs in cases:
            i = len(people)
            people.append((seg, age, 2, 0 if age >= 65 else 1, 0))
            codes += [(i, c) for c in cs]
            expect.append(ref.score(name, age, 2, people[-1][3], 0, cs))
    got, inv = c_scores(ver, people, codes)
    assert inv == 0
    bad = [(people[i], [c for j, c in codes if j == i], got[i], expect[i])
           for i in range(len(people)) if abs(got[i] - expect[i]) > 1e-12]
    assert not bad, bad[:5]
    return len(people), len(pairs)


class HccAgainstSas(unittest.TestCase):
    def test_v24_random_people_match_sas(self) -> None:
        random_people_match_sas("V24")

    def test_v28_random_people_match_sas(self) -> None:
        random_people_match_sas("V28")

    def test_reference_reads_the_sas(self) -> None:
        reference_reads_the_sas()

    def test_v24_every_factor_and_hierarchy_line(self) -> None:
        every_line_matches_sas("V24")

    def test_v28_every_factor_and_hierarchy_line(self) -> None:
        every_line_matches_sas("V28")


def reference_reads_the_sas():
    """The reference parser found every rule (so the comparison is not vacuous)."""
    r28, r24 = SasModel("V28"), SasModel("V24")
    assert len(r28.hccs) == 115 and len(r24.hccs) == 86
    assert len(r28.hier) == 60 and len(r24.hier) == 37
    assert len(r28.edits) == 4 and len(r24.edits) == 3
    assert r28.counts_ins and not r24.counts_ins
    assert len(r28.inter_i) == 9 and len(r24.inter_i) == 18


if __name__ == "__main__":
    unittest.main()
