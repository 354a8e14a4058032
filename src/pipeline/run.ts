import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import { describeFsError } from '../fsError.ts';
import { classifyError, type ErrorKind, InterruptedError } from '../schedule/errors.ts';
import { acquireLock, describeHolder, pidAlive, writerLockPath } from '../schedule/lock.ts';
import { ProgressTracker, type RunProgress } from '../schedule/progress.ts';
import { describeFailedChecks, runChecks } from '../warehouse/checks.ts';
import { inTransaction, openWarehouse, queryRows, queryValue } from '../warehouse/connection.ts';
import { type CsvLoadResult, loadCsv, type RejectedLine } from '../warehouse/loadCsv.ts';
import { migrate } from '../warehouse/migrate.ts';
import { publishSync } from '../warehouse/publish.ts';
import { ensureRawTable } from '../warehouse/rawTable.ts';
import { transform } from '../warehouse/transform.ts';
import { type AcquiredInput, acquire } from './acquire.ts';
import type { Pipeline, PipelineInput } from './definition.ts';
import { type DetectSummary, detectAll } from './detect.ts';

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
  log?: (message: string) => void;
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
}

export interface LoadSummary {
  source: string;
  origin: string;
  loadId: number;
  vintage: string;
  layout: string;
  rowsLoaded: number;
  rowsRejected: number;
  /** Columns of the file its layout does not name: loaded without them (also in meta.loads.message). */
  unknownColumns: string[];
}

export interface RunSummary {
  runId: number;
  status: 'succeeded' | 'no_new_data';
  loads: LoadSummary[];
  skipped: { source: string; origin: string; sha256: string; loadId: number }[];
  detection: DetectSummary | null;
  /** True when any input of the run was a bundled synthetic fixture. */
  demo: boolean;
  published: string | null;
}

interface FailedLoad {
  source: string;
  input: AcquiredInput;
  layout: string | null;
  rejects: RejectedLine[];
  message: string;
}

export class RunError extends Error {
  /** What kind of failure (decides whether the scheduler retries): see src/schedule/errors.ts. */
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
 * One run: acquire inputs → load raw → transform → checks → detect, all in one transaction, then publish.
 * Anything that fails rolls the whole transaction back, so the working warehouse is as it was, and the published
 * file is untouched; the failure itself (ledger rows, rejected lines) is then recorded.
 *
 * The writer lock (src/schedule/lock.ts) is taken before the working warehouse is opened and released after it is
 * closed: one process writes at a time, and a second one waits or gets an error naming the holder.
 */
export async function runPipelines(opts: RunOptions): Promise<RunSummary> {
  const { config } = opts;
  const log = opts.log ?? (() => {});
  opts.signal?.throwIfAborted();
  mkdirSync(config.workDir, { recursive: true });
  const job = opts.job ?? defaultJob(opts);
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

function defaultJob(opts: RunOptions): string {
  if (opts.command === 'ingest' && opts.pipelines.length === 1) return `ingest:${opts.pipelines[0]?.name}`;
  return opts.command;
}

async function runLocked(opts: RunOptions, job: string, log: (message: string) => void): Promise<RunSummary> {
  const { config, signal } = opts;
  const workPath = workingPath(config);
  removeOrphanedTemporaryFiles(config.warehouse);
  if (!existsSync(workPath) && existsSync(config.warehouse)) copyFileSync(config.warehouse, workPath);

  const wh = await openWorkingWarehouse(workPath, config, log);
  const db = wh.connection;
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
  const mode = opts.data ?? 'bundled';
  const inputs = opts.ingest
    ? opts.pipelines.flatMap((pipeline) => {
        const selected = selectInputs(pipeline, config, mode);
        if (selected.length === 0) log(`${pipeline.name}: ${notLoadedReason(mode)}`);
        return selected.map((input) => ({ pipeline, input }));
      })
    : [];
  const progress = new ProgressTracker(inputs.length * 2 + 3 + (opts.detect ? 1 : 0), opts.onProgress, db);
  let runId = 0;
  try {
    await migrate(db);
    await markAbandonedRuns(db, log);
    if (opts.onProgress) await ProgressTracker.enable(db);
    for (const pipeline of known) await ensureRawTable(db, pipeline);
    runId = await queryValue<number>(db, "SELECT nextval('meta.run_id_seq')::BIGINT");
    await db.run(
      `INSERT INTO meta.runs (run_id, command, trigger, started_at, status, job, cause, attempt, retry_of,
         scheduled_for, pid, host)
       VALUES ($1, $2, $3, now(), 'running', $4, $5, $6, $7, $8::TIMESTAMPTZ, $9, $10)`,
      [
        runId,
        opts.command,
        opts.trigger ?? 'manual',
        job,
        opts.cause ?? null,
        opts.attempt ?? 1,
        opts.retryOf ?? null,
        opts.scheduledFor ? opts.scheduledFor.toISOString() : null,
        process.pid,
        hostname(),
      ],
    );
    opts.onStart?.(runId);

    const acquired: { pipeline: Pipeline; input: AcquiredInput }[] = [];
    for (const { pipeline, input } of inputs) {
      checkAbort();
      progress.start('acquire', `${pipeline.name}: ${describeInput(input)}`);
      acquired.push({
        pipeline,
        input: await acquire(input, {
          source: pipeline.name,
          config,
          log,
          releaseScope: pipeline.releaseScope,
        }),
      });
    }

    const failed: FailedLoad[] = [];
    let summary: Omit<RunSummary, 'published'>;
    try {
      summary = await inTransaction(db, async () => {
        await refuseMixedData(
          db,
          acquired.map((a) => a.input),
        );
        const loads: LoadSummary[] = [];
        const skipped: RunSummary['skipped'] = [];
        for (const { pipeline, input } of acquired) {
          checkAbort();
          progress.start('load', `${pipeline.name}: loading ${input.snapshot.origin}`);
          const prior = await priorLoad(db, pipeline.name, input.snapshot.sha256);
          if (prior !== null) {
            skipped.push({
              source: pipeline.name,
              origin: input.snapshot.origin,
              sha256: input.snapshot.sha256,
              loadId: prior,
            });
            log(
              `${pipeline.name}: ${input.snapshot.origin} skipped: the same bytes (sha256 ${input.snapshot.sha256.slice(0, 12)}…) were loaded before as load ${prior}`,
            );
            continue;
          }
          loads.push(await loadInput(db, runId, pipeline, input, failed, log));
        }
        const changed = loads.length > 0 || opts.command === 'detect';
        let detection: DetectSummary | null = null;
        if (changed) {
          checkAbort();
          progress.start('transform', 'rebuilding staging and analytics');
          await transform(db, known);
          checkAbort();
          progress.start('check', 'running the data checks');
          const problem = describeFailedChecks(await runChecks(db));
          if (problem) throw new Error(problem);
          if (opts.detect) {
            checkAbort();
            progress.start('detect', 'running the detectors');
            detection = await detectAll(db, runId, config.detect);
            log(
              `detect: ${detection.series} series, ${detection.alarms} alarm(s) in ${detection.rows} verdicts`,
            );
          }
        }
        // The last moment to stop: after this the run commits, then finishes (checkpoint, publish) regardless.
        checkAbort();
        committing = true;
        const status = changed ? 'succeeded' : 'no_new_data';
        // Recorded inside the transaction, so a kill right after COMMIT still leaves the run marked as
        // succeeded and the next run publishes it. now() would be the transaction's start, hence the clock.
        await db.run(
          'UPDATE meta.runs SET finished_at = $2::TIMESTAMPTZ, status = $3, loads_done = $4, rows_loaded = $5 WHERE run_id = $1',
          [
            runId,
            new Date().toISOString(),
            status,
            loads.length,
            loads.reduce((n, l) => n + l.rowsLoaded, 0),
          ],
        );
        return { runId, status, loads, skipped, detection, demo: acquired.some((a) => a.input.demo) };
      });
      committed = true;
    } catch (error) {
      const cause = signal?.aborted ? interruptedBy(signal) : error;
      const kind = classifyError(cause);
      const message = explain(cause, workPath);
      // When the database itself failed (disk full), the failure cannot be recorded: the next run marks it abandoned.
      await recordFailure(db, runId, failed, message, kind).catch(() => {});
      throw new RunError(message, runId, { cause, kind });
    }
    progress.start('publish', `publishing ${config.warehouse}`);
    const lastSucceeded = await queryValue<number | null>(
      db,
      "SELECT max(run_id) FROM meta.runs WHERE status = 'succeeded'",
    );
    await db.run('CHECKPOINT');
    wh.closeSync();
    // A run that committed but was killed before publishing left the published file behind: catch it up now.
    const mustPublish =
      summary.status === 'succeeded' ||
      !existsSync(config.warehouse) ||
      (await publishedIsBehind(config.warehouse, lastSucceeded, log));
    if (mustPublish) publishSync(workPath, config.warehouse);
    progress.stop();
    return { ...summary, published: mustPublish ? config.warehouse : null };
  } catch (error) {
    progress.stop();
    if (error instanceof RunError) throw error;
    const cause = signal?.aborted && !committed ? interruptedBy(signal) : error;
    const kind = classifyError(cause);
    const message = explain(cause, workPath);
    if (committed) {
      // The data is in: the run stays 'succeeded' and the next run publishes it (publishedIsBehind).
      await db
        .run('UPDATE meta.runs SET error = $2, error_kind = $3 WHERE run_id = $1', [
          runId,
          `committed, but not published: ${message}`,
          kind,
        ])
        .catch(() => {});
      throw new RunError(`run ${runId} committed its data but did not publish it: ${message}`, runId, {
        cause,
        kind,
      });
    }
    if (runId > 0) await recordFailure(db, runId, [], message, kind).catch(() => {});
    throw new RunError(message, runId, { cause, kind });
  } finally {
    signal?.removeEventListener('abort', interrupt);
    try {
      wh.closeSync();
    } catch {
      // already closed after a successful run
    }
  }
}

async function publishedIsBehind(
  published: string,
  lastSucceeded: number | null,
  log: (message: string) => void,
): Promise<boolean> {
  if (lastSucceeded === null) return false;
  let theirs: number | null = null;
  try {
    const pub = await openWarehouse(published, { readOnly: true });
    try {
      theirs = await queryValue<number | null>(
        pub.connection,
        "SELECT max(run_id) FROM meta.runs WHERE status = 'succeeded'",
      );
    } finally {
      pub.closeSync();
    }
  } catch {
    theirs = null;
  }
  if (theirs !== null && theirs >= lastSucceeded) return false;
  log(`the published warehouse lacks run ${lastSucceeded} (its publish was interrupted); publishing it now`);
  return true;
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
 * Opens the working warehouse. DuckDB recovers a file left by a killed process from its write-ahead log on open;
 * should the file be damaged beyond that, it is moved aside (kept for inspection) and the working copy starts again
 * from the published file, which is always consistent. (Failed runs recorded only in the damaged file are lost
 * from the ledger; that is said in the log.)
 */
async function openWorkingWarehouse(workPath: string, config: Config, log: (message: string) => void) {
  try {
    return await openWarehouse(workPath, { memoryLimit: config.memoryLimit });
  } catch (error) {
    const message = (error as Error).message;
    // Another process has the file open (not one of ours: we hold the lock). Nothing to repair.
    if (/lock/i.test(message) || !existsSync(workPath)) throw error;
    const aside = `${workPath}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(workPath, aside);
    if (existsSync(`${workPath}.wal`)) renameSync(`${workPath}.wal`, `${aside}.wal`);
    log(
      `the working warehouse could not be opened (${message}); moved it to ${aside} and started again from the published file`,
    );
    if (existsSync(config.warehouse)) copyFileSync(config.warehouse, workPath);
    return await openWarehouse(workPath, { memoryLimit: config.memoryLimit });
  }
}

/** Runs left 'running' by a process that ended without finishing them (we hold the lock: nobody else runs). */
async function markAbandonedRuns(db: DuckDBConnection, log: (message: string) => void): Promise<void> {
  const rows = await queryRows<{ run_id: number; pid: number | null }>(
    db,
    `UPDATE meta.runs SET status = 'abandoned', finished_at = now(), error_kind = 'abandoned',
       error = coalesce(error, 'the process running it ended before it finished (killed, or the machine stopped); what it had not committed was rolled back')
     WHERE status = 'running' RETURNING run_id, pid`,
  );
  for (const r of rows) {
    log(`run ${r.run_id} was left unfinished by process ${r.pid ?? '?'} (killed?); recorded as abandoned`);
  }
}

/** Temporary copies left by a publish that was killed midway (`<published>.<pid>.tmp` of a dead process). */
function removeOrphanedTemporaryFiles(published: string): void {
  const dir = dirname(published);
  if (!existsSync(dir)) return;
  const prefix = `${basename(published)}.`;
  for (const name of readdirSync(dir)) {
    const m = name.startsWith(prefix) ? /^(\d+)\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (m && !pidAlive(Number(m[1]))) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        // gone already
      }
    }
  }
}

/**
 * Real and synthetic rows never share a warehouse: a run whose inputs are demo fixtures is refused by a warehouse
 * that holds real releases, and the other way round (`run --demo` has its own warehouse under data/demo/).
 */
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

async function priorLoad(db: DuckDBConnection, source: string, sha256: string): Promise<number | null> {
  const rows = await queryRows<{ load_id: number }>(
    db,
    "SELECT load_id FROM meta.loads WHERE source = $1 AND sha256 = $2 AND status = 'loaded' ORDER BY load_id LIMIT 1",
    [source, sha256],
  );
  return rows[0]?.load_id ?? null;
}

async function loadInput(
  db: DuckDBConnection,
  runId: number,
  pipeline: Pipeline,
  input: AcquiredInput,
  failed: FailedLoad[],
  log: (message: string) => void,
): Promise<LoadSummary> {
  const started = new Date();
  const { snapshot } = input;
  const loadId = await queryValue<number>(db, "SELECT nextval('meta.load_id_seq')::BIGINT");
  // A refused input is recorded (after the rollback) with what was read of it.
  const refuse = (error: Error, layout: string | null, rejects: RejectedLine[]): Error => {
    failed.push({ source: pipeline.name, input, layout, rejects, message: error.message });
    return error;
  };
  let result: CsvLoadResult;
  try {
    const path = pipeline.hooks.prepare
      ? await pipeline.hooks.prepare(snapshot.path, { source: pipeline.name, origin: snapshot.origin })
      : snapshot.path;
    const target = { path, origin: snapshot.origin, loadId, vintage: input.vintage };
    result = pipeline.hooks.load
      ? await pipeline.hooks.load(db, pipeline, target)
      : await loadCsv(db, pipeline, target);
  } catch (error) {
    throw refuse(error as Error, null, []);
  }
  if (result.rowsLoaded === 0 && result.rejects.length === 0 && !input.incremental) {
    throw refuse(
      new InputError(
        { source: pipeline.name, origin: snapshot.origin },
        'no data rows: a release needs at least one (the file is empty or holds only its header; cut off?)',
      ),
      result.layout,
      [],
    );
  }
  if (result.rejects.length > pipeline.maxRejectedRows) {
    const first = result.rejects[0] as RejectedLine;
    throw refuse(
      new InputError(
        {
          source: pipeline.name,
          origin: snapshot.origin,
          line: first.line ?? undefined,
          column: first.column ?? undefined,
        },
        `${first.message}; ${result.rejects.length} line(s) rejected (at most ${pipeline.maxRejectedRows} allowed), see meta.rejects`,
      ),
      result.layout,
      result.rejects,
    );
  }
  const unknownColumns = result.unknownColumns ?? [];
  const remark =
    unknownColumns.length === 0
      ? null
      : `${unknownColumns.length} column(s) not in layout ${result.layout}, read but not kept: ${unknownColumns.map((c) => `"${c}"`).join(', ')}`;
  await insertSnapshot(db, input);
  await insertLoad(db, {
    loadId,
    runId,
    source: pipeline.name,
    input,
    layout: result.layout,
    rowsLoaded: result.rowsLoaded,
    rejected: result.rejects.length,
    status: 'loaded',
    message: remark,
    started,
  });
  await insertRejects(db, loadId, pipeline.name, snapshot.origin, result.rejects);
  log(
    `${pipeline.name}: loaded ${result.rowsLoaded} rows from ${snapshot.origin} (${result.layout}, vintage ${input.vintage}${input.demo ? ', demo data' : ''})${remark ? `; ${remark}` : ''}`,
  );
  return {
    source: pipeline.name,
    origin: snapshot.origin,
    loadId,
    vintage: input.vintage,
    layout: result.layout,
    rowsLoaded: result.rowsLoaded,
    rowsRejected: result.rejects.length,
    unknownColumns,
  };
}

async function insertSnapshot(db: DuckDBConnection, input: AcquiredInput): Promise<void> {
  const s = input.snapshot;
  await db.run(
    'INSERT INTO meta.snapshots VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMPTZ) ON CONFLICT DO NOTHING',
    [s.sha256, s.source, s.origin, s.relPath, s.bytes, s.contentType, s.fetchedAt.toISOString()],
  );
}

async function insertLoad(
  db: DuckDBConnection,
  l: {
    loadId: number;
    runId: number;
    source: string;
    input: AcquiredInput;
    layout: string | null;
    rowsLoaded: number;
    rejected: number;
    status: 'loaded' | 'failed';
    message: string | null;
    started: Date;
  },
): Promise<void> {
  await db.run(
    `INSERT INTO meta.loads (load_id, run_id, source, origin, vintage, sha256, shape, demo, rows_read, rows_loaded,
       rows_rejected, status, message, started_at, finished_at, release_scope)
     VALUES ($1, $2, $3, $4, $5::DATE, $6, $7, $8, $9, $10, $11, $12, $13, $14::TIMESTAMPTZ, now(), $15)`,
    [
      l.loadId,
      l.runId,
      l.source,
      l.input.snapshot.origin,
      l.input.vintage,
      l.input.snapshot.sha256,
      l.layout,
      l.input.demo,
      l.rowsLoaded + l.rejected,
      l.rowsLoaded,
      l.rejected,
      l.status,
      l.message,
      l.started.toISOString(),
      l.input.releaseScope,
    ],
  );
}

async function insertRejects(
  db: DuckDBConnection,
  loadId: number,
  source: string,
  origin: string,
  rejects: RejectedLine[],
): Promise<void> {
  for (const r of rejects) {
    await db.run('INSERT INTO meta.rejects VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      loadId,
      source,
      origin,
      r.line,
      r.column,
      r.errorType,
      r.csvLine,
      r.message,
    ]);
  }
}

/** After the rollback: the failed loads, their rejected lines and the run's error are recorded for good. */
async function recordFailure(
  db: DuckDBConnection,
  runId: number,
  failed: FailedLoad[],
  message: string,
  kind: ErrorKind = 'failed',
): Promise<void> {
  await inTransaction(db, async () => {
    for (const f of failed) {
      const loadId = await queryValue<number>(db, "SELECT nextval('meta.load_id_seq')::BIGINT");
      await insertSnapshot(db, f.input);
      await insertLoad(db, {
        loadId,
        runId,
        source: f.source,
        input: f.input,
        layout: f.layout,
        rowsLoaded: 0,
        rejected: f.rejects.length,
        status: 'failed',
        message: f.message,
        started: f.input.snapshot.fetchedAt,
      });
      await insertRejects(db, loadId, f.source, f.input.snapshot.origin, f.rejects);
    }
    await db.run(
      'UPDATE meta.runs SET finished_at = now(), status = $3, error = $2, error_kind = $4 WHERE run_id = $1',
      [runId, message, kind === 'interrupted' ? 'interrupted' : 'failed', kind],
    );
  });
}
