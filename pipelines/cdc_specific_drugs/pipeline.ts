import { join } from 'node:path';
import { defineSource } from '../../src/core/defineSource.ts';
import { fixturesDir } from '../../src/core/paths.ts';

const releases = join(import.meta.dirname, 'releases');

const fixtures = join(fixturesDir, 'cdc-vsrr-specific-drugs');

// [raw column = the publisher's header (its display names are snake_case, so the bulk download and the SODA API
// CSV share one header), type, comment]. The download writes dates as MM/DD/YYYY; the SODA API, as floating
// timestamps (2025-01-05T00:00:00.000; inferred from the county dataset gb4e-yj24, see
// pipelines/cdc_specific_drugs/README.md). The header cannot tell them apart: each file is read with the format its
// first date is written in.
const columns: [string, string, string][] = [
  [
    'data_as_of',
    'DATE',
    'Release date ("data as of"): MM/DD/YYYY in the download, a floating timestamp in the API; the same on every row of a release.',
  ],
  ['death_year', 'INTEGER', 'Year of the last month of the 12-month-ending window.'],
  ['death_month', 'INTEGER', 'Last month of the window, 1–12 (not zero-padded).'],
  [
    'jurisdiction_occurrence',
    'VARCHAR',
    'Place of occurrence: "United States" or "Region 1" … "Region 10" (HHS regions; 6 and 9 hold the border states).',
  ],
  [
    'drug_involved',
    'VARCHAR',
    'Drug named on the death certificate (literal text): Cocaine, Fentanyl, Gabapentin, Heroin, Methamphetamine, Oxycodone, Xylazine in the 2025-01 release; newer releases add drugs, loaded under a code made from the label. Categories overlap: never add across drugs.',
  ],
  [
    'time_period',
    'VARCHAR',
    'Always "12 month-ending": deaths in the 12 months ending at month_ending_date.',
  ],
  [
    'month_ending_date',
    'DATE',
    'Last day of the 12-month window (MM/DD/YYYY in the download, a floating timestamp in the API).',
  ],
  [
    'drug_overdose_deaths',
    'DOUBLE',
    'Provisional deaths in the window; empty (NULL) when 1–9 deaths were suppressed, never 0 for that.',
  ],
  ['footnote', 'VARCHAR', 'CDC footnote, e.g. "Death counts between 1-9 are suppressed."'],
];

export default defineSource({
  name: 'cdc_specific_drugs',
  dir: import.meta.dirname,
  labels: {
    name: { en: 'CDC specific drugs', es: 'CDC sustancias específicas' },
    description: {
      en: 'CDC NCHS: provisional overdose deaths involving specific drugs found in the death certificate’s literal text, nationally and by HHS region, 12-month-ending sums.',
      es: 'CDC NCHS: muertes provisionales por sobredosis que involucran sustancias específicas halladas en el texto literal del certificado de defunción, a nivel nacional y por región del HHS, sumas de 12 meses.',
    },
  },
  title: {
    en: 'CDC provisional drug overdose death counts for specific drugs, by HHS region',
    es: 'Conteos provisionales de muertes por sobredosis de drogas específicas por región del HHS, CDC',
  },
  publisher: 'CDC National Center for Health Statistics',
  releases: 'monthly',
  // Each release is the whole dataset: a value it no longer has is withdrawn.
  releaseScope: 'all',
  schedule: { cron: '0 7 * * 4', timezone: 'America/New_York' },
  // Real releases, each with its provenance in releases/<file>.md.
  bundledInputs: [
    { kind: 'file', path: join(releases, '8hzs-zshh_as_of_2025-01-05.csv.gz'), vintage: '2025-01-05' },
  ],
  demoInputs: [
    {
      kind: 'file',
      path: join(fixtures, 'Provisional_drug_overdose_death_counts_for_specific_drugs_2024-10.csv'),
      vintage: '2024-10-06',
      demo: true,
    },
    {
      kind: 'file',
      path: join(fixtures, 'Provisional_drug_overdose_death_counts_for_specific_drugs.csv'),
      vintage: '2025-01-05',
      demo: true,
    },
  ],
  // The whole dataset is ~5,000 rows: a complete pull every release is cheap, and sees every revision.
  liveInputs: [
    { kind: 'socrata', baseUrl: 'https://data.cdc.gov', datasetId: '8hzs-zshh', pageSize: 50_000 },
  ],
  raw: {
    comment:
      'CDC NCHS VSRR provisional drug overdose death counts for specific drugs (data.cdc.gov 8hzs-zshh), as published: one row per place (US or HHS region of occurrence), drug and 12-month-ending window. Append-only, one set of rows per vintage.',
    columns: columns.map(([name, type, comment]) => ({ name, type, comment })),
  },
  csv: {
    dateFormat: ['%m/%d/%Y', '%Y-%m-%dT%H:%M:%S.%g'],
    layouts: [
      {
        name: 'specific_drugs_9col',
        description: 'the 9-column download or SODA API CSV',
        fields: columns.map(([name]) => [name, name]),
      },
    ],
  },
  checks: {
    // One row per place, drug and window in a release: a duplicate would leave analytics to pick one at random.
    keysUnique: {
      from: 'raw',
      origin: true,
      columns: ['r.load_id', 'r.jurisdiction_occurrence', 'r.drug_involved', 'r.month_ending_date'],
    },
    // Rows staging would drop or misdate: a place that is neither "United States" nor "Region 1" … "Region 10", a
    // row naming no drug (a drug the seeds do not list gets a generated alias, see
    // seeds/drugs_unlisted_cdc_specific_drugs.sql), another time period, or a window end that is not the last day of
    // death_year/death_month.
    unmappedRows: {
      origin: true,
      columns: [
        'r.load_id',
        'r.jurisdiction_occurrence',
        'r.drug_involved',
        'r.time_period',
        'r.death_year',
        'r.death_month',
        'r.month_ending_date',
      ],
      drug: 'r.drug_involved',
      place: {
        country: 'US',
        code: "CASE WHEN r.jurisdiction_occurrence = 'United States' THEN 'US' ELSE 'HHS' || regexp_extract(r.jurisdiction_occurrence, '^Region ([1-9]|10)$', 1) END",
      },
      also: [
        "r.time_period IS DISTINCT FROM '12 month-ending'",
        'r.month_ending_date IS NULL',
        'r.month_ending_date <> last_day(r.month_ending_date)',
        'r.death_year IS DISTINCT FROM year(r.month_ending_date)',
        'r.death_month IS DISTINCT FROM month(r.month_ending_date)',
      ],
    },
    // A release covers windows that ended before it came out, and states one release date ("data as of").
    periodRange: { end: 'r.month_ending_date', from: '2018-01-01', asOf: 'data_as_of', name: 'window_end' },
    // CDC never publishes 1–9 deaths (they are suppressed), and a suppressed cell is empty, never 0.
    suppression: {
      value: 'drug_overdose_deaths',
      hidden: [1, 9],
      footnote: 'footnote',
      columns: [
        'r.load_id',
        'r.jurisdiction_occurrence',
        'r.drug_involved',
        'r.month_ending_date',
        'r.drug_overdose_deaths',
        'r.footnote',
      ],
    },
  },
  staging: { file: 'staging.sql' },
});
