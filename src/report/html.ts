/**
 * The report as one self-contained, offline HTML file per language (index.html, es/index.html). Each file holds
 * every page (overview, fentanyl, methamphetamine, seizures, naloxone, map, alerts, trends, data notes); the
 * browser shows one at a time from the #fragment, and prints them all, one page after another. Every dataset
 * string is escaped; chart specs travel as JSON in <script type="application/json">.
 */

import type { Lang } from '../core/lang.ts';
import type { VegaAssets } from './assets.ts';
import type { NamedChart } from './charts/chart.ts';
import { CLIENT_SCRIPT } from './client.ts';
import { sourceName } from './derive.ts';
import { jsonForScript } from './escape.ts';
import { FAMILIES, type Family } from './focus.ts';
import { formatDate, formatDateTime, LANGS, strings, vegaLocale } from './i18n.ts';
import { htmlDocument } from './page.ts';
import { PAGES, type PageId } from './pageIds.ts';
import { alertsPage } from './pages/alerts.ts';
import { drugPage } from './pages/drug.ts';
import { mapPage } from './pages/map.ts';
import { naloxonePage } from './pages/naloxone.ts';
import { notesPage } from './pages/notes.ts';
import { overviewPage } from './pages/overview.ts';
import { seizuresPage } from './pages/seizures.ts';
import { esc } from './pages/shared.ts';
import { trendsPage } from './pages/trends.ts';
import type { ReportData } from './reportData.ts';
import { buildCharts } from './specs.ts';

/** Where each language's page lives, relative to the report directory. */
export const PAGE_PATH: Record<Lang, string> = { en: 'index.html', es: 'es/index.html' };

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
    .map((x) => s.releaseItem(sourceName(data, x.source, lang), formatDate(x.vintage ?? '', lang)));
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
  // Printed, every sheet carries where its numbers come from: the demo mark, or the releases.
  const provenance = data.demo
    ? s.demoBanner
    : releases.length > 0
      ? s.dataAsOf(releases.join('; '))
      : s.noData;
  const sections = PAGES.map(
    (p) => `<section class="page" id="${p}" data-page="${p}" aria-labelledby="h-${p}">
<h2 id="h-${p}">${esc(s.nav[p])}</h2>
<p class="intro">${esc(s.pageIntro[p])}</p>
${pageBodies[p]}
</section>`,
  ).join('\n');
  const nav = `<nav class="pages" aria-label="${esc(s.pagesNav)}"><ul>${PAGES.map((p) => `<li><a href="#${p}" data-page-link="${p}">${esc(s.nav[p])}</a></li>`).join('')}</ul></nav>`;
  const body = `${banner}<a class="skip-link" href="#main" data-skip>${esc(s.skipLink)}</a>
<header class="site-header">
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
${data.notLoaded.length > 0 ? `<p class="meta not-loaded">${esc(s.notLoaded(data.notLoaded.map((x) => sourceName(data, x, lang)).join('; ')))}</p>` : ''}
<p class="meta">${esc(s.generatedAt(formatDateTime(data.generatedAt, lang)))}</p>
${nav}
</div>
</header>
<noscript><p class="wrap empty">${esc(s.noScript)}</p></noscript>
<main class="wrap" id="main" tabindex="-1">
${sections}
</main>
<footer class="site-footer"><div class="wrap">${esc(s.reportTitle)} · ${esc(s.generatedAt(formatDateTime(data.generatedAt, lang)))}${data.demo ? ` · ${esc(s.demoBanner)}` : ''}</div></footer>`;
  const dataScripts = [
    ...charts.map(
      (c) =>
        `<script type="application/json" id="spec-${esc(c.name)}">${jsonForScript(c.interactive)}</script>${c.narrow ? `\n<script type="application/json" id="spec-${esc(c.name)}-narrow">${jsonForScript(c.narrow.spec)}</script>` : ''}`,
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
    printFooter: { text: provenance, alert: data.demo },
    meta: {
      'data-vintage': data.sources.map((x) => `${x.source} ${x.vintage ?? ''}`).join(', '),
      ...(data.demo ? { 'data-demo': 'true' } : {}),
    },
  });
}
