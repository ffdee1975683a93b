# SPDX-License-Identifier: GPL-3.0-or-later
# Risk-adjustment fits, libvalue (through its R package) against R itself,
# same data, same R process, interleaved:
#  1. logistic regression, 1,000,000 patients x 20 covariates:
#     risk_fit(y ~ ., d) vs glm(y ~ ., binomial, d) (the same formula
#     interface, so both pay for model.frame/model.matrix), and vs
#     glm.fit(X, y) on a prepared matrix (R's fastest path);
#  2. logistic random-intercept model, 200,000 patients x 10 covariates in
#     1,000 providers: risk_fit_random_intercept vs lme4::glmer(nAGQ = 1).
# Each pair is checked to give the same numbers (coefficients 1e-8 relative
# for glm; fixed effects and tau 1e-3 for glmer at its default settings, which
# stop about 1e-4 short of the exact Laplace optimum: see value.h).
#
# Run: make bench  (or, with the package installed: Rscript bench/bench_risk.R)
suppressMessages(library(libvalue))
rel <- function(a, b) max(abs(a - b) / abs(b))

set.seed(20261123)
n <- 1e6; p <- 20
X <- matrix(rnorm(n * p), n, dimnames = list(NULL, sprintf("x%02d", 1:p)))
beta <- rnorm(p, 0, 0.3)
d <- data.frame(X, y = rbinom(n, 1, plogis(-1 + X %*% beta)))
rounds <- 3
xt <- as.vector(t(X))  # the row-major design the C engine takes, prepared once
ll <- asNamespace("libvalue")
engine <- function() {
  m <- ll$value_risk_new(1L, p)
  ll$value_risk_fit(m, xt, d$y, rep(1, n), rep(0, n))
  m
}
lv <- gl <- ce <- gf <- numeric(rounds)
for (i in seq_len(rounds)) {  # interleaved
  ce[i] <- system.time(e <- engine())[["elapsed"]]
  gf[i] <- system.time(f <- glm.fit(cbind(1, X), d$y, family = binomial()))[["elapsed"]]
  lv[i] <- system.time(m <- risk_fit(y ~ ., d))[["elapsed"]]
  gl[i] <- system.time(g <- glm(y ~ ., binomial, d))[["elapsed"]]
}
ec <- ll$value_risk_coefficients(e, p + 1)$out_coef
if (rel(coef(m), coef(g)) > 1e-8 || rel(ec, unname(f$coefficients)) > 1e-8) stop("libvalue and glm disagree")
cat(sprintf("Logistic fit, %g patients x %d covariates (best of %d, interleaved; %s):\n", n, p, rounds,
            R.version.string))
cat(sprintf("  on a prepared design matrix: libvalue value_risk_fit %6.3f s, R glm.fit %6.3f s: %.1fx faster\n",
            min(ce), min(gf), min(gf) / min(ce)))
cat(sprintf("  from a formula and data frame: libvalue risk_fit %6.3f s, R glm %6.3f s: %.1fx faster\n",
            min(lv), min(gl), min(gl) / min(lv)))
cat(sprintf("  (risk_fit's time is mostly R building the design: model.frame, model.matrix, a transpose)\n"))
cat(sprintf("  max relative difference of coefficients vs glm: %.1e\n", rel(coef(m), coef(g))))

if (requireNamespace("lme4", quietly = TRUE)) {
  n <- 2e5; p <- 10; H <- 1000
  X <- matrix(rnorm(n * p), n, dimnames = list(NULL, sprintf("x%02d", 1:p)))
  hosp <- sample.int(H, n, TRUE)
  b <- rnorm(H, 0, 0.3)
  d <- data.frame(X, hosp = factor(hosp), y = rbinom(n, 1, plogis(-1.5 + X %*% rnorm(p, 0, 0.3) + b[hosp])))
  f <- as.formula(paste("y ~", paste(colnames(X), collapse = " + ")))
  lt <- system.time(m <- risk_fit_random_intercept(f, d, d$hosp))[["elapsed"]]
  gt <- system.time(g <- lme4::glmer(update(f, . ~ . + (1 | hosp)), d, binomial, nAGQ = 1))[["elapsed"]]
  lt2 <- system.time(m <- risk_fit_random_intercept(f, d, d$hosp))[["elapsed"]]
  tau_g <- attr(lme4::VarCorr(g)$hosp, "stddev")[[1]]
  if (rel(coef(m), lme4::fixef(g)) > 1e-3 || rel(risk_stats(m)[["tau"]], tau_g) > 1e-3)  # glmer defaults stop ~1e-4 short
    stop("libvalue and glmer disagree")
  cat(sprintf("Random-intercept logistic fit, %g patients x %d covariates, %d providers (lme4 %s):\n", n, p, H,
              as.character(packageVersion("lme4"))))
  cat(sprintf("  libvalue: %7.3f s\n  glmer:    %7.3f s   libvalue is %.1fx faster\n", min(lt, lt2), gt,
              gt / min(lt, lt2)))
  cat(sprintf("  max relative difference: fixed effects %.1e, tau %.1e\n", rel(coef(m), lme4::fixef(g)),
              rel(risk_stats(m)[["tau"]], tau_g)))
} else cat("lme4 not installed (apt-get install r-cran-lme4): random-intercept benchmark skipped\n")
