import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../core/config.ts';
import { describeFsError, isStorageFailure } from '../core/fsError.ts';
import type { Pipeline, PipelineInput } from '../core/pipeline.ts';
import { assertChecksPass, runChecks } from '../warehouse/checks.ts';
import { inTransaction, queryRows } from '../warehouse/connection.ts';
import {
  finishRun,
  insertRun,
  insertRunSource,
  lastPublishingRun,
  markAbandonedRuns,
  nextRunId,
  noteRunError,
  type RunStatus,
  unpublishedLoads,
  writeSourceLabels,
} from '../warehouse/ledger.ts';
import { acquireLock, describeHolder, writerLockPath } from '../warehouse/lock.ts';
import { migrate } from '../warehouse/migrate.ts';
import { publishSync } from '../warehouse/publish.ts';
import { ensureRawTable } from '../warehouse/rawTable.ts';
import { transform } from '../warehouse/transform.ts';
import { type AcquiredInput, acquire } from './acquire.ts';
import { type DetectSummary, detectAll } from './detect.ts';
import { classifyError, type ErrorKind, InterruptedError, RETRYABLE } from './errors.ts';
import { jobName } from './jobName.ts';
import { ProgressTracker, type RunLog, type RunProgress } from './progress.ts';
import {
  openWorkingWarehouse,
  openWriter,
  publishedIsBehind,
  removeOrphanedTemporaryFiles,
} from './recovery.ts';
import {
  type LoadSummary,
  loadSource,
  recordSourceFailure,
  type SkippedInput,
  type SourceOutcome,
  type UnitContext,
} from './sourceUnit.ts';

export type { LoadSummary, SkippedInput, SourceOutcome } from './sourceUnit.ts';

export interface RunOptions {
  config: Config;
  /** The pipelines to load. */
  pipelines: Pipeline[];
  /** Every pipeline the warehouse knows (their staging views are rebuilt); defaults to `pipelines`. */
  allPipelines?: Pipeline[];
  command: 'run' | 'ingest' | 'detect';
  trigger?: 'manual' | 'cron';
  /** Which inputs: the bundled real releases (default), the synthetic demo fixtures, or the publishers' endpoints. */
  data?: DataMode;
  ingest: boolean;
  detect: boolean;
  log?: RunLog;
  /** Ledger: the job this run belongs to (default: the command, or ingest:<pipeline>). */
  job?: string;
  /** Ledger: why the scheduler ran it (schedule, catch-up, after <job>); null for manual runs. */
  cause?: string | null;
  /** Ledger: attempt number of this execution (1 = first), and the first attempt's run id for a retry. */
  attempt?: number;
  retryOf?: number | null;
  /** Ledger: the cron time this execution was scheduled for. */
  scheduledFor?: Date | null;
  /**
   * Stops the run: a running statement is interrupted, the transaction rolled back, the run recorded as interrupted
   * and the lock released. Once the transaction has committed, the run finishes (checkpoint, publish) instead.
   */
  signal?: AbortSignal;
  /** How long to wait for the writer lock; default config.lock.waitSeconds. 0 = fail at once naming the holder. */
  lockWaitMs?: number;
  /** Progress of the run (steps, and DuckDB's own progress inside long statements). */
  onProgress?: (progress: RunProgress) => void;
  /** Called once the run has its id (its meta.runs row exists). */
  onStart?: (runId: number) => void;
  /**
   * Load every input again, even bytes loaded before (run --full-refresh): each becomes a new load, and the newest
   * load of a key is the one analytics.observations keeps (same vintage: highest load_id), so the values are the
   * same and the ledger shows the refresh.
   */
  fullRefresh?: boolean;
}

export interface RunSummary {
  runId: number;
  status: 'succeeded' | 'no_new_data';
  loads: LoadSummary[];
  skipped: SkippedInput[];
  /** Each source the run tried to load, and how it ended. */
  sources: SourceOutcome[];
  detection: DetectSummary | null;
  /** True when the warehouse holds synthetic demo data: an input of the run was a fixture, or earlier loads were. */
  demo: boolean;
  published: string | null;
}

/** A run some of whose sources failed: partial when the others kept new data, failed when none did. */
export type PartialRun = Omit<RunSummary, 'status'> & { status: 'partial' | 'failed' };

export class RunError extends Error {
  /** What kind of failure (decides whether the scheduler retries): see src/run/errors.ts. */
  readonly kind: ErrorKind;

  constructor(
    message: string,
    readonly runId: number,
    options: { cause?: unknown; kind?: ErrorKind } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RunError';
    this.kind = options.kind ?? classifyError(options.cause);
  }
}

/**
 * Some sources failed and were rolled back, each alone; what the others loaded was published (`run.published`).
 * The message has one line per failed source: `<source>: <why>`.
 */
export class SourcesFailedError extends RunError {
  readonly failed: SourceOutcome[];

  constructor(readonly run: PartialRun) {
    const failed = run.sources.filter((s) => s.status === 'failed');
    super(describeSourceFailures(failed), run.runId, { kind: combinedKind(failed) });
    this.name = 'SourcesFailedError';
    this.failed = failed;
  }
}

/** bundled: the real releases shipped in pipelines/<name>/releases/; demo: synthetic fixtures; live: the publishers. */
export type DataMode = 'bundled' | 'demo' | 'live';

/** The configured inputs if any; otherwise the pipeline's own for the mode (none: the source is not loaded). */
export function selectInputs(pipeline: Pipeline, config: Config, mode: DataMode): PipelineInput[] {
  const configured = config.pipelines[pipeline.name]?.inputs;
  if (configured) return configured;
  if (mode === 'live') return pipeline.liveInputs;
  return mode === 'demo' ? pipeline.demoInputs : pipeline.bundledInputs;
}

export function workingPath(config: Config): string {
  return join(config.workDir, 'centinela.duckdb');
}

/**
 * One run: acquire every source's inputs; then each source in its own transaction (load raw, rebuild staging and the
 * observation tables, the checks that concern it: src/run/sourceUnit.ts), a failed source rolled back alone and
 * recorded; then the steps across sources, in two transactions (the analytics rebuild and the checks of the whole
 * warehouse; the detectors and the run's status); then publish. The failed sources' records are published with the others' new data, and the run throws a
 * SourcesFailedError naming them. A failure of a step across sources fails the run: nothing is published, and the
 * sources it had committed are published by the next run (ledger.unpublishedLoads).
 *
 * The writer lock (src/warehouse/lock.ts) is taken before the working warehouse is opened and released after it is
 * closed: one process writes at a time, and a second one waits or gets an error naming the holder.
 */
export async function runPipelines(opts: RunOptions): Promise<RunSummary> {
  const { config } = opts;
  const log = opts.log ?? (() => {});
  opts.signal?.throwIfAborted();
  mkdirSync(config.workDir, { recursive: true });
  const job = opts.job ?? jobName(opts.command, opts.pipelines);
  const lock = await acquireLock(writerLockPath(config.workDir), {
    command: opts.trigger === 'cron' ? 'schedule' : opts.command,
    job,
    what: `the warehouse (${workingPath(config)})`,
    waitMs: opts.lockWaitMs ?? (config.lock?.waitSeconds ?? 0) * 1000,
    signal: opts.signal,
    onWait: (holder) => log(`waiting for the warehouse: it is being written by ${describeHolder(holder)}`),
    onStale: (holder) =>
      log(
        `taking over a stale lock: ${describeHolder(holder)} is no longer running (it was killed or crashed)`,
      ),
  });
  try {
    return await runLocked(opts, job, log);
  } finally {
    lock.release();
  }
}

/** Why a source has no inputs in this mode (only bundled mode can lack them: demo and live inputs are required). */
export function notLoadedReason(mode: DataMode): string {
  return mode === 'bundled'
    ? 'not loaded: no bundled release (run --live, or add a file in centinela.config.json)'
    : `not loaded: no ${mode} input`;
}

interface SourcePlan {
  pipeline: Pipeline;
  inputs: PipelineInput[];
}

async function runLocked(opts: RunOptions, job: string, log: RunLog): Promise<RunSummary> {
  const { config, signal } = opts;
  const workPath = workingPath(config);
  removeOrphanedTemporaryFiles(config.warehouse);
  if (!existsSync(workPath) && existsSync(config.warehouse)) copyFileSync(config.warehouse, workPath);

  let wh = await openWorkingWarehouse(workPath, config, log);
  let db = wh.connection;
  let committing = false;
  let committed = false;
  const interrupt = () => {
    if (committing) return; // never interrupt the COMMIT itself: the run finishes instead
    try {
      db.interrupt();
    } catch {
      // closed already
    }
  };
  signal?.addEventListener('abort', interrupt, { once: true });
  const checkAbort = () => {
    if (signal?.aborted && !committed) throw interruptedBy(signal);
  };
  const known = opts.allPipelines ?? opts.pipelines;
  const plans = planSources(opts, log);
  const inputCount = plans.reduce((n, p) => n + p.inputs.length, 0);
  const progress = new ProgressTracker(
    inputCount * 2 + plans.length * 2 + 3 + (opts.detect ? 1 : 0),
    opts.onProgress,
    db,
  );
  let runId = 0;
  const outcomes: SourceOutcome[] = [];
  /** The source whose transaction is open, should the run be stopped or fail as a whole. */
  let current: { source: string; started: Date } | null = null;
  try {
    await migrate(db);
    for (const r of await markAbandonedRuns(db)) {
      log(`run ${r.run_id} was left unfinished by process ${r.pid ?? '?'} (killed?); recorded as abandoned`);
    }
    if (opts.onProgress) await ProgressTracker.enable(db);
    // One transaction: each statement on its own (every COMMENT ON) would be a commit, and a flush of the log, apiece.
    await inTransaction(db, async () => {
      for (const pipeline of known) await ensureRawTable(db, pipeline);
      await writeSourceLabels(db, known);
    });
    runId = await nextRunId(db);
    await insertRun(db, {
      runId,
      command: opts.command,
      trigger: opts.trigger ?? 'manual',
      job,
      cause: opts.cause ?? null,
      attempt: opts.attempt ?? 1,
      retryOf: opts.retryOf ?? null,
      scheduledFor: opts.scheduledFor ?? null,
      pid: process.pid,
      host: hostname(),
    });
    opts.onStart?.(runId);

    // Every source's bytes first, outside any transaction; a source that cannot be fetched fails alone.
    const acquired: { pipeline: Pipeline; inputs: AcquiredInput[]; started: Date }[] = [];
    for (const { pipeline, inputs } of plans) {
      const started = new Date();
      const got: AcquiredInput[] = [];
      try {
        for (const input of inputs) {
          checkAbort();
          progress.start('acquire', `${pipeline.name}: ${describeInput(input)}`);
          got.push(
            await acquire(input, {
              source: pipeline.name,
              config,
              log,
              releaseScope: pipeline.releaseScope,
              ...(signal ? { signal } : {}),
            }),
          );
        }
        acquired.push({ pipeline, inputs: got, started });
      } catch (error) {
        if (signal?.aborted || isStorageFailure(error)) throw error;
        outcomes.push(await sourceFailed(db, runId, pipeline.name, started, error, log));
      }
    }
    await refuseMixedData(
      db,
      acquired.flatMap((a) => a.inputs),
    );
    // detect loads nothing: what the warehouse already holds says whether its verdicts are on demo data.
    const demo = acquired.some((a) => a.inputs.some((i) => i.demo)) || (await holdsDemoData(db));

    const unit: UnitContext = {
      db,
      runId,
      config,
      known,
      progress,
      log,
      checkAbort,
      fullRefresh: opts.fullRefresh ?? false,
    };
    let committedUnits = 0;
    for (const { pipeline, inputs, started } of acquired) {
      checkAbort();
      current = { source: pipeline.name, started };
      try {
        const outcome = await loadSource(unit, pipeline, inputs, started);
        outcomes.push(outcome);
        if (outcome.status === 'loaded') committedUnits++;
      } catch (error) {
        if (signal?.aborted || isStorageFailure(error)) throw error;
        outcomes.push(await sourceFailed(db, runId, pipeline.name, started, error, log));
      }
      current = null;
    }

    const failed = outcomes.filter((o) => o.status === 'failed');
    const loads = outcomes.flatMap((o) => o.loads);
    // New data of this run, or data an earlier run committed but could not publish (it failed later, or was killed).
    const changed = committedUnits > 0 || opts.command === 'detect' || (await unpublishedLoads(db)) > 0;
    const status: RunStatus =
      failed.length === 0 ? (changed ? 'succeeded' : 'no_new_data') : changed ? 'partial' : 'failed';
    const ending = {
      status,
      error: failed.length > 0 ? describeSourceFailures(failed) : null,
      errorKind: failed.length > 0 ? combinedKind(failed) : null,
      loadsDone: loads.length,
      rowsLoaded: loads.reduce((n, l) => n + l.rowsLoaded, 0),
    };
    // Transform and checks, then detection, each in a warehouse opened afresh and in a transaction of its own: closing
    // DuckDB returns what it freed but the C allocator kept, and committing the rebuilt tables frees them before the
    // detectors run. In one transaction npm start peaked at 440–560 MiB; so, at 390–450 MiB (issue #11). Until the
    // run commits, nothing is published: a failure after the transform leaves the working file rebuilt, and the next
    // run, which has the same unpublished loads, rebuilds it again.
    const reopen = async () => {
      await db.run('CHECKPOINT');
      wh.closeSync();
      wh = await openWriter(workPath, config);
      db = wh.connection;
      progress.useConnection(db);
      if (opts.onProgress) await ProgressTracker.enable(db);
    };
    if (changed) {
      await reopen();
      await inTransaction(db, async () => {
        checkAbort();
        progress.start('transform', 'rebuilding staging and analytics');
        await transform(db, known);
        checkAbort();
        progress.start('check', 'running the data checks');
        assertChecksPass(await runChecks(db, known));
      });
      if (opts.detect) await reopen();
    }
    const detection = await inTransaction(db, async () => {
      let found: DetectSummary | null = null;
      if (changed && opts.detect) {
        checkAbort();
        progress.start('detect', 'running the detectors');
        found = await detectAll(db, runId, config.detect, { checkAbort });
        log(`detect: ${found.series} series, ${found.alarms} alarm(s) in ${found.rows} verdicts`, {
          kind: 'detected',
          series: found.series,
          alarms: found.alarms,
          verdicts: found.rows,
        });
      }
      // The last moment to stop: after this the run commits, then finishes (checkpoint, publish) regardless.
      checkAbort();
      committing = true;
      // Recorded inside the transaction, so a kill right after COMMIT still leaves the run marked as
      // succeeded and the next run publishes it.
      await finishRun(db, runId, ending);
      return found;
    });
    committed = true;

    progress.start('publish', `publishing ${config.warehouse}`);
    const lastPublished = await lastPublishingRun(db);
    await db.run('CHECKPOINT');
    wh.closeSync();
    const publishedExists = existsSync(config.warehouse);
    // Failed sources' records are published (over an existing file: a first run that loaded nothing creates none).
    // A run that committed but was killed before publishing left the published file behind: catch it up now.
    const mustPublish =
      changed ||
      (failed.length > 0 && publishedExists) ||
      (!publishedExists && status !== 'failed') ||
      (publishedExists && (await publishedIsBehind(config.warehouse, lastPublished, log)));
    if (mustPublish) publishSync(workPath, config.warehouse);
    progress.stop();
    const summary = {
      runId,
      loads,
      skipped: outcomes.flatMap((o) => o.skipped),
      sources: outcomes,
      detection,
      demo,
      published: mustPublish ? config.warehouse : null,
    };
    if (status === 'partial' || status === 'failed') throw new SourcesFailedError({ ...summary, status });
    return { ...summary, status: status === 'no_new_data' ? 'no_new_data' : 'succeeded' };
  } catch (error) {
    progress.stop();
    if (error instanceof RunError) throw error;
    const cause = signal?.aborted && !committed ? interruptedBy(signal) : error;
    const kind = classifyError(cause);
    const message = explain(cause, workPath);
    if (committed) {
      // The data is in: the run keeps its status and the next run publishes it (publishedIsBehind).
      await noteRunError(db, runId, `committed, but not published: ${message}`, kind).catch(() => {});
      throw new RunError(`run ${runId} committed its data but did not publish it: ${message}`, runId, {
        cause,
        kind,
      });
    }
    const failed = outcomes.filter((o) => o.status === 'failed');
    const full = failed.length > 0 ? `${message}\n${describeSourceFailures(failed)}` : message;
    // When the database itself failed (disk full), the failure cannot be recorded: the next run marks it abandoned.
    if (runId > 0) {
      await recordRunFailure(db, runId, current, full, kind).catch(() => {});
    }
    throw new RunError(full, runId, { cause, kind });
  } finally {
    signal?.removeEventListener('abort', interrupt);
    try {
      wh.closeSync();
    } catch {
      // already closed after a successful run
    }
  }
}

/** The sources to load, each with its inputs for the mode (a source without any is said so, and not loaded). */
function planSources(opts: RunOptions, log: RunLog): SourcePlan[] {
  if (!opts.ingest) return [];
  const mode = opts.data ?? 'bundled';
  return opts.pipelines.flatMap((pipeline) => {
    const inputs = selectInputs(pipeline, opts.config, mode);
    if (inputs.length === 0) {
      log(`${pipeline.name}: ${notLoadedReason(mode)}`);
      return [];
    }
    return [{ pipeline, inputs }];
  });
}

async function sourceFailed(
  db: DuckDBConnection,
  runId: number,
  source: string,
  started: Date,
  error: unknown,
  log: RunLog,
): Promise<SourceOutcome> {
  const outcome = await recordSourceFailure(db, runId, source, started, error);
  log(`${source}: FAILED, rolled back (its earlier data is unchanged): ${outcome.error}`);
  return outcome;
}

/**
 * A run that failed as a whole, recorded for good: its error, and the source it was loading when it was stopped (a
 * failure of the machine, e.g. a full disk, is the run's, not the source's).
 */
async function recordRunFailure(
  db: DuckDBConnection,
  runId: number,
  current: { source: string; started: Date } | null,
  message: string,
  kind: ErrorKind,
): Promise<void> {
  const interrupted = kind === 'interrupted';
  await inTransaction(db, async () => {
    if (current && interrupted) {
      await insertRunSource(db, {
        runId,
        source: current.source,
        status: 'interrupted',
        loadsDone: 0,
        rowsLoaded: 0,
        error: message,
        errorKind: kind,
        startedAt: current.started,
      });
    }
    await finishRun(db, runId, {
      status: interrupted ? 'interrupted' : 'failed',
      error: message,
      errorKind: kind,
    });
  });
}

/** One line per failed source: `<source>: <why>`. */
export function describeSourceFailures(failed: SourceOutcome[]): string {
  return failed.map((f) => `${f.source}: ${f.error ?? 'failed'}`).join('\n');
}

/** Retried only when every failure is worth retrying; otherwise the first that is not says what kind it is. */
function combinedKind(failed: SourceOutcome[]): ErrorKind {
  const kinds = failed.map((f) => f.errorKind ?? 'failed');
  return kinds.find((k) => !RETRYABLE.has(k)) ?? kinds[0] ?? 'failed';
}

/** DuckDB's own I/O failures (disk full) come back as "database has been invalidated": name the cause instead. */
function explain(error: unknown, workPath: string): string {
  const message = (error as Error).message;
  if (!/database has been invalidated/.test(message)) return message;
  return describeFsError(error, `cannot write the working warehouse ${workPath}`);
}

function interruptedBy(signal: AbortSignal): InterruptedError {
  const reason = signal.reason;
  if (reason instanceof InterruptedError) return reason;
  return new InterruptedError(reason instanceof Error ? reason.message : String(reason ?? 'aborted'));
}

function describeInput(input: PipelineInput): string {
  if ('path' in input && typeof input.path === 'string') return `reading ${input.path}`;
  for (const key of ['url', 'pageUrl', 'baseUrl'] as const) {
    const value = (input as Record<string, unknown>)[key];
    if (typeof value === 'string') return `fetching ${value}`;
  }
  return `fetching ${input.kind}`;
}

/**
 * Real and synthetic rows never share a warehouse: a run whose inputs are demo fixtures is refused by a warehouse
 * that holds real releases, and the other way round (`run --demo` has its own warehouse under data/demo/).
 */
async function holdsDemoData(db: DuckDBConnection): Promise<boolean> {
  const rows = await queryRows<{ demo: boolean | null }>(
    db,
    "SELECT bool_or(demo) AS demo FROM meta.loads WHERE status = 'loaded'",
  );
  return rows[0]?.demo === true;
}

async function refuseMixedData(db: DuckDBConnection, inputs: AcquiredInput[]): Promise<void> {
  const kind = (demo: boolean) => (demo ? 'synthetic demo data' : 'real releases');
  const incoming = new Set(inputs.map((i) => i.demo));
  if (incoming.size > 1) {
    throw new Error('refused: this run mixes demo fixtures with real releases; give each its own warehouse');
  }
  const [demo] = incoming;
  if (demo === undefined) return;
  const held = await queryRows<{ demo: boolean }>(
    db,
    "SELECT DISTINCT demo FROM meta.loads WHERE status = 'loaded' AND demo IS NOT NULL",
  );
  if (held.some((r) => r.demo !== demo)) {
    throw new Error(
      `refused: this warehouse holds ${kind(!demo)} and the run would add ${kind(demo)}; real and synthetic data never share a warehouse (run --demo writes its own, under a demo/ folder)`,
    );
  }
}
