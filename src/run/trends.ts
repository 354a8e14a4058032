import type { DuckDBConnection } from '@duckdb/node-api';
import { explainTrend } from '../detect/explain.ts';
import { type JoinpointFit, joinpoint } from '../detect/joinpoint.ts';
import { appendRecords, SERIES_KEY_COLUMNS, seriesKeyOf } from '../warehouse/appendRows.ts';
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
  return appendRecords(connection, 'analytics', 'trends', TREND_COLUMNS, (append) => {
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
        append({
          run_id: runId,
          ...seriesKeyOf(s),
          method: 'joinpoint_bic',
          segment: i + 1,
          segments: fit.segments.length,
          segment_start: from,
          segment_end: to,
          pct_change: segment.apc,
          pct_change_lower: segment.apcLower,
          pct_change_upper: segment.apcUpper,
          annual_pct_change: segment.annualised?.apc ?? null,
          p_value: segment.pValue,
          aapc: fit.aapc.aapc,
          aapc_lower: fit.aapc.lower,
          aapc_upper: fit.aapc.upper,
          observations: fit.n,
          sentence_en: explainTrend(facts, 'en'),
          sentence_es: explainTrend(facts, 'es'),
        });
        rows++;
      });
    }
    return rows;
  });
}

const TREND_COLUMNS = {
  run_id: 'bigint',
  ...SERIES_KEY_COLUMNS,
  method: 'text',
  segment: 'integer',
  segments: 'integer',
  segment_start: 'text',
  segment_end: 'text',
  pct_change: 'double',
  pct_change_lower: 'double',
  pct_change_upper: 'double',
  annual_pct_change: 'double',
  p_value: 'double',
  aapc: 'double',
  aapc_lower: 'double',
  aapc_upper: 'double',
  observations: 'integer',
  sentence_en: 'text',
  sentence_es: 'text',
} as const;
