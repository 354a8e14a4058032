import { join } from 'node:path';
import { defineSource } from '../../src/core/defineSource.ts';
import { fixturesDir } from '../../src/core/paths.ts';

const fixtures = join(fixturesDir, 'cdc-vsrr-county');

// [raw column, type, comment, header in the bulk download, SODA API field]. The download writes dates as
// MM/DD/YYYY (read as DATE with an explicit dateformat); the API writes floating timestamps
// (2024-12-31T00:00:00.000), read into the *_ts TIMESTAMP columns. FIPS codes stay text: the download drops their
// leading zero (4013 for Maricopa, 04013), and staging pads them back to five digits.
const columns: [string, string, string, string | null, string | null][] = [
  [
    'data_as_of',
    'VARCHAR',
    'Release date ("Data as of") as written: MM/DD/YYYY in the download, a timestamp in the API.',
    'Data as of',
    'data_as_of',
  ],
  ['year', 'INTEGER', 'Year of the last month of the 12-month-ending window.', 'Year', 'year'],
  ['month', 'INTEGER', 'Last month of the window, 1–12.', 'Month', 'month'],
  ['st_abbrev', 'VARCHAR', 'State USPS code of the county (residence).', 'ST_ABBREV', 'st_abbrev'],
  ['state_name', 'VARCHAR', 'State name.', 'STATE_NAME', 'state_name'],
  ['county_name', 'VARCHAR', 'County name as CDC writes it (without "County").', 'COUNTYNAME', 'countyname'],
  [
    'fips',
    'VARCHAR',
    'County FIPS as published, as text: the leading zero may be missing (4013); staging pads it to 5 digits.',
    'FIPS',
    'fips',
  ],
  [
    'state_fips',
    'VARCHAR',
    'State FIPS as published (leading zero may be missing).',
    'STATEFIPS',
    'statefips',
  ],
  [
    'county_fips',
    'VARCHAR',
    'County part of the FIPS as published (leading zeros may be missing).',
    'COUNTYFIPS',
    'countyfips',
  ],
  [
    'code2013',
    'INTEGER',
    'NCHS 2013 urban–rural code: 1 large central metro … 6 noncore.',
    'CODE2013',
    'code2013',
  ],
  [
    'deaths',
    'DOUBLE',
    'Provisional drug overdose deaths of residents in the window; empty (NULL) when 1–9 were suppressed, never 0 for that.',
    'Provisional Drug Overdose Deaths',
    'provisional_drug_overdose',
  ],
  ['footnote', 'VARCHAR', 'CDC footnote, e.g. the suppression note.', 'Footnote', 'footnote'],
  [
    'pct_pending',
    'DOUBLE',
    'Percentage of records pending investigation, as published.',
    'Percentage Of Records Pending Investigation',
    'percentage_of_records_pending',
  ],
  [
    'completeness_note',
    'VARCHAR',
    "CDC's note on historical completeness (e.g. under 90% complete 6 months after death).",
    'HistoricalDataCompletenessNote',
    'historicaldatacompletenessnote',
  ],
  ['month_ending_date', 'DATE', 'Last day of the window (download, MM/DD/YYYY).', 'MonthEndingDate', null],
  [
    'start_date',
    'DATE',
    "First window end of the whole release (download, MM/DD/YYYY), the same on every row: not this row's window.",
    'Start Date',
    null,
  ],
  [
    'end_date',
    'DATE',
    "Last window end of the whole release (download, MM/DD/YYYY), the same on every row: not this row's window.",
    'End Date',
    null,
  ],
  [
    'month_ending_ts',
    'TIMESTAMP',
    'Last day of the window (SODA API floating timestamp).',
    null,
    'monthendingdate',
  ],
  [
    'start_ts',
    'TIMESTAMP',
    "First window end of the whole release (SODA API floating timestamp): not this row's window.",
    null,
    'start_date',
  ],
  [
    'end_ts',
    'TIMESTAMP',
    "Last window end of the whole release (SODA API floating timestamp): not this row's window.",
    null,
    'end_date',
  ],
];

export default defineSource({
  name: 'cdc_vsrr_county',
  dir: import.meta.dirname,
  labels: {
    name: { en: 'CDC county', es: 'CDC condados' },
  },
  title: {
    en: 'CDC provisional drug overdose death counts by county (VSRR)',
    es: 'Conteos provisionales de muertes por sobredosis de drogas por condado, CDC (VSRR)',
  },
  publisher: 'CDC National Center for Health Statistics',
  releases: 'quarterly',
  // A complete pull is the whole dataset; an incremental pull (window) reaches only the periods it holds.
  releaseScope: 'all',
  schedule: { cron: '0 7 * * 4', timezone: 'America/New_York' },
  demoInputs: [
    {
      kind: 'file',
      path: join(fixtures, 'VSRR_Provisional_County-Level_Drug_Overdose_Death_Counts_2025-04.csv'),
      vintage: '2025-04-06',
      demo: true,
    },
    {
      kind: 'file',
      path: join(fixtures, 'VSRR_Provisional_County-Level_Drug_Overdose_Death_Counts.csv'),
      vintage: '2025-07-06',
      demo: true,
    },
  ],
  // ~3,100 counties × 70+ windows: after the first complete pull, re-fetch the latest 24 months only (CDC revises
  // provisional counts for about a year; older windows keep their earlier vintage). See pipelines/cdc_vsrr_county/README.md.
  liveInputs: [
    {
      kind: 'socrata',
      baseUrl: 'https://data.cdc.gov',
      datasetId: 'gb4e-yj24',
      pageSize: 50_000,
      window: { dateField: 'monthendingdate', lagMonths: 24 },
    },
  ],
  raw: {
    comment:
      'CDC NCHS VSRR provisional county-level drug overdose death counts (data.cdc.gov gb4e-yj24), as published: one row per county of residence and 12-month-ending window. Append-only, one set of rows per vintage.',
    columns: columns.map(([name, type, comment]) => ({ name, type, comment })),
  },
  csv: {
    thousands: ',',
    dateFormat: '%m/%d/%Y',
    layouts: [
      {
        name: 'vsrr_county_download',
        description: 'the 17-column download',
        fields: columns.flatMap(([name, , , header]) =>
          header === null ? [] : [[header, name] as [string, string]],
        ),
      },
      {
        name: 'vsrr_county_socrata_api',
        description: 'the SODA API CSV',
        fields: columns.flatMap(([name, , , , field]) =>
          field === null ? [] : [[field, name] as [string, string]],
        ),
      },
    ],
  },
  checks: {
    // One observation per county and window in a release. Read after staging has placed the Virginia rows CDC
    // publishes twice (a former independent city under its county's FIPS; see staging.sql), so those pass and any
    // other repeat fails, even an exact copy.
    keysUnique: {
      from: 'staging',
      origin: true,
      columns: ['r.load_id', 'r.geo_code AS fips', 'r.period_end AS window_end'],
    },
    // A release holds windows that ended before it came out, and after 2019 (the dataset starts with the window
    // ending January 2020).
    periodRange: {
      end: 'coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE))',
      from: '2019-01-01',
      name: 'window_end',
    },
    // CDC never shows a county count of 1–9 (it is suppressed, and the cell left empty, never 0).
    suppression: {
      value: 'deaths',
      hidden: [1, 9],
      columns: [
        'r.load_id',
        'r.fips',
        'r.county_name',
        'coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE)) AS window_end',
        'r.deaths',
        'r.footnote',
      ],
    },
  },
  staging: { file: 'staging.sql' },
});
