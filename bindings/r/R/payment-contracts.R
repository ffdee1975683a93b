# Payment contracts (C: lib/payment/contract.c, lib/payment/ledger.c, lib/payment/incentive.c).
# Thin layer: parameter and item names are value.h's enum names without
# their prefix, in lower case; settlements come back as a list of named
# amounts and a data frame of explanation lines.

# Parameter and item names in alphabetical order (the session's collation,
# so sorted when called), as error messages and settlements' amounts list them.
.contract_params <- function() .options(value_contract_param, by_name = TRUE)
.settlement_items <- function() .options(value_settlement_item, drop = "n_items", by_name = TRUE)

# A contract: kind, parameters as named arguments (msr = 0.02, ...), and
# optional tables: msr_table = data.frame(beneficiaries, msr), fee_schedule
# = named prices (names are codes), p4p_tiers = data.frame(threshold,
# adjustment), corridor = data.frame(threshold, share).
contract <- function(kind = c("ffs", "capitation", "bundle", "shared_savings", "shared_risk", "p4p", "risk_corridor"),
                     ..., msr_table = NULL, fee_schedule = NULL, p4p_tiers = NULL,
                     corridor = NULL) {
  kind <- .match_option(kind, value_contract_kind)
  c <- value_contract_new(value_contract_kind[[kind]])
  params <- list(...)
  for (p in names(params)) value_contract_set(c, .code(.contract_params(), p, "contract term"), as.numeric(params[[p]]))
  if (!is.null(msr_table))
    value_contract_set_msr_table(c, as.numeric(msr_table$beneficiaries), as.numeric(msr_table$msr))
  if (!is.null(fee_schedule))
    value_contract_set_fee_schedule(c, as.integer(names(fee_schedule)), as.numeric(fee_schedule))
  if (!is.null(p4p_tiers))
    value_contract_set_p4p_tiers(c, as.numeric(p4p_tiers$threshold), as.numeric(p4p_tiers$adjustment))
  if (!is.null(corridor)) value_contract_set_corridor(c, as.numeric(corridor$threshold), as.numeric(corridor$share))
  attr(c, "kind") <- kind
  c
}

# The contract's terms: every parameter, its value, and whether it differs
# from a new contract of the same kind (set: a term besides the defaults).
as.data.frame.value_contract <- function(x, row.names = NULL, optional = FALSE, ...) {
  params <- .contract_params()
  fresh <- value_contract_new(value_contract_kind_of(x))
  on.exit(value_contract_free(fresh))
  v <- vapply(params, function(p) value_contract_get(x, p), 0)
  d <- vapply(params, function(p) value_contract_get(fresh, p), 0)
  data.frame(term = names(params), value = unname(v), set = !(unname(v) == unname(d) | (is.na(v) & is.na(d))),
             stringsAsFactors = FALSE, row.names = NULL)
}

format.value_contract <- function(x, ...) {
  t <- as.data.frame(x)
  t <- t[t$set, , drop = FALSE]
  kind <- .option_name(value_contract_kind, value_contract_kind_of(x))
  terms <- if (nrow(t)) paste(sprintf("%s = %s", t$term, .num(t$value)),
                              collapse = ", ") else "(defaults)"
  c(sprintf("<contract: %s, %d term(s) besides the defaults>", kind, nrow(t)),
    paste(strwrap(terms, indent = 2, exdent = 2)))
}

print.value_contract <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}

.settlement <- function(s) {
  amounts <- vapply(.settlement_items(), function(k) value_settlement_get(s, k), numeric(1))
  n <- value_settlement_line_count(s)
  lines <- lapply(seq_len(n) - 1, function(i) value_settlement_line(s, i))
  structure(list(amounts = amounts[!is.na(amounts)],
                 lines = data.frame(step = vapply(lines, `[[`, "", "out_step"),
                                    text = vapply(lines, `[[`, "", "out_text"),
                                    amount = vapply(lines, `[[`, 0, "out_amount"), stringsAsFactors = FALSE)),
            class = "value_settlement_result")
}

as.data.frame.value_settlement_result <- function(x, row.names = NULL, optional = FALSE, ...) x$lines

print.value_settlement_result <- function(x, ...) {
  cat(sprintf("settlement: final payment %s\n", format(x$amounts[["final_payment"]], big.mark = ",", nsmall = 2)))
  for (i in seq_len(nrow(x$lines))) cat(sprintf("  %-12s %s\n", x$lines$step[i], x$lines$text[i]))
  invisible(x)
}

# Records for many contracts: contract codes are 1-based in R.
ledger <- function(n_contracts, lower = NULL, upper = NULL, threads = 1) {
  l <- value_ledger_new(n_contracts)
  if (!is.null(lower) || !is.null(upper))
    value_ledger_set_bounds(l, if (is.null(lower)) rep(0, n_contracts) else as.numeric(lower),
                            if (is.null(upper)) rep(Inf, n_contracts) else as.numeric(upper))
  if (threads != 1) value_ledger_set_threads(l, threads)
  l
}

ledger_add <- function(ledger, contract, cost, risk_score = 1, member_months = 12) {
  n <- length(cost)
  invisible(value_ledger_add(ledger, as.integer(contract) - 1L, as.numeric(cost), rep_len(as.numeric(risk_score), n),
                             rep_len(as.numeric(member_months), n)))
}

ledger_merge <- function(into, from) invisible(value_ledger_merge(into, from))

ledger_serialize <- function(ledger) value_ledger_serialize(ledger, value_ledger_serialized_size(ledger))

ledger_deserialize <- function(bytes) value_ledger_deserialize(bytes)

contract_settle <- function(contract, ledger, contract_index = 1)
  .settlement(value_contract_settle(contract, ledger, .idx(contract_index, "contract_index", value_ledger_contracts(ledger))))

# Every contract of a ledger at once, amounts only: a data frame with the
# 1-based contract and one column per item (NA where an item does not
# apply or a contract has no records).
contract_settle_all <- function(contract, ledger, items = "final_payment") {
  codes <- .settlement_items()
  ids <- vapply(items, function(i) .code(codes, i, "item"), integer(1))
  n <- value_ledger_contracts(ledger)
  flat <- value_contract_settle_all(contract, ledger, ids, n * length(ids))
  out <- data.frame(contract = seq_len(n))
  for (j in seq_along(items)) out[[items[j]]] <- flat[seq(j, by = length(ids), length.out = n)]
  out
}

contract_settle_totals <- function(contract, beneficiaries, member_months, risk_score_mean, expenditure)
  .settlement(value_contract_settle_totals(contract, beneficiaries, member_months, risk_score_mean, expenditure))

contract_settle_services <- function(contract, codes, units = 1)
  .settlement(value_contract_settle_services(contract, as.integer(codes), rep_len(as.numeric(units), length(codes))))

contract_percentile <- function(x, p) value_contract_percentile(as.numeric(x), p)

# Care actions (rows of a data frame with cost, revenue, health and
# later_spending): the provider's margin under a payment model and the
# action a clinician with utility alpha x margin + beta x health prefers.
incentive_choice <- function(actions, model = c("ffs", "capitation", "bundle", "shared_savings"), alpha = 1, beta = 0,
                             amount = 0, rate = 0,
                             outlier_threshold = Inf, outlier_share = 0) {
  model <- .match_option(model, value_incentive_model)
  r <- value_incentive_choice(as.numeric(actions$cost), as.numeric(actions$revenue), as.numeric(actions$health),
                              as.numeric(actions$later_spending), value_incentive_model[[model]], amount, rate,
                              outlier_threshold, outlier_share, alpha, beta, nrow(actions))
  structure(data.frame(actions, margin = r$out_margin, utility = r$out_utility, rank = r$out_rank + 1L),
            best = r$out_best + 1L, health_forgone = r$out_health_forgone)
}

# The terms besides the defaults, as a data frame.
summary.value_contract <- function(object, ...) {
  t <- as.data.frame(object)
  t[t$set, c("term", "value"), drop = FALSE]
}
