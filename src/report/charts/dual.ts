/** A driver (seizures, naloxone) as bars above deaths as a line, per place, on the same months. */

import type { TopLevelSpec } from 'vega-lite';
import type { Lang } from '../../core/lang.ts';
import { type DualComparison, shiftMonths } from '../derive.ts';
import { strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { baseConfig, type Layer, monthX, type Position } from './chart.ts';
import { gapLayer, hoverLayer, type LineRow, lineRowLabels, placeFacet, seriesRows } from './lineRows.ts';

/**
 * Two panels per place on the same months: the driver (seizures, naloxone) as bars, deaths as a line. One view
 * faceted into rows (place × panel) with a shared month axis and a y scale per row: far cheaper to draw than a
 * concatenation of small charts. Each row keeps only its own kind of mark (the other layer is empty there).
 */
export function dualSpec(opts: {
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
  const y: Position = {
    field: 'v',
    type: 'quantitative',
    title: null,
    axis: { format: ',~f', tickCount: 2 },
  };
  const layers: Layer[] = [];
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
  };
}
