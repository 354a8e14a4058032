/**
 * `centinela query` streams (issue #17): 3,000,000 rows as CSV through a pipe stay under 300 MB of peak memory
 * (holding them, as before, took 1.7 GB). Its own process, so that the peak is the query's alone.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.ts';
import { openWarehouse } from '../../src/warehouse/connection.ts';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'centinela-qmem-'));
  mkdirSync(join(dir, 'data'));
  const wh = await openWarehouse(join(dir, 'data/centinela.duckdb'));
  await wh.connection.run('CREATE TABLE t AS SELECT 1 AS x');
  wh.closeSync();
  writeFileSync(join(dir, 'centinela.config.json'), JSON.stringify({ warehouse: 'data/centinela.duckdb' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints 3,000,000 rows as CSV in under 300 MB', async () => {
  const script = `
    import { register } from 'tsx/esm/api';
    register();
    const { main } = await import(${JSON.stringify(join(projectRoot, 'src/cli.ts'))});
    const code = await main(['query', 'select range as n, range::VARCHAR as s from range(3000000)', '--format', 'csv', '--config', ${JSON.stringify(join(dir, 'centinela.config.json'))}]);
    process.on('exit', () => process.stderr.write('maxRSS ' + process.resourceUsage().maxRSS + '\\n'));
    process.exitCode = code;`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot });
  let lines = 0;
  let last = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    for (const byte of d) if (byte === 10) lines++;
    last = (last + d.toString()).slice(-40);
  });
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(err).toMatch(/maxRSS \d+/);
  expect(code).toBe(0);
  expect(lines).toBe(3_000_001);
  expect(last.endsWith('2999999,2999999\n')).toBe(true);
  const kb = Number(/maxRSS (\d+)/.exec(err)?.[1]);
  expect(kb / 1024).toBeLessThan(300);
}, 120_000);
