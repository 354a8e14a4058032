import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { OutputFormat } from './cli/formatRows.ts';
import type { Config } from './core/config.ts';
import { projectRoot } from './core/paths.ts';
import type { Pipeline } from './core/pipeline.ts';
import { printable } from './core/printable.ts';
import { formatDuration } from './core/time.ts';
import { jobName } from './run/jobName.ts';
import type { DataMode, RunSummary, SourcesFailedError } from './run/run.ts';
import type { StatusReport } from './schedule/health.ts';
import type { EventLog } from './schedule/log.ts';
import type { Warehouse } from './warehouse/connection.ts';

/**
 * What the commands need, imported once arguments are parsed: --help, --version and usage errors load none of it
 * (importing the pipelines, DuckDB and zod takes seconds; the help under half of one).
 */
const modules = memo(async () => {
  const [
    pipelines,
    formatRows,
    status,
    config,
    registry,
    run,
    errors,
    health,
    lock,
    log,
    signals,
    state,
    connection,
  ] = await Promise.all([
    import('../pipelines/index.ts'),
    import('./cli/formatRows.ts'),
    import('./cli/status.ts'),
    import('./core/config.ts'),
    import('./core/registry.ts'),
    import('./run/run.ts'),
    import('./run/errors.ts'),
    import('./schedule/health.ts'),
    import('./warehouse/lock.ts'),
    import('./schedule/log.ts'),
    import('./schedule/signals.ts'),
    import('./schedule/state.ts'),
    import('./warehouse/connection.ts'),
  ]);
  return {
    ...pipelines,
    builtInPipelines: pipelines.pipelines,
    ...formatRows,
    ...status,
    ...config,
    ...registry,
    ...run,
    ...errors,
    ...health,
    ...lock,
    ...log,
    ...signals,
    ...state,
    ...connection,
  };
});

function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

const USAGE = `Usage: centinela <command> [options]

Centinela loads overdose and drug-seizure data into one DuckDB file, flags unusual rises in fentanyl and
methamphetamine series, and writes a bilingual (English/Spanish) report.

Commands:
  run                 every enabled pipeline once: fetch → load → transform → detect → publish → report
  ingest <pipeline>   load one pipeline's inputs (no detection, no report)
  detect              rerun the detectors on the warehouse and publish
  report              write the report from the published warehouse
  status              per source: freshness, latest vintage, last load, next run, new alarms
  schedule            run every pipeline on its schedule, detection and report after new data (long-running)
  query "<sql>"       run read-only SQL on the published warehouse
  export              write the warehouse as Parquet (Hive-partitioned), CSV or Arrow IPC
  schema              write docs/schema.md from the warehouse catalogue
  notebook render     render Markdown + SQL notebooks to offline HTML

Options for every command:
  --config <file>     configuration file (default: ./centinela.config.json if present)
  --demo              the synthetic demo warehouse (data/demo/, reports/demo/) instead of the real one
  -h, --help          help for a command

Run "centinela <command> --help" for a command's own options.

Exit codes: 0 success, 1 failure (for status: a source or job in error), 2 usage error,
3 the warehouse (or the scheduler) is locked by another process, 130/143 stopped by SIGINT/SIGTERM.`;

const COMMAND_HELP: Record<string, string> = {
  run: `Usage: centinela run [--live | --demo] [--no-report] [--wait <s>] [--config <file>]

Runs every enabled pipeline once: fetches or reads each input, keeps its bytes as a snapshot, loads new bytes into
raw tables, rebuilds staging and analytics, runs the data checks, runs the detectors, publishes the warehouse
atomically, and writes the report. Bytes loaded before are skipped. By default the real public releases bundled
in pipelines/<source>/releases/ are loaded; a source with none is reported as not loaded.

  --live        fetch from the publishers (data.cdc.gov, ...) instead of the bundled releases
  --demo        load the synthetic fixtures into the demo warehouse (data/demo/), marked as demo data everywhere
  --no-report   skip the report
  --wait <s>    if a scheduled job is writing the warehouse, wait up to this many seconds for it (default
                lock.waitSeconds, 0: exit at once with code 3, naming the process that holds the lock)

Ctrl-C (SIGINT) or SIGTERM rolls the run back and exits; a second one exits at once. Either way the published
warehouse is left as it was.`,
  ingest: `Usage: centinela ingest <pipeline> [--live | --demo] [--wait <s>] [--config <file>]

Loads one pipeline's inputs, rebuilds analytics, runs the checks and publishes. Pipelines: {pipelines}.

  --live        fetch from the publisher instead of the bundled releases
  --demo        load its synthetic fixtures into the demo warehouse
  --wait <s>    wait up to this many seconds for a job that is writing the warehouse (default: exit at once)`,
  detect: `Usage: centinela detect [--wait <s>] [--config <file>]

Reruns the detectors over the warehouse's monthly fentanyl and methamphetamine series, records the verdicts in
analytics.alerts under a new run id, and publishes.

  --wait <s>    wait up to this many seconds for a job that is writing the warehouse (default: exit at once)`,
  report: `Usage: centinela report [--out <dir>] [--config <file>]

Writes the bilingual report (index.html in English, es/index.html in Spanish, charts/*.vl.json and *.svg) from the
published warehouse.

  --out <dir>   where to write it (default: the configured reportDir, ./reports)`,
  status: `Usage: centinela status [--json] [--config <file>]

Shows, per source: its freshness (ok, warn or error), the latest vintage, the last successful load, the next
scheduled run, how its last scheduled job ended, and the alarms of the latest detection run (and how many are new
since the last report); whether a scheduler is running; the last published run.

Freshness: publishers' data is judged by the age of its latest vintage, demo data by the age of its last load (its
vintages are fixed dates). A source warns after 1.5 release periods (monthly: 46 days) and is in error after 2.5
(monthly: 77 days), unless pipelines.<name>.freshness sets warnAfterDays/errorAfterDays. A source never loaded, or
whose scheduled job failed after its retries, is in error.

Exit code: 0 when nothing is in error (warnings included), 1 when a source or a job is in error.

  --json        machine-readable output`,
  schedule: `Usage: centinela schedule [--live | --demo] [--no-catch-up] [--wait <s>] [--config <file>]

Runs until stopped: each enabled pipeline's load job at its cron time (its own schedule, or
pipelines.<name>.schedule: {cron, timezone} in the configuration) in its IANA time zone, then the detectors and the
report after any load that published new data. Every schedule is checked at start. A job still running when its
next time comes is skipped (and logged); transient failures (network, HTTP 5xx/429, a busy warehouse) are retried
with backoff (schedule.retries, pipelines.<name>.retries), then reported; a job whose time came while the scheduler
was down runs once on start-up. One JSON line per event goes to schedule.logFile (data/logs/centinela.jsonl), a
readable line to the terminal. Only one scheduler runs at a time, and only one process writes the warehouse at a time.

  --live          fetch from the publishers instead of the bundled releases
  --demo          load the synthetic fixtures into the demo warehouse
  --no-catch-up   do not run the jobs missed while the scheduler was down
  --wait <s>      if another scheduler is running, wait up to this many seconds for it to exit (default: exit 3)

SIGINT/SIGTERM stops it gracefully (the running job rolls back or finishes publishing, locks are released); a second
signal exits at once, leaving the published warehouse consistent.`,
  query: `Usage: centinela query "<sql>" [--format table|csv|json] [--config <file>]

Runs SQL on the published warehouse, opened read-only (writes are refused), and prints the result.

  --format      table (default), csv or json`,
};

/** A command's help; the list of pipelines is read only for the one help that names them. */
async function commandHelp(command: string): Promise<string> {
  const help = COMMAND_HELP[command] ?? '';
  if (!help.includes('{pipelines}')) return help;
  const { pipelines } = await import('../pipelines/index.ts');
  return help.replace('{pipelines}', pipelines.map((p) => p.name).join(', '));
}

const OPTIONS = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  live: { type: 'boolean' },
  demo: { type: 'boolean' },
  'no-report': { type: 'boolean' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  wait: { type: 'string' },
  'no-catch-up': { type: 'boolean' },
} as const;

const ALLOWED: Record<string, (keyof typeof OPTIONS)[]> = {
  run: ['live', 'no-report', 'wait'],
  ingest: ['live', 'wait'],
  detect: ['wait'],
  schedule: ['live', 'no-catch-up', 'wait'],
  report: ['out'],
  status: ['json'],
  query: ['format'],
};

class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Where a relative --config or --out and the default centinela.config.json are found (default: process.cwd()). */
  cwd?: string;
}

const defaultIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const delegated = DELEGATED[argv[0] ?? ''];
  if (delegated) return runDelegated(delegated, argv.slice(1), io);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`centinela: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { command, positionals, values } = parsed;
  if (values.version) {
    io.out(`${JSON.parse(readFileSync(`${projectRoot}/package.json`, 'utf8')).version}\n`);
    return 0;
  }
  if (!command) {
    (values.help ? io.out : io.err)(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (values.help) {
    io.out(`${await commandHelp(command)}\n`);
    return 0;
  }
  try {
    const wait = parseWait(values.wait);
    const {
      loadConfigSync,
      demoConfig,
      withExtraPipelines,
      checkConfiguredPipelines,
      builtInPipelines,
      findPipeline,
    } = await modules();
    if (values.live && values.demo) throw new UsageError('--live and --demo exclude each other');
    const loaded = loadConfigSync({ file: values.config, cwd: io.cwd }).config;
    const config = values.demo ? demoConfig(loaded) : loaded;
    const data: DataMode = values.demo ? 'demo' : values.live ? 'live' : 'bundled';
    const pipelines = await withExtraPipelines(builtInPipelines, config.pipelineDirs);
    checkConfiguredPipelines(Object.keys(loaded.pipelines), pipelines);
    switch (command) {
      case 'run':
        return await run(io, config, pipelines, enabledPipelines(config, pipelines), {
          command: 'run',
          data,
          report: !values['no-report'],
          wait,
        });
      case 'ingest': {
        const name = positionals[0];
        if (!name || positionals.length > 1) throw new UsageError('ingest takes exactly one pipeline name');
        if (!pipelines.some((p) => p.name === name)) {
          throw new UsageError(
            `unknown pipeline: "${name}" (known: ${pipelines.map((p) => p.name).join(', ')})`,
          );
        }
        return await run(io, config, pipelines, [findPipeline(name, pipelines)], {
          command: 'ingest',
          data,
          report: false,
          wait,
        });
      }
      case 'detect':
        return await run(io, config, pipelines, pipelines, {
          command: 'detect',
          data,
          report: false,
          wait,
        });
      case 'schedule':
        return await schedule(io, config, pipelines, {
          data,
          catchUp: values['no-catch-up'] ? false : undefined,
          wait,
        });
      case 'report':
        return await report(io, config, values.out ? resolve(io.cwd ?? '.', values.out) : config.reportDir);
      case 'status':
        return await status(io, config, pipelines, !!values.json);
      case 'query': {
        const sql = positionals[0];
        if (!sql || positionals.length > 1)
          throw new UsageError('query takes exactly one SQL string (quote it)');
        const format = (values.format ?? 'table') as OutputFormat;
        if (!['table', 'csv', 'json'].includes(format)) {
          throw new UsageError(`invalid --format: "${format}" (expected table, csv or json)`);
        }
        return await query(io, config, sql, format);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`centinela: ${error.message}\n\n${await commandHelp(command)}\n`);
      return 2;
    }
    io.err(`centinela ${command}: ${printable((error as Error).message)}\n`);
    return 1;
  }
  return 2;
}

function parse(argv: string[]) {
  const command = argv[0]?.startsWith('-') ? undefined : argv[0];
  const rest = command === undefined ? argv : argv.slice(1);
  if (command !== undefined && !(command in COMMAND_HELP)) throw new Error(`unknown command: "${command}"`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (command) {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined || ['config', 'help', 'version', 'demo'].includes(key)) continue;
      if (!ALLOWED[command]?.includes(key as keyof typeof OPTIONS)) {
        throw new Error(`option --${key} does not apply to "${command}"`);
      }
    }
    if (!['ingest', 'query'].includes(command) && positionals.length > 0) {
      throw new Error(`unexpected argument for "${command}": "${positionals[0]}"`);
    }
  }
  const flags = values as {
    config?: string;
    help?: boolean;
    version?: boolean;
    live?: boolean;
    demo?: boolean;
    'no-report'?: boolean;
    out?: string;
    json?: boolean;
    format?: string;
    wait?: string;
    'no-catch-up'?: boolean;
  };
  return { command: command as keyof typeof COMMAND_HELP | undefined, positionals, values: flags };
}

function parseWait(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(`invalid --wait: "${text}" (expected a number of seconds, 0 or more)`);
  }
  return seconds;
}

/** The JSON-lines log every command that writes appends to (schedule.logFile). */
async function eventLog(config: Config, io: Io, terminal: boolean): Promise<EventLog> {
  const { EventLog } = await modules();
  return new EventLog({
    file: config.schedule.logFile,
    maxBytes: config.schedule.logMaxBytes,
    terminal: terminal ? (t) => io.err(t) : null,
    progressTerminal: (t) => io.err(t),
    tty: io === defaultIo && process.stderr.isTTY === true,
  });
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function enabledPipelines(config: Config, pipelines: Pipeline[]): Pipeline[] {
  return pipelines.filter((p) => config.pipelines[p.name]?.enabled ?? true);
}

async function run(
  io: Io,
  config: Config,
  pipelines: Pipeline[],
  selected: Pipeline[],
  opts: { command: 'run' | 'ingest' | 'detect'; data: DataMode; report: boolean; wait?: number | undefined },
): Promise<number> {
  const {
    onShutdownSignals,
    InterruptedError,
    runPipelines,
    LockBusyError,
    describeHolder,
    SourcesFailedError,
    RunError,
  } = await modules();
  const events = await eventLog(config, io, false);
  const job = jobName(opts.command, selected);
  let runId: number | undefined;
  const log = (message: string) => {
    events.clearProgress();
    io.err(`${message}\n`);
    events.info('run.log', message, { job, runId, trigger: 'manual' });
  };
  const stop = new AbortController();
  // Signals are ours only when this is the real process (not a test calling main() with its own io).
  const signals =
    io === defaultIo
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
    if (error instanceof LockBusyError) {
      events.warn('job.busy', error.message, { job, trigger: 'manual' });
      io.err(
        `centinela ${opts.command}: the warehouse is being written by another process: ${describeHolder(error.holder)}.\n` +
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
    const code = await report(io, config, config.reportDir);
    if (code !== 0) return code;
  }
  if (summary.demo)
    log(
      'Note: this warehouse holds DEMO DATA (synthetic numbers from the bundled fixtures), not real figures.',
    );
  io.out(`Warehouse: ${config.warehouse}\n`);
  if (opts.report)
    io.out(`Report:    ${config.reportDir}/index.html (Español: ${config.reportDir}/es/index.html)\n`);
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
  if (opts.report && loaded.length > 0 && run.published) await report(io, config, config.reportDir);
  return 1;
}

async function withPublished<T>(
  config: Config,
  fn: (db: Warehouse) => Promise<T>,
  opts: { sealed?: boolean; memoryLimit?: string } = {},
) {
  const { openWarehouse } = await modules();
  if (!existsSync(config.warehouse)) {
    throw new Error(`no published warehouse at ${config.warehouse}; run "centinela run" first`);
  }
  const wh = await openWarehouse(config.warehouse, { readOnly: true, ...opts });
  try {
    return await fn(wh);
  } finally {
    wh.closeSync();
  }
}

async function report(io: Io, config: Config, outDir: string): Promise<number> {
  const { writeReportFromPublished } = await import('./schedule/report.ts');
  const { files, manifest } = await writeReportFromPublished(config, outDir);
  io.err(
    `report: wrote ${files.length} files to ${outDir}${manifest.demo ? ' (DEMO DATA banner shown)' : ''}\n`,
  );
  return 0;
}

async function status(io: Io, config: Config, pipelines: Pipeline[], json: boolean): Promise<number> {
  const {
    readStatus,
    readAlarmCounts,
    buildStatus,
    readState,
    statePath,
    currentHolder,
    schedulerLockPath,
    writerLockPath,
  } = await modules();
  const { readReportManifest } = await import('./schedule/report.ts');
  const lastReport = readReportManifest(config.reportDir);
  const held = await withPublished(config, async (wh) => ({
    ...(await readStatus(
      wh.connection,
      pipelines.map((p) => p.name),
    )),
    alarmCounts: await readAlarmCounts(wh.connection, lastReport?.detectionRunId ?? null),
  }));
  const result = buildStatus({
    config,
    pipelines,
    published: held.sources,
    lastRun: held.lastRun,
    latestAlerts: held.alerts,
    alarmCounts: held.alarmCounts,
    state: readState(statePath(config.workDir)),
    schedulerHolder: currentHolder(schedulerLockPath(config.workDir)),
    writerHolder: currentHolder(writerLockPath(config.workDir)),
    lastReport,
    now: new Date(),
  });
  if (json) io.out(`${JSON.stringify(result, null, 2)}\n`);
  else io.out(await formatStatus(result));
  return result.overall === 'error' ? 1 : 0;
}

async function formatStatus(r: StatusReport): Promise<string> {
  const { describeHolder, formatRows } = await modules();
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
  out.push(formatRows(Object.keys(rows[0] ?? {}), rows, 'table').trimEnd());
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

async function schedule(
  io: Io,
  config: Config,
  pipelines: Pipeline[],
  opts: { data: DataMode; catchUp: boolean | undefined; wait: number | undefined },
): Promise<number> {
  const { onShutdownSignals, LockBusyError, describeHolder } = await modules();
  const events = await eventLog(config, io, true);
  // Signals are handled from the start: one that comes while the scheduler is starting stops it once it has.
  let scheduler: Awaited<ReturnType<typeof Scheduler.start>> | undefined;
  let stopBy: string | null = null;
  const signals = onShutdownSignals(
    (signal) => {
      if (scheduler) void scheduler.stop(signal);
      else stopBy = signal;
    },
    (message) => events.warn('scheduler.signal', message),
  );
  // Loaded on demand, as the report, export and notebook modules: a command pays only for what it uses.
  const { ScheduleConfigError, Scheduler } = await import('./schedule/scheduler.ts');
  try {
    scheduler = await Scheduler.start({
      config,
      pipelines,
      log: events,
      data: opts.data,
      ...(opts.catchUp !== undefined ? { catchUp: opts.catchUp } : {}),
      lockWaitMs: (opts.wait ?? 0) * 1000,
    });
  } catch (error) {
    signals.dispose();
    if (error instanceof ScheduleConfigError) {
      io.err(`centinela schedule: ${error.message}\n`);
      return 1;
    }
    if (error instanceof LockBusyError) {
      io.err(
        `centinela schedule: another scheduler is running: ${describeHolder(error.holder)}.\n` +
          `Only one scheduler may run at a time. Stop it first, or wait for it with --wait <seconds>.\n` +
          `(lock file: ${error.lockPath})\n`,
      );
      return 3;
    }
    throw error;
  }
  if (stopBy !== null) void scheduler.stop(stopBy);
  const started = Date.now();
  await scheduler.done;
  signals.dispose();
  const s = scheduler.stats;
  io.err(
    `centinela schedule: stopped after ${formatDuration(Date.now() - started)}: ${s.executions} execution(s), ${s.succeeded} succeeded, ${s.failed} failed, ${s.recovered} recovered after retries, ${s.skipped} skipped (overlap)\n`,
  );
  return 0;
}

async function query(io: Io, config: Config, sql: string, format: OutputFormat): Promise<number> {
  const { formatRows } = await modules();
  const { refuseAllButReads, withTimeLimit } = await import('./warehouse/readerQuery.ts');
  return withPublished(
    config,
    async (wh) => {
      await refuseAllButReads(wh.connection, sql);
      const reader = await withTimeLimit(wh.connection, config.query.timeoutMs, () =>
        wh.connection.runAndReadAll(sql),
      );
      const columns = reader.columnNames();
      const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
      io.out(formatRows(columns, rows, format));
      return 0;
    },
    { sealed: true, memoryLimit: config.query.memoryLimit },
  );
}

/** Commands that parse their own options (src/cli/*Command.ts, src/notebook/render.ts). */
type Delegated = (argv: string[], io: Io, config: Config) => Promise<number>;
const DELEGATED: Record<string, Delegated> = {
  export: async (...args) => (await import('./cli/exportCommand.ts')).exportCommand(...args),
  schema: async (...args) => (await import('./cli/schemaCommand.ts')).schemaCommand(...args),
  notebook: notebookCommand,
};

async function runDelegated(command: Delegated, argv: string[], io: Io): Promise<number> {
  const { loadConfigSync } = await modules();
  const at = argv.indexOf('--config');
  const file = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !file) {
    io.err('centinela: --config needs a file\n');
    return 2;
  }
  const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;
  try {
    return await command(rest, io, loadConfigSync({ file, cwd: io.cwd }).config);
  } catch (error) {
    io.err(`centinela: ${printable((error as Error).message)}\n`);
    return 1;
  }
}

const NOTEBOOK_USAGE = `Usage: centinela notebook render <notebook.md|folder>… [--out <dir>] [--config <file>]

Runs each notebook's \`\`\`sql blocks read-only against the published warehouse and writes offline HTML (English and
Spanish) to --out (default: <reportDir>/notebooks).`;

async function notebookCommand(argv: string[], io: Io, config: Config): Promise<number> {
  let parsed: { values: { out?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    io.err(`centinela notebook: ${(error as Error).message}\n\n${NOTEBOOK_USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(`${NOTEBOOK_USAGE}\n`);
    return 0;
  }
  const [sub, ...files] = parsed.positionals;
  if (sub !== 'render') {
    io.err(`centinela notebook: expected "render"\n\n${NOTEBOOK_USAGE}\n`);
    return 2;
  }
  const { notebookRender } = await import('./notebook/render.ts');
  return notebookRender({
    files,
    warehouse: config.warehouse,
    limits: config.query,
    outDir: parsed.values.out ?? join(config.reportDir, 'notebooks'),
    io,
  });
}
