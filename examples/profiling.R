# Provider profiling and fairness from R: a profile from patient records,
# its funnel plot, and a risk classifier's error rates by group
# (fairlearn's documentation example).
library(libvalue)
set.seed(2)
d <- data.frame(hospital = sample(sprintf("H%02d", 1:40), 20000, TRUE), risk = runif(20000, 0.02, 0.25))
d$died <- rbinom(20000, 1, d$risk * ifelse(d$hospital == "H07", 1.6, 1))
p <- provider_profile(d$hospital, d$died, d$risk)
r <- profile_results(p)
fp <- funnel_plot_data(r$observed, r$expected, labels = r$provider)
print(fp[fp$flag != 0, c("label", "observed", "value", "z", "flag")])
pdf(NULL); plot(fp); invisible(dev.off())

y_true <- c(0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1)
y_pred <- c(0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0)
grp <- strsplit("bbabbcccaacabccbcc", "")[[1]]
print(fairness_by_group(y_true, y_pred, grp)[, c("group", "n", "tpr", "fpr", "selection")])
s <- fairness_summary(y_true, y_pred, grp)
cat(sprintf("equalized odds difference %.2f, demographic parity difference %.2f\n",
            s[["equalized_odds_difference"]], s[["selection_difference"]]))
