/**
 * `centinela status`: what the published warehouse holds per source, how fresh each source is, when its job runs
 * next and how its last scheduled execution ended, the alarms since the last report, and whether a scheduler or a
 * writer is running. Pure composition: the readers are passed in, so it is easy to test.
 */
import type { Config } from '../core/config.ts';
import type { Pipeline } from '../core/pipeline.ts';
import { ingestJobName } from '../run/jobName.ts';
import type { LockInfo } from '../warehouse/lock.ts';
import { nextRunOrNull, scheduleProblems } from './cron.ts';
import { evaluateFreshness, type FreshnessState, thresholdsFor, worst } from './freshness.ts';
import type { ReportManifest } from './report.ts';
import type { JobState, SchedulerState } from './state.ts';

export interface PublishedSource {
  source: string;
  latest_vintage: string | null;
  last_loaded_at: string | null;
  loads: number;
  failed_loads: number;
  demo: boolean;
  observations: number;
  last_period_end: string | null;
  /** How the source ended in the latest run that tried to load it; null before any (or an older file). */
  last_outcome: {
    run_id: number;
    status: string;
    finished_at: string;
    error: string | null;
    error_kind: string | null;
  } | null;
}

export interface JobHealth {
  job: string;
  state: FreshnessState;
  last_status: JobState['lastStatus'];
  last_cause: string | null;
  last_run_id: number | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_success_at: string | null;
  consecutive_failures: number;
  last_error: string | null;
  last_error_kind: string | null;
}

export interface SourceHealth extends PublishedSource {
  enabled: boolean;
  releases: string;
  /** ok, warn or error; disabled for a pipeline switched off in the configuration (never counted). */
  freshness: FreshnessState | 'disabled';
  freshness_basis: 'vintage' | 'last_load' | 'none';
  age_days: number | null;
  warn_after_days: number;
  error_after_days: number;
  freshness_reason: string;
  /** The cron expression and time zone, and the next time it fires. */
  schedule: string;
  next_run: string | null;
  /** The next run as wall-clock time in the schedule's zone, e.g. "2026-12-03 06:00 America/New_York". */
  next_run_local: string | null;
  /** The source's scheduled job, if the scheduler has ever run it. */
  job: JobHealth | null;
  /** Alarms in the latest detection run, and how many are new since the last report. */
  alarms: number;
  new_alarms: number;
  /** The worse of freshness and job: what decides the exit code. */
  state: FreshnessState | 'disabled';
}

export interface StatusReport {
  warehouse: string;
  checked_at: string;
  overall: FreshnessState;
  scheduler: { running: boolean; pid?: number; host?: string; since?: string; stale_lock?: boolean };
  writer: (LockInfo & { stale: boolean }) | null;
  sources: SourceHealth[];
  /** The chained jobs (detect, report) as the scheduler last ran them. */
  jobs: JobHealth[];
  lastRun: unknown;
  alerts: { run_id: number | null; alarms: number; new_since_report: number };
  last_report: ReportManifest | null;
  problems: string[];
  freshness_rule: string;
}

export interface StatusInputs {
  config: Config;
  pipelines: Pipeline[];
  published: PublishedSource[];
  lastRun: unknown;
  latestAlerts: { run_id: number | null; alarms: number };
  alarmCounts: { source: string; alarms: number; new_alarms: number }[];
  state: SchedulerState;
  schedulerHolder: (LockInfo & { stale: boolean }) | null;
  writerHolder: (LockInfo & { stale: boolean }) | null;
  lastReport: ReportManifest | null;
  now: Date;
}

export const FRESHNESS_RULE =
  "publishers' data is judged by the age of its latest vintage, demo data by the age of its last load (its vintages are fixed dates); thresholds default to 1.5 and 2.5 release periods";

export function buildStatus(input: StatusInputs): StatusReport {
  const { config, now } = input;
  const problems: string[] = [];
  const sources: SourceHealth[] = input.pipelines.map((pipeline) => {
    const settings = config.pipelines[pipeline.name];
    const enabled = settings?.enabled ?? true;
    const held: PublishedSource = input.published.find((s) => s.source === pipeline.name) ?? {
      source: pipeline.name,
      latest_vintage: null,
      last_loaded_at: null,
      loads: 0,
      failed_loads: 0,
      demo: false,
      observations: 0,
      last_period_end: null,
      last_outcome: null,
    };
    const thresholds = thresholdsFor(pipeline.releases, settings?.freshness);
    const fresh = evaluateFreshness({
      releases: pipeline.releases,
      thresholds,
      latestVintage: held.latest_vintage,
      lastLoadedAt: held.last_loaded_at,
      demo: held.demo,
      loads: held.loads,
      now,
    });
    const schedule = settings?.schedule ?? pipeline.schedule;
    const bad = scheduleProblems(schedule, `pipeline ${pipeline.name}`);
    problems.push(...bad);
    const job = jobHealth(
      ingestJobName(pipeline.name),
      input.state.jobs[ingestJobName(pipeline.name)],
      held.last_loaded_at,
    );
    const counts = input.alarmCounts.find((a) => a.source === pipeline.name);
    const next = enabled && bad.length === 0 ? nextRunOrNull(schedule) : null;
    // The latest run that tried the source (by hand or scheduled) failed on it: rolled back, and in error until a
    // later run loads it (or finds its input unchanged).
    const failed: FreshnessState = held.last_outcome?.status === 'failed' ? 'error' : 'ok';
    const state = enabled ? worst(fresh.state, job?.state ?? 'ok', failed) : 'disabled';
    return {
      ...held,
      enabled,
      releases: pipeline.releases,
      freshness: enabled ? fresh.state : 'disabled',
      freshness_basis: fresh.basis,
      age_days: fresh.ageDays,
      warn_after_days: fresh.warnAfterDays,
      error_after_days: fresh.errorAfterDays,
      freshness_reason: fresh.reason,
      schedule: `${schedule.cron} ${schedule.timezone}`,
      next_run: next?.toISOString() ?? null,
      next_run_local: next ? `${wallClock(next, schedule.timezone)} ${schedule.timezone}` : null,
      job,
      alarms: counts?.alarms ?? 0,
      new_alarms: counts?.new_alarms ?? 0,
      state,
    };
  });
  const jobs = ['detect', 'report']
    .map((name) => jobHealth(name, input.state.jobs[name], null))
    .filter((j): j is JobHealth => j !== null);
  const counted = sources.filter((s) => s.state !== 'disabled').map((s) => s.state as FreshnessState);
  const overall = worst(...counted, ...jobs.map((j) => j.state));
  const sched = input.schedulerHolder;
  return {
    warehouse: config.warehouse,
    checked_at: now.toISOString(),
    overall,
    scheduler:
      sched && !sched.stale
        ? { running: true, pid: sched.pid, host: sched.host, since: sched.since }
        : { running: false, ...(sched?.stale ? { stale_lock: true } : {}) },
    writer: input.writerHolder && !input.writerHolder.stale ? input.writerHolder : null,
    sources,
    jobs,
    lastRun: input.lastRun,
    alerts: {
      run_id: input.latestAlerts.run_id,
      alarms: input.latestAlerts.alarms,
      new_since_report: sources.reduce((n, s) => n + s.new_alarms, 0),
    },
    last_report: input.lastReport,
    problems,
    freshness_rule: FRESHNESS_RULE,
  };
}

/**
 * A job's last execution as the scheduler recorded it. Failed → error, unless a load of the source published since
 * (a manual run fixed it); interrupted → warn (it runs again at its next time).
 */
function jobHealth(name: string, st: JobState | undefined, lastLoadedAt: string | null): JobHealth | null {
  if (!st || st.lastStatus === null) return null;
  let state: FreshnessState = 'ok';
  if (st.lastStatus === 'failed') {
    const superseded =
      lastLoadedAt !== null &&
      st.lastFinishedAt !== null &&
      parseStamp(lastLoadedAt) > new Date(st.lastFinishedAt).getTime();
    state = superseded ? 'ok' : 'error';
  } else if (st.lastStatus === 'interrupted') {
    state = 'warn';
  }
  return {
    job: name,
    state,
    last_status: st.lastStatus,
    last_cause: st.lastCause,
    last_run_id: st.lastRunId,
    last_started_at: st.lastStartedAt,
    last_finished_at: st.lastFinishedAt,
    last_success_at: st.lastSuccessAt,
    consecutive_failures: st.consecutiveFailures,
    last_error: st.lastError,
    last_error_kind: st.lastErrorKind,
  };
}

/** "2026-12-03 06:00" in the given zone. */
export function wallClock(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

function parseStamp(value: string): number {
  const t = Date.parse(
    value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})?$/, (_, h, m) => `${h}:${m ?? '00'}`),
  );
  return Number.isNaN(t) ? 0 : t;
}
