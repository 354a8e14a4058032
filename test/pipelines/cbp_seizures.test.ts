import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BAD_LINES,
  OLDER_FORM_URL_PATH,
  RELEASE_2024_02,
  RELEASE_A,
  RELEASE_B,
  RELEASE_B_URL_PATH,
} from '../../pipelines/cbp_seizures/fixtures.ts';
import cbp, {
  CBP_LINK_PATTERN,
  CBP_PAGE,
  CBP_VINTAGE_PATTERN,
} from '../../pipelines/cbp_seizures/pipeline.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { fiscalToCalendarMonth } from '../../src/csv/fiscalYear.ts';
import { dateFromLink } from '../../src/fetch/pageLink.ts';
import { RunError, workingPath } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { serveFile } from '../support/fixtureServer.ts';
import { duck, fileInput, sourceTests } from '../support/sourceRun.ts';
import { sharedDatasets } from '../support/tempConfig.ts';

const { dir: DIR, fresh, serve } = sourceTests('cbp_seizures', 'cbp-seizures');
const A = fileInput(join(DIR, RELEASE_A.file), RELEASE_A.vintage);
const B = fileInput(join(DIR, RELEASE_B.file), RELEASE_B.vintage);
const HEADER =
  'FY,Month (abbv),Component,Region,Land Filter,Area of Responsibility,Drug Type,Count of Event,Sum Qty (lbs)';
const PAGE = '/document/stats/nationwide-drug-seizures';

type Obs = {
  level: string;
  geo: string;
  drug: string;
  start: string;
  end: string;
  measure: string;
  value: number;
  status: string;
};
const OBS = `SELECT geo_level AS level, geo_code AS geo, drug, strftime(period_start, '%Y-%m-%d') AS start,
  strftime(period_end, '%Y-%m-%d') AS end, measure, value, status FROM analytics.observations WHERE source = 'cbp_seizures'`;

describe('cbp_seizures on the demo releases', () => {
  it('loads both releases; fiscal months, kilograms, areas, regions and the nation as hand-computed', async () => {
    const s = fresh();
    const summary = await s.run([A, B]);
    expect(summary.loads.map((l) => [l.vintage, l.rowsLoaded, l.rowsRejected, l.layout])).toEqual([
      ['2025-09-15', 4696, 0, 'cbp_nationwide_drugs'],
      ['2025-11-14', 3690, 0, 'cbp_nationwide_drugs'],
    ]);
    // FY2026 (FYTD) OCT, San Diego Field Office, fentanyl: Land Only 10 events 41.86676240624328 lbs and Other
    // 4 events 20.25760704990352 lbs → 14 events, 62.1243694561468 lbs × 0.45359237 = 28.17914 kg (6 decimals).
    expect(
      await s.rows<Obs>(
        `${OBS} AND geo_code = 'CBP-FO-SAN-DIEGO' AND drug = 'fentanyl' AND period_start = DATE '2025-10-01' ORDER BY measure`,
      ),
    ).toEqual([
      {
        level: 'port',
        geo: 'CBP-FO-SAN-DIEGO',
        drug: 'fentanyl',
        start: '2025-10-01',
        end: '2025-10-31',
        measure: 'seizure_events',
        value: 14,
        status: 'provisional',
      },
      {
        level: 'port',
        geo: 'CBP-FO-SAN-DIEGO',
        drug: 'fentanyl',
        start: '2025-10-01',
        end: '2025-10-31',
        measure: 'seizure_kg',
        value: 28.17914,
        status: 'provisional',
      },
    ]);
    const note = await s.rows<{ note: string }>(
      `SELECT note FROM analytics.observations WHERE source = 'cbp_seizures' AND geo_code = 'CBP-FO-SAN-DIEGO'
       AND drug = 'fentanyl' AND period_start = DATE '2025-10-01' AND measure = 'seizure_kg'`,
    );
    expect(note).toEqual([{ note: 'Sum Qty (lbs) 62.124369' }]);
    // Every month of the latest release; FY2022 months from the first release only.
    const extent = await s.rows<{ v: string; first: string; last: string; statuses: string }>(
      `SELECT strftime(vintage, '%Y-%m-%d') AS v, strftime(min(period_start), '%Y-%m') AS first,
              strftime(max(period_start), '%Y-%m') AS last, string_agg(DISTINCT status, ',' ORDER BY status) AS statuses
       FROM analytics.observations WHERE source = 'cbp_seizures' GROUP BY 1 ORDER BY 1`,
    );
    expect(extent).toEqual([
      { v: '2025-09-15', first: '2021-10', last: '2022-09', statuses: 'reported' },
      { v: '2025-11-14', first: '2022-10', last: '2025-10', statuses: 'provisional,reported' },
    ]);
    // Levels: each area adds both land filters; regions and the nation equal the areas' sums, never a double count.
    const sums = await s.rows<{ level: string; events: number }>(
      `SELECT geo_level AS level, sum(value) AS events FROM analytics.observations
       WHERE source = 'cbp_seizures' AND measure = 'seizure_events' GROUP BY 1 ORDER BY 1`,
    );
    const direct = await duck<{ events: number }>(
      `SELECT sum("Count of Event") AS events FROM (
         SELECT * FROM read_csv('${join(DIR, RELEASE_B.file)}')
         UNION ALL
         SELECT * FROM read_csv('${join(DIR, RELEASE_A.file)}') WHERE FY = '2022')`,
    );
    expect(sums.map((r) => r.events)).toEqual([direct[0]?.events, direct[0]?.events, direct[0]?.events]);
    expect(sums.map((r) => r.level)).toEqual(['nation', 'port', 'region']);
    const areas = await s.rows<{ area_label: string; state: string | null; region_code: string }>(
      `SELECT area_label, state, region_code FROM analytics.cbp_areas
       WHERE area_label IN ('SAN DIEGO FIELD OFFICE', 'YUMA SECTOR', 'EL PASO FIELD OFFICE') ORDER BY 1`,
    );
    expect(areas).toEqual([
      { area_label: 'EL PASO FIELD OFFICE', state: null, region_code: 'CBP-SWB' },
      { area_label: 'SAN DIEGO FIELD OFFICE', state: 'CA', region_code: 'CBP-SWB' },
      { area_label: 'YUMA SECTOR', state: null, region_code: 'CBP-SWB' },
    ]);
  });

  it('converts fiscal years and pounds exactly as the hand table says', async () => {
    const s = fresh();
    // [FY, month, area, drug, events, lbs]; kg by hand: 84.4526 × 0.45359237 = 38.307055 (6 decimals)
    const rows: [string, string, string, string, number, string][] = [
      ['2023', 'OCT', 'SAN DIEGO FIELD OFFICE', 'Fentanyl', 1, '100.0'],
      ['2023', 'DEC', 'SAN DIEGO FIELD OFFICE', 'Fentanyl', 2, '2.20462262e-05'],
      ['2023', 'JAN', 'SAN DIEGO FIELD OFFICE', 'Fentanyl', 1, '0.0'],
      ['2023', 'SEP', 'SAN DIEGO FIELD OFFICE', 'Fentanyl', 3, '84.45259999999999'],
      ['2026 (FYTD)', 'OCT', 'SAN DIEGO FIELD OFFICE', 'Fentanyl', 1, '1.0'],
      ['2026 (FYTD)', 'MAR', 'SAN DIEGO FIELD OFFICE', 'Fentanyl', 1, '2.0'],
    ];
    const path = join(s.temp.dir, 'fy.csv');
    writeFileSync(
      path,
      `${HEADER}\r\n${rows
        .map(
          ([fy, m, area, drug, n, lbs]) =>
            `${fy},${m},Office of Field Operations,Southwest Border,Land Only,${area},${drug},${n},${lbs}`,
        )
        .join('\r\n')}\r\n`,
    );
    await s.run([fileInput(path, '2026-04-15')]);
    const got = await s.rows<{ m: string; kg: number; events: number; status: string; note: string }>(
      `SELECT strftime(period_start, '%Y-%m') AS m, max(value) FILTER (WHERE measure = 'seizure_kg') AS kg,
              max(value) FILTER (WHERE measure = 'seizure_events') AS events, any_value(status) AS status,
              any_value(note) AS note
       FROM analytics.observations WHERE source = 'cbp_seizures' AND geo_level = 'port' GROUP BY 1 ORDER BY 1`,
    );
    expect(got.map((r) => r.m)).toEqual(rows.map(([fy, m]) => fiscalToCalendarMonth(fy, m)).sort());
    expect(got).toEqual([
      { m: '2022-10', kg: 45.359237, events: 1, status: 'reported', note: 'Sum Qty (lbs) 100.0' },
      { m: '2022-12', kg: 0.00001, events: 2, status: 'reported', note: 'Sum Qty (lbs) 2.2e-05' },
      {
        m: '2023-01',
        kg: 0,
        events: 1,
        status: 'reported',
        note: 'Sum Qty (lbs) 0.0; 1 event(s) published with 0 lbs (weight not recorded or under the precision)',
      },
      { m: '2023-09', kg: 38.307055, events: 3, status: 'reported', note: 'Sum Qty (lbs) 84.4526' },
      { m: '2025-10', kg: 0.453592, events: 1, status: 'provisional', note: 'Sum Qty (lbs) 1.0' },
      { m: '2026-03', kg: 0.907185, events: 1, status: 'provisional', note: 'Sum Qty (lbs) 2.0' },
    ]);
  });

  it('a later release that overlaps changes the overlap only where CBP revised it', async () => {
    const s = fresh();
    await s.run([A]);
    const before = await s.rows<Obs & { v: string }>(`${OBS} ORDER BY ALL`);
    const log: string[] = s.log;
    await s.run([A, B]);
    expect(log.join('\n')).toMatch(/nationwide-drugs-fy22-fy25-aug\.csv skipped: the same bytes/);
    const after = await s.rows<Obs>(`${OBS} ORDER BY ALL`);
    const key = (o: Obs) => [o.level, o.geo, o.drug, o.start, o.measure].join('|');
    const afterByKey = new Map(after.map((o) => [key(o), o]));
    const changed = before.filter((o) => {
      const now = afterByKey.get(key(o));
      return now === undefined || now.value !== o.value;
    });
    // Only August 2025 (revised: one late event more, weights ×1.1) and the Yuma ketamine row of March 2024 that B
    // no longer has (now 0 at the area, less in the region and nation); FY2022 is outside B and keeps A's values.
    expect(new Set(changed.map((o) => o.start))).toEqual(new Set(['2025-08-01', '2024-03-01']));
    const march = changed.filter((o) => o.start === '2024-03-01');
    expect(
      march.map((o) => `${o.geo} ${o.measure} ${o.value}→${afterByKey.get(key(o))?.value}`).sort(),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^CBP-SEC-YUMA seizure_events 1→0$/)]));
    const revisions = await s.rows<{ start: string; n: number; values: number; statuses: number }>(
      `SELECT strftime(period_start, '%Y-%m-%d') AS start, count(*) AS n,
              count(*) FILTER (WHERE new_value IS DISTINCT FROM old_value) AS values,
              count(*) FILTER (WHERE new_status IS DISTINCT FROM old_status) AS statuses
       FROM analytics.revisions WHERE source = 'cbp_seizures' GROUP BY 1 ORDER BY 1`,
    );
    // FY2025 months change status (provisional → reported: the year is complete in B); values only as above.
    expect(revisions.filter((r) => r.values > 0).map((r) => r.start)).toEqual(['2024-03-01', '2025-08-01']);
    expect(revisions.filter((r) => r.statuses > 0).map((r) => r.start)).toEqual(
      Array.from(
        { length: 11 },
        (_, i) => `${i < 3 ? 2024 : 2025}-${String(((i + 9) % 12) + 1).padStart(2, '0')}-01`,
      ),
    );
    const fy2023 = await s.rows<{ n: number }>(
      `SELECT count(*) AS n FROM analytics.revisions WHERE source = 'cbp_seizures' AND period_start < DATE '2024-03-01'`,
    );
    expect(fy2023).toEqual([{ n: 0 }]);
  });

  const bad: [string, RegExp, { line: number; column: string } | null][] = [
    [
      'missing_column.csv',
      /missing_column\.csv line 1 column "Land Filter": missing column "Land Filter": expected the nationwide drug seizures CSV \(cbp_nationwide_drugs\): FY,.*; the header has 8 fields: FY,Month \(abbv\),Component,Region,Area of/,
      null,
    ],
    [
      'renamed_column.csv',
      /renamed_column\.csv line 1 column "Sum Qty \(lbs\)": missing column "Sum Qty \(lbs\)" \(the file has "Sum Qty \(kg\)" instead: renamed\?\): expected the nationwide drug seizures CSV \(cbp_nationwide_drugs\): FY,/,
      null,
    ],
    [
      'wrong_type.csv',
      new RegExp(
        `wrong_type\\.csv line ${BAD_LINES.wrongType} column "Count of Event": .*"1O".*1 line\\(s\\) rejected`,
      ),
      { line: BAD_LINES.wrongType, column: 'Count of Event' },
    ],
    [
      'unknown_area.csv',
      new RegExp(
        `unknown_area\\.csv line ${BAD_LINES.unknownArea} column "Area of Responsibility": unknown area of responsibility "ORLANDO FIELD OFFICE": add it to pipelines/cbp_seizures/seeds/cbp_areas\\.csv`,
      ),
      { line: BAD_LINES.unknownArea, column: 'Area of Responsibility' },
    ],
    [
      'unknown_drug.csv',
      new RegExp(
        `unknown_drug\\.csv line ${BAD_LINES.unknownDrug} column "Drug Type": unknown drug type "Xylazine"`,
      ),
      { line: BAD_LINES.unknownDrug, column: 'Drug Type' },
    ],
    [
      'bad_labels.csv',
      new RegExp(
        `bad_labels\\.csv line ${BAD_LINES.badLabels} column "FY": FY "FY23-24": expected a fiscal year such as 2023 or "2026 \\(FYTD\\)"; 2 line\\(s\\) rejected`,
      ),
      { line: BAD_LINES.badLabels, column: 'FY' },
    ],
    [
      'duplicate_key.csv',
      new RegExp(
        `duplicate_key\\.csv line ${BAD_LINES.duplicate[0]} column "Area of Responsibility": the same FY, month, area, land filter and drug appear 2 times in this release; 2 line\\(s\\) rejected`,
      ),
      { line: BAD_LINES.duplicate[0], column: 'Area of Responsibility' },
    ],
  ];
  it.each(bad)(
    'refuses %s naming file, line and column, and loads nothing of it',
    async (name, message, reject) => {
      const s = fresh();
      const error = await s.run([fileInput(join(DIR, 'bad', name), '2025-11-14')]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunError);
      expect((error as Error).message).toMatch(message);
      expect(existsSync(s.temp.config.warehouse)).toBe(false);
      const wh = await openWarehouse(workingPath(s.temp.config), { readOnly: true });
      try {
        const raw = await queryRows<{ n: number }>(
          wh.connection,
          'SELECT count(*) AS n FROM raw.cbp_seizures',
        );
        expect(raw).toEqual([{ n: 0 }]);
        const rejects = await queryRows<{ line: number; column_name: string; message: string }>(
          wh.connection,
          'SELECT line, column_name, message FROM meta.rejects ORDER BY line',
        );
        if (reject) expect(rejects[0]).toMatchObject({ line: reject.line, column_name: reject.column });
      } finally {
        wh.closeSync();
      }
    },
  );
});

describe('cbp_seizures from the publisher page (page_link)', () => {
  it('finds the current CSV on the page, takes the vintage from its folder, and loads it', async () => {
    const server = await serve({
      [PAGE]: serveFile(join(fixturesDir, 'http/cbp/nationwide-drug-seizures.html')),
      [RELEASE_B_URL_PATH]: [{ status: 503, body: 'busy' }, serveFile(join(DIR, RELEASE_B.file))],
    });
    const s = fresh();
    s.temp.config.http = { ...s.temp.config.http, retries: 2 };
    const summary = await s.run([
      {
        kind: 'page_link',
        pageUrl: server.url + PAGE,
        linkPattern: CBP_LINK_PATTERN,
        vintagePattern: CBP_VINTAGE_PATTERN,
      },
    ]);
    expect(summary.loads.map((l) => [l.origin, l.vintage, l.rowsLoaded])).toEqual([
      [server.url + RELEASE_B_URL_PATH, '2025-11-01', 3690],
    ]);
    expect(s.log.join('\n')).toMatch(
      new RegExp(`cbp_seizures: ${server.url}${PAGE} links to ${server.url}${RELEASE_B_URL_PATH}`),
    );
    expect(s.log.join('\n')).toMatch(
      /retrying \S+nationwide-drugs-fy23-fy26-oct\.csv in \d+ ms \(returned HTTP 503/,
    );
  });

  it('takes the link and the vintage from both upload folders CBP has used', () => {
    const link = new RegExp(CBP_LINK_PATTERN);
    const base = 'https://www.cbp.gov/sites/default/files';
    const cases: [string, string | null][] = [
      [`${base}/2025-11/nationwide-drugs-fy23-fy26-oct.csv`, '2025-11-01'],
      [`${base}/2026-01/nationwide-drugs-fy23-fy26-dec.csv`, '2026-01-01'],
      [`${base}/assets/documents/2024-Feb/nationwide-drugs-fy21-fy24-jan.csv`, '2024-02-01'],
      [`${base}/assets/documents/2023-Nov/nationwide-drugs-fy20-fy23-oct.csv`, '2023-11-01'],
    ];
    for (const [url, vintage] of cases) {
      expect(link.test(url), url).toBe(true);
      expect(dateFromLink(url, CBP_VINTAGE_PATTERN), url).toBe(vintage);
    }
    // Other files on the page, and other datasets in the same folders, are not the drug seizures CSV.
    for (const url of [
      `${base}/2025-11/nationwide-drugs-fy23-fy26-oct.xlsx`,
      `${base}/assets/documents/2024-Jan/nationwide-encounters-fy21-fy24-dec-aor.csv`,
      `${base}/2023-02/drug-seizure-statistics-dataset-description.pdf`,
      `${base}/assets/documents/2024-02/x/nationwide-drugs-fy21-fy24-jan.csv`,
    ]) {
      expect(link.test(url), url).toBe(false);
    }
    expect(cbp.liveInputs).toEqual([
      {
        kind: 'page_link',
        pageUrl: CBP_PAGE,
        linkPattern: CBP_LINK_PATTERN,
        vintagePattern: CBP_VINTAGE_PATTERN,
      },
    ]);
  });

  it('loads from the page as it was in 2024, linking under /assets/documents/2024-Feb/', async () => {
    const server = await serve({
      [PAGE]: serveFile(join(fixturesDir, 'http/cbp/nationwide-drug-seizures-2024-02.html')),
      [OLDER_FORM_URL_PATH]: serveFile(join(DIR, RELEASE_2024_02.file), { contentType: 'text/csv' }),
    });
    const s = fresh();
    const summary = await s.run([
      {
        kind: 'page_link',
        pageUrl: server.url + PAGE,
        linkPattern: CBP_LINK_PATTERN,
        vintagePattern: CBP_VINTAGE_PATTERN,
      },
    ]);
    expect(summary.loads.map((l) => [l.origin, l.vintage, l.rowsLoaded])).toEqual([
      [
        server.url + OLDER_FORM_URL_PATH,
        '2024-02-01',
        readFileSync(join(DIR, RELEASE_2024_02.file), 'utf8').trim().split('\n').length - 1,
      ],
    ]);
    expect(server.requests.map((r) => r.pathname)).toEqual([PAGE, OLDER_FORM_URL_PATH]);
  });

  it('refuses clearly when the page links no CSV that matches, and publishes nothing', async () => {
    const server = await serve({
      [PAGE]: serveFile(join(fixturesDir, 'http/cbp/nationwide-drug-seizures-without-csv.html')),
    });
    const s = fresh();
    const error = await s
      .run([{ kind: 'page_link', pageUrl: server.url + PAGE, linkPattern: CBP_LINK_PATTERN }])
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^cbp_seizures: ${server.url}${PAGE}: ${server.url}${PAGE} has no link matching /.*nationwide-drugs-fy.*/ \\(\\d+ link\\(s\\) on the page; data files linked: .*\\.xlsx`,
      ),
    );
    expect(existsSync(s.temp.config.warehouse)).toBe(false);
  });
});

// The publisher's real file, when this checkout sits beside ../shared. Never copied into the project.
const realDir = join(sharedDatasets, 'cbp-nationwide-drug-seizures');
const realFile = join(realDir, 'nationwide-drugs-fy19-fy22.csv');
const present = existsSync(realFile);
if (!present) console.warn(`skipping real CBP data tests: ${realFile} not found`);

describe.skipIf(!present)('cbp_seizures on the real FY2019–FY2022 release', () => {
  it('gives the totals by drug, region and month, and by fiscal year, that DuckDB computes from the file', async () => {
    const s = fresh();
    const summary = await s.run([fileInput(realFile, '2022-11-15')]);
    expect(summary.loads[0]?.rowsLoaded).toBe(readFileSync(realFile, 'utf8').trim().split('\n').length - 1);
    // The file read directly, the calendar month computed here independently of the staging SQL.
    const from = `read_csv('${realFile}')`;
    type T = { drug: string; region: string; m: string; events: number; lbs: number };
    const direct = await duck<T>(
      `SELECT "Drug Type" AS drug, "Region" AS region,
              strftime(make_date(CASE WHEN "Month (abbv)" IN ('OCT', 'NOV', 'DEC') THEN FY - 1 ELSE FY END,
                 CAST(strptime("Month (abbv)", '%b') AS DATE).month(), 1), '%Y-%m') AS m,
              sum("Count of Event") AS events, sum("Sum Qty (lbs)") AS lbs
       FROM ${from} GROUP BY ALL ORDER BY ALL`,
    );
    const loaded = await s.rows<T>(
      `SELECT a.source_label AS drug, g.name_en AS region, strftime(o.period_start, '%Y-%m') AS m,
              max(o.value) FILTER (WHERE o.measure = 'seizure_events') AS events,
              max(o.value) FILTER (WHERE o.measure = 'seizure_kg') / 0.45359237 AS lbs
       FROM analytics.observations AS o
       JOIN analytics.drug_aliases AS a ON a.source = 'cbp_seizures' AND a.drug = o.drug
       JOIN (SELECT DISTINCT region_code, region_label AS name_en FROM analytics.cbp_areas) AS g ON g.region_code = o.geo_code
       WHERE o.source = 'cbp_seizures' AND o.geo_level = 'region' GROUP BY ALL ORDER BY ALL`,
    );
    expect(loaded.map(({ drug, region, m, events }) => [drug, region, m, events])).toEqual(
      direct.map(({ drug, region, m, events }) => [drug, region, m, events]),
    );
    loaded.forEach((row, i) => {
      // kg are rounded to the milligram: 0.5 mg / 0.45359237 ≈ 1.1e-6 lbs at most.
      expect(Math.abs(row.lbs - (direct[i]?.lbs ?? Number.NaN))).toBeLessThan(1.2e-6);
    });
    // National totals by drug and fiscal year.
    const fyDirect = await duck<{ drug: string; fy: number; events: number; kg: number }>(
      `SELECT "Drug Type" AS drug, FY AS fy, sum("Count of Event") AS events, sum("Sum Qty (lbs)") * 0.45359237 AS kg
       FROM ${from} GROUP BY ALL ORDER BY ALL`,
    );
    const fyLoaded = await s.rows<{ drug: string; fy: number; events: number; kg: number }>(
      `SELECT a.source_label AS drug, year(o.period_start) + CASE WHEN month(o.period_start) >= 10 THEN 1 ELSE 0 END AS fy,
              sum(o.value) FILTER (WHERE o.measure = 'seizure_events') AS events,
              sum(o.value) FILTER (WHERE o.measure = 'seizure_kg') AS kg
       FROM analytics.observations AS o
       JOIN analytics.drug_aliases AS a ON a.source = 'cbp_seizures' AND a.drug = o.drug
       WHERE o.source = 'cbp_seizures' AND o.geo_level = 'nation' GROUP BY ALL ORDER BY ALL`,
    );
    expect(fyLoaded.map((r) => [r.drug, r.fy, r.events])).toEqual(
      fyDirect.map((r) => [r.drug, r.fy, r.events]),
    );
    fyLoaded.forEach((r, i) => {
      expect(Math.abs(r.kg - (fyDirect[i]?.kg ?? Number.NaN))).toBeLessThan(1e-5);
    });
    // Hand-checked: FY2019 OCT is calendar October 2018, and the file's first fentanyl total there.
    const oct2018 = await s.rows<{ n: number }>(
      `SELECT count(*) AS n FROM analytics.observations WHERE source = 'cbp_seizures' AND period_start = DATE '2018-10-01'`,
    );
    expect(oct2018[0]?.n).toBeGreaterThan(0);
    const latest = await s.rows<{ last: string }>(
      `SELECT strftime(max(period_start), '%Y-%m') AS last FROM analytics.observations WHERE source = 'cbp_seizures'`,
    );
    expect(latest).toEqual([{ last: '2022-09' }]);
  });
});

const realFile2 = join(realDir, 'nationwide-drugs-fy23-fy26-dec.csv');
const bothPresent = present && existsSync(realFile2);
if (!bothPresent) console.warn(`skipping real CBP release-scope tests: ${realFile2} not found`);

describe.skipIf(!bothPresent)(
  "cbp_seizures on two real releases covering disjoint fiscal years (scope 'periods')",
  () => {
    const first = fileInput(realFile, '2022-11-15');
    const months = (file: string) =>
      duck<{ first: string; last: string; n: number }>(
        `WITH m AS (
         SELECT DISTINCT make_date(CAST(left(FY, 4) AS INTEGER) - CASE WHEN "Month (abbv)" IN ('OCT', 'NOV', 'DEC') THEN 1 ELSE 0 END,
                CAST(strptime("Month (abbv)", '%b') AS DATE).month(), 1) AS m
         FROM read_csv('${file}', all_varchar = true))
       SELECT strftime(min(m), '%Y-%m') AS first, strftime(max(m), '%Y-%m') AS last, count(*) AS n FROM m`,
      );

    it('keeps both: a release speaks only for the months it holds', async () => {
      const s = fresh();
      await s.run([first, fileInput(realFile2, '2026-01-15')]);
      const [a, b] = [(await months(realFile))[0], (await months(realFile2))[0]];
      const coverage = await s.rows(
        `SELECT release_scope, strftime(min(first_period_end), '%Y-%m') AS first, strftime(max(last_period_end), '%Y-%m') AS last
       FROM analytics.release_coverage WHERE source = 'cbp_seizures' GROUP BY vintage, release_scope ORDER BY vintage`,
      );
      expect(coverage).toEqual([
        { release_scope: 'periods', first: a?.first, last: a?.last },
        { release_scope: 'periods', first: b?.first, last: b?.last },
      ]);
      const shown = await s.rows<{ n: number }>(
        `SELECT count(DISTINCT period_start) AS n FROM analytics.observations WHERE source = 'cbp_seizures'`,
      );
      expect(shown).toEqual([{ n: (a?.n ?? 0) + (b?.n ?? 0) }]);
      expect(await s.rows(`SELECT * FROM analytics.revisions WHERE new_status = 'withdrawn'`)).toEqual([]);
    });

    it("as a whole release ('all'), the later file would withdraw every value of the earlier one", async () => {
      const periods = fresh();
      await periods.run([first]);
      const before = await periods.rows<{ n: number }>(
        `SELECT count(*) AS n FROM analytics.observations WHERE source = 'cbp_seizures'`,
      );
      const s = fresh();
      await s.run([first, { ...fileInput(realFile2, '2026-01-15'), releaseScope: 'all' }]);
      const after = await s.rows<{ withdrawn: number; older: number }>(
        `SELECT (SELECT count(*) FROM analytics.revisions WHERE new_status = 'withdrawn') AS withdrawn,
              (SELECT count(*) FROM analytics.observations WHERE vintage = DATE '2022-11-15') AS older`,
      );
      expect(after).toEqual([{ withdrawn: before[0]?.n, older: 0 }]);
      expect(before[0]?.n).toBeGreaterThan(10_000);
    });
  },
);
