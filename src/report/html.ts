/** The report as one self-contained, offline HTML page per language. */

import type { VegaAssets } from './assets.ts';
import { escapeHtml, escapeScriptText, jsonForScript } from './escape.ts';
import { formatDate, formatDateTime, LANGS, type Strings, strings, vegaLocale } from './i18n.ts';
import type { Lang, ReportData } from './reportData.ts';
import { alertRows, buildCharts, type ChartName, type NamedChart } from './specs.ts';

/** Where each language's page lives, relative to the report directory. */
export const PAGE_PATH: Record<Lang, string> = { en: 'index.html', es: 'es/index.html' };

/** Link from the page in `from` to the page in `to`. */
function pageHref(from: Lang, to: Lang): string {
  if (from === to) return '#';
  return from === 'en' ? PAGE_PATH[to] : `../${PAGE_PATH[to]}`;
}

/** Nothing leaves the page: no fetch, no image, font or frame from anywhere. Vega compiles expressions with `new Function`. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval'",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d9d9d9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
.demo-banner { margin: 0; padding: 0.75rem 1rem; background: #ffd400; color: #000; border-bottom: 6px solid #c00000;
  font-weight: 700; font-size: 1.15rem; text-align: center; letter-spacing: 0.02em; }
.page { max-width: 1000px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
nav.lang { text-align: right; font-size: 0.95rem; }
nav.lang a, nav.lang span { padding: 0 0.25rem; }
nav.lang [aria-current] { font-weight: 700; }
header h1 { margin: 0.25rem 0 0.25rem; font-size: 1.7rem; line-height: 1.25; }
header .subtitle { margin: 0 0 0.5rem; font-size: 1.1rem; color: var(--muted); }
header .meta { margin: 0.15rem 0; font-size: 0.95rem; color: var(--muted); }
section { margin-top: 2rem; border-top: 1px solid var(--rule); padding-top: 0.5rem; }
h2 { font-size: 1.3rem; margin: 0.5rem 0; }
figure.chart { margin: 1rem 0; overflow-x: auto; }
figure.chart .vega-chart { min-height: 120px; }
.chart-error { color: #c00000; }
table.alerts { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
table.alerts th, table.alerts td { border-bottom: 1px solid var(--rule); padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
table.alerts td.num, table.alerts th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.alerts td.nowrap { white-space: nowrap; }
table.alerts thead th { border-bottom: 2px solid var(--ink); }
.empty { font-style: italic; color: var(--muted); }
ul.notes li { margin: 0.35rem 0; }
@media print {
  nav, .lang-link { display: none !important; }
  body { font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  .demo-banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  figure.chart, table.alerts tr, .demo-banner { break-inside: avoid; page-break-inside: avoid; }
  figure.chart { overflow: visible; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
`;

/** Runs in the browser: draw every chart from its JSON script with the page's locale; report failures in place. */
const RENDER_SCRIPT = `
(function () {
  var options = JSON.parse(document.getElementById('vega-options').textContent);
  var failed = document.documentElement.getAttribute('data-chart-failed');
  var charts = document.querySelectorAll('[data-spec]');
  for (var i = 0; i < charts.length; i++) {
    (function (el) {
      var spec = JSON.parse(document.getElementById(el.getAttribute('data-spec')).textContent);
      vegaEmbed(el, spec, options).catch(function (err) {
        var p = document.createElement('p');
        p.className = 'chart-error';
        p.textContent = failed;
        el.appendChild(p);
        if (window.console) console.error(err);
      });
    })(charts[i]);
  }
})();
`;

function langNav(lang: Lang): string {
  const s = strings(lang);
  const items = LANGS.map((other) => {
    const name = escapeHtml(strings(other).langName);
    return other === lang
      ? `<span aria-current="page">${name}</span>`
      : `<a href="${escapeHtml(pageHref(lang, other))}" hreflang="${other}" lang="${other}">${name}</a>`;
  });
  return `<nav class="lang" aria-label="${escapeHtml(s.langNav)}">${items.join(' | ')}</nav>`;
}

function otherLangLinks(lang: Lang): string {
  return LANGS.filter((other) => other !== lang)
    .map(
      (other) =>
        `<a class="lang-link" href="${escapeHtml(pageHref(lang, other))}" hreflang="${other}" lang="${other}">${escapeHtml(strings(other).readInThisLang)}</a>`,
    )
    .join(' ');
}

function vintageText(data: ReportData, lang: Lang, s: Strings): string {
  if (data.vintages.length === 0) return '';
  const list = data.vintages.map((v) => s.vintageItem(v.source, formatDate(v.vintage, lang))).join('; ');
  return `<p class="meta vintage">${escapeHtml(s.vintages(list))}</p>`;
}

function header(data: ReportData, lang: Lang, s: Strings): string {
  return `<header>
<h1>${escapeHtml(s.reportTitle)}</h1>
<p class="subtitle">${escapeHtml(s.subtitle)}</p>
${vintageText(data, lang, s)}
<p class="meta generated">${escapeHtml(s.generatedAt(formatDateTime(data.generatedAt, lang)))}</p>
<p class="meta">${otherLangLinks(lang)}</p>
</header>`;
}

function chartFigure(chart: NamedChart | undefined, caption: string): string {
  if (!chart) return '';
  const id = `spec-${chart.name}`;
  return `<figure class="chart" id="chart-${chart.name}">
<div class="vega-chart" data-spec="${id}" role="img" aria-label="${escapeHtml(titleOf(chart))}"></div>
${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>\n` : ''}</figure>`;
}

function titleOf(chart: NamedChart): string {
  const title = chart.spec.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && 'text' in title && typeof title.text === 'string')
    return title.text;
  return chart.name;
}

function alertTable(data: ReportData, lang: Lang, s: Strings): string {
  if (data.alerts.length === 0) return `<p class="empty">${escapeHtml(s.alertsEmpty)}</p>`;
  const rows = alertRows(data, data.alerts, lang);
  const t = s.table;
  const head = [t.place, t.drug, t.month, t.method]
    .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
    .concat(
      [t.observed, t.expected, t.threshold].map((h) => `<th scope="col" class="num">${escapeHtml(h)}</th>`),
    )
    .concat(`<th scope="col">${escapeHtml(t.explanation)}</th>`)
    .join('');
  const body = rows
    .map((r, i) => {
      const sentence = data.alerts[i]?.sentence[lang] ?? '';
      const cells = [r.place, r.drugLabel]
        .map((c) => `<td>${escapeHtml(c)}</td>`)
        .concat([r.month, r.method].map((c) => `<td class="nowrap">${escapeHtml(c)}</td>`))
        .concat([r.observed, r.expected, r.threshold].map((c) => `<td class="num">${escapeHtml(c)}</td>`))
        .concat(`<td>${escapeHtml(sentence)}</td>`)
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('\n');
  return `<table class="alerts">
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

function notes(s: Strings): string {
  const items = [
    s.notes.twelveMonthSums,
    s.notes.suppressed,
    s.notes.predicted,
    s.notes.proxies,
    s.notes.earsMethod,
  ];
  return `<ul class="notes">\n${items.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}\n</ul>`;
}

function specScripts(charts: NamedChart[]): string {
  return charts
    .map((c) => `<script type="application/json" id="spec-${c.name}">${jsonForScript(c.spec)}</script>`)
    .join('\n');
}

function embedOptions(lang: Lang): Record<string, unknown> {
  const locale = vegaLocale(lang);
  return {
    mode: 'vega-lite',
    renderer: 'svg',
    actions: false,
    formatLocale: locale.number,
    timeFormatLocale: locale.time,
  };
}

/** One self-contained HTML page: no external URL, every dataset string escaped, vega builds inlined. */
export function renderReportHtml(data: ReportData, lang: Lang, assets: VegaAssets): string {
  const s = strings(lang);
  const charts = buildCharts(data, lang);
  const chart = (name: ChartName) => charts.find((c) => c.name === name);
  const vintage = data.vintages.map((v) => `${v.source} ${v.vintage}`).join(', ');
  const banner = data.demo ? `<p class="demo-banner" role="alert">${escapeHtml(s.demoBanner)}</p>\n` : '';

  return `<!doctype html>
<html lang="${lang}" data-chart-failed="${escapeHtml(s.chartFailed)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="centinela">
<meta name="data-vintage" content="${escapeHtml(vintage)}">
<title>${escapeHtml(data.demo ? `${s.demoBanner} · ${s.reportTitle}` : s.reportTitle)}</title>
<style>${STYLE}</style>
</head>
<body>
${banner}<div class="page">
${langNav(lang)}
${header(data, lang, s)}
<noscript><p class="empty">${escapeHtml(s.noScript)}</p></noscript>
<main>
<section id="national">
<h2>${escapeHtml(s.sections.national)}</h2>
${chartFigure(chart('national'), s.nationalIntro)}
</section>
<section id="border-states">
<h2>${escapeHtml(s.sections.border)}</h2>
${chartFigure(chart('border-states'), s.borderIntro)}
</section>
<section id="alerts">
<h2>${escapeHtml(s.sections.alerts)}</h2>
<p>${escapeHtml(s.alertsIntro)}</p>
${chartFigure(chart('alerts'), '')}
${alertTable(data, lang, s)}
</section>
<section id="notes">
<h2>${escapeHtml(s.sections.notes)}</h2>
${notes(s)}
</section>
</main>
</div>
${specScripts(charts)}
<script type="application/json" id="vega-options">${jsonForScript(embedOptions(lang))}</script>
<script>${escapeScriptText(assets.vega)}</script>
<script>${escapeScriptText(assets.vegaLite)}</script>
<script>${escapeScriptText(assets.vegaEmbed)}</script>
<script>${RENDER_SCRIPT}</script>
</body>
</html>
`;
}
