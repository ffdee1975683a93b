# examples/aco_claims.R checked against an independent computation: base
# R's aggregate for the beneficiary-years and the settlement formulas of
# value.h (group "contract") written out here; and the duplicate-
# beneficiary cases refused (positions counted from 1).
# Run by tests/r.sh: Rscript aco_claims_check.R <examples dir>
# SPDX-License-Identifier: GPL-3.0-or-later
library(libvalue)
source(file.path(commandArgs(trailingOnly = TRUE)[1], "aco_claims.R"))  # defines; runs nothing
s <- aco_settle(aco_generate(tempdir()))
claims <- s$claims
elig <- s$eligibility
stopifnot(nrow(claims) == 1000000)

# Beneficiary-years: each beneficiary's claims summed, its ACO (one each), its months.
per <- aggregate(paid ~ beneficiary, data = claims, FUN = sum)
acos_of <- aggregate(aco ~ beneficiary, data = claims, FUN = function(a) length(unique(a)))
stopifnot(all(acos_of$aco == 1))
per$aco <- claims$aco[match(per$beneficiary, claims$beneficiary)]
per$months <- elig$months[match(per$beneficiary, elig$beneficiary)]
by_aco <- aggregate(cbind(paid, months) ~ aco, data = per, FUN = sum)
by_aco$n <- aggregate(paid ~ aco, data = per, FUN = length)$paid
rows_per_aco <- table(claims$aco)

tb <- s$book$table
for (i in seq_len(nrow(terms))) {
  t <- terms[i, ]
  got <- tb[tb$contract == t$contract, ]
  want <- by_aco[by_aco$aco == t$contract, ]
  # one record per beneficiary, not per claim row
  stopifnot(got$beneficiaries == want$n, got$beneficiaries < rows_per_aco[[t$contract]] / 10,
            got$member_months == want$months,
            abs(got$expenditure - want$paid) <= want$n * 2^-25)  # one 2^-24 rounding a beneficiary
  # B = b x M / 12; S = B - E; rate S / B
  B <- t$benchmark_per_capita * want$months / 12
  S <- B - want$paid
  rate <- S / B
  pay <- if (S > 0 && rate >= t$msr) {
    shared <- t$sharing_rate * (if (t$first_dollar == 1) S else S - t$msr * B)
    min(shared, if (is.na(t$savings_cap)) Inf else t$savings_cap * B)
  } else if (S < 0 && t$kind == "shared_risk" && -rate >= t$mlr) {
    -min(t$loss_sharing_rate * -S, if (is.na(t$loss_cap)) Inf else t$loss_cap * B)
  } else 0
  stopifnot(abs(got$benchmark - B) < 1e-6, abs(got$final_payment - pay) < 0.005)  # half a cent
  cat(sprintf("%s: %d claim rows -> %d beneficiaries; final payment %.2f (by hand %.2f)\n", t$contract,
              rows_per_aco[[t$contract]], want$n, got$final_payment, pay))
}
ln <- s$book$lines
stopifnot(identical(unique(ln$contract), terms$contract),
          all(tapply(ln$step, ln$contract, function(x) x[length(x)]) == "payment"),
          any(grepl("loss cap 1.50% of the benchmark", ln$text[ln$contract == "A3003"], fixed = TRUE)))

err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
# issue #20's mistake refused: claim rows as records with their beneficiary ids
l <- ledger(terms$contract)
m <- err(ledger_add(l, claims$aco, claims$paid, beneficiary = claims$beneficiary))
stopifnot(grepl("repeats", m), grepl("one record per beneficiary", m))
# a beneficiary's claim moved to another ACO: refused naming both rows (from 1), nothing added
moved <- claims
rows <- which(moved$beneficiary == "B000000")
moved$aco[rows[2]] <- "A2002"
m <- err(ledger_add_claims(l, moved, elig, contract = "aco"))
stopifnot(grepl(sprintf("claims row %d puts beneficiary 'B000000' under contract 'A2002', but row %d under contract 'A1001'",
                        rows[2], rows[1]), m, fixed = TRUE),
          grepl("has no records", err(contract_settle(contract("shared_savings", benchmark_per_capita = 1), l, "A1001"))))
cat("aco_claims: 4 ACOs checked against aggregate and the formulas by hand; duplicates refused\n")
