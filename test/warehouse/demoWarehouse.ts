/** A published warehouse built from the bundled demo fixtures by a real run (every pipeline, detection included). */
import { afterAll, beforeAll } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { runPipelines } from '../../src/run/run.ts';
import { openWarehouse, type Warehouse } from '../../src/warehouse/connection.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';

export interface DemoWarehouse {
  temp: TempConfig;
  /** The published file. */
  path: string;
}

export async function buildDemoWarehouse(): Promise<DemoWarehouse> {
  const temp = tempConfig();
  await runPipelines({
    data: 'demo',
    config: temp.config,
    pipelines,
    command: 'run',
    ingest: true,
    detect: true,
  });
  return { temp, path: temp.config.warehouse };
}

/** For a describe block: builds the demo warehouse before its tests and opens it read-only; `get()` gives it. */
export function openDemoWarehouseForSuite(): { get(): Warehouse } {
  let demo: DemoWarehouse | undefined;
  let wh: Warehouse | undefined;
  beforeAll(async () => {
    demo = await buildDemoWarehouse();
    wh = await openWarehouse(demo.path, { readOnly: true });
  }, 180_000);
  afterAll(() => {
    wh?.closeSync();
    demo?.temp.cleanup();
  });
  return {
    get() {
      if (!wh) throw new Error('the demo warehouse is opened in beforeAll');
      return wh;
    },
  };
}
