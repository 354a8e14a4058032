import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { defineSource } from '../../src/core/defineSource.ts';
import type { CsvLoadResult, CsvLoadTarget } from '../../src/core/load.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import type { DkanCondition, Pipeline } from '../../src/core/pipeline.ts';
import { parseCsvText } from '../../src/csv/records.ts';
import { queryValue } from '../../src/warehouse/connection.ts';
import { loadCsv } from '../../src/warehouse/loadCsv.ts';
import { rejectRowProblems, seedPath } from '../../src/warehouse/rowProblems.ts';

const fixtures = join(fixturesDir, 'medicaid-sdud');

export const MEDICAID_BASE = 'https://data.medicaid.gov';
/** The yearly datasets' titles in the data.medicaid.gov catalogue ("State Drug Utilization Data 2024"). */
export const SDUD_TITLE = '^State Drug Utilization Data (?<year>\\d{4})$';
/** The first year the live input asks for (the other sources' series start in 2019–2020); the newest is the last. */
export const SDUD_FIRST_YEAR = 2019;

// [raw column = DKAN field name, type, comment, header in the bulk CSV]
const columns: [string, string, string, string][] = [
  ['utilization_type', 'VARCHAR', 'FFSU (fee for service) or MCOU (managed care).', 'Utilization Type'],
  [
    'state',
    'VARCHAR',
    'USPS state code; XX is the national total, which includes what states suppress.',
    'State',
  ],
  ['ndc', 'VARCHAR', 'National Drug Code, 11 digits without dashes, leading zeros kept.', 'NDC'],
  ['labeler_code', 'VARCHAR', 'First 5 digits of the NDC (labeler).', 'Labeler Code'],
  ['product_code', 'VARCHAR', 'Middle 4 digits of the NDC (product).', 'Product Code'],
  ['package_size', 'VARCHAR', 'Last 2 digits of the NDC (package).', 'Package Size'],
  ['year', 'INTEGER', 'Calendar year of the quarter.', 'Year'],
  ['quarter', 'INTEGER', 'Calendar quarter 1–4.', 'Quarter'],
  [
    'suppression_used',
    'BOOLEAN',
    'True when CMS suppressed the row (fewer than 11 prescriptions): its numbers are empty, never 0.',
    'Suppression Used',
  ],
  [
    'product_name',
    'VARCHAR',
    'Product name as the state reported it, upper case, often truncated and padded with spaces.',
    'Product Name',
  ],
  [
    'units_reimbursed',
    'DOUBLE',
    'Units reimbursed (the NDC billing unit: each, mL, …); NULL when suppressed. Zero-padded in the bulk CSV.',
    'Units Reimbursed',
  ],
  [
    'number_of_prescriptions',
    'DOUBLE',
    'Prescriptions reimbursed; NULL when suppressed.',
    'Number of Prescriptions',
  ],
  [
    'total_amount_reimbursed',
    'DOUBLE',
    'Total dollars reimbursed; NULL when suppressed.',
    'Total Amount Reimbursed',
  ],
  [
    'medicaid_amount_reimbursed',
    'DOUBLE',
    'Dollars reimbursed by Medicaid; NULL when suppressed.',
    'Medicaid Amount Reimbursed',
  ],
  [
    'non_medicaid_amount_reimbursed',
    'DOUBLE',
    'Dollars reimbursed by other payers; NULL when suppressed.',
    'Non Medicaid Amount Reimbursed',
  ],
];

/** Raw columns that identify a row (the problems query returns them as k0…k4). */
const KEY = ['utilization_type', 'state', 'ndc', 'year', 'quarter'];

/** Product-name prefixes of naloxone products, from the seed: the live DKAN input asks for these only. */
export function namePrefixes(): string[] {
  const [, ...rows] = parseCsvText(
    readFileSync(join(import.meta.dirname, 'seeds', 'medicaid_naloxone_names.csv'), 'utf8'),
  );
  return rows
    .filter((r) => r.fields[1] === 'include' && /^[A-Z ]+%$/.test(r.fields[0] ?? ''))
    .map((r) => (r.fields[0] as string).replace(/%$/, ''));
}

/**
 * The live input's queries: each product-name prefix as CMS writes names (upper case) and in title and lower case
 * too, since whether the datastore compares with case is not documented (on a server that ignores case the queries
 * overlap and the fetcher keeps each row once); and the seed's NDCs, for products whose name has no prefix. The
 * loader then keeps the rows the seed's full rule calls naloxone.
 */
function liveQueries(): DkanCondition[][] {
  const title = (p: string) => p.charAt(0) + p.slice(1).toLowerCase();
  const byName = namePrefixes().flatMap((prefix) =>
    [...new Set([prefix, title(prefix), prefix.toLowerCase()])].map((value) => [
      { property: 'product_name', operator: 'starts with' as const, value },
    ]),
  );
  const [, ...ndcRows] = parseCsvText(
    readFileSync(join(import.meta.dirname, 'seeds', 'medicaid_naloxone_ndcs.csv'), 'utf8'),
  );
  const ndcs = ndcRows.map((r) => r.fields[0] ?? '').filter((n) => /^\d{11}$/.test(n));
  return [...byName, [{ property: 'ndc', operator: 'in' as const, value: ndcs }]];
}

const NDCS = `(SELECT ndc FROM read_csv(${seedPath('medicaid_naloxone_ndcs.csv', join(import.meta.dirname, 'seeds'))}, header = true, auto_detect = false,
  columns = {'ndc': 'VARCHAR', 'product': 'VARCHAR', 'labeler': 'VARCHAR', 'dosage_form': 'VARCHAR',
             'strength': 'VARCHAR', 'source_note': 'VARCHAR'}))`;
const NAMES = `read_csv(${seedPath('medicaid_naloxone_names.csv', join(import.meta.dirname, 'seeds'))}, header = true, auto_detect = false,
  columns = {'pattern': 'VARCHAR', 'kind': 'VARCHAR', 'note': 'VARCHAR'})`;

/** The seed's rule, on a row of raw.medicaid_sdud (the staging view applies the same rule to the seed tables). */
const IS_NALOXONE = `coalesce((ndc IN ${NDCS}
    OR EXISTS (SELECT 1 FROM ${NAMES} AS n WHERE n.kind = 'include' AND upper(trim(product_name)) LIKE n.pattern))
  AND NOT EXISTS (SELECT 1 FROM ${NAMES} AS n WHERE n.kind = 'exclude' AND upper(trim(coalesce(product_name, ''))) LIKE n.pattern), false)`;

function problemsSql(): string {
  const key = KEY.map((c, i) => `coalesce(CAST(${c} AS VARCHAR), '') AS k${i}`).join(', ');
  const states = `(SELECT geo_code FROM read_csv(${seedPath('geography_us.csv')}, header = true, auto_detect = false,
    columns = {'country': 'VARCHAR', 'geo_level': 'VARCHAR', 'geo_code': 'VARCHAR', 'fips': 'VARCHAR',
               'name_en': 'VARCHAR', 'name_es': 'VARCHAR', 'hhs_region': 'VARCHAR', 'border_state': 'VARCHAR'})
    WHERE geo_level = 'state')`;
  return `
WITH r AS (SELECT * FROM raw.medicaid_sdud WHERE load_id = $load_id)
SELECT ${key}, 'State' AS "column", 'UNKNOWN CODE' AS error_type,
  'unknown state "' || coalesce(state, '') || '": expected a USPS code of sql/seeds/geography_us.csv, or XX for the nation' AS message
FROM r WHERE state IS NULL OR (state <> 'XX' AND state NOT IN ${states})
UNION ALL
SELECT ${key}, 'Utilization Type', 'UNKNOWN CODE',
  'utilization type "' || coalesce(utilization_type, '') || '": expected FFSU or MCOU'
FROM r WHERE utilization_type IS NULL OR utilization_type NOT IN ('FFSU', 'MCOU')
UNION ALL
SELECT ${key}, 'Quarter', 'INVALID VALUE', 'year ' || coalesce(CAST(year AS VARCHAR), 'empty') || ' quarter ' ||
  coalesce(CAST(quarter AS VARCHAR), 'empty') || ': expected a year and a quarter 1–4'
FROM r WHERE quarter IS NULL OR quarter NOT BETWEEN 1 AND 4 OR year IS NULL OR year < 1990
UNION ALL
SELECT ${key}, 'Suppression Used', 'INVALID VALUE', 'Suppression Used is empty: expected true or false'
FROM r WHERE suppression_used IS NULL
UNION ALL
SELECT ${key}, 'Number of Prescriptions', 'INVALID VALUE',
  'negative prescriptions or units: ' || coalesce(CAST(number_of_prescriptions AS VARCHAR), '') || ', ' ||
  coalesce(CAST(units_reimbursed AS VARCHAR), '')
FROM r WHERE number_of_prescriptions < 0 OR units_reimbursed < 0
UNION ALL
SELECT ${key}, 'NDC', 'DUPLICATE KEY',
  'the same utilization type, state, NDC, year and quarter appear ' || count(*) || ' times in this release'
FROM r GROUP BY ALL HAVING count(*) > 1
ORDER BY ALL`;
}

/**
 * Loads the whole file with DuckDB, keeps the naloxone rows only (a yearly SDUD file has millions of rows of every
 * drug), then checks what is left, naming the lines of any bad row.
 */
async function loadSdud(
  connection: DuckDBConnection,
  pipeline: Pipeline,
  target: CsvLoadTarget,
): Promise<CsvLoadResult> {
  const result = await loadCsv(connection, pipeline, target);
  if (result.rejects.length > 0) return result;
  await connection.run(`DELETE FROM raw.medicaid_sdud WHERE load_id = $load_id AND NOT ${IS_NALOXONE}`, {
    load_id: target.loadId,
  });
  const kept = await queryValue<number>(
    connection,
    'SELECT count(*)::BIGINT FROM raw.medicaid_sdud WHERE load_id = $load_id',
    { load_id: target.loadId },
  );
  const rejects = await rejectRowProblems(connection, pipeline, target, result, problemsSql(), KEY);
  return { ...result, rowsLoaded: kept, rejects };
}

export default defineSource(
  {
    name: 'medicaid_sdud',
    dir: import.meta.dirname,
    labels: {
      name: { en: 'Medicaid SDUD', es: 'Medicaid SDUD' },
      description: {
        en: 'CMS Medicaid State Drug Utilization Data: naloxone dispensed to Medicaid enrollees by quarter.',
        es: 'Datos de utilización de medicamentos de Medicaid (CMS): naloxona dispensada a afiliados de Medicaid por trimestre.',
      },
    },
    title: {
      en: 'Medicaid naloxone prescriptions by state (State Drug Utilization Data)',
      es: 'Recetas de naloxona de Medicaid por estado (State Drug Utilization Data)',
    },
    publisher: 'Centers for Medicare & Medicaid Services (CMS), data.medicaid.gov',
    releases: 'quarterly',
    // One dataset per year: a release speaks only for the quarters it holds.
    releaseScope: 'periods',
    schedule: { cron: '0 6 1 2,5,8,11 *', timezone: 'America/New_York' },
    demoInputs: [
      {
        kind: 'file',
        path: join(fixtures, 'State_Drug_Utilization_Data_2023.csv'),
        vintage: '2024-09-20',
        demo: true,
      },
      {
        kind: 'file',
        path: join(fixtures, 'State_Drug_Utilization_Data_2024.csv'),
        vintage: '2025-06-18',
        demo: true,
      },
    ],
    liveInputs: [
      {
        kind: 'dkan',
        baseUrl: MEDICAID_BASE,
        catalog: { title: SDUD_TITLE, fromYear: SDUD_FIRST_YEAR },
        index: 0,
        // Above the datastore's cap it answers HTTP 400: the fetcher then pages by the cap (see src/fetch/dkan.ts).
        pageSize: 5000,
        anyOf: liveQueries(),
        columns: columns.map(([name]) => name),
        // The datastore's primary key: a stable order, so no row is skipped or repeated between pages.
        sorts: [{ property: 'record_number', order: 'asc' }],
        conditions: [],
      },
    ],
    raw: {
      comment:
        'Medicaid State Drug Utilization Data (CMS, data.medicaid.gov), naloxone rows only (analytics.medicaid_naloxone_ndcs and _names): one row per utilization type (FFSU, MCOU), state (XX = nation), NDC, year and quarter. Suppressed rows keep empty numbers. Append-only, one set of rows per vintage.',
      columns: columns.map(([name, type, comment]) => ({ name, type, comment })),
    },
    csv: {
      layouts: [
        {
          name: 'sdud_bulk',
          description: 'the yearly bulk CSV',
          fields: columns.map(([name, , , header]) => [header, name]),
        },
        {
          name: 'sdud_dkan_api',
          description: 'the DKAN datastore API (field names), as written by the dkan input',
          fields: columns.map(([name]) => [name, name]),
        },
      ],
    },
    staging: { file: 'staging.sql' },
  },
  { load: loadSdud },
);
