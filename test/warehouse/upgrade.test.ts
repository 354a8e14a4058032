/**
 * Upgrading a warehouse made by an older schema version, in place, without losing data.
 *
 * Older versions are made with the real code: sql/schema (and the SQL files that came with later migrations) is cut
 * back to version N by wrapping readSqlFilesSync, so migrate() and runPipelines() build exactly what a release at
 * version N built. Then the wrapper is lifted and the current code migrates the file. Where the current code cannot run
 * on the previous schema (UNDO), it builds the latest and the last migration is undone.
 */
import { copyFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { sqlDir } from '../../src/core/paths.ts';
import { runPipelines, workingPath } from '../../src/run/run.ts';
import { openWarehouse, queryRows, queryValue, type Warehouse } from '../../src/warehouse/connection.ts';
import { migrate } from '../../src/warehouse/migrate.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';
import { vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';

const cut = vi.hoisted(() => ({ version: Number.POSITIVE_INFINITY }));

/** SQL files that arrived with a migration: hidden while building a warehouse older than that migration. */
const CAME_WITH: Record<string, number> = { '90_as_of_macros.sql': 7 };

vi.mock('../../src/warehouse/sqlFiles.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/warehouse/sqlFiles.ts')>();
  return {
    ...real,
    readSqlFilesSync: (folder: string) =>
      real
        .readSqlFilesSync(folder)
        .filter((f) =>
          folder === 'schema'
            ? Number.parseInt(f.name, 10) <= cut.version
            : (CAME_WITH[f.name] ?? 0) <= cut.version,
        ),
  };
});

/**
 * Ledger writes that came with a migration (the code of that release): skipped while building a warehouse older
 * than it, as that release's code did not make them.
 */
vi.mock('../../src/warehouse/ledger.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/warehouse/ledger.ts')>();
  return {
    ...real,
    insertRunSource: (...args: Parameters<typeof real.insertRunSource>) =>
      cut.version < 10 ? Promise.resolve() : real.insertRunSource(...args),
    writeSourceLabels: (...args: Parameters<typeof real.writeSourceLabels>) =>
      cut.version < 11 ? Promise.resolve() : real.writeSourceLabels(...args),
  };
});

const LATEST = Math.max(
  ...readdirSync(join(sqlDir, 'schema'))
    .filter((f) => f.endsWith('.sql'))
    .map((f) => Number.parseInt(f, 10)),
);

/**
 * Migrations whose code cannot run on the schema before them (a run writes their columns): the warehouse of the
 * previous version is made by the current code, then taken back by this SQL.
 */
const UNDO: Record<number, string> = {
  9: `DROP TABLE analytics.release_coverage;
      ALTER TABLE meta.loads DROP COLUMN release_scope;
      DELETE FROM meta.schema_migrations WHERE version = 9;`,
};

/** Tables renamed by a migration: old name → new name. */
const RENAMED: Record<string, string> = { 'meta.info': 'meta.facts' };

interface TableShape {
  name: string;
  columns: { name: string; type: string; nullable: boolean }[];
}

async function tablesOf(wh: Warehouse): Promise<TableShape[]> {
  const cols = await queryRows<{ t: string; column_name: string; data_type: string; is_nullable: boolean }>(
    wh.connection,
    `SELECT c.schema_name || '.' || c.table_name AS t, c.column_name, c.data_type, c.is_nullable
     FROM duckdb_columns() AS c
     JOIN duckdb_tables() AS t USING (database_name, schema_name, table_name)
     WHERE c.database_name = current_database()
     ORDER BY t, c.column_index`,
  );
  const out = new Map<string, TableShape>();
  for (const c of cols) {
    const t = out.get(c.t) ?? { name: c.t, columns: [] };
    t.columns.push({ name: c.column_name, type: c.data_type, nullable: c.is_nullable });
    out.set(c.t, t);
  }
  return [...out.values()];
}

/** A value of a DuckDB type, distinct per i. */
function literal(type: string, i: number): string {
  if (type === 'VARCHAR') return `'v${i}'`;
  if (['INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'HUGEINT', 'UBIGINT', 'UINTEGER'].includes(type))
    return `${i}`;
  if (type === 'DOUBLE' || type === 'FLOAT') return `${i}.5`;
  if (type === 'DATE') return `DATE '2024-01-01' + ${i}`;
  if (type === 'TIMESTAMP WITH TIME ZONE') return `TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL ${i} HOUR`;
  if (type === 'TIMESTAMP') return `TIMESTAMP '2024-01-01 00:00:00' + INTERVAL ${i} HOUR`;
  if (type === 'BOOLEAN') return i % 2 === 0 ? 'true' : 'false';
  if (type === 'JSON') return `'{"i": ${i}}'`;
  if (type === 'VARCHAR[]') return `['a${i}', 'b${i}']`;
  throw new Error(`no test value for type ${type}: add one`);
}

describe('a warehouse of every older schema version, with rows in every table, migrated to the latest', () => {
  afterAll(() => {
    cut.version = Number.POSITIVE_INFINITY;
  });

  it.each(Array.from({ length: LATEST - 1 }, (_, i) => i + 1))('from version %i', async (version) => {
    cut.version = version;
    const wh = await openWarehouse(':memory:');
    try {
      const built = await migrate(wh.connection);
      expect(built.version).toBe(version);
      const before = await tablesOf(wh);
      for (const t of before) {
        if (t.name === 'meta.schema_migrations') continue; // written by migrate itself
        const values = [1, 2, 3].map((i) => `(${t.columns.map((c) => literal(c.type, i)).join(', ')})`);
        await wh.connection.run(`INSERT INTO ${t.name} VALUES ${values.join(', ')}`);
      }
      // Keep a copy of every row (temporary tables live outside the warehouse's schemas).
      const counts: number[] = [];
      for (const [i, t] of before.entries()) {
        const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
        await wh.connection.run(`CREATE TEMP TABLE before_${i} AS SELECT ${cols} FROM ${t.name}`);
        counts.push(await queryValue<number>(wh.connection, `SELECT count(*) FROM ${t.name}`));
      }

      cut.version = Number.POSITIVE_INFINITY;
      const upgraded = await migrate(wh.connection);
      expect(upgraded.version).toBe(LATEST);
      expect(upgraded.applied).toHaveLength(LATEST - version);
      const after = new Set((await tablesOf(wh)).map((t) => t.name));
      for (const [i, t] of before.entries()) {
        const now = RENAMED[t.name] ?? t.name;
        expect(after.has(now), `${t.name} is still there (as ${now})`).toBe(true);
        const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
        const lost = await queryValue<number>(
          wh.connection,
          `SELECT count(*) FROM (SELECT * FROM before_${i} EXCEPT ALL SELECT ${cols} FROM ${now})`,
        );
        expect(lost, `rows of ${t.name} lost or changed`).toBe(0);
        if (t.name !== 'meta.schema_migrations') {
          // Ours (3), plus any a migration seeded (meta.schemas); none added or dropped by the upgrade.
          expect(counts[i], `rows of ${t.name} before`).toBeGreaterThanOrEqual(3);
          expect(await queryValue(wh.connection, `SELECT count(*) FROM ${now}`), `rows of ${t.name}`).toBe(
            counts[i],
          );
        }
      }
      expect(
        await queryValue(wh.connection, "SELECT value FROM meta.info WHERE key = 'schema_version'"),
      ).toBe(String(LATEST));
      if (before.some((t) => t.name === 'meta.info')) {
        // What programs had written to meta.info is still readable there (now from meta.facts).
        expect(await queryValue(wh.connection, "SELECT value FROM meta.info WHERE key = 'v2'")).toBe('v2');
      }
      // A second migration applies nothing.
      expect((await migrate(wh.connection)).applied).toEqual([]);
    } finally {
      wh.closeSync();
      cut.version = Number.POSITIVE_INFINITY;
    }
  });
});

describe('a published warehouse made by the real pipeline at the previous schema version', () => {
  const PREVIOUS = LATEST - 1;
  let temp: TempConfig;
  let beforePath: string;
  const vsrr = pipelines.filter((p) => p.name === 'cdc_vsrr_state');
  const lines = (values: number[]) =>
    vsrrFile(
      vsrrLines({
        state: 'NM',
        stateName: 'New Mexico',
        indicator: 'Psychostimulants with abuse potential (T43.6)',
        startYear: 2021,
        values,
      }),
    );
  const run = () =>
    runPipelines({
      data: 'demo',
      config: temp.config,
      pipelines: vsrr,
      allPipelines: pipelines,
      command: 'run',
      ingest: true,
      detect: true,
    });
  const input = (name: string, vintage: string) => ({
    kind: 'file' as const,
    path: join(temp.dir, name),
    vintage,
    demo: false,
  });

  beforeAll(async () => {
    // Built from nothing by the cut schema files, not copied from the current empty warehouse.
    temp = tempConfig(undefined, { emptyWarehouse: false });
    writeFileSync(join(temp.dir, 'v1.csv'), lines(Array.from({ length: 30 }, (_, i) => 300 + 3 * i)));
    writeFileSync(join(temp.dir, 'v2.csv'), lines(Array.from({ length: 32 }, (_, i) => 305 + 3 * i)));
    writeFileSync(join(temp.dir, 'v3.csv'), lines(Array.from({ length: 33 }, (_, i) => 310 + 3 * i)));
    const undo = UNDO[LATEST];
    cut.version = undo === undefined ? PREVIOUS : LATEST;
    try {
      temp.config.pipelines.cdc_vsrr_state = { enabled: true, inputs: [input('v1.csv', '2024-03-13')] };
      await run();
      temp.config.pipelines.cdc_vsrr_state.inputs = [input('v2.csv', '2024-05-15')];
      await run();
    } finally {
      cut.version = Number.POSITIVE_INFINITY;
    }
    if (undo !== undefined) {
      const wh = await openWarehouse(temp.config.warehouse);
      try {
        await wh.connection.run(undo);
      } finally {
        wh.closeSync();
      }
      // The next run starts again from the published file.
      rmSync(workingPath(temp.config));
    }
    beforePath = join(temp.dir, 'before.duckdb');
    copyFileSync(temp.config.warehouse, beforePath);
  }, 120_000);
  afterAll(() => temp?.cleanup());

  it(`is at version ${LATEST - 1} before, with data`, async () => {
    const wh = await openWarehouse(beforePath, { readOnly: true });
    try {
      expect(await queryValue(wh.connection, 'SELECT max(version) FROM meta.schema_migrations')).toBe(
        PREVIOUS,
      );
      expect(await queryValue(wh.connection, 'SELECT count(*) FROM raw.cdc_vsrr_state')).toBe(62);
      expect(
        await queryValue<number>(wh.connection, 'SELECT count(*) FROM analytics.alerts'),
      ).toBeGreaterThan(0);
    } finally {
      wh.closeSync();
    }
  });

  it('is upgraded in place by the next run, which loads a new release; nothing it held is lost', async () => {
    temp.config.pipelines.cdc_vsrr_state = { enabled: true, inputs: [input('v3.csv', '2024-07-17')] };
    const summary = await run();
    expect(summary.status).toBe('succeeded');
    const old = await openWarehouse(beforePath, { readOnly: true });
    const now = await openWarehouse(temp.config.warehouse, { readOnly: true });
    try {
      expect(
        await queryValue(now.connection, "SELECT value FROM meta.info WHERE key = 'schema_version'"),
      ).toBe(String(LATEST));
      // Append-only tables: every old row is still there, unchanged (on the columns it had).
      const appendOnly = (await tablesOf(old)).filter(
        (t) =>
          t.name.startsWith('raw.') ||
          t.name.startsWith('meta.') ||
          ['analytics.alerts', 'analytics.trends'].includes(t.name),
      );
      expect(appendOnly.map((t) => t.name)).toContain('raw.cdc_vsrr_state');
      await now.connection.run(`ATTACH '${beforePath}' AS before (READ_ONLY)`);
      for (const t of appendOnly) {
        const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
        const target = RENAMED[t.name] ?? t.name;
        const lost = await queryValue<number>(
          now.connection,
          `SELECT count(*) FROM (SELECT ${cols} FROM before.${t.name} EXCEPT ALL SELECT ${cols} FROM ${target})`,
        );
        // meta.runs: the old runs are unchanged; only the new run was added.
        expect(lost, `rows of ${t.name} lost or changed`).toBe(0);
      }
      // Derived tables are rebuilt, and what they said is still answerable: the observations as of the old latest
      // release are exactly the old analytics.observations.
      const diff = await queryValue<number>(
        now.connection,
        `SELECT count(*) FROM (
           (SELECT * FROM before.analytics.observations
            EXCEPT ALL SELECT * FROM analytics.observations_as_of(DATE '2024-05-15'))
           UNION ALL
           (SELECT * FROM analytics.observations_as_of(DATE '2024-05-15')
            EXCEPT ALL SELECT * FROM before.analytics.observations))`,
      );
      expect(diff).toBe(0);
      expect(await queryValue(now.connection, 'SELECT count(*) FROM raw.cdc_vsrr_state')).toBe(62 + 33);
      // Loads recorded before release scopes existed (schema 9) keep NULL and withdraw nothing; a new load records
      // its scope.
      const oldScope = PREVIOUS < 9 ? null : 'all';
      const scopes = await queryRows(
        now.connection,
        "SELECT release_scope FROM meta.loads WHERE status = 'loaded' ORDER BY load_id",
      );
      expect(scopes).toEqual([
        { release_scope: oldScope },
        { release_scope: oldScope },
        { release_scope: 'all' },
      ]);
      expect(
        await queryRows(
          now.connection,
          "SELECT DISTINCT release_scope FROM analytics.release_coverage WHERE vintage < DATE '2024-07-17'",
        ),
      ).toEqual([{ release_scope: oldScope ?? 'none' }]);
    } finally {
      old.closeSync();
      now.closeSync();
    }
  });
});

describe('a warehouse made by a newer version of Centinela', () => {
  it('is refused before anything is written to it', async () => {
    const wh = await openWarehouse(':memory:');
    try {
      await migrate(wh.connection);
      await wh.connection.run(
        `INSERT INTO meta.schema_migrations VALUES (${LATEST + 1}, '${LATEST + 1}_future.sql', now())`,
      );
      await expect(migrate(wh.connection)).rejects.toThrow(
        `warehouse schema version ${LATEST + 1} is newer than this program's (${LATEST}): upgrade Centinela before writing to it`,
      );
      expect(await queryValue(wh.connection, 'SELECT count(*) FROM meta.schema_migrations')).toBe(LATEST + 1);
    } finally {
      wh.closeSync();
    }
  });
});
