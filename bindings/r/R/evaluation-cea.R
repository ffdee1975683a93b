# Cost-effectiveness: incremental analysis, net benefit and PSA results
# (C: lib/evaluation/cea.c, lib/evaluation/psa.c).  Thin layer: data frames and plot methods.

cea_frontier <- function(cost, effect, names = NULL) {
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

psa_curves <- function(costs, effects, lambdas, names = colnames(costs)) {
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

print.value_ceac <- function(x, ...) {
  cat(sprintf("<PSA curves: %d strategies at %d willingness-to-pay values>\n", ncol(x$ceac), length(x$lambdas)))
  print(data.frame(lambda = x$lambdas, x$ceac, ceaf = x$ceaf, evpi = x$evpi, check.names = FALSE), row.names = FALSE)
  invisible(x)
}

plot.value_ceac <- function(x, ...) {
  graphics::matplot(x$lambdas, x$ceac, type = "l", lty = 1, col = seq_len(ncol(x$ceac)),
                    ylim = c(0, 1), xlab = "willingness to pay per unit of effect",
                    ylab = "probability cost-effective", main = "Cost-effectiveness acceptability curves", ...)
  graphics::lines(x$lambdas, x$ceaf_prob, lty = 3, lwd = 3)
  graphics::legend("right", legend = c(colnames(x$ceac), "frontier (CEAF)"),
                   col = c(seq_len(ncol(x$ceac)), 1), lty = c(rep(1, ncol(x$ceac)), 3), bty = "n")
  invisible(x)
}

psa_incremental <- function(costs, effects, comparator = 1L, names = colnames(costs)) {
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

print.value_ceplane <- function(x, ...) {
  cat(sprintf("<cost-effectiveness plane: %d simulations, %d strategies against '%s'>\n",
              nrow(x$dcost), ncol(x$dcost), x$comparator))
  invisible(x)
}

plot.value_ceplane <- function(x, wtp = NULL, ...) {
  others <- setdiff(colnames(x$dcost), x$comparator)
  graphics::matplot(x$deffect[, others, drop = FALSE], x$dcost[, others, drop = FALSE], pch = 16, cex = 0.4,
                    col = seq_along(others), xlab = "incremental effect", ylab = "incremental cost",
                    main = paste("Cost-effectiveness plane vs", x$comparator), ...)
  graphics::abline(h = 0, v = 0, col = "grey")
  if (!is.null(wtp)) graphics::abline(0, wtp, lty = 2)
  graphics::legend("topleft", legend = others, col = seq_along(others), pch = 16, bty = "n")
  invisible(x)
}

psa_summary <- function(values, lower = 0.025, upper = 0.975, names = colnames(values)) {
  j <- ncol(values)
  if (is.null(names)) names <- as.character(seq_len(j))
  r <- value_psa_summary(.psa_flat(values, "values"), j, lower, upper, j)
  data.frame(strategy = names, mean = r$out_mean, lower = r$out_lower, upper = r$out_upper)
}
