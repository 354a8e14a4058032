import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMUN_DIR, COMUN_FILES, FEDERAL_DIR, FEDERAL_FILES } from '../../pipelines/_lib/sesnspFixtures.ts';
import { CENSUS_FILES } from '../../pipelines/census_state_population/fixtures.ts';
import { CONAPO_FILES } from '../../pipelines/conapo_state_population/fixtures.ts';
import { generateDeaths, INEGI_FILES } from '../../pipelines/inegi_deaths/fixtures.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { fileInput, type SourceRun, sourceRun } from '../support/sourceRun.ts';

const fixture = (path: string) => join(fixturesDir, path);
const cdc = [
  fileInput(fixture('cdc-vsrr-state/VSRR_Provisional_Drug_Overdose_Death_Counts.csv'), '2024-11-13'),
];

interface Rate {
  geo_code: string;
  period_type: string;
  period_start: string;
  period_end: string;
  drug: string;
  measure: string;
  value: number | null;
  status: string;
  population: number;
  rate_per_100k: number | null;
  rate_per_100k_annualized: number | null;
  population_source: string;
  population_vintage: string;
  population_carried_forward: boolean;
  population_detail: string;
}
const rates = (run: SourceRun, where: string) =>
  run.rows<Rate>(
    `SELECT geo_code, period_type, strftime(period_start, '%Y-%m-%d') AS period_start,
            strftime(period_end, '%Y-%m-%d') AS period_end, drug, measure, value, status, population, rate_per_100k,
            rate_per_100k_annualized, population_source, strftime(population_vintage, '%Y-%m-%d') AS population_vintage,
            population_carried_forward, population_detail
     FROM analytics.rates WHERE ${where} ORDER BY period_end`,
  );

describe('analytics.rates on the demo fixtures', () => {
  let t: SourceRun;
  beforeAll(async () => {
    t = sourceRun({
      cdc_vsrr_state: cdc,
      census_state_population: [
        fileInput(fixture(CENSUS_FILES.v2023), '2023-12-19'),
        fileInput(fixture(CENSUS_FILES.v2024), '2024-12-19'),
      ],
      conapo_state_population: [fileInput(fixture(CONAPO_FILES.indicators), '2018-12-01')],
      inegi_deaths: [
        fileInput(fixture(INEGI_FILES.y2023), '2024-10-24'),
        fileInput(fixture(INEGI_FILES.y2024), '2025-10-23'),
      ],
      sesnsp_fuero_comun: [fileInput(fixture(`${COMUN_DIR}/${COMUN_FILES.estatal}`), '2026-01-20')],
      sesnsp_fuero_federal: [fileInput(fixture(`${FEDERAL_DIR}/${FEDERAL_FILES.ene25}`), '2025-02-20')],
    });
    await t.run();
  });

  it('hand-checked: SESNSP investigations per 100,000 residents, by state and month, with CONAPO populations', async () => {
    const sonora = await rates(
      t,
      "geo_code = '26' AND measure = 'investigations' AND period_end = '2023-03-31' AND drug IN ('narcomenudeo', 'contra_la_salud')",
    );
    // Fixtures: Sonora, March 2023, 120 narcomenudeo investigations (fuero común, Estatal-Delitos dic2025) and 72
    // federal crimes against health (IDEFF ene25); CONAPO fixture Sonora 2023 = 3,374,524.
    // 120 / 3,374,524 × 100,000 = 3.556057…; 72 / 3,374,524 × 100,000 = 2.133634…; a month of 31 days.
    const [federal, comun] = [...sonora].sort((a, b) => a.drug.localeCompare(b.drug));
    expect([federal, comun].map((r) => [r?.drug, r?.value, r?.population])).toEqual([
      ['contra_la_salud', 72, 3374524],
      ['narcomenudeo', 120, 3374524],
    ]);
    expect(comun?.rate_per_100k).toBeCloseTo(3.556057, 5);
    expect(federal?.rate_per_100k).toBeCloseTo(2.133634, 5);
    expect(comun?.rate_per_100k_annualized).toBeCloseTo((3.556057 * 365.25) / 31, 4);
    expect(comun).toMatchObject({
      period_type: 'month',
      population_source: 'conapo_state_population',
      population_vintage: '2018-12-01',
      population_detail: '2023: 31 d × 3374524 (vintage 2018-12-01)',
    });
    // The nation: federal = 32 states + abroad, 2,704 / 133,001,317 × 100,000 = 2.033063…
    const [nation] = await rates(
      t,
      "geo_code = 'MX' AND measure = 'investigations' AND period_end = '2023-03-31' AND drug = 'contra_la_salud'",
    );
    expect(nation).toMatchObject({ value: 2704, population: 133001317 });
    expect(nation?.rate_per_100k).toBeCloseTo(2.033063, 5);
    // Abroad (EXTRANJERO) has no residents to divide by.
    expect(await rates(t, "measure = 'investigations' AND geo_code = 'EXT'")).toEqual([]);
  });
  afterAll(() => t.temp.cleanup());

  it('hand-checked: Arizona fentanyl, 12 months ending March 2024, day-weighted 2023 and 2024 populations', async () => {
    const [az] = await rates(
      t,
      "geo_code = 'AZ' AND drug = 'fentanyl' AND measure = 'deaths' AND period_type = '12mo_ending' AND period_end = '2024-03-31'",
    );
    // Census Vintage 2024 fixture: Arizona 7,262,697 (July 2023) and 7,324,966 (July 2024). The window
    // 2023-04-01…2024-03-31 has 275 days in 2023 and 91 in 2024 (leap day included):
    // population = (275 × 7,262,697 + 91 × 7,324,966) / 366 = 2,663,813,581 / 366 = 7,278,179.183…
    // rate = 2,014 / 7,278,179.183 × 100,000 = 27.6718 per 100,000.
    expect(az).toMatchObject({
      period_start: '2023-04-01',
      value: 2014,
      population_source: 'census_state_population',
      population_vintage: '2024-12-19',
      population_carried_forward: false,
      population_detail:
        '2023: 275 d × 7262697 (vintage 2024-12-19); 2024: 91 d × 7324966 (vintage 2024-12-19)',
    });
    expect(az?.population).toBeCloseTo(2_663_813_581 / 366, 6);
    expect(az?.rate_per_100k).toBeCloseTo(27.671756, 5);
    expect(az?.rate_per_100k_annualized).toBeCloseTo((27.671756 * 365.25) / 366, 5);
  });

  it('hand-checked: Baja California drug poisonings in 2023 per 100,000 (CONAPO)', async () => {
    const deaths = generateDeaths().filter(
      (d) =>
        d.entOcurr === '02' &&
        d.anio === 2023 &&
        [2023, 2024].includes(d.anioRegis) &&
        /^(X4[0-4]|X6[0-4]|X85|Y1[0-4])/.test(d.causa),
    ).length;
    const [bc] = await rates(
      t,
      "geo_code = '02' AND drug = 'all_drugs' AND measure = 'deaths' AND period_type = 'year' AND period_end = '2023-12-31'",
    );
    // CONAPO fixture: Baja California mid-2023 = 3,700,269.
    expect(bc).toMatchObject({
      value: deaths,
      population: 3_700_269,
      population_source: 'conapo_state_population',
    });
    expect(bc?.rate_per_100k).toBeCloseTo((deaths / 3_700_269) * 100_000, 10);
  });

  it('suppressed counts keep their status and get no rate; no rate for percentages, NYC, or NY without NYC', async () => {
    const suppressed = await rates(t, "status = 'suppressed'");
    expect(suppressed.length).toBeGreaterThan(0);
    expect(suppressed.every((r) => r.value === null && r.rate_per_100k === null)).toBe(true);
    const [other] = await t.rows<{
      pct: number;
      ny: number;
      yc: number;
      region: number;
    }>(`SELECT count(*) FILTER (WHERE measure LIKE 'pct%') AS pct, count(*) FILTER (WHERE geo_code = 'NY') AS ny,
              count(*) FILTER (WHERE geo_code = 'YC') AS yc, count(*) FILTER (WHERE geo_level NOT IN ('nation', 'state')) AS region
       FROM analytics.rates`);
    expect(other).toEqual({ pct: 0, ny: 0, yc: 0, region: 0 });
  });

  it('no rate before the denominator’s first year; every rate names its denominator source and vintage', async () => {
    const [span] = await t.rows<{
      first: string;
      missing: number;
    }>(`SELECT strftime(min(period_start), '%Y-%m-%d') AS first,
              count(*) FILTER (WHERE population_source IS NULL OR population_vintage IS NULL) AS missing
       FROM analytics.rates WHERE source = 'cdc_vsrr_state'`);
    expect(span).toEqual({ first: '2020-01-01', missing: 0 }); // Census 2020s vintages start in 2020
  });
});

describe('analytics.rates carries the last population year forward, and says so', () => {
  it('with only Census Vintage 2023, 2024 windows use the 2023 population', async () => {
    const t = sourceRun({
      cdc_vsrr_state: cdc,
      census_state_population: [fileInput(fixture(CENSUS_FILES.v2023), '2023-12-19')],
    });
    try {
      await t.run();
      const [az] = await rates(
        t,
        "geo_code = 'AZ' AND drug = 'fentanyl' AND measure = 'deaths' AND period_type = '12mo_ending' AND period_end = '2024-03-31'",
      );
      expect(az?.population_carried_forward).toBe(true);
      expect(az?.population_vintage).toBe('2023-12-19');
      expect(az?.population_detail).toMatch(
        /^2023: 275 d × \d+ \(vintage 2023-12-19\); 2024 \(as 2023\): 91 d × \d+/,
      );
    } finally {
      t.temp.cleanup();
    }
  });
});
