# Charlson and Elixhauser from R: the population of examples/comorbidity.py
# (the same generator), its Charlson flags and scores under the 1987 and the
# Quan 2011 weights, and the Elixhauser van Walraven score.
library(libvalue)

# Park-Miller's minimal standard generator, as in examples/comorbidity.py.
seed <- 20260101
pick <- function(n) {
  seed <<- (16807 * seed) %% 2147483647
  as.integer(seed / 2147483647 * n)
}

common <- c("I21.4", "I50.9", "I10", "I11.0", "E11.9", "E11.22", "J44.9", "N18.4", "F03.90", "C34.90",
            "C78.7", "K70.30", "K72.10", "I63.9", "F32.9", "E66.9", "Z99.2", "I48.91", "D50.9", "M06.9")
person <- character()
code <- character()
for (i in 1:1000) {
  for (k in seq_len(pick(7))) {
    person <- c(person, sprintf("P%04d", i))
    code <- c(code, common[pick(length(common)) + 1])
  }
}
codes <- data.frame(person = c(person, "P0001"), code = c(code, "150.9")) # a one typed for the letter I

flags <- comorbidity(codes, "charlson_icd10_quan")
cat(sprintf("%d people with codes, %d codes, invalid code rows [%s]\n", nrow(flags), nrow(codes),
            paste(attr(flags, "invalid_codes"), collapse = ", ")))
conds <- comorbidity_conditions("charlson_icd10_quan")$condition
prevalence <- colSums(flags[conds])
top <- conds[order(-prevalence, conds)][1:3]
cat(sprintf("most common Charlson conditions: %s\n", paste(top, prevalence[top], collapse = ", ")))
for (w in comorbidity_weight_sets("charlson_icd10_quan")) {
  s <- comorbidity_score(flags, w)$score
  cat(sprintf("Charlson (%s weights), people with codes: mean %.3f, max %.0f\n", w, mean(s), max(s)))
}
vw <- comorbidity_score(comorbidity(codes, "elixhauser_icd10_quan"), "vw")$score
cat(sprintf("Elixhauser (van Walraven): mean %.3f, min %.0f, max %.0f\n", mean(vw), min(vw), max(vw)))
first <- comorbidity(codes, hierarchy = TRUE)
cat(sprintf("%s: %s\n", first$person[1], paste(conds[unlist(first[1, conds]) == 1L], collapse = " ")))
