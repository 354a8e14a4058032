import { join } from 'node:path';
import { defineSource } from '../../src/core/defineSource.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { seedPath } from '../../src/warehouse/rowProblems.ts';
import {
  MONTH_COLUMNS,
  monthFields,
  monthRawColumns,
  SESNSP_LAG,
  SESNSP_MONTH,
  SESNSP_PAGE,
  sesnspLoad,
  THROUGH_MONTH_COLUMN,
} from '../_lib/sesnsp.ts';
import { toUtf8 } from '../_lib/utf8.ts';

const releases = join(import.meta.dirname, 'releases');
const fixtures = join(fixturesDir, 'sesnsp-fuero-comun');

/**
 * The names SESNSP's state-level fuero común file has had: IDEFC_NM_<mes><yy>.csv
 * (to 2025), Estatal-Delitos-2015-<yyyy>_<mes><yyyy>.csv (2015–2025, republished monthly from 2026) and
 * RNID-Delitos_Estatal-<yyyy>-<mes><yyyy>.csv (2026 on). See pipelines/sesnsp_fuero_comun/README.md, "Live input".
 */
const MES = '(?:ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic)';
export const FUERO_COMUN_LINK = `/(IDEFC_NM_${MES}\\d{2}|Estatal-Delitos-2015-\\d{4}_${MES}\\d{4})\\.csv$`;
export const FUERO_COMUN_VINTAGE = `_${SESNSP_MONTH}(?<year>\\d{4}|\\d{2})\\.csv$`;
export const RNID_LINK = `/RNID-Delitos_Estatal-\\d{4}-${MES}\\d{4}\\.csv$`;
export const RNID_VINTAGE = `-${SESNSP_MONTH}(?<year>\\d{4})\\.csv$`;

// [raw column, type, header, comment]
const columns: [string, string, string, string][] = [
  ['anio', 'INTEGER', 'Año', 'Year (Año) the row’s twelve month columns belong to.'],
  [
    'clave_ent',
    'VARCHAR',
    'Clave_Ent',
    'INEGI state code as published: 1–32 unpadded up to 2025, 01–32 zero-padded in the RNID files (staging pads it to cve_ent).',
  ],
  [
    'entidad',
    'VARCHAR',
    'Entidad',
    'State name as SESNSP writes it (Coahuila de Zaragoza, Ciudad de México, …).',
  ],
  [
    'bien_juridico',
    'VARCHAR',
    'Bien jurídico afectado',
    'Legal good affected; narcomenudeo sits under "Otros bienes jurídicos afectados (del fuero común)".',
  ],
  ['tipo_delito', 'VARCHAR', 'Tipo de delito', 'Crime type, e.g. Narcomenudeo, Homicidio, Robo.'],
  [
    'subtipo_delito',
    'VARCHAR',
    'Subtipo de delito',
    'Crime subtype: Narcomenudeo up to 2025; from 2026 (RNID) "Narcomenudeo posesión simple" or "Narcomenudeo con fines de venta" (analytics.drug_aliases).',
  ],
  ['modalidad', 'VARCHAR', 'Modalidad', 'Modality (for narcomenudeo the same text as the subtype).'],
];

/** Raw columns that identify a row of a release, in the order the problems query returns them (k0…k4). */
const KEY = ['anio', 'clave_ent', 'tipo_delito', 'subtipo_delito', 'modalidad'];
const header = (m: string) => `${m[0]?.toUpperCase()}${m.slice(1)}`;

/**
 * Rows DuckDB loaded that staging could not place: a year or state code it cannot read; a narcomenudeo subtype
 * the seeds do not know; a negative count; a count in a month after the one the file name says the release runs
 * through; a narcomenudeo row twice in one release.
 */
function problemsSql(): string {
  const key = KEY.map((c, i) => `coalesce(CAST(${c} AS VARCHAR), '') AS k${i}`).join(', ');
  const drug = "lower(trim(coalesce(tipo_delito, ''))) = 'narcomenudeo'";
  const perMonth = MONTH_COLUMNS.flatMap((m, i) => [
    `SELECT ${key}, '${header(m)}' AS "column", 'INVALID VALUE' AS error_type,
       '${header(m)} ' || ${m} || ': expected a count of investigations, 0 or more' AS message
     FROM r WHERE ${m} < 0`,
    `SELECT ${key}, '${header(m)}', 'INVALID VALUE',
       '${header(m)} ' || anio || ' holds ' || ${m} || ', but the file name says the release runs through ' ||
       strftime(through_month, '%Y-%m') || ': a misnamed file?'
     FROM r WHERE ${drug} AND ${m} <> 0 AND make_date(anio, ${i + 1}, 1) > through_month`,
  ]);
  return `
WITH r AS (SELECT * FROM raw.sesnsp_fuero_comun WHERE load_id = $load_id),
aliases AS (
  SELECT lower(trim(source_label)) AS label FROM read_csv(${seedPath('drug_aliases_sesnsp_fuero_comun.csv', join(import.meta.dirname, 'seeds'))},
    header = true, auto_detect = false,
    columns = {'source': 'VARCHAR', 'source_label': 'VARCHAR', 'drug': 'VARCHAR', 'measure': 'VARCHAR'})
)
SELECT ${key}, 'Año' AS "column", 'INVALID VALUE' AS error_type,
  'Año ' || coalesce(CAST(anio AS VARCHAR), 'is empty') || ': expected a year from 2011 on' AS message
FROM r WHERE anio IS NULL OR anio NOT BETWEEN 2011 AND 2100
UNION ALL
SELECT ${key}, 'Clave_Ent', 'INVALID VALUE',
  'Clave_Ent ' || coalesce('"' || clave_ent || '"', 'is empty') || ': expected an INEGI state code, 1–32 or 01–32'
FROM r WHERE NOT regexp_full_match(coalesce(clave_ent, ''), '\\s*0?([1-9]|[12][0-9]|3[0-2])\\s*')
UNION ALL
SELECT ${key}, 'Subtipo de delito', 'UNKNOWN CODE',
  'unknown narcomenudeo subtype "' || coalesce(subtipo_delito, '') ||
  '": map it in pipelines/sesnsp_fuero_comun/seeds/drug_aliases_sesnsp_fuero_comun.csv (new codes in drugs_sesnsp.csv)'
FROM r WHERE ${drug} AND lower(trim(coalesce(subtipo_delito, ''))) NOT IN (SELECT label FROM aliases)
UNION ALL
${perMonth.join('\nUNION ALL\n')}
UNION ALL
SELECT ${key}, 'Subtipo de delito', 'DUPLICATE KEY',
  'the same year, state, narcomenudeo subtype and modality appear ' || count(*) || ' times in this release'
FROM r WHERE ${drug} GROUP BY ALL HAVING count(*) > 1
ORDER BY ALL`;
}

export default defineSource(
  {
    name: 'sesnsp_fuero_comun',
    dir: import.meta.dirname,
    labels: {
      name: { en: 'SESNSP narcomenudeo', es: 'SESNSP narcomenudeo' },
      description: {
        en: 'SESNSP (Mexico): investigations opened by state prosecutors for narcomenudeo (retail drug dealing and possession), by state and month. Crimes, not drugs: they measure enforcement as much as drug markets. Zeros next to hundreds are flagged as reporting artefacts.',
        es: 'SESNSP (México): carpetas de investigación iniciadas por las fiscalías estatales por narcomenudeo, por entidad y mes. Son delitos, no drogas: miden la persecución tanto como el mercado. Los ceros junto a cientos se marcan como artefactos de registro.',
      },
    },
    title: {
      en: 'SESNSP crime incidence, fuero común: narcomenudeo investigations by state and month (Mexico)',
      es: 'Incidencia delictiva del fuero común, SESNSP: carpetas de investigación por narcomenudeo por entidad y mes',
    },
    publisher: 'Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP), Mexico',
    releases: 'monthly',
    // Each file covers the months it holds: a later file never withdraws earlier years (docs/releases.md).
    releaseScope: 'periods',
    // SESNSP publishes around the 20th; the 22nd leaves a margin.
    schedule: { cron: '0 9 22 * *', timezone: 'America/Mexico_City' },
    // Real releases, each with its provenance in releases/<file>.md.
    bundledInputs: [{ kind: 'file', path: join(releases, 'IDEFC_NM_may22.csv.gz'), vintage: '2022-06-20' }],
    demoInputs: [
      { kind: 'file', path: join(fixtures, 'IDEFC_NM_jun24.csv'), vintage: '2024-07-20', demo: true },
      {
        kind: 'file',
        path: join(fixtures, 'Estatal-Delitos-2015-2025_dic2025.csv'),
        vintage: '2026-01-20',
        demo: true,
      },
      {
        kind: 'file',
        path: join(fixtures, 'RNID-Delitos_Estatal-2026-mar2026.csv'),
        vintage: '2026-04-20',
        demo: true,
      },
    ],
    liveInputs: [
      {
        kind: 'page_link',
        pageUrl: SESNSP_PAGE,
        linkPattern: FUERO_COMUN_LINK,
        vintagePattern: FUERO_COMUN_VINTAGE,
        vintageLag: SESNSP_LAG,
      },
      {
        kind: 'page_link',
        pageUrl: SESNSP_PAGE,
        linkPattern: RNID_LINK,
        vintagePattern: RNID_VINTAGE,
        vintageLag: SESNSP_LAG,
      },
    ],
    raw: {
      comment:
        'SESNSP crime incidence of the fuero común, state level (IDEFC_NM_*, Estatal-Delitos-2015-*, RNID-Delitos_Estatal-*), as published: one row per year, state and crime modality with twelve month columns; every crime of the file is kept, staging reads narcomenudeo. Append-only, one set of rows per vintage.',
      columns: [
        ...columns.map(([name, type, , comment]) => ({ name, type, comment })),
        ...monthRawColumns('Investigations opened (carpetas de investigación)'),
        THROUGH_MONTH_COLUMN,
      ],
    },
    // The three generations of the file share these 19 column names (the RNID files zero-pad Clave_Ent and split
    // narcomenudeo into two subtypes: values, not columns).
    csv: {
      layouts: [
        {
          name: 'sesnsp_estatal_fuero_comun',
          description:
            'the state-level fuero común file (IDEFC_NM, Estatal-Delitos-2015-YYYY, RNID-Delitos_Estatal: one row per year, state and modality, months as columns)',
          fields: [...columns.map(([name, , h]): [string, string] => [h, name]), ...monthFields()],
        },
      ],
    },
    staging: { file: 'staging.sql' },
  },
  {
    prepare: async (path) => (await toUtf8(path)).path,
    load: sesnspLoad(problemsSql, KEY),
  },
);
