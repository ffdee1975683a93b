# Independent base-R calculation of DARTH's time-dependent Sick-Sicker model
# (Alarid-Escudero et al., Med Decis Making 2023;43(1):21-41) from the same
# inputs as examples/models/sick_sicker_td.yaml, with plain matrices: the
# printed simulation-time-dependent model (age-dependent background
# mortality, transition rewards) and its state-residence variant (Weibull
# progression by time in S1, tunnel states).  Run from anywhere:
#   Rscript tests/data/models/sick_sicker_td.R
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE)[1]))
lt <- read.csv(file.path(here, "LifeTable_USA_Mx_2015.csv"))  # DARTH's data/, byte for byte
n_age_init <- 25; n_cycles <- 75
mu <- lt$Total[lt$Age >= 25 & lt$Age < 100]   # mortality rates, ages 25..99
stopifnot(length(mu) == n_cycles)
r_HS1 <- 0.15; r_S1H <- 0.5; r_S1S2 <- 0.105; hr_S1 <- 3; hr_S2 <- 10; hr_S1S2_trtB <- 0.6
scale <- 0.08; shape <- 1.1                     # Weibull, progression by time in S1
c_H <- 2000; c_S1 <- 4000; c_S2 <- 15000; c_trtA <- 12000; c_trtB <- 13000
u_H <- 1; u_S1 <- 0.75; u_S2 <- 0.5; u_trtA <- 0.95
du_HS1 <- 0.01; ic_HS1 <- 1000; ic_D <- 2000    # transition rewards
d <- 0.03
p <- function(r) 1 - exp(-r)

# States: H, S1 tunnels 1..K (K = 1 without state-residence dependence), S2, D.
# Cycle t = 1..75 uses the rate of age 25 + t - 1 (DARTH's v_r_HDage[t]).
run <- function(hr_prog, c_trt, u_S1_trt, tunnels) {
  K <- if (tunnels) n_cycles else 1
  n <- K + 3; iH <- 1; iS1 <- 1 + (1:K); iS2 <- K + 2; iD <- K + 3
  # progression from S1 tunnel i (time in S1 = i): Weibull cumulative-hazard
  # difference, or the constant rate
  r_prog <- if (tunnels) ((1:K) * scale)^shape - ((0:(K - 1)) * scale)^shape else r_S1S2
  m <- c(1, rep(0, n - 1))
  vc <- c(c_H, rep(c_S1 + c_trt, K), c_S2 + c_trt, 0)
  vu <- c(u_H, rep(u_S1_trt, K), u_S2, 0)
  y_c <- y_u <- y_l <- numeric(n_cycles + 1)
  y_c[1] <- sum(m * vc); y_u[1] <- sum(m * vu)  # time point 0: state rewards only
  for (t in 1:n_cycles) {
    pHD <- p(mu[t]); pS1D <- p(mu[t] * hr_S1); pS2D <- p(mu[t] * hr_S2)
    pS1S2 <- p(r_prog * hr_prog)
    P <- matrix(0, n, n)
    P[iH, c(iH, iS1[1], iD)] <- c((1 - pHD) * (1 - p(r_HS1)), (1 - pHD) * p(r_HS1), pHD)
    for (i in 1:K) {
      nxt <- iS1[min(i + 1, K)]                 # the last tunnel keeps the rest
      P[iS1[i], iH] <- (1 - pS1D) * p(r_S1H)
      P[iS1[i], iS2] <- (1 - pS1D) * pS1S2[i]
      P[iS1[i], iD] <- pS1D
      P[iS1[i], nxt] <- P[iS1[i], nxt] + (1 - pS1D) * (1 - (p(r_S1H) + pS1S2[i]))
    }
    P[iS2, c(iS2, iD)] <- c(1 - pS2D, pS2D); P[iD, iD] <- 1
    stopifnot(all(P >= 0), abs(rowSums(P) - 1) < 1e-12)
    A <- m * P                                  # diag(m_{t-1}) P_t: who moves where in cycle t
    m <- colSums(A)
    # rewards at time point t: state rewards of the destination, plus
    # transition rewards (H -> S1: -du_HS1 and +ic_HS1; any alive -> D: +ic_D)
    y_c[t + 1] <- sum(m * vc) + A[iH, iS1[1]] * ic_HS1 + sum(A[-iD, iD]) * ic_D
    y_u[t + 1] <- sum(m * vu) - A[iH, iS1[1]] * du_HS1
    y_l[t + 1] <- sum(m[-iD])                    # alive at the end of the cycle
  }
  k <- 0:n_cycles
  w <- ifelse(k %% 2 == 1, 2/3, 4/3); w[c(1, n_cycles + 1)] <- 1/3  # DARTH's gen_wcc("Simpson1/3")
  D <- 1 / (1 + d)^k
  c(cost = sum(y_c * w * D), qaly = sum(y_u * w * D),
    cost_end = sum((y_c * D)[-1]), qaly_end = sum((y_u * D)[-1]), ly_end = sum((y_l * D)[-1]))
}
strat <- function(tunnels) rbind(
  SoC = run(1, 0, u_S1, tunnels), A = run(1, c_trtA, u_trtA, tunnels),
  B = run(hr_S1S2_trtB, c_trtB, u_S1, tunnels), AB = run(hr_S1S2_trtB, c_trtA + c_trtB, u_trtA, tunnels))
icers <- function(r) c(B_vs_SoC = (r["B", "cost"] - r["SoC", "cost"]) / (r["B", "qaly"] - r["SoC", "qaly"]),
                       AB_vs_B = (r["AB", "cost"] - r["B", "cost"]) / (r["AB", "qaly"] - r["B", "qaly"]))
sim <- strat(FALSE); res <- strat(TRUE)
cat("simulation-time dependent (the paper's table):\n"); print(signif(sim, 10), digits = 10)
print(signif(icers(sim), 10), digits = 10)
cat("state-residence dependent (tunnels in S1):\n"); print(signif(res, 10), digits = 10)
print(signif(icers(res), 10), digits = 10)

# The paper's Table (costs to the dollar, QALYs 3 decimals, ICERs to the dollar):
# SoC 116,374 18.879; B 202,536 20.199 (+86,162, +1.320, ICER 65,288);
# AB 296,300 21.097 (+93,764, +0.898, ICER 104,461); A 218,789 19.636, dominated.
stopifnot(all(round(sim[, "cost"]) == c(116374, 218789, 202536, 296300)),
          all(round(sim[, "qaly"], 3) == c(18.879, 19.636, 20.199, 21.097)),
          round(sim["B", "cost"] - sim["SoC", "cost"]) == 86162,
          round(sim["B", "qaly"] - sim["SoC", "qaly"], 3) == 1.320,
          round(sim["AB", "cost"] - sim["B", "cost"]) == 93764,
          round(sim["AB", "qaly"] - sim["B", "qaly"], 3) == 0.898,
          all(round(icers(sim)) == c(65288, 104461)),
          sim["A", "cost"] > sim["B", "cost"], sim["A", "qaly"] < sim["B", "qaly"])

# --- PSA (only with `Rscript sick_sicker_td.R psa`) ------------------------
# DARTH's PSA of the simulation-time-dependent model: generate_psa_params(
# n_sim = 1000, seed = 071818) of R/Functions_cSTM_time_dep_simulation.R,
# the same draws in the same order with base R's generators.  The paper
# shows it only as figures; a Monte Carlo reference for the engine's PSA.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1 && args[1] == "psa") {
  n_sim <- 1000L
  set.seed(071818)
  psa <- data.frame(
    r_HS1 = rgamma(n_sim, shape = 30, rate = 170 + 30), r_S1H = rgamma(n_sim, shape = 60, rate = 60 + 60),
    r_S1S2 = rgamma(n_sim, shape = 84, rate = 716 + 84),
    hr_S1 = rlnorm(n_sim, meanlog = log(3), sdlog = 0.01), hr_S2 = rlnorm(n_sim, meanlog = log(10), sdlog = 0.02),
    hr_S1S2_trtB = rlnorm(n_sim, meanlog = log(0.6), sdlog = 0.02),
    c_H = rgamma(n_sim, shape = 100, scale = 20), c_S1 = rgamma(n_sim, shape = 177.8, scale = 22.5),
    c_S2 = rgamma(n_sim, shape = 225, scale = 66.7), c_trtA = rgamma(n_sim, shape = 73.5, scale = 163.3),
    c_trtB = rgamma(n_sim, shape = 86.2, scale = 150.8), c_D = 0,
    u_H = rbeta(n_sim, shape1 = 200, shape2 = 3), u_S1 = rbeta(n_sim, shape1 = 130, shape2 = 45),
    u_S2 = rbeta(n_sim, shape1 = 230, shape2 = 230), u_D = 0, u_trtA = rbeta(n_sim, shape1 = 300, shape2 = 15),
    du_HS1 = rbeta(n_sim, shape1 = 11, shape2 = 1088), ic_HS1 = rgamma(n_sim, shape = 25, scale = 40),
    ic_D = rgamma(n_sim, shape = 100, scale = 20))
  C <- E <- matrix(0, n_sim, 4, dimnames = list(NULL, c("SoC", "A", "B", "AB")))
  for (i in 1:n_sim) {
    for (v in names(psa)) assign(v, psa[i, v], envir = globalenv())
    o <- strat(FALSE); C[i, ] <- o[, "cost"]; E[i, ] <- o[, "qaly"]
  }
  cat(sprintf("PSA, %d draws (DARTH's seed 071818): mean (Monte Carlo SE)\n", n_sim))
  for (j in 1:4) cat(sprintf("  %-3s cost %.4f (%.4f)  QALYs %.6f (%.6f)\n", colnames(C)[j],
                             mean(C[, j]), sd(C[, j]) / sqrt(n_sim), mean(E[, j]), sd(E[, j]) / sqrt(n_sim)))
  for (wtp in c(50000, 70000, 100000, 120000, 150000)) {
    nmb <- wtp * E - C
    best <- table(factor(colnames(C)[max.col(nmb, ties.method = "first")], levels = colnames(C))) / n_sim
    cat(sprintf("  WTP %6d: P(optimal) %s; highest mean NMB %s; EVPI %.4f\n", wtp,
                paste(sprintf("%s %.3f", names(best), best), collapse = ", "),
                colnames(C)[which.max(colMeans(nmb))], mean(apply(nmb, 1, max)) - max(colMeans(nmb))))
  }
  # the paper: "At a WTP threshold of $100,000 per QALY, the EVPI is highest at $7,836"
  nmb <- 1e5 * E - C
  stopifnot(round(mean(apply(nmb, 1, max)) - max(colMeans(nmb))) == 7836)
}
