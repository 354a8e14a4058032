/** The map page: a tile grid of US and Mexican states, latest deaths (or rates) and the change on a year earlier. */

import { scheme } from 'vega';
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
  /** Where the tile sits on a narrow screen: NARROW_COLUMNS to a row, each country alphabetically by abbreviation. */
  nx: number;
  ny: number;
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
  // Mexico has its own (purple) scale when both countries have values, as mapCharts draws it.
  const bothValued = ['US', 'MX'].every((c) => states.some((m) => m.country === c && v1Of(m) !== null));
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
  const narrow = narrowPlaces();
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
      nx: narrow.get(geo)?.[0] ?? 0,
      ny: narrow.get(geo)?.[1] ?? 0,
      ab: tile.abbr,
      d: m?.drug ?? '',
      v1,
      v2,
      n: m?.value ?? null,
      np: m?.previousValue ?? null,
      s: m ? m.status : 'missing',
      // White text where it reads better than black on the tile's own colour (one of the two is 4.58:1 or more).
      w1:
        v1 !== null && (max1.get(country) ?? 0) > 0
          ? whiteReads(country === 'MX' && bothValued ? 'purples' : 'blues', v1 / (max1.get(country) ?? 1))
          : 0,
      w2:
        v2 !== null ? whiteReads('blueorange', (Math.max(-max2, Math.min(max2, v2)) + max2) / (2 * max2)) : 0,
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

/** Lines of at most `width` characters, broken at spaces. */
function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** WCAG relative luminance of an "rgb(r, g, b)" colour. */
function luminance(css: string): number {
  const [r = 0, g = 0, b = 0] = (css.match(/\d+(\.\d+)?/g) ?? []).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** 1 when white text contrasts more than black with the colour at `t` (0–1) of a Vega scheme. */
export function whiteReads(name: 'blues' | 'purples' | 'blueorange', t: number): 0 | 1 {
  const colour = (scheme(name) as (t: number) => string)(Math.max(0, Math.min(1, t)));
  const l = luminance(colour);
  return 1.05 / (l + 0.05) > (l + 0.05) / 0.05 ? 1 : 0;
}

function formatFixed(value: number, lang: Lang, digits: number): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'es-MX', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Tile side in pixels: room for two lines of 11-pixel text ("1,234†"). */
const TILE = 44;

/**
 * On a narrow screen (a phone) the two panels of 12 columns would shrink their 11-pixel labels to 4 pixels: there the
 * tiles wrap, NARROW_COLUMNS of NARROW_TILE pixels to a row (324 pixels, a 360-pixel phone's width), the United
 * States alphabetically by abbreviation, then half a row's gap, then Mexico.
 */
export const NARROW_COLUMNS = 6;
const NARROW_TILE = 54;

function narrowPlaces(): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  let top = 0;
  for (const mexican of [false, true]) {
    const tiles = allTiles()
      .filter((t) => /^\d+$/.test(t.geo) === mexican)
      .sort((a, b) => a.tile.abbr.localeCompare(b.tile.abbr));
    tiles.forEach((t, i) => {
      out.set(t.geo, [i % NARROW_COLUMNS, top + Math.floor(i / NARROW_COLUMNS)]);
    });
    top += Math.ceil(tiles.length / NARROW_COLUMNS) + 0.5;
  }
  return out;
}

/** The wide layout's two panels side by side, with the space between them and the padding: narrower, it shrinks. */
const WIDE_WIDTH = 2 * GRID_COLUMNS * TILE + 24 + 2 * 6;

/** Rows of the narrow layout, the gap after the last country included. */
const NARROW_ROWS = Math.max(...[...narrowPlaces().values()].map(([, y]) => y)) + 1;

/** Where tiles go: the map's grid, or the narrow screen's wrapped rows. */
interface TileLayout {
  x: 'x' | 'nx';
  y: 'y' | 'ny';
  columns: number;
  rows: number;
  tile: number;
  fontSize: number;
}

const WIDE: TileLayout = { x: 'x', y: 'y', columns: GRID_COLUMNS, rows: GRID_ROWS, tile: TILE, fontSize: 11 };
const NARROW: TileLayout = {
  x: 'nx',
  y: 'ny',
  columns: NARROW_COLUMNS,
  rows: NARROW_ROWS,
  tile: NARROW_TILE,
  fontSize: 12,
};

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
  countries?: { code: string; scheme: 'blues' | 'purples' | ''; legendTitle: string | string[] }[];
  layout: TileLayout;
}): LayerSpec<string> {
  const { s, layout } = opts;
  const tile = layout.tile;
  const x: Position = {
    field: layout.x,
    type: 'quantitative',
    scale: { domain: [0, layout.columns], range: [0, layout.columns * tile] },
    axis: null,
  };
  const y: Position = {
    field: layout.y,
    type: 'quantitative',
    scale: { domain: [0, layout.rows], range: [0, layout.rows * tile] },
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
    mark: {
      type: 'text',
      fontSize: layout.fontSize,
      lineHeight: layout.fontSize + 2,
      baseline: 'middle',
      align: 'center',
    },
    encoding: {
      x: { field: 'cx', type: 'quantitative', scale: x.scale, axis: null },
      y: { field: 'cy', type: 'quantitative', scale: y.scale, axis: null },
      text: { field: opts.field === 'v1' ? 'l1' : 'l2' },
      color: {
        condition: { test: `datum.${opts.white} == 1 && ${valueFilter}`, value: 'white' },
        value: '#000000',
      },
      ...(tooltip ? { tooltip } : {}),
    },
  };
  return {
    title: { text: opts.title, fontSize: 12.5, anchor: 'start' },
    width: layout.columns * tile,
    height: layout.rows * tile,
    transform: [
      { calculate: `datum.${layout.x} + 0.92`, as: 'x1' },
      { calculate: `datum.${layout.y} + 0.92`, as: 'y1' },
      { calculate: `datum.${layout.x} + 0.46`, as: 'cx' },
      { calculate: `datum.${layout.y} + 0.46`, as: 'cy' },
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
    const build = (interactive: boolean, layout = WIDE): TopLevelSpec => {
      const panels = [
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
          layout,
          ...(valued.length > 1
            ? {
                countries: valued.map((c) => ({
                  code: c,
                  scheme: c === 'US' ? ('blues' as const) : ('purples' as const),
                  // Country and unit on two lines: on one, side by side, the legend titles were cut ("Per 100,0…").
                  legendTitle: [countryName(c, lang), rates ? s.mapPage.legendRate : s.mapPage.legendCount],
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
          layout,
        }),
      ];
      const wide = layout === WIDE;
      return {
        title: wide
          ? { text: title, subtitle: when }
          : { text: wrapText(title, 36), subtitle: [when, ...wrapText(s.mapPage.narrowNote, 50)] },
        data: { values: rows },
        transform: [lookup('g', 'place', places), lookup('s', 'statusLabel', statusTable(s))],
        ...(wide ? { hconcat: panels } : { vconcat: panels }),
        spacing: 24,
        resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
        config: baseConfig(lang),
      };
    };
    out.push({
      ...namedChart(`map-${family.code}`, 'map', title, build),
      narrow: { spec: build(true, NARROW), below: WIDE_WIDTH },
    });
  }
  return out;
}
