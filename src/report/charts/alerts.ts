/** The alerts page: every alarm of the latest run, one row per series, one mark per method and month. */

import type { TopLevelSpec } from 'vega-lite';
import type { MarkPropFieldDef } from 'vega-lite/types_unstable/channeldef.js';
import type { Lang } from '../../core/lang.ts';
import { drugLabel, methodsAgreeing, placeName, sourceName } from '../derive.ts';
import { drugColor, FAMILIES } from '../focus.ts';
import { label, strings } from '../i18n.ts';
import type { AlertRow, ReportData } from '../reportData.ts';
import {
  baseConfig,
  lookup,
  monthStart,
  monthTooltip,
  monthX,
  type NamedChart,
  namedChart,
} from './chart.ts';

/** At most this many series (rows) in the alert chart: those with most alarms. */
const ALERT_CHART_ROWS = 28;

const unitKey = (a: AlertRow) => `${a.measure}|${a.detectedOn}`;

/** Characters per line of a row label (about 190 px of 11-px text): longer labels wrap, never cut. */
export const ALERT_LABEL_LINE = 32;

/** A label broken into lines of at most `width` characters at spaces (a longer word keeps its own line). */
export function wrapLabel(text: string, width = ALERT_LABEL_LINE): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** What an alarm's observed, expected and threshold values count: "deaths", or a change of 12-month sums. */
export function alertUnit(a: AlertRow, lang: Lang): string {
  const s = strings(lang);
  const unit = label(s.measureShort, a.measure.startsWith('deaths') ? 'deaths' : a.measure);
  return a.detectedOn === 'rolling_sum_increment' ? s.alertsPage.unitChange(unit) : unit;
}

export function alertChart(data: ReportData, lang: Lang): NamedChart[] {
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
      `${placeName(data, a.geo, lang)} · ${drug}${multi ? ` (${sourceName(data, a.source, lang)})` : ''}`;
  }
  const agree = methodsAgreeing(data.alerts);
  const units = Object.fromEntries(alerts.map((a) => [unitKey(a), alertUnit(a, lang)]));
  const rows = alerts.map((a) => ({
    u: unitKey(a),
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
  // The axis draws each label on its lines (joined by a newline, split in the axis' label expression).
  const rowLines = Object.fromEntries(
    Object.entries(rowLabels).map(([k, v]) => [k, wrapLabel(v).join('\n')]),
  );
  const mostLines = Math.max(1, ...Object.values(rowLines).map((v) => v.split('\n').length));
  const sortedLabels = [...new Set(Object.values(rowLabels))].sort((a, b) => a.localeCompare(b, lang));
  const rowOrder = Object.fromEntries(
    Object.entries(rowLabels).map(([key, text]) => [key, sortedLabels.indexOf(text)]),
  );
  const drugs = [...new Set(alerts.map((a) => a.drug))];
  const drugLabels = Object.fromEntries(drugs.map((d) => [d, drugLabel(data, d, lang)]));
  const methods = [...new Set(alerts.map((a) => a.method))].sort();
  const methodLabels = Object.fromEntries(methods.map((m) => [m, label(s.method, m)]));
  const color: MarkPropFieldDef<string> = {
    field: 'drugLabel',
    type: 'nominal',
    title: s.legend.drug,
    scale: { domain: drugs.map((d) => drugLabel(data, d, lang)), range: drugs.map(drugColor) },
  };
  const title = s.alertsPage.chartTitle;
  const config = baseConfig(lang);
  const build = (interactive: boolean): TopLevelSpec => ({
    title: { text: title },
    width: 520,
    height: { step: Math.max(20, 13 * mostLines + 6) },
    data: { values: rows },
    transform: [
      lookup('r', 'row', rowLabels),
      lookup('r', 'rowLines', rowLines),
      lookup('r', 'rowOrder', rowOrder),
      lookup('d', 'drugLabel', drugLabels),
      lookup('me', 'methodLabel', methodLabels),
      lookup('u', 'unit', units),
    ],
    mark: { type: 'point', size: 90, strokeWidth: 1.8 },
    encoding: {
      x: { ...monthX(s.table.month), axis: { format: '%b %Y', labelOverlap: true, grid: true } },
      y: {
        field: 'rowLines',
        type: 'nominal',
        // Named for the marks' descriptions read by screen readers; the axis itself has no title.
        title: s.tooltip.place,
        sort: { field: 'rowOrder', op: 'min' },
        axis: { title: null, labelExpr: "split(datum.label, '\\n')", labelLimit: 0, labelLineHeight: 13 },
      },
      color,
      fill: { ...color, legend: null },
      fillOpacity: { condition: { test: 'datum.f == 1', value: 0.85 }, value: 0 },
      shape: { field: 'methodLabel', type: 'nominal', title: s.legend.method, legend: { columns: 3 } },
      ...(interactive
        ? {
            tooltip: [
              { field: 'row', type: 'nominal', title: s.tooltip.place },
              monthTooltip(s.table.month, 't', s.monthFormat),
              { field: 'methodLabel', type: 'nominal', title: s.tooltip.method },
              { field: 'o', type: 'quantitative', title: s.tooltip.observed, format: ',.1~f' },
              { field: 'e', type: 'quantitative', title: s.tooltip.expected, format: ',.1~f' },
              { field: 'h', type: 'quantitative', title: s.tooltip.threshold, format: ',.1~f' },
              { field: 'unit', type: 'nominal', title: s.tooltip.unit },
            ],
          }
        : {}),
    },
    config: { ...config, legend: { ...config.legend, columns: 4 } },
  });
  return [namedChart('alerts', 'alerts', title, build)];
}
