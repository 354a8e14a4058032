/**
 * CDC EARS C1, C2 and C3 (Hutwagner et al. 2003): each period is compared with the mean and sample SD
 * (n − 1) of a short moving baseline. C1 uses t-7..t-1, C2 t-9..t-3 (2-period guard band).
 *
 * Two definitions, chosen by `definition`:
 *
 * - `'cdc'` (default): C1/C2 alarm when (x − mean)/sigma > z (z = 3); C3_t = Σ_{i=t-2..t} max(0, C2_i − 1)
 *   alarms when > h (h = 2), and its threshold is the x_t at which C3_t would equal h.
 * - `'r-surveillance'`: R `surveillance::earsC` (checked against 1.20.3). z = qnorm(1 − alpha) with a
 *   ONE-sided alpha whose default depends on the method, as in R when `alpha` is not set: 0.001 for C1/C2
 *   (z = 3.090232), 0.025 for C3 (z = 1.959964). C1/C2 upper bound = mean + z·max(sd, minSigma) — the same
 *   formula as CDC's with another z. C3's upper bound is built from the OBSERVED count:
 *     upperbound_t = max(0, x_t + max(sd_t, minSigma)·(z − S_t)),  S_t = Σ_{i=t-2..t-1} max(0, C2_i − 1),
 *   with C2_i = (x_i − mean_i)/max(sd_i, minSigma) and sd_t the SD of C2's baseline at t. The alarm
 *   x_t > upperbound_t is therefore S_t > z for x_t > 0 (the current period's own C2 term is left out, and
 *   x_t = 0 never alarms). Zero-variance baselines follow R's IEEE arithmetic (±Inf, NaN); where R's
 *   upper bound is NaN (R alarm NA) the point has no verdict.
 *
 * Score: (x − mean)/sigma for C1/C2; the C3 statistic for CDC C3; S_t (the sum R compares with z) for R's C3.
 * Baseline reported: t-7..t-1 (C1), t-9..t-3 (C2), t-11..t-3 (C3: the C2 windows of t-2, t-1 and t).
 *
 * Censored values (null) are never zero: a baseline window that contains one is incomplete, so the period
 * gets no verdict ("not enough history (needs 7 periods, has 6)") — R returns NA there too. A null observed
 * value keeps expected (and, for C1/C2, threshold) but has no verdict.
 */
import { detectionPoint, SUPPRESSED, unevaluated } from './detectionPoint.ts';
import { qnorm } from './distributions.ts';
import type { DetectionPoint, SeriesValue } from './types.ts';

export type EarsDefinition = 'cdc' | 'r-surveillance';

export interface EarsOptions {
  /** Baseline length in periods (default 7; at least 3, as in R surveillance). */
  baseline?: number;
  /** 'cdc' (default) or 'r-surveillance' (R `surveillance::earsC` 1.20.3). */
  definition?: EarsDefinition;
  /** CDC only: C1/C2 alarm when (x − mean) / sigma > z (default 3). */
  z?: number;
  /** CDC only: C3 alarm when the C3 statistic > h (default 2). */
  h?: number;
  /**
   * R only: one-sided type I error, z = qnorm(1 − alpha). Default as R's earsC when `alpha` is not in its
   * control list: 0.001 for C1 and C2, 0.025 for C3.
   */
  alpha?: number;
  /** Floor for sigma, e.g. 1 for sparse counts (default 0). */
  minSigma?: number;
}

type Method = 'C1' | 'C2' | 'C3';

interface Resolved {
  baseline: number;
  definition: EarsDefinition;
  z: number;
  h: number;
  minSigma: number;
}

/** Per-period baseline statistics (struct of arrays, so that 10,000 series stay cheap). */
interface Windows {
  /** 1 when the window lies inside the series and holds no censored value. */
  ok: Uint8Array;
  /** Number of non-null values in the window (for the "not enough history" reason). */
  has: Int32Array;
  mean: Float64Array;
  sigma: Float64Array;
  lag: number;
}

const ZERO_VARIANCE = 'zero variance baseline';
/** Guard band of C2/C3: the baseline ends 3 periods before t (t-9..t-3 for a 7-period baseline). */
const C2_LAG = 3;

export function earsC1(values: readonly SeriesValue[], opts?: EarsOptions): DetectionPoint[] {
  const o = resolveOptions(opts, 'C1');
  checkValues(values);
  return shewhart(values, o, windowStats(values, 1, o));
}

export function earsC2(values: readonly SeriesValue[], opts?: EarsOptions): DetectionPoint[] {
  const o = resolveOptions(opts, 'C2');
  checkValues(values);
  return shewhart(values, o, windowStats(values, C2_LAG, o));
}

export function earsC3(values: readonly SeriesValue[], opts?: EarsOptions): DetectionPoint[] {
  const o = resolveOptions(opts, 'C3');
  checkValues(values);
  const w = windowStats(values, C2_LAG, o);
  return c3(values, o, w);
}

function historyReason(w: Windows, o: Resolved, t: number): string {
  return `not enough history (needs ${o.baseline} periods, has ${w.has[t]})`;
}

/** C1 (lag 1: baseline t-7..t-1) and C2 (lag 3: baseline t-9..t-3); identical formulas in both definitions. */
function shewhart(values: readonly SeriesValue[], o: Resolved, w: Windows): DetectionPoint[] {
  const out: DetectionPoint[] = new Array(values.length);
  for (let t = 0; t < values.length; t++) {
    const x = values[t] as SeriesValue;
    if (w.ok[t] === 0) {
      out[t] = unevaluated(t, x, historyReason(w, o, t));
      continue;
    }
    const mean = w.mean[t] as number;
    const sigma = w.sigma[t] as number;
    const end = t - w.lag;
    const threshold = mean + o.z * sigma;
    if (x === null) {
      out[t] = detectionPoint(t, x, mean, threshold, null, null, end - o.baseline + 1, end, SUPPRESSED);
    } else if (sigma === 0) {
      // R surveillance: with sigma 0 the upper bound is the mean itself, so any rise alarms.
      out[t] = detectionPoint(
        t,
        x,
        mean,
        threshold,
        null,
        x > mean,
        end - o.baseline + 1,
        end,
        ZERO_VARIANCE,
      );
    } else {
      const score = (x - mean) / sigma;
      out[t] = detectionPoint(t, x, mean, threshold, score, score > o.z, end - o.baseline + 1, end, null);
    }
  }
  return out;
}

/**
 * C3 under either definition, one loop (one call a period would cost C3 a tenth of its speed):
 * - CDC: C3_t = Σ_{i=t-2..t} max(0, C2_i − 1) > h.
 * - R `surveillance::earsC`: upperbound = max(0, x_t + sd_t·(z − S_t)), alarm x_t > upperbound.
 */
function c3(values: readonly SeriesValue[], o: Resolved, w: Windows): DetectionPoint[] {
  const out: DetectionPoint[] = new Array(values.length);
  const cdc = o.definition === 'cdc';
  for (let t = 0; t < values.length; t++) {
    const x = values[t] as SeriesValue;
    if (w.ok[t] === 0) {
      out[t] = unevaluated(t, x, historyReason(w, o, t));
      continue;
    }
    const blocked = firstBlocked(values, w, o, t);
    if (blocked?.kind === 'history') {
      out[t] = unevaluated(t, x, blocked.reason);
      continue;
    }
    const mean = w.mean[t] as number;
    const sigma = w.sigma[t] as number;
    const end = t - C2_LAG;
    const start = end - o.baseline + 1;
    if (cdc) {
      if (blocked) {
        // An earlier period is censored: its C2 term is unknown, so is the threshold.
        const reason = x === null ? SUPPRESSED : blocked.reason;
        out[t] = detectionPoint(t, x, mean, null, null, null, start, end, reason);
        continue;
      }
      // Σ max(0, C2_i − 1) over i = t-2, t-1; Infinity when a zero-variance baseline was exceeded.
      const previous = cdcTerm(values, w, t - 2) + cdcTerm(values, w, t - 1);
      // Threshold x* = mean + sigma·(1 + max(0, h − previous)): solving h = previous + ((x* − mean)/sigma − 1)
      // for x*, capped at mean + sigma because below that x_t adds nothing to C3; so when previous ≥ h the
      // verdict no longer depends on x_t (previous > h alarms even with x_t ≤ threshold).
      const threshold = mean + sigma * (1 + Math.max(0, o.h - previous));
      if (x === null) {
        out[t] = detectionPoint(t, x, mean, threshold, null, null, start - 2, end, SUPPRESSED);
        continue;
      }
      const current =
        sigma === 0 ? (x > mean ? Number.POSITIVE_INFINITY : 0) : Math.max(0, (x - mean) / sigma - 1);
      const c3 = previous + current;
      const exact = sigma !== 0 && Number.isFinite(c3);
      out[t] = detectionPoint(
        t,
        x,
        mean,
        threshold,
        exact ? c3 : null,
        c3 > o.h,
        start - 2,
        end,
        exact ? null : ZERO_VARIANCE,
      );
      continue;
    }
    if (blocked || x === null) {
      // R: the upper bound is built from x_t and the C2 terms of t-2 and t-1, so any NA among them is NA.
      const reason = x === null ? SUPPRESSED : (blocked?.reason ?? SUPPRESSED);
      out[t] = detectionPoint(t, x, mean, null, null, null, start - 2, end, reason);
      continue;
    }
    // IEEE arithmetic as in R: (x − mean)/0 is ±Inf or NaN, Math.max(0, NaN) is NaN like pmax(0, NaN).
    const s = rTerm(values, w, t - 2) + rTerm(values, w, t - 1);
    const upper = Math.max(0, x + sigma * (o.z - s));
    if (Number.isNaN(upper)) {
      out[t] = detectionPoint(t, x, mean, null, null, null, start - 2, end, ZERO_VARIANCE);
    } else if (!Number.isFinite(s) || sigma === 0) {
      out[t] = detectionPoint(t, x, mean, upper, null, x > upper, start - 2, end, ZERO_VARIANCE);
    } else {
      out[t] = detectionPoint(t, x, mean, upper, s, x > upper, start - 2, end, null);
    }
  }
  return out;
}

interface Blocked {
  /** 'history': the earlier period has no full baseline, so neither has C3 at t. */
  kind: 'history' | 'suppressed';
  reason: string;
}

/** Why the C2 term of t-2 or t-1 (checked in that order) cannot be computed, or null when both can. */
function firstBlocked(values: readonly SeriesValue[], w: Windows, o: Resolved, t: number): Blocked | null {
  return blockedAt(values, w, o, t - 2, 't-2') ?? blockedAt(values, w, o, t - 1, 't-1');
}

function blockedAt(
  values: readonly SeriesValue[],
  w: Windows,
  o: Resolved,
  i: number,
  at: string,
): Blocked | null {
  if (i < 0 || w.ok[i] === 0) {
    const detail = i < 0 ? '' : ` (needs ${o.baseline} periods, has ${w.has[i]})`;
    return { kind: 'history', reason: `not enough history for C2 at ${at}${detail}` };
  }
  if (values[i] === null) return { kind: 'suppressed', reason: `C3 needs C2 at ${at}: ${SUPPRESSED}` };
  return null;
}

/** CDC: max(0, C2_i − 1), Infinity when a zero-variance baseline was exceeded. */
function cdcTerm(values: readonly SeriesValue[], w: Windows, i: number): number {
  const x = values[i] as number;
  const mean = w.mean[i] as number;
  const sigma = w.sigma[i] as number;
  if (sigma === 0) return x > mean ? Number.POSITIVE_INFINITY : 0;
  return Math.max(0, (x - mean) / sigma - 1);
}

/** R: pmax(0, C2_i − 1) with IEEE division (sigma 0 gives ±Inf or NaN, as in R). */
function rTerm(values: readonly SeriesValue[], w: Windows, i: number): number {
  return Math.max(0, ((values[i] as number) - (w.mean[i] as number)) / (w.sigma[i] as number) - 1);
}

/**
 * Mean and sample SD of the `baseline` periods ending `lag` periods before each t; censored (null) values are
 * skipped, not zeroed, and a window with one is incomplete.
 *
 * Integer counts (the usual case) take a rolling path that is exact: Σx and Σx² of integers are exact in
 * double precision while b²·max|x|² < 2⁵³, so var = (b·Σx² − (Σx)²) / (b(b − 1)) has a single rounding.
 * Other series use the two-pass formula (mean as R's mean(): sum/n plus a correction pass).
 */
function windowStats(values: readonly SeriesValue[], lag: number, o: Resolved): Windows {
  const w = scratch(values.length, lag);
  if (integerSeries(values, o.baseline)) rollingStats(values, o, w);
  else twoPassStats(values, o, w);
  return w;
}

/**
 * Typed arrays are slow to allocate (about a microsecond each), which would dominate 10,000 short series, so
 * each call reuses module-level buffers: two for C1/C2 are never alive at once, C3 holds one set for its call.
 * Calls are synchronous, so no two overlap; the results copied out are plain objects.
 */
let buffers: Windows = {
  ok: new Uint8Array(0),
  has: new Int32Array(0),
  mean: new Float64Array(0),
  sigma: new Float64Array(0),
  lag: 0,
};

function scratch(n: number, lag: number): Windows {
  if (buffers.ok.length < n) {
    const size = Math.max(n, 2 * buffers.ok.length);
    buffers = {
      ok: new Uint8Array(size),
      has: new Int32Array(size),
      mean: new Float64Array(size),
      sigma: new Float64Array(size),
      lag,
    };
  } else {
    buffers.ok.fill(0, 0, n);
    buffers.lag = lag;
  }
  return buffers;
}

function integerSeries(values: readonly SeriesValue[], b: number): boolean {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (!Number.isInteger(v)) return false;
    const a = Math.abs(v);
    if (a > max) max = a;
  }
  return b * b * max * max < 2 ** 53;
}

function rollingStats(values: readonly SeriesValue[], o: Resolved, w: Windows): void {
  const n = values.length;
  const b = o.baseline;
  const lag = w.lag;
  let sum = 0;
  let sq = 0;
  let has = 0;
  for (let t = 0; t < n; t++) {
    // Window of t: [t − lag − b + 1, t − lag]; slide in t − lag, slide out t − lag − b.
    const inI = t - lag;
    if (inI >= 0) {
      const v = values[inI];
      if (v !== null && v !== undefined) {
        sum += v;
        sq += v * v;
        has++;
      }
    }
    const outI = inI - b;
    if (outI >= 0) {
      const v = values[outI];
      if (v !== null && v !== undefined) {
        sum -= v;
        sq -= v * v;
        has--;
      }
    }
    w.has[t] = has;
    if (outI + 1 < 0 || has < b) continue;
    const num = b * sq - sum * sum;
    w.ok[t] = 1;
    w.mean[t] = sum / b;
    w.sigma[t] = Math.max(num > 0 ? Math.sqrt(num / (b * (b - 1))) : 0, o.minSigma);
  }
}

function twoPassStats(values: readonly SeriesValue[], o: Resolved, w: Windows): void {
  const n = values.length;
  const b = o.baseline;
  for (let t = 0; t < n; t++) {
    const end = t - w.lag;
    const start = end - b + 1;
    let has = 0;
    let sum = 0;
    for (let i = Math.max(0, start); i <= end; i++) {
      const v = values[i];
      if (v !== null && v !== undefined) {
        has++;
        sum += v;
      }
    }
    w.has[t] = has;
    if (start < 0 || has < b) continue;
    let m = sum / b;
    let corr = 0;
    for (let i = start; i <= end; i++) corr += (values[i] as number) - m;
    m += corr / b;
    let ss = 0;
    for (let i = start; i <= end; i++) {
      const d = (values[i] as number) - m;
      ss += d * d;
    }
    let sd = Math.sqrt(ss / (b - 1));
    // Rounding noise of a constant non-integer baseline is not variance.
    if (sd <= 1e-12 * Math.max(1, Math.abs(m))) sd = 0;
    w.ok[t] = 1;
    w.mean[t] = m;
    w.sigma[t] = Math.max(sd, o.minSigma);
  }
}

function resolveOptions(opts: EarsOptions = {}, method: Method): Resolved {
  const baseline = opts.baseline ?? 7;
  const definition = opts.definition ?? 'cdc';
  const minSigma = opts.minSigma ?? 0;
  if (!Number.isInteger(baseline) || baseline < 3) {
    throw new RangeError(`invalid baseline: ${baseline} (expected an integer ≥ 3)`);
  }
  if (!Number.isFinite(minSigma) || minSigma < 0) {
    throw new RangeError(`invalid minSigma: ${minSigma} (expected a finite number ≥ 0)`);
  }
  if (definition === 'cdc') {
    const z = opts.z ?? 3;
    const h = opts.h ?? 2;
    if (!Number.isFinite(z) || z <= 0) throw new RangeError(`invalid z: ${z} (expected a finite number > 0)`);
    if (!Number.isFinite(h) || h <= 0) throw new RangeError(`invalid h: ${h} (expected a finite number > 0)`);
    if (opts.alpha !== undefined) {
      throw new RangeError(
        "alpha applies to definition 'r-surveillance' only (the CDC definition uses z and h)",
      );
    }
    return { baseline, definition, z, h, minSigma };
  }
  if (definition !== 'r-surveillance') {
    throw new RangeError(`invalid definition: ${String(definition)} (expected 'cdc' or 'r-surveillance')`);
  }
  if (opts.z !== undefined || opts.h !== undefined) {
    throw new RangeError("z and h apply to definition 'cdc' only (R's earsC derives z from alpha)");
  }
  const alpha = opts.alpha ?? (method === 'C3' ? 0.025 : 0.001);
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`invalid alpha: ${alpha} (expected a number in (0, 1))`);
  return { baseline, definition, z: qnorm(1 - alpha), h: Number.NaN, minSigma };
}

function checkValues(values: readonly SeriesValue[]): void {
  if (!Array.isArray(values)) throw new TypeError(`invalid series: expected an array, got ${typeof values}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new TypeError(`invalid value at index ${i}: ${String(v)} (expected a finite number or null)`);
    }
  }
}
