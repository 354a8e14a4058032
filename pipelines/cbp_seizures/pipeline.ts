import { join } from 'node:path';
import { defineSource } from '../../src/core/defineSource.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { loadRejectingRowProblems, seedPath } from '../../src/warehouse/rowProblems.ts';

const releases = join(import.meta.dirname, 'releases');

const fixtures = join(fixturesDir, 'cbp-seizures');

/**
 * The page that links to the current file, and the file's name as CBP has published it monthly since FY2022. The
 * upload folder has had two forms: /sites/default/files/2025-11/ (now) and, until 2024,
 * /sites/default/files/assets/documents/2024-Feb/ (month as an English abbreviation). See pipelines/cbp_seizures/README.md.
 */
export const CBP_PAGE = 'https://www.cbp.gov/document/stats/nationwide-drug-seizures';
export const CBP_LINK_PATTERN =
  '/sites/default/files/(\\d{4}-\\d{2}|assets/documents/\\d{4}-[A-Za-z]{3})/nationwide-drugs-fy\\d{2}-fy\\d{2}[^/]*\\.csv$';
export const CBP_VINTAGE_PATTERN = '/files/(assets/documents/)?(?<year>\\d{4})-(?<month>\\d{2}|[A-Za-z]{3})/';

// [raw column, type, comment, header in CBP's CSV]
const columns: [string, string, string, string][] = [
  [
    'fy',
    'VARCHAR',
    'US federal fiscal year (October–September) as published: "2023", or "2026 (FYTD)" for the year in progress.',
    'FY',
  ],
  [
    'month_abbv',
    'VARCHAR',
    'Month of the fiscal year, three upper-case letters (OCT … SEP); OCT–DEC fall in the calendar year before FY.',
    'Month (abbv)',
  ],
  [
    'component',
    'VARCHAR',
    'CBP component: Office of Field Operations (ports of entry) or U.S. Border Patrol (between ports).',
    'Component',
  ],
  ['region', 'VARCHAR', 'CBP region: Southwest Border, Northern Border or Coastal/Interior.', 'Region'],
  [
    'land_filter',
    'VARCHAR',
    'Land Only (land border crossings) or Other (air, sea, mail, interior); observations add both up per area.',
    'Land Filter',
  ],
  [
    'area_of_responsibility',
    'VARCHAR',
    'OFO field office or Border Patrol sector in upper case, e.g. SAN DIEGO FIELD OFFICE (analytics.cbp_areas).',
    'Area of Responsibility',
  ],
  [
    'drug_type',
    'VARCHAR',
    'Drug as CBP names it, e.g. Fentanyl, "Khat (Catha Edulis)", "Other Drugs**" (analytics.drug_aliases).',
    'Drug Type',
  ],
  ['event_count', 'BIGINT', 'Number of seizure events.', 'Count of Event'],
  [
    'qty_lbs',
    'DOUBLE',
    'Weight seized in pounds, as published (float noise such as 84.45259999999999 kept; 0 for some events). Observations give kilograms.',
    'Sum Qty (lbs)',
  ],
];

/** Raw columns that identify a row of a release, in the order the problems query returns them (k0…k4). */
const KEY = ['fy', 'month_abbv', 'area_of_responsibility', 'land_filter', 'drug_type'];

/**
 * Rows DuckDB loaded but staging could not place: an FY label or month it cannot read, an area or drug the seeds do
 * not know, a region that contradicts the seed, a negative or empty count, or a key twice in one release.
 */
function problemsSql(): string {
  const key = KEY.map((c, i) => `coalesce(${c}, '') AS k${i}`).join(', ');
  return `
WITH r AS (SELECT * FROM raw.cbp_seizures WHERE load_id = $load_id),
areas AS (
  SELECT * FROM read_csv(${seedPath('cbp_areas.csv', join(import.meta.dirname, 'seeds'))}, header = true, auto_detect = false,
    columns = {'area_label': 'VARCHAR', 'geo_code': 'VARCHAR', 'component': 'VARCHAR', 'area_type': 'VARCHAR',
               'region_label': 'VARCHAR', 'region_code': 'VARCHAR', 'state': 'VARCHAR', 'note': 'VARCHAR'})
),
drugs AS (
  SELECT source_label FROM read_csv(${seedPath('drug_aliases_cbp_seizures.csv', join(import.meta.dirname, 'seeds'))}, header = true, auto_detect = false,
    columns = {'source': 'VARCHAR', 'source_label': 'VARCHAR', 'drug': 'VARCHAR', 'measure': 'VARCHAR'})
)
SELECT ${key}, 'FY' AS "column", 'INVALID VALUE' AS error_type,
  'FY ' || coalesce('"' || fy || '"', 'is empty') || ': expected a fiscal year such as 2023 or "2026 (FYTD)"' AS message
FROM r WHERE NOT regexp_full_match(coalesce(fy, ''), '\\s*(FY\\s*)?\\d{4}\\s*(\\(FYTD\\))?\\s*', 'i')
UNION ALL
SELECT ${key}, 'Month (abbv)', 'INVALID VALUE',
  'month ' || coalesce('"' || month_abbv || '"', 'is empty') || ': expected OCT, NOV, DEC, JAN, … SEP'
FROM r WHERE upper(trim(coalesce(month_abbv, ''))) NOT IN
  ('OCT', 'NOV', 'DEC', 'JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP')
UNION ALL
SELECT ${key}, 'Area of Responsibility', 'UNKNOWN CODE',
  'unknown area of responsibility "' || coalesce(area_of_responsibility, '') ||
  '": add it to pipelines/cbp_seizures/seeds/cbp_areas.csv and geography_cbp.csv (region; state only if it lies in one state)'
FROM r WHERE area_of_responsibility NOT IN (SELECT area_label FROM areas) OR area_of_responsibility IS NULL
UNION ALL
SELECT ${key}, 'Region', 'INVALID VALUE',
  'region "' || coalesce(r.region, '') || '" of ' || r.area_of_responsibility || ' differs from the seed''s "' ||
  a.region_label || '" (pipelines/cbp_seizures/seeds/cbp_areas.csv)'
FROM r JOIN areas AS a ON a.area_label = r.area_of_responsibility WHERE r.region IS DISTINCT FROM a.region_label
UNION ALL
SELECT ${key}, 'Drug Type', 'UNKNOWN CODE',
  'unknown drug type "' || coalesce(drug_type, '') ||
  '": map it in pipelines/cbp_seizures/seeds/drug_aliases_cbp_seizures.csv (new drug codes go in drugs_cbp_seizures.csv)'
FROM r WHERE drug_type NOT IN (SELECT source_label FROM drugs) OR drug_type IS NULL
UNION ALL
SELECT ${key}, 'Count of Event', 'INVALID VALUE',
  'Count of Event ' || coalesce(CAST(event_count AS VARCHAR), 'is empty') || ': expected a count of 1 or more'
FROM r WHERE event_count IS NULL OR event_count < 1
UNION ALL
SELECT ${key}, 'Sum Qty (lbs)', 'INVALID VALUE',
  'Sum Qty (lbs) ' || coalesce(CAST(qty_lbs AS VARCHAR), 'is empty') || ': expected pounds, 0 or more'
FROM r WHERE qty_lbs IS NULL OR qty_lbs < 0 OR NOT isfinite(qty_lbs)
UNION ALL
SELECT ${key}, 'Area of Responsibility', 'DUPLICATE KEY',
  'the same FY, month, area, land filter and drug appear ' || count(*) || ' times in this release'
FROM r GROUP BY ALL HAVING count(*) > 1
ORDER BY ALL`;
}

export default defineSource(
  {
    name: 'cbp_seizures',
    dir: import.meta.dirname,
    labels: {
      name: { en: 'CBP seizures', es: 'Aseguramientos CBP' },
      description: {
        en: 'US Customs and Border Protection: drug seizures by area of responsibility and region, monthly, published by fiscal year; weights converted from pounds to kilograms.',
        es: 'Oficina de Aduanas y Protección Fronteriza de EE. UU. (CBP): aseguramientos de drogas por área de responsabilidad y región, mensuales, publicados por año fiscal; pesos convertidos de libras a kilogramos.',
      },
    },
    // CBP counts in US federal fiscal years (October–September): the report explains the conversion.
    fiscalYears: true,
    title: {
      en: 'CBP nationwide drug seizures by area of responsibility',
      es: 'Decomisos de drogas de la CBP en todo EE. UU., por área de responsabilidad',
    },
    publisher: 'U.S. Customs and Border Protection (CBP)',
    releases: 'monthly',
    // Each file covers a rolling four fiscal years, and two files may cover disjoint years: a release speaks only
    // for the months it holds.
    releaseScope: 'periods',
    schedule: { cron: '0 7 20 * *', timezone: 'America/New_York' },
    // Real releases, each with its provenance in releases/<file>.md.
    bundledInputs: [
      { kind: 'file', path: join(releases, 'nationwide-drugs-fy19-fy22.csv.gz'), vintage: '2022-10-01' },
      { kind: 'file', path: join(releases, 'nationwide-drugs-fy23-fy26-dec.csv.gz'), vintage: '2026-01-01' },
    ],
    demoInputs: [
      {
        kind: 'file',
        path: join(fixtures, 'nationwide-drugs-fy22-fy25-aug.csv'),
        vintage: '2025-09-15',
        demo: true,
      },
      {
        kind: 'file',
        path: join(fixtures, 'nationwide-drugs-fy23-fy26-oct.csv'),
        vintage: '2025-11-14',
        demo: true,
      },
    ],
    liveInputs: [
      {
        kind: 'page_link',
        pageUrl: CBP_PAGE,
        linkPattern: CBP_LINK_PATTERN,
        vintagePattern: CBP_VINTAGE_PATTERN,
      },
    ],
    raw: {
      comment:
        'CBP nationwide drug seizures (cbp.gov "Drug Seizure Statistics"), as published: one row per fiscal month, area of responsibility, land filter and drug, with seizure events and pounds. Each monthly release covers four fiscal years, so releases overlap; every release is a vintage. Append-only.',
      columns: columns.map(([name, type, comment]) => ({ name, type, comment })),
    },
    csv: {
      layouts: [
        {
          name: 'cbp_nationwide_drugs',
          description: 'the nationwide drug seizures CSV',
          fields: columns.map(([name, , , header]) => [header, name]),
        },
      ],
    },
    // One CBP observation per place, month, drug and measure in each vintage (two files must not claim one release).
    checks: {
      keysUnique: {
        from: 'staging',
        columns: ['r.vintage', 'r.geo_level', 'r.geo_code', 'r.period_start', 'r.drug', 'r.measure'],
      },
    },
    staging: { file: 'staging.sql' },
  },
  { load: loadRejectingRowProblems(problemsSql, KEY) },
);
