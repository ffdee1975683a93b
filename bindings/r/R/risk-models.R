# Risk adjustment (C: lib/risk/risk.c, lib/risk/risk_hier.c, lib/risk/risk_perf.c,
# lib/risk/risk_compare.c).  Thin layer: formulas and data frames become the C
# row-major design (model.matrix without its intercept column, which the C
# model adds itself), factors become 0-based codes, and results come back
# as named vectors and data frames.

# The design of a formula on data: X without the intercept column, y, and
# what predict() needs to rebuild X on new data.
.design <- function(formula, data) {
  mf <- stats::model.frame(formula, data, na.action = stats::na.fail)
  tt <- attr(mf, "terms")
  x <- stats::model.matrix(tt, mf)
  intercept <- attr(tt, "intercept") == 1
  if (intercept) x <- x[, colnames(x) != "(Intercept)", drop = FALSE]
  list(x = x, y = stats::model.response(mf, "numeric"), terms = tt, intercept = intercept,
       xlevels = stats::.getXlevels(tt, mf))
}

.new_risk <- function(family, d) {
  m <- value_risk_new(.code(value_risk_family, family, "family"), ncol(d$x))
  value_risk_set(m, VALUE_RISK_INTERCEPT, if (d$intercept) 1 else 0)
  for (j in seq_len(ncol(d$x))) value_risk_set_column_name(m, j - 1, colnames(d$x)[j])
  attr(m, "terms") <- stats::delete.response(d$terms)
  attr(m, "full_terms") <- d$terms
  attr(m, "xlevels") <- d$xlevels
  attr(m, "family") <- family
  m
}

.response <- function(model, data)
  stats::model.response(stats::model.frame(attr(model, "full_terms"), data, xlev = attr(model, "xlevels"),
                                           na.action = stats::na.fail), "numeric")

.newx <- function(model, newdata) {
  tt <- attr(model, "terms")
  x <- stats::model.matrix(tt, stats::model.frame(tt, newdata, xlev = attr(model, "xlevels"),
                                                  na.action = stats::na.fail))
  x[, colnames(x) != "(Intercept)", drop = FALSE]
}

risk_fit <- function(formula, data, family = c("binomial", "poisson", "gaussian", "gamma"),
                     weights = NULL, offset = NULL, max_iter = 25, tolerance = 1e-8) {
  family <- .match_option(family, value_risk_family)
  d <- .design(formula, data)
  n <- nrow(d$x)
  m <- .new_risk(family, d)
  value_risk_set(m, VALUE_RISK_MAX_ITER, max_iter)
  value_risk_set(m, VALUE_RISK_TOLERANCE, tolerance)
  value_risk_fit(m, .row_major(d$x), as.numeric(d$y), if (is.null(weights)) rep(1, n) else as.numeric(weights),
                 if (is.null(offset)) rep(0, n) else as.numeric(offset))
  m
}

# A published model: coefficients named by the terms of `formula` (as
# model.matrix names them), "(Intercept)" first.  `data` gives the factor
# levels (a few rows suffice).
risk_load <- function(formula, data, coefficients, family = c("binomial", "poisson", "gaussian", "gamma")) {
  family <- .match_option(family, value_risk_family)
  d <- .design(formula, data)
  m <- .new_risk(family, d)
  want <- c(if (d$intercept) "(Intercept)", colnames(d$x))
  if (!is.null(names(coefficients))) {
    if (!setequal(names(coefficients), want))
      .stop("coefficients must be named ", paste(want, collapse = ", "))
    coefficients <- coefficients[want]
  }
  value_risk_set_coefficients(m, unname(as.numeric(coefficients)))
  m
}

.coef_names <- function(m)
  vapply(seq_len(value_risk_get(m, VALUE_RISK_N_COEF)) - 1, function(k) value_risk_coef_name(m, k), character(1))

risk_coefficients <- function(model) {
  k <- value_risk_get(model, VALUE_RISK_N_COEF)
  r <- value_risk_coefficients(model, k)
  data.frame(term = .coef_names(model), estimate = r$out_coef, std.error = r$out_se,
             statistic = r$out_stat, p.value = r$out_p, row.names = NULL)
}

coef.value_risk <- function(object, ...) {
  r <- risk_coefficients(object)
  stats::setNames(r$estimate, r$term)
}

vcov.value_risk <- function(object, ...) {
  k <- value_risk_get(object, VALUE_RISK_N_COEF)
  nm <- .coef_names(object)
  matrix(value_risk_covariance(object, k * k), k, k, byrow = TRUE, dimnames = list(nm, nm))
}

risk_stats <- function(model) {
  get <- function(p) tryCatch(value_risk_get(model, p), error = function(e) NA_real_)
  c(deviance = get(VALUE_RISK_DEVIANCE), null_deviance = get(VALUE_RISK_NULL_DEVIANCE),
    aic = get(VALUE_RISK_AIC), loglik = get(VALUE_RISK_LOGLIK), dispersion = get(VALUE_RISK_DISPERSION),
    iterations = get(VALUE_RISK_ITERATIONS), n_obs = get(VALUE_RISK_N_OBS),
    df_residual = get(VALUE_RISK_DF_RESIDUAL), tau = get(VALUE_RISK_TAU))
}

predict.value_risk <- function(object, newdata, offset = NULL, se.fit = FALSE, ...) {
  x <- .newx(object, newdata)
  n <- nrow(x)
  off <- if (is.null(offset)) rep(0, n) else as.numeric(offset)
  r <- value_risk_predict(object, .row_major(x), off, n)
  out <- data.frame(eta = r$out_eta, mu = r$out_mu)
  if (isTRUE(se.fit)) {
    s <- value_risk_predict_se(object, .row_major(x), off, n)
    out$se_eta <- s$out_se_eta
    out$se_mu <- s$out_se_mu
  }
  out
}

as.data.frame.value_risk <- function(x, row.names = NULL, optional = FALSE, ...) risk_coefficients(x)

print.value_risk <- function(x, ...) {
  cat(sprintf("<risk model: %s, %d coefficients>\n", attr(x, "family"),
              as.integer(value_risk_get(x, VALUE_RISK_N_COEF))))
  invisible(x)
}

# Logistic model with provider random intercepts (Laplace, as glmer with
# nAGQ = 1); `provider` is a vector (factor or codes) of the data's rows.
risk_fit_random_intercept <- function(formula, data, provider) {
  d <- .design(formula, data)
  f <- factor(provider)
  m <- .new_risk("binomial", d)
  value_risk_fit_random_intercept(m, .row_major(d$x), as.numeric(d$y), as.integer(f) - 1L, nlevels(f))
  attr(m, "providers") <- levels(f)
  m
}

risk_provider_effects <- function(model) {
  stats::setNames(value_risk_provider_effects(model, length(attr(model, "providers"))), attr(model, "providers"))
}

risk_standardized_rates <- function(model, data, provider) {
  x <- .newx(model, data)
  y <- .response(model, data)
  lv <- attr(model, "providers")
  code <- match(as.character(provider), lv)
  if (anyNA(code)) .stop("provider has values the model was not fitted on")
  r <- value_risk_standardized_rates(model, .row_major(x), as.numeric(y), code - 1L, length(lv))
  data.frame(provider = lv, observed = r$out_observed, predicted = r$out_predicted,
             expected = r$out_expected, ratio = r$out_ratio, rate = r$out_rate)
}

risk_performance <- function(y, p, groups = 10) {
  stats::setNames(value_risk_performance(as.numeric(y), as.numeric(p), groups, VALUE_RISK_PERF_N_STATS),
                  c("c_statistic", "brier", "citl", "slope", "nagelkerke", "hl_chisq", "hl_df", "hl_p",
                    "observed", "expected"))
}

risk_calibration_table <- function(y, p, groups = 10) {
  r <- value_risk_calibration_table(as.numeric(y), as.numeric(p), groups, groups)
  k <- seq_len(r$out_groups)
  data.frame(group = k, n = r$out_n[k], observed = r$out_observed[k], expected = r$out_expected[k],
             p_low = r$out_p_low[k], p_high = r$out_p_high[k])
}

risk_oe_interval <- function(observed, expected = 1, level = 0.95) {
  r <- value_risk_oe_interval(observed, expected, level)
  c(lower = r$out_lower, upper = r$out_upper)
}

# Per group: O, E, O/E with its interval and the indirectly standardized
# rate; reference_rate 0 means the overall observed rate of y.
risk_observed_expected <- function(y, p, group, level = 0.95, reference_rate = 0) {
  f <- factor(group)
  r <- value_risk_observed_expected(as.numeric(y), as.numeric(p), as.integer(f) - 1L, level, reference_rate,
                                    nlevels(f))
  data.frame(group = levels(f), n = r$out_n, observed = r$out_observed, expected = r$out_expected,
             oe = r$out_oe, lower = r$out_lower, upper = r$out_upper, rate = r$out_rate)
}

# The omitted-variable check: two fitted or loaded models, the same
# patients (data), per group.
risk_compare <- function(base, extended, data, group, offset = NULL) {
  xb <- .newx(base, data)
  xe <- .newx(extended, data)
  y <- .response(extended, data)
  f <- factor(group)
  n <- nrow(xb)
  r <- value_risk_compare(base, .row_major(xb), extended, .row_major(xe), as.numeric(y),
                          if (is.null(offset)) rep(0, n) else as.numeric(offset), as.integer(f) - 1L, nlevels(f))
  data.frame(group = levels(f), observed = r$out_observed, expected_base = r$out_expected_base,
             expected_extended = r$out_expected_extended, oe_base = r$out_oe_base,
             oe_extended = r$out_oe_extended, oe_change = r$out_oe_change)
}
