# Parametric survival fits against survival::survreg, run live on the
# package's own data (ovarian, lung without the row whose ph.ecog is NA,
# veteran): coefficients, log(scale), standard errors and log-likelihood to
# 1e-6 relative; quantiles and their standard errors against
# predict(type = "quantile", se.fit = TRUE).
library(libvalue)
library(survival)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
rel <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))

lung2 <- lung[!is.na(lung$ph.ecog), ]
lung2$status <- lung2$status - 1
sets <- list(
  list(data = ovarian, time = "futime", event = "fustat", cov = c("age", "ecog.ps")),
  list(data = lung2, time = "time", event = "status", cov = c("age", "sex", "ph.ecog")),
  list(data = veteran, time = "time", event = "status", cov = c("karno", "age")))
for (s in sets) for (d in c("exponential", "weibull", "lognormal", "loglogistic")) {
  f <- survreg(as.formula(paste("Surv(", s$time, ",", s$event, ") ~", paste(s$cov, collapse = "+"))),
               data = s$data, dist = d)
  m <- survival_fit(s$data, s$time, s$event, s$cov, dist = d)
  cf <- survival_fit_coefficients(m)
  want <- c(coef(f), if (d != "exponential") log(f$scale))
  stopifnot(rel(cf$estimate, unname(want)) < 1e-6, rel(cf$std.error, unname(sqrt(diag(vcov(f))))) < 1e-6)
  stopifnot(identical(cf$term, c(names(coef(f)), if (d != "exponential") "Log(scale)")))
  st <- survival_fit_stats(m)
  stopifnot(rel(st$loglik, f$loglik[2]) < 1e-6, rel(st$aic, AIC(f)) < 1e-6, rel(st$bic, BIC(f)) < 1e-6)
  stopifnot(rel(survival_fit_vcov(m), unname(vcov(f))) < 1e-5)
  nd <- as.list(colMeans(s$data[, s$cov]))
  q <- survival_fit_quantile(m, c(0.25, 0.5, 0.75), nd)
  pq <- predict(f, as.data.frame(nd), type = "quantile", p = c(0.25, 0.5, 0.75), se.fit = TRUE)
  stopifnot(rel(q$estimate, as.numeric(pq$fit)) < 1e-6, rel(q$std.error, as.numeric(pq$se.fit)) < 1e-6)
}

# Weibull survival against pweibull with survreg's estimates, and the
# restricted mean against integrate()
f <- survreg(Surv(time, status) ~ age + sex, data = lung2, dist = "weibull")
m <- survival_fit(lung2, "time", "status", c("age", "sex"))
eta <- sum(coef(f) * c(1, 65, 1))
S <- survival_fit_predict(m, c(100, 400), list(age = 65, sex = 1))
stopifnot(rel(S$estimate, pweibull(c(100, 400), 1 / f$scale, exp(eta), lower.tail = FALSE)) < 1e-6)
r <- survival_fit_rmst(m, 500, list(age = 65, sex = 1))
ri <- integrate(function(t) pweibull(t, 1 / f$scale, exp(eta), lower.tail = FALSE), 0, 500, rel.tol = 1e-12)$value
stopifnot(rel(r$estimate, ri) < 1e-6)
ph <- survival_fit_weibull_ph(m)
stopifnot(rel(ph$estimate, c(1 / f$scale, -coef(f) / f$scale)) < 1e-6)

# Gompertz (flexsurv's parameterisation): the same likelihood maximised by
# optim (BFGS, analytic gradient), SEs from optimHess with small steps;
# 1e-6 relative (optim's own convergence is about 1e-8)
nll <- function(th, X, t, d) { k <- length(th); a <- th[k]; lb <- drop(X %*% th[-k])
  -sum(d * (lb + a * t) - exp(lb) * expm1(a * t) / a) }
gr <- function(th, X, t, d) { k <- length(th); a <- th[k]; lb <- drop(X %*% th[-k]); b <- exp(lb)
  G <- expm1(a * t) / a; Ga <- (t * exp(a * t) - G) / a
  -c(drop(t(X) %*% (d - b * G)), sum(d * t - b * Ga)) }
X <- cbind(1, lung2$age, lung2$sex)
st <- c(log(sum(lung2$status) / sum(lung2$time)), 0, 0, 1e-4)
o <- optim(st, nll, gr, X = X, t = lung2$time, d = lung2$status, method = "BFGS",
           control = list(reltol = 1e-16, maxit = 5000))
o <- optim(o$par, nll, gr, X = X, t = lung2$time, d = lung2$status, method = "BFGS",
           control = list(reltol = 1e-16, maxit = 5000, parscale = abs(o$par) + 1e-3))
H <- optimHess(o$par, nll, gr, X = X, t = lung2$time, d = lung2$status, control = list(ndeps = abs(o$par) * 1e-5))
g <- survival_fit(lung2, "time", "status", c("age", "sex"), dist = "gompertz")
cf <- survival_fit_coefficients(g)
stopifnot(identical(cf$term, c("(Intercept)", "age", "sex", "shape")))
stopifnot(rel(cf$estimate, o$par) < 1e-6, rel(cf$std.error, sqrt(diag(solve(H)))) < 1e-6,
          rel(survival_fit_stats(g)$loglik, -o$value) < 1e-10)

# bad input, with indices counted from 1
bad <- data.frame(t = c(1, 0, 3), e = c(1, 1, 1))
stopifnot(grepl("time[2] is 0", err(survival_fit(bad, "t", "e", dist = "exponential")), fixed = TRUE))
stopifnot(grepl("did you mean 't'", err(survival_fit(bad, "tt", "e")), fixed = TRUE))
few <- data.frame(t = c(1, 2, 3, 4), e = c(1, 0, 0, 1), x = c(0, 1, 0, 1))
stopifnot(grepl("too few events: 2 events for 3 parameters", err(survival_fit(few, "t", "e", "x")), fixed = TRUE))
cat("survival fits: OK\n")
