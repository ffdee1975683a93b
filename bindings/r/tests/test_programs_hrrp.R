# HRRP from R: the hand-worked cases of tests/programs/check_hrrp.c (42 CFR
# 412.152/412.154; arithmetic in the comments) and bad input.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
near <- function(a, b) isTRUE(all.equal(a, b, tolerance = 1e-12))

stopifnot(identical(hrrp_conditions(2013), c("ami", "hf", "pn")), grepl("hrrp has no year 2040", err(hrrp_conditions(2040))),
          length(hrrp_conditions(2017)) == 6,
          !"pn" %in% hrrp_conditions(2023))
# ERR: 30/25 = 1.2; 9/10 = 0.9 at exactly 25 discharges; 24 discharges: NA
e <- hrrp_err(2014, c(30, 9, 10), c(25, 10, 8), c(100, 25, 24))
stopifnot(near(e[1:2], c(1.2, 0.9)), is.na(e[3]))

# FY 2015, P = 10,000,000: AMI 1e6 x 0.10 + PN 1.5e6 x 0.05 + THA/TKA 1.2e6 x 0.02 = 199,000
# (HF below 1, COPD 20 discharges): ratio 0.9801, above the floor
h <- data.frame(condition = c("ami", "hf", "pn", "copd", "tha_tka"), err = c(1.10, 0.95, 1.05, 1.30, 1.02),
                discharges = c(100, 200, 150, 20, 80), payments = c(1e6, 2e6, 1.5e6, 5e5, 1.2e6))
f <- hrrp_factor(2015, h, 1e7)
stopifnot(near(f$ratio, 0.9801), f$factor == 0.9801, near(f$conditions$contribution, c(0.01, 0, 0.0075, 0, 0.0024)))
# floor binding: r = 300,000 / 5,000,000 = 0.06, ratio 0.94 -> 0.99 in FY 2013
h13 <- data.frame(condition = c("ami", "hf", "pn"), err = c(1.25, 1.10, 0.90), discharges = c(60, 90, 120),
                  payments = c(8e5, 1e6, 1.2e6))
stopifnot(hrrp_factor(2013, h13, 5e6)$factor == 0.99, hrrp_factor(2014, h13, 5e6)$factor == 0.98)
# stratified, NM 0.95, P = 2e7: 0.95 x (1e6 x 0.06 + 3e6 x 0.10) / 2e7 = 0.0171 -> 0.9829;
# CABG ERR 1.50: 0.00285 + 0.07125 = 0.0741 -> 3% cap, 0.97
s <- data.frame(condition = c("ami", "hf", "pn", "cabg"), err = c(1.08, 0.99, 1.20, 1.10),
                discharges = c(50, 300, 24, 40), payments = c(1e6, 2e6, 4e5, 3e6), peer_median = c(1.02, 1.01, 0.98, 1))
stopifnot(hrrp_factor(2020, s, 2e7, 0.95)$factor == 0.9829)
s$err[4] <- 1.5
stopifnot(near(hrrp_factor(2020, s, 2e7, 0.95)$ratio, 0.9259), hrrp_factor(2020, s, 2e7, 0.95)$factor == 0.97)

# The ten hospitals of program_stratified_by_hand: NM = 2,530,000 / 1,140,000 = 253/114
hosp <- data.frame(hospital = sprintf("H%d", 0:9),
                   dual_proportion = c(0.30, 0.05, 0.50, 0.12, 0.22, 0.08, 0.41, 0.18, 0.27, 0.35),
                   total_payments = 2e7)
cnd <- data.frame(hospital = rep(sprintf("H%d", 0:9), 2), condition = rep(c("ami", "hf"), each = 10),
                  err = c(1.30, 1.10, 1.05, 1.20, 1.05, 0.90, 1.15, 1.00, 0.95, 1.04,
                          1.02, 1.00, 1.15, 0.95, 1.10, 1.20, 1.45, 1.05, 0.90, 0.98),
                  discharges = c(20, rep(100, 19)), payments = rep(c(1e6, 2e6), each = 10))
p <- hrrp_program(2019, hosp, cnd)
stopifnot(identical(p$hospitals$peer_group, c(4L, 1L, 5L, 2L, 3L, 1L, 5L, 2L, 3L, 4L)),
          near(p$neutrality_modifier, 253 / 114),
          identical(p$hospitals$factor, c(0.9956, 0.9889, 1, 0.9889, 0.9723, 0.9778, 0.97, 0.9889, 1, 1)),
          is.na(p$conditions$peer_median[1]), near(p$conditions$peer_median[10], 1.04))

# bad input
stopifnot(grepl("hrrp has no fiscal year 2031", err(hrrp_err(2031, 1, 1, 30))),
          grepl("unknown condition 'sepsis'", err(hrrp_factor(2015, transform(h, condition = "sepsis"), 1e7))),
          grepl("(CABG) is not in force in hrrp fiscal year 2016", err(hrrp_factor(2016, s[4, ], 1e7)), fixed = TRUE),
          grepl("payments\\[1\\] is NaN", err(hrrp_factor(2015, transform(h, payments = NaN), 1e7))),
          grepl("dual_proportion\\[2\\] is 1.5", err(hrrp_program(2019, transform(hosp, dual_proportion = c(0.2, 1.5, rep(0.3, 8))), cnd))),
          grepl("peer_median", err(hrrp_factor(2020, h[1:2, ], 1e7))),
          grepl("not in hospitals", err(hrrp_program(2019, hosp[-1, ], cnd))),
          nchar(err(value_hrrp_err(2014, c(1, 2), c(1), c(30, 30), 2L))) > 0)
cat("test_hrrp.R: ok\n")
