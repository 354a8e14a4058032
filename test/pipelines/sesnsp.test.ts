import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SESNSP_LAG, throughMonthFromName } from '../../pipelines/_lib/sesnsp.ts';
import {
  BAD_COMUN,
  BAD_FEDERAL,
  COMUN_DIR,
  COMUN_FILES,
  COMUN_HEADER,
  FEDERAL_DIR,
  FEDERAL_FILES,
  FEDERAL_HEADER,
} from '../../pipelines/_lib/sesnspFixtures.ts';
import {
  FUERO_COMUN_LINK,
  FUERO_COMUN_VINTAGE,
  RNID_LINK,
  RNID_VINTAGE,
} from '../../pipelines/sesnsp_fuero_comun/pipeline.ts';
import { FUERO_FEDERAL_LINK, FUERO_FEDERAL_VINTAGE } from '../../pipelines/sesnsp_fuero_federal/pipeline.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { dateFromLink, pickLink } from '../../src/fetch/pageLink.ts';
import { serveFile } from '../support/fixtureServer.ts';
import { fileInput, sourceRun, sourceTests } from '../support/sourceRun.ts';

const comun = (file: string) => join(fixturesDir, COMUN_DIR, file);
const federal = (file: string) => join(fixturesDir, FEDERAL_DIR, file);
const { fresh, serve } = sourceTests('sesnsp_fuero_comun');

const comunReleases = [
  fileInput(comun(COMUN_FILES.idefc), '2024-07-20'),
  fileInput(comun(COMUN_FILES.estatal), '2026-01-20'),
  fileInput(comun(COMUN_FILES.rnid), '2026-04-20'),
];

describe('SESNSP fixtures', () => {
  it('are in the real layouts: Latin-1 and CRLF up to 2025, UTF-8 with a BOM and zero-padded codes in RNID', () => {
    const idefc = readFileSync(comun(COMUN_FILES.idefc));
    expect(idefc.includes(Buffer.from('Año', 'latin1'))).toBe(true);
    expect(idefc.includes(Buffer.from('Año', 'utf8'))).toBe(false);
    const text = idefc.toString('latin1');
    expect(text.split('\r\n')[0]).toBe(COMUN_HEADER);
    expect(text).toContain(
      '\r\n2024,2,Baja California,Otros bienes jurídicos afectados (del fuero común),Narcomenudeo,',
    );
    expect(text).toMatch(/,Narcomenudeo,\d+,\d+,\d+,\d+,\d+,\d+,,,,,,\r\n/); // July–December 2024 not published
    const rnid = readFileSync(comun(COMUN_FILES.rnid));
    expect([...rnid.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(rnid.toString('utf8')).toContain('\r\n2026,01,Aguascalientes,');
    expect(rnid.toString('utf8')).toContain(
      ',Narcomenudeo,Narcomenudeo posesión simple,Narcomenudeo posesión simple,',
    );
    expect(rnid.toString('utf8')).toContain(',"Robo de maquinaria - Cables, tubos y otros objetos');
    const ideff = readFileSync(federal(FEDERAL_FILES.nov24)).toString('latin1');
    expect(ideff.split('\r\n')[0]).toBe(FEDERAL_HEADER);
    expect(ideff).toContain('\r\n2024,,EXTRANJERO,CODIGO PENAL FEDERAL,CONTRA LA SALUD,POSESION,');
  });

  it('file names give the last month covered; links give the release date: the 20th of the next month', () => {
    expect(throughMonthFromName('pipelines/x/releases/IDEFC_NM_may22.csv.gz')).toBe('2022-05-01');
    expect(throughMonthFromName('https://h/Estatal-Delitos-2015-2025_dic2025.csv')).toBe('2025-12-01');
    expect(throughMonthFromName('/d/RNID-Delitos_Estatal-2026-abr2026_EXCERPT.csv')).toBe('2026-04-01');
    expect(throughMonthFromName('IDM_NM_dic25_corte_jun26.csv')).toBe('2025-12-01');
    expect(throughMonthFromName('incidencia.csv')).toBeNull();
    const base = 'https://www.gob.mx/cms/uploads/attachment/file/1';
    expect(dateFromLink(`${base}/IDEFC_NM_dic24.csv`, FUERO_COMUN_VINTAGE, SESNSP_LAG)).toBe('2025-01-20');
    expect(
      dateFromLink(`${base}/Estatal-Delitos-2015-2025_ene2026.csv`, FUERO_COMUN_VINTAGE, SESNSP_LAG),
    ).toBe('2026-02-20');
    expect(dateFromLink(`${base}/RNID-Delitos_Estatal-2026-ago2026.csv`, RNID_VINTAGE, SESNSP_LAG)).toBe(
      '2026-09-20',
    );
    expect(dateFromLink(`${base}/IDEFF_jul25.csv`, FUERO_FEDERAL_VINTAGE, SESNSP_LAG)).toBe('2025-08-20');
    const page = `<a href="${base}/IDEFF_jul25.csv">federal</a> <a href="${base}/RNID-Delitos_Estatal-2026-abr2026.csv">2026</a>
      <a href="${base}/Estatal-Delitos-2015-2025_abr2026.csv">2015-2025</a> <a href="${base}/IDVFC_NM_abr26.csv">víctimas</a>`;
    expect(pickLink(page, base, FUERO_COMUN_LINK).url).toBe(`${base}/Estatal-Delitos-2015-2025_abr2026.csv`);
    expect(pickLink(page, base, RNID_LINK).url).toBe(`${base}/RNID-Delitos_Estatal-2026-abr2026.csv`);
    expect(pickLink(page, base, FUERO_FEDERAL_LINK).url).toBe(`${base}/IDEFF_jul25.csv`);
  });
});

describe('sesnsp_fuero_comun on the fixtures', () => {
  it('unpivots the month columns of the three generations into one narcomenudeo series per state', async () => {
    const t = fresh();
    const summary = await t.run(comunReleases);
    expect(summary.loads.map((l) => [l.layout, l.rowsLoaded])).toEqual([
      ['sesnsp_estatal_fuero_comun', 3 * 32 * 3],
      ['sesnsp_estatal_fuero_comun', 4 * 32 * 3],
      ['sesnsp_estatal_fuero_comun', 32 * 4],
    ]);
    const months = await t.rows<{ vintage: string; drug: string; n: number; first: string; last: string }>(
      `SELECT strftime(vintage, '%Y-%m-%d') AS vintage, drug, count(*) AS n,
              strftime(min(period_start), '%Y-%m') AS first, strftime(max(period_start), '%Y-%m') AS last
       FROM staging.sesnsp_fuero_comun WHERE geo_code = '01' GROUP BY ALL ORDER BY 1, 2`,
    );
    expect(months).toEqual([
      { vintage: '2024-07-20', drug: 'narcomenudeo', n: 30, first: '2022-01', last: '2024-06' },
      { vintage: '2026-01-20', drug: 'narcomenudeo', n: 48, first: '2022-01', last: '2025-12' },
      { vintage: '2026-04-20', drug: 'narcomenudeo', n: 3, first: '2026-01', last: '2026-03' },
      { vintage: '2026-04-20', drug: 'narcomenudeo_fines_de_venta', n: 3, first: '2026-01', last: '2026-03' },
      {
        vintage: '2026-04-20',
        drug: 'narcomenudeo_posesion_simple',
        n: 3,
        first: '2026-01',
        last: '2026-03',
      },
    ]);
    // The value of a cell is the file's, wherever the column sits: Aguascalientes (Clave_Ent 1) March 2023.
    const march = readFileSync(comun(COMUN_FILES.estatal))
      .toString('latin1')
      .split('\r\n')
      .find((l) => l.startsWith('2023,1,Aguascalientes,Otros bienes'));
    const [obs] = await t.rows<{ value: number }>(
      `SELECT value FROM analytics.observations WHERE source = 'sesnsp_fuero_comun' AND geo_code = '01'
         AND drug = 'narcomenudeo' AND period_start = DATE '2023-03-01'`,
    );
    expect(obs?.value).toBe(Number(march?.split(',')[9]));
    // The RNID subtypes add up to the continuing series, and the nation to the 32 states.
    const sums = await t.rows<{ bad: number }>(
      `SELECT count(*) AS bad FROM analytics.observations AS n
       JOIN (SELECT geo_code, period_start, sum(value) AS v FROM analytics.observations
             WHERE source = 'sesnsp_fuero_comun' AND drug LIKE 'narcomenudeo_%' GROUP BY ALL) AS s USING (geo_code, period_start)
       WHERE n.source = 'sesnsp_fuero_comun' AND n.drug = 'narcomenudeo' AND n.value IS DISTINCT FROM s.v`,
    );
    expect(sums).toEqual([{ bad: 0 }]);
    const nation = await t.rows<{ month: string; nation: number; states: number }>(
      `SELECT strftime(period_start, '%Y-%m') AS month, max(value) FILTER (WHERE geo_code = 'MX') AS nation,
              sum(value) FILTER (WHERE geo_level = 'state') AS states
       FROM analytics.observations WHERE source = 'sesnsp_fuero_comun' AND drug = 'narcomenudeo'
         AND period_start IN (DATE '2025-06-01', DATE '2026-02-01') GROUP BY 1 ORDER BY 1`,
    );
    expect(nation.map((n) => n.nation === n.states && n.nation > 0)).toEqual([true, true]);
  });

  it('keeps a blank month NULL (never 0) and says so; a month blanked by a later release is flagged with its old value', async () => {
    const t = fresh();
    await t.run(comunReleases);
    const [blank] = await t.rows<{ value: number | null; status: string; note: string }>(
      `SELECT value, status, note FROM staging.sesnsp_fuero_comun WHERE geo_code = '15' AND drug = 'narcomenudeo'
         AND period_start = DATE '2023-03-01' AND vintage = DATE '2024-07-20'`,
    );
    expect(blank).toEqual({ value: null, status: 'missing', note: 'blank in this release' });
    const [nation] = await t.rows<{ value: number | null; note: string }>(
      `SELECT value, note FROM staging.sesnsp_fuero_comun WHERE geo_code = 'MX' AND drug = 'narcomenudeo'
         AND period_start = DATE '2023-03-01' AND vintage = DATE '2024-07-20'`,
    );
    expect(nation).toEqual({ value: null, note: expect.stringContaining('1 state(s) blank: 15') });
    const published = await t.rows<{ value: number }>(
      `SELECT value FROM staging.sesnsp_fuero_comun WHERE geo_code = '09' AND drug = 'narcomenudeo'
         AND period_start = DATE '2023-05-01' AND vintage = DATE '2024-07-20'`,
    );
    const blanked = await t.rows<{ flag: string; published_value: number; note: string; status: string }>(
      `SELECT q.flag, q.published_value, q.note, o.status FROM analytics.sesnsp_quality AS q
       JOIN analytics.observations AS o USING (source, geo_code, drug, period_start, vintage)
       WHERE q.flag = 'blanked' AND q.geo_level = 'state'`,
    );
    expect(blanked).toEqual([
      {
        flag: 'blanked',
        published_value: published[0]?.value,
        note: `blank in this release; the release of 2024-07-20 had published ${published[0]?.value}`,
        status: 'missing',
      },
    ]);
  });

  it("flags Baja California's four months of 0 next to ~300 a month, in every release that has them", async () => {
    const t = fresh();
    await t.run(comunReleases);
    const flags = await t.rows<{ vintage: string; geo_code: string; months: string }>(
      `SELECT strftime(vintage, '%Y-%m-%d') AS vintage, geo_code,
              string_agg(strftime(period_start, '%m'), ' ' ORDER BY period_start) AS months
       FROM analytics.sesnsp_quality WHERE flag = 'zero_run_artefact' GROUP BY ALL ORDER BY ALL`,
    );
    expect(flags).toEqual([
      { vintage: '2024-07-20', geo_code: '02', months: '01 02 03 04' },
      { vintage: '2026-01-20', geo_code: '02', months: '01 02 03 04' },
    ]);
    const [note] = await t.rows<{ value: number | null; note: string }>(
      `SELECT value, note FROM analytics.observations WHERE source = 'sesnsp_fuero_comun' AND geo_code = '02'
         AND drug = 'narcomenudeo' AND period_start = DATE '2022-02-01'`,
    );
    expect(note).toEqual({
      value: null,
      note: expect.stringMatching(
        /^published as 0; flagged as a reporting artefact: 4 months of 0 in a row \(2022-01 to 2022-04\) where the state averaged \d{3} a month in the 12 months after/,
      ),
    });
  });

  it('records every release as a vintage: revisions between them, the latest shown', async () => {
    const t = fresh();
    await t.run(comunReleases);
    const [revised] = await t.rows<{ n: number }>(
      `SELECT count(*) AS n FROM analytics.revisions WHERE source = 'sesnsp_fuero_comun'
         AND old_vintage = DATE '2024-07-20' AND new_vintage = DATE '2026-01-20'`,
    );
    expect(revised?.n).toBeGreaterThan(100);
    const [latest] = await t.rows<{ vintages: string }>(
      `SELECT string_agg(DISTINCT strftime(vintage, '%Y-%m-%d'), ' ' ORDER BY strftime(vintage, '%Y-%m-%d')) AS vintages
       FROM analytics.observations WHERE source = 'sesnsp_fuero_comun'`,
    );
    expect(latest?.vintages).toBe('2026-01-20 2026-04-20');
  });

  it('refuses bad files naming file, line, column and what was expected', async () => {
    const cases: [string, RegExp][] = [
      [
        BAD_COMUN.badState,
        /IDEFC_NM_bad_state_jun24\.csv line \d+ column "Clave_Ent": Clave_Ent "33": expected an INEGI state code/,
      ],
      [
        BAD_COMUN.textCount,
        /IDEFC_NM_text_count_jun24\.csv line \d+ column "Enero": Error when converting column "Enero"\. Could not convert string "\d+x" to 'BIGINT'/,
      ],
      [
        BAD_COMUN.unknownSubtype,
        /IDEFC_NM_unknown_subtype_jun24\.csv line \d+ column "Subtipo de delito": unknown narcomenudeo subtype "Narcomenudeo en escuelas"/,
      ],
      [
        BAD_COMUN.afterCutoff,
        /IDEFC_NM_mar24\.csv line \d+ column "Abril": Abril 2024 holds \d+, but the file name says the release runs through 2024-03: a misnamed file\?/,
      ],
      [
        BAD_COMUN.noSubtype,
        /IDEFC_NM_no_subtype_column_jun24\.csv line 1 column "Subtipo de delito": missing column "Subtipo de delito"/,
      ],
    ];
    for (const [file, message] of cases) {
      await expect(fresh().run([fileInput(comun(file), '2024-07-20')])).rejects.toThrow(message);
    }
  });

  it('finds the current file on the catalogue page and dates it from its name', async () => {
    const server = await serve({
      '/sesnsp/datos-abiertos': {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: `<html><body><ul>
          <li><a href="/files/IDVFC_NM_jun24.csv">Víctimas</a></li>
          <li><a href="/files/IDEFC_NM_jun24.csv">Incidencia delictiva del fuero común, estatal</a></li>
          <li><a href="/files/IDEFF_jun24.csv">Fuero federal</a></li></ul></body></html>`,
      },
      '/files/IDEFC_NM_jun24.csv': serveFile(comun(COMUN_FILES.idefc)),
    });
    const t = fresh();
    const summary = await t.run([
      {
        kind: 'page_link',
        pageUrl: `${server.url}/sesnsp/datos-abiertos`,
        linkPattern: FUERO_COMUN_LINK,
        vintagePattern: FUERO_COMUN_VINTAGE,
        vintageLag: SESNSP_LAG,
      },
    ]);
    expect(summary.loads[0]).toMatchObject({ vintage: '2024-07-20', rowsLoaded: 3 * 32 * 3 });
  });
});

describe('sesnsp_fuero_federal on the fixtures', () => {
  it('keeps EXTRANJERO apart, sums the nation from the states and abroad, and the CPF types into contra_la_salud', async () => {
    const t = sourceRun('sesnsp_fuero_federal');
    try {
      await t.run([
        fileInput(federal(FEDERAL_FILES.nov24), '2024-12-20'),
        fileInput(federal(FEDERAL_FILES.ene25), '2025-02-20'),
      ]);
      const levels = await t.rows<{ geo_level: string; places: number; drugs: number; last: string }>(
        `SELECT geo_level, count(DISTINCT geo_code) AS places, count(DISTINCT drug) AS drugs,
                strftime(max(period_start), '%Y-%m') AS last
         FROM analytics.observations WHERE source = 'sesnsp_fuero_federal' GROUP BY 1 ORDER BY 1`,
      );
      expect(levels).toEqual([
        { geo_level: 'abroad', places: 1, drugs: 10, last: '2025-01' },
        { geo_level: 'nation', places: 1, drugs: 10, last: '2025-01' },
        { geo_level: 'state', places: 32, drugs: 10, last: '2025-01' },
      ]);
      const [bad] = await t.rows<{ nation_bad: number; cpf_bad: number }>(
        `WITH o AS (SELECT * FROM analytics.observations WHERE source = 'sesnsp_fuero_federal')
         SELECT
           (SELECT count(*) FROM o AS n WHERE n.geo_code = 'MX' AND n.value IS DISTINCT FROM
              (SELECT sum(value) FROM o WHERE geo_code <> 'MX' AND drug = n.drug AND period_start = n.period_start)) AS nation_bad,
           (SELECT count(*) FROM o AS c WHERE c.drug = 'contra_la_salud' AND c.value IS DISTINCT FROM
              (SELECT sum(value) FROM o WHERE geo_code = c.geo_code AND period_start = c.period_start
                 AND drug IN ('contra_la_salud_produccion', 'contra_la_salud_transporte', 'contra_la_salud_trafico',
                              'contra_la_salud_comercio', 'contra_la_salud_suministro', 'contra_la_salud_posesion',
                              'contra_la_salud_otros'))) AS cpf_bad`,
      );
      expect(bad).toEqual({ nation_bad: 0, cpf_bad: 0 });
    } finally {
      t.temp.cleanup();
    }
  });

  it('refuses EXTRANJERO with a state code and an unknown drug-crime type', async () => {
    for (const [file, message] of [
      [
        BAD_FEDERAL.abroadWithCode,
        /IDEFF_abroad_with_code_nov24\.csv line \d+ column "INEGI": INEGI "33" for EXTRANJERO: expected/,
      ],
      [
        BAD_FEDERAL.unknownType,
        /IDEFF_unknown_type_nov24\.csv line \d+ column "TIPO": unknown drug crime "CODIGO PENAL FEDERAL \/ CONTRA LA SALUD \/ ACOPIO"/,
      ],
    ] as const) {
      const t = sourceRun('sesnsp_fuero_federal');
      try {
        await expect(t.run([fileInput(federal(file), '2024-12-20')])).rejects.toThrow(message);
      } finally {
        t.temp.cleanup();
      }
    }
  });
});
