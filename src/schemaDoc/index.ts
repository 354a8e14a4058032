import { join } from 'node:path';
import { projectRoot } from '../core/paths.ts';
import type { Pipeline } from '../core/pipeline.ts';
import { openWarehouse, type Warehouse } from '../warehouse/connection.ts';
import { migrate } from '../warehouse/migrate.ts';
import { ensureRawTable } from '../warehouse/rawTable.ts';
import { transform } from '../warehouse/transform.ts';
import { type Catalogue, readCatalogue } from './catalogue.ts';
import { EXAMPLE_QUERIES } from './examples.ts';
import { renderSchemaDoc } from './markdown.ts';

export { type Catalogue, readCatalogue, undocumented } from './catalogue.ts';
export { EXAMPLE_QUERIES, type ExampleQuery } from './examples.ts';
export { renderSchemaDoc } from './markdown.ts';

/** Where the generated schema documentation lives in the project. */
export const SCHEMA_DOC_PATH = join(projectRoot, 'docs/schema.md');

/**
 * A warehouse with the schema the code defines and no data: every migration, a raw table per pipeline, the seeds,
 * staging views and analytics tables (empty but typed), the macros. Its catalogue is what a run would publish; that
 * a demo run gives the same document is checked by test/warehouse/schemaDoc.test.ts.
 */
export async function buildSchemaOnlyWarehouse(pipelines: Pipeline[], path = ':memory:'): Promise<Warehouse> {
  const wh = await openWarehouse(path);
  try {
    await migrate(wh.connection);
    for (const p of pipelines) await ensureRawTable(wh.connection, p);
    await transform(wh.connection, pipelines);
    return wh;
  } catch (error) {
    wh.closeSync();
    throw error;
  }
}

/** docs/schema.md for an open warehouse. */
export async function schemaDocFor(wh: Warehouse): Promise<{ markdown: string; catalogue: Catalogue }> {
  const catalogue = await readCatalogue(wh.connection);
  return { markdown: renderSchemaDoc(catalogue, EXAMPLE_QUERIES), catalogue };
}

/** docs/schema.md for the schema the code defines (with these pipelines). */
export async function generateSchemaDoc(
  pipelines: Pipeline[],
): Promise<{ markdown: string; catalogue: Catalogue }> {
  const wh = await buildSchemaOnlyWarehouse(pipelines);
  try {
    return await schemaDocFor(wh);
  } finally {
    wh.closeSync();
  }
}
