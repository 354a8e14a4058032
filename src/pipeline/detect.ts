import type { DuckDBConnection } from '@duckdb/node-api';
import type { DetectConfig } from '../config.ts';
import { earsC1, earsC2, earsC3 } from '../detect/ears.ts';
import { type DetectedOn, explainAlarm } from '../detect/explain.ts';
import { rollingSumIncrements } from '../detect/rolling.ts';
import type { DetectionPoint } from '../detect/types.ts';
import { readMonthlySeries, type SeriesRow } from './series.ts';
import { fitTrends } from './trends.ts';

/** The adapter between the warehouse and the pure detectors: series out of DuckDB, verdicts back in. */

const detectors = { ears_c1: earsC1, ears_c2: earsC2, ears_c3: earsC3 } as const;

export interface DetectSummary {
  series: number;
  rows: number;
  alarms: number;
  trendSegments: number;
}

/** Runs every configured method over every monthly series of the configured drugs; appends to analytics.alerts. */
export async function detectAll(
  connection: DuckDBConnection,
  runId: number,
  config: DetectConfig,
): Promise<DetectSummary> {
  const series = await readMonthlySeries(connection, config);
  const appender = await connection.createAppender('alerts', 'analytics');
  let rows = 0;
  let alarms = 0;
  const parameters = JSON.stringify({ ...config.ears });
  try {
    for (const s of series) {
      const detectedOn: DetectedOn = s.period_type === '12mo_ending' ? 'rolling_sum_increment' : 'value';
      const values = detectedOn === 'rolling_sum_increment' ? rollingSumIncrements(s.vals) : s.vals;
      for (const method of config.methods) {
        const points = detectors[method](values, config.ears);
        for (const point of points) {
          const sentences = point.alarm ? explain(s, point, method, detectedOn) : null;
          appendRow(appender, s, point, { runId, method, detectedOn, parameters, sentences });
          rows++;
          if (point.alarm) alarms++;
        }
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const trendSegments = await fitTrends(connection, runId, series, config.trends);
  return { series: series.length, rows, alarms, trendSegments };
}

function explain(s: SeriesRow, p: DetectionPoint, method: string, detectedOn: DetectedOn) {
  const facts = {
    drug: { en: s.drug_en, es: s.drug_es },
    place: { en: s.place_en, es: s.place_es },
    periodEnd: s.ends[p.index] as string,
    method,
    detectedOn,
    observed: p.observed as number,
    expected: p.expected,
    threshold: p.threshold,
    baseline:
      p.baselineStart !== null && p.baselineEnd !== null
        ? ([s.ends[p.baselineStart], s.ends[p.baselineEnd]] as [string, string])
        : null,
  };
  return { en: explainAlarm(facts, 'en'), es: explainAlarm(facts, 'es') };
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function appendRow(
  a: Appender,
  s: SeriesRow,
  p: DetectionPoint,
  extra: {
    runId: number;
    method: string;
    detectedOn: string;
    parameters: string;
    sentences: { en: string; es: string } | null;
  },
) {
  const text = (v: string | null | undefined) => (v == null ? a.appendNull() : a.appendVarchar(v));
  const dbl = (v: number | null) => (v === null || !Number.isFinite(v) ? a.appendNull() : a.appendDouble(v));
  a.appendBigInt(BigInt(extra.runId));
  for (const v of [
    s.source,
    s.country,
    s.geo_level,
    s.geo_code,
    s.drug,
    s.measure,
    s.period_type,
    extra.detectedOn,
  ])
    a.appendVarchar(v);
  text(s.starts[p.index]);
  text(s.ends[p.index]);
  a.appendVarchar(extra.method);
  dbl(p.observed);
  dbl(p.expected);
  dbl(p.threshold);
  dbl(p.score);
  if (p.alarm === null) a.appendNull();
  else a.appendBoolean(p.alarm);
  // The baseline as months: from the first day of its first month to the end of its last.
  text(p.baselineStart === null ? null : `${(s.ends[p.baselineStart] as string).slice(0, 8)}01`);
  text(p.baselineEnd === null ? null : s.ends[p.baselineEnd]);
  a.appendVarchar(extra.parameters);
  text(p.reason);
  text(extra.sentences?.en);
  text(extra.sentences?.es);
  a.endRow();
}
