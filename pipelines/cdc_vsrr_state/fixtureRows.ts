/**
 * SYNTHETIC rows in the exact shape of CDC's VSRR provisional state overdose file (data.cdc.gov
 * xkb8-kh2a). The numbers are made up: a seeded monthly series per jurisdiction and drug, summed into
 * 12-month-ending windows the way CDC publishes them, with CDC's suppression, footnotes, symbols,
 * Percent Complete / Pending values and "predicted" adjustment. Deterministic: same options, same rows.
 */
import { normal, stream } from '../_lib/fixtures/rng.ts';
import { VSRR_MONTHS, type VsrrRow } from './vsrrRow.ts';

export interface VsrrGenerateOptions {
  /** Last data month of the release (the "data through" month). */
  throughYear: number;
  throughMonth: number;
  seed: number | string;
  /**
   * Release-to-release revision: Data Values of the release's last 12 months move by up to
   * ±vintageShift (relative; e.g. 0.01), differently for each release. Default 0.
   */
  vintageShift?: number;
  /**
   * How decimals are written: 'current' (11 characters, e.g. 0.083563264, as in 2020s downloads) or
   * 'legacy' (15 significant digits, e.g. 0.248523296603293, as in the 2018 download). Default 'current'.
   */
  decimals?: 'current' | 'legacy';
}

export const JURISDICTIONS = [
  { code: 'AK', name: 'Alaska' },
  { code: 'AZ', name: 'Arizona' },
  { code: 'CA', name: 'California' },
  { code: 'FL', name: 'Florida' },
  { code: 'NM', name: 'New Mexico' },
  { code: 'NY', name: 'New York' },
  { code: 'OH', name: 'Ohio' },
  { code: 'TX', name: 'Texas' },
  { code: 'US', name: 'United States' },
  { code: 'WV', name: 'West Virginia' },
  { code: 'YC', name: 'New York City' },
] as const;

export type JurisdictionCode = (typeof JURISDICTIONS)[number]['code'];

/** CDC's indicator spellings, in the publisher's (alphabetical) row order. */
export const INDICATORS = {
  cocaine: 'Cocaine (T40.5)',
  heroin: 'Heroin (T40.1)',
  deaths: 'Number of Deaths',
  overdoses: 'Number of Drug Overdose Deaths',
  opioids: 'Opioids (T40.0-T40.4,T40.6)',
  percentSpecified: 'Percent with drugs specified',
  methamphetamine: 'Psychostimulants with abuse potential (T43.6)',
  fentanyl: 'Synthetic opioids, excl. methadone (T40.4)',
} as const;

type IndicatorKey = keyof typeof INDICATORS;

export const FOOTNOTES = {
  final: 'Numbers may differ from published reports using final data. See Technical Notes.',
  underreported: 'Underreported due to incomplete data.',
  /** Appended to the base footnote; note the TWO spaces, as CDC writes it. */
  suppressed: '  Data suppressed (<10).',
  /** Appended to the base footnote with one space. */
  lowQuality: ' Data not shown due to low data quality.',
} as const;

/** The deliberate rises planted for the detectors: monthly deaths × (1 + step·k) in month k = 1…months. */
export const INJECTED_RISES = [
  {
    state: 'AZ',
    drug: 'fentanyl',
    indicator: INDICATORS.fentanyl,
    firstMonth: '2023-11',
    months: 8,
    step: 0.18,
  },
  {
    state: 'NM',
    drug: 'methamphetamine',
    indicator: INDICATORS.methamphetamine,
    firstMonth: '2023-11',
    months: 8,
    step: 0.15,
  },
] as const;

export const FIRST_DATA_MONTH = '2019-01';

/** Month index 0 = January 2018: the monthly series start a year before the first 12-month window ends. */
const ORIGIN_YEAR = 2018;
const FIRST_ROW_INDEX = 12;

type Component =
  | 'deaths'
  | 'fentanyl'
  | 'heroin'
  | 'otherOpioid'
  | 'methamphetamine'
  | 'cocaine'
  | 'otherDrug';

/** Annual deaths at each component's peak level (shape factor 1), roughly like the real magnitudes. */
const BASES: Record<JurisdictionCode, Record<Component, number> & { pct: number; pending: number }> = {
  US: {
    deaths: 3_150_000,
    fentanyl: 80_000,
    heroin: 9_000,
    otherOpioid: 9_000,
    methamphetamine: 34_000,
    cocaine: 28_000,
    otherDrug: 14_000,
    pct: 94.5,
    pending: 0.17,
  },
  AZ: {
    deaths: 72_000,
    fentanyl: 1_900,
    heroin: 260,
    otherOpioid: 300,
    methamphetamine: 1_450,
    cocaine: 330,
    otherDrug: 350,
    pct: 97.6,
    pending: 0.03,
  },
  CA: {
    deaths: 325_000,
    fentanyl: 7_600,
    heroin: 800,
    otherOpioid: 900,
    methamphetamine: 6_700,
    cocaine: 1_500,
    otherDrug: 1_300,
    pct: 95.2,
    pending: 0.25,
  },
  FL: {
    deaths: 255_000,
    fentanyl: 5_600,
    heroin: 350,
    otherOpioid: 800,
    methamphetamine: 1_600,
    cocaine: 2_900,
    otherDrug: 900,
    pct: 96.8,
    pending: 0.12,
  },
  NM: {
    deaths: 23_000,
    fentanyl: 560,
    heroin: 190,
    otherOpioid: 140,
    methamphetamine: 480,
    cocaine: 160,
    otherDrug: 110,
    pct: 96.1,
    pending: 0.2,
  },
  NY: {
    deaths: 105_000,
    fentanyl: 2_600,
    heroin: 520,
    otherOpioid: 420,
    methamphetamine: 210,
    cocaine: 1_100,
    otherDrug: 330,
    pct: 97.9,
    pending: 0.08,
  },
  OH: {
    deaths: 142_000,
    fentanyl: 4_300,
    heroin: 240,
    otherOpioid: 350,
    methamphetamine: 1_350,
    cocaine: 1_400,
    otherDrug: 400,
    pct: 98.7,
    pending: 0.1,
  },
  TX: {
    deaths: 255_000,
    fentanyl: 2_900,
    heroin: 720,
    otherOpioid: 600,
    methamphetamine: 2_100,
    cocaine: 1_250,
    otherDrug: 900,
    pct: 91.8,
    pending: 0.22,
  },
  WV: {
    deaths: 28_000,
    fentanyl: 1_150,
    heroin: 130,
    otherOpioid: 140,
    methamphetamine: 720,
    cocaine: 210,
    otherDrug: 90,
    pct: 99.1,
    pending: 0.24,
  },
  YC: {
    deaths: 66_000,
    fentanyl: 2_450,
    heroin: 540,
    otherOpioid: 300,
    methamphetamine: 110,
    cocaine: 1_750,
    otherDrug: 220,
    pct: 98.4,
    pending: 0.1,
  },
  // Small enough that heroin and cocaine cross the <10 suppression line.
  AK: {
    deaths: 5_400,
    fentanyl: 190,
    heroin: 9,
    otherOpioid: 30,
    methamphetamine: 150,
    cocaine: 13,
    otherDrug: 25,
    pct: 95,
    pending: 0,
  },
};

/** Piecewise-linear level over month index (0 = 2018-01); flat beyond the last knot. */
const SHAPES: Record<Component, readonly (readonly [number, number])[]> = {
  fentanyl: [
    [0, 0.55],
    [30, 0.8],
    [42, 0.95],
    [54, 1],
    [66, 0.96],
    [78, 0.74],
    [120, 0.6],
  ],
  methamphetamine: [
    [0, 0.6],
    [36, 0.92],
    [60, 1],
    [78, 0.9],
    [120, 0.85],
  ],
  cocaine: [
    [0, 0.7],
    [36, 0.92],
    [60, 1],
    [78, 0.93],
    [120, 0.9],
  ],
  heroin: [
    [0, 1.7],
    [36, 1.1],
    [78, 0.55],
    [120, 0.4],
  ],
  otherOpioid: [
    [0, 1],
    [78, 0.9],
    [120, 0.85],
  ],
  otherDrug: [
    [0, 0.9],
    [48, 1],
  ],
  deaths: [
    [0, 0.93],
    [26, 0.93],
    [28, 1.1],
    [36, 1.12],
    [45, 1.12],
    [48, 1.05],
    [60, 0.98],
  ],
};

/** Winter peak of all-cause deaths (January … December); overdoses have no seasonality here. */
const SEASON = [1.12, 1.02, 1.02, 0.96, 0.95, 0.92, 0.94, 0.94, 0.92, 0.98, 1, 1.13];

/** Share of deaths not yet reported, by months before the release's last month (0 = last month). */
const UNDERREPORTED = [0.055, 0.038, 0.027, 0.019, 0.013, 0.009, 0.006, 0.004, 0.003, 0.002, 0.001, 0.0005];
/** Extra pending-investigation share in recent months, same indexing. */
const PENDING_RECENT = [3, 2.4, 1.8, 1.35, 1.05, 0.75, 0.54, 0.36, 0.24, 0.15, 0.09, 0.06];

const WITHOUT_PREDICTED: ReadonlySet<IndicatorKey> = new Set(['deaths', 'percentSpecified']);
const DRUG_SPECIFIC: ReadonlySet<IndicatorKey> = new Set([
  'cocaine',
  'heroin',
  'opioids',
  'methamphetamine',
  'fentanyl',
]);
/** Jurisdictions whose latest three months report Percent Complete as the text `99.5+`. */
const NEARLY_COMPLETE: ReadonlySet<string> = new Set(['AZ', 'TX', 'FL']);

export function generateVsrrRows(opts: VsrrGenerateOptions): VsrrRow[] {
  const { throughYear, throughMonth, seed } = opts;
  const vintageShift = opts.vintageShift ?? 0;
  if (
    !Number.isInteger(throughYear) ||
    !Number.isInteger(throughMonth) ||
    throughMonth < 1 ||
    throughMonth > 12
  ) {
    throw new RangeError(
      `invalid through month: ${throughYear}-${throughMonth} (expected a year and a month 1–12)`,
    );
  }
  const last = (throughYear - ORIGIN_YEAR) * 12 + throughMonth - 1;
  if (last < FIRST_ROW_INDEX) {
    throw new RangeError(
      `invalid through month: ${throughYear}-${throughMonth} (expected ${FIRST_DATA_MONTH} or later)`,
    );
  }
  if (!Number.isFinite(vintageShift) || vintageShift < 0 || vintageShift > 0.1) {
    throw new RangeError(`invalid vintageShift: ${vintageShift} (expected 0 to 0.1)`);
  }
  const format = opts.decimals === 'legacy' ? formatLegacy : formatCurrent;
  // Final data exist for years whose final file came out ~6 months after year end; later years carry '*'.
  const finalYear = throughMonth >= 6 ? throughYear - 1 : throughYear - 2;

  const rows: VsrrRow[] = [];
  for (const { code, name } of JURISDICTIONS) {
    const monthly = monthlySeries(seed, code, last);
    const sum12 = (series: readonly number[], t: number) => {
      let s = 0;
      for (let i = t - 11; i <= t; i++) s += series[i] ?? 0;
      return s;
    };
    const pct = percentSpecified(seed, code, last);
    const pending = pendingShares(seed, code, last);
    const keys = (Object.keys(INDICATORS) as IndicatorKey[]).sort((a, b) =>
      INDICATORS[a] < INDICATORS[b] ? -1 : 1,
    );
    for (const key of keys) {
      const revision = stream(seed, 'release', last, code, key);
      for (let t = FIRST_ROW_INDEX; t <= last; t++) {
        const age = last - t;
        const year = ORIGIN_YEAR + Math.floor(t / 12);
        const recent = year > finalYear;
        const r = revision() * 2 - 1; // drawn for every month so a row's noise never depends on others
        const ppi = pending[t] ?? 0;
        let data = '';
        let predicted = '';
        let note = '';
        if (key === 'percentSpecified') {
          data = format(pct[t] ?? 0);
        } else if (DRUG_SPECIFIC.has(key) && (pct[t] ?? 100) < 90) {
          note = FOOTNOTES.lowQuality;
        } else {
          const truth = sum12(monthly[key], t);
          const shift = age < 12 ? (1 - (UNDERREPORTED[age] ?? 0)) * (1 + vintageShift * r) : 1;
          const reported = Math.round(truth * shift);
          if (reported < 10) {
            note = FOOTNOTES.suppressed;
          } else {
            data = String(reported);
            if (!WITHOUT_PREDICTED.has(key)) {
              predicted = String(Math.max(reported, Math.round(truth * (1 + (ppi / 100) * 0.6))));
            }
          }
        }
        rows.push({
          State: code,
          Year: String(year),
          Month: VSRR_MONTHS[t % 12] ?? '',
          Period: '12 month-ending',
          Indicator: INDICATORS[key],
          'Data Value': data,
          'Percent Complete': NEARLY_COMPLETE.has(code) && age <= 2 ? '99.5+' : '100',
          'Percent Pending Investigation': format(ppi),
          'State Name': name,
          Footnote: (recent ? FOOTNOTES.underreported : FOOTNOTES.final) + note,
          'Footnote Symbol': recent ? '*' : '**',
          'Predicted Value': predicted,
        });
      }
    }
  }
  return rows;
}

type Monthly = Record<Exclude<IndicatorKey, 'percentSpecified'>, number[]>;

/** Monthly deaths 0..last for one jurisdiction; each component's stream is independent of `last`. */
function monthlySeries(seed: number | string, code: JurisdictionCode, last: number): Monthly {
  const base = BASES[code];
  const draw = (component: Component) => {
    const rand = stream(seed, 'monthly', code, component);
    const out: number[] = [];
    for (let t = 0; t <= last; t++) {
      const season = component === 'deaths' ? (SEASON[t % 12] ?? 1) : 1;
      const lambda =
        (base[component] / 12) * level(SHAPES[component], t) * season * injection(code, component, t);
      out.push(poissonish(lambda, rand));
    }
    return out;
  };
  const fentanyl = draw('fentanyl');
  const heroin = draw('heroin');
  const otherOpioid = draw('otherOpioid');
  const methamphetamine = draw('methamphetamine');
  const cocaine = draw('cocaine');
  const otherDrug = draw('otherDrug');
  const allCause = draw('deaths');
  // Deaths often involve several drugs, so the groups overlap: opioids ≥ fentanyl, overdoses ≥ opioids.
  const opioids = fentanyl.map((f, t) => f + Math.round(0.45 * (heroin[t] ?? 0)) + (otherOpioid[t] ?? 0));
  const overdoses = opioids.map(
    (o, t) =>
      o +
      Math.round(0.55 * (methamphetamine[t] ?? 0)) +
      Math.round(0.3 * (cocaine[t] ?? 0)) +
      (otherDrug[t] ?? 0),
  );
  const deaths = allCause.map((d, t) => d + (overdoses[t] ?? 0));
  return { fentanyl, heroin, methamphetamine, cocaine, opioids, overdoses, deaths };
}

/** 12-month share of overdose deaths with a drug specified; Alaska starts below CDC's 90% quality bar. */
function percentSpecified(seed: number | string, code: JurisdictionCode, last: number): number[] {
  const rand = stream(seed, 'pct', code);
  const out: number[] = [];
  let drift = 0;
  for (let t = 0; t <= last; t++) {
    drift = 0.8 * drift + 0.25 * normal(rand);
    const dip = code === 'AK' && t < 20 ? 8.5 - 0.45 * (t - FIRST_ROW_INDEX) : 0;
    out.push(Math.min(99.99, BASES[code].pct + drift - dip));
  }
  return out;
}

/** Percent of deaths pending investigation, per month; higher in the release's most recent months. */
function pendingShares(seed: number | string, code: JurisdictionCode, last: number): number[] {
  const older = stream(seed, 'pending', code);
  const latest = stream(seed, 'pending-recent', last, code);
  const out: number[] = [];
  for (let t = 0; t <= last; t++) {
    const age = last - t;
    const o = older();
    const l = latest();
    const base = BASES[code].pending;
    if (code === 'AK') out.push(age < 4 ? 0.02 + 0.05 * l : 0);
    else
      out.push(base * (0.3 + 0.4 * o) + (age < 12 ? base * (PENDING_RECENT[age] ?? 0) * (0.8 + 0.4 * l) : 0));
  }
  return out;
}

function injection(code: string, component: Component, t: number): number {
  for (const rise of INJECTED_RISES) {
    if (rise.state !== code || rise.drug !== component) continue;
    const k = t - monthIndex(rise.firstMonth) + 1;
    if (k >= 1) return 1 + rise.step * Math.min(k, rise.months);
  }
  return 1;
}

function monthIndex(yyyyMm: string): number {
  const [y, m] = yyyyMm.split('-').map(Number);
  return ((y ?? ORIGIN_YEAR) - ORIGIN_YEAR) * 12 + (m ?? 1) - 1;
}

function level(knots: readonly (readonly [number, number])[], t: number): number {
  let prev = knots[0] ?? [0, 1];
  for (const knot of knots) {
    if (t <= knot[0]) {
      if (knot[0] === prev[0]) return knot[1];
      return prev[1] + ((knot[1] - prev[1]) * (t - prev[0])) / (knot[0] - prev[0]);
    }
    prev = knot;
  }
  return prev[1];
}

/**
 * A count near Poisson(λ) with mild overdispersion. Only +, ×, comparisons and sqrt (exactly rounded
 * in IEEE 754), so the bytes are the same on every platform: small λ by a binomial of many Bernoulli
 * trials, large λ by a normal approximation (Irwin–Hall sum of 12 uniforms).
 */
function poissonish(lambda: number, rand: () => number): number {
  const mean = lambda * Math.max(0.5, 1 + 0.04 * normal(rand));
  if (mean < 50) {
    const n = 64 + 8 * Math.ceil(mean);
    const p = mean / n;
    let k = 0;
    for (let i = 0; i < n; i++) if (rand() < p) k++;
    return k;
  }
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rand)));
}

/** 11 characters wide, trailing zeros dropped: 0.083563264, 98.87808527, 100, 0. */
function formatCurrent(x: number): string {
  const intDigits = String(Math.trunc(Math.abs(x))).length;
  return trimZeros(x.toFixed(Math.max(0, 10 - intDigits)));
}

/** 15 significant digits, trailing zeros dropped: 0.248523296603293, 99.5245641838352. */
function formatLegacy(x: number): string {
  if (x === 0) return '0';
  return trimZeros(x.toPrecision(15));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
