# libvalue from R: present values and IRR.
library(libvalue)
cat("libvalue", libvalue_version(), "\n")
# Excel's NPV example: 1188.44
cat(sprintf("NPV at 10%%: %.2f\n", discount_pv_rate(c(-10000, 3000, 4200, 6800), 0.10)))
flows <- c(-250000, rep(40000, 10))
nice <- discount_scheme(0.035, timing = "start")
cat(sprintf("programme NPV at 3.5%%: %.2f\n", discount_pv(nice, flows)))
cat(sprintf("programme IRR: %.4f%%\n", 100 * discount_irr(flows)))
gb <- discount_scheme(0.035, step_years = c(30, 75, 125, 200, 300),
                      step_rates = c(0.030, 0.025, 0.020, 0.015, 0.010))
print(gb)
print(discount_factor(gb, c(31, 100)))
