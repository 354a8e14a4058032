import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DKAN_DATASET,
  DKAN_DIR,
  dkanCatalog,
  dkanRecords,
  SDUD_DATASETS,
} from '../../pipelines/medicaid_sdud/fixtures.ts';
import medicaid, { SDUD_FIRST_YEAR, SDUD_TITLE } from '../../pipelines/medicaid_sdud/pipeline.ts';
import { fixturesDir, projectRoot } from '../../src/core/paths.ts';
import type { PipelineInput } from '../../src/core/pipeline.ts';
import { parseCsvText } from '../../src/csv/records.ts';
import { acquire } from '../../src/run/acquire.ts';
import { RunError, workingPath } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { dkanResponder } from '../support/dkanServer.ts';
import { serveFile } from '../support/fixtureServer.ts';
import { duck, fileInput, sourceTests } from '../support/sourceRun.ts';
import { sharedDatasets } from '../support/tempConfig.ts';

const { dir: DIR, fresh, serve } = sourceTests('medicaid_sdud', 'medicaid-sdud');
const Y2023 = fileInput(join(DIR, 'State_Drug_Utilization_Data_2023.csv'), '2024-09-20');
const Y2024 = fileInput(join(DIR, 'State_Drug_Utilization_Data_2024.csv'), '2025-06-18');
const QUERY = `/api/1/datastore/query/${DKAN_DATASET}/0`;
const META = `/api/1/metastore/schemas/dataset/items/${DKAN_DATASET}`;
const COLUMNS = Object.keys(dkanRecords()[0] ?? {}).filter((k) => k !== 'record_number');

/** Naloxone as the test reads it, written independently of the seed and staging SQL. */
const NALOXONE = `(("Product Name" LIKE 'NALOX%' OR "Product Name" LIKE 'NARCAN%' OR "Product Name" LIKE 'KLOXXADO%'
   OR NDC = '69547035302') AND "Product Name" NOT LIKE '%BUPREN%')`;

describe('medicaid_sdud on the yearly bulk files', () => {
  it('keeps naloxone rows only, national XX as US, and totals of FFSU + MCOU per state and quarter', async () => {
    const s = fresh();
    const summary = await s.run([Y2023, Y2024]);
    const expected = await duck<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM read_csv('${Y2024.kind === 'file' ? Y2024.path : ''}', all_varchar = true) WHERE ${NALOXONE}`,
    );
    expect(summary.loads.map((l) => [l.vintage, l.layout])).toEqual([
      ['2024-09-20', 'sdud_bulk'],
      ['2025-06-18', 'sdud_bulk'],
    ]);
    expect(summary.loads[1]?.rowsLoaded).toBe(expected[0]?.n);
    const products = await s.rows<{ p: string }>(
      "SELECT string_agg(DISTINCT trim(product_name), ',' ORDER BY trim(product_name)) AS p FROM raw.medicaid_sdud",
    );
    expect(products).toEqual([{ p: 'KLOXXADO,NALOXONE H,NARCAN' }]);
    // New Mexico, 2024 Q3, prescriptions: the file's unsuppressed naloxone rows added up by hand in SQL.
    const path = join(DIR, 'State_Drug_Utilization_Data_2024.csv');
    const byHand = await duck<{ rx: number; ffsu: number; mcou: number; suppressed: number }>(
      `SELECT sum(CAST("Number of Prescriptions" AS DOUBLE)) AS rx,
              sum(CAST("Number of Prescriptions" AS DOUBLE)) FILTER (WHERE "Utilization Type" = 'FFSU') AS ffsu,
              sum(CAST("Number of Prescriptions" AS DOUBLE)) FILTER (WHERE "Utilization Type" = 'MCOU') AS mcou,
              count(*) FILTER (WHERE CAST("Suppression Used" AS BOOLEAN)) AS suppressed
       FROM read_csv('${path}', types = {'NDC': 'VARCHAR'}) WHERE State = 'NM' AND Year = 2024 AND Quarter = 3 AND ${NALOXONE}`,
    );
    const h = byHand[0] as { rx: number; ffsu: number; mcou: number; suppressed: number };
    const nm = await s.rows<{
      start: string;
      end: string;
      type: string;
      value: number;
      status: string;
      note: string;
    }>(
      `SELECT strftime(period_start, '%Y-%m-%d') AS start, strftime(period_end, '%Y-%m-%d') AS end, period_type AS type,
              value, status, note
       FROM analytics.observations WHERE source = 'medicaid_sdud' AND geo_code = 'NM' AND measure = 'naloxone_rx'
         AND period_start = DATE '2024-07-01'`,
    );
    expect(nm).toHaveLength(1);
    expect(nm[0]).toMatchObject({
      start: '2024-07-01',
      end: '2024-09-30',
      type: 'quarter',
      value: h.rx,
      status: 'reported',
    });
    expect(nm[0]?.note).toContain(`FFSU ${h.ffsu}`);
    expect(nm[0]?.note).toContain(`MCOU ${h.mcou}`);
    if (h.suppressed > 0) expect(nm[0]?.note).toContain(`lower bound: ${h.suppressed} suppressed row(s)`);
    // Alaska: every naloxone row suppressed → censored (NULL), never 0.
    const ak = await s.rows<{ value: number | null; status: string }>(
      `SELECT DISTINCT value, status FROM analytics.observations WHERE source = 'medicaid_sdud' AND geo_code = 'AK'`,
    );
    expect(ak).toEqual([{ value: null, status: 'suppressed' }]);
    // The nation (XX → US) includes what states suppress: it is never below the states' sum.
    const nation = await s.rows<{ level: string; below: number; n: number }>(
      `WITH st AS (SELECT period_start, measure, sum(value) AS states FROM analytics.observations
                   WHERE source = 'medicaid_sdud' AND geo_level = 'state' GROUP BY ALL)
       SELECT any_value(o.geo_level) AS level, count(*) FILTER (WHERE o.value < st.states) AS below, count(*) AS n
       FROM analytics.observations AS o JOIN st USING (period_start, measure)
       WHERE o.source = 'medicaid_sdud' AND o.geo_code = 'US'`,
    );
    expect(nation).toEqual([{ level: 'nation', below: 0, n: 16 }]);
  });

  const bad: [string, RegExp][] = [
    ['unknown_state.csv', /unknown_state\.csv line 4 column "State": unknown state "ZZ"/],
    [
      'duplicate_key.csv',
      /duplicate_key\.csv line 2 column "NDC": the same utilization type, state, NDC, year and quarter appear 2 times/,
    ],
    ['wrong_type.csv', /wrong_type\.csv line 3 column "Number of Prescriptions": .*"1O8"/],
    [
      'missing_column.csv',
      /missing_column\.csv line 1 column "Suppression Used": missing column "Suppression Used": expected the yearly bulk CSV \(sdud_bulk\): .*; the header has 14 fields: Utilization Type,State,NDC,Labeler Code,Product Code,Package Size,Year,Quarter,Product Name/,
    ],
  ];
  it.each(bad)('refuses %s naming file, line and column, and loads nothing', async (name, message) => {
    const s = fresh();
    const error = await s.run([fileInput(join(DIR, 'bad', name), '2025-06-18')]).catch((e) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toMatch(message);
    expect(existsSync(s.temp.config.warehouse)).toBe(false);
    const wh = await openWarehouse(workingPath(s.temp.config), { readOnly: true });
    try {
      expect(await queryRows(wh.connection, 'SELECT count(*)::INTEGER AS n FROM raw.medicaid_sdud')).toEqual([
        { n: 0 },
      ]);
    } finally {
      wh.closeSync();
    }
  });
});

describe('medicaid_sdud from the DKAN datastore API', () => {
  const prefixes = ['NALOXONE', 'NARCAN', 'KLOXXADO'];
  const input = (baseUrl: string, window?: { lagQuarters: number }): PipelineInput =>
    ({
      kind: 'dkan',
      baseUrl,
      datasetId: DKAN_DATASET,
      index: 0,
      pageSize: 40,
      conditions: [],
      anyOf: prefixes.map((p) => [{ property: 'product_name', operator: 'starts with', value: p }]),
      columns: COLUMNS,
      sorts: [],
      ...(window ? { window: { yearProperty: 'year', quarterProperty: 'quarter', ...window } } : {}),
    }) as PipelineInput;

  it('pages the API with one query per product prefix, takes the vintage from the metastore, matches the bulk file', async () => {
    const server = await serve({
      [META]: serveFile(join(fixturesDir, DKAN_DIR, 'metadata.json')),
      [QUERY]: dkanResponder(dkanRecords),
    });
    const s = fresh();
    const summary = await s.run([input(server.url)]);
    expect(summary.loads.map((l) => [l.vintage, l.layout])).toEqual([['2025-06-18', 'sdud_dkan_api']]);
    const prefixesAsked = new Set(
      server.requests.filter((r) => r.pathname === QUERY).map((r) => r.query.get('conditions[0][value]')),
    );
    expect(prefixesAsked).toEqual(new Set(prefixes));
    const viaApi = await s.rows<{ k: string; value: number | null; status: string }>(
      `SELECT geo_code || ' ' || strftime(period_start, '%Y-%m') || ' ' || measure AS k, value, status
       FROM analytics.observations WHERE source = 'medicaid_sdud' ORDER BY 1`,
    );
    const bulk = fresh();
    await bulk.run([Y2024]);
    const viaFile = await bulk.rows<{ k: string; value: number | null; status: string }>(
      `SELECT geo_code || ' ' || strftime(period_start, '%Y-%m') || ' ' || measure AS k, value, status
       FROM analytics.observations WHERE source = 'medicaid_sdud' ORDER BY 1`,
    );
    expect(viaApi).toEqual(viaFile);
  });

  it('pulls everything first, then only the trailing window of quarters', async () => {
    const server = await serve({
      [META]: serveFile(join(fixturesDir, DKAN_DIR, 'metadata.json')),
      [QUERY]: dkanResponder(dkanRecords),
    });
    const s = fresh();
    // A window that starts at 2024 Q3 whatever today's date: the quarters from then to now, inclusive.
    const now = new Date();
    const lagQuarters = (now.getUTCFullYear() - 2024) * 4 + Math.floor(now.getUTCMonth() / 3) - 2 + 1;
    const windowed = input(server.url, { lagQuarters });
    const first = await s.run([windowed]);
    expect(s.log.join('\n')).toMatch(
      /first pull of \S+\/api\/1\/datastore\/query\/\S+\/0: fetching every row/,
    );
    expect(server.requests.some((r) => r.query.get('conditions[1][property]') === 'year')).toBe(false);
    const firstRows = first.loads[0]?.rowsLoaded ?? 0;

    server.requests.length = 0;
    const second = await s.run([windowed]);
    expect(s.log.join('\n')).toMatch(
      /incremental pull of \S+, the latest \d+ quarter\(s\): \d+ rows in 6 query\(ies\)/,
    );
    const asked = server.requests
      .filter((r) => r.pathname === QUERY)
      .map((r) =>
        [1, 2]
          .map(
            (i) =>
              `${r.query.get(`conditions[${i}][property]`)}${r.query.get(`conditions[${i}][operator]`)}${r.query.get(`conditions[${i}][value]`)}`,
          )
          .join(' '),
      );
    expect(new Set(asked)).toEqual(new Set(['year=2024 quarter>=3', 'year>2024 nullnullnull']));
    expect(second.loads[0]?.rowsLoaded).toBeLessThan(firstRows);
    // The second pull covers 2024 Q3–Q4 only; Q1–Q2 keep the first load, and nothing changed value.
    const loads = await s.rows<{ q: string; load: number }>(
      `SELECT strftime(period_start, '%Y-%m') AS q, max(load_id) AS load FROM analytics.observations
       WHERE source = 'medicaid_sdud' GROUP BY 1 ORDER BY 1`,
    );
    expect(loads.map((l) => [l.q, l.load])).toEqual([
      ['2024-01', 1],
      ['2024-04', 1],
      ['2024-07', 2],
      ['2024-10', 2],
    ]);
    expect(await s.rows(`SELECT * FROM analytics.revisions WHERE source = 'medicaid_sdud'`)).toEqual([]);
  });

  it('computes the window from the clock it is given (acquire)', async () => {
    const server = await serve({
      [META]: serveFile(join(fixturesDir, DKAN_DIR, 'metadata.json')),
      [QUERY]: dkanResponder(dkanRecords),
    });
    const s = fresh();
    await s.run([input(server.url)]);
    const log: string[] = [];
    const got = await acquire(input(server.url, { lagQuarters: 1 }), {
      source: 'medicaid_sdud',
      config: s.temp.config,
      log: (m) => log.push(m),
      now: new Date('2024-11-30T12:00:00Z'),
    });
    const rows = parseCsvText(readFileSync(got.snapshot.path, 'utf8')).slice(1);
    expect(new Set(rows.map((r) => `${r.fields[6]}Q${r.fields[7]}`))).toEqual(new Set(['2024Q4']));
    expect(got.vintage).toBe('2025-06-18');
  });

  it('fails the run, publishing nothing, when the API answers with an error page', async () => {
    const server = await serve({
      [META]: serveFile(join(fixturesDir, DKAN_DIR, 'metadata.json')),
      [QUERY]: {
        status: 200,
        contentType: 'text/html',
        body: '<!DOCTYPE html><html><body>Down for maintenance</body></html>',
      },
    });
    const s = fresh();
    const error = await s.run([input(server.url)]).catch((e) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toMatch(
      /datastore\/query\/\S+ returned an HTML page \(text\/html\), expected JSON/,
    );
    expect(existsSync(s.temp.config.warehouse)).toBe(false);
  });
});

// The publisher's real data: Alaska's 2022 fee-for-service slice (a data.medicaid.gov export), beside ../shared.
const alaska = join(sharedDatasets, 'medicaid-sdud/sdud-2022-alaska-ffsu.csv');
const alaskaPresent = existsSync(alaska);
if (!alaskaPresent) console.warn(`skipping the real SDUD test: ${alaska} not found`);

describe.skipIf(!alaskaPresent)('medicaid_sdud on a real slice (Alaska 2022, FFSU)', () => {
  it('loads it, keeps its 32 naloxone rows exactly as DuckDB reads them from the file', async () => {
    const s = fresh();
    // The slice carries no release date: any date after 2022 Q4 will do as its vintage.
    const summary = await s.run([fileInput(alaska, '2023-06-01')]);
    expect(summary.loads.map((l) => [l.rowsLoaded, l.rowsRejected, l.layout])).toEqual([
      [32, 0, 'sdud_dkan_api'],
    ]);
    type Row = {
      ndc: string;
      year: number;
      quarter: number;
      suppressed: boolean;
      name: string;
      rx: number | null;
      units: number | null;
    };
    // Straight from the file, as text, then cast: the naloxone rule written out by hand (names and the seed's NDCs).
    const direct = await duck<Row>(
      `SELECT ndc, CAST(year AS INTEGER) AS year, CAST(quarter AS INTEGER) AS quarter, suppression_used = 'true' AS suppressed,
              trim(product_name) AS name, CAST(nullif(number_of_prescriptions, '') AS DOUBLE) AS rx,
              CAST(nullif(units_reimbursed, '') AS DOUBLE) AS units
       FROM read_csv('${alaska}', all_varchar = true)
       WHERE (upper(trim(product_name)) SIMILAR TO '(NALOXONE|NARCAN|KLOXXADO|ZIMHI|EVZIO|REXTOVY).*'
              OR ndc IN (SELECT ndc FROM read_csv('${join(projectRoot, 'pipelines/medicaid_sdud/seeds/medicaid_naloxone_ndcs.csv')}', all_varchar = true)))
         AND NOT regexp_matches(upper(product_name), 'BUPREN|SUBOXONE|ZUBSOLV|BUNAVAIL|PENTAZ|TALWIN')
       ORDER BY ALL`,
    );
    const loaded = await s.rows<Row>(
      `SELECT ndc, year, quarter, suppression_used AS suppressed, trim(product_name) AS name,
              number_of_prescriptions AS rx, units_reimbursed AS units
       FROM raw.medicaid_sdud ORDER BY ALL`,
    );
    expect(loaded).toHaveLength(32);
    expect(loaded).toEqual(direct);
    expect(loaded.filter((r) => r.suppressed)).toHaveLength(19);
    expect(
      loaded.reduce<Record<string, number>>((n, r) => {
        n[r.name] = (n[r.name] ?? 0) + 1;
        return n;
      }, {}),
    ).toEqual({
      'NALOXONE H': 25,
      NARCAN: 4,
      KLOXXADO: 2,
      ZIMHI: 1,
    });
    // SOURCE.md's checked values, through to analytics: 2022 Q4 NALOXONE H 00093216568 had 293 prescriptions.
    expect(loaded.find((r) => r.ndc === '00093216568' && r.quarter === 4)).toMatchObject({
      rx: 293,
      units: 59.3,
    });
    const q4 = await s.rows<{ measure: string; value: number | null; status: string; note: string | null }>(
      `SELECT measure, value, status, note FROM analytics.observations
       WHERE source = 'medicaid_sdud' AND geo_code = 'AK' AND period_start = DATE '2022-10-01' ORDER BY measure`,
    );
    const known = loaded.filter((r) => r.quarter === 4 && !r.suppressed);
    const hidden = loaded.filter((r) => r.quarter === 4 && r.suppressed).length;
    expect(q4.map((o) => [o.measure, o.value])).toEqual([
      ['naloxone_rx', known.reduce((a, r) => a + (r.rx ?? 0), 0)],
      ['naloxone_units', known.reduce((a, r) => a + (r.units ?? 0), 0)],
    ]);
    expect(q4[0]?.note).toMatch(new RegExp(`FFSU .*${hidden} row\\(s\\) suppressed`));
  });
});

describe('medicaid_sdud: one DKAN dataset per year, found in the catalogue', () => {
  const queryPath = (id: string | undefined) => `/api/1/datastore/query/${id}/0`;
  const ID: Record<number, string> = Object.fromEntries(SDUD_DATASETS.map(([year, id]) => [year, id]));
  const routes = () => ({
    '/api/1/metastore/schemas/dataset/items': {
      contentType: 'application/json',
      body: JSON.stringify(dkanCatalog()),
    },
    ...Object.fromEntries(
      SDUD_DATASETS.map(([year, id]) => [queryPath(id), dkanResponder(() => dkanRecords(year))]),
    ),
  });
  const catalogInput = (baseUrl: string, fromYear: number, toYear?: number): PipelineInput =>
    ({
      kind: 'dkan',
      baseUrl,
      catalog: { title: SDUD_TITLE, fromYear, ...(toYear ? { toYear } : {}) },
      index: 0,
      pageSize: 5000,
      conditions: [],
      anyOf: ['NALOXONE', 'NARCAN', 'KLOXXADO'].map((p) => [
        { property: 'product_name', operator: 'starts with', value: p },
      ]),
      columns: COLUMNS,
      sorts: [{ property: 'record_number', order: 'asc' }],
    }) as PipelineInput;

  it('reads every year asked for from the catalogue, sorted by record_number, as one release', async () => {
    const server = await serve(routes());
    const s = fresh();
    const summary = await s.run([catalogInput(server.url, 2024, 2025)]);
    // The newest `modified` of the datasets read (2025's) is the release.
    expect(summary.loads.map((l) => [l.vintage, l.layout])).toEqual([['2026-05-20', 'sdud_dkan_api']]);
    const asked = new Set(
      server.requests.filter((r) => r.pathname.startsWith('/api/1/datastore/')).map((r) => r.pathname),
    );
    expect(asked).toEqual(new Set([queryPath(ID[2024]), queryPath(ID[2025])]));
    expect(
      server.requests
        .filter((r) => r.pathname.startsWith('/api/1/datastore/'))
        .every((r) => r.query.get('sorts[0][property]') === 'record_number'),
    ).toBe(true);
    const years = await s.rows<{ y: number; n: number }>(
      `SELECT year(period_start) AS y, count(*) AS n FROM analytics.observations WHERE source = 'medicaid_sdud' GROUP BY 1 ORDER BY 1`,
    );
    expect(years.map((r) => r.y)).toEqual([2024, 2025]);
    expect(s.log.join('\n')).toMatch(
      /lists 3 dataset\(s\) titled .* \(2024, 2025, 2026\); reading 2024, 2025/,
    );
    // 2024 through the catalogue equals 2024 from its own dataset id.
    const single = fresh();
    const one = await serve({
      [`/api/1/metastore/schemas/dataset/items/${ID[2024]}`]: {
        contentType: 'application/json',
        body: JSON.stringify(dkanCatalog()[1]),
      },
      [queryPath(ID[2024])]: dkanResponder(() => dkanRecords(2024)),
    });
    const byId = {
      ...catalogInput(one.url, 2024),
      catalog: undefined,
      datasetId: ID[2024],
    } as PipelineInput;
    await single.run([byId]);
    const q = `SELECT geo_code, period_start, measure, value, status FROM analytics.observations
               WHERE source = 'medicaid_sdud' AND year(period_start) = 2024 ORDER BY ALL`;
    expect(await s.rows(q)).toEqual(await single.rows(q));
  });

  it('refuses a range the catalogue has no dataset for, naming the years it lists', async () => {
    const server = await serve(routes());
    const s = fresh();
    const error = await s.run([catalogInput(server.url, 2030)]).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /no dataset titled .* for 2030–the newest; the catalogue lists 2024, 2025, 2026/,
    );
  });

  it('the live input reads the catalogue from the first year kept to the newest, sorted by the primary key', () => {
    const live = medicaid.liveInputs[0];
    expect(live?.kind).toBe('dkan');
    if (live?.kind !== 'dkan') return;
    expect(live.catalog).toEqual({ title: SDUD_TITLE, fromYear: SDUD_FIRST_YEAR });
    expect(new RegExp(SDUD_TITLE).exec('State Drug Utilization Data 2025')?.groups?.year).toBe('2025');
    expect(new RegExp(SDUD_TITLE).exec('NADAC (National Average Drug Acquisition Cost) 2024')).toBeNull();
    expect(live.sorts).toEqual([{ property: 'record_number', order: 'asc' }]);
    // Every prefix in three cases, and the seed's NDCs.
    const values = (live.anyOf ?? []).map((set) => set[0]?.value);
    expect(values).toContain('NARCAN');
    expect(values).toContain('Narcan');
    expect(values).toContain('narcan');
    expect((live.anyOf ?? []).at(-1)?.[0]).toMatchObject({ property: 'ndc', operator: 'in' });
  });
});
