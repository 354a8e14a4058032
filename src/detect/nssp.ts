/**
 * CDC NSSP detectors as implemented in the R package `Rnssp` (CDCgov/Rnssp) `alert_ewma`, `alert_regression`
 * and `alert_switch`. `Rnssp` targets daily emergency-department counts; here the algorithms are unchanged
 * but baseline length B, guard band g and the seasonal terms are parameters, so the same code runs on weekly
 * and monthly series.
 *
 * Which Rnssp (option `version`): by default Rnssp 0.3.1 (2025-08-22, commit 7f76909), the current release:
 * the EWMA baseline grows from 7 values, its σ floor is (w/ucl_warning)·(0.01 + 0.05(1−w)²) and a series of
 * percentages below 1 (max(y) < 1) is divided by the median of its positive values first; the regression's σ
 * floor is 0.01/ucl_warning and its red/yellow verdicts on a down slope are withdrawn (see `nsspRegression`).
 * `version: 'rnssp-0.3.0'` gives the loops of Rnssp 0.2.0 (2023-02-10) to 0.3.0 (2024-03-25), identical in
 * these three functions: baseline from 11 values, EWMA floor (w/ucl_warning)·(1 + 0.5(1−w)²), regression floor
 * 1.01/ucl_warning, no rescaling and no down-slope check. max_baseline is B where Rnssp hard-codes B too.
 *
 * Common to all three: the baseline for period t is the window [t − g − B, t − g − 1] (clipped at the start
 * of the series: the window grows from `minBaseline` periods until it holds B); censored values (null) are
 * left out of it, never zeroed; a null observation gets no verdict. Each result is a `DetectionPoint` with
 * `score` = the test statistic (a t-like statistic) and, in addition, `pValue` = the one-sided upper-tail
 * Student-t p-value Rnssp computes (`1 - pt(statistic, df)`) and `level`, Rnssp's colour: 'red' when
 * p < 0.01, 'yellow' when 0.01 ≤ p < 0.05, 'blue' otherwise, null ('grey') without a verdict. `alarm` is true
 * at level red (option `alarmAt: 'yellow'` also counts yellow), and `threshold` is the observed value at which
 * that alarm starts, so alarm ⇔ observed > threshold (except where the regression's down-slope check
 * withdraws a verdict).
 *
 * Defaults are Rnssp's (daily ESSENCE: B = 28 days, g = 2 days). For monthly series B = 28 months is 2⅓
 * years and g = 2 skips two months; the recommended monthly setting is B = 24, g = 1 (two years of
 * baseline, one month of guard for late reports), weekly B = 52, g = 2. See `NSSP_MONTHLY` / `NSSP_WEEKLY`.
 */
import { SUPPRESSED } from './detectionPoint.ts';
import { pt, qt } from './distributions.ts';
import { leastSquares, quadraticForm } from './linearModel.ts';
import type { DetectionPoint, SeriesValue } from './types.ts';

/** Rnssp's colour of a verdict; null is its 'grey' (no verdict). */
export type NsspLevel = 'red' | 'yellow' | 'blue';
export type NsspDetector = 'ewma' | 'regression' | 'nbinom' | 'serfling';

export interface NsspPoint extends DetectionPoint {
  /** One-sided p-value of the test (see each method for what it is); null without a verdict. */
  pValue: number | null;
  level: NsspLevel | null;
  /** Which model produced this point (the switch picks one per period). */
  detector: NsspDetector | null;
  /** Adjusted R² of the regression fit (regression and switch only; null when there was no fit). */
  adjustedRSquared?: number | null;
}

/** Which Rnssp release to follow: 'rnssp-0.3.1' (default, current) or 'rnssp-0.3.0' (0.2.0 to 0.3.0). */
export type RnsspVersion = 'rnssp-0.3.1' | 'rnssp-0.3.0';

export interface NsspWindowOptions {
  /** Rnssp release whose formulas to follow (default 'rnssp-0.3.1'). */
  version?: RnsspVersion;
  /** B: baseline length in periods (Rnssp default 28 days). */
  baseline?: number;
  /** g: guard band between baseline and tested period (Rnssp default 2). */
  guard?: number;
  /** Fewest (non-null) baseline periods to test with; Rnssp grows its baseline from 11 (EWMA since 0.3.1: 7). */
  minBaseline?: number;
  /** Level that sets `alarm` (default 'red': p < 0.01; 'yellow': p < 0.05). */
  alarmAt?: 'red' | 'yellow';
}

export interface NsspEwmaOptions extends NsspWindowOptions {
  /** Smoothing for gradual events (Rnssp default 0.4). */
  w1?: number;
  /** Smoothing for sudden events (Rnssp default 0.9). */
  w2?: number;
}

export interface NsspRegressionOptions extends NsspWindowOptions {
  /**
   * Seasonal label of each period, integers 0..seasonLevels−1 (Rnssp: day of week, Mon = 0 … Sun = 6,
   * Sunday the reference level). One dummy per level except the last. Omit for a trend-only model, the
   * right choice for weekly and for monthly series with B < 36.
   */
  season?: readonly number[];
  /** Number of seasonal levels (7 for day of week, 12 for month of year). */
  seasonLevels?: number;
  /**
   * Standard error of the forecast: 'rnssp' uses Rnssp's closed form
   * sqrt(MSE)·sqrt((L+7)(L−4) / (L(L−7))) — derived for its 8-parameter day-of-week design only;
   * 'exact' uses sqrt(MSE·(1 + x₀ᵀ(XᵀX)⁻¹x₀)). Default: 'rnssp' with 7 seasonal levels, else 'exact'.
   */
  predictionSe?: 'rnssp' | 'exact';
  /**
   * Rnssp 0.3.1's down-slope check: a red or yellow verdict on a value below the mean of the last 7 values
   * (itself included) is withdrawn (level 'blue', no alarm); on Saturdays and Sundays (labels 5 and 6 of a
   * 7-level `season`) only if the value is also below the mean of the last 7 same-weekday values. Default:
   * on for the daily day-of-week design (7 seasonal levels) under 'rnssp-0.3.1', off otherwise.
   */
  downSlopeCheck?: boolean;
}

export interface NsspSwitchOptions extends NsspRegressionOptions, NsspEwmaOptions {
  /** Regression is used when its adjusted R² ≥ this (Rnssp: 0.60), else EWMA. */
  minAdjustedRSquared?: number;
}

/** Recommended settings for monthly series (two years of baseline, one month of guard). */
export const NSSP_MONTHLY = { baseline: 24, guard: 1 } as const;
/** Recommended settings for weekly series (one year of baseline, two weeks of guard). */
export const NSSP_WEEKLY = { baseline: 52, guard: 2 } as const;

/** Rnssp's smallest residual degrees of freedom for the regression. */
const MIN_DF = 3;

interface Window {
  start: number;
  end: number;
  /** Indices of the non-null baseline values. */
  indices: number[];
  values: number[];
}

interface ResolvedWindow {
  legacy: boolean;
  baseline: number;
  guard: number;
  minBaseline: number;
  alpha: number;
}

function resolveWindow(
  o: NsspWindowOptions | undefined,
  method: string,
  defaultMinBaseline = 11,
): ResolvedWindow {
  const version = o?.version ?? 'rnssp-0.3.1';
  if (version !== 'rnssp-0.3.1' && version !== 'rnssp-0.3.0') {
    throw new RangeError(`${method}: version must be 'rnssp-0.3.1' or 'rnssp-0.3.0', got ${String(version)}`);
  }
  const legacy = version === 'rnssp-0.3.0';
  const baseline = o?.baseline ?? 28;
  const guard = o?.guard ?? 2;
  const minBaseline = o?.minBaseline ?? Math.min(legacy ? 11 : defaultMinBaseline, baseline);
  if (!Number.isInteger(baseline) || baseline < 3) {
    throw new RangeError(`${method}: baseline must be an integer ≥ 3, got ${baseline}`);
  }
  if (!Number.isInteger(guard) || guard < 0) {
    throw new RangeError(`${method}: guard band cannot be negative, got ${guard}`);
  }
  if (!Number.isInteger(minBaseline) || minBaseline < 3 || minBaseline > baseline) {
    throw new RangeError(`${method}: minBaseline must be an integer in [3, baseline], got ${minBaseline}`);
  }
  return { legacy, baseline, guard, minBaseline, alpha: o?.alarmAt === 'yellow' ? 0.05 : 0.01 };
}

export function checkSeries(values: readonly SeriesValue[]): void {
  if (!Array.isArray(values)) throw new TypeError(`invalid series: expected an array, got ${typeof values}`);
  values.forEach((v, t) => {
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new TypeError(`invalid value at index ${t}: ${String(v)} (expected a finite number or null)`);
    }
  });
}

function baselineWindow(values: readonly SeriesValue[], t: number, o: ResolvedWindow): Window | null {
  const end = t - o.guard - 1;
  if (end < 0) return null;
  const start = Math.max(0, end - o.baseline + 1);
  const indices: number[] = [];
  const vals: number[] = [];
  for (let i = start; i <= end; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) {
      indices.push(i);
      vals.push(v);
    }
  }
  return { start, end, indices, values: vals };
}

export function levelOf(p: number): NsspLevel {
  return p < 0.01 ? 'red' : p < 0.05 ? 'yellow' : 'blue';
}

/** The expectation and bounds of a period, known before its value is looked at. */
export interface Found {
  expected: number;
  threshold: number;
  baselineStart: number;
  baselineEnd: number;
}

/**
 * Builds a point with one fixed shape (object spread in this hot path costs more than the statistics).
 * `verdict` is null for no verdict; `adjustedRSquared` is set only for the regression and the switch.
 */
export function makePoint(
  t: number,
  x: SeriesValue,
  found: Found | null,
  verdict: { score: number; pValue: number; level: NsspLevel; alarm: boolean } | null,
  reason: string | null,
  detector: NsspDetector | null,
  adjustedRSquared?: number | null,
): NsspPoint {
  const p: NsspPoint = {
    index: t,
    observed: x,
    expected: found ? found.expected : null,
    threshold: found ? found.threshold : null,
    score: verdict ? verdict.score : null,
    alarm: verdict ? verdict.alarm : null,
    baselineStart: found ? found.baselineStart : null,
    baselineEnd: found ? found.baselineEnd : null,
    reason,
    pValue: verdict ? verdict.pValue : null,
    level: verdict ? verdict.level : null,
    detector,
  };
  if (adjustedRSquared !== undefined) p.adjustedRSquared = adjustedRSquared;
  return p;
}

function noVerdict(t: number, x: SeriesValue, reason: string): NsspPoint {
  return makePoint(t, x, null, null, reason, null);
}

function historyReason(needs: number, has: number): string {
  return `not enough history (needs ${needs} periods, has ${has})`;
}

function meanSd(v: readonly number[]): [number, number] {
  let s = 0;
  for (const x of v) s += x;
  const m = s / v.length;
  let ss = 0;
  for (const x of v) ss += (x - m) * (x - m);
  return [m, Math.sqrt(ss / (v.length - 1))];
}

/** Rnssp's EWMA constants for a baseline of L values (df = L − 1). */
function ewmaConstants(L: number, g: number, w1: number, w2: number, alpha: number, legacy: boolean) {
  const df = L - 1;
  const uclAlert = roundTo(qt(0.99, df), 5);
  const uclWarning = roundTo(qt(0.95, df), 5);
  const part = (w: number) => ({
    correction: Math.sqrt(w / (2 - w) + 1 / L - (2 * (1 - w) ** (g + 1) * (1 - (1 - w) ** L)) / L),
    constant: (0.1289 - (0.2414 - 0.1826 * (1 - w) ** 4) * Math.log(10 * 0.05)) * (w / uclWarning),
    minSigma: (w / uclWarning) * (legacy ? 1 + 0.5 * (1 - w) ** 2 : 0.01 + 0.05 * (1 - w) ** 2),
  });
  const a = part(w1);
  const b = part(w2);
  return {
    uclAlert,
    qAlarm: qt(1 - alpha, df),
    correction1: a.correction,
    constant1: a.constant,
    minSigma1: a.minSigma,
    correction2: b.correction,
    constant2: b.constant,
    minSigma2: b.minSigma,
  };
}

/**
 * EWMA as in Rnssp `alert_ewma` / `ewma_loop`: two exponentially weighted moving averages z₁ (w₁ = 0.4,
 * gradual events) and z₂ (w₂ = 0.9, sudden events), z₁ = z₂ = y at the first period, then
 * z = w·y_t + (1 − w)·z_{t−1}. With L baseline values of mean μ and SD s:
 *
 *   ucl_alert = round(qt(0.99, L−1), 5), ucl_warning = round(qt(0.95, L−1), 5)
 *   correction = sqrt(w/(2−w) + 1/L − 2(1−w)^(g+1)·(1 − (1−w)^L)/L)
 *   constant = (0.1289 − (0.2414 − 0.1826(1−w)⁴)·ln(10·0.05))·w/ucl_warning
 *   σ_w = max((w/ucl_warning)·(0.01 + 0.05(1−w)²), s·correction + constant)   [0.3.0: (1 + 0.5(1−w)²)]
 *   statistic_w = (z_w − μ)/σ_w, p_w = 1 − pt(statistic_w, L−1)
 *
 * After testing, a z whose |statistic| exceeds ucl_alert is pulled back to μ ± ucl_alert·σ_w, so an
 * outbreak does not inflate later averages. The verdict is the smaller p of the two (on a tie, z₂'s).
 * `expected` = μ; `threshold` = the smallest y_t for which either statistic passes qt(1 − α, L−1).
 * Nulls: z is carried over a null unchanged, and initialised at the first non-null value.
 * Rnssp 0.3.1: when every value is below 1 (percentages as fractions), the series is divided by the median
 * of its positive values before all this; `expected` and `threshold` are reported back in the original
 * units (Rnssp reports its `baseline_expected` on the rescaled scale), statistic and p-value are unchanged.
 */
export function nsspEwma(values: readonly SeriesValue[], opts?: NsspEwmaOptions): NsspPoint[] {
  checkSeries(values);
  const o = resolveWindow(opts, 'nsspEwma', 7);
  const w1 = opts?.w1 ?? 0.4;
  const w2 = opts?.w2 ?? 0.9;
  for (const w of [w1, w2]) {
    if (!(w > 0 && w < 1))
      throw new RangeError(`nsspEwma: smoothing coefficients must be in (0, 1), got ${w}`);
  }
  const scale = o.legacy ? 1 : percentScale(values);
  const ys = scale === 1 ? values : values.map((v) => (v === null ? null : v / scale));
  const z: [number | null, number | null] = [null, null];
  const out: NsspPoint[] = [];
  // Everything but the baseline SD depends on L only: compute it once per baseline length.
  const byLength = new Map<number, ReturnType<typeof ewmaConstants>>();
  const constantsFor = (L: number) => {
    let c = byLength.get(L);
    if (!c) {
      c = ewmaConstants(L, o.guard, w1, w2, o.alpha, o.legacy);
      byLength.set(L, c);
    }
    return c;
  };
  for (let t = 0; t < values.length; t++) {
    const x = ys[t] ?? null;
    const observed = values[t] ?? null;
    const win = baselineWindow(ys, t, o);
    const count = win?.values.length ?? 0;
    const z1Prev = z[0];
    const z2Prev = z[1];
    if (!win || count < o.minBaseline || z1Prev === null || z2Prev === null) {
      if (x !== null) {
        z[0] = z[0] === null ? x : w1 * x + (1 - w1) * z[0];
        z[1] = z[1] === null ? x : w2 * x + (1 - w2) * z[1];
      }
      out.push(noVerdict(t, observed, x === null ? SUPPRESSED : historyReason(o.minBaseline, count)));
      continue;
    }
    const L = count;
    const df = L - 1;
    const [mu, sd] = meanSd(win.values);
    const c = constantsFor(L);
    const sigma1 = Math.max(c.minSigma1, sd * c.correction1 + c.constant1);
    const sigma2 = Math.max(c.minSigma2, sd * c.correction2 + c.constant2);
    const z1 = z1Prev;
    const z2 = z2Prev;
    // Smallest y_t with (w·y + (1 − w)·z_prev − μ)/σ > q for either smoothing.
    const threshold = Math.min(
      (mu + c.qAlarm * sigma1 - (1 - w1) * z1) / w1,
      (mu + c.qAlarm * sigma2 - (1 - w2) * z2) / w2,
    );
    const found: Found = {
      expected: mu * scale,
      threshold: threshold * scale,
      baselineStart: win.start,
      baselineEnd: win.end,
    };
    if (x === null) {
      out.push(makePoint(t, observed, found, null, SUPPRESSED, 'ewma'));
      continue;
    }
    let next1 = w1 * x + (1 - w1) * z1;
    let next2 = w2 * x + (1 - w2) * z2;
    const stat1 = (next1 - mu) / sigma1;
    const stat2 = (next2 - mu) / sigma2;
    if (Math.abs(stat1) > c.uclAlert) next1 = mu + Math.sign(stat1) * c.uclAlert * sigma1;
    if (Math.abs(stat2) > c.uclAlert) next2 = mu + Math.sign(stat2) * c.uclAlert * sigma2;
    z[0] = next1;
    z[1] = next2;
    const p1 = pt(stat1, df, true);
    const p2 = pt(stat2, df, true);
    const first = p1 < p2;
    const pValue = first ? p1 : p2;
    const verdict = { score: first ? stat1 : stat2, pValue, level: levelOf(pValue), alarm: pValue < o.alpha };
    out.push(makePoint(t, observed, found, verdict, null, 'ewma'));
  }
  return out;
}

/** Rnssp 0.3.1's divisor for a series of fractions: median of the positive values when max(y) < 1, else 1. */
function percentScale(values: readonly SeriesValue[]): number {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0 || Math.max(...known) >= 1) return 1;
  const positive = known.filter((v) => v > 0).sort((a, b) => a - b);
  const n = positive.length;
  if (n === 0) return 1;
  return n % 2 === 1
    ? (positive[(n - 1) / 2] as number)
    : ((positive[n / 2 - 1] as number) + (positive[n / 2] as number)) / 2;
}

/**
 * Adaptive multiple regression as in Rnssp `alert_regression` / `adaptive_regression`: an ordinary least
 * squares fit of the L baseline values on an intercept, a linear time index (1..L over the window; the
 * tested period is at index t − start + 1, i.e. L + g + 1 once the window is full) and, for daily data,
 * day-of-week dummies (6 for Mon..Sat, Sunday the reference). With p coefficients and df = L − p:
 *
 *   MSE = RSS/df, σ = max(sqrt(MSE)·f, 0.01 / round(qt(0.95, df), 5))
 *   f = sqrt((L+7)(L−4)/(L(L−7))) (Rnssp, day-of-week design) or sqrt(1 + x₀ᵀ(XᵀX)⁻¹x₀) (exact)
 *   expected = max(0, x₀ᵀβ), statistic = (y − expected)/σ, p = 1 − pt(statistic, df)
 *   adjusted R² = 1 − (1 − R²)(L − 1)/df, with R² = MSS/(MSS + RSS) and 0 when undefined (flat baseline)
 *
 * Monthly/weekly data have no day of week: without `season` the model is intercept + trend (p = 2); with
 * `season` (e.g. month of year, `seasonLevels` 12) it gains seasonLevels − 1 dummies, which needs B ≥ 36
 * months to leave Rnssp's minimum of 3 residual degrees of freedom with every month seen at least twice.
 * σ floor: 0.01/round(qt(0.95, df), 5) since Rnssp 0.3.1, 1.01/… before. Rnssp 0.3.1 then withdraws
 * red/yellow verdicts on a down slope (option `downSlopeCheck`, on by default for the daily design): a value
 * below its 7-period moving average, and on weekends also below the mean of its last 7 same weekdays (a
 * missing value in either mean, or fewer than 7 values, keeps the verdict, as R's NA does). Rnssp reports such
 * days 'blue' (ungrouped data frames; 'grey' when grouped); here level 'blue', no alarm, p-value kept, and a
 * `reason` saying why.
 */
export function nsspRegression(values: readonly SeriesValue[], opts?: NsspRegressionOptions): NsspPoint[] {
  checkSeries(values);
  const o = resolveWindow(opts, 'nsspRegression');
  const season = opts?.season;
  const levels = season ? (opts?.seasonLevels ?? Math.max(...season) + 1) : 1;
  if (season) {
    if (season.length !== values.length) {
      throw new RangeError(`nsspRegression: season has ${season.length} labels for ${values.length} values`);
    }
    season.forEach((s, i) => {
      if (!Number.isInteger(s) || s < 0 || s >= levels) {
        throw new RangeError(`nsspRegression: season label at ${i} must be an integer in [0, ${levels - 1}]`);
      }
    });
  }
  const p = 2 + (levels - 1);
  const rnsspSe = (opts?.predictionSe ?? (levels === 7 ? 'rnssp' : 'exact')) === 'rnssp';
  const needs = Math.max(o.minBaseline, p + MIN_DF);
  const row = (time: number, i: number): number[] => {
    const r = [1, time];
    for (let lvl = 0; lvl < levels - 1; lvl++) r.push(season?.[i] === lvl ? 1 : 0);
    return r;
  };
  const out: NsspPoint[] = [];
  for (let t = 0; t < values.length; t++) {
    const x = values[t] ?? null;
    const win = baselineWindow(values, t, o);
    const L = win?.values.length ?? 0;
    if (!win || L < needs) {
      out.push(makePoint(t, x, null, null, x === null ? SUPPRESSED : historyReason(needs, L), null, null));
      continue;
    }
    const fit = levels === 1 ? trendFit(win, t) : seasonalFit(win, t, row, p);
    if (!fit) {
      const reason = x === null ? SUPPRESSED : 'regression design is singular (a seasonal level is absent)';
      out.push(makePoint(t, x, null, null, reason, null, null));
      continue;
    }
    const df = L - p;
    const mse = fit.rss / df;
    // A flat baseline has nothing to explain: R² is 0/0, which Rnssp maps to 0. Rounding noise of the
    // fit (≈1e-15) is not variance, so flatness is judged on the data, not on the fitted values.
    const flat = fit.tss <= L * (1e-12 * Math.max(1, Math.abs(fit.mean))) ** 2;
    const r2 = fit.mss / (fit.rss + fit.mss);
    const r2adj = 1 - ((1 - r2) * (L - 1)) / df;
    const adjustedRSquared = flat || Number.isNaN(r2adj) ? 0 : r2adj;
    const factor = rnsspSe ? Math.sqrt(((L + 7) * (L - 4)) / (L * (L - 7))) : Math.sqrt(1 + fit.leverage);
    const minSigma = (o.legacy ? 1.01 : 0.01) / roundTo(qt(0.95, df), 5);
    const sigma = Math.max(Math.sqrt(mse) * factor, minSigma);
    const expected = Math.max(0, fit.forecast);
    const found: Found = {
      expected,
      threshold: expected + qt(1 - o.alpha, df) * sigma,
      baselineStart: win.start,
      baselineEnd: win.end,
    };
    if (x === null) {
      out.push(makePoint(t, x, found, null, SUPPRESSED, 'regression', adjustedRSquared));
      continue;
    }
    const score = (x - expected) / sigma;
    const pValue = pt(score, df, true);
    const verdict = { score, pValue, level: levelOf(pValue), alarm: pValue < o.alpha };
    out.push(makePoint(t, x, found, verdict, null, 'regression', adjustedRSquared));
  }
  if (opts?.downSlopeCheck ?? (!o.legacy && levels === 7))
    withdrawOnDownSlope(out, values, levels === 7 ? season : undefined);
  return out;
}

const DOWN_SLOPE = 'verdict withdrawn: below its 7-period moving average (Rnssp 0.3.1 down-slope check)';

/** Mean of the 7 values ending at position k of `at` (indices into values); null if short or any is null. */
function movingMean7(values: readonly SeriesValue[], at: readonly number[], k: number): number | null {
  if (k < 6) return null;
  let sum = 0;
  for (let j = k - 6; j <= k; j++) {
    const v = values[at[j] as number];
    if (v === null || v === undefined) return null;
    sum += v;
  }
  return sum / 7;
}

function withdrawOnDownSlope(
  out: NsspPoint[],
  values: readonly SeriesValue[],
  weekday?: readonly number[],
): void {
  const all = values.map((_, i) => i);
  const sameDay = new Map<number, number[]>();
  if (weekday) {
    weekday.forEach((d, i) => {
      if (d === 5 || d === 6) {
        const list = sameDay.get(d) ?? [];
        list.push(i);
        sameDay.set(d, list);
      }
    });
  }
  for (const p of out) {
    if (p.level !== 'red' && p.level !== 'yellow') continue;
    const y = p.observed as number;
    const ma7 = movingMean7(values, all, p.index);
    if (ma7 === null || !(y < ma7)) continue;
    const d = weekday?.[p.index];
    if (d === 5 || d === 6) {
      const days = sameDay.get(d) as number[];
      const dayMa7 = movingMean7(values, days, days.indexOf(p.index));
      if (dayMa7 === null || !(y < dayMa7)) continue;
    }
    p.level = 'blue';
    p.alarm = false;
    p.reason = DOWN_SLOPE;
  }
}

/** What the regression needs from a fit: RSS, MSS, TSS and mean of y, forecast and x₀ᵀ(XᵀX)⁻¹x₀ at t. */
interface RegressionFit {
  rss: number;
  mss: number;
  tss: number;
  mean: number;
  forecast: number;
  leverage: number;
}

/** Intercept + trend by the closed form (the monthly/weekly case; no matrix needed). */
function trendFit(win: Window, t: number): RegressionFit {
  const L = win.values.length;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < L; k++) {
    sx += (win.indices[k] as number) - win.start + 1;
    sy += win.values[k] as number;
  }
  const mx = sx / L;
  const my = sy / L;
  let sxx = 0;
  let sxy = 0;
  let tss = 0;
  for (let k = 0; k < L; k++) {
    const dx = (win.indices[k] as number) - win.start + 1 - mx;
    const dy = (win.values[k] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    tss += dy * dy;
  }
  const b = sxy / sxx;
  const a = my - b * mx;
  let rss = 0;
  for (let k = 0; k < L; k++) {
    const e = (win.values[k] as number) - a - b * ((win.indices[k] as number) - win.start + 1);
    rss += e * e;
  }
  const x0 = t - win.start + 1;
  return {
    rss,
    mss: b * b * sxx,
    tss,
    mean: my,
    forecast: a + b * x0,
    leverage: 1 / L + (x0 - mx) ** 2 / sxx,
  };
}

/** Intercept + trend + seasonal dummies by least squares. */
function seasonalFit(
  win: Window,
  t: number,
  row: (time: number, i: number) => number[],
  p: number,
): RegressionFit | null {
  const L = win.values.length;
  const design = win.indices.map((i) => row(i - win.start + 1, i));
  const fit = leastSquares(design, win.values);
  if (!fit) return null;
  let fm = 0;
  for (const f of fit.fitted) fm += f;
  fm /= L;
  let mss = 0;
  for (const f of fit.fitted) mss += (f - fm) * (f - fm);
  let ym = 0;
  for (const v of win.values) ym += v;
  ym /= L;
  let tss = 0;
  for (const v of win.values) tss += (v - ym) * (v - ym);
  const x0 = row(t - win.start + 1, t);
  let forecast = 0;
  for (let i = 0; i < p; i++) forecast += (x0[i] as number) * (fit.beta[i] as number);
  return { rss: fit.rss, mss, tss, mean: ym, forecast, leverage: quadraticForm(fit.unscaledCovariance, x0) };
}

/**
 * The NSSP-ESSENCE regression/EWMA switch as in Rnssp `alert_switch`: run both detectors with the same B
 * and g; where the regression's adjusted R² is at least 0.60 keep its verdict, otherwise (including where
 * the regression could not be fitted) take the EWMA's. `detector` says which one answered.
 */
export function nsspSwitch(values: readonly SeriesValue[], opts?: NsspSwitchOptions): NsspPoint[] {
  const cut = opts?.minAdjustedRSquared ?? 0.6;
  const reg = nsspRegression(values, opts);
  const ewma = nsspEwma(values, opts);
  return reg.map((r, t) => {
    const r2 = r.adjustedRSquared ?? null;
    if (r2 !== null && r2 >= cut) return r;
    const e = ewma[t] as NsspPoint;
    e.adjustedRSquared = r2;
    return e;
  });
}

/** R's `round(x, digits)` for the positive quantiles Rnssp rounds (half away from zero). */
function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.sign(x) * (Math.round(Math.abs(x) * f + 1e-9) / f);
}
