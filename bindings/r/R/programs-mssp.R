# CMS program parameters by year and the Medicare Shared Savings Program
# (C: lib/programs/cms.c, lib/programs/mssp.c; 42 CFR part 425).  Thin layer: tracks
# are value.h's VALUE_MSSP_ names without the prefix, in lower case.

cms_years <- function(program) {
  y <- value_cms_years(program)
  c(first = y[["out_first"]], last = y[["out_last"]])
}

cms_parameter <- function(program, year, key) {
  n <- value_cms_parameter_count(program, as.integer(year), key)
  vapply(seq_len(n) - 1, function(i) value_cms_parameter(program, as.integer(year), key, i), numeric(1))
}

.msr_choice <- function(x) if (is.null(x) || is.na(x)) -1 else as.numeric(x)

# The MSSP's rules as a contract; further contract parameters by name in ...
# (benchmark_per_capita = ..., revenue = ...).
mssp_contract <- function(year, track, msr_choice = NA, agreement_year = 1, quality_score = 1, ...) {
  c <- value_mssp_contract(as.integer(year), .code(value_mssp_track, track, "track"), .msr_choice(msr_choice),
                           as.integer(agreement_year), as.numeric(quality_score))
  params <- list(...)
  for (p in names(params)) value_contract_set(c, .code(.contract_params(), p, "contract term"), as.numeric(params[[p]]))
  attr(c, "kind") <- if (value_contract_kind_of(c) == VALUE_CONTRACT_SHARED_RISK) "shared_risk" else "shared_savings"
  c
}

# One row per ACO in, one settlement per ACO out: a data frame of amounts
# with the explanation as text, and the lines of all ACOs as attribute
# "lines" (aco, step, text, amount).
mssp_settle <- function(acos, year) {
  if (!is.data.frame(acos)) .stop("acos must be a data frame")
  need <- c("track", "assigned_beneficiaries", "benchmark", "expenditure")
  miss <- setdiff(need, names(acos))
  if (length(miss)) .stop("acos lacks column(s) ", paste(miss, collapse = ", "))
  col <- function(name, default) if (name %in% names(acos)) acos[[name]] else rep(default, nrow(acos))
  id <- col("aco", seq_len(nrow(acos)))
  quality <- col("quality_score", 1); msr <- col("msr_choice", NA); ay <- col("agreement_year", 1)
  revenue <- col("revenue", 0)
  rows <- vector("list", nrow(acos)); lines <- vector("list", nrow(acos))
  for (i in seq_len(nrow(acos))) {
    s <- .settlement(value_mssp_settle(as.integer(year), .code(value_mssp_track, as.character(acos$track[i]), "track"),
                                       .msr_choice(msr[i]), as.integer(ay[i]), as.numeric(quality[i]),
                                       as.numeric(acos$assigned_beneficiaries[i]), as.numeric(acos$benchmark[i]),
                                       as.numeric(acos$expenditure[i]), as.numeric(revenue[i])))
    a <- s$amounts
    rows[[i]] <- data.frame(aco = id[i], msr = a[["msr"]], savings = a[["savings"]],
                            savings_rate = a[["savings_rate"]], sharing_rate = a[["sharing_rate"]],
                            shared = a[["shared_after_cap"]], final_payment = a[["final_payment"]],
                            explanation = paste(s$lines$text, collapse = "\n"))
    lines[[i]] <- cbind(aco = rep(id[i], nrow(s$lines)), s$lines)
  }
  out <- do.call(rbind, rows)
  attr(out, "lines") <- do.call(rbind, lines)
  out
}
