/**
 * Shared set-up of Rnssp's two fixed-baseline seasonal detectors (`alert_nbinom`, `alert_serfling`): one
 * model is fitted to the baseline (training) period, periods 0..baselineEnd, on
 *   obs (= index + 1), cos(2π·obs/cycle), sin(2π·obs/cycle)
 * and used to predict every period, in and after the baseline. Rnssp uses cycle = 52.18 weeks; monthly
 * series use 12. Rnssp requires at least two years of baseline (baseline periods / 52 ≥ 2): here
 * 2 × round(cycle) periods (104 weeks, 24 months).
 */
import { checkSeries, type NsspPoint } from './nssp.ts';
import type { SeriesValue } from './types.ts';

export interface SeasonalBaselineOptions {
  /** Last index (inclusive) of the baseline/training period (Rnssp's `baseline_end`). */
  baselineEnd: number;
  /** Length of the seasonal cycle in periods: 52.18 for weekly (Rnssp), 12 for monthly. */
  cycle?: number;
  /** Fewest cycles of baseline (Rnssp: 2 years). */
  minCycles?: number;
}

export interface SeasonalSetup {
  cycle: number;
  baselineEnd: number;
  /** Design rows [1, obs, cos, sin] for every period. */
  rows: number[][];
  /** Periods needed and periods available, when the baseline is too short. */
  short: { needs: number; has: number } | null;
}

export function seasonalSetup(
  values: readonly SeriesValue[],
  o: SeasonalBaselineOptions,
  method: string,
): SeasonalSetup {
  checkSeries(values);
  const cycle = o.cycle ?? 52.18;
  if (!(cycle > 1)) throw new RangeError(`${method}: cycle must be > 1, got ${cycle}`);
  const baselineEnd = o.baselineEnd;
  if (!Number.isInteger(baselineEnd) || baselineEnd < 0 || baselineEnd >= values.length) {
    throw new RangeError(`${method}: baselineEnd must be an index of the series, got ${baselineEnd}`);
  }
  const rows = values.map((_, i) => {
    const obs = i + 1;
    return [1, obs, Math.cos((2 * Math.PI * obs) / cycle), Math.sin((2 * Math.PI * obs) / cycle)];
  });
  const needs = (o.minCycles ?? 2) * Math.round(cycle);
  const has = baselineEnd + 1;
  return { cycle, baselineEnd, rows, short: has < needs ? { needs, has } : null };
}

export function unfitted(values: readonly SeriesValue[], reason: string): NsspPoint[] {
  return values.map((x, t) => ({
    index: t,
    observed: x,
    expected: null,
    threshold: null,
    score: null,
    alarm: null,
    baselineStart: null,
    baselineEnd: null,
    reason,
    pValue: null,
    level: null,
    detector: null,
  }));
}
