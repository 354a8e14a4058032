/**
 * SYNTHETIC CDC state naloxone dispensing rates in the format of the table behind CDC's "U.S. State Naloxone
 * Dispensing Rate Maps" as its page's "Download data" button writes it (see pipelines/cdc_naloxone_rates/README.md):
 * a UTF-8 byte-order mark, CRLF between records and none after the last (papaparse's unparse, which CDC's open
 * visualization library uses), minimal quoting, rates rounded to 0.1 and written as JavaScript prints numbers
 * (`1`, not `1.0`), the map band in the last column. Rows by year, then by state name.
 */
import { stream } from '../_lib/fixtures/rng.ts';

export const NALOXONE_HEADER = [
  'YEAR',
  'STATE_NAME',
  'STATE_ABBREV',
  'STATE_FIPS',
  'naloxone_dispensing_rate',
  'Naloxone Dispensing Rate (per 100 persons)',
] as const;

/** [FIPS, USPS, name] of the 50 states and DC, in the real file's order (by name, which is also FIPS order). */
export const NALOXONE_JURISDICTIONS: readonly (readonly [string, string, string])[] = [
  ['01', 'AL', 'Alabama'],
  ['02', 'AK', 'Alaska'],
  ['04', 'AZ', 'Arizona'],
  ['05', 'AR', 'Arkansas'],
  ['06', 'CA', 'California'],
  ['08', 'CO', 'Colorado'],
  ['09', 'CT', 'Connecticut'],
  ['10', 'DE', 'Delaware'],
  ['11', 'DC', 'District of Columbia'],
  ['12', 'FL', 'Florida'],
  ['13', 'GA', 'Georgia'],
  ['15', 'HI', 'Hawaii'],
  ['16', 'ID', 'Idaho'],
  ['17', 'IL', 'Illinois'],
  ['18', 'IN', 'Indiana'],
  ['19', 'IA', 'Iowa'],
  ['20', 'KS', 'Kansas'],
  ['21', 'KY', 'Kentucky'],
  ['22', 'LA', 'Louisiana'],
  ['23', 'ME', 'Maine'],
  ['24', 'MD', 'Maryland'],
  ['25', 'MA', 'Massachusetts'],
  ['26', 'MI', 'Michigan'],
  ['27', 'MN', 'Minnesota'],
  ['28', 'MS', 'Mississippi'],
  ['29', 'MO', 'Missouri'],
  ['30', 'MT', 'Montana'],
  ['31', 'NE', 'Nebraska'],
  ['32', 'NV', 'Nevada'],
  ['33', 'NH', 'New Hampshire'],
  ['34', 'NJ', 'New Jersey'],
  ['35', 'NM', 'New Mexico'],
  ['36', 'NY', 'New York'],
  ['37', 'NC', 'North Carolina'],
  ['38', 'ND', 'North Dakota'],
  ['39', 'OH', 'Ohio'],
  ['40', 'OK', 'Oklahoma'],
  ['41', 'OR', 'Oregon'],
  ['42', 'PA', 'Pennsylvania'],
  ['44', 'RI', 'Rhode Island'],
  ['45', 'SC', 'South Carolina'],
  ['46', 'SD', 'South Dakota'],
  ['47', 'TN', 'Tennessee'],
  ['48', 'TX', 'Texas'],
  ['49', 'UT', 'Utah'],
  ['50', 'VT', 'Vermont'],
  ['51', 'VA', 'Virginia'],
  ['53', 'WA', 'Washington'],
  ['54', 'WV', 'West Virginia'],
  ['55', 'WI', 'Wisconsin'],
  ['56', 'WY', 'Wyoming'],
];

export interface NaloxoneRow {
  year: number;
  fips: string;
  abbrev: string;
  name: string;
  /** Rate per 100 persons in tenths (3 = 0.3), as CDC rounds it. */
  tenths: number;
}

/** The map's band for a rate in tenths, with CDC's labels: <0.2, 0.2 - 0.4, 0.5 - 0.6, >0.6. */
export function rateBand(tenths: number): string {
  if (tenths < 2) return '<0.2';
  if (tenths <= 4) return '0.2 - 0.4';
  if (tenths <= 6) return '0.5 - 0.6';
  return '>0.6';
}

/** A rate in tenths as CDC's download writes it: 0.3, 1, 2.5. */
export const formatRate = (tenths: number): string => String(tenths / 10);

/**
 * Made-up rates that behave like the real ones: each state starts between 0.1 and 0.6 per 100 persons in the first
 * year and grows 5–35% a year (nasal naloxone went over the counter in 2023), a few states far above the rest.
 */
export function generateNaloxoneRows(
  firstYear: number,
  lastYear: number,
  seed = 'cdc-naloxone',
): NaloxoneRow[] {
  const rows: NaloxoneRow[] = [];
  const rate = new Map<string, number>();
  for (const [, abbrev] of NALOXONE_JURISDICTIONS) {
    const next = stream(seed, abbrev);
    const high = ['NM', 'AR', 'WY'].includes(abbrev) ? 3 : 1;
    rate.set(abbrev, (0.1 + next() * 0.5) * high);
  }
  for (let year = firstYear; year <= lastYear; year++) {
    for (const [fips, abbrev, name] of NALOXONE_JURISDICTIONS) {
      const next = stream(seed, abbrev, year);
      const now = rate.get(abbrev) as number;
      rows.push({ year, fips, abbrev, name, tenths: Math.max(1, Math.round(now * 10)) });
      rate.set(abbrev, now * (1.05 + next() * 0.3));
    }
  }
  return rows;
}

/** One record's fields, as text. */
export function naloxoneFields(row: NaloxoneRow): string[] {
  return [String(row.year), row.name, row.abbrev, row.fips, formatRate(row.tenths), rateBand(row.tenths)];
}

/** The file: BOM, header, records joined by CRLF, no line break after the last. */
export function writeNaloxoneCsv(
  records: readonly (readonly string[])[],
  header: readonly string[] = NALOXONE_HEADER,
): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `\uFEFF${[header, ...records].map((r) => r.map(quote).join(',')).join('\r\n')}`;
}
