/** The alerts page: the chart of alarms, then every alarm of the latest run in a table to sort and filter. */

import type { Lang } from '../../core/lang.ts';
import { alertUnit } from '../charts/alerts.ts';
import type { NamedChart } from '../charts/chart.ts';
import { methodsAgreeing, placeName, sourceName } from '../derive.ts';
import { formatMonth, formatNumber, formatP, label, strings } from '../i18n.ts';
import type { AlertRow, ReportData } from '../reportData.ts';
import { alertSpark, badges } from './alertParts.ts';
import { drugName, empty, esc, figure, select } from './shared.ts';

export function alertsPage(data: ReportData, lang: Lang, charts: NamedChart[]): string {
  const s = strings(lang);
  const a = s.alertsPage;
  if (data.alerts.length === 0) return empty(a.noAlerts);
  const d = data.detection;
  const summary = a.summary(
    formatNumber(d?.alarms ?? data.alerts.length, lang),
    d?.fdrAlarms === null || d?.fdrAlarms === undefined ? null : formatNumber(d.fdrAlarms, lang),
    d?.corroborated === null || d?.corroborated === undefined ? null : formatNumber(d.corroborated, lang),
  );
  const agree = methodsAgreeing(data.alerts);
  const hasFdr = data.alerts.some((x) => x.fdrAlarm !== null);
  const hasQ = data.alerts.some((x) => x.qValue !== null);
  const hasCorroboration = d?.corroborated !== null && d?.corroborated !== undefined;
  const t = s.table;
  const sorted = (pairs: [string, string][]) => pairs.sort((x, y) => x[1].localeCompare(y[1], lang));
  const uniq = (f: (x: AlertRow) => string) => [...new Set(data.alerts.map(f))];
  const filters = `<form class="filters" data-filter-for="alert-table" role="search" aria-label="${esc(a.filterLegend)}">
<label>${esc(a.search)}<input type="search" name="q" placeholder="${esc(a.searchPlaceholder)}"></label>
${select('drug', t.drug, sorted(uniq((x) => x.drug).map((c) => [c, drugName(data, c, lang)])), a.any)}
${select('place', t.place, sorted(uniq((x) => x.geo).map((c) => [c, placeName(data, c, lang)])), a.any)}
${select('method', t.method, sorted(uniq((x) => x.method).map((c) => [c, label(s.method, c)])), a.any)}
${select('source', t.source, sorted(uniq((x) => x.source).map((c) => [c, sourceName(data, c, lang)])), a.any)}
${hasFdr ? `<label class="check"><input type="checkbox" name="fdr" value="1">${esc(a.fdrOnly)}</label>` : ''}
${hasCorroboration ? `<label class="check"><input type="checkbox" name="corroborated" value="1">${esc(a.corroboratedOnly)}</label>` : ''}
</form>
<p class="count" data-count-for="alert-table" data-template="${esc(a.showing)}" aria-live="polite">${esc(a.showing.replace('{shown}', formatNumber(data.alerts.length, lang)).replace('{total}', formatNumber(data.alerts.length, lang)))}</p>`;
  const th = (text: string, type: 'text' | 'number', num = false) =>
    `<th scope="col"${num ? ' class="num"' : ''} data-sort-type="${type}"><button type="button">${esc(text)}</button></th>`;
  const head = [
    th(t.month, 'text'),
    th(t.place, 'text'),
    th(t.method, 'text'),
    th(t.observed, 'number', true),
    th(t.expected, 'number', true),
    th(t.threshold, 'number', true),
    ...(hasQ ? [th(t.qValue, 'number', true)] : []),
    th(t.signal, 'number'),
    `<th scope="col">${esc(t.explanation)}</th>`,
  ].join('');
  const body = data.alerts
    .map((x) => {
      const methods = agree.get(x.id) ?? 1;
      const strength = x.corroboratedBy.length * 100 + methods * 10 + (x.fdrAlarm ? 1 : 0);
      const cells = [
        `<td class="nowrap" data-sort="${esc(x.periodEnd)}">${esc(formatMonth(x.periodEnd, lang))}</td>`,
        `<td data-sort="${esc(placeName(data, x.geo, lang))}"><strong>${esc(placeName(data, x.geo, lang))}</strong><br>${esc(drugName(data, x.drug, lang))}<br><span class="period">${esc(sourceName(data, x.source, lang))}</span></td>`,
        `<td>${esc(label(s.method, x.method))}</td>`,
        `<td class="num" data-sort="${x.observed ?? ''}">${esc(formatNumber(x.observed, lang))}<br><span class="unit">${esc(alertUnit(x, lang))}</span></td>`,
        `<td class="num" data-sort="${x.expected ?? ''}">${esc(formatNumber(x.expected, lang))}</td>`,
        `<td class="num" data-sort="${x.threshold ?? ''}">${esc(formatNumber(x.threshold, lang))}</td>`,
        ...(hasQ
          ? [`<td class="num" data-sort="${x.qValue ?? ''}">${esc(formatP(x.qValue, lang))}</td>`]
          : []),
        `<td data-sort="${strength}">${badges(data, x, methods, lang)}</td>`,
        `<td class="why">${alertSpark(x, lang)}<p>${esc(x.sentence[lang])}</p></td>`,
      ].join('');
      const attrs = [
        `id="alert-${esc(x.id)}"`,
        `data-drug="${esc(x.drug)}"`,
        `data-place="${esc(x.geo)}"`,
        `data-method="${esc(x.method)}"`,
        `data-source="${esc(x.source)}"`,
        `data-fdr="${x.fdrAlarm ? 1 : 0}"`,
        `data-corroborated="${x.corroboratedBy.length > 0 ? 1 : 0}"`,
      ].join(' ');
      return `<tr ${attrs}>${cells}</tr>`;
    })
    .join('\n');
  return `<p>${esc(summary)}</p>
${data.alertsOmitted > 0 ? `<p class="note">${esc(a.omitted(formatNumber(data.alertsOmitted, lang)))}</p>` : ''}
${figure(
  charts.find((c) => c.name === 'alerts'),
  lang,
  a.chartCaption,
)}
<p class="note">${esc(a.sparkLegend)} ${esc(a.sortHint)}</p>
${filters}
<div class="table-wrap" tabindex="0"><table class="data" id="alert-table" data-sortable>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>`;
}
