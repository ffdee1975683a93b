# The HIV/AIDS Markov model (Chancellor et al. 1997; Briggs et al. 2006) from R.
library(libvalue)
mono <- rbind(c(1251, 350, 116, 17) / 1734, c(0, 731, 512, 15) / 1258, c(0, 0, 1312, 437) / 1749, c(0, 0, 0, 1))
arm <- function(rr, lamivudine) {
  p <- array(0, c(4, 4, 20)); cost <- matrix(0, 20, 4)
  for (t in 1:20) {
    r <- if (t <= 2) rr else 1
    m <- mono * r; diag(m) <- 0; diag(m) <- 1 - rowSums(m); p[, , t] <- m
    cost[t, ] <- c(c(2756, 3052, 9007) + 2278 + if (t <= 2) lamivudine else 0, 0)
  }
  model <- markov_model(4, cycles = 20, discount_costs = 0.06, correction = "end")
  markov_set_initial(model, c(1, 0, 0, 0))
  markov_set_transitions(model, p)
  markov_set_rewards(model, cost, matrix(0, 20, 4), matrix(rep(c(1, 1, 1, 0), 20), 20, byrow = TRUE))
  markov_run(model)
}
a <- arm(1, 0); b <- arm(0.509, 2086.5)
print(rbind(monotherapy = a, combination = b))
cat(sprintf("ICER %.2f per life year gained\n", (b[["cost"]] - a[["cost"]]) / (b[["life_years"]] - a[["life_years"]])))
