# Profiling and fairness against R itself and the published cases
# (fairlearn's documentation example, PHE's Byar test data).
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
rel <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))

# fairlearn documentation example
y_true <- c(0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1)
y_pred <- c(0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0)
grp <- strsplit("bbabbcccaacabccbcc", "")[[1]]
fb <- fairness_by_group(y_true, y_pred, grp)
stopifnot(identical(fb$group, c("a", "b", "c", "(all)")), all(fb$n == c(4, 6, 8, 18)))
stopifnot(rel(fb$tpr[1:3], c(0.5, 0.6, 0.4)) < 1e-15, rel(fb$fpr[1:3], c(1, 0, 2 / 3)) < 1e-15,
          rel(fb$selection[1:3], c(0.75, 0.5, 0.5)) < 1e-15)
fs <- fairness_summary(y_true, y_pred, grp)
stopifnot(rel(fs[c("tpr_difference", "fpr_difference", "selection_difference", "equalized_odds_difference",
                   "selection_ratio")], c(0.2, 1, 0.25, 1, 2 / 3)) < 1e-14)
# two models: the second also selects person 9 (group a, positive)
y2 <- y_pred; y2[9] <- 1
cmp <- fairness_compare(y_true, list(without = y_pred, with = y2), grp)
stopifnot(rel(cmp$overall_ppv, c(6 / 10, 7 / 11)) < 1e-15, rel(cmp$tpr_difference, c(0.2, 0.6)) < 1e-14)
stopifnot(grepl("threshold", err(fairness_summary(y_true, y_pred, grp, threshold = 2))))

# profiles: Byar's limits (PHE) and O/E from records; merging pieces
p <- provider_profile(c("A", "B"))
profile_add_counts(p, c("A", "B"), c(65, 1045), c(1, 1), c(1000, 5000))
r <- profile_results(p)
stopifnot(rel(c(r$lower[1], r$upper[1]), c(50.163187710459454, 82.849138545939837)) < 1e-12,
          rel(c(r$lower[2], r$upper[2]), c(982.59320180733255, 1110.3312129856499)) < 1e-12)
set.seed(3)
n <- 5000
d <- data.frame(prov = sample(sprintf("p%02d", 1:30), n, TRUE), risk = runif(n, 0.02, 0.3))
d$dead <- rbinom(n, 1, d$risk)
whole <- profile_results(provider_profile(d$prov, d$dead, d$risk))
half <- provider_profile(sort(unique(d$prov)))
profile_add_records(half, d$prov[1:2000], d$dead[1:2000], d$risk[1:2000])
other <- provider_profile(sort(unique(d$prov)))
profile_add_records(other, d$prov[2001:n], d$dead[2001:n], d$risk[2001:n])
profile_merge(other, half)
merged <- profile_results(other)
o <- tapply(d$dead, d$prov, sum); e <- tapply(d$risk, d$prov, sum)
stopifnot(all(whole$observed == o), rel(whole$expected, unname(e)) < 1e-13, rel(merged$expected, unname(e)) < 1e-13,
          rel(whole$z, unname((o - e) / sqrt(e))) < 1e-12, rel(whole$rate, unname(o / e) * mean(d$dead)) < 1e-12)

# peer groups: quintiles by rank, as floor((rank - 1) G / n); medians by group
x <- c(5, 1, 9, 3, 7, 2, 10, 4, 8, 6, 3)
stopifnot(identical(peer_groups(x, 5), as.integer(floor((rank(x, ties.method = "first") - 1) * 5 / 11)) + 1L))
v <- c(1.1, 0.9, 1.3, 1.0, 0.8, 1.2)
pc <- peer_compare(v, c(1, 1, 2, 2, 2, 1))
stopifnot(rel(pc$peer_median, ave(v, c(1, 1, 2, 2, 2, 1), FUN = median)) < 1e-15)

# disparities: rates, differences, between-group variance by plain R
yy <- rbinom(3000, 1, 0.2); gg <- sample(c("white", "black", "hispanic"), 3000, TRUE)
dr <- disparity_rates(yy, gg, reference = "white")
rt <- tapply(yy, gg, mean); nn <- tapply(yy, gg, length)
stopifnot(rel(dr$rate, unname(rt)) < 1e-15, rel(dr$difference, unname(rt - rt["white"])) < 1e-12,
          rel(attr(dr, "between_variance"), sum(nn * (rt - mean(yy))^2) / 3000) < 1e-12)
al <- allocate_budget(1000, c(a = 300, b = 700), c(1, 3))
stopifnot(all(al$equality == c(300, 700)), all(al$equity == c(250, 750)))

# the funnel plot draws
fp <- funnel_plot_data(o, e, labels = names(o))
pdf(NULL); plot(fp); invisible(dev.off())
stopifnot(nrow(fp) == 30, all(fp$flag %in% -2:2),
          abs(attr(fp, "target") - sum(o) / sum(e)) <= 1e-15 * sum(o) / sum(e))  # the pooled target, from C

# exact funnel limits: Spiegelhalter's interpolation (2005, appendix A.1.1)
# written out with R's qpois/qbinom: (r_p - alpha)/size, alpha = (F(r_p) - p)/f(r_p)
sp_pois <- function(p, m) { r <- qpois(p, m); pmax(0, (r - (ppois(r, m) - p) / dpois(r, m)) / m) }  # a negative limit is 0
sp_binom <- function(p, n, t) { r <- qbinom(p, n, t); pmax(0, (r - (pbinom(r, n, t) - p) / dbinom(r, n, t)) / n) }
E <- c(5, 50, 500, 5000)
fl <- funnel_limits(E, "ratio", 1, 0.998)
stopifnot(max(abs(fl$lower - sp_pois(0.001, E))) < 1e-12, rel(fl$upper, sp_pois(0.999, E)) < 1e-9)
nn <- c(20, 200, 2000)
fp2 <- funnel_limits(nn, "proportion", 0.1, 0.95)
stopifnot(rel(fp2$lower, sp_binom(0.025, nn, 0.1)) < 1e-9, rel(fp2$upper, sp_binom(0.975, nn, 0.1)) < 1e-9)
