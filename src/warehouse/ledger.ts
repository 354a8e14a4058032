/**
 * The ledger tables (meta.runs, meta.run_sources, meta.loads, meta.rejects, meta.snapshots): every insert names its
 * columns, so a migration that adds one cannot shift the others.
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RejectedLine } from '../core/load.ts';
import type { Pipeline } from '../core/pipeline.ts';
import { openWarehouse, queryRows, queryValue } from './connection.ts';

/** Statuses of a run that published data: the state a reader of the published file sees. */
export const PUBLISHING_STATUSES = ['succeeded', 'partial'] as const;
const publishing = `status IN (${PUBLISHING_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export type RunStatus = 'succeeded' | 'partial' | 'no_new_data' | 'failed' | 'interrupted';
export type SourceStatus = 'loaded' | 'no_new_data' | 'failed' | 'interrupted';

export interface RunStart {
  runId: number;
  command: string;
  trigger: string;
  job: string;
  cause: string | null;
  attempt: number;
  retryOf: number | null;
  scheduledFor: Date | null;
  pid: number;
  host: string;
}

export async function nextRunId(db: DuckDBConnection): Promise<number> {
  return queryValue<number>(db, "SELECT nextval('meta.run_id_seq')::BIGINT");
}

export async function nextLoadId(db: DuckDBConnection): Promise<number> {
  return queryValue<number>(db, "SELECT nextval('meta.load_id_seq')::BIGINT");
}

export async function insertRun(db: DuckDBConnection, r: RunStart): Promise<void> {
  await db.run(
    `INSERT INTO meta.runs (run_id, command, trigger, started_at, status, job, cause, attempt, retry_of, scheduled_for,
       pid, host)
     VALUES ($runId, $command, $trigger, now(), 'running', $job, $cause, $attempt, $retryOf,
       $scheduledFor::TIMESTAMPTZ, $pid, $host)`,
    {
      runId: r.runId,
      command: r.command,
      trigger: r.trigger,
      job: r.job,
      cause: r.cause,
      attempt: r.attempt,
      retryOf: r.retryOf,
      scheduledFor: r.scheduledFor ? r.scheduledFor.toISOString() : null,
      pid: r.pid,
      host: r.host,
    },
  );
}

/**
 * The run's outcome. Written by the clock, not now(): inside a transaction now() is the transaction's start. The
 * counts are left as they are when not given (a failed run keeps none).
 */
export async function finishRun(
  db: DuckDBConnection,
  runId: number,
  r: {
    status: RunStatus;
    error: string | null;
    errorKind: string | null;
    loadsDone?: number;
    rowsLoaded?: number;
  },
): Promise<void> {
  await db.run(
    `UPDATE meta.runs SET finished_at = $finishedAt::TIMESTAMPTZ, status = $status, error = $error,
       error_kind = $errorKind, loads_done = coalesce($loadsDone, loads_done),
       rows_loaded = coalesce($rowsLoaded, rows_loaded)
     WHERE run_id = $runId`,
    {
      runId,
      finishedAt: new Date().toISOString(),
      status: r.status,
      error: r.error,
      errorKind: r.errorKind,
      loadsDone: r.loadsDone ?? null,
      rowsLoaded: r.rowsLoaded ?? null,
    },
  );
}

/** A note on a run that has already ended (e.g. committed, but not published). */
export async function noteRunError(
  db: DuckDBConnection,
  runId: number,
  error: string,
  errorKind: string,
): Promise<void> {
  await db.run('UPDATE meta.runs SET error = $error, error_kind = $errorKind WHERE run_id = $runId', {
    runId,
    error,
    errorKind,
  });
}

export interface RunSourceRecord {
  runId: number;
  source: string;
  status: SourceStatus;
  loadsDone: number;
  rowsLoaded: number;
  error: string | null;
  errorKind: string | null;
  startedAt: Date;
}

export async function insertRunSource(db: DuckDBConnection, r: RunSourceRecord): Promise<void> {
  await db.run(
    `INSERT INTO meta.run_sources (run_id, source, status, loads_done, rows_loaded, error, error_kind, started_at,
       finished_at)
     VALUES ($runId, $source, $status, $loadsDone, $rowsLoaded, $error, $errorKind, $startedAt::TIMESTAMPTZ,
       $finishedAt::TIMESTAMPTZ)`,
    {
      runId: r.runId,
      source: r.source,
      status: r.status,
      loadsDone: r.loadsDone,
      rowsLoaded: r.rowsLoaded,
      error: r.error,
      errorKind: r.errorKind,
      startedAt: r.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    },
  );
}

export interface SnapshotRecord {
  sha256: string;
  source: string;
  origin: string;
  relPath: string;
  bytes: number;
  contentType: string | null;
  fetchedAt: Date;
}

export async function insertSnapshot(db: DuckDBConnection, s: SnapshotRecord): Promise<void> {
  await db.run(
    `INSERT INTO meta.snapshots (sha256, source, origin, path, bytes, content_type, fetched_at)
     VALUES ($sha256, $source, $origin, $path, $bytes, $contentType, $fetchedAt::TIMESTAMPTZ)
     ON CONFLICT DO NOTHING`,
    {
      sha256: s.sha256,
      source: s.source,
      origin: s.origin,
      path: s.relPath,
      bytes: s.bytes,
      contentType: s.contentType,
      fetchedAt: s.fetchedAt.toISOString(),
    },
  );
}

export interface LoadRecord {
  loadId: number;
  runId: number;
  source: string;
  origin: string;
  vintage: string;
  sha256: string;
  layout: string | null;
  demo: boolean;
  rowsRead: number;
  rowsLoaded: number;
  rejected: number;
  status: 'loaded' | 'failed';
  message: string | null;
  started: Date;
  /** How far the release reaches (src/core/releaseScope.ts): all, periods or none. */
  releaseScope: string;
}

export async function insertLoad(db: DuckDBConnection, l: LoadRecord): Promise<void> {
  await db.run(
    `INSERT INTO meta.loads (load_id, run_id, source, origin, vintage, sha256, shape, demo, rows_read, rows_loaded,
       rows_rejected, status, message, started_at, finished_at, release_scope)
     VALUES ($loadId, $runId, $source, $origin, $vintage::DATE, $sha256, $shape, $demo, $rowsRead, $rowsLoaded,
       $rejected, $status, $message, $started::TIMESTAMPTZ, now(), $releaseScope)`,
    {
      loadId: l.loadId,
      runId: l.runId,
      source: l.source,
      origin: l.origin,
      vintage: l.vintage,
      sha256: l.sha256,
      shape: l.layout,
      demo: l.demo,
      rowsRead: l.rowsRead,
      rowsLoaded: l.rowsLoaded,
      rejected: l.rejected,
      status: l.status,
      message: l.message,
      started: l.started.toISOString(),
      releaseScope: l.releaseScope,
    },
  );
}

export async function insertRejects(
  db: DuckDBConnection,
  loadId: number,
  source: string,
  origin: string,
  rejects: RejectedLine[],
): Promise<void> {
  for (const r of rejects) {
    await db.run(
      `INSERT INTO meta.rejects (load_id, source, origin, line, column_name, error_type, csv_line, message)
       VALUES ($loadId, $source, $origin, $line, $column, $errorType, $csvLine, $message)`,
      {
        loadId,
        source,
        origin,
        line: r.line,
        column: r.column,
        errorType: r.errorType,
        csvLine: r.csvLine,
        message: r.message,
      },
    );
  }
}

/** The first load that kept these bytes for the source, if any: the same bytes are never loaded twice. */
export async function priorLoad(
  db: DuckDBConnection,
  source: string,
  sha256: string,
): Promise<number | null> {
  const rows = await queryRows<{ load_id: number }>(
    db,
    "SELECT load_id FROM meta.loads WHERE source = $1 AND sha256 = $2 AND status = 'loaded' ORDER BY load_id LIMIT 1",
    [source, sha256],
  );
  return rows[0]?.load_id ?? null;
}

/** The last run that published data (succeeded or partial); null before the first. */
export async function lastPublishingRun(db: DuckDBConnection): Promise<number | null> {
  return queryValue<number | null>(db, `SELECT max(run_id) FROM meta.runs WHERE ${publishing}`);
}

/**
 * Loads kept after the last run that published: their source committed them, but the run did not get to rebuild
 * analytics, check, detect and publish (it failed in a cross-source step, or was killed). The next run does.
 */
export async function unpublishedLoads(db: DuckDBConnection): Promise<number> {
  return queryValue<number>(
    db,
    `SELECT count(*) FROM meta.loads
     WHERE status = 'loaded' AND run_id > coalesce((SELECT max(run_id) FROM meta.runs WHERE ${publishing}), 0)`,
  );
}

/** Runs left 'running' by a process that ended without finishing them (the caller holds the writer lock). */
export async function markAbandonedRuns(
  db: DuckDBConnection,
): Promise<{ run_id: number; pid: number | null }[]> {
  return queryRows<{ run_id: number; pid: number | null }>(
    db,
    `UPDATE meta.runs SET status = 'abandoned', finished_at = now(), error_kind = 'abandoned',
       error = coalesce(error, 'the process running it ended before it finished (killed, or the machine stopped); the source it was loading was rolled back, and the sources it had committed are published by the next run')
     WHERE status = 'running' RETURNING run_id, pid`,
  );
}

/** True when the published warehouse at `path` (opened read-only: a run works on its own copy) holds a successful load of `origin`. */
export async function hasPublishedLoad(path: string, source: string, origin: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    const loads = await queryValue<number>(
      wh.connection,
      "SELECT count(*) FROM meta.loads WHERE source = $1 AND origin = $2 AND status = 'loaded'",
      [source, origin],
    );
    return Number(loads) > 0;
  } finally {
    wh.closeSync();
  }
}

/** What the report calls each source and how it groups it, from the definitions (meta.sources; one row a source). */
export async function writeSourceLabels(db: DuckDBConnection, pipelines: Pipeline[]): Promise<void> {
  for (const p of pipelines) {
    await db.run(
      `INSERT OR REPLACE INTO meta.sources (name, label_en, label_es, description_en, description_es, fiscal_years)
       VALUES ($name, $labelEn, $labelEs, $descriptionEn, $descriptionEs, $fiscalYears)`,
      {
        name: p.name,
        labelEn: p.labels?.name.en ?? p.title.en,
        labelEs: p.labels?.name.es ?? p.title.es,
        descriptionEn: p.labels?.description?.en ?? null,
        descriptionEs: p.labels?.description?.es ?? null,
        fiscalYears: p.fiscalYears,
      },
    );
  }
}
