import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../warehouse/connection.ts';
import type { AlertRow, ObservationStatus, ReportData, SeriesPoint } from './reportData.ts';

/** Reads what the report shows from the published warehouse (read-only). */
export async function readReportData(db: DuckDBConnection, now = new Date()): Promise<ReportData> {
  const demo = await queryRows<{ demo: boolean }>(
    db,
    `SELECT bool_or(l.demo) AS demo FROM meta.loads AS l
     WHERE l.status = 'loaded' AND l.load_id IN (SELECT DISTINCT load_id FROM analytics.observations)`,
  );
  const vintages = await queryRows<{ source: string; vintage: string }>(
    db,
    `SELECT source, strftime(max(vintage), '%Y-%m-%d') AS vintage FROM analytics.observations GROUP BY source ORDER BY source`,
  );
  const drugs = await queryRows<{ code: string; en: string; es: string }>(
    db,
    'SELECT code, label_en AS en, label_es AS es FROM analytics.drugs ORDER BY code',
  );
  const geographies = await queryRows<{ code: string; en: string; es: string }>(
    db,
    'SELECT geo_code AS code, name_en AS en, name_es AS es FROM analytics.geography ORDER BY geo_code',
  );
  const points = await queryRows<{
    geo: string;
    drug: string;
    period_end: string;
    value: number | null;
    predicted: number | null;
    status: ObservationStatus;
  }>(
    db,
    `SELECT r.geo_code AS geo, r.drug, strftime(r.period_end, '%Y-%m-%d') AS period_end, r.value, p.value AS predicted,
            r.status
     FROM analytics.observations AS r
     LEFT JOIN analytics.observations AS p
       ON p.source = r.source AND p.geo_code = r.geo_code AND p.drug = r.drug AND p.period_end = r.period_end
      AND p.period_type = r.period_type AND p.measure = 'deaths_predicted'
     WHERE r.source = 'cdc_vsrr_state' AND r.measure = 'deaths' AND r.drug IN ('fentanyl', 'methamphetamine')
       AND r.geo_code IN ('US', 'AZ', 'CA', 'NM', 'TX')
     ORDER BY r.geo_code, r.drug, r.period_end`,
  );
  const alerts = await queryRows<{
    geo: string;
    drug: string;
    period_end: string;
    method: AlertRow['method'];
    observed: number;
    expected: number | null;
    threshold: number | null;
    score: number | null;
    sentence_en: string;
    sentence_es: string;
  }>(
    db,
    `SELECT geo_code AS geo, drug, strftime(period_end, '%Y-%m-%d') AS period_end, method, observed, expected,
            threshold, score, sentence_en, sentence_es
     FROM analytics.alerts
     WHERE alarm AND run_id = (SELECT max(run_id) FROM analytics.alerts)
     ORDER BY period_end DESC, geo_code, drug, method`,
  );
  const toPoint = (p: (typeof points)[number]): SeriesPoint => ({
    geo: p.geo,
    drug: p.drug,
    periodEnd: p.period_end,
    value: p.value,
    predicted: p.predicted,
    status: p.status,
  });
  return {
    demo: demo[0]?.demo === true,
    generatedAt: now.toISOString(),
    vintages,
    drugs: drugs.map((d) => ({ code: d.code, label: { en: d.en, es: d.es } })),
    geographies: geographies.map((g) => ({ code: g.code, name: { en: g.en, es: g.es } })),
    national: points.filter((p) => p.geo === 'US').map(toPoint),
    borderStates: points.filter((p) => p.geo !== 'US').map(toPoint),
    alerts: alerts.map((a) => ({
      geo: a.geo,
      drug: a.drug,
      periodEnd: a.period_end,
      method: a.method,
      observed: a.observed,
      expected: a.expected,
      threshold: a.threshold,
      score: a.score,
      sentence: { en: a.sentence_en, es: a.sentence_es },
    })),
  };
}
