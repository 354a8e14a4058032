import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import { queryRows } from '../warehouse/connection.ts';

export interface SourceStatus {
  source: string;
  latest_vintage: string | null;
  last_loaded_at: string | null;
  loads: number;
  failed_loads: number;
  demo: boolean;
  observations: number;
  last_period_end: string | null;
  /** How the source ended in the latest run that tried to load it (interrupted runs aside); null before any. */
  last_outcome: SourceOutcomeRow | null;
}

export interface SourceOutcomeRow {
  run_id: number;
  status: 'loaded' | 'no_new_data' | 'failed';
  finished_at: string;
  error: string | null;
  error_kind: string | null;
}

/** What a published warehouse holds, per source. */
export async function readStatus(db: DuckDBConnection, sources: string[]) {
  const loads = await queryRows<Omit<SourceStatus, 'last_outcome'>>(
    db,
    `WITH wanted AS (SELECT unnest($sources::VARCHAR[]) AS source),
     l AS (
       SELECT source,
              strftime(max(vintage) FILTER (WHERE status = 'loaded'), '%Y-%m-%d') AS latest_vintage,
              strftime(max(finished_at) FILTER (WHERE status = 'loaded'), '%Y-%m-%d %H:%M:%S%z') AS last_loaded_at,
              count(*) FILTER (WHERE status = 'loaded') AS loads,
              count(*) FILTER (WHERE status = 'failed') AS failed_loads,
              coalesce(bool_or(demo) FILTER (WHERE status = 'loaded'), false) AS demo
       FROM meta.loads GROUP BY source
     ),
     o AS (
       SELECT source, count(*) AS observations, strftime(max(period_end), '%Y-%m-%d') AS last_period_end
       FROM analytics.observations GROUP BY source
     )
     SELECT w.source, l.latest_vintage, l.last_loaded_at, coalesce(l.loads, 0) AS loads,
            coalesce(l.failed_loads, 0) AS failed_loads, coalesce(l.demo, false) AS demo,
            coalesce(o.observations, 0) AS observations, o.last_period_end
     FROM wanted AS w LEFT JOIN l USING (source) LEFT JOIN o USING (source)
     ORDER BY w.source`,
    { sources: listValue(sources) },
  );
  const outcomes = await lastOutcomes(db);
  const withOutcomes: SourceStatus[] = loads.map((l) => ({
    ...l,
    last_outcome: outcomes.get(l.source) ?? null,
  }));
  const runs = await queryRows<{
    run_id: number;
    command: string;
    status: string;
    finished_at: string | null;
    error: string | null;
  }>(
    db,
    `SELECT run_id, command, status, strftime(finished_at, '%Y-%m-%d %H:%M:%S%z') AS finished_at, error
     FROM meta.runs ORDER BY run_id DESC LIMIT 1`,
  );
  const alerts = await queryRows<{ run_id: number | null; alarms: number }>(
    db,
    `SELECT max(run_id) AS run_id, count(*) FILTER (WHERE alarm) AS alarms FROM analytics.alerts
     WHERE run_id = (SELECT max(run_id) FROM analytics.alerts)`,
  );
  return {
    sources: withOutcomes,
    lastRun: runs[0] ?? null,
    alerts: alerts[0] ?? { run_id: null, alarms: 0 },
  };
}

/** Each source's outcome in the latest run that tried to load it (a file published before meta.run_sources: none). */
async function lastOutcomes(db: DuckDBConnection): Promise<Map<string, SourceOutcomeRow>> {
  const exists = await queryRows(
    db,
    "SELECT 1 FROM duckdb_tables() WHERE schema_name = 'meta' AND table_name = 'run_sources'",
  );
  if (exists.length === 0) return new Map();
  const rows = await queryRows<SourceOutcomeRow & { source: string }>(
    db,
    `SELECT source, run_id, status, strftime(finished_at, '%Y-%m-%d %H:%M:%S%z') AS finished_at, error, error_kind
     FROM meta.run_sources
     WHERE status <> 'interrupted'
     QUALIFY row_number() OVER (PARTITION BY source ORDER BY run_id DESC) = 1`,
  );
  return new Map(rows.map(({ source, ...outcome }) => [source, outcome]));
}

export interface AlarmCounts {
  source: string;
  /** Alarms in the latest detection run. */
  alarms: number;
  /** Of those, alarms (same series, period and method) that the detection run shown by the last report did not raise. */
  new_alarms: number;
}

/**
 * Alarms per source in the latest detection run, and how many of them are new since the detection run the last
 * report showed (all of them when no report was written, none when the report shows the latest run).
 */
export async function readAlarmCounts(
  db: DuckDBConnection,
  reportedRunId: number | null,
): Promise<AlarmCounts[]> {
  return queryRows<AlarmCounts>(
    db,
    `WITH cur AS (
       SELECT source, geo_code, drug, measure, period_type, period_end, method FROM analytics.alerts
       WHERE alarm AND run_id = (SELECT max(run_id) FROM analytics.alerts)
     )
     SELECT source, count(*) AS alarms,
            count(*) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM analytics.alerts AS p
              WHERE p.run_id = $reported AND p.alarm AND p.source = cur.source AND p.geo_code = cur.geo_code
                AND p.drug = cur.drug AND p.measure = cur.measure AND p.period_type = cur.period_type
                AND p.period_end = cur.period_end AND p.method = cur.method
            )) AS new_alarms
     FROM cur GROUP BY source ORDER BY source`,
    { reported: reportedRunId === null ? null : BigInt(reportedRunId) },
  );
}
