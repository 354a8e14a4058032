import { join } from 'node:path';
import { defineSource } from '../../src/core/defineSource.ts';
import { InputError } from '../../src/core/errors.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { toUtf8 } from '../_lib/utf8.ts';
import { extractZipMember } from '../_lib/zipMember.ts';

const fixtures = join(fixturesDir, 'inegi-deaths');
const BASE = 'https://www.inegi.org.mx/contenidos/programas/edr/datosabiertos/defunciones';

/**
 * The three names INEGI has given the yearly open-data zip (same folder, `.../defunciones/<year>/`):
 * 2017 "generales", 2018–2023 "registradas", 2024 on "edr<year>". Before 2017 the files lived under
 * `programas/mortalidad/datosabiertos/defunciones/<year>/defunciones_base_datos_<year>_csv.zip`.
 */
/** The 2024 name, assumed for later years (a guess: INEGI has renamed the file three times). */
export const INEGI_ZIP_TEMPLATE = `${BASE}/{year}/conjunto_de_datos_edr{year}_csv.zip`;

export function inegiZipUrl(year: number): string {
  if (year <= 2017) return `${BASE}/${year}/conjunto_de_datos_defunciones_generales_${year}_csv.zip`;
  if (year <= 2023) return `${BASE}/${year}/conjunto_de_datos_defunciones_registradas_${year}_csv.zip`;
  return `${BASE}/${year}/conjunto_de_datos_edr${year}_csv.zip`;
}

// [raw column, type, header names INEGI has used, required, comment]. presunto was renamed tipo_defun in 2022.
const spec: [string, string, string[], boolean, string][] = [
  [
    'ent_regis',
    'VARCHAR',
    ['ent_regis'],
    false,
    'State where the death was registered (INEGI cve_ent, 01–32).',
  ],
  [
    'ent_resid',
    'VARCHAR',
    ['ent_resid'],
    false,
    'State of usual residence (01–32; 33–35 abroad; 99 not specified).',
  ],
  [
    'ent_ocurr',
    'VARCHAR',
    ['ent_ocurr'],
    true,
    'State where the death occurred: 01–32 the states; 33 USA, 34 other Latin American countries, 35 other countries; 99 not specified.',
  ],
  [
    'causa_def',
    'VARCHAR',
    ['causa_def'],
    true,
    'Underlying cause of death, ICD-10 code of 4 characters without a dot (X420, F150; X pads 3-character codes: I10X).',
  ],
  [
    'lista_mex',
    'VARCHAR',
    ['lista_mex'],
    false,
    'Cause in the Mexican tabulation list (e.g. 53A accidental drug poisoning).',
  ],
  ['sexo', 'INTEGER', ['sexo'], false, 'Sex: 1 men, 2 women, 9 not specified.'],
  [
    'edad',
    'INTEGER',
    ['edad'],
    false,
    'Age code: 1xxx hours, 2xxx days, 3xxx months, 4xxx years (4035 = 35 years), 4998 not specified.',
  ],
  ['dia_ocurr', 'INTEGER', ['dia_ocurr'], false, 'Day of occurrence (99 not specified).'],
  ['mes_ocurr', 'INTEGER', ['mes_ocurr'], true, 'Month of occurrence, 1–12 (99 not specified).'],
  [
    'anio_ocur',
    'INTEGER',
    ['anio_ocur'],
    true,
    'Year of occurrence (9999 not specified); earlier than anio_regis for late registrations.',
  ],
  ['mes_regis', 'INTEGER', ['mes_regis'], false, 'Month of registration.'],
  ['anio_regis', 'INTEGER', ['anio_regis'], true, 'Year of registration: the statistical year of the file.'],
  [
    'presunto',
    'INTEGER',
    ['presunto', 'tipo_defun'],
    true,
    'Presumed intent: 1 accident, 2 homicide, 3 suicide, 4 unknown, 5 legal intervention or war, 8 not applicable (natural death). Named presunto up to 2021 and tipo_defun from 2022.',
  ],
];

/** The fields read, by the name a release gives them; every other field of the 59–74 is ignored. */
const fieldsNamed = (presunto: 'presunto' | 'tipo_defun') => ({
  fields: spec.map(([raw, , headers]): [string, string] => [
    raw === 'presunto' ? presunto : (headers[0] as string),
    raw,
  ]),
  optional: spec.filter(([, , , required]) => !required).map(([, , headers]) => headers[0] as string),
  otherColumns: 'ignore' as const,
});

/** The microdata member: the one CSV under a conjunto_de_datos/ folder (its name changes every year). */
export function pickDeathsMember(names: string[], origin: string): string {
  const candidates = names.filter((n) => /(^|\/)conjunto_de_datos\/[^/]+\.csv$/i.test(n));
  if (candidates.length === 1) return candidates[0] as string;
  const listed = names.slice(0, 12).join(', ') + (names.length > 12 ? `, … (${names.length} members)` : '');
  throw new InputError(
    { source: 'inegi_deaths', origin },
    candidates.length === 0
      ? `no microdata member: expected one conjunto_de_datos/*.csv in the zip, found ${listed || 'no members'}`
      : `${candidates.length} candidate microdata members (${candidates.join(', ')}): expected one conjunto_de_datos/*.csv`,
  );
}

export default defineSource(
  {
    name: 'inegi_deaths',
    dir: import.meta.dirname,
    labels: {
      name: { en: 'INEGI deaths', es: 'Defunciones INEGI' },
      description: {
        en: 'INEGI registered deaths (microdata), counted by state and month of occurrence and by underlying cause; a year is provisional until the next year’s registrations are loaded.',
        es: 'Defunciones registradas del INEGI (microdatos), contadas por estado y mes de ocurrencia y por causa básica; un año es provisional hasta que se cargan los registros del año siguiente.',
      },
    },
    title: {
      en: 'INEGI registered deaths (Mexico): drug-related deaths by state of occurrence',
      es: 'Defunciones registradas INEGI (México): muertes relacionadas con drogas por entidad de ocurrencia',
    },
    publisher: 'Instituto Nacional de Estadística y Geografía (INEGI), Mexico',
    releases: 'yearly',
    // One file per registration year (the staging view re-emits every covered year of occurrence at each
    // vintage): a release speaks only for the periods it holds.
    releaseScope: 'periods',
    schedule: { cron: '0 8 1 11 *', timezone: 'America/Mexico_City' },
    demoInputs: [
      {
        kind: 'file',
        path: join(fixtures, 'conjunto_de_datos_defunciones_registradas_2023_csv.zip'),
        vintage: '2024-10-24',
        demo: true,
      },
      {
        kind: 'file',
        path: join(fixtures, 'conjunto_de_datos_edr2024_csv.zip'),
        vintage: '2025-10-23',
        demo: true,
      },
    ],
    liveInputs: [
      ...[2021, 2022, 2023, 2024].map((year) => ({ kind: 'url' as const, url: inegiZipUrl(year) })),
      // The newest year after 2024 that is out (INEGI has no listing: each year since 2025 is tried, newest first);
      // 2024 again (skipped: same bytes) when none is. See pipelines/inegi_deaths/README.md, "Newer years".
      {
        kind: 'url' as const,
        url: inegiZipUrl(2024),
        discover: { template: INEGI_ZIP_TEMPLATE, from: 2025 },
      },
    ],
    raw: {
      comment:
        'INEGI registered deaths (Estadísticas de Defunciones Registradas), microdata: one row per death registered in the statistical year, with the 13 of its 59–74 fields the drug series need (geography, cause, dates, intent). Late registrations (deaths of earlier years) are included. Append-only, one set of rows per vintage.',
      columns: spec.map(([name, type, , , comment]) => ({ name, type, comment })),
    },
    // The header differs by year (59 fields 2012–2021 with presunto; 73–74 from 2022 with tipo_defun): the
    // fields read are matched by name, the others are not read into raw.
    csv: {
      layouts: [
        {
          name: 'edr_tipo_defun',
          description: 'the microdata from 2022 (73–74 fields, intent in tipo_defun)',
          ...fieldsNamed('tipo_defun'),
        },
        {
          name: 'edr_presunto',
          description: 'the microdata up to 2021 (59 fields, intent in presunto)',
          ...fieldsNamed('presunto'),
        },
      ],
    },
    staging: { file: 'staging.sql' },
  },
  {
    prepare: async (path, { source, origin, maxInflatedBytes }) => {
      const pick = (names: string[]) => pickDeathsMember(names, origin);
      const member = extractZipMember(path, pick, { source, origin }, maxInflatedBytes);
      return (await toUtf8(member)).path;
    },
  },
);
