# Tables in and out (issue #17): functions taking a table take a data
# frame or a matrix; tabular results have as.data.frame() with named
# columns; print() is a short summary, not the table.
library(libvalue)

# psa_curves() of a data frame: strategy names from its columns.  Two
# simulations, costs A 0/0, B 100/300, effects A 0/0, B 0.01/0.01: at
# lambda 20000 B's NMB is 100 and -100 (mean 0, ties go to the cheaper A),
# at 40000 it is 300 and 100: B in both simulations.
costs <- data.frame(A = c(0, 0), B = c(100, 300))
effects <- data.frame(A = c(0, 0), B = c(0.01, 0.01))
cv <- psa_curves(costs, effects, c(0, 20000, 40000))
stopifnot(identical(colnames(cv$ceac), c("A", "B")), identical(cv$ceaf, c("A", "A", "B")))
stopifnot(isTRUE(all.equal(cv$ceac[, "B"], c(0, 0.5, 1))))
# the same from matrices
cm <- psa_curves(as.matrix(costs), as.matrix(effects), c(0, 20000, 40000))
stopifnot(identical(cm$ceac, cv$ceac))
# a non-numeric column is named
e <- tryCatch(psa_curves(data.frame(A = "x", B = 1), effects[1, ], 1), error = conditionMessage)
stopifnot(identical(e, "costs: column 'A' is not numeric"))
d <- as.data.frame(cv)
stopifnot(identical(names(d), c("lambda", "strategy", "ceac", "expected_loss", "on_frontier", "evpi")),
          nrow(d) == 6, identical(d$strategy, rep(c("A", "B"), 3)),
          identical(d$on_frontier, c(TRUE, FALSE, TRUE, FALSE, FALSE, TRUE)))
# EVPI at 40000: B is best in both simulations, so perfect information adds nothing
stopifnot(d$evpi[d$lambda == 40000][1] == 0)

# print(curves) is short, not 101 rows
big <- psa_curves(costs, effects, seq(0, 100000, by = 1000))
out <- capture.output(print(big))
stopifnot(length(out) <= 5, grepl("2 strategies \\(A, B\\) at 101 willingness-to-pay values", out[1]),
          grepl("frontier: A \\(0 to 20,000\\), B \\(21,000 to 1e\\+05\\)|frontier: A \\(0 to 20,000\\), B \\(21,000 to 100,000\\)", out[2]))
sm <- summary(big)
stopifnot(identical(sm$strategy, c("A", "B")), sm$from == c(0, 21000), sm$to == c(20000, 100000))

# psa_incremental, psa_summary of data frames; comparator by name
inc <- psa_incremental(costs, effects, comparator = "A")
stopifnot(identical(inc$dcost[, "B"], c(100, 300)))
di <- as.data.frame(inc)
stopifnot(identical(names(di), c("simulation", "strategy", "dcost", "deffect")), nrow(di) == 4)
stopifnot(length(capture.output(print(inc))) <= 3)
stopifnot(grepl("unknown strategy 'a' \\(did you mean 'A'\\?\\)", tryCatch(psa_incremental(costs, effects, "a"), error = conditionMessage)))
ps <- psa_summary(costs)
stopifnot(identical(ps$strategy, c("A", "B")), ps$mean[2] == 200)

# cea_frontier of a data frame (the classic: B dominated)
fr <- cea_frontier(data.frame(strategy = c("A", "B", "C"), cost = c(0, 200, 100), effect = c(0, 0.5, 1)))
stopifnot(identical(fr$status, c("ND", "D", "ND")), identical(fr$strategy, c("A", "B", "C")))
stopifnot(identical(class(as.data.frame(fr)), "data.frame"))

# Markov trace: a table with a cycle column and one named column per state
m <- markov_model(2, cycles = 100, states = c("alive", "dead"))
markov_set_initial(m, c(1, 0))
markov_set_transitions(m, data.frame(alive = c(0.9, 0), dead = c(0.1, 1)))
tr <- markov_trace(m)
dt <- as.data.frame(tr)
stopifnot(identical(names(dt), c("cycle", "alive", "dead")), nrow(dt) == 101, dt$cycle[1] == 0,
          abs(dt$alive[11] - 0.9^10) < 1e-12)                      # alive after 10 cycles: 0.9^10
out <- capture.output(print(tr))
stopifnot(length(out) <= 5, grepl("cycles 0 to 100, 2 states \\(alive, dead\\)", out[1]))
stopifnot(grepl("2 states \\(alive, dead\\), 100 cycles", capture.output(print(m))[1]))

# Sampler draws: an n x p matrix with named columns; as.data.frame keeps them
s <- psa_sampler(); sampler_add(s, "p_death", "beta", 2, 8); sampler_add_dirichlet(s, "row", c(5, 3, 2))
dr <- sampler_draw(s, 10, seed = 1)
stopifnot(identical(dim(dr), c(10L, 4L)), identical(names(as.data.frame(dr)), c("p_death", "row[1]", "row[2]", "row[3]")))

# Contracts print their terms; as.data.frame lists them all, marking those set
c1 <- contract("shared_savings", benchmark_per_capita = 10000, msr = 0.02, sharing_rate = 0.6)
out <- capture.output(print(c1))
stopifnot(grepl("<contract: shared_savings, 3 term\\(s\\) besides the defaults>", out[1]), length(out) <= 4,
          grepl("benchmark_per_capita = 10,000", paste(out, collapse = " ")), grepl("sharing_rate = 0.6", out[2]),
          grepl("msr = 0.02", out[2]))
stopifnot(identical(summary(c1)$term, c("benchmark_per_capita", "msr", "sharing_rate")))
ct <- as.data.frame(c1)
stopifnot(identical(names(ct), c("term", "value", "set")), nrow(ct) == length(libvalue:::value_contract_param),
          nrow(ct) == 41, sum(ct$set) == 3,
          ct$value[ct$term == "sharing_rate"] == 0.6)

# Settlements: lines as a data frame
st <- contract_settle_totals(c1, 1000, 12000, 1, 9e6)   # benchmark 10,000,000, spending 9,000,000
dl <- as.data.frame(st)
stopifnot(identical(names(dl), c("step", "text", "amount")), nrow(dl) >= 3,
          dl$amount[dl$step == "savings"] == 1e6)

# Discount schemes print their steps
gb <- discount_scheme(0.035, step_years = c(30, 75), step_rates = c(0.03, 0.025))
out <- capture.output(print(gb))
stopifnot(length(out) == 2, identical(out[2], "  steps: 0.03 from year 30, 0.025 from year 75"))
stopifnot(identical(as.data.frame(gb), data.frame(from_year = c(0, 30, 75), rate = c(0.035, 0.03, 0.025))))

# Profiles, funnel data, risk models: as.data.frame
prof <- provider_profile(c("a", "a", "b", "b"), observed = c(1, 0, 1, 1), expected = c(0.5, 0.5, 0.5, 0.5))
pr <- as.data.frame(prof)
stopifnot(identical(pr$provider, c("a", "b")), identical(pr$oe, c(1, 2)))   # O/E: 1/1 and 2/1
fd <- funnel_plot_data(pr, kind = "ratio", target = 1)
stopifnot(identical(fd$label, c("a", "b")), identical(class(as.data.frame(fd)), "data.frame"))
stopifnot(length(capture.output(print(fd))) <= 4)
sf <- summary(fd)      # b: O 2 against E 1, inside the exact limits at E = 1
stopifnot(identical(sf$providers, c(0L, 0L, 2L, 0L, 0L)), identical(sf$labels[3], "a, b"))
set.seed(3)
dd <- data.frame(y = rbinom(200, 1, 0.3), age = rnorm(200, 70, 8))
rk <- risk_fit(y ~ age, dd)
stopifnot(identical(names(as.data.frame(rk)), c("term", "estimate", "std.error", "statistic", "p.value")),
          identical(as.data.frame(rk)$term, c("(Intercept)", "age")))
cat("R table tests passed\n")
