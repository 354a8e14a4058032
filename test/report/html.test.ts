import { describe, expect, it } from 'vitest';
import { loadVegaAssetsSync } from '../../src/report/assets.ts';
import { renderReportHtml } from '../../src/report/html.ts';
import type { ReportData } from '../../src/report/reportData.ts';
import { alert, buildReportData } from '../support/reportData.ts';

const PLACEHOLDERS = { vega: '/*VEGA*/', vegaLite: '/*VEGA-LITE*/', vegaEmbed: '/*VEGA-EMBED*/' };
const XSS = '<script>alert(1)</script>';

function page(data: ReportData, lang: 'en' | 'es' = 'en'): string {
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

function hostile(): ReportData {
  const data = buildReportData();
  return {
    ...data,
    vintages: [{ source: `cdc${XSS}`, vintage: '2024-10-16' }],
    geographies: data.geographies.map((g) =>
      g.code === 'NM' || g.code === 'US'
        ? { ...g, name: { en: `${g.name.en}${XSS}`, es: `${g.name.es}${XSS}` } }
        : g,
    ),
    drugs: data.drugs.map((d) =>
      d.code === 'fentanyl' ? { ...d, label: { en: `Fent"'\`&`, es: 'Fentanilo' } } : d,
    ),
    alerts: [alert({ sentence: { en: `Observed ${XSS} deaths`, es: `Se observaron ${XSS} muertes` } })],
  };
}

describe('renderReportHtml', () => {
  it('is one HTML document with the language set', () => {
    const html = page(buildReportData());
    expect(html.startsWith('<!doctype html>\n<html lang="en"')).toBe(true);
    expect(page(buildReportData(), 'es')).toContain('<html lang="es"');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('shows the demo banner first thing in the body when the data is demo, and not otherwise', () => {
    const demo = page(buildReportData({ demo: true }));
    expect(demo).toMatch(
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
      const html = page(hostile(), lang);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain(XSS);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      const scripts = jsonScripts(html);
      const national = scripts.get('spec-national') ?? '';
      expect(national).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
      expect(JSON.stringify(JSON.parse(national))).toContain(XSS);
    }
    const html = page(hostile());
    expect(html).toContain('Fent&quot;&#39;&#96;&amp;');
    expect(html).toContain('Observed &lt;script&gt;alert(1)&lt;/script&gt; deaths');
  });

  it('contains no URL outside the inlined library code', () => {
    for (const lang of ['en', 'es'] as const) {
      for (const data of [buildReportData(), buildReportData({ alerts: [] }), hostile()]) {
        const html = page(data, lang);
        expect(html).not.toMatch(/https?:/i);
        expect(html).not.toMatch(/\b(src|href)="\/\//i);
        expect(html).not.toMatch(/@import|url\(/i);
      }
    }
  });

  it('inlines the three library builds and embeds each chart spec as JSON', () => {
    const html = page(buildReportData());
    const at = (s: string) => html.indexOf(s);
    expect(at('<script>/*VEGA*/</script>')).toBeGreaterThan(0);
    expect(at('<script>/*VEGA-LITE*/</script>')).toBeGreaterThan(at('/*VEGA*/'));
    expect(at('<script>/*VEGA-EMBED*/</script>')).toBeGreaterThan(at('/*VEGA-LITE*/'));
    const scripts = jsonScripts(html);
    expect([...scripts.keys()]).toEqual([
      'spec-national',
      'spec-border-states',
      'spec-alerts',
      'vega-options',
    ]);
    for (const id of ['spec-national', 'spec-border-states', 'spec-alerts']) {
      expect(html).toContain(`data-spec="${id}"`);
    }
    expect(JSON.parse(scripts.get('vega-options') ?? '')).toMatchObject({
      renderer: 'svg',
      actions: false,
      mode: 'vega-lite',
    });
    expect(html).toContain('vegaEmbed(el, spec, options)');
  });

  it('uses Spanish labels, es-MX numbers and a Spanish Vega locale on the Spanish page', () => {
    const html = page(buildReportData(), 'es');
    for (const text of [
      'Tendencia nacional',
      'Estados fronterizos',
      'Alertas',
      'Notas sobre los datos',
      '<th scope="col">Lugar</th>',
      '<th scope="col" class="num">Umbral</th>',
      'Nuevo México',
      'junio de 2024',
      '1,234.5',
      '1,150.3',
      'Corte de los datos: cdc_vsrr_state, publicación del 16 de octubre de 2024.',
      'Generado el 20 de octubre de 2024',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain('National trend');
    const options = JSON.parse(jsonScripts(html).get('vega-options') ?? '');
    expect(options.timeFormatLocale.months[0]).toBe('enero');
    expect(options.formatLocale).toMatchObject({ decimal: '.', thousands: ',' });
  });

  it('links each page to the other language', () => {
    const en = page(buildReportData());
    const es = page(buildReportData(), 'es');
    expect(en).toMatch(
      /<nav class="lang" aria-label="Language"><span aria-current="page">English<\/span> \| <a href="es\/index.html"[^>]*>Español<\/a><\/nav>/,
    );
    expect(es).toMatch(
      /<nav class="lang" aria-label="Idioma"><a href="..\/index.html"[^>]*>English<\/a> \| <span aria-current="page">Español<\/span><\/nav>/,
    );
    expect(en).toContain('>Leer en español</a>');
    expect(es).toContain('>Read in English</a>');
  });

  it('has an alert table with every column, or an empty-state sentence', () => {
    const html = page(buildReportData());
    const headers = [...html.matchAll(/<th scope="col"[^>]*>([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual([
      'Place',
      'Drug',
      'Month',
      'Method',
      'Observed',
      'Expected',
      'Threshold',
      'Explanation',
    ]);
    expect(html).toContain('<td>New Mexico</td>');
    expect(html).toContain('<td class="nowrap">EARS C2</td>');
    expect(html).toContain('Observed 1,234.5 deaths against an expected 980 (threshold 1,150.3).');

    const empty = page(buildReportData({ alerts: [] }));
    expect(empty).toContain('No alerts in the latest detection run.');
    expect(empty).not.toContain('<table');
    expect(empty).not.toContain('spec-alerts');
    expect(page(buildReportData({ alerts: [] }), 'es')).toContain(
      'No hay alertas en la ejecución de detección más reciente.',
    );
  });

  it('carries the data notes and a print stylesheet', () => {
    const html = page(buildReportData());
    expect(html).toContain('12-month-ending sums of provisional counts');
    expect(html).toContain('shown as gaps in the lines, not as zeros');
    expect(html).toContain('adjust the reported counts for reporting delays');
    expect(html).toContain('EARS C1, C2 and C3');
    expect(html).toContain('Data vintage: cdc_vsrr_state, release of October 16, 2024.');
    const print = html.slice(html.indexOf('@media print'));
    expect(print).toMatch(/nav[^{]*\{[^}]*display: none/);
    expect(print).toContain('break-inside: avoid');
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
