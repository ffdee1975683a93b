# Discounting money and health over time (C module: lib/evaluation/discount.c).
# Thin layer: argument names and R-style results; the arithmetic is in C.

.timing_code <- function(timing) value_discount_timing[[.match_option(timing, value_discount_timing)]]

libvalue_version <- function() value_version()

discount_scheme <- function(rate, timing = c("end", "start", "mid"),
                            periods_per_year = 1, step_years = NULL,
                            step_rates = NULL) {
  if (length(step_years) != length(step_rates))
    .stop("step_years and step_rates must have the same length, got ",
         length(step_years), " and ", length(step_rates))
  d <- value_discount_new(rate)
  value_discount_set(d, VALUE_DISCOUNT_TIMING, .timing_code(timing))
  value_discount_set(d, VALUE_DISCOUNT_PERIODS_PER_YEAR, periods_per_year)
  for (k in seq_along(step_years))
    value_discount_add_step(d, step_years[[k]], step_rates[[k]])
  # the C library has no query for its steps: the scheme keeps those given
  attr(d, "steps") <- data.frame(from_year = as.numeric(step_years), rate = as.numeric(step_rates))
  d
}

discount_pv <- function(scheme, flows) value_discount_pv(scheme, flows)

discount_factor <- function(scheme, t)
  vapply(t, function(tt) value_discount_factor(scheme, tt), numeric(1))

discount_factors <- function(scheme, n) value_discount_factors(scheme, n)

discount_pv_rate <- function(flows, rate, timing = c("end", "start", "mid"))
  value_discount_pv_rate(flows, rate, .timing_code(timing))

discount_irr <- function(flows) value_discount_irr(flows)

# The rate schedule: the initial rate from year 0, then each step.
as.data.frame.value_discount <- function(x, row.names = NULL, optional = FALSE, ...) {
  steps <- attr(x, "steps")
  if (is.null(steps)) steps <- data.frame(from_year = numeric(0), rate = numeric(0))
  rbind(data.frame(from_year = 0, rate = value_discount_get(x, VALUE_DISCOUNT_RATE)), steps)
}

format.value_discount <- function(x, ...) {
  timing <- .option_name(value_discount_timing, value_discount_get(x, VALUE_DISCOUNT_TIMING))
  s <- as.data.frame(x)
  c(sprintf("<discount scheme: rate %g, timing %s, %d period(s) per year>",
            value_discount_get(x, VALUE_DISCOUNT_RATE), timing,
            as.integer(value_discount_get(x, VALUE_DISCOUNT_PERIODS_PER_YEAR))),
    if (nrow(s) > 1) sprintf("  steps: %s", paste(sprintf("%g from year %g", s$rate[-1], s$from_year[-1]), collapse = ", ")))
}

print.value_discount <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}
