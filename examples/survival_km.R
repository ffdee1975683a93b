# libvalue from R: Kaplan-Meier curves, the at-risk table, median survival
# and RMST of R's survival::aml trial (shipped with the package).
# SPDX-License-Identifier: GPL-3.0-or-later
library(libvalue)
aml <- read.csv(system.file("extdata", "aml.csv", package = "libvalue"))
fit <- km_fit(aml, time = "time", event = "status", group = "x")
at <- km_at(fit, c(0, 12, 24, 36, 48))
print(reshape(at[, c("x", "time", "n_risk")], idvar = "x", timevar = "time", direction = "wide"), row.names = FALSE)
med <- km_median(fit)
rm <- km_rmst(fit, tau = 40)
for (i in seq_len(nrow(med)))
  cat(sprintf("%-13s median %g weeks (95%% CI %g to %s); RMST to 40 weeks %.2f (SE %.2f)\n", med$x[i], med$median[i],
              med$lower[i], if (is.na(med$upper[i])) "NA" else format(med$upper[i]), rm$rmst[i], rm$se[i]))
tab <- km_table(fit)
m <- tab[tab$x == "Maintained", ][2, ]
cat(sprintf("Maintained: S(13) = %.4f, 95%% log-log CI %.4f to %.4f\n", m$surv, m$lower, m$upper))
