/**
 * The SYNTHETIC fixtures of CDC's provisional county-level overdose deaths (gb4e-yj24): two quarterly releases as
 * downloaded, the SODA API pages of the later one, and broken files for the failure tests. See fixtures/README.md.
 */

import { writeCsv } from '../_lib/fixtures/csvWrite.ts';
import {
  COUNTY_API_FIELDS,
  COUNTY_COLUMNS,
  type CountyRow,
  generateCountyRows,
  toApiRow,
} from './fixtureRows.ts';

export const COUNTY_SEED = 20250706;
export const COUNTY_PAGE_SIZE = 500;
const DIR = 'cdc-vsrr-county';
const SOCRATA_DIR = 'http/socrata/gb4e-yj24';
const THOUSANDS = ['Provisional Drug Overdose Deaths'];

/** Data through December 2024, as of Sunday 2025-07-06; and the quarter before, as of Sunday 2025-04-06. */
export const currentCountyRelease = () =>
  generateCountyRows({ throughYear: 2024, throughMonth: 12, dataAsOf: '07/06/2025', seed: COUNTY_SEED });
export const earlierCountyRelease = () =>
  generateCountyRows({ throughYear: 2024, throughMonth: 9, dataAsOf: '04/06/2025', seed: COUNTY_SEED });

/** The bulk download: UTF-8 with a BOM (Doña Ana), LF, minimal quoting, thousands separators in the count. */
const download = (rows: readonly CountyRow[], header: readonly string[] = COUNTY_COLUMNS) =>
  writeCsv(COUNTY_COLUMNS, rows, { bom: true, thousands: THOUSANDS, header });

/** Lines (1-based, header = line 1) of the broken files that the tests point at. */
export const BAD_LINES = { wrongType: 4, badDate: 6 } as const;

export function buildFixtureFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const current = currentCountyRelease();
  files.set(`${DIR}/VSRR_Provisional_County-Level_Drug_Overdose_Death_Counts.csv`, download(current));
  files.set(
    `${DIR}/VSRR_Provisional_County-Level_Drug_Overdose_Death_Counts_2025-04.csv`,
    download(earlierCountyRelease()),
  );

  // Small valid slice for the broken files: Maricopa (AZ), Los Angeles (CA) and Presidio (TX), the release's last 3 months.
  const good = current.filter(
    (r) => ['4013', '6037', '48377'].includes(r.FIPS) && r.Year === '2024' && Number(r.Month) >= 10,
  );
  const edit = (line: number, change: Partial<CountyRow>) =>
    good.map((r, i) => (i === line - 2 ? { ...r, ...change } : r));
  files.set(
    `${DIR}/bad/missing_column.csv`,
    writeCsv(
      COUNTY_COLUMNS.filter((c) => c !== 'HistoricalDataCompletenessNote'),
      good,
      { bom: true, thousands: THOUSANDS },
    ),
  );
  files.set(
    `${DIR}/bad/renamed_column.csv`,
    download(
      good,
      COUNTY_COLUMNS.map((c) => (c === 'Provisional Drug Overdose Deaths' ? 'Drug Overdose Deaths' : c)),
    ),
  );
  files.set(
    `${DIR}/bad/wrong_type.csv`,
    download(edit(BAD_LINES.wrongType, { 'Provisional Drug Overdose Deaths': '1,5O2' })),
  );
  files.set(`${DIR}/bad/bad_date.csv`, download(edit(BAD_LINES.badDate, { MonthEndingDate: '2024-10-31' })));
  // A FIPS code no county has (Arizona has no 04999), and one that disagrees with STATEFIPS/COUNTYFIPS.
  files.set(
    `${DIR}/bad/unknown_county.csv`,
    download(good.map((r) => (r.FIPS === '4013' ? { ...r, FIPS: '4999', COUNTYFIPS: '999' } : r))),
  );
  files.set(
    `${DIR}/bad/fips_mismatch.csv`,
    download(good.map((r) => (r.FIPS === '6037' ? { ...r, COUNTYFIPS: '73' } : r))),
  );
  files.set(`${DIR}/bad/duplicate_keys.csv`, download([...good, good[1] as CountyRow]));
  // A count of 1–9 in the open: CDC never publishes one.
  files.set(
    `${DIR}/bad/unsuppressed_count.csv`,
    download(
      good.map((r) =>
        r.FIPS === '48377' ? { ...r, 'Provisional Drug Overdose Deaths': '4', Footnote: '' } : r,
      ),
    ),
  );

  files.set(`${SOCRATA_DIR}/metadata.json`, `${JSON.stringify(socrataMetadata(), null, 2)}\n`);
  const api = current.map(toApiRow);
  for (let page = 0; page * COUNTY_PAGE_SIZE < api.length; page++) {
    files.set(
      `${SOCRATA_DIR}/page-${String(page).padStart(5, '0')}.csv`,
      writeCsv(COUNTY_API_FIELDS, api.slice(page * COUNTY_PAGE_SIZE, (page + 1) * COUNTY_PAGE_SIZE), {
        quote: 'all-non-empty',
      }),
    );
  }
  return files;
}

/** Trimmed /api/views/gb4e-yj24.json: the column names and API field names, synthetic ids and dates. */
export function socrataMetadata(rowsUpdatedAt = Date.UTC(2025, 6, 16, 13, 45, 2) / 1000) {
  const types: Record<string, string> = {
    year: 'number',
    month: 'number',
    code2013: 'number',
    provisional_drug_overdose: 'number',
    percentage_of_records_pending: 'number',
    data_as_of: 'calendar_date',
    monthendingdate: 'calendar_date',
    start_date: 'calendar_date',
    end_date: 'calendar_date',
  };
  return {
    id: 'gb4e-yj24',
    name: 'VSRR Provisional County-Level Drug Overdose Death Counts',
    assetType: 'dataset',
    attribution: 'National Center for Health Statistics',
    category: 'NCHS',
    description:
      'SYNTHETIC DEMO FIXTURE for Centinela: the shape of the Socrata view metadata, trimmed. The numbers in the recorded pages are made up.',
    createdAt: Date.UTC(2021, 10, 17, 15, 0, 0) / 1000,
    rowsUpdatedAt,
    provenance: 'official',
    viewType: 'tabular',
    displayType: 'table',
    columns: COUNTY_API_FIELDS.map((fieldName, i) => ({
      id: 800_000_001 + i,
      name: COUNTY_COLUMNS[i],
      dataTypeName: types[fieldName] ?? 'text',
      fieldName,
      position: i + 1,
      renderTypeName: types[fieldName] ?? 'text',
      format: {},
    })),
    metadata: { custom_fields: { 'Common Core': { 'Update Frequency': 'R/P3M', Publisher: 'NCHS' } } },
    tags: ['county', 'drug overdose', 'provisional', 'vsrr', 'nchs'],
  };
}

/** Recorded pages are numbered: a shorter dataset must not leave a stale page behind. */
export const STALE_FILES = new RegExp(`^${SOCRATA_DIR}/page-\\d{5}\\.csv$`);
