# Outcome measures, EQ-5D-3L, QALYs, incremental analysis and PSA through R:
# R's own prop.test/t.test/integrate/quantile as second implementations,
# published EQ-5D values, and the reference incremental table.
library(libvalue)
near <- function(a, b, tol = 1e-12) isTRUE(all.equal(as.numeric(a), as.numeric(b), tolerance = tol))
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)

# Wilson = prop.test without continuity correction; t interval = t.test
stopifnot(near(wilson_ci(81, 263), prop.test(81, 263, correct = FALSE)$conf.int))
m <- outcome_measure("30-day readmission", direction = "lower", unit = "%")
r <- outcome_compute(m, c(rep(1, 81), rep(0, 182)))
stopifnot(near(r[["estimate"]], 81 / 263), near(r[c("lower", "upper")], prop.test(81, 263, correct = FALSE)$conf.int))
stopifnot(outcome_compare(m, 0.12, 0.15) == 1, any(grepl("lower is better", capture.output(print(m)))))
v <- c(7.2, 6.8, 8.1, 5.9, 7.7, 6.4, 7.0, 8.3)
k <- outcome_measure("Oxford knee score", type = "prom", stat = "mean")
stopifnot(near(outcome_compute(k, v)[c("lower", "upper")], t.test(v)$conf.int))
stopifnot(grepl("values\\[3\\] is 2", err(outcome_compute(m, c(0, 1, 2)))))
stopifnot(grepl("unknown stat 'median' \\(did you mean 'mean'\\?\\)", err(outcome_measure("x", stat = "median"))))

# EQ-5D-3L: published indices (Dolan 1997; Shaw et al. 2005)
uk <- eq5d_value_set("UK-TTO"); us <- eq5d_value_set("US-D1")
stopifnot(eq5d_index(uk, 11111) == 1, abs(eq5d_index(uk, 33333) - (-0.594)) <= 5e-4)
stopifnot(abs(eq5d_index(us, 33333) - (-0.109)) <= 5e-4)
stopifnot(grepl("11114", err(eq5d_index(uk, 11114))))
toy <- eq5d_value_set(text = "name toy\nconstant 0.1\nMO 2 0.05\n")
stopifnot(near(eq5d_index(toy, 21111), 1 - 0.1 - 0.05))

# QALYs: R's integrate() of u(t) D(t) as a second implementation
u <- function(t) 1 - 0.05 * t
want <- integrate(function(t) u(t) * 1.035^-t, 0, 10, rel.tol = 1e-13)$value
stopifnot(near(qalys(c(0, 10), c(1, 0.5), discount = 0.035)[["qalys"]], want, 1e-10))
stopifnot(near(qalys(c(0, 1, 2), c(0.8, 0.6, 0.7), "step")[["qalys"]], 1.4))
stopifnot(near(qalys(c(0, 10), c(1, 1), discount = discount_scheme(0.035), convention = "per_period")[["qalys"]],
               sum(1.035^-(1:10))))

# The reference incremental table
f <- cea_frontier(c(5000, 12000, 10000, 25000, 35000, 55000), c(1, 1.5, 2, 3, 4, 5),
                  c("UC", "A", "B", "C", "D", "E"))
stopifnot(identical(f$status, c("ND", "D", "ND", "ED", "ND", "ND")))
stopifnot(identical(f$comparator[c(3, 5, 6)], c("UC", "B", "D")), near(f$icer[c(3, 5, 6)], c(5000, 12500, 20000)))
stopifnot(any(grepl("extendedly dominated", capture.output(print(f)))))
# Seeds: heart-failure drug, $88,900 for 0.75 QALY
stopifnot(near(cea_frontier(c(0, 88900), c(0, 0.75))$icer[2], 118533.33333333333))
stopifnot(cea_optimal(c(0, 88900), c(0, 0.75), 100000) == 1, cea_optimal(c(0, 88900), c(0, 0.75), 120000) == 2)

# PSA curves against base R
set.seed(11)
s <- 1500
costs <- cbind(a = rnorm(s, 1000, 300), b = rnorm(s, 2000, 300), c = rnorm(s, 2600, 300))
effects <- cbind(a = rnorm(s, 1, 0.04), b = rnorm(s, 1.05, 0.04), c = rnorm(s, 1.09, 0.04))
lambdas <- seq(0, 60000, by = 5000)
cur <- psa_curves(costs, effects, lambdas)
for (l in seq_along(lambdas)) {
  nmb <- lambdas[l] * effects - costs
  best <- max.col(nmb, ties.method = "first")
  stopifnot(near(cur$ceac[l, ], tabulate(best, 3) / s))
  stopifnot(near(cur$evpi[l], mean(apply(nmb, 1, max)) - max(colMeans(nmb)), 1e-9))
  stopifnot(cur$ceaf[l] == colnames(costs)[which.max(colMeans(nmb))])
}
sm <- psa_summary(costs)
stopifnot(near(sm$lower, apply(costs, 2, quantile, 0.025)), near(sm$mean, colMeans(costs)))
pl <- psa_incremental(costs, effects)
stopifnot(near(pl$dcost[, "b"], costs[, "b"] - costs[, "a"]))
pdf(NULL); plot(cur); plot(pl, wtp = 20000); invisible(dev.off())
stopifnot(grepl("same dimensions", err(psa_curves(costs, effects[, 1:2], lambdas))))
cat("R outcome and CEA tests passed\n")
