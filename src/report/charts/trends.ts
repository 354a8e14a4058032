/** The trends page: Joinpoint segments of each focus family, coloured by annual percent change. */

import type { TopLevelSpec } from 'vega-lite';
import type { Lang } from '../../core/lang.ts';
import { drugLabel, familyTrends, placeName, sourceName } from '../derive.ts';
import { FAMILIES, isProxy } from '../focus.ts';
import { label, strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import {
  baseConfig,
  lookup,
  monthTooltip,
  type NamedChart,
  namedChart,
  type Position,
  type Tooltip,
} from './chart.ts';

export function trendCharts(data: ReportData, lang: Lang): NamedChart[] {
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
        `${placeName(data, t.geo, lang)}${proxy}${(perPlace.get(t.geo) ?? 1) > 1 ? ` (${sourceName(data, t.source, lang)})` : ''}`;
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
    const x: Position = {
      field: 'a',
      type: 'temporal',
      title: null,
      scale: { type: 'utc' },
      axis: { format: '%Y', grid: true, tickCount: { interval: 'year', step: 1 } },
    };
    const yEnc: Position = {
      field: 'row',
      type: 'nominal',
      sort: { field: 'o', op: 'min' },
      axis: { title: null, labelLimit: 300 },
    };
    // On the bar and on its label alike: the label covers the middle of a short bar.
    const tooltip: Tooltip[] = [
      { field: 'row', type: 'nominal', title: s.tooltip.place },
      { field: 'sg', type: 'nominal', title: s.tooltip.segment },
      monthTooltip(s.tooltip.from, 'a', s.monthFormat),
      monthTooltip(s.tooltip.to, 'b', s.monthFormat),
      { field: 'apc', type: 'quantitative', title: s.tooltip.apc, format: '+.1f' },
      { field: 'lo', type: 'quantitative', title: `${s.tooltip.ci} −`, format: '+.1f' },
      { field: 'hi', type: 'quantitative', title: `${s.tooltip.ci} +`, format: '+.1f' },
      { field: 'pv', type: 'quantitative', title: s.tooltip.pValue, format: '.3g' },
    ];
    const build = (interactive: boolean): TopLevelSpec => ({
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
            ...(interactive ? { tooltip } : {}),
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
            ...(interactive ? { tooltip } : {}),
          },
        },
      ],
      config: baseConfig(lang),
    });
    out.push(namedChart(`trends-${family.code}`, 'trends', title, build));
  }
  return out;
}
