import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, queryRows } from './connection.ts';
import { readSqlFilesSync } from './sqlFiles.ts';

/** Applies the sql/schema files not applied yet (file name prefix = version), each in its own transaction. */
export async function migrate(connection: DuckDBConnection): Promise<{ applied: string[]; version: number }> {
  await connection.run(`CREATE SCHEMA IF NOT EXISTS meta;
    CREATE TABLE IF NOT EXISTS meta.schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL);
    COMMENT ON TABLE meta.schema_migrations IS 'Schema files (sql/schema) applied to this warehouse, in order.';
    COMMENT ON COLUMN meta.schema_migrations.version IS 'Number at the start of the file name.';
    COMMENT ON COLUMN meta.schema_migrations.name IS 'File name.';
    COMMENT ON COLUMN meta.schema_migrations.applied_at IS 'When it was applied.';`);
  const done = new Set(
    (await queryRows<{ version: number }>(connection, 'SELECT version FROM meta.schema_migrations')).map(
      (r) => r.version,
    ),
  );
  const files = readSqlFilesSync('schema');
  const known = Math.max(0, ...files.map((f) => Number.parseInt(f.name, 10)).filter(Number.isInteger));
  let version = Math.max(0, ...done);
  if (version > known)
    throw new Error(
      `warehouse schema version ${version} is newer than this program's (${known}): upgrade Centinela before writing to it`,
    );
  const applied: string[] = [];
  for (const file of files) {
    const fileVersion = Number.parseInt(file.name, 10);
    if (!Number.isInteger(fileVersion))
      throw new Error(`invalid schema file name: "${file.name}" (expected NNN_name.sql)`);
    if (done.has(fileVersion)) continue;
    await inTransaction(connection, async () => {
      try {
        await connection.run(file.sql);
      } catch (error) {
        throw new Error(`schema file ${file.name} failed: ${(error as Error).message}`);
      }
      await connection.run('INSERT INTO meta.schema_migrations VALUES ($version, $name, now())', {
        version: fileVersion,
        name: file.name,
      });
    });
    applied.push(file.name);
    version = Math.max(version, fileVersion);
  }
  return { applied, version };
}
