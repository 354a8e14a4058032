/** Running sources' pipelines in a temporary warehouse, and reading the result (tests of pipelines/*.ts). */
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import type { PipelineInput } from '../../src/core/pipeline.ts';
import { type RunSummary, runPipelines } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { fixtureServersPerTest } from './fixtureServer.ts';
import { type TempConfig, tempConfig } from './tempConfig.ts';

export interface SourceRun {
  temp: TempConfig;
  /** Every message the runs logged, in order. */
  log: string[];
  /** Loads `inputs` (default: the configured ones, else the pipeline's demo fixtures) into the source. */
  run(inputs?: PipelineInput[]): Promise<RunSummary>;
  /** Rows of a read-only query on the published warehouse. */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

/**
 * One source (by name), or several with their inputs: runs load only these, every other pipeline known but not
 * loaded.
 */
export function sourceRun(sources: string | Record<string, PipelineInput[]>): SourceRun {
  const names = typeof sources === 'string' ? [sources] : Object.keys(sources);
  for (const name of names)
    if (!pipelines.some((p) => p.name === name)) throw new Error(`no pipeline ${name}`);
  const temp = tempConfig();
  if (typeof sources !== 'string')
    for (const [name, inputs] of Object.entries(sources))
      temp.config.pipelines[name] = { enabled: true, inputs };
  const log: string[] = [];
  return {
    temp,
    log,
    run(inputs?: PipelineInput[]) {
      if (inputs) {
        if (typeof sources !== 'string')
          throw new Error('run(inputs) is for one source; give inputs by source');
        temp.config.pipelines[sources] = { enabled: true, inputs };
      }
      return runPipelines({
        data: 'demo',
        config: temp.config,
        pipelines: pipelines.filter((p) => names.includes(p.name)),
        allPipelines: pipelines,
        command: 'ingest',
        ingest: true,
        detect: false,
        log: (m) => log.push(m),
      });
    },
    async rows<T>(sql: string): Promise<T[]> {
      const wh = await openWarehouse(temp.config.warehouse, { readOnly: true });
      try {
        return await queryRows<T>(wh.connection, sql);
      } finally {
        wh.closeSync();
      }
    },
  };
}

/**
 * For a test file about one source (call it at the top level): `fresh()` gives a new run in its own warehouse,
 * `serve(routes)` a fixture server; both are removed after each test.
 */
export function sourceTests(name: string, fixtureFolder = '') {
  const runs: SourceRun[] = [];
  const serve = fixtureServersPerTest();
  afterEach(() => {
    for (const run of runs.splice(0)) run.temp.cleanup();
  });
  const dir = join(fixturesDir, fixtureFolder);
  return {
    /** fixtures/<fixtureFolder>. */
    dir,
    /** A file of fixtures/<fixtureFolder>/bad. */
    bad: (file: string) => join(dir, 'bad', file),
    fresh(): SourceRun {
      const run = sourceRun(name);
      runs.push(run);
      return run;
    },
    serve,
  };
}

export function fileInput(path: string, vintage: string): PipelineInput {
  return { kind: 'file', path, vintage, demo: false };
}

/** Rows of a query on an in-memory DuckDB (e.g. straight from a publisher's file). */
export async function duck<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const wh = await openWarehouse(':memory:');
  try {
    return await queryRows<T>(wh.connection, sql);
  } finally {
    wh.closeSync();
  }
}
