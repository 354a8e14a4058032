import type { StatusReport } from '../schedule/health.ts';
import { describeHolder } from '../warehouse/lock.ts';
import { formatTable } from './formatRows.ts';

/** `centinela status` for people. */
export function formatStatus(r: StatusReport): string {
  const out: string[] = [];
  const demo = r.sources.some((s) => s.demo) ? '  (DEMO DATA: synthetic numbers)' : '';
  out.push(`Warehouse: ${r.warehouse}${demo}`);
  out.push(
    r.scheduler.running
      ? `Scheduler: running, PID ${r.scheduler.pid} on ${r.scheduler.host} since ${r.scheduler.since}`
      : `Scheduler: not running${r.scheduler.stale_lock ? ' (a stale lock was left by a killed scheduler; it is taken over on start)' : ''} (start it with "centinela schedule")`,
  );
  if (r.writer) out.push(`Writing now: ${describeHolder(r.writer)}`);
  out.push('');
  const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, 'Z') : '-');
  const rows = r.sources.map((s) => ({
    source: s.source,
    state: s.state === 'disabled' ? 'disabled' : s.state.toUpperCase(),
    vintage: s.latest_vintage ?? '-',
    'last load': s.last_loaded_at ?? '-',
    age: s.age_days === null ? '-' : `${s.age_days} d${s.freshness_basis === 'last_load' ? ' (load)' : ''}`,
    'warn/error': `${s.warn_after_days}/${s.error_after_days} d`,
    'next run': s.next_run_local ?? '-',
    'alarms (new)': `${s.alarms} (${s.new_alarms})`,
    'last job': s.job
      ? `${s.job.last_status}${s.job.consecutive_failures > 0 ? ` x${s.job.consecutive_failures}` : ''} ${when(s.job.last_finished_at)}`
      : '-',
  }));
  out.push(formatTable(Object.keys(rows[0] ?? {}), rows).trimEnd());
  const notes = r.sources.filter((s) => s.state !== 'ok' && s.state !== 'disabled');
  if (notes.length > 0) out.push('');
  for (const s of notes) {
    const outcome = s.last_outcome?.status === 'failed' ? s.last_outcome : null;
    if (outcome) {
      out.push(
        `${s.source}: ${s.state.toUpperCase()}: failed in run ${outcome.run_id} at ${outcome.finished_at} and was rolled back (its earlier data is unchanged): ${outcome.error ?? ''}`,
      );
      out.push(`  freshness: ${s.freshness_reason}`);
    } else {
      out.push(`${s.source}: ${s.state.toUpperCase()}: ${s.freshness_reason}`);
    }
    if (s.job && s.job.state !== 'ok') {
      out.push(
        `  its scheduled job ${s.job.job} ended ${s.job.last_status} (${s.job.consecutive_failures} in a row): ${s.job.last_error ?? ''}`,
      );
    }
  }
  for (const j of r.jobs) {
    out.push(
      `Job ${j.job}: ${j.last_status} at ${when(j.last_finished_at)}${j.state !== 'ok' ? ` (${j.state.toUpperCase()}: ${j.last_error ?? ''})` : ''}`,
    );
  }
  for (const p of r.problems) out.push(`Problem: ${p}`);
  out.push('');
  const last = r.lastRun as {
    run_id: number;
    command: string;
    status: string;
    finished_at: string | null;
  } | null;
  if (last)
    out.push(
      `Last published run: ${last.run_id} (${last.command}) ${last.status} at ${last.finished_at ?? '?'}`,
    );
  const since = r.last_report
    ? `since the last report (${when(r.last_report.generatedAt)}, detection run ${r.last_report.detectionRunId ?? '-'})`
    : 'since the last report (none written yet)';
  out.push(
    `Alarms in the latest detection run: ${r.alerts.alarms}; new ${since}: ${r.alerts.new_since_report}`,
  );
  out.push(`Freshness: ${r.freshness_rule}.`);
  out.push(`Overall: ${r.overall.toUpperCase()}`);
  return `${out.join('\n')}\n`;
}
