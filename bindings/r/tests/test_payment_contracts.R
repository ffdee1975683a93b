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
# every contract at once: contract 1 as above (1,500 of B = 30,000);
# contract 2: one beneficiary, B = 10,000, E = 500, savings 9,500 (95%),
# 50% -> 4,750; contract 3 has no records -> NA
l3 <- ledger(3)
ledger_add(l3, c(1, 1, 1, 2), c(8000, 9000, 10000, 500))
all <- contract_settle_all(c, l3, c("final_payment", "benchmark"))
stopifnot(identical(all$contract, 1:3), all$final_payment[1:2] == c(1500, 4750), all$benchmark[1:2] == c(30000, 10000),
          is.na(all$final_payment[3]), identical(contract_settle_all(c, l3)$final_payment, all$final_payment),
          grepl("unknown item 'no_such_item'", err(contract_settle_all(c, l3, "no_such_item"))))
# records on 2 threads (200,000: each thread takes >= 65,536) give the one-thread ledger byte for byte
n <- 200000
k <- (seq_len(n) %% 7) + 1
cost <- ((seq_len(n) * 7919) %% 20011) + 0.37
one <- ledger(7, upper = rep(15000, 7)); ledger_add(one, k, cost, 0.5 + (seq_len(n) %% 5) / 4, 1 + seq_len(n) %% 12)
two <- ledger(7, upper = rep(15000, 7), threads = 2)
ledger_add(two, k, cost, 0.5 + (seq_len(n) %% 5) / 4, 1 + seq_len(n) %% 12)
stopifnot(identical(ledger_serialize(one), ledger_serialize(two)),
          grepl("threads must be from 1 to 256, got 0", err(ledger(7, threads = 0))))
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
