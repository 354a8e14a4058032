import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildFixtureFiles,
  CONAPO_FILES,
  CONAPO_HEADER,
} from '../../pipelines/conapo_state_population/fixtures.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { serveFile, startFixtureServer } from '../support/fixtureServer.ts';
import { fileInput, sourceTests } from '../support/sourceRun.ts';
import { sharedDatasets } from '../support/tempConfig.ts';

const { fresh } = sourceTests('conapo_state_population');
const fixture = (path: string) => join(fixturesDir, path);

describe('conapo_state_population on the fixtures', () => {
  it('the fixture is Latin-1 with the real 73-column header, CRLF and ND cells', () => {
    const bytes = Buffer.from(buildFixtureFiles().get(CONAPO_FILES.indicators) ?? []);
    expect(bytes.includes(Buffer.from('AÑO', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('AÑO', 'utf8'))).toBe(false);
    const text = bytes.toString('latin1');
    expect(text.split('\r\n')[0]).toBe(CONAPO_HEADER);
    expect(CONAPO_HEADER.split(',')).toHaveLength(73);
    expect(text).toContain(',República Mexicana,0,');
    expect(text).toMatch(/,ND,/);
  });

  it('decodes Latin-1, pads CVE_GEO to cve_ent, and the states sum to the nation', async () => {
    const t = fresh();
    const summary = await t.run([fileInput(fixture(CONAPO_FILES.indicators), '2018-12-01')]);
    expect(summary.loads[0]?.layout).toBe('conapo_ind_dem');
    const rows = await t.rows<{
      year: number;
      nation: number;
      states: number;
      n: number;
    }>(`SELECT year, sum(population) FILTER (WHERE geo_code = 'MX') AS nation,
              sum(population) FILTER (WHERE geo_level = 'state') AS states, count(*) FILTER (WHERE geo_level = 'state') AS n
       FROM analytics.population WHERE source = 'conapo_state_population' GROUP BY 1 ORDER BY 1`);
    expect(rows[0]).toMatchObject({ year: 1968, n: 0 }); // the nation only, before the states start
    for (const r of rows.filter((r) => r.year >= 2010)) {
      expect(r.n).toBe(32);
      expect(r.states).toBe(r.nation);
    }
    const [entidad] = await t.rows<{
      entidad: string;
      geo_code: string;
    }>(`SELECT r.entidad, p.geo_code FROM raw.conapo_state_population AS r
       JOIN analytics.population AS p ON p.year = r.anio AND p.geo_code = lpad(r.cve_geo, 2, '0')
       WHERE r.cve_geo = '16' LIMIT 1`);
    expect(entidad).toEqual({ entidad: 'Michoacán', geo_code: '16' });
  });

  it('reads the 2023 projections by age and sex (UTF-8 with BOM, ANIO, POBLACION) and sums them', async () => {
    const t = fresh();
    const summary = await t.run([fileInput(fixture(CONAPO_FILES.utf8ByAgeSex), '2023-09-11')]);
    expect(summary.loads[0]?.layout).toBe('conapo_pob_mitad_edad_sexo');
    const rows = await t.rows<{ geo_code: string; year: number; population: number }>(
      `SELECT geo_code, year, population FROM analytics.population WHERE year = 2030 ORDER BY geo_code`,
    );
    // Aguascalientes 2030: ages 0, 1, 2 × (Hombres 1000+10·age+5, Mujeres 1000+10·age) = 3·2000 + 2·30 + 15.
    expect(rows).toEqual([
      { geo_code: '01', year: 2030, population: 6075 },
      { geo_code: '02', year: 2030, population: 6075 },
      { geo_code: 'MX', year: 2030, population: 12150 },
    ]);
  });

  it('reads the DGIS layout by age and sex (clave_sexo 1/2, no national row): the nation is the sum of the 32 states', async () => {
    const t = fresh();
    const summary = await t.run([fileInput(fixture(CONAPO_FILES.dgisByAgeSex), '2023-09-11')]);
    expect(summary.loads[0]).toMatchObject({
      layout: 'dgis_pob_mitad_edad_sexo',
      rowsLoaded: 2 * 32 * 3 * 2,
    });
    const rows = await t.rows<{ geo_code: string; population: number; note: string }>(
      `SELECT geo_code, population, note FROM analytics.population WHERE year = 2031 AND geo_code IN ('01', '32', 'MX')
       ORDER BY geo_code`,
    );
    // A state, 2031: Σ over ages 0–2 and sexes 1–2 of 1000·state + 10·age + sex + 1 = 6000·state + 60 + 9 + 6.
    const state = (n: number) => 6000 * n + 75;
    const nation = Array.from({ length: 32 }, (_, i) => state(i + 1)).reduce((a, b) => a + b);
    expect(rows).toEqual([
      { geo_code: '01', population: state(1), note: expect.stringMatching(/sum of 6 age-and-sex rows/) },
      { geo_code: '32', population: state(32), note: expect.any(String) },
      {
        geo_code: 'MX',
        population: nation,
        note: expect.stringMatching(/^the sum of the 32 states \(the file has no national row\)/),
      },
    ]);
  });

  it('refuses a file without a population column, and fails the check on an unknown CVE_GEO', async () => {
    await expect(fresh().run([fileInput(fixture(CONAPO_FILES.noPopulation), '2018-12-01')])).rejects.toThrow(
      /no_population_column\.csv line 1 column "POB_MIT_AÑO": missing column "POB_MIT_AÑO" or "POB_MIT_ANIO": expected the demographic indicators file .*\(conapo_ind_dem\)/,
    );
    await expect(fresh().run([fileInput(fixture(CONAPO_FILES.unknownState), '2018-12-01')])).rejects.toThrow(
      /check conapo_state_population_totals failed/,
    );
  });

  it('fetches over HTTP', async () => {
    const server = await startFixtureServer({
      '/ind_dem_proyecciones.csv': serveFile(fixture(CONAPO_FILES.indicators)),
    });
    try {
      const t = fresh();
      const ok = await t.run([
        { kind: 'url', url: `${server.url}/ind_dem_proyecciones.csv`, vintage: '2018-12-01' },
      ]);
      expect(ok.loads[0]?.rowsLoaded).toBe(63 + 32 * 21);
    } finally {
      await server.close();
    }
  });
});

const realDir = join(sharedDatasets, 'mexico-state-population');
const realConapo = join(realDir, 'conapo_ind_dem_proyecciones_2018.csv');
const realCenso = join(realDir, 'inegi_censo2020_iter_state_totals.csv');
const realPresent = existsSync(realConapo) && existsSync(realCenso);
if (!realPresent) console.warn(`skipping the real CONAPO file: ${realDir} not found`);

describe.skipIf(!realPresent)('conapo_state_population on the real CONAPO file', () => {
  it('totals by year equal what DuckDB reads from the file; the 32 states sum to the nation exactly', async () => {
    const t = fresh();
    const summary = await t.run([fileInput(realConapo, '2018-12-01')]);
    expect(summary.loads[0]).toMatchObject({
      rowsLoaded: 2693,
      rowsRejected: 0,
      layout: 'conapo_ind_dem',
    });
    const wh = await openWarehouse(':memory:');
    let direct: { year: number; nation: number; states: number }[];
    try {
      direct = await queryRows(
        wh.connection,
        `SELECT "AÑO" AS year, sum("POB_MIT_AÑO") FILTER (WHERE CVE_GEO = 0)::DOUBLE AS nation,
                sum("POB_MIT_AÑO") FILTER (WHERE CVE_GEO > 0)::DOUBLE AS states
         FROM read_csv('${realConapo}', header = true, encoding = 'latin-1') GROUP BY 1 ORDER BY 1`,
      );
    } finally {
      wh.closeSync();
    }
    const loaded = await t.rows<{
      year: number;
      nation: number;
      states: number;
    }>(`SELECT year, sum(population) FILTER (WHERE geo_code = 'MX') AS nation,
              sum(population) FILTER (WHERE geo_level = 'state') AS states
       FROM analytics.population GROUP BY 1 ORDER BY 1`);
    expect(loaded).toEqual(direct);
    expect(loaded).toHaveLength(101); // 1950–2050
    for (const r of loaded.filter((r) => r.year >= 1970)) expect(r.states, String(r.year)).toBe(r.nation);
    const pick = (year: number) => loaded.find((r) => r.year === year)?.nation;
    expect(pick(2020)).toBe(127_792_286);
    expect(pick(2024)).toBe(132_308_276);
    const bc = await t.rows<{ year: number; population: number }>(
      `SELECT year, population FROM analytics.population WHERE geo_code = '02' AND year IN (2020, 2024) ORDER BY 1`,
    );
    expect(bc).toEqual([
      { year: 2020, population: 3_634_868 },
      { year: 2024, population: 3_849_705 },
    ]);
  });

  it('without its national row (the government mirror: ANIO, UTF-8 with BOM) the nation is built from the 32 states and equals the published one', async () => {
    const t = fresh();
    const mirror = join(t.temp.dir, 'ind_dem_proyecciones_mirror.csv');
    const [header, ...lines] = readFileSync(realConapo, 'latin1').split('\r\n');
    const states = lines.filter((l) => l !== '' && l.split(',')[3] !== '0');
    writeFileSync(mirror, `\uFEFF${[header?.replaceAll('AÑO', 'ANIO'), ...states].join('\r\n')}\r\n`, 'utf8');
    const summary = await t.run([fileInput(mirror, '2018-12-01')]);
    expect(summary.loads[0]).toMatchObject({ rowsLoaded: 2693 - 101, layout: 'conapo_ind_dem' });
    const built = await t.rows<{ year: number; nation: number }>(
      `SELECT year, population AS nation FROM analytics.population WHERE geo_code = 'MX' ORDER BY year`,
    );
    const wh = await openWarehouse(':memory:');
    let published: { year: number; nation: number }[];
    try {
      published = await queryRows(
        wh.connection,
        `SELECT "AÑO" AS year, "POB_MIT_AÑO"::DOUBLE AS nation
         FROM read_csv('${realConapo}', header = true, encoding = 'latin-1') WHERE CVE_GEO = 0 AND "AÑO" >= 1970 ORDER BY 1`,
      );
    } finally {
      wh.closeSync();
    }
    expect(built).toHaveLength(81); // 1970–2050: the years with all 32 states; 1950–1969 had only the nation
    expect(built).toEqual(published);
    expect(built.find((r) => r.year === 2020)?.nation).toBe(127_792_286);
  });

  it('CONAPO-2018 mid-2020 is 1.41% above the 2020 census count (INEGI ITER), a gap that varies by state', async () => {
    const censo = readFileSync(realCenso, 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(','));
    const national = Number(censo.find((c) => c[0] === '00')?.[4]);
    expect(national).toBe(126_014_024);
    const states = censo.filter((c) => c[0] !== '00').reduce((n, c) => n + Number(c[4]), 0);
    expect(states).toBe(national);
    expect(((127_792_286 - national) / national) * 100).toBeCloseTo(1.411, 3);
  });
});
