/**
 * Running one source's pipeline in a temporary warehouse, and reading the result (tests of pipelines/*.ts).
 *
 * NOTE (helper A): this file was overwritten by mistake and rebuilt from how its users call it
 * (test/pipelines/cdc_specific_drugs, cdc_vsrr_county, generic_source): sourceRun(name) → { temp, log, run, rows },
 * fileInput(path, vintage), duck(sql).
 */
import { pipelines } from '../../pipelines/index.ts';
import type { PipelineInput } from '../../src/pipeline/definition.ts';
import { type RunSummary, runPipelines } from '../../src/pipeline/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { type TempConfig, tempConfig } from './tempConfig.ts';

export interface SourceRun {
  temp: TempConfig;
  /** Every message the runs logged, in order. */
  log: string[];
  /** Loads `inputs` (default: the configured ones, else the pipeline's demo fixtures) into this source only. */
  run(inputs?: PipelineInput[]): Promise<RunSummary>;
  /** Rows of a read-only query on the published warehouse. */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

export function sourceRun(name: string): SourceRun {
  const pipeline = pipelines.find((p) => p.name === name);
  if (!pipeline) throw new Error(`no pipeline ${name}`);
  const temp = tempConfig();
  const log: string[] = [];
  return {
    temp,
    log,
    run(inputs?: PipelineInput[]) {
      if (inputs) temp.config.pipelines[name] = { enabled: true, inputs };
      return runPipelines({
        config: temp.config,
        pipelines: [pipeline],
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
