# Cost-effectiveness: incremental analysis, net benefit and PSA results
# (C: lib/evaluation/cea.c, lib/evaluation/psa.c).  Thin layer: data frames and plot methods.

# cost: a vector (with effect), or a data frame with columns cost and
# effect (and strategy, for the names).
cea_frontier <- function(cost, effect = NULL, names = NULL) {
  if (is.data.frame(cost)) {
    .check_names("column", intersect(c("cost", "effect"), setdiff(c("cost", "effect"), names(cost))), names(cost))
    if (is.null(names) && !is.null(cost$strategy)) names <- as.character(cost$strategy)
    effect <- cost$effect; cost <- cost$cost
  }
  n <- length(cost)
  if (is.null(names)) names <- as.character(seq_len(n))
  if (length(names) != n) .stop("names has ", length(names), " entries for ", n, " strategies")
  r <- value_cea_frontier(cost, effect, n)
  comparator <- rep(NA_character_, n)
  has <- r$out_comparator >= 0
  comparator[has] <- names[r$out_comparator[has] + 1L]
  structure(data.frame(strategy = names, cost = cost, effect = effect,
                       status = toupper(.option_name(value_cea_status, r$out_status)), comparator = comparator,
                       icer = r$out_icer, stringsAsFactors = FALSE),
            class = c("value_cea_frontier", "data.frame"))
}

print.value_cea_frontier <- function(x, ...) {
  cat("Incremental cost-effectiveness (ND frontier, D dominated, ED extendedly dominated)\n")
  print.data.frame(x, row.names = FALSE, ...)
  invisible(x)
}

cea_net_benefit <- function(cost, effect, wtp) {
  r <- value_cea_net_benefit(cost, effect, wtp, length(cost))
  data.frame(nmb = r$out_nmb, nhb = r$out_nhb)
}

cea_optimal <- function(cost, effect, wtp) value_cea_optimal(cost, effect, wtp) + 1L

cea_wtp_ranges <- function(cost, effect) {
  r <- value_cea_wtp_ranges(cost, effect, length(cost))
  data.frame(lower = r$out_lower, upper = r$out_upper)
}

cea_value_ratio <- function(outcome, cost) value_cea_value_ratio(outcome, cost, length(cost))

# PSA matrices are simulations x strategies; the C library reads them
# simulation-major, so R's column-major matrices are transposed once.
.psa_flat <- function(m, what) .row_major(.table(m, what))

# R matrices are column-major; the C library reads row-major.
.row_major <- function(x) if (is.matrix(x)) as.vector(t(x)) else as.numeric(x)

# A model_psa() result stands for costs and effects (lambdas may then come second).
.psa_model <- function(env) {
  x <- env$costs
  if (!inherits(x, "value_model_psa")) return(invisible())
  if (!is.null(env$effects) && is.null(env$lambdas)) env$lambdas <- env$effects
  env$costs <- x$cost; env$effects <- x$effect
}

psa_curves <- function(costs, effects = NULL, lambdas = NULL, names = colnames(costs)) {
  .psa_model(environment())
  costs <- .table(costs, "costs"); effects <- .table(effects, "effects")
  j <- ncol(costs)
  if (!identical(dim(costs), dim(effects))) .stop("costs and effects must have the same dimensions")
  if (is.null(names)) names <- as.character(seq_len(j))
  l <- length(lambdas)
  r <- value_psa_curves(.psa_flat(costs, "costs"), .psa_flat(effects, "effects"), j, lambdas, l * j, l)
  ceac <- matrix(r$out_ceac, nrow = l, byrow = TRUE, dimnames = list(NULL, names))
  loss <- matrix(r$out_loss, nrow = l, byrow = TRUE, dimnames = list(NULL, names))
  structure(list(lambdas = lambdas, ceac = ceac, loss = loss, evpi = r$out_evpi,
                 ceaf = names[r$out_ceaf + 1L], ceaf_prob = r$out_ceaf_prob),
            class = "value_ceac")
}

# One row per willingness to pay and strategy: the CEAC, the expected loss,
# whether the strategy is on the frontier (CEAF) there, and the EVPI.
as.data.frame.value_ceac <- function(x, row.names = NULL, optional = FALSE, ...) {
  l <- length(x$lambdas); j <- ncol(x$ceac); s <- colnames(x$ceac)
  data.frame(lambda = rep(x$lambdas, each = j), strategy = rep(s, l), ceac = as.vector(t(x$ceac)),
             expected_loss = as.vector(t(x$loss)), on_frontier = rep(x$ceaf, each = j) == rep(s, l),
             evpi = rep(x$evpi, each = j), stringsAsFactors = FALSE)
}

# The frontier as ranges of willingness to pay: which strategy has the
# highest expected net benefit from which lambda to which.
summary.value_ceac <- function(object, ...) {
  r <- rle(object$ceaf)
  last <- cumsum(r$lengths); first <- c(1L, utils::head(last, -1) + 1L)
  structure(data.frame(strategy = r$values, from = object$lambdas[first], to = object$lambdas[last],
                       max_probability = vapply(seq_along(first), function(k) max(object$ceaf_prob[first[k]:last[k]]), 0),
                       max_evpi = vapply(seq_along(first), function(k) max(object$evpi[first[k]:last[k]]), 0)),
            class = c("summary.value_ceac", "data.frame"))
}

format.value_ceac <- function(x, ...) {
  s <- summary(x)
  c(sprintf("<PSA curves: %d strategies (%s) at %d willingness-to-pay values, %s to %s>", ncol(x$ceac),
            paste(colnames(x$ceac), collapse = ", "), length(x$lambdas), .num(min(x$lambdas)), .num(max(x$lambdas))),
    sprintf("  frontier: %s", paste(sprintf("%s (%s to %s)", s$strategy, .num(s$from), .num(s$to)), collapse = ", ")),
    sprintf("  EVPI up to %s; as.data.frame() for the table, plot() for the curves", .num(max(x$evpi), 4)))
}

print.value_ceac <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}

psa_incremental <- function(costs, effects = NULL, comparator = 1L, names = colnames(costs)) {
  if (inherits(costs, "value_model_psa")) { effects <- costs$effect; costs <- costs$cost }
  costs <- .table(costs, "costs"); effects <- .table(effects, "effects")
  j <- ncol(costs)
  if (is.null(names)) names <- as.character(seq_len(j))
  if (is.character(comparator)) {
    if (!(comparator %in% names)) .unknown_name("strategy", comparator, names)
    comparator <- match(comparator, names)
  }
  r <- value_psa_incremental(.psa_flat(costs, "costs"), .psa_flat(effects, "effects"), j,
                             .idx(comparator, "comparator", j), nrow(costs) * j)
  structure(list(dcost = matrix(r$out_dcost, ncol = j, byrow = TRUE, dimnames = list(NULL, names)),
                 deffect = matrix(r$out_deffect, ncol = j, byrow = TRUE, dimnames = list(NULL, names)),
                 comparator = names[comparator]),
            class = "value_ceplane")
}

# One row per simulation and strategy: the increments against the comparator.
as.data.frame.value_ceplane <- function(x, row.names = NULL, optional = FALSE, ...) {
  n <- nrow(x$dcost); j <- ncol(x$dcost)
  data.frame(simulation = rep(seq_len(n), j), strategy = rep(colnames(x$dcost), each = n),
             dcost = as.vector(x$dcost), deffect = as.vector(x$deffect), stringsAsFactors = FALSE)
}

format.value_ceplane <- function(x, ...) {
  others <- setdiff(colnames(x$dcost), x$comparator)
  c(sprintf("<cost-effectiveness plane: %d simulations, %d strategies against '%s'>",
            nrow(x$dcost), ncol(x$dcost), x$comparator),
    if (length(others)) {
      mc <- psa_summary(x$dcost[, others, drop = FALSE]); me <- psa_summary(x$deffect[, others, drop = FALSE])
      sprintf("  %s: mean incremental cost %s, effect %s", others, .num(mc$mean), .num(me$mean, 4))
    })
}

print.value_ceplane <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}

psa_summary <- function(values, lower = 0.025, upper = 0.975, names = colnames(values)) {
  values <- .table(values, "values")
  j <- ncol(values)
  if (is.null(names)) names <- as.character(seq_len(j))
  r <- value_psa_summary(.psa_flat(values, "values"), j, lower, upper, j)
  data.frame(strategy = names, mean = r$out_mean, lower = r$out_lower, upper = r$out_upper)
}
