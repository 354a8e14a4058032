import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../src/core/paths.ts';
import { othersDisabled } from '../schedule/helpers.ts';
import { type FixtureServer, serveFile, startFixtureServer } from '../support/fixtureServer.ts';
import { cli } from '../support/runCli.ts';
import { tableFingerprints } from '../support/warehouseState.ts';

/** Row counts and checksums of what researchers query (raw, analytics): not the ledgers. */
async function publishedData(path: string): Promise<Record<string, string>> {
  const all = await tableFingerprints(path);
  return Object.fromEntries(Object.entries(all).filter(([name]) => !name.startsWith('meta.')));
}

describe('npm start: centinela run on the bundled real releases, in a fresh folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'centinela-start-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Every source's real releases, the detectors and the report: over a minute on a loaded machine.
  it('builds the warehouse and a report from the publishers’ releases, with no synthetic row', async () => {
    const r = await cli(dir, 'run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /cdc_vsrr_state: loaded 76860 rows from \S+xkb8-kh2a_through_2025-02\.csv\.gz \(vsrr_12col, vintage 2025-07-16\)/,
    );
    expect(r.stderr).toContain('cdc_vsrr_county: not loaded: no bundled release');
    expect(r.stderr + r.stdout).not.toMatch(/demo data/i);
    expect(r.stdout).toContain(`Warehouse: ${join(dir, 'data/centinela.duckdb')}`);
    const demo = await cli(dir, 'query', "select value from meta.info where key = 'demo'", '--format', 'csv');
    expect(demo.stdout).toBe('value\nfalse\n');
    const en = readFileSync(join(dir, 'reports/index.html'), 'utf8');
    expect(en).not.toContain('DEMO DATA');
    expect(en).not.toContain('data-demo');
    // Each release is named with its date; the sources with none are named as not loaded, in both languages.
    expect(en).toMatch(/Data releases: [^<]*of July 16, 2025/);
    expect(en).toMatch(/Not loaded \(no release bundled or fetched[^<]*Medicaid/);
    const es = readFileSync(join(dir, 'reports/es/index.html'), 'utf8');
    expect(es).toMatch(/Sin cargar \(ninguna publicación incluida ni descargada[^<]*Medicaid/);
    // The overview opens with what alarms now, per source, with the release it comes from, in both languages.
    const now = en.slice(en.indexOf('Now: signals in the latest period'), en.indexOf('Headline figures'));
    expect(now).toMatch(
      /CDC VSRR: data through February 2025 \(release of July 16, 2025\); \d+ series alarmed\./,
    );
    expect(now).toMatch(/SESNSP[^<]*: data through July 2025 \(release of August 20, 2025\)/);
    expect(now).toMatch(/<li><strong>[^<]+<\/strong>: (alarming since \w+ \d{4}|new in this period); /);
    expect(es).toMatch(/CDC VSRR: datos hasta febrero de 2025 \(publicación del 16 de julio de 2025\)/);
  }, 180_000);

  it('refuses to load demo fixtures into the real warehouse', async () => {
    writeFileSync(
      join(dir, 'centinela.config.json'),
      JSON.stringify({
        pipelines: {
          cdc_vsrr_state: {
            inputs: [
              {
                kind: 'file',
                path: join(fixturesDir, 'cdc-vsrr-state/VSRR_Provisional_Drug_Overdose_Death_Counts.csv'),
                vintage: '2024-11-13',
                demo: true,
              },
            ],
          },
        },
      }),
    );
    const r = await cli(dir, 'ingest', 'cdc_vsrr_state');
    rmSync(join(dir, 'centinela.config.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/this warehouse holds real releases and the run would add synthetic demo data/);
  });
});

describe('centinela run --demo, end to end in a fresh folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'centinela-e2e-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the bundled demo data to its own published warehouse and a bilingual report', async () => {
    const r = await cli(dir, 'run', '--demo');
    expect(r.stderr).toMatch(/loaded 5544 rows .*10col\.csv \(vsrr_10col, vintage 2024-08-14, demo data\)/);
    expect(r.stderr).toMatch(/loaded 5808 rows .*Counts\.csv \(vsrr_12col, vintage 2024-11-13, demo data\)/);
    expect(r.stderr).toContain('DEMO DATA');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Warehouse: ${join(dir, 'data/demo/centinela.duckdb')}`);
    expect(existsSync(join(dir, 'data/demo/centinela.duckdb'))).toBe(true);
    expect(existsSync(join(dir, 'data/centinela.duckdb'))).toBe(false);
    const en = readFileSync(join(dir, 'reports/demo/index.html'), 'utf8');
    const es = readFileSync(join(dir, 'reports/demo/es/index.html'), 'utf8');
    expect(en).toContain('DEMO DATA');
    expect(es).toContain('DATOS DE DEMOSTRACIÓN');
  });

  it('answers read-only queries on the published file, as a table, CSV or JSON', async () => {
    const table = await cli(dir, 'query', '--demo', 'select count(*) as n from analytics.alerts');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^n\s*\n-+\n\d+\n\(1 row\)\n$/);
    const json = await cli(
      dir,
      'query',
      '--demo',
      'select drug, count(*) as n from analytics.alerts where alarm group by 1 order by 1',
      '--format',
      'json',
    );
    const rows = JSON.parse(json.stdout) as { drug: string; n: number }[];
    // The default series of both countries: US fentanyl and methamphetamine, Mexico's narcomenudeo investigations.
    expect(rows.map((r) => r.drug)).toEqual(
      expect.arrayContaining(['fentanyl', 'methamphetamine', 'narcomenudeo']),
    );
    expect(rows.every((r) => r.n > 0)).toBe(true);
    const csv = await cli(dir, 'query', '--demo', "select 'a,b' as x, 1 as y", '--format', 'csv');
    expect(csv.stdout).toBe('x,y\n"a,b",1\n');
    const write = await cli(dir, 'query', '--demo', 'create table main.x (a int)');
    expect(write.code).toBe(1);
    expect(write.stderr).toMatch(/read-only/i);
  });

  it('reports status per source', async () => {
    const r = await cli(dir, 'status', '--demo', '--json');
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status.sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: 'cdc_vsrr_state',
          latest_vintage: '2024-11-13',
          loads: 2,
          demo: true,
        }),
      ]),
    );
  });
});

describe('centinela run against a Socrata API (local recorded responses)', () => {
  let dir: string;
  let server: FixtureServer;
  const recorded = join(fixturesDir, 'http/socrata/xkb8-kh2a');
  const page = (n: number) => readFileSync(join(recorded, `page-0000${n}.csv`));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'centinela-live-'));
    server = await startFixtureServer({
      '/api/views/xkb8-kh2a.json': serveFile(join(recorded, 'metadata.json'), {
        contentType: 'application/json',
      }),
      '/resource/xkb8-kh2a.csv': [
        { status: 503, body: 'busy' },
        { status: 429, headers: { 'Retry-After': '1' }, body: 'slow down' },
        { body: page(0), contentType: 'text/csv; charset=utf-8' },
        { body: page(1), contentType: 'text/csv; charset=utf-8', truncate: true },
        { body: page(1), contentType: 'text/csv; charset=utf-8' },
        { body: page(2), contentType: 'text/csv; charset=utf-8' },
      ],
    });
    writeFileSync(
      join(dir, 'centinela.config.json'),
      JSON.stringify({
        http: { timeoutMs: 5000, retries: 3 },
        pipelines: {
          ...othersDisabled('cdc_vsrr_state'),
          cdc_vsrr_state: {
            inputs: [{ kind: 'socrata', baseUrl: server.url, datasetId: 'xkb8-kh2a', pageSize: 1000 }],
          },
        },
      }),
    );
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages through the API, retries 503, 429 and a truncated body, and loads every row', async () => {
    const r = await cli(dir, 'run', '--no-report');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/retrying \S+\$offset=0\S+ in \d+ ms \(returned HTTP 503/);
    expect(r.stderr).toMatch(/retrying \S+\$offset=0\S+ in 1000 ms \(returned HTTP 429/);
    expect(r.stderr).toMatch(
      /retrying \S+\$offset=1000\S+ in \d+ ms \(failed: connection cut while reading the body/,
    );
    expect(r.stderr).toMatch(
      /loaded 2640 rows from http:\/\/127\.0\.0\.1:\d+\/resource\/xkb8-kh2a\.csv \(vsrr_socrata_api, vintage 2024-11-13\)/,
    );
    const offsets = server.requests
      .filter((q) => q.pathname.endsWith('.csv'))
      .map((q) => q.query.get('$offset'));
    expect(offsets).toEqual(['0', '0', '0', '1000', '1000', '2000']);
    expect(
      server.requests.every((q) => !q.pathname.endsWith('.csv') || q.query.get('$order') === ':id'),
    ).toBe(true);
  });

  it('refuses an HTML error page, keeps the published data as it was and publishes the failure', async () => {
    const before = await publishedData(join(dir, 'data/centinela.duckdb'));
    await server.close();
    server = await startFixtureServer({
      '/api/views/xkb8-kh2a.json': serveFile(join(recorded, 'metadata.json'), {
        contentType: 'application/json',
      }),
      '/resource/xkb8-kh2a.csv': {
        status: 200,
        contentType: 'text/html',
        body: '<!DOCTYPE html><html><body>Maintenance</body></html>',
      },
    });
    writeFileSync(
      join(dir, 'centinela.config.json'),
      JSON.stringify({
        pipelines: {
          ...othersDisabled('cdc_vsrr_state'),
          cdc_vsrr_state: {
            inputs: [{ kind: 'socrata', baseUrl: server.url, datasetId: 'xkb8-kh2a', pageSize: 1000 }],
          },
        },
      }),
    );
    const r = await cli(dir, 'run', '--no-report');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /run 2: 1 source\(s\) failed and were rolled back \(their earlier data is unchanged\): cdc_vsrr_state\n {2}cdc_vsrr_state: .*returned an HTML page \(text\/html\), expected CSV/,
    );
    expect(r.stderr).toContain('No source loaded new data; the failure was recorded in');
    expect(await publishedData(join(dir, 'data/centinela.duckdb'))).toEqual(before);
    const q = await cli(
      dir,
      'query',
      'SELECT r.status AS run, s.source, s.status, s.error_kind FROM meta.runs AS r JOIN meta.run_sources AS s USING (run_id) WHERE run_id = 2',
      '--format',
      'json',
    );
    expect(q.code, q.stderr).toBe(0);
    expect(JSON.parse(q.stdout)).toEqual([
      { run: 'failed', source: 'cdc_vsrr_state', status: 'failed', error_kind: 'input' },
    ]);
  });
});

describe('centinela run with one source broken', () => {
  it('exits 1 naming the source and why, and publishes the other sources', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'centinela-partial-'));
    try {
      const bad = join(fixturesDir, 'cdc-vsrr-state/bad/corrupt_line.csv');
      writeFileSync(
        join(dir, 'centinela.config.json'),
        JSON.stringify({
          pipelines: {
            ...othersDisabled('cdc_vsrr_state', 'census_state_population'),
            cdc_vsrr_state: { inputs: [{ kind: 'file', path: bad, vintage: '2024-11-13' }] },
            census_state_population: {
              inputs: [
                {
                  kind: 'file',
                  path: join(fixturesDir, 'census-state-population/NST-EST2024-ALLDATA.csv'),
                  vintage: '2024-12-19',
                },
              ],
            },
          },
        }),
      );
      const r = await cli(dir, 'run', '--no-report');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /run 1: 1 source\(s\) failed and were rolled back \(their earlier data is unchanged\): cdc_vsrr_state\n {2}cdc_vsrr_state: .*corrupt_line\.csv line \d+ column "[^"]+": /,
      );
      expect(r.stderr).toContain(
        `The other sources' new data (census_state_population) was published to ${join(dir, 'data/centinela.duckdb')}`,
      );
      const q = await cli(
        dir,
        'query',
        "SELECT (SELECT count(*) FROM analytics.population WHERE source = 'census_state_population') > 0 AS census, (SELECT count(*) FROM raw.cdc_vsrr_state) AS vsrr, (SELECT status FROM meta.runs) AS run",
        '--format',
        'json',
      );
      expect(JSON.parse(q.stdout)).toEqual([{ census: true, vsrr: 0, run: 'partial' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
