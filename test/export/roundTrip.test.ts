import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_TABLES,
  type ExportFormat,
  type ExportTableName,
  exportWarehouse,
} from '../../src/export/index.ts';
import { openWarehouse, queryRows, queryValue, type Warehouse } from '../../src/warehouse/connection.ts';
import { buildDemoWarehouse, type DemoWarehouse } from '../warehouse/demoWarehouse.ts';
import { csvBack, loadArrowBack, parquetBack, rowDifference } from './readBack.ts';

/**
 * Export, read back, compare: every row and column of the demo warehouse's tables comes back identical (typed
 * comparison in DuckDB, duplicates counted) from Parquet, CSV and Arrow.
 */
describe('exports of the demo warehouse read back as the same rows', () => {
  let demo: DemoWarehouse;
  let db: Warehouse;
  let n = 0;
  beforeAll(async () => {
    demo = await buildDemoWarehouse();
    db = await openWarehouse(':memory:');
    await db.connection.run(`ATTACH '${demo.path}' AS pub (READ_ONLY)`);
    // The as-of macros resolve their tables in the current database (a DuckDB rule for macros): USE it after ATTACH.
    await db.connection.run('USE pub');
  }, 180_000);
  afterAll(() => {
    db?.closeSync();
    demo?.temp.cleanup();
  });

  async function roundTrip(
    format: ExportFormat,
    table: ExportTableName,
    opts: { where?: string; asOf?: string; spreadsheet?: boolean } = {},
  ) {
    const out = join(demo.temp.dir, `export-${++n}`);
    const { manifest } = await exportWarehouse({ warehouse: demo.path, format, out, table, ...opts });
    let back: string;
    if (format === 'parquet') back = parquetBack(out, manifest.columns);
    else if (format === 'csv')
      back = csvBack(join(out, `${table}.csv`), manifest.columns, { spreadsheet: opts.spreadsheet ?? false });
    else
      back = (await loadArrowBack(db.connection, join(out, `${table}.arrow`), manifest.columns, `arrow_${n}`))
        .relation;
    const spec = EXPORT_TABLES[table];
    const relation = (
      opts.asOf !== undefined && 'asOf' in spec ? spec.asOf(opts.asOf) : spec.relation
    ).replace(/^(analytics|staging)\./, 'pub.$1.');
    const original = `SELECT * FROM ${relation}${opts.where ? ` WHERE ${opts.where}` : ''}`;
    const expected = await queryValue<number>(db.connection, `SELECT count(*) FROM (${original})`);
    return { out, manifest, back, original, expected };
  }

  const cases: [ExportFormat, ExportTableName][] = [];
  for (const format of ['parquet', 'csv', 'arrow'] as const)
    for (const table of ['observations', 'alerts', 'trends'] as const) cases.push([format, table]);
  // Every vintage (the largest table) in the two bulk formats; Arrow's reader in this test is the slow part.
  cases.push(['parquet', 'observations_all_vintages'], ['csv', 'observations_all_vintages']);

  it.each(cases)('%s: %s', async (format, table) => {
    const r = await roundTrip(format, table);
    expect(r.expected).toBeGreaterThan(0);
    expect(r.manifest.rows).toBe(r.expected);
    expect(await queryValue(db.connection, `SELECT count(*) FROM (${r.back})`)).toBe(r.expected);
    expect(await rowDifference(db.connection, r.back, r.original, r.manifest.columns)).toBe(0);
    expect(r.manifest.warehouse.demo).toBe(true);
    expect(r.manifest.warehouse.schema_version).toBeGreaterThanOrEqual(7);
  });

  it('csv --spreadsheet: observations with their codes as ="02" read back as the same rows', async () => {
    const r = await roundTrip('csv', 'observations', { spreadsheet: true });
    expect(r.manifest.rows).toBe(r.expected);
    expect(readFileSync(join(r.out, 'observations.csv'), 'utf8')).toMatch(/,"=""0[1-9]""",/);
    expect(await rowDifference(db.connection, r.back, r.original, r.manifest.columns)).toBe(0);
  });

  it('parquet: Hive folders source=/year=, each file in the folder of its rows, partition columns not in the files', async () => {
    const r = await roundTrip('parquet', 'observations');
    const sources = readdirSync(r.out).filter((f) => f.startsWith('source='));
    const expectedSources = await queryRows<{ source: string }>(
      db.connection,
      'SELECT DISTINCT source FROM pub.analytics.observations ORDER BY 1',
    );
    expect(sources.sort()).toEqual(expectedSources.map((s) => `source=${s.source}`));
    expect(r.manifest.files.every((f) => /^source=[a-z0-9_]+\/year=\d{4}\/data_\d+\.parquet$/.test(f))).toBe(
      true,
    );
    const misplaced = await queryValue<number>(
      db.connection,
      `SELECT count(*) FROM read_parquet('${r.out}/**/*.parquet', hive_partitioning = true)
       WHERE year <> year(period_end) OR source IS NULL`,
    );
    expect(misplaced).toBe(0);
    const inFile = await queryRows<{ name: string }>(
      db.connection,
      `SELECT name FROM parquet_schema('${join(r.out, r.manifest.files[0] as string)}')`,
    );
    expect(inFile.map((c) => c.name)).not.toContain('source');
    const kv = await queryRows<{ key: string; value: string }>(
      db.connection,
      `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${join(r.out, r.manifest.files[0] as string)}')`,
    );
    expect(kv).toContainEqual({ key: 'centinela_table', value: 'observations' });
  });

  it.each(['parquet', 'csv', 'arrow'] as const)(
    '%s: --where and --as-of select the same rows as the SQL',
    async (format) => {
      const where = "drug = 'fentanyl' AND country = 'US' AND value > 100";
      const filtered = await roundTrip(format, 'observations', { where });
      expect(filtered.expected).toBeGreaterThan(0);
      expect(filtered.manifest.rows).toBe(filtered.expected);
      expect(
        await rowDifference(db.connection, filtered.back, filtered.original, filtered.manifest.columns),
      ).toBe(0);
      const asOf = await roundTrip(format, 'observations', {
        asOf: '2024-09-30',
        where: "source = 'cdc_vsrr_state'",
      });
      expect(asOf.manifest.relation).toBe("analytics.observations_as_of(DATE '2024-09-30')");
      expect(asOf.expected).toBeGreaterThan(0);
      expect(await rowDifference(db.connection, asOf.back, asOf.original, asOf.manifest.columns)).toBe(0);
      const vintages = await queryRows<{ v: string }>(
        db.connection,
        `SELECT DISTINCT strftime(vintage, '%Y-%m-%d') AS v FROM (${asOf.back}) ORDER BY 1`,
      );
      expect(vintages.map((v) => v.v)).toEqual(['2024-08-14']);
    },
  );

  it('writes a manifest with the columns, their types and descriptions', async () => {
    const r = await roundTrip('csv', 'observations');
    const manifest = JSON.parse(readFileSync(join(r.out, '_export.json'), 'utf8'));
    expect(manifest.columns[0]).toEqual({
      name: 'source',
      type: 'VARCHAR',
      comment: 'Source, e.g. cdc_vsrr_state.',
    });
    expect(manifest.csv.formula_protection).toMatch(/remove one leading ' /);
    expect(existsSync(join(r.out, 'observations.csv'))).toBe(true);
    expect(readFileSync(join(r.out, 'observations.csv')).subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
  });
});
