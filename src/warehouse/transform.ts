import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedString } from '@duckdb/node-api';
import type { Pipeline } from '../core/pipeline.ts';
import { queryRows } from './connection.ts';
import { SHAPES, type ShapeName } from './shapes.ts';
import { readSeedFilesSync, readSqlFilesSync, seedFolders, stagingSelect } from './sqlFiles.ts';

/**
 * Rebuilds, in order: the seeds (sql/seeds, then each source folder's seeds/); one staging view per pipeline (its SELECT, dbt-style); staging.observations and
 * staging.population, the unions of those views; then the analytics tables.
 */
export async function transform(connection: DuckDBConnection, pipelines: Pipeline[]): Promise<void> {
  await rebuildStaging(connection, pipelines);
  for (const file of readSqlFilesSync('analytics')) await runFile(connection, file.path, file.sql);
  const shapeOf: Record<string, ShapeName> = Object.fromEntries([
    ...(Object.keys(SHAPES) as ShapeName[]).map((shape) => [shape, shape]),
    ...pipelines.map((p) => [p.name, p.produces]),
  ]);
  await copyShapeComments(connection, shapeOf);
}

/**
 * What the checks of one source read, for the transaction that loads it: the seeds, the staging views, and the
 * analytics tables of the common shapes (analytics.observations, analytics.population) over the pipelines given —
 * the source alone, so that loading n sources costs n small rebuilds, not n full ones. Series, revisions and rates,
 * and the shape tables over every source, are built by the run's transform() once every source is in.
 */
export async function transformShapes(connection: DuckDBConnection, pipelines: Pipeline[]): Promise<void> {
  await rebuildStaging(connection, pipelines);
  // The shape tables, and release_coverage, which analytics.observations reads to withdraw what a release dropped.
  const shapeTable = new RegExp(
    `^CREATE OR REPLACE TABLE analytics\\.(${[...Object.keys(SHAPES), 'release_coverage'].join('|')}) AS`,
    'm',
  );
  for (const file of readSqlFilesSync('analytics')) {
    if (shapeTable.test(file.sql)) await runFile(connection, file.path, file.sql);
  }
}

async function rebuildStaging(connection: DuckDBConnection, pipelines: Pipeline[]): Promise<void> {
  for (const file of readSeedFilesSync(seedFolders(pipelines)))
    await runFile(connection, file.path, file.sql);
  for (const pipeline of pipelines) {
    const view = `staging.${pipeline.name}`;
    const select = stagingSelect(pipeline);
    await runFile(
      connection,
      view,
      `CREATE OR REPLACE VIEW ${view} AS\n${select.trim().replace(/;$/, '')};\n` +
        `COMMENT ON VIEW ${view} IS ${quotedString(`${pipeline.title.en}, every vintage, in the ${pipeline.produces} shape (see staging.${pipeline.produces}).`)};`,
    );
  }
  for (const shape of Object.keys(SHAPES) as ShapeName[]) {
    await runFile(
      connection,
      `staging.${shape}`,
      unionSql(
        shape,
        pipelines.filter((p) => p.produces === shape),
      ),
    );
  }
}

async function runFile(connection: DuckDBConnection, name: string, sql: string): Promise<void> {
  try {
    await connection.run(sql);
  } catch (error) {
    throw new Error(`transform ${name}: ${(error as Error).message}`);
  }
}

/** One view per shape over every source that yields it; typed and empty when no source does yet. */
function unionSql(shape: ShapeName, sources: Pipeline[]): string {
  const columns = Object.entries(SHAPES[shape]);
  const list = columns.map(([name, type]) => `CAST(${name} AS ${type}) AS ${name}`).join(', ');
  const body =
    sources.length === 0
      ? `SELECT ${columns.map(([name, type]) => `CAST(NULL AS ${type}) AS ${name}`).join(', ')} WHERE false`
      : sources.map((p) => `SELECT ${list} FROM staging.${p.name}`).join('\nUNION ALL\n');
  return (
    `CREATE OR REPLACE VIEW staging.${shape} AS\n${body};\n` +
    `COMMENT ON VIEW staging.${shape} IS ${quotedString(`Every source's ${shape}, every vintage; analytics keeps the latest.`)};`
  );
}

/** Staging views have the shapes of analytics.observations and analytics.population: same column documentation. */
async function copyShapeComments(
  connection: DuckDBConnection,
  shapeOf: Record<string, ShapeName>,
): Promise<void> {
  const rows = await queryRows<{ view: string; column_name: string; shape: string; comment: string }>(
    connection,
    `SELECT v.table_name AS view, v.column_name, o.table_name AS shape, o.comment
     FROM duckdb_columns() AS v
     JOIN duckdb_columns() AS o
       ON o.schema_name = 'analytics' AND o.table_name IN ('observations', 'population') AND o.column_name = v.column_name
     WHERE v.schema_name = 'staging' AND v.comment IS NULL AND o.comment IS NOT NULL`,
  );
  for (const r of rows) {
    if (shapeOf[r.view] !== r.shape) continue;
    await connection.run(
      `COMMENT ON COLUMN staging.${r.view}.${r.column_name} IS ${quotedString(r.comment)}`,
    );
  }
}
