/**
 * The report benchmark: the full report for all fixture data (every pipeline whose demo files are present, then
 * detection), timed step by step, with the size of each page and, when Chromium is installed, the time a browser
 * takes to draw every chart. Also the largest alert table the report carries (MAX_ALERTS alarms). Prints figures,
 * returns them; asserts nothing. Run alone: `npx tsx test/bench/report.ts`.
 */

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAX_ALERTS, readReportData } from '../../src/report/data.ts';
import type { ReportData } from '../../src/report/reportData.ts';
import { writeReport } from '../../src/report/writeReport.ts';
import { openWarehouse } from '../../src/warehouse/connection.ts';
import { chartsDrawn, hasChromium, launch, watchedPage } from '../browser/browser.ts';
import { buildDemoWarehouse } from '../browser/demoWarehouse.ts';
import { alert, buildReportData } from '../support/reportData.ts';

const print = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
const ms = (v: number) => `${Math.round(v).toLocaleString('en-US')} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

export interface ReportBench {
  warehouseMs: number;
  readMs: number;
  writeMs: number;
  cpuMs: number;
  totalMs: number;
  htmlBytes: { en: number; es: number };
  charts: number;
  browserMs: { en: number; es: number } | null;
  maxAlertsHtmlBytes: number;
  skippedPipelines: string[];
}

async function browserTimes(en: string, es: string): Promise<{ en: number; es: number } | null> {
  if (!hasChromium) return null;
  const browser = await launch();
  try {
    const out = { en: 0, es: 0 };
    for (const [lang, file] of [
      ['en', en],
      ['es', es],
    ] as const) {
      const w = await watchedPage(browser, [en, es]);
      const t0 = performance.now();
      await w.page.goto(pathToFileURL(file).href);
      await chartsDrawn(w.page, 120_000);
      out[lang] = performance.now() - t0;
      await w.page.close();
    }
    return out;
  } finally {
    await browser.close();
  }
}

export async function benchReport(): Promise<ReportBench> {
  const demo = await buildDemoWarehouse();
  const out = mkdtempSync(join(tmpdir(), 'centinela-bench-report-'));
  try {
    print('demo warehouse (all fixtures, detection)', ms(demo.milliseconds));
    if (demo.skipped.length > 0) print('  pipelines without demo files, left out', demo.skipped.join(', '));

    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const wh = await openWarehouse(demo.warehouse, { readOnly: true });
    let data: ReportData;
    try {
      data = await readReportData(wh.connection);
    } finally {
      wh.closeSync();
    }
    const readMs = performance.now() - t0;
    const written = await writeReport(data, out);
    const totalMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const en = join(out, 'index.html');
    const es = join(out, 'es', 'index.html');
    const htmlBytes = { en: statSync(en).size, es: statSync(es).size };
    const charts = written.files.filter((f) => f.endsWith('.svg')).length;
    print('read the published warehouse', ms(readMs));
    print('specs (both languages)', ms(written.timings.specs));
    print('HTML pages (both languages)', ms(written.timings.html));
    print('SVG rendering, left after the pages', ms(written.timings.svg));
    print('full report, read to last file written', `${ms(totalMs)} (CPU ${ms(cpuMs)}; budget 5,000 ms)`);
    print('charts (SVG + Vega-Lite per language)', `${charts} SVG, ${written.files.length} files`);
    print('index.html / es/index.html', `${mb(htmlBytes.en)} / ${mb(htmlBytes.es)} (budget 3 MB each)`);

    // The alert table at its cap: MAX_ALERTS alarms, each with its sentence and sparkline.
    const many = buildReportData({
      alerts: Array.from({ length: MAX_ALERTS }, (_, i) =>
        alert({ id: `a${i + 1}`, geo: ['AZ', 'CA', 'NM', 'TX'][i % 4] }),
      ),
    });
    const capDir = join(out, 'cap');
    await writeReport(many, capDir);
    const maxAlertsHtmlBytes = statSync(join(capDir, 'index.html')).size;
    print(`index.html with ${MAX_ALERTS} alarms (the cap)`, mb(maxAlertsHtmlBytes));

    const browserMs = await browserTimes(en, es);
    if (browserMs)
      print('Chromium: open → every chart drawn (en / es)', `${ms(browserMs.en)} / ${ms(browserMs.es)}`);
    else print('Chromium', 'not installed: browser timing skipped');

    return {
      warehouseMs: demo.milliseconds,
      readMs,
      writeMs: written.timings.total,
      cpuMs,
      totalMs,
      htmlBytes,
      charts,
      browserMs,
      maxAlertsHtmlBytes,
      skippedPipelines: demo.skipped,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
    demo.temp.cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchReport();
