# CMS-HCC risk scores from R: a synthetic population of 1,000 Medicare
# Advantage members with a few common diagnoses each, scored under V28 and
# V24, their 2025 payment risk scores (33% V24 + 67% V28), and one
# member's score explained line by line.  examples/hcc.py builds the same
# population (the same generator) and prints the same numbers.
library(libvalue)

# Park-Miller's minimal standard generator: exact in doubles, so R and
# Python draw the same numbers.
seed <- 20250101
pick <- function(n) { seed <<- (16807 * seed) %% 2147483647; floor(seed / 2147483647 * n) }

common <- c("E11.9", "E11.22", "Z79.4", "I50.9", "I48.91", "J44.9", "N18.4", "N18.32", "F33.1", "G30.9",
            "I10", "E78.5", "M19.90", "E66.01")
n <- 1000
people <- data.frame(person = sprintf("P%04d", seq_len(n)), segment = "", age = 0, sex = "", orec = 0)
ids <- character(); dx <- character()
for (i in seq_len(n)) {
  kind <- pick(20)  # 0-16 aged non-dual, 17 aged full dual, 18-19 disabled non-dual
  people$segment[i] <- if (kind < 17) "CNA" else if (kind == 17) "CFA" else "CND"
  people$age[i] <- if (kind < 18) 65 + pick(30) else 30 + pick(35)
  people$orec[i] <- if (kind >= 18) 1 else 0
  people$sex[i] <- if (pick(2) == 0) "F" else "M"
  k <- pick(5)
  for (j in seq_len(k)) {
    ids <- c(ids, people$person[i])
    dx <- c(dx, common[pick(length(common)) + 1])
  }
}
# an ICD-9-CM code by mistake (diabetes, 250.00): not ICD-10-CM, skipped and reported
ids <- c(ids, "P0007"); dx <- c(dx, "250.00")
codes <- data.frame(person = ids, code = dx)

s28 <- hcc_score(hcc_model("V28"), people, codes)
s24 <- hcc_score(hcc_model("V24"), people, codes)
pay <- ma_risk_score(2025, s28$score, s24$score)
cat(sprintf("%d people, %d code rows (invalid: row %s)\n", n, nrow(codes),
            paste(attr(s28, "invalid_codes"), collapse = ", ")))
cat(sprintf("mean raw score: V28 %.4f, V24 %.4f; mean 2025 payment risk score %.4f\n",
            mean(s28$score), mean(s24$score), mean(pay)))

top <- which.max(s28$score)
p <- people[top, ]
cat(sprintf("highest V28 score: %s (%s, %d, %s) %.3f\n", p$person, p$segment, p$age, p$sex, s28$score[top]))
e <- hcc_explain(hcc_model("V28"), p$segment, p$age, p$sex, p$orec, codes$code[codes$person == p$person])
for (i in seq_len(nrow(e))) cat(sprintf("  %-12s %-16s %-7s %6.3f\n", e$step[i], e$item[i], e$code[i], e$factor[i]))
