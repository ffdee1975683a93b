# Independent base-R calculation of the HIV/AIDS model (Chancellor et al.
# 1997; Briggs, Claxton & Sculpher 2006, ch. 2) from the same inputs as
# examples/models/hiv.yaml, with plain matrices.  Run: Rscript hiv.R
counts <- rbind(A = c(1251, 350, 116, 17), B = c(0, 731, 512, 15),
                C = c(0, 0, 1312, 437), D = c(0, 0, 0, 1))
P_mono <- counts / rowSums(counts)
cost_direct <- c(2756, 3052, 9007, 0)
alive <- c(1, 1, 1, 0)
n_cycles <- 20

run <- function(rr, c_lam) {
  m <- c(1, 0, 0, 0)                       # cohort at time 0, all in A
  cost <- 0; ly <- 0
  for (t in 1:n_cycles) {
    r <- rr(t)
    P <- P_mono * r                        # every move scaled by the RR ...
    diag(P) <- 0
    diag(P) <- 1 - rowSums(P)              # ... the diagonal is the complement
    m <- as.vector(m %*% P)                # occupancy at the end of cycle t
    c_t <- sum(m * (cost_direct + alive * (2278 + c_lam(t))))
    cost <- cost + c_t / 1.06^t            # exponent t: cycle 1 discounted
    ly <- ly + sum(m * alive)              # life years undiscounted
  }
  c(cost = cost, life_years = ly)
}

mono <- run(function(t) 1, function(t) 0)
comb <- run(function(t) if (t <= 2) 0.509 else 1, function(t) if (t <= 2) 2086.5 else 0)
res <- rbind(mono = mono, comb = comb)
print(signif(res, 10), digits = 10)
icer <- (comb[["cost"]] - mono[["cost"]]) / (comb[["life_years"]] - mono[["life_years"]])
cat(sprintf("ICER %.10g per life year gained\n", icer))

# Briggs et al. (2006) print costs to the pound, life years to 3 decimals
# and the ICER to the pound: check the rounded figures.
stopifnot(round(mono[["cost"]]) == 44663, round(comb[["cost"]]) == 50602,
          round(mono[["life_years"]], 3) == 7.991, round(comb[["life_years"]], 3) == 8.937,
          round(icer) == 6276)
