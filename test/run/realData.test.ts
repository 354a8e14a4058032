import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPipeline, pipelines } from '../../pipelines/index.ts';
import { runPipelines } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { sharedDatasets, type TempConfig, tempConfig } from '../support/tempConfig.ts';

// The publisher's real files, when this checkout sits beside ../shared (CI has them). Never copied into the project.
const dir = join(sharedDatasets, 'cdc-vsrr-provisional-overdose-state');
const release2018 = join(dir, 'VSRR_Provisional_Drug_Overdose_Death_Counts_through_2018-09.csv');
const snapshot2025 = join(dir, 'xkb8-kh2a_snapshot_data_through_2025-02.parquet');
const excerpt2025 = join(dir, 'xkb8-kh2a_excerpt_vintage_through_2025-04.csv');
const present = existsSync(release2018) && existsSync(snapshot2025) && existsSync(excerpt2025);
if (!present) console.warn(`skipping real CDC data tests: ${dir} not found`);

let temp: TempConfig | undefined;
afterEach(() => temp?.cleanup());

type Totals = { indicator: string; n: number; reported: number; value_sum: number; predicted_sum: number };

async function directTotals(from: string): Promise<Totals[]> {
  const wh = await openWarehouse(':memory:');
  try {
    return await queryRows<Totals>(
      wh.connection,
      `SELECT "Indicator" AS indicator, count(*) AS n, count("Data Value") AS reported,
              coalesce(sum("Data Value"), 0) AS value_sum, coalesce(sum("Predicted Value"), 0) AS predicted_sum
       FROM ${from} GROUP BY 1 ORDER BY 1`,
    );
  } finally {
    wh.closeSync();
  }
}

async function loadedTotals(path: string, vintage: string): Promise<Totals[]> {
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    return await queryRows<Totals>(
      wh.connection,
      `SELECT indicator, count(*) AS n, count(data_value) AS reported, coalesce(sum(data_value), 0) AS value_sum,
              coalesce(sum(predicted_value), 0) AS predicted_sum
       FROM raw.cdc_vsrr_state WHERE vintage = DATE '${vintage}' GROUP BY 1 ORDER BY 1`,
    );
  } finally {
    wh.closeSync();
  }
}

/** The 2025 snapshot is a Parquet copy of the download: written back out as the publisher's 12-column CSV. */
async function snapshotAsCsv(dir: string): Promise<string> {
  const csv = join(dir, 'VSRR_2025-02.csv');
  const wh = await openWarehouse(':memory:');
  try {
    await wh.connection.run(
      `COPY (SELECT "State", CAST("Year" AS INTEGER) AS "Year", "Month", "Period", "Indicator", "Data Value",
                    "Percent Complete", "Percent Pending Investigation", "State Name", "Footnote", "Footnote Symbol",
                    "Predicted Value"
             FROM '${snapshot2025}') TO '${csv}' (HEADER, DELIMITER ',')`,
    );
  } finally {
    wh.closeSync();
  }
  return csv;
}

describe.skipIf(!present)('real CDC VSRR releases', () => {
  it('loads the 2018 release and the 2025 snapshot with the counts and values DuckDB reads from the files', async () => {
    const t = tempConfig();
    temp = t;
    const csv2025 = await snapshotAsCsv(t.dir);
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [
        { kind: 'file', path: release2018, vintage: '2019-01-16', demo: false },
        { kind: 'file', path: csv2025, vintage: '2025-03-16', demo: false },
        // 19 rows of a later release, not the release: it withdraws nothing.
        { kind: 'file', path: excerpt2025, vintage: '2025-05-14', demo: false, releaseScope: 'none' },
      ],
    };
    const summary = await runPipelines({
      config: t.config,
      pipelines: [findPipeline('cdc_vsrr_state')],
      allPipelines: pipelines,
      command: 'run',
      ingest: true,
      detect: true,
    });
    expect(summary.loads.map((l) => [l.rowsLoaded, l.rowsRejected])).toEqual([
      [13_320, 0],
      [76_860, 0],
      [19, 0],
    ]);
    expect(await loadedTotals(t.config.warehouse, '2019-01-16')).toEqual(
      await directTotals(`read_csv('${release2018}', header = true)`),
    );
    expect(await loadedTotals(t.config.warehouse, '2025-03-16')).toEqual(
      await directTotals(`'${snapshot2025}'`),
    );
    expect(await loadedTotals(t.config.warehouse, '2025-05-14')).toEqual(
      await directTotals(`read_csv('${excerpt2025}', header = true, thousands = ',')`),
    );

    const pub = await openWarehouse(t.config.warehouse, { readOnly: true });
    try {
      // "99.5+" survives as text in raw; quoted "2,237" is the number 2237; suppressed cells are NULL, not 0.
      const quirks = await queryRows(
        pub.connection,
        `SELECT
           (SELECT count(*) FROM raw.cdc_vsrr_state WHERE vintage = DATE '2019-01-16' AND percent_complete = '99.5+') AS plus,
           (SELECT data_value FROM raw.cdc_vsrr_state WHERE vintage = DATE '2025-05-14' AND state = 'YC'
              AND year = 2022 AND month = 'February') AS yc,
           (SELECT count(*) FROM analytics.observations WHERE status = 'suppressed' AND value IS NULL) AS suppressed,
           (SELECT count(*) FROM analytics.observations WHERE status = 'suppressed' AND value IS NOT NULL) AS zeroed,
           (SELECT count(DISTINCT geo_code) FROM analytics.observations) AS places`,
      );
      expect(quirks[0]).toMatchObject({ plus: 28, yc: 2237, zeroed: 0, places: 54 });
      expect((quirks[0] as { suppressed: number }).suppressed).toBeGreaterThan(1000);
      // US fentanyl (T40.4), 12 months ending Dec 2017, as published in the Sep-2018 release (SOURCE.md).
      const us2017 = await queryRows(
        pub.connection,
        `SELECT data_value FROM raw.cdc_vsrr_state WHERE vintage = DATE '2019-01-16' AND state = 'US'
           AND year = 2017 AND month = 'December' AND indicator = 'Synthetic opioids, excl. methadone (T40.4)'`,
      );
      expect(us2017).toEqual([{ data_value: 28_659 }]);
    } finally {
      pub.closeSync();
    }
  });

  it('reads the 2018 release in the real 10-column order and with its columns shuffled: the same values', async () => {
    const t = tempConfig();
    temp = t;
    // The 2018 releases' 10-column order (no Period, no Footnote Symbol), and the 12 columns in another order,
    // both written by DuckDB from the real 12-column file.
    const tenColumn = join(t.dir, 'VSRR_2018_10col.csv');
    const shuffled = join(t.dir, 'VSRR_2018_shuffled.csv');
    const wh = await openWarehouse(':memory:');
    try {
      const from = `read_csv('${release2018}', header = true, all_varchar = true)`;
      await wh.connection.run(
        `COPY (SELECT "State", "State Name", "Year", "Month", "Indicator", "Data Value", "Predicted Value",
                      "Percent Complete", "Percent Pending Investigation", "Footnote" FROM ${from})
           TO '${tenColumn}' (HEADER, DELIMITER ',');
         COPY (SELECT "Footnote Symbol", "Predicted Value", "Indicator", "State Name", "Data Value", "Year", "Footnote",
                      "Percent Pending Investigation", "Period", "State", "Percent Complete", "Month" FROM ${from})
           TO '${shuffled}' (HEADER, DELIMITER ',')`,
      );
    } finally {
      wh.closeSync();
    }
    const header = (path: string) => readFileSync(path, 'utf8').split('\n')[0];
    expect(header(tenColumn)).toBe(
      'State,State Name,Year,Month,Indicator,Data Value,Predicted Value,Percent Complete,Percent Pending Investigation,Footnote',
    );
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [
        { kind: 'file', path: release2018, vintage: '2019-01-16', demo: false },
        { kind: 'file', path: tenColumn, vintage: '2019-01-17', demo: false },
        { kind: 'file', path: shuffled, vintage: '2019-01-18', demo: false },
      ],
    };
    const summary = await runPipelines({
      config: t.config,
      pipelines: [findPipeline('cdc_vsrr_state')],
      allPipelines: pipelines,
      command: 'ingest',
      ingest: true,
      detect: false,
    });
    expect(summary.loads.map((l) => [l.layout, l.rowsLoaded, l.rowsRejected, l.unknownColumns])).toEqual([
      ['vsrr_12col', 13_320, 0, []],
      ['vsrr_10col', 13_320, 0, []],
      ['vsrr_12col', 13_320, 0, []],
    ]);
    const pub = await openWarehouse(t.config.warehouse, { readOnly: true });
    try {
      const rowsOf = (vintage: string, columns: string) =>
        queryRows(
          pub.connection,
          `SELECT ${columns} FROM raw.cdc_vsrr_state WHERE vintage = DATE '${vintage}' ORDER BY ALL`,
        );
      const all = '* EXCLUDE (load_id, vintage)';
      expect(await rowsOf('2019-01-18', all)).toEqual(await rowsOf('2019-01-16', all));
      const ten =
        'state, state_name, year, month, indicator, data_value, predicted_value, percent_complete, percent_pending_investigation, footnote';
      expect(await rowsOf('2019-01-17', ten)).toEqual(await rowsOf('2019-01-16', ten));
      const [missing] = await queryRows<{ period: number; symbol: number }>(
        pub.connection,
        `SELECT count(period) AS period, count(footnote_symbol) AS symbol FROM raw.cdc_vsrr_state WHERE vintage = DATE '2019-01-17'`,
      );
      expect(missing).toEqual({ period: 0, symbol: 0 }); // not in the 10-column layout: NULL
    } finally {
      pub.closeSync();
    }
  });

  it('withdraws what the 2025 release no longer publishes of the 2018 one, and records the revisions the files show', async () => {
    const t = tempConfig();
    temp = t;
    const csv2025 = await snapshotAsCsv(t.dir);
    const V2018 = '2019-02-13';
    const V2025 = '2025-07-16';
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [
        { kind: 'file', path: release2018, vintage: V2018, demo: false },
        { kind: 'file', path: csv2025, vintage: V2025, demo: false },
      ],
    };
    await runPipelines({
      config: t.config,
      pipelines: [findPipeline('cdc_vsrr_state')],
      allPipelines: pipelines,
      command: 'run',
      ingest: true,
      detect: false,
    });

    // Straight from the two files: the 2018 cells the 2025 release no longer has (a whole key gone, or, for CDC's
    // predicted count, a prediction given in 2018 and not in 2025 for a cell that has a value), and the changed counts.
    const files = await openWarehouse(':memory:');
    type Direct = { gone: number; predictions_gone: number; changed: number };
    let direct: Direct;
    let us2017: { a_value: number; a_predicted: number; b_value: number; b_predicted: number };
    try {
      await files.connection.run(
        `CREATE TABLE a AS SELECT * FROM read_csv('${release2018}', header = true);
         CREATE TABLE b AS SELECT * FROM '${snapshot2025}'`,
      );
      const key = '"State", "Year", "Month", "Indicator"';
      [direct] = (await queryRows<Direct>(
        files.connection,
        `SELECT
           (SELECT count(*) FROM a ANTI JOIN b USING (${key})) AS gone,
           (SELECT count(*) FROM a JOIN b USING (${key})
             WHERE (a."Predicted Value" IS NOT NULL OR a."Data Value" IS NULL)
               AND b."Predicted Value" IS NULL AND b."Data Value" IS NOT NULL) AS predictions_gone,
           (SELECT count(*) FROM a JOIN b USING (${key})
             WHERE "Indicator" <> 'Percent with drugs specified' AND a."Data Value" <> b."Data Value") AS changed`,
      )) as [Direct];
      [us2017] = (await queryRows(
        files.connection,
        `SELECT a."Data Value" AS a_value, a."Predicted Value" AS a_predicted, b."Data Value" AS b_value,
                b."Predicted Value" AS b_predicted
         FROM a JOIN b USING (${key})
         WHERE "State" = 'US' AND "Year" = 2017 AND "Month" = 'December'
           AND "Indicator" = 'Synthetic opioids, excl. methadone (T40.4)'`,
      )) as [typeof us2017];
    } finally {
      files.closeSync();
    }

    const pub = await openWarehouse(t.config.warehouse, { readOnly: true });
    try {
      const got = await queryRows<{ withdrawn: number; from2018: number; changed: number }>(
        pub.connection,
        `SELECT
           (SELECT count(*) FROM analytics.revisions WHERE new_status = 'withdrawn') AS withdrawn,
           (SELECT count(*) FROM analytics.observations WHERE vintage = DATE '${V2018}') AS from2018,
           (SELECT count(*) FROM analytics.revisions
             WHERE measure = 'deaths' AND old_vintage = DATE '${V2018}' AND new_vintage = DATE '${V2025}'
               AND old_value <> new_value) AS changed`,
      );
      // The 2018 release's cells are all in the 2025 one (West Virginia's drug-specific indicators, absent in 2018,
      // are back): nothing is withdrawn, and nothing current comes from 2018.
      expect(got).toEqual([
        { withdrawn: direct.gone + direct.predictions_gone, from2018: 0, changed: direct.changed },
      ]);
      expect(direct.changed).toBeGreaterThan(1000);
      const revised = await queryRows(
        pub.connection,
        `SELECT measure, old_value, new_value, change, strftime(old_vintage, '%Y-%m-%d') AS old_vintage,
                strftime(new_vintage, '%Y-%m-%d') AS new_vintage
         FROM analytics.revisions
         WHERE geo_code = 'US' AND drug = 'fentanyl' AND period_end = DATE '2017-12-31'
         ORDER BY measure`,
      );
      const row = (measure: string, from: number, to: number) =>
        from === to
          ? []
          : [
              {
                measure,
                old_value: from,
                new_value: to,
                change: to - from,
                old_vintage: V2018,
                new_vintage: V2025,
              },
            ];
      expect(revised).toEqual([
        ...row('deaths', us2017.a_value, us2017.b_value),
        ...row('deaths_predicted', us2017.a_predicted, us2017.b_predicted),
      ]);
      expect(revised.length).toBeGreaterThan(0);
    } finally {
      pub.closeSync();
    }
  }, 120_000);
});
