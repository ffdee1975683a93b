# BPCI Advanced and the ACA risk corridors (C: lib/programs/bpci.c, lib/programs/aca.c), on
# the payment-contract engine.  Thin layer: each year's parameters come from
# the library's tables; settlements come back as contract_settle()'s
# amounts and a data frame of explanation lines.

# The CMS discount of a model year (2018-2025) for a clinical episode type.
bpci_discount <- function(model_year, episode_type = c("surgical", "medical")) {
  episode_type <- .match_option(episode_type, value_bpci_episode_type, "surgical")
  value_bpci_discount(model_year, value_bpci_episode_type[[episode_type]])
}

# Benchmark and target prices, one row per episode (inputs recycled).
bpci_target_price <- function(model_year, baseline_price, pcma, peer_group_trend,
                              episode_type = c("surgical", "medical")) {
  episode_type <- .match_option(episode_type, value_bpci_episode_type, "surgical")
  d <- data.frame(baseline_price = as.numeric(baseline_price), pcma = as.numeric(pcma),
                  peer_group_trend = as.numeric(peer_group_trend))
  r <- lapply(seq_len(nrow(d)), function(i)
    value_bpci_target_price(model_year, value_bpci_episode_type[[episode_type]], d$baseline_price[i], d$pcma[i],
                            d$peer_group_trend[i]))
  d$benchmark_price <- vapply(r, `[[`, 0, "out_benchmark_price")
  d$target_price <- vapply(r, `[[`, 0, "out_target_price")
  d
}

# Spending clamped to its percentiles; the amounts as attributes lower, upper.
bpci_winsorize <- function(spending, p_lower = 0.01, p_upper = 0.99) {
  r <- value_bpci_winsorize(as.numeric(spending), p_lower, p_upper, length(spending))
  structure(r$out_spending, lower = r$out_lower, upper = r$out_upper)
}

# Reconcile episodes (parallel target prices and spending) of one model year.
bpci_reconcile <- function(model_year, target_price, spending, quality_score, winsor_lower = 0, winsor_upper = Inf,
                           prospective = FALSE)
  .settlement(value_bpci_reconcile(model_year, as.numeric(target_price), as.numeric(spending), winsor_lower,
                                   winsor_upper, quality_score, as.integer(isTRUE(prospective))))

# Risk corridors payment (+) or charge (-) of each plan, as a data frame.
aca_risk_corridor <- function(benefit_year, target, allowable_costs) {
  if (length(target) != length(allowable_costs))
    .stop("target and allowable_costs must have the same length, got ", length(target), " and ",
         length(allowable_costs))
  d <- data.frame(target = as.numeric(target), allowable_costs = as.numeric(allowable_costs))
  d$payment <- value_aca_risk_corridor(benefit_year, d$target, d$allowable_costs, nrow(d))
  d
}

# One plan's risk corridors settlement with explanation lines.
aca_risk_corridor_settle <- function(benefit_year, target, allowable_costs)
  .settlement(value_aca_risk_corridor_settle(benefit_year, target, allowable_costs))
