# Kaplan-Meier curves, at-risk tables, median survival and RMST (C:
# lib/evaluation/survival_km.c), as survival::survfit(conf.type = "log-log")
# and survRM2 give them.  Thin layer: a data frame in, data frames out.

km_fit <- function(data, time = "time", event = "event", weight = NULL, group = NULL, level = 0.95) {
  if (!is.data.frame(data)) .stop("data must be a data frame, got ", class(data)[1])
  col <- function(name, what) {
    if (!is.character(name) || length(name) != 1) .stop(what, " must be a column name")
    if (!name %in% names(data)) .unknown_name("column", name, names(data))
    data[[name]]
  }
  f <- if (is.null(group)) NULL else factor(col(group, "group"))
  h <- value_survival_km_new(as.numeric(col(time, "time")), as.numeric(col(event, "event")),
                             if (is.null(weight)) NULL else as.numeric(col(weight, "weight")),
                             if (is.null(f)) NULL else as.integer(f) - 1L,
                             if (is.null(f)) 1L else nlevels(f))
  structure(list(handle = h, groups = if (is.null(f)) NULL else levels(f), group = group, level = level),
            class = "value_km")
}

# One group's rows (a flat row-major C result) as a data frame.
.km_frame <- function(flat, fit, k) {
  cols <- sort(value_survival_km_col[value_survival_km_col < VALUE_SURVIVAL_KM_N_COLS]) # the C order
  d <- as.data.frame(matrix(flat, ncol = VALUE_SURVIVAL_KM_N_COLS, byrow = TRUE))
  names(d) <- names(cols)
  d[is.na(d)] <- NA # S = 0 has no standard error or limits: NA, as survfit
  if (!is.null(fit$groups)) {
    d <- cbind(stats::setNames(data.frame(rep(fit$groups[k + 1L], nrow(d))), fit$group), d)
  }
  d
}

.km_groups <- function(fit) seq_len(max(1L, length(fit$groups))) - 1L

km_table <- function(fit) {
  do.call(rbind, lapply(.km_groups(fit), function(k) {
    m <- value_survival_km_size(fit$handle, k)
    .km_frame(value_survival_km_table(fit$handle, k, fit$level, m * VALUE_SURVIVAL_KM_N_COLS), fit, k)
  }))
}

km_at <- function(fit, times) {
  times <- as.numeric(times)
  do.call(rbind, lapply(.km_groups(fit), function(k) {
    .km_frame(value_survival_km_at(fit$handle, k, times, fit$level, length(times) * VALUE_SURVIVAL_KM_N_COLS),
              fit, k)
  }))
}

.km_by_group <- function(fit, rows) {
  d <- as.data.frame(do.call(rbind, rows))
  d[is.na(d)] <- NA # not reached: NA, as survfit prints
  if (!is.null(fit$groups)) d <- cbind(stats::setNames(data.frame(fit$groups), fit$group), d)
  d
}

km_median <- function(fit) {
  .km_by_group(fit, lapply(.km_groups(fit), function(k) {
    r <- value_survival_km_median(fit$handle, k, fit$level)
    c(median = r$out_median, lower = r$out_lower, upper = r$out_upper)
  }))
}

km_rmst <- function(fit, tau) {
  .km_by_group(fit, lapply(.km_groups(fit), function(k) {
    r <- value_survival_km_rmst(fit$handle, k, tau)
    c(rmst = r$out_rmst, se = r$out_se)
  }))
}

print.value_km <- function(x, ...) {
  cat(sprintf("<Kaplan-Meier fit: %s, level %g>\n",
              if (is.null(x$groups)) "one group" else paste(length(x$groups), "groups"), x$level))
  print(km_median(x), row.names = FALSE)
  invisible(x)
}

# Kaplan-Meier curves with their log-log limits (dashed), a cross at each
# censoring and the numbers at risk (km_at) under the curves.  Only the
# drawing coordinates are worked out here (the at-risk rows' heights, the
# default times as pretty() axis breaks).
plot_km <- function(x, times = NULL, ci = TRUE, ...) {
  g <- .gg()
  tab <- km_table(x)
  levs <- if (is.null(x$groups)) "all" else x$groups
  grp <- function(d) factor(if (is.null(x$groups)) rep("all", nrow(d)) else as.character(d[[x$group]]), levels = levs)
  d <- rbind(data.frame(group = factor(levs, levels = levs), time = 0, surv = 1, lower = 1, upper = 1),
             data.frame(group = grp(tab), time = tab$time, surv = tab$surv, lower = tab$lower, upper = tab$upper))
  d <- d[order(d$group, d$time), ]
  if (is.null(times)) times <- pretty(c(0, max(tab$time)))
  at <- km_at(x, times)
  rows <- data.frame(time = at$time, n = format(at$n_risk, trim = TRUE), group = grp(at),
                     y = -0.07 * as.integer(grp(at)))
  cens <- tab[tab$n_censor > 0, ]
  cens <- data.frame(time = cens$time, surv = cens$surv, group = grp(cens))
  p <- g$ggplot(d, g$aes(x = .data$time, y = .data$surv, colour = .data$group)) + g$geom_step(linewidth = 0.8)
  if (ci) {
    lim <- d[!is.na(d$lower), ]
    p <- p + g$geom_step(data = lim, g$aes(y = .data$lower), linetype = "dashed", linewidth = 0.3) +
      g$geom_step(data = lim, g$aes(y = .data$upper), linetype = "dashed", linewidth = 0.3)
  }
  p + g$geom_point(data = cens, shape = 3, size = 1.5) +
    g$geom_text(data = rows, g$aes(x = .data$time, y = .data$y, label = .data$n), size = 3, show.legend = FALSE) +
    g$scale_colour_manual(values = .strategy_colours(length(levs))) +
    g$scale_y_continuous(breaks = c(0, 0.25, 0.5, 0.75, 1)) +
    g$labs(x = "time", y = "survival (numbers at risk below)", colour = if (is.null(x$group)) NULL else x$group,
           title = "Kaplan-Meier")
}

plot.value_km <- function(x, ...) plot_km(x, ...)
autoplot.value_km <- function(object, ...) plot_km(object, ...)
