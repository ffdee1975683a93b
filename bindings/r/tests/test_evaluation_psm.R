# Partitioned survival models through R: the closed form of the
# three-state model with exponential curves (trapezoid rule: with
# q = exp(-c L), L [(1 - q^(J+1)) / (1 - q) - (1 + q^J) / 2]), the
# crossing rule by hand, PSA batches, and errors with R's 1-based indices.
library(libvalue)

trap <- function(c, L, J) { q <- exp(-c * L); L * ((1 - q^(J + 1)) / (1 - q) - (1 + q^J) / 2) }
a <- 0.5; b <- 0.2; d <- log(1.035)
m <- psm_model(c("pf", "pd", "dead"), cycles = 40, discount_costs = 0.035, discount_effects = 0.035)
psm_set_rewards(m, c(1000, 3000, 0), c(0.8, 0.6, 0))
curves <- data.frame(pfs = psm_curve(m, "exponential", a), os = psm_curve(m, "exponential", b))
r <- psm_run(m, curves)
gA <- trap(a + d, 1, 40); gB <- trap(b + d, 1, 40)
stopifnot(abs(r[["life_years"]] / gB - 1) < 1e-12)
stopifnot(abs(r[["qalys"]] / (0.8 * gA + 0.6 * (gB - gA)) - 1) < 1e-12)
stopifnot(abs(r[["cost"]] / (1000 * gA + 3000 * (gB - gA)) - 1) < 1e-12)
sv <- psm_state_values(m, curves)
stopifnot(identical(sv$state, c("pf", "pd", "dead")), abs(sum(sv$qalys) - r[["qalys"]]) < 1e-12)
# Weibull with sigma = 1 is the exponential of rate exp(-mu)
stopifnot(max(abs(psm_curve(m, "weibull", log(1 / b), 1) - curves$os)) < 1e-15)

# the batch: the model's rewards, and each set's own
sets <- list(curves, data.frame(pfs = psm_curve(m, "exponential", 0.4), os = psm_curve(m, "exponential", 0.25)))
bt <- psm_run_batch(m, sets)
stopifnot(nrow(bt) == 2, bt$qalys[1] == r[["qalys"]], bt$qalys[2] == psm_run(m, sets[[2]])[["qalys"]])
own <- psm_run_batch(m, sets, cost = rbind(c(2000, 3000, 0), c(1000, 3000, 0)), utility = rbind(c(0.8, 0.6, 0), c(0.8, 0.6, 0)))
stopifnot(own$cost[1] > bt$cost[1], own$cost[2] == bt$cost[2])

# crossing: PFS above OS at cycles 2 and 3; LY 2.32, QALYs 2.26 (by hand in tests/evaluation/check_psm.c)
x <- psm_model(c("pf", "pd", "dead"), cycles = 4, correction = "end")
psm_set_rewards(x, c(0, 0, 0), c(1, 0.5, 0))
cr <- data.frame(pfs = c(1, 0.8, 0.6, 0.5, 0.4), os = c(1, 0.9, 0.55, 0.45, 0.42))
stopifnot(abs(psm_run(x, cr)[["life_years"]] - 2.32) < 1e-15, abs(psm_run(x, cr)[["qalys"]] - 2.26) < 1e-15)
cx <- psm_crossings(x, cr)
stopifnot(cx$n_clamped == 2, cx$curve == 1, cx$cycle == 2)
tr <- psm_trace(x, cr)
stopifnot(all(as.matrix(tr[, -1]) >= 0), tr$pd[3] == 0)

# errors: indices count from 1 in R
e <- tryCatch(psm_run(x, data.frame(pfs = c(1, 0.8, 0.6, 0.5, 0.4), os = c(1, 0.9, 1.2, 0.45, 0.42))),
              error = function(e) conditionMessage(e))
stopifnot(grepl("surv[8] (row 2, column 3) is 1.2, must be in [0, 1]", e, fixed = TRUE))
e <- tryCatch(psm_run(x, cr[, 1, drop = FALSE]), error = function(e) conditionMessage(e))
stopifnot(grepl("must have 2 columns", e))
e <- tryCatch(psm_model(c("a", "d"), cycles = 3, correction = "simpson"), error = function(e) conditionMessage(e))
stopifnot(grepl("VALUE_PSM_SIMPSON needs an even number of cycles", e))
e <- tryCatch(psm_model("a", cycles = 3), error = function(e) conditionMessage(e))
stopifnot(grepl("n_states is 1", e))
cat("psm: ok\n")
