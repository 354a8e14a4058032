/**
 * Log-link GLMs fitted by iteratively reweighted least squares as R's `glm.fit`: same starting values, same
 * convergence test (|dev − dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations).
 *
 * - `glmFit` / `glmNb`: a dense design of a few columns, Poisson or negative binomial family, and MASS's
 *   `glm.nb` (alternating the fit at fixed θ with `thetaMl`). GLR and CUSUM in-control means, NSSP's
 *   negative-binomial detector.
 * - `QuasiPoissonFit`: the Farrington family's design, one factor plus a time trend, where the normal
 *   equations are an arrowhead system solved in O(levels) with tabulated exponentials; kept apart from
 *   `glmFit` for speed and for the R quantities it returns (see the class).
 */
import { digamma, lgamma, trigamma } from './distributions.ts';
import { leastSquares, type Matrix } from './linearModel.ts';

export type GlmFamily = { kind: 'poisson' } | { kind: 'negbin'; theta: number };

export interface GlmFit {
  beta: number[];
  mu: number[];
  /** (XᵀWX)⁻¹ with the weights of the last iteration (dispersion 1, as `summary.negbin`). */
  covariance: Matrix;
  converged: boolean;
  dfResidual: number;
}

export const SINGULAR_DESIGN = 'GLM design is singular (collinear or empty baseline)';

const DOUBLE_EPS = 2.220446049250313e-16;
const GLM_EPSILON = 1e-8;
const GLM_MAXIT = 25;

/**
 * R `glm.fit` with a log link: starting values as the family's (Poisson y + 0.1, NB y + (y == 0)/6) unless
 * `etastart` is given; μ = max(e^η, ε) as R's linkinv. The weighted least squares step is Cholesky on the
 * normal equations (linearModel.ts), not R's pivoted QR. Null when the design is singular.
 */
export function glmFit(
  X: readonly (readonly number[])[],
  y: readonly number[],
  family: GlmFamily,
  etastart?: readonly number[],
): GlmFit | null {
  const n = y.length;
  const poisson = family.kind === 'poisson';
  const theta = poisson ? Number.POSITIVE_INFINITY : family.theta;
  const variance = (m: number) => (poisson ? m : m + (m * m) / theta);
  const deviance = (m: readonly number[]) => {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const yi = y[i] as number;
      const mi = m[i] as number;
      const a = yi > 0 ? yi * Math.log(yi / mi) : 0;
      d += poisson ? 2 * (a - (yi - mi)) : 2 * (a - (yi + theta) * Math.log((yi + theta) / (mi + theta)));
    }
    return d;
  };
  let eta = etastart
    ? [...etastart]
    : y.map((yi) => Math.log(poisson ? yi + 0.1 : yi + (yi === 0 ? 1 / 6 : 0)));
  let mu = eta.map(linkinv);
  let devOld = deviance(mu);
  let fit: ReturnType<typeof leastSquares> = null;
  let converged = false;
  for (let it = 0; it < GLM_MAXIT; it++) {
    // Working weights μ'(η)²/V(μ) and response η + (y − μ)/μ'(η); μ'(η) = μ for the log link.
    const w = mu.map((m) => (m * m) / variance(m));
    const z = eta.map((e, i) => e + ((y[i] as number) - (mu[i] as number)) / (mu[i] as number));
    fit = leastSquares(X, z, w);
    if (!fit) return null;
    eta = fit.fitted;
    mu = eta.map(linkinv);
    const dev = deviance(mu);
    converged = Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < GLM_EPSILON;
    devOld = dev;
    if (converged) break;
  }
  if (!fit) return null;
  return { beta: fit.beta, mu, covariance: fit.unscaledCovariance, converged, dfResidual: fit.dfResidual };
}

function linkinv(eta: number): number {
  return Math.max(Math.exp(eta), DOUBLE_EPS);
}

/** R `MASS::glm.nb` (log link, unit weights): alternate glm.fit at fixed θ and theta.ml, as MASS does. */
export function glmNb(
  X: readonly (readonly number[])[],
  y: readonly number[],
): (GlmFit & { theta: number }) | null {
  let fit = glmFit(X, y, { kind: 'poisson' });
  if (!fit) return null;
  let mu = fit.mu;
  let th = thetaMl(y, mu);
  const d1 = Math.sqrt(2 * Math.max(1, fit.dfResidual));
  const d2 = 1;
  let del = 1;
  let lm = nbLoglik(th, mu, y);
  let lm0 = lm + 2 * d1;
  let iter = 0;
  while (++iter <= GLM_MAXIT && Math.abs(lm0 - lm) / d1 + Math.abs(del) / d2 > GLM_EPSILON) {
    fit = glmFit(X, y, { kind: 'negbin', theta: th }, mu.map(Math.log));
    if (!fit) return null;
    const t0 = th;
    // MASS estimates θ from the means of the PREVIOUS fit, then moves on to the new ones.
    th = thetaMl(y, mu);
    mu = fit.mu;
    del = t0 - th;
    lm0 = lm;
    lm = nbLoglik(th, mu, y);
  }
  return { ...fit, theta: th };
}

/** R `MASS::theta.ml` (unit weights): Newton–Raphson on the profile score of θ, at most `limit` iterations. */
export function thetaMl(y: readonly number[], mu: readonly number[], limit = GLM_MAXIT): number {
  const n = y.length;
  let t0 = 0;
  for (let i = 0; i < n; i++) t0 += ((y[i] as number) / (mu[i] as number) - 1) ** 2;
  t0 = n / t0;
  const eps = DOUBLE_EPS ** 0.25;
  let it = 0;
  let del = 1;
  while (++it < limit && Math.abs(del) > eps) {
    t0 = Math.abs(t0);
    let score = 0;
    let info = 0;
    for (let i = 0; i < n; i++) {
      const yi = y[i] as number;
      const m = mu[i] as number;
      score += digamma(t0 + yi) - digamma(t0) + Math.log(t0) + 1 - Math.log(t0 + m) - (yi + t0) / (m + t0);
      info += -trigamma(t0 + yi) + trigamma(t0) - 1 / t0 + 2 / (m + t0) - (yi + t0) / (m + t0) ** 2;
    }
    del = score / info;
    t0 += del;
  }
  return Math.max(t0, 0);
}

function nbLoglik(th: number, mu: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] as number;
    const m = mu[i] as number;
    s +=
      lgamma(th + yi) -
      lgamma(th) -
      lgamma(yi + 1) +
      th * Math.log(th) +
      yi * Math.log(m + (yi === 0 ? 1 : 0)) -
      (th + yi) * Math.log(th + m);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * `QuasiPoissonFit`: quasi-Poisson log-linear GLM for the design the Farrington family needs: one factor
 * (cell means, one coefficient per level) plus an optional linear covariate (time) plus an optional offset,
 * with optional prior weights. It is fitted by iteratively reweighted least squares exactly as R's
 * `glm.fit` does for `quasipoisson(link = "log")`: same start (mu = y + 0.1), same convergence test
 * (|dev − dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations), same step halving, and the same
 * returned quantities (working weights from the start of the last iteration, working residuals from
 * its end), so that dispersion, hat values and standard errors agree with R's to rounding.
 *
 * The IRLS iterates of the fitted values do not depend on how the design's column space is
 * parametrised, so cell means give R's fits while the normal equations stay an arrowhead system
 * (diagonal in the levels, one dense row for time) solved in O(levels). Each iteration is one pass
 * over the data that updates the means, the deviance and the next iteration's normal equations
 * together, and needs no per-value exponential when the covariate takes integer values (μ is a
 * product of exponentials tabulated per level, per time and per offset). Levels without observations
 * are left out of the rank, as R aliases their columns.
 */

export interface GlmData {
  /** Number of observations (the arrays may be longer: only the first n entries are read). */
  n: number;
  y: Float64Array;
  /** Factor level of each observation, 0 ≤ level < nLevels. */
  level: Int32Array;
  nLevels: number;
  /** Linear covariate (a time trend), or null for none. Centre it for conditioning. */
  time: Float64Array | null;
  /** Offset on the log scale (e.g. log population), or null. */
  offset: Float64Array | null;
  /** Prior weights (all > 0), or null for 1. */
  priorWeights: Float64Array | null;
  /**
   * Optional precomputed log(y + 0.1) and y·log(y) (0 for y = 0), to save two logarithms per value
   * when the same values are fitted many times. Must match y.
   */
  logStart?: Float64Array;
  ylogy?: Float64Array;
}

const EPSILON = 1e-8;
const MAX_ITERATIONS = 25;
/** R's QR aliases a column whose residual norm falls below 1e-11 of its norm (squared here). */
const ALIAS_TOLERANCE = 1e-22;

/**
 * A reusable fit: buffers are sized once for `capacity` observations and `maxLevels` levels, and each
 * call to `fit` overwrites them. Read the results before the next call.
 */
export class QuasiPoissonFit {
  readonly mu: Float64Array;
  private readonly etaBuf: Float64Array;
  /** Whether etaBuf holds the last fit's linear predictor (formed on first read: few callers need it). */
  private etaFormed = false;
  private fitted: GlmData | null = null;
  /** R's `model$weights`: prior weight × mu, with mu from the start of the last iteration. */
  readonly weights: Float64Array;
  /** R's `model$residuals`: working residuals (y − mu) / mu at the final mu. */
  readonly residuals: Float64Array;
  readonly levelCoef: Float64Array;
  /** Unscaled covariance (X'WX)⁻¹ entries needed for one-level rows: diag by level, level × time, time. */
  readonly covLevel: Float64Array;
  readonly covLevelTime: Float64Array;
  covTime = 0;
  timeCoef = Number.NaN;
  hasTime = false;
  converged = false;
  iterations = 0;
  rank = 0;
  dfResidual = 0;
  deviance = 0;
  n = 0;
  /** Σ w r² over the working weights and over the prior weights, formed while the residuals are written. */
  private pearsonSum = 0;
  private priorWeightedSum = 0;
  /** Linear predictor without the offset. */
  private readonly lp: Float64Array;
  private readonly ylogy: Float64Array;
  private readonly ones: Float64Array;
  private readonly zeros: Float64Array;
  private readonly levelCount: Int32Array;
  private readonly oldLevelCoef: Float64Array;
  /** Two sets of normal-equation sums and working weights: the iteration's and the next one's. */
  private readonly sums: [Sums, Sums];
  private readonly lookup: Lookup;
  /** Per-fit constants of the aggregated IRLS step (see `Aggregates`). */
  private readonly agg: Aggregates;
  /** Whether each set of sums comes from the start (μ = y + 0.1) rather than an aggregated step. */
  private readonly genStart: [boolean, boolean] = [true, true];

  constructor(capacity: number, maxLevels: number) {
    this.mu = new Float64Array(capacity);
    this.etaBuf = new Float64Array(capacity);
    this.weights = new Float64Array(capacity);
    this.residuals = new Float64Array(capacity);
    this.lp = new Float64Array(capacity);
    this.ylogy = new Float64Array(capacity);
    this.ones = new Float64Array(capacity).fill(1);
    this.zeros = new Float64Array(capacity);
    this.levelCoef = new Float64Array(maxLevels);
    this.oldLevelCoef = new Float64Array(maxLevels);
    this.covLevel = new Float64Array(maxLevels);
    this.covLevelTime = new Float64Array(maxLevels);
    this.levelCount = new Int32Array(maxLevels);
    this.sums = [newSums(capacity, maxLevels), newSums(capacity, maxLevels)];
    this.agg = newAggregates(capacity, maxLevels, this.ones);
    this.lookup = {
      expCoef: new Float64Array(maxLevels),
      nLevels: 0,
      expTime: new Float64Array(4 * capacity + 1),
      timeIndex: new Int32Array(capacity),
      tMin: 0,
      tRange: 0,
      expOff: new Float64Array(capacity),
    };
  }

  /** Fits the model; returns `converged`. */
  fit(d: GlmData): boolean {
    const { n, y, level, nLevels } = d;
    const { mu, lp, ylogy, levelCount, levelCoef, oldLevelCoef, lookup } = this;
    // Monomorphic hot loops: absent weights, offset and covariate become ones / zeros.
    const pw = d.priorWeights ?? this.ones;
    const off = d.offset ?? this.zeros;
    const time = d.time ?? this.zeros;
    let useTime = d.time !== null;
    this.n = n;
    for (let l = 0; l < nLevels; l++) levelCount[l] = 0;
    const logStart = d.logStart;
    const ylogyIn = d.ylogy;
    let devOld = 0;
    let cur = 0 as 0 | 1;
    const agg = this.agg;
    let aggregated = true;
    if (d.offset === null && logStart !== undefined && ylogyIn !== undefined) {
      // The same sums as below, in the same order, in one pass.
      devOld = startWithoutOffset(
        d,
        pw,
        this.ones,
        time,
        useTime,
        logStart,
        ylogyIn,
        levelCount,
        this.sums[cur] as Sums,
        agg,
      );
    } else {
      for (let i = 0; i < n; i++) (levelCount[level[i] as number] as number)++;
      // Start: mustart = y + 0.1, eta = log(mustart).
      for (let i = 0; i < n; i++) {
        const yi = y[i] as number;
        const m = yi + 0.1;
        const e = logStart === undefined ? Math.log(m) : (logStart[i] as number);
        mu[i] = m;
        lp[i] = e - (off[i] as number);
        const yl = ylogyIn === undefined ? (yi > 0 ? yi * Math.log(yi) : 0) : (ylogyIn[i] as number);
        ylogy[i] = yl;
        devOld += (pw[i] as number) * (yl - yi * (e + 1) + m);
      }
      devOld *= 2;
      accumulateFrom(n, y, mu, lp, pw, time, useTime, level, nLevels, this.sums[cur] as Sums);
      aggregated = prepareAggregates(d, pw, off, ylogy, agg);
    }
    let consecutive = useTime;
    for (let i = 1; i < n && consecutive; i++) consecutive = time[i] === (time[i - 1] as number) + 1;
    agg.consecutive = consecutive;
    let levels = 0;
    for (let l = 0; l < nLevels; l++) if ((levelCount[l] as number) > 0) levels++;
    this.genStart[0] = true;
    lookup.nLevels = nLevels;
    if (!aggregated) this.prepareLookup(d, off);

    let beta = 0;
    let oldBeta = 0;
    let haveOld = false;
    let converged = false;
    let iter = 0;
    let used = cur; // the sums (and weights) of the last solve: R's QR and model$weights
    let c = 0;
    for (iter = 1; iter <= MAX_ITERATIONS; iter++) {
      const S = this.sums[cur] as Sums;
      used = cur;
      if (useTime) {
        const { sw, swt, swz } = S;
        let schur = S.stt;
        let rhs = S.stz;
        for (let l = 0; l < nLevels; l++) {
          const wl = sw[l] as number;
          if (wl > 0) {
            const s = swt[l] as number;
            schur -= (s * s) / wl;
            rhs -= (s * (swz[l] as number)) / wl;
          }
        }
        if (!(schur > ALIAS_TOLERANCE * S.stt)) {
          // The covariate is collinear with the levels: R aliases it; fit without it.
          useTime = false;
          beta = 0;
        } else {
          c = schur;
          beta = rhs / schur;
        }
      }
      for (let l = 0; l < nLevels; l++) {
        const wl = S.sw[l] as number;
        levelCoef[l] =
          wl > 0 ? ((S.swz[l] as number) - (useTime ? (S.swt[l] as number) * beta : 0)) / wl : Number.NaN;
      }
      const next = (1 - cur) as 0 | 1;
      const N = this.sums[next] as Sums;
      let dev = aggregated
        ? iterateAggregated(time, useTime, levelCoef, beta, lookup, agg, N, next)
        : iterate(n, y, ylogy, pw, off, time, useTime, level, levelCoef, beta, lookup, mu, N);
      // Step halving, as glm.fit, when the deviance is not finite or a mean is not valid (finite, > 0):
      // iterate() returns NaN for both.
      if (!Number.isFinite(dev)) {
        if (!haveOld) break;
        for (let k = 0; k < MAX_ITERATIONS && !Number.isFinite(dev); k++) {
          for (let l = 0; l < nLevels; l++) {
            levelCoef[l] = ((levelCoef[l] as number) + (oldLevelCoef[l] as number)) / 2;
          }
          beta = (beta + oldBeta) / 2;
          dev = aggregated
            ? iterateAggregated(time, useTime, levelCoef, beta, lookup, agg, N, next)
            : iterate(n, y, ylogy, pw, off, time, useTime, level, levelCoef, beta, lookup, mu, N);
        }
        if (!Number.isFinite(dev)) break;
      }
      this.genStart[next] = false;
      this.deviance = dev;
      if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < EPSILON) {
        converged = true;
        break;
      }
      devOld = dev;
      for (let l = 0; l < nLevels; l++) oldLevelCoef[l] = levelCoef[l] as number;
      oldBeta = beta;
      haveOld = true;
      cur = next;
    }
    this.iterations = Math.min(iter, MAX_ITERATIONS);
    this.converged = converged;
    this.hasTime = useTime;
    this.timeCoef = useTime ? beta : Number.NaN;
    this.rank = levels + (useTime ? 1 : 0);
    this.dfResidual = n - this.rank;
    const final = this.sums[used] as Sums;
    const weights = this.weights;
    // The dispersion sums in the same order and form as `dispersion`, which they save a pass.
    let pearson = 0;
    let priorWeighted = 0;
    if (!aggregated) {
      for (let i = 0; i < n; i++) {
        const wi = final.w[i] as number;
        weights[i] = wi;
        const m = mu[i] as number;
        const r = ((y[i] as number) - m) / m;
        this.residuals[i] = r;
        if (wi > 0) pearson += wi * r ** 2;
        const p = pw[i] as number;
        if (p > 0) priorWeighted += p * r ** 2;
      }
    } else {
      // The aggregated step keeps no per-value μ or weights: μ = e^{c_l}·E(t)·e^{offset} from the last
      // step's tables, the weights pw·μ from the tables of the step whose sums were solved last.
      const start = this.genStart[used];
      const last = (1 - used) as 0 | 1;
      const ecW = agg.expCoef[used];
      const etW = agg.expTime[used];
      const ecM = agg.expCoef[last];
      const etM = agg.expTime[last];
      const expOff = agg.expOff;
      for (let i = 0; i < n; i++) {
        const l = level[i] as number;
        const eo = expOff[i] as number;
        const p = pw[i] as number;
        const yi = y[i] as number;
        const wi = start ? p * (yi + 0.1) : p * ((ecW[l] as number) * (etW[i] as number) * eo);
        weights[i] = wi;
        const m = (ecM[l] as number) * (etM[i] as number) * eo;
        mu[i] = m;
        const r = (yi - m) / m;
        this.residuals[i] = r;
        if (wi > 0) pearson += wi * r ** 2;
        if (p > 0) priorWeighted += p * r ** 2;
      }
    }
    // (X'WX)⁻¹ from the last solve's weights (R's QR): arrowhead inverse.
    for (let l = 0; l < nLevels; l++) {
      const wl = final.sw[l] as number;
      if (!(wl > 0)) {
        this.covLevel[l] = Number.NaN;
        this.covLevelTime[l] = Number.NaN;
      } else if (!useTime) {
        this.covLevel[l] = 1 / wl;
        this.covLevelTime[l] = 0;
      } else {
        const s = final.swt[l] as number;
        this.covLevel[l] = 1 / wl + (s * s) / (wl * wl * c);
        this.covLevelTime[l] = -s / (wl * c);
      }
    }
    this.covTime = useTime ? 1 / c : 0;
    this.pearsonSum = pearson;
    this.priorWeightedSum = priorWeighted;
    this.fitted = d;
    this.etaFormed = false;
    return converged;
  }

  /** Linear predictor including the offset, of the last fit (read it before changing that fit's data). */
  get eta(): Float64Array {
    const d = this.fitted;
    if (this.etaFormed || d === null) return this.etaBuf;
    const { level, time, offset } = d;
    const beta = this.timeCoef;
    for (let i = 0; i < this.n; i++) {
      const t = this.hasTime && time !== null ? beta * (time[i] as number) : 0;
      this.etaBuf[i] =
        (this.levelCoef[level[i] as number] as number) + t + (offset === null ? 0 : (offset[i] as number));
    }
    this.etaFormed = true;
    return this.etaBuf;
  }

  /** Σ w r² / df with the given weights (R's `summary.glm` dispersion when they are `model$weights`). */
  dispersion(weights?: Float64Array): number {
    if (this.dfResidual <= 0) return Number.NaN;
    if (weights === undefined) return this.pearsonSum / this.dfResidual;
    let s = 0;
    for (let i = 0; i < this.n; i++) {
      const w = weights[i] as number;
      if (w > 0) s += w * (this.residuals[i] as number) ** 2;
    }
    return s / this.dfResidual;
  }

  /** Σ pw r² / df with the fit's prior weights (1 without): `dispersion(priorWeights)` as fitted. */
  priorWeightsDispersion(): number {
    return this.dfResidual <= 0 ? Number.NaN : this.priorWeightedSum / this.dfResidual;
  }

  /** x'(X'WX)⁻¹x for a row with one level and the covariate value `time`. */
  unscaledVariance(level: number, time: number): number {
    const v = this.covLevel[level] as number;
    if (!this.hasTime) return v;
    return v + 2 * time * (this.covLevelTime[level] as number) + time * time * this.covTime;
  }

  /** Linear predictor (without offset) for a level and covariate value. */
  linkPredict(level: number, time: number): number {
    return (this.levelCoef[level] as number) + (this.hasTime ? this.timeCoef * time : 0);
  }

  /** Hat values w_i x_i'(X'WX)⁻¹x_i into `out` (R's `hatvalues`). */
  hatValues(d: GlmData, out: Float64Array): void {
    for (let i = 0; i < this.n; i++) {
      const t = this.hasTime && d.time !== null ? (d.time[i] as number) : 0;
      out[i] = (this.weights[i] as number) * this.unscaledVariance(d.level[i] as number, t);
    }
  }

  /** exp(offset) per value, and the integer time grid when the covariate allows one. */
  private prepareLookup(d: GlmData, off: Float64Array): void {
    const k = this.lookup;
    const n = d.n;
    k.nLevels = d.nLevels;
    k.expOff = d.offset === null ? this.ones : this.expOffBuffer();
    if (d.offset !== null) for (let i = 0; i < n; i++) k.expOff[i] = Math.exp(off[i] as number);
    k.tRange = 0;
    k.tMin = 0;
    const time = d.time;
    if (time === null || n === 0) return;
    let tMin = Number.POSITIVE_INFINITY;
    let tMax = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const t = time[i] as number;
      if (!Number.isInteger(t)) return;
      if (t < tMin) tMin = t;
      if (t > tMax) tMax = t;
    }
    if (tMax - tMin >= k.expTime.length) return;
    k.tMin = tMin;
    k.tRange = tMax - tMin + 1;
    for (let i = 0; i < n; i++) k.timeIndex[i] = (time[i] as number) - tMin;
  }

  private expOffStore: Float64Array | null = null;
  private expOffBuffer(): Float64Array {
    if (this.expOffStore === null) this.expOffStore = new Float64Array(this.mu.length);
    return this.expOffStore;
  }
}

/** Normal-equation sums by level (Σw, Σwt, Σwz), overall (Σwt², Σwtz), and the working weights w. */
interface Sums {
  sw: Float64Array;
  swt: Float64Array;
  swz: Float64Array;
  stt: number;
  stz: number;
  w: Float64Array;
}

function newSums(capacity: number, maxLevels: number): Sums {
  return {
    sw: new Float64Array(maxLevels),
    swt: new Float64Array(maxLevels),
    swz: new Float64Array(maxLevels),
    stt: 0,
    stz: 0,
    w: new Float64Array(capacity),
  };
}

/** Precomputed exponentials: μ = expCoef[level] · expTime[timeIndex] · expOff. */
interface Lookup {
  expCoef: Float64Array;
  nLevels: number;
  expTime: Float64Array;
  timeIndex: Int32Array;
  tMin: number;
  /** Number of distinct integer times tabulated; 0 = times are not small integers: use exp per value. */
  tRange: number;
  expOff: Float64Array;
}

/**
 * The working weights w = pw·μ and responses z = lp + (y − μ)/μ (lp: linear predictor without
 * offset) summed into S; w·z is written pw·(μ·lp + y − μ), which needs no division.
 */
function accumulateFrom(
  n: number,
  y: Float64Array,
  mu: Float64Array,
  lp: Float64Array,
  pw: Float64Array,
  time: Float64Array,
  useTime: boolean,
  level: Int32Array,
  nLevels: number,
  S: Sums,
): void {
  const { sw, swt, swz, w } = S;
  // Small loops rather than TypedArray#fill: nLevels is 1–12 and fill's call costs more.
  for (let l = 0; l < nLevels; l++) {
    sw[l] = 0;
    swt[l] = 0;
    swz[l] = 0;
  }
  let stt = 0;
  let stz = 0;
  for (let i = 0; i < n; i++) {
    const m = mu[i] as number;
    const p = pw[i] as number;
    const wi = p * m;
    const wz = p * (m * (lp[i] as number) + (y[i] as number) - m);
    w[i] = wi;
    const l = level[i] as number;
    sw[l] = (sw[l] as number) + wi;
    swz[l] = (swz[l] as number) + wz;
    if (useTime) {
      const t = time[i] as number;
      swt[l] = (swt[l] as number) + wi * t;
      stt += wi * t * t;
      stz += wz * t;
    }
  }
  S.stt = stt;
  S.stz = stz;
}

/**
 * One IRLS step after the solve: μ = exp(coef[level] + β·t + offset), the deviance
 * 2 Σ pw (y log(y/μ) − (y − μ)) — written ylogy − y(η + 1) + μ, which is μ when y = 0 — and, in the
 * same pass, the next iteration's sums into N. Returns NaN when some μ is not finite and positive.
 * With integer times μ is a product of tabulated exponentials (exp(βt) by powers of exp(β), restarted
 * every 16 steps, so within a few ulps of exp(η)).
 */
function iterate(
  n: number,
  y: Float64Array,
  ylogy: Float64Array,
  pw: Float64Array,
  off: Float64Array,
  time: Float64Array,
  useTime: boolean,
  level: Int32Array,
  coef: Float64Array,
  beta: number,
  k: Lookup,
  mu: Float64Array,
  N: Sums,
): number {
  const { expCoef, expTime, timeIndex, expOff } = k;
  const nLevels = k.nLevels;
  for (let l = 0; l < nLevels; l++) expCoef[l] = Math.exp(coef[l] as number);
  const b = useTime ? beta : 0;
  const tabulated = b === 0 || k.tRange > 0;
  if (b !== 0 && k.tRange > 0) {
    const r = Math.exp(b);
    let e = 1;
    for (let j = 0; j < k.tRange; j++) {
      e = (j & 15) === 0 ? Math.exp(b * (k.tMin + j)) : e * r;
      expTime[j] = e;
    }
  }
  const { sw, swt, swz, w } = N;
  for (let l = 0; l < nLevels; l++) {
    sw[l] = 0;
    swt[l] = 0;
    swz[l] = 0;
  }
  let stt = 0;
  let stz = 0;
  let dev = 0;
  let valid = true;
  for (let i = 0; i < n; i++) {
    const l = level[i] as number;
    const t = time[i] as number;
    const o = off[i] as number;
    const lin = (coef[l] as number) + b * t;
    let m: number;
    if (!tabulated) m = Math.exp(lin + o);
    else if (b === 0) m = (expCoef[l] as number) * (expOff[i] as number);
    else m = (expCoef[l] as number) * (expTime[timeIndex[i] as number] as number) * (expOff[i] as number);
    mu[i] = m;
    if (!(m > 0 && m < Number.POSITIVE_INFINITY)) valid = false;
    const yi = y[i] as number;
    const p = pw[i] as number;
    dev += p * ((ylogy[i] as number) - yi * (lin + o + 1) + m);
    const wi = p * m;
    const wz = p * (m * lin + yi - m);
    w[i] = wi;
    sw[l] = (sw[l] as number) + wi;
    swz[l] = (swz[l] as number) + wz;
    if (useTime) {
      swt[l] = (swt[l] as number) + wi * t;
      stt += wi * t * t;
      stz += wz * t;
    }
  }
  N.stt = stt;
  N.stz = stz;
  return valid ? 2 * dev : Number.NaN;
}

/**
 * Per-fit constants of `iterateAggregated`. With a log link every working-weight sum factors by level:
 * μᵢ = e^{c_l}·qᵢ·E(tᵢ)/pwᵢ with qᵢ = pwᵢ·e^{offsetᵢ} and E(t) = e^{βt}, so
 *   Σ_l w = e^{c_l}·A_l, Σ_l w·t = e^{c_l}·B_l, Σ w·t² = Σ_l e^{c_l}·C_l  (A, B, C: Σ q·E·{1, t, t²}),
 *   Σ_l w·z = (c_l − 1)·Σ_l w + β·Σ_l w·t + Σ_l pw·y  (Σ_l pw·y, Σ_l pw·y·t: constants of the fit).
 * One IRLS step is then one pass over the values (sums kept in registers along runs of one level, e^{βt}
 * by products, the deviance term by term as glm.fit) and one over the levels, instead of per-value
 * weights, responses and scattered level sums. Same quantities as `iterate`, summed in another order.
 */
interface Aggregates {
  /** pw·e^{offset} of each value: the prior weights themselves without an offset, else `qBuf`. */
  q: Float64Array;
  qBuf: Float64Array;
  py: Float64Array;
  pyt: Float64Array;
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  /** Runs of consecutive values with the same level: values runStart[r]..runStart[r + 1] − 1. */
  runStart: Int32Array;
  runLevel: Int32Array;
  /** Smallest and largest e^{offset} of each run. */
  runOffMin: Float64Array;
  runOffMax: Float64Array;
  nRuns: number;
  /** Whether the times are consecutive integers (e^{βt} then restarts only every 16 values). */
  consecutive: boolean;
  /** e^{offset} of each value: `ones` without an offset, else `expOffBuf`. */
  expOff: Float64Array;
  expOffBuf: Float64Array;
  /** Σ pw·(y·log y − y·(1 + offset)): the deviance's part that does not depend on the coefficients. */
  devConst: number;
  /** Per set of sums (slot 0/1): e^{c_l} and E(tᵢ) = e^{βtᵢ} of each value (1 without a time term). */
  expCoef: [Float64Array, Float64Array];
  expTime: [Float64Array, Float64Array];
}

function newAggregates(capacity: number, maxLevels: number, ones: Float64Array): Aggregates {
  const qBuf = new Float64Array(capacity);
  const expOffBuf = new Float64Array(capacity);
  return {
    q: qBuf,
    qBuf,
    py: new Float64Array(maxLevels),
    pyt: new Float64Array(maxLevels),
    a: new Float64Array(maxLevels),
    b: new Float64Array(maxLevels),
    c: new Float64Array(maxLevels),
    runStart: new Int32Array(capacity + 1),
    runLevel: new Int32Array(capacity),
    runOffMin: new Float64Array(capacity),
    runOffMax: new Float64Array(capacity),
    nRuns: 0,
    consecutive: false,
    devConst: 0,
    expOff: ones,
    expOffBuf,
    expCoef: [new Float64Array(maxLevels), new Float64Array(maxLevels)],
    expTime: [new Float64Array(capacity), new Float64Array(capacity)],
  };
}

/**
 * Without an offset, with log(y + 0.1) and y·log y given: the start (μ = y + 0.1), its deviance (returned)
 * and normal-equation sums into S, the level counts and `prepareAggregates`' constants, in one pass and
 * in the same order as the separate passes (same rounding: a level's sums are carried in locals along a
 * run of that level and added on in the same order). S's per-value weights are not written: the
 * aggregated path never reads them. The prior weights serve as q (e^{offset} = 1).
 */
function startWithoutOffset(
  d: GlmData,
  pw: Float64Array,
  ones: Float64Array,
  time: Float64Array,
  useTime: boolean,
  logStart: Float64Array,
  ylogy: Float64Array,
  levelCount: Int32Array,
  S: Sums,
  g: Aggregates,
): number {
  const { n, y, level, nLevels } = d;
  const hasTime = d.time !== null;
  const { sw, swt, swz } = S;
  const { py, pyt, runStart, runLevel, runOffMin, runOffMax } = g;
  g.q = pw;
  g.expOff = ones;
  for (let l = 0; l < nLevels; l++) {
    sw[l] = 0;
    swt[l] = 0;
    swz[l] = 0;
    py[l] = 0;
    pyt[l] = 0;
  }
  let stt = 0;
  let stz = 0;
  let dev = 0;
  let devConst = 0;
  let runs = 0;
  let i = 0;
  while (i < n) {
    const l = level[i] as number;
    runStart[runs] = i;
    runLevel[runs] = l;
    runOffMin[runs] = 1;
    runOffMax[runs] = 1;
    runs++;
    let count = levelCount[l] as number;
    let sW = sw[l] as number;
    let sWz = swz[l] as number;
    let sWt = swt[l] as number;
    let sPy = py[l] as number;
    let sPyt = pyt[l] as number;
    for (; i < n && level[i] === l; i++) {
      const yi = y[i] as number;
      const p = pw[i] as number;
      const t = time[i] as number;
      count++;
      const m = yi + 0.1;
      const e = logStart[i] as number;
      const yl = ylogy[i] as number;
      dev += p * (yl - yi * (e + 1) + m);
      // accumulateFrom with lp = e (no offset)
      const wi = p * m;
      const wz = p * (m * e + yi - m);
      sW += wi;
      sWz += wz;
      if (useTime) {
        sWt += wi * t;
        stt += wi * t * t;
        stz += wz * t;
      }
      // prepareAggregates with e^{offset} = 1
      const pyi = p * yi;
      devConst += p * yl - pyi;
      sPy += pyi;
      if (hasTime) sPyt += pyi * t;
    }
    levelCount[l] = count;
    sw[l] = sW;
    swz[l] = sWz;
    swt[l] = sWt;
    py[l] = sPy;
    pyt[l] = sPyt;
  }
  S.stt = stt;
  S.stz = stz;
  runStart[runs] = n;
  g.nRuns = runs;
  g.devConst = devConst;
  return 2 * dev;
}

/** Fills the per-fit constants; false when they cannot be used (non-finite inputs). */
function prepareAggregates(
  d: GlmData,
  pw: Float64Array,
  off: Float64Array,
  ylogy: Float64Array,
  g: Aggregates,
): boolean {
  const { n, y, level, nLevels } = d;
  const time = d.time;
  const { py, pyt } = g;
  const q = g.qBuf;
  const expOff = g.expOffBuf;
  g.q = q;
  g.expOff = expOff;
  for (let l = 0; l < nLevels; l++) {
    py[l] = 0;
    pyt[l] = 0;
  }
  let finite = true;
  let devConst = 0;
  const hasOffset = d.offset !== null;
  for (let i = 0; i < n; i++) {
    const p = pw[i] as number;
    const yi = y[i] as number;
    const eo = hasOffset ? Math.exp(off[i] as number) : 1;
    expOff[i] = eo;
    if (!(eo > 0 && eo < Number.POSITIVE_INFINITY)) finite = false;
    q[i] = p * eo;
    const l = level[i] as number;
    const pyi = p * yi;
    devConst += p * (ylogy[i] as number) - pyi * (1 + (off[i] as number));
    py[l] = (py[l] as number) + pyi;
    if (time !== null) pyt[l] = (pyt[l] as number) + pyi * (time[i] as number);
  }
  let runs = 0;
  for (let i = 0; i < n; i++) {
    const l = level[i] as number;
    const eo = expOff[i] as number;
    if (runs === 0 || g.runLevel[runs - 1] !== l) {
      g.runStart[runs] = i;
      g.runLevel[runs] = l;
      g.runOffMin[runs] = eo;
      g.runOffMax[runs] = eo;
      runs++;
    } else {
      g.runOffMin[runs - 1] = Math.min(g.runOffMin[runs - 1] as number, eo);
      g.runOffMax[runs - 1] = Math.max(g.runOffMax[runs - 1] as number, eo);
    }
  }
  g.runStart[runs] = n;
  g.nRuns = runs;
  g.devConst = devConst;
  return finite;
}

/**
 * `iterate` by level aggregates (integer times only: E(t) comes from the table). Fills N's level sums
 * (not its per-value weights) and returns the deviance, or NaN when some μ might not be finite and
 * positive (checked at the extremes of each run). The deviance comes from totals (per-fit constants and
 * level sums), not value by value: the totals cancel by a factor of about log(mean count) + 1, which
 * costs a digit or two of its 16, far inside glm.fit's convergence test (|Δdev|/dev < 1e-8).
 */
function iterateAggregated(
  time: Float64Array,
  useTime: boolean,
  coef: Float64Array,
  beta: number,
  k: Lookup,
  g: Aggregates,
  N: Sums,
  slot: 0 | 1,
): number {
  const expCoef = g.expCoef[slot];
  const E = g.expTime[slot];
  const nLevels = k.nLevels;
  const bt = useTime ? beta : 0;
  const { a, b, c, q, runStart, runLevel, runOffMin, runOffMax } = g;
  for (let l = 0; l < nLevels; l++) {
    a[l] = 0;
    b[l] = 0;
    c[l] = 0;
    const cl = coef[l] as number;
    expCoef[l] = Number.isNaN(cl) ? 0 : Math.exp(cl);
  }
  // e^{βt} by products along consecutive times, restarted with exp() after a gap and every 16 values
  // (within a few ulps of exp(βt)), in one pass; then the sums in locals over each run of one level.
  // μ is monotone in t along a run, so it is valid (finite, > 0) everywhere when it is at both ends.
  const n = g.runStart[g.nRuns] as number;
  if (useTime && g.consecutive) {
    // The same products without the test for a gap.
    const r = Math.exp(bt);
    for (let s = 0; s < n; s += 16) {
      let e = Math.exp(bt * (time[s] as number));
      E[s] = e;
      const end = Math.min(s + 16, n);
      for (let i = s + 1; i < end; i++) {
        e *= r;
        E[i] = e;
      }
    }
  } else if (useTime) {
    const r = Math.exp(bt);
    let e = 1;
    let tPrev = Number.NaN;
    for (let i = 0; i < n; i++) {
      const t = time[i] as number;
      e = t === tPrev + 1 && (i & 15) !== 0 ? e * r : Math.exp(bt * t);
      tPrev = t;
      E[i] = e;
    }
  } else {
    for (let i = 0; i < n; i++) E[i] = 1;
  }
  let valid = true;
  for (let run = 0; run < g.nRuns; run++) {
    const l = runLevel[run] as number;
    const ec = expCoef[l] as number;
    const begin = runStart[run] as number;
    const end = runStart[run + 1] as number;
    let sa = 0;
    let sb = 0;
    let sc = 0;
    for (let i = begin; i < end; i++) {
      const t = time[i] as number;
      const qe = (q[i] as number) * (E[i] as number);
      const qet = qe * t;
      sa += qe;
      sb += qet;
      sc += qet * t;
    }
    // Smallest and largest μ of the run (e^{offset} between runOffMin and runOffMax).
    const eFirst = E[begin] as number;
    const eLast = E[end - 1] as number;
    const lo = ec * Math.min(eFirst, eLast) * (runOffMin[run] as number);
    const hi = ec * Math.max(eFirst, eLast) * (runOffMax[run] as number);
    if (!(lo > 0 && hi < Number.POSITIVE_INFINITY)) valid = false;
    a[l] = (a[l] as number) + sa;
    b[l] = (b[l] as number) + sb;
    c[l] = (c[l] as number) + sc;
  }
  if (!valid) return Number.NaN;
  // Deviance 2 Σ pw (y log(y/μ) − (y − μ)) from totals: Σ pw(y log y − y(1 + o)) − Σ_l (c_l·Σ_l pw·y +
  // β·Σ_l pw·y·t) + Σ_l e^{c_l}·A_l.
  let dev = g.devConst;
  for (let l = 0; l < nLevels; l++) {
    const cl = coef[l] as number;
    if (Number.isNaN(cl)) continue;
    dev += (expCoef[l] as number) * (a[l] as number) - cl * (g.py[l] as number) - bt * (g.pyt[l] as number);
  }
  const { sw, swt, swz } = N;
  let stt = 0;
  let stz = 0;
  const { py, pyt } = g;
  for (let l = 0; l < nLevels; l++) {
    const cl = coef[l] as number;
    if (Number.isNaN(cl)) {
      // A level without values (R aliases it): no sums.
      sw[l] = 0;
      swt[l] = 0;
      swz[l] = 0;
      continue;
    }
    const ec = expCoef[l] as number;
    const s0 = ec * (a[l] as number);
    const s1 = ec * (b[l] as number);
    sw[l] = s0;
    swt[l] = useTime ? s1 : 0;
    swz[l] = (cl - 1) * s0 + (useTime ? bt * s1 : 0) + (py[l] as number);
    if (useTime) {
      const s2 = ec * (c[l] as number);
      stt += s2;
      stz += cl * s1 + bt * s2 + (pyt[l] as number) - s1;
    }
  }
  N.stt = stt;
  N.stz = stz;
  return 2 * dev;
}
