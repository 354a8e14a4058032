import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duck, fileInput, sourceRun, sourceTests } from '../support/sourceRun.ts';
import { sharedDatasets } from '../support/tempConfig.ts';

// SESNSP's real releases, when this checkout sits beside ../shared; never copied into the tests.
const dir = join(sharedDatasets, 'sesnsp-incidencia-delictiva');
const comun = join(dir, 'IDEFC_NM_may22.csv');
const federal = join(dir, 'IDEFF_jul25.csv');
const rnid = join(dir, 'RNID-Delitos_Estatal-2026-abr2026_EXCERPT.csv');
const present = existsSync(comun) && existsSync(federal) && existsSync(rnid);
if (!present) console.warn(`skipping real SESNSP data tests: ${dir} not found`);

const MONTHS = [
  'Enero',
  'Febrero',
  'Marzo',
  'Abril',
  'Mayo',
  'Junio',
  'Julio',
  'Agosto',
  'Septiembre',
  'Octubre',
  'Noviembre',
  'Diciembre',
];

/** The file's narcomenudeo (or drug-crime) cells read by DuckDB alone: Latin-1, wide, one row per cell. */
function directCells(path: string, encoding: string, geo: string, where: string, drug: string): string {
  const months = MONTHS.map((m, i) => `"${m}" AS '${i + 1}'`).join(', ');
  return `WITH f AS (SELECT * FROM read_csv('${path}', header = true, all_varchar = true, encoding = '${encoding}')
                     WHERE ${where})
          SELECT ${geo} AS geo_code, ${drug} AS drug,
                 strftime(make_date(CAST("${path === federal ? 'AÑO' : 'Año'}" AS INTEGER), CAST(m AS INTEGER), 1),
                   '%Y-%m') AS month_start,
                 CAST(n AS DOUBLE) AS value
          FROM f UNPIVOT INCLUDE NULLS (n FOR m IN (${months}))`;
}

describe.skipIf(!present)('SESNSP real releases', () => {
  const { fresh } = sourceTests('sesnsp_fuero_comun');

  it('fuero común, May 2022: every state value is what DuckDB reads from the file; January 2019 is 5,664 nationally', async () => {
    const t = fresh();
    const summary = await t.run([fileInput(comun, '2022-06-20')]);
    expect(summary.loads[0]).toMatchObject({ layout: 'sesnsp_estatal_fuero_comun', rowsLoaded: 25_088 });
    const direct = await duck<{ geo_code: string; drug: string; month_start: string; value: number | null }>(
      `${directCells(comun, 'latin-1', 'lpad("Clave_Ent", 2, \'0\')', `"Tipo de delito" = 'Narcomenudeo'`, "'narcomenudeo'")}
       ORDER BY 1, 3`,
    );
    // 32 states × 8 years × 12 months, of which June–December 2022 are not yet published.
    expect(direct).toHaveLength(32 * 8 * 12);
    const published = direct.filter((d) => d.month_start <= '2022-05');
    expect(direct.filter((d) => d.month_start > '2022-05').every((d) => d.value === null)).toBe(true);
    const loaded = await t.rows<{
      geo_code: string;
      month_start: string;
      value: number | null;
      status: string;
      flag: string | null;
      published_value: number | null;
    }>(
      `SELECT o.geo_code, strftime(o.period_start, '%Y-%m') AS month_start, o.value, o.status, q.flag, q.published_value
       FROM analytics.observations AS o
       LEFT JOIN analytics.sesnsp_quality AS q USING (source, geo_code, drug, period_start, vintage)
       WHERE o.source = 'sesnsp_fuero_comun' AND o.geo_level = 'state' AND o.drug = 'narcomenudeo'
       ORDER BY 1, 2`,
    );
    expect(loaded).toHaveLength(published.length);
    // Every value is the file's, except the zeros flagged as reporting artefacts, whose 0 is kept in the quality table.
    expect(
      loaded.map((l) => ({
        geo_code: l.geo_code,
        month_start: l.month_start,
        value: l.flag === 'zero_run_artefact' ? l.published_value : l.value,
      })),
    ).toEqual(published.map(({ drug: _, ...d }) => d));

    const [nation] = await t.rows<{ value: number; note: string }>(
      `SELECT value, note FROM analytics.observations WHERE source = 'sesnsp_fuero_comun' AND geo_code = 'MX'
         AND drug = 'narcomenudeo' AND period_start = DATE '2019-01-01'`,
    );
    expect(nation).toEqual({ value: 5664, note: 'sum of the 32 states (the file has no national row)' });
    const january = await t.rows<{ year: number; value: number }>(
      `SELECT year(period_start) AS year, value FROM analytics.observations WHERE source = 'sesnsp_fuero_comun'
         AND geo_code = 'MX' AND drug = 'narcomenudeo' AND month(period_start) = 1 AND year(period_start) IN (2015, 2022)
       ORDER BY 1`,
    );
    expect(january).toEqual([
      { year: 2015, value: 2470 },
      { year: 2022, value: 7482 },
    ]);
  });

  it("flags Baja California's zeros of 2015 as a reporting artefact, and nothing a real zero", async () => {
    const t = fresh();
    await t.run([fileInput(comun, '2022-06-20')]);
    const flags = await t.rows<{
      geo_code: string;
      months: number;
      first: string;
      last: string;
      zero: number;
    }>(
      `SELECT geo_code, count(*) AS months, strftime(min(period_start), '%Y-%m') AS first,
              strftime(max(period_start), '%Y-%m') AS last, max(published_value) AS zero
       FROM analytics.sesnsp_quality WHERE flag = 'zero_run_artefact' AND geo_level = 'state' GROUP BY 1 ORDER BY 1`,
    );
    // Baja California (02): 0 from January 2015 to May 2016, then 300–1,100 a month. No other state has a run of
    // zeros next to 100 or more a month (Tabasco's zeros sit among single digits).
    expect(flags).toEqual([{ geo_code: '02', months: 17, first: '2015-01', last: '2016-05', zero: 0 }]);
    const [bc] = await t.rows<{ value: number | null; status: string; note: string }>(
      `SELECT value, status, note FROM analytics.observations WHERE source = 'sesnsp_fuero_comun'
         AND geo_code = '02' AND drug = 'narcomenudeo' AND period_start = DATE '2015-06-01'`,
    );
    expect(bc).toEqual({
      value: null,
      status: 'missing',
      note: expect.stringMatching(
        /^published as 0; flagged as a reporting artefact: 17 months of 0 in a row \(2015-01 to 2016-05\) where the state averaged \d+ a month in the 12 months after/,
      ),
    });
    const [tabasco] = await t.rows<{ n: number }>(
      `SELECT count(*) AS n FROM analytics.observations WHERE source = 'sesnsp_fuero_comun' AND geo_code = '27'
         AND value = 0 AND status = 'reported'`,
    );
    expect(tabasco?.n).toBeGreaterThan(10);
    const [nation2015] = await t.rows<{ note: string }>(
      `SELECT note FROM analytics.observations WHERE source = 'sesnsp_fuero_comun' AND geo_code = 'MX'
         AND drug = 'narcomenudeo' AND period_start = DATE '2015-01-01'`,
    );
    expect(nation2015?.note).toContain('includes the 0 published by 02, flagged as a reporting artefact');
  });

  it('fuero federal, July 2025: every drug-crime value is the file’s; January 2024 posesión is 287 nationally; EXTRANJERO apart', async () => {
    const t = sourceRun('sesnsp_fuero_federal');
    try {
      const summary = await t.run([fileInput(federal, '2025-08-20')]);
      expect(summary.loads[0]).toMatchObject({ layout: 'sesnsp_estatal_fuero_federal', rowsLoaded: 13_398 });
      const direct = await duck<{
        geo_code: string;
        drug: string;
        month_start: string;
        value: number | null;
      }>(
        `SELECT * FROM (${directCells(
          federal,
          'latin-1',
          `CASE WHEN "ENTIDAD" = 'EXTRANJERO' THEN 'EXT' ELSE lpad("INEGI", 2, '0') END`,
          `"CONCEPTO" = 'CONTRA LA SALUD' OR "TIPO" LIKE '%CONTRA LA SALUD%' OR "TIPO" LIKE '%NARCOMENUDEO%'`,
          `"LEY" || ' / ' || "CONCEPTO" || ' / ' || "TIPO"`,
        )}) WHERE month_start <= '2025-07' ORDER BY ALL`,
      );
      // 33 entities × 9 types (7 CPF, LGS narcomenudeo, LFCDO) × (13 years × 12 + 7 months).
      expect(direct).toHaveLength(33 * 9 * (13 * 12 + 7));
      const loaded = await t.rows<{
        geo_code: string;
        drug: string;
        month_start: string;
        value: number | null;
      }>(
        `SELECT o.geo_code, a.source_label AS drug, strftime(o.period_start, '%Y-%m') AS month_start,
                coalesce(q.published_value, o.value) AS value
         FROM analytics.observations AS o
         JOIN analytics.drug_aliases AS a ON a.source = o.source AND a.drug = o.drug
         LEFT JOIN analytics.sesnsp_quality AS q ON q.source = o.source AND q.geo_code = o.geo_code
           AND q.drug = o.drug AND q.period_start = o.period_start AND q.vintage = o.vintage
         WHERE o.source = 'sesnsp_fuero_federal' AND o.geo_level IN ('state', 'abroad') ORDER BY ALL`,
      );
      expect(loaded).toEqual(direct);
      const national = await t.rows<{ drug: string; value: number }>(
        `SELECT drug, value FROM analytics.observations WHERE source = 'sesnsp_fuero_federal' AND geo_code = 'MX'
           AND period_start = DATE '2024-01-01' ORDER BY drug`,
      );
      expect(Object.fromEntries(national.map((n) => [n.drug, n.value]))).toMatchObject({
        contra_la_salud_posesion: 287,
        contra_la_salud_trafico: 75,
        contra_la_salud_transporte: 60,
        contra_la_salud_narcomenudeo_lgs: 30,
        contra_la_salud: 287 + 75 + 60 + 28 + 6 + 4 + 9,
      });
      const [abroad] = await t.rows<{ geo_level: string; months: number; name: string }>(
        `SELECT o.geo_level, count(DISTINCT o.period_start) AS months, any_value(g.name_es) AS name
         FROM analytics.observations AS o JOIN analytics.geography AS g ON g.country = 'MX' AND g.geo_code = o.geo_code
         WHERE o.source = 'sesnsp_fuero_federal' AND o.geo_code = 'EXT' GROUP BY 1`,
      );
      expect(abroad).toEqual({ geo_level: 'abroad', months: 13 * 12 + 7, name: 'Extranjero' });
    } finally {
      t.temp.cleanup();
    }
  });

  it('the RNID excerpt (UTF-8, zero-padded codes, narcomenudeo split in two) continues the series of the old layout', async () => {
    const t = fresh();
    await t.run([fileInput(comun, '2022-06-20'), fileInput(rnid, '2026-05-20')]);
    const rows = await t.rows<{
      geo_code: string;
      drug: string;
      month: string;
      value: number;
      note: string | null;
    }>(
      `SELECT geo_code, drug, strftime(period_start, '%Y-%m') AS month, value, note
       FROM analytics.observations WHERE source = 'sesnsp_fuero_comun' AND geo_level = 'state'
         AND geo_code IN ('01', '02') AND period_start IN (DATE '2022-05-01', DATE '2026-01-01', DATE '2026-04-01')
       ORDER BY 1, 2, 3`,
    );
    const of = (geo: string, drug: string) =>
      rows.filter((r) => r.geo_code === geo && r.drug === drug).map((r) => [r.month, r.value]);
    // One continuing series: the old layout's May 2022, then the RNID subtypes' sums (389 + 0, …, 243 + 0).
    expect(of('01', 'narcomenudeo')).toEqual([
      ['2022-05', expect.any(Number)],
      ['2026-01', 389],
      ['2026-04', 243],
    ]);
    expect(of('02', 'narcomenudeo').slice(1)).toEqual([
      ['2026-01', 666],
      ['2026-04', 658],
    ]);
    expect(of('01', 'narcomenudeo_posesion_simple')).toEqual([
      ['2026-01', 389],
      ['2026-04', 243],
    ]);
    expect(of('02', 'narcomenudeo_fines_de_venta')).toEqual([
      ['2026-01', 0],
      ['2026-04', 0],
    ]);
    const [months] = await t.rows<{ n: number; last: string }>(
      `SELECT count(DISTINCT period_start) AS n, strftime(max(period_start), '%Y-%m') AS last
       FROM analytics.observations WHERE source = 'sesnsp_fuero_comun' AND geo_code = '01' AND drug = 'narcomenudeo'
         AND year(period_start) = 2026`,
    );
    // Through April, as the file name says (May–December are empty and not published).
    expect(months).toEqual({ n: 4, last: '2026-04' });
    // The excerpt has 2 states: the nation of 2026 is missing, and says why.
    const [nation] = await t.rows<{ value: number | null; status: string; note: string }>(
      `SELECT value, status, note FROM analytics.observations WHERE source = 'sesnsp_fuero_comun' AND geo_code = 'MX'
         AND drug = 'narcomenudeo' AND period_start = DATE '2026-01-01'`,
    );
    expect(nation).toEqual({
      value: null,
      status: 'missing',
      note: expect.stringContaining('only 2 of 32 states'),
    });
  });
});
