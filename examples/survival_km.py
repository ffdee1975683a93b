# libvalue from Python: Kaplan-Meier curves, the at-risk table, median
# survival and RMST of R's survival::aml trial (tests/data/survival/aml.csv).
# SPDX-License-Identifier: GPL-3.0-or-later
import csv
import os

import libvalue

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "tests", "data", "survival", "aml.csv")) as f:
    rows = list(csv.DictReader(f))
data = {"weeks": [float(r["time"]) for r in rows], "relapse": [float(r["status"]) for r in rows],
        "arm": [r["x"] for r in rows]}  # a pandas DataFrame works the same way

with libvalue.KaplanMeier(data, time="weeks", event="relapse", group="arm") as km:
    times = [0, 12, 24, 36, 48]
    print("at risk    " + "".join("%6g" % t for t in times))
    for arm in km.groups:
        print("%-13s" % arm + "".join("%6d" % n for n in km.at(times, arm)["n_risk"]))
    for m, r in zip(km.median(), km.rmst(40)):
        upper = "NA" if m.upper is None else "%g" % m.upper
        print("%-13s median %g weeks (95%% CI %g to %s); RMST to 40 weeks %.2f (SE %.2f)"
              % (m.group, m.median, m.lower, upper, r.rmst, r.se))
    t = km.table("Maintained")
    print("Maintained: S(13) = %.4f, 95%% log-log CI %.4f to %.4f" % (t["surv"][1], t["lower"][1], t["upper"][1]))
