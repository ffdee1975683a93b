# Pseudo individual data from a Kaplan-Meier curve (Guyot 2012) through R:
# the hand-worked case of tests/evaluation/check_survival_guyot.c (every
# row written out there), and errors counting from 1.
library(libvalue)

curve <- data.frame(time = c(0, 1, 3, 4), survival = c(1, 0.8, 0.6, 0.45))
table <- data.frame(time = c(0, 2), n_risk = c(10, 7))
ipd <- survival_guyot(curve, table)
stopifnot(is.data.frame(ipd), identical(names(ipd), c("time", "event")))
stopifnot(identical(ipd$time, c(1, 1, 1.5, 3, 3, 3.5, 4, 4, 4, 4)))
stopifnot(identical(as.integer(ipd$event), c(1L, 1L, 0L, 1L, 1L, 0L, 1L, 0L, 0L, 0L)))
stopifnot(sum(ipd$time >= 2) == 7)  # the table's 7 at risk at t = 2

# 4 events reported: the last interval censors 3, at 3.25, 3.5 and 3.75
ipd4 <- survival_guyot(curve, table, total_events = 4)
stopifnot(sum(ipd4$event) == 4, identical(ipd4$time, c(1, 1, 1.5, 3, 3, 3.25, 3.5, 3.75, 4, 4)))

# errors: C's s[2] and n_risk[1] are R's s[3] and n_risk[2]
err <- function(expr) tryCatch({ expr; "" }, error = function(e) conditionMessage(e))
m <- err(survival_guyot(data.frame(time = c(0, 1, 3, 4), survival = c(1, 0.8, 0.9, 0.45)), table))
stopifnot(grepl("s[3] is 0.9, must be <= s[2] (0.8)", m, fixed = TRUE))
m <- err(survival_guyot(curve, data.frame(time = c(0, 2), n_risk = c(10, 11))))
stopifnot(grepl("n_risk[2] is 11, must be <= n_risk[1] (10)", m, fixed = TRUE))
m <- err(survival_guyot(data.frame(time = c(0, NaN, 3, 4), survival = curve$survival), table))
stopifnot(grepl("t[2] is NaN", m, fixed = TRUE))
m <- err(survival_guyot(curve, table, total_events = 11))
stopifnot(grepl("total_events is 11", m, fixed = TRUE))
m <- err(survival_guyot(data.frame(time = 0, surv = 1), table))
stopifnot(grepl("unknown column of curve 'survival'", m, fixed = TRUE))
