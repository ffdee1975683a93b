# Markov cohort models, probability helpers, PSA sampling and one-way
# sensitivity (C: lib/evaluation/markov.c, lib/evaluation/prob.c, lib/evaluation/sampler.c, lib/evaluation/sensitivity.c).
# Thin layer: R's column-major matrices become the C row-major layout, and
# R's 1-based state numbers the C 0-based ones.

markov_model <- function(n_states, cycles = 1, cycle_length = 1, discount_costs = 0,
                         discount_effects = 0, discount_first = TRUE,
                         correction = c("life_table", "start", "end", "trapezoid", "simpson"),
                         row_tolerance = 1e-9, threads = 1, states = NULL,
                         transition_timing = c("end", "start", "mid")) {
  if (!is.null(states) && length(states) != n_states)
    .stop("states has ", length(states), " names for ", n_states, " states")
  correction <- .match_option(correction, value_markov_correction, "life_table")
  transition_timing <- .match_option(transition_timing, value_markov_transition_timing, "end")
  m <- value_markov_new(n_states)
  value_markov_set(m, VALUE_MARKOV_CYCLES, cycles)
  value_markov_set(m, VALUE_MARKOV_CYCLE_LENGTH, cycle_length)
  value_markov_set(m, VALUE_MARKOV_DISCOUNT_COSTS, discount_costs)
  value_markov_set(m, VALUE_MARKOV_DISCOUNT_EFFECTS, discount_effects)
  value_markov_set(m, VALUE_MARKOV_DISCOUNT_FIRST, if (isTRUE(discount_first)) 1 else 0)
  value_markov_set(m, VALUE_MARKOV_CORRECTION, value_markov_correction[[correction]])
  value_markov_set(m, VALUE_MARKOV_ROW_TOLERANCE, row_tolerance)
  value_markov_set(m, VALUE_MARKOV_THREADS, threads)
  value_markov_set(m, VALUE_MARKOV_TRANSITION_TIMING, value_markov_transition_timing[[transition_timing]])
  attr(m, "n_states") <- as.integer(n_states)
  attr(m, "states") <- if (is.null(states)) as.character(seq_len(n_states)) else as.character(states)
  m
}

markov_set_initial <- function(model, initial) invisible(value_markov_set_initial(model, initial))

# An S x S matrix (rows = from), or an S x S x T array of per-cycle matrices.
markov_set_transitions <- function(model, p) {
  if (is.data.frame(p)) p <- .table(p, "p")
  flat <- if (length(dim(p)) == 3) as.vector(aperm(p, c(2, 1, 3))) else as.vector(t(p))
  invisible(value_markov_set_transitions(model, flat))
}

# Vectors of S values, or T x S matrices (row = cycle) for per-cycle rewards.
# alive = NULL passes NULL: the C library's default weights (0 for a state
# absorbing in every cycle, else 1).
markov_set_rewards <- function(model, cost, utility, alive = NULL) {
  if (is.data.frame(cost)) cost <- .table(cost, "cost")
  if (is.data.frame(utility)) utility <- .table(utility, "utility")
  if (is.data.frame(alive)) alive <- .table(alive, "alive")
  if (!is.null(alive)) alive <- .row_major(alive)
  invisible(value_markov_set_state_rewards(model, .row_major(cost), .row_major(utility), alive))
}

markov_add_transition_reward <- function(model, from, to, cost = 0, qalys = 0) {
  n <- attr(model, "n_states")
  invisible(value_markov_add_transition_reward(model, .idx(from, "from", n), .idx(to, "to", n), cost, qalys))
}

markov_run <- function(model) {
  r <- value_markov_run(model)
  c(cost = r$out_cost, qalys = r$out_qalys, life_years = r$out_life_years)
}

markov_trace <- function(model) {
  cycles <- value_markov_get(model, VALUE_MARKOV_CYCLES)
  v <- value_markov_trace(model, (cycles + 1) * attr(model, "n_states"))
  structure(matrix(v, nrow = cycles + 1, byrow = TRUE, dimnames = list(cycle = 0:cycles, state = attr(model, "states"))),
            class = c("value_markov_trace", "matrix", "array"))
}

# One row per time (cycle 0 is the start), one column per state.
as.data.frame.value_markov_trace <- function(x, row.names = NULL, optional = FALSE, ...) {
  m <- unclass(x)
  data.frame(cycle = as.integer(rownames(m)), matrix(m, nrow(m), dimnames = list(NULL, colnames(m))),
             check.names = FALSE)
}

format.value_markov_trace <- function(x, ...) {
  m <- unclass(x); n <- nrow(m)
  row <- function(i) paste(sprintf("%s %.4f", colnames(m), m[i, ]), collapse = ", ")
  c(sprintf("<Markov trace: cycles 0 to %d, %d states (%s)>", n - 1L, ncol(m), paste(colnames(m), collapse = ", ")),
    sprintf("  cycle 0: %s", row(1)), if (n > 1) sprintf("  cycle %d: %s", n - 1L, row(n)),
    "  as.data.frame() for the table, plot() for the trace")
}

print.value_markov_trace <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}

markov_cycle_values <- function(model) {
  cycles <- value_markov_get(model, VALUE_MARKOV_CYCLES)
  r <- value_markov_cycle_values(model, cycles + 1)
  data.frame(cycle = 0:cycles, cost = r$out_cost, qalys = r$out_qalys, life_years = r$out_life_years)
}

# transitions: S x S x K array (or S x S x T x K); cost, utility: K x S
# matrices (or S x T x K arrays); one result row per draw.
markov_run_batch <- function(model, transitions, cost, utility) {
  d <- dim(transitions)
  k <- d[length(d)]
  flat_t <- as.vector(aperm(transitions, c(2, 1, seq_along(d)[-(1:2)])))
  if (is.data.frame(cost)) cost <- .table(cost, "cost")
  if (is.data.frame(utility)) utility <- .table(utility, "utility")
  r <- value_markov_run_batch(model, flat_t, .row_major(cost), .row_major(utility), k, k)
  data.frame(cost = r$out_cost, qalys = r$out_qalys, life_years = r$out_life_years)
}

markov_tunnel_matrix <- function(p, state, k) {
  size <- value_markov_tunnel_size(nrow(p), k)
  v <- value_markov_tunnel_matrix(as.vector(t(p)), .idx(state, "state", nrow(p)), k, size$out_matrix_len)
  matrix(v, nrow = size$out_states, byrow = TRUE)
}

markov_tunnel_vector <- function(v, state, k, first_only = FALSE)
  value_markov_tunnel_vector(v, .idx(state, "state", length(v)), k, if (first_only) 1L else 0L, value_markov_tunnel_size(length(v), k)$out_states)

format.value_markov <- function(x, ...) {
  corr <- .option_name(value_markov_correction, value_markov_get(x, VALUE_MARKOV_CORRECTION))
  c(sprintf("<Markov cohort model: %d states (%s), %d cycles of %g years>", attr(x, "n_states"),
            paste(attr(x, "states"), collapse = ", "),
            as.integer(value_markov_get(x, VALUE_MARKOV_CYCLES)), value_markov_get(x, VALUE_MARKOV_CYCLE_LENGTH)),
    sprintf("  discounting costs %g, effects %g; %s correction", value_markov_get(x, VALUE_MARKOV_DISCOUNT_COSTS),
            value_markov_get(x, VALUE_MARKOV_DISCOUNT_EFFECTS), corr))
}

print.value_markov <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}

prob_from_rate <- function(rate, t = 1) mapply(value_prob_from_rate, rate, t)
prob_to_rate <- function(p, t = 1) mapply(value_prob_to_rate, p, t)
prob_rescale <- function(p, from_t, to_t) mapply(value_prob_rescale, p, from_t, to_t)
prob_apply_rr <- function(p, rr) mapply(value_prob_apply_rr, p, rr)
prob_apply_or <- function(p, odds_ratio) mapply(value_prob_apply_or, p, odds_ratio)
prob_apply_hr <- function(p, hr) mapply(value_prob_apply_hr, p, hr)

.dists <- .options(value_sampler_dist, rename = c(gamma_meansd = "gamma", lognormal_meansd = "lognormal"))

psa_sampler <- function() value_sampler_new()

sampler_add <- function(sampler, name, dist, ...) {
  p <- c(...)
  code <- .code(.dists, dist, "dist")
  if (length(p) > 4) .stop("at most 4 distribution parameters")
  p <- c(p, rep(0, 4 - length(p)))
  invisible(value_sampler_add(sampler, name, code, p[1], p[2], p[3], p[4]) + 1)
}

sampler_add_dirichlet <- function(sampler, name, alpha)
  invisible(value_sampler_add_dirichlet(sampler, name, alpha) + 1)

# Column names; a Dirichlet block's columns are numbered from 1 in R
# ("p[1]", "p[2]", ...), as the messages that name them.
sampler_names <- function(sampler)
  vapply(seq_len(value_sampler_count(sampler)) - 1,
         function(i) .dirichlet_name(value_sampler_name(sampler, i)), character(1))
.dirichlet_name <- function(x) .regsub(x, "\\[([0-9]+)\\]$", function(g) sprintf("[%s]", .plus1(g[1])))

sampler_correlate <- function(sampler, a, b, rho) {
  known <- sampler_names(sampler)
  col <- function(x) {
    if (!is.character(x)) return(x)
    if (!(x %in% known)) .unknown_name("parameter", x, known)
    match(x, known)
  }
  i <- col(a); j <- col(b)
  invisible(value_sampler_set_correlation(sampler, i - 1, j - 1, rho))
}

sampler_draw <- function(sampler, n, seed) {
  p <- value_sampler_count(sampler)
  matrix(value_sampler_draw(sampler, seed, n, n * p), nrow = n, byrow = TRUE,
         dimnames = list(NULL, sampler_names(sampler)))
}

print.value_sampler <- function(x, ...) {
  cat(sprintf("<PSA sampler: %d parameters: %s>\n", value_sampler_count(x),
              paste(sampler_names(x), collapse = ", ")))
  invisible(x)
}

oneway_sensitivity <- function(fn, base, low, high, names = NULL) {
  if (!is.function(fn)) .stop("fn must be a function, got ", typeof(fn))
  if (is.null(names)) names <- if (!is.null(base_names <- names(base))) base_names else as.character(seq_along(base))
  # The R function's own error (or a result that is not one number) is kept
  # and added to the library's message, instead of being printed.
  why <- new.env()
  f <- function(x) {
    v <- tryCatch(fn(stats::setNames(x, names)), error = function(e) { why$msg <- conditionMessage(e); NULL })
    if (is.null(why$msg) && !((is.numeric(v) || is.logical(v)) && length(v) == 1))
      why$msg <- sprintf("fn returned %s of length %d, not one number", class(v)[1], length(v))
    v
  }
  r <- withCallingHandlers(value_sensitivity_oneway(unname(base), unname(low), unname(high), f, length(base)),
                           value_ecallback = function(e) if (!is.null(why$msg)) {
                             e$message <- sprintf("%s (fn: %s)", e$message, why$msg)
                             stop(e)
                           })
  o <- r$out_order + 1L
  structure(data.frame(parameter = names[o], low = low[o], high = high[o],
                       result_low = r$out_low[o], result_high = r$out_high[o], row.names = NULL),
            base = r$out_base, class = c("value_tornado", "data.frame"))
}

format.value_tornado <- function(x, ...) {
  k <- min(nrow(x), 5L)
  format <- function(v, digits) vapply(v, function(z) base::format(z, digits = digits), "")
  c(sprintf("<one-way sensitivity: %d parameters, base result %s; widest first>", nrow(x), format(attr(x, "base"), digits = 6)),
    sprintf("  %s: %s to %s (at %s to %s)", x$parameter[seq_len(k)], format(x$result_low[seq_len(k)], digits = 6),
            format(x$result_high[seq_len(k)], digits = 6), format(x$low[seq_len(k)], digits = 4),
            format(x$high[seq_len(k)], digits = 4)),
    if (nrow(x) > k) sprintf("  ... %d more; as.data.frame() for the table", nrow(x) - k))
}

print.value_tornado <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}
