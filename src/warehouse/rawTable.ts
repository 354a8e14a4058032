import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedString } from '@duckdb/node-api';
import type { Pipeline } from '../core/pipeline.ts';
import { queryRows } from './connection.ts';

/**
 * Creates raw.<pipeline> from the pipeline's column list, or adds the columns a newer definition has
 * (raw tables only ever grow: old vintages keep NULL in a column their file did not have).
 */
export async function ensureRawTable(connection: DuckDBConnection, pipeline: Pipeline): Promise<void> {
  const table = `raw.${pipeline.name}`;
  const existing = new Set(
    (
      await queryRows<{ column_name: string }>(
        connection,
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw' AND table_name = $1",
        [pipeline.name],
      )
    ).map((r) => r.column_name),
  );
  const statements: string[] = [];
  if (existing.size === 0) {
    const columns = pipeline.raw.columns.map((c) => `${c.name} ${c.type}`).join(',\n  ');
    statements.push(
      `CREATE TABLE ${table} (\n  load_id BIGINT NOT NULL,\n  vintage DATE NOT NULL,\n  ${columns}\n)`,
    );
  } else {
    for (const c of pipeline.raw.columns) {
      if (!existing.has(c.name)) statements.push(`ALTER TABLE ${table} ADD COLUMN ${c.name} ${c.type}`);
    }
  }
  statements.push(`COMMENT ON TABLE ${table} IS ${quotedString(pipeline.raw.comment)}`);
  statements.push(`COMMENT ON COLUMN ${table}.load_id IS 'Load that wrote the row (meta.loads).'`);
  statements.push(`COMMENT ON COLUMN ${table}.vintage IS 'Release the row came from (meta.loads.vintage).'`);
  for (const c of pipeline.raw.columns)
    statements.push(`COMMENT ON COLUMN ${table}.${c.name} IS ${quotedString(c.comment)}`);
  await connection.run(statements.join(';\n'));
}
