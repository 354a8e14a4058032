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
const fixtures = join(fixturesDir, 'sesnsp-fuero-federal');

/** The state-level fuero federal file: IDEFF_<mes><yy>.csv. See pipelines/sesnsp_fuero_federal/README.md. */
export const FUERO_FEDERAL_LINK = `/IDEFF_${SESNSP_MONTH}\\d{2}\\.csv$`; // one named group: allowed
export const FUERO_FEDERAL_VINTAGE = `_${SESNSP_MONTH}(?<year>\\d{2})\\.csv$`;

// [raw column, type, header, comment]
const columns: [string, string, string, string][] = [
  ['anio', 'INTEGER', 'AÑO', 'Year (AÑO) the row’s twelve month columns belong to.'],
  [
    'inegi',
    'VARCHAR',
    'INEGI',
    'INEGI state code, 1–32 unpadded (staging pads it to cve_ent); empty for EXTRANJERO (abroad, geo_code EXT).',
  ],
  ['entidad', 'VARCHAR', 'ENTIDAD', 'State name in upper case without accents, or EXTRANJERO (abroad).'],
  ['ley', 'VARCHAR', 'LEY', 'Law: CODIGO PENAL FEDERAL or OTRAS LEYES Y CODIGOS.'],
  [
    'concepto',
    'VARCHAR',
    'CONCEPTO',
    'Crime group, e.g. CONTRA LA SALUD, LEY GENERAL DE SALUD (L.G.S.), LEY FEDERAL CONTRA LA DELINCUENCIA ORGANIZADA (L.F.C.D.O.).',
  ],
  [
    'tipo',
    'VARCHAR',
    'TIPO',
    'Crime type, e.g. POSESION, TRAFICO, CONTRA LA SALUD EN SU MODALIDAD DE NARCOMENUDEO (drug types: analytics.drug_aliases, label "LEY / CONCEPTO / TIPO").',
  ],
];

const KEY = ['anio', 'inegi', 'entidad', 'ley', 'concepto', 'tipo'];
const header = (m: string) => m.toUpperCase();
/** A row is a drug crime when its concept is CONTRA LA SALUD or its type names contra la salud or narcomenudeo. */
export const FEDERAL_DRUG_ROW = `(upper(trim(coalesce(concepto, ''))) = 'CONTRA LA SALUD' OR upper(coalesce(tipo, '')) LIKE '%CONTRA LA SALUD%' OR upper(coalesce(tipo, '')) LIKE '%NARCOMENUDEO%')`;
const label = "upper(trim(ley)) || ' / ' || upper(trim(concepto)) || ' / ' || upper(trim(tipo))";

/** As for the fuero común (sesnsp_fuero_comun.ts), with EXTRANJERO the one entity without a state code. */
function problemsSql(): string {
  const key = KEY.map((c, i) => `coalesce(CAST(${c} AS VARCHAR), '') AS k${i}`).join(', ');
  const perMonth = MONTH_COLUMNS.flatMap((m, i) => [
    `SELECT ${key}, '${header(m)}' AS "column", 'INVALID VALUE' AS error_type,
       '${header(m)} ' || ${m} || ': expected a count of investigations, 0 or more' AS message
     FROM r WHERE ${m} < 0`,
    `SELECT ${key}, '${header(m)}', 'INVALID VALUE',
       '${header(m)} ' || anio || ' holds ' || ${m} || ', but the file name says the release runs through ' ||
       strftime(through_month, '%Y-%m') || ': a misnamed file?'
     FROM r WHERE ${FEDERAL_DRUG_ROW} AND ${m} <> 0 AND make_date(anio, ${i + 1}, 1) > through_month`,
  ]);
  return `
WITH r AS (SELECT * FROM raw.sesnsp_fuero_federal WHERE load_id = $load_id),
aliases AS (
  SELECT upper(trim(source_label)) AS label FROM read_csv(${seedPath('drug_aliases_sesnsp_fuero_federal.csv', join(import.meta.dirname, 'seeds'))},
    header = true, auto_detect = false,
    columns = {'source': 'VARCHAR', 'source_label': 'VARCHAR', 'drug': 'VARCHAR', 'measure': 'VARCHAR'})
)
SELECT ${key}, 'AÑO' AS "column", 'INVALID VALUE' AS error_type,
  'AÑO ' || coalesce(CAST(anio AS VARCHAR), 'is empty') || ': expected a year from 2011 on' AS message
FROM r WHERE anio IS NULL OR anio NOT BETWEEN 2011 AND 2100
UNION ALL
SELECT ${key}, 'INEGI', 'INVALID VALUE',
  'INEGI ' || coalesce('"' || inegi || '"', 'is empty') || ' for ' || coalesce(entidad, 'no entity') ||
  ': expected an INEGI state code, 1–32, or an empty code for EXTRANJERO'
FROM r
WHERE CASE WHEN upper(trim(coalesce(entidad, ''))) = 'EXTRANJERO' THEN trim(coalesce(inegi, '')) <> ''
           ELSE NOT regexp_full_match(coalesce(inegi, ''), '\\s*0?([1-9]|[12][0-9]|3[0-2])\\s*') END
UNION ALL
SELECT ${key}, 'TIPO', 'UNKNOWN CODE',
  'unknown drug crime "' || coalesce(${label}, '') ||
  '": map it in pipelines/sesnsp_fuero_federal/seeds/drug_aliases_sesnsp_fuero_federal.csv (new codes in drugs_sesnsp.csv)'
FROM r WHERE ${FEDERAL_DRUG_ROW} AND coalesce(${label}, '') NOT IN (SELECT label FROM aliases)
UNION ALL
${perMonth.join('\nUNION ALL\n')}
UNION ALL
SELECT ${key}, 'TIPO', 'DUPLICATE KEY',
  'the same year, entity, law, concept and type appear ' || count(*) || ' times in this release'
FROM r WHERE ${FEDERAL_DRUG_ROW} GROUP BY ALL HAVING count(*) > 1
ORDER BY ALL`;
}

export default defineSource(
  {
    name: 'sesnsp_fuero_federal',
    dir: import.meta.dirname,
    labels: {
      name: { en: 'SESNSP federal drug crimes', es: 'SESNSP delitos contra la salud (federal)' },
      description: {
        en: 'SESNSP (Mexico): investigations opened by federal prosecutors for crimes against health (production, transport, trafficking, commerce, supply, possession) and federal narcomenudeo, by state and month; EXTRANJERO (abroad) shown apart.',
        es: 'SESNSP (México): carpetas de investigación iniciadas por la fiscalía federal por delitos contra la salud (producción, transporte, tráfico, comercio, suministro, posesión) y narcomenudeo federal, por entidad y mes; EXTRANJERO aparte.',
      },
    },
    title: {
      en: 'SESNSP crime incidence, fuero federal: crimes against health (drug crimes) by state and month (Mexico)',
      es: 'Incidencia delictiva del fuero federal, SESNSP: delitos contra la salud por entidad y mes',
    },
    publisher: 'Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP), Mexico',
    releases: 'monthly',
    // Each file covers the months it holds: a later file never withdraws earlier years (docs/releases.md).
    releaseScope: 'periods',
    schedule: { cron: '30 9 22 * *', timezone: 'America/Mexico_City' },
    // Real releases, each with its provenance in releases/<file>.md.
    bundledInputs: [{ kind: 'file', path: join(releases, 'IDEFF_jul25.csv.gz'), vintage: '2025-08-20' }],
    demoInputs: [
      { kind: 'file', path: join(fixtures, 'IDEFF_nov24.csv'), vintage: '2024-12-20', demo: true },
      { kind: 'file', path: join(fixtures, 'IDEFF_ene25.csv'), vintage: '2025-02-20', demo: true },
    ],
    liveInputs: [
      {
        kind: 'page_link',
        pageUrl: SESNSP_PAGE,
        linkPattern: FUERO_FEDERAL_LINK,
        vintagePattern: FUERO_FEDERAL_VINTAGE,
        vintageLag: SESNSP_LAG,
      },
    ],
    raw: {
      comment:
        'SESNSP crime incidence of the fuero federal, state level (IDEFF_*), as published: one row per year, entity (32 states and EXTRANJERO) and crime type with twelve month columns; every crime of the file is kept, staging reads the drug crimes. Append-only, one set of rows per vintage.',
      columns: [
        ...columns.map(([name, type, , comment]) => ({ name, type, comment })),
        ...monthRawColumns('Investigations opened by federal prosecutors'),
        THROUGH_MONTH_COLUMN,
      ],
    },
    csv: {
      layouts: [
        {
          name: 'sesnsp_estatal_fuero_federal',
          description:
            'the state-level fuero federal file (IDEFF: one row per year, entity, law, concept and type, months as columns)',
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
