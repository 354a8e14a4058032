/** The seizures page: seizures of the focus drugs beside deaths in the border states. */

import type { Lang } from '../../core/lang.ts';
import type { NamedChart } from '../charts/chart.ts';
import { investigationSeries } from '../charts/investigations.ts';
import {
  countriesOf,
  countryName,
  placeName,
  seizureComparisons,
  sourceName,
  usesFiscalYears,
} from '../derive.ts';
import { EXPECTED_COUNTRIES, FAMILIES } from '../focus.ts';
import { formatMonth, listOf, strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { empty, esc, figure } from './shared.ts';

export function seizuresPage(data: ReportData, lang: Lang, charts: NamedChart[]): string {
  const s = strings(lang);
  const parts: string[] = [];
  let any = false;
  for (const family of FAMILIES) {
    for (const comparison of seizureComparisons(data, family)) {
      const chart = charts.find(
        (c) => c.name === `seizures-${family.code}-${comparison.country.toLowerCase()}`,
      );
      const notes: string[] = [];
      if (comparison.places.some((p) => p.driver?.areas)) notes.push(s.seizuresPage.areasNote);
      if (comparison.places.some((p) => p.driver && usesFiscalYears(data, p.driver.source)))
        notes.push(s.seizuresPage.fiscalNote);
      if (comparison.missing.length > 0)
        notes.push(
          s.seizuresPage.missing(
            listOf(
              comparison.missing.map((g) => placeName(data, g, lang)),
              lang,
            ),
          ),
        );
      if (chart) {
        any = true;
        parts.push(figure(chart, lang, s.seizuresPage.caption, notes));
      }
    }
  }
  const withSeizures = countriesOf(data.series.filter((x) => x.measure.startsWith('seizure')));
  const absent = EXPECTED_COUNTRIES.filter((c) => !withSeizures.includes(c)).map((c) =>
    s.countryNoData(countryName(c, lang)),
  );
  const absentNote = absent.length > 0 ? `<p class="note">${esc(absent.join(' '))}</p>` : '';
  const investigations = charts.find((c) => c.name === 'investigations-mx');
  const spans = investigationSeries(data)
    .filter((x) => x.geoLevel === 'nation')
    .map((x) =>
      s.investigations.through(
        sourceName(data, x.source, lang),
        formatMonth(x.points[0]?.end ?? '', lang),
        formatMonth(x.points[x.points.length - 1]?.end ?? '', lang),
      ),
    );
  const investigationPart = investigations
    ? `\n<h3>${esc(s.investigations.chartTitle)}</h3>\n${figure(investigations, lang, s.investigations.caption, spans)}`
    : '';
  return any
    ? `${parts.join('\n')}\n${absentNote}${investigationPart}`
    : `${empty(s.seizuresPage.noData)}${investigationPart}`;
}
