/**
 * The SYNTHETIC Medicaid State Drug Utilization Data fixtures: two yearly bulk CSVs (naloxone among other drugs,
 * as in the real files) and recorded DKAN datastore pages of the 2024 dataset. See fixtures/README.md, "Medicaid
 * State Drug Utilization Data".
 */
import { writeCsv } from '../_lib/fixtures/csvWrite.ts';
import { poissonish, stream } from '../_lib/fixtures/rng.ts';

const DIR = 'medicaid-sdud';
export const DKAN_DATASET = '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
export const DKAN_DIR = `http/dkan/${DKAN_DATASET}`;
export const DKAN_PAGE_SIZE = 100;

export const SDUD_HEADER = [
  'Utilization Type',
  'State',
  'NDC',
  'Labeler Code',
  'Product Code',
  'Package Size',
  'Year',
  'Quarter',
  'Suppression Used',
  'Product Name',
  'Units Reimbursed',
  'Number of Prescriptions',
  'Total Amount Reimbursed',
  'Medicaid Amount Reimbursed',
  'Non Medicaid Amount Reimbursed',
] as const;
export const SDUD_FIELDS = [
  'utilization_type',
  'state',
  'ndc',
  'labeler_code',
  'product_code',
  'package_size',
  'year',
  'quarter',
  'suppression_used',
  'product_name',
  'units_reimbursed',
  'number_of_prescriptions',
  'total_amount_reimbursed',
  'medicaid_amount_reimbursed',
  'non_medicaid_amount_reimbursed',
] as const;
type Field = (typeof SDUD_FIELDS)[number];
export type SdudRow = Record<Field, string>;

/** [state, Medicaid size]: the border states and a few others; XX (the nation) is added up from these and the rest. */
const STATES: [string, number][] = [
  // Small enough that every naloxone row is suppressed: the quarter is censored, never 0.
  ['AK', 0.06],
  ['AZ', 1.6],
  ['CA', 6],
  ['NM', 0.8],
  ['NY', 4],
  ['OH', 2.5],
  ['TX', 2.2],
  ['WV', 0.6],
];
const REST_OF_NATION = 20;

/**
 * [NDC, product name as SDUD writes it (truncated, padded), prescriptions per quarter at size 1, units per Rx, $ per
 * Rx, naloxone?]: naloxone by NDC list, by name only, and combination products that must stay out.
 */
const PRODUCTS: [string, string, number, number, number, boolean][] = [
  ['69547035302', 'NARCAN    ', 300, 2, 95, true],
  ['00641613201', 'NALOXONE H', 40, 1, 12, true],
  ['00093216568', 'NALOXONE H', 120, 2, 70, true],
  ['59467067901', 'KLOXXADO  ', 15, 2, 140, true],
  ['12496120803', 'SUBOXONE  ', 900, 60, 480, false],
  ['00093572056', 'BUPRENORPH', 1400, 60, 110, false],
  ['00002143380', 'ZILRETTA ', 5, 1, 900, false],
];

const QUARTERS = [1, 2, 3, 4];

function pad(value: number, int: number, decimals: number): string {
  const [i = '0', d = ''] = value.toFixed(decimals).split('.');
  return decimals ? `${i.padStart(int, '0')}.${d}` : i.padStart(int, '0');
}

interface Cell {
  rx: number;
  units: number;
  total: number;
  medicaid: number;
}

function draw(year: number, q: number, state: string, util: string, p: (typeof PRODUCTS)[number]): Cell {
  const [ndc, , perQuarter, unitsPerRx, price] = p;
  const size = state === 'REST' ? REST_OF_NATION : (STATES.find(([s]) => s === state)?.[1] ?? 1);
  const share = util === 'MCOU' ? 0.7 : 0.3;
  const growth = 1 + 0.06 * (4 * (year - 2023) + q - 1);
  const rand = stream('sdud', year, q, state, util, ndc);
  const rx = poissonish(perQuarter * size * share * growth * 0.2, rand);
  const total = Math.round(rx * price * (0.9 + 0.2 * rand()) * 100) / 100;
  const medicaid = Math.round(total * (0.97 + 0.03 * rand()) * 100) / 100;
  return { rx, units: rx * unitsPerRx, total, medicaid };
}

function row(year: number, q: number, state: string, util: string, p: (typeof PRODUCTS)[number], c: Cell) {
  const [ndc, name] = p;
  // CMS suppresses counts of 1–10 prescriptions: the numbers are empty, Suppression Used is true.
  const suppressed = c.rx >= 1 && c.rx <= 10;
  return {
    utilization_type: util,
    state,
    ndc,
    labeler_code: ndc.slice(0, 5),
    product_code: ndc.slice(5, 9),
    package_size: ndc.slice(9),
    year: String(year),
    quarter: String(q),
    suppression_used: suppressed ? 'true' : 'false',
    product_name: name,
    units_reimbursed: suppressed ? '' : pad(c.units, 11, 3),
    number_of_prescriptions: suppressed ? '' : pad(c.rx, 9, 0),
    total_amount_reimbursed: suppressed ? '' : pad(c.total, 12, 2),
    medicaid_amount_reimbursed: suppressed ? '' : pad(c.medicaid, 10, 2),
    non_medicaid_amount_reimbursed: suppressed ? '' : pad(c.total - c.medicaid, 10, 2),
  } satisfies SdudRow;
}

/** One year of SDUD rows, sorted by utilization type, state, NDC, quarter; no row where nothing was dispensed. */
export function generateSdudRows(year: number): SdudRow[] {
  const rows: SdudRow[] = [];
  for (const util of ['FFSU', 'MCOU']) {
    for (const state of [...STATES.map(([s]) => s), 'XX'].sort()) {
      for (const p of [...PRODUCTS].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        for (const q of QUARTERS) {
          let cell: Cell;
          if (state === 'XX') {
            // The national row adds up every state, suppressed ones included, and the states not in the file.
            const parts = [...STATES.map(([s]) => s), 'REST'].map((s) => draw(year, q, s, util, p));
            cell = parts.reduce(
              (a, b) => ({
                rx: a.rx + b.rx,
                units: a.units + b.units,
                total: Math.round((a.total + b.total) * 100) / 100,
                medicaid: Math.round((a.medicaid + b.medicaid) * 100) / 100,
              }),
              { rx: 0, units: 0, total: 0, medicaid: 0 },
            );
          } else {
            cell = draw(year, q, state, util, p);
          }
          if (cell.rx === 0) continue;
          rows.push(row(year, q, state, util, p, cell));
        }
      }
    }
  }
  return rows;
}

/** A DKAN record: every value a string, as the datastore stores text; suppressed numbers empty; no zero padding. */
function dkanRecord(r: SdudRow, i: number): Record<string, string> {
  const plain = (s: string) => (s === '' ? '' : String(Number(s)));
  return {
    record_number: String(i + 1),
    ...r,
    units_reimbursed: plain(r.units_reimbursed),
    number_of_prescriptions: plain(r.number_of_prescriptions),
    total_amount_reimbursed: plain(r.total_amount_reimbursed),
    medicaid_amount_reimbursed: plain(r.medicaid_amount_reimbursed),
    non_medicaid_amount_reimbursed: plain(r.non_medicaid_amount_reimbursed),
  };
}

export function dkanRecords(year = 2024): Record<string, string>[] {
  return generateSdudRows(year).map(dkanRecord);
}

export function buildFixtureFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const year of [2023, 2024]) {
    files.set(
      `${DIR}/State_Drug_Utilization_Data_${year}.csv`,
      writeCsv(SDUD_FIELDS, generateSdudRows(year), { header: SDUD_HEADER }),
    );
  }
  const sample = generateSdudRows(2024).filter((r) => r.state === 'NM');
  files.set(
    `${DIR}/bad/unknown_state.csv`,
    writeCsv(
      SDUD_FIELDS,
      sample.map((r, i) => (i === 2 ? { ...r, state: 'ZZ' } : r)),
      { header: SDUD_HEADER },
    ),
  );
  files.set(
    `${DIR}/bad/duplicate_key.csv`,
    writeCsv(SDUD_FIELDS, [...sample.slice(0, 4), sample[0] as SdudRow], { header: SDUD_HEADER }),
  );
  files.set(
    `${DIR}/bad/wrong_type.csv`,
    writeCsv(
      SDUD_FIELDS,
      sample.map((r, i) => (i === 1 ? { ...r, number_of_prescriptions: '1O8' } : r)),
      { header: SDUD_HEADER },
    ),
  );
  files.set(
    `${DIR}/bad/missing_column.csv`,
    writeCsv(
      SDUD_FIELDS.filter((f) => f !== 'suppression_used'),
      sample,
      { header: SDUD_HEADER.filter((h) => h !== 'Suppression Used') },
    ),
  );

  const records = dkanRecords();
  files.set(`${DKAN_DIR}/metadata.json`, `${JSON.stringify(dkanMetadata(), null, 2)}\n`);
  for (let page = 0; page * DKAN_PAGE_SIZE < records.length; page++) {
    const results = records.slice(page * DKAN_PAGE_SIZE, (page + 1) * DKAN_PAGE_SIZE);
    files.set(
      `${DKAN_DIR}/page-${String(page).padStart(5, '0')}.json`,
      `${JSON.stringify(dkanPage(results, records.length, page * DKAN_PAGE_SIZE))}\n`,
    );
  }
  return files;
}

/** The answer of /api/1/datastore/query/{id}/0?limit=100&offset=N: results, count, schema and the query echoed. */
export function dkanPage(results: Record<string, string>[], count: number, offset: number) {
  return {
    results,
    count,
    schema: {
      '9f8e7d6c5b4a39281706f5e4d3c2b1a0': {
        primary_key: ['record_number'],
        fields: Object.fromEntries(
          ['record_number', ...SDUD_FIELDS].map((f) => [
            f,
            { type: f === 'record_number' ? 'serial' : 'text', description: f },
          ]),
        ),
      },
    },
    query: {
      limit: DKAN_PAGE_SIZE,
      offset,
      count: true,
      results: true,
      schema: true,
      keys: true,
      format: 'json',
      resources: [{ id: '9f8e7d6c5b4a39281706f5e4d3c2b1a0', alias: 't' }],
    },
  };
}

function dkanMetadata(
  identifier = DKAN_DATASET,
  year = 2024,
  modified = '2025-06-18',
  title = `State Drug Utilization Data ${year}`,
) {
  return {
    '@type': 'dcat:Dataset',
    accessLevel: 'public',
    description:
      'SYNTHETIC DEMO FIXTURE for Centinela: the shape of a data.medicaid.gov metastore record. The numbers are made up.',
    identifier,
    modified,
    title,
    keyword: ['drug utilization', 'state drug utilization'],
    distribution: [
      {
        '@type': 'dcat:Distribution',
        downloadURL: `https://data.medicaid.gov/sites/default/files/uploaded_resources/SDUD${year}.csv`,
        mediaType: 'text/csv',
      },
    ],
  };
}

/**
 * The answer of /api/1/metastore/schemas/dataset/items: a JSON array of every dataset's metastore record (the SDUD
 * years with the real identifiers of 2024–2026, and one dataset of another series). Dates and descriptions made up.
 */
export function dkanCatalog(
  years: [year: number, identifier: string, modified: string][] = SDUD_DATASETS,
): ReturnType<typeof dkanMetadata>[] {
  return [
    dkanMetadata(
      '99315a95-37ac-4eee-946a-3c523b4c481e',
      2024,
      '2025-01-02',
      'NADAC (National Average Drug Acquisition Cost) 2024',
    ),
    ...years.map(([year, identifier, modified]) => dkanMetadata(identifier, year, modified)),
  ];
}

/** Yearly SDUD datasets on data.medicaid.gov (identifiers as published; modified dates synthetic). */
export const SDUD_DATASETS: [year: number, identifier: string, modified: string][] = [
  [2024, '61729e5a-7aa8-448c-8903-ba3e0cd0ea3c', '2025-06-18'],
  [2025, '158a1baa-5506-400a-8ec3-97756f0b0536', '2026-05-20'],
  [2026, '2957a7f9-9a15-453e-9afd-3bbdcbac8fd3', '2026-06-30'],
];

/** Recorded pages are numbered: fewer rows must not leave a stale page behind. */
export const STALE_FILES = new RegExp(`^${DKAN_DIR}/page-\\d{5}\\.json$`);
