/** The naloxone page: naloxone dispensed beside opioid deaths, per place. */

import type { Lang } from '../../core/lang.ts';
import { countryName, naloxoneComparisons, placeName } from '../derive.ts';
import { label, strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { drugShort, fileSafe, type NamedChart, namedChart } from './chart.ts';
import { dualSpec } from './dual.ts';

export function naloxoneCharts(data: ReportData, lang: Lang): NamedChart[] {
  const s = strings(lang);
  const out: NamedChart[] = [];
  for (const comparison of naloxoneComparisons(data)) {
    if (comparison.places.length === 0) continue;
    const title = s.naloxonePage.chartTitle(countryName(comparison.country, lang));
    const measure = label(s.measure, comparison.driverMeasure);
    const deathsWord = comparison.deathsDrug ? drugShort(data, comparison.deathsDrug, lang) : s.axis.deaths;
    const build = (interactive: boolean) =>
      dualSpec({
        data,
        lang,
        title,
        comparison,
        driverLabel: (geo) =>
          `${placeName(data, geo, lang)} — ${measure} ${label(s.periodPerRow, comparison.places.find((p) => p.geo === geo)?.driver?.periodType ?? 'quarter')}`,
        deathsLabel: (geo) =>
          `${placeName(data, geo, lang)} — ${label(s.measure, 'deaths')} (${deathsWord}) ${label(s.periodPerRow, comparison.places.find((p) => p.geo === geo)?.deaths?.periodType ?? '12mo_ending')}`,
        color: '#009E73',
        interactive,
      });
    out.push(namedChart(`naloxone-${fileSafe(comparison.country)}`, 'naloxone', title, build));
  }
  return out;
}
