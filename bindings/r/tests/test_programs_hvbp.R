# Hospital Value-Based Purchasing from R: rows of CMS's FY2024 HVBP Clinical
# Outcomes and Safety files (tests/data/cms/, copied here with the
# facility named) and hand-worked HCAHPS, TPS and payment cases.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
same <- function(a, b) length(a) == length(b) && all((is.na(a) & is.na(b)) | (!is.na(a) & !is.na(b) & a == b))

# MORT-30-AMI (survival, higher is better): 10001 -> 6/7/7; 50239 (baseline beyond the
# benchmark 0.887868, performance better still) -> 10/9/10; 10007 not available
s <- hvbp_standard("MORT-30-AMI")
stopifnot(s[["achievement_threshold"]] == 0.869247, s[["benchmark"]] == 0.887868)
h <- data.frame(id = c("10001", "50239", "10007"), baseline = c(0.856752, 0.889541, NA),
                performance = c(0.880237, 0.891128, NA))
r <- hvbp_measure_points(h, s[["achievement_threshold"]], s[["benchmark"]])
stopifnot(same(r$achievement, c(6, 10, NA)), same(r$improvement, c(7, 9, NA)), same(r$score, c(7, 10, NA)),
          identical(r$id, h$id))
# COMP-HIP-KNEE (lower is better): 10005 -> 8/9/9
s <- hvbp_standard("COMP-HIP-KNEE")
r <- hvbp_measure_points(data.frame(baseline = 0.030034, performance = 0.019253), s[1], s[2], "lower")
stopifnot(same(c(r$achievement, r$improvement, r$score), c(8, 9, 9)))
# HAI-1: 30024 at the threshold 0.589 -> 1/0/1; 30010 all zero -> 10/0/10; HAI-2 10061 no baseline -> 0/NA/0;
# HAI-5 140252: 10(1.405 - 1.124)/1.405 - 0.5 = 1.5 -> 2 (half up)
s <- hvbp_standard("HAI-1")
r <- hvbp_measure_points(data.frame(baseline = c(0.596, 0), performance = c(0.589, 0)), s[1], s[2], "lower")
stopifnot(same(r$score, c(1, 10)), same(r$improvement, c(0, 0)), same(r$achievement, c(1, 10)))
s <- hvbp_standard("HAI-2")
r <- hvbp_measure_points(data.frame(baseline = NA, performance = 2.762), s[1], s[2], "lower")
stopifnot(same(c(r$achievement, r$improvement, r$score), c(0, NA, 0)))
s <- hvbp_standard("HAI-5")
r <- hvbp_measure_points(data.frame(b = 1.405, p = 1.124), s[1], s[2], "lower", baseline = "b", performance = "p")
stopifnot(same(c(r$achievement, r$improvement, r$score), c(0, 2, 2)))
# combined SSI: one stratum -> its score; (1 x 4 + 3 x 8)/4 = 7
stopifnot(same(hvbp_combined_score(c(3, NA, 4), c(1, 1, 1), c(NA, 6, 8), c(1, 1, 3)), c(3, 6, 7)))

# HCAHPS: floors 40, thresholds 70, benchmarks 90 -> scores 3 5 1 7 0 10 3 4 = 33;
# lowest (60 - 40)/30: 20 x 0.667 - 0.5 = 12.83 -> 13; domain 46; a hospital without HCAHPS: NA
q <- rbind(c(70, 75, 72, 80, 65, 85, 60, NA), rep(NA, 8))
p <- rbind(c(75, 80, 72, 85, 60, 91, 70, 78), rep(NA, 8))
hc <- hvbp_hcahps(q, p, rep(40, 8), rep(70, 8), rep(90, 8))
stopifnot(same(unlist(hc[1, 1:8]), c(3, 5, 1, 7, 0, 10, 3, 4)), hc$base_score[1] == 33, hc$consistency[1] == 13,
          hc$domain_score[1] == 46, is.na(hc$domain_score[2]))

# domain, TPS, payment: facility 10001's clinical outcome scores 7 8 0 1 1 6 -> 2300/60;
# re-weighted TPS (115/3 + 46 + 130/3)/3 = 383/9; 2% x 0.5 x 3 = 0.03 -> factor 1.01
stopifnot(abs(hvbp_domain_score(rbind(c(7, 8, 0, 1, 1, 6)), "clinical_outcomes", 2024) - 2300 / 60) < 1e-12)
t <- hvbp_tps(data.frame(clinical_outcomes = c(115 / 3, 30), person_engagement = c(46, 70),
                         safety = c(130 / 3, NA)), 2024)
stopifnot(abs(t[1] - 383 / 9) < 1e-12, is.na(t[2]))
pay <- hvbp_payment(c(50, NA), 2024, 3)
stopifnot(abs(pay$incentive_percentage[1] - 0.03) < 1e-15, abs(pay$adjustment_factor[1] - 1.01) < 1e-15,
          is.na(pay$adjustment_factor[2]), hvbp_payment(50, 2022, 3)$adjustment_factor == 1,
          abs(hvbp_lef_slope(c(50, 25), c(100, 300)) - 3.2) < 1e-15, hvbp_parameter("withhold", 2016) == 0.0175)

# bad input
stopifnot(grepl("hvbp has no fiscal year 2031", err(hvbp_payment(50, 2031, 3))),
          grepl("achievement_threshold equals benchmark", err(hvbp_measure_points(h, 0.9, 0.9))),
          grepl("slope is NaN", err(hvbp_payment(50, 2024, NaN))),
          grepl("no safety domain in fiscal year 2015", err(hvbp_domain_score(rbind(c(5, 5)), "safety", 2015))),
          grepl("unknown domain", err(hvbp_tps(data.frame(quality = 50), 2024))))
cat("hvbp: ok\n")
