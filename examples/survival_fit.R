# Parametric survival fits on the ovarian cancer trial (survival::ovarian,
# tests/data/survival/ovarian.csv; the same numbers as examples/survival_fit.py):
# the four survreg distributions with age and ECOG status, compared by AIC.
# survreg prints the Weibull log-likelihood -89.9651772845478.
library(libvalue)
arg <- commandArgs(trailingOnly = FALSE)
here <- dirname(sub("^--file=", "", arg[grep("^--file=", arg)]))
ov <- read.csv(file.path(here, "..", "tests", "data", "survival", "ovarian.csv"))
for (d in c("exponential", "weibull", "lognormal", "loglogistic")) {
  m <- survival_fit(ov, "futime", "fustat", c("age", "ecog.ps"), dist = d)
  s <- survival_fit_stats(m)
  cat(sprintf("%-12s loglik %.4f  AIC %.2f\n", d, s$loglik, s$aic))
  if (d == "weibull") {
    print(survival_fit_coefficients(m), row.names = FALSE)
    q <- survival_fit_quantile(m, 0.5, list(age = 55, ecog.ps = 1))
    cat(sprintf("  median survival at 55, ECOG 1: %.0f days (SE %.0f)\n", q$estimate, q$std.error))
  }
}
