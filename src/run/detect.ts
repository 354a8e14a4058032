import type { DuckDBConnection } from '@duckdb/node-api';
import type { DetectConfig } from '../core/config.ts';
import { InputError } from '../core/errors.ts';
import { methodsFor, seriesKind } from '../core/seriesKind.ts';
import { type DetectedOn, explainAlarm } from '../detect/explain.ts';
import { benjaminiHochberg } from '../detect/fdr.ts';
import { rollingSumIncrements } from '../detect/rolling.ts';
import { appendRecords, SERIES_KEY_COLUMNS, seriesKeyOf } from '../warehouse/appendRows.ts';
import { type Method, type MethodPoint, monthlyMethods } from './methods.ts';
import { readMonthlySeries, type SeriesRow } from './series.ts';
import { fitTrends } from './trends.ts';

/** The adapter between the warehouse and the pure detectors: series out of DuckDB, verdicts back in. */

export interface DetectSummary {
  series: number;
  rows: number;
  alarms: number;
  fdrAlarms: number;
  corroborated: number;
  trendSegments: number;
}

interface Verdict {
  series: SeriesRow;
  point: MethodPoint;
  method: string;
  detectedOn: DetectedOn;
  q: number | null;
  fdrAlarm: boolean | null;
}

/**
 * Runs over every monthly series of the configured groups the methods configured for its kind (monthly counts,
 * 12-month-ending changes, amounts: src/core/seriesKind.ts), controls the false discovery rate across series,
 * appends the verdicts to analytics.alerts, marks corroborated alarms, and fits trends.
 */
export async function detectAll(
  connection: DuckDBConnection,
  runId: number,
  config: DetectConfig,
  opts: { checkAbort?: () => void } = {},
): Promise<DetectSummary> {
  // The detectors are synchronous: between series, the event loop gets a turn now and then, so that a SIGINT or
  // SIGTERM is seen, and the run stops, within a fraction of a second wherever the detectors are.
  let turn = Date.now();
  const stopIfAsked = async () => {
    if (Date.now() - turn < 50) return;
    await new Promise((resolve) => setImmediate(resolve));
    turn = Date.now();
    opts.checkAbort?.();
  };
  const series = await readMonthlySeries(connection, config.series);
  const methods = monthlyMethods({ ears: config.ears });
  // 12-month-ending sums overlap; their month-over-month change is this month's deaths minus the same month a
  // year earlier, which can be negative, so count models do not apply to it (nor to kilograms: amounts).
  const planned = series.map((s) => {
    refuseNonFinite(s);
    const kind = seriesKind(s.period_type, s.measure);
    const detectedOn: DetectedOn = kind === 'change' ? 'rolling_sum_increment' : 'value';
    const values = detectedOn === 'rolling_sum_increment' ? rollingSumIncrements(s.vals) : s.vals;
    return { series: s, kind, detectedOn, values, methods: methodsFor(kind, config.methods) };
  });
  // One method at a time: false discoveries are controlled per method (and period), so a method's verdicts are
  // complete once its series are done, and only one method's verdicts are held in memory.
  const names = [...new Set(planned.flatMap((p) => p.methods))];
  let rows = 0;
  let alarms = 0;
  let fdrAlarms = 0;
  for (const name of names) {
    const method = methods[name];
    const verdicts: Verdict[] = [];
    for (const p of planned) {
      if (!p.methods.includes(name) || (method.countsOnly && p.kind !== 'count')) continue;
      await stopIfAsked();
      for (const point of method.run(p.values)) {
        verdicts.push({
          series: p.series,
          point,
          method: name,
          detectedOn: p.detectedOn,
          q: null,
          fdrAlarm: null,
        });
      }
    }
    opts.checkAbort?.();
    controlFalseDiscoveries(verdicts, config.fdr);
    await appendVerdicts(connection, runId, verdicts, methods);
    rows += verdicts.length;
    alarms += verdicts.filter((v) => v.point.alarm).length;
    fdrAlarms += verdicts.filter((v) => v.fdrAlarm).length;
  }
  const corroborated = await markCorroborated(connection, runId, config.corroborationLagMonths);
  const trendSegments = await fitTrends(connection, runId, series, config.trends, stopIfAsked);
  return {
    series: series.length,
    rows,
    alarms,
    fdrAlarms,
    corroborated,
    trendSegments,
  };
}

/** Benjamini–Hochberg over the series tested by one method for one period. */
function controlFalseDiscoveries(verdicts: Verdict[], q: number): void {
  const groups = new Map<string, Verdict[]>();
  for (const v of verdicts) {
    if (v.point.pValue === null) continue;
    const key = `${v.method}|${v.series.period_type}|${v.series.ends[v.point.index]}`;
    const group = groups.get(key) ?? [];
    group.push(v);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const result = benjaminiHochberg(
      group.map((v) => v.point.pValue),
      q,
    );
    group.forEach((v, i) => {
      v.q = result.adjusted[i] ?? null;
      v.fdrAlarm = result.rejected[i] ?? null;
    });
  }
}

async function appendVerdicts(
  connection: DuckDBConnection,
  runId: number,
  verdicts: Verdict[],
  methods: Record<string, Method>,
): Promise<void> {
  const parameters = new Map(
    Object.entries(methods).map(([name, m]) => [name, JSON.stringify(m.parameters)]),
  );
  await appendRecords(connection, 'analytics', 'alerts', ALERT_COLUMNS, (append) => {
    const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
    for (const v of verdicts) {
      const { series: s, point: p } = v;
      const sentences = p.alarm ? explain(v, methods[v.method]?.label ?? v.method) : null;
      append({
        run_id: runId,
        ...seriesKeyOf(s),
        detected_on: v.detectedOn,
        period_start: s.starts[p.index],
        period_end: s.ends[p.index],
        method: v.method,
        observed: finite(p.observed),
        expected: finite(p.expected),
        threshold: finite(p.threshold),
        score: finite(p.score),
        alarm: p.alarm,
        // The baseline as months: from the first day of its first month to the end of its last.
        baseline_start:
          p.baselineStart === null ? null : `${(s.ends[p.baselineStart] as string).slice(0, 8)}01`,
        baseline_end: p.baselineEnd === null ? null : s.ends[p.baselineEnd],
        parameters: parameters.get(v.method) ?? '{}',
        reason: p.reason,
        sentence_en: sentences?.en,
        sentence_es: sentences?.es,
        p_value: finite(p.pValue),
        q_value: finite(v.q),
        fdr_alarm: v.fdrAlarm,
        // corroborated_by: set below, once every source's alarms are in
      });
    }
  });
}

const ALERT_COLUMNS = {
  run_id: 'bigint',
  ...SERIES_KEY_COLUMNS,
  detected_on: 'text',
  period_start: 'text',
  period_end: 'text',
  method: 'text',
  observed: 'double',
  expected: 'double',
  threshold: 'double',
  score: 'double',
  alarm: 'boolean',
  baseline_start: 'text',
  baseline_end: 'text',
  parameters: 'text',
  reason: 'text',
  sentence_en: 'text',
  sentence_es: 'text',
  p_value: 'double',
  q_value: 'double',
  fdr_alarm: 'boolean',
} as const;

function explain(v: Verdict, label: string) {
  const { series: s, point: p } = v;
  const facts = {
    drug: { en: s.drug_en, es: s.drug_es },
    place: { en: s.place_en, es: s.place_es },
    measure: s.measure,
    periodEnd: s.ends[p.index] as string,
    method: label,
    detectedOn: v.detectedOn,
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

/**
 * An alarm is corroborated when another source alarmed within `lag` months either way
 * - for the same drug and place (e.g. two US sources of fentanyl deaths in Arizona); places below state level count
 *   for their state where analytics.place_parents names one;
 * - or on the other side of the border, in the same border region (analytics.border_regions), for the same drug or a
 *   pair of analytics.border_drug_pairs (e.g. narcomenudeo investigations in Sonora and fentanyl deaths in Arizona or
 *   seizures at the Tucson field office). That is co-occurrence, not cause (docs/detectors.md).
 */
async function markCorroborated(connection: DuckDBConnection, runId: number, lag: number): Promise<number> {
  await connection.run(
    `UPDATE analytics.alerts AS a
     SET corroborated_by = c.sources
     FROM (
       WITH alarms AS (
         SELECT DISTINCT x.source, x.country, x.geo_level, x.geo_code, coalesce(g.parent_geo_code, x.geo_code) AS place,
                x.drug, x.period_end
         FROM analytics.alerts AS x
         LEFT JOIN analytics.place_parents AS g
           ON g.country = x.country AND g.geo_level = x.geo_level AND g.geo_code = x.geo_code
         WHERE x.run_id = $run AND x.alarm
       ),
       in_regions AS (
         SELECT DISTINCT a.*, b.region
         FROM alarms AS a
         JOIN analytics.border_regions AS b
           ON b.country = a.country
          AND ((b.geo_level = a.geo_level AND b.geo_code = a.geo_code) OR (b.geo_level = 'state' AND b.geo_code = a.place))
       ),
       pairs AS (
         SELECT a1.source, a1.country, a1.geo_level, a1.geo_code, a1.drug, a1.period_end, a2.source AS other
         FROM alarms AS a1
         JOIN alarms AS a2
           ON a2.country = a1.country AND a2.place = a1.place AND a2.drug = a1.drug AND a2.source <> a1.source
          AND a2.period_end BETWEEN a1.period_end - to_months($lag) AND a1.period_end + to_months($lag)
         UNION
         SELECT r1.source, r1.country, r1.geo_level, r1.geo_code, r1.drug, r1.period_end, r2.source
         FROM in_regions AS r1
         JOIN in_regions AS r2
           ON r2.region = r1.region AND r2.country <> r1.country
          AND r2.period_end BETWEEN r1.period_end - to_months($lag) AND r1.period_end + to_months($lag)
          AND (r2.drug = r1.drug OR EXISTS (
                SELECT 1 FROM analytics.border_drug_pairs AS p
                WHERE (r1.country = 'MX' AND p.mx_drug = r1.drug AND p.us_drug = r2.drug)
                   OR (r1.country = 'US' AND p.us_drug = r1.drug AND p.mx_drug = r2.drug)))
       )
       SELECT source, country, geo_level, geo_code, drug, period_end, list(DISTINCT other ORDER BY other) AS sources
       FROM pairs
       GROUP BY ALL
     ) AS c
     WHERE a.run_id = $run AND a.alarm AND a.source = c.source AND a.country = c.country
       AND a.geo_level = c.geo_level AND a.geo_code = c.geo_code AND a.drug = c.drug AND a.period_end = c.period_end`,
    { run: runId, lag },
  );
  const rows = await connection.runAndReadAll(
    'SELECT count(*) FROM analytics.alerts WHERE run_id = $run AND corroborated_by IS NOT NULL',
    { run: runId },
  );
  return Number(rows.getRows()[0]?.[0] ?? 0);
}

/**
 * A value the detectors cannot take (NaN, ±Infinity: the data checks keep these out of a published warehouse, so one
 * here is a bug or a hand-edited file) stops detection naming the series and the period, not an index.
 */
export function refuseNonFinite(s: SeriesRow): void {
  const at = s.vals.findIndex((v) => v !== null && !Number.isFinite(v));
  if (at < 0) return;
  throw new InputError(
    { source: s.source, origin: 'analytics.observations' },
    `${s.geo_level} ${s.geo_code}, ${s.drug}, ${s.measure} (${s.period_type}), period ending ${s.ends[at]}: value ${String(s.vals[at])} is not a finite number; the detectors take finite numbers or NULL`,
  );
}
