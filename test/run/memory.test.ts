import { afterEach, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { runPipelines } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';

let temp: TempConfig | undefined;
afterEach(() => temp?.cleanup());

describe('a run within its memory limit', () => {
  // With DuckDB's two threads each holding buffers, the demo run's revisions ran out of 128 MB on a loaded CI machine
  // and of 96 MB every time; one thread (the default) builds every table in 96 MB.
  it('builds the whole demo warehouse in 96 MB with the default thread count', async () => {
    temp = tempConfig();
    const config = { ...temp.config, memoryLimit: '96MB' };
    expect(config.threads).toBe(1);
    const summary = await runPipelines({
      data: 'demo',
      config,
      pipelines,
      allPipelines: pipelines,
      command: 'run',
      ingest: true,
      detect: false,
    });
    expect(summary.status).toBe('succeeded');
    const wh = await openWarehouse(config.warehouse, { readOnly: true });
    try {
      const [counts] = await queryRows<{ sources: number; revisions: number }>(
        wh.connection,
        'SELECT (SELECT count(DISTINCT source) FROM analytics.observations) AS sources, (SELECT count(*) FROM analytics.revisions) AS revisions',
      );
      expect(counts?.sources).toBe(pipelines.filter((p) => p.produces === 'observations').length);
      expect(counts?.revisions).toBeGreaterThan(0);
    } finally {
      wh.closeSync();
    }
  });
});
