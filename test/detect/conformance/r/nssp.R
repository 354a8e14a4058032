# Regenerate the NSSP conformance cases (test/detect/conformance/cases/nssp.json):
#
#   git -C <Rnssp clone> show 7f76909c57a70cff81fea68c621aeb7424b9254a:R/alert_ewma.R > /tmp/rnssp-v0.3.1/alert_ewma.R
#   (likewise alert_regression.R, alert_switch.R, alert_nbinom.R; and the same four files of v0.3.0,
#    84b46cf79707481f43686506bb24d1da21019b72, into /tmp/rnssp-v0.3.0)
#   Rscript test/detect/conformance/r/nssp.R /tmp/rnssp-v0.3.1 /tmp/rnssp-v0.3.0
#
# from the project root. Rnssp itself is not on CRAN or Debian, so its detector functions are `source()`d
# unchanged from the CDCgov/Rnssp GitHub repository:
#   Rnssp 0.3.1 (DESCRIPTION Date 2025-08-22), tag v0.3.1, commit 7f76909c57a70cff81fea68c621aeb7424b9254a
#   Rnssp 0.3.0 (2024-03-25), tag v0.3.0, commit 84b46cf79707481f43686506bb24d1da21019b72
# Needs R (4.2.2 was used) with dplyr, tidyr, purrr, data.table (Rnssp 0.3.1's frollmean), MASS and jsonlite.
#
# Synthetic daily series (fixed seeds) go through alert_ewma, alert_regression and alert_switch of both
# versions; weekly series through alert_nbinom (identical in 0.2.0 to 0.3.1) with and without the time term.
# Every expected value in the JSON is what these R functions returned.

suppressPackageStartupMessages({
  library(dplyr)
  library(tidyr)
  library(purrr)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript nssp.R <Rnssp 0.3.1 R/ dir> <Rnssp 0.3.0 R/ dir>")
out_dir <- file.path("test", "detect", "conformance", "cases")
if (!dir.exists(out_dir)) stop("run from the project root: ", out_dir, " not found")

load_rnssp <- function(dir) {
  env <- new.env(parent = globalenv())
  for (f in c("alert_ewma.R", "alert_regression.R", "alert_switch.R", "alert_nbinom.R")) {
    sys.source(file.path(dir, f), envir = env)
  }
  env
}
rnssp <- list("rnssp-0.3.1" = load_rnssp(args[[1]]), "rnssp-0.3.0" = load_rnssp(args[[2]]))

num <- function(x) ifelse(is.na(x), NA, signif(as.numeric(x), 12))

# ---------------------------------------------------------------------------------------------------
# Daily series: 154 days from Monday 2024-01-01
# ---------------------------------------------------------------------------------------------------
set.seed(20250822)
n_day <- 154
dates <- seq(as.Date("2024-01-01"), by = "day", length.out = n_day)
dow <- as.integer(format(dates, "%u")) # 1 = Monday ... 7 = Sunday
dow_effect <- c(1.15, 1.05, 1.0, 1.0, 0.95, 0.75, 0.7)[dow]
t <- seq_len(n_day)

daily <- list()
# Day-of-week pattern around 30 a day with two outbreaks.
mu <- 30 * dow_effect
y <- rpois(n_day, mu)
y[60:63] <- y[60:63] + rpois(4, 25)
y[120:121] <- y[120:121] + rpois(2, 40)
daily$d_dow <- y
# Small counts: mean 2, many zeros.
y <- rpois(n_day, 2 * dow_effect)
y[100] <- y[100] + 9
daily$d_small <- y
# A steep trend with a strong weekly pattern: the regression explains it (adjusted R² ≥ 0.6).
daily$d_trend <- rpois(n_day, (20 + 0.6 * t) * dow_effect^3)
# A wave: rise, peak, steep fall (alerts on the way down meet Rnssp 0.3.1's down-slope check).
wave <- 15 + 120 * exp(-((t - 80) / 14)^2)
y <- rpois(n_day, wave * dow_effect)
daily$d_wave <- y
# Percentages as fractions (max < 1): Rnssp 0.3.1 divides by the median positive value.
y <- round(rbeta(n_day, 4, 60) * dow_effect, 4)
y[c(10, 50)] <- 0
y[130:132] <- y[130:132] + 0.08
daily$d_fraction <- y

daily_settings <- list(list(B = 28, g = 2), list(B = 14, g = 1))

daily_cases <- list()
for (name in names(daily)) {
  df <- data.frame(date = dates, count = daily[[name]])
  for (version in names(rnssp)) {
    env <- rnssp[[version]]
    for (s in daily_settings) {
      ewma <- env$alert_ewma(df, B = s$B, g = s$g)
      reg <- env$alert_regression(df, B = s$B, g = s$g)
      sw <- env$alert_switch(df, B = s$B, g = s$g)
      daily_cases[[length(daily_cases) + 1]] <- list(
        series = name, version = version, B = s$B, g = s$g,
        # Rnssp 0.3.1's ewma_loop divisor (reports baseline_expected on y / scale); 1 in 0.3.0.
        ewma_scale = if (version == "rnssp-0.3.1" && max(df$count) < 1) median(df$count[df$count > 0]) else 1,
        ewma = list(
          expected = num(ewma$baseline_expected), statistic = num(ewma$test_statistic),
          p = num(ewma$p.value), alert = ewma$alert
        ),
        regression = list(
          expected = num(reg$baseline_expected), statistic = num(reg$test_statistic),
          p = num(reg$p.value), sigma = num(reg$sigma), adjusted_r_squared = num(reg$adjusted_r_squared),
          alert = reg$alert
        ),
        switch = list(
          expected = num(sw$baseline_expected), statistic = num(sw$test_statistic),
          p = num(sw$p.value), alert = sw$alert, detector = sw$detector
        )
      )
    }
  }
}

# ---------------------------------------------------------------------------------------------------
# Weekly series for alert_nbinom: 260 weeks from Sunday 2019-01-06, baseline to week 156
# ---------------------------------------------------------------------------------------------------
set.seed(20230112)
n_wk <- 260
weeks <- seq(as.Date("2019-01-06"), by = "week", length.out = n_wk)
w <- seq_len(n_wk)
season <- exp(0.35 * cos(2 * pi * w / 52.18) + 0.2 * sin(2 * pi * w / 52.18))
weekly <- list(
  w_seasonal = rnbinom(n_wk, mu = 40 * season, size = 25),
  w_trend = rnbinom(n_wk, mu = (20 + 0.08 * w) * season, size = 15),
  w_small = rnbinom(n_wk, mu = 3 * season, size = 4),
  w_stimulant = rnbinom(n_wk, mu = 35 + 0 * w, size = 30)
)
weekly$w_seasonal[200:202] <- weekly$w_seasonal[200:202] + c(25, 40, 20)
weekly$w_stimulant[180] <- weekly$w_stimulant[180] + 22
baseline_end <- weeks[156]

nbinom_cases <- list()
for (name in names(weekly)) {
  df <- data.frame(date = weeks, count = weekly[[name]])
  for (include_time in c(TRUE, FALSE)) {
    r <- rnssp[["rnssp-0.3.1"]]$alert_nbinom(df, include_time = include_time, baseline_end = baseline_end)
    nbinom_cases[[length(nbinom_cases) + 1]] <- list(
      series = name, include_time = include_time, baseline_end_index = sum(weeks <= baseline_end) - 1,
      estimate = num(r$estimate), threshold = num(r$threshold), alarm = r$alarm, time_term = r$time_term[[1]]
    )
  }
}

doc <- list(
  generated_by = "test/detect/conformance/r/nssp.R",
  R_version = R.version.string,
  rnssp = list(
    "rnssp-0.3.1" = "v0.3.1 (2025-08-22), commit 7f76909c57a70cff81fea68c621aeb7424b9254a",
    "rnssp-0.3.0" = "v0.3.0 (2024-03-25), commit 84b46cf79707481f43686506bb24d1da21019b72"
  ),
  MASS = as.character(packageVersion("MASS")),
  daily_start = "2024-01-01",
  daily_series = daily,
  daily_cases = daily_cases,
  weekly_start = "2019-01-06",
  weekly_series = weekly,
  nbinom_cases = nbinom_cases
)
writeLines(toJSON(doc, auto_unbox = TRUE, na = "null", digits = NA), file.path(out_dir, "nssp.json"))
cat("wrote", file.path(out_dir, "nssp.json"), "\n")
