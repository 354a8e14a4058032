/**
 * The SYNTHETIC fixtures of CDC's provisional counts for specific drugs (8hzs-zshh): two releases as downloaded, the
 * SODA API pages of the later one, and broken files for the failure tests. Deterministic. See fixtures/README.md.
 */

import { writeCsv } from '../_lib/fixtures/csvWrite.ts';
import { generateSpecificDrugsRows, SPECIFIC_DRUGS_COLUMNS, type SpecificDrugsRow } from './fixtureRows.ts';

export const SPECIFIC_DRUGS_SEED = 20250105;
export const SPECIFIC_DRUGS_PAGE_SIZE = 1000;
const DIR = 'cdc-vsrr-specific-drugs';
const SOCRATA_DIR = 'http/socrata/8hzs-zshh';

/** The two demo releases: data through June 2024 (as of 2025-01-05) and through March 2024 (as of 2024-10-06). */
export function currentRelease(): SpecificDrugsRow[] {
  return generateSpecificDrugsRows({
    throughYear: 2024,
    throughMonth: 6,
    dataAsOf: '01/05/2025',
    firstMonth: '2021-07',
    seed: SPECIFIC_DRUGS_SEED,
  });
}

export function earlierRelease(): SpecificDrugsRow[] {
  return generateSpecificDrugsRows({
    throughYear: 2024,
    throughMonth: 3,
    dataAsOf: '10/06/2024',
    firstMonth: '2021-07',
    seed: SPECIFIC_DRUGS_SEED,
  });
}

/** The real download: no BOM, LF, no quoting (no value holds a comma). */
const download = (rows: readonly SpecificDrugsRow[], columns: readonly string[] = SPECIFIC_DRUGS_COLUMNS) =>
  writeCsv(SPECIFIC_DRUGS_COLUMNS, rows, { header: columns });

/** A small, valid slice: fentanyl for the US and the ten regions, the last three months of the current release. */
function slice(rows: readonly SpecificDrugsRow[]): SpecificDrugsRow[] {
  const ends = new Set(['04/30/2024', '05/31/2024', '06/30/2024']);
  return rows.filter((r) => r.drug_involved === 'Fentanyl' && ends.has(r.month_ending_date));
}

/** Lines (1-based, header = line 1) of the broken files that the tests point at. */
export const BAD_LINES = { wrongType: 5, badDate: 7 } as const;

export function buildFixtureFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const current = currentRelease();
  files.set(`${DIR}/Provisional_drug_overdose_death_counts_for_specific_drugs.csv`, download(current));
  files.set(
    `${DIR}/Provisional_drug_overdose_death_counts_for_specific_drugs_2024-10.csv`,
    download(earlierRelease()),
  );

  const good = slice(current);
  const at = (line: number) => line - 2;
  const edit = (line: number, change: Partial<SpecificDrugsRow>) =>
    good.map((r, i) => (i === at(line) ? { ...r, ...change } : r));
  // Header problems: a column gone, a column renamed.
  files.set(
    `${DIR}/bad/missing_column.csv`,
    writeCsv(
      SPECIFIC_DRUGS_COLUMNS.filter((c) => c !== 'footnote'),
      good,
    ),
  );
  files.set(
    `${DIR}/bad/renamed_column.csv`,
    download(
      good,
      SPECIFIC_DRUGS_COLUMNS.map((c) => (c === 'drug_overdose_deaths' ? 'deaths' : c)),
    ),
  );
  // Values that do not read as their type.
  files.set(
    `${DIR}/bad/wrong_type.csv`,
    download(edit(BAD_LINES.wrongType, { drug_overdose_deaths: '1O52' })),
  );
  files.set(
    `${DIR}/bad/bad_date.csv`,
    download(edit(BAD_LINES.badDate, { month_ending_date: '2024-04-30' })),
  );
  // Drugs a newer release adds and the seeds do not list yet: loaded under their own codes, not refused.
  files.set(
    `${DIR}/new_drugs.csv`,
    download([
      ...good,
      ...good.map((r) => ({ ...r, drug_involved: 'Nitazenes' })),
      ...good.map((r) => ({ ...r, drug_involved: 'Bromazolam' })),
    ]),
  );
  // Codes that cannot be placed: a row naming no drug, a region that does not exist.
  files.set(
    `${DIR}/bad/empty_drug.csv`,
    download(good.map((r) => (r.jurisdiction_occurrence === 'Region 4' ? { ...r, drug_involved: '' } : r))),
  );
  files.set(
    `${DIR}/bad/unknown_region.csv`,
    download(
      good.map((r) =>
        r.jurisdiction_occurrence === 'Region 10' ? { ...r, jurisdiction_occurrence: 'Region 11' } : r,
      ),
    ),
  );
  // The same key twice in one release.
  files.set(`${DIR}/bad/duplicate_keys.csv`, download([...good, good[4] as SpecificDrugsRow]));
  // A US row that the regions do not add up to.
  files.set(
    `${DIR}/bad/regions_do_not_sum.csv`,
    download(
      good.map((r) =>
        r.jurisdiction_occurrence === 'United States' && r.month_ending_date === '05/31/2024'
          ? { ...r, drug_overdose_deaths: String(Number(r.drug_overdose_deaths) + 100) }
          : r,
      ),
    ),
  );

  // SODA 2.1 CSV answers for /resource/8hzs-zshh.csv?$limit=1000&$offset=…&$order=:id (every non-null value quoted,
  // dates as floating timestamps: inferred from the county dataset's real API answer, see the source's doc).
  files.set(`${SOCRATA_DIR}/metadata.json`, `${JSON.stringify(socrataMetadata(), null, 2)}\n`);
  const api = current.map(asApiRow);
  for (let page = 0; page * SPECIFIC_DRUGS_PAGE_SIZE < api.length; page++) {
    const rows = api.slice(page * SPECIFIC_DRUGS_PAGE_SIZE, (page + 1) * SPECIFIC_DRUGS_PAGE_SIZE);
    files.set(
      `${SOCRATA_DIR}/page-${String(page).padStart(5, '0')}.csv`,
      writeCsv(SPECIFIC_DRUGS_COLUMNS, rows, { quote: 'all-non-empty' }),
    );
  }
  return files;
}

/** MM/DD/YYYY → the SODA API's floating timestamp, 2025-01-05T00:00:00.000. */
export function floatingTimestamp(date: string): string {
  const [month, day, year] = date.split('/');
  return `${year}-${month}-${day}T00:00:00.000`;
}

/** A row as the SODA API writes it: the same text but the two dates. */
export function asApiRow(row: SpecificDrugsRow): SpecificDrugsRow {
  return {
    ...row,
    data_as_of: floatingTimestamp(row.data_as_of),
    month_ending_date: floatingTimestamp(row.month_ending_date),
  };
}

/** Trimmed /api/views/8hzs-zshh.json: the dataset's column names, synthetic ids and dates. */
function socrataMetadata() {
  const types: Record<string, string> = {
    death_year: 'number',
    death_month: 'number',
    drug_overdose_deaths: 'number',
    data_as_of: 'calendar_date',
    month_ending_date: 'calendar_date',
  };
  return {
    id: '8hzs-zshh',
    name: 'Provisional drug overdose death counts for specific drugs',
    assetType: 'dataset',
    attribution: 'National Center for Health Statistics',
    category: 'NCHS',
    description:
      'SYNTHETIC DEMO FIXTURE for Centinela: the shape of the Socrata view metadata, trimmed. The numbers in the recorded pages are made up.',
    createdAt: Date.UTC(2022, 5, 15, 14, 2, 11) / 1000,
    // The release as of 2025-01-05, published the following Wednesday.
    rowsUpdatedAt: Date.UTC(2025, 0, 8, 16, 31, 5) / 1000,
    viewLastModified: Date.UTC(2025, 0, 8, 16, 30, 44) / 1000,
    provenance: 'official',
    viewType: 'tabular',
    displayType: 'table',
    columns: SPECIFIC_DRUGS_COLUMNS.map((fieldName, i) => ({
      id: 700_000_001 + i,
      name: fieldName,
      dataTypeName: types[fieldName] ?? 'text',
      fieldName,
      position: i + 1,
      renderTypeName: types[fieldName] ?? 'text',
      format: {},
    })),
    metadata: { custom_fields: { 'Common Core': { 'Update Frequency': 'R/P1M', Publisher: 'NCHS' } } },
    tags: ['drug overdose', 'mortality', 'provisional', 'vsrr', 'nchs'],
  };
}

/** Recorded pages are numbered: a shorter dataset must not leave a stale page behind. */
export const STALE_FILES = new RegExp(`^${SOCRATA_DIR}/page-\\d{5}\\.csv$`);
