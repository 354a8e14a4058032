/**
 * The README promises that DuckDB 1.0 and later read the published file (storage format 64, tagged v1.0.0+). Checked
 * here with an older client than the one that writes it: @duckdb/node-api 1.1.3-alpha.10 (DuckDB 1.1.3; the older
 * 1.1.2 lacks platform packages on the registry, so its lock entry breaks `npm ci`), installed as the devDependency
 * "duckdb-older". It opens a warehouse built by a real demo run read-only and runs every SQL example of the README
 * and of docs/schema.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.ts';
import { EXAMPLE_QUERIES } from '../../src/schemaDoc/index.ts';
import { openWarehouse } from '../../src/warehouse/connection.ts';
import { buildDemoWarehouse, type DemoWarehouse } from '../warehouse/demoWarehouse.ts';

/** Each statement of each ```sql block of a Markdown file. */
function sqlExamples(file: string): string[] {
  const text = readFileSync(join(projectRoot, file), 'utf8');
  return [...text.matchAll(/^```sql\n([\s\S]*?)^```$/gm)].flatMap((m) =>
    (m[1] as string)
      .split(/;\s*(?:--[^\n]*)?\n/)
      .map((s) => s.replace(/^\s*--[^\n]*\n/gm, '').trim())
      .filter((s) => s !== '' && !s.startsWith('--')),
  );
}

type Result = { rows: (string | null)[][] } | { error: string };

/** The queries run by the older client in a process of its own (two DuckDB libraries in one process clash). */
function withOlderClient(file: string, queries: string[]): Result[] {
  const out = execFileSync(process.execPath, [join(projectRoot, 'test/compat/olderClient.mjs'), file], {
    input: JSON.stringify(queries),
    encoding: 'utf8',
  });
  return JSON.parse(out) as Result[];
}

const readme = sqlExamples('README.md');
const schemaDoc = EXAMPLE_QUERIES.map((e) => e.sql);
const CHECKS = [
  'SELECT version()',
  // hash() differs between DuckDB versions: sums of exact integers and distinct counts do not.
  `SELECT count(*), count(value), sum(round(value * 1000)::HUGEINT), count(DISTINCT (source, geo_code, drug, measure)),
     min(period_end), max(period_end), sum(length(geo_code || drug || measure || status))
   FROM analytics.observations`,
  'CREATE TABLE analytics.x AS SELECT 1',
];

describe('an older DuckDB client reads the published warehouse', () => {
  let demo: DemoWarehouse;
  let results: Result[];
  const result = (sql: string) => results[[...CHECKS, ...readme, ...schemaDoc].indexOf(sql)] as Result;
  beforeAll(async () => {
    demo = await buildDemoWarehouse();
    results = withOlderClient(demo.path, [...CHECKS, ...readme, ...schemaDoc]);
  }, 180_000);
  afterAll(() => demo?.temp.cleanup());

  it('is DuckDB 1.1, and the file is in the storage format the README names (64, tagged v1.0.0+)', async () => {
    expect(result(CHECKS[0] as string)).toEqual({ rows: [[expect.stringMatching(/^v1\.1\./)]] });
    const writer = await openWarehouse(demo.path, { readOnly: true });
    try {
      const reader = await writer.connection.runAndReadAll(
        "SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()",
      );
      expect(String(reader.getRows()[0]?.[0])).toBe('v1.0.0+');
    } finally {
      writer.closeSync();
    }
    // The file header: an 8-byte checksum, "DUCK", then the storage version.
    const header = readFileSync(demo.path).subarray(0, 20);
    expect(header.subarray(8, 12).toString()).toBe('DUCK');
    expect(header.readBigUInt64LE(12)).toBe(64n);
  });

  it('reads the data the writer published, row for row', async () => {
    const writer = await openWarehouse(demo.path, { readOnly: true });
    try {
      const expected = (await writer.connection.runAndReadAll(CHECKS[1] as string))
        .getRows()
        .map((r) => r.map(String));
      expect(result(CHECKS[1] as string)).toEqual({ rows: expected });
      expect(Number(expected[0]?.[0])).toBeGreaterThan(1000);
    } finally {
      writer.closeSync();
    }
  });

  it.each(readme.map((sql, i) => [i + 1, sql.split('\n')[0], sql] as const))(
    'runs README example %i: %s',
    (_i, _first, sql) => {
      expect(result(sql)).toEqual({ rows: expect.any(Array) });
    },
  );

  it.each(EXAMPLE_QUERIES.map((e) => [e.title, e] as const))(
    'runs the docs/schema.md example: %s',
    (_t, e) => {
      const r = result(e.sql);
      expect(r).toEqual({ rows: expect.any(Array) });
      if (e.rows) expect((r as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    },
  );

  it('found every example: the README has 7 statements, docs/schema.md 15 queries', () => {
    expect(readme).toHaveLength(7);
    expect(sqlExamples('docs/schema.md')).toHaveLength(EXAMPLE_QUERIES.length);
    expect(EXAMPLE_QUERIES).toHaveLength(15);
  });

  it('is refused any write (opened read-only)', () => {
    expect(result(CHECKS[2] as string)).toEqual({ error: expect.stringMatching(/read-only/) });
  });
});
