# Outcome measures, EQ-5D-3L utilities and QALYs (C: lib/evaluation/outcome.c,
# lib/evaluation/eq5d.c, lib/evaluation/qaly.c).  Thin layer: names in, lists/vectors out.

.outcome_codes <- list(
  type = value_outcome_type,
  level = value_outcome_level,
  direction = .options(value_outcome_direction, rename = c(higher_is_better = "higher", lower_is_better = "lower")),
  stat = value_outcome_stat,
  ci = value_outcome_ci)

outcome_measure <- function(name, type = "clinical", level = "outcome", direction = "higher",
                            stat = "rate", unit = "", confidence = 0.95, ci = NULL) {
  k <- .outcome_codes
  m <- value_outcome_new(name, .code(k$type, type, "type"), .code(k$level, level, "level"),
                         .code(k$direction, direction, "direction"), .code(k$stat, stat, "stat"), unit)
  value_outcome_set(m, VALUE_OUTCOME_CONFIDENCE, confidence)
  if (!is.null(ci)) value_outcome_set(m, VALUE_OUTCOME_CI_METHOD, .code(k$ci, ci, "ci"))
  m
}

outcome_compute <- function(measure, values) {
  r <- value_outcome_compute(measure, values)
  c(estimate = r$out_estimate, lower = r$out_lower, upper = r$out_upper)
}

outcome_compare <- function(measure, a, b) value_outcome_compare(measure, a, b)

print.value_outcome <- function(x, ...) {
  d <- value_outcome_describe(x)
  k <- .outcome_codes
  cat(sprintf("<outcome measure '%s': %s %s (%s level), %s is better%s>\n", d$out_name,
              .option_name(k$type, d$out_type), .option_name(k$stat, d$out_stat),
              .option_name(k$level, d$out_level), .option_name(k$direction, d$out_direction),
              if (nzchar(d$out_unit)) paste0(", unit ", d$out_unit) else ""))
  invisible(x)
}

wilson_ci <- function(x, n, confidence = 0.95) {
  r <- value_outcome_wilson(x, n, confidence)
  c(lower = r$out_lower, upper = r$out_upper)
}

eq5d_value_set <- function(name = NULL, text = NULL, path = NULL) {
  given <- !c(is.null(name), is.null(text), is.null(path))
  if (sum(given) != 1) .stop("give exactly one of name, text or path")
  if (given[1]) value_eq5d_builtin(name)
  else if (given[2]) value_eq5d_parse(text)
  else value_eq5d_load(path.expand(path))
}

eq5d_index <- function(value_set, states) {
  states <- as.integer(states)
  value_eq5d_indices(value_set, states, length(states))
}

print.value_eq5d <- function(x, ...) {
  cat(sprintf("<EQ-5D-3L value set '%s'>\n", value_eq5d_name(x)))
  invisible(x)
}

qalys <- function(times, utilities, interp = c("linear", "step"), discount = 0,
                  convention = c("continuous", "per_period")) {
  interp <- .match_option(interp, value_qaly_interp, "linear")
  convention <- .match_option(convention, value_qaly_discounting)
  d <- if (inherits(discount, "value_discount")) discount else discount_scheme(discount)
  r <- value_qaly_profile(times, utilities, value_qaly_interp[[interp]], d, value_qaly_discounting[[convention]])
  c(qalys = r$out_qalys, life_years = r$out_life_years)
}
