# Ledgers keyed by contract ids, claims to beneficiary records and the
# per-contract settle_all, against hand-worked numbers.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)

# Claims (beneficiary, ACO, paid): b1 A1 100, b2 A1 250, b1 A1 400, b3 B2
# 1000, b1 A1 -50, b3 B2 20: A1 has b1 (450) and b2 (250), 2 records, cost
# 700; B2 has b3 (1020).  Months b1 12, b2 6, b3 9: A1 18, B2 9.
claims <- data.frame(beneficiary = c("b1", "b2", "b1", "b3", "b1", "b3"), aco = c("A1", "A1", "A1", "B2", "A1", "B2"),
                     paid = c(100, 250, 400, 1000, -50, 20))
elig <- data.frame(beneficiary = c("b1", "b2", "b3"), months = c(12, 6, 9), risk_score = c(1, 1.5, 1.2))
l <- ledger(c("A1", "B2"))
ledger_add_claims(l, claims, elig, contract = "aco")
stopifnot(identical(ledger_ids(l), c("A1", "B2")))
t <- contract_settle(contract("shared_savings", benchmark_per_capita = 600), l, "A1")$amounts
stopifnot(t[["beneficiaries"]] == 2, t[["expenditure"]] == 700, t[["member_months"]] == 18)
# without eligibility: 12 months each
l0 <- ledger(c("A1", "B2"))
ledger_add_claims(l0, claims, contract = "aco")
stopifnot(contract_settle(contract("shared_savings", benchmark_per_capita = 600), l0, "A1")$amounts[["member_months"]] == 24)

# claim rows given as records with their beneficiary ids: refused (positions from 1)
stopifnot(grepl("beneficiary[3] repeats beneficiary[1] ('b1')",
                err(ledger_add(ledger(c("A1", "B2")), claims$aco, claims$paid, beneficiary = claims$beneficiary)),
                fixed = TRUE))
# a beneficiary under two contracts: refused naming both rows (from 1), nothing added
l2 <- ledger(c("A1", "B2"))
bad <- claims
bad$aco <- c("A1", "A1", "B2", "B2", "A1", "B2")
stopifnot(grepl("claims row 3 puts beneficiary 'b1' under contract 'B2', but row 1 under contract 'A1'",
                err(ledger_add_claims(l2, bad, contract = "aco")), fixed = TRUE),
          grepl("'C3'", err(ledger_add(l2, "C3", 1))), grepl("repeats", err(ledger(c("A1", "A1")))),
          grepl("'b9'", err(ledger_add_claims(l2, transform(claims, beneficiary = "b9"), elig, contract = "aco"))))

# A1: benchmark 600 x 18/12 = 900, E 700, savings 200 (22.2% >= 2%), 50% -> 100.
# B2 (two-sided): benchmark 1200 x 9/12 = 900, E 1020, losses 120 (13.3% >=
# MLR 2%), loss sharing 60% -> owes 72.
terms <- data.frame(contract = c("A1", "B2"), kind = c("shared_savings", "shared_risk"),
                    benchmark_per_capita = c(600, 1200), msr = 0.02, sharing_rate = 0.5, mlr = c(NA, 0.02),
                    loss_sharing_rate = c(NA, 0.6))
book <- settle_all(l, terms)
tb <- book$table
stopifnot(identical(tb$contract, c("A1", "B2")), identical(tb$kind, c("shared_savings", "shared_risk")),
          abs(tb$benchmark - c(900, 900)) < 1e-9, abs(tb$final_payment - c(100, -72)) < 1e-9, is.na(tb$mlr[1]),
          identical(unique(book$lines$contract), c("A1", "B2")),
          any(grepl("owes 60.00% of 120", book$lines$text[book$lines$contract == "B2"])),
          identical(book$lines$line[book$lines$contract == "A1"], seq_len(sum(book$lines$contract == "A1"))))
one <- settle_all(l, list(A1 = contract("shared_savings", benchmark_per_capita = 600, msr = 0.02)))
stopifnot(abs(one$table$final_payment - 100) < 1e-9,
          grepl("contract A1: the benchmark is 0", err(settle_all(l, data.frame(contract = "A1", benchmark_per_capita = 0)))))
