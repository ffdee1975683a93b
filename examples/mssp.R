# The Medicare Shared Savings Program from R: a data frame of ACOs in, a data
# frame of settlements with their explanation lines out.
library(libvalue)

acos <- data.frame(aco = c("A67373", "A38665", "demo-E"),
                   track = c("track_1", "track_1", "basic_e"),
                   assigned_beneficiaries = c(34601, 11219, 20000),
                   benchmark = c(450902466, 106387253, 200e6),
                   expenditure = c(418729017, 104891827, 212e6),
                   quality_score = c(0.916964286, 0.865848214, 1),
                   msr_choice = c(NA, NA, 0.02),
                   revenue = c(0, 0, 40e6))
s14 <- mssp_settle(acos[1:2, ], 2014)
print(s14[, c("aco", "msr", "savings_rate", "sharing_rate", "final_payment")])
cat(s14$explanation[1], "\n\n")
s22 <- mssp_settle(acos[3, ], 2022)
cat(sprintf("%s 2022: final payment %s\n", s22$aco, format(s22$final_payment, big.mark = ",", nsmall = 2)))
lines <- attr(s22, "lines")
print(lines[lines$step %in% c("shared", "cap", "payment"), c("step", "text")], right = FALSE)
