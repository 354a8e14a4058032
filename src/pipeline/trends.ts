import type { DuckDBConnection } from '@duckdb/node-api';
import { explainTrend } from '../detect/explain.ts';
import { joinpoint } from '../detect/joinpoint.ts';
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
): Promise<number> {
  const appender = await connection.createAppender('trends', 'analytics');
  let rows = 0;
  try {
    for (const s of series) {
      const values = s.vals.map((v) => (v !== null && v > 0 ? v : null));
      const observed = values.filter((v) => v !== null).length;
      if (observed < config.minPeriods) continue;
      const fit = joinpoint(values, {
        maxJoinpoints: config.maxJoinpoints,
        selection: 'bic',
        weighting: 'poisson',
        periodsPerYear: 12,
      });
      if (!fit.ok) continue;
      fit.segments.forEach((segment, i) => {
        const from = s.ends[segment.startIndex] as string;
        const to = s.ends[segment.endIndex] as string;
        const facts = {
          drug: { en: s.drug_en, es: s.drug_es },
          place: { en: s.place_en, es: s.place_es },
          from,
          to,
          pctChange: segment.apc,
          lower: segment.apcLower,
          upper: segment.apcUpper,
          rolling: s.period_type === '12mo_ending',
        };
        appender.appendBigInt(BigInt(runId));
        for (const v of [
          s.source,
          s.country,
          s.geo_level,
          s.geo_code,
          s.drug,
          s.measure,
          s.period_type,
          'joinpoint_bic',
        ])
          appender.appendVarchar(v);
        appender.appendInteger(i + 1);
        appender.appendInteger(fit.segments.length);
        appender.appendVarchar(from);
        appender.appendVarchar(to);
        appender.appendDouble(segment.apc);
        appender.appendDouble(segment.apcLower);
        appender.appendDouble(segment.apcUpper);
        if (segment.annualised) appender.appendDouble(segment.annualised.apc);
        else appender.appendNull();
        appender.appendDouble(segment.pValue);
        appender.appendDouble(fit.aapc.aapc);
        appender.appendDouble(fit.aapc.lower);
        appender.appendDouble(fit.aapc.upper);
        appender.appendInteger(fit.n);
        appender.appendVarchar(explainTrend(facts, 'en'));
        appender.appendVarchar(explainTrend(facts, 'es'));
        appender.endRow();
        rows++;
      });
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return rows;
}
