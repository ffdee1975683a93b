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
s19 <- mssp_settle(acos[3, ], 2019)
cat(sprintf("%s 2019: final payment %s\n", s19$aco, format(s19$final_payment, big.mark = ",", nsmall = 2)))
lines <- attr(s19, "lines")
print(lines[lines$step %in% c("shared", "cap", "payment"), c("step", "text")], right = FALSE)
# The same loss year in 2022: the COVID-19 circumstances policy reduces shared
# losses by the months x beneficiaries affected (all, by default, in 2020-2022);
# the ACO's own shares (25% of the months, 50% of its beneficiaries) instead
e22 <- acos[c(3, 3), ]
e22$aco <- c("demo-E default", "demo-E own shares")
e22$quality_score <- NA; e22$quality_met <- 1
e22$euc_months_share <- c(NA, 0.25); e22$euc_beneficiary_share <- c(NA, 0.5)
s22 <- mssp_settle(e22, 2022)
print(s22[, c("aco", "generated", "final_payment")])
