# A partitioned survival model from R: PFS and OS curves (Weibull, survreg
# parameters) for two strategies, weekly cycles over 10 years, the
# half-cycle correction, 3.5% discounting, then a PSA of 1,000 draws of
# the OS scale.
# SPDX-License-Identifier: GPL-3.0-or-later
library(libvalue)

m <- psm_model(c("progression-free", "progressed", "dead"), cycles = 520, cycle_length = 1 / 52,
               discount_costs = 0.035, discount_effects = 0.035)
psm_set_rewards(m, cost = c(400, 150, 0), utility = c(0.80, 0.60, 0))  # cost a week, utility a year
curves <- function(pfs_mu, os_mu)
  data.frame(pfs = psm_curve(m, "weibull", pfs_mu, 0.8), os = psm_curve(m, "weibull", os_mu, 0.9))
soc <- curves(0.2, 1.2); new <- curves(0.5, 1.4)
for (s in list(list("standard", soc), list("new", new))) {
  r <- psm_run(m, s[[2]])
  cat(sprintf("%-8s cost %10.2f  QALYs %.4f  life years %.4f\n", s[[1]], r[["cost"]], r[["qalys"]], r[["life_years"]]))
}
print(psm_state_values(m, new))
set.seed(1)
b <- psm_run_batch(m, lapply(rnorm(1000, 1.4, 0.1), function(mu) curves(0.5, mu)))
cat(sprintf("PSA: %d draws, QALYs %.4f to %.4f\n", nrow(b), min(b$qalys), max(b$qalys)))
