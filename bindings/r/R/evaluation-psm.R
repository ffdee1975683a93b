# Partitioned survival models (C: lib/evaluation/psm.c).  Thin layer: the
# curves are a data frame (or matrix) with one column per curve, first exit
# first (e.g. pfs, os), and one row per time point 0..J; as.vector() of its
# matrix is the C curve-major layout.  The index of a crossing curve counts
# from 1 (a column of the curves); time points stay cycle numbers (0 is
# the start).

.psm_discount <- function(d, name) {
  if (is.null(d) || inherits(d, "value_discount")) return(d)
  if (is.numeric(d) && length(d) == 1) return(discount_scheme(d))
  .stop(name, " must be a discount_scheme(), an annual rate or NULL")
}

psm_model <- function(states, cycles, cycle_length = 1,
                      correction = c("trapezoid", "start", "end", "simpson"),
                      discount_costs = NULL, discount_effects = NULL) {
  correction <- .match_option(correction, value_psm_correction, "trapezoid")
  m <- value_psm_new(length(states), cycles, cycle_length)
  value_psm_set_correction(m, value_psm_correction[[correction]])
  value_psm_set_discount(m, .psm_discount(discount_costs, "discount_costs"),
                         .psm_discount(discount_effects, "discount_effects"))
  attr(m, "states") <- as.character(states)
  attr(m, "cycles") <- as.integer(cycles)
  # an environment, so that psm_set_rewards() updates it in place (the
  # model is a handle: run_batch() repeats these for each curve set)
  rw <- new.env(parent = emptyenv())
  rw$cost <- rep(0, length(states)); rw$utility <- rep(0, length(states))
  attr(m, "rewards") <- rw
  m
}

# Cost per cycle and utility per year of each state.
psm_set_rewards <- function(model, cost, utility) {
  value_psm_set_state_rewards(model, cost, utility)
  rw <- attr(model, "rewards")
  rw$cost <- as.numeric(cost); rw$utility <- as.numeric(utility)
  invisible(model)
}

.psm_surv <- function(model, curves, name = "curves") {
  x <- if (is.data.frame(curves)) .table(curves, name) else as.matrix(curves)
  want <- c(attr(model, "cycles") + 1L, length(attr(model, "states")) - 1L)
  if (!identical(as.integer(dim(x)), as.integer(want)))
    .stop(sprintf(paste("%s must have %d columns (one per curve) and %d rows (the cycle boundaries from",
                        "time 0: one per cycle and one more), got %d x %d"),
                  name, want[2], want[1], nrow(x), ncol(x)))
  as.vector(x)
}

psm_curve <- function(model, dist = c("exponential", "weibull"), ...) {
  dist <- .match_option(dist, value_psm_dist, "exponential")
  value_psm_curve(model, value_psm_dist[[dist]], c(...), attr(model, "cycles") + 1L)
}

psm_trace <- function(model, curves) {
  st <- attr(model, "states"); J <- attr(model, "cycles")
  v <- value_psm_trace(model, .psm_surv(model, curves), (J + 1) * length(st))
  data.frame(cycle = 0:J, matrix(v, nrow = J + 1, byrow = TRUE, dimnames = list(NULL, st)), check.names = FALSE)
}

psm_run <- function(model, curves) {
  r <- value_psm_run(model, .psm_surv(model, curves))
  c(cost = r$out_cost, qalys = r$out_qalys, life_years = r$out_life_years)
}

psm_state_values <- function(model, curves) {
  st <- attr(model, "states")
  r <- value_psm_state_values(model, .psm_surv(model, curves), length(st))
  data.frame(state = st, cost = r$out_cost, qalys = r$out_qalys, life_years = r$out_life_years)
}

psm_crossings <- function(model, curves) {
  r <- value_psm_crossings(model, .psm_surv(model, curves))
  n <- r$out_count
  list(n_clamped = n, curve = if (n > 0) r$out_curve + 1 else NA_integer_, cycle = if (n > 0) r$out_point else NA_integer_)
}

# curve_sets: a list of curve tables (PSA draws or strategies); cost and
# utility: matrices with one row per set, or NULL for the model's own.
psm_run_batch <- function(model, curve_sets, cost = NULL, utility = NULL) {
  k <- length(curve_sets)
  surv <- unlist(lapply(seq_len(k), function(i) .psm_surv(model, curve_sets[[i]], sprintf("curve_sets[[%d]]", i))))
  if (is.null(cost) != is.null(utility)) .stop("cost and utility must be given together (or neither)")
  if (is.null(cost)) {
    rw <- attr(model, "rewards")
    cost <- rep(rw$cost, k); utility <- rep(rw$utility, k)
  } else {
    cost <- .row_major(as.matrix(cost)); utility <- .row_major(as.matrix(utility))
  }
  r <- value_psm_run_batch(model, surv, cost, utility, k, k)
  data.frame(draw = seq_len(k), cost = r$out_cost, qalys = r$out_qalys, life_years = r$out_life_years)
}
