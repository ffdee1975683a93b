# MIPS payment adjustment factors through R (42 CFR 414.1405): hand-worked
# cases from the regulation, CMS's payment year 2026 figures, and errors
# carrying value_errmsg().
library(libvalue)

close_to <- function(got, want, tol = 1e-12) all(abs(got - want) <= tol * abs(want) + 1e-15)

# Performance year 2022 (payment year 2024): T = 75, Tx = 89, A = 9%; k = kx = 1.
# 0 -> -9%; 18.75 = T/4 -> -9%; 37.5 -> -9% x 37.5/75 = -4.5%; 75 -> 0;
# 87.5 -> 9% x 12.5/25 = 4.5%; 89 -> 9% x 14/25 = 5.04% plus 0.5%; 100 -> 9% plus 10%
d <- mips_adjustment(2022, c(0, 18.75, 37.5, 75, 87.5, 89, 100), scaling_factor = 1, exceptional_scaling_factor = 1)
stopifnot(is.data.frame(d), nrow(d) == 7)
stopifnot(identical(names(d), c("final_score", "negative", "positive", "exceptional", "factor")))
stopifnot(close_to(d$factor, c(-0.09, -0.09, -0.045, 0, 0.045, 0.0554, 0.19)))
stopifnot(close_to(d$positive, c(0, 0, 0, 0, 0.045, 0.0504, 0.09)))
stopifnot(close_to(d$exceptional, c(0, 0, 0, 0, 0, 0.005, 0.10)))
stopifnot(close_to(d$negative, c(-0.09, -0.09, -0.045, 0, 0, 0, 0)))
out <- capture.output(print(d))
stopifnot(any(grepl("performance year 2022", out)))

# Performance year 2017 (payment year 2019): T = 3, Tx = 70, A = 4%; k = 1.5, kx = 0.2.
# 85 -> positive 1.5 x 4% x 82/97; exceptional 0.2 x (0.5% + 9.5% x 15/30) = 1.05%
d <- mips_adjustment(2017, c(0.75, 1.5, 85, 100), 1.5, 0.2)
stopifnot(close_to(d$negative[1:2], c(-0.04, -0.02)))
stopifnot(close_to(d$positive[3], 0.06 * 82 / 97), close_to(d$exceptional[3], 0.0105))
stopifnot(close_to(d$factor[4], 0.08))  # 1.5 x 4% + 0.2 x 10%

# CMS, payment year 2026 (performance year 2024): +1.05% at 100, +0.63% at 90, +0.21% at 80
k <- mips_published_scaling(2024)
stopifnot(close_to(k[["scaling_factor"]], 0.0105 / 0.09), k[["exceptional_scaling_factor"]] == 0)
d <- mips_adjustment(2024, c(100, 90, 80))
stopifnot(all(abs(d$factor - c(0.0105, 0.0063, 0.0021)) <= 5e-15))

# Errors name the argument and value
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
stopifnot(grepl("mips has no performance year 2016 (known: 2017-2025)", err(mips_adjustment(2016, 50, 1)), fixed = TRUE))
stopifnot(grepl("final_score[2] is 101, must be in [0, 100]", err(mips_adjustment(2022, c(50, 101), 1)), fixed = TRUE))
stopifnot(grepl("final_score[1] is NaN", err(mips_adjustment(2022, NaN, 1)), fixed = TRUE))
stopifnot(grepl("scaling_factor is -1, must be in [0, 3]", err(mips_adjustment(2022, 50, -1)), fixed = TRUE))
stopifnot(grepl("performance year 2023 has no exceptional", err(mips_adjustment(2023, 50, 1, 0.5)), fixed = TRUE))
stopifnot(grepl("n is 0", err(mips_adjustment(2022, numeric(0), 1))))
stopifnot(grepl("CMS's maximum of 1.88%", err(mips_adjustment(2017, 50)), fixed = TRUE))
stopifnot(grepl("pass both", err(mips_adjustment(2022, 50, NULL, 0.5))))
cat("ok: mips\n")
