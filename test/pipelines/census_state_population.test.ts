import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildFixtureFiles,
  CENSUS_FILES,
  censusHeader,
} from '../../pipelines/census_state_population/fixtures.ts';
import census, {
  CENSUS_DATASETS,
  CENSUS_RELEASE_PATTERN,
  CENSUS_RELEASE_TEMPLATE,
} from '../../pipelines/census_state_population/pipeline.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import type { PipelineInput } from '../../src/core/pipeline.ts';
import { fillTemplate } from '../../src/fetch/discover.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { serveFile, startFixtureServer } from '../support/fixtureServer.ts';
import { fileInput, type SourceRun, sourceTests } from '../support/sourceRun.ts';
import { sharedDatasets } from '../support/tempConfig.ts';

const { fresh, serve } = sourceTests('census_state_population');
const fixture = (path: string) => join(fixturesDir, path);

interface Pop {
  geo_code: string;
  year: number;
  population: number;
  vintage: string;
  note: string;
}
const popRows = (run: SourceRun, where: string) =>
  run.rows<Pop>(
    `SELECT geo_code, year, population, strftime(vintage, '%Y-%m-%d') AS vintage, note FROM staging.population
     WHERE source = 'census_state_population' AND ${where} ORDER BY vintage, geo_code, year`,
  );

describe('census_state_population: the newest vintage from the directory index', () => {
  const DATASETS = '/programs-surveys/popest/datasets/';
  const V2024 = `${DATASETS}2020-2024/state/totals/NST-EST2024-ALLDATA.csv`;
  const V2025 = `${DATASETS}2020-2025/state/totals/NST-EST2025-ALLDATA.csv`;
  /** The pipeline's live input, pointed at the local server. */
  const discovering = (base: string): PipelineInput => ({
    kind: 'url',
    url: base + V2024,
    vintage: '2024-12-19',
    discover: {
      listing: base + DATASETS,
      pattern: CENSUS_RELEASE_PATTERN,
      template: CENSUS_RELEASE_TEMPLATE.replace(CENSUS_DATASETS, base + DATASETS),
      from: 2025,
    },
  });

  it('the live inputs: the pinned vintages, then the newest after 2024, whose template gives the pinned URL for 2024', () => {
    const [v2023, v2024, newest] = census.liveInputs;
    expect([v2023, v2024].map((i) => i?.kind === 'url' && i.url)).toEqual([
      'https://www2.census.gov/programs-surveys/popest/datasets/2020-2023/state/totals/NST-EST2023-ALLDATA.csv',
      'https://www2.census.gov/programs-surveys/popest/datasets/2020-2024/state/totals/NST-EST2024-ALLDATA.csv',
    ]);
    if (newest?.kind !== 'url' || !newest.discover) throw new Error('expected a discovering url input');
    expect(newest.url).toBe(v2024?.kind === 'url' ? v2024.url : '');
    expect(newest.discover.listing).toBe('https://www2.census.gov/programs-surveys/popest/datasets/');
    expect(fillTemplate(newest.discover.template, { base: '2020', year: '2024' })).toBe(newest.url);
  });

  it('finds Vintage 2025 in the listing and loads it, dated by its Last-Modified', async () => {
    const server = await serve({
      [DATASETS]: serveFile(fixture(CENSUS_FILES.listing)),
      [V2025]: serveFile(fixture(CENSUS_FILES.v2025), {
        headers: { 'Last-Modified': 'Thu, 18 Dec 2025 15:00:00 GMT' },
      }),
    });
    const t = fresh();
    const summary = await t.run([discovering(server.url)]);
    expect(summary.loads.map((l) => [l.origin, l.vintage, l.rowsLoaded, l.layout])).toEqual([
      [server.url + V2025, '2025-12-18', 66, 'nst_est_2020s'],
    ]);
    expect(t.log).toEqual(
      expect.arrayContaining([
        `census_state_population: ${server.url}${DATASETS} lists 1 release(s) from 2025 on: 2025`,
        `census_state_population: newest release found: ${server.url}${V2025}`,
      ]),
    );
    const [us] = await popRows(t, "geo_code = 'US' AND year = 2025");
    expect(us?.note).toContain('Census Vintage 2025 (NST-EST2025-ALLDATA)');
  });

  it('falls back to the pinned vintage when the newest folder has no state file yet', async () => {
    const server = await serve({
      [DATASETS]: serveFile(fixture(CENSUS_FILES.listing)),
      [V2024]: serveFile(fixture(CENSUS_FILES.v2024)),
    });
    const t = fresh();
    const summary = await t.run([discovering(server.url)]);
    expect(summary.loads.map((l) => [l.origin, l.vintage, l.layout])).toEqual([
      [server.url + V2024, '2024-12-19', 'nst_est_2020s'],
    ]);
    expect(t.log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^census_state_population: no 2025 release \(\S+NST-EST2025-ALLDATA\.csv returned HTTP 404/,
        ),
        `census_state_population: no release from 2025 on was found; using the pinned ${server.url}${V2024}`,
      ]),
    );
  });

  it('falls back to the pinned vintage when the listing cannot be read', async () => {
    const server = await serve({
      [DATASETS]: { status: 403, body: 'Forbidden' },
      [V2024]: serveFile(fixture(CENSUS_FILES.v2024)),
    });
    const t = fresh();
    t.temp.config.http.retries = 0;
    const summary = await t.run([discovering(server.url)]);
    expect(summary.loads.map((l) => l.origin)).toEqual([server.url + V2024]);
    expect(t.log).toContain(
      `census_state_population: cannot read the release listing (${server.url}${DATASETS} returned HTTP 403 Forbidden (1 attempt): "Forbidden"); using the pinned ${server.url}${V2024}`,
    );
    expect(server.requests.map((r) => r.pathname)).toEqual([DATASETS, V2024]);
  });
});

describe('census_state_population on the fixtures', () => {
  it('generates the NST-EST ALLDATA headers: 60 columns for Vintage 2023, 75 for Vintage 2024', () => {
    expect(censusHeader(2023)).toHaveLength(60);
    expect(censusHeader(2024)).toHaveLength(75);
    const files = buildFixtureFiles();
    const v2024 = files.get(CENSUS_FILES.v2024) ?? '';
    expect(v2024.split('\r\n')[0]).toBe(censusHeader(2024).join(','));
    expect(v2024.split('\r\n').filter(Boolean)).toHaveLength(67); // header + nation, 4 regions, 9 divisions, 52 states
  });

  it('loads both vintages: one row per place and year, US = 50 states + DC, vintages kept apart', async () => {
    const t = fresh();
    const summary = await t.run([
      fileInput(fixture(CENSUS_FILES.v2023), '2023-12-19'),
      fileInput(fixture(CENSUS_FILES.v2024), '2024-12-19'),
    ]);
    expect(summary.loads.map((l) => [l.rowsLoaded, l.layout])).toEqual([
      [66, 'nst_est_2020s'],
      [66, 'nst_est_2020s'],
    ]);
    const us = await popRows(t, "geo_code = 'US' AND year = 2023");
    expect(us.map((r) => r.vintage)).toEqual(['2023-12-19', '2024-12-19']);
    expect(us[0]?.population).not.toBe(us[1]?.population); // the vintages disagree on 2023
    expect(us[1]?.note).toBe(
      'Census Vintage 2024 (NST-EST2024-ALLDATA), resident population on July 1; the 50 states and DC, without Puerto Rico',
    );
    const [sums] = await t.rows<{
      states: number;
      nation: number;
      places: number;
      pr: number;
    }>(`SELECT sum(population) FILTER (WHERE geo_level = 'state' AND geo_code <> 'PR') AS states,
              sum(population) FILTER (WHERE geo_level = 'nation') AS nation,
              count(DISTINCT geo_code) AS places, count(*) FILTER (WHERE geo_code = 'PR') AS pr
       FROM analytics.population WHERE source = 'census_state_population' AND year = 2024`);
    expect(sums?.states).toBe(sums?.nation);
    expect(sums).toMatchObject({ places: 53, pr: 1 });
    const [ny] = await popRows(t, "geo_code = 'NY' AND year = 2024");
    expect(ny?.note).toContain('the whole state, New York City included');
    // analytics.population keeps the latest vintage of each year: 2020–2023 from Vintage 2024.
    const latest = await t.rows<{
      v: string;
      n: number;
    }>(`SELECT strftime(vintage, '%Y-%m-%d') AS v, count(*) AS n FROM analytics.population
       WHERE source = 'census_state_population' GROUP BY 1`);
    expect(latest).toEqual([{ v: '2024-12-19', n: 53 * 5 }]);
  });

  it('refuses a renamed column and a number with a thousands separator, naming file, line and column', async () => {
    await expect(fresh().run([fileInput(fixture(CENSUS_FILES.renamedColumn), '2024-12-19')])).rejects.toThrow(
      /renamed_column\.csv line 1 column "STATE": missing column "STATE": expected a Vintage 2021–2029 NST-EST ALLDATA file .*\(nst_est_2020s\): .*; the header has 75 fields: SUMLEV,REGION,DIVISION,STATEFP,/,
    );
    const txLine =
      (buildFixtureFiles().get(CENSUS_FILES.wrongType) ?? '')
        .split('\r\n')
        .findIndex((l) => l.includes(',Texas,')) + 1;
    await expect(fresh().run([fileInput(fixture(CENSUS_FILES.wrongType), '2024-12-19')])).rejects.toThrow(
      new RegExp(`wrong_type\\.csv line ${txLine} column "POPESTIMATE2023": .*1 line\\(s\\) rejected`),
    );
  });

  it('fetches the file over HTTP and refuses an HTML error page', async () => {
    const server = await startFixtureServer({
      '/NST-EST2024-ALLDATA.csv': serveFile(fixture(CENSUS_FILES.v2024)),
      '/missing.csv': {
        status: 200,
        contentType: 'text/html',
        body: '<!DOCTYPE html><html>Not Found</html>',
      },
    });
    try {
      const t = fresh();
      const ok = await t.run([
        { kind: 'url', url: `${server.url}/NST-EST2024-ALLDATA.csv`, vintage: '2024-12-19' },
      ]);
      expect(ok.loads[0]?.rowsLoaded).toBe(66);
      const bad = fresh();
      bad.temp.config.http.retries = 0;
      await expect(bad.run([{ kind: 'url', url: `${server.url}/missing.csv` }])).rejects.toThrow(/HTML page/);
    } finally {
      await server.close();
    }
  });

  it('documents every raw column', () => {
    expect(census.raw.columns.every((c) => c.comment.length > 10)).toBe(true);
  });
});

const realDir = join(sharedDatasets, 'census-state-population');
const real2023 = join(realDir, 'NST-EST2023-ALLDATA.csv');
const real2024 = join(realDir, 'NST-EST2024-ALLDATA.csv');
const realPresent = existsSync(real2023) && existsSync(real2024);
if (!realPresent) console.warn(`skipping the real Census population files: ${realDir} not found`);

describe.skipIf(!realPresent)('census_state_population on the real Census files', () => {
  it('loads both vintages; totals by area level and year equal what DuckDB reads from the files; states sum to the US exactly', async () => {
    const t = fresh();
    await t.run([fileInput(real2023, '2023-12-19'), fileInput(real2024, '2024-12-19')]);
    const direct = async (path: string, years: number[]) => {
      const wh = await openWarehouse(':memory:');
      try {
        return await queryRows<{ sumlev: string; year: number; total: number; n: number }>(
          wh.connection,
          years
            .map(
              (y) =>
                `SELECT SUMLEV AS sumlev, ${y} AS year, sum(POPESTIMATE${y})::BIGINT AS total, count(*) AS n
                 FROM read_csv('${path}', header = true, all_varchar = false, types = {'SUMLEV': 'VARCHAR', 'STATE': 'VARCHAR'})
                 GROUP BY 1`,
            )
            .join(' UNION ALL ')
            .concat(' ORDER BY sumlev, year'),
        );
      } finally {
        wh.closeSync();
      }
    };
    const loaded = (vintage: string, years: number[]) =>
      t.rows<{ sumlev: string; year: number; total: number; n: number }>(
        years
          .map(
            (y) =>
              `SELECT sumlev, ${y} AS year, sum(popestimate${y})::BIGINT AS total, count(*) AS n
               FROM raw.census_state_population WHERE vintage = DATE '${vintage}' GROUP BY 1`,
          )
          .join(' UNION ALL ')
          .concat(' ORDER BY sumlev, year'),
      );
    expect(await loaded('2023-12-19', [2020, 2021, 2022, 2023])).toEqual(
      await direct(real2023, [2020, 2021, 2022, 2023]),
    );
    expect(await loaded('2024-12-19', [2020, 2021, 2022, 2023, 2024])).toEqual(
      await direct(real2024, [2020, 2021, 2022, 2023, 2024]),
    );

    const pop = await t.rows<{
      year: number;
      vintage: string;
      us: number;
      states: number;
    }>(`SELECT year, strftime(vintage, '%Y') AS vintage,
              sum(population) FILTER (WHERE geo_code = 'US') AS us,
              sum(population) FILTER (WHERE geo_level = 'state' AND geo_code <> 'PR') AS states
       FROM staging.population WHERE source = 'census_state_population' GROUP BY ALL ORDER BY vintage, year`);
    for (const r of pop) expect(r.states, `${r.vintage} ${r.year}`).toBe(r.us); // exact: Census controls states to the nation
    const us = (vintage: string, year: number) =>
      pop.find((r) => r.vintage === vintage && r.year === year)?.us;
    expect(us('2024', 2024)).toBe(340_110_988);
    expect(us('2023', 2023)).toBe(334_914_895);
    expect(us('2024', 2023)).toBe(336_806_231); // Vintage 2024 revised 2023 up (international migration)
    const border = await t.rows<{
      geo_code: string;
      population: number;
    }>(`SELECT geo_code, population FROM analytics.population
       WHERE source = 'census_state_population' AND year = 2024 AND geo_code IN ('AZ', 'CA', 'NM', 'TX') ORDER BY 1`);
    expect(border).toEqual([
      { geo_code: 'AZ', population: 7_582_384 },
      { geo_code: 'CA', population: 39_431_263 },
      { geo_code: 'NM', population: 2_130_256 },
      { geo_code: 'TX', population: 31_290_831 },
    ]);
  });

  it('the fixture has the real files’ header, area names, codes and row order', async () => {
    const files = buildFixtureFiles();
    const { readFileSync } = await import('node:fs');
    for (const [real, fake] of [
      [real2023, CENSUS_FILES.v2023],
      [real2024, CENSUS_FILES.v2024],
    ] as const) {
      const a = readFileSync(real, 'utf8').split('\r\n');
      const b = (files.get(fake) ?? '').split('\r\n');
      expect(b[0]).toBe(a[0]);
      const ids = (lines: string[]) => lines.map((l) => l.split(',').slice(0, 5).join(','));
      expect(ids(b)).toEqual(ids(a));
    }
  });
});
