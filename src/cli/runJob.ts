import type { Config } from '../core/config.ts';
import type { Pipeline } from '../core/pipeline.ts';
import { jobName } from '../run/jobName.ts';
import type { DataMode, RunSummary, SourcesFailedError } from '../run/run.ts';
import type { EventLog } from '../schedule/log.ts';
import type { Io, Log } from './define.ts';

/**
 * The JSON-lines log every command that writes appends to (schedule.logFile). Its events reach the terminal as the
 * global options say: with `terminal` (the scheduler) or --verbose as readable lines on stderr, with --log-format json
 * as JSON lines on stdout, under --quiet only errors.
 */
export async function eventLog(config: Config, io: Io, log: Log, terminal: boolean): Promise<EventLog> {
  const { EventLog } = await import('../schedule/log.ts');
  const { quiet, verbose, format } = log.settings;
  const shown = terminal || verbose || format === 'json';
  return new EventLog({
    file: config.schedule.logFile,
    maxBytes: config.schedule.logMaxBytes,
    terminal: shown ? (format === 'json' ? log.jsonOut : (t) => io.err(t)) : null,
    progressTerminal: (t) => io.err(t),
    tty: io.ownProcess === true && process.stderr.isTTY === true && !quiet,
    format,
    quiet,
    verbose,
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
}

/** One job by hand (run, ingest, detect): runs it, says what happened, returns the exit code. */
export async function runJob(
  io: Io,
  log: Log,
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
  const events = await eventLog(config, io, log, false);
  const { quiet, verbose } = log.settings;
  const job = jobName(opts.command, selected);
  let runId: number | undefined;
  // A person's line: the run's progress messages on stderr (the events carry them under --verbose and in JSON).
  const plain = !log.json && !quiet && !verbose;
  const tell = (event: string, message: string, fields: Record<string, unknown> = {}) => {
    events.clearProgress();
    if (plain) io.err(`${message}\n`);
    events.info(event, message, { job, runId, trigger: 'manual', ...fields });
  };
  const say = (message: string) => tell('run.log', message);
  // An error for a person: always in text (the events already carry it in JSON).
  const complain = (text: string) => {
    if (!log.json) io.err(text);
  };
  const stop = new AbortController();
  const signals = io.ownProcess
    ? onShutdownSignals(
        (signal) => stop.abort(new InterruptedError(signal)),
        (message) => say(message),
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
      log: say,
      job,
      signal: stop.signal,
      fullRefresh: opts.fullRefresh ?? false,
      ...(opts.wait !== undefined ? { lockWaitMs: opts.wait * 1000 } : {}),
      onStart: (id) => {
        runId = id;
        events.info('job.started', `run ${id} started by hand`, { job, runId: id, trigger: 'manual' });
      },
      onProgress: (p) =>
        events.progress(`${opts.command}${runId ? ` run ${runId}` : ''}`, p.fraction, p.detail),
    });
  } catch (error) {
    events.clearProgress();
    if (error instanceof lock.LockBusyError) {
      events.error('job.busy', error.message, { job, trigger: 'manual' });
      complain(
        `centinela ${opts.command}: the warehouse is being written by another process: ${lock.describeHolder(error.holder)}.\n` +
          `Nothing was changed. Try again when it has finished, or wait for it with --wait <seconds>.\n` +
          `(If that process is gone, its lock is taken over automatically; lock file: ${error.lockPath})\n`,
      );
      return 3;
    }
    if (error instanceof SourcesFailedError)
      return sourcesFailed(log, config, opts, selected, error, events, job, started, complain, tell);
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
    complain(
      `centinela ${opts.command}: ${interrupted ? 'run stopped' : 'run failed'}${failedRun}: ${(error as Error).message}\n` +
        'The published warehouse was left as it was.\n',
    );
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
  if (summary.status === 'no_new_data') say(`run ${summary.runId}: no new data; nothing to publish.`);
  if (summary.published) say(`published ${summary.published}`);
  if (opts.report) await writeReport(config, config.reportDir, tell, events);
  if (summary.demo)
    say(
      'Note: this warehouse holds DEMO DATA (synthetic numbers from the bundled fixtures), not real figures.',
    );
  await closingSummary(log, config, opts, summary, selected, job);
  return 0;
}

/** The run's closing summary on stdout (shown under --quiet too): readable, --json, or a run.finished JSON line. */
async function closingSummary(
  log: Log,
  config: Config,
  opts: RunOptions,
  summary: Parameters<typeof import('../run/closingSummary.ts').runReport>[1],
  selected: Pipeline[],
  job: string,
): Promise<void> {
  const { runReport, formatRunReport } = await import('../run/closingSummary.ts');
  const closing = await runReport(
    config,
    summary,
    // detect loads nothing: its summary is the checks, the alarms and where things are.
    opts.command === 'detect' ? [] : selected.map((p) => p.name),
    opts.report && summary.published ? `${config.reportDir}/index.html` : null,
  );
  if (log.json) log.result('run.finished', `run ${closing.run_id}: ${closing.status}`, { job, ...closing });
  else
    log.result(
      'run.finished',
      opts.json ? `${JSON.stringify(closing, null, 2)}\n` : formatRunReport(closing),
    );
}

/**
 * Some sources failed (each rolled back alone): name them and why, say what was published, write the report when the
 * others' new data was; exit 1.
 */
async function sourcesFailed(
  log: Log,
  config: Config,
  opts: RunOptions,
  selected: Pipeline[],
  error: SourcesFailedError,
  events: EventLog,
  job: string,
  started: number,
  complain: (text: string) => void,
  tell: (event: string, message: string, fields?: Record<string, unknown>) => void,
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
  const lines = [
    `centinela ${opts.command}: run ${run.runId}: ${failed.length} source(s) failed and were rolled back (their earlier data is unchanged): ${names}`,
    ...failed.map((f) => `  ${f.source}: ${f.error ?? 'failed'}`),
  ];
  // The lines the parser rejected are kept in the ledger even though the load was rolled back.
  const ledger = run.published ?? `${config.workDir}/centinela.duckdb`;
  lines.push(
    `Rejected lines: meta.rejects in ${ledger}${run.published ? ' (centinela query "select * from meta.rejects order by load_id desc, line")' : ' (the working warehouse; open it read-only while no run is writing)'}`,
  );
  const loaded = run.sources.filter((s) => s.status === 'loaded').map((s) => s.source);
  if (run.published) {
    lines.push(
      loaded.length > 0
        ? `The other sources' new data (${loaded.join(', ')}) was published to ${run.published}, with the failure (meta.run_sources, meta.loads, meta.rejects).`
        : `No source loaded new data; the failure was recorded in ${run.published} (meta.run_sources, meta.loads, meta.rejects).`,
    );
  } else {
    lines.push('No source loaded new data; nothing was published.');
  }
  complain(`${lines.join('\n')}\n`);
  const report = opts.report && loaded.length > 0 && run.published !== null;
  if (report) await writeReport(config, config.reportDir, tell, events);
  await closingSummary(log, config, { ...opts, report }, run, selected, job);
  return 1;
}

/** Writes the report from the published warehouse and says so (`tell`: where the command's messages go). */
export async function writeReport(
  config: Config,
  outDir: string,
  tell: (event: string, message: string, fields?: Record<string, unknown>) => void,
  events?: EventLog,
): Promise<number> {
  const { writeReportFromPublished } = await import('../schedule/report.ts');
  const { files, manifest } = await writeReportFromPublished(
    config,
    outDir,
    events && ((fraction, detail) => events.progress('report', fraction, detail)),
  );
  tell(
    'report.written',
    `report: wrote ${files.length} files to ${outDir}${manifest.demo ? ' (DEMO DATA banner shown)' : ''}`,
    { files: files.length, out: outDir, demo: manifest.demo },
  );
  return 0;
}
