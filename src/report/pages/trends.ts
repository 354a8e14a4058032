/** The trends page: Joinpoint segments per family as a chart and a table. */

import type { Lang } from '../../core/lang.ts';
import type { NamedChart } from '../charts/chart.ts';
import { placeName, sourceName } from '../derive.ts';
import { FAMILIES } from '../focus.ts';
import { formatMonth, formatP, formatPercent, strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { drugName, empty, esc, familyName, figure, select } from './shared.ts';

export function trendsPage(data: ReportData, lang: Lang, charts: NamedChart[]): string {
  const s = strings(lang);
  if (data.trends.length === 0) return empty(s.trendsPage.noTrends);
  const parts: string[] = [];
  for (const family of FAMILIES) {
    const chart = charts.find((c) => c.name === `trends-${family.code}`);
    parts.push(
      chart
        ? figure(chart, lang, s.trendsPage.chartCaption)
        : `<h3>${esc(familyName(s, family))}</h3>\n${empty(s.trendsPage.noFamily)}`,
    );
  }
  const t = s.table;
  const th = (text: string, type: 'text' | 'number', num = false) =>
    `<th scope="col"${num ? ' class="num"' : ''} data-sort-type="${type}"><button type="button">${esc(text)}</button></th>`;
  const rows = [...data.trends]
    .sort(
      (a, b) =>
        a.drug.localeCompare(b.drug) ||
        (a.geoLevel === 'nation' ? 0 : 1) - (b.geoLevel === 'nation' ? 0 : 1) ||
        a.geo.localeCompare(b.geo) ||
        a.source.localeCompare(b.source) ||
        a.segment - b.segment,
    )
    .map((x) => {
      const ci =
        x.apcLower !== null && x.apcUpper !== null
          ? ` (${formatPercent(x.apcLower, lang)} ${lang === 'en' ? 'to' : 'a'} ${formatPercent(x.apcUpper, lang)})`
          : '';
      return `<tr data-drug="${esc(x.drug)}"><td>${esc(placeName(data, x.geo, lang))}</td><td>${esc(drugName(data, x.drug, lang))}</td><td>${esc(sourceName(data, x.source, lang))}</td><td class="num" data-sort="${x.segment}">${esc(`${x.segment}/${x.segments}`)}</td><td class="nowrap" data-sort="${esc(x.start)}">${esc(formatMonth(x.start, lang))}</td><td class="nowrap" data-sort="${esc(x.end)}">${esc(formatMonth(x.end, lang))}</td><td class="num" data-sort="${x.apc ?? ''}">${esc(formatPercent(x.apc, lang))}${esc(ci)}</td><td class="num" data-sort="${x.pValue ?? ''}">${esc(formatP(x.pValue, lang))}</td><td>${esc(x.sentence[lang])}</td></tr>`;
    })
    .join('\n');
  const drugs = [...new Set(data.trends.map((x) => x.drug))].map((c): [string, string] => [
    c,
    drugName(data, c, lang),
  ]);
  return `${parts.join('\n')}
<p class="note">${esc(s.trendsPage.overlapNote)}</p>
<h3>${esc(s.trendsPage.tableTitle)}</h3>
<form class="filters" data-filter-for="trend-table" role="search" aria-label="${esc(s.trendsPage.tableTitle)}">
<label>${esc(s.alertsPage.search)}<input type="search" name="q"></label>
${select('drug', t.drug, drugs, s.alertsPage.any)}
</form>
<p class="count" data-count-for="trend-table" data-template="${esc(s.trendsPage.showing)}" aria-live="polite"></p>
<div class="table-wrap" tabindex="0"><table class="data" id="trend-table" data-sortable>
<thead><tr>${th(t.place, 'text')}${th(t.drug, 'text')}${th(t.source, 'text')}${th(t.segment, 'number', true)}${th(t.from, 'text')}${th(t.to, 'text')}${th(t.apc, 'number', true)}${th(t.pValue, 'number', true)}<th scope="col">${esc(t.sentence)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`;
}
