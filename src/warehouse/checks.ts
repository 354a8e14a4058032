import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, type Row } from './connection.ts';
import { readSqlFilesSync } from './sqlFiles.ts';

export interface CheckResult {
  name: string;
  failing: number;
  sample: Row[];
}

/** Runs every sql/checks query; each returns offending rows, so an empty result is a pass. */
export async function runChecks(connection: DuckDBConnection): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const file of readSqlFilesSync('checks')) {
    const rows = await queryRows(connection, file.sql);
    results.push(result(checkName(file.name), rows));
  }
  return results;
}

/**
 * The checks that concern one source, for the transaction that loads it: the source's own (`<source>_*.sql`), whole,
 * and the generic ones narrowed to the rows that belong to the source: by their `source` column, or else by their
 * `load_id` (one of the source's loads). Other sources' checks, and generic checks whose rows name no source (the
 * seeds), are left to the checks of the whole run.
 */
export async function runSourceChecks(
  connection: DuckDBConnection,
  source: string,
  sources: string[],
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const file of readSqlFilesSync('checks')) {
    const name = checkName(file.name);
    const owner = checkOwner(name, sources);
    if (owner !== null && owner !== source) continue;
    if (owner === source) {
      results.push(result(name, await queryRows(connection, file.sql)));
      continue;
    }
    const query = file.sql.trim().replace(/;$/, '');
    const columns = new Set(
      (await queryRows<{ column_name: string }>(connection, `DESCRIBE ${query}`)).map((c) => c.column_name),
    );
    // As a filter on the query, DuckDB pushes it down into the union of the staging views: only the source is read.
    const narrowed = columns.has('source')
      ? `SELECT * FROM (\n${query}\n) AS c WHERE c.source = $source`
      : columns.has('load_id')
        ? `SELECT * FROM (\n${query}\n) AS c WHERE c.load_id IN (SELECT load_id FROM meta.loads WHERE source = $source)`
        : null;
    if (narrowed) results.push(result(name, await queryRows(connection, narrowed, { source })));
  }
  return results;
}

/** The source a check belongs to, by its name (`cdc_vsrr_county_keys_unique` → cdc_vsrr_county); null if generic. */
export function checkOwner(name: string, sources: string[]): string | null {
  let owner: string | null = null;
  for (const s of sources) {
    if ((name === s || name.startsWith(`${s}_`)) && s.length > (owner?.length ?? 0)) owner = s;
  }
  return owner;
}

/** Data checks returned offending rows: the data is wrong, not the code, so a job does not retry it. */
export class ChecksFailedError extends Error {
  constructor(readonly failed: CheckResult[]) {
    super(
      failed
        .map(
          (r) =>
            `check ${r.name} failed: ${r.failing} offending row(s), e.g. ${JSON.stringify(r.sample[0], jsonSafe)}`,
        )
        .join('\n'),
    );
    this.name = 'ChecksFailedError';
  }
}

/** Throws ChecksFailedError naming every check that returned rows; returns when none did. */
export function assertChecksPass(results: CheckResult[]): void {
  const failed = results.filter((r) => r.failing > 0);
  if (failed.length > 0) throw new ChecksFailedError(failed);
}

function checkName(file: string): string {
  return file.replace(/\.sql$/, '');
}

function result(name: string, rows: Row[]): CheckResult {
  return { name, failing: rows.length, sample: rows.slice(0, 3) };
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}
