/** A drug page (fentanyl, methamphetamine): headline figures, national and border-state deaths, trends and alarms. */

import type { Lang } from '../../core/lang.ts';
import type { NamedChart } from '../charts/chart.ts';
import {
  chooseDeaths,
  countriesOf,
  countryName,
  drugLabel,
  familyTrends,
  headlines,
  sourceName,
} from '../derive.ts';
import { DEATHS, EXPECTED_COUNTRIES, type Family, isProxy } from '../focus.ts';
import { formatNumber, strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { headlineCard } from './headline.ts';
import { empty, esc, figure } from './shared.ts';

export function drugPage(data: ReportData, family: Family, lang: Lang, charts: NamedChart[]): string {
  const s = strings(lang);
  const chart = (name: string) => charts.find((c) => c.name === name);
  const cards = headlines(data).filter((h) => h.family?.code === family.code);
  const proxyNotes: string[] = [];
  for (const country of countriesOf(data.series)) {
    const choice =
      chooseDeaths(data, family.drugs, country, 'nation') ??
      chooseDeaths(data, family.drugs, country, 'state');
    if (choice && isProxy(family, choice.drug))
      proxyNotes.push(s.drugPage.proxyNote(countryName(country, lang), drugLabel(data, choice.drug, lang)));
  }
  const present = countriesOf(
    data.series.filter((x) => x.measure === DEATHS && family.drugs.includes(x.drug)),
  );
  const absent = EXPECTED_COUNTRIES.filter((c) => !present.includes(c)).map((c) =>
    s.countryNoData(countryName(c, lang)),
  );
  const absentNote = absent.length > 0 ? `<p class="note">${esc(absent.join(' '))}</p>` : '';
  const national = chart(`${family.code}-national`);
  const border = chart(`${family.code}-border`);
  const latest = familyTrends(data, family)
    .filter((t) => t.geoLevel === 'nation')
    .map((t) => t.segments[t.segments.length - 1])
    .filter((t) => t !== undefined && t.sentence[lang] !== '');
  const alarms = data.alerts.filter((a) => family.drugs.includes(a.drug)).length;
  return `${cards.length > 0 ? `<div class="cards">\n${cards.map((h) => headlineCard(data, h, lang)).join('\n')}\n</div>` : ''}
${national ? figure(national, lang, s.drugPage.nationalCaption, proxyNotes) : empty(s.drugPage.noNational)}
${absentNote}
${border ? figure(border, lang, s.drugPage.borderCaption) : empty(s.drugPage.noBorder)}
${
  latest.length > 0
    ? `<h3>${esc(s.drugPage.latestSegments)}</h3>
<ul>
${latest.map((t) => `<li><strong>${esc(sourceName(data, t?.source ?? '', lang))}:</strong> ${esc(t?.sentence[lang] ?? '')}</li>`).join('\n')}
</ul>
<p><a href="#trends">${esc(s.drugPage.seeTrends)}</a></p>`
    : ''
}
<p>${esc(s.drugPage.alertsCount(formatNumber(alarms, lang)))} <a href="#alerts">${esc(s.drugPage.seeAlerts)}</a></p>`;
}
