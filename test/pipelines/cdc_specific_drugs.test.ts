import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPECIFIC_DRUGS_PAGE_SIZE } from '../../pipelines/cdc_specific_drugs/fixtures.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { RunError } from '../../src/run/run.ts';
import { serveFile } from '../support/fixtureServer.ts';
import { duck, fileInput, type SourceRun, sourceTests } from '../support/sourceRun.ts';
import { sharedDatasets } from '../support/tempConfig.ts';

const { bad, fresh, serve } = sourceTests('cdc_specific_drugs', 'cdc-vsrr-specific-drugs');

type Obs = {
  geo_code: string;
  drug: string;
  m: string;
  value: number | null;
  status: string;
  note: string | null;
};
const observations = (run: SourceRun, where = 'true') =>
  run.rows<Obs>(
    `SELECT geo_code, drug, strftime(period_end, '%Y-%m') AS m, value, status, note
     FROM analytics.observations WHERE source = 'cdc_specific_drugs' AND ${where} ORDER BY ALL`,
  );

/**
 * The regions-sum-to-US rule, over a table with (geo_code, drug, period_end, value): with k regions suppressed
 * (1–9 deaths each), US − shown regions lies in [k, 9k]. Returns the offending groups.
 */
const regionsSumToUs = (from: string) => `
  WITH r AS (
    SELECT drug, period_end, count(*) AS n, coalesce(sum(value), 0) AS shown, count(*) FILTER (WHERE value IS NULL) AS k
    FROM ${from} WHERE geo_code LIKE 'HHS%' GROUP BY ALL
  )
  SELECT u.drug, u.period_end, u.value AS us, r.shown, r.k
  FROM ${from} AS u JOIN r USING (drug, period_end)
  WHERE u.geo_code = 'US' AND (r.n <> 10 OR NOT (u.value - r.shown BETWEEN r.k AND 9 * r.k))`;

describe('cdc_specific_drugs on the demo fixtures', () => {
  it('loads both releases, shows the latest, and keeps suppressed counts NULL (never 0)', async () => {
    const s = fresh();
    const summary = await s.run();
    expect(summary.loads.map((l) => [l.vintage, l.rowsLoaded, l.rowsRejected, l.layout])).toEqual([
      ['2024-10-06', 2541, 0, 'specific_drugs_9col'],
      ['2025-01-05', 2772, 0, 'specific_drugs_9col'],
    ]);
    const counts = await s.rows<{
      n: number;
      suppressed: number;
      zeros: number;
      places: number;
      drugs: number;
    }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE status = 'suppressed') AS suppressed,
              count(*) FILTER (WHERE value = 0) AS zeros, count(DISTINCT geo_code) AS places, count(DISTINCT drug) AS drugs
       FROM analytics.observations WHERE source = 'cdc_specific_drugs'`,
    );
    // 11 places × 7 drugs × 36 windows (2021-07 … 2024-06).
    expect(counts).toEqual([{ n: 2772, suppressed: 73, zeros: 0, places: 11, drugs: 7 }]);
    // Hand-checked against fixtures/cdc-vsrr-specific-drugs/Provisional_drug_overdose_death_counts_for_specific_drugs.csv.
    expect(
      await observations(
        s,
        `period_end = DATE '2024-06-30' AND drug IN ('fentanyl', 'xylazine') AND geo_code IN ('US', 'HHS7', 'HHS9')`,
      ),
    ).toEqual([
      {
        geo_code: 'HHS7',
        drug: 'fentanyl',
        m: '2024-06',
        value: expect.any(Number),
        status: 'provisional',
        note: null,
      },
      {
        geo_code: 'HHS7',
        drug: 'xylazine',
        m: '2024-06',
        value: null,
        status: 'suppressed',
        note: 'Death counts between 1-9 are suppressed.',
      },
      { geo_code: 'HHS9', drug: 'fentanyl', m: '2024-06', value: 6851, status: 'provisional', note: null },
      { geo_code: 'HHS9', drug: 'xylazine', m: '2024-06', value: 77, status: 'provisional', note: null },
      { geo_code: 'US', drug: 'fentanyl', m: '2024-06', value: 66370, status: 'provisional', note: null },
      { geo_code: 'US', drug: 'xylazine', m: '2024-06', value: 6174, status: 'provisional', note: null },
    ]);
    const window = await s.rows<{ start: string; end: string; type: string; level: string }>(
      `SELECT strftime(period_start, '%Y-%m-%d') AS start, strftime(period_end, '%Y-%m-%d') AS end,
              period_type AS type, geo_level AS level
       FROM analytics.observations WHERE source = 'cdc_specific_drugs' AND geo_code = 'HHS6'
         AND drug = 'methamphetamine' AND period_end = DATE '2024-02-29'`,
    );
    expect(window).toEqual([
      { start: '2023-03-01', end: '2024-02-29', type: '12mo_ending', level: 'region' },
    ]);
  });

  it('records the revisions between the two releases, and the later release wins', async () => {
    const s = fresh();
    await s.run();
    const revisions = await s.rows<{ n: number; first: string; last: string; old_vintage: string }>(
      `SELECT count(*) AS n, strftime(min(period_end), '%Y-%m') AS first, strftime(max(period_end), '%Y-%m') AS last,
              strftime(any_value(old_vintage), '%Y-%m-%d') AS old_vintage
       FROM analytics.revisions WHERE source = 'cdc_specific_drugs'`,
    );
    // The earlier release (through 2024-03) underreported its last 12 months; the later one revised them.
    expect(revisions[0]).toMatchObject({ first: '2023-04', last: '2024-03', old_vintage: '2024-10-06' });
    expect(revisions[0]?.n).toBeGreaterThan(700);
    const vintages = await s.rows<{ v: string; n: number }>(
      `SELECT strftime(vintage, '%Y-%m-%d') AS v, count(*) AS n FROM analytics.observations
       WHERE source = 'cdc_specific_drugs' GROUP BY 1`,
    );
    expect(vintages).toEqual([{ v: '2025-01-05', n: 2772 }]);
  });

  it('has the ten HHS regions add up to the US for every drug and window, within what suppression hides', async () => {
    const s = fresh();
    await s.run();
    const view = `(SELECT * FROM analytics.observations WHERE source = 'cdc_specific_drugs')`;
    expect(await s.rows(regionsSumToUs(view))).toEqual([]);
    // Exact wherever no region is suppressed.
    const exact = await s.rows<{ n: number }>(
      `WITH r AS (SELECT drug, period_end, sum(value) AS regions, count(value) AS shown FROM ${view}
                  WHERE geo_code LIKE 'HHS%' GROUP BY ALL)
       SELECT count(*) AS n FROM ${view} AS u JOIN r USING (drug, period_end)
       WHERE u.geo_code = 'US' AND r.shown = 10 AND u.value <> r.regions`,
    );
    expect(exact).toEqual([{ n: 0 }]);
  });
});

describe('cdc_specific_drugs refuses bad input with a clear error', () => {
  const cases: [string, RegExp][] = [
    [
      'missing_column.csv',
      /cdc_specific_drugs: .*missing_column\.csv line 1 column "footnote": missing column "footnote": expected the 9-column download or SODA API CSV \(specific_drugs_9col\): .*; the header has 8 fields: data_as_of,.*,drug_overdose_deaths$/,
    ],
    [
      'renamed_column.csv',
      /cdc_specific_drugs: .*renamed_column\.csv line 1 column "drug_overdose_deaths": missing column "drug_overdose_deaths" \(the file has "deaths" instead: renamed\?\)/,
    ],
    [
      'wrong_type.csv',
      /cdc_specific_drugs: .*wrong_type\.csv line 5 column "drug_overdose_deaths": .*1O52.*1 line\(s\) rejected/,
    ],
    ['bad_date.csv', /cdc_specific_drugs: .*bad_date\.csv line 7 column "month_ending_date": .*2024-04-30/],
    [
      'empty_drug.csv',
      /check cdc_specific_drugs_unmapped_rows failed: 3 offending row\(s\), e\.g\. .*"jurisdiction_occurrence":"Region 4","drug_involved":null/,
    ],
    [
      'unknown_region.csv',
      /check cdc_specific_drugs_unmapped_rows failed: 3 offending row\(s\), e\.g\. .*"jurisdiction_occurrence":"Region 11"/,
    ],
    [
      'duplicate_keys.csv',
      /check cdc_specific_drugs_keys_unique failed: 1 offending row\(s\), e\.g\. .*duplicate_keys\.csv.*"Region 1","drug_involved":"Fentanyl"/,
    ],
    [
      'regions_do_not_sum.csv',
      /check cdc_specific_drugs_regions_sum_to_us failed: 1 offending row\(s\), e\.g\. .*"difference":100/,
    ],
  ];
  it.each(cases)('%s', async (name, message) => {
    const s = fresh();
    const error = await s.run([fileInput(bad(name), '2025-01-05')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toMatch(message);
    // Nothing was published.
    expect(existsSync(s.temp.config.warehouse)).toBe(false);
  });
});

describe('cdc_specific_drugs with drugs a newer release adds', () => {
  it('loads a drug no seed lists under a code made from its label, named as CDC spells it', async () => {
    const s = fresh();
    const summary = await s.run([
      fileInput(join(fixturesDir, 'cdc-vsrr-specific-drugs/new_drugs.csv'), '2025-01-05'),
    ]);
    expect(summary.loads.map((l) => [l.rowsLoaded, l.rowsRejected])).toEqual([[99, 0]]);
    const byDrug = await s.rows<{ drug: string; n: number; total: number }>(
      `SELECT drug, count(*) AS n, sum(value) AS total FROM analytics.observations
       WHERE source = 'cdc_specific_drugs' GROUP BY 1 ORDER BY 1`,
    );
    // The file repeats fentanyl's 33 rows (US and ten regions, three windows) under each new label.
    const fentanyl = byDrug.find((d) => d.drug === 'fentanyl');
    expect(byDrug).toEqual([
      { drug: 'bromazolam', n: 33, total: fentanyl?.total },
      { drug: 'fentanyl', n: 33, total: fentanyl?.total },
      { drug: 'nitazenes', n: 33, total: fentanyl?.total },
    ]);
    const labels = await s.rows(
      `SELECT code, label_en, label_es, short_en, short_es, icd10 FROM analytics.drugs
       WHERE code IN ('nitazenes', 'bromazolam') ORDER BY code`,
    );
    expect(labels).toEqual([
      {
        code: 'bromazolam',
        label_en: 'Bromazolam',
        label_es: 'Bromazolam',
        short_en: 'bromazolam',
        short_es: 'bromazolam',
        icd10: null,
      },
      {
        code: 'nitazenes',
        label_en: 'Nitazenes',
        label_es: 'Nitazenes',
        short_en: 'nitazenes',
        short_es: 'nitazenes',
        icd10: null,
      },
    ]);
    const aliases = await s.rows(
      `SELECT source_label, drug FROM analytics.drug_aliases WHERE source = 'cdc_specific_drugs' AND drug IN ('nitazenes', 'bromazolam') ORDER BY 1`,
    );
    expect(aliases).toEqual([
      { source_label: 'Bromazolam', drug: 'bromazolam' },
      { source_label: 'Nitazenes', drug: 'nitazenes' },
    ]);
  });
});

describe('cdc_specific_drugs from the SODA API (local recorded responses)', () => {
  const recorded = join(fixturesDir, 'http/socrata/8hzs-zshh');
  const page = (n: number) => readFileSync(join(recorded, `page-0000${n}.csv`));

  it('pages through the API, retries a 503, and takes the vintage from the metadata', async () => {
    const server = await serve({
      '/api/views/8hzs-zshh.json': serveFile(join(recorded, 'metadata.json')),
      '/resource/8hzs-zshh.csv': [
        { status: 503, body: 'busy' },
        { body: page(0), contentType: 'text/csv; charset=utf-8' },
        { body: page(1), contentType: 'text/csv; charset=utf-8' },
        { body: page(2), contentType: 'text/csv; charset=utf-8' },
      ],
    });
    const s = fresh();
    s.temp.config.http = { ...s.temp.config.http, retries: 2 };
    const summary = await s.run([
      {
        kind: 'socrata',
        baseUrl: server.url,
        datasetId: '8hzs-zshh',
        pageSize: SPECIFIC_DRUGS_PAGE_SIZE,
      },
    ]);
    expect(summary.loads.map((l) => [l.vintage, l.rowsLoaded, l.layout])).toEqual([
      ['2025-01-08', 2772, 'specific_drugs_9col'],
    ]);
    expect(s.log.join('\n')).toMatch(/retrying \S+\$offset=0\S+ in \d+ ms \(returned HTTP 503/);
    expect(
      server.requests.filter((q) => q.pathname.endsWith('.csv')).map((q) => q.query.get('$offset')),
    ).toEqual(['0', '0', '1000', '2000']);
    // The same values as the download of the same release.
    expect(
      await observations(s, `geo_code = 'US' AND drug = 'fentanyl' AND period_end = DATE '2024-06-30'`),
    ).toEqual([
      { geo_code: 'US', drug: 'fentanyl', m: '2024-06', value: 66370, status: 'provisional', note: null },
    ]);
  });
});

// The publisher's real release, when this checkout sits beside ../shared (never copied into the project).
const realFile = join(
  sharedDatasets,
  'cdc-vsrr-specific-drugs/8hzs-zshh_specific_drugs_data_as_of_2025-01-05.csv',
);
const realPresent = existsSync(realFile);
if (!realPresent) console.warn(`skipping the real CDC specific-drugs test: ${realFile} not found`);

describe.skipIf(!realPresent)('cdc_specific_drugs on the real 2025-01-05 release', () => {
  it('loads every row; totals by drug, place and window equal what DuckDB reads from the file; regions sum to the US', async () => {
    const s = fresh();
    const summary = await s.run([fileInput(realFile, '2025-01-05')]);
    expect(summary.loads.map((l) => [l.rowsLoaded, l.rowsRejected])).toEqual([[5082, 0]]);

    type Total = { drug: string; place: string; m: string; deaths: number | null };
    // Straight from the file, with DuckDB's own CSV reader (text, then cast), not through the pipeline.
    const direct = await duck<Total>(
      `SELECT lower(drug_involved) AS drug, jurisdiction_occurrence AS place,
              strftime(strptime(month_ending_date, '%m/%d/%Y'), '%Y-%m') AS m,
              CAST(drug_overdose_deaths AS DOUBLE) AS deaths
       FROM read_csv('${realFile}', all_varchar = true) ORDER BY ALL`,
    );
    const loaded = await s.rows<Total>(
      `SELECT o.drug, CASE WHEN o.geo_code = 'US' THEN 'United States' ELSE 'Region ' || substr(o.geo_code, 4) END AS place,
              strftime(o.period_end, '%Y-%m') AS m, o.value AS deaths
       FROM analytics.observations AS o WHERE o.source = 'cdc_specific_drugs' ORDER BY ALL`,
    );
    expect(loaded).toHaveLength(5082);
    expect(loaded).toEqual(direct);

    const byDrug = await s.rows<{ drug: string; total: number; suppressed: number }>(
      `SELECT drug, sum(value) AS total, count(*) FILTER (WHERE status = 'suppressed') AS suppressed
       FROM analytics.observations WHERE source = 'cdc_specific_drugs' GROUP BY 1 ORDER BY 1`,
    );
    const byDrugDirect = await duck<{ drug: string; total: number; suppressed: number }>(
      `SELECT lower(drug_involved) AS drug, sum(CAST(drug_overdose_deaths AS DOUBLE)) AS total,
              count(*) FILTER (WHERE drug_overdose_deaths IS NULL) AS suppressed
       FROM read_csv('${realFile}', all_varchar = true) GROUP BY 1 ORDER BY 1`,
    );
    expect(byDrug).toEqual(byDrugDirect);
    expect(byDrug.find((d) => d.drug === 'xylazine')?.suppressed).toBe(34);

    // Hand-checked in the file: 12 months ending December 2023 (SOURCE.md) and the release's last window.
    expect(
      await observations(
        s,
        `geo_code = 'US' AND period_end IN (DATE '2023-12-31', DATE '2024-06-30') AND drug = 'fentanyl'`,
      ),
    ).toEqual([
      { geo_code: 'US', drug: 'fentanyl', m: '2023-12', value: 72984, status: 'provisional', note: null },
      { geo_code: 'US', drug: 'fentanyl', m: '2024-06', value: 61075, status: 'provisional', note: null },
    ]);

    // Regions sum to the US: exactly for 6 drugs × 66 windows; for xylazine within [k, 9k] where k regions are
    // suppressed (31 windows have k = 1 or 2; the largest gap is 17 with k = 2).
    const view = `(SELECT * FROM analytics.observations WHERE source = 'cdc_specific_drugs')`;
    expect(await s.rows(regionsSumToUs(view))).toEqual([]);
    const gaps = await s.rows<{ drug: string; inexact: number; max_gap: number }>(
      `WITH r AS (SELECT drug, period_end, sum(value) AS regions FROM ${view} WHERE geo_code LIKE 'HHS%' GROUP BY ALL)
       SELECT u.drug, count(*) FILTER (WHERE u.value <> r.regions) AS inexact, max(u.value - r.regions) AS max_gap
       FROM ${view} AS u JOIN r USING (drug, period_end) WHERE u.geo_code = 'US' GROUP BY 1 ORDER BY 1`,
    );
    expect(gaps.filter((g) => g.inexact > 0)).toEqual([{ drug: 'xylazine', inexact: 31, max_gap: 17 }]);
  });
});
