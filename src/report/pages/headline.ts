/** A headline card: the latest figure of a family and place, its period, and the change on a year earlier. */

import type { Lang } from '../../core/lang.ts';
import { countryName, drugLabel, type Headline, sourceName } from '../derive.ts';
import { isProxy } from '../focus.ts';
import { formatCount, formatMonth, formatPercent, formatQuarter, label, strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { seriesSparkline } from '../sparkline.ts';
import { esc, familyName } from './shared.ts';

export function periodText(h: Headline, lang: Lang): string {
  const s = strings(lang);
  const end = h.figure.end;
  switch (h.series.periodType) {
    case 'quarter':
      return s.headline.periodQuarters(formatQuarter(end, lang));
    case 'year':
      return s.headline.periodYear(end.slice(0, 4));
    default:
      return s.headline.period12(formatMonth(end, lang));
  }
}

export function changeText(
  pct: number | null,
  previous: number | null,
  lang: Lang,
): { text: string; cls: string } {
  const s = strings(lang);
  if (previous === null || pct === null) return { text: s.headline.noPrevious, cls: 'flat' };
  if (Math.abs(pct) < 0.05) return { text: s.headline.same, cls: 'flat' };
  const text = formatPercent(pct, lang);
  return pct > 0 ? { text: s.headline.up(text), cls: 'up' } : { text: s.headline.down(text), cls: 'down' };
}

export function headlineCard(data: ReportData, h: Headline, lang: Lang): string {
  const s = strings(lang);
  const country = countryName(h.country, lang);
  const proxy = h.family !== null && isProxy(h.family, h.series.drug);
  const title =
    h.kind === 'naloxone'
      ? s.headline.naloxone(
          label(s.measureShort, h.series.measure),
          sourceName(data, h.series.source, lang),
          country,
        )
      : h.kind === 'seizures'
        ? s.headline.seizures(familyName(s, h.family?.code ?? ''), country)
        : proxy
          ? s.headline.proxyDeaths(drugLabel(data, h.series.drug, lang), country)
          : s.headline.deaths(familyName(s, h.family?.code ?? ''), country);
  const change = changeText(h.figure.pct, h.figure.previous, lang);
  const unit = label(s.measureShort, h.adjusted ? 'deaths' : h.series.measure);
  const values = h.series.points.slice(-36).map((p) => p.value);
  const color = h.family?.color ?? '#009E73';
  return `<article class="card">
<h3>${esc(title)}</h3>
<p class="figure">${esc(formatCount(h.figure.value, lang))} <span class="unit">${esc(unit)}</span></p>
<p class="period">${esc(periodText(h, lang))}${h.adjusted ? ` · ${esc(s.headline.adjusted)}` : h.figure.provisional ? ` · ${esc(s.headline.provisional)}` : ''}</p>
<p class="change ${change.cls}">${esc(change.text)}</p>
${seriesSparkline(values, { label: `${title}: ${periodText(h, lang)}`, color })}
<p class="source">${esc(sourceName(data, h.series.source, lang))}</p>
</article>`;
}
