/**
 * Negative-binomial regression detector as in Rnssp `alert_nbinom` (Rnssp 0.2.0, 2023-02-10, to 0.3.1,
 * 2025-08-22, unchanged): `MASS::glm.nb(y ~ obs + cos + sin)` (`includeTime: false`: `y ~ cos + sin`, Rnssp's
 * `include_time = FALSE`) fitted to the baseline period (see nsspSeasonalBaseline.ts), then for every period
 *
 *   upper_ci = exp(η̂ + qt(0.95, n − p)·se(η̂))
 *   threshold = qnbinom(0.95, size = θ̂, mu = upper_ci),   alarm ⇔ y > threshold
 *
 * 0.95 is Rnssp's since its commit of 2023-01-12 (first released in 0.2.0); the development version before
 * it, and Centinela before issue 18, used 0.975 (a two-sided 95 % interval): `quantile: 0.975` gives that.
 *
 * with se(η̂) from the GLM's unscaled covariance (dispersion 1, as `summary.negbin`). The fit (`glmNb`,
 * glm.ts) follows `glm.nb`: a Poisson IRLS start (μ = y + 0.1), θ by `theta.ml` (Newton on the profile
 * score, limit 25 iterations), then alternating IRLS for NB(θ) and θ updates until the log-likelihood and θ
 * settle (1e-8).
 * `expected` = exp(η̂) (Rnssp's `estimate`). `score` = `pValue` = P(Y ≥ y) under NB(θ̂, upper_ci), so
 * alarm ⇔ pValue ≤ 1 − quantile — a p-value of the same bound Rnssp tests, not of the point estimate.
 * Counts must be non-negative integers (as Rnssp checks); nulls are left out of the fit.
 */
import { SUPPRESSED } from './detectionPoint.ts';
import { pnbinomMu, qnbinomMu, qt } from './distributions.ts';
import { glmNb } from './glm.ts';
import { quadraticForm } from './linearModel.ts';
import { type Found, makePoint, type NsspPoint } from './nssp.ts';
import { type SeasonalBaselineOptions, seasonalSetup, unfitted } from './nsspSeasonalBaseline.ts';
import type { SeriesValue } from './types.ts';

export interface NsspNbinomOptions extends SeasonalBaselineOptions {
  /** Include the linear time term `obs` (Rnssp's `include_time`, default true). */
  includeTime?: boolean;
  /** Quantile of both the t bound and the NB threshold (Rnssp ≥ 0.2.0: 0.95; 0.975 before). */
  quantile?: number;
}

export function nsspNbinom(values: readonly SeriesValue[], opts: NsspNbinomOptions): NsspPoint[] {
  const s = seasonalSetup(values, opts, 'nsspNbinom');
  values.forEach((v, i) => {
    if (v !== null && (v < 0 || !Number.isInteger(v))) {
      throw new RangeError(`nsspNbinom: counts must be non-negative integers (index ${i} is ${v})`);
    }
  });
  const quantile = opts.quantile ?? 0.95;
  if (!(quantile > 0.5 && quantile < 1)) {
    throw new RangeError(`nsspNbinom: quantile must be in (0.5, 1), got ${quantile}`);
  }
  const includeTime = opts.includeTime ?? true;
  // Design rows are [1, obs, cos, sin]; without the time term, [1, cos, sin].
  const design = includeTime ? s.rows : s.rows.map((r) => [r[0] as number, r[2] as number, r[3] as number]);
  const p = includeTime ? 4 : 3;
  if (s.short) {
    return unfitted(values, `not enough history (needs ${s.short.needs} periods, has ${s.short.has})`);
  }
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i <= s.baselineEnd; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    rows.push(design[i] as number[]);
    y.push(v);
  }
  if (y.every((v) => v === 0)) {
    return unfitted(values, 'all baseline counts are zero: the negative-binomial model cannot be fitted');
  }
  const fit = rows.length > p ? glmNb(rows, y) : null;
  if (!fit || !(fit.theta > 0)) {
    return unfitted(values, `negative-binomial model could not be fitted to ${y.length} baseline values`);
  }
  const q = qt(quantile, fit.dfResidual);
  return values.map((x, t): NsspPoint => {
    const x0 = design[t] as number[];
    let eta = 0;
    for (let i = 0; i < p; i++) eta += (x0[i] as number) * (fit.beta[i] as number);
    const se = Math.sqrt(quadraticForm(fit.covariance, x0));
    const upperCi = Math.exp(eta + q * se);
    const threshold = qnbinomMu(quantile, fit.theta, upperCi);
    const found: Found = { expected: Math.exp(eta), threshold, baselineStart: 0, baselineEnd: s.baselineEnd };
    if (x === null) return makePoint(t, x, found, null, SUPPRESSED, 'nbinom');
    const pValue = x === 0 ? 1 : 1 - pnbinomMu(x - 1, fit.theta, upperCi);
    const alarm = x > threshold;
    const verdict = { score: pValue, pValue, level: alarm ? ('red' as const) : ('blue' as const), alarm };
    return makePoint(t, x, found, verdict, null, 'nbinom');
  });
}
