import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWarehouse, queryValue } from '../../src/warehouse/connection.ts';
import { publishSync } from '../../src/warehouse/publish.ts';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

async function writeDb(path: string, n: number) {
  const wh = await openWarehouse(path);
  await wh.connection.run(`CREATE OR REPLACE TABLE t AS SELECT range AS i FROM range(${n})`);
  wh.closeSync();
}

describe('publishSync', () => {
  it('replaces the published file atomically while a reader keeps its own consistent view', async () => {
    dir = mkdtempSync(join(tmpdir(), 'centinela-publish-'));
    const work = join(dir, 'work.duckdb');
    const published = join(dir, 'pub/centinela.duckdb');
    await writeDb(work, 10);
    publishSync(work, published);
    const reader = await openWarehouse(published, { readOnly: true });
    expect(await queryValue(reader.connection, 'SELECT count(*) FROM t')).toBe(10);

    await writeDb(work, 20);
    publishSync(work, published);
    // The open reader still sees the file it opened; a new reader sees the new one.
    expect(await queryValue(reader.connection, 'SELECT count(*) FROM t')).toBe(10);
    reader.closeSync();
    const fresh = await openWarehouse(published, { readOnly: true });
    expect(await queryValue(fresh.connection, 'SELECT count(*) FROM t')).toBe(20);
    fresh.closeSync();
    expect(readdirSync(join(dir, 'pub'))).toEqual(['centinela.duckdb']);
  });

  it('refuses a working file whose write-ahead log is not empty, and leaves the published file alone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'centinela-publish-'));
    const work = join(dir, 'work.duckdb');
    const published = join(dir, 'centinela.duckdb');
    await writeDb(work, 5);
    publishSync(work, published);
    writeFileSync(`${work}.wal`, 'pending');
    expect(() => publishSync(work, published)).toThrow(
      /its write-ahead log .*work\.duckdb\.wal is not empty/,
    );
    expect(existsSync(published)).toBe(true);
    const wh = await openWarehouse(published, { readOnly: true });
    expect(await queryValue(wh.connection, 'SELECT count(*) FROM t')).toBe(5);
    wh.closeSync();
  });
});
