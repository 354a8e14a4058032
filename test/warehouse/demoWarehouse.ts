/** A published warehouse built from the bundled demo fixtures by a real run (every pipeline, detection included). */
import { pipelines } from '../../pipelines/index.ts';
import { runPipelines } from '../../src/pipeline/run.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';

export interface DemoWarehouse {
  temp: TempConfig;
  /** The published file. */
  path: string;
}

export async function buildDemoWarehouse(): Promise<DemoWarehouse> {
  const temp = tempConfig();
  await runPipelines({ config: temp.config, pipelines, command: 'run', ingest: true, detect: true });
  return { temp, path: temp.config.warehouse };
}
