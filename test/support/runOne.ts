import { pipelines } from '../../pipelines/index.ts';
import type { PipelineInput } from '../../src/pipeline/definition.ts';
import { type RunSummary, runPipelines } from '../../src/pipeline/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import type { TempConfig } from './tempConfig.ts';

/** Loads some pipelines' inputs (every other pipeline known but not loaded) into the temp warehouse. */
export async function runSources(
  t: TempConfig,
  inputs: Record<string, PipelineInput[]>,
  log: string[] = [],
): Promise<RunSummary> {
  for (const [name, list] of Object.entries(inputs))
    t.config.pipelines[name] = { enabled: true, inputs: list };
  return runPipelines({
    config: t.config,
    pipelines: pipelines.filter((p) => p.name in inputs),
    allPipelines: pipelines,
    command: 'ingest',
    ingest: true,
    detect: false,
    log: (m) => log.push(m),
  });
}

/** Rows of a read-only query on the published warehouse. */
export async function publishedRows<T>(path: string, sql: string): Promise<T[]> {
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    return await queryRows<T>(wh.connection, sql);
  } finally {
    wh.closeSync();
  }
}

export const fileInput = (path: string, vintage: string): PipelineInput => ({
  kind: 'file',
  path,
  vintage,
  demo: false,
});
