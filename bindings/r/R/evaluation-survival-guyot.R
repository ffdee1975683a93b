# Pseudo individual data from a published Kaplan-Meier curve, Guyot et al.
# 2012 (C: lib/evaluation/survival_guyot.c).  Thin layer: data frames in
# and out; the row count comes from the C size query.

.guyot_column <- function(x, name, what) {
  if (!is.data.frame(x) && !is.list(x))
    .stop(what, " must be a data frame, got ", class(x)[1])
  if (!name %in% names(x)) .unknown_name(sprintf("column of %s", what), name, names(x))
  as.double(x[[name]])
}

survival_guyot <- function(curve, at_risk, total_events = NULL) {
  t <- .guyot_column(curve, "time", "curve")
  s <- .guyot_column(curve, "survival", "curve")
  t_risk <- .guyot_column(at_risk, "time", "at_risk")
  n_risk <- .guyot_column(at_risk, "n_risk", "at_risk")
  rows <- value_survival_guyot_size(n_risk)
  total <- if (is.null(total_events)) NaN else as.double(total_events)
  r <- value_survival_guyot(t, s, t_risk, n_risk, total, rows)
  data.frame(time = r$out_time, event = r$out_event)
}
