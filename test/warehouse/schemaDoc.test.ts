import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { codeSchemaVersion } from '../../src/cli/writeSchema.ts';
import { sqlDir } from '../../src/core/paths.ts';
import {
  EXAMPLE_QUERIES,
  generateSchemaDoc,
  SCHEMA_DOC_PATH,
  schemaDocFor,
  undocumented,
} from '../../src/schemaDoc/index.ts';
import { queryRows, queryValue } from '../../src/warehouse/connection.ts';
import { openDemoWarehouseForSuite } from './demoWarehouse.ts';

describe('docs/schema.md', () => {
  it('is up to date with the schema the code defines (run "npx centinela schema" to regenerate it)', async () => {
    const { markdown } = await generateSchemaDoc(pipelines);
    const committed = readFileSync(SCHEMA_DOC_PATH, 'utf8');
    // A plain equality check prints a useless 80 kB diff; name the first line that differs instead.
    const a = committed.split('\n');
    const b = markdown.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    expect(
      line < 0 && a.length === b.length
        ? 'up to date'
        : `stale at line ${line + 1}: committed ${JSON.stringify(a[line])}, generated ${JSON.stringify(b[line])}`,
    ).toBe('up to date');
  });

  it('describes every schema, table, view, column and macro', async () => {
    const { catalogue } = await generateSchemaDoc(pipelines);
    expect(undocumented(catalogue)).toEqual([]);
    expect(catalogue.schemas.map((s) => s.name)).toEqual(['raw', 'staging', 'analytics', 'meta']);
    for (const p of pipelines) {
      expect(catalogue.schemas.find((s) => s.name === 'raw')?.relations.map((r) => r.name)).toContain(p.name);
    }
    const macros = catalogue.schemas.find((s) => s.name === 'analytics')?.macros.map((m) => m.name);
    expect(macros).toEqual(['alerts_as_of', 'observations_as_of']);
  });
});

describe('the catalogue of a warehouse built by a demo run', () => {
  const demo = openDemoWarehouseForSuite();

  it('gives the same document as the schema-only build (what a run publishes is what docs/schema.md says)', async () => {
    const fromRun = await schemaDocFor(demo.get());
    const fromCode = await generateSchemaDoc(pipelines);
    expect(fromRun.catalogue).toEqual(fromCode.catalogue);
    expect(fromRun.markdown).toBe(readFileSync(SCHEMA_DOC_PATH, 'utf8'));
  });

  it.each(EXAMPLE_QUERIES.map((e) => [e.title, e] as const))(
    'runs the example: %s',
    async (_title, example) => {
      const rows = await queryRows(demo.get().connection, example.sql);
      if (example.rows) expect(rows.length).toBeGreaterThan(0);
    },
  );

  it('records its schema version in meta.info, in step with the migrations', async () => {
    const files = readdirSync(join(sqlDir, 'schema')).filter((f) => f.endsWith('.sql'));
    const latest = Math.max(...files.map((f) => Number.parseInt(f, 10)));
    expect(codeSchemaVersion()).toBe(latest);
    expect(
      Number(
        await queryValue<string>(
          demo.get().connection,
          "SELECT value FROM meta.info WHERE key = 'schema_version'",
        ),
      ),
    ).toBe(latest);
    expect(
      await queryValue<string>(
        demo.get().connection,
        "SELECT value FROM meta.info WHERE key = 'schema_migration'",
      ),
    ).toBe(files.sort().at(-1));
    expect(
      await queryValue<string>(demo.get().connection, "SELECT value FROM meta.info WHERE key = 'demo'"),
    ).toBe('true');
    const lastRun = await queryValue<number>(
      demo.get().connection,
      "SELECT max(run_id) FROM meta.runs WHERE status = 'succeeded'",
    );
    expect(
      await queryValue<string>(
        demo.get().connection,
        "SELECT value FROM meta.info WHERE key = 'last_run_id'",
      ),
    ).toBe(String(lastRun));
  });

  it('describes every schema that holds something in meta.schemas (DuckDB has no COMMENT ON SCHEMA)', async () => {
    const missing = await queryRows(
      demo.get().connection,
      `SELECT DISTINCT schema_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name <> 'main'
       EXCEPT SELECT schema_name FROM meta.schemas`,
    );
    expect(missing).toEqual([]);
  });
});
