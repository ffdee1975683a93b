# libvalue from R: is it worth it?  Incremental analysis and PSA.
library(libvalue)
print(cea_frontier(c(5000, 12000, 10000, 25000, 35000, 55000), c(1, 1.5, 2, 3, 4, 5),
                   c("UC", "A", "B", "C", "D", "E")))
set.seed(42)
costs <- cbind(usual = rnorm(5000, 1000, 100), new = rnorm(5000, 89900, 8000))
effects <- cbind(usual = rnorm(5000, 1.0, 0.1), new = rnorm(5000, 1.75, 0.25))
curves <- psa_curves(costs, effects, c(50000, 100000, 150000))
print(curves)
print(summary(curves))
print(head(as.data.frame(curves)))
# plot() gives ggplot objects (ggplot2 suggested): print them to draw
if (requireNamespace("ggplot2", quietly = TRUE)) {
  pdf(NULL)
  print(plot(curves)); print(plot(psa_incremental(costs, effects), wtp = 100000)); print(plot(curves, "evpi"))
  invisible(dev.off())
}
