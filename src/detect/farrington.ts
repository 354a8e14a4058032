/**
 * Farrington et al. (1996) and the improved method of Noufaily et al. (2013), as R `surveillance`'s
 * `farrington` (`algo.farrington`) and `farringtonFlexible`.
 *
 * For each evaluated period t a quasi-Poisson log-linear GLM is fitted to a baseline taken from the
 * b previous years:
 *   - noPeriods = 1 (Farrington): the windows t − i·frequency ± w, i = 1..b (plus whatever of the
 *     current window t − w..t is older than `pastWeeksNotIncluded`);
 *   - noPeriods > 1 (Noufaily): every period from t − b·frequency − w up to t − pastWeeksNotIncluded − 1,
 *     with a seasonal factor: level noPeriods for the windows, levels 1..noPeriods − 1 for equal blocks
 *     of the periods between them (R's `blocks`).
 * The model has a time trend when asked for, kept only if b ≥ 3, its p-value is below
 * `pThresholdTrend` and the prediction does not exceed the largest baseline count; past outbreaks are
 * down-weighted by their Anscombe residuals (weight ∝ s⁻² above `weightsThreshold`) and the model
 * refitted; the dispersion is φ = max(Pearson estimate, 1). The upper bound is then
 *   - 'delta' (Farrington): (μ₀^e + z₁₋α·sd)^(1/e) with a power transformation e ('2/3', '1/2', 'none')
 *     and sd from the delta method including the prediction's standard error;
 *   - 'nbPlugin' (Noufaily): the (1 − α) quantile of a negative binomial with mean μ₀ and variance φμ₀
 *     (Poisson when φ = 1);
 *   - 'muan': the same with μ₀ replaced by the (1 − α) quantile of its estimate's normal distribution on
 *     the log scale.
 * An alarm needs observed > threshold and at least limit54[0] cases in the last limit54[1] periods
 * (current one included).
 *
 * `alpha` here is always one-sided, as in `farringtonFlexible`. R's `farrington` uses qnorm(1 − α/2):
 * its alpha = 0.05 is alpha = 0.025 here (see FARRINGTON_1996).
 *
 * Differences from R, on purpose:
 *   - glmWeights 'statistical' (default) fixes two slips of `farringtonFlexible`: after reweighting it
 *     stores the outbreak weights ω in `model$weights`, where the GLM keeps its working weights ω·μ,
 *     so `summary.glm` (trend p-value) and `predict.glm` (standard error) re-estimate the dispersion
 *     as Σ ω r² / df with working residuals r = (y − μ)/μ instead of Σ ω μ r² / df — too small when
 *     the counts exceed 1 (trends pass too easily, bounds too tight), too large below 1; and it passes
 *     φ inside `newdata`, where `predict.glm` ignores it, so the standard error uses that re-estimate
 *     (unfloored) rather than φ. 'statistical' uses the Pearson dispersion for the trend test and φ for
 *     the standard error, as R's original `farrington` does; 'r-compatible' reproduces
 *     `farringtonFlexible`. Neither matters for the plain Noufaily settings (nbPlugin ignores the
 *     standard error, and pThresholdTrend = 1 keeps every trend whatever the dispersion).
 *   - Periods are positions: a year is `frequency` periods (R's sts without epochAsDate), unless
 *     referenceDates is 'calendar' (R's epochAsDate = TRUE; weekly data only).
 *   - Censored (null) values are left out of the baseline, never read as zero. R's `farrington` stops on
 *     a missing baseline value; `farringtonFlexible` drops it, as here.
 *   - Too little history gives `reason: 'not enough history …'` and no verdict; R's `farrington` fits
 *     partial windows with a warning.
 *   - When the "fewer than 5 cases" rule blocks an alarm, expected and threshold are still reported
 *     (R reports NA), with alarm false and the rule as the reason. Missing values in those periods do
 *     not block the rule when the known ones already reach 5 cases (R's sum is NA, so no alarm); when
 *     they could decide it, alarm is null with that reason.
 *   - noPeriods must leave every block between windows at least one period (noPeriods − 1 ≤
 *     frequency − 2w − 1). R accepts up to noPeriods = frequency, and then its `blocks` (a descending
 *     `a:(a − 1)` for an empty block) relabels the first period of each reference window.
 *   - score is the exceedance score (observed − expected)/(threshold − expected) on the count scale for
 *     every method (> 1: above the threshold; null when the threshold is not above the expected value,
 *     as a skewed negative binomial quantile can be). R's nbPlugin/muan score mixes scales,
 *     (y − log μ₀)/(U − log μ₀); with glmWeights 'r-compatible' the alarm uses R's test.
 *     pValue is P(Y ≥ observed) under the predictive distribution, R's `pvalue`.
 */

import { SUPPRESSED } from './detectionPoint.ts';
import { DiscreteTable, pnorm, qnorm, tTestPValue } from './distributions.ts';
import { type GlmData, QuasiPoissonFit } from './glm.ts';
import type { DetectionPoint, SeriesValue } from './types.ts';

export type PowerTransform = '2/3' | '1/2' | 'none';
export type ThresholdMethod = 'delta' | 'nbPlugin' | 'muan';
/** See the module comment: 'statistical' (default) or the `farringtonFlexible` behaviour. */
export type GlmWeights = 'statistical' | 'r-compatible';

export interface FarringtonOptions {
  /** Periods per year: 52 weekly, 12 monthly, 4 quarterly. */
  frequency: number;
  /** Years back (default 5). */
  b?: number;
  /** Window half-width in periods (default 3); 2w + 1 ≤ frequency. */
  w?: number;
  /** Down-weight past outbreaks by Anscombe residuals (default true). */
  reweight?: boolean;
  /** Residuals above this are down-weighted (default 2.58; 1 in Farrington 1996). */
  weightsThreshold?: number;
  /** Try a linear time trend (default true). */
  trend?: boolean;
  /** Keep the trend when its p-value is below this (default 0.05; Noufaily: 1). */
  pThresholdTrend?: number;
  /** One-sided upper-tail probability of the threshold (default 0.05). */
  alpha?: number;
  /** [cases, periods]: no alarm with fewer than `cases` in the last `periods` periods (default [5, 4]). */
  limit54?: readonly [number, number];
  /** Power transformation for 'delta' (default '2/3'). */
  powertrans?: PowerTransform;
  /** Seasonal factor levels; 1 = Farrington windows only (default 1). */
  noPeriods?: number;
  /** Periods before t left out of the baseline (default w; Noufaily: 26 weeks). */
  pastWeeksNotIncluded?: number;
  /** Default 'delta'. */
  thresholdMethod?: ThresholdMethod;
  /** Population per period (same length as the series): fit counts with offset log(population). */
  populationOffset?: readonly number[];
  /** Default 'statistical'. */
  glmWeights?: GlmWeights;
  /** Indices to evaluate, inclusive (default: the whole series). */
  evaluate?: { from?: number; to?: number };
  /**
   * Where the reference windows lie: 'index' (default) i·frequency periods back, R's sts without
   * `epochAsDate`; 'calendar' (weekly data, `dates` required) at the week of the same weekday nearest
   * the same date i years back, R's `epochAsDate = TRUE` — 52 or 53 weeks a year, so the blocks between
   * windows (noPeriods > 1) vary in length with the years.
   */
  referenceDates?: 'index' | 'calendar';
  /** ISO dates (YYYY-MM-DD), one per value, 7 days apart; needed by referenceDates 'calendar'. */
  dates?: readonly string[];
}

/** One period's verdict, with what the GLM used. */
export interface FarringtonPoint extends DetectionPoint {
  /** P(Y ≥ observed) under the predictive distribution (R's `pvalue`). */
  pValue: number | null;
  /** Whether the final model has a time trend. */
  trend: boolean | null;
  /** The trend coefficient on the log scale, per period, when kept. */
  trendCoefficient: number | null;
  /** Dispersion φ = max(Pearson estimate, 1) of the final (reweighted) fit. */
  phi: number | null;
  /** Number of (non-null) baseline values the GLM was fitted to; baselineStart/End give their span. */
  baselineSize: number | null;
}

type Preset = Readonly<Omit<FarringtonOptions, 'frequency' | 'populationOffset' | 'evaluate'>>;

/**
 * R `surveillance::farrington` defaults: b = 5, w = 3, reweight (threshold 1), trend kept at p < 0.05,
 * '2/3' power, delta-method threshold with R's two-sided alpha = 0.05, i.e. one-sided 0.025 here.
 * With glmWeights 'statistical' this reproduces `farrington`.
 */
export const FARRINGTON_1996: Preset = Object.freeze({
  b: 5,
  w: 3,
  reweight: true,
  weightsThreshold: 1,
  trend: true,
  pThresholdTrend: 0.05,
  alpha: 0.025,
  limit54: [5, 4] as const,
  powertrans: '2/3' as const,
  noPeriods: 1,
  thresholdMethod: 'delta' as const,
});

/**
 * Noufaily et al. (2013) settings of `farringtonFlexible` (its help page and the paper): b = 5, w = 3,
 * noPeriods = 10, pastWeeksNotIncluded = 26, weightsThreshold = 2.58, pThresholdTrend = 1, negative
 * binomial plug-in threshold, one-sided alpha = 0.05. Weekly numbers: for monthly data scale
 * pastWeeksNotIncluded (≈ 6) and keep noPeriods − 1 ≤ frequency − 2w − 1.
 */
export const NOUFAILY_2013: Preset = Object.freeze({
  b: 5,
  w: 3,
  reweight: true,
  weightsThreshold: 2.58,
  trend: true,
  pThresholdTrend: 1,
  alpha: 0.05,
  limit54: [5, 4] as const,
  powertrans: '2/3' as const,
  noPeriods: 10,
  pastWeeksNotIncluded: 26,
  thresholdMethod: 'nbPlugin' as const,
});

interface Resolved {
  frequency: number;
  b: number;
  w: number;
  reweight: boolean;
  weightsThreshold: number;
  trend: boolean;
  pThresholdTrend: number;
  alpha: number;
  limitCases: number;
  limitPeriods: number;
  exponent: number;
  noPeriods: number;
  pastWeeksNotIncluded: number;
  thresholdMethod: ThresholdMethod;
  rCompatible: boolean;
  z: number;
  calendar: boolean;
}

/** Farrington / Noufaily over one series; one point per evaluated index. */
export function farrington(values: readonly SeriesValue[], opts: FarringtonOptions): FarringtonPoint[] {
  const o = resolve(opts);
  checkValues(values);
  const population = opts.populationOffset;
  if (population !== undefined) checkPopulation(population, values.length);
  const n = values.length;
  const from = opts.evaluate?.from ?? 0;
  const to = opts.evaluate?.to ?? n - 1;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to >= n || (from > to && n > 0)) {
    throw new RangeError(`invalid evaluate range: ${from}..${to} (series has ${n} values)`);
  }
  const days = o.calendar ? weeklyDays(opts.dates, n) : null;
  const ctx = new Context(values, population, o, days);
  const out: FarringtonPoint[] = [];
  for (let t = from; t <= to; t++) out.push(ctx.evaluate(t));
  return out;
}

/** The GLM's result at one period: what the threshold needs. */
interface Model {
  eta0: number;
  seEta0: number;
  phi: number;
  hasTrend: boolean;
  trendCoef: number | null;
}

/**
 * A Context's buffers, kept for the next call that fits in them: `farrington` runs one Context at a
 * time, start to finish, so one set serves every call (and a series' worth of allocations is saved).
 */
class Buffers {
  readonly capacity: number;
  readonly maxLevels: number;
  readonly seriesLength: number;
  readonly fit: QuasiPoissonFit;
  readonly y: Float64Array;
  readonly level: Int32Array;
  readonly offset: Float64Array;
  readonly logStart: Float64Array;
  readonly ylogy: Float64Array;
  readonly y23: Float64Array;
  readonly timeBuf: Float64Array;
  readonly omega: Float64Array;
  readonly entryK: Int32Array;
  readonly entryLabel: Int32Array;
  readonly levelsSeen: Uint8Array;
  readonly root6: Float64Array;
  readonly seriesY: Float64Array;
  readonly seriesLogStart: Float64Array;
  readonly seriesYlogy: Float64Array;
  readonly seriesY23: Float64Array;
  readonly nullsBefore: Int32Array;
  readonly table = new DiscreteTable();

  constructor(capacity: number, maxLevels: number, seriesLength: number) {
    this.capacity = capacity;
    this.maxLevels = maxLevels;
    this.seriesLength = seriesLength;
    this.fit = new QuasiPoissonFit(capacity, maxLevels);
    this.y = new Float64Array(capacity);
    this.level = new Int32Array(capacity);
    this.offset = new Float64Array(capacity);
    this.logStart = new Float64Array(capacity);
    this.ylogy = new Float64Array(capacity);
    this.y23 = new Float64Array(capacity);
    this.timeBuf = new Float64Array(capacity);
    this.omega = new Float64Array(capacity);
    this.entryK = new Int32Array(capacity);
    this.entryLabel = new Int32Array(capacity);
    this.levelsSeen = new Uint8Array(maxLevels);
    this.root6 = new Float64Array(maxLevels);
    this.seriesY = new Float64Array(seriesLength);
    this.seriesLogStart = new Float64Array(seriesLength);
    this.seriesYlogy = new Float64Array(seriesLength);
    this.seriesY23 = new Float64Array(seriesLength);
    this.nullsBefore = new Int32Array(seriesLength + 1);
  }
}

let spareBuffers: Buffers | null = null;

function buffers(capacity: number, maxLevels: number, seriesLength: number): Buffers {
  const b = spareBuffers;
  if (b !== null && b.capacity >= capacity && b.maxLevels >= maxLevels && b.seriesLength >= seriesLength) {
    return b;
  }
  spareBuffers = new Buffers(
    Math.max(capacity, b?.capacity ?? 0),
    Math.max(maxLevels, b?.maxLevels ?? 0),
    Math.max(seriesLength, b?.seriesLength ?? 0),
  );
  return spareBuffers;
}

class Context {
  private readonly values: readonly SeriesValue[];
  private readonly logPop: Float64Array | null;
  private readonly o: Resolved;
  /** Periods back from t to its earliest baseline period, plus one (depends on t by calendar). */
  private span: number;
  /** Day numbers (days since 1970-01-01) of the periods, for calendar reference weeks; else null. */
  private readonly days: Int32Array | null;
  /** Periods back from t of the reference week i years back, i = 0..b, for the current labels. */
  private readonly offsets: Int32Array;
  private readonly nextOffsets: Int32Array;
  private readonly data: GlmData;
  /** Time of each baseline value relative to t (t = 0); `data.time` points here or is null. */
  private readonly timeBuf: Float64Array;
  private readonly fit: QuasiPoissonFit;
  private readonly omega: Float64Array;
  /** Label of each offset back from t (0..span−1): factor level 0..noPeriods−1, or −1 when not used. */
  private labels: Int32Array;
  /**
   * The baseline positions of the current labels, oldest first: periods back from t (entryK) and level
   * (entryLabel), `entries` of them; their number of levels and of reference-window positions.
   */
  private readonly entryK: Int32Array;
  private readonly entryLabel: Int32Array;
  private entries = 0;
  private entryLevels = 0;
  private entryWindow = 0;
  /** Whether data.level and timeBuf hold the entries as they are (no value missing). */
  private layoutFull = false;
  private readonly y23: Float64Array;
  /** The values as numbers (0 for null), and per-value constants log(y + 0.1), y·log y and y^(2/3). */
  private readonly seriesY: Float64Array;
  private readonly seriesLogStart: Float64Array;
  private readonly seriesYlogy: Float64Array;
  private readonly seriesY23: Float64Array;
  /** Number of null values before each index. */
  private readonly nullsBefore: Int32Array;
  private readonly levelsSeen: Uint8Array;
  /** e^(−c_l/6) per level for the Anscombe residuals. */
  private readonly root6: Float64Array;
  /** Refilled for each period's negative binomial or Poisson threshold. */
  private readonly table: DiscreteTable;
  /** Number of factor levels with baseline values, the largest baseline value and the span of the
   * baseline (set by collect). */
  private levels = 0;
  private maxY = 0;
  private baselineStart = 0;
  private baselineEnd = 0;

  constructor(
    values: readonly SeriesValue[],
    population: readonly number[] | undefined,
    o: Resolved,
    days: Int32Array | null,
  ) {
    this.values = values;
    this.o = o;
    this.days = days;
    this.logPop = population === undefined ? null : Float64Array.from(population, Math.log);
    this.offsets = new Int32Array(o.b + 1);
    for (let i = 0; i <= o.b; i++) this.offsets[i] = i * o.frequency;
    this.nextOffsets = new Int32Array(o.b + 1);
    this.span = o.b * o.frequency + o.w + 1;
    // By calendar a year is 52 or 53 weeks back.
    const cap = days === null ? this.span : o.b * (o.frequency + 1) + o.w + 1;
    const b = buffers(cap, o.noPeriods, values.length);
    this.timeBuf = b.timeBuf;
    this.data = {
      n: 0,
      y: b.y,
      level: b.level,
      nLevels: o.noPeriods,
      time: null,
      offset: this.logPop === null ? null : b.offset,
      priorWeights: null,
      logStart: b.logStart,
      ylogy: b.ylogy,
    };
    this.y23 = b.y23;
    this.entryK = b.entryK;
    this.entryLabel = b.entryLabel;
    this.seriesY = b.seriesY;
    this.seriesLogStart = b.seriesLogStart;
    this.seriesYlogy = b.seriesYlogy;
    this.seriesY23 = b.seriesY23;
    this.nullsBefore = b.nullsBefore;
    let nulls = 0;
    for (let i = 0; i < values.length; i++) {
      this.nullsBefore[i] = nulls;
      const v = values[i];
      if (v === null || v === undefined) {
        nulls++;
        this.seriesY[i] = 0;
        continue;
      }
      this.seriesY[i] = v;
      this.seriesLogStart[i] = Math.log(v + 0.1);
      this.seriesYlogy[i] = v > 0 ? v * Math.log(v) : 0;
      const c = Math.cbrt(v);
      this.seriesY23[i] = c * c;
    }
    this.nullsBefore[values.length] = nulls;
    this.fit = b.fit;
    this.omega = b.omega;
    this.levelsSeen = b.levelsSeen;
    this.root6 = b.root6;
    this.table = b.table;
    this.labels = blockLabels(o, this.offsets);
    this.listEntries();
  }

  evaluate(t: number): FarringtonPoint {
    const { o, values } = this;
    const x = values[t] ?? null;
    const point: FarringtonPoint = {
      index: t,
      observed: x,
      expected: null,
      threshold: null,
      score: null,
      alarm: null,
      baselineStart: null,
      baselineEnd: null,
      reason: null,
      pValue: null,
      trend: null,
      trendCoefficient: null,
      phi: null,
      baselineSize: null,
    };
    if (this.days !== null) this.calendarLabels(t);
    if (t + 1 < this.span) {
      point.reason = `not enough history (needs ${this.span} periods, has ${t + 1})`;
      return point;
    }
    const baseline = this.collect(t);
    if (baseline !== null) {
      point.reason = baseline;
      return point;
    }
    point.baselineSize = this.data.n;
    point.baselineStart = this.baselineStart;
    point.baselineEnd = this.baselineEnd;

    const model = this.model(t);
    if (typeof model === 'string') {
      point.reason = model;
      return point;
    }
    point.phi = model.phi;
    point.trend = model.hasTrend;
    point.trendCoefficient = model.trendCoef;

    const mu0 = Math.exp(model.eta0);
    point.expected = mu0;
    const th = this.threshold(model, mu0, x);
    if (th === null) {
      point.reason = 'predicted mean is infinite';
      return point;
    }
    point.threshold = th.upper;
    point.pValue = th.pValue;
    if (th.upper > mu0 && x !== null) point.score = (x - mu0) / (th.upper - mu0);
    if (x === null) {
      point.reason = SUPPRESSED;
      return point;
    }
    // Farrington's rule: no alarm with fewer than `cases` in the last `periods` periods (t included).
    let sum = 0;
    let censored = 0;
    for (let i = Math.max(0, t - o.limitPeriods + 1); i <= t; i++) {
      const v = values[i];
      if (v === null || v === undefined) censored++;
      else sum += v;
    }
    if (sum < o.limitCases) {
      if (censored > 0) {
        point.reason = `cannot apply the fewer-than-${o.limitCases}-cases rule: suppressed or missing values in the last ${o.limitPeriods} periods`;
      } else {
        point.alarm = false;
        point.reason = `fewer than ${o.limitCases} cases in the last ${o.limitPeriods} periods`;
      }
      return point;
    }
    if (o.rCompatible && o.thresholdMethod !== 'delta') {
      // farringtonFlexible's test X > 1 with X = (y − η₀)/(U − η₀), η₀ on the log scale.
      point.alarm = (x - model.eta0) / (th.upper - model.eta0) > 1 && x !== 0;
    } else {
      point.alarm = x > th.upper;
    }
    return point;
  }

  /** Labels for t by calendar: reference weeks at the same weekday nearest the same date i years back. */
  private calendarLabels(t: number): void {
    const { o, offsets, nextOffsets } = this;
    calendarOffsets(this.days as Int32Array, t, o.b, nextOffsets);
    let same = true;
    for (let i = 0; i <= o.b; i++) same &&= offsets[i] === nextOffsets[i];
    if (same) return;
    offsets.set(nextOffsets);
    this.span = (offsets[o.b] as number) + o.w + 1;
    this.labels = blockLabels(o, offsets);
    this.listEntries();
  }

  /** The baseline positions of the current labels (see `entryK`). */
  private listEntries(): void {
    const { o, labels, entryK, entryLabel } = this;
    const seen = this.levelsSeen.fill(0);
    let m = 0;
    let window = 0;
    for (let k = this.span - 1; k > o.pastWeeksNotIncluded; k--) {
      const label = labels[k] as number;
      if (label < 0) continue;
      entryK[m] = k;
      entryLabel[m] = label;
      if (label === o.noPeriods - 1) window++;
      seen[label] = 1;
      m++;
    }
    let levels = 0;
    for (const s of seen) levels += s;
    this.entries = m;
    this.entryLevels = levels;
    this.entryWindow = window;
    this.layoutFull = false;
  }

  /** Fills `data` with the baseline of t; returns why there is none, or null. */
  private collect(t: number): string | null {
    const { o, data, entryK, entryLabel, timeBuf, y23, seriesY, seriesLogStart, seriesYlogy, seriesY23 } =
      this;
    const m = this.entries;
    const logStart = data.logStart as Float64Array;
    const ylogy = data.ylogy as Float64Array;
    const offset = data.offset;
    const logPop = this.logPop;
    const first = m > 0 ? t - (entryK[0] as number) : t;
    const last = m > 0 ? t - (entryK[m - 1] as number) : t;
    if (m > 0 && this.nullsBefore[last + 1] === this.nullsBefore[first]) {
      // No value missing: every entry, with the levels and times of the last such period.
      const y = data.y;
      let maxY = 0;
      for (let j = 0; j < m; j++) {
        const i = t - (entryK[j] as number);
        const v = seriesY[i] as number;
        y[j] = v;
        if (v > maxY) maxY = v;
        logStart[j] = seriesLogStart[i] as number;
        ylogy[j] = seriesYlogy[i] as number;
        y23[j] = seriesY23[i] as number;
      }
      if (offset !== null && logPop !== null) {
        for (let j = 0; j < m; j++) offset[j] = logPop[t - (entryK[j] as number)] as number;
      }
      if (!this.layoutFull) {
        for (let j = 0; j < m; j++) {
          data.level[j] = entryLabel[j] as number;
          timeBuf[j] = -(entryK[j] as number);
        }
      }
      this.layoutFull = true;
      data.n = m;
      this.maxY = maxY;
      this.baselineStart = first;
      this.baselineEnd = last;
      return this.checkBaseline(m, this.entryWindow, this.entryLevels);
    }
    this.layoutFull = false;
    let n = 0;
    let windowValues = 0;
    let maxY = 0;
    const levelsSeen = this.levelsSeen.fill(0);
    for (let j = 0; j < m; j++) {
      const k = entryK[j] as number;
      const label = entryLabel[j] as number;
      const i = t - k;
      if (this.nullsBefore[i + 1] !== this.nullsBefore[i]) continue; // values[i] is null
      if (n === 0) this.baselineStart = i;
      this.baselineEnd = i;
      const v = seriesY[i] as number;
      data.y[n] = v;
      maxY = Math.max(maxY, v);
      data.level[n] = label;
      timeBuf[n] = -k;
      logStart[n] = seriesLogStart[i] as number;
      ylogy[n] = seriesYlogy[i] as number;
      y23[n] = seriesY23[i] as number;
      if (offset !== null && logPop !== null) offset[n] = logPop[i] as number;
      if (label === o.noPeriods - 1) windowValues++;
      levelsSeen[label] = 1;
      n++;
    }
    data.n = n;
    this.maxY = maxY;
    let levels = 0;
    for (const s of levelsSeen) levels += s;
    return this.checkBaseline(n, windowValues, levels);
  }

  private checkBaseline(n: number, windowValues: number, levels: number): string | null {
    if (windowValues === 0) return 'no non-missing baseline values in the reference windows';
    this.levels = levels;
    if (n <= levels) return `too few baseline values (needs more than ${levels}, has ${n})`;
    return null;
  }

  /** Fit, reweight, decide on the trend, predict at t. */
  private model(t: number): Model | string {
    const { o, fit, data } = this;
    const off = this.logPop === null ? 0 : (this.logPop[t] as number);
    const p = o.noPeriods - 1;
    // A trend needs a residual degree of freedom beyond the levels.
    const tryTrend = o.trend && data.n > this.levels + 1;
    let fitted = this.fitFlexible(tryTrend);
    if (fitted === null) return this.nonConvergence();
    let hasTrend = false;
    if (fit.hasTime) {
      const disp = this.trendDispersion();
      const pValue = tTestPValue(fit.timeCoef / Math.sqrt(disp * fit.covTime), fit.dfResidual);
      const significant = pValue < o.pThresholdTrend;
      const predicted = Math.exp(fit.linkPredict(p, 0) + off);
      hasTrend = o.b >= 3 && significant && predicted <= this.maxY;
      if (!hasTrend) {
        fitted = this.fitFlexible(false);
        if (fitted === null) return this.nonConvergence();
      }
    }
    const phi = fitted.phi;
    const unscaled = fit.unscaledVariance(p, 0);
    // Standard error of the linear predictor: φ (statistical, as R's farrington) or, as
    // farringtonFlexible's predict.glm, the dispersion re-estimated from model$weights.
    const seDisp = o.rCompatible ? this.storedWeightsDispersion() : phi;
    return {
      eta0: fit.linkPredict(p, 0) + off,
      seEta0: Math.sqrt(seDisp * unscaled),
      phi,
      hasTrend,
      trendCoef: hasTrend ? fit.timeCoef : null,
    };
  }

  private nonConvergence(): string {
    const { data } = this;
    for (let i = 0; i < data.n; i++) if ((data.y[i] as number) !== 0) return 'GLM did not converge';
    return 'GLM did not converge (all baseline values are zero)';
  }

  /**
   * R's algo.farrington.fitGLM.flexible: fit (falling back to no trend when the trend fit does not
   * converge), φ = max(dispersion, 1), then Anscombe reweighting and a refit. Leaves the final fit in
   * `this.fit` and the weights in `this.omega`; null when no fit converged.
   */
  private fitFlexible(withTrend: boolean): { phi: number } | null {
    const { o, fit, data, omega } = this;
    data.priorWeights = null;
    data.time = withTrend ? this.timeBuf : null;
    let ok = fit.fit(data);
    if (!ok && withTrend) {
      data.time = null;
      ok = fit.fit(data);
    }
    if (!ok) return null;
    let phi = Math.max(fit.dispersion(), 1);
    if (!o.reweight) return { phi };
    // Anscombe residuals s = 3/2 (y^(2/3) μ^(−1/6) − μ^(1/2)) / sqrt(φ (1 − h)), with the hat values
    // h = w x'(X'WX)⁻¹x of `hatValues` formed here.
    const n = data.n;
    const { weights, covLevel, covLevelTime, covTime } = fit;
    const hasTime = fit.hasTime;
    const wt2 = o.weightsThreshold * o.weightsThreshold;
    // μ^(−1/6) = e^(−η/6): without an offset, e^(−c_l/6) per level times e^(−βt/6) by products along
    // consecutive times (restarted after a gap and every 16 values), instead of an exponential per value.
    const tabulated = data.offset === null;
    const eta = tabulated ? null : fit.eta;
    const root6 = this.root6;
    for (let l = 0; l < o.noPeriods; l++) root6[l] = Math.exp(-(fit.levelCoef[l] as number) / 6);
    const slope6 = fit.hasTime && data.time !== null ? -fit.timeCoef / 6 : 0;
    const step6 = Math.exp(slope6);
    const time = data.time ?? this.timeBuf;
    let e6 = 1;
    let tPrev = Number.NaN;
    let denom = 0;
    for (let i = 0; i < n; i++) {
      const mu = fit.mu[i] as number;
      if (slope6 !== 0) {
        const t = time[i] as number;
        e6 = t === tPrev + 1 && (i & 15) !== 0 ? e6 * step6 : Math.exp(slope6 * t);
        tPrev = t;
      }
      const l = data.level[i] as number;
      const muRoot6 = tabulated
        ? (root6[l] as number) * e6
        : Math.exp(-((eta as Float64Array)[i] as number) / 6);
      const cov = covLevel[l] as number;
      const tt = time[i] as number;
      const h =
        (weights[i] as number) *
        (hasTime ? cov + 2 * tt * (covLevelTime[l] as number) + tt * tt * covTime : cov);
      const oneMinusH = 1 - h;
      // h = 1 (a level with one value) fits the value exactly: no evidence of an outbreak.
      // s > threshold and 1/s² without the square root of φ(1 − h): s² = 2.25·a²/(φ(1 − h)).
      const sqrtMu = Math.sqrt(mu);
      const a = oneMinusH > 1e-10 ? (this.y23[i] as number) * muRoot6 - sqrtMu : 0;
      const scale = phi * oneMinusH;
      const s2 = (2.25 * a * a) / scale;
      const v = a > 0 && s2 > wt2 ? 1 / s2 : 1;
      omega[i] = v;
      denom += v;
    }
    const gamma = n / denom;
    for (let i = 0; i < n; i++) omega[i] = (omega[i] as number) * gamma;
    // The refit's convergence is not checked, as in R. It restarts from y + 0.1 as R does: a warm start
    // from the first fit halves its iterations but moves the estimates within R's convergence tolerance
    // (|Δdeviance| / deviance < 1e-8 leaves relative errors near 1e-5), and exact agreement is worth more.
    data.priorWeights = omega;
    fit.fit(data);
    phi = Math.max(fit.dispersion(), 1);
    return { phi };
  }

  /** Dispersion for the trend's t test. */
  private trendDispersion(): number {
    return this.o.rCompatible ? this.storedWeightsDispersion() : this.fit.dispersion();
  }

  /** farringtonFlexible's summary.glm dispersion: Σ ω r² / df with ω in place of the working weights. */
  private storedWeightsDispersion(): number {
    // After reweighting the last fit's prior weights are ω.
    return this.o.reweight ? this.fit.priorWeightsDispersion() : this.fit.dispersion();
  }

  private threshold(
    m: Model,
    mu0: number,
    x: number | null,
  ): { upper: number; pValue: number | null } | null {
    const { o } = this;
    if (o.thresholdMethod === 'delta') {
      const seMu = m.seEta0 * mu0; // delta method on the response scale
      const tau = m.phi + (seMu * seMu) / mu0;
      const e = o.exponent;
      const sd =
        e === 1
          ? Math.sqrt(mu0 * tau)
          : e === 0.5
            ? Math.sqrt(0.25 * tau)
            : Math.sqrt((4 / 9) * Math.cbrt(mu0) * tau);
      const center = e === 1 ? mu0 : e === 0.5 ? Math.sqrt(mu0) : Math.cbrt(mu0 * mu0);
      const upper = (center + o.z * sd) ** (1 / e);
      const pValue = x === null ? null : pnorm(transform(x, e), center, sd, true);
      return { upper, pValue };
    }
    const mu = o.thresholdMethod === 'nbPlugin' ? mu0 : Math.exp(m.eta0 + o.z * m.seEta0);
    if (!Number.isFinite(mu)) return null;
    // NB with mean μ and variance φμ (size μ/(φ − 1), prob 1/φ); Poisson when φ = 1.
    const table =
      m.phi > 1 && mu > 0
        ? this.table.setNegBinomial(mu / (m.phi - 1), 1 / m.phi)
        : this.table.setPoisson(mu);
    return { upper: table.quantile(1 - o.alpha), pValue: x === null ? null : table.upperTail(x) };
  }
}

function transform(x: number, e: number): number {
  return e === 1 ? x : e === 0.5 ? Math.sqrt(x) : Math.cbrt(x * x);
}

/**
 * Factor level (0-based; noPeriods − 1 = the reference windows) of each position k = 0..span−1 periods
 * back from t, or −1 when the position is not in the model — R's `blocks`. `offsets[i]`: periods back
 * from t of the reference period i years back (offsets[0] = 0).
 */
function blockLabels(o: Resolved, offsets: Int32Array): Int32Array {
  const span = (offsets[o.b] as number) + o.w + 1;
  const labels = new Int32Array(span).fill(-1);
  const p = o.noPeriods;
  for (let k = 0; k <= o.w; k++) labels[k] = p - 1; // the current window t − w..t
  for (let i = 1; i <= o.b; i++) {
    const centre = offsets[i] as number;
    for (let k = centre - o.w; k <= centre + o.w; k++) labels[k] = p - 1;
    if (p === 1) continue;
    // The periods between this year's window and the next one's: p − 1 blocks, the first ones one
    // longer when they do not divide evenly (R's blocks()).
    const period = centre - (offsets[i - 1] as number) - 2 * o.w - 1;
    const len = Math.floor(period / (p - 1));
    const rest = period % (p - 1);
    let k = centre - o.w - 1; // the period after the window, counted back from t
    for (let j = 1; j <= p - 1; j++) {
      const l = len + (j <= rest ? 1 : 0);
      for (let s = 0; s < l; s++) labels[k--] = j - 1;
    }
  }
  return labels;
}

function resolve(opts: FarringtonOptions): Resolved {
  const frequency = opts.frequency;
  const b = opts.b ?? 5;
  const w = opts.w ?? 3;
  const noPeriods = opts.noPeriods ?? 1;
  const pastWeeksNotIncluded = opts.pastWeeksNotIncluded ?? w;
  const alpha = opts.alpha ?? 0.05;
  const weightsThreshold = opts.weightsThreshold ?? 2.58;
  const pThresholdTrend = opts.pThresholdTrend ?? 0.05;
  const [limitCases, limitPeriods] = opts.limit54 ?? [5, 4];
  const powertrans = opts.powertrans ?? '2/3';
  const thresholdMethod = opts.thresholdMethod ?? 'delta';
  const glmWeights = opts.glmWeights ?? 'statistical';
  const int = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min)
      throw new RangeError(`invalid ${name}: ${v} (expected an integer ≥ ${min})`);
  };
  int('frequency', frequency, 2);
  int('b', b, 1);
  int('w', w, 0);
  int('noPeriods', noPeriods, 1);
  int('pastWeeksNotIncluded', pastWeeksNotIncluded, 0);
  int('limit54 periods', limitPeriods, 1);
  if (2 * w + 1 > frequency) {
    throw new RangeError(
      `invalid w: ${w} (windows of 2w + 1 = ${2 * w + 1} periods overlap with frequency ${frequency})`,
    );
  }
  if (noPeriods > 1 && noPeriods - 1 > frequency - 2 * w - 1) {
    // R's blocks() then makes empty blocks, and its descending `a:(a − 1)` relabels window periods.
    throw new RangeError(
      `invalid noPeriods: ${noPeriods} (at most ${frequency - 2 * w} with frequency ${frequency} and w ${w}, so that every block between windows has a period)`,
    );
  }
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`invalid alpha: ${alpha} (expected 0 < alpha < 1)`);
  if (!(weightsThreshold > 0)) throw new RangeError(`invalid weightsThreshold: ${weightsThreshold}`);
  if (!(pThresholdTrend >= 0 && pThresholdTrend <= 1))
    throw new RangeError(`invalid pThresholdTrend: ${pThresholdTrend}`);
  if (!(limitCases >= 0) || !Number.isFinite(limitCases))
    throw new RangeError(`invalid limit54 cases: ${limitCases}`);
  const exponent =
    powertrans === '2/3' ? 2 / 3 : powertrans === '1/2' ? 0.5 : powertrans === 'none' ? 1 : Number.NaN;
  if (Number.isNaN(exponent)) throw new RangeError(`invalid powertrans: ${String(powertrans)}`);
  if (!['delta', 'nbPlugin', 'muan'].includes(thresholdMethod)) {
    throw new RangeError(`invalid thresholdMethod: ${String(thresholdMethod)}`);
  }
  if (glmWeights !== 'statistical' && glmWeights !== 'r-compatible') {
    throw new RangeError(`invalid glmWeights: ${String(glmWeights)}`);
  }
  const referenceDates = opts.referenceDates ?? 'index';
  if (referenceDates !== 'index' && referenceDates !== 'calendar') {
    throw new RangeError(
      `invalid referenceDates: ${String(referenceDates)} (expected 'index' or 'calendar')`,
    );
  }
  if (referenceDates === 'calendar' && frequency !== 52) {
    throw new RangeError(
      `referenceDates 'calendar' needs weekly data (frequency 52), got frequency ${frequency}`,
    );
  }
  return {
    frequency,
    b,
    w,
    reweight: opts.reweight ?? true,
    weightsThreshold,
    trend: opts.trend ?? true,
    pThresholdTrend,
    alpha,
    limitCases,
    limitPeriods,
    exponent,
    noPeriods,
    pastWeeksNotIncluded,
    thresholdMethod,
    rCompatible: glmWeights === 'r-compatible',
    z: qnorm(1 - alpha),
    calendar: referenceDates === 'calendar',
  };
}

const DAY_MS = 86_400_000;

/** Day numbers of weekly ISO dates, checked: one per value, each 7 days after the one before. */
function weeklyDays(dates: readonly string[] | undefined, n: number): Int32Array {
  if (!Array.isArray(dates) || dates.length !== n) {
    throw new RangeError(
      `referenceDates 'calendar' needs dates: one ISO date per value (expected ${n}, got ${dates?.length ?? 'none'})`,
    );
  }
  const days = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = dates[i];
    const m = typeof s === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) : null;
    const ms = m === null ? Number.NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (m === null || new Date(ms).toISOString().slice(0, 10) !== s) {
      throw new RangeError(`invalid date at index ${i}: ${String(s)} (expected YYYY-MM-DD)`);
    }
    days[i] = ms / DAY_MS;
    if (i > 0 && days[i] !== (days[i - 1] as number) + 7) {
      throw new RangeError(
        `invalid date at index ${i}: ${s} (expected 7 days after ${dates[i - 1]}: weekly data without gaps)`,
      );
    }
  }
  return days;
}

/**
 * R's algo.farrington.referencetimepoints with epochAsDate: the same date i years back (29 February
 * becomes 1 March, as R's seq by "-1 year"), moved to the nearest day of t's weekday; as periods back
 * from t.
 */
function calendarOffsets(days: Int32Array, t: number, b: number, out: Int32Array): void {
  const day = days[t] as number;
  const date = new Date(day * DAY_MS);
  const weekday = (d: number) => (((d + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  out[0] = 0;
  for (let i = 1; i <= b; i++) {
    const back = new Date(0);
    back.setUTCFullYear(date.getUTCFullYear() - i, date.getUTCMonth(), date.getUTCDate());
    const ref = back.getTime() / DAY_MS;
    const forward = (weekday(day) - weekday(ref) + 7) % 7;
    const nearest = forward <= 3 ? ref + forward : ref + forward - 7;
    out[i] = (day - nearest) / 7;
  }
}

function checkValues(values: readonly SeriesValue[]): void {
  if (!Array.isArray(values)) throw new TypeError(`invalid series: expected an array, got ${typeof values}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      throw new TypeError(`invalid value at index ${i}: ${String(v)} (expected a finite count ≥ 0 or null)`);
    }
  }
}

function checkPopulation(population: readonly number[], n: number): void {
  if (!Array.isArray(population) || population.length !== n) {
    throw new RangeError(`invalid populationOffset: expected ${n} values, got ${population?.length}`);
  }
  for (let i = 0; i < n; i++) {
    const v = population[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new RangeError(`invalid population at index ${i}: ${String(v)} (expected a finite number > 0)`);
    }
  }
}
