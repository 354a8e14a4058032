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
    results.push({ name: file.name.replace(/\.sql$/, ''), failing: rows.length, sample: rows.slice(0, 3) });
  }
  return results;
}

export function describeFailedChecks(results: CheckResult[]): string | null {
  const failed = results.filter((r) => r.failing > 0);
  if (failed.length === 0) return null;
  return failed
    .map(
      (r) =>
        `check ${r.name} failed: ${r.failing} offending row(s), e.g. ${JSON.stringify(r.sample[0], jsonSafe)}`,
    )
    .join('\n');
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}
