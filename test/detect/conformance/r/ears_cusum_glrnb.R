# Regenerate: Rscript test/detect/conformance/r/ears_cusum_glrnb.R   (from the project root; needs r-cran-surveillance 1.20.3 and r-cran-jsonlite)
#
# Writes the conformance cases of EARS (earsC), CUSUM (algo.cusum) and the negative-binomial GLR detector
# (algo.glrnb) to test/detect/conformance/cases/{ears,cusum,glrnb}_{weekly,monthly,edge}.json.
# Every file holds the input series once (`series`, NA as null) and per case: the method, the parameters in
# the TypeScript API's terms (`params`), the monitored index range (0-based, inclusive) and R's per-period
# output over that range: upperbound, alarm, and where R has them the CUSUM statistic (`score`), the in-control
# mean (`expected`).
#
# NA gaps: earsC takes NA directly (an NA in a window gives an NA upper bound and alarm). algo.cusum and
# algo.glrnb cannot: the CUSUM recursion turns one NA into NA for every later period, and glrnb's C code reads
# as.integer(NA) as INT_MIN. For their gap cases the reference is R run on the monitored series with the NA
# periods removed, with m / mu0 given as numbers (estimated on the full series: mean(na.rm = TRUE), or glm /
# glm.nb, which drop NA rows) — which is what leaving a censored period out of the sums means.
#
# CUSUM with reset: algo.cusum never resets after an alarm. The `reset: true` cases are R's algo.cusum
# restarted after each alarm on the rest of the range, with m fixed from the first fit (the same loop as
# algo.glrnb's reset).
suppressMessages({
  library(surveillance)
  library(jsonlite)
})
stopifnot(as.character(packageVersion("surveillance")) == "1.20.3")

outDir <- file.path("test", "detect", "conformance", "cases")
dir.create(outDir, recursive = TRUE, showWarnings = FALSE)

set.seed(20240601)

# ---------------------------------------------------------------------------------------------------------
# Synthetic series: seasonality, trend, overdispersion, small counts, zeros, gaps, injected outbreaks.
seasonalMean <- function(n, freq, base, amp, trend = 0) {
  t <- 1:n
  exp(log(base) + amp * cos(2 * pi * t / freq) + 0.4 * amp * sin(2 * pi * t / freq) + trend * t / freq)
}
nbCounts <- function(mu, size = Inf) {
  if (is.infinite(size)) rpois(length(mu), mu) else rnbinom(length(mu), mu = mu, size = size)
}
inject <- function(y, at, len, extra) {
  idx <- at:(at + len - 1)
  y[idx] <- y[idx] + rpois(len, extra)
  y
}

mu_w1 <- seasonalMean(260, 52, 20, 0.4)
mu_m1 <- seasonalMean(120, 12, 80, 0.25, trend = 0.05)
series <- list(
  w_seasonal = inject(inject(nbCounts(mu_w1, 10), 200, 4, 25), 240, 3, 15),
  w_trend = inject(nbCounts(seasonalMean(260, 52, 8, 0.1, trend = 0.15)), 230, 3, 10),
  w_small = inject(nbCounts(seasonalMean(260, 52, 1.2, 0.5)), 210, 3, 4),
  w_large = inject(nbCounts(seasonalMean(260, 52, 300, 0.2), 30), 220, 3, 120),
  m_seasonal = inject(nbCounts(mu_m1, 20), 100, 3, 40),
  m_small = inject(nbCounts(seasonalMean(120, 12, 3, 0.3)), 108, 2, 6),
  m_trend = nbCounts(seasonalMean(120, 12, 30, 0.1, trend = 0.25), 15),
  e_zeros = nbCounts(rep(0.3, 156)),
  e_zero_then = c(rep(0L, 60), inject(nbCounts(rep(2, 96)), 80, 3, 5)),
  e_constant = c(rep(5L, 40), 5L, 9L, 5L, 5L, 12L, rep(5L, 15)),
  e_gaps = NULL,
  e_gaps_monthly = NULL
)
gw <- series$w_seasonal
gw[c(15, 40, 77, 130, 131, 132, 180, 201, 233)] <- NA
series$e_gaps <- gw
gm <- series$m_seasonal
gm[c(8, 30, 61, 62, 90, 101)] <- NA
series$e_gaps_monthly <- gm
freqOf <- function(name) if (startsWith(name, "m_") || name == "e_gaps_monthly") 12 else 52

toSts <- function(name, firstPhase = 1) {
  sts(observed = matrix(series[[name]], ncol = 1), start = c(2015, firstPhase), frequency = freqOf(name))
}
sig <- function(x) signif(x, 9)
# A disProg of one dummy period followed by the observed (non-NA) monitored values x.
compressed <- function(x, d) {
  sts2disProg(sts(observed = matrix(c(0L, x), ncol = 1), start = d$start, frequency = d$freq))
}
case <- function(name, seriesName, method, params, range, upperbound, alarm, score = NULL, expected = NULL,
                 note = NULL) {
  out <- list(name = name, series = seriesName, method = method, params = params,
              range = c(min(range), max(range)) - 1L, upperbound = sig(as.numeric(upperbound)),
              alarm = as.logical(alarm))
  if (!is.null(score)) out$score <- sig(as.numeric(score))
  if (!is.null(expected)) out$expected <- sig(as.numeric(expected))
  if (!is.null(note)) out$note <- note
  out
}
writeCases <- function(file, seriesNames, cases) {
  doc <- list(
    generated_by = "test/detect/conformance/r/ears_cusum_glrnb.R",
    surveillance_version = as.character(packageVersion("surveillance")),
    R_version = R.version.string,
    series = lapply(setNames(seriesNames, seriesNames), function(s) as.integer(series[[s]])),
    cases = cases
  )
  writeLines(toJSON(doc, auto_unbox = TRUE, na = "null", digits = NA), file.path(outDir, file))
  cat(file, ":", length(cases), "cases\n")
}

# ---------------------------------------------------------------------------------------------------------
# EARS: earsC for C1, C2, C3 (R definition); CDC C1/C2 = earsC with alpha = pnorm(-3), i.e. z = 3.
earsCase <- function(seriesName, method, alpha = NULL, baseline = 7, minSigma = 0, cdc = FALSE) {
  s <- toSts(seriesName)
  control <- list(method = method, baseline = baseline, minSigma = minSigma)
  if (cdc) control$alpha <- pnorm(-3) else if (!is.null(alpha)) control$alpha <- alpha
  res <- earsC(s, control = control)
  maxLag <- switch(method, C1 = baseline, C2 = baseline + 2, C3 = baseline + 4)
  range <- (maxLag + 1):nrow(s)
  params <- list(baseline = baseline, minSigma = minSigma)
  if (cdc) {
    params$definition <- "cdc"
  } else {
    params$definition <- "r-surveillance"
    if (!is.null(alpha)) params$alpha <- alpha
  }
  label <- paste0(seriesName, " ", method, if (cdc) " cdc" else " R", if (!is.null(alpha)) paste0(" alpha=", alpha),
                  if (baseline != 7) paste0(" baseline=", baseline), if (minSigma != 0) paste0(" minSigma=", minSigma))
  case(label, seriesName, method, params, range, upperbound(res)[, 1], alarms(res)[, 1])
}
earsSet <- function(names, extra = list()) {
  out <- list()
  for (s in names) for (m in c("C1", "C2", "C3")) out[[length(out) + 1]] <- earsCase(s, m)
  for (s in names) for (m in c("C1", "C2")) out[[length(out) + 1]] <- earsCase(s, m, cdc = TRUE)
  c(out, extra)
}
weekly <- c("w_seasonal", "w_trend", "w_small", "w_large")
monthly <- c("m_seasonal", "m_small", "m_trend")
edge <- c("e_zeros", "e_zero_then", "e_constant", "e_gaps", "e_gaps_monthly")
writeCases("ears_weekly.json", weekly, earsSet(weekly, list(
  earsCase("w_seasonal", "C1", alpha = 0.05), earsCase("w_seasonal", "C3", alpha = 0.001),
  earsCase("w_small", "C2", baseline = 12), earsCase("w_small", "C3", minSigma = 1),
  earsCase("w_trend", "C3", baseline = 3)
)))
writeCases("ears_monthly.json", monthly, earsSet(monthly, list(
  earsCase("m_small", "C1", minSigma = 0.5), earsCase("m_seasonal", "C3", alpha = 0.01, baseline = 12)
)))
writeCases("ears_edge.json", edge, earsSet(edge, list(
  earsCase("e_zeros", "C1", minSigma = 1), earsCase("e_zeros", "C3", minSigma = 1),
  earsCase("e_constant", "C3", minSigma = 0.5)
)))

# ---------------------------------------------------------------------------------------------------------
# CUSUM: algo.cusum, and the same restarted after every alarm for reset = TRUE.
cusumRun <- function(disProg, range, control, m) {
  # m: numeric in-control means for `range`.
  control$range <- range
  control$m <- m
  algo.cusum(disProg, control = control)
}
cusumCase <- function(seriesName, start, m = "mean", trans = "standard", k = 1.04, h = 2.26, alpha = NULL,
                      reset = FALSE, firstPhase = 1) {
  s <- toSts(seriesName, firstPhase)
  y <- series[[seriesName]]
  n <- length(y)
  range <- (start + 1):n
  d <- sts2disProg(s)
  base <- list(k = k, h = h, trans = trans)
  if (!is.null(alpha)) base$alpha <- alpha
  # The in-control means: R's own estimate (NULL = mean, "glm"), or for gaps the NA-aware equivalent.
  gaps <- anyNA(y)
  if (is.numeric(m)) {
    mm <- rep(m, length(range))
  } else if (m == "mean") {
    mm <- rep(mean(y[1:start], na.rm = TRUE), length(range))
  } else {
    ctl <- c(base, list(range = range, m = "glm"))
    if (!gaps) {
      mm <- as.numeric(algo.cusum(d, control = ctl)$control$m)
    } else {
      t <- d$start[2] + (1:start) - 1
      df <- data.frame(x = y[1:start], t = t)
      p <- d$freq
      fit <- glm(x ~ 1 + cos(2 * pi / p * t) + sin(2 * pi / p * t), family = poisson(), data = df)
      mm <- as.numeric(predict(fit, newdata = data.frame(t = d$start[2] + range - 1), type = "response"))
    }
  }
  ub <- al <- sc <- rep(NA_real_, length(range))
  if (!gaps && !reset && !is.numeric(m)) {
    # Plain R, with its own m estimate.
    ctl <- c(base, list(range = range))
    if (m == "glm") ctl$m <- "glm"
    r <- algo.cusum(d, control = ctl)
    ub <- r$upperbound; al <- r$alarm; sc <- r$cusum
  } else {
    # Observed periods of the range (NA left out), restarted after each alarm when reset.
    obs <- which(!is.na(y[range]))
    while (length(obs) > 0) {
      x <- y[range][obs]
      dd <- compressed(x, d)
      r <- cusumRun(dd, 2:(length(x) + 1), base, mm[obs])
      stopAt <- if (reset && any(r$alarm == 1)) which(r$alarm == 1)[1] else length(x)
      ub[obs[1:stopAt]] <- r$upperbound[1:stopAt]
      al[obs[1:stopAt]] <- r$alarm[1:stopAt]
      sc[obs[1:stopAt]] <- r$cusum[1:stopAt]
      obs <- obs[-(1:stopAt)]
    }
  }
  params <- list(start = start, k = k, h = h, trans = trans, reset = reset)
  if (is.numeric(m)) params$m <- m else params$m <- m
  if (!is.null(alpha)) params$alpha <- alpha
  if (identical(m, "glm")) { params$period <- d$freq; params$firstPhase <- firstPhase }
  note <- NULL
  if (gaps) note <- "R run on the monitored series with the NA periods removed, m estimated NA-aware"
  if (reset) note <- paste(c(note, "R's algo.cusum restarted after each alarm, m fixed from the first fit"), collapse = "; ")
  label <- paste0(seriesName, " ", trans, " m=", if (is.numeric(m)) m else m, if (reset) " reset" else "",
                  if (k != 1.04 || h != 2.26) paste0(" k=", k, " h=", h), if (firstPhase != 1) paste0(" phase=", firstPhase))
  case(label, seriesName, "cusum", params, range, ub, al, score = sc, expected = mm, note = note)
}
cusumSet <- function(names, start) {
  out <- list()
  for (s in names) for (m in c("mean", "glm")) for (tr in c("standard", "rossi")) for (rs in c(FALSE, TRUE)) {
    out[[length(out) + 1]] <- cusumCase(s, start, m = m, trans = tr, reset = rs)
  }
  out
}
writeCases("cusum_weekly.json", weekly, c(cusumSet(weekly, 104), list(
  cusumCase("w_seasonal", 104, trans = "anscombe"), cusumCase("w_seasonal", 104, trans = "anscombe2nd"),
  cusumCase("w_seasonal", 104, trans = "pearsonNegBin", alpha = 0.05), cusumCase("w_small", 104, trans = "none", k = 1, h = 8),
  cusumCase("w_trend", 104, k = 0.5, h = 4), cusumCase("w_seasonal", 104, m = "glm", firstPhase = 27)
)))
writeCases("cusum_monthly.json", monthly, c(cusumSet(monthly, 36), list(
  cusumCase("m_seasonal", 36, m = 95, trans = "rossi"), cusumCase("m_small", 36, trans = "anscombe"),
  cusumCase("m_trend", 36, m = "glm", firstPhase = 7, reset = TRUE)
)))
writeCases("cusum_edge.json", edge, list(
  cusumCase("e_zeros", 52), cusumCase("e_zeros", 52, trans = "rossi"), cusumCase("e_zeros", 52, reset = TRUE),
  cusumCase("e_zero_then", 70), cusumCase("e_zero_then", 70, trans = "rossi", reset = TRUE),
  cusumCase("e_zero_then", 70, m = "glm"),
  cusumCase("e_constant", 30), cusumCase("e_constant", 30, trans = "rossi", reset = TRUE),
  cusumCase("e_gaps", 104), cusumCase("e_gaps", 104, trans = "rossi", reset = TRUE), cusumCase("e_gaps", 104, m = "glm"),
  cusumCase("e_gaps_monthly", 36), cusumCase("e_gaps_monthly", 36, m = "glm", reset = TRUE)
))

# ---------------------------------------------------------------------------------------------------------
# GLR: algo.glrnb (reset after alarm is R's own).
glrnbCase <- function(seriesName, start, mu0 = list(), alpha = "estimate", cARL = 5, Mtilde = 1, M = -1,
                      dir = "inc", ret = "value", last = NULL) {
  s <- toSts(seriesName)
  d <- sts2disProg(s)
  y <- series[[seriesName]]
  n <- if (is.null(last)) length(y) else last
  range <- (start + 1):n
  control <- list(range = range, c.ARL = cARL, Mtilde = Mtilde, M = M, dir = dir, ret = ret)
  if (!identical(alpha, "estimate")) control$alpha <- alpha
  givenMu0 <- is.numeric(mu0)
  if (givenMu0) control$mu0 <- mu0[range] else control$mu0 <- mu0
  gaps <- anyNA(y[1:n])
  note <- NULL
  if (!gaps) {
    r <- suppressMessages(algo.glrnb(d, control = control))
    ub <- r$upperbound; al <- r$alarm
    mm <- r$control$mu0; usedAlpha <- r$control$alpha
  } else {
    # First R's own in-control fit on the full series (glm / glm.nb drop the NA rows), then the chart on the
    # monitored observations with the NA periods removed.
    stopifnot(!givenMu0, is.null(mu0$refit) || !mu0$refit, M == -1)
    fitCtl <- control
    fitCtl$range <- range
    d1 <- d
    est <- local({
      control <- fitCtl
      control$mu0Model <- list(S = if (is.null(mu0$S)) 1 else mu0$S, trend = if (is.null(mu0$trend)) FALSE else mu0$trend,
                               refit = FALSE)
      if (identical(alpha, "estimate")) control$alpha <- NULL
      disProgObj <- d1
      range <- range
      suppressMessages(surveillance:::estimateGLRNbHook())
    })
    mm <- est$pred
    usedAlpha <- if (identical(alpha, "estimate")) 1 / est$mod$theta else alpha
    obs <- which(!is.na(y[range]))
    x <- y[range][obs]
    dd <- compressed(x, d)
    ctl2 <- control; ctl2$range <- 2:(length(x) + 1); ctl2$mu0 <- mm[obs]; ctl2$alpha <- usedAlpha
    r <- suppressMessages(algo.glrnb(dd, control = ctl2))
    ub <- al <- rep(NA_real_, length(range))
    ub[obs] <- r$upperbound; al[obs] <- r$alarm
    note <- "R run on the monitored series with the NA periods removed, mu0 and alpha from R's fit on the full series"
  }
  params <- list(start = start, cARL = cARL, Mtilde = Mtilde, M = M, dir = dir, ret = ret)
  if (givenMu0) {
    params$mu0 <- sig(c(rep(NA, start), mu0[range]))
  } else {
    params$mu0 <- c(list(period = d$freq), mu0)
  }
  params$alpha <- alpha
  label <- paste0(seriesName, " glrnb", if (givenMu0) " mu0=given" else paste0(" mu0=glm", if (isTRUE(mu0$trend)) "+trend" else "",
                  if (!is.null(mu0$S)) paste0(" S=", mu0$S) else "", if (isTRUE(mu0$refit)) " refit" else ""),
                  " alpha=", alpha, if (cARL != 5) paste0(" c.ARL=", cARL), if (Mtilde != 1) paste0(" Mtilde=", Mtilde),
                  if (M != -1) paste0(" M=", M), if (dir != "inc") paste0(" dir=", dir), " ret=", ret)
  out <- case(label, seriesName, "glrnb", params, range, ub, al, expected = mm, note = note)
  out$alpha_used <- sig(usedAlpha)
  out
}
writeCases("glrnb_weekly.json", weekly, list(
  glrnbCase("w_seasonal", 104),
  glrnbCase("w_seasonal", 104, alpha = 0),
  glrnbCase("w_seasonal", 104, alpha = 0.1, mu0 = list(S = 2, trend = TRUE)),
  glrnbCase("w_seasonal", 104, mu0 = round(mu_w1, 3), alpha = 0.1),
  glrnbCase("w_seasonal", 104, mu0 = round(mu_w1, 3), alpha = 0, Mtilde = 2, M = 26),
  glrnbCase("w_seasonal", 104, mu0 = round(mu_w1, 3), alpha = 0.1, Mtilde = 2, M = 26),
  glrnbCase("w_seasonal", 104, mu0 = list(refit = TRUE), alpha = 0.05),
  glrnbCase("w_trend", 104),
  glrnbCase("w_trend", 104, mu0 = list(trend = TRUE), alpha = 0, ret = "cases"),
  glrnbCase("w_small", 104),
  glrnbCase("w_small", 104, alpha = 0, ret = "cases", cARL = 3),
  glrnbCase("w_large", 104),
  glrnbCase("w_large", 104, alpha = 0.02, dir = "dec"),
  glrnbCase("w_small", 200, alpha = 0.2, ret = "cases", last = 230)
))
writeCases("glrnb_monthly.json", monthly, list(
  glrnbCase("m_seasonal", 36),
  glrnbCase("m_seasonal", 36, alpha = 0, M = 12),
  glrnbCase("m_seasonal", 36, mu0 = round(mu_m1, 3), alpha = 0.05, cARL = 4),
  glrnbCase("m_small", 36),
  glrnbCase("m_small", 36, alpha = 0, ret = "cases"),
  glrnbCase("m_trend", 36, mu0 = list(trend = TRUE)),
  glrnbCase("m_trend", 36, mu0 = list(trend = TRUE, refit = TRUE), alpha = 0.05),
  glrnbCase("m_seasonal", 84, alpha = 0.05, ret = "cases")
))
writeCases("glrnb_edge.json", edge, list(
  glrnbCase("e_zero_then", 70, alpha = 0),
  glrnbCase("e_zero_then", 70),
  glrnbCase("e_constant", 30, mu0 = rep(5, 60), alpha = 0),
  glrnbCase("e_constant", 30, mu0 = rep(5, 60), alpha = 0.1, ret = "cases"),
  glrnbCase("e_gaps", 104),
  glrnbCase("e_gaps", 104, alpha = 0),
  glrnbCase("e_gaps_monthly", 36, alpha = 0.05)
))
