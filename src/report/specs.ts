/** Vega-Lite specs for the report: pure functions from ReportData to plain JSON, labelled in one language. */

import type { TopLevelSpec } from 'vega-lite';
import { formatMonth, formatNumber, type Strings, strings, vegaLocale } from './i18n.ts';
import type { AlertRow, Lang, ObservationStatus, ReportData, SeriesPoint } from './reportData.ts';

export const CHART_NAMES = ['national', 'border-states', 'alerts'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

export interface NamedChart {
  name: ChartName;
  spec: TopLevelSpec;
}

/** Okabe–Ito colours, safe for the common colour-vision deficiencies. */
export const DRUG_COLORS: Record<string, string> = { fentanyl: '#D55E00', methamphetamine: '#0072B2' };
const OTHER_COLORS = ['#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export const BORDER_STATES = ['AZ', 'CA', 'NM', 'TX'] as const;

const SOLID = [1, 0];
const DASHED = [6, 4];

type Series = 'reported' | 'predicted';

/** One row of a trend chart's inline data. `value` is null (never 0) where the count is suppressed or missing. */
export interface TrendRow {
  geo: string;
  place: string;
  drug: string;
  drugLabel: string;
  periodEnd: string;
  month: string;
  series: Series;
  seriesLabel: string;
  value: number | null;
  valueLabel: string;
  status: ObservationStatus;
  statusLabel: string;
  /** A valid value with no valid neighbour: a line cannot draw it, so a dot does. */
  isolated: boolean;
  /** Only on reported rows without a value: the span (half a month either side) the gap band covers. */
  gapFrom?: string;
  gapTo?: string;
}

export interface AlertChartRow {
  geo: string;
  place: string;
  drug: string;
  drugLabel: string;
  row: string;
  periodEnd: string;
  month: string;
  method: string;
  observed: string;
  expected: string;
  threshold: string;
}

type LayerSpec = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];
type Config = NonNullable<TopLevelSpec['config']>;

export function placeName(data: ReportData, code: string, lang: Lang): string {
  return data.geographies.find((g) => g.code === code)?.name[lang] ?? code;
}

export function drugLabel(data: ReportData, code: string, lang: Lang): string {
  return data.drugs.find((d) => d.code === code)?.label[lang] ?? code;
}

/** Drug codes present in `codes`, in the order of `data.drugs`, then any unknown ones alphabetically. */
function drugOrder(data: ReportData, codes: Iterable<string>): string[] {
  const present = new Set(codes);
  const known = data.drugs.map((d) => d.code).filter((c) => present.has(c));
  const unknown = [...present].filter((c) => !known.includes(c)).sort();
  return [...known, ...unknown];
}

function colorScale(
  data: ReportData,
  codes: Iterable<string>,
  lang: Lang,
): { domain: string[]; range: string[] } {
  const order = drugOrder(data, codes);
  let next = 0;
  const range = order.map(
    (code) => DRUG_COLORS[code] ?? OTHER_COLORS[next++ % OTHER_COLORS.length] ?? '#000000',
  );
  return { domain: order.map((code) => drugLabel(data, code, lang)), range };
}

function monthKey(iso: string): string {
  return iso.slice(0, 7);
}

/** ISO timestamps half a month before and after the start of `iso`'s month. */
function gapSpan(iso: string): { gapFrom: string; gapTo: string } {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7)) - 1;
  const start = Date.UTC(year, month, 1);
  const mid = (a: number, b: number) => new Date((a + b) / 2).toISOString();
  return {
    gapFrom: mid(Date.UTC(year, month - 1, 1), start),
    gapTo: mid(start, Date.UTC(year, month + 1, 1)),
  };
}

function monthEnd(year: number, monthIndex: number): string {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).toISOString().slice(0, 10);
}

/** The points sorted by period, with an explicit 'missing' point for every absent month so no gap is bridged. */
function fillMonths(points: SeriesPoint[]): SeriesPoint[] {
  const sorted = [...points].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return sorted;
  const byMonth = new Map(sorted.map((p) => [monthKey(p.periodEnd), p]));
  const filled: SeriesPoint[] = [];
  let year = Number(first.periodEnd.slice(0, 4));
  let month = Number(first.periodEnd.slice(5, 7)) - 1;
  const endKey = monthKey(last.periodEnd);
  for (let guard = 0; guard < 2400; guard++) {
    const end = monthEnd(year, month);
    const key = monthKey(end);
    filled.push(
      byMonth.get(key) ?? {
        geo: first.geo,
        drug: first.drug,
        periodEnd: end,
        value: null,
        predicted: null,
        status: 'missing',
      },
    );
    if (key >= endKey) break;
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return filled;
}

function reportedValue(p: SeriesPoint): number | null {
  if (p.status === 'suppressed' || p.status === 'missing') return null;
  return p.value !== null && Number.isFinite(p.value) ? p.value : null;
}

function predictedValue(p: SeriesPoint): number | null {
  return p.predicted !== null && Number.isFinite(p.predicted) ? p.predicted : null;
}

/** Inline data for a trend chart: a reported row and (where the series has any) a predicted row per period. */
export function trendRows(data: ReportData, points: SeriesPoint[], lang: Lang): TrendRow[] {
  const s = strings(lang);
  const groups = new Map<string, SeriesPoint[]>();
  for (const p of points) {
    const key = `${p.geo}\u0000${p.drug}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  const geoRank = (geo: string) => {
    const i = (BORDER_STATES as readonly string[]).indexOf(geo);
    return i < 0 ? BORDER_STATES.length : i;
  };
  const order = drugOrder(
    data,
    points.map((p) => p.drug),
  );
  const keys = [...groups.keys()].sort((a, b) => {
    const [geoA = '', drugA = ''] = a.split('\u0000');
    const [geoB = '', drugB = ''] = b.split('\u0000');
    return (
      geoRank(geoA) - geoRank(geoB) || geoA.localeCompare(geoB) || order.indexOf(drugA) - order.indexOf(drugB)
    );
  });

  const rows: TrendRow[] = [];
  for (const key of keys) {
    const series = fillMonths(groups.get(key) ?? []);
    const kinds: [Series, (p: SeriesPoint) => number | null][] = [['reported', reportedValue]];
    if (series.some((p) => predictedValue(p) !== null)) kinds.push(['predicted', predictedValue]);
    for (const [kind, pick] of kinds) {
      const values = series.map(pick);
      series.forEach((p, i) => {
        const value = values[i] ?? null;
        const status: ObservationStatus = kind === 'predicted' && value !== null ? 'predicted' : p.status;
        rows.push({
          geo: p.geo,
          place: placeName(data, p.geo, lang),
          drug: p.drug,
          drugLabel: drugLabel(data, p.drug, lang),
          periodEnd: p.periodEnd,
          month: formatMonth(p.periodEnd, lang),
          series: kind,
          seriesLabel: s.series[kind],
          value,
          valueLabel: formatNumber(value, lang),
          status,
          statusLabel: s.status[status],
          isolated: value !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null,
          ...(kind === 'reported' && value === null ? gapSpan(p.periodEnd) : {}),
        });
      });
    }
  }
  return rows;
}

function baseConfig(lang: Lang): Config {
  return {
    locale: vegaLocale(lang),
    font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    view: { stroke: null },
    title: { anchor: 'start', fontSize: 15, subtitleFontSize: 12, subtitleColor: '#444' },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
    legend: {
      orient: 'bottom',
      direction: 'horizontal',
      labelFontSize: 12,
      titleFontSize: 12,
      labelLimit: 320,
      symbolStrokeWidth: 2,
    },
    header: { labelFontSize: 13, labelFontWeight: 'bold', labelAnchor: 'start' },
  };
}

/** The month of `periodEnd` on a UTC scale: each point sits at the start of its month. */
function monthAxis(s: Strings) {
  return {
    field: 'periodEnd',
    type: 'temporal',
    timeUnit: 'utcyearmonth',
    title: s.axis.month,
    scale: { type: 'utc' },
    axis: { format: '%b %Y', labelOverlap: true, grid: false },
  } as const;
}

/** The layers shared by the national chart and each small multiple. */
function trendLayers(data: ReportData, rows: TrendRow[], lang: Lang): LayerSpec[] {
  const s = strings(lang);
  const colors = colorScale(
    data,
    rows.map((r) => r.drug),
    lang,
  );
  const color = {
    field: 'drugLabel',
    type: 'nominal',
    title: s.legend.drug,
    scale: colors,
  } as const;
  const tooltip = [
    { field: 'place', type: 'nominal', title: s.tooltip.place },
    { field: 'drugLabel', type: 'nominal', title: s.tooltip.drug },
    { field: 'month', type: 'nominal', title: s.tooltip.month },
    { field: 'seriesLabel', type: 'nominal', title: s.tooltip.series },
    { field: 'valueLabel', type: 'nominal', title: s.tooltip.value },
    { field: 'statusLabel', type: 'nominal', title: s.tooltip.status },
  ] as const;
  // Suppressed or missing reported values: a light band, so a gap reads as "no figure", never as zero.
  const gapBands: LayerSpec[] = rows.some((r) => r.gapFrom !== undefined)
    ? [
        {
          transform: [{ filter: "datum.series === 'reported' && datum.value === null" }],
          mark: { type: 'rect', color: '#9a9a9a', opacity: 0.18 },
          encoding: {
            x: { field: 'gapFrom', type: 'temporal', title: s.axis.month, scale: { type: 'utc' } },
            x2: { field: 'gapTo' },
            tooltip: [
              { field: 'drugLabel', type: 'nominal', title: s.tooltip.drug },
              { field: 'month', type: 'nominal', title: s.tooltip.month },
              { field: 'statusLabel', type: 'nominal', title: s.tooltip.status },
            ],
          },
        },
      ]
    : [];
  return [
    ...gapBands,
    {
      mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-show-domains' },
      encoding: {
        x: monthAxis(s),
        y: {
          field: 'value',
          type: 'quantitative',
          scale: { zero: true },
          title: s.axis.deaths,
          axis: { format: ',~f', tickCount: 5 },
        },
        color,
        strokeDash: {
          field: 'seriesLabel',
          type: 'nominal',
          title: s.legend.series,
          scale: { domain: [s.series.reported, s.series.predicted], range: [SOLID, DASHED] },
        },
      },
    },
    {
      // Hover targets for every value; visible only where a value has no neighbour to draw a line to.
      transform: [{ filter: 'datum.value !== null' }],
      mark: { type: 'point', filled: true, size: 45 },
      encoding: {
        x: monthAxis(s),
        y: { field: 'value', type: 'quantitative', title: s.axis.deaths },
        color,
        opacity: { condition: { test: 'datum.isolated', value: 1 }, value: 0 },
        tooltip: [...tooltip],
      },
    },
  ];
}

/** (1) National 12-month-ending deaths, fentanyl vs methamphetamine; reported solid, predicted dashed. */
export function nationalTrendSpec(data: ReportData, lang: Lang): TopLevelSpec {
  const s = strings(lang);
  const rows = trendRows(data, data.national, lang);
  return {
    title: { text: s.nationalTitle },
    width: 800,
    height: 300,
    data: { values: rows },
    layer: trendLayers(data, rows, lang),
    config: baseConfig(lang),
  };
}

/** (2) Small multiples for the border states, same encodings, each with its own y scale. */
export function borderStatesSpec(data: ReportData, lang: Lang): TopLevelSpec {
  const s = strings(lang);
  const rows = trendRows(data, data.borderStates, lang);
  const places = [...new Set(rows.map((r) => r.place))];
  return {
    title: { text: s.borderTitle },
    data: { values: rows },
    columns: 2,
    facet: { field: 'place', type: 'nominal', title: null, sort: places },
    spec: { width: 340, height: 180, layer: trendLayers(data, rows, lang) },
    resolve: { scale: { y: 'independent' } },
    config: baseConfig(lang),
  };
}

/** Rows for the alert chart (and the same formatted values the HTML table shows). */
export function alertRows(data: ReportData, alerts: AlertRow[], lang: Lang): AlertChartRow[] {
  const s = strings(lang);
  return alerts.map((a) => {
    const place = placeName(data, a.geo, lang);
    const label = drugLabel(data, a.drug, lang);
    return {
      geo: a.geo,
      place,
      drug: a.drug,
      drugLabel: label,
      row: `${place} · ${label}`,
      periodEnd: a.periodEnd,
      month: formatMonth(a.periodEnd, lang),
      method: s.method[a.method] ?? a.method,
      observed: formatNumber(a.observed, lang),
      expected: formatNumber(a.expected, lang),
      threshold: formatNumber(a.threshold, lang),
    };
  });
}

/** The first and last month starts of `isoDates` (UTC), as a time-scale domain. */
function monthSpan(isoDates: string[]) {
  const sorted = isoDates.map(monthKey).sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return undefined;
  const start = (key: string) => ({
    year: Number(key.slice(0, 4)),
    month: Number(key.slice(5, 7)),
    date: 1,
    utc: true,
  });
  return [start(first), start(last)];
}

/** (3) Compact alert chart: one dot per alarm, by month and place × drug. */
export function alertsSpec(data: ReportData, lang: Lang): TopLevelSpec {
  const s = strings(lang);
  const rows = alertRows(data, data.alerts, lang);
  const rowOrder = [...new Set([...rows].sort((a, b) => a.row.localeCompare(b.row)).map((r) => r.row))];
  // The same months as the trend charts, so an alert sits where it would on them.
  const domain = monthSpan([...data.national, ...data.borderStates, ...data.alerts].map((p) => p.periodEnd));
  const x = monthAxis(s);
  return {
    title: { text: s.alertsChartTitle },
    width: 560,
    height: { step: 26 },
    data: { values: rows },
    mark: { type: 'point', filled: true, size: 110, opacity: 0.9 },
    encoding: {
      x: {
        ...x,
        scale: domain ? { type: 'utc', domain, padding: 14 } : { type: 'utc', padding: 14 },
        title: s.table.month,
        axis: { ...x.axis, grid: true },
      },
      y: { field: 'row', type: 'nominal', sort: rowOrder, axis: { title: null, labelLimit: 260 } },
      color: {
        field: 'drugLabel',
        type: 'nominal',
        title: s.legend.drug,
        scale: colorScale(
          data,
          rows.map((r) => r.drug),
          lang,
        ),
      },
      shape: { field: 'method', type: 'nominal', title: s.legend.method },
      tooltip: [
        { field: 'place', type: 'nominal', title: s.tooltip.place },
        { field: 'drugLabel', type: 'nominal', title: s.tooltip.drug },
        { field: 'month', type: 'nominal', title: s.table.month },
        { field: 'method', type: 'nominal', title: s.tooltip.method },
        { field: 'observed', type: 'nominal', title: s.tooltip.observed },
        { field: 'expected', type: 'nominal', title: s.tooltip.expected },
        { field: 'threshold', type: 'nominal', title: s.tooltip.threshold },
      ],
    },
    config: baseConfig(lang),
  };
}

/** The report's charts for one language; the alert chart only when there are alerts. */
export function buildCharts(data: ReportData, lang: Lang): NamedChart[] {
  const charts: NamedChart[] = [
    { name: 'national', spec: nationalTrendSpec(data, lang) },
    { name: 'border-states', spec: borderStatesSpec(data, lang) },
  ];
  if (data.alerts.length > 0) charts.push({ name: 'alerts', spec: alertsSpec(data, lang) });
  return charts;
}
