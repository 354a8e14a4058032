/**
 * SYNTHETIC rows in the shape of CDC's "VSRR Provisional County-Level Drug Overdose Death Counts" (data.cdc.gov
 * gb4e-yj24): 19 counties of the border states, 12-month-ending counts from January 2020, counts 1–9 suppressed,
 * the release's recent months underreported. The numbers are made up. Deterministic: same options, same rows.
 */
import { stream } from '../_lib/fixtures/rng.ts';
import { monthEndIso, monthEndUs, piecewise, poissonCount } from '../_lib/fixtures/seeded.ts';

/** One row as the bulk download writes it (every value text), keyed by the download's header. */
export interface CountyRow {
  'Data as of': string;
  Year: string;
  Month: string;
  ST_ABBREV: string;
  STATE_NAME: string;
  COUNTYNAME: string;
  FIPS: string;
  STATEFIPS: string;
  COUNTYFIPS: string;
  CODE2013: string;
  'Provisional Drug Overdose Deaths': string;
  Footnote: string;
  'Percentage Of Records Pending Investigation': string;
  HistoricalDataCompletenessNote: string;
  MonthEndingDate: string;
  'Start Date': string;
  'End Date': string;
}

/** The download's header, in file order. */
export const COUNTY_COLUMNS = [
  'Data as of',
  'Year',
  'Month',
  'ST_ABBREV',
  'STATE_NAME',
  'COUNTYNAME',
  'FIPS',
  'STATEFIPS',
  'COUNTYFIPS',
  'CODE2013',
  'Provisional Drug Overdose Deaths',
  'Footnote',
  'Percentage Of Records Pending Investigation',
  'HistoricalDataCompletenessNote',
  'MonthEndingDate',
  'Start Date',
  'End Date',
] as const;

/** SODA API field names, in the same order (Socrata truncates two long names). */
export const COUNTY_API_FIELDS = [
  'data_as_of',
  'year',
  'month',
  'st_abbrev',
  'state_name',
  'countyname',
  'fips',
  'statefips',
  'countyfips',
  'code2013',
  'provisional_drug_overdose',
  'footnote',
  'percentage_of_records_pending',
  'historicaldatacompletenessnote',
  'monthendingdate',
  'start_date',
  'end_date',
] as const;

export const SUPPRESSED_FOOTNOTE =
  'One or more data cells have counts between 1-9 and have been suppressed in accordance with NCHS confidentiality standards.';
export const COMPLETENESS_NOTE =
  'Provisional data for this jurisdiction were less than 90% complete 6 months after the end of the reporting period.';

/** [FIPS, USPS, state name, county name (as CDC writes it: no "County"), NCHS 2013 urban–rural code, deaths a year]. */
export const COUNTIES: readonly (readonly [string, string, string, string, number, number])[] = [
  ['04003', 'AZ', 'Arizona', 'Cochise', 4, 42],
  ['04013', 'AZ', 'Arizona', 'Maricopa', 1, 1_750],
  ['04019', 'AZ', 'Arizona', 'Pima', 3, 460],
  ['04023', 'AZ', 'Arizona', 'Santa Cruz', 5, 11],
  ['04027', 'AZ', 'Arizona', 'Yuma', 4, 46],
  ['06025', 'CA', 'California', 'Imperial', 4, 38],
  ['06037', 'CA', 'California', 'Los Angeles', 1, 3_100],
  ['06073', 'CA', 'California', 'San Diego', 1, 1_240],
  ['35001', 'NM', 'New Mexico', 'Bernalillo', 3, 430],
  ['35013', 'NM', 'New Mexico', 'Doña Ana', 3, 72],
  ['35023', 'NM', 'New Mexico', 'Hidalgo', 6, 3],
  ['35029', 'NM', 'New Mexico', 'Luna', 6, 13],
  ['48061', 'TX', 'Texas', 'Cameron', 3, 52],
  ['48141', 'TX', 'Texas', 'El Paso', 3, 185],
  ['48201', 'TX', 'Texas', 'Harris', 1, 1_320],
  ['48215', 'TX', 'Texas', 'Hidalgo', 3, 63],
  ['48301', 'TX', 'Texas', 'Loving', 6, 0],
  ['48377', 'TX', 'Texas', 'Presidio', 6, 2],
  ['48479', 'TX', 'Texas', 'Webb', 3, 31],
];

/** Month index 0 = January 2019; the first 12-month window ends in January 2020 (index 12). */
const ORIGIN_YEAR = 2019;
const FIRST_ROW = 12;
/** Level over month index (2019-01 = 0), the national shape: up through 2021–2022, down in 2024. */
const LEVEL: readonly (readonly [number, number])[] = [
  [0, 0.62],
  [18, 0.85],
  [36, 1],
  [54, 1.02],
  [66, 0.8],
];
const UNDERREPORTED = [0.07, 0.05, 0.035, 0.025, 0.018, 0.012, 0.008, 0.005, 0.003, 0.002, 0.001, 0.0005];

export interface CountyOptions {
  throughYear: number;
  throughMonth: number;
  /** The release's "Data as of", MM/DD/YYYY. */
  dataAsOf: string;
  seed: number | string;
}

/** Rows of one release, sorted by FIPS then month. FIPS, STATEFIPS and COUNTYFIPS lose their leading zeros. */
export function generateCountyRows(opts: CountyOptions): CountyRow[] {
  const last = (opts.throughYear - ORIGIN_YEAR) * 12 + opts.throughMonth - 1;
  if (last < FIRST_ROW)
    throw new RangeError(`invalid through month ${opts.throughYear}-${opts.throughMonth}`);
  const releaseNoise = stream(opts.seed, 'county-release', opts.dataAsOf);
  const releaseStart = monthEndUs(ORIGIN_YEAR + 1, 1);
  const releaseEnd = monthEndUs(opts.throughYear, opts.throughMonth);
  const rows: CountyRow[] = [];
  for (const [fips, st, stateName, county, code2013, perYear] of COUNTIES) {
    const next = stream(opts.seed, 'county', fips);
    const monthly: number[] = [];
    for (let t = 0; t <= last; t++) monthly.push(poissonCount(next, (perYear / 12) * piecewise(LEVEL, t)));
    const pending = stream(opts.seed, 'county-pending', fips);
    for (let t = FIRST_ROW; t <= last; t++) {
      let truth = 0;
      for (let i = t - 11; i <= t; i++) truth += monthly[i] ?? 0;
      const age = last - t;
      const shift = age < 12 ? (1 - (UNDERREPORTED[age] ?? 0)) * (1 + 0.01 * (releaseNoise() * 2 - 1)) : 1;
      const shown = Math.round(truth * shift);
      const suppressed = shown >= 1 && shown <= 9;
      const year = ORIGIN_YEAR + Math.floor(t / 12);
      const month = (t % 12) + 1;
      const pct = age < 6 ? 0.2 + (6 - age) * 0.45 * pending() : 0.1 * pending();
      rows.push({
        'Data as of': opts.dataAsOf,
        Year: String(year),
        Month: String(month),
        ST_ABBREV: st,
        STATE_NAME: stateName,
        COUNTYNAME: county,
        FIPS: String(Number(fips)),
        STATEFIPS: String(Number(fips.slice(0, 2))),
        COUNTYFIPS: String(Number(fips.slice(2))),
        CODE2013: String(code2013),
        'Provisional Drug Overdose Deaths': suppressed ? '' : String(shown),
        Footnote: suppressed ? SUPPRESSED_FOOTNOTE : '',
        'Percentage Of Records Pending Investigation': pct.toFixed(1),
        HistoricalDataCompletenessNote: st === 'TX' && year === 2020 ? COMPLETENESS_NOTE : '',
        MonthEndingDate: monthEndUs(year, month),
        // Not the row's window: the first and last window ends of the whole release (as in the real API answer).
        'Start Date': releaseStart,
        'End Date': releaseEnd,
      });
    }
  }
  return rows;
}

/** The same row as the SODA API CSV writes it: floating timestamps instead of MM/DD/YYYY. */
export function toApiRow(row: CountyRow): Record<(typeof COUNTY_API_FIELDS)[number], string> {
  const iso = (us: string) => {
    const [m, d, y] = us.split('/') as [string, string, string];
    return `${y}-${m}-${d}T00:00:00.000`;
  };
  const [year, month] = [Number(row.Year), Number(row.Month)];
  return {
    data_as_of: iso(row['Data as of']),
    year: row.Year,
    month: row.Month,
    st_abbrev: row.ST_ABBREV,
    state_name: row.STATE_NAME,
    countyname: row.COUNTYNAME,
    fips: row.FIPS,
    statefips: row.STATEFIPS,
    countyfips: row.COUNTYFIPS,
    code2013: row.CODE2013,
    provisional_drug_overdose: row['Provisional Drug Overdose Deaths'],
    footnote: row.Footnote,
    percentage_of_records_pending: row['Percentage Of Records Pending Investigation'],
    historicaldatacompletenessnote: row.HistoricalDataCompletenessNote,
    monthendingdate: monthEndIso(year, month),
    start_date: iso(row['Start Date']),
    end_date: iso(row['End Date']),
  };
}
