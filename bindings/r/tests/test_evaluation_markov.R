# Markov models, probability helpers, sampling and one-way sensitivity
# through R: the HIV/AIDS reference model (Chancellor et al. 1997, Briggs et
# al. 2006) to its printed digits, R's own cohort loop as a second
# implementation, and R functions as callbacks.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)

mono <- matrix(c(1251, 350, 116, 17) / 1734, 1)
mono <- rbind(mono, c(0, 731, 512, 15) / 1258, c(0, 0, 1312, 437) / 1749, c(0, 0, 0, 1))
combo_p <- function(t) {
  rr <- if (t <= 2) 0.509 else 1
  p <- mono * rr; diag(p) <- 0; diag(p) <- 1 - rowSums(p); p
}
cost <- c(2756, 3052, 9007, 0) + c(2278, 2278, 2278, 0)
alive <- matrix(rep(c(1, 1, 1, 0), 20), 20, byrow = TRUE)
hiv <- function(p, costs) {
  m <- markov_model(4, cycles = 20, discount_costs = 0.06, correction = "end")
  markov_set_initial(m, c(1, 0, 0, 0))
  markov_set_transitions(m, p)
  markov_set_rewards(m, costs, matrix(0, 20, 4), alive)
  markov_run(m)
}
a <- hiv(mono, matrix(rep(cost, 20), 20, byrow = TRUE))
lam <- matrix(rep(cost, 20), 20, byrow = TRUE); lam[1:2, 1:3] <- lam[1:2, 1:3] + 2086.5
arr <- array(0, c(4, 4, 20)); for (t in 1:20) arr[, , t] <- combo_p(t)
b <- hiv(arr, lam)
stopifnot(abs(a[["cost"]] - 44663.4535637) < 5e-8, abs(a[["life_years"]] - 7.9912066) < 5e-8)
stopifnot(abs(b[["cost"]] - 50601.6513312) < 5e-8, abs(b[["life_years"]] - 8.9373889) < 5e-8)
stopifnot(abs((b[["cost"]] - a[["cost"]]) / (b[["life_years"]] - a[["life_years"]]) - 6275.95560) < 5e-6)

# No alive= given: the C default (Death, absorbing in every cycle, counts no
# life years) gives the published life years, as the weights given above do;
# weights given win (all 1: 20 END cycles of 1 year, the whole horizon).
hiv_default <- function(p, costs, alive = NULL) {
  m <- markov_model(4, cycles = 20, discount_costs = 0.06, correction = "end")
  markov_set_initial(m, c(1, 0, 0, 0))
  markov_set_transitions(m, p)
  markov_set_rewards(m, costs, matrix(0, 20, 4), alive)
  markov_run(m)
}
a0 <- hiv_default(mono, matrix(rep(cost, 20), 20, byrow = TRUE))
b0 <- hiv_default(arr, lam)
stopifnot(abs(a0[["life_years"]] - 7.9912066) < 5e-8, abs(b0[["life_years"]] - 8.9373889) < 5e-8,
          abs(a0[["cost"]] - 44663.4535637) < 5e-8, identical(a0, a), identical(b0, b))
all_alive <- hiv_default(mono, matrix(rep(cost, 20), 20, byrow = TRUE), matrix(1, 20, 4))
stopifnot(abs(all_alive[["life_years"]] - 20) < 1e-12)
# ... and without rewards at all
m0 <- markov_model(4, cycles = 20, correction = "end")
markov_set_transitions(m0, mono)
stopifnot(abs(markov_run(m0)[["life_years"]] - 7.9912066) < 5e-8)

# A model without transitions does not run; Simpson's rule with odd T says why
stopifnot(grepl("value_markov_set_transitions was never called", err(markov_run(markov_model(3, cycles = 2)))))
ms <- markov_model(2, cycles = 3, correction = "simpson")
markov_set_transitions(ms, diag(2))
stopifnot(grepl("VALUE_MARKOV_CYCLES is 3: Simpson's 1/3 rule integrates over pairs of cycles", err(markov_run(ms))))

# Transition timing, by hand: death probability 0.1 from state 1, 2 annual
# cycles, a cost of 1000 on dying, costs at 5%; deaths .1 in cycle 1 and
# .09 in cycle 2.  end: 1000 (.1/1.05 + .09/1.05^2) = 176.870748;
# start: 1000 (.1 + .09/1.05) = 185.714286; mid: 1000 (.1/1.05^.5 +
# .09/1.05^1.5) = 181.238585.
timing_cost <- function(timing) {
  m <- markov_model(2, cycles = 2, discount_costs = 0.05, correction = "end", transition_timing = timing)
  markov_set_transitions(m, rbind(c(0.9, 0.1), c(0, 1)))
  markov_add_transition_reward(m, 1, 2, cost = 1000)
  markov_run(m)[["cost"]]
}
stopifnot(abs(timing_cost("end") - 176.870748) < 5e-7, abs(timing_cost("start") - 185.714286) < 5e-7,
          abs(timing_cost("mid") - 181.238585) < 5e-7)
stopifnot(grepl("should be one of", err(markov_model(2, transition_timing = "noon"))))

# R's own cohort loop, life-table, 3.5%, with a cost of dying
p <- rbind(c(0.85, 0.10, 0.05), c(0, 0.80, 0.20), c(0, 0, 1))
m <- markov_model(3, cycles = 12, discount_costs = 0.035, discount_effects = 0.035)
markov_set_transitions(m, p)
markov_set_rewards(m, c(500, 2500, 0), c(0.9, 0.6, 0), c(1, 1, 0))
markov_add_transition_reward(m, 2, 3, cost = 8000)
occ <- c(1, 0, 0); ct <- 0; qt <- 0
for (t in 1:12) {
  new <- as.vector(occ %*% p); d <- 1.035^-t
  ct <- ct + d * (sum((occ + new) / 2 * c(500, 2500, 0)) + occ[2] * p[2, 3] * 8000)
  qt <- qt + d * sum((occ + new) / 2 * c(0.9, 0.6, 0))
  occ <- new
}
r <- markov_run(m)
stopifnot(isTRUE(all.equal(r[["cost"]], ct, tolerance = 1e-12)), isTRUE(all.equal(r[["qalys"]], qt, tolerance = 1e-12)))
stopifnot(nrow(markov_trace(m)) == 13, isTRUE(all.equal(sum(markov_cycle_values(m)$cost), r[["cost"]])))
bt <- markov_run_batch(m, array(c(p, p), c(3, 3, 2)), rbind(c(500, 2500, 0), c(1000, 5000, 0)),
                       rbind(c(0.9, 0.6, 0), c(0.9, 0.6, 0)))
stopifnot(isTRUE(all.equal(bt$cost[1], r[["cost"]], tolerance = 1e-12)))
# threads: 2,100 draws on one thread and on two give the same totals, to the bit
many <- array(p, c(3, 3, 2100)); many[1, 1, ] <- 0.85 - 1e-5 * (0:2099); many[1, 3, ] <- 0.05 + 1e-5 * (0:2099)
costs <- cbind(500 + 0:2099, 2500, 0); utils <- matrix(c(0.9, 0.6, 0), 2100, 3, byrow = TRUE)
runs <- lapply(1:2, function(th) {
  mt <- markov_model(3, cycles = 12, discount_costs = 0.035, threads = th)
  markov_run_batch(mt, many, costs, utils)
})
stopifnot(identical(runs[[1]], runs[[2]]), length(runs[[1]]$cost) == 2100)
stopifnot(grepl("VALUE_MARKOV_THREADS must be a whole number from 1 to 256, got 0", err(markov_model(3, threads = 0))))
stopifnot(grepl("row 2 sums to", err(markov_set_transitions(m, rbind(c(0.85, 0.10, 0.05), c(0, 0.5, 0.2), c(0, 0, 1))))))

# probability helpers
stopifnot(isTRUE(all.equal(prob_from_rate(0.1), -expm1(-0.1))), isTRUE(all.equal(prob_rescale(0.3, 5, 1), 1 - 0.7^0.2)))

# sampler: same seed, same draws; moments
s <- psa_sampler()
sampler_add(s, "p", "beta_meansd", 0.3, 0.05)
sampler_add(s, "c", "gamma", 1000, 100)
sampler_add_dirichlet(s, "row", c(10, 20, 70))
sampler_correlate(s, "p", "c", 0.5)
d1 <- sampler_draw(s, 2000, 7); d2 <- sampler_draw(s, 2000, 7)
stopifnot(identical(d1, d2), !identical(d1, sampler_draw(s, 2000, 8)))
stopifnot(abs(mean(d1[, "p"]) - 0.3) < 5 * 0.05 / sqrt(2000), all(abs(rowSums(d1[, 3:5]) - 1) < 1e-12))
stopifnot(grepl("beta mean must be in", err(sampler_add(s, "q", "beta_meansd", 1.2, 0.1))))

# multivariate normal: sample means and covariances of 20,000 draws within 5
# standard errors, sqrt(S_jj / n) and sqrt((S_jj S_kk + S_jk^2) / n)
S <- matrix(c(0.04, -0.03, 0.0005, -0.03, 0.0625, -0.000875, 0.0005, -0.000875, 0.0001), 3)
mu <- c(lngamma = 0.374, cons = -5.49, age = -0.0367)
s <- psa_sampler()
sampler_add(s, "p", "beta", 2, 3)
stopifnot(identical(sampler_add_mvnormal(s, mean = mu, cov = S), 2))   # names from mean; 1-based column
stopifnot(identical(sampler_names(s), c("p", "lngamma", "cons", "age")))
n <- 20000
d <- sampler_draw(s, n, 11)[, 2:4]
stopifnot(all(abs(colMeans(d) - mu) < 5 * sqrt(diag(S) / n)))
stopifnot(all(abs(cov(d) - S) < 5 * sqrt((outer(diag(S), diag(S)) + S^2) / n)))
# R's draws are C's: the block is mean + L z with L = t(chol(S))
s1 <- psa_sampler(); sampler_add_mvnormal(s1, "b", 3, matrix(0.25))
z <- psa_sampler(); sampler_add(z, "z", "normal", 0, 1)
stopifnot(isTRUE(all.equal(sampler_draw(s1, 100, 4)[, 1], 3 + 0.5 * sampler_draw(z, 100, 4)[, 1], tolerance = 1e-15)))
# bad input; R counts from 1
stopifnot(identical(err(sampler_add_mvnormal(s, c("b", "b"), c(0, 0), diag(2))), "names[2] ('b') repeats names[1]"))
stopifnot(grepl("^cov is not positive definite \\(the Cholesky factorization fails at column 2\\)",
                err(sampler_add_mvnormal(s, c("x", "y"), c(0, 0), matrix(c(1, 2, 2, 1), 2)))))
stopifnot(identical(err(sampler_add_mvnormal(s, c("x", "y"), c(0, 0), c(1, 0, 1))),
                    "cov must have 2 x 2 values (the length of names), got 3"))
stopifnot(grepl("is in a multivariate normal block", err(sampler_correlate(s, "p", "cons", 0.3))))
# threads: 6,000 draws of 5 columns on 1 and 3 threads, the same bits
build <- function(threads) {
  s <- psa_sampler(threads)
  sampler_add(s, "p", "beta", 20, 80); sampler_add(s, "c", "gamma", 1000, 100)
  sampler_add_dirichlet(s, "row", c(10, 20, 70)); sampler_correlate(s, "p", "c", 0.5)
  s
}
one <- sampler_draw(build(1), 6000, 5)
stopifnot(identical(sampler_draw(build(3), 6000, 5), one), identical(sampler_draw(sampler_set_threads(build(1), 2), 6000, 5), one))
stopifnot(identical(err(psa_sampler(0)), "threads must be from 1 to 256, got 0"))

# one-way sensitivity with an R function
n_calls <- 0
f <- function(x) { n_calls <<- n_calls + 1; 2 * x[["a"]] - 3 * x[["b"]] + 0.5 * x[["c"]] }
tor <- oneway_sensitivity(f, c(a = 1, b = 1, c = 1), c(0, 0.5, -10), c(3, 1.5, 14))
stopifnot(n_calls == 7, identical(tor$parameter, c("c", "a", "b")), attr(tor, "base") == -0.5)
stopifnot(identical(tor$result_low[1], -6), identical(tor$result_high[1], 6))
pdf(NULL); plot(tor); invisible(dev.off())
msg <- err(suppressMessages(oneway_sensitivity(function(x) stop("boom"), c(a = 1), 0, 2)))
stopifnot(grepl("callback returned an error", msg), grepl("(fn: boom)", msg, fixed = TRUE))
msg <- err(oneway_sensitivity(function(x) "a", c(a = 1), 0, 2))
stopifnot(grepl("(fn: fn returned character of length 1, not one number)", msg, fixed = TRUE))
stopifnot(grepl("fn must be a function", err(oneway_sensitivity(42, c(a = 1), 0, 2))))
cat("R Markov tests passed\n")
