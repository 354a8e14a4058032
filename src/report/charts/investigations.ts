/**
 * Mexico's monthly drug-crime investigations (SESNSP): narcomenudeo opened by state prosecutors and federal crimes
 * against health, per month, for the nation and the border states. Investigations opened: never seizures or deaths.
 * Each place has its own scale; the chart spans Mexico's own months, not the US series'.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Lang } from '../../core/lang.ts';
import { sortPlaces } from '../derive.ts';
import { INVESTIGATION_DRUGS } from '../focus.ts';
import { strings } from '../i18n.ts';
import type { ReportData, Series } from '../reportData.ts';
import {
  baseConfig,
  drugShort,
  type Layer,
  lookup,
  monthX,
  type NamedChart,
  namedChart,
  type Position,
  placeLabel,
} from './chart.ts';
import { hoverLayer, lineRowLabels, placeFacet, seriesRows } from './lineRows.ts';

/** Okabe–Ito: bluish green for state narcomenudeo, reddish purple for federal crimes against health. */
const COLORS = ['#009E73', '#CC79A7'];

/** The investigations series the chart draws: per place, one per drug of INVESTIGATION_DRUGS, monthly. */
export function investigationSeries(data: ReportData): Series[] {
  const border = new Set(data.geographies.filter((g) => g.borderState).map((g) => g.code));
  return data.series.filter(
    (s) =>
      s.country === 'MX' &&
      s.measure === 'investigations' &&
      s.periodType === 'month' &&
      INVESTIGATION_DRUGS.includes(s.drug) &&
      (s.geoLevel === 'nation' || border.has(s.geo)) &&
      s.points.some((p) => p.value !== null),
  );
}

export function investigationCharts(data: ReportData, lang: Lang): NamedChart[] {
  const series = investigationSeries(data);
  if (series.length === 0) return [];
  const s = strings(lang);
  const places = sortPlaces(series.map((x) => x.geo));
  const drugs = INVESTIGATION_DRUGS.filter((d) => series.some((x) => x.drug === d));
  const rows = series.flatMap((x) => seriesRows(x, x.geo, 'r').map((r) => ({ ...r, c: x.drug })));
  const labels = Object.fromEntries(places.map((g) => [g, placeLabel(data, g, 'MX', lang, false)]));
  const order = Object.fromEntries(places.map((g, i) => [g, i]));
  const drugLabels = Object.fromEntries(drugs.map((d) => [d, drugShort(data, d, lang)]));
  const title = s.investigations.chartTitle;
  const y: Position = {
    field: 'v',
    type: 'quantitative',
    title: null,
    scale: { zero: true },
    axis: { format: ',~f', tickCount: 3, tickMinStep: 1 },
  };
  const build = (interactive: boolean): TopLevelSpec => {
    const layers: Layer[] = [
      {
        mark: { type: 'line', strokeWidth: 1.6 },
        encoding: {
          x: monthX(s.axis.month),
          y,
          color: {
            field: 'drugLabel',
            type: 'nominal',
            title: null,
            scale: { domain: drugs.map((d) => drugLabels[d] ?? d), range: COLORS.slice(0, drugs.length) },
            legend: { orient: 'top', direction: 'vertical', labelLimit: 0 },
          },
        },
      },
    ];
    if (interactive)
      layers.push(
        hoverLayer(
          s,
          y,
          [{ field: 'drugLabel', type: 'nominal', title: s.tooltip.series }],
          'datum.v != null',
          ',.0f',
          { value: s.investigations.value },
        ),
      );
    return {
      title: { text: title, subtitle: s.investigations.subtitle },
      data: { values: rows },
      transform: [...lineRowLabels(s, labels, order), lookup('c', 'drugLabel', drugLabels)],
      facet: placeFacet({ labelFontSize: 12 }),
      columns: 1,
      spacing: { row: 12 },
      spec: { width: 600, height: 90, layer: layers },
      resolve: { scale: { y: 'independent' } },
      config: baseConfig(lang),
    };
  };
  return [namedChart('investigations-mx', 'seizures', title, build)];
}
