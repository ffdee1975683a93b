# Parametric survival fits (C: lib/evaluation/survival_fit.c).  Thin layer:
# a data frame's time, event and covariate columns (by name, no formula)
# become the C row-major design; results come back as data frames.

.sf_column <- function(data, name, what) {
  if (!is.character(name) || length(name) != 1) .stop(what, " must be one column name")
  if (!(name %in% names(data))) .unknown_name(paste(what, "column"), name, names(data))
  as.numeric(data[[name]])
}

survival_fit <- function(data, time, event, covariates = character(),
                         dist = c("weibull", "exponential", "lognormal", "loglogistic", "gompertz"),
                         max_iter = 30, tolerance = 1e-9) {
  dist <- .match_option(dist, value_survival_fit_dist, "weibull")
  data <- as.data.frame(data)
  t <- .sf_column(data, time, "time")
  e <- .sf_column(data, event, "event")
  x <- vapply(covariates, function(c) .sf_column(data, c, "covariate"), numeric(nrow(data)))
  x <- matrix(x, nrow = nrow(data))
  m <- value_survival_fit_new(value_survival_fit_dist[[dist]], length(covariates))
  value_survival_fit_set(m, VALUE_SURVIVAL_FIT_MAX_ITER, max_iter)
  value_survival_fit_set(m, VALUE_SURVIVAL_FIT_TOLERANCE, tolerance)
  value_survival_fit_estimate(m, as.numeric(t(x)), t, e)
  attr(m, "covariates") <- as.character(covariates)
  attr(m, "dist") <- dist
  class(m) <- c("value_survival_fit", class(m))
  m
}

.sf_names <- function(model) {
  k <- value_survival_fit_get(model, VALUE_SURVIVAL_FIT_N_PAR)
  cv <- attr(model, "covariates")
  c("(Intercept)", cv, if (identical(attr(model, "dist"), "gompertz")) "shape" else if (k > length(cv) + 1) "Log(scale)")
}

survival_fit_coefficients <- function(model) {
  r <- value_survival_fit_coefficients(model, value_survival_fit_get(model, VALUE_SURVIVAL_FIT_N_PAR))
  data.frame(term = .sf_names(model), estimate = r$out_coef, std.error = r$out_se, row.names = NULL)
}

survival_fit_vcov <- function(model) {
  k <- value_survival_fit_get(model, VALUE_SURVIVAL_FIT_N_PAR)
  v <- matrix(value_survival_fit_covariance(model, k * k), k, k, byrow = TRUE)
  dimnames(v) <- list(.sf_names(model), .sf_names(model))
  v
}

survival_fit_stats <- function(model) {
  g <- function(p) value_survival_fit_get(model, p)
  data.frame(dist = attr(model, "dist"), loglik = g(VALUE_SURVIVAL_FIT_LOGLIK), aic = g(VALUE_SURVIVAL_FIT_AIC),
             bic = g(VALUE_SURVIVAL_FIT_BIC),
             scale = if (attr(model, "dist") == "gompertz") NA_real_ else g(VALUE_SURVIVAL_FIT_SCALE),
             n = g(VALUE_SURVIVAL_FIT_N_OBS), events = g(VALUE_SURVIVAL_FIT_N_EVENTS),
             iterations = g(VALUE_SURVIVAL_FIT_ITERATIONS))
}

survival_fit_weibull_ph <- function(model) {
  r <- value_survival_fit_weibull_ph(model, value_survival_fit_get(model, VALUE_SURVIVAL_FIT_N_PAR))
  data.frame(term = c("shape", "(Intercept)", attr(model, "covariates")), estimate = r$out_coef,
             std.error = r$out_se, row.names = NULL)
}

.sf_row <- function(model, newdata) {
  cv <- attr(model, "covariates")
  if (length(cv) == 0) return(numeric())
  newdata <- as.list(newdata)
  missing <- setdiff(cv, names(newdata))
  if (length(missing)) .stop("newdata lacks covariate '", missing[1], "'")
  vapply(cv, function(c) as.numeric(newdata[[c]])[1], numeric(1), USE.NAMES = FALSE)
}

survival_fit_predict <- function(model, times, newdata = list(), type = c("survival", "hazard", "cumhaz")) {
  type <- .match_option(type, value_survival_fit_what, "survival")
  r <- value_survival_fit_predict(model, value_survival_fit_what[[type]], .sf_row(model, newdata),
                                  as.numeric(times), length(times))
  data.frame(time = as.numeric(times), estimate = r$out, std.error = r$out_se)
}

survival_fit_quantile <- function(model, p = 0.5, newdata = list()) {
  r <- value_survival_fit_quantile(model, .sf_row(model, newdata), as.numeric(p), length(p))
  data.frame(p = as.numeric(p), estimate = r$out, std.error = r$out_se)
}

survival_fit_rmst <- function(model, tau, newdata = list()) {
  r <- value_survival_fit_rmst(model, .sf_row(model, newdata), as.numeric(tau), length(tau))
  data.frame(tau = as.numeric(tau), estimate = r$out, std.error = r$out_se)
}

print.value_survival_fit <- function(x, ...) {
  s <- survival_fit_stats(x)
  cat(sprintf("<libvalue %s survival fit: %d observations, %d events, loglik %.4f>\n", s$dist, s$n, s$events,
              s$loglik))
  print(survival_fit_coefficients(x), row.names = FALSE)
  invisible(x)
}
