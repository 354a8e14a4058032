/**
 * SYNTHETIC rows in the exact shape of CDC's "Provisional drug overdose death counts for specific drugs"
 * (data.cdc.gov 8hzs-zshh). The numbers are made up: a seeded monthly series per HHS region and drug, summed into
 * 12-month-ending windows; the US row is the sum of the ten regions (as in the real file), regions with 1–9 deaths are
 * suppressed (empty count, CDC's footnote), and the release's last 12 months are underreported. Deterministic.
 */
import { stream } from '../_lib/fixtures/rng.ts';
import { monthEndUs, monthOf, noisyCount, piecewise } from '../_lib/fixtures/seeded.ts';

/** One row as CDC writes it (every value text). */
export interface SpecificDrugsRow {
  data_as_of: string;
  death_year: string;
  death_month: string;
  jurisdiction_occurrence: string;
  drug_involved: string;
  time_period: string;
  month_ending_date: string;
  drug_overdose_deaths: string;
  footnote: string;
}

export const SPECIFIC_DRUGS_COLUMNS = [
  'data_as_of',
  'death_year',
  'death_month',
  'jurisdiction_occurrence',
  'drug_involved',
  'time_period',
  'month_ending_date',
  'drug_overdose_deaths',
  'footnote',
] as const;

/** The drugs in the order of the region blocks of the real file (the US block is alphabetical). */
export const DRUGS = [
  'Fentanyl',
  'Methamphetamine',
  'Cocaine',
  'Heroin',
  'Oxycodone',
  'Xylazine',
  'Gabapentin',
] as const;
export type Drug = (typeof DRUGS)[number];

export const SUPPRESSED_FOOTNOTE = 'Death counts between 1-9 are suppressed.';

/** Month index 0 = January 2018: the first 12-month window ends in December 2018. */
const ORIGIN_YEAR = 2018;

/** US deaths per year at each drug's level, by month index (knots), roughly like the real magnitudes. */
const US_LEVEL: Record<Drug, readonly (readonly [number, number])[]> = {
  Fentanyl: [
    [0, 29_000],
    [24, 52_000],
    [48, 72_000],
    [66, 74_000],
    [78, 66_000],
  ],
  Methamphetamine: [
    [0, 13_000],
    [36, 30_000],
    [60, 34_500],
    [78, 31_000],
  ],
  Cocaine: [
    [0, 15_000],
    [36, 24_000],
    [60, 31_000],
    [78, 30_000],
  ],
  Heroin: [
    [0, 15_500],
    [36, 9_500],
    [60, 5_000],
    [78, 3_300],
  ],
  Oxycodone: [
    [0, 5_200],
    [36, 5_000],
    [78, 3_600],
  ],
  Xylazine: [
    [0, 500],
    [24, 1_500],
    [48, 4_500],
    [66, 6_500],
    [78, 6_700],
  ],
  Gabapentin: [
    [0, 2_000],
    [48, 3_800],
    [78, 3_900],
  ],
};

/** Share of US deaths by region (index 0 = Region 1); xylazine is concentrated in the Northeast. */
const SHARES: Record<'default' | 'Methamphetamine' | 'Xylazine', readonly number[]> = {
  default: [0.065, 0.085, 0.14, 0.24, 0.17, 0.09, 0.035, 0.03, 0.105, 0.04],
  Methamphetamine: [0.02, 0.03, 0.06, 0.2, 0.12, 0.16, 0.06, 0.05, 0.24, 0.06],
  Xylazine: [0.2, 0.18, 0.27, 0.18, 0.14, 0.012, 0.0006, 0.0025, 0.012, 0.0012],
};

/** The deliberate rise planted for the detectors: monthly deaths × (1 + step·k) in month k = 1…months, then held. */
export const INJECTED_RISE = {
  region: 6,
  drug: 'Methamphetamine',
  firstMonth: '2023-11',
  months: 8,
  step: 0.15,
};

/** Share of deaths not yet reported, by months before the release's last month (0 = last month). */
const UNDERREPORTED = [0.06, 0.04, 0.03, 0.02, 0.014, 0.01, 0.007, 0.005, 0.003, 0.002, 0.001, 0.0005];

export interface SpecificDrugsOptions {
  /** Last data month of the release. */
  throughYear: number;
  throughMonth: number;
  /** The release date, MM/DD/YYYY, written in data_as_of. */
  dataAsOf: string;
  /** First window end in the file (YYYY-MM). */
  firstMonth: string;
  seed: number | string;
}

const monthIndex = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return (y - ORIGIN_YEAR) * 12 + m - 1;
};

/** True monthly deaths by region (1–10) and drug, months 0..last; independent of the release. */
function monthlyDeaths(seed: number | string, region: number, drug: Drug, last: number): number[] {
  const next = stream(seed, 'specific-drugs', region, drug);
  const shares = drug === 'Methamphetamine' || drug === 'Xylazine' ? SHARES[drug] : SHARES.default;
  const share = shares[region - 1] ?? 0;
  const rise = INJECTED_RISE;
  const riseStart = monthIndex(rise.firstMonth);
  const out: number[] = [];
  for (let t = 0; t <= last; t++) {
    let mean = (piecewise(US_LEVEL[drug], t) / 12) * share;
    if (region === rise.region && drug === rise.drug && t >= riseStart) {
      mean *= 1 + rise.step * Math.min(t - riseStart + 1, rise.months);
    }
    out.push(noisyCount(next, mean, mean < 3 ? 1 : 0.06));
  }
  return out;
}

/** Rows of one release, in the real file's order: the US block (month, then drug A–Z), then drug, region, month. */
export function generateSpecificDrugsRows(opts: SpecificDrugsOptions): SpecificDrugsRow[] {
  const last = (opts.throughYear - ORIGIN_YEAR) * 12 + opts.throughMonth - 1;
  const first = monthIndex(opts.firstMonth);
  if (first < 11 || first > last) throw new RangeError(`invalid first month ${opts.firstMonth}`);
  const releaseNoise = stream(opts.seed, 'release', opts.dataAsOf);
  // reported[drug][region-1][t]: the 12-month sums as this release shows them (before suppression).
  const reported = new Map<Drug, number[][]>();
  for (const drug of DRUGS) {
    const byRegion: number[][] = [];
    for (let region = 1; region <= 10; region++) {
      const monthly = monthlyDeaths(opts.seed, region, drug, last);
      const sums: number[] = [];
      for (let t = 0; t <= last; t++) {
        let s = 0;
        for (let i = Math.max(0, t - 11); i <= t; i++) s += monthly[i] ?? 0;
        const age = last - t;
        const shown =
          age < 12 ? s * (1 - (UNDERREPORTED[age] ?? 0)) * (1 + 0.004 * (releaseNoise() * 2 - 1)) : s;
        sums.push(Math.max(1, Math.round(shown)));
      }
      byRegion.push(sums);
    }
    reported.set(drug, byRegion);
  }
  const row = (place: string, drug: Drug, t: number, value: number): SpecificDrugsRow => {
    const { year, month } = monthOf(ORIGIN_YEAR, t);
    const suppressed = value >= 1 && value <= 9;
    return {
      data_as_of: opts.dataAsOf,
      death_year: String(year),
      death_month: String(month),
      jurisdiction_occurrence: place,
      drug_involved: drug,
      time_period: '12 month-ending',
      month_ending_date: monthEndUs(year, month),
      drug_overdose_deaths: suppressed ? '' : String(value),
      footnote: suppressed ? SUPPRESSED_FOOTNOTE : '',
    };
  };
  const rows: SpecificDrugsRow[] = [];
  const alphabetical = [...DRUGS].sort();
  for (let t = first; t <= last; t++) {
    for (const drug of alphabetical) {
      const byRegion = reported.get(drug) as number[][];
      rows.push(
        row(
          'United States',
          drug,
          t,
          byRegion.reduce((sum, sums) => sum + (sums[t] ?? 0), 0),
        ),
      );
    }
  }
  for (const drug of DRUGS) {
    const byRegion = reported.get(drug) as number[][];
    for (let region = 1; region <= 10; region++) {
      for (let t = first; t <= last; t++)
        rows.push(row(`Region ${region}`, drug, t, byRegion[region - 1]?.[t] ?? 0));
    }
  }
  return rows;
}
