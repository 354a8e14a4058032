/**
 * What a run did, for the person who ran it (as dbt and dlt end a run): each source loaded, skipped or failed with its
 * rows, vintage and reason; the checks; the alarms new since the previous detection run, by drug and place; where
 * the warehouse and the report are. `run --json` prints the same object, and each scheduled load or detection job
 * logs it when it ends.
 */
import type { Config } from '../core/config.ts';
import { NO_RELEASE } from '../core/notLoaded.ts';
import { openWarehouse, queryRows } from '../warehouse/connection.ts';
import type { PartialRun, RunSummary } from './run.ts';

export interface SourceLine {
  source: string;
  status: 'loaded' | 'skipped' | 'failed' | 'not_loaded';
  rows: number;
  vintage: string | null;
  reason: string;
}

export interface RunReport {
  run_id: number;
  status: string;
  sources: SourceLine[];
  checks: string;
  new_alarms: { drug: string; geo_code: string; place: string; alarms: number }[];
  new_alarms_total: number;
  warehouse: string;
  report: string | null;
  demo: boolean;
}

export async function runReport(
  config: Config,
  summary: Pick<
    RunSummary | PartialRun,
    'runId' | 'status' | 'loads' | 'skipped' | 'sources' | 'detection' | 'demo' | 'published'
  >,
  names: string[],
  report: string | null,
): Promise<RunReport> {
  const sources: SourceLine[] = names.map((source) => {
    const outcome = summary.sources.find((s) => s.source === source);
    const loads = summary.loads.filter((l) => l.source === source);
    const skipped = summary.skipped.filter((s) => s.source === source);
    const rows = loads.reduce((n, l) => n + l.rowsLoaded, 0);
    const vintage =
      loads
        .map((l) => l.vintage)
        .sort()
        .at(-1) ?? null;
    if (outcome?.status === 'failed') {
      return { source, status: 'failed', rows: 0, vintage: null, reason: outcome.error ?? 'failed' };
    }
    if (loads.length > 0) {
      const rejected = loads.reduce((n, l) => n + l.rowsRejected, 0);
      return {
        source,
        status: 'loaded',
        rows,
        vintage,
        reason: `${loads.length} file(s)${rejected > 0 ? `, ${rejected} line(s) rejected (meta.rejects)` : ''}`,
      };
    }
    if (skipped.length > 0) {
      return {
        source,
        status: 'skipped',
        rows: 0,
        vintage: null,
        reason: `same bytes as load ${skipped.map((s) => s.loadId).join(', ')}`,
      };
    }
    return {
      source,
      status: 'not_loaded',
      rows: 0,
      vintage: null,
      reason: NO_RELEASE,
    };
  });
  const newAlarms =
    summary.detection && summary.published ? await readNewAlarms(config.warehouse, summary.runId) : [];
  return {
    run_id: summary.runId,
    status: summary.status,
    sources,
    // A check that fails stops the run (or its source) before publishing: what was published passed them all.
    checks: sources.some((s) => s.status === 'failed')
      ? 'the failed sources were rolled back; the data published passed every check'
      : 'all data checks passed',
    new_alarms: newAlarms,
    new_alarms_total: newAlarms.reduce((n, a) => n + a.alarms, 0),
    warehouse: config.warehouse,
    report,
    demo: summary.demo,
  };
}

/** Alarms of this run's detection that the previous detection run did not raise, by drug and place. */
async function readNewAlarms(warehouse: string, runId: number) {
  const wh = await openWarehouse(warehouse, { readOnly: true });
  try {
    // A code is a place only within its country and level (US FIPS 24 is Maryland, INEGI 24 San Luis Potosí).
    return await queryRows<{ drug: string; geo_code: string; place: string; alarms: number }>(
      wh.connection,
      `WITH prev AS (SELECT max(run_id) AS id FROM analytics.alerts WHERE run_id < $run)
       SELECT a.drug, a.geo_code, coalesce(any_value(g.name_en), a.geo_code) AS place, count(*) AS alarms
       FROM analytics.alerts AS a
       LEFT JOIN analytics.geography AS g
         ON g.country = a.country AND g.geo_level = a.geo_level AND g.geo_code = a.geo_code
       WHERE a.run_id = $run AND a.alarm AND NOT EXISTS (
         SELECT 1 FROM analytics.alerts AS p
         WHERE p.run_id = (SELECT id FROM prev) AND p.alarm AND p.source = a.source AND p.geo_code = a.geo_code
           AND p.drug = a.drug AND p.measure = a.measure AND p.period_type = a.period_type
           AND p.period_end = a.period_end AND p.method = a.method)
       GROUP BY a.drug, a.country, a.geo_level, a.geo_code ORDER BY alarms DESC, a.drug, place`,
      { run: BigInt(runId) },
    );
  } finally {
    wh.closeSync();
  }
}

export function formatRunReport(r: RunReport): string {
  const lines = [`Run ${r.run_id}: ${r.status}${r.demo ? ' (DEMO DATA)' : ''}`];
  const width = Math.max(0, ...r.sources.map((s) => s.source.length));
  for (const s of r.sources) {
    const facts = s.status === 'loaded' ? `${s.rows} rows, vintage ${s.vintage}; ${s.reason}` : s.reason;
    lines.push(`  ${s.source.padEnd(width)}  ${s.status.toUpperCase().padEnd(10)} ${facts}`);
  }
  lines.push(`Checks: ${r.checks}`);
  if (r.new_alarms.length === 0) lines.push('New alarms: none');
  else {
    const shown = r.new_alarms.slice(0, 10).map((a) => `${a.drug} in ${a.place} (${a.alarms})`);
    const more = r.new_alarms.length > 10 ? `, and ${r.new_alarms.length - 10} more place(s)` : '';
    lines.push(`New alarms: ${r.new_alarms_total}: ${shown.join(', ')}${more}`);
  }
  lines.push(`Warehouse: ${r.warehouse}`);
  if (r.report)
    lines.push(`Report:    ${r.report} (Español: ${r.report.replace(/index\.html$/, 'es/index.html')})`);
  return `${lines.join('\n')}\n`;
}
