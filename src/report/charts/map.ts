/** The map page: a tile grid of US and Mexican states, latest deaths (or rates) and the change on a year earlier. */

import type { TopLevelSpec } from 'vega-lite';
import type { Scale } from 'vega-lite/types_unstable/scale.js';
import type { LayerSpec, UnitSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { Lang } from '../../core/lang.ts';
import { countriesOf, countryName, drugLabel, placeName } from '../derive.ts';
import { FAMILIES, type Family } from '../focus.ts';
import { formatNumber, formatPercent, formatPeriod, label, type Strings, strings } from '../i18n.ts';
import type { MapValue, ReportData } from '../reportData.ts';
import { allTiles, GRID_COLUMNS, GRID_ROWS } from '../tilegrid.ts';
import {
  baseConfig,
  lookup,
  type NamedChart,
  NO_DATA_FILL,
  namedChart,
  type Position,
  SUPPRESSED_FILL,
  statusTable,
  type Tooltip,
} from './chart.ts';

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
  /** Tooltip lines, formatted here so that a missing value reads "–" (Vega would print "null"). */
  tl: string;
  tr: string;
  tn: string;
  tp: string;
  tc: string;
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
  const v2Of = (m: MapValue) => mapChange(m, rates);
  // Each country on its own colour scale (the data notes say to compare shapes, not levels, across countries).
  const max1Of = (country: string) =>
    Math.max(
      0,
      ...states
        .filter((m) => m.country === country)
        .map(v1Of)
        .filter((v): v is number => v !== null),
    );
  const max1 = new Map(['US', 'MX'].map((c) => [c, max1Of(c)]));
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
    // A count with no matching population (New York without New York City): the count, marked, never a rate.
    const countOnly = rates && m !== undefined && v1 === null && m.value !== null;
    const dash = '–';
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
      // Dark text on the light two thirds of the scale, white on the darkest: both at least 4.5:1 there.
      w1: v1 !== null && (max1.get(country) ?? 0) > 0 && v1 / (max1.get(country) ?? 1) > 0.78 ? 1 : 0,
      w2: v2 !== null && Math.abs(v2) / max2 > 0.78 ? 1 : 0,
      src: m?.source ?? '',
      l1: [
        tile.abbr,
        v1 !== null
          ? rates
            ? formatFixed(v1, lang, 1)
            : formatNumber(v1, lang, 0)
          : countOnly
            ? `${formatNumber(m.value, lang, 0)}${COUNT_ONLY_MARK}`
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
      tl: m ? drugLabel(data, m.drug, lang) : dash,
      tr: rates && m?.rate != null ? formatFixed(m.rate, lang, 1) : dash,
      tn: m?.value != null ? formatNumber(m.value, lang, 0) : dash,
      tp: m?.previousValue != null ? formatNumber(m.previousValue, lang, 0) : dash,
      tc: v2 !== null ? formatPercent(v2, lang) : dash,
    });
  }
  // Each country's latest period (the US and Mexican sources are not released together).
  const periods = countriesOf(states).map((c) => {
    const m = states.find((x) => x.country === c) as MapValue;
    return { country: c, end: m.periodEnd, periodType: m.periodType };
  });
  return { rows, rates, periods };
}

/** A percent change on a handful of deaths says nothing: none below MIN_COUNT_FOR_CHANGE a year earlier. */
export const smallBase = (m: MapValue) => m.previousValue !== null && m.previousValue < MIN_COUNT_FOR_CHANGE;

/**
 * The change on a year earlier that the map and its table show: of rates when the map shows rates (of counts when a
 * place has no rate, like New York without New York City), none on a small base.
 */
export function mapChange(m: MapValue, rates: boolean): number | null {
  if (smallBase(m)) return null;
  const byRate = rates && m.rate !== null && m.previousRate !== null;
  const now = byRate ? m.rate : m.value;
  const before = byRate ? m.previousRate : m.previousValue;
  return now !== null && before !== null && before > 0 ? (100 * (now - before)) / before : null;
}

/** No percent change is drawn for a state with fewer deaths than this a year earlier; its tile shows SMALL_BASE_MARK. */
export const MIN_COUNT_FOR_CHANGE = 10;
export const SMALL_BASE_MARK = '*';
/** Marks a tile showing a count where the map shows rates: no population matches the place. */
export const COUNT_ONLY_MARK = '†';

function formatFixed(value: number, lang: Lang, digits: number): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'es-MX', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Tile side in pixels: room for two lines of 11-pixel text ("1,234†"). */
const TILE = 44;

function tilePanel(opts: {
  s: Strings;
  title: string;
  field: 'v1' | 'v2';
  white: 'w1' | 'w2';
  scale: Scale;
  legendTitle: string;
  format: string;
  rates: boolean;
  interactive: boolean;
  /** One colour scale and legend per country (code, scheme, legend title) instead of one for all tiles. */
  countries?: { code: string; scheme: 'blues' | 'purples' | ''; legendTitle: string }[];
}): LayerSpec<string> {
  const { s } = opts;
  const tile = TILE;
  const x: Position = {
    field: 'x',
    type: 'quantitative',
    scale: { domain: [0, GRID_COLUMNS], range: [0, GRID_COLUMNS * tile] },
    axis: null,
  };
  const y: Position = {
    field: 'y',
    type: 'quantitative',
    scale: { domain: [0, GRID_ROWS], range: [0, GRID_ROWS * tile] },
    axis: null,
  };
  const x2 = { field: 'x1' };
  const y2 = { field: 'y1' };
  const tooltip: Tooltip[] | undefined = opts.interactive
    ? [
        { field: 'place', type: 'nominal', title: s.tooltip.place },
        { field: 'tl', type: 'nominal', title: s.tooltip.drug },
        ...(opts.rates ? [{ field: 'tr', type: 'nominal', title: s.tooltip.rate } as Tooltip] : []),
        { field: 'tn', type: 'nominal', title: s.tooltip.deaths },
        { field: 'tp', type: 'nominal', title: s.tooltip.previous },
        { field: 'tc', type: 'nominal', title: s.tooltip.change },
        { field: 'statusLabel', type: 'nominal', title: s.tooltip.status },
      ]
    : undefined;
  const valueFilter = `datum.${opts.field} != null`;
  // One text mark of two lines per tile: the state's abbreviation, then its value (or "s", "–").
  const text: UnitSpec<string> = {
    mark: { type: 'text', fontSize: 11, lineHeight: 13, baseline: 'middle', align: 'center' },
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
      ...(opts.countries ?? [{ code: '', scheme: '' as const, legendTitle: opts.legendTitle }]).map(
        (c): UnitSpec<string> => ({
          transform: [{ filter: c.code ? `${valueFilter} && datum.c == '${c.code}'` : valueFilter }],
          mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x,
            x2,
            y,
            y2,
            color: {
              field: opts.field,
              type: 'quantitative',
              scale: c.scheme ? { ...opts.scale, scheme: c.scheme } : opts.scale,
              legend: {
                title: c.legendTitle,
                orient: 'bottom',
                direction: 'horizontal',
                gradientLength: 160,
                format: opts.format,
              },
            },
            ...(tooltip ? { tooltip } : {}),
          },
        }),
      ),
      text,
    ],
    ...(opts.countries && opts.countries.length > 1
      ? { resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } } }
      : {}),
  };
}

export function mapCharts(data: ReportData, lang: Lang): NamedChart[] {
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
    const valued = ['US', 'MX'].filter((c) => rows.some((r) => r.c === c && r.v1 !== null));
    const build = (interactive: boolean): TopLevelSpec => ({
      title: { text: title, subtitle: when },
      data: { values: rows },
      transform: [lookup('g', 'place', places), lookup('s', 'statusLabel', statusTable(s))],
      hconcat: [
        tilePanel({
          s,
          title: rates ? s.mapPage.legendRateTitle : s.mapPage.legendCountTitle,
          field: 'v1',
          white: 'w1',
          scale: { scheme: 'blues', domainMin: 0, zero: true },
          legendTitle: rates ? s.mapPage.legendRate : s.mapPage.legendCount,
          format: rates ? ',.1f' : ',.0f',
          rates,
          interactive,
          ...(valued.length > 1
            ? {
                countries: valued.map((c) => ({
                  code: c,
                  scheme: c === 'US' ? ('blues' as const) : ('purples' as const),
                  legendTitle: `${countryName(c, lang)}: ${rates ? s.mapPage.legendRate : s.mapPage.legendCount}`,
                })),
              }
            : {}),
        }),
        tilePanel({
          s,
          title: s.mapPage.changeTitle,
          field: 'v2',
          white: 'w2',
          scale: { scheme: 'blueorange', domain: [-max2, max2], domainMid: 0, clamp: true },
          legendTitle: s.mapPage.legendChange,
          format: '+.0f',
          rates,
          interactive,
        }),
      ],
      spacing: 24,
      resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
      config: baseConfig(lang),
    });
    out.push(namedChart(`map-${family.code}`, 'map', title, build));
  }
  return out;
}
