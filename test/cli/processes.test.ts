/** The CLI as a real process where that is the point: DuckDB's file locks are per process. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, projectRoot } from '../../src/core/paths.ts';
import { openWarehouse, queryValue } from '../../src/warehouse/connection.ts';
import { cli, runCliProcess } from '../support/runCli.ts';

describe('centinela run --demo in a process of its own', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'centinela-e2e-'));
    const first = await cli(dir, 'run', '--demo', '--no-report');
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends quietly with exit 0 when the reader of its output goes away (centinela query … | head)', async () => {
    const child = spawn(
      process.execPath,
      [
        join(projectRoot, 'src/bin/centinela.js'),
        'query',
        '--demo',
        'select * from range(20000000)',
        '--format',
        'csv',
      ],
      { cwd: dir },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code] = (await once(child, 'close')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('lets a second process read the published file while a run writes', async () => {
    // New input bytes, so the run really loads, transforms, detects and publishes.
    const extra = join(dir, 'extra.csv');
    writeFileSync(
      extra,
      readFileSync(
        join(fixturesDir, 'cdc-vsrr-state/VSRR_Provisional_Drug_Overdose_Death_Counts.csv'),
        'utf8',
      ).replace(
        '\n',
        '\nUS,2024,July,12 month-ending,Cocaine (T40.5),"21,000",100,0.5,United States,Underreported due to incomplete data.,*,"21,500"\n',
      ),
    );
    writeFileSync(
      join(dir, 'centinela.config.json'),
      JSON.stringify({
        pipelines: {
          cdc_vsrr_state: {
            inputs: [{ kind: 'file', path: 'extra.csv', vintage: '2024-12-11', demo: true }],
          },
        },
      }),
    );
    const published = join(dir, 'data/demo/centinela.duckdb');
    const run = runCliProcess(dir, ['run', '--demo', '--no-report']);
    let finished = false;
    run.done.then(() => (finished = true));
    let reads = 0;
    const errors: string[] = [];
    while (!finished) {
      try {
        const wh = await openWarehouse(published, { readOnly: true });
        await queryValue(wh.connection, 'SELECT count(*) FROM analytics.observations');
        wh.closeSync();
        reads++;
      } catch (error) {
        errors.push((error as Error).message);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(errors).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    const after = await cli(
      dir,
      'query',
      '--demo',
      "select strftime(max(vintage), '%Y-%m-%d') as v from analytics.observations where source = 'cdc_vsrr_state'",
      '--format',
      'csv',
    );
    expect(after.stdout).toBe('v\n2024-12-11\n');
    rmSync(join(dir, 'centinela.config.json'));
  });
});
