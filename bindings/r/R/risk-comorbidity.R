# Charlson and Elixhauser comorbidity flags and scores from diagnosis codes
# (C: lib/risk/comorbidity.c).  Thin layer: person ids of any type become
# the C library's 0-based indices through value_keys (order of first
# appearance, or the order of `people`), and results come back as data
# frames with the ids kept.

comorbidity_algorithms <- function()
  vapply(seq_len(value_comorbidity_algorithm_count()) - 1, value_comorbidity_algorithm, "")

.comorbidity_handle <- function(algorithm) {
  if (!is.character(algorithm) || length(algorithm) != 1 || is.na(algorithm))
    .stop("algorithm must be one name, e.g. \"charlson_icd10_quan\"")
  value_comorbidity_new(algorithm)
}

comorbidity_conditions <- function(algorithm = "charlson_icd10_quan") {
  h <- .comorbidity_handle(algorithm)
  on.exit(value_comorbidity_free(h))
  k <- seq_len(value_comorbidity_condition_count(h)) - 1
  cl <- lapply(k, function(i) value_comorbidity_condition(h, i))
  data.frame(condition = vapply(cl, `[[`, "", 1L), label = vapply(cl, `[[`, "", 2L))
}

comorbidity_weight_sets <- function(algorithm = "charlson_icd10_quan") {
  h <- .comorbidity_handle(algorithm)
  on.exit(value_comorbidity_free(h))
  vapply(seq_len(value_comorbidity_weight_count(h)) - 1, function(i) value_comorbidity_weight_name(h, i), "")
}

.column <- function(x, name, what) {
  if (!is.data.frame(x)) .stop(sprintf("%s must be a data frame, got %s", what, class(x)[1]))
  if (!name %in% names(x))
    .stop(sprintf("%s has no column '%s' (columns: %s)", what, name, paste(names(x), collapse = ", ")))
  x[[name]]
}

comorbidity <- function(codes, algorithm = "charlson_icd10_quan", person = "person", code = "code",
                        people = NULL, hierarchy = FALSE) {
  h <- .comorbidity_handle(algorithm)
  on.exit(value_comorbidity_free(h))
  ids <- .column(codes, person, "codes")
  cv <- as.character(.column(codes, code, "codes"))
  if (is.null(people)) {
    k <- value_keys_new(as.character(ids), 0L, length(ids))
    rows <- unique(ids)
  } else {
    k <- value_keys_new(as.character(people), 1L, length(people))
    rows <- people
  }
  on.exit(value_keys_free(k$out), add = TRUE)
  index <- if (is.null(people)) k$out_index else value_keys_find(k$out, as.character(ids), length(ids))
  nc <- value_comorbidity_condition_count(h)
  conds <- vapply(seq_len(nc) - 1, function(i) value_comorbidity_condition(h, i)[[1]], "")
  n <- max(length(rows), 1L) # the C call needs one row; no people give none back
  r <- value_comorbidity_flags(h, index, cv, n, as.integer(isTRUE(hierarchy)), n * nc, length(cv))
  flags <- matrix(as.integer(r$out_flags), nrow = n, ncol = nc, byrow = TRUE,
                  dimnames = list(NULL, conds))[seq_along(rows), , drop = FALSE]
  out <- data.frame(person = rows, flags, check.names = FALSE)
  names(out)[1] <- person
  attr(out, "algorithm") <- algorithm
  attr(out, "hierarchy") <- isTRUE(hierarchy)
  attr(out, "invalid_codes") <- which(r$out_status == VALUE_COMORBIDITY_CODE_INVALID)
  out
}

comorbidity_score <- function(flags, weights, algorithm = attr(flags, "algorithm")) {
  if (!is.data.frame(flags) || is.null(algorithm))
    .stop("flags must be the data frame comorbidity() returns (or give its algorithm)")
  h <- .comorbidity_handle(algorithm)
  on.exit(value_comorbidity_free(h))
  nc <- value_comorbidity_condition_count(h)
  conds <- vapply(seq_len(nc) - 1, function(i) value_comorbidity_condition(h, i)[[1]], "")
  missing <- setdiff(conds, names(flags))
  if (length(missing)) .stop(sprintf("flags has no column '%s' of %s", missing[1], algorithm))
  m <- as.matrix(flags[, conds, drop = FALSE])
  n <- nrow(m)
  s <- value_comorbidity_score(h, weights, if (n) as.numeric(t(m)) else numeric(nc), max(n, 1L))
  out <- data.frame(flags[[1]], score = s[seq_len(n)])
  names(out)[1] <- names(flags)[1]
  out
}

comorbidity_explain <- function(codes, weights, algorithm = "charlson_icd10_quan") {
  h <- .comorbidity_handle(algorithm)
  on.exit(value_comorbidity_free(h))
  e <- value_comorbidity_explain(h, weights, as.character(codes))
  on.exit(value_comorbidity_explanation_free(e), add = TRUE)
  lines <- lapply(seq_len(value_comorbidity_explanation_line_count(e)) - 1,
                  function(i) value_comorbidity_explanation_line(e, i))
  field <- function(f, type) vapply(lines, function(l) l[[f]], type)
  data.frame(step = field("out_step", ""), item = field("out_item", ""), code = field("out_code", ""),
             text = field("out_text", ""), weight = field("out_weight", 0))
}
