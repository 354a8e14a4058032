/**
 * Poisson CUSUM after R `surveillance::algo.cusum` / `cusum` (1.20.3; Rossi et al. 1999):
 *   C_t = max(0, C_{t−1} + z_t − k),  alarm when C_t ≥ h,
 * where z_t standardises x_t with the in-control mean m_t:
 *   standard      (x − m)/√m
 *   rossi         (x − 3m + 2√(x·m)) / (2√m)                        (Rossi's z3, near-normal for Poisson)
 *   anscombe      3/2·(x^(2/3) − m^(2/3)) / m^(1/6)
 *   anscombe2nd   (x^(2/3) − (m^(2/3) − m^(−1/3)/9)) / (2/3·m^(1/6))
 *   pearsonNegBin (x − m)/√(m + alpha·m²)
 *   none          x
 * The threshold is R's upper bound: the x_t at which C_t would reach h given C_{t−1}
 *   standard      ceil(√m·(h + k − C_{t−1}) + m)        (integer: alarm ⇔ x_t ≥ threshold)
 *   rossi         2h√m + 2k√m − 2C_{t−1}√m + 5m − 2·√(4m² + 2m^(3/2)·(h + k − C_{t−1}))
 *   anscombe      (2/3·m^(1/6)·(h + k − C_{t−1}) + m^(2/3))^(3/2)   (0 when the base is negative)
 *   anscombe2nd   (2/3·m^(1/6)·(h + k − C_{t−1}) + m^(2/3) − m^(1/3)/9)^(3/2)   (R's formula, sic m^(1/3))
 *   pearsonNegBin √(m + alpha·m²)·(h + k − C_{t−1}) + m
 *   none          h − C_t                                 (R's formula, sic C_t)
 * then NaN and negative values are set to 0, as R does.
 *
 * m: a number, a mean per period (aligned with `values`), the mean of the baseline (every period before
 * `start`; R's default m = NULL), or 'glm': R's Poisson GLM log m = β0 + β1·cos(2πt/p) + β2·sin(2πt/p) on the
 * baseline, with t = firstPhase + index (R: start[2] + training − 1), predicted forward.
 *
 * Reset: R's algo.cusum never resets — after an alarm C_t stays above h and keeps alarming until the sum falls
 * back. With `reset: true` (the default here: a signal is investigated, then the chart restarts) C is set to 0
 * after each alarm; `reset: false` reproduces R exactly.
 *
 * Not implemented: trans = "anscombeNegBin" (R evaluates it through a lookup table of ₂F₁(1/3, 2/3; 5/3; x)).
 *
 * Censored values (null) are never zero: a null period leaves C unchanged and gets no verdict (its threshold
 * is still reported); a null in the baseline is left out of the mean and of the GLM. R's mean() and the CUSUM
 * recursion would turn NA into NA for every later period.
 */

import { detectionPoint, SUPPRESSED, unevaluated } from './detectionPoint.ts';
import { glmFit, SINGULAR_DESIGN } from './glm.ts';
import { harmonicRow } from './glrnb.ts';
import type { DetectionPoint, SeriesValue } from './types.ts';

export type CusumTransform = 'standard' | 'rossi' | 'anscombe' | 'anscombe2nd' | 'pearsonNegBin' | 'none';

export interface CusumOptions {
  /** First monitored index (R: range[1] − 1). Default 0 with a given m; required when m is estimated. */
  start?: number;
  /** Reference value (default 1.04, R's). */
  k?: number;
  /** Decision interval (default 2.26, R's). */
  h?: number;
  /** In-control mean: a number, one per period (aligned with values), 'mean' (default) or 'glm'. */
  m?: number | readonly (number | null)[] | 'mean' | 'glm';
  /** Standardisation (default 'standard'). */
  trans?: CusumTransform;
  /** NB dispersion for 'pearsonNegBin' (default 0.1, R's). */
  alpha?: number;
  /** Periods per year, for m = 'glm'. */
  period?: number;
  /** Position of index 0 within its year, 1-based (R's start[2]; default 1), for m = 'glm'. */
  firstPhase?: number;
  /** Restart the sum at 0 after an alarm (default true; R: false). */
  reset?: boolean;
}

export function cusum(values: readonly SeriesValue[], opts: CusumOptions = {}): DetectionPoint[] {
  checkCounts(values);
  const o = resolve(values, opts);
  const n = values.length;
  const out: DetectionPoint[] = new Array(n);
  const start = Math.min(o.start, n);
  for (let t = 0; t < start; t++) {
    out[t] = unevaluated(t, values[t] ?? null, `not enough history (needs ${o.start} periods, has ${t})`);
  }
  if (start >= n) return out;

  const means = inControlMeans(values, start, o);
  if (!means.ok) {
    for (let t = start; t < n; t++) out[t] = unevaluated(t, values[t] ?? null, means.reason);
    return out;
  }
  const { m, baselineStart, baselineEnd } = means;
  const { k, h } = o;
  let c = 0;
  for (let t = start; t < n; t++) {
    const x = values[t] ?? null;
    const mt = m[t - start] as number;
    if (o.trans !== 'none' && !(mt > 0 && Number.isFinite(mt))) {
      const reason = `expected count ${mt} is not > 0: the ${o.trans} transform is undefined`;
      out[t] = detectionPoint(
        t,
        x,
        mt,
        null,
        null,
        null,
        baselineStart,
        baselineEnd,
        x === null ? SUPPRESSED : reason,
      );
      continue;
    }
    if (x === null) {
      const threshold = upperBound(o, mt, c, c);
      out[t] = detectionPoint(t, x, mt, threshold, null, null, baselineStart, baselineEnd, SUPPRESSED);
      continue;
    }
    const z = standardise(o, x, mt);
    const next = Math.max(0, c + (z - k));
    const alarm = next >= h;
    const threshold = upperBound(o, mt, c, next);
    out[t] = detectionPoint(t, x, mt, threshold, next, alarm, baselineStart, baselineEnd, null);
    c = alarm && o.reset ? 0 : next;
  }
  return out;
}

function standardise(o: Resolved, x: number, m: number): number {
  switch (o.trans) {
    case 'standard':
      return (x - m) / Math.sqrt(m);
    case 'rossi':
      return (x - 3 * m + 2 * Math.sqrt(x * m)) / (2 * Math.sqrt(m));
    case 'anscombe':
      return (1.5 * (x ** (2 / 3) - m ** (2 / 3))) / m ** (1 / 6);
    case 'anscombe2nd':
      return (x ** (2 / 3) - (m ** (2 / 3) - m ** (-1 / 3) / 9)) / ((2 / 3) * m ** (1 / 6));
    case 'pearsonNegBin':
      return (x - m) / Math.sqrt(m + o.alpha * m * m);
    case 'none':
      return x;
  }
}

/** R's upper bound (see the header), NaN and negatives set to 0. `prev` = C_{t−1}, `now` = C_t. */
function upperBound(o: Resolved, m: number, prev: number, now: number): number {
  const { h, k } = o;
  const u = h + k - prev;
  let b: number;
  switch (o.trans) {
    case 'standard':
      b = Math.ceil(Math.sqrt(m) * u + m);
      break;
    case 'rossi':
      b =
        2 * h * m ** 0.5 +
        2 * k * m ** 0.5 -
        2 * prev * m ** 0.5 +
        5 * m -
        2 * Math.sqrt(4 * m * m + 2 * m ** 1.5 * u);
      break;
    case 'anscombe': {
      const base = (2 / 3) * m ** (1 / 6) * u + m ** (2 / 3);
      b = base < 0 ? 0 : base ** 1.5;
      break;
    }
    case 'anscombe2nd': {
      const base = (2 / 3) * m ** (1 / 6) * u + (m ** (2 / 3) - m ** (1 / 3) / 9);
      b = base < 0 ? 0 : base ** 1.5;
      break;
    }
    case 'pearsonNegBin':
      b = Math.sqrt(m + o.alpha * m * m) * u + m;
      break;
    case 'none':
      b = h - now;
      break;
  }
  return Number.isNaN(b) || b < 0 ? 0 : b;
}

type Means = { ok: true; m: number[]; baselineStart: number | null; baselineEnd: number | null } | Failure;
type Failure = { ok: false; reason: string };

/** m_t for t = start … n − 1. */
function inControlMeans(values: readonly SeriesValue[], start: number, o: Resolved): Means {
  const n = values.length;
  if (typeof o.m === 'number') return { ok: true, m: new Array(n - start).fill(o.m), ...NO_BASELINE };
  if (Array.isArray(o.m)) return { ok: true, m: o.m.slice(start) as number[], ...NO_BASELINE };
  const seen: number[] = [];
  const rows: number[][] = [];
  const model = { period: o.period, S: 1, trend: false };
  for (let t = 0; t < start; t++) {
    const v = values[t];
    if (v === null || v === undefined) continue;
    seen.push(v);
    if (o.m === 'glm') rows.push(harmonicRow(o.firstPhase + t, model));
  }
  const needs = o.m === 'glm' ? 4 : 1;
  if (seen.length < needs) {
    return { ok: false, reason: `not enough history (needs ${needs} periods, has ${seen.length})` };
  }
  const baseline = { baselineStart: 0, baselineEnd: start - 1 };
  if (o.m === 'mean') {
    let sum = 0;
    for (const v of seen) sum += v;
    return { ok: true, m: new Array(n - start).fill(sum / seen.length), ...baseline };
  }
  const fit = glmFit(rows, seen, { kind: 'poisson' });
  if (!fit) return { ok: false, reason: `in-control model could not be fitted: ${SINGULAR_DESIGN}` };
  const beta = fit.beta;
  const m: number[] = [];
  for (let t = start; t < n; t++) {
    const row = harmonicRow(o.firstPhase + t, model);
    let eta = 0;
    for (let i = 0; i < row.length; i++) eta += (row[i] as number) * (beta[i] as number);
    m.push(Math.exp(eta));
  }
  return { ok: true, m, ...baseline };
}

const NO_BASELINE = { baselineStart: null, baselineEnd: null };

interface Resolved {
  start: number;
  k: number;
  h: number;
  m: number | readonly (number | null)[] | 'mean' | 'glm';
  trans: CusumTransform;
  alpha: number;
  period: number;
  firstPhase: number;
  reset: boolean;
}

const TRANSFORMS: readonly CusumTransform[] = [
  'standard',
  'rossi',
  'anscombe',
  'anscombe2nd',
  'pearsonNegBin',
  'none',
];

function resolve(values: readonly SeriesValue[], opts: CusumOptions): Resolved {
  const m = opts.m ?? 'mean';
  const estimated = m === 'mean' || m === 'glm';
  const trans = opts.trans ?? 'standard';
  const k = opts.k ?? 1.04;
  const h = opts.h ?? 2.26;
  const alpha = opts.alpha ?? 0.1;
  const period = opts.period ?? Number.NaN;
  const firstPhase = opts.firstPhase ?? 1;
  if (!TRANSFORMS.includes(trans)) {
    throw new RangeError(
      `invalid trans: ${String(trans)} (expected one of ${TRANSFORMS.join(', ')}; anscombeNegBin is not implemented)`,
    );
  }
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`invalid k: ${k} (expected a finite number ≥ 0)`);
  if (!Number.isFinite(h) || h <= 0) throw new RangeError(`invalid h: ${h} (expected a finite number > 0)`);
  if (!Number.isFinite(alpha) || alpha < 0) throw new RangeError(`invalid alpha: ${alpha} (expected ≥ 0)`);
  if (estimated && opts.start === undefined) {
    throw new RangeError(`start is required when m is '${m}' (the baseline is every period before it)`);
  }
  const start = opts.start ?? 0;
  if (!Number.isInteger(start) || start < 0) throw new RangeError(`invalid start: ${start}`);
  if (m === 'glm') {
    if (!Number.isFinite(period) || period <= 0) {
      throw new RangeError(`m 'glm' needs period (periods per year), got ${opts.period}`);
    }
    if (!Number.isInteger(firstPhase)) throw new RangeError(`invalid firstPhase: ${firstPhase}`);
  } else if (typeof m === 'number') {
    if (!Number.isFinite(m)) throw new RangeError(`invalid m: ${m}`);
  } else if (Array.isArray(m)) {
    if (m.length !== values.length)
      throw new RangeError(`m has ${m.length} values, the series ${values.length}`);
    for (let t = start; t < m.length; t++) {
      if (typeof m[t] !== 'number' || !Number.isFinite(m[t])) {
        throw new RangeError(`invalid m at index ${t}: ${String(m[t])} (expected a finite number)`);
      }
    }
  } else if (m !== 'mean') {
    throw new RangeError(`invalid m: ${String(m)} (expected a number, an array, 'mean' or 'glm')`);
  }
  return { start, k, h, m, trans, alpha, period, firstPhase, reset: opts.reset ?? true };
}

function checkCounts(values: readonly SeriesValue[]): void {
  if (!Array.isArray(values)) throw new TypeError(`invalid series: expected an array, got ${typeof values}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      throw new TypeError(`invalid value at index ${i}: ${String(v)} (expected a finite number ≥ 0 or null)`);
    }
  }
}
