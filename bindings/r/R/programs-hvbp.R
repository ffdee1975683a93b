# Hospital Value-Based Purchasing (C: lib/programs/hvbp.c; 42 CFR 412.160-412.167).
# Thin layer: data frames of hospitals' rates in, data frames of points out.
# NA rates are "not available"; results that cannot be computed are NA.

# In value.h's order, that of value_hvbp_tps()'s columns.
.hvbp_domains <- .options(value_hvbp_domain, drop = "n_domains")
# hvbp_domain_score()'s: person engagement is scored by hvbp_hcahps().
.hvbp_scored_domains <- .hvbp_domains[names(.hvbp_domains) != "person_engagement"]
.hvbp_directions <- .options(value_hvbp_direction, rename = c(higher_is_better = "higher", lower_is_better = "lower"))

.hvbp_num <- function(x) {
  x <- as.numeric(x)
  x[is.na(x)] <- NaN
  x
}

.hvbp_na <- function(x) {
  x[is.nan(x)] <- NA
  x
}

# A 2-D table (matrix or data frame) as row-major doubles.
.hvbp_rows <- function(m) .hvbp_num(t(as.matrix(m)))

hvbp_parameter <- function(key, fiscal_year) {
  n <- value_cms_parameter_count("hvbp", as.integer(fiscal_year), key)
  vapply(seq_len(n) - 1, function(i) value_cms_parameter("hvbp", as.integer(fiscal_year), key, i), numeric(1))
}

hvbp_standard <- function(measure, fiscal_year = 2024) {
  v <- hvbp_parameter(paste0("standard.", gsub("-", "_", tolower(measure))), fiscal_year)
  c(achievement_threshold = v[1], benchmark = v[2])
}

hvbp_measure_points <- function(data, achievement_threshold, benchmark, direction = c("higher", "lower"),
                                baseline = "baseline", performance = "performance") {
  code <- .hvbp_directions[[.match_option(direction, .hvbp_directions)]]
  r <- value_hvbp_measure_points(.hvbp_num(data[[baseline]]), .hvbp_num(data[[performance]]),
                                 as.numeric(achievement_threshold), as.numeric(benchmark), code, nrow(data))
  data$achievement <- .hvbp_na(r$out_achievement)
  data$improvement <- .hvbp_na(r$out_improvement)
  data$score <- .hvbp_na(r$out_score)
  data
}

hvbp_combined_score <- function(score_a, weight_a, score_b, weight_b) {
  .hvbp_na(value_hvbp_combined_score(.hvbp_num(score_a), as.numeric(weight_a), .hvbp_num(score_b),
                                     as.numeric(weight_b), length(score_a)))
}

hvbp_hcahps <- function(baseline, performance, floor, achievement_threshold, benchmark) {
  k <- ncol(as.matrix(performance))
  h <- nrow(as.matrix(performance))
  r <- value_hvbp_hcahps(.hvbp_rows(baseline), .hvbp_rows(performance), as.numeric(floor),
                         as.numeric(achievement_threshold), as.numeric(benchmark), h * k, h)
  dims <- colnames(as.matrix(performance))
  if (is.null(dims)) dims <- paste0("d", seq_len(k))
  scores <- matrix(.hvbp_na(r$out_dimension_score), nrow = h, byrow = TRUE,
                   dimnames = list(NULL, paste0("score_", dims)))
  data.frame(scores, consistency = .hvbp_na(r$out_consistency), base_score = .hvbp_na(r$out_base_score),
             domain_score = .hvbp_na(r$out_domain_score))
}

hvbp_domain_score <- function(scores, domain = c("clinical_outcomes", "safety", "efficiency", "clinical_process"),
                              fiscal_year) {
  domain <- .match_option(domain, .hvbp_scored_domains)
  m <- as.matrix(scores)
  .hvbp_na(value_hvbp_domain_score(.hvbp_rows(m), ncol(m), as.integer(fiscal_year), .hvbp_domains[[domain]],
                                   nrow(m)))
}

hvbp_tps <- function(data, fiscal_year) {
  .check_names("domain column", names(data), names(.hvbp_domains))
  n <- nrow(data)
  m <- vapply(names(.hvbp_domains), function(d) if (is.null(data[[d]])) rep(NaN, n) else .hvbp_num(data[[d]]),
              numeric(n))
  .hvbp_na(value_hvbp_tps(.hvbp_rows(matrix(m, nrow = n)), as.integer(fiscal_year), n))
}

hvbp_payment <- function(tps, fiscal_year, slope) {
  r <- value_hvbp_payment(.hvbp_num(tps), as.integer(fiscal_year), as.numeric(slope), length(tps))
  data.frame(tps = as.numeric(tps), incentive_percentage = .hvbp_na(r$out_incentive_percentage),
             adjustment_factor = .hvbp_na(r$out_adjustment_factor))
}

hvbp_lef_slope <- function(tps, base_payment) value_hvbp_lef_slope(.hvbp_num(tps), as.numeric(base_payment))
