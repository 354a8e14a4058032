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
