import type { DuckDBConnection } from '@duckdb/node-api';
import { readSqlFilesSync } from './sqlFiles.ts';

/** Rebuilds seeds, staging views and analytics tables from raw, in that order. */
export async function transform(connection: DuckDBConnection): Promise<void> {
  const files = [
    ...readSqlFilesSync('seeds'),
    ...readSqlFilesSync('staging'),
    ...readSqlFilesSync('analytics'),
  ];
  for (const file of files) {
    try {
      await connection.run(file.sql);
    } catch (error) {
      throw new Error(`transform ${file.path}: ${(error as Error).message}`);
    }
  }
}
