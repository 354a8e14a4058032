/** What every chart shares: its name and page, the base config, label lookups and the month axis. */

import type { Config, TopLevelSpec } from 'vega-lite';
import type { PositionFieldDef, StringFieldDef } from 'vega-lite/types_unstable/channeldef.js';
import type { LayerSpec, UnitSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { LookupTransform } from 'vega-lite/types_unstable/transform.js';
import type { Lang } from '../../core/lang.ts';
import { drugLabel, placeName } from '../derive.ts';
import { label, type Strings, strings, vegaLocale } from '../i18n.ts';
import type { PageId } from '../pageIds.ts';
import type { ReportData } from '../reportData.ts';

export interface NamedChart {
  /** File name stem: lower-case letters, digits and dashes. */
  name: string;
  page: PageId;
  title: string;
  /** Exported as .vl.json and rendered to .svg. */
  spec: TopLevelSpec;
  /** Drawn in the page: `spec` plus hover targets for tooltips. */
  interactive: TopLevelSpec;
  /** Drawn in the page instead of `interactive` where the chart's box is narrower than `below` pixels. */
  narrow?: { spec: TopLevelSpec; below: number };
}

/** An x or y channel on a field of the inline rows. */
export type Position = PositionFieldDef<string>;
/** One line of a tooltip. */
export type Tooltip = StringFieldDef<string>;
/** A layer of a layered chart. */
export type Layer = LayerSpec<string> | UnitSpec<string>;

/** A chart built twice: for export (no hover targets) and for the page. */
export function namedChart(
  name: string,
  page: PageId,
  title: string,
  build: (interactive: boolean) => TopLevelSpec,
): NamedChart {
  return { name, page, title, spec: build(false), interactive: build(true) };
}

export const GAP_COLOR = '#9a9a9a';
export const NO_DATA_FILL = '#eeeeee';
export const SUPPRESSED_FILL = '#c8c8c8';
export const SOLID: number[] = [1, 0];
export const DASHED: number[] = [6, 4];

export const fileSafe = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function baseConfig(lang: Lang): Config {
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
export function lookup(key: string, as: string, table: Record<string, string | number>): LookupTransform {
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

export function statusTable(s: Strings): Record<string, string> {
  return { ...s.status };
}

/**
 * x: the month a period ends in, on a UTC scale. Rows carry the first day of that month (`t`), so no time-unit
 * transform is needed to draw (it costs a third of a chart's rendering); tooltips, drawn only in the page, use one.
 */
export function monthX(title: string | null, field = 't'): Position {
  return {
    field,
    type: 'temporal',
    title,
    scale: { type: 'utc' },
    axis: { format: '%b %Y', labelOverlap: true, grid: false, labelSeparation: 8 },
  };
}

/** First day of the month of an ISO date, shifted by `months`. */
export function monthStart(iso: string, months = 0): string {
  const d = new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1 + months, 1));
  return d.toISOString().slice(0, 10);
}

export function monthTooltip(title: string, field = 't', format = '%B %Y'): Tooltip {
  return { field, type: 'temporal', timeUnit: 'utcyearmonth', title, format };
}

/** The short name of a drug (as in "deaths from …"), else its label. */
export function drugShort(data: ReportData, code: string, lang: Lang): string {
  return data.drugs.find((d) => d.code === code)?.short?.[lang] ?? drugLabel(data, code, lang);
}

export function placeLabel(
  data: ReportData,
  geo: string,
  country: string,
  lang: Lang,
  withCountry: boolean,
): string {
  const name = placeName(data, geo, lang);
  return withCountry && geo !== country ? `${name} (${label(strings(lang).countryShort, country)})` : name;
}
