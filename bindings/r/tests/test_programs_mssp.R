# The MSSP from R: CMS's PY2014 ACO results reproduced from its public use
# file (data frame in, data frame out), a hand-worked case, errors.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)

# CMS's file ships with the package (inst/extdata; its source in inst/extdata/README)
puf <- read.csv(system.file("extdata", "mssp_py2014_aco_puf.csv", package = "libvalue", mustWork = TRUE),
                fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE)
t1 <- puf[puf$Track1 == 1, ]  # all 330; the 14 below 5,000 on the bands of CMS's Specifications v11 Table 5
stopifnot(nrow(t1) == 330)
# P4R (pay for reporting) is full credit unless CMS's final sharing rate is 0
# (the ACO did not report completely; see tests/programs/check_mssp.c)
q <- ifelse(t1$QualScore == "P4R", ifelse(t1$FinalShareRate == 0, 0, 1), suppressWarnings(as.numeric(t1$QualScore)))
acos <- data.frame(aco = t1$ACO_Num, track = "track_1", assigned_beneficiaries = t1$N_AB,
                   benchmark = t1$ABtotBnchmk, expenditure = t1$ABtotExp, quality_score = q, agreement_year = 2)
s <- mssp_settle(acos, 2014)
stopifnot(nrow(s) == 330, identical(s$aco, t1$ACO_Num),
          max(abs(100 * s$msr - t1$MinSavPerc)) < 1e-6,            # MSR to 1e-6 percentage points
          max(abs(s$final_payment - t1$EarnSaveLoss)) <= 1 + 1e-6,  # earned shared savings to $1
          grepl("shared 45.85% of 32,173,449", s$explanation[1]),
          nrow(attr(s, "lines")) > 330, attr(s, "lines")$step[1] == "program")

# BASIC level E 2019, MSR/MLR 2%: losses 10M of 100M; 30% -> 3M; limit
# min(8% x revenue 20M = 1.6M, 4% x 100M = 4M) = 1.6M owed; generated -10M
e <- mssp_settle(data.frame(track = "basic_e", assigned_beneficiaries = 10000, benchmark = 100e6,
                            expenditure = 110e6, msr_choice = 0.02, revenue = 20e6), 2019)
stopifnot(abs(e$final_payment + 1.6e6) < 1e-6, abs(e$generated + 10e6) < 1e-6)
# ... in 2022 the COVID-19 circumstances default (12 of 12 months, every
# beneficiary) takes all 1.6M off; with the ACO's months share 25% and
# beneficiary share 50% (NA: the default, here 100%; row 2 sets both):
# 1.6M x (1 - 0.25) = 1.2M and 1.6M x (1 - 0.125) = 1.4M
e <- mssp_settle(data.frame(aco = c("A1", "A2", "A3"), track = "basic_e", assigned_beneficiaries = 10000,
                            benchmark = 100e6, expenditure = 110e6, msr_choice = 0.02, revenue = 20e6,
                            quality_score = NA, quality_met = 1, euc_months_share = c(NA, 0.25, 0.25),
                            euc_beneficiary_share = c(NA, 0.5, NA)), 2022)
stopifnot(e$final_payment[1] == 0, abs(e$final_payment[2] + 1.4e6) < 1e-6, abs(e$final_payment[3] + 1.2e6) < 1e-6,
          grepl("COVID-19 default", e$explanation[1]), grepl("given", e$explanation[2]))

# Track 1+ 2019, revenue-based: losses 6M (B 100M, E 106M, MLR 2.5% at N
# 20,000), 30% -> 1.8M; limit min(8% x revenue 10M, 4% x 100M) = 0.8M.
# ENHANCED 2022, quality score 0.30 < threshold 0.408: no shared savings.
# ENHANCED 2021, 4,000 beneficiaries, fixed 0% -> the scale (425.110(b)(3)):
# 5.0 - 1.1 x 1,000/1,999 = 4.4497% (CMS's Specifications v11 Table 5);
# savings 1.2M of 40M (3%) earn nothing.  Track 2 2018, the quality
# standard not met: losses 6M at the ceiling 60%: 3.6M.
one <- function(year, ...) mssp_settle(data.frame(..., stringsAsFactors = FALSE), year)
t1p <- one(2019, track = "track_1_plus", assigned_beneficiaries = 20000, benchmark = 100e6, expenditure = 106e6,
           quality_score = 0.5, revenue = 10e6, benchmark_based_limit = 0)
enh <- one(2022, track = "enhanced", assigned_beneficiaries = 20000, benchmark = 100e6, expenditure = 90e6,
           quality_score = 0.3, quality_threshold = 0.408)
small <- one(2021, track = "enhanced", assigned_beneficiaries = 4000, benchmark = 40e6, expenditure = 38.8e6,
             quality_score = NA, quality_met = 1, msr_choice = 0)
t2 <- one(2018, track = "track_2", assigned_beneficiaries = 20000, benchmark = 100e6, expenditure = 106e6,
          quality_met = 0)
stopifnot(abs(t1p$final_payment + 0.8e6) < 1e-6, abs(t1p$generated + 6e6) < 1e-6,
          enh$final_payment == 0, grepl("quality score 0.3 < threshold 0.408", enh$explanation),
          small$final_payment == 0, abs(small$msr - (0.05 - 0.011 * 1000 / 1999)) < 1e-15,
          grepl("425.110\\(b\\)\\(3\\)", small$explanation), grepl("gives way to the MSR table", small$explanation),
          abs(t2$final_payment + 3.6e6) < 1e-6, grepl("quality standard not met", t2$explanation))

# the contract for a ledger: Track 1 2015, 2 beneficiaries costing 10,000 and
# 20,000, benchmark 20,000 per person-year: savings 10,000; 50% -> 5,000 >
# cap 4,000; less 2%: 3,920
c <- mssp_contract(2015, "track_1", benchmark_per_capita = 20000)
l <- ledger(1); ledger_add(l, c(1, 1), c(10000, 20000))
stopifnot(abs(contract_settle(c, l)$amounts[["final_payment"]] - 3920) < 1e-9)

stopifnot(grepl("revenue is not set, and this BASIC level D ACO owes shared losses",
                err(mssp_settle(data.frame(track = "basic_d", assigned_beneficiaries = 2e4, benchmark = 1e8,
                                           expenditure = 1.06e8), 2019))),
          grepl("euc_months_share does not apply in performance year 2016",
                err(mssp_settle(data.frame(track = "track_2", assigned_beneficiaries = 2e4, benchmark = 1e8,
                                           expenditure = 1.06e8, euc_months_share = 0.5), 2016))),
          grepl("benchmark_based_limit is not set", err(mssp_contract(2018, "track_1_plus"))),
          attr(mssp_contract(2018, "track_1_plus", benchmark_based_limit = 1), "kind") == "shared_risk")
stopifnot(cms_years("mssp")[["first"]] == 2013, cms_parameter("mssp", 2014, "track1.sharing_rate") == 0.5,
          length(cms_parameter("mssp", 2014, "msr")) == 25,
          grepl("track is Track 3, not in force in performance year 2014",
                err(mssp_settle(data.frame(track = "track_3", assigned_beneficiaries = 1e4, benchmark = 1e8,
                                           expenditure = 9e7), 2014))),
          grepl("unknown track 'track_9' \\(did you mean 'track_1'\\?\\)", err(mssp_contract(2014, "track_9"))),
          grepl("quality_score is 1.5", err(mssp_contract(2014, "track_1", quality_score = 1.5))),
          grepl("lacks column", err(mssp_settle(data.frame(track = "track_1"), 2014))))
# the same small ACO from totals and on a ledger of its 4,000 beneficiaries
# at 9,500 each against 10,000 per person-year: savings 2M (5%) >= 4.45%:
# 75% -> 1.5M, x 0.98 = 1,470,000 on both, with the same switch line
sm_totals <- one(2021, track = "enhanced", assigned_beneficiaries = 4000, benchmark = 40e6, expenditure = 38e6,
                 quality_score = NA, quality_met = 1, msr_choice = 0)
sm_c <- mssp_contract(2021, "enhanced", msr_choice = 0, quality_score = 0.9, quality_met = 1,
                      benchmark_per_capita = 10000)
sm_l <- ledger(1); ledger_add(sm_l, rep(1, 4000), rep(9500, 4000))
sm_ledger <- contract_settle(sm_c, sm_l)
sw <- function(lines) lines$text[lines$step == "msr switch"]
sm_lines <- attr(sm_totals, "lines")
stopifnot(abs(sm_totals$final_payment - 1.47e6) < 1e-6, abs(sm_ledger$amounts[["final_payment"]] - 1.47e6) < 1e-6,
          length(sw(sm_lines)) == 1, identical(sw(sm_lines), sw(sm_ledger$lines)))

# 2019's 6-month performance years (425.609): Track 1 Jan-Jun, N 20,000,
# B 100M, E 90M, Q 0.9: 45% x 10M = 4.5M, x 6/12, x 0.98 = 2,205,000;
# ENHANCED Jul-Dec, 0%, losses 6M: the floor 40% -> 2.4M, x 6/12 = 1.2M owed
h1 <- one(2019, track = "track_1", assigned_beneficiaries = 20000, benchmark = 100e6, expenditure = 90e6,
          quality_score = 0.9, period = "jan_jun")
h2 <- one(2019, track = "enhanced", assigned_beneficiaries = 20000, benchmark = 100e6, expenditure = 106e6,
          msr_choice = 0, period = "jul_dec")
stopifnot(abs(h1$final_payment - 2205000) < 1e-6, grepl("425.609\\(b\\)", h1$explanation),
          abs(h2$final_payment + 1.2e6) < 1e-6,
          grepl("BASIC level A's 2019 performance year was Jul 1-Dec 31, 2019",
                err(one(2019, track = "basic_a", assigned_beneficiaries = 1e4, benchmark = 5e7, expenditure = 4.5e7,
                        period = "jan_jun"))),
          grepl("period does not apply in performance year 2020",
                err(one(2020, track = "track_1", assigned_beneficiaries = 1e4, benchmark = 5e7, expenditure = 4.5e7,
                        period = "year"))),
          grepl("unknown period 'jan_jul'", err(mssp_contract(2019, "track_1", period = "jan_jul"))))
cat("ok: mssp\n")

# termination (425.221(b)): ENHANCED 2022, losses 6M at 40% = 2.4M (shares 0);
# the ACO leaves in month 9: x 9/12 = 1.8M; CMS terminates in month 5:
# x 5/12 = 1.0M; BASIC C savings earn nothing when terminated in month 9
term <- function(...) one(2022, track = "enhanced", assigned_beneficiaries = 20000, benchmark = 100e6,
                          expenditure = 106e6, msr_choice = 0.02, quality_met = 1, quality_score = 0.9,
                          euc_months_share = 0, ...)
bc <- one(2022, track = "basic_c", assigned_beneficiaries = 20000, benchmark = 100e6, expenditure = 90e6,
          msr_choice = 0.01, quality_met = 1, termination_month = 9)
stopifnot(abs(term(termination_month = 9)$final_payment + 1.8e6) < 1e-6,
          abs(term(termination_month = 5, terminated_by_cms = 1)$final_payment + 1e6) < 1e-6,
          bc$final_payment == 0, grepl("not eligible for shared savings", bc$explanation),
          grepl("termination_month is 13", err(term(termination_month = 13))))
