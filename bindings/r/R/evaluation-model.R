# Declarative decision models (C: lib/evaluation/model*.c; the file format
# is docs/models.md).  Thin layer: define_model() hands R lists of the model
# file's shape to the same value_model_* calls, in the same order, as the
# C file reader, so a list and a file give bitwise the same model; every
# run is one C call, and every length and name comes from value_model_count()
# and value_model_name().

# ---- building -----------------------------------------------------------------

# The file's method names (docs/models.md) over value_markov_correction.
.model_methods <- .options(value_markov_correction, rename = c(life_table = "life-table"))
.model_kinds <- .options(value_model_category_kind)
.model_lookups <- .options(value_model_lookup)
# dist families with their arguments, as the file reader has them (beta and
# lognormal have two forms; the first argument given picks one)
.model_families <- list(
  fixed = list(fixed = "value"), normal = list(normal = c("mean", "sd")),
  truncnormal = list(truncnormal = c("mean", "sd", "lower", "upper")), uniform = list(uniform = c("min", "max")),
  triangular = list(triangular = c("min", "mode", "max")),
  beta = list(beta = c("shape1", "shape2"), beta_meansd = c("mean", "sd")),
  gamma = list(gamma_meansd = c("mean", "sd")),
  lognormal = list(lognormal_meansd = c("mean", "sd"), lognormal_log = c("meanlog", "sdlog")))

model_load <- function(path) {
  if (!is.character(path) || length(path) != 1 || is.na(path)) .stop("path must be a single file name")
  value_model_load(path.expand(path))
}

model_parse <- function(text) {
  if (!is.character(text) || anyNA(text)) .stop("text must be a character vector (the model file's lines)")
  text <- enc2utf8(paste(text, collapse = "\n"))
  value_model_parse(text, nchar(text, type = "bytes"))
}

define_parameters <- function(...) .named_list(list(...), "define_parameters()")
define_transition <- function(...) .named_list(list(...), "define_transition()")

.named_list <- function(x, what) {
  if (length(x) && (is.null(names(x)) || any(names(x) == ""))) .stop(what, ": every argument must be named")
  x
}

# An expression as text: a string as it is, a number written so that it
# reads back as the same double (C reads decimals correctly rounded).
.expr <- function(x, where) {
  if (is.character(x) && length(x) == 1 && !is.na(x)) return(x)
  if (is.numeric(x) && length(x) == 1) {
    if (!is.finite(x)) .stop(where, " is ", format(x), ", not a finite number")
    return(sprintf("%.17g", x))
  }
  .stop(where, " must be a number or an expression (a string), got ",
        if (length(x) != 1) sprintf("length %d", length(x)) else class(x)[1])
}

.num1 <- function(x, where) {
  if (!(is.numeric(x) || is.logical(x)) || length(x) != 1) .stop(where, " must be a single number")
  as.numeric(x)
}

.flag <- function(x, where) {
  if (!is.logical(x) || length(x) != 1 || is.na(x)) .stop(where, " must be TRUE or FALSE")
  x
}

# A named list (or named vector) of the file's maps; NULL is empty.
.map <- function(x, where) {
  if (is.null(x)) return(list())
  if (!is.list(x) && !is.atomic(x)) .stop(where, " must be a named list")
  x <- as.list(x)
  if (length(x) && (is.null(names(x)) || any(names(x) == ""))) .stop(where, " must be a named list")
  x
}

.keys <- function(x, known, where) {
  bad <- setdiff(names(x), known)
  if (length(bad)) .stop(sprintf("%s: unknown key '%s'%s", where, bad[1], .suggest(bad[1], known)))
}

# One item of `states` or `strategies`: a name, or a list with `name`.
.item_name <- function(x, where) {
  if (is.character(x) && length(x) == 1 && !is.na(x)) return(x)
  if (is.list(x) && is.character(x$name) && length(x$name) == 1) return(x$name)
  .stop(where, " must be a name or a list with a name")
}

.items <- function(x) if (is.character(x)) as.list(x) else as.list(x)

define_model <- function(states, strategies, parameters = NULL, transitions = NULL, values = NULL,
                         transition_values = NULL, start_values = NULL, initial = NULL, categories = NULL,
                         tables = NULL, distributions = NULL, multivariate = NULL, correlations = NULL,
                         ranges = NULL, scenarios = NULL, cycles = 1, cycle_length = 1,
                         method = c("life-table", "start", "end", "trapezoid", "simpson"), discount = NULL,
                         start_age = NULL, tunnel_limit = NULL, row_tolerance = NULL, threads = NULL, ...) {
  extra <- list(...)
  if (length(extra)) {
    nm <- names(extra)
    if (is.null(nm) || nm[1] == "") .stop("define_model() takes named arguments only")
    .unknown_name("argument", nm[1], setdiff(names(formals(define_model)), "..."))
  }
  if (length(method) == 1 && !(method %in% names(.model_methods))) .unknown_name("method", method, names(.model_methods))
  method <- .match_option(method, .model_methods, "life-table")
  m <- value_model_new()
  # the file reader's order (lib/evaluation/model_file.c, build()): options,
  # discount, states, strategies, categories, tables, the shared sections,
  # PSA and DSA, each strategy's overrides, scenarios
  value_model_set(m, VALUE_MODEL_METHOD, .model_methods[[method]])
  value_model_set(m, VALUE_MODEL_CYCLES, .num1(cycles, "cycles"))
  value_model_set(m, VALUE_MODEL_CYCLE_LENGTH, .num1(cycle_length, "cycle_length"))
  if (!is.null(start_age)) value_model_set(m, VALUE_MODEL_START_AGE, .num1(start_age, "start_age"))
  if (!is.null(tunnel_limit)) value_model_set(m, VALUE_MODEL_TUNNEL_LIMIT, .num1(tunnel_limit, "tunnel_limit"))
  if (!is.null(row_tolerance)) value_model_set(m, VALUE_MODEL_ROW_TOLERANCE, .num1(row_tolerance, "row_tolerance"))
  if (!is.null(threads)) value_model_set(m, VALUE_MODEL_THREADS, .num1(threads, "threads"))
  .model_discount(m, discount)
  for (i in seq_along(states <- .items(states))) {
    s <- states[[i]]
    where <- sprintf("states[[%d]]", i)
    if (is.list(s)) .keys(s, c("name", "dead"), where)
    dead <- is.list(s) && !is.null(s$dead) && .flag(s$dead, paste0(where, "$dead"))
    value_model_add_state(m, .item_name(s, where), if (dead) VALUE_MODEL_DEAD else VALUE_MODEL_ALIVE)
  }
  strategies <- .items(strategies)
  sections <- c("parameters", "transitions", "values", "transition_values", "start_values", "initial")
  for (i in seq_along(strategies)) {
    if (is.list(strategies[[i]])) .keys(strategies[[i]], c("name", sections), sprintf("strategies[[%d]]", i))
    value_model_add_strategy(m, .item_name(strategies[[i]], sprintf("strategies[[%d]]", i)))
  }
  categories <- .map(categories, "categories")
  for (k in names(categories))
    value_model_add_category(m, k, .code(.model_kinds, categories[[k]], paste0("categories$", k)))
  tables <- .map(tables, "tables")
  for (k in names(tables)) .model_table(m, k, tables[[k]])
  shared <- list(parameters = parameters, transitions = transitions, values = values,
                 transition_values = transition_values, start_values = start_values, initial = initial)
  .model_sections(m, NULL, shared, "")
  distributions <- .map(distributions, "distributions")
  for (k in names(distributions)) .model_distribution(m, k, distributions[[k]])
  for (i in seq_along(multivariate)) .model_joint(m, multivariate[[i]], sprintf("multivariate[[%d]]", i))
  for (i in seq_along(correlations)) {
    r <- correlations[[i]]
    if (length(r) != 3) .stop(sprintf("correlations[[%d]] must be list(a, b, rho)", i))
    value_model_set_correlation(m, as.character(r[[1]]), as.character(r[[2]]),
                                .num1(r[[3]], sprintf("correlations[[%d]] rho", i)))
  }
  ranges <- .map(ranges, "ranges")
  for (k in names(ranges)) {
    r <- unlist(ranges[[k]])
    if (!is.numeric(r) || length(r) != 2) .stop("ranges$", k, " must be c(low, high)")
    value_model_set_range(m, k, r[1], r[2])
  }
  for (i in seq_along(strategies))
    if (is.list(strategies[[i]]))
      .model_sections(m, strategies[[i]]$name, strategies[[i]][intersect(sections, names(strategies[[i]]))],
                      sprintf("strategies[[%d]]$", i))
  scenarios <- .map(scenarios, "scenarios")
  for (k in names(scenarios)) {
    s <- scenarios[[k]]
    .keys(s, c("parameters", "weight"), paste0("scenarios$", k))
    p <- .map(s$parameters, paste0("scenarios$", k, "$parameters"))
    if (!length(p)) .stop("scenarios$", k, " sets no parameter (list(parameters = list(name = value)))")
    for (q in names(p)) value_model_set_scenario(m, k, q, .expr(p[[q]], sprintf("scenarios$%s$parameters$%s", k, q)))
    if (!is.null(s$weight)) value_model_set_weight(m, k, .num1(s$weight, paste0("scenarios$", k, "$weight")))
  }
  m
}

.model_discount <- function(m, discount) {
  if (is.null(discount)) return(invisible())
  discount <- .map(discount, "discount")
  .keys(discount, c("costs", "effects", "first_cycle"), "discount")
  for (k in c("costs", "effects")) {
    d <- discount[[k]]
    if (is.null(d)) next
    if (!is.list(d)) {
      value_model_set(m, if (k == "costs") VALUE_MODEL_DISCOUNT_COSTS else VALUE_MODEL_DISCOUNT_EFFECTS,
                      .num1(d, paste0("discount$", k)))
      next
    }
    .keys(d, c("rate", "steps"), paste0("discount$", k))
    s <- value_discount_new(.num1(d$rate, paste0("discount$", k, "$rate")))
    steps <- d$steps
    if (is.matrix(steps)) steps <- lapply(seq_len(nrow(steps)), function(i) steps[i, ])
    for (st in steps) value_discount_add_step(s, st[[1]], st[[2]])
    if (k == "costs") value_model_set_discount(m, s, NULL) else value_model_set_discount(m, NULL, s)
    value_discount_free(s)
  }
  if (!is.null(discount$first_cycle))
    value_model_set(m, VALUE_MODEL_DISCOUNT_FIRST, if (.flag(discount$first_cycle, "discount$first_cycle")) 1 else 0)
}

# A table: list(rows, columns, values (a matrix, a list of rows or a flat
# row-major vector), lookup).
.model_table <- function(m, name, t) {
  where <- paste0("tables$", name)
  .keys(t, c("rows", "columns", "values", "lookup"), where)
  for (k in c("rows", "values")) if (is.null(t[[k]])) .stop(where, ": missing '", k, "'")
  v <- t$values
  v <- if (is.matrix(v)) as.vector(t(v)) else as.numeric(unlist(v))
  cols <- if (is.null(t$columns)) 0 else as.numeric(t$columns)
  value_model_add_table(m, name, as.numeric(t$rows), cols, v,
                        .code(.model_lookups, if (is.null(t$lookup)) "step" else t$lookup, paste0(where, "$lookup")))
}

# The sections a strategy may override, for all strategies (strategy NULL)
# or one, in the file reader's order.
.model_sections <- function(m, strategy, s, where) {
  p <- .map(s$parameters, paste0(where, "parameters"))
  for (k in names(p)) value_model_set_parameter(m, strategy, k, .expr(p[[k]], sprintf("%sparameters$%s", where, k)))
  tr <- .map(s$transitions, paste0(where, "transitions"))
  for (a in names(tr)) {
    row <- .map(tr[[a]], sprintf("%stransitions$%s", where, a))
    for (b in names(row))
      value_model_set_transition(m, strategy, a, b, .expr(row[[b]], sprintf("%stransitions$%s$%s", where, a, b)))
  }
  v <- .map(s$values, paste0(where, "values"))
  for (st in names(v)) {
    row <- .map(v[[st]], sprintf("%svalues$%s", where, st))
    for (k in names(row))
      value_model_set_state_value(m, strategy, k, st, .expr(row[[k]], sprintf("%svalues$%s$%s", where, st, k)))
  }
  tv <- .map(s$transition_values, paste0(where, "transition_values"))
  for (a in names(tv)) {
    to <- .map(tv[[a]], sprintf("%stransition_values$%s", where, a))
    for (b in names(to)) {
      cats <- .map(to[[b]], sprintf("%stransition_values$%s$%s", where, a, b))
      for (k in names(cats))
        value_model_set_transition_value(m, strategy, k, a, b,
                                         .expr(cats[[k]], sprintf("%stransition_values$%s$%s$%s", where, a, b, k)))
    }
  }
  sv <- .map(s$start_values, paste0(where, "start_values"))
  for (k in names(sv)) value_model_set_start_value(m, strategy, k, .expr(sv[[k]], sprintf("%sstart_values$%s", where, k)))
  ini <- .map(s$initial, paste0(where, "initial"))
  for (k in names(ini)) value_model_set_initial(m, strategy, k, .expr(ini[[k]], sprintf("%sinitial$%s", where, k)))
}

# One of the known names, in the file reader's words.
.model_choice <- function(x, known, what, where) {
  if (!is.character(x) || length(x) != 1 || !(x %in% known))
    .stop(sprintf("%s: unknown %s '%s'%s", where, what, paste(format(x), collapse = " "), .suggest(paste(x, collapse = " "), known)))
  x
}

.model_distribution <- function(m, name, d) {
  where <- paste0("distributions$", name)
  if (!is.list(d) || is.null(d$dist)) .stop(where, " must be a list with 'dist' and its arguments")
  fam <- .model_families[[.model_choice(d$dist, names(.model_families), "dist", where)]]
  # the second form when its first argument is given and the first form's is not
  form <- if (length(fam) == 2 && is.null(d[[fam[[1]][1]]]) && !is.null(d[[fam[[2]][1]]])) 2 else 1
  args <- fam[[form]]
  .keys(d, c("dist", args), where)
  a <- vapply(args, function(k) {
    if (is.null(d[[k]])) .stop(sprintf("%s: missing '%s' (%s takes %s)", where, k, d$dist, paste(args, collapse = ", ")))
    .num1(d[[k]], paste0(where, "$", k))
  }, 0)
  a <- c(a, rep(0, 4 - length(a)))
  value_model_set_distribution(m, name, value_sampler_dist[[names(fam)[form]]], a[1], a[2], a[3], a[4])
}

.model_joint <- function(m, x, where) {
  kinds <- c("mvnormal", "dirichlet")
  if (!is.list(x) || is.null(x$dist)) .stop(where, " must be a list with 'dist' (mvnormal or dirichlet)")
  kind <- .model_choice(x$dist, kinds, "joint dist", where)
  keys <- if (kind == "mvnormal") c("dist", "parameters", "mean", "cov") else c("dist", "parameters", "alpha")
  .keys(x, keys, where)
  for (k in keys) if (is.null(x[[k]])) .stop(where, ": missing '", k, "'")
  names <- as.character(unlist(x$parameters))
  if (kind == "dirichlet") return(value_model_set_dirichlet(m, names, as.numeric(unlist(x$alpha))))
  cov <- x$cov
  cov <- if (is.matrix(cov)) as.vector(t(cov)) else as.numeric(unlist(cov))
  value_model_set_mvnormal(m, names, as.numeric(unlist(x$mean)), cov)
}

# ---- reading a model ------------------------------------------------------------

.model_names <- function(m, what) {
  n <- value_model_count(m, what)
  vapply(seq_len(n) - 1, function(i) value_model_name(m, what, i), "")
}

.model_strategy <- function(m, strategy, what = "strategy") {
  names <- .model_names(m, VALUE_MODEL_STRATEGIES)
  if (is.character(strategy)) {
    if (length(strategy) != 1 || !(strategy %in% names)) .unknown_name(what, strategy[1], names)
    return(match(strategy, names) - 1)
  }
  .idx(strategy, what, length(names))
}

format.value_model <- function(x, ...) {
  s <- .model_names(x, VALUE_MODEL_STATES); j <- .model_names(x, VALUE_MODEL_STRATEGIES)
  method <- .option_name(.model_methods, value_model_get(x, VALUE_MODEL_METHOD))
  c(sprintf("<decision model: %d states (%s), %d strategies (%s)>", length(s), paste(s, collapse = ", "),
            length(j), paste(j, collapse = ", ")),
    sprintf("  %d cycles of %g years, %s; %d parameters, %d with a distribution, %d with a range, %d scenarios",
            as.integer(value_model_get(x, VALUE_MODEL_CYCLES)), value_model_get(x, VALUE_MODEL_CYCLE_LENGTH), method,
            value_model_count(x, VALUE_MODEL_PARAMETERS), value_model_count(x, VALUE_MODEL_SAMPLED),
            value_model_count(x, VALUE_MODEL_RANGES), value_model_count(x, VALUE_MODEL_SCENARIOS)))
}

print.value_model <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}

model_names <- function(model, what = c("states", "strategies", "categories", "parameters", "sampled", "ranges",
                                        "scenarios", "tables", "subgroups")) {
  what <- .match_option(what, value_model_item, "states")
  .model_names(model, value_model_item[[what]])
}

# ---- runs ------------------------------------------------------------------------

model_run <- function(model, scenario = NULL) {
  j <- .model_names(model, VALUE_MODEL_STRATEGIES)
  r <- value_model_run(model, scenario, length(j))
  data.frame(strategy = j, cost = r$out_cost, effect = r$out_effect, life_years = r$out_life_years,
             stringsAsFactors = FALSE)
}

model_values <- function(model, scenario = NULL) {
  j <- .model_names(model, VALUE_MODEL_STRATEGIES); k <- .model_names(model, VALUE_MODEL_CATEGORIES)
  v <- value_model_run_values(model, scenario, length(j) * length(k))
  data.frame(strategy = j, matrix(v, nrow = length(j), byrow = TRUE, dimnames = list(NULL, k)),
             check.names = FALSE, stringsAsFactors = FALSE)
}

# The trace as a value_markov_trace (plot_markov_trace() draws it).
model_trace <- function(model, strategy = 1, scenario = NULL) {
  i <- .model_strategy(model, strategy)
  s <- .model_names(model, VALUE_MODEL_STATES)
  cycles <- value_model_get(model, VALUE_MODEL_CYCLES)
  v <- value_model_trace(model, scenario, i, (cycles + 1) * length(s))
  structure(matrix(v, nrow = cycles + 1, byrow = TRUE, dimnames = list(cycle = 0:cycles, state = s)),
            class = c("value_markov_trace", "matrix", "array"))
}

# The subgroups are the scenarios with a weight, in the order of the
# library's rows; the mean's row has no weight of its own (NA).
model_subgroups <- function(model) {
  j <- .model_names(model, VALUE_MODEL_STRATEGIES); g <- .model_names(model, VALUE_MODEL_SUBGROUPS)
  w <- vapply(seq_along(g) - 1, function(i) value_model_get_weight(model, i), 0)
  # no subgroup: out_len J, and the library gives its own error
  r <- value_model_run_subgroups(model, (length(g) + 1) * length(j))
  data.frame(subgroup = rep(c(g, "(weighted mean)"), each = length(j)), weight = rep(c(w, NA), each = length(j)),
             strategy = rep(j, length(g) + 1), cost = r$out_cost, effect = r$out_effect, stringsAsFactors = FALSE)
}

model_psa <- function(model, n, seed, scenario = NULL) {
  j <- .model_names(model, VALUE_MODEL_STRATEGIES); p <- .model_names(model, VALUE_MODEL_SAMPLED)
  if (!is.numeric(n) || length(n) != 1) .stop("n must be a single whole number")
  r <- value_model_psa(model, scenario, seed, n, n * length(j), n * length(p))
  mat <- function(v, cols) matrix(v, nrow = n, byrow = TRUE, dimnames = list(NULL, cols))
  structure(list(cost = mat(r$out_cost, j), effect = mat(r$out_effect, j), draws = mat(r$out_draws, p),
                 seed = seed, scenario = scenario),
            class = "value_model_psa")
}

# One row per draw and strategy, with the draw's parameter values.
as.data.frame.value_model_psa <- function(x, row.names = NULL, optional = FALSE, ...) {
  n <- nrow(x$cost); j <- colnames(x$cost)
  d <- data.frame(draw = rep(seq_len(n), each = length(j)), strategy = rep(j, n), cost = as.vector(t(x$cost)),
                  effect = as.vector(t(x$effect)), stringsAsFactors = FALSE)
  cbind(d, x$draws[d$draw, , drop = FALSE], row.names = NULL)
}

format.value_model_psa <- function(x, ...) {
  mc <- colMeans(x$cost); me <- colMeans(x$effect)
  c(sprintf("<PSA: %d draws of %d parameters, seed %s>", nrow(x$cost), ncol(x$draws), format(x$seed)),
    sprintf("  %s: mean cost %s, effect %s", colnames(x$cost), .num(mc), .num(me, 5)),
    "  psa_curves(x, lambdas) for the CEAC and EVPI, psa_incremental(x) for the CE plane")
}

print.value_model_psa <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}

model_dsa <- function(model) {
  j <- .model_names(model, VALUE_MODEL_STRATEGIES); p <- .model_names(model, VALUE_MODEL_RANGES)
  r <- value_model_dsa(model, 2 * length(p) * length(j))
  data.frame(parameter = rep(p, each = 2 * length(j)), end = rep(rep(c("low", "high"), each = length(j)), length(p)),
             strategy = rep(j, 2 * length(p)), cost = r$out_cost, effect = r$out_effect, stringsAsFactors = FALSE)
}

# A value_tornado (plot_tornado() draws it); low and high are the library's
# (value_model_get_range), so a model file's ranges have theirs too.
model_tornado <- function(model, strategy, comparator, wtp = 0, icer = FALSE) {
  p <- .model_names(model, VALUE_MODEL_RANGES)
  i <- .model_strategy(model, strategy); k <- .model_strategy(model, comparator, "comparator")
  r <- value_model_tornado(model, i, k, wtp, if (.flag(icer, "icer")) 1L else 0L, length(p))
  o <- r$out_order + 1L
  b <- vapply(seq_along(p) - 1, function(i) unlist(value_model_get_range(model, i)), c(0, 0))
  structure(data.frame(parameter = p[o], low = b[1, o], high = b[2, o], result_low = r$out_low[o],
                       result_high = r$out_high[o], row.names = NULL, stringsAsFactors = FALSE),
            base = r$out_base, class = c("value_tornado", "data.frame"))
}

model_twoway <- function(model, a, values_a, b, values_b) {
  j <- .model_names(model, VALUE_MODEL_STRATEGIES)
  na <- length(values_a); nb <- length(values_b)
  r <- value_model_twoway(model, a, values_a, b, values_b, na * nb * length(j))
  d <- data.frame(rep(values_a, each = nb * length(j)), rep(rep(values_b, each = length(j)), na),
                  strategy = rep(j, na * nb), cost = r$out_cost, effect = r$out_effect, stringsAsFactors = FALSE)
  names(d)[1:2] <- c(a, b)
  d
}

model_threshold <- function(model, parameter, low, high, wtp = 0) {
  j <- .model_names(model, VALUE_MODEL_STRATEGIES)
  r <- value_model_threshold(model, parameter, low, high, wtp)
  data.frame(parameter = parameter, value = r$out_value, below = j[r$out_below + 1L], above = j[r$out_above + 1L],
             wtp = wtp, stringsAsFactors = FALSE)
}

model_microsim <- function(model, n, seed, scenario = NULL) {
  j <- .model_names(model, VALUE_MODEL_STRATEGIES)
  r <- value_model_microsim(model, scenario, seed, n, length(j))
  data.frame(strategy = j, cost = r$out_cost, effect = r$out_effect, life_years = r$out_life_years,
             se_cost = r$out_se_cost, se_effect = r$out_se_effect, stringsAsFactors = FALSE)
}

model_check <- function(model) invisible(value_model_check(model))
