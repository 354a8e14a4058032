import type { DuckDBConnection } from '@duckdb/node-api';
import type { DetectConfig } from '../core/config.ts';
import { InputError } from '../core/errors.ts';
import { methodsFor, seriesKind } from '../core/seriesKind.ts';
import { type DetectedOn, explainAlarm } from '../detect/explain.ts';
import { benjaminiHochberg } from '../detect/fdr.ts';
import { rollingSumIncrements } from '../detect/rolling.ts';
import { appendRecords, seriesKeyOf } from '../warehouse/appendRows.ts';
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
  const scratch = await createScratch(connection, planned, methods);
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
    await appendVerdicts(connection, verdicts, methods, scratch);
    rows += verdicts.length;
    alarms += verdicts.filter((v) => v.point.alarm).length;
    fdrAlarms += verdicts.filter((v) => v.fdrAlarm).length;
  }
  await writeAlerts(connection, runId);
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

/**
 * Appends one method's verdicts to analytics.alerts. Each goes into a scratch table as numbers (series, period and
 * baseline as positions in the series, the method as a number) with its own values; DuckDB then writes the rows,
 * series key, dates and parameters joined in, in the order they were appended. Appending every text of every
 * verdict from JavaScript took about half of detection.
 */
async function appendVerdicts(
  connection: DuckDBConnection,
  verdicts: Verdict[],
  methods: Record<string, Method>,
  scratch: Scratch,
): Promise<void> {
  const methodNo = scratch.methodNo(verdicts[0]?.method ?? '');
  const appender = await connection.createAppender('detect_verdicts', 'main', 'temp');
  try {
    const number = (v: number | null) => {
      if (v !== null && Number.isFinite(v)) appender.appendDouble(v);
      else appender.appendNull();
    };
    const position = (v: number | null) => {
      if (v === null) appender.appendNull();
      else appender.appendInteger(v);
    };
    const flag = (v: boolean | null) => {
      if (v === null) appender.appendNull();
      else appender.appendBoolean(v);
    };
    const text = (v: string | null | undefined) => {
      if (v === null || v === undefined) appender.appendNull();
      else appender.appendVarchar(v);
    };
    for (const v of verdicts) {
      const { point: p } = v;
      const sentences = p.alarm ? explain(v, methods[v.method]?.label ?? v.method) : null;
      appender.appendInteger(scratch.seq++);
      appender.appendInteger(scratch.seriesNo(v.series));
      appender.appendInteger(p.index);
      appender.appendInteger(methodNo);
      number(p.observed);
      number(p.expected);
      number(p.threshold);
      number(p.score);
      flag(p.alarm);
      position(p.baselineStart);
      position(p.baselineEnd);
      text(p.reason);
      text(sentences?.en);
      text(sentences?.es);
      number(p.pValue);
      number(v.q);
      flag(v.fdrAlarm);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** The scratch tables of one detection: series and their periods, methods, and verdicts by number. */
interface Scratch {
  seq: number;
  seriesNo(s: SeriesRow): number;
  methodNo(name: string): number;
}

async function createScratch(
  connection: DuckDBConnection,
  planned: { series: SeriesRow; detectedOn: DetectedOn }[],
  methods: Record<string, Method>,
): Promise<Scratch> {
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE detect_series (
      series_no INTEGER, source VARCHAR, country VARCHAR, geo_level VARCHAR, geo_code VARCHAR, drug VARCHAR,
      measure VARCHAR, period_type VARCHAR, detected_on VARCHAR);
    CREATE OR REPLACE TEMP TABLE detect_periods (series_no INTEGER, position INTEGER, period_start DATE, period_end DATE);
    CREATE OR REPLACE TEMP TABLE detect_methods (method_no INTEGER, method VARCHAR, parameters VARCHAR);
    CREATE OR REPLACE TEMP TABLE detect_verdicts (
      seq INTEGER, series_no INTEGER, position INTEGER, method_no INTEGER,
      observed DOUBLE, expected DOUBLE, threshold DOUBLE, score DOUBLE, alarm BOOLEAN,
      baseline_start INTEGER, baseline_end INTEGER, reason VARCHAR, sentence_en VARCHAR, sentence_es VARCHAR,
      p_value DOUBLE, q_value DOUBLE, fdr_alarm BOOLEAN);`);
  const seriesNos = new Map<SeriesRow, number>();
  const series = await connection.createAppender('detect_series', 'main', 'temp');
  const periods = await connection.createAppender('detect_periods', 'main', 'temp');
  try {
    planned.forEach(({ series: s, detectedOn }, no) => {
      seriesNos.set(s, no);
      series.appendInteger(no);
      for (const value of Object.values(seriesKeyOf(s))) series.appendVarchar(value);
      series.appendVarchar(detectedOn);
      series.endRow();
      s.ends.forEach((end, i) => {
        periods.appendInteger(no);
        periods.appendInteger(i);
        periods.appendVarchar(s.starts[i] as string);
        periods.appendVarchar(end);
        periods.endRow();
      });
    });
    series.flushSync();
    periods.flushSync();
  } finally {
    series.closeSync();
    periods.closeSync();
  }
  const methodNos = new Map(Object.keys(methods).map((name, i) => [name, i]));
  await appendRecords(
    connection,
    'main',
    'detect_methods',
    { method_no: 'integer', method: 'text', parameters: 'text' },
    (append) => {
      for (const [name, m] of Object.entries(methods))
        append({ method_no: methodNos.get(name), method: name, parameters: JSON.stringify(m.parameters) });
    },
    'temp',
  );
  return {
    seq: 0,
    seriesNo: (s) => seriesNos.get(s) as number,
    methodNo: (name) => methodNos.get(name) as number,
  };
}

/** The verdicts of the scratch tables into analytics.alerts, in the order they were appended; then drops them. */
async function writeAlerts(connection: DuckDBConnection, runId: number): Promise<void> {
  await connection.run(
    `INSERT INTO analytics.alerts BY NAME
     SELECT $run::BIGINT AS run_id, s.source, s.country, s.geo_level, s.geo_code, s.drug, s.measure, s.period_type,
            s.detected_on, p.period_start, p.period_end, m.method,
            v.observed, v.expected, v.threshold, v.score, v.alarm,
            -- The baseline as months: from the first day of its first month to the end of its last.
            CAST(date_trunc('month', bs.period_end) AS DATE) AS baseline_start, be.period_end AS baseline_end,
            m.parameters, v.reason, v.sentence_en, v.sentence_es, v.p_value, v.q_value, v.fdr_alarm
     FROM temp.main.detect_verdicts AS v
     JOIN temp.main.detect_series AS s USING (series_no)
     JOIN temp.main.detect_methods AS m USING (method_no)
     JOIN temp.main.detect_periods AS p ON p.series_no = v.series_no AND p.position = v.position
     LEFT JOIN temp.main.detect_periods AS bs ON bs.series_no = v.series_no AND bs.position = v.baseline_start
     LEFT JOIN temp.main.detect_periods AS be ON be.series_no = v.series_no AND be.position = v.baseline_end
     ORDER BY v.seq`,
    { run: runId },
  );
  await connection.run(
    `DROP TABLE temp.main.detect_verdicts;
     DROP TABLE temp.main.detect_periods;
     DROP TABLE temp.main.detect_methods;
     DROP TABLE temp.main.detect_series;`,
  );
}

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
