/**
 * Headless Chromium for the browser tests: Debian's `chromium`, driven by playwright-core (no browser download).
 * Every page is watched as a reader's browser would be: console errors, uncaught exceptions, dialogs, and every
 * request the page makes (only the page's own files are allowed; anything else is aborted and recorded).
 */

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SKIP_MESSAGE = `browser tests skipped: no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH). CI installs it, so they run there.`;

/** Screenshots and PDFs for people to look at (gitignored). */
export const OUTPUT = join(fileURLToPath(new URL('../../test-output', import.meta.url)));

export function requireChromium(): boolean {
  if (hasChromium) return true;
  // On CI a missing browser is a broken install, not a reason to skip.
  if (process.env.CI)
    throw new Error(`CI must run the browser tests, but there is no Chromium at ${CHROMIUM}`);
  console.warn(SKIP_MESSAGE);
  return false;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'centinela-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
    viewport: { width: 1200, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/Mexico_City',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface Watched {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  /** Every URL requested, and those refused (not one of the allowed files). */
  requests: string[];
  refused: string[];
}

const withoutFragment = (url: string) => url.replace(/#.*$/, '');

/** A new page that may load only `allowed` (local files); everything else is aborted and recorded. */
export async function watchedPage(browser: Browser, allowed: string[]): Promise<Watched> {
  const page = await browser.context.newPage();
  const ok = new Set(allowed.map((f) => pathToFileURL(f).href));
  const w: Watched = { page, consoleErrors: [], pageErrors: [], dialogs: [], requests: [], refused: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => w.pageErrors.push(e.message));
  page.on('dialog', async (d) => {
    w.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('request', (r) => {
    const url = withoutFragment(r.url());
    w.requests.push(url);
    if (!ok.has(url)) w.refused.push(url);
  });
  await page.route('**/*', async (route) => {
    const url = withoutFragment(route.request().url());
    if (ok.has(url)) await route.continue();
    else await route.abort();
  });
  return w;
}

/** Waits until the page's script has drawn (or failed to draw) every chart. */
export async function chartsDrawn(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => document.documentElement.getAttribute('data-charts') === 'rendered',
    null,
    {
      timeout,
    },
  );
}

/** Per chart container: its spec id, whether it drew, and how many mark elements its SVG holds. */
export async function chartMarks(page: Page, scope = 'body') {
  return page.$$eval(`${scope} [data-spec]`, (els) =>
    els.map((el) => ({
      spec: el.getAttribute('data-spec') ?? '',
      rendered: el.getAttribute('data-rendered'),
      error: el.querySelector('.chart-error') !== null,
      marks: el.querySelectorAll('svg g[class*="role-mark"] > :is(path, rect, line, circle, text, g)').length,
    })),
  );
}

export function screenshotPath(name: string): string {
  mkdirSync(OUTPUT, { recursive: true });
  return join(OUTPUT, `${name}.png`);
}

export function outputPath(name: string): string {
  mkdirSync(OUTPUT, { recursive: true });
  return join(OUTPUT, name);
}

/** One line of a tooltip as the reader sees it: its key and value cells. */
export type TooltipLines = [string, string][];

/**
 * Hovers up to `count` marks of a chart, spread over its marks, as a reader would: the mouse moves to the middle of
 * each mark on screen, and what vega-tooltip shows there is read back. Marks whose tooltip has nothing to show
 * (`blank`: a tile with no data reads "–" everywhere) are not picked.
 */
export async function hoverMarks(
  page: Page,
  chart: string,
  count: number,
  blank = 3,
): Promise<TooltipLines[]> {
  const picked = await page.$eval(
    chart,
    (el, { count, blank }) => {
      const marks = Array.from(
        el.querySelectorAll('svg g.role-mark:is(.mark-symbol, .mark-rect, .mark-text) > *'),
      ).filter((m) => {
        // Vega keeps each scenegraph item on its element: pick those that have a tooltip to show.
        const item = (m as unknown as { __data__?: { tooltip?: unknown } }).__data__;
        const tip = item?.tooltip;
        if (!tip || typeof tip !== 'object') return false;
        const values = Object.values(tip as Record<string, unknown>).map(String);
        const box = m.getBoundingClientRect();
        return values.filter((v) => v === '–').length < blank && box.width > 0 && box.height > 0;
      });
      const step = Math.max(1, Math.floor(marks.length / count));
      const ids: string[] = [];
      for (let i = 0; i < marks.length && ids.length < count; i += step) {
        const id = `hover-${ids.length}`;
        marks[i]?.setAttribute('data-hover', id);
        ids.push(id);
      }
      return ids;
    },
    { count, blank },
  );
  const out: TooltipLines[] = [];
  for (const id of picked) {
    const mark = page.locator(`${chart} [data-hover="${id}"]`);
    await mark.scrollIntoViewIfNeeded();
    const box = await mark.boundingBox();
    if (!box) continue;
    await page.mouse.move(0, 0);
    await page.waitForFunction(
      () => !document.getElementById('vg-tooltip-element')?.classList.contains('visible'),
    );
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    const shown = await page
      .waitForFunction(
        () => document.getElementById('vg-tooltip-element')?.classList.contains('visible'),
        null,
        { timeout: 3000 },
      )
      .then(
        () => true,
        () => false,
      );
    if (!shown) {
      const under = await page.evaluate(
        ([x, y]) => {
          const el = document.elementFromPoint(x ?? 0, y ?? 0);
          return `${el?.tagName}.${el?.parentElement?.getAttribute('class')}`;
        },
        [x, y],
      );
      throw new Error(`${chart}: no tooltip on hovering ${id} at (${x}, ${y}); under the mouse: ${under}`);
    }
    out.push(
      await page.$$eval('#vg-tooltip-element tr', (rows) =>
        rows.map((r): [string, string] => [
          r.querySelector('.key')?.textContent ?? '',
          r.querySelector('.value')?.textContent ?? '',
        ]),
      ),
    );
  }
  await page.mouse.move(0, 0);
  return out;
}

/** A table as read on the page: its headers, and per row each cell's text and the texts of its parts. */
export interface PageTable {
  head: string[];
  rows: { text: string; parts: string[] }[][];
}

/** The first data table after a chart's figure: the table that holds the chart's numbers. */
export async function tableAfter(page: Page, chart: string): Promise<PageTable | null> {
  return page.$eval(chart, (el) => {
    const figure = el.closest('figure') ?? el;
    const table = Array.from(document.querySelectorAll('table.data')).find(
      (t) => figure.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    if (!table) return null;
    const texts = (cell: Element) => {
      const parts: string[] = [];
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const t = (n.textContent ?? '').trim();
        if (t) parts.push(t);
      }
      return { text: (cell.textContent ?? '').trim(), parts };
    };
    return {
      head: Array.from(table.querySelectorAll('thead th')).map((h) => (h.textContent ?? '').trim()),
      rows: Array.from((table as HTMLTableElement).tBodies[0]?.rows ?? []).map((r) =>
        Array.from(r.cells).map(texts),
      ),
    };
  });
}
