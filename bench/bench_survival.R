# SPDX-License-Identifier: GPL-3.0-or-later
# Parametric survival fits (#21): a Weibull AFT model with 5 covariates on
# 1,000,000 right-censored rows, libvalue (through its R package) against
# survival::survreg, same data, same R process, interleaved.  The two fits
# are checked to give the same coefficients, log(scale) and log-likelihood
# (1e-6 relative) before any time is printed.
# Target (#21): >= 10x survreg with the same numbers.
#
# Run: make bench  (or, with the package installed: Rscript bench/bench_survival.R)
suppressMessages({ library(libvalue); library(survival) })
rel <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))

set.seed(20261204)
n <- 1e6; p <- 5
X <- matrix(rnorm(n * p), n, dimnames = list(NULL, sprintf("x%d", 1:p)))
beta <- c(0.3, -0.2, 0.1, 0.05, -0.15)
t_event <- exp(2 + X %*% beta + 0.8 * log(rexp(n)))   # Weibull AFT, sigma 0.8
t_cens <- runif(n, 0, 40)
d <- data.frame(X, time = pmin(t_event, t_cens), status = as.integer(t_event <= t_cens))
rounds <- 3
ll <- asNamespace("libvalue")
xt <- as.vector(t(X))  # the row-major design the C engine takes, prepared once
engine <- function() {
  e <- ll$value_survival_fit_new(ll$value_survival_fit_dist[["weibull"]], p)
  ll$value_survival_fit_estimate(e, xt, d$time, d$status)
  e
}
lv <- sr <- ce <- numeric(rounds)
for (i in seq_len(rounds)) {  # interleaved
  ce[i] <- system.time(e <- engine())[["elapsed"]]
  lv[i] <- system.time(m <- survival_fit(d, "time", "status", sprintf("x%d", 1:p), dist = "weibull"))[["elapsed"]]
  sr[i] <- system.time(g <- survreg(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5, d, dist = "weibull"))[["elapsed"]]
}
cf <- survival_fit_coefficients(m)
st <- survival_fit_stats(m)
if (rel(unname(cf$estimate[1:(p + 1)]), unname(coef(g))) > 1e-6 ||
    rel(log(st$scale), log(g$scale)) > 1e-6 || rel(st$loglik, g$loglik[2]) > 1e-6)
  stop("libvalue and survreg disagree")
cat(sprintf("Weibull AFT fit, %g rows x %d covariates, %.0f%% events (best of %d, interleaved):\n", n, p,
            100 * mean(d$status), rounds))
cat(sprintf(paste0("  libvalue survival_fit (data frame in)   %.3f s: %.1fx survreg\n",
                   "  the C engine on a prepared design      %.3f s: %.1fx survreg\n",
                   "  survival::survreg                      %.3f s\n"),
            min(lv), min(sr) / min(lv), min(ce), min(sr) / min(ce), min(sr)))
cat(sprintf("  same numbers: coefficients, log(scale), loglik within 1e-6 (loglik %.6f)\n", st$loglik))
