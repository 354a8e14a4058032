/**
 * CDC EARS C1, C2 and C3 (Hutwagner et al. 2003): each period is compared with the mean and sample SD
 * (n − 1) of a short moving baseline. C1 uses t-7..t-1, C2 t-9..t-3 (2-period guard band), and
 * C3_t = Σ_{i=t-2..t} max(0, C2_i − 1). C1/C2 match R `surveillance::earsC`; its C3 upper bound
 * leaves out the current period's term, this one follows CDC's definition.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { DetectionPoint, SeriesValue } from './types.ts';

export interface EarsOptions {
  /** Baseline length in periods (default 7; at least 3, as in R surveillance). */
  baseline?: number;
  /** C1/C2 alarm when (x − mean) / sigma > z (default 3). */
  z?: number;
  /** C3 alarm when the C3 statistic > h (default 2). */
  h?: number;
  /** Floor for sigma, e.g. 1 for sparse counts (default 0). */
  minSigma?: number;
}

interface Resolved {
  baseline: number;
  z: number;
  h: number;
  minSigma: number;
}

/** A baseline window and its statistics, or why there is none. */
type Window =
  | { ok: true; start: number; end: number; mean: number; sigma: number }
  | { ok: false; reason: string };

const SUPPRESSED = 'value suppressed or missing';
const ZERO_VARIANCE = 'zero variance baseline';
/** Guard band of C2/C3: the baseline ends 3 periods before t (t-9..t-3 for a 7-period baseline). */
const C2_LAG = 3;

export function earsC1(values: readonly SeriesValue[], opts?: EarsOptions): DetectionPoint[] {
  return shewhart(values, resolveOptions(opts), 1);
}

export function earsC2(values: readonly SeriesValue[], opts?: EarsOptions): DetectionPoint[] {
  return shewhart(values, resolveOptions(opts), C2_LAG);
}

export function earsC3(values: readonly SeriesValue[], opts?: EarsOptions): DetectionPoint[] {
  const o = resolveOptions(opts);
  checkValues(values);
  const windows = values.map((_, t) => baselineWindow(values, t, C2_LAG, o));

  return values.map((x, t): DetectionPoint => {
    const w = windows[t];
    const base = { index: t, observed: x, score: null, alarm: null };
    if (!w?.ok) {
      const reason = x === null ? SUPPRESSED : (w?.reason ?? SUPPRESSED);
      return { ...base, expected: null, threshold: null, baselineStart: null, baselineEnd: null, reason };
    }
    const prev = [c2Term(values, windows, t - 2, 't-2'), c2Term(values, windows, t - 1, 't-1')];
    const blocked = prev.find((p): p is TermMissing => !p.ok);
    if (blocked?.kind === 'history') {
      const reason = x === null ? SUPPRESSED : blocked.reason;
      return { ...base, expected: null, threshold: null, baselineStart: null, baselineEnd: null, reason };
    }
    // Σ max(0, C2_i − 1) over i = t-2, t-1; Infinity when a zero-variance baseline was exceeded.
    const previous = blocked ? null : prev.reduce((sum, p) => sum + (p.ok ? p.value : 0), 0);
    // Threshold x* = mean + sigma·(1 + max(0, h − previous)): solving h = previous + ((x* − mean)/sigma − 1)
    // for x*, capped at mean + sigma because below that x_t adds nothing to C3; so when previous ≥ h the
    // verdict no longer depends on x_t (previous > h alarms even with x_t ≤ threshold).
    const threshold = previous === null ? null : w.mean + w.sigma * (1 + Math.max(0, o.h - previous));
    const found = {
      expected: w.mean,
      threshold,
      baselineStart: previous === null ? w.start : w.start - 2,
      baselineEnd: w.end,
    };
    if (x === null) return { ...base, ...found, reason: SUPPRESSED };
    if (blocked || previous === null) return { ...base, ...found, reason: blocked?.reason ?? SUPPRESSED };
    const current = w.sigma === 0 ? (x > w.mean ? Number.POSITIVE_INFINITY : 0) : excess(x, w);
    const c3 = previous + current;
    if (w.sigma === 0 || !Number.isFinite(c3)) {
      return { ...base, ...found, alarm: c3 > o.h, reason: ZERO_VARIANCE };
    }
    return { ...base, ...found, score: c3, alarm: c3 > o.h, reason: null };
  });
}

/** C1 (lag 1: baseline t-7..t-1) and C2 (lag 3: baseline t-9..t-3). */
function shewhart(values: readonly SeriesValue[], o: Resolved, lag: number): DetectionPoint[] {
  checkValues(values);
  return values.map((x, t): DetectionPoint => {
    const w = baselineWindow(values, t, lag, o);
    const base = { index: t, observed: x, score: null, alarm: null };
    if (!w.ok) {
      const reason = x === null ? SUPPRESSED : w.reason;
      return { ...base, expected: null, threshold: null, baselineStart: null, baselineEnd: null, reason };
    }
    const window = {
      expected: w.mean,
      threshold: w.mean + o.z * w.sigma,
      baselineStart: w.start,
      baselineEnd: w.end,
    };
    if (x === null) return { ...base, ...window, reason: SUPPRESSED };
    // R surveillance: with sigma 0 the upper bound is the mean itself, so any rise alarms.
    if (w.sigma === 0) return { ...base, ...window, alarm: x > w.mean, reason: ZERO_VARIANCE };
    const score = (x - w.mean) / w.sigma;
    return { ...base, ...window, score, alarm: score > o.z, reason: null };
  });
}

/** The `baseline` periods ending `lag` periods before t; censored (null) values are skipped, not zeroed. */
function baselineWindow(values: readonly SeriesValue[], t: number, lag: number, o: Resolved): Window {
  const end = t - lag;
  const start = end - o.baseline + 1;
  const seen: number[] = [];
  for (let i = Math.max(0, start); i <= end; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) seen.push(v);
  }
  if (start < 0 || seen.length < o.baseline) {
    return { ok: false, reason: `not enough history (needs ${o.baseline} periods, has ${seen.length})` };
  }
  const m = mean(seen);
  let sd = sampleStandardDeviation(seen);
  // Rounding noise of a constant non-integer baseline is not variance.
  if (sd <= 1e-12 * Math.max(1, Math.abs(m))) sd = 0;
  return { ok: true, start, end, mean: m, sigma: Math.max(sd, o.minSigma) };
}

/** max(0, C2 − 1): how far an observation is beyond one sigma above its baseline mean. */
function excess(x: number, w: { mean: number; sigma: number }): number {
  return Math.max(0, (x - w.mean) / w.sigma - 1);
}

interface TermMissing {
  ok: false;
  /** 'history': the earlier period has no full baseline, so neither has C3 at t. */
  kind: 'history' | 'suppressed';
  reason: string;
}
type Term = { ok: true; value: number } | TermMissing;

/** The C3 contribution max(0, C2_i − 1) of an earlier period i, or why it cannot be computed. */
function c2Term(values: readonly SeriesValue[], windows: readonly Window[], i: number, at: string): Term {
  const w = windows[i];
  if (!w?.ok) {
    const detail = w?.reason.replace(/^not enough history /, '') ?? '';
    return { ok: false, kind: 'history', reason: `not enough history for C2 at ${at} ${detail}`.trim() };
  }
  const x = values[i];
  if (x === null || x === undefined) {
    return { ok: false, kind: 'suppressed', reason: `C3 needs C2 at ${at}: ${SUPPRESSED}` };
  }
  if (w.sigma === 0) return { ok: true, value: x > w.mean ? Number.POSITIVE_INFINITY : 0 };
  return { ok: true, value: excess(x, w) };
}

function resolveOptions(opts: EarsOptions = {}): Resolved {
  const baseline = opts.baseline ?? 7;
  const z = opts.z ?? 3;
  const h = opts.h ?? 2;
  const minSigma = opts.minSigma ?? 0;
  if (!Number.isInteger(baseline) || baseline < 3) {
    throw new RangeError(`invalid baseline: ${baseline} (expected an integer ≥ 3)`);
  }
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`invalid z: ${z} (expected a finite number > 0)`);
  if (!Number.isFinite(h) || h <= 0) throw new RangeError(`invalid h: ${h} (expected a finite number > 0)`);
  if (!Number.isFinite(minSigma) || minSigma < 0) {
    throw new RangeError(`invalid minSigma: ${minSigma} (expected a finite number ≥ 0)`);
  }
  return { baseline, z, h, minSigma };
}

function checkValues(values: readonly SeriesValue[]): void {
  if (!Array.isArray(values)) throw new TypeError(`invalid series: expected an array, got ${typeof values}`);
  values.forEach((v, i) => {
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new TypeError(`invalid value at index ${i}: ${String(v)} (expected a finite number or null)`);
    }
  });
}
