/**
 * What each page shows, derived from ReportData: which series stand for a drug in a country, headline figures with
 * their change on a year earlier, the strongest signals, the rows of each seizure or naloxone comparison. Pure
 * functions, shared by the HTML pages and the chart specs.
 */

import type { Lang } from '../core/lang.ts';
import {
  DEATH_PERIOD_TYPES,
  DEATHS,
  DEATHS_PREDICTED,
  FAMILIES,
  type Family,
  isNaloxoneMeasure,
  isSeizureMeasure,
  NALOXONE_MEASURES,
  OPIOID_DEATH_DRUGS,
  placeRank,
  SEIZURE_MEASURES,
} from './focus.ts';
import { label, strings } from './i18n.ts';
import type { AlertRow, Point, ReportData, Series, SourceLabel, TrendSegment } from './reportData.ts';

export function placeName(data: ReportData, code: string, lang: Lang): string {
  return data.geographies.find((g) => g.code === code)?.name[lang] ?? code;
}

export function drugLabel(data: ReportData, code: string, lang: Lang): string {
  return data.drugs.find((d) => d.code === code)?.label[lang] ?? code;
}

/** A source's labels and grouping, from its definition through the warehouse (meta.sources). */
function sourceLabel(data: ReportData, source: string): SourceLabel | undefined {
  return data.sourceLabels.find((l) => l.source === source);
}

export function sourceName(data: ReportData, source: string, lang: Lang): string {
  return sourceLabel(data, source)?.name[lang] ?? source;
}

/** What the source's definition says it holds; undefined when it says nothing. */
export function sourceAbout(data: ReportData, source: string, lang: Lang): string | undefined {
  return sourceLabel(data, source)?.description?.[lang];
}

/** True when the source counts in US federal fiscal years (CBP). */
export function usesFiscalYears(data: ReportData, source: string): boolean {
  return sourceLabel(data, source)?.fiscalYears === true;
}

export function countryName(country: string, lang: Lang): string {
  return label(strings(lang).country, country);
}

/** Countries present in the data, US first. */
export function countriesOf(items: { country: string }[]): string[] {
  return [...new Set(items.map((i) => i.country))].sort((a, b) =>
    a === 'US' ? -1 : b === 'US' ? 1 : a.localeCompare(b),
  );
}

export function sortPlaces(codes: Iterable<string>): string[] {
  return [...new Set(codes)].sort((a, b) => placeRank(a) - placeRank(b) || a.localeCompare(b));
}

/** ISO date of the last day of the month `months` after (or before) the month of `iso`. */
export function shiftMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  return new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
}

export const monthKey = (iso: string) => iso.slice(0, 7);

/** The deaths series chosen to stand for a family in one country at one level, and their predicted companions. */
export interface DeathChoice {
  source: string;
  drug: string;
  periodType: string;
  series: Series[];
  predicted: Map<string, Series>;
}

/**
 * Per country, one (source, drug, period type) for a family's deaths: the family's own code before proxies,
 * 12-month sums before years and months, then the one with most places and periods.
 */
export function chooseDeaths(
  data: ReportData,
  drugs: readonly string[],
  country: string,
  level: 'nation' | 'state',
): DeathChoice | undefined {
  const candidates = data.series.filter(
    (s) =>
      s.measure === DEATHS &&
      drugs.includes(s.drug) &&
      s.country === country &&
      s.geoLevel === level &&
      !s.areas &&
      s.points.some((p) => p.value !== null),
  );
  const groups = new Map<string, Series[]>();
  for (const s of candidates) {
    const key = `${s.source}|${s.drug}|${s.periodType}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const rank = (t: string) => {
    const i = DEATH_PERIOD_TYPES.indexOf(t);
    return i < 0 ? DEATH_PERIOD_TYPES.length : i;
  };
  const best = [...groups.values()].sort((a, b) => {
    const [sa] = a;
    const [sb] = b;
    if (!sa || !sb) return 0;
    const points = (g: Series[]) => g.reduce((n, s) => n + s.points.length, 0);
    return (
      drugs.indexOf(sa.drug) - drugs.indexOf(sb.drug) ||
      rank(sa.periodType) - rank(sb.periodType) ||
      b.length - a.length ||
      points(b) - points(a) ||
      sa.source.localeCompare(sb.source)
    );
  })[0];
  const first = best?.[0];
  if (!best || !first) return undefined;
  const predicted = new Map<string, Series>();
  for (const s of data.series) {
    if (
      s.measure === DEATHS_PREDICTED &&
      s.source === first.source &&
      s.drug === first.drug &&
      s.periodType === first.periodType &&
      s.country === country &&
      s.geoLevel === level
    )
      predicted.set(s.geo, s);
  }
  return {
    source: first.source,
    drug: first.drug,
    periodType: first.periodType,
    series: [...best].sort((a, b) => placeRank(a.geo) - placeRank(b.geo) || a.geo.localeCompare(b.geo)),
    predicted,
  };
}

/** A figure over the latest 12 months (or 4 quarters, or year) and the same span a year earlier. */
export interface YearOnYear {
  end: string;
  value: number;
  previous: number | null;
  /** Percent change; null without a previous value, or when it was 0. */
  pct: number | null;
  provisional: boolean;
}

/** Latest 12 months against the 12 before, whatever the period type. Null when the latest span is incomplete. */
export function yearOnYear(series: Series): YearOnYear | null {
  const points = series.points;
  const byMonth = new Map(points.map((p) => [monthKey(p.end), p]));
  const latest = [...points].reverse().find((p) => p.value !== null);
  if (!latest) return null;
  const span = (end: string): { value: number; provisional: boolean } | null => {
    if (series.periodType === '12mo_ending' || series.periodType === 'year') {
      const p = byMonth.get(monthKey(end));
      return p && p.value !== null ? { value: p.value, provisional: p.status === 'provisional' } : null;
    }
    const step = series.periodType === 'quarter' ? 3 : 1;
    const count = 12 / step;
    let value = 0;
    let provisional = false;
    for (let i = 0; i < count; i++) {
      const p = byMonth.get(monthKey(shiftMonths(end, -i * step)));
      if (!p || p.value === null) return null;
      value += p.value;
      provisional ||= p.status === 'provisional';
    }
    return { value, provisional };
  };
  const now = span(latest.end);
  if (!now) return null;
  const before = span(shiftMonths(latest.end, -12));
  const pct = before && before.value !== 0 ? (100 * (now.value - before.value)) / before.value : null;
  return {
    end: latest.end,
    value: now.value,
    previous: before ? before.value : null,
    pct,
    provisional: now.provisional,
  };
}

export interface Headline {
  kind: 'deaths' | 'seizures' | 'naloxone';
  family: Family | null;
  country: string;
  series: Series;
  figure: YearOnYear;
  /** The publisher's predicted (delay-adjusted) values stand in for its reported, still incomplete counts. */
  adjusted: boolean;
}

/** Preferred measure among those present: the listed order first, then the rest alphabetically. */
export function preferMeasure(present: Iterable<string>, order: string[]): string | undefined {
  const set = [...new Set(present)];
  return set.sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || a.localeCompare(b);
  })[0];
}

/** A family's seizure series. */
const seizuresOf = (family: Family) => (s: Series) =>
  isSeizureMeasure(s.measure) && family.drugs.includes(s.drug);

const isNaloxone = (s: Series) => isNaloxoneMeasure(s.measure);

/** The series of a country that `isDriver` picks, and the measure preferred among them. */
function driversIn(series: Series[], country: string, isDriver: (s: Series) => boolean, order: string[]) {
  const found = series.filter((s) => isDriver(s) && s.country === country);
  return {
    found,
    measure: preferMeasure(
      found.map((s) => s.measure),
      order,
    ),
  };
}

function nationalDriver(
  nations: Series[],
  country: string,
  isDriver: (s: Series) => boolean,
  order: string[],
): Series | undefined {
  const { found, measure } = driversIn(nations, country, isDriver, order);
  return found.find((s) => s.measure === measure);
}

/** National headline figures: deaths and seizures of each family per country, then naloxone. */
export function headlines(data: ReportData): Headline[] {
  const out: Headline[] = [];
  const countries = countriesOf(data.series);
  const nations = data.series.filter((s) => s.geoLevel === 'nation');
  for (const family of FAMILIES) {
    for (const country of countries) {
      const deaths = chooseDeaths(data, family.drugs, country, 'nation');
      const series = deaths?.series[0];
      const figure = series && yearOnYear(series);
      if (!series || !figure) continue;
      // Recent reported counts are incomplete: where the publisher predicts the delay-adjusted count (CDC VSRR), the
      // headline is that prediction, as the publisher's own headline is, for the same latest period.
      const predicted = deaths?.predicted.get(series.geo);
      const adjusted = predicted && yearOnYear(predicted);
      if (
        predicted &&
        adjusted &&
        adjusted.end >= figure.end &&
        (adjusted.previous !== null || figure.previous === null)
      )
        out.push({ kind: 'deaths', family, country, series: predicted, figure: adjusted, adjusted: true });
      else out.push({ kind: 'deaths', family, country, series, figure, adjusted: false });
    }
    for (const country of countries) {
      const series = nationalDriver(nations, country, seizuresOf(family), SEIZURE_MEASURES);
      const figure = series && yearOnYear(series);
      if (series && figure) out.push({ kind: 'seizures', family, country, series, figure, adjusted: false });
    }
  }
  for (const country of countries) {
    const series = nationalDriver(nations, country, isNaloxone, NALOXONE_MEASURES);
    const figure = series && yearOnYear(series);
    if (series && figure)
      out.push({ kind: 'naloxone', family: null, country, series, figure, adjusted: false });
  }
  return out;
}

const alertSeriesKey = (a: AlertRow) =>
  [a.source, a.geo, a.drug, a.measure, a.periodType, a.periodEnd].join('\u0000');

/** How many methods raised an alarm for the same series and period. */
export function methodsAgreeing(alerts: AlertRow[]): Map<string, number> {
  const methods = new Map<string, Set<string>>();
  for (const a of alerts) {
    const key = alertSeriesKey(a);
    const set = methods.get(key) ?? new Set<string>();
    set.add(a.method);
    methods.set(key, set);
  }
  const out = new Map<string, number>();
  for (const a of alerts) out.set(a.id, methods.get(alertSeriesKey(a))?.size ?? 1);
  return out;
}

/** Alarms within this many months of their source's latest period are current: they lead the signals. */
export const CURRENT_MONTHS = 5;

/**
 * The strongest signals, one per series, each shown by its latest alarm: series still alarming in their source's
 * latest period first (data.active; else alarms within CURRENT_MONTHS of it), then corroborated by another source, then
 * raised by several methods with one surviving the FDR correction, then by more methods, then surviving FDR, then the
 * most recent, then the largest excess over the threshold.
 */
export function topSignals(data: ReportData, n = 5): { alert: AlertRow; methods: number }[] {
  const agree = methodsAgreeing(data.alerts);
  const seriesKey = (x: { source: string; geo: string; drug: string; measure: string; periodType: string }) =>
    [x.source, x.geo, x.drug, x.measure, x.periodType].join('\u0000');
  const ongoing = new Set(data.active.map(seriesKey));
  const latest = new Map<string, string>();
  for (const a of data.alerts) {
    for (const p of a.spark) if (p.end > (latest.get(a.source) ?? '')) latest.set(a.source, p.end);
    if (a.periodEnd > (latest.get(a.source) ?? '')) latest.set(a.source, a.periodEnd);
  }
  const current = (a: AlertRow) =>
    ongoing.size > 0
      ? ongoing.has(seriesKey(a))
      : a.periodEnd >= shiftMonths(latest.get(a.source) ?? a.periodEnd, -CURRENT_MONTHS);
  const methods = (a: AlertRow) => agree.get(a.id) ?? 1;
  const fdrInPeriod = new Set(
    data.alerts.filter((a) => a.fdrAlarm === true).map((a) => `${seriesKey(a)}\u0000${a.periodEnd}`),
  );
  const fdr = (a: AlertRow) => fdrInPeriod.has(`${seriesKey(a)}\u0000${a.periodEnd}`);
  // A series is shown by its latest alarm (a signal still going on is not shown by an old month).
  const bySeries = new Map<string, AlertRow>();
  for (const a of data.alerts) {
    const key = seriesKey(a);
    const held = bySeries.get(key);
    if (
      !held ||
      a.periodEnd > held.periodEnd ||
      (a.periodEnd === held.periodEnd &&
        (a.corroboratedBy.length - held.corroboratedBy.length ||
          Number(a.fdrAlarm === true) - Number(held.fdrAlarm === true) ||
          held.id.localeCompare(a.id)) > 0)
    )
      bySeries.set(key, a);
  }
  const excess = (x: AlertRow) =>
    x.observed !== null && x.threshold !== null && x.expected !== null && x.threshold > x.expected
      ? (x.observed - x.expected) / (x.threshold - x.expected)
      : 0;
  return [...bySeries.values()]
    .sort(
      (a, b) =>
        Number(current(b)) - Number(current(a)) ||
        b.corroboratedBy.length - a.corroboratedBy.length ||
        Number(methods(b) > 1 && fdr(b)) - Number(methods(a) > 1 && fdr(a)) ||
        methods(b) - methods(a) ||
        Number(fdr(b)) - Number(fdr(a)) ||
        b.periodEnd.localeCompare(a.periodEnd) ||
        excess(b) - excess(a) ||
        a.id.localeCompare(b.id),
    )
    .slice(0, n)
    .map((alert) => ({ alert, methods: methods(alert) }));
}

/** One place of a two-panel comparison: the driver (seizures, naloxone) above, deaths below. */
export interface DualPlace {
  geo: string;
  driver: Series | undefined;
  deaths: Series | undefined;
}

export interface DualComparison {
  country: string;
  driverMeasure: string;
  deathsDrug: string | null;
  deathsSource: string | null;
  places: DualPlace[];
  /** Border states (and the nation) with no driver series. */
  missing: string[];
}

function deathsByGeo(data: ReportData, drugs: readonly string[], country: string) {
  const nation = chooseDeaths(data, drugs, country, 'nation');
  const states = chooseDeaths(data, drugs, country, 'state');
  const map = new Map<string, Series>();
  for (const s of [...(nation?.series ?? []), ...(states?.series ?? [])]) map.set(s.geo, s);
  return {
    map,
    drug: states?.drug ?? nation?.drug ?? null,
    source: states?.source ?? nation?.source ?? null,
  };
}

function borderAndNation(data: ReportData, country: string): string[] {
  const nation = data.geographies.find((g) => g.country === country && g.level === 'nation')?.code ?? country;
  const states = data.geographies.filter((g) => g.country === country && g.borderState).map((g) => g.code);
  return sortPlaces([nation, ...states]);
}

/** Drivers (seizures, naloxone) against deaths of `deathDrugs`, per country, for the nation and the border states. */
function dualComparisons(
  data: ReportData,
  isDriver: (s: Series) => boolean,
  order: string[],
  deathDrugs: readonly string[],
): DualComparison[] {
  const out: DualComparison[] = [];
  for (const country of countriesOf(data.series)) {
    const { found, measure } = driversIn(data.series, country, isDriver, order);
    if (!measure) continue;
    const deaths = deathsByGeo(data, deathDrugs, country);
    const places: DualPlace[] = [];
    const missing: string[] = [];
    for (const geo of borderAndNation(data, country)) {
      const driver = found.find((s) => s.geo === geo && s.measure === measure);
      if (!driver) {
        missing.push(geo);
        continue;
      }
      places.push({ geo, driver, deaths: deaths.map.get(geo) });
    }
    out.push({
      country,
      driverMeasure: measure,
      deathsDrug: deaths.drug,
      deathsSource: deaths.source,
      places,
      missing,
    });
  }
  return out;
}

/** Seizures of a family against its deaths, per country, for the nation and the border states. */
export function seizureComparisons(data: ReportData, family: Family): DualComparison[] {
  return dualComparisons(data, seizuresOf(family), SEIZURE_MEASURES, family.drugs);
}

/** Naloxone dispensed against opioid deaths, per country with naloxone data. */
export function naloxoneComparisons(data: ReportData): DualComparison[] {
  return dualComparisons(data, isNaloxone, NALOXONE_MEASURES, OPIOID_DEATH_DRUGS);
}

export interface TrendSeries {
  key: string;
  source: string;
  country: string;
  geo: string;
  drug: string;
  geoLevel: string;
  segments: TrendSegment[];
}

export const trendKey = (t: TrendSegment) => [t.source, t.geo, t.drug, t.measure, t.periodType].join('|');

/** Trend series of a family for the nations and the border states, nations first, then west to east. */
export function familyTrends(data: ReportData, family: Family): TrendSeries[] {
  const border = new Set(data.geographies.filter((g) => g.borderState).map((g) => g.code));
  const groups = new Map<string, TrendSegment[]>();
  for (const t of data.trends) {
    if (!family.drugs.includes(t.drug) || t.measure !== DEATHS) continue;
    if (!(t.geoLevel === 'nation' || (t.geoLevel === 'state' && border.has(t.geo)))) continue;
    const key = trendKey(t);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.entries()]
    .map(([key, segments]) => {
      const first = segments[0] as TrendSegment;
      return {
        key,
        source: first.source,
        country: first.country,
        geo: first.geo,
        drug: first.drug,
        geoLevel: first.geoLevel,
        segments: segments.sort((a, b) => a.segment - b.segment),
      };
    })
    .sort(
      (a, b) =>
        (a.country === 'US' ? 0 : 1) - (b.country === 'US' ? 0 : 1) ||
        (a.geoLevel === 'nation' ? 0 : 1) - (b.geoLevel === 'nation' ? 0 : 1) ||
        placeRank(a.geo) - placeRank(b.geo) ||
        a.geo.localeCompare(b.geo) ||
        a.source.localeCompare(b.source),
    );
}

/** The points of a series with every absent period filled as 'missing', so no gap is ever bridged. */
export function fillPeriods(series: Series): Point[] {
  const points = series.points;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return [];
  const step = series.periodType === 'quarter' ? 3 : series.periodType === 'year' ? 12 : 1;
  if (series.periodType === 'week') return points;
  const byMonth = new Map(points.map((p) => [monthKey(p.end), p]));
  const out: Point[] = [];
  for (let end = first.end, guard = 0; monthKey(end) <= monthKey(last.end) && guard < 2400; guard++) {
    out.push(byMonth.get(monthKey(end)) ?? { end, value: null, status: 'missing' });
    end = shiftMonths(end, step);
  }
  return out;
}
