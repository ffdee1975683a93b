# MIPS payment adjustment factors from final scores (C: lib/programs/mips.c;
# 42 CFR 414.1405).  Thin layer: a data frame with one row per clinician.

mips_published_scaling <- function(performance_year) {
  r <- value_mips_published_scaling(performance_year)
  c(scaling_factor = r$out_scaling_factor, exceptional_scaling_factor = r$out_exceptional_scaling_factor)
}

mips_adjustment <- function(performance_year, final_score, scaling_factor = NULL, exceptional_scaling_factor = 0) {
  if (is.null(scaling_factor)) {
    if (!identical(exceptional_scaling_factor, 0))
      .stop("exceptional_scaling_factor is given but scaling_factor is NULL: pass both, or neither to use the published ones")
    k <- mips_published_scaling(performance_year)
    scaling_factor <- k[["scaling_factor"]]
    exceptional_scaling_factor <- k[["exceptional_scaling_factor"]]
  }
  n <- length(final_score)
  parts <- value_mips_components(performance_year, final_score, scaling_factor, exceptional_scaling_factor, n)
  factor <- value_mips_adjustment(performance_year, final_score, scaling_factor, exceptional_scaling_factor, n)
  structure(data.frame(final_score = final_score, negative = parts$out_negative, positive = parts$out_positive,
                       exceptional = parts$out_exceptional, factor = factor),
            class = c("value_mips", "data.frame"), performance_year = performance_year)
}

print.value_mips <- function(x, ...) {
  cat("MIPS payment adjustment factors, performance year ", attr(x, "performance_year"), "\n", sep = "")
  print.data.frame(utils::head(x, 10), row.names = FALSE, ...)
  if (nrow(x) > 10) cat(sprintf("... %d more clinicians; as.data.frame() for all\n", nrow(x) - 10))
  invisible(x)
}
