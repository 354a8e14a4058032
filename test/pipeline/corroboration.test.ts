import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { projectRoot } from '../../src/paths.ts';
import { withExtraPipelines } from '../../src/pipeline/registry.ts';
import { runPipelines } from '../../src/pipeline/run.ts';
import { openWarehouse, queryRows, type Warehouse } from '../../src/warehouse/connection.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';

// A second, made-up source of monthly fentanyl deaths by state, defined the way an epidemiologist would: one file.
const pipelineFile = (csv: string) => `
import { definePipeline } from '${join(projectRoot, 'src/pipeline/definition.ts')}';
export default definePipeline({
  name: 'test_monthly_deaths',
  title: { en: 'Test monthly deaths', es: 'Muertes mensuales de prueba' },
  publisher: 'Test',
  releases: 'monthly',
  schedule: { cron: '0 6 * * *', timezone: 'UTC' },
  demoInputs: [{ kind: 'file', path: '${csv}', vintage: '2024-07-01', demo: true }],
  liveInputs: [{ kind: 'file', path: '${csv}' }],
  raw: {
    comment: 'Test deaths.',
    columns: [
      { name: 'state', type: 'VARCHAR', comment: 'USPS code.' },
      { name: 'month', type: 'DATE', comment: 'First day of the month.' },
      { name: 'deaths', type: 'INTEGER', comment: 'Deaths.' },
    ],
  },
  csv: { layouts: [{ name: 'v1', description: 'test', fields: [['state', 'state'], ['month', 'month'], ['deaths', 'deaths']] }] },
  staging: {
    sql: \`SELECT 'test_monthly_deaths' AS source, 'US' AS country, 'state' AS geo_level, state AS geo_code,
                 month AS period_start, last_day(month) AS period_end, 'month' AS period_type, 'fentanyl' AS drug,
                 'deaths' AS measure, deaths::DOUBLE AS value, 'reported' AS status, vintage, load_id, NULL AS note
          FROM raw.test_monthly_deaths\`,
  },
});
`;

describe('corroboration across sources', () => {
  let temp: TempConfig;
  let wh: Warehouse;
  beforeAll(async () => {
    temp = tempConfig();
    const csv = join(temp.dir, 'deaths.csv');
    const lines = ['state,month,deaths'];
    // Flat around 150 a month in Arizona from 2020 (the count models need three years and two months of history),
    // then a jump in January 2024, when CDC's fixture data rises too.
    for (let i = 0; i < 54; i++) {
      const month = new Date(Date.UTC(2020, i, 1)).toISOString().slice(0, 10);
      lines.push(`AZ,${month},${month === '2024-01-01' ? 260 : 150 + ((i * 7) % 5)}`);
    }
    writeFileSync(csv, `${lines.join('\n')}\n`);
    writeFileSync(join(temp.dir, 'test_monthly_deaths.ts'), pipelineFile(csv));
    const all = await withExtraPipelines(pipelines, [temp.dir]);
    await runPipelines({
      data: 'demo',
      config: temp.config,
      pipelines: all,
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

  it('marks an alarm corroborated when another source alarmed for the same drug and state within the lag', async () => {
    // Monthly deaths are counts: the count models run on them.
    const spike = await queryRows<{ method: string; alarm: boolean; corroborated_by: string[] | null }>(
      wh.connection,
      `SELECT method, alarm, corroborated_by FROM analytics.alerts
       WHERE source = 'test_monthly_deaths' AND period_end = DATE '2024-01-31' ORDER BY method`,
    );
    expect(spike).toEqual([
      { method: 'farrington', alarm: true, corroborated_by: ['cdc_vsrr_state'] },
      { method: 'noufaily', alarm: true, corroborated_by: ['cdc_vsrr_state'] },
    ]);
    const cdc = await queryRows<{ n: number }>(
      wh.connection,
      `SELECT count(*) AS n FROM analytics.alerts
       WHERE source = 'cdc_vsrr_state' AND geo_code = 'AZ' AND drug = 'fentanyl' AND alarm
         AND list_contains(corroborated_by, 'test_monthly_deaths')`,
    );
    expect(cdc[0]?.n).toBeGreaterThan(0);
    // Alarms with nothing from another source nearby stay uncorroborated; non-alarms are never marked.
    const strays = await queryRows(
      wh.connection,
      `SELECT * FROM analytics.alerts WHERE corroborated_by IS NOT NULL AND (NOT alarm OR geo_code <> 'AZ' OR drug <> 'fentanyl')`,
    );
    expect(strays).toEqual([]);
  });
});
