/** The naloxone page: naloxone dispensed beside opioid deaths. */

import type { Lang } from '../../core/lang.ts';
import type { NamedChart } from '../charts/chart.ts';
import { naloxoneComparisons } from '../derive.ts';
import { strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { empty, figure } from './shared.ts';

export function naloxonePage(data: ReportData, lang: Lang, charts: NamedChart[]): string {
  const s = strings(lang);
  const parts = naloxoneComparisons(data)
    .map((c) => charts.find((ch) => ch.name === `naloxone-${c.country.toLowerCase()}`))
    .filter((c): c is NamedChart => c !== undefined)
    .map((c) => figure(c, lang, s.naloxonePage.caption));
  return parts.length > 0 ? parts.join('\n') : empty(s.naloxonePage.noData);
}
