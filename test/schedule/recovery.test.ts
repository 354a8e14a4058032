import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import type { Config } from '../../src/core/config.ts';
import { runPipelines, workingPath } from '../../src/run/run.ts';
import { readRuns, SOURCE, smallCsv, type TempDir, tempDir, testConfig } from './helpers.ts';

let temp: TempDir | undefined;
afterEach(() => temp?.cleanup());

function withInput(dir: string, name: string, seed: number, vintage: string): Config {
  const path = join(dir, name);
  writeFileSync(path, smallCsv(seed));
  return testConfig(dir, { inputs: [{ kind: 'file', path, vintage }] });
}

const ingest = (config: Config, log: string[] = []) =>
  runPipelines({
    data: 'demo',
    config,
    pipelines: pipelines.filter((p) => p.name === SOURCE),
    allPipelines: pipelines,
    command: 'ingest',
    ingest: true,
    detect: false,
    log: (m) => log.push(m),
  });

describe('recovering the working warehouse', () => {
  it('starts again from the published file when the working file is damaged, keeping the damaged one aside', async () => {
    temp = tempDir();
    await ingest(withInput(temp.dir, 'a.csv', 1, '2025-01-01'));
    const config = withInput(temp.dir, 'b.csv', 2, '2025-02-01');
    writeFileSync(workingPath(config), Buffer.alloc(64 * 1024, 7));
    const log: string[] = [];
    const summary = await ingest(config, log);
    expect(summary.status).toBe('succeeded');
    expect(log.join('\n')).toMatch(
      /the working warehouse could not be opened \(.+\); moved it to .+damaged-.+ and started again from the published file/,
    );
    expect(readdirSync(config.workDir).some((f) => f.startsWith('centinela.duckdb.damaged-'))).toBe(true);
    expect((await readRuns(config.warehouse)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('publishes a committed run whose publish never happened, on the next run even with no new data', async () => {
    temp = tempDir();
    await ingest(withInput(temp.dir, 'a.csv', 1, '2025-01-01'));
    const first = join(temp.dir, 'first.duckdb');
    const config = withInput(temp.dir, 'b.csv', 2, '2025-02-01');
    copyFileSync(config.warehouse, first);
    await ingest(config);
    // As if the process had died between the commit of run 2 and its publish.
    copyFileSync(first, config.warehouse);
    const log: string[] = [];
    const summary = await ingest(config, log);
    expect(summary.status).toBe('no_new_data');
    expect(summary.published).toBe(config.warehouse);
    expect(log.join('\n')).toContain(
      'the published warehouse lacks run 2 (its publish was interrupted); publishing it now',
    );
    expect((await readRuns(config.warehouse)).map((r) => r.status)).toEqual([
      'succeeded',
      'succeeded',
      'no_new_data',
    ]);
    expect(readFileSync(config.warehouse).equals(readFileSync(first))).toBe(false);
  });
});
