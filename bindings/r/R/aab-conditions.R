# Errors, the R way.  Every error of the C side (a failed library call, or
# an argument the .Call glue refuses) reaches .value_stop() from
# src/support.c; it rewrites the message for R and signals a classed
# condition.  The R code's own checks use .stop(); name checks use
# .unknown_name().  Nothing else in the package calls stop().
#
# The C library counts from 0 and writes an index only as (shared grammar
# of issue #17):
#   (a) name[i]                        e.g. "flows[0] is NaN"
#   (b) a position word and its number "draw 3, row 0"
#   (c) "<name> is <v>, not in [0, <n>)"
# In R every index counts from 1: (a) and (b) add 1, (c) becomes
# "<name> is <v+1>, not in [1, <n>]".  tests/messages.sh keeps the C
# library to these forms, so no other wording is read here.
# C argument names become the R argument's name where they differ (the
# table .r_arg_names, by R function); the condition's call is the call of
# the package's function the user made, and its class is
# c("value_<status>", "value_error", "error", "condition") with the
# library's status code in $status ("value_einval", "value_edom", ...;
# the R side's own checks are "value_einval").

.position_words <- c("row", "column", "draw", "item", "hospital", "provider", "contract", "state", "group",
                     "parameter", "coefficient", "line", "person")

# Replace each match of a perl pattern by f(the match's groups).
.regsub <- function(x, pattern, f) {
  m <- gregexpr(pattern, x, perl = TRUE)
  hits <- regmatches(x, m)[[1]]
  if (!length(hits)) return(x)
  regmatches(x, m) <- list(vapply(hits, function(h) {
    g <- regmatches(h, regexec(pattern, h, perl = TRUE))[[1]]
    f(g[-1])
  }, "", USE.NAMES = FALSE))
  x
}

.plus1 <- function(v) format(as.numeric(v) + 1, scientific = FALSE, trim = TRUE)

# The C message counted from 1.  dims: the dimensions of the R arguments
# that are matrices or arrays (by name), which the R code hands to C
# row-major (each S x S slice of an array row-major): their flat C index
# becomes the R subscript, "costs[2, 1]".
.r_indices <- function(msg, dims = list()) {
  name <- "([A-Za-z_][A-Za-z0-9_.]*(?:\\[[0-9]+\\])?)"
  # (c) the value and the range first
  msg <- .regsub(msg, paste0(name, " is (-?[0-9]+), not in \\[0, ([0-9]+)\\)"),
                 function(g) sprintf("%s is %s, not in [1, %s]", g[1], .plus1(g[2]), g[3]))
  # (a) positions in arrays
  msg <- .regsub(msg, "([A-Za-z_][A-Za-z0-9_.]*)\\[([0-9]+)\\]", function(g) {
    d <- dims[[g[1]]]
    if (length(d) < 2) return(sprintf("%s[%s]", g[1], .plus1(g[2])))
    k <- as.numeric(g[2])
    nc <- d[2]; slice <- d[1] * nc
    sub <- c(k %% slice %/% nc, k %% nc, if (length(d) > 2) k %/% slice) + 1
    sprintf("%s[%s]", g[1], paste(format(sub, scientific = FALSE, trim = TRUE), collapse = ", "))
  })
  # (b) position words; not a settlement item (an enum value), an EQ-5D
  # state (five digits 1-3), a model's "time in state 3" (a count from 1),
  # nor a line of a text being parsed ("on line 3", "hvbp line 3:"), which
  # counts from 1 already
  words <- paste(setdiff(.position_words, "line"), collapse = "|")
  msg <- .regsub(msg, paste0("(?<![A-Za-z_])(?<!settlement )(?<!time in )(", words, ") ([0-9]+)\\b"), function(g) {
    if (g[1] == "state" && grepl("^[1-3]{5}$", g[2])) return(paste(g[1], g[2]))
    paste(g[1], .plus1(g[2]))
  })
  .regsub(msg, "(?<![A-Za-z_])(?<!on )line ([0-9]+)\\b(?!:)", function(g) paste("line", .plus1(g[1])))
}

# C argument names that differ from the R function's argument names.
.handle_names <- list(
  discount = c(d = "scheme"), costing = c(c = "model"), markov = c(m = "model"), sampler = c(s = "sampler"),
  risk = c(m = "model"), profile = c(p = "profile"), contract = c(c = "contract", l = "ledger"))
.r_arg_names <- c(
  list(discount_pv = c(.handle_names$discount), discount_factor = .handle_names$discount,
       discount_factors = c(.handle_names$discount, out_len = "n"),
       qalys = c(d = "discount", discounting = "convention"),
       outcome_compute = c(m = "measure"), outcome_compare = c(m = "measure"), eq5d_index = c(vs = "value_set"),
       cea_net_benefit = c(lambda_ = "wtp", lambda = "wtp"), cea_optimal = c(lambda_ = "wtp", lambda = "wtp"),
       psa_summary = c(lower_q = "lower", upper_q = "upper"),
       markov_add_transition_reward = c(.handle_names$markov, from_ = "from"),
       markov_set_rewards = .handle_names$markov, markov_run_batch = .handle_names$markov,
       sampler_correlate = c(.handle_names$sampler, i = "a", j = "b"),
       sampler_draw = .handle_names$sampler, sampler_add = c(.handle_names$sampler, kind = "dist"),
       sampler_add_dirichlet = .handle_names$sampler, sampler_add_mvnormal = .handle_names$sampler,
       sampler_set_threads = .handle_names$sampler, psa_sampler = .handle_names$sampler,
       profile_merge = c(from_ = "from"), ledger_merge = c(from_ = "from"),
       ledger_add = c(l = "ledger"), ledger_serialize = c(l = "ledger"), ledger_deserialize = c(data = "bytes"),
       contract_settle = .handle_names$contract, contract_settle_all = c(.handle_names$contract),
       contract_settle_totals = .handle_names$contract,
       contract_settle_services = c(.handle_names$contract, code = "codes"),
       funnel_limits = c(od = "overdispersion"), funnel_plot_data = c(od = "overdispersion"),
       hvbp_domain_score = c(measure_scores = "scores"), hvbp_tps = c(domain_scores = "data"),
       mssp_contract = c(performance_year = "year"), mssp_settle = c(performance_year = "year"),
       ma_risk_score = c(payment_year = "year")),
  stats::setNames(rep(list(.handle_names$markov), 7),
                  c("markov_set_initial", "markov_set_transitions", "markov_run", "markov_trace",
                    "markov_cycle_values", "print.value_markov", "markov_model")),
  stats::setNames(rep(list(.handle_names$costing), 12),
                  c("costing_add_resource", "costing_add_driver", "costing_add_process", "costing_add_step",
                    "costing_add_consumable", "costing_add_subprocess", "costing_rate", "costing_episode_cost",
                    "costing_by_resource", "costing_by_item", "costing_compare", "costing_capacity")),
  stats::setNames(rep(list(.handle_names$risk), 6),
                  c("risk_coefficients", "risk_stats", "risk_provider_effects", "risk_standardized_rates",
                    "predict.value_risk", "risk_fit")),
  stats::setNames(rep(list(.handle_names$profile), 3),
                  c("profile_add_records", "profile_add_counts", "profile_results")))

# C names to R names in a message: a name where an argument's name stands
# (at the start, before "[", " is", " must", " has", " should", ":").
.r_names <- function(msg, map) {
  for (c_name in names(map)) {
    pat <- paste0("(?<![A-Za-z0-9_.'])", gsub(".", "\\.", c_name, fixed = TRUE),
                  "(?=\\[| is\\b| must\\b| has\\b| should\\b| and\\b|:)")
    msg <- gsub(pat, map[[c_name]], msg, perl = TRUE)
  }
  msg
}

# The frame of the package's function the user called: the outermost frame
# running a function of this namespace.
.user_frame <- function() {
  ns <- topenv(environment(.user_frame))
  for (i in seq_len(sys.nframe())) {
    e <- environment(sys.function(i))
    if (!is.null(e) && identical(topenv(e), ns)) return(i)
  }
  0L
}

# The name of the function running in frame i (for .r_arg_names).
.frame_name <- function(i, call) {
  ns <- topenv(environment(.frame_name))
  head <- call[[1]]
  if (is.call(head) && as.character(head[[1]]) %in% c("::", ":::")) head <- head[[3]]
  f <- sys.function(i)
  if (is.name(head)) {
    nm <- as.character(head)
    if (exists(nm, envir = ns, inherits = FALSE) && identical(get(nm, envir = ns), f)) return(nm)
  }
  for (nm in ls(ns, all.names = TRUE)) if (identical(get(nm, envir = ns), f)) return(nm)
  ""
}

.condition <- function(msg, status, call) {
  code <- names(value_status)[match(status, value_status)]
  if (is.na(code)) code <- "einval"
  structure(class = c(paste0("value_", code), "value_error", "error", "condition"),
            list(message = msg, call = call, status = as.integer(status)))
}

# From src/support.c: a C message and status.
.value_stop <- function(msg, status) {
  i <- .user_frame()
  call <- if (i > 0) sys.call(i) else NULL
  fname <- if (i > 0) .frame_name(i, call) else ""
  map <- .r_arg_names[[fname]]
  if (!is.null(map)) msg <- .r_names(msg, map)
  dims <- list()
  if (i > 0) {
    frame <- sys.frame(i)
    for (a in names(formals(sys.function(i)))) {
      v <- if (a == "...") NULL else tryCatch(get0(a, envir = frame, inherits = FALSE), error = function(e) NULL)
      if (is.data.frame(v) || is.matrix(v) || (is.array(v) && length(dim(v)) == 3)) dims[[a]] <- dim(v)
    }
  }
  stop(.condition(.r_indices(msg, dims), status, call))
}

# The R code's own checks: the message as written (counted from 1 already).
.stop <- function(...) {
  i <- .user_frame()
  stop(.condition(paste0(...), VALUE_EINVAL, if (i > 0) sys.call(i) else NULL))
}

# "Did you mean": an unknown name, quoted, with the nearest known one when
# one is close (utils::adist, at most a third of the name's letters
# changed), else at most the 5 nearest.
.suggest <- function(name, known) {
  if (!length(known)) return("")
  d <- drop(utils::adist(name, known, ignore.case = TRUE))
  best <- min(d)
  if (best <= max(1, ceiling(nchar(name) / 3))) return(sprintf(" (did you mean '%s'?)", known[which.min(d)]))
  near <- known[order(d)][seq_len(min(5, length(known)))]
  sprintf(" (nearest: %s)", paste(sprintf("'%s'", near), collapse = ", "))
}

.unknown_name <- function(what, name, known)
  .stop(sprintf("unknown %s '%s'%s", what, name, .suggest(name, known)))

# Check names against the known ones; the first unknown one is an error.
.check_names <- function(what, names, known) {
  bad <- setdiff(names, known)
  if (length(bad)) .unknown_name(what, bad[1], known)
  invisible(names)
}

# A 1-based index argument as the C library's 0-based one.  Below 1 is an
# error here (C's indices cannot be negative); above n the C library says
# so, and .value_stop() counts its message from 1.
.idx <- function(x, name, n) {
  if (!is.numeric(x) || length(x) != 1 || is.na(x) || x != floor(x))
    .stop(name, " must be a single whole number, got ", paste(format(x), collapse = ", "))
  if (x < 1) .stop(sprintf("%s is %s, not in [1, %s]", name, format(x), format(n)))
  x - 1
}

# A table argument (data frame or matrix) as a numeric matrix, column
# names kept; a non-numeric column is an error naming it.
.table <- function(x, name) {
  if (is.data.frame(x)) {
    ok <- vapply(x, function(col) is.numeric(col) || is.logical(col), logical(1))
    if (!all(ok)) .stop(sprintf("%s: column '%s' is not numeric", name, names(x)[!ok][1]))
    x <- as.matrix(x)
    storage.mode(x) <- "double"
    return(x)
  }
  if (!is.matrix(x) || !(is.numeric(x) || is.logical(x)))
    .stop(name, " must be a data frame or a numeric matrix, got ", class(x)[1])
  x
}

# Numbers for print(): each with up to `digits` significant digits and
# thousands separators, never in e-notation for ordinary amounts.
.num <- function(v, digits = 6)
  vapply(v, function(z) trimws(formatC(z, digits = digits, format = "fg", big.mark = ",")), "")
