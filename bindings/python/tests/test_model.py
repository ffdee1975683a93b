# SPDX-License-Identifier: GPL-3.0-or-later
"""libvalue.Model: the published models of examples/models reproduced from
Python to their published digits (tests/data/models/README.md gives the
sources and the full-precision figures of the independent base-R
calculations tests/data/models/*.R); from_dict of the file's content
bitwise equal to load(); PSA draws equal to the sampler's streams on 1 and
2 threads; DSA, two-way and threshold against brute-force reruns; the C
library's messages."""

import math
import os
import unittest

import libvalue

try:
    import yaml  # Debian's python3-yaml, when installed
except ImportError:
    yaml = None
pandas = libvalue._support.pandas_module()  # None also when LIBVALUE_NO_PANDAS is set

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "..", "..", "examples", "models")


def model_file(name):
    return os.path.join(MODELS, name + ".yaml")


def file_text(name):
    with open(model_file(name)) as f:
        return f.read()


def col(table, column):
    """{strategy: value} of a run's column, with or without pandas."""
    c = table[column]
    return {k: float(v) for k, v in (c.items() if hasattr(c, "items") else c)}


# The HIV model file (examples/models/hiv.yaml) written as a Python dict,
# for when python3-yaml is not installed.
HIV = {
    "libvalue_model": 1, "name": "HIV/AIDS", "cycles": 20, "cycle_length": 1, "method": "end",
    "discount": {"costs": 0.06, "effects": 0, "first_cycle": True},
    "states": ["A", "B", "C", {"name": "Death", "dead": True}],
    "strategies": ["mono", {"name": "comb", "parameters": {"rr": "if(model_time <= 2, 0.509, 1)",
                                                           "c_lam": "if(model_time <= 2, 2086.5, 0)"}}],
    "categories": {"cost_direct": "cost", "cost_drug": "cost"},
    "parameters": {"rr": 1, "c_lam": 0, "c_zid": 2278, "p_AB": "350 / 1734", "p_AC": "116 / 1734",
                   "p_AD": "17 / 1734", "p_BC": "512 / 1258", "p_BD": "15 / 1258", "p_CD": "437 / 1749"},
    "transitions": {"A": {"A": "C", "B": "p_AB * rr", "C": "p_AC * rr", "Death": "p_AD * rr"},
                    "B": {"B": "C", "C": "p_BC * rr", "Death": "p_BD * rr"},
                    "C": {"C": "C", "Death": "p_CD * rr"}},
    "values": {"A": {"cost_direct": 2756, "cost_drug": "c_zid + c_lam"},
               "B": {"cost_direct": 3052, "cost_drug": "c_zid + c_lam"},
               "C": {"cost_direct": 9007, "cost_drug": "c_zid + c_lam"}},
    "initial": {"A": 1},
}


class Published(unittest.TestCase):
    """Each model file against the README's figures (base-R, 10 significant
    digits, which agree with every published digit)."""

    def test_hiv(self):
        # Briggs et al. 2006 ex. 2.5 / heemod: mono 44663.45, 7.991207 LY;
        # comb 50601.65, 8.937389 LY; hiv.R: 44663.45356, 7.991206646,
        # 50601.65133, 8.937388892.
        r = libvalue.Model.load(model_file("hiv")).run()
        cost, ly = col(r, "cost"), col(r, "life_years")
        self.assertAlmostEqual(cost["mono"], 44663.4535637, delta=5e-7)
        self.assertAlmostEqual(ly["mono"], 7.9912066, delta=5e-8)
        self.assertAlmostEqual(cost["comb"], 50601.6513312, delta=5e-7)
        self.assertAlmostEqual(ly["comb"], 8.9373889, delta=5e-8)
        icer = (cost["comb"] - cost["mono"]) / (ly["comb"] - ly["mono"])
        self.assertAlmostEqual(icer, 6275.95560, delta=5e-5)

    def test_thr(self):
        # heemod's "Reproducing Exact Results from DMHEE": standard 512.4327
        # / 14.65283 QALYs, NP1 610.3112 / 14.69734, ICER 2198.977; thr.R to
        # 10 digits below (life years discounted 1.5%).
        m = libvalue.Model.load(model_file("thr"))
        r = m.run()
        cost, qaly, ly = col(r, "cost"), col(r, "effect"), col(r, "life_years")
        self.assertAlmostEqual(cost["standard"], 512.4326665, delta=5e-7)
        self.assertAlmostEqual(qaly["standard"], 14.65283011, delta=5e-8)
        self.assertAlmostEqual(ly["standard"], 18.30155378, delta=5e-8)
        self.assertAlmostEqual(cost["np1"], 610.3112455, delta=5e-7)
        self.assertAlmostEqual(qaly["np1"], 14.69734106, delta=5e-8)
        self.assertAlmostEqual(ly["np1"], 18.30766874, delta=5e-8)
        self.assertEqual(round(cost["standard"], 4), 512.4327)
        self.assertEqual(round(cost["np1"], 4), 610.3112)
        self.assertEqual(round((cost["np1"] - cost["standard"]) / (qaly["np1"] - qaly["standard"]), 3), 2198.977)
        # by category: standard prosthesis 394, medical 118.43267; NP1 579, 31.311246
        v = m.values()
        self.assertEqual(m.categories, ["cost_prosthesis", "cost_medical", "qaly"])
        rows = {s: [float(x) for x in row] for s, row in zip(m.strategies, (v.to_numpy() if pandas is not None else v))}
        self.assertAlmostEqual(rows["standard"][0], 394, delta=1e-9)
        self.assertAlmostEqual(rows["standard"][1], 118.43267, delta=5e-6)
        self.assertAlmostEqual(rows["np1"][0], 579, delta=1e-9)
        self.assertAlmostEqual(rows["np1"][1], 31.311246, delta=5e-7)

    def test_sick_sicker(self):
        # Alarid-Escudero et al. 2023 Table 4 (DARTH's weights); sick_sicker.R:
        # SoC 151579.8660 / 20.71133146, A 284804.5134 / 21.49866281,
        # B 259100.4106 / 22.18446514, AB 378875.1984 / 23.13684414.
        m = libvalue.Model.load(model_file("sick_sicker"))
        r = m.run()
        cost, qaly = col(r, "cost"), col(r, "effect")
        for s, c, q in (("SoC", 151579.8660, 20.71133146), ("A", 284804.5134, 21.49866281),
                        ("B", 259100.4106, 22.18446514), ("AB", 378875.1984, 23.13684414)):
            self.assertAlmostEqual(cost[s], c, delta=5e-4, msg=s)
            self.assertAlmostEqual(qaly[s], q, delta=5e-8, msg=s)
        # the scenario no_correction is plain end-of-cycle counting (README's "end" column)
        r = m.run("no_correction")
        self.assertAlmostEqual(col(r, "cost")["SoC"], 151541.4129, delta=5e-4)
        self.assertAlmostEqual(col(r, "effect")["AB"], 22.98896893, delta=5e-8)
        # Table 3's trace under SoC: cycle 1 H 0.859, S1 0.139, S2 0.000, D 0.002;
        # cycle 5 0.707, 0.206, 0.072, 0.015
        t = m.trace("SoC")
        rows = t.to_numpy() if pandas is not None else t
        self.assertEqual([round(float(v), 3) for v in rows[1]], [0.859, 0.139, 0.0, 0.002])
        self.assertEqual([round(float(v), 3) for v in rows[5]], [0.707, 0.206, 0.072, 0.015])

    def test_sick_sicker_td(self):
        # Alarid-Escudero et al. 2023 (time-dependent) Table 3; sick_sicker_td.R
        m = libvalue.Model.load(model_file("sick_sicker_td"))
        for scenario, want in ((None, {"SoC": (116374.4480, 18.87919531), "A": (218789.3592, 19.63555599),
                                       "B": (202536.4599, 20.19892552), "AB": (296300.3259, 21.09652656)}),
                               ("state_residence", {"SoC": (103112.0771, 20.00484682),
                                                    "AB": (274408.0342, 22.09769040)})):
            r = m.run(scenario)
            for s, (c, q) in want.items():
                self.assertAlmostEqual(col(r, "cost")[s], c, delta=5e-4, msg=(scenario, s))
                self.assertAlmostEqual(col(r, "effect")[s], q, delta=5e-8, msg=(scenario, s))

    def test_microsim_sick_sicker(self):
        # the microsimulation's means within 3 Monte Carlo SEs of the cohort
        # (no_correction: plain end-of-cycle counting, which a person-level
        # run counts too)
        m = libvalue.Model.load(model_file("sick_sicker"))
        cohort = m.run("no_correction")
        ms = m.microsim(20000, seed=7, scenario="no_correction")
        for s in m.strategies:
            se_c, se_e = col(ms, "se_cost")[s], col(ms, "se_effect")[s]
            self.assertGreater(se_c, 0)
            self.assertLess(abs(col(ms, "cost")[s] - col(cohort, "cost")[s]), 3 * se_c, msg=s)
            self.assertLess(abs(col(ms, "effect")[s] - col(cohort, "effect")[s]), 3 * se_e, msg=s)


def runs_of(m):
    """Every number a base run gives, as a flat list of floats."""
    r = m.run()
    return [col(r, k)[s] for k in ("cost", "effect", "life_years") for s in m.strategies]


class FromDict(unittest.TestCase):
    def test_hiv_dict_bitwise(self):
        a = libvalue.Model.from_dict(HIV)
        b = libvalue.Model.load(model_file("hiv"))
        self.assertEqual(a.parameters, b.parameters)
        self.assertEqual(runs_of(a), runs_of(b))  # bitwise: == on doubles

    @unittest.skipIf(yaml is None, "python3-yaml not installed for this python")
    def test_every_file_bitwise(self):
        for name in ("hiv", "thr", "sick_sicker", "sick_sicker_td"):
            with open(model_file(name), encoding="utf-8") as f:
                d = yaml.safe_load(f)
            a, b = libvalue.Model.from_dict(d), libvalue.Model.load(model_file(name))
            for what in ("states", "strategies", "categories", "parameters", "sampled", "ranges", "scenarios",
                         "tables"):
                self.assertEqual(getattr(a, what), getattr(b, what), msg=(name, what))
            self.assertEqual(runs_of(a), runs_of(b), msg=name)
            for sc in b.scenarios:
                self.assertEqual(col(a.run(sc), "cost"), col(b.run(sc), "cost"))
            if b.sampled:
                pa, pb = a.psa(50, seed=3), b.psa(50, seed=3)
                self.assertEqual([list(map(float, r)) for r in pa.cost], [list(map(float, r)) for r in pb.cost])
                self.assertEqual([list(map(float, r)) for r in pa.draws], [list(map(float, r)) for r in pb.draws])

    def test_builder_equals_dict(self):
        """The builder calls by hand give the same model as from_dict."""
        m = libvalue.Model(cycles=20, cycle_length=1, method="end", discount_costs=0.06, discount_effects=0,
                           discount_first=True)
        for s in ("A", "B", "C"):
            m.add_state(s)
        m.add_state("Death", dead=True).add_strategy("mono").add_strategy("comb")
        m.add_category("cost_direct", "cost").add_category("cost_drug", "cost")
        for k, v in HIV["parameters"].items():
            m.set_parameter(k, v)
        for a, row in HIV["transitions"].items():
            for b, e in row.items():
                m.set_transition(a, b, e)
        for s, row in HIV["values"].items():
            for c, e in row.items():
                m.set_state_value(s, c, e)
        m.set_initial("A", 1)
        m.set_parameter("rr", "if(model_time <= 2, 0.509, 1)", strategy="comb")
        m.set_parameter("c_lam", "if(model_time <= 2, 2086.5, 0)", strategy="comb")
        self.assertEqual(runs_of(m), runs_of(libvalue.Model.from_dict(HIV)))

    def test_errors_name_the_element(self):
        def err(d):
            with self.assertRaises(libvalue.Error) as cm:
                libvalue.Model.from_dict(d)
            return type(cm.exception), str(cm.exception)

        base = {"libvalue_model": 1, "states": ["A", "B"], "strategies": ["s"]}
        self.assertEqual(err({**base, "cyles": 3}),
                         (libvalue.ParseError, "unknown key 'cyles' (did you mean 'cycles'?)"))
        self.assertEqual(err({"states": ["A"]}), (libvalue.ParseError, "missing 'libvalue_model: 1' "
                                                  "(the format's version): is this a model file?"))
        self.assertEqual(err({**base, "states": ["A", {"name": "D", "dead": "maybe"}]}),
                         (libvalue.ParseError, "states[1]: dead: expected true or false, got 'maybe'"))
        self.assertEqual(err({**base, "distributions": {"x": {"dist": "gama"}}}),
                         (libvalue.ParseError, "distributions: x: dist: unknown dist 'gama' (did you mean 'gamma'?)"))
        self.assertEqual(err({**base, "cycles": "1_000"}), (libvalue.ParseError, "cycles: '1_000' is not a number"))
        # a builder call's own message, after the element
        kind, msg = err({**base, "transitions": {"A": {"X": "C"}}})
        self.assertEqual(kind, libvalue.NotFoundError)
        self.assertTrue(msg.startswith("transitions: A: X: unknown state 'X'"), msg)
        kind, msg = err({**base, "parameters": {"p": "1 +* 2"}})
        self.assertEqual(kind, libvalue.ParseError)
        self.assertTrue(msg.startswith("parameters: p: "), msg)
        # the same words as the file reader, after its line and column
        with self.assertRaises(libvalue.ParseError) as cm:
            libvalue.Model.parse("libvalue_model: 1\nstates: [A, B]\nstrategies: [s]\nparameters: {p: 1 +* 2}\n")
        self.assertTrue(str(cm.exception).endswith(msg[len("parameters: p: "):]), (str(cm.exception), msg))

    def test_run_errors(self):
        m = libvalue.Model.load(model_file("hiv"))
        with self.assertRaises(libvalue.NotFoundError) as cm:
            m.run("nope")
        self.assertIn("'nope'", str(cm.exception))
        with self.assertRaises(libvalue.InvalidArgumentError) as cm:
            m.trace("mon")
        self.assertEqual(str(cm.exception), "unknown strategy 'mon' (did you mean 'mono'?)")
        with self.assertRaises(libvalue.InvalidArgumentError):
            m.set("method", "life_tabel")
        with self.assertRaises(OSError):
            libvalue.Model.load(os.path.join(MODELS, "no_such.yaml"))


def add_sampler_columns(s, m_file):
    """THR's distributions on a bare sampler, in the model's column order."""
    s.add("omrPTHR", "beta", 2, 98)
    s.add("omrRTHR", "beta", 2, 98)
    s.add("rrr", "beta", 4, 96)
    s.add("u_SuccessP", "beta_meansd", 0.85, 0.03)
    s.add("u_RevisionTHR", "beta_meansd", 0.30, 0.03)
    s.add("u_SuccessR", "beta_meansd", 0.75, 0.04)
    s.add("c_RevisionTHR", "gamma", 5294, 1487)
    cov = [0.00225151199001, -0.005691, 0.000000028, 0.0000051, 0.000259,
           -0.005691, 0.043219083664, -0.000783, -0.007247, -0.000642,
           0.000000028, -0.000783, 0.00002715660544, 0.000033, -0.000111,
           0.0000051, -0.007247, 0.000033, 0.011895392356, 0.000184,
           0.000259, -0.000642, -0.000111, 0.000184, 0.14636860414225]
    libvalue._lowlevel.value_sampler_add_mvnormal(s._h, ["lngamma", "cons", "ageC", "maleC", "lnrrNP1"],
                                                   [0.3740968, -5.490935, -0.0367022, 0.768536, -1.344474], cov)


class Psa(unittest.TestCase):
    def test_draws_are_the_samplers(self):
        """The model's draws are value_sampler_draw()'s streams (C), the same
        on 1 and 2 threads; its results too."""
        m = libvalue.Model.load(model_file("thr"))
        s = libvalue.Sampler()
        add_sampler_columns(s, model_file("thr"))
        self.assertEqual(m.sampled, s.names)
        n, seed = 200, 20240101
        want = [list(map(float, r)) for r in s.draw(n, seed)]
        one = m.psa(n, seed)
        self.assertEqual([list(map(float, r)) for r in one.draws], want)
        m.set("threads", 2)
        two = m.psa(n, seed)
        self.assertEqual([list(map(float, r)) for r in two.draws], want)
        self.assertEqual([list(map(float, r)) for r in two.cost], [list(map(float, r)) for r in one.cost])
        self.assertEqual([list(map(float, r)) for r in two.effect], [list(map(float, r)) for r in one.effect])

    def test_thr_psa_means(self):
        """THR PSA means within Monte Carlo error of thr.R's 10,000 draws
        (README: incremental cost 97.790109 SE 0.351281, incremental QALYs
        0.044294 SE 0.000174); 4,000 draws here, so the SE of the difference
        of the two runs is at most sqrt(1/4000 + 1/10000)/sqrt(1/10000) = 1.87
        times theirs; allowed: 4 of theirs."""
        m = libvalue.Model.load(model_file("thr"))
        r = m.psa(4000, seed=11)
        dc = [float(b) - float(a) for a, b in zip(r.cost["standard"], r.cost["np1"])]
        de = [float(b) - float(a) for a, b in zip(r.effect["standard"], r.effect["np1"])]
        self.assertLess(abs(sum(dc) / len(dc) - 97.790109), 4 * 0.351281 * 1.87)
        self.assertLess(abs(sum(de) / len(de) - 0.044294), 4 * 0.000174 * 1.87)
        curves = r.curves([0, 2500, 20000])
        self.assertEqual(curves.names, ["standard", "np1"])
        # P(NP1 cost-effective) 0.0134 / 0.5307 / 0.9970, each SE <= 0.005 there, <= 0.008 here
        for k, p in enumerate((0.0134, 0.5307, 0.9970)):
            self.assertLess(abs(float(curves.ceac[k][1]) - p), 4 * 0.0095, msg=k)


class Sensitivity(unittest.TestCase):
    """DSA, tornado, two-way and threshold against reruns of the model with
    the parameter set by hand (a scenario per value)."""

    def setUp(self):
        self.m = libvalue.Model.load(model_file("thr"))
        self.m.set_range("omrPTHR", 0.01, 0.04).set_range("c_RevisionTHR", 4000, 7000).set_range("u_SuccessP", 0.8, 0.9)

    def at(self, name, value):
        m = libvalue.Model.load(model_file("thr"))
        m.set_parameter(name, value)
        r = m.run()
        return col(r, "cost"), col(r, "effect")

    def test_dsa_and_tornado(self):
        d = self.m.dsa()
        rows = list(d.itertuples())
        self.assertEqual(len(rows), 3 * 2 * 2)
        for r in rows:
            c, e = self.at(r.parameter, self.m.range_bounds[r.parameter][0 if r.bound == "low" else 1])
            self.assertEqual(float(r.cost), c[r.strategy])
            self.assertEqual(float(r.effect), e[r.strategy])
        t = self.m.tornado("np1", "standard", wtp=2000)
        base = self.m.run()
        b = 2000 * (col(base, "effect")["np1"] - col(base, "effect")["standard"]) - \
            (col(base, "cost")["np1"] - col(base, "cost")["standard"])
        self.assertAlmostEqual(t.base, b, delta=1e-9 * abs(b))
        widths = []
        for row in t.rows:
            for v, res in ((row.low, row.result_low), (row.high, row.result_high)):
                c, e = self.at(row.name, v)
                inmb = 2000 * (e["np1"] - e["standard"]) - (c["np1"] - c["standard"])
                self.assertAlmostEqual(res, inmb, delta=1e-9 * abs(inmb))
            widths.append(abs(row.result_high - row.result_low))
        self.assertEqual(widths, sorted(widths, reverse=True))
        if pandas is not None:
            self.assertEqual(list(t.to_frame().columns), ["low", "high", "result_low", "result_high"])

    def test_loaded_ranges(self):
        # ranges written in the file: the tornado's low and high are the
        # file's numbers (read back from the library), not NaN
        text = file_text("thr") + \
            "\nranges:\n  omrPTHR: [0.01, 0.04]\n  c_RevisionTHR: [4000, 7000]\n  u_SuccessP: [0.8, 0.9]\n"
        m = libvalue.Model.parse(text)
        want = {"omrPTHR": (0.01, 0.04), "c_RevisionTHR": (4000.0, 7000.0), "u_SuccessP": (0.8, 0.9)}
        self.assertEqual(m.range_bounds, want)
        self.assertEqual(m.ranges, ["omrPTHR", "c_RevisionTHR", "u_SuccessP"])
        t = m.tornado("np1", "standard", wtp=2000)
        self.assertEqual({r.name: (r.low, r.high) for r in t.rows}, want)
        # and the results at those bounds are the builder's (set_range) bit for bit
        b = self.m.tornado("np1", "standard", wtp=2000)
        self.assertEqual([tuple(r) for r in t.rows], [tuple(r) for r in b.rows])
        # a range set later replaces the file's
        m.set_range("omrPTHR", 0.015, 0.03)
        self.assertEqual(m.range_bounds["omrPTHR"], (0.015, 0.03))

    def test_twoway(self):
        g = self.m.twoway("omrPTHR", [0.01, 0.03], "u_SuccessP", [0.8, 0.9])
        rows = list(g.itertuples())
        self.assertEqual(len(rows), 2 * 2 * 2)
        for r in rows:
            m = libvalue.Model.load(model_file("thr"))
            m.set_parameter("omrPTHR", r[1] if pandas is not None else r.a)
            m.set_parameter("u_SuccessP", r[2] if pandas is not None else r.b)
            self.assertEqual(float(r.effect), col(m.run(), "effect")[r.strategy])

    def test_threshold(self):
        # At 2000 per QALY standard is optimal (NP1 costs 97.88 more for
        # 0.0445 QALYs); a dearer revision favours NP1 (fewer revisions):
        # the threshold is where the brute-force INMB is 0
        t = self.m.threshold("c_RevisionTHR", 4000, 9000, 2000)
        self.assertEqual({t.below, t.above}, {"standard", "np1"})

        def diff(v):
            m = libvalue.Model.load(model_file("thr"))
            m.set_parameter("c_RevisionTHR", v)
            r = m.run()
            return 2000 * (col(r, "effect")["np1"] - col(r, "effect")["standard"]) - \
                (col(r, "cost")["np1"] - col(r, "cost")["standard"])
        self.assertEqual((t.below, t.above), ("standard", "np1"))
        self.assertLess(abs(diff(t.value)), 1e-6)  # Brent to 1e-10 relative: |INMB| ~ 1e-6 x its slope 0.016
        self.assertLess(diff(t.value - 1) * diff(t.value + 1), 0)


class Subgroups(unittest.TestCase):
    def test_weighted_mean(self):
        m = libvalue.Model.load(model_file("thr"))
        m.set_scenario("women", "sex", 0).set_weight("women", 0.4)
        m.set_scenario("men", "sex", 1).set_weight("men", 0.6)
        rows = list(m.subgroups().itertuples())
        by = {(r.subgroup, r.strategy): float(r.cost) for r in rows}
        for s in m.strategies:
            w, mn = col(m.run("women"), "cost")[s], col(m.run("men"), "cost")[s]
            self.assertEqual(by[("women", s)], w)
            self.assertEqual(by[("men", s)], mn)
            self.assertAlmostEqual(by[("weighted mean", s)], 0.4 * w + 0.6 * mn, delta=1e-12 * w)

    def test_partly_weighted(self):
        # five scenarios, three with a weight (set out of order): the rows are
        # the weighted ones in scenario order, each equal to its own run, then
        # the mean with weights 2, 1 and 5 (sum 8): (2 r_a + r_c + 5 r_e) / 8
        text = file_text("thr") + """
scenarios:
  a: {parameters: {age_init: 50}, weight: 2}
  b: {parameters: {age_init: 55}}
  c: {parameters: {age_init: 60}}
  d: {parameters: {age_init: 65}}
  e: {parameters: {age_init: 70}, weight: 5}
"""
        m = libvalue.Model.parse(text)
        self.assertEqual(m.subgroup_names, ["a", "e"])
        m.set_weight("c", 1)
        self.assertEqual(m.scenarios, ["a", "b", "c", "d", "e"])
        self.assertEqual(m.subgroup_names, ["a", "c", "e"])
        self.assertEqual(m.weights, {"a": 2.0, "c": 1.0, "e": 5.0})
        rows = list(m.subgroups().itertuples())
        self.assertEqual([(r.subgroup, r.strategy) for r in rows],
                         [(g, s) for g in ("a", "c", "e", "weighted mean") for s in ("standard", "np1")])
        self.assertEqual([r.weight for r in rows][:6], [2.0, 2.0, 1.0, 1.0, 5.0, 5.0])
        self.assertTrue(all(math.isnan(r.weight) for r in rows[6:]))
        runs = {g: m.run(g) for g in ("a", "c", "e")}
        for r in rows:
            if r.subgroup in runs:
                self.assertEqual(float(r.cost), col(runs[r.subgroup], "cost")[r.strategy])
                self.assertEqual(float(r.effect), col(runs[r.subgroup], "effect")[r.strategy])
            else:
                for k in ("cost", "effect"):
                    mean = sum(w * col(runs[g], k)[r.strategy] for g, w in (("a", 2), ("c", 1), ("e", 5))) / 8
                    self.assertAlmostEqual(float(getattr(r, k)), mean, delta=1e-13 * abs(mean))
        # a weight changed later is read back
        m.set_weight("a", 0.5)
        self.assertEqual(m.weights["a"], 0.5)

    def test_no_weight(self):
        m = libvalue.Model.load(model_file("thr")).set_scenario("x", "sex", 1)
        self.assertEqual((m.subgroup_names, m.weights), ([], {}))
        with self.assertRaisesRegex(libvalue.Error, "no scenario has a weight"):
            m.subgroups()


if __name__ == "__main__":
    unittest.main()
