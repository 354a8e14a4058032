/** The overview page: headline figures and the signals most worth discussing. */

import type { Lang } from '../../core/lang.ts';
import { headlines, placeName, topSignals } from '../derive.ts';
import { formatMonth, label, strings } from '../i18n.ts';
import { PAGES } from '../pageIds.ts';
import type { ReportData } from '../reportData.ts';
import { alertSpark, badges } from './alertParts.ts';
import { headlineCard } from './headline.ts';
import { nowSection } from './now.ts';
import { drugName, empty, esc } from './shared.ts';

export function overviewPage(data: ReportData, lang: Lang): string {
  const s = strings(lang);
  const cards = headlines(data);
  const signals = topSignals(data, 5);
  const signalList =
    signals.length === 0
      ? empty(s.overview.noSignals)
      : `<ol class="signals">
${signals
  .map(
    ({ alert, methods }) => `<li>
${alertSpark(alert, lang)}
<div>
<p><strong>${esc(placeName(data, alert.geo, lang))} · ${esc(drugName(data, alert.drug, lang))} · ${esc(formatMonth(alert.periodEnd, lang))}</strong> <span class="badge">${esc(label(s.method, alert.method))}</span></p>
<p>${esc(alert.sentence[lang])}</p>
<p>${badges(data, alert, methods, lang)}</p>
</div>
</li>`,
  )
  .join('\n')}
</ol>
<p><a href="#alerts">${esc(s.overview.more)}</a></p>`;
  const contents = PAGES.filter((p) => p !== 'overview')
    .map((p) => `<li><a href="#${p}">${esc(s.nav[p])}</a> — ${esc(s.pageIntro[p])}</li>`)
    .join('\n');
  return `${nowSection(data, lang)}
<h3>${esc(s.overview.headlinesTitle)}</h3>
<p class="note">${esc(s.overview.headlinesIntro)}</p>
${cards.length === 0 ? empty(s.overview.noHeadlines) : `<div class="cards">\n${cards.map((h) => headlineCard(data, h, lang)).join('\n')}\n</div>`}
<h3>${esc(s.overview.signalsTitle)}</h3>
<p class="note">${esc(s.overview.signalsIntro)}</p>
${signalList}
<h3>${esc(s.overview.contentsTitle)}</h3>
<ul class="contents">
${contents}
</ul>`;
}
