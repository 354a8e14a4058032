/** The map page: the tile map of each family and its values as a table. */

import type { Lang } from '../../core/lang.ts';
import type { NamedChart } from '../charts/chart.ts';
import { COUNT_ONLY_MARK, mapChange, mapRows } from '../charts/map.ts';
import { countryName, drugLabel, placeName, sortPlaces, sourceName } from '../derive.ts';
import { DEATHS_PREDICTED, EXPECTED_COUNTRIES, FAMILIES, isProxy } from '../focus.ts';
import { formatCount, formatNumber, formatPercent, listOf, strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { empty, esc, familyName, figure } from './shared.ts';

export function mapPage(data: ReportData, lang: Lang, charts: NamedChart[]): string {
  const s = strings(lang);
  const parts: string[] = [];
  for (const family of FAMILIES) {
    const chart = charts.find((c) => c.name === `map-${family.code}`);
    const fam = familyName(s, family);
    if (!chart) {
      parts.push(`<h3>${esc(fam)}</h3>\n${empty(s.mapPage.noData)}`);
      continue;
    }
    const { rates } = mapRows(data, family);
    const values = data.map.filter((m) => m.family === family.code && m.geoLevel === 'state');
    const notes: string[] = [];
    if (rates) {
      const sources = [...new Set(values.map((m) => m.populationSource).filter((x): x is string => !!x))];
      notes.push(
        s.mapPage.rateBasis(
          listOf(
            sources.map((x) => sourceName(data, x, lang)),
            lang,
          ),
        ),
      );
    } else notes.push(s.mapPage.noDenominator);
    const proxies = [...new Set(values.filter((m) => isProxy(family, m.drug)).map((m) => m.drug))];
    if (proxies.length > 0)
      notes.push(
        s.mapPage.proxy(
          listOf(
            proxies.map((d) => drugLabel(data, d, lang)),
            lang,
          ),
        ),
      );
    const predicted = values.filter((m) => m.measure === DEATHS_PREDICTED);
    if (predicted.length > 0)
      notes.push(
        s.mapPage.predicted(
          listOf([...new Set(predicted.map((m) => sourceName(data, m.source, lang)))], lang),
          predicted.length === values.filter((m) => m.country === 'US').length
            ? countryName('US', lang)
            : listOf(
                sortPlaces(predicted.map((m) => m.geo)).map((g) => placeName(data, g, lang)),
                lang,
              ),
        ),
      );
    const countOnly = values.filter((m) => rates && m.rate === null && m.value !== null);
    if (countOnly.length > 0)
      notes.push(
        s.mapPage.countOnly(
          COUNT_ONLY_MARK,
          listOf(
            sortPlaces(countOnly.map((m) => m.geo)).map((g) => placeName(data, g, lang)),
            lang,
          ),
        ),
      );
    for (const c of EXPECTED_COUNTRIES)
      if (!values.some((m) => m.country === c)) notes.push(s.countryNoData(countryName(c, lang)));
    const rows = sortPlaces(values.map((m) => m.geo))
      .map((geo) => values.find((m) => m.geo === geo))
      .filter((m) => m !== undefined)
      .map((m) => {
        const change = mapChange(m, rates);
        return `<tr><td>${esc(placeName(data, m.geo, lang))}</td><td class="num" data-sort="${m.value ?? ''}">${esc(formatCount(m.value, lang))}</td>${rates ? `<td class="num" data-sort="${m.rate ?? ''}">${esc(formatNumber(m.rate, lang, 1))}</td>` : ''}<td class="num" data-sort="${change ?? ''}">${esc(formatPercent(change, lang))}</td><td>${esc(s.status[m.status])}</td></tr>`;
      })
      .join('\n');
    const t = s.table;
    parts.push(`${figure(chart, lang, s.mapPage.caption, notes)}
<details>
<summary>${esc(s.mapPage.tableSummary)} — ${esc(fam)}</summary>
<div class="table-wrap" tabindex="0"><table class="data" data-sortable>
<thead><tr><th scope="col" data-sort-type="text"><button type="button">${esc(t.place)}</button></th><th scope="col" class="num" data-sort-type="number"><button type="button">${esc(t.deaths)}</button></th>${rates ? `<th scope="col" class="num" data-sort-type="number"><button type="button">${esc(t.rate)}</button></th>` : ''}<th scope="col" class="num" data-sort-type="number"><button type="button">${esc(s.tooltip.change)}</button></th><th scope="col" data-sort-type="text"><button type="button">${esc(t.status)}</button></th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
</details>`);
  }
  return parts.join('\n');
}
