# Errors in R (issue #17): every index counts from 1, the R argument is
# named, the condition's call is the user's call and its class says what
# failed; unknown names are named with the nearest known one.
library(libvalue)
catch <- function(expr) tryCatch({ expr; NULL }, error = function(e) e)
msg <- function(expr) conditionMessage(catch(expr))

# The C library says "flows[0] is NaN"; in R the first flow is flows[1].
e <- catch(discount_pv_rate(c(NaN, 1), .035))
stopifnot(identical(conditionMessage(e), "flows[1] is NaN"))
stopifnot(identical(conditionCall(e), quote(discount_pv_rate(c(NaN, 1), 0.035))))
stopifnot(inherits(e, "value_einval"), inherits(e, "value_error"), e$status == libvalue:::VALUE_EINVAL)
# ... also from inside the user's own function, and when the C glue refuses
# an argument (a handle of the wrong type, named as the R argument)
f <- function(x) discount_pv_rate(x, 0.03)
stopifnot(identical(msg(f(c(1, 2, NA))), "flows[3] is NaN"))
stopifnot(identical(conditionCall(catch(f(c(1, NA)))), quote(discount_pv_rate(x, 0.03))))
e <- catch(discount_pv(42, 1))
stopifnot(identical(conditionMessage(e), "scheme must be a value_discount object"),
          identical(conditionCall(e), quote(discount_pv(42, 1))))

# ... the handle argument by its R name, also when called as libvalue::f()
e <- catch(libvalue::markov_run(42))
stopifnot(identical(conditionMessage(e), "model must be a value_markov object"),
          identical(conditionCall(e), quote(libvalue::markov_run(42))))
stopifnot(identical(msg(sampler_draw(discount_scheme(0.03), 2, 1)), "sampler must be a value_sampler object"))

# Indices given to C: the third of two contracts, a ledger record's contract 0
l2 <- ledger(2)
stopifnot(grepl("^contract_index is 3, not in \\[1, 2\\]", msg(contract_settle(contract("ffs"), l2, 3))),
          grepl("^contract_index is 0, not in \\[1, 2\\]", msg(contract_settle(contract("ffs"), l2, 0))))
e <- msg(ledger_add(l2, c(1, 2, 0), c(10, 20, 30)))
stopifnot(grepl("contract[3] is 0, not in [1, 2]", e, fixed = TRUE))

# A 3-state model: states are 1 to 3.  The C library's "to is 3, not in
# [0, 3) (the model has 3 states)" reads in R:
m <- markov_model(3, cycles = 2)
e <- catch(markov_add_transition_reward(m, 1, 4))
stopifnot(grepl("^to is 4, not in \\[1, 3\\]", conditionMessage(e)),
          identical(conditionCall(e), quote(markov_add_transition_reward(m, 1, 4))))
stopifnot(grepl("^from is 0, not in \\[1, 3\\]", msg(markov_add_transition_reward(m, 0, 2))))

# Batch errors: draw and row counted from 1.  Draw 3 of 3, row 1 sums to 0.65.
p <- rbind(c(0.85, 0.10, 0.05), c(0, 0.80, 0.20), c(0, 0, 1))
markov_set_transitions(m, p)
markov_set_rewards(m, c(500, 2500, 0), c(0.9, 0.6, 0), c(1, 1, 0))
bad <- array(c(p, p, p), c(3, 3, 3)); bad[1, 1, 3] <- 0.5
e <- catch(markov_run_batch(m, bad, matrix(1, 3, 3), matrix(0.5, 3, 3)))
stopifnot(grepl("draw 3, row 1 sums to 0.65", conditionMessage(e), fixed = TRUE))
stopifnot(identical(conditionCall(e)[[1]], quote(markov_run_batch)))
# The third row (of p, one matrix) sums to 1.5
stopifnot(grepl("row 3 sums to 1.5", msg(markov_set_transitions(m, rbind(p[1:2, ], c(0, 0.5, 1))))))

# A matrix given to C row-major: the element is named by its R subscript.
# costs[2, 1] (simulation 2, strategy 1) is NaN.
e <- catch(psa_curves(matrix(c(1, NaN, 3, 4), 2), matrix(1:4, 2), c(0, 1)))
stopifnot(startsWith(conditionMessage(e), "costs[2, 1] "), grepl("is NaN", conditionMessage(e)))

# Index grammar, unit by unit (the C wordings in force)
ri <- libvalue:::.r_indices
stopifnot(identical(ri("flows[0] is NaN"), "flows[1] is NaN"),
          identical(ri("x[5] (row 1, column 2 'age') is Inf"), "x[6] (row 2, column 3 'age') is Inf"),
          identical(ri("condition[2] (ami) repeats condition[0]"), "condition[3] (ami) repeats condition[1]"),
          identical(ri("to is 3, not in [0, 3) (the model has 3 states)"), "to is 4, not in [1, 3] (the model has 3 states)"),
          identical(ri("group[4] is 7, not in [0, 5)"), "group[5] is 8, not in [1, 5]"),
          identical(ri("hospital[2] is 9, not in [0, 4)"), "hospital[3] is 10, not in [1, 4]"),
          identical(ri("transitions: draw 3, row 0 sums to 2"), "transitions: draw 4, row 1 sums to 2"),
          identical(ri("group 2 has no members (each of the 3 groups must have some)"), "group 3 has no members (each of the 3 groups must have some)"),
          # not indices: an enum value, an EQ-5D state, a text's line (counted from 1), a cycle, a real range
          identical(ri("items[3] is 9, not a value_settlement_item (1 to 8)"), "items[4] is 9, not a value_settlement_item (1 to 8)"),
          identical(ri("state 11111 is not an EQ-5D-3L state"), "state 11111 is not an EQ-5D-3L state"),
          identical(ri("duplicate term 'MO2' (first given on line 3)"), "duplicate term 'MO2' (first given on line 3)"),
          identical(ri("hrrp line 3: expected YEARS KEY VALUE..."), "hrrp line 3: expected YEARS KEY VALUE..."),
          identical(ri("i is 4, not in [0, 4) (line 0 is the first)"), "i is 5, not in [1, 4] (line 1 is the first)"),
          identical(ri("row 3: the standard error of the mean overflows"), "row 4: the standard error of the mean overflows"),
          identical(ri("x: row 0, column 'age' is NaN"), "x: row 1, column 'age' is NaN"),
          identical(ri("the callback fn for parameter 1 at its low value 2 (result NaN)"),
                    "the callback fn for parameter 2 at its low value 2 (result NaN)"),
          identical(ri("comparator is 3, not in [0, 3) (n_strategies)"), "comparator is 4, not in [1, 3] (n_strategies)"),
          identical(ri("cycle 0 is the start"), "cycle 0 is the start"),
          identical(ri("winsor is 0, must be in [0, 0.5)"), "winsor is 0, must be in [0, 0.5)"),
          identical(ri("settlement item 3 overflows"), "settlement item 3 overflows"))

# Did you mean: the unknown name quoted, the nearest suggested
s <- psa_sampler(); sampler_add(s, "x", "normal", 0, 1)
stopifnot(identical(msg(sampler_correlate(s, "x", "w", .2)), "unknown parameter 'w' (did you mean 'x'?)"))
stopifnot(identical(msg(contract("shared_savings", sharing_rat = 0.5)),
                    "unknown contract term 'sharing_rat' (did you mean 'sharing_rate'?)"))
# nothing close: at most the 5 nearest, not all 38 terms
e <- msg(contract("shared_savings", zzzzzzzzzzzz = 0.5))
stopifnot(grepl("^unknown contract term 'zzzzzzzzzzzz' \\(nearest: ", e),
          lengths(regmatches(e, gregexpr("'[a-z_0-9]+'", e))) == 6)
stopifnot(identical(msg(sampler_add(s, "y", "norml", 0, 1)), "unknown dist 'norml' (did you mean 'normal'?)"))
# column names of data frames, and the R side's other name checks
stopifnot(identical(msg(hvbp_tps(data.frame(safty = 50), 2024)), "unknown domain column 'safty' (did you mean 'safety'?)"))
cm <- costing_model(); costing_add_resource(cm, "nurse", 96000, 120000); costing_add_process(cm, "visit")
stopifnot(identical(msg(costing_capacity(cm, c(vist = 10))), "unknown process 'vist' (did you mean 'visit'?)"),
          identical(msg(costing_log_costs(cm, "a", "nures", 1)), "unknown resource 'nures' (did you mean 'nurse'?)"))
# A Dirichlet block's columns are numbered from 1 in R, as in messages
sampler_add_dirichlet(s, "p", c(1, 2, 3))
stopifnot(identical(sampler_names(s), c("x", "p[1]", "p[2]", "p[3]")))
stopifnot(grepl("column 3 ('p[2]') is in a Dirichlet block", msg(sampler_correlate(s, "x", "p[2]", .2)), fixed = TRUE))
cat("R condition tests passed\n")
