/**
 * #14 acceptance: `centinela query` and notebook SQL with COPY … TO, ATTACH, DETACH, INSTALL/LOAD, SET, PRAGMA, CREATE,
 * read_text of a path outside the warehouse, or a multi-statement input holding any of these, each fail with a clear
 * message and leave the published file byte for byte as it was; a query past its time limit is stopped.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { renderNotebook } from '../../src/notebook/render.ts';
import { openWarehouse } from '../../src/warehouse/connection.ts';

let dir: string;
let published: string;
let other: string;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'centinela-readers-'));
  published = join(dir, 'data/centinela.duckdb');
  other = join(dir, 'other.duckdb');
  mkdirSync(join(dir, 'data'));
  for (const path of [published, other]) {
    const wh = await openWarehouse(path);
    await wh.connection.run(`CREATE SCHEMA analytics; CREATE SCHEMA meta;
      CREATE TABLE analytics.observations AS SELECT 'NM' AS geo_code, 100.0 AS value;
      CREATE TABLE meta.loads (load_id BIGINT, demo BOOLEAN, status VARCHAR)`);
    wh.closeSync();
  }
  writeFileSync(join(dir, 'secret.txt'), 'not for you\n');
  writeFileSync(
    join(dir, 'centinela.config.json'),
    JSON.stringify({ warehouse: 'data/centinela.duckdb', query: { timeoutMs: 1500, memoryLimit: '300MB' } }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function query(sql: string) {
  let out = '';
  let err = '';
  const code = await main(['query', sql, '--config', join(dir, 'centinela.config.json')], {
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { code, out, err };
}

const hostile: [string, () => string, RegExp][] = [
  ['COPY … TO the published file', () => `COPY (SELECT 'x') TO '${published}' (FORMAT csv)`, /disabled|COPY/],
  ['ATTACH read-write', () => `ATTACH '${other}' AS o (READ_WRITE)`, /disabled|ATTACH/],
  [
    'DETACH the warehouse',
    () => 'DETACH centinela',
    /read-only here: the statement is DETACH, and only statements that read/,
  ],
  ['INSTALL an extension', () => 'INSTALL httpfs', /disabled|locked|EXTENSION|LOAD/],
  ['LOAD an extension', () => 'LOAD httpfs', /disabled|locked|LOAD/],
  ['SET a setting', () => "SET memory_limit = '10GB'", /locked|is SET/],
  ['PRAGMA that changes a setting', () => 'PRAGMA enable_profiling', /locked|is (SET|PRAGMA)/],
  ['CREATE a table', () => 'CREATE TABLE analytics.forged AS SELECT 1', /read-only|is CREATE/i],
  ['CREATE a temporary macro', () => 'CREATE TEMP MACRO m() AS 1', /is CREATE/],
  ['CALL a procedure', () => 'CALL checkpoint()', /is CALL|read-only/i],
  [
    'read_text outside the warehouse',
    () => `SELECT * FROM read_text('${join(dir, 'secret.txt')}')`,
    /disabled/,
  ],
  ['a read, then a DETACH', () => 'SELECT 1; DETACH centinela', /statement 2 of 2 is DETACH/],
  ['a read, then a COPY', () => `SELECT 1; COPY (SELECT 1) TO '${join(dir, 'x.csv')}'`, /disabled|COPY/],
  ['a read, then a SET', () => 'SELECT 1; SET threads = 1', /locked|statement 2 of 2 is SET/],
];

describe('centinela query refuses what does not only read', () => {
  it('still reads, under the configured memory limit', async () => {
    const r = await query(
      "SELECT geo_code, current_setting('memory_limit') AS mem FROM analytics.observations",
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/NM.*286\.1 MiB/);
  });

  it.each(hostile)(
    '%s: exit 1, a clear message, the published file unchanged',
    async (_what, sql, message) => {
      const before = sha256(published);
      const r = await query(sql());
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(sha256(published)).toBe(before);
      expect(existsSync(join(dir, 'x.csv'))).toBe(false);
      // The warehouse is still whole and readable.
      expect((await query('SELECT count(*) AS n FROM analytics.observations')).out).toMatch(/\b1\b/);
    },
  );

  it('stops a query that runs past query.timeoutMs', async () => {
    const started = Date.now();
    const r = await query('SELECT sum(a.range * b.range) FROM range(100000000) a, range(100000) b');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/query stopped after 1.5 s: it ran past the time limit \(query\.timeoutMs\)/);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);
});

describe('notebook SQL refuses the same', () => {
  it.each(hostile)(
    '%s: the block fails with a clear message, the published file unchanged',
    async (_w, sql, message) => {
      const before = sha256(published);
      const file = join(dir, 'nb.md');
      writeFileSync(file, `# t\n\n\`\`\`sql bad\n${sql()}\n\`\`\`\n`);
      const r = await renderNotebook(file, {
        warehouse: published,
        outDir: join(dir, 'out'),
        assets: { vega: '', vegaLite: '', vegaEmbed: '' },
        cwd: dir,
      }).catch((e: unknown) => e as Error);
      const messages = 'errors' in r ? r.errors.map((e) => e.message).join('\n') : (r as Error).message;
      expect(messages).toMatch(message);
      expect(sha256(published)).toBe(before);
      expect(existsSync(join(dir, 'x.csv'))).toBe(false);
    },
  );
});

describe('the seal behind the statement check', () => {
  it.each([
    ['COPY … TO', () => `COPY (SELECT 'x') TO '${published}' (FORMAT csv)`, /disabled/],
    ['ATTACH', () => `ATTACH '${other}' AS o (READ_WRITE)`, /disabled/],
    ['read_text', () => `SELECT * FROM read_text('${join(dir, 'secret.txt')}')`, /disabled/],
    ['SET', () => 'SET enable_external_access = true', /locked/],
  ])('refuses %s on a sealed connection even when run directly', async (_what, sql, message) => {
    const before = sha256(published);
    const wh = await openWarehouse(published, { sealed: true });
    try {
      await expect(wh.connection.run(sql())).rejects.toThrow(message);
    } finally {
      wh.closeSync();
    }
    expect(sha256(published)).toBe(before);
  });
});
