/**
 * Original Serfling method as in Rnssp `alert_serfling`: ordinary least squares of the baseline values on
 * obs + cos + sin (see nsspSeasonalBaseline.ts), leaving out the "epidemic period" (October–May, Rnssp's
 * flu-season rule, when month labels are given); the threshold is the upper bound of the two-sided 90 %
 * prediction interval, i.e. the one-sided 95 % bound:
 *
 *   threshold_t = ŷ_t + qt(0.95, n − 4)·sqrt(se(ŷ_t)² + σ̂²),   σ̂² = RSS/(n − 4)
 *
 * and an alarm is y_t > threshold_t — for every period, baseline included, as in Rnssp.
 * `score` = (y − ŷ)/sqrt(se² + σ̂²) (t-distributed with n − 4 df under the model), `pValue` its upper
 * tail, so alarm ⇔ pValue < 0.05; `level` is 'red' for an alarm, else 'blue'.
 * For overdose series the influenza-season exclusion has no epidemiological basis: pass no `months` (the
 * default here) to fit on the whole baseline.
 */
import { SUPPRESSED } from './detectionPoint.ts';
import { pt, qt } from './distributions.ts';
import { leastSquares, quadraticForm } from './linearModel.ts';
import { type Found, makePoint, type NsspPoint } from './nssp.ts';
import { type SeasonalBaselineOptions, seasonalSetup, unfitted } from './nsspSeasonalBaseline.ts';
import type { SeriesValue } from './types.ts';

export interface NsspSerflingOptions extends SeasonalBaselineOptions {
  /** Calendar month (1–12) of each period; with it, baseline periods in `epidemicMonths` are dropped. */
  months?: readonly number[];
  /** Months excluded from the baseline fit when `months` is given (Rnssp: October to May). */
  epidemicMonths?: readonly number[];
}

const RNSSP_EPIDEMIC_MONTHS = [10, 11, 12, 1, 2, 3, 4, 5];

export function nsspSerfling(values: readonly SeriesValue[], opts: NsspSerflingOptions): NsspPoint[] {
  const s = seasonalSetup(values, opts, 'nsspSerfling');
  if (s.short) {
    return unfitted(values, `not enough history (needs ${s.short.needs} periods, has ${s.short.has})`);
  }
  const months = opts.months;
  if (months && months.length !== values.length) {
    throw new RangeError(`nsspSerfling: months has ${months.length} labels for ${values.length} values`);
  }
  const epidemic = new Set(opts.epidemicMonths ?? RNSSP_EPIDEMIC_MONTHS);
  const fitRows: number[][] = [];
  const fitY: number[] = [];
  for (let i = 0; i <= s.baselineEnd; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (months && epidemic.has(months[i] as number)) continue;
    fitRows.push(s.rows[i] as number[]);
    fitY.push(v);
  }
  const fit = fitRows.length > 4 ? leastSquares(fitRows, fitY) : null;
  if (!fit) {
    return unfitted(
      values,
      `not enough baseline values to fit (needs 5 non-epidemic periods, has ${fitY.length})`,
    );
  }
  const df = fit.dfResidual;
  const sigma2 = fit.rss / df;
  const q = qt(0.95, df);
  return values.map((x, t): NsspPoint => {
    const x0 = s.rows[t] as number[];
    let estimate = 0;
    for (let i = 0; i < 4; i++) estimate += (x0[i] as number) * (fit.beta[i] as number);
    const sePred = Math.sqrt(sigma2 * (1 + quadraticForm(fit.unscaledCovariance, x0)));
    const threshold = estimate + q * sePred;
    const found: Found = { expected: estimate, threshold, baselineStart: 0, baselineEnd: s.baselineEnd };
    if (x === null) return makePoint(t, x, found, null, SUPPRESSED, 'serfling');
    const score = sePred > 0 ? (x - estimate) / sePred : x > estimate ? Number.POSITIVE_INFINITY : 0;
    const alarm = x > threshold;
    const verdict = {
      score,
      pValue: pt(score, df, true),
      level: alarm ? ('red' as const) : ('blue' as const),
      alarm,
    };
    return makePoint(t, x, found, verdict, null, 'serfling');
  });
}
