import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { openWarehouse } from '../../src/warehouse/connection.ts';

// `centinela query` runs SQL written by people on the published file: it must not be able to write, attach or reach
// outside the warehouse, whatever the SQL says (issue #14).
let dir: string;
let published: string;
let other: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'centinela-sealed-'));
  published = join(dir, 'data/centinela.duckdb');
  other = join(dir, 'other.duckdb');
  mkdirSync(join(dir, 'data'));
  for (const path of [published, other]) {
    const wh = await openWarehouse(path);
    await wh.connection.run('CREATE SCHEMA analytics; CREATE TABLE analytics.t AS SELECT 1 AS x');
    wh.closeSync();
  }
  writeFileSync(join(dir, 'secret.csv'), 'a\n42\n');
  writeFileSync(join(dir, 'centinela.config.json'), JSON.stringify({ warehouse: 'data/centinela.duckdb' }));
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

describe('centinela query is sealed', () => {
  it('reads the warehouse', async () => {
    expect(await query('SELECT x FROM analytics.t')).toMatchObject({ code: 0, out: 'x\n-\n1\n(1 row)\n' });
  });

  it.each([
    ['COPY over the published file', () => `COPY (SELECT 'x') TO '${published}' (FORMAT csv)`, /disabled/],
    [
      'COPY into a new file',
      () => `COPY (SELECT 'x') TO '${join(dir, 'pipelines.mjs')}' (FORMAT csv)`,
      /disabled/,
    ],
    ['ATTACH another file read-write', () => `ATTACH '${other}' AS o (READ_WRITE)`, /disabled/],
    ['read a file beside it', () => `SELECT * FROM read_csv('${join(dir, 'secret.csv')}')`, /disabled/],
    ['turn external access back on', () => 'SET enable_external_access = true', /locked/],
    ['unlock the configuration', () => 'SET lock_configuration = false', /locked/],
    ['install an extension', () => 'INSTALL httpfs', /disabled|locked/],
    ['write a table', () => 'CREATE TABLE analytics.u AS SELECT 1', /read-only/i],
  ])('refuses to %s, and changes nothing', async (_what, sql, message) => {
    const before = readFileSync(published);
    const r = await query(sql());
    expect(r.code).toBe(1);
    // What does not only read is refused before it runs (readerQuery.ts); the seal is the second wall.
    expect(r.err).toMatch(new RegExp(`${message.source}|only statements that read`, message.flags));
    expect(readFileSync(published).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'pipelines.mjs'))).toBe(false);
  });
});
