import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildFixtureFiles,
  type Death,
  FIELDS_59,
  FIELDS_74,
  generateDeaths,
  INEGI_FILES,
  WRONG_TYPE_LINE,
} from '../../pipelines/inegi_deaths/fixtures.ts';
import inegi, {
  INEGI_ZIP_TEMPLATE,
  inegiZipUrl,
  pickDeathsMember,
} from '../../pipelines/inegi_deaths/pipeline.ts';
import { fixturesDir, projectRoot } from '../../src/core/paths.ts';
import { serveFile, startFixtureServer } from '../support/fixtureServer.ts';
import { fileInput, type SourceRun, sourceTests } from '../support/sourceRun.ts';
import { sharedDatasets } from '../support/tempConfig.ts';

const { fresh, serve } = sourceTests('inegi_deaths');

const fixture = (path: string) => join(fixturesDir, path);
const demo = [
  fileInput(fixture(INEGI_FILES.y2023), '2024-10-24'),
  fileInput(fixture(INEGI_FILES.y2024), '2025-10-23'),
];

const POISONING = /^(X4[0-4]|X6[0-4]|X85|Y1[0-4])/;
const deaths = generateDeaths();
/** Deaths of the sample registered in the given years. */
const registered = (years: number[]) => deaths.filter((d) => years.includes(d.anioRegis));
const count = (list: Death[], f: (d: Death) => boolean) => list.filter(f).length;

interface Obs {
  geo_code: string;
  period_type: string;
  period_end: string;
  drug: string;
  measure: string;
  value: number;
  status: string;
  vintage: string;
  note: string | null;
}

async function observations(run: SourceRun, where: string): Promise<Obs[]> {
  return run.rows<Obs>(
    `SELECT geo_code, period_type, strftime(period_end, '%Y-%m-%d') AS period_end, drug, measure, value, status,
            strftime(vintage, '%Y-%m-%d') AS vintage, note
     FROM staging.inegi_deaths WHERE ${where} ORDER BY vintage, period_end`,
  );
}

describe('INEGI zip names and members', () => {
  it('knows the three file names INEGI has used', () => {
    expect(inegiZipUrl(2017)).toMatch(/\/2017\/conjunto_de_datos_defunciones_generales_2017_csv\.zip$/);
    expect(inegiZipUrl(2021)).toMatch(/\/2021\/conjunto_de_datos_defunciones_registradas_2021_csv\.zip$/);
    expect(inegiZipUrl(2024)).toMatch(/\/2024\/conjunto_de_datos_edr2024_csv\.zip$/);
  });

  it('picks the one CSV under conjunto_de_datos/, whatever its name and case', () => {
    const catalogs = [
      'catalogos/decatcausa.csv',
      'diccionario_de_datos/diccionario_datos_defunciones_generales_2017.csv',
    ];
    expect(
      pickDeathsMember(
        [...catalogs, 'conjunto_de_datos/conjunto_de_datos_defunciones_generales_2017.CSV'],
        'x.zip',
      ),
    ).toBe('conjunto_de_datos/conjunto_de_datos_defunciones_generales_2017.CSV');
    expect(
      pickDeathsMember(['edr/conjunto_de_datos/conjunto_de_datos_defunciones_registrados_2020.csv'], 'x'),
    ).toBe('edr/conjunto_de_datos/conjunto_de_datos_defunciones_registrados_2020.csv');
    expect(() => pickDeathsMember(catalogs, 'x.zip')).toThrow(
      /no microdata member: expected one conjunto_de_datos\/\*\.csv/,
    );
    expect(() => pickDeathsMember(['conjunto_de_datos/a.csv', 'conjunto_de_datos/b.csv'], 'x.zip')).toThrow(
      /2 candidate microdata members/,
    );
  });

  it('fixture zips are deterministic, with INEGI folders, fixed dates and a CP437 member name', () => {
    const a = buildFixtureFiles();
    const b = buildFixtureFiles();
    for (const [path, bytes] of a)
      expect(Buffer.from(b.get(path) ?? []).equals(Buffer.from(bytes)), path).toBe(true);
    const zip2017 = Buffer.from(a.get(INEGI_FILES.y2017) ?? []);
    expect(zip2017.includes(Buffer.from('catalogos/dea\xa4o.csv', 'latin1'))).toBe(true);
    expect(FIELDS_59).toHaveLength(59);
    expect(FIELDS_74).toHaveLength(74);
  });
});

describe('inegi_deaths on the demo fixtures', () => {
  it('loads both releases (the 2024 one with a byte-order mark) and counts deaths by month and state of occurrence', async () => {
    const t = fresh();
    const summary = await t.run(demo);
    expect(summary.loads.map((l) => [l.rowsLoaded, l.layout])).toEqual([
      [registered([2023]).length, 'edr_tipo_defun'],
      [registered([2024]).length, 'edr_tipo_defun'],
    ]);

    // Baja California, all drug poisonings, May 2023: as of the 2023 release, then with 2024's late registrations.
    const may = (d: Death) =>
      d.entOcurr === '02' && d.anio === 2023 && d.mes === 5 && POISONING.test(d.causa);
    const bc = await observations(
      t,
      "geo_code = '02' AND drug = 'all_drugs' AND measure = 'deaths' AND period_type = 'month' AND period_end = '2023-05-31'",
    );
    expect(bc.map((o) => [o.vintage, o.value, o.status])).toEqual([
      ['2024-10-24', count(registered([2023]), may), 'provisional'],
      ['2025-10-23', count(registered([2023, 2024]), may), 'reported'],
    ]);
    expect(count(registered([2024]), may)).toBeGreaterThan(0); // the late registration is there to see

    // 2024 is provisional (its late registrations come in the 2025 file); 2022 is not shown (no 2022 release).
    const years = await observations(
      t,
      "geo_code = 'MX' AND drug = 'all_causes' AND period_type = 'year' AND vintage = '2025-10-23'",
    );
    expect(years.map((o) => [o.period_end, o.status])).toEqual([
      ['2023-12-31', 'reported'],
      ['2024-12-31', 'provisional'],
    ]);
    // The nation counts every registered death of the year, abroad and unspecified state and month included.
    expect(years[1]?.value).toBe(count(registered([2024]), (d) => d.anio === 2024));
    expect(years[1]?.note).toBe(
      'includes 3 death(s) that occurred abroad (ent_ocurr 33–35); 2 in a state not specified (ent_ocurr 99); 2 with the month of occurrence not specified',
    );
  });

  it('keeps intent from tipo_defun, leaves alcohol and tobacco out, and sums 12-month windows from the months', async () => {
    const t = fresh();
    await t.run(demo);
    const all = registered([2023, 2024]);
    const rows = await observations(
      t,
      "geo_code = '26' AND vintage = '2025-10-23' AND period_end = '2024-12-31' AND period_type = '12mo_ending'",
    );
    const value = (drug: string, measure: string) =>
      rows.find((o) => o.drug === drug && o.measure === measure)?.value;
    const sonora2024 = (f: (d: Death) => boolean) =>
      count(all, (d) => d.entOcurr === '26' && d.anio === 2024 && f(d));
    expect(value('mx_narcotics_poisoning', 'deaths')).toBe(sonora2024((d) => /^(X42|X62|Y12)/.test(d.causa)));
    expect(value('all_drugs', 'deaths_unintentional')).toBe(sonora2024((d) => /^X4[0-4]/.test(d.causa)));
    expect(value('all_drugs', 'deaths_suicide')).toBe(sonora2024((d) => /^X6[0-4]/.test(d.causa)));
    expect(value('mx_drug_use_disorders', 'deaths')).toBe(
      sonora2024((d) => /^F1[1-9]/.test(d.causa) && !d.causa.startsWith('F17')),
    );
    expect(value('mx_stimulant_use_disorder', 'deaths')).toBe(sonora2024((d) => d.causa.startsWith('F15')));
    expect(value('mx_stimulant_use_disorder', 'deaths_suicide')).toBeUndefined(); // F codes: no intent breakdown

    const months = await observations(
      t,
      "geo_code = '26' AND vintage = '2025-10-23' AND period_type = 'month' AND drug = 'all_drugs' AND measure = 'deaths' AND period_end > '2023-12-31'",
    );
    expect(months).toHaveLength(12);
    expect(months.reduce((n, o) => n + o.value, 0)).toBe(value('all_drugs', 'deaths'));
    expect(months.some((o) => o.value === 0)).toBe(true); // a month without a death is a true 0, not missing
  });

  it('the same bytes again change nothing; analytics shows the latest vintage only', async () => {
    const t = fresh();
    await t.run(demo);
    const again = await t.run(demo);
    expect(again.status).toBe('no_new_data');
    const [vintages] = await t.rows<{ n: number; v: string }>(
      "SELECT count(DISTINCT vintage) AS n, strftime(max(vintage), '%Y-%m-%d') AS v FROM analytics.observations WHERE source = 'inegi_deaths'",
    );
    expect(vintages).toEqual({ n: 1, v: '2025-10-23' });
  });

  it('reads the 2017 "generales" layout: 59 fields with presunto', async () => {
    const t = fresh();
    const summary = await t.run([fileInput(fixture(INEGI_FILES.y2017), '2018-10-31')]);
    expect(summary.loads[0]?.layout).toBe('edr_presunto');
    const [year] = await observations(
      t,
      "geo_code = 'MX' AND drug = 'all_causes' AND measure = 'deaths' AND period_type = 'year'",
    );
    expect(year?.period_end).toBe('2017-12-31');
    expect(year?.status).toBe('provisional');
  });

  it('a release whose microdata CSV is UTF-8 with a BOM reads its first column (ent_regis) correctly', async () => {
    const t = fresh();
    await t.run([fileInput(fixture(INEGI_FILES.y2024), '2025-10-23')]);
    const [row] = await t.rows<{ n: number; regis: number }>(
      'SELECT count(*) AS n, count(ent_regis) AS regis FROM raw.inegi_deaths',
    );
    expect(row?.regis).toBe(row?.n);
  });
});

describe('inegi_deaths bad input', () => {
  const cases: [string, string, RegExp][] = [
    [
      'a zip without the microdata member',
      INEGI_FILES.missingMember,
      /missing_member\.zip: no microdata member: expected one conjunto_de_datos\/\*\.csv in the zip, found catalogos\//,
    ],
    [
      'a truncated zip',
      INEGI_FILES.truncated,
      /truncated\.zip: not a readable zip archive \(truncated or corrupt\?\)/,
    ],
    [
      'the HTML page INEGI sends with status 200',
      INEGI_FILES.htmlErrorPage,
      /html_error_page\.zip: looks like an HTML\/XML page, not a zip archive/,
    ],
    [
      'a missing column',
      INEGI_FILES.missingColumn,
      /missing_column\.zip line 1 column "causa_def": missing column "causa_def": expected the microdata from 2022 .*\(edr_tipo_defun\): .*; the header has 73 fields/,
    ],
    [
      'a value of the wrong type',
      INEGI_FILES.wrongType,
      new RegExp(
        `wrong_type\\.zip line ${WRONG_TYPE_LINE} column "mes_ocurr": .*"1O".*1 line\\(s\\) rejected`,
      ),
    ],
  ];
  it.each(cases)('%s is refused with the file, line and column', async (_what, path, message) => {
    const t = fresh();
    await expect(t.run([fileInput(fixture(path), '2024-10-24')])).rejects.toThrow(message);
  });

  it('an unknown state of occurrence fails the check that names it', async () => {
    const t = fresh();
    await expect(t.run([fileInput(fixture(INEGI_FILES.unknownState), '2024-10-24')])).rejects.toThrow(
      /check inegi_deaths_raw_codes failed: 1 offending row\(s\), e\.g\. .*"ent_ocurr":"47"/,
    );
  });
});

describe('inegi_deaths over HTTP (local fixture server)', () => {
  it('fetches a zip, and refuses an HTML page sent with status 200 and a body cut short', async () => {
    const zip = fixture(INEGI_FILES.y2023);
    const server = await startFixtureServer({
      '/2023/conjunto_de_datos_defunciones_registradas_2023_csv.zip': serveFile(zip, {
        contentType: 'application/octet-stream',
      }),
      '/2025/conjunto_de_datos_edr2025_csv.zip': {
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: '<!DOCTYPE html><html><body>Página no encontrada</body></html>',
      },
      '/2022/conjunto_de_datos_defunciones_registradas_2022_csv.zip': serveFile(zip, {
        contentType: 'application/octet-stream',
        truncate: 5000,
      }),
    });
    try {
      const t = fresh();
      t.temp.config.http.retries = 0;
      const ok = await t.run([
        {
          kind: 'url',
          url: `${server.url}/2023/conjunto_de_datos_defunciones_registradas_2023_csv.zip`,
          vintage: '2024-10-24',
        },
      ]);
      expect(ok.loads[0]?.rowsLoaded).toBe(registered([2023]).length);
      await expect(
        fresh().run([{ kind: 'url', url: `${server.url}/2025/conjunto_de_datos_edr2025_csv.zip` }]),
      ).rejects.toThrow(/HTML page/);
      const cut = fresh();
      cut.temp.config.http.retries = 0;
      await expect(
        cut.run([
          { kind: 'url', url: `${server.url}/2022/conjunto_de_datos_defunciones_registradas_2022_csv.zip` },
        ]),
      ).rejects.toThrow();
    } finally {
      await server.close();
    }
  });
});

describe('inegi_deaths: newer years, tried since there is no listing', () => {
  const zip = () => fixture(INEGI_FILES.y2024);
  const path = (year: number) => `/${year}/conjunto_de_datos_edr${year}_csv.zip`;
  const discovering = (base: string) => ({
    kind: 'url' as const,
    url: base + path(2024),
    discover: { template: `${base}/{year}/conjunto_de_datos_edr{year}_csv.zip`, from: 2025 },
  });
  /** What INEGI answers for a year that is not out: status 200 and an HTML page. */
  const notOut = {
    contentType: 'text/html; charset=utf-8',
    body: '<!DOCTYPE html><html><body>Página no encontrada</body></html>',
  };
  const laterYears = (from: number) =>
    Object.fromEntries(
      Array.from({ length: new Date().getUTCFullYear() - from + 1 }, (_, i) => [path(from + i), notOut]),
    );

  it('loads the newest year that is out (served as application/x-zip-compressed), dated by its Last-Modified', async () => {
    const server = await serve({
      ...laterYears(2026),
      [path(2025)]: serveFile(zip(), {
        contentType: 'application/x-zip-compressed',
        headers: { 'Last-Modified': 'Thu, 22 Oct 2026 18:00:00 GMT' },
      }),
    });
    const t = fresh();
    t.temp.config.http.retries = 0;
    const summary = await t.run([discovering(server.url)]);
    expect(summary.loads.map((l) => [l.origin, l.vintage, l.rowsLoaded])).toEqual([
      [server.url + path(2025), '2026-10-22', registered([2024]).length],
    ]);
    // Newest first: every later year answered with an HTML page, then 2025; 2024 (the pinned file) was not needed.
    expect(server.requests.map((r) => r.pathname)).toEqual(
      Array.from({ length: new Date().getUTCFullYear() - 2025 + 1 }, (_, i) =>
        path(new Date().getUTCFullYear() - i),
      ),
    );
    expect(t.log.join('\n')).toMatch(
      /inegi_deaths: no 2026 release \(\S+edr2026_csv\.zip returned an HTML page/,
    );
    expect(t.log).toContain(`inegi_deaths: newest release found: ${server.url}${path(2025)}`);
  });

  it('falls back to the pinned 2024 zip (application/zip) when no later year is out', async () => {
    const server = await serve({
      ...laterYears(2025),
      [path(2024)]: serveFile(zip(), { contentType: 'application/zip' }),
    });
    const t = fresh();
    t.temp.config.http.retries = 0;
    const summary = await t.run([discovering(server.url)]);
    expect(summary.loads.map((l) => [l.origin, l.rowsLoaded])).toEqual([
      [server.url + path(2024), registered([2024]).length],
    ]);
    expect(t.log).toContain(
      `inegi_deaths: no release from 2025 on was found; using the pinned ${server.url}${path(2024)}`,
    );
  });

  it('the live inputs: 2021–2024 pinned, then the newest year from 2025 on, with 2024 as its fallback', () => {
    const urls = inegi.liveInputs.map((i) => (i.kind === 'url' ? i.url : ''));
    expect(urls).toEqual([2021, 2022, 2023, 2024, 2024].map(inegiZipUrl));
    const newest = inegi.liveInputs[4];
    expect(newest?.kind === 'url' && newest.discover).toEqual({ template: INEGI_ZIP_TEMPLATE, from: 2025 });
  });
});

describe('inegi_deaths definition', () => {
  it('documents every raw column and reads the publisher’s real endpoints when live', () => {
    expect(inegi.raw.columns.every((c) => c.comment.length > 10)).toBe(true);
    expect(
      inegi.liveInputs.every((i) => i.kind === 'url' && i.url.startsWith('https://www.inegi.org.mx/')),
    ).toBe(true);
  });

  it('writes an extracted member next to the snapshot only once', () => {
    // The same zip extracted twice gives the same path (a cache keyed by the snapshot's sha256 name).
    const t = fresh();
    const copy = join(t.temp.dir, 'copy.zip');
    writeFileSync(copy, Buffer.from(buildFixtureFiles().get(INEGI_FILES.y2023) ?? []));
    return Promise.all([
      inegi.hooks.prepare?.(copy, { source: 'inegi_deaths', origin: 'copy.zip' }),
      inegi.hooks.prepare?.(copy, { source: 'inegi_deaths', origin: 'copy.zip' }),
    ]).then(([a, b]) => expect(a).toBe(b));
  });
});

const catalogues = join(sharedDatasets, 'inegi-defunciones-catalogos-2017');
const cataloguesPresent = existsSync(catalogues);
if (!cataloguesPresent) console.warn(`skipping the real INEGI dictionary test: ${catalogues} not found`);

describe.skipIf(!cataloguesPresent)('inegi_deaths against INEGI’s real 2017 data dictionary', () => {
  /** [NOMBRE_CAMPO, LONGITUD, TIPO, NEMÓNICO, CATÁLOGO, RANGO_CLAVES] of each field (Latin-1, CRLF, padded). */
  const dictionary = readFileSync(
    join(catalogues, 'diccionario_datos_defunciones_generales_2017.csv'),
    'latin1',
  )
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) =>
      (line.match(/("[^"]*"|[^,]*)(,|$)/g) ?? []).map((f) =>
        f.replace(/,$/, '').replace(/^"|"$/g, '').trim(),
      ),
    );

  it('names every field read, the intent as presunto (tipo_defun from 2022), with the codes staging maps', () => {
    const names = new Set(dictionary.map((f) => f[3]?.toLowerCase()));
    expect(dictionary).toHaveLength(59);
    // Each field the pipeline reads has one of its header names in the 2017 dictionary.
    const upTo2021 = inegi.csv.layouts.find((l) => l.name === 'edr_presunto');
    expect(upTo2021?.fields.filter(([header]) => !names.has(header.toLowerCase()))).toEqual([]);
    const intent = dictionary.find((f) => f[3] === 'presunto');
    expect(intent?.slice(0, 5)).toEqual(['Presunto', '1', 'N', 'presunto', 'depresunto']);
    expect(intent?.[5]).toBe('1-5, 8');
    expect(names.has('tipo_defun')).toBe(false);
    const intentHeaders = inegi.csv.layouts.flatMap((l) =>
      l.fields.filter(([, raw]) => raw === 'presunto').map(([header]) => header),
    );
    expect(intentHeaders.sort()).toEqual(['presunto', 'tipo_defun']);
    // The catalog's codes: 1–4 are the four intent measures, 5 (legal intervention, war) and 8 (natural death) none.
    const codes = readFileSync(join(catalogues, 'depresunto.csv'), 'latin1')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim() !== '')
      .map((l) => Number(l.split(',')[0]));
    expect(codes).toEqual([1, 2, 3, 4, 5, 8]);
    const staging = readFileSync(join(projectRoot, 'pipelines/inegi_deaths/staging.sql'), 'utf8');
    expect(staging).toMatch(
      /VALUES \(1, 'deaths_unintentional'\), \(2, 'deaths_homicide'\), \(3, 'deaths_suicide'\), \(4, 'deaths_undetermined'\)/,
    );
  });
});
