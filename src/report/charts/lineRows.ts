/** Rows of line and bar charts over months, with their labels, gaps (suppressed or missing) and hover targets. */

import type { FacetFieldDef } from 'vega-lite/types_unstable/spec/facet.js';
import type { UnitSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { LookupTransform } from 'vega-lite/types_unstable/transform.js';
import { fillPeriods } from '../derive.ts';
import type { Strings } from '../i18n.ts';
import type { Series } from '../reportData.ts';
import {
  GAP_COLOR,
  lookup,
  monthStart,
  monthTooltip,
  monthX,
  type Position,
  statusTable,
  type Tooltip,
} from './chart.ts';

/** Half a month either side of the start of the month of `iso`: the span a gap band covers. */
export function gapSpan(iso: string): { a: string; b: string } {
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
export interface LineRow {
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

export function seriesRows(series: Series, panel: string, kind: 'r' | 'p', m?: 'd' | 'x'): LineRow[] {
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
export function lineRowLabels(
  s: Strings,
  labels: Record<string, string>,
  order: Record<string, number>,
): LookupTransform[] {
  return [
    lookup('p', 'place', labels),
    lookup('p', 'o', order),
    lookup('k', 'seriesLabel', { r: s.series.reported, p: s.series.predicted }),
    lookup('s', 'statusLabel', statusTable(s)),
  ];
}

/** A facet by panel, in the panels' order. */
export function placeFacet(header: FacetFieldDef<string>['header']): FacetFieldDef<string> {
  return { field: 'place', type: 'nominal', title: null, sort: { field: 'o', op: 'min' }, header };
}

/** Grey bands over reported months without a value: suppressed or missing, never zero. */
export function gapLayer(
  s: Strings,
  filter = 'datum.a != null',
  monthTitle = s.tooltip.month,
): UnitSpec<string> {
  return {
    transform: [{ filter }],
    mark: { type: 'rect', color: GAP_COLOR, opacity: 0.22 },
    encoding: {
      x: { field: 'a', type: 'temporal', scale: { type: 'utc' }, title: null },
      x2: { field: 'b' },
      tooltip: [
        { field: 'place', type: 'nominal', title: s.tooltip.place },
        monthTooltip(monthTitle, 't', s.monthFormat),
        { field: 'statusLabel', type: 'nominal', title: s.tooltip.status },
      ],
    },
  };
}

export function hoverLayer(
  s: Strings,
  y: Position,
  extra: Tooltip[] = [],
  filter = 'datum.v != null',
  format = ',.0f',
  titles: { month?: string; value?: string } = {},
): UnitSpec<string> {
  return {
    transform: [{ filter }],
    mark: { type: 'point', filled: true, size: 60, opacity: 0 },
    encoding: {
      x: monthX(null),
      y,
      tooltip: [
        { field: 'place', type: 'nominal', title: s.tooltip.place },
        ...extra,
        monthTooltip(titles.month ?? s.tooltip.month, 't', s.monthFormat),
        // One line per title (a tooltip is keyed by title): an extra line naming the series replaces this one.
        ...(extra.some((t) => t.title === s.tooltip.series)
          ? []
          : [{ field: 'seriesLabel', type: 'nominal', title: s.tooltip.series } as Tooltip]),
        { field: 'v', type: 'quantitative', title: titles.value ?? s.tooltip.value, format },
        { field: 'statusLabel', type: 'nominal', title: s.tooltip.status },
      ],
    },
  };
}
