# Discounting through R: published figures, R's own arithmetic as a second
# implementation, and errors carrying value_errmsg().
library(libvalue)

stopifnot(identical(libvalue_version(), as.character(packageVersion("libvalue"))))

# Excel NPV documentation example 1: NPV(10%, -10000, 3000, 4200, 6800) = 1188.44
flows <- c(-10000, 3000, 4200, 6800)
pv <- discount_pv_rate(flows, 0.10)
stopifnot(abs(pv - 1188.44) <= 0.005)
stopifnot(isTRUE(all.equal(pv, sum(flows / 1.1^(1:4)), tolerance = 1e-12)))

# Start and mid-period timing against R's own sums
stopifnot(isTRUE(all.equal(discount_pv_rate(flows, 0.08, "start"), sum(flows / 1.08^(0:3)), tolerance = 1e-12)))
stopifnot(isTRUE(all.equal(discount_pv_rate(c(1000, 1000, 1000), 0.035, "mid"), 2850.243974622483, tolerance = 1e-12)))

# Monthly scheme: 24 flows of 100 at an annual 3.5%
m <- discount_scheme(0.035, periods_per_year = 12)
stopifnot(isTRUE(all.equal(discount_pv(m, rep(100, 24)), sum(100 * 1.035^(-(1:24) / 12)), tolerance = 1e-12)))
stopifnot(isTRUE(all.equal(discount_factors(m, 3), 1.035^(-(1:3) / 12), tolerance = 1e-12)))

# Green Book declining schedule: D(31) = 1.035^-30 / 1.03
gb <- discount_scheme(0.035, step_years = c(30, 75, 125, 200, 300),
                      step_rates = c(0.030, 0.025, 0.020, 0.015, 0.010))
stopifnot(isTRUE(all.equal(discount_factor(gb, c(30, 31)), c(1.035^-30, 1.035^-30 / 1.03), tolerance = 1e-12)))
out <- capture.output(print(gb))
stopifnot(grepl("rate 0.035, timing end, 1 period", out[1]), grepl("steps: 0.03 from year 30, 0.025 from year 75", out[2]))

# IRR: Excel documentation 8.66%; and uniroot on R's own NPV agrees
f <- c(-70000, 12000, 15000, 18000, 21000, 26000)
r <- discount_irr(f)
stopifnot(abs(r - 0.0866) <= 5e-5)
ur <- uniroot(function(x) sum(f / (1 + x)^(0:5)), c(0, 1), tol = 1e-14)$root
stopifnot(abs(r - ur) < 1e-10)

# Errors name the argument and value; the C library's messages come through
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
stopifnot(grepl("rate is NaN", err(discount_pv_rate(1, NaN))))
stopifnot(grepl("rate is NaN", err(discount_pv_rate(1, NA_real_))))
stopifnot(grepl("flows\\[2\\] is Inf", err(discount_pv_rate(c(1, Inf), 0.03))))
stopifnot(grepl("n must be at least 1, got 0", err(discount_pv_rate(numeric(0), 0.03))))
stopifnot(grepl("rate must be greater than -1, got -2", err(discount_scheme(-2))))
stopifnot(grepl("PERIODS_PER_YEAR must be a whole number", err(discount_scheme(0.03, periods_per_year = 0.5))))
stopifnot(grepl("change sign 0 times", err(discount_irr(c(1, 2)))))
stopifnot(grepl("'arg' should be one of", err(discount_pv_rate(1, 0.03, "later"))))
stopifnot(grepl("must be a value_discount object", err(discount_pv(42, 1))))
stopifnot(grepl("flows must be a numeric vector", err(discount_pv_rate("a", 0.03))))

# Freeing is explicit-safe: a freed scheme errors instead of crashing
d <- discount_scheme(0.03)
libvalue:::value_discount_free(d)
libvalue:::value_discount_free(d)
stopifnot(grepl("has been freed", err(discount_pv(d, 1))))
rm(d); invisible(gc())
cat("R discount tests passed\n")
