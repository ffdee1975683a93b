# Charlson and Elixhauser from R.  Codes looked up by hand in Quan et al.
# 2005 Table 1; weights from Charlson 1987, Quan 2011, van Walraven 2009 and
# Sharma 2021; the sums worked in the comments.  Where the repository's
# tables are at hand (make check sets top_srcdir), the flags are also
# checked code for code against a base-R implementation over them.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)

# a: MI, CHF, diabetes with and without complications, metastatic and other
# malignancy, mild and severe liver disease.  After the hierarchy mi chf
# diabwc msld metacanc: Charlson 1 + 1 + 2 + 3 + 6 = 13, Quan 0 + 2 + 1 + 4 +
# 6 = 13.  b: dementia, pulmonary, renal, PVD: Charlson 5, Quan 2 + 1 + 1 = 4.
codes <- data.frame(id = c(rep("a", 8), rep("b", 4)),
                    dx = c("I21.9", "I50.9", "E11.9", "E11.2", "C78.0", "C50.9", "K70.3", "K72.1",
                           "f03", " J44.9", "N18.5", "I70.2"))
f <- comorbidity(codes, person = "id", code = "dx")
stopifnot(identical(names(f)[1:3], c("id", "mi", "chf")), identical(f$id, c("a", "b")),
          f$mld[1] == 1L, f$msld[1] == 1L, is.integer(f$mi), length(attr(f, "invalid_codes")) == 0L)
stopifnot(identical(comorbidity_score(f, "charlson")$score, c(13, 5)),
          identical(comorbidity_score(f, "quan")$score, c(13, 4)))
fh <- comorbidity(codes, person = "id", code = "dx", hierarchy = TRUE)
stopifnot(identical(names(fh)[-1][unlist(fh[1, -1]) == 1L], c("mi", "chf", "diabwc", "msld", "metacanc")))

# Elixhauser: I10, I11.0 (CHF and complicated hypertension), E11.9, E11.2,
# C78.0, C50.9, K70.3 (liver disease and alcohol), F32.9, E66.9, D50.0.
# van Walraven 7 + 0 + 0 + 12 + 11 + 0 - 3 - 4 - 2 = 21; Swiss 13 - 3 - 1 +
# 17 + 16 - 3 - 3 - 6 - 5 = 25.
ex <- data.frame(person = 1L, code = c("I10", "I11.0", "E11.9", "E11.2", "C78.0", "C50.9", "K70.3", "F32.9",
                                       "E66.9", "D50.0"))
e <- comorbidity(ex, "elixhauser_icd10_quan")
stopifnot(identical(comorbidity_score(e, "vw")$score, 21), identical(comorbidity_score(e, "swiss")$score, 25))
stopifnot(identical(comorbidity_weight_sets("elixhauser_icd9_quan"), c("vw", "swiss")),
          nrow(comorbidity_conditions("elixhauser_icd10_quan")) == 31L, length(comorbidity_algorithms()) == 7L)

# one person explained: I11.0 counts for CHF and complicated hypertension,
# which clears I10's; van Walraven chf 7 + hypc 0 = 7
x <- comorbidity_explain(c("I11.0", "I10", "bad!"), "vw", "elixhauser_icd10_quan")
stopifnot(identical(x$step, c("code", "code", "code", "invalid", "hierarchy", "condition", "condition", "score")),
          identical(x$item[5], "hypunc"), identical(x$weight[8], 7), grepl("listed under hypc", x$text[2]))

# people: an order of our own, people without codes get zeros; invalid
# codes are listed by their row, counting from 1
p <- comorbidity(data.frame(person = c(5, 5, 9), code = c("I21.9", "not a code", "I50.9")), people = c(9, 7, 5))
stopifnot(identical(p$person, c(9, 7, 5)), p$chf[1] == 1L, sum(unlist(p[2, -1])) == 0, p$mi[3] == 1L,
          identical(attr(p, "invalid_codes"), 2L))
empty <- comorbidity(data.frame(person = character(), code = character()))
stopifnot(nrow(empty) == 0L, nrow(comorbidity_score(empty, "quan")) == 0L)

# bad input
stopifnot(grepl("did you mean 'charlson_icd10_quan'", err(comorbidity(codes, "charlson_icd10_qan",
                                                                        person = "id", code = "dx"))))
stopifnot(grepl("unknown weight set 'vw'", err(comorbidity_score(f, "vw"))))
stopifnot(grepl("no column 'code'", err(comorbidity(data.frame(person = 1)))))
stopifnot(grepl("not a key", err(comorbidity(codes, person = "id", code = "dx", people = "zz"))))
bad <- f; bad$cevd[2] <- 2L
stopifnot(grepl("person 2, cevd", err(comorbidity_score(bad, "quan"))))

# flags feed a risk model as they come: a mortality model on Charlson flags
# fitted by risk_fit() and by R's glm() on the same data frame agree
set.seed(7)
n <- 5000
pool <- c("I21.9", "I50.9", "F03.90", "J44.9", "N18.4", "C78.7", "E11.22", "Z00.00")
cd <- data.frame(person = rep(seq_len(n), each = 3), code = sample(pool, 3 * n, TRUE))
fl <- comorbidity(cd, people = seq_len(n))
fl$age <- 65 + (seq_len(n) %% 30)
fl$dead <- rbinom(n, 1, plogis(-6 + 0.05 * fl$age + 0.7 * fl$chf + 0.9 * fl$metacanc + 0.4 * fl$dementia))
f <- dead ~ age + chf + metacanc + dementia + rend
mine <- coef(risk_fit(f, fl))
theirs <- coef(glm(f, binomial(), fl))
stopifnot(max(abs(mine - theirs[names(mine)])) < 1e-8)

# against base R over the repository's tables
maps_file <- file.path(Sys.getenv("top_srcdir"), "lib", "risk", "data", "comorbidity_maps.tsv")
if (nzchar(Sys.getenv("top_srcdir")) && file.exists(maps_file)) {
  maps <- read.delim(maps_file, comment.char = "#", colClasses = "character")
  set.seed(19)
  for (a in c("charlson_icd10_quan", "elixhauser_icd9_quan")) {
    m <- maps[maps$algorithm == a, ]
    n <- 20000
    np <- rpois(n, 3)
    person <- rep(seq_len(n), np)
    digits <- as.character(0:9)
    stem <- sample(c(m$code_prefix, if (a == "elixhauser_icd9_quan") sprintf("%03d", 0:999) else
      paste0(sample(LETTERS, 500, TRUE), sample(10:99, 500, TRUE))), length(person), TRUE)
    tail <- vapply(pmax(0, 5 - nchar(stem)), function(k) paste(sample(digits, sample(0:k, 1), TRUE),
                                                                collapse = ""), "")
    code <- paste0(stem, tail)
    code <- ifelse(nchar(code) < 3, paste0(code, "0"), code)
    got <- comorbidity(data.frame(person = person, code = code), a, people = seq_len(n))
    conds <- comorbidity_conditions(a)$condition
    want <- matrix(0L, n, length(conds), dimnames = list(NULL, conds))
    for (len in unique(nchar(m$code_prefix))) {
      # every (code row, condition) pair whose prefix of this length is listed
      rows <- data.frame(row = which(nchar(code) >= len))
      rows$code_prefix <- substr(code[rows$row], 1, len)
      hit <- merge(rows, m[nchar(m$code_prefix) == len, ], by = "code_prefix")
      want[cbind(person[hit$row], match(hit$condition, conds))] <- 1L
    }
    stopifnot(identical(unname(as.matrix(got[, conds])), unname(want)))
    cat(sprintf("%s: %d codes of %d people agree with base R\n", a, length(code), n))
  }
}
cat("test_risk_comorbidity: ok\n")
