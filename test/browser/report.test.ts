/**
 * The report as a panel member uses it: opened from disk in headless Chromium, offline. Every page is visited from
 * the navigation, every chart must have drawn marks, nothing may leave the page, the language switch must change
 * the text and keep the page, tables sort and filter, and it prints to A4 and Letter without cutting a chart.
 */

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../src/core/lang.ts';
import { readReportData } from '../../src/report/data.ts';
import { STRINGS } from '../../src/report/i18n.ts';
import { PAGES } from '../../src/report/pageIds.ts';
import type { ReportData } from '../../src/report/reportData.ts';
import { writeReport } from '../../src/report/writeReport.ts';
import { openWarehouse } from '../../src/warehouse/connection.ts';
import { buildReportData, withHostileStrings } from '../support/reportData.ts';
import {
  type Browser,
  chartMarks,
  chartsDrawn,
  hoverMarks,
  launch,
  outputPath,
  requireChromium,
  screenshotPath,
  tableAfter,
  type Watched,
  watchedPage,
} from './browser.ts';
import { buildDemoWarehouse, type DemoWarehouse } from './demoWarehouse.ts';
import { pdfPages } from './pdfText.ts';
import { matchTooltip } from './tooltipTable.ts';

const require = createRequire(import.meta.url);
const run = requireChromium();
const dirs: string[] = [];
let browser: Browser;

async function writeTo(data: ReportData): Promise<{ dir: string; en: string; es: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'centinela-browser-report-'));
  dirs.push(dir);
  await writeReport(data, dir);
  return { dir, en: join(dir, 'index.html'), es: join(dir, 'es', 'index.html') };
}

/** WCAG contrast ratio of two CSS colours written as rgb(r, g, b). */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r = 0, g = 0, bl = 0] = (css.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((c) => {
      const v = c / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

function clean(w: Watched): void {
  expect(w.consoleErrors, 'console errors').toEqual([]);
  expect(w.pageErrors, 'uncaught exceptions').toEqual([]);
  expect(w.dialogs, 'dialogs').toEqual([]);
  expect(w.refused, 'requests that left the page').toEqual([]);
}

/** Visit each page from the navigation, check its charts, and take its screenshot. */
async function visitEveryPage(w: Watched, lang: Lang, prefix: string): Promise<void> {
  const s = STRINGS[lang];
  for (const id of PAGES) {
    await w.page.click(`nav.pages a[data-page-link="${id}"]`);
    await w.page.waitForFunction((page) => document.getElementById(page)?.classList.contains('active'), id);
    expect(await w.page.isVisible(`#h-${id}`)).toBe(true);
    expect(await w.page.textContent(`#h-${id}`)).toBe(s.nav[id]);
    // Only the chosen page shows.
    const visible = await w.page.$$eval('section.page', (els) =>
      els.filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.id),
    );
    expect(visible).toEqual([id]);
    for (const c of await chartMarks(w.page, `#${id}`)) {
      expect(c.rendered, c.spec).toBe('true');
      expect(c.error, c.spec).toBe(false);
      expect(c.marks, `${c.spec} has marks`).toBeGreaterThan(0);
    }
    await w.page.screenshot({ path: screenshotPath(`${prefix}-${lang}-${id}`), fullPage: true });
  }
}

describe.runIf(run)('the report in Chromium', () => {
  let demo: DemoWarehouse;
  let fixtureReport: { dir: string; en: string; es: string };
  let testReport: { dir: string; en: string; es: string };

  beforeAll(async () => {
    browser = await launch();
    demo = await buildDemoWarehouse();
    const wh = await openWarehouse(demo.warehouse, { readOnly: true });
    let data: ReportData;
    try {
      data = await readReportData(wh.connection);
    } finally {
      wh.closeSync();
    }
    fixtureReport = await writeTo(data);
    testReport = await writeTo(buildReportData());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    demo?.temp.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('catches a request leaving a page (the watch itself works)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'centinela-browser-leak-'));
    dirs.push(dir);
    const leaky = join(dir, 'leaky.html');
    writeFileSync(
      leaky,
      '<!doctype html><html><body><img src="https://example.invalid/pixel.png"><img src="other.png"><script>fetch("http://127.0.0.1:9/x").catch(function () {});</script></body></html>',
    );
    const w = await watchedPage(browser, [leaky]);
    await w.page.goto(`file://${leaky}`);
    await w.page.waitForTimeout(500);
    expect(w.refused).toEqual(
      expect.arrayContaining([
        'https://example.invalid/pixel.png',
        `file://${join(dir, 'other.png')}`,
        'http://127.0.0.1:9/x',
      ]),
    );
    await w.page.close();
  }, 180_000);

  it('draws every page of the report made from the demo fixtures, offline, in English and Spanish', async () => {
    for (const lang of ['en', 'es'] as const) {
      const file = lang === 'en' ? fixtureReport.en : fixtureReport.es;
      const w = await watchedPage(browser, [fixtureReport.en, fixtureReport.es]);
      await w.page.goto(`file://${file}`);
      await chartsDrawn(w.page);
      expect(await w.page.isVisible('.demo-banner')).toBe(true);
      expect(await w.page.textContent('.demo-banner')).toBe(STRINGS[lang].demoBanner);
      await visitEveryPage(w, lang, 'report');
      clean(w);
      await w.page.close();
    }
  }, 180_000);

  it('draws the full synthetic report (both countries, naloxone, rates) with marks in every chart', async () => {
    const w = await watchedPage(browser, [testReport.en, testReport.es]);
    await w.page.goto(`file://${testReport.en}`);
    await chartsDrawn(w.page);
    const charts = await chartMarks(w.page);
    expect(charts.length).toBe(14);
    for (const c of charts) {
      expect(c.rendered, c.spec).toBe('true');
      expect(c.marks, c.spec).toBeGreaterThan(0);
    }
    await visitEveryPage(w, 'en', 'synthetic');
    clean(w);
    await w.page.close();
  }, 180_000);

  it('switches language from any page, keeping the page, and changes every label', async () => {
    const w = await watchedPage(browser, [testReport.en, testReport.es]);
    await w.page.goto(`file://${testReport.en}#map`);
    await chartsDrawn(w.page);
    expect(await w.page.textContent('#h-map')).toBe('Map');
    const englishText = await w.page.textContent('#map');
    await w.page.click('nav.lang a[hreflang="es"]');
    await w.page.waitForURL(/es\/index\.html#map$/);
    await chartsDrawn(w.page);
    expect(await w.page.getAttribute('html', 'lang')).toBe('es');
    expect(await w.page.textContent('#h-map')).toBe('Mapa');
    expect(await w.page.isVisible('#map')).toBe(true);
    const spanishText = await w.page.textContent('#map');
    expect(spanishText).not.toBe(englishText);
    expect(spanishText).toContain('Cambio respecto a un año antes (%)');
    // Chart text is Spanish too: month names on the axes of the national chart.
    await w.page.click('nav.pages a[data-page-link="fentanyl"]');
    const axis = await w.page.$$eval('#chart-fentanyl-national svg text', (ts) =>
      ts.map((t) => t.textContent),
    );
    expect(axis.some((t) => /^ene \d{4}$/.test(t ?? ''))).toBe(true);
    expect(axis.some((t) => /^Jan \d{4}$/.test(t ?? ''))).toBe(false);
    await w.page.click('nav.lang a[hreflang="en"]');
    await w.page.waitForURL(/\/index\.html#fentanyl$/);
    expect(await w.page.textContent('#h-fentanyl')).toBe('Fentanyl');
    clean(w);
    await w.page.close();
  }, 180_000);

  /** axe-core's violations on the page as it is now: rule, count and the first element. */
  async function axeViolations(w: Watched): Promise<string[]> {
    return w.page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (c: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run(document);
      return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target.join(' ')}`);
    });
  }

  /** Hovers a sample of each chart's marks on the page and holds what each tooltip shows against the table. */
  async function tooltipsMatchTables(w: Watched, id: string, where: string): Promise<number> {
    let compared = 0;
    const specs = await w.page.$$eval(`#${id} [data-spec]`, (els) =>
      els.map((e) => e.getAttribute('data-spec') ?? ''),
    );
    for (const spec of specs) {
      const chart = `#${id} [data-spec="${spec}"]`;
      const table = await tableAfter(w.page, chart);
      expect(table, `${where} ${spec}: a table holds its numbers`).not.toBeNull();
      if (!table) continue;
      const tips = await hoverMarks(w.page, chart, 4);
      expect(tips.length, `${where} ${spec}: tooltips shown on hover`).toBeGreaterThanOrEqual(2);
      let numeric = 0;
      for (const tip of tips) {
        const match = matchTooltip(tip, table);
        const what = `${where} ${spec}: ${JSON.stringify(tip)} against ${JSON.stringify(table.head)}`;
        expect(match.compared.length, what).toBeGreaterThanOrEqual(3);
        expect(match.rows, what).toBeGreaterThanOrEqual(1);
        if (match.numeric) {
          numeric += 1;
          // The check can fail: the same tooltip with each number off by one matches no row.
          const wrong = tip.map(([k, v]): [string, string] => [
            k,
            /^[+\-−]?\d[\d,]*(\.\d+)?%?$/.test(v)
              ? v.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10))
              : v,
          ]);
          expect(matchTooltip(wrong, table).rows, `${what} (altered)`).toBe(0);
        }
        compared += 1;
      }
      expect(numeric, `${where} ${spec}: a tooltip with a number`).toBeGreaterThanOrEqual(1);
    }
    return compared;
  }

  /** Every tile label of the maps: its size on screen and its contrast with the tile under it. */
  async function mapLabels(w: Watched) {
    return w.page.$$eval('#map [data-spec^="spec-map-"]', (charts) =>
      charts.flatMap((chart) => {
        const tiles = Array.from(chart.querySelectorAll('svg g.mark-rect.role-mark > path')).map((p) => ({
          box: p.getBoundingClientRect(),
          fill: getComputedStyle(p).fill,
        }));
        return Array.from(chart.querySelectorAll('svg g.mark-text.role-mark > text'))
          .filter((t) => (t.textContent ?? '').trim() !== '')
          .map((t) => {
            const box = t.getBoundingClientRect();
            const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
            // The last drawn tile under the label's centre is the one it is read against.
            const under = tiles.filter(
              (r) => x >= r.box.left && x <= r.box.right && y >= r.box.top && y <= r.box.bottom,
            );
            return {
              chart: chart.getAttribute('data-spec') ?? '',
              layout: chart.getAttribute('data-layout') ?? '',
              text: t.textContent ?? '',
              px:
                parseFloat(getComputedStyle(t).fontSize) * ((t as SVGGraphicsElement).getScreenCTM()?.a ?? 1),
              fg: getComputedStyle(t).fill,
              bg: under[under.length - 1]?.fill ?? 'rgb(255, 255, 255)',
            };
          });
      }),
    );
  }

  it('at 1440×900 and 390×844, both languages, every page: fits the screen, axe-core finds no violation, hovered marks show the values of their table, nothing logged and nothing requested', async () => {
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    for (const lang of ['en', 'es'] as const) {
      const file = lang === 'en' ? testReport.en : testReport.es;
      for (const [width, height] of [
        [1440, 900],
        [390, 844],
      ] as const) {
        const where = `${lang} ${width}×${height}`;
        const w = await watchedPage(browser, [testReport.en, testReport.es]);
        await w.page.setViewportSize({ width, height });
        await w.page.goto(`file://${file}`);
        await chartsDrawn(w.page);
        await w.page.evaluate(`${axeSource};0`);
        let tooltips = 0;
        for (const id of PAGES) {
          await w.page.click(`nav.pages a[data-page-link="${id}"]`);
          await w.page.waitForFunction(
            (page) => document.getElementById(page)?.classList.contains('active'),
            id,
          );
          await chartsDrawn(w.page);
          expect(
            await w.page.evaluate(() => [window.innerWidth, window.innerHeight]),
            `${where}: viewport`,
          ).toEqual([width, height]);
          const overflow = await w.page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect(overflow, `${where} ${id}: scrolls sideways`).toBeLessThanOrEqual(0);
          expect(await axeViolations(w), `${where} ${id}: axe-core`).toEqual([]);
          tooltips += await tooltipsMatchTables(w, id, `${where} ${id}`);
          if (id === 'map') {
            // Tile labels stay readable: at least 11 px on screen, at least 4.5:1 against their tile.
            const labels = await mapLabels(w);
            expect(labels.length, `${where}: map labels`).toBeGreaterThan(200);
            expect(new Set(labels.map((l) => l.layout))).toEqual(new Set([width < 1000 ? 'narrow' : 'wide']));
            for (const l of labels) {
              const what = `${where} ${l.chart} "${l.text}"`;
              expect(l.px, `${what}: rendered size`).toBeGreaterThanOrEqual(10.99);
              expect(contrast(l.fg, l.bg), `${what}: ${l.fg} on ${l.bg}`).toBeGreaterThanOrEqual(4.5);
            }
          }
        }
        expect(tooltips, `${where}: tooltips compared`).toBeGreaterThan(20);
        // The language link stays on screen.
        const box = await w.page.locator('nav.lang').boundingBox();
        expect(box && box.x + box.width <= width, `${where}: language link`).toBe(true);
        // The skip link moves focus to the content and keeps the page.
        await w.page.goto(`file://${file}#map`);
        // It is the first focusable element of the page.
        expect(
          await w.page.evaluate(() =>
            document.querySelector('a[href], button, input, select, [tabindex]')?.getAttribute('data-skip'),
          ),
        ).toBe('');
        await w.page.focus('a[data-skip]');
        expect(await w.page.isVisible('a[data-skip]')).toBe(true);
        await w.page.keyboard.press('Enter');
        expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('main');
        expect(await w.page.evaluate(() => document.querySelector('section.page.active')?.id)).toBe('map');
        clean(w);
        await w.page.close();
      }
    }
  }, 600_000);

  it('sorts and filters the alert table', async () => {
    const w = await watchedPage(browser, [testReport.en, testReport.es]);
    await w.page.goto(`file://${testReport.en}#alerts`);
    await chartsDrawn(w.page);
    const observed = () =>
      w.page.$$eval('#alert-table tbody tr:not([hidden]) td:nth-child(4)', (tds) =>
        tds.map((td) => Number(td.getAttribute('data-sort'))),
      );
    await w.page.click('#alert-table th:nth-child(4) button');
    const up = await observed();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await w.page.click('#alert-table th:nth-child(4) button');
    const down = await observed();
    expect(down).toEqual([...up].sort((a, b) => b - a));
    expect(await w.page.getAttribute('#alert-table th:nth-child(4)', 'aria-sort')).toBe('descending');
    await w.page.selectOption('form[data-filter-for="alert-table"] select[name="place"]', 'AZ');
    expect(await w.page.$$eval('#alert-table tbody tr:not([hidden])', (r) => r.length)).toBe(2);
    expect(await w.page.textContent('[data-count-for="alert-table"]')).toBe('Showing 2 of 4 alarms.');
    await w.page.check('form[data-filter-for="alert-table"] input[name="corroborated"]');
    expect(await w.page.$$eval('#alert-table tbody tr:not([hidden])', (r) => r.map((x) => x.id))).toEqual([
      'alert-a2',
    ]);
    await w.page.selectOption('form[data-filter-for="alert-table"] select[name="place"]', '');
    await w.page.uncheck('form[data-filter-for="alert-table"] input[name="corroborated"]');
    await w.page.fill('form[data-filter-for="alert-table"] input[name="q"]', '5,720');
    expect(await w.page.$$eval('#alert-table tbody tr:not([hidden])', (r) => r.map((x) => x.id))).toEqual([
      'alert-a4',
    ]);
    clean(w);
    await w.page.close();
  }, 180_000);

  it('prints every page on A4 and Letter without cutting a chart', async () => {
    const w = await watchedPage(browser, [testReport.en, testReport.es]);
    await w.page.goto(`file://${testReport.en}`);
    await chartsDrawn(w.page);
    await w.page.emulateMedia({ media: 'print' });
    // Printable area at 96 px per inch, margins 14 mm top, 12 mm sides, 20 mm bottom (the report's @page rule).
    const sheets = { A4: { width: 210, height: 297 }, Letter: { width: 215.9, height: 279.4 } };
    for (const [format, mm] of Object.entries(sheets)) {
      const px = (v: number) => (v / 25.4) * 96;
      const width = Math.floor(px(mm.width - 24));
      const height = Math.floor(px(mm.height - 34));
      await w.page.setViewportSize({ width, height: 900 });
      const sections = await w.page.$$eval(
        'section.page',
        (els) => els.filter((e) => getComputedStyle(e).display !== 'none').length,
      );
      expect(sections, 'every page prints').toBe(PAGES.length);
      const boxes = await w.page.$$eval('figure.chart', (els) =>
        els.map((e) => ({
          id: e.id,
          w: e.getBoundingClientRect().width,
          h: e.getBoundingClientRect().height,
        })),
      );
      expect(boxes.length).toBe(14);
      for (const b of boxes) {
        expect(b.w, `${format} ${b.id} width`).toBeLessThanOrEqual(width + 1);
        expect(b.h, `${format} ${b.id} fits one sheet`).toBeLessThan(height);
      }
      const pdf = await w.page.pdf({
        format: format as 'A4' | 'Letter',
        printBackground: true,
        preferCSSPageSize: true,
      });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      writeFileSync(outputPath(`report-${format}.pdf`), pdf);
    }
    clean(w);
    await w.page.close();
  }, 180_000);

  it('prints where the data comes from on every sheet: the releases, or the demo mark', async () => {
    const real = await writeTo(buildReportData({ demo: false }));
    for (const [report, demoData] of [
      [real, false],
      [fixtureReport, true],
    ] as const) {
      for (const lang of ['en', 'es'] as const) {
        const w = await watchedPage(browser, [report.en, report.es]);
        await w.page.goto(`file://${lang === 'en' ? report.en : report.es}`);
        await chartsDrawn(w.page);
        const prefix = STRINGS[lang].dataAsOf('').slice(0, -2);
        const line = demoData
          ? STRINGS[lang].demoBanner
          : ((await w.page.$$eval('.site-header p.meta', (ps) => ps.map((p) => p.textContent ?? ''))).find(
              (t) => t.startsWith(prefix),
            ) ?? '');
        if (demoData) expect(line).toBe(STRINGS[lang].demoBanner);
        else {
          expect(line).toMatch(
            lang === 'en'
              ? /CDC VSRR of [A-Z][a-z]+ \d{1,2}, \d{4}/
              : /CDC VSRR del \d{1,2} de [a-z]+ de \d{4}/,
          );
        }
        const pdf = await w.page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        const sheets = await pdfPages(pdf);
        // Several report pages run over more than one sheet: those later sheets carry the line too.
        expect(sheets.length, `${lang}: sheets`).toBeGreaterThan(PAGES.length);
        const squash = (t: string) => t.replace(/\s+/g, '');
        sheets.forEach((sheet, i) => {
          const what = `${lang} ${demoData ? 'demo' : 'real'}: sheet ${i + 1} of ${sheets.length}`;
          // In the sheet's bottom margin (20 mm, 57 pt), and nothing else printed there.
          const foot = sheet.items.filter((it) => it.y < 57 && it.str.trim() !== '');
          const rest = sheet.items.filter((it) => it.y >= 57 && it.str.trim() !== '');
          expect(squash(foot.map((it) => it.str).join('')), what).toBe(squash(line));
          expect(rest.length, `${what}: content`).toBeGreaterThan(0);
        });
        clean(w);
        await w.page.close();
      }
    }
  }, 300_000);

  it('shows a hostile dataset string as text and runs nothing', async () => {
    const payload = `<script>window.__pwned=1</script>"'</script><img src=x onerror="window.__pwned=2">`;
    const hostile = await writeTo(withHostileStrings(payload));
    const w = await watchedPage(browser, [hostile.en, hostile.es]);
    await w.page.goto(`file://${hostile.en}#alerts`);
    await chartsDrawn(w.page);
    expect(await w.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await w.page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    const sentence = await w.page.textContent('#alert-table tbody tr td.why p');
    expect(sentence).toBe(`Observed ${payload} deaths`);
    // Inside the charts too: the name is drawn as SVG text.
    await w.page.click('nav.pages a[data-page-link="fentanyl"]');
    const texts = await w.page.$$eval('#chart-fentanyl-border svg text', (ts) =>
      ts.map((t) => t.textContent ?? ''),
    );
    expect(texts.some((t) => t.includes('<script>window.__pwned=1</script>'))).toBe(true);
    await w.page.screenshot({ path: screenshotPath('report-hostile-strings'), fullPage: false });
    for (const c of await chartMarks(w.page)) expect(c.rendered, c.spec).toBe('true');
    clean(w);
    await w.page.close();
  }, 180_000);

  it('is small and quick: under 3 MB a page, every chart drawn within seconds of opening it', async () => {
    for (const file of [fixtureReport.en, fixtureReport.es, testReport.en]) {
      expect(statSync(file).size).toBeLessThan(3 * 1024 * 1024);
      const w = await watchedPage(browser, [
        fixtureReport.en,
        fixtureReport.es,
        testReport.en,
        testReport.es,
      ]);
      const started = Date.now();
      await w.page.goto(`file://${file}`);
      await chartsDrawn(w.page);
      const drawn = Date.now() - started;
      console.log(
        `${file}: ${(statSync(file).size / 1024 / 1024).toFixed(2)} MB, every chart drawn ${drawn} ms after opening`,
      );
      expect(drawn).toBeLessThan(10_000);
      await w.page.close();
    }
    expect(readFileSync(fixtureReport.en, 'utf8')).toContain('DEMO DATA');
  }, 180_000);
});
