# Risk adjustment from R: fit a mortality model as glm would, then the
# seeds' Hospital X / Hospital Y case, where observed vs expected reverses
# the raw ranking (X: 12% raw, 15% expected; Y: 6% raw, 5% expected).
library(libvalue)
set.seed(1)
d <- data.frame(age = round(rnorm(500, 72, 9)), chf = rbinom(500, 1, 0.3))
d$dead <- rbinom(500, 1, plogis(-9 + 0.1 * d$age + 0.5 * d$chf))
m <- risk_fit(dead ~ age + chf, d)
print(risk_coefficients(m))
print(round(risk_performance(d$dead, predict(m, d)$mu), 3))

hx <- data.frame(hospital = rep(c("X", "Y"), c(200, 50)),
                 dead = c(rep(1:0, c(24, 176)), rep(1:0, c(3, 47))),
                 expected = rep(c(0.15, 0.05), c(200, 50)))
oe <- risk_observed_expected(hx$dead, hx$expected, hx$hospital)
print(oe)
cat(sprintf("risk-standardized: X %.1f%%, Y %.1f%%\n", 100 * oe$rate[1], 100 * oe$rate[2]))
