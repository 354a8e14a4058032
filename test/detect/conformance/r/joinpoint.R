# README: regenerate the continuous-joinpoint conformance cases with `Rscript test/detect/conformance/r/joinpoint.R`
# (from the project root; needs R with `segmented` (1.6.2 was used) and `jsonlite`).
#
# Writes test/detect/conformance/cases/joinpoint-segmented.json: synthetic log-linear series (fixed seeds) with
# joinpoints between data points, fitted by R `segmented` (Muggeo's iterative method) on lm(log(y) ~ x),
# unweighted or with Poisson weights (weights = y). `segmented` can stop in a local optimum, so each case is
# started from the grid answer (the best placement on data points, by brute force with lm here) and from the
# true joinpoints, with bootstrap restarts off and a tight tolerance; the fit with the smaller residual sum of
# squares is kept and both are recorded. The TypeScript test compares Centinela's `search: 'continuous'`
# (Hudson's exact method) with it: joinpoints, slopes and SSE.

suppressPackageStartupMessages({
  library(segmented)
  library(jsonlite)
})

out_dir <- file.path("test", "detect", "conformance", "cases")
if (!dir.exists(out_dir)) stop("run from the project root: ", out_dir, " not found")

make_series <- function(n, taus, slopes, level, sd, seed, missing = integer(0)) {
  set.seed(seed)
  x <- 0:(n - 1)
  eta <- level + slopes[1] * x
  for (m in seq_along(taus)) eta <- eta + (slopes[m + 1] - slopes[m]) * pmax(0, x - taus[m])
  y <- round(exp(eta + rnorm(n, 0, sd)), 2)
  y[missing + 1] <- NA
  y
}

# Best placement of k joinpoints on data points (observation positions; at least 2 observations between a
# joinpoint and either end and between joinpoints, joinpoints excluded: Centinela's grid defaults).
grid_start <- function(x, ly, w, k) {
  n <- length(x)
  best <- list(sse = Inf, psi = NULL)
  cands <- if (k == 1) as.list(3:(n - 2)) else {
    out <- list()
    for (a in 3:(n - 5)) for (b in (a + 3):(n - 2)) out[[length(out) + 1]] <- c(a, b)
    out
  }
  for (j in cands) {
    psi <- x[j]
    X <- cbind(1, x, sapply(psi, function(p) pmax(0, x - p)))
    f <- lm.wfit(X, ly, w)
    sse <- sum(w * f$residuals^2)
    if (sse < best$sse) best <- list(sse = sse, psi = psi)
  }
  best
}

fit_segmented <- function(x, ly, w, psi) {
  d <- data.frame(x = x, ly = ly, w = w)
  base <- lm(ly ~ x, data = d, weights = w)
  ctl <- seg.control(n.boot = 0, tol = 1e-12, it.max = 500, display = FALSE)
  s <- tryCatch(segmented(base, seg.Z = ~x, psi = list(x = psi), control = ctl), error = function(e) NULL)
  if (is.null(s) || is.null(s$psi)) return(NULL)
  list(
    start = psi,
    joinpoints = unname(s$psi[, "Est."]),
    # slope() rounds to its `digits`; the slopes from the coefficients: x, then x plus each U.x change.
    slopes = unname(cumsum(c(coef(s)[["x"]], coef(s)[grep("^U[0-9]+\\.x$", names(coef(s)))]))),
    sse = sum(w * residuals(s)^2),
    iterations = s$it
  )
}

run_case <- function(name, description, n, taus, slopes, level, sd, seed, weighting = "constant",
                     missing = integer(0)) {
  y <- make_series(n, taus, slopes, level, sd, seed, missing)
  keep <- !is.na(y)
  x <- (0:(n - 1))[keep]
  ly <- log(y[keep])
  w <- if (weighting == "poisson") y[keep] else rep(1, sum(keep))
  k <- length(taus)
  grid <- grid_start(x, ly, w, k)
  from_grid <- fit_segmented(x, ly, w, grid$psi)
  from_truth <- fit_segmented(x, ly, w, taus)
  fits <- Filter(Negate(is.null), list(from_grid, from_truth))
  best <- fits[[which.min(sapply(fits, function(f) f$sse))]]
  list(name = name, description = description, weighting = weighting, joinpoints = k,
       observed = y, true_joinpoints = taus, grid = list(joinpoints = grid$psi, sse = grid$sse),
       segmented = best, segmented_from_grid = from_grid, segmented_from_truth = from_truth)
}

cases <- list(
  run_case("one-rise", "a rise that turns up between months 30 and 31", 60, 30.4, c(0.01, 0.05), 3, 0.03, 501),
  run_case("one-fall", "a fall after a flat stretch, joinpoint at 41.7", 72, 41.7, c(0.002, -0.04), 4, 0.05, 502),
  run_case("one-poisson", "Poisson weights, joinpoint at 22.25", 48, 22.25, c(0.03, -0.02), 2.5, 0.04, 503,
           weighting = "poisson"),
  run_case("one-gaps", "missing months (x keeps the index), joinpoint at 35.5", 70, 35.5, c(-0.01, 0.03), 3, 0.03,
           504, missing = c(5, 6, 20, 44, 45, 46)),
  run_case("two-joinpoints", "rise, steeper rise, fall: joinpoints at 25.3 and 60.8", 96, c(25.3, 60.8),
           c(0.01, 0.04, -0.03), 3, 0.03, 505),
  run_case("two-poisson", "Poisson weights, joinpoints at 18.6 and 40.2", 64, c(18.6, 40.2),
           c(-0.02, 0.03, 0.0), 3.5, 0.03, 506, weighting = "poisson")
)

doc <- list(
  generator = "test/detect/conformance/r/joinpoint.R",
  title = "segmented (Muggeo) continuous joinpoints on lm(log(y) ~ x)",
  R = R.version$version.string,
  segmented = as.character(packageVersion("segmented")),
  cases = cases
)
path <- file.path(out_dir, "joinpoint-segmented.json")
write_json(doc, path, auto_unbox = TRUE, digits = NA, na = "null", null = "null")
cat(sprintf("%s: %d cases\n", path, length(cases)))
for (c in cases) cat(sprintf("%-16s grid %s sse %.6g | segmented %s sse %.10g\n", c$name,
  paste(c$grid$joinpoints, collapse = ","), c$grid$sse, paste(signif(c$segmented$joinpoints, 8), collapse = ","),
  c$segmented$sse))
