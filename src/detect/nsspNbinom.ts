/**
 * Negative-binomial regression detector as in Rnssp `alert_nbinom`: `MASS::glm.nb(y ~ obs + cos + sin)`
 * fitted to the baseline period (see nsspSeasonalBaseline.ts), then for every period
 *
 *   η̂ ± qt(0.975, n − 4)·se(η̂) → upper_ci = exp(η̂ + qt(0.975, n − 4)·se(η̂))
 *   threshold = upper_pi = qnbinom(0.975, size = θ̂, mu = upper_ci),   alarm ⇔ y > upper_pi
 *
 * with se(η̂) from the GLM's unscaled covariance (dispersion 1, as `summary.negbin`). The fit (`glmNb`,
 * glm.ts) follows `glm.nb`: a Poisson IRLS start (μ = y + 0.1), θ by `theta.ml` (Newton on the profile
 * score, limit 25 iterations), then alternating IRLS for NB(θ) and θ updates until the log-likelihood and θ
 * settle (1e-8).
 * `expected` = exp(η̂) (Rnssp's `estimate`). `score` = `pValue` = P(Y ≥ y) under NB(θ̂, upper_ci), so
 * alarm ⇔ pValue ≤ 0.025 — a p-value of the same bound Rnssp tests, not of the point estimate.
 * Counts must be non-negative integers (as Rnssp checks); nulls are left out of the fit.
 */
import { SUPPRESSED } from './detectionPoint.ts';
import { pnbinomMu, qnbinomMu, qt } from './distributions.ts';
import { glmNb } from './glm.ts';
import { quadraticForm } from './linearModel.ts';
import { type Found, makePoint, type NsspPoint } from './nssp.ts';
import { type SeasonalBaselineOptions, seasonalSetup, unfitted } from './nsspSeasonalBaseline.ts';
import type { SeriesValue } from './types.ts';

export type NsspNbinomOptions = SeasonalBaselineOptions;

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
