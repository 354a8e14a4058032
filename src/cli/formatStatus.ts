import type { StatusReport } from '../schedule/health.ts';
import { describeHolder } from '../warehouse/lock.ts';
import { formatTable } from './formatRows.ts';

/** Columns of the terminal the status is laid out for, unless --wide. */
export const STATUS_WIDTH = 100;

export interface StatusLayout {
  /** Every column and full sentences, however wide. */
  wide: boolean;
  /** ANSI colours for the states (a terminal without NO_COLOR). */
  colour: boolean;
}

const COLOURS: Record<string, string> = { OK: '32', WARN: '33', ERROR: '31' };

/** `centinela status` for people: a table within 100 columns (every detail under --wide), optionally coloured. */
export function formatStatus(r: StatusReport, layout: StatusLayout = { wide: false, colour: false }): string {
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
  const rows = r.sources.map((s) => {
    const nextRun = s.next_run_local ?? '-';
    const row: Record<string, string> = {
      source: s.source,
      state: s.state === 'disabled' ? 'disabled' : s.state.toUpperCase(),
      vintage: s.latest_vintage ?? '-',
      age: s.age_days === null ? '-' : `${s.age_days} d${s.freshness_basis === 'last_load' ? '*' : ''}`,
      'alarms (new)': `${s.alarms} (${s.new_alarms})`,
      // The wall-clock time without seconds or zone name (the zone is in --wide and the JSON).
      'next run': layout.wide ? nextRun : nextRun.replace(/^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d).*$/, '$1'),
    };
    if (!layout.wide) return row;
    return {
      ...row,
      'last load': s.last_loaded_at ?? '-',
      'warn/error': `${s.warn_after_days}/${s.error_after_days} d`,
      'last job': s.job
        ? `${s.job.last_status}${s.job.consecutive_failures > 0 ? ` x${s.job.consecutive_failures}` : ''} ${when(s.job.last_finished_at)}`
        : '-',
    };
  });
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
  if (r.sources.some((s) => s.freshness_basis === 'last_load' && s.age_days !== null))
    out.push(
      'age: days since the latest vintage; * since the last load (demo data, whose vintages are fixed dates).',
    );
  out.push(`Freshness: ${r.freshness_rule}.`);
  out.push(`Overall: ${r.overall.toUpperCase()}`);
  const lines = layout.wide ? out : out.flatMap((line) => wrap(line, STATUS_WIDTH));
  const text = `${lines.join('\n')}\n`;
  return layout.colour
    ? text.replace(/\b(OK|WARN|ERROR)\b/g, (state) => `\x1b[${COLOURS[state]}m${state}\x1b[0m`)
    : text;
}

/** A sentence broken at spaces to fit `width` columns, continuation lines indented (a table line is left alone). */
export function wrap(line: string, width: number): string[] {
  if (line.length <= width || line.includes(' | ')) return [line];
  const indent = line.startsWith('  ') ? '    ' : '  ';
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    if (cut <= indent.length) break;
    out.push(rest.slice(0, cut));
    rest = indent + rest.slice(cut + 1);
  }
  out.push(rest);
  return out;
}
