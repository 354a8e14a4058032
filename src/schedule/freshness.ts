/**
 * How fresh a source is: ok, warn or error, from how often its publisher releases and how old our data is.
 *
 * Thresholds. A pipeline declares `releases` (weekly, monthly, quarterly, yearly, five-yearly); its nominal period P
 * is 7, 30.44, 91.31, 365.25 or 1826.25 days. By default a source warns once it is 1.5 P old (a release is overdue by
 * half a period) and is in error once it is 2.5 P old (two releases missed): weekly 11/18 days, monthly 46/77,
 * quarterly 137/229, yearly 548/914, five-yearly (CONAPO's projections: 2012, 2018, 2023) 2740/4566.
 * `pipelines.<name>.freshness: {warnAfterDays, errorAfterDays}` overrides them.
 *
 * Age. For publishers' data the age is that of the latest vintage (the publisher's release date, or the fetch date
 * when the publisher gives none): it grows when the publisher stops releasing and when our job stops fetching, and
 * the panel needs to know either way. Demo data (the bundled fixtures) has fixed, old vintages by design, so judging
 * it by vintage would make every demo warehouse permanently red; it is judged instead by the age of its last
 * successful load: a warehouse freshly built by `npm start` is ok, one nobody has rerun for two periods is not.
 *
 * A source never loaded is in error. A job whose last execution failed after its retries is in error too (see
 * jobHealth), whatever the age of the data, because somebody has to look at it.
 */
import { NO_RELEASE } from '../core/notLoaded.ts';

export type Releases = 'weekly' | 'monthly' | 'quarterly' | 'yearly' | 'five-yearly';
export type FreshnessState = 'ok' | 'warn' | 'error';

export const RELEASE_PERIOD_DAYS: Record<Releases, number> = {
  weekly: 7,
  monthly: 30.4375,
  quarterly: 91.3125,
  yearly: 365.25,
  'five-yearly': 5 * 365.25,
};

export interface Thresholds {
  warnAfterDays: number;
  errorAfterDays: number;
}

export function defaultThresholds(releases: Releases): Thresholds {
  const period = RELEASE_PERIOD_DAYS[releases];
  return { warnAfterDays: Math.ceil(1.5 * period), errorAfterDays: Math.ceil(2.5 * period) };
}

export function thresholdsFor(releases: Releases, override?: Partial<Thresholds> | null): Thresholds {
  const base = defaultThresholds(releases);
  return { ...base, ...(override ?? {}) };
}

export interface FreshnessInput {
  releases: Releases;
  thresholds: Thresholds;
  /** Latest vintage loaded (YYYY-MM-DD), if any. */
  latestVintage: string | null;
  /** When the last successful load finished (ISO or Date), if any. */
  lastLoadedAt: string | Date | null;
  /** The latest successful load was bundled demo data. */
  demo: boolean;
  loads: number;
  now: Date;
}

export interface Freshness {
  state: FreshnessState;
  /** What the age was measured on. */
  basis: 'vintage' | 'last_load' | 'none';
  ageDays: number | null;
  warnAfterDays: number;
  errorAfterDays: number;
  reason: string;
}

const DAY_MS = 86_400_000;

export function evaluateFreshness(input: FreshnessInput): Freshness {
  const { warnAfterDays, errorAfterDays } = input.thresholds;
  const base = { warnAfterDays, errorAfterDays };
  if (input.loads === 0 || (input.latestVintage === null && input.lastLoadedAt === null)) {
    return {
      ...base,
      state: 'error',
      basis: 'none',
      ageDays: null,
      reason: `not loaded: ${NO_RELEASE}`,
    };
  }
  const basis = input.demo || input.latestVintage === null ? 'last_load' : 'vintage';
  const from = basis === 'vintage' ? parseDay(input.latestVintage as string) : toDate(input.lastLoadedAt);
  if (from === null) {
    return {
      ...base,
      state: 'error',
      basis: 'none',
      ageDays: null,
      reason: 'no date to measure the age from',
    };
  }
  const ageDays = Math.max(0, Math.floor((input.now.getTime() - from.getTime()) / DAY_MS));
  const what =
    basis === 'vintage'
      ? `latest vintage is ${ageDays} day(s) old`
      : `demo data, last loaded ${ageDays} day(s) ago (demo vintages are fixed dates, so the load is judged)`;
  const expected = `${input.releases} releases: warn after ${warnAfterDays}, error after ${errorAfterDays} days`;
  const state: FreshnessState = ageDays > errorAfterDays ? 'error' : ageDays > warnAfterDays ? 'warn' : 'ok';
  return { ...base, state, basis, ageDays, reason: `${what}; ${expected}` };
}

export function worst(...states: FreshnessState[]): FreshnessState {
  if (states.includes('error')) return 'error';
  if (states.includes('warn')) return 'warn';
  return 'ok';
}

function parseDay(day: string): Date | null {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

function toDate(value: string | Date | null): Date | null {
  if (value === null) return null;
  if (value instanceof Date) return value;
  // DuckDB's strftime('%z') gives +00 / +0000; Date.parse wants +00:00.
  const normalised = value
    .replace(' ', 'T')
    .replace(/([+-]\d{2})(\d{2})?$/, (_, h, m) => `${h}:${m ?? '00'}`);
  const d = new Date(normalised);
  return Number.isNaN(d.getTime()) ? null : d;
}
