# Declarative decision models through R: the four published models of
# tests/data/models/README.md from their files (shipped in inst/extdata) to
# the digits there (full precision from the independent base-R calculations
# tests/data/models/<name>.R, and the published rounding); define_model()
# of the same content bitwise equal to model_load(); DSA, tornado, two-way
# and threshold against brute force; microsimulation within 3 Monte Carlo
# SEs of the cohort; PSA draws equal to the sampler's from the same seed;
# messages counted from 1.
library(libvalue)
err <- function(expr) tryCatch({ expr; "" }, error = conditionMessage)
ex <- function(f) system.file("extdata", f, package = "libvalue")
near <- function(x, y, tol) all(abs(x - y) <= tol)

# ---- HIV (Chancellor et al. 1997; Briggs et al. 2006 ch. 2): README's
# full-precision 44663.4535637 / 7.9912066 and 50601.6513312 / 8.9373889
# (printed to 7 decimals: tolerance 5e-8), ICER 6275.95560
hiv <- model_load(ex("hiv.yaml"))
r <- model_run(hiv)
stopifnot(identical(r$strategy, c("mono", "comb")))
stopifnot(near(r$cost, c(44663.4535637, 50601.6513312), 5e-8), near(r$life_years, c(7.9912066, 8.9373889), 5e-8))
stopifnot(abs(diff(r$cost) / diff(r$life_years) - 6275.95560) < 5e-6)
stopifnot(round(r$cost[1]) == 44663, round(r$cost[2]) == 50602, round(diff(r$cost) / diff(r$life_years)) == 6276)
# the trace's cohort sums to 1; categories add up to the total cost
tr <- model_trace(hiv, "comb")
stopifnot(inherits(tr, "value_markov_trace"), nrow(tr) == 21, all(abs(rowSums(tr) - 1) < 1e-12))
stopifnot(identical(model_trace(hiv, 2), tr))
v <- model_values(hiv)
stopifnot(near(v$cost_direct + v$cost_drug, r$cost, 1e-8))

# the same model from R lists, heemod style: bitwise the same results
hiv2 <- define_model(
  states = list("A", "B", "C", list(name = "Death", dead = TRUE)),
  strategies = list("mono", list(name = "comb", parameters = list(rr = "if(model_time <= 2, 0.509, 1)",
                                                                  c_lam = "if(model_time <= 2, 2086.5, 0)"))),
  categories = list(cost_direct = "cost", cost_drug = "cost"),
  parameters = define_parameters(rr = 1, c_lam = 0, c_zid = 2278, p_AB = "350 / 1734", p_AC = "116 / 1734",
                                 p_AD = "17 / 1734", p_BC = "512 / 1258", p_BD = "15 / 1258", p_CD = "437 / 1749"),
  transitions = define_transition(A = list(A = "C", B = "p_AB * rr", C = "p_AC * rr", Death = "p_AD * rr"),
                                  B = list(B = "C", C = "p_BC * rr", Death = "p_BD * rr"),
                                  C = list(C = "C", Death = "p_CD * rr")),
  values = list(A = list(cost_direct = 2756, cost_drug = "c_zid + c_lam"),
                B = list(cost_direct = 3052, cost_drug = "c_zid + c_lam"),
                C = list(cost_direct = 9007, cost_drug = "c_zid + c_lam")),
  initial = list(A = 1), cycles = 20, method = "end", discount = list(costs = 0.06, effects = 0, first_cycle = TRUE))
stopifnot(identical(model_run(hiv2), r), identical(model_values(hiv2), v), identical(model_trace(hiv2, "comb"), tr))
stopifnot(grepl("^<decision model: 4 states \\(A, B, C, Death\\), 2 strategies", format(hiv2)[1]))

# ---- THR (Briggs et al. 2004/2006; heemod's printed 14.65283 / 512.4327,
# 14.69734 / 610.3112, ICER 2198.977); thr.R to 10 significant digits
thr <- model_load(ex("thr.yaml"))
r <- model_run(thr)
stopifnot(near(r$cost, c(512.4326665, 610.3112455), 5e-7), near(r$effect, c(14.65283011, 14.69734106), 5e-8),
          near(r$life_years, c(18.30155378, 18.30766874), 5e-8))
stopifnot(signif(r$effect, 7) == c(14.65283, 14.69734), signif(r$cost, 7) == c(512.4327, 610.3112),
          signif(diff(r$cost) / diff(r$effect), 7) == 2198.977)
stopifnot(near(model_values(thr)$cost_medical, c(118.43267, 31.311246), 5e-6))
# define_model() with a table, strategy overrides and a multivariate normal
cov <- rbind(c(0.00225151199001, -0.005691, 0.000000028, 0.0000051, 0.000259),
             c(-0.005691, 0.043219083664, -0.000783, -0.007247, -0.000642),
             c(0.000000028, -0.000783, 0.00002715660544, 0.000033, -0.000111),
             c(0.0000051, -0.007247, 0.000033, 0.011895392356, 0.000184),
             c(0.000259, -0.000642, -0.000111, 0.000184, 0.14636860414225))
thr2 <- define_model(
  states = list("PrimaryTHR", "SuccessP", "RevisionTHR", "SuccessR", list(name = "Death", dead = TRUE)),
  strategies = list(list(name = "standard", parameters = list(c_prosthesis = 394, rr_prosthesis = 1)),
                    list(name = "np1", parameters = list(c_prosthesis = 579, rr_prosthesis = "exp(lnrrNP1)"))),
  categories = list(cost_prosthesis = "cost", cost_medical = "cost", qaly = "effect"),
  parameters = define_parameters(
    c_prosthesis = 394, rr_prosthesis = 1, age_init = 60, sex = 0, omrPTHR = 0.02, omrRTHR = 0.02, rrr = 0.04,
    lngamma = 0.3740968, cons = -5.490935, ageC = -0.0367022, maleC = 0.768536, lnrrNP1 = -1.344474,
    lambda = "exp(cons + ageC * age_init + maleC * sex)", shape = "exp(lngamma)",
    p_revision = "1 - exp(lambda * rr_prosthesis * ((model_time - 1)^shape - model_time^shape))",
    mr = "lookup(mortality, age_init + model_time, sex)", u_SuccessP = 0.85, u_RevisionTHR = 0.30,
    u_SuccessR = 0.75, c_RevisionTHR = 5294),
  tables = list(mortality = list(rows = c(35, 45, 55, 65, 75, 85), columns = c(0, 1), lookup = "step",
                                 values = cbind(c(0.00099, 0.0026, 0.0067, 0.0193, 0.0535, 0.1548),
                                                c(0.00151, 0.00393, 0.0109, 0.0316, 0.0801, 0.1879)))),
  transitions = define_transition(PrimaryTHR = list(SuccessP = "C", Death = "omrPTHR"),
                                  SuccessP = list(SuccessP = "C", RevisionTHR = "p_revision", Death = "mr"),
                                  RevisionTHR = list(SuccessR = "C", Death = "omrRTHR + mr"),
                                  SuccessR = list(RevisionTHR = "rrr", SuccessR = "C", Death = "mr")),
  values = list(PrimaryTHR = list(cost_prosthesis = "c_prosthesis"), SuccessP = list(qaly = "u_SuccessP"),
                RevisionTHR = list(cost_medical = "c_RevisionTHR", qaly = "u_RevisionTHR"),
                SuccessR = list(qaly = "u_SuccessR")),
  initial = list(PrimaryTHR = 1),
  distributions = list(omrPTHR = list(dist = "beta", shape1 = 2, shape2 = 98),
                       omrRTHR = list(dist = "beta", shape1 = 2, shape2 = 98),
                       rrr = list(dist = "beta", shape1 = 4, shape2 = 96),
                       u_SuccessP = list(dist = "beta", mean = 0.85, sd = 0.03),
                       u_RevisionTHR = list(dist = "beta", mean = 0.30, sd = 0.03),
                       u_SuccessR = list(dist = "beta", mean = 0.75, sd = 0.04),
                       c_RevisionTHR = list(dist = "gamma", mean = 5294, sd = 1487)),
  multivariate = list(list(dist = "mvnormal", parameters = c("lngamma", "cons", "ageC", "maleC", "lnrrNP1"),
                           mean = c(0.3740968, -5.490935, -0.0367022, 0.768536, -1.344474), cov = cov)),
  cycles = 60, method = "start", discount = list(costs = 0.06, effects = 0.015, first_cycle = FALSE))
stopifnot(identical(model_run(thr2), r), identical(model_values(thr2), model_values(thr)))
p1 <- model_psa(thr, 500, 20240101); p2 <- model_psa(thr2, 500, 20240101)
stopifnot(identical(p1, p2), identical(colnames(p1$draws), model_names(thr, "sampled")))
stopifnot(identical(p1, model_psa(thr, 500, 20240101)), !identical(p1$cost, model_psa(thr, 500, 7)$cost))
# threads: bitwise the same on 1 and 2
stopifnot(identical(model_psa(define_model(states = "X", strategies = "s", transitions = list(X = list(X = "C")),
                                           parameters = list(a = 1), distributions = list(a = list(dist = "normal", mean = 0, sd = 1)),
                                           threads = 2), 300, 5)$draws,
                    model_psa(define_model(states = "X", strategies = "s", transitions = list(X = list(X = "C")),
                                           parameters = list(a = 1), distributions = list(a = list(dist = "normal", mean = 0, sd = 1))),
                              300, 5)$draws))
# PSA of 2,000 draws against thr.R's 10,000-draw Monte Carlo means (README):
# within 3 combined Monte Carlo SEs (the engine's SE from its own draws)
p <- model_psa(thr, 2000, 1)
se <- function(x) stats::sd(x) / sqrt(length(x))
ref <- c(515.534838, 14.643544, 613.324948, 14.687838); ref_se <- c(0.439191, 0.005571, 0.189556, 0.005643)
got <- c(mean(p$cost[, 1]), mean(p$effect[, 1]), mean(p$cost[, 2]), mean(p$effect[, 2]))
got_se <- c(se(p$cost[, 1]), se(p$effect[, 1]), se(p$cost[, 2]), se(p$effect[, 2]))
stopifnot(all(abs(got - ref) <= 3 * sqrt(ref_se^2 + got_se^2)))
# the PSA result feeds the package's PSA functions; as.data.frame has the draws
cv <- psa_curves(p, seq(0, 10000, by = 100))
stopifnot(inherits(cv, "value_ceac"), identical(cv$ceac, psa_curves(p$cost, p$effect, seq(0, 10000, by = 100))$ceac))
stopifnot(inherits(psa_incremental(p), "value_ceplane"))
d <- as.data.frame(p)
stopifnot(nrow(d) == 4000, identical(d$cost[d$strategy == "np1"], unname(p$cost[, 2])),
          identical(d$lngamma[d$draw == 3][1], unname(p$draws[3, "lngamma"])))

# ---- Sick-Sicker (Alarid-Escudero et al. 2023, Tables 4 and 5; sick_sicker.R)
ss <- model_load(ex("sick_sicker.yaml"))
r <- model_run(ss)
stopifnot(near(r$cost, c(151579.8660, 284804.5134, 259100.4106, 378875.1984), 5e-5),
          near(r$effect, c(20.71133146, 21.49866281, 22.18446514, 23.13684414), 5e-8),
          round(r$cost) == c(151580, 284805, 259100, 378875), round(r$effect, 3) == c(20.711, 21.499, 22.184, 23.137))
f <- cea_frontier(r)
stopifnot(round(f$icer[f$strategy == "B"]) == 72988, round(f$icer[f$strategy == "AB"]) == 125764)
nc <- model_run(ss, "no_correction")
stopifnot(near(nc$cost, c(151541.4129, 285185.6408, 259490.9744, 379676.0957), 5e-5),
          near(nc$effect, c(20.55448661, 21.34554446, 22.03260781, 22.98896893), 5e-8))
# Table 3's trace under SoC (3 decimals)
tr <- model_trace(ss, "SoC")
stopifnot(round(tr[2, ], 3) == c(0.859, 0.139, 0, 0.002), round(tr[6, ], 3) == c(0.707, 0.206, 0.072, 0.015))
# microsimulation of 100,000 people, plain end-of-cycle counting: within 3
# of its own Monte Carlo SEs of the cohort result
ms <- model_microsim(ss, 100000, 1, "no_correction")
stopifnot(all(abs(ms$cost - nc$cost) <= 3 * ms$se_cost), all(abs(ms$effect - nc$effect) <= 3 * ms$se_effect))
stopifnot(identical(ms, model_microsim(ss, 100000, 1, "no_correction")))
cat(sprintf("microsim %s: cost %.2f (SE %.2f; cohort %.2f), QALYs %.4f (SE %.4f; cohort %.4f)\n",
            ms$strategy, ms$cost, ms$se_cost, nc$cost, ms$effect, ms$se_effect, nc$effect), sep = "")
# the PSA draws are the sampler's from the same seed (value_sampler_draw())
ps <- model_psa(ss, 200, 99)
s <- psa_sampler()
stopifnot(identical(colnames(ps$draws)[1:4], c("r_HD", "r_HS1", "r_S1H", "r_S1S2")))
sampler_add(s, "r_HD", "gamma", 0.002, 0.000447213595499958)
sampler_add(s, "r_HS1", "gamma", 0.15, 0.0273861278752583)
sampler_add(s, "r_S1H", "gamma", 0.5, 0.0645497224367903)
sampler_add(s, "r_S1S2", "gamma", 0.105, 0.0114564392373896)
sampler_add(s, "hr_S1", "lognormal_log", 1.09861228866811, 0.01)
sampler_add(s, "hr_S2", "lognormal_log", 2.30258509299405, 0.02)
sampler_add(s, "hr_S1S2_trtB", "lognormal_log", -0.510825623765991, 0.02)
sampler_add(s, "c_H", "gamma", 2000, 200)
sampler_add(s, "c_S1", "gamma", 4000.5, 300.018749414099)
sampler_add(s, "c_S2", "gamma", 15007.5, 1000.5)
sampler_add(s, "c_trtA", "gamma", 12002.55, 1400.00586248773)
sampler_add(s, "c_trtB", "gamma", 12998.96, 1400.08684302082)
sampler_add(s, "u_H", "beta", 200, 3); sampler_add(s, "u_S1", "beta", 130, 45)
sampler_add(s, "u_S2", "beta", 230, 230); sampler_add(s, "u_trtA", "beta", 300, 15)
stopifnot(identical(unname(ps$draws), unname(sampler_draw(s, 200, 99))))

# ---- Sick-Sicker time-dependent (Alarid-Escudero et al. 2023, Table 3; sick_sicker_td.R)
td <- model_load(ex("sick_sicker_td.yaml"))
r <- model_run(td)
stopifnot(near(r$cost, c(116374.4480, 218789.3592, 202536.4599, 296300.3259), 5e-5),
          near(r$effect, c(18.87919531, 19.63555599, 20.19892552, 21.09652656), 5e-8),
          round(r$cost) == c(116374, 218789, 202536, 296300), round(r$effect, 3) == c(18.879, 19.636, 20.199, 21.097))
sr <- model_run(td, "state_residence")
stopifnot(near(sr$cost, c(103112.0771, 198058.1451, 186262.2336, 274408.0342), 5e-5),
          near(sr$effect, c(20.00484682, 20.88184416, 21.10357931, 22.09769040), 5e-8))

# ---- DSA, tornado, two-way, threshold: against brute force (the model
# rebuilt with the parameter at each value)
hiv_with <- function(rr_comb = 0.509, c_zid = 2278, ranges = NULL)
  define_model(states = list("A", "B", "C", list(name = "Death", dead = TRUE)),
               strategies = list("mono", list(name = "comb", parameters = list(
                 rr = sprintf("if(model_time <= 2, rr_comb, 1)"), c_lam = "if(model_time <= 2, 2086.5, 0)"))),
               categories = list(cost = "cost", ly = "effect"),
               parameters = define_parameters(rr = 1, c_lam = 0, c_zid = c_zid, rr_comb = rr_comb,
                                              p_AB = "350 / 1734", p_AC = "116 / 1734", p_AD = "17 / 1734",
                                              p_BC = "512 / 1258", p_BD = "15 / 1258", p_CD = "437 / 1749"),
               transitions = define_transition(A = list(A = "C", B = "p_AB * rr", C = "p_AC * rr", Death = "p_AD * rr"),
                                               B = list(B = "C", C = "p_BC * rr", Death = "p_BD * rr"),
                                               C = list(C = "C", Death = "p_CD * rr")),
               values = list(A = list(cost = "2756 + c_zid + c_lam", ly = 1), B = list(cost = "3052 + c_zid + c_lam", ly = 1),
                             C = list(cost = "9007 + c_zid + c_lam", ly = 1)),
               ranges = ranges, cycles = 20, method = "end", discount = list(costs = 0.06, effects = 0))
rg <- list(rr_comb = c(0.4, 0.6), c_zid = c(2000, 2600))
h <- hiv_with(ranges = rg)
dsa <- model_dsa(h)
stopifnot(nrow(dsa) == 8, identical(unique(dsa$parameter), c("rr_comb", "c_zid")))
brute <- function(...) model_run(hiv_with(...))
for (k in names(rg)) for (e in 1:2) {
  b <- do.call(brute, stats::setNames(list(rg[[k]][e]), k))
  got <- dsa[dsa$parameter == k & dsa$end == c("low", "high")[e], ]
  stopifnot(isTRUE(all.equal(got$cost, b$cost, tolerance = 1e-13)), isTRUE(all.equal(got$effect, b$effect, tolerance = 1e-13)))
}
# tornado on incremental NMB at 10,000 per life year: comb minus mono
tor <- model_tornado(h, "comb", "mono", wtp = 10000)
inmb <- function(b) (10000 * b$effect[2] - b$cost[2]) - (10000 * b$effect[1] - b$cost[1])
stopifnot(inherits(tor, "value_tornado"), abs(attr(tor, "base") - inmb(model_run(h))) < 1e-8)
for (k in names(rg)) {
  lo <- inmb(do.call(brute, stats::setNames(list(rg[[k]][1]), k)))
  hi <- inmb(do.call(brute, stats::setNames(list(rg[[k]][2]), k)))
  stopifnot(abs(tor$result_low[tor$parameter == k] - lo) < 1e-7, abs(tor$result_high[tor$parameter == k] - hi) < 1e-7,
            tor$low[tor$parameter == k] == rg[[k]][1], tor$high[tor$parameter == k] == rg[[k]][2])
}
# a model file's ranges: the tornado's low and high are the file's numbers
# (from value_model_get_range; no ranges= argument), its results the
# brute-force reruns' as above
hv <- model_parse(c(readLines(ex("hiv.yaml")), "ranges:", "  c_zid: [2000, 2600]", "  p_CD: [0.2, 0.3]"))
tf <- model_tornado(hv, "comb", "mono", wtp = 10000)
stopifnot(identical(sort(tf$parameter), c("c_zid", "p_CD")),
          identical(unname(unlist(tf[tf$parameter == "c_zid", c("low", "high")])), c(2000, 2600)),
          identical(unname(unlist(tf[tf$parameter == "p_CD", c("low", "high")])), c(0.2, 0.3)))
for (k in c("c_zid", "p_CD")) for (e in c("low", "high")) {
  v <- tf[[e]][tf$parameter == k]
  b <- model_run(model_parse(c(readLines(ex("hiv.yaml")), "scenarios:", sprintf("  at: {parameters: {%s: %.17g}}", k, v))), "at")
  got <- tf[[paste0("result_", e)]][tf$parameter == k]
  stopifnot(abs(got - inmb(b)) <= 1e-9 * abs(inmb(b)))
}
stopifnot(abs(diff(c(tor$result_low[1], tor$result_high[1]))) >= abs(diff(c(tor$result_low[2], tor$result_high[2]))))
icer <- model_tornado(h, 2, 1, icer = TRUE)
b <- model_run(h)
stopifnot(abs(attr(icer, "base") - diff(b$cost) / diff(b$effect)) < 1e-8)
# two-way grid
tw <- model_twoway(h, "rr_comb", c(0.45, 0.55), "c_zid", c(2100, 2200, 2300))
stopifnot(nrow(tw) == 12)
b <- brute(rr_comb = 0.55, c_zid = 2200)
row <- tw[tw$rr_comb == 0.55 & tw$c_zid == 2200, ]
stopifnot(isTRUE(all.equal(row$cost, b$cost, tolerance = 1e-13)), isTRUE(all.equal(row$effect, b$effect, tolerance = 1e-13)))
# threshold: the RR at which comb stops being worth 6,500 per life year;
# at the threshold the brute-force NMBs are equal (to 1e-6 of the NMB)
th <- model_threshold(h, "rr_comb", 0.3, 0.9, wtp = 6500)
b <- brute(rr_comb = th$value)
nmb <- 6500 * b$effect - b$cost
stopifnot(th$below == "comb", th$above == "mono", abs(nmb[2] - nmb[1]) < 1e-6 * abs(nmb[1]))
stopifnot(grepl("has the highest net monetary benefit for every .rr_comb.", err(model_threshold(h, "rr_comb", 0.3, 0.9, wtp = 0))))

# ---- subgroups: the weighted mean of the subgroups' own runs
sg <- define_model(states = list("W", list(name = "D", dead = TRUE)), strategies = list("x", list(name = "y", parameters = list(c_w = 150))),
                   categories = list(c = "cost", q = "effect"), parameters = list(p = 0.1, c_w = 100),
                   transitions = list(W = list(W = "C", D = "p")), values = list(W = list(c = "c_w", q = 1)),
                   cycles = 5, scenarios = list(young = list(parameters = list(p = 0.05)),
                                                old = list(parameters = list(p = 0.2), weight = 3),
                                                mid = list(parameters = list(p = 0.1), weight = 1)))
g <- model_subgroups(sg)
stopifnot(identical(unique(g$subgroup), c("old", "mid", "(weighted mean)")), identical(model_names(sg, "subgroups"), c("old", "mid")),
          identical(g$weight, c(3, 3, 1, 1, NA, NA)), identical(g$strategy, rep(c("x", "y"), 3)))
o <- model_run(sg, "old"); mi <- model_run(sg, "mid")
stopifnot(identical(g$cost[1:2], o$cost), identical(g$effect[3:4], mi$effect),
          isTRUE(all.equal(g$cost[5:6], 0.75 * o$cost + 0.25 * mi$cost, tolerance = 1e-14)))
stopifnot(grepl("no scenario has a weight", err(model_subgroups(hiv))))
# a file whose scenarios are partly weighted, and a weight given later:
# the rows follow the scenarios' order (a, c, e), whatever the weights' order
pw <- model_parse(c(readLines(ex("hiv.yaml")), "scenarios:", "  a: {parameters: {c_zid: 2000}, weight: 2}",
                    "  b: {parameters: {c_zid: 2100}}", "  c: {parameters: {c_zid: 2200}}",
                    "  d: {parameters: {c_zid: 2300}}", "  e: {parameters: {c_zid: 2400}, weight: 5}"))
libvalue:::value_model_set_weight(pw, "c", 1)
g <- model_subgroups(pw)
stopifnot(identical(unique(g$subgroup), c("a", "c", "e", "(weighted mean)")), identical(g$weight, rep(c(2, 1, 5, NA), each = 2)))
ra <- model_run(pw, "a"); rc <- model_run(pw, "c"); re <- model_run(pw, "e")
stopifnot(identical(g$cost[1:6], c(ra$cost, rc$cost, re$cost)), identical(g$effect[1:6], c(ra$effect, rc$effect, re$effect)),
          near(g$cost[7:8], (2 * ra$cost + rc$cost + 5 * re$cost) / 8, 1e-13 * max(ra$cost)))

# ---- messages: named, counted from 1, with "did you mean"
stopifnot(grepl("unknown argument 'cylces' \\(did you mean 'cycles'\\?\\)",
                err(define_model(states = "A", strategies = "s", cylces = 3))))
stopifnot(grepl("unknown dist 'gama' \\(did you mean 'gamma'\\?\\)",
                err(define_model(states = "A", strategies = "s", parameters = list(a = 1),
                                 distributions = list(a = list(dist = "gama", mean = 1, sd = 1))))))
stopifnot(grepl("unknown method 'life_table' \\(did you mean 'life-table'\\?\\)",
                err(define_model(states = "A", strategies = "s", method = "life_table"))))
stopifnot(grepl("parameters\\$a is NaN", err(define_model(states = "A", strategies = "s", parameters = list(a = NaN)))))
stopifnot(grepl("unknown strategy 'mon' \\(did you mean 'mono'\\?\\)", err(model_trace(hiv, "mon"))))
stopifnot(grepl("strategy is 3, not in \\[1, 2\\]", err(model_trace(hiv, 3))))
# a PSA whose every draw gives p > 1: the C library names draw 0, R draw 1
bad <- define_model(states = list("A", list(name = "D", dead = TRUE)), strategies = "s",
                    parameters = list(p = 0.5), transitions = list(A = list(A = "C", D = "p")),
                    distributions = list(p = list(dist = "uniform", min = 1.5, max = 2)), cycles = 2)
e <- tryCatch(model_psa(bad, 3, 1), error = function(e) e)
stopifnot(inherits(e, "value_edom"), grepl("draw 1\\b", conditionMessage(e)), !grepl("draw 0", conditionMessage(e)))
# a model file's list item counts from 1 too: states[1] in C is states[2]
e <- err(model_parse(c("libvalue_model: 1", "states: [A, A]", "strategies: [s]")))
stopifnot(grepl("line number 2", e), grepl("states\\[2\\]", e))
e <- err(model_parse("libvalue_model: 1\ncyles: 3\n"))
stopifnot(grepl("unknown key 'cyles' \\(did you mean 'cycles'\\?\\)", e))
stopifnot(grepl("cannot|No such|open", err(model_load(file.path(tempdir(), "no-such-model.yaml")))))
stopifnot(grepl("^<PSA: 200 draws of 16 parameters, seed 99>", format(ps)[1]))
