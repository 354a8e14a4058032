/**
 * The report as one self-contained, offline HTML file per language (index.html, es/index.html). Each file holds
 * every page (overview, fentanyl, methamphetamine, seizures, naloxone, map, alerts, trends, data notes); the
 * browser shows one at a time from the #fragment, and prints them all, one page after another. Every dataset
 * string is escaped; chart specs travel as JSON in <script type="application/json">.
 */

import type { VegaAssets } from './assets.ts';
import { CLIENT_SCRIPT } from './client.ts';
import {
  chooseDeaths,
  countriesOf,
  countryName,
  drugLabel,
  familyTrends,
  type Headline,
  headlines,
  methodsAgreeing,
  naloxoneComparisons,
  placeName,
  seizureComparisons,
  sortPlaces,
  sourceAbout,
  sourceName,
  topSignals,
  usesFiscalYears,
} from './derive.ts';
import { escapeHtml, jsonForScript } from './escape.ts';
import { DEATHS, EXPECTED_COUNTRIES, FAMILIES, type Family, isProxy } from './focus.ts';
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatMonth,
  formatNumber,
  formatP,
  formatPercent,
  formatQuarter,
  LANGS,
  label,
  listOf,
  PAGES,
  type PageId,
  type Strings,
  strings,
  vegaLocale,
} from './i18n.ts';
import { htmlDocument } from './page.ts';
import type { AlertRow, Lang, ReportData } from './reportData.ts';
import { alertSparkline, seriesSparkline } from './sparkline.ts';
import { buildCharts, mapRows, type NamedChart } from './specs.ts';

/** Where each language's page lives, relative to the report directory. */
export const PAGE_PATH: Record<Lang, string> = { en: 'index.html', es: 'es/index.html' };

/** A path relative to the report directory, as seen from the page in `lang`. */
function fromPage(lang: Lang, path: string): string {
  return lang === 'en' ? path : `../${path}`;
}

const esc = escapeHtml;

function familyName(s: Strings, family: Family | string): string {
  const code = typeof family === 'string' ? family : family.code;
  return label(s.family, code);
}

/** A drug's name for tables: the family's short name for the focus drugs, else the warehouse label. */
function drugName(data: ReportData, drug: string, lang: Lang): string {
  const s = strings(lang);
  return FAMILIES.some((f) => f.code === drug) ? familyName(s, drug) : drugLabel(data, drug, lang);
}

function empty(text: string): string {
  return `<p class="empty">${esc(text)}</p>`;
}

function figure(chart: NamedChart | undefined, lang: Lang, caption: string, notes: string[] = []): string {
  if (!chart) return '';
  const s = strings(lang);
  const files = `<span class="chart-files">${esc(s.downloads)} <a href="${esc(fromPage(lang, `charts/${chart.name}.${lang}.svg`))}">${esc(s.svgLink)}</a> · <a href="${esc(fromPage(lang, `charts/${chart.name}.${lang}.vl.json`))}">${esc(s.specLink)}</a></span>`;
  const extra = notes.map((n) => ` ${esc(n)}`).join('');
  return `<figure class="chart" id="chart-${esc(chart.name)}">
<div class="vega-chart" data-spec="spec-${esc(chart.name)}" role="img" aria-label="${esc(chart.title)}"><p class="chart-loading">${esc(s.chartLoading)}</p></div>
<figcaption>${esc(caption)}${extra} ${files}</figcaption>
</figure>`;
}

function periodText(h: Headline, lang: Lang): string {
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

function changeText(pct: number | null, previous: number | null, lang: Lang): { text: string; cls: string } {
  const s = strings(lang);
  if (previous === null || pct === null) return { text: s.headline.noPrevious, cls: 'flat' };
  if (Math.abs(pct) < 0.05) return { text: s.headline.same, cls: 'flat' };
  const text = formatPercent(pct, lang);
  return pct > 0 ? { text: s.headline.up(text), cls: 'up' } : { text: s.headline.down(text), cls: 'down' };
}

function headlineCard(data: ReportData, h: Headline, lang: Lang): string {
  const s = strings(lang);
  const country = countryName(h.country, lang);
  const title =
    h.kind === 'naloxone'
      ? s.headline.naloxone(country)
      : h.kind === 'seizures'
        ? s.headline.seizures(familyName(s, h.family?.code ?? ''), country)
        : s.headline.deaths(familyName(s, h.family?.code ?? ''), country);
  const change = changeText(h.figure.pct, h.figure.previous, lang);
  const unit = label(s.measureShort, h.series.measure);
  const values = h.series.points.slice(-36).map((p) => p.value);
  const color = h.family?.color ?? '#009E73';
  const proxy =
    h.family && isProxy(h.family, h.series.drug)
      ? ` · ${s.headline.proxy(drugLabel(data, h.series.drug, lang))}`
      : '';
  return `<article class="card">
<h3>${esc(title)}</h3>
<p class="figure">${esc(formatCount(h.figure.value, lang))} <span class="unit">${esc(unit)}</span></p>
<p class="period">${esc(periodText(h, lang))}${h.figure.provisional ? ` · ${esc(s.headline.provisional)}` : ''}</p>
<p class="change ${change.cls}">${esc(change.text)}</p>
${seriesSparkline(values, { label: `${title}: ${periodText(h, lang)}`, color })}
<p class="source">${esc(sourceName(h.series.source, lang))}${esc(proxy)}</p>
</article>`;
}

function badges(alert: AlertRow, methods: number, lang: Lang): string {
  const s = strings(lang);
  const out: string[] = [];
  if (alert.corroboratedBy.length > 0)
    out.push(
      `<span class="badge strong">${esc(
        s.alertsPage.corroboratedBy(
          listOf(
            alert.corroboratedBy.map((c) => sourceName(c, lang)),
            lang,
          ),
        ),
      )}</span>`,
    );
  if (methods > 1)
    out.push(`<span class="badge">${esc(s.alertsPage.methodsAgree(formatNumber(methods, lang)))}</span>`);
  if (alert.fdrAlarm === true) out.push(`<span class="badge fdr">${esc(s.alertsPage.fdrYes)}</span>`);
  return out.join('');
}

function alertSpark(alert: AlertRow, lang: Lang): string {
  return alertSparkline(alert.spark, {
    label: strings(lang).alertsPage.sparkLabel(formatMonth(alert.periodEnd, lang)),
    baselineStart: alert.baselineStart,
    baselineEnd: alert.baselineEnd,
  });
}

function overviewPage(data: ReportData, lang: Lang): string {
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
<p>${badges(alert, methods, lang)}</p>
</div>
</li>`,
  )
  .join('\n')}
</ol>
<p><a href="#alerts">${esc(s.overview.more)}</a></p>`;
  const contents = PAGES.filter((p) => p !== 'overview')
    .map((p) => `<li><a href="#${p}">${esc(s.nav[p])}</a> — ${esc(s.pageIntro[p])}</li>`)
    .join('\n');
  return `<h3>${esc(s.overview.headlinesTitle)}</h3>
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

function drugPage(data: ReportData, family: Family, lang: Lang, charts: NamedChart[]): string {
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
${latest.map((t) => `<li><strong>${esc(sourceName(t?.source ?? '', lang))}:</strong> ${esc(t?.sentence[lang] ?? '')}</li>`).join('\n')}
</ul>
<p><a href="#trends">${esc(s.drugPage.seeTrends)}</a></p>`
    : ''
}
<p>${esc(s.drugPage.alertsCount(formatNumber(alarms, lang)))} <a href="#alerts">${esc(s.drugPage.seeAlerts)}</a></p>`;
}

function seizuresPage(data: ReportData, lang: Lang, charts: NamedChart[]): string {
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
      if (comparison.places.some((p) => p.driver && usesFiscalYears(p.driver.source)))
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
  return any ? `${parts.join('\n')}\n${absentNote}` : empty(s.seizuresPage.noData);
}

function naloxonePage(data: ReportData, lang: Lang, charts: NamedChart[]): string {
  const s = strings(lang);
  const parts = naloxoneComparisons(data)
    .map((c) => charts.find((ch) => ch.name === `naloxone-${c.country.toLowerCase()}`))
    .filter((c): c is NamedChart => c !== undefined)
    .map((c) => figure(c, lang, s.naloxonePage.caption));
  return parts.length > 0 ? parts.join('\n') : empty(s.naloxonePage.noData);
}

function mapPage(data: ReportData, lang: Lang, charts: NamedChart[]): string {
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
            sources.map((x) => sourceName(x, lang)),
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
    for (const c of EXPECTED_COUNTRIES)
      if (!values.some((m) => m.country === c)) notes.push(s.countryNoData(countryName(c, lang)));
    const rows = sortPlaces(values.map((m) => m.geo))
      .map((geo) => values.find((m) => m.geo === geo))
      .filter((m) => m !== undefined)
      .map((m) => {
        const now = rates ? m.rate : m.value;
        const before = rates ? m.previousRate : m.previousValue;
        const change = now !== null && before !== null && before > 0 ? (100 * (now - before)) / before : null;
        return `<tr><td>${esc(placeName(data, m.geo, lang))}</td><td class="num" data-sort="${m.value ?? ''}">${esc(formatCount(m.value, lang))}</td>${rates ? `<td class="num" data-sort="${m.rate ?? ''}">${esc(formatNumber(m.rate, lang, 1))}</td>` : ''}<td class="num" data-sort="${change ?? ''}">${esc(formatPercent(change, lang))}</td><td>${esc(s.status[m.status])}</td></tr>`;
      })
      .join('\n');
    const t = s.table;
    parts.push(`${figure(chart, lang, s.mapPage.caption, notes)}
<details>
<summary>${esc(s.mapPage.tableSummary)} — ${esc(fam)}</summary>
<div class="table-wrap"><table class="data" data-sortable>
<thead><tr><th scope="col" data-sort-type="text"><button type="button">${esc(t.place)}</button></th><th scope="col" class="num" data-sort-type="number"><button type="button">${esc(t.deaths)}</button></th>${rates ? `<th scope="col" class="num" data-sort-type="number"><button type="button">${esc(t.rate)}</button></th>` : ''}<th scope="col" class="num" data-sort-type="number"><button type="button">${esc(t.change)}</button></th><th scope="col" data-sort-type="text"><button type="button">${esc(t.status)}</button></th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
</details>`);
  }
  return parts.join('\n');
}

function select(name: string, title: string, options: [string, string][], any: string): string {
  const opts = options.map(([value, text]) => `<option value="${esc(value)}">${esc(text)}</option>`).join('');
  return `<label>${esc(title)}<select name="${esc(name)}"><option value="">${esc(any)}</option>${opts}</select></label>`;
}

function alertsPage(data: ReportData, lang: Lang, charts: NamedChart[]): string {
  const s = strings(lang);
  const a = s.alertsPage;
  if (data.alerts.length === 0) return empty(a.noAlerts);
  const d = data.detection;
  const summary = a.summary(
    formatNumber(d?.alarms ?? data.alerts.length, lang),
    d?.fdrAlarms === null || d?.fdrAlarms === undefined ? null : formatNumber(d.fdrAlarms, lang),
    d?.corroborated === null || d?.corroborated === undefined ? null : formatNumber(d.corroborated, lang),
  );
  const agree = methodsAgreeing(data.alerts);
  const hasFdr = data.alerts.some((x) => x.fdrAlarm !== null);
  const hasQ = data.alerts.some((x) => x.qValue !== null);
  const hasCorroboration = d?.corroborated !== null && d?.corroborated !== undefined;
  const t = s.table;
  const sorted = (pairs: [string, string][]) => pairs.sort((x, y) => x[1].localeCompare(y[1], lang));
  const uniq = (f: (x: AlertRow) => string) => [...new Set(data.alerts.map(f))];
  const filters = `<form class="filters" data-filter-for="alert-table" role="search" aria-label="${esc(a.filterLegend)}">
<label>${esc(a.search)}<input type="search" name="q" placeholder="${esc(a.searchPlaceholder)}"></label>
${select('drug', t.drug, sorted(uniq((x) => x.drug).map((c) => [c, drugName(data, c, lang)])), a.any)}
${select('place', t.place, sorted(uniq((x) => x.geo).map((c) => [c, placeName(data, c, lang)])), a.any)}
${select('method', t.method, sorted(uniq((x) => x.method).map((c) => [c, label(s.method, c)])), a.any)}
${select('source', t.source, sorted(uniq((x) => x.source).map((c) => [c, sourceName(c, lang)])), a.any)}
${hasFdr ? `<label class="check"><input type="checkbox" name="fdr" value="1">${esc(a.fdrOnly)}</label>` : ''}
${hasCorroboration ? `<label class="check"><input type="checkbox" name="corroborated" value="1">${esc(a.corroboratedOnly)}</label>` : ''}
</form>
<p class="count" data-count-for="alert-table" data-template="${esc(a.showing)}" aria-live="polite">${esc(a.showing.replace('{shown}', formatNumber(data.alerts.length, lang)).replace('{total}', formatNumber(data.alerts.length, lang)))}</p>`;
  const th = (text: string, type: 'text' | 'number', num = false) =>
    `<th scope="col"${num ? ' class="num"' : ''} data-sort-type="${type}"><button type="button">${esc(text)}</button></th>`;
  const head = [
    th(t.month, 'text'),
    th(t.place, 'text'),
    th(t.method, 'text'),
    th(t.observed, 'number', true),
    th(t.expected, 'number', true),
    th(t.threshold, 'number', true),
    ...(hasQ ? [th(t.qValue, 'number', true)] : []),
    th(t.signal, 'number'),
    `<th scope="col">${esc(t.explanation)}</th>`,
  ].join('');
  const body = data.alerts
    .map((x) => {
      const methods = agree.get(x.id) ?? 1;
      const strength = x.corroboratedBy.length * 100 + methods * 10 + (x.fdrAlarm ? 1 : 0);
      const cells = [
        `<td class="nowrap" data-sort="${esc(x.periodEnd)}">${esc(formatMonth(x.periodEnd, lang))}</td>`,
        `<td data-sort="${esc(placeName(data, x.geo, lang))}"><strong>${esc(placeName(data, x.geo, lang))}</strong><br>${esc(drugName(data, x.drug, lang))}<br><span class="period">${esc(sourceName(x.source, lang))}</span></td>`,
        `<td>${esc(label(s.method, x.method))}</td>`,
        `<td class="num" data-sort="${x.observed ?? ''}">${esc(formatNumber(x.observed, lang))}</td>`,
        `<td class="num" data-sort="${x.expected ?? ''}">${esc(formatNumber(x.expected, lang))}</td>`,
        `<td class="num" data-sort="${x.threshold ?? ''}">${esc(formatNumber(x.threshold, lang))}</td>`,
        ...(hasQ
          ? [`<td class="num" data-sort="${x.qValue ?? ''}">${esc(formatP(x.qValue, lang))}</td>`]
          : []),
        `<td data-sort="${strength}">${badges(x, methods, lang)}</td>`,
        `<td class="why">${alertSpark(x, lang)}<p>${esc(x.sentence[lang])}</p></td>`,
      ].join('');
      const attrs = [
        `id="alert-${esc(x.id)}"`,
        `data-drug="${esc(x.drug)}"`,
        `data-place="${esc(x.geo)}"`,
        `data-method="${esc(x.method)}"`,
        `data-source="${esc(x.source)}"`,
        `data-fdr="${x.fdrAlarm ? 1 : 0}"`,
        `data-corroborated="${x.corroboratedBy.length > 0 ? 1 : 0}"`,
      ].join(' ');
      return `<tr ${attrs}>${cells}</tr>`;
    })
    .join('\n');
  return `<p>${esc(summary)}</p>
${data.alertsOmitted > 0 ? `<p class="note">${esc(a.omitted(formatNumber(data.alertsOmitted, lang)))}</p>` : ''}
${figure(
  charts.find((c) => c.name === 'alerts'),
  lang,
  a.chartCaption,
)}
<p class="note">${esc(a.sparkLegend)} ${esc(a.sortHint)}</p>
${filters}
<div class="table-wrap"><table class="data" id="alert-table" data-sortable>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>`;
}

function trendsPage(data: ReportData, lang: Lang, charts: NamedChart[]): string {
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
      return `<tr data-drug="${esc(x.drug)}"><td>${esc(placeName(data, x.geo, lang))}</td><td>${esc(drugName(data, x.drug, lang))}</td><td>${esc(sourceName(x.source, lang))}</td><td class="num" data-sort="${x.segment}">${esc(`${x.segment}/${x.segments}`)}</td><td class="nowrap" data-sort="${esc(x.start)}">${esc(formatMonth(x.start, lang))}</td><td class="nowrap" data-sort="${esc(x.end)}">${esc(formatMonth(x.end, lang))}</td><td class="num" data-sort="${x.apc ?? ''}">${esc(formatPercent(x.apc, lang))}${esc(ci)}</td><td class="num" data-sort="${x.pValue ?? ''}">${esc(formatP(x.pValue, lang))}</td><td>${esc(x.sentence[lang])}</td></tr>`;
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
<div class="table-wrap"><table class="data" id="trend-table" data-sortable>
<thead><tr>${th(t.place, 'text')}${th(t.drug, 'text')}${th(t.source, 'text')}${th(t.segment, 'number', true)}${th(t.from, 'text')}${th(t.to, 'text')}${th(t.apc, 'number', true)}${th(t.pValue, 'number', true)}<th scope="col">${esc(t.sentence)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`;
}

function notesPage(data: ReportData, lang: Lang): string {
  const s = strings(lang);
  const n = s.notesPage;
  const t = n.table;
  const sourceRows = data.sources
    .map((src) => {
      const about =
        sourceAbout(src.source, lang) ??
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
      return `<tr><th scope="row">${esc(sourceName(src.source, lang))}<br><code>${esc(src.source)}</code></th><td>${esc(about)}</td><td>${esc(coverage)}</td><td class="nowrap">${esc(src.vintage ? formatDate(src.vintage, lang) : s.notAvailable)}</td><td>${esc(releases)}</td><td class="num">${esc(formatNumber(src.values, lang))}</td><td class="num">${esc(formatNumber(src.suppressed, lang))}</td><td class="num">${esc(formatNumber(src.provisional, lang))}</td></tr>`;
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
  if (data.sources.some((x) => usesFiscalYears(x.source))) reading.push(n.fiscalYears);
  if (data.series.some((x) => x.areas)) reading.push(n.areas);
  if (data.sources.some((x) => x.countries.includes('MX') && x.measures.some((m) => m.startsWith(DEATHS))))
    reading.push(n.mexicoCauses);
  reading.push(n.overlap);
  const revisions =
    data.revisions.length === 0
      ? `<p>${esc(n.noRevisions)}</p>`
      : `<p>${esc(n.revisionsIntro)}</p>
<div class="table-wrap"><table class="data">
<thead><tr><th scope="col">${esc(t.source)}</th><th scope="col">${esc(t.measure)}</th><th scope="col">${esc(t.from)}</th><th scope="col">${esc(t.to)}</th><th scope="col" class="num">${esc(t.changed)}</th><th scope="col" class="num">${esc(t.upDown)}</th><th scope="col" class="num">${esc(t.statusChanged)}</th><th scope="col" class="num">${esc(t.medianChange)}</th><th scope="col" class="num">${esc(t.maxChange)}</th></tr></thead>
<tbody>
${data.revisions
  .map(
    (r) =>
      `<tr><td>${esc(sourceName(r.source, lang))}</td><td>${esc(label(s.measure, r.measure))}</td><td class="nowrap">${esc(formatDate(r.oldVintage, lang))}</td><td class="nowrap">${esc(formatDate(r.newVintage, lang))}</td><td class="num">${esc(formatNumber(r.changed, lang))}</td><td class="num">${esc(`${formatNumber(r.up, lang)} / ${formatNumber(r.down, lang)}`)}</td><td class="num">${esc(formatNumber(r.statusChanged, lang))}</td><td class="num">${esc(formatPercent(r.medianPctChange, lang))}</td><td class="num">${esc(formatPercent(r.maxAbsPctChange, lang, false))}</td></tr>`,
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
              `<li>${esc(`${sourceName(p.source, lang)} (${countryName(p.country, lang)}): ${p.firstYear}–${p.lastYear}${p.vintage ? `, ${formatDate(p.vintage, lang)}` : ''}`)}${sourceAbout(p.source, lang) ? ` — ${esc(sourceAbout(p.source, lang) ?? '')}` : ''}</li>`,
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
        s.drugNote[code] ?? (lang === 'en' ? (data.drugs.find((x) => x.code === code)?.note ?? null) : null);
      return note ? `<dt>${esc(drugLabel(data, code, lang))}</dt><dd>${esc(note)}</dd>` : '';
    })
    .join('');
  return `<h3>${esc(n.sourcesTitle)}</h3>
<div class="table-wrap"><table class="data">
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

function langNav(lang: Lang): string {
  const s = strings(lang);
  const items = LANGS.map((other) => {
    const name = esc(strings(other).langName);
    if (other === lang) return `<span aria-current="true" lang="${other}">${name}</span>`;
    const href = lang === 'en' ? PAGE_PATH[other] : `../${PAGE_PATH[other]}`;
    return `<a href="${esc(href)}" data-lang-link="${esc(href)}" hreflang="${other}" lang="${other}">${name}</a>`;
  });
  return `<nav class="lang" aria-label="${esc(s.langNav)}">${items.join(' ')}</nav>`;
}

export function embedOptions(lang: Lang): Record<string, unknown> {
  const locale = vegaLocale(lang);
  return {
    mode: 'vega-lite',
    renderer: 'svg',
    actions: false,
    // Errors only (vega.Error): a facet row whose layer is empty there logs a harmless "infinite extent" warning.
    logLevel: 1,
    formatLocale: locale.number,
    timeFormatLocale: locale.time,
  };
}

/** One self-contained HTML page: every report page inside, no external URL, vega builds inlined. */
export function renderReportHtml(
  data: ReportData,
  lang: Lang,
  assets: VegaAssets,
  built?: NamedChart[],
): string {
  const s = strings(lang);
  const charts = built ?? buildCharts(data, lang);
  const releases = data.sources
    .filter((x) => x.vintage)
    .map((x) => s.releaseItem(sourceName(x.source, lang), formatDate(x.vintage ?? '', lang)));
  const banner = data.demo ? `<p class="demo-banner" role="alert">${esc(s.demoBanner)}</p>\n` : '';
  const pageBodies: Record<PageId, string> = {
    overview: overviewPage(data, lang),
    fentanyl: drugPage(data, FAMILIES[0] as Family, lang, charts),
    methamphetamine: drugPage(data, FAMILIES[1] as Family, lang, charts),
    seizures: seizuresPage(data, lang, charts),
    naloxone: naloxonePage(data, lang, charts),
    map: mapPage(data, lang, charts),
    alerts: alertsPage(data, lang, charts),
    trends: trendsPage(data, lang, charts),
    notes: notesPage(data, lang),
  };
  const sections = PAGES.map(
    (p) => `<section class="page" id="${p}" data-page="${p}" aria-labelledby="h-${p}">
<h2 id="h-${p}">${esc(s.nav[p])}</h2>
<p class="intro">${esc(s.pageIntro[p])}</p>
${pageBodies[p]}
</section>`,
  ).join('\n');
  const nav = `<nav class="pages" aria-label="${esc(s.pagesNav)}"><ul>${PAGES.map((p) => `<li><a href="#${p}" data-page-link="${p}">${esc(s.nav[p])}</a></li>`).join('')}</ul></nav>`;
  const body = `${banner}<header class="site-header">
<div class="wrap">
<div class="top">
<div>
<h1>${esc(s.reportTitle)}</h1>
<p class="subtitle">${esc(s.subtitle)}</p>
</div>
${langNav(lang)}
</div>
${data.demo ? `<p class="demo-detail">${esc(s.demoDetail)}</p>` : ''}
${releases.length > 0 ? `<p class="meta">${esc(s.dataAsOf(releases.join('; ')))}</p>` : ''}
${data.notLoaded.length > 0 ? `<p class="meta not-loaded">${esc(s.notLoaded(data.notLoaded.map((x) => sourceName(x, lang)).join('; ')))}</p>` : ''}
<p class="meta">${esc(s.generatedAt(formatDateTime(data.generatedAt, lang)))}</p>
${nav}
</div>
</header>
<noscript><p class="wrap empty">${esc(s.noScript)}</p></noscript>
<main class="wrap">
${sections}
</main>
<footer class="site-footer"><div class="wrap">${esc(s.reportTitle)} · ${esc(s.generatedAt(formatDateTime(data.generatedAt, lang)))}${data.demo ? ` · ${esc(s.demoBanner)}` : ''}</div></footer>`;
  const dataScripts = [
    ...charts.map(
      (c) =>
        `<script type="application/json" id="spec-${esc(c.name)}">${jsonForScript(c.interactive)}</script>`,
    ),
    `<script type="application/json" id="page-config">${jsonForScript({ embed: embedOptions(lang), chartFailed: s.chartFailed })}</script>`,
  ].join('\n');
  return htmlDocument({
    lang,
    title: data.demo ? `${s.demoBanner} · ${s.reportTitle}` : s.reportTitle,
    body,
    dataScripts,
    appScript: CLIENT_SCRIPT,
    assets,
    meta: {
      'data-vintage': data.sources.map((x) => `${x.source} ${x.vintage ?? ''}`).join(', '),
      ...(data.demo ? { 'data-demo': 'true' } : {}),
    },
  });
}
