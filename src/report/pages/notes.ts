/** The data notes page: sources, releases, revisions, populations and caveats, all read from the warehouse. */

import type { Lang } from '../../core/lang.ts';
import { countryName, drugLabel, sourceAbout, sourceName, usesFiscalYears } from '../derive.ts';
import { DEATHS } from '../focus.ts';
import {
  entryOf,
  formatDate,
  formatMonth,
  formatNumber,
  formatPercent,
  label,
  listOf,
  strings,
} from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { esc } from './shared.ts';

export function notesPage(data: ReportData, lang: Lang): string {
  const s = strings(lang);
  const n = s.notesPage;
  const t = n.table;
  const sourceRows = data.sources
    .map((src) => {
      const about =
        sourceAbout(data, src.source, lang) ??
        s.sourceGeneric(
          listOf(
            src.measures.map((m) => label(s.measure, m)),
            lang,
          ),
          listOf(
            src.geoLevels.map((g) => label(s.geoLevel, g)),
            lang,
          ),
          listOf(
            src.periodTypes.map((p) => label(s.periodType, p)),
            lang,
          ),
        );
      const coverage =
        src.firstPeriod && src.lastPeriod
          ? `${formatMonth(src.firstPeriod, lang)} – ${formatMonth(src.lastPeriod, lang)}`
          : s.notAvailable;
      const releases = src.loads
        .map((l) => `${formatDate(l.vintage, lang)}${l.demo ? ` (${n.demoRelease})` : ''}`)
        .join('; ');
      return `<tr><th scope="row">${esc(sourceName(data, src.source, lang))}<br><code>${esc(src.source)}</code></th><td>${esc(about)}</td><td>${esc(coverage)}</td><td class="nowrap">${esc(src.vintage ? formatDate(src.vintage, lang) : s.notAvailable)}</td><td>${esc(releases)}</td><td class="num">${esc(formatNumber(src.values, lang))}</td><td class="num">${esc(formatNumber(src.suppressed, lang))}</td><td class="num">${esc(formatNumber(src.provisional, lang))}</td></tr>`;
    })
    .join('\n');
  const sum = (f: (x: (typeof data.sources)[number]) => number) =>
    data.sources.reduce((acc, x) => acc + f(x), 0);
  const reading: string[] = [];
  if (data.sources.some((x) => x.periodTypes.includes('12mo_ending'))) reading.push(n.twelveMonth);
  if (sum((x) => x.suppressed) > 0)
    reading.push(
      n.suppressed(
        formatNumber(
          sum((x) => x.suppressed),
          lang,
        ),
      ),
    );
  if (sum((x) => x.missing) > 0)
    reading.push(
      n.missing(
        formatNumber(
          sum((x) => x.missing),
          lang,
        ),
      ),
    );
  if (sum((x) => x.provisional) > 0)
    reading.push(
      n.provisional(
        formatNumber(
          sum((x) => x.provisional),
          lang,
        ),
      ),
    );
  if (sum((x) => x.predicted) > 0) reading.push(n.predicted);
  if (data.sources.some((x) => usesFiscalYears(data, x.source))) reading.push(n.fiscalYears);
  if (data.series.some((x) => x.areas)) reading.push(n.areas);
  if (data.sources.some((x) => x.countries.includes('MX') && x.measures.some((m) => m.startsWith(DEATHS))))
    reading.push(n.mexicoCauses);
  reading.push(n.overlap);
  const revisions =
    data.revisions.length === 0
      ? `<p>${esc(n.noRevisions)}</p>`
      : `<p>${esc(n.revisionsIntro)}</p>
<div class="table-wrap" tabindex="0"><table class="data">
<thead><tr><th scope="col">${esc(t.source)}</th><th scope="col">${esc(t.measure)}</th><th scope="col">${esc(t.from)}</th><th scope="col">${esc(t.to)}</th><th scope="col" class="num">${esc(t.changed)}</th><th scope="col" class="num">${esc(t.upDown)}</th><th scope="col" class="num">${esc(t.statusChanged)}</th><th scope="col" class="num">${esc(t.medianChange)}</th><th scope="col" class="num">${esc(t.maxChange)}</th></tr></thead>
<tbody>
${data.revisions
  .map(
    (r) =>
      `<tr><td>${esc(sourceName(data, r.source, lang))}</td><td>${esc(label(s.measure, r.measure))}</td><td class="nowrap">${esc(formatDate(r.oldVintage, lang))}</td><td class="nowrap">${esc(formatDate(r.newVintage, lang))}</td><td class="num">${esc(formatNumber(r.changed, lang))}</td><td class="num">${esc(`${formatNumber(r.up, lang)} / ${formatNumber(r.down, lang)}`)}</td><td class="num">${esc(formatNumber(r.statusChanged, lang))}</td><td class="num">${esc(formatPercent(r.medianPctChange, lang))}</td><td class="num">${esc(formatPercent(r.maxAbsPctChange, lang, false))}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table></div>`;
  const population =
    data.populations.length === 0
      ? `<p>${esc(n.noPopulation)}</p>`
      : `<ul>${data.populations
          .map(
            (p) =>
              `<li>${esc(`${sourceName(data, p.source, lang)} (${countryName(p.country, lang)}): ${p.firstYear}–${p.lastYear}${p.vintage ? `, ${formatDate(p.vintage, lang)}` : ''}`)}${sourceAbout(data, p.source, lang) ? ` — ${esc(sourceAbout(data, p.source, lang) ?? '')}` : ''}</li>`,
          )
          .join('')}</ul>`;
  const d = data.detection;
  const detection = d
    ? [
        n.detection(
          listOf(
            d.methods.map((m) => label(s.method, m)),
            lang,
          ),
          formatNumber(d.verdicts, lang),
          formatNumber(d.alarms, lang),
        ),
        ...(d.fdrAlarms !== null ? [n.fdr(formatNumber(d.fdrAlarms, lang))] : []),
        ...(d.corroborated !== null ? [n.corroboration(formatNumber(d.corroborated, lang))] : []),
      ]
    : [];
  const shownDrugs = new Set([...data.series.map((x) => x.drug), ...data.map.map((m) => m.drug)]);
  const drugNotes = [...shownDrugs]
    .sort()
    .map((code) => {
      const note =
        entryOf(s.drugNote, code) ??
        (lang === 'en' ? (data.drugs.find((x) => x.code === code)?.note ?? null) : null);
      return note ? `<dt>${esc(drugLabel(data, code, lang))}</dt><dd>${esc(note)}</dd>` : '';
    })
    .join('');
  return `<h3>${esc(n.sourcesTitle)}</h3>
<div class="table-wrap" tabindex="0"><table class="data">
<thead><tr><th scope="col">${esc(t.source)}</th><th scope="col">${esc(t.what)}</th><th scope="col">${esc(t.coverage)}</th><th scope="col">${esc(t.release)}</th><th scope="col">${esc(t.earlier)}</th><th scope="col" class="num">${esc(t.values)}</th><th scope="col" class="num">${esc(t.suppressed)}</th><th scope="col" class="num">${esc(t.provisional)}</th></tr></thead>
<tbody>
${sourceRows}
</tbody>
</table></div>
<h3>${esc(n.readingTitle)}</h3>
<ul class="notes">
${reading.map((x) => `<li>${esc(x)}</li>`).join('\n')}
</ul>
<h3>${esc(n.revisionsTitle)}</h3>
${revisions}
<h3>${esc(n.populationTitle)}</h3>
${population}
${detection.length > 0 ? `<h3>${esc(n.detectionTitle)}</h3>\n<ul class="notes">${detection.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : ''}
${drugNotes ? `<h3>${esc(n.drugsTitle)}</h3>\n<dl class="kv">${drugNotes}</dl>` : ''}`;
}
