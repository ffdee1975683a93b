# An ACO analyst's book from claims to settlement, in R: a claims CSV of
# 1,000,000 rows for four ACOs (50,708 beneficiaries), read with read.csv,
# turned into one record per beneficiary-year (claims summed, person-years
# from months of eligibility), settled per ACO on its own terms, and
# printed as a per-ACO table with the explanation lines.  The mistake of
# issue #20 -- claim rows added as beneficiaries -- is refused.
# examples/aco_claims.py builds the same files (the same integer
# generator) and prints the same numbers.
# Usage: Rscript aco_claims.R [directory]  (default: a temporary directory)
# SPDX-License-Identifier: GPL-3.0-or-later
library(libvalue)

acos <- data.frame(id = c("A1001", "A2002", "A3003", "A4004"), size = c(5708, 12000, 3000, 30000))
n_claims <- 1000000

# Each ACO's terms (NA: not a term of its kind), as in aco_claims.py.
terms <- data.frame(contract = acos$id, kind = c("shared_savings", "shared_savings", "shared_risk", "shared_risk"),
                    benchmark_per_capita = c(7000, 6600, 5500, 6400), msr = c(0.03, 0.02, 0.02, 0.02),
                    sharing_rate = c(0.5, 0.5, 0.5, 0.6), first_dollar = c(1, 1, 1, 0),
                    savings_cap = c(NA, NA, NA, 0.10), mlr = c(NA, NA, 0.02, 0.02),
                    loss_sharing_rate = c(NA, NA, 0.4, 0.4), loss_cap = c(NA, NA, 0.015, NA),
                    stringsAsFactors = FALSE)

# claims.csv and eligibility.csv from integer hashes (exact in doubles;
# %% binds tighter than * in R, hence the parentheses).
aco_generate <- function(directory) {
  nb <- sum(acos$size)
  b <- seq_len(nb) - 1
  aco_of <- rep(seq_len(nrow(acos)), acos$size)
  ids <- sprintf("B%06d", b)
  months <- ifelse(b %% 7 == 0, 1 + (b %/% 7) %% 11, 12)  # every 7th joined or left during the year
  risk <- (60 + (b * 37) %% 100) / 100
  r <- seq_len(n_claims) - 1
  ben <- floor(((r * 2654435761) %% 2^32) / 2^32 * nb)
  v <- (((r + 12345) * 40503 * 65537) %% 2^32) / 2^32
  cents <- 2000 + floor(98000 * v * v * v) + ifelse((r * 69069 + 1) %% 1000 == 0, 2500000, 0)
  claims <- data.frame(beneficiary = ids[ben + 1], aco = acos$id[aco_of[ben + 1]], paid = cents / 100)
  paths <- file.path(directory, c("claims.csv", "eligibility.csv"))
  write.csv(claims, paths[1], row.names = FALSE)
  write.csv(data.frame(beneficiary = ids, months = months, risk_score = risk), paths[2], row.names = FALSE)
  paths
}

# The CSVs read and settled: list(claims, eligibility, book).
aco_settle <- function(paths) {
  claims <- read.csv(paths[1], colClasses = c("character", "character", "numeric"))
  eligibility <- read.csv(paths[2], colClasses = c("character", "numeric", "numeric"))
  l <- ledger(terms$contract)  # keyed by the ACOs' own ids
  ledger_add_claims(l, claims, eligibility, contract = "aco")
  list(claims = claims, eligibility = eligibility, book = settle_all(l, terms))
}

money <- function(x) formatC(x, format = "f", digits = 2, big.mark = ",")

if (sys.nframe() == 0L) {
  args <- commandArgs(trailingOnly = TRUE)
  directory <- if (length(args)) args[1] else tempdir()
  s <- aco_settle(aco_generate(directory))
  cat(sprintf("%d claim rows, %d beneficiaries\n", nrow(s$claims), length(unique(s$claims$beneficiary))))
  t <- s$book$table
  for (i in seq_len(nrow(t)))
    cat(sprintf("%s %-14s %6d beneficiaries %10.2f person-years  benchmark %15s  expenditure %15s  savings rate %6.2f%%  final payment %14s\n",
                t$contract[i], t$kind[i], as.integer(t$beneficiaries[i]), t$member_months[i] / 12,
                money(t$benchmark[i]), money(t$expenditure[i]), 100 * t$savings_rate[i], money(t$final_payment[i])))
  for (aco in c("A1001", "A3003")) {
    cat(sprintf("%s, line by line:\n", aco))
    ln <- s$book$lines[s$book$lines$contract == aco, ]
    cat(sprintf("  %-12s %s\n", ln$step, ln$text), sep = "")
  }
  # issue #20's mistake: claim rows added as beneficiary records
  msg <- tryCatch({
    ledger_add(ledger(terms$contract), s$claims$aco, s$claims$paid, beneficiary = s$claims$beneficiary)
    "accepted"
  }, error = conditionMessage)
  cat(sprintf("claim rows as records: refused: %s\n", msg))
}
