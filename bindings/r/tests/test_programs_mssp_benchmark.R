# The MSSP benchmark arithmetic from R: the hand calculations of
# tests/programs/check_mssp_benchmark.c (written out there), CMS's PY2014
# historical benchmarks from its public use file, names and errors.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
types <- c("esrd", "disabled", "aged_dual", "aged_nondual")

hist <- data.frame(type = types,
                   expenditure_by1 = c(60000, 12000, 15000, 9000), expenditure_by2 = c(62000, 12500, 15500, 9400),
                   expenditure_by3 = c(65000, 13000, 16000, 10000), risk_by1 = c(1.00, 1.10, 1.20, 0.95),
                   risk_by2 = c(1.02, 1.10, 1.25, 1.00), risk_by3 = c(1.05, 1.21, 1.25, 1.00),
                   trend_by1 = c(1.08, 1.06, 1.05, 1.04), trend_by2 = c(1.04, 1.03, 1.02, 1.02),
                   persons_by3 = c(100, 400, 500, 4000))
stopifnot(identical(unname(mssp_benchmark_year_weights(2014)), c(0.1, 0.3, 0.6)))
# ESRD 0.1 x 68040 + 0.3 x 67704/1.02 + 0.6 x 65000; disabled 1399.2 + 4248.75 + 7800
h <- mssp_benchmark_historical(hist, mssp_benchmark_year_weights(2014))
stopifnot(abs(h$by_type$benchmark[1] - (6804 + 0.3 * 67704 / 1.02 + 39000)) < 1e-9,
          abs(h$by_type$benchmark[2] - 13447.95) < 1e-9, abs(h$benchmark - 11877.8678498) < 1e-6)
# rows in another order are found by type
h2 <- mssp_benchmark_historical(hist[4:1, ], c(0.1, 0.3, 0.6))
stopifnot(identical(h2$by_type, h$by_type))

# regional, 2024, second period, dearer than the region: 25% x (-5000, -1000, -500, -1000) x 0.8,
# then the -1.5% caps -180 (disabled) and -150 (aged/non-dual)
reg <- data.frame(benchmark = c(65000, 13000, 16000, 10000), regional = c(60000, 12000, 15500, 9000),
                  national = c(80000, 12000, 15000, 10000), persons = c(100, 400, 500, 4000))
a <- mssp_benchmark_regional(2024, 2, reg, offset = 0.2)
stopifnot(a$weight == 0.25, max(abs(a$by_type$adjustment - c(-1000, -180, -100, -150))) < 1e-9)
# the +5% cap binding: third period 50% of 10000 -> 5000, capped at 4000
reg$regional <- c(75000, 13500, 17000, 10400)
stopifnot(abs(mssp_benchmark_regional(2019, 3, reg)$by_type$adjustment[1] - 4000) < 1e-9)

# risk ratio capped up (1.05 -> 1.03), a fall passes in full (0.95); CMS's
# Specifications v11 Table 3: 1.046 / 0.987 = 1.060 -> 1.030, 1.074 / 1.123 = 0.956
r <- mssp_benchmark_risk_ratio(2019, c(1.00, 1.20, 1.10, 0.90), c(1.05, 1.14, 1.12, 0.90))
stopifnot(max(abs(r - c(1.03, 0.95, 1.12 / 1.10, 1))) < 1e-12, identical(names(r), types))
t3 <- mssp_benchmark_risk_ratio(2019, c(1.031, 1.123, 0.987, 1.025), c(1.054, 1.074, 1.046, 1.001))
stopifnot(max(abs(t3 - c(1.022, 0.956, 1.030, 0.977))) < 5e-4)
# before 2019 (425.604(a)): ESRD (20 x 1.10 + 80 x 1.02) / 100 = 1.036 (CMS-HCC of the continuing rose:
# demographics); disabled (50 x 0.96 + 150 x 0.95) / 200 = 0.9525 (it fell: CMS-HCC); aged/non-dual no persons: 1
rc <- mssp_benchmark_risk_ratio_continuity(2014, data.frame(
  type = types, persons_new = c(20, 50, 0, 0), hcc_ref_new = c(1, 1.25, 1, 1), hcc_py_new = c(1.1, 1.2, 1, 1),
  persons_continuing = c(80, 150, 100, 0), hcc_ref_continuing = 1, hcc_py_continuing = c(1.05, 0.95, 1, 1),
  demo_ref_continuing = 1, demo_py_continuing = c(1.02, 1.03, 0.98, 1.2)))
stopifnot(max(abs(rc - c(1.036, 0.9525, 0.98, 1))) < 1e-12)
# update before 2019: 65000 x 1.02 + 2000 = 68300; mix 12516.16
u <- mssp_benchmark_update(data.frame(benchmark = c(65000, 13000, 16000, 10000), risk_ratio = c(1.02, 0.99, 1.01, 1),
                                      update_dollars = c(2000, 300, 350, 250), persons_py = c(120, 380, 520, 3980)))
stopifnot(u$by_type$benchmark[1] == 68300, abs(u$benchmark - 12516.16) < 1e-9)
f <- mssp_benchmark_blend(c(esrd = 1.02, disabled = 1.03, aged_dual = 1.01, aged_nondual = 1.04),
                          c(1.05, 1.00, 1.02, 1.01), 0.3)
stopifnot(abs(f[["esrd"]] - 1.041) < 1e-12)

# errors: indices count from 1 in R (risk_by2 row 2 is 0)
bad <- hist; bad$risk_by2[2] <- 0
stopifnot(grepl("risk_by2[2] is 0, must be > 0", err(mssp_benchmark_historical(bad, c(0.1, 0.3, 0.6))), fixed = TRUE),
          grepl("year_weights sum to 0.9, must sum to 1", err(mssp_benchmark_historical(hist, c(0.1, 0.3, 0.5)))),
          grepl("known: 2012-2026", err(mssp_benchmark_year_weights(2011))),
          grepl("did you mean 'aged_dual'", err(mssp_benchmark_risk_ratio(2019, c(esrd = 1, disabled = 1, aged_duel = 1,
                                                                                   aged_nondual = 1), c(1, 1, 1, 1)))),
          grepl("unknown column of data 'person_by3' (did you mean 'persons_by3'?)", fixed = TRUE,
                err(mssp_benchmark_historical(stats::setNames(hist, sub("persons_by3", "person_by3", names(hist))),
                                              c(0.1, 0.3, 0.6)))))

# CMS's PY2014 historical benchmarks: the trend factors per start cohort
# fitted as check_mssp_benchmark.c says (not published); every ACO within $1
puf <- read.csv(system.file("extdata", "mssp_py2014_aco_puf.csv", package = "libvalue", mustWork = TRUE),
                fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE)
trend <- list("04/01/2012" = list(c(0.991244, 1.084756, 1.011985, 1.052183), c(1.008918, 1.029426, 1.00611, 1.02154)),
              "07/01/2012" = list(c(1.0063, 1.063461, 1.016171, 1.048155), c(1.004488, 1.035597, 1.004538, 1.022955)),
              "01/01/2013" = list(c(1.005503, 1.051741, 0.98715, 1.014159), c(0.998844, 1.020497, 0.983536, 0.989716)),
              "01/01/2014" = list(c(1.003584, 1.037749, 0.986815, 0.99551), c(1.005842, 1.012346, 1.006197, 1.003154)))
cms <- c("ESRD", "DIS", "AGDU", "AGND"); np <- c("ESRD", "DIS", "AGED_Dual", "AGED_NonDual")
w <- mssp_benchmark_year_weights(2013)
miss <- vapply(seq_len(nrow(puf)), function(i) {
  p <- puf[i, ]; t <- trend[[p$Start_Date]]
  d <- data.frame(expenditure_by1 = unlist(p[paste0("Per_Capita_Exp_ALL_", cms, "_BY1")]),
                  expenditure_by2 = unlist(p[paste0("Per_Capita_Exp_ALL_", cms, "_BY2")]),
                  expenditure_by3 = unlist(p[paste0("Per_Capita_Exp_ALL_", cms, "_BY3")]),
                  risk_by1 = unlist(p[paste0("CMS_HCC_RiskScore_", cms, "_BY1")]),
                  risk_by2 = unlist(p[paste0("CMS_HCC_RiskScore_", cms, "_BY2")]),
                  risk_by3 = unlist(p[paste0("CMS_HCC_RiskScore_", cms, "_BY3")]),
                  trend_by1 = t[[1]], trend_by2 = t[[2]], persons_by3 = unlist(p[paste0("N_AB_Year_", np, "_BY3")]))
  abs(mssp_benchmark_historical(d, w)$benchmark - p$HistBnchmk)
}, numeric(1))
stopifnot(length(miss) == 333, max(miss) <= 1)
cat("ok: mssp_benchmark\n")
