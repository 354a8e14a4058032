/**
 * Negative-binomial regression detector as in Rnssp `alert_nbinom`: `MASS::glm.nb(y ~ obs + cos + sin)`
 * fitted to the baseline period (see nsspSeasonalBaseline.ts), then for every period
 *
 *   η̂ ± qt(0.975, n − 4)·se(η̂) → upper_ci = exp(η̂ + qt(0.975, n − 4)·se(η̂))
 *   threshold = upper_pi = qnbinom(0.975, size = θ̂, mu = upper_ci),   alarm ⇔ y > upper_pi
 *
 * with se(η̂) from the GLM's unscaled covariance (dispersion 1, as `summary.negbin`). The fit follows
 * `glm.nb`: a Poisson IRLS start (μ = y + 0.1), θ by `theta.ml` (Newton on the profile score, limit 25
 * iterations), then alternating IRLS for NB(θ) and θ updates until the log-likelihood and θ settle (1e-8).
 * `expected` = exp(η̂) (Rnssp's `estimate`). `score` = `pValue` = P(Y ≥ y) under NB(θ̂, upper_ci), so
 * alarm ⇔ pValue ≤ 0.025 — a p-value of the same bound Rnssp tests, not of the point estimate.
 * Counts must be non-negative integers (as Rnssp checks); nulls are left out of the fit.
 */
import { SUPPRESSED } from './detectionPoint.ts';
import { digamma, lgamma, pnbinomMu, qnbinomMu, qt, trigamma } from './distributions.ts';
import { leastSquares, quadraticForm } from './linearModel.ts';
import { type Found, makePoint, type NsspPoint } from './nssp.ts';
import { type SeasonalBaselineOptions, seasonalSetup, unfitted } from './nsspSeasonalBaseline.ts';
import type { SeriesValue } from './types.ts';

export type NsspNbinomOptions = SeasonalBaselineOptions;

const MAXIT = 25;
const EPSILON = 1e-8;

interface GlmFit {
  beta: number[];
  mu: number[];
  /** (XᵀWX)⁻¹ with the final IRLS weights. */
  covariance: number[][];
}

/** IRLS for a log-link GLM with variance μ + μ²/θ (θ = Infinity: Poisson), as R's glm.fit. */
function irls(x: number[][], y: number[], theta: number, eta0: number[]): GlmFit | null {
  const n = y.length;
  let eta = eta0.slice();
  let mu = eta.map(Math.exp);
  const deviance = (m: number[]) => {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const yi = y[i] as number;
      const mi = m[i] as number;
      const a = yi > 0 ? yi * Math.log(yi / mi) : 0;
      d += Number.isFinite(theta)
        ? 2 * (a - (yi + theta) * Math.log((yi + theta) / (mi + theta)))
        : 2 * (a - (yi - mi));
    }
    return d;
  };
  let devOld = deviance(mu);
  let fit: ReturnType<typeof leastSquares> = null;
  for (let it = 0; it < MAXIT; it++) {
    const w = mu.map((m) => (Number.isFinite(theta) ? m / (1 + m / theta) : m));
    const z = eta.map((e, i) => e + ((y[i] as number) - (mu[i] as number)) / (mu[i] as number));
    fit = leastSquares(x, z, w);
    if (!fit) return null;
    eta = fit.fitted;
    mu = eta.map(Math.exp);
    const dev = deviance(mu);
    const done = Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < EPSILON;
    devOld = dev;
    if (done) break;
  }
  if (!fit) return null;
  return { beta: fit.beta, mu, covariance: fit.unscaledCovariance };
}

/** MASS::theta.ml: ML estimate of θ given μ (Newton–Raphson, as MASS, `limit` iterations). */
export function thetaMl(y: readonly number[], mu: readonly number[], limit = MAXIT): number {
  const n = y.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += ((y[i] as number) / (mu[i] as number) - 1) ** 2;
  let t0 = n / s;
  const eps = Number.EPSILON ** 0.25;
  let it = 0;
  let del = 1;
  while (++it < limit && Math.abs(del) > eps) {
    t0 = Math.abs(t0);
    let score = 0;
    let info = 0;
    for (let i = 0; i < n; i++) {
      const yi = y[i] as number;
      const mi = mu[i] as number;
      score += digamma(t0 + yi) - digamma(t0) + Math.log(t0) + 1 - Math.log(t0 + mi) - (yi + t0) / (mi + t0);
      info += -trigamma(t0 + yi) + trigamma(t0) - 1 / t0 + 2 / (mi + t0) - (yi + t0) / (mi + t0) ** 2;
    }
    del = score / info;
    t0 += del;
  }
  return Math.max(0, t0);
}

function logLik(theta: number, mu: readonly number[], y: readonly number[]): number {
  let l = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] as number;
    const mi = mu[i] as number;
    l +=
      lgamma(theta + yi) -
      lgamma(theta) -
      lgamma(yi + 1) +
      theta * Math.log(theta) +
      yi * Math.log(mi + (yi === 0 ? 1 : 0)) -
      (theta + yi) * Math.log(theta + mi);
  }
  return l;
}

export interface NegBinFit {
  beta: number[];
  theta: number;
  covariance: number[][];
  dfResidual: number;
}

/** MASS::glm.nb for a log link and unit prior weights. Null when the design is singular. */
export function glmNb(x: number[][], y: number[]): NegBinFit | null {
  const pois = irls(
    x,
    y,
    Number.POSITIVE_INFINITY,
    y.map((v) => Math.log(v + 0.1)),
  );
  if (!pois) return null;
  let mu = pois.mu;
  let th = thetaMl(y, mu);
  const dfResidual = y.length - (x[0]?.length ?? 0);
  const d1 = Math.sqrt(2 * Math.max(1, dfResidual));
  let del = 1;
  const d2 = 1;
  let lm = logLik(th, mu, y);
  let lm0 = lm + 2 * d1;
  let fit: GlmFit = pois;
  let iter = 0;
  while (++iter <= MAXIT && Math.abs(lm0 - lm) / d1 + Math.abs(del) / d2 > EPSILON) {
    const next = irls(x, y, th, mu.map(Math.log));
    if (!next) return null;
    fit = next;
    const t0 = th;
    th = thetaMl(y, mu);
    mu = fit.mu;
    del = t0 - th;
    lm0 = lm;
    lm = logLik(th, mu, y);
  }
  return { beta: fit.beta, theta: th, covariance: fit.covariance, dfResidual };
}

export function nsspNbinom(values: readonly SeriesValue[], opts: NsspNbinomOptions): NsspPoint[] {
  const s = seasonalSetup(values, opts, 'nsspNbinom');
  values.forEach((v, i) => {
    if (v !== null && (v < 0 || !Number.isInteger(v))) {
      throw new RangeError(`nsspNbinom: counts must be non-negative integers (index ${i} is ${v})`);
    }
  });
  if (s.short) {
    return unfitted(values, `not enough history (needs ${s.short.needs} periods, has ${s.short.has})`);
  }
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i <= s.baselineEnd; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    rows.push(s.rows[i] as number[]);
    y.push(v);
  }
  if (y.every((v) => v === 0)) {
    return unfitted(values, 'all baseline counts are zero: the negative-binomial model cannot be fitted');
  }
  const fit = rows.length > 4 ? glmNb(rows, y) : null;
  if (!fit || !(fit.theta > 0)) {
    return unfitted(values, `negative-binomial model could not be fitted to ${y.length} baseline values`);
  }
  const q = qt(0.975, fit.dfResidual);
  return values.map((x, t): NsspPoint => {
    const x0 = s.rows[t] as number[];
    let eta = 0;
    for (let i = 0; i < 4; i++) eta += (x0[i] as number) * (fit.beta[i] as number);
    const se = Math.sqrt(quadraticForm(fit.covariance, x0));
    const upperCi = Math.exp(eta + q * se);
    const threshold = qnbinomMu(0.975, fit.theta, upperCi);
    const found: Found = { expected: Math.exp(eta), threshold, baselineStart: 0, baselineEnd: s.baselineEnd };
    if (x === null) return makePoint(t, x, found, null, SUPPRESSED, 'nbinom');
    const pValue = x === 0 ? 1 : 1 - pnbinomMu(x - 1, fit.theta, upperCi);
    const alarm = x > threshold;
    const verdict = { score: pValue, pValue, level: alarm ? ('red' as const) : ('blue' as const), alarm };
    return makePoint(t, x, found, verdict, null, 'nbinom');
  });
}
