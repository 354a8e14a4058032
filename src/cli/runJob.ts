import type { Config } from '../core/config.ts';
import type { Pipeline } from '../core/pipeline.ts';
import { jobName } from '../run/jobName.ts';
import type { DataMode, RunSummary, SourcesFailedError } from '../run/run.ts';
import type { EventLog } from '../schedule/log.ts';
import type { Io } from './define.ts';

/** The JSON-lines log every command that writes appends to (schedule.logFile). */
export async function eventLog(config: Config, io: Io, terminal: boolean): Promise<EventLog> {
  const { EventLog } = await import('../schedule/log.ts');
  return new EventLog({
    file: config.schedule.logFile,
    maxBytes: config.schedule.logMaxBytes,
    terminal: terminal ? (t) => io.err(t) : null,
    progressTerminal: (t) => io.err(t),
    tty: io.ownProcess === true && process.stderr.isTTY === true,
  });
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export interface RunOptions {
  command: 'run' | 'ingest' | 'detect';
  data: DataMode;
  report: boolean;
  wait?: number | undefined;
  /** Load inputs again even when the same bytes were loaded before (--full-refresh). */
  fullRefresh?: boolean;
  /** The closing summary as JSON on stdout (--json). */
  json?: boolean;
  /** Only errors and the closing lines (--quiet). */
  quiet?: boolean;
  /** Every event of the log (job started, finished, with run ids, rows and timings) on the terminal (--verbose). */
  verbose?: boolean;
  /** Each progress message as a JSON line on stdout (--log-format json), for log collectors. */
  logFormat?: 'text' | 'json';
}

/** One job by hand (run, ingest, detect): runs it, says what happened, returns the exit code. */
export async function runJob(
  io: Io,
  config: Config,
  pipelines: Pipeline[],
  selected: Pipeline[],
  opts: RunOptions,
): Promise<number> {
  const [{ onShutdownSignals }, { InterruptedError }, { runPipelines, SourcesFailedError, RunError }, lock] =
    await Promise.all([
      import('../schedule/signals.ts'),
      import('../run/errors.ts'),
      import('../run/run.ts'),
      import('../warehouse/lock.ts'),
    ]);
  const events = await eventLog(config, io, opts.verbose === true && opts.logFormat !== 'json');
  const job = jobName(opts.command, selected);
  let runId: number | undefined;
  const log = (message: string) => {
    events.clearProgress();
    if (opts.logFormat === 'json') {
      io.out(
        `${JSON.stringify({ time: new Date().toISOString(), level: 'info', event: 'run.log', job, run_id: runId ?? null, message })}\n`,
      );
    } else if (!opts.quiet && !opts.verbose) io.err(`${message}\n`);
    events.info('run.log', message, { job, runId, trigger: 'manual' });
  };
  const stop = new AbortController();
  const signals = io.ownProcess
    ? onShutdownSignals(
        (signal) => stop.abort(new InterruptedError(signal)),
        (message) => log(message),
      )
    : null;
  const started = Date.now();
  let summary: RunSummary;
  try {
    summary = await runPipelines({
      config,
      pipelines: selected,
      allPipelines: pipelines,
      command: opts.command,
      data: opts.data,
      ingest: opts.command !== 'detect',
      detect: opts.command !== 'ingest',
      log,
      job,
      signal: stop.signal,
      fullRefresh: opts.fullRefresh ?? false,
      ...(opts.wait !== undefined ? { lockWaitMs: opts.wait * 1000 } : {}),
      onStart: (id) => {
        runId = id;
        events.info('job.started', `run ${id} started by hand`, { job, runId: id, trigger: 'manual' });
      },
      onProgress: (p) =>
        !opts.quiet &&
        opts.logFormat !== 'json' &&
        events.progress(`${opts.command}${runId ? ` run ${runId}` : ''}`, p.fraction, p.detail),
    });
  } catch (error) {
    events.clearProgress();
    if (error instanceof lock.LockBusyError) {
      events.warn('job.busy', error.message, { job, trigger: 'manual' });
      io.err(
        `centinela ${opts.command}: the warehouse is being written by another process: ${lock.describeHolder(error.holder)}.\n` +
          `Nothing was changed. Try again when it has finished, or wait for it with --wait <seconds>.\n` +
          `(If that process is gone, its lock is taken over automatically; lock file: ${error.lockPath})\n`,
      );
      return 3;
    }
    if (error instanceof SourcesFailedError)
      return sourcesFailed(io, config, opts, error, events, job, started);
    const interrupted = error instanceof RunError && error.kind === 'interrupted';
    const failedRun = error instanceof RunError && error.runId > 0 ? ` (run ${error.runId})` : '';
    events.error(interrupted ? 'job.interrupted' : 'job.failed', (error as Error).message, {
      job,
      runId: error instanceof RunError && error.runId > 0 ? error.runId : undefined,
      trigger: 'manual',
      errorKind: error instanceof RunError ? error.kind : undefined,
      error: (error as Error).message,
      durationMs: Date.now() - started,
    });
    io.err(
      `centinela ${opts.command}: ${interrupted ? 'run stopped' : 'run failed'}${failedRun}: ${(error as Error).message}\n`,
    );
    io.err('The published warehouse was left as it was.\n');
    const reason = stop.signal.reason;
    return interrupted ? (SIGNAL_EXIT[reason instanceof InterruptedError ? reason.reason : ''] ?? 130) : 1;
  } finally {
    signals?.dispose();
  }
  events.info(
    'job.finished',
    `run ${summary.runId}: ${summary.status}${summary.published ? '; published' : ''}`,
    {
      job,
      runId: summary.runId,
      trigger: 'manual',
      status: summary.status,
      rows: summary.loads.reduce((n, l) => n + l.rowsLoaded, 0),
      durationMs: Date.now() - started,
    },
  );
  if (summary.status === 'no_new_data') log(`run ${summary.runId}: no new data; nothing to publish.`);
  if (summary.published) log(`published ${summary.published}`);
  if (opts.report) {
    const code = await writeReport(io, config, config.reportDir);
    if (code !== 0) return code;
  }
  if (summary.demo)
    log(
      'Note: this warehouse holds DEMO DATA (synthetic numbers from the bundled fixtures), not real figures.',
    );
  const { runReport, formatRunReport } = await import('../run/closingSummary.ts');
  const closing = await runReport(
    config,
    summary,
    // detect loads nothing: its summary is the checks, the alarms and where things are.
    opts.command === 'detect' ? [] : selected.map((p) => p.name),
    opts.report ? `${config.reportDir}/index.html` : null,
  );
  if (opts.logFormat === 'json') {
    io.out(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'info', event: 'run.finished', job, ...closing })}\n`,
    );
  } else if (opts.json) io.out(`${JSON.stringify(closing, null, 2)}\n`);
  else io.out(formatRunReport(closing));
  return 0;
}

/**
 * Some sources failed (each rolled back alone): name them and why, say what was published, write the report when the
 * others' new data was; exit 1.
 */
async function sourcesFailed(
  io: Io,
  config: Config,
  opts: { command: string; report: boolean },
  error: SourcesFailedError,
  events: EventLog,
  job: string,
  started: number,
): Promise<number> {
  const { run, failed } = error;
  const names = failed.map((f) => f.source).join(', ');
  events.error('job.failed', `source(s) failed: ${names}`, {
    job,
    runId: run.runId,
    trigger: 'manual',
    status: run.status,
    errorKind: error.kind,
    error: error.message,
    failedSources: failed.map((f) => f.source),
    durationMs: Date.now() - started,
  });
  io.err(
    `centinela ${opts.command}: run ${run.runId}: ${failed.length} source(s) failed and were rolled back (their earlier data is unchanged): ${names}\n`,
  );
  for (const f of failed) io.err(`  ${f.source}: ${f.error ?? 'failed'}\n`);
  // The lines the parser rejected are kept in the ledger even though the load was rolled back.
  const ledger = run.published ?? `${config.workDir}/centinela.duckdb`;
  io.err(
    `Rejected lines: meta.rejects in ${ledger}${run.published ? ' (centinela query "select * from meta.rejects order by load_id desc, line")' : ' (the working warehouse; open it read-only while no run is writing)'}\n`,
  );
  const loaded = run.sources.filter((s) => s.status === 'loaded').map((s) => s.source);
  if (run.published) {
    io.err(
      loaded.length > 0
        ? `The other sources' new data (${loaded.join(', ')}) was published to ${run.published}, with the failure (meta.run_sources, meta.loads, meta.rejects).\n`
        : `No source loaded new data; the failure was recorded in ${run.published} (meta.run_sources, meta.loads, meta.rejects).\n`,
    );
  } else {
    io.err('No source loaded new data; nothing was published.\n');
  }
  if (opts.report && loaded.length > 0 && run.published) await writeReport(io, config, config.reportDir);
  return 1;
}

export async function writeReport(io: Io, config: Config, outDir: string): Promise<number> {
  const { writeReportFromPublished } = await import('../schedule/report.ts');
  const { files, manifest } = await writeReportFromPublished(config, outDir);
  io.err(
    `report: wrote ${files.length} files to ${outDir}${manifest.demo ? ' (DEMO DATA banner shown)' : ''}\n`,
  );
  return 0;
}
