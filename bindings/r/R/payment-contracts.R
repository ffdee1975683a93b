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

# Records for many contracts: a number of contracts (contract codes
# 1-based in R) or the contracts' own ids (c("A1234", "A5678"): each id
# then names its contract wherever one is asked for).
ledger <- function(n_contracts, lower = NULL, upper = NULL, threads = 1) {
  ids <- NULL
  if (is.character(n_contracts) || is.factor(n_contracts)) {
    ids <- as.character(n_contracts)
    keys <- .keys_named(value_keys_new(ids, 1L, length(ids))$out, "n_contracts")
    n_contracts <- length(ids)
  }
  l <- value_ledger_new(n_contracts)
  if (!is.null(lower) || !is.null(upper))
    value_ledger_set_bounds(l, if (is.null(lower)) rep(0, n_contracts) else as.numeric(lower),
                            if (is.null(upper)) rep(Inf, n_contracts) else as.numeric(upper))
  if (threads != 1) value_ledger_set_threads(l, threads)
  if (!is.null(ids)) {
    attr(l, "ids") <- ids
    attr(l, "keys") <- keys
  }
  l
}

# value_keys' messages name its argument "ids": the caller's name instead.
.keys_named <- function(expr, name)
  withCallingHandlers(expr, error = function(e) {
    e$message <- gsub("ids[", paste0(name, "["), conditionMessage(e), fixed = TRUE)
    stop(e)
  })

# Contracts (ids, or 1-based codes) as the C library's 0-based indices.
.ledger_index <- function(ledger, contract) {
  if (is.character(contract) || is.factor(contract)) {
    keys <- attr(ledger, "keys")
    if (is.null(keys)) .stop("contract is given by id but the ledger has none (ledger(ids) makes one that has)")
    return(.keys_named(value_keys_find(keys, as.character(contract), length(contract)), "contract"))
  }
  as.integer(contract) - 1L
}

# The contract ids of a ledger (NULL: it has none).
ledger_ids <- function(ledger) attr(ledger, "ids")

# One record per beneficiary (or episode); beneficiary: the records'
# beneficiary ids, one given twice refused (claim rows: ledger_add_claims()).
ledger_add <- function(ledger, contract, cost, risk_score = 1, member_months = 12, beneficiary = NULL) {
  n <- length(cost)
  if (!is.null(beneficiary))
    withCallingHandlers(value_keys_free(value_keys_new(as.character(beneficiary), 1L, length(beneficiary))$out),
                        error = function(e) {
      e$message <- paste0(gsub("ids[", "beneficiary[", conditionMessage(e), fixed = TRUE),
                          ": one record per beneficiary (claim rows go to ledger_add_claims())")
      stop(e)
    })
  invisible(value_ledger_add(ledger, .ledger_index(ledger, contract), as.numeric(cost),
                             rep_len(as.numeric(risk_score), n), rep_len(as.numeric(member_months), n)))
}

# Claim-level rows (a data frame: beneficiary id, contract id or code,
# amount paid) as one record per beneficiary, its claims summed, with its
# months of eligibility and risk score from `eligibility` (one row per
# beneficiary; without it 12 months and risk score 1 each).  A beneficiary
# under two contracts is refused naming both rows.
ledger_add_claims <- function(ledger, claims, eligibility = NULL, beneficiary = "beneficiary",
                              contract = "contract", paid = "paid", months = "months", risk_score = "risk_score") {
  bids <- as.character(.column(claims, beneficiary, "claims"))
  k <- .ledger_index(ledger, .column(claims, contract, "claims"))
  amounts <- as.numeric(.column(claims, paid, "claims"))
  if (is.null(eligibility)) {
    keys <- value_keys_new(bids, 0L, length(bids))
    index <- keys$out_index
    nb <- value_keys_count(keys$out)
    value_keys_free(keys$out)
    m <- rep(12, nb)
    r <- rep(1, nb)
  } else {
    people <- as.character(.column(eligibility, beneficiary, "eligibility"))
    keys <- .keys_named(value_keys_new(people, 1L, length(people))$out, "eligibility$beneficiary")
    on.exit(value_keys_free(keys))
    index <- .keys_named(value_keys_find(keys, bids, length(bids)), "claims$beneficiary")
    m <- if (months %in% names(eligibility)) as.numeric(eligibility[[months]]) else rep(12, length(people))
    r <- if (risk_score %in% names(eligibility)) as.numeric(eligibility[[risk_score]]) else rep(1, length(people))
  }
  withCallingHandlers(value_ledger_add_claims(ledger, index, k, amounts, m, r), error = function(e) {
    # the C message, counted from 1: "contract[i]: row i puts beneficiary[i] under contract j, but row r ..."
    g <- regmatches(conditionMessage(e), regexec(
      "contract\\[[0-9]+\\]: row ([0-9]+) puts beneficiary\\[[0-9]+\\] under contract ([0-9]+), but row ([0-9]+) \\(the same beneficiary\\) under contract ([0-9]+)",
      conditionMessage(e)))[[1]]
    if (length(g)) {
      ids <- attr(ledger, "ids")
      name <- function(j) if (is.null(ids)) j else sprintf("'%s'", ids[as.integer(j)])
      e$message <- sprintf("claims row %s puts beneficiary '%s' under contract %s, but row %s under contract %s: a beneficiary belongs to one contract",
                           g[2], bids[as.integer(g[2])], name(g[3]), g[4], name(g[5]))
      stop(e)
    }
  })
  invisible(ledger)
}

ledger_merge <- function(into, from) invisible(value_ledger_merge(into, from))

ledger_serialize <- function(ledger) value_ledger_serialize(ledger, value_ledger_serialized_size(ledger))

ledger_deserialize <- function(bytes) value_ledger_deserialize(bytes)

contract_settle <- function(contract, ledger, contract_index = 1)
  .settlement(value_contract_settle(contract, ledger,
                                    if (is.character(contract_index)) .ledger_index(ledger, contract_index)
                                    else .idx(contract_index, "contract_index", value_ledger_contracts(ledger))))

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

# Each contract of a ledger on its own terms: `terms` a data frame with
# one row per contract (its id or 1-based code in column `contract`, its
# kind in column `kind`, default "shared_savings", and terms in columns
# named as contract()'s arguments; NA: the default) or a named list of
# contracts (names: the contract ids).  A list of two data frames: table
# (one row per contract: contract, kind and the items; NA where an item
# does not apply; items NULL: the usual amounts) and lines (every
# explanation line: contract, line, step, text, amount).
settle_all <- function(ledger, terms, contract = "contract", kind = "kind", items = NULL) {
  if (is.null(items))
    items <- c("beneficiaries", "member_months", "risk_score", "expenditure", "benchmark", "savings", "savings_rate",
               "msr", "mlr", "sharing_rate", "loss_sharing_rate", "shared_after_cap", "final_payment")
  .check_names("item", items, names(.settlement_items()))
  if (is.data.frame(terms)) {
    ids <- .column(terms, contract, "terms")
    kinds <- if (kind %in% names(terms)) as.character(terms[[kind]]) else rep("shared_savings", length(ids))
    cols <- setdiff(names(terms), c(contract, kind))
    made <- lapply(seq_along(ids), function(i) {
      v <- lapply(cols, function(p) terms[[p]][i])
      names(v) <- cols
      do.call(base::get("contract", mode = "function"), c(list(kinds[i]), v[!vapply(v, is.na, NA)]))
    })
  } else {
    if (!is.list(terms) || is.null(names(terms)))
      .stop("terms must be a data frame or a named list of contracts, got ", class(terms)[1])
    ids <- names(terms)
    made <- terms
  }
  settled <- lapply(seq_along(ids), function(i) {
    idx <- if (is.character(ids[i]) || is.factor(ids[i])) .ledger_index(ledger, as.character(ids[i])) else
      .idx(ids[i], "contract", value_ledger_contracts(ledger))
    withCallingHandlers(.settlement(value_contract_settle(made[[i]], ledger, idx)), error = function(e) {
      e$message <- sprintf("contract %s: %s", ids[i], conditionMessage(e))
      stop(e)
    })
  })
  kind_names <- vapply(made, function(c) .option_name(value_contract_kind, value_contract_kind_of(c)), "")
  table <- data.frame(contract = ids, kind = kind_names, stringsAsFactors = FALSE)
  for (it in items) table[[it]] <- vapply(settled, function(s) {
    a <- s$amounts[it]
    if (is.na(a)) NA_real_ else unname(a)
  }, 0)
  lines <- do.call(rbind, lapply(seq_along(settled), function(i) {
    l <- settled[[i]]$lines
    data.frame(contract = rep(ids[i], nrow(l)), line = seq_len(nrow(l)), l, stringsAsFactors = FALSE)
  }))
  rownames(lines) <- NULL
  list(table = table, lines = lines)
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
