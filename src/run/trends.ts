import type { DuckDBConnection } from '@duckdb/node-api';
import { explainTrend } from '../detect/explain.ts';
import { type JoinpointFit, joinpoint } from '../detect/joinpoint.ts';
import { appendRows } from '../warehouse/appendRows.ts';
import type { SeriesRow } from './series.ts';

export interface TrendConfig {
  maxJoinpoints: number;
  /** Shortest series fitted, in periods with a value. */
  minPeriods: number;
}

/**
 * Fits Joinpoint-style trends (log-linear segments, joinpoints by BIC) to each series and appends one row per
 * segment to analytics.trends. Zero or censored periods are left out of the fit: a log-linear model cannot take 0.
 */
export async function fitTrends(
  connection: DuckDBConnection,
  runId: number,
  series: SeriesRow[],
  config: TrendConfig,
  /** Awaited between series: gives the event loop a turn (a stop is seen) and throws when the run is stopped. */
  pause: () => Promise<void> = async () => {},
): Promise<number> {
  const fitted: { s: SeriesRow; fit: JoinpointFit }[] = [];
  for (const s of series) {
    await pause();
    const values = s.vals.map((v) => (v !== null && v > 0 ? v : null));
    const observed = values.filter((v) => v !== null).length;
    if (observed < config.minPeriods) continue;
    const fit = joinpoint(values, {
      maxJoinpoints: config.maxJoinpoints,
      selection: 'bic',
      weighting: 'poisson',
      periodsPerYear: 12,
    });
    if (fit.ok) fitted.push({ s, fit });
  }
  return appendRows(connection, 'analytics', 'trends', (row) => {
    let rows = 0;
    for (const { s, fit } of fitted) {
      fit.segments.forEach((segment, i) => {
        const from = s.ends[segment.startIndex] as string;
        const to = s.ends[segment.endIndex] as string;
        const facts = {
          drug: { en: s.drug_en, es: s.drug_es },
          place: { en: s.place_en, es: s.place_es },
          measure: s.measure,
          from,
          to,
          pctChange: segment.apc,
          lower: segment.apcLower,
          upper: segment.apcUpper,
          rolling: s.period_type === '12mo_ending',
        };
        row.bigint(runId);
        row.seriesKey(s);
        row.text('joinpoint_bic');
        row.integer(i + 1);
        row.integer(fit.segments.length);
        row.text(from);
        row.text(to);
        row.double(segment.apc);
        row.double(segment.apcLower);
        row.double(segment.apcUpper);
        row.double(segment.annualised?.apc ?? null);
        row.double(segment.pValue);
        row.double(fit.aapc.aapc);
        row.double(fit.aapc.lower);
        row.double(fit.aapc.upper);
        row.integer(fit.n);
        row.text(explainTrend(facts, 'en'));
        row.text(explainTrend(facts, 'es'));
        row.endRow();
        rows++;
      });
    }
    return rows;
  });
}
