# Provider profiling, funnel plots, peer groups, disparities and fairness
# (C: lib/risk/profile.c, lib/risk/funnel.c, lib/risk/disparity.c, lib/risk/fairness.c).  Thin
# layer: factors become 0-based codes and results come back as data frames
# labelled by the factor's levels.

# Provider profile from patient records (provider, observed outcome,
# expected risk), or add per-provider counts with profile_add_counts().
provider_profile <- function(provider, observed = NULL, expected = NULL) {
  f <- factor(provider)
  p <- value_profile_new(nlevels(f))
  attr(p, "providers") <- levels(f)
  if (!is.null(observed)) value_profile_add_records(p, as.integer(f) - 1L, as.numeric(observed), as.numeric(expected))
  p
}

.provider_codes <- function(p, provider) {
  code <- match(as.character(provider), attr(p, "providers"))
  if (anyNA(code)) .stop("provider has values the profile was not created with")
  code - 1L
}

profile_add_records <- function(profile, provider, observed, expected)
  invisible(value_profile_add_records(profile, .provider_codes(profile, provider), as.numeric(observed),
                                      as.numeric(expected)))

profile_add_counts <- function(profile, provider, observed, expected, patients)
  invisible(value_profile_add_counts(profile, .provider_codes(profile, provider), as.numeric(observed),
                                     as.numeric(expected), as.numeric(patients)))

profile_merge <- function(into, from) invisible(value_profile_merge(into, from))

profile_results <- function(profile, level = 0.95, reference_rate = 0) {
  lv <- attr(profile, "providers")
  r <- value_profile_results(profile, level, reference_rate, length(lv))
  w <- value_profile_proportions(profile, level, length(lv))
  data.frame(provider = lv, patients = r$out_patients, observed = r$out_observed, expected = r$out_expected,
             oe = r$out_oe, lower = r$out_lower, upper = r$out_upper, rate = r$out_rate, z = r$out_z,
             crude_rate = w$out_rate, crude_lower = w$out_lower, crude_upper = w$out_upper)
}

as.data.frame.value_profile <- function(x, row.names = NULL, optional = FALSE, ...) profile_results(x, ...)

print.value_profile <- function(x, ...) {
  lv <- attr(x, "providers")
  cat(sprintf("<provider profile: %d providers (%s%s)>\n", length(lv), paste(utils::head(lv, 5), collapse = ", "),
              if (length(lv) > 5) ", ..." else ""),
      "  as.data.frame() or profile_results() for O/E, intervals and rates\n", sep = "")
  invisible(x)
}

funnel_limits <- function(size, kind = c("ratio", "proportion", "proportion_wilson", "rate"), target = 1,
                          level = 0.95, phi = 1, tau2 = 0) {
  kind <- .match_option(kind, value_funnel_kind)
  r <- value_funnel_limits(value_funnel_kind[[kind]], target, level, phi, tau2, as.numeric(size), length(size))
  data.frame(size = size, lower = r$out_lower, upper = r$out_upper)
}

# A funnel assessment; plot() draws the funnel plot.
funnel_plot_data <- function(observed, size, kind = c("ratio", "proportion", "proportion_wilson", "rate"),
                             target = 0, overdispersion = c("none", "multiplicative", "additive"), winsor = 0.1,
                             labels = NULL) {
  if (is.data.frame(observed)) {
    # a data frame: observed, and size (or expected, as profile_results()
    # gives), labelled by provider/label when present
    d <- observed
    sz <- if (!is.null(d$size)) "size" else "expected"
    .check_names("column", setdiff(c("observed", sz), names(d)), names(d))
    if (is.null(labels)) labels <- if (!is.null(d$provider)) d$provider else d$label
    observed <- d$observed; size <- d[[sz]]
  }
  kind <- .match_option(kind, value_funnel_kind)
  overdispersion <- .match_option(overdispersion, value_funnel_overdispersion)
  r <- value_funnel_assess(value_funnel_kind[[kind]], as.numeric(observed), as.numeric(size), target,
                           value_funnel_overdispersion[[overdispersion]], winsor, length(size))
  if (is.null(labels)) labels <- seq_along(size)
  structure(data.frame(label = labels, observed = observed, size = size, value = observed / size, z = r$out_z,
                       flag = r$out_flag),
            kind = kind, target = r$out_target,
            overdispersion = overdispersion, phi = r$out_phi, tau2 = r$out_tau2,
            class = c("value_funnel", "data.frame"))
}

format.value_funnel <- function(x, ...) {
  n <- table(factor(x$flag, levels = -2:2))
  c(sprintf("<funnel assessment: %d providers, %s, target %s, over-dispersion %s (phi %.4g, tau2 %.4g)>", nrow(x),
            attr(x, "kind"), format(attr(x, "target"), digits = 6), attr(x, "overdispersion"), attr(x, "phi"),
            attr(x, "tau2")),
    sprintf("  above the 99.8%% limits: %d, above 95%%: %d, within: %d, below 95%%: %d, below 99.8%%: %d",
            n[["2"]], n[["1"]], n[["0"]], n[["-1"]], n[["-2"]]),
    "  as.data.frame() for the table, plot() for the funnel")
}

# Providers by position against the limits, and the flagged ones.
summary.value_funnel <- function(object, ...) {
  pos <- c("-2" = "below 99.8%", "-1" = "below 95%", "0" = "within", "1" = "above 95%", "2" = "above 99.8%")
  n <- table(factor(object$flag, levels = -2:2))
  structure(data.frame(position = unname(pos), providers = as.integer(n),
                       labels = vapply(names(pos), function(k) paste(object$label[object$flag == as.integer(k)],
                                                                     collapse = ", "), "", USE.NAMES = FALSE)),
            class = c("summary.value_funnel", "data.frame"))
}

print.value_funnel <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}

peer_groups <- function(x, n_groups = 5) value_peer_groups(as.numeric(x), n_groups, length(x)) + 1L

peer_compare <- function(value, group) {
  r <- value_peer_compare(as.numeric(value), as.integer(factor(group)) - 1L, length(value))
  data.frame(value = value, group = group, peer_median = r$out_peer_median, difference = r$out_difference,
             ratio = r$out_ratio)
}

disparity_rates <- function(y, group, reference = NULL, level = 0.95) {
  f <- factor(group)
  ref <- if (is.null(reference)) 0L else match(as.character(reference), levels(f)) - 1L
  if (is.na(ref)) .stop("reference is not one of the groups")
  r <- value_disparity_rates(as.numeric(y), as.integer(f) - 1L, level, ref, nlevels(f))
  structure(data.frame(group = levels(f), n = r$out_n, rate = r$out_rate, lower = r$out_lower,
                       upper = r$out_upper, difference = r$out_difference, ratio = r$out_ratio),
            between_variance = r$out_between_variance, index_of_disparity = r$out_index)
}

allocate_budget <- function(budget, population, need, groups = names(population)) {
  r <- value_disparity_allocate_budget(budget, as.numeric(population), as.numeric(need), length(population))
  data.frame(group = if (is.null(groups)) seq_along(population) else groups, equality = r$out_equality,
             equity = r$out_equity, gap = r$out_gap)
}

.fair_stats <- c("n", "tp", "fp", "tn", "fn", "tpr", "fpr", "tnr", "fnr", "ppv", "npv", "selection", "accuracy",
                 "observed", "expected", "oe")

fairness_by_group <- function(y_true, score, group, threshold = 0.5) {
  f <- factor(group)
  g <- nlevels(f)
  k <- VALUE_FAIRNESS_N_STATS
  v <- value_fairness_by_group(as.numeric(y_true), as.numeric(score), as.integer(f) - 1L, threshold, g,
                               (g + 1) * k)
  m <- matrix(v, nrow = g + 1, byrow = TRUE, dimnames = list(NULL, .fair_stats))
  data.frame(group = c(levels(f), "(all)"), m)
}

fairness_summary <- function(y_true, score, group, threshold = 0.5) {
  f <- factor(group)
  stats::setNames(value_fairness_summary(as.numeric(y_true), as.numeric(score), as.integer(f) - 1L, threshold,
                                         nlevels(f), VALUE_FAIRNESS_N_SUMMARY),
                  c("tpr_difference", "tpr_ratio", "fpr_difference", "fpr_ratio", "selection_difference",
                    "selection_ratio", "equalized_odds_difference", "equalized_odds_ratio", "ppv_difference",
                    "fnr_difference", "oe_difference", "overall_ppv", "overall_tpr", "overall_accuracy"))
}

# Several models' scores on the same people: one row per model, overall
# precision beside the between-group gaps (the precision-fairness trade-off).
fairness_compare <- function(y_true, scores, group, threshold = 0.5) {
  rows <- lapply(scores, function(s) fairness_summary(y_true, s, group, threshold))
  data.frame(model = names(scores), do.call(rbind, rows), row.names = NULL)
}
