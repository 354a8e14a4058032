import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, configSchema } from '../../src/core/config.ts';
import type { PipelineInput } from '../../src/core/pipeline.ts';
import { seedEmptyWarehouse } from './emptyWarehouse.ts';

export interface TempConfig {
  dir: string;
  config: Config;
  cleanup(): void;
}

/**
 * A configuration whose warehouse, snapshots and reports live in a fresh temporary folder, with a copy of the empty
 * warehouse as its working warehouse (test/support/emptyWarehouse.ts) unless `emptyWarehouse` is false (a test that
 * builds the warehouse itself, e.g. at an older schema version).
 */
export function tempConfig(inputs?: PipelineInput[], opts: { emptyWarehouse?: boolean } = {}): TempConfig {
  const dir = mkdtempSync(join(tmpdir(), 'centinela-'));
  const config = configSchema.parse({
    warehouse: join(dir, 'data/centinela.duckdb'),
    workDir: join(dir, 'data/work'),
    snapshotDir: join(dir, 'data/snapshots'),
    reportDir: join(dir, 'reports'),
    pipelines: inputs ? { cdc_vsrr_state: { inputs } } : {},
  });
  if (opts.emptyWarehouse ?? true) seedEmptyWarehouse(config);
  return { dir, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const sharedDatasets = join(import.meta.dirname, '../../../shared/datasets');
