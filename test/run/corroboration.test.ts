import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { projectRoot } from '../../src/core/paths.ts';
import { withExtraPipelines } from '../../src/core/registry.ts';
import { runPipelines } from '../../src/run/run.ts';
import { openWarehouse, queryRows, type Warehouse } from '../../src/warehouse/connection.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';

// Made-up sources of monthly counts by state, defined the way an epidemiologist would: one file each. The first
// counts fentanyl deaths in US states, the second narcomenudeo investigations in Mexican states.
interface TestSource {
  name: string;
  country: 'US' | 'MX';
  drug: string;
  measure: string;
}
const DEATHS: TestSource = {
  name: 'test_monthly_deaths',
  country: 'US',
  drug: 'fentanyl',
  measure: 'deaths',
};
const INVESTIGATIONS: TestSource = {
  name: 'test_mx_investigations',
  country: 'MX',
  drug: 'narcomenudeo',
  measure: 'investigations',
};
const pipelineFile = (csv: string, t: TestSource) => `
import { definePipeline } from '${join(projectRoot, 'src/core/pipeline.ts')}';
export default definePipeline({
  name: '${t.name}',
  title: { en: 'Test ${t.measure}', es: 'Prueba ${t.measure}' },
  publisher: 'Test',
  releases: 'monthly',
  schedule: { cron: '0 6 * * *', timezone: 'UTC' },
  demoInputs: [{ kind: 'file', path: '${csv}', vintage: '2024-07-01', demo: true }],
  liveInputs: [{ kind: 'file', path: '${csv}' }],
  raw: {
    comment: 'Test counts.',
    columns: [
      { name: 'state', type: 'VARCHAR', comment: 'State code.' },
      { name: 'month', type: 'DATE', comment: 'First day of the month.' },
      { name: 'n', type: 'INTEGER', comment: 'Count.' },
    ],
  },
  csv: { layouts: [{ name: 'v1', description: 'test', fields: [['state', 'state'], ['month', 'month'], ['n', 'n']] }] },
  staging: {
    sql: \`SELECT '${t.name}' AS source, '${t.country}' AS country, 'state' AS geo_level, state AS geo_code,
                 month AS period_start, last_day(month) AS period_end, 'month' AS period_type, '${t.drug}' AS drug,
                 '${t.measure}' AS measure, n::DOUBLE AS value, 'reported' AS status, vintage, load_id, NULL AS note
          FROM raw.${t.name}\`,
  },
});
`;

describe('corroboration across sources', () => {
  let temp: TempConfig;
  let wh: Warehouse;
  beforeAll(async () => {
    temp = tempConfig();
    // Flat from 2020 (the count models need three years and two months of history), then a jump in one month.
    const write = (t: TestSource, spikes: [state: string, month: string, base: number, spike: number][]) => {
      const csv = join(temp.dir, `${t.name}.csv`);
      const lines = ['state,month,n'];
      for (const [state, spikeMonth, base, spike] of spikes) {
        for (let i = 0; i < 54; i++) {
          const month = new Date(Date.UTC(2020, i, 1)).toISOString().slice(0, 10);
          lines.push(`${state},${month},${month === spikeMonth ? spike : base + ((i * 7) % 5)}`);
        }
      }
      writeFileSync(csv, `${lines.join('\n')}\n`);
      writeFileSync(join(temp.dir, `${t.name}.ts`), pipelineFile(csv, t));
    };
    // Arizona deaths jump in January 2024, when CDC's fixture data rises too.
    write(DEATHS, [['AZ', '2024-01-01', 150, 260]]);
    // Narcomenudeo jumps in Sonora (across from Arizona) in March 2024, two months later, and in Yucatán (far from
    // the border) in January 2024.
    write(INVESTIGATIONS, [
      ['26', '2024-03-01', 300, 520],
      ['31', '2024-01-01', 300, 520],
    ]);
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
      `SELECT method, alarm, list_filter(corroborated_by, s -> s <> 'test_mx_investigations') AS corroborated_by
       FROM analytics.alerts
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
    // Non-alarms are never marked; the made-up deaths are corroborated only in Arizona, for fentanyl.
    const strays = await queryRows(
      wh.connection,
      `SELECT * FROM analytics.alerts WHERE corroborated_by IS NOT NULL
         AND (NOT alarm OR (source = 'test_monthly_deaths' AND (geo_code <> 'AZ' OR drug <> 'fentanyl')))`,
    );
    expect(strays).toEqual([]);
  });

  it('marks alarms on the two sides of one border region as co-occurring, within the lag', async () => {
    const mx = await queryRows<{
      geo_code: string;
      method: string;
      alarm: boolean;
      corroborated_by: string[] | null;
    }>(
      wh.connection,
      `SELECT geo_code, method, alarm, corroborated_by FROM analytics.alerts
       WHERE source = 'test_mx_investigations'
         AND (geo_code = '26' AND period_end = DATE '2024-03-31' OR geo_code = '31' AND period_end = DATE '2024-01-31')
       ORDER BY geo_code, method`,
    );
    // Sonora: Arizona's made-up deaths (January), CDC's Arizona fentanyl alarms and the fixture's CBP alarms at the
    // Arizona field office and sectors fall within three months. Yucatán is in no border region: its alarm stands alone.
    const cbp = await queryRows<{ geo_code: string }>(
      wh.connection,
      `SELECT DISTINCT geo_code FROM analytics.alerts
       WHERE source = 'cbp_seizures' AND alarm AND drug IN ('fentanyl', 'methamphetamine')
         AND period_end BETWEEN DATE '2023-12-31' AND DATE '2024-06-30'
         AND geo_code IN (SELECT geo_code FROM analytics.border_regions WHERE region = 'sonora_arizona')`,
    );
    expect(cbp.length).toBeGreaterThan(0);
    expect(mx).toEqual([
      {
        geo_code: '26',
        method: 'farrington',
        alarm: true,
        corroborated_by: ['cbp_seizures', 'cdc_vsrr_state', 'test_monthly_deaths'],
      },
      {
        geo_code: '26',
        method: 'noufaily',
        alarm: true,
        corroborated_by: ['cbp_seizures', 'cdc_vsrr_state', 'test_monthly_deaths'],
      },
      { geo_code: '31', method: 'farrington', alarm: true, corroborated_by: null },
      { geo_code: '31', method: 'noufaily', alarm: true, corroborated_by: null },
    ]);
    // And the other way: the Arizona deaths of January 2024 now also name the Sonora investigations.
    const az = await queryRows<{ corroborated_by: string[] }>(
      wh.connection,
      `SELECT DISTINCT corroborated_by FROM analytics.alerts
       WHERE source = 'test_monthly_deaths' AND period_end = DATE '2024-01-31' AND alarm`,
    );
    expect(az).toEqual([{ corroborated_by: ['cdc_vsrr_state', 'test_mx_investigations'] }]);
    // Nothing Mexican is corroborated from outside its region: every MX alarm marked shares a region with a US one.
    const outside = await queryRows(
      wh.connection,
      `SELECT a.* FROM analytics.alerts AS a
       WHERE a.country = 'MX' AND a.corroborated_by IS NOT NULL AND a.geo_level = 'state'
         AND a.geo_code NOT IN (SELECT geo_code FROM analytics.border_regions WHERE country = 'MX')`,
    );
    expect(outside).toEqual([]);
  });
});
