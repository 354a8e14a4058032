// A new source in one folder: copy this folder (docs/examples/ems_naloxone_weekly/) into pipelines/ (or into a folder
// listed in "pipelineDirs" in centinela.config.json), rename it after your source, and edit the fields. Beside this
// definition the folder holds the source's own checks (checks/*.sql), seeds (seeds/*.csv) and README.md. Nothing in
// src/ or sql/ changes. docs/adding-a-source.md walks through it.
//
// The dataset below is MADE UP for the example: a state health department publishing, on its Socrata portal, the
// number of naloxone administrations by EMS crews per county and week. test/pipelines/generic_source.test.ts runs
// this very folder against a local server that plays the portal, so the example is known to work.

// Types only, for your editor: erased when the file runs, so the file works wherever it lives. (From a folder
// outside the checkout, point the path at your Centinela checkout, or delete the line.)
import type { SourceSpec } from '../../../src/core/defineSource.ts';

export default {
  // The pipeline's name: snake_case, unique. It names the raw table (raw.ems_naloxone_weekly), the staging view,
  // the `source` column of analytics.observations, and the key under "pipelines" in centinela.config.json.
  name: 'ems_naloxone_weekly',

  // Shown in reports and the warehouse's comments, in English and Spanish.
  title: {
    en: 'EMS naloxone administrations by county and week (example state)',
    es: 'Administraciones de naloxona por servicios de emergencia, por condado y semana (estado de ejemplo)',
  },
  // What the report calls the source (short) and what it says the source holds, in English and Spanish.
  labels: {
    name: { en: 'EMS naloxone (example)', es: 'Naloxona SEM (ejemplo)' },
    description: {
      en: 'Example State Department of Health: naloxone administrations by EMS crews, by county and week; counts of 1–4 withheld.',
      es: 'Departamento de Salud del estado de ejemplo: administraciones de naloxona por servicios de emergencia, por condado y semana; conteos de 1 a 4 omitidos.',
    },
  },
  publisher: 'Example State Department of Health',

  // How often the publisher releases, and when the scheduler should look (cron, in the publisher's time zone).
  releases: 'weekly',
  schedule: { cron: '0 8 * * 2', timezone: 'America/Phoenix' },

  // Where the rows come from: a Socrata portal and the dataset's id (the "4x4" in its URL, /d/n4lx-w33k).
  // Centinela pages through /resource/n4lx-w33k.csv with $limit/$offset/$order=:id, and takes the dataset's
  // "rows updated at" as the release date (the vintage). For a plain CSV file, write `url: 'https://…/file.csv'`
  // instead of `socrata`.
  socrata: {
    baseUrl: 'https://data.example-state.gov',
    datasetId: 'n4lx-w33k',
    // Incremental pulls: after the first complete pull, fetch only the weeks of the latest 3 months (counting the
    // current one). Older weeks keep the values of the pull that last had them. Leave `window` out to fetch
    // everything every time (best for small datasets: it also sees revisions to old weeks).
    window: { dateField: 'week_ending', lagMonths: 3 },
  },

  // Every column of the dataset, in the dataset's order, with its Socrata field name (shown on the dataset's API page),
  // the DuckDB type to read it as, and what it means. A value that does not read as its type is rejected with its
  // line and column. Keep codes with leading zeros as VARCHAR.
  columns: [
    // Socrata writes dates as floating timestamps (2024-03-02T00:00:00.000): TIMESTAMP reads them.
    { name: 'week_ending', type: 'TIMESTAMP', comment: 'Last day (Saturday) of the week.' },
    { name: 'county_fips', type: 'VARCHAR', comment: 'County FIPS code, 5 digits.' },
    { name: 'county', type: 'VARCHAR', comment: 'County name.' },
    { name: 'administrations', type: 'DOUBLE', comment: 'Naloxone administrations by EMS; empty when suppressed.' },
    { name: 'suppression_flag', type: 'VARCHAR', comment: '"Y" when the count (1–4) is withheld for privacy.' },
    { name: 'data_quality_note', type: 'VARCHAR', comment: 'Publisher note, e.g. incomplete reporting.' },
  ],

  // How one row becomes one observation. A plain string is a constant; { sql: '…' } is a DuckDB expression over the
  // columns above. Drug and place codes must exist in sql/seeds (drugs_*.csv, geography_*.csv): a run fails, naming
  // the code, if they do not.
  observation: {
    country: 'US',
    geo_level: 'county',
    // Pad the code back to 5 digits, in case the publisher dropped a leading zero.
    geo_code: { sql: "lpad(county_fips, 5, '0')" },
    // A week ending on week_ending: the period runs from 6 days before to week_ending.
    period: { type: 'week', end: { sql: 'week_ending' } },
    // Naloxone answers opioid overdoses: counted under all opioids, as its own measure.
    drug: 'all_opioids',
    measure: 'naloxone_administrations',
    value: { sql: 'administrations' },
    // Withheld counts become NULL with status "suppressed" — never 0.
    suppressed: { sql: "suppression_flag = 'Y'" },
    // Recent weeks may still change.
    status: 'provisional',
    note: { sql: 'data_quality_note' },
  },
} satisfies SourceSpec;
