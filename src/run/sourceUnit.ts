/**
 * One source of a run, in its own transaction: load its new inputs into raw, rebuild staging and the tables of the
 * common shapes (analytics.observations, analytics.population), and run the checks that concern it. It commits, or it is rolled back alone and its failure recorded (the failed inputs in
 * meta.loads, their rejected lines in meta.rejects, the outcome in meta.run_sources), leaving its earlier data and
 * every other source's as they were.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../core/config.ts';
import { InputError } from '../core/errors.ts';
import type { CsvLoadResult, RejectedLine } from '../core/load.ts';
import type { Pipeline } from '../core/pipeline.ts';
import { assertChecksPass, runSourceChecks } from '../warehouse/checks.ts';
import { inTransaction } from '../warehouse/connection.ts';
import {
  insertLoad,
  insertRejects,
  insertRunSource,
  insertSnapshot,
  type LoadRecord,
  nextLoadId,
  priorLoad,
  type SourceStatus,
} from '../warehouse/ledger.ts';
import { loadCsv } from '../warehouse/loadCsv.ts';
import { transformShapes } from '../warehouse/transform.ts';
import type { AcquiredInput } from './acquire.ts';
import { classifyError, type ErrorKind } from './errors.ts';
import type { ProgressTracker, RunLog } from './progress.ts';

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

export interface SkippedInput {
  source: string;
  origin: string;
  sha256: string;
  loadId: number;
}

/** How one source of a run ended. */
export interface SourceOutcome {
  source: string;
  status: SourceStatus;
  loads: LoadSummary[];
  skipped: SkippedInput[];
  /** Why it failed (the file, line and column; the HTTP error; the failed check). */
  error: string | null;
  errorKind: ErrorKind | null;
}

export interface UnitContext {
  db: DuckDBConnection;
  runId: number;
  config: Config;
  /** Every pipeline the warehouse knows: their staging views are rebuilt, their checks attributed. */
  known: Pipeline[];
  progress: ProgressTracker;
  log: RunLog;
  /** Throws when the run has been stopped. */
  checkAbort: () => void;
  /** Load every input, even bytes loaded before (run --full-refresh); the newest load of a key wins. */
  fullRefresh?: boolean;
}

/** An input read in the unit, kept for the record should the unit fail. */
interface Attempt {
  input: AcquiredInput;
  layout: string | null;
  rowsRead: number;
  rejects: RejectedLine[];
}

/** A source's unit failed: what to record of its inputs once its transaction is rolled back. */
export class SourceFailure extends Error {
  constructor(
    readonly source: string,
    readonly attempts: (Attempt & { message: string })[],
    cause: unknown,
  ) {
    super((cause as Error).message, { cause });
    this.name = 'SourceFailure';
  }
}

/**
 * Loads a source's inputs that are new (the same bytes are skipped), in one transaction with the rebuild of staging
 * and the shape tables and the checks that concern the source. Throws a SourceFailure (after the rollback) naming what to
 * record; anything else it throws (an interruption, a broken disk) is the caller's to judge.
 */
export async function loadSource(
  ctx: UnitContext,
  pipeline: Pipeline,
  inputs: AcquiredInput[],
  started: Date,
): Promise<SourceOutcome> {
  const { db, log, progress, checkAbort } = ctx;
  const source = pipeline.name;
  const skipped: SkippedInput[] = [];
  const fresh: AcquiredInput[] = [];
  for (const input of inputs) {
    const prior = ctx.fullRefresh ? null : await priorLoad(db, source, input.snapshot.sha256);
    if (prior === null) {
      fresh.push(input);
      continue;
    }
    skipped.push({ source, origin: input.snapshot.origin, sha256: input.snapshot.sha256, loadId: prior });
    log(
      `${source}: ${input.snapshot.origin} skipped: the same bytes (sha256 ${input.snapshot.sha256.slice(0, 12)}…) were loaded before as load ${prior}`,
    );
  }
  const outcome = (status: SourceStatus, loads: LoadSummary[]): SourceOutcome => ({
    source,
    status,
    loads,
    skipped,
    error: null,
    errorKind: null,
  });
  if (fresh.length === 0) {
    await insertRunSource(db, {
      runId: ctx.runId,
      source,
      status: 'no_new_data',
      loadsDone: 0,
      rowsLoaded: 0,
      error: null,
      errorKind: null,
      startedAt: started,
    });
    return outcome('no_new_data', []);
  }

  const attempts: Attempt[] = [];
  let refused: (Attempt & { message: string }) | null = null;
  try {
    const loads = await inTransaction(db, async () => {
      const loads: LoadSummary[] = [];
      for (const input of fresh) {
        checkAbort();
        progress.start('load', `${source}: loading ${input.snapshot.origin}`);
        const loaded = await loadInput(ctx, pipeline, input);
        if ('refused' in loaded) {
          refused = { ...loaded.attempt, message: loaded.refused.message };
          throw loaded.refused;
        }
        attempts.push(loaded.attempt);
        loads.push(loaded.summary);
      }
      checkAbort();
      progress.start('transform', `${source}: rebuilding its staging and observation tables`);
      // This source alone: its checks read only its rows, and the run's transform rebuilds every source after.
      await transformShapes(db, [pipeline]);
      checkAbort();
      progress.start('check', `${source}: running the data checks that concern it`);
      assertChecksPass(await runSourceChecks(db, source, ctx.known));
      checkAbort();
      await insertRunSource(db, {
        runId: ctx.runId,
        source,
        status: 'loaded',
        loadsDone: loads.length,
        rowsLoaded: loads.reduce((n, l) => n + l.rowsLoaded, 0),
        error: null,
        errorKind: null,
        startedAt: started,
      });
      return loads;
    });
    return outcome('loaded', loads);
  } catch (error) {
    // A refused input is recorded alone (the others of the source were fine, and load again next time); when the
    // source as a whole failed (a check, its staging SQL), every input it loaded is.
    const message = (error as Error).message;
    const failed = refused ? [refused] : attempts.map((a) => ({ ...a, message }));
    throw new SourceFailure(source, failed, error);
  }
}

type Loaded = { attempt: Attempt; summary: LoadSummary } | { attempt: Attempt; refused: Error };

async function loadInput(ctx: UnitContext, pipeline: Pipeline, input: AcquiredInput): Promise<Loaded> {
  const { db } = ctx;
  const { snapshot } = input;
  const source = pipeline.name;
  const started = new Date();
  const loadId = await nextLoadId(db);
  const refuse = (error: Error, layout: string | null, rejects: RejectedLine[]): Loaded => ({
    attempt: { input, layout, rowsRead: rejects.length, rejects },
    refused: error,
  });
  let result: CsvLoadResult;
  try {
    const path = pipeline.hooks.prepare
      ? await pipeline.hooks.prepare(snapshot.path, {
          source,
          origin: snapshot.origin,
          maxInflatedBytes: ctx.config.http.maxInflatedBytes,
        })
      : snapshot.path;
    ctx.checkAbort();
    const target = {
      path,
      origin: snapshot.origin,
      loadId,
      vintage: input.vintage,
      checkAbort: ctx.checkAbort,
    };
    result = pipeline.hooks.load
      ? await pipeline.hooks.load(db, pipeline, target)
      : await loadCsv(db, pipeline, target);
  } catch (error) {
    return refuse(error as Error, null, []);
  }
  if (result.rowsLoaded === 0 && result.rejects.length === 0 && !input.incremental) {
    return refuse(
      new InputError(
        { source, origin: snapshot.origin },
        'no data rows: a release needs at least one (the file is empty or holds only its header; cut off?)',
      ),
      result.layout,
      [],
    );
  }
  if (result.rejects.length > pipeline.maxRejectedRows) {
    const first = result.rejects[0] as RejectedLine;
    return refuse(
      new InputError(
        { source, origin: snapshot.origin, line: first.line ?? undefined, column: first.column ?? undefined },
        `${first.message}; ${result.rejects.length} line(s) rejected (at most ${pipeline.maxRejectedRows} allowed), see meta.rejects`,
      ),
      result.layout,
      result.rejects,
    );
  }
  const rowsRead = result.rowsLoaded + result.rejects.length;
  const unknownColumns = result.unknownColumns ?? [];
  const remark =
    unknownColumns.length === 0
      ? null
      : `${unknownColumns.length} column(s) not in layout ${result.layout}, read but not kept: ${unknownColumns.map((c) => `"${c}"`).join(', ')}`;
  await insertSnapshot(db, snapshot);
  await insertLoad(db, {
    ...loadRecord(ctx.runId, source, input),
    loadId,
    layout: result.layout,
    rowsRead,
    rowsLoaded: result.rowsLoaded,
    rejected: result.rejects.length,
    status: 'loaded',
    message: remark,
    started,
  });
  await insertRejects(db, loadId, source, snapshot.origin, result.rejects);
  ctx.log(
    `${source}: loaded ${result.rowsLoaded} rows from ${snapshot.origin} (${result.layout}, vintage ${input.vintage}${input.demo ? ', demo data' : ''})${remark ? `; ${remark}` : ''}`,
    { kind: 'loaded', source, origin: snapshot.origin, rows: result.rowsLoaded, vintage: input.vintage },
  );
  return {
    attempt: { input, layout: result.layout, rowsRead, rejects: result.rejects },
    summary: {
      source,
      origin: snapshot.origin,
      loadId,
      vintage: input.vintage,
      layout: result.layout,
      rowsLoaded: result.rowsLoaded,
      rowsRejected: result.rejects.length,
      unknownColumns,
    },
  };
}

function loadRecord(
  runId: number,
  source: string,
  input: AcquiredInput,
): Pick<LoadRecord, 'runId' | 'source' | 'origin' | 'vintage' | 'sha256' | 'demo' | 'releaseScope'> {
  return {
    runId,
    source,
    origin: input.snapshot.origin,
    vintage: input.vintage,
    sha256: input.snapshot.sha256,
    demo: input.demo,
    releaseScope: input.releaseScope,
  };
}

/**
 * After a source's rollback (or when its inputs could not be fetched at all): its failed inputs, their rejected
 * lines and its outcome, recorded for good in one transaction of their own.
 */
export async function recordSourceFailure(
  db: DuckDBConnection,
  runId: number,
  source: string,
  started: Date,
  error: unknown,
  status: 'failed' | 'interrupted' = 'failed',
): Promise<SourceOutcome> {
  const attempts = error instanceof SourceFailure ? error.attempts : [];
  const cause = error instanceof SourceFailure ? error.cause : error;
  const message = withoutSourcePrefix(source, (cause as Error).message);
  const errorKind: ErrorKind = status === 'interrupted' ? 'interrupted' : classifyError(cause);
  await inTransaction(db, async () => {
    for (const a of attempts) {
      const loadId = await nextLoadId(db);
      await insertSnapshot(db, a.input.snapshot);
      await insertLoad(db, {
        ...loadRecord(runId, source, a.input),
        loadId,
        layout: a.layout,
        rowsRead: a.rowsRead,
        rowsLoaded: 0,
        rejected: a.rejects.length,
        status: 'failed',
        message: a.message,
        started: a.input.snapshot.fetchedAt,
      });
      await insertRejects(db, loadId, source, a.input.snapshot.origin, a.rejects);
    }
    await insertRunSource(db, {
      runId,
      source,
      status,
      loadsDone: 0,
      rowsLoaded: 0,
      error: message,
      errorKind,
      startedAt: started,
    });
  });
  return { source, status, loads: [], skipped: [], error: message, errorKind };
}

/** Input errors already start with the source's name; the outcome names it once. */
function withoutSourcePrefix(source: string, message: string): string {
  return message.startsWith(`${source}: `) ? message.slice(source.length + 2) : message;
}
