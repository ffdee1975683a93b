# CMS-HCC risk scores from diagnosis codes, versions 24 and 28 (C:
# lib/risk/hcc.c, lib/risk/hcc_explain.c), and Medicare Advantage payment
# scores by payment year (C: lib/programs/ma.c).  Thin layer: a people data
# frame keyed by any person id and a long codes data frame become the C
# columns and 0-based person indices; scores and explanations come back as
# data frames.

hcc_model <- function(version = "V28") {
  m <- value_hcc_new(version)
  attr(m, "version") <- version
  m
}

print.value_hcc <- function(x, ...) {
  cat(sprintf("<CMS-HCC %s: %d payment HCCs>\n", attr(x, "version"), as.integer(value_hcc_hcc_count(x))),
      "  hcc_score() for people and codes, hcc_explain() for one person, hcc_hccs() for the categories\n",
      sep = "")
  invisible(x)
}

hcc_hccs <- function(model) {
  n <- value_hcc_hcc_count(model)
  h <- lapply(seq_len(n) - 1, function(i) value_hcc_hcc(model, i))
  data.frame(hcc = vapply(h, function(x) x$out_name, ""), label = vapply(h, function(x) x$out_label, ""))
}

# where: a sprintf() prefix naming the row ("people row %d: "), or "".
.hcc_where <- function(where, i) if (nzchar(where)) sprintf(where, i) else ""

# The segment names are the enum's option names, shown in CMS's capitals.
.hcc_segment <- function(x, where = "") {
  if (is.numeric(x)) return(x)
  code <- value_hcc_segment[tolower(trimws(as.character(x)))]
  bad <- which(is.na(code))
  if (length(bad))
    .stop(sprintf("%sunknown segment '%s' (known: %s)", .hcc_where(where, bad[1]), x[bad[1]],
                  paste(toupper(names(value_hcc_segment)), collapse = ", ")))
  unname(code)
}

.hcc_sexes <- c(m = VALUE_HCC_MALE, male = VALUE_HCC_MALE, "1" = VALUE_HCC_MALE,
                f = VALUE_HCC_FEMALE, female = VALUE_HCC_FEMALE, "2" = VALUE_HCC_FEMALE)

.hcc_sex <- function(x, where = "") {
  code <- .hcc_sexes[tolower(trimws(as.character(x)))]
  bad <- which(is.na(code))
  if (length(bad)) .stop(sprintf("%ssex '%s' is not M/F (or 1/2)", .hcc_where(where, bad[1]), x[bad[1]]))
  unname(code)
}

.hcc_column <- function(table, name, what) {
  if (!is.list(table)) .stop(what, " must be a data frame, got ", class(table)[1])
  if (!(name %in% names(table)))
    .stop(sprintf("%s has no column '%s' (columns: %s)", what, name, paste(names(table), collapse = ", ")))
  v <- table[[name]]
  bad <- which(is.na(v))
  if (length(bad)) .stop(sprintf("%s row %d: %s is NA", what, bad[1], name))
  v
}

hcc_score <- function(model, people, codes, person = "person", code = "code", medicaid = "medicaid") {
  ids <- .hcc_column(people, person, "people")
  key <- as.character(ids)
  if (!length(key)) .stop("people has no rows")
  dup <- anyDuplicated(key)
  if (dup) .stop(sprintf("people row %d repeats row %d (%s '%s')", dup, match(key[dup], key), person, key[dup]))
  row <- match(as.character(.hcc_column(codes, person, "codes")), key)
  bad <- which(is.na(row))
  if (length(bad))
    .stop(sprintf("codes row %d: %s '%s' is not in people", bad[1], person, as.character(codes[[person]][bad[1]])))
  seg <- .hcc_segment(.hcc_column(people, "segment", "people"), "people row %d: ")
  sex <- .hcc_sex(.hcc_column(people, "sex", "people"), "people row %d: ")
  md <- if (!is.null(medicaid) && medicaid %in% names(people)) .hcc_column(people, medicaid, "people")
  cds <- as.character(.hcc_column(codes, code, "codes"))
  r <- value_hcc_score(model, seg, .hcc_column(people, "age", "people"), sex, .hcc_column(people, "orec", "people"),
                       md, row - 1L, cds, length(key), length(cds))
  out <- data.frame(ids, r$out_scores)
  names(out) <- c(person, "score")
  # rows of the codes table, counted from 1
  attr(out, "invalid_codes") <- which(r$out_status == VALUE_HCC_CODE_INVALID)
  out
}

hcc_explain <- function(model, segment, age, sex, orec, codes = character(), medicaid = 0) {
  e <- value_hcc_explain(model, .hcc_segment(segment), age, .hcc_sex(sex), orec, medicaid, as.character(codes))
  on.exit(value_hcc_explanation_free(e))
  lines <- lapply(seq_len(value_hcc_explanation_line_count(e)) - 1, function(i) value_hcc_explanation_line(e, i))
  field <- function(f, type) vapply(lines, function(l) l[[f]], type)
  data.frame(step = field("out_step", ""), item = field("out_item", ""), code = field("out_code", ""),
             text = field("out_text", ""), factor = field("out_factor", 0))
}

hcc_factor <- function(model, segment, variable) {
  s <- .hcc_segment(segment)
  vapply(variable, function(v) value_hcc_factor(model, s, v), 0, USE.NAMES = FALSE)
}

ma_risk_score <- function(year, raw_v28, raw_v24 = NULL)
  value_ma_risk_score(year, as.numeric(raw_v28), if (!is.null(raw_v24)) as.numeric(raw_v24), length(raw_v28))
