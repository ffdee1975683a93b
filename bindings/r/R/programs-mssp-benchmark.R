# The MSSP benchmark arithmetic (C: lib/programs/mssp_benchmark.c; 42 CFR
# 425.601-.603, 425.652-.656).  Thin layer: the four enrollment types are
# value.h's value_mssp_enrollment names ("esrd", "disabled", "aged_dual",
# "aged_nondual"); a data frame by type has those names in a column `type`
# (rows in any order) or its four rows in that order.

.mssp_types <- function() names(value_mssp_enrollment)

# A per-type vector in value.h's order: a named vector is matched by name.
.mssp_by_type <- function(x, what) {
  types <- .mssp_types()
  if (!is.null(names(x))) {
    .check_names(paste("enrollment type in", what), names(x), types)
    miss <- setdiff(types, names(x))
    if (length(miss)) .stop(what, " lacks ", paste(sprintf("'%s'", miss), collapse = ", "))
    x <- x[types]
  }
  as.numeric(x)
}

# The columns `need` of a data frame by type, in value.h's order of types;
# `defaults` fill optional columns.
.mssp_frame <- function(data, need, what, defaults = list()) {
  if (!is.data.frame(data)) .stop(what, " must be a data frame")
  .check_names(paste("column of", what), setdiff(names(data), "type"), need)
  if ("type" %in% names(data)) {
    types <- .mssp_types()
    .check_names(paste("enrollment type in", what), as.character(data$type), types)
    miss <- setdiff(types, data$type)
    if (length(miss)) .stop(what, " lacks ", paste(sprintf("'%s'", miss), collapse = ", "))
    data <- data[match(types, data$type), , drop = FALSE]
  }
  lapply(stats::setNames(need, need), function(n) {
    if (n %in% names(data)) as.numeric(data[[n]])
    else if (!is.null(defaults[[n]])) rep(defaults[[n]], nrow(data))
    else .stop(what, " lacks column '", n, "'")
  })
}

.mssp_out <- function(v, column) {
  d <- data.frame(type = .mssp_types(), stringsAsFactors = FALSE)
  d[[column]] <- as.numeric(v)
  d
}

mssp_benchmark_year_weights <- function(agreement_start_year, agreement_period = 1) {
  w <- value_mssp_benchmark_year_weights(as.integer(agreement_start_year), as.integer(agreement_period), 3)
  stats::setNames(w, c("by1", "by2", "by3"))
}

mssp_benchmark_blend <- function(national, regional, national_weight) {
  w <- if (length(national_weight) == 1) rep(national_weight, length(value_mssp_enrollment)) else national_weight
  f <- value_mssp_benchmark_blend(.mssp_by_type(national, "national"), .mssp_by_type(regional, "regional"),
                                  .mssp_by_type(w, "national_weight"), length(value_mssp_enrollment))
  stats::setNames(f, .mssp_types())
}

mssp_benchmark_historical <- function(data, year_weights) {
  cols <- .mssp_frame(data, c("expenditure_by1", "expenditure_by2", "expenditure_by3", "risk_by1", "risk_by2",
                           "risk_by3", "trend_by1", "trend_by2", "persons_by3"), "data")
  r <- value_mssp_benchmark_historical(cols$expenditure_by1, cols$expenditure_by2, cols$expenditure_by3, cols$risk_by1,
                                       cols$risk_by2, cols$risk_by3, cols$trend_by1, cols$trend_by2, cols$persons_by3,
                                       as.numeric(year_weights), length(value_mssp_enrollment))
  list(by_type = .mssp_out(r[["out_type"]], "benchmark"), benchmark = r[["out"]])
}

mssp_benchmark_regional <- function(agreement_start_year, agreement_period, data, offset = 0) {
  cols <- .mssp_frame(data, c("benchmark", "regional", "national", "persons"), "data")
  r <- value_mssp_benchmark_regional(as.integer(agreement_start_year), as.integer(agreement_period), cols$benchmark,
                                     cols$regional, cols$national, cols$persons, as.numeric(offset),
                                     length(value_mssp_enrollment))
  list(by_type = .mssp_out(r[["out_adjustment"]], "adjustment"), weight = r[["out_weight"]])
}

mssp_benchmark_risk_ratio <- function(agreement_start_year, risk_by3, risk_py) {
  r <- value_mssp_benchmark_risk_ratio(as.integer(agreement_start_year), .mssp_by_type(risk_by3, "risk_by3"),
                                       .mssp_by_type(risk_py, "risk_py"), length(value_mssp_enrollment))
  stats::setNames(r, .mssp_types())
}

mssp_benchmark_risk_ratio_continuity <- function(agreement_start_year, data) {
  cols <- .mssp_frame(data, c("persons_new", "hcc_ref_new", "hcc_py_new", "persons_continuing",
                              "hcc_ref_continuing", "hcc_py_continuing", "demo_ref_continuing",
                              "demo_py_continuing"), "data")
  r <- value_mssp_benchmark_risk_ratio_continuity(as.integer(agreement_start_year), cols$persons_new,
                                                  cols$hcc_ref_new, cols$hcc_py_new, cols$persons_continuing,
                                                  cols$hcc_ref_continuing, cols$hcc_py_continuing,
                                                  cols$demo_ref_continuing, cols$demo_py_continuing,
                                                  length(value_mssp_enrollment))
  stats::setNames(r, .mssp_types())
}

mssp_benchmark_update <- function(data) {
  cols <- .mssp_frame(data, c("benchmark", "adjustment", "risk_ratio", "update_factor", "update_dollars",
                           "persons_py"), "data",
                   # no regional adjustment, a factor of 1, 0 dollars (amounts, not enum numbers)
                   list(adjustment = 0.0, update_factor = 1.0, update_dollars = 0.0))
  r <- value_mssp_benchmark_update(cols$benchmark, cols$adjustment, cols$risk_ratio, cols$update_factor, cols$update_dollars,
                                   cols$persons_py, length(value_mssp_enrollment))
  list(by_type = .mssp_out(r[["out_type"]], "benchmark"), benchmark = r[["out"]])
}
