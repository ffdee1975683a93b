# Plots as the field draws them, with ggplot2 (Suggests: the package works
# without it; the plot functions say how to install it).  Each returns a
# ggplot object the user can theme and add layers to; plot() methods call
# them.  Thin layer: every number drawn comes from the C library (through
# the package's functions); the code here only arranges, orders and labels
# (and, for the waterfall, places each bar at the running level).

.gg <- function() {
  if (!requireNamespace("ggplot2", quietly = TRUE))
    .stop("the plots need the R package ggplot2: on Debian apt-get install r-cran-ggplot2, ",
          "elsewhere install.packages(\"ggplot2\")")
  asNamespace("ggplot2")
}

.strategy_colours <- function(n) grDevices::hcl.colors(max(n, 3), "Dark 3")[seq_len(n)]

# CEAC: the probability each strategy is cost-effective, and the
# cost-effectiveness acceptability frontier (the strategy with the highest
# expected net benefit) marked over it.
plot_ceac <- function(x, ...) {
  g <- .gg()
  d <- as.data.frame(x)
  d$strategy <- factor(d$strategy, levels = colnames(x$ceac))
  f <- d[d$on_frontier, , drop = FALSE]
  g$ggplot(d, g$aes(x = .data$lambda, y = .data$ceac, colour = .data$strategy)) +
    g$geom_line(linewidth = 0.7) +
    g$geom_point(data = f, g$aes(shape = "CEAF (highest expected net benefit)"), size = 1.8, colour = "black") +
    g$scale_shape_manual(name = NULL, values = 16) +
    g$scale_colour_manual(values = .strategy_colours(ncol(x$ceac))) +
    g$scale_y_continuous(limits = c(0, 1)) +
    g$labs(x = "willingness to pay per unit of effect", y = "probability cost-effective", colour = "strategy",
           title = "Cost-effectiveness acceptability curves and frontier")
}

plot_evpi <- function(x, ...) {
  g <- .gg()
  d <- data.frame(lambda = x$lambdas, evpi = x$evpi)
  g$ggplot(d, g$aes(x = .data$lambda, y = .data$evpi)) + g$geom_line(linewidth = 0.8) +
    g$expand_limits(y = 0) +
    g$labs(x = "willingness to pay per unit of effect", y = "EVPI per person",
           title = "Expected value of perfect information")
}

plot_expected_loss <- function(x, ...) {
  g <- .gg()
  d <- as.data.frame(x)
  d$strategy <- factor(d$strategy, levels = colnames(x$ceac))
  f <- d[d$on_frontier, , drop = FALSE]
  g$ggplot(d, g$aes(x = .data$lambda, y = .data$expected_loss, colour = .data$strategy)) +
    g$geom_line(linewidth = 0.7) +
    g$geom_point(data = f, g$aes(shape = "optimal strategy (lowest loss)"), size = 1.8, colour = "black") +
    g$scale_shape_manual(name = NULL, values = 16) +
    g$scale_colour_manual(values = .strategy_colours(ncol(x$ceac))) +
    g$expand_limits(y = 0) +
    g$labs(x = "willingness to pay per unit of effect", y = "expected loss", colour = "strategy",
           title = "Expected loss curves")
}

# CE plane: the incremental costs and effects of each strategy against the
# comparator (not drawn as a point: it is the origin), the mean of each,
# the willingness-to-pay line through the origin, the origin always in view.
plot_ce_plane <- function(x, wtp = NULL, ...) {
  g <- .gg()
  others <- setdiff(colnames(x$dcost), x$comparator)
  d <- as.data.frame(x)
  d <- d[d$strategy %in% others, , drop = FALSE]
  d$strategy <- factor(d$strategy, levels = others)
  mc <- psa_summary(x$dcost[, others, drop = FALSE])
  me <- psa_summary(x$deffect[, others, drop = FALSE])
  means <- data.frame(strategy = factor(others, levels = others), dcost = mc$mean, deffect = me$mean)
  p <- g$ggplot(d, g$aes(x = .data$deffect, y = .data$dcost, colour = .data$strategy)) +
    g$geom_hline(yintercept = 0, colour = "grey50") + g$geom_vline(xintercept = 0, colour = "grey50") +
    g$geom_point(size = 0.6, alpha = 0.35) +
    g$geom_point(data = means, size = 3.5, shape = 21, fill = "white", stroke = 1.4) +
    g$scale_colour_manual(values = .strategy_colours(length(others))) +
    g$expand_limits(x = 0, y = 0) +
    g$labs(x = "incremental effect", y = "incremental cost", colour = sprintf("vs %s", x$comparator),
           title = sprintf("Cost-effectiveness plane (comparator %s at the origin)", x$comparator),
           subtitle = "open circles: means")
  if (!is.null(wtp))
    p <- p + g$geom_abline(g$aes(slope = wtp, intercept = 0, linetype = sprintf("WTP %s", format(wtp, big.mark = ","))),
                           data = data.frame(wtp = wtp), colour = "black") +
      g$scale_linetype_manual(name = NULL, values = 2)
  p
}

# Efficiency frontier: strategies on the cost-effect plane, the frontier
# through the non-dominated ones, dominated and extendedly dominated marked.
plot_frontier <- function(x, ...) {
  g <- .gg()
  d <- as.data.frame(x)
  d$status <- factor(c(ND = "on the frontier", D = "dominated", ED = "extendedly dominated")[d$status],
                     levels = c("on the frontier", "dominated", "extendedly dominated"))
  nd <- d[d$status == "on the frontier", , drop = FALSE]
  nd <- nd[order(nd$effect), , drop = FALSE]
  g$ggplot(d, g$aes(x = .data$effect, y = .data$cost)) +
    g$geom_path(data = nd, colour = "grey30") +
    g$geom_point(g$aes(shape = .data$status, colour = .data$status), size = 3) +
    g$geom_text(g$aes(label = .data$strategy), vjust = -1, size = 3.2) +
    g$scale_shape_manual(values = c("on the frontier" = 16, dominated = 4, "extendedly dominated" = 1), drop = FALSE) +
    g$scale_colour_manual(values = c("on the frontier" = "black", dominated = "firebrick",
                                     "extendedly dominated" = "darkorange"), drop = FALSE) +
    g$scale_y_continuous(expand = g$expansion(mult = 0.12)) +
    g$labs(x = "effect", y = "cost", shape = NULL, colour = NULL, title = "Efficiency frontier")
}

# Incremental net benefit against willingness to pay, with its percentile
# interval: for each lambda the C library gives each simulation's net
# benefit of the increments (lambda x dE - dC) and their mean and interval.
inb_curves <- function(x, lambdas, lower = 0.025, upper = 0.975) {
  if (!inherits(x, "value_ceplane")) .stop("x must be a psa_incremental() result")
  others <- setdiff(colnames(x$dcost), x$comparator)
  lambdas <- lambdas[lambdas > 0]  # net health benefit, computed alongside, needs lambda > 0
  rows <- lapply(lambdas, function(l) {
    nb <- cea_net_benefit(as.vector(x$dcost[, others]), as.vector(x$deffect[, others]), l)$nmb
    s <- psa_summary(matrix(nb, ncol = length(others), dimnames = list(NULL, others)), lower, upper)
    data.frame(lambda = l, strategy = others, inb = s$mean, lower = s$lower, upper = s$upper)
  })
  structure(do.call(rbind, rows), comparator = x$comparator)
}

plot_inb <- function(x, lambdas, ...) {
  g <- .gg()
  d <- inb_curves(x, lambdas, ...)
  d$strategy <- factor(d$strategy, levels = unique(d$strategy))
  g$ggplot(d, g$aes(x = .data$lambda, y = .data$inb, colour = .data$strategy, fill = .data$strategy)) +
    g$geom_hline(yintercept = 0, colour = "grey50") +
    g$geom_ribbon(g$aes(ymin = .data$lower, ymax = .data$upper), alpha = 0.15, colour = NA) +
    g$geom_line(linewidth = 0.8) +
    g$scale_colour_manual(values = .strategy_colours(nlevels(d$strategy))) +
    g$scale_fill_manual(values = .strategy_colours(nlevels(d$strategy))) +
    g$labs(x = "willingness to pay per unit of effect", y = sprintf("incremental net benefit vs %s", attr(d, "comparator")),
           colour = "strategy", fill = "strategy", title = "Incremental net benefit",
           subtitle = "mean and 95% interval over the simulations")
}

# Tornado: one bar per parameter from the base result to the result at its
# low value and at its high value, widest on top; labels give the values.
plot_tornado <- function(x, ...) {
  g <- .gg()
  base <- attr(x, "base")
  num <- function(v) vapply(v, function(z) format(z, digits = 4), "")
  lab <- sprintf("%s (%s to %s)", x$parameter, num(x$low), num(x$high))
  lv <- rev(lab)
  d <- rbind(data.frame(parameter = factor(lab, levels = lv), end = "low value", result = x$result_low,
                        value = num(x$low)),
             data.frame(parameter = factor(lab, levels = lv), end = "high value", result = x$result_high,
                        value = num(x$high)))
  d$end <- factor(d$end, levels = c("low value", "high value"))
  g$ggplot(d) +
    g$geom_linerange(g$aes(y = .data$parameter, xmin = base, xmax = .data$result, colour = .data$end),
                     linewidth = 9, position = g$position_dodge(width = 0)) +
    g$geom_text(g$aes(y = .data$parameter, x = .data$result, label = .data$value,
                      hjust = ifelse(.data$result >= base, -0.15, 1.15)), size = 3) +
    g$geom_vline(xintercept = base, linetype = 2) +
    g$scale_colour_manual(values = c("low value" = "#2c7bb6", "high value" = "#d7191c")) +
    g$scale_x_continuous(expand = g$expansion(mult = 0.15)) +
    g$labs(x = sprintf("result (base %s)", format(base, digits = 6)), y = NULL, colour = "parameter at its",
           title = "One-way sensitivity (tornado)")
}

plot_markov_trace <- function(x, ...) {
  g <- .gg()
  w <- as.data.frame(x)
  states <- names(w)[-1]
  d <- data.frame(cycle = rep(w$cycle, length(states)), state = factor(rep(states, each = nrow(w)), levels = states),
                  share = unlist(w[states], use.names = FALSE))
  g$ggplot(d, g$aes(x = .data$cycle, y = .data$share, colour = .data$state)) + g$geom_line(linewidth = 0.8) +
    g$scale_colour_manual(values = .strategy_colours(length(states))) +
    g$scale_y_continuous(limits = c(0, 1)) +
    g$scale_x_continuous(breaks = function(l) unique(round(pretty(l)))) +
    g$labs(x = "cycle", y = "share of the cohort", colour = "state", title = "Markov trace")
}

# Funnel plot: the limits over the whole range of sizes, from near 0 to
# beyond the largest (the y range follows the providers and the limits at
# their sizes, so the funnel is not drawn flat), over-dispersed limits
# beside the plain ones when used, providers outside the limits coloured and
# labelled.
plot_funnel <- function(x, levels = c(0.95, 0.998), grid = 200, label_outliers = TRUE, ...) {
  g <- .gg()
  kind <- attr(x, "kind")
  target <- attr(x, "target")
  od <- attr(x, "overdispersion")
  phi <- if (od == "multiplicative") max(1, attr(x, "phi")) else 1
  tau2 <- if (od == "additive") attr(x, "tau2") else 0
  top <- max(x$size) * 1.05
  sizes <- top * seq_len(grid) / grid
  sizes <- sort(unique(c(min(x$size) / 4, sizes)))
  lim <- function(l, ph, t2, what) {
    v <- funnel_limits(sizes, kind, target, l, ph, t2)
    rbind(data.frame(size = sizes, limit = v$lower, side = "lower", level = l, what = what),
          data.frame(size = sizes, limit = v$upper, side = "upper", level = l, what = what))
  }
  adjusted <- phi > 1 || tau2 > 0
  plain <- do.call(rbind, lapply(levels, lim, 1, 0, if (adjusted) "without over-dispersion" else "limits"))
  lims <- if (adjusted) rbind(plain, do.call(rbind, lapply(levels, lim, phi, tau2, sprintf("with %s over-dispersion", od))))
          else plain
  lims$key <- sprintf("%g%% %s", 100 * lims$level, lims$what)
  lims$group <- paste(lims$key, lims$side)
  # one line type per key, the operative (over-dispersed) limits solid and dashed
  keys <- unique(c(lims$key[lims$what != "without over-dispersion"], lims$key))
  types <- stats::setNames(rep(c("solid", "dashed", "dotted", "dotdash"), length.out = length(keys)), keys)
  d <- as.data.frame(x)
  d$position <- factor(c("-2" = "below 99.8%", "-1" = "below 95%", "0" = "within", "1" = "above 95%",
                         "2" = "above 99.8%")[as.character(d$flag)],
                       levels = c("below 99.8%", "below 95%", "within", "above 95%", "above 99.8%"))
  # y range: the providers, and the limits from the smallest provider's size on
  at <- lims[lims$size >= min(x$size), ]
  ylim <- range(c(d$value, at$limit[is.finite(at$limit)]))
  out <- d[d$flag != 0, , drop = FALSE]
  p <- g$ggplot() +
    g$geom_hline(yintercept = target, colour = "grey40") +
    g$geom_line(data = lims, g$aes(x = .data$size, y = .data$limit, group = .data$group, linetype = .data$key)) +
    g$geom_point(data = d, g$aes(x = .data$size, y = .data$value, colour = .data$position), size = 2) +
    g$scale_linetype_manual(values = types, breaks = keys) +
    g$scale_colour_manual(values = c("below 99.8%" = "#2166ac", "below 95%" = "#67a9cf", within = "grey30",
                                     "above 95%" = "#ef8a62", "above 99.8%" = "#b2182b"), drop = FALSE) +
    g$coord_cartesian(xlim = c(0, top), ylim = ylim) +
    g$labs(x = switch(kind, ratio = "expected", rate = "population", "denominator"),
           y = switch(kind, ratio = "observed / expected", rate = "rate", "proportion"),
           colour = "provider", linetype = "control limits", title = "Funnel plot",
           subtitle = if (adjusted) sprintf("%s over-dispersion (phi %.3g, tau2 %.3g)", od, attr(x, "phi"), attr(x, "tau2")))
  if (label_outliers && nrow(out))
    p <- p + g$geom_text(data = out, g$aes(x = .data$size, y = .data$value, label = .data$label),
                         vjust = -0.8, size = 3)
  p
}

# Caterpillar (league) chart of O/E, or of crude rates, with intervals:
# providers from profile_results() or groups from risk_observed_expected().
plot_caterpillar <- function(x, value = c("oe", "rate"), target = NULL, ...) {
  g <- .gg()
  value <- match.arg(value)
  x <- as.data.frame(x)
  who <- if ("provider" %in% names(x)) x$provider else x$group
  cols <- if (value == "oe") c("oe", "lower", "upper") else c("crude_rate", "crude_lower", "crude_upper")
  miss <- setdiff(cols, names(x))
  if (length(miss)) .stop("x lacks column(s) ", paste(miss, collapse = ", "), " (from profile_results() or risk_observed_expected())")
  d <- data.frame(who = as.character(who), est = x[[cols[1]]], lower = x[[cols[2]]], upper = x[[cols[3]]])
  d$who <- factor(d$who, levels = d$who[order(d$est)])
  d$position <- factor(ifelse(d$lower > (if (is.null(target)) 1 else target), "above",
                              ifelse(d$upper < (if (is.null(target)) 1 else target), "below", "within")),
                       levels = c("below", "within", "above"))
  if (value == "rate" && is.null(target)) d$position <- factor("within", levels = c("below", "within", "above"))
  p <- g$ggplot(d, g$aes(y = .data$who, x = .data$est, colour = .data$position)) +
    g$geom_errorbarh(g$aes(xmin = .data$lower, xmax = .data$upper), height = 0.3) +
    g$geom_point(size = 2) +
    g$scale_colour_manual(values = c(below = "#2166ac", within = "grey30", above = "#b2182b"), drop = FALSE) +
    g$labs(x = if (value == "oe") "observed / expected" else "rate", y = NULL, colour = "interval vs target",
           title = if (value == "oe") "O/E by provider, with intervals" else "Rates by provider, with intervals")
  if (value == "oe" || !is.null(target)) p <- p + g$geom_vline(xintercept = if (is.null(target)) 1 else target, linetype = 2)
  p
}

# Settlement waterfall from the explanation lines, in their order: each
# money step is a bar from the level before it to the level it sets
# (benchmark, savings, shared, cap: the line's amount is that level;
# reduction and other adjustments: the line's amount is the change, so the
# level is the running sum); the payment is a total from 0.
.waterfall_changes <- c("reduction", "withhold", "withhold_returned", "quality_adjustment", "stoploss",
                        "sequestration", "adjustment")
plot_waterfall <- function(x, steps = c("benchmark", "savings", "shared", "cap", "reduction", "payment"), ...) {
  g <- .gg()
  l <- if (inherits(x, "value_settlement_result")) x$lines else as.data.frame(x)
  l <- l[l$step %in% steps, , drop = FALSE]
  if (!nrow(l)) .stop("x has no lines of the steps ", paste(steps, collapse = ", "))
  n <- nrow(l)
  start <- end <- numeric(n)
  level <- 0
  for (i in seq_len(n)) {
    if (l$step[i] == "payment" || i == 1) { start[i] <- 0; end[i] <- l$amount[i] }
    else if (l$step[i] %in% .waterfall_changes) { start[i] <- level; end[i] <- level + l$amount[i] }
    else { start[i] <- level; end[i] <- l$amount[i] }
    level <- end[i]
  }
  d <- data.frame(order = seq_len(n), step = factor(l$step, levels = unique(l$step)), start = start, end = end,
                  amount = l$amount, text = l$text,
                  kind = factor(ifelse(l$step == "payment" | seq_len(n) == 1, "total",
                                       ifelse(end > start, "up", ifelse(end < start, "down", "unchanged"))),
                              levels = c("total", "up", "down", "unchanged")))
  d$label <- formatC(d$amount, format = "f", digits = 0, big.mark = ",")
  g$ggplot(d) +
    g$geom_rect(g$aes(xmin = .data$order - 0.4, xmax = .data$order + 0.4, ymin = .data$start, ymax = .data$end,
                      fill = .data$kind)) +
    g$geom_segment(data = d[-n, , drop = FALSE],
                   g$aes(x = .data$order + 0.4, xend = .data$order + 0.6, y = .data$end, yend = .data$end),
                   colour = "grey40", linetype = 3) +
    g$geom_text(g$aes(x = .data$order, y = ifelse(.data$kind == "down", pmin(.data$start, .data$end), pmax(.data$start, .data$end)),
                      label = .data$label, vjust = ifelse(.data$kind == "down", 1.5, -0.5)), size = 3) +
    g$geom_hline(yintercept = 0, colour = "grey50") +
    g$scale_x_continuous(breaks = d$order, labels = as.character(d$step)) +
    g$geom_point(data = d[d$kind == "unchanged", , drop = FALSE], g$aes(x = .data$order, y = .data$end), shape = 95,
                 size = 12, colour = "grey30") +
    g$scale_fill_manual(values = c(total = "grey45", up = "#1a9850", down = "#d73027", unchanged = "grey80")) +
    g$scale_y_continuous(labels = function(v) format(v, big.mark = ",", scientific = FALSE, trim = TRUE),
                         expand = g$expansion(mult = c(0.05, 0.12))) +
    g$labs(x = NULL, y = "amount", fill = NULL, title = "Settlement waterfall")
}

# plot() methods: the ggplot of each result.
plot.value_ceac <- function(x, type = c("ceac", "evpi", "loss"), ...) {
  switch(match.arg(type), ceac = plot_ceac(x, ...), evpi = plot_evpi(x, ...), loss = plot_expected_loss(x, ...))
}
plot.value_ceplane <- function(x, wtp = NULL, ...) plot_ce_plane(x, wtp = wtp, ...)
plot.value_cea_frontier <- function(x, ...) plot_frontier(x, ...)
plot.value_tornado <- function(x, ...) plot_tornado(x, ...)
plot.value_markov_trace <- function(x, ...) plot_markov_trace(x, ...)
plot.value_funnel <- function(x, ...) plot_funnel(x, ...)
plot.value_settlement_result <- function(x, ...) plot_waterfall(x, ...)

# ggplot2's autoplot(), registered when ggplot2 is loaded (NAMESPACE).
autoplot.value_ceac <- function(object, ...) plot.value_ceac(object, ...)
autoplot.value_ceplane <- function(object, ...) plot_ce_plane(object, ...)
autoplot.value_cea_frontier <- function(object, ...) plot_frontier(object, ...)
autoplot.value_tornado <- function(object, ...) plot_tornado(object, ...)
autoplot.value_markov_trace <- function(object, ...) plot_markov_trace(object, ...)
autoplot.value_funnel <- function(object, ...) plot_funnel(object, ...)
autoplot.value_settlement_result <- function(object, ...) plot_waterfall(object, ...)
utils::globalVariables(".data")  # the pronoun of ggplot2::aes()
