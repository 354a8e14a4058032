/**
 * Vega-Lite specs for the report: pure functions from ReportData to plain JSON, labelled in one language.
 *
 * Every chart comes twice: `spec` is what is exported as `.vl.json` and rendered server-side to `.svg` (no hover
 * targets: a slide needs none), `interactive` is the same chart with invisible hover targets for tooltips, drawn
 * in the page. Inline rows use short keys and carry codes, not labels; labels come from small lookup tables in the
 * chart's language, so the page stays small and no dataset string is ever pasted into a Vega expression.
 * Temporal scales are UTC, colours are Okabe–Ito or colour-blind-safe schemes, and a value that is suppressed or
 * missing stays null (a gap with a grey band, a grey tile), never zero.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Lang } from '../core/lang.ts';
import {
  chooseDeaths,
  countriesOf,
  countryName,
  type DualComparison,
  drugLabel,
  familyTrends,
  fillPeriods,
  methodsAgreeing,
  naloxoneComparisons,
  placeName,
  seizureComparisons,
  shiftMonths,
  sourceName,
} from './derive.ts';
import { drugColor, FAMILIES, type Family, isProxy } from './focus.ts';
import {
  formatNumber,
  formatPercent,
  formatPeriod,
  label,
  type Strings,
  strings,
  vegaLocale,
} from './i18n.ts';
import type { PageId } from './pageIds.ts';
import type { MapValue, ReportData, Series } from './reportData.ts';
import { allTiles, GRID_COLUMNS, GRID_ROWS } from './tilegrid.ts';

export interface NamedChart {
  /** File name stem: lower-case letters, digits and dashes. */
  name: string;
  page: PageId;
  title: string;
  /** Exported as .vl.json and rendered to .svg. */
  spec: TopLevelSpec;
  /** Drawn in the page: `spec` plus hover targets for tooltips. */
  interactive: TopLevelSpec;
}

type Json = Record<string, unknown>;

/** A chart built twice: for export (no hover targets) and for the page. */
function namedChart(
  name: string,
  page: PageId,
  title: string,
  build: (interactive: boolean) => TopLevelSpec,
): NamedChart {
  return { name, page, title, spec: build(false), interactive: build(true) };
}

const GAP_COLOR = '#9a9a9a';
const NO_DATA_FILL = '#eeeeee';
const SUPPRESSED_FILL = '#c8c8c8';
const SOLID = [1, 0];
const DASHED = [6, 4];

export const fileSafe = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function baseConfig(lang: Lang): Json {
  return {
    locale: vegaLocale(lang),
    font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    view: { stroke: null },
    background: 'white',
    padding: 6,
    title: { anchor: 'start', fontSize: 15, subtitleFontSize: 12, subtitleColor: '#444', offset: 10 },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
    legend: {
      orient: 'bottom',
      direction: 'horizontal',
      labelFontSize: 12,
      titleFontSize: 12,
      labelLimit: 320,
      symbolStrokeWidth: 2,
    },
    header: { labelFontSize: 12, labelFontWeight: 'bold', labelAnchor: 'start', labelLimit: 600 },
  };
}

/** A lookup transform that adds `as` from a small code → label table (labels never enter an expression). */
function lookup(key: string, as: string, table: Record<string, string | number>): Json {
  return {
    lookup: key,
    from: {
      data: { values: Object.entries(table).map(([k, v]) => ({ [key]: k, [as]: v })) },
      key,
      fields: [as],
    },
    default: '',
  };
}

function statusTable(s: Strings): Record<string, string> {
  return { ...s.status };
}

/**
 * x: the month a period ends in, on a UTC scale. Rows carry the first day of that month (`t`), so no time-unit
 * transform is needed to draw (it costs a third of a chart's rendering); tooltips, drawn only in the page, use one.
 */
function monthX(title: string | null, field = 't'): Json {
  return {
    field,
    type: 'temporal',
    title,
    scale: { type: 'utc' },
    axis: { format: '%b %Y', labelOverlap: true, grid: false, labelSeparation: 8 },
  };
}

/** First day of the month of an ISO date, shifted by `months`. */
function monthStart(iso: string, months = 0): string {
  const d = new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1 + months, 1));
  return d.toISOString().slice(0, 10);
}

function monthTooltip(title: string, field = 't'): Json {
  return { field, type: 'temporal', timeUnit: 'utcyearmonth', title, format: '%B %Y' };
}

/** Half a month either side of the start of the month of `iso`: the span a gap band covers. */
function gapSpan(iso: string): { a: string; b: string } {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7)) - 1;
  const start = Date.UTC(year, month, 1);
  const mid = (x: number, y: number) => new Date((x + y) / 2).toISOString();
  return { a: mid(Date.UTC(year, month - 1, 1), start), b: mid(start, Date.UTC(year, month + 1, 1)) };
}

/**
 * A row of a line or bar chart. p: panel key; t: first day of the month the period ends in; v: value or null;
 * k: 'r' reported, 'p' predicted; s: status; i: 1 when the value has no valid neighbour (a line cannot draw it:
 * a dot does); a/b: the span of the grey band on a reported gap; m: 'd' deaths or 'x' the driver in a two-panel
 * chart, whose bars span b0 (first day of the period) to b1 (first day after it).
 */
interface LineRow {
  p: string;
  t: string;
  v: number | null;
  k: 'r' | 'p';
  s: string;
  i?: 1;
  a?: string;
  b?: string;
  m?: 'd' | 'x';
  b0?: string;
  b1?: string;
}

const PERIOD_MONTHS: Record<string, number> = { month: 1, quarter: 3, year: 12 };

function seriesRows(series: Series, panel: string, kind: 'r' | 'p', m?: 'd' | 'x'): LineRow[] {
  const points = fillPeriods(series);
  const values = points.map((p) => (p.status === 'suppressed' || p.status === 'missing' ? null : p.value));
  return points.map((p, i) => {
    const v = values[i] ?? null;
    const row: LineRow = {
      p: panel,
      t: monthStart(p.end),
      v,
      k: kind,
      s: kind === 'p' && v !== null ? 'predicted' : p.status,
    };
    if (m) row.m = m;
    if (m === 'x') {
      row.b0 = monthStart(p.end, 1 - (PERIOD_MONTHS[series.periodType] ?? 1));
      row.b1 = monthStart(p.end, 1);
    }
    if (v !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null) row.i = 1;
    if (kind === 'r' && v === null) Object.assign(row, gapSpan(p.end));
    return row;
  });
}

/** Labels of LineRows from small tables: the panel's label and order, the series kind and the status. */
function lineRowLabels(s: Strings, labels: Record<string, string>, order: Record<string, number>): Json[] {
  return [
    lookup('p', 'place', labels),
    lookup('p', 'o', order),
    lookup('k', 'seriesLabel', { r: s.series.reported, p: s.series.predicted }),
    lookup('s', 'statusLabel', statusTable(s)),
  ];
}

/** A facet by panel, in the panels' order. */
function placeFacet(header: Json): Json {
  return { field: 'place', type: 'nominal', title: null, sort: { field: 'o', op: 'min' }, header };
}

/** Grey bands over reported months without a value: suppressed or missing, never zero. */
function gapLayer(s: Strings, filter = 'datum.a != null'): Json {
  return {
    transform: [{ filter }],
    mark: { type: 'rect', color: GAP_COLOR, opacity: 0.22 },
    encoding: {
      x: { field: 'a', type: 'temporal', scale: { type: 'utc' }, title: null },
      x2: { field: 'b' },
      tooltip: [
        { field: 'place', type: 'nominal', title: s.tooltip.place },
        monthTooltip(s.tooltip.month),
        { field: 'statusLabel', type: 'nominal', title: s.tooltip.status },
      ],
    },
  };
}

function hoverLayer(
  s: Strings,
  y: Json,
  extra: Json[] = [],
  filter = 'datum.v != null',
  format = ',.0f',
): Json {
  return {
    transform: [{ filter }],
    mark: { type: 'point', filled: true, size: 60, opacity: 0 },
    encoding: {
      x: monthX(null),
      y,
      tooltip: [
        { field: 'place', type: 'nominal', title: s.tooltip.place },
        ...extra,
        monthTooltip(s.tooltip.month),
        { field: 'seriesLabel', type: 'nominal', title: s.tooltip.series },
        { field: 'v', type: 'quantitative', title: s.tooltip.value, format },
        { field: 'statusLabel', type: 'nominal', title: s.tooltip.status },
      ],
    },
  };
}

/** Small multiples of 12-month deaths (reported solid, predicted dashed), one panel per place. */
function deathsSpec(opts: {
  data: ReportData;
  lang: Lang;
  title: string;
  subtitle?: string;
  panels: { key: string; label: string; reported: Series; predicted?: Series }[];
  color: string;
  columns: number;
  width: number;
  height: number;
  yTitle: string | null;
  interactive: boolean;
}): TopLevelSpec {
  const s = strings(opts.lang);
  const rows = opts.panels.flatMap((p) => [
    ...seriesRows(p.reported, p.key, 'r'),
    ...(p.predicted ? seriesRows(p.predicted, p.key, 'p') : []),
  ]);
  const hasPredicted = rows.some((r) => r.k === 'p' && r.v !== null);
  const y = {
    field: 'v',
    type: 'quantitative',
    title: opts.yTitle,
    scale: { zero: true },
    axis: { format: ',~f', tickCount: 4 },
  };
  const layers: Json[] = [];
  if (rows.some((r) => r.a)) layers.push(gapLayer(s));
  layers.push({
    mark: { type: 'line', strokeWidth: 2, color: opts.color },
    encoding: {
      x: monthX(s.axis.period12),
      y,
      strokeDash: {
        field: 'seriesLabel',
        type: 'nominal',
        title: s.legend.series,
        scale: hasPredicted
          ? { domain: [s.series.reported, s.series.predicted], range: [SOLID, DASHED] }
          : { domain: [s.series.reported], range: [SOLID] },
        legend: hasPredicted ? {} : null,
      },
    },
  });
  if (rows.some((r) => r.i)) {
    layers.push({
      transform: [{ filter: 'datum.i == 1' }],
      mark: { type: 'point', filled: true, size: 36, color: opts.color, opacity: 1 },
      encoding: { x: monthX(null), y },
    });
  }
  if (opts.interactive) layers.push(hoverLayer(s, y));
  const labels = Object.fromEntries(opts.panels.map((p) => [p.key, p.label]));
  const order = Object.fromEntries(opts.panels.map((p, i) => [p.key, i]));
  return {
    title: { text: opts.title, ...(opts.subtitle ? { subtitle: opts.subtitle } : {}) },
    data: { values: rows },
    transform: lineRowLabels(s, labels, order),
    facet: placeFacet({ labelFontSize: 12 }),
    columns: opts.columns,
    spacing: { row: 14, column: 24 },
    spec: { width: opts.width, height: opts.height, layer: layers },
    resolve: { scale: { y: 'independent' } },
    config: baseConfig(opts.lang),
  } as unknown as TopLevelSpec;
}

/** The short name of a drug (as in "deaths from …"), else its label. */
function drugShort(data: ReportData, code: string, lang: Lang): string {
  return data.drugs.find((d) => d.code === code)?.short?.[lang] ?? drugLabel(data, code, lang);
}

function placeLabel(
  data: ReportData,
  geo: string,
  country: string,
  lang: Lang,
  withCountry: boolean,
): string {
  const name = placeName(data, geo, lang);
  return withCountry && geo !== country ? `${name} (${country})` : name;
}

function drugPageCharts(data: ReportData, family: Family, lang: Lang): NamedChart[] {
  const s = strings(lang);
  const fam = label(s.family, family.code);
  const out: NamedChart[] = [];
  const countries = countriesOf(data.series);

  const national = countries
    .map((c) => ({ c, choice: chooseDeaths(data, family.drugs, c, 'nation') }))
    .filter((x) => x.choice && x.choice.series.length > 0);
  if (national.length > 0) {
    const panels = national.map(({ c, choice }) => {
      const series = choice?.series[0] as Series;
      const proxy = isProxy(family, series.drug) ? ` — ${drugLabel(data, series.drug, lang)}` : '';
      return {
        key: c,
        label: `${countryName(c, lang)}${proxy} (${sourceName(series.source, lang)})`,
        reported: series,
        ...(choice?.predicted.get(series.geo) ? { predicted: choice.predicted.get(series.geo) } : {}),
      };
    });
    const build = (interactive: boolean) =>
      deathsSpec({
        data,
        lang,
        title: s.drugPage.nationalTitle(fam),
        panels,
        color: family.color,
        columns: 1,
        width: 600,
        height: 170,
        yTitle: s.axis.deaths12,
        interactive,
      });
    out.push(namedChart(`${family.code}-national`, family.code, s.drugPage.nationalTitle(fam), build));
  }

  const panels: { key: string; label: string; reported: Series; predicted?: Series }[] = [];
  for (const c of countries) {
    const choice = chooseDeaths(data, family.drugs, c, 'state');
    if (!choice) continue;
    const border = new Set(data.geographies.filter((g) => g.borderState).map((g) => g.code));
    for (const series of choice.series) {
      if (!border.has(series.geo)) continue;
      const predicted = choice.predicted.get(series.geo);
      panels.push({
        key: `${c}-${series.geo}`,
        label: placeLabel(data, series.geo, c, lang, true),
        reported: series,
        ...(predicted ? { predicted } : {}),
      });
    }
  }
  if (panels.length > 0) {
    const build = (interactive: boolean) =>
      deathsSpec({
        data,
        lang,
        title: s.drugPage.borderTitle(fam),
        subtitle: s.axis.deaths12,
        panels,
        color: family.color,
        columns: 2,
        width: 290,
        height: 110,
        yTitle: null,
        interactive,
      });
    out.push(namedChart(`${family.code}-border`, family.code, s.drugPage.borderTitle(fam), build));
  }
  return out;
}

/**
 * Two panels per place on the same months: the driver (seizures, naloxone) as bars, deaths as a line. One view
 * faceted into rows (place × panel) with a shared month axis and a y scale per row: far cheaper to draw than a
 * concatenation of small charts. Each row keeps only its own kind of mark (the other layer is empty there).
 */
function dualSpec(opts: {
  data: ReportData;
  lang: Lang;
  title: string;
  comparison: DualComparison;
  driverLabel: (geo: string) => string;
  deathsLabel: (geo: string) => string;
  color: string;
  interactive: boolean;
}): TopLevelSpec {
  const s = strings(opts.lang);
  const rows: LineRow[] = [];
  const labels: Record<string, string> = {};
  const order: Record<string, number> = {};
  // Deaths from a year before the first driver period: the months the two can be compared on, with some lead-in.
  const firstDriver = opts.comparison.places
    .flatMap((p) => p.driver?.points.map((x) => x.end) ?? [])
    .sort()[0];
  const from = firstDriver ? shiftMonths(firstDriver, -12) : '';
  for (const place of opts.comparison.places) {
    const deaths = place.deaths && {
      ...place.deaths,
      points: place.deaths.points.filter((p) => p.end >= from),
    };
    for (const [kind, series, text] of [
      ['x', place.driver, opts.driverLabel(place.geo)],
      ['d', deaths, opts.deathsLabel(place.geo)],
    ] as const) {
      if (!series || series.points.length === 0) continue;
      const key = `${place.geo}|${kind}`;
      labels[key] = text;
      order[key] = Object.keys(order).length;
      rows.push(...seriesRows(series, key, 'r', kind));
    }
  }
  const x = monthX(s.axis.month);
  const y = { field: 'v', type: 'quantitative', title: null, axis: { format: ',~f', tickCount: 2 } };
  const layers: Json[] = [];
  if (rows.some((r) => r.a)) layers.push(gapLayer(s));
  layers.push(
    {
      transform: [{ filter: "datum.m == 'x'" }],
      mark: { type: 'rect', color: opts.color, opacity: 0.85, stroke: 'white', strokeWidth: 0.5 },
      encoding: { x: { ...x, field: 'b0' }, x2: { field: 'b1' }, y, y2: { datum: 0 } },
    },
    {
      transform: [{ filter: "datum.m == 'd'" }],
      mark: { type: 'line', color: '#333333', strokeWidth: 1.8 },
      encoding: { x, y },
    },
  );
  if (rows.some((r) => r.i && r.m === 'd'))
    layers.push({
      transform: [{ filter: "datum.i == 1 && datum.m == 'd'" }],
      mark: { type: 'point', filled: true, size: 30, color: '#333333', opacity: 1 },
      encoding: { x, y },
    });
  if (opts.interactive) layers.push(hoverLayer(s, y, [], 'datum.v != null', ',.1~f'));
  return {
    title: { text: opts.title },
    data: { values: rows },
    transform: lineRowLabels(s, labels, order),
    facet: {
      row: placeFacet({
        labelAngle: 0,
        labelOrient: 'top',
        labelAnchor: 'start',
        labelFontSize: 11.5,
        labelPadding: 2,
      }),
    },
    spacing: { row: 6 },
    spec: { width: 600, height: 46, layer: layers },
    resolve: { scale: { y: 'independent' } },
    config: baseConfig(opts.lang),
  } as unknown as TopLevelSpec;
}

function seizureCharts(data: ReportData, lang: Lang): NamedChart[] {
  const s = strings(lang);
  const out: NamedChart[] = [];
  for (const family of FAMILIES) {
    const fam = label(s.family, family.code);
    for (const comparison of seizureComparisons(data, family)) {
      if (comparison.places.length === 0) continue;
      const measure = label(s.measure, comparison.driverMeasure);
      const title = s.seizuresPage.chartTitle(fam, countryName(comparison.country, lang));
      const deathsDrug = comparison.deathsDrug;
      const deathsWord =
        deathsDrug && isProxy(family, deathsDrug)
          ? `${label(s.measure, 'deaths')} (${drugShort(data, deathsDrug, lang)})`
          : label(s.measure, 'deaths');
      const build = (interactive: boolean) =>
        dualSpec({
          data,
          lang,
          title,
          comparison,
          driverLabel: (geo) =>
            `${placeName(data, geo, lang)} — ${measure} ${label(s.periodPerRow, comparison.places.find((p) => p.geo === geo)?.driver?.periodType ?? 'month')}`,
          deathsLabel: (geo) =>
            `${placeName(data, geo, lang)} — ${deathsWord} ${label(s.periodPerRow, comparison.places.find((p) => p.geo === geo)?.deaths?.periodType ?? '12mo_ending')}`,
          color: family.color,
          interactive,
        });
      out.push(
        namedChart(`seizures-${family.code}-${fileSafe(comparison.country)}`, 'seizures', title, build),
      );
    }
  }
  return out;
}

function naloxoneCharts(data: ReportData, lang: Lang): NamedChart[] {
  const s = strings(lang);
  const out: NamedChart[] = [];
  for (const comparison of naloxoneComparisons(data)) {
    if (comparison.places.length === 0) continue;
    const title = s.naloxonePage.chartTitle(countryName(comparison.country, lang));
    const measure = label(s.measure, comparison.driverMeasure);
    const deathsWord = comparison.deathsDrug ? drugShort(data, comparison.deathsDrug, lang) : s.axis.deaths;
    const build = (interactive: boolean) =>
      dualSpec({
        data,
        lang,
        title,
        comparison,
        driverLabel: (geo) =>
          `${placeName(data, geo, lang)} — ${measure} ${label(s.periodPerRow, comparison.places.find((p) => p.geo === geo)?.driver?.periodType ?? 'quarter')}`,
        deathsLabel: (geo) =>
          `${placeName(data, geo, lang)} — ${label(s.measure, 'deaths')} (${deathsWord}) ${label(s.periodPerRow, comparison.places.find((p) => p.geo === geo)?.deaths?.periodType ?? '12mo_ending')}`,
        color: '#009E73',
        interactive,
      });
    out.push(namedChart(`naloxone-${fileSafe(comparison.country)}`, 'naloxone', title, build));
  }
  return out;
}

/** One tile of the map. v1: rate (or count); v2: percent change; w1/w2: 1 when the tile is dark (white text). */
interface TileRow {
  g: string;
  c: string;
  x: number;
  y: number;
  ab: string;
  d: string;
  v1: number | null;
  v2: number | null;
  n: number | null;
  np: number | null;
  s: string;
  w1: 0 | 1;
  w2: 0 | 1;
  src: string;
  /** The two lines written in each panel's tile. */
  l1: [string, string];
  l2: [string, string];
}

export function mapRows(
  data: ReportData,
  family: Family,
  lang: Lang = 'en',
): { rows: TileRow[]; rates: boolean; periods: { country: string; end: string; periodType: string }[] } {
  const s = strings(lang);
  const values = data.map.filter((m) => m.family === family.code);
  const rates = values.length > 0 && values.some((m) => m.geoLevel === 'state' && m.rate !== null);
  const states = values.filter((m) => m.geoLevel === 'state');
  const v1Of = (m: (typeof values)[number]) => (rates ? m.rate : m.value);
  // A percent change on a handful of deaths says nothing: none below MIN_COUNT_FOR_CHANGE a year earlier.
  const smallBase = (m: (typeof values)[number]) =>
    m.previousValue !== null && m.previousValue < MIN_COUNT_FOR_CHANGE;
  const v2Of = (m: (typeof values)[number]) => {
    const now = rates ? m.rate : m.value;
    const before = rates ? m.previousRate : m.previousValue;
    if (smallBase(m)) return null;
    return now !== null && before !== null && before > 0 ? (100 * (now - before)) / before : null;
  };
  const max1 = Math.max(0, ...states.map(v1Of).filter((v): v is number => v !== null));
  const max2 = Math.min(
    100,
    Math.max(
      1,
      ...states
        .map(v2Of)
        .filter((v): v is number => v !== null)
        .map(Math.abs),
    ),
  );
  const byGeo = new Map(states.map((m) => [m.geo, m]));
  const short = (status: string) => s.statusShort[status === 'suppressed' ? 'suppressed' : 'missing'] ?? '–';
  const rows: TileRow[] = [];
  for (const { geo, tile } of allTiles()) {
    const m = byGeo.get(geo);
    const country = /^\d+$/.test(geo) ? 'MX' : 'US';
    const v1 = m ? v1Of(m) : null;
    const v2 = m ? v2Of(m) : null;
    rows.push({
      g: geo,
      c: m?.country ?? country,
      x: tile.col,
      y: tile.row,
      ab: tile.abbr,
      d: m?.drug ?? '',
      v1,
      v2,
      n: m?.value ?? null,
      np: m?.previousValue ?? null,
      s: m ? m.status : 'missing',
      w1: v1 !== null && max1 > 0 && v1 / max1 > 0.55 ? 1 : 0,
      w2: v2 !== null && Math.abs(v2) / max2 > 0.6 ? 1 : 0,
      src: m?.source ?? '',
      l1: [
        tile.abbr,
        v1 !== null
          ? rates
            ? formatFixed(v1, lang, 1)
            : formatNumber(v1, lang, 0)
          : short(m ? m.status : 'missing'),
      ],
      l2: [
        tile.abbr,
        v2 !== null
          ? formatPercent(Math.round(v2), lang).replace('%', '')
          : m && smallBase(m) && m.value !== null
            ? SMALL_BASE_MARK
            : short(m ? m.status : 'missing'),
      ],
    });
  }
  // Each country's latest period (the US and Mexican sources are not released together).
  const periods = countriesOf(states).map((c) => {
    const m = states.find((x) => x.country === c) as MapValue;
    return { country: c, end: m.periodEnd, periodType: m.periodType };
  });
  return { rows, rates, periods };
}

/** No percent change is drawn for a state with fewer deaths than this a year earlier; its tile shows SMALL_BASE_MARK. */
export const MIN_COUNT_FOR_CHANGE = 10;
export const SMALL_BASE_MARK = '*';

function formatFixed(value: number, lang: Lang, digits: number): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'es-MX', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

function tilePanel(opts: {
  s: Strings;
  title: string;
  field: 'v1' | 'v2';
  white: 'w1' | 'w2';
  scale: Json;
  legendTitle: string;
  format: string;
  interactive: boolean;
}): Json {
  const { s } = opts;
  const tile = 28;
  const x = {
    field: 'x',
    type: 'quantitative',
    scale: { domain: [0, GRID_COLUMNS], range: [0, GRID_COLUMNS * tile] },
    axis: null,
  };
  const y = {
    field: 'y',
    type: 'quantitative',
    scale: { domain: [0, GRID_ROWS], range: [0, GRID_ROWS * tile] },
    axis: null,
  };
  const x2 = { field: 'x1' };
  const y2 = { field: 'y1' };
  const tooltip = opts.interactive
    ? [
        { field: 'place', type: 'nominal', title: s.tooltip.place },
        { field: 'drugLabel', type: 'nominal', title: s.tooltip.drug },
        {
          field: 'v1',
          type: 'quantitative',
          title: opts.field === 'v1' ? opts.legendTitle : s.tooltip.rate,
          format: ',.1f',
        },
        { field: 'n', type: 'quantitative', title: s.tooltip.deaths, format: ',.0f' },
        { field: 'np', type: 'quantitative', title: s.tooltip.previous, format: ',.0f' },
        { field: 'v2', type: 'quantitative', title: s.tooltip.change, format: '+.1f' },
        { field: 'statusLabel', type: 'nominal', title: s.tooltip.status },
      ]
    : undefined;
  const valueFilter = `datum.${opts.field} != null`;
  // One text mark of two lines per tile: the state's abbreviation, then its value (or "s", "–").
  const text = {
    mark: { type: 'text', fontSize: 8, lineHeight: 10, baseline: 'middle', align: 'center' },
    encoding: {
      x: { field: 'cx', type: 'quantitative', scale: x.scale, axis: null },
      y: { field: 'cy', type: 'quantitative', scale: y.scale, axis: null },
      text: { field: opts.field === 'v1' ? 'l1' : 'l2' },
      color: {
        condition: { test: `datum.${opts.white} == 1 && ${valueFilter}`, value: 'white' },
        value: '#111111',
      },
      ...(tooltip ? { tooltip } : {}),
    },
  };
  return {
    title: { text: opts.title, fontSize: 12.5, anchor: 'start' },
    width: GRID_COLUMNS * tile,
    height: GRID_ROWS * tile,
    transform: [
      { calculate: 'datum.x + 0.92', as: 'x1' },
      { calculate: 'datum.y + 0.92', as: 'y1' },
      { calculate: 'datum.x + 0.46', as: 'cx' },
      { calculate: 'datum.y + 0.46', as: 'cy' },
    ],
    layer: [
      {
        transform: [{ filter: `!(${valueFilter}) && datum.s != 'suppressed'` }],
        mark: { type: 'rect', stroke: '#9a9a9a', strokeWidth: 0.6, fill: NO_DATA_FILL },
        encoding: { x, x2, y, y2, ...(tooltip ? { tooltip } : {}) },
      },
      {
        transform: [{ filter: `!(${valueFilter}) && datum.s == 'suppressed'` }],
        mark: {
          type: 'rect',
          stroke: '#555555',
          strokeWidth: 0.8,
          strokeDash: [2, 2],
          fill: SUPPRESSED_FILL,
        },
        encoding: { x, x2, y, y2, ...(tooltip ? { tooltip } : {}) },
      },
      {
        transform: [{ filter: valueFilter }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x,
          x2,
          y,
          y2,
          color: {
            field: opts.field,
            type: 'quantitative',
            scale: opts.scale,
            legend: {
              title: opts.legendTitle,
              orient: 'bottom',
              direction: 'horizontal',
              gradientLength: 220,
              format: opts.format,
            },
          },
          ...(tooltip ? { tooltip } : {}),
        },
      },
      text,
    ],
  };
}

function mapCharts(data: ReportData, lang: Lang): NamedChart[] {
  const s = strings(lang);
  const out: NamedChart[] = [];
  for (const family of FAMILIES) {
    const { rows, rates, periods } = mapRows(data, family, lang);
    if (periods.length === 0 || !rows.some((r) => r.v1 !== null || r.s === 'suppressed')) continue;
    const when =
      [...new Set(periods.map((p) => formatPeriod(p.end, p.periodType, lang)))].length === 1
        ? formatPeriod(periods[0]?.end ?? '', periods[0]?.periodType ?? '', lang)
        : periods
            .map((p) => `${countryName(p.country, lang)}: ${formatPeriod(p.end, p.periodType, lang)}`)
            .join('; ');
    const fam = label(s.family, family.code);
    const title = s.mapPage.chartTitle(fam);
    const max2 = Math.min(
      100,
      Math.max(
        1,
        ...rows
          .map((r) => r.v2)
          .filter((v): v is number => v !== null)
          .map(Math.abs),
      ),
    );
    const places = Object.fromEntries(rows.map((r) => [r.g, placeName(data, r.g, lang)]));
    const drugs = Object.fromEntries(
      [...new Set(rows.map((r) => r.d).filter(Boolean))].map((d) => [d, drugLabel(data, d, lang)]),
    );
    const build = (interactive: boolean): TopLevelSpec =>
      ({
        title: { text: title, subtitle: when },
        data: { values: rows },
        transform: [
          lookup('g', 'place', places),
          lookup('d', 'drugLabel', drugs),
          lookup('s', 'statusLabel', statusTable(s)),
        ],
        hconcat: [
          tilePanel({
            s,
            title: rates ? s.mapPage.legendRateTitle : s.mapPage.legendCountTitle,
            field: 'v1',
            white: 'w1',
            scale: { scheme: 'blues', domainMin: 0, zero: true },
            legendTitle: rates ? s.mapPage.legendRate : s.mapPage.legendCount,
            format: rates ? ',.1f' : ',.0f',
            interactive,
          }),
          tilePanel({
            s,
            title: s.mapPage.changeTitle,
            field: 'v2',
            white: 'w2',
            scale: { scheme: 'blueorange', domain: [-max2, max2], domainMid: 0, clamp: true },
            legendTitle: s.mapPage.legendChange,
            format: '+.0f',
            interactive,
          }),
        ],
        spacing: 24,
        resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
        config: baseConfig(lang),
      }) as unknown as TopLevelSpec;
    out.push(namedChart(`map-${family.code}`, 'map', title, build));
  }
  return out;
}

/** At most this many series (rows) in the alert chart: those with most alarms. */
const ALERT_CHART_ROWS = 28;

function alertChart(data: ReportData, lang: Lang): NamedChart[] {
  if (data.alerts.length === 0) return [];
  const s = strings(lang);
  const count = new Map<string, number>();
  const rowKey = (a: (typeof data.alerts)[number]) => `${a.source}|${a.geo}|${a.drug}`;
  for (const a of data.alerts) count.set(rowKey(a), (count.get(rowKey(a)) ?? 0) + 1);
  const keep = new Set(
    [...count.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, ALERT_CHART_ROWS)
      .map(([k]) => k),
  );
  const alerts = data.alerts.filter((a) => keep.has(rowKey(a)));
  const sourcesPerPlaceDrug = new Map<string, Set<string>>();
  for (const a of alerts) {
    const k = `${a.geo}|${a.drug}`;
    sourcesPerPlaceDrug.set(k, (sourcesPerPlaceDrug.get(k) ?? new Set()).add(a.source));
  }
  const rowLabels: Record<string, string> = {};
  for (const a of alerts) {
    const multi = (sourcesPerPlaceDrug.get(`${a.geo}|${a.drug}`)?.size ?? 1) > 1;
    const family = FAMILIES.find((f) => f.code === a.drug);
    const drug = family ? label(s.family, family.code) : drugLabel(data, a.drug, lang);
    rowLabels[rowKey(a)] =
      `${placeName(data, a.geo, lang)} · ${drug}${multi ? ` (${sourceName(a.source, lang)})` : ''}`;
  }
  const agree = methodsAgreeing(data.alerts);
  const rows = alerts.map((a) => ({
    r: rowKey(a),
    t: monthStart(a.periodEnd),
    me: a.method,
    d: a.drug,
    f: a.fdrAlarm === false ? 0 : 1,
    o: a.observed,
    e: a.expected,
    h: a.threshold,
    n: agree.get(a.id) ?? 1,
  }));
  const sortedLabels = [...new Set(Object.values(rowLabels))].sort((a, b) => a.localeCompare(b, lang));
  const rowOrder = Object.fromEntries(
    Object.entries(rowLabels).map(([key, text]) => [key, sortedLabels.indexOf(text)]),
  );
  const drugs = [...new Set(alerts.map((a) => a.drug))];
  const drugLabels = Object.fromEntries(drugs.map((d) => [d, drugLabel(data, d, lang)]));
  const methods = [...new Set(alerts.map((a) => a.method))].sort();
  const methodLabels = Object.fromEntries(methods.map((m) => [m, label(s.method, m)]));
  const color = {
    field: 'drugLabel',
    type: 'nominal',
    title: s.legend.drug,
    scale: { domain: drugs.map((d) => drugLabels[d]), range: drugs.map(drugColor) },
  };
  const title = s.alertsPage.chartTitle;
  const build = (interactive: boolean): TopLevelSpec =>
    ({
      title: { text: title },
      width: 520,
      height: { step: 20 },
      data: { values: rows },
      transform: [
        lookup('r', 'row', rowLabels),
        lookup('r', 'o', rowOrder),
        lookup('d', 'drugLabel', drugLabels),
        lookup('me', 'methodLabel', methodLabels),
      ],
      mark: { type: 'point', size: 90, strokeWidth: 1.8 },
      encoding: {
        x: { ...monthX(s.table.month), axis: { format: '%b %Y', labelOverlap: true, grid: true } },
        y: {
          field: 'row',
          type: 'nominal',
          sort: { field: 'o', op: 'min' },
          axis: { title: null, labelLimit: 260 },
        },
        color,
        fill: { ...color, legend: null },
        fillOpacity: { condition: { test: 'datum.f == 1', value: 0.85 }, value: 0 },
        shape: { field: 'methodLabel', type: 'nominal', title: s.legend.method, legend: { columns: 3 } },
        ...(interactive
          ? {
              tooltip: [
                { field: 'row', type: 'nominal', title: s.tooltip.place },
                monthTooltip(s.table.month),
                { field: 'methodLabel', type: 'nominal', title: s.tooltip.method },
                { field: 'o', type: 'quantitative', title: s.tooltip.observed, format: ',.1~f' },
                { field: 'e', type: 'quantitative', title: s.tooltip.expected, format: ',.1~f' },
                { field: 'h', type: 'quantitative', title: s.tooltip.threshold, format: ',.1~f' },
              ],
            }
          : {}),
      },
      config: { ...baseConfig(lang), legend: { ...(baseConfig(lang).legend as Json), columns: 4 } },
    }) as unknown as TopLevelSpec;
  return [namedChart('alerts', 'alerts', title, build)];
}

function trendCharts(data: ReportData, lang: Lang): NamedChart[] {
  const s = strings(lang);
  const out: NamedChart[] = [];
  for (const family of FAMILIES) {
    const series = familyTrends(data, family);
    if (series.length === 0) continue;
    const fam = label(s.family, family.code);
    const perPlace = new Map<string, number>();
    for (const t of series) perPlace.set(t.geo, (perPlace.get(t.geo) ?? 0) + 1);
    const rowLabels: Record<string, string> = {};
    for (const t of series) {
      const proxy = isProxy(family, t.drug) ? ` — ${drugLabel(data, t.drug, lang)}` : '';
      rowLabels[t.key] =
        `${placeName(data, t.geo, lang)}${proxy}${(perPlace.get(t.geo) ?? 1) > 1 ? ` (${sourceName(t.source, lang)})` : ''}`;
    }
    const segments = series.flatMap((t) => t.segments.map((seg) => ({ t, seg })));
    const maxAbs = Math.min(100, Math.max(5, ...segments.map(({ seg }) => Math.abs(seg.apc ?? 0))));
    const monthsBetween = (a: string, b: string) =>
      (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
    const rows = segments.map(({ t, seg }) => {
      const mid = new Date((Date.parse(seg.start) + Date.parse(seg.end)) / 2).toISOString().slice(0, 10);
      return {
        r: t.key,
        a: seg.start,
        b: seg.end,
        mid,
        apc: seg.apc,
        lo: seg.apcLower,
        hi: seg.apcUpper,
        pv: seg.pValue,
        sg: `${seg.segment}/${seg.segments}`,
        l: monthsBetween(seg.start, seg.end) >= 7 && seg.apc !== null ? 1 : 0,
        w: seg.apc !== null && Math.abs(seg.apc) / maxAbs > 0.6 ? 1 : 0,
      };
    });
    const rowOrder = Object.fromEntries(series.map((t, i) => [t.key, i]));
    const title = s.trendsPage.chartTitle(fam);
    const x = {
      field: 'a',
      type: 'temporal',
      title: null,
      scale: { type: 'utc' },
      axis: { format: '%Y', grid: true, tickCount: { interval: 'year', step: 1 } },
    };
    const yEnc = {
      field: 'row',
      type: 'nominal',
      sort: { field: 'o', op: 'min' },
      axis: { title: null, labelLimit: 300 },
    };
    const build = (interactive: boolean): TopLevelSpec =>
      ({
        title: { text: title },
        width: 430,
        height: { step: 26 },
        data: { values: rows },
        transform: [lookup('r', 'row', rowLabels), lookup('r', 'o', rowOrder)],
        layer: [
          {
            mark: { type: 'bar', height: { band: 0.78 }, stroke: 'white', strokeWidth: 1.5 },
            encoding: {
              x,
              x2: { field: 'b' },
              y: yEnc,
              color: {
                field: 'apc',
                type: 'quantitative',
                title: s.legend.apc,
                scale: { scheme: 'blueorange', domain: [-maxAbs, maxAbs], domainMid: 0, clamp: true },
                legend: { orient: 'bottom', direction: 'horizontal', gradientLength: 220, format: '+.0f' },
              },
              ...(interactive
                ? {
                    tooltip: [
                      { field: 'row', type: 'nominal', title: s.tooltip.place },
                      { field: 'sg', type: 'nominal', title: s.tooltip.segment },
                      monthTooltip(s.tooltip.from, 'a'),
                      monthTooltip(s.tooltip.to, 'b'),
                      { field: 'apc', type: 'quantitative', title: s.tooltip.apc, format: '+.1f' },
                      { field: 'lo', type: 'quantitative', title: `${s.tooltip.ci} −`, format: '+.1f' },
                      { field: 'hi', type: 'quantitative', title: `${s.tooltip.ci} +`, format: '+.1f' },
                      { field: 'pv', type: 'quantitative', title: s.tooltip.pValue, format: '.3g' },
                    ],
                  }
                : {}),
            },
          },
          {
            transform: [
              { filter: 'datum.l == 1' },
              { calculate: "format(datum.apc, '+.0f') + '%'", as: 'txt' },
            ],
            mark: { type: 'text', fontSize: 10, baseline: 'middle' },
            encoding: {
              x: { field: 'mid', type: 'temporal', scale: { type: 'utc' } },
              y: yEnc,
              text: { field: 'txt' },
              color: { condition: { test: 'datum.w == 1', value: 'white' }, value: '#111111' },
            },
          },
        ],
        config: baseConfig(lang),
      }) as unknown as TopLevelSpec;
    out.push(namedChart(`trends-${family.code}`, 'trends', title, build));
  }
  return out;
}

/** Every chart of the report in one language, in page order. */
export function buildCharts(data: ReportData, lang: Lang): NamedChart[] {
  return [
    ...FAMILIES.flatMap((f) => drugPageCharts(data, f, lang)),
    ...seizureCharts(data, lang),
    ...naloxoneCharts(data, lang),
    ...mapCharts(data, lang),
    ...alertChart(data, lang),
    ...trendCharts(data, lang),
  ];
}

/** The title text of a spec. */
export function titleOf(spec: TopLevelSpec): string {
  const title = (spec as { title?: unknown }).title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && 'text' in title && typeof title.text === 'string')
    return title.text;
  return '';
}
