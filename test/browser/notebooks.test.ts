/**
 * The notebooks as a researcher reads them: the three shipped notebooks rendered on the demo warehouse, opened
 * from disk in headless Chromium. Charts draw, nothing leaves the page, the language switch changes the text,
 * a hostile string from a query shows as text, and a screenshot of each is kept in test-output/.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.ts';
import { renderNotebook } from '../../src/notebook/render.ts';
import {
  type Browser,
  chartMarks,
  chartsDrawn,
  launch,
  requireChromium,
  screenshotPath,
  type Watched,
  watchedPage,
} from './browser.ts';
import { buildDemoWarehouse, type DemoWarehouse } from './demoWarehouse.ts';

const run = requireChromium();
const NOTEBOOKS = ['fentanyl-border-states', 'seizures-deaths-lag', 'provisional-revisions'];

function clean(w: Watched): void {
  expect(w.consoleErrors, 'console errors').toEqual([]);
  expect(w.pageErrors, 'uncaught exceptions').toEqual([]);
  expect(w.dialogs, 'dialogs').toEqual([]);
  expect(w.refused, 'requests that left the page').toEqual([]);
}

describe.runIf(run)('the notebooks in Chromium', () => {
  let browser: Browser;
  let demo: DemoWarehouse;
  let out: string;

  beforeAll(async () => {
    browser = await launch();
    demo = await buildDemoWarehouse();
    out = mkdtempSync(join(tmpdir(), 'centinela-browser-notebooks-'));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    demo?.temp.cleanup();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it.each(NOTEBOOKS)(
    '%s: draws its charts offline, switches language, says demo data',
    async (name) => {
      const r = await renderNotebook(join(projectRoot, 'notebooks', `${name}.md`), {
        warehouse: demo.warehouse,
        outDir: out,
        cwd: projectRoot,
      });
      expect(r.errors).toEqual([]);
      const w = await watchedPage(browser, [r.out]);
      await w.page.goto(`file://${r.out}`);
      await chartsDrawn(w.page);
      const charts = await chartMarks(w.page);
      expect(charts.length).toBe(r.charts * 2);
      for (const c of charts) {
        expect(c.rendered, c.spec).toBe('true');
        expect(c.marks, `${c.spec} has marks`).toBeGreaterThan(0);
      }
      expect(await w.page.isVisible('.demo-banner [data-lang="en"]')).toBe(true);
      const h1 = async () => (await w.page.locator('main h1:visible').first().textContent())?.trim();
      const english = await h1();
      const englishTitle = await w.page.title();
      await w.page.screenshot({ path: screenshotPath(`notebook-${name}-en`), fullPage: true });

      await w.page.click('button[data-set-lang="es"]');
      expect(await w.page.getAttribute('html', 'lang')).toBe('es');
      const spanish = await h1();
      expect(spanish).not.toBe(english);
      expect(await w.page.title()).not.toBe(englishTitle);
      expect(await w.page.isVisible('.demo-banner [data-lang="es"]')).toBe(true);
      expect(await w.page.isVisible('.demo-banner [data-lang="en"]')).toBe(false);
      // The visible charts are now the Spanish ones, drawn with Spanish month names where they have dates.
      const visible = await w.page.$$eval('figure.chart', (els) =>
        els.filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.getAttribute('data-lang')),
      );
      expect(new Set(visible)).toEqual(new Set(['es']));
      await w.page.screenshot({ path: screenshotPath(`notebook-${name}-es`), fullPage: true });
      clean(w);
      await w.page.close();
    },
    180_000,
  );

  it('shows a hostile string from a query as text and runs nothing', async () => {
    const payload = `<script>window.__pwned=1</script>"'</script><img src=x onerror="window.__pwned=2">`;
    const file = join(out, 'hostile.md');
    writeFileSync(
      file,
      `# Hostile\n\n\`\`\`sql labels\nSELECT '${payload.replaceAll("'", "''")}' AS label, 3 AS n\n\`\`\`\n\n\`\`\`vega-lite labels\n{"mark": "bar", "encoding": {"y": {"field": "label", "type": "nominal"}, "x": {"field": "n", "type": "quantitative"}, "tooltip": [{"field": "label"}]}}\n\`\`\`\n`,
    );
    const r = await renderNotebook(file, { warehouse: demo.warehouse, outDir: out });
    expect(r.errors).toEqual([]);
    const w = await watchedPage(browser, [r.out]);
    await w.page.goto(`file://${r.out}`);
    await chartsDrawn(w.page);
    expect(await w.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await w.page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(await w.page.textContent('table.data tbody td')).toBe(payload);
    const texts = await w.page.$$eval('figure.chart[data-lang="en"] svg text', (ts) =>
      ts.map((t) => t.textContent ?? ''),
    );
    expect(texts.some((t) => t.startsWith('<script>window.__pwned=1'))).toBe(true);
    await w.page.hover('figure.chart[data-lang="en"] svg .role-mark path');
    await w.page.waitForTimeout(300);
    expect(await w.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await w.page.screenshot({ path: screenshotPath('notebook-hostile-strings'), fullPage: false });
    clean(w);
    await w.page.close();
  }, 180_000);
});
