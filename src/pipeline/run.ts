import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
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
  /** Use the publishers' live endpoints instead of the bundled demo fixtures. */
  live?: boolean;
  ingest: boolean;
  detect: boolean;
  log?: (message: string) => void;
}

export interface LoadSummary {
  source: string;
  origin: string;
  loadId: number;
  vintage: string;
  layout: string;
  rowsLoaded: number;
  rowsRejected: number;
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
  rowsLoaded: number;
  rejects: RejectedLine[];
  message: string;
}

export class RunError extends Error {
  constructor(
    message: string,
    readonly runId: number,
  ) {
    super(message);
    this.name = 'RunError';
  }
}

/** The configured inputs if any; otherwise the publisher's endpoints with --live, the bundled fixtures without. */
export function selectInputs(pipeline: Pipeline, config: Config, live: boolean): PipelineInput[] {
  return config.pipelines[pipeline.name]?.inputs ?? (live ? pipeline.liveInputs : pipeline.demoInputs);
}

export function workingPath(config: Config): string {
  return join(config.workDir, 'centinela.duckdb');
}

/**
 * One run: acquire inputs → load raw → transform → checks → detect, all in one transaction, then publish.
 * Anything that fails rolls the whole transaction back, so the working warehouse is as it was, and the published
 * file is untouched; the failure itself (ledger rows, rejected lines) is then recorded.
 */
export async function runPipelines(opts: RunOptions): Promise<RunSummary> {
  const { config } = opts;
  const log = opts.log ?? (() => {});
  const workPath = workingPath(config);
  mkdirSync(config.workDir, { recursive: true });
  if (!existsSync(workPath) && existsSync(config.warehouse)) copyFileSync(config.warehouse, workPath);

  const wh = await openWarehouse(workPath);
  const db = wh.connection;
  let runId = 0;
  try {
    await migrate(db);
    const known = opts.allPipelines ?? opts.pipelines;
    for (const pipeline of known) await ensureRawTable(db, pipeline);
    runId = await queryValue<number>(db, "SELECT nextval('meta.run_id_seq')::BIGINT");
    await db.run(
      `INSERT INTO meta.runs (run_id, command, trigger, started_at, status) VALUES ($1, $2, $3, now(), 'running')`,
      [runId, opts.command, opts.trigger ?? 'manual'],
    );

    const acquired: { pipeline: Pipeline; input: AcquiredInput }[] = [];
    if (opts.ingest) {
      for (const pipeline of opts.pipelines) {
        for (const input of selectInputs(pipeline, config, opts.live ?? false)) {
          acquired.push({ pipeline, input: await acquire(input, { source: pipeline.name, config, log }) });
        }
      }
    }

    const failed: FailedLoad[] = [];
    let summary: Omit<RunSummary, 'published'>;
    try {
      summary = await inTransaction(db, async () => {
        const loads: LoadSummary[] = [];
        const skipped: RunSummary['skipped'] = [];
        for (const { pipeline, input } of acquired) {
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
          await transform(db, known);
          const problem = describeFailedChecks(await runChecks(db));
          if (problem) throw new Error(problem);
          if (opts.detect) {
            detection = await detectAll(db, runId, config.detect);
            log(
              `detect: ${detection.series} series, ${detection.alarms} alarm(s) in ${detection.rows} verdicts`,
            );
          }
        }
        return {
          runId,
          status: changed ? 'succeeded' : 'no_new_data',
          loads,
          skipped,
          detection,
          demo: acquired.some((a) => a.input.demo),
        };
      });
    } catch (error) {
      await recordFailure(db, runId, failed, (error as Error).message);
      throw new RunError((error as Error).message, runId);
    }
    const rowsLoaded = summary.loads.reduce((n, l) => n + l.rowsLoaded, 0);
    await db.run(
      'UPDATE meta.runs SET finished_at = now(), status = $2, loads_done = $3, rows_loaded = $4 WHERE run_id = $1',
      [runId, summary.status, summary.loads.length, rowsLoaded],
    );
    await db.run('CHECKPOINT');
    wh.closeSync();
    const mustPublish = summary.status === 'succeeded' || !existsSync(config.warehouse);
    if (mustPublish) publishSync(workPath, config.warehouse);
    return { ...summary, published: mustPublish ? config.warehouse : null };
  } catch (error) {
    if (!(error instanceof RunError) && runId > 0) {
      await recordFailure(db, runId, [], (error as Error).message).catch(() => {});
    }
    throw error instanceof RunError ? error : new RunError((error as Error).message, runId);
  } finally {
    try {
      wh.closeSync();
    } catch {
      // already closed after a successful run
    }
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
    failed.push({
      source: pipeline.name,
      input,
      layout: null,
      rowsLoaded: 0,
      rejects: [],
      message: (error as Error).message,
    });
    throw error;
  }
  if (result.rejects.length > pipeline.maxRejectedRows) {
    const first = result.rejects[0] as RejectedLine;
    const error = new InputError(
      {
        source: pipeline.name,
        origin: snapshot.origin,
        line: first.line ?? undefined,
        column: first.column ?? undefined,
      },
      `${first.message}; ${result.rejects.length} line(s) rejected (at most ${pipeline.maxRejectedRows} allowed), see meta.rejects`,
    );
    failed.push({
      source: pipeline.name,
      input,
      layout: result.layout,
      rowsLoaded: 0,
      rejects: result.rejects,
      message: error.message,
    });
    throw error;
  }
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
    message: null,
    started,
  });
  await insertRejects(db, loadId, pipeline.name, snapshot.origin, result.rejects);
  log(
    `${pipeline.name}: loaded ${result.rowsLoaded} rows from ${snapshot.origin} (${result.layout}, vintage ${input.vintage}${input.demo ? ', demo data' : ''})`,
  );
  return {
    source: pipeline.name,
    origin: snapshot.origin,
    loadId,
    vintage: input.vintage,
    layout: result.layout,
    rowsLoaded: result.rowsLoaded,
    rowsRejected: result.rejects.length,
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
    `INSERT INTO meta.loads VALUES ($1, $2, $3, $4, $5::DATE, $6, $7, $8, $9, $10, $11, $12, $13, $14::TIMESTAMPTZ, now())`,
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
      "UPDATE meta.runs SET finished_at = now(), status = 'failed', error = $2 WHERE run_id = $1",
      [runId, message],
    );
  });
}
