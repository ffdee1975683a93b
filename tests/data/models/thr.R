# Independent base-R calculation of the total hip replacement (THR) model
# (Briggs, Claxton & Sculpher 2006, ch. 3-4; heemod's vignette "Reproducing
# Exact Results from DMHEE") from the same inputs as examples/models/thr.yaml,
# with plain matrices.  Run: Rscript thr.R
n_cycles <- 60
age_init <- 60; sex <- 0                 # a 60-year-old woman
omrPTHR <- 0.02; omrRTHR <- 0.02         # operative mortality, primary / revision
rrr <- 0.04                              # re-revision rate
# Weibull proportional-hazards regression of revision (Briggs et al. 2006, ch. 4; hesim's rr_coef)
lngamma <- 0.3740968; cons <- -5.490935; ageC <- -0.0367022
maleC <- 0.768536; lnrrNP1 <- -1.344474
lambda <- exp(cons + ageC * age_init + maleC * sex)
gam <- exp(lngamma)
u <- c(0, 0.85, 0.30, 0.75, 0)           # PrimaryTHR, SuccessP, RevisionTHR, SuccessR, Death
c_revision <- 5294
# life table: annual death probability by age band (lower bound) and sex
band <- c(35, 45, 55, 65, 75, 85)
mr_female <- c(0.00099, 0.0026, 0.0067, 0.0193, 0.0535, 0.1548)
mr_male <- c(0.00151, 0.00393, 0.0109, 0.0316, 0.0801, 0.1879)
mort <- function(age) {
  i <- findInterval(age, band)           # the band whose lower bound <= age
  if (sex == 1) mr_male[i] else mr_female[i]
}

run <- function(c_prosthesis, rr) {
  m <- c(1, 0, 0, 0, 0)                  # all start in PrimaryTHR
  cost <- 0; qaly <- 0; ly <- 0
  for (t in 1:n_cycles) {
    # counted at the start of the cycle (heemod's "beginning"), discounted
    # with exponent t - 1: cycle 1 (time 0) undiscounted
    cost <- cost + sum(m * c(c_prosthesis, 0, c_revision, 0, 0)) / 1.06^(t - 1)
    qaly <- qaly + sum(m * u) / 1.015^(t - 1)
    ly <- ly + sum(m[1:4]) / 1.015^(t - 1)  # life years, at the effects' rate
    mr <- mort(age_init + t)             # heemod: age = age_init + markov_cycle
    p_rev <- 1 - exp(lambda * rr * ((t - 1)^gam - t^gam))
    P <- matrix(0, 5, 5)
    P[1, ] <- c(0, 1 - omrPTHR, 0, 0, omrPTHR)
    P[2, ] <- c(0, 1 - p_rev - mr, p_rev, 0, mr)
    P[3, ] <- c(0, 0, 0, 1 - omrRTHR - mr, omrRTHR + mr)
    P[4, ] <- c(0, 0, rrr, 1 - rrr - mr, mr)
    P[5, ] <- c(0, 0, 0, 0, 1)
    stopifnot(all(P >= 0), abs(rowSums(P) - 1) < 1e-12)
    m <- as.vector(m %*% P)
  }
  c(cost = cost, qaly = qaly, life_years = ly)
}

standard <- run(394, 1)
np1 <- run(579, exp(lnrrNP1))
res <- rbind(standard = standard, np1 = np1)
print(signif(res, 10), digits = 10)
icer <- (np1[["cost"]] - standard[["cost"]]) / (np1[["qaly"]] - standard[["qaly"]])
cat(sprintf("ICER %.10g per QALY gained\n", icer))

# heemod's printed output (7 significant digits): standard 14.65283 QALYs,
# 512.4327 cost; np1 14.69734, 610.3112; ICER 2198.977.
stopifnot(signif(standard[["qaly"]], 7) == 14.65283, signif(standard[["cost"]], 7) == 512.4327,
          signif(np1[["qaly"]], 7) == 14.69734, signif(np1[["cost"]], 7) == 610.3112,
          signif(icer, 7) == 2198.977)

# --- PSA (only with `Rscript thr.R psa [N] [seed]`) ----------------------
# Briggs et al. (2006) exercise 4.7 / hesim's distributions, drawn with base
# R; a Monte Carlo reference for the engine's PSA (compare within Monte Carlo
# error, never digit for digit).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1 && args[1] == "psa") {
  N <- if (length(args) >= 2) as.integer(args[2]) else 10000L
  set.seed(if (length(args) >= 3) as.integer(args[3]) else 20240101L)
  mu <- c(lngamma = 0.3740968, cons = -5.490935, ageC = -0.0367022, maleC = 0.768536, lnrrNP1 = -1.344474)
  se <- c(0.0474501, 0.207892, 0.0052112, 0.109066, 0.3825815)
  V <- matrix(c(se[1]^2, -0.005691, 0.000000028, 0.0000051, 0.000259,
                -0.005691, se[2]^2, -0.000783, -0.007247, -0.000642,
                0.000000028, -0.000783, se[3]^2, 0.000033, -0.000111,
                0.0000051, -0.007247, 0.000033, se[4]^2, 0.000184,
                0.000259, -0.000642, -0.000111, 0.000184, se[5]^2), 5, 5, byrow = TRUE)
  R <- chol(V)                               # fails unless V is positive definite
  beta_mom <- function(n, m, s) { k <- m * (1 - m) / s^2 - 1; rbeta(n, m * k, (1 - m) * k) }
  gamma_mom <- function(n, m, s) rgamma(n, shape = (m / s)^2, scale = s^2 / m)
  z <- matrix(rnorm(N * 5), N, 5) %*% R + matrix(mu, N, 5, byrow = TRUE)
  d <- data.frame(z, omrPTHR = rbeta(N, 2, 98), omrRTHR = rbeta(N, 2, 98), rrr = rbeta(N, 4, 96),
                  uP = beta_mom(N, 0.85, 0.03), uRev = beta_mom(N, 0.30, 0.03), uR = beta_mom(N, 0.75, 0.04),
                  cRev = gamma_mom(N, 5294, 1487))
  names(d)[1:5] <- names(mu)
  out <- matrix(0, N, 4, dimnames = list(NULL, c("cost_standard", "qaly_standard", "cost_np1", "qaly_np1")))
  for (k in 1:N) {
    p <- d[k, ]
    lambda <- exp(p$cons + p$ageC * age_init + p$maleC * sex); gam <- exp(p$lngamma)
    omrPTHR <- p$omrPTHR; omrRTHR <- p$omrRTHR; rrr <- p$rrr
    u <- c(0, p$uP, p$uRev, p$uR, 0); c_revision <- p$cRev
    out[k, ] <- c(run(394, 1)[1:2], run(579, exp(p$lnrrNP1))[1:2])
  }
  m <- colMeans(out); s <- apply(out, 2, sd) / sqrt(N)
  cat(sprintf("PSA, %d draws: mean (Monte Carlo SE)\n", N))
  for (j in 1:4) cat(sprintf("  %-14s %.6f (%.6f)\n", colnames(out)[j], m[j], s[j]))
  dc <- out[, 3] - out[, 1]; de <- out[, 4] - out[, 2]
  cat(sprintf("  incremental cost %.6f (%.6f), incremental QALYs %.6f (%.6f)\n",
              mean(dc), sd(dc) / sqrt(N), mean(de), sd(de) / sqrt(N)))
  inmb <- function(wtp) wtp * (out[, 4] - out[, 2]) - (out[, 3] - out[, 1])
  for (wtp in c(0, 1000, 2000, 2500, 5000, 10000, 20000))
    cat(sprintf("  P(np1 cost-effective | %5d per QALY) = %.4f\n", wtp, mean(inmb(wtp) > 0)))
}
