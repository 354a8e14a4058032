/** The seizures page: seizures of each focus drug beside deaths, per border state. */

import type { Lang } from '../../core/lang.ts';
import { countryName, placeName, seizureComparisons } from '../derive.ts';
import { FAMILIES, isProxy } from '../focus.ts';
import { label, strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { drugShort, fileSafe, type NamedChart, namedChart } from './chart.ts';
import { dualSpec } from './dual.ts';

export function seizureCharts(data: ReportData, lang: Lang): NamedChart[] {
  const s = strings(lang);
  const out: NamedChart[] = [];
  for (const family of FAMILIES) {
    const fam = label(s.family, family.code);
    for (const comparison of seizureComparisons(data, family)) {
      if (comparison.places.length === 0) continue;
      const measure = label(s.measure, comparison.driverMeasure);
      const title = s.seizuresPage.chartTitle(fam, countryName(comparison.country, lang));
      const deathsDrug = comparison.deathsDrug;
      const deathsWord =
        deathsDrug && isProxy(family, deathsDrug)
          ? `${label(s.measure, 'deaths')} (${drugShort(data, deathsDrug, lang)})`
          : label(s.measure, 'deaths');
      const build = (interactive: boolean) =>
        dualSpec({
          data,
          lang,
          title,
          comparison,
          driverLabel: (geo) =>
            `${placeName(data, geo, lang)} — ${measure} ${label(s.periodPerRow, comparison.places.find((p) => p.geo === geo)?.driver?.periodType ?? 'month')}`,
          deathsLabel: (geo) =>
            `${placeName(data, geo, lang)} — ${deathsWord} ${label(s.periodPerRow, comparison.places.find((p) => p.geo === geo)?.deaths?.periodType ?? '12mo_ending')}`,
          color: family.color,
          interactive,
        });
      out.push(
        namedChart(`seizures-${family.code}-${fileSafe(comparison.country)}`, 'seizures', title, build),
      );
    }
  }
  return out;
}
