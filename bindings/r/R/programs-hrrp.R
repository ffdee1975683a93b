# Hospital Readmissions Reduction Program (C: lib/programs/hrrp.c; 42 CFR 412.152-412.154).
# Thin layer: conditions are named "ami", "hf", "pn", "copd", "tha_tka",
# "cabg"; data frames in, data frames out.

.hrrp_conditions <- function() .options(value_hrrp_condition, by_name = TRUE)  # alphabetical, as errors list them

.hrrp_codes <- function(condition) {
  table <- .hrrp_conditions()
  if (is.numeric(condition)) return(as.integer(condition))
  vapply(as.character(condition), function(v) .code(table, v, "condition"), integer(1), USE.NAMES = FALSE)
}

.hrrp_nan_to_na <- function(x) { x[is.nan(x)] <- NA_real_; x }

# The conditions that count toward the payment adjustment in a fiscal year.
hrrp_conditions <- function(fiscal_year) {
  value_cms_parameter("hrrp", as.integer(fiscal_year), "method", 0)  # an unknown year is an error
  Filter(function(k) {
    tryCatch(value_cms_parameter("hrrp", as.integer(fiscal_year), k, 0) == 1, error = function(e) FALSE)
  }, names(sort(.hrrp_conditions())))
}

# ERR = predicted / expected; NA below the minimum number of discharges.
hrrp_err <- function(fiscal_year, predicted, expected, discharges) {
  .hrrp_nan_to_na(value_hrrp_err(as.integer(fiscal_year), as.numeric(predicted), as.numeric(expected),
                                 as.numeric(discharges), length(predicted)))
}

# One hospital: a data frame of its conditions (condition, err, discharges,
# payments and, from FY 2019, peer_median) and its total payments.
hrrp_factor <- function(fiscal_year, conditions, total_payments, neutrality_modifier = 1) {
  fy <- as.integer(fiscal_year)
  cond <- .hrrp_codes(conditions$condition)
  stratified <- value_cms_parameter("hrrp", fy, "method", 0) == 2
  r <- if (stratified) {
    if (is.null(conditions$peer_median)) .stop("conditions needs a peer_median column from fiscal year 2019")
    value_hrrp_factor_stratified(fy, cond, as.numeric(conditions$err), as.numeric(conditions$discharges),
                                 as.numeric(conditions$payments), as.numeric(conditions$peer_median),
                                 as.numeric(total_payments), as.numeric(neutrality_modifier), length(cond))
  } else {
    value_hrrp_factor_nonstratified(fy, cond, as.numeric(conditions$err), as.numeric(conditions$discharges),
                                    as.numeric(conditions$payments), as.numeric(total_payments), length(cond))
  }
  out <- conditions
  out$contribution <- r$out_contribution
  structure(list(conditions = out, ratio = r$out_ratio, factor = r$out_factor), class = "value_hrrp_factor")
}

print.value_hrrp_factor <- function(x, ...) {
  cat(sprintf("HRRP payment adjustment factor %.4f (ratio %.6f)\n", x$factor, x$ratio))
  print(x$conditions)
  invisible(x)
}

# The whole program: hospitals (hospital id, dual_proportion, total_payments)
# and their conditions (hospital id, condition, err, discharges, payments).
hrrp_program <- function(fiscal_year, hospitals, conditions) {
  index <- match(conditions$hospital, hospitals$hospital)
  if (anyNA(index)) .stop("conditions$hospital has ids not in hospitals$hospital: ",
                         paste(head(unique(conditions$hospital[is.na(index)]), 5), collapse = ", "))
  dual <- if (is.null(hospitals$dual_proportion)) rep(NA_real_, nrow(hospitals)) else hospitals$dual_proportion
  r <- value_hrrp_program(as.integer(fiscal_year), as.numeric(dual), as.numeric(hospitals$total_payments),
                          as.integer(index - 1L), .hrrp_codes(conditions$condition), as.numeric(conditions$err),
                          as.numeric(conditions$discharges), as.numeric(conditions$payments), nrow(hospitals),
                          nrow(conditions))
  h <- hospitals
  h$peer_group <- r$out_peer_group
  h$ratio <- r$out_ratio
  h$factor <- r$out_factor
  cnd <- conditions
  cnd$peer_median <- .hrrp_nan_to_na(r$out_peer_median)
  cnd$contribution <- r$out_contribution
  structure(list(hospitals = h, conditions = cnd, neutrality_modifier = r$out_neutrality_modifier),
            class = "value_hrrp_program")
}

as.data.frame.value_hrrp_program <- function(x, row.names = NULL, optional = FALSE, ...) x$hospitals
as.data.frame.value_hrrp_factor <- function(x, row.names = NULL, optional = FALSE, ...) x$conditions

print.value_hrrp_program <- function(x, ...) {
  cat(sprintf("HRRP program: %d hospitals, %d conditions, neutrality modifier %.6f\n", nrow(x$hospitals),
              nrow(x$conditions), x$neutrality_modifier))
  print(utils::head(x$hospitals, 5))
  if (nrow(x$hospitals) > 5) cat(sprintf("... %d more hospitals; as.data.frame() for all\n", nrow(x$hospitals) - 5))
  invisible(x)
}
