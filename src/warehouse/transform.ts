import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from './connection.ts';
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
  await copyObservationComments(connection);
}

/** Staging views have the shape of analytics.observations: their columns get the same documentation. */
async function copyObservationComments(connection: DuckDBConnection): Promise<void> {
  const rows = await queryRows<{ view: string; column_name: string; comment: string }>(
    connection,
    `SELECT v.schema_name || '.' || v.table_name AS view, v.column_name, o.comment
     FROM duckdb_columns() AS v
     JOIN duckdb_columns() AS o
       ON o.schema_name = 'analytics' AND o.table_name = 'observations' AND o.column_name = v.column_name
     WHERE v.schema_name = 'staging' AND v.comment IS NULL AND o.comment IS NOT NULL`,
  );
  for (const r of rows) {
    await connection.run(
      `COMMENT ON COLUMN ${r.view}.${r.column_name} IS '${r.comment.replaceAll("'", "''")}'`,
    );
  }
}
