# Kaplan-Meier through R: survival::survfit run live on the same data
# (survival's aml and ovarian, shipped in inst/extdata) as the second
# implementation, to 1e-10; data frames in and out; messages counted from 1.
library(libvalue)
near <- function(a, b, tol = 1e-10) isTRUE(all.equal(as.numeric(a), as.numeric(b), tolerance = tol))
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
ex <- function(f) read.csv(system.file("extdata", f, package = "libvalue"))
have_survival <- requireNamespace("survival", quietly = TRUE)

aml <- ex("aml.csv")
fit <- km_fit(aml, time = "time", event = "status", group = "x")
tab <- km_table(fit)
stopifnot(identical(names(tab), c("x", "time", "n_risk", "n_event", "n_censor", "surv", "std_err", "se_surv",
                                  "lower", "upper")), nrow(tab) == 20)
med <- km_median(fit)
stopifnot(identical(med$x, c("Maintained", "Nonmaintained")), identical(med$median, c(31, 23)),
          identical(med$lower, c(13, 5)), is.na(med$upper[1]), med$upper[2] == 33)
rm <- km_rmst(fit, tau = 40)
# print(fit, rmean = 40) as printed by survival 3.5-3 (also in tests/evaluation/check_survival_km.c)
stopifnot(near(rm$rmst, c(28.897727272727270, 21.930555555555557)), near(rm$se, c(3.4675776788915997, 3.8356411631845924)))

if (have_survival) {

  sf <- survival::survfit(survival::Surv(time, status) ~ x, data = aml, conf.type = "log-log")
  stopifnot(near(tab$time, sf$time), near(tab$n_risk, sf$n.risk), near(tab$n_event, sf$n.event),
            near(tab$n_censor, sf$n.censor), near(tab$surv, sf$surv))
  ok <- tab$surv > 0 # where S = 0 survfit has Inf and NA, km_table NA
  stopifnot(near(tab$std_err[ok], sf$std.err[ok]), all(is.na(tab$std_err[!ok])), all(is.infinite(sf$std.err[!ok])))
  stopifnot(near(tab$lower[ok], sf$lower[ok]), near(tab$upper[ok], sf$upper[ok]), all(is.na(tab$lower[!ok])))
  st <- summary(sf, rmean = 40)$table
  stopifnot(near(rm$rmst, st[, "rmean"]), near(rm$se, st[, "se(rmean)"]))
  stopifnot(identical(unname(st[, "median"]), med$median), identical(unname(st[, "0.95LCL"]), med$lower),
            identical(is.na(unname(st[, "0.95UCL"])), is.na(med$upper)))
  # the at-risk table and the curve at chosen times
  times <- c(0, 10, 20, 30, 40, 50)
  at <- km_at(fit, times)
  s <- summary(sf, times = times, extend = TRUE)
  stopifnot(near(at$n_risk, s$n.risk), near(at$n_event, s$n.event), near(at$surv, s$surv))
  ok <- at$surv > 0
  stopifnot(near(at$se_surv[ok], s$std.err[ok]), near(at$lower[ok], s$lower[ok]), near(at$upper[ok], s$upper[ok]))

  # ovarian with case weights, by treatment
  ov <- ex("ovarian.csv")
  w <- km_fit(ov, time = "futime", event = "fustat", weight = "ecog.ps", group = "rx", level = 0.9)
  sw <- survival::survfit(survival::Surv(futime, fustat) ~ rx, data = ov, weights = ecog.ps, conf.type = "log-log", conf.int = 0.9)
  wt <- km_table(w)
  stopifnot(near(wt$time, sw$time), near(wt$n_risk, sw$n.risk), near(wt$n_event, sw$n.event),
            near(wt$surv, sw$surv), near(wt$std_err, sw$std.err), near(wt$lower, sw$lower), near(wt$upper, sw$upper))
  sr <- summary(sw, rmean = 900)$table
  wr <- km_rmst(w, 900)
  stopifnot(near(wr$rmst, sr[, "rmean"]), near(wr$se, sr[, "se(rmean)"]))
  wm <- km_median(w)
  stopifnot(identical(is.na(wm$median), is.na(unname(sr[, "median"]))),
            near(wm$median[!is.na(wm$median)], sr[!is.na(sr[, "median"]), "median"]))
  # non-integer weights: the Greenwood sum of the weighted counts is survfit's robust = FALSE
  # (survival 3.5 defaults to a robust variance for non-integer weights)
  ov$w <- ov$ecog.ps * 0.7 + 0.15
  nf <- km_table(km_fit(ov, time = "futime", event = "fustat", weight = "w"))
  sn <- survival::survfit(survival::Surv(futime, fustat) ~ 1, data = ov, weights = w, conf.type = "log-log",
                          robust = FALSE)
  stopifnot(near(nf$n_risk, sn$n.risk), near(nf$surv, sn$surv), near(nf$std_err, sn$std.err),
            near(nf$lower, sn$lower), near(nf$upper, sn$upper))
  # one group, no weights: the whole aml data
  one <- km_table(km_fit(aml, event = "status"))
  s1 <- survival::survfit(survival::Surv(time, status) ~ 1, data = aml, conf.type = "log-log")
  stopifnot(!"x" %in% names(one), near(one$surv, s1$surv), near(one$std_err, s1$std.err))
} else {
  message("survival is not installed: the live survfit comparison is skipped (Debian: r-cran-survival)")
}

# all censored: S = 1, the median not reached, RMST = tau
cens <- km_fit(data.frame(time = c(1, 2, 3), event = c(0, 0, 0)))
stopifnot(all(km_table(cens)$surv == 1), is.na(km_median(cens)$median), km_rmst(cens, 2.5)$rmst == 2.5)
# bad input: the C library's messages, counted from 1
stopifnot(grepl("time[2] is -1, must be finite and >= 0", err(km_fit(data.frame(time = c(1, -1, 2), event = c(1, 0, 1)))), fixed = TRUE))
stopifnot(grepl("event[3] is 2, must be 0 or 1", err(km_fit(data.frame(time = c(1, 2, 3), event = c(1, 0, 2)))), fixed = TRUE))
stopifnot(grepl("unknown column 'stauts' (did you mean 'status'?)", err(km_fit(aml, event = "stauts")), fixed = TRUE))
stopifnot(grepl("times[3] is 1, must be >= times[2] (5)", err(km_at(fit, c(0, 5, 1))), fixed = TRUE))
stopifnot(grepl("tau is -1", err(km_rmst(fit, -1)), fixed = TRUE))
stopifnot(any(grepl("2 groups", capture.output(print(fit)))))
