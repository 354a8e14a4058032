/**
 * Issue 3 item 8, issue 16 item 2: an epidemiologist adds a Socrata dataset by writing ONE source folder, outside src/
 * and sql/. The folder here is docs/examples/ems_naloxone_weekly/ itself (a made-up weekly EMS naloxone dataset),
 * copied into a fresh folder that centinela.config.json lists in "pipelineDirs"; the portal is a local server
 * replaying recorded pages.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  INCOMPLETE_NOTE,
  NALOXONE_DATASET,
  NALOXONE_FIELDS,
  NALOXONE_PAGE_SIZE,
  NALOXONE_WEEKS,
  naloxoneRows,
} from '../../fixtures/sources/exampleNaloxone.ts';
import { writeCsv } from '../../pipelines/_lib/fixtures/csvWrite.ts';
import { pipelines as builtIn } from '../../pipelines/index.ts';
import { loadConfigSync } from '../../src/core/config.ts';
import { defineSource, type SourceSpec } from '../../src/core/defineSource.ts';
import { fixturesDir, projectRoot } from '../../src/core/paths.ts';
import { discoverPipelines, withExtraPipelines } from '../../src/core/registry.ts';
import { runPipelines } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { type FixtureServer, serveFile, startFixtureServer } from '../support/fixtureServer.ts';
import { cli } from '../support/runCli.ts';
import { duck } from '../support/sourceRun.ts';

const exampleFolder = join(projectRoot, 'docs/examples/ems_naloxone_weekly');
const example = join(exampleFolder, 'pipeline.ts');
const recorded = join(fixturesDir, `http/socrata/${NALOXONE_DATASET}`);

let dir: string | undefined;
let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A working folder with the example pipeline in my-sources/ and a config pointing there and at the local portal. */
async function setUp(extraConfig: Record<string, unknown> = {}): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), 'centinela-generic-'));
  dir = cwd;
  mkdirSync(join(cwd, 'my-sources'));
  cpSync(exampleFolder, join(cwd, 'my-sources/ems_naloxone_weekly'), { recursive: true });
  // The recorded pages, after one 502; a `$where` (an incremental pull) gets the rows Socrata would keep.
  let calls = 0;
  server = await startFixtureServer({
    [`/api/views/${NALOXONE_DATASET}.json`]: serveFile(join(recorded, 'metadata.json')),
    [`/resource/${NALOXONE_DATASET}.csv`]: (req) => {
      if (calls++ === 0) return { status: 502, body: 'bad gateway' };
      const offset = Number(req.query.get('$offset'));
      const where = req.query.get('$where');
      if (where === null) {
        return {
          contentType: 'text/csv',
          body: readFileSync(join(recorded, `page-0000${offset / NALOXONE_PAGE_SIZE}.csv`)),
        };
      }
      const since = /^week_ending >= '(.+)'$/.exec(where)?.[1] ?? '';
      const kept = naloxoneRows().filter((r) => r.week_ending >= since);
      const rows = kept.slice(offset, offset + Number(req.query.get('$limit')));
      return { contentType: 'text/csv', body: writeCsv(NALOXONE_FIELDS, rows, { quote: 'all-non-empty' }) };
    },
  });
  writeFileSync(
    join(cwd, 'centinela.config.json'),
    JSON.stringify({
      pipelineDirs: ['my-sources'],
      http: { timeoutMs: 5000, retries: 2 },
      pipelines: {
        ems_naloxone_weekly: {
          inputs: [
            {
              kind: 'socrata',
              baseUrl: server.url,
              datasetId: NALOXONE_DATASET,
              pageSize: NALOXONE_PAGE_SIZE,
              window: { dateField: 'week_ending', lagMonths: 3 },
            },
          ],
        },
      },
      ...extraConfig,
    }),
  );
  return cwd;
}

async function published<T>(cwd: string, sql: string): Promise<T[]> {
  const wh = await openWarehouse(join(cwd, 'data/centinela.duckdb'), { readOnly: true });
  try {
    return await queryRows<T>(wh.connection, sql);
  } finally {
    wh.closeSync();
  }
}

describe('a Socrata source added as one pipeline file', () => {
  it('is discovered from pipelineDirs, fetched, loaded and normalised by `centinela ingest`', async () => {
    const cwd = await setUp();
    const r = await cli(cwd, 'ingest', 'ems_naloxone_weekly');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/retrying \S+\$offset=0\S+ in \d+ ms \(returned HTTP 502/);
    expect(r.stderr).toMatch(/ems_naloxone_weekly: first pull of http:\S+: fetching every row/);
    expect(r.stderr).toMatch(
      /ems_naloxone_weekly: loaded 160 rows from http:\/\/127\.0\.0\.1:\d+\/resource\/n4lx-w33k\.csv \(socrata_api, vintage 2024-10-15\)/,
    );

    const rows = naloxoneRows();
    const suppressed = rows.filter((x) => x.suppression_flag === 'Y').length;
    const total = rows.reduce((sum, x) => sum + Number(x.administrations || 0), 0);
    const summary = await published<{
      n: number;
      suppressed: number;
      zero_suppressed: number;
      total: number;
      places: string;
      weeks: number;
    }>(
      cwd,
      `SELECT count(*) AS n, count(*) FILTER (WHERE status = 'suppressed') AS suppressed,
              count(*) FILTER (WHERE status = 'suppressed' AND value IS NOT NULL) AS zero_suppressed,
              sum(value) AS total, string_agg(DISTINCT geo_code, ',' ORDER BY geo_code) AS places,
              count(DISTINCT period_end) AS weeks
       FROM analytics.observations WHERE source = 'ems_naloxone_weekly'`,
    );
    expect(summary).toEqual([
      {
        n: 4 * NALOXONE_WEEKS,
        suppressed,
        zero_suppressed: 0,
        total,
        places: '04013,04019,04023,35013',
        weeks: NALOXONE_WEEKS,
      },
    ]);
    // Hand-checked against fixtures/http/socrata/n4lx-w33k/page-00000.csv: the first week.
    const firstWeek = await published(
      cwd,
      `SELECT geo_level, geo_code, strftime(period_start, '%Y-%m-%d') AS start, strftime(period_end, '%Y-%m-%d') AS end,
              period_type, drug, measure, value, status, note
       FROM analytics.observations WHERE source = 'ems_naloxone_weekly' AND period_end = DATE '2024-01-06' ORDER BY geo_code`,
    );
    const week = { start: '2023-12-31', end: '2024-01-06', period_type: 'week', drug: 'all_opioids' };
    const m = 'naloxone_administrations';
    expect(firstWeek).toEqual([
      {
        geo_level: 'county',
        geo_code: '04013',
        ...week,
        measure: m,
        value: 94,
        status: 'provisional',
        note: null,
      },
      {
        geo_level: 'county',
        geo_code: '04019',
        ...week,
        measure: m,
        value: 28,
        status: 'provisional',
        note: null,
      },
      // "4023" in the portal, padded back; withheld (1–4): NULL, suppressed, never 0.
      {
        geo_level: 'county',
        geo_code: '04023',
        ...week,
        measure: m,
        value: null,
        status: 'suppressed',
        note: null,
      },
      {
        geo_level: 'county',
        geo_code: '35013',
        ...week,
        measure: m,
        value: 10,
        status: 'provisional',
        note: null,
      },
    ]);
    const notes = await published<{ n: number }>(
      cwd,
      `SELECT count(*) AS n FROM analytics.observations WHERE source = 'ems_naloxone_weekly' AND note = '${INCOMPLETE_NOTE}'`,
    );
    expect(notes).toEqual([{ n: 8 }]);
    // The raw table is documented from the file's comments.
    const comment = await published<{ comment: string }>(
      cwd,
      `SELECT comment FROM duckdb_columns() WHERE schema_name = 'raw' AND table_name = 'ems_naloxone_weekly'
         AND column_name = 'suppression_flag'`,
    );
    expect(comment).toEqual([{ comment: '"Y" when the count (1–4) is withheld for privacy.' }]);

    // A second run: the dataset is now loaded, so only the window is asked for.
    server?.requests.splice(0);
    const again = await cli(cwd, 'ingest', 'ems_naloxone_weekly');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/incremental pull of \S+ where week_ending >= '\d{4}-\d{2}-01T00:00:00'/);
    expect(server?.requests.find((q) => q.pathname.endsWith('.csv'))?.query.get('$where')).toMatch(
      /^week_ending >= /,
    );
  });

  it('is listed by `centinela status` beside the built-in sources', async () => {
    const cwd = await setUp();
    expect((await cli(cwd, 'ingest', 'ems_naloxone_weekly')).code).toBe(0);
    const r = await cli(cwd, 'status', '--json');
    // (The exit code reports the health of every source; the built-in ones were not loaded here.)
    const status = JSON.parse(r.stdout) as { sources: { source: string; latest_vintage: string | null }[] };
    expect(status.sources.find((x) => x.source === 'ems_naloxone_weekly')).toMatchObject({
      latest_vintage: '2024-10-15',
    });
  });

  it('is the same pipeline in-process: discovered as a plain object and validated by defineSource', async () => {
    const cwd = await setUp();
    const { config } = loadConfigSync({ cwd });
    const all = await withExtraPipelines(builtIn, config.pipelineDirs);
    const mine = all.find((p) => p.name === 'ems_naloxone_weekly');
    expect(mine?.raw.columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'week_ending TIMESTAMP',
      'county_fips VARCHAR',
      'county VARCHAR',
      'administrations DOUBLE',
      'suppression_flag VARCHAR',
      'data_quality_note VARCHAR',
    ]);
    expect(mine?.liveInputs).toEqual([
      {
        kind: 'socrata',
        baseUrl: 'https://data.example-state.gov',
        datasetId: 'n4lx-w33k',
        pageSize: 50_000,
        window: { dateField: 'week_ending', lagMonths: 3 },
      },
    ]);
    const summary = await runPipelines({
      data: 'demo',
      config,
      pipelines: [mine as NonNullable<typeof mine>],
      allPipelines: all,
      command: 'ingest',
      ingest: true,
      detect: false,
    });
    expect(summary.loads.map((l) => [l.source, l.rowsLoaded, l.rowsRejected])).toEqual([
      ['ems_naloxone_weekly', 160, 0],
    ]);
  });
});

describe('a source folder is all a source needs', () => {
  it('its definition, checks, seeds and labels, copied alone into a pipelineDirs folder, load and report end to end', async () => {
    const cwd = await setUp();
    const folder = join(cwd, 'my-sources/ems_naloxone_weekly');
    // A code of the source's own, in its own seeds/ (same header as sql/seeds/drugs_core.csv).
    mkdirSync(join(folder, 'seeds'));
    writeFileSync(
      join(folder, 'seeds/drugs_ems_naloxone_weekly.csv'),
      'code,label_en,label_es,short_en,short_es,icd10,note_en\n' +
        'naloxone_ems,Naloxone given by EMS,Naloxona administrada por SEM,naloxone,naloxona,,Example source code.\n',
    );
    const r = await cli(cwd, 'ingest', 'ems_naloxone_weekly');
    expect(r.code, r.stderr).toBe(0);
    expect(
      await published(
        cwd,
        `SELECT count(*) AS n FROM analytics.observations WHERE source = 'ems_naloxone_weekly'`,
      ),
    ).toEqual([{ n: 4 * NALOXONE_WEEKS }]);
    expect(
      await published(cwd, `SELECT code, label_es FROM analytics.drugs WHERE code = 'naloxone_ems'`),
    ).toEqual([{ code: 'naloxone_ems', label_es: 'Naloxona administrada por SEM' }]);
    // The labels of the definition, through the warehouse, as the report reads them.
    expect(
      await published(
        cwd,
        `SELECT label_en, label_es, description_en IS NOT NULL AS described, fiscal_years FROM meta.sources
         WHERE name = 'ems_naloxone_weekly'`,
      ),
    ).toEqual([
      {
        label_en: 'EMS naloxone (example)',
        label_es: 'Naloxona SEM (ejemplo)',
        described: true,
        fiscal_years: false,
      },
    ]);
    const report = await cli(cwd, 'report');
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'reports/es/index.html'), 'utf8')).toContain('Naloxona SEM (ejemplo)');

    // The folder's checks/*.sql run as the source's own checks: one that finds rows fails the source, by name.
    writeFileSync(
      join(folder, 'checks/no_county_04013.sql'),
      "SELECT load_id, geo_code FROM staging.ems_naloxone_weekly WHERE geo_code = '04013';\n",
    );
    rmSync(join(cwd, 'data'), { recursive: true, force: true });
    const failed = await cli(cwd, 'ingest', 'ems_naloxone_weekly');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /check ems_naloxone_weekly_no_county_04013 failed: \d+ offending row\(s\), e\.g\. \{"load_id":\d+,"geo_code":"04013"\}/,
    );
  });
});

describe('mistakes in a one-file source are named', () => {
  const write = (cwd: string, name: string, body: string) => writeFileSync(join(cwd, name), body);

  it('an invalid spec names the file and the field', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'centinela-generic-'));
    dir = cwd;
    const text = readFileSync(example, 'utf8').replace("value: { sql: 'administrations' },", '');
    write(cwd, 'broken.ts', text);
    await expect(discoverPipelines(cwd)).rejects.toThrow(
      /broken\.ts: invalid source ems_naloxone_weekly: observation\.value: /,
    );
  });

  it('a plain definePipeline object (no import at all) is accepted too', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'centinela-generic-'));
    dir = cwd;
    write(
      cwd,
      'plain.ts',
      `export default {
  name: 'plain_csv',
  title: { en: 'Plain', es: 'Simple' },
  publisher: 'Example',
  releases: 'yearly',
  schedule: { cron: '0 0 1 1 *', timezone: 'UTC' },
  demoInputs: [{ kind: 'url', url: 'https://example.org/a.csv' }],
  liveInputs: [{ kind: 'url', url: 'https://example.org/a.csv' }],
  raw: { comment: 'Rows.', columns: [{ name: 'n', type: 'DOUBLE', comment: 'A number.' }] },
  csv: { layouts: [{ name: 'plain', description: 'the file', fields: [['N', 'n']] }] },
  staging: { sql: 'SELECT * FROM raw.plain_csv' },
};
`,
    );
    const [plain] = await discoverPipelines(cwd);
    expect(plain).toMatchObject({
      name: 'plain_csv',
      produces: 'observations',
      maxRejectedRows: 0,
      hooks: {},
    });
  });

  it('a default export that is not a pipeline is refused', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'centinela-generic-'));
    dir = cwd;
    write(cwd, 'nothing.ts', 'export default 42;\n');
    await expect(discoverPipelines(cwd)).rejects.toThrow(
      /nothing\.ts: the default export must be a pipeline/,
    );
  });

  it('a drug code the seeds do not know fails the run, naming the code', async () => {
    const cwd = await setUp();
    const text = readFileSync(example, 'utf8').replace("drug: 'all_opioids'", "drug: 'narcan'");
    write(join(cwd, 'my-sources/ems_naloxone_weekly'), 'pipeline.ts', text);
    const r = await cli(cwd, 'ingest', 'ems_naloxone_weekly');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /check known_drugs_and_places failed: .*"source":"ems_naloxone_weekly".*"drug":"narcan"/,
    );
  });

  it('two rows for one key in a release fail the run instead of one being picked', async () => {
    const cwd = await setUp();
    // Every county mapped to the same place: four rows per week for one key.
    const text = readFileSync(example, 'utf8').replace(
      `geo_code: { sql: "lpad(county_fips, 5, '0')" }`,
      "geo_code: '04013'",
    );
    write(join(cwd, 'my-sources/ems_naloxone_weekly'), 'pipeline.ts', text);
    const r = await cli(cwd, 'ingest', 'ems_naloxone_weekly');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /ems_naloxone_weekly: load \d+ has 4 rows for county 04013, \d{4}-\d\d-\d\d to 2024-\d\d-\d\d, all_opioids naloxone_administrations: keys must be unique within a release/,
    );
  });
});

describe('defineSource periods', () => {
  const spec = (period: SourceSpec['observation']['period']): SourceSpec => ({
    name: 'periods',
    title: { en: 'x', es: 'x' },
    publisher: 'x',
    releases: 'weekly',
    schedule: { cron: '0 0 * * *', timezone: 'UTC' },
    url: 'https://example.org/x.csv',
    columns: [{ name: 'd', type: 'DATE', comment: 'a date' }],
    observation: {
      country: 'US',
      geo_level: 'nation',
      geo_code: 'US',
      period,
      drug: 'all_drugs',
      measure: 'deaths',
      value: { sql: '1' },
    },
  });
  // [period, the date in the row, expected start, expected end], worked out by hand.
  const cases: [SourceSpec['observation']['period'], string, string, string][] = [
    [{ type: 'week', end: { sql: 'd' } }, '2024-03-02', '2024-02-25', '2024-03-02'],
    [{ type: 'week', start: { sql: 'd' } }, '2024-02-25', '2024-02-25', '2024-03-02'],
    [{ type: 'month', start: { sql: 'd' } }, '2024-02-10', '2024-02-01', '2024-02-29'],
    [{ type: 'quarter', end: { sql: 'd' } }, '2024-05-31', '2024-04-01', '2024-06-30'],
    [{ type: 'year', start: { sql: 'd' } }, '2023-07-01', '2023-01-01', '2023-12-31'],
    [{ type: '12mo_ending', end: { sql: 'd' } }, '2024-02-29', '2023-03-01', '2024-02-29'],
    [{ type: '12mo_ending', start: { sql: 'd' } }, '2023-03-01', '2023-03-01', '2024-02-29'],
  ];
  it.each(cases)('%o on %s: %s to %s', async (period, date, start, end) => {
    const pipeline = defineSource(spec(period));
    expect(pipeline.csv.layouts[0]?.fields).toEqual([['d', 'd']]);
    const rows = await duck<{ start: string; end: string }>(
      `CREATE SCHEMA raw; CREATE TABLE raw.periods AS SELECT DATE '${date}' AS d, DATE '2024-06-01' AS vintage, 1 AS load_id;
       SELECT strftime(period_start, '%Y-%m-%d') AS start, strftime(period_end, '%Y-%m-%d') AS end
       FROM (${'sql' in pipeline.staging ? pipeline.staging.sql : ''})`,
    );
    expect(rows).toEqual([{ start, end }]);
  });

  it('needs a start or an end, and exactly one of socrata or url', () => {
    expect(() => defineSource(spec({ type: 'week' }))).toThrow(
      /invalid source periods: observation\.period: expected period\.start or period\.end/,
    );
    expect(() => defineSource({ ...spec({ type: 'week', end: { sql: 'd' } }), url: undefined })).toThrow(
      /invalid source periods: \(root\): expected exactly one of socrata or url/,
    );
  });
});
