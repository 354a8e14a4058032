import { join } from 'node:path';
import { defineSource } from '../../src/core/defineSource.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { loadRejectingRowProblems, seedPath } from '../../src/warehouse/rowProblems.ts';

const releases = join(import.meta.dirname, 'releases');
const fixtures = join(fixturesDir, 'cdc-naloxone-rates');

/** CDC's maps page. That it links the table as a CSV file is NOT confirmed (pipelines/cdc_naloxone_rates/README.md). */
export const NALOXONE_MAPS_PAGE =
  'https://www.cdc.gov/overdose-prevention/data-research/facts-stats/naloxone-dispensing-rate-maps.html';
export const NALOXONE_LINK_PATTERN = '[Nn]aloxone[^/]*\\.csv(\\?.*)?$';
/** CDC's redesigned site files media under /media/<kind>/YYYY/MM/; a guess for this table. */
export const NALOXONE_VINTAGE_PATTERN = '/media/[a-z]+/(?<year>\\d{4})/(?<month>\\d{2})/';

/** A rate above this many prescriptions per 100 persons is refused: the highest published is 2.5 (Wyoming 2023). */
export const MAX_RATE_PER_100 = 20;

// [raw column, type, comment, header in CDC's download]
const columns: [string, string, string, string][] = [
  ['year', 'INTEGER', 'Calendar year of the dispensing (January–December).', 'YEAR'],
  [
    'state_name',
    'VARCHAR',
    'State name as CDC writes it, e.g. "District of Columbia". Kept, not used to place the row.',
    'STATE_NAME',
  ],
  [
    'state_abbrev',
    'VARCHAR',
    'USPS state code (50 states and DC); the place of the observation (analytics.geography).',
    'STATE_ABBREV',
  ],
  [
    'state_fips',
    'VARCHAR',
    'State FIPS code, zero-padded text ("01"); must agree with state_abbrev in sql/seeds/geography_us.csv.',
    'STATE_FIPS',
  ],
  [
    'naloxone_dispensing_rate',
    'DOUBLE',
    'Retail pharmacy naloxone prescriptions dispensed per 100 persons in the year (IQVIA Xponent; CDC divides by the Census resident population), rounded to 0.1 as published. A RATE, not a count: never summed or divided by a population again.',
    'naloxone_dispensing_rate',
  ],
  [
    'rate_band',
    'VARCHAR',
    'The map band CDC colours the state with ("<0.2", "0.2 - 0.4", "0.5 - 0.6", ">0.6"), as published; kept in raw and in the observation note, not an observation.',
    'Naloxone Dispensing Rate (per 100 persons)',
  ],
];

/** Raw columns that identify a row of a release (k0, k1 in the problems query). */
const KEY = ['year', 'state_abbrev'];

/**
 * Rows DuckDB loaded but staging could not place or should not trust: a state code the seeds do not know, a FIPS
 * code that is another state's, a year missing or after the release, a rate outside 0–MAX_RATE_PER_100, a key twice.
 * An empty rate is allowed: it becomes NULL with status missing, never 0.
 */
function problemsSql(): string {
  const key = KEY.map((c, i) => `coalesce(CAST(${c} AS VARCHAR), '') AS k${i}`).join(', ');
  const states = `(SELECT geo_code, fips FROM read_csv(${seedPath('geography_us.csv')}, header = true, auto_detect = false,
    columns = {'country': 'VARCHAR', 'geo_level': 'VARCHAR', 'geo_code': 'VARCHAR', 'fips': 'VARCHAR',
               'name_en': 'VARCHAR', 'name_es': 'VARCHAR', 'hhs_region': 'VARCHAR', 'border_state': 'VARCHAR'})
    WHERE geo_level = 'state' AND fips IS NOT NULL)`;
  return `
WITH r AS (SELECT * FROM raw.cdc_naloxone_rates WHERE load_id = $load_id),
s AS ${states}
SELECT ${key}, 'STATE_ABBREV' AS "column", 'UNKNOWN CODE' AS error_type,
  'unknown state "' || coalesce(r.state_abbrev, '') || '": expected a USPS code of sql/seeds/geography_us.csv' AS message
FROM r WHERE r.state_abbrev IS NULL OR upper(trim(r.state_abbrev)) NOT IN (SELECT geo_code FROM s)
UNION ALL
SELECT ${key}, 'STATE_FIPS', 'INVALID VALUE',
  'STATE_FIPS ' || coalesce('"' || r.state_fips || '"', 'is empty') || ' is not the FIPS code of ' || s.geo_code ||
  ' (' || s.fips || ')'
FROM r JOIN s ON s.geo_code = upper(trim(r.state_abbrev))
WHERE lpad(trim(coalesce(r.state_fips, '')), 2, '0') <> s.fips
UNION ALL
SELECT ${key}, 'YEAR', 'INVALID VALUE',
  'YEAR ' || coalesce(CAST(r.year AS VARCHAR), 'is empty') || ': expected a calendar year from 2000 to the release''s (' ||
  year(r.vintage) || ')'
FROM r WHERE r.year IS NULL OR r.year < 2000 OR r.year > year(r.vintage)
UNION ALL
SELECT ${key}, 'naloxone_dispensing_rate', 'INVALID VALUE',
  'naloxone_dispensing_rate ' || CAST(r.naloxone_dispensing_rate AS VARCHAR) ||
  ': expected retail naloxone prescriptions per 100 persons, from 0 to ${MAX_RATE_PER_100}'
FROM r WHERE r.naloxone_dispensing_rate < 0 OR r.naloxone_dispensing_rate > ${MAX_RATE_PER_100}
  OR NOT isfinite(r.naloxone_dispensing_rate)
UNION ALL
SELECT ${key}, 'STATE_ABBREV', 'DUPLICATE KEY',
  'the same year and state appear ' || count(*) || ' times in this release'
FROM r GROUP BY ALL HAVING count(*) > 1
ORDER BY ALL`;
}

export default defineSource(
  {
    name: 'cdc_naloxone_rates',
    dir: import.meta.dirname,
    labels: {
      name: { en: 'CDC naloxone dispensing rates', es: 'Tasas de dispensación de naloxona (CDC)' },
      description: {
        en: 'CDC (data from IQVIA Xponent): naloxone dispensed at retail pharmacies, as a RATE — prescriptions per 100 persons — by state and calendar year, as CDC publishes it (rounded to 0.1). Not a count: it is not summed across states nor divided by a population again.',
        es: 'CDC (datos de IQVIA Xponent): naloxona dispensada en farmacias minoristas, como TASA — recetas por cada 100 personas — por estado y año calendario, tal como la publican los CDC (redondeada a 0.1). No es un conteo: no se suma entre estados ni se vuelve a dividir por una población.',
      },
    },
    title: {
      en: 'CDC state naloxone dispensing rates (retail prescriptions per 100 persons, IQVIA Xponent)',
      es: 'Tasas de dispensación de naloxona por estado de los CDC (recetas en farmacias minoristas por cada 100 personas, IQVIA Xponent)',
    },
    publisher: 'Centers for Disease Control and Prevention (CDC), NCIPC; data from IQVIA Xponent',
    releases: 'yearly',
    // A year of data a year; the day is unknown (the 2019–2022 table was "updated October 2023"), so the page is
    // checked monthly: unchanged bytes are a no-op.
    schedule: { cron: '0 7 15 * *', timezone: 'America/New_York' },
    bundledInputs: [
      {
        kind: 'file',
        path: join(releases, 'state-naloxone-dispensing-rates-2019-2023.csv'),
        // The release date is not known: the earliest date this exact file is attested (PROVENANCE.md).
        vintage: '2025-10-14',
      },
    ],
    demoInputs: [
      {
        kind: 'file',
        path: join(fixtures, 'state-naloxone-dispensing-rates-2019-2023.csv'),
        vintage: '2024-11-20',
        demo: true,
      },
    ],
    liveInputs: [
      {
        kind: 'page_link',
        pageUrl: NALOXONE_MAPS_PAGE,
        linkPattern: NALOXONE_LINK_PATTERN,
        vintagePattern: NALOXONE_VINTAGE_PATTERN,
      },
    ],
    raw: {
      comment:
        'CDC state naloxone dispensing rates (the table behind "U.S. State Naloxone Dispensing Rate Maps"), as published: one row per year and state (50 states and DC) with retail naloxone prescriptions dispensed per 100 persons (IQVIA Xponent) and the map band. Rates, not counts. Append-only, one set of rows per vintage.',
      columns: columns.map(([name, type, comment]) => ({ name, type, comment })),
    },
    csv: {
      layouts: [
        {
          name: 'cdc_state_naloxone_rates',
          description: 'the state naloxone dispensing rate table (YEAR … map band)',
          fields: columns.map(([name, , , header]) => [header, name]),
        },
      ],
    },
    checks: {
      // One rate per state and year in each load (a release must not give a state-year twice).
      keysUnique: { from: 'raw', columns: ['r.load_id', 'r.year', 'r.state_abbrev'] },
      // Rows that staging would drop or misplace: no year, a state code that is not a state of analytics.geography,
      // or a FIPS code that is another state's.
      unmappedRows: {
        columns: [
          'r.load_id',
          'r.year',
          'r.state_abbrev',
          'r.state_fips',
          'r.state_name',
          'g.fips AS seed_fips',
        ],
        place: { country: 'US', level: 'state', code: 'upper(trim(r.state_abbrev))' },
        also: ['r.year IS NULL', "g.fips IS DISTINCT FROM lpad(trim(r.state_fips), 2, '0')"],
        grouped: false,
      },
    },
    staging: { file: 'staging.sql' },
  },
  { load: loadRejectingRowProblems(problemsSql, KEY) },
);
