# The MSSP from R: CMS's PY2014 ACO results reproduced from its public use
# file (data frame in, data frame out), a hand-worked case, errors.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)

# CMS's file ships with the package (inst/extdata; its source in inst/extdata/README)
puf <- read.csv(system.file("extdata", "mssp_py2014_aco_puf.csv", package = "libvalue", mustWork = TRUE),
                fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE)
t1 <- puf[puf$Track1 == 1 & puf$N_AB >= 5000, ]
stopifnot(nrow(t1) == 316)
# P4R (pay for reporting) is full credit unless CMS's final sharing rate is 0
# (the ACO did not report completely; see tests/programs/check_mssp.c)
q <- ifelse(t1$QualScore == "P4R", ifelse(t1$FinalShareRate == 0, 0, 1), suppressWarnings(as.numeric(t1$QualScore)))
acos <- data.frame(aco = t1$ACO_Num, track = "track_1", assigned_beneficiaries = t1$N_AB,
                   benchmark = t1$ABtotBnchmk, expenditure = t1$ABtotExp, quality_score = q, agreement_year = 2)
s <- mssp_settle(acos, 2014)
stopifnot(nrow(s) == 316, identical(s$aco, t1$ACO_Num),
          max(abs(100 * s$msr - t1$MinSavPerc)) < 1e-6,            # MSR to 1e-6 percentage points
          max(abs(s$final_payment - t1$EarnSaveLoss)) <= 1 + 1e-6,  # earned shared savings to $1
          grepl("shared 45.85% of 32,173,449", s$explanation[1]),
          nrow(attr(s, "lines")) > 316, attr(s, "lines")$step[1] == "program")

# BASIC level E 2022, MSR/MLR 2%: losses 10M of 100M; 30% -> 3M; limit
# min(8% x revenue 20M = 1.6M, 4% x 100M = 4M) = 1.6M owed
e <- mssp_settle(data.frame(track = "basic_e", assigned_beneficiaries = 10000, benchmark = 100e6,
                            expenditure = 110e6, msr_choice = 0.02, revenue = 20e6), 2022)
stopifnot(abs(e$final_payment + 1.6e6) < 1e-6)

# the contract for a ledger: Track 1 2015, 2 beneficiaries costing 10,000 and
# 20,000, benchmark 20,000 per person-year: savings 10,000; 50% -> 5,000 >
# cap 4,000; less 2%: 3,920
c <- mssp_contract(2015, "track_1", benchmark_per_capita = 20000)
l <- ledger(1); ledger_add(l, c(1, 1), c(10000, 20000))
stopifnot(abs(contract_settle(c, l)$amounts[["final_payment"]] - 3920) < 1e-9)

stopifnot(cms_years("mssp")[["first"]] == 2013, cms_parameter("mssp", 2014, "track1.sharing_rate") == 0.5,
          length(cms_parameter("mssp", 2014, "msr")) == 19,
          grepl("track is Track 3, not in force in performance year 2014",
                err(mssp_settle(data.frame(track = "track_3", assigned_beneficiaries = 1e4, benchmark = 1e8,
                                           expenditure = 9e7), 2014))),
          grepl("unknown track 'track_9' \\(did you mean 'track_1'\\?\\)", err(mssp_contract(2014, "track_9"))),
          grepl("quality_score is 1.5", err(mssp_contract(2014, "track_1", quality_score = 1.5))),
          grepl("lacks column", err(mssp_settle(data.frame(track = "track_1"), 2014))))
cat("ok: mssp\n")
