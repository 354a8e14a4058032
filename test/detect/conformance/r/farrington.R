# README: regenerate the Farrington/Noufaily conformance cases with `Rscript test/detect/conformance/r/farrington.R`
# (from the project root; needs R with the `surveillance` (1.20.3 was used) and `jsonlite` packages).
#
# Writes test/detect/conformance/cases/farrington-*.json: synthetic series (fixed seeds) run through
# surveillance::farrington (the 1996 algorithm, algo.farrington) and surveillance::farringtonFlexible
# (default "delta" settings and the Noufaily et al. 2013 settings), with R's per-period upper bound,
# alarm, expected value, p-value, trend flag and dispersion. The TypeScript tests read these files and
# need no R.

suppressPackageStartupMessages({
  library(surveillance)
  library(jsonlite)
})

out_dir <- file.path("test", "detect", "conformance", "cases")
if (!dir.exists(out_dir)) stop("run from the project root: ", out_dir, " not found")

sig <- function(x) if (is.null(x)) NULL else signif(as.numeric(x), 10)

# ---------------------------------------------------------------------------------------------------
# Synthetic series
# ---------------------------------------------------------------------------------------------------

seasonal <- function(t, freq, amp = 0.5, phase = 0) amp * sin(2 * pi * t / freq + phase) + 0.3 * amp * cos(4 * pi * t / freq)

# Negative binomial counts with mean mu and variance mu * (1 + mu / size); size = Inf gives Poisson.
counts <- function(mu, size = Inf) if (is.infinite(size)) rpois(length(mu), mu) else rnbinom(length(mu), mu = mu, size = size)

# Adds outbreaks: at each start, extra Poisson(height * baseline) cases over `len` periods.
inject <- function(y, mu, starts, len = 3, height = 3) {
  for (s in starts) {
    idx <- s:min(length(y), s + len - 1)
    y[idx] <- y[idx] + rpois(length(idx), height * pmax(mu[idx], 1))
  }
  y
}

make_series <- function(kind, freq, n) {
  t <- seq_len(n)
  pop <- NULL
  y <- switch(kind,
    seasonal = {
      mu <- exp(2 + seasonal(t, freq))
      counts(mu)
    },
    outbreaks = {
      mu <- exp(1.8 + seasonal(t, freq, 0.6))
      y <- counts(mu, size = 20)
      # outbreaks in the baseline years (reweighting) and in the evaluated period
      inject(y, mu, starts = c(round(n * 0.15), round(n * 0.4), round(n * 0.62), n - round(freq * 0.9), n - round(freq * 0.3)), len = max(2, round(freq / 13)), height = 2.5)
    },
    trend = {
      mu <- exp(1.2 + 0.9 * t / freq / 5 + seasonal(t, freq, 0.4))
      counts(mu, size = 8)
    },
    declining = {
      mu <- exp(3 - 0.6 * t / freq / 5 + seasonal(t, freq, 0.3))
      counts(mu, size = 15)
    },
    small = {
      mu <- exp(-0.6 + seasonal(t, freq, 0.8))
      y <- counts(mu)
      inject(y, mu, starts = c(n - round(freq * 0.5)), len = 2, height = 4)
    },
    zeros = {
      # mostly zeros, sporadic clusters; a long all-zero stretch
      mu <- rep(0.08, n)
      y <- counts(mu)
      y[round(n * 0.3):round(n * 0.55)] <- 0
      y[n - round(freq * 0.4) + 0:2] <- c(3, 4, 2)
      y
    },
    large = {
      mu <- exp(6 + 0.3 * t / freq / 5 + seasonal(t, freq, 0.15))
      y <- counts(mu, size = 60)
      inject(y, mu, starts = c(n - round(freq * 0.2)), len = 2, height = 0.4)
    },
    gaps = {
      mu <- exp(2.2 + seasonal(t, freq, 0.5))
      y <- counts(mu, size = 10)
      y <- inject(y, mu, starts = c(round(n * 0.5), n - round(freq * 0.6)), len = 3, height = 2)
      y[sample(seq_len(n), round(0.08 * n))] <- NA
      y[round(n * 0.7) + 0:4] <- NA
      y
    },
    population = {
      pop <- round(1e5 * exp(0.8 * t / n))
      mu <- pop * 4e-5 * exp(seasonal(t, freq, 0.4))
      y <- counts(mu, size = 30)
      inject(y, mu, starts = c(n - round(freq * 0.5)), len = 3, height = 1.5)
    },
    stop("unknown kind ", kind)
  )
  list(observed = as.numeric(y), population = pop)
}

# ---------------------------------------------------------------------------------------------------
# Running R
# ---------------------------------------------------------------------------------------------------

# first_date: weekly data with dates (sts epochAsDate = TRUE): reference weeks by calendar, the same
# weekday nearest the same date b years back. The range then starts at the first week whose oldest
# reference window lies inside the series.
run_case <- function(name, description, fun, freq, n, kind, seed, control, first_date = NULL) {
  set.seed(seed)
  s <- make_series(kind, freq, n)
  start <- c(2015, 1)
  dates <- if (is.null(first_date)) NULL else seq(as.Date(first_date), by = "week", length.out = n)
  args <- list(observed = s$observed, frequency = freq)
  if (is.null(dates)) args$start <- start else args$epoch <- dates
  if (!is.null(s$population)) args$population <- matrix(s$population, ncol = 1)
  x <- do.call(sts, args)
  b <- if (is.null(control$b)) 5 else control$b
  w <- if (is.null(control$w)) 3 else control$w
  first <- freq * b + w + 1
  if (!is.null(dates)) {
    oldest <- function(k) min(surveillance:::algo.farrington.referencetimepoints(
      dates[k], b = b, freq = freq, epochAsDate = TRUE, epochStr = "week"))
    while (match(oldest(first), dates) - w < 1) first <- first + 1
  }
  control$range <- first:n
  res <- list(name = name, description = description, `function` = fun, frequency = freq,
              observed = s$observed, population = s$population,
              control = control[setdiff(names(control), "range")],
              range = c(min(control$range), max(control$range)))
  if (!is.null(dates)) res$dates <- format(dates)
  if (fun == "farrington") {
    # algo.farrington's fast fitter cat()s "No convergence with timeTrend -- trying without."
    invisible(capture.output(r <- suppressWarnings(farrington(x, control = control))))
    pd <- r@control$pd
    res$r <- list(
      upperbound = sig(upperbound(r)),
      alarm = as.logical(alarms(r)),
      trend = as.logical(r@control$trend),
      # algo.farrington's pd = (pnorm(y^e, mu0^e, se), qnorm(0.5, mu0^e, se)^(1/e)): 1 - pvalue, mu0
      expected = sig(pd[, 2]),
      pvalue = sig(1 - pd[, 1])
    )
  } else {
    control$glmWarnings <- FALSE
    r <- suppressWarnings(farringtonFlexible(x, control = control))
    res$r <- list(
      upperbound = sig(upperbound(r)),
      alarm = as.logical(alarms(r)),
      trend = as.logical(r@control$trend),
      expected = sig(r@control$expected),
      pvalue = sig(r@control$pvalue),
      phi = sig(r@control$phiVector)
    )
    if (!is.null(dates) && anyNA(s$observed)) {
      # With epochAsDate, algo.farrington.glm predicts at (t − the first non-missing baseline date) / 7
      # weeks, while the fitted times count from the first baseline date, missing or not: when the
      # oldest baseline week is missing, the prediction is that many weeks before t. Also record R's
      # results with the prediction at t (Centinela's), from a copy of algo.farrington.glm with
      # that one expression changed.
      r2 <- with_prediction_at_t(suppressWarnings(farringtonFlexible(x, control = control)))
      res$r_prediction_at_t <- list(
        upperbound = sig(upperbound(r2)),
        alarm = as.logical(alarms(r2)),
        expected = sig(r2@control$expected),
        pvalue = sig(r2@control$pvalue)
      )
    }
  }
  res
}

with_prediction_at_t <- function(expr) {
  original <- surveillance:::algo.farrington.glm
  src <- deparse(original)
  from <- "(as.numeric(dayToConsider) - as.numeric(dataGLM$vectorOfDates[1]))/as.numeric(diffDates)[1]"
  if (!any(grepl(from, src, fixed = TRUE))) stop("algo.farrington.glm has changed: review with_prediction_at_t")
  src <- gsub(from, paste(from, "+ dataGLM$wtime[1]"), src, fixed = TRUE)
  patched <- eval(parse(text = src))
  environment(patched) <- environment(original)
  assignInNamespace("algo.farrington.glm", patched, "surveillance")
  on.exit(assignInNamespace("algo.farrington.glm", original, "surveillance"))
  expr
}

write_cases <- function(file, title, cases) {
  doc <- list(
    generator = "test/detect/conformance/r/farrington.R",
    title = title,
    R = R.version$version.string,
    surveillance = as.character(packageVersion("surveillance")),
    cases = cases
  )
  path <- file.path(out_dir, file)
  write_json(doc, path, auto_unbox = TRUE, digits = NA, na = "null", null = "null")
  cat(sprintf("%s: %d cases, %.0f kB\n", path, length(cases), file.size(path) / 1024))
}

W <- 52
M <- 12
NW <- 364 # 7 years of weeks: 101 evaluated weeks with b = 5, w = 3
NM <- 120 # 10 years of months: 57 evaluated months
Q <- 4
NQ <- 60 # 15 years of quarters: 39 evaluated quarters with b = 5, w = 1

# --- surveillance::farrington (algo.farrington), defaults b = 5, w = 3, alpha = 0.05 (two-sided) ---
orig <- list(
  run_case("weekly-seasonal", "Poisson, seasonal, ~7/week", "farrington", W, NW, "seasonal", 101, list()),
  run_case("weekly-outbreaks", "NB, outbreaks in baseline and evaluation", "farrington", W, NW, "outbreaks", 102, list()),
  run_case("weekly-trend", "NB, rising trend", "farrington", W, NW, "trend", 103, list()),
  run_case("weekly-declining", "NB, falling trend", "farrington", W, NW, "declining", 104, list()),
  run_case("weekly-small", "small counts with zeros", "farrington", W, NW, "small", 105, list()),
  run_case("weekly-zeros", "mostly zeros, an all-zero stretch", "farrington", W, NW, "zeros", 106, list()),
  run_case("weekly-large", "large overdispersed counts", "farrington", W, NW, "large", 107, list()),
  run_case("weekly-noreweight-sqrt", "reweight = FALSE, powertrans 1/2", "farrington", W, NW, "outbreaks", 108,
           list(reweight = FALSE, powertrans = "1/2")),
  run_case("weekly-none-alpha01", "powertrans none, alpha 0.01", "farrington", W, NW, "trend", 109,
           list(powertrans = "none", alpha = 0.01)),
  run_case("weekly-b3w2", "b = 3, w = 2", "farrington", W, NW, "outbreaks", 110, list(b = 3, w = 2)),
  run_case("weekly-notrend", "trend = FALSE", "farrington", W, NW, "trend", 111, list(trend = FALSE)),
  run_case("monthly-seasonal", "monthly, seasonal", "farrington", M, NM, "seasonal", 112, list()),
  run_case("monthly-trend", "monthly, trend", "farrington", M, NM, "trend", 113, list()),
  run_case("monthly-outbreaks", "monthly, outbreaks", "farrington", M, NM, "outbreaks", 114, list()),
  run_case("quarterly-trend", "quarterly, w = 1", "farrington", Q, NQ, "trend", 115, list(w = 1))
)
write_cases("farrington-original.json", "surveillance::farrington (algo.farrington)", orig)

# --- surveillance::farringtonFlexible with its defaults ("delta", noPeriods = 1) and variants ---
flex <- list(
  run_case("weekly-outbreaks", "defaults", "farringtonFlexible", W, NW, "outbreaks", 201, list()),
  run_case("weekly-trend", "defaults, rising trend", "farringtonFlexible", W, NW, "trend", 202, list()),
  run_case("weekly-gaps", "defaults, NA gaps", "farringtonFlexible", W, NW, "gaps", 203, list()),
  run_case("weekly-small", "defaults, small counts", "farringtonFlexible", W, NW, "small", 204, list()),
  run_case("weekly-population", "population offset", "farringtonFlexible", W, NW, "population", 205,
           list(populationOffset = TRUE)),
  run_case("weekly-muan", "thresholdMethod muan, noPeriods 10, 26 weeks left out", "farringtonFlexible", W, NW,
           "outbreaks", 206, list(thresholdMethod = "muan", noPeriods = 10, pastWeeksNotIncluded = 26)),
  run_case("weekly-delta-factor", "delta with noPeriods 10, 26 weeks left out", "farringtonFlexible", W, NW,
           "trend", 207, list(noPeriods = 10, pastWeeksNotIncluded = 26)),
  run_case("weekly-noreweight", "reweight = FALSE, powertrans none", "farringtonFlexible", W, NW, "declining", 208,
           list(reweight = FALSE, powertrans = "none")),
  run_case("monthly-gaps", "monthly, NA gaps", "farringtonFlexible", M, NM, "gaps", 209, list()),
  run_case("monthly-population", "monthly, population offset, muan", "farringtonFlexible", M, NM, "population", 210,
           list(populationOffset = TRUE, thresholdMethod = "muan"))
)
write_cases("farrington-flexible.json", "surveillance::farringtonFlexible, delta and muan settings", flex)

# --- farringtonFlexible with the Noufaily et al. (2013) settings ---
nouf <- list(noPeriods = 10, b = 5, w = 3, weightsThreshold = 2.58, pastWeeksNotIncluded = 26,
             pThresholdTrend = 1, trend = TRUE, thresholdMethod = "nbPlugin", alpha = 0.05)
noufM <- modifyList(nouf, list(noPeriods = 4, pastWeeksNotIncluded = 6))
noufaily <- list(
  run_case("weekly-seasonal", "Noufaily", "farringtonFlexible", W, NW, "seasonal", 301, nouf),
  run_case("weekly-outbreaks", "Noufaily, outbreaks", "farringtonFlexible", W, NW, "outbreaks", 302, nouf),
  run_case("weekly-trend", "Noufaily, trend", "farringtonFlexible", W, NW, "trend", 303, nouf),
  run_case("weekly-small", "Noufaily, small counts", "farringtonFlexible", W, NW, "small", 304, nouf),
  run_case("weekly-zeros", "Noufaily, mostly zeros", "farringtonFlexible", W, NW, "zeros", 305, nouf),
  run_case("weekly-gaps", "Noufaily, NA gaps", "farringtonFlexible", W, NW, "gaps", 306, nouf),
  run_case("weekly-large", "Noufaily, large counts", "farringtonFlexible", W, NW, "large", 307, nouf),
  run_case("weekly-population", "Noufaily, population offset", "farringtonFlexible", W, NW, "population", 308,
           modifyList(nouf, list(populationOffset = TRUE))),
  run_case("weekly-pthreshold", "Noufaily with pThresholdTrend 0.05", "farringtonFlexible", W, NW, "declining", 309,
           modifyList(nouf, list(pThresholdTrend = 0.05))),
  run_case("monthly-seasonal", "Noufaily monthly (noPeriods 4, 6 months left out)", "farringtonFlexible", M, NM,
           "seasonal", 310, noufM),
  run_case("monthly-outbreaks", "Noufaily monthly, outbreaks", "farringtonFlexible", M, NM, "outbreaks", 311, noufM),
  run_case("monthly-small-gaps", "Noufaily monthly, small counts", "farringtonFlexible", M, NM, "small", 312, noufM),
  run_case("monthly-gaps", "Noufaily monthly, gaps", "farringtonFlexible", M, NM, "gaps", 313, noufM),
  run_case("quarterly-outbreaks", "Noufaily-style quarterly (w = 1, noPeriods 2, 2 quarters left out)",
           "farringtonFlexible", Q, NQ, "outbreaks", 314, modifyList(nouf, list(w = 1, noPeriods = 2, pastWeeksNotIncluded = 2)))
)
write_cases("farrington-noufaily.json", "surveillance::farringtonFlexible, Noufaily et al. (2013) settings", noufaily)

# --- reference weeks by calendar date (epochAsDate = TRUE) on weekly series of 8 years: 52 or 53 weeks a
# year back, so the windows and the blocks between them differ from the index-based 52·i ---
NC <- 420
calendar <- list(
  run_case("noufaily-seasonal-monday", "Noufaily, Mondays from 2010-01-04 (evaluates 2016-02-29)",
           "farringtonFlexible", W, NC, "seasonal", 401, nouf, first_date = "2010-01-04"),
  run_case("noufaily-outbreaks-thursday", "Noufaily, outbreaks, Thursdays", "farringtonFlexible", W, NC,
           "outbreaks", 402, nouf, first_date = "2011-01-06"),
  run_case("noufaily-trend-sunday", "Noufaily, trend, Sundays", "farringtonFlexible", W, NC, "trend", 403,
           nouf, first_date = "2009-12-27"),
  run_case("noufaily-gaps-saturday", "Noufaily, NA gaps, Saturdays", "farringtonFlexible", W, NC, "gaps", 404,
           nouf, first_date = "2012-03-03"),
  run_case("noufaily-b3-w2", "Noufaily with b = 3, w = 2, noPeriods 8, Wednesdays", "farringtonFlexible", W, NC,
           "outbreaks", 405, modifyList(nouf, list(b = 3, w = 2, noPeriods = 8)), first_date = "2013-01-02"),
  run_case("flexible-delta-friday", "farringtonFlexible defaults (delta), Fridays", "farringtonFlexible", W, NC,
           "outbreaks", 406, list(), first_date = "2010-01-01"),
  run_case("flexible-trend-tuesday", "farringtonFlexible defaults, trend, Tuesdays", "farringtonFlexible", W, NC,
           "trend", 407, list(), first_date = "2014-01-07"),
  run_case("farrington-outbreaks-monday", "farrington (algo.farrington), Mondays", "farrington", W, NC,
           "outbreaks", 408, list(), first_date = "2010-01-04"),
  run_case("farrington-seasonal-thursday", "farrington (algo.farrington), Thursdays", "farrington", W, NC,
           "seasonal", 409, list(), first_date = "2011-01-06")
)
write_cases("farrington-calendar.json", "surveillance farringtonFlexible and farrington with epochAsDate = TRUE (weekly)",
            calendar)
