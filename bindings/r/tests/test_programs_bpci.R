# BPCI Advanced and ACA risk corridors from R: hand-worked cases (arithmetic
# in comments) and bad input.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
near <- function(x, y, tol = 1e-8) isTRUE(all(abs(x - y) <= tol))

# discounts: 3% through 2022; from 2023 2% medical, 3% surgical
stopifnot(bpci_discount(2018, "medical") == 0.03, bpci_discount(2023, "medical") == 0.02,
          bpci_discount(2023, "surgical") == 0.03)
# 2019 surgical: 20,000 x 1.05 x 1.02 = 21,420; x 0.97 = 20,777.40
tp <- bpci_target_price(2019, 20000, 1.05, 1.02)
stopifnot(near(tp$benchmark_price, 21420), near(tp$target_price, 20777.4))
# T = 100,000, E = 90,000: D = 10,000; CQS 0.8 keeps 98%: 9,800
targets <- c(25000, 25000, 30000, 20000)
s <- bpci_reconcile(2020, targets, c(22000, 24000, 26000, 18000), 0.8)
stopifnot(near(s$amounts[["final_payment"]], 9800), "quality" %in% s$lines$step)
# E = 110,000: D = -10,000; CQS 0.8 reduces the repayment to 92%: -9,200
stopifnot(near(bpci_reconcile(2020, targets, c(30000, 28000, 32000, 20000), 0.8)$amounts[["final_payment"]], -9200))
# stop-gain: E = 70,000, D = 30,000 x 0.95 = 28,500 > 20,000: 20,000
s <- bpci_reconcile(2019, targets, c(17500, 17500, 21000, 14000), 0.5)
stopifnot(near(s$amounts[["final_payment"]], 20000), "stop-gain" %in% s$lines$step)
# stop-loss: E = 130,000, CQS 0: -30,000 beyond -20,000: -20,000
stopifnot(near(bpci_reconcile(2024, targets, c(32500, 32500, 39000, 26000), 0)$amounts[["final_payment"]], -20000))
# winsorization: {10..50} at 10% / 90% -> 14 and 46
w <- bpci_winsorize(c(50, 10, 40, 20, 30), 0.1, 0.9)
stopifnot(near(attr(w, "lower"), 14), near(attr(w, "upper"), 46), near(as.numeric(w), c(46, 14, 40, 20, 30)))

# ACA: T = 1,000,000; 102%: 0; 105%: 50% x 20,000 = 10,000;
# 110%: 25,000 + 80% x 20,000 = 41,000; 95%: -10,000; 90%: -41,000
a <- aca_risk_corridor(2014, rep(1e6, 5), c(1.02e6, 1.05e6, 1.1e6, 0.95e6, 0.9e6))
stopifnot(is.data.frame(a), near(a$payment, c(0, 10000, 41000, -10000, -41000), 1e-6))
s <- aca_risk_corridor_settle(2016, 1e6, 1.1e6)
stopifnot(near(s$amounts[["final_payment"]], 41000, 1e-6), sum(s$lines$step == "band") == 2)

# bad input
stopifnot(grepl("bpci has no model year 2026", err(bpci_discount(2026))),
          grepl("quality_score is 1.5", err(bpci_reconcile(2020, targets, targets, 1.5))),
          grepl("spending\\[2\\] is NaN", err(bpci_reconcile(2020, targets, c(1, NaN, 3, 4), 0.5))),
          nchar(err(bpci_reconcile(2020, targets, c(1, 2, 3), 0.5))) > 0,
          grepl("aca has no benefit year 2017", err(aca_risk_corridor(2017, 1e6, 1e6))),
          grepl("allowable_costs\\[1\\] is -1", err(aca_risk_corridor(2014, 1e6, -1))),
          grepl("target\\[1\\] is 0", err(aca_risk_corridor(2014, 0, 1e6))),
          grepl("same length", err(aca_risk_corridor(2014, c(1e6, 1e6), 1e6))))
cat("test_bpci.R: ok\n")
