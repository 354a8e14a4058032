/**
 * SYNTHETIC CBP nationwide drug seizure rows in CBP's format (see fixtures/README.md, "CBP nationwide drug
 * seizures"). Seizure weights are drawn in grams, converted to pounds with CBP's factor 2.20462262 and summed in
 * floating point, which gives the published files' float noise (84.45259999999999) and tiny values in Python's
 * scientific notation (2.20462262e-05).
 */
import { poissonish, pythonFloat, skewed, stream } from '../_lib/fixtures/rng.ts';

export const CBP_COLUMNS = [
  'FY',
  'Month (abbv)',
  'Component',
  'Region',
  'Land Filter',
  'Area of Responsibility',
  'Drug Type',
  'Count of Event',
  'Sum Qty (lbs)',
] as const;
export type CbpRow = Record<(typeof CBP_COLUMNS)[number], string>;

const OFO = 'Office of Field Operations';
const USBP = 'U.S. Border Patrol';
const SWB = 'Southwest Border';
const NB = 'Northern Border';
const CI = 'Coastal/Interior';

/** [area, component, region, land filters, size]: size scales every drug's event rate. */
const AREAS: [string, string, string, string[], number][] = [
  ['SAN DIEGO FIELD OFFICE', OFO, SWB, ['Land Only', 'Other'], 3],
  ['SAN DIEGO SECTOR', USBP, SWB, ['Land Only'], 1.2],
  ['EL CENTRO SECTOR', USBP, SWB, ['Land Only'], 0.8],
  ['YUMA SECTOR', USBP, SWB, ['Land Only'], 0.6],
  ['TUCSON FIELD OFFICE', OFO, SWB, ['Land Only', 'Other'], 2.2],
  ['TUCSON SECTOR', USBP, SWB, ['Land Only'], 1.5],
  ['EL PASO FIELD OFFICE', OFO, SWB, ['Land Only', 'Other'], 1.2],
  ['EL PASO SECTOR', USBP, SWB, ['Land Only'], 0.9],
  ['LAREDO FIELD OFFICE', OFO, SWB, ['Land Only', 'Other'], 1.6],
  ['RIO GRANDE VALLEY SECTOR', USBP, SWB, ['Land Only'], 1.3],
  ['DETROIT FIELD OFFICE', OFO, NB, ['Land Only', 'Other'], 0.7],
  ['BUFFALO SECTOR', USBP, NB, ['Land Only'], 0.2],
  ['LOS ANGELES FIELD OFFICE', OFO, CI, ['Other'], 1.1],
  ['MIAMI FIELD OFFICE', OFO, CI, ['Other'], 1.2],
  ['PRECLEARANCE FIELD OFFICE', OFO, CI, ['Other'], 0.3],
];

/** [drug, events per month at size 1, median grams per event, southwest-border weight, elsewhere weight]. */
const DRUGS: [string, number, number, number, number][] = [
  ['Cocaine', 3, 900, 1, 0.8],
  ['Ecstasy', 0.8, 40, 0.2, 1],
  ['Fentanyl', 2.5, 1200, 1, 0.15],
  ['Heroin', 1.2, 600, 1, 0.3],
  ['Ketamine', 0.5, 250, 0.6, 0.5],
  ['Khat (Catha Edulis)', 0.5, 9000, 0, 0.8],
  ['Lsd', 0.4, 0.05, 0.1, 0.8],
  ['Marijuana', 5, 4000, 1, 1],
  ['Methamphetamine', 4, 5000, 1, 0.25],
  ['Other Drugs**', 3, 300, 0.8, 1],
];

export const LBS_PER_KG = 2.20462262;
const MONTHS = ['OCT', 'NOV', 'DEC', 'JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP'];

/** Fentanyl seizures at San Diego Field Office (land ports) rise by half from 2025-03 on: a visible trend change. */
export const INJECTED_RISE = {
  area: 'SAN DIEGO FIELD OFFICE',
  drug: 'Fentanyl',
  from: '2025-03',
  factor: 1.5,
};

export interface CbpReleaseOptions {
  firstFy: number;
  lastFy: number;
  /** Last month of the last fiscal year in the file (e.g. AUG); that year is labelled "YYYY (FYTD)" unless SEP. */
  lastMonth: string;
  /** Changes a later release makes to months an earlier one had: revised by the factor from this month on. */
  revise?: { fromMonth: string; factor: number };
  /** [calendar month, area, land filter, drug] rows a later release no longer has (reclassified seizures). */
  drop?: [string, string, string, string][];
}

function calendarMonth(fy: number, month: string): string {
  const i = MONTHS.indexOf(month);
  const m = ((i + 9) % 12) + 1;
  const year = m >= 10 ? fy - 1 : fy;
  return `${year}-${String(m).padStart(2, '0')}`;
}

/** One release: rows sorted as CBP sorts them (FY, month name, component, region, land filter, area, drug). */
export function generateCbpRows(opts: CbpReleaseOptions): CbpRow[] {
  const rows: CbpRow[] = [];
  const last = MONTHS.indexOf(opts.lastMonth);
  for (let fy = opts.firstFy; fy <= opts.lastFy; fy++) {
    const months = fy === opts.lastFy ? MONTHS.slice(0, last + 1) : MONTHS;
    const label = fy === opts.lastFy && opts.lastMonth !== 'SEP' ? `${fy} (FYTD)` : String(fy);
    for (const month of months) {
      const cal = calendarMonth(fy, month);
      for (const [area, component, region, filters, size] of AREAS) {
        for (const filter of filters) {
          for (const [drug, rate, grams, swb, elsewhere] of DRUGS) {
            if (opts.drop?.some(([m, a, f, d]) => m === cal && a === area && f === filter && d === drug))
              continue;
            const row = seizures({
              cal,
              area,
              region,
              filter,
              drug,
              rate,
              grams,
              swb,
              elsewhere,
              size,
              opts,
            });
            if (row === null) continue;
            rows.push({
              FY: label,
              'Month (abbv)': month,
              Component: component,
              Region: region,
              'Land Filter': filter,
              'Area of Responsibility': area,
              'Drug Type': drug,
              'Count of Event': String(row.events),
              'Sum Qty (lbs)': pythonFloat(row.lbs),
            });
          }
        }
      }
    }
  }
  const key = (r: CbpRow) => [
    r.FY.slice(0, 4),
    r['Month (abbv)'],
    r.Component,
    r.Region,
    r['Land Filter'],
    r['Area of Responsibility'],
  ];
  return rows.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const c = compare(ka[i] as string, kb[i] as string);
      if (c !== 0) return c;
    }
    return compare(a['Drug Type'], b['Drug Type']);
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function seizures(p: {
  cal: string;
  area: string;
  region: string;
  filter: string;
  drug: string;
  rate: number;
  grams: number;
  swb: number;
  elsewhere: number;
  size: number;
  opts: CbpReleaseOptions;
}): { events: number; lbs: number } | null {
  // The same draws for the same month in every release: overlapping releases agree unless revised on purpose.
  const rand = stream('cbp', p.cal, p.area, p.filter, p.drug);
  const landShare = p.filter === 'Land Only' ? 1 : 0.35;
  let lambda = p.rate * p.size * landShare * (p.region === SWB ? p.swb : p.elsewhere);
  if (p.area === INJECTED_RISE.area && p.drug === INJECTED_RISE.drug && p.cal >= INJECTED_RISE.from) {
    lambda *= INJECTED_RISE.factor;
  }
  let events = poissonish(lambda, rand);
  const revised = p.opts.revise && p.cal >= p.opts.revise.fromMonth;
  if (events === 0) return null;
  let lbs = 0;
  for (let i = 0; i < events; i++) {
    // A few seizures are recorded without a weight; CBP publishes them with 0 lbs.
    const g = rand() < 0.01 ? 0 : Math.round(p.grams * skewed(rand, 1.5) * 100) / 100;
    lbs += (g / 1000) * LBS_PER_KG;
  }
  if (revised && p.opts.revise) {
    events += 1;
    lbs *= p.opts.revise.factor;
  }
  return { events, lbs };
}
