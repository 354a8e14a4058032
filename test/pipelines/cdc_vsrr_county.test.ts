import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../pipelines/_lib/fixtures/csvWrite.ts';
import { COUNTY_API_FIELDS, toApiRow } from '../../pipelines/cdc_vsrr_county/fixtureRows.ts';
import {
  COUNTY_PAGE_SIZE,
  currentCountyRelease,
  earlierCountyRelease,
  socrataMetadata,
} from '../../pipelines/cdc_vsrr_county/fixtures.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import type { PipelineInput } from '../../src/core/pipeline.ts';
import { windowCondition, windowStart } from '../../src/run/incremental.ts';
import { RunError } from '../../src/run/run.ts';
import { type FixtureRequest, serveFile } from '../support/fixtureServer.ts';
import { fileInput, type SourceRun, sourceTests } from '../support/sourceRun.ts';
import { sharedDatasets } from '../support/tempConfig.ts';

const { bad, fresh, serve } = sourceTests('cdc_vsrr_county', 'cdc-vsrr-county');

type Obs = {
  geo_code: string;
  start: string;
  end: string;
  value: number | null;
  status: string;
  note: string | null;
};
const observations = (run: SourceRun, where: string) =>
  run.rows<Obs>(
    `SELECT geo_code, strftime(period_start, '%Y-%m-%d') AS start, strftime(period_end, '%Y-%m-%d') AS end, value,
            status, note
     FROM analytics.observations WHERE source = 'cdc_vsrr_county' AND ${where} ORDER BY ALL`,
  );

const SUPPRESSED =
  'One or more data cells have counts between 1-9 and have been suppressed in accordance with NCHS confidentiality standards.';

describe('cdc_vsrr_county on the demo fixtures', () => {
  it('loads both releases: 5-digit text FIPS, suppressed counts NULL (never 0), notes kept', async () => {
    const s = fresh();
    const summary = await s.run();
    expect(summary.loads.map((l) => [l.vintage, l.rowsLoaded, l.rowsRejected, l.layout])).toEqual([
      ['2025-04-06', 1083, 0, 'vsrr_county_download'],
      ['2025-07-06', 1140, 0, 'vsrr_county_download'],
    ]);
    const counts = await s.rows<{
      n: number;
      counties: number;
      suppressed: number;
      zeros: number;
      short: number;
    }>(
      `SELECT count(*) AS n, count(DISTINCT geo_code) AS counties, count(*) FILTER (WHERE status = 'suppressed') AS suppressed,
              count(*) FILTER (WHERE value = 0) AS zeros, count(*) FILTER (WHERE length(geo_code) <> 5) AS short
       FROM analytics.observations WHERE source = 'cdc_vsrr_county'`,
    );
    // 19 counties × 60 windows (2020-01 … 2024-12); suppressed 1–9 are NULL, true zeros (Loving TX) stay 0.
    expect(counts).toEqual([{ n: 1140, counties: 19, suppressed: 151, zeros: 71, short: 0 }]);
    // Hand-checked against fixtures/cdc-vsrr-county/VSRR_Provisional_County-Level_Drug_Overdose_Death_Counts.csv.
    expect(
      await observations(
        s,
        `period_end = DATE '2024-12-31' AND geo_code IN ('04013', '06037', '35013', '48301')`,
      ),
    ).toEqual([
      // FIPS 4013 in the file; "1,365"-style thousands separators read as numbers.
      {
        geo_code: '04013',
        start: '2024-01-01',
        end: '2024-12-31',
        value: 1365,
        status: 'provisional',
        note: null,
      },
      {
        geo_code: '06037',
        start: '2024-01-01',
        end: '2024-12-31',
        value: 2375,
        status: 'provisional',
        note: null,
      },
      {
        geo_code: '35013',
        start: '2024-01-01',
        end: '2024-12-31',
        value: 59,
        status: 'provisional',
        note: null,
      },
      {
        geo_code: '48301',
        start: '2024-01-01',
        end: '2024-12-31',
        value: 0,
        status: 'provisional',
        note: null,
      },
    ]);
    const presidio = await observations(s, `geo_code = '48377' AND period_end = DATE '2024-12-31'`);
    expect(presidio).toEqual([
      {
        geo_code: '48377',
        start: '2024-01-01',
        end: '2024-12-31',
        value: null,
        status: 'suppressed',
        note: SUPPRESSED,
      },
    ]);
    // Texas 2020 windows carry the completeness note.
    const harris = await observations(s, `geo_code = '48201' AND period_end = DATE '2020-03-31'`);
    expect(harris[0]?.note).toMatch(/^Provisional data for this jurisdiction were less than 90% complete/);
    const names = await s.rows<{ name_en: string; name_es: string; border_state: boolean }>(
      `SELECT name_en, name_es, border_state FROM analytics.geography WHERE geo_level = 'county' AND geo_code = '35013'`,
    );
    expect(names).toEqual([
      { name_en: 'Doña Ana County, NM', name_es: 'Condado de Doña Ana, NM', border_state: true },
    ]);
  });

  it('keeps both vintages in raw; the later one wins and its revisions are listed', async () => {
    const s = fresh();
    await s.run();
    const raw = await s.rows<{ v: string; n: number }>(
      `SELECT strftime(vintage, '%Y-%m-%d') AS v, count(*) AS n FROM raw.cdc_vsrr_county GROUP BY 1 ORDER BY 1`,
    );
    expect(raw).toEqual([
      { v: '2025-04-06', n: 1083 },
      { v: '2025-07-06', n: 1140 },
    ]);
    const revised = await s.rows<{ first: string; last: string }>(
      `SELECT strftime(min(period_end), '%Y-%m') AS first, strftime(max(period_end), '%Y-%m') AS last
       FROM analytics.revisions WHERE source = 'cdc_vsrr_county'`,
    );
    // The earlier release underreported its last 12 months (2023-10 … 2024-09).
    expect(revised).toEqual([{ first: '2023-10', last: '2024-09' }]);
  });
});

describe('cdc_vsrr_county refuses bad input with a clear error', () => {
  const cases: [string, RegExp][] = [
    [
      'missing_column.csv',
      /cdc_vsrr_county: .*missing_column\.csv line 1 column "HistoricalDataCompletenessNote": missing column "HistoricalDataCompletenessNote": expected the 17-column download \(vsrr_county_download\): .*; the header has 16 fields: Data as of,.*Pending Investigation,MonthEndingDate/,
    ],
    [
      'renamed_column.csv',
      /cdc_vsrr_county: .*renamed_column\.csv line 1 column "Provisional Drug Overdose Deaths": missing column "Provisional Drug Overdose Deaths" \(the file has "Drug Overdose Deaths" instead: renamed\?\)/,
    ],
    [
      'wrong_type.csv',
      /cdc_vsrr_county: .*wrong_type\.csv line 4 column "Provisional Drug Overdose Deaths": .*15O2.*1 line\(s\) rejected/,
    ],
    ['bad_date.csv', /cdc_vsrr_county: .*bad_date\.csv line 6 column "MonthEndingDate": .*2024-10-31/],
    [
      'unknown_county.csv',
      /check cdc_vsrr_county_unmapped_rows failed: 3 offending row\(s\), e\.g\. .*"fips":"4999"/,
    ],
    [
      'fips_mismatch.csv',
      /check cdc_vsrr_county_unmapped_rows failed: 3 offending row\(s\), e\.g\. .*"fips":"6037","state_fips":"6","county_fips":"73"/,
    ],
    [
      'duplicate_keys.csv',
      /check cdc_vsrr_county_keys_unique failed: 1 offending row\(s\), e\.g\. .*duplicate_keys\.csv.*"fips":"04013"/,
    ],
    [
      'unsuppressed_count.csv',
      /check cdc_vsrr_county_suppression failed: 3 offending row\(s\), e\.g\. .*"deaths":4/,
    ],
  ];
  it.each(cases)('%s', async (name, message) => {
    const s = fresh();
    const error = await s.run([fileInput(bad(name), '2025-07-06')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('cdc_vsrr_county from the SODA API (local recorded responses)', () => {
  const recorded = join(fixturesDir, 'http/socrata/gb4e-yj24');
  const page = (n: number) => ({
    body: readFileSync(join(recorded, `page-0000${n}.csv`)),
    contentType: 'text/csv',
  });

  it('reads the API layout (floating timestamps, truncated field names) into the same observations', async () => {
    const server = await serve({
      '/api/views/gb4e-yj24.json': serveFile(join(recorded, 'metadata.json')),
      '/resource/gb4e-yj24.csv': [
        { status: 429, headers: { 'Retry-After': '0' }, body: 'slow down' },
        page(0),
        page(1),
        page(2),
      ],
    });
    const s = fresh();
    const summary = await s.run([
      { kind: 'socrata', baseUrl: server.url, datasetId: 'gb4e-yj24', pageSize: COUNTY_PAGE_SIZE },
    ]);
    expect(summary.loads.map((l) => [l.vintage, l.rowsLoaded, l.layout])).toEqual([
      ['2025-07-16', 1140, 'vsrr_county_socrata_api'],
    ]);
    expect(
      await observations(s, `period_end = DATE '2024-12-31' AND geo_code IN ('04013', '48377')`),
    ).toEqual([
      {
        geo_code: '04013',
        start: '2024-01-01',
        end: '2024-12-31',
        value: 1365,
        status: 'provisional',
        note: null,
      },
      {
        geo_code: '48377',
        start: '2024-01-01',
        end: '2024-12-31',
        value: null,
        status: 'suppressed',
        note: SUPPRESSED,
      },
    ]);
  });

  it('refuses an HTML page served as the CSV', async () => {
    const server = await serve({
      '/api/views/gb4e-yj24.json': serveFile(join(recorded, 'metadata.json')),
      '/resource/gb4e-yj24.csv': {
        contentType: 'text/html',
        body: '<!DOCTYPE html><html><body>Down</body></html>',
      },
    });
    const s = fresh();
    const error = await s
      .run([{ kind: 'socrata', baseUrl: server.url, datasetId: 'gb4e-yj24', pageSize: COUNTY_PAGE_SIZE }])
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/returned an HTML page \(text\/html\), expected CSV/);
  });
});

describe('cdc_vsrr_county incremental pulls (a trailing window of months)', () => {
  /** Serves `rows` the way Socrata does: `$where` on monthendingdate (>=), then $limit/$offset pages. */
  function socrataApi(rows: () => ReturnType<typeof toApiRow>[]) {
    return (req: FixtureRequest) => {
      const where = req.query.get('$where');
      const since = where === null ? null : /^monthendingdate >= '([0-9T:.-]+)'$/.exec(where)?.[1];
      if (since === undefined) return { status: 400, body: `unsupported $where: ${where}` };
      const kept = rows().filter((r) => since === null || r.monthendingdate >= since);
      const offset = Number(req.query.get('$offset'));
      const limit = Number(req.query.get('$limit'));
      return {
        contentType: 'text/csv; charset=utf-8',
        body: writeCsv(COUNTY_API_FIELDS, kept.slice(offset, offset + limit), { quote: 'all-non-empty' }),
      };
    };
  }

  it('pulls everything first, then only the window; older periods keep their earlier vintage', async () => {
    // Release 1: data through 2024-09; release 2: through 2024-12, revising the recent windows.
    let release = earlierCountyRelease().map(toApiRow);
    let updatedAt = Date.UTC(2025, 3, 10) / 1000;
    const server = await serve({
      '/api/views/gb4e-yj24.json': () => ({
        contentType: 'application/json',
        body: JSON.stringify(socrataMetadata(updatedAt)),
      }),
      '/resource/gb4e-yj24.csv': socrataApi(() => release),
    });
    // A window reaching back to January 2024, whatever today's date.
    const now = new Date();
    const lagMonths = (now.getUTCFullYear() - 2024) * 12 + now.getUTCMonth() + 1;
    expect(windowStart(now, lagMonths)).toBe('2024-01-01');
    const input: PipelineInput = {
      kind: 'socrata',
      baseUrl: server.url,
      datasetId: 'gb4e-yj24',
      pageSize: 400,
      window: { dateField: 'monthendingdate', lagMonths },
    };
    const s = fresh();
    const first = await s.run([input]);
    expect(first.loads.map((l) => [l.vintage, l.rowsLoaded])).toEqual([['2025-04-10', 1083]]);
    expect(s.log.join('\n')).toMatch(/first pull of http:\S+\/resource\/gb4e-yj24\.csv: fetching every row/);
    expect(server.requests.some((q) => q.query.has('$where'))).toBe(false);

    // Release 2 no longer has Maricopa's window ending March 2024: inside the pull's window, so withdrawn.
    const dropped = (r: { FIPS: string; MonthEndingDate: string }) =>
      r.FIPS === '4013' && r.MonthEndingDate === '03/31/2024';
    release = currentCountyRelease()
      .filter((r) => !dropped(r))
      .map(toApiRow);
    updatedAt = Date.UTC(2025, 6, 16) / 1000;
    const second = await s.run([input]);
    // 19 counties × 12 windows of 2024, but one.
    expect(second.loads.map((l) => [l.vintage, l.rowsLoaded])).toEqual([['2025-07-16', 227]]);
    const wheres = server.requests.filter((q) => q.query.has('$where')).map((q) => q.query.get('$where'));
    expect(new Set(wheres)).toEqual(new Set([windowCondition('monthendingdate', '2024-01-01')]));
    expect(s.log.join('\n')).toMatch(
      /incremental pull of \S+ where monthendingdate >= '2024-01-01T00:00:00'/,
    );

    // Nothing lost: every county still has its 60 windows; those before the window keep the first vintage.
    const byVintage = await s.rows<{ v: string; first: string; last: string; n: number }>(
      `SELECT strftime(vintage, '%Y-%m-%d') AS v, strftime(min(period_end), '%Y-%m') AS first,
              strftime(max(period_end), '%Y-%m') AS last, count(*) AS n
       FROM analytics.observations WHERE source = 'cdc_vsrr_county' GROUP BY 1 ORDER BY 1`,
    );
    expect(byVintage).toEqual([
      { v: '2025-04-10', first: '2020-01', last: '2023-12', n: 19 * 48 },
      { v: '2025-07-16', first: '2024-01', last: '2024-12', n: 19 * 12 - 1 },
    ]);
    // The complete pull reaches the whole dataset, the windowed one only its periods (docs/releases.md).
    expect(
      await s.rows(
        "SELECT release_scope FROM meta.loads WHERE source = 'cdc_vsrr_county' AND status = 'loaded' ORDER BY load_id",
      ),
    ).toEqual([{ release_scope: 'all' }, { release_scope: 'periods' }]);
    const withdrawn = await s.rows(
      `SELECT geo_code, strftime(period_end, '%Y-%m-%d') AS period_end, strftime(new_vintage, '%Y-%m-%d') AS by
       FROM analytics.revisions WHERE source = 'cdc_vsrr_county' AND new_status = 'withdrawn'`,
    );
    expect(withdrawn).toEqual([{ geo_code: '04013', period_end: '2024-03-31', by: '2025-07-16' }]);
    // The revised windows, as a complete pull of release 2 would have shown them.
    const maricopa = await observations(s, `geo_code = '04013' AND period_end = DATE '2024-09-30'`);
    const expected = currentCountyRelease().find(
      (r) => r.FIPS === '4013' && r.MonthEndingDate === '09/30/2024',
    );
    expect(maricopa[0]?.value).toBe(Number(expected?.['Provisional Drug Overdose Deaths'].replace(',', '')));
    const revisions = await s.rows<{ first: string; last: string }>(
      `SELECT strftime(min(period_end), '%Y-%m') AS first, strftime(max(period_end), '%Y-%m') AS last
       FROM analytics.revisions WHERE source = 'cdc_vsrr_county'`,
    );
    expect(revisions).toEqual([{ first: '2024-01', last: '2024-09' }]);
  });
});

type ApiRow = ReturnType<typeof toApiRow>;
/** The SODA CSV of API rows (every non-null value quoted, null as nothing), as /resource/gb4e-yj24.csv sends it. */
const apiCsv = (rows: readonly ApiRow[]) => writeCsv(COUNTY_API_FIELDS, rows, { quote: 'all-non-empty' });
/** A local data.cdc.gov serving `rows` as one page, and metadata saying the rows were updated at `updatedAt`. */
async function serveApi(rows: readonly ApiRow[], updatedAt: Date) {
  return serve({
    '/api/views/gb4e-yj24.json': {
      contentType: 'application/json',
      body: JSON.stringify(socrataMetadata(updatedAt.getTime() / 1000)),
    },
    '/resource/gb4e-yj24.csv': { contentType: 'text/csv; charset=utf-8', body: apiCsv(rows) },
  });
}
const apiInput = (url: string): PipelineInput => ({
  kind: 'socrata',
  baseUrl: url,
  datasetId: 'gb4e-yj24',
  pageSize: 50_000,
});

const dallasFile = join(
  sharedDatasets,
  'cdc-vsrr-county/gb4e-yj24_api_dallas-county-tx_as_of_2026-07-05.json',
);
const dallasPresent = existsSync(dallasFile);
if (!dallasPresent) console.warn(`skipping the real gb4e-yj24 answer test: ${dallasFile} not found`);

describe.skipIf(!dallasPresent)(
  'cdc_vsrr_county on a real SODA answer (Dallas County, TX, 2026-07-05)',
  () => {
    it('takes the window from monthendingdate, not the release-wide start_date/end_date; omitted fields are NULL', async () => {
      const json = JSON.parse(readFileSync(dallasFile, 'utf8')) as Partial<ApiRow>[];
      // The JSON answer omits null fields (no footnote here); the CSV endpoint leaves them empty.
      const empty = Object.fromEntries(COUNTY_API_FIELDS.map((f) => [f, ''])) as ApiRow;
      const rows = json.map((r) => ({ ...empty, ...r }));
      expect(new Set(json.map((r) => `${r.start_date} ${r.end_date}`))).toEqual(
        new Set(['2020-01-31T00:00:00.000 2025-12-31T00:00:00.000']),
      );
      const server = await serveApi(rows, new Date('2026-07-05T00:00:00Z'));
      const s = fresh();
      const summary = await s.run([apiInput(server.url)]);
      expect(summary.loads.map((l) => [l.vintage, l.rowsLoaded, l.rowsRejected])).toEqual([
        ['2026-07-05', 72, 0],
      ]);
      const all = await observations(s, `geo_code = '48113'`);
      expect(all).toHaveLength(72);
      // Each window is the 12 months ending at monthendingdate: 72 different windows, none starting at start_date.
      expect(new Set(all.map((o) => o.end)).size).toBe(72);
      // A window starts on a month's first day (start_date would make it 2020-01-31 on every row).
      expect(all.filter((o) => !o.start.endsWith('-01'))).toEqual([]);
      // The values SOURCE.md checked against the file.
      const at = (end: string) => all.find((o) => o.end === end);
      expect(at('2020-01-31')).toEqual({
        geo_code: '48113',
        start: '2019-02-01',
        end: '2020-01-31',
        value: 352,
        status: 'provisional',
        note: 'Completeness of provisional 2019 data under 90% after 6 months.',
      });
      expect([at('2024-12-31')?.value, at('2025-12-31')?.value]).toEqual([566, 582]);
      // Every count in the file, and nothing else, is in the warehouse.
      const published = new Map(
        json.map((r) => [r.monthendingdate?.slice(0, 10), Number(r.provisional_drug_overdose)]),
      );
      expect(new Map(all.map((o) => [o.end, o.value]))).toEqual(published);
      const raw = await s.rows<{ pct: number; footnote: string | null }>(
        `SELECT pct_pending AS pct, footnote FROM raw.cdc_vsrr_county WHERE month_ending_ts = TIMESTAMP '2020-01-31'`,
      );
      expect(raw).toEqual([{ pct: 0.072683222, footnote: null }]);
    });
  },
);

describe('cdc_vsrr_county: the Virginia FIPS CDC publishes twice (51005, 51019)', () => {
  // Synthetic rows in the API's shape: three windows of a generated county, re-keyed as Virginia rows.
  const template = currentCountyRelease()
    .filter((r) => r.FIPS === '48141' && r.Year === '2024' && Number(r.Month) >= 10)
    .map(toApiRow);
  const virginia = (fips: string, name: string, deaths: (i: number) => string): ApiRow[] =>
    template.map((r, i) => ({
      ...r,
      st_abbrev: 'VA',
      state_name: 'Virginia',
      countyname: name,
      fips,
      statefips: '51',
      countyfips: fips.slice(2),
      provisional_drug_overdose: deaths(i),
      footnote: deaths(i) === '' ? SUPPRESSED : '',
    }));
  const updated = new Date('2025-07-16T00:00:00Z');

  it('keeps a row named after the merged city under its old code, and one copy of a row shown twice', async () => {
    const rows = [
      ...virginia('51005', 'Alleghany', (i) => String(11 + i)),
      ...virginia('51005', 'Clifton Forge', () => ''),
      ...virginia('51019', 'Bedford', (i) => String(40 + i)),
      ...virginia('51019', 'Bedford', (i) => String(40 + i)),
    ];
    const server = await serveApi(rows, updated);
    const s = fresh();
    const summary = await s.run([apiInput(server.url)]);
    expect(summary.loads.map((l) => l.rowsLoaded)).toEqual([12]);
    const got = await s.rows<{ geo_code: string; n: number; values: string; note: string | null }>(
      `SELECT geo_code, count(*) AS n, string_agg(coalesce(CAST(value AS INTEGER)::VARCHAR, '-'), ' ' ORDER BY period_end) AS values,
              any_value(note) AS note
       FROM analytics.observations WHERE source = 'cdc_vsrr_county' GROUP BY 1 ORDER BY 1`,
    );
    expect(got).toEqual([
      { geo_code: '51005', n: 3, values: '11 12 13', note: null },
      { geo_code: '51019', n: 3, values: '40 41 42', note: null },
      {
        geo_code: '51560',
        n: 3,
        values: '- - -',
        note: `Published by CDC under FIPS 51005 as "Clifton Forge", a former independent city. ${SUPPRESSED}`,
      },
    ]);
    const names = await s.rows<{ name_en: string }>(
      `SELECT name_en FROM analytics.geography WHERE geo_code IN ('51515', '51560') ORDER BY geo_code`,
    );
    expect(names).toEqual([{ name_en: 'Bedford city, VA' }, { name_en: 'Clifton Forge city, VA' }]);
  });

  it('places "Bedford city" under 51515', async () => {
    const rows = [
      ...virginia('51019', 'Bedford', (i) => String(40 + i)),
      ...virginia('51019', 'Bedford City', (i) => String(10 + i)),
    ];
    const s = fresh();
    await s.run([apiInput((await serveApi(rows, updated)).url)]);
    const got = await s.rows<{ geo_code: string; total: number }>(
      `SELECT geo_code, sum(value) AS total FROM analytics.observations GROUP BY 1 ORDER BY 1`,
    );
    expect(got).toEqual([
      { geo_code: '51019', total: 123 },
      { geo_code: '51515', total: 33 },
    ]);
  });

  it('refuses two different counts for the same county and window', async () => {
    const rows = [
      ...virginia('51019', 'Bedford', (i) => String(40 + i)),
      ...virginia('51019', 'Bedford', (i) => String(50 + i)),
    ];
    const s = fresh();
    const error = await s.run([apiInput((await serveApi(rows, updated)).url)]).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /check cdc_vsrr_county_keys_unique failed: 3 offending row\(s\), e\.g\. .*"fips":"51019"/,
    );
  });
});
