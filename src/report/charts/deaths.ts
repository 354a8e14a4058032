/** The drug pages: 12-month deaths, national and in the border states, reported solid and predicted dashed. */

import type { TopLevelSpec } from 'vega-lite';
import type { Lang } from '../../core/lang.ts';
import { chooseDeaths, countriesOf, countryName, drugLabel, sourceName } from '../derive.ts';
import { type Family, isProxy } from '../focus.ts';
import { label, strings } from '../i18n.ts';
import type { ReportData, Series } from '../reportData.ts';
import {
  baseConfig,
  DASHED,
  type Layer,
  monthX,
  type NamedChart,
  namedChart,
  type Position,
  placeLabel,
  SOLID,
} from './chart.ts';
import { gapLayer, hoverLayer, lineRowLabels, placeFacet, seriesRows } from './lineRows.ts';

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
  const y: Position = {
    field: 'v',
    type: 'quantitative',
    title: opts.yTitle,
    scale: { zero: true },
    // Counts of deaths: whole-number ticks only.
    axis: { format: ',~f', tickCount: 4, tickMinStep: 1 },
  };
  // A 12-month-ending sum is not a monthly count: the tooltips name the window and the sum.
  const rolling = opts.panels.every((p) => p.reported.periodType === '12mo_ending');
  const layers: Layer[] = [];
  if (rows.some((r) => r.a)) layers.push(gapLayer(s, undefined, rolling ? s.axis.period12 : s.tooltip.month));
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
  if (opts.interactive)
    layers.push(
      hoverLayer(
        s,
        y,
        [],
        'datum.v != null',
        ',.0f',
        rolling ? { month: s.axis.period12, value: s.axis.deaths12 } : { value: s.axis.deaths },
      ),
    );
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
  };
}

export function drugPageCharts(data: ReportData, family: Family, lang: Lang): NamedChart[] {
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
        label: `${countryName(c, lang)}${proxy} (${sourceName(data, series.source, lang)})`,
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
