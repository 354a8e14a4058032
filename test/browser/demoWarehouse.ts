/**
 * A published warehouse built from the bundled demo fixtures, as `npm start` builds it: every pipeline whose demo
 * files are present is loaded (a source another engineer is still adding, without its fixtures yet, is left out and
 * named), then the detectors run. Used by the browser tests, the notebook tests and the report benchmark.
 */

import { existsSync } from 'node:fs';
import { pipelines } from '../../pipelines/index.ts';
import { runPipelines, selectInputs } from '../../src/run/run.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';

export interface DemoWarehouse {
  temp: TempConfig;
  warehouse: string;
  /** Pipelines left out because their demo files are missing. */
  skipped: string[];
  milliseconds: number;
}

export async function buildDemoWarehouse(): Promise<DemoWarehouse> {
  const started = performance.now();
  const temp = tempConfig();
  const usable = pipelines.filter((p) =>
    selectInputs(p, temp.config, 'demo').every((i) => i.kind !== 'file' || existsSync(i.path)),
  );
  const skipped = pipelines.filter((p) => !usable.includes(p)).map((p) => p.name);
  await runPipelines({
    data: 'demo',
    config: temp.config,
    pipelines: usable,
    allPipelines: pipelines,
    command: 'run',
    ingest: true,
    detect: true,
    log: () => undefined,
  });
  return { temp, warehouse: temp.config.warehouse, skipped, milliseconds: performance.now() - started };
}
