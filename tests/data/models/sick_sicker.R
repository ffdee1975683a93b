# Independent base-R calculation of DARTH's time-independent Sick-Sicker
# model (Alarid-Escudero et al., Med Decis Making 2023;43(1):3-20) from the
# same inputs as examples/models/sick_sicker.yaml, with plain matrices.
# Run: Rscript sick_sicker.R
n_cycles <- 75                           # ages 25 to 100, annual cycles
r_HD <- 0.002; r_HS1 <- 0.15; r_S1H <- 0.5; r_S1S2 <- 0.105
hr_S1 <- 3; hr_S2 <- 10; hr_S1S2_trtB <- 0.6
c_H <- 2000; c_S1 <- 4000; c_S2 <- 15000; c_trtA <- 12000; c_trtB <- 13000
u_H <- 1; u_S1 <- 0.75; u_S2 <- 0.5; u_trtA <- 0.95
d <- 0.03                                # costs and QALYs
p <- function(r) 1 - exp(-r)             # rate to probability, one year

P_of <- function(hr_prog) {
  p_HD <- p(r_HD); p_S1D <- p(r_HD * hr_S1); p_S2D <- p(r_HD * hr_S2)
  p_HS1 <- p(r_HS1); p_S1H <- p(r_S1H); p_S1S2 <- p(r_S1S2 * hr_prog)
  # moves between alive states are conditional on surviving the cycle
  rbind(H = c((1 - p_HD) * (1 - p_HS1), (1 - p_HD) * p_HS1, 0, p_HD),
        S1 = c((1 - p_S1D) * p_S1H, (1 - p_S1D) * (1 - (p_S1H + p_S1S2)), (1 - p_S1D) * p_S1S2, p_S1D),
        S2 = c(0, 0, 1 - p_S2D, p_S2D),
        D = c(0, 0, 0, 1))
}
trace <- function(P) {
  M <- matrix(0, n_cycles + 1, 4); M[1, ] <- c(1, 0, 0, 0)
  for (t in 1:n_cycles) M[t + 1, ] <- M[t, ] %*% P
  M                                      # rows: times 0..n_cycles
}

# Weights over time points k = 0..T.  DARTH's published vector: 1/3 at k = 0
# and k = T, 2/3 at odd k, 4/3 at even k (their gen_wcc / manuscript code:
# is_even(1:(T+1)) * 2/3 + is_odd(1:(T+1)) * 4/3, indexed from k = 0 at 1).
# Note Simpson's 1/3 rule proper (Elbasha & Chhatwal 2016) has 4/3 at odd k
# and needs T even; T = 75 is odd.
k <- 0:n_cycles
w_darth <- ifelse(k %% 2 == 1, 2/3, 4/3); w_darth[c(1, n_cycles + 1)] <- 1/3
w_trap <- rep(1, n_cycles + 1); w_trap[c(1, n_cycles + 1)] <- 1/2
D <- 1 / (1 + d)^k

strategies <- list(
  SoC = list(hr = 1, c = c(c_H, c_S1, c_S2, 0), u = c(u_H, u_S1, u_S2, 0)),
  A = list(hr = 1, c = c(c_H, c_S1 + c_trtA, c_S2 + c_trtA, 0), u = c(u_H, u_trtA, u_S2, 0)),
  B = list(hr = hr_S1S2_trtB, c = c(c_H, c_S1 + c_trtB, c_S2 + c_trtB, 0), u = c(u_H, u_S1, u_S2, 0)),
  AB = list(hr = hr_S1S2_trtB, c = c(c_H, c_S1 + c_trtA + c_trtB, c_S2 + c_trtA + c_trtB, 0),
            u = c(u_H, u_trtA, u_S2, 0)))
alive <- c(1, 1, 1, 0)
outcomes <- function(s) {
  M <- trace(P_of(s$hr))
  y_c <- as.vector(M %*% s$c); y_u <- as.vector(M %*% s$u); y_l <- as.vector(M %*% alive)
  at <- function(y, w) sum(y * w * D)
  st <- function(y) sum(y[1:n_cycles] * D[1:n_cycles])   # start: m_{t-1}, exponent t-1
  en <- function(y) sum(y[2:(n_cycles + 1)] * D[2:(n_cycles + 1)])  # end: m_t, exponent t
  c(cost = at(y_c, w_darth), qaly = at(y_u, w_darth), life_years = at(y_l, w_darth),
    cost_trap = at(y_c, w_trap), qaly_trap = at(y_u, w_trap),
    cost_end = en(y_c), qaly_end = en(y_u), ly_end = en(y_l), cost_start = st(y_c), qaly_start = st(y_u))
}
res <- t(sapply(strategies, outcomes))
print(signif(res[, 1:3], 10), digits = 10)
cat("other conventions (engine methods; T = 75, so no simpson):\n")
print(signif(res[, -(1:3)], 10), digits = 10)

# ICERs along the frontier SoC -> B -> AB (A is dominated by B: it costs more
# and gives fewer QALYs), as dampack::calculate_icers() finds.
icer <- function(a, b) (res[b, "cost"] - res[a, "cost"]) / (res[b, "qaly"] - res[a, "qaly"])
cat(sprintf("ICER B vs SoC %.10g, AB vs B %.10g\n", icer("SoC", "B"), icer("B", "AB")))
stopifnot(res["A", "cost"] > res["B", "cost"], res["A", "qaly"] < res["B", "qaly"])

# The paper's Table (costs to the dollar, QALYs to 3 decimals, ICERs to the dollar):
# SoC 151,580 20.711; A 284,805 21.499; B 259,100 22.184; AB 378,875 23.137;
# B vs SoC 107,521 and 1.473, ICER 72,988; AB vs B 119,775 and 0.952, ICER 125,764.
stopifnot(all(round(res[, "cost"]) == c(151580, 284805, 259100, 378875)),
          all(round(res[, "qaly"], 3) == c(20.711, 21.499, 22.184, 23.137)),
          round(res["B", "cost"] - res["SoC", "cost"]) == 107521,
          round(res["B", "qaly"] - res["SoC", "qaly"], 3) == 1.473,
          round(res["AB", "cost"] - res["B", "cost"]) == 119775,
          round(res["AB", "qaly"] - res["B", "qaly"], 3) == 0.952,
          round(icer("SoC", "B")) == 72988, round(icer("B", "AB")) == 125764)
# The trace table (cycles 0-5, 3 decimals), SoC: cycle 1 H 0.859 S1 0.139 D 0.002;
# cycle 5 H 0.707 S1 0.206 S2 0.072 D 0.015.
M <- trace(P_of(1))
stopifnot(all(round(M[2, ], 3) == c(0.859, 0.139, 0, 0.002)),
          all(round(M[6, ], 3) == c(0.707, 0.206, 0.072, 0.015)))

# --- PSA (only with `Rscript sick_sicker.R psa`) ---------------------------
# DARTH's own PSA: generate_psa_params(n_sim = 1000, seed = 071818) of
# R/Functions_cSTM_time_indep.R, the same draws in the same order with base
# R's generators, so this reproduces the PSA behind the paper's figures (the
# paper prints no PSA numbers, only that SoC is optimal below $80,000/QALY,
# B between $80,000 and $120,000, AB above).  A Monte Carlo reference for
# the engine's PSA: compare within Monte Carlo error.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1 && args[1] == "psa") {
  n_sim <- if (length(args) >= 2) as.integer(args[2]) else 1000L
  set.seed(071818)
  psa <- data.frame(
    r_HD = rgamma(n_sim, shape = 20, rate = 10000), r_HS1 = rgamma(n_sim, shape = 30, rate = 170 + 30),
    r_S1H = rgamma(n_sim, shape = 60, rate = 60 + 60), r_S1S2 = rgamma(n_sim, shape = 84, rate = 716 + 84),
    hr_S1 = rlnorm(n_sim, meanlog = log(3), sdlog = 0.01), hr_S2 = rlnorm(n_sim, meanlog = log(10), sdlog = 0.02),
    hr_S1S2_trtB = rlnorm(n_sim, meanlog = log(0.6), sdlog = 0.02),
    c_H = rgamma(n_sim, shape = 100, scale = 20), c_S1 = rgamma(n_sim, shape = 177.8, scale = 22.5),
    c_S2 = rgamma(n_sim, shape = 225, scale = 66.7), c_D = 0,
    c_trtA = rgamma(n_sim, shape = 73.5, scale = 163.3), c_trtB = rgamma(n_sim, shape = 86.2, scale = 150.8),
    u_H = rbeta(n_sim, shape1 = 200, shape2 = 3), u_S1 = rbeta(n_sim, shape1 = 130, shape2 = 45),
    u_S2 = rbeta(n_sim, shape1 = 230, shape2 = 230), u_D = 0, u_trtA = rbeta(n_sim, shape1 = 300, shape2 = 15))
  C <- E <- matrix(0, n_sim, 4, dimnames = list(NULL, names(strategies)))
  for (i in 1:n_sim) {
    for (v in names(psa)) assign(v, psa[i, v])
    st <- list(
      SoC = list(hr = 1, c = c(c_H, c_S1, c_S2, 0), u = c(u_H, u_S1, u_S2, 0)),
      A = list(hr = 1, c = c(c_H, c_S1 + c_trtA, c_S2 + c_trtA, 0), u = c(u_H, u_trtA, u_S2, 0)),
      B = list(hr = hr_S1S2_trtB, c = c(c_H, c_S1 + c_trtB, c_S2 + c_trtB, 0), u = c(u_H, u_S1, u_S2, 0)),
      AB = list(hr = hr_S1S2_trtB, c = c(c_H, c_S1 + c_trtA + c_trtB, c_S2 + c_trtA + c_trtB, 0),
                u = c(u_H, u_trtA, u_S2, 0)))
    o <- sapply(st, outcomes)
    C[i, ] <- o["cost", ]; E[i, ] <- o["qaly", ]
  }
  cat(sprintf("PSA, %d draws (DARTH's seed 071818): mean (Monte Carlo SE)\n", n_sim))
  for (j in 1:4) cat(sprintf("  %-3s cost %.4f (%.4f)  QALYs %.6f (%.6f)\n", colnames(C)[j],
                             mean(C[, j]), sd(C[, j]) / sqrt(n_sim), mean(E[, j]), sd(E[, j]) / sqrt(n_sim)))
  for (wtp in c(50000, 80000, 100000, 120000, 150000)) {
    nmb <- wtp * E - C
    best <- table(factor(colnames(C)[max.col(nmb, ties.method = "first")], levels = colnames(C))) / n_sim
    cat(sprintf("  WTP %6d: P(optimal) %s; highest mean NMB %s; EVPI %.4f\n", wtp,
                paste(sprintf("%s %.3f", names(best), best), collapse = ", "),
                colnames(C)[which.max(colMeans(nmb))], mean(apply(nmb, 1, max)) - max(colMeans(nmb))))
  }
}
