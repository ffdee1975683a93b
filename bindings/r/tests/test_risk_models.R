# Risk adjustment against R itself: glm for the four families, lme4::glmer
# (nAGQ = 1) for the random-intercept model, plain R for the performance
# statistics, and the published Byar limits.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
rel <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))

set.seed(20261123)
n <- 2000
d <- data.frame(age = round(rnorm(n, 70, 10)), female = rbinom(n, 1, 0.5),
                chf = rbinom(n, 1, 0.2), dual = rbinom(n, 1, 0.25),
                site = factor(sample(c("north", "south", "east"), n, TRUE)))
lp <- -9 + 0.1 * d$age + 0.3 * d$chf - 0.2 * d$female + 0.4 * d$dual + 0.2 * (d$site == "east")
d$dead <- rbinom(n, 1, plogis(lp))
d$days <- rpois(n, exp(-5 + 0.05 * d$age + 0.4 * d$chf) * (d$exposure <- runif(n, 0.5, 2)))
d$cost <- 1000 + 50 * d$age + 3000 * d$chf + rnorm(n, 0, 800)
d$skewed <- rgamma(n, shape = 2, scale = exp(6 + 0.01 * d$age + 0.5 * d$chf) / 2)
w <- runif(n, 0.5, 1.5)

# glm: coefficients and standard errors to 1e-8 relative, deviance and AIC too
check_glm <- function(formula, family, rfamily, weights = NULL, offset = NULL) {
  args <- list(formula, family = rfamily, data = d)
  if (!is.null(weights)) args$weights <- weights
  if (!is.null(offset)) args$offset <- offset
  g <- do.call(stats::glm, args)
  m <- risk_fit(formula, d, family, weights = weights, offset = offset)
  cf <- risk_coefficients(m)
  sg <- summary(g)$coefficients
  stopifnot(identical(cf$term, rownames(sg)))
  stopifnot(rel(cf$estimate, sg[, 1]) < 1e-8, rel(cf$std.error, sg[, 2]) < 1e-8, rel(cf$statistic, sg[, 3]) < 1e-7)
  st <- risk_stats(m)
  stopifnot(rel(st[["deviance"]], deviance(g)) < 1e-8, rel(st[["null_deviance"]], g$null.deviance) < 1e-8,
            rel(st[["aic"]], AIC(g)) < 1e-8, rel(vcov(m), vcov(g)) < 1e-7)
  # predictions on the fitted data (R's predict applies the fit's own offset)
  pr <- predict(m, d, offset = offset, se.fit = TRUE)
  pg <- predict(g, type = "response", se.fit = TRUE)
  pl <- predict(g, type = "link", se.fit = TRUE)
  stopifnot(rel(pr$mu, unname(pg$fit)) < 1e-8, rel(pr$se_mu, unname(pg$se.fit)) < 1e-7,
            rel(pr$eta, unname(pl$fit)) < 1e-8, rel(pr$se_eta, unname(pl$se.fit)) < 1e-7)
  m
}
lg <- check_glm(dead ~ age + female + chf + dual + site, "binomial", binomial(), weights = round(w * 2))
check_glm(days ~ age + chf, "poisson", poisson(), offset = log(d$exposure))
check_glm(cost ~ age + chf + female, "gaussian", gaussian(), weights = w)
check_glm(skewed ~ age + chf, "gamma", Gamma(link = "log"))

# a loaded model predicts what R's plogis gives
ld <- risk_load(dead ~ age + chf, d, c("(Intercept)" = -9, age = 0.1, chf = 0.3))
stopifnot(rel(predict(ld, d[1:3, ])$mu, plogis(-9 + 0.1 * d$age[1:3] + 0.3 * d$chf[1:3])) < 1e-14)

# clear errors: separation, rank deficiency, bad outcomes
sep <- data.frame(x = 1:20, y = rep(0:1, each = 10))
stopifnot(grepl("separat", err(risk_fit(y ~ x, sep))))
d$age2 <- 2 * d$age
stopifnot(grepl("age2", err(risk_fit(dead ~ age + age2, d))))
stopifnot(grepl("y", err(risk_fit(cost ~ age, d, "binomial"))))

# performance: plain R for the c-statistic, Brier, calibration and Nagelkerke
p <- predict(lg, d)$mu
y <- d$dead
perf <- risk_performance(y, p)
u <- wilcox.test(p[y == 1], p[y == 0], exact = FALSE)$statistic
stopifnot(rel(perf[["c_statistic"]], unname(u) / (sum(y) * sum(1 - y))) < 1e-12)
stopifnot(rel(perf[["brier"]], mean((p - y)^2)) < 1e-12)
stopifnot(rel(perf[["citl"]], unname(coef(glm(y ~ 1, offset = qlogis(p), family = binomial,
                                              control = glm.control(epsilon = 1e-14))))) < 1e-6)
stopifnot(rel(perf[["slope"]], unname(coef(glm(y ~ qlogis(p), family = binomial,
                                               control = glm.control(epsilon = 1e-14)))[2])) < 1e-8)
ll1 <- sum(y * log(p) + (1 - y) * log(1 - p)); ll0 <- sum(y) * log(mean(y)) + sum(1 - y) * log(1 - mean(y))
stopifnot(rel(perf[["nagelkerke"]], (1 - exp(2 * (ll0 - ll1) / n)) / (1 - exp(2 * ll0 / n))) < 1e-10)
br <- quantile(p, seq(0, 1, 0.1)); g10 <- cut(p, unique(br), include.lowest = TRUE)
o <- tapply(y, g10, sum); e <- tapply(p, g10, sum); k <- tapply(y, g10, length)
stopifnot(rel(perf[["hl_chisq"]], sum((o - e)^2 / (e * (1 - e / k)))) < 1e-10)
ct <- risk_calibration_table(y, p)
stopifnot(nrow(ct) == 10, rel(ct$observed, unname(o)) == 0, rel(ct$expected, unname(e)) < 1e-12)

# Byar's limits (PHE test data, tests/data/README.md)
stopifnot(rel(risk_oe_interval(65), c(50.163187710459454, 82.849138545939837)) < 1e-12,
          rel(risk_oe_interval(65, level = 0.998), c(42.880261471480203, 94.000290844318016)) < 1e-12,
          rel(risk_oe_interval(1045), c(982.59320180733255, 1110.3312129856499)) < 1e-12)
stopifnot(rel(risk_oe_interval(5), qchisq(c(0.025, 0.975), c(10, 12)) / 2) < 1e-10)

# the seeds' Hospital X / Hospital Y: raw 12% vs 6%, expected 15% vs 5%
hx <- data.frame(hosp = rep(c("X", "Y"), c(200, 50)), dead = c(rep(1:0, c(24, 176)), rep(1:0, c(3, 47))),
                 p = rep(c(0.15, 0.05), c(200, 50)))
oe <- risk_observed_expected(hx$dead, hx$p, hx$hosp)
stopifnot(rel(oe$oe, c(0.8, 1.2)) < 1e-12, rel(oe$rate, c(0.8, 1.2) * 27 / 250) < 1e-12, oe$rate[1] < oe$rate[2])

# the omitted-variable check: with and without dual eligibility, per site
base <- risk_fit(dead ~ age + chf + female, d)
ext <- risk_fit(dead ~ age + chf + female + dual, d)
cmp <- risk_compare(base, ext, d, d$site)
eb <- tapply(predict(base, d)$mu, d$site, sum); ee <- tapply(predict(ext, d)$mu, d$site, sum)
stopifnot(rel(cmp$expected_base, unname(eb)) < 1e-12, rel(cmp$expected_extended, unname(ee)) < 1e-12,
          rel(cmp$oe_change, unname(tapply(y, d$site, sum) / ee - tapply(y, d$site, sum) / eb)) < 1e-9)

# glmer (nAGQ = 1): fixed effects and tau to 1e-4 relative
if (requireNamespace("lme4", quietly = TRUE)) {
  set.seed(7)
  h <- data.frame(hosp = factor(sample(sprintf("h%02d", 1:40), 3000, TRUE)), age = rnorm(3000, 0, 0.8),
                  chf = rbinom(3000, 1, 0.3))  # age in decades from 75
  b <- rnorm(40, 0, 0.4)
  h$readmit <- rbinom(3000, 1, plogis(-0.75 + 0.7 * h$age + 0.5 * h$chf + b[as.integer(h$hosp)]))
  gm <- lme4::glmer(readmit ~ age + chf + (1 | hosp), data = h, family = binomial, nAGQ = 1)
  rm <- risk_fit_random_intercept(readmit ~ age + chf, h, h$hosp)
  stopifnot(rel(coef(rm), lme4::fixef(gm)) < 1e-4,
            rel(risk_stats(rm)[["tau"]], attr(lme4::VarCorr(gm)$hosp, "stddev")[[1]]) < 1e-4)
  re <- lme4::ranef(gm)$hosp
  stopifnot(max(abs(risk_provider_effects(rm)[rownames(re)] - re[, 1])) < 1e-3)
  # CMS predicted / expected from glmer's own estimates
  sr <- risk_standardized_rates(rm, h, h$hosp)
  xb <- drop(model.matrix(~ age + chf, h) %*% lme4::fixef(gm))
  pred <- tapply(plogis(xb + re[as.character(h$hosp), 1]), h$hosp, sum)
  expd <- tapply(plogis(xb), h$hosp, sum)
  stopifnot(nrow(sr) == 40, rel(sr$predicted, unname(pred)) < 1e-4, rel(sr$expected, unname(expd)) < 1e-4,
            rel(sr$rate, unname(pred / expd) * mean(h$readmit)) < 1e-4)
} else if (Sys.getenv("VALUE_STRICT") == "1") stop("lme4 is missing (r-cran-lme4)")
