# CMS program parameters by year and the Medicare Shared Savings Program
# (C: lib/programs/cms.c, lib/programs/mssp.c; 42 CFR part 425).  Thin layer: tracks
# are value.h's VALUE_MSSP_ names without the prefix, in lower case.  The
# ACO's further terms (value_mssp_term: quality_met, quality_threshold,
# euc_months_share, euc_beneficiary_share, benchmark_based_limit, period,
# termination_month, terminated_by_cms) go
# through the C terms handle when any is given (NA: not set), as does Track
# 1+.  period is 2019's performance year by name (value_mssp_period: "year",
# "jan_jun", "jul_dec"; 42 CFR 425.609).

cms_years <- function(program) {
  y <- value_cms_years(program)
  c(first = y[["out_first"]], last = y[["out_last"]])
}

cms_parameter <- function(program, year, key) {
  n <- value_cms_parameter_count(program, as.integer(year), key)
  vapply(seq_len(n) - 1, function(i) value_cms_parameter(program, as.integer(year), key, i), numeric(1))
}

.msr_choice <- function(x) if (is.null(x) || is.na(x)) -1 else as.numeric(x)

.mssp_extra <- c("quality_met", "quality_threshold", "euc_months_share", "euc_beneficiary_share",
                 "benchmark_based_limit", "period", "termination_month", "terminated_by_cms")

# A C value_mssp_terms handle with the terms that are not NA set.
.mssp_terms <- function(year, track, terms) {
  t <- value_mssp_terms_new(as.integer(year), .code(value_mssp_track, track, "track"))
  for (name in names(terms)) {
    v <- terms[[name]]
    if (is.null(v) || is.na(v)) next
    if (name == "period") v <- .code(value_mssp_period, as.character(v), "period")
    value_mssp_terms_set(t, .code(value_mssp_term, name, "term"), as.numeric(v))
  }
  t
}

.mssp_use_terms <- function(track, extra) identical(track, "track_1_plus") || any(!vapply(extra, is.na, TRUE))

# The MSSP's rules as a contract; further contract parameters by name in ...
# (benchmark_per_capita = ..., revenue = ...).
mssp_contract <- function(year, track, msr_choice = NA, agreement_year = 1, quality_score = 1, ...,
                          quality_met = NA, benchmark_based_limit = NA, period = NA) {
  extra <- list(quality_met = quality_met, benchmark_based_limit = benchmark_based_limit, period = period)
  c <- if (.mssp_use_terms(track, extra)) {
    value_mssp_terms_contract(.mssp_terms(year, track, c(list(msr_choice = .msr_choice(msr_choice),
                                                              agreement_year = agreement_year,
                                                              quality_score = quality_score), extra)))
  } else {
    value_mssp_contract(as.integer(year), .code(value_mssp_track, track, "track"), .msr_choice(msr_choice),
                        as.integer(agreement_year), as.numeric(quality_score))
  }
  params <- list(...)
  for (p in names(params)) value_contract_set(c, .code(.contract_params(), p, "contract term"), as.numeric(params[[p]]))
  attr(c, "kind") <- if (value_contract_kind_of(c) == VALUE_CONTRACT_SHARED_RISK) "shared_risk" else "shared_savings"
  c
}

# One row per ACO in, one settlement per ACO out: a data frame of amounts
# (with generated: CMS's GenSaveLoss beside final_payment, the earned
# amount) with the explanation as text, and the lines of all ACOs as
# attribute "lines" (aco, step, text, amount).  Optional columns:
# quality_score, msr_choice, agreement_year, revenue (0: not given) and the
# further terms (NA: not set).
mssp_settle <- function(acos, year) {
  if (!is.data.frame(acos)) .stop("acos must be a data frame")
  need <- c("track", "assigned_beneficiaries", "benchmark", "expenditure")
  miss <- setdiff(need, names(acos))
  if (length(miss)) .stop("acos lacks column(s) ", paste(miss, collapse = ", "))
  col <- function(name, default) if (name %in% names(acos)) acos[[name]] else rep(default, nrow(acos))
  id <- col("aco", seq_len(nrow(acos)))
  quality <- col("quality_score", 1); msr <- col("msr_choice", NA); ay <- col("agreement_year", 1)
  revenue <- col("revenue", 0)
  extra <- lapply(stats::setNames(.mssp_extra, .mssp_extra), function(k) col(k, NA))
  rows <- vector("list", nrow(acos)); lines <- vector("list", nrow(acos))
  for (i in seq_len(nrow(acos))) {
    track <- as.character(acos$track[i])
    x <- lapply(extra, `[[`, i)
    h <- if (.mssp_use_terms(track, x)) {
      t <- .mssp_terms(year, track, c(list(msr_choice = .msr_choice(msr[i]), agreement_year = ay[i],
                                           quality_score = quality[i],
                                           revenue = if (is.na(revenue[i]) || revenue[i] == 0) NA else revenue[i]),
                                      x))
      value_mssp_terms_settle(t, as.numeric(acos$assigned_beneficiaries[i]), as.numeric(acos$benchmark[i]),
                              as.numeric(acos$expenditure[i]))
    } else {
      value_mssp_settle(as.integer(year), .code(value_mssp_track, track, "track"),
                        .msr_choice(msr[i]), as.integer(ay[i]), as.numeric(quality[i]),
                        as.numeric(acos$assigned_beneficiaries[i]), as.numeric(acos$benchmark[i]),
                        as.numeric(acos$expenditure[i]), as.numeric(revenue[i]))
    }
    generated <- value_mssp_generated(h)
    s <- .settlement(h)
    a <- s$amounts
    rows[[i]] <- data.frame(aco = id[i], msr = a[["msr"]], savings = a[["savings"]],
                            savings_rate = a[["savings_rate"]], sharing_rate = a[["sharing_rate"]],
                            shared = a[["shared_after_cap"]], generated = generated,
                            final_payment = a[["final_payment"]],
                            explanation = paste(s$lines$text, collapse = "\n"))
    lines[[i]] <- cbind(aco = rep(id[i], nrow(s$lines)), s$lines)
  }
  out <- do.call(rbind, rows)
  attr(out, "lines") <- do.call(rbind, lines)
  out
}
