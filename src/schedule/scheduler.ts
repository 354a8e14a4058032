/**
 * `centinela schedule`: every enabled pipeline's load job on its own cron schedule (node-cron v4, one task per job,
 * named, in the pipeline's IANA time zone, noOverlap), with the detectors and the report chained after the loads
 * that published new data.
 *
 * - One scheduler at a time: the scheduler lock is held for the process's lifetime.
 * - One writer at a time: each attempt takes the writer lock (runPipelines) and the scheduler's own attempts run one
 *   after another, so its jobs never wait on each other's lock; they only wait for a manual run.
 * - A job whose previous execution (attempts and backoff included) is still going is skipped, and that is logged.
 * - Transient failures are retried with exponential backoff, a bounded number of times; then the job is reported as
 *   failed (log, state file, `centinela status`) and runs again at its next scheduled time, not before.
 * - A job whose time came while the scheduler was down (or the machine asleep) runs once on start-up (or on wake),
 *   not once per missed time: the state file remembers when each job is next due.
 * - stop() (first SIGINT/SIGTERM) stops the cron tasks, interrupts the running attempt (its transaction rolls back;
 *   a run that has committed finishes publishing), waits for it, saves the state and releases the locks.
 */
import { join } from 'node:path';
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../core/config.ts';
import type { Pipeline } from '../core/pipeline.ts';
import type { RetrySettings } from '../core/settings.ts';
import { formatDuration } from '../core/time.ts';
import { formatRunReport, type RunReport, runReport } from '../run/closingSummary.ts';
import { classifyError, type ErrorKind, InterruptedError, RETRYABLE } from '../run/errors.ts';
import { ingestJobName } from '../run/jobName.ts';
import type { RunStep } from '../run/progress.ts';
import { type DataMode, RunError, type RunSummary, runPipelines, SourcesFailedError } from '../run/run.ts';
import { acquireLock, type HeldLock, schedulerLockPath } from '../warehouse/lock.ts';
import { type Clock, systemClock } from './clock.ts';
import { type CronSchedule, canonicalTimezone, scheduleProblems } from './cron.ts';
import type { EventLog } from './log.ts';
import { writeReportFromPublished } from './report.ts';
import { backoffDelay } from './retry.ts';
import {
  emptyJobState,
  type JobState,
  readState,
  type SchedulerState,
  statePath,
  writeStateSync,
} from './state.ts';

export type JobKind = 'ingest' | 'detect' | 'report';

export interface JobSpec {
  name: string;
  kind: JobKind;
  pipeline: Pipeline | null;
  /** Cron schedule; null for jobs chained after others (detect, report). */
  schedule: CronSchedule | null;
  retries: RetrySettings;
}

export class ScheduleConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`cannot schedule:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ScheduleConfigError';
  }
}

/** The jobs of a configuration, and every problem with their schedules (all of them, not just the first). */
export function planJobs(config: Config, pipelines: Pipeline[]): { jobs: JobSpec[]; problems: string[] } {
  const jobs: JobSpec[] = [];
  const problems: string[] = [];
  const defaults = config.schedule.retries;
  for (const pipeline of pipelines) {
    const settings = config.pipelines[pipeline.name];
    if (settings?.enabled === false) continue;
    const schedule = settings?.schedule ?? pipeline.schedule;
    const where = settings?.schedule
      ? `pipelines.${pipeline.name}.schedule in the configuration`
      : `pipeline ${pipeline.name} (its schedule)`;
    const found = scheduleProblems(schedule, where);
    problems.push(...found);
    jobs.push({
      name: ingestJobName(pipeline.name),
      kind: 'ingest',
      pipeline,
      schedule:
        found.length === 0
          ? { cron: schedule.cron, timezone: canonicalTimezone(schedule.timezone) ?? schedule.timezone }
          : schedule,
      retries: { ...defaults, ...(settings?.retries ?? {}) },
    });
  }
  if (jobs.length === 0) problems.push('no enabled pipeline to schedule');
  if (config.schedule.detect) {
    jobs.push({ name: 'detect', kind: 'detect', pipeline: null, schedule: null, retries: defaults });
  }
  if (config.schedule.report) {
    jobs.push({ name: 'report', kind: 'report', pipeline: null, schedule: null, retries: defaults });
  }
  return { jobs, problems };
}

export interface SchedulerOptions {
  config: Config;
  /** Every pipeline the warehouse knows (staging views of all are rebuilt by each run). */
  pipelines: Pipeline[];
  log: EventLog;
  /** Which inputs each load job reads (as `run`, `run --demo`, `run --live`); default the bundled releases. */
  data?: DataMode;
  /** Run missed jobs once on start-up; default config.schedule.catchUp. */
  catchUp?: boolean;
  /** How long to wait for another scheduler to exit; 0 = fail at once naming it. */
  lockWaitMs?: number;
  random?: () => number;
  /** Default: the system clock. */
  clock?: Clock;
}

export interface SchedulerStats {
  /** Job executions started (a retry is part of its execution). */
  executions: number;
  succeeded: number;
  failed: number;
  interrupted: number;
  /** Attempts that failed transiently and were retried. */
  retries: number;
  /** Executions that succeeded after at least one retry. */
  recovered: number;
  /** Times skipped because the previous execution was still going. */
  skipped: number;
}

interface AttemptResult {
  status: 'succeeded' | 'no_new_data';
  runId: number | null;
  rows: number;
  published: boolean;
  summary: string;
  /** What a load or detection job did, as `run` ends (null for the report job). */
  closing: RunReport | null;
}

export class Scheduler {
  readonly jobs: JobSpec[];
  readonly stats: SchedulerStats = {
    executions: 0,
    succeeded: 0,
    failed: 0,
    interrupted: 0,
    retries: 0,
    recovered: 0,
    skipped: 0,
  };
  /** Resolves once the scheduler has stopped and released its locks. */
  readonly done: Promise<void>;

  private readonly config: Config;
  private readonly pipelines: Pipeline[];
  private readonly log: EventLog;
  private readonly data: DataMode;
  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly abort = new AbortController();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly active = new Map<string, Date>();
  /** Chained jobs asked for again while running, with the latest cause: they run once more afterwards. */
  private readonly rerun = new Map<string, string>();
  private readonly statePath: string;
  private state: SchedulerState;
  private mutex: Promise<void> = Promise.resolve();
  private lock: HeldLock | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private resolveDone: () => void = () => {};

  private constructor(opts: SchedulerOptions, jobs: JobSpec[]) {
    this.config = opts.config;
    this.pipelines = opts.pipelines;
    this.log = opts.log;
    this.data = opts.data ?? 'bundled';
    this.random = opts.random ?? Math.random;
    this.clock = opts.clock ?? systemClock;
    this.jobs = jobs;
    this.statePath = statePath(opts.config.workDir);
    this.state = { version: 1, updatedAt: null, jobs: {} };
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** Validates every schedule, takes the scheduler lock, starts the cron tasks and runs missed jobs once. */
  static async start(opts: SchedulerOptions): Promise<Scheduler> {
    const enabled = opts.pipelines;
    const { jobs, problems } = planJobs(opts.config, enabled);
    if (problems.length > 0) throw new ScheduleConfigError(problems);
    const scheduler = new Scheduler(opts, jobs);
    scheduler.lock = await acquireLock(schedulerLockPath(opts.config.workDir), {
      command: 'schedule',
      what: 'the scheduler',
      waitMs: opts.lockWaitMs ?? 0,
      onWait: (holder) =>
        opts.log.info(
          'scheduler.waiting',
          `another scheduler is running (PID ${holder.pid}); waiting for it to exit`,
        ),
      onStale: (holder) =>
        opts.log.warn(
          'lock.stale',
          `taking over the scheduler lock of PID ${holder.pid}, which is no longer running`,
        ),
    });
    try {
      scheduler.begin(opts.catchUp ?? opts.config.schedule.catchUp);
    } catch (error) {
      scheduler.lock.release();
      throw error;
    }
    return scheduler;
  }

  private begin(catchUp: boolean): void {
    this.state = readState(this.statePath);
    const cronLogger = {
      info: () => {},
      debug: () => {},
      // Overlaps are logged as job.skipped (execution:overlap); other warnings are kept for debugging.
      warn: (message: string) => {
        if (!/overlap prevention/.test(message)) this.log.debug('cron.warn', `node-cron: ${message}`);
      },
      error: (message: string | Error) =>
        this.log.debug('cron.error', `node-cron: ${message instanceof Error ? message.message : message}`),
    };
    for (const job of this.jobs) {
      if (!job.schedule) continue;
      const task = cron.createTask(job.schedule.cron, (ctx) => this.trigger(job, 'schedule', ctx.date), {
        name: job.name,
        timezone: job.schedule.timezone,
        noOverlap: true,
        // A tick up to a minute late (a busy event loop) still runs as scheduled; later than that (the machine slept)
        // node-cron reports it missed and we run the job once.
        missedExecutionTolerance: 60_000,
        logger: cronLogger,
      });
      task.on('execution:overlap', (ctx) => this.skipped(job, ctx.date));
      task.on('execution:missed', (ctx) => this.missed(job, ctx.date));
      this.tasks.set(job.name, task);
    }
    const lines = this.jobs.map((job) => {
      const next = this.tasks.get(job.name)?.getNextRuns(1)[0];
      return job.schedule
        ? `${job.name}: "${job.schedule.cron}" ${job.schedule.timezone}, next ${next?.toISOString() ?? '?'}`
        : `${job.name}: after ${job.kind === 'detect' ? 'a load that published new data' : this.config.schedule.detect ? 'detect' : 'a load that published new data'}`;
    });
    this.log.info(
      'scheduler.started',
      `scheduler started (PID ${process.pid}); jobs:\n  ${lines.join('\n  ')}`,
      {
        jobs: this.jobs.map((j) => ({
          name: j.name,
          cron: j.schedule?.cron ?? null,
          timezone: j.schedule?.timezone ?? null,
        })),
        data: this.data,
        catchUp,
        stateFile: this.statePath,
      },
    );
    for (const task of this.tasks.values()) task.start();

    const now = this.clock.now();
    for (const job of this.jobs) {
      const task = this.tasks.get(job.name);
      const pending = this.state.jobs[job.name]?.pendingSince;
      if (!task && pending && catchUp) {
        this.log.info(
          'job.catch_up',
          `running once now: asked for at ${pending}, it had not run when the scheduler stopped`,
          {
            job: job.name,
          },
        );
        void this.trigger(job, 'catch-up', null);
      }
      if (!task) continue;
      const st = this.jobState(job.name);
      const due = st.nextDueAt ? new Date(st.nextDueAt) : null;
      const missed = due === null || due.getTime() <= now;
      if (missed && catchUp) {
        const why =
          due === null
            ? 'it has never run under the scheduler'
            : `it was due at ${due.toISOString()} while the scheduler was not running`;
        this.log.info('job.catch_up', `running once now: ${why}`, {
          job: job.name,
          dueAt: due?.toISOString() ?? null,
        });
        void this.trigger(job, 'catch-up', due);
      } else {
        st.nextDueAt = task.getNextRun()?.toISOString() ?? null;
        if (missed) {
          const next = `; it runs at its next time, ${st.nextDueAt ?? 'none'}`;
          this.log.info(
            'job.missed',
            due === null
              ? `has never run under the scheduler; catch-up is off${next}`
              : `was due at ${due.toISOString()} while the scheduler was down; catch-up is off${next}`,
            { job: job.name, dueAt: due?.toISOString() ?? null, nextDueAt: st.nextDueAt },
          );
        }
      }
    }
    this.saveState();
    const every = this.config.schedule.heartbeatSeconds;
    if (every > 0) {
      this.heartbeat = setInterval(() => this.beat(), every * 1000);
      this.heartbeat.unref();
    }
  }

  /** Graceful stop: no new jobs; the running one rolls back (or finishes publishing); state saved; locks released. */
  stop(reason: string): Promise<void> {
    if (this.stopping) return this.stopping;
    this.stopping = (async () => {
      const running = [...this.active.keys()];
      this.log.info(
        'scheduler.stopping',
        `stopping (${reason})${running.length ? `: ${running.join(', ')} will roll back or finish` : ''}`,
        { reason, running },
      );
      for (const task of this.tasks.values()) {
        await task.stop();
        await task.destroy();
      }
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.abort.abort(new InterruptedError(reason));
      while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
      this.saveState();
      this.lock?.release();
      this.log.info('scheduler.stopped', 'scheduler stopped; locks released', { stats: { ...this.stats } });
      this.resolveDone();
    })();
    return this.stopping;
  }

  /** Runs a job now (as a cron tick would), for tests and tools; resolves when its execution (not its chain) ends. */
  runNow(name: string, cause = 'manual'): Promise<void> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`unknown job: ${name}`);
    return this.trigger(job, cause, null);
  }

  /** Resolves when no job is running or waiting. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  nextRun(name: string): Date | null {
    return this.tasks.get(name)?.getNextRun() ?? null;
  }

  private async trigger(job: JobSpec, cause: string, scheduledFor: Date | null): Promise<void> {
    if (this.stopping) return;
    const since = this.active.get(job.name);
    if (since) {
      if (!job.schedule) {
        // Chained after another load while already running: run once more afterwards, however many ask.
        this.rerun.set(job.name, cause);
        return;
      }
      this.skipped(job, scheduledFor ?? this.date(), cause);
      return;
    }
    this.active.set(job.name, this.date());
    const execution = this.execute(job, cause, scheduledFor).finally(() => this.active.delete(job.name));
    this.track(execution);
    await execution;
    const again = this.rerun.get(job.name);
    this.rerun.delete(job.name);
    if (again !== undefined && !this.stopping) await this.trigger(job, again, null);
  }

  private skipped(job: JobSpec, at: Date, cause = 'schedule'): void {
    this.stats.skipped++;
    const since = this.active.get(job.name);
    this.log.warn(
      'job.skipped',
      `skipped the ${cause === 'schedule' ? 'run' : cause} due at ${at.toISOString()}: the previous execution${since ? ` (started ${since.toISOString()})` : ''} is still running`,
      { job: job.name, reason: 'overlap', scheduledFor: at.toISOString(), cause },
    );
  }

  private missed(job: JobSpec, at: Date): void {
    if (this.active.has(job.name)) {
      this.log.info('job.missed', `missed its time ${at.toISOString()} while running; not run twice`, {
        job: job.name,
      });
      return;
    }
    this.log.info(
      'job.catch_up',
      `missed its time ${at.toISOString()} (the machine slept or was busy); running once now`,
      {
        job: job.name,
        dueAt: at.toISOString(),
      },
    );
    void this.trigger(job, 'catch-up', at);
  }

  private async execute(job: JobSpec, cause: string, scheduledFor: Date | null): Promise<void> {
    this.stats.executions++;
    const st = this.jobState(job.name);
    const started = this.clock.now();
    st.lastStartedAt = new Date(started).toISOString();
    st.lastCause = cause;
    this.saveState();
    this.log.info(
      'job.started',
      `started (${cause}${scheduledFor ? `, due ${scheduledFor.toISOString()}` : ''})`,
      {
        job: job.name,
        cause,
        scheduledFor: scheduledFor?.toISOString() ?? null,
      },
    );
    let firstRunId: number | null = null;
    let result: AttemptResult | null = null;
    let attempt = 0;
    let failure: {
      message: string;
      kind: ErrorKind;
      runId: number | null;
      closing: RunReport | null;
    } | null = null;
    for (;;) {
      attempt++;
      try {
        const n = attempt;
        const retryOf = firstRunId;
        result = await this.exclusive(() => this.attemptOnce(job, cause, scheduledFor, n, retryOf));
        failure = null;
        break;
      } catch (error) {
        const kind = error instanceof RunError ? error.kind : classifyError(error);
        const runId = error instanceof RunError && error.runId > 0 ? error.runId : null;
        firstRunId ??= runId;
        const closing = (error as { closing?: RunReport }).closing ?? null;
        failure = { message: (error as Error).message, kind, runId, closing };
        if (kind === 'interrupted' || this.abort.signal.aborted) {
          failure.kind = 'interrupted';
          break;
        }
        if (!RETRYABLE.has(kind) || attempt > job.retries.count) break;
        const delay = backoffDelay(job.retries, attempt, this.random);
        this.stats.retries++;
        this.log.warn(
          'job.retry',
          `attempt ${attempt} of ${job.retries.count + 1} failed (${kind}): ${firstLine(failure.message)}; retrying in ${formatDuration(delay)}`,
          {
            job: job.name,
            runId: runId ?? undefined,
            attempt,
            errorKind: kind,
            error: failure.message,
            delayMs: delay,
          },
        );
        try {
          await this.clock.sleep(delay, this.abort.signal);
        } catch {
          failure.kind = 'interrupted';
          break;
        }
      }
    }

    const finished = this.date();
    const durationMs = finished.getTime() - started;
    st.lastFinishedAt = finished.toISOString();
    st.lastAttempts = attempt;
    const task = this.tasks.get(job.name);
    if (task && !this.stopping) st.nextDueAt = task.getNextRun()?.toISOString() ?? st.nextDueAt;
    if (result) {
      this.stats.succeeded++;
      st.lastStatus = result.status;
      st.lastRunId = result.runId;
      st.lastError = null;
      st.lastErrorKind = null;
      st.consecutiveFailures = 0;
      st.lastSuccessAt = finished.toISOString();
      // Asked for again while it ran (a rerun follows): keep it pending until that one succeeds.
      if (st.pendingSince !== null && Date.parse(st.pendingSince) <= started) st.pendingSince = null;
      if (attempt > 1) {
        this.stats.recovered++;
        this.log.info(
          'job.recovered',
          `recovered: succeeded on attempt ${attempt} after ${attempt - 1} transient failure(s)`,
          {
            job: job.name,
            runId: result.runId ?? undefined,
            attempt,
          },
        );
      }
      this.log.info('job.finished', result.summary, {
        job: job.name,
        runId: result.runId ?? undefined,
        status: result.status,
        rows: result.rows,
        attempts: attempt,
        durationMs,
      });
      if (result.closing) this.logClosing(job, result.closing);
    } else if (failure) {
      st.lastRunId = failure.runId ?? st.lastRunId;
      st.lastError = failure.message;
      st.lastErrorKind = failure.kind;
      if (failure.kind === 'interrupted') {
        this.stats.interrupted++;
        st.lastStatus = 'interrupted';
        this.log.warn('job.interrupted', `interrupted and rolled back; it runs again at its next time`, {
          job: job.name,
          runId: failure.runId ?? undefined,
          durationMs,
        });
      } else {
        this.stats.failed++;
        st.lastStatus = 'failed';
        st.consecutiveFailures++;
        const why = RETRYABLE.has(failure.kind)
          ? `${attempt} attempt(s), retries exhausted`
          : `${failure.kind} error, not retried (the same input would fail the same way)`;
        const next = st.nextDueAt && job.schedule ? `; next try at its next time, ${st.nextDueAt}` : '';
        this.log.error(
          'job.failed',
          `FAILED (${why}; ${st.consecutiveFailures} failed execution(s) in a row): ${failure.message}${next}`,
          {
            job: job.name,
            runId: failure.runId ?? undefined,
            errorKind: failure.kind,
            error: failure.message,
            attempts: attempt,
            consecutiveFailures: st.consecutiveFailures,
            durationMs,
          },
        );
        if (failure.closing) this.logClosing(job, failure.closing);
      }
    }
    this.saveState();
    if (result && !this.stopping) this.chainAfter(job, result);
  }

  /** The closing summary; a job that has published is not failed (nor retried) for want of it. */
  private async closing(
    job: JobSpec,
    summary: Parameters<typeof runReport>[1],
    names: string[],
    report: string | null,
  ): Promise<RunReport | null> {
    try {
      return await runReport(this.config, summary, names, report);
    } catch (error) {
      this.log.warn('job.summary_failed', `no closing summary: ${(error as Error).message}`, {
        job: job.name,
      });
      return null;
    }
  }

  /** The closing summary of a load or detection job, as `run` prints it: readable, and every field in the JSON log. */
  private logClosing(job: JobSpec, closing: RunReport): void {
    this.log.write({
      event: 'job.summary',
      level: closing.sources.some((s) => s.status === 'failed') ? 'error' : 'info',
      message: `summary:\n  ${formatRunReport(closing).trimEnd().split('\n').join('\n  ')}`,
      job: job.name,
      ...closing,
    });
  }

  /** Detection after a load that published new data; the report after detection (or after the load without it). */
  private chainAfter(job: JobSpec, result: AttemptResult): void {
    const after = `after ${job.name}${result.runId ? ` (run ${result.runId})` : ''}`;
    let next: JobSpec | undefined;
    if (job.kind === 'ingest' && result.status === 'succeeded') {
      next = this.jobs.find((j) => j.kind === 'detect') ?? this.jobs.find((j) => j.kind === 'report');
    } else if (job.kind === 'detect') {
      next = this.jobs.find((j) => j.kind === 'report');
    }
    if (!next) return;
    const st = this.jobState(next.name);
    st.pendingSince ??= this.date().toISOString();
    this.saveState();
    this.track(this.trigger(next, after, null));
  }

  private async attemptOnce(
    job: JobSpec,
    cause: string,
    scheduledFor: Date | null,
    attempt: number,
    retryOf: number | null,
  ): Promise<AttemptResult> {
    if (this.abort.signal.aborted) throw new InterruptedError('shutdown');
    if (job.kind === 'report') {
      const { files, manifest } = await writeReportFromPublished(this.config, this.config.reportDir);
      return {
        status: 'succeeded',
        runId: null,
        rows: files.length,
        published: false,
        closing: null,
        summary: `wrote the report (${files.length} files, detection run ${manifest.detectionRunId ?? '-'}, ${manifest.alarms} alarm(s)) to ${this.config.reportDir}`,
      };
    }
    let runId: number | undefined;
    let step: RunStep | undefined;
    const names = job.kind === 'ingest' && job.pipeline ? [job.pipeline.name] : [];
    const report = this.config.schedule.report ? join(this.config.reportDir, 'index.html') : null;
    const summary: RunSummary = await runPipelines({
      config: this.config,
      pipelines: job.kind === 'ingest' && job.pipeline ? [job.pipeline] : this.pipelines,
      allPipelines: this.pipelines,
      command: job.kind === 'ingest' ? 'ingest' : 'detect',
      trigger: 'cron',
      data: this.data,
      ingest: job.kind === 'ingest',
      detect: job.kind === 'detect',
      job: job.name,
      cause,
      attempt,
      retryOf,
      scheduledFor,
      signal: this.abort.signal,
      lockWaitMs: this.config.schedule.lockWaitSeconds * 1000,
      onStart: (id) => {
        runId = id;
        this.log.debug('run.started', `run ${id} started (attempt ${attempt})`, {
          job: job.name,
          runId: id,
          attempt,
        });
      },
      onProgress: (p) => {
        if (p.step !== step) {
          step = p.step;
          this.log.debug('run.step', p.detail, { job: job.name, runId, step: p.step });
        }
        this.log.progress(`${job.name}${runId ? ` run ${runId}` : ''}`, p.fraction, p.detail);
      },
      log: (message, event) => {
        this.log.info('run.log', message, {
          job: job.name,
          runId,
          step,
          ...(event?.kind === 'loaded' ? { source: event.source, rows: event.rows } : {}),
        });
      },
    }).catch(async (error: unknown) => {
      // Its sources failed (rolled back): the error carries what the run did, for the closing summary.
      if (error instanceof SourcesFailedError)
        Object.assign(error, { closing: await this.closing(job, error.run, names, report) });
      throw error;
    });
    const rows = summary.loads.reduce((n, l) => n + l.rowsLoaded, 0);
    const what =
      summary.status === 'no_new_data'
        ? `no new data (${summary.skipped.length} input(s) already loaded)`
        : job.kind === 'detect'
          ? `detectors: ${summary.detection?.alarms ?? 0} alarm(s) in ${summary.detection?.series ?? 0} series`
          : `loaded ${rows} rows from ${summary.loads.length} input(s)`;
    return {
      status: summary.status,
      runId: summary.runId,
      rows,
      published: summary.published !== null,
      summary: `${what}${summary.published ? '; published' : ''}`,
      closing: await this.closing(job, summary, names, report),
    };
  }

  /** The scheduler's attempts run one at a time (one writer); the lock keeps other processes out. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.mutex.then(() => fn());
    this.mutex = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  private date(): Date {
    return new Date(this.clock.now());
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((error) =>
      this.log.error('scheduler.bug', `unexpected error: ${(error as Error).stack ?? error}`),
    );
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
  }

  private jobState(name: string): JobState {
    let st = this.state.jobs[name];
    if (!st) {
      st = emptyJobState();
      this.state.jobs[name] = st;
    }
    return st;
  }

  private saveState(): void {
    try {
      writeStateSync(this.statePath, this.state);
    } catch (error) {
      this.log.error('state.unwritable', `cannot save ${this.statePath}: ${(error as Error).message}`);
    }
  }

  private beat(): void {
    // Under --expose-gc (the soak test) measure live memory, not garbage waiting to be collected.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (typeof gc === 'function') gc();
    const m = process.memoryUsage();
    const next = [...this.tasks.entries()].map(
      ([name, t]) => `${name} ${t.getNextRun()?.toISOString() ?? '-'}`,
    );
    this.log.debug(
      'scheduler.heartbeat',
      `alive; rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}; next: ${next.join(', ')}`,
      {
        rssBytes: m.rss,
        heapUsedBytes: m.heapUsed,
        stats: { ...this.stats },
        running: [...this.active.keys()],
      },
    );
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
