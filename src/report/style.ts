/** The stylesheet shared by the report and the notebooks: screen, and print on A4 or Letter. */

export const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d9d9d9; --soft: #f4f5f7; --accent: #0b4f8a;
  --up: #a63c00; --down: #0b4f8a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
a { color: var(--accent); }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 1.25rem; }
.demo-banner { margin: 0; padding: 0.7rem 1rem; background: #ffd400; color: #000; border-bottom: 6px solid #c00000;
  font-weight: 700; font-size: 1.15rem; text-align: center; letter-spacing: 0.02em; }
.demo-detail { margin: 0.5rem 0 0; padding: 0.5rem 0.75rem; background: #fff6c2; border-left: 5px solid #c00000; font-size: 0.95rem; }
.site-header { border-bottom: 1px solid var(--rule); background: #fff; }
.site-header .top { display: flex; gap: 1rem; align-items: flex-start; justify-content: space-between; padding-top: 0.75rem; }
.site-header h1 { margin: 0.1rem 0 0.2rem; font-size: 1.6rem; line-height: 1.25; }
.site-header .subtitle { margin: 0 0 0.35rem; font-size: 1.05rem; color: var(--muted); }
.site-header .meta { margin: 0.1rem 0; font-size: 0.88rem; color: var(--muted); }
nav.lang { white-space: nowrap; font-size: 0.95rem; padding-top: 0.3rem; }
nav.lang a, nav.lang span { display: inline-block; padding: 0.15rem 0.45rem; border: 1px solid var(--rule); border-radius: 4px; }
nav.lang [aria-current] { font-weight: 700; background: var(--soft); }
nav.lang button { font: inherit; color: var(--accent); background: #fff; cursor: pointer; padding: 0.15rem 0.55rem; border: 1px solid var(--rule); border-radius: 4px; }
nav.lang button[aria-pressed="true"] { font-weight: 700; color: var(--ink); background: var(--soft); }
.notebook > h1 { font-size: 1.7rem; margin: 1.2rem 0 0.5rem; }
.notebook h2 { font-size: 1.3rem; margin: 1.6rem 0 0.4rem; }
.block-label { font-size: 0.85rem; color: var(--muted); margin: 1rem 0 0.25rem; }
.notebook blockquote { margin: 0.75rem 0; padding: 0.25rem 0.9rem; border-left: 4px solid var(--rule); color: #333; }
nav.pages { margin-top: 0.6rem; }
nav.pages ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.15rem; }
nav.pages a { display: block; padding: 0.45rem 0.7rem; text-decoration: none; color: var(--ink); border-bottom: 3px solid transparent; font-size: 0.95rem; }
nav.pages a:hover { background: var(--soft); }
nav.pages a[aria-current="page"] { border-bottom-color: var(--accent); font-weight: 700; color: var(--accent); }
main { padding-bottom: 3rem; }
section.page { padding-top: 0.5rem; }
section.page > h2 { font-size: 1.5rem; margin: 1rem 0 0.25rem; }
.intro { color: var(--muted); margin: 0 0 1rem; max-width: 52rem; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
.block { margin: 1.25rem 0; }
figure.chart { margin: 1.25rem 0 1.75rem; overflow-x: auto; }
figure.chart .vega-chart { min-height: 140px; }
figure.chart figcaption { font-size: 0.9rem; color: var(--muted); max-width: 48rem; margin-top: 0.35rem; }
.chart-files { white-space: nowrap; }
.chart-loading { color: var(--muted); font-style: italic; }
.chart-error { color: #c00000; font-weight: 600; }
.empty { font-style: italic; color: var(--muted); padding: 0.75rem 1rem; background: var(--soft); border-radius: 4px; }
.note { font-size: 0.92rem; color: #333; max-width: 52rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 0.75rem; margin: 0.75rem 0 1rem; }
.card { overflow-wrap: anywhere; border: 1px solid var(--rule); border-radius: 6px; padding: 0.7rem 0.8rem 0.6rem; background: #fff; break-inside: avoid; page-break-inside: avoid; }
.card h3, .card h4 { margin: 0 0 0.2rem; font-size: 0.95rem; font-weight: 600; }
.card .figure { font-size: 1.7rem; font-weight: 700; margin: 0.1rem 0 0; font-variant-numeric: tabular-nums; }
.card .unit { font-size: 0.85rem; font-weight: 400; color: var(--muted); }
.card .period, .card .source { font-size: 0.82rem; color: var(--muted); margin: 0.1rem 0; }
.card .change { font-size: 0.9rem; margin: 0.2rem 0; font-weight: 600; }
.change.up { color: var(--up); } .change.down { color: var(--down); } .change.flat { color: var(--muted); }
.badge { display: inline-block; font-size: 0.75rem; padding: 0.05rem 0.4rem; border-radius: 3px; background: var(--soft); border: 1px solid var(--rule); margin: 0 0.25rem 0.2rem 0; white-space: nowrap; }
.badge.strong { background: #fde3d3; border-color: #e7a27b; }
.badge.fdr { background: #dcecf8; border-color: #8cbbe0; }
ol.signals { list-style: none; padding: 0; margin: 0.5rem 0; }
ol.signals li { border: 1px solid var(--rule); border-radius: 6px; padding: 0.6rem 0.8rem; margin: 0 0 0.6rem; display: grid; grid-template-columns: auto 1fr; gap: 0.8rem; align-items: center; break-inside: avoid; page-break-inside: avoid; }
ol.signals p { margin: 0.15rem 0; }
ul.contents li { margin: 0.3rem 0; }
svg.spark { display: block; overflow: visible; }
.table-wrap { overflow-x: auto; }
.skip-link { position: absolute; left: -10000px; top: 0; padding: 0.5rem 0.75rem; background: #fff; color: var(--accent); z-index: 10; }
.skip-link:focus { left: 0.5rem; top: 0.5rem; outline: 2px solid var(--accent); }
main:focus { outline: none; }
/* Charts shrink to the width they are given (Vega's SVG has a viewBox): nothing scrolls sideways on a phone. */
figure.chart svg { max-width: 100%; height: auto; }
ol.now li { margin: 0.35rem 0; }
table.data { border-collapse: collapse; width: 100%; font-size: 0.86rem; }
table.data th, table.data td { border-bottom: 1px solid var(--rule); padding: 0.35rem 0.45rem; text-align: left; vertical-align: top; }
table.data thead th { border-bottom: 2px solid var(--ink); position: sticky; top: 0; background: #fff; }
table.data th.num, table.data td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data td.nowrap { white-space: nowrap; }
table.data td.why { min-width: 15rem; }
table.data td.why p { margin: 0.2rem 0 0; }
table.data th button { all: unset; cursor: pointer; font-weight: 700; }
table.data th button:focus-visible { outline: 2px solid var(--accent); }
table.data th[aria-sort="ascending"] button::after { content: " ▲"; font-size: 0.7em; }
table.data th[aria-sort="descending"] button::after { content: " ▼"; font-size: 0.7em; }
table.data tr[hidden] { display: none; }
form.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; margin: 0.75rem 0; padding: 0.6rem 0.75rem; background: var(--soft); border-radius: 6px; border: 0; }
form.filters legend { font-weight: 700; padding: 0; float: left; width: 100%; margin-bottom: 0.25rem; }
form.filters label { display: flex; flex-direction: column; font-size: 0.82rem; gap: 0.15rem; }
form.filters label.check { flex-direction: row; align-items: center; gap: 0.35rem; }
form.filters input[type="search"], form.filters select { font: inherit; font-size: 0.9rem; padding: 0.25rem 0.35rem; min-width: 9rem; }
.count { font-size: 0.9rem; color: var(--muted); margin: 0.25rem 0; }
details { margin: 0.75rem 0; }
details summary { cursor: pointer; color: var(--accent); }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; font-size: 0.92rem; }
dl.kv dt { font-weight: 600; }
dl.kv dd { margin: 0; }
.sql { background: #f6f8fa; border: 1px solid var(--rule); border-radius: 4px; padding: 0.6rem 0.75rem; overflow-x: auto; font-size: 0.85rem; }
.block-error { border: 2px solid #c00000; background: #fff0f0; padding: 0.6rem 0.75rem; border-radius: 4px; }
footer.site-footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; padding: 1rem 0 2rem; }
.js section.page:not(.active) { display: none; }
html[lang="en"] [data-lang="es"], html[lang="es"] [data-lang="en"] { display: none !important; }
@media (max-width: 640px) {
  .wrap { padding: 0 0.75rem; }
  .site-header .top { flex-wrap: wrap; }
  .site-header h1 { font-size: 1.3rem; }
  nav.lang { white-space: normal; }
  table.data td.why { min-width: 12rem; }
  form.filters label { max-width: 100%; min-width: 0; }
  form.filters input[type="search"], form.filters select { min-width: 0; max-width: 100%; width: 100%; }
  ol.signals li { grid-template-columns: 1fr; }
  dl.kv { grid-template-columns: minmax(0, 1fr); }
  dl.kv dt, dl.kv dd { overflow-wrap: anywhere; min-width: 0; }
  dl.kv dd { margin-bottom: 0.4rem; }
  main, .note, .intro, figcaption { overflow-wrap: anywhere; }
}
/* The bottom margin holds the provenance line repeated on every sheet. */
@page { margin: 14mm 12mm 20mm; }
@media print {
  body { font-size: 10.5pt; }
  .wrap { max-width: none; padding: 0; }
  nav.pages, nav.lang, form.filters, .chart-files, .no-print, details > summary { display: none !important; }
  .js section.page, section.page { display: block !important; }
  section.page + section.page { break-before: page; page-break-before: always; }
  .demo-banner, .demo-detail, .card, .badge, .change, table.data, svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .demo-banner { position: static; }
  .skip-link, details.chart-data { display: none; }
  figure.chart { overflow: visible; break-inside: avoid; page-break-inside: avoid; }
  figure.chart .vega-chart { min-height: 0; }
  figure.chart svg { max-width: 100%; height: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table.data { font-size: 8pt; }
  table.data thead { display: table-header-group; }
  table.data thead th { position: static; }
  table.data tr, ol.signals li, .card { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;
