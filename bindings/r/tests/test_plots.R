# Plots (issue #17): each kind rendered to PNG in $LIBVALUE_PLOT_DIR (a
# temporary directory by default) and checked with ggplot_build() for what
# a reader needs.  Numbers in the comments are hand calculations.
library(libvalue)
if (!requireNamespace("ggplot2", quietly = TRUE)) {
  cat("SKIP: ggplot2 is not installed (Debian: apt-get install r-cran-ggplot2)\n")
  quit(status = 0)
}
dir <- Sys.getenv("LIBVALUE_PLOT_DIR", tempfile("plots"))
dir.create(dir, recursive = TRUE, showWarnings = FALSE)
save <- function(p, kind, width = 7, height = 4.5) {
  f <- file.path(dir, paste0(kind, ".png"))
  ggplot2::ggsave(f, p, width = width, height = height, dpi = 100)
  stopifnot(file.exists(f), file.info(f)$size > 5000)
  invisible(ggplot2::ggplot_build(p))
}
legend_labels <- function(b, aes) b$plot$scales$get_scales(aes)$get_labels()
layer_of <- function(b, geom) which(vapply(b$plot$layers, function(l) inherits(l$geom, geom), NA))
x_range <- function(b) b$layout$panel_params[[1]]$x.range
y_range <- function(b) b$layout$panel_params[[1]]$y.range

# PSA of three strategies, 400 draws from the library's sampler, as a data
# frame (strategy names from the column names).  A is cheapest by far
# (cost 1000 +- 100 against 3000 +- 300 and 6000 +- 500), so at WTP 0 it is
# cost-effective in every draw.
s <- psa_sampler()
for (k in c("A", "B", "C")) sampler_add(s, paste0("cost_", k), "normal", c(A = 1000, B = 3000, C = 6000)[[k]],
                                        c(A = 100, B = 300, C = 500)[[k]])
for (k in c("A", "B", "C")) sampler_add(s, paste0("qaly_", k), "normal", c(A = 5, B = 5.1, C = 5.25)[[k]], 0.05)
draws <- as.data.frame(sampler_draw(s, 400, seed = 17))
costs <- data.frame(A = draws$cost_A, B = draws$cost_B, C = draws$cost_C)
effects <- data.frame(A = draws$qaly_A, B = draws$qaly_B, C = draws$qaly_C)
lambdas <- seq(0, 100000, by = 1000)
cv <- psa_curves(costs, effects, lambdas)
stopifnot(identical(colnames(cv$ceac), c("A", "B", "C")), cv$ceac[1, "A"] == 1)

b <- save(plot(cv), "ceac")
stopifnot(identical(legend_labels(b, "colour"), c("A", "B", "C")))
pts <- b$data[[layer_of(b, "GeomPoint")]]
stopifnot(nrow(pts) == length(lambdas))                      # the CEAF marked at every WTP
stopifnot(all(y_range(b) >= -0.06 & y_range(b) <= 1.06), min(x_range(b)) <= 0, max(x_range(b)) >= 100000)

b <- save(plot(cv, "evpi"), "evpi")
stopifnot(min(y_range(b)) <= 0, max(b$data[[1]]$y) == max(cv$evpi))

b <- save(plot(cv, "loss"), "expected_loss")
stopifnot(identical(legend_labels(b, "colour"), c("A", "B", "C")))

# CE plane against A: the origin is in view although every increment of B
# and C is a cost (their costs exceed A's by 2000 and 5000 +- a few
# hundred); A is not a point; one mean point per other strategy; WTP line.
inc <- psa_incremental(costs, effects, comparator = "A")
stopifnot(all(inc$dcost[, c("B", "C")] > 0))
b <- save(plot(inc, wtp = 30000), "ce_plane")
xr <- x_range(b); yr <- y_range(b)
stopifnot(xr[1] <= 0, xr[2] >= 0, yr[1] <= 0, yr[2] >= 0)
stopifnot(identical(legend_labels(b, "colour"), c("B", "C")))
pl <- layer_of(b, "GeomPoint")
stopifnot(length(pl) == 2, nrow(b$data[[pl[1]]]) == 800, nrow(b$data[[pl[2]]]) == 2)
ab <- b$data[[layer_of(b, "GeomAbline")]]
stopifnot(ab$slope == 30000, ab$intercept == 0)

# Incremental net benefit of B against A, one simulation: INB = lambda x 0.1
# - 2000, so 0 at lambda 20000 and 3000 at 50000.
one <- psa_incremental(matrix(c(1000, 3000), 1, dimnames = list(NULL, c("A", "B"))), matrix(c(5, 5.1), 1))
inb <- inb_curves(one, c(20000, 50000))
stopifnot(abs(inb$inb[1]) < 1e-9, abs(inb$inb[2] - 3000) < 1e-9)
b <- save(plot_inb(inc, lambdas), "inb")
stopifnot(identical(legend_labels(b, "colour"), c("B", "C")), max(x_range(b)) >= 100000)

# Efficiency frontier: A (10000, 5), B (12000, 4.8) dominated by A, C
# (15000, 5.5: ICER 10000 vs A) extendedly dominated by D (18000, 6.5: ICER
# 3000 vs C, below C's), D on the frontier.
fr <- cea_frontier(data.frame(strategy = c("A", "B", "C", "D"), cost = c(10000, 12000, 15000, 18000),
                              effect = c(5, 4.8, 5.5, 6.5)))
stopifnot(identical(fr$status, c("ND", "D", "ED", "ND")))
b <- save(plot(fr), "frontier")
stopifnot(identical(legend_labels(b, "shape"), c("on the frontier", "dominated", "extendedly dominated")))
path <- b$data[[layer_of(b, "GeomPath")]]
stopifnot(identical(path$x, c(5, 6.5)), identical(path$y, c(10000, 18000)))
stopifnot(identical(sort(b$data[[layer_of(b, "GeomText")]]$label), c("A", "B", "C", "D")))

# Tornado: f = 2a + b at a = 1, b = 1 (base 3); a from 0.5 to 2 gives 2 to 5,
# b from 0.5 to 1.5 gives 2.5 to 3.5: a widest, on top.
tor <- oneway_sensitivity(function(p) 2 * p[["a"]] + p[["b"]], c(a = 1, b = 1), c(0.5, 0.5), c(2, 1.5))
stopifnot(identical(tor$parameter, c("a", "b")), all.equal(tor$result_low, c(2, 2.5)), all.equal(tor$result_high, c(5, 3.5)))
b <- save(plot(tor), "tornado")
stopifnot(identical(legend_labels(b, "colour"), c("low value", "high value")))
stopifnot(identical(levels(b$plot$data$parameter), c("b (0.5 to 1.5)", "a (0.5 to 2)")))
stopifnot(all(c("0.5", "2", "1.5") %in% b$data[[layer_of(b, "GeomText")]]$label))

# Markov trace: 3 named states over 12 cycles, all starting healthy
m <- markov_model(3, cycles = 12, states = c("healthy", "sick", "dead"))
markov_set_initial(m, c(1, 0, 0))
markov_set_transitions(m, rbind(c(0.85, 0.10, 0.05), c(0, 0.80, 0.20), c(0, 0, 1)))
tr <- markov_trace(m)
stopifnot(identical(names(as.data.frame(tr)), c("cycle", "healthy", "sick", "dead")))
stopifnot(abs(as.data.frame(tr)$healthy[3] - 0.85^2) < 1e-12)   # healthy after 2 cycles: 0.85^2
b <- save(plot(tr), "markov_trace")
stopifnot(identical(legend_labels(b, "colour"), c("healthy", "sick", "dead")), min(x_range(b)) <= 0,
          max(x_range(b)) >= 12)

# Funnel plot of O/E: 20 hospitals, expected 2 to 200, observed 1.5
# standard deviations (sqrt(E)) above or below, in turn (inside the 95%
# limits); H19 has twice its expected deaths (O 380 against E 190: z =
# 190 / sqrt(190) = 13.8) and H2 none of its 12 expected (z = -3.5), so both
# lie outside the 99.8% limits.
e <- round(seq(2, 200, length.out = 20))
o <- round(e + rep(c(-1.5, 1.5), 10) * sqrt(e))
o[19] <- 2 * e[19]; o[2] <- 0
fun <- funnel_plot_data(data.frame(provider = sprintf("H%d", 1:20), observed = o, expected = e), kind = "ratio",
                        target = 1)
stopifnot(fun$flag[19] == 2)
b <- save(plot(fun), "funnel")
lines <- b$data[[layer_of(b, "GeomLine")]]
stopifnot(min(lines$x) <= 0.05 * max(e), max(lines$x) >= max(e))       # limits over the whole x range
stopifnot(min(x_range(b)) <= 0, max(x_range(b)) >= max(e))
# not flat: the y range is set by the hospitals and the limits at their sizes
# (at E = 2 the upper 99.8% limit of O/E is about 4.8), not by the limits near 0
stopifnot(max(y_range(b)) < 8)
lab <- b$data[[layer_of(b, "GeomText")]]$label
stopifnot(all(c("H19", "H2") %in% lab), identical(sort(lab), sort(fun$label[fun$flag != 0])))
stopifnot(identical(legend_labels(b, "colour"), c("below 99.8%", "below 95%", "within", "above 95%", "above 99.8%")))

# Over-dispersed: multiplicative, phi estimated > 1, both sets of limits drawn
fod <- funnel_plot_data(data.frame(provider = sprintf("H%d", 1:20), observed = o, expected = e), kind = "ratio",
                        target = 1, overdispersion = "multiplicative")
stopifnot(attr(fod, "phi") > 1)
b <- save(plot(fod), "funnel_overdispersed")
stopifnot(identical(legend_labels(b, "linetype"),
                    c("95% with multiplicative over-dispersion", "99.8% with multiplicative over-dispersion",
                      "95% without over-dispersion", "99.8% without over-dispersion")))
# each set of limits has its own line type (they were once both dashed)
stopifnot(length(unique(b$data[[layer_of(b, "GeomLine")]]$linetype)) == 4)

# Caterpillar of O/E by provider, ordered by O/E, with intervals
prof <- provider_profile(rep(c("P1", "P2", "P3", "P4"), each = 50), observed = rep(c(0, 1), 100),
                         expected = rep(c(0.3, 0.4, 0.5, 0.6), each = 50))
res <- as.data.frame(prof)
b <- save(plot_caterpillar(res), "caterpillar")
eb <- b$data[[layer_of(b, "GeomErrorbarh")]]
stopifnot(nrow(eb) == 4, identical(levels(b$plot$data$who), res$provider[order(res$oe)]))
stopifnot(min(x_range(b)) <= 1, max(x_range(b)) >= 1)

# Settlement waterfall, MSSP BASIC E 2022: benchmark 200,000,000, spending
# 190,000,000: savings 10,000,000, shared at 50% = 5,000,000, the cap
# (20,000,000) does not bind, the 2% reduction takes 100,000: 4,900,000.
acos <- data.frame(aco = "demo", track = "basic_e", assigned_beneficiaries = 20000, benchmark = 200e6,
                   expenditure = 190e6, quality_score = 1, msr_choice = 0.02, revenue = 40e6)
st <- attr(mssp_settle(acos, 2022), "lines")
b <- save(plot_waterfall(st), "waterfall")
bars <- b$data[[layer_of(b, "GeomRect")]]
stopifnot(identical(b$plot$data$step == c("benchmark", "savings", "shared", "cap", "reduction", "payment"), rep(TRUE, 6)))
stopifnot(isTRUE(all.equal(pmax(bars$ymin, bars$ymax), c(200e6, 200e6, 10e6, 5e6, 5e6, 4.9e6))),
          isTRUE(all.equal(pmin(bars$ymin, bars$ymax), c(0, 10e6, 5e6, 5e6, 4.9e6, 0))))
stopifnot(identical(b$data[[layer_of(b, "GeomText")]]$label,
                    c("200,000,000", "10,000,000", "5,000,000", "5,000,000", "-100,000", "4,900,000")))
# Kaplan-Meier, survival::aml by arm: at risk at 0, 12, 24, 36, 48 weeks (summary(survfit(...),
# times = ...)$n.risk): Maintained 11 10 6 3 2, Nonmaintained 12 8 5 2 0; S(9) = 10/11
aml <- read.csv(system.file("extdata", "aml.csv", package = "libvalue"))
fit <- km_fit(aml, event = "status", group = "x")
b <- save(plot(fit, times = c(0, 12, 24, 36, 48)), "km")
stopifnot(identical(legend_labels(b, "colour"), c("Maintained", "Nonmaintained")))
stopifnot(identical(b$data[[layer_of(b, "GeomText")]]$label, c("11", "10", "6", "3", "2", "12", "8", "5", "2", "0")))
curve <- b$data[[1]]
stopifnot(curve$x[1] == 0, curve$y[1] == 1, abs(curve$y[2] - 10 / 11) < 1e-15)

cat("R plot tests passed:", length(list.files(dir, "\\.png$")), "PNGs in", dir, "\n")
