import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/core/lang.ts';
import { loadVegaAssetsSync } from '../../src/report/assets.ts';
import { renderReportHtml } from '../../src/report/html.ts';
import { STRINGS } from '../../src/report/i18n.ts';
import { cssString } from '../../src/report/page.ts';
import { PAGES } from '../../src/report/pageIds.ts';
import type { ReportData } from '../../src/report/reportData.ts';
import { buildReportData, withHostileStrings } from '../support/reportData.ts';

const PLACEHOLDERS = { vega: '/*VEGA*/', vegaLite: '/*VEGA-LITE*/', vegaEmbed: '/*VEGA-EMBED*/' };
const XSS = `<script>alert(1)</script>"'</script>`;

function page(data: ReportData, lang: Lang = 'en'): string {
  return renderReportHtml(data, lang, PLACEHOLDERS);
}

/** The text of every `<script type="application/json">` element, by id. */
function jsonScripts(html: string): Map<string, string> {
  return new Map(
    [...html.matchAll(/<script type="application\/json" id="([^"]+)">([\s\S]*?)<\/script>/g)].map((m) => [
      m[1] ?? '',
      m[2] ?? '',
    ]),
  );
}

const emptyWarehouse = () =>
  buildReportData({
    demo: false,
    sources: [],
    series: [],
    map: [],
    alerts: [],
    trends: [],
    revisions: [],
    populations: [],
    detection: null,
  });

describe('renderReportHtml', () => {
  it('is one HTML document per language, with every page inside', () => {
    for (const lang of ['en', 'es'] as const) {
      const html = page(buildReportData(), lang);
      expect(html.startsWith(`<!doctype html>\n<html lang="${lang}"`)).toBe(true);
      expect(html.trimEnd().endsWith('</html>')).toBe(true);
      for (const p of PAGES) {
        expect(html).toContain(`<section class="page" id="${p}" data-page="${p}"`);
        expect(html).toContain(`<h2 id="h-${p}">${STRINGS[lang].nav[p]}</h2>`);
        expect(html).toContain(`<a href="#${p}" data-page-link="${p}">`);
      }
    }
  });

  it('shows the demo banner first thing in the body when the data is demo, and not otherwise', () => {
    expect(page(buildReportData({ demo: true }))).toMatch(
      /<body>\s*<p class="demo-banner" role="alert">DEMO DATA — synthetic numbers, not real figures<\/p>/,
    );
    expect(page(buildReportData({ demo: true }), 'es')).toContain(
      'DATOS DE DEMOSTRACIÓN — cifras sintéticas, no son cifras reales',
    );
    const real = page(buildReportData({ demo: false }));
    expect(real).not.toContain('demo-banner"');
    expect(real).not.toContain('DEMO DATA');
  });

  it('escapes every dataset string in the HTML and in the JSON scripts', () => {
    for (const lang of ['en', 'es'] as const) {
      const html = page(withHostileStrings(XSS), lang);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain(XSS);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&lt;/script&gt;');
      for (const [id, text] of jsonScripts(html)) {
        expect(text, id).not.toMatch(/<\/?script/i);
        JSON.parse(text);
      }
      expect(jsonScripts(html).get('spec-fentanyl-national')).toContain('\\u003cscript\\u003ealert(1)');
    }
    expect(page(withHostileStrings(XSS))).toContain('Observed &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('contains no URL outside the inlined library code', () => {
    for (const lang of ['en', 'es'] as const) {
      for (const data of [buildReportData(), emptyWarehouse(), withHostileStrings(XSS)]) {
        const html = page(data, lang);
        expect(html).not.toMatch(/https?:/i);
        expect(html).not.toMatch(/\b(src|href)="\/\//i);
        expect(html).not.toMatch(/@import|url\(/i);
      }
    }
  });

  it('inlines the three library builds, then the page script, and embeds each chart spec as JSON', () => {
    const html = page(buildReportData());
    const at = (s: string) => html.indexOf(s);
    expect(at('<script>/*VEGA*/</script>')).toBeGreaterThan(0);
    expect(at('<script>/*VEGA-LITE*/</script>')).toBeGreaterThan(at('/*VEGA*/'));
    expect(at('<script>/*VEGA-EMBED*/</script>')).toBeGreaterThan(at('/*VEGA-LITE*/'));
    expect(at('vegaEmbed(el, spec, config.embed)')).toBeGreaterThan(at('/*VEGA-EMBED*/'));
    const scripts = jsonScripts(html);
    const specs = [...scripts.keys()].filter((k) => k.startsWith('spec-') && !k.endsWith('-narrow'));
    expect(specs.length).toBe(14);
    for (const id of specs) expect(html).toContain(`data-spec="${id}"`);
    // The maps also carry their phone layout, drawn where the chart's box is narrower than the wide map.
    const narrow = [...scripts.keys()].filter((k) => k.endsWith('-narrow'));
    expect(narrow).toEqual(['spec-map-fentanyl-narrow', 'spec-map-methamphetamine-narrow']);
    for (const id of narrow)
      expect(html).toMatch(new RegExp(`data-spec-narrow="${id}" data-narrow-below="\\d+"`));
    expect(JSON.parse(scripts.get('page-config') ?? '').embed).toMatchObject({
      renderer: 'svg',
      actions: false,
      mode: 'vega-lite',
    });
  });

  it('uses Spanish labels, es-MX numbers and dates and a Spanish Vega locale on the Spanish page', () => {
    const html = page(buildReportData(), 'es');
    for (const text of [
      'Cifras principales',
      'Señales para discutir',
      'Aseguramientos y muertes',
      'Nuevo México',
      'junio de 2024',
      '1,234.5',
      'Generado el 20 de octubre de 2024',
      'Publicaciones de los datos: CDC VSRR del 16 de octubre de 2024',
      '12 meses que terminan en junio de 2024',
      'Corroborada por Aseguramientos CBP',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain('Headline figures');
    const options = JSON.parse(jsonScripts(html).get('page-config') ?? '').embed;
    expect(options.timeFormatLocale.months[0]).toBe('enero');
    expect(options.formatLocale).toMatchObject({ decimal: '.', thousands: ',' });
  });

  it('links each page to the other language, keeping the page (the script adds the #fragment)', () => {
    const en = page(buildReportData());
    const es = page(buildReportData(), 'es');
    expect(en).toContain(
      '<a href="es/index.html" data-lang-link="es/index.html" hreflang="es" lang="es">Español</a>',
    );
    expect(es).toContain(
      '<a href="../index.html" data-lang-link="../index.html" hreflang="en" lang="en">English</a>',
    );
    expect(en).toContain("a.setAttribute('href', a.getAttribute('data-lang-link') + '#'");
  });

  it('shows headline figures with the change on a year earlier', () => {
    const html = page(buildReportData());
    expect(html).toContain('<h3>Fentanyl deaths, United States</h3>');
    expect(html).toContain('<p class="figure">67,099 <span class="unit">deaths</span></p>');
    expect(html).toContain('<p class="change down">▼ -5.1% on a year earlier</p>');
    // Proxies and partial sources are named for what they count, never as the drug or the whole country.
    expect(html).not.toContain('<h3>Fentanyl deaths, Mexico</h3>');
    expect(html).toContain('<h3>Deaths counted as Poisoning by narcotics (X42, X62, Y12), Mexico</h3>');
    expect(html).not.toContain('Naloxone dispensed, United States');
    expect(html).toMatch(/<h3>Naloxone prescriptions \(Medicaid[^<]* only\), United States<\/h3>/);
  });

  it('opens the overview with the signals of the latest period: since when, methods, sources, releases', () => {
    const data = buildReportData();
    const en = page(data);
    const overview = en.slice(en.indexOf('id="overview"'), en.indexOf('Headline figures'));
    expect(overview).toContain('Now: signals in the latest period');
    const cdc = data.sources.find((x) => x.source === 'cdc_vsrr_state');
    expect(overview).toMatch(
      /CDC[^<]*: data through June 2024 \(release of [A-Z][a-z]+ \d+, \d{4}\); 2 series alarmed\./,
    );
    expect(cdc?.vintage).toBeTruthy();
    const items = [...overview.matchAll(/<li><strong>(.*?)<\/strong>: (.*?)<\/li>/g)].map(
      (m) => `${m[1]}: ${m[2]}`,
    );
    expect(items[0]).toMatch(
      /^Arizona · Fentanyl[^:]*: alarming since April 2024 \(3 months running\); 2 methods agree \(EARS C3 and NSSP[^)]*\); survives the false-discovery-rate correction; corroborated by [^.]*CBP[^.]*\.$/,
    );
    expect(items[1]).toMatch(/^New Mexico · Fentanyl[^:]*: new in this period; one method \(EARS C2\);/);
    // Loaded sources the detectors do not watch are named.
    expect(overview).toMatch(/Loaded but not monitored[^<]*INEGI/);
    const es = page(data, 'es');
    const resumen = es.slice(es.indexOf('id="overview"'), es.indexOf('Cifras principales'));
    expect(resumen).toContain('Ahora: señales en el periodo más reciente');
    expect(resumen).toContain('en alarma desde abril de 2024 (3 meses seguidos); 2 métodos coinciden');
    expect(resumen).toContain('datos hasta junio de 2024');
  });

  it('gives every chart a text summary and a data table (the line charts here; map, alerts and trends on their pages)', () => {
    const data = buildReportData();
    const html = page(data);
    const figures = [
      ...html.matchAll(
        /<figure class="chart" id="chart-([a-z0-9-]+)">([\s\S]*?)<\/figure>\n(<details class="chart-data">[\s\S]*?<\/details>)?/g,
      ),
    ];
    expect(figures.length).toBe(14);
    for (const [, name, , body = ''] of figures) {
      const own = ['map-', 'alerts', 'trends-'].some((x) => name?.startsWith(x));
      if (own) continue;
      expect(body, name).toContain('<details class="chart-data">');
      expect(body, name).toMatch(/<p>[^<]*Latest values: [^<]+\.<\/p>/);
    }
    // The numbers are the chart's: the US fentanyl panel's latest reported value, in its row.
    const us = data.series.find(
      (x) =>
        x.source === 'cdc_vsrr_state' && x.geo === 'US' && x.drug === 'fentanyl' && x.measure === 'deaths',
    );
    const last = us?.points.at(-1);
    const national = figures.find((f) => f[1] === 'fentanyl-national')?.[3] ?? '';
    expect(national).toContain(
      `<tr><td>United States (CDC VSRR)</td><td>Reported</td><td>June 2024</td><td class="num">${(last?.value ?? 0).toLocaleString('en-US', { maximumFractionDigits: 1 })}</td>`,
    );
    // Every table in a scrolling box can take keyboard focus (axe: scrollable-region-focusable).
    expect(html).not.toContain('<div class="table-wrap">');
  });

  it("keeps the map's own rule in its table: no percent change on fewer than 10 deaths a year earlier", () => {
    const base = buildReportData();
    const small = buildReportData({
      map: base.map.map((m) =>
        m.geo === '26' ? { ...m, value: 49, previousValue: 10 - 1, rate: 1.6, previousRate: 0.3 } : m,
      ),
    });
    const html = page(small);
    const row = html.match(/<tr><td>Sonora<\/td>.*?<\/tr>/)?.[0];
    expect(row).toBeDefined();
    expect(row).not.toContain('%');
    expect(row).toContain('data-sort=""');
  });

  it('has a sortable, filterable alert table with a sentence and a sparkline per alarm', () => {
    const html = page(buildReportData());
    const table = html.slice(html.indexOf('<table class="data" id="alert-table"'));
    const headers = [
      ...table
        .slice(0, table.indexOf('</thead>'))
        .matchAll(/<th scope="col"[^>]*>(?:<button type="button">)?([^<]+)/g),
    ].map((m) => m[1]);
    expect(headers).toEqual([
      'Month',
      'Place',
      'Method',
      'Observed',
      'Expected',
      'Threshold',
      'q-value',
      'Strength',
      'Why',
    ]);
    const rows = table.slice(0, table.indexOf('</tbody>')).match(/<tr id="alert-/g) ?? [];
    expect(rows.length).toBe(4);
    expect(table).toContain('data-drug="fentanyl" data-place="AZ" data-method="nssp_switch"');
    expect(table).toContain('data-corroborated="1"');
    expect(table).toMatch(/<td class="why"><svg class="spark"[^>]*role="img"/);
    expect(table).toContain('Observed 1,234.5 deaths against an expected 980 (threshold 1,150.3).');
    expect(html).toContain('<form class="filters" data-filter-for="alert-table"');
    expect(html).toContain('<input type="checkbox" name="fdr" value="1">');
  });

  it('says plainly, in both languages, when a page has no data', () => {
    const en = page(emptyWarehouse());
    const es = page(emptyWarehouse(), 'es');
    for (const text of [
      'No national series in this warehouse yet.',
      'No alarms in the latest detection run.',
      'No seizure data for the border states or the nation in this warehouse yet.',
      'No naloxone data in this warehouse yet.',
      'No state-level deaths for this drug in this warehouse yet.',
      'No trend segments in the warehouse yet.',
      'No national deaths series for this drug in this warehouse yet.',
      'Mexico: no data in this warehouse yet.',
    ])
      expect(en).toContain(text);
    for (const text of [
      'Todavía no hay series nacionales en este almacén.',
      'No hay alarmas en la ejecución de detección más reciente.',
      'Todavía no hay datos de naloxona en este almacén.',
      'Todavía no hay segmentos de tendencia en el almacén.',
      'México: todavía no hay datos en este almacén.',
    ])
      expect(es).toContain(text);
    expect(en).not.toContain('data-spec=');
  });

  it('generates the data notes from the warehouse', () => {
    const html = page(buildReportData());
    const notes = html.slice(html.indexOf('<section class="page" id="notes"'));
    expect(notes).toContain('<code>cdc_vsrr_state</code>');
    expect(notes).toContain('August 14, 2024 (demo); October 16, 2024 (demo)');
    expect(notes).toContain('12 months ending in the month shown');
    expect(notes).toContain('3 values are suppressed by their publisher');
    expect(notes).toContain('fiscal year 2024 began in October 2023');
    expect(notes).toContain('areas spanning several states are left out');
    expect(notes).toContain('no Mexican category is specific to fentanyl or methamphetamine');
    expect(notes).toContain('676 / 185');
    expect(notes).toContain('Census population (United States): 2020–2024');
    expect(notes).toContain('2 alarms survive it');
  });

  it('carries a print stylesheet: every page, one after another, no chart cut', () => {
    const html = page(buildReportData());
    const print = html.slice(html.indexOf('@media print'));
    expect(html).toContain('@page { margin: 14mm 12mm 20mm; }');
    expect(print).toMatch(/nav\.pages, nav\.lang[^{]*\{[^}]*display: none/);
    expect(print).toContain('section.page + section.page { break-before: page;');
    expect(print).toMatch(/figure\.chart \{[^}]*break-inside: avoid/);
    expect(print).toContain('figure.chart svg { max-width: 100%; height: auto; }');
  });

  it('forbids network access with a Content-Security-Policy', () => {
    expect(page(buildReportData())).toContain(`content="default-src 'none';`);
  });
});

describe('loadVegaAssetsSync', () => {
  it('reads the three UMD builds, safe to inline', () => {
    const assets = loadVegaAssetsSync();
    expect(assets.vega).toContain('.vega={}');
    expect(assets.vegaLite).toContain('.vegaLite={}');
    expect(assets.vegaEmbed).toContain('.vegaEmbed=');
    for (const code of Object.values(assets)) {
      expect(code.length).toBeGreaterThan(10_000);
      expect(code.toLowerCase()).not.toContain('</script');
    }
  });
});

describe('cssString', () => {
  it('writes any text as a CSS string nothing can end or break out of, and that reads back as the text', () => {
    const text = `${XSS} } @import "x"; \\ 65,672 · 17.1% — d’Ávila 𝟙\n`;
    const css = cssString(text);
    expect(css).toMatch(/^"(?:[A-Za-z0-9]|\\[0-9a-f]{6})*"$/);
    expect(css).not.toMatch(/[<>{};'\s]/);
    const read = css
      .slice(1, -1)
      .replace(/\\([0-9a-f]{6})/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)));
    expect(read).toBe(text);
  });

  it('puts the provenance in a margin box printed on every sheet, red for demo data', () => {
    const real = page(buildReportData({ demo: false }));
    expect(real).toMatch(
      /@page \{ @bottom-left \{ content: "Data\\000020releases\\00003a\\000020CDC\\000020VSRR/,
    );
    expect(page(buildReportData())).toMatch(
      /@bottom-left \{ content: "DEMO\\000020DATA[^;]*; font: 700 7\.5pt[^;]*; color: #c00000/,
    );
  });
});

describe('the map page', () => {
  it("says which states show CDC's predicted (delay-adjusted) deaths, and marks them Predicted in the table", () => {
    const base = buildReportData();
    const data = buildReportData({
      map: base.map.map((m) =>
        m.geo === 'AZ' && m.family === 'fentanyl'
          ? { ...m, measure: 'deaths_predicted', status: 'predicted' }
          : m,
      ),
    });
    const en = page(data, 'en');
    expect(en).toContain(
      'Arizona: CDC VSRR’s predicted deaths, adjusted for reporting delays (status “Predicted”), as in the headlines',
    );
    expect(en).toMatch(/<tr><td>Arizona<\/td><td class="num"[^>]*>2,274<\/td>.*?<td>Predicted<\/td><\/tr>/);
    expect(page(data, 'es')).toContain('Arizona: muertes predichas por CDC VSRR, ajustadas por retraso');
    expect(page(base, 'en')).not.toContain('predicted deaths, adjusted for reporting delays (status');
  });
});
