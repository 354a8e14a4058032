/**
 * After DuckDB has bulk-loaded a file, checks in SQL find rows that are well-typed but wrong (an unknown code, a
 * duplicate key). Those rows are named by a few text columns; this finds their lines in the file, so that each
 * problem is reported with file, line and column like any rejected line.
 */
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedString } from '@duckdb/node-api';
import type { CsvLoadResult, CsvLoadTarget, FileColumn, RejectedLine } from '../core/load.ts';
import { sqlDir } from '../core/paths.ts';
import type { Pipeline } from '../core/pipeline.ts';
import { scanCsvFile } from '../csv/records.ts';
import { queryRows } from './connection.ts';
import { loadCsv } from './loadCsv.ts';

/** One problem found in SQL: the raw text of the key columns (NULL as ''), the CSV column at fault, and why. */
export interface RowProblem {
  key: string[];
  column: string;
  errorType: string;
  message: string;
}

export const MAX_LOCATED_REJECTS = 1000;

/**
 * A seed CSV's path as a SQL string literal (seeds are read directly: at load time the seed tables may not exist):
 * a shared seed of sql/seeds, or one of a source's own (its folder's seeds/).
 */
export function seedPath(file: string, folder = join(sqlDir, 'seeds')): string {
  return quotedString(join(folder, file));
}

/**
 * Runs a problems query (columns: k0…kN as text, column, error_type, message) and locates every problem's lines in
 * the file; at most MAX_LOCATED_REJECTS lines are returned, in file order.
 */
async function findRowProblems(
  connection: DuckDBConnection,
  sql: string,
  params: Record<string, string | number>,
  keyCount: number,
): Promise<RowProblem[]> {
  const rows = await queryRows<Record<string, string | null>>(connection, sql, params);
  return rows.map((r) => ({
    key: Array.from({ length: keyCount }, (_, i) => r[`k${i}`] ?? ''),
    column: r.column ?? '',
    errorType: r.error_type ?? 'INVALID',
    message: r.message ?? 'invalid row',
  }));
}

async function locateRowProblems(
  path: string,
  opts: { delimiter?: string; encoding?: 'utf-8' | 'latin-1' },
  columns: readonly FileColumn[],
  keyColumns: string[],
  problems: RowProblem[],
): Promise<RejectedLine[]> {
  const indexes = keyColumns.map((raw) => {
    const i = columns.findIndex((c) => c.raw === raw);
    if (i < 0) throw new Error(`the file has no column for ${raw}`);
    return i;
  });
  const byKey = new Map<string, RowProblem[]>();
  for (const p of problems) {
    const k = p.key.join('\u0000');
    byKey.set(k, [...(byKey.get(k) ?? []), p]);
  }
  const rejects: RejectedLine[] = [];
  const found = new Set<RowProblem>();
  await scanCsvFile(path, opts, (record) => {
    const key = indexes.map((i) => record.fields[i] ?? '').join('\u0000');
    for (const p of byKey.get(key) ?? []) {
      found.add(p);
      rejects.push({
        line: record.line,
        column: p.column,
        errorType: p.errorType,
        csvLine: record.text,
        message: p.message,
      });
    }
    return rejects.length < MAX_LOCATED_REJECTS;
  });
  for (const p of problems) {
    if (!found.has(p) && rejects.length < MAX_LOCATED_REJECTS) {
      rejects.push({
        line: null,
        column: p.column,
        errorType: p.errorType,
        csvLine: null,
        message: p.message,
      });
    }
  }
  return rejects;
}

/**
 * Checks the rows one load put in raw with a problems query (its parameter: $load_id) and locates each problem in
 * the loaded file through the key columns, found where loadCsv found them in the file. Empty when every row passes.
 */
export async function rejectRowProblems(
  connection: DuckDBConnection,
  pipeline: Pipeline,
  target: CsvLoadTarget,
  loaded: CsvLoadResult,
  sql: string,
  keyColumns: string[],
): Promise<RejectedLine[]> {
  const problems = await findRowProblems(connection, sql, { load_id: target.loadId }, keyColumns.length);
  if (problems.length === 0) return [];
  if (!loaded.columns) throw new Error(`${pipeline.name}: the load did not say which column is where`);
  return locateRowProblems(target.path, pipeline.csv, loaded.columns, keyColumns, problems);
}

/**
 * A pipeline's load hook: DuckDB bulk-loads the file, then the rows `problemsSql` finds wrong are rejected with their
 * file, line and column (a file with badly typed lines is reported as such first).
 */
export function loadRejectingRowProblems(problemsSql: () => string, keyColumns: string[]) {
  return async (
    connection: DuckDBConnection,
    pipeline: Pipeline,
    target: CsvLoadTarget,
  ): Promise<CsvLoadResult> => {
    const result = await loadCsv(connection, pipeline, target);
    if (result.rejects.length > 0) return result;
    const rejects = await rejectRowProblems(connection, pipeline, target, result, problemsSql(), keyColumns);
    return { ...result, rejects };
  };
}
