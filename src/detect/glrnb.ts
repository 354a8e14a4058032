/**
 * Negative-binomial (and Poisson) GLR detector for an increase of the intercept, after R
 * `surveillance::glrnb` / `algo.glrnb` (1.20.3; Höhle & Paul 2008), with `change = "intercept"`.
 *
 * With in-control means mu0_t and dispersion alpha (Var = mu + alpha·mu²; alpha = 0 is Poisson), the statistic at
 * time n is the generalised likelihood ratio for "the mean became mu0_t·e^κ at some time k ≤ n":
 *   GLR_n = max_k sup_{κ ≥ 0} Σ_{t=k..n} log f(x_t; mu0_t·e^κ) / f(x_t; mu0_t)
 * and the chart alarms when GLR_n ≥ c.ARL, then restarts at n + 1 (reset after alarm, as R does).
 *
 * Ported from R's C code, with its quirks kept so that values agree:
 * - NB (alpha > 0, `glr_nb_window`): κ̂ by Newton–Raphson from 0.5 (warm-started along k, stop when the step is
 *   ≤ 1e-6, κ ≤ −18 or 1000 steps), then truncated at 0; k runs over max(0, n − M) … n − Mtilde + 1 (all k when
 *   M = −1); the first Mtilde − 1 periods after a (re)start are not evaluated.
 *   Deliberate difference (default `newton: 'safeguarded'`): R's Newton has no step control, and when mu0 is
 *   tiny next to the counts (e.g. mu0 ≈ 1e−5 extrapolated from an all-zero baseline) a step overflows e^κ,
 *   κ becomes NaN, C's fmax(0, NaN) returns 0, and R reports GLR 0 exactly where the excess is largest. We
 *   keep R's iterate whenever it converged (identical values) and otherwise take the root of the score by
 *   bisection. `newton: 'r'` reproduces R, divergence included.
 * - Poisson (alpha = 0): closed-form κ̂ = max(0, log(Σx/Σmu0)). Without window (`glr_cusum`) k runs over every
 *   period since the (re)start and Mtilde only delays the first evaluation by Mtilde − 1 periods; with a window
 *   M > 0 (`glr_cusum_window`) k runs over max(0, n − M) … n − Mtilde, so a segment has at least Mtilde + 1
 *   periods and the first Mtilde periods after a (re)start are not evaluated.
 * - `ret = 'cases'`: the threshold is the smallest count x_n that would make GLR_n ≥ c.ARL (GLR is
 *   non-decreasing in x_n). R computes this by stepping one case at a time (Poisson, in C) or by brute force
 *   (NB, in R, up to xMax); we bisect the same monotone predicate. Deliberate difference: R's NB search never
 *   starts when x_n = 0 and returns 1e99 there; we return the true count. When no count up to xMax + 1 would
 *   alarm, R returns 1e99 and we return Infinity.
 * - mu0 may be estimated as R does (`mu0 = list(S, trend, refit)`): a GLM on the periods before `start`,
 *   log μ = β0 [+ β1·t] + Σ_{s=1..S} (γs cos(2πst/p) + δs sin(2πst/p)), t = 1, 2, … the R index of the period:
 *   MASS::glm.nb when alpha is to be estimated (alpha = 1/θ̂), a Poisson GLM when alpha = 0, a NB GLM with fixed
 *   θ = 1/alpha otherwise. With `refit`, mu0 is re-estimated on all periods before the restart after each
 *   alarm, keeping alpha (as R does: "No updating of alpha is currently done").
 *
 * Not implemented (R has them): `change = "epi"` (epidemic chart), a known `theta` (LR instead of GLR CUSUM),
 * `ret = 'cases'` for `dir = 'dec'`.
 *
 * Censored values (null) are never zero. R cannot take them (as.integer(NA) reaches its C code as INT_MIN); we
 * leave a censored period out of every likelihood sum (it carries no information), give it no verdict, and
 * carry the chart on. M counts periods (time), Mtilde counts observed periods. A null in the baseline is left
 * out of the GLM fit, as R's glm does (na.omit).
 */

import { detectionPoint, SUPPRESSED, unevaluated } from './detectionPoint.ts';
import { glmFit, glmNb, SINGULAR_DESIGN } from './glm.ts';
import type { DetectionPoint, SeriesValue } from './types.ts';

export interface GlrnbMu0Model {
  /** Periods per year (R: the sts `freq`), e.g. 52 or 12. */
  period: number;
  /** Number of harmonics (default 1). */
  S?: number;
  /** Linear time trend (default false). */
  trend?: boolean;
  /** Re-estimate mu0 after every alarm on all periods before the restart (default false). */
  refit?: boolean;
}

export interface GlrnbOptions {
  /** First monitored index (R: range[1] − 1). Default 0 with a given mu0; required when mu0 is estimated. */
  start?: number;
  /**
   * In-control means aligned with `values` (entries before `start` are ignored and may be null), or the GLM
   * R fits on the periods before `start` (default `{ period }` needs a period, so mu0 has no default here).
   */
  mu0: readonly (number | null)[] | GlrnbMu0Model;
  /**
   * NB dispersion (Var = mu + alpha·mu²); 0 is Poisson. 'estimate' = 1/θ̂ of MASS::glm.nb (only with an
   * estimated mu0). Default: 'estimate' with an estimated mu0 (R, when alpha is not in control), 0 with a given
   * mu0 (R's documented default).
   */
  alpha?: number | 'estimate';
  /** Alarm when GLR ≥ cARL (R `c.ARL`, default 5). */
  cARL?: number;
  /** Minimum number of observations in a changepoint segment (default 1). */
  Mtilde?: number;
  /** Window: look back at most M periods for the changepoint; −1 = unlimited (default). */
  M?: number;
  /** Only 'intercept' (R's default). */
  change?: 'intercept';
  /** Direction of the change: 'inc' (default) or 'dec'. */
  dir?: 'inc' | 'dec';
  /**
   * 'value' (default): threshold is null, the alarm rule is score ≥ cARL (R's upperbound is the score).
   * 'cases': threshold is the smallest count that would alarm (R's upperbound with ret = "cases").
   */
  ret?: 'value' | 'cases';
  /** Largest count tried by the 'cases' search (R `xMax`, default 10000). */
  xMax?: number;
  /**
   * NB only: how κ̂ is found. 'safeguarded' (default): R's Newton iteration, and where it diverges (see the
   * header) the root of the score by bisection. 'r': R's iteration alone, divergence included.
   */
  newton?: 'safeguarded' | 'r';
}

export interface GlrnbResult {
  points: DetectionPoint[];
  /** The dispersion used (given, or estimated; NaN when it could not be estimated). */
  alpha: number;
  /** The in-control means used at each index (null before start or where not needed). */
  mu0: (number | null)[];
}

export function glrnb(values: readonly SeriesValue[], opts: GlrnbOptions): DetectionPoint[] {
  return glrnbRun(values, opts).points;
}

export function glrnbRun(values: readonly SeriesValue[], opts: GlrnbOptions): GlrnbResult {
  checkCounts(values);
  const o = resolve(values, opts);
  const n = values.length;
  const points: DetectionPoint[] = new Array(n);
  const mu0: (number | null)[] = new Array(n).fill(null);
  let alpha = typeof o.alpha === 'number' ? o.alpha : Number.NaN;

  for (let t = 0; t < Math.min(o.start, n); t++) {
    points[t] = unevaluated(t, values[t] ?? null, `not enough history (needs ${o.start} periods, has ${t})`);
  }
  if (o.start >= n) return { points, alpha, mu0 };

  // In-control means for the first round.
  let baselineEnd: number | null = null;
  if (o.model) {
    const fit = estimateMu0(values, o.start, o.model, o.alpha);
    if (!fit.ok) {
      for (let t = o.start; t < n; t++) points[t] = unevaluated(t, values[t] ?? null, fit.reason);
      return { points, alpha, mu0 };
    }
    if (o.alpha === 'estimate') alpha = fit.alpha;
    for (let t = o.start; t < n; t++) mu0[t] = fit.pred[t - o.start] as number;
    baselineEnd = o.start - 1;
  } else {
    const given = o.mu0 as readonly (number | null)[];
    for (let t = o.start; t < n; t++) mu0[t] = given[t] as number;
  }
  const chart: Chart = { newton: o.newton, alpha, dir: o.dir, M: o.M, Mtilde: o.Mtilde, cARL: o.cARL };

  let roundStart = o.start;
  while (roundStart < n) {
    // The observed periods of this round (censored ones are left out of every sum).
    const pos: number[] = [];
    for (let t = roundStart; t < n; t++) if (values[t] !== null) pos.push(t);
    const xs = pos.map((t) => values[t] as number);
    const mus = pos.map((t) => mu0[t] as number);
    const first = firstEvaluated(chart);
    let alarmAt = -1;
    let j = 0;
    for (let t = roundStart; t < n; t++) {
      const x = values[t] ?? null;
      const m = mu0[t] as number;
      const bStart = baselineEnd === null ? null : 0;
      if (x === null) {
        points[t] = detectionPoint(t, x, m, null, null, null, bStart, baselineEnd, SUPPRESSED);
        continue;
      }
      if (j < first) {
        const reason = `not enough history (needs ${first + 1} periods since the chart started, has ${j + 1})`;
        points[t] = detectionPoint(t, x, m, null, null, null, bStart, baselineEnd, reason);
        j++;
        continue;
      }
      // R sets negative values (an empty changepoint window gives −1e99) to 0 before returning them.
      const score = Math.max(0, glrAt(chart, xs, mus, pos, j));
      const alarm = score >= chart.cARL;
      const threshold = o.ret === 'cases' ? casesAt(chart, xs, mus, pos, j, o.xMax) : null;
      points[t] = detectionPoint(t, x, m, threshold, score, alarm, bStart, baselineEnd, null);
      j++;
      if (alarm) {
        alarmAt = t;
        break;
      }
    }
    if (alarmAt < 0) break;
    roundStart = alarmAt + 1;
    if (o.model?.refit && roundStart < n) {
      // R re-estimates on all periods before the restart, with alpha kept as it now is (never 'estimate').
      const fit = estimateMu0(values, roundStart, o.model, alpha);
      if (!fit.ok) {
        for (let t = roundStart; t < n; t++) points[t] = unevaluated(t, values[t] ?? null, fit.reason);
        break;
      }
      for (let t = roundStart; t < n; t++) mu0[t] = fit.pred[t - roundStart] as number;
      baselineEnd = roundStart - 1;
    }
  }
  return { points, alpha, mu0 };
}

// ---------------------------------------------------------------------------------------------------------
// The GLR statistic (ports of glr_nb_window, glr_cusum, glr_cusum_window)

interface Chart {
  newton: 'safeguarded' | 'r';
  alpha: number;
  dir: 1 | -1;
  M: number;
  Mtilde: number;
  cARL: number;
}

/** Index (within a round's observations) of the first evaluated period: R's n0. */
function firstEvaluated(c: Chart): number {
  if (c.alpha > 0) return Math.max(c.Mtilde - 1, 0);
  return c.M > 0 ? c.Mtilde : Math.max(c.Mtilde - 1, 0);
}

/** Smallest observation index j ≥ 0 whose period lies within M periods of observation n (R: max(0, n − M)). */
function windowLow(c: Chart, pos: readonly number[], n: number): number {
  if (c.M < 0) return 0;
  const earliest = (pos[n] as number) - c.M;
  let j = n;
  while (j > 0 && (pos[j - 1] as number) >= earliest) j--;
  return j;
}

function glrAt(
  c: Chart,
  xs: readonly number[],
  mus: readonly number[],
  pos: readonly number[],
  n: number,
): number {
  if (c.alpha > 0) return nbGlr(c, xs, mus, windowLow(c, pos, n), n - (c.Mtilde - 1), n);
  if (c.M > 0) return poissonGlr(c, xs, mus, windowLow(c, pos, n), n - c.Mtilde, n);
  return poissonGlr(c, xs, mus, 0, n, n);
}

/**
 * R `glr` (low = 0, up = n) and `glr_window` (max(0, n − M) ≤ k ≤ n − Mtilde): max over low ≤ k ≤ up of
 * κ̂·Σx + (1 − e^κ̂)·Σmu0 over k..n, κ̂ = dir·max(0, dir·log(Σx/Σmu0)).
 */
function poissonGlr(
  c: Chart,
  xs: readonly number[],
  mus: readonly number[],
  low: number,
  up: number,
  n: number,
) {
  let sumx = 0;
  let summu = 0;
  let best = -1e99;
  for (let l = up + 1; l <= n; l++) {
    sumx += xs[l] as number;
    summu += mus[l] as number;
  }
  for (let k = up; k >= low; k--) {
    sumx += xs[k] as number;
    summu += mus[k] as number;
    const kappa = c.dir * fmax(0, c.dir * Math.log(sumx / summu));
    const s = kappa * sumx + (1 - Math.exp(kappa)) * summu;
    if (s > best) best = s;
  }
  return best;
}

/** R `glr_nb_window` for one n: max over low ≤ k ≤ up of l_{n,k}(κ̂). */
function nbGlr(c: Chart, xs: readonly number[], mus: readonly number[], low: number, up: number, n: number) {
  const a = c.alpha;
  let best = -1e99;
  let kappaMl = 0.5;
  for (let k = low; k <= up; k++) {
    let kappaOld = 0.4;
    let kappaNew = kappaMl;
    let iter = 0;
    while (kappaNew > -18 && Math.abs(kappaNew - kappaOld) > 1e-6 && iter < 1000) {
      iter++;
      kappaOld = kappaNew;
      const e = Math.exp(kappaOld);
      let score = 0;
      let fisher = 0;
      for (let i = k; i <= n; i++) {
        const m = mus[i] as number;
        const x = xs[i] as number;
        const d = 1 + a * e * m;
        score += (x - e * m) / d;
        fisher += (m * (a * x + 1)) / (d * d);
      }
      kappaNew = kappaOld + score / (e * fisher);
    }
    if (c.newton === 'safeguarded' && !newtonConverged(kappaNew, kappaOld, a, xs, mus, k, n)) {
      kappaNew = scoreRoot(c.dir, a, xs, mus, k, n);
    }
    kappaMl = c.dir * fmax(0, c.dir * kappaNew);
    const e = Math.exp(kappaMl);
    let lnk = 0;
    for (let i = k; i <= n; i++) {
      const m = mus[i] as number;
      const x = xs[i] as number;
      lnk += kappaMl * x + (x + 1 / a) * Math.log((1 + a * m) / (1 + a * m * e));
    }
    if (lnk > best) best = lnk;
  }
  return best;
}

/** S(κ) = Σ_{i=k..n} (x_i − e^κ·mu0_i) / (1 + α·e^κ·mu0_i), the score of the intercept shift; decreasing in κ. */
function nbScore(
  kappa: number,
  a: number,
  xs: readonly number[],
  mus: readonly number[],
  k: number,
  n: number,
) {
  const e = Math.exp(kappa);
  let s = 0;
  for (let i = k; i <= n; i++) {
    const m = mus[i] as number;
    s += ((xs[i] as number) - e * m) / (1 + a * e * m);
  }
  return s;
}

/**
 * Did R's Newton iteration end at the MLE? It did when the last step was ≤ 1e-6, or when it stopped at
 * κ ≤ −18 because the score is still negative there (the MLE is −∞ in effect: Σx = 0). It did not when a
 * step overflowed (e^κ = ∞ gives NaN, which R's fmax then reads as κ̂ = 0) or overshot below −18 from a
 * positive root — R then reports l_{n,k} = 0 for a segment whose counts far exceed a tiny mu0.
 */
function newtonConverged(
  kappaNew: number,
  kappaOld: number,
  a: number,
  xs: readonly number[],
  mus: readonly number[],
  k: number,
  n: number,
): boolean {
  if (!Number.isFinite(kappaNew)) return false;
  if (kappaNew <= -18) return nbScore(kappaNew, a, xs, mus, k, n) < 0;
  return Math.abs(kappaNew - kappaOld) <= 1e-6;
}

/** The root of the (monotone) score by bracketing and bisection, within the sign restriction of `dir`. */
function scoreRoot(
  dir: 1 | -1,
  a: number,
  xs: readonly number[],
  mus: readonly number[],
  k: number,
  n: number,
) {
  const s0 = nbScore(0, a, xs, mus, k, n);
  if (dir * s0 <= 0) return 0;
  // The root lies on the side of 0 that dir points to; widen until the score changes sign (cap: e^±60).
  let lo = 0;
  let hi: number = dir;
  while (Math.abs(hi) < 60 && dir * nbScore(hi, a, xs, mus, k, n) > 0) {
    lo = hi;
    hi *= 2;
  }
  for (let it = 0; it < 200 && Math.abs(hi - lo) > 1e-12; it++) {
    const mid = (lo + hi) / 2;
    if (dir * nbScore(mid, a, xs, mus, k, n) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Smallest count at observation n that makes GLR_n ≥ cARL (GLR is non-decreasing in x_n for dir = 'inc'),
 * searched over 0 … xMax + 1 by doubling and bisection; Infinity when even xMax + 1 does not alarm.
 */
function casesAt(
  c: Chart,
  xs: readonly number[],
  mus: readonly number[],
  pos: readonly number[],
  n: number,
  xMax: number,
): number {
  const trial = xs.slice(0, n + 1);
  const alarms = (x: number): boolean => {
    trial[n] = x;
    return glrAt(c, trial, mus, pos, n) >= c.cARL;
  };
  if (alarms(0)) return 0;
  // Invariant: lo does not alarm, hi alarms.
  let lo = 0;
  let hi = Math.max(1, Math.ceil(mus[n] as number));
  while (!alarms(hi)) {
    lo = hi;
    if (hi >= xMax + 1) return Number.POSITIVE_INFINITY;
    hi = Math.min(2 * hi, xMax + 1);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (alarms(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

// ---------------------------------------------------------------------------------------------------------
// In-control mean: R's estimateGLRNbHook (MASS::glm.nb, or glm with a Poisson / fixed-theta NB family)

type Mu0Fit = { ok: true; pred: number[]; alpha: number } | { ok: false; reason: string };

/** Fits the harmonic GLM on indices 0..start-1 (R t = 1..start) and predicts indices start..n-1. */
function estimateMu0(
  values: readonly SeriesValue[],
  start: number,
  model: Required<GlrnbMu0Model>,
  alpha: number | 'estimate',
): Mu0Fit {
  const rows: number[][] = [];
  const y: number[] = [];
  for (let t = 0; t < start; t++) {
    const v = values[t];
    if (v === null || v === undefined) continue;
    rows.push(harmonicRow(t + 1, model));
    y.push(v);
  }
  const p = 1 + (model.trend ? 1 : 0) + 2 * model.S;
  if (y.length < p + 1) {
    return { ok: false, reason: `not enough history (needs ${p + 1} periods, has ${y.length})` };
  }
  let beta: number[];
  let fitted = alpha;
  if (alpha === 'estimate') {
    const nb = glmNb(rows, y);
    if (!nb) return { ok: false, reason: `in-control model could not be fitted: ${SINGULAR_DESIGN}` };
    beta = nb.beta;
    fitted = 1 / nb.theta;
  } else {
    const fit = glmFit(rows, y, alpha === 0 ? { kind: 'poisson' } : { kind: 'negbin', theta: 1 / alpha });
    if (!fit) return { ok: false, reason: `in-control model could not be fitted: ${SINGULAR_DESIGN}` };
    beta = fit.beta;
  }
  if (!beta.every(Number.isFinite) || !Number.isFinite(fitted as number)) {
    return { ok: false, reason: 'in-control model could not be fitted: non-finite estimate' };
  }
  const pred: number[] = [];
  for (let t = start; t < values.length; t++) pred.push(Math.exp(dot(harmonicRow(t + 1, model), beta)));
  return { ok: true, pred, alpha: fitted as number };
}

/** Model row of R's formula y ~ 1 [+ t] + Σ_s cos(2·s·pi/p·t) + sin(2·s·pi/p·t), in R's column order. */
export function harmonicRow(t: number, model: { period: number; S: number; trend: boolean }): number[] {
  const row = [1];
  if (model.trend) row.push(t);
  for (let s = 1; s <= model.S; s++) {
    row.push(
      Math.cos(((2 * s * Math.PI) / model.period) * t),
      Math.sin(((2 * s * Math.PI) / model.period) * t),
    );
  }
  return row;
}

// ---------------------------------------------------------------------------------------------------------
// Small numerics

/** C's fmax: a NaN argument is ignored (Math.max would return NaN). Newton can overflow to NaN when mu0 ≈ 0. */
function fmax(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return Math.max(a, b);
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Options and input

interface Resolved {
  newton: 'safeguarded' | 'r';
  start: number;
  model: Required<GlrnbMu0Model> | null;
  mu0: readonly (number | null)[] | null;
  alpha: number | 'estimate';
  cARL: number;
  Mtilde: number;
  M: number;
  dir: 1 | -1;
  ret: 'value' | 'cases';
  xMax: number;
}

function resolve(values: readonly SeriesValue[], opts: GlrnbOptions): Resolved {
  if (!opts || opts.mu0 === undefined)
    throw new RangeError('mu0 is required: a mean per period, or { period }');
  const estimated = !Array.isArray(opts.mu0);
  const cARL = opts.cARL ?? 5;
  const Mtilde = opts.Mtilde ?? 1;
  const M = opts.M ?? -1;
  const xMax = opts.xMax ?? 10000;
  const ret = opts.ret ?? 'value';
  const dirName = opts.dir ?? 'inc';
  if ((opts.change ?? 'intercept') !== 'intercept') {
    throw new RangeError(`unsupported change: ${String(opts.change)} (only 'intercept' is implemented)`);
  }
  if (!Number.isFinite(cARL) || cARL <= 0)
    throw new RangeError(`invalid cARL: ${cARL} (expected a number > 0)`);
  if (!Number.isInteger(Mtilde) || Mtilde < 1) {
    throw new RangeError(`invalid Mtilde: ${Mtilde} (expected an integer ≥ 1)`);
  }
  if (!Number.isInteger(M) || (M !== -1 && M < Mtilde)) {
    throw new RangeError(`invalid M: ${M} (expected −1 or an integer ≥ Mtilde)`);
  }
  if (dirName !== 'inc' && dirName !== 'dec') throw new RangeError(`invalid dir: ${String(dirName)}`);
  if (ret !== 'value' && ret !== 'cases') throw new RangeError(`invalid ret: ${String(ret)}`);
  if (ret === 'cases' && dirName === 'dec')
    throw new RangeError("ret 'cases' is implemented for dir 'inc' only");
  if (!Number.isInteger(xMax) || xMax < 1) throw new RangeError(`invalid xMax: ${xMax}`);
  const alpha = opts.alpha ?? (estimated ? 'estimate' : 0);
  if (alpha === 'estimate') {
    if (!estimated) throw new RangeError("alpha 'estimate' needs an estimated mu0 ({ period, … })");
  } else if (!Number.isFinite(alpha) || alpha < 0) {
    throw new RangeError(`invalid alpha: ${String(alpha)} (expected a number ≥ 0 or 'estimate')`);
  }
  let start = opts.start ?? 0;
  if (estimated && opts.start === undefined) {
    throw new RangeError('start is required when mu0 is estimated (the baseline is every period before it)');
  }
  if (!Number.isInteger(start) || start < 0) throw new RangeError(`invalid start: ${start}`);
  start = Math.min(start, values.length);
  let model: Required<GlrnbMu0Model> | null = null;
  if (estimated) {
    const m = opts.mu0 as GlrnbMu0Model;
    model = { period: m.period, S: m.S ?? 1, trend: m.trend ?? false, refit: m.refit ?? false };
    if (!Number.isFinite(model.period) || model.period <= 0) {
      throw new RangeError(`invalid mu0.period: ${model.period}`);
    }
    if (!Number.isInteger(model.S) || model.S < 0) throw new RangeError(`invalid mu0.S: ${model.S}`);
  } else {
    const mu0 = opts.mu0 as readonly (number | null)[];
    if (mu0.length !== values.length) {
      throw new RangeError(`mu0 has ${mu0.length} values, the series ${values.length}`);
    }
    for (let t = start; t < values.length; t++) {
      const m = mu0[t];
      if (typeof m !== 'number' || !Number.isFinite(m) || m <= 0) {
        throw new RangeError(`invalid mu0 at index ${t}: ${String(m)} (expected a finite number > 0)`);
      }
    }
  }
  const newton = opts.newton ?? 'safeguarded';
  if (newton !== 'safeguarded' && newton !== 'r') throw new RangeError(`invalid newton: ${String(newton)}`);
  return {
    newton,
    start,
    model,
    mu0: estimated ? null : (opts.mu0 as readonly (number | null)[]),
    alpha,
    cARL,
    Mtilde,
    M,
    dir: dirName === 'inc' ? 1 : -1,
    ret,
    xMax,
  };
}

function checkCounts(values: readonly SeriesValue[]): void {
  if (!Array.isArray(values)) throw new TypeError(`invalid series: expected an array, got ${typeof values}`);
  values.forEach((v, i) => {
    if (v !== null && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) {
      throw new TypeError(`invalid value at index ${i}: ${String(v)} (expected a count ≥ 0 or null)`);
    }
  });
}
