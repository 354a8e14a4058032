import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { sqlDir } from '../../src/core/paths.ts';
import { runPipelines } from '../../src/run/run.ts';
import { openWarehouse, queryRows, type Warehouse } from '../../src/warehouse/connection.ts';
import { migrate } from '../../src/warehouse/migrate.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';
import { vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';

const SCHEMAS = "('raw', 'staging', 'analytics', 'meta')";

describe('the published warehouse schema', () => {
  let temp: TempConfig;
  let wh: Warehouse;
  beforeAll(async () => {
    temp = tempConfig();
    const path = join(temp.dir, 'vsrr.csv');
    writeFileSync(
      path,
      vsrrFile(
        vsrrLines({
          state: 'TX',
          stateName: 'Texas',
          indicator: 'Cocaine (T40.5)',
          startYear: 2023,
          values: [900, 950],
        }),
      ),
    );
    temp.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [{ kind: 'file', path, vintage: '2024-01-10', demo: true }],
    };
    await runPipelines({
      data: 'demo',
      config: temp.config,
      pipelines,
      command: 'run',
      ingest: true,
      detect: true,
    });
    wh = await openWarehouse(temp.config.warehouse, { readOnly: true });
  });
  afterAll(() => {
    wh.closeSync();
    temp.cleanup();
  });

  it('has the four layers, each with tables or views', async () => {
    const objects = await queryRows<{ schema_name: string; n: number }>(
      wh.connection,
      `SELECT schema_name, count(*) AS n FROM (
         SELECT schema_name FROM duckdb_tables() UNION ALL SELECT schema_name FROM duckdb_views() WHERE NOT internal
       ) WHERE schema_name IN ${SCHEMAS} GROUP BY 1 ORDER BY 1`,
    );
    expect(objects.map((o) => o.schema_name)).toEqual(['analytics', 'meta', 'raw', 'staging']);
  });

  it('documents every table, view and column with COMMENT ON', async () => {
    const undocumented = await queryRows(
      wh.connection,
      `SELECT schema_name || '.' || table_name AS object FROM duckdb_tables()
         WHERE schema_name IN ${SCHEMAS} AND comment IS NULL
       UNION ALL
       SELECT schema_name || '.' || view_name FROM duckdb_views()
         WHERE NOT internal AND schema_name IN ${SCHEMAS} AND comment IS NULL
       UNION ALL
       SELECT schema_name || '.' || table_name || '.' || column_name FROM duckdb_columns()
         WHERE schema_name IN ${SCHEMAS} AND comment IS NULL`,
    );
    expect(undocumented).toEqual([]);
  });

  it('migrates once: a second migration applies nothing', async () => {
    const fresh = await openWarehouse(':memory:');
    try {
      const first = await migrate(fresh.connection);
      expect(first.applied).toEqual(
        readdirSync(join(sqlDir, 'schema'))
          .filter((f) => f.endsWith('.sql'))
          .sort(),
      );
      expect(first.applied.slice(0, 3)).toEqual([
        '001_schemas.sql',
        '002_meta.sql',
        '003_analytics_alerts.sql',
      ]);
      expect(await migrate(fresh.connection)).toEqual({ applied: [], version: first.version });
    } finally {
      fresh.closeSync();
    }
  });
});
