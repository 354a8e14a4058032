/**
 * Joinpoint-style trend segments, after the NCI Joinpoint Regression Program (Kim, Fay, Feuer & Midthune,
 * Statistics in Medicine 2000;19:335–351): a log-linear segmented regression
 *
 *   ln y_x = β₀ + β₁·x + δ₁·(x − τ₁)₊ + … + δ_k·(x − τ_k)₊ + ε
 *
 * continuous at the joinpoints τ, fitted by (weighted) least squares. For each k ≤ maxJoinpoints the
 * joinpoints are found by grid search over the observed x (NCI's default grid: joinpoints on data points),
 * with at least `minFromEnd` observations between a joinpoint and either end and at least `minBetween`
 * observations between two joinpoints, joinpoints excluded (NCI defaults: 2 and 2). k is chosen by
 *
 * - 'bic': BIC(k) = ln(SSE_k/n) + 2(k+1)·ln(n)/n (NCI: p = 2k + 2 parameters, joinpoints included);
 * - 'permutation': NCI's sequential permutation tests of H0: k_a vs H1: k_b joinpoints, starting with
 *   k_a = min, k_b = max; statistic SSE_a/SSE_b; null-model residuals (standardised by √w) are shuffled
 *   onto the null fit; p = (1 + #{T* ≥ T})/(1 + N); reject when p < α/(max − k_a) (NCI since version
 *   3.0); on rejection k_a += 1, else k_b −= 1, until they meet. The shuffle uses the PRNG passed in.
 *
 * Per segment, slope b = β₁ + Σ δ over earlier joinpoints, APC = 100·(e^b − 1) (a per-period percent
 * change: "monthly percent change" for monthly data; `periodsPerYear` adds the annualised 100·(e^{12b} − 1)),
 * with a t-based 95 % CI b ± t(df)·se(b), df = n − (2k + 2), MSE = SSE/df, and a two-sided t p-value for
 * b = 0. AAPC over [from, to] = 100·(exp(Σ wᵢbᵢ / Σ wᵢ) − 1), wᵢ = length of segment i inside the range
 * (NCI); its CI uses the t distribution when the range lies within one segment (then AAPC = APC) and the
 * normal distribution otherwise (NCI's parametric method). Joinpoints are treated as fixed in the CIs,
 * as in NCI's parametric intervals. Nulls (censored values) are left out; x keeps the series index, so a
 * gap stays a gap. Values must be positive (a log-linear model cannot take 0).
 *
 * `search: 'continuous'` lets joinpoints lie between data points (NCI's continuous fitting, Hudson 1966,
 * "Fitting segmented curves whose join points have to be estimated", JASA 61:1097–1129): each joinpoint
 * is either at a data point or strictly inside an interval (x_j, x_{j+1}); inside an interval the
 * hinge (x − τ)₊ = x·[x > x_j] − τ·[x > x_j] is replaced by the two free columns x·[x > x_j] and
 * [x > x_j], whose least-squares fit is the continuous optimum for that interval when its implied
 * τ = −(coefficient of [x > x_j]) / (coefficient of x·[x > x_j]) falls inside it (otherwise the best τ
 * for that interval is at one of its ends, a data point, which the enumeration also visits). Every
 * combination of data points and intervals obeying minFromEnd / minBetween (counted in observations,
 * joinpoints excluded) is fitted from the same suffix sums as the grid, so the result is the exact
 * least-squares optimum, not a local one as from R `segmented`'s iterations.
 */

import { pnorm, pt, qnorm, qt } from './distributions.ts';
import { type LeastSquaresFit, leastSquares, quadraticForm } from './linearModel.ts';
import type { SeriesValue } from './types.ts';

export type JoinpointWeighting =
  | 'constant'
  /** Var(ln y) ≈ 1/count: weight = the value itself (a count), or `counts` for a rate series. */
  | { poissonCounts: readonly (number | null)[] }
  | 'poisson'
  /** Var(ln y) ≈ (se/y)²: weight = y²/se², NCI's "standard error" heteroscedasticity option. */
  | { standardErrors: readonly (number | null)[] };

export interface JoinpointOptions {
  /** Largest number of joinpoints considered (default 2). */
  maxJoinpoints?: number;
  /** Smallest (default 0). */
  minJoinpoints?: number;
  /** Observations between a joinpoint and either end, joinpoint excluded (NCI default 2). */
  minFromEnd?: number;
  /** Observations between two joinpoints, joinpoints excluded (NCI default 2). */
  minBetween?: number;
  /** Model selection (default 'bic'). */
  selection?: 'bic' | 'permutation';
  /** Overall significance of the permutation procedure (default 0.05). */
  alpha?: number;
  /** Number of permuted data sets per test (NCI default 4499). */
  permutations?: number;
  /** Uniform [0, 1) generator for the permutations (required for 'permutation'); see `mulberry32`. */
  random?: () => number;
  weighting?: JoinpointWeighting;
  /** Periods per year (12 for monthly, 52 for weekly): adds annualised APCs. */
  periodsPerYear?: number;
  /** AAPC range as series indices [from, to] (default: first to last observed index). */
  aapcRange?: readonly [number, number];
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
  /**
   * 'grid' (default, NCI's default): joinpoints at data points. 'continuous': anywhere between them
   * (Hudson's exact method); joinpoints are then reported as fractional series indices.
   */
  search?: 'grid' | 'continuous';
}

export interface JoinpointSegment {
  startIndex: number;
  endIndex: number;
  /** Slope on the log scale per period. */
  slope: number;
  slopeSe: number;
  /** Percent change per period (monthly percent change for monthly series). */
  apc: number;
  apcLower: number;
  apcUpper: number;
  /** Two-sided p-value of slope = 0. */
  pValue: number;
  /** 100·(e^{slope·periodsPerYear} − 1) and its CI, when `periodsPerYear` is given. */
  annualised: { apc: number; apcLower: number; apcUpper: number } | null;
}

export interface AapcResult {
  from: number;
  to: number;
  aapc: number;
  lower: number;
  upper: number;
  pValue: number;
  /** 't' when the range lies inside one segment, else 'normal'. */
  distribution: 't' | 'normal';
  annualised: { aapc: number; lower: number; upper: number } | null;
}

export interface PermutationTest {
  nullJoinpoints: number;
  altJoinpoints: number;
  statistic: number;
  pValue: number;
  alpha: number;
  rejected: boolean;
}

export interface JoinpointModelSummary {
  joinpoints: number[];
  sse: number;
  bic: number;
}

export interface JoinpointFit {
  ok: true;
  method: 'bic' | 'permutation';
  /** Observations used (non-null). */
  n: number;
  /** Series indices of the chosen joinpoints (fractional between data points with search 'continuous'). */
  joinpoints: number[];
  segments: JoinpointSegment[];
  aapc: AapcResult;
  /** Residual degrees of freedom n − (2k + 2). */
  df: number;
  /** Weighted SSE and MSE of the chosen model on the log scale. */
  sse: number;
  mse: number;
  /** Fitted values on the original scale (null where the input was null). */
  fitted: (number | null)[];
  /** The best model for each k considered, with its BIC. */
  models: Record<number, JoinpointModelSummary>;
  permutationTests: PermutationTest[] | null;
}

export type JoinpointResult = JoinpointFit | { ok: false; reason: string };

/** Small, seedable PRNG (Mulberry32) for reproducible permutation tests. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Weighted observations on the log scale, x and y centred for conditioning. */
interface Data {
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  xShift: number;
  yShift: number;
  /** Series index of each observation. */
  index: number[];
}

/** Suffix sums S[j] = Σ_{i ≥ j} of w, wx, wx², wy, wxy; and Σ wy². */
interface Sums {
  s0: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
  t0: Float64Array;
  t1: Float64Array;
  syy: number;
}

function sums(d: Data): Sums {
  const n = d.x.length;
  const s0 = new Float64Array(n + 1);
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  const t0 = new Float64Array(n + 1);
  const t1 = new Float64Array(n + 1);
  let syy = 0;
  for (let i = n - 1; i >= 0; i--) {
    const w = d.w[i] as number;
    const x = d.x[i] as number;
    const y = d.y[i] as number;
    s0[i] = (s0[i + 1] as number) + w;
    s1[i] = (s1[i + 1] as number) + w * x;
    s2[i] = (s2[i + 1] as number) + w * x * x;
    t0[i] = (t0[i + 1] as number) + w * y;
    t1[i] = (t1[i + 1] as number) + w * x * y;
    syy += w * y * y;
  }
  return { s0, s1, s2, t0, t1, syy };
}

/** Weighted SSE of the segmented fit with hinges after observations `js` (ascending), from the sums. */
function sseAt(d: Data, s: Sums, js: readonly number[], a: Float64Array, b: Float64Array): number {
  const k = js.length;
  const p = k + 2;
  // Lower triangle of XᵀWX, row-major: a[r·p + c] with c ≤ r.
  a[0] = s.s0[0] as number;
  a[p] = s.s1[0] as number;
  a[p + 1] = s.s2[0] as number;
  b[0] = s.t0[0] as number;
  b[1] = s.t1[0] as number;
  for (let m = 0; m < k; m++) {
    const j = (js[m] as number) + 1;
    const tau = d.x[js[m] as number] as number;
    const h = m + 2;
    a[h * p] = (s.s1[j] as number) - tau * (s.s0[j] as number);
    a[h * p + 1] = (s.s2[j] as number) - tau * (s.s1[j] as number);
    b[h] = (s.t1[j] as number) - tau * (s.t0[j] as number);
    for (let l = 0; l <= m; l++) {
      const tl = d.x[js[l] as number] as number;
      // Both hinges are non-zero after the later one, j.
      a[h * p + l + 2] =
        (s.s2[j] as number) - (tau + tl) * (s.s1[j] as number) + tau * tl * (s.s0[j] as number);
    }
  }
  if (!choleskyInPlace(a, p)) return Number.POSITIVE_INFINITY;
  // SSE = yᵀWy − bᵀ(XᵀWX)⁻¹b = yᵀWy − |L⁻¹b|².
  const explained = forwardSolveInPlace(a, b, p);
  return Math.max(0, s.syy - explained);
}

interface Best {
  /** Joinpoints on the centred x scale, ascending. */
  taus: number[];
  /** The same as series indices (exact integers at data points). */
  at: number[];
  sse: number;
}

type Search = (d: Data, s: Sums, k: number, minFromEnd: number, minBetween: number) => Best | null;

/** Grid search: the placement of k joinpoints (observation positions) with the smallest SSE. */
function bestFit(d: Data, s: Sums, k: number, minFromEnd: number, minBetween: number): Best | null {
  const n = d.x.length;
  const p = k + 2;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  if (k === 0) return { taus: [], at: [], sse: sseAt(d, s, [], a, b) };
  let best: { js: number[]; sse: number } | null = null;
  const js = new Array<number>(k).fill(0);
  const last = n - 1 - minFromEnd;
  const place = (m: number, from: number) => {
    const remaining = k - m - 1;
    for (let j = from; j <= last - remaining * (minBetween + 1); j++) {
      js[m] = j;
      if (m + 1 < k) place(m + 1, j + minBetween + 1);
      else {
        const sse = sseAt(d, s, js, a, b);
        if (!best || sse < best.sse) best = { js: js.slice(), sse };
      }
    }
  };
  place(0, minFromEnd);
  if (best === null) return null;
  const found: { js: number[]; sse: number } = best;
  return {
    taus: found.js.map((j) => d.x[j] as number),
    at: found.js.map((j) => d.index[j] as number),
    sse: found.sse,
  };
}

/**
 * Hudson's exact continuous search (see the module comment). Slot 2j: the joinpoint at observation j;
 * slot 2j + 1: strictly between observations j and j + 1.
 */
function continuousFit(d: Data, s: Sums, k: number, minFromEnd: number, minBetween: number): Best | null {
  if (k === 0) return bestFit(d, s, 0, minFromEnd, minBetween);
  const n = d.x.length;
  const p = 2 * k + 2;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  const beta = new Float64Array(p);
  // Columns [i ≥ J]·(cx·x + c1).
  const colJ = new Int32Array(p);
  const colX = new Float64Array(p);
  const col1 = new Float64Array(p);
  const slots = new Int32Array(k);
  const taus = new Float64Array(k);
  let best: Best | null = null;
  // Observations before / after a slot, the joinpoint excluded.
  const before = (slot: number) => (slot & 1 ? (slot >> 1) + 1 : slot >> 1);
  const firstAfter = (slot: number) => (slot >> 1) + 1;
  const evaluate = () => {
    let q = 0;
    colJ[q] = 0;
    colX[q] = 0;
    col1[q++] = 1;
    colJ[q] = 0;
    colX[q] = 1;
    col1[q++] = 0;
    for (let m = 0; m < k; m++) {
      const slot = slots[m] as number;
      const j = slot >> 1;
      if ((slot & 1) === 0) {
        colJ[q] = j + 1;
        colX[q] = 1;
        col1[q++] = -(d.x[j] as number);
      } else {
        colJ[q] = j + 1;
        colX[q] = 1;
        col1[q++] = 0;
        colJ[q] = j + 1;
        colX[q] = 0;
        col1[q++] = 1;
      }
    }
    const sse = solveColumns(s, q, colJ, colX, col1, a, b, beta);
    if (Number.isNaN(sse)) return;
    // The fit is the continuous model only when every free pair implies a τ inside its interval.
    let c = 2;
    for (let m = 0; m < k; m++) {
      const slot = slots[m] as number;
      const j = slot >> 1;
      if ((slot & 1) === 0) {
        taus[m] = d.x[j] as number;
        c++;
        continue;
      }
      const slope = beta[c] as number;
      const step = beta[c + 1] as number;
      c += 2;
      const tau = -step / slope;
      if (!(tau > (d.x[j] as number) && tau < (d.x[j + 1] as number))) return;
      taus[m] = tau;
    }
    if (best === null || sse < best.sse) {
      best = {
        taus: Array.from(taus),
        at: Array.from(slots, (slot, m) =>
          slot & 1 ? (taus[m] as number) + d.xShift : (d.index[slot >> 1] as number),
        ),
        sse,
      };
    }
  };
  const place = (m: number, minObs: number) => {
    // minObs: observations that must lie before this joinpoint (from the start or the previous one).
    for (let slot = 0; slot < 2 * n; slot++) {
      if (before(slot) < minObs) continue;
      const remaining = k - m - 1;
      // Observations after: n − firstAfter; later joinpoints need minBetween (+1 at a data point) each.
      if (n - firstAfter(slot) < minFromEnd + remaining * minBetween) break;
      slots[m] = slot;
      if (m + 1 < k) place(m + 1, firstAfter(slot) + minBetween);
      else if (n - firstAfter(slot) >= minFromEnd) evaluate();
    }
  };
  // Observations counted from index 0: before(slot) ≥ minFromEnd; between joinpoints: before(next) −
  // firstAfter(previous) ≥ minBetween.
  place(0, minFromEnd);
  return best;
}

/**
 * Weighted least squares on columns [i ≥ J]·(cx·x + c1) from the suffix sums: the coefficients into
 * `beta` and the SSE, or NaN when the design is singular. Overwrites a and b.
 */
function solveColumns(
  s: Sums,
  p: number,
  colJ: Int32Array,
  colX: Float64Array,
  col1: Float64Array,
  a: Float64Array,
  b: Float64Array,
  beta: Float64Array,
): number {
  for (let r = 0; r < p; r++) {
    const jr = colJ[r] as number;
    const xr = colX[r] as number;
    const cr = col1[r] as number;
    b[r] = xr * (s.t1[jr] as number) + cr * (s.t0[jr] as number);
    for (let c = 0; c <= r; c++) {
      const j = Math.max(jr, colJ[c] as number);
      const xc = colX[c] as number;
      const cc = col1[c] as number;
      a[r * p + c] =
        xr * xc * (s.s2[j] as number) +
        (xr * cc + cr * xc) * (s.s1[j] as number) +
        cr * cc * (s.s0[j] as number);
    }
  }
  if (!choleskyInPlace(a, p)) return Number.NaN;
  // Forward substitution Lz = b in place, then Lᵀβ = z.
  const explained = forwardSolveInPlace(a, b, p);
  for (let r = p - 1; r >= 0; r--) {
    let v = b[r] as number;
    for (let q = r + 1; q < p; q++) v -= (a[q * p + r] as number) * (beta[q] as number);
    beta[r] = v / (a[r * p + r] as number);
  }
  return Math.max(0, s.syy - explained);
}

function bic(sse: number, n: number, k: number, floor: number): number {
  return Math.log(Math.max(sse, floor) / n) + ((2 * k + 2) * Math.log(n)) / n;
}

function prepare(values: readonly SeriesValue[], weighting: JoinpointWeighting): Data | string {
  const index: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TypeError(`invalid value at index ${i}: ${String(v)} (expected a finite number or null)`);
    }
    if (v <= 0) return `a log-linear trend needs positive values (index ${i} is ${v})`;
    let w = 1;
    if (weighting === 'poisson') w = v;
    else if (typeof weighting === 'object' && 'poissonCounts' in weighting) {
      const c = weighting.poissonCounts[i];
      if (c === null || c === undefined || !(c > 0))
        return `Poisson weights need a positive count (index ${i})`;
      w = c;
    } else if (typeof weighting === 'object' && 'standardErrors' in weighting) {
      const se = weighting.standardErrors[i];
      if (se === null || se === undefined || !(se > 0))
        return `standard error missing or not positive (index ${i})`;
      w = (v / se) ** 2;
    }
    index.push(i);
    xs.push(i);
    ys.push(Math.log(v));
    ws.push(w);
  }
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < xs.length; i++) {
    sw += ws[i] as number;
    sx += (ws[i] as number) * (xs[i] as number);
    sy += (ws[i] as number) * (ys[i] as number);
  }
  const xShift = sw > 0 ? sx / sw : 0;
  const yShift = sw > 0 ? sy / sw : 0;
  return {
    x: Float64Array.from(xs, (x) => x - xShift),
    y: Float64Array.from(ys, (y) => y - yShift),
    w: Float64Array.from(ws),
    xShift,
    yShift,
    index,
  };
}

function withY(d: Data, y: Float64Array): Data {
  return { ...d, y };
}

/** Fits a Joinpoint-style log-linear segmented trend. Pure; deterministic given `random`. */
export function joinpoint(values: readonly SeriesValue[], opts?: JoinpointOptions): JoinpointResult {
  if (!Array.isArray(values)) throw new TypeError(`invalid series: expected an array, got ${typeof values}`);
  const maxK = opts?.maxJoinpoints ?? 2;
  const minK = opts?.minJoinpoints ?? 0;
  const minFromEnd = opts?.minFromEnd ?? 2;
  const minBetween = opts?.minBetween ?? 2;
  const selection = opts?.selection ?? 'bic';
  const searchName = opts?.search ?? 'grid';
  if (searchName !== 'grid' && searchName !== 'continuous') {
    throw new RangeError(`joinpoint: invalid search ${String(searchName)} (expected 'grid' or 'continuous')`);
  }
  const search: Search = searchName === 'grid' ? bestFit : continuousFit;
  const alpha = opts?.alpha ?? 0.05;
  const confidence = opts?.confidence ?? 0.95;
  if (!Number.isInteger(maxK) || !Number.isInteger(minK) || minK < 0 || maxK < minK) {
    throw new RangeError(`joinpoint: need integers 0 ≤ minJoinpoints ≤ maxJoinpoints, got ${minK}, ${maxK}`);
  }
  if (selection === 'permutation' && typeof opts?.random !== 'function') {
    throw new TypeError(
      'joinpoint: the permutation test needs a seeded `random` generator (e.g. mulberry32(1))',
    );
  }
  const prepared = prepare(values, opts?.weighting ?? 'constant');
  if (typeof prepared === 'string') return { ok: false, reason: prepared };
  const d = prepared;
  const n = d.x.length;
  // A k-joinpoint model needs n − (2k + 2) ≥ 1 and room for the joinpoints.
  const fits = (k: number) =>
    n - (2 * k + 2) >= 1 && (k === 0 || n >= 2 * minFromEnd + (k - 1) * (minBetween + 1) + 1);
  if (!fits(minK)) {
    const needs = Math.max(2 * minK + 3, minK === 0 ? 0 : 2 * minFromEnd + (minK - 1) * (minBetween + 1) + 1);
    return { ok: false, reason: `not enough history (needs ${needs} periods, has ${n})` };
  }
  let kMax = maxK;
  while (kMax > minK && !fits(kMax)) kMax--;

  const s = sums(d);
  const floor = 1e-24 * Math.max(s.syy, Number.MIN_VALUE);
  const models: Record<number, JoinpointModelSummary> = {};
  const best: Record<number, Best> = {};
  for (let k = minK; k <= kMax; k++) {
    const b = search(d, s, k, minFromEnd, minBetween);
    if (!b) {
      kMax = k - 1;
      break;
    }
    best[k] = b;
    models[k] = {
      joinpoints: b.at,
      sse: b.sse,
      bic: bic(b.sse, n, k, floor),
    };
  }
  if (kMax < minK) return { ok: false, reason: `no placement of ${minK} joinpoints fits ${n} observations` };

  let chosen = minK;
  let tests: PermutationTest[] | null = null;
  if (selection === 'bic') {
    for (let k = minK + 1; k <= kMax; k++) {
      if ((models[k] as JoinpointModelSummary).bic < (models[chosen] as JoinpointModelSummary).bic)
        chosen = k;
    }
  } else {
    tests = [];
    let ka = minK;
    let kb = kMax;
    const random = opts?.random as () => number;
    const permutations = opts?.permutations ?? 4499;
    while (ka < kb) {
      const test = permutationTest(d, best[ka] as Best, best[kb] as Best, ka, kb, {
        permutations,
        random,
        minFromEnd,
        minBetween,
        floor,
        search,
      });
      const level = alpha / (kMax - ka);
      const rejected = test.pValue < level;
      tests.push({ ...test, alpha: level, rejected });
      if (rejected) ka++;
      else kb--;
    }
    chosen = ka;
  }
  return summarise(d, values.length, best[chosen] as Best, {
    method: selection,
    models,
    tests,
    confidence,
    periodsPerYear: opts?.periodsPerYear ?? null,
    aapcRange: opts?.aapcRange ?? null,
  });
}

/** Weighted least squares of log y on the segmented design 1, x, (x − τ)₊ for each joinpoint τ. */
function segmentedFit(d: Data, taus: readonly number[]): LeastSquaresFit | null {
  const design: number[][] = [];
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i] as number;
    const row = [1, x];
    for (const tau of taus) row.push(Math.max(0, x - tau));
    design.push(row);
  }
  return leastSquares(design, Array.from(d.y), Array.from(d.w));
}

function fittedLog(d: Data, taus: readonly number[]): { fitted: Float64Array; residuals: Float64Array } {
  const n = d.x.length;
  const fit = segmentedFit(d, taus);
  const fitted = new Float64Array(n);
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    fitted[i] = fit ? (fit.fitted[i] as number) : 0;
    residuals[i] = fit ? (fit.residuals[i] as number) : 0;
  }
  return { fitted, residuals };
}

function permutationTest(
  d: Data,
  nullFit: Best,
  altFit: Best,
  ka: number,
  kb: number,
  o: {
    permutations: number;
    random: () => number;
    minFromEnd: number;
    minBetween: number;
    floor: number;
    search: Search;
  },
): Omit<PermutationTest, 'alpha' | 'rejected'> {
  const n = d.x.length;
  const statistic = Math.max(nullFit.sse, o.floor) / Math.max(altFit.sse, o.floor);
  const { fitted, residuals } = fittedLog(d, nullFit.taus);
  const sqrtW = Float64Array.from(d.w, Math.sqrt);
  const standardised = Float64Array.from(residuals, (r, i) => r * (sqrtW[i] as number));
  const perm = new Float64Array(n);
  const y = new Float64Array(n);
  let atLeast = 0;
  for (let r = 0; r < o.permutations; r++) {
    perm.set(standardised);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(o.random() * (i + 1));
      const tmp = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = tmp;
    }
    for (let i = 0; i < n; i++) y[i] = (fitted[i] as number) + (perm[i] as number) / (sqrtW[i] as number);
    const dp = withY(d, y);
    const sp = sums(dp);
    const a = o.search(dp, sp, ka, o.minFromEnd, o.minBetween);
    const b = o.search(dp, sp, kb, o.minFromEnd, o.minBetween);
    if (!a || !b) continue;
    const t = Math.max(a.sse, o.floor) / Math.max(b.sse, o.floor);
    if (t >= statistic * (1 - 1e-12)) atLeast++;
  }
  return { nullJoinpoints: ka, altJoinpoints: kb, statistic, pValue: (1 + atLeast) / (1 + o.permutations) };
}

function percent(b: number): number {
  return 100 * Math.expm1(b);
}

function summarise(
  d: Data,
  length: number,
  chosen: Best,
  o: {
    method: 'bic' | 'permutation';
    models: Record<number, JoinpointModelSummary>;
    tests: PermutationTest[] | null;
    confidence: number;
    periodsPerYear: number | null;
    aapcRange: readonly [number, number] | null;
  },
): JoinpointResult {
  const n = d.x.length;
  const k = chosen.taus.length;
  const fit = segmentedFit(d, chosen.taus);
  if (!fit) return { ok: false, reason: 'the segmented design is singular' };
  const df = n - (2 * k + 2);
  const mse = fit.rss / df;
  const tq = qt(1 - (1 - o.confidence) / 2, df);
  const zq = qnorm(1 - (1 - o.confidence) / 2);
  const p = k + 2;
  // Segment i's slope is cᵀβ with c = (0, 1, 1 for each earlier joinpoint, 0 …).
  const contrast = (i: number) => {
    const c = new Array<number>(p).fill(0);
    c[1] = 1;
    for (let m = 0; m < i; m++) c[m + 2] = 1;
    return c;
  };
  const slopeOf = (c: readonly number[]) => c.reduce((acc, ci, i) => acc + ci * (fit.beta[i] as number), 0);
  const seOf = (c: readonly number[]) => Math.sqrt(mse * quadraticForm(fit.unscaledCovariance, c));
  const bounds = [d.index[0] as number, ...chosen.at, d.index[n - 1] as number];
  const ppy = o.periodsPerYear;
  const segments: JoinpointSegment[] = [];
  for (let i = 0; i <= k; i++) {
    const c = contrast(i);
    const slope = slopeOf(c);
    const se = seOf(c);
    const lo = slope - tq * se;
    const hi = slope + tq * se;
    segments.push({
      startIndex: bounds[i] as number,
      endIndex: bounds[i + 1] as number,
      slope,
      slopeSe: se,
      apc: percent(slope),
      apcLower: percent(lo),
      apcUpper: percent(hi),
      pValue: se > 0 ? 2 * pt(Math.abs(slope / se), df, true) : slope === 0 ? 1 : 0,
      annualised: ppy
        ? { apc: percent(slope * ppy), apcLower: percent(lo * ppy), apcUpper: percent(hi * ppy) }
        : null,
    });
  }
  const from = o.aapcRange?.[0] ?? (bounds[0] as number);
  const to = o.aapcRange?.[1] ?? (bounds[k + 1] as number);
  if (!(from < to) || from < (bounds[0] as number) || to > (bounds[k + 1] as number)) {
    throw new RangeError(
      `joinpoint: AAPC range [${from}, ${to}] must lie within the observed [${bounds[0]}, ${bounds[k + 1]}]`,
    );
  }
  // Weighted average of the segment slopes, weights = the length of each segment inside [from, to].
  const cw = new Array<number>(p).fill(0);
  let total = 0;
  let inside = 0;
  for (let i = 0; i <= k; i++) {
    const len = Math.max(0, Math.min(to, bounds[i + 1] as number) - Math.max(from, bounds[i] as number));
    if (len <= 0) continue;
    inside++;
    total += len;
    const c = contrast(i);
    for (let q = 0; q < p; q++) cw[q] = (cw[q] as number) + len * (c[q] as number);
  }
  for (let q = 0; q < p; q++) cw[q] = (cw[q] as number) / total;
  const b = slopeOf(cw);
  const se = seOf(cw);
  const single = inside === 1;
  const crit = single ? tq : zq;
  const stat = se > 0 ? Math.abs(b / se) : b === 0 ? 0 : Number.POSITIVE_INFINITY;
  const aapc: AapcResult = {
    from,
    to,
    aapc: percent(b),
    lower: percent(b - crit * se),
    upper: percent(b + crit * se),
    pValue: single ? 2 * pt(stat, df, true) : 2 * (1 - pnorm(stat)),
    distribution: single ? 't' : 'normal',
    annualised: ppy
      ? {
          aapc: percent(b * ppy),
          lower: percent((b - crit * se) * ppy),
          upper: percent((b + crit * se) * ppy),
        }
      : null,
  };
  const fitted: (number | null)[] = new Array<number | null>(length).fill(null);
  for (let i = 0; i < n; i++) fitted[d.index[i] as number] = Math.exp((fit.fitted[i] as number) + d.yShift);
  return {
    ok: true,
    method: o.method,
    n,
    joinpoints: chosen.at,
    segments,
    aapc,
    df,
    sse: fit.rss,
    mse,
    fitted,
    models: o.models,
    permutationTests: o.tests,
  };
}

/**
 * Cholesky factorisation in place on the lower triangle of a (row-major p×p, symmetric positive definite); false when
 * a pivot is not clearly positive (a singular or nearly singular design).
 */
function choleskyInPlace(a: Float64Array, p: number): boolean {
  for (let c = 0; c < p; c++) {
    let dd = a[c * p + c] as number;
    for (let q = 0; q < c; q++) dd -= (a[c * p + q] as number) ** 2;
    if (!(dd > 1e-12 * Math.abs(a[c * p + c] as number))) return false;
    const lcc = Math.sqrt(dd);
    a[c * p + c] = lcc;
    for (let r = c + 1; r < p; r++) {
      let v = a[r * p + c] as number;
      for (let q = 0; q < c; q++) v -= (a[r * p + q] as number) * (a[c * p + q] as number);
      a[r * p + c] = v / lcc;
    }
  }
  return true;
}

/** Solves Lz = b in place (L from choleskyInPlace) and returns |z|², the sum of squares the fit explains. */
function forwardSolveInPlace(a: Float64Array, b: Float64Array, p: number): number {
  let explained = 0;
  for (let r = 0; r < p; r++) {
    let v = b[r] as number;
    for (let q = 0; q < r; q++) v -= (a[r * p + q] as number) * (b[q] as number);
    v /= a[r * p + r] as number;
    b[r] = v;
    explained += v * v;
  }
  return explained;
}
