/**
 * The SYNTHETIC CDC VSRR fixtures. Same bytes on every run: nothing here reads the clock, the environment or the
 * network. See fixtures/README.md for what each file shows.
 */

import { writeCsv } from '../_lib/fixtures/csvWrite.ts';
import { generateVsrrRows, INDICATORS } from './fixtureRows.ts';
import { VSRR_API_FIELDS, VSRR_COLUMNS_10, VSRR_COLUMNS_12, type VsrrRow } from './vsrrRow.ts';

export const FIXTURE_SEED = 20240611;
export const SOCRATA_PAGE_SIZE = 1000;

const CDC_DIR = 'cdc-vsrr-state';
const SOCRATA_DIR = 'http/socrata/xkb8-kh2a';
const SOCRATA_STATES = new Set(['US', 'AZ', 'CA', 'NM', 'TX']);
const THOUSANDS = ['Data Value', 'Predicted Value'];

/** Every generated file, keyed by its path under fixtures/. */
export function buildFixtureFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const current = generateVsrrRows({ throughYear: 2024, throughMonth: 6, seed: FIXTURE_SEED });
  const older = generateVsrrRows({
    throughYear: 2024,
    throughMonth: 3,
    seed: FIXTURE_SEED,
    vintageShift: 0.01,
    decimals: 'legacy',
  });

  files.set(
    `${CDC_DIR}/VSRR_Provisional_Drug_Overdose_Death_Counts.csv`,
    writeCsv(VSRR_COLUMNS_12, current, { bom: true, thousands: THOUSANDS }),
  );
  files.set(
    `${CDC_DIR}/VSRR_Provisional_Drug_Overdose_Death_Counts_2024-03_10col.csv`,
    writeCsv(VSRR_COLUMNS_10, older, { eol: '\r\n' }),
  );

  files.set(`${CDC_DIR}/bad/corrupt_line.csv`, corruptLineCsv(current));
  files.set(`${CDC_DIR}/bad/html_error_page.csv`, HTML_503);
  files.set(`${CDC_DIR}/bad/empty.csv`, '');
  files.set(`${CDC_DIR}/bad/unknown_header.csv`, unknownHeaderCsv(current));

  files.set(`${SOCRATA_DIR}/metadata.json`, `${JSON.stringify(socrataMetadata(), null, 2)}\n`);
  // The recording covers the nation and the four border states only, to keep the fixtures small.
  const recorded = current.filter((row) => SOCRATA_STATES.has(row.State));
  for (let page = 0; page * SOCRATA_PAGE_SIZE < recorded.length; page++) {
    const rows = recorded.slice(page * SOCRATA_PAGE_SIZE, (page + 1) * SOCRATA_PAGE_SIZE);
    files.set(
      `${SOCRATA_DIR}/page-${String(page).padStart(5, '0')}.csv`,
      writeCsv(VSRR_COLUMNS_12, rows, { quote: 'all-non-empty', header: VSRR_API_FIELDS }),
    );
  }
  return files;
}

/** Lines (1-based, header = line 1) that corrupt_line.csv breaks on purpose. */
export const CORRUPT_LINES = { badNumber: 6, missingColumn: 11 } as const;

/**
 * A valid 12-column download (Arizona, fentanyl, the last 18 months) with two broken lines: a Data Value
 * of `12x4`, and a line without its Percent Pending Investigation field (11 fields).
 */
function corruptLineCsv(rows: readonly VsrrRow[]): string {
  const az = rows.filter((r) => r.State === 'AZ' && r.Indicator === INDICATORS.fentanyl).slice(-18);
  const badNumber = CORRUPT_LINES.badNumber - 2;
  const broken = az.map((r, i) => (i === badNumber ? { ...r, 'Data Value': '12x4' } : r));
  const lines = writeCsv(VSRR_COLUMNS_12, broken, { bom: true, thousands: THOUSANDS }).split('\n');
  const short = VSRR_COLUMNS_12.filter((c) => c !== 'Percent Pending Investigation');
  const missing = CORRUPT_LINES.missingColumn - 2;
  const row = az[missing];
  if (!row) throw new Error('corrupt_line.csv: not enough Arizona rows');
  const shortLine = writeCsv(short, [row], { thousands: THOUSANDS }).split('\n')[1] ?? '';
  lines[CORRUPT_LINES.missingColumn - 1] = shortLine;
  return lines.join('\n');
}

/** A plausible schema change: same number of columns, renamed. */
function unknownHeaderCsv(rows: readonly VsrrRow[]): string {
  const header = [
    'Jurisdiction',
    'Year',
    'Month',
    'Period',
    'Drug',
    'Deaths',
    'Percent Complete',
    'Percent Pending Investigation',
    'Jurisdiction Name',
    'Footnote',
    'Footnote Symbol',
    'Predicted Deaths',
  ];
  const sample = rows.filter((r) => r.State === 'NM').slice(0, 5);
  return writeCsv(VSRR_COLUMNS_12, sample, { bom: true, thousands: THOUSANDS, header });
}

const HTML_503 = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>503 Service Unavailable</title>
<style>
  body { font-family: Helvetica, Arial, sans-serif; margin: 4em auto; max-width: 40em; color: #333; }
  h1 { font-size: 1.6em; }
  .ref { color: #777; font-size: 0.85em; }
</style>
</head>
<body>
<h1>Service Unavailable</h1>
<p>The server is temporarily unable to service your request due to maintenance downtime or capacity
problems. Please try again later.</p>
<p class="ref">Reference #18.5c2e1402.1718035200.2f9a1c3b</p>
</body>
</html>
`;

/** Trimmed /api/views/xkb8-kh2a.json: real field names and types, synthetic ids and dates. */
function socrataMetadata() {
  const types: Record<string, string> = {
    year: 'number',
    data_value: 'number',
    percent_pending_investigation: 'number',
    predicted_value: 'number',
  };
  return {
    id: 'xkb8-kh2a',
    name: 'VSRR Provisional Drug Overdose Death Counts',
    assetType: 'dataset',
    attribution: 'National Center for Health Statistics',
    attributionLink: 'https://www.cdc.gov/nchs/nvss/vsrr/drug-overdose-data.htm',
    category: 'National Center for Health Statistics',
    description:
      'SYNTHETIC DEMO FIXTURE for Centinela: the shape of the Socrata view metadata, trimmed. ' +
      'The numbers in the recorded pages are made up.',
    createdAt: Date.UTC(2018, 2, 6, 19, 13, 1) / 1000,
    // The release with data through June 2024, as if published mid-November 2024.
    rowsUpdatedAt: Date.UTC(2024, 10, 13, 15, 4, 52) / 1000,
    viewLastModified: Date.UTC(2024, 10, 13, 15, 4, 40) / 1000,
    provenance: 'official',
    viewType: 'tabular',
    displayType: 'table',
    columns: VSRR_API_FIELDS.map((fieldName, i) => ({
      id: 900_000_001 + i,
      name: VSRR_COLUMNS_12[i],
      dataTypeName: types[fieldName] ?? 'text',
      description: '',
      fieldName,
      position: i + 1,
      renderTypeName: types[fieldName] ?? 'text',
      format: {},
    })),
    metadata: {
      custom_fields: {
        'Common Core': {
          Publisher: 'National Center for Health Statistics',
          'Contact Name': 'National Center for Health Statistics',
          'Contact Email': 'cdcinfo@cdc.gov',
          'Update Frequency': 'R/P1M',
          'Temporal Applicability': '2019-01-01/2024-06-30',
          'Geographic Coverage': 'United States',
          'Public Access Level': 'public',
        },
        'Data Quality': { 'Geographic Coverage': 'United States' },
      },
      rowLabel: 'Drug overdose death counts by state, drug indicator, month and year',
    },
    tags: ['drug overdose', 'mortality', 'provisional', 'vsrr'],
  };
}

/** Recorded pages are numbered: a shorter dataset must not leave a stale page behind. */
export const STALE_FILES = new RegExp(`^${SOCRATA_DIR}/page-\\d{5}\\.csv$`);
