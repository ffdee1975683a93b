# SPDX-License-Identifier: GPL-3.0-or-later
"""The Medicare Shared Savings Program: the same ACO year under the rules of
different tracks and years, and where each number comes from."""

import libvalue

# Palm Beach ACO, performance year 2014 (CMS's ACO public use file, first row)
s = libvalue.mssp_settle(2014, "track_1", assigned_beneficiaries=34601, benchmark=450902466,
                         expenditure=418729017, quality_score=0.916964286)
print(s.explain())
print("earned shared savings: %.0f\n" % s.final_payment)

# The same savings rate under 2019's new tracks, and a loss year
for track in ("basic_a", "basic_e", "enhanced"):
    win = libvalue.mssp_settle(2019, track, 34601, 450902466, 418729017, msr_choice=None if track == "basic_a" else 0.02,
                               revenue=60e6)
    loss = libvalue.mssp_settle(2019, track, 34601, 450902466, 480e6, msr_choice=None if track == "basic_a" else 0.02,
                                revenue=60e6)
    print("%-9s 2019: savings year %14s, loss year %14s" % (track, "{:,.2f}".format(win.final_payment),
                                                             "{:,.2f}".format(loss.final_payment)))

# The loss year in 2022: the COVID-19 circumstances policy takes shared
# losses off in proportion to the months and beneficiaries affected (all of
# them by default in 2020-2022); with the ACO's own shares instead:
for months, people in ((None, None), (0.25, 0.5)):
    loss = libvalue.mssp_settle(2022, "basic_e", 34601, 450902466, 480e6, quality_score=None, quality_met=1,
                                msr_choice=0.02, revenue=60e6, euc_months_share=months, euc_beneficiary_share=people)
    print("basic_e   2022: loss year %14s (%s)" % ("{:,.2f}".format(loss.final_payment),
                                                    [l.text for l in loss.lines if l.step == "circumstances"][0]))

# Track 1+ (2018-2021): 30% of losses, limit by the ACO's composition
loss = libvalue.mssp_settle(2019, "track_1_plus", 34601, 450902466, 480e6, quality_score=0.9, revenue=60e6,
                            benchmark_based_limit=0)
print("track_1_plus 2019: loss year %s; generated %s" % ("{:,.2f}".format(loss.final_payment),
                                                        "{:,.0f}".format(libvalue.mssp_generated(loss))))

print("\nthe parameters behind them (lib/programs/data/cms_mssp.txt):")
for key in ("track1.sharing_rate", "basic_e.loss_rate", "basic_e.loss_cap_revenue", "enhanced.loss_rate_ceiling"):
    year = 2014 if key.startswith("track1") else 2022
    print("  %d %-28s %g" % (year, key, libvalue.cms_parameter("mssp", year, key)))
