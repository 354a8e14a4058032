import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { runPipelines } from '../../src/run/run.ts';
import { openWarehouse, queryRows, queryValue, type Warehouse } from '../../src/warehouse/connection.ts';
import { sharedDatasets, type TempConfig, tempConfig } from '../support/tempConfig.ts';

// The warehouse `npm start` builds: every bundled real release (pipelines/<source>/releases/), nothing synthetic.
let temp: TempConfig;
let wh: Warehouse;
let log: string[];
beforeAll(async () => {
  temp = tempConfig();
  log = [];
  await runPipelines({
    data: 'bundled',
    config: temp.config,
    pipelines,
    command: 'ingest',
    ingest: true,
    detect: false,
    log: (m) => log.push(m),
  });
  wh = await openWarehouse(temp.config.warehouse, { readOnly: true });
}, 120_000);
afterAll(() => {
  wh?.closeSync();
  temp?.cleanup();
});

const one = async <T>(sql: string, params: unknown[] = []) =>
  queryValue<T>(wh.connection, sql, params as never);

describe('the bundled real releases', () => {
  it('are loaded, and only they: no demo load, and the sources without a release say so', async () => {
    const loads = await queryRows<{ source: string; vintage: string; demo: boolean }>(
      wh.connection,
      "SELECT source, strftime(vintage, '%Y-%m-%d') AS vintage, demo FROM meta.loads WHERE status = 'loaded' ORDER BY source, vintage",
    );
    expect(loads.map((l) => `${l.source} ${l.vintage}`)).toEqual([
      'cbp_seizures 2022-10-01',
      'cbp_seizures 2026-01-01',
      'cdc_naloxone_rates 2025-10-14',
      'cdc_specific_drugs 2025-01-05',
      'cdc_vsrr_state 2019-03-13',
      'cdc_vsrr_state 2025-07-16',
      'census_state_population 2023-12-19',
      'census_state_population 2024-12-19',
      'conapo_state_population 2018-12-31',
      'sesnsp_fuero_comun 2022-06-20',
      'sesnsp_fuero_federal 2025-08-20',
    ]);
    expect(loads.every((l) => l.demo === false)).toBe(true);
    expect(await one("SELECT value FROM meta.info WHERE key = 'demo'")).toBe('false');
    for (const source of ['cdc_vsrr_county', 'inegi_deaths', 'medicaid_sdud', 'mx_panel_seizures']) {
      expect(log).toContain(
        `${source}: not loaded: no bundled release (run --live, or add a file in centinela.config.json)`,
      );
    }
  });

  it('give the published US figures: 107,573 overdose deaths in the 12 months ending December 2021 (109,099 predicted)', async () => {
    const rows = await queryRows<{ measure: string; value: number; vintage: string }>(
      wh.connection,
      `SELECT measure, value, strftime(vintage, '%Y-%m-%d') AS vintage FROM analytics.observations
       WHERE source = 'cdc_vsrr_state' AND geo_code = 'US' AND drug = 'all_drugs' AND period_type = '12mo_ending'
         AND period_end = DATE '2021-12-31' AND measure IN ('deaths', 'deaths_predicted') ORDER BY measure`,
    );
    expect(rows).toEqual([
      { measure: 'deaths', value: 107_573, vintage: '2025-07-16' },
      { measure: 'deaths_predicted', value: 109_099, vintage: '2025-07-16' },
    ]);
    // Specific drugs, 12 months ending December 2023 (SOURCE.md: the regions add up to these US rows).
    const specific = await queryRows<{ drug: string; value: number }>(
      wh.connection,
      `SELECT drug, value FROM analytics.observations
       WHERE source = 'cdc_specific_drugs' AND geo_code = 'US' AND measure = 'deaths'
         AND period_end = DATE '2023-12-31' AND drug IN ('fentanyl', 'methamphetamine') ORDER BY drug`,
    );
    expect(specific).toEqual([
      { drug: 'fentanyl', value: 72_984 },
      { drug: 'methamphetamine', value: 34_043 },
    ]);
  });

  it('give the published populations (Census V2024 and CONAPO 2018, July 2024)', async () => {
    const pop = async (source: string, geo: string, year: number) =>
      one<number>(
        `SELECT population FROM analytics.population WHERE source = $1 AND geo_code = $2 AND year = $3`,
        [source, geo, year],
      );
    expect(await pop('census_state_population', 'US', 2024)).toBe(340_110_988);
    expect(await pop('census_state_population', 'TX', 2024)).toBe(31_290_831);
    expect(await pop('conapo_state_population', 'MX', 2024)).toBe(132_308_276);
  });
});

// Every value of each release against what DuckDB reads from the publisher's own file (CI has ../shared).
const cdcDir = join(sharedDatasets, 'cdc-vsrr-provisional-overdose-state');
const csv2018 = join(cdcDir, 'VSRR_Provisional_Drug_Overdose_Death_Counts_through_2018-09.csv');
const parquet2025 = join(cdcDir, 'xkb8-kh2a_snapshot_data_through_2025-02.parquet');
const cbpDir = join(sharedDatasets, 'cbp-nationwide-drug-seizures');
const cbpFiles = ['nationwide-drugs-fy19-fy22.csv', 'nationwide-drugs-fy23-fy26-dec.csv'].map((f) =>
  join(cbpDir, f),
);
const present = [csv2018, parquet2025, ...cbpFiles].every(existsSync);
if (!present) console.warn(`skipping the bundled-vs-publisher comparisons: ${sharedDatasets} not found`);

const q = (path: string) => `'${path.replaceAll("'", "''")}'`;

describe.skipIf(!present)('the bundled releases against the publishers’ files', () => {
  it.each([
    ['2019-03-13', `read_csv(${q(csv2018)}, all_varchar = true)`],
    ['2025-07-16', `read_parquet(${q(parquet2025)})`],
  ])(
    'CDC VSRR state, vintage %s: every reported and predicted value equals the file',
    async (vintage, from) => {
      const mismatches = await queryRows<{ n: number; missing: number; extra: number; differ: number }>(
        wh.connection,
        `WITH file AS (
         SELECT "State" AS state, CAST(CAST("Year" AS DOUBLE) AS INTEGER) AS year, "Month" AS month,
                "Indicator" AS indicator, CAST(replace(CAST("Data Value" AS VARCHAR), ',', '') AS DOUBLE) AS data_value,
                CAST(replace(CAST("Predicted Value" AS VARCHAR), ',', '') AS DOUBLE) AS predicted_value
         FROM ${from}
       ),
       loaded AS (SELECT * FROM raw.cdc_vsrr_state WHERE vintage = DATE '${vintage}')
       SELECT count(*) AS n,
              count(*) FILTER (WHERE l.state IS NULL) AS missing,
              count(*) FILTER (WHERE f.state IS NULL) AS extra,
              count(*) FILTER (WHERE l.data_value IS DISTINCT FROM f.data_value
                                  OR l.predicted_value IS DISTINCT FROM f.predicted_value) AS differ
       FROM file AS f FULL JOIN loaded AS l USING (state, year, month, indicator)`,
      );
      expect(mismatches[0]).toMatchObject({ missing: 0, extra: 0, differ: 0 });
      expect(mismatches[0]?.n).toBe(vintage === '2019-03-13' ? 13_320 : 76_860);
    },
  );

  it('CDC VSRR state: the revisions between the two releases are what the two files say', async () => {
    // US, 12 months ending September 2018 (provisional in 2019, final data by 2025), T40.4, straight from both files.
    const fromFiles = await queryRows<{ old: number; new: number }>(
      wh.connection,
      `SELECT (SELECT CAST("Data Value" AS DOUBLE) FROM read_csv(${q(csv2018)}, all_varchar = true)
                WHERE "State" = 'US' AND "Year" = '2018' AND "Month" = 'September'
                  AND "Indicator" = 'Synthetic opioids, excl. methadone (T40.4)') AS old,
              (SELECT "Data Value" FROM read_parquet(${q(parquet2025)})
                WHERE "State" = 'US' AND "Year" = 2018 AND "Month" = 'September'
                  AND "Indicator" = 'Synthetic opioids, excl. methadone (T40.4)') AS new`,
    );
    const revised = await queryRows<{ old_value: number; new_value: number; change: number }>(
      wh.connection,
      `SELECT old_value, new_value, change FROM analytics.revisions
       WHERE source = 'cdc_vsrr_state' AND geo_code = 'US' AND drug = 'fentanyl' AND measure = 'deaths'
         AND period_end = DATE '2018-09-30' AND old_vintage = DATE '2019-03-13' AND new_vintage = DATE '2025-07-16'`,
    );
    const f = fromFiles[0] as { old: number; new: number };
    expect(f.old).not.toBe(f.new);
    expect(revised).toEqual([{ old_value: f.old, new_value: f.new, change: f.new - f.old }]);
    // And every revised "Number of Drug Overdose Deaths" value: the keys whose reported value differs between the files.
    const counted = await queryRows<{ files: number; revisions: number }>(
      wh.connection,
      `SELECT
         (SELECT count(*) FROM read_csv(${q(csv2018)}, all_varchar = true) AS o
            JOIN read_parquet(${q(parquet2025)}) AS n
              ON n."State" = o."State" AND n."Year" = CAST(o."Year" AS INTEGER) AND n."Month" = o."Month"
             AND n."Indicator" = o."Indicator"
          WHERE o."Indicator" = 'Number of Drug Overdose Deaths'
            AND CAST(o."Data Value" AS DOUBLE) IS DISTINCT FROM n."Data Value") AS files,
         (SELECT count(*) FROM analytics.revisions
          WHERE source = 'cdc_vsrr_state' AND drug = 'all_drugs' AND measure = 'deaths'
            AND old_vintage = DATE '2019-03-13' AND new_vintage = DATE '2025-07-16') AS revisions`,
    );
    expect(counted[0]?.files).toBeGreaterThan(0);
    expect(counted[0]?.revisions).toBe(counted[0]?.files);
  });

  it('CBP: kilograms per calendar month, for the nation, equal the files’ pounds × 0.45359237', async () => {
    const rows = await queryRows<{ months: number; worst: number }>(
      wh.connection,
      `WITH file AS (
         SELECT CAST(regexp_extract("FY", '(\\d{4})', 1) AS INTEGER) AS fy, upper("Month (abbv)") AS mon,
                "Drug Type" AS drug_type, CAST("Sum Qty (lbs)" AS DOUBLE) AS lbs
         FROM read_csv([${cbpFiles.map(q).join(', ')}], all_varchar = true)
       ),
       months AS (
         SELECT *, strptime(mon || ' ' || CAST(CASE WHEN mon IN ('OCT', 'NOV', 'DEC') THEN fy - 1 ELSE fy END AS VARCHAR), '%b %Y')::DATE AS month_start
         FROM file WHERE drug_type = 'Fentanyl'
       ),
       expected AS (SELECT month_start, sum(lbs) * 0.45359237 AS kg FROM months GROUP BY month_start)
       SELECT count(*) AS months, max(abs(o.value - e.kg)) AS worst
       FROM expected AS e JOIN analytics.observations AS o
         ON o.source = 'cbp_seizures' AND o.geo_level = 'nation' AND o.drug = 'fentanyl'
        AND o.measure = 'seizure_kg' AND o.period_type = 'month' AND o.period_start = e.month_start`,
    );
    // October 2018 – December 2025, every month, to the gram (kg are rounded to the milligram per port).
    expect(rows[0]?.months).toBe(87);
    expect(rows[0]?.worst).toBeLessThan(0.001);
  });

  it('SESNSP: the published national figures, summed from the bundled releases’ states', async () => {
    const rows = await queryRows<{ source: string; drug: string; value: number }>(
      wh.connection,
      `SELECT source, drug, value FROM analytics.observations WHERE geo_code = 'MX' AND measure = 'investigations'
         AND ((source = 'sesnsp_fuero_comun' AND drug = 'narcomenudeo' AND period_start = DATE '2019-01-01')
           OR (source = 'sesnsp_fuero_federal' AND drug = 'contra_la_salud_posesion' AND period_start = DATE '2024-01-01'))
       ORDER BY source`,
    );
    expect(rows).toEqual([
      { source: 'sesnsp_fuero_comun', drug: 'narcomenudeo', value: 5664 },
      { source: 'sesnsp_fuero_federal', drug: 'contra_la_salud_posesion', value: 287 },
    ]);
  });
});
