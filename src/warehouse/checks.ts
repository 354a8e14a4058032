import type { DuckDBConnection } from '@duckdb/node-api';
import type { Pipeline } from '../core/pipeline.ts';
import { queryRows, type Row } from './connection.ts';
import { declaredChecks } from './declaredChecks.ts';
import { readSourceSqlFilesSync, readSqlFilesSync } from './sqlFiles.ts';

export interface CheckResult {
  name: string;
  failing: number;
  sample: Row[];
}

/** One data check: a query returning the offending rows, and the source it belongs to (null: generic). */
export interface CheckQuery {
  name: string;
  sql: string;
  owner: string | null;
}

/**
 * Every check of a run, in name order: the generic ones of sql/checks (a `<source>_…` file there still belongs to its
 * source), and each source's own: its folder's checks/<name>.sql, named `<source>_<name>`, and the generic checks its
 * definition declares (keys unique, codes mapped, periods in range, suppression: src/warehouse/declaredChecks.ts).
 */
export function collectChecks(pipelines: Pipeline[]): CheckQuery[] {
  const names = pipelines.map((p) => p.name);
  const generic = readSqlFilesSync('checks').map((file) => {
    const name = checkName(file.name);
    return { name, sql: file.sql, owner: checkOwner(name, names) };
  });
  const own = pipelines.flatMap((p) => [
    ...readSourceSqlFilesSync(p, 'checks').map((file) => ({
      name: `${p.name}_${checkName(file.name)}`,
      sql: file.sql,
      owner: p.name,
    })),
    ...declaredChecks(p).map((check) => ({ ...check, owner: p.name })),
  ]);
  const all = [...generic, ...own].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const twice = all.find((c, i) => i > 0 && all[i - 1]?.name === c.name);
  if (twice) throw new Error(`check ${twice.name} is defined twice`);
  return all;
}

/** Runs every check of the pipelines; each returns offending rows, so an empty result is a pass. */
export async function runChecks(connection: DuckDBConnection, pipelines: Pipeline[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of collectChecks(pipelines)) {
    results.push(result(check.name, await queryRows(connection, check.sql)));
  }
  return results;
}

/**
 * The checks that concern one source, for the transaction that loads it: the source's own, whole, and the generic
 * ones narrowed to the rows that belong to the source: by their `source` column, or else by their `load_id` (one of
 * the source's loads). Other sources' checks, and generic checks whose rows name no source (the seeds), are left to
 * the checks of the whole run.
 */
export async function runSourceChecks(
  connection: DuckDBConnection,
  source: string,
  pipelines: Pipeline[],
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of collectChecks(pipelines)) {
    const { name, owner } = check;
    if (owner !== null && owner !== source) continue;
    if (owner === source) {
      results.push(result(name, await queryRows(connection, check.sql)));
      continue;
    }
    const query = check.sql.trim().replace(/;$/, '');
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
