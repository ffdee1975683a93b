# Payment contracts from R: hand-worked settlements, ledger merge and bytes.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)

# shared savings: 3 beneficiaries x 12 months, benchmark 10,000 per capita ->
# B = 30,000; E = 27,000; savings 3,000 (10% >= MSR 2%); shared 50% -> 1,500
c <- contract("shared_savings", benchmark_per_capita = 10000, msr = 0.02, sharing_rate = 0.5)
l <- ledger(2)
ledger_add(l, c(1, 1, 1, 2), c(8000, 9000, 10000, 500))
s <- contract_settle(c, l, 1)
stopifnot(s$amounts[["benchmark"]] == 30000, s$amounts[["final_payment"]] == 1500, nrow(s$lines) >= 3,
          any(grepl("MSR 2.00%", s$lines$text)))
# above the MSR only: 50% x (3,000 - 2% x 30,000) = 1,200; MSR 12% not met: 0
stopifnot(contract_settle(contract("shared_savings", benchmark_per_capita = 10000, msr = 0.02, sharing_rate = 0.5,
                                   first_dollar = 0), l)$amounts[["final_payment"]] == 1200,
          contract_settle(contract("shared_savings", benchmark_per_capita = 10000, msr = 0.12), l)$amounts[["final_payment"]] == 0)
# the ledger round-trips through bytes and merges to the one-pass totals
b <- ledger_deserialize(ledger_serialize(l))
stopifnot(contract_settle(c, b, 1)$amounts[["final_payment"]] == 1500)
l1 <- ledger(2); ledger_add(l1, c(1, 2), c(8000, 500)); l2 <- ledger(2); ledger_add(l2, c(1, 1), c(9000, 10000))
ledger_merge(l2, l1)
stopifnot(identical(contract_settle(c, l2, 1)$amounts, s$amounts))
bad <- ledger_serialize(l); bad[length(bad) %/% 2] <- as.raw(bitwXor(as.integer(bad[length(bad) %/% 2]), 1L))
stopifnot(nchar(err(ledger_deserialize(bad))) > 0, grepl("msr", err(contract("shared_savings", msr = 1.5))))
# fee-for-service: 2 x 100 + 1 x 40 = 240
f <- contract("ffs", fee_schedule = c("99213" = 100, "36415" = 40))
stopifnot(contract_settle_services(f, c(99213, 36415), c(2, 1))$amounts[["final_payment"]] == 240)
# the seeds' incentive case: a visit (cost 60, revenue 100) vs a coordination call
# (cost 20, health +0.02, later spending -300): FFS pays for the visit, capitation for the call
a <- data.frame(cost = c(0, 60, 20), revenue = c(0, 100, 0), health = c(0, 0, 0.02), later_spending = c(0, 0, -300))
stopifnot(attr(incentive_choice(a, "ffs"), "best") == 2, attr(incentive_choice(a, "capitation", amount = 600), "best") == 3)
