/**
 * npm run bench: loading throughput (pipeline vs DuckDB's bare read_csv on the same file) and the wall time and
 * peak memory of `npm start`. Prints figures; asserts nothing. Compare ratios from one run: machines are noisy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findPipeline, pipelines } from '../../pipelines/index.ts';
import { projectRoot } from '../../src/core/paths.ts';
import { acquire } from '../../src/run/acquire.ts';
import { runPipelines } from '../../src/run/run.ts';
import { inTransaction, openWarehouse } from '../../src/warehouse/connection.ts';
import { loadCsv } from '../../src/warehouse/loadCsv.ts';
import { migrate } from '../../src/warehouse/migrate.ts';
import { ensureRawTable } from '../../src/warehouse/rawTable.ts';
import { tempConfig } from '../support/tempConfig.ts';
import { MAX_LARGE_VSRR_ROWS, writeLargeVsrr } from './generateLargeVsrr.ts';

// About a million: as many rows as 54 jurisdictions × 12 indicators × the months since 1901 give (964,224).
const ROWS = Number(process.env.BENCH_ROWS ?? MAX_LARGE_VSRR_ROWS);
const pipeline = findPipeline('cdc_vsrr_state');

const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;
const print = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await fn();
  return [result, performance.now() - t0];
}

async function loadingThroughput() {
  const dir = mkdtempSync(join(tmpdir(), 'centinela-bench-'));
  try {
    const csv = join(dir, 'VSRR_large.csv');
    const rows = await writeLargeVsrr(csv, ROWS);
    print(
      'generated CDC-format CSV',
      `${rows.toLocaleString('en-US')} rows, ${(statSync(csv).size / 1e6).toFixed(1)} MB`,
    );

    // 1. DuckDB alone: the same read_csv options, into a table.
    const types = new Map(pipeline.raw.columns.map((c) => [c.name, c.type]));
    const columns = (pipeline.csv.layouts[0]?.fields ?? [])
      .map(([header, raw]) => `'${header}': '${types.get(raw ?? '') ?? 'VARCHAR'}'`)
      .join(', ');
    const bare = await openWarehouse(join(dir, 'bare.duckdb'));
    const [, bareMs] = await timed(() =>
      bare.connection.run(
        `CREATE TABLE t AS SELECT * FROM read_csv('${csv}', header = true, auto_detect = false, delim = ',',
           quote = '"', escape = '"', columns = {${columns}}, thousands = ',', store_rejects = true)`,
      ),
    );
    bare.closeSync();

    // 2. The pipeline's load step: snapshot (copy + sha256), read_csv into raw with rejects, ledger-ready counts.
    const t = tempConfig([{ kind: 'file', path: csv, vintage: '2024-01-01', demo: false }]);
    // A million rows: the settings README recommends for them, and DuckDB's own thread count as the bare read has.
    t.config.memoryLimit = '1GB';
    t.config.threads = availableParallelism();
    const wh = await openWarehouse(join(dir, 'pipeline.duckdb'));
    await migrate(wh.connection);
    await ensureRawTable(wh.connection, pipeline);
    const [loaded, loadMs] = await timed(async () => {
      const input = await acquire(
        { kind: 'file', path: csv, vintage: '2024-01-01', demo: false },
        {
          source: pipeline.name,
          config: t.config,
          log: () => {},
        },
      );
      return inTransaction(wh.connection, () =>
        loadCsv(wh.connection, pipeline, {
          path: input.snapshot.path,
          origin: csv,
          loadId: 1,
          vintage: input.vintage,
        }),
      );
    });
    wh.closeSync();

    // 3. A whole `centinela ingest`: step 2 plus transform, data checks and the atomic publish.
    const [, ingestMs] = await timed(() =>
      runPipelines({
        config: t.config,
        pipelines: [pipeline],
        allPipelines: pipelines,
        command: 'ingest',
        ingest: true,
        detect: false,
      }),
    );
    t.cleanup();

    print('DuckDB bare read_csv → table', `${rate(rows, bareMs)} (${(bareMs / 1000).toFixed(2)} s)`);
    print(
      'pipeline load (snapshot + sha256 + raw load)',
      `${rate(loaded.rowsLoaded, loadMs)} (${(loadMs / 1000).toFixed(2)} s)`,
    );
    print('  ratio pipeline load / bare (target ≥ 0.50)', (bareMs / loadMs).toFixed(2));
    print(
      'full ingest (+ transform, checks, publish)',
      `${rate(rows, ingestMs)} (${(ingestMs / 1000).toFixed(2)} s)`,
    );
    print('  ratio full ingest / bare', (bareMs / ingestMs).toFixed(2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function npmStart() {
  const dir = mkdtempSync(join(tmpdir(), 'centinela-start-'));
  try {
    const t0 = performance.now();
    const child = spawnSync(
      process.execPath,
      [
        '--max-semi-space-size=4',
        '--import',
        join(projectRoot, 'test/bench/rss.js'),
        join(projectRoot, 'src/bin/centinela.js'),
        'run',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    const ms = performance.now() - t0;
    if (child.status !== 0) throw new Error(`npm start failed (${child.status}):\n${child.stderr}`);
    const kb = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(child.stderr)?.[1] ?? Number.NaN);
    print('npm start (centinela run, bundled releases): wall', `${(ms / 1000).toFixed(2)} s (target < 15 s)`);
    print('npm start: peak memory (max RSS)', `${(kb / 1024).toFixed(0)} MiB (target < 500 MB = 477 MiB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npm run bench -- loading detect` runs only the named parts; no argument runs them all.
const parts: Record<string, () => Promise<void> | void> = {
  loading: loadingThroughput,
  start: npmStart,
  ears: async () => (await import('./detect/ears.ts')).benchEarsCusum(),
  nssp: async () => (await import('./detect/nssp.ts')).benchNsspJoinpoint(),
  farrington: async () => (await import('./detect/farrington.ts')).benchFarrington(),
  report: async () => {
    await (await import('./report.ts')).benchReport();
  },
};
const wanted = process.argv.slice(2);
for (const [name, part] of Object.entries(parts)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name}`);
  await part();
}
