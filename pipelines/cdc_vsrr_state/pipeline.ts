import { join } from 'node:path';
import { defineSource } from '../../src/core/defineSource.ts';
import { fixturesDir } from '../../src/core/paths.ts';

const releases = join(import.meta.dirname, 'releases');

const fixtures = join(fixturesDir, 'cdc-vsrr-state');

// [raw column, type, comment, header in the 12-column download]; the SODA API CSV uses the raw names as header.
const columns: [string, string, string, string][] = [
  [
    'state',
    'VARCHAR',
    'State: USPS code, US for the nation, YC for New York City (NY then excludes NYC).',
    'State',
  ],
  ['year', 'INTEGER', 'Year of the last month of the 12-month-ending window.', 'Year'],
  ['month', 'VARCHAR', 'Last month of the window, full English month name.', 'Month'],
  [
    'period',
    'VARCHAR',
    'Always "12 month-ending"; NULL in the older 10-column files, which lack the column.',
    'Period',
  ],
  [
    'indicator',
    'VARCHAR',
    'Indicator as CDC spells it, e.g. "Synthetic opioids, excl. methadone (T40.4)".',
    'Indicator',
  ],
  [
    'data_value',
    'DOUBLE',
    'Reported deaths in the window (a percent for "Percent with drugs specified"); NULL when suppressed (<10) or not shown for low quality.',
    'Data Value',
  ],
  [
    'percent_complete',
    'VARCHAR',
    'Percent of records complete, as text: CDC writes "99.5+" for nearly complete.',
    'Percent Complete',
  ],
  [
    'percent_pending_investigation',
    'DOUBLE',
    'Percent of records pending investigation.',
    'Percent Pending Investigation',
  ],
  ['state_name', 'VARCHAR', 'Jurisdiction name as CDC writes it.', 'State Name'],
  ['footnote', 'VARCHAR', 'CDC footnote text, e.g. "Data suppressed (<10)."', 'Footnote'],
  [
    'footnote_symbol',
    'VARCHAR',
    'CDC footnote symbol (* underreported, ** may differ from final); NULL in 10-column files.',
    'Footnote Symbol',
  ],
  [
    'predicted_value',
    'DOUBLE',
    "CDC's predicted value, adjusted for delayed reporting; NULL where not given.",
    'Predicted Value',
  ],
];
const notInTenColumnFiles = new Set(['period', 'footnote_symbol']);

export default defineSource({
  name: 'cdc_vsrr_state',
  dir: import.meta.dirname,
  labels: {
    name: { en: 'CDC VSRR', es: 'CDC VSRR' },
    description: {
      en: 'CDC NCHS, Vital Statistics Rapid Release: provisional drug overdose death counts by state, 12-month-ending sums, reported and predicted (delay-adjusted).',
      es: 'CDC NCHS, Vital Statistics Rapid Release: conteos provisionales de muertes por sobredosis por estado, sumas de 12 meses, notificados y predichos (ajustados por retraso).',
    },
  },
  title: {
    en: 'CDC provisional drug overdose death counts by state (VSRR)',
    es: 'Conteos provisionales de muertes por sobredosis de drogas por estado, CDC (VSRR)',
  },
  publisher: 'CDC National Center for Health Statistics',
  releases: 'monthly',
  // Each release is the whole dataset (2015 to the latest month): a value it no longer has is withdrawn
  // (CDC dropped West Virginia's drug-specific indicators between the 2018-04 and 2018-09 releases).
  releaseScope: 'all',
  schedule: { cron: '0 6 * * 4', timezone: 'America/New_York' },
  // Real releases, each with its provenance in releases/<file>.md.
  bundledInputs: [
    { kind: 'file', path: join(releases, 'xkb8-kh2a_through_2018-09.csv.gz'), vintage: '2019-03-13' },
    { kind: 'file', path: join(releases, 'xkb8-kh2a_through_2025-02.csv.gz'), vintage: '2025-07-16' },
  ],
  demoInputs: [
    {
      kind: 'file',
      path: join(fixtures, 'VSRR_Provisional_Drug_Overdose_Death_Counts_2024-03_10col.csv'),
      vintage: '2024-08-14',
      demo: true,
    },
    {
      kind: 'file',
      path: join(fixtures, 'VSRR_Provisional_Drug_Overdose_Death_Counts.csv'),
      vintage: '2024-11-13',
      demo: true,
    },
  ],
  liveInputs: [
    { kind: 'socrata', baseUrl: 'https://data.cdc.gov', datasetId: 'xkb8-kh2a', pageSize: 50_000 },
  ],
  raw: {
    comment:
      'CDC NCHS VSRR provisional drug overdose death counts by state (data.cdc.gov xkb8-kh2a), as published: one row per state, month and indicator; values are 12-month-ending sums. Append-only, one set of rows per vintage.',
    columns: columns.map(([name, type, comment]) => ({ name, type, comment })),
  },
  // CDC has published three layouts: the bulk download (12 columns), an older download without Period and
  // Footnote Symbol (10 columns, in another order: State,State Name,Year,Month,Indicator,Data Value,Predicted
  // Value,Percent Complete,Percent Pending Investigation,Footnote in the 2018 releases), and the SODA API CSV (API
  // field names, no thousands separators). Columns are matched by name, so their order does not matter.
  csv: {
    thousands: ',',
    layouts: [
      {
        name: 'vsrr_12col',
        description: 'the 12-column download',
        fields: columns.map(([name, , , header]) => [header, name]),
      },
      {
        name: 'vsrr_10col',
        description: 'the older 10-column download',
        fields: columns
          .filter(([name]) => !notInTenColumnFiles.has(name))
          .map(([name, , , header]) => [header, name]),
      },
      {
        name: 'vsrr_socrata_api',
        description: 'the SODA API CSV',
        fields: columns.map(([name]) => [name, name]),
      },
    ],
  },
  checks: {
    // Raw rows that staging would drop: an indicator, month or state the seeds do not know.
    unmappedRows: {
      columns: ['r.load_id', 'r.state', 'r.year', 'r.month', 'r.indicator'],
      drug: 'r.indicator',
      place: { country: 'US', code: 'r.state' },
      also: [
        'r.year IS NULL',
        "r.month NOT IN ('January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December')",
        'r.month IS NULL',
      ],
    },
  },
  staging: { file: 'staging.sql' },
});
